import datetime as dt
from dataclasses import dataclass

import pytest

from doclint.form import (
    BASIS_ATTACHMENT,
    BASIS_ATTACHMENT_NOTE,
    BASIS_DATE,
    BASIS_DOC_NUMBER,
    BASIS_OUTLINE,
    DEFAULT_SEVERITY,
    EffectiveDateConfig,
    FormIssue,
    check_attachment_note,
    check_date,
    check_doc_number,
    check_effective_dates,
    check_outline_sequence,
    compare_attachments,
    heading_label,
    parse_attachment_note,
    parse_date,
)


def codes(issues):
    return [i.code for i in issues]


def test_every_code_has_a_default_severity():
    assert set(DEFAULT_SEVERITY.values()) <= {"error", "warning", "info"}


# --- 发文字号 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("s", ["某政办发〔2019〕40号", "某发〔2020〕1号", "某政办函〔2021〕123号", "国务院令第746号", ""])
def test_doc_number_ok(s):
    assert check_doc_number(s) == []


@pytest.mark.parametrize(
    "s, expected, bad",
    [
        ("某政办发[2019]40号", ["docno.bracket"], "[2019]"),
        ("某政办发［2019］40号", ["docno.bracket"], "［2019］"),
        ("某政办发(2019)40号", ["docno.bracket"], "(2019)"),
        ("某政办发（2019）40号", ["docno.bracket"], "（2019）"),
        ("某政办发【2019】40号", ["docno.bracket"], "【2019】"),
        ("某政办发2019〕40号", ["docno.bracket"], "2019〕"),
        ("某政办发〔2019〕第40号", ["docno.first-char"], "第"),
        ("某政办发〔2019〕05号", ["docno.zero-padded"], "05"),
        ("某政办发〔19〕5号", ["docno.year-short"], "19"),
        ("某政办发〔二〇一九〕5号", ["docno.year-not-arabic"], "二〇一九"),
    ],
)
def test_doc_number_problems(s, expected, bad):
    issues = check_doc_number(s)
    assert codes(issues) == expected
    i = issues[0]
    assert s[i.start:i.end] == bad
    assert i.basis == BASIS_DOC_NUMBER == "GB/T 9704—2012 7.2.5"
    assert isinstance(i, FormIssue) and i.message


def test_doc_number_several_problems_and_in_a_line():
    s = "按照某政发[19]第05号文件和某政办发〔2019〕40号文件要求"
    assert sorted(codes(check_doc_number(s))) == sorted(
        ["docno.bracket", "docno.year-short", "docno.first-char", "docno.zero-padded"])
    assert check_doc_number("电话（0349）1234号") == []


# --- 成文日期 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("s", ["2019年12月10日", "2020年1月1日", "  2021年10月31日  ", "于2019年12月前完成"])
def test_date_ok(s):
    assert check_date(s) == []


@pytest.mark.parametrize(
    "s, expected",
    [
        ("二〇一九年十二月十日", ["date.not-arabic"]),
        ("二○一九年十二月十日", ["date.not-arabic"]),
        ("二零二零年一月三十一日", ["date.not-arabic"]),
        ("2019年05月06日", ["date.zero-padded", "date.zero-padded"]),
        ("2019年5月06日", ["date.zero-padded"]),
        ("19年5月6日", ["date.year-short"]),
        ("2019年2月30日", ["date.invalid"]),
        ("2019年12月", ["date.incomplete"]),
    ],
)
def test_date_problems(s, expected):
    issues = check_date(s)
    assert codes(issues) == expected
    assert all(i.basis == BASIS_DATE for i in issues)


def test_date_messages_suggest_the_right_form():
    (i,) = check_date("二〇一九年十二月十日")
    assert "2019年12月10日" in i.message
    assert (i.start, i.end) == (0, 10)
    issues = check_date("2019年05月06日")
    assert "“5月”" in issues[0].message and "“6日”" in issues[1].message
    assert "2019年05月06日"[issues[0].start:issues[0].end] == "05"


@pytest.mark.parametrize(
    "s, d",
    [
        ("2019年12月10日", dt.date(2019, 12, 10)),
        ("二〇一九年十二月十日", dt.date(2019, 12, 10)),
        ("成文于2020年1月2日。", dt.date(2020, 1, 2)),
        ("2019年2月30日", None),
        ("没有日期", None),
        ("", None),
    ],
)
def test_parse_date(s, d):
    assert parse_date(s) == d


