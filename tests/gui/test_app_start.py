"""What the start does before the main window's first frame, and what waits for it.

The usual start (a database file chosen already) imports neither the connection dialog's
module nor the automatic backups' before the window is on screen; the database check and the
automatic backups start once the first frame is painted (MainWindow.after_first_paint), and
the backup on exit is made even when no frame ever came.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from office_app.services.admin.actor import SYSTEM
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.main_window import MainWindow


def test_a_start_on_a_chosen_file_imports_no_dialog_nor_backup_before_the_window(
    demo_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "office.db"
    shutil.copy2(demo_template, path)
    # In a fresh interpreter: the log-in answered, the event loop replaced by a look at the
    # modules imported when it would start (before any frame is painted).
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "import office_app.app as A\n"
        "from office_app.services.admin.actor import SYSTEM\n"
        "from office_app.views.login_dialog import LoginDialog\n"
        "LoginDialog.ask = classmethod(lambda cls, **kw: SYSTEM)\n"
        "seen = []\n"
        "names = ('office_app.views.dialogs.connection_dialog', 'office_app.views.auto_backup')\n"
        "def run(self):\n"
        "    seen.append([n in sys.modules for n in names])\n"
        "    return 0\n"
        "QApplication.exec = run\n"
        f"code = A.run_gui({str(path)!r})\n"
        "print(code, seen, 'office_app.views.auto_backup' in sys.modules)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    env["XDG_DATA_HOME"] = env["XDG_CONFIG_HOME"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr
    # Neither before the loop; the backup on exit imported the backups' module after it.
    assert done.stdout.split("\n")[0] == "0 [[False, False]] True"
    backups = list((tmp_path / "backups").glob("office*.db"))
    assert len(backups) == 1, backups  # the backup on exit (the settings' default)


def test_the_first_start_and_the_server_still_ask_through_the_connection_dialog(
    office_app, tmp_path: Path, ui: U.UiSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import office_app.app as A
    from office_app.views.dialogs import connection_dialog as C

    asked: list[object] = []
    monkeypatch.setattr(C, "connect_at_start", lambda ui, db_path: asked.append(db_path))
    monkeypatch.delenv("OFFICE_APP_DB", raising=False)
    monkeypatch.setattr("office_app.views.database_choice.default_file", lambda: tmp_path / "x.db")
    assert A.chosen_database(ui, None) is None  # nothing chosen, no file yet: asked
    url = "postgresql://office@db.local:5432/office"
    assert A.chosen_database(ui, url) is None  # the server: reached through the dialog's code
    assert asked == [None, url]
    (tmp_path / "x.db").touch()
    assert A.chosen_database(ui, None) == tmp_path / "x.db"  # the file is there: not asked
    assert A.chosen_database(ui, str(tmp_path / "其他.db")) == tmp_path / "其他.db"
    assert len(asked) == 2


def test_work_after_the_first_paint_waits_for_the_frame_and_runs_once(
    qtbot, office_app, demo_db: Path, ui: U.UiSettings
) -> None:
    window = MainWindow(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(window)
    ran: list[str] = []
    window.after_first_paint(lambda: ran.append("first"))
    window.after_first_paint(lambda: ran.append("second"))
    qtbot.wait(50)
    assert ran == []  # not shown, not painted
    window.show()
    qtbot.waitUntil(lambda: ran == ["first", "second"], timeout=5_000)
    window.repaint()
    qtbot.wait(50)
    window.after_first_paint(lambda: ran.append("late"))  # painted already: at once
    assert ran == ["first", "second", "late"]


def test_work_after_the_first_paint_runs_anyway_when_no_frame_comes(
    qtbot, office_app, demo_db: Path, ui: U.UiSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import office_app.views.main_window as M

    monkeypatch.setattr(M, "AFTER_PAINT_LATEST_MS", 100)
    window = MainWindow(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(window)
    ran: list[int] = []
    window.after_first_paint(lambda: ran.append(1))
    qtbot.waitUntil(lambda: ran == [1], timeout=5_000)  # never shown
    qtbot.wait(150)
    assert ran == [1]


@pytest.mark.sqlite_only("the start-up check is SQLite's quick_check on the file")
def test_the_database_check_starts_after_the_first_frame(
    qtbot, office_app, demo_db: Path, ui: U.UiSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import office_app.app as A
    import office_app.views.startup_check as S

    # Without the moment it waits after the first frame: the first frame alone holds it back.
    monkeypatch.setattr(A, "STARTUP_CHECK_DELAY_MS", 0)
    started: list[bool] = []
    real_start = S.StartupCheck.start

    def start(self: S.StartupCheck) -> None:
        started.append(window._painted)  # whether the first frame was painted by then
        real_start(self)

    monkeypatch.setattr(S.StartupCheck, "start", start)
    window = A.start_main_window(demo_db, SYSTEM, ui)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.check_problems is not None, timeout=10_000)
    assert started == [True]
    assert window.check_problems == []


@pytest.mark.sqlite_only("the start-up check is SQLite's quick_check on the file")
def test_the_database_check_waits_a_moment_after_the_first_frame(
    qtbot, office_app, demo_db: Path, ui: U.UiSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first page opened after the start does not share the processor with the check."""
    import office_app.app as A
    from office_app.views.startup_check import StartupCheck

    monkeypatch.setattr(A, "STARTUP_CHECK_DELAY_MS", 2000)
    window = A.start_main_window(demo_db, SYSTEM, ui)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window._painted, timeout=5000)
    qtbot.wait(300)
    assert window.findChild(StartupCheck) is None and window.check_problems is None
    qtbot.waitUntil(lambda: window.check_problems is not None, timeout=10_000)
    assert window.check_problems == []


