"""A short text asked for: the reason for dismissing a proposal (optional) and the like."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QWidget

from .form import EditDialog


class ReasonDialog(EditDialog):
    def __init__(
        self,
        title: str,
        prompt: str,
        *,
        required: bool = False,
        action: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent)
        self.required = required
        if action:
            self.save_button.setText(action)
        intro = QLabel(prompt, self)
        intro.setWordWrap(True)
        self.grid.addWidget(intro, 0, 0, 1, 3)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("reason")
        self.edit.setPlaceholderText(
            "" if required else QCoreApplication.translate("ReasonDialog", "Optional")
        )
        self.add_field("reason", QCoreApplication.translate("ReasonDialog", "Reason"), self.edit)
        self.edit.textChanged.connect(lambda _t: self.touch("reason"))
        self.finish()
        self.edit.setFocus()

    def snapshot(self) -> object:
        return self.edit.text()

    def problems(self) -> dict[str, str]:
        if self.required and not self.edit.text().strip():
            return {"reason": QCoreApplication.translate("ReasonDialog", "A reason is required.")}
        return {}

    @classmethod
    def ask(
        cls,
        title: str,
        prompt: str,
        *,
        required: bool = False,
        action: str = "",
        parent: QWidget | None = None,
    ) -> str | None:
        """The reason entered ("" when optional and left empty), or None when cancelled."""
        dialog = cls(title, prompt, required=required, action=action, parent=parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.edit.text().strip()
        return None
