"""The 审核意见书 as a bureau signs it (issue 17, part 1): text without tool wording, bases by
full title, clauses quoted whole or cut at a clause mark, GB/T 9704 layout of the .docx.
All drafts here are written for these tests."""

import re
import shutil
import subprocess
import zipfile
from datetime import date

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from conftest import SAMPLES, run_cli
from doclint.review import Settings, opinion, points, quote_clause, review_package
from doclint.titles import cite, cite_bases, load_titles
from doclint.errors import RulesetError

SAMPLE = SAMPLES / "package-gov"
TODAY = "2025-10-22"

LONG_CLAUSE = ("申请人申请本办法规定的补助资金，应当向市示例局提交申请书、营业执照复印件、近三年的财务报表、"
               "项目可行性研究报告、项目所在地社区居民委员会出具的无不良记录证明、银行开具的资信证明以及市示例局"
               "认为需要提交的其他材料，市示例局自收到申请之日起二十个工作日内完成审核并将审核结果书面告知申请人。")
DRAFT = f"""朔州市示例冷链补助办法
（送审稿）
第一条 为促进冷链物流发展，结合本市实际，制定本办法。
第二条 本办法自2026年3月1日起施行。
第三条 {LONG_CLAUSE}
第四条 违反本办法规定骗取补助资金的，由市示例局处以五千元以上一万元以下罚款，并收回已拨付的补助资金。
"""
MANIFEST = """level: 市政府办公室
issuer: 朔州市人民政府办公室
drafting_department: 朔州市示例局
received: 2025-10-09
completed: 2025-10-22
"""
EXPLANATION = "关于《示例办法》的起草说明\n一、制定依据。根据有关规定。\n二、制定的必要性。冷链发展需要。\n"

RULE_ID = re.compile(r"[A-Z]{3}\d{3}")
LINE_NO = re.compile(r"第\s*\d+\s*行|行号|line \d+", re.IGNORECASE)
EXTENSION = re.compile(r"\.(?:txt|md|markdown|docx?|pdf|wps|ya?ml)\b", re.IGNORECASE)
PATHLIKE = re.compile(r"[A-Za-z0-9_.\-]+/(?!T\b)[A-Za-z0-9_.\-]+")  # a/b, but not GB/T
TOOL_WORDS = ("【错误】", "【警告】", "【提示】", "判定规则", "doclint", "package.yaml", "规则 ", "审核工作底稿")


def make_package(folder, draft=DRAFT, config: str | None = None):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "朔州市示例冷链补助办法（送审稿）.txt").write_text(draft, encoding="utf-8")
    (folder / "起草说明.txt").write_text(EXPLANATION, encoding="utf-8")
    (folder / "package.yaml").write_text(MANIFEST, encoding="utf-8")
    if config is not None:
        (folder / ".doclint.yaml").write_text(config, encoding="utf-8")
    return folder


def assert_official_text(text: str, folder) -> None:
    """The checks every opinion body passes, .docx or .md."""
    assert not RULE_ID.search(text), RULE_ID.search(text).group()
    assert not LINE_NO.search(text), LINE_NO.search(text).group()
    assert not EXTENSION.search(text), EXTENSION.search(text).group()
    assert not PATHLIKE.search(text), PATHLIKE.search(text).group()
    assert str(folder) not in text and folder.name not in text
    for words in TOOL_WORDS:
        assert words not in text, words
    assert "〔　〕号" in text
    bases = [line.split("：", 1)[1] for line in text.split("\n") if line.startswith("依据：")]
    assert bases
    for line in bases:
        for basis in line.rstrip("。").split("；"):
            assert re.match(r"^《[^》]+》", basis), basis
    listed = re.findall(r"^\s*(?:\d+[.．] ?)(.+?)[；。]?$", text.split("审核依据", 1)[1].split("审核结论")[0], re.M)
    assert listed and all(b.startswith("《") for b in listed), listed
    # each quote is the clause, or pieces of it cut after a clause mark
    for quote in re.findall(r"原文：“(.+)”", text):
        assert "…" not in quote.replace("……", "") and "…………" not in quote, quote
        assert quote.strip("…"), quote


