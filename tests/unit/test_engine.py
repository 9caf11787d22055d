"""models/engine.py: a database is a file or a server URL; the password never shows."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
from pathlib import Path

import peewee as pw
import pytest

from office_app.models import ALL_MODELS, Compound, db, engine
from office_app.models.database import (
    DatabaseUnavailable,
    DatabaseUnreachable,
    close_database,
    open_database,
    open_location,
)
from office_app.models.engine import ServerUrl, location, mask_password

SECRET = "s3cr3t-Pa55"


def test_a_file_path_is_sqlite_and_a_postgresql_url_is_the_server() -> None:
    windows = "D:/社区 数据/office.db"  # not-a-machine-path
    assert location(windows) == Path(windows)
    assert location(Path("office.db")) == Path("office.db")
    url = location("postgresql://office@192.168.1.10:5433/office?sslmode=require")
    assert isinstance(url, ServerUrl)
    assert (url.host, url.port, url.dbname, url.user) == ("192.168.1.10", 5433, "office", "office")
    assert url.parts["sslmode"] == "require"
    assert isinstance(location("postgres://h/db"), ServerUrl)
    assert location("postgres://h/db").port == 5432  # type: ignore[union-attr]


def test_the_password_is_masked_wherever_the_url_is_printed() -> None:
    url = ServerUrl(f"postgresql://office:{SECRET}@db.local:5432/office")
    for text in (
        str(url),
        repr(url),
        f"{url}",
        f"{url:>80}",
        url.label,
        logging.Formatter("%(message)s").format(
            logging.makeLogRecord({"msg": "%s", "args": (url,)})
        ),
    ):
        assert SECRET not in text
    assert str(url) == "postgresql://office:***@db.local:5432/office"
    assert url.secret.endswith(f"{SECRET}@db.local:5432/office")
    assert SECRET not in mask_password(f"dbname=office password={SECRET} host=x")
    assert mask_password("D:/data/office.db") == "D:/data/office.db"  # not-a-machine-path
    # a password from the credential store joins a URL without one
    joined = ServerUrl("postgresql://office@db.local/office").with_password("p@ss:/word")
    assert "p%40ss%3A%2Fword" in joined.secret and "word" not in str(joined)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again when the block ends


def test_an_unreachable_server_names_host_and_port_never_the_password(
    caplog: pytest.LogCaptureFixture,
) -> None:
    port = _closed_port()
    caplog.set_level(logging.DEBUG)
    with pytest.raises(DatabaseUnreachable) as raised:
        open_database(f"postgresql://office:{SECRET}@127.0.0.1:{port}/office")
    message = str(raised.value)
    assert "无法连接数据库服务器 127.0.0.1" in message and f"端口 {port}" in message
    assert SECRET not in message
    assert isinstance(raised.value, DatabaseUnavailable)  # the command line's exit 4
    assert raised.value.__cause__ is None  # the driver's error (and its URL) is not chained
    assert all(SECRET not in r.getMessage() for r in caplog.records)


def test_the_bound_database_has_every_table_on_either_engine(
    fresh_db: Path | ServerUrl,
) -> None:
    server = os.environ.get("OFFICE_TEST_DB")
    assert engine.is_postgres() == bool(server)
    assert isinstance(db.obj, pw.PostgresqlDatabase if server else pw.SqliteDatabase)
    assert open_location() == fresh_db
    tables = set(db.get_tables())
    assert {m._meta.table_name for m in ALL_MODELS} <= tables
    Compound.create(name="一号院")
    assert [c.name for c in Compound.select()] == ["一号院"]
    assert engine.integrity_problems(db.obj) == []


def test_a_fresh_database_is_empty_again_for_the_next_test(fresh_db: Path | ServerUrl) -> None:
    # (the test above wrote a compound; on the server the schema was emptied in between)
    assert Compound.select().count() == 0
    assert Compound.create(name="二号院").id == 1


@pytest.mark.skipif(
    not os.environ.get("OFFICE_TEST_DB"), reason="needs a PostgreSQL server (OFFICE_TEST_DB)"
)
def test_the_server_is_reopened_after_close() -> None:
    url = ServerUrl(os.environ["OFFICE_TEST_DB"])
    open_database(url)
    close_database()
    assert open_location() is None
    database = open_database(str(url))
    assert isinstance(database, pw.PostgresqlDatabase)
    assert open_location() == url
    close_database()


def test_office_app_db_may_name_a_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from office_app.paths import DB_ENV, default_db_path

    monkeypatch.setenv(DB_ENV, "postgresql://office@db.local:5432/office")
    assert default_db_path() == ServerUrl("postgresql://office@db.local:5432/office")
    file = tmp_path / "社区" / "office.db"
    monkeypatch.setenv(DB_ENV, str(file))
    assert default_db_path() == file


def test_the_command_line_on_an_unreachable_server_exits_4_without_the_password(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from office_app.cli import main

    port = _closed_port()
    url = f"postgresql://office:{SECRET}@127.0.0.1:{port}/office"
    out = tmp_path / "日报.pdf"
    code = main(["--db", url, "daily-report", "--date", "2022-11-22", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 4, err
    assert f"无法连接数据库服务器 127.0.0.1，端口 {port}" in err
    assert SECRET not in err
    assert not out.exists()


NEEDS_SERVER = pytest.mark.skipif(
    not os.environ.get("OFFICE_TEST_DB"), reason="needs a PostgreSQL server (OFFICE_TEST_DB)"
)


@NEEDS_SERVER
def test_a_read_only_server_connection_writes_nothing(fresh_db: ServerUrl) -> None:
    from office_app.models.database import open_read_only

    Compound.create(name="一号院")
    close_database()
    open_read_only(str(fresh_db))
    assert [c.name for c in Compound.select()] == ["一号院"]
    with pytest.raises(pw.DatabaseError), db.atomic():
        Compound.create(name="二号院")
    close_database()
    open_database(fresh_db)
    assert Compound.select().count() == 1


@NEEDS_SERVER
def test_a_row_another_seat_holds_is_busy_after_the_lock_timeout(
    fresh_db: ServerUrl, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    from office_app.models.database import DatabaseBusy, unavailable

    compound = Compound.create(name="一号院")
    close_database()
    monkeypatch.setattr(engine, "LOCK_TIMEOUT_MS", 300)
    open_database(fresh_db)
    with psycopg.connect(fresh_db.secret) as other:  # another seat, in the middle of a save
        other.execute("UPDATE compound SET name = '别人' WHERE id = %s", (compound.id,))
        with pytest.raises(pw.OperationalError) as raised, db.atomic():
            Compound.update(name="我").where(Compound.id == compound.id).execute()
        other.rollback()
    translated = unavailable(raised.value)
    assert isinstance(translated, DatabaseBusy)
    assert "数据库正忙" in str(translated)


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _schema_of_file(path: Path) -> tuple[int, dict[str, set[str]], dict[str, str]]:
    """(version, columns of each table, index names and their SQL) of a saved SQLite
    database."""
    import sqlite3

    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as conn:
        version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r[0].startswith("sqlite_")
        ]
        columns = {t: {r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')} for t in tables}
        indexes = {
            r[0]: r[1]
            for r in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'")
            if r[0] and not r[0].startswith("sqlite_")
        }
    conn.close()
    return int(version), columns, indexes


def _take_back_to(database: pw.Database, saved: Path) -> int:
    """Make the bound schema the one of the saved database ``saved`` (tables, columns and
    indexes it lacks dropped, indexes only it has made), at its version."""
    from office_app.models.migrations import SchemaVersion

    version, columns, indexes = _schema_of_file(saved)
    with database.bind_ctx([SchemaVersion]), database.atomic():
        for table in database.get_tables():
            if table not in columns:
                database.execute_sql(f'DROP TABLE "{table}"')
                continue
            for index in database.get_indexes(table):
                if index.name in indexes or index.name.startswith("sqlite_autoindex"):
                    continue  # (PRIMARY KEY and UNIQUE constraints' own indexes stay)
                if not index.name.endswith("_pkey"):
                    database.execute_sql(f'DROP INDEX "{index.name}"')
            for column in database.get_columns(table):
                if column.name not in columns[table]:
                    database.execute_sql(f'ALTER TABLE "{table}" DROP COLUMN "{column.name}"')
        present = {i.name for t in database.get_tables() for i in database.get_indexes(t)}
        for name, sql in indexes.items():
            if name not in present:  # plain CREATE INDEX, which both engines run
                database.execute_sql(sql)
        SchemaVersion.delete().execute()
        SchemaVersion.create(version=version)
    return version


def _schema(database: pw.Database) -> dict[str, set[str]]:
    return {t: {c.name for c in database.get_columns(t)} for t in database.get_tables()}


@pytest.mark.parametrize("saved", ["db_v1.sqlite", "db_v2.sqlite", "db_v3.sqlite"])
def test_every_migration_step_runs_on_the_bound_engine(
    fresh_db: Path | ServerUrl, saved: str
) -> None:
    """The steps' SQL runs on SQLite and on PostgreSQL: the fresh schema is taken back to an
    earlier version's (that of the database saved for the migration tests), with a row in
    it, then migrated up again to the same schema as a new database."""
    from office_app.models.migrations import SCHEMA_VERSION, SchemaVersion, current_version, migrate

    database = db.obj
    # (bound for this test: another test may have bound the model to a database of its own)
    stack = contextlib.ExitStack()
    stack.enter_context(database.bind_ctx([SchemaVersion]))
    new = _schema(database)
    new_indexes = {i.name for t in new for i in database.get_indexes(t)}
    Compound.create(name="一号院")
    version = _take_back_to(database, FIXTURES / saved)
    assert current_version(database) == version < SCHEMA_VERSION
    old_indexes = {i.name for t in _schema(database) for i in database.get_indexes(t)}
    assert (_schema(database), old_indexes) != (new, new_indexes)

    assert migrate(database, ALL_MODELS, path=None) is None  # no file: no backup beside it
    assert current_version(database) == SCHEMA_VERSION
    assert _schema(database) == new
    assert {i.name for t in new for i in database.get_indexes(t)} == new_indexes
    assert [c.name for c in Compound.select()] == ["一号院"]
    stack.close()
