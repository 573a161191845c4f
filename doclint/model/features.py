"""Features of a provision: hashed character n-grams and its reading, with numpy only.

* **Text**: every character 1-, 2- and 3-gram of the provision (digits folded to 0),
  hashed into ``2**bits`` buckets by a fixed 64-bit multiplicative hash computed with
  numpy (the same numbers on every platform; no vocabulary of n-gram strings is kept,
  so a model file holds weights, never text), then term counts × idf, l2-normalised
  per provision — scikit-learn's ``HashingVectorizer(analyzer="char", ngram_range=(1, 3),
  alternate_sign=False, norm=None)`` followed by a TF-IDF weighting, with a hash
  function that needs no scikit-learn at check time.
* **Reading** (doclint.reading): one-hot tokens of each act the provision names —
  its kind, category, bearer, mode, stance and whether a basis covers it, alone and
  combined — l2-normalised and scaled by ``reading_scale``.

Both training (doclint.model.train) and checking (doclint.model.store.Model) go
through ``grams`` and ``reading_tokens``, so a model scores exactly what it learnt.
"""

from __future__ import annotations

import numpy as np

from doclint.model.scorer import NGRAMS, reading_tokens  # noqa: F401  (one definition for training and checking)
_K = np.uint64(0x9E3779B97F4A7C15)
_M = np.uint64(0xBF58476D1CE4E5B9)
_SEED = (np.uint64(0x632BE59BD9B4E019), np.uint64(0x8CB92BA72F3D8DD7), np.uint64(0xD6E8FEB86659FD93))


def codes(text: str) -> np.ndarray:
    """Code points of the text with digits (ASCII and full-width) folded to 0."""
    c = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    c[((c >= 0x30) & (c <= 0x39)) | ((c >= 0xFF10) & (c <= 0xFF19))] = 0x30
    return c


def grams(c: np.ndarray, bits: int, cut: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All n-grams of code points `c`: (bucket, start, length) arrays.

    `cut`: boolean array, True at positions an n-gram may not span (a boundary between
    two provisions laid end to end)."""
    ids, starts, lens = [], [], []
    n_all = len(c)
    shift = np.uint64(64 - bits)
    with np.errstate(over="ignore"):
        for n in NGRAMS:
            m = n_all - n + 1
            if m <= 0:
                continue
            h = np.full(m, _SEED[n - 1], dtype=np.uint64)
            for j in range(n):
                h = (h ^ c[j: j + m]) * _K
                h ^= h >> np.uint64(31)
            h = (h * _M) >> shift
            pos = np.arange(m, dtype=np.int64)
            if cut is not None and n > 1:
                bad = np.zeros(m, dtype=bool)
                for j in range(n):
                    bad |= cut[j: j + m]
                keep = ~bad
                h, pos = h[keep], pos[keep]
            elif cut is not None:
                keep = ~cut[:m]
                h, pos = h[keep], pos[keep]
            ids.append(h.astype(np.int64))
            starts.append(pos)
            lens.append(np.full(len(pos), n, dtype=np.int64))
    if not ids:
        e = np.zeros(0, dtype=np.int64)
        return e, e, e
    return np.concatenate(ids), np.concatenate(starts), np.concatenate(lens)
