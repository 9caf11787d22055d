"""views/threads.to_gui: a worker thread's answers reach the GUI thread, and are dropped,
never crashed on, when the receiving window is deleted before or while the thread emits."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QApplication, QDialog

from office_app.views.dialogs import connection_dialog as CD
from office_app.views.threads import to_gui


class Receiver(QDialog):
    def __init__(self) -> None:
        super().__init__()
        self.got: list[tuple[int, str]] = []

    def answer(self, value: int) -> None:
        self.got.append((value, threading.current_thread().name))


def test_the_answer_comes_on_the_gui_thread(qtbot) -> None:
    receiver = Receiver()
    qtbot.addWidget(receiver)
    call = to_gui(receiver.answer)
    worker = threading.Thread(target=call, args=(7,), name="worker")
    worker.start()
    worker.join(5)
    assert receiver.got == []  # queued: nothing runs on the worker thread
    qtbot.waitUntil(lambda: receiver.got == [(7, threading.main_thread().name)])


def test_a_receiver_deleted_while_the_thread_emits_is_not_called(qtbot, monkeypatch) -> None:
    """The thread keeps emitting while the GUI thread deletes the receiver: no exception in
    the thread, no call after the deletion, no crash."""
    raised: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: raised.append(args.exc_value))
    receiver = Receiver()
    call = to_gui(receiver.answer)
    emitting = threading.Event()
    stop = threading.Event()

    def work() -> None:
        n = 0
        while not stop.is_set():
            call(n)
            n += 1
            if n == 100:
                emitting.set()

    worker = threading.Thread(target=work, name="worker", daemon=True)
    worker.start()
    assert emitting.wait(5)
    QApplication.processEvents()
    got = receiver.got  # kept: the list outlives the dialog
    assert got
    shiboken6.delete(receiver)  # deleted while the thread is emitting
    count = len(got)
    for _ in range(20):
        QApplication.processEvents()
    stop.set()
    worker.join(5)
    QApplication.processEvents()
    assert not worker.is_alive()
    assert len(got) == count
    assert raised == []


def test_a_connection_test_ending_after_its_dialog_was_deleted_raises_nothing(
    qtbot, office_app, monkeypatch, tmp_path
) -> None:
    raised: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: raised.append(args.exc_value))
    release, started = threading.Event(), threading.Event()
    threads: list[threading.Thread] = []

    def slow_check(target, password=None):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        started.set()
        assert release.wait(10)
        return CD.ConnectionCheck(True, "可以连接")

    monkeypatch.setattr(CD, "check_connection", slow_check)
    dialog = CD.ConnectionDialog(str(tmp_path / "office.db"))
    dialog.start_test()
    assert started.wait(5)
    shiboken6.delete(dialog)  # closed and gone while the test runs
    release.set()
    threads[0].join(5)
    for _ in range(5):
        QApplication.processEvents()
    assert not threads[0].is_alive()
    assert raised == []
