"""志愿者 page with two seats (issue 19, point 4): a status change another seat overtook is
refused, the refusal names who changed the volunteer and when, and the page then shows what
is stored now instead of the stale status."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from office_app.models import Operator, Volunteer
from office_app.services.admin.actor import SYSTEM, Actor
from office_app.services.volunteers import register as V
from office_app.views.context import AppContext
from office_app.views.dialogs.volunteer_dialogs import StatusDialog
from office_app.views.pages import volunteers as page_module
from office_app.views.pages.volunteers import VolunteersPage

from .recording import Calls, record_message_boxes

TODAY = dt.date(2022, 11, 22)


@pytest.fixture(autouse=True)
def boxes(office_app, monkeypatch) -> dict[str, Calls]:
    monkeypatch.setattr(page_module, "today", lambda: TODAY)
    return record_message_boxes(monkeypatch)


def test_a_status_change_another_seat_overtook_is_refused_naming_who(
    qtbot, demo_db: Path, ui, boxes: dict[str, Calls], monkeypatch: pytest.MonkeyPatch
) -> None:
    op = Operator.create(username="lisi", display_name="李四", role="duty", password_hash="x")
    gate = Actor("lisi", "李四", "duty", op.id)
    page = VolunteersPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    panel = page.list_panel
    panel.filter_edit.setText("康黎")
    panel._apply_text_filter()
    panel.table.setCurrentIndex(panel.model.index(0, 0))
    kang = Volunteer.get(Volunteer.name == "康黎")
    assert kang.status == "在岗"

    def exec_(dialog: StatusDialog) -> int:
        # While this seat's dialog is open, the gate laptop puts him on sick leave.
        V.change_status(gate, kang.id, "伤病", TODAY, "扭伤")
        dialog.status.setCurrentIndex(dialog.status.findData("离岗"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(StatusDialog, "exec", exec_)
    page.change_status()
    (args, _kw), *_ = boxes["warn"]
    title, text = args[1], args[2]
    assert title == "未能更改状态"
    assert "李四（lisi）" in text and "状态：伤病" in text and "没有保存" in text
    assert Volunteer.get_by_id(kang.id).status == "伤病"
    assert "伤病" in panel.detail.text()  # the page shows what is stored now
