"""What every page builds the same way: a named button, a row of buttons, a page-wide
shortcut, a note in the status bar, the folder a save dialog starts in, and a service call
whose refusal is shown in a message box.

Layout and wiring only; what a button does is up to the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QMainWindow,
    QPushButton,
    QTableView,
    QWidget,
)

from office_app.services.admin.actor import PermissionDenied

from .. import ui_settings as U
from ..dialogs import messages

T = TypeVar("T")

STATUS_MS = 8000  # how long a page's note stays in the status bar


def translated(context: str, texts: Iterable[str]) -> list[str]:
    """Source texts marked with QT_TRANSLATE_NOOP(context, ...), in the user's language."""
    return [QCoreApplication.translate(context, text) for text in texts]


def button(
    parent: QWidget,
    name: str,
    text: str,
    tip: str = "",
    slot: Callable[[], Any] | None = None,
) -> QPushButton:
    """A push button with its object name (tests and the style sheet find it by it)."""
    b = QPushButton(text, parent)
    b.setObjectName(name)
    if tip:
        b.setToolTip(tip)
    if slot is not None:
        b.clicked.connect(slot)
    return b


def button_row(left: Iterable[QWidget], right: Iterable[QWidget] = ()) -> QHBoxLayout:
    """Buttons on the left, a stretch, then the buttons kept on the right (import, export)."""
    row = QHBoxLayout()
    for widget in left:
        row.addWidget(widget)
    row.addStretch(1)
    for widget in right:
        row.addWidget(widget)
    return row


def shortcut(
    owner: QWidget,
    keys: QKeySequence | QKeySequence.StandardKey | Qt.Key | str,
    slot: Callable[..., Any],
    *,
    text: str = "",
    context: Qt.ShortcutContext | None = None,
) -> QAction:
    """A key that runs ``slot`` while ``owner`` is shown: window-wide unless ``context``
    narrows it. ``text`` names the action where a menu shows it too."""
    action = QAction(text, owner)
    action.setShortcut(QKeySequence(keys))
    if context is not None:
        action.setShortcutContext(context)
    action.triggered.connect(slot)
    owner.addAction(action)
    return action


def date_edit(parent: QWidget, name: str) -> QDateEdit:
    """A day box with a calendar, showing the day as 2022-11-20."""
    edit = QDateEdit(parent)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def detail_table(
    parent: QWidget, name: str, model: QAbstractItemModel, row_height: int, widths: Iterable[int]
) -> QTableView:
    """A small read-only table under or beside a list (a lot's ledger, a building's history):
    whole rows selected, no row numbers, columns of the given widths, the last one stretched."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(row_height)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for column, width in enumerate(widths):
        header.resizeSection(column, width)
    return table


def show_status(widget: QWidget, text: str) -> None:
    """A short note in the main window's status bar (nothing when the page is on its own)."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, STATUS_MS)


def export_start(ui: U.UiSettings, name: str) -> str:
    """Where a save dialog for ``name`` starts: the folder of the last export, else just the
    name (the dialog's own folder)."""
    folder = ui.get(U.LAST_EXPORT_FOLDER)
    return str(Path(folder) / name) if folder else name


def remember_export(ui: U.UiSettings, path: str | Path) -> None:
    """The next save dialog starts in the folder ``path`` was saved in."""
    ui.set(U.LAST_EXPORT_FOLDER, str(Path(path).parent))


def choose_save_file(
    parent: QWidget, ui: U.UiSettings, title: str, name: str, file_filter: str
) -> str:
    """Ask where to save, starting in the folder of the last export (remembered again)."""
    from .. import file_dialogs  # with the first save dialog: not part of opening a page

    path, _filter = file_dialogs.save_file_name(parent, title, export_start(ui, name), file_filter)
    if path:
        remember_export(ui, path)
    return path


class Failed:
    """What ``attempt`` returns when the service refused (the user has been told why)."""

    def __bool__(self) -> bool:
        return False


FAILED = Failed()


def attempt(
    parent: QWidget,
    title: str,
    call: Callable[[], T],
    *errors: type[Exception],
) -> T | Failed:
    """Run one service call; a refusal (``errors`` or PermissionDenied) is shown under
    ``title`` and gives FAILED, so that the page returns without changing anything."""
    try:
        return call()
    except (*errors, PermissionDenied) as exc:
        messages.warn(parent, title, str(exc))
        return FAILED


def succeeded(
    parent: QWidget,
    title: str,
    call: Callable[[], Any],
    *errors: type[Exception],
) -> bool:
    """``attempt`` for a call whose result is not needed: True when it went through."""
    return not isinstance(attempt(parent, title, call, *errors), Failed)
