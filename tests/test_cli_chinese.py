"""Help and usage errors in Chinese: click's English templates never reach the user;
`doclint rules` aligns in display width; every bundled rule has a Chinese title."""

import json
import re
import unicodedata

import pytest

from doclint import clihelp
from tests.conftest import run_cli

ENGLISH = ("Usage:", "Options:", "Commands:", "Error:", "Show this message", "No such command", "No such option",
           "Invalid value", "is not one of", "Missing argument", "Missing option", "Try '", "does not exist",
           "requires an argument", "is not in the range", "default:", "EOF marker", "invalid pdf header")


def no_english(text: str) -> None:
    for word in ENGLISH:
        assert word not in text, (word, text)


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["check", "--help"], ["rules", "-h"], ["explain", "-h"],
                                  ["config", "-h"], ["review", "-h"], ["deadline", "-h"]])
def test_help_is_chinese(args):
    res = run_cli(*args, env={"COLUMNS": "80"})
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("用法：") and "\n选项：\n" in res.stdout
    assert "-h, --help" in res.stdout and "显示本帮助并退出。" in res.stdout
    no_english(res.stdout + res.stderr)
    for line in res.stdout.splitlines():
        assert width(line) <= 80, line


def test_main_help_lists_commands():
    out = run_cli("--help").stdout
    assert "\n命令：\n" in out
    for cmd in ("check", "rules", "explain", "review"):
        assert re.search(rf"^  {cmd} +\S", out, re.M), cmd
    assert "[选项] 命令 [参数]..." in out.splitlines()[0]


def test_check_help_defaults_in_chinese():
    out = run_cli("check", "--help", env={"COLUMNS": "100"}).stdout
    assert "[默认：text]" in out and "[默认：error]" in out and "[默认：20；范围：1<=x<=100]" in out


@pytest.mark.parametrize("args, expected", [
    (["nosuch"], "doclint: 错误：没有命令“nosuch”（用 python -m doclint -h 查看用法）"),
    (["chek"], "doclint: 错误：没有命令“chek”（是否想输入：check？）（用 python -m doclint -h 查看用法）"),
    (["check", "--format", "nope", "x"],
     "doclint: 错误：--format 的取值无效：“nope”不是可选值之一（可选：'text', 'json', 'sarif', 'github', "
     "'html', 'markdown', 'docx'）（用 python -m doclint check -h 查看用法）"),
    (["check"], "doclint: 错误：缺少参数 路径...（用 python -m doclint check -h 查看用法）"),
    (["check", "--nosuch-flag", "x"], "doclint: 错误：没有选项 --nosuch-flag（用 python -m doclint check -h 查看用法）"),
    (["check", "--max-size", "0", "x"],
     "doclint: 错误：--max-size 的取值无效：0 超出范围 1<=x<=100（用 python -m doclint check -h 查看用法）"),
    (["check", "-j", "many", "x"],
     "doclint: 错误：-j / --jobs 的取值无效：“many”不是整数（用 python -m doclint check -h 查看用法）"),
    (["check", "--ruleset", "/nonexistent/rules.yaml", "x"],
     "doclint: 错误：--ruleset 的取值无效：路径“/nonexistent/rules.yaml”不存在（用 python -m doclint check -h 查看用法）"),
    (["check", "--select"], "doclint: 错误：选项 --select 需要一个值。"),
    (["check", "--today", "2020-13-01", "x"],
     "doclint: 错误：--today 的取值无效：日期应为 YYYY-MM-DD 格式：2020-13-01（用 python -m doclint check -h 查看用法）"),
    (["config"], "doclint: 错误：缺少选项 --show（用 python -m doclint config -h 查看用法）"),
])
def test_usage_errors_are_one_chinese_line(args, expected):
    res = run_cli(*args)
    assert res.returncode == 2
    assert res.stdout == ""
    assert res.stderr.splitlines() == [expected]
    no_english(res.stderr)


def test_no_arguments_shows_help_on_stderr():
    res = run_cli()
    assert res.returncode == 2
    assert res.stderr.startswith("用法：") and "命令：" in res.stderr
    no_english(res.stderr)


@pytest.mark.parametrize("data, reason", [(b"this is not a pdf", "不是有效的 PDF 文件（缺少 %PDF 文件头）"),
                                          (b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "PDF 文件已损坏或不完整，无法解析")])
