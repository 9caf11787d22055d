"""Why an exit request is refused (出入, Alt+3): a usual reason from a short list, or own words.

The list is services/gate.REFUSAL_REASONS; "其他" needs the words written. Whatever is written
below a listed reason is added to it (``非急症…：已约明早社区医生上门``). Enter refuses, Esc
cancels (nothing is decided).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QWidget

from office_app.services.gate import exits as gate

from .form import EditDialog

OTHER = None  # the combo box's data for "other reason"


class RefusalDialog(EditDialog):
    def __init__(self, resident: str = "", parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("RefusalDialog", "Refuse the exit"), parent)
        self.save_button.setText(QCoreApplication.translate("RefusalDialog", "Refuse"))
        intro = QLabel(
            QCoreApplication.translate(
                "RefusalDialog",
                "Why is the exit refused? The reason is kept with the request and printed in "
                "the gate register.",
            )
            + (f"\n{resident}" if resident else ""),
            self,
        )
        intro.setWordWrap(True)
        self.grid.addWidget(intro, 0, 0, 1, 3)
        self.choice = QComboBox(self)
        self.choice.setObjectName("refusalChoice")
        for reason in gate.REFUSAL_REASONS:
            self.choice.addItem(reason, reason)
        self.choice.addItem(
            QCoreApplication.translate("RefusalDialog", "Other (write it below)"), OTHER
        )
        self.words = QLineEdit(self)
        self.words.setObjectName("refusalWords")
        self.words.setMaxLength(150)
        self.add_field("choice", QCoreApplication.translate("RefusalDialog", "Reason"), self.choice)
        self.add_field(
            "words", QCoreApplication.translate("RefusalDialog", "In your words"), self.words
        )
        self.choice.currentIndexChanged.connect(lambda _i: self._choice_changed())
        self.words.textChanged.connect(lambda _t: self.touch("words"))
        self._choice_changed()
        self.finish()
        self.choice.setFocus()

    def _choice_changed(self) -> None:
        other = self.choice.currentData() is OTHER
        self.words.setPlaceholderText(
            QCoreApplication.translate("RefusalDialog", "The reason (required)")
            if other
            else QCoreApplication.translate("RefusalDialog", "Optional: more details")
        )
        self.revalidate()

    def refusal(self) -> str:
        """The reason to store: the chosen reason and the words together."""
        chosen = self.choice.currentData()
        words = " ".join(self.words.text().split())
        if chosen is OTHER:
            return words
        return f"{chosen}：{words}" if words else str(chosen)

    def snapshot(self) -> object:
        return (self.choice.currentIndex(), self.words.text())

    def problems(self) -> dict[str, str]:
        if self.choice.currentData() is OTHER and not self.words.text().strip():
            return {
                "words": QCoreApplication.translate(
                    "RefusalDialog", "Write the reason, or choose one from the list."
                )
            }
        return {}

    @classmethod
    def ask(cls, resident: str = "", parent: QWidget | None = None) -> str | None:
        """The reason entered, or None when cancelled."""
        dialog = cls(resident, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.refusal()
        return None


__all__ = ["RefusalDialog"]
