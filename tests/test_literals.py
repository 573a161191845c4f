"""Required literals of a regex (doclint.literals) and the prefilter built on them.

A factor that is wrong would silently lose findings, so besides the unit cases
every bundled pattern is checked against every match it makes on the rules' own
examples and on random text, and the engine's findings are compared with a run
that searches every trigger sentence with every pattern.
"""

import datetime as _dt
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doclint.document import Document
from doclint.engine import Engine
from doclint.literals import factors
from doclint.readers import read_path
from doclint.rules.base import Context
from doclint.rules.pattern import PatternRule
from doclint.source import Source

ROOT = Path(__file__).resolve().parents[1]
ENGINE = Engine.load()
PATTERN_RULES = [r for r in ENGINE.rules if isinstance(r, PatternRule)]
CTX = Context(today=_dt.date(2026, 1, 1))


def sets(pattern, flags=0):
    return [set(f) for f in factors(pattern, flags)]


# -- unit cases ------------------------------------------------------------------------------
@pytest.mark.parametrize("pattern, expected", [
    ("(申请|办理)[^。]{0,12}许可", [{"申请", "办理"}, {"许可"}]),
    # a literal run joined with the small group after it: more selective than either
    ("材料(外|以外)还须提交", [{"材料外还须提交", "材料以外还须提交"}]),
    # "除了" always contains "除": the shorter string is enough (and too short to keep)
    ("(除|除了)[^。]{0,10}规定", [{"规定"}]),
    # optional parts widen a run's strings; a repeat ends the run, but its first repetition
    # joins what comes before it and its last one what comes after
    ("处(以)?[0-9]+元(以上)?罚款", [{f"处{d}" for d in "0123456789"} | {f"处以{d}" for d in "0123456789"},
                                  {f"{d}元罚款" for d in "0123456789"} | {f"{d}元以上罚款" for d in "0123456789"}]),
    ("(?:责令停业){1,2}整顿", [{"责令停业"}, {"责令停业整顿"}]),
    ("加[0-9一二三]+分", [{"加0", "加1", "加2", "加3", "加4", "加5", "加6", "加7", "加8", "加9", "加一", "加二", "加三"},
                     {"0分", "1分", "2分", "3分", "4分", "5分", "6分", "7分", "8分", "9分", "一分", "二分", "三分"}]),
    # a branch whose every alternative requires something: one factor of their union
    ("(?:不得[^。]{0,5}收取|严禁[^。]{0,5}摊派)", [{"不得", "严禁"}]),
    ("[罚处]款", [{"罚款", "处款"}]),
    # lookarounds and negated classes promise nothing
    ("(?<!依法)查封(?=财产)", [{"查封"}]),
    ("[^不]得[^。]{0,4}审批", [{"审批"}]),
])
def test_factors(pattern, expected):
    assert sorted(map(sorted, sets(pattern))) == sorted(map(sorted, expected))


@pytest.mark.parametrize("pattern", [
    "(申请|办理)?[^。]{0,12}许?",  # nothing required
    "(?:罚款|收费|)",  # an empty alternative
    "罚|款",  # single characters only: too common to narrow anything down
    "\\p{Han}{2}许可",  # regex-module syntax Python's parser would misread: no factors at all
    "(?:许可证){e<=1}",  # fuzzy matching: the literal need not occur
    "[[:alpha:]]许可",
    "(?i)license",  # case-insensitive: skipped
    "(?i:许可)证书",
    "许可(",  # does not parse
])
def test_no_factors_when_unsure(pattern):
    assert factors(pattern) == []


def test_ignorecase_flag_gives_no_factors():
    assert factors("许可证", regex.IGNORECASE) == []
    assert factors("许可证") == [frozenset({"许可证"})]


def test_too_many_alternatives_gives_no_factor():
    many = "|".join(f"第{i}号" for i in range(100))
    assert factors(f"(?:{many})") == []


# -- soundness on the bundled rules ------------------------------------------------------------
def _all_patterns():
    for rule in PATTERN_RULES:
        for rx, fs in zip(rule.patterns, rule.pattern_factors):
            yield rule, rx, fs


