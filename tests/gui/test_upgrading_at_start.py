"""The office server opened at the start behind the waiting dialog (issue 19): a server of an
older schema is backed up and migrated on the dialog's thread, the dialog saying
正在升级数据库…（先备份服务器） and the GUI's event loop turning all the while; the GUI thread
then works on a connection of its own. An upgrade refused (its backup cannot be made) is said
in Chinese with 重试 and 退出 (views/dialogs/connection_dialog.connect_at_start)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from office_app.models import Building, Compound, db
from office_app.models.database import close_database
from office_app.models.engine import ServerUrl
from office_app.models.migrations import SCHEMA_VERSION
from office_app.services.admin import backup as B
from office_app.services.admin import upgrade_backup
from office_app.services.admin.actor import Actor
from office_app.views import database_choice as D
from office_app.views import ui_settings as U
from office_app.views.dialogs import connection_dialog as CD
from tests.conftest import SERVER_URL
from tests.memory_keyring import MemoryKeyring, memory_keyring  # noqa: F401

needs_server = pytest.mark.skipif(not SERVER_URL, reason="needs the test server (OFFICE_TEST_DB)")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ADMIN = Actor("admin", "管理员", "admin", None)
UPGRADING = "正在升级数据库…（先备份服务器）"


@pytest.fixture
def default_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "数据" / "office.db"
    monkeypatch.setattr(D, "default_file", lambda: path)
    monkeypatch.delenv("OFFICE_APP_DB", raising=False)
    return path


def old_server(folder: Path) -> None:
    """The bound test server taken back to the schema of tests/fixtures/db_v2.sqlite (a
    compound with a building, the backup folder ``folder``); closed."""
    from tests.unit.test_engine import _take_back_to

    B.save_settings(ADMIN, B.BackupSettings(folder=str(folder)))
    Building.create(compound=Compound.create(name="一号院", address="科城路 1 号"), name="1号楼")
    assert _take_back_to(db.obj, FIXTURES / "db_v2.sqlite") == 2
    close_database()


def server_version(url: ServerUrl) -> int:
    import psycopg

    with psycopg.connect(url.secret) as conn:
        return int(conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0])


def backends(url: ServerUrl) -> set[int]:
    """The program's sessions on the server now."""
    import psycopg

    with psycopg.connect(url.secret) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = 'office-app'"
        ).fetchall()
    return {int(r[0]) for r in rows}


class Ticks:
    """A timer ticking every 20 ms: it fires only while the GUI's event loop turns; it notes
    the waiting dialog's text and whether 取消 could be pressed at each tick."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, bool]] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, CD.ConnectingDialog):
            self.seen.append((modal.label.text(), modal.cancel_button.isEnabled()))
            if modal.label.text() == UPGRADING:
                modal.reject()  # 取消 (or Esc) pressed: it must not end an upgrade under way

    def stop(self) -> None:
        self.timer.stop()


@needs_server
def test_an_older_server_is_upgraded_behind_the_waiting_dialog(
    qtbot,
    office_app,
    ui: U.UiSettings,
    default_file: Path,
    fresh_db: ServerUrl,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,  # noqa: F811
) -> None:
    folder = tmp_path / "备份"
    old_server(folder)
    before = backends(fresh_db)
    seen_in: list[tuple[str, int]] = []
    real_copy = upgrade_backup.copy_tables_as_they_are

    def slow_copy(database, target):  # type: ignore[no-untyped-def]
        # The backup of a large server: long enough for the event loop to turn many times.
        (pid,) = database.execute_sql("SELECT pg_backend_pid()").fetchone()
        seen_in.append((threading.current_thread().name, int(pid)))
        time.sleep(1.0)
        return real_copy(database, target)

    monkeypatch.setattr(upgrade_backup, "copy_tables_as_they_are", slow_copy)
    monkeypatch.setattr(CD, "ask_unreachable", lambda *a: pytest.fail(f"asked: {a}"))
    monkeypatch.setattr(CD, "ask_not_upgraded", lambda *a: pytest.fail(f"asked: {a}"))
    ticks = Ticks()
    try:
        location = CD.connect_at_start(ui, fresh_db.secret)
    finally:
        ticks.stop()
    assert str(location) == str(fresh_db)

    # Backed up and migrated once, on the dialog's thread, the GUI's loop turning meanwhile
    # (≥ 20 ticks in the second of the backup), the dialog saying so, 取消 refused.
    ((thread, worker_pid),) = seen_in
    assert thread == "connection-at-start"
    upgrading = [enabled for text, enabled in ticks.seen if text == UPGRADING]
    assert len(upgrading) >= 20 and not any(upgrading)
    assert server_version(fresh_db) == SCHEMA_VERSION
    (backup,) = folder.iterdir()
    assert ".v2-" in backup.name

    # The thread's connection is closed; the GUI thread works on one of its own.
    # (pg_stat_activity drops a closed session's backend a moment later, not at once.)
    qtbot.waitUntil(lambda: worker_pid not in backends(fresh_db) - before, timeout=5000)
    assert [(b.compound.name, b.name) for b in Building.select()] == [("一号院", "1号楼")]
    (gui_pid,) = db.execute_sql("SELECT pg_backend_pid()").fetchone()
    assert gui_pid != worker_pid
    assert Compound.get().version == 0  # a column of the new schema, read on the GUI thread


@needs_server
def test_an_upgrade_without_its_backup_is_refused_with_retry_and_quit(
    office_app,
    ui: U.UiSettings,
    default_file: Path,
    fresh_db: ServerUrl,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,  # noqa: F811
) -> None:
    """Neither backup folder can be made (a file stands in the place of each): the start
    says why in Chinese with 重试 / 退出; 重试 tries again (backup and all), 退出 ends the
    start; the server stays at its version."""
    import office_app.paths

    blocked = tmp_path / "不是文件夹"
    blocked.write_text("一个文件")
    monkeypatch.setattr(office_app.paths, "data_dir", lambda: blocked / "数据")
    old_server(blocked / "备份")
    said: list[str] = []
    answers = iter(["retry", "quit"])
    monkeypatch.setattr(CD, "ask_unreachable", lambda *a: pytest.fail(f"asked: {a}"))
    monkeypatch.setattr(CD, "ask_not_upgraded", lambda p, m: said.append(m) or next(answers))
    assert CD.connect_at_start(ui, fresh_db.secret) is None
    assert len(said) == 2
    assert all("备份没有做成" in m and "没有升级，数据库保持原样" in m for m in said)
    assert server_version(fresh_db) == 2
    assert blocked.read_text() == "一个文件"


def test_the_refused_upgrade_box_offers_retry_and_quit(office_app) -> None:
    found: list[tuple[str, list[str]]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        found.append((box.windowTitle(), [b.text() for b in box.buttons()]))
        (quit_button,) = [b for b in box.buttons() if b.text().startswith("退出")]
        quit_button.click()

    QTimer.singleShot(0, answer)
    assert CD.ask_not_upgraded(None, "备份没有做成") == "quit"

    def retry() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        (retry_button,) = [b for b in box.buttons() if b.text().startswith("重试")]
        retry_button.click()

    QTimer.singleShot(0, retry)
    assert CD.ask_not_upgraded(None, "备份没有做成") == "retry"
    ((title, buttons),) = found
    assert title == "数据库没有升级"
    assert sorted(buttons) == ["退出(&Q)", "重试(&R)"]
