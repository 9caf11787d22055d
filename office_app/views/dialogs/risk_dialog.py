"""调整风险等级: the new level and the reason, both required; what will follow is said first."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from office_app.services.choices import RISK_HIGH, RISK_LEVELS, RISK_LOW, RISK_MEDIUM
from office_app.services.reporting.palette import RISK_COLORS, text_color_on

from .form import EditDialog, muted_color

LEVEL_NAMES = {
    RISK_HIGH: QT_TRANSLATE_NOOP("RiskDialog", "High risk"),
    RISK_MEDIUM: QT_TRANSLATE_NOOP("RiskDialog", "Medium risk"),
    RISK_LOW: QT_TRANSLATE_NOOP("RiskDialog", "Low risk"),
}


def level_name(level: str) -> str:
    return QCoreApplication.translate("RiskDialog", LEVEL_NAMES.get(level, level))


def level_chip(level: str, parent: QWidget | None = None) -> QLabel:
    """The level's name on a small label in its colour, readable on it."""
    color = RISK_COLORS.get(level, "#757575")
    chip = QLabel(level_name(level), parent)
    chip.setObjectName("levelChip")
    chip.setStyleSheet(
        f"QLabel#levelChip {{ background: {color}; color: {text_color_on(color)};"
        " border-radius: 4px; padding: 2px 10px; font-weight: bold; }"
    )
    return chip


@dataclass(frozen=True)
class RiskContext:
    """What the dialog tells the user about the building before the change."""

    label: str
    level: str
    lowering: str  # the lowering rule's verdict, in words
    residents: int
    residents_isolated: int
    volunteers_on_duty_living: int
    monitoring_days: int


class RiskChangeDialog(EditDialog):
    def __init__(self, context: RiskContext, parent: QWidget | None = None) -> None:
        super().__init__(
            QCoreApplication.translate("RiskDialog", "Change the risk level of {building}").format(
                building=context.label
            ),
            parent,
        )
        self.context = context
        self.save_button.setText(QCoreApplication.translate("RiskDialog", "Change level"))

        current = QHBoxLayout()
        current.setSpacing(10)
        current.addWidget(QLabel(context.label, self))
        current.addWidget(level_chip(context.level, self))
        current.addStretch(1)
        self.grid.addWidget(QLabel(QCoreApplication.translate("RiskDialog", "Now"), self), 0, 0)
        self.grid.addLayout(current, 0, 1, 1, 2)

        levels = QWidget(self)
        levels.setObjectName("levels")
        row = QHBoxLayout(levels)
        row.setContentsMargins(0, 0, 0, 0)
        self.level_group = QButtonGroup(self)
        self.level_buttons: dict[str, QRadioButton] = {}
        for position, level in enumerate(RISK_LEVELS):
            button = QRadioButton(level_name(level), levels)
            button.setObjectName(f"level_{position}")
            button.setEnabled(level != context.level)
            self.level_group.addButton(button, position)
            self.level_buttons[level] = button
            row.addWidget(button)
        row.addStretch(1)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("reason")
        self.reason_edit.setPlaceholderText(
            QCoreApplication.translate("RiskDialog", "Why: e.g. a positive case in the building")
        )
        self.add_field("level", QCoreApplication.translate("RiskDialog", "New level"), levels)
        self.add_field(
            "reason", QCoreApplication.translate("RiskDialog", "Reason"), self.reason_edit
        )

        self.lowering_label = QLabel(self)
        self.lowering_label.setObjectName("lowering")
        self.lowering_label.setWordWrap(True)
        self.lowering_label.setStyleSheet(f"color: {muted_color()};")
        self.lowering_label.setText(
            QCoreApplication.translate("RiskDialog", "Lowering rule: {verdict}").format(
                verdict=context.lowering
            )
        )
        self.lowering_label.setVisible(context.level != RISK_LOW and bool(context.lowering))
        self.consequence_label = QLabel(self)
        self.consequence_label.setObjectName("consequence")
        self.consequence_label.setWordWrap(True)
        self.body.addWidget(self.lowering_label)
        self.body.addWidget(self.consequence_label)

        self.level_group.idToggled.connect(self._level_toggled)
        self.reason_edit.textChanged.connect(lambda _t: self.touch("reason"))
        self.finish()
        self._show_consequence()
        self.reason_edit.setFocus()

    def _level_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self.touch("level")
            self._show_consequence()

    def level(self) -> str | None:
        checked = self.level_group.checkedId()
        return RISK_LEVELS[checked] if checked >= 0 else None

    def reason_text(self) -> str:
        return self.reason_edit.text().strip()

    def consequence(self) -> str:
        """What the change will do, in words (empty while no level is chosen)."""
        c = self.context
        level = self.level()
        if level == RISK_HIGH:
            return QCoreApplication.translate(
                "RiskDialog",
                "Sealing: the building's {residents} residents go into home isolation from "
                "today; {volunteers} on-duty volunteers living here go into home isolation and "
                "their shifts outside the building need someone else.",
            ).format(residents=c.residents, volunteers=c.volunteers_on_duty_living)
        if level is not None and c.level == RISK_HIGH:
            return QCoreApplication.translate(
                "RiskDialog",
                "Unsealing: {isolated} residents in home isolation go to health monitoring for "
                "{days} days; volunteers living here report for duty again.",
            ).format(isolated=c.residents_isolated, days=c.monitoring_days)
        return ""

    def _show_consequence(self) -> None:
        text = self.consequence()
        self.consequence_label.setText(text)
        self.consequence_label.setVisible(bool(text))

    def snapshot(self) -> object:
        return (self.level(), self.reason_edit.text())

    def problems(self) -> dict[str, str]:
        found = {}
        if self.level() is None:
            found["level"] = QCoreApplication.translate("RiskDialog", "Choose the new level.")
        if not self.reason_text():
            found["reason"] = QCoreApplication.translate(
                "RiskDialog", "Say why the level changes; it goes into the building's history."
            )
        return found

    @classmethod
    def ask(cls, context: RiskContext, parent: QWidget | None = None) -> tuple[str, str] | None:
        """Show the dialog; ``(new level, reason)``, or None when cancelled."""
        dialog = cls(context, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            level = dialog.level()
            if level is not None:
                return level, dialog.reason_text()
        return None
