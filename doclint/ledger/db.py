"""Opening a ledger: SQLite file (WAL, busy timeout) or PostgreSQL URL, migrated on open.

Every write is one transaction.  On SQLite a transaction starts with BEGIN IMMEDIATE,
so concurrent writers queue on the database lock (busy timeout) instead of failing
half-way; on PostgreSQL an add takes a transaction-scoped advisory lock while it
numbers review rounds.  Migrations (Alembic, shipped in doclint/ledger/migrations)
run inside such a transaction, so two processes opening a new database at once
create it once.
"""

from __future__ import annotations

import os
from pathlib import Path

from doclint.errors import DoclintError

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 60_000
ADVISORY_LOCK = 720_18  # pg_advisory_xact_lock key of the ledger's writers
DEFAULT_NAME = "doclint-ledger.db"


class LedgerError(DoclintError):
    """A ledger that cannot be opened or used: one line, exit 2."""


def default_location() -> str:
    """$DOCLINT_LEDGER, else the user's data folder (XDG)."""
    env = os.environ.get("DOCLINT_LEDGER")
    if env:
        return env
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "doclint", DEFAULT_NAME)


def url_for(target: str) -> str:
    """A SQLAlchemy URL from what the user gave: a file path or a database URL."""
    if "://" not in target:
        if target == ":memory:":
            return "sqlite://"
        return "sqlite:///" + str(Path(target).expanduser().resolve())
    scheme, rest = target.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return "postgresql+psycopg://" + rest
    if scheme.startswith(("postgresql+", "sqlite")):
        return target
    raise LedgerError(f"{target}: 不支持的数据库地址（应为文件路径或 postgresql://用户@主机:端口/库名）")


def shown(target: str) -> str:
    """The target without a password, for messages."""
    if "://" in target and "@" in target:
        scheme, rest = target.split("://", 1)
        cred, host = rest.rsplit("@", 1)
        return f"{scheme}://{cred.split(':', 1)[0]}@{host}"
    return target


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    return text[0] if text else exc.__class__.__name__


def make_engine(target: str):
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import StaticPool

    url = url_for(target)
    if url.startswith("sqlite"):
        memory = url == "sqlite://"
        if not memory:
            path = Path(url[len("sqlite:///"):])
            if path.is_dir():
                raise LedgerError(f"{target}: 是一个目录，台账应为数据库文件")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise LedgerError(f"{target}: 无法创建台账所在目录（{exc.strerror}）") from None
        kw = {"poolclass": StaticPool} if memory else {}
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}, **kw)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            if not memory:
                _set_wal(cur)
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=FULL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        try:
            engine = create_engine(url, connect_args={"connect_timeout": 5}, pool_pre_ping=True)
        except Exception as exc:  # e.g. the driver is missing
            raise LedgerError(f"{shown(target)}: 无法使用该数据库（{_first_line(exc)}）") from None
    return engine


def _set_wal(cur) -> None:
    """Put the file in WAL mode (persistent: once set, later connections only check).
    Switching needs the database to itself, and SQLite may answer "locked" at once rather
    than wait on its busy handler while another process is creating the same file: retry
    within the busy timeout."""
    import sqlite3
    import time

    if str(cur.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _alembic_config(connection):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(None)).get_current_head()


def migrate(engine, target: str) -> str:
    """Bring the schema to the newest version this doclint knows; refuse a newer one."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ADVISORY_LOCK})
            cfg = _alembic_config(conn)
            script = ScriptDirectory.from_config(cfg)
            current = MigrationContext.configure(conn).get_current_revision()
            head = script.get_current_head()
            known = {r.revision for r in script.walk_revisions()}
            if current is not None and current not in known:
                raise LedgerError(f"{shown(target)}: 台账数据库的结构版本 {current} 比本程序（支持到 {head}）新，"
                                  "请升级 doclint 后再使用")
            if current != head:
                command.upgrade(cfg, "head")
            return head
    except LedgerError:
        raise
    except SQLAlchemyError as exc:
        raise LedgerError(f"{shown(target)}: 无法打开台账数据库（{_first_line(exc)}）") from None


def open_engine(target: str):
    """An engine on a migrated ledger (created on first use)."""
    engine = make_engine(target)
    migrate(engine, target)
    return engine


def lock_writers(conn) -> None:
    """Inside a write transaction: one writer at a time numbers rounds (SQLite: BEGIN IMMEDIATE did it)."""
    from sqlalchemy import text

    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ADVISORY_LOCK})
