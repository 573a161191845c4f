"""Word files read as Word shows them (issue #15): tracked changes, list numbering,
text boxes, footnotes and comments.  Every .docx is built here with python-docx/lxml."""

import io
import json

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from conftest import SAMPLES, run_cli
from doclint.readers import read_path
from doclint.readers.docx import read_docx
from doclint.readers.docx_numbering import format_number

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W_NS}" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')
TODAY = "2025-04-01"

HEAD = [
    "某某县生态环境局关于印发《某某县洗车场管理办法》的通知",
    "各乡镇人民政府，县直各单位：",
    "现将《某某县洗车场管理办法》印发给你们，请认真贯彻执行。",
    "某某县生态环境局",
    "2025年3月5日",
    "某某县洗车场管理办法",
    "第一条 为规范本县洗车场管理，制定本办法。",
]
TAIL = ["第三条 洗车场经营者应当按照规定处理废水。", "第四条 本办法自印发之日起施行。"]
LICENCE = "设立洗车场的，须经县生态环境局审批后方可营业。"
_rev_id = [100]


def _rev(kind: str, text: str) -> str:
    _rev_id[0] += 1
    t = "w:delText" if kind in ("del", "moveFrom") else "w:t"
    return (f'<w:{kind} {NS} w:id="{_rev_id[0]}" w:author="起草人" w:date="2025-03-01T00:00:00Z">'
            f'<w:r><{t} xml:space="preserve">{text}</{t}></w:r></w:{kind}>')


def build(lines, tweak=None) -> bytes:
    """A .docx with one paragraph per line; `tweak(document, paragraphs)` edits it before saving."""
    d = docx.Document()
    paras = [d.add_paragraph(line) for line in lines]
    if tweak:
        tweak(d, paras)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def revised(kind: str, text: str = LICENCE) -> bytes:
    """The draft whose 第二条 holds `text` as a tracked `kind` (ins/del/moveTo/moveFrom)."""
    def tweak(_d, paras):
        paras[len(HEAD)]._p.append(parse_xml(_rev(kind, text)))
    return build(HEAD + ["第二条 "] + TAIL, tweak)


def findings(data: bytes, tmp_path, *args, name="draft.docx"):
    p = tmp_path / name
    p.write_bytes(data)
    r = run_cli("check", "--no-config", "--format", "json", "--today", TODAY, *args, p)
    assert r.returncode in (0, 1), r.stderr + r.stdout
    fd = json.loads(r.stdout)["files"][0]
    return fd, [(f["rule"], f["line"], f["column"], f.get("section")) for f in fd["findings"]]


def lic(found):
    return [f for f in found if f[0] == "LIC001"]


# -- tracked changes ----------------------------------------------------------------------------
def test_violation_in_a_tracked_insertion_is_found_at_its_line_and_column(tmp_path):
    fd, found = findings(revised("ins"), tmp_path)
    line = len(HEAD) + 1
    assert lic(found) and lic(found)[0][1] == line
    text = read_docx(revised("ins"), "x.docx").text.split("\n")[line - 1]
    assert text == "第二条 " + LICENCE
    assert lic(found)[0][2] == text.index("须经") + 1 or lic(found)[0][2] == text.index("审批") + 1
    assert any("1 处未接受的修订" in n for n in fd["notices"])


def test_same_column_as_when_the_text_is_typed(tmp_path):
    _, typed = findings(build(HEAD + ["第二条 " + LICENCE] + TAIL), tmp_path, name="typed.docx")
    _, inserted = findings(revised("ins"), tmp_path)
    assert lic(typed) == lic(inserted)


def test_violation_in_a_tracked_deletion_is_not_found(tmp_path):
    fd, found = findings(revised("del"), tmp_path)
    assert not lic(found)
    assert LICENCE not in read_docx(revised("del"), "x.docx").text
    assert any("1 处未接受的修订" in n and "删除 1 处" in n for n in fd["notices"])


def test_original_view_is_the_opposite(tmp_path):
    _, ins = findings(revised("ins"), tmp_path, "--docx-view", "original")
    _, dels = findings(revised("del"), tmp_path, "--docx-view", "original")
    assert not lic(ins)
    assert lic(dels) and lic(dels)[0][1] == len(HEAD) + 1


def test_docx_view_from_the_config_file(tmp_path):
    (tmp_path / ".doclint.yaml").write_text("docx-view: original\n", encoding="utf-8")
    p = tmp_path / "draft.docx"
    p.write_bytes(revised("del"))
    r = run_cli("check", "--format", "json", "--today", TODAY, p)
    assert any(f["rule"] == "LIC001" for f in json.loads(r.stdout)["files"][0]["findings"])
    r = run_cli("check", "--format", "json", "--today", TODAY, "--docx-view", "final", p)  # the flag wins
    assert not any(f["rule"] == "LIC001" for f in json.loads(r.stdout)["files"][0]["findings"])
    (tmp_path / ".doclint.yaml").write_text("docx-view: accepted\n", encoding="utf-8")
    r = run_cli("check", p)
    assert r.returncode == 2 and "docx-view 应为 final 或 original" in r.stderr


