"""The rules about suppressions themselves (listed in rulesets/structure/suppressions.yaml).

Their checks report what can be seen in the document alone: a suppression without
a reason (SUP001), one that covers no text at all (SUP002) and a malformed
directive (SUP003).  Whether a suppression covered a finding is known only after
every other rule has run, so the rest of SUP002 is added by
:func:`doclint.suppress.apply` (with ``--warn-unused-suppressions``).
"""

from __future__ import annotations

from typing import Iterator

from doclint.document import Document
from doclint.errors import DoclintError
from doclint.finding import Finding
from doclint.rules.base import Context, PythonRule, register


class _SuppressionRule(PythonRule):
    KIND = ""

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        from doclint.suppress import static_problems

        try:
            problems = static_problems(doc.text, doc.path, doc.source.kind)
        except DoclintError:
            return  # a malformed sidecar file is reported as the file's error
        for kind, start, end, message in problems:
            if kind == self.KIND:
                yield self.finding(doc, start, end, message)


@register("suppression-reason")
class SuppressionReason(_SuppressionRule):
    """SUP001: a suppression must say why the finding is accepted."""

    KIND = "reason"


@register("suppression-unused")
class SuppressionUnused(_SuppressionRule):
    """SUP002: a suppression that covers nothing."""

    KIND = "unused"


@register("suppression-invalid")
class SuppressionInvalid(_SuppressionRule):
    """SUP003: a directive doclint cannot read."""

    KIND = "invalid"


def is_suppression_rule(rule) -> bool:
    return isinstance(rule, _SuppressionRule)
