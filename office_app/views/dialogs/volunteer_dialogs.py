"""Dialogs of the 志愿者 page: name a grid leader, change a volunteer's status."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from office_app.models.volunteers import VOLUNTEER_STATUSES
from office_app.services.volunteers import volunteer_choices

ID_ROLE = Qt.ItemDataRole.UserRole


class GridLeaderDialog(QDialog):
    """Choose the 片长 / 组长 / 小组长 of one node of the grid tree."""

    def __init__(self, role: str, scope: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("GridLeaderDialog", "Name a leader"))
        self.setMinimumSize(420, 440)
        heading = QLabel(
            QCoreApplication.translate("GridLeaderDialog", "{role} of {scope}").format(
                role=role, scope=scope
            ),
            self,
        )
        heading.setStyleSheet("font-weight: bold;")
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("leaderFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setPlaceholderText(
            QCoreApplication.translate("GridLeaderDialog", "Name or organisation…")
        )
        self.list = QListWidget(self)
        self.list.setObjectName("leaderList")
        for choice in volunteer_choices():
            parts = [choice.name, choice.organisation or choice.kind, choice.status]
            item = QListWidgetItem(" · ".join(p for p in parts if p))
            item.setData(ID_ROLE, choice.id)
            self.list.addItem(item)
        self.replace_box = QCheckBox(
            QCoreApplication.translate(
                "GridLeaderDialog", "The present leader becomes a member (组员)"
            ),
            self,
        )
        self.replace_box.setChecked(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.replace_box)
        layout.addWidget(buttons)
        self.filter_edit.textChanged.connect(self._filter)
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())

    def _filter(self, text: str) -> None:
        needle = text.strip()
        first = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(needle) and needle not in item.text())
            if not item.isHidden() and first is None:
                first = item
        current = self.list.currentItem()
        if current is None or current.isHidden():
            self.list.setCurrentItem(first)

    def select(self, volunteer_id: int) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == volunteer_id:
                self.list.setCurrentRow(row)

    def volunteer_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None or item.isHidden() else int(item.data(ID_ROLE))

    def accept(self) -> None:
        if self.volunteer_id() is not None:
            super().accept()


class StatusDialog(QDialog):
    """A volunteer's new status (在岗 / 居家隔离 / 伤病 / 离岗), from which day, and why."""

    def __init__(
        self, name: str, current: str, today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("StatusDialog", "Change status"))
        self.status = QComboBox(self)
        self.status.setObjectName("statusCombo")
        for value in VOLUNTEER_STATUSES:
            if value != current:
                self.status.addItem(value, value)
        self.since = QDateEdit(self)
        self.since.setObjectName("statusSince")
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        self.since.setDate(QDate(today.year, today.month, today.day))
        self.reason = QLineEdit(self)
        self.reason.setObjectName("statusReason")
        form = QFormLayout()
        form.addRow(QCoreApplication.translate("StatusDialog", "Volunteer"), QLabel(name, self))
        form.addRow(QCoreApplication.translate("StatusDialog", "Now"), QLabel(current, self))
        form.addRow(QCoreApplication.translate("StatusDialog", "New status"), self.status)
        form.addRow(QCoreApplication.translate("StatusDialog", "From"), self.since)
        form.addRow(QCoreApplication.translate("StatusDialog", "Reason"), self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> tuple[str, dt.date, str]:
        day = self.since.date()
        return (
            str(self.status.currentData()),
            dt.date(day.year(), day.month(), day.day()),
            self.reason.text().strip(),
        )
