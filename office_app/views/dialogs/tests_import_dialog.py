"""The import wizard for test-site files: choose, preview, correct the mapping, import.

Nothing is written before 导入 is pressed. The preview shows the first rows with the cells the
import would reject marked, and checks the WHOLE file: a dry run through the same import code
(``import_tests(dry_run=True)``, rolled back), in a worker thread with progress, gives the true
counts — rows, to import, duplicates, rejected with line, column and reason — and 导入 is
enabled once it is done. Document and phone numbers are shown masked. A corrected column
mapping is saved for that header set and offered again next time; changing it checks again.
The import runs in a worker thread with a progress bar; 取消 stops it and the transaction is
rolled back, so a cancelled or failed import writes nothing.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from office_app.services.imports import tests as T

from .. import file_dialogs
from .. import ui_settings as U
from ..context import AppContext
from ..table_models.tests_preview_table_model import TestsPreviewTableModel
from . import messages
from .import_summary_dialog import SummaryFigures, fill_rejections, rejections_table

FILE_FILTER = "CSV / Excel (*.csv *.txt *.tsv *.xlsx);;All files (*)"


def field_labels() -> dict[str, str]:
    """The import's fields as the user reads them (translated in context "TestsImport")."""
    return {
        "name": QCoreApplication.translate("TestsImport", "Name"),
        "id_type": QCoreApplication.translate("TestsImport", "Document type"),
        "id_no": QCoreApplication.translate("TestsImport", "Document number"),
        "phone": QCoreApplication.translate("TestsImport", "Phone"),
        "sample_time": QCoreApplication.translate("TestsImport", "Sample time"),
        "site": QCoreApplication.translate("TestsImport", "Sampling site"),
        "collector": QCoreApplication.translate("TestsImport", "Collector"),
        "tube": QCoreApplication.translate("TestsImport", "Tube code"),
        "pool": QCoreApplication.translate("TestsImport", "Pooling"),
        "lab": QCoreApplication.translate("TestsImport", "Laboratory"),
        "result": QCoreApplication.translate("TestsImport", "Result"),
        "report_time": QCoreApplication.translate("TestsImport", "Report time"),
        "category": QCoreApplication.translate("TestsImport", "Category"),
        "address": QCoreApplication.translate("TestsImport", "Address"),
        "compound": QCoreApplication.translate("TestsImport", "Compound"),
        "building": QCoreApplication.translate("TestsImport", "Building"),
        "unit": QCoreApplication.translate("TestsImport", "Unit"),
        "room": QCoreApplication.translate("TestsImport", "Room"),
    }


class ImportWorker(QObject):
    """Runs ``import_tests`` in its thread (with that thread's own database connection).

    With ``dry_run`` it is the preview's check of the whole file: everything is rolled back.
    """

    progress = Signal(int)  # per mille of the file read
    finished = Signal(object)  # the summary
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        context: AppContext,
        path: Path,
        mapping: dict[str, int],
        *,
        dry_run: bool = False,
    ) -> None:
        super().__init__()
        self.context = context
        self.path = path
        self.mapping = mapping
        self.dry_run = dry_run
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int, _rows: int) -> bool:
        self.progress.emit(int(1000 * done / total) if total else 0)
        return not self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        from office_app.services.admin.actor import PermissionDenied
        from office_app.services.admin.database import close_thread_connection
        from office_app.services.imports.errors import ImportFileError

        try:
            summary = T.import_tests(
                self.context.actor,
                self.path,
                mapping=self.mapping,
                progress=self._progress,
                dry_run=self.dry_run,
            )
        except T.ImportCancelled:
            self.cancelled.emit()
        except (ImportFileError, PermissionDenied) as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # shown to the user; the transaction was rolled back
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.finished.emit(summary)
        finally:
            close_thread_connection()  # this thread's connection only


