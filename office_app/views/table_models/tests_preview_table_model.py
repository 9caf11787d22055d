"""The first rows of a test-site file as the import wizard previews them.

Cells the row parser would reject are painted red with the reason as their tooltip; the
vertical header shows the file's line numbers. Document and phone numbers are shown masked,
as everywhere else in the program (the file itself is not changed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from office_app.services.imports.tests import Preview, PreviewRow
from office_app.services.people.identity import mask_document, mask_phone

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
INVALID_BACKGROUND = QColor("#FDECEA")
INVALID_FOREGROUND = QColor("#B71C1C")
# The fields whose cells are masked in the preview.
MASKED: dict[str, Callable[[str], str]] = {"id_no": mask_document, "phone": mask_phone}


class TestsPreviewTableModel(QAbstractTableModel):
    __test__ = False

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.header: list[str] = []
        self.rows: list[PreviewRow] = []
        # column index → the field it is mapped to (its Chinese label), for the header
        self.mapped: dict[int, str] = {}
        # column index → how its cells are masked
        self.masks: dict[int, Callable[[str], str]] = {}

    def set_preview(self, preview: Preview | None, labels: dict[str, str]) -> None:
        self.beginResetModel()
        if preview is None:
            self.header, self.rows, self.mapped, self.masks = [], [], {}, {}
        else:
            self.header = list(preview.header)
            self.rows = list(preview.rows)
            self.mapped = {index: labels.get(key, key) for key, index in preview.columns.items()}
            self.masks = {
                index: MASKED[key] for key, index in preview.columns.items() if key in MASKED
            }
        self.endResetModel()

    def invalid_cells(self) -> int:
        return sum(len(r.problems) + (1 if r.row_problem else 0) for r in self.rows)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.header)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if not (0 <= r < len(self.rows) and 0 <= c < len(self.header)):
            return None
        row = self.rows[r]
        problem = row.problems.get(c)
        if role == Qt.ItemDataRole.DisplayRole:
            value = row.values[c] if c < len(row.values) else ""
            mask = self.masks.get(c)
            return mask(value) if mask is not None and value else value
        if role == Qt.ItemDataRole.ToolTipRole:
            return problem or row.row_problem or None
        if role == Qt.ItemDataRole.BackgroundRole and (problem or row.row_problem):
            return QBrush(INVALID_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and problem:
            return QBrush(INVALID_FOREGROUND)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.header):
            mapped = self.mapped.get(section)
            name = self.header[section]
            return f"{name}\n→ {mapped}" if mapped and mapped != name else name
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows):
            return self.rows[section].line_no
        return None
