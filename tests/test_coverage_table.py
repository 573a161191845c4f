"""docs/coverage.md must be current, and every content review item covered by a firing rule."""

from pathlib import Path

import pytest

from doclint import coverage

DOC = Path(__file__).resolve().parents[1] / "docs" / "coverage.md"


@pytest.fixture(scope="module")
def engine():
    from doclint.engine import Engine

    return Engine.load()


def test_committed_table_is_current(engine):
    assert DOC.exists(), "docs/coverage.md is missing: run python -m doclint.coverage"
    assert DOC.read_text(encoding="utf-8") == coverage.render(engine), (
        "docs/coverage.md is out of date: run python -m doclint.coverage"
    )


def test_every_item_is_covered(engine):
    uncovered = [f"{it.group}/{it.item}" for it, _, firing in coverage.evaluate(engine) if not firing]
    assert not uncovered, f"review items with no firing rule: {uncovered}"


def test_content_rules_have_examples_and_items(engine):
    assert not coverage.problems(engine)
    listed = {r for it in coverage.ITEMS for r in it.rules} | {r for rp in coverage.SECTION_5 for r in rp.rules}
    unlisted = [r.id for r in coverage.content_rules(engine) if r.id not in listed]
    assert not unlisted, f"content rules not mapped to any review item: {unlisted}"


def test_content_rule_pass_examples_stay_silent(engine):
    """The loader only checks fail examples; the content rules' pass examples must not fire either."""
    bad = [p for p in engine.verify_examples(strict_pass=True)
           if any(f"规则 {pre}" in p for pre in coverage.CONTENT_PREFIXES)]
    assert not bad, bad


def test_every_review_point_of_section_5_is_covered(engine):
    results = coverage.evaluate_section5(engine)
    assert len(results) == 16
    uncovered = [rp.point for rp, _, firing in results if not firing]
    assert not uncovered, f"section 五 review points with no firing rule: {uncovered}"
