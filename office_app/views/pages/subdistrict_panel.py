"""报表 → 街道汇总: the subdistrict's summary over the communities' databases.

The subdistrict's staff choose the communities' database files (remembered), the date, and
make the summary: preview, print, save as PDF or .xlsx. The summary is made by the command
line (``office-app subdistrict-report``) in a child process: each community's database is
bound there, read-only, and never in this window's process, whose own database stays bound
for its pages and background work.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QDate, QProcess, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from office_app.services.admin import audit
from office_app.services.clock import now

from .. import file_dialogs, printing
from .. import ui_settings as U
from ..context import AppContext
from ..dialogs import messages
from ..widgets.page_parts import button, date_edit, remember_export, shortcut

PREVIEW_SCALE = 1.0
EXIT_PARTIAL = 3


def summary_command(arguments: list[str]) -> tuple[str, list[str]]:
    """The program itself, run as the command line with ``arguments``."""
    if getattr(sys, "frozen", False):  # the installed bundle: its executable is the program
        return sys.executable, arguments
    return sys.executable, ["-m", "office_app.cli", *arguments]


class SubdistrictPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.pdf_data: bytes | None = None
        self.xlsx_data: bytes | None = None
        self.missing: list[str] = []
        self.process: QProcess | None = None
        self.work = Path(tempfile.mkdtemp(prefix="office-app-subdistrict-"))
        self.destroyed.connect(lambda: shutil.rmtree(self.work, ignore_errors=True))

        self.sources = QListWidget(self)
        self.sources.setObjectName("subdistrictSources")
        self.sources.setToolTip(self.tr("One database file per community; opened read-only"))
        for line in context.ui.get(U.SUBDISTRICT_SOURCES).splitlines():
            if line.strip():
                self.sources.addItem(line.strip())
        add = button(
            self, "addSource", self.tr("Add community database…"), slot=self.choose_sources
        )
        remove = button(self, "removeSource", self.tr("Remove"), slot=self.remove_source)
        self.day = date_edit(self, "subdistrictDay")
        self.day.setDate(QDate(now().date()))
        self.make_button = button(self, "makeSummary", self.tr("Make summary (F9)"), slot=self.make)
        self.print_button = button(self, "printSummary", self.tr("Print…"), slot=self.print_summary)
        self.save_button = button(self, "saveSummary", self.tr("Save PDF…"), slot=self.save_pdf)
        self.xlsx_button = button(
            self, "saveSummaryXlsx", self.tr("Save Excel…"), slot=self.save_xlsx
        )
        self.status = QLabel(self)
        self.status.setObjectName("subdistrictStatus")
        self.status.setWordWrap(True)
        self.preview_label = QLabel(self)
        self.preview_label.setObjectName("subdistrictPreview")
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        preview = QScrollArea(self)
        preview.setWidget(self.preview_label)
        preview.setWidgetResizable(True)

        source_buttons = QHBoxLayout()
        source_buttons.addWidget(add)
        source_buttons.addWidget(remove)
        source_buttons.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(QLabel(self.tr("Date"), self))
        actions.addWidget(self.day)
        for b in (self.make_button, self.print_button, self.save_button, self.xlsx_button):
            actions.addWidget(b)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Community databases"), self))
        layout.addWidget(self.sources)
        layout.addLayout(source_buttons)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(preview, 1)
        self.sources.setMaximumHeight(140)
        shortcut(self, "F9", self.make, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._enable()

    # --- the communities --------------------------------------------------------------------

    def source_paths(self) -> list[str]:
        return [self.sources.item(i).text() for i in range(self.sources.count())]

    def set_sources(self, paths: list[str]) -> None:
        self.sources.clear()
        for path in dict.fromkeys(paths):
            self.sources.addItem(path)
        self.context.ui.set(U.SUBDISTRICT_SOURCES, "\n".join(self.source_paths()))
        self._forget()

    def choose_sources(self) -> None:
        start = self.context.ui.get(U.LAST_IMPORT_FOLDER) or U.documents_folder()
        paths, _filter = file_dialogs.open_file_names(
            self,
            self.tr("Community databases"),
            start,
            self.tr("Databases (*.db *.sqlite);;All files (*)"),
            databases=True,  # opened read-only by SQLite, never as plain files
        )
        if paths:
            self.context.ui.set(U.LAST_IMPORT_FOLDER, str(Path(paths[0]).parent))
            self.set_sources([*self.source_paths(), *paths])

    def remove_source(self) -> None:
        row = self.sources.currentRow()
        if row >= 0:
            self.set_sources([p for i, p in enumerate(self.source_paths()) if i != row])

    # --- making the summary -----------------------------------------------------------------

    def _forget(self) -> None:
        self.pdf_data = self.xlsx_data = None
        self.missing = []
        self.preview_label.clear()
        self._enable()

    def _enable(self) -> None:
        busy = self.process is not None
        self.make_button.setEnabled(bool(self.source_paths()) and not busy)
        for b in (self.print_button, self.save_button, self.xlsx_button):
            b.setEnabled(self.pdf_data is not None and not busy)

    def make(self) -> None:
        """Start the summary in a child process; the preview shows when it is done."""
        if self.process is not None or not self.source_paths():
            return
        self._forget()
        day = self.day.date().toPython()
        arguments = ["subdistrict-report", "--date", f"{day:%Y-%m-%d}"]
        for path in self.source_paths():
            arguments += ["--db", path]
        arguments += ["--out", str(self.work / "summary.pdf")]
        arguments += ["--xlsx", str(self.work / "summary.xlsx")]
        program, args = summary_command(arguments)
        self.process = QProcess(self)
        self.process.finished.connect(self._finished)
        self.status.setText(
            self.tr("Making the summary of {count} communities…").format(
                count=len(self.source_paths())
            )
        )
        self._enable()
        self.process.start(program, args)

    def wait(self, msecs: int = 60000) -> bool:
        """Wait for the summary being made (tests; the window never blocks on it)."""
        process = self.process
        if process is None:
            return True
        finished = process.waitForFinished(msecs)
        return finished

    def _finished(self, code: int, _status: QProcess.ExitStatus) -> None:
        process = self.process
        assert process is not None
        errors = bytes(process.readAllStandardError().data()).decode("utf-8", "replace")
        self.process = None
        process.deleteLater()
        pdf_file, xlsx_file = self.work / "summary.pdf", self.work / "summary.xlsx"
        if code not in (0, EXIT_PARTIAL) or not pdf_file.exists():
            self._enable()
            self.status.setText(self.tr("No summary was made."))
            messages.warn(self, self.tr("No summary"), errors.strip() or self.tr("Unknown error"))
            return
        self.pdf_data = pdf_file.read_bytes()
        self.xlsx_data = xlsx_file.read_bytes() if xlsx_file.exists() else None
        pdf_file.unlink()
        xlsx_file.unlink(missing_ok=True)
        self.missing = [
            line.split("：", 1)[1] for line in errors.splitlines() if line.startswith("未能汇总：")
        ]
        self._show_preview()
        self._enable()
        done = len(self.source_paths()) - len(self.missing)
        text = self.tr("Summary of {done} communities made.").format(done=done)
        if self.missing:
            text += " " + self.tr("Not included: {names}").format(names="；".join(self.missing))
        self.status.setText(text)

    def _show_preview(self) -> None:
        assert self.pdf_data is not None
        pages = printing.render_pages(self.pdf_data, PREVIEW_SCALE)
        self.preview_label.setPixmap(printing.preview_sheet(pages))

    # --- printing and saving ----------------------------------------------------------------

    def _summary_note(self) -> str:
        day = self.day.date().toPython()
        return (
            f"街道汇总日报 {day:%Y-%m-%d}（{len(self.source_paths()) - len(self.missing)} 个社区）"
        )

    def print_summary(self) -> printing.Printed | None:
        if self.pdf_data is None:
            return None
        printed = printing.print_document(
            self,
            self.context,
            self.pdf_data,
            title=self._summary_note(),
            note=printing.AuditNote("print.subdistrict_report", f"打印{self._summary_note()}"),
        )
        if printed is not None:
            self.status.setText(self.tr("Printed {pages} pages.").format(pages=printed.sheets))
        return printed

    def _save(self, data: bytes | None, suffix: str, file_filter: str) -> Path | None:
        if data is None:
            return None
        day = self.day.date().toPython()
        folder = self.context.ui.get(U.LAST_EXPORT_FOLDER) or U.documents_folder()
        path, _filter = file_dialogs.save_file_name(
            self,
            self.tr("Save the subdistrict summary"),
            str(Path(folder) / f"街道汇总-{day:%Y-%m-%d}{suffix}"),
            file_filter,
        )
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        remember_export(self.context.ui, target)
        from office_app.reports import pdf

        try:
            pdf.write_pdf(data, target)
            audit.record(
                self.context.actor,
                "print.subdistrict_report",
                summary=f"保存{self._summary_note()}：{target.name}",
            )
        except OSError as exc:
            messages.warn(self, self.tr("Not saved"), str(exc))
            return None
        self.status.setText(self.tr("Saved to {path}").format(path=target))
        return target

    def save_pdf(self) -> Path | None:
        return self._save(self.pdf_data, ".pdf", self.tr("PDF (*.pdf)"))

    def save_xlsx(self) -> Path | None:
        return self._save(self.xlsx_data, ".xlsx", self.tr("Excel (*.xlsx)"))
