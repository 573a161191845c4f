"""Duplicate and conflict search by provision: character shingles, MinHash (datasketch), LSH.

Each provision (doclint.reading.provisions) of a registered document or a reviewed
draft is normalised (spaces, punctuation and list labels dropped), cut into character
2-grams (bigrams) and summarised by a MinHash signature of NUM_PERM values.  The signature is cut
into BANDS bands of ROWS values (datasketch's own optimum for THRESHOLD); each band's
hash is stored in table lsh_bands, so the LSH index is persisted in the database with
an index on the key.  Why persisted rather than rebuilt in memory on open: a shared
office writes to the ledger from several machines, and a persisted index is always in
step with what was committed (it is written in the same transaction), costs nothing to
open (no reload of every signature for each `check`), and a query is one indexed
lookup.  Candidates from the bands are then scored by the exact Jaccard similarity of
their shingle sets, so the similarity reported is not an estimate.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

SHINGLE = 2
NUM_PERM = 64
THRESHOLD = 0.3          # LSH candidate threshold (Jaccard)
SEED = 1
MIN_CHARS = 12           # shorter provisions (headings, "第一条") are not indexed
REPORT = 0.5             # a candidate this similar is reported (repeat or divergence)
SAME_MATTER = 0.6        # masked texts this similar are "the same matter"


def _bands() -> tuple[int, int]:
    from datasketch.lsh import _optimal_param

    return _optimal_param(THRESHOLD, NUM_PERM, 0.5, 0.5)


BANDS, ROWS = 21, 3  # == _bands() for the constants above (checked in tests)

_DROP = re.compile(r"[\s\u3000，,。．.；;：:、！!？?“”\"‘’'（）()《》〈〉【】\[\]—\-…·]+")
_LABEL = re.compile(r"^(第[一二三四五六七八九十百零〇0-9]+[条章节款项]|[（(][一二三四五六七八九十0-9]{1,3}[）)]|"
                    r"[一二三四五六七八九十]{1,3}、|[0-9]{1,2}[.．、])")


def normalise(text: str) -> str:
    t = text.strip()
    while True:
        m = _LABEL.match(t)
        if not m:
            break
        t = t[m.end():].lstrip()
    return _DROP.sub("", t)


def shingles(text: str) -> set[str]:
    t = normalise(text)
    if len(t) < SHINGLE:
        return {t} if t else set()
    return {t[i:i + SHINGLE] for i in range(len(t) - SHINGLE + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def signature(text: str) -> bytes:
    """The MinHash signature of a provision, NUM_PERM little-endian uint32 values."""
    import numpy as np
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=SEED)
    m.update_batch([s.encode("utf-8") for s in sorted(shingles(text))])
    return np.asarray(m.hashvalues, dtype="<u4").tobytes()


def band_keys(sig: bytes) -> list[int]:
    """One signed 64-bit key per band (band number mixed in, so one index serves all bands)."""
    step = ROWS * 4
    out = []
    for b in range(BANDS):
        h = hashlib.blake2b(bytes([b]) + sig[b * step:(b + 1) * step], digest_size=8).digest()
        out.append(int.from_bytes(h, "little", signed=True))
    return out


@dataclass
class Indexed:
    seq: int
    section: str | None
    text: str
    start: int
    end: int


def indexed_provisions(doc) -> list[Indexed]:
    """The provisions of a Document worth indexing, with their offsets."""
    from doclint.reading.provisions import provisions

    out = []
    for i, p in enumerate(provisions(doc)):
        text = p.text.strip()  # without its lead-in: that is a provision of its own
        if len(normalise(text)) < MIN_CHARS:
            continue
        out.append(Indexed(i, doc.section_at(p.start), text, p.start, p.end))
    return out


# --- how two provisions on the same matter differ ---------------------------------

MUST = re.compile(r"应当|必须|须|应|要|一律")
MUST_NOT = re.compile(r"不得|禁止|严禁|不准|不应|不能|不予|不可|不须|无须")
MAY = re.compile(r"可以|可")
_NUM = r"(?:[0-9０-９]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万]+)"
AMOUNT = re.compile(_NUM + r"\s*(?:个工作日|工作日|日|天|个月|月|年|周|小时|万元|亿元|元|%|％|倍|平方米|米|公里|人|家|次)")


def modality(text: str) -> str | None:
    """"must_not", "must", "may" or None: the strongest modal word of a provision."""
    if MUST_NOT.search(text):
        return "must_not"
    if MUST.search(re.sub(MUST_NOT, "", text)):
        return "must"
    if MAY.search(text):
        return "may"
    return None


def _num_value(s: str) -> str:
    from doclint.cnum import to_int

    m = re.match(_NUM, s)
    unit = s[m.end():].strip()
    digits = m.group().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not re.fullmatch(r"[0-9.]+", digits):
        v = to_int(digits)
        digits = str(v) if v is not None else digits
    unit = {"天": "日", "工作日": "个工作日", "％": "%"}.get(unit, unit)
    return f"{digits}{unit}"


def amounts(text: str) -> list[str]:
    return [_num_value(m.group()) for m in AMOUNT.finditer(text)]


def _masked(text: str) -> set[str]:
    t = AMOUNT.sub("N", text)
    t = MUST_NOT.sub("M", t)
    t = MUST.sub("M", t)
    t = MAY.sub("M", t)
    return shingles(t)


_MODAL_WORDS = {"must": "应当", "must_not": "不得", "may": "可以"}


def difference(draft: str, registered: str) -> str | None:
    """How a draft provision departs from a registered one on the same matter, in words
    (opposite modality, or other amounts/time limits); None when it does not."""
    if jaccard(_masked(draft), _masked(registered)) < SAME_MATTER:
        return None
    a, b = modality(draft), modality(registered)
    if a != b and {a, b} & {"must_not"} and a is not None and b is not None:
        return f"本条为“{_MODAL_WORDS[a]}”，现行文件为“{_MODAL_WORDS[b]}”"
    na, nb = amounts(draft), amounts(registered)
    if na and nb and sorted(na) != sorted(nb):
        only_a = [x for x in na if x not in nb]
        only_b = [x for x in nb if x not in na]
        if only_a or only_b:
            return f"本条为“{'、'.join(only_a or na)}”，现行文件为“{'、'.join(only_b or nb)}”"
    return None
