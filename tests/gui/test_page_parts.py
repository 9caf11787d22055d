"""The pieces the pages share: page_parts (buttons, service calls, save folders, day boxes,
translated titles) and ListPage's list + detail + filters + import shape."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QSplitter, QVBoxLayout, QWidget

from office_app.services import choices
from office_app.services import listings as L
from office_app.services.admin.actor import SYSTEM, Actor, PermissionDenied
from office_app.views import file_dialogs
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.dialogs import import_summary_dialog
from office_app.views.list_page import ChoiceFilter, ListPage
from office_app.views.table_models.query_table_model import QueryTableModel
from office_app.views.widgets import page_parts as P

from .recording import Calls

READER = Actor("viewer", "查看员", "readonly", None)


@pytest.fixture(autouse=True)
def _application(office_app) -> None:
    """The program's QApplication (Chinese, themed)."""


# --- page_parts ------------------------------------------------------------------------------


def test_attempt_gives_the_result_or_shows_the_refusal_and_gives_failed(qtbot, boxes) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    assert P.attempt(parent, "标题", lambda: 42, ValueError) == 42
    assert not boxes["warn"]

    def refused() -> int:
        raise ValueError("楼栋不存在")

    result = P.attempt(parent, "没有保存", refused, ValueError)
    assert isinstance(result, P.Failed) and not result
    assert boxes["warn"][-1][0] == (parent, "没有保存", "楼栋不存在")

    def denied() -> None:
        raise PermissionDenied("只读操作员不能修改")

    # PermissionDenied is always a refusal; succeeded is the same for a call's side effect.
    assert P.succeeded(parent, "没有删除", denied) is False
    assert boxes["warn"][-1][0][1:] == ("没有删除", "只读操作员不能修改")
    assert P.succeeded(parent, "没有删除", lambda: None) is True

    def broken() -> None:
        raise KeyError("a bug, not a refusal")

    with pytest.raises(KeyError):  # anything else is not swallowed
        P.attempt(parent, "标题", broken, ValueError)
    assert len(boxes["warn"]) == 2


