"""Provisions: the unit a content rule judges.

A provision is a sentence with all its "；" parts (a basis or a condition in the first
part reaches the others), and a list item together with its lead-in ("有下列情形之一的，
由…处…罚款：" then "（一）…；（二）…。"), so a frame reaches every item it governs.
Parts keep their exact offsets in the document text, so findings stay exact.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from doclint.document import Document, Unit

# A list item's own label at the start of a part: （一） (1) 1. 1、 ① 第一项 …; 一、 is a
# heading level of its own and starts no item (it starts a new provision).
ITEM_MARK = re.compile(
    r"^[\s\u3000]*(?:[（(][一二三四五六七八九十0-9０-９]{1,3}[）)]|[0-9０-９]{1,2}[.．、）)](?![0-9０-９])|[①-⑳]|第[一二三四五六七八九十]{1,3}项)"
)
_LEAD_END = ("：", ":")


class Part(NamedTuple):
    start: int
    end: int
    text: str


class Provision(NamedTuple):
    start: int  # offset of the first part
    end: int  # end of the last part
    parts: tuple[Part, ...]
    lead_in: Part | None  # the frame of a list item ("有下列情形之一的……："), else None

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.parts)


def _ends_part(text: str) -> bool:
    t = text.rstrip()
    return t.endswith(("；", ";"))


def _inline_lead(unit: Unit) -> tuple[Part | None, Part]:
    """A unit "lead-in：（一）first item；" split at its colon when an item follows it."""
    i = max(unit.text.find("："), unit.text.find(":"))
    if i > 0 and ITEM_MARK.match(unit.text[i + 1:]):
        return Part(unit.start, unit.start + i + 1, unit.text[: i + 1]), Part(unit.start + i + 1, unit.end, unit.text[i + 1:])
    return None, Part(*unit)


def provisions(doc: Document) -> list[Provision]:
    """The provisions of a document, in text order (every sentence unit in exactly one);
    made once per document (the readings and the scope both use them)."""
    got = doc.__dict__.get("_provisions")
    if got is None:
        got = doc.__dict__["_provisions"] = _provisions(doc)
    return got


def _provisions(doc: Document) -> list[Provision]:
    out: list[Provision] = []
    lead: Part | None = None  # a lead-in line ("……：") governing the items that follow
    cur: list[Part] = []
    cur_lead: Part | None = None

    def flush():
        nonlocal cur, cur_lead
        if cur:
            out.append(Provision(cur[0].start, cur[-1].end, tuple(cur), cur_lead))
        cur, cur_lead = [], None

    for unit in doc.sentences:
        text = unit.text
        stripped = text.strip()
        if not stripped:
            continue
        if not cur:
            inline, part = _inline_lead(unit)
            if inline is not None:
                cur_lead = inline
                lead = inline
            elif lead is not None and ITEM_MARK.match(text):
                cur_lead = lead
            else:
                lead = None
            if stripped.endswith(_LEAD_END) and inline is None:
                # a lead-in line of its own: a provision too (it may set a measure), and
                # the frame of the items below it
                out.append(Provision(unit.start, unit.end, (Part(*unit),), None))
                lead = Part(*unit)
                continue
            cur.append(part)
        else:
            cur.append(Part(*unit))
        if not _ends_part(text):
            flush()
    flush()
    return out