# --- 附件说明 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lines",
    [
        ["附件：某某管理办法"],
        ["附件：1.某某申请表", "      2.某某登记表"],
        ["附件：1.某某申请表", "2.某某登记表", "3.某某汇总表（试行）"],
        ["附件：某某很长很长的附件名称需要", "回行的部分"],
        ["附件：1．某某申请表", "2．某某登记表"],
    ],
)
def test_attachment_note_ok(lines):
    assert check_attachment_note(lines) == []


@pytest.mark.parametrize(
    "lines, expected",
    [
        (["附件:某某管理办法"], ["attach.colon"]),
        (["附件 某某管理办法"], ["attach.colon"]),
        (["附件：1、某某申请表", "2、某某登记表"], ["attach.number-format", "attach.number-format"]),
        (["附件：（1）某某申请表", "（2）某某登记表"], ["attach.number-format", "attach.number-format"]),
        (["附件：一、某某申请表", "二、某某登记表"], ["attach.number-format", "attach.number-format"]),
        (["附件：某某申请表", "2.某某登记表"], ["attach.numbering"]),
        (["附件：1.某某申请表", "3.某某登记表"], ["attach.numbering"]),
        (["附件：1.某某申请表", "1.某某登记表"], ["attach.numbering"]),
        (["附件：1.某某管理办法"], ["attach.single-numbered"]),
        (["附件：某某管理办法。"], ["attach.trailing-punct"]),
        (["附件：1.某某申请表；", "2.某某登记表。"], ["attach.trailing-punct", "attach.trailing-punct"]),
    ],
)
def test_attachment_note_problems(lines, expected):
    issues = check_attachment_note(lines)
    assert sorted(codes(issues)) == sorted(expected)
    assert all(i.basis == BASIS_ATTACHMENT_NOTE for i in issues)


def test_attachment_note_offsets():
    lines = ["附件:1.某某申请表", "    2.某某登记表。"]
    text = "\n".join(lines)
    issues = {i.code: i for i in check_attachment_note(lines)}
    c = issues["attach.colon"]
    assert text[c.start:c.end] == ":"
    p = issues["attach.trailing-punct"]
    assert text[p.start:p.end] == "。"
    # absolute offsets when (offset, text) pairs are given
    base = 100
    issues = check_attachment_note([(base, lines[0]), (base + len(lines[0]) + 1, lines[1])])
    p = next(i for i in issues if i.code == "attach.trailing-punct")
    assert p.start - base == text.index("。")
    # a block given as one string with newlines, at an absolute offset
    issues = check_attachment_note([(base, text)])
    p = next(i for i in issues if i.code == "attach.trailing-punct")
    assert p.start - base == text.index("。")


def test_parse_attachment_note():
    items = parse_attachment_note(["附件：1.某某申请表", "  2.某某登记表", "（样式）"])
    assert [(i.number, i.name) for i in items] == [(1, "某某申请表"), (2, "某某登记表（样式）")]
    assert parse_attachment_note(["不是附件说明"]) == []
    assert parse_attachment_note([]) == []
    assert check_attachment_note(["正文一句话。"]) == []


# --- 附件 vs 附件说明 ------------------------------------------------------------------------------------


def test_attachments_match():
    assert compare_attachments(["某某申请表", "某某登记表"], [(1, "某某申请表"), (2, "某某 登记表")]) == []
    assert compare_attachments(["某某办法(试行)"], [(None, "某某办法（试行）")]) == []
    assert compare_attachments(["《某某办法》"], [(None, "某某办法")]) == []
    assert compare_attachments([], []) == []


def test_attachment_count_mismatch():
    (i,) = compare_attachments(["某某申请表", "某某登记表"], [(1, "某某申请表")])
    assert i.code == "attach.count" and "2" in i.message and "1" in i.message
    (i,) = compare_attachments([], [(1, "某某申请表")])
    assert i.code == "attach.count" and i.basis == BASIS_ATTACHMENT_NOTE
    (i,) = compare_attachments(["某某申请表"], [])
    assert i.code == "attach.count"


def test_attachment_name_and_index_mismatch():
    issues = compare_attachments(["某某申请表", "某某登记表"], [(1, "某某申请表"), (3, "某某汇总表")])
    assert codes(issues) == ["attach.index", "attach.name"]
    assert "附件3" in issues[1].message and "某某登记表" in issues[1].message
    assert all(i.basis == BASIS_ATTACHMENT for i in issues)
    issues = compare_attachments(["甲表", "乙表"], [(None, "甲表"), (None, "乙表")])
    assert codes(issues) == ["attach.index", "attach.index"]


