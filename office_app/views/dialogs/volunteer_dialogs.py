"""Dialogs of the 志愿者 page: name a grid leader, change a volunteer's status."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

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

from office_app.services import choices
from office_app.services.choices import (
    ORG_KINDS,
    ORG_LEVELS,
    VOLUNTEER_KINDS,
    VOLUNTEER_STATUSES,
)
from office_app.services.volunteers.register import (
    VolunteerData,
    organisations,
    volunteer_choices,
    volunteer_problems,
)
from office_app.services.volunteers.register import check_current as check_volunteer_current

from .form import EditDialog

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


class VolunteerDialog(EditDialog):
    """新增 / 编辑志愿者: the volunteer's own facts (status and grid role have their own
    dialogs)."""

    def __init__(
        self,
        initial: VolunteerData,
        *,
        volunteer_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            QCoreApplication.translate("VolunteerDialog", "New volunteer")
            if volunteer_id is None
            else QCoreApplication.translate("VolunteerDialog", "Edit volunteer"),
            parent,
        )
        self.volunteer_id = volunteer_id
        self.version = initial.version
        self.name = QLineEdit(initial.name, self)
        self.name.setObjectName("name")
        self.phone = QLineEdit(initial.phone, self)
        self.phone.setObjectName("phone")
        self.gender = QComboBox(self)
        self.gender.setObjectName("gender")
        for value in ("", "男", "女"):
            self.gender.addItem(value or "—", value)
        self.gender.setCurrentIndex(max(0, self.gender.findData(initial.gender)))
        self.party = QCheckBox(QCoreApplication.translate("VolunteerDialog", "Party member"), self)
        self.party.setObjectName("party")
        self.party.setChecked(initial.party_member)
        self.organisation = QComboBox(self)
        self.organisation.setObjectName("organisation")
        self.organisation.setEditable(True)
        self.organisation.addItem("")
        for _oid, org_name in organisations():
            self.organisation.addItem(org_name)
        self.organisation.setCurrentText(initial.organisation)
        self.org_level = QComboBox(self)
        self.org_level.setObjectName("orgLevel")
        for value in ORG_LEVELS:
            self.org_level.addItem(value, value)
        self.org_level.setCurrentIndex(max(0, self.org_level.findData(initial.org_level)))
        self.org_kind = QComboBox(self)
        self.org_kind.setObjectName("orgKind")
        for value in ORG_KINDS:
            self.org_kind.addItem(value, value)
        self.org_kind.setCurrentIndex(max(0, self.org_kind.findData(initial.org_kind)))
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        for value in VOLUNTEER_KINDS:
            self.kind.addItem(value, value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(initial.kind)))
        self.home = QComboBox(self)
        self.home.setObjectName("home")
        self.home.addItem(QCoreApplication.translate("VolunteerDialog", "(not living here)"), None)
        for bid, label in choices.buildings():
            self.home.addItem(label, bid)
        self.home.setCurrentIndex(max(0, self.home.findData(initial.home_building_id)))
        self.report_date = QDateEdit(self)
        self.report_date.setObjectName("reportDate")
        self.report_date.setCalendarPopup(True)
        self.report_date.setDisplayFormat("yyyy-MM-dd")
        day = initial.report_date or dt.date.today()
        self.report_date.setDate(QDate(day.year, day.month, day.day))
        self.skills = QLineEdit("、".join(initial.skills), self)
        self.skills.setObjectName("skills")
        self.skills.setPlaceholderText(
            QCoreApplication.translate("VolunteerDialog", "e.g. 核酸录入、驾驶、医护")
        )
        self.note = QLineEdit(initial.note, self)
        self.note.setObjectName("note")
        self.add_field("name", QCoreApplication.translate("VolunteerDialog", "Name"), self.name)
        self.add_field("phone", QCoreApplication.translate("VolunteerDialog", "Mobile"), self.phone)
        self.add_field(
            "gender", QCoreApplication.translate("VolunteerDialog", "Gender"), self.gender
        )
        self.add_field("party", "", self.party)
        self.add_field(
            "organisation",
            QCoreApplication.translate("VolunteerDialog", "Organisation"),
            self.organisation,
        )
        self.add_field(
            "org_level", QCoreApplication.translate("VolunteerDialog", "Level"), self.org_level
        )
        self.add_field(
            "org_kind", QCoreApplication.translate("VolunteerDialog", "Org. kind"), self.org_kind
        )
        self.add_field("kind", QCoreApplication.translate("VolunteerDialog", "Kind"), self.kind)
        self.add_field("home", QCoreApplication.translate("VolunteerDialog", "Lives in"), self.home)
        self.add_field(
            "report_date",
            QCoreApplication.translate("VolunteerDialog", "Reported for duty"),
            self.report_date,
        )
        self.add_field(
            "skills", QCoreApplication.translate("VolunteerDialog", "Skills"), self.skills
        )
        self.add_field("note", QCoreApplication.translate("VolunteerDialog", "Note"), self.note)
        self.name.textChanged.connect(lambda _t: self.touch("name"))
        self.phone.textChanged.connect(lambda _t: self.touch("phone"))
        self.organisation.currentTextChanged.connect(lambda _t: self.touch("organisation"))
        self.kind.currentIndexChanged.connect(lambda _i: self.touch("kind"))
        self.skills.textChanged.connect(lambda _t: self.touch("skills"))
        self.finish()
        self.name.setFocus()

    def data(self) -> VolunteerData:
        day = self.report_date.date()
        skills = tuple(s for s in re.split(r"[、,，;；/\s]+", self.skills.text()) if s)
        return VolunteerData(
            name=self.name.text(),
            phone=self.phone.text(),
            gender=str(self.gender.currentData() or ""),
            party_member=self.party.isChecked(),
            organisation=self.organisation.currentText(),
            org_level=str(self.org_level.currentData()),
            org_kind=str(self.org_kind.currentData()),
            kind=str(self.kind.currentData()),
            home_building_id=self.home.currentData(),
            report_date=dt.date(day.year(), day.month(), day.day()),
            skills=skills,
            note=self.note.text(),
            version=self.version,
        )

    def snapshot(self) -> object:
        return replace(self.data(), version=None)

    def check_current(self) -> None:
        if self.volunteer_id is not None:
            check_volunteer_current(self.volunteer_id, self.version)

    def problems(self) -> dict[str, str]:
        return volunteer_problems(self.data(), self.volunteer_id)
