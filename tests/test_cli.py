"""The command line as a user runs it: exit codes, JSON contract, docx = txt, lazy spaCy."""

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, SAMPLES, run_cli

SCHEMA = json.loads((Path(__file__).parent / "data" / "report.schema.json").read_text(encoding="utf-8"))


def check_json(*paths, extra=()):
    res = run_cli("check", "--format", "json", *extra, *paths)
    data = json.loads(res.stdout)
    jsonschema.validate(data, SCHEMA)
    return res.returncode, data


def test_bad_sample_exits_1_with_located_findings():
    res = run_cli("check", SAMPLES / "parking-draft.docx")
    assert res.returncode == 1, res.stderr
    assert "parking-draft.docx:" in res.stdout
    assert "依据：" in res.stdout
    assert "^" in res.stdout


def test_clean_sample_exits_0():
    res = run_cli("check", SAMPLES / "clean-notice.txt")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "0 个错误，0 个警告" in res.stdout
    # the only note is the scope decision (section 二) with its reasons
    assert [ln.split()[1] for ln in res.stdout.splitlines() if ln.startswith(str(SAMPLES))] == ["SCO001"]


def test_json_contract_for_every_sample_and_an_unreadable_file(tmp_path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"this is not a zip")
    files = sorted(str(p) for p in SAMPLES.iterdir() if p.suffix in (".txt", ".docx", ".md")) + [str(bad)]
    code, data = check_json(*files)
    assert code == 2
    by_path = {f["path"]: f for f in data["files"]}
    assert set(by_path) == set(files)
    err = by_path[str(bad)]
    assert err["error"] and "\n" not in err["error"] and err["findings"] == []
    assert by_path[str(SAMPLES / "parking-draft.txt")]["findings"], "the other files are still reported"
    for f in data["files"]:
        for x in f["findings"]:
            assert x["end_offset"] >= x["offset"]
    assert data["summary"]["files"] == len(files)


def test_docx_and_txt_give_the_same_findings():
    _, data = check_json(SAMPLES / "parking-draft.txt", SAMPLES / "parking-draft.docx")
    a, b = (
        [(x["rule"], x["line"], x["column"], x["section"], x["excerpt"]) for x in f["findings"]]
        for f in data["files"]
    )
    assert a and a == b
    assert data["files"][0]["document"] == data["files"][1]["document"]


