"""出入 page: from search to return with the keyboard only, the rule on the buttons, the log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from office_app.models import Building, ExitRequest, Household, Resident, ServiceRecord
from office_app.services.admin.actor import SYSTEM, Actor
from office_app.services.gate import exits as gate
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.dialogs import messages
from office_app.views.pages import gate as gate_page
from office_app.views.pages import page_specs
from office_app.views.pages.gate import GatePage, GateTableModel

from .recording import Calls

DEMO_NOW = dt.datetime(2022, 11, 22, 9, 30)
READER = Actor("viewer", "查看员", "readonly", None)
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture(autouse=True)
def _application(office_app, monkeypatch) -> None:
    """The program's QApplication; the page's clock stands at the demo's morning."""
    monkeypatch.setattr(gate_page, "now", lambda: DEMO_NOW)


@pytest.fixture
def warnings(monkeypatch) -> Calls:
    calls = Calls()
    monkeypatch.setattr(messages, "warn", calls)
    monkeypatch.setattr(messages, "inform", Calls())
    return calls


def make_page(qtbot, path: Path, ui: U.UiSettings, actor: Actor = SYSTEM) -> GatePage:
    page = GatePage(AppContext(actor=actor, db_path=path, ui=ui))
    qtbot.addWidget(page)
    page.resize(1200, 760)
    with qtbot.waitActive(page):
        page.show()
    return page


def unique_tail(risk: str) -> tuple[Resident, str]:
    """A resident of a building at ``risk`` whose phone's last four digits find only them."""
    candidates = (
        Resident.select()
        .join(Household)
        .join(Building)
        .where((Building.risk_level == risk) & (Resident.phone != ""))
        .order_by(Resident.id)
    )
    for resident in candidates:
        tail = resident.phone[-4:]
        if [h.id for h in gate.find_residents(tail)] == [resident.id]:
            return resident, tail
    raise AssertionError(f"no resident with a unique phone tail in a {risk} building")


def test_the_page_is_registered(qtbot, demo_db: Path, ui) -> None:
    spec = next(s for s in page_specs() if s.name == "gate")
    page = spec.create(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    assert isinstance(page, GatePage)


def test_gate_model_passes_the_model_tester(qtmodeltester, demo_db: Path) -> None:
    model = GateTableModel()
    model.set_filter(day=DEMO_NOW.date() - dt.timedelta(days=1))
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_sealed_resident_from_search_to_return_with_the_keyboard_only(
    qtbot, demo_db: Path, ui, warnings: Calls
) -> None:
    resident, tail = unique_tail("高")
    page = make_page(qtbot, demo_db, ui)
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, tail)  # digits only: keyClicks cannot type Chinese
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.resident is not None and page.resident.id == resident.id
    assert page.reason.hasFocus() and page.reason.currentText() == "就医"
    # Not urgent: a sealed building's resident may not go; only errand or refusal.
    assert not page.decision_buttons["同意·点对点"].isEnabled()
    assert page.decision_buttons["代办替代"].isEnabled()
    assert "高风险楼栋" in page.ruling_label.text()
    qtbot.keyClick(page.reason, Qt.Key.Key_Tab)
    assert page.urgent.hasFocus()
    qtbot.keyClick(page.urgent, Qt.Key.Key_Space)
    assert page.urgent.isChecked()
    assert page.decision_buttons["同意·点对点"].isEnabled()
    assert "须指派志愿者陪同" in page.ruling_label.text()
    # Deciding without an escort is refused and writes nothing.
    qtbot.keyClick(page.urgent, Qt.Key.Key_1, ALT)
    assert len(warnings) == 1 and "陪同" in warnings[0][0][2]
    assert ExitRequest.select().where(ExitRequest.resident == resident.id).count() == 0
    # Tab to the escort box, take the first volunteer on shift, decide.
    qtbot.keyClick(page.urgent, Qt.Key.Key_Tab)
    assert page.detail.hasFocus()
    qtbot.keyClick(page.detail, Qt.Key.Key_Tab)
    assert page.escort.hasFocus()
    qtbot.keyClick(page.escort, Qt.Key.Key_Down)
    escort_id = page.escort.currentData()
    assert escort_id is not None
    qtbot.keyClick(page.escort, Qt.Key.Key_1, ALT)
    request = ExitRequest.get(ExitRequest.resident == resident.id)
    assert (request.reason, request.urgency, request.decision) == ("就医", "紧急", "同意·点对点")
    assert request.escort_id == escort_id
    assert page.table.hasFocus() and page.selected_request().id == request.id
    assert page.resident is None and page.search.text() == ""
    # Out, then back.
    assert page.out_button.isEnabled() and not page.back_button.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_O, ALT)
    request = ExitRequest.get_by_id(request.id)
    assert request.out_at == DEMO_NOW
    assert request.due_back_at == DEMO_NOW + dt.timedelta(hours=gate.EXIT_HOURS["就医"])
    escort_record = ServiceRecord.get(ServiceRecord.exit_request_id == request.id)
    assert (escort_record.volunteer_id, escort_record.kind) == (escort_id, "就医陪同")
    assert page.back_button.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_B, ALT)
    assert ExitRequest.get_by_id(request.id).back_at == DEMO_NOW
    row = page.table.currentIndex().row()
    state_column = page.model.columnCount() - 1
    assert page.model.index(row, state_column).data() == "已返回"
    assert warnings == [warnings[0]]


