"""楼栋 page: the list with clean days, the dialogs, the detail panel, risk changes, import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from office_app.models import (
    AuditEntry,
    Building,
    Compound,
    Household,
    Post,
    Resident,
    RiskChange,
    Shift,
    ShiftAssignment,
    Volunteer,
    now,
)
from office_app.services import listings as L
from office_app.services.admin.actor import SYSTEM, Actor
from office_app.services.places import buildings as B
from office_app.services.places.risk import ChangeResult
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.dialogs import messages
from office_app.views.dialogs.building_dialog import BuildingDialog
from office_app.views.dialogs.cascade_dialog import CascadeDialog
from office_app.views.dialogs.import_summary_dialog import ImportSummaryDialog
from office_app.views.dialogs.risk_dialog import RiskChangeDialog, RiskContext
from office_app.views.pages import buildings as page_module
from office_app.views.pages.buildings import BuildingsPage
from office_app.views.table_models.buildings_table_model import BuildingsTableModel
from office_app.views.table_models.query_table_model import RAW_ROLE, QueryTableModel

from .recording import Calls, record_message_boxes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
DEMO_NOW = dt.datetime(2022, 11, 22, 10, 0)
READER = Actor("viewer", "查看员", "readonly", None)


@pytest.fixture(autouse=True)
def _application(office_app, monkeypatch) -> None:
    """The program's QApplication (Chinese, themed); dialogs closed at teardown discard."""
    monkeypatch.setattr(messages, "confirm_discard", lambda *_a: True)


@pytest.fixture
def no_message_boxes(monkeypatch) -> dict[str, Calls]:
    """Every message box is recorded instead of shown (a modal box would block the test)."""
    return record_message_boxes(monkeypatch, confirm_discard=True)


@pytest.fixture
def small_db(office_app, fresh_db: Path) -> dict[str, Any]:
    """Two compounds, three buildings; 3栋 has a household with a resident."""
    xm = Compound.create(name="兴茂盛世国际")
    rj = Compound.create(name="瑞景苑")
    b1 = Building.create(compound=xm, name="1栋", units=2, households_planned=40)
    b3 = Building.create(compound=xm, name="3栋", units=3, households_planned=80)
    r1 = Building.create(compound=rj, name="1栋", units=2, households_planned=30)
    household = Household.create(building=b3, unit="1单元", room="1-1")
    Resident.create(household=household, name="张三", doc_no="500107198001010010")
    return {"xm": xm, "rj": rj, "b1": b1, "b3": b3, "r1": r1, "path": fresh_db}


def make_page(qtbot, path: Path, ui: U.UiSettings, actor: Actor = SYSTEM) -> BuildingsPage:
    page = BuildingsPage(AppContext(actor=actor, db_path=path, ui=ui))
    qtbot.addWidget(page)
    page.resize(1100, 700)
    with qtbot.waitActive(page):
        page.show()
    return page


def row_texts(page: BuildingsPage) -> list[tuple[str, str]]:
    return [
        (page.model.index(r, 0).data(), page.model.index(r, 1).data())
        for r in range(page.model.rowCount())
    ]


def column_of(key: str) -> int:
    return L.BUILDINGS.columns.index(L.BUILDINGS.column(key))


# --- models --------------------------------------------------------------------------------


def test_the_page_models_pass_the_model_tester(qtmodeltester, office_app, demo_db: Path) -> None:
    model = BuildingsTableModel(L.BUILDINGS_PAGE, lambda: DEMO_NOW.date())
    qtmodeltester.check(model, force_py=True)
    history = QueryTableModel(L.RISK_HISTORY)
    history.set_filter(building=Building.get(Building.risk_level == "高").id)
    assert history.rowCount() >= 1
    qtmodeltester.check(history, force_py=True)
    assert history.index(0, 3).data() == "核酸结果"  # the source, translated
    assert history.index(0, 2).data(Qt.ItemDataRole.BackgroundRole).color().name() == "#d32f2f"
    history.set_filter(building=0)
    assert history.rowCount() == 0
    qtmodeltester.check(history, force_py=True)


