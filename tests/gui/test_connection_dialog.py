"""The database chosen in the GUI: the first start, 设置's 更改连接…, the connection test, the
password in the credential store only, and a server that cannot be reached at the start
(views/dialogs/connection_dialog.py, views/database_choice.py)."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from office_app.models import AuditEntry
from office_app.services.admin import connection as C
from office_app.services.admin.actor import SYSTEM
from office_app.views import database_choice as D
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.dialogs import connection_dialog as CD
from office_app.views.pages.settings import SettingsPage
from tests.conftest import SERVER_URL
from tests.memory_keyring import MemoryKeyring, memory_keyring  # noqa: F401

SECRET = "Qx7-geheim-Passwort-42"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fill_server(dialog: CD.ConnectionDialog, address: C.ServerAddress, password: str) -> None:
    dialog.server_choice.setChecked(True)
    dialog.host_edit.setText(address.host)
    dialog.port_spin.setValue(address.port)
    dialog.database_edit.setText(address.database)
    dialog.user_edit.setText(address.user)
    dialog.password_edit.setText(password)


class Chosen:
    """What :func:`connection_dialog.choose` returns when the user saved."""

    def __init__(self, target: str, password: str | None = None) -> None:
        self.target = target
        self.password = password


@pytest.fixture
def default_file(qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # qapp: connecting to a server at the start shows the waiting dialog (正在连接…).
    path = tmp_path / "数据" / "office.db"
    monkeypatch.setattr(D, "default_file", lambda: path)
    monkeypatch.setattr(CD, "default_file", lambda: path)
    monkeypatch.delenv("OFFICE_APP_DB", raising=False)
    return path


def test_the_dialog_tries_the_server_and_keeps_its_password_in_the_store(
    qtbot: Any,
    office_app: Any,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,  # noqa: F811
) -> None:
    dialog = CD.ConnectionDialog("", first_start=True, default_file=tmp_path / "office.db")
    qtbot.addWidget(dialog)
    assert dialog.file_choice.isChecked() and not dialog.server_box.isEnabled()
    assert dialog.file_edit.text() == str(tmp_path / "office.db")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "新建" in dialog.result_label.text())

    port = free_port()
    fill_server(dialog, C.ServerAddress("127.0.0.1", "office", "office", port), SECRET)
    assert dialog.server_box.isEnabled() and not dialog.file_box.isEnabled()
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert not dialog.test_button.isEnabled()  # tried on its own thread: the window answers
    qtbot.waitUntil(dialog.test_button.isEnabled, timeout=10_000)
    said = dialog.result_label.text()
    assert f"127.0.0.1:{port}" in said and "拒绝连接" in said and SECRET not in said
    dialog.host_edit.setText("")
    assert not dialog.test_connection().ok
    assert "服务器的地址" in dialog.result_label.text()
    dialog.host_edit.setText("127.0.0.1")

    dialog.accept()
    assert dialog.result() == CD.QDialog.DialogCode.Accepted
    assert dialog.target == f"postgresql://office@127.0.0.1:{port}/office"
    assert dialog.password == SECRET
    assert memory_keyring.passwords == {
        (C.KEYRING_SERVICE, f"office@127.0.0.1:{port}/office"): SECRET
    }

    # Opened again on that server: the fields are filled, the password is not shown.
    again = CD.ConnectionDialog(dialog.target)
    qtbot.addWidget(again)
    assert again.server_choice.isChecked() and again.host_edit.text() == "127.0.0.1"
    assert again.port_spin.value() == port and again.password_edit.text() == ""
    assert "凭据" in again.password_edit.placeholderText()
    again.accept()  # the password left empty: the stored one holds
    assert again.password == SECRET


@pytest.mark.skipif(not SERVER_URL, reason="needs the test server (OFFICE_TEST_DB)")
def test_the_dialog_reaches_the_test_server(
    qtbot: Any, office_app: Any, server_schema: object
) -> None:
    assert SERVER_URL is not None
    dialog = CD.ConnectionDialog(SERVER_URL)
    qtbot.addWidget(dialog)
    assert dialog.test_connection().ok
    assert "连接成功" in dialog.result_label.text()


def test_the_first_start_asks_once_and_remembers(
    ui: U.UiSettings, default_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []
    mine = tmp_path / "我的 社区.db"

    def choose(current: object, parent: object = None, **kw: Any) -> Chosen:
        asked.append(kw.get("first_start", False))
        return Chosen(str(mine))

    monkeypatch.setattr(CD, "choose", choose)
    assert CD.connect_at_start(ui, None) == mine
    assert asked == [True] and D.stored_target(ui) == str(mine)
    assert CD.connect_at_start(ui, None) == mine and asked == [True]  # not asked again
    # --db and OFFICE_APP_DB override the choice, without asking.
    monkeypatch.setenv("OFFICE_APP_DB", str(tmp_path / "env.db"))
    assert CD.connect_at_start(ui, None) == tmp_path / "env.db"
    assert CD.connect_at_start(ui, str(tmp_path / "cli.db")) == tmp_path / "cli.db"
    assert asked == [True] and D.stored_target(ui) == str(mine)


def test_an_existing_default_file_starts_without_asking(
    ui: U.UiSettings, default_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    default_file.parent.mkdir(parents=True)
    default_file.write_bytes(b"")
    monkeypatch.setattr(CD, "choose", lambda *a, **k: pytest.fail("asked"))
    assert CD.connect_at_start(ui, None) == default_file


def test_quitting_the_first_start_opens_nothing(
    ui: U.UiSettings, default_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CD, "choose", lambda *a, **k: None)
    assert CD.connect_at_start(ui, None) is None
    assert D.stored_target(ui) == "" and not default_file.exists()


def test_a_server_not_reached_at_the_start_is_said_with_retry_change_and_quit(
    ui: U.UiSettings,
    default_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,  # noqa: F811
) -> None:
    address = C.ServerAddress("127.0.0.1", "office", "office", free_port())
    D.remember_target(ui, address.url)
    C.store_password(address, SECRET)
    said: list[str] = []
    answers = iter(["retry", "change"])

    def ask(parent: object, message: str) -> str:
        said.append(message)
        return next(answers)

    monkeypatch.setattr(CD, "ask_unreachable", ask)
    local = tmp_path / "本机.db"
    monkeypatch.setattr(CD, "choose", lambda *a, **k: Chosen(str(local)))
    assert CD.connect_at_start(ui, None) == local  # tried twice, then changed to a file
    assert len(said) == 2 and all("拒绝连接" in m and SECRET not in m for m in said)
    assert D.stored_target(ui) == str(local)

    D.remember_target(ui, address.url)
    monkeypatch.setattr(CD, "ask_unreachable", lambda parent, message: "quit")
    assert CD.connect_at_start(ui, None) is None


def test_a_server_without_a_kept_password_is_tried_and_then_asked_for_one(
    ui: U.UiSettings,
    default_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,  # noqa: F811
) -> None:
    address = C.ServerAddress("127.0.0.1", "office", "office", free_port())
    D.remember_target(ui, address.url)
    said: list[str] = []
    monkeypatch.setattr(CD, "ask_unreachable", lambda p, message: said.append(message) or "change")
    asked: list[object] = []

    def choose(current: object, parent: object = None, **kw: Any) -> None:
        asked.append(current)
        return None  # the user cancels

    monkeypatch.setattr(CD, "choose", choose)
    assert CD.connect_at_start(ui, None) is None
    assert len(said) == 1 and asked == [address.url]


@pytest.mark.skipif(not SERVER_URL, reason="needs the test server (OFFICE_TEST_DB)")
def test_the_test_server_is_opened_at_the_start(
    ui: U.UiSettings,
    default_file: Path,
    server_schema: object,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,  # noqa: F811
) -> None:
    from office_app.services.admin.database import close_database

    assert SERVER_URL is not None
    monkeypatch.setattr(CD, "ask_unreachable", lambda *a: pytest.fail("not reached"))
    location = CD.connect_at_start(ui, SERVER_URL)
    try:
        assert location is not None and not isinstance(location, Path)
        assert str(location) == C.server_location(SERVER_URL, None).without_password()
    finally:
        close_database()


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """Everything the program logs, at every level, into a file of this test."""
    path = tmp_path / "office.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield path
    root.removeHandler(handler)
    root.setLevel(level)
    handler.close()


def test_the_password_is_in_no_log_settings_file_or_audit_entry(
    qtbot: Any,
    office_app: Any,
    fresh_db: object,
    tmp_path: Path,
    default_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    boxes: dict[str, Any],
    log_file: Path,
    memory_keyring: MemoryKeyring,  # noqa: F811
) -> None:
    ini = tmp_path / "settings" / "ui.ini"
    from PySide6.QtCore import QSettings

    ui = U.UiSettings(QSettings(str(ini), QSettings.Format.IniFormat))
    page = SettingsPage(AppContext(actor=SYSTEM, db_path=fresh_db, ui=ui))  # type: ignore[arg-type]
    qtbot.addWidget(page)
    port = free_port()
    address = C.ServerAddress("127.0.0.1", "office", "office", port)

    def choose(current: object, parent: object = None, **kw: Any) -> CD.ConnectionDialog:
        dialog = CD.ConnectionDialog(str(current), page, default_file=default_file)
        qtbot.addWidget(dialog)
        fill_server(dialog, address, SECRET)
        dialog.test_connection()
        dialog.accept()
        return dialog

    monkeypatch.setattr(CD, "choose", choose)
    assert page.database_box.change()
    assert address.display in page.database_box.label.text()
    assert boxes["inform"] and address.display in boxes["inform"][0][0][2]
    # The next start: the server is not there; the user gives up.
    monkeypatch.setattr(CD, "ask_unreachable", lambda parent, message: "quit")
    assert CD.connect_at_start(ui, None) is None
    assert C.check_connection(address.url, SECRET + "x").ok is False
    ui.qsettings.sync()

    assert memory_keyring.passwords[(C.KEYRING_SERVICE, address.display)] == SECRET
    assert D.stored_target(ui) == address.url
    assert ini.is_file() and address.url in ini.read_text(encoding="utf-8")
    assert log_file.is_file() and log_file.stat().st_size > 0
    for path in (ini, log_file):
        assert SECRET not in path.read_text(encoding="utf-8"), path
    entries = list(AuditEntry.select())
    assert any(e.action == "settings.database" and address.display in e.summary for e in entries)
    for entry in entries:
        assert SECRET not in f"{entry.summary} {entry.before} {entry.after}"
    if isinstance(fresh_db, Path):  # the database file's own bytes (WAL included)
        for each in (fresh_db, fresh_db.with_name(fresh_db.name + "-wal")):
            if each.exists():
                assert SECRET.encode() not in each.read_bytes()


def test_the_command_line_starts_on_the_choice_too(
    tmp_path: Path,
    demo_template: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    memory_keyring: MemoryKeyring,  # noqa: F811
) -> None:
    import argparse
    import shutil

    from office_app import cli

    monkeypatch.delenv("OFFICE_APP_DB", raising=False)
    ui = U.UiSettings()  # the user's own settings, which the command line reads
    chosen = tmp_path / "选定的.db"
    shutil.copy2(demo_template, chosen)
    D.remember_target(ui, chosen)
    try:
        assert cli.main(["check"]) == 0
        assert str(chosen) in capsys.readouterr().out
        monkeypatch.setenv("OFFICE_APP_DB", str(tmp_path / "env.db"))
        assert cli.main(["check"]) == 2  # the environment wins: that file does not exist
        assert "env.db" in capsys.readouterr().err
        # A server's URL carries the password of the credential store to the driver only.
        address = C.ServerAddress("127.0.0.1", "office", "office", free_port())
        C.store_password(address, SECRET)
        url = cli._db_path(argparse.Namespace(db=address.url))
        assert SECRET in url.secret and SECRET not in str(url)  # type: ignore[union-attr]
        assert cli.main(["--db", address.url, "check"]) in (2, 4)
        assert SECRET not in capsys.readouterr().err
    finally:
        ui.qsettings.remove(D.TARGET.key)
        ui.qsettings.sync()


@pytest.mark.parametrize(
    ("button", "answer"),
    [("重试(&R)", "retry"), ("更改连接(&C)…", "change"), ("退出(&Q)", "quit")],
)
def test_the_unreachable_box_answers_with_the_button_pressed(
    qtbot: Any, office_app: Any, button: str, answer: str
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    seen: list[str] = []

    def press() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        seen.extend(b.text() for b in box.buttons())
        next(b for b in box.buttons() if b.text() == button).click()

    QTimer.singleShot(0, press)
    assert CD.ask_unreachable(None, "服务器 office-pc:5432 拒绝连接") == answer
    assert seen[0] == "服务器 office-pc:5432 拒绝连接"
    assert {"重试(&R)", "更改连接(&C)…", "退出(&Q)"} <= set(seen[1:])


def test_a_duty_operator_sees_the_database_but_does_not_change_it(
    qtbot: Any, office_app: Any, fresh_db: object, ui: U.UiSettings
) -> None:
    from office_app.services.admin.actor import Actor

    duty = Actor("duty1", "值班员", "duty")
    page = SettingsPage(AppContext(actor=duty, db_path=fresh_db, ui=ui))  # type: ignore[arg-type]
    qtbot.addWidget(page)
    assert not page.database_box.change_button.isEnabled()
    assert "当前" in page.database_box.label.text() or "Now" in page.database_box.label.text()


@pytest.mark.skipif(not SERVER_URL, reason="needs the test server (OFFICE_TEST_DB)")
def test_the_gui_runs_on_the_server_without_a_lock_file(
    qtbot: Any,
    office_app: Any,
    server_schema: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,  # noqa: F811
) -> None:
    from PySide6.QtWidgets import QApplication

    import office_app.app as A
    from office_app.services.admin import backup as B
    from office_app.services.admin.database import close_database
    from office_app.views.login_dialog import LoginDialog
    from office_app.views.main_window import MainWindow

    assert SERVER_URL is not None
    server_schema.empty()
    windows: list[MainWindow] = []
    real_start = A.start_main_window

    def start(*args: Any, **kwargs: Any) -> MainWindow:
        window = real_start(*args, **kwargs)
        windows.append(window)
        return window

    monkeypatch.setattr(A, "start_main_window", start)
    monkeypatch.setattr(A, "setup_logging", lambda *_a, **_k: None)
    monkeypatch.setattr(LoginDialog, "ask", classmethod(lambda cls, **kw: SYSTEM))
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    monkeypatch.setattr(B, "backup_folder", lambda *a, **k: tmp_path / "备份")
    try:
        assert A.run_gui(SERVER_URL) == 0
        (window,) = windows
        qtbot.addWidget(window)
        assert "postgresql://" in str(window.context.db_path)
        # The backup on exit went through the copy machinery into a file that checks out.
        (made,) = (tmp_path / "备份").iterdir()
        assert B.validate_backup(made).ok
    finally:
        close_database()
        server_schema.empty()


def test_what_was_typed_is_not_thrown_away_without_asking(
    qtbot: Any, office_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from office_app.views.dialogs import messages

    answers: list[bool] = []
    monkeypatch.setattr(messages, "confirm_discard", lambda parent: answers.pop(0))
    dialog = CD.ConnectionDialog("", default_file=tmp_path / "office.db")
    qtbot.addWidget(dialog)
    dialog.reject()  # nothing typed: closes without asking
    assert dialog.result() == CD.QDialog.DialogCode.Rejected and answers == []
    dialog = CD.ConnectionDialog("", default_file=tmp_path / "office.db")
    qtbot.addWidget(dialog)
    dialog.show()
    fill_server(dialog, C.ServerAddress("office-pc", "office", "office"), SECRET)
    answers.append(False)  # 继续编辑
    dialog.reject()
    assert dialog.isVisible() and dialog.password_edit.text() == SECRET
    answers.append(True)  # 放弃
    dialog.reject()
    assert not dialog.isVisible()