def docx_body(path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


@pytest.fixture(scope="module")
def sample_outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    res = run_cli("review", SAMPLE, "--today", TODAY, "--format", "docx", "-o", out / "意见.docx",
                  "--worksheet", out / "底稿.md")
    assert res.returncode == 1, res.stderr
    md = run_cli("review", SAMPLE, "--today", TODAY, "--format", "markdown")
    assert md.returncode == 1, md.stderr
    return out, md.stdout


@pytest.fixture(scope="module")
def long_outputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("long")
    folder = make_package(root / "示例送审材料")
    res = run_cli("review", folder, "--today", TODAY, "--format", "docx", "-o", root / "意见.docx")
    assert res.returncode == 1, res.stderr
    md = run_cli("review", folder, "--today", TODAY, "--format", "markdown")
    text = run_cli("review", folder, "--today", TODAY)
    return folder, root / "意见.docx", md.stdout, text.stdout


# --- the text -----------------------------------------------------------------------

def test_sample_opinion_docx_and_md_pass_the_text_checks(sample_outputs):
    out, md = sample_outputs
    assert_official_text(docx_body(out / "意见.docx"), SAMPLE)
    assert_official_text(md, SAMPLE)


def test_long_clauses_docx_md_and_text_pass_the_text_checks(long_outputs):
    folder, path, md, text = long_outputs
    for body in (docx_body(path), md, text):
        assert_official_text(body, folder)


def test_bases_by_full_title_and_article(sample_outputs):
    _, md = sample_outputs
    assert ("《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）第一条" in md)
    assert "《国务院办公厅关于做好证明事项清理工作的通知》（国办发〔2018〕47号）第一条" in md
    assert "《公平竞争审查条例》第八条、第九条" in md  # two articles of one title, merged, in order
    assert "（国办发〔2018〕115号）第（五）项" in md
    assert "国办发〔2018〕37号 一" not in md


def test_structure_of_the_measures_and_order_of_points(sample_outputs):
    _, md = sample_outputs
    heads = re.findall(r"^## (.+)$", md, re.M)
    assert heads[:4] == ["一、审核依据", "二、审核结论", "三、存在的问题和修改意见", "四、送审材料和制定程序"]
    assert "审核结论为：**不合法**" in md
    content = md.split("## 三、")[1].split("## 四、")[0]
    assert re.findall(r"关于(第.条)", content) == ["第五条", "第六条", "第七条"]  # document order
    # the missing fair-competition material is one point, with the clauses that call for it
    assert md.count("### （") and len(re.findall(r"^### .*公平竞争审查材料", md, re.M)) == 1
    assert "草案第五条、第七条涉及经营者经济活动" in md
    # the decision rule is in the report and the worksheet, not in the opinion
    assert "判定规则" not in md


def test_errors_come_before_warnings_each_in_document_order(engine, tmp_path):
    # 第三条 has a warning (an obligation without basis) and an error (a certificate); 第二条 only a
    # warning; 第四条 an error: errors first (第三条, 第四条), then the warning-only clause
    draft = DRAFT.replace("第二条 本办法自2026年3月1日起施行。",
                          "第二条 经营者应当每月向市示例局报送冷库运行台账。")
    folder = make_package(tmp_path / "pkg", draft)
    rv = review_package(folder, engine, Settings(today=date(2025, 10, 22)))
    content = [p for p in points(rv) if p.part == "content"]
    assert [p.heading for p in content] == ["关于第三条", "关于第四条", "关于第二条"]
    assert [p.severity for p in content] == ["error", "error", "warning"]
    assert [p.number for p in content] == [1, 2, 3]
    three = content[0]
    assert [i.severity for i in three.issues] == ["error", "warning"]
    assert three.key.endswith("#第三条") and all(f.section == "第三条" for f in three.findings)


def test_missing_materials_named_once_in_one_point(engine, tmp_path):
    rv = review_package(make_package(tmp_path / "pkg"), engine, Settings(today=date(2025, 10, 22)))
    op = opinion(rv)
    [missing] = [p for p in op.material_points if p.heading == "关于缺少的送审材料"]
    what = missing.issues[0].what
    for kind in rv.facts.missing:
        from doclint.package import MATERIALS

        assert what.count(f"“{MATERIALS[kind]}”") == 1
    # the 起草说明's gaps are one sentence, not one per element
    [expl] = [p for p in op.material_points if p.heading == "关于起草说明"]
    assert len(expl.issues) == 1 and expl.issues[0].what.startswith("起草说明没有写明“")
    assert len(expl.issues[0].findings) == 3


def test_quotes_are_cut_only_after_a_clause_mark(long_outputs):
    _, _, md, _ = long_outputs
    [quote] = [q for q in re.findall(r"原文：“(.+)”", md) if "营业执照" in q]
    assert quote.endswith("……") and len(quote) < len(LONG_CLAUSE)
    assert "社区居民委员会出具的无不良记录证明" in quote  # the span the finding is about, whole
    pos = 0
    for piece in [p for p in quote.split("……") if p]:
        start = LONG_CLAUSE.index(piece, pos)
        assert start == 0 or LONG_CLAUSE[start - 1] in "，、：。；！？", piece
        end = start + len(piece)
        assert end == len(LONG_CLAUSE) or LONG_CLAUSE[end] in "，、：。；！？" or piece[-1] in "，、：。；！？", piece
        pos = end


def test_quote_clause_never_cuts_a_word():
    short = "本办法自2026年3月1日起施行。"
    assert quote_clause(short, [(0, 3)]) == short
    text = "甲乙丙丁，" * 10 + "应当提交所在乡镇人民政府出具的无违法经营证明，" + "戊己庚辛，" * 20
    at = text.index("无违法经营证明")
    q = quote_clause(text, [(at, at + 7)], limit=40)
    assert "无违法经营证明" in q and q.startswith("……") and q.endswith("……")
    assert "出具的无……" not in q and "…出具的无；" not in q
    for piece in [p for p in q.split("……") if p]:
        assert piece in text
    # one piece longer than the limit is kept whole rather than broken
    long_piece = "应当" + "提交材料" * 30 + "。"
    assert quote_clause(long_piece, [(2, 6)], limit=20) == long_piece


# --- the .docx layout ---------------------------------------------------------------

def test_docx_is_a4_with_gbt9704_margins(sample_outputs):
    out, _ = sample_outputs
    section = docx.Document(str(out / "意见.docx")).sections[0]
    near = lambda a, b: abs(a - b) < Mm(0.5)  # noqa: E731
    assert near(section.page_width, Mm(210)) and near(section.page_height, Mm(297))
    assert near(section.top_margin, Mm(37)) and near(section.bottom_margin, Mm(35))
    assert near(section.left_margin, Mm(28)) and near(section.right_margin, Mm(26))


def _east_asia(paragraph) -> set[str]:
    out = set()
    for run in paragraph.runs:
        fonts = run._element.find(qn("w:rPr")).find(qn("w:rFonts"))
        out.add(fonts.get(qn("w:eastAsia")))
    return out


def test_docx_fonts_headings_keep_with_next(sample_outputs):
    out, _ = sample_outputs
    document = docx.Document(str(out / "意见.docx"))
    paras = [p for p in document.paragraphs if p.text]
    headings = [p for p in paras if re.match(r"^[一二三四五六七八九]、", p.text)]
    subheadings = [p for p in paras if re.match(r"^（[一二三四五六七八九十]+）关于", p.text)]
    assert len(headings) >= 4 and len(subheadings) >= 4
    for p in headings:
        assert p.paragraph_format.keep_with_next is True and _east_asia(p) == {"黑体"}, p.text
    for p in subheadings:
        assert p.paragraph_format.keep_with_next is True and _east_asia(p) == {"楷体_GB2312"}, p.text
    title = next(p for p in paras if p.text.startswith("关于《"))
    assert _east_asia(title) == {"方正小标宋简体"} and title.alignment == 1
    body = next(p for p in paras if p.text.startswith("你单位报送的"))
    assert _east_asia(body) == {"仿宋_GB2312"} and body.paragraph_format.first_line_indent is not None
    normal = document.styles["Normal"].element.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_docx_page_number_field_in_odd_and_even_footers(sample_outputs):
    out, _ = sample_outputs
    document = docx.Document(str(out / "意见.docx"))
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, 2), (section.even_page_footer, 0)):  # right, left
        p = footer.paragraphs[0]
        xml = p._p.xml
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert [t.text for t in p._p.iter(qn("w:instrText"))] == [" PAGE "]
        assert p.text.startswith("— ") and p.text.endswith(" —") and p.alignment == align


