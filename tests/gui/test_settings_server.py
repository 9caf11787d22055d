"""设置 on the office server (issue 19): the backup box says where backups go there (SQLite
files in the backup folder on this PC, by default the data folder's ``backups``, no file to
put them beside) and the restore says it replaces the server's data for every seat, after
backing the server up first. On SQLite the service's "is server" answer is made yes, so the
words are checked on both engines; on PostgreSQL the restore is a real one."""

from __future__ import annotations

from pathlib import Path

import pytest

from office_app.models import AuditEntry, Compound, db
from office_app.paths import data_dir
from office_app.services.admin import backup as B
from office_app.services.admin.actor import SYSTEM
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.main_window import MainWindow
from office_app.views.pages import settings as settings_module
from office_app.views.pages.settings import SettingsPage

from .recording import Calls, record_message_boxes


def as_server(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    """True on a real server; on a file, the page and the backup service are told from now
    on that it is one (then the restore is only asked about, and answered no)."""
    if B.is_server(db_path):
        return True
    monkeypatch.setattr(settings_module, "is_server", lambda target: True)
    monkeypatch.setattr(B, "is_server", lambda target: True)
    return False


def test_the_backup_box_on_the_server_says_where_backups_go(
    qtbot, office_app, fresh_db: Path, ui: U.UiSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_server(fresh_db, monkeypatch)
    page = SettingsPage(AppContext(actor=SYSTEM, db_path=fresh_db, ui=ui))
    qtbot.addWidget(page)
    page.show()
    default = data_dir() / "backups"
    assert page.on_server() and page.default_backup_folder() == default
    placeholder = page.backup_folder_edit.placeholderText()
    assert placeholder == "默认：本机数据文件夹中的 backups"
    assert "数据库旁" not in placeholder
    note = page.server_backup_note
    assert note.isVisible()
    words = note.text()
    assert "SQLite 文件" in words and "本机备份文件夹" in words
    assert page.backup_folder_edit.toolTip() == f"默认：{default}"
    assert "替换所有席位共用的服务器数据" in words and "恢复前先备份服务器" in words
    assert str(default) in page.last_backup_label.text()


@pytest.mark.sqlite_only("a file's words: the backups beside the database file")
def test_the_backup_box_on_a_file_says_beside_the_database(
    qtbot, office_app, fresh_db: Path, ui: U.UiSettings
) -> None:
    page = SettingsPage(AppContext(actor=SYSTEM, db_path=fresh_db, ui=ui))
    qtbot.addWidget(page)
    page.show()
    assert not page.on_server()
    assert page.backup_folder_edit.placeholderText() == "默认：数据库旁的 backups 文件夹"
    assert not page.server_backup_note.isVisible()


def test_a_restore_on_the_server_says_it_replaces_every_seats_data(
    qtbot,
    office_app,
    fresh_db: Path,
    ui: U.UiSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "备份"
    B.save_settings(SYSTEM, B.BackupSettings(folder=str(folder)))
    with db.atomic():
        Compound.create(name="瑞景苑")
    good = B.backup_database(SYSTEM, fresh_db, tmp_path / "b")
    with db.atomic():
        Compound.create(name="备份之后")
    server = as_server(fresh_db, monkeypatch)
    boxes: dict[str, Calls] = record_message_boxes(monkeypatch, confirm=server)
    window = MainWindow(AppContext(actor=SYSTEM, db_path=fresh_db, ui=ui))
    qtbot.addWidget(window)
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    window.show()

    restored = page.restore_file(good)
    assert restored is server
    ((args, kwargs),) = boxes["confirm"]
    question = args[2]
    assert question.startswith(f"用备份 {good} 替换办公室服务器上的数据吗？")
    assert "所有席位" in question and "任何席位录入的内容都会丢失" in question
    assert f"先备份到 {folder}" in question and "旁" not in question
    assert kwargs["yes"] == "替换服务器的数据"
    if not server:
        assert Compound.select().count() == 2  # answered no: nothing replaced
        return
    # The server now holds the backup's data; its data before is a backup in the folder.
    assert [c.name for c in Compound.select()] == ["瑞景苑"]
    (before,) = B.list_backups(folder, B.backup_stem(fresh_db))
    ((args, _kw),) = boxes["inform"]
    assert "所有席位" in args[2] and str(before.path) in args[2] and "程序现在关闭" in args[2]
    assert not window.isVisible()
    assert AuditEntry.select().where(AuditEntry.action == "backup.restore").count() == 1
