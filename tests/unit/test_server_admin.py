"""The office server from the command line (issue 19): ``office-app check`` on a server, the
backup before a server's schema is migrated, the command line's seat while it writes.

Tests marked ``needs the test server`` run on the throwaway cluster (``OFFICE_TEST_DB``,
scripts/pg-cluster.sh); the others run on whatever the suite runs on."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from office_app.cli import main
from office_app.models import AuditEntry, Building, Compound, db
from office_app.models.database import close_database
from office_app.models.engine import ServerUrl
from office_app.models.migrations import SCHEMA_VERSION
from office_app.services.admin import backup as B
from office_app.services.admin.actor import Actor
from office_app.services.admin.integrity import check_database
from tests.conftest import SERVER_URL, ServerSchema

needs_server = pytest.mark.skipif(not SERVER_URL, reason="needs the test server (OFFICE_TEST_DB)")


def _target(where: Path | ServerUrl) -> str:
    return where.secret if isinstance(where, ServerUrl) else str(where)


# --- office-app check -----------------------------------------------------------------------


def test_check_passes_on_the_database_the_suite_runs_on(
    fresh_db: Path | ServerUrl, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file or the server: the engine's checks and the schema, printed as OK, exit 0."""
    Building.create(compound=Compound.create(name="一号院"), name="1号楼")
    close_database()  # the command opens the database on its own
    assert main(["--db", _target(fresh_db), "check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK：") and "完整性检查通过" in out
    if isinstance(fresh_db, ServerUrl):
        assert "office_test" in out


def test_check_on_a_server_that_cannot_be_reached_exits_4(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"postgresql://office:geheim@/office_test?host={tmp_path}&port=1"
    assert main(["--db", url, "check"]) == 4
    err = capsys.readouterr().err
    assert "无法连接数据库服务器" in err and "geheim" not in err and "Traceback" not in err


@pytest.fixture
def admin_connection(server_schema: ServerSchema | None) -> Iterator[object]:
    """A psycopg connection (autocommit) to the test server's schema, as its owner."""
    import psycopg

    assert server_schema is not None
    with psycopg.connect(server_schema.url.secret, autocommit=True) as conn:
        yield conn


@needs_server
def test_check_on_the_server_finds_what_it_no_longer_guards(
    fresh_db: ServerUrl, admin_connection: object, capsys: pytest.CaptureFixture[str]
) -> None:
    """A foreign key whose constraint was dropped (and the row it then let through), an
    index a failed CREATE INDEX CONCURRENTLY left invalid, an id sequence behind its table:
    each is named, exit 2; the server is left as it was (read only)."""
    import psycopg

    conn: psycopg.Connection = admin_connection  # type: ignore[assignment]
    compound = Compound.create(name="一号院")
    building = Building.create(compound=compound, name="1号楼")
    Building.create(compound=compound, name="2号楼")
    Compound.create(name="二号院")
    close_database()
    (name, definition) = conn.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid = 'building'::regclass"
    ).fetchone()
    try:
        conn.execute(f'ALTER TABLE building DROP CONSTRAINT "{name}"')
        conn.execute("UPDATE building SET compound_id = 9999 WHERE id = %s", (building.id,))
        conn.execute("SELECT setval(pg_get_serial_sequence('compound', 'id'), 1)")
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute("CREATE UNIQUE INDEX CONCURRENTLY broken_idx ON building (units)")

        assert main(["--db", fresh_db.secret, "check"]) == 2
        err = capsys.readouterr().err
        assert "索引：表 building 的索引 broken_idx 无效" in err
        assert "外键：表 building 的 compound_id 在服务器上没有生效的外键约束" in err
        assert "外键：表 building 有 1 行的 compound_id 指向 compound 中不存在的记录" in err
        assert "编号序列：表 compound 的下一个新编号是 2，但已有编号到 2" in err
        assert conn.execute("SELECT count(*) FROM building").fetchone() == (2,)
    finally:
        conn.execute("DROP INDEX IF EXISTS broken_idx")
        conn.execute(
            "UPDATE building SET compound_id = %s WHERE id = %s", (compound.id, building.id)
        )
        conn.execute(f'ALTER TABLE building ADD CONSTRAINT "{name}" {definition}')
        conn.execute("SELECT setval(pg_get_serial_sequence('compound', 'id'), 2)")
    assert main(["--db", fresh_db.secret, "check"]) == 0


# --- the backup before a server's schema is migrated --------------------------------------

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ADMIN = Actor("admin", "管理员", "admin", None)


def _version_of_file(path: Path) -> int:
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as conn:
        version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
    conn.close()
    return int(version)


def _old_server(url: ServerUrl, folder: Path | str, saved: str = "db_v2.sqlite") -> int:
    """The bound server taken back to the schema of tests/fixtures/db_v2.sqlite, holding a
    compound with a building, the backup folder set to ``folder``; closed. Its version."""
    from tests.unit.test_engine import _take_back_to

    B.save_settings(ADMIN, B.BackupSettings(folder=str(folder)))
    Building.create(compound=Compound.create(name="一号院", address="科城路 1 号"), name="1号楼")
    version = _take_back_to(db.obj, FIXTURES / saved)
    close_database()
    return version


def _server_version(url: ServerUrl) -> tuple[int, set[str]]:
    """(schema version, columns of compound) read straight from the server."""
    import psycopg

    with psycopg.connect(url.secret) as conn:
        version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
        columns = {
            r[0]
            for r in conn.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'compound' AND table_schema = current_schema()"
            )
        }
    return int(version), columns