def test_model_tester_on_an_empty_database(qtmodeltester, office_app, fresh_db: Path) -> None:
    model = BuildingsTableModel(L.BUILDINGS_PAGE, dt.date.today)
    assert model.rowCount() == 0
    qtmodeltester.check(model, force_py=True)


def test_clean_days_are_counted_from_today_and_sort(
    qtbot, monkeypatch, demo_db: Path, ui: U.UiSettings
) -> None:
    monkeypatch.setattr(page_module, "now", lambda: DEMO_NOW)
    page = make_page(qtbot, demo_db, ui)
    headers = [
        page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())
    ]
    assert headers[-1] == "无阳性天数" and "设计户数" in headers and "登记户数" in headers
    # shown right after 起算日期
    header = page.table.horizontalHeader()
    since = header.visualIndex(column_of("clean_since"))
    assert header.visualIndex(page.model.clean_days_column) == since + 1
    rows = {texts: r for r, texts in enumerate(row_texts(page))}
    sealed = rows[("兴茂盛世国际", "3栋")]
    days = page.model.index(sealed, page.model.clean_days_column)
    assert days.data() == "5"  # positive sampled 11-17, today 11-22
    low = rows[("兴茂盛世国际", "1栋")]
    assert page.model.index(low, page.model.clean_days_column).data() == ""
    page.table.sortByColumn(page.model.clean_days_column, Qt.SortOrder.DescendingOrder)
    values = [
        page.model.index(r, page.model.clean_days_column).data(RAW_ROLE)
        for r in range(page.model.rowCount())
    ]
    assert values[:2] == [6, 5] and values == sorted(values, reverse=True)  # 4栋, then 3栋
    assert page.model.sort_state() == (
        page.model.clean_days_column,
        Qt.SortOrder.DescendingOrder,
    )


# --- the detail panel ----------------------------------------------------------------------


def test_the_detail_shows_counts_clock_and_history(
    qtbot, monkeypatch, demo_db: Path, ui: U.UiSettings
) -> None:
    monkeypatch.setattr(page_module, "now", lambda: DEMO_NOW)
    page = make_page(qtbot, demo_db, ui)
    sealed = (
        Building.select()
        .join(Compound)
        .where((Compound.name == "兴茂盛世国际") & (Building.name == "3栋"))
        .get()
    )
    assert page.select_building(sealed.id)
    detail = page.detail
    assert detail.building_id == sealed.id
    assert detail.title.text() == "兴茂盛世国际 3栋"
    assert detail.chip.text() == "高风险"
    assert detail.fact("clean_since") == "2022-11-17"
    assert detail.fact("clean_days") == "5 天"
    assert detail.fact("earliest") == "2022-11-22"
    assert "核酸" in detail.fact("lowering")  # the rule still waits for an all-negative round
    assert "居家隔离" in detail.fact("occupants")
    assert detail.history_model.rowCount() == 1
    assert detail.history_model.index(0, 5).data().startswith("单管复核阳性")
    # a low building has no clock
    low = (
        Building.select()
        .join(Compound)
        .where((Compound.name == "兴茂盛世国际") & (Building.name == "1栋"))
        .get()
    )
    page.select_building(low.id)
    assert detail.chip.text() == "低风险" and detail.fact("clean_days") == "—"


# --- add, edit, delete ---------------------------------------------------------------------


