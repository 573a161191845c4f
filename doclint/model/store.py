"""A clause model on disk and in memory: ``NAME.npz`` (numpy arrays, no pickle) plus
``NAME.json`` (the manifest), and its scoring with numpy only.

The manifest names the format, the doclint version that trained it, the data files
and their sha256, the feature settings, the cross-validated scores, the decision
threshold of each category and the sha256 of the .npz; loading checks that hash, so
a truncated or edited weights file is refused, and ``np.load(allow_pickle=False)``
means a shared model file can hold numbers only.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from doclint.model import features
from doclint.model.files import ARRAYS, FORMAT, FORMAT_VERSION, ModelError, paths_of, read_model, sha256  # noqa: F401



@dataclass
class Model:
    categories: list[str]
    thresholds: dict[str, float]
    bits: int
    reading_vocab: list[str]
    reading_scale: float
    idf_unseen: float
    cols: np.ndarray  # int64, sorted buckets seen in training
    idf: np.ndarray  # float64, per col
    w: np.ndarray  # (n_cat, n_cols) text weights
    r: np.ndarray  # (n_cat, n_reading) reading weights
    b: np.ndarray  # (n_cat,) intercepts
    manifest: dict = field(default_factory=dict)
    path: str = ""

    def __post_init__(self):
        self._lookup = None
        self._rindex = {t: i for i, t in enumerate(self.reading_vocab)}

    @property
    def lookup(self) -> np.ndarray:
        if self._lookup is None:
            lk = np.full(1 << self.bits, -1, dtype=np.int64)
            lk[self.cols] = np.arange(len(self.cols), dtype=np.int64)
            self._lookup = lk
        return self._lookup

    # -- scoring -----------------------------------------------------------------------
    def _text_rows(self, texts: list[str]):
        """(row, col position or -1, tf-idf value l2-normalised, start, length) per n-gram
        occurrence of every text; starts are offsets in their own text."""
        joined = "\n".join(texts)
        c = features.codes(joined)
        cut = np.zeros(len(c), dtype=bool)
        starts_of = np.zeros(len(texts), dtype=np.int64)
        o = 0
        for i, t in enumerate(texts):
            starts_of[i] = o
            o += len(t)
            if o < len(c):
                cut[o] = True
            o += 1
        ids, pos, lens = features.grams(c, self.bits, cut)
        rows = np.searchsorted(starts_of, pos, side="right") - 1
        local = pos - starts_of[rows]
        p = self.lookup[ids]
        idf = np.where(p >= 0, self.idf[np.maximum(p, 0)], self.idf_unseen)
        # tf * idf summed per (row, bucket), then l2 over the row: with one entry per
        # occurrence, the row's squared norm is sum over buckets of (count * idf)^2
        key = rows * (1 << self.bits) + ids
        _u, inv, counts = np.unique(key, return_inverse=True, return_counts=True)
        per_bucket = counts[inv] * idf  # value of this occurrence's bucket (count*idf)
        # each bucket's squared value once: weight every occurrence by 1/count
        norm2 = np.bincount(rows, weights=per_bucket * per_bucket / counts[inv], minlength=len(texts))
        norm = np.sqrt(np.where(norm2 > 0, norm2, 1.0))
        value = idf / norm[rows]  # each occurrence adds idf/norm: summed, count*idf/norm
        return rows, p, value, local, lens

    def _reading_block(self, tokens: list[list[str]]) -> list[tuple[list[int], float]]:
        out = []
        for toks in tokens:
            idx = sorted({self._rindex[t] for t in toks if t in self._rindex})
            out.append((idx, self.reading_scale / np.sqrt(len(idx)) if idx else 0.0))
        return out

    def _dense(self, which: tuple[int, ...]):
        """Weights of categories `which` as (n_cols + 1, len(which)) float64 rows, the last a
        zero row for unseen buckets (lookup -1), and idf with idf_unseen appended likewise."""
        got = self._dense_cache.get(which) if hasattr(self, "_dense_cache") else None
        if got is None:
            if not hasattr(self, "_dense_cache"):
                self._dense_cache = {}
            w = np.zeros((len(self.cols) + 1, len(which)))
            w[:-1] = self.w[list(which)].T
            r = np.ascontiguousarray(self.r[list(which)].T, dtype=np.float64)
            idf = np.append(self.idf, self.idf_unseen)
            got = self._dense_cache[which] = (w, r, idf)
        return got

    def decision(self, texts: list[str], tokens: list[list[str]], which: tuple[int, ...] | None = None) -> np.ndarray:
        """Linear scores (n_texts, n_categories), or only of the category indexes `which`."""
        which = tuple(range(len(self.categories))) if which is None else tuple(which)
        n = len(texts)
        z = np.tile(self.b[list(which)].astype(np.float64), (n, 1))
        if n == 0 or not which:
            return z
        w, r, idf = self._dense(which)
        joined = "\n".join(texts)
        c = features.codes(joined)
        cut = np.zeros(len(c), dtype=bool)
        ends = np.cumsum(np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=n)) - 1
        cut[ends[:-1]] = True  # the separators
        starts_of = np.concatenate(([0], ends[:-1] + 1))
        ids, pos, _lens = features.grams(c, self.bits, cut)
        if len(ids):
            rows = np.searchsorted(starts_of, pos, side="right") - 1
            # (row, bucket) pairs with their counts: one sort, no per-occurrence work after it
            key = np.sort(rows * (1 << self.bits) + ids)
            new = np.empty(len(key), dtype=bool)
            new[0] = True
            np.not_equal(key[1:], key[:-1], out=new[1:])
            first = np.flatnonzero(new)
            counts = np.diff(np.append(first, len(key)))
            u = key[first]
            r_u = u >> self.bits
            p_u = self.lookup[u & ((1 << self.bits) - 1)]  # -1: unseen, the zero row / idf_unseen
            val = counts * idf[p_u]
            norm = np.sqrt(np.bincount(r_u, weights=val * val, minlength=n))
            norm[norm == 0] = 1.0
            x = val / norm[r_u]
            new_row = np.empty(len(r_u), dtype=bool)
            new_row[0] = True
            np.not_equal(r_u[1:], r_u[:-1], out=new_row[1:])
            at = np.flatnonzero(new_row)
            z[r_u[at]] += np.add.reduceat(w[p_u] * x[:, None], at, axis=0)
        rr, ri, rv = [], [], []
        for i, (idx, val_r) in enumerate(self._reading_block(tokens)):
            rr.extend([i] * len(idx))
            ri.extend(idx)
            rv.extend([val_r] * len(idx))
        if rr:
            rr_a, ri_a, rv_a = np.array(rr), np.array(ri), np.array(rv)
            new_r = np.empty(len(rr_a), dtype=bool)
            new_r[0] = True
            np.not_equal(rr_a[1:], rr_a[:-1], out=new_r[1:])
            at = np.flatnonzero(new_r)
            z[rr_a[at]] += np.add.reduceat(r[ri_a] * rv_a[:, None], at, axis=0)
        return z

    def probabilities(self, texts: list[str], tokens: list[list[str]], which: tuple[int, ...] | None = None) -> np.ndarray:
        z = self.decision(texts, tokens, which)
        return 1.0 / (1.0 + np.exp(-z))

    def weighty_span(self, text: str, category: str, max_len: int = 24) -> tuple[int, int]:
        """[start, end) in `text` of the characters whose n-grams weigh most for `category`."""
        j = self.categories.index(category)
        rows, p, value, local, lens = self._text_rows([text])
        seen = p >= 0
        contrib = np.where(seen, value * self.w[j, np.maximum(p, 0)].astype(np.float64), 0.0)
        score = np.zeros(len(text) + 3)
        for n in features.NGRAMS:
            m = lens == n
            for d in range(n):
                np.add.at(score, local[m] + d, contrib[m] / n)
        score = score[: len(text)]
        if not len(score) or score.max() <= 0:
            return 0, len(text)
        best = int(np.argmax(score))
        floor = 0.3 * score[best]
        a = e = best
        while a > 0 and score[a - 1] > floor and e - a + 1 < max_len:
            a -= 1
        while e + 1 < len(text) and score[e + 1] > floor and e - a + 1 < max_len:
            e += 1
        return a, e + 1


# -- files -------------------------------------------------------------------------------
def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """np.savez_compressed with fixed member dates, so the same arrays give the same bytes."""
    with zipfile.ZipFile(path, "w") as zf:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buf.getvalue(), compresslevel=9)


def save(model: Model, path: str | Path, manifest: dict) -> tuple[Path, Path]:
    npz, js = paths_of(path)
    npz.parent.mkdir(parents=True, exist_ok=True)
    write_npz(npz, {"b": model.b.astype(np.float64), "cols": model.cols.astype(np.int64),
                    "idf": model.idf.astype(np.float64), "r": model.r.astype(np.float32),
                    "w": model.w.astype(np.float32)})
    m = dict(manifest)
    m["arrays"] = {"file": npz.name, "sha256": sha256(npz), "bytes": npz.stat().st_size}
    js.write_text(json.dumps(m, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return npz, js


def load(path: str | Path) -> Model:
    """A model (numpy arrays) from its .npz or .json, for training and evaluation;
    ModelError (one line) when it is not a usable model.  Checking uses
    doclint.model.scorer, which needs no numpy."""
    m, a, npz = read_model(path)

    def np_of(name: str, dtype) -> np.ndarray:
        shape, flat = a[name]
        return np.frombuffer(flat, dtype=flat.typecode).reshape(shape).astype(dtype)

    feat = m["features"]
    cats = list(m["categories"])
    return Model(
        categories=cats, thresholds={c: float(m["thresholds"][c]) for c in cats}, bits=int(feat["bits"]),
        reading_vocab=list(feat["reading_vocab"]), reading_scale=float(feat["reading_scale"]),
        idf_unseen=float(feat["idf_unseen"]), cols=np_of("cols", np.int64), idf=np_of("idf", np.float64),
        w=np_of("w", np.float32), r=np_of("r", np.float32), b=np_of("b", np.float64), manifest=m, path=npz,
    )