def test_docx_signature_and_date_after_gbt9704(sample_outputs):
    out, _ = sample_outputs
    paras = [p for p in docx.Document(str(out / "意见.docx")).paragraphs if p.text]
    sig, day = paras[-2], paras[-1]
    assert (sig.text, day.text) == ("朔州市司法局", "2025年10月22日")
    assert sig.alignment == day.alignment == 2
    assert day.paragraph_format.right_indent.pt == 64  # four characters of 3号
    assert sig.paragraph_format.right_indent.pt > day.paragraph_format.right_indent.pt  # centred over the date
    assert sig.paragraph_format.keep_with_next and paras[-3].paragraph_format.keep_with_next  # closing kept with it
    header = [p.text for p in paras[:3]]
    assert header == ["朔州市司法局", "〔　〕号", "关于《朔州市促进冷链物流高质量发展若干措施》的合法性审核意见"]
    assert 'w:color="FF0000"' in paras[1]._p.xml  # the red separator line under the 文号


def test_docx_core_properties_are_clean(sample_outputs):
    out, _ = sample_outputs
    path = out / "意见.docx"
    props = docx.Document(str(path)).core_properties
    assert props.author == props.last_modified_by == "朔州市司法局"
    assert props.title == "关于《朔州市促进冷链物流高质量发展若干措施》的合法性审核意见"
    assert props.comments == "" and props.keywords == ""
    assert props.created.date() == date(2025, 10, 22)
    with zipfile.ZipFile(path) as z:
        assert "docProps/thumbnail.jpeg" not in z.namelist()
        for name in ("docProps/core.xml", "docProps/app.xml"):
            meta = z.read(name).decode("utf-8").lower()
            assert "python-docx" not in meta and "generated" not in meta and "microsoft" not in meta, name


