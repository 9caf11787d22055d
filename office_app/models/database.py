"""Opening the database: the one boundary where a file becomes the bound ``db``."""

from __future__ import annotations

from pathlib import Path

import peewee as pw

from . import ALL_MODELS
from .base import db
from .migrations import SCHEMA_VERSION, SchemaVersion, current_version, migrate

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    # Wait for another connection's write rather than failing at once.
    "busy_timeout": 5000,
    # With WAL, FULL makes every committed transaction survive a power cut.
    "synchronous": "full",
    "cache_size": -32000,
}


def make_database(path: Path | str) -> pw.SqliteDatabase:
    return pw.SqliteDatabase(str(path), pragmas=PRAGMAS)


def open_database(path: Path | str, *, create: bool = True) -> pw.SqliteDatabase:
    """Open (and create or migrate) the database at ``path`` and bind the models to it.

    Paths with Chinese characters and spaces work; the parent folder is created.
    """
    target = Path(path) if str(path) != ":memory:" else None
    if target is not None:
        if not create and not target.exists():
            raise FileNotFoundError(f"数据库文件不存在：{target}")
        target.parent.mkdir(parents=True, exist_ok=True)
    database = make_database(path)
    database.connect(reuse_if_open=True)
    db.initialize(database)
    migrate(database, ALL_MODELS, path=target)
    return database


def close_database() -> None:
    if db.obj is not None and not db.is_closed():
        db.close()


def schema_version() -> int:
    database = db.obj
    with database.bind_ctx([SchemaVersion]):
        return current_version(database)


def is_empty() -> bool:
    """True when the community holds no data yet (operators and settings do not count)."""
    from . import Building, Compound, Resident, TestRecord, Volunteer

    return not any(
        m.select().exists() for m in (Compound, Building, Resident, Volunteer, TestRecord)
    )


__all__ = ["SCHEMA_VERSION", "close_database", "is_empty", "make_database", "open_database"]