@needs_server
@pytest.mark.parametrize(("saved", "version"), [("db_v1.sqlite", 1), ("db_v2.sqlite", 2)])
def test_an_older_server_is_backed_up_before_it_is_migrated(
    fresh_db: ServerUrl,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    saved: str,
    version: int,
) -> None:
    """The server at an older schema version (that of a database saved for the migration
    tests): check refuses it untouched; opening it writes the server's backup (a SQLite file
    of that version holding the old rows) into the backup folder, then migrates; the program
    opens that file (migrating it in turn) and finds the rows."""
    from office_app.services.admin.database import open_database

    folder = tmp_path / "U盘"
    old = _old_server(fresh_db, folder, saved)
    assert old == version and "version" not in _server_version(fresh_db)[1]

    assert main(["--db", fresh_db.secret, "check"]) == 2  # read only: no migration
    assert f"数据库版本为 {version}" in capsys.readouterr().err
    assert _server_version(fresh_db)[0] == version and not folder.exists()

    open_database(fresh_db)
    (backup,) = folder.iterdir()
    assert backup.name.startswith("office_test@") and f".v{version}-" in backup.name
    assert _server_version(fresh_db)[0] == SCHEMA_VERSION
    assert "version" in _server_version(fresh_db)[1]
    entry = AuditEntry.select().where(AuditEntry.action == "backup").get()
    assert str(backup) in entry.summary and f"版本 {version}" in entry.summary
    assert B.list_backups(folder, B.backup_stem(fresh_db)) == []  # never rotated away
    close_database()

    # The file: the server as it was (its version, no version column yet), every row of it.
    assert _version_of_file(backup) == version
    assert B.validate_backup(backup).ok
    with sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True) as conn:
        columns = {r[1] for r in conn.execute('PRAGMA table_info("compound")')}
        rows = conn.execute("SELECT name, address FROM compound").fetchall()
    conn.close()
    assert "version" not in columns and rows == [("一号院", "科城路 1 号")]
    copy = tmp_path / "备份副本.db"
    shutil.copy2(backup, copy)
    open_database(copy, create=False)  # a file of an older version: migrated like any
    try:
        assert [(b.compound.name, b.name) for b in Building.select()] == [("一号院", "1号楼")]
        assert check_database().ok
    finally:
        close_database()


