"""Article texts for `doclint explain`, from rulesets/data/articles.yaml."""

from __future__ import annotations

import functools
import re

from doclint.ruleset import bundled_file
from doclint.yamlutil import load_yaml


def _key(citation: str) -> str:
    c = citation.replace("中华人民共和国", "").replace(" ", "").replace("\u3000", "")
    c = re.sub(r"号([一二三四五六七八九十]+)$", r"号（\1）", c)  # "115号 六" cites item （六）
    return re.sub(r"(第[一二三四五六七八九十]+款|第（[一二三四五六七八九十]+）项)$", "", c)


@functools.lru_cache(maxsize=1)
def _articles() -> dict[str, str]:
    path = bundled_file("data", "articles.yaml")
    if not path.exists():
        return {}
    data = load_yaml(path) or {}
    return {_key(k): v for k, v in (data.get("articles") or {}).items()}


def article_text(citation: str) -> str | None:
    arts = _articles()
    k = _key(citation)
    if k in arts:
        return arts[k]
    raw = citation.replace(" ", "").replace("\u3000", "")
    for key, text in arts.items():
        if key.replace(" ", "") == raw:
            return text
    return None
