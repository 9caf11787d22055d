"""Another program changes the data: the window's page shows it within seconds, keeping the
user's place (two programs on one SQLite file: PRAGMA data_version; on the test server:
LISTEN/NOTIFY); on the server the top bar names the other seats."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from office_app.models import Volunteer
from office_app.models.engine import ServerUrl
from office_app.services.admin import seats
from office_app.services.admin.actor import SYSTEM, Actor
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]

# A second program on the same file: the command line's process, adding a volunteer.
ADD_VOLUNTEER = """
import sys
from office_app.models.database import close_database, open_database
from office_app.services.admin.actor import SYSTEM
from office_app.services.volunteers import register as V
open_database(sys.argv[1], create=False)
V.save_volunteer(SYSTEM, V.VolunteerData(sys.argv[2]))
close_database()
"""


def other_program_adds(where: Path | ServerUrl, name: str) -> None:
    """Another program (its own process and connection) adds a volunteer to the same file
    or the same server database."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    target = where.secret if isinstance(where, ServerUrl) else str(where)
    subprocess.run(
        [sys.executable, "-c", ADD_VOLUNTEER, target, name], check=True, env=env, timeout=60
    )


@pytest.fixture
def window(qtbot, office_app, boxes, demo_db: Path, ui: U.UiSettings) -> MainWindow:
    win = MainWindow(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    return win


def names(panel) -> list[str]:  # type: ignore[no-untyped-def]
    model = panel.model
    return [str(model.index(row, 0).data()) for row in range(model.rowCount())]


def test_the_page_shows_another_programs_new_record_keeping_the_users_place(
    qtbot, window: MainWindow, demo_db: Path
) -> None:
    page = window.show_page("volunteers")
    panel = page.list_panel
    count = panel.model.rowCount()
    assert count > 20
    panel.table.selectRow(12)
    chosen = panel.current_volunteer_id()
    scroll = panel.table.verticalScrollBar()
    scroll.setValue(max(scroll.maximum() // 2, 1))
    place = scroll.value()
    reloads = window.live.reloads
    other_program_adds(demo_db, "欧阳喆")
    qtbot.waitUntil(lambda: panel.model.rowCount() == count + 1, timeout=5000)
    assert "欧阳喆" in names(panel)
    assert window.live.reloads == reloads + 1
    assert panel.current_volunteer_id() == chosen
    assert scroll.value() == place


def test_a_hidden_page_is_reloaded_when_shown_and_nothing_reloads_under_a_dialog(
    qtbot, window: MainWindow, demo_db: Path
) -> None:
    volunteers = window.show_page("volunteers")
    count = volunteers.list_panel.model.rowCount()
    window.show_page("buildings")
    other_program_adds(demo_db, "欧阳喆")
    qtbot.waitUntil(lambda: "volunteers" in window.live.stale, timeout=5000)
    assert volunteers.list_panel.model.rowCount() == count  # hidden: not yet
    window.show_page("volunteers")
    assert volunteers.list_panel.model.rowCount() == count + 1

    # A dialog open over the window: the reload waits until it closes.
    dialog = QDialog(window)
    seen: list[bool] = []

    def while_open() -> None:
        other_program_adds(demo_db, "司马懿")
        qtbot.waitUntil(lambda: window.live.pending, timeout=5000)
        seen.append(volunteers.list_panel.model.rowCount() == count + 1)
        dialog.accept()

    QTimer.singleShot(0, while_open)
    dialog.exec()
    assert seen == [True]
    qtbot.waitUntil(lambda: volunteers.list_panel.model.rowCount() == count + 2, timeout=5000)


def test_no_reload_without_another_programs_change(qtbot, window: MainWindow) -> None:
    page = window.show_page("volunteers")
    reloads = window.live.reloads
    Volunteer.create(name="本机新增")  # this program's own write: its page refreshes itself
    qtbot.wait(2 * window.live.timer.interval())
    assert window.live.reloads == reloads
    assert page.isVisible()


def test_the_top_bar_names_the_other_seats_on_the_server(
    qtbot, office_app, boxes, demo_db: Path, ui: U.UiSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(seats, "tracks_seats", lambda: True)  # as on the server
    gate = seats.join(Actor("wangwu", "王五", "duty", None), host="卡点笔记本")
    win = MainWindow(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(win)
    win.show()
    assert win.presence.seat_id is not None
    assert "王五@卡点笔记本" in win.seats_label.text() and win.seats_label.isVisible()
    seats.leave(gate)
    win.presence.beat()
    assert "王五" not in win.seats_label.text()
    win.close()
    assert seats.connected() == []  # this seat left with its window


def test_no_seat_and_no_seats_label_on_a_file(window: MainWindow) -> None:
    if seats.tracks_seats():
        pytest.skip("on the server every window keeps a seat")
    assert window.presence.seat_id is None and not window.seats_label.isVisible()
    assert seats.connected() == []
