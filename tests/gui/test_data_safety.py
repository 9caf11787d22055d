"""Backups, recovery and the one-instance lock in the GUI (issue 9, points 1 to 3)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from office_app.models import AuditEntry, Compound, db
from office_app.services.admin import backup as B
from office_app.services.admin.actor import SYSTEM, Actor
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.dialogs import messages
from office_app.views.main_window import MainWindow
from office_app.views.pages.settings import SettingsPage

DUTY = Actor("duty1", "值班员一", "duty", None)


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages shown; every question is answered yes."""
    texts: list[str] = []
    monkeypatch.setattr(messages, "inform", lambda _p, t, text: texts.append(f"{t}|{text}"))
    monkeypatch.setattr(messages, "warn", lambda _p, t, text: texts.append(f"{t}|{text}"))

    def yes(_p, title, text, **_kw) -> bool:  # type: ignore[no-untyped-def]
        texts.append(f"{title}|{text}")
        return True

    monkeypatch.setattr(messages, "confirm", yes)
    return texts


def test_admin_chooses_the_folder_and_backs_up_now(
    qtbot, office_app, fresh_db: Path, ui: U.UiSettings, tmp_path: Path, said: list[str]
) -> None:
    page = SettingsPage(AppContext(actor=SYSTEM, db_path=fresh_db, ui=ui))
    qtbot.addWidget(page)
    assert "从未" in page.last_backup_label.text()
    usb = tmp_path / "U盘"
    page.backup_folder_edit.setText(str(usb))
    page.keep_spin.setValue(7)
    page.exit_check.setChecked(False)
    assert page.save_backup_settings()
    assert B.load_settings() == B.BackupSettings(folder=str(usb), keep=7, on_exit=False)
    made = page.backup_now()
    assert made is not None and made.parent == usb
    assert str(usb) in page.last_backup_label.text() and "从未" not in page.last_backup_label.text()
    assert "已备份到" in said[-1]


def test_a_duty_operator_backs_up_but_changes_no_backup_settings(
    qtbot, office_app, fresh_db: Path, ui: U.UiSettings
) -> None:
    page = SettingsPage(AppContext(actor=DUTY, db_path=fresh_db, ui=ui))
    qtbot.addWidget(page)
    assert page.backup_now_button.isEnabled()
    assert not page.save_backup_button.isEnabled()
    assert not page.restore_button.isEnabled()
    assert not page.backup_folder_edit.isEnabled()


def test_restore_refuses_a_bad_file_then_restores_a_good_one(
    qtbot, office_app, fresh_db: Path, ui: U.UiSettings, tmp_path: Path, said: list[str]
) -> None:
    with db.atomic():
        Compound.create(name="瑞景苑")
    good = B.backup_database(SYSTEM, fresh_db, tmp_path / "b")
    with db.atomic():
        Compound.create(name="备份之后")
    window = MainWindow(AppContext(actor=SYSTEM, db_path=fresh_db, ui=ui))
    qtbot.addWidget(window)
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    window.show()

    bad = tmp_path / "坏的.db"
    bad.write_bytes(b"garbage" * 900)
    assert not page.restore_file(bad)
    assert "不能恢复" in said[-1] and Compound.select().count() == 2

    assert page.restore_file(good)
    # The question named what happens (on the server: its data, for every seat).
    assert ("替换数据库" if isinstance(fresh_db, Path) else "替换办公室服务器上的数据") in said[-2]
    assert [c.name for c in Compound.select()] == ["瑞景苑"]
    assert "程序现在关闭" in said[-1]
    assert not window.isVisible()
    assert AuditEntry.select().where(AuditEntry.action == "backup.restore").count() == 1


