"""Issue 15: nothing committed is ever lost (points 2, 3, 4, 5 and 10).

Writers queue instead of failing (BEGIN IMMEDIATE), a database busy past the timeout is exit
code 4 (数据库正忙), a restore never takes the database from under another process, a backup
has its audit entry or no copy, rights are read from the database at every call and every
refusal is audited (exit 5), and bad database files get clear messages without being written.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from office_app.cli import main
from office_app.models import AuditEntry, Building, Compound, db
from office_app.models import database as D
from office_app.models.database import close_database, open_database
from office_app.services.admin import auth, operators
from office_app.services.admin import backup as B
from office_app.services.admin.actor import SYSTEM, PermissionDenied

from ..conftest import NOBODY, why_nobody_cannot_run_the_program

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"
GOOD_CSV = FIXTURES / "buildings-good.csv"


def new_db(path: Path) -> Path:
    open_database(path)
    close_database()
    return path


def cli(*args: str, user: int | None = None) -> subprocess.CompletedProcess[str]:
    """The command line in its own process (as user ``user`` when given)."""
    command = [sys.executable, "-m", "office_app.cli", *args]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)


def names(path: Path, table: str = "compound") -> set[str]:
    with sqlite3.connect(path) as raw:
        return {r[0] for r in raw.execute(f"SELECT name FROM {table}")}


def denials() -> list[AuditEntry]:
    return list(AuditEntry.select().where(AuditEntry.action == "denied"))


# --- point 3: writers queue; busy is exit 4 -----------------------------------------------------


def test_concurrent_imports_queue_instead_of_failing(tmp_path: Path) -> None:
    """Ten imports started at the same moment: each waits for the others, none fails. (Begun
    deferred, most of them failed at once with "database is locked", exit 2.)"""
    database = new_db(tmp_path / "并发.db")
    files = []
    for n in range(10):
        path = tmp_path / f"楼栋{n}.csv"
        rows = "".join(f"小区{n},{b}栋,2,40\n" for b in range(1, 31))
        path.write_text("小区,楼栋,单元数,户数\n" + rows, encoding="utf-8")
        files.append(path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "office_app.cli", "--db", str(database), "import"]
    processes = [
        subprocess.Popen(
            [*command, "buildings", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for path in files
    ]
    results = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in processes]
    for process in processes:
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    assert [code for code, _err in results] == [0] * 10, results
    assert len(names(database, "building")) == 30 and len(names(database)) == 10


@pytest.mark.sqlite_only("SQLite's BEGIN IMMEDIATE lock on the file")
def test_a_transaction_holds_the_write_lock_from_its_begin(fresh_db: Path) -> None:
    """db.atomic() begins IMMEDIATE: even before its first write no other writer gets in, so
    a transaction never has to upgrade a read into a write (which cannot wait)."""
    other = sqlite3.connect(fresh_db, timeout=0)
    try:
        with db.atomic():
            Compound.select().count()  # only a read so far
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            Compound.create(name="写入")
        other.execute("BEGIN IMMEDIATE")  # free again after the commit
        other.execute("ROLLBACK")
    finally:
        other.close()


@pytest.fixture
def writer_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A database another connection holds a write transaction on; a short busy timeout."""
    monkeypatch.setitem(D.PRAGMAS, "busy_timeout", 300)
    database = new_db(tmp_path / "正忙.db")
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield database
    holder.execute("ROLLBACK")
    holder.close()


