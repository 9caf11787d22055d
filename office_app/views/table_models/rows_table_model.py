"""A read-only table of rows already in memory (statistics: tens to hundreds of rows).

Numbers are right-aligned; sorting is by the raw value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class RowsTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.header: list[str] = []
        self.rows: list[list[Any]] = []

    def set_rows(self, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        self.beginResetModel()
        self.header = list(header)
        self.rows = [list(r) for r in rows]
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.header)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (
            0 <= index.row() < len(self.rows) and 0 <= index.column() < len(self.header)
        ):
            return None
        value = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, float):
                return f"{value:,.1f}"
            if isinstance(value, int):
                return f"{value:,}"
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, (int, float)):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return value
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.header):
            return self.header[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows):
            return section + 1
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.header):
            return
        self.layoutAboutToBeChanged.emit()

        def key(row: list[Any]) -> tuple[int, Any]:
            value = row[column]
            if isinstance(value, (int, float)):
                return (0, value)
            return (1, "" if value is None else str(value))

        order_rows = sorted(
            range(len(self.rows)),
            key=lambda i: key(self.rows[i]),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        new_row = {old: new for new, old in enumerate(order_rows)}
        self.rows = [self.rows[i] for i in order_rows]
        old_indexes = self.persistentIndexList()
        self.changePersistentIndexList(
            old_indexes,
            [self.index(new_row[i.row()], i.column()) for i in old_indexes],
        )
        self.layoutChanged.emit()
