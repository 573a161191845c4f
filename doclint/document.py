"""A read document: source text, its structure, zones, sections and units."""

from __future__ import annotations

import bisect
import re
from functools import cached_property
from itertools import accumulate, chain, repeat
from operator import itemgetter
from typing import NamedTuple

from doclint.source import Source
from doclint.structure import ATTACH_HEAD_RE, DATE_LINE_RE, SectionIndex, Structure, match_heading, parse, strip_list_prefix

# A unit: text up to a unit end (group 1), then the line ends and whitespace-only lines
# right after it (group 2), which would only make whitespace-only units.  The regexes
# run on the text with the line ends that run on (Document._running_on) masked, so
# every "\n" they see ends a unit; the last unit may end at the end of the text, so
# a match is found at every offset and findall walks the text once.
_SENT_UNITS = re.compile(r"([^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)]*|\n|\Z))((?:\s*\n)?)")
_CLAUSE_UNITS = re.compile(r"([^。！？；!?;，,、：:\n]*(?:[。！？；!?;，,、：:]+|\n|\Z))((?:\s*\n)?)")
_LINE_DONE = "。；：！？…”」』）)!?;:，,、"  # a line ending in one of these does not run on
# The line end of a line that may run on: 20 or more characters, the last not in
# _LINE_DONE (a superset of the line ends Document._continues lets run on).
_OPEN_END = re.compile(r"\n(?<=[^\n]{20}\n)(?<![" + re.escape(_LINE_DONE) + r"]\n)")
_MASK = "\x00"  # stands in for a line end that runs on: neither a unit end nor a space


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
        """The units of the text, found and made without a Python step per unit: one
        findall, offsets by summing lengths, units made by map."""
        pairs = rx.findall(self._masked)  # [(unit, whitespace after it)]: they tile the text
        if pairs and not pairs[-1][0]:
            pairs.pop()  # the empty match at the end of the text
        offsets = list(accumulate(map(len, chain.from_iterable(pairs)), initial=0))
        starts, ends = offsets[0:-1:2], offsets[1::2]
        if self._masked is self.text:
            texts = list(map(itemgetter(0), pairs))
        else:  # the original text: the masked one has _MASK for line ends
            texts = list(map(self.text.__getitem__, map(slice, starts, ends)))
        units = list(map(tuple.__new__, repeat(Unit), zip(starts, ends, texts)))
        if any(map(str.isspace, texts)):  # a whitespace-only unit: at the start or the end
            units = [u for u in units if not u.text.isspace()]
        return units

    @cached_property
    def _running_on(self) -> list[int]:
        """Offsets of the line ends that run on into the next line (see _continues).

        Only the line end of an open line (_OPEN_END), or of a blank line at most four
        characters after one, can: _continues is asked about those alone."""
        text, out = self.text, []
        for m in _OPEN_END.finditer(text):
            nl = last = m.start()
            while True:
                if self._continues(nl):
                    out.append(nl)
                nl = text.find("\n", nl + 1, last + 5)
                if nl < 0 or text[last + 1: nl].strip():  # not only blank lines since the open one
                    break
        return out

    @cached_property
    def _masked(self) -> str:
        """The text with each line end that runs on replaced by _MASK (same offsets)."""
        running = self._running_on
        if not running:
            return self.text
        text, pieces, prev = self.text, [], 0
        for nl in running:
            pieces.append(text[prev:nl])
            prev = nl + 1
        pieces.append(text[prev:])
        return _MASK.join(pieces)

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
        if self.zone_at(nl) != self.zone_at(nl + 1):
            return False  # a title, a header line or a signature does not run on into the body
        rest = self.text[nl + 1: nl + 400]
        nxt = rest.lstrip("\n \u3000\t")
        if not nxt or len(rest) - len(nxt) > 3:
            return False
        first_line = nxt.split("\n", 1)[0]
        body = strip_list_prefix(first_line)[1]
        return not (match_heading(body) or ATTACH_HEAD_RE.match(body) or DATE_LINE_RE.match(body))

    @cached_property
    def sentences(self) -> list[Unit]:
        return self._split(_SENT_UNITS)

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
        return self._split(_CLAUSE_UNITS)

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
