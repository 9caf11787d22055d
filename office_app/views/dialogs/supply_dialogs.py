"""The supplies page's dialogs: receive a batch, write off or correct a lot, plan a round,
record a delivery. Layout and input only; the rules are in ``services.supplies.stock``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt
from PySide6.QtGui import QBrush, QColor, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from office_app.services.choices import BATCH_SOURCES, CATEGORIES, RISK_HIGH
from office_app.services.imports.supplies import parse_date
from office_app.services.reporting.palette import RISK_COLORS
from office_app.services.supplies import stock as S

from ..formatting import risk_label
from .form import EditDialog, error_color, muted_color, parse_count


def _date_edit(day: dt.date, parent: QWidget) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _day(edit: QDateEdit) -> dt.date:
    value = edit.date()
    return dt.date(value.year(), value.month(), value.day())


def _brush(color: str) -> QBrush:
    return QBrush(QColor(color))


def _read_only(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item


# --- receive a batch -------------------------------------------------------------------------

ITEM_COLUMNS = ("name", "category", "unit", "quantity", "expiry")


class CheckList(QListWidget):
    """A list of check boxes where a click anywhere on a row toggles it, not only on the box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pressed: tuple[QListWidgetItem, Qt.CheckState] | None = None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        self._pressed = (item, item.checkState()) if item is not None else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        pressed, self._pressed = self._pressed, None
        if pressed is None or event.button() != Qt.MouseButton.LeftButton:
            return
        item, state = pressed
        if self.itemAt(event.position().toPoint()) is not item:
            return
        if not item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            return
        if item.checkState() == state:  # the box itself was not hit: the name was
            checked = state != Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


