from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import peewee as pw
import pytest

from office_app.models import (
    ALL_MODELS,
    Building,
    Compound,
    Household,
    Resident,
    TestRecord,
    db,
)
from office_app.models.database import close_database, is_empty, open_database, schema_version
from office_app.models.migrations import (
    SCHEMA_VERSION,
    MigrationError,
    SchemaVersion,
    current_version,
    migrate,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.sqlite_only("a new database file and its folder (test_engine: both engines)")
def test_new_database_has_every_table_and_the_current_version(fresh_db: Path) -> None:
    tables = set(db_tables())
    for model in ALL_MODELS:
        assert model._meta.table_name in tables
    assert schema_version() == SCHEMA_VERSION
    assert fresh_db.exists()
    assert is_empty()


def db_tables() -> list[str]:
    return db.obj.get_tables()


@pytest.mark.sqlite_only("SQLite's pragmas (WAL, foreign keys, busy timeout)")
def test_pragmas_are_set(fresh_db: Path) -> None:
    assert db_value("PRAGMA journal_mode") == "wal"
    assert db_value("PRAGMA foreign_keys") == 1
    assert db_value("PRAGMA busy_timeout") == 5000


def db_value(sql: str) -> object:
    return db.execute_sql(sql).fetchone()[0]


def test_path_with_chinese_characters_and_spaces(tmp_path: Path) -> None:
    path = tmp_path / "科城路 社区" / "防控 数据.db"
    open_database(path)
    Compound.create(name="兴茂盛世国际")
    close_database()
    open_database(path)
    assert Compound.get().name == "兴茂盛世国际"
    close_database()


def test_foreign_keys_are_enforced(fresh_db: Path) -> None:
    compound = Compound.create(name="瑞景苑")
    building = Building.create(compound=compound, name="3栋")
    Household.create(building=building, unit="1单元", room="1-2")
    with pytest.raises(pw.IntegrityError), db.atomic():
        building.delete_instance()  # households still point at it
    assert Building.select().count() == 1


def test_same_test_row_cannot_be_stored_twice(fresh_db: Path) -> None:
    import datetime as dt

    row = {
        "name": "张建国",
        "doc_no": "510213196503120312",
        "tube_code": "221120100137",
        "sample_time": dt.datetime(2022, 11, 20, 8, 12, 35),
    }
    TestRecord.create(**row)
    with pytest.raises(pw.IntegrityError), db.atomic():
        TestRecord.create(**row)


def test_indexes_the_pages_need_exist(fresh_db: Path) -> None:
    indexed = {tuple(index.columns) for index in db.obj.get_indexes("test_record")}
    assert ("doc_no", "tube_code", "sample_time") in indexed
    assert ("building_id", "sample_time") in indexed
    assert ("sample_time",) in indexed
    assert ("building_id", "result", "sample_time") in indexed
    # the list sorted by 结果 orders ties by the id: PostgreSQL's index must hold it too
    assert ("result", "id") in indexed and ("result",) not in indexed
    # covered by the composite indexes, so not kept twice
    assert ("building_id",) not in indexed and ("resident_id",) not in indexed


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("db_v*.sqlite")), ids=lambda p: p.stem)
def test_saved_databases_of_every_version_open_and_migrate(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / fixture.name
    shutil.copy2(fixture, path)
    saved_version = int(fixture.stem.split("_v")[1])
    with sqlite3.connect(path) as raw:
        residents_before = raw.execute("SELECT name, doc_no FROM resident ORDER BY id").fetchall()
    assert residents_before, "the fixture should hold residents"
    open_database(path)
    try:
        assert schema_version() == SCHEMA_VERSION
        residents_after = [(r.name, r.doc_no) for r in Resident.select().order_by(Resident.id)]
        assert residents_after == residents_before
        backups = list(tmp_path.glob("*.bak"))
        assert len(backups) == (1 if saved_version < SCHEMA_VERSION else 0)
    finally:
        close_database()
    # A migrated file has the tables, columns and indexes of a new one.
    fresh = tmp_path / "fresh.db"
    open_database(fresh)
    close_database()
    assert _schema(path) == _schema(fresh)


def _schema(path: Path) -> dict[str, set[str]]:
    """Table → its columns, and every index with its columns, as SQLite describes them."""
    with sqlite3.connect(path) as raw:
        shape: dict[str, set[str]] = {}
        for (table,) in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ):
            shape[table] = {row[1] for row in raw.execute(f'PRAGMA table_info("{table}")')}
        indexes = [
            name for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        ]
        shape["indexes"] = {
            name + ":" + ",".join(row[2] for row in raw.execute(f"PRAGMA index_info('{name}')"))
            for name in indexes
        }
    raw.close()
    return shape


