"""报表: the shift handover (交接班记录) — choose a shift, fill in the receiving person and the
open items, preview, print, save — and the daily report (日报).

The PDF is made by reports/handover.py; the preview and the printout are its pages rendered
by pypdfium2, so what is previewed, printed and saved is the same document. Saving or
printing stores the handover (receiving person, open items, the file) through
services/handover.save.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from office_app.services.admin import settings
from office_app.services.clock import now
from office_app.services.reporting import deadlines, handover
from office_app.services.reporting.handover import OpenItem, ShiftWindow

from .. import file_dialogs, printing
from .. import ui_settings as U
from ..context import AppContext
from ..dialogs import messages
from ..printing import render_pages
from ..widgets.page_parts import (
    Failed,
    attempt,
    button,
    date_edit,
    export_start,
    remember_export,
    shortcut,
)

DAYS_LISTED = 14
PREVIEW_SCALE = 1.3


# A 期限 that is not a time is kept as written, at the end of the item's text.
DEADLINE_NOTE = "（期限：{text}）"
_DEADLINE_NOTE = re.compile(r"（期限：(?P<text>[^（）]*)）$")


def parse_deadline(text: str, window: ShiftWindow | None = None) -> dt.datetime | None:
    """A 期限 as typed — ``2022-11-21 19:00``, ``19:00``, 今晚, 明早, 明天 8 点, 交班前 … —
    read relative to the shift's end (services/reporting/deadlines.py); None when blank.

    Raises :class:`deadlines.NotATime` (a ValueError) for text that is not a time.
    """
    end = window.ends_at if window is not None else now()
    return deadlines.parse_deadline(text, shift_end=end)


def split_deadline_note(task: str) -> tuple[str, str]:
    """An item's text and the 期限 kept as words in it (``…（期限：等街道通知）``)."""
    found = _DEADLINE_NOTE.search(task)
    if found is None:
        return task, ""
    return task[: found.start()].rstrip(), found.group("text")


class ReportsPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.pdf_data: bytes | None = None
        self.pages: list[QImage] = []

        self.shifts = QListWidget(self)
        self.shifts.setObjectName("shiftList")
        self.shifts.currentItemChanged.connect(self._shift_changed)
        self.daily_day = date_edit(self, "dailyDay")
        self.daily_button = button(
            self,
            "dailyButton",
            QCoreApplication.translate("ReportsPage", "Daily report…"),
            slot=self.save_daily_report,
        )
        self.daily_print_button = button(
            self,
            "dailyPrintButton",
            QCoreApplication.translate("ReportsPage", "Print…"),
            QCoreApplication.translate("ReportsPage", "Print the daily report"),
            self.print_daily_report,
        )
        left = QVBoxLayout()
        left.addWidget(QLabel(QCoreApplication.translate("ReportsPage", "Shifts"), self))
        left.addWidget(self.shifts, 1)
        daily_box = QGroupBox(
            QCoreApplication.translate("ReportsPage", "Daily report for the subdistrict"), self
        )
        daily_row = QHBoxLayout(daily_box)
        daily_row.addWidget(self.daily_day, 1)
        daily_row.addWidget(self.daily_button)
        daily_row.addWidget(self.daily_print_button)
        left.addWidget(daily_box)
        left_widget = QWidget(self)
        left_widget.setLayout(left)

        self.title = QLabel(self)
        self.title.setObjectName("handoverTitle")
        self.receiving = QLineEdit(self)
        self.receiving.setObjectName("receiving")
        self.receiving.setPlaceholderText(
            QCoreApplication.translate("ReportsPage", "Who takes over")
        )
        self.items = QTableWidget(0, 3, self)
        self.items.setObjectName("openItems")
        self.items.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("ReportsPage", "Open item"),
                QCoreApplication.translate("ReportsPage", "Owner"),
                QCoreApplication.translate("ReportsPage", "Deadline"),
            ]
        )
        self.items.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.items.setColumnWidth(1, 110)
        self.items.setColumnWidth(2, 140)
        self.items.verticalHeader().setVisible(False)
        self.items.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items.setMinimumHeight(100)
        self.items.setMaximumHeight(150)
        self.items.setToolTip(
            QCoreApplication.translate(
                "ReportsPage",
                "Deadline: a time (19:00, 11-22 08:00) or words such as 今晚, 明早, 明天 8 点, "
                "交班前; anything else is kept as written",
            )
        )
        self.items.itemChanged.connect(self._deadline_edited)
        add = button(
            self,
            "addItem",
            QCoreApplication.translate("ReportsPage", "Add item"),
            slot=lambda: self.add_item(OpenItem("")),
        )
        remove = QPushButton(QCoreApplication.translate("ReportsPage", "Remove item"), self)
        remove.clicked.connect(self.remove_item)
        carry = button(
            self,
            "carryItems",
            QCoreApplication.translate("ReportsPage", "Carry over open items of the shift before"),
            slot=self.carry_items,
        )
        item_buttons = QHBoxLayout()
        for b in (add, remove, carry):
            item_buttons.addWidget(b)
        item_buttons.addStretch(1)
        form = QFormLayout()
        form.addRow(QCoreApplication.translate("ReportsPage", "Receiving"), self.receiving)

        self.preview_button = button(
            self,
            "previewButton",
            QCoreApplication.translate("ReportsPage", "Preview (Alt+V)"),
            slot=self.preview,
        )
        self.print_button = button(
            self,
            "printButton",
            QCoreApplication.translate("ReportsPage", "Print… (Ctrl+P)"),
            slot=self.print_handover,
        )
        self.save_button = button(
            self,
            "saveButton",
            QCoreApplication.translate("ReportsPage", "Save PDF…"),
            slot=self.save_pdf,
        )
        self.folder_button = button(
            self,
            "folderButton",
            QCoreApplication.translate("ReportsPage", "Open folder"),
            slot=self.open_folder,
        )
        actions = QHBoxLayout()
        for b in (self.preview_button, self.print_button, self.save_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.folder_button)

        self.preview_label = QLabel(self)
        self.preview_label.setObjectName("previewPages")
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview_area = QScrollArea(self)
        self.preview_area.setWidget(self.preview_label)
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setMinimumHeight(200)
        self.status = QLabel(self)
        self.status.setObjectName("reportStatus")

        right = QVBoxLayout()
        right.addWidget(self.title)
        right.addLayout(form)
        right.addWidget(self.items)
        right.addLayout(item_buttons)
        right.addLayout(actions)
        right.addWidget(self.status)
        right.addWidget(self.preview_area, 1)
        right_widget = QWidget(self)
        right_widget.setLayout(right)

        splitter = QSplitter(self)
        splitter.addWidget(left_widget)
        splitter.addWidget(right_widget)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 900])
        # 交接班与日报 | 街道汇总 (made on first use: most offices never open it)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("reportTabs")
        self.tabs.addTab(
            splitter, QCoreApplication.translate("ReportsPage", "Handover and daily report")
        )
        self.tabs.addTab(
            QWidget(self), QCoreApplication.translate("ReportsPage", "Subdistrict summary")
        )
        self.subdistrict: Any = None
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addWidget(self.tabs)

        for keys, slot in (
            (QKeySequence.StandardKey.Print, self.print_handover),
            (QKeySequence("Alt+V"), self.preview),
            (QKeySequence.StandardKey.Save, self.save_pdf),
        ):
            shortcut(self, keys, slot)
        writable = context.actor.can_write
        for widget in (self.receiving, self.items, add, remove, carry):
            widget.setEnabled(writable)
        self.refresh()

    def _tab_changed(self, index: int) -> None:
        if index == 1 and self.subdistrict is None:
            from .subdistrict_panel import SubdistrictPanel

            self.subdistrict = SubdistrictPanel(self.context, self)
            blocked = self.tabs.blockSignals(True)
            self.tabs.removeTab(1)
            self.tabs.insertTab(
                1,
                self.subdistrict,
                QCoreApplication.translate("ReportsPage", "Subdistrict summary"),
            )
            self.tabs.setCurrentIndex(1)
            self.tabs.blockSignals(blocked)

    # --- shifts -------------------------------------------------------------------------

    def refresh(self) -> None:
        moment = now()
        current_day, current = settings.load().shift_at(moment)
        self.daily_day.setDate(QDate(moment.year, moment.month, moment.day))
        chosen = self.current_window()
        self.shifts.blockSignals(True)
        self.shifts.clear()
        first = current_day - dt.timedelta(days=DAYS_LISTED - 1)
        stored = handover.handed_over_numbers()
        select_row = 0
        for window in handover.shifts_between(first, current_day):
            if window.starts_at > moment:
                continue
            mark = (
                QCoreApplication.translate("ReportsPage", " · handed over")
                if window.number in stored
                else ""
            )
            text = (
                f"{window.day:%m-%d} {window.name} {window.starts_at:%H:%M}–"
                f"{window.ends_at:%H:%M}{mark}"
            )
            item = QListWidgetItem(text, self.shifts)
            item.setData(Qt.ItemDataRole.UserRole, window)
            wanted = (chosen.day, chosen.name) if chosen else (current_day, current.name)
            if (window.day, window.name) == wanted:
                select_row = self.shifts.count() - 1
        self.shifts.blockSignals(True)
        if self.shifts.count():
            self.shifts.setCurrentRow(select_row)
        self.shifts.blockSignals(False)
        now_chosen = self.current_window()
        same = chosen is not None and now_chosen is not None and chosen.number == now_chosen.number
        if not (same and self.is_dirty()):  # F5 keeps what is being typed
            self.load_shift()

    def current_window(self) -> ShiftWindow | None:
        item = self.shifts.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select_shift(self, day: dt.date, name: str) -> bool:
        for row in range(self.shifts.count()):
            window = self.shifts.item(row).data(Qt.ItemDataRole.UserRole)
            if window.day == day and window.name == name:
                self.shifts.setCurrentRow(row)
                return True
        return False

    def load_shift(self) -> None:
        window = self.current_window()
        self.pdf_data = None
        self.pages = []
        self.preview_label.clear()
        if window is None:
            return
        self.title.setText(
            QCoreApplication.translate(
                "ReportsPage", "Handover {number}: {day} {shift} {start}–{end}"
            ).format(
                number=window.number,
                day=f"{window.day:%Y-%m-%d}",
                shift=window.name,
                start=f"{window.starts_at:%H:%M}",
                end=f"{window.ends_at:%H:%M}",
            )
        )
        record = handover.stored(window)
        self.receiving.setText(record.receiving_name if record is not None else "")
        self.items.setRowCount(0)
        for item in handover.stored_items(record):
            self.add_item(item)
        self._loaded = self._form_state()
        self._window = window
        self.status.setText(
            QCoreApplication.translate("ReportsPage", "Handed over at {at}.").format(
                at=f"{record.handed_over_at:%m-%d %H:%M}"
            )
            if record is not None and record.handed_over_at
            else QCoreApplication.translate("ReportsPage", "Not handed over yet.")
        )

    def _form_state(self) -> tuple[str, tuple[tuple[str, str, str], ...]]:
        rows = tuple(
            (self._text(r, 0), self._text(r, 1), self._text(r, 2))
            for r in range(self.items.rowCount())
        )
        return self.receiving.text().strip(), rows

    def is_dirty(self) -> bool:
        return self._form_state() != getattr(self, "_loaded", self._form_state())

    def _shift_changed(
        self, current: QListWidgetItem | None, previous: QListWidgetItem | None
    ) -> None:
        """Another shift chosen: ask before dropping what was typed for the previous one."""
        if previous is not None and self.is_dirty() and not messages.confirm_discard(self):
            self.shifts.blockSignals(True)
            self.shifts.setCurrentItem(previous)
            self.shifts.blockSignals(False)
            return
        self.load_shift()

    # --- open items -----------------------------------------------------------------------

    def add_item(self, item: OpenItem) -> None:
        row = self.items.rowCount()
        self.items.insertRow(row)
        task, words = split_deadline_note(item.task)
        deadline = f"{item.deadline:%Y-%m-%d %H:%M}" if item.deadline else words
        blocked = self.items.blockSignals(True)
        for column, text in enumerate((task, item.owner, deadline)):
            self.items.setItem(row, column, QTableWidgetItem(text))
        self.items.blockSignals(blocked)
        if not item.task:
            self.items.setCurrentCell(row, 0)
            self.items.editItem(self.items.item(row, 0))

    def remove_item(self) -> None:
        row = self.items.currentRow()
        if row >= 0:
            self.items.removeRow(row)

    def carry_items(self) -> None:
        window = self.current_window()
        if window is None:
            return
        present = {self._text(row, 0) for row in range(self.items.rowCount())}
        for item in handover.carried_items(window.day, window.name):
            if item.task not in present:
                self.add_item(item)

    def _text(self, row: int, column: int) -> str:
        cell = self.items.item(row, column)
        return cell.text().strip() if cell is not None else ""

    def _deadline_edited(self, cell: QTableWidgetItem) -> None:
        """A 期限 typed as words (今晚, 明早 8 点) shows the time it was read as."""
        if cell.column() != 2:
            return
        text = cell.text().strip()
        try:
            moment = parse_deadline(text, self.current_window())
        except ValueError:
            cell.setToolTip(
                QCoreApplication.translate(
                    "ReportsPage", "Not a time: kept as written, with the item."
                )
            )
            return
        blocked = self.items.blockSignals(True)
        cell.setText(f"{moment:%Y-%m-%d %H:%M}" if moment else "")
        cell.setToolTip(
            QCoreApplication.translate("ReportsPage", "“{text}” read as {time}").format(
                text=text, time=f"{moment:%Y-%m-%d %H:%M}"
            )
            if moment and text != f"{moment:%Y-%m-%d %H:%M}"
            else ""
        )
        self.items.blockSignals(blocked)

    def open_items(self) -> list[OpenItem]:
        """The items as typed. A 期限 in words is read relative to the shift; one that is
        not a time (等街道通知) is kept as written, at the end of the item's text."""
        window = self.current_window()
        found = []
        for row in range(self.items.rowCount()):
            task = self._text(row, 0)
            if not task:
                continue
            written = self._text(row, 2)
            try:
                deadline = parse_deadline(written, window)
            except ValueError:
                deadline = None
                task = task + DEADLINE_NOTE.format(
                    text=written.replace("（", "(").replace("）", ")")
                )
            found.append(OpenItem(task, self._text(row, 1), deadline))
        return found

    # --- the document -----------------------------------------------------------------------

    def build_pdf(self) -> bytes | None:
        window = self.current_window()
        if window is None:
            return None
        from office_app.reports import handover as handover_pdf

        try:
            items = self.open_items()
        except ValueError as exc:
            messages.warn(
                self, QCoreApplication.translate("ReportsPage", "Check the open items"), str(exc)
            )
            return None
        facts = handover.gather(
            window.day,
            window.name,
            handing_over=self.context.actor.display_name,
            receiving=self.receiving.text().strip(),
            open_items=items,
        )
        self.pdf_data = handover_pdf.render(facts, now())
        return self.pdf_data

    def preview(self) -> None:
        data = self.build_pdf()
        if data is None:
            return
        self.pages = render_pages(data, PREVIEW_SCALE)
        self.preview_label.setPixmap(printing.preview_sheet(self.pages))
        self.status.setText(
            QCoreApplication.translate("ReportsPage", "{count} pages.").format(
                count=len(self.pages)
            )
        )

    def _store(self, pdf_path: str = "", at: dt.datetime | None = None) -> bool:
        """Store the handover (receiving person, open items). False when it could not be."""
        window = self.current_window()
        if window is None or not self.context.actor.can_write:
            return window is not None
        saved = attempt(
            self,
            QCoreApplication.translate("ReportsPage", "Not saved"),
            lambda: handover.save(
                self.context.actor,
                window.day,
                window.name,
                receiving=self.receiving.text(),
                open_items=self.open_items(),
                pdf_path=pdf_path,
                at=at,
            ),
            ValueError,
        )
        return not isinstance(saved, Failed)

    def choose_pdf_file(self, suggested: str, title: str = "") -> str:
        path, _filter = file_dialogs.save_file_name(
            self,
            title or QCoreApplication.translate("ReportsPage", "Save the handover"),
            suggested,
            QCoreApplication.translate("ReportsPage", "PDF files (*.pdf)"),
        )
        return path

    def save_pdf(self) -> Path | None:
        window = self.current_window()
        if window is None or self.build_pdf() is None:
            return None
        path = self.choose_pdf_file(
            export_start(self.context.ui, f"交接班记录-{window.number}-{window.name}.pdf")
        )
        if not path:
            return None
        remember_export(self.context.ui, path)
        handed_over = now()
        if not self._store(at=handed_over):  # first, so the PDF carries the handover time
            return None
        from office_app.reports import handover as handover_pdf

        try:
            facts = handover.gather(window.day, window.name)
            target = handover_pdf.write(
                self.context.actor, window.day, window.name, Path(path), facts=facts
            )
        except OSError as exc:
            messages.warn(self, QCoreApplication.translate("ReportsPage", "Not saved"), str(exc))
            return None
        self._store(str(target), at=handed_over)  # the file exists: remember where
        self.last_saved = target
        self.load_shift()
        self._mark_stored()
        self.status.setText(
            QCoreApplication.translate("ReportsPage", "Saved to {path}").format(path=target)
        )
        return target

    def _mark_stored(self) -> None:
        item = self.shifts.currentItem()
        mark = QCoreApplication.translate("ReportsPage", " · handed over")
        if item is not None and not item.text().endswith(mark):
            item.setText(item.text() + mark)

    def print_handover(self) -> printing.Printed | None:
        """The print dialog, then the handover, stored first so the copy carries its time."""
        try:
            self.open_items()
        except ValueError as exc:
            messages.warn(
                self, QCoreApplication.translate("ReportsPage", "Check the open items"), str(exc)
            )
            return None
        window = self.current_window()
        data = self.build_pdf()  # the page count and orientation for the dialog
        if window is None or data is None:
            return None

        def store_then_build() -> bytes | None:
            return self.build_pdf() if self._store(at=now()) else None

        printed = printing.print_document(
            self,
            self.context,
            data,
            title=f"交接班记录 {window.number}",
            note=self._print_note(window),
            before=store_then_build,
        )
        if printed is not None:
            self._mark_stored()
            self._loaded = self._form_state()
            self.status.setText(self._printed_text(printed))
        return printed

    def _print_note(self, window: ShiftWindow | None) -> printing.AuditNote:
        number = window.number if window else ""
        name = window.name if window else ""
        return printing.AuditNote(
            "print.handover", f"打印交接班记录 {number} {name}", entity="handover"
        )

    def _printed_text(self, printed: printing.Printed) -> str:
        return QCoreApplication.translate("ReportsPage", "{pages} pages sent to {printer}.").format(
            pages=printed.sheets, printer=printed.printer or "PDF"
        )

    def print_to(self, printer: QPrinter) -> int:
        """Print the built PDF's pages on ``printer`` (no dialog); the number of pages printed."""
        data = self.pdf_data or self.build_pdf()
        if data is None:
            return 0
        window = self.current_window()
        printing.prepare(printer, landscape=printing.first_page_is_landscape(data))
        printed = printing.print_pdf(
            printer, data, title=f"交接班记录 {window.number if window else ''}"
        )
        printing.record(self.context.actor, self._print_note(window), printed)
        return printed.sheets

    def open_folder(self) -> None:
        saved: Any = getattr(self, "last_saved", None)
        folder = Path(saved).parent if saved else Path(self.context.ui.get(U.LAST_EXPORT_FOLDER))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # --- the daily report -------------------------------------------------------------------

    def save_daily_report(self) -> Path | None:
        from office_app.reports import daily_report

        day = self.daily_day.date().toPython()
        path = self.choose_pdf_file(
            export_start(self.context.ui, f"日报-{day:%Y-%m-%d}.pdf"),
            QCoreApplication.translate("ReportsPage", "Save the daily report"),
        )
        if not path:
            return None
        remember_export(self.context.ui, path)
        try:
            target = daily_report.write(self.context.actor, day, Path(path))
        except OSError as exc:
            messages.warn(self, QCoreApplication.translate("ReportsPage", "Not saved"), str(exc))
            return None
        self.last_saved = target
        self.status.setText(
            QCoreApplication.translate("ReportsPage", "Saved to {path}").format(path=target)
        )
        return target

    def print_daily_report(self) -> printing.Printed | None:
        """The 日报 of the chosen day on a printer, through the print dialog."""
        from office_app.reports import daily_report
        from office_app.services.reporting import daily_report as daily_facts

        day = self.daily_day.date().toPython()
        assert isinstance(day, dt.date)
        data = daily_report.render(daily_facts.gather(day), now())
        printed = printing.print_document(
            self,
            self.context,
            data,
            title=f"日报 {day:%Y-%m-%d}",
            note=printing.AuditNote("print.daily_report", f"打印日报 {day:%Y-%m-%d}"),
        )
        if printed is not None:
            self.status.setText(self._printed_text(printed))
        return printed
