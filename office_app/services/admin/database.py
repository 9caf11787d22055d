"""The database as the views and the command line see it: open and close it, tell whether a
file is it (or one of its working files), run a piece of work as one transaction, and name
what went wrong when another program holds it or it cannot be written.

Views, the command line and reports never touch the connection itself (``models.db``); a
service call that writes is normally its own transaction, and :func:`transaction` is for the
few places that join several calls into one.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import AbstractContextManager
from pathlib import Path

import peewee as pw

from office_app.models import database as _models_database
from office_app.models import db
from office_app.models.database import (
    DatabaseBusy,
    DatabaseReadOnly,
    DatabaseUnavailable,
    busy_message,
    close_database,
    is_busy_error,
    is_database_file,
    is_read_only_error,
    open_read_only,
    read_only_message,
    schema_version,
    unavailable,
)
from office_app.models.engine import ServerUrl
from office_app.models.migrations import SCHEMA_VERSION, MigrationError

__all__ = [
    "SCHEMA_VERSION",
    "DatabaseBusy",
    "DatabaseReadOnly",
    "DatabaseUnavailable",
    "MigrationError",
    "busy_message",
    "close_database",
    "close_thread_connection",
    "is_busy_error",
    "is_damaged",
    "is_database_file",
    "is_read_only_error",
    "open_database",
    "quick_check",
    "read_only_message",
    "read_schema_version",
    "transaction",
    "unavailable",
]


def open_database(path: Path | str | ServerUrl, *, create: bool = True) -> pw.Database:
    """Open (and create or migrate) the database at ``path`` and bind the models to it
    (models/database.open_database). An office server of an older schema is first backed up
    into the backup folder (:mod:`.upgrade_backup`; audited once migrated); when that fails
    it is not migrated, and :class:`MigrationError` says why."""
    made: list[tuple[Path, int]] = []

    def back_up(database: pw.Database, url: ServerUrl, version: int) -> Path:
        from .upgrade_backup import backup_before_upgrade

        made.append((backup_before_upgrade(database, url, version), version))
        return made[-1][0]

    database = _models_database.open_database(path, create=create, before_upgrade=back_up)
    for backup, version in made:
        _audit_upgrade_backup(backup, version)
    return database


def _audit_upgrade_backup(backup: Path, version: int) -> None:
    from . import audit
    from .actor import SYSTEM

    try:
        with db.atomic():
            audit.record(
                SYSTEM,
                "backup",
                summary=f"数据库从版本 {version} 升级到 {SCHEMA_VERSION} 之前备份到 {backup}",
            )
    except pw.DatabaseError as exc:  # the backup is made all the same
        logging.getLogger(__name__).warning("upgrade backup not audited: %s", exc)


def transaction() -> AbstractContextManager[object]:
    """One transaction (a savepoint inside another): ``with transaction(): ...`` commits
    when the block ends and rolls everything back when it raises."""
    return db.atomic()


def close_thread_connection() -> None:
    """Close the calling thread's connection, if it opened one (a worker thread's work is
    done; the main thread's connection stays open)."""
    if db.obj is not None and not db.is_closed():
        db.close()


def read_schema_version(path: Path | str | ServerUrl) -> int:
    """The schema version of the existing database at ``path``, opened for reading only:
    nothing is written to the file (not even a header into an empty one) and no migration
    runs. Raises what opening raises (``FileNotFoundError``, a busy or unreadable file)."""
    open_read_only(path)
    return schema_version()


def quick_check(path: Path | str) -> list[str]:
    """Problems SQLite's quick_check finds in the file at ``path``, read through a read-only
    connection of its own (so any thread may run it); [] when the file is sound."""
    uri = f"{Path(path).resolve().as_uri()}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=30)
        try:
            rows = [r[0] for r in connection.execute("PRAGMA quick_check").fetchall()]
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def is_damaged(exc: BaseException) -> bool:
    """The database file itself is damaged (not newer, locked or missing)."""
    text = str(exc).lower()
    damaged_words = ("malformed", "not a database", "disk image", "file is encrypted")
    return isinstance(exc, sqlite3.DatabaseError | pw.DatabaseError) and any(
        word in text for word in damaged_words
    )
