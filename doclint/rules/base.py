"""Rule base classes, the run context, and the registry of Python rule classes."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from doclint.document import Document
from doclint.finding import Finding

ZONES = ("title", "body", "attachments")
DEFAULT_SCOPE = ("body", "attachments")


@dataclass
class RuleMeta:
    id: str
    name: str  # dotted English name (licensing.set-approval)
    category: str
    severity: str
    basis: list[str]
    message: str
    suggestion: str | None = None
    scope: tuple[str, ...] = DEFAULT_SCOPE
    examples: dict[str, list[str]] = field(default_factory=lambda: {"fail": [], "pass": []})
    tokens: bool = False
    description: str | None = None
    source: str | None = None  # "file:line" where the rule is defined
    options: dict[str, Any] = field(default_factory=dict)
    title: str | None = None  # Chinese name shown beside the id (设定行政许可); required for bundled rules


@dataclass
class Context:
    """What a run knows besides the document: configuration and reference data."""

    today: _dt.date = field(default_factory=_dt.date.today)
    subjects_path: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def cached(self, key: str, build: Callable[[], Any]) -> Any:
        """Reference data (subject lists, repeal tables) is loaded once per process."""
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]


class Rule:
    """A rule: metadata plus a check that yields findings."""

    meta: RuleMeta

    def __init__(self, meta: RuleMeta):
        self.meta = meta

    @property
    def id(self) -> str:
        return self.meta.id

    def check(self, doc: Document, ctx: Context) -> Iterable[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

    def finding(self, doc: Document, start: int, end: int, message: str | None = None, **kw) -> Finding:
        """A finding of this rule on [start, end); see make_finding for the other fields."""
        return make_finding(self.meta, doc, start, end, message, **kw)


def make_finding(
    meta: RuleMeta,
    doc: Document,
    start: int,
    end: int,
    message: str | None = None,
    suggestion: str | None = None,
    severity: str | None = None,
    basis: list[str] | None = None,
) -> Finding:
    """A finding of `meta` on [start, end) of a document, placed in its section."""
    start = max(0, min(start, len(doc.text)))
    return finding_in_source(meta, doc.source, start, end, doc.section_at(start), message, suggestion, severity, basis)


def finding_in_source(
    meta: RuleMeta,
    source,
    start: int,
    end: int,
    section: str | None = None,
    message: str | None = None,
    suggestion: str | None = None,
    severity: str | None = None,
    basis: list[str] | None = None,
) -> Finding:
    """The one place a Finding is built from offsets in an extracted text (doclint.source.Source)."""
    n = len(source.text)
    start = max(0, min(start, n))
    end = max(start, min(end, n))
    line, col = source.line_col(start)
    end_line, end_col = source.line_col(end)
    excerpt = source.text[start:end]
    if len(excerpt) > 200:
        excerpt = excerpt[:199] + "…"
    return Finding(
        rule=meta.id,
        name=meta.name,
        category=meta.category,
        severity=severity or meta.severity,
        message=message or meta.message,
        offset=start,
        end_offset=end,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        excerpt=excerpt,
        section=section,
        basis=list(basis if basis is not None else meta.basis),
        suggestion=suggestion if suggestion is not None else meta.suggestion,
        title=meta.title,
    )


class PythonRule(Rule):
    """A structural check written in Python, listed in a ruleset like any rule."""

    #: option names (with defaults) the ruleset entry may set under `options:`
    OPTIONS: dict[str, Any] = {}

    def option(self, ctx: Context, name: str) -> Any:
        """An option's value: the configuration's `rule-options`, else the ruleset entry's."""
        overrides = ctx.options.get("rule_options", {}).get(self.id, {})
        return overrides.get(name, self.meta.options[name])

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

    def run_example(self, text: str, ctx: Context, engine: Any) -> list[Finding] | None:
        """Evaluate one of the rule's own examples; None means "run check() on the text".

        Rules whose input is not a single document (e.g. a submission package)
        override this to turn the example text into their real input, so their
        examples are checked like every other rule's.
        """
        return None


REGISTRY: dict[str, type[PythonRule]] = {}


def register(key: str):
    """Class decorator: make a PythonRule available to rulesets as `class: key`."""

    def deco(cls: type[PythonRule]) -> type[PythonRule]:
        REGISTRY[key] = cls
        return cls

    return deco
