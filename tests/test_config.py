"""Configuration files: discovery (nearest wins), extend, command-line precedence,
unknown keys, per-file-ignores, severity, fail-on, exclude, rulesets and `config --show`."""

import json
import os
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import main
from doclint.config import Resolver, glob_match

LIC = "第三条 设立经营性停车场的，须经市城市管理局审批后，方可营业。\n"
PEN = "第九条 违反本办法的，由市城市管理局处1万元罚款。\n"
DRAFT = LIC + PEN


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def invoke(*args, cwd=None):
    runner = CliRunner()
    old = os.getcwd()
    if cwd:
        os.chdir(cwd)
    try:
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
    finally:
        os.chdir(old)


def rules_of(res, path=None) -> set[str]:
    data = json.loads(res.stdout)
    files = data["files"] if path is None else [f for f in data["files"] if f["path"] == str(path)]
    return {x["rule"] for f in files for x in f["findings"]}


def check(*args, cwd=None):
    res = invoke("check", "--format", "json", *args, cwd=cwd)
    assert "Traceback" not in res.output
    return res


@pytest.fixture
def tree(tmp_path):
    """root/.doclint.yaml ignores licensing; root/sub/pyproject.toml selects only licensing."""
    write(tmp_path / ".doclint.yaml", "ignore: [licensing]\n")
    write(tmp_path / "sub" / "pyproject.toml", """\
        [project]
        name = "drafts"

        [tool.doclint]
        select = ["LIC"]
        """)
    write(tmp_path / "a.txt", DRAFT)
    write(tmp_path / "sub" / "b.txt", DRAFT)
    write(tmp_path / "sub" / "deeper" / "c.txt", DRAFT)
    return tmp_path


def test_nearest_config_wins(tree):
    res = check(tree / "a.txt", tree / "sub" / "b.txt", tree / "sub" / "deeper" / "c.txt")
    assert res.exit_code == 1
    top = rules_of(res, tree / "a.txt")
    assert "PEN001" in top and not any(r.startswith("LIC") for r in top)
    assert rules_of(res, tree / "sub" / "b.txt") == {"LIC001"}
    assert rules_of(res, tree / "sub" / "deeper" / "c.txt") == {"LIC001"}, "found upward from the file"


def test_folder_argument_uses_each_files_config(tree):
    res = check(tree)
    data = json.loads(res.stdout)
    by = {Path(f["path"]).name: {x["rule"] for x in f["findings"]} for f in data["files"]}
    assert by["b.txt"] == {"LIC001"} and "LIC001" not in by["a.txt"]


def test_file_order_in_one_folder_and_skipped_sections(tmp_path):
    # a setup.cfg without [doclint] and a pyproject.toml without [tool.doclint] are not configs
    write(tmp_path / ".doclint.yaml", "select: [PEN]\n")
    write(tmp_path / "d" / "setup.cfg", "[metadata]\nname = x\n")
    write(tmp_path / "d" / "pyproject.toml", "[project]\nname = 'x'\n")
    write(tmp_path / "d" / "a.txt", DRAFT)
    assert rules_of(check(tmp_path / "d" / "a.txt")) == {"PEN001"}
    # in one folder .doclint.yaml comes before setup.cfg, which comes before pyproject.toml
    write(tmp_path / "e" / "setup.cfg", "[doclint]\nselect = LIC\n")
    write(tmp_path / "e" / "pyproject.toml", "[tool.doclint]\nselect = ['PEN']\n")
    write(tmp_path / "e" / "a.txt", DRAFT)
    assert rules_of(check(tmp_path / "e" / "a.txt")) == {"LIC001"}
    write(tmp_path / "e" / ".doclint.yaml", "select: [PEN]\n")
    assert rules_of(check(tmp_path / "e" / "a.txt")) == {"PEN001"}


