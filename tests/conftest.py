"""Test set-up shared by unit and GUI tests.

Qt runs offscreen, and HOME, XDG folders and QSettings point into a temporary folder, so a
test run never touches the user's data, preferences or qt-material's theme files.

The engine: with ``OFFICE_TEST_DB=postgresql://…`` (scripts/test.sh sets it for its second
run, on the throwaway cluster of scripts/pg-cluster.sh) the database fixtures (``fresh_db``,
``demo_db``) bind that PostgreSQL database instead of a file: its schema is created once per
session and emptied between tests (``TRUNCATE … RESTART IDENTITY CASCADE``); the demo
community is built there once and copied back in with ``COPY`` for each test. Tests about the
SQLite file itself carry ``@pytest.mark.sqlite_only("why")`` and are skipped there, saying why.
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="office-app-test-home-")
atexit.register(shutil.rmtree, _HOME, True)
os.environ["HOME"] = _HOME
os.environ["XDG_DATA_HOME"] = os.path.join(_HOME, "data")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "config")
os.environ["XDG_RUNTIME_DIR"] = os.path.join(_HOME, "runtime")
os.makedirs(os.environ["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)
os.environ.pop("OFFICE_APP_DB", None)
# The server the database fixtures use instead of files (None: SQLite files).
TEST_DB_ENV = "OFFICE_TEST_DB"
SERVER_URL = os.environ.get(TEST_DB_ENV) or None

from office_app.models.database import close_database, open_database  # noqa: E402
from office_app.models.engine import ServerUrl  # noqa: E402


def pytest_report_header(config: pytest.Config) -> str:
    if SERVER_URL:
        return f"database engine: PostgreSQL ({ServerUrl(SERVER_URL)})"
    return "database engine: SQLite files"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``sqlite_only("why")``: skipped on PostgreSQL, saying why; a reason is required."""
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is None:
            continue
        reason = marker.args[0] if marker.args else marker.kwargs.get("reason")
        if not reason:
            raise pytest.UsageError(f"{item.nodeid}: sqlite_only needs a reason")
        if SERVER_URL:
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


def _drop_every_table(conn: Any) -> None:
    """Drop every table of the connection's schema (psycopg, autocommit)."""
    left = [
        r[0]
        for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    ]
    if left:
        conn.execute("DROP TABLE " + ", ".join(f'"{t}"' for t in left) + " CASCADE")


class ServerSchema:
    """The test server's schema, emptied or refilled between tests through one connection
    of its own (psycopg, autocommit)."""

    def __init__(self, url: str) -> None:
        import psycopg

        from office_app.models import ALL_MODELS
        from office_app.models.migrations import SchemaVersion

        self.url = ServerUrl(url)
        # A schema of this session's models: whatever an earlier session left (perhaps of
        # other models, as a schema changes while it is worked on) is dropped first.
        with psycopg.connect(url, autocommit=True) as conn:
            _drop_every_table(conn)
        database = open_database(self.url)  # creates the schema in the emptied database
        present = database.get_tables()
        close_database()
        # Referenced tables first (COPY checks the foreign keys row by row), then any table a
        # migration made that ALL_MODELS does not list.
        ordered = [m._meta.table_name for m in ALL_MODELS]
        extra = [t for t in present if t not in ordered and t != SchemaVersion._meta.table_name]
        self.tables = ordered + extra
        self.all_tables = [SchemaVersion._meta.table_name, *self.tables]
        self.conn = psycopg.connect(url, autocommit=True)
        self.conn.execute("SET lock_timeout = '20s'")
        self.snapshot: dict[str, bytes] | None = None
        # Each table's id sequence (tables keyed otherwise, such as setting, have none).
        self.sequences: dict[str, str] = {}
        for table in self.tables:
            row = self.conn.execute(
                "SELECT pg_get_serial_sequence(%s, 'id') FROM pg_attribute "
                "WHERE attrelid = to_regclass(%s) AND attname = 'id'",
                (f'"{table}"', f'"{table}"'),
            ).fetchone()
            if row and row[0]:
                self.sequences[table] = row[0]

    def _truncate(self) -> None:
        import psycopg

        names = ", ".join(f'"{t}"' for t in self.tables)
        try:
            self.conn.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        except psycopg.errors.UndefinedTable:
            # A test changed the schema itself (the migration tests): make it afresh.
            self._rebuild()
        except psycopg.Error:
            # A connection a test left open holds a lock: end it and empty again.
            self.conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            self.conn.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")

    def _rebuild(self) -> None:
        _drop_every_table(self.conn)
        open_database(self.url)
        close_database()

    def empty(self) -> None:
        self._truncate()

    def take_snapshot(self) -> None:
        """Keep every table's rows (COPY … TO STDOUT, binary) for :meth:`restore`."""
        self.snapshot = {}
        for table in self.tables:
            data = bytearray()
            with self.conn.cursor().copy(f'COPY "{table}" TO STDOUT (FORMAT BINARY)') as copy:
                for chunk in copy:
                    data += chunk
            self.snapshot[table] = bytes(data)
        # The planner's statistics of the demo, kept through TRUNCATE: without them a fresh
        # COPY looks empty to it and a join over test records runs for minutes.
        self.conn.execute("ANALYZE")

    def restore(self) -> None:
        assert self.snapshot is not None
        self._truncate()
        with self.conn.transaction():
            for table in self.tables:
                with self.conn.cursor().copy(f'COPY "{table}" FROM STDIN (FORMAT BINARY)') as copy:
                    copy.write(self.snapshot[table])
            for table, sequence in self.sequences.items():
                self.conn.execute(
                    f'SELECT setval(%s, COALESCE((SELECT MAX("id") FROM "{table}"), 0) + 1, false)',
                    (sequence,),
                )


