import datetime as dt
from pathlib import Path

import pytest

from doclint.citations import (
    RepealedLaws,
    find_citations,
    looks_like_normative_document,
    normalize_title,
)
from doclint.errors import RulesetError

ROOT = Path(__file__).resolve().parents[1]
REPEALED = ROOT / "rulesets" / "data" / "repealed-laws.yaml"


@pytest.fixture(scope="module")
def laws():
    return RepealedLaws.load(REPEALED)


# --- find_citations -------------------------------------------------------------------------------


def test_plain_law_with_prefix_and_article():
    text = "依据《中华人民共和国行政许可法》第十七条规定，制定本办法。"
    (c,) = find_citations(text)
    assert c.name == "中华人民共和国行政许可法"
    assert c.normalized == "行政许可法"
    assert c.full_name == "中华人民共和国行政许可法"
    assert c.has_prc_prefix
    assert text[c.start:c.end] == "《中华人民共和国行政许可法》"
    assert c.span == (c.start, c.end)
    assert c.doc_number is None
    (a,) = c.articles
    assert (a.text, a.article, a.paragraph, a.item) == ("第十七条", 17, None, None)
    assert text[a.start:a.end] == "第十七条"
    assert text[c.start:c.full_end] == "《中华人民共和国行政许可法》第十七条"


def test_several_citations_in_order():
    text = "根据《某某法》和《某某条例》的规定，参照《某某办法》。"
    cs = find_citations(text)
    assert [c.name for c in cs] == ["某某法", "某某条例", "某某办法"]
    assert all(text[c.start] == "《" and text[c.end - 1] == "》" for c in cs)
    assert not any(c.has_prc_prefix for c in cs)


def test_nested_title_is_one_citation():
    text = "按照《某某省实施《中华人民共和国消费者权益保护法》办法》第五条执行。"
    (c,) = find_citations(text)
    assert c.name == "某某省实施《中华人民共和国消费者权益保护法》办法"
    assert c.nested == ("消费者权益保护法",)
    assert c.articles[0].article == 5
    assert not c.has_prc_prefix


def test_nested_with_angle_brackets():
    text = "《某某省实施〈某某法〉办法》"
    (c,) = find_citations(text)
    assert c.nested == ("某某法",)
    assert c.normalized == "某某省实施《某某法》办法"


@pytest.mark.parametrize(
    "suffix, number",
    [
        ("（国办发〔2018〕115号）", "国办发〔2018〕115号"),
        ("(晋政办发〔2019〕60号)", "晋政办发〔2019〕60号"),
        ("（ 某政发 〔2020〕 3号 ）", "某政发〔2020〕3号"),
        ("（某政发[2020]3号）", "某政发[2020]3号"),
        ("（某政发（2020）3号）", "某政发（2020）3号"),
        ("（国务院令第746号）", "国务院令第746号"),
        ("（某某部令〔2019〕第3号）", "某某部令〔2019〕第3号"),
    ],
)
def test_trailing_doc_number(suffix, number):
    text = "为贯彻落实《某某部门关于做好某某工作的通知》" + suffix + "精神"
    (c,) = find_citations(text)
    assert c.doc_number == number
    s, e = c.doc_number_span
    assert text[s:e].replace(" ", "") == number
    assert c.full_end == text.index(suffix) + len(suffix)


def test_parentheses_that_are_not_a_doc_number():
    text = "《某某管理办法》（以下简称《办法》）"
    cs = find_citations(text)
    assert cs[0].doc_number is None and cs[0].version is None
    assert cs[0].full_end == cs[0].end
    assert [c.name for c in cs] == ["某某管理办法", "办法"]


def test_version_note():
    text = "《中华人民共和国行政处罚法》（2021年修订）第十六条"
    (c,) = find_citations(text)
    assert c.version == "2021年修订"
    assert c.doc_number is None
    assert c.articles[0].article == 16
    (c,) = find_citations("《某某法（2019年修正）》")
    assert c.normalized == "某某法"
    assert c.version == "2019年修正"


