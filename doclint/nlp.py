"""spaCy (blank "zh" with the jieba segmenter), built once and only on demand.

Nothing in doclint imports spaCy or jieba at module level: a run whose rules
need no tokens never loads them.
"""

from __future__ import annotations

import functools
import logging


@functools.lru_cache(maxsize=1)
def get_nlp():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    import spacy

    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


@functools.lru_cache(maxsize=4096)
def token_boundaries(text: str) -> frozenset[int]:
    """Offsets (relative to `text`) where a jieba token starts or ends."""
    doc = get_nlp()(text)
    bounds = set()
    for tok in doc:
        bounds.add(tok.idx)
        bounds.add(tok.idx + len(tok.text))
    return frozenset(bounds)
