"""The one table model of the program: a lazy, read-only view of a ``Listing``.

It keeps the row count and a bounded cache of pages of rows; a page is fetched with one
query when a cell on it is first asked for, never a query per cell. Sorting and filtering
happen in SQL (``sort`` and ``set_filter`` reset the model). Raw values are in ``RAW_ROLE``
for sorting; the row's database id is in ``ID_ROLE``.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase

from office_app.services import listings as L
from office_app.services.reporting.palette import RESULT_COLORS, RISK_COLORS, text_color_on

from ..formatting import format_value, sort_value

log = logging.getLogger(__name__)

RAW_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class QueryTableModel(QAbstractTableModel):
    PAGE_SIZE = 200
    MAX_PAGES = 40

    def __init__(
        self, listing: L.Listing, parent: Any = None, *, filters: dict[str, Any] | None = None
    ) -> None:
        """``filters`` apply from the start (the first count is already the filtered one)."""
        super().__init__(parent)
        self.listing = listing
        self._text = ""
        self._filters: dict[str, Any] = {
            k: v for k, v in (filters or {}).items() if v is not None and v != ""
        }
        self._sort = listing.default_sort
        self._descending = listing.default_descending
        self._count = 0
        self._pages: OrderedDict[int, list[tuple[Any, ...]]] = OrderedDict()
        self._fixed_font: QFont | None = None
        # Cells as shown, kept while their page is: a repaint formats nothing twice.
        self._shown: dict[tuple[int, int], str] = {}
        self._load_count()

    # --- state ------------------------------------------------------------------------

    @property
    def filter_text(self) -> str:
        return self._text

    @property
    def filters(self) -> dict[str, Any]:
        return dict(self._filters)

    def set_filter(self, text: str | None = None, **filters: Any) -> None:
        """Change the text filter and/or structured filters (None or "" clears one)."""
        if text is not None:
            self._text = text
        for key, value in filters.items():
            if value is None or value == "":
                self._filters.pop(key, None)
            else:
                self._filters[key] = value
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._shown.clear()
        self._load_count()
        self.endResetModel()

    def _load_count(self) -> None:
        try:
            self._count = self.listing.count(self._text, self._filters)
        except Exception:
            log.exception("counting %s failed", self.listing.name)
            self._count = 0

    def _page(self, number: int) -> list[tuple[Any, ...]]:
        page = self._pages.get(number)
        if page is not None:
            if number != next(reversed(self._pages)):
                self._pages.move_to_end(number)
            return page
        try:
            page = self._fetch_page(number)
        except Exception:
            log.exception("fetching page %d of %s failed", number, self.listing.name)
            page = []
        self._pages[number] = page
        while len(self._pages) > self.MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    def _key(self, row: tuple[Any, ...]) -> tuple[Any, int]:
        """A row's place in the order: (its sort value, its id)."""
        keys = [c.key for c in self.listing.columns]
        return row[keys.index(self._sort) + 1], row[0]

    def _fetch_page(self, number: int) -> list[tuple[Any, ...]]:
        """One page, read the cheapest way: on from the page before it or back from the page
        after it when either is cached (a seek on the sort column's index: scrolling), else
        from whichever end of the list is nearer (jumping to the end reads the last rows
        backwards instead of stepping over every row before them)."""
        start = number * self.PAGE_SIZE
        limit = max(min(self.PAGE_SIZE, self._count - start), 0)
        if limit == 0:
            return []
        query = {
            "text": self._text,
            "filters": self._filters,
            "sort": self._sort,
            "descending": self._descending,
        }
        before = self._pages.get(number - 1)
        if before is not None and len(before) == self.PAGE_SIZE:
            return self.listing.fetch(0, limit, after=self._key(before[-1]), **query)
        following = self._pages.get(number + 1)
        if following:
            rows = self.listing.fetch(
                0, self.PAGE_SIZE, after=self._key(following[0]), reverse=True, **query
            )
            return rows[::-1]
        from_end = self._count - start - limit
        if from_end < start:
            return self.listing.fetch(from_end, limit, reverse=True, **query)[::-1]
        return self.listing.fetch(start, limit, **query)

    def row_values(self, row: int) -> tuple[Any, ...] | None:
        """The row's id followed by its raw column values, or None past the end."""
        if row < 0 or row >= self._count:
            return None
        page = self._page(row // self.PAGE_SIZE)
        offset = row % self.PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def row_id(self, row: int) -> int | None:
        values = self.row_values(row)
        return int(values[0]) if values else None

    # --- Qt interface -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.listing.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.listing.columns)
            and not self.listing.columns[section].sortable
        ):
            return QCoreApplication.translate(
                "QueryTableModel",
                "This list is not sorted by this column: with many rows it would be slow.",
            )
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.listing.columns):
                return QCoreApplication.translate(L.CONTEXT, self.listing.columns[section].title)
            return None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() >= len(self.listing.columns):
            return None
        values = self.row_values(index.row())
        if values is None:
            return None
        column = self.listing.columns[index.column()]
        value = values[index.column() + 1]
        if role == Qt.ItemDataRole.DisplayRole:
            key = (index.row(), index.column())
            shown = self._shown.get(key)
            if shown is None:
                if len(self._shown) > self.PAGE_SIZE * self.MAX_PAGES:
                    self._shown.clear()
                shown = self._shown[key] = format_value(column.kind, value)
            return shown
        if role == RAW_ROLE:
            return sort_value(value)
        if role == ID_ROLE:
            return values[0]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.kind == L.INT:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column.kind in (L.RISK, L.BOOL):
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        if role == Qt.ItemDataRole.FontRole and column.kind in (L.DOCUMENT, L.PHONE):
            if self._fixed_font is None:
                self._fixed_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
            return self._fixed_font
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            colors = RISK_COLORS if column.kind == L.RISK else None
            if column.kind == L.RESULT:
                colors = RESULT_COLORS
            color = colors.get(str(value)) if colors else None
            if color is None:
                return None
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(color))
            return QBrush(QColor(text_color_on(color)))
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.listing.columns):
            return
        if not self.listing.columns[column].sortable:
            return  # the list keeps its order (the header's tooltip says why)
        self._sort = self.listing.columns[column].key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.beginResetModel()
        self._pages.clear()
        self._shown.clear()
        self.endResetModel()

    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        keys = [c.key for c in self.listing.columns]
        column = keys.index(self._sort) if self._sort in keys else -1
        order = Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder
        return column, order
