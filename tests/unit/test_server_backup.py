"""The office server's backup: a SQLite file made through the copy machinery, which the
program opens and restores from (services/admin/backup.py with database_copy.py).

On the test server (OFFICE_TEST_DB) the server's own backup and restore run; on SQLite files
the same machinery copies the bound file, and a server's backup name and folder are checked."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from office_app.models import AuditEntry, Compound, db
from office_app.services.admin import backup as B
from office_app.services.admin import database_copy as copying
from office_app.services.admin.actor import SYSTEM, Actor
from office_app.services.admin.database import close_database, open_database
from tests.conftest import SERVER_URL, ServerSchema

ADMIN = Actor("admin", "管理员", "admin", None)


@pytest.fixture
def community(
    demo_template: Path, tmp_path: Path, server_schema: ServerSchema | None
) -> Iterator[str]:
    """The demo community, bound: a file, or on the test server put there by a copy."""
    if server_schema is None:
        path = tmp_path / "社区.db"
        shutil.copy2(demo_template, path)
        open_database(path)
        yield str(path)
        close_database()
        return
    server_schema.empty()
    assert copying.copy_community(demo_template, server_schema.url.secret).ok
    open_database(server_schema.url)
    try:
        yield server_schema.url.secret
    finally:
        close_database()
        server_schema.empty()


def digests(database: object) -> dict[str, tuple[int, str]]:
    return {t: (d.rows, d.hexdigest) for t, d in copying.table_digests(database).items()}  # type: ignore[arg-type]


def file_digests(path: Path) -> dict[str, tuple[int, str]]:
    reader = copying.open_source(path)
    try:
        return digests(reader)
    finally:
        reader.close()


def test_the_copy_machinery_backs_up_the_open_database(community: str, tmp_path: Path) -> None:
    """What a server's backup does, on whatever the suite runs on: the bound database, in
    one snapshot, into a new SQLite file that passes the restore's check."""
    target = tmp_path / "备份" / "snapshot.db"
    with copying.snapshot(db.obj):
        tables = copying.copy_bound_to_file(db.obj, target)
    assert all(t.ok for t in tables)
    assert B.validate_backup(target).ok
    assert file_digests(target) == digests(db.obj)
    with pytest.raises(copying.CopyRefused, match="已存在"):
        copying.copy_bound_to_file(db.obj, target)


def test_a_server_backup_is_named_after_the_server_and_kept_in_the_data_folder(
    tmp_path: Path,
) -> None:
    url = "postgresql://office@office-pc:5432/科城路"
    assert B.backup_stem(url) == "科城路@office-pc"
    socket = B.backup_stem(f"postgresql://office@/office_test?host={tmp_path}/pg")
    assert socket.startswith("office_test@_") and socket.endswith("_pg") and "/" not in socket
    assert B.backup_stem(tmp_path / "社区.db") == "社区"
    folder = B.backup_folder(url, B.BackupSettings())
    assert folder.name == "backups" and folder.parent.is_dir()
    stick = tmp_path / "u盘"
    assert B.backup_folder(url, B.BackupSettings(folder=str(stick))) == stick


@pytest.mark.skipif(not SERVER_URL, reason="needs the test server (OFFICE_TEST_DB)")
def test_the_server_backup_opens_rotates_is_audited_and_restores(
    community: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = community
    folder = tmp_path / "U盘"
    made = []
    for day in range(3):
        monkeypatch.setattr(B, "now", lambda day=day: dt.datetime(2022, 11, 20 + day, 21, 0))
        made.append(B.backup_database(SYSTEM, url, folder, keep=2, reason="每日"))
    monkeypatch.undo()
    kept = B.list_backups(folder, B.backup_stem(url))
    assert [b.path for b in kept] == [made[2], made[1]] and not made[0].exists()
    assert made[2].name.startswith("office_test@")
    entries = AuditEntry.select().where(AuditEntry.action == "backup").count()
    assert entries == 3
    # The newest backup holds the server's data as it was (its own audit entry included).
    assert B.validate_backup(made[2]).ok
    at_backup = digests(db.obj)
    assert file_digests(made[2]) == at_backup

    # Changes after the backup are undone by restoring it; the server's data before the
    # restore is kept as a backup of its own.
    Compound.create(name="恢复后不应存在的小区", address="")
    restored = B.restore_backup(ADMIN, url, made[2])
    assert restored.replaced_copy is not None and restored.replaced_copy.exists()
    assert Compound.get_or_none(Compound.name == "恢复后不应存在的小区") is None
    assert AuditEntry.select().where(AuditEntry.action == "backup.restore").count() == 1
    after = digests(db.obj)
    for table, found in at_backup.items():
        if table != "audit_entry":
            assert after[table] == found, table
    replaced = file_digests(restored.replaced_copy)
    assert replaced["compound"][0] == at_backup["compound"][0] + 1
    # New rows after a restore get new ids (the sequences follow the restored rows).
    assert Compound.create(name="新小区", address="").id > max(
        c.id for c in Compound.select().where(Compound.name != "新小区")
    )

    # And the program opens the backup file like any database.
    close_database()
    open_database(made[2], create=False)
    assert Compound.select().count() == at_backup["compound"][0]


@pytest.mark.skipif(not SERVER_URL, reason="needs the test server (OFFICE_TEST_DB)")
def test_office_app_backup_on_the_server(community: str, tmp_path: Path) -> None:
    from office_app.cli import main

    folder = tmp_path / "命令行备份"
    close_database()  # the command opens the server on its own connection
    assert main(["--db", community, "backup", "--to", str(folder)]) == 0
    (made,) = folder.iterdir()
    assert made.name.startswith("office_test@") and B.validate_backup(made).ok