@pytest.mark.sqlite_only("the automatic backup copies the SQLite file")
def test_automatic_backup_runs_daily_and_on_exit(
    qtbot, office_app, fresh_db: Path, ui: U.UiSettings, tmp_path: Path
) -> None:
    from office_app.views.auto_backup import AutoBackup

    B.save_settings(SYSTEM, B.BackupSettings(folder=str(tmp_path / "auto")))
    window = MainWindow(AppContext(actor=DUTY, db_path=fresh_db, ui=ui))
    qtbot.addWidget(window)
    auto = AutoBackup(window, DUTY, fresh_db)
    assert "无" in auto.label.text()
    auto.start()  # no backup yet: one is due, made once the event loop runs
    qtbot.waitUntil(lambda: len(B.list_backups(tmp_path / "auto", fresh_db.stem)) == 1)
    qtbot.waitUntil(lambda: "最近备份" in auto.label.text())
    assert auto.wait(10)
    assert auto.run_if_due() is False  # not due again the same day
    assert auto.on_exit() is not None
    summaries = [e.summary for e in AuditEntry.select().where(AuditEntry.action == "backup")]
    assert summaries[0].startswith("每日备份") and summaries[1].startswith("退出时备份")
    assert "最近备份" in auto.label.text()


def test_automatic_backup_failure_is_shown_not_raised(
    qtbot, office_app, fresh_db: Path, ui: U.UiSettings, tmp_path: Path
) -> None:
    from office_app.views.auto_backup import AutoBackup

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    B.save_settings(SYSTEM, B.BackupSettings(folder=str(blocker / "sub")))
    window = MainWindow(AppContext(actor=DUTY, db_path=fresh_db, ui=ui))
    qtbot.addWidget(window)
    auto = AutoBackup(window, DUTY, fresh_db)
    assert auto.run_if_due() is True
    qtbot.waitUntil(lambda: "自动备份失败" in window.statusBar().currentMessage())
    assert not auto.busy