def test_sealed_resident_asking_for_medicine_gets_an_errand(
    qtbot, demo_db: Path, ui, warnings: Calls
) -> None:
    resident, tail = unique_tail("高")
    page = make_page(qtbot, demo_db, ui)
    page.focus_filter()
    qtbot.keyClicks(page.search, tail)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.keyClick(page.reason, Qt.Key.Key_Down)  # 就医 → 购药
    assert page.reason.currentText() == "购药"
    qtbot.keyClick(page.reason, Qt.Key.Key_1, ALT)  # disabled: nothing happens
    assert ExitRequest.select().where(ExitRequest.resident == resident.id).count() == 0
    page.errand_by.setCurrentIndex(1)
    volunteer = page.errand_by.currentData()
    qtbot.keyClick(page.reason, Qt.Key.Key_2, ALT)
    request = ExitRequest.get(ExitRequest.resident == resident.id)
    assert request.decision == "代办替代"
    errand = ServiceRecord.get(ServiceRecord.exit_request_id == request.id)
    assert (errand.volunteer_id, errand.kind) == (volunteer, "代购药品")
    assert not page.out_button.isEnabled()
    assert warnings == []


def test_a_waiting_request_is_decided_from_the_log(qtbot, demo_db: Path, ui, warnings) -> None:
    waiting = ExitRequest.get(ExitRequest.decision == "")
    page = make_page(qtbot, demo_db, ui)
    page.select_request(waiting.id)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.pending_request == waiting.id
    assert page.resident is not None and page.resident.id == waiting.resident_id
    assert "尚未决定" in page.resident_label.text()
    assert not page.reason.isEnabled() and not page.urgent.isEnabled()
    page.ask_refusal_reason = lambda: "事由不充分或无法核实"  # the dialog's answer
    qtbot.keyClick(page.table, Qt.Key.Key_3, ALT)
    assert ExitRequest.get_by_id(waiting.id).decision == "不同意"
    assert "不同意原因：事由不充分或无法核实" in ExitRequest.get_by_id(waiting.id).detail
    assert ExitRequest.select().where(ExitRequest.resident == waiting.resident_id).count() == 1


