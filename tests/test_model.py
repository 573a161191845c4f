"""The trained clause model (doclint.model, docs/model.md): shipped files, training,
check-time findings, bad model files, --no-model."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SAMPLES, run_cli

SHIPPED = ROOT / "doclint" / "models" / "clause-model.json"
CLAUSES = ROOT / "tests" / "data" / "model-clauses.yaml"

sklearn = pytest.importorskip("sklearn", reason="training needs scikit-learn (pip install -e '.[train]')")


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A model trained by `doclint train` on clauses written for these tests."""
    d = tmp_path_factory.mktemp("model")
    r = run_cli("train", CLAUSES, "--output", d / "m.npz", "-q")
    assert r.returncode == 0, r.stderr
    assert "分组 5 折交叉验证" in r.stdout and "已写出模型" in r.stdout
    return d / "m.npz"


@pytest.fixture(scope="module")
def clause_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("clauses")
    rows = yaml.safe_load(CLAUSES.read_text(encoding="utf-8"))
    for row in rows:
        (d / f"{row['id']}.txt").write_text(row["clause"] + "\n", encoding="utf-8")
    return d, rows


def _report(*args):
    r = run_cli("check", "--format", "json", "--no-color", *args)
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)


# -- the shipped model ---------------------------------------------------------------------------
def test_shipped_manifest_hashes_match():
    m = json.loads(SHIPPED.read_text(encoding="utf-8"))
    npz = SHIPPED.with_suffix(".npz")
    assert m["format"] == "doclint-clause-model" and m["arrays"]["file"] == npz.name
    assert m["arrays"]["sha256"] == _sha(npz)
    assert npz.stat().st_size <= 10 * 1024 * 1024
    own = [f for f in m["data"] if f["file"] == "own-clauses.yaml"]
    assert own and own[0]["sha256"] == _sha(ROOT / "benchmarks" / "own-clauses.yaml")
    corpus = ROOT.parent / "shared" / "corpus"
    for f in m["data"]:
        p = corpus / f["file"]
        if p.is_file():  # the dev corpus is read at training time only; check it where it is
            assert f["sha256"] == _sha(p), f["file"]
    assert set(m["thresholds"]) == set(m["categories"])
    assert all(0.5 <= t <= 1.0 for t in m["thresholds"].values())
    for key in ("rules", "model", "both"):
        assert {"caught", "violations", "false_alarms", "clean"} <= set(m["cv"][key])


_SCORE = """
import sys
from doclint.model.check import get_model
from doclint.model.scorer import reading_tokens
from doclint.reading import read_text
m = get_model(sys.argv[1])
rds = read_text(open(sys.argv[2], encoding="utf-8").read())
p = m.probabilities([r.provision.text for r in rds], [reading_tokens(r.acts) for r in rds])
print(repr([[round(x, 12) for x in row] for row in p]))
"""


def test_shipped_model_scores_deterministically(tmp_path):
    text = (SAMPLES / "bad_draft.txt") if (SAMPLES / "bad_draft.txt").exists() else sorted(SAMPLES.glob("*.txt"))[0]
    runs = [subprocess.run([sys.executable, "-c", _SCORE, "builtin", str(text)], capture_output=True, text=True, cwd=ROOT)
            for _ in range(2)]
    assert all(r.returncode == 0 for r in runs), runs[0].stderr
    a, b = (eval(r.stdout) for r in runs)
    assert len(a) > 5 and len(a[0]) >= 5
    assert all(abs(x - y) <= 1e-9 for ra, rb in zip(a, b) for x, y in zip(ra, rb))
    assert all(0.0 <= x <= 1.0 for row in a for x in row)


def test_check_time_scorer_equals_the_numpy_model():
    """doclint.model.scorer (plain Python, used by check) computes what store.Model (numpy,
    used by training) computes: the same probabilities and the same weighty spans."""
    from doclint.model.check import builtin_path, get_model
    from doclint.model.scorer import reading_tokens
    from doclint.model.store import load
    from doclint.reading import read_text

    scorer, model = get_model("builtin"), load(builtin_path())
    texts, toks = [], []
    for f in sorted(SAMPLES.glob("*.txt")):
        for r in read_text(f.read_text(encoding="utf-8")):
            texts.append(r.provision.text)
            toks.append(reading_tokens(r.acts))
    # digits (ASCII and full-width) fold alike; a provision with no reading token
    texts += ["罚款１２３元或者5000元。", "甲乙丙"]
    toks += [["no-act"], []]
    assert len(texts) > 30
    for which in (None, (0, 3)):
        a = scorer.probabilities(texts, toks, which)
        b = model.probabilities(texts, toks, which).tolist()
        assert all(abs(x - y) <= 1e-12 for ra, rb in zip(a, b) for x, y in zip(ra, rb))
    for t in texts[:40]:
        for cat in scorer.categories[:4]:
            assert scorer.weighty_span(t, cat) == model.weighty_span(t, cat)