def test_worksheet_holds_what_the_opinion_leaves_out(sample_outputs):
    out, _ = sample_outputs
    sheet = (out / "底稿.md").read_text(encoding="utf-8")
    for words in ("判定规则", "| CMP003 |", "| PRO001 |", "三（一）", "四（一）", "第15个工作日为2025年10月27日",
                  "送审材料清单", "起草说明.md"):
        assert words in sheet, words


# --- configuration --------------------------------------------------------------------

def test_configured_body_number_date_and_titles(tmp_path):
    titles = tmp_path / "titles.yaml"
    titles.write_text("titles:\n  国办发〔2018〕47号:\n    title: 示例替换标题\n    source: 测试用表\n", encoding="utf-8")
    config = (f"reviewing-body: 朔州市示例审核机构\nopinion-number: 朔示审〔2025〕　号\nopinion-date: chinese\n"
              f"document-titles: [{titles}]\n")
    folder = make_package(tmp_path / "pkg", config=config)
    res = run_cli("review", folder, "--today", TODAY, "--format", "docx", "-o", tmp_path / "意见.docx")
    assert res.returncode == 1, res.stderr
    document = docx.Document(str(tmp_path / "意见.docx"))
    paras = [p.text for p in document.paragraphs if p.text]
    assert paras[:2] == ["朔州市示例审核机构", "朔示审〔2025〕　号"]
    assert paras[-2:] == ["朔州市示例审核机构", "二〇二五年十月二十二日"]
    assert document.core_properties.author == "朔州市示例审核机构"
    text = "\n".join(paras)
    assert "《示例替换标题》（国办发〔2018〕47号）第一条" in text and "我们对该文件" in text
    show = run_cli("config", "--show", folder)
    assert "reviewing-body = \"朔州市示例审核机构\"" in show.stdout and "opinion-date = \"chinese\"" in show.stdout


