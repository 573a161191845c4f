"""The clause model at check time, in plain Python: no numpy to import.

A check scores a few dozen provisions per document (those a reading says set a measure
and no rule flags), a few thousand characters; importing numpy and its BLAS would cost
more than scoring them.  ``Scorer`` reads the same files as doclint.model.store (the
.npy members of the .npz through ``read_arrays``, the checks of ``read_manifest``) into
``array`` buffers and computes exactly what ``store.Model`` computes: the same hash of
every character 1-, 2- and 3-gram, count × idf l2-normalised, the same order of the
sums.  tests/test_model.py holds the two to the same probabilities; training keeps
numpy (doclint.model.train, store.Model).
"""

from __future__ import annotations

import bisect
import math
import operator
from array import array
from collections import Counter


NGRAMS = (1, 2, 3)  # character n-gram lengths (features.grams uses the same)
_MASK = (1 << 64) - 1
_K = 0x9E3779B97F4A7C15
_M = 0xBF58476D1CE4E5B9
_SEED = (0x632BE59BD9B4E019, 0x8CB92BA72F3D8DD7, 0xD6E8FEB86659FD93)
_ZERO = 0x30
_BUCKETS_KEPT = 200_000  # n-gram -> bucket memo, cleared when it grows past this


def reading_tokens(acts) -> list[str]:
    """One-hot tokens of a provision's acts (doclint.reading.read.Act), sorted, unique."""
    out: set[str] = set()
    for a in acts:
        basis = "basis" if a.basis else "nobasis"
        out.add(f"kind={a.kind}")
        out.add(f"cat={a.category}")
        out.add(f"{a.category}|bearer={a.bearer}")
        out.add(f"{a.category}|mode={a.mode}")
        out.add(f"{a.category}|{a.stance}")
        out.add(f"{a.category}|{basis}")
        out.add(f"{a.kind}|{a.bearer}|{a.mode}|{a.stance}|{basis}")
    if not out:
        out.add("no-act")
    return sorted(out)


_FOLD = str.maketrans({d: "0" for d in "0123456789０１２３４５６７８９"})


class _Hasher:
    """Bucket of an n-gram: features.grams' hash of its code points (digits folded to 0),
    memoised by the n-gram's text (provisions repeat their n-grams)."""

    def __init__(self, bits: int):
        self.shift = 64 - bits
        self.memo: dict[str, int] = {}

    @staticmethod
    def grams(text: str) -> list[tuple[str, int, int]]:
        """(n-gram, start, length) of every n-gram, by length then start (features.grams)."""
        t = text.translate(_FOLD)
        return [(t[i: i + n], i, n) for n in NGRAMS for i in range(len(t) - n + 1)]

    def buckets(self, grams) -> list[int]:
        memo = self.memo
        if len(memo) >= _BUCKETS_KEPT:
            memo.clear()
        shift, K, M, MASK, seed = self.shift, _K, _M, _MASK, _SEED
        out = []
        for g, _s, n in grams:
            b = memo.get(g)
            if b is None:
                h = seed[n - 1]
                for ch in g:
                    h = ((h ^ ord(ch)) * K) & MASK
                    h ^= h >> 31
                b = memo[g] = ((h * M) & MASK) >> shift
            out.append(b)
        return out


