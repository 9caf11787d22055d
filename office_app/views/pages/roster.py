"""排班: the week grid (posts × days and shifts), the selected shift, and the week's conflicts.

Put a volunteer on a cell (Ctrl+N, Enter or a double-click opens the dialog, which previews
the conflicts), take one off (Del, asked first), name the lead, check in and out. Conflicts
are recomputed after every change: tinted cells in the grid and a list under it. Copy last
week fills this week from the one before (and can be taken back).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QKeySequence,
    QPainter,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from office_app.services.clock import now
from office_app.services.volunteers import roster as R
from office_app.services.volunteers.roster import Cell, CopyResult, RosterError

from ..context import AppContext
from ..dialogs import messages
from ..dialogs.posts_dialog import PostsDialog
from ..dialogs.roster_assign_dialog import RosterAssignDialog
from ..table_models.roster_week_table_model import (
    CELL_ROLE,
    TODAY_ROLE,
    RosterWeekTableModel,
    conflict_line,
)
from ..widgets.page_parts import Failed, attempt, button, shortcut

log = logging.getLogger(__name__)

CONFLICT_ROLE = Qt.ItemDataRole.UserRole
MEMBER_ROLE = Qt.ItemDataRole.UserRole
TODAY_COLOUR = "#1E88E5"


def today() -> dt.date:
    return now().date()


CELL_FONT_PIXELS = 12
CELL_LINES = 3  # the model shows at most three lines: two names and "+N", or three names


def cell_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setPixelSize(CELL_FONT_PIXELS)
    return font


def cell_height(base: QFont) -> int:
    """A row tall enough for three names, whatever the font's line spacing."""
    return CELL_LINES * QFontMetrics(cell_font(base)).lineSpacing() + 16


