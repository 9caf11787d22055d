"""The start-up connection to the office server runs on a thread (issue 19): a small modal
正在连接办公室服务器 host:port… with 取消 while it waits, the window's event loop running all
the while; then the same 重试 / 更改连接… / 退出 as before when the server was not reached,
and 取消 ends the start cleanly (views/dialogs/connection_dialog.connect_at_start)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from office_app.services.admin import connection as C
from office_app.views import database_choice as D
from office_app.views import ui_settings as U
from office_app.views.dialogs import connection_dialog as CD
from tests.memory_keyring import MemoryKeyring, memory_keyring  # noqa: F401


@pytest.fixture
def default_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "数据" / "office.db"
    monkeypatch.setattr(D, "default_file", lambda: path)
    monkeypatch.delenv("OFFICE_APP_DB", raising=False)
    return path


@pytest.fixture
def closed_port() -> int:
    """A local port nobody listens on: the connection is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A local port that takes the connection and never answers: the driver waits for its
    time-out (the frozen start this is about)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield int(server.getsockname()[1])


@pytest.fixture
def short_timeout(monkeypatch: pytest.MonkeyPatch) -> int:
    """The connection check with libpq's shortest time-out (2 s) instead of the program's."""
    real = CD.check_connection
    monkeypatch.setattr(CD, "check_connection", lambda t, p=None: real(t, p, timeout=2))
    return 2


class Ticks:
    """A timer ticking every 20 ms while the start connects: it fires only if the event loop
    runs (a synchronous connection attempt would hold it until the answer); it also notes
    the modal window shown at each tick."""

    def __init__(self) -> None:
        self.count = 0
        self.seen: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.count += 1
        modal = QApplication.activeModalWidget()
        if isinstance(modal, CD.ConnectingDialog):
            self.seen.append(modal.label.text())

    def stop(self) -> None:
        self.timer.stop()


def server_target(ui: U.UiSettings, port: int) -> C.ServerAddress:
    address = C.ServerAddress("127.0.0.1", "office", "office", port)
    D.remember_target(ui, address.url)
    C.store_password(address, "geheim")
    return address


def test_a_server_that_does_not_answer_keeps_the_event_loop_running(
    office_app,
    ui: U.UiSettings,
    default_file: Path,
    silent_server: int,
    short_timeout: int,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,  # noqa: F811
) -> None:
    server_target(ui, silent_server)
    choices: list[tuple[int, str]] = []
    ticks = Ticks()

    def ask(parent: object, message: str) -> str:
        choices.append((ticks.count, message))
        return "quit"

    monkeypatch.setattr(CD, "ask_unreachable", ask)
    started = time.monotonic()
    try:
        assert CD.connect_at_start(ui, None) is None
    finally:
        ticks.stop()
    waited = time.monotonic() - started
    assert waited >= short_timeout - 0.5  # it did wait for the server ...
    # ... and the timer fired all along: at least every quarter second of the wait.
    ((at_choice, message),) = choices
    assert at_choice >= 4 * (short_timeout - 0.5)
    assert ticks.seen and ticks.seen[0] == f"正在连接办公室服务器 127.0.0.1:{silent_server}…"
    assert "127.0.0.1" in message  # then the same failure choices as before


def test_a_closed_port_shows_the_waiting_dialog_then_the_failure_choices(
    office_app,
    ui: U.UiSettings,
    default_file: Path,
    closed_port: int,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,  # noqa: F811
) -> None:
    server_target(ui, closed_port)
    shown: list[str] = []
    real_run = CD.ConnectingDialog.run

    def run(dialog: CD.ConnectingDialog) -> C.ConnectionCheck | None:
        QTimer.singleShot(0, lambda: shown.append(dialog.label.text() * dialog.isVisible()))
        return real_run(dialog)

    monkeypatch.setattr(CD.ConnectingDialog, "run", run)
    answers = iter(["retry", "quit"])
    said: list[str] = []
    monkeypatch.setattr(CD, "ask_unreachable", lambda p, m: said.append(m) or next(answers))
    assert CD.connect_at_start(ui, None) is None
    # Tried twice (重试), each time behind the waiting dialog, each refusal said.
    assert shown == [f"正在连接办公室服务器 127.0.0.1:{closed_port}…"] * 2
    assert len(said) == 2 and all("拒绝连接" in m for m in said)
    assert not isinstance(QApplication.activeModalWidget(), CD.ConnectingDialog)


def test_cancel_ends_the_start_at_once(
    office_app,
    ui: U.UiSettings,
    default_file: Path,
    silent_server: int,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,  # noqa: F811
) -> None:
    """取消 while the server keeps silent: no failure box, nothing opened, and long before
    the connection's own time-out."""
    server_target(ui, silent_server)
    monkeypatch.setattr(CD, "ask_unreachable", lambda *a: pytest.fail("asked after 取消"))
    monkeypatch.setattr(CD, "choose", lambda *a, **k: pytest.fail("asked after 取消"))
    pressed: list[str] = []

    def press_cancel() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, CD.ConnectingDialog) and not pressed:
            pressed.append(modal.cancel_button.text())
            modal.cancel_button.click()

    timer = QTimer()
    timer.setInterval(100)
    timer.timeout.connect(press_cancel)
    timer.start()
    started = time.monotonic()
    try:
        assert CD.connect_at_start(ui, None) is None
    finally:
        timer.stop()
    assert pressed == ["取消"]
    assert time.monotonic() - started < 2  # the program's time-out is 10 s
    assert D.stored_target(ui)  # the choice stays for the next start


@pytest.mark.parametrize("failing", ["server_location", "close_thread_connection"])
def test_a_fault_while_opening_the_server_ends_the_waiting_dialog_and_is_raised(
    office_app,
    ui: U.UiSettings,
    default_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,  # noqa: F811
    failing: str,
) -> None:
    """Once the thread started opening the server 取消 is refused: whatever it raises then
    (the server's location, closing its connection) still ends the waiting dialog, and the
    start raises it on the GUI thread (shown and logged) instead of hanging."""
    from office_app.models.migrations import SCHEMA_VERSION

    found = C.ConnectionCheck(True, "可以连接", schema_version=SCHEMA_VERSION)
    monkeypatch.setattr(CD, "check_connection", lambda t, p=None: found)
    monkeypatch.setattr(CD, "open_database", lambda location: None)

    def fault(*_a: object) -> None:
        raise RuntimeError(f"{failing} 出错")

    monkeypatch.setattr(CD, failing, fault)
    monkeypatch.setattr(CD, "ask_unreachable", lambda *a: pytest.fail(f"asked: {a}"))
    hung: list[str] = []

    def give_up() -> None:  # without the fix the dialog never ends: end the test instead
        modal = QApplication.activeModalWidget()
        if isinstance(modal, CD.ConnectingDialog):
            hung.append(modal.label.text())
            modal.done(0)

    QTimer.singleShot(5000, give_up)
    with pytest.raises(RuntimeError, match=f"{failing} 出错"):
        CD.connect_at_start(ui, "postgresql://office@127.0.0.1:5/office")
    assert hung == []
