"""Schema version and the migration runner.

A new database gets every table at once and the current version. An older database is
backed up beside itself first, then each step from its version up runs in its own
transaction, and the version is written inside that same transaction, so a failed step
leaves the file at the last good version.

The same steps run on an office server (PostgreSQL): there each step's DDL is transactional
too, and no file is copied beside anything (the server's data is kept by ``office-app
backup``). A step's SQL must run on both engines: peewee's schema migrator, or plain SQL both
accept (tests/unit/test_engine.py migrates on the engine the tests run on).

To change the schema: add a step ``_to_N(db)`` to ``STEPS``, raise ``SCHEMA_VERSION`` to N,
and save a database of the old version under ``tests/fixtures/`` for the migration tests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import peewee as pw

from .base import BaseModel, now
from .files import copy_database

SCHEMA_VERSION = 4


class SchemaVersion(BaseModel):
    """One row per version the file has reached."""

    version = pw.IntegerField(primary_key=True)
    applied_at = pw.DateTimeField(default=now)


class MigrationError(RuntimeError):
    pass


Step = Callable[[pw.Database], None]


def _to_2(database: pw.Database) -> None:
    """Test records know when a result filled in by a later file reached the office; they
    are indexed by name, and no longer by resident."""
    from playhouse.migrate import SchemaMigrator
    from playhouse.migrate import migrate as apply

    column = pw.DateTimeField(null=True)
    apply(
        SchemaMigrator.from_database(database).add_column("test_record", "result_known_at", column)
    )
    # The tests page sorts a million records by 姓名: an index serves the order (and the
    # seek from one page to the next) instead of sorting the whole table for every page.
    database.execute_sql('CREATE INDEX IF NOT EXISTS "test_record_name" ON "test_record" ("name")')
    # An index no query uses costs every import (issue 21): records are never looked up by
    # resident (models/testing.py says why).
    database.execute_sql('DROP INDEX IF EXISTS "test_record_resident_id_sample_time"')


# The records two seats may edit at once: each carries a version that every edit raises.
VERSIONED_TABLES = ("compound", "building", "resident", "volunteer")


def _to_3(database: pw.Database) -> None:
    """Several seats at once: a version on each record two seats may edit (a save names the
    version it started from) with who made the last edit and when, and the seats table (who
    works on the database, heartbeat)."""
    from playhouse.migrate import SchemaMigrator
    from playhouse.migrate import migrate as apply

    from .seats import Seat

    migrator = SchemaMigrator.from_database(database)
    for table in VERSIONED_TABLES:
        # Plain SQL both SQLite and PostgreSQL run; the default fills the existing rows.
        database.execute_sql(
            f'ALTER TABLE "{table}" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0'
        )
        database.execute_sql(
            f'ALTER TABLE "{table}" ADD COLUMN "changed_by" VARCHAR(80) NOT NULL DEFAULT \'\''
        )
        apply(migrator.add_column(table, "changed_at", pw.DateTimeField(null=True)))
    with database.bind_ctx([Seat]):
        database.create_tables([Seat])


def _to_4(database: pw.Database) -> None:
    """The tests list sorted by 结果 pages through an index on (result, id) instead of the
    result alone: the list orders ties by the id, which PostgreSQL's index on the result does
    not keep (the server sorted nearly every record for each page); on SQLite the two
    indexes hold the same (its index ends with the rowid), so nothing is slower there."""
    database.execute_sql('DROP INDEX IF EXISTS "test_record_result"')
    database.execute_sql(
        'CREATE INDEX IF NOT EXISTS "test_record_result_id" ON "test_record" ("result", "id")'
    )


# version N -> the step that brings a version N-1 file to N.
STEPS: dict[int, Step] = {2: _to_2, 3: _to_3, 4: _to_4}


def current_version(database: pw.Database) -> int:
    """The file's version: 0 for an empty file; -1 when it has tables but no version table."""
    tables = set(database.get_tables())
    if "schema_version" not in tables:
        return -1 if tables else 0
    row = SchemaVersion.select(pw.fn.MAX(SchemaVersion.version)).scalar()
    return int(row or 0)


def backup_file(path: Path, version: int) -> Path:
    """Copy the database file beside itself before migrating it."""
    stamp = now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.v{version}-{stamp}{path.suffix}.bak")
    return copy_database(path, target)


def migrate(
    database: pw.Database,
    models: tuple[type[BaseModel], ...],
    *,
    path: Path | None = None,
    steps: Mapping[int, Step] | None = None,
    target: int = SCHEMA_VERSION,
) -> Path | None:
    """Bring the bound database to ``target``. Returns the backup made, if any."""
    steps = STEPS if steps is None else steps
    with database.bind_ctx([SchemaVersion]):
        version = current_version(database)
        if version == -1:
            raise MigrationError("数据库文件里有表，但没有版本信息：这不是本程序的数据库。")
        if version > target:
            raise MigrationError(
                f"数据库版本 {version} 比本程序支持的版本 {target} 新，请升级程序后再打开。"
            )
        if version == 0:
            with database.atomic():
                database.create_tables([SchemaVersion, *models])
                SchemaVersion.create(version=target)
            return None
        if version == target:
            return None
        backup = None
        if path is not None and path.exists():
            backup = backup_file(path, version)
        for number in range(version + 1, target + 1):
            step = steps.get(number)
            if step is None:
                raise MigrationError(f"缺少从版本 {number - 1} 升级到 {number} 的步骤。")
            with database.atomic():
                step(database)
                SchemaVersion.create(version=number)
        return backup
