"""Numbering restarts at each attachment heading and at each new document part (GB/T 9704—2012
7.3.3 numbers the levels of one text; two attached plans are two texts)."""

import datetime as dt

import pytest

from doclint.document import Document
from doclint.engine import Engine
from doclint.rules.base import Context
from doclint.source import Source

ENGINE = Engine.load()
NOTICE = (
    "临江县人民政府办公室关于印发两个工作方案的通知\n"
    "各乡镇人民政府，县直各有关单位：\n"
    "现将两个方案印发给你们，请认真贯彻执行。\n"
)
NOTE = "附件：1. 临江县河道保洁工作方案\n2. 临江县绿地养护工作方案\n"
SIGN = "临江县人民政府办公室\n2025年3月5日\n"
PLAN_A = "临江县河道保洁工作方案\n{a}工作目标\n{b}主要任务\n{c}保障措施\n"
PLAN_B = "临江县绿地养护工作方案\n{a}工作目标\n{b}主要任务\n"
L1 = dict(a="一、", b="二、", c="三、")
ART = dict(a="第一条 ", b="第二条 ", c="第三条 ")


def outline(text):
    doc = Document(Source("t.txt", text, "txt"))
    return doc, ENGINE.run(doc, Context(today=dt.date(2026, 1, 1)), [ENGINE.by_id["FMT004"], ENGINE.by_id["FMT003"]])


@pytest.mark.parametrize("heads", ["附件1\n|附件2\n", "附件1：临江县河道保洁工作方案\n|附件2：临江县绿地养护工作方案\n",
                                   "附件 1\n|附件 2\n", "附件一\n|附件二\n", "附件1:临江县河道保洁工作方案\n|附件2:临江县绿地养护工作方案\n"])
@pytest.mark.parametrize("nums", [L1, ART])
def test_restart_in_each_attachment(heads, nums):
    h1, h2 = heads.split("|")
    text = NOTICE + NOTE + SIGN + h1 + PLAN_A.format(**nums) + h2 + PLAN_B.format(**nums)
    doc, fs = outline(text)
    assert [a.index for a in doc.structure.attachments] == [1, 2]
    assert fs == [], [f.message for f in fs]


def test_restart_in_each_issued_text_without_attachment_headings():
    text = NOTICE + SIGN + PLAN_A.format(**L1) + PLAN_B.format(**L1)
    doc, fs = outline(text)
    assert fs == [], [f.message for f in fs]
    assert len({h.document for h in doc.structure.headings}) == 2


def test_restart_in_a_main_text_holding_two_titled_parts():
    text = "临江县人民政府关于城区环境整治的通告\n" + PLAN_A.format(**L1) + PLAN_B.format(**L1)
    _, fs = outline(text)
    assert fs == [], [f.message for f in fs]


def test_restart_inside_one_attachment_with_two_plans():
    text = NOTICE + "附件：临江县环境整治工作方案\n" + SIGN + "附件\n临江县环境整治工作方案\n" + PLAN_A.format(**L1) + PLAN_B.format(**L1)
    _, fs = outline(text)
    assert fs == [], [f.message for f in fs]


@pytest.mark.parametrize(
    "body,code",
    [
        ("一、工作目标\n二、主要任务\n二、保障措施\n", "重复"),
        ("一、工作目标\n三、主要任务\n", "不连续"),
        ("一、工作目标\n二、主要任务\n三、保障措施\n一、其他事项\n", "倒序"),  # no title line: still an error
    ],
)
def test_errors_inside_one_part_are_still_reported(body, code):
    text = NOTICE + NOTE + SIGN + "附件1\n临江县河道保洁工作方案\n" + body + "附件2\n" + PLAN_B.format(**L1)
    _, fs = outline(text)
    assert any(code in f.message for f in fs if f.rule == "FMT004"), [f.message for f in fs]


def test_a_listed_note_written_as_attachment_lines_is_not_attachments():
    text = NOTICE + "附件1：临江县河道保洁工作方案\n附件2：临江县绿地养护工作方案\n" + SIGN
    doc, _ = outline(text)
    assert doc.structure.attachments == []
    assert doc.structure.date is not None
