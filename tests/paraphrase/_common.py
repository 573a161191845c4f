"""What every paraphrase module needs: the bundled engine, and the error/warning
findings a clause gets in a real run (optionally of one category)."""

from __future__ import annotations

from doclint.document import Document
from doclint.engine import Engine
from doclint.rules.base import Context
from doclint.source import Source

ENGINE = Engine.load(verify=False)
COUNTED = ("error", "warning")


def findings(text: str, category: str | None = None) -> list:
    doc = Document(Source(path="<paraphrase>", text=text + "\n", kind="txt"))
    return [f for f in ENGINE.run(doc, Context())
            if f.severity in COUNTED and (category is None or f.category == category)]