def test_an_import_into_a_busy_database_is_exit_4_and_writes_nothing(
    writer_elsewhere: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", str(writer_elsewhere), "import", "buildings", str(GOOD_CSV)])
    err = capsys.readouterr().err
    assert code == 4
    assert "数据库正忙" in err and "Traceback" not in err
    assert names(writer_elsewhere, "building") == set()


# --- point 4: a backup has its audit entry, or there is no copy --------------------------------


def test_a_backup_of_a_busy_database_leaves_no_copy(
    writer_elsewhere: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "备份"
    assert main(["--db", str(writer_elsewhere), "backup", "--to", str(folder)]) == 4
    assert "数据库正忙" in capsys.readouterr().err
    assert list(folder.glob("*")) == []  # no copy without its audit entry


def test_a_backup_and_its_audit_entry_are_one(fresh_db: Path, tmp_path: Path) -> None:
    made = B.backup_database(SYSTEM, fresh_db, tmp_path / "b")
    entry = AuditEntry.select().where(AuditEntry.action == "backup").get()
    assert str(made) in entry.summary
    # A copy that fails leaves neither file nor entry.
    with pytest.raises(OSError):
        B.backup_database(SYSTEM, fresh_db, tmp_path / "b" / made.name)  # a file, not a folder
    assert AuditEntry.select().where(AuditEntry.action == "backup").count() == 1


# --- point 5: roles read from the database, refusals audited, exit 5 -----------------------------


def test_a_readonly_operator_cannot_back_up_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "a.db"
    open_database(database)
    admin = auth.create_operator(None, "admin", "管理员", "admin", "secret1")
    operators.create(admin, "reader", "只读员", "readonly", "secret1")
    close_database()
    folder = tmp_path / "任意文件夹"
    code = main(["--db", str(database), "--operator", "reader", "backup", "--to", str(folder)])
    err = capsys.readouterr().err
    assert code == 5 and "只读" in err and "Traceback" not in err
    assert not folder.exists() or list(folder.iterdir()) == []
    open_database(database)
    refused = denials()
    assert [(e.operator_name, e.action) for e in refused] == [("reader", "denied")]
    assert "backup" in refused[0].summary and "只读" in refused[0].summary
    close_database()


def test_an_empty_or_unknown_operator_is_refused_and_audited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = new_db(tmp_path / "a.db")
    folder = tmp_path / "b"
    assert main(["--db", str(database), "--operator=", "backup", "--to", str(folder)]) == 5
    assert "--operator 不能为空" in capsys.readouterr().err
    assert main(["--db", str(database), "--operator=ghost", "backup", "--to", str(folder)]) == 5
    assert "ghost" in capsys.readouterr().err
    assert not folder.exists()
    open_database(database)
    assert [e.operator_name for e in denials()] == ["（空）", "ghost"]
    close_database()


def test_a_demoted_or_disabled_operator_loses_rights_at_once(
    fresh_db: Path, tmp_path: Path
) -> None:
    admin = auth.create_operator(None, "admin", "管理员", "admin", "secret1")
    info = operators.create(admin, "duty1", "值班员", "duty", "secret1")
    duty = auth.log_in("duty1", "secret1")  # logged in as duty: the actor says "duty"
    B.backup_database(duty, fresh_db, tmp_path / "b")
    operators.set_role(admin, info.id, "readonly")
    with pytest.raises(PermissionDenied, match="只读"):
        B.backup_database(duty, fresh_db, tmp_path / "b")
    operators.set_role(admin, info.id, "admin")  # promoted: still no more than at log-in
    with pytest.raises(PermissionDenied):
        B.restore_backup(duty, fresh_db, tmp_path / "b")
    operators.set_active(admin, info.id, False)
    with pytest.raises(PermissionDenied, match="停用"):
        B.backup_database(duty, fresh_db, tmp_path / "b")
    assert [e.operator_name for e in denials()] == ["duty1"] * 3
    assert len(list((tmp_path / "b").glob("*.db"))) == 1


# --- point 2: a restore never takes the database from under another process --------------------

HOLDER = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("SELECT count(*) FROM compound").fetchone()
print("open", flush=True)
sys.stdin.readline()
c.execute("INSERT INTO compound (name, address, area, created_at) "
          "VALUES ('另一个程序写的', '', '', '2022-11-22 08:00:00')")
print("written", flush=True)
c.close()
"""


@pytest.mark.sqlite_only("restoring a SQLite file while another process holds it open")
def test_a_restore_refuses_while_another_process_has_the_database_open(
    fresh_db: Path, tmp_path: Path
) -> None:
    admin = auth.create_operator(None, "admin", "管理员", "admin", "secret1")
    with db.atomic():
        Compound.create(name="备份之前")
    saved = B.backup_database(admin, fresh_db, tmp_path / "b")
    with db.atomic():
        Compound.create(name="备份之后")
    other = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(fresh_db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert other.stdin is not None and other.stdout is not None
    try:
        assert other.stdout.readline().strip() == "open"
        with pytest.raises(B.RestoreRefused, match="另一个程序"):
            B.restore_backup(admin, fresh_db, saved)  # refused at once: no waiting to overwrite
        with pytest.raises(B.RestoreRefused, match="另一个程序"):
            B.restore_backup(admin, fresh_db, saved, wait=0.3)
        # Nothing was replaced, the database is open again, and the other program's work
        # (written after the refusal) is there: no WAL was deleted under it.
        assert {c.name for c in Compound.select()} == {"备份之前", "备份之后"}
        other.stdin.write("go\n")
        other.stdin.flush()
        assert other.stdout.readline().strip() == "written"
    finally:
        other.stdin.close()
        other.wait(timeout=60)
        other.stdout.close()
    assert {c.name for c in Compound.select()} == {"备份之前", "备份之后", "另一个程序写的"}
    # Once the other program has closed it, the restore goes through; the replaced
    # database, kept beside it, holds everything that was committed.
    result = B.restore_backup(admin, fresh_db, saved, wait=0.3)
    assert {c.name for c in Compound.select()} == {"备份之前"}
    assert result.replaced_copy is not None
    assert names(result.replaced_copy) == {"备份之前", "备份之后", "另一个程序写的"}


@pytest.mark.sqlite_only("a SQLite file held exclusively by a restore")
def test_while_a_restore_holds_the_database_another_program_waits_or_gets_exit_4(
    fresh_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The restore holds the file alone: a command started meanwhile cannot slip in."""
    saved = B.backup_database(SYSTEM, fresh_db, tmp_path / "b")
    seen: list[subprocess.CompletedProcess[str]] = []
    real = B._copy_connection

    def copy_and_meanwhile_import(source: sqlite3.Connection, target: Path) -> Path:
        seen.append(cli("--db", str(fresh_db), "import", "buildings", str(GOOD_CSV)))
        return real(source, target)

    monkeypatch.setattr(B, "_copy_connection", copy_and_meanwhile_import)
    B.restore_backup(SYSTEM, fresh_db, saved)
    assert seen[0].returncode == 4 and "数据库正忙" in seen[0].stderr, seen[0].stderr
    assert Building.select().count() == 0  # nothing reported as imported, nothing there


# --- point 10: missing, empty and read-only database files ---------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["import", "buildings", str(GOOD_CSV)],
        ["backup"],
        ["check"],
        ["handover", "--date", "2022-11-22", "--shift", "白班", "--out", "x.pdf"],
        ["daily-report", "--date", "2022-11-22", "--out", "x.pdf"],
        ["screenshot", "--page", "overview", "--out", "x.png"],
    ],
)
def test_a_missing_database_is_exit_2_naming_it_and_nothing_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    database = tmp_path / "没有的文件夹" / "office.db"
    assert main(["--db", str(database), *command]) == 2
    err = capsys.readouterr().err
    assert str(database) in err and "不存在" in err
    assert not database.parent.exists()


