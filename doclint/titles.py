"""Legal bases as an official opinion cites them: 《title》（文号）article.

Rules write a basis as a 文号 and an item ("国办发〔2018〕37号 一") or as a titled
law ("《公平竞争审查条例》第九条").  ``cite_bases`` turns a list of them into the
opinion's wording, through the table rulesets/data/document-titles.yaml (plus any
configured ``document-titles`` files), merging several articles of one title.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from doclint.cnum import to_int
from doclint.errors import RulesetError
from doclint.ruleset import bundled_file
from doclint.yamlutil import load_yaml

DOC_NO = r"(?:GB/T\s*\d+(?:\.\d+)?[—-]\d{4}|[\u4e00-\u9fff]{1,12}〔\d{4}〕\d+号)"
_DOC_BASIS = re.compile(rf"^({DOC_NO})\s*(.*)$")
_TITLED = re.compile(r"^《([^》]+)》(?:（([^）]*〔\d{4}〕\d+号)）)?\s*(.*)$")
_CN = "〇零一二三四五六七八九十百千"
_BARE_ITEM = re.compile(rf"^[{_CN}]+$")
_PAREN_ITEM = re.compile(rf"^（[{_CN}]+）$")
_ARTICLE = re.compile(rf"^第[{_CN}\d]+条(?:第[{_CN}\d]+款)?(?:第（[{_CN}\d]+）项)?(?:、第[{_CN}\d]+条)*$")
_CLAUSE_NO = re.compile(r"^\d+(?:\.\d+)+$")


@dataclass(frozen=True)
class Entry:
    title: str
    cite: str | None = None
    items: str = "条"
    source: str = ""
    verified: bool = True

    @property
    def shown(self) -> str:
        return self.cite or self.title


@dataclass
class Titles:
    by_number: dict[str, Entry]
    by_name: dict[str, Entry]

    def merged(self, other: "Titles") -> "Titles":
        return Titles({**self.by_number, **other.by_number}, {**self.by_name, **other.by_name})


def _entries(path: str, data, key: str) -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    block = (data or {}).get(key) or {}
    if not isinstance(block, dict):
        raise RulesetError(path, getattr(data, "line_of", lambda k: None)(key), f"{key} 应为“文号: 条目”映射")
    for k, v in block.items():
        line = block.line_of(k) if hasattr(block, "line_of") else None
        if not isinstance(v, dict) or not isinstance(v.get("title"), str) or not v["title"].strip():
            raise RulesetError(path, line, f"{k}: 应写明 title（文件全称，不带书名号）")
        if not str(v.get("source") or "").strip():
            raise RulesetError(path, line, f"{k}: 应写明 source（标题的出处）")
        items = v.get("items", "条")
        if items not in ("条", "部分"):
            raise RulesetError(path, line, f"{k}: items 应为“条”或“部分”，而不是 {items!r}")
        out[str(k).replace(" ", "")] = Entry(
            title=v["title"].strip().strip("《》"), cite=(v.get("cite") or None), items=items,
            source=str(v["source"]), verified=v.get("verified", True) is not False)
    return out


def load_titles(path: str | Path) -> Titles:
    """One title table; a malformed file raises RulesetError (file:line: reason)."""
    path = str(path)
    data = load_yaml(path)
    if data is not None and not isinstance(data, dict):
        raise RulesetError(path, 1, "文件标题表应为含 titles（和 names）的映射")
    return Titles(_entries(path, data, "titles"), _entries(path, data, "names"))


@functools.lru_cache(maxsize=8)
def titles(extra: tuple[str, ...] = ()) -> Titles:
    """The bundled table, with the configured `document-titles` files on top (later ones win)."""
    table = load_titles(bundled_file("data", "document-titles.yaml"))
    for path in extra:
        table = table.merged(load_titles(path))
    return table


@dataclass(frozen=True)
class Citation:
    key: str             # what merges: the title as shown (with its 文号)
    title: str | None    # 《…》（…）, None when the table has no title for it
    item: str            # 第一条 / 第（五）项 / 有关规定 / ""
    raw: str
    verified: bool = True


def _item(item: str, entry: Entry | None) -> str:
    item = item.strip()
    if not item:
        return ""
    if _BARE_ITEM.match(item):
        return f"第{item}{entry.items if entry else '条'}"
    if _PAREN_ITEM.match(item):
        return f"第{item}项"
    if _ARTICLE.match(item):
        return item
    if _CLAUSE_NO.match(item):
        return f"第{item}条"
    return ""  # a remark in brackets ("（证明事项清理）") is not part of the citation


def cite(basis: str, table: Titles | None = None) -> Citation:
    """How the opinion cites one basis."""
    table = table or titles()
    raw = basis.strip()
    m = _TITLED.match(raw)
    if m:
        title, number, rest = m.groups()
        entry = table.by_number.get(number.replace(" ", "")) if number else None
        shown = f"《{title}》" + (f"（{number}）" if number else "")
        return Citation(shown, shown, _item(rest, entry) or (rest if _ARTICLE.match(rest.strip()) else ""), raw,
                        entry.verified if entry else True)
    m = _DOC_BASIS.match(raw)
    if m:
        number, rest = m.group(1).replace(" ", ""), m.group(2)
        if number.startswith("GB/T"):
            number = number.replace("GB/T", "GB/T ")
        entry = table.by_number.get(number.replace(" ", ""))
        if entry is None:
            return Citation(number, None, _item(rest, None), raw, False)
        shown = f"《{entry.shown}》（{number}）"
        return Citation(shown, shown, _item(rest, entry), raw, entry.verified)
    for name, entry in table.by_name.items():
        if raw.startswith(name):
            shown = f"《{entry.shown}》"
            return Citation(shown, shown, "有关规定", raw, entry.verified)
    return Citation(raw, None, "", raw, False)


def _article_order(item: str) -> tuple[int, str]:
    m = re.match(rf"^第（?([{_CN}\d]+)", item)
    n = to_int(m.group(1)) if m else None
    return (n if n is not None else 10 ** 6, item)


def cite_bases(bases: list[str], table: Titles | None = None) -> list[str]:
    """The bases as the opinion writes them, one string per title, articles merged and in order."""
    groups: dict[str, list[str]] = {}
    for b in bases:
        c = cite(b, table)
        items = groups.setdefault(c.key, [])
        if c.item and c.item not in items:
            items.append(c.item)
    out = []
    for key, items in groups.items():
        items = sorted(items, key=_article_order)
        if items == ["有关规定"]:
            out.append(f"{key}有关规定")
        else:
            out.append(key + "、".join(i for i in items if i != "有关规定"))
    return out


def untitled(bases: list[str], table: Titles | None = None) -> list[str]:
    """Bases the table cannot give a 《title》 for (shown in the 审核工作底稿)."""
    return [b for b in bases if cite(b, table).title is None]