def test_check_never_imports_numpy():
    code = ("import sys\nfrom doclint.cli import main\n"
            "try:\n    main(['check', '--format', 'json', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
            "print('NUMPY' if 'numpy' in sys.modules else 'CLEAN', file=sys.stderr)")
    r = subprocess.run([sys.executable, "-c", code, str(SAMPLES)], capture_output=True, text=True, cwd=ROOT)
    assert r.stderr.strip().endswith("CLEAN"), r.stderr[-300:]


def test_shipped_model_adds_nothing_to_the_samples():
    """The sample drafts' expected findings (test_samples.py) hold with the shipped model."""
    with_model = _report(SAMPLES)
    assert not [x for f in with_model["files"] for x in f["findings"] if x.get("source") == "model"]
    assert with_model == _report("--no-model", SAMPLES)


def test_no_model_never_imports_numpy():
    code = ("import sys\nfrom doclint.cli import main\n"
            "try:\n    main(['check', '--no-model', '--format', 'json', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
            "print('NUMPY' if 'numpy' in sys.modules else 'CLEAN', file=sys.stderr)")
    r = subprocess.run([sys.executable, "-c", code, str(SAMPLES)], capture_output=True, text=True, cwd=ROOT)
    assert r.stderr.strip().endswith("CLEAN"), r.stderr[-300:]


# -- training and using a model ----------------------------------------------------------------------
def test_trained_model_catches_its_own_clauses(trained, clause_files):
    """Every training violation the model may judge (its reading names a measure it sets)
    is caught; a provision that names none is not the model's to judge (docs/model.md)."""
    from doclint.reading import read_text

    d, rows = clause_files
    rep = _report("--model", trained, "--select", "MDL", d)
    by = {Path(f["path"]).stem: f["findings"] for f in rep["files"]}
    judged = 0
    for row in rows:
        got = by[row["id"]]
        acts = [a for r in read_text(row["clause"] + "\n") for a in r.acts if a.stance == "sets"]
        if row["label"] == "violation" and not acts:
            assert got == [], row["id"]
        elif row["label"] == "violation":
            judged += 1
            assert [x["category"] for x in got] == [row["category"]], row["id"]
            x = got[0]
            assert x["source"] == "model" and x["severity"] == "warning" and x["rule"].startswith("MDL")
            assert x["message"].startswith("模型判断：") and "（概率 0." in x["message"]
            assert x["basis"] and 0 < x["end_offset"] - x["offset"] <= 24
            assert x["excerpt"] in row["clause"]
        else:
            assert got == [], row["id"]
    assert judged >= 8


def test_training_is_byte_for_byte_reproducible(trained, tmp_path):
    r = run_cli("train", CLAUSES, "--output", tmp_path / "again.npz", "-q")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "again.npz").read_bytes() == trained.read_bytes()
    again = (tmp_path / "again.json").read_text(encoding="utf-8").replace('"again.npz"', '"m.npz"')
    assert again == trained.with_suffix(".json").read_text(encoding="utf-8")
    m = json.loads(trained.with_suffix(".json").read_text(encoding="utf-8"))
    assert m["data"] == [{"file": CLAUSES.name, "role": "cases", "rows": 18, "sha256": _sha(CLAUSES)}]
    assert m["arrays"]["sha256"] == _sha(trained)


def test_rules_win_and_no_model_reproduces_rules_only(trained, clause_files):
    d, _rows = clause_files
    both = _report("--model", trained, d)
    rules = _report("--no-model", "--model", trained, d)
    # the rules already catch every violation here: the model speaks for no provision a rule flagged
    for f in both["files"]:
        model = [x for x in f["findings"] if x.get("source") == "model"]
        flagged = [x for x in f["findings"] if x.get("source") is None and x["severity"] in ("error", "warning")]
        assert not (model and flagged), f["path"]
    strip = [[x for x in f["findings"] if x.get("source") != "model"] for f in both["files"]]
    assert strip == [f["findings"] for f in rules["files"]]
    assert not any("source" in x for f in rules["files"] for x in f["findings"])


def test_model_is_used_for_provisions_no_rule_flags(trained, tmp_path):
    # a clause of the trained shape that no rule reads as a violation: the model speaks for it
    p = tmp_path / "draft.txt"
    p.write_text("园区企业的物流业务只能委托在本园区注册的运输企业。\n", encoding="utf-8")
    both = _report("--model", trained, p)["files"][0]["findings"]
    rules = _report("--no-model", p)["files"][0]["findings"]
    counted = [x for x in rules if x["severity"] in ("error", "warning")]
    if counted:
        pytest.skip("the rules now flag this clause themselves")
    assert [x["rule"] for x in both if x.get("source") == "model"] == ["MDL007"]