@pytest.fixture(scope="session")
def server_schema() -> Iterator[ServerSchema | None]:
    """The test server's schema (None when the tests run on SQLite files)."""
    if not SERVER_URL:
        yield None
        return
    schema = ServerSchema(SERVER_URL)
    yield schema
    schema.conn.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "社区 数据" / "office.db"


@pytest.fixture
def fresh_db(db_path: Path, server_schema: ServerSchema | None) -> Iterator[Path | ServerUrl]:
    """A fresh, empty database bound for the test: a file, or the test server's schema
    emptied (``OFFICE_TEST_DB``)."""
    if server_schema is not None:
        server_schema.empty()
        open_database(server_schema.url)
        yield server_schema.url
        close_database()
        return
    open_database(db_path)
    yield db_path
    close_database()


DEMO_TODAY = dt.date(2022, 11, 22)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo community (seed 1, today 2022-11-22), built once per session; tests work on
    copies of it (``demo_db``)."""
    from office_app.services.admin.actor import SYSTEM
    from office_app.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    open_database(path)
    build_demo(SYSTEM, seed=1, today=DEMO_TODAY)
    close_database()
    return path


@pytest.fixture(scope="session")
def server_demo(server_schema: ServerSchema | None) -> ServerSchema | None:
    """The demo community (as ``demo_template``) built once on the test server and kept as a
    snapshot of its tables (None on SQLite)."""
    if server_schema is None:
        return None
    from office_app.services.admin.actor import SYSTEM
    from office_app.services.demo import build_demo

    server_schema.empty()
    open_database(server_schema.url)
    build_demo(SYSTEM, seed=1, today=DEMO_TODAY)
    close_database()
    server_schema.take_snapshot()
    return server_schema


@pytest.fixture
def demo_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path | ServerUrl]:
    """A fresh copy of the demo database, bound for the test (on the test server: its
    tables refilled from the snapshot)."""
    if SERVER_URL:
        server: ServerSchema = request.getfixturevalue("server_demo")
        server.restore()
        open_database(server.url)
        yield server.url
        close_database()
        return
    demo_template: Path = request.getfixturevalue("demo_template")
    path = tmp_path / "演示 社区.db"
    shutil.copy2(demo_template, path)
    open_database(path)
    yield path
    close_database()


NOBODY = 65534


@functools.cache
def why_nobody_cannot_run_the_program() -> str | None:
    """Why the program cannot be run as the user ``nobody`` here (None when it can).

    Tests of read-only files run the program as ``nobody`` because root may write any file;
    that needs setpriv and a checkout (with its .venv) that other users may read. A checkout
    under /root (mode 700) is not."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return "needs root on Linux to run the program as another user"
    if shutil.which("setpriv") is None:
        return "needs setpriv (util-linux) to run the program as another user"
    probe = subprocess.run(
        [
            *("setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"),
            *(sys.executable, "-c", "import office_app.cli"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/",
    )
    if probe.returncode != 0:
        where = Path(__file__).resolve().parent.parent
        return (
            f"the user nobody cannot run the program from {where} (a folder others may not "
            f"read, such as /root): clone the repository where others may read it, e.g. "
            f"under /opt or /srv ({probe.stderr.strip().splitlines()[-1:]})"
        )
    return None