class ReceiveBatchDialog(EditDialog):
    """A batch: source, from whom, date, and its items in a small table."""

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("SupplyDialogs", "Receive a batch"), parent)
        self.setMinimumWidth(760)
        self.source = QComboBox(self)
        self.source.setObjectName("source")
        self.source.addItems(list(BATCH_SOURCES))
        self.supplier = QLineEdit(self)
        self.supplier.setObjectName("supplier")
        self.supplier.setPlaceholderText(
            QCoreApplication.translate("SupplyDialogs", "e.g. the subdistrict office")
        )
        self.received = _date_edit(today, self)
        self.received.setObjectName("received")
        self.note = QLineEdit(self)
        self.note.setObjectName("note")
        self.add_field("source", QCoreApplication.translate("SupplyDialogs", "Source"), self.source)
        self.add_field(
            "supplier", QCoreApplication.translate("SupplyDialogs", "From"), self.supplier
        )
        self.add_field(
            "received", QCoreApplication.translate("SupplyDialogs", "Received on"), self.received
        )
        self.add_field("note", QCoreApplication.translate("SupplyDialogs", "Note"), self.note)

        self.items = QTableWidget(0, len(ITEM_COLUMNS), self)
        self.items.setObjectName("items")
        self.items.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("SupplyDialogs", "Item"),
                QCoreApplication.translate("SupplyDialogs", "Category"),
                QCoreApplication.translate("SupplyDialogs", "Unit"),
                QCoreApplication.translate("SupplyDialogs", "Quantity"),
                QCoreApplication.translate("SupplyDialogs", "Expiry (YYYY-MM-DD)"),
            ]
        )
        self.items.verticalHeader().setVisible(False)
        header = self.items.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((170, 110, 60, 90)):
            header.resizeSection(column, width)
        self.items.setMinimumHeight(200)
        self.add_button = QPushButton(QCoreApplication.translate("SupplyDialogs", "Add item"), self)
        self.add_button.setObjectName("addItem")
        self.remove_button = QPushButton(
            QCoreApplication.translate("SupplyDialogs", "Remove item"), self
        )
        self.remove_button.setObjectName("removeItem")
        self.add_button.clicked.connect(lambda: self.add_item())
        self.remove_button.clicked.connect(self.remove_item)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.items_reason = QLabel(self)
        self.items_reason.setObjectName("reason_items")
        self.items_reason.setWordWrap(True)
        box = QVBoxLayout()
        box.addWidget(QLabel(QCoreApplication.translate("SupplyDialogs", "Items"), self))
        box.addWidget(self.items, 1)
        box.addLayout(buttons)
        box.addWidget(self.items_reason)
        self.body.addLayout(box, 1)

        self.source.currentIndexChanged.connect(lambda _i: self.touch("source"))
        self.supplier.textChanged.connect(lambda _t: self.touch("supplier"))
        self.items.itemChanged.connect(lambda _i: self.touch("items"))
        self.add_item()
        self.finish()

    def add_item(self, line: S.ItemLine | None = None) -> int:
        row = self.items.rowCount()
        self.items.blockSignals(True)
        self.items.insertRow(row)
        category = QComboBox(self.items)
        category.addItems(list(CATEGORIES))
        if line is not None:
            category.setCurrentText(line.category)
        category.currentIndexChanged.connect(lambda _i: self.touch("items"))
        self.items.setCellWidget(row, 1, category)
        texts = {
            0: line.name if line else "",
            2: line.unit if line else "件",
            3: str(line.quantity) if line else "",
            4: f"{line.expiry:%Y-%m-%d}" if line and line.expiry else "",
        }
        for column, text in texts.items():
            self.items.setItem(row, column, QTableWidgetItem(text))
        self.items.blockSignals(False)
        self.items.setCurrentCell(row, 0)
        self.revalidate()
        return row

    def remove_item(self) -> None:
        row = self.items.currentRow()
        if row >= 0:
            self.items.removeRow(row)
            self.touch("items")

    def _cell(self, row: int, column: int) -> str:
        item = self.items.item(row, column)
        return item.text().strip() if item is not None else ""

    def _lines(self) -> tuple[list[S.ItemLine], str]:
        """The item lines, and the first problem of a cell the service cannot judge."""
        lines = []
        problem = ""
        for row in range(self.items.rowCount()):
            name = self._cell(row, 0)
            combo = self.items.cellWidget(row, 1)
            category = combo.currentText() if isinstance(combo, QComboBox) else ""
            quantity = parse_count(self._cell(row, 3))
            expiry_text = self._cell(row, 4)
            expiry = parse_date(expiry_text) if expiry_text else None
            if not problem and expiry_text and expiry is None:
                problem = QCoreApplication.translate(
                    "SupplyDialogs", "Item {n}: “{text}” is not a date (e.g. 2022-11-30)"
                ).format(n=row + 1, text=expiry_text)
            if not problem and self._cell(row, 3) and quantity is None:
                problem = QCoreApplication.translate(
                    "SupplyDialogs", "Item {n}: the quantity must be a whole number"
                ).format(n=row + 1)
            lines.append(S.ItemLine(name, category, self._cell(row, 2), quantity or 0, expiry))
        return lines, problem

    def data(self) -> S.BatchData:
        lines, _problem = self._lines()
        return S.BatchData(
            self.source.currentText(),
            self.supplier.text().strip(),
            _day(self.received),
            tuple(lines),
            self.note.text().strip(),
        )

    def snapshot(self) -> object:
        return (
            self.data(),
            [self._cell(r, c) for r in range(self.items.rowCount()) for c in (3, 4)],
        )

    def problems(self) -> dict[str, str]:
        _lines, problem = self._lines()
        problem = problem or S.check_batch(self.data())
        return {"items": problem} if problem else {}

    def revalidate(self) -> dict[str, str]:
        problems = super().revalidate()
        text = problems.get("items", "") if "items" in self._touched else ""
        self.items_reason.setText(text)
        self.items_reason.setStyleSheet(f"color: {error_color()};")
        return problems

    def try_accept(self) -> None:
        self._touched.add("items")
        super().try_accept()

    @classmethod
    def ask(cls, today: dt.date, parent: QWidget | None = None) -> S.BatchData | None:
        dialog = cls(today, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.data()
        return None


# --- loss and correction ----------------------------------------------------------------------


class StockChangeDialog(EditDialog):
    """A loss (how many are written off) or a correction (how many were counted), with why."""

    def __init__(self, lot: S.Lot, *, correction: bool, parent: QWidget | None = None) -> None:
        super().__init__(
            QCoreApplication.translate("SupplyDialogs", "Correct the stock")
            if correction
            else QCoreApplication.translate("SupplyDialogs", "Write off a loss"),
            parent,
        )
        self.lot = lot
        self.correction = correction
        intro = QLabel(
            QCoreApplication.translate(
                "SupplyDialogs", "{name} ({unit}), in stock: {stock}"
            ).format(name=lot.name, unit=lot.unit, stock=f"{lot.stock:,}"),
            self,
        )
        intro.setObjectName("lotLabel")
        self.grid.addWidget(intro, 0, 0, 1, 3)
        self.quantity = QSpinBox(self)
        self.quantity.setObjectName("quantity")
        self.quantity.setRange(0, S.QUANTITY_MAX)
        self.quantity.setValue(lot.stock if correction else 1)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("reason")
        self.reason_edit.setPlaceholderText(
            QCoreApplication.translate("SupplyDialogs", "e.g. 5 short at the stocktake")
            if correction
            else QCoreApplication.translate("SupplyDialogs", "e.g. spoiled vegetable packs")
        )
        self.add_field(
            "quantity",
            QCoreApplication.translate("SupplyDialogs", "Counted stock")
            if correction
            else QCoreApplication.translate("SupplyDialogs", "Quantity lost"),
            self.quantity,
        )
        self.add_field(
            "reason", QCoreApplication.translate("SupplyDialogs", "Reason"), self.reason_edit
        )
        self.quantity.valueChanged.connect(lambda _v: self.touch("quantity"))
        self.reason_edit.textChanged.connect(lambda _t: self.touch("reason"))
        self.finish()
        self.quantity.setFocus()

    def snapshot(self) -> object:
        return (self.quantity.value(), self.reason_edit.text())

    def problems(self) -> dict[str, str]:
        result = {}
        value = self.quantity.value()
        if self.correction and value == self.lot.stock:
            result["quantity"] = QCoreApplication.translate(
                "SupplyDialogs", "That is the stock already."
            )
        if not self.correction and not 1 <= value <= self.lot.stock:
            result["quantity"] = QCoreApplication.translate(
                "SupplyDialogs", "Between 1 and the stock ({stock})."
            ).format(stock=self.lot.stock)
        if not self.reason_edit.text().strip():
            result["reason"] = QCoreApplication.translate("SupplyDialogs", "A reason is required.")
        return result

    def notes(self) -> dict[str, str]:
        if self.correction:
            delta = self.quantity.value() - self.lot.stock
            return {
                "quantity": QCoreApplication.translate(
                    "SupplyDialogs", "Change: {delta:+d}"
                ).format(delta=delta)
            }
        return {}

    @classmethod
    def ask(
        cls, lot: S.Lot, *, correction: bool, parent: QWidget | None = None
    ) -> tuple[int, str] | None:
        dialog = cls(lot, correction=correction, parent=parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.quantity.value(), dialog.reason_edit.text().strip()
        return None


# --- plan a round ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundRequest:
    name: str
    planned_on: dt.date
    plan: S.AllocationPlan
    note: str


PLAN_HEADERS = (
    QT_TRANSLATE_NOOP("SupplyDialogs", "Building"),
    QT_TRANSLATE_NOOP("SupplyDialogs", "Risk"),
    QT_TRANSLATE_NOOP("SupplyDialogs", "Households"),
    QT_TRANSLATE_NOOP("SupplyDialogs", "Special groups"),
    QT_TRANSLATE_NOOP("SupplyDialogs", "Wanted"),
    QT_TRANSLATE_NOOP("SupplyDialogs", "Allocated"),
    QT_TRANSLATE_NOOP("SupplyDialogs", "Shortfall"),
)


class PlanRoundDialog(EditDialog):
    """Choose a product, the share per household and the buildings; see the allocation."""

    def __init__(
        self,
        today: dt.date,
        buildings: list[tuple[int, str, str]],
        products: list[S.ProductStock],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            QCoreApplication.translate("SupplyDialogs", "Plan a distribution round"), parent
        )
        self.setMinimumWidth(900)
        self.today = today
        self.plan: S.AllocationPlan | None = None
        self.plan_error = ""
        self.name = QLineEdit(self)
        self.name.setObjectName("roundName")
        self.name.setPlaceholderText(
            QCoreApplication.translate("SupplyDialogs", "e.g. third round of vegetable packs")
        )
        self.planned_on = _date_edit(today, self)
        self.product = QComboBox(self)
        self.product.setObjectName("product")
        for product in products:
            if product.category == S.PPE_CATEGORY:
                continue
            self.product.addItem(
                QCoreApplication.translate(
                    "SupplyDialogs", "{name} (usable {usable} {unit})"
                ).format(name=product.name, usable=f"{product.usable:,}", unit=product.unit),
                product.name,
            )
        self.per_household = QSpinBox(self)
        self.per_household.setObjectName("perHousehold")
        self.per_household.setRange(1, 100)
        self.note = QLineEdit(self)
        self.add_field("name", QCoreApplication.translate("SupplyDialogs", "Name"), self.name)
        self.add_field(
            "planned_on", QCoreApplication.translate("SupplyDialogs", "Date"), self.planned_on
        )
        self.add_field("product", QCoreApplication.translate("SupplyDialogs", "Item"), self.product)
        self.add_field(
            "per_household",
            QCoreApplication.translate("SupplyDialogs", "Per household"),
            self.per_household,
        )
        self.add_field("note", QCoreApplication.translate("SupplyDialogs", "Note"), self.note)

        self.buildings = CheckList(self)
        self.buildings.setObjectName("buildings")
        for building_id, label, level in buildings:
            item = QListWidgetItem(f"{label}  ·  {risk_label(level)}", self.buildings)
            item.setData(Qt.ItemDataRole.UserRole, building_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            if level == RISK_HIGH:
                item.setForeground(_brush(RISK_COLORS[RISK_HIGH]))
        self.all_button = QPushButton(QCoreApplication.translate("SupplyDialogs", "All"), self)
        self.all_button.setObjectName("allBuildings")
        self.none_button = QPushButton(QCoreApplication.translate("SupplyDialogs", "None"), self)
        self.all_button.clicked.connect(lambda: self.check_all(True))
        self.none_button.clicked.connect(lambda: self.check_all(False))
        left = QVBoxLayout()
        left.addWidget(QLabel(QCoreApplication.translate("SupplyDialogs", "Buildings"), self))
        left.addWidget(self.buildings, 1)
        row = QHBoxLayout()
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        left.addLayout(row)

        self.preview = QTableWidget(0, len(PLAN_HEADERS), self)
        self.preview.setObjectName("allocation")
        self.preview.setHorizontalHeaderLabels(
            [QCoreApplication.translate("SupplyDialogs", str(h)) for h in PLAN_HEADERS]
        )
        self.preview.verticalHeader().setVisible(False)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.summary = QLabel(self)
        self.summary.setObjectName("allocationSummary")
        self.summary.setWordWrap(True)
        right = QVBoxLayout()
        right.addWidget(
            QLabel(
                QCoreApplication.translate(
                    "SupplyDialogs", "Allocation (sealed buildings first, by whole households)"
                ),
                self,
            )
        )
        right.addWidget(self.preview, 1)
        right.addWidget(self.summary)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 5)
        self.body.addLayout(columns, 1)

        self.name.textChanged.connect(lambda _t: self.touch("name"))
        self.product.currentIndexChanged.connect(lambda _i: self.update_plan())
        self.per_household.valueChanged.connect(lambda _v: self.update_plan())
        self.buildings.itemChanged.connect(lambda _i: self.update_plan())
        self.update_plan()
        self.finish()
        self.name.setFocus()

    def check_all(self, checked: bool) -> None:
        self.buildings.blockSignals(True)
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.buildings.count()):
            self.buildings.item(row).setCheckState(state)
        self.buildings.blockSignals(False)
        self.update_plan()

    def check_buildings(self, ids: set[int]) -> None:
        self.buildings.blockSignals(True)
        for row in range(self.buildings.count()):
            item = self.buildings.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.buildings.blockSignals(False)
        self.update_plan()

    def chosen(self) -> list[int]:
        return [
            int(self.buildings.item(r).data(Qt.ItemDataRole.UserRole))
            for r in range(self.buildings.count())
            if self.buildings.item(r).checkState() == Qt.CheckState.Checked
        ]

    def update_plan(self) -> None:
        product = self.product.currentData()
        ids = self.chosen()
        self.plan = None
        self.plan_error = ""
        if product and ids:
            try:
                self.plan = S.plan_round(product, self.per_household.value(), ids, self.today)
            except S.SupplyError as exc:
                self.plan_error = str(exc)
        self._show_plan()
        self.touch("product")

    def _show_plan(self) -> None:
        plan = self.plan
        lines = plan.lines if plan else ()
        self.preview.setRowCount(len(lines))
        for row, line in enumerate(lines):
            values = (
                line.label,
                risk_label(line.risk_level),
                f"{line.households:,}",
                f"{line.flagged:,}" if line.flagged else "",
                f"{line.wanted:,}",
                f"{line.allocated:,}",
                f"{line.shortfall:,}" if line.shortfall else "",
            )
            for column, text in enumerate(values):
                item = _read_only(text)
                if column >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == 6 and line.shortfall:
                    item.setForeground(_brush(error_color()))
                if column == 1 and line.sealed:
                    item.setForeground(_brush(RISK_COLORS[RISK_HIGH]))
                self.preview.setItem(row, column, item)
        if plan is None:
            self.summary.setText(
                self.plan_error
                or QCoreApplication.translate("SupplyDialogs", "Choose an item and buildings.")
            )
            self.summary.setStyleSheet(f"color: {muted_color()};")
            return
        text = QCoreApplication.translate(
            "SupplyDialogs",
            "Usable {available} {unit}; wanted {wanted}; allocated {allocated}; left over {left}.",
        ).format(
            available=f"{plan.available:,}",
            unit=plan.unit,
            wanted=f"{plan.wanted:,}",
            allocated=f"{plan.allocated:,}",
            left=f"{plan.left_over:,}",
        )
        if plan.shortfall:
            text += " " + QCoreApplication.translate(
                "SupplyDialogs", "Shortfall: {short} {unit} ({households} households)."
            ).format(short=f"{plan.shortfall:,}", unit=plan.unit, households=plan.households_short)
        self.summary.setText(text)
        color = error_color() if plan.shortfall else muted_color()
        self.summary.setStyleSheet(f"color: {color};")

    def snapshot(self) -> object:
        return (self.name.text(), self.note.text(), tuple(self.chosen()))

    def problems(self) -> dict[str, str]:
        result = {}
        if not self.name.text().strip():
            result["name"] = QCoreApplication.translate("SupplyDialogs", "A name is required.")
        if self.product.count() == 0:
            result["product"] = QCoreApplication.translate("SupplyDialogs", "No supplies in stock.")
        elif not self.chosen():
            result["product"] = QCoreApplication.translate(
                "SupplyDialogs", "Choose at least one building."
            )
        elif self.plan is None:
            result["product"] = self.plan_error or QCoreApplication.translate(
                "SupplyDialogs", "Choose an item and buildings."
            )
        elif self.plan.allocated == 0:
            result["product"] = QCoreApplication.translate(
                "SupplyDialogs", "Not enough stock for a single household."
            )
        return result

    def request(self) -> RoundRequest | None:
        if self.plan is None:
            return None
        return RoundRequest(
            self.name.text().strip(), _day(self.planned_on), self.plan, self.note.text().strip()
        )

    @classmethod
    def ask(
        cls,
        today: dt.date,
        buildings: list[tuple[int, str, str]],
        products: list[S.ProductStock],
        parent: QWidget | None = None,
    ) -> RoundRequest | None:
        dialog = cls(today, buildings, products, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.request()
        return None


# --- record a delivery ---------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryRequest:
    volunteer_id: int
    household_ids: list[int] | None  # None: every household still to deliver


class DeliveryDialog(EditDialog):
    """Who delivered, and to which of the households still waiting (all, by default)."""

    def __init__(
        self,
        title: str,
        waiting: list[S.PlannedHousehold],
        volunteers: list[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(QCoreApplication.translate("SupplyDialogs", "Record a delivery"), parent)
        intro = QLabel(title, self)
        intro.setStyleSheet("font-weight: bold;")
        self.grid.addWidget(intro, 0, 0, 1, 3)
        self.volunteer = QComboBox(self)
        self.volunteer.setObjectName("volunteer")
        self.volunteer.setEditable(False)
        self.volunteer.addItem(QCoreApplication.translate("SupplyDialogs", "Choose…"), None)
        for volunteer_id, name in volunteers:
            self.volunteer.addItem(name, volunteer_id)
        self.add_field(
            "volunteer", QCoreApplication.translate("SupplyDialogs", "Delivered by"), self.volunteer
        )
        self.households = QListWidget(self)
        self.households.setObjectName("households")
        self.households.setMinimumHeight(320)
        seen: set[int] = set()
        for planned in waiting:
            household = planned.household
            if household.id in seen:
                continue
            seen.add(household.id)
            text = household.label
            if household.groups:
                text += "  ★ " + "、".join(household.groups)
            item = QListWidgetItem(text, self.households)
            item.setData(Qt.ItemDataRole.UserRole, household.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        self.add_field(
            "households", QCoreApplication.translate("SupplyDialogs", "Households"), self.households
        )
        self.volunteer.currentIndexChanged.connect(lambda _i: self.touch("volunteer"))
        self.households.itemChanged.connect(lambda _i: self.touch("households"))
        self.finish()
        self.volunteer.setFocus()

    def checked(self) -> list[int]:
        return [
            int(self.households.item(r).data(Qt.ItemDataRole.UserRole))
            for r in range(self.households.count())
            if self.households.item(r).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, ids: set[int]) -> None:
        for r in range(self.households.count()):
            item = self.households.item(r)
            checked = item.data(Qt.ItemDataRole.UserRole) in ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def snapshot(self) -> object:
        return (self.volunteer.currentIndex(), tuple(self.checked()))

    def problems(self) -> dict[str, str]:
        result = {}
        if self.volunteer.currentData() is None:
            result["volunteer"] = QCoreApplication.translate("SupplyDialogs", "Who delivered?")
        if not self.checked():
            result["households"] = QCoreApplication.translate(
                "SupplyDialogs", "Tick at least one household."
            )
        return result

    def notes(self) -> dict[str, str]:
        return {
            "households": QCoreApplication.translate(
                "SupplyDialogs", "{n} of {total} households"
            ).format(n=len(self.checked()), total=self.households.count())
        }

    def request(self) -> DeliveryRequest:
        ids = self.checked()
        every = len(ids) == self.households.count()
        return DeliveryRequest(int(self.volunteer.currentData()), None if every else ids)

    @classmethod
    def ask(
        cls,
        title: str,
        waiting: list[S.PlannedHousehold],
        volunteers: list[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> DeliveryRequest | None:
        dialog = cls(title, waiting, volunteers, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.request()
        return None
