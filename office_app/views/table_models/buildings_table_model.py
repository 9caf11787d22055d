"""The buildings page's list: ``BUILDINGS_PAGE``, whose 无阳性天数 are counted from today.

Clean days are whole days since 起算日期 and depend on today, so they are not stored; the
column's SQL value is an ordering key (起算日期, none last), and sorting by more clean days
sorts by an earlier date: the order is turned round here, in the model, for that column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt

from office_app.services import listings as L
from office_app.services.places.risk import clean_days

from .query_table_model import ID_ROLE, RAW_ROLE, Index, QueryTableModel


def _flip(order: Qt.SortOrder) -> Qt.SortOrder:
    if order == Qt.SortOrder.AscendingOrder:
        return Qt.SortOrder.DescendingOrder
    return Qt.SortOrder.AscendingOrder


class BuildingsTableModel(QueryTableModel):
    def __init__(
        self,
        listing: L.Listing,
        today: Callable[[], dt.date],
        parent: Any = None,
    ) -> None:
        self._today = today
        super().__init__(listing, parent)
        self.clean_days_column = listing.columns.index(listing.column("clean_days"))
        self.since_column = listing.columns.index(listing.column("clean_since"))

    def clean_days_of(self, row: int) -> int | None:
        values = self.row_values(row)
        if values is None:
            return None
        since = values[self.clean_days_column + 1]
        if isinstance(since, str):
            if since[:10] == L.NO_CLEAN_SINCE:
                return None
            since = dt.date.fromisoformat(since[:10])
        if not isinstance(since, dt.date) or since.year == 9999:
            return None
        return clean_days(since, self._today())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() != self.clean_days_column:
            return super().data(index, role)
        if role == Qt.ItemDataRole.DisplayRole:
            days = self.clean_days_of(index.row())
            return "" if days is None else f"{days:,}"
        if role == RAW_ROLE:
            days = self.clean_days_of(index.row())
            return -1 if days is None else days
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return super().data(index, role)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column == self.clean_days_column:
            order = _flip(order)
        super().sort(column, order)

    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        column, order = super().sort_state()
        if column == self.clean_days_column:
            return column, _flip(order)
        return column, order
