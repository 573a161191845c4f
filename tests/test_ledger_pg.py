"""The ledger tests of test_ledger.py on a real PostgreSQL server.

A private cluster is made for the session: initdb into a temporary folder and
pg_ctl start on a free port of 127.0.0.1 (as user postgres when run as root, since
initdb refuses root).  Each test gets a fresh database.  Without PostgreSQL's
binaries (Debian's postgresql package; .ci/run installs it) the tests skip.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.test_ledger import (  # noqa: F401  (collected here too, with the PostgreSQL `db`)
    in_force, test_a_ledger_of_schema_0001_upgrades_and_keeps_its_rows, test_add_records_document_materials_findings_and_rounds,
    test_decisions_with_reason_edit_and_remark_are_kept_and_shown, test_check_with_ledger_reports_repeat_and_divergence,
    test_decisions_for_the_learned_model, test_expiring_lists_soon_and_ended, test_export_csv_xlsx_json,
    test_list_filters_and_json, test_migration_from_empty_database_creates_schema_at_head,
    test_newer_schema_version_is_refused_with_one_line, test_register_reads_fields_and_overrides,
    test_review_with_ledger_and_expired_documents_are_not_searched,
    test_set_keeps_append_only_history_with_who_and_when, test_sigkill_during_add_leaves_no_partial_record_and_keeps_committed,
    test_two_concurrent_writers_both_land, test_two_processes_creating_a_new_ledger_at_once,
)


def _bindir() -> str | None:
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(d, "initdb")) and os.path.exists(os.path.join(d, "pg_ctl")):
            return d
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pg_server():
    bindir = _bindir()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql; .ci/run does it)")
    try:
        import psycopg
    except ImportError:
        pytest.skip("psycopg is not installed")
    base = tempfile.mkdtemp(prefix="doclint-pg-")
    data = os.path.join(base, "data")
    as_root = os.geteuid() == 0
    prefix: list[str] = []
    if as_root:
        try:
            import pwd

            pw = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no postgres user for initdb")
        os.chown(base, pw.pw_uid, pw.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"] if shutil.which("runuser") else None
        if prefix is None:
            pytest.skip("running as root without runuser to start PostgreSQL as postgres")
    port = _free_port()
    init = subprocess.run(prefix + [f"{bindir}/initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                                    "--no-locale"], capture_output=True, text=True)
    if init.returncode != 0:
        pytest.skip(f"initdb failed: {init.stderr.strip().splitlines()[-1:]}")
    start = subprocess.run(prefix + [f"{bindir}/pg_ctl", "-D", data, "-l", os.path.join(base, "log"), "-w", "-t", "60",
                                     "-o", f"-p {port} -h 127.0.0.1 -k {base} -c fsync=on", "start"],
                           capture_output=True, text=True)
    if start.returncode != 0:
        log = Path(base, "log").read_text(errors="replace") if Path(base, "log").exists() else start.stderr
        pytest.fail(f"pg_ctl start failed: {log.strip().splitlines()[-1:]}")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(prefix + [f"{bindir}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def db(pg_server, request) -> str:
    import psycopg

    name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name)[:50].lower()
    with psycopg.connect(pg_server + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{pg_server}/{name}"


def test_unreachable_postgresql_is_one_line_exit_2():
    from click.testing import CliRunner

    from doclint.cli import main

    port = _free_port()  # nothing listens there
    res = CliRunner().invoke(main, ["ledger", "--db", f"postgresql://someone:secret@127.0.0.1:{port}/ledger", "list"])
    assert res.exit_code == 2
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("doclint: 错误：postgresql://someone@127.0.0.1")
    assert "secret" not in res.output and "无法打开台账数据库" in lines[0]