def test_broken_pdf_one_chinese_line(tmp_path, data, reason):
    p = tmp_path / "材料.pdf"
    p.write_bytes(data)
    res = run_cli("check", p)
    assert res.returncode == 2
    assert res.stderr == ""  # nothing from pypdf's logger or warnings
    lines = [line for line in res.stdout.splitlines() if str(p) in line]
    assert lines == [f"{p}: 错误：{reason}"]
    res = run_cli("check", "--format", "json", p)
    assert res.returncode == 2 and res.stderr == ""
    assert json.loads(res.stdout)["files"][0]["error"] == f"{p}: {reason}"


def test_rules_table_aligns_in_display_width():
    res = run_cli("rules")
    assert res.returncode == 0
    lines = res.stdout.splitlines()
    assert lines[-1].startswith("共 ") and lines[-1].endswith(" 条规则。")
    rows = lines[:-1]
    assert rows[0].split() == ["编号", "名称", "类别", "级别", "英文名"]
    starts = None
    for line in rows:
        cells = re.split(r" {2,}", line)
        assert len(cells) == 5, line  # no two columns run together
        pos, cols = 0, []
        for cell in cells:
            i = line.index(cell, pos)
            cols.append(width(line[:i]))
            pos = i + len(cell)
        starts = starts or cols
        assert cols == starts, line
    ids = [r.split()[0] for r in rows[1:]]
    assert ids == sorted(ids) and len(ids) > 50
    lic = next(r for r in rows if r.startswith("LIC001 "))
    assert re.split(r" {2,}", lic)[1:4] == ["设定行政许可", "行政许可（licensing）", "错误"]


def test_table_helper_pads_by_display_width():
    lines = clihelp.table([("甲", "ab", "x"), ("abc", "中文字", "y")])
    assert lines == ["甲   ab      x", "abc  中文字  y"]


def test_every_bundled_rule_has_a_title(engine):
    for r in engine.rules:
        t = r.meta.title
        assert t and re.search(r"[\u4e00-\u9fff]", t) and "\n" not in t and len(t) <= 16, (r.id, t)
    titles = [r.meta.title for r in engine.rules]
    assert len(set(titles)) == len(titles)  # two rules never share a name


RULE = """rules:
  - id: TST001
    name: fee.test-rule
{title}    category: fee
    severity: warning
    basis: [《测试依据》]
    message: 测试消息
    phrases: [测试收费]
"""


def test_title_required_for_bundled_rules(tmp_path, monkeypatch):
    from doclint import ruleset
    from doclint.errors import RulesetError

    f = tmp_path / "r.yaml"
    f.write_text(RULE.format(title=""), encoding="utf-8")
    loader = ruleset.RulesetLoader()
    loader.load_paths([f])  # a user's own ruleset may leave it out
    assert loader.rules[0].meta.title is None
    monkeypatch.setattr(ruleset, "_is_bundled", lambda _p: True)
    with pytest.raises(RulesetError, match=r"规则 TST001 缺少中文名称（title）"):
        ruleset.RulesetLoader().load_paths([f])


def test_title_reaches_json_sarif_text_and_explain(tmp_path):
    f = tmp_path / "r.yaml"
    f.write_text(RULE.format(title="    title: 测试收费规则\n"), encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("各经营户应当缴纳测试收费。\n", encoding="utf-8")
    args = ["check", "--no-config", "--ruleset", f, "--select", "TST", doc]
    (finding,) = json.loads(run_cli(*args, "--format", "json").stdout)["files"][0]["findings"]
    assert finding["title"] == "测试收费规则" and finding["name"] == "fee.test-rule"
    sarif = json.loads(run_cli(*args, "--format", "sarif").stdout)
    assert sarif["runs"][0]["tool"]["driver"]["rules"][0]["shortDescription"]["text"] == "测试收费规则：测试消息"
    assert f"{doc}:1:" in run_cli(*args).stdout and "TST001 测试收费规则  warning" in run_cli(*args).stdout
    assert run_cli("explain", "--ruleset", f, "TST001").stdout.splitlines()[0] == "TST001  测试收费规则（fee.test-rule）"


@pytest.mark.parametrize("template, message, expected", [
    ("choice", "'x' is not 'text'.", "“x”不是可选值（只能是 'text'）"),
    ("file", "File '/a b' is a directory.", "“/a b”是目录，应为文件"),
    ("dir", "Directory 'x' is a file.", "“x”是文件，应为目录"),
    ("extra", "Got unexpected extra arguments (a b)", "多余的参数：a b"),
    ("own", "日期应为 YYYY-MM-DD 格式：x", "日期应为 YYYY-MM-DD 格式：x"),
])
def test_translate_templates(template, message, expected):
    assert clihelp.translate(message) == expected
