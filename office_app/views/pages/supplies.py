"""物资: stock by lot with expiry warnings and each lot's ledger, distribution rounds and
deliveries, protective equipment issued to shifts, and two charts.

The rules live in ``services.supplies.stock``; this page shows what it returns and asks for input.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMenu,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from office_app.services import listings as L
from office_app.services.admin.actor import PermissionDenied
from office_app.services.choices import CATEGORIES
from office_app.services.clock import now
from office_app.services.reporting.palette import RISK_COLORS
from office_app.services.supplies import stock as S
from office_app.services.supplies.listings import LEDGER

from .. import file_dialogs, printing
from .. import ui_settings as U
from ..context import AppContext
from ..dialogs import messages
from ..dialogs.import_summary_dialog import choose_import_file
from ..dialogs.supply_dialogs import (
    DeliveryDialog,
    PlanRoundDialog,
    ReceiveBatchDialog,
    StockChangeDialog,
)
from ..formatting import risk_label
from ..list_page import ChoiceFilter, ColourCellDelegate, ListPage
from ..table_models.supplies_table_model import LedgerTableModel, StockTableModel
from ..widgets.page_parts import (
    Failed,
    attempt,
    button,
    button_row,
    date_edit,
    detail_table,
    remember_export,
    shortcut,
    show_status,
    succeeded,
    translated,
)
from .supplies_charts import BarChart, StockChart

log = logging.getLogger(__name__)

CHART_DAYS = 14


def today() -> dt.date:
    return now().date()


def _item(text: str, *, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _plain_table(parent: QWidget, headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(26)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    return table


# --- 库存: lots, expiry warnings, a lot's ledger -------------------------------------------------


class StockTab(ListPage):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context,
            L.SUPPLIES,
            filters=[
                ChoiceFilter.fixed(
                    "category", QCoreApplication.translate("Filters", "Category"), CATEGORIES
                )
            ],
            parent=parent,
        )
        self.stock_model = StockTableModel(self.listing, today, self)
        self.use_model(self.stock_model)
        self.follow_current(self._current_changed)
        self.table.setItemDelegateForColumn(
            self.stock_model.expiry_column, ColourCellDelegate(self.table)
        )

        self.warnings = QLabel(self)
        self.warnings.setObjectName("expiryWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        self.receive_button = button(
            self,
            "receiveButton",
            QCoreApplication.translate("SuppliesPage", "Receive a batch…"),
            QCoreApplication.translate("SuppliesPage", "Receive a batch (Ctrl+N)"),
        )
        self.import_button = button(
            self,
            "importButton",
            QCoreApplication.translate("SuppliesPage", "Import…"),
            QCoreApplication.translate("SuppliesPage", "Import a batch list (Ctrl+I)"),
        )
        self.loss_button = button(
            self,
            "lossButton",
            QCoreApplication.translate("SuppliesPage", "Write off…"),
            slot=lambda: self.change_stock(correction=False),
        )
        self.correct_button = button(
            self,
            "correctButton",
            QCoreApplication.translate("SuppliesPage", "Correct stock…"),
            slot=lambda: self.change_stock(correction=True),
        )
        self.receive_button.clicked.connect(self.receive)
        self.import_button.clicked.connect(self.import_file)
        self.header_layout.addLayout(
            button_row(
                (self.receive_button, self.loss_button, self.correct_button),
                (self.import_button,),
            )
        )
        self.header_layout.addWidget(self.warnings)

        self.ledger_model = LedgerTableModel(LEDGER, self)
        self.ledger_model.set_filter(item=0)
        self.ledger = detail_table(
            self, "ledger", self.ledger_model, 24, [spec.width for spec in LEDGER.columns]
        )
        self.ledger_title = QLabel(self)
        self.ledger_title.setObjectName("ledgerTitle")
        self.ledger_title.setStyleSheet("font-weight: bold;")
        below = QWidget(self)
        box = QVBoxLayout(below)
        box.setContentsMargins(0, 4, 0, 0)
        box.addWidget(self.ledger_title)
        box.addWidget(self.ledger, 1)

        self.splitter = self.split_table(below, (420, 200))
        self._update_count()
        self._show_warnings()
        self.select_first_row()
        self._current_changed()

    def current_item_id(self) -> int | None:
        return self.current_id()

    def current_lot(self) -> S.Lot | None:
        item_id = self.current_item_id()
        if item_id is None:
            return None
        return next((lot for lot in S.lots(today=today()) if lot.item_id == item_id), None)

    def _current_changed(self, *_args: Any) -> None:
        item_id = self.current_item_id()
        self.ledger_model.set_filter(item=item_id or 0)
        if item_id is None:
            self.ledger_title.setText(
                QCoreApplication.translate("SuppliesPage", "Choose a lot to see its ledger.")
            )
        else:
            row = self.table.currentIndex().row()
            name = self.model.index(row, 0).data()
            stock = self.model.index(row, self.stock_model.stock_column).data()
            unit = self.model.index(row, 2).data()
            self.ledger_title.setText(
                QCoreApplication.translate(
                    "SuppliesPage", "Ledger of {name}: {stock} {unit} in stock"
                ).format(name=name, stock=stock, unit=unit)
            )
        selected = item_id is not None
        self.receive_button.setEnabled(self.can_write)
        self.import_button.setEnabled(self.can_write)
        self.loss_button.setEnabled(self.can_write and selected)
        self.correct_button.setEnabled(self.can_write and selected)

    def _show_warnings(self) -> None:
        expired = []
        expiring = []
        for product in S.products(today()):
            if product.expired:
                expired.append(f"{product.name} {product.expired:,}{product.unit}")
            if product.expiring:
                expiring.append(f"{product.name} {product.expiring:,}{product.unit}")
        parts = []
        if expired:
            parts.append(
                f"<span style='color:{S.EXPIRY_COLORS[S.EXPIRED]}; font-weight:bold'>"
                + QCoreApplication.translate("SuppliesPage", "Expired, not issued: {items}").format(
                    items="、".join(expired)
                )
                + "</span>"
            )
        if expiring:
            parts.append(
                f"<span style='color:{S.EXPIRY_COLORS[S.EXPIRING]}; font-weight:bold'>"
                + QCoreApplication.translate(
                    "SuppliesPage", "Expiring within 7 days, issued first: {items}"
                ).format(items="、".join(expiring))
                + "</span>"
            )
        self.warnings.setText("　".join(parts))
        self.warnings.setVisible(bool(parts))

    def refresh(self) -> None:
        current = self.current_item_id()
        super().refresh()
        self._show_warnings()
        row = self.row_of(current) if current is not None else None
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))
        self.ledger_model.refresh()
        self._current_changed()

    def open_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.ledger.setFocus()

    # --- actions ----------------------------------------------------------------------

    def receive(self) -> None:
        if not self.can_write:
            return
        data = ReceiveBatchDialog.ask(today(), self)
        if data is None:
            return
        if not succeeded(
            self,
            QCoreApplication.translate("SuppliesPage", "The batch was not received"),
            lambda: S.receive_batch(self.context.actor, data),
            S.SupplyError,
        ):
            return
        self.refresh()
        show_status(
            self,
            QCoreApplication.translate(
                "SuppliesPage", "Received {count} items from {supplier}"
            ).format(count=len(data.items), supplier=data.supplier or data.source),
        )

    def choose_import_file(self) -> str:
        return choose_import_file(
            self,
            self.context.ui,
            QCoreApplication.translate("SuppliesPage", "Import a batch list"),
            QCoreApplication.translate("SuppliesPage", "Batch lists (*.csv *.xlsx);;All files (*)"),
        )

    def import_file(self) -> None:
        from office_app.services.imports import supplies as supplies_import

        self.import_with(lambda file: supplies_import.import_supplies(self.context.actor, file))

    def change_stock(self, *, correction: bool) -> None:
        lot = self.current_lot()
        if lot is None or not self.can_write:
            return
        answer = StockChangeDialog.ask(lot, correction=correction, parent=self)
        if answer is None:
            return
        quantity, reason = answer
        try:
            if correction:
                S.correct_stock(self.context.actor, lot.item_id, quantity, reason)
            else:
                S.record_loss(self.context.actor, lot.item_id, quantity, reason)
        except (S.SupplyError, PermissionDenied) as exc:
            messages.warn(
                self,
                QCoreApplication.translate("SuppliesPage", "The stock was not changed"),
                str(exc),
            )
            return
        self.refresh()


# --- 配送: rounds, deliveries, missed households, the delivery sheet ---------------------------

ROUND_HEADERS = [
    QT_TRANSLATE_NOOP("SuppliesPage", "Building"),
    QT_TRANSLATE_NOOP("SuppliesPage", "Risk"),
    QT_TRANSLATE_NOOP("SuppliesPage", "Item"),
    QT_TRANSLATE_NOOP("SuppliesPage", "Households"),
    QT_TRANSLATE_NOOP("SuppliesPage", "Planned"),
    QT_TRANSLATE_NOOP("SuppliesPage", "Delivered"),
    QT_TRANSLATE_NOOP("SuppliesPage", "Missed"),
    QT_TRANSLATE_NOOP("SuppliesPage", "Delivered by"),
]


class RoundsTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.lines: list[S.RoundBuilding] = []
        self.round_combo = QComboBox(self)
        self.round_combo.setObjectName("roundCombo")
        self.round_combo.setMinimumContentsLength(24)
        self.plan_button = QPushButton(
            QCoreApplication.translate("SuppliesPage", "Plan a round…"), self
        )
        self.plan_button.setObjectName("planButton")
        self.deliver_button = button(
            self,
            "deliverButton",
            QCoreApplication.translate("SuppliesPage", "Record delivery…"),
            QCoreApplication.translate(
                "SuppliesPage", "Record a delivery to the selected building (Ctrl+D)"
            ),
        )
        self.print_button = button(
            self,
            "printButton",
            QCoreApplication.translate("SuppliesPage", "Print delivery sheet…"),
            QCoreApplication.translate(
                "SuppliesPage",
                "Print the delivery sheet of the selected building (Ctrl+P) or of every building",
            ),
        )
        self.plan_button.clicked.connect(self.plan_round)
        self.deliver_button.clicked.connect(self.record_delivery)
        sheet_menu = QMenu(self.print_button)
        sheet_menu.addAction(
            QCoreApplication.translate("SuppliesPage", "Selected building (Ctrl+P)"),
            self.print_sheet,
        )
        sheet_menu.addAction(
            QCoreApplication.translate("SuppliesPage", "Every building of the round"),
            lambda: self.print_sheet(whole_round=True),
        )
        self.print_button.setMenu(sheet_menu)
        self.save_button = button(
            self,
            "saveSheetButton",
            QCoreApplication.translate("SuppliesPage", "Save PDF…"),
            QCoreApplication.translate(
                "SuppliesPage",
                "Save the delivery sheet of the selected building or of every building as a PDF",
            ),
        )
        save_menu = QMenu(self.save_button)
        save_menu.addAction(
            QCoreApplication.translate("SuppliesPage", "Selected building"), self.save_sheet
        )
        save_menu.addAction(
            QCoreApplication.translate("SuppliesPage", "Every building of the round"),
            lambda: self.save_sheet(whole_round=True),
        )
        self.save_button.setMenu(save_menu)
        top = QHBoxLayout()
        top.addWidget(QLabel(QCoreApplication.translate("SuppliesPage", "Round"), self))
        top.addWidget(self.round_combo, 1)
        top.addWidget(self.plan_button)
        top.addWidget(self.deliver_button)
        top.addWidget(self.print_button)
        top.addWidget(self.save_button)
        self.note = QLabel(self)
        self.note.setObjectName("roundNote")
        self.note.setWordWrap(True)
        self.table = _plain_table(
            self,
            translated("SuppliesPage", ROUND_HEADERS),
            "roundBuildings",
        )
        header = self.table.horizontalHeader()
        for column, width in enumerate((170, 70, 90, 105, 95, 100, 85)):
            header.resizeSection(column, width)
        self.table.doubleClicked.connect(lambda _i: self.record_delivery())
        self.totals = QLabel(self)
        self.totals.setObjectName("roundTotals")
        self.missed_title = QLabel(self)
        self.missed_title.setStyleSheet("font-weight: bold;")
        self.missed = QListWidget(self)
        self.missed.setObjectName("missedHouseholds")
        self.missed.setFlow(QListWidget.Flow.LeftToRight)
        self.missed.setWrapping(True)
        self.missed.setMaximumHeight(110)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.missed_title)
        layout.addWidget(self.missed)
        self.round_combo.currentIndexChanged.connect(lambda _i: self.show_round())
        self.table.currentCellChanged.connect(lambda *_a: self.show_missed())
        self.refresh()

    @property
    def can_write(self) -> bool:
        return self.context.actor.can_write

    def round_id(self) -> int | None:
        value = self.round_combo.currentData()
        return int(value) if value is not None else None

    def refresh(self, select: int | None = None) -> None:
        current = select if select is not None else self.round_id()
        self.round_combo.blockSignals(True)
        self.round_combo.clear()
        for info in S.rounds():
            products = "、".join(info.products)
            self.round_combo.addItem(
                f"{info.planned_on:%Y-%m-%d} {info.name}" + (f"（{products}）" if products else ""),
                info.id,
            )
        position = self.round_combo.findData(current) if current is not None else 0
        self.round_combo.setCurrentIndex(max(position, 0))
        self.round_combo.blockSignals(False)
        self.show_round()

    def current_line(self) -> S.RoundBuilding | None:
        row = self.table.currentRow()
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def show_round(self) -> None:
        round_id = self.round_id()
        selected_building = line.building_id if (line := self.current_line()) else None
        self.lines = S.round_buildings(round_id) if round_id is not None else []
        info = S.get_round(round_id) if round_id is not None else None
        self.note.setText(
            info.note
            if info
            else QCoreApplication.translate("SuppliesPage", "No distribution round yet.")
        )
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            values = [
                (line.label, False),
                (risk_label(line.risk_level), False),
                (line.product, False),
                (f"{line.households:,}", True),
                (f"{line.planned_households:,}", True),
                (f"{line.delivered_households:,}", True),
                (f"{line.missed:,}" if line.missed else "", True),
                ("、".join(line.volunteers), False),
            ]
            for column, (text, right) in enumerate(values):
                item = _item(text, right=right)
                if column == 1 and line.risk_level == "高":
                    item.setForeground(QBrush(QColor(RISK_COLORS["高"])))
                if column == 6 and line.missed:
                    item.setForeground(QBrush(QColor(S.EXPIRY_COLORS[S.EXPIRING])))
                self.table.setItem(row, column, item)
        planned = sum(line.planned_households for line in self.lines)
        delivered = sum(line.delivered_households for line in self.lines)
        self.totals.setText(
            QCoreApplication.translate(
                "SuppliesPage",
                "{buildings} buildings: {delivered} of {planned} households delivered",
            ).format(
                buildings=len({line.building_id for line in self.lines}),
                delivered=f"{delivered:,}",
                planned=f"{planned:,}",
            )
        )
        # Stay on the building shown before; else the first one still waiting for a delivery.
        row = next(
            (i for i, line in enumerate(self.lines) if line.building_id == selected_building),
            next((i for i, line in enumerate(self.lines) if line.missed), 0),
        )
        if self.lines:
            self.table.setCurrentCell(row, 0)
        self.show_missed()

    def show_missed(self) -> None:
        self.missed.clear()
        round_id = self.round_id()
        line = self.current_line()
        self.deliver_button.setEnabled(self.can_write and line is not None and line.missed > 0)
        self.print_button.setEnabled(round_id is not None and bool(self.lines))
        self.save_button.setEnabled(round_id is not None and bool(self.lines))
        self.plan_button.setEnabled(self.can_write)
        if round_id is None or line is None:
            self.missed_title.setText("")
            return
        missed = S.missed_households(round_id, line.building_id)
        self.missed_title.setText(
            QCoreApplication.translate(
                "SuppliesPage", "Not delivered in {building}: {count} households"
            ).format(building=line.label, count=len(missed))
        )
        for _building, household in missed:
            self.missed.addItem(household)

    # --- actions ----------------------------------------------------------------------

    def plan_round(self) -> None:
        if not self.can_write:
            return
        request = PlanRoundDialog.ask(
            today(), S.building_choices(), S.products(today()), parent=self
        )
        if request is None:
            return
        round_id = attempt(
            self,
            QCoreApplication.translate("SuppliesPage", "The round was not saved"),
            lambda: S.create_round(
                self.context.actor,
                request.name,
                request.planned_on,
                request.plan,
                request.note,
                today=today(),
            ),
            S.SupplyError,
        )
        if isinstance(round_id, Failed):
            return
        self.refresh(select=round_id)
        show_status(
            self,
            QCoreApplication.translate("SuppliesPage", "Round {name} planned").format(
                name=request.name
            ),
        )

    def record_delivery(self) -> None:
        round_id = self.round_id()
        line = self.current_line()
        if round_id is None or line is None or not self.can_write:
            return
        waiting = [
            p for p in S.planned_households(round_id, line.building_id) if p.delivered_at is None
        ]
        if not waiting:
            messages.inform(
                self,
                QCoreApplication.translate("SuppliesPage", "Record delivery"),
                QCoreApplication.translate(
                    "SuppliesPage", "Every planned household of {building} has its delivery."
                ).format(building=line.label),
            )
            return
        request = DeliveryDialog.ask(
            f"{self.round_combo.currentText()} · {line.label}",
            waiting,
            S.volunteers_for(line.building_id),
            parent=self,
        )
        if request is None:
            return
        results = attempt(
            self,
            QCoreApplication.translate("SuppliesPage", "The delivery was not recorded"),
            lambda: S.deliver(
                self.context.actor,
                round_id,
                line.building_id,
                request.volunteer_id,
                request.household_ids,
                at=now(),
            ),
            S.SupplyError,
        )
        if isinstance(results, Failed):
            return
        self.show_round()
        households = max((r.households for r in results), default=0)
        show_status(
            self,
            QCoreApplication.translate(
                "SuppliesPage", "Delivery recorded: {building}, {count} households"
            ).format(building=line.label, count=households),
        )

    def choose_pdf(self, suggested: str) -> str:
        """Ask where to save, starting in the folder of the last export."""
        folder = self.context.ui.get(U.LAST_EXPORT_FOLDER)
        path, _filter = file_dialogs.save_file_name(
            self,
            QCoreApplication.translate("SuppliesPage", "Save the delivery sheet"),
            str(Path(folder or Path.home()) / suggested),
            QCoreApplication.translate("SuppliesPage", "PDF files (*.pdf)"),
        )
        return path

    def _sheet_choice(self, whole_round: bool) -> tuple[int, list[int] | None, str] | None:
        """(round, the buildings or None for all, the file name's stem) of a delivery sheet."""
        round_id = self.round_id()
        line = self.current_line()
        if round_id is None or not self.lines or (line is None and not whole_round):
            return None
        info = S.get_round(round_id)
        buildings = None if whole_round or line is None else [line.building_id]
        suffix = "" if buildings is None or line is None else f"-{line.label.replace(' ', '')}"
        return round_id, buildings, f"送达签收单-{info.name}{suffix}"

    def print_sheet(self, *, whole_round: bool = False) -> printing.Printed | None:
        """The selected building's delivery sheet, or every building's, on a printer."""
        from office_app.reports import delivery_sheet

        choice = self._sheet_choice(whole_round)
        if choice is None:
            return None
        round_id, buildings, stem = choice
        sheet = delivery_sheet.gather(round_id, buildings)
        printed = printing.print_document(
            self,
            self.context,
            delivery_sheet.render(sheet),
            title=stem,
            note=printing.AuditNote(
                "print.delivery_sheet",
                f"打印送达签收单“{sheet.round.name}”："
                + "、".join(b.label for b in sheet.buildings),
                entity="distribution_round",
                entity_id=round_id,
            ),
        )
        if printed is not None:
            show_status(
                self,
                QCoreApplication.translate(
                    "SuppliesPage", "Delivery sheet printed: {pages} pages on {printer}"
                ).format(pages=printed.sheets, printer=printed.printer or "PDF"),
            )
        return printed

    def save_sheet(self, *, whole_round: bool = False) -> None:
        """The selected building's delivery sheet, or every building's (one section each)."""
        from office_app.reports import delivery_sheet

        choice = self._sheet_choice(whole_round)
        if choice is None:
            return
        round_id, buildings, stem = choice
        path = self.choose_pdf(f"{stem}.pdf")
        if not path:
            return
        remember_export(self.context.ui, path)
        try:
            delivery_sheet.write(self.context.actor, round_id, Path(path), buildings)
        except OSError as exc:
            messages.warn(
                self,
                QCoreApplication.translate("SuppliesPage", "The delivery sheet was not saved"),
                str(exc),
            )
            return
        show_status(
            self,
            QCoreApplication.translate("SuppliesPage", "Delivery sheet saved: {path}").format(
                path=path
            ),
        )


# --- 防护物资: PPE issued to shifts, consumption per day ---------------------------------------


class PpeTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        day = today()
        self.day = date_edit(self, "ppeDay")
        self.day.setDate(QDate(day.year, day.month, day.day))
        self.shift = QComboBox(self)
        self.shift.setObjectName("ppeShift")
        self.shift.setMinimumContentsLength(18)
        self.product = QComboBox(self)
        self.product.setObjectName("ppeProduct")
        self.quantity = QSpinBox(self)
        self.quantity.setObjectName("ppeQuantity")
        self.quantity.setRange(1, 100_000)
        self.issue_button = button(
            self, "ppeIssue", QCoreApplication.translate("SuppliesPage", "Issue"), slot=self.issue
        )
        self.day.dateChanged.connect(lambda _d: self._fill_shifts())
        form = QHBoxLayout()
        for label, widget in (
            (QCoreApplication.translate("SuppliesPage", "Day"), self.day),
            (QCoreApplication.translate("SuppliesPage", "Shift"), self.shift),
            (QCoreApplication.translate("SuppliesPage", "Item"), self.product),
            (QCoreApplication.translate("SuppliesPage", "Quantity"), self.quantity),
        ):
            form.addWidget(QLabel(label, self))
            form.addWidget(widget, 2 if widget is self.shift else 0)
        form.addWidget(self.issue_button)
        form.addStretch(1)
        self.stock_label = QLabel(self)
        self.stock_label.setObjectName("ppeStock")
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold;")
        self.table = _plain_table(self, [], "ppeConsumption")
        self.chart = BarChart(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(form)
        layout.addWidget(self.stock_label)
        layout.addWidget(self.title)
        row = QHBoxLayout()
        row.addWidget(self.table, 3)
        row.addWidget(self.chart, 2)
        layout.addLayout(row, 1)
        self.refresh()

    def _fill_shifts(self) -> None:
        value = self.day.date()
        day = dt.date(value.year(), value.month(), value.day())
        current = self.shift.currentData()
        self.shift.clear()
        for shift_id, label in S.shifts_on(day):
            self.shift.addItem(label, shift_id)
        position = self.shift.findData(current) if current is not None else 0
        self.shift.setCurrentIndex(max(position, 0))
        self.issue_button.setEnabled(self.context.actor.can_write and self.shift.count() > 0)

    def refresh(self) -> None:
        self._fill_shifts()
        stock = {p.name: p for p in S.products(today()) if p.category == S.PPE_CATEGORY}
        names = [n for n in S.PPE_PRODUCTS if n in stock] + [
            n for n in stock if n not in S.PPE_PRODUCTS
        ]
        current = self.product.currentData()
        self.product.clear()
        for name in names:
            self.product.addItem(f"{name}（{stock[name].usable:,}{stock[name].unit}）", name)
        position = self.product.findData(current) if current is not None else 0
        self.product.setCurrentIndex(max(position, 0))
        self.stock_label.setText(
            QCoreApplication.translate("SuppliesPage", "In stock: {items}").format(
                items="，".join(f"{n} {stock[n].usable:,}{stock[n].unit}" for n in names)
            )
        )
        end = today()
        start = end - dt.timedelta(days=CHART_DAYS - 1)
        days = S.ppe_consumption(start, end)
        self.title.setText(
            QCoreApplication.translate("SuppliesPage", "Issued per day, {start} to {end}").format(
                start=f"{start:%m-%d}", end=f"{end:%m-%d}"
            )
        )
        columns = names or list(S.PPE_PRODUCTS)
        self.table.setColumnCount(len(columns) + 1)
        self.table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("SuppliesPage", "Day"), *columns]
        )
        self.table.setRowCount(len(days))
        for row, entry in enumerate(reversed(days)):
            self.table.setItem(row, 0, _item(f"{entry.day:%Y-%m-%d}"))
            for column, name in enumerate(columns, start=1):
                value = entry.quantities.get(name, 0)
                self.table.setItem(row, column, _item(f"{value:,}" if value else "", right=True))
        chosen = self.product.currentData() or (columns[0] if columns else "")
        self.chart.set_bars(
            QCoreApplication.translate("SuppliesPage", "{item} issued per day").format(item=chosen),
            [(f"{d.day:%m-%d}", d.quantities.get(chosen, 0)) for d in days],
        )

    def issue(self) -> None:
        shift_id = self.shift.currentData()
        product = self.product.currentData()
        if shift_id is None or product is None or not self.context.actor.can_write:
            return
        quantity = self.quantity.value()
        if not succeeded(
            self,
            QCoreApplication.translate("SuppliesPage", "Nothing was issued"),
            lambda: S.issue_ppe(
                self.context.actor, int(shift_id), str(product), quantity, at=now()
            ),
            S.SupplyError,
        ):
            return
        show_status(
            self,
            QCoreApplication.translate(
                "SuppliesPage", "Issued {quantity} {item} to {shift}"
            ).format(quantity=quantity, item=product, shift=self.shift.currentText()),
        )
        self.refresh()


