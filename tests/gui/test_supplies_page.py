"""物资 page: receive a batch, expiry colours, the ledger, plan a round, record a delivery,
write off and correct, PPE, the delivery sheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import peewee as pw
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QTableWidgetItem

from office_app.models import (
    Building,
    Compound,
    Distribution,
    LedgerEntry,
    ServiceRecord,
    SupplyItem,
    Volunteer,
)
from office_app.reports.pdf_check import read_pdf
from office_app.services import listings as L
from office_app.services.admin.actor import SYSTEM, Actor
from office_app.services.supplies import stock as S
from office_app.services.supplies.listings import LEDGER
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.dialogs import messages
from office_app.views.dialogs.supply_dialogs import (
    DeliveryDialog,
    PlanRoundDialog,
    ReceiveBatchDialog,
    StockChangeDialog,
)
from office_app.views.pages import supplies as page_module
from office_app.views.pages.supplies import SuppliesPage
from office_app.views.table_models.supplies_table_model import LedgerTableModel, StockTableModel

DEMO_NOW = dt.datetime(2022, 11, 22, 10, 0)
DEMO_TODAY = DEMO_NOW.date()
READER = Actor("viewer", "查看员", "readonly", None)


@pytest.fixture(autouse=True)
def _setup(office_app, monkeypatch) -> None:
    monkeypatch.setattr(page_module, "now", lambda: DEMO_NOW)
    monkeypatch.setattr(messages, "confirm_discard", lambda *_a: True)


def make_page(qtbot, path: Path, ui: U.UiSettings, actor: Actor = SYSTEM) -> SuppliesPage:
    page = SuppliesPage(AppContext(actor=actor, db_path=path, ui=ui))
    qtbot.addWidget(page)
    page.resize(1200, 760)
    with qtbot.waitActive(page):
        page.show()
    return page


def row_of(page: SuppliesPage, name: str, expiry: str | None = None) -> int:
    model = page.stock.model
    for row in range(model.rowCount()):
        values = model.row_values(row)
        assert values is not None
        if values[1] == name and (expiry is None or str(values[6])[:10] == expiry):
            return row
    raise AssertionError(name)


def accept_with(monkeypatch, cls: type[QDialog], fill: Any) -> list[QDialog]:
    """Replace ``cls.exec`` by filling the real dialog and pressing Save."""
    seen: list[QDialog] = []

    def exec_(self: Any) -> int:
        seen.append(self)
        fill(self)
        self.try_accept()
        return int(self.result())

    monkeypatch.setattr(cls, "exec", exec_)
    return seen


# --- models ----------------------------------------------------------------------------------


def test_the_page_models_pass_the_model_tester(qtmodeltester, demo_db: Path) -> None:
    stock = StockTableModel(L.SUPPLIES, lambda: DEMO_TODAY)
    qtmodeltester.check(stock, force_py=True)
    ledger = LedgerTableModel(LEDGER)
    ledger.set_filter(item=SupplyItem.get(SupplyItem.name == "面屏").id)
    assert ledger.rowCount() > 2
    qtmodeltester.check(ledger, force_py=True)
    ledger.set_filter(item=0)
    assert ledger.rowCount() == 0
    qtmodeltester.check(ledger, force_py=True)


def test_expired_lots_are_red_and_expiring_ones_orange(qtbot, demo_db: Path, ui) -> None:
    page = make_page(qtbot, demo_db, ui)
    model = page.stock.stock_model
    column = model.expiry_column
    expired = model.index(row_of(page, "连花清瘟胶囊"), column)
    soon = model.index(row_of(page, "蔬菜包", "2022-11-25"), column)
    later = model.index(row_of(page, "大米"), column)
    assert expired.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#d32f2f"
    assert soon.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#f57c00"
    assert later.data(Qt.ItemDataRole.BackgroundRole) is None
    assert "过期" in expired.data(Qt.ItemDataRole.ToolTipRole)
    warning = page.stock.warnings.text()
    stock = {p.name: p for p in S.products(DEMO_TODAY)}
    assert f"连花清瘟胶囊 {stock['连花清瘟胶囊'].expired}盒" in warning
    assert f"蔬菜包 {stock['蔬菜包'].expiring}份" in warning


def test_the_ledger_of_the_selected_lot_is_shown(qtbot, demo_db: Path, ui) -> None:
    page = make_page(qtbot, demo_db, ui)
    row = row_of(page, "面屏")
    page.stock.table.setCurrentIndex(page.stock.model.index(row, 0))
    ledger = page.stock.ledger_model
    kinds = {ledger.index(r, 1).data() for r in range(ledger.rowCount())}
    assert {"入库", "更正", "防护领用"} <= kinds
    assert "面屏" in page.stock.ledger_title.text()


# --- receiving a batch -------------------------------------------------------------------------


def fill_batch(dialog: ReceiveBatchDialog) -> None:
    dialog.source.setCurrentText("社会捐赠")
    dialog.supplier.setText("爱心企业")
    dialog.received.setDate(dialog.received.date().addDays(-1))
    dialog.items.item(0, 0).setText("酒精棉片")
    combo = dialog.items.cellWidget(0, 1)
    assert isinstance(combo, QComboBox)
    combo.setCurrentText("防护物资")
    dialog.items.item(0, 2).setText("盒")
    dialog.items.item(0, 3).setText("120")
    dialog.items.item(0, 4).setText("2022-11-27")
    row = dialog.add_item()
    dialog.items.item(row, 0).setText("退烧贴")
    combo = dialog.items.cellWidget(row, 1)
    assert isinstance(combo, QComboBox)
    combo.setCurrentText("药品")
    dialog.items.item(row, 3).setText("40")


def test_receiving_a_batch_from_the_page(qtbot, monkeypatch, demo_db: Path, ui, boxes) -> None:
    page = make_page(qtbot, demo_db, ui)
    seen = accept_with(monkeypatch, ReceiveBatchDialog, fill_batch)
    before = page.stock.model.rowCount()
    page.receive_action.trigger()
    assert len(seen) == 1 and boxes["warn"] == []
    assert page.stock.model.rowCount() == before + 2
    swabs = SupplyItem.get(SupplyItem.name == "酒精棉片")
    assert (swabs.category, swabs.unit, swabs.quantity) == ("防护物资", "盒", 120)
    assert swabs.batch.source == "社会捐赠" and swabs.batch.supplier == "爱心企业"
    assert swabs.batch.received_on == DEMO_TODAY - dt.timedelta(days=1)
    assert S.item_stock(swabs.id) == 120
    row = row_of(page, "酒精棉片")
    model = page.stock.stock_model
    assert model.index(row, model.stock_column).data() == "120"
    # Expires in 5 days: orange, and named in the warning above the list.
    assert model.index(row, model.expiry_column).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "酒精棉片 120盒" in page.stock.warnings.text()


def test_the_batch_dialog_says_what_is_wrong(qtbot) -> None:
    dialog = ReceiveBatchDialog(DEMO_TODAY)
    qtbot.addWidget(dialog)
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "物资名称不能为空" in dialog.items_reason.text()
    dialog.items.item(0, 0).setText("大米")
    dialog.items.item(0, 3).setText("十袋")
    assert "whole number" in dialog.items_reason.text() or "整数" in dialog.items_reason.text()
    dialog.items.item(0, 3).setText("10")
    dialog.items.item(0, 4).setText("明年")
    assert "明年" in dialog.items_reason.text()
    dialog.items.item(0, 4).setText("")
    assert dialog.items_reason.text() == ""
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


# --- write off and correct ------------------------------------------------------------------------


def test_a_correction_from_the_page_adds_an_entry(
    qtbot, monkeypatch, demo_db: Path, ui, boxes
) -> None:
    page = make_page(qtbot, demo_db, ui)
    row = row_of(page, "面屏")
    page.stock.table.setCurrentIndex(page.stock.model.index(row, 0))
    item_id = page.stock.current_item_id()
    assert item_id is not None
    stock = S.item_stock(item_id)
    entries = page.stock.ledger_model.rowCount()

    def fill(dialog: StockChangeDialog) -> None:
        dialog.quantity.setValue(stock - 2)
        dialog.reason_edit.setText("盘点短少 2 个")

    accept_with(monkeypatch, StockChangeDialog, fill)
    page.stock.correct_button.click()
    assert S.item_stock(item_id) == stock - 2
    assert page.stock.ledger_model.rowCount() == entries + 1
    last = LedgerEntry.select().order_by(LedgerEntry.id.desc()).get()
    assert (last.kind, last.quantity, last.reason) == ("correction", -2, "盘点短少 2 个")


def test_a_loss_needs_a_reason_and_fits_the_stock(qtbot) -> None:
    lot = S.Lot(1, "蔬菜包", "生活物资", "份", None, DEMO_TODAY, 10, 10, "")
    dialog = StockChangeDialog(lot, correction=False)
    qtbot.addWidget(dialog)
    dialog.quantity.setValue(11)
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.reason("quantity") and dialog.reason("reason")
    dialog.quantity.setValue(3)
    dialog.reason_edit.setText("腐烂")
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


# --- rounds and deliveries ------------------------------------------------------------------------


def select_building(page: SuppliesPage, label: str) -> None:
    tab = page.rounds
    row = next(i for i, line in enumerate(tab.lines) if line.label == label)
    tab.table.setCurrentCell(row, 0)


def test_recording_a_delivery_from_the_page(qtbot, monkeypatch, demo_db: Path, ui, boxes) -> None:
    page = make_page(qtbot, demo_db, ui)
    page.tabs.setCurrentWidget(page.rounds)
    tab = page.rounds
    assert "第二轮蔬菜包" in tab.round_combo.currentText()
    select_building(page, "恒基雍翠名门 3栋")
    assert tab.deliver_button.isEnabled()
    volunteer = Volunteer.get(Volunteer.name == "崔亚涛")
    stock_before = S.usable_stock("蔬菜包", DEMO_TODAY)
    left_out: list[int] = []

    def fill(dialog: DeliveryDialog) -> None:
        dialog.volunteer.setCurrentIndex(dialog.volunteer.findData(volunteer.id))
        ids = dialog.checked()
        left_out.extend(ids[:2])
        dialog.set_checked(set(ids[2:]))

    accept_with(monkeypatch, DeliveryDialog, fill)
    page.deliver_action.trigger()
    assert boxes["warn"] == []
    line = tab.current_line()
    assert line is not None and line.label == "恒基雍翠名门 3栋"
    assert (line.planned_households, line.delivered_households, line.missed) == (41, 39, 2)
    row = tab.table.currentRow()
    assert tab.table.item(row, 5).text() == "39"
    assert tab.table.item(row, 6).text() == "2"
    assert tab.table.item(row, 7).text() == "崔亚涛"
    assert tab.missed.count() == 2
    assert "2" in tab.missed_title.text()
    assert S.usable_stock("蔬菜包", DEMO_TODAY) == stock_before - 39
    record = ServiceRecord.select().order_by(ServiceRecord.id.desc()).get()
    assert (record.kind, record.count, record.volunteer_id) == ("物资配送", 39, volunteer.id)
    building = Building.get(
        (Building.name == "3栋") & (Building.compound == Compound.get(name="恒基雍翠名门"))
    )
    assert record.building_id == building.id
    undelivered = Distribution.select().where(
        (Distribution.building == building.id) & Distribution.delivered_at.is_null(True)
    )
    assert sorted(d.household_id for d in undelivered) == sorted(left_out)


def test_planning_a_round_from_the_page(qtbot, monkeypatch, demo_db: Path, ui, boxes) -> None:
    page = make_page(qtbot, demo_db, ui)
    page.tabs.setCurrentWidget(page.rounds)
    sealed = Building.get(Building.risk_level == "高")
    low = Building.select().where(Building.risk_level == "低").order_by(Building.id).first()

    def fill(dialog: PlanRoundDialog) -> None:
        dialog.name.setText("第三轮米")
        dialog.product.setCurrentIndex(dialog.product.findData("大米"))
        dialog.check_buildings({sealed.id, low.id})
        assert dialog.plan is not None
        # Fewer bags than the two buildings' households: the sealed one comes first.
        assert dialog.preview.item(0, 1).text() in ("高", "High")
        assert dialog.plan.shortfall > 0
        assert "缺" in dialog.summary.text() or "Shortfall" in dialog.summary.text()

    accept_with(monkeypatch, PlanRoundDialog, fill)
    page.rounds.plan_button.click()
    assert boxes["warn"] == []
    assert "第三轮米" in page.rounds.round_combo.currentText()
    lines = page.rounds.lines
    assert lines[0].building_id == sealed.id
    # One bag per household: as many households as bags in stock.
    rice = S.usable_stock("大米", DEMO_TODAY)
    assert sum(line.planned_households for line in lines) == rice
    assert all(line.delivered_households == 0 for line in lines)


def test_the_plan_dialog_refuses_without_buildings(qtbot, demo_db: Path) -> None:
    dialog = PlanRoundDialog(DEMO_TODAY, S.building_choices(), S.products(DEMO_TODAY))
    qtbot.addWidget(dialog)
    dialog.name.setText("第三轮")
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.reason("product")
    # Protective equipment is issued to shifts, not planned for households.
    products = [dialog.product.itemData(i) for i in range(dialog.product.count())]
    assert "蔬菜包" in products and "N95口罩" not in products


def test_saving_the_delivery_sheet(qtbot, monkeypatch, demo_db: Path, ui, tmp_path) -> None:
    page = make_page(qtbot, demo_db, ui)
    target = tmp_path / "签收单.pdf"
    monkeypatch.setattr(page.rounds, "choose_pdf", lambda _name: str(target))
    page.tabs.setCurrentWidget(page.rounds)
    page.rounds.save_button.menu().actions()[0].trigger()  # Ctrl+P prints: test_printing.py
    assert target.exists() and target.read_bytes().startswith(b"%PDF-")
    assert ui.get(U.LAST_EXPORT_FOLDER) == str(tmp_path)
    one = read_pdf(target.read_bytes())
    shown = page.rounds.current_line()
    assert shown is not None and f"楼栋：{shown.label}" in one.text
    assert one.text.count("楼栋：") == 1
    page.rounds.save_button.menu().actions()[1].trigger()  # every building of the round
    every = read_pdf(target.read_bytes())
    assert every.text.count("楼栋：") == len(page.rounds.lines) == 6


# --- PPE and charts ---------------------------------------------------------------------------


def test_issuing_ppe_to_a_shift(qtbot, demo_db: Path, ui, boxes) -> None:
    page = make_page(qtbot, demo_db, ui)
    page.tabs.setCurrentWidget(page.ppe)
    tab = page.ppe
    assert tab.shift.count() > 0
    tab.product.setCurrentIndex(tab.product.findData("防护服"))
    before = tab.table.item(0, 1).text()
    tab.quantity.setValue(5)
    tab.issue_button.click()
    assert boxes["warn"] == []
    entry = LedgerEntry.select().order_by(LedgerEntry.id.desc()).get()
    assert (entry.kind, entry.quantity, entry.shift_id) == (
        "ppe_issue",
        -5,
        tab.shift.currentData(),
    )
    assert int(tab.table.item(0, 1).text()) == int(before) + 5
    tab.quantity.setValue(100_000)
    tab.issue_button.click()
    assert "库存不足" in boxes["warn"][0][0][2]


def test_the_charts_have_data(qtbot, demo_db: Path, ui) -> None:
    page = make_page(qtbot, demo_db, ui)
    page.tabs.setCurrentWidget(page.charts)
    assert len(page.charts.stock_chart.series) == page_module.CHART_DAYS
    bars = page.charts.delivery_chart.bars
    assert bars and bars[0][1] >= bars[-1][1] > 0
    page.charts.grab()  # paints without error


def test_a_readonly_operator_cannot_change_anything(qtbot, monkeypatch, demo_db: Path, ui) -> None:
    page = make_page(qtbot, demo_db, ui, READER)
    monkeypatch.setattr(ReceiveBatchDialog, "ask", lambda *a, **k: pytest.fail("asked"))
    for button in (
        page.stock.receive_button,
        page.stock.import_button,
        page.stock.loss_button,
        page.stock.correct_button,
        page.rounds.plan_button,
        page.rounds.deliver_button,
        page.ppe.issue_button,
    ):
        assert not button.isEnabled(), button.objectName()
    page.receive_action.trigger()
    count = pw.fn.COUNT(SupplyItem.id)
    assert SupplyItem.select(count).scalar() == 14


def test_the_item_table_accepts_items(qtbot) -> None:
    dialog = ReceiveBatchDialog(DEMO_TODAY)
    qtbot.addWidget(dialog)
    dialog.add_item(S.ItemLine("手套", "防护物资", "副", 50, dt.date(2024, 1, 1)))
    assert dialog.items.rowCount() == 2
    item = dialog.items.item(1, 4)
    assert isinstance(item, QTableWidgetItem) and item.text() == "2024-01-01"
    dialog.items.setCurrentCell(0, 0)
    dialog.remove_button.click()
    assert dialog.data().items == (S.ItemLine("手套", "防护物资", "副", 50, dt.date(2024, 1, 1)),)


def test_the_page_opens_in_the_main_window_with_its_list(qtbot, demo_db: Path, ui) -> None:
    from office_app.views.main_window import MainWindow

    window = MainWindow(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(window)
    page = window.show_page("supplies")
    assert isinstance(page, SuppliesPage)
    stock = page.stock
    assert stock.model.rowCount() == 14
    assert stock.count_label.text() == "共 14 条"
    window.focus_filter()
    assert page.tabs.currentWidget() is stock