@pytest.mark.parametrize(
    "refs, expected",
    [
        ("第十七条第二款", [(17, 2, None)]),
        ("第十七条第二款第（三）项", [(17, 2, 3)]),
        ("第三条第一款第三项", [(3, 1, 3)]),
        ("第十条、第十二条", [(10, None, None), (12, None, None)]),
        ("第五条至第八条", [(5, None, None), (8, None, None)]),
        ("第十条第二款、第三款", [(10, 2, None), (None, 3, None)]),
        ("第十条和第十一条第一款", [(10, None, None), (11, 1, None)]),
        ("第一千二百六十条", [(1260, None, None)]),
        ("第12条", [(12, None, None)]),
        ("第二十条之一", [(20, None, None)]),
    ],
)
def test_article_refs(refs, expected):
    text = "依照《某某法》" + refs + "的规定处理。"
    (c,) = find_citations(text)
    assert [(a.article, a.paragraph, a.item) for a in c.articles] == expected
    assert text[c.end:c.full_end] == refs
    for a in c.articles:
        assert text[a.start:a.end] == a.text


def test_article_joiners_and_sub():
    (c,) = find_citations("《某某法》第五条至第八条")
    assert [a.joined_by for a in c.articles] == [None, "至"]
    (c,) = find_citations("《某某法》第二十条之一")
    assert c.articles[0].article_sub == 1


def test_articles_stop_at_other_text():
    text = "《某某法》第十条规定，第五条另有规定的除外。"
    (c,) = find_citations(text)
    assert len(c.articles) == 1


def test_unbalanced_marks_do_not_break_parsing():
    text = "《未闭合的书名号，后面还有《某某条例》和一个多余的》"
    cs = find_citations(text)
    assert [c.name for c in cs] == ["某某条例"]
    assert find_citations("") == []
    assert find_citations("《》") == []
    assert find_citations("没有书名号") == []


def test_citation_spanning_a_page_break_line():
    text = "《某某省关于某某工作的\n实施意见》"
    (c,) = find_citations(text)
    assert c.normalized == "某某省关于某某工作的实施意见"


def test_normalize_title():
    assert normalize_title("中华人民共和国 合同法") == "合同法"
    assert normalize_title("某某办法(试行)") == "某某办法（试行）"
    assert normalize_title("某某法（2018年修正）") == "某某法"
    assert normalize_title("中华人民共和国") == "中华人民共和国"


# --- repealed laws --------------------------------------------------------------------------------


def test_data_file_loads(laws):
    assert len(laws) >= 60
    assert laws.as_of == "2025-04-19"
    for e in laws.entries:
        assert isinstance(e.verified, bool)
        assert e.source
    unverified = {e.name for e in laws.entries if not e.verified}
    assert {"信访条例", "食品卫生法", "社会抚养费征收管理办法"} <= unverified


@pytest.mark.parametrize(
    "cited, day, repealed",
    [
        ("中华人民共和国合同法", "2021-01-01", True),
        ("合同法", "2020-12-31", False),
        ("中华人民共和国物权法", dt.date(2022, 5, 1), True),
        ("中华人民共和国公司登记管理条例", "2023-01-01", True),
        ("公司登记管理条例", "2019-12-09", False),
        ("个体工商户条例", "2022-11-01", True),
        ("煤矿安全监察条例", "2024-06-01", True),
        ("增值税暂行条例", "2025-12-31", False),  # scheduled
        ("增值税暂行条例", "2026-01-01", True),
        ("中华人民共和国行政许可法", "2025-01-01", False),  # not in the table
    ],
)
def test_lookup_by_date(laws, cited, day, repealed):
    info = laws.lookup(cited, day)
    assert (info is not None) is repealed
    if info is not None:
        assert info.repealed_on <= (day if isinstance(day, dt.date) else dt.date.fromisoformat(day))


def test_lookup_returns_replacement(laws):
    (c,) = find_citations("依据《中华人民共和国合同法》第五十二条")
    info = laws.lookup(c, "2023-03-01")
    assert info.name == "合同法"
    assert info.replaced_by == "中华人民共和国民法典"
    assert info.repealed_on == dt.date(2021, 1, 1)
    assert info.verified is True


