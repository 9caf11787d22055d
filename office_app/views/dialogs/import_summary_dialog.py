"""What an import did: counts, and the rejected rows with line, column and reason.

Every kind's summary (services/imports/summary.py: one ImportSummary) is shown the same way:
the same figures in the same order (:class:`SummaryFigures`: rows, new, updated, already there,
unmatched, rejected, then the kind's own counts), the import's one-line description, and the
rejected rows. The rejection table (also the tests import wizard's) names the column and shows
the whole reason: wrapped in its cell, and as the cell's tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from office_app.services.admin.audit import mask_text

from .. import file_dialogs
from .. import ui_settings as U
from ..ui_settings import UiSettings
from . import messages

if TYPE_CHECKING:
    from office_app.services.imports.summary import ImportSummary


# Above this many rejected rows the rows keep one line's height (the tooltip has the reason):
# measuring thousands of wrapped rows would make the dialog slow to open.
WRAP_ROWS_MAX = 500


class RejectionsTable(QTableWidget):
    """Rejected rows; the rows are measured again whenever the reason column's width changes
    (it stretches with the table, which is laid out only when shown)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        # A child timer: it goes with the table, so a late fit never meets a deleted table.
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(lambda: _fit_rows(self))

    def fit_rows_later(self) -> None:
        self._fit_timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_rows_later()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_rows_later()


def rejections_table(parent: QWidget, rejections: Sequence[Any] = ()) -> QTableWidget:
    """A table of rejected rows: 行, 列, 原因 (wrapped, whole in the tooltip; ID and phone
    numbers quoted in a reason masked)."""
    table = RejectionsTable(parent)
    table.setObjectName("rejections")
    table.setHorizontalHeaderLabels(
        [
            QCoreApplication.translate("ImportSummary", "Line"),
            QCoreApplication.translate("ImportSummary", "Column"),
            QCoreApplication.translate("ImportSummary", "Reason"),
        ]
    )
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    table.setColumnWidth(1, 150)
    # Wrapped reasons need their rows measured again when the reason column changes width.
    header.sectionResized.connect(lambda index, _old, _new: _fit_rows(table, index))
    fill_rejections(table, rejections)
    return table


def _fit_rows(table: QTableWidget, column: int = 2) -> None:
    if column == 2 and 0 < table.rowCount() <= WRAP_ROWS_MAX:
        table.resizeRowsToContents()


def fill_rejections(table: QTableWidget, rejections: Sequence[Any]) -> None:
    table.setRowCount(0)
    table.setRowCount(len(rejections))
    widest_column = 0
    metrics = table.fontMetrics()
    for row, rejection in enumerate(rejections):
        column = str(getattr(rejection, "column", "") or "")
        # A reason may quote the cell ("…改成了 000（510213196503120000）"): masked as
        # everywhere else on screen.
        reason = mask_text(str(getattr(rejection, "reason", "")))
        values = (str(getattr(rejection, "line_no", "")), column, reason)
        for index, value in enumerate(values):
            item = QTableWidgetItem(value)
            if index == 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            else:
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            if index > 0 and value:
                item.setToolTip(value)
            table.setItem(row, index, item)
        widest_column = max(widest_column, metrics.horizontalAdvance(column))
    table.setColumnWidth(1, min(max(widest_column + 16, 80), 260))
    _fit_rows(table)


def figure_labels() -> list[tuple[str, str]]:
    """(field, label) of the figures every kind's summary has, in the order shown."""
    return [
        ("total_rows", QCoreApplication.translate("ImportSummary", "Rows")),
        ("imported", QCoreApplication.translate("ImportSummary", "New")),
        ("updated", QCoreApplication.translate("ImportSummary", "Updated")),
        ("duplicates", QCoreApplication.translate("ImportSummary", "Already there")),
        ("unmatched", QCoreApplication.translate("ImportSummary", "Unmatched")),
        ("rejected", QCoreApplication.translate("ImportSummary", "Rejected")),
    ]


class SummaryFigures(QWidget):
    """The figures of one import summary, the same grid for every kind: the shared figures,
    then the kind's own counts under the labels the service gives them."""

    COLUMNS = 4

    def __init__(self, parent: QWidget | None = None, summary: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("importFigures")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(16)
        self.values: dict[str, QLabel] = {}
        self.set_summary(summary)

    def set_summary(self, summary: Any) -> None:
        """Show ``summary``'s figures (none for None)."""
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.values = {}
        if summary is None:
            self.hide()
            return
        figures = [(key, label, int(getattr(summary, key, 0))) for key, label in figure_labels()]
        details = dict(getattr(summary, "details", {}) or {})
        labels = dict(getattr(summary, "detail_labels", {}) or {})
        figures += [
            (key, labels.get(key, key), int(value))
            for key, value in details.items()
            if key not in {k for k, _ in figure_labels()}
        ]
        for n, (key, label, value) in enumerate(figures):
            row, column = divmod(n, self.COLUMNS)
            name = QLabel(label, self)
            number = QLabel(str(value), self)
            number.setObjectName(f"figure_{key}")
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            number.setStyleSheet("font-weight:bold;")
            self._grid.addWidget(name, row, column * 2)
            self._grid.addWidget(number, row, column * 2 + 1)
            self.values[key] = number
        self.show()


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
        self.resize(820, 480)
        layout = QVBoxLayout(self)
        head = QLabel(file_name, self)
        head.setWordWrap(True)
        layout.addWidget(head)
        self.nothing_new_label = QLabel(
            QCoreApplication.translate(
                "ImportSummary",
                "Nothing new: every usable row of this file had been imported before.",
            ),
            self,
        )
        self.nothing_new_label.setObjectName("nothingNew")
        self.nothing_new_label.setWordWrap(True)
        self.nothing_new_label.setStyleSheet("font-weight:bold;")
        self.nothing_new_label.setVisible(bool(getattr(summary, "nothing_new", False)))
        layout.addWidget(self.nothing_new_label)
        self.figures = SummaryFigures(self, summary)
        layout.addWidget(self.figures)
        self.summary_label = QLabel(summary_text(summary), self)
        self.summary_label.setObjectName("importSummary")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)

        rejections = list(getattr(summary, "rejections", []) or [])
        self.table = rejections_table(self, rejections)
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
    path, _filter = file_dialogs.open_file_name(
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
    from office_app.services.admin.actor import PermissionDenied
    from office_app.services.imports.errors import ImportFileError

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