def test_extend_layers_and_nearest_does_not_merge(tmp_path):
    write(tmp_path / "shared" / "base.yaml", """\
        ignore: [PEN]
        fail-on: warning
        """)
    write(tmp_path / "p" / ".doclint.yaml", """\
        extend: ../shared/base.yaml
        select: [LIC, PEN, format]
        """)
    write(tmp_path / "p" / "a.txt", DRAFT)
    res = check(tmp_path / "p" / "a.txt")
    assert "PEN001" not in rules_of(res) and "LIC001" in rules_of(res), "ignore comes from the extended file"
    shown = invoke("config", "--show", tmp_path / "p" / "a.txt", cwd=tmp_path)
    assert shown.exit_code == 0, shown.output
    out = shown.stdout
    assert 'select = ["LIC", "PEN", "format"]  # p/.doclint.yaml:2' in out
    assert 'ignore = ["PEN"]  # shared/base.yaml:1' in out
    assert 'fail-on = "warning"  # shared/base.yaml:2' in out
    assert 'exclude = []  # 默认' in out
    assert "# 配置文件：p/.doclint.yaml → shared/base.yaml" in out
    # a nearer config without extend does not inherit anything from the outer one
    write(tmp_path / "p" / "inner" / ".doclint.yaml", "select: [LIC, PEN]\n")
    write(tmp_path / "p" / "inner" / "b.txt", DRAFT)
    assert rules_of(check(tmp_path / "p" / "inner" / "b.txt")) == {"LIC001", "PEN001"}


def test_extend_cycle_and_missing_target_are_errors(tmp_path):
    write(tmp_path / ".doclint.yaml", "extend: other.yaml\n")
    write(tmp_path / "other.yaml", "extend: .doclint.yaml\n")
    write(tmp_path / "a.txt", DRAFT)
    res = check(tmp_path / "a.txt")
    assert res.exit_code == 2 and "extend 形成循环" in res.stderr
    write(tmp_path / "other.yaml", "extend: nowhere.yaml\n")
    res = check(tmp_path / "a.txt")
    assert res.exit_code == 2 and "nowhere.yaml" in res.stderr and "other.yaml:1" in res.stderr


def test_command_line_overrides_config(tmp_path):
    write(tmp_path / ".doclint.yaml", """\
        select: [LIC]
        fail-on: info
        severity:
          LIC001: info
        """)
    write(tmp_path / "a.txt", DRAFT)
    res = check(tmp_path / "a.txt")
    assert rules_of(res) == {"LIC001"} and res.exit_code == 1, "fail-on info from the config"
    res = check(tmp_path / "a.txt", "--select", "PEN")
    assert rules_of(res) == {"PEN001"}, "--select replaces the configured select"
    res = check(tmp_path / "a.txt", "--fail-on", "error")
    assert res.exit_code == 0, "--fail-on replaces the configured fail-on (LIC001 lowered to info)"
    shown = invoke("config", "--show", tmp_path / "a.txt", "--select", "PEN", cwd=tmp_path).stdout
    assert 'select = ["PEN"]  # 命令行' in shown
    assert 'fail-on = "info"  # .doclint.yaml:2' in shown
    res = check(tmp_path / "a.txt", "--no-config")
    assert {"LIC001", "PEN001"} <= rules_of(res)


def test_severity_override_changes_findings_and_exit_code(tmp_path):
    write(tmp_path / ".doclint.yaml", "select: [LIC, PEN]\nseverity:\n  LIC001: warning\n  PEN001: info\n")
    write(tmp_path / "a.txt", DRAFT)
    res = check(tmp_path / "a.txt")
    sev = {x["rule"]: x["severity"] for x in json.loads(res.stdout)["files"][0]["findings"]}
    assert sev == {"LIC001": "warning", "PEN001": "info"}
    assert res.exit_code == 0


def test_severity_of_unknown_rule_is_an_error(tmp_path):
    write(tmp_path / ".doclint.yaml", "severity:\n  ZZZ999: info\n")
    write(tmp_path / "a.txt", DRAFT)
    res = check(tmp_path / "a.txt")
    assert res.exit_code == 2 and "ZZZ999" in res.stderr and ".doclint.yaml:1" in res.stderr


def test_per_file_ignores(tmp_path):
    write(tmp_path / ".doclint.yaml", """\
        select: [LIC, PEN]
        per-file-ignores:
          "old/*.txt": [LIC001]
          "*.md": [penalty]
          "archive/": [all]
        """)
    for rel in ("a.txt", "old/b.txt", "c.md", "archive/x/d.txt"):
        write(tmp_path / rel, DRAFT)
    res = check(tmp_path)
    by = {Path(f["path"]).relative_to(tmp_path).as_posix(): {x["rule"] for x in f["findings"]}
          for f in json.loads(res.stdout)["files"]}
    assert by == {"a.txt": {"LIC001", "PEN001"}, "old/b.txt": {"PEN001"}, "c.md": {"LIC001"}, "archive/x/d.txt": set()}
    # per-file-ignores win over a more specific select
    write(tmp_path / ".doclint.yaml", "select: [LIC001]\nper-file-ignores:\n  '*.txt': [licensing]\n")
    assert rules_of(check(tmp_path / "a.txt")) == set()
    assert "本文件适用的 per-file-ignores：licensing" in invoke("config", "--show", tmp_path / "a.txt").stdout