def test_add_edit_and_delete_a_building_through_the_dialogs(
    qtbot, monkeypatch, small_db, ui: U.UiSettings, no_message_boxes
) -> None:
    page = make_page(qtbot, small_db["path"], ui)
    asked: list[dict[str, Any]] = []

    def answer(data: B.BuildingData | None):  # type: ignore[no-untyped-def]
        def ask(*args: Any, **kwargs: Any) -> B.BuildingData | None:
            asked.append(kwargs)
            return data

        return ask

    monkeypatch.setattr(
        BuildingDialog, "ask", answer(B.BuildingData("兴茂盛世国际", "9号楼", 2, 48))
    )
    page.new_button.click()
    created = Building.get(Building.name == "9栋")
    assert (created.units, created.households_planned) == (2, 48)
    assert ("兴茂盛世国际", "9栋") in row_texts(page)
    assert page.current_building_id() == created.id
    assert page.detail.title.text() == "兴茂盛世国际 9栋"

    monkeypatch.setattr(
        BuildingDialog, "ask", answer(B.BuildingData("兴茂盛世国际", "9栋", 3, 50, "新建"))
    )
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter opens the building
    assert asked[-1]["building_id"] == created.id
    assert asked[-1]["initial"] == B.BuildingData("兴茂盛世国际", "9栋", 2, 48, "", version=0)
    created = Building.get_by_id(created.id)
    assert (created.units, created.households_planned, created.note) == (3, 50, "新建")
    assert page.detail.fact("size") == "3 个单元，设计 50 户"

    page.delete_button.click()
    assert "删除 兴茂盛世国际 9栋？" in no_message_boxes["confirm"][-1][0][2]
    assert Building.get_or_none(Building.id == created.id) is None
    assert ("兴茂盛世国际", "9栋") not in row_texts(page)
    actions = [e.action for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert actions == ["building.create", "building.update", "building.delete"]


def test_a_cancelled_dialog_changes_nothing(
    qtbot, monkeypatch, small_db, ui: U.UiSettings, no_message_boxes
) -> None:
    page = make_page(qtbot, small_db["path"], ui)
    monkeypatch.setattr(BuildingDialog, "ask", lambda *a, **k: None)
    before = Building.select().count()
    page.new_building()
    page.edit_building(small_db["b1"].id)
    no_message_boxes["confirm"].answer = False
    page.delete_building(small_db["b1"].id)
    assert Building.select().count() == before and AuditEntry.select().count() == 0


def test_delete_refusal_shows_the_reason(
    qtbot, small_db, ui: U.UiSettings, no_message_boxes
) -> None:
    page = make_page(qtbot, small_db["path"], ui)
    page.select_building(small_db["b3"].id)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    (_parent, title, text), _kw = no_message_boxes["warn"][-1]
    assert title == "不能删除楼栋"
    assert text.startswith("不能删除 兴茂盛世国际 3栋：本楼还有 1 户登记住户（1 名居民）")
    assert Building.get_or_none(Building.id == small_db["b3"].id) is not None


def test_a_new_building_starts_in_the_filtered_compound(
    qtbot, monkeypatch, small_db, ui: U.UiSettings
) -> None:
    page = make_page(qtbot, small_db["path"], ui)
    combo = page.choice_filters[0].combo
    assert combo is not None
    combo.setCurrentIndex(combo.findText("瑞景苑"))
    seen: list[B.BuildingData] = []
    monkeypatch.setattr(BuildingDialog, "ask", lambda *a, **k: seen.append(k["initial"]))
    page.new_building()
    assert seen[0].compound == "瑞景苑"


def test_select_building_clears_filters_that_hide_it(qtbot, small_db, ui: U.UiSettings) -> None:
    page = make_page(qtbot, small_db["path"], ui)
    page.model.set_filter(compound=small_db["rj"].id)
    assert page.model.rowCount() == 1
    assert page.select_building(small_db["b3"].id)
    assert page.model.rowCount() == 3 and page.current_building_id() == small_db["b3"].id


# --- the building dialog -------------------------------------------------------------------


@pytest.fixture
def dialog(qtbot, small_db) -> BuildingDialog:
    d = BuildingDialog(
        compounds=["兴茂盛世国际", "瑞景苑"],
        initial=B.BuildingData("兴茂盛世国际", "", 1, 0),
    )
    qtbot.addWidget(d)
    d.show()
    return d


def test_the_dialog_validates_as_you_type_with_the_reason_beside_the_field(
    dialog: BuildingDialog,
) -> None:
    assert dialog.reason("name") == ""  # nothing said before the user types
    dialog.name.setText("3号楼")  # what typing does: keyClicks cannot type Chinese
    assert dialog.reason("name") == "兴茂盛世国际 已有“3栋”。"
    dialog.name.setText("5号楼")
    assert dialog.reason("name") == "将保存为“5栋”。"
    dialog.units.setText("0")
    assert dialog.reason("units") == "单元数至少为 1。"
    dialog.units.setText("两个")
    assert dialog.reason("units") == "请输入整数。"
    dialog.households.setText("-3")
    assert dialog.reason("households") == "户数不能为负数。"
    dialog.units.setText("２")
    dialog.households.setText("36")
    assert dialog.problems() == {}
    dialog.compound.setCurrentText("科城佳苑")
    assert dialog.reason("compound") == "保存时将新建小区“科城佳苑”。"
    assert dialog.data() == B.BuildingData("科城佳苑", "5号楼", 2, 36, "")


def test_saving_an_empty_form_names_every_problem(qtbot, dialog: BuildingDialog) -> None:
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.reason("name") == "请填写楼栋名称，例如“3栋”。"
    assert dialog.name.hasFocus()


def test_enter_saves(qtbot, dialog: BuildingDialog) -> None:
    dialog.name.setText("7栋")
    qtbot.keyClick(dialog.units, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()


def test_enter_in_the_compound_box_saves_once(qtbot, dialog: BuildingDialog) -> None:
    accepted: list[int] = []
    dialog.accepted.connect(lambda: accepted.append(1))
    dialog.name.setText("7栋")
    line_edit = dialog.compound.lineEdit()
    assert line_edit is not None
    line_edit.setFocus()
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)
    assert accepted == [1] and dialog.compound.count() == 2  # nothing inserted


def test_escape_asks_before_discarding_changes(qtbot, monkeypatch, dialog: BuildingDialog) -> None:
    answers = Calls(False)
    monkeypatch.setattr(messages, "confirm_discard", answers)
    dialog.name.setText("7栋")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(answers) == 1 and dialog.isVisible()  # "keep editing"
    answers.answer = True
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_escape_without_changes_closes_at_once(qtbot, monkeypatch, dialog: BuildingDialog) -> None:
    answers = Calls(False)
    monkeypatch.setattr(messages, "confirm_discard", answers)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert answers == [] and not dialog.isVisible()


def test_editing_a_building_keeps_its_own_name_valid(qtbot, small_db) -> None:
    info = B.get_building(small_db["b3"].id)
    d = BuildingDialog(
        compounds=["兴茂盛世国际", "瑞景苑"], initial=info.as_data(), building_id=info.id
    )
    qtbot.addWidget(d)
    assert d.problems() == {} and not d.is_dirty()


# --- risk changes --------------------------------------------------------------------------


def _sealable(small_db: dict[str, Any]) -> tuple[Building, Volunteer]:
    """3栋 with a volunteer living there who has a shift at a gate tomorrow."""
    b3 = small_db["b3"]
    volunteer = Volunteer.create(name="李四", home_building=b3)
    post = Post.create(kind="卡点", name="兴茂盛世国际东门", compound=small_db["xm"])
    start = dt.datetime.combine(now().date() + dt.timedelta(days=1), dt.time(8))
    shift = Shift.create(
        post=post,
        date=start.date(),
        name="白班",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=12),
    )
    ShiftAssignment.create(shift=shift, volunteer=volunteer)
    return b3, volunteer


