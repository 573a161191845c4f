"""Suppressions: each form, the reason requirement, unused and malformed ones, the .docx
sidecar list, and the review trail kept in the JSON report."""

import json
import textwrap
from pathlib import Path

import docx
import jsonschema
import pytest
from click.testing import CliRunner

from doclint.cli import main

LIC = "第三条 设立经营性停车场的，须经市城市管理局审批后，方可营业。"
PEN = "第九条 违反本办法的，由市城市管理局处1万元罚款。"
FEE = "第五条 停车场经营者应当按照每个车位每年200元的标准缴纳停车场管理费。"


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def run(*args):
    res = CliRunner().invoke(main, ["check", "--format", "json", "--no-config", *map(str, args)],
                             catch_exceptions=False)
    assert "Traceback" not in res.output
    return res, json.loads(res.stdout)


def found(data, i=0):
    return [(x["rule"], x["line"]) for x in data["files"][i]["findings"]]


def suppressed(data, i=0):
    return [(x["rule"], x["line"], x["suppressed"]) for x in data["files"][i].get("suppressed", [])]


def test_disable_enable_range(tmp_path):
    p = write(tmp_path / "a.md", f"""
        <!-- doclint: disable=LIC001,penalty reason="依据市停车条例第十条，审核机构已确认" -->
        {LIC}
        {PEN}
        <!-- doclint: enable=LIC001 -->
        {LIC}
        {PEN}
        """)
    res, data = run(p, "--select", "LIC,PEN,SUP")
    assert found(data) == [("LIC001", 5)], "LIC001 re-enabled on line 4; penalty stays disabled to the end"
    reason = "依据市停车条例第十条，审核机构已确认"
    assert suppressed(data) == [("LIC001", 2, reason), ("PEN001", 3, reason), ("PEN001", 6, reason)]
    assert res.exit_code == 1


def test_disable_next_paragraph_txt_is_one_line(tmp_path):
    p = write(tmp_path / "a.txt", f"""
        <!-- doclint: disable-next-paragraph=PEN001 reason=“经核实，罚款依据《城市道路管理条例》第四十二条” -->

        {PEN}
        {PEN}
        """)
    _, data = run(p, "--select", "PEN,SUP")
    assert found(data) == [("PEN001", 4)]
    assert suppressed(data) == [("PEN001", 3, "经核实，罚款依据《城市道路管理条例》第四十二条")]


def test_disable_next_paragraph_md_is_a_block(tmp_path):
    p = write(tmp_path / "a.md", f"""
        {PEN}<!-- doclint: disable-next-paragraph=PEN reason="已核实" -->
        {PEN}
        {PEN}

        {PEN}
        """)
    _, data = run(p, "--select", "PEN,SUP")
    assert found(data) == [("PEN001", 1), ("PEN001", 5)]
    assert [s[1] for s in suppressed(data)] == [2, 3]


def test_selectors_by_category_prefix_name_and_all(tmp_path):
    p = write(tmp_path / "a.txt", FEE + "\n")
    _, data = run(p, "--select", "FEE,SUP")
    names = {x["rule"]: x["name"] for x in data["files"][0]["findings"]}
    assert "FEE001" in names and len(names) >= 2, names
    cases = {"fee": set(names), "FEE": set(names), "FEE001": {"FEE001"}, names["FEE001"]: {"FEE001"},
             "fee.": None, "all": set(names)}
    for sel, expected in cases.items():
        if expected is None:
            continue
        write(p, f"""
            <!-- doclint: disable={sel} reason="已核实" -->
            {FEE}
            """)
        _, data = run(p, "--select", "FEE,SUP")
        assert {s[0] for s in suppressed(data)} == expected, sel
        assert {r for r, _ in found(data)} == set(names) - expected, sel


def test_missing_reason_is_a_finding_but_still_suppresses(tmp_path):
    p = write(tmp_path / "a.md", f"""
        <!-- doclint: disable=LIC001 -->
        {LIC}
        <!-- doclint: disable-next-paragraph=PEN001 reason="" -->
        {PEN}
        """)
    res, data = run(p, "--select", "LIC,PEN,SUP")
    assert found(data) == [("SUP001", 1), ("SUP001", 3)]
    sup = data["files"][0]["findings"][0]
    assert sup["severity"] == "error" and sup["category"] == "procedure" and "理由" in sup["message"]
    assert suppressed(data) == [("LIC001", 2, ""), ("PEN001", 4, "")]
    assert res.exit_code == 1
    # the reason rule is a rule like any other: it can be ignored, but not suppressed
    _, data = run(p, "--select", "LIC,PEN,SUP", "--ignore", "SUP001")
    assert found(data) == []