def test_glob_match():
    assert glob_match("old/b.txt", "old/*.txt")
    assert glob_match("x/old/b.txt", "**/old/*.txt")
    assert glob_match("deep/er/c.md", "*.md")
    assert glob_match("archive/x/d.txt", "archive/")
    assert glob_match("archive/x/d.txt", "archive")
    assert not glob_match("old/b.txt", "new/*.txt")
    assert not glob_match("a.txt", "*.md")


def test_exclude_skips_walked_and_named_files(tmp_path):
    write(tmp_path / ".doclint.yaml", "select: [LIC]\nexclude: ['drafts/old', '*-v1.txt']\n")
    write(tmp_path / "drafts" / "old" / "a.txt", DRAFT)
    write(tmp_path / "drafts" / "b-v1.txt", DRAFT)
    write(tmp_path / "drafts" / "c.txt", DRAFT)
    res = check(tmp_path / "drafts")
    assert [Path(f["path"]).name for f in json.loads(res.stdout)["files"]] == ["c.txt"]
    assert "exclude 跳过了 2 个文件" in res.stderr
    # named explicitly (as pre-commit does) an excluded file is skipped too, and that is not an error
    res = check(tmp_path / "drafts" / "b-v1.txt")
    assert res.exit_code == 0 and json.loads(res.stdout)["files"] == []


def test_rulesets_subjects_and_calendar_are_relative_to_the_config(tmp_path):
    write(tmp_path / "rules" / "local.yaml", """\
        ruleset: local
        rules:
          - id: LOC001
            name: fee.parking-levy
            category: fee
            severity: warning
            basis: [《中华人民共和国价格法》第四十七条]
            message: 测试：停车调节费。
            phrases: [停车调节费]
            examples:
              fail: [收取停车调节费。, 另收停车调节费。]
              pass: [不收取费用。, 依法减免。]
        """)
    write(tmp_path / "lists" / "subjects.yaml", "subjects: []\n")
    (tmp_path / "cal").mkdir()
    write(tmp_path / "cfg" / ".doclint.yaml", """\
        rulesets: [../rules/local.yaml]
        subjects: ../lists/subjects.yaml
        calendar: [../cal]
        select: [LOC]
        """)
    write(tmp_path / "cfg" / "a.txt", "第五条 车主应当缴纳停车调节费。\n")
    res = check(tmp_path / "cfg" / "a.txt")
    assert rules_of(res) == {"LOC001"}, res.stderr
    s = Resolver().config_for(str(tmp_path / "cfg" / "a.txt")).settings_for(str(tmp_path / "cfg" / "a.txt"))
    assert s.rulesets == (str((tmp_path / "rules" / "local.yaml").resolve()),)
    assert s.subjects == str((tmp_path / "lists" / "subjects.yaml").resolve())
    assert s.calendar == (str((tmp_path / "cal").resolve()),)
    # a path that does not exist is named with file and line
    write(tmp_path / "cfg" / ".doclint.yaml", "select: [LOC]\nrulesets: [../rules/missing.yaml]\n")
    res = check(tmp_path / "cfg" / "a.txt")
    assert res.exit_code == 2 and ".doclint.yaml:2" in res.stderr and "missing.yaml" in res.stderr


@pytest.mark.parametrize("name,body,where", [
    (".doclint.yaml", "select: [LIC]\nselcet: [PEN]\n", ".doclint.yaml:2"),
    ("setup.cfg", "[metadata]\nname = x\n\n[doclint]\nselect = LIC\nselcet = PEN\n", "setup.cfg:6"),
    ("pyproject.toml", "[tool.doclint]\nselect = ['LIC']\nselcet = ['PEN']\n", "pyproject.toml:3"),
])
def test_unknown_keys_name_file_line_and_key(tmp_path, name, body, where):
    write(tmp_path / name, body)
    write(tmp_path / "a.txt", DRAFT)
    res = check(tmp_path / "a.txt", cwd=tmp_path)
    assert res.exit_code == 2
    line = res.stderr.strip()
    assert "\n" not in line and where in line and "selcet" in line, line


