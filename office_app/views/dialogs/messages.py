"""Message boxes in one place, so that tests can replace them (``monkeypatch.setattr``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    yes: str = "",
    no: str = "",
    default_yes: bool = True,
) -> bool:
    """A yes/no question; True when the user says yes. Esc answers no."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes_button = box.addButton(
        yes or QCoreApplication.translate("Messages", "Yes"), QMessageBox.ButtonRole.YesRole
    )
    no_button = box.addButton(
        no or QCoreApplication.translate("Messages", "No"), QMessageBox.ButtonRole.NoRole
    )
    box.setDefaultButton(yes_button if default_yes else no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def confirm_discard(parent: QWidget | None) -> bool:
    """Asked when a dialog with changes is cancelled; True discards them."""
    return confirm(
        parent,
        QCoreApplication.translate("Messages", "Discard changes?"),
        QCoreApplication.translate(
            "Messages", "You have changed this form. Close it and discard the changes?"
        ),
        yes=QCoreApplication.translate("Messages", "Discard"),
        no=QCoreApplication.translate("Messages", "Keep editing"),
        default_yes=False,
    )


def warn(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)
