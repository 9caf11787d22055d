"""What an import did: counts, and the rejected rows with line, column and reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def summary_text(summary: Any) -> str:
    """The import's own description (Chinese, with counts) when it has one."""
    describe = getattr(summary, "describe", None)
    if callable(describe):
        return str(describe())
    return QCoreApplication.translate(
        "ImportSummary",
        "{imported} new, {updated} updated, {duplicates} duplicate rows, {rejected} rejected.",
    ).format(
        imported=getattr(summary, "imported", 0),
        updated=getattr(summary, "updated", 0),
        duplicates=getattr(summary, "duplicates", 0),
        rejected=getattr(summary, "rejected", 0),
    )


class ImportSummaryDialog(QDialog):
    def __init__(self, file_name: str, summary: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("ImportSummary", "Import finished"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        head = QLabel(file_name, self)
        head.setWordWrap(True)
        layout.addWidget(head)
        self.summary_label = QLabel(summary_text(summary), self)
        self.summary_label.setObjectName("importSummary")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)

        rejections = list(getattr(summary, "rejections", []) or [])
        self.table = QTableWidget(len(rejections), 3, self)
        self.table.setObjectName("rejections")
        self.table.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("ImportSummary", "Line"),
                QCoreApplication.translate("ImportSummary", "Column"),
                QCoreApplication.translate("ImportSummary", "Reason"),
            ]
        )
        for row, rejection in enumerate(rejections):
            values = (
                str(getattr(rejection, "line_no", "")),
                str(getattr(rejection, "column", "") or ""),
                str(getattr(rejection, "reason", "")),
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        if rejections:
            layout.addWidget(
                QLabel(
                    QCoreApplication.translate("ImportSummary", "Rejected rows (kept for review):"),
                    self,
                )
            )
            layout.addWidget(self.table, 1)
        else:
            self.table.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(
            QCoreApplication.translate("Dialogs", "Close")
        )
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @classmethod
    def show_summary(cls, file_name: str, summary: Any, parent: QWidget | None = None) -> None:
        cls(file_name, summary, parent).exec()