def test_unused_suppressions_only_with_the_flag(tmp_path):
    p = write(tmp_path / "a.md", f"""
        <!-- doclint: disable=LIC001,COE reason="已核实" -->
        {LIC}
        <!-- doclint: enable=LIC001,COE -->
        <!-- doclint: disable-next-paragraph=PEN001 reason="已核实" -->
        第十三条 本办法自印发之日起施行。
        {PEN}<!-- doclint: disable-next-paragraph=FEE reason="已核实" -->
        """)
    _, data = run(p, "--select", "LIC,PEN,COE,FEE,SUP")
    assert found(data) == [("PEN001", 6)]
    _, data = run(p, "--select", "LIC,PEN,COE,FEE,SUP", "--warn-unused-suppressions")
    got = [(x["rule"], x["line"], x["message"]) for x in data["files"][0]["findings"]]
    assert [(r, ln) for r, ln, _ in got] == [("SUP002", 1), ("SUP002", 4), ("PEN001", 6), ("SUP002", 6)]
    assert "COE" in got[0][2] and "LIC001" not in got[0][2], "reported per unused selector"
    assert "PEN001" in got[1][2]
    assert "没有文字" in got[3][2], "nothing follows the last directive"
    assert all(x["severity"] == "info" for x in data["files"][0]["findings"] if x["rule"] == "SUP002")
    # a selector no active rule could match cannot be judged: not reported
    _, data = run(p, "--select", "LIC,SUP", "--warn-unused-suppressions")
    assert [(r, ln) for r, ln in found(data)] == [("SUP002", 6)]


def test_unused_from_config(tmp_path):
    (tmp_path / ".doclint.yaml").write_text("warn-unused-suppressions: true\nselect: [PEN, SUP]\n", encoding="utf-8")
    p = write(tmp_path / "a.txt", f"""
        <!-- doclint: disable-next-paragraph=PEN001 reason="已核实" -->
        第十三条 本办法自印发之日起施行。
        """)
    res = CliRunner().invoke(main, ["check", "--format", "json", str(p)])
    assert [x["rule"] for x in json.loads(res.stdout)["files"][0]["findings"]] == ["SUP002"]


@pytest.mark.parametrize("directive,needle", [
    ('<!-- doclint: disabel=LIC001 reason="x" -->', "未知的指令"),
    ("<!-- doclint: enable=LIC001 -->", "之前没有对应的"),
    ('<!-- doclint: disable reason="x" -->', "应写明规则"),
    ("<!-- doclint: disable=LIC001 reason=已核实 -->", "引号"),
    ('<!-- doclint: disable=lic001x reason="x" -->', "不是规则编号"),
    ('<!-- doclint: disable=licencing reason="x" -->', "不是规则编号"),
])
def test_malformed_directives(tmp_path, directive, needle):
    p = write(tmp_path / "a.md", f"{directive}\n{LIC}\n")
    _, data = run(p, "--select", "LIC,SUP")
    rules = [x for x in data["files"][0]["findings"] if x["rule"] == "SUP003"]
    assert rules and needle in rules[0]["message"] and rules[0]["line"] == 1
    assert "LIC001" in [r for r, _ in found(data)], "a malformed directive suppresses nothing"


def test_directive_text_is_not_draft_text(tmp_path):
    # the reason mentions 罚款 in a way PEN001 would flag; the directive itself is not part of the draft
    p = write(tmp_path / "a.txt", f"""
        <!-- doclint: disable-next-paragraph=LIC001 reason="原稿曾写“处1万元罚款”，已删除；审批依据已核实" -->
        {LIC}
        """)
    _, data = run(p, "--select", "LIC,PEN,SUP")
    assert found(data) == [] and [s[0] for s in suppressed(data)] == ["LIC001"]


def test_docx_comments_are_not_directives(tmp_path):
    d = docx.Document()
    d.add_paragraph('<!-- doclint: disable=LIC001 reason="x" -->')
    d.add_paragraph(LIC)
    d.save(tmp_path / "a.docx")
    _, data = run(tmp_path / "a.docx", "--select", "LIC,SUP")
    assert "LIC001" in [r for r, _ in found(data)] and not suppressed(data)