@dataclass
class _Ref:  # shaped like structure.AttachmentRef / Attachment
    index: int | None
    name: str = ""
    title: str = ""
    start: int = 0
    end: int = 0


def test_attachments_with_objects_and_offsets():
    listed = [_Ref(1, name="某某申请表", start=10, end=15), _Ref(2, name="某某登记表", start=20, end=25)]
    present = [_Ref(1, title="某某申请表", start=100, end=110), _Ref(2, title="某某统计表", start=200, end=210)]
    (i,) = compare_attachments(listed, present)
    assert (i.code, i.start, i.end) == ("attach.name", 20, 25)
    (i,) = compare_attachments([("某某申请表", 5, 10)], [(1, "别的表", 50, 60)])
    assert (i.start, i.end) == (5, 10)


# --- 层次序数 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "seq",
    [
        [("l1", 1), ("l2", 1), ("l3", 1), ("l3", 2), ("l4", 1), ("l2", 2), ("l1", 2), ("l2", 1)],
        [("l2", 1), ("l2", 2), ("l3", 1)],  # a text whose top level is （一）
        [("l3", 1), ("l3", 2)],
        [("chapter", 1), ("article", 1), ("article", 2), ("chapter", 2), ("article", 3)],
        [("chapter", 1), ("part", 1), ("article", 1), ("part", 2), ("article", 2), ("chapter", 2), ("part", 1)],
        [("article", 1), ("l2", 1), ("l2", 2), ("l3", 1), ("article", 2), ("l2", 1)],
        [("article", 1), ("l3", 1), ("article", 2)],  # items as 1. directly under an article: not flagged
        [("l1", 1, 0, 2, "main"), ("l1", 2, 5, 7, "main"), ("l1", 1, 9, 11, "attachment 1")],
        [],
    ],
)
def test_outline_ok(seq):
    assert check_outline_sequence(seq) == []


@pytest.mark.parametrize(
    "seq, expected",
    [
        ([("l1", 2)], ["outline.start"]),
        ([("l1", 1), ("l1", 3)], ["outline.gap"]),
        ([("l1", 1), ("l1", 1)], ["outline.repeat"]),
        ([("l1", 1), ("l1", 2), ("l1", 1)], ["outline.order"]),
        ([("l1", 1), ("l2", 1), ("l2", 3)], ["outline.gap"]),
        ([("chapter", 1), ("article", 1), ("chapter", 2), ("article", 1)], ["outline.order"]),
        ([("article", 1), ("article", 2), ("article", 4)], ["outline.gap"]),
        ([("l1", 1), ("l3", 1), ("l3", 2)], ["outline.level-skip"]),
        ([("l1", 1), ("l3", 1), ("l1", 2), ("l3", 1)], ["outline.level-skip"]),
        ([("l2", 1), ("l4", 1)], ["outline.level-skip"]),
        ([("l1", 1), ("l3", 1), ("l3", 2), ("l2", 1)], ["outline.level-skip", "outline.level-inversion"]),
        ([("l1", None), ("l1", 2), ("l1", 4)], ["outline.gap"]),
    ],
)
def test_outline_problems(seq, expected):
    issues = check_outline_sequence(seq)
    assert codes(issues) == expected
    assert all(i.basis == BASIS_OUTLINE for i in issues)


def test_outline_messages_and_offsets():
    (i,) = check_outline_sequence([("l1", 1, 0, 2), ("l1", 3, 10, 12)])
    assert (i.start, i.end) == (10, 12)
    assert "“二、”" in i.message
    (i,) = check_outline_sequence([("l2", 1), ("l2", 6)])
    assert "（二）" in i.message and "等" in i.message


@dataclass
class _Heading:  # shaped like structure.Heading
    kind: str
    number: int | None
    start: int
    end: int
    attachment: int | None = None
    document: int = 0


def test_outline_objects_restart_per_attachment():
    hs = [_Heading("l1", 1, 0, 2), _Heading("l1", 2, 5, 7), _Heading("l1", 1, 20, 22, attachment=1)]
    assert check_outline_sequence(hs) == []
    hs.append(_Heading("l1", 3, 30, 32, attachment=1))
    (i,) = check_outline_sequence(hs)
    assert (i.code, i.start) == ("outline.gap", 30)


