"""A read document: source text, its structure, zones, sections and units."""

from __future__ import annotations

import bisect
import re
from functools import cached_property
from typing import NamedTuple

from doclint.source import Source
from doclint.structure import ATTACH_HEAD_RE, DATE_LINE_RE, SectionIndex, Structure, match_heading, parse, strip_list_prefix

# Sentence ends; a line break ends a sentence unless the line continues after a
# page-break split (long line, no terminal punctuation, next line not a heading).
# Group 1 is the punctuation that ends a unit; the line ends right after it are taken
# in the same match, as such a line never runs on (unless it ends in ’, which is not
# in _LINE_DONE: those line ends are left to the bare "\n" alternative).
_SENT_END = re.compile(r"([。！？；!?;]+[”’」』）)]*)(?:(?<!’)\n+)?|\n")
_CLAUSE_END = re.compile(r"([。！？；!?;，,、：:]+)\n*|\n")
_LINE_DONE = "。；：！？…”」』）)!?;:，,、"  # a line ending in one of these does not run on


class Unit(NamedTuple):
    """A sentence, clause or paragraph: [start, end) of the text.  A tuple, because a
    document has tens of thousands of them and a tuple is the cheapest to make."""

    start: int
    end: int
    text: str


class Document:
    """What rules see.  Everything derived is computed lazily, once."""

    def __init__(self, source: Source):
        self.source = source
        self.path = source.path
        self.text = source.text

    # -- structure -------------------------------------------------------
    @cached_property
    def structure(self) -> Structure:
        return parse(self.source)

    @cached_property
    def citations(self) -> list:
        """Every 《…》 citation (doclint.citations.Citation), found once for all rules."""
        from doclint.citations import find_citations

        return find_citations(self.text)

    @cached_property
    def scope(self) -> dict:
        """Section 二: {"normative": True|False|None, "reasons": [...]} (see doclint.scope)."""
        from doclint.scope import classify

        return classify(self)

    @cached_property
    def _sections(self) -> SectionIndex:
        return SectionIndex(self.source, self.structure)

    @cached_property
    def _zone_starts(self) -> list[int]:
        return [z[0] for z in self.structure.zones]

    def zone_at(self, offset: int) -> str:
        zones = self.structure.zones
        i = bisect.bisect_right(self._zone_starts, offset) - 1
        if i >= 0 and zones[i][0] <= offset < zones[i][1]:
            return zones[i][2]
        return "body"

    def section_at(self, offset: int) -> str | None:
        return self._sections.section_at(offset)

    def line_col(self, offset: int) -> tuple[int, int]:
        return self.source.line_col(offset)

    # -- units -----------------------------------------------------------
    def _split(self, rx: re.Pattern) -> list[Unit]:
        text = self.text
        units: list[Unit] = []
        append, continues, done = units.append, self._continues, _LINE_DONE
        start = 0
        for punct_end, end in [(m.end(1), m.end()) for m in rx.finditer(text)]:
            if punct_end >= 0:  # a unit ends with the punctuation; the next starts after the line ends
                seg = text[start:punct_end]
                if not seg.isspace():  # the same as seg.strip(): seg is never empty here
                    append(Unit(start, punct_end, seg))
                start = end
                continue
            # a bare line end: a line ending in punctuation, or a blank line after one,
            # never runs on (decided here: they are most of the rest)
            if end > 1:
                prev = text[end - 2]
                if prev not in done and not (prev == "\n" and end > 2 and text[end - 3] in done) and continues(end - 1):
                    continue
            seg = text[start:end]
            if not seg.isspace():
                append(Unit(start, end, seg))
            start = end
        if start < len(text) and text[start:].strip():
            units.append(Unit(start, len(text), text[start:]))
        return units

    def _continues(self, nl: int) -> bool:
        """Does the line ending at newline offset `nl` run on into the next text line?"""
        text = self.text
        if nl and (text[nl - 1] in _LINE_DONE or (text[nl - 1] == "\n" and nl > 1 and text[nl - 2] in _LINE_DONE)):
            return False  # the common cases (a finished line, or a blank line after one), decided at once
        line_start = self.text.rfind("\n", 0, nl) + 1
        if nl - line_start < 20 and nl and not text[nl - 1].isspace():
            return False  # a short line (a heading, a signature) that is not blank: decided below anyway
        line = self.text[line_start:nl].strip()
        while not line and line_start > 0:  # a blank line inside a page-break split
            end = line_start - 1
            line_start = self.text.rfind("\n", 0, end) + 1
            line = self.text[line_start:end].strip()
            if nl - end > 4:
                return False
        if len(line) < 20 or line[-1] in _LINE_DONE:
            return False
        rest = self.text[nl + 1: nl + 400]
        nxt = rest.lstrip("\n \u3000\t")
        if not nxt or len(rest) - len(nxt) > 3:
            return False
        first_line = nxt.split("\n", 1)[0]
        body = strip_list_prefix(first_line)[1]
        return not (match_heading(body) or ATTACH_HEAD_RE.match(body) or DATE_LINE_RE.match(body))

    @cached_property
    def sentences(self) -> list[Unit]:
        return self._split(_SENT_END)

    @cached_property
    def sentence_starts(self) -> list[int]:
        return [u.start for u in self.sentences]

    @cached_property
    def sentence_zones(self) -> list[str]:
        """zone_at(start) of each sentence, computed once for all rules: one walk
        along the zones, as both are in text order."""
        zones, starts = self.structure.zones, self._zone_starts
        out: list[str] = []
        i, n = -1, len(zones)
        for u in self.sentences:
            while i + 1 < n and starts[i + 1] <= u.start:
                i += 1
            out.append(zones[i][2] if i >= 0 and u.start < zones[i][1] else "body")
        return out

    @cached_property
    def clauses(self) -> list[Unit]:
        return self._split(_CLAUSE_END)

    @cached_property
    def _clause_starts(self) -> list[int]:
        return [u.start for u in self.clauses]

    def unit_around(self, kind: str, start: int, end: int) -> Unit:
        """The sentence, clause or paragraph (line) holding [start, end)."""
        if kind == "paragraph":
            a = self.text.rfind("\n", 0, start) + 1
            b = self.text.find("\n", end)
            b = len(self.text) if b == -1 else b
            return Unit(a, b, self.text[a:b])
        units, starts = (
            (self.clauses, self._clause_starts) if kind == "clause" else (self.sentences, self.sentence_starts)
        )
        i = bisect.bisect_right(starts, start) - 1
        if i < 0:
            return Unit(0, len(self.text), self.text)
        u = units[i]
        if end <= u.end:
            return u
        # a match crossing unit ends: widen to cover it
        j = i
        while j + 1 < len(units) and units[j].end < end:
            j += 1
        return Unit(u.start, units[j].end, self.text[u.start: units[j].end])

    # -- tokens (lazy: only rules that ask for tokens pay for spaCy) --------
    def token_starts(self, unit: Unit) -> set[int]:
        from doclint.nlp import token_boundaries

        return {unit.start + b for b in token_boundaries(unit.text)}
