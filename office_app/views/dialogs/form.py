"""The shape every editing dialog shares.

A grid of label | field | reason: the reason beside a field says, as the user types, why the
value cannot be saved (shown once the field was touched, or for every field after a save
attempt). Enter saves (Save is the default button), Esc cancels, and a dialog with changes
asks before it throws them away.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from . import messages


def error_color() -> str:
    """Red that reads on the current theme's window colour."""
    app = QApplication.instance()
    dark = app is not None and app.property("office_theme") == "dark"
    return "#FF8A80" if dark else "#C62828"


def muted_color() -> str:
    app = QApplication.instance()
    dark = app is not None and app.property("office_theme") == "dark"
    return "#B0BEC5" if dark else "#546E7A"


def parse_count(text: str) -> int | None:
    """An integer as typed (full-width digits and thousands separators allowed), or None."""
    import unicodedata

    cleaned = unicodedata.normalize("NFKC", text).replace(",", "").strip()
    if not cleaned or not cleaned.lstrip("-").isdigit():
        return None
    return int(cleaned)


class EditDialog(QDialog):
    """Base of the editing dialogs: subclasses add fields, ``snapshot`` and ``problems``."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(620)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(8)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(2, 2)
        self.fields: dict[str, tuple[QWidget, QLabel]] = {}
        self._touched: set[str] = set()
        self._initial: object = None

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(QCoreApplication.translate("Dialogs", "Save"))
        save.setDefault(True)
        self.save_button = save
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("Dialogs", "Cancel")
        )
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.grid)

    # --- layout -----------------------------------------------------------------------

    def add_field(self, key: str, label: str, widget: QWidget) -> QLabel:
        row = self.grid.rowCount()
        title = QLabel(label, self)
        title.setBuddy(widget)
        reason = QLabel(self)
        reason.setObjectName(f"reason_{key}")
        reason.setWordWrap(True)
        reason.setMinimumWidth(190)
        reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.grid.addWidget(title, row, 0)
        self.grid.addWidget(widget, row, 1)
        self.grid.addWidget(reason, row, 2)
        self.fields[key] = (widget, reason)
        return reason

    def finish(self) -> None:
        """Call at the end of a subclass's ``__init__``: remembers the starting values."""
        self.body.addWidget(self.buttons)
        self._initial = self.snapshot()
        self.revalidate()

    # --- what subclasses say ------------------------------------------------------------

    def snapshot(self) -> object:
        """The values as entered, comparable, to tell whether anything changed."""
        raise NotImplementedError

    def problems(self) -> dict[str, str]:
        """Why the values cannot be saved, by field key."""
        raise NotImplementedError

    def notes(self) -> dict[str, str]:
        """Neutral remarks beside fields that have no problem (e.g. "creates a compound")."""
        return {}

    # --- behaviour ----------------------------------------------------------------------

    def touch(self, key: str) -> None:
        self._touched.add(key)
        self.revalidate()

    def revalidate(self) -> dict[str, str]:
        problems = self.problems()
        notes = self.notes()
        for key, (_widget, reason) in self.fields.items():
            problem = problems.get(key) if key in self._touched else None
            if problem:
                reason.setText(problem)
                reason.setStyleSheet(f"color: {error_color()};")
            else:
                reason.setText(notes.get(key, ""))
                reason.setStyleSheet(f"color: {muted_color()};")
        return problems

    def reason(self, key: str) -> str:
        return self.fields[key][1].text()

    def is_dirty(self) -> bool:
        return bool(self.snapshot() != self._initial)

    def try_accept(self) -> None:
        self._touched.update(self.fields)
        problems = self.revalidate()
        if problems:
            first = next((k for k in self.fields if k in problems), None)
            if first is not None:
                self.fields[first][0].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.accept()

    def reject(self) -> None:
        if self.is_dirty() and not messages.confirm_discard(self):
            return
        super().reject()
