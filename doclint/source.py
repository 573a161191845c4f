"""Extracted text with its source map: what every reader returns."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate


@dataclass(frozen=True)
class Origin:
    """Where one extracted line came from in the original file."""

    line: int  # 1-based line in the extracted text
    where: str  # e.g. "第3行", "第12段", "表格1 第2行第3列"


def text_line_where(line: int) -> str:
    """Where a line of a plain-text file came from: the same line of the file."""
    return f"第{line}行"


class _TextLines(Sequence):
    """A read-only list over the lines 1..count of a plain-text file, each item made when asked for.

    A text file maps every extracted line to itself, so a list built up front would hold one
    object per line of every file read, most of them never looked at."""

    __slots__ = ("_count",)

    def __init__(self, count: int):
        self._count = count

    def _item(self, line: int):  # pragma: no cover - interface
        raise NotImplementedError

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._item(i + 1) for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("line index out of range")
        return self._item(index + 1)

    def __eq__(self, other) -> bool:  # equal to any sequence holding the same items, as a list is
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._count})"


class TextLineOrigins(_TextLines):
    """``Source.origins`` of a plain-text file: Origin(i, "第i行") for each line i."""

    def _item(self, line: int) -> Origin:
        return Origin(line, text_line_where(line))


class TextLineWheres(_TextLines):
    """The ``where`` of each line of a plain-text file: "第i行"."""

    def _item(self, line: int) -> str:
        return text_line_where(line)


@dataclass
class Source:
    """Text extracted from one input file.

    ``text`` uses ``\\n`` line ends only; for .docx it holds one line per
    paragraph (table cells one line each, in reading order).  ``origins`` maps
    each extracted line back to the place in the original file.
    """

    path: str
    text: str
    kind: str  # "txt" | "md" | "docx" | "pdf" | "stdin"
    encoding: str | None = None
    origins: Sequence[Origin] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # file-level notes for the report (e.g. unaccepted revisions)
    line_starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # each line starts one past the end of the one before (lines end at "\n" only)
        starts = [0]
        starts += accumulate(len(line) + 1 for line in self.text.split("\n"))
        starts.pop()  # the start of a line after the last one
        self.line_starts = starts

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a 0-based code-point offset."""
        offset = max(0, min(offset, len(self.text)))
        idx = bisect.bisect_right(self.line_starts, offset) - 1
        return idx + 1, offset - self.line_starts[idx] + 1

    def line_span(self, line: int) -> tuple[int, int]:
        """Offsets [start, end) of a 1-based line, without its line break."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        return start, end

    def line_text(self, line: int) -> str:
        start, end = self.line_span(line)
        return self.text[start:end]

    def origin_wheres(self) -> Sequence[str]:
        """The ``where`` of every line's origin, in line order (for reports)."""
        if isinstance(self.origins, TextLineOrigins):
            return TextLineWheres(len(self.origins))
        return [o.where for o in self.origins]

    def origin(self, line: int) -> str | None:
        if 0 < line <= len(self.origins):
            return self.origins[line - 1].where
        return None
