"""Put a volunteer on a shift: pick from a filtered list, see the conflicts it would bring."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from office_app.services.volunteers import roster as R
from office_app.services.volunteers.register import VolunteerChoice, volunteer_choices

from ..table_models.roster_week_table_model import conflict_line
from .form import error_color, muted_color

ID_ROLE = Qt.ItemDataRole.UserRole


class RosterAssignDialog(QDialog):
    def __init__(
        self,
        post_id: int,
        post_name: str,
        day: dt.date,
        shift_name: str,
        present: set[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.post_id, self.day, self.shift_name = post_id, day, shift_name
        self.setWindowTitle(QCoreApplication.translate("RosterAssignDialog", "Put on the shift"))
        self.setMinimumSize(460, 480)
        heading = QLabel(f"{day:%Y-%m-%d} {shift_name} · {post_name}", self)
        heading.setStyleSheet("font-weight: bold;")
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("assignFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setPlaceholderText(
            QCoreApplication.translate("RosterAssignDialog", "Name or organisation…")
        )
        self.list = QListWidget(self)
        self.list.setObjectName("assignList")
        self.choices: list[VolunteerChoice] = [
            c for c in volunteer_choices() if c.id not in present
        ]
        for choice in self.choices:
            parts = [choice.name, choice.organisation or choice.kind, choice.status]
            if choice.home:
                parts.append(
                    QCoreApplication.translate("RosterAssignDialog", "lives in {home}").format(
                        home=choice.home
                    )
                )
            item = QListWidgetItem(" · ".join(p for p in parts if p))
            item.setData(ID_ROLE, choice.id)
            self.list.addItem(item)
        self.lead_box = QCheckBox(
            QCoreApplication.translate("RosterAssignDialog", "Lead of the shift (带班)"), self
        )
        self.lead_box.setObjectName("assignLead")
        self.preview = QLabel(self)
        self.preview.setObjectName("assignPreview")
        self.preview.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.lead_box)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        self.filter_edit.textChanged.connect(self._filter)
        self.list.currentItemChanged.connect(self._selected)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self._selected()

    def _filter(self, text: str) -> None:
        needle = text.strip()
        first_visible = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = bool(needle) and needle not in item.text()
            item.setHidden(hidden)
            if not hidden and first_visible is None:
                first_visible = item
        current = self.list.currentItem()
        if current is None or current.isHidden():
            self.list.setCurrentItem(first_visible)

    def select(self, volunteer_id: int) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == volunteer_id:
                self.list.setCurrentRow(row)
                return

    def volunteer_id(self) -> int | None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        return int(item.data(ID_ROLE))

    def lead(self) -> bool:
        return self.lead_box.isChecked()

    def _selected(self, *_args: object) -> None:
        volunteer_id = self.volunteer_id()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(volunteer_id is not None)
        if volunteer_id is None:
            self.preview.setText("")
            return
        conflicts = R.preview_assignment(volunteer_id, self.post_id, self.day, self.shift_name)
        if conflicts:
            text = QCoreApplication.translate(
                "RosterAssignDialog", "This brings a conflict (you may still save):"
            )
            lines = [text, *(conflict_line(c) for c in conflicts)]
            self.preview.setText("\n".join(lines))
            self.preview.setStyleSheet(f"color: {error_color()};")
        else:
            self.preview.setText(QCoreApplication.translate("RosterAssignDialog", "No conflict."))
            self.preview.setStyleSheet(f"color: {muted_color()};")

    def accept(self) -> None:
        if self.volunteer_id() is None:
            return
        super().accept()