@pytest.mark.parametrize(
    "kind, n, label",
    [("chapter", 3, "第三章"), ("article", 12, "第十二条"), ("l1", 2, "二、"), ("l2", 11, "（十一）"), ("l3", 4, "4."), ("l4", 2, "（2）")],
)
def test_heading_label(kind, n, label):
    assert heading_label(kind, n) == label


# --- 施行日期 / 有效期 ------------------------------------------------------------------------------------


def eff(text, **cfg):
    return check_effective_dates(text, cfg or None)


def test_effective_ok():
    assert eff("某某管理办法\n第十条 本办法自2020年1月1日起施行，有效期5年。") == []
    assert eff("某某管理办法\n本办法自印发之日起施行。") == []
    assert eff("某某管理办法\n本办法自公布之日起30日后施行。", min_days_after_publication=30) == []
    assert eff("某某管理办法（试行）\n本办法自2020年1月1日起施行，有效期两年。") == []
    assert eff("某某管理办法\n本办法有效期自2020年1月1日起至2024年12月31日止。") == []
    assert eff("某某管理办法\n本办法自二〇二〇年一月一日起实施，有效期三年。") == []


def test_missing_effective_date_on_last_line():
    text = "某某管理办法\n各单位认真落实。\n"
    (i,) = eff(text)
    assert i.code == "effective.missing-date"
    assert text[i.start:i.end] == "各单位认真落实。"
    assert eff(text, require_effective_date=False) == []


@pytest.mark.parametrize("text", [
    "", " \n\u3000\n", "办法", "\n\n  办法（试行） \n正文。\n\t\n", "办法\n\u3000\n结尾。\u3000\r", "\x85甲\xa0\n乙\x1c",
])
def test_first_last_nonblank_lines_are_the_lines_holding_a_non_space(text):
    import re

    from doclint.form import _first_last_nonblank_lines

    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]
    assert _first_last_nonblank_lines(text) == ((lines[0], lines[-1]) if lines else None)


def test_missing_validity_only_when_asked():
    text = "某某管理办法\n本办法自印发之日起施行。"
    assert eff(text) == []
    (i,) = eff(text, require_validity=True)
    assert i.code == "effective.missing-validity"


@pytest.mark.parametrize(
    "text, code, span",
    [
        ("某某管理办法\n本办法自2020年1月1日起施行，有效期10年。", "effective.validity-too-long", "有效期10年"),
        ("某某管理办法\n本办法自2020年1月1日起施行，有效期八年。", "effective.validity-too-long", "有效期八年"),
        ("某某管理办法\n本办法自2020年1月1日起施行，有效期至2029年12月31日。", "effective.validity-too-long", "有效期至2029年12月31日"),
        ("某某管理暂行办法\n本办法自印发之日起施行，有效期3年。", "effective.provisional-too-long", "有效期3年"),
        ("某某管理办法（试行）\n本办法自2020年1月1日起施行，有效期36个月。", "effective.provisional-too-long", "有效期36个月"),
    ],
)
def test_validity_too_long(text, code, span):
    (i,) = eff(text)
    assert i.code == code
    assert text[i.start:i.end] == span


def test_limits_are_configurable():
    text = "某某管理办法\n本办法自2020年1月1日起施行，有效期10年。"
    assert eff(text, max_validity_years=None) == []
    assert eff(text, max_validity_years=10) == []
    # the title decides 暂行/试行 when given
    text = "本办法自2020年1月1日起施行，有效期3年。"
    assert codes(eff(text, title="某某试行办法")) == ["effective.provisional-too-long"]
    assert eff(text, title="某某办法") == []


def test_too_soon_is_off_by_default():
    text = "某某管理办法\n本办法自印发之日起施行。"
    assert eff(text) == []
    (i,) = eff(text, min_days_after_publication=30)
    assert i.code == "effective.too-soon"
    assert text[i.start:i.end] == "自印发之日起施行"
    text = "某某管理办法\n本办法自2020年1月10日起施行。"
    (i,) = eff(text, min_days_after_publication=30, doc_date="2019-12-20")
    assert i.code == "effective.too-soon"
    assert eff(text, min_days_after_publication=30, doc_date=dt.date(2019, 11, 1)) == []


def test_effective_config_rejects_unknown_options():
    with pytest.raises(ValueError):
        check_effective_dates("x", {"max_years": 5})
    assert EffectiveDateConfig.from_any(None).max_validity_years == 5