class TestsImportDialog(QDialog):
    """Choose a file, look at the preview, fix the mapping, import with progress and cancel."""

    __test__ = False

    def __init__(
        self, context: AppContext, path: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.path: Path | None = None
        self.preview: T.Preview | None = None
        self.summary: T.TestsImportSummary | None = None
        # The dry run of the whole file with the mapping shown (None until it is done).
        self.check: T.TestsImportSummary | None = None
        self.check_error = ""
        self.auto_columns: dict[str, int] = {}
        self._thread: QThread | None = None
        self._worker: ImportWorker | None = None
        self._check_thread: QThread | None = None
        self._check_worker: ImportWorker | None = None
        self._loading = False
        self.labels = field_labels()
        self.setWindowTitle(QCoreApplication.translate("TestsImport", "Import test results"))
        self.setMinimumSize(960, 640)

        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("pathEdit")
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(
            QCoreApplication.translate("TestsImport", "Choose a file, or drop it on the tests page")
        )
        browse = QPushButton(QCoreApplication.translate("TestsImport", "Choose file…"), self)
        browse.setObjectName("browseButton")
        browse.clicked.connect(self.browse)
        top = QHBoxLayout()
        top.addWidget(self.path_edit, 1)
        top.addWidget(browse)

        self.info_label = QLabel(self)
        self.info_label.setObjectName("infoLabel")
        self.info_label.setWordWrap(True)

        mapping_box = QGroupBox(
            QCoreApplication.translate("TestsImport", "Columns (correct them if needed)"), self
        )
        grid = QGridLayout(mapping_box)
        self.combos: dict[str, QComboBox] = {}
        per_row = 3
        for n, spec in enumerate(T.TEST_COLUMNS):
            combo = QComboBox(mapping_box)
            combo.setObjectName(f"map_{spec.key}")
            combo.setMinimumContentsLength(10)
            combo.currentIndexChanged.connect(self._mapping_changed)
            self.combos[spec.key] = combo
            label = self.labels[spec.key] + (" *" if spec.required else "")
            row, col = divmod(n, per_row)
            grid.addWidget(QLabel(label, mapping_box), row, col * 2)
            grid.addWidget(combo, row, col * 2 + 1)

        self.model = TestsPreviewTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("previewTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.rejections = rejections_table(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("previewTabs")
        self.tabs.addTab(self.table, QCoreApplication.translate("TestsImport", "First rows"))
        self.tabs.addTab(
            self.rejections, QCoreApplication.translate("TestsImport", "Rows to be rejected")
        )

        # What the check of the whole file found (the counts the import will report).
        self.check_label = QLabel(self)
        self.check_label.setObjectName("checkLabel")
        self.check_label.setWordWrap(True)
        self.check_label.setStyleSheet("font-weight:bold;")
        # The check's figures, shown as the summary of every import shows them.
        self.check_figures = SummaryFigures(self)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("statusLabel")
        self.status_label.setWordWrap(True)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setObjectName("progressBar")
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.hide()

        self.import_button = QPushButton(QCoreApplication.translate("TestsImport", "Import"), self)
        self.import_button.setObjectName("importButton")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(QCoreApplication.translate("TestsImport", "Cancel"), self)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.info_label)
        layout.addWidget(mapping_box)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.check_figures)
        layout.addWidget(self.check_label)
        layout.addWidget(self.progress_bar)
        layout.addLayout(buttons)
        self._sync()
        app = QCoreApplication.instance()
        if app is not None:  # a check still running when the program quits is stopped first
            app.aboutToQuit.connect(self._stop_check)
        if path:
            self.load(path)

    # --- choosing and previewing -----------------------------------------------------------

    def browse(self) -> None:
        path, _ = file_dialogs.open_file_name(
            self,
            QCoreApplication.translate("TestsImport", "Import test results"),
            self.context.ui.get(U.LAST_IMPORT_FOLDER),
            FILE_FILTER,
        )
        if path:
            self.load(path)

    def load(self, path: str) -> None:
        """Preview ``path`` with the saved or recognised mapping; nothing is written."""
        from office_app.services.imports.errors import ImportFileError

        self._stop_check()
        self.path = Path(path)
        self.path_edit.setText(str(self.path))
        self.context.ui.set(U.LAST_IMPORT_FOLDER, str(self.path.parent))
        try:
            preview = T.preview(self.path)
        except ImportFileError as exc:
            self.preview = None
            self.model.set_preview(None, {})
            self.info_label.setText(str(exc))
            self._show_check()
            self._sync()
            return
        self.auto_columns = T.auto_mapping(preview.header)
        self._loading = True
        try:
            for key, combo in self.combos.items():
                combo.clear()
                combo.addItem(QCoreApplication.translate("TestsImport", "(none)"), -1)
                for index, name in enumerate(preview.header):
                    combo.addItem(name or f"#{index + 1}", index)
                combo.setCurrentIndex(preview.columns.get(key, -1) + 1)
        finally:
            self._loading = False
        self._show(preview)

    def mapping(self) -> dict[str, int]:
        """The mapping the combo boxes show (key → column index)."""
        return {
            key: int(combo.currentData())
            for key, combo in self.combos.items()
            if combo.currentData() is not None and int(combo.currentData()) >= 0
        }

    def _mapping_changed(self) -> None:
        if self._loading or self.path is None:
            return
        self._stop_check()
        try:
            preview = T.preview(self.path, mapping=self.mapping())
        except Exception as exc:  # the file changed under us
            self.info_label.setText(str(exc))
            return
        self._show(preview)

    def _show(self, preview: T.Preview) -> None:
        self.preview = preview
        self.model.set_preview(preview, self.labels)
        self.info_label.setText(
            QCoreApplication.translate(
                "TestsImport", "{file}: {encoding}, {columns} columns; first {rows} rows shown."
            )
            .replace("{file}", preview.file_name)
            .replace("{encoding}", preview.encoding)
            .replace("{columns}", str(len(preview.header)))
            .replace("{rows}", str(len(preview.rows)))
            + (
                " "
                + QCoreApplication.translate(
                    "TestsImport",
                    "This file was imported before: importing it again adds nothing.",
                )
                if preview.already_imported
                else ""
            )
        )
        if preview.missing:
            missing = "、".join(self.labels[k] for k in T.REQUIRED if k not in preview.columns)
            self.status_label.setText(
                QCoreApplication.translate(
                    "TestsImport", "Required columns not found: {missing}"
                ).replace("{missing}", missing)
            )
        else:
            invalid = self.model.invalid_cells()
            self.status_label.setText(
                QCoreApplication.translate(
                    "TestsImport", "{n} cells in the rows shown would be rejected (red)."
                ).replace("{n}", str(invalid))
                if invalid
                else QCoreApplication.translate("TestsImport", "The rows shown are valid.")
            )
        self._show_check()
        self._sync()
        if not preview.missing and self.context.actor.can_write:
            self._start_check()

    def _sync(self) -> None:
        running = self._thread is not None
        # After the check; a check that failed (the database busy, say) does not block the
        # import, which reports its own result.
        checked = self.check is not None or bool(self.check_error)
        ready = self.preview is not None and not self.preview.missing and checked
        self.import_button.setEnabled(ready and not running and self.context.actor.can_write)
        for combo in self.combos.values():
            combo.setEnabled(not running and self.preview is not None)

    # --- checking the whole file (a dry run) ------------------------------------------------

    @property
    def checking(self) -> bool:
        return self._check_thread is not None

    def _start_check(self) -> None:
        """Check every row of the file with the mapping shown, in a worker thread."""
        if self.path is None:
            return
        self._stop_check()
        self.check, self.check_error = None, ""
        thread = QThread(self)
        worker = ImportWorker(self.context, self.path, self.mapping(), dry_run=True)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self._check_progress)
        worker.finished.connect(self._checked)
        worker.failed.connect(self._check_failed)
        worker.cancelled.connect(self._check_cancelled)
        self._check_thread, self._check_worker = thread, worker
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.check_label.setText(
            QCoreApplication.translate("TestsImport", "Checking every row of the file…")
        )
        self._sync()
        thread.start()

    def _stop_check(self) -> None:
        """Stop a check that is running and wait for its thread (it stops within a batch)."""
        thread, worker = self._check_thread, self._check_worker
        self._check_thread = self._check_worker = None
        if worker is not None:
            worker.cancel()
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()
        if worker is not None:
            worker.deleteLater()
        if self._thread is None:
            self.progress_bar.hide()

    def _is_current_check(self) -> bool:
        return self.sender() is not None and self.sender() is self._check_worker

    def _check_progress(self, value: int) -> None:
        if self._is_current_check():
            self.progress_bar.setValue(value)

    def _checked(self, summary: Any) -> None:
        if not self._is_current_check():
            return  # a check for an earlier mapping or file
        self._stop_check()
        self.check = summary
        self._show_check()
        self._sync()

    def _check_failed(self, message: str) -> None:
        if not self._is_current_check():
            return
        self._stop_check()
        self.check_error = message
        self._show_check()
        self._sync()

    def _check_cancelled(self) -> None:
        if self._is_current_check():
            self._stop_check()

    def _show_check(self) -> None:
        """The counts of the dry run, and the rows it would reject with their reasons."""
        check = self.check
        fill_rejections(self.rejections, check.rejections if check is not None else [])
        self.check_figures.set_summary(None if self.check_error else check)
        rejected = check.rejected if check is not None else 0
        self.tabs.setTabText(
            1,
            QCoreApplication.translate("TestsImport", "Rows to be rejected")
            + (f" ({rejected})" if check is not None else ""),
        )
        if self.check_error:
            self.check_label.setText(
                QCoreApplication.translate(
                    "TestsImport", "The file could not be checked: {error}"
                ).replace("{error}", self.check_error)
            )
            return
        if check is None:
            self.check_label.setText("")
            return
        filled = check.details.get("results_filled", 0)
        text = (
            QCoreApplication.translate(
                "TestsImport",
                "Whole file checked: {rows} rows; {new} to import ({unmatched} unmatched), "
                "{duplicates} already there, {rejected} to be rejected; "
                "positive {positives}, pooled positive {pooled}.",
            )
            .replace("{rows}", str(check.total_rows))
            .replace("{new}", str(check.imported))
            .replace("{unmatched}", str(check.unmatched))
            .replace("{duplicates}", str(check.duplicates))
            .replace("{rejected}", str(check.rejected))
            .replace("{positives}", str(check.positives))
            .replace("{pooled}", str(check.pool_positives))
        )
        if filled:
            text += " " + QCoreApplication.translate(
                "TestsImport", "{n} results to be filled in."
            ).replace("{n}", str(filled))
        if check.nothing_new:
            text += " " + QCoreApplication.translate(
                "TestsImport", "Nothing new: every usable row has been imported before."
            )
        self.check_label.setText(text)
        if check.rejected and self.preview is not None:
            invalid = self.model.invalid_cells()
            self.status_label.setText(
                (
                    QCoreApplication.translate(
                        "TestsImport", "{n} cells in the rows shown would be rejected (red)."
                    ).replace("{n}", str(invalid))
                    if invalid
                    else QCoreApplication.translate("TestsImport", "The rows shown are valid.")
                )
                + " "
                + QCoreApplication.translate(
                    "TestsImport",
                    "In the whole file {n} rows would be rejected: see “Rows to be rejected”.",
                ).replace("{n}", str(check.rejected))
            )

    # --- importing -------------------------------------------------------------------------

    def start(self) -> None:
        if self.path is None or self.preview is None or self.preview.missing:
            return
        self._stop_check()
        mapping = self.mapping()
        if mapping != self.auto_columns:
            T.save_mapping(self.context.actor, self.preview.header, mapping)
        self._thread = QThread(self)
        self._worker = ImportWorker(self.context, self.path, mapping)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self.progress_bar.setValue)
        self._worker.finished.connect(self._finished)
        self._worker.failed.connect(self._failed)
        self._worker.cancelled.connect(self._cancelled)
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.status_label.setText(QCoreApplication.translate("TestsImport", "Importing…"))
        self._sync()
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread is not None

    def cancel(self) -> None:
        if self._worker is not None:
            self.status_label.setText(QCoreApplication.translate("TestsImport", "Cancelling…"))
            self._worker.cancel()
            return
        self.reject()

    def _stop_thread(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
        if self._worker is not None:
            self._worker.deleteLater()
        self._thread = None
        self._worker = None
        self.progress_bar.hide()
        self._sync()

    def _finished(self, summary: Any) -> None:
        self._stop_thread()
        self.summary = summary
        self.accept()

    def _failed(self, message: str) -> None:
        self._stop_thread()
        self.status_label.setText(
            QCoreApplication.translate("TestsImport", "Not imported: nothing was written.")
        )
        messages.warn(
            self, QCoreApplication.translate("FileImport", "The file was not imported"), message
        )

    def _cancelled(self) -> None:
        self._stop_thread()
        self.status_label.setText(
            QCoreApplication.translate("TestsImport", "Import cancelled: nothing was written.")
        )

    def reject(self) -> None:
        if self._worker is not None:  # Esc while importing cancels the import first
            self._worker.cancel()
            return
        super().reject()

    def done(self, result: int) -> None:
        if self._thread is not None and result == QDialog.DialogCode.Accepted:
            return
        self._stop_check()
        super().done(result)


__all__ = ["FILE_FILTER", "ImportWorker", "TestsImportDialog", "field_labels"]
