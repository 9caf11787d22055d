"""核酸: test records, the import wizard, unmatched rows, coverage, 未检名单, positives.

Files are imported through the wizard (Ctrl+I, the 导入 button, or by dropping files on the
page). The tabs show what the services in tests_import.py and test_followup.py return; this
module only lays them out and asks for input.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFontMetrics,
    QKeySequence,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from office_app.services import choices
from office_app.services import listings as L
from office_app.services.admin.actor import PermissionDenied
from office_app.services.choices import RESULTS
from office_app.services.clock import now
from office_app.services.people.identity import mask_document, mask_phone
from office_app.services.reporting import figures
from office_app.services.testing import followup as F
from office_app.services.testing.listings import TEST_IMPORTS

from ..context import AppContext
from ..dialogs import messages
from ..list_page import ChoiceFilter, ListPage, building_filter
from ..table_models.rows_table_model import RowsTableModel
from ..widgets.page_parts import button, choose_save_file, date_edit, shortcut, translated

if TYPE_CHECKING:  # the wizard (and the import it runs) is loaded when first opened
    from .. import printing
    from ..dialogs.tests_import_dialog import TestsImportDialog

# Printing, the file checks of a drop and the import's summary are imported when first
# used, not with the page (≈ 5 ms of opening it the first time).

GOOD, FAIR, POOR = "#388E3C", "#F57C00", "#D32F2F"


def coverage_colour(ratio: float) -> str:
    return GOOD if ratio >= 0.95 else FAIR if ratio >= 0.8 else POOR


class CoverageChart(QWidget):
    """One bar per building: the share of its registered residents tested that day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coverageChart")
        self.bars: list[tuple[str, float]] = []
        self.title = ""
        self.setMinimumSize(360, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(480, 420)

    def set_bars(self, title: str, bars: list[tuple[str, float]]) -> None:
        self.title = title
        self.bars = bars
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        text = self.palette().windowText().color()
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        painter.setPen(text)
        painter.drawText(QRectF(0, 0, self.width(), line + 4), self.title)
        if not self.bars:
            return
        top = line + 10
        available = self.height() - top
        label_width = max(metrics.horizontalAdvance(label) for label, _ in self.bars) + 8
        value_width = metrics.horizontalAdvance("100%") + 10
        width = max(self.width() - label_width - value_width, 10)
        row_height = min(float(line + 6), available / len(self.bars))
        for index, (label, ratio) in enumerate(self.bars):
            y = top + index * row_height
            painter.setPen(text)
            if row_height >= line * 0.8:
                painter.drawText(
                    QRectF(0, y, label_width - 6, row_height),
                    int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                    label,
                )
            bar = QRectF(label_width, y + 2, width * ratio, max(row_height - 4, 1))
            painter.fillRect(bar, QColor(coverage_colour(ratio)))
            if row_height >= line * 0.8:
                painter.drawText(
                    QRectF(bar.right() + 4, y, value_width, row_height),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                    f"{ratio:.0%}" if ratio in (0.0, 1.0) else f"{ratio:.1%}",
                )


def _table(parent: QWidget, name: str, model: RowsTableModel) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setResizeContentsPrecision(200)
    model.modelReset.connect(view.resizeColumnsToContents)
    return view


# The columns of the lists below the day (source text; translated when shown).
COVERAGE_HEADERS = (
    QT_TRANSLATE_NOOP("TestsPage", "Building"),
    QT_TRANSLATE_NOOP("TestsPage", "Registered"),
    QT_TRANSLATE_NOOP("TestsPage", "Tested"),
    QT_TRANSLATE_NOOP("TestsPage", "Untested"),
    QT_TRANSLATE_NOOP("TestsPage", "Coverage %"),
)
UNTESTED_HEADERS = (
    QT_TRANSLATE_NOOP("TestsPage", "Building"),
    QT_TRANSLATE_NOOP("TestsPage", "Unit"),
    QT_TRANSLATE_NOOP("TestsPage", "Room"),
    QT_TRANSLATE_NOOP("TestsPage", "Name"),
    QT_TRANSLATE_NOOP("TestsPage", "Document"),
    QT_TRANSLATE_NOOP("TestsPage", "Phone"),
    QT_TRANSLATE_NOOP("TestsPage", "Control"),
    QT_TRANSLATE_NOOP("TestsPage", "Special groups"),
)
POSITIVES_HEADERS = (
    QT_TRANSLATE_NOOP("TestsPage", "Sampled"),
    QT_TRANSLATE_NOOP("TestsPage", "Name"),
    QT_TRANSLATE_NOOP("TestsPage", "Document"),
    QT_TRANSLATE_NOOP("TestsPage", "Building"),
    QT_TRANSLATE_NOOP("TestsPage", "Control"),
    QT_TRANSLATE_NOOP("TestsPage", "To do"),
)
REVIEW_HEADERS = (
    QT_TRANSLATE_NOOP("TestsPage", "Tube"),
    QT_TRANSLATE_NOOP("TestsPage", "Pooled sample"),
    QT_TRANSLATE_NOOP("TestsPage", "Name"),
    QT_TRANSLATE_NOOP("TestsPage", "Phone"),
    QT_TRANSLATE_NOOP("TestsPage", "Household"),
    QT_TRANSLATE_NOOP("TestsPage", "Living with"),
    QT_TRANSLATE_NOOP("TestsPage", "Status"),
    QT_TRANSLATE_NOOP("TestsPage", "Retest"),
)


# The tabs after 检测记录, built when first shown: their titles (source text) and the
# widgets each one makes, which other code may ask the page for before the tab is shown.
UNMATCHED_TAB, COVERAGE_TAB, UNTESTED_TAB, FOLLOWUP_TAB, IMPORTS_TAB = range(1, 6)
LAZY_TAB_TITLES = (
    QT_TRANSLATE_NOOP("TestsPage", "Unmatched"),
    QT_TRANSLATE_NOOP("TestsPage", "Coverage"),
    QT_TRANSLATE_NOOP("TestsPage", "Not tested"),
    QT_TRANSLATE_NOOP("TestsPage", "Positives and review"),
    QT_TRANSLATE_NOOP("TestsPage", "Imported files"),
)
LAZY_WIDGETS = {
    UNMATCHED_TAB: ("unmatched", "link_button", "link_resident_button", "relink_button"),
    COVERAGE_TAB: ("coverage_model", "coverage_table", "coverage_chart", "coverage_label"),
    UNTESTED_TAB: (
        "untested_building",
        "export_button",
        "print_button",
        "save_button",
        "untested_label",
        "untested_model",
        "untested_table",
    ),
    FOLLOWUP_TAB: (
        "positives_model",
        "positives_table",
        "isolate_button",
        "review_model",
        "review_table",
        "review_label",
    ),
    IMPORTS_TAB: ("imports", "export_rejected_button"),
}
LAZY_TAB_OF = {name: tab for tab, names in LAZY_WIDGETS.items() for name in names}


def last_sampling_day() -> dt.date:
    """The day of the newest sample (the last round), or today without any."""
    return F.newest_sample_day() or now().date()


class TestsPage(QWidget):
    __test__ = False
    # Built inside the main window's page stack (PageSpec.create), not moved into it after.
    BUILT_IN_PARENT = True

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setAcceptDrops(True)
        self._loaded: set[int] = set()
        self._queued: list[str] = []  # dropped files waiting for their wizard

        self.import_button = button(
            self,
            "importButton",
            QCoreApplication.translate("TestsPage", "Import…"),
            QCoreApplication.translate(
                "TestsPage", "Import a test-site file (Ctrl+I), or drop files here"
            ),
            lambda: self.open_wizard(None),
        )
        self.import_action = shortcut(
            self,
            "Ctrl+I",
            lambda: self.open_wizard(None),
            text=QCoreApplication.translate("TestsPage", "Import test results…"),
        )
        self.print_action = shortcut(
            self,
            QKeySequence.StandardKey.Print,
            self._print_shortcut,
            text=QCoreApplication.translate("TestsPage", "Print the not-tested list…"),
        )
        self.day_edit = date_edit(self, "dayEdit")
        day = last_sampling_day()
        self.day_edit.setDate(QDate(day.year, day.month, day.day))
        self.day_edit.dateChanged.connect(self._day_changed)
        # 检测记录 follow the sampling day unless every day is asked for.
        self.all_days = QCheckBox(
            QCoreApplication.translate("TestsPage", "Records of every day"), self
        )
        self.all_days.setObjectName("allDays")
        self.all_days.setToolTip(
            QCoreApplication.translate(
                "TestsPage", "Show the test records of every day instead of the sampling day"
            )
        )
        self.all_days.toggled.connect(lambda _checked: self._filter_records())
        self.drop_hint = QLabel(
            QCoreApplication.translate("TestsPage", "Drop CSV or Excel files here to import them."),
            self,
        )
        self.drop_hint.setObjectName("dropHint")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(QCoreApplication.translate("TestsPage", "Sampling day"), self))
        bar.addWidget(self.day_edit)
        bar.addWidget(self.all_days)
        bar.addSpacing(16)
        bar.addWidget(self.drop_hint, 1)
        bar.addWidget(self.import_button)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("testsTabs")
        self.records = ListPage(
            context,
            L.TESTS,
            filters=[
                building_filter(),
                ChoiceFilter.fixed(
                    "result", QCoreApplication.translate("Filters", "Result"), RESULTS
                ),
            ],
            # Counted for the day from the start: a count of every record first would read
            # a million of them for nothing.
            initial_filters={"day": self.day()},
        )
        self.records.setObjectName("recordsList")  # the day's filter set above: counted once
        self.tabs.addTab(self.records, QCoreApplication.translate("TestsPage", "Records"))
        # The other tabs are empty holders until first shown (or one of their widgets is
        # asked for, see __getattr__): the page opens with only the records list built.
        self._holders: dict[int, QWidget] = {}
        self._built: set[int] = set()
        for index, title in enumerate(LAZY_TAB_TITLES, start=1):
            holder = QWidget(self.tabs)
            holder.setObjectName(f"testsTab{index}")
            self._holders[index] = holder
            self.tabs.addTab(holder, QCoreApplication.translate("TestsPage", title))
        self.untested_page = self._holders[UNTESTED_TAB]
        self.tabs.currentChanged.connect(self._tab_changed)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        self._sync_enabled()

    # --- tabs ------------------------------------------------------------------------------

    def __getattr__(self, name: str) -> Any:
        """A widget of a tab not built yet (``page.unmatched``, ``page.coverage_model``):
        the tab is built, then the widget returned."""
        tab = LAZY_TAB_OF.get(name)
        if tab is not None and "_holders" in self.__dict__:
            self._build_tab(tab)
            if name in self.__dict__:
                return self.__dict__[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def tab_built(self, index: int) -> bool:
        return index not in self._holders or index in self._built

    def _build_tab(self, index: int) -> None:
        """Make tab ``index``'s content inside its holder, once."""
        if self.tab_built(index):
            return
        self._built.add(index)
        holder = self._holders[index]
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        build = {
            UNMATCHED_TAB: self._build_unmatched,
            COVERAGE_TAB: self._build_coverage,
            UNTESTED_TAB: self._build_untested,
            FOLLOWUP_TAB: self._build_followup,
            IMPORTS_TAB: self._build_imports,
        }[index]
        layout.addWidget(build())
        self._sync_enabled()

    def _build_unmatched(self) -> QWidget:
        self.unmatched = ListPage(self.context, L.TESTS, initial_filters={"unmatched": True})
        self.unmatched.setObjectName("unmatchedList")
        self.unmatched.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.link_button = button(
            self.unmatched,
            "linkButton",
            QCoreApplication.translate("TestsPage", "Link to building…"),
            slot=self.link_selected,
        )
        self.link_resident_button = button(
            self.unmatched,
            "linkResidentButton",
            QCoreApplication.translate("TestsPage", "Link to resident…"),
            QCoreApplication.translate(
                "TestsPage", "Link the selected rows to a registered resident (by document or name)"
            ),
            self.link_selected_to_resident,
        )
        self.relink_button = button(
            self.unmatched,
            "relinkButton",
            QCoreApplication.translate("TestsPage", "Match again"),
            QCoreApplication.translate(
                "TestsPage",
                "Match unmatched rows again with the residents and buildings registered now",
            ),
            self.relink,
        )
        row = QHBoxLayout()
        row.addWidget(
            QLabel(
                QCoreApplication.translate(
                    "TestsPage", "Rows that matched no registered resident or building."
                ),
                self.unmatched,
            )
        )
        row.addStretch(1)
        row.addWidget(self.relink_button)
        row.addWidget(self.link_resident_button)
        row.addWidget(self.link_button)
        self.unmatched.header_layout.addLayout(row)
        return self.unmatched

    def _build_imports(self) -> QWidget:
        self.imports = ListPage(self.context, TEST_IMPORTS)
        self.imports.setObjectName("importsList")
        self.export_rejected_button = button(
            self.imports,
            "exportRejected",
            QCoreApplication.translate("TestsPage", "Export rejected rows…"),
            QCoreApplication.translate(
                "TestsPage",
                "Write the selected file's rejected rows, with the reasons, to a CSV to correct "
                "and import again (administrators: the rows are not masked)",
            ),
            lambda: self.export_rejected(None),
        )
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.export_rejected_button)
        self.imports.header_layout.addLayout(row)
        return self.imports

    def _build_coverage(self) -> QWidget:
        page = QWidget(self)
        self.coverage_model = RowsTableModel(page)
        self.coverage_table = _table(page, "coverageTable", self.coverage_model)
        self.coverage_chart = CoverageChart(page)
        self.coverage_label = QLabel(page)
        self.coverage_label.setObjectName("coverageLabel")
        split = QSplitter(Qt.Orientation.Horizontal, page)
        split.addWidget(self.coverage_table)
        split.addWidget(self.coverage_chart)
        split.setSizes([520, 480])
        layout = QVBoxLayout(page)
        layout.addWidget(self.coverage_label)
        layout.addWidget(split, 1)
        return page

    def _build_untested(self) -> QWidget:
        page = QWidget(self)
        self.untested_building = QComboBox(page)
        self.untested_building.setObjectName("untestedBuilding")
        self.untested_building.setMinimumContentsLength(14)
        self.untested_building.currentIndexChanged.connect(lambda _i: self.load_untested())
        self.export_button = button(
            page,
            "exportUntested",
            QCoreApplication.translate("TestsPage", "Export…"),
            slot=self.export_untested,
        )
        self.print_button = button(
            page,
            "printUntested",
            QCoreApplication.translate("TestsPage", "Print… (Ctrl+P)"),
            slot=self.print_untested,
        )
        self.save_button = button(
            page,
            "saveUntested",
            QCoreApplication.translate("TestsPage", "Save PDF…"),
            slot=lambda: self.save_untested(),
        )
        self.untested_label = QLabel(page)
        self.untested_label.setObjectName("untestedLabel")
        self.untested_model = RowsTableModel(page)
        self.untested_table = _table(page, "untestedTable", self.untested_model)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(QCoreApplication.translate("Filters", "Building"), page))
        bar.addWidget(self.untested_building)
        bar.addWidget(self.untested_label, 1)
        bar.addWidget(self.export_button)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(self.untested_table, 1)
        return page

    def _build_followup(self) -> QWidget:
        page = QWidget(self)
        self.positives_model = RowsTableModel(page)
        self.positives_table = _table(page, "positivesTable", self.positives_model)
        self.isolate_button = button(
            page,
            "isolateButton",
            QCoreApplication.translate("TestsPage", "Home isolation"),
            QCoreApplication.translate(
                "TestsPage", "Put the selected positive person under home isolation"
            ),
            self.isolate_selected,
        )
        self.review_model = RowsTableModel(page)
        self.review_table = _table(page, "reviewTable", self.review_model)
        self.review_label = QLabel(page)
        self.review_label.setObjectName("reviewLabel")
        head = QHBoxLayout()
        head.addWidget(
            QLabel(
                QCoreApplication.translate("TestsPage", "Positive (阳性) in the last 14 days"), page
            ),
            1,
        )
        head.addWidget(self.isolate_button)
        layout = QVBoxLayout(page)
        layout.addLayout(head)
        layout.addWidget(self.positives_table, 2)
        layout.addWidget(self.review_label)
        layout.addWidget(self.review_table, 3)
        return page

    # --- loading ---------------------------------------------------------------------------

    def day(self) -> dt.date:
        date = self.day_edit.date()
        return dt.date(date.year(), date.month(), date.day())

    def _filter_records(self) -> None:
        """检测记录: the records sampled on the day chosen (or of every day)."""
        self.records.model.set_filter(day=None if self.all_days.isChecked() else self.day())

    def _day_changed(self, *_args: Any) -> None:
        self._filter_records()
        self._loaded.discard(2)
        self._loaded.discard(3)
        self._tab_changed(self.tabs.currentIndex())

    def _tab_changed(self, index: int) -> None:
        self._build_tab(index)
        if index in self._loaded:
            return
        self._loaded.add(index)
        if index == 2:
            self.load_coverage()
        elif index == 3:
            self._fill_buildings()
            self.load_untested()
        elif index == 4:
            self.load_followup()

    def refresh(self) -> None:
        self.records.refresh()
        if self.tab_built(UNMATCHED_TAB):
            self.unmatched.refresh()
        if self.tab_built(IMPORTS_TAB):
            self.imports.refresh()
        self._loaded = {0, 1}
        self._tab_changed(self.tabs.currentIndex())
        self._sync_enabled()

    def focus_filter(self) -> None:
        current = self.tabs.currentWidget()
        if current is not None and not isinstance(current, ListPage):
            current = current.findChild(ListPage)  # the list inside a tab's holder, if any
        if isinstance(current, ListPage):
            current.focus_filter()

    def load_coverage(self) -> None:
        rows = [c for c in F.coverage(self.day()) if c.registered]
        self.coverage_model.set_rows(
            translated("TestsPage", COVERAGE_HEADERS),
            [[c.label, c.registered, c.tested, c.untested, round(100 * c.ratio, 1)] for c in rows],
        )
        registered = sum(c.registered for c in rows)
        tested = sum(c.tested for c in rows)
        share = f"{tested / registered:.1%}" if registered else "—"
        self.coverage_label.setText(
            QCoreApplication.translate(
                "TestsPage",
                "{day}: {tested} of {registered} registered residents tested ({share}).",
            )
            .replace("{day}", self.day().isoformat())
            .replace("{tested}", str(tested))
            .replace("{registered}", str(registered))
            .replace("{share}", share)
        )
        self.coverage_chart.set_bars(
            QCoreApplication.translate("TestsPage", "Coverage by building"),
            [(c.label, c.ratio) for c in rows],
        )

    def _fill_buildings(self) -> None:
        current = self.untested_building.currentData()
        self.untested_building.blockSignals(True)
        self.untested_building.clear()
        self.untested_building.addItem(
            QCoreApplication.translate("TestsPage", "All buildings"), None
        )
        for building_id, label in choices.buildings():
            self.untested_building.addItem(label, building_id)
        found = self.untested_building.findData(current)
        self.untested_building.setCurrentIndex(max(found, 0))
        self.untested_building.blockSignals(False)

    def load_untested(self) -> None:
        building = self.untested_building.currentData()
        rows = F.untested(self.day(), building)
        self.untested_model.set_rows(
            translated("TestsPage", UNTESTED_HEADERS),
            [
                [
                    r.building_label,
                    r.unit,
                    r.room,
                    r.name,
                    mask_document(r.doc_no),
                    mask_phone(r.phone) if r.phone else "",
                    r.control_status,
                    "、".join(r.groups),
                ]
                for r in rows
            ],
        )
        self.untested_label.setText(
            QCoreApplication.translate("TestsPage", "{n} residents not tested on {day}.")
            .replace("{n}", str(len(rows)))
            .replace("{day}", self.day().isoformat())
        )
        self._sync_enabled()

    def load_followup(self) -> None:
        since = now() - F.DEFAULT_WINDOW
        # The demo and old files: look back from the newest sample when it is older.
        newest = dt.datetime.combine(last_sampling_day(), dt.time())
        since = min(since, newest - F.DEFAULT_WINDOW)
        self._positives = F.positives(since)
        self.positives_model.set_rows(
            translated("TestsPage", POSITIVES_HEADERS),
            [
                [
                    p.sample_time.strftime("%Y-%m-%d %H:%M"),
                    p.name,
                    mask_document(p.doc_no),
                    p.building,
                    p.control_status,
                    QCoreApplication.translate("TestsPage", "Home isolation proposed")
                    if p.needs_isolation
                    else (
                        ""
                        if p.resident_id
                        else QCoreApplication.translate(
                            "TestsPage", "Not registered: check identity"
                        )
                    ),
                ]
                for p in self._positives
            ],
        )
        members = F.pooled_review(since)
        self.review_model.set_rows(
            translated("TestsPage", REVIEW_HEADERS),
            [
                [
                    m.tube_code,
                    m.pooled_sample_time.strftime("%m-%d %H:%M"),
                    m.name,
                    mask_phone(m.phone) if m.phone else "",
                    m.address,
                    "、".join(m.household),
                    m.status,
                    m.retest_time.strftime("%m-%d %H:%M") + " " + m.retest_result
                    if m.retest_time
                    else QCoreApplication.translate("TestsPage", "none yet"),
                ]
                for m in members
            ],
        )
        # The count is the office's one 待复核 figure, as the overview and the handover say it.
        waiting = len(figures.pending_review(now() + dt.timedelta(seconds=1)))
        self.review_label.setText(
            QCoreApplication.translate(
                "TestsPage",
                "Pooled-positive tubes (混管阳性): {n} people awaiting a single-tube retest.",
            ).replace("{n}", str(waiting))
        )
        self._sync_enabled()

    def _sync_enabled(self) -> None:
        write = self.context.actor.can_write
        self.import_button.setEnabled(write)
        self.import_action.setEnabled(write)
        self.print_action.setEnabled(write)
        # The tabs' buttons once their tab is built (_build_tab calls this again then).
        if self.tab_built(UNMATCHED_TAB):
            self.link_button.setEnabled(write)
            self.link_resident_button.setEnabled(write)
            self.relink_button.setEnabled(write)
        if self.tab_built(FOLLOWUP_TAB):
            self.isolate_button.setEnabled(write)
        if self.tab_built(UNTESTED_TAB):
            self.print_button.setEnabled(write)
            self.save_button.setEnabled(write)
        if self.tab_built(IMPORTS_TAB):
            # The rows come out in full (to be corrected): an administrator's export (issue 9).
            self.export_rejected_button.setEnabled(self.context.actor.is_admin)

    # --- actions ---------------------------------------------------------------------------

    def open_wizard(self, path: str | None) -> TestsImportDialog:
        """Open the import wizard (on ``path`` when given); refresh after an import."""
        from ..dialogs.tests_import_dialog import TestsImportDialog

        dialog = TestsImportDialog(self.context, path, self)
        dialog.setObjectName("testsImportDialog")
        self._wizard = dialog
        dialog.accepted.connect(lambda: self._imported(dialog))
        dialog.finished.connect(lambda _result: self._open_next())
        dialog.open()
        return dialog

    def _open_next(self) -> None:
        """After one dropped file's wizard closes, the next one's opens."""
        if self._queued:
            self.open_wizard(self._queued.pop(0))

    def _imported(self, dialog: TestsImportDialog) -> None:
        summary = dialog.summary
        if summary is None:
            return
        if summary.imported:
            # The records of the newest sampling day: usually the day the file brought.
            day = last_sampling_day()
            self.day_edit.setDate(QDate(day.year, day.month, day.day))
        self.refresh()
        window = self.window()
        status = getattr(window, "statusBar", None)
        if callable(status):
            status().showMessage(summary.describe(), 10000)
        from ..dialogs.import_summary_dialog import ImportSummaryDialog

        self.summary_dialog = ImportSummaryDialog(summary.file, summary, self)
        self.summary_dialog.open()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() and any(u.isLocalFile() for u in mime.urls()):
            event.acceptProposedAction()
            return
        event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        from .. import file_dialogs

        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        # Never the database itself: reading it would cost SQLite its locks (file_dialogs).
        files = file_dialogs.without_database_files(self, files)
        if not files or not self.context.actor.can_write:
            event.ignore()
            return
        event.acceptProposedAction()
        self._queued = files[1:]
        self.open_wizard(files[0])

    def _selected_ids(self, page: ListPage) -> list[int]:
        rows = sorted({i.row() for i in page.table.selectionModel().selectedRows()})
        if not rows and page.table.currentIndex().isValid():
            rows = [page.table.currentIndex().row()]
        ids = [page.model.row_id(r) for r in rows]
        return [i for i in ids if i is not None]

    def link_selected(self) -> None:
        ids = self._selected_ids(self.unmatched)
        if not ids:
            messages.inform(
                self,
                QCoreApplication.translate("TestsPage", "Link to building"),
                QCoreApplication.translate("TestsPage", "Select the rows to link first."),
            )
            return
        buildings = choices.buildings()
        labels = [label for _id, label in buildings]
        label, ok = QInputDialog.getItem(
            self,
            QCoreApplication.translate("TestsPage", "Link to building"),
            QCoreApplication.translate("TestsPage", "Link {n} rows to:").replace(
                "{n}", str(len(ids))
            ),
            labels,
            0,
            False,
        )
        if not ok or not label:
            return
        building_id = buildings[labels.index(label)][0]
        self.link_rows(ids, building_id)

    def link_selected_to_resident(self) -> int:
        title = QCoreApplication.translate("TestsPage", "Link to resident")
        ids = self._selected_ids(self.unmatched)
        if not ids:
            messages.inform(
                self,
                title,
                QCoreApplication.translate("TestsPage", "Select the rows to link first."),
            )
            return 0
        text, ok = QInputDialog.getText(
            self,
            title,
            QCoreApplication.translate("TestsPage", "Document number or name of the resident:"),
        )
        if not ok or not text.strip():
            return 0
        found = F.find_residents(text)
        if not found:
            messages.inform(
                self,
                title,
                QCoreApplication.translate(
                    "TestsPage", "No registered resident is called {text}."
                ).replace("{text}", text.strip()),
            )
            return 0
        choice = found[0]
        if len(found) > 1:
            labels = [c.label for c in found]
            label, ok = QInputDialog.getItem(
                self,
                title,
                QCoreApplication.translate("TestsPage", "Which resident?"),
                labels,
                0,
                False,
            )
            if not ok:
                return 0
            choice = found[labels.index(label)]
        try:
            changed = F.link_to_resident(self.context.actor, ids, choice.resident_id)
        except (PermissionDenied, ValueError) as exc:
            messages.warn(self, title, str(exc))
            return 0
        self.refresh()
        return changed

    def link_rows(self, ids: list[int], building_id: int) -> int:
        try:
            changed = F.link_to_building(self.context.actor, ids, building_id)
        except (PermissionDenied, ValueError) as exc:
            messages.warn(
                self, QCoreApplication.translate("TestsPage", "Link to building"), str(exc)
            )
            return 0
        self.refresh()
        return changed

    def relink(self) -> int:
        try:
            changed = F.relink_unmatched(self.context.actor)
        except PermissionDenied as exc:
            messages.warn(self, QCoreApplication.translate("TestsPage", "Match again"), str(exc))
            return 0
        self.refresh()
        messages.inform(
            self,
            QCoreApplication.translate("TestsPage", "Match again"),
            QCoreApplication.translate("TestsPage", "{n} rows are now matched.").replace(
                "{n}", str(changed)
            ),
        )
        return changed

    def isolate_selected(self) -> None:
        index = self.positives_table.currentIndex()
        if not index.isValid():
            messages.inform(
                self,
                QCoreApplication.translate("TestsPage", "Home isolation"),
                QCoreApplication.translate("TestsPage", "Select a positive person first."),
            )
            return
        name = cast(str, self.positives_model.data(self.positives_model.index(index.row(), 1)))
        person = next(p for p in self._positives if p.name == name)
        if not messages.confirm(
            self,
            QCoreApplication.translate("TestsPage", "Home isolation"),
            QCoreApplication.translate(
                "TestsPage", "Put {name} under home isolation from the sampling day?"
            ).replace("{name}", name),
        ):
            return
        try:
            F.isolate_positive(self.context.actor, person.record_id)
        except (PermissionDenied, ValueError) as exc:
            messages.warn(self, QCoreApplication.translate("TestsPage", "Home isolation"), str(exc))
            return
        self.load_followup()

    def _save_path(self, title: str, name: str, file_filter: str) -> str:
        return choose_save_file(self, self.context.ui, title, name, file_filter)

    def export_untested(self, path: str | None = None) -> Path | None:
        day = self.day()
        path = path or self._save_path(
            QCoreApplication.translate("TestsPage", "Export the not-tested list"),
            f"未检名单_{day:%Y%m%d}.xlsx",
            "Excel (*.xlsx);;CSV (*.csv)",
        )
        if not path:
            return None
        try:
            F.export_untested(
                self.context.actor,
                Path(path),
                day,
                building_id=self.untested_building.currentData(),
            )
        except (PermissionDenied, ValueError, OSError) as exc:
            messages.warn(
                self,
                QCoreApplication.translate("TestsPage", "Export the not-tested list"),
                str(exc),
            )
            return None
        return Path(path)

    def export_rejected(self, path: str | None = None) -> Path | None:
        from office_app.services.imports.tests import export_rejected

        title = QCoreApplication.translate("TestsPage", "Export rejected rows")
        ids = self._selected_ids(self.imports)
        if not ids:
            messages.inform(
                self,
                title,
                QCoreApplication.translate("TestsPage", "Select an imported file first."),
            )
            return None
        path = path or self._save_path(title, f"被拒绝的行_{ids[0]}.csv", "CSV (*.csv)")
        if not path:
            return None
        try:
            count = export_rejected(self.context.actor, ids[0], Path(path))
        except (PermissionDenied, ValueError, OSError) as exc:
            messages.warn(self, title, str(exc))
            return None
        window = self.window()
        status = getattr(window, "statusBar", None)
        if callable(status):
            status().showMessage(f"{count} → {path}", 8000)
        return Path(path)

    def _print_shortcut(self) -> None:
        self.tabs.setCurrentWidget(self.untested_page)
        self.print_untested()

    def print_untested(self) -> printing.Printed | None:
        """The 未检名单 of the day (and building) shown, on a printer, through the dialog."""
        from office_app.reports import untested as report

        from .. import printing

        if not self.context.actor.can_write:
            return None
        day = self.day()
        building_id = self.untested_building.currentData()
        return printing.print_document(
            self,
            self.context,
            report.render(day, building_id=building_id, printed_at=now()),
            title=f"未检名单 {day:%Y-%m-%d}",
            note=printing.AuditNote(
                "print.untested", f"打印未检名单 {day:%Y-%m-%d}", entity="test_record"
            ),
        )

    def save_untested(self, path: str | None = None) -> Path | None:
        from office_app.reports import untested as report

        day = self.day()
        path = path or self._save_path(
            QCoreApplication.translate("TestsPage", "Print the not-tested list"),
            f"未检名单_{day:%Y%m%d}.pdf",
            "PDF (*.pdf)",
        )
        if not path:
            return None
        try:
            return report.write(
                self.context.actor,
                day,
                Path(path),
                building_id=self.untested_building.currentData(),
            )
        except (PermissionDenied, OSError) as exc:
            messages.warn(
                self, QCoreApplication.translate("TestsPage", "Print the not-tested list"), str(exc)
            )
            return None


__all__ = ["CoverageChart", "TestsPage"]