# --- 图表 ---------------------------------------------------------------------------------


class ChartsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stock_chart = StockChart(self)
        self.delivery_chart = BarChart(self)
        self.delivery_chart.setObjectName("deliveryChart")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addWidget(self.stock_chart, 1)
        layout.addWidget(self.delivery_chart, 1)
        self.refresh()

    def refresh(self) -> None:
        end = today()
        start = end - dt.timedelta(days=CHART_DAYS - 1)
        self.stock_chart.set_series(
            QCoreApplication.translate("SuppliesPage", "Stock by category, end of day"),
            S.stock_by_category(start, end),
        )
        self.delivery_chart.set_bars(
            QCoreApplication.translate(
                "SuppliesPage", "Households delivered per building (all rounds)"
            ),
            S.deliveries_per_building(),
        )


# --- the page ------------------------------------------------------------------------------


class SuppliesPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("suppliesTabs")
        self.stock = StockTab(context, self)
        self.rounds = RoundsTab(context, self)
        self.ppe = PpeTab(context, self)
        self.charts = ChartsTab(self)
        self.tabs.addTab(self.stock, QCoreApplication.translate("SuppliesPage", "Stock"))
        self.tabs.addTab(self.rounds, QCoreApplication.translate("SuppliesPage", "Deliveries"))
        self.tabs.addTab(
            self.ppe, QCoreApplication.translate("SuppliesPage", "Protective equipment")
        )
        self.tabs.addTab(self.charts, QCoreApplication.translate("SuppliesPage", "Charts"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        self._shown_once = False

        self.receive_action = shortcut(self, QKeySequence.StandardKey.New, self._receive)
        self.import_action = shortcut(self, "Ctrl+I", self._import)
        self.print_action = shortcut(self, "Ctrl+P", self._print)
        self.deliver_action = shortcut(self, "Ctrl+D", self._deliver)

    def _receive(self) -> None:
        self.tabs.setCurrentWidget(self.stock)
        self.stock.receive()

    def _import(self) -> None:
        self.tabs.setCurrentWidget(self.stock)
        self.stock.import_file()

    def _print(self) -> None:
        self.tabs.setCurrentWidget(self.rounds)
        self.rounds.print_sheet()

    def _deliver(self) -> None:
        self.tabs.setCurrentWidget(self.rounds)
        self.rounds.record_delivery()

    def refresh(self) -> None:
        page = self.tabs.currentWidget()
        if hasattr(page, "refresh"):
            page.refresh()

    def focus_filter(self) -> None:
        self.tabs.setCurrentWidget(self.stock)
        self.stock.focus_filter()

    def showEvent(self, event: QShowEvent) -> None:
        if self._shown_once:
            self.refresh()
        self._shown_once = True
        super().showEvent(event)