def test_overdue_returns_are_counted_and_tinted(qtbot, demo_db: Path, ui) -> None:
    page = make_page(qtbot, demo_db, ui)
    late = gate.overdue(DEMO_NOW)
    assert len(late) == 1
    assert page.overdue_label.text() == f"外出未返 {len(gate.not_back())} 人，其中逾期 1 人"
    page.not_back_only.setChecked(True)
    assert page.model.rowCount() == len(gate.not_back())
    page.select_request(late[0].id)
    row = page.table.currentIndex().row()
    state_column = page.model.columnCount() - 1
    assert page.model.index(row, state_column).data() == "逾期未返"
    assert page.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    rect = page.table.visualRect(page.model.index(row, 1))
    image = page.table.viewport().grab().toImage()
    assert image.pixelColor(rect.left() + 2, rect.center().y()).name() == "#fdecea"


def test_a_readonly_operator_sees_the_log_but_cannot_decide(qtbot, demo_db: Path, ui) -> None:
    resident, tail = unique_tail("低")
    page = make_page(qtbot, demo_db, ui, actor=READER)
    page.search.setText(tail)
    page.search_now()
    page.take_hit()
    assert page.resident is not None and page.resident.id == resident.id
    assert not any(b.isEnabled() for b in page.decision_buttons.values())
    assert page.model.rowCount() > 0


def test_save_pdf_saves_the_days_register(
    qtbot, demo_db: Path, ui, monkeypatch, tmp_path: Path
) -> None:
    page = make_page(qtbot, demo_db, ui)
    target = tmp_path / "登记表.pdf"
    asked: list[str] = []

    def choose(suggested: str) -> str:
        asked.append(suggested)
        return str(target)

    monkeypatch.setattr(page, "choose_pdf_file", choose)
    informed = Calls()
    monkeypatch.setattr(messages, "inform", informed)
    page.save_button.click()  # Ctrl+P prints: tests/gui/test_printing.py
    assert asked and asked[0].endswith("出入登记表-2022-11-22.pdf")
    assert target.read_bytes().startswith(b"%PDF")
    assert ui.get(U.LAST_EXPORT_FOLDER) == str(tmp_path)
    assert len(informed) == 1


def test_the_overview_lists_overdue_returns_and_opens_them_at_the_gate(
    qtbot, demo_db: Path, ui, monkeypatch
) -> None:
    from office_app.views.main_window import MainWindow
    from office_app.views.pages import overview as overview_page

    monkeypatch.setattr(overview_page, "now", lambda: DEMO_NOW)
    window = MainWindow(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(window)
    page = window.show_page("overview")
    late = gate.overdue(DEMO_NOW)
    assert len(late) == 1
    assert page.tiles["overdue"].value_label.text() == "1"
    assert page.tabs.tabText(2) == "逾期未返（1）"
    item = page.overdue_list.item(0)
    assert late[0].name in item.text() and late[0].phone_masked in item.text()
    assert "已超" in item.text()
    page.open_overdue(item)
    gate_view = window.current_page()
    assert isinstance(gate_view, GatePage)
    assert gate_view.not_back_only.isChecked()
    assert gate_view.selected_request().id == late[0].id
    # Back through the gate: the overview no longer lists them.
    gate.mark_back(SYSTEM, late[0].id, at=DEMO_NOW)
    page = window.show_page("overview")
    page.refresh()
    assert page.tabs.tabText(2) == "逾期未返（0）"
    assert page.tiles["overdue"].value_label.text() == "0"


def test_the_hit_chosen_with_the_arrows_is_the_one_taken(qtbot, demo_db: Path, ui) -> None:
    page = make_page(qtbot, demo_db, ui)
    page.focus_filter()
    qtbot.keyClicks(page.search, "3-5-1")  # room 5-1 of every compound's 3栋: several hits
    qtbot.waitUntil(lambda: page.hits.count() >= 3, timeout=3000)
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    wanted = page.hits.currentItem().data(Qt.ItemDataRole.UserRole)
    assert page.hits.currentRow() == 2
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.resident is not None and page.resident.id == wanted.id
