"""Per-file results, the whole report, and the exit code."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from doclint import __version__
from doclint.categories import SEVERITY_RANK
from doclint.finding import Finding


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    document: dict | None = None
    scope: dict | None = None
    error: str | None = None
    skipped: str | None = None  # found in a folder but not of a kind doclint reads: the reason
    notices: list[str] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    text: str | None = None  # the extracted text, kept for formats that show it (html)
    origins: Sequence[str] | None = None  # where each line of text came from (Source.origin_wheres)
    lines: dict[int, str] | None = None  # else the findings' lines by number, for the text format
    # this file's part of the report, rendered by the process that linted it, by format key
    # (formatters.prerenderer); whoever changes the findings afterwards must clear it
    rendered: dict[str, str] = field(default_factory=dict)

    def keep_source(self, keep: str) -> None:
        """Keep only the source the report's format shows: "text" all of it (html), "lines"
        the lines findings are on (text), "none" nothing. A result is then cheap to send
        from a worker process and to hold until the report is written."""
        if keep == "text" or self.text is None:
            return
        if keep == "lines":
            numbers = {f.line for f in self.findings}
            self.lines = {n: line for n, line in enumerate(self.text.split("\n"), 1) if n in numbers}
        self.text = self.origins = None

    def source_lines(self) -> dict[int, str]:
        """Source lines by number (1-based): all of the text when kept, else those kept."""
        if self.text is not None:
            return dict(enumerate(self.text.split("\n"), 1))
        return self.lines or {}

    def to_dict(self) -> dict:
        d = {
            "path": self.path,
            "findings": [f.to_dict() for f in self.findings],
            "document": self.document or empty_document(),
            "scope": self.scope or {"normative": None, "reasons": []},
            "error": self.error,
        }
        if self.skipped:
            d["skipped"] = self.skipped
        if self.suppressed:
            d["suppressed"] = [f.to_dict() for f in self.suppressed]
        if self.notices:
            d["notices"] = list(self.notices)
        return d


_RULE_SKIPPED = re.compile(r"^规则 \S+ .*已跳过")


def not_fully_checked(fr: FileResult) -> bool:
    """A rule could not run on the file (its regex timed out, or it failed): the
    file was not fully checked, so the run exits 2 as for a file it could not read."""
    return any(_RULE_SKIPPED.match(n) for n in fr.notices)


def empty_document() -> dict:
    return {"title": None, "doc_number": None, "issuer": None, "date": None, "kind": None}


@dataclass
class Report:
    files: list[FileResult] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        c = {"error": 0, "warning": 0, "info": 0}
        for fr in self.files:
            for f in fr.findings:
                c[f.severity] += 1
        return c

    def skipped(self) -> list[FileResult]:
        """Files found in a folder and listed, not checked (FileResult.skipped)."""
        return [fr for fr in self.files if fr.skipped]

    def summary(self) -> dict:
        """`files` counts the files checked; `skipped` (only when some were) those listed
        as skipped."""
        c = self.counts()
        skipped = len(self.skipped())
        d = {"files": len(self.files) - skipped, "errors": c["error"], "warnings": c["warning"], "infos": c["info"]}
        if skipped:
            d["skipped"] = skipped
        return d

    def to_dict(self) -> dict:
        return {
            "version": 1,
            "tool": {"name": "doclint", "version": __version__},
            "files": [fr.to_dict() for fr in self.files],
            "summary": self.summary(),
        }

    def exit_code(self, fail_on: str = "error", per_file: dict[int, str] | None = None) -> int:
        """2 when a file could not be read or fully checked; 1 when a finding reaches the fail-on
        level (per_file: the level of each FileResult by id(), from its own configuration)."""
        if any(fr.error or not_fully_checked(fr) for fr in self.files):
            return 2
        for fr in self.files:
            level = SEVERITY_RANK[(per_file or {}).get(id(fr), fail_on)]
            if any(SEVERITY_RANK[f.severity] >= level for f in fr.findings):
                return 1
        return 0
