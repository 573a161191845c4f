"""Stdlib twins (doclint.rxtwin): a bundled pattern searched often is swapped for the
same pattern compiled by `re`; both engines must find exactly the same matches."""

import re
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doclint.document import Document
from doclint.engine import Engine
from doclint.rules.base import Context
from doclint.rules.pattern import PatternRule
from doclint.rxtwin import TIER_UP, on_search, regex_original, stdlib_twin, twin_code, twin_from_code
from doclint.source import Source

ROOT = Path(__file__).resolve().parents[1]
CTX = Context()


def _engine():
    return Engine.load()


def _twinned():
    """(rule id, regex-module pattern, its stdlib twin) for every bundled pattern with a twin."""
    out = []
    for rule in _engine().rules:
        if isinstance(rule, PatternRule):
            for rx in [*rule.patterns, *(rx for rx, _ in rule.exception_screens), *rule.requires, *rule.document_unless]:
                original = _originals([rx])[0]
                twin = stdlib_twin(original)
                if twin is not original:
                    out.append((rule.id, original, twin))
    return out


def _originals(patterns):
    """The regex-module patterns (a cached engine may already hold twins)."""
    return [regex_original(rx) for rx in patterns]


def _spans(rx, text):
    return [m.span() for m in rx.finditer(text)]


def _texts():
    texts = []
    for rule in _engine().rules:
        for examples in rule.meta.examples.values():
            texts += examples
    for f in sorted((ROOT / "samples").glob("*.txt")):
        texts.append(f.read_text(encoding="utf-8"))
    return texts


def test_most_bundled_patterns_have_a_twin():
    pairs = _twinned()
    total = sum(len(r.patterns) + len(r.exceptions) for r in _engine().rules if isinstance(r, PatternRule))
    assert len(pairs) >= 0.9 * total


def test_twins_find_the_same_matches_on_examples_and_samples():
    texts = _texts()
    for rule_id, original, twin in _twinned():
        for text in texts:
            assert _spans(twin, text) == _spans(original, text), (rule_id, original.pattern, text[:60])


def _alphabet() -> list[str]:
    chars = set("。；，、：！？（）“”\n 　0123456789０１２３４５６７８９元%％")
    for _, original, _ in _twinned():
        chars.update(c for c in original.pattern if ord(c) > 0x2E80)
    return sorted(chars)


ALPHABET = _alphabet()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(ALPHABET), max_size=80).map("".join))
def test_twins_find_the_same_matches_on_random_text(text):
    for rule_id, original, twin in _twinned():
        assert _spans(twin, text) == _spans(original, text), (rule_id, original.pattern)


@pytest.mark.parametrize("pattern, flags", [
    (r"\w+许可", 0),
    (r"许可\s*证", 0),
    (r"\b许可", 0),
    (r"\d+元", 0),
    (r"\p{Han}+许可", 0),
    (r"[[:alpha:]]许可", 0),
    (r"(?i)license", 0),
    (r"license", regex.IGNORECASE),
    (r"[[a]b]", 0),
    (r"(?<=应|必须)办理", 0),  # variable-width lookbehind: re cannot compile it
])
def test_patterns_the_engines_read_differently_keep_no_twin(pattern, flags):
    rx = regex.compile(pattern, flags | regex.V0)
    assert stdlib_twin(rx) is rx


def test_a_rule_swaps_in_twins_after_tier_up_searches_and_its_findings_stay_the_same():
    loaded = _engine()
    rule = next(r for r in loaded.rules if r.id == "FEE001")
    fresh = Engine([PatternRule(rule.meta, _originals(rule.patterns), _originals(rule.requires),
                                _originals(rx for rx, _ in rule.exception_screens), _originals(rule.document_unless),
                                rule.triggers, rule.unit, rule.once, timeout=None)])
    doc_text = "\n".join(rule.meta.examples["fail"] + rule.meta.examples.get("pass", []))
    first = [f.to_dict() for f in fresh.run(Document(Source(path="<t>", text=doc_text, kind="txt")), CTX)]
    assert first
    for _ in range(TIER_UP + 1):
        again = [f.to_dict() for f in fresh.run(Document(Source(path="<t>", text=doc_text, kind="txt")), CTX)]
        assert again == first
    swapped = fresh.rules[0].patterns
    assert any(isinstance(rx, re.Pattern) for rx in swapped)