def test_columns_are_code_points_and_offsets_agree():
    _, data = check_json(SAMPLES / "parking-draft.txt")
    text = (SAMPLES / "parking-draft.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    for x in data["files"][0]["findings"]:
        assert text[x["offset"]:x["end_offset"]].startswith(x["excerpt"].rstrip("…"))
        assert lines[x["line"] - 1][x["column"] - 1:].startswith(x["excerpt"][:1])


def test_stdin_and_one_line_input():
    # a one-line draft read from stdin that sets a prior approval: exit 1 with a licensing finding on it
    res = run_cli("check", "--format", "json", "-",
                  input="举办户外烧烤夜市的，应当报经区商务委员会审批同意后方可开展经营活动。\n")
    data = json.loads(res.stdout)
    assert data["files"][0]["path"] == "-"
    assert res.returncode == 1, res.stderr
    lic = [x for x in data["files"][0]["findings"]
           if x["rule"].startswith("LIC") and x["severity"] in ("error", "warning")]
    assert lic and all(x["line"] == 1 for x in lic), data["files"][0]["findings"]


def test_select_ignore_and_fail_on():
    code, data = check_json(SAMPLES / "parking-draft.txt", extra=("--select", "format"))
    assert {x["category"] for x in data["files"][0]["findings"]} <= {"format"}
    code, data = check_json(SAMPLES / "parking-draft.txt", extra=("--select", "LIC", "--fail-on", "info"))
    assert all(x["rule"].startswith("LIC") for x in data["files"][0]["findings"])


def test_output_file(tmp_path):
    out = tmp_path / "r.json"
    res = run_cli("check", "--format", "json", "--output", out, SAMPLES / "parking-draft.txt")
    assert res.stdout == ""
    jsonschema.validate(json.loads(out.read_text(encoding="utf-8")), SCHEMA)


def test_missing_path_is_exit_2():
    res = run_cli("check", "no/such/file.txt")
    assert res.returncode == 2
    assert "no/such/file.txt" in res.stdout + res.stderr
    assert "Traceback" not in res.stderr


def test_rules_and_explain():
    res = run_cli("rules")
    assert res.returncode == 0 and "LIC001" in res.stdout
    res = run_cli("explain", "LIC001")
    assert res.returncode == 0
    assert "法律依据" in res.stdout and "其他规范性文件一律不得设定行政许可" in res.stdout
    res = run_cli("explain", "NOPE999")
    assert res.returncode == 2 and "没有编号" in res.stderr


def test_help_is_chinese():  # issue 17: help in Chinese throughout (see test_cli_chinese.py)
    res = run_cli("check", "--help")
    assert "检查文件或目录" in res.stdout and "Check drafts" not in res.stdout


def test_token_free_run_does_not_import_spacy(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("第一条 停车场经营者须经批准后方可营业。\n", encoding="utf-8")
    code = (
        "import sys\n"
        "import doclint.cli\n"
        "from click.testing import CliRunner\n"
        f"r = CliRunner().invoke(doclint.cli.main, ['check', {str(p)!r}, '--ignore', 'ALL', '--select', 'LIC'])\n"
        "assert 'spacy' not in sys.modules, 'spacy imported'\n"
        "assert 'jieba' not in sys.modules, 'jieba imported'\n"
        "print('ok', r.exit_code)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("ok")


TOKEN_RULESET = """\
ruleset: token-test
rules:
  - id: TOK001
    name: coercion.sealing-word
    category: coercion
    severity: warning
    basis: [《中华人民共和国行政强制法》第九条]
    message: 测试用：以词为单位匹配“封存”。
    tokens: true
    patterns: ['封存']
    examples:
      fail: [对不合格产品可以先行封存。]
      pass: [经营单位密封存放危险化学品。]
"""


def _modules_after_check(tmp_path, text, *extra):
    p = tmp_path / "a.txt"
    p.write_text(text, encoding="utf-8")
    code = (
        "import sys, json\n"
        "import doclint.cli\n"
        "from click.testing import CliRunner\n"
        f"r = CliRunner().invoke(doclint.cli.main, ['check', '--format', 'json', *{list(map(str, extra))!r}, {str(p)!r}])\n"
        "rules = [f['rule'] for f in json.loads(r.output)['files'][0]['findings']]\n"
        "print(json.dumps({'spacy': 'spacy' in sys.modules, 'jieba': 'jieba' in sys.modules, 'rules': rules}))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout.strip().splitlines()[-1])


def test_all_rules_on_a_draft_without_token_words_do_not_load_spacy(tmp_path):
    out = _modules_after_check(tmp_path, "第一条 停车场经营者须经市住建局批准后方可营业。\n")
    assert "LIC001" in out["rules"]
    assert not out["spacy"] and not out["jieba"]


def test_token_rule_uses_jieba_words_not_characters(tmp_path):
    rs = tmp_path / "tokens.yaml"
    rs.write_text(TOKEN_RULESET, encoding="utf-8")
    out = _modules_after_check(tmp_path, "危险化学品由执法部门监督，经营单位密封存放、专人保管。\n", "--ruleset", rs)
    assert out["spacy"] and out["jieba"]  # loaded on demand for the 封存 candidate
    assert "TOK001" not in out["rules"]  # “密封/存放”: 封存 is not a word here
    out = _modules_after_check(tmp_path, "对不合格产品，市场监管部门可以先行封存。\n", "--ruleset", rs)
    assert "TOK001" in out["rules"]