def test_the_tests_page_module_is_imported_once_the_window_is_idle(
    qtbot, office_app, demo_db: Path, ui: U.UiSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening the 核酸 page the first time does not pay for importing its module."""
    import office_app.app as A
    from office_app.views.pages import PageSpec

    loaded: list[str] = []
    monkeypatch.setattr(PageSpec, "preload", lambda self: loaded.append(self.name))
    monkeypatch.setattr(A, "PRELOAD_DELAY_MS", 300)
    window = A.start_main_window(demo_db, SYSTEM, ui)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window._painted, timeout=5000)
    assert loaded == []  # not before the first frame, nor right after it
    qtbot.waitUntil(lambda: loaded == ["tests"], timeout=5000)
    # What preload does, in a fresh interpreter (this one has imported every page).
    code = (
        "import sys\n"
        "from office_app.views.pages import page_specs\n"
        "[s.preload() for s in page_specs() if s.name == 'tests']\n"
        "print('office_app.views.pages.tests' in sys.modules)\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "True"


def test_the_main_window_is_imported_while_the_log_in_dialog_waits(
    demo_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "office.db"
    shutil.copy2(demo_template, path)
    # In a fresh interpreter: a user who takes a moment at the log-in, then quits.
    code = (
        "import sys\n"
        "from PySide6.QtCore import QEventLoop, QTimer\n"
        "import office_app.app as A\n"
        "from office_app.views.login_dialog import LoginDialog\n"
        "seen = []\n"
        "names = ('office_app.views.main_window', 'office_app.views.pages.overview')\n"
        "def ask(cls, **kw):\n"
        "    seen.append([n in sys.modules for n in names])\n"
        "    if len(seen) == 1:\n"
        "        loop = QEventLoop()\n"
        "        QTimer.singleShot(A.PRELOAD_BEHIND_LOGIN_MS + 300, loop.quit)\n"
        "        loop.exec()\n"
        "        seen.append([n in sys.modules for n in names])\n"
        "    return None\n"
        "LoginDialog.ask = classmethod(ask)\n"
        f"print(A.run_gui({str(path)!r}), seen)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    env["XDG_DATA_HOME"] = env["XDG_CONFIG_HOME"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr
    # Not yet when the dialog opens; both (the overview is the first page) while it waits.
    assert done.stdout.strip() == "0 [[False, False], [True, True]]"


def test_work_waiting_for_the_first_frame_is_dropped_when_the_window_closes(
    qtbot, office_app, demo_db: Path, ui: U.UiSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import office_app.views.main_window as M

    monkeypatch.setattr(M, "AFTER_PAINT_LATEST_MS", 100)
    window = MainWindow(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(window)
    ran: list[int] = []
    window.after_first_paint(lambda: ran.append(1))
    window.close()
    window.after_first_paint(lambda: ran.append(2))
    qtbot.wait(300)
    assert ran == []


def test_no_daily_backup_starts_once_the_event_loop_has_ended(
    qtbot, office_app, demo_db: Path, ui: U.UiSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import office_app.app as A
    from office_app.views.auto_backup import AutoBackup

    started: list[bool] = []
    monkeypatch.setattr(AutoBackup, "start", lambda self: started.append(True))
    monkeypatch.setattr(AutoBackup, "on_exit", lambda self: None)
    window = MainWindow(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(window)
    backup_on_exit = A.start_auto_backup(window, SYSTEM, demo_db)
    backup_on_exit()  # the loop ended before any frame (a test's exec, say)
    window.show()
    qtbot.waitUntil(lambda: window._painted, timeout=5_000)
    qtbot.wait(50)
    assert started == []
    second = MainWindow(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(second)
    A.start_auto_backup(second, SYSTEM, demo_db)
    second.show()
    qtbot.waitUntil(lambda: started == [True], timeout=5_000)  # the usual start