def test_config_key_turns_the_model_off(trained, clause_files, tmp_path):
    d, _rows = clause_files
    cfg = tmp_path / "off.yaml"
    cfg.write_text("model: false\n", encoding="utf-8")
    on = tmp_path / "on.yaml"
    on.write_text(f"model: {trained}\n", encoding="utf-8")
    off = _report("--config", cfg, "--select", "MDL", d)
    assert not any(f["findings"] for f in off["files"])
    used = _report("--config", on, "--select", "MDL", d)
    assert any(x.get("source") == "model" for f in used["files"] for x in f["findings"])


def test_parallel_run_gives_the_same_report(trained, clause_files):
    d, _rows = clause_files
    a = run_cli("check", "--format", "json", "--model", trained, "--select", "MDL", "-j", "1", d)
    b = run_cli("check", "--format", "json", "--model", trained, "--select", "MDL", "-j", "2", d)
    assert a.returncode == b.returncode == 0 and a.stdout == b.stdout and '"source": "model"' in a.stdout


@pytest.mark.parametrize("fmt", ["text", "sarif", "html", "markdown", "github"])
def test_formatters_show_model_findings(trained, clause_files, fmt):
    d, _rows = clause_files
    r = run_cli("check", "--format", fmt, "--no-color", "--model", trained, "--select", "MDL", d / "t01.txt")
    assert r.returncode == 0, r.stderr  # a warning: below the default --fail-on error
    assert "MDL007" in r.stdout


# -- bad model files ---------------------------------------------------------------------------------
def _one_line_exit2(r, *words):
    assert r.returncode == 2, (r.stdout, r.stderr)
    err = r.stderr.strip()
    assert "\n" not in err and "Traceback" not in err and err.startswith("doclint: 错误：")
    for w in words:
        assert w in err


def test_corrupt_model_file(trained, tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(trained.read_bytes()[:1000])
    (tmp_path / "bad.json").write_bytes(trained.with_suffix(".json").read_bytes())
    _one_line_exit2(run_cli("check", "--model", bad, SAMPLES), "bad.npz", "sha256")


def test_foreign_model_files(tmp_path):
    (tmp_path / "x.json").write_text('{"format": "something-else"}', encoding="utf-8")
    (tmp_path / "x.npz").write_bytes(b"PK\x03\x04 not a model")
    _one_line_exit2(run_cli("check", "--model", tmp_path / "x.json", SAMPLES), "x.json", "不是可用的 doclint 模型文件")
    (tmp_path / "y.npz").write_bytes(b"\x00" * 64)
    (tmp_path / "y.json").write_text("not json", encoding="utf-8")
    _one_line_exit2(run_cli("check", "--model", tmp_path / "y.npz", SAMPLES), "y.npz", "JSON")
    _one_line_exit2(run_cli("check", "--model", tmp_path / "missing.npz", SAMPLES), "missing.npz", "缺少")


def test_train_bad_input(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("- {category: fee, label: maybe, clause: 某条款}\n", encoding="utf-8")
    r = run_cli("train", p, "--output", tmp_path / "m.npz")
    _one_line_exit2(r, "c.yaml", "label")
    few = tmp_path / "few.yaml"
    few.write_text("- {category: fee, label: violation, clause: 每户每月交纳管理费十元。}\n", encoding="utf-8")
    _one_line_exit2(run_cli("train", few, "--output", tmp_path / "m.npz", "-q"), "5")


def test_train_from_suppressions(tmp_path):
    """A finding suppressed with a reason is a rejected finding: a clean row of its category."""
    draft = tmp_path / "draft.txt"
    draft.write_text("某县人民政府\n<!-- doclint: disable-next-paragraph=fee reason=\"依据省级批准文件收取，已核实\" -->\n"
                     "第一条 办理门头招牌登记的，每次交纳管理费二百元。\n", encoding="utf-8")
    r = run_cli("train", CLAUSES, "--from-suppressions", draft, "--output", tmp_path / "m.npz", "-q")
    assert r.returncode == 0, r.stderr
    m = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    sup = [f for f in m["data"] if f["role"] == "suppressions"]
    assert sup == [{"file": "draft.txt", "role": "suppressions", "rows": 1, "sha256": _sha(draft)}]
    assert m["rows"]["clean"] == 5


def test_train_from_ledger(tmp_path):
    pytest.importorskip("sqlalchemy")
    r = run_cli("train", "--from-ledger", tmp_path / "none.db", "--output", tmp_path / "m.npz", "-q")
    assert r.returncode == 2 and "\n" not in r.stderr.strip() and "Traceback" not in r.stderr
