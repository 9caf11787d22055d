"""A building's risk history (append-only), newest first: when, from, to, how, who, why."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from office_app.services.palette import RISK_COLORS, text_color_on
from office_app.services.risk import ChangeInfo

from .query_table_model import RAW_ROLE, Index

CONTEXT = "RiskHistory"
COL_TIME, COL_FROM, COL_TO, COL_SOURCE, COL_OPERATOR, COL_REASON = range(6)
HEADERS = (
    QT_TRANSLATE_NOOP("RiskHistory", "Time"),
    QT_TRANSLATE_NOOP("RiskHistory", "From"),
    QT_TRANSLATE_NOOP("RiskHistory", "To"),
    QT_TRANSLATE_NOOP("RiskHistory", "Source"),
    QT_TRANSLATE_NOOP("RiskHistory", "Operator"),
    QT_TRANSLATE_NOOP("RiskHistory", "Reason"),
)
SOURCES = {
    "manual": QT_TRANSLATE_NOOP("RiskHistory", "By hand"),
    "test": QT_TRANSLATE_NOOP("RiskHistory", "Test result"),
    "rule": QT_TRANSLATE_NOOP("RiskHistory", "Lowering rule"),
    "import": QT_TRANSLATE_NOOP("RiskHistory", "Import"),
}


def source_label(source: str) -> str:
    text = SOURCES.get(source)
    return QCoreApplication.translate(CONTEXT, text) if text else source


class RiskHistoryTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ChangeInfo] = []

    def set_rows(self, rows: Sequence[ChangeInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return (
                QCoreApplication.translate(CONTEXT, HEADERS[section]) if 0 <= section < 6 else None
            )
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        level = row.from_level if column == COL_FROM else row.to_level
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f"{row.changed_at:%Y-%m-%d %H:%M}",
                row.from_level,
                row.to_level,
                source_label(row.source),
                row.operator,
                row.reason,
            )[column]
        if role == RAW_ROLE:
            if column == COL_TIME:
                return row.changed_at.isoformat()
            return self.data(index)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_REASON:
            return row.reason
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_FROM, COL_TO):
            return int(Qt.AlignmentFlag.AlignCenter)
        if column in (COL_FROM, COL_TO) and level in RISK_COLORS:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(RISK_COLORS[level]))
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(text_color_on(RISK_COLORS[level])))
        return None
