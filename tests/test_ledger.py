"""The review ledger (doclint ledger) on SQLite; test_ledger_pg.py runs the same tests on PostgreSQL.

Each test takes a `db` fixture: a SQLite file here, a fresh PostgreSQL database there.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import main

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "samples" / "package-gov"

# A published document of our own (not corpus text), with 文号, dates and 有效期.
IN_FORCE = """某某市人民政府办公室关于规范农贸市场管理的通知

某政办发〔2023〕7号

各县（市、区）人民政府，市直各有关部门：

一、市场开办者应当建立入场经营者档案，如实记录经营者名称、联系方式和经营品种。
二、市场开办者应当在市场显著位置设置公示栏，公示市场管理制度和投诉电话。
三、经营者应当自取得营业执照之日起十五日内向市场开办者报送经营品种清单。
四、市场内禁止销售未经检疫的畜禽产品。
五、本通知自2023年3月1日起施行，有效期三年。

某某市人民政府办公室
2023年2月10日
"""

DRAFT = """某某市农贸市场管理办法（送审稿）

第一条 为规范农贸市场秩序，制定本办法。
第二条 市场开办者应当建立入场经营者档案，如实记录经营者的名称、联系方式和经营品种。
第三条 经营者应当自取得营业执照之日起三十日内向市场开办者报送经营品种清单。
第四条 各县（市、区）应当在每年三月底前完成农贸市场布局规划的评估。
"""


def run(db, *args, **kw):
    res = CliRunner().invoke(main, ["ledger", "--db", db, *args], catch_exceptions=False, **kw)
    return res


def ok(db, *args) -> str:
    res = run(db, *args)
    assert res.exit_code == 0, res.output
    return res.output


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "ledger" / "ledger.db")


@pytest.fixture
def in_force(tmp_path) -> Path:
    p = tmp_path / "in-force" / "农贸市场通知.txt"
    p.parent.mkdir()
    p.write_text(IN_FORCE, encoding="utf-8")
    return p


def _env(**extra):
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def cli(db, *args, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "doclint", "ledger", "--db", db, *args], capture_output=True,
                          text=True, env=_env(**env), timeout=300)


def counts(db) -> dict:
    from sqlalchemy import func, select

    from doclint.ledger.schema import findings, history, materials, provisions, reviews
    from doclint.ledger.store import Ledger

    led = Ledger(db)
    try:
        with led.engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for t in (reviews, materials, findings, history, provisions)}
    finally:
        led.close()


# --- migrations ---------------------------------------------------------------------------

def test_migration_from_empty_database_creates_schema_at_head(db):
    from sqlalchemy import inspect

    from doclint.ledger.db import head_revision
    from doclint.ledger.store import Ledger

    led = Ledger(db)
    try:
        names = set(inspect(led.engine).get_table_names())
        assert {"reviews", "materials", "findings", "history", "documents", "provisions", "lsh_bands",
                "alembic_version"} <= names
        with led.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one() == head_revision()
    finally:
        led.close()
    # opening again is a no-op, and the list is empty
    assert "没有符合条件" in ok(db, "list")


def test_newer_schema_version_is_refused_with_one_line(db):
    from doclint.ledger.store import Ledger

    Ledger(db).close()
    led = Ledger(db)
    with led.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    led.close()
    res = run(db, "list")
    assert res.exit_code == 2
    err = res.output.strip()
    assert len(err.splitlines()) == 1 and "9999" in err and "升级 doclint" in err


def test_sqlite_file_uses_wal(db):
    if "://" in db:
        pytest.skip("SQLite only")
    ok(db, "list")
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


# --- reviews ----------------------------------------------------------------------------------

def test_add_records_document_materials_findings_and_rounds(db):
    out = ok(db, "add", str(PACKAGE), "--reviewer", "张三", "--today", "2025-10-22")
    assert "已登记 #1" in out and "第1轮审核" in out
    shown = json.loads(ok(db, "show", "1", "--format", "json"))
    assert shown["title"] == "朔州市促进冷链物流高质量发展若干措施"
    assert shown["drafting_unit"] == "朔州市商务局"
    assert shown["received"] == "2025-09-26" and shown["completed"] == "2025-10-22"
    assert shown["pauses"] == [{"start": "2025-10-13", "end": "2025-10-14", "reason": "召开冷链企业座谈会"}]
    assert shown["status"] == "已出具意见" and shown["reviewer"] == "张三"
    names = {m["name"] for m in shown["materials"]}
    assert "起草说明.md" in names and "package.yaml" in names
    draft = PACKAGE / "朔州市促进冷链物流高质量发展若干措施（送审稿）.txt"
    import hashlib

    m = next(m for m in shown["materials"] if m["name"] == draft.name)
    assert m["sha256"] == hashlib.sha256(draft.read_bytes()).hexdigest() and m["size"] == draft.stat().st_size
    review = subprocess.run([sys.executable, "-m", "doclint", "review", str(PACKAGE), "--format", "json",
                             "--today", "2025-10-22"], capture_output=True, text=True, env=_env())
    expected = json.loads(review.stdout)
    assert shown["conclusion"] == expected["review"]["conclusion"]
    rules = sorted(f["rule"] for fr in expected["files"] for f in fr["findings"])
    assert sorted(f["rule"] for f in shown["findings"]) == rules
    assert "合法性审核意见" in shown["opinion"]
    # the same package again: round 2, linked to the first
    out = ok(db, "add", str(PACKAGE), "--reviewer", "李四", "--today", "2025-10-22")
    assert "第2轮审核" in out and "接续第 1 号" in out
    second = json.loads(ok(db, "show", "2", "--format", "json"))
    assert second["round"] == 2 and second["first_id"] == 1 and second["previous_id"] == 1
    assert [r["id"] for r in second["rounds"]] == [1, 2]


def test_set_keeps_append_only_history_with_who_and_when(db):
    ok(db, "add", str(PACKAGE), "--today", "2025-10-22", "--reviewer", "张三")
    assert "已出具意见 → 已采纳" in ok(db, "set", "1", "--status", "已采纳", "--note", "起草单位已按意见修改", "--by", "王五")
    ok(db, "set", "1", "--note", "归档", "--by", "赵六")
    hist = json.loads(ok(db, "show", "1", "--format", "json"))["history"]
    assert [(h["who"], h["status_from"], h["status_to"], h["note"]) for h in hist] == [
        ("张三", None, "已出具意见", "登记第1轮审核"),
        ("王五", "已出具意见", "已采纳", "起草单位已按意见修改"),
        ("赵六", "已采纳", "已采纳", "归档"),
    ]
    assert all(h["at"] for h in hist)
    text = ok(db, "show", "1")
    assert "王五  已出具意见 → 已采纳  起草单位已按意见修改" in text
    res = run(db, "set", "7", "--status", "退回")
    assert res.exit_code == 2 and "没有编号为 7" in res.output


def _reviewed(today="2025-10-22"):
    import datetime as dt

    from doclint.engine import Engine
    from doclint.review import Settings, review_package

    day = dt.date.fromisoformat(today)
    return review_package(PACKAGE, Engine.load([]), Settings(today=day, opinion_date=day))


def test_decisions_with_reason_edit_and_remark_are_kept_and_shown(db):
    from sqlalchemy import select

    from doclint.ledger.schema import findings
    from doclint.ledger.store import Ledger

    review = _reviewed()
    led = Ledger(db)
    try:
        rec = led.add_review(review, "张三", report={"version": 1, "note": "示例"}, upload=b"PK-bytes")
        with led.engine.connect() as conn:
            rows = conn.execute(select(findings.c.id, findings.c.rule).order_by(findings.c.id)).all()
        # the ids come back in report order, so a page can map its findings to them
        assert rec["finding_ids"] == [r.id for r in rows]
        assert [r.rule for r in rows] == [f.rule for fr in review.report.files for f in fr.findings]
        first, second, third = rec["finding_ids"][:3]
        led.decide(1, first, False, "本地另有规定", None, "与起草单位电话核实", by="李四", note="网页审核：问题不采纳")
        led.decide(1, second, True, None, "请改为由市商务局统筹。", None, by="李四", note="网页审核：问题修改")
        led.decide(1, third, None, None, None, "待科务会讨论", by="李四", note="网页审核：备注")
        assert led.stored(1) == ({"version": 1, "note": "示例"}, b"PK-bytes")
        assert led.review_rows()[0]["stored"] is True and led.review(1)["stored"] is True
        assert "report" not in led.review(1) and "upload" not in led.review(1)
        with pytest.raises(Exception, match="没有编号为 999"):
            led.decide(1, 999, True, None, None, None, by="李四", note="x")
    finally:
        led.close()
    shown = json.loads(ok(db, "show", "1", "--format", "json"))
    by_id = {f["id"]: f for f in shown["findings"]}
    assert by_id[first]["decision"] is False and by_id[first]["reason"] == "本地另有规定"
    assert by_id[first]["remark"] == "与起草单位电话核实"
    assert by_id[second]["decision"] is True and by_id[second]["edited"] == "请改为由市商务局统筹。"
    assert by_id[third]["decision"] is None and by_id[third]["remark"] == "待科务会讨论"
    assert shown["stored"] is True
    assert [h["note"] for h in shown["history"]][1:] == ["网页审核：问题不采纳", "网页审核：问题修改", "网页审核：备注"]
    text = ok(db, "show", "1")
    assert f"[{first}]" in text and "[不采纳：本地另有规定]" in text and "备注：与起草单位电话核实" in text
    assert "修改为：请改为由市商务局统筹。" in text and "备注：待科务会讨论" in text
    # ledger set --accept/--reject still works, and an accepted finding loses the old reason
    ok(db, "set", "1", "--accept", str(first), "--reject", str(third), "--by", "王五")
    again = {f["id"]: f for f in json.loads(ok(db, "show", "1", "--format", "json"))["findings"]}
    assert again[first]["decision"] is True and "reason" not in again[first]
    assert again[first]["remark"] == "与起草单位电话核实"
    assert again[third]["decision"] is False
    # the learned model reads the verdicts as before (edited counts as accepted)
    from doclint.ledger import decisions

    verdicts = [v for _c, _cat, v in decisions(db)]
    assert verdicts.count(True) >= 2 and verdicts.count(False) >= 1


def test_a_ledger_of_schema_0001_upgrades_and_keeps_its_rows(db):
    from alembic import command
    from sqlalchemy import inspect

    from doclint.ledger.db import _alembic_config, head_revision, make_engine
    from doclint.ledger.store import Ledger

    ok(db, "add", str(PACKAGE), "--reviewer", "张三", "--today", "2025-10-22")
    before = json.loads(ok(db, "show", "1", "--format", "json"))
    engine = make_engine(db)
    try:
        with engine.begin() as conn:
            command.downgrade(_alembic_config(conn), "0001")
        cols = {c["name"] for c in inspect(engine).get_columns("findings")}
        assert "decision" in cols and not cols & {"reason", "edited", "remark"}
        assert not {c["name"] for c in inspect(engine).get_columns("reviews")} & {"report", "upload"}
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one() == "0001"
            assert conn.exec_driver_sql("SELECT count(*) FROM findings").scalar_one() == len(before["findings"])
    finally:
        engine.dispose()
    led = Ledger(db)   # opening migrates 0001 -> head
    try:
        with led.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one() == head_revision()
        assert led.stored(1) is None   # nothing kept to open it in the annotated view
        row = led.review(1)
        assert row["stored"] is False and len(row["findings"]) == len(before["findings"])
        assert all(f["reason"] is None and f["remark"] is None for f in row["findings"])
    finally:
        led.close()
    after = json.loads(ok(db, "show", "1", "--format", "json"))
    assert after["findings"] == before["findings"] and after["history"] == before["history"]
    assert after["stored"] is False


def test_list_filters_and_json(db, tmp_path):
    ok(db, "add", str(PACKAGE), "--today", "2025-10-22")
    # a second package still under review: no completion date
    pending = tmp_path / "pending"
    shutil.copytree(PACKAGE, pending)
    manifest = (pending / "package.yaml").read_text(encoding="utf-8").replace("completed: 2025-10-22\n", "")
    manifest = manifest.replace("drafting_department: 朔州市商务局", "drafting_department: 朔州市交通运输局")
    (pending / "package.yaml").write_text(manifest, encoding="utf-8")
    ok(db, "add", str(pending), "--today", "2025-10-15")
    rows = json.loads(ok(db, "list", "--format", "json"))
    assert [(r["id"], r["status"]) for r in rows] == [(1, "已出具意见"), (2, "审核中")]
    assert rows[1]["due"] == "2025-10-27"
    assert [r["id"] for r in json.loads(ok(db, "list", "--status", "审核中", "--format", "json"))] == [2]
    assert [r["id"] for r in json.loads(ok(db, "list", "--unit", "交通", "--format", "json"))] == [2]
    assert [r["id"] for r in json.loads(ok(db, "list", "--conclusion", rows[0]["conclusion"], "--format", "json"))]
    assert json.loads(ok(db, "list", "--from", "2025-09-27", "--format", "json")) == []
    # 2025-10-27 is the 15th working day: overdue on the 28th, due within 2 working days on the 23rd
    assert [r["id"] for r in json.loads(ok(db, "list", "--overdue", "--today", "2025-10-28", "--format", "json"))] == [2]
    assert json.loads(ok(db, "list", "--overdue", "--today", "2025-10-27", "--format", "json")) == []
    assert [r["id"] for r in json.loads(ok(db, "list", "--due-within", "2", "--today", "2025-10-23", "--format", "json"))] == [2]
    assert json.loads(ok(db, "list", "--due-within", "1", "--today", "2025-10-23", "--format", "json")) == []
    text = ok(db, "list")
    assert text.splitlines()[0].split()[:4] == ["编号", "轮次", "状态", "收文日期"]
    assert "朔州市交通运输局" in text and "共 2 条。" in text


def test_export_csv_xlsx_json(db, tmp_path):
    ok(db, "add", str(PACKAGE), "--today", "2025-10-22", "--reviewer", "张三")
    out = tmp_path / "t.csv"
    ok(db, "export", "--format", "csv", "-o", str(out))
    raw = out.read_text(encoding="utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"))))
    assert rows[0]["标题"] == "朔州市促进冷链物流高质量发展若干措施" and rows[0]["审核人"] == "张三"
    assert rows[0]["暂停审核"] == "2025-10-13至2025-10-14 召开冷链企业座谈会"
    xl = tmp_path / "t.xlsx"
    ok(db, "export", "--format", "xlsx", "-o", str(xl))
    from openpyxl import load_workbook

    ws = load_workbook(xl).active
    values = list(ws.values)
    assert values[0][:3] == ("编号", "轮次", "首轮编号") and values[1][4] == "朔州市促进冷链物流高质量发展若干措施"
    data = json.loads(ok(db, "export", "--format", "json"))
    assert data[0]["received"] == "2025-09-26" and data[0]["reviewer"] == "张三"
    res = run(db, "export", "--format", "xlsx")
    assert res.exit_code == 2 and "--output" in res.output


def test_decisions_for_the_learned_model(db):
    from doclint.ledger import decisions

    ok(db, "add", str(PACKAGE), "--today", "2025-10-22")
    assert decisions(db) == []
    shown = json.loads(ok(db, "show", "1", "--format", "json"))
    first, second = shown["findings"][0], shown["findings"][1]
    ok(db, "set", "1", "--reject", str(second["id"]))
    assert decisions(db) == [(second["clause"], second["category"], False)]
    ok(db, "set", "1", "--status", "已采纳")
    got = decisions(db)
    assert (first["clause"], first["category"], True) in got and (second["clause"], second["category"], False) in got
    assert len(got) == len(shown["findings"])


# --- documents in force -----------------------------------------------------------------------

def test_register_reads_fields_and_overrides(db, in_force, tmp_path):
    out = json.loads(ok(db, "register", str(in_force), "--format", "json"))
    assert out[0]["how"] == "added"
    assert out[0]["doc_number"] == "某政办发〔2023〕7号"
    assert out[0]["issuer"] == "某某市人民政府办公室"
    assert out[0]["written"] == "2023-02-10" and out[0]["effective"] == "2023-03-01"
    assert out[0]["expires"] == "2026-02-28"
    assert "已登记过" in ok(db, "register", str(in_force))
    other = tmp_path / "b.txt"
    other.write_text(IN_FORCE.replace("有效期三年", "有效期至2025年12月31日"), encoding="utf-8")
    got = json.loads(ok(db, "register", str(other), "--issuer", "某某市政府办", "--format", "json"))[0]
    assert got["how"] == "updated" and got["expires"] == "2025-12-31" and got["issuer"] == "某某市政府办"
    res = run(db, "register", str(tmp_path / "missing.txt"))
    assert res.exit_code == 2 and "missing.txt" in res.output


def test_expiring_lists_soon_and_ended(db, in_force, tmp_path):
    ok(db, "register", str(in_force))
    second = tmp_path / "c.txt"
    second.write_text(IN_FORCE.replace("〔2023〕7号", "〔2023〕9号").replace("有效期三年", "有效期二年"), encoding="utf-8")
    ok(db, "register", str(second))
    rows = json.loads(ok(db, "expiring", "--days", "60", "--today", "2026-01-15", "--format", "json"))
    assert [(r["doc_number"], r["expired"], r["days_left"]) for r in rows] == [
        ("某政办发〔2023〕9号", True, -321), ("某政办发〔2023〕7号", False, 44)]
    assert json.loads(ok(db, "expiring", "--days", "10", "--today", "2024-01-01", "--format", "json")) == []
    text = ok(db, "expiring", "--days", "60", "--today", "2026-01-15")
    assert "应予清理" in text and "44 天后届满" in text


# --- duplicate and conflict search ------------------------------------------------------------

def test_check_with_ledger_reports_repeat_and_divergence(db, in_force, tmp_path):
    ok(db, "register", str(in_force))
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "doclint", "check", str(draft), "--ledger", db, "--format", "json",
                          "--select", "CFL", "--today", "2025-06-01"], capture_output=True, text=True, env=_env())
    report = json.loads(res.stdout)
    found = {f["rule"]: f for f in report["files"][0]["findings"]}
    assert set(found) == {"CFL003", "CFL004"}, found
    rep, div = found["CFL003"], found["CFL004"]
    assert rep["category"] == div["category"] == "conflict"
    assert rep["line"] == 4 and "某政办发〔2023〕7号" in rep["message"] and "《某某市人民政府办公室关于规范农贸市场管理的通知》" in rep["message"]
    assert "市场开办者应当建立入场经营者档案" in rep["message"] and "相似度" in rep["message"]
    assert div["line"] == 5 and "30日" in div["message"] and "15日" in div["message"]
    # without --ledger the rules are silent
    res = subprocess.run([sys.executable, "-m", "doclint", "check", str(draft), "--format", "json", "--select", "CFL",
                          "--today", "2025-06-01"],
                         capture_output=True, text=True, env=_env())
    assert json.loads(res.stdout)["files"][0]["findings"] == []


def test_review_with_ledger_and_expired_documents_are_not_searched(db, in_force, tmp_path):
    ok(db, "register", str(in_force))
    pkg = tmp_path / "pkg"
    shutil.copytree(PACKAGE, pkg)
    draft = next(pkg.glob("*送审稿*.txt"))
    draft.write_text(draft.read_text(encoding="utf-8") + "\n市场开办者应当建立入场经营者档案，如实记录经营者的名称、联系方式和经营品种。\n",
                     encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "doclint", "review", str(pkg), "--ledger", db, "--format", "json",
                          "--today", "2025-10-22"], capture_output=True, text=True, env=_env())
    rules = [f["rule"] for fr in json.loads(res.stdout)["files"] for f in fr["findings"]]
    assert rules.count("CFL003") == 1
    # the ledger add of the same package records that finding
    out = ok(db, "add", str(pkg), "--today", "2025-10-22")
    assert "重复或不一致 1 个" in out
    # once the document's 有效期 has ended it is no document in force
    res = subprocess.run([sys.executable, "-m", "doclint", "review", str(pkg), "--ledger", db, "--format", "json",
                          "--today", "2026-03-01"], capture_output=True, text=True, env=_env())
    rules = [f["rule"] for fr in json.loads(res.stdout)["files"] for f in fr["findings"]]
    assert "CFL003" not in rules


# --- durability and concurrency -----------------------------------------------------------------

def test_sigkill_during_add_leaves_no_partial_record_and_keeps_committed(db):
    ok(db, "add", str(PACKAGE), "--today", "2025-10-22")
    before = counts(db)
    proc = subprocess.Popen([sys.executable, "-m", "doclint", "ledger", "--db", db, "add", str(PACKAGE),
                             "--today", "2025-10-22"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            env=_env(DOCLINT_LEDGER_TEST_PAUSE="60"))
    try:
        line = proc.stderr.readline()
        assert line.startswith("pausing in transaction"), line
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert counts(db) == before  # nothing of the killed add, everything of the first
    if "://" not in db:
        con = sqlite3.connect(db)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
    # and the ledger goes on: the next add is round 2
    assert "第2轮审核" in ok(db, "add", str(PACKAGE), "--today", "2025-10-22")


def test_two_concurrent_writers_both_land(db, in_force):
    ok(db, "list")  # create the schema first; creation under contention is covered below
    procs = [subprocess.Popen([sys.executable, "-m", "doclint", "ledger", "--db", db, "add", str(PACKAGE),
                               "--today", "2025-10-22", "--reviewer", f"审核员{i}"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=_env(DOCLINT_LEDGER_TEST_PAUSE="1.5")) for i in range(2)]
    reg = subprocess.Popen([sys.executable, "-m", "doclint", "ledger", "--db", db, "register", str(in_force)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
    outs = [p.communicate(timeout=300) for p in procs + [reg]]
    assert all(p.returncode == 0 for p in procs + [reg]), outs
    rows = json.loads(ok(db, "list", "--format", "json"))
    assert sorted(r["round"] for r in rows) == [1, 2]
    assert sorted(r["reviewer"] for r in rows) == ["审核员0", "审核员1"]
    c = counts(db)
    assert c["reviews"] == 2 and c["history"] == 2


def test_two_processes_creating_a_new_ledger_at_once(db):
    procs = [subprocess.Popen([sys.executable, "-m", "doclint", "ledger", "--db", db, "list", "--format", "json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert all(json.loads(o[0]) == [] for o in outs)
