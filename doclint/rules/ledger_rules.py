"""CFL003/CFL004: provisions that repeat, or depart from, a document in force in the ledger.

They run only when the run context names a ledger (`doclint check --ledger DB`,
`doclint review --ledger DB`, `doclint ledger add`): ``ctx.options["ledger"]`` is the
database (path or URL), opened once per process and kept in the context's cache.
One search per document serves both rules.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Iterator

from doclint.document import Document
from doclint.finding import Finding
from doclint.rules.base import Context, PythonRule, register
from doclint.source import Source

EXAMPLE_SPLIT = "\n---\n"
REPEAT = 0.6  # CFL003: a provision at least this similar to a registered one repeats it


def _ledger(ctx: Context):
    target = ctx.options.get("ledger")
    if target is None:
        return None
    if not isinstance(target, str):  # an open Ledger (rule examples)
        return target
    from doclint.ledger.store import Ledger

    return ctx.cached(f"ledger:{target}", lambda: Ledger(target))


def _matches(doc: Document, ctx: Context):
    cached = getattr(doc, "_ledger_matches", None)
    if cached is not None:
        return cached
    ledger = _ledger(ctx)
    if ledger is None:
        doc._ledger_matches = []
        return doc._ledger_matches
    from doclint.ledger import dedup

    items = dedup.indexed_provisions(doc)
    found = ledger.search([p.text for p in items], ctx.today) if items else []
    doc._ledger_matches = [(p, m[0]) for p, m in zip(items, found) if m]
    return doc._ledger_matches


def _cite(m) -> str:
    parts = [x for x in (m.doc_number, (m.section or "").rstrip("、，")) if x]
    where = f"（{'，'.join(parts)}）" if parts else ""
    text = m.text if len(m.text) <= 80 else m.text[:79] + "…"
    return f"现行有效文件《{m.title}》{where}中“{text}”"


class _LedgerRule(PythonRule):
    def run_example(self, text: str, ctx: Context, engine) -> list[Finding] | None:
        """An example is the document in force, a line "---", then the draft."""
        from doclint.ledger.store import Ledger, published_fields

        registered, _, draft = text.partition(EXAMPLE_SPLIT)
        ledger = Ledger(":memory:")
        try:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp, "现行文件.txt")
                path.write_text(registered, encoding="utf-8")
                ledger.register(path, published_fields(path), "示例")
            run = Context(today=ctx.today, subjects_path=ctx.subjects_path, options={**ctx.options, "ledger": ledger})
            doc = Document(Source(path="<example>", text=draft, kind="txt"))
            return list(self.check(doc, run))
        finally:
            ledger.close()


@register("ledger-repeat")
class LedgerRepeat(_LedgerRule):
    """CFL003: the provision repeats one of a document in force."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for p, m in _matches(doc, ctx):
            if m.difference is None and m.similarity >= REPEAT:
                msg = f"本条与{_cite(m)}的规定重复（相似度 {m.similarity:.0%}）。{self.meta.message}"
                yield self.finding(doc, p.start, p.end, msg)


@register("ledger-divergence")
class LedgerDivergence(_LedgerRule):
    """CFL004: same matter as a provision in force, with opposite modality or other amounts."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for p, m in _matches(doc, ctx):
            if m.difference is not None:
                msg = (f"本条与{_cite(m)}针对同一事项，但规定不一致（{m.difference}；相似度 {m.similarity:.0%}）。"
                       f"{self.meta.message}")
                yield self.finding(doc, p.start, p.end, msg)
