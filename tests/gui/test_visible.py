"""What can be seen (issue 17, points 4–6): essential columns at 1280×800, roster cells with
three names, a distribution round's building list with a box on every row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QTableView, QWidget

from office_app.services.admin.actor import SYSTEM
from office_app.services.supplies import stock as S
from office_app.views.context import AppContext
from office_app.views.dialogs.supply_dialogs import PlanRoundDialog
from office_app.views.main_window import MainWindow

from .recording import record_message_boxes

DEMO_DAY = dt.date(2022, 11, 22)


def _differs(image: QImage, x0: int, y0: int, size: int, background: QColor) -> int:
    count = 0
    for x in range(x0, x0 + size):
        for y in range(y0, y0 + size):
            colour = image.pixelColor(x, y)
            if abs(colour.lightness() - background.lightness()) > 40:
                count += 1
    return count


def test_every_building_of_a_round_shows_a_box_and_a_click_on_its_name_toggles_it(
    qtbot, office_app, demo_db: Path, monkeypatch
) -> None:
    # Closing the changed dialog at the end asks first: answer "discard" instead of a box.
    record_message_boxes(monkeypatch, confirm_discard=True)
    dialog = PlanRoundDialog(DEMO_DAY, S.building_choices(), S.products(DEMO_DAY))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    buildings = dialog.buildings
    item = buildings.item(1)
    assert item.checkState() == Qt.CheckState.Unchecked

    # An unchecked row draws its box: the left square of the row is not all background.
    rect = buildings.visualItemRect(item)
    image = buildings.viewport().grab().toImage()
    background = image.pixelColor(rect.right() - 4, rect.center().y())
    assert _differs(image, rect.left(), rect.top(), rect.height(), background) > 10

    # A click on the name toggles the row, a second click toggles it back.
    name = QPoint(rect.left() + rect.width() // 2, rect.center().y())
    qtbot.mouseClick(buildings.viewport(), Qt.MouseButton.LeftButton, pos=name)
    assert item.checkState() == Qt.CheckState.Checked
    assert item.data(Qt.ItemDataRole.UserRole) in dialog.chosen()
    qtbot.mouseClick(buildings.viewport(), Qt.MouseButton.LeftButton, pos=name)
    assert item.checkState() == Qt.CheckState.Unchecked

    # A click on the box itself toggles once, not twice.
    box = QPoint(rect.left() + rect.height() // 2, rect.center().y())
    qtbot.mouseClick(buildings.viewport(), Qt.MouseButton.LeftButton, pos=box)
    assert item.checkState() == Qt.CheckState.Checked


def test_a_roster_cell_with_three_names_shows_all_three(
    qtbot, office_app, demo_db: Path, ui, monkeypatch
) -> None:
    from office_app.services.admin.actor import SYSTEM
    from office_app.views.context import AppContext
    from office_app.views.pages import roster as roster_page
    from office_app.views.table_models.roster_week_table_model import CELL_ROLE

    monkeypatch.setattr(roster_page, "today", lambda: DEMO_DAY)
    page = roster_page.RosterPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    page.resize(1130, 740)
    page.show()
    qtbot.waitExposed(page)
    table, model = page.table, page.model
    delegate = table.itemDelegate()
    font = roster_page.cell_font(table.font())
    three = [
        model.index(row, column)
        for row in range(model.rowCount())
        for column in range(model.columnCount())
        if len(getattr(model.index(row, column).data(CELL_ROLE), "members", ())) == 3
    ]
    assert three, "the demo week has shifts of three"
    for index in three:
        cell = table.visualRect(index)
        names = [("★" if m.is_lead else "") + m.name for m in index.data(CELL_ROLE).members]
        lines = delegate.layout_lines(cell, index.data(), font)
        assert [text for _rect, text in lines] == names
        for rect, _text in lines:
            assert cell.top() <= rect.top() and rect.bottom() <= cell.bottom(), (names, rect, cell)
    # A name too long for the cell is shortened on its line, never pushed out of the cell.
    cell = table.visualRect(three[0])
    lines = delegate.layout_lines(cell, "★欧阳司马诸葛长名\n李四\n王五", font)
    assert lines[0][1].endswith("…") and lines[2][0].bottom() <= cell.bottom()


# What a secretary must see of each list without scrolling sideways at 1280×800.
ESSENTIAL = {
    "buildings": ("小区", "楼栋", "风险等级", "无阳性天数", "最早降级日期"),
    "residents": ("姓名", "小区", "楼栋", "单元", "房号", "管控状态", "特殊人群"),
    "volunteers": ("姓名", "派出单位", "类型", "状态", "网格角色", "居住楼栋"),
    "gate": ("申请时间", "状态", "居民", "楼栋", "房号", "事由", "紧急程度", "处理结果"),
    "supplies": ("物资", "类别", "单位", "库存", "有效期至"),
    "tests": ("采样时间", "姓名", "楼栋", "结果"),
    "audit": ("时间", "操作员", "操作", "摘要"),
    "roster": (),  # every day of the week: checked below
}


def _visible_titles(table: QTableView) -> dict[str, bool]:
    header, model = table.horizontalHeader(), table.model()
    width = table.viewport().width()
    shown = {}
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        title = str(model.headerData(section, Qt.Orientation.Horizontal))
        left = header.sectionViewportPosition(section)
        shown[title] = left >= 0 and left + header.sectionSize(section) <= width
    return shown


def _main_table(page: QWidget) -> QTableView:
    tables = [t for t in page.findChildren(QTableView) if t.isVisible()]
    return max(tables, key=lambda t: t.width() * t.height())


@pytest.fixture
def window(qtbot, office_app, demo_db: Path, ui) -> MainWindow:
    win = MainWindow(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    with qtbot.waitExposed(win):
        win.show()
    assert (win.width(), win.height()) == (1280, 800)
    return win


def test_every_page_shows_its_essential_columns_at_1280_by_800(window: MainWindow) -> None:
    hidden = {}
    for name, titles in ESSENTIAL.items():
        page = window.show_page(name)
        QApplication.processEvents()
        shown = _visible_titles(_main_table(page))
        if name == "roster":
            titles = tuple(shown)
            assert len(titles) == 14
        missing = [t for t in titles if not shown.get(t)]
        if missing:
            hidden[name] = missing
    assert hidden == {}, f"essential columns off-screen at 1280×800: {hidden}"


def test_residents_show_whole_names_and_the_household_only_when_chosen(
    qtbot, window: MainWindow
) -> None:
    page = window.show_page("residents")
    QApplication.processEvents()
    assert not page.household_box.isVisible()  # nobody chosen: no empty panel
    keys = [c.key for c in page.listing.columns]
    header = page.table.horizontalHeader()
    metrics = page.table.fontMetrics()
    name_width = header.sectionSize(keys.index("name"))
    longest = max((r.name for r in _passport_holders()), key=metrics.horizontalAdvance)
    assert metrics.horizontalAdvance(longest) + 12 <= name_width, longest
    page.table.selectRow(0)
    page.table.setCurrentIndex(page.model.index(0, 0))
    QApplication.processEvents()
    assert page.household_box.isVisible()
    shown = _visible_titles(page.table)
    assert all(shown[t] for t in ESSENTIAL["residents"]), shown


def _passport_holders() -> list:
    from office_app.models import Resident

    return list(Resident.select().where(Resident.doc_type == "护照"))
