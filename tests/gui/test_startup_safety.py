"""Issue 15, point 10, in the GUI: a database that cannot be written is said to be so (never
"已被打开：…计算机 ?（进程 0）"), and log-in on it or on a busy one does not crash."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from office_app.models import AuditEntry, db
from office_app.services.admin import auth
from office_app.views.instance_lock import InstanceLock, LockUnavailable
from office_app.views.login_dialog import LoginDialog

from ..conftest import why_nobody_cannot_run_the_program


def test_a_folder_that_cannot_be_made_is_named(office_app, tmp_path: Path) -> None:
    blocker = tmp_path / "文件"
    blocker.write_text("不是文件夹", encoding="utf-8")
    with pytest.raises(LockUnavailable, match="文件"):
        InstanceLock(blocker / "office.db")


def test_run_gui_names_an_unwritable_folder(
    office_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from office_app import app as A

    shown: list[str] = []
    monkeypatch.setattr(A, "show_error", lambda message, details="": shown.append(message))
    monkeypatch.setattr(A, "setup_logging", lambda *a, **k: None)
    blocker = tmp_path / "只读盘"
    blocker.write_text("x", encoding="utf-8")
    assert A.run_gui(blocker / "office.db") == 2
    assert len(shown) == 1 and "只读盘" in shown[0] and "进程" not in shown[0]


def test_the_program_started_on_an_unwritable_folder_says_so(demo_template: Path) -> None:
    why = why_nobody_cannot_run_the_program()  # root may write any folder
    if why:
        pytest.skip(why)
    place = Path(tempfile.mkdtemp(prefix="office-app-gui-ro-", dir="/tmp"))
    try:
        os.chmod(place, 0o777)
        folder = place / "库"
        folder.mkdir()
        shutil.copy2(demo_template, folder / "office.db")
        os.chmod(folder, 0o555)
        home = place / "home"
        home.mkdir()
        os.chmod(home, 0o777)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home)}
        env["XDG_DATA_HOME"] = env["XDG_CONFIG_HOME"] = env["XDG_RUNTIME_DIR"] = str(home)
        done = subprocess.run(
            [
                *("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"),
                *(sys.executable, "-m", "office_app.cli", "--db", str(folder / "office.db")),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert done.returncode == 2, done.stderr
        assert f"文件夹 {folder} 不可写" in done.stderr
        assert "进程 0" not in done.stderr and "Traceback" not in done.stderr
    finally:
        os.chmod(place / "库", 0o755)
        shutil.rmtree(place, ignore_errors=True)


@pytest.mark.sqlite_only("a SQLite file that cannot be written")
def test_log_in_on_a_database_that_cannot_be_written_says_so(
    qtbot, office_app, fresh_db: Path
) -> None:
    auth.create_operator(None, "admin", "管理员", "admin", "secret1")
    db.execute_sql("PRAGMA query_only = 1")  # SQLite refuses every write, as on a read-only file
    try:
        dialog = LoginDialog(first_run=False, username="admin")
        qtbot.addWidget(dialog)
        dialog.password.setText("secret1")
        dialog.try_accept()
        assert dialog.actor is None and dialog.result() == 0
        assert "只读" in dialog.error.text()
    finally:
        db.execute_sql("PRAGMA query_only = 0")
    assert not AuditEntry.select().where(AuditEntry.action == "login").exists()


def test_a_busy_database_during_work_is_said_to_be_busy(
    office_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that still finds the database busy after the wait ends in 数据库正忙, not in
    程序遇到意外错误 with a traceback."""
    import sqlite3

    from office_app import app as A

    shown: list[str] = []
    monkeypatch.setattr(A, "show_error", lambda message, details="": shown.append(message))
    error = sqlite3.OperationalError("database is locked")
    A.excepthook(type(error), error, None)
    assert len(shown) == 1 and "数据库正忙" in shown[0]


def test_no_page_opens_a_file_dialog_of_its_own() -> None:
    """Every file dialog goes through views/file_dialogs (no content sniffing)."""
    views = Path(__file__).parents[2] / "office_app" / "views"
    offenders = [
        str(path.relative_to(views))
        for path in views.rglob("*.py")
        if path.name != "file_dialogs.py" and "QFileDialog." in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