def test_bad_title_table_and_bad_date_style_are_one_line_errors(tmp_path):
    titles = tmp_path / "titles.yaml"
    titles.write_text("titles:\n  国办发〔2018〕47号:\n    title: 没有出处\n", encoding="utf-8")
    folder = make_package(tmp_path / "pkg", config=f"document-titles: [{titles}]\n")
    res = run_cli("review", folder, "--today", TODAY)
    assert res.returncode == 2 and res.stdout == "" and "Traceback" not in res.stderr
    assert res.stderr.count("\n") == 1 and f"{titles}:2:" in res.stderr and "source" in res.stderr
    with pytest.raises(RulesetError):
        load_titles(titles)
    (folder / ".doclint.yaml").write_text("opinion-date: roman\n", encoding="utf-8")
    res = run_cli("review", folder, "--today", TODAY)
    assert res.returncode == 2 and "opinion-date 应为 arabic 或 chinese" in res.stderr


def test_default_signer_comes_from_the_subject_list(engine, tmp_path):
    from doclint.review import signer_name

    rv = review_package(make_package(tmp_path / "pkg"), engine, Settings(today=date(2025, 10, 22)))
    assert rv.signer == "市司法行政部门" and signer_name(rv) == "朔州市司法局"
    subjects = tmp_path / "subjects.yaml"
    subjects.write_text("format: doclint-subjects/1\njurisdiction:\n  name: 示例市\n  level: 设区的市\nsubjects:\n"
                        "  - {name: 示例市人民政府, kind: 人民政府, level: 市}\n"
                        "  - {name: 示例市司法局, kind: 工作部门, level: 市}\n", encoding="utf-8")
    rv = review_package(tmp_path / "pkg", engine, Settings(today=date(2025, 10, 22), subjects_path=str(subjects)))
    assert signer_name(rv) == "示例市司法局"


# --- the title table ---------------------------------------------------------------------

def test_every_bundled_basis_has_a_title(engine):
    bases = {b for rule in engine.rules for b in (rule.meta.basis or [])}
    assert bases
    for b in sorted(bases):
        c = cite(b)
        assert c.title and c.title.startswith("《"), b


def test_cite_bases_merges_and_orders_articles():
    assert cite_bases(["《公平竞争审查条例》第十条", "《公平竞争审查条例》第八条", "国办发〔2018〕37号 （一）",
                       "国办发〔2018〕37号 一", "GB/T 9704—2012 7.3.5.4"]) == [
        "《公平竞争审查条例》第八条、第十条",
        "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）第一条、第（一）项",
        "《党政机关公文格式》（GB/T 9704—2012）第7.3.5.4条",
    ]
    assert cite("国办发〔2099〕1号 一").title is None  # not in the table: the worksheet lists it


# --- rendered by LibreOffice ----------------------------------------------------------------

@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdfinfo") and shutil.which("pdftotext")),
                    reason="LibreOffice (soffice) and poppler-utils (pdfinfo, pdftotext) are needed to render the .docx")
def test_docx_renders_in_libreoffice_as_a4_with_page_numbers(sample_outputs, tmp_path):
    out, _ = sample_outputs
    src = tmp_path / "意见.docx"
    shutil.copy(out / "意见.docx", src)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(src)], capture_output=True, timeout=180, check=True)
    pdf = tmp_path / "意见.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 2
    for n in (1, 2):
        page = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert re.search(rf"—\s*{n}\s*—", page), page[-200:]
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "朔州市司法局" in first and "合法性审核意见" in first


def test_decision_rule_is_in_explain_and_the_json_report_not_the_opinion(sample_outputs):
    _, md = sample_outputs
    res = run_cli("explain", "CER001")
    assert res.returncode == 0 and "对审核结论的影响：草案中有这一“错误”级问题的，审核结论为“不合法”" in res.stdout
    assert "判定规则：" in res.stdout
    assert "不影响审核结论" in run_cli("explain", "DDL001").stdout
    import json

    data = json.loads(run_cli("review", SAMPLE, "--today", TODAY, "--format", "json").stdout)
    assert data["review"]["deciding_rule"].startswith("判定规则") and "判定规则" not in md