def test_raising_to_high_from_the_page_shows_the_cascade(
    qtbot, monkeypatch, small_db, ui: U.UiSettings, no_message_boxes
) -> None:
    b3, volunteer = _sealable(small_db)
    page = make_page(qtbot, small_db["path"], ui)
    page.select_building(b3.id)
    contexts: list[RiskContext] = []

    def ask(context: RiskContext, parent: Any = None) -> tuple[str, str]:
        contexts.append(context)
        return "高", "单管复核阳性"

    shown = Calls()
    monkeypatch.setattr(RiskChangeDialog, "ask", ask)
    monkeypatch.setattr(CascadeDialog, "show_result", shown)
    page.risk_button.click()
    assert contexts[0].label == "兴茂盛世国际 3栋" and contexts[0].residents == 1
    assert contexts[0].volunteers_on_duty_living == 1
    assert Building.get_by_id(b3.id).risk_level == "高"
    assert Resident.get().control_status == "居家隔离"
    assert Volunteer.get_by_id(volunteer.id).status == "居家隔离"
    result: ChangeResult = shown[0][0][0]
    assert [c.volunteer for c in result.conflicts] == ["李四"]
    assert result.conflicts[0].post == "兴茂盛世国际东门"
    # the page shows the new level and the history
    row = page.table.currentIndex().row()
    assert page.model.index(row, column_of("risk")).data() == "高"
    assert page.detail.chip.text() == "高风险"
    assert page.detail.history_model.rowCount() == 1
    assert RiskChange.get().reason == "单管复核阳性"