def test_user_rules_keep_the_time_limit_and_never_swap():
    loaded = _engine()
    rule = next(r for r in loaded.rules if r.id == "FEE001")
    user = PatternRule(rule.meta, _originals(rule.patterns), [], [], [],
                       rule.triggers, rule.unit, rule.once, timeout=1.0)
    text = rule.meta.examples["fail"][0]
    doc = Document(Source(path="<t>", text=text, kind="txt"))
    for _ in range(TIER_UP + 1):
        list(user.check(doc, CTX))
    assert all(isinstance(rx, regex.Pattern) for rx in user.patterns)


def test_a_rule_pickles_as_loaded_whatever_it_has_swapped():
    """The compiled-ruleset cache stores regex-module patterns (they unpickle without a
    compile) and no counts, even when a rule is pickled after its patterns got twins."""
    import pickle

    rule = next(r for r in _engine().rules if r.id == "FEE001")
    fresh = PatternRule(rule.meta, _originals(rule.patterns), [], _originals(rx for rx, _ in rule.exception_screens), [],
                        rule.triggers, rule.unit, rule.once, timeout=None)
    doc = Document(Source(path="<t>", text=rule.meta.examples["fail"][0], kind="txt"))
    for _ in range(TIER_UP + 1):
        list(fresh.check(doc, CTX))
    assert any(isinstance(rx, re.Pattern) for rx in fresh.patterns)
    back = pickle.loads(pickle.dumps(fresh))
    assert all(isinstance(rx, regex.Pattern) for rx in back.patterns)
    assert all(isinstance(rx, regex.Pattern) for rx, _ in back.exception_screens)
    assert back._uses == [0] * len(back.patterns)
    assert [rx.pattern for rx in back.patterns] == [rx.pattern for rx in fresh.patterns]
    assert list(back.check(doc, CTX)) == list(fresh.check(doc, CTX))


def test_cached_programs_build_the_same_twin_as_re_compile():
    """twin_code keeps the program of each twin for the ruleset cache; the pattern built
    from it is equal (same pattern, flags and program) to re.compile's, and pickles."""
    import pickle

    pairs = _twinned()
    for rule_id, original, twin in pairs:
        args = twin_code(original)
        assert args is not None, (rule_id, original.pattern)
        assert twin_from_code(pickle.loads(pickle.dumps(args))) == twin, (rule_id, original.pattern)
    assert twin_code(regex.compile(r"\w+许可", regex.V0)) is None  # no twin, no program


def test_a_broken_program_leaves_the_regex_pattern():
    rx = regex.compile("办理[^。]{0,12}许可", regex.V0)
    args = twin_code(rx)
    broken = (args[0], args[1], [999999], *args[3:])
    assert twin_from_code(broken) is None
    assert on_search(rx, 1, broken) is rx
    assert on_search(rx, 1, args) == re.compile("办理[^。]{0,12}许可")
    assert on_search(rx, 2, args) is rx  # only the first search and TIER_UP swap
    assert isinstance(on_search(rx, TIER_UP, None), re.Pattern)


def test_a_rule_from_the_cache_searches_with_twins_from_its_first_search():
    import pickle

    rule = next(r for r in _engine().rules if r.id == "FEE001")
    fresh = PatternRule(rule.meta, _originals(rule.patterns), [], _originals(rx for rx, _ in rule.exception_screens), [],
                        rule.triggers, rule.unit, rule.once, timeout=None)
    back = pickle.loads(pickle.dumps(fresh))  # as written to and read from the cache
    assert back._twin_codes is not None and any(back._twin_codes)
    doc = Document(Source(path="<t>", text=rule.meta.examples["fail"][0], kind="txt"))
    found = list(back.check(doc, CTX))
    assert found and [f.to_dict() for f in found] == [f.to_dict() for f in fresh.check(doc, CTX)]
    searched = [j for j, n in enumerate(back._uses) if n]
    assert searched and all(isinstance(back.patterns[j], re.Pattern) for j in searched if back._twin_codes[j])
