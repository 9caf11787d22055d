from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from office_app import __version__
from office_app.services.admin.actor import SYSTEM, Actor
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.list_page import ListPage
from office_app.views.main_window import MainWindow
from office_app.views.pages import PAGE_NAMES
from office_app.views.pages.overview import OverviewPage


@pytest.fixture
def window(qtbot, office_app, demo_db: Path, ui: U.UiSettings) -> MainWindow:
    win = MainWindow(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    return win


def test_opens_on_the_overview_with_chinese_navigation(window: MainWindow) -> None:
    assert isinstance(window.current_page(), OverviewPage)
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert labels == [
        "总览",
        "楼栋",
        "居民",
        "志愿者",
        "排班",
        "出入",
        "物资",
        "核酸",
        "报表",
        "设置",
        "审计",
    ]
    assert window.windowTitle() == "社区防控办公室"


def test_top_bar_and_status_bar(window: MainWindow, demo_db: Path) -> None:
    assert "科城路社区" in window.community_label.text()
    assert "二郎街道" in window.community_label.text()
    assert window.shift_label.text().startswith("当前班次：")
    assert str(demo_db) in window.db_label.text()
    assert "本机命令行" in window.operator_label.text()


def test_overview_tiles_show_the_demo_state(window: MainWindow) -> None:
    page = window.current_page()
    assert isinstance(page, OverviewPage)
    assert page.tiles["high"].value_label.text() == "1"
    assert int(page.tiles["isolated"].value_label.text().replace(",", "")) > 0
    assert page.risk_list.model.rowCount() >= 2  # the high and the medium building


def test_every_page_opens_by_shortcut_or_navigation(qtbot, window: MainWindow) -> None:
    for number, name in enumerate(PAGE_NAMES[:9], start=1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.current_page() is window.pages[name], name
    for name in PAGE_NAMES[9:]:
        window.nav.setCurrentRow(PAGE_NAMES.index(name))
        assert window.current_page() is window.pages[name]


def test_list_pages_show_rows_and_count(window: MainWindow) -> None:
    for name in (
        "buildings",
        "residents",
        "gate",
        "tests",
        "audit",
    ):  # supplies, volunteers: tabs, roster: a week grid; tested in their own test files
        page = window.show_page(name)
        if name == "tests":  # the 核酸 page has tabs; the first is the records list
            page = page.records
        assert isinstance(page, ListPage)
        assert page.model.rowCount() > 0, name
        assert page.count_label.text() == f"共 {page.model.rowCount():,} 条"


def test_filter_box_filters_after_typing(qtbot, window: MainWindow) -> None:
    page = window.show_page("residents")
    assert isinstance(page, ListPage)
    total = page.model.rowCount()
    name = page.model.index(0, 0).data()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filter_edit.hasFocus()
    page.filter_edit.setText(name)  # what typing does; keyClicks cannot type Chinese
    qtbot.waitUntil(lambda: page.model.rowCount() < total, timeout=3000)
    assert page.model.filter_text == name
    assert all(name in page.model.index(r, 0).data() for r in range(page.model.rowCount()))
    assert page.count_label.text() == f"共 {page.model.rowCount():,} 条"


def test_choice_filter_restricts_the_tests_page(window: MainWindow) -> None:
    tests_page = window.show_page("tests")
    tests_page.all_days.setChecked(True)  # every day's records, not only the sampling day's
    page = tests_page.records  # the 核酸 page's records tab
    assert isinstance(page, ListPage)
    total = page.model.rowCount()
    combo = page.choice_filters[0].combo
    assert combo is not None and combo.count() > 1
    combo.setCurrentIndex(1)
    assert 0 < page.model.rowCount() < total
    assert page.model.filters == {"building": combo.currentData()}


def test_enter_opens_the_record_with_masked_data(qtbot, window: MainWindow, monkeypatch) -> None:
    page = window.show_page("residents")
    assert isinstance(page, ListPage)
    opened: list[int] = []
    monkeypatch.setattr(page, "open_row", opened.append)
    page.table.activated_row.disconnect()
    page.table.activated_row.connect(page.open_row)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(3, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == [3]


def test_record_dialog_shows_masked_values(qtbot, window: MainWindow) -> None:
    from office_app.views.list_page import RecordDialog

    page = window.show_page("residents")
    assert isinstance(page, ListPage)
    dialog = RecordDialog(page.model, 0, window)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    raw_doc = page.model.index(0, 4).data(Qt.ItemDataRole.UserRole)
    assert raw_doc not in texts
    assert page.model.index(0, 4).data() in texts


def test_theme_switch_and_geometry_are_remembered(
    qtbot, office_app, demo_db: Path, ui: U.UiSettings
) -> None:
    win = MainWindow(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(win)
    win.resize(1100, 700)
    win.show()
    win.set_theme("dark")
    assert QApplication.instance().property("office_theme") == "dark"
    assert ui.get(U.THEME) == "dark" and win.dark_action.isChecked()
    win.show_page("gate")
    win.close()
    again = MainWindow(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(again)
    # The offscreen screen is 800 px wide, so Qt fits the width to it; the height survives.
    assert again.size().height() == 700
    assert again.current_page() is again.pages["gate"]
    again.set_theme("light")


def test_column_widths_are_remembered(qtbot, window: MainWindow, ui: U.UiSettings) -> None:
    page = window.show_page("buildings")
    assert isinstance(page, ListPage)
    page.table.horizontalHeader().resizeSection(0, 233)
    assert ui.column_widths("buildings")[0] == 233
    again = ListPage(window.context, page.listing)
    qtbot.addWidget(again)
    assert again.table.horizontalHeader().sectionSize(0) == 233


def test_changing_pages_writes_no_settings_until_the_window_closes(
    qtbot, window: MainWindow, ui: U.UiSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write makes QSettings write its file in the page change's own event-loop turn
    (12-24 ms on a busy disk): the page shown is saved when the window closes, and a list's
    stretched last column, which follows the window's width, is not saved at all (pages that
    arrange their columns themselves, 居民 and 楼栋, still save what they set)."""
    written: list[str] = []
    real_set, real_widths = U.UiSettings.set, U.UiSettings.set_column_widths

    def record(self: U.UiSettings, option: U.Option, value: object) -> None:
        written.append(option.key)
        real_set(self, option, value)

    def record_widths(self: U.UiSettings, listing: str, widths: list[int]) -> None:
        written.append(f"widths/{listing}")
        real_widths(self, listing, widths)

    monkeypatch.setattr(U.UiSettings, "set", record)
    monkeypatch.setattr(U.UiSettings, "set_column_widths", record_widths)
    window.show_page("tests")
    qtbot.wait(20)  # laid out and painted: the records list's last column stretched
    window.resize(window.width() - 60, window.height())
    qtbot.wait(20)
    assert written == []
    window.close()
    assert U.LAST_PAGE.key in written and ui.get(U.LAST_PAGE) == "tests"


def test_about_names_the_version(window: MainWindow) -> None:
    text = window.about_text()
    assert __version__ in text and "社区防控办公室" in text


def test_readonly_operator_is_named(qtbot, office_app, demo_db: Path, ui: U.UiSettings) -> None:
    win = MainWindow(
        AppContext(actor=Actor("viewer", "查看员", "readonly", None), db_path=demo_db, ui=ui)
    )
    qtbot.addWidget(win)
    assert win.operator_label.text() == "操作员：查看员（只读）"


@pytest.mark.sqlite_only("the start-up check is SQLite's quick_check on the file")
def test_start_runs_the_database_check_behind_the_window(
    qtbot, office_app, demo_db: Path, ui: U.UiSettings
) -> None:
    from office_app.app import start_main_window

    win = start_main_window(str(demo_db), SYSTEM, ui)  # a str path, as the command line gives
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.check_problems is not None, timeout=10_000)
    assert win.check_problems == []
    assert win.statusBar().currentMessage() == "数据库检查通过"


@pytest.mark.sqlite_only("a damaged SQLite file and the backups beside it")
def test_a_damaged_database_is_reported_loudly(window: MainWindow, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text: shown.append(title + text))
    window.startup_check_done(["*** in database main ***\nPage 7: btreeInitPage() returns error"])
    assert shown and "数据库已损坏" in shown[0] and "btreeInitPage" in shown[0]
    assert "恢复最近一份完好的备份" in shown[0]


def test_risk_cells_are_painted_in_the_risk_colour(qtbot, window: MainWindow) -> None:
    from office_app.services import listings as L

    page = window.show_page("buildings")
    assert isinstance(page, ListPage)
    page.model.set_filter(risk="高")
    column = L.BUILDINGS.columns.index(L.BUILDINGS.column("risk"))
    page.table.scrollTo(page.model.index(0, column))
    rect = page.table.visualRect(page.model.index(0, column))
    image = page.table.viewport().grab().toImage()
    colour = image.pixelColor(rect.left() + 4, rect.center().y())
    assert colour.name().upper() == "#D32F2F"
