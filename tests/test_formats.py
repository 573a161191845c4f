"""Output formats: SARIF against the SARIF 2.1.0 schema, GitHub lines exactly, markdown and HTML structure.

Most checks use a report built here from a small draft of our own (so the expected lines do
not move when a ruleset's wording changes); the end-to-end checks run the real command on the
bundled samples.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest

from conftest import SAMPLES, run_cli
from doclint.finding import Finding
from doclint.formatters import FORMATS, render
from doclint.report import FileResult, Report
from doclint.source import Source

DATA = Path(__file__).parent / "data"
SARIF_SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

DRAFT = (
    "关于加强城区摊点管理的通知\n"
    "各有关单位：\n"
    "一、经营者应当向市场监管局缴纳管理费，每年500元。\n"
    "二、违反规定的，处2000元罚款，并列入“黑名单”。\n"
    "<script>alert(1)</script>\n"
    "三、本通知自印发之日起施行。"
)


def make_finding(text, rule, category, severity, excerpt, *, nth=0, end_excerpt=None, message=None,
                 basis=None, suggestion=None, section=None, at=None):
    """A finding on ``excerpt`` (its nth occurrence) in ``text``; ``at`` gives an empty span."""
    src = Source(path="x", text=text, kind="txt")
    if at is not None:
        start = end = at
    else:
        start = -1
        for _ in range(nth + 1):
            start = text.index(excerpt, start + 1)
        end = start + len(excerpt) if end_excerpt is None else text.index(end_excerpt, start) + len(end_excerpt)
    line, col = src.line_col(start)
    end_line, end_col = src.line_col(end)
    return Finding(
        rule=rule, name=f"{category}.test", category=category, severity=severity,
        message=message or f"{rule} 的说明。", offset=start, end_offset=end, line=line, column=col,
        end_line=end_line, end_column=end_col, excerpt=text[start:end], section=section,
        basis=basis if basis is not None else ["《中华人民共和国行政处罚法》第十六条"], suggestion=suggestion,
    )


def sample_findings(text=DRAFT):
    return [
        # outer and nested spans on one line
        make_finding(text, "FEE001", "fee", "error", "缴纳管理费，每年500元", section="一、",
                     message="不得设立收费项目：收费标准为100%, 无依据。",
                     basis=["《中华人民共和国价格法》第四十七条"], suggestion="删除该收费。"),
        make_finding(text, "FEE003", "fee", "warning", "管理费", section="一、"),
        # two spans that cross each other
        make_finding(text, "PEN001", "penalty", "error", "处2000元罚款，并列入", section="二、"),
        make_finding(text, "OBL005", "obligation", "warning", "罚款，并列入“黑名单”", section="二、"),
        # a span over a line end, and an empty span at the very end
        make_finding(text, "CIT001", "citation", "info", "</script>", end_excerpt="三、本通知"),
        make_finding(text, "FMT001", "format", "info", "", at=len(text), message="缺少成文日期。", basis=[]),
    ]


def sample_report(*, path="drafts/草案 一.txt", broken="drafts/坏文件.docx") -> Report:
    fr = FileResult(path=path, findings=sorted(sample_findings(), key=Finding.sort_key), text=DRAFT,
                    origins=[f"第{i}行" for i in range(1, DRAFT.count("\n") + 2)])
    fr.document = {"title": "关于加强城区摊点管理的通知", "doc_number": None, "issuer": None, "date": None,
                   "kind": "通知"}
    fr.scope = {"normative": True, "reasons": ["内容涉及不特定经营者的义务"]}
    bad = FileResult(path=broken, error=f"{broken}: 不是有效的 .docx 文件（无法解压）")
    return Report(files=[fr, bad])


# ---------------------------------------------------------------- registry and CLI


def test_formats_are_registered_and_offered_by_the_cli():
    assert {"text", "json", "sarif", "github", "html", "markdown"} <= set(FORMATS)
    res = run_cli("check", "--help")
    for name in ("sarif", "github", "html", "markdown"):
        assert name in res.stdout


@pytest.mark.parametrize("fmt", ["sarif", "github", "html", "markdown"])
def test_every_format_writes_to_output_file(tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    res = run_cli("check", "--format", fmt, "--output", out, SAMPLES / "parking-draft.txt")
    assert res.returncode == 1, res.stderr
    assert res.stdout == ""
    assert out.read_text(encoding="utf-8").strip()


def test_formats_go_through_the_one_serialiser(monkeypatch):
    """Changing Finding.to_dict changes every format: none re-serialises findings by hand."""
    original = Finding.to_dict

    def patched(self):
        d = original(self)
        d["message"] = "经序列化器改写的说明"
        return d

    monkeypatch.setattr(Finding, "to_dict", patched)
    report = sample_report()
    for fmt in ("sarif", "github", "html", "markdown"):
        out = render(fmt, report)
        assert "经序列化器改写的说明" in out, fmt
        assert "不得设立收费项目" not in out, fmt


# ---------------------------------------------------------------- SARIF


def sarif_of(report):
    data = json.loads(render("sarif", report))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(data)
    return data


def test_bundled_schema_is_the_sarif_2_1_0_schema():
    jsonschema.Draft4Validator.check_schema(SARIF_SCHEMA)
    assert SARIF_SCHEMA["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    assert SARIF_SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]


def test_sarif_validates_and_carries_rules_results_and_regions():
    data = sarif_of(sample_report())
    assert data["version"] == "2.1.0"
    (run,) = data["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    fee = next(r for r in rules if r["id"] == "FEE001")
    assert fee["name"] == "fee.test"
    assert fee["shortDescription"]["text"].startswith("不得设立收费项目")
    assert "《中华人民共和国价格法》第四十七条" in fee["help"]["text"]
    assert "删除该收费" in fee["help"]["text"]
    assert fee["properties"]["category"] == "fee"
    assert fee["properties"]["basis"] == ["《中华人民共和国价格法》第四十七条"]
    assert fee["properties"]["severity"] == "error"

    findings = sorted(sample_findings(), key=Finding.sort_key)
    results = run["results"]
    assert len(results) == len(findings)
    for res, f in zip(results, findings):
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"] == f.rule
        assert res["level"] == {"error": "error", "warning": "warning", "info": "note"}[f.severity]
        assert res["message"]["text"].startswith(f.message)
        for b in f.basis:
            assert b in res["message"]["text"]
        (loc,) = res["locations"]
        assert unquote(loc["physicalLocation"]["artifactLocation"]["uri"]) == "drafts/草案 一.txt"
        region = loc["physicalLocation"]["region"]
        assert region == {
            "startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column,
            "charOffset": f.offset, "charLength": f.end_offset - f.offset,
        }
        # code-point columns: the region picks out exactly the finding's text
        lines = DRAFT.split("\n")
        if f.line == f.end_line:
            assert lines[f.line - 1][f.column - 1 : f.end_column - 1] == f.excerpt
        assert DRAFT[region["charOffset"] : region["charOffset"] + region["charLength"]] == f.excerpt


def test_sarif_reports_unreadable_files_as_failed_execution():
    data = sarif_of(sample_report())
    (inv,) = data["runs"][0]["invocations"]
    assert inv["executionSuccessful"] is False
    (note,) = inv["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert "不是有效的 .docx 文件" in note["message"]["text"]
    uri = note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert unquote(uri) == "drafts/坏文件.docx"


def test_sarif_uris_are_valid_references():
    from doclint.formatters.sarif import artifact_uri

    assert artifact_uri("drafts/a.txt") == "drafts/a.txt"
    assert artifact_uri("drafts\\a b.txt") == "drafts/a%20b.txt"
    assert artifact_uri("/tmp/草案.txt") == "file:///tmp/%E8%8D%89%E6%A1%88.txt"
    assert unquote(artifact_uri("文件#1?.md")) == "文件#1?.md"
    assert "#" not in artifact_uri("文件#1?.md") and "?" not in artifact_uri("文件#1?.md")


def test_sarif_from_the_command_line_validates(tmp_path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a zip")
    res = run_cli("check", "--format", "sarif", SAMPLES / "parking-draft.docx", SAMPLES / "clean-notice.txt", bad)
    assert res.returncode == 2
    data = json.loads(res.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(data)
    js = json.loads(run_cli("check", "--format", "json", SAMPLES / "parking-draft.docx").stdout)
    expected = [(f["rule"], f["line"], f["column"]) for f in js["files"][0]["findings"]]
    got = [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
         r["locations"][0]["physicalLocation"]["region"]["startColumn"])
        for r in data["runs"][0]["results"]
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("parking-draft.docx")
    ]
    assert got == expected and got
    assert data["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_sarif_clean_run_is_successful():
    res = run_cli("check", "--format", "sarif", SAMPLES / "clean-notice.txt")
    data = json.loads(res.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(data)
    assert all(r["level"] != "error" for r in data["runs"][0]["results"])
    assert data["runs"][0]["invocations"][0]["executionSuccessful"] is True
    empty = sarif_of(Report(files=[FileResult(path="a.txt", text="第一条 内容。")]))
    assert empty["runs"][0]["results"] == [] and empty["runs"][0]["tool"]["driver"]["rules"] == []


def test_suppressed_findings_keep_their_reason_in_sarif_markdown_and_html():
    text = "第一条 经营者须经批准后方可营业。"
    kept = make_finding(text, "LIC001", "licensing", "error", "须经批准")
    kept.suppressed = "经市司法局 2024 年书面同意保留"
    fr = FileResult(path="a.md", findings=[], suppressed=[kept], text=text)
    data = sarif_of(Report(files=[fr]))
    (res,) = data["runs"][0]["results"]
    assert res["suppressions"] == [{"kind": "inSource", "status": "accepted", "justification": kept.suppressed}]
    assert kept.suppressed in render("markdown", Report(files=[fr]))
    page = render("html", Report(files=[fr]))
    assert "已豁免的问题" in page and kept.suppressed in page
    assert render("github", Report(files=[fr])) == ""


# ---------------------------------------------------------------- GitHub


def test_github_lines_exactly():
    report = sample_report(path="drafts/a,b:c.txt", broken="drafts/坏文件.docx")
    lines = render("github", report).split("\n")
    assert lines[-1] == ""  # ends with a newline
    assert lines[:-1] == [
        "::error file=drafts/a%2Cb%3Ac.txt,line=3,col=14,endLine=3,endColumn=26,title=FEE001"
        "::不得设立收费项目：收费标准为100%25, 无依据。（依据：《中华人民共和国价格法》第四十七条）",
        "::warning file=drafts/a%2Cb%3Ac.txt,line=3,col=16,endLine=3,endColumn=19,title=FEE003"
        "::FEE003 的说明。（依据：《中华人民共和国行政处罚法》第十六条）",
        "::error file=drafts/a%2Cb%3Ac.txt,line=4,col=9,endLine=4,endColumn=21,title=PEN001"
        "::PEN001 的说明。（依据：《中华人民共和国行政处罚法》第十六条）",
        "::warning file=drafts/a%2Cb%3Ac.txt,line=4,col=15,endLine=4,endColumn=26,title=OBL005"
        "::OBL005 的说明。（依据：《中华人民共和国行政处罚法》第十六条）",
        # spans two lines: GitHub takes no columns then
        "::notice file=drafts/a%2Cb%3Ac.txt,line=5,endLine=6,title=CIT001"
        "::CIT001 的说明。（依据：《中华人民共和国行政处罚法》第十六条）",
        # an empty span: a column, no end column
        "::notice file=drafts/a%2Cb%3Ac.txt,line=6,col=15,endLine=6,title=FMT001::缺少成文日期。",
        "::error file=drafts/坏文件.docx::drafts/坏文件.docx: 不是有效的 .docx 文件（无法解压）",
    ]


def test_github_escaping_rules():
    from doclint.formatters.github import escape_data, escape_property

    assert escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"
    text = "第一条 罚款。"
    f = make_finding(text, "PEN001", "penalty", "error", "罚款", message="多行\n说明：50%")
    out = render("github", Report(files=[FileResult(path="a.txt", findings=[f], text=text)]))
    assert out.count("\n") == 1
    assert out.endswith("::多行%0A说明：50%25（依据：《中华人民共和国行政处罚法》第十六条）\n")


def test_github_from_the_command_line_one_line_per_finding():
    js = json.loads(run_cli("check", "--format", "json", "samples/parking-draft.txt").stdout)
    res = run_cli("check", "--format", "github", "samples/parking-draft.txt")
    lines = res.stdout.splitlines()
    findings = js["files"][0]["findings"]
    assert len(lines) == len(findings) > 0
    for line, f in zip(lines, findings):
        kind = {"error": "error", "warning": "warning", "info": "notice"}[f["severity"]]
        if f["line"] == f["end_line"]:
            props = f"line={f['line']},col={f['column']},endLine={f['end_line']}"
            props += f",endColumn={f['end_column']}" if f["end_column"] > f["column"] else ""
        else:  # GitHub takes columns only on one-line annotations
            props = f"line={f['line']},endLine={f['end_line']}"
        assert line.startswith(f"::{kind} file=samples/parking-draft.txt,{props},title={f['rule']}::")
        assert re.fullmatch(r"::(error|warning|notice) [^:]*::.+", line)


# ---------------------------------------------------------------- markdown


def test_markdown_tables_and_summary():
    out = render("markdown", sample_report())
    lines = out.split("\n")
    assert lines[0] == "# doclint 审核报告"
    assert "已检查 2 个文件：2 个错误，2 个警告，2 个提示，1 个文件无法读取。" in lines
    assert "| 类别 | 错误 | 警告 | 提示 | 合计 |" in lines
    assert "| 行政征收/收费（fee） | 1 | 1 | 0 | 2 |" in lines
    assert "## drafts/草案 一.txt" in lines
    header = lines.index("| 位置 | 规则 | 级别 | 问题 | 依据 |")
    assert lines[header + 1] == "|---|---|---|---|---|"
    rows = []
    for line in lines[header + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(line)
    assert len(rows) == 6
    # every row has exactly five cells: no unescaped pipe from the text breaks the table
    for row in rows:
        assert len(re.split(r"(?<!\\)\|", row)) == 7, row
    assert rows[0].startswith("| 3:14<br>一、 | FEE001 | 错误 | 不得设立收费项目")
    assert "建议：删除该收费。" in rows[0]
    assert "《中华人民共和国价格法》第四十七条" in rows[0]
    assert "> **无法读取**：drafts/坏文件.docx: 不是有效的 .docx 文件（无法解压）" in lines
    # document text is escaped, never live markup
    assert "<script>" not in out and "</script>" not in out
    assert r"\</script\><br>三、本通知" in out


def test_markdown_escapes_pipes_in_text():
    text = "第一条 A|B 须经批准。"
    f = make_finding(text, "LIC001", "licensing", "error", "A|B 须经批准")
    out = render("markdown", Report(files=[FileResult(path="a.txt", findings=[f], text=text)]))
    row = next(line for line in out.split("\n") if "LIC001" in line and line.startswith("|"))
    assert "A\\|B" in row
    assert len(re.split(r"(?<!\\)\|", row)) == 7


def test_markdown_clean_file():
    res = run_cli("check", "--format", "markdown", SAMPLES / "clean-notice.txt")
    assert res.returncode == 0
    assert "## " in res.stdout
    out = render("markdown", Report(files=[FileResult(path="a.txt", text="第一条 内容。")]))
    assert out.split("\n")[2:7] == ["已检查 1 个文件：0 个错误，0 个警告，0 个提示。", "", "## a.txt", "", "未发现问题。"]


# ---------------------------------------------------------------- HTML (static checks; the browser test is separate)


class Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[dict] = []  # open marks
        self.mark_text: dict[tuple[str, str], list[str]] = {}
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "mark":
            self.stack.append(a)
        if tag in ("script", "style"):
            self._in = tag

    def handle_endtag(self, tag):
        if tag == "mark":
            self.stack.pop()
        if tag in ("script", "style"):
            self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)
        for a in self.stack:
            key = (a["data-note"].split("-")[0], a["data-n"])
            self.mark_text.setdefault(key, []).append(data)


def parse(html_text):
    p = Collect()
    p.feed(html_text)
    p.close()
    return p


def _sha(s):
    return "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"


def test_html_is_self_contained_and_scripts_are_pinned_by_csp():
    out = render("html", sample_report())
    p = parse(out)
    assert out.startswith("<!DOCTYPE html>")
    assert len(p.scripts) == 1 and len(p.styles) == 1
    csp = next(a["content"] for t, a in p.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp
    assert f"script-src {_sha(p.scripts[0])}" in csp
    assert f"style-src {_sha(p.styles[0])}" in csp
    for tag, a in p.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed")
        assert not a.get("src"), tag
        assert not (a.get("href") or "").startswith(("http:", "https:", "//"))
        assert not any(k.startswith("on") for k in a), (tag, a)  # no inline handlers
        assert "style" not in a, tag  # inline style attributes would be blocked by the CSP


def test_html_marks_wrap_exactly_each_finding():
    report = sample_report()
    out = render("html", report)
    p = parse(out)
    findings = report.files[0].findings
    marks = [a for t, a in p.tags if t == "mark"]
    assert {a["data-n"] for a in marks} == {str(i) for i in range(1, len(findings) + 1)}
    for n, f in enumerate(findings, 1):
        got = "".join(p.mark_text.get(("f1", str(n)), []))
        assert got == DRAFT[f.offset : f.end_offset].replace("\n", ""), (n, f.rule)
        firsts = [a for a in marks if a["data-n"] == str(n) and "first" in a["class"].split()]
        assert len(firsts) == 1 and firsts[0]["id"] == f"f1-m{n}"
        assert firsts[0]["data-category"] == f.category and firsts[0]["data-rule"] == f.rule
    # the crossing span and the two-line span are split into fragments sharing a number
    assert sum(1 for a in marks if a["data-n"] == "4") == 2  # OBL005 crosses PEN001
    assert sum(1 for a in marks if a["data-n"] == "5") == 2  # CIT001 spans two lines


def test_html_notes_summary_filter_and_errors():
    out = render("html", sample_report())
    p = parse(out)
    notes = [a for t, a in p.tags if t == "div" and "note" in a.get("class", "").split()]
    assert [a["data-rule"] for a in notes] == [f.rule for f in sorted(sample_findings(), key=Finding.sort_key)]
    assert "不得设立收费项目：收费标准为100%, 无依据。" in out
    assert "依据：</span>《中华人民共和国价格法》第四十七条" in out
    assert "建议：</span>删除该收费。" in out
    assert "第 3 行第 14 列 · 一、" in out
    filters = {a["data-filter"] for t, a in p.tags if t == "input" and "data-filter" in a}  # category filters
    assert filters == {"fee", "penalty", "obligation", "citation", "format"}
    for label in ("行政征收/收费", "行政处罚", "减损权益/增加义务", "引用", "公文格式", "错误", "警告", "提示"):
        assert label in out
    sections = [a for t, a in p.tags if t == "section"]
    assert [a["data-path"] for a in sections] == ["drafts/草案 一.txt", "drafts/坏文件.docx"]
    assert "无法读取：drafts/坏文件.docx: 不是有效的 .docx 文件（无法解压）" in out


def test_html_escapes_document_text():
    out = render("html", sample_report())
    assert out.count("<script") == 1  # only the page's own script
    assert "&lt;script&gt;alert(1)" in out and "&lt;/script&gt;" in out
    assert "alert(1)" not in parse(out).scripts[0]
    text = '第一条 "><img src=x onerror=alert(1)> 须经批准。'
    f = make_finding(text, "LIC001", "licensing", "error", "须经批准", message='<b onclick="x">')
    out = render("html", Report(files=[FileResult(path='<i>.txt', findings=[f], text=text)]))
    assert "<img" not in out and "<b " not in out and "<i>" not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out


def test_html_from_the_command_line_is_deterministic():
    env = {"SOURCE_DATE_EPOCH": "1741140000"}  # the generation time in the header
    a = run_cli("check", "--format", "html", SAMPLES / "parking-draft.docx", env=env).stdout
    b = run_cli("check", "--format", "html", SAMPLES / "parking-draft.docx", env=env).stdout
    assert a == b and "<mark" in a