def test_check_never_writes(demo_template: Path, tmp_path: Path) -> None:
    empty = tmp_path / "空.db"
    empty.touch()
    assert main(["--db", str(empty), "check"]) == 2
    assert empty.stat().st_size == 0
    copy = tmp_path / "演示.db"
    shutil.copy2(demo_template, copy)
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    assert main(["--db", str(copy), "check"]) == 0
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before


@pytest.fixture
def read_only_place(demo_template: Path) -> Iterator[tuple[Path, int | None]]:
    """A database this test's command lines may read but not write: owned by root and run as
    ``nobody`` when the tests run as root (root writes any file), else a chmod 444 file."""
    folder = Path(tempfile.mkdtemp(prefix="office-app-ro-", dir="/tmp"))
    try:
        os.chmod(folder, 0o755)
        database = folder / "office.db"
        shutil.copy2(demo_template, database)
        os.chmod(database, 0o444)
        user = None
        if os.geteuid() == 0:
            why = why_nobody_cannot_run_the_program()
            if why:
                pytest.skip(why)
            user = NOBODY
        yield database, user
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder, ignore_errors=True)


def test_a_read_only_database_gets_a_clear_message(
    read_only_place: tuple[Path, int | None],
) -> None:
    database, user = read_only_place
    size = database.stat().st_size
    imported = cli("--db", str(database), "import", "buildings", str(GOOD_CSV), user=user)
    assert imported.returncode == 4, imported.stderr
    assert "只读" in imported.stderr or "不可写" in imported.stderr
    assert "readonly database" not in imported.stderr and "Traceback" not in imported.stderr
    checked = cli("--db", str(database), "check", user=user)
    assert checked.returncode == 0, checked.stderr
    assert database.stat().st_size == size


def test_an_unwritable_folder_is_named(read_only_place: tuple[Path, int | None]) -> None:
    database, user = read_only_place
    os.chmod(database, 0o644)
    os.chmod(database.parent, 0o555)
    result = cli("--db", str(database), "backup", "--to", "/tmp", user=user)
    assert result.returncode == 4
    assert f"{database.parent} 不可写" in result.stderr


# --- point 1 on the command line: the database is never read or written as a plain file ------


def test_the_database_is_never_an_import_file_or_an_output(
    demo_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "office.db"
    shutil.copy2(demo_template, database)
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    out = ["--date", "2022-11-22", "--out", str(database)]
    assert main(["--db", str(database), "daily-report", *out]) == 2
    assert "数据库文件本身" in capsys.readouterr().err
    code = main(["--db", str(database), "import", "tests", str(database), f"{database}-wal"])
    assert code == 2 and capsys.readouterr().err.count("数据库文件本身") == 2
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before
