"""The shape every editing dialog shares.

A grid of label | field | reason: the reason beside a field says, as the user types, why the
value cannot be saved (shown once the field was touched, or for every field after a save
attempt). Enter saves (Save is the default button), Esc cancels, and a dialog with changes
asks before it throws them away.

An editor of a stored record checks, before it closes, that no other seat saved the record
since it opened (:meth:`EditDialog.check_current`): if one did, the dialog stays open and says
who saved it, when, and what it holds now; the user's values stay in the fields, and saving
again (now knowing the other's values) replaces them.
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

from office_app.services.admin.seats import StaleRecord

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
        # The version of the stored record the editor started from (None: a new record).
        self.version: int | None = None
        self.conflict = QLabel(self)
        self.conflict.setObjectName("conflict")
        self.conflict.setWordWrap(True)
        self.conflict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.conflict.hide()

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
        self.body.addWidget(self.conflict)

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

    def check_current(self) -> None:
        """Raise the service's :class:`StaleRecord` when another seat saved the record since
        this editor opened (an editor of a stored record says how; a new one has nothing)."""

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
        try:
            self.check_current()
        except StaleRecord as exc:
            self.show_conflict(exc)
            return
        self.accept()

    def show_conflict(self, exc: StaleRecord) -> None:
        """Say that another seat saved first (who, when, the values now), keep the user's
        values, and let a second Save replace the other's (the editor now starts from the
        version stored)."""
        self.version = exc.version
        self.conflict.setText(
            str(exc)
            + "\n"
            + QCoreApplication.translate(
                "Dialogs", "Your values are still in the form: Save again to replace these."
            )
        )
        self.conflict.setStyleSheet(f"color: {error_color()};")
        self.conflict.show()

    def reject(self) -> None:
        if self.is_dirty() and not messages.confirm_discard(self):
            return
        super().reject()
