"""doclint review and deadline read the same configuration files as doclint check."""

import json
import shutil

from conftest import SAMPLES, run_cli


def rules_of(stdout):
    data = json.loads(stdout)
    return {x["rule"] for f in data["files"] for x in f["findings"]}


def test_review_honours_the_package_folder_config(tmp_path):
    pkg = tmp_path / "pkg"
    shutil.copytree(SAMPLES / "package-gov", pkg)
    before = rules_of(run_cli("review", pkg, "--today", "2025-10-22", "--format", "json").stdout)
    assert "CER001" in before
    (tmp_path / ".doclint.yaml").write_text("ignore: [CER001]\n", encoding="utf-8")
    after = rules_of(run_cli("review", pkg, "--today", "2025-10-22", "--format", "json").stdout)
    assert after == before - {"CER001"}


def test_deadline_takes_calendar_folders_from_config(tmp_path):
    cal = tmp_path / "calendar"
    cal.mkdir()
    (cal / "2027.yaml").write_text(
        "year: 2027\nsource: 测试用自拟数据\nholidays: []\nworkdays: []\n", encoding="utf-8"
    )
    res = run_cli("deadline", "--received", "2027-03-01", cwd=tmp_path)
    assert res.returncode == 2
    (tmp_path / ".doclint.yaml").write_text("calendar: [calendar]\n", encoding="utf-8")
    res = run_cli("deadline", "--received", "2027-03-01", "--today", "2027-03-02", cwd=tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "2027" in res.stdout