def _act_patterns():
    """Act patterns of the concepts (doclint.reading): each with its gate, the strings one
    of which the act finder requires in a provision before it searches the pattern there."""
    from types import SimpleNamespace

    from doclint.reading.concepts import load_concepts

    for kind in load_concepts().acts.values():
        for rx, gate in zip(kind.patterns, kind.gates):
            yield SimpleNamespace(id=kind.name), rx, [frozenset(gate)] if gate else []


def _example_texts():
    texts = []
    for rule in ENGINE.rules:
        for exs in rule.meta.examples.values():
            texts += exs
    for p in sorted((ROOT / "samples").glob("*.txt")):
        texts += p.read_text(encoding="utf-8").splitlines()
    return texts


def test_every_bundled_pattern_has_a_factor():
    """Not a correctness matter, but a pattern without one is searched in every trigger
    sentence: a new pattern should say why (this list is empty today)."""
    assert [(r.id, rx.pattern) for r, rx, fs in _all_patterns() if not fs] == []


def test_factors_occur_in_every_match_of_the_examples():
    texts = _example_texts()
    checked = 0
    for rule, rx, fs in [*_all_patterns(), *_act_patterns()]:
        for text in texts:
            for m in rx.finditer(text):
                for f in fs:
                    assert any(w in text for w in f), (rule.id, rx.pattern, f, text)
                checked += 1
    assert checked > 300  # the examples do exercise the patterns


WORDS = sorted({w for _r, _rx, fs in _all_patterns() for f in fs for w in f}
               | {t for r in PATTERN_RULES for t in r.triggers})
FILLER = "的了和在，。、；：与及或者（）《》第条款项一二三十0123456789元日内不得应当可以"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(alphabet=FILLER, max_size=6)), max_size=40))
def test_factors_occur_in_every_match_of_random_text(parts):
    text = "".join(parts)
    for rule, rx, fs in _all_patterns():
        if rx.search(text):
            for f in fs:
                assert any(w in text for w in f), (rule.id, rx.pattern, f)


# -- the prefilter changes nothing ---------------------------------------------------------------
def _brute_force(doc):
    """Every pattern rule on every sentence in scope holding one of its triggers (by substring),
    with every pattern searched."""
    out = []
    for rule in PATTERN_RULES:
        units = [u for u, z in zip(doc.sentences, doc.sentence_zones)
                 if z in rule.meta.scope and (not rule.triggers or any(t in u.text for t in rule.triggers))]
        out += list(rule.check_units(doc, CTX, [(u, None) for u in units]))
    return sorted(f.to_dict()["rule"] + repr((f.offset, f.end_offset)) for f in out)


def _engine(doc):
    ids = {r.id for r in PATTERN_RULES}
    return sorted(f.to_dict()["rule"] + repr((f.offset, f.end_offset)) for f in ENGINE.run(doc, CTX) if f.rule in ids)


@pytest.mark.parametrize("path", sorted(p.name for p in (ROOT / "samples").glob("*.txt")))
def test_prefilter_finds_what_a_full_search_finds_on_samples(path):
    doc = Document(read_path(str(ROOT / "samples" / path)))
    found = _engine(doc)
    assert found == _brute_force(doc)


def test_prefilter_finds_what_a_full_search_finds_on_examples():
    text = "\n".join(_example_texts())
    doc = Document(Source(path="<examples>", text=text, kind="txt"))
    found = _engine(doc)
    assert len(found) > 100
    assert found == _brute_force(doc)


def test_candidate_sentences_are_in_order_and_distinct():
    text = "\n".join(_example_texts())
    doc = Document(Source(path="<examples>", text=text, kind="txt"))
    for plan in ENGINE.candidates(doc).values():
        sentences = [s for s, _ in plan]
        assert sentences == sorted(set(sentences))
        assert all(list(which) == sorted(set(which)) and which for _, which in plan)


def test_chunked_scan_gives_the_same_candidates(monkeypatch):
    """Big texts are scanned in overlapping chunks: any chunk size gives the same words."""
    import doclint.prefilter as pf

    text = "\n".join(_example_texts()[:200])
    doc = Document(Source(path="<examples>", text=text, kind="txt"))
    whole = ENGINE.prefilter.candidates(doc.text, doc.sentence_starts)
    assert whole
    for size in (7, 64, 1000):
        monkeypatch.setattr(pf, "SCAN_CHUNK", size)
        assert ENGINE.prefilter.candidates(doc.text, doc.sentence_starts) == whole
