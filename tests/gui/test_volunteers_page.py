"""志愿者 page: the list and details, the grid tree, statistics and export, certificate, import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from peewee import fn
from pypdf import PdfReader
from PySide6.QtWidgets import QDialog

from office_app.models import AuditEntry, ServiceRecord, Volunteer
from office_app.services.admin.actor import SYSTEM
from office_app.services.volunteers.listing import VOLUNTEERS_PAGE
from office_app.views.context import AppContext
from office_app.views.dialogs import import_summary_dialog, messages
from office_app.views.dialogs.volunteer_dialogs import GridLeaderDialog, StatusDialog
from office_app.views.pages import volunteers as page_module
from office_app.views.pages.volunteers import VolunteersPage
from office_app.views.table_models.query_table_model import QueryTableModel
from office_app.views.table_models.rows_table_model import RowsTableModel

from .recording import Calls, record_message_boxes

TODAY = dt.date(2022, 11, 22)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


@pytest.fixture(autouse=True)
def boxes(office_app, monkeypatch) -> dict[str, Calls]:
    monkeypatch.setattr(page_module, "today", lambda: TODAY)
    return record_message_boxes(monkeypatch)


@pytest.fixture
def page(qtbot, demo_db: Path, ui) -> VolunteersPage:
    widget = VolunteersPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    return widget


def select_volunteer(page: VolunteersPage, name: str) -> None:
    panel = page.list_panel
    panel.filter_edit.setText(name)
    panel._apply_text_filter()
    assert panel.model.rowCount() >= 1
    panel.table.setCurrentIndex(panel.model.index(0, 0))
    assert panel.model.index(0, 0).data() == name


def test_models_pass_the_model_tester(qtmodeltester, demo_db: Path, page: VolunteersPage) -> None:
    qtmodeltester.check(QueryTableModel(VOLUNTEERS_PAGE), force_py=True)
    qtmodeltester.check(page.stats_panel.model, force_py=True)
    page.stats_panel.mode.setCurrentIndex(1)
    qtmodeltester.check(page.stats_panel.model, force_py=True)
    qtmodeltester.check(RowsTableModel(), force_py=True)


def test_list_filters_and_details(page: VolunteersPage) -> None:
    panel = page.list_panel
    assert panel.model.rowCount() == Volunteer.select().count()
    combo = panel.choice_filters[0].combo
    combo.setCurrentIndex(combo.findData("伤病"))
    assert panel.model.rowCount() == 1
    combo.setCurrentIndex(0)
    select_volunteer(page, "徐李梦")
    text = panel.detail.text()
    assert "康黎" in text  # whom she trained
    assert "核酸录入" in text
    select_volunteer(page, "崔亚涛")
    text = panel.detail.text()
    assert "共 73 人次" in text
    assert "市五中法院" in text


def test_statistics_show_73_errands_for_cui_and_export(
    page: VolunteersPage, monkeypatch, tmp_path: Path, boxes
) -> None:
    stats = page.stats_panel
    header = stats.model.header
    row = next(r for r in stats.model.rows if r[0] == "崔亚涛")
    assert row[header.index("服务人次合计")] == 73
    delivered = (
        ServiceRecord.select(fn.SUM(ServiceRecord.count))
        .join(Volunteer)
        .where((Volunteer.name == "崔亚涛") & (ServiceRecord.kind == "物资配送"))
        .scalar()
    )
    assert row[header.index("物资配送")] == delivered > 0
    target = tmp_path / "统计.xlsx"
    monkeypatch.setattr(page_module, "choose_save_file", lambda *a: str(target))
    stats.export()
    assert target.exists()
    assert boxes["inform"] and "80" in boxes["inform"][-1][0][2]
    stats.mode.setCurrentIndex(1)
    assert stats.model.header[0] == "派出单位"
    assert any(r[0] == "市五中法院" for r in stats.model.rows)


def test_grid_tree_flags_leaderless_buildings_and_assigns_a_leader(
    page: VolunteersPage, monkeypatch
) -> None:
    grid = page.grid_panel
    flagged = grid.flagged_names()
    assert len(flagged) == 2
    assert grid.summary.text() == "0 个小区、2 个楼栋没有负责人"
    tree = page_module.V.grid_tree()
    building = next(b for a in tree for c in a.compounds for b in c.buildings if b.flagged)
    assert grid.select("building", building.id)
    kang = Volunteer.get(Volunteer.name == "康黎")

    def exec_(dialog: GridLeaderDialog) -> int:
        dialog.filter_edit.setText("康黎")
        assert dialog.volunteer_id() == kang.id
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(GridLeaderDialog, "exec", exec_)
    grid.assign_current()
    assert len(grid.flagged_names()) == 1
    item = grid.tree.currentItem()
    assert item.text(1) == "小组长 康黎"
    assert Volunteer.get_by_id(kang.id).grid_role == "小组长"


def test_change_status_through_the_dialog(page: VolunteersPage, monkeypatch) -> None:
    select_volunteer(page, "康黎")

    def exec_(dialog: StatusDialog) -> int:
        dialog.status.setCurrentIndex(dialog.status.findData("伤病"))
        dialog.reason.setText("发烧")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(StatusDialog, "exec", exec_)
    page.change_status()
    assert Volunteer.get(Volunteer.name == "康黎").status == "伤病"
    assert "发烧" in page.list_panel.detail.text()


def test_save_the_certificate(page: VolunteersPage, monkeypatch, tmp_path: Path) -> None:
    select_volunteer(page, "崔亚涛")
    target = tmp_path / "证明.pdf"
    monkeypatch.setattr(page_module, "choose_save_file", lambda *a: str(target))
    page.save_certificate()  # Ctrl+P prints it: tests/gui/test_printing.py
    text = "".join(p.extract_text() for p in PdfReader(str(target)).pages)
    assert "志愿服务证明" in text
    assert "73" in text and "崔亚涛" in text
    assert AuditEntry.select().where(AuditEntry.action == "print.volunteer_certificate").exists()


def test_import_from_the_page(page: VolunteersPage, monkeypatch) -> None:
    before = Volunteer.select().count()
    monkeypatch.setattr(
        page_module, "choose_import_file", lambda *a: str(FIXTURES / "volunteers-good.csv")
    )
    shown = Calls()
    monkeypatch.setattr(import_summary_dialog.ImportSummaryDialog, "show_summary", shown)
    page.import_file()
    assert shown, "the summary is shown"
    # 崔亚涛, 徐李梦, 潘超 and 康黎 are in the demo with other numbers: new rows by number.
    assert Volunteer.select().count() > before
    assert page.list_panel.model.rowCount() == Volunteer.select().count()


def test_new_volunteer_through_the_dialog(page: VolunteersPage, monkeypatch) -> None:
    from office_app.views.dialogs.volunteer_dialogs import VolunteerDialog

    def exec_(dialog: VolunteerDialog) -> int:
        dialog.name.setText("新志愿者")
        dialog.phone.setText("13983001")
        assert dialog.reason("phone") != ""  # the reason shows beside the field
        dialog.phone.setText("13983007777")
        assert dialog.reason("phone") == ""
        dialog.organisation.setCurrentText("九龙坡区卫健委")
        dialog.skills.setText("医护、驾驶")
        dialog.try_accept()
        assert dialog.result() == QDialog.DialogCode.Accepted
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(VolunteerDialog, "exec", exec_)
    page.new_volunteer()
    assert page.list_panel.current_volunteer_id() == Volunteer.get(Volunteer.name == "新志愿者").id
    text = page.list_panel.detail.text()
    assert "九龙坡区卫健委" in text and "医护" in text


def test_edit_keeps_values_and_escape_asks_first(page: VolunteersPage, qtbot, monkeypatch) -> None:
    from office_app.views.dialogs.volunteer_dialogs import VolunteerDialog

    cui = Volunteer.get(Volunteer.name == "崔亚涛")
    dialog = VolunteerDialog(page_module.V.volunteer_data(cui.id), volunteer_id=cui.id)
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "崔亚涛"
    assert dialog.organisation.currentText() == "市五中法院"
    assert dialog.problems() == {}
    dialog.show()
    asked = Calls(False)
    monkeypatch.setattr(messages, "confirm_discard", asked)
    dialog.note.setText("改了")
    dialog.reject()
    assert len(asked) == 1
    assert dialog.isVisible()  # kept open: the user said no to discarding


def test_an_empty_database(qtbot, fresh_db: Path, ui) -> None:
    page = VolunteersPage(AppContext(actor=SYSTEM, db_path=fresh_db, ui=ui))
    qtbot.addWidget(page)
    assert page.list_panel.model.rowCount() == 0
    assert page.list_panel.detail.text() == "选择一名志愿者查看详情。"
    assert page.grid_panel.summary.text() == "0 个小区、0 个楼栋没有负责人"
    assert page.stats_panel.model.rowCount() == 0
    assert not page.list_panel.edit_button.isEnabled()
    assert page.list_panel.new_button.isEnabled()


def test_dragging_a_volunteer_onto_a_compound_makes_him_its_leader(page: VolunteersPage) -> None:
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QDropEvent

    from office_app.models import Compound
    from office_app.views.pages.volunteers import VOLUNTEER_MIME

    page.resize(1200, 900)
    page.show()
    page.tabs.setCurrentWidget(page.grid_panel)
    grid = page.grid_panel
    cui = Volunteer.get(Volunteer.name == "崔亚涛")
    grid.people_filter.setText("崔亚涛")
    visible = [
        grid.people.item(i)
        for i in range(grid.people.count())
        if not grid.people.item(i).isHidden()
    ]
    assert len(visible) == 1
    mime = grid.people.mimeData(visible)
    assert mime.hasFormat(VOLUNTEER_MIME)
    compound = Compound.get(Compound.name == "瑞景苑")
    assert grid.select("compound", compound.id)
    item = grid.tree.currentItem()
    grid.tree.scrollToItem(item)
    point = QPointF(grid.tree.visualItemRect(item).center())
    event = QDropEvent(
        point,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    grid.tree.dropEvent(event)
    assert grid.tree.currentItem().text(1) == "组长 崔亚涛"
    assert Volunteer.get_by_id(cui.id).grid_role == "组长"
