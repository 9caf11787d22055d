"""After a level change: what followed from it, and the shifts that now need someone else."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from office_app.services.places.risk import ChangeResult

from .risk_dialog import level_chip


def has_cascade(result: ChangeResult) -> bool:
    return bool(
        result.residents_isolated
        or result.residents_monitored
        or result.volunteers_isolated
        or result.volunteers_back
        or result.conflicts
    )


def cascade_lines(result: ChangeResult) -> list[str]:
    """The consequences in sentences, as the dialog lists them."""
    lines = []
    if result.residents_isolated:
        lines.append(
            QCoreApplication.translate(
                "CascadeDialog", "{count} residents are now in home isolation."
            ).format(count=result.residents_isolated)
        )
    if result.residents_monitored:
        lines.append(
            QCoreApplication.translate(
                "CascadeDialog", "{count} residents moved from isolation to health monitoring."
            ).format(count=result.residents_monitored)
        )
    if result.volunteers_isolated:
        lines.append(
            QCoreApplication.translate(
                "CascadeDialog", "Volunteers living here now in home isolation: {names}."
            ).format(names="、".join(result.volunteers_isolated))
        )
    if result.volunteers_back:
        lines.append(
            QCoreApplication.translate(
                "CascadeDialog", "Volunteers living here back on duty: {names}."
            ).format(names="、".join(result.volunteers_back))
        )
    return lines


class CascadeDialog(QDialog):
    def __init__(self, result: ChangeResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("CascadeDialog", "Risk level changed"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)

        head = QLabel(
            QCoreApplication.translate(
                "CascadeDialog", "{building}: from {before} to {after}"
            ).format(building=result.building, before=result.from_level, after=result.to_level),
            self,
        )
        head.setObjectName("pageTitle")
        top = QHBoxLayout()
        top.addWidget(head)
        top.addWidget(level_chip(result.to_level, self))
        top.addStretch(1)
        layout.addLayout(top)
        self.lines = cascade_lines(result)
        for line in self.lines:
            label = QLabel(line, self)
            label.setWordWrap(True)
            layout.addWidget(label)

        self.conflicts = QTableWidget(len(result.conflicts), 4, self)
        self.conflicts.setObjectName("conflicts")
        self.conflicts.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("CascadeDialog", "Volunteer"),
                QCoreApplication.translate("CascadeDialog", "Starts"),
                QCoreApplication.translate("CascadeDialog", "Shift"),
                QCoreApplication.translate("CascadeDialog", "Post"),
            ]
        )
        for row, conflict in enumerate(result.conflicts):
            values = (
                conflict.volunteer,
                f"{conflict.starts_at:%Y-%m-%d %H:%M}",
                conflict.shift,
                conflict.post,
            )
            for column, value in enumerate(values):
                self.conflicts.setItem(row, column, QTableWidgetItem(value))
        self.conflicts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.conflicts.verticalHeader().setVisible(False)
        self.conflicts.horizontalHeader().setStretchLastSection(True)
        self.conflicts.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        if result.conflicts:
            title = QLabel(
                QCoreApplication.translate(
                    "CascadeDialog",
                    "{count} shifts outside the building need someone else:",
                ).format(count=len(result.conflicts)),
                self,
            )
            title.setWordWrap(True)
            layout.addWidget(title)
            layout.addWidget(self.conflicts, 1)
        else:
            self.conflicts.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(
            QCoreApplication.translate("Dialogs", "Close")
        )
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    @classmethod
    def show_result(cls, result: ChangeResult, parent: QWidget | None = None) -> None:
        cls(result, parent).exec()


def report_change(result: ChangeResult, parent: QWidget | None = None) -> None:
    """After a change: the cascade dialog when something followed, else a status message."""
    if has_cascade(result):
        CascadeDialog.show_result(result, parent)
        return
    window = parent.window() if parent is not None else None
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(
            QCoreApplication.translate(
                "CascadeDialog", "{building}: from {before} to {after}"
            ).format(building=result.building, before=result.from_level, after=result.to_level),
            8000,
        )
