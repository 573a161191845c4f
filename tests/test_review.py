"""`doclint review PACKAGE` and `doclint deadline`: materials (四), procedure, period (六),
reviewing body (三) and the written opinion.  All package texts here are invented for the tests."""

import json
from pathlib import Path

import docx
import jsonschema
import pytest

from conftest import ROOT, SAMPLES, run_cli
from doclint.errors import RulesetError
from doclint.finding import Finding
from doclint.linter import Options
from doclint.package import MATERIALS
from doclint.report import FileResult
from doclint.review import Settings, conclude, market_signal, review_package
from doclint.rules.package_rules import FairCompetitionRule
from doclint.yamlutil import load_yaml

SCHEMA = json.loads((ROOT / "tests" / "data" / "report.schema.json").read_text(encoding="utf-8"))
SAMPLE = SAMPLES / "package-gov"
TODAY = "2025-10-22"


def text_pdf(lines, font_size=12) -> bytes:
    """A one-page text PDF written by hand (CJK in the non-embedded Adobe font STSong-Light)."""
    content = ["BT", f"/F1 {font_size} Tf", f"{font_size * 1.6:.1f} TL", "60 780 Td"]
    content += [f"<{line.encode('utf-16-be').hex().upper()}> Tj T*" for line in lines]
    content.append("ET")
    stream = "\n".join(content).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
        b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
        b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def make(folder: Path, files: dict, manifest: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = folder / name
        if name.endswith(".docx"):
            d = docx.Document()
            for line in text.split("\n"):
                d.add_paragraph(line)
            d.save(path)
        elif name.endswith(".pdf"):
            path.write_bytes(text_pdf(text.split("\n")))
        else:
            path.write_text(text, encoding="utf-8")
    if manifest is not None:
        (folder / "package.yaml").write_text(manifest, encoding="utf-8")
    return folder


# A library-service draft: no market operators, nothing unlawful.
CLEAN_DRAFT = """朔州市示例图书馆读者服务规定
（送审稿）
第一条 为保障公民基本文化权益，根据《中华人民共和国公共图书馆法》，结合本市实际，制定本规定。
第二条 市示例图书馆向读者免费开放，开放时间每周不少于56小时。
第三条 读者凭身份证件即可办理借阅手续。
第四条 本规定自2026年3月1日起施行。
"""
MARKET_DRAFT = """朔州市示例冷库建设扶持办法
（送审稿）
第一条 对在本市新建冷库并投入运营的企业，给予一次性补贴。
第二条 本办法自2026年3月1日起施行。
"""
FULL_EXPLANATION = """关于《示例规定》的起草说明
一、制定依据。根据《中华人民共和国公共图书馆法》，结合本市实际。
二、制定的必要性。读者对延长开放时间的需求日益迫切。
三、起草过程。起草组开展了调研，书面征求了有关部门意见。
四、所要解决的主要问题。开放时间偏短、借阅手续繁琐。
五、主要措施。规定共四条，明确了开放时间和借阅手续。
"""

GOV_FILES = {
    "关于提请审核《示例规定》的请示.docx": "朔州市示例局\n关于提请审核《示例规定》的请示\n朔州市人民政府办公室：\n现将送审稿报上，请予审核。",
    "示例规定（送审稿）.txt": CLEAN_DRAFT,
    "起草说明.txt": FULL_EXPLANATION,
    "制定依据.txt": "《中华人民共和国公共图书馆法》\n",
    "合法性审核意见.txt": "关于《示例规定》的合法性审核意见\n经审核，同意报送。\n",
    "征求意见汇总及采纳情况.txt": "征求意见汇总\n收到意见3条，均已采纳。\n",
    "局务会议纪要.txt": "局务会议纪要\n会议研究同意报送。\n",
    "附件8.pdf": "法律顾问意见书\n经审查，送审稿未发现违法内容。",
}
GOV_MANIFEST = "level: 市政府办公室\nissuer: 朔州市人民政府办公室\ndrafting_department: 朔州市示例局\n"
KIND_FILE = {  # kind -> the file of GOV_FILES that supplies it
    "request_letter": "关于提请审核《示例规定》的请示.docx", "draft": "示例规定（送审稿）.txt",
    "explanation": "起草说明.txt", "legal_basis": "制定依据.txt", "legality_opinion": "合法性审核意见.txt",
    "consultation": "征求意见汇总及采纳情况.txt", "collective_discussion": "局务会议纪要.txt",
    "legal_adviser": "附件8.pdf",
}


def review(engine, folder, today="2025-10-22", **kw):
    from datetime import date

    return review_package(folder, engine, Settings(today=date.fromisoformat(today), **kw))


def findings(rv, category=None, rule=None):
    return [f for fr in rv.report.files for f in fr.findings
            if (category is None or f.category == category) and (rule is None or f.rule == rule)]


# --- materials (四) --------------------------------------------------------------

def test_complete_government_package(engine, tmp_path):
    rv = review(engine, make(tmp_path / "pkg", GOV_FILES, GOV_MANIFEST))
    assert not findings(rv, "attachment") and not findings(rv, "procedure")
    d = rv.to_dict()["review"]
    assert d["materials"]["missing"] == []
    assert {m["kind"] for m in d["materials"]["found"]} == set(KIND_FILE)
    # the text PDF was read and recognised from its first line
    pdf = next(m for m in d["materials"]["found"] if m["path"].endswith(".pdf"))
    assert pdf["kind"] == "legal_adviser"
    assert not d["market_related"]["value"]
    draft_problems = [f for f in rv.drafts[0].findings if f.severity in ("error", "warning")]
    assert rv.conclusion == ("合法" if not draft_problems else "应当予以修改")
    assert rv.signer == "市司法行政部门" and "朔州市示例局" in rv.reviewing_body


@pytest.mark.parametrize("kind", list(KIND_FILE))
def test_each_missing_material_is_reported_by_name(engine, tmp_path, kind):
    files = {k: v for k, v in GOV_FILES.items() if k != KIND_FILE[kind]}
    rv = review(engine, make(tmp_path / "pkg", files, GOV_MANIFEST))
    rule = "PRO002" if kind == "collective_discussion" else "ATT001"
    found = findings(rv, rule=rule)
    assert len(found) == 1, [f.message for f in findings(rv)]
    assert MATERIALS[kind] in found[0].message
    assert found[0].excerpt.endswith(f"{MATERIALS[kind]}：缺")
    assert [m["kind"] for m in rv.to_dict()["review"]["materials"]["missing"]] == [kind]
    if kind == "draft":
        assert rv.conclusion == "应当予以修改" and "没有草案" in rv.reason
    # nothing else is reported missing
    assert len(findings(rv, "attachment")) + len(findings(rv, "procedure")) == 1


def test_department_package_uses_the_reduced_set(engine, tmp_path):
    files = {k: v for k, v in GOV_FILES.items() if k not in (KIND_FILE["request_letter"], KIND_FILE["legality_opinion"])}
    dept = review(engine, make(tmp_path / "dept", files, "level: 市直部门\nissuer: 朔州市示例局\n"))
    assert not findings(dept, "attachment") and not findings(dept, "procedure")
    assert [m["kind"] for m in dept.to_dict()["review"]["materials"]["required"]] == [
        "draft", "explanation", "legal_basis", "consultation", "collective_discussion", "legal_adviser"]
    assert dept.signer == "朔州市示例局内部审核机构"
    # the same files issued in the government's name miss the two materials
    gov = review(engine, make(tmp_path / "gov", files, "level: 市直部门\nin_government_name: true\n"))
    names = sorted(f.message for f in findings(gov, rule="ATT001"))
    assert len(names) == 2
    assert any(MATERIALS["request_letter"] in n for n in names)
    assert any(MATERIALS["legality_opinion"] in n for n in names)


def test_township_and_county_reviewers(engine, tmp_path):
    town = review(engine, make(tmp_path / "town", {"示例规定（送审稿）.txt": CLEAN_DRAFT}, "level: 乡镇\n"))
    assert town.reviewing_body == town.signer == "县（市、区）司法行政部门"
    county = review(engine, make(tmp_path / "county", {"示例规定（送审稿）.txt": CLEAN_DRAFT},
                                 "level: 县直部门\nissuer: 示例县示例局\nhas_review_body: true\n"))
    assert county.signer == "示例县示例局审核机构"


def test_market_related_draft_without_fair_competition_material(engine, tmp_path):
    files = {**GOV_FILES, "示例规定（送审稿）.txt": MARKET_DRAFT}
    rv = review(engine, make(tmp_path / "pkg", files, GOV_MANIFEST))
    found = findings(rv, rule="PRO001")
    assert len(found) == 1 and MATERIALS["fair_competition"] in found[0].message
    assert found[0].category == "procedure" and found[0].severity == "error"
    market = rv.to_dict()["review"]["market_related"]
    assert market["value"] and "企业" in market["reason"] and "补贴" in market["reason"]
    assert rv.conclusion in ("不合法", "应当予以修改")
    # with the material, nothing is reported
    files["公平竞争审查表.txt"] = "公平竞争审查表\n审查结论：未发现排除、限制竞争的内容。\n"
    rv = review(engine, make(tmp_path / "pkg2", files, GOV_MANIFEST))
    assert not findings(rv, rule="PRO001")
    assert {m["kind"] for m in rv.to_dict()["review"]["materials"]["found"]} >= {"fair_competition"}


def test_competition_findings_are_the_first_market_signal():
    fr = FileResult(path="草案.txt", text="第七条 优先采购本地产品。\n")
    fr.findings = [Finding("CMP999", "competition.test", "competition", "error", "本地优先。", 4, 12, 1, 5, 1, 13,
                           "优先采购本地产品", "第七条", ["《公平竞争审查条例》第九条"])]
    signal = market_signal([fr], FairCompetitionRule.OPTIONS)
    assert signal.related and "CMP999" in signal.reason and signal.line == 1
    assert not market_signal([FileResult(path="x.txt", text="读者凭身份证件借阅。")], FairCompetitionRule.OPTIONS).related
    # the word lists are options: without activities there is no keyword signal
    assert not market_signal([FileResult(path="x.txt", text="对企业给予补贴。")],
                             {"market_subjects": ["企业"], "market_activities": []}).related


def test_explanation_missing_elements_are_listed(engine, tmp_path):
    thin = "关于《示例规定》的起草说明\n根据《中华人民共和国公共图书馆法》制定。\n起草过程中征求了有关部门意见。\n"
    files = {**GOV_FILES, "起草说明.txt": thin}
    rv = review(engine, make(tmp_path / "pkg", files, GOV_MANIFEST))
    found = findings(rv, rule="ATT002")
    assert sorted(f.message for f in found) == sorted([
        "起草说明没有写明“制定的必要性”。", "起草说明没有写明“所要解决的主要问题”。", "起草说明没有写明“拟采取的主要措施”。"])
    entry = next(fr for fr in rv.report.files if fr.path.endswith("起草说明.txt"))
    assert entry.findings == found and all(f.line == 1 and f.excerpt == "关于《示例规定》的起草说明" for f in found)


def test_unrecognised_file_and_major_draft(engine, tmp_path):
    files = {**GOV_FILES, "附件9.txt": "会议通知\n请准时参会。\n"}
    rv = review(engine, make(tmp_path / "pkg", files, GOV_MANIFEST + "major: true\n"))
    assert [f.excerpt for f in findings(rv, rule="ATT003")] == ["未识别种类的文件：附件9.txt"]
    assert {f.excerpt for f in findings(rv, rule="PRO003")} == {"9. 专家论证意见：缺", "10. 风险评估报告：缺"}


def test_package_rules_do_nothing_on_a_single_document(tmp_path):
    p = tmp_path / "草案.txt"
    p.write_text(MARKET_DRAFT, encoding="utf-8")
    res = run_cli("check", p, "--format", "json", "--select", "attachment,procedure,deadline")
    assert json.loads(res.stdout)["files"][0]["findings"] == []


# --- the conclusion ----------------------------------------------------------------

def _f(category, severity):
    return Finding("TST001", f"{category}.x", category, severity, "测试。", 0, 1, 1, 1, 1, 2, "x", None, ["依据"])


@pytest.mark.parametrize("draft, package, expected", [
    ([("penalty", "error")], [], "不合法"),
    ([("competition", "error"), ("format", "warning")], [("attachment", "error")], "不合法"),
    ([("penalty", "warning")], [], "应当予以修改"),
    ([("format", "error")], [], "应当予以修改"),
    ([], [("attachment", "error")], "应当予以修改"),
    ([("scope", "info")], [("deadline", "error")], "合法"),
    ([], [], "合法"),
])
def test_conclusion_rule(draft, package, expected):
    d = FileResult(path="草案.txt", findings=[_f(*x) for x in draft])
    p = FileResult(path="pkg", findings=[_f(*x) for x in package])
    conclusion, why = conclude([d], [d, p])
    assert conclusion == expected and f"结论为“{expected}”" in why


# --- the review period in a package --------------------------------------------------

def test_period_and_deadline_findings(engine, tmp_path):
    manifest = GOV_MANIFEST + ("received: 2025-09-26\npauses:\n"
                               "  - {start: 2025-09-30, end: 2025-10-10, reason: 返回起草部门修改补充}\n"
                               "completed: 2025-10-29\n")
    rv = review(engine, make(tmp_path / "pkg", GOV_FILES, manifest))
    period = rv.to_dict()["review"]["period"]
    assert (period["earliest"], period["latest"], period["working_days_used"], period["status"]) == (
        "2025-10-14", "2025-10-28", 16, "too_long")
    assert period["pauses"] == [{"start": "2025-09-30", "end": "2025-10-10", "reason": "返回起草部门修改补充",
                                 "kind": "返回起草部门修改补充"}]
    [f] = findings(rv, rule="DDL002")
    assert f.excerpt == "审核完成：2025-10-29" and f.category == "deadline"
    assert rv.report.files[-1].path == str(tmp_path / "pkg") and f in rv.report.files[-1].findings
    # the opinion is dated on the recorded completion unless a date is given (--today)
    assert rv.today.isoformat() == "2025-10-29"
    from datetime import date
    rv = review(engine, tmp_path / "pkg", opinion_date=date(2025, 10, 30))
    assert rv.today.isoformat() == "2025-10-30" and rv.facts.period.status == "too_long"


def test_pause_before_receipt_names_the_manifest_line(engine, tmp_path):
    manifest = GOV_MANIFEST + "received: 2025-09-26\npauses:\n  - {start: 2025-09-20, end: 2025-09-30, reason: 座谈会}\n"
    rv = review(engine, make(tmp_path / "pkg", GOV_FILES, manifest))
    assert rv.exit_error and rv.facts.period is None
    assert rv.facts.period_note.startswith(f"{tmp_path / 'pkg' / 'package.yaml'}:6: ")


def test_2027_package_without_data_is_an_error_unless_weekends_only(engine, tmp_path):
    folder = make(tmp_path / "pkg", GOV_FILES, GOV_MANIFEST + "received: 2027-03-01\ncompleted: 2027-03-10\n")
    rv = review(engine, folder, today="2027-03-10")
    assert rv.exit_error and "2027年" in rv.facts.period_note and "--weekends-only" in rv.facts.period_note
    rv = review(engine, folder, today="2027-03-10", weekends_only=True)
    assert not rv.exit_error and rv.facts.period.status == "ok"
    assert any("仅按周末" in n for n in rv.folder_entry.notices)


# --- CLI: review ----------------------------------------------------------------------

def test_review_sample_prints_the_opinion():
    res = run_cli("review", SAMPLE, "--today", TODAY)
    assert res.returncode == 1, res.stderr
    out = res.stdout
    assert out.startswith("关于《朔州市促进冷链物流高质量发展若干措施》的合法性审核意见\n")
    for words in ("〔　〕号", "朔州市商务局：", "一、审核依据", "二、审核结论", "审核结论为：不合法",
                  "三、存在的问题和修改意见", "（一）关于第五条", "原文：", "问题：", "依据：", "修改意见：",
                  "四、送审材料和制定程序", "关于公平竞争审查材料", "所要解决的主要问题",
                  "《公平竞争审查条例》第八条、第九条", "朔州市司法局", "2025年10月22日"):
        assert words in out, words
    # the tool's decision rule, rule ids and the review period stay in the report and the worksheet
    for words in ("判定规则", "CMP003", "位置：", "第15个工作日", ".txt"):
        assert words not in out, words
    md = run_cli("review", SAMPLE, "--today", TODAY, "--format", "markdown").stdout
    assert md.startswith("# 关于《") and "## 三、存在的问题和修改意见" in md and "审核结论为：**不合法**" in md


def test_review_json_validates_and_has_the_review_object():
    res = run_cli("review", SAMPLE, "--today", TODAY, "--format", "json")
    data = json.loads(res.stdout)
    jsonschema.validate(data, SCHEMA)
    paths = [f["path"] for f in data["files"]]
    assert paths[-1] == str(SAMPLE.relative_to(ROOT)) or paths[-1] == str(SAMPLE)
    assert len(paths) == len([p for p in SAMPLE.iterdir() if p.name != "package.yaml"]) + 1
    by_name = {Path(p).name: f for p, f in zip(paths, data["files"])}
    assert [f["rule"] for f in by_name["package-gov"]["findings"]] == ["PRO001"]
    assert [f["rule"] for f in by_name["起草说明.md"]["findings"]] == ["ATT002"]
    assert by_name["法律顾问意见书.pdf"]["findings"] == [] and by_name["法律顾问意见书.pdf"]["error"] is None
    r = data["review"]
    assert r["conclusion"] in ("不合法", "应当予以修改") and r["deciding_rule"].startswith("判定规则")
    assert r["reviewing_body"].startswith("先由起草部门（朔州市商务局）")
    assert [m["kind"] for m in r["materials"]["missing"]] == ["fair_competition"]
    assert {m["kind"] for m in r["materials"]["found"]} == set(KIND_FILE)
    p = r["period"]
    assert (p["received"], p["earliest"], p["latest"], p["completed"], p["working_days_used"], p["status"]) == (
        "2025-09-26", "2025-10-10", "2025-10-27", "2025-10-22", 12, "ok")
    assert p["pauses"][0]["kind"] == "座谈会"
    total = sum(len(f["findings"]) for f in data["files"])
    assert total == data["summary"]["errors"] + data["summary"]["warnings"] + data["summary"]["infos"]


def test_review_docx_accounts_for_every_finding(tmp_path):
    """Each error and warning is a point of the opinion (its clause or material); every finding,
    with its rule and line, is in the worksheet written beside it."""
    out, sheet = tmp_path / "意见.docx", tmp_path / "底稿.md"
    res = run_cli("review", SAMPLE, "--today", TODAY, "--format", "docx", "--output", out, "--worksheet", sheet)
    assert res.returncode == 1 and "已写入审核意见" in res.stdout, res.stderr
    document = docx.Document(str(out))
    paragraphs = [p.text for p in document.paragraphs if p.text]
    text = "\n".join(paragraphs)
    data = json.loads(run_cli("review", SAMPLE, "--today", TODAY, "--format", "json").stdout)
    found = [f for fr in data["files"] for f in fr["findings"]]
    assert found
    worksheet = sheet.read_text(encoding="utf-8")
    for f in found:
        assert f"| {f['rule']} |" in worksheet and f["message"].replace("|", "\\|") in worksheet, f["rule"]
        if f["severity"] != "info" and f["section"]:
            assert f"关于{f['section']}" in text, f["section"]
    assert "关于起草说明" in text and "关于公平竞争审查材料" in text
    assert paragraphs[:3] == ["朔州市司法局", "〔　〕号", "关于《朔州市促进冷链物流高质量发展若干措施》的合法性审核意见"]
    title = next(p for p in document.paragraphs if p.text == paragraphs[2])
    assert title.alignment == 1  # centred
    assert paragraphs[3] == "朔州市商务局："
    assert paragraphs[-2:] == ["朔州市司法局", "2025年10月22日"]


def test_review_bad_input_is_one_line_exit_2(tmp_path):
    res = run_cli("review", tmp_path / "nope")
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and "不是文件夹" in res.stderr
    res = run_cli("review", SAMPLE, "--format", "docx")
    assert res.returncode == 2 and "--output" in res.stderr
    bad = make(tmp_path / "bad", {"示例规定（送审稿）.txt": CLEAN_DRAFT}, "level: 市政府\nsigner: 张三\n")
    res = run_cli("review", bad)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert res.stderr.strip().endswith("package.yaml:2: 未知的键“signer”，允许的键为：" + res.stderr.split("允许的键为：")[1].strip())
    # an unreadable draft: exit 2, and the other materials are still reported
    broken = make(tmp_path / "broken", {"起草说明.txt": FULL_EXPLANATION})
    (broken / "示例规定（送审稿）.docx").write_bytes(b"not a zip")
    res = run_cli("review", broken, "--format", "json")
    assert res.returncode == 2 and "Traceback" not in res.stderr
    data = json.loads(res.stdout)
    jsonschema.validate(data, SCHEMA)
    draft = next(f for f in data["files"] if f["path"].endswith(".docx"))
    assert draft["error"] and draft["findings"] == []
    assert data["review"]["conclusion"] == "应当予以修改"


# --- CLI: deadline ----------------------------------------------------------------------

def deadline(*args):
    return run_cli("deadline", *args)


def test_deadline_across_national_day_with_makeup_days():
    res = deadline("--received", "2025-09-26", "--today", "2025-10-14")
    assert res.returncode == 0, res.stderr
    assert "第1个工作日：2025年9月28日（星期日，调休上班）" in res.stdout
    assert "最早完成（第5个工作日）：2025年10月10日（星期五）" in res.stdout
    assert "最迟完成（第15个工作日）：2025年10月23日（星期四）" in res.stdout
    assert "已用8个工作日" in res.stdout and "审核尚未完成，未超过期限" in res.stdout
    late = deadline("--received", "2025-09-26", "--completed", "2025-10-24")
    assert late.returncode == 1 and "用时16个工作日" in late.stdout and "超过15个工作日" in late.stdout
    short = deadline("--received", "2025-09-26", "--completed", "2025-10-09")
    assert short.returncode == 1 and "少于5个工作日" in short.stdout


def test_deadline_across_spring_festival():
    # 2026: Sat Feb 14 is a make-up working day (#2), Feb 15–23 off, Sat Feb 28 worked (#7).
    res = deadline("--received", "2026-02-12", "--completed", "2026-02-26")
    assert res.returncode == 0
    assert "第1个工作日：2026年2月13日（星期五）" in res.stdout
    assert "最早完成（第5个工作日）：2026年2月26日" in res.stdout
    assert "最迟完成（第15个工作日）：2026年3月11日" in res.stdout
    # 2025: received Fri Jan 24; Sun Jan 26 is the make-up working day #1, Jan 28–Feb 4 off.
    res = deadline("--received", "2025-01-24", "--completed", "2025-02-21")
    assert res.returncode == 1 and "用时16个工作日" in res.stdout
    assert "第1个工作日：2025年1月26日（星期日，调休上班）" in res.stdout
    assert "最早完成（第5个工作日）：2025年2月7日" in res.stdout
    assert "最迟完成（第15个工作日）：2025年2月20日" in res.stdout


def test_deadline_pause_spanning_the_holiday():
    res = deadline("--received", "2025-09-26", "--pause", "2025-09-30:2025-10-10:返回起草部门修改补充",
                   "--completed", "2025-10-24")
    assert res.returncode == 0, res.stdout
    assert "最早完成（第5个工作日）：2025年10月14日" in res.stdout
    assert "最迟完成（第15个工作日）：2025年10月28日" in res.stdout
    assert "扣除暂停期间的工作日：3个" in res.stdout and "用时13个工作日" in res.stdout
    unlisted = deadline("--received", "2025-09-26", "--pause", "2025-10-09:2025-10-09", "--completed", "2025-10-24")
    assert "不属于六所列情形" in unlisted.stdout


def test_deadline_emergency_exemption():
    res = deadline("--received", "2025-09-26", "--completed", "2025-09-29", "--emergency", "应对突发公共卫生事件")
    assert res.returncode == 0
    assert "紧急情形，不受审核期限限制" in res.stdout and "应对突发公共卫生事件" in res.stdout
    data = json.loads(deadline("--received", "2025-09-26", "--completed", "2025-09-29", "--emergency", "x",
                               "--format", "json").stdout)
    assert data["status"] == "exempt" and data["emergency"] == "x" and data["working_days_used"] == 2


FAKE_2027 = """\
year: 2027
source: 测试用虚构数据（真实的2027年安排尚未公布）
holidays: [2027-02-06..2027-02-12]
workdays: [2027-02-14]
"""


def test_deadline_2027_with_and_without_override(tmp_path):
    res = deadline("--received", "2027-02-03", "--completed", "2027-03-03")
    assert res.returncode == 2 and res.stderr.count("\n") == 1
    assert "2027年" in res.stderr and "--weekends-only" in res.stderr and "Traceback" not in res.stderr
    (tmp_path / "2027.yaml").write_text(FAKE_2027, encoding="utf-8")
    res = deadline("--received", "2027-02-03", "--completed", "2027-03-03", "--calendar", tmp_path)
    assert res.returncode == 1, res.stderr
    assert "第1个工作日：2027年2月4日" in res.stdout
    assert "最早完成（第5个工作日）：2027年2月16日" in res.stdout
    assert "最迟完成（第15个工作日）：2027年3月2日" in res.stdout and "用时16个工作日" in res.stdout
    weekends = deadline("--received", "2027-02-03", "--completed", "2027-02-24", "--weekends-only")
    assert weekends.returncode == 0 and "仅按周末" in weekends.stdout
    assert "最迟完成（第15个工作日）：2027年2月24日" in weekends.stdout


def test_deadline_bad_input_exit_2(tmp_path):
    res = deadline("--received", "2025-09-26", "--completed", "2025-09-20")
    assert res.returncode == 2 and "早于收到全部材料之日" in res.stderr
    assert deadline("--received", "2025-9-26").returncode == 2
    assert deadline("--received", "2025-09-26", "--pause", "2025-10-01").returncode == 2
    (tmp_path / "2027.yaml").write_text(FAKE_2027.replace("2027-02-06..", "2027-02-30.."), encoding="utf-8")
    res = deadline("--received", "2027-02-03", "--calendar", tmp_path)
    assert res.returncode == 2 and "2027.yaml:3:" in res.stderr


# --- samples and YAML -------------------------------------------------------------------

def test_sample_materials_are_readable():
    from doclint.package import load_package
    from doclint.readers import read_path

    pkg = load_package(SAMPLE)
    kinds = {m.path.suffix: m.kind for m in pkg.materials}
    assert kinds[".docx"] == "request_letter" and kinds[".pdf"] == "legal_adviser"
    assert read_path(str(SAMPLE / "法律顾问意见书.pdf")).text.startswith("法律顾问意见书\n")


def test_yaml_duplicate_key_and_impossible_date_name_the_line(tmp_path):
    with pytest.raises(RulesetError) as info:
        load_yaml("p.yaml", "level: 市政府\nissuer: 甲\nlevel: 乡镇\n")
    assert str(info.value).startswith("p.yaml:3: 重复的键“level”（第1行已有）")
    with pytest.raises(RulesetError, match=r"^p\.yaml:2: 日期无效：“2027-02-30”"):
        load_yaml("p.yaml", "level: 市政府\nreceived: 2027-02-30\n")
    # a merge key may be overridden: that is not a duplicate
    assert load_yaml("p.yaml", "a: &x {k: 1, j: 2}\nb:\n  <<: *x\n  k: 3\n")["b"] == {"k": 3, "j": 2}


def test_bad_example_of_a_package_rule_names_the_rule(engine):
    rule = engine.by_id["ATT001"]
    with pytest.raises(RulesetError, match="ATT001 的示例不是有效的送审材料描述"):
        engine.example_findings(rule, "files: [a, b]\nlevel: 1: 2\n")
