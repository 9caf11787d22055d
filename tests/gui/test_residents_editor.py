"""居民 page: new / edit / delete through the resident dialog, and the household panel."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from office_app.models import AuditEntry, Building, ExitRequest, Resident
from office_app.services.admin.actor import SYSTEM, Actor
from office_app.services.people import residents
from office_app.services.people.residents import ResidentData
from office_app.views.context import AppContext
from office_app.views.dialogs import messages
from office_app.views.dialogs.resident_dialog import ResidentDialog
from office_app.views.pages.residents import ResidentsPage

from .recording import Calls

READER = Actor("viewer", "查看员", "readonly", None)
NEW_DOC = "500107201009180263"


@pytest.fixture(autouse=True)
def _application(office_app) -> None:
    """The program's QApplication (Chinese, themed)."""


def make_page(qtbot, path: Path, ui, actor: Actor = SYSTEM) -> ResidentsPage:
    page = ResidentsPage(AppContext(actor=actor, db_path=path, ui=ui))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    with qtbot.waitActive(page):
        page.show()
    return page


def test_ctrl_n_adds_a_resident_and_shows_their_household(
    qtbot, monkeypatch, demo_db: Path, ui, boxes
) -> None:
    page = make_page(qtbot, demo_db, ui)
    building = Building.select().order_by(Building.id).first()
    neighbour = (
        Resident.select()
        .join(Resident.household.rel_model)
        .where(Resident.household.rel_model.building == building.id)
        .first()
    )
    household = neighbour.household
    typed = ResidentData(
        name="欧阳喆",
        building_id=building.id,
        unit=household.unit,
        room=household.room,
        doc_no=NEW_DOC,
        phone="13912340217",
        groups=("网课学生",),
    )
    asked = Calls(typed)
    monkeypatch.setattr(ResidentDialog, "ask", asked)
    before = Resident.select().count()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1
    assert Resident.select().count() == before + 1
    created = Resident.get(Resident.doc_no == NEW_DOC)
    assert created.household_id == household.id
    assert page.current_resident_id() == created.id
    names = [page.household_members.item(i).text() for i in range(page.household_members.count())]
    assert any("欧阳喆" in n for n in names) and any(neighbour.name in n for n in names)
    assert all("13912340217" not in n for n in names)
    assert boxes["warn"] == []


def test_enter_edits_the_resident_and_keeps_the_numbers(
    qtbot, monkeypatch, demo_db: Path, ui, boxes
) -> None:
    page = make_page(qtbot, demo_db, ui)
    page.table.setCurrentIndex(page.model.index(3, 0))
    resident_id = page.current_resident_id()
    stored_doc = Resident.get_by_id(resident_id).doc_no

    def answer(parent, *, stored, **_kw) -> ResidentData:
        assert stored.id == resident_id and stored.data.doc_no == ""
        return replace(
            stored.data,
            note="行动不便",
            control_status="居家健康监测",
            control_from=dt.date(2022, 11, 22),
        )

    monkeypatch.setattr(ResidentDialog, "ask", answer)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    saved = Resident.get_by_id(resident_id)
    assert (saved.note, saved.control_status, saved.doc_no) == (
        "行动不便",
        "居家健康监测",
        stored_doc,
    )
    assert AuditEntry.select().where(AuditEntry.action == "resident.update").count() == 1


def test_delete_asks_and_refuses_a_resident_with_exit_requests(
    qtbot, demo_db: Path, ui, boxes
) -> None:
    page = make_page(qtbot, demo_db, ui)
    with_exits = ExitRequest.select().first().resident_id
    page.select_resident(with_exits)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert len(boxes["confirm"]) == 1
    assert len(boxes["warn"]) == 1 and "外出申请" in boxes["warn"][0][0][2]
    assert Resident.get_or_none(Resident.id == with_exits) is not None
    quiet = (
        Resident.select()
        .where(Resident.id.not_in(ExitRequest.select(ExitRequest.resident)))
        .order_by(Resident.id)
        .first()
    )
    page.select_resident(quiet.id)
    boxes["confirm"].answer = False
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert Resident.get_or_none(Resident.id == quiet.id) is not None
    boxes["confirm"].answer = True
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert Resident.get_or_none(Resident.id == quiet.id) is None


def test_the_dialog_says_what_is_wrong_beside_the_field_and_enter_saves(
    qtbot, demo_db: Path, monkeypatch
) -> None:
    building = Building.select().first()
    dialog = ResidentDialog(initial=ResidentData("", building.id, "", ""))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("李玥")  # what typing does: keyClicks cannot type Chinese
    qtbot.keyClicks(dialog.doc_no, "510213196503120313")
    assert "校验" in dialog.reason("doc_no")
    qtbot.keyClick(dialog.room, Qt.Key.Key_Return)
    assert dialog.isVisible() and "房号" in dialog.reason("room")
    dialog.doc_no.clear()
    qtbot.keyClicks(dialog.doc_no, NEW_DOC)
    qtbot.keyClicks(dialog.room, "5-1")
    qtbot.keyClicks(dialog.phone, "13912340217")
    assert dialog.reason("doc_no") == "" and dialog.reason("phone") == ""
    qtbot.keyClick(dialog.room, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.data().room == "5-1" and dialog.data().name == "李玥"


def test_escape_with_changes_asks_before_discarding(qtbot, demo_db: Path, monkeypatch) -> None:
    asked = Calls(False)
    monkeypatch.setattr(messages, "confirm_discard", asked)
    stored = residents.stored(Resident.select().first().id)
    dialog = ResidentDialog(initial=stored.data, stored=stored)
    qtbot.addWidget(dialog)
    dialog.show()
    assert stored.doc_masked in dialog.doc_no.placeholderText()
    qtbot.keyClicks(dialog.note, "x")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(asked) == 1 and dialog.isVisible()


def test_a_readonly_operator_cannot_add_edit_or_delete(qtbot, demo_db: Path, ui) -> None:
    page = make_page(qtbot, demo_db, ui, actor=READER)
    page.table.setCurrentIndex(page.model.index(0, 0))
    assert not page.new_button.isEnabled() and not page.delete_button.isEnabled()
    assert not page.edit_button.isEnabled()
    assert page.household_members.count() > 0


def test_the_editor_can_remove_a_stored_mobile(qtbot, demo_db: Path, monkeypatch) -> None:
    monkeypatch.setattr(messages, "confirm_discard", lambda parent: True)  # closing at the end
    resident = Resident.select().where(Resident.phone != "").first()
    stored = residents.stored(resident.id)
    dialog = ResidentDialog(initial=stored.data, stored=stored)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.clear_phone.isVisible()
    dialog.clear_phone.setChecked(True)
    assert not dialog.phone.isEnabled() and dialog.is_dirty()
    residents.update(SYSTEM, resident.id, dialog.data())
    assert Resident.get_by_id(resident.id).phone == ""
    fresh = ResidentDialog(initial=ResidentData("", None, "", ""))
    qtbot.addWidget(fresh)
    fresh.show()
    assert not fresh.clear_phone.isVisible()  # a new resident has nothing stored