def test_moves_read_like_insertions_and_deletions():
    def tweak(_d, paras):
        paras[0]._p.append(parse_xml(_rev("moveFrom", "旧位置")))
        paras[1]._p.append(parse_xml(_rev("moveTo", "新位置")))
    data = build(["甲", "乙"], tweak)
    assert read_docx(data, "x.docx").text == "甲\n乙新位置"
    assert read_docx(data, "x.docx", view="original").text == "甲旧位置\n乙"


def test_revision_notice_in_the_text_report(tmp_path):
    def tweak(_d, paras):
        paras[len(HEAD)]._p.append(parse_xml(_rev("ins", LICENCE)))
        paras[-1]._p.append(parse_xml(_rev("del", "（试行）")))
    p = tmp_path / "draft.docx"
    p.write_bytes(build(HEAD + ["第二条 "] + TAIL, tweak))
    r = run_cli("check", "--no-config", "--no-color", "--today", TODAY, p)
    assert "注意：文档含 2 处未接受的修订（插入 1 处、删除 1 处），按接受全部修订后的“最终状态”检查" in r.stdout


def test_a_deleted_paragraph_is_gone_and_its_number_not_counted():
    """A paragraph deleted with its mark disappears in the final view (Word joins it to the
    next one), so a Word-numbered article after it takes its number."""
    def tweak(d, paras):
        _numbering(d)
        for p in paras:
            _number(p, 1, 0)
        p = paras[1]._p
        for r in list(p.iterchildren(f"{{{W_NS}}}r")):
            p.remove(r)
        p.append(parse_xml(_rev("del", "被删除的一条。")))
        ppr = p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:rPr {NS}><w:del w:id="9" w:author="a" w:date="2025-03-01T00:00:00Z"/></w:rPr>'))
    data = build(["为规范管理，制定本办法。", "", "本办法自印发之日起施行。"], tweak)
    assert read_docx(data, "x.docx").text.split("\n") == ["第一条 为规范管理，制定本办法。", "第二条 本办法自印发之日起施行。"]
    assert read_docx(data, "x.docx", view="original").text.split("\n") == [
        "第一条 为规范管理，制定本办法。", "第二条 被删除的一条。", "第三条 本办法自印发之日起施行。"]


# -- list numbering -----------------------------------------------------------------------------
def _lvl(ilvl, fmt, text, start=1, suff=None, restart=None, extra=""):
    s = f'<w:suff w:val="{suff}"/>' if suff else ""
    r = f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{r}{extra}{s}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>')


ARTICLES = (_lvl(0, "chineseCountingThousand", "第%1条", suff="space")
            + _lvl(1, "chineseCountingThousand", "（%2）", suff="nothing"))


def _numbering(d, abstracts=None, nums=None):
    """Replace the numbering part: abstracts {id: levels xml}, nums {numId: (abstractId, overrides xml)}."""
    abstracts = abstracts or {0: ARTICLES}
    nums = nums or {1: (0, "")}
    xml = (f"<w:numbering {NS}>"
           + "".join(f'<w:abstractNum w:abstractNumId="{a}"><w:multiLevelType w:val="multilevel"/>{lv}</w:abstractNum>'
                     for a, lv in abstracts.items())
           + "".join(f'<w:num w:numId="{n}"><w:abstractNumId w:val="{a}"/>{ov}</w:num>' for n, (a, ov) in nums.items())
           + "</w:numbering>")
    part = d.part.numbering_part
    root = part.element
    for child in list(root):
        root.remove(child)
    for child in parse_xml(xml):
        root.append(child)


