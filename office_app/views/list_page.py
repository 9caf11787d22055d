"""A page that shows one listing: filter box, choice filters, the table, the row count.

Layout only; what a row means is up to the page that derives from it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QFont, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from office_app.services import choices
from office_app.services import listings as L
from office_app.services.listings import Listing

from .context import AppContext
from .table_models.query_table_model import QueryTableModel


class ChoiceFilter:
    """A combo box above the table that sets one structured filter of the listing."""

    def __init__(
        self, key: str, label: str, choices: Callable[[], Sequence[tuple[Any, str]]]
    ) -> None:
        self.key = key
        self.label = label
        self.choices = choices
        self.combo: QComboBox | None = None

    @classmethod
    def fixed(cls, key: str, label: str, values: Sequence[str]) -> ChoiceFilter:
        """A filter by one of the domain's fixed lists (risk levels, results, reasons)."""
        return cls(key, label, lambda: choices.fixed(values))


def compound_filter() -> ChoiceFilter:
    return ChoiceFilter(
        "compound", QCoreApplication.translate("Filters", "Compound"), choices.compounds
    )


def building_filter() -> ChoiceFilter:
    return ChoiceFilter(
        "building", QCoreApplication.translate("Filters", "Building"), choices.buildings
    )


class ColourCellDelegate(QStyledItemDelegate):
    """Paints cells whose model gives a background colour (risk levels, test results).

    The theme's stylesheet styles every item's background, which hides the model's
    BackgroundRole; this delegate fills the cell itself and draws the text on top.
    """

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if not isinstance(background, QBrush):
            super().paint(painter, option, index)
            return
        painter.save()
        painter.fillRect(option.rect.adjusted(1, 1, -1, -1), background)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        if isinstance(foreground, QBrush):
            painter.setPen(foreground.color())
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(option.rect, int(Qt.AlignmentFlag.AlignCenter), str(index.data() or ""))
        painter.restore()