def test_a_refused_change_says_why(
    qtbot, monkeypatch, small_db, ui: U.UiSettings, no_message_boxes
) -> None:
    page = make_page(qtbot, small_db["path"], ui)
    page.select_building(small_db["b1"].id)
    monkeypatch.setattr(RiskChangeDialog, "ask", lambda *a, **k: ("低", "试一下"))
    page.change_risk(small_db["b1"].id)
    (_p, title, text), _k = no_message_boxes["warn"][-1]
    assert title == "风险等级未调整" and "已经是低风险" in text


def test_the_risk_dialog_needs_a_level_and_a_reason(qtbot, monkeypatch) -> None:
    context = RiskContext("兴茂盛世国际 3栋", "低", "低风险楼栋无需降级。", 207, 0, 3, 3)
    d = RiskChangeDialog(context)
    qtbot.addWidget(d)
    d.show()
    assert not d.level_buttons["低"].isEnabled()  # the current level
    d.try_accept()
    assert d.isVisible()
    assert d.reason("level") == "请选择新的风险等级。"
    assert d.reason("reason").startswith("请填写调整原因")
    d.level_buttons["高"].setChecked(True)
    assert "207 名居民" in d.consequence_label.text() and "3 名在岗志愿者" in d.consequence()
    d.reason_edit.setText("楼栋出现阳性")
    qtbot.keyClick(d.reason_edit, Qt.Key.Key_Return)
    assert d.result() == QDialog.DialogCode.Accepted
    assert (d.level(), d.reason_text()) == ("高", "楼栋出现阳性")


def test_the_risk_dialog_says_what_unsealing_does(qtbot) -> None:
    d = RiskChangeDialog(RiskContext("3栋", "高", "已连续 5 天无新增阳性。", 207, 205, 0, 3))
    qtbot.addWidget(d)
    assert d.lowering_label.text() == "降级条件：已连续 5 天无新增阳性。"
    d.level_buttons["低"].setChecked(True)
    assert d.consequence() == (
        "解除封控：本楼 205 名居家隔离居民转为居家健康监测 3 天；住在本楼的志愿者恢复在岗。"
    )


def test_the_cascade_dialog_lists_the_shifts(qtbot, small_db) -> None:
    b3, _volunteer = _sealable(small_db)
    from office_app.services.places import risk

    result = risk.change_risk(SYSTEM, b3.id, "高", reason="阳性")
    d = CascadeDialog(result)
    qtbot.addWidget(d)
    assert d.lines == [
        "1 名居民转为居家隔离。",
        "住在本楼、转为居家隔离的志愿者：李四。",
    ]
    assert d.conflicts.rowCount() == 1
    assert d.conflicts.item(0, 0).text() == "李四"
    assert d.conflicts.item(0, 3).text() == "兴茂盛世国际东门"


# --- who may write -------------------------------------------------------------------------


def test_a_readonly_operator_sees_the_buttons_disabled(
    qtbot, monkeypatch, small_db, ui: U.UiSettings
) -> None:
    page = make_page(qtbot, small_db["path"], ui, actor=READER)
    page.select_building(small_db["b1"].id)
    for button in (
        page.new_button,
        page.edit_button,
        page.delete_button,
        page.risk_button,
        page.import_button,
        page.compound_button,
        page.detail.risk_button,
    ):
        assert not button.isEnabled(), button.objectName()
    monkeypatch.setattr(BuildingDialog, "ask", lambda *a, **k: pytest.fail("asked"))
    page.new_building()
    page.delete_building(small_db["b1"].id)
    assert Building.select().count() == 3


