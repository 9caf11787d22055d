"""The supplies page's tables: lots with their expiry warning, and a lot's ledger.

Expiry depends on today, so the colour is decided here from the raw date: expired red,
expiring within 7 days orange (``supplies.expiry_status``), the same colours as everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from office_app.services import listings as L
from office_app.services.reporting.palette import text_color_on
from office_app.services.supplies import stock as S

from .query_table_model import Index, QueryTableModel

EXPIRY_TIPS = {
    S.EXPIRED: QT_TRANSLATE_NOOP("SuppliesPage", "Expired: do not issue"),
    S.EXPIRING: QT_TRANSLATE_NOOP("SuppliesPage", "Expires within 7 days: issue first"),
}
KIND_NAMES = {
    S.RECEIPT: QT_TRANSLATE_NOOP("SuppliesPage", "Receipt"),
    S.DISTRIBUTION: QT_TRANSLATE_NOOP("SuppliesPage", "Distribution"),
    S.LOSS: QT_TRANSLATE_NOOP("SuppliesPage", "Loss"),
    S.CORRECTION: QT_TRANSLATE_NOOP("SuppliesPage", "Correction"),
    S.PPE_ISSUE: QT_TRANSLATE_NOOP("SuppliesPage", "PPE issue"),
}


def kind_label(kind: str) -> str:
    name = KIND_NAMES.get(kind)
    return QCoreApplication.translate("SuppliesPage", str(name)) if name else kind


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


class StockTableModel(QueryTableModel):
    """``listings.SUPPLIES`` with the expiry cell coloured from today."""

    def __init__(
        self, listing: L.Listing, today: Callable[[], dt.date], parent: Any = None
    ) -> None:
        self._today = today
        super().__init__(listing, parent)
        self.expiry_column = listing.columns.index(listing.column("expiry"))
        self.stock_column = listing.columns.index(listing.column("stock"))

    def expiry_status(self, row: int) -> str:
        values = self.row_values(row)
        if values is None:
            return ""
        return S.expiry_status(_date(values[self.expiry_column + 1]), self._today())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            index.isValid()
            and index.column() == self.expiry_column
            and role
            in (
                Qt.ItemDataRole.BackgroundRole,
                Qt.ItemDataRole.ForegroundRole,
                Qt.ItemDataRole.ToolTipRole,
            )
        ):
            status = self.expiry_status(index.row())
            if not status:
                return None
            if role == Qt.ItemDataRole.ToolTipRole:
                return QCoreApplication.translate("SuppliesPage", str(EXPIRY_TIPS[status]))
            color = S.EXPIRY_COLORS[status]
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(color))
            return QBrush(QColor(text_color_on(color)))
        return super().data(index, role)


class LedgerTableModel(QueryTableModel):
    """A lot's ledger with the movements named in the UI's language."""

    def __init__(self, listing: L.Listing, parent: Any = None) -> None:
        super().__init__(listing, parent)
        self.kind_column = listing.columns.index(listing.column("kind"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            index.isValid()
            and index.column() == self.kind_column
            and role == Qt.ItemDataRole.DisplayRole
        ):
            values = self.row_values(index.row())
            return kind_label(str(values[self.kind_column + 1])) if values else None
        return super().data(index, role)