class RosterCellDelegate(QStyledItemDelegate):
    """Fills the cell with the model's tint and writes one name a line (the theme hides the
    tint); a name too long for the cell is elided, never cut off at the bottom."""

    @staticmethod
    def layout_lines(cell: QRect, text: str, font: QFont) -> list[tuple[QRect, str]]:
        metrics = QFontMetrics(font)
        lines = text.split("\n") if text else []
        step = metrics.lineSpacing()
        inner = cell.adjusted(3, 4, -3, -2)  # below the today bar
        top = inner.top() + max((inner.height() - step * len(lines)) // 2, 0)
        placed = []
        for number, line in enumerate(lines):
            rect = QRect(inner.left(), top + number * step, inner.width(), step)
            elided = metrics.elidedText(line, Qt.TextElideMode.ElideRight, inner.width())
            placed.append((rect, elided))
        return placed

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if isinstance(background, QBrush):
            painter.fillRect(option.rect.adjusted(1, 1, -1, -1), background)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        palette = option.palette  # type: ignore[attr-defined]
        if isinstance(foreground, QBrush):
            painter.setPen(foreground.color())
        else:
            painter.setPen(palette.text().color())
        font = cell_font(option.font)  # type: ignore[attr-defined]
        painter.setFont(font)
        for line_rect, text in self.layout_lines(option.rect, str(index.data() or ""), font):  # type: ignore[attr-defined]
            painter.drawText(line_rect, int(Qt.AlignmentFlag.AlignCenter), text)
        if index.data(TODAY_ROLE):
            cell: QRect = option.rect  # type: ignore[attr-defined]
            bar = QRect(cell.left() + 1, cell.top() + 1, cell.width() - 2, 3)
            painter.fillRect(bar, QColor(TODAY_COLOUR))
        if selected:
            pen = painter.pen()
            pen.setColor(palette.highlight().color())
            pen.setWidth(3)
            painter.setPen(pen)
            painter.drawRect(option.rect.adjusted(2, 2, -2, -2))  # type: ignore[attr-defined]
        painter.restore()


ASSIGNMENT_MIME = "application/x-office-app-assignment"


class MemberList(QListWidget):
    """The selected shift's volunteers; one can be dragged onto another cell of the grid."""

    def mimeData(self, items: Any) -> QMimeData:
        data = QMimeData()
        if items:
            data.setData(ASSIGNMENT_MIME, QByteArray(str(items[0].data(MEMBER_ROLE)).encode()))
        return data

    def mimeTypes(self) -> list[str]:
        return [ASSIGNMENT_MIME]


class RosterGrid(QTableView):
    """The week grid: a volunteer dropped on a cell moves there."""

    member_dropped = Signal(int, QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDropIndicatorShown(True)

    def dragEnterEvent(self, event: Any) -> None:
        if event.mimeData().hasFormat(ASSIGNMENT_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        index = self.indexAt(event.position().toPoint())
        if event.mimeData().hasFormat(ASSIGNMENT_MIME) and index.isValid():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: Any) -> None:
        index = self.indexAt(event.position().toPoint())
        if not (event.mimeData().hasFormat(ASSIGNMENT_MIME) and index.isValid()):
            event.ignore()
            return
        raw = bytes(event.mimeData().data(ASSIGNMENT_MIME).data()).decode()
        event.acceptProposedAction()
        if raw.isdigit():
            self.member_dropped.emit(int(raw), index)


class RosterPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.monday = R.week_start(today())
        self.week: R.RosterWeek | None = None
        self.last_copy: CopyResult | None = None
        self._shown_once = False
        self._build()
        self._build_actions()
        self.monday = self._initial_week()
        self.reload()

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.prev_button = button(
            self,
            "prevWeek",
            QCoreApplication.translate("RosterPage", "◀ Previous week"),
            QCoreApplication.translate("RosterPage", "Previous week (Ctrl+PgUp)"),
        )
        self.next_button = button(
            self,
            "nextWeek",
            QCoreApplication.translate("RosterPage", "Next week ▶"),
            QCoreApplication.translate("RosterPage", "Next week (Ctrl+PgDown)"),
        )
        self.this_week_button = button(
            self,
            "thisWeek",
            QCoreApplication.translate("RosterPage", "This week"),
            QCoreApplication.translate("RosterPage", "Back to this week (Ctrl+Home)"),
        )
        self.week_label = QLabel(self)
        self.week_label.setObjectName("weekLabel")
        self.week_label.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.copy_button = button(
            self,
            "copyWeek",
            QCoreApplication.translate("RosterPage", "Copy last week"),
            QCoreApplication.translate("RosterPage", "Fill this week from the week before"),
        )
        self.undo_copy_button = button(
            self, "undoCopy", QCoreApplication.translate("RosterPage", "Undo copy")
        )
        self.posts_button = button(
            self,
            "postsButton",
            QCoreApplication.translate("RosterPage", "Posts…"),
            QCoreApplication.translate("RosterPage", "Posts and their minimum staffing"),
        )
        self.posts_button.clicked.connect(self.edit_posts)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("rosterSummary")
        self.summary_label.setWordWrap(True)
        self.prev_button.clicked.connect(lambda: self.go_to(self.monday - dt.timedelta(days=7)))
        self.next_button.clicked.connect(lambda: self.go_to(self.monday + dt.timedelta(days=7)))
        self.this_week_button.clicked.connect(lambda: self.go_to(today()))
        self.copy_button.clicked.connect(self.copy_last_week)
        self.undo_copy_button.clicked.connect(self.undo_copy)
        bar = QHBoxLayout()
        bar.addWidget(self.prev_button)
        bar.addWidget(self.week_label)
        bar.addWidget(self.next_button)
        bar.addWidget(self.this_week_button)
        bar.addStretch(1)
        bar.addWidget(self.summary_label)
        bar.addWidget(self.copy_button)
        bar.addWidget(self.undo_copy_button)
        bar.addWidget(self.posts_button)

        self.model = RosterWeekTableModel(self)
        self.table = RosterGrid(self)
        self.table.setObjectName("rosterGrid")
        self.table.member_dropped.connect(self.move_member)
        self.table.setModel(self.model)
        self.table.setItemDelegate(RosterCellDelegate(self.table))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setDefaultSectionSize(62)
        self.table.horizontalHeader().setMinimumSectionSize(40)
        self.table.horizontalHeader().setMinimumHeight(66)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(max(56, cell_height(self.font())))
        self.table.doubleClicked.connect(lambda _i: self.add_volunteer())
        self.table.selectionModel().currentChanged.connect(self._cell_changed)

        # The selected shift.
        self.cell_title = QLabel(self)
        self.cell_title.setObjectName("cellTitle")
        self.cell_title.setWordWrap(True)
        self.cell_title.setStyleSheet("font-weight: bold;")
        self.members = MemberList(self)
        self.members.setObjectName("cellMembers")
        self.members.setDragEnabled(True)
        self.members.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.members.setToolTip(
            QCoreApplication.translate(
                "RosterPage", "Drag a volunteer onto another cell of the grid to move him there"
            )
        )
        self.members.currentRowChanged.connect(lambda _r: self._sync_enabled())
        self.cell_conflicts = QLabel(self)
        self.cell_conflicts.setObjectName("cellConflicts")
        self.cell_conflicts.setWordWrap(True)
        self.cell_conflicts.setStyleSheet("color: #B71C1C;")
        self.add_button = button(
            self,
            "addVolunteer",
            QCoreApplication.translate("RosterPage", "Add volunteer…"),
            QCoreApplication.translate("RosterPage", "Put a volunteer on this shift (Ctrl+N)"),
        )
        self.remove_button = button(
            self,
            "removeVolunteer",
            QCoreApplication.translate("RosterPage", "Remove"),
            QCoreApplication.translate("RosterPage", "Take the volunteer off this shift (Del)"),
        )
        self.lead_button = button(
            self, "makeLead", QCoreApplication.translate("RosterPage", "Make lead")
        )
        self.check_in_button = button(
            self, "checkIn", QCoreApplication.translate("RosterPage", "Check in")
        )
        self.check_out_button = button(
            self, "checkOut", QCoreApplication.translate("RosterPage", "Check out")
        )
        self.check_in_all_button = button(
            self,
            "checkInAll",
            QCoreApplication.translate("RosterPage", "Check in all"),
            QCoreApplication.translate("RosterPage", "Check in everyone of this shift now"),
        )
        self.check_out_all_button = button(
            self,
            "checkOutAll",
            QCoreApplication.translate("RosterPage", "Check out all"),
            QCoreApplication.translate("RosterPage", "Check out everyone of this shift now"),
        )
        self.check_in_all_button.clicked.connect(self.check_in_all)
        self.check_out_all_button.clicked.connect(self.check_out_all)
        self.add_button.clicked.connect(self.add_volunteer)
        self.remove_button.clicked.connect(self.remove_member)
        self.lead_button.clicked.connect(self.make_lead)
        self.check_in_button.clicked.connect(self.check_in)
        self.check_out_button.clicked.connect(self.check_out)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 6, 0)
        side_layout.addWidget(self.cell_title)
        middle = QHBoxLayout()
        middle.addWidget(self.members, 1)
        buttons = QGridLayout()
        for index, b in enumerate(
            (
                self.add_button,
                self.remove_button,
                self.lead_button,
                None,
                self.check_in_button,
                self.check_out_button,
                self.check_in_all_button,
                self.check_out_all_button,
            )
        ):
            if b is not None:
                buttons.addWidget(b, index // 2, index % 2)
        buttons.setRowStretch(4, 1)
        middle.addLayout(buttons)
        side_layout.addLayout(middle, 1)
        side_layout.addWidget(self.cell_conflicts)

        self.conflict_title = QLabel(self)
        self.conflict_title.setStyleSheet("font-weight: bold;")
        self.conflict_list = QListWidget(self)
        self.conflict_list.setObjectName("conflictList")
        self.conflict_list.setWordWrap(True)
        self.conflict_list.itemActivated.connect(self._go_to_conflict)
        self.conflict_list.itemClicked.connect(self._go_to_conflict)
        conflicts = QWidget(self)
        conflicts_layout = QVBoxLayout(conflicts)
        conflicts_layout.setContentsMargins(6, 0, 0, 0)
        conflicts_layout.addWidget(self.conflict_title)
        conflicts_layout.addWidget(self.conflict_list, 1)

        bottom = QSplitter(Qt.Orientation.Horizontal, self)
        bottom.addWidget(side)
        bottom.addWidget(conflicts)
        bottom.setStretchFactor(0, 2)
        bottom.setStretchFactor(1, 3)
        bottom.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("rosterSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([500, 170])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

    def _build_actions(self) -> None:
        self.add_action = shortcut(self, QKeySequence.StandardKey.New, self.add_volunteer)
        shortcut(self, "Ctrl+PgUp", lambda: self.go_to(self.monday - dt.timedelta(days=7)))
        shortcut(self, "Ctrl+PgDown", lambda: self.go_to(self.monday + dt.timedelta(days=7)))
        shortcut(self, "Ctrl+Home", lambda: self.go_to(today()))
        enter = shortcut(self.table, QKeySequence(Qt.Key.Key_Return), self.add_volunteer)
        enter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.remove_action = shortcut(
            self.members, QKeySequence.StandardKey.Delete, self.remove_member
        )
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)

    # --- state -------------------------------------------------------------------------------

    @property
    def can_write(self) -> bool:
        return self.context.actor.can_write

    def _initial_week(self) -> dt.date:
        """This week; or, when this week and later have no shift at all, the last rostered
        week (a database from the past, like the demo)."""
        return R.opening_week(today())

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again after work on other pages (a status changed, a building sealed)."""
        super().showEvent(event)
        if self._shown_once:
            self.reload()
        self._shown_once = True

    def go_to(self, day: dt.date) -> None:
        self.monday = R.week_start(day)
        self.last_copy = None
        self.reload()

    def refresh(self) -> None:
        self.reload()

    def current_cell(self) -> Cell | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        cell = index.data(CELL_ROLE)
        return cell if isinstance(cell, Cell) else None

    def reload(self, keep: tuple[int, dt.date, str] | None = None) -> None:
        """Load the week again (after any change), keeping the selected cell."""
        if keep is None:
            cell = self.current_cell()
            keep = (cell.post_id, cell.date, cell.shift_name) if cell else None
        self.week = R.load_week(self.monday)
        self.model.today = today()
        self.model.set_week(self.week)
        sunday = self.monday + dt.timedelta(days=6)
        label = f"{self.monday:%Y-%m-%d} – {sunday:%m-%d}"
        if self.monday == R.week_start(today()):
            label += " " + QCoreApplication.translate("RosterPage", "(this week)")
        self.week_label.setText(label)
        self.summary_label.setText(
            QCoreApplication.translate(
                "RosterPage", "{conflicts} conflicts · {unfilled} shifts with nobody"
            ).format(conflicts=len(self.week.conflicts), unfilled=self.week.unfilled)
        )
        self.conflict_title.setText(
            QCoreApplication.translate("RosterPage", "Conflicts this week ({count})").format(
                count=len(self.week.conflicts)
            )
        )
        self.conflict_list.clear()
        for conflict in self.week.conflicts:
            item = QListWidgetItem(conflict_line(conflict))
            item.setData(CONFLICT_ROLE, conflict.shift_id)
            self.conflict_list.addItem(item)
        index = self.model.index_of(*keep) if keep else QModelIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        if index.isValid():
            self.table.setCurrentIndex(index)
        self._cell_changed()

    def _cell_changed(self, *_args: Any) -> None:
        cell = self.current_cell()
        self.members.clear()
        if cell is None or self.week is None:
            self.cell_title.setText(
                QCoreApplication.translate("RosterPage", "Choose a shift in the grid.")
            )
            self.cell_conflicts.setText("")
            self._sync_enabled()
            return
        post = next(p for p in self.week.posts if p.id == cell.post_id)
        self.cell_title.setText(
            f"{post.name}\n{cell.date:%Y-%m-%d} {cell.shift_name} "
            f"{cell.starts_at:%H:%M}–{cell.ends_at:%H:%M} · "
            + QCoreApplication.translate("RosterPage", "at least {count}").format(
                count=post.min_staff
            )
        )
        for member in cell.members:
            parts = [("★ " if member.is_lead else "") + member.name]
            if member.status != "在岗":
                parts.append(member.status)
            if member.checked_in_at:
                parts.append(
                    QCoreApplication.translate("RosterPage", "in {time}").format(
                        time=f"{member.checked_in_at:%H:%M}"
                    )
                )
            if member.checked_out_at:
                parts.append(
                    QCoreApplication.translate("RosterPage", "out {time}").format(
                        time=f"{member.checked_out_at:%H:%M}"
                    )
                )
            item = QListWidgetItem(" · ".join(parts))
            item.setData(MEMBER_ROLE, member.assignment_id)
            self.members.addItem(item)
        if cell.members:
            self.members.setCurrentRow(0)
        self.cell_conflicts.setText("\n".join(conflict_line(c) for c in cell.conflicts))
        self._sync_enabled()

    def current_member(self) -> R.Member | None:
        cell = self.current_cell()
        item = self.members.currentItem()
        if cell is None or item is None:
            return None
        wanted = item.data(MEMBER_ROLE)
        return next((m for m in cell.members if m.assignment_id == wanted), None)

    def _sync_enabled(self) -> None:
        cell = self.current_cell()
        member = self.current_member()
        write = self.can_write
        self.add_button.setEnabled(write and cell is not None)
        self.add_action.setEnabled(write and cell is not None)
        for b in (self.remove_button, self.lead_button):
            b.setEnabled(write and member is not None)
        self.lead_button.setEnabled(write and member is not None and not member.is_lead)
        self.check_in_button.setEnabled(
            write and member is not None and member.checked_in_at is None
        )
        self.check_out_button.setEnabled(
            write
            and member is not None
            and member.checked_in_at is not None
            and member.checked_out_at is None
        )
        members = cell.members if cell is not None else ()
        self.check_in_all_button.setEnabled(write and any(m.checked_in_at is None for m in members))
        self.check_out_all_button.setEnabled(
            write and any(m.checked_in_at and m.checked_out_at is None for m in members)
        )
        self.copy_button.setEnabled(write)
        self.undo_copy_button.setEnabled(write and self.last_copy is not None)

    def _go_to_conflict(self, item: QListWidgetItem) -> None:
        shift_id = item.data(CONFLICT_ROLE)
        if self.week is None:
            return
        cell = next((c for c in self.week.cells.values() if c.shift_id == shift_id), None)
        if cell is not None:
            index = self.model.index_of(cell.post_id, cell.date, cell.shift_name)
            if index.isValid():
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)

    # --- actions -----------------------------------------------------------------------------

    def _run(self, title: str, work: Any) -> Any:
        """``work()``, or None when the roster refused it (the user has been told why)."""
        result = attempt(self, title, work, RosterError)
        return None if isinstance(result, Failed) else result

    def add_volunteer(self) -> None:
        cell = self.current_cell()
        if cell is None or not self.can_write:
            return
        post_name = self._run(
            QCoreApplication.translate("RosterPage", "Not rostered"),
            lambda: R.post_name(cell.post_id),
        )
        if post_name is None:
            return
        dialog = RosterAssignDialog(
            cell.post_id,
            post_name,
            cell.date,
            cell.shift_name,
            {m.volunteer_id for m in cell.members},
            self,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        volunteer_id = dialog.volunteer_id()
        if volunteer_id is None:
            return
        result = self._run(
            QCoreApplication.translate("RosterPage", "Not rostered"),
            lambda: R.assign(
                self.context.actor,
                volunteer_id,
                cell.post_id,
                cell.date,
                cell.shift_name,
                lead=dialog.lead(),
            ),
        )
        if result is not None:
            self.reload((cell.post_id, cell.date, cell.shift_name))

    def remove_member(self) -> None:
        member, cell = self.current_member(), self.current_cell()
        if member is None or cell is None or not self.can_write:
            return
        if not messages.confirm(
            self,
            QCoreApplication.translate("RosterPage", "Take off the shift?"),
            QCoreApplication.translate("RosterPage", "Take {name} off {day} {shift}?").format(
                name=member.name, day=f"{cell.date:%m-%d}", shift=cell.shift_name
            ),
            default_yes=False,
        ):
            return
        self._run(
            QCoreApplication.translate("RosterPage", "Not removed"),
            lambda: R.unassign(self.context.actor, member.assignment_id),
        )
        self.reload()

    def make_lead(self) -> None:
        member = self.current_member()
        if member is None:
            return
        self._run(
            QCoreApplication.translate("RosterPage", "Lead not changed"),
            lambda: R.set_lead(self.context.actor, member.assignment_id),
        )
        self.reload()

    def check_in(self) -> None:
        member = self.current_member()
        if member is None:
            return
        self._run(
            QCoreApplication.translate("RosterPage", "Not checked in"),
            lambda: R.check_in(self.context.actor, member.assignment_id),
        )
        self.reload()

    def check_out(self) -> None:
        member = self.current_member()
        if member is None:
            return
        self._run(
            QCoreApplication.translate("RosterPage", "Not checked out"),
            lambda: R.check_out(self.context.actor, member.assignment_id),
        )
        self.reload()

    def copy_last_week(self) -> None:
        if not self.can_write:
            return
        source = self.monday - dt.timedelta(days=7)
        if not messages.confirm(
            self,
            QCoreApplication.translate("RosterPage", "Copy last week?"),
            QCoreApplication.translate(
                "RosterPage",
                "Copy the roster of the week of {source} into the week of {target}? "
                "Volunteers already on a shift stay; nobody is taken off.",
            ).format(source=f"{source:%m-%d}", target=f"{self.monday:%m-%d}"),
        ):
            return
        result = self._run(
            QCoreApplication.translate("RosterPage", "Not copied"),
            lambda: R.copy_week(self.context.actor, source, self.monday),
        )
        if result is None:
            return
        self.reload()
        self.last_copy = result
        self._sync_enabled()
        messages.inform(
            self,
            QCoreApplication.translate("RosterPage", "Copied"),
            QCoreApplication.translate(
                "RosterPage", "{shifts} shifts created, {people} volunteers put on shifts."
            ).format(shifts=result.shifts_created, people=result.assignments_created),
        )

    def undo_copy(self) -> None:
        if self.last_copy is None:
            return
        result = self.last_copy
        self.last_copy = None
        self._run(
            QCoreApplication.translate("RosterPage", "Not undone"),
            lambda: R.undo_copy(self.context.actor, result),
        )
        self.reload()

    def edit_posts(self) -> None:
        dialog = PostsDialog(self.context.actor, self)
        dialog.exec()
        if dialog.changed:
            self.reload()

    def move_member(self, assignment_id: int, index: QModelIndex) -> None:
        """A volunteer dropped on ``index``: move him there from his shift."""
        target = index.data(CELL_ROLE)
        if not isinstance(target, Cell) or not self.can_write:
            return
        result = self._run(
            QCoreApplication.translate("RosterPage", "Not moved"),
            lambda: R.move(
                self.context.actor, assignment_id, target.post_id, target.date, target.shift_name
            ),
        )
        if result is not None:
            self.reload((target.post_id, target.date, target.shift_name))

    def check_in_all(self) -> None:
        cell = self.current_cell()
        if cell is None or cell.shift_id is None:
            return
        shift_id = cell.shift_id
        self._run(
            QCoreApplication.translate("RosterPage", "Not checked in"),
            lambda: R.check_in_all(self.context.actor, shift_id),
        )
        self.reload()

    def check_out_all(self) -> None:
        cell = self.current_cell()
        if cell is None or cell.shift_id is None:
            return
        shift_id = cell.shift_id
        self._run(
            QCoreApplication.translate("RosterPage", "Not checked out"),
            lambda: R.check_out_all(self.context.actor, shift_id),
        )
        self.reload()
