"""Property tests: for arbitrary Unicode drafts the checker never raises, no rule
fails, every finding's offsets and line/column lie inside the text and agree
with each other, and the JSON output round-trips.

Drafts are built from lines that look like the parts of an official document
(titles, 发文字号, headings, 附件, dates, signatures), sentences around the rules'
own trigger words, and arbitrary text: full-width punctuation, combining marks,
astral characters, zero-width and control characters, mixed CR/LF line ends.
"""

import datetime as _dt
import json
import os
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doclint.engine import Engine
from doclint.formatters import render
from doclint.linter import Options, active_rules, lint_path
from doclint.report import Report
from doclint.rules.base import Context

ENGINE = Engine.load()
OPTIONS = Options()
RULES = active_rules(ENGINE, OPTIONS)
CTX = Context(today=_dt.date(2026, 1, 1))
EXAMPLES = int(os.environ.get("DOCLINT_PROPERTY_EXAMPLES", "200"))  # raise it for a deeper search
TRIGGERS = sorted({t for r in ENGINE.rules for t in (getattr(r, "triggers", None) or [])}) or ["应当"]

CJK = "的是在了不和有大这中人上为们地个用时要动国产以我到他会作来分生对于下级就年部民可出能方进同行面"
PUNCT = "，。；：！？、（）《》〔〕【】“”‘’…—·　,.;:!?()[]<>\"'-*#"
COMBINING = "\u0301\u0308\u0323\u20dd\u3099\u309a\ufe0f"
ASTRAL = "𠀀𪚥𝟘😀🀄\U00020bb7\U0002a6a5"
ODD = "\u200b\u200d\ufeff\u00a0\u2028\u2029\t\x0b\x0c\x85 "
DIGITS = "0123456789０１２３一二三四五六七八九十百千〇两"
ALPHABET = CJK + PUNCT + COMBINING + ASTRAL + ODD + DIGITS + "abcXYZ"

LINE_SHAPES = [
    "关于印发朔州市城区停车管理办法的通知", "朔州市人民政府办公室关于加强管理的意见（征求意见稿）",
    "朔政发〔2019〕12号", "朔政办发 [2019] 第3号", "各县（市、区）人民政府，市直各有关单位：",
    "第一章 总则", "第二节 一般规定", "第一条 为了规范管理，制定本办法。", "第十二条", "第一百零一条　附则",
    "一、总体要求", "二、", "（一）加强领导。", "(二)落实责任", "1.明确分工。", "2、", "（1）第一项", "(10)",
    "附件：1.申请表", "附件:", "2.流程图", "附件", "附件1", "附件2 登记表", "附 件 3", "附件材料如下",
    "朔州市人民政府", "朔州市城市管理局　朔州市财政局", "2019年10月11日", "二〇一九年十月十一日", "2019年2月30日",
    "本办法自2020年1月1日起施行，有效期5年。", "依据《中华人民共和国行政许可法》第十二条第（三）项规定",
    "《朔州市停车管理办法（试行）》（朔政发〔2018〕3号）同时废止。", "（此页无正文）", "抄送：市委办公室。",
    "<!-- doclint: disable-next-paragraph=all reason=\"测试\" -->", "# 标题", "- 列表项", "> 引文",
    "这是一段很长的正文内容没有结尾标点会被当作续行处理吗这里再多写几个字", "",
]

LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\n\r"])
FREE_TEXT = st.text(alphabet=ALPHABET, max_size=40)
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20)


@st.composite
def trigger_sentence(draw):
    pre = draw(FREE_TEXT)
    word = draw(st.sampled_from(TRIGGERS))
    post = draw(FREE_TEXT)
    end = draw(st.sampled_from(["。", "；", "", "！", "…", "。”"]))
    return pre + word + post + end


LINES = st.one_of(st.sampled_from(LINE_SHAPES), trigger_sentence(), FREE_TEXT, ANY_TEXT)


@st.composite
def drafts(draw):
    lines = draw(st.lists(LINES, min_size=1, max_size=25))
    out = []
    for line in lines:
        out.append(draw(st.sampled_from(["", " ", "　　", "\t"])) + line)
        out.append(draw(LINE_ENDS))
    return "".join(out)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a code-point offset, straight from the text."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def lint_text(text: str):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "draft.txt")
        with open(path, "wb") as fh:
            fh.write(text.encode("utf-8"))
        return lint_path(path, ENGINE, CTX, OPTIONS, RULES)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(drafts())
def test_findings_are_consistent_and_json_round_trips(text):
    fr = lint_text(text)  # never raises
    if fr.error is not None:
        assert "\n" not in fr.error
        assert not text.replace("\ufeff", "").strip(), fr.error  # only an empty draft is refused
        return
    assert not [n for n in fr.notices if "运行出错" in n], fr.notices  # no rule failed on it
    t = fr.text
    assert "\r" not in t
    for f in fr.findings:
        assert 0 <= f.offset <= f.end_offset <= len(t), f
        assert (f.line, f.column) == line_col(t, f.offset), f
        assert (f.end_line, f.end_column) == line_col(t, f.end_offset), f
        seg = t[f.offset:f.end_offset]
        assert f.excerpt == (seg if len(seg) <= 200 else seg[:199] + "…"), f
        assert f.severity in ("error", "warning", "info")
    assert [f.sort_key() for f in fr.findings] == sorted(f.sort_key() for f in fr.findings)
    report = Report(files=[fr])
    assert json.loads(render("json", report)) == report.to_dict()


@settings(max_examples=max(1, EXAMPLES * 3 // 10), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts(), st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "gb18030"]))
def test_other_encodings_give_the_same_findings(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    if not text.strip() or any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        return  # control characters make an encoding guess legitimately ambiguous
    utf8 = lint_text(text)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "draft.txt")
        with open(path, "wb") as fh:
            fh.write(data)
        other = lint_path(path, ENGINE, CTX, OPTIONS, RULES)
    if other.error is not None:  # refused rather than misread: acceptable, but one line
        assert "\n" not in other.error
        return
    if other.text != utf8.text:  # a BOM-less guess may not recover the text; it must not crash
        return
    assert [f.to_dict() for f in other.findings] == [f.to_dict() for f in utf8.findings]