def test_there_is_a_saved_database_of_version_1() -> None:
    assert (FIXTURES / "db_v1.sqlite").exists()


# --- the migration runner, on a toy schema -------------------------------------------------


class Thing(pw.Model):
    name = pw.CharField()


def _toy(path: Path) -> pw.SqliteDatabase:
    database = pw.SqliteDatabase(str(path))
    database.bind([Thing, SchemaVersion])
    return database


def test_runner_backs_up_then_applies_each_step_in_order(tmp_path: Path) -> None:
    path = tmp_path / "toy.db"
    database = _toy(path)
    migrate(database, (Thing,), path=path, steps={}, target=1)
    Thing.create(name="before")
    applied: list[int] = []

    def to_2(d: pw.Database) -> None:
        d.execute_sql("ALTER TABLE thing ADD COLUMN note TEXT DEFAULT ''")
        applied.append(2)

    def to_3(d: pw.Database) -> None:
        d.execute_sql("UPDATE thing SET note = 'migrated'")
        applied.append(3)

    backup = migrate(database, (Thing,), path=path, steps={2: to_2, 3: to_3}, target=3)
    assert applied == [2, 3]
    assert backup is not None and backup.exists()
    assert current_version(database) == 3
    assert database.execute_sql("SELECT name, note FROM thing").fetchall() == [
        ("before", "migrated")
    ]
    with sqlite3.connect(backup) as raw:
        assert raw.execute("SELECT MAX(version) FROM schema_version").fetchone() == (1,)
    database.close()


def test_a_failing_step_leaves_the_last_good_version(tmp_path: Path) -> None:
    path = tmp_path / "toy.db"
    database = _toy(path)
    migrate(database, (Thing,), path=path, steps={}, target=1)

    def to_2(d: pw.Database) -> None:
        d.execute_sql("ALTER TABLE thing ADD COLUMN note TEXT")

    def to_3(d: pw.Database) -> None:
        d.execute_sql("INSERT INTO thing (name) VALUES ('half')")
        raise RuntimeError("step 3 breaks")

    with pytest.raises(RuntimeError):
        migrate(database, (Thing,), path=path, steps={2: to_2, 3: to_3}, target=3)
    assert current_version(database) == 2
    assert database.execute_sql("SELECT COUNT(*) FROM thing WHERE name='half'").fetchone() == (0,)
    database.close()


def test_newer_file_and_foreign_file_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "toy.db"
    database = _toy(path)
    migrate(database, (Thing,), path=path, steps={}, target=1)
    with pytest.raises(MigrationError, match="新"):
        migrate(database, (Thing,), path=path, steps={}, target=0)
    database.close()
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as raw:
        raw.execute("CREATE TABLE foo (x)")
    database = _toy(other)
    with pytest.raises(MigrationError, match="不是本程序"):
        migrate(database, (Thing,), path=other, steps={}, target=1)
    database.close()


def test_missing_step_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "toy.db"
    database = _toy(path)
    migrate(database, (Thing,), path=path, steps={}, target=1)
    with pytest.raises(MigrationError, match="缺少"):
        migrate(database, (Thing,), path=path, steps={}, target=2)
    database.close()
