"""The roster week as a table: one row per post, one column per day and shift.

A cell shows who serves (the lead first, marked ★) and is tinted when it has a conflict
(red), is short-handed (orange) or nobody is on it yet (grey). Everything comes from one
``RosterWeek`` loaded by services.volunteers.roster; the model never queries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from office_app.services.volunteers import roster as R
from office_app.services.volunteers.roster import Cell, RosterWeek

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

CELL_ROLE = Qt.ItemDataRole.UserRole + 10
STATE_ROLE = Qt.ItemDataRole.UserRole + 11
TODAY_ROLE = Qt.ItemDataRole.UserRole + 12

CONFLICT_COLOUR = "#F8D7DA"
SHORT_COLOUR = "#FFE0B2"
EMPTY_COLOUR = "#ECEFF1"
TEXT_COLOUR = "#1B1B1B"
DARK_EMPTY_COLOUR = "#37474F"
DARK_EMPTY_TEXT = "#CFD8DC"


def _dark() -> bool:
    app = QCoreApplication.instance()
    return app is not None and app.property("office_theme") == "dark"


CONFLICT_TITLES = {
    R.DOUBLE_BOOKED: QT_TRANSLATE_NOOP("RosterWeek", "Double booking"),
    R.NOT_ON_DUTY: QT_TRANSLATE_NOOP("RosterWeek", "Not on duty"),
    R.SEALED_OUTSIDE: QT_TRANSLATE_NOOP("RosterWeek", "Lives in a sealed building"),
    R.UNDERSTAFFED: QT_TRANSLATE_NOOP("RosterWeek", "Short-handed"),
    R.NO_REST: QT_TRANSLATE_NOOP("RosterWeek", "No rest"),
}


def conflict_title(kind: str) -> str:
    return QCoreApplication.translate("RosterWeek", CONFLICT_TITLES.get(kind, kind))


def conflict_line(conflict: Any) -> str:
    """⚠ Short-handed: … — one conflict as a line, in the UI's language."""
    return QCoreApplication.translate("RosterWeek", "⚠ {kind}: {message}").format(
        kind=conflict_title(conflict.kind), message=conflict.message
    )


def weekday_name(index: int) -> str:
    names = (
        QCoreApplication.translate("RosterWeek", "Mon"),
        QCoreApplication.translate("RosterWeek", "Tue"),
        QCoreApplication.translate("RosterWeek", "Wed"),
        QCoreApplication.translate("RosterWeek", "Thu"),
        QCoreApplication.translate("RosterWeek", "Fri"),
        QCoreApplication.translate("RosterWeek", "Sat"),
        QCoreApplication.translate("RosterWeek", "Sun"),
    )
    return names[index]


def cell_state(cell: Cell) -> str:
    """ "conflict", "short" (understaffed only), "empty" or "ok"."""
    if not cell.members:
        return "empty"
    kinds = {c.kind for c in cell.conflicts}
    if kinds - {R.UNDERSTAFFED}:
        return "conflict"
    if kinds:
        return "short"
    return "ok"


class RosterWeekTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.week: RosterWeek | None = None
        # Cells of this day (the shift running now and the rest of today) are marked.
        self.today: dt.date | None = None
        self._columns: list[tuple[int, str]] = []  # (day index, shift name)

    def set_week(self, week: RosterWeek) -> None:
        self.beginResetModel()
        self.week = week
        self._columns = [(d, s.name) for d in range(len(week.days)) for s in week.shifts]
        self.endResetModel()

    # --- Qt's interface ----------------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        if parent.isValid() or self.week is None:
            return 0
        return len(self.week.posts)

    def columnCount(self, parent: Index = _ROOT) -> int:
        if parent.isValid() or self.week is None:
            return 0
        return len(self._columns)

    def cell(self, row: int, column: int) -> Cell | None:
        if self.week is None or not (
            0 <= row < len(self.week.posts) and 0 <= column < len(self._columns)
        ):
            return None
        day_index, shift_name = self._columns[column]
        post = self.week.posts[row]
        return self.week.cells.get((post.id, self.week.days[day_index], shift_name))

    def index_of(self, post_id: int, day: Any, shift_name: str) -> QModelIndex:
        if self.week is None:
            return QModelIndex()
        rows = [p.id for p in self.week.posts]
        if post_id not in rows or day not in self.week.days:
            return QModelIndex()
        day_index = self.week.days.index(day)
        try:
            column = self._columns.index((day_index, shift_name))
        except ValueError:
            return QModelIndex()
        return self.index(rows.index(post_id), column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cell = self.cell(index.row(), index.column())
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if not cell.members:
                return "—"
            names = [("★" if m.is_lead else "") + m.name for m in cell.members]
            if len(names) > 3:
                names = [*names[:2], f"+{len(names) - 2}"]
            return "\n".join(names)
        if role == Qt.ItemDataRole.ToolTipRole:
            times = f"{cell.starts_at:%H:%M}–{cell.ends_at:%H:%M}"
            lines = [f"{cell.date:%Y-%m-%d} {cell.shift_name} {times}"]
            lines += [("★ " if m.is_lead else "· ") + m.name for m in cell.members]
            lines += [conflict_line(c) for c in cell.conflicts]
            return "\n".join(lines)
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = {
                "conflict": CONFLICT_COLOUR,
                "short": SHORT_COLOUR,
                "empty": DARK_EMPTY_COLOUR if _dark() else EMPTY_COLOUR,
            }.get(cell_state(cell))
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole:
            state = cell_state(cell)
            if state == "empty" and _dark():
                return QBrush(QColor(DARK_EMPTY_TEXT))
            return QBrush(QColor(TEXT_COLOUR)) if state != "ok" else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == CELL_ROLE:
            return cell
        if role == STATE_ROLE:
            return cell_state(cell)
        if role == TODAY_ROLE:
            return cell.date == self.today
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self.week is None or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._columns):
                return None
            day_index, shift_name = self._columns[section]
            day = self.week.days[day_index]
            if role == Qt.ItemDataRole.ToolTipRole and day == self.today:
                return QCoreApplication.translate("RosterWeek", "Today")
            return f"{day:%m-%d}\n{weekday_name(day.weekday())}\n{shift_name}"
        if not 0 <= section < len(self.week.posts):
            return None
        post = self.week.posts[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return QCoreApplication.translate(
                "RosterWeek", "{name}: at least {count} on duty"
            ).format(name=post.name, count=post.min_staff)
        return f"{post.name} ≥{post.min_staff}"

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
