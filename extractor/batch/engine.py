"""Where a store lives: database URLs, SQLAlchemy engines and the Alembic migrations.

A path is a SQLite file (WAL journal, ``synchronous=FULL``, foreign keys on, writers
taking ``BEGIN IMMEDIATE`` so that two writing processes queue instead of
deadlocking); ``postgresql://`` gets the psycopg (3) driver.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Union

import sqlalchemy as sa

DB_NAME = "vanban.sqlite"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def is_url(location: Union[str, Path]) -> bool:
    return "://" in str(location)


def db_path(location: Union[str, Path]) -> Union[Path, str]:
    """A database URL as is; ``location`` itself when it is a file, else
    ``location/vanban.sqlite``."""
    if is_url(location):
        return str(location)
    p = Path(location)
    if p.is_file():
        return p
    if p.is_dir() or p.suffix.lower() not in (".sqlite", ".sqlite3", ".db"):
        return p / DB_NAME
    return p


def engine_url(location: Union[str, Path]) -> str:
    """An SQLAlchemy URL: ``postgresql://`` gets the psycopg (3) driver, a path SQLite."""
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    if is_url(text):
        return text
    return "sqlite:///" + str(Path(text).resolve())


def sqlite_engine(url: str, *, immediate: bool) -> sa.Engine:
    engine = sa.create_engine(url, connect_args={"timeout": 60})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we say BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON",
                       "busy_timeout=60000"):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn):
        # writers take the write lock at once: two processes never deadlock upgrading
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def migrate(engine: sa.Engine) -> None:
    """Create or upgrade the schema to the newest migration."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # two programs opening a new database at once
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(80730013)"))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