@needs_server
def test_no_migration_of_the_server_without_its_backup(
    fresh_db: ServerUrl,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Neither the backup folder of the settings nor the default one can be made (a file
    stands in the place of each): the server is not migrated, the command line says why in
    Chinese (exit 2), nothing half-written is left."""
    import office_app.paths
    from office_app.services.admin.database import MigrationError, open_database

    blocked = tmp_path / "不是文件夹"
    blocked.write_text("一个文件")
    monkeypatch.setattr(office_app.paths, "data_dir", lambda: blocked / "数据")
    _old_server(fresh_db, blocked / "备份")
    with pytest.raises(MigrationError, match="备份没有做成") as refused:
        open_database(fresh_db)
    assert str(blocked / "备份") in str(refused.value)
    close_database()
    assert _server_version(fresh_db)[0] == 2
    assert "version" not in _server_version(fresh_db)[1]

    report = tmp_path / "日报.pdf"
    command = ["--db", fresh_db.secret, "daily-report", "--date", "2022-11-22"]
    assert main([*command, "--out", str(report)]) == 2
    err = capsys.readouterr().err
    assert "没有升级，数据库保持原样" in err and "Traceback" not in err
    assert _server_version(fresh_db)[0] == 2
    assert blocked.read_text() == "一个文件" and not report.exists()


@needs_server
def test_a_backup_folder_out_of_reach_gives_way_to_the_default_one(
    fresh_db: ServerUrl, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder of the settings cannot be used (a USB stick not plugged in; the setting
    lives in the database that cannot be opened before its upgrade): the backup goes into the
    default folder, and the audit entry says where."""
    import office_app.paths
    from office_app.services.admin.database import open_database

    blocked = tmp_path / "不是文件夹"
    blocked.write_text("一个文件")
    monkeypatch.setattr(office_app.paths, "data_dir", lambda: tmp_path / "数据")
    _old_server(fresh_db, blocked / "U盘")
    open_database(fresh_db)
    (backup,) = (tmp_path / "数据" / "backups").iterdir()
    assert ".v2-" in backup.name and _version_of_file(backup) == 2
    assert _server_version(fresh_db)[0] == SCHEMA_VERSION
    entry = AuditEntry.select().where(AuditEntry.action == "backup").get()
    assert str(backup) in entry.summary


def test_the_tables_as_they_are_copied_into_a_file(
    fresh_db: Path | ServerUrl, tmp_path: Path
) -> None:
    """The machinery of the server's upgrade backup, on whatever the suite runs on: every
    table of the bound database as it is (reflected, not the models) into a new SQLite file,
    each proved by rows and checksum; the seats are not copied."""
    from office_app.models import Seat
    from office_app.services.admin.upgrade_backup import copy_tables_as_they_are

    Building.create(compound=Compound.create(name="一号院"), name="1号楼")
    Seat.create(host="门岗", pid=1)
    target = tmp_path / "原样.db"
    tables = copy_tables_as_they_are(db.obj, target)
    assert tables and all(t.ok for t in tables)
    assert {t.table for t in tables} >= {"compound", "building", "schema_version", "setting"}
    assert "seat" not in {t.table for t in tables}
    assert B.validate_backup(target).ok and _version_of_file(target) == SCHEMA_VERSION
    with pytest.raises(FileExistsError):
        copy_tables_as_they_are(db.obj, target)
    close_database()
    from office_app.services.admin.database import open_database

    open_database(target, create=False)
    assert [b.name for b in Building.select()] == ["1号楼"] and Seat.select().count() == 0


# --- the command line as a seat -----------------------------------------------------------

IMPORTS = FIXTURES / "imports"


def _seats_on_server(url: ServerUrl) -> list[tuple[str, str, int]]:
    """(operator, host, pid) of the seat rows on the server, read on a connection of its own."""
    import psycopg

    with psycopg.connect(url.secret) as conn:
        rows = conn.execute("SELECT operator_name, host, pid FROM seat ORDER BY id").fetchall()
    return [(str(a), str(b), int(c)) for a, b, c in rows]


def test_an_import_is_a_seat_while_it_runs(
    fresh_db: Path | ServerUrl, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """On the server `office-app import` is a seat (命令行 and the computer's user, the
    computer's name) from its start to its end, its heartbeat going on while it works, and
    gone when it ends, also when the file is refused; on SQLite no seat row is written."""
    import getpass
    import os
    import socket
    import time

    from office_app.services.admin import seats
    from office_app.services.imports import buildings
    from office_app.services.imports.errors import ImportFileError

    server = isinstance(fresh_db, ServerUrl)
    close_database()
    monkeypatch.setattr(seats, "HEARTBEAT_S", 0.05)
    seen: list[list[seats.SeatInfo]] = []

    def slow_refusal(actor: Actor, path: Path, *, dry_run: bool = False) -> None:
        seen.append(seats.connected())
        time.sleep(1.1)  # several heartbeats, and a second later (now() counts seconds)
        seen.append(seats.connected())
        raise ImportFileError("测试：这个文件不导入")

    monkeypatch.setattr(buildings, "import_buildings", slow_refusal)
    csv = IMPORTS / "buildings-good.csv"
    assert main(["--db", _target(fresh_db), "import", "buildings", str(csv)]) == 2
    assert "测试：这个文件不导入" in capsys.readouterr().err
    if not server:
        assert seen == [[], []]  # the lock file beside the database says who holds it
        return
    (first,), (later,) = seen
    assert first.operator == f"命令行（{getpass.getuser()}）" and first.host == socket.gethostname()
    assert later.id == first.id and later.seen_at > first.seen_at  # the heartbeat went on
    assert _seats_on_server(fresh_db) == []  # gone with the command

    # A real import: a seat while it runs (its pid is this process), none after.
    monkeypatch.undo()
    during: list[list[tuple[str, str, int]]] = []
    real = buildings.import_buildings

    def watched(actor: Actor, path: Path, *, dry_run: bool = False) -> object:
        during.append(_seats_on_server(fresh_db))  # committed: another connection sees it
        return real(actor, path, dry_run=dry_run)

    monkeypatch.setattr(buildings, "import_buildings", watched)
    assert main(["--db", fresh_db.secret, "import", "buildings", str(csv)]) == 0
    assert during == [[(f"命令行（{getpass.getuser()}）", socket.gethostname(), os.getpid())]]
    assert _seats_on_server(fresh_db) == []
    # A dry run writes nothing: no seat.
    during.clear()
    assert main(["--db", fresh_db.secret, "import", "buildings", "--dry-run", str(csv)]) == 0
    assert during == [[]]


@needs_server
def test_a_copy_into_the_server_is_a_seat_there_while_it_runs(
    fresh_db: ServerUrl,
    server_schema: ServerSchema,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from office_app.services.admin import database_copy

    Building.create(compound=Compound.create(name="一号院"), name="1号楼")
    close_database()
    file = tmp_path / "社区.db"
    assert main(["copy", "--from", fresh_db.secret, "--to", str(file)]) == 0
    assert _seats_on_server(fresh_db) == []  # a copy from the server writes nothing there
    server_schema.empty()

    during: list[list[tuple[str, str, int]]] = []
    real = database_copy.copy_tables

    def watched(source: object, target: object, **kwargs: object) -> object:
        during.append(_seats_on_server(fresh_db))
        return real(source, target, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(database_copy, "copy_tables", watched)
    assert main(["copy", "--from", str(file), "--to", fresh_db.secret]) == 0
    assert "全部一致" in capsys.readouterr().out
    ((operator, _host, pid),) = during[0]
    assert operator.startswith("命令行") and pid == os.getpid()
    assert _seats_on_server(fresh_db) == []


def test_how_the_command_line_is_named_among_the_seats() -> None:
    import getpass

    from office_app.services.admin.actor import SYSTEM
    from office_app.services.admin.seats import command_line_label

    assert command_line_label(SYSTEM, as_system=True) == f"命令行（{getpass.getuser()}）"
    zhang = Actor("zhangsan", "张三", "duty", 3)
    assert command_line_label(zhang, as_system=False) == "张三（命令行）"


@needs_server
def test_seats_started_at_once_upgrade_the_server_once(
    fresh_db: ServerUrl, admin_connection: object, tmp_path: Path
) -> None:
    """Two programs of the new version start together on a server of version 2 (the morning
    after an update): one backs it up and migrates it, the other waits for that and finds it
    current; both go on (exit 0), one backup before the upgrade, no step run twice."""
    import subprocess
    import sys
    import time

    import psycopg

    from office_app.models.engine import lock_key

    conn: psycopg.Connection = admin_connection  # type: ignore[assignment]
    folder = tmp_path / "U盘"
    _old_server(fresh_db, folder)
    key = lock_key("office-app schema upgrade")
    conn.execute("SELECT pg_advisory_lock(%s)", (key,))  # both will find the upgrade held
    command = [sys.executable, "-m", "office_app.cli", "--db", fresh_db.secret, "backup"]
    runs = [
        subprocess.Popen(
            [*command, "--to", str(tmp_path / f"备份{n}")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in (1, 2)
    ]
    try:
        deadline = time.monotonic() + 120
        waiting = 0
        while waiting < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
            waiting = conn.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            ).fetchone()[0]
        assert waiting == 2, [r.poll() for r in runs]
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (key,))
    for run in runs:
        _out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    (backup,) = folder.iterdir()
    assert ".v2-" in backup.name and _version_of_file(backup) == 2
    assert _server_version(fresh_db)[0] == SCHEMA_VERSION
    assert [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version")] == (
        list(range(2, SCHEMA_VERSION + 1))
    )


def test_demo_builds_beside_connected_seats_and_keeps_them(
    fresh_db: Path | ServerUrl, capsys: pytest.CaptureFixture[str]
) -> None:
    """The seats are not the community's data: another seat connected (and on the server the
    command line's own) neither makes the database "hold data" nor is deleted by --force."""
    from office_app.services.admin import seats
    from office_app.services.admin.database import open_database

    gate = seats.join(Actor("wangwu", "王五", "duty", None), host="卡点笔记本")
    close_database()
    assert main(["--db", _target(fresh_db), "demo", "--today", "2022-11-22"]) == 0, (
        capsys.readouterr().err
    )
    assert main(["--db", _target(fresh_db), "demo", "--today", "2022-11-22", "--force"]) == 0
    open_database(fresh_db, create=False)
    assert [s.id for s in seats.connected()] == [gate]
    assert Compound.select().count() > 0


# --- scripts/pg-cluster.sh ----------------------------------------------------------------


def _why_no_cluster_as_nobody() -> str | None:
    import glob
    import os

    if os.geteuid() != 0:
        return "the cluster runs as another user only when started by root"
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb") and not os.environ.get("PG_BIN"):
        return "PostgreSQL's server is not installed (Debian: postgresql)"
    return None


@pytest.mark.skipif(
    _why_no_cluster_as_nobody() is not None, reason=str(_why_no_cluster_as_nobody())
)
def test_the_test_cluster_starts_quietly_from_a_folder_nobody_may_enter() -> None:
    """Started by root from a private folder (a clone under /root, say), with the cluster's
    folder given relative to it: the server's programs run as nobody from / (no "could not
    change directory"), and the printed socket path is absolute."""
    import subprocess
    import tempfile

    script = Path(__file__).resolve().parents[2] / "scripts" / "pg-cluster.sh"
    # (not under pytest's tmp_path: its folders are root's alone, and nobody must reach the
    # cluster's own folder)
    base = Path(tempfile.mkdtemp(prefix="pg-cluster-test-"))
    base.chmod(0o755)
    private = base / "private"
    private.mkdir(mode=0o700)
    cluster = base / "cluster"
    try:
        started = subprocess.run(
            ["bash", str(script), "start", os.path.relpath(cluster, private)],
            cwd=private,
            capture_output=True,
            text=True,
            timeout=180,
        )
        try:
            assert started.returncode == 0, started.stderr
            assert started.stderr == ""
            assert f"host={cluster}/socket&" in started.stdout
        finally:
            subprocess.run(["bash", str(script), "stop", str(cluster)], timeout=120, check=False)
        assert not cluster.exists()
    finally:
        shutil.rmtree(base, ignore_errors=True)


# --- the change listener's connection -----------------------------------------------------


@needs_server
def test_a_change_listener_dropped_unclosed_closes_its_connection(fresh_db: ServerUrl) -> None:
    """A window destroyed without its close event drops its listener unclosed: the
    connection closes itself instead of psycopg's ResourceWarning at a later garbage
    collection (which failed an unrelated GUI test on the server)."""
    import gc
    import warnings

    from office_app.services.admin.seats import ServerListener

    listener = ServerListener(db.obj)
    pid = listener.connection.info.backend_pid
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        del listener
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]
    alive = db.obj.execute_sql("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (pid,))
    for _ in range(50):  # the server notes the session's end a moment later
        if alive.fetchone()[0] == 0:
            break
        time.sleep(0.1)
        alive = db.obj.execute_sql("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (pid,))
    else:
        pytest.fail("the listener's session is still open")


@needs_server
def test_a_seat_that_waits_too_long_for_another_s_upgrade_is_told_so(
    fresh_db: ServerUrl, admin_connection: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another seat holds the server's upgrade (its backup of a large community) past the
    wait: this seat is told that another seat is upgrading and that it changed nothing, not
    "the database is busy" (the server was reached, the wait was minutes); no backup, the
    server still at its version."""
    import psycopg

    from office_app.models import database as M
    from office_app.models.engine import lock_key
    from office_app.models.migrations import MigrationError
    from office_app.services.admin.database import open_database

    conn: psycopg.Connection = admin_connection  # type: ignore[assignment]
    folder = tmp_path / "U盘"
    _old_server(fresh_db, folder)
    conn.execute("SELECT pg_advisory_lock(%s)", (lock_key("office-app schema upgrade"),))
    monkeypatch.setattr(M, "UPGRADE_WAIT_S", 1)
    with pytest.raises(MigrationError) as refused:
        open_database(fresh_db)
    assert "另一个席位正在升级" in str(refused.value) and "没有做任何改动" in str(refused.value)
    assert _server_version(fresh_db)[0] == 2 and not folder.exists()


@needs_server
def test_an_upgrade_step_held_up_by_another_seat_says_where_it_stopped(
    fresh_db: ServerUrl, tmp_path: Path
) -> None:
    """An older program on another seat is using a table the upgrade changes (a lock held
    past the lock time-out): the upgrade stops at the last step done, and the message says
    so and that the backup was made, instead of "busy, nothing was written"; opening again
    once the table is free finishes the upgrade."""
    import psycopg

    from office_app.models.migrations import MigrationError
    from office_app.services.admin.database import open_database

    folder = tmp_path / "U盘"
    _old_server(fresh_db, folder)
    with psycopg.connect(fresh_db.secret) as other, other.transaction():
        other.execute("LOCK TABLE compound IN ACCESS SHARE MODE")  # the other seat reads it
        with pytest.raises(MigrationError) as stopped:
            open_database(fresh_db)
    said = str(stopped.value)
    assert "正被其他席位使用" in said and "停在版本 2" in said and "备份已保存" in said, said
    assert _server_version(fresh_db)[0] == 2
    assert len(list(folder.iterdir())) == 1  # the backup before the upgrade
    open_database(fresh_db)  # the table free again: the upgrade goes through
    assert _server_version(fresh_db)[0] == SCHEMA_VERSION
    close_database()