def test_national_security_law_namesake(laws):
    # the 1993 law was repealed 2014-11-01; a new law of the same name is in force from 2015-07-01
    assert laws.lookup("中华人民共和国国家安全法", "2016-03-01") is None
    assert laws.lookup("国家安全法", "2015-07-01") is None
    assert laws.lookup("国家安全法", "2014-10-31") is None  # old law still in force
    info = laws.lookup("国家安全法", "2015-03-01")  # between repeal and the new law
    assert info is not None and info.replaced_by == "中华人民共和国反间谍法"
    (c,) = find_citations("《中华人民共和国国家安全法》（1993年）第十条")
    assert laws.lookup(c, "2020-01-01") is not None  # explicitly the old act
    assert laws.find("国家安全法").in_force_namesake_from == dt.date(2015, 7, 1)


def test_undated_entries(laws):
    assert laws.lookup("社会抚养费征收管理办法", "2025-01-01") is None
    info = laws.lookup("社会抚养费征收管理办法", "2025-01-01", include_undated=True)
    assert info is not None and info.repealed_on is None and info.verified is False


def test_alias_lookup(laws):
    info = laws.lookup("预防煤矿生产安全事故的特别规定", "2024-06-01")
    assert info is not None and info.name == "国务院关于预防煤矿生产安全事故的特别规定"


def _write(tmp_path, text):
    p = tmp_path / "laws.yaml"
    p.write_text(text, encoding="utf-8")
    return p


GOOD_ENTRY = """\
laws:
  - name: 某某法
    full_name: 中华人民共和国某某法
    repealed_on: '2020-01-01'
    replaced_by: 中华人民共和国新某某法
    source: 某某
    verified: true
"""


def test_minimal_table(tmp_path):
    laws = RepealedLaws.load(_write(tmp_path, GOOD_ENTRY))
    assert laws.lookup("《中华人民共和国某某法》".strip("《》"), "2020-01-01").name == "某某法"


@pytest.mark.parametrize(
    "text, line, fragment",
    [
        (GOOD_ENTRY.replace("    verified: true\n", ""), 2, "verified"),
        (GOOD_ENTRY.replace("'2020-01-01'", "'2020-13-01'"), None, None),
        (GOOD_ENTRY + "    colour: red\n", 8, "未知的键 'colour'"),
        (GOOD_ENTRY.replace("laws:", "lawz:"), 1, "未知的键"),
        (GOOD_ENTRY + GOOD_ENTRY.split("\n", 1)[1], 8, "重复"),
        ("laws: 3\n", 1, "laws"),
    ],
)
def test_malformed_table(tmp_path, text, line, fragment):
    p = _write(tmp_path, text)
    with pytest.raises(RulesetError) as ei:
        RepealedLaws.load(p)
    msg = str(ei.value)
    assert "\n" not in msg and msg.startswith(str(p))
    if line is not None:
        assert ei.value.line == line, msg
    if fragment is not None:
        assert fragment in msg


# --- normative documents ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "国务院办公厅关于某某工作的指导意见",
        "某某省人民政府关于某某事项的通知",
        "某某市人民政府办公室关于印发某某实施方案的通知",
        "国务院关于某某工作的决定",
        "某某省促进某某产业发展行动计划",
        "某某市某某工作实施方案（试行）",
        "某某部关于某某问题的批复",
        "某某局关于某某工作的若干措施",
    ],
)
def test_normative_document_titles(name):
    assert looks_like_normative_document(name) is True


@pytest.mark.parametrize(
    "name",
    [
        "中华人民共和国行政许可法",
        "某某管理条例",
        "某某登记管理办法",
        "某某省某某管理规定",
        "某某条例实施细则",
        "全国人民代表大会常务委员会关于某某问题的决定",
        "国务院关于某某工作的特别规定",
        "某某技术规范",
        "",
        "办法",
    ],
)
def test_not_normative_document_titles(name):
    assert looks_like_normative_document(name) is False
