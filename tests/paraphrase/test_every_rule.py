"""Every content rule is reached by at least three of the developers' own rewordings.

The paraphrase modules of this folder hold, per concept, rewordings written for the
tests (CAUGHT).  Each content rule must fire, judged alone as with its own examples,
on at least three of them: a rule that only its own examples reach is a template of
those examples, not a reading of its concept."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import tests.paraphrase as pkg
from doclint import coverage

from tests.paraphrase._common import ENGINE
# document-level checks (consultation of firms, duplication, the ledger) take whole
# drafts, not clauses: their tests are elsewhere
CLAUSE_PREFIXES = ("LIC", "PEN", "COE", "FEE", "CER", "OBL", "POW", "ORG", "CMP")
MIN_REWORDINGS = 3


def _rewordings() -> list[str]:
    texts: list[str] = []
    for mod in pkgutil.iter_modules(pkg.__path__):
        if not mod.name.startswith("test_") or mod.name == "test_every_rule":
            continue
        caught = getattr(importlib.import_module(f"tests.paraphrase.{mod.name}"), "CAUGHT", {})
        for value in caught.values():
            texts.extend(t for t in value if isinstance(t, str))
    return texts


REWORDINGS = _rewordings()
RULES = [r for r in coverage.content_rules(ENGINE) if r.id.startswith(CLAUSE_PREFIXES)]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_reached_by_rewordings(rule):
    hits = [t for t in REWORDINGS if ENGINE.example_findings(rule, t)]
    assert len(hits) >= MIN_REWORDINGS, f"{rule.id} fires on {len(hits)} rewordings: {hits}"
