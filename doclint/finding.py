"""Findings and their one serialiser."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Finding:
    rule: str
    name: str
    category: str
    severity: str
    message: str
    offset: int
    end_offset: int
    line: int
    column: int
    end_line: int
    end_column: int
    excerpt: str
    section: str | None
    basis: list[str] = field(default_factory=list)
    suggestion: str | None = None
    suppressed: str | None = None  # the reason, when a suppression covers it
    title: str | None = None  # the rule's Chinese name (RuleMeta.title)
    source: str | None = None  # "model" for a finding of the trained clause model (doclint.model); rules leave it unset

    def sort_key(self) -> tuple:
        return (self.offset, self.end_offset, self.rule)

    def to_dict(self) -> dict:
        """The single serialiser every format uses (JSON contract, section 2)."""
        d = {
            "rule": self.rule,
            "name": self.name,
            **({"title": self.title} if self.title else {}),
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "offset": self.offset,
            "end_offset": self.end_offset,
            "excerpt": self.excerpt,
            "section": self.section,
            "basis": list(self.basis),
        }
        if self.suggestion:
            d["suggestion"] = self.suggestion
        if self.suppressed is not None:
            d["suppressed"] = self.suppressed
        if self.source is not None:
            d["source"] = self.source
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Finding":
        return cls(
            rule=d["rule"], name=d.get("name", d["rule"]), category=d["category"], severity=d["severity"],
            message=d["message"], offset=d["offset"], end_offset=d["end_offset"], line=d["line"],
            column=d["column"], end_line=d["end_line"], end_column=d["end_column"], excerpt=d["excerpt"],
            section=d.get("section"), basis=list(d.get("basis", [])), suggestion=d.get("suggestion"),
            suppressed=d.get("suppressed"), title=d.get("title"), source=d.get("source"),
        )
