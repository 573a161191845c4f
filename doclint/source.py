"""Extracted text with its source map: what every reader returns."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Origin:
    """Where one extracted line came from in the original file."""

    line: int  # 1-based line in the extracted text
    where: str  # e.g. "第3行", "第12段", "表格1 第2行第3列"


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
    origins: list[Origin] = field(default_factory=list)
    line_starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        starts = [0]
        find = self.text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
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

    def origin(self, line: int) -> str | None:
        if 0 < line <= len(self.origins):
            return self.origins[line - 1].where
        return None