def _number(paragraph, num_id, ilvl):
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:numPr {NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _sample_lines():
    return (SAMPLES / "parking-draft.txt").read_text(encoding="utf-8").splitlines()


def _word_numbered(lines):
    """The same draft with 第X条 and （X） made by Word list numbering instead of typed."""
    import re

    plain, marks = [], []
    for line in lines:
        m = re.match(r"^第[一二三四五六七八九十百]+条 ", line)
        n = re.match(r"^（[一二三四五六七八九十]+）", line)
        if m and len(marks) > 9:  # after the notice's own head (its 附件 list)
            plain.append(line[m.end():])
            marks.append(0)
        elif n and marks.count(0):
            plain.append(line[n.end():])
            marks.append(1)
        else:
            plain.append(line)
            marks.append(None)

    def tweak(d, paras):
        _numbering(d)
        for p, lvl in zip(paras, marks):
            if lvl is not None:
                _number(p, 1, lvl)
    return build(plain, tweak), marks


def test_word_numbered_draft_reads_as_the_typed_one(tmp_path):
    lines = _sample_lines()
    typed = build(lines)
    numbered, marks = _word_numbered(lines)
    assert marks.count(0) == 13 and marks.count(1) == 2  # every article and item is numbered by Word
    assert read_docx(numbered, "n.docx").text == read_docx(typed, "t.docx").text
    _, a = findings(typed, tmp_path, name="typed.docx")
    _, b = findings(numbered, tmp_path, name="numbered.docx")
    assert a and a == b


def test_numbering_levels_restarts_and_overrides():
    abstracts = {
        0: ARTICLES,
        1: (_lvl(0, "chineseCountingThousand", "%1、", suff="nothing")
            + _lvl(1, "chineseCountingThousand", "（%2）", suff="nothing")
            + _lvl(2, "decimal", "%3.", restart=0)  # never restarts
            + _lvl(3, "decimal", "%1.%4", extra="<w:isLgl/>")),  # legal style: 二 shown as 2
    }
    nums = {1: (0, ""), 2: (1, ""),
            3: (0, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>')}
    plan = [(1, 0), (1, 1), (1, 1), (1, 0), (1, 1),  # 第一条 （一）（二） 第二条 （一）: the item level restarts
            (2, 0), (2, 2), (2, 1), (2, 0), (2, 2), (2, 3),  # 一、 1. （一） 二、 2. (lvlRestart 0) 2.1
            (1, 0),  # a second list on the same abstract: continues
            (3, 0)]  # startOverride: Word's "restart numbering"

    def tweak(d, paras):
        _numbering(d, abstracts, nums)
        for p, (n, lv) in zip(paras, plan):
            _number(p, n, lv)
    data = build(["x"] * len(plan), tweak)
    labels = [line[:-1] for line in read_docx(data, "x.docx").text.split("\n")]
    assert labels == ["第一条 ", "（一）", "（二）", "第二条 ", "（一）",
                      "一、", "1. ", "（一）", "二、", "2. ", "2.1 ",  # suff tab (the default): one space
                      "第三条 ", "第一条 "]


def test_numbering_given_by_the_paragraph_style():
    def tweak(d, paras):
        _numbering(d)
        style = d.styles.add_style("条", 1)
        style.element.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {NS}><w:numId w:val="1"/></w:numPr>'))
        for p in paras:
            p.style = style
        paras[1]._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {NS}><w:numId w:val="0"/></w:numPr>'))
    data = build(["为规范管理，制定本办法。", "（不编号的说明）", "本办法自印发之日起施行。"], tweak)
    assert read_docx(data, "x.docx").text.split("\n") == [
        "第一条 为规范管理，制定本办法。", "（不编号的说明）", "第二条 本办法自印发之日起施行。"]


@pytest.mark.parametrize("fmt,n,want", [
    ("decimal", 12, "12"), ("chineseCounting", 11, "十一"), ("chineseCountingThousand", 21, "二十一"),
    ("chineseCountingThousand", 105, "一百零五"), ("ideographTraditional", 3, "丙"),
    ("upperLetter", 2, "B"), ("lowerLetter", 28, "bb"), ("decimalEnclosedCircle", 3, "③"),
    ("upperRoman", 14, "XIV"), ("chineseLegalSimplified", 12, "拾贰"), ("decimalZero", 7, "07"),
    ("ideographDigital", 2025, "二〇二五"), ("bullet", 1, ""), ("none", 4, ""),
])
def test_number_formats(fmt, n, want):
    assert format_number(n, fmt) == want


# -- text boxes, footnotes, comments ------------------------------------------------------------
def _text_box(text: str) -> str:
    """A text box as Word 2010+ writes it: a DrawingML shape, with a VML fallback holding the same text."""
    box = f'<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
    return (f'<w:r {NS}><mc:AlternateContent>'
            f'<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
            f'<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
            f'<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>'
            f'</mc:AlternateContent></w:r>')


def test_comment_and_text_box_do_not_break_reading(tmp_path):
    plain = build(HEAD + ["第二条 " + LICENCE] + TAIL)

    def tweak(d, paras):
        article = paras[len(HEAD)]
        d.add_comment(article.runs, text="此处审批没有上位法依据", author="审核人", initials="审")
        paras[2]._p.append(parse_xml(_text_box("（文本框内的说明文字）")))
    data = build(HEAD + ["第二条 " + LICENCE] + TAIL, tweak)
    text = read_docx(data, "x.docx").text
    assert "此处审批没有上位法依据" not in text  # comments are not input
    assert text.count("（文本框内的说明文字）") == 1  # one branch of mc:AlternateContent only
    lines = text.split("\n")
    assert lines[3] == "（文本框内的说明文字）"  # right after the paragraph it is anchored in
    src = read_docx(data, "x.docx")
    assert src.origin(4) == "第3段 文本框"
    _, a = findings(plain, tmp_path, name="plain.docx")
    _, b = findings(data, tmp_path, name="boxed.docx")
    assert lic(b) and [(r, ln + 1, c, s) for r, ln, c, s in lic(a)] == lic(b)  # one line further down


def test_footnotes_after_the_body_in_reference_order():
    def tweak(d, paras):
        notes = (f'<w:footnotes {NS}>'
                 '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 第二个脚注。</w:t></w:r></w:p></w:footnote>'
                 '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 第一个脚注。</w:t></w:r></w:p></w:footnote>'
                 '</w:footnotes>').encode()
        part = Part(PackURI("/word/footnotes.xml"),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", notes, d.part.package)
        d.part.relate_to(part, RT.FOOTNOTES)
        paras[0]._p.append(parse_xml(f'<w:r {NS}><w:footnoteReference w:id="1"/></w:r>'))
        paras[1]._p.append(parse_xml(f'<w:r {NS}><w:footnoteReference w:id="2"/></w:r>'))
    src = read_docx(build(["甲。", "乙。"], tweak), "x.docx")
    assert src.text.split("\n") == ["甲。", "乙。", "第一个脚注。", "第二个脚注。"]
    assert src.origin(3) == "脚注1"


def test_field_codes_and_hidden_text_are_not_read():
    def tweak(_d, paras):
        p = paras[0]._p
        p.append(parse_xml(f'<w:r {NS}><w:fldChar w:fldCharType="begin"/></w:r>'))
        p.append(parse_xml(f'<w:r {NS}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'))
        p.append(parse_xml(f'<w:r {NS}><w:fldChar w:fldCharType="separate"/></w:r>'))
        p.append(parse_xml(f'<w:r {NS}><w:t>3</w:t></w:r>'))
        p.append(parse_xml(f'<w:r {NS}><w:fldChar w:fldCharType="end"/></w:r>'))
        p.append(parse_xml(f'<w:r {NS}><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>'))
    assert read_docx(build(["第"], tweak), "x.docx").text == "第3"


def test_tracked_revisions_in_tables_and_rows():
    def tweak(d, _paras):
        t = d.add_table(rows=2, cols=1)
        t.cell(0, 0).paragraphs[0]._p.append(parse_xml(_rev("ins", "新增内容")))
        t.cell(1, 0).text = "删除的行"
        t.rows[1]._tr.get_or_add_trPr().append(
            parse_xml(f'<w:del {NS} w:id="7" w:author="a" w:date="2025-03-01T00:00:00Z"/>'))
    data = build(["正文"], tweak)
    assert read_docx(data, "x.docx").text == "正文\n新增内容"
    assert read_docx(data, "x.docx", view="original").text == "正文\n\n删除的行"


def test_the_bundled_sample_reads_as_before(tmp_path):
    src = read_path(str(SAMPLES / "parking-draft.docx"))
    assert src.text == "\n".join(_sample_lines()) and not src.notices


# -- hardening kept for the new parts -----------------------------------------------------------
def test_footnotes_part_with_an_entity_declaration_is_refused():
    from doclint.errors import ReadError

    def tweak(d, paras):
        notes = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                 b'<w:footnotes xmlns:w="' + W_NS.encode() + b'"><w:footnote w:id="1"><w:p/></w:footnote></w:footnotes>')
        part = Part(PackURI("/word/footnotes.xml"),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", notes, d.part.package)
        d.part.relate_to(part, RT.FOOTNOTES)
    with pytest.raises(ReadError, match="DOCTYPE"):
        read_docx(build(["甲"], tweak), "x.docx")


def test_text_boxes_nested_too_deep_are_refused():
    from doclint.errors import ReadError

    inner = "<w:p><w:r><w:t>最里层</w:t></w:r></w:p>"
    for _ in range(14):
        inner = f"<w:p><w:r><w:pict><w:txbxContent>{inner}</w:txbxContent></w:pict></w:r></w:p>"

    def tweak(_d, paras):
        paras[0]._p.append(parse_xml(f"<w:r {NS}><w:pict><w:txbxContent>{inner}</w:txbxContent></w:pict></w:r>"))
    with pytest.raises(ReadError, match="嵌套过深"):
        read_docx(build(["甲"], tweak), "x.docx")
