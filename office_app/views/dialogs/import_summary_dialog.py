"""What an import did: counts, and the rejected rows with line, column and reason."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import ui_settings as U
from ..ui_settings import UiSettings
from . import messages

if TYPE_CHECKING:
    from office_app.services.importing import ImportSummary


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


def choose_import_file(parent: QWidget, ui: UiSettings, title: str, file_filter: str) -> str:
    """Ask for a file to import, starting in the folder of the last import."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, title, ui.get(U.LAST_IMPORT_FOLDER), file_filter
    )
    return path


def run_file_import(
    parent: QWidget,
    ui: UiSettings,
    path: str,
    run: Callable[[Path], ImportSummary],
    on_done: Callable[[], None],
) -> ImportSummary | None:
    """Import one chosen file the way every page does it.

    Remembers its folder, shows a wait cursor while ``run`` works, says why a file could not
    be used at all, and otherwise calls ``on_done`` and shows what was imported and rejected.
    """
    from office_app.services.actor import PermissionDenied
    from office_app.services.importing import ImportFileError

    ui.set(U.LAST_IMPORT_FOLDER, str(Path(path).parent))
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        summary = run(Path(path))
    except (ImportFileError, PermissionDenied) as exc:  # MissingColumns is an ImportFileError
        messages.warn(
            parent, QCoreApplication.translate("FileImport", "The file was not imported"), str(exc)
        )
        return None
    finally:
        QGuiApplication.restoreOverrideCursor()
    on_done()
    ImportSummaryDialog.show_summary(Path(path).name, summary, parent)
    return summary