class RecordTable(QTableView):
    """A table view where Enter opens the current row, like a double-click."""

    activated_row = Signal(int)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class ListPage(QWidget):
    """Base for pages that are a list. Subclasses set ``listing`` and may add filters."""

    page_name = ""

    def __init__(
        self,
        context: AppContext,
        listing: Listing,
        *,
        filters: Sequence[ChoiceFilter] = (),
        initial_filters: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.listing = listing
        self.model = QueryTableModel(listing, self, filters=initial_filters)
        self.choice_filters = list(filters)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("filterEdit")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setPlaceholderText(
            QCoreApplication.translate("ListPage", "Filter… (Ctrl+F)")
        )
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(250)
        self._filter_timer.timeout.connect(self._apply_text_filter)
        self.filter_edit.textChanged.connect(self._filter_timer.start)

        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 2)
        for choice in self.choice_filters:
            combo = QComboBox(self)
            combo.setObjectName(f"filter_{choice.key}")
            combo.setMinimumContentsLength(8)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            choice.combo = combo
            bar.addWidget(QLabel(choice.label, self))
            bar.addWidget(combo, 1)
            self._fill_choice(choice)
            combo.currentIndexChanged.connect(
                lambda _i, c=choice: self.model.set_filter(**{c.key: c.combo.currentData()})
            )

        self.table = RecordTable(self)
        self.table.setObjectName("recordTable")
        self.table.setModel(self.model)
        self.colour_delegate = ColourCellDelegate(self.table)
        for section, column in enumerate(listing.columns):
            if column.kind in (L.RISK, L.RESULT):
                self.table.setItemDelegateForColumn(section, self.colour_delegate)
        # Set the indicator first: enabling sorting sorts by whatever the indicator says.
        column, order = self.model.sort_state()
        self.table.horizontalHeader().setSortIndicator(column, order)
        self.table.setSortingEnabled(True)
        # A click on a column the list is not sorted by leaves the indicator where it was.
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._keep_sort_indicator)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.table.activated_row.connect(self.open_row)
        self._restore_widths()
        self.table.horizontalHeader().sectionResized.connect(self._save_widths)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.model.modelReset.connect(self._update_count)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        self.header_layout = QVBoxLayout()
        layout.addLayout(self.header_layout)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        # Ctrl+F of a page on its own (a dialog, a test). Inside the main window the window's
        # own Ctrl+F serves the page shown; two would make the key ambiguous, so this one is
        # off whenever the page is not a window of its own (see event()).
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_action.triggered.connect(self.focus_filter)
        self.addAction(self.find_action)
        self.find_action.setEnabled(self.isWindow())
        self._update_count()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ParentChange and hasattr(self, "find_action"):
            self.find_action.setEnabled(self.isWindow())
        return super().event(event)

    # --- behaviour --------------------------------------------------------------------

    def _fill_choice(self, choice: ChoiceFilter) -> None:
        combo = choice.combo
        assert combo is not None
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(QCoreApplication.translate("ListPage", "All"), None)
        for value, label in choice.choices():
            combo.addItem(label, value)
        position = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(position, 0))
        combo.blockSignals(False)

    def _apply_text_filter(self) -> None:
        self.model.set_filter(self.filter_edit.text())

    def _update_count(self) -> None:
        count = f"{self.model.rowCount():,}"
        self.count_label.setText(
            QCoreApplication.translate("ListPage", "{count} rows").format(count=count)
        )

    def clear_filters(self) -> None:
        """Show every row again: the filter box emptied, every choice back at 全部."""
        self.filter_edit.blockSignals(True)
        self.filter_edit.clear()
        self.filter_edit.blockSignals(False)
        for choice in self.choice_filters:
            if choice.combo is not None:
                choice.combo.blockSignals(True)
                choice.combo.setCurrentIndex(0)
                choice.combo.blockSignals(False)
        self.model.set_filter("", **{c.key: None for c in self.choice_filters})

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def refresh(self) -> None:
        for choice in self.choice_filters:
            self._fill_choice(choice)
        self.model.refresh()

    def _keep_sort_indicator(self, _column: int, _order: Qt.SortOrder) -> None:
        column, order = self.model.sort_state()
        header = self.table.horizontalHeader()
        if (header.sortIndicatorSection(), header.sortIndicatorOrder()) != (column, order):
            blocked = header.blockSignals(True)
            header.setSortIndicator(column, order)
            header.blockSignals(blocked)

    def _restore_widths(self) -> None:
        widths = self.context.ui.column_widths(self.listing.name)
        header = self.table.horizontalHeader()
        for section, column in enumerate(self.listing.columns):
            saved = widths[section] if section < len(widths) and widths[section] > 20 else 0
            header.resizeSection(
                section, saved or max(column.width, header.sectionSizeHint(section))
            )

    def _save_widths(self, section: int = -1, *_sizes: int) -> None:
        header = self.table.horizontalHeader()
        # The stretched last column follows the view's width (its first layout, a window
        # resized): not the user's choice, and writing it made every list's first opening
        # write the settings file in its own event-loop turn (12-24 ms on this machine).
        if section == header.count() - 1 and header.stretchLastSection():
            return
        self.context.ui.set_column_widths(
            self.listing.name, [header.sectionSize(i) for i in range(header.count())]
        )

    def _context_menu(self, pos: Any) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(self)
        self.fill_row_menu(menu, index)
        menu.addAction(
            QCoreApplication.translate("ListPage", "Copy row"), lambda: self.copy_row(index.row())
        )
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def fill_row_menu(self, menu: QMenu, index: QModelIndex) -> None:
        """The right-click menu of a row above its last item, 复制整行. Pages with actions of
        their own override this (and end with a separator)."""
        menu.addAction(
            QCoreApplication.translate("ListPage", "Open"), lambda: self.open_row(index.row())
        )

    # --- the current record ---------------------------------------------------------------

    @property
    def can_write(self) -> bool:
        return self.context.actor.can_write

    def current_id(self) -> int | None:
        """The id of the current row's record, None when no row is current."""
        index = self.table.currentIndex()
        return self.model.row_id(index.row()) if index.isValid() else None

    def with_current(self, act: Callable[[int], Any]) -> None:
        """``act`` on the current row's record, if a row is current (buttons, keys)."""
        record_id = self.current_id()
        if record_id is not None:
            act(record_id)

    def row_of(self, record_id: int) -> int | None:
        """The row showing ``record_id`` among the rows loaded (lists of hundreds)."""
        for row in range(self.model.rowCount()):
            if self.model.row_id(row) == record_id:
                return row
        return None

    def use_model(self, model: QueryTableModel) -> None:
        """Show ``model`` instead of the generic one (a page's own computed columns)."""
        old = self.model
        self.model = model
        column, order = model.sort_state()
        self.table.setModel(model)
        self.table.horizontalHeader().setSortIndicator(column, order)
        model.modelReset.connect(self._update_count)
        old.deleteLater()

    def follow_current(self, slot: Callable[..., Any]) -> None:
        """Call ``slot`` when the rows are read again and when another row becomes current
        (a detail below or beside the list)."""
        self.model.modelReset.connect(slot)
        self.table.selectionModel().currentRowChanged.connect(slot)

    def select_first_row(self) -> None:
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))

    # --- layout around the table ---------------------------------------------------------

    def _take_table(self) -> tuple[QVBoxLayout, int]:
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        position = layout.indexOf(self.table)
        layout.removeWidget(self.table)
        return layout, position

    def split_table(self, below: QWidget, sizes: Sequence[int], name: str = "") -> QSplitter:
        """The table above, ``below`` under it (3 : 2), neither collapsing."""
        layout, position = self._take_table()
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        if name:
            splitter.setObjectName(name)
        splitter.addWidget(self.table)
        splitter.addWidget(below)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes(list(sizes))
        layout.insertWidget(position, splitter, 1)
        return splitter

    def put_beside_table(self, beside: QWidget) -> None:
        """``beside`` on the right of the table, the table taking the room left."""
        layout, position = self._take_table()
        row = QHBoxLayout()
        row.addWidget(self.table, 1)
        row.addWidget(beside)
        layout.insertLayout(position, row, 1)

    # --- import --------------------------------------------------------------------------

    def choose_import_file(self) -> str:
        """The file to import; pages with an import override this with their title."""
        return ""

    def import_with(
        self, run: Callable[[Path], Any], on_done: Callable[[], None] | None = None
    ) -> None:
        """Ask for a file (``choose_import_file``) and import it with ``run``, then show the
        list again (or call ``on_done``) and what was imported and rejected."""
        if not self.can_write:
            return
        from .dialogs.import_summary_dialog import run_file_import

        path = self.choose_import_file()
        if path:
            run_file_import(
                self, self.context.ui, path, run, self.refresh if on_done is None else on_done
            )

    # --- rows ----------------------------------------------------------------------------

    def copy_row(self, row: int) -> None:
        texts = [
            str(self.model.index(row, c).data() or "") for c in range(self.model.columnCount())
        ]
        QApplication.clipboard().setText("\t".join(texts))

    def open_row(self, row: int) -> None:
        """Show the record. Pages with their own editors override this."""
        RecordDialog(self.model, row, self).exec()


class RecordDialog(QDialog):
    """A read-only view of one row, as the table shows it (personal data stays masked)."""

    def __init__(self, model: QueryTableModel, row: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("ListPage", "Record"))
        form = QFormLayout()
        for column in range(model.columnCount()):
            title = model.headerData(column, Qt.Orientation.Horizontal)
            value = model.data(model.index(row, column, QModelIndex()))
            label = QLabel(str(value or ""), self)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{title}：", label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