@pytest.mark.sqlite_only("the daily backup copies the SQLite file")
def test_the_daily_backup_runs_in_the_background_with_its_progress_shown(
    qtbot, office_app, fresh_db: Path, ui: U.UiSettings, tmp_path: Path, monkeypatch
) -> None:
    """The window answers while the daily backup is made: the copy runs on a thread of its
    own, the status bar shows its progress, and the window's thread is never the one
    copying."""
    import threading

    from office_app.views.auto_backup import AutoBackup

    B.save_settings(SYSTEM, B.BackupSettings(folder=str(tmp_path / "auto")))
    window = MainWindow(AppContext(actor=DUTY, db_path=fresh_db, ui=ui))
    qtbot.addWidget(window)
    window.show()
    release = threading.Event()
    threads: list[str] = []
    real = B.backup_database

    def slow_backup(*args, progress=None, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        progress(1, 4)  # a quarter copied
        assert release.wait(10)
        return real(*args, progress=progress, **kwargs)

    monkeypatch.setattr(B, "backup_database", slow_backup)
    auto = AutoBackup(window, DUTY, fresh_db)
    auto.start()
    assert threads == []  # nothing before the event loop runs
    qtbot.waitUntil(lambda: auto.busy)
    qtbot.waitUntil(lambda: "25%" in auto.label.text())
    # Meanwhile the window's thread goes on: a timer fires, a page opens.
    ticked: list[bool] = []
    QTimer.singleShot(10, lambda: ticked.append(True))
    qtbot.waitUntil(lambda: ticked == [True])
    window.show_page("residents")
    assert threads == ["automatic-backup"]
    release.set()
    qtbot.waitUntil(lambda: not auto.busy and "最近备份" in auto.label.text())
    assert len(B.list_backups(tmp_path / "auto", fresh_db.stem)) == 1
    assert AuditEntry.select().where(AuditEntry.action == "backup").count() == 1


@pytest.mark.sqlite_only("a damaged SQLite file and the backups beside it")
def test_a_damaged_database_offers_the_newest_good_backup(
    qtbot, office_app, fresh_db: Path, ui: U.UiSettings, said: list[str]
) -> None:
    with db.atomic():
        Compound.create(name="瑞景苑")
    B.backup_database(SYSTEM, fresh_db)  # into backups/ beside the database
    window = MainWindow(AppContext(actor=DUTY, db_path=fresh_db, ui=ui))
    qtbot.addWidget(window)
    window.show()
    window.startup_check_done(["*** in database main ***\nPage 7: btreeInitPage() returns error"])
    assert "最近一份完好的备份" in said[0] and "btreeInitPage" in said[0]
    assert "已恢复" in said[1] or "现在是数据库" in said[1]
    assert not window.isVisible()
    assert AuditEntry.select().where(AuditEntry.action == "backup.restore").count() == 1
    kept = list(fresh_db.parent.glob("office-replaced-*.db"))
    assert len(kept) == 1


def test_a_second_instance_is_told_who_holds_the_database(
    qtbot, office_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from office_app.views.instance_lock import InstanceLock, ask_read_only

    path = tmp_path / "社区.db"
    first = InstanceLock(path)
    assert first.acquire()
    first.record_operator(Actor("duty1", "王值班", "duty", 2))
    second = InstanceLock(path)
    assert not second.acquire()
    holder = second.holder()
    assert holder is not None and "王值班" in holder.operator
    asked: list[str] = []

    def answer(_p, title, text, **kw) -> bool:  # type: ignore[no-untyped-def]
        asked.append(text + "|" + kw["yes"])
        return True

    monkeypatch.setattr(messages, "confirm", answer)
    assert ask_read_only(None, second)
    assert "王值班" in asked[0] and "只读" in asked[0]
    first.release()
    assert second.acquire()  # free again once the first program ends
    second.release()


@pytest.mark.sqlite_only("the one-instance lock beside the SQLite file")
def test_run_gui_opens_read_only_when_the_database_is_held(
    qtbot,
    office_app,
    demo_db: Path,
    monkeypatch: pytest.MonkeyPatch,
    said: list[str],
) -> None:
    from PySide6.QtWidgets import QApplication

    import office_app.app as A
    from office_app.views.instance_lock import InstanceLock
    from office_app.views.login_dialog import LoginDialog

    holder = InstanceLock(demo_db)
    assert holder.acquire()
    windows: list[MainWindow] = []
    real_start = A.start_main_window

    def start(*args, **kwargs):  # type: ignore[no-untyped-def]
        window = real_start(*args, **kwargs)
        windows.append(window)
        return window

    monkeypatch.setattr(A, "start_main_window", start)
    monkeypatch.setattr(A, "setup_logging", lambda *_a, **_k: None)
    monkeypatch.setattr(LoginDialog, "ask", classmethod(lambda cls, **kw: DUTY))
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    before = len(B.list_backups(demo_db.parent / "backups", demo_db.stem))
    assert A.run_gui(demo_db) == 0
    window = windows[0]
    qtbot.addWidget(window)
    assert window.context.actor.role == "readonly"
    assert "只读" in window.windowTitle()
    assert "正在使用" in said[0] or "已经打开" in said[0]
    # A read-only instance makes no automatic backups: the holder does.
    assert len(B.list_backups(demo_db.parent / "backups", demo_db.stem)) == before
    holder.release()
    window.close()


@pytest.mark.sqlite_only("the one-instance lock beside the SQLite file")
def test_run_gui_holds_the_lock_and_backs_up_on_exit(
    qtbot, office_app, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QApplication

    import office_app.app as A
    from office_app.views.instance_lock import InstanceLock
    from office_app.views.login_dialog import LoginDialog

    held: list[bool] = []
    windows: list[MainWindow] = []
    real_start = A.start_main_window

    def start(*args, **kwargs):  # type: ignore[no-untyped-def]
        window = real_start(*args, **kwargs)
        windows.append(window)
        return window

    def run(self) -> int:  # type: ignore[no-untyped-def]
        other = InstanceLock(demo_db)
        held.append(not other.acquire())
        # The event loop runs: the daily backup starts once the window is up, in the
        # background.
        qtbot.waitUntil(
            lambda: len(B.list_backups(demo_db.parent / "backups", demo_db.stem)) == 1,
            timeout=20_000,
        )
        return 0

    monkeypatch.setattr(A, "start_main_window", start)
    monkeypatch.setattr(A, "setup_logging", lambda *_a, **_k: None)
    monkeypatch.setattr(LoginDialog, "ask", classmethod(lambda cls, **kw: DUTY))
    monkeypatch.setattr(QApplication, "exec", run)
    assert A.run_gui(demo_db) == 0
    qtbot.addWidget(windows[0])
    assert held == [True]
    backups = B.list_backups(demo_db.parent / "backups", demo_db.stem)
    assert len(backups) == 2  # the daily one at start, the one on exit
    with sqlite3.connect(backups[0].path) as raw:
        assert raw.execute("PRAGMA quick_check").fetchone() == ("ok",)
    assert InstanceLock(demo_db).acquire()  # released at the end
    windows[0].close()


def test_run_gui_offers_the_newest_good_backup_when_the_file_cannot_be_opened(
    qtbot,
    office_app,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    said: list[str],
) -> None:
    from PySide6.QtWidgets import QApplication

    import office_app.app as A
    from office_app.models.database import close_database, open_database
    from office_app.views.login_dialog import LoginDialog

    path = tmp_path / "社区.db"
    open_database(path)
    with db.atomic():
        Compound.create(name="瑞景苑")
    B.backup_database(SYSTEM, path)
    close_database()
    for side in path.parent.glob("社区.db-*"):
        side.unlink()
    path.write_bytes(b"\x00garbage" * 4096)  # not a database any more

    windows: list[MainWindow] = []
    real_start = A.start_main_window

    def start(*args, **kwargs):  # type: ignore[no-untyped-def]
        window = real_start(*args, **kwargs)
        windows.append(window)
        return window

    monkeypatch.setattr(A, "start_main_window", start)
    monkeypatch.setattr(A, "setup_logging", lambda *_a, **_k: None)
    monkeypatch.setattr(LoginDialog, "ask", classmethod(lambda cls, **kw: SYSTEM))
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    assert A.run_gui(path) == 0
    qtbot.addWidget(windows[0])
    assert "最近一份完好的备份" in said[0]
    assert [c.name for c in Compound.select()] == ["瑞景苑"]
    kept = list(tmp_path.glob("社区-replaced-*.db"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"\x00garbage")
    windows[0].close()


def test_a_daily_backup_ending_after_its_window_closed_raises_nothing(
    qtbot, office_app, fresh_db: Path, ui: U.UiSettings, tmp_path: Path, monkeypatch
) -> None:
    """The window closed (and its AutoBackup deleted with it) while the copy ran: the
    backup's thread ends quietly instead of raising 'Signal source has been deleted' on its
    last emit, an exception in a thread the user never sees and the suite fails on."""
    import threading

    import shiboken6

    from office_app.views.auto_backup import AutoBackup

    B.save_settings(SYSTEM, B.BackupSettings(folder=str(tmp_path / "auto")))
    window = MainWindow(AppContext(actor=DUTY, db_path=fresh_db, ui=ui))
    release = threading.Event()
    raised: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: raised.append(args.exc_value))

    def slow_backup(*_args, progress=None, **_kwargs):  # type: ignore[no-untyped-def]
        assert release.wait(10)
        progress(1, 2)
        return tmp_path / "auto" / "made.db"

    monkeypatch.setattr(B, "backup_database", slow_backup)
    auto = AutoBackup(window, DUTY, fresh_db)
    assert auto.run_if_due() is True
    worker = auto.worker
    assert worker is not None
    window.close()  # as the user closes it (its server listener and seat end)...
    shiboken6.delete(window)  # ...then gone, with its children, the AutoBackup among them
    release.set()
    worker.join(10)
    assert not worker.is_alive()
    assert raised == []


def test_a_startup_check_ending_after_its_window_closed_raises_nothing(
    qtbot, office_app, fresh_db: Path, ui: U.UiSettings, monkeypatch
) -> None:
    """The window closed (its StartupCheck deleted with it) while the database check ran:
    the check's thread ends quietly, and a window still open gets its answer."""
    import threading

    import shiboken6

    from office_app.views import startup_check as S

    release = threading.Event()
    raised: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: raised.append(args.exc_value))

    def slow_check(_path):  # type: ignore[no-untyped-def]
        assert release.wait(10)
        return []

    monkeypatch.setattr(S, "quick_check", slow_check)
    window = MainWindow(AppContext(actor=DUTY, db_path=fresh_db, ui=ui))
    check = S.StartupCheck(fresh_db, window)
    check.start()
    worker = check.thread
    assert worker is not None
    window.close()
    shiboken6.delete(window)
    release.set()
    worker.join(10)
    assert not worker.is_alive() and raised == []

    kept = MainWindow(AppContext(actor=DUTY, db_path=fresh_db, ui=ui))
    qtbot.addWidget(kept)
    answers: list[list[str]] = []
    check = S.StartupCheck(fresh_db, kept)
    check.finished.connect(answers.append)
    check.start()
    qtbot.waitUntil(lambda: answers == [[]])