def make_docx(path: Path, lines):
    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    d.save(path)
    return path


def test_docx_sidecar(tmp_path):
    p = make_docx(tmp_path / "草案.docx", [LIC, PEN, FEE])
    write(tmp_path / "草案.doclint.yaml", """
        suppressions:
          - rule: LIC001
            excerpt: 须经市城市管理局 审批   # whitespace does not matter
            reason: 依据市停车条例第十条，审核机构已确认
          - rule: [penalty]
            excerpt: 处１万元罚款          # nor does full/half width
            reason: 已改为依法处理
          - rule: FEE
            excerpt: 每年200元的标准缴纳停车场管理费
          - rule: COE
            excerpt: 这句话不在文档里
            reason: 旧稿遗留
        """)
    res, data = run(p, "--select", "LIC,PEN,FEE,COE,SUP")
    assert suppressed(data)[:2] == [("LIC001", 1, "依据市停车条例第十条，审核机构已确认"), ("PEN001", 2, "已改为依法处理")]
    assert {s[0] for s in suppressed(data)[2:]} >= {"FEE001"}
    assert all(s[0].startswith("FEE") and s[2] == "" for s in suppressed(data)[2:])
    f = data["files"][0]["findings"]
    assert [x["rule"] for x in f] == ["SUP001"], "an entry without reason; unused only with the flag"
    assert "草案.doclint.yaml:8" in f[0]["message"] and f[0]["line"] == 3
    _, data = run(p, "--select", "LIC,PEN,FEE,COE,SUP", "--warn-unused-suppressions")
    unused = [x for x in data["files"][0]["findings"] if x["rule"] == "SUP002"]
    assert len(unused) == 1 and "找不到" in unused[0]["message"] and "草案.doclint.yaml:10" in unused[0]["message"]


def test_docx_sidecar_whole_file_and_alternative_name(tmp_path):
    p = make_docx(tmp_path / "a.docx", [LIC, LIC])
    write(tmp_path / "a.docx.doclint.yaml", "suppressions:\n  - rule: LIC001\n    reason: 全文的审批均有法规依据\n")
    _, data = run(p, "--select", "LIC,SUP")
    assert found(data) == [] and [s[1] for s in suppressed(data)] == [1, 2]


@pytest.mark.parametrize("body,needle", [
    ("suppressions:\n  - rule: LIC001\n    reasn: x\n", "a.doclint.yaml:3"),
    ("supressions: []\n", "a.doclint.yaml:1"),
    ("suppressions:\n  - excerpt: x\n    reason: y\n", "rule"),
    ("suppressions: [\n", "YAML"),
    ("suppressions:\n  - rule: nonsense-category\n    reason: y\n", "不是规则编号"),
])
def test_malformed_sidecar_is_that_files_error(tmp_path, body, needle):
    p = make_docx(tmp_path / "a.docx", [LIC])
    (tmp_path / "a.doclint.yaml").write_text(body, encoding="utf-8")
    other = write(tmp_path / "b.txt", LIC + "\n")
    res, data = run(p, other, "--select", "LIC,SUP")
    assert res.exit_code == 2
    err = data["files"][0]["error"]
    assert err and needle in err and "\n" not in err and data["files"][0]["findings"] == []
    assert found(data, 1) == [("LIC001", 1)], "the other files are still reported"


def test_two_sidecars_is_an_error(tmp_path):
    p = make_docx(tmp_path / "a.docx", [LIC])
    for name in ("a.doclint.yaml", "a.docx.doclint.yaml"):
        (tmp_path / name).write_text("suppressions: []\n", encoding="utf-8")
    res, data = run(p)
    assert res.exit_code == 2 and "重复" in data["files"][0]["error"]


def test_text_report_keeps_suppressed_out_and_json_keeps_the_trail(tmp_path):
    p = write(tmp_path / "a.txt", f"""
        <!-- doclint: disable-next-paragraph=LIC001 reason="已核实" -->
        {LIC}
        """)
    res = CliRunner().invoke(main, ["check", "--no-config", "--select", "LIC,SUP", str(p)])
    assert res.exit_code == 0 and "未发现问题" in res.stdout
    _, data = run(p, "--select", "LIC,SUP")
    schema = json.loads((Path(__file__).parent / "data" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    entry = data["files"][0]["suppressed"][0]
    assert entry["rule"] == "LIC001" and entry["suppressed"] == "已核实" and entry["line"] == 2
    assert data["summary"]["errors"] == 0
