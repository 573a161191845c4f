"""Baselines: recorded by path, rule and normalised excerpt with counts, so moving text
does not bring old findings back; count-aware; malformed files are one-line errors."""

import json
import os

import pytest
from click.testing import CliRunner

from conftest import run_cli
from doclint.baseline import normalise_excerpt
from doclint.cli import main

LIC = "第三条 设立经营性停车场的，须经市城市管理局审批后，方可营业。\n"
PEN = "第九条 违反本办法的，由市城市管理局处1万元罚款。\n"
COE = "第八条 逾期未缴纳停车费的，市城市管理局可以扣押车辆。\n"


def check(*args, cwd=None):
    old = os.getcwd()
    if cwd:
        os.chdir(cwd)
    try:
        res = CliRunner().invoke(main, ["check", "--format", "json", "--no-config", "--select", "LIC,PEN,COE",
                                        *map(str, args)], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert "Traceback" not in res.output
    return res


def rules(res):
    return [(x["rule"], x["line"]) for f in json.loads(res.stdout)["files"] for x in f["findings"]]


@pytest.fixture
def drafts(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text(LIC + PEN, encoding="utf-8")
    (tmp_path / "d" / "b.md").write_text(PEN + PEN, encoding="utf-8")
    return tmp_path


def test_write_then_check_is_clean(drafts):
    base = drafts / "baseline.json"
    res = check(drafts / "d", "--write-baseline", base)
    assert res.exit_code == 0 and rules(res) == []
    assert "已把 4 个发现写入基线" in res.stderr
    data = json.loads(base.read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["tool"] == "doclint"
    entries = {(e["path"], e["rule"], e["excerpt"]): e["count"] for e in data["findings"]}
    assert entries == {
        ("d/a.txt", "LIC001", "须经市城市管理局审批后,方可"): 1,
        ("d/a.txt", "PEN001", "处1万元罚款"): 1,
        ("d/b.md", "PEN001", "处1万元罚款"): 2,
    }
    assert all("line" not in e for e in data["findings"])
    res = check(drafts / "d", "--baseline", base)
    assert res.exit_code == 0 and rules(res) == []


def test_inserting_paragraphs_above_does_not_resurrect(drafts):
    base = drafts / "baseline.json"
    check(drafts / "d", "--write-baseline", base)
    a = drafts / "d" / "a.txt"
    a.write_text("第一条 为了规范停车管理，制定本办法。\n\n第二条 本办法适用于城区。\n" + a.read_text(encoding="utf-8"),
                 encoding="utf-8")
    res = check(drafts / "d", "--baseline", base)
    assert rules(res) == [] and res.exit_code == 0
    # a new problem is reported, and only it
    a.write_text(a.read_text(encoding="utf-8") + COE, encoding="utf-8")
    res = check(drafts / "d", "--baseline", base)
    assert rules(res) == [("COE001", 6)] and res.exit_code == 1
    assert "已记录的 4 个发现未列出" in res.stderr


def test_counts_matter(drafts):
    base = drafts / "baseline.json"
    check(drafts / "d", "--write-baseline", base)
    b = drafts / "d" / "b.md"
    b.write_text(PEN * 3, encoding="utf-8")
    res = check(drafts / "d", "--baseline", base)
    assert rules(res) == [("PEN001", 3)], "two were recorded, the third is new (the later one is reported)"
    b.write_text(PEN, encoding="utf-8")
    assert rules(check(drafts / "d", "--baseline", base)) == []


def test_width_and_whitespace_do_not_matter(drafts):
    base = drafts / "baseline.json"
    check(drafts / "d", "--write-baseline", base)
    a = drafts / "d" / "a.txt"
    a.write_text(LIC + PEN.replace("1万元", "１万元"), encoding="utf-8")
    assert rules(check(drafts / "d", "--baseline", base)) == []
    assert normalise_excerpt("处１万元 罚款，") == normalise_excerpt("处1万元罚款,")


def test_paths_are_relative_to_the_baseline_file(drafts, tmp_path):
    base = drafts / "baseline.json"
    check("d", "--write-baseline", "baseline.json", cwd=drafts)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    res = check(drafts / "d", "--baseline", base, cwd=elsewhere)
    assert rules(res) == []


def test_other_files_are_not_covered(drafts):
    base = drafts / "baseline.json"
    check(drafts / "d" / "a.txt", "--write-baseline", base)
    res = check(drafts / "d", "--baseline", base)
    assert [r for r, _ in rules(res)] == ["PEN001", "PEN001"], "b.md was not in the baseline"


@pytest.mark.parametrize("content", [
    "{not json",
    "[]",
    '{"version": 2, "tool": "doclint", "findings": []}',
    '{"version": 1, "tool": "doclint", "findings": [{"path": "a", "rule": "X", "excerpt": "y"}]}',
    '{"version": 1, "tool": "doclint", "findings": [{"path": "a", "rule": "X", "excerpt": "y", "count": 0}]}',
    b"\xff\xfe\x00garbage",
])
def test_malformed_baseline_is_one_line_exit_2(drafts, content):
    base = drafts / "bad.json"
    if isinstance(content, bytes):
        base.write_bytes(content)
    else:
        base.write_text(content, encoding="utf-8")
    res = run_cli("check", "--no-config", "--baseline", base, drafts / "d")
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    err = res.stderr.strip()
    assert len(err.splitlines()) == 1 and "bad.json" in err


def test_missing_baseline_is_exit_2(drafts):
    res = run_cli("check", "--no-config", "--baseline", drafts / "nope.json", drafts / "d")
    assert res.returncode == 2 and "nope.json" in res.stderr and "Traceback" not in res.stderr
