"""出入: a refusal (Alt+3) asks why; the reason is kept with the request and shown in the log
and the 出入登记表 (issue 17, point 19)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from office_app.models import AuditEntry, ExitRequest
from office_app.reports import gate_register
from office_app.services.admin.actor import SYSTEM
from office_app.services.gate import exits as gate
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.dialogs import messages
from office_app.views.dialogs.refusal_dialog import RefusalDialog
from office_app.views.pages import gate as gate_page
from office_app.views.pages.gate import GatePage

from .recording import Calls

DEMO_NOW = dt.datetime(2022, 11, 22, 9, 30)
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture(autouse=True)
def _application(office_app, monkeypatch) -> None:
    monkeypatch.setattr(gate_page, "now", lambda: DEMO_NOW)


@pytest.fixture
def warnings(monkeypatch) -> Calls:
    calls = Calls()
    monkeypatch.setattr(messages, "warn", calls)
    monkeypatch.setattr(messages, "inform", Calls())
    return calls


def make_page(qtbot, path: Path, ui: U.UiSettings) -> GatePage:
    page = GatePage(AppContext(actor=SYSTEM, db_path=path, ui=ui))
    qtbot.addWidget(page)
    page.resize(1280, 800)
    with qtbot.waitActive(page):
        page.show()
    return page


def waiting_at_desk(qtbot, page: GatePage) -> ExitRequest:
    waiting = ExitRequest.get(ExitRequest.decision == "")
    page.show_day(waiting.requested_at.date())
    page.select_request(waiting.id)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.pending_request == waiting.id
    return waiting


def test_alt_3_asks_why_and_the_log_and_register_show_it(
    qtbot, demo_db: Path, ui, warnings, monkeypatch
) -> None:
    page = make_page(qtbot, demo_db, ui)
    waiting = waiting_at_desk(qtbot, page)
    asked: list[str] = []

    def ask(cls, resident: str = "", parent=None) -> str:
        asked.append(resident)
        return "非急症，建议线上问诊或社区医生电话指导：已约社区医生明早电话随访"

    monkeypatch.setattr(RefusalDialog, "ask", classmethod(ask))
    qtbot.keyClick(page.table, Qt.Key.Key_3, ALT)
    assert len(asked) == 1 and waiting.resident.name in asked[0]
    request = ExitRequest.get_by_id(waiting.id)
    assert request.decision == "不同意"
    assert request.detail.endswith(
        "不同意原因：非急症，建议线上问诊或社区医生电话指导：已约社区医生明早电话随访"
    )
    assert warnings == []
    # The log: the details column and the decision's tooltip.
    page.select_request(request.id)
    row = page.table.currentIndex().row()
    keys = [c.key for c in page.model.listing.columns]
    detail = page.model.index(row, keys.index("detail")).data()
    assert "不同意原因：非急症" in detail
    tooltip = page.model.index(row, keys.index("decision")).data(Qt.ItemDataRole.ToolTipRole)
    assert "不同意原因：非急症" in tooltip
    state = page.model.index(row, len(keys)).data(Qt.ItemDataRole.ToolTipRole)
    assert state == tooltip
    # The audit says why, and the day's register prints it.
    entry = (
        AuditEntry.select()
        .where(AuditEntry.action == "gate.decide")
        .order_by(AuditEntry.id.desc())[0]
    )
    assert "不同意" in entry.summary and "非急症" in entry.summary
    data = gate_register.render(gate_register.gather(request.requested_at.date(), DEMO_NOW))
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    assert "不同意原因：非急症" in text


def test_cancelling_the_reason_decides_nothing(
    qtbot, demo_db: Path, ui, warnings, monkeypatch
) -> None:
    page = make_page(qtbot, demo_db, ui)
    waiting = waiting_at_desk(qtbot, page)
    monkeypatch.setattr(RefusalDialog, "ask", classmethod(lambda cls, *a, **k: None))
    qtbot.keyClick(page.table, Qt.Key.Key_3, ALT)
    assert ExitRequest.get_by_id(waiting.id).decision == ""
    assert page.pending_request == waiting.id and warnings == []


def test_the_refusal_dialog_offers_the_usual_reasons_and_free_text(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(messages, "confirm_discard", lambda parent: True)
    dialog = RefusalDialog("张三（3栋 1-101）")
    qtbot.addWidget(dialog)
    dialog.show()
    choices = [dialog.choice.itemText(i) for i in range(dialog.choice.count())]
    assert choices[: len(gate.REFUSAL_REASONS)] == list(gate.REFUSAL_REASONS)
    assert len(choices) == len(gate.REFUSAL_REASONS) + 1  # and "other"
    assert dialog.refusal() == gate.REFUSAL_REASONS[0]
    # Down picks the next usual reason; words typed below are added to it.
    qtbot.keyClick(dialog.choice, Qt.Key.Key_Down)
    dialog.words.setText("药店 30 分钟内送到")
    assert dialog.refusal() == f"{gate.REFUSAL_REASONS[1]}：药店 30 分钟内送到"
    # "Other" needs the words.
    dialog.choice.setCurrentIndex(dialog.choice.count() - 1)
    dialog.words.setText("")
    dialog.try_accept()
    assert dialog.isVisible() and dialog.fields["words"][1].text()
    dialog.words.setText("家属已代为取药")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.words, Qt.Key.Key_Return)
    assert dialog.refusal() == "家属已代为取药"