def test_buttons_wait_for_a_selection(qtbot, small_db, ui: U.UiSettings) -> None:
    page = make_page(qtbot, small_db["path"], ui)
    assert page.edit_button.isEnabled()  # the first row is selected on opening
    page.table.setCurrentIndex(page.model.index(-1, -1))
    assert not page.edit_button.isEnabled() and page.new_button.isEnabled()
    assert page.detail.building_id is None


# --- shortcuts -----------------------------------------------------------------------------


def test_ctrl_n_opens_the_new_building_dialog(
    qtbot, monkeypatch, small_db, ui: U.UiSettings
) -> None:
    from office_app.views.main_window import MainWindow

    asked = Calls(None)
    monkeypatch.setattr(BuildingDialog, "ask", asked)
    window = MainWindow(AppContext(actor=SYSTEM, db_path=small_db["path"], ui=ui))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
    page = window.show_page("buildings")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1
    window.show_page("overview")  # a hidden page's shortcut does not fire
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1
    assert isinstance(page, BuildingsPage)


# --- import --------------------------------------------------------------------------------


def test_import_from_the_page_remembers_the_folder(
    qtbot, monkeypatch, small_db, ui: U.UiSettings, no_message_boxes
) -> None:
    page = make_page(qtbot, small_db["path"], ui)
    path = FIXTURES / "buildings-good.csv"
    monkeypatch.setattr(page, "choose_import_file", lambda: str(path))
    shown = Calls()
    monkeypatch.setattr(ImportSummaryDialog, "show_summary", shown)
    before = Building.select().count()
    page.import_button.click()
    (file_name, summary, _parent), _k = shown[0]
    assert file_name == "buildings-good.csv"
    assert summary.imported > 0 and Building.select().count() == before + summary.imported
    assert page.model.rowCount() == Building.select().count()
    assert ui.get(U.LAST_IMPORT_FOLDER) == str(FIXTURES)


def test_an_unusable_file_is_reported(
    qtbot, monkeypatch, small_db, ui: U.UiSettings, no_message_boxes
) -> None:
    page = make_page(qtbot, small_db["path"], ui)
    path = FIXTURES / "buildings-missing-columns.csv"
    monkeypatch.setattr(page, "choose_import_file", lambda: str(path))
    page.import_file()
    (_p, title, text), _k = no_message_boxes["warn"][-1]
    assert title == "文件未导入" and "缺少必需的列" in text
    assert Building.select().count() == 3


def test_the_summary_dialog_lists_rejected_rows(qtbot, small_db) -> None:
    from office_app.services.imports.buildings import import_buildings

    summary = import_buildings(SYSTEM, FIXTURES / "buildings-messy.csv")
    assert summary.rejected > 0
    d = ImportSummaryDialog("buildings-messy.csv", summary)
    qtbot.addWidget(d)
    assert d.table.rowCount() == summary.rejected
    assert d.table.item(0, 0).text() == str(summary.rejections[0].line_no)
    assert d.summary_label.text() == summary.describe()


# --- compounds -----------------------------------------------------------------------------


def test_editing_the_compound_of_the_selected_building(
    qtbot, monkeypatch, small_db, ui: U.UiSettings, no_message_boxes
) -> None:
    from office_app.views.dialogs.compound_dialog import CompoundDialog

    page = make_page(qtbot, small_db["path"], ui)
    page.select_building(small_db["r1"].id)
    seen = Calls(B.CompoundData("瑞景苑", "二郎路12号", "二片区"))
    monkeypatch.setattr(CompoundDialog, "ask", seen)
    page.compound_button.click()
    assert seen[0][0][0] == B.CompoundData("瑞景苑", "", "")
    assert Compound.get_by_id(small_db["rj"].id).address == "二郎路12号"
    assert page.current_building_id() == small_db["r1"].id


def test_the_compound_dialog_refuses_a_name_in_use(qtbot, small_db) -> None:
    from office_app.views.dialogs.compound_dialog import CompoundDialog

    d = CompoundDialog(B.CompoundData("瑞景苑"), compound_id=small_db["rj"].id)
    qtbot.addWidget(d)
    d.name.setText("兴茂 盛世国际")
    assert d.reason("name") == "已有名为“兴茂盛世国际”的小区。"
    d.name.setText("瑞景苑二期")
    assert d.problems() == {}
