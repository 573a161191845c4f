"""check --format docx / review --annotated (issue #15): the draft handed back with one Word
comment per finding, anchored on the finding's exact span, everything else untouched."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from copy import deepcopy
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import run_cli

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
CHANGED_PARTS = {"word/document.xml", "word/comments.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"}


def _tracked(p, tag: str, text: str) -> None:
    """Append a tracked insertion or deletion holding `text` to paragraph `p`."""
    el = etree.SubElement(p._p, W + tag)
    el.set(W + "id", "901" if tag == "ins" else "902")
    el.set(W + "author", "起草人")
    el.set(W + "date", "2025-01-02T00:00:00Z")
    r = etree.SubElement(el, W + "r")
    t = etree.SubElement(r, W + ("t" if tag == "ins" else "delText"))
    t.text = text
    t.set(XML_SPACE, "preserve")


def build_draft(path: Path, with_comment: bool = False) -> Path:
    """A small draft of our own: an approval gate split over runs with mixed formatting, a fine,
    a deposit in a table cell, a header, and tracked changes in a clause with no finding."""
    import docx
    from docx.shared import Pt, RGBColor

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "某县人民政府办公室（征求意见稿）"
    d.add_paragraph("某县农贸市场管理暂行办法", style="Title")
    p = d.add_paragraph()
    p.add_run("第一条 ").bold = True
    p.add_run("在本县开办农贸市场的，应当经县商务")
    r = p.add_run("主管部门")
    r.italic = True
    r.font.color.rgb = RGBColor(0x99, 0x00, 0x00)
    r = p.add_run("审批后方可")
    r.font.size = Pt(14)
    p.add_run("开业。")
    p = d.add_paragraph()
    p.add_run("第二条 市场开办者违反本办法的，由县市场监管部门处")
    p.add_run("三万元罚款").bold = True
    p.add_run("。")
    p = d.add_paragraph()
    p.add_run("第三条 市场开办者应当公示")
    _tracked(p, "ins", "摊位租金标准")
    _tracked(p, "del", "收费项目")
    p.add_run("。")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "第四条"
    cell = t.cell(0, 1).paragraphs[0]
    cell.add_run("入场经营户应当向市场开办者")
    cell.add_run("缴纳保证金").underline = True
    cell.add_run("。")
    if with_comment:
        first = d.paragraphs[0].runs
        d.add_comment(first, text="原有批注：标题待定", author="起草科", initials="起")
    d.save(str(path))
    return path


def findings_of(path: Path, *extra) -> list[dict]:
    res = run_cli("check", "--format", "json", "--no-config", *extra, path)
    assert res.returncode in (0, 1), res.stderr
    return json.loads(res.stdout)["files"][0]["findings"]


def anchored_texts(document_xml: bytes) -> dict[str, tuple[str, list]]:
    """Comment id -> (text of the runs between its range start and end, those runs)."""
    root = etree.fromstring(document_xml)
    open_ids: list[str] = []
    texts: dict[str, list[str]] = {}
    runs: dict[str, list] = {}
    for el in root.iter():
        if el.tag == W + "commentRangeStart":
            open_ids.append(el.get(W + "id"))
            texts[el.get(W + "id")], runs[el.get(W + "id")] = [], []
        elif el.tag == W + "commentRangeEnd":
            open_ids.remove(el.get(W + "id"))
        elif el.tag == W + "r" and open_ids and el.find(W + "commentReference") is None:
            if any(c.tag in (W + "t", W + "tab") for c in el):
                for cid in open_ids:
                    runs[cid].append(el)
        elif el.tag == W + "t" and open_ids and el.getparent().getparent().tag != W + "del":
            for cid in open_ids:
                texts[cid].append(el.text or "")
    return {cid: ("".join(texts[cid]), runs[cid]) for cid in texts}


def canonical(document_xml: bytes) -> bytes:
    """document.xml without comment anchors and highlights, adjacent runs of equal
    formatting merged: what must be the same before and after annotating."""
    root = etree.fromstring(document_xml)
    for el in list(root.iter(W + "commentRangeStart", W + "commentRangeEnd", W + "highlight")):
        el.getparent().remove(el)
    for r in list(root.iter(W + "r")):
        if r.find(W + "commentReference") is not None:
            r.getparent().remove(r)
    for rpr in list(root.iter(W + "rPr")):
        if len(rpr) == 0 and not rpr.attrib:
            rpr.getparent().remove(rpr)
    for t in root.iter(W + "t"):
        t.attrib.pop(XML_SPACE, None)

    def key(r):
        rpr = r.find(W + "rPr")
        only_text = all(c.tag in (W + "rPr", W + "t") for c in r)
        return (only_text, dict(r.attrib), etree.tostring(rpr) if rpr is not None else b"")

    for parent in list(root.iter()):
        prev = None
        for child in list(parent):
            if child.tag == W + "r" and prev is not None and key(child)[0] and key(prev) == key(child):
                pt, ct = prev.findall(W + "t"), child.findall(W + "t")
                if pt and ct:
                    pt[-1].text = (pt[-1].text or "") + "".join(t.text or "" for t in ct)
                    parent.remove(child)
                    continue
            prev = child if child.tag == W + "r" else None
    return etree.tostring(root, method="c14n")


@pytest.fixture()
def draft(tmp_path):
    return build_draft(tmp_path / "农贸市场管理办法.docx")


def _annotate(draft: Path, out: Path, *extra):
    res = run_cli("check", "--format", "docx", "--no-config", "--output", out, *extra, draft)
    assert res.returncode == 1, res.stderr
    assert "已写入批注版" in res.stdout
    return res


def test_one_comment_per_finding_on_its_exact_span(draft, tmp_path):
    import docx

    findings = findings_of(draft)
    assert {"LIC001", "PEN001"} <= {f["rule"] for f in findings}
    out = tmp_path / "批注版.docx"
    _annotate(draft, out)
    comments = list(docx.Document(str(out)).comments)  # opens with python-docx
    assert len(comments) == len(findings)
    by_id = {str(c.comment_id): c for c in comments}
    anchors = anchored_texts(zipfile.ZipFile(out).read("word/document.xml"))
    assert set(anchors) == set(by_id)
    unmatched = list(findings)
    for cid, (text, runs) in anchors.items():
        c = by_id[cid]
        assert c.author == "合法性审核" and c.initials == "审"
        match = next(f for f in unmatched if f["rule"] in c.text and f["excerpt"] == text)
        unmatched.remove(match)
        assert match["message"] in c.text
        assert all(b in c.text for b in match["basis"])
        if match.get("suggestion"):
            assert "建议：" + match["suggestion"] in c.text
        assert "注：" not in c.text  # every span mapped exactly
        for r in runs:
            assert r.find(f"{W}rPr/{W}highlight").get(W + "val") == "yellow"
    assert not unmatched
    lic = next(f for f in findings if f["rule"] == "LIC001")
    assert "主管部门" in lic["excerpt"]  # the span crosses runs of different formatting


def test_rest_of_the_package_untouched(draft, tmp_path):
    out = tmp_path / "批注版.docx"
    _annotate(draft, out)
    before, after = zipfile.ZipFile(draft), zipfile.ZipFile(out)
    assert set(after.namelist()) == set(before.namelist()) | {"word/comments.xml"}
    for name in before.namelist():
        if name not in CHANGED_PARTS:
            assert after.read(name) == before.read(name), name  # styles, numbering, headers, settings …
    assert any(n.startswith("word/header") for n in before.namelist())
    doc_before, doc_after = before.read("word/document.xml"), after.read("word/document.xml")
    assert doc_after != doc_before
    assert canonical(doc_after) == canonical(doc_before)
    # tracked changes kept as they were
    root = etree.fromstring(doc_after)
    assert [e.get(W + "id") for e in root.iter(W + "ins", W + "del")] == ["901", "902"]
    ct = after.read("[Content_Types].xml")
    assert ct.count(b"comments+xml") == 1 and ct.startswith(before.read("[Content_Types].xml")[:60])


def test_existing_comments_kept_and_ids_do_not_clash(tmp_path):
    import docx

    src = build_draft(tmp_path / "有批注.docx", with_comment=True)
    n = len(findings_of(src))
    out = tmp_path / "批注版.docx"
    _annotate(src, out)
    comments = list(docx.Document(str(out)).comments)
    assert len(comments) == n + 1
    assert len({c.comment_id for c in comments}) == n + 1
    assert any(c.author == "起草科" and "标题待定" in c.text for c in comments)
    assert zipfile.ZipFile(out).namelist().count("word/comments.xml") == 1


def test_author_and_initials_from_config(draft, tmp_path):
    import docx

    (tmp_path / ".doclint.yaml").write_text("comment-author: 某县司法局\ncomment-initials: 司\n", encoding="utf-8")
    out = tmp_path / "批注版.docx"
    res = run_cli("check", "--format", "docx", "--output", out, draft)
    assert res.returncode == 1, res.stderr
    assert {(c.author, c.initials) for c in docx.Document(str(out)).comments} == {("某县司法局", "司")}


def test_unmappable_span_goes_on_the_paragraph_with_a_note(draft):
    """The reader's text may differ from the runs (a list label, a line of a header):
    a finding whose span cannot be mapped exactly is still placed, with a note."""
    import io

    import docx

    from doclint.finding import Finding
    from doclint.formatters.docx_comments import NOTE_TRIMMED, annotate
    from doclint.readers.docx import read_docx

    data = draft.read_bytes()
    text = read_docx(data, str(draft)).text
    lines = text.split("\n")
    lines[1] = "一、" + lines[1]  # a numbering label the runs do not hold
    lines.insert(0, "页眉文字")  # a line no body paragraph has
    text = "\n".join(lines)

    def finding(rule, start, end):
        return Finding(rule=rule, name=rule, category="format", severity="info", message="测试，说明。",
                       offset=start, end_offset=end, line=0, column=0, end_line=0, end_column=0,
                       excerpt=text[start:end], section=None)

    s1 = text.index("一、")
    s3 = text.index("第二条")
    found = [finding("TST001", s1, s1 + 8),  # label + "第一条 在本"
             finding("TST002", 0, 4),  # the header line
             finding("TST003", s3, s3 + 3)]  # maps exactly
    out = annotate(data, found, text=text)
    comments = {c.text.split()[0][-6:]: c for c in docx.Document(io.BytesIO(out)).comments}
    assert len(list(docx.Document(io.BytesIO(out)).comments)) == 3
    anchors = anchored_texts(zipfile.ZipFile(io.BytesIO(out)).read("word/document.xml"))
    got = {by: anchors[str(c.comment_id)][0] for by, c in comments.items()}
    assert got["TST001"] == "第一条 在本" and NOTE_TRIMMED in comments["TST001"].text
    assert "注：该发现位于" in comments["TST002"].text and got["TST002"]
    assert got["TST003"] == "第二条" and "注：" not in comments["TST003"].text


def test_wrong_inputs_are_one_line_errors(draft, tmp_path):
    txt = tmp_path / "草案.txt"
    txt.write_text("第一条 设立摊点的，须经乡镇人民政府同意。\n", encoding="utf-8")
    for args in (["--output", tmp_path / "a.docx", txt], [draft], ["--output", tmp_path / "a.docx", draft, draft],
                 ["--output", tmp_path / "a.docx", tmp_path]):
        res = run_cli("check", "--format", "docx", "--no-config", *args)
        assert res.returncode == 2, args
        assert res.stderr.count("\n") == 1 and "错误" in res.stderr, res.stderr
    res = run_cli("check", "--format", "docx", "--no-config", "--output", draft, draft)
    assert res.returncode == 2 and "不能覆盖原稿" in res.stderr


def test_several_inputs_into_a_folder(draft, tmp_path):
    second = build_draft(tmp_path / "第二稿.docx")
    out = tmp_path / "批注"
    res = run_cli("check", "--format", "docx", "--no-config", "--output", out, draft, second)
    assert res.returncode == 1, res.stderr
    assert sorted(p.name for p in out.iterdir()) == ["农贸市场管理办法.批注.docx", "第二稿.批注.docx"]


def test_review_writes_the_annotated_draft(draft, tmp_path):
    import docx

    pkg = tmp_path / "送审材料"
    pkg.mkdir()
    shutil.copy(draft, pkg / "某县农贸市场管理暂行办法（送审稿）.docx")
    out = tmp_path / "意见批注.docx"
    res = run_cli("review", pkg, "--today", "2025-06-02", "--format", "json", "--annotated", out)
    assert res.returncode in (0, 1), res.stderr
    report = json.loads(res.stdout)
    draft_fr = next(f for f in report["files"] if f["path"].endswith(".docx"))
    assert len(list(docx.Document(str(out)).comments)) == len(draft_fr["findings"]) > 0
    assert "已写入批注版" in res.stderr


def test_libreoffice_round_trip(draft, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) 未安装：跳过 PDF 往返")
    out = tmp_path / "annotated.docx"
    _annotate(draft, out)
    profile = tmp_path / "lo-profile"
    res = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                          "--outdir", str(tmp_path), str(out)], capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "annotated.pdf"
    assert res.returncode == 0 and pdf.is_file() and pdf.stat().st_size > 1000, res.stderr
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "审批后方可" in text.replace(" ", "")
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm（poppler-utils）未安装：PDF 已生成，未渲染页面")
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True, timeout=60)
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages and pages[0].stat().st_size > 1000
    # kept where pytest's rotation of tmp dirs does not remove it (DOCLINT_TEST_ARTIFACTS to choose)
    keep = Path(os.environ.get("DOCLINT_TEST_ARTIFACTS") or Path(tempfile.gettempdir()) / "doclint-test-artifacts")
    keep.mkdir(parents=True, exist_ok=True)
    shutil.copy(pages[0], keep / "annotated-docx-page1.png")
    shutil.copy(pdf, keep / "annotated-docx.pdf")
    print(f"\n渲染的批注版第 1 页：{keep / 'annotated-docx-page1.png'}（PDF：{keep / 'annotated-docx.pdf'}）")
