"""Keys in the real window: the key the README names does what it says (issue 17, points 1–2)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from office_app.services.admin.actor import SYSTEM
from office_app.services.gate import exits as gate
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.main_window import MainWindow
from office_app.views.pages import gate as gate_page

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def window(qtbot, office_app, demo_db: Path, ui: U.UiSettings, monkeypatch) -> MainWindow:
    monkeypatch.setattr(gate_page, "now", lambda: dt.datetime(2022, 11, 22, 9, 30))
    win = MainWindow(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    with qtbot.waitActive(win):
        win.show()
    return win


def test_ctrl_f_on_the_gate_goes_to_the_resident_search(qtbot, window: MainWindow, recwarn) -> None:
    page = window.show_page("gate")
    for start in (page.table, page.filter_edit, window.nav):
        start.setFocus()
        with qtbot.assertNotEmitted(page.filter_edit.textChanged):
            qtbot.keyClick(start, Qt.Key.Key_F, CTRL)
        assert QApplication.focusWidget() is page.search, start.objectName()
    assert "Ctrl+F" not in page.filter_edit.placeholderText()


def test_ctrl_f_is_not_ambiguous_on_any_list_page(qtbot, window: MainWindow) -> None:
    for name in ("residents", "buildings", "audit", "volunteers", "supplies", "tests"):
        page = window.show_page(name)
        target = next(t for t in page.findChildren(QTableView) if t.isVisible())
        target.setFocus()
        qtbot.keyClick(target, Qt.Key.Key_F, CTRL)
        focused = QApplication.focusWidget()
        assert focused is not None and focused.objectName() == "filterEdit", name


def _type_room(qtbot, page, text: str) -> list[gate.ResidentHit]:
    page.search.setFocus()
    qtbot.keyClicks(page.search, text)
    return gate.find_residents(text)


def test_enter_takes_the_first_hit_and_down_moves_to_the_second(qtbot, window: MainWindow) -> None:
    page = window.show_page("gate")
    qtbot.keyClick(page.table, Qt.Key.Key_F, CTRL)
    expected = _type_room(qtbot, page, "3-501")  # the README's example
    assert len(expected) >= 2
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # at once: no waiting for the list
    assert page.resident is not None and page.resident.id == expected[0].id

    page.new_request()
    _type_room(qtbot, page, "3-501")
    qtbot.keyClick(page.search, Qt.Key.Key_Down)  # at once, before the list was filled
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.resident is not None and page.resident.id == expected[1].id


def test_alt_v_on_the_reports_page_previews(qtbot, window: MainWindow) -> None:
    page = window.show_page("reports")
    assert "Alt+V" in page.preview_button.text()
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_V, ALT)
    assert window.menuBar().activeAction() is None, "Alt+V opened a menu"
    assert page.pages, "Alt+V did not preview"
    assert page.preview_label.pixmap() is not None and not page.preview_label.pixmap().isNull()