class Scorer:
    """The probabilities and weighty spans of store.Model, from plain arrays."""

    def __init__(self, manifest: dict, arrays: dict, path: str):
        feat = manifest["features"]
        self.manifest = manifest
        self.path = path
        self.categories: list[str] = list(manifest["categories"])
        self.thresholds = {c: float(manifest["thresholds"][c]) for c in self.categories}
        self.bits = int(feat["bits"])
        self.reading_vocab: list[str] = list(feat["reading_vocab"])
        self.reading_scale = float(feat["reading_scale"])
        self.idf_unseen = float(feat["idf_unseen"])
        (_, self.cols), (_, self.idf), (w_shape, self.w), (r_shape, self.r), (_, self.b) = (
            arrays[k] for k in ("cols", "idf", "w", "r", "b"))
        self.n_cols = w_shape[1]
        self.n_reading = r_shape[1]
        self._rindex = {t: i for i, t in enumerate(self.reading_vocab)}
        # one array per category, so a provision's weights are picked in one C call
        self.w_rows = [self.w[j * self.n_cols: (j + 1) * self.n_cols] for j in range(len(self.categories))]
        self.r_rows = [self.r[j * self.n_reading: (j + 1) * self.n_reading] for j in range(len(self.categories))]
        self._hasher = _Hasher(self.bits)
        self._colmemo: dict[int, int] = {}

    def _col(self, bucket: int) -> int:
        """Position of `bucket` among the buckets seen in training, or -1."""
        i = bisect.bisect_left(self.cols, bucket)
        p = self._colmemo[bucket] = i if i < len(self.cols) and self.cols[i] == bucket else -1
        return p

    def _features(self, text: str, occurrences: bool = False):
        """(sorted [(col, value)] of its buckets, norm, and with `occurrences` the
        [(start, n, col)] of every n-gram)."""
        grams = self._hasher.grams(text)
        bs = self._hasher.buckets(grams)
        counts = Counter(bs)
        cm, col = self._colmemo, self._col
        idf, unseen = self.idf, self.idf_unseen
        sq = 0.0
        vals = []
        for b in sorted(counts):
            p = cm.get(b)
            if p is None:
                p = col(b)
            v = counts[b] * (idf[p] if p >= 0 else unseen)
            sq += v * v
            vals.append((p, v))
        norm = math.sqrt(sq) if sq > 0 else 1.0
        occ = [(s, n, cm[b]) for b, (_g, s, n) in zip(bs, grams)] if occurrences else None
        return vals, norm, occ

    def probabilities(self, texts: list[str], tokens: list[list[str]], which=None) -> list[list[float]]:
        """P(violation) per text and category (only the category indexes `which`)."""
        which = tuple(range(len(self.categories))) if which is None else tuple(which)
        wr, rr = self.w_rows, self.r_rows
        out = []
        for text, toks in zip(texts, tokens):
            z = [0.0] * len(which)
            vals, norm, _occ = self._features(text) if text else ([], 1.0, None)
            seen = [(p, v / norm) for p, v in vals if p >= 0]
            idx = sorted({self._rindex[t] for t in toks if t in self._rindex})
            rv = self.reading_scale / math.sqrt(len(idx)) if idx else 0.0
            xs = [x for _p, x in seen]
            pick = operator.itemgetter(*[p for p, _x in seen]) if len(seen) > 1 else None
            rpick = operator.itemgetter(*idx) if len(idx) > 1 else None
            for k, j in enumerate(which):
                zj = self.b[j]
                if seen:
                    ws = pick(wr[j]) if pick else (wr[j][seen[0][0]],)
                    zj += math.fsum(map(operator.mul, ws, xs))
                if idx:
                    rs = rpick(rr[j]) if rpick else (rr[j][idx[0]],)
                    zj += math.fsum(rs) * rv
                z[k] = zj
            out.append([1.0 / (1.0 + math.exp(-v)) for v in z])
        return out

    def weighty_span(self, text: str, category: str, max_len: int = 24) -> tuple[int, int]:
        """[start, end) of the characters whose n-grams weigh most for `category`."""
        j = self.categories.index(category)
        _vals, norm, occ = self._features(text, occurrences=True)
        idf, w, row = self.idf, self.w, j * self.n_cols
        score = [0.0] * (len(text) + 3)
        for n in NGRAMS:  # in store.Model's order: by length, then offset, then start
            mine = [(s, (idf[p] / norm) * w[row + p] / n) for s, m, p in occ if m == n and p >= 0]
            for d in range(n):
                for s, c in mine:
                    score[s + d] += c
        score = score[: len(text)]
        if not score or max(score) <= 0:
            return 0, len(text)
        best = max(range(len(score)), key=lambda i: (score[i], -i))
        floor = 0.3 * score[best]
        a = e = best
        while a > 0 and score[a - 1] > floor and e - a + 1 < max_len:
            a -= 1
        while e + 1 < len(text) and score[e + 1] > floor and e - a + 1 < max_len:
            e += 1
        return a, e + 1
