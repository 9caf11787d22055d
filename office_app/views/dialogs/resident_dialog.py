"""新增 / 编辑居民: name, household (building, unit, room), document, phones, special groups,
control status with its dates, and a note.

When editing, the document and mobile fields start empty with the masked stored value as
placeholder: leaving them empty keeps the stored number, so the editor never shows one in
full (seeing it is the audited 显示完整号码 on the page).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from office_app.services import choices
from office_app.services.choices import CONTROL_STATUSES, SPECIAL_GROUPS
from office_app.services.people import residents
from office_app.services.people.identity import DocumentType
from office_app.services.people.residents import ResidentData, StoredResident

from .form import EditDialog


class OptionalDate(QWidget):
    """A date with a box saying whether it is set (QDateEdit alone cannot be empty)."""

    def __init__(self, value: dt.date | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(self)
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        start = value or dt.date.today()
        self.edit.setDate(QDate(start.year, start.month, start.day))
        self.enabled.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.enabled.toggled.connect(self.edit.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.enabled)
        row.addWidget(self.edit, 1)

    def value(self) -> dt.date | None:
        return self.edit.date().toPython() if self.enabled.isChecked() else None  # type: ignore[no-any-return]

    def set_value(self, value: dt.date | None) -> None:
        self.enabled.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(QDate(value.year, value.month, value.day))


class ResidentDialog(EditDialog):
    def __init__(
        self,
        *,
        initial: ResidentData,
        stored: StoredResident | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            QCoreApplication.translate("ResidentDialog", "New resident")
            if stored is None
            else QCoreApplication.translate("ResidentDialog", "Edit resident"),
            parent,
        )
        self.resident_id = stored.id if stored is not None else None
        self.version = initial.version

        self.name = QLineEdit(initial.name, self)
        self.name.setObjectName("name")
        self.building = QComboBox(self)
        self.building.setObjectName("building")
        self.building.addItem(
            QCoreApplication.translate("ResidentDialog", "(choose the building)"), None
        )
        for building_id, label in choices.buildings():
            self.building.addItem(label, building_id)
        self.building.setCurrentIndex(max(self.building.findData(initial.building_id), 0))
        self.unit = QLineEdit(initial.unit, self)
        self.unit.setObjectName("unit")
        self.unit.setPlaceholderText(QCoreApplication.translate("ResidentDialog", "e.g. 2单元"))
        self.room = QLineEdit(initial.room, self)
        self.room.setObjectName("room")
        self.room.setPlaceholderText(
            QCoreApplication.translate("ResidentDialog", "e.g. 501 or 5-1")
        )
        self.doc_type = QComboBox(self)
        self.doc_type.setObjectName("docType")
        for kind in DocumentType:
            self.doc_type.addItem(kind.value, kind.value)
        self.doc_type.setCurrentIndex(max(self.doc_type.findData(initial.doc_type), 0))
        self.doc_no = QLineEdit(initial.doc_no, self)
        self.doc_no.setObjectName("docNo")
        self.phone = QLineEdit(initial.phone, self)
        self.phone.setObjectName("phone")
        self.clear_phone = QCheckBox(
            QCoreApplication.translate("ResidentDialog", "Remove the stored mobile"), self
        )
        self.clear_phone.setObjectName("clearPhone")
        self.clear_phone.setVisible(stored is not None and bool(stored.phone_masked))
        self.clear_phone.toggled.connect(self.phone.setDisabled)
        self.clear_phone.toggled.connect(lambda _checked: self.touch("phone"))
        phone_row = QWidget(self)
        phone_layout = QHBoxLayout(phone_row)
        phone_layout.setContentsMargins(0, 0, 0, 0)
        phone_layout.addWidget(self.phone, 1)
        phone_layout.addWidget(self.clear_phone)
        if stored is not None:
            self.doc_no.setPlaceholderText(
                QCoreApplication.translate("ResidentDialog", "Unchanged: {masked}").format(
                    masked=stored.doc_masked
                )
            )
            self.phone.setPlaceholderText(
                QCoreApplication.translate("ResidentDialog", "Unchanged: {masked}").format(
                    masked=stored.phone_masked or "—"
                )
            )
        else:
            self.phone.setPlaceholderText(
                QCoreApplication.translate("ResidentDialog", "11-digit mobile, e.g. 13912340217")
            )
        self.landline = QLineEdit(initial.landline, self)
        self.landline.setObjectName("landline")
        self.landline.setPlaceholderText(
            QCoreApplication.translate("ResidentDialog", "e.g. 023-68123456")
        )
        groups_box = QWidget(self)
        groups_grid = QGridLayout(groups_box)
        groups_grid.setContentsMargins(0, 0, 0, 0)
        self.group_boxes: dict[str, QCheckBox] = {}
        for index, group in enumerate(SPECIAL_GROUPS):
            box = QCheckBox(group, groups_box)
            box.setChecked(group in initial.groups)
            self.group_boxes[group] = box
            groups_grid.addWidget(box, index // 3, index % 3)
        self.control = QComboBox(self)
        self.control.setObjectName("control")
        self.control.addItem(QCoreApplication.translate("ResidentDialog", "(none)"), "")
        for status in CONTROL_STATUSES:
            self.control.addItem(status, status)
        self.control.setCurrentIndex(max(self.control.findData(initial.control_status), 0))
        self.control_from = OptionalDate(initial.control_from, self)
        self.control_until = OptionalDate(initial.control_until, self)
        self.note = QLineEdit(initial.note, self)
        self.note.setObjectName("note")

        for key, label, widget in (
            ("name", QCoreApplication.translate("ResidentDialog", "Name"), self.name),
            ("building", QCoreApplication.translate("ResidentDialog", "Building"), self.building),
            ("unit", QCoreApplication.translate("ResidentDialog", "Unit"), self.unit),
            ("room", QCoreApplication.translate("ResidentDialog", "Room"), self.room),
            (
                "doc_type",
                QCoreApplication.translate("ResidentDialog", "Document type"),
                self.doc_type,
            ),
            (
                "doc_no",
                QCoreApplication.translate("ResidentDialog", "Document number"),
                self.doc_no,
            ),
            ("phone", QCoreApplication.translate("ResidentDialog", "Mobile"), phone_row),
            ("landline", QCoreApplication.translate("ResidentDialog", "Landline"), self.landline),
            ("groups", QCoreApplication.translate("ResidentDialog", "Special groups"), groups_box),
            (
                "control_status",
                QCoreApplication.translate("ResidentDialog", "Control"),
                self.control,
            ),
            (
                "control_from",
                QCoreApplication.translate("ResidentDialog", "Control from"),
                self.control_from,
            ),
            (
                "control_until",
                QCoreApplication.translate("ResidentDialog", "Control until"),
                self.control_until,
            ),
            ("note", QCoreApplication.translate("ResidentDialog", "Note"), self.note),
        ):
            self.add_field(key, label, widget)

        for key, edit in (
            ("name", self.name),
            ("unit", self.unit),
            ("room", self.room),
            ("doc_no", self.doc_no),
            ("phone", self.phone),
            ("landline", self.landline),
            ("note", self.note),
        ):
            edit.textChanged.connect(lambda _t, k=key: self.touch(k))
        self.building.currentIndexChanged.connect(lambda _i: self.touch("building"))
        self.doc_type.currentIndexChanged.connect(lambda _i: self.touch("doc_no"))
        self.control.currentIndexChanged.connect(self._control_changed)
        for box in self.group_boxes.values():
            box.toggled.connect(lambda _c: self.touch("groups"))
        for date in (self.control_from, self.control_until):
            date.enabled.toggled.connect(lambda _c: self.touch("control_from"))
            date.edit.dateChanged.connect(lambda _d: self.touch("control_until"))
        self.finish()
        self.name.setFocus()

    def _control_changed(self) -> None:
        if self.control.currentData() and self.control_from.value() is None:
            self.control_from.set_value(dt.date.today())
        self.touch("control_status")

    # --- values -------------------------------------------------------------------------

    def data(self) -> ResidentData:
        return ResidentData(
            name=self.name.text(),
            building_id=self.building.currentData(),
            unit=self.unit.text(),
            room=self.room.text(),
            doc_type=self.doc_type.currentData(),
            doc_no=self.doc_no.text(),
            phone="" if self.clear_phone.isChecked() else self.phone.text(),
            clear_phone=self.clear_phone.isChecked(),
            landline=self.landline.text(),
            groups=tuple(g for g, box in self.group_boxes.items() if box.isChecked()),
            control_status=self.control.currentData() or "",
            control_from=self.control_from.value(),
            control_until=self.control_until.value(),
            note=self.note.text(),
            version=self.version,
        )

    def snapshot(self) -> object:
        return replace(self.data(), version=None)

    def check_current(self) -> None:
        if self.resident_id is not None:
            residents.check_current(self.resident_id, self.version)

    def problems(self) -> dict[str, str]:
        return residents.validate(self.data(), self.resident_id)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None = None,
        *,
        initial: ResidentData | None = None,
        stored: StoredResident | None = None,
    ) -> ResidentData | None:
        """Show the dialog; the values entered, or None when cancelled."""
        start = initial or (stored.data if stored else ResidentData("", None, "", ""))
        dialog = cls(initial=start, stored=stored, parent=parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.data()
        return None
