"""Backups (issue 9, point 1): the folder from the settings, rotation, checks and restores."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from office_app.cli import main
from office_app.models import AuditEntry, Compound, db
from office_app.models.database import close_database, open_database
from office_app.models.migrations import SCHEMA_VERSION
from office_app.services.admin import auth
from office_app.services.admin import backup as B
from office_app.services.admin.actor import SYSTEM, Actor, PermissionDenied

DUTY = Actor("duty1", "值班员", "duty", None)


def _stamp(moment: dt.datetime):  # type: ignore[no-untyped-def]
    return lambda: moment


@pytest.mark.sqlite_only("backups of the SQLite file by its backup API (server: own tests)")
def test_backups_go_to_the_chosen_folder_and_are_rotated(
    fresh_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "U盘" / "社区备份"
    B.save_settings(SYSTEM, B.BackupSettings(folder=str(usb), keep=3))
    stranger = usb / "别人的文件.db"
    usb.mkdir(parents=True)
    stranger.write_bytes(b"x")
    made = []
    for day in range(5):
        monkeypatch.setattr(B, "now", _stamp(dt.datetime(2022, 11, 20 + day, 21, 0)))
        made.append(B.backup_database(SYSTEM, fresh_db, reason="每日"))
    assert all(p.parent == usb for p in made)
    kept = B.list_backups(usb, fresh_db.stem)
    assert [b.path for b in kept] == [made[4], made[3], made[2]]
    assert kept[0].taken_at == dt.datetime(2022, 11, 24, 21, 0)
    assert stranger.exists()  # rotation only touches its own files
    summaries = [e.summary for e in AuditEntry.select().where(AuditEntry.action == "backup")]
    assert len(summaries) == 5 and summaries[0].startswith("每日备份到 ")


def test_a_clock_set_back_never_deletes_the_backup_just_made(
    fresh_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "备份"
    B.save_settings(SYSTEM, B.BackupSettings(folder=str(folder), keep=2))
    for day in (20, 21):
        monkeypatch.setattr(B, "now", _stamp(dt.datetime(2026, 11, day, 21, 0)))
        B.backup_database(SYSTEM, fresh_db)
    monkeypatch.setattr(B, "now", _stamp(dt.datetime(2000, 1, 1, 9, 0)))  # a dead CMOS battery
    made = B.backup_database(SYSTEM, fresh_db)
    assert made.exists()
    assert B.backup_due(dt.datetime(2000, 1, 1, 10, 0))  # the last backup is "in the future"


def test_only_an_admin_sets_the_backup_folder(fresh_db: Path) -> None:
    with pytest.raises(PermissionDenied):
        B.save_settings(DUTY, B.BackupSettings(folder="/tmp"))
    with pytest.raises(ValueError, match="至少保留"):
        B.save_settings(SYSTEM, B.BackupSettings(keep=0))
    assert B.load_settings() == B.BackupSettings()


def test_a_daily_backup_is_due_after_a_day(fresh_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    t0 = dt.datetime(2022, 11, 20, 8, 0)
    assert B.backup_due(t0)
    monkeypatch.setattr(B, "now", _stamp(t0))
    with db.atomic():
        AuditEntry.create(operator_name="system", action="backup", at=t0)
    assert not B.backup_due(t0 + dt.timedelta(hours=23))
    assert B.backup_due(t0 + dt.timedelta(hours=24))
    B.save_settings(SYSTEM, B.BackupSettings(daily=False))
    assert not B.backup_due(t0 + dt.timedelta(days=3))


@pytest.mark.sqlite_only("the command line backs up the SQLite file (server: own tests)")
def test_cli_backup_without_to_uses_the_settings_folder(
    fresh_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    usb = tmp_path / "usb"
    B.save_settings(SYSTEM, B.BackupSettings(folder=str(usb)))
    close_database()
    assert main(["--db", str(fresh_db), "backup"]) == 0
    out = Path(capsys.readouterr().out.strip())
    assert out.parent == usb and B.validate_backup(out).ok
    open_database(fresh_db)


def test_validate_rejects_garbage_damage_and_newer_versions(tmp_path: Path, fresh_db: Path) -> None:
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    assert not B.validate_backup(garbage).ok
    assert "不存在" in B.validate_backup(tmp_path / "missing.db").problems[0]

    good = B.backup_database(SYSTEM, fresh_db, tmp_path / "b")
    check = B.validate_backup(good)
    assert check.ok and check.schema_version == SCHEMA_VERSION

    newer = tmp_path / "newer.db"
    newer.write_bytes(good.read_bytes())
    with sqlite3.connect(newer) as raw:
        raw.execute("INSERT INTO schema_version (version, applied_at) VALUES (9, '2030-01-01')")
    assert "版本为 9" in B.validate_backup(newer).problems[0]

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as raw:
        raw.execute("CREATE TABLE t (x)")
    assert "没有版本表" in B.validate_backup(other).problems[0]

    damaged = tmp_path / "damaged.db"
    data = bytearray(good.read_bytes())
    for offset in range(4096, len(data), 4096):  # scribble over every page but the first
        data[offset + 100 : offset + 400] = b"\xff" * 300
    damaged.write_bytes(bytes(data))
    assert not B.validate_backup(damaged).ok


@pytest.mark.sqlite_only("a backup restored over the SQLite file, the old file kept")
def test_restore_checks_first_and_keeps_the_replaced_file(tmp_path: Path, fresh_db: Path) -> None:
    admin = auth.create_operator(None, "admin", "管理员", "admin", "secret1")
    with db.atomic():
        Compound.create(name="瑞景苑")
    saved = B.backup_database(admin, fresh_db, tmp_path / "b")
    with db.atomic():
        Compound.create(name="后来加的小区")

    garbage = tmp_path / "bad.db"
    garbage.write_bytes(b"nope" * 1000)
    with pytest.raises(B.RestoreRefused):
        B.restore_backup(admin, fresh_db, garbage)
    assert Compound.select().count() == 2  # nothing replaced
    with pytest.raises(PermissionDenied):
        B.restore_backup(DUTY, fresh_db, saved)

    result = B.restore_backup(admin, fresh_db, saved)
    assert [c.name for c in Compound.select()] == ["瑞景苑"]
    assert result.replaced_copy is not None and result.replaced_copy.parent == fresh_db.parent
    with sqlite3.connect(result.replaced_copy) as raw:
        names = {r[0] for r in raw.execute("SELECT name FROM compound")}
    assert names == {"瑞景苑", "后来加的小区"}
    entry = AuditEntry.select().where(AuditEntry.action == "backup.restore").get()
    assert entry.operator_name == "admin" and str(saved) in entry.summary
    # The replaced copy is not one of the rotated backups.
    assert all("replaced" not in b.path.name for b in B.list_backups(fresh_db.parent, "office"))


@pytest.mark.sqlite_only("the backups beside the SQLite file and restoring one over it")
def test_recovery_lets_a_duty_operator_restore_and_finds_the_newest_good_backup(
    tmp_path: Path, fresh_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "b"
    monkeypatch.setattr(B, "now", _stamp(dt.datetime(2022, 11, 20, 8, 0)))
    older = B.backup_database(SYSTEM, fresh_db, folder)
    monkeypatch.setattr(B, "now", _stamp(dt.datetime(2022, 11, 21, 8, 0)))
    newest = B.backup_database(SYSTEM, fresh_db, folder)
    newest.write_bytes(b"broken" * 500)  # the newest one is unusable
    found = B.newest_good_backup(fresh_db, folder)
    assert found is not None and found.path == older
    result = B.restore_backup(DUTY, fresh_db, older, recovery=True)
    assert result.source == older
    assert B.newest_good_backup(tmp_path / "nothing" / "x.db") is None


def test_a_read_only_operator_makes_no_backup_by_hand(fresh_db: Path, tmp_path: Path) -> None:
    reader = Actor("reader", "只读", "readonly", None)
    with pytest.raises(PermissionDenied):
        B.backup_database(reader, fresh_db, tmp_path / "b")
    made = B.backup_database(reader, fresh_db, tmp_path / "b", reason="退出时", automatic=True)
    assert made.exists()


def test_a_failed_copy_leaves_no_partial_file(
    fresh_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from office_app.models import files

    real_connect = sqlite3.connect

    class Failing:
        def __init__(self, conn: sqlite3.Connection) -> None:
            self.conn = conn

        def backup(self, dest: object) -> None:
            raise sqlite3.OperationalError("disk I/O error")

        def close(self) -> None:
            self.conn.close()

    calls: list[str] = []

    def connect(path: str, *args: object, **kwargs: object) -> object:
        calls.append(path)
        conn = real_connect(path)
        return Failing(conn) if len(calls) == 1 else conn

    monkeypatch.setattr(files.sqlite3, "connect", connect)
    with pytest.raises(sqlite3.OperationalError):
        files.copy_database(fresh_db, tmp_path / "copy.db")
    assert list(tmp_path.glob("copy.db*")) == []