@pytest.mark.parametrize("body,needle", [
    ("fail-on: fatal\n", "fail-on"),
    ("severity:\n  LIC001: high\n", "high"),
    ("select: 3\n", "select"),
    ("per-file-ignores: [a]\n", "per-file-ignores"),
    ("- just a list\n", "映射"),
    ("select: [LIC\n", "YAML"),
])
def test_bad_values_are_one_line_errors(tmp_path, body, needle):
    write(tmp_path / ".doclint.yaml", body)
    write(tmp_path / "a.txt", DRAFT)
    res = check(tmp_path / "a.txt", cwd=tmp_path)
    assert res.exit_code == 2 and needle in res.stderr and ".doclint.yaml" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_setup_cfg_and_pyproject_values(tmp_path):
    write(tmp_path / "c" / "setup.cfg", """\
        [doclint]
        select = LIC, PEN
        fail-on = warning
        per-file-ignores =
            old/*.txt: LIC001
        severity =
            PEN001: info
        warn-unused-suppressions = yes
        """)
    cfg = Resolver().config_for(str(tmp_path / "c" / "old" / "a.txt"))
    s = cfg.settings_for(str(tmp_path / "c" / "old" / "a.txt"))
    assert s.select == ("LIC", "PEN") and s.fail_on == "warning" and s.file_ignores == ("LIC001",)
    assert dict(s.severity) == {"PEN001": "info"} and s.warn_unused is True
    assert cfg.values["severity"].origin.endswith("setup.cfg:6")
    write(tmp_path / "t" / "pyproject.toml", """\
        [tool.doclint]
        select = ["LIC"]
        ignore = "FMT, scope"

        [tool.doclint.per-file-ignores]
        "*.md" = ["penalty"]
        """)
    cfg = Resolver().config_for(str(tmp_path / "t" / "x.md"))
    s = cfg.settings_for(str(tmp_path / "t" / "x.md"))
    assert s.select == ("LIC",) and s.ignore == ("FMT", "scope") and s.file_ignores == ("penalty",)
    assert cfg.values["per-file-ignores"].origin.endswith("pyproject.toml:5")


def test_explicit_config_file(tmp_path):
    write(tmp_path / "elsewhere.yaml", "select: [PEN]\n")
    write(tmp_path / ".doclint.yaml", "select: [LIC]\n")
    write(tmp_path / "a.txt", DRAFT)
    assert rules_of(check(tmp_path / "a.txt")) == {"LIC001"}
    assert rules_of(check(tmp_path / "a.txt", "--config", tmp_path / "elsewhere.yaml")) == {"PEN001"}


def test_show_defaults_without_config(tmp_path):
    write(tmp_path / "a.txt", DRAFT)
    res = invoke("config", "--show", tmp_path / "a.txt", "--no-config")
    assert res.exit_code == 0
    assert "# 配置文件：无（使用默认值）" in res.stdout
    assert 'fail-on = "error"  # 默认' in res.stdout


def test_rule_options_configure_a_structural_rule(tmp_path):
    import json

    from conftest import run_cli

    draft = tmp_path / "d.txt"
    draft.write_text(
        "某某市人民政府办公室关于印发某某市停车场管理办法的通知\n"
        "第一条 停车场经营者应当明码标价，不得擅自提高收费标准。\n"
        "第二条 本办法自2025年5月1日起施行。\n",
        encoding="utf-8",
    )

    def fmt005():
        res = run_cli("check", "--format", "json", "--select", "FMT005", draft)
        return [f["message"] for f in json.loads(res.stdout)["files"][0]["findings"]], res

    assert fmt005()[0] == []
    (tmp_path / ".doclint.yaml").write_text("rule-options:\n  FMT005:\n    require_validity: true\n", encoding="utf-8")
    messages, _ = fmt005()
    assert messages and "有效期" in messages[0]
    (tmp_path / ".doclint.yaml").write_text("rule-options:\n  FMT005:\n    require_valdity: true\n", encoding="utf-8")
    res = run_cli("check", draft)
    assert res.returncode == 2 and "require_valdity" in res.stderr
    (tmp_path / ".doclint.yaml").write_text("rule-options:\n  fmt-5: {}\n", encoding="utf-8")
    res = run_cli("check", draft)
    assert res.returncode == 2 and ".doclint.yaml:2" in res.stderr