def test_button_and_button_row(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    clicked = Calls()
    b = P.button(parent, "newButton", "新建", "新建（Ctrl+N）", clicked)
    plain = P.button(parent, "plainButton", "其他")
    assert (b.objectName(), b.text(), b.toolTip()) == ("newButton", "新建", "新建（Ctrl+N）")
    assert plain.toolTip() == "" and plain.parent() is parent
    b.click()
    assert len(clicked) == 1
    right = P.button(parent, "importButton", "导入…")
    row = P.button_row((b, plain), (right,))
    widgets = [row.itemAt(i).widget() for i in range(row.count())]
    assert widgets == [b, plain, None, right]  # None: the stretch between the two groups
    assert row.itemAt(2).spacerItem() is not None


def test_a_save_dialog_starts_in_the_last_export_folder_and_remembers_it(
    qtbot, ui: U.UiSettings, monkeypatch, tmp_path: Path
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    asked = Calls(("", ""))
    monkeypatch.setattr(file_dialogs, "save_file_name", asked)
    for folder in ("before", "exports", "other"):  # a folder gone is not remembered
        (tmp_path / folder).mkdir()
    ui.set(U.LAST_EXPORT_FOLDER, str(tmp_path / "before"))
    assert P.choose_save_file(parent, ui, "导出", "统计.xlsx", "Excel (*.xlsx)") == ""
    assert asked[-1][0] == (
        parent,
        "导出",
        str(tmp_path / "before" / "统计.xlsx"),
        "Excel (*.xlsx)",
    )
    assert ui.get(U.LAST_EXPORT_FOLDER) == str(tmp_path / "before")  # cancelled: kept

    target = tmp_path / "exports" / "统计.xlsx"
    asked.answer = (str(target), "")
    assert P.choose_save_file(parent, ui, "导出", "统计.xlsx", "") == str(target)
    assert ui.get(U.LAST_EXPORT_FOLDER) == str(target.parent)
    assert P.export_start(ui, "日报.pdf") == str(target.parent / "日报.pdf")
    P.remember_export(ui, tmp_path / "other" / "x.pdf")
    assert ui.get(U.LAST_EXPORT_FOLDER) == str(tmp_path / "other")


def test_day_box_and_translated_titles(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    edit = P.date_edit(parent, "dayEdit")
    edit.setDate(QDate(2022, 11, 20))
    assert (edit.objectName(), edit.calendarPopup(), edit.text()) == ("dayEdit", True, "2022-11-20")
    titles = P.translated("TestsPage", ("Building", "Tube"))
    assert titles == [QCoreApplication.translate("TestsPage", t) for t in ("Building", "Tube")]
    assert all(re.search("[一-鿿]", t) for t in titles), titles  # the Chinese program


def test_detail_table(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    model = QueryTableModel(L.RISK_HISTORY, parent)
    table = P.detail_table(parent, "history", model, 26, (100, 60))
    assert table.objectName() == "history" and table.model() is model
    assert not table.verticalHeader().isVisible()
    assert table.verticalHeader().defaultSectionSize() == 26
    header = table.horizontalHeader()
    assert (header.sectionSize(0), header.sectionSize(1)) == (100, 60)
    assert header.stretchLastSection()


# --- ListPage: the list + detail + filters + import shape --------------------------------------


def make_list(qtbot, path: Path, ui: U.UiSettings, actor: Actor = SYSTEM) -> ListPage:
    page = ListPage(
        AppContext(actor=actor, db_path=path, ui=ui),
        L.RESIDENTS,
        filters=[ChoiceFilter("building", "楼栋", choices.buildings)],
    )
    qtbot.addWidget(page)
    page.resize(1000, 600)
    return page


def test_rows_by_record_and_the_current_record(qtbot, demo_db: Path, ui) -> None:
    page = make_list(qtbot, demo_db, ui)
    assert page.current_id() is None
    seen = Calls()
    page.with_current(seen)
    assert not seen  # nothing current, nothing done
    page.select_first_row()
    first = page.model.row_id(0)
    assert page.current_id() == first
    page.with_current(seen)
    assert seen[-1][0] == (first,)
    third = page.model.row_id(2)
    assert page.row_of(third) == 2
    assert page.row_of(-1) is None
    assert page.can_write


def test_clear_filters_shows_every_row_again(qtbot, demo_db: Path, ui) -> None:
    page = make_list(qtbot, demo_db, ui)
    total = page.model.rowCount()
    combo = page.choice_filters[0].combo
    assert combo is not None
    combo.setCurrentIndex(1)
    page.filter_edit.setText("zzz-nobody")
    page._apply_text_filter()
    assert page.model.rowCount() < total
    page.clear_filters()
    assert (page.filter_edit.text(), combo.currentIndex()) == ("", 0)
    assert page.model.rowCount() == total


def test_a_detail_follows_the_current_row_and_a_reload(qtbot, demo_db: Path, ui) -> None:
    page = make_list(qtbot, demo_db, ui)
    model = QueryTableModel(page.listing, page)
    old = page.model
    page.use_model(model)
    assert page.model is model and page.table.model() is model
    followed = Calls()
    page.follow_current(followed)
    page.select_first_row()
    assert followed, "the current row changed"
    count = len(followed)
    model.refresh()
    assert len(followed) > count, "a reload tells the detail too"
    model.set_filter("zzz-nobody")  # the row count follows the new model
    assert page.count_label.text() == QCoreApplication.translate("ListPage", "{count} rows").format(
        count="0"
    )
    qtbot.waitUntil(lambda: not _alive(old))


def _alive(obj: object) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(obj))


def test_split_or_beside_the_table(qtbot, demo_db: Path, ui) -> None:
    page = make_list(qtbot, demo_db, ui)
    below = QLabel("detail")
    splitter = page.split_table(below, (300, 200), "split")
    assert isinstance(splitter, QSplitter) and splitter.objectName() == "split"
    assert (splitter.widget(0), splitter.widget(1)) == (page.table, below)
    assert splitter.orientation() == Qt.Orientation.Vertical
    assert not splitter.childrenCollapsible()
    layout = page.layout()
    assert isinstance(layout, QVBoxLayout) and layout.indexOf(splitter) >= 0

    other = make_list(qtbot, demo_db, ui)
    beside = QLabel("household")
    other.put_beside_table(beside)
    row = next(
        item.layout()
        for item in (other.layout().itemAt(i) for i in range(other.layout().count()))
        if isinstance(item.layout(), QHBoxLayout) and item.layout().indexOf(other.table) >= 0
    )
    assert (row.itemAt(0).widget(), row.itemAt(1).widget()) == (other.table, beside)


def test_import_with_asks_for_a_file_and_imports_it_for_a_writer_only(
    qtbot, demo_db: Path, ui, monkeypatch, tmp_path: Path
) -> None:
    ran = Calls("summary")
    monkeypatch.setattr(import_summary_dialog, "run_file_import", ran)
    file = str(tmp_path / "名单.csv")

    reader = make_list(qtbot, demo_db, ui, READER)
    monkeypatch.setattr(reader, "choose_import_file", Calls(file))
    reader.import_with(lambda p: p)
    assert not ran and not reader.choose_import_file, "a read-only operator is not even asked"

    page = make_list(qtbot, demo_db, ui)
    monkeypatch.setattr(page, "choose_import_file", Calls(""))
    page.import_with(lambda p: p)
    assert not ran, "no file chosen"
    monkeypatch.setattr(page, "choose_import_file", Calls(file))
    done = Calls()
    page.import_with(lambda p: p, on_done=done)
    (parent, settings, path, _run, on_done), _ = ran[-1]
    assert (parent, settings, path, on_done) == (page, ui, file, done)
    page.import_with(lambda p: p)
    assert ran[-1][0][4] == page.refresh  # by default the list is read again


def test_the_row_menu_of_a_plain_list(qtbot, demo_db: Path, ui) -> None:
    page = make_list(qtbot, demo_db, ui)
    menu = QMenu(page)
    page.fill_row_menu(menu, page.model.index(0, 0))
    assert [a.text() for a in menu.actions()] == [QCoreApplication.translate("ListPage", "Open")]


def test_the_filters_pages_share(demo_db: Path) -> None:
    from office_app.services.choices import RISK_LEVELS
    from office_app.views.list_page import building_filter, compound_filter

    risk = ChoiceFilter.fixed("risk", "风险等级", RISK_LEVELS)
    assert (risk.key, risk.label) == ("risk", "风险等级")
    assert list(risk.choices()) == list(choices.fixed(RISK_LEVELS))
    assert compound_filter().key == "compound"
    assert list(compound_filter().choices()) == list(choices.compounds())
    assert (building_filter().key, building_filter().choices) == ("building", choices.buildings)
