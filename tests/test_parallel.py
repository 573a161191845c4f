"""Many files: `-j N` gives output identical (order included) to a serial run; a progress
bar only when standard error is a terminal; `--statistics` counts per rule."""

import json
import os
import pty
import select
import shutil
import subprocess
import sys
import tempfile

import pytest

from conftest import ROOT, SAMPLES, run_cli

LINES = [
    "第三条 设立经营性停车场的，须经市城市管理局审批后，方可营业。",
    "第九条 违反本办法的，由市城市管理局处1万元罚款。",
    "第五条 停车场经营者应当按照每个车位每年200元的标准缴纳停车场管理费。",
    "第八条 逾期未缴纳停车费的，市城市管理局可以扣押车辆。",
    "第十二条 市中级人民法院应当优先审理停车收费纠纷案件。",
    "第十三条 本办法自印发之日起施行。",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """24 drafts in nested folders, two configurations, a suppression, an unreadable file."""
    root = tmp_path_factory.mktemp("many")
    for i in range(22):
        sub = root / f"g{i % 3}" / ("deep" if i % 4 == 0 else "")
        sub.mkdir(parents=True, exist_ok=True)
        body = "\n".join(LINES[(i + k) % len(LINES)] for k in range(1 + i % 5)) + "\n"
        suffix = ".md" if i % 5 == 0 else ".txt"
        if i == 7:
            body = '<!-- doclint: disable-next-paragraph=all reason="已核实" -->\n' + body
        (sub / f"draft{i:02d}{suffix}").write_text(body, encoding="utf-8")
    shutil.copy(SAMPLES / "parking-draft.docx", root / "g1" / "parking.docx")
    (root / "g2" / "broken.docx").write_bytes(b"not a zip file")
    (root / "g1" / ".doclint.yaml").write_text("ignore: [format]\nseverity:\n  PEN001: warning\n", encoding="utf-8")
    return root


def files_in(root):
    return sorted(p for p in root.rglob("*") if p.suffix in (".txt", ".md", ".docx"))


def test_corpus_is_big_enough(corpus):
    assert len(files_in(corpus)) >= 20


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_parallel_output_equals_serial(corpus, fmt):
    args = ("check", "--format", fmt, "--today", "2026-01-01", corpus)
    serial = run_cli(*args, "-j", "1")
    parallel = run_cli(*args, "-j", "2")
    assert serial.returncode == parallel.returncode == 2, serial.stderr + parallel.stderr  # the broken .docx
    assert serial.stdout == parallel.stdout
    assert "Traceback" not in parallel.stderr
    if fmt == "json":
        data = json.loads(parallel.stdout)
        paths = [f["path"] for f in data["files"]]
        assert len(paths) >= 20 and paths == sorted(paths, key=lambda p: paths.index(p))
        assert any(f.get("suppressed") for f in data["files"])
        assert sum(1 for f in data["files"] if f["error"]) == 1


def test_parallel_on_named_files_keeps_argument_order(corpus):
    names = [str(p) for p in reversed(files_in(corpus))]
    serial = run_cli("check", "--format", "json", *names, "-j", "1")
    parallel = run_cli("check", "--format", "json", *names, "-j", "3")
    assert serial.stdout == parallel.stdout
    assert [f["path"] for f in json.loads(parallel.stdout)["files"]] == names


def test_statistics_text_is_appended(corpus):
    res = run_cli("check", corpus / "g0", "--statistics")
    out = res.stdout
    report, _, stats = out.partition("\n规则统计：\n")
    assert stats, out
    assert "已检查" in report
    rows = [line.split() for line in stats.splitlines() if line.startswith("  ") and not line.strip().startswith("共")]
    assert rows and all(len(r) == 3 and r[2].isdigit() for r in rows)
    counts = [int(r[2]) for r in rows]
    assert counts == sorted(counts, reverse=True)
    data = json.loads(run_cli("check", "--format", "json", corpus / "g0").stdout)
    total = sum(len(f["findings"]) for f in data["files"])
    assert f"共 {total} 个发现" in stats
    by_rule = {}
    for f in data["files"]:
        for x in f["findings"]:
            by_rule[x["rule"]] = by_rule.get(x["rule"], 0) + 1
    assert {r[0]: int(r[2]) for r in rows} == by_rule
    assert {r[0]: r[1] for r in rows}.keys() == by_rule.keys()


def test_statistics_go_to_stderr_for_machine_formats(corpus, tmp_path):
    res = run_cli("check", "--format", "json", corpus / "g0", "--statistics")
    json.loads(res.stdout)  # still pure JSON
    assert "规则统计：" in res.stderr
    out = tmp_path / "r.txt"
    res = run_cli("check", corpus / "g0", "--statistics", "--output", out)
    assert res.stdout == "" and "规则统计：" in out.read_text(encoding="utf-8")


def _run_with_tty_stderr(args):
    """Run doclint with standard error on a pseudo-terminal (standard output to a file)."""
    master, slave = pty.openpty()
    out = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "doclint", *map(str, args)], cwd=ROOT,
                            stdout=out, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    chunks = []
    while True:
        r, _, _ = select.select([master], [], [], 60)
        if not r:
            break
        try:
            data = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    out.seek(0)
    return out.read().decode("utf-8"), b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_only_on_a_terminal(corpus):
    stdout, stderr = _run_with_tty_stderr(["check", "--format", "json", corpus, "-j", "2"])
    assert "正在检查" in stderr and "24/24" in stderr
    assert json.loads(stdout)["files"], "the report itself is untouched"
    res = run_cli("check", "--format", "json", corpus, "-j", "2")
    assert "正在检查" not in res.stderr, "not a terminal: no bar"
    _, stderr = _run_with_tty_stderr(["check", corpus / "g1" / "parking.docx"])
    assert "正在检查" not in stderr, "one file: no bar"


def test_jobs_zero_means_one_per_cpu(corpus):
    a = run_cli("check", "--format", "json", corpus / "g0", "-j", "0")
    b = run_cli("check", "--format", "json", corpus / "g0")
    assert a.stdout == b.stdout and a.returncode == b.returncode
