"""Every rule's own examples are tests; malformed rulesets are one-line load errors."""

import textwrap

import pytest

from doclint.engine import Engine
from doclint.errors import RulesetError
from doclint.ruleset import RulesetLoader

ENGINE = Engine.load()
RULES = sorted(ENGINE.rules, key=lambda r: r.id)
CASES = [
    (r.id, kind, i, ex)
    for r in RULES
    for kind in ("fail", "pass")
    for i, ex in enumerate(r.meta.examples.get(kind, []))
]


@pytest.mark.parametrize("rule_id,kind,idx,text", CASES, ids=[f"{c[0]}-{c[1]}{c[2]}" for c in CASES])
def test_rule_example(rule_id, kind, idx, text):
    rule = ENGINE.by_id[rule_id]
    found = ENGINE.example_findings(rule, text)
    if kind == "fail":
        assert found, f"{rule_id} should fire on: {text}"
        for f in found:
            assert f.excerpt and f.line >= 1 and f.column >= 1
    else:
        assert not found, f"{rule_id} fired on a pass example: {[f.excerpt for f in found]}"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_is_complete(rule):
    m = rule.meta
    assert m.basis and all(b.strip() for b in m.basis), "a rule needs a legal basis"
    assert len(m.examples["fail"]) >= 2, "a rule needs at least two fail examples"
    assert len(m.examples["pass"]) >= 2, "a rule needs at least two pass examples"
    assert m.message.strip()
    assert m.name.split(".")[0] == m.category or m.name.count(".") == 1


def _write(tmp_path, body):
    p = tmp_path / "rules.yaml"
    p.write_text(textwrap.dedent(body), encoding="utf-8")
    return p


GOOD = """\
ruleset: test
rules:
  - id: TST001
    name: fee.test-rule
    category: fee
    severity: error
    basis: [《中华人民共和国价格法》第四十七条]
    message: 测试规则。
    triggers: [收取]
    patterns: ['收取[^，。]{0,6}费']
    examples:
      fail: [停车场收取管理费。, 向商户收取卫生费。]
      pass: [不得收取费用。, 依法减免。]
"""


def load(path):
    loader = RulesetLoader()
    loader.load_paths([path])
    engine = Engine(loader.rules, loader.files)
    problems = engine.verify_examples()
    if problems:
        raise RulesetError(str(path), None, problems[0])
    return engine


def test_good_ruleset_loads(tmp_path):
    engine = load(_write(tmp_path, GOOD))
    assert [r.id for r in engine.rules] == ["TST001"]


@pytest.mark.parametrize(
    "old,new,line,words",
    [
        ("    severity: error\n", "    severity: error\n    colour: red\n", 7, "未知的键 'colour'"),
        ("category: fee", "category: money", 5, "类别 'money'"),
        ("'收取[^，。]{0,6}费'", "'收取[^，。{0,6}费'", 10, "正则表达式无效"),
        ("    basis: [《中华人民共和国价格法》第四十七条]\n", "", None, "缺少法律依据"),
        ("id: TST001", "id: tst-1", 3, "规则编号"),
        ("severity: error", "severity: fatal", 6, "严重程度"),
    ],
)
def test_malformed_ruleset_names_file_and_line(tmp_path, old, new, line, words):
    path = _write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(RulesetError) as exc:
        load(path)
    msg = str(exc.value)
    assert msg.startswith(str(path))
    assert "\n" not in msg
    assert words in msg
    if line:
        assert f"{path}:{line}:" in msg


def test_yaml_syntax_error_has_line(tmp_path):
    path = _write(tmp_path, GOOD.replace("    message: 测试规则。\n", "    message: [测试\n"))
    with pytest.raises(RulesetError) as exc:
        load(path)
    assert "YAML 语法错误" in str(exc.value)
    assert exc.value.line is not None


def test_fail_example_that_does_not_fire_is_a_load_error(tmp_path):
    path = _write(tmp_path, GOOD.replace("fail: [停车场收取管理费。", "fail: [停车场管理规范。"))
    with pytest.raises(RulesetError) as exc:
        load(path)
    assert "fail 示例未触发" in str(exc.value)


def test_bundled_load_rejects_broken_user_ruleset(tmp_path):
    path = _write(tmp_path, GOOD.replace("fail: [停车场收取管理费。", "fail: [停车场管理规范。"))
    with pytest.raises(RulesetError):
        Engine.load([path])


def test_exception_cancels_match(tmp_path):
    body = GOOD.replace("    examples:", "    exceptions: ['依照《[^》]+》']\n    examples:")
    engine = load(_write(tmp_path, body))
    rule = engine.rules[0]
    assert engine.example_findings(rule, "停车场收取管理费。")
    assert not engine.example_findings(rule, "依照《价格法》规定，停车场收取管理费。")


def test_select_and_ignore_by_prefix_and_category():
    from doclint.linter import Options, active_rules

    ids = {r.id for r in active_rules(ENGINE, Options(select=["licensing"]))}
    assert ids and all(ENGINE.by_id[i].meta.category == "licensing" for i in ids)
    first = sorted(ids)[0]
    ids2 = {r.id for r in active_rules(ENGINE, Options(select=["licensing"], ignore=[first]))}
    assert ids2 == ids - {first}
    prefix = first[:3]
    ids3 = {r.id for r in active_rules(ENGINE, Options(ignore=[prefix], select=[first]))}
    assert ids3 == {first}


def test_triggers_that_miss_a_fail_example_are_a_load_error(tmp_path):
    path = _write(tmp_path, GOOD.replace("triggers: [收取]", "triggers: [征收]"))
    with pytest.raises(RulesetError) as exc:
        load(path)
    assert "fail 示例未触发" in str(exc.value)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_explain_has_the_text_of_every_basis(rule):
    from doclint.legal import article_text

    missing = [b for b in rule.meta.basis if not article_text(b)]
    assert not missing, f"add the text of {missing} to rulesets/data/articles.yaml"


def _findings(engine, text):
    from doclint.document import Document
    from doclint.rules.base import Context
    from doclint.source import Source

    doc = Document(Source(path="<t>", text=text, kind="txt"))
    return [(f.rule, f.excerpt) for f in engine.run(doc, Context())]


def test_rule_without_triggers_is_gated_by_its_patterns_literals(tmp_path):
    engine = load(_write(tmp_path, GOOD.replace("    triggers: [收取]\n", "")))
    assert engine.rules[0].gate_words() == ["收取"]
    found = _findings(engine, "第一条 停车场收取管理费。\n第二条 依法减免。\n第三条 向商户收取卫生费。\n")
    assert [r for r, _ in found] == ["TST001", "TST001"]


def test_rule_with_a_pattern_needing_no_literal_looks_at_every_sentence(tmp_path):
    body = GOOD.replace("    triggers: [收取]\n", "").replace(
        "patterns: ['收取[^，。]{0,6}费']", "patterns: ['收取[^，。]{0,6}费', '^[0-9]{3}$']"
    ).replace("fail: [停车场收取管理费。, 向商户收取卫生费。]", "fail: [停车场收取管理费。, '123']")
    engine = load(_write(tmp_path, body))
    assert engine.rules[0].gate_words() == []
    found = _findings(engine, "甲。\n123\n乙。\n向商户收取卫生费。\n456\n")
    assert [r for r, _ in found] == ["TST001"] * 3
