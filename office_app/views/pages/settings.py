"""设置: this user's appearance and language; the community's settings and the lowering rule.

The community's settings are shared by everyone who opens the database; only an
administrator changes them (the service refuses anyone else too).
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from office_app.models import now
from office_app.services import risk
from office_app.services import settings as community_settings
from office_app.services.actor import PermissionDenied

from .. import ui_settings as U
from ..context import AppContext


class SettingsPage(QWidget):
    theme_changed = Signal(str)
    language_changed = Signal(str)
    community_saved = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context

        self.theme_combo = QComboBox(self)
        self.theme_combo.setObjectName("themeCombo")
        self.theme_combo.addItem(QCoreApplication.translate("SettingsPage", "Light"), "light")
        self.theme_combo.addItem(QCoreApplication.translate("SettingsPage", "Dark"), "dark")
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("languageCombo")
        self.language_combo.addItem("中文（简体）", "zh_CN")
        self.language_combo.addItem("English", "en")
        self.language_note = QLabel(
            QCoreApplication.translate(
                "SettingsPage", "A new language takes effect when the program starts again."
            ),
            self,
        )
        self.language_note.setWordWrap(True)

        appearance = QGroupBox(QCoreApplication.translate("SettingsPage", "Appearance"), self)
        form = QFormLayout(appearance)
        form.addRow(QCoreApplication.translate("SettingsPage", "Theme"), self.theme_combo)
        form.addRow(QCoreApplication.translate("SettingsPage", "Language"), self.language_combo)
        form.addRow("", self.language_note)

        self.community_box = QGroupBox(
            QCoreApplication.translate("SettingsPage", "Community"), self
        )
        self.community_edit = QLineEdit(self.community_box)
        self.community_edit.setObjectName("communityEdit")
        self.subdistrict_edit = QLineEdit(self.community_box)
        self.subdistrict_edit.setObjectName("subdistrictEdit")
        self.district_edit = QLineEdit(self.community_box)
        self.district_edit.setObjectName("districtEdit")
        self.shifts_label = QLabel(self.community_box)
        self.clean_days_spin = QSpinBox(self.community_box)
        self.clean_days_spin.setObjectName("cleanDaysSpin")
        self.clean_days_spin.setRange(1, 60)
        self.clean_days_spin.setSuffix(QCoreApplication.translate("SettingsPage", " days"))
        self.negative_round_check = QCheckBox(
            QCoreApplication.translate(
                "SettingsPage", "An all-negative test round on the last day is required"
            ),
            self.community_box,
        )
        self.negative_round_check.setObjectName("negativeRoundCheck")
        self.monitoring_spin = QSpinBox(self.community_box)
        self.monitoring_spin.setObjectName("monitoringSpin")
        self.monitoring_spin.setRange(0, 60)
        self.monitoring_spin.setSuffix(QCoreApplication.translate("SettingsPage", " days"))
        self.retention_label = QLabel(self.community_box)
        self.save_button = QPushButton(
            QCoreApplication.translate("SettingsPage", "Save community settings"), self
        )
        self.save_button.setObjectName("saveCommunityButton")
        self.save_button.clicked.connect(self.save_community)
        self.admin_note = QLabel(
            QCoreApplication.translate(
                "SettingsPage", "Only an administrator can change the community's settings."
            ),
            self,
        )
        self.admin_note.setWordWrap(True)

        community = QFormLayout(self.community_box)
        community.addRow(
            QCoreApplication.translate("SettingsPage", "Community"), self.community_edit
        )
        community.addRow(
            QCoreApplication.translate("SettingsPage", "Subdistrict"), self.subdistrict_edit
        )
        community.addRow(QCoreApplication.translate("SettingsPage", "District"), self.district_edit)
        community.addRow(QCoreApplication.translate("SettingsPage", "Shifts"), self.shifts_label)
        community.addRow(
            QCoreApplication.translate("SettingsPage", "Clean days before lowering"),
            self.clean_days_spin,
        )
        community.addRow("", self.negative_round_check)
        community.addRow(
            QCoreApplication.translate("SettingsPage", "Health monitoring after unsealing"),
            self.monitoring_spin,
        )
        community.addRow(
            QCoreApplication.translate("SettingsPage", "Retention (days)"), self.retention_label
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.admin_note)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        community.addRow(buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addWidget(appearance)
        layout.addWidget(self.community_box)
        layout.addStretch(1)

        is_admin = context.actor.is_admin
        for widget in (
            self.community_edit,
            self.subdistrict_edit,
            self.district_edit,
            self.clean_days_spin,
            self.negative_round_check,
            self.monitoring_spin,
            self.save_button,
        ):
            widget.setEnabled(is_admin)
        self.admin_note.setVisible(not is_admin)

        self.refresh()
        self.theme_combo.currentIndexChanged.connect(self._theme_chosen)
        self.language_combo.currentIndexChanged.connect(self._language_chosen)

    def refresh(self) -> None:
        ui = self.context.ui
        self.theme_combo.blockSignals(True)
        self.theme_combo.setCurrentIndex(max(self.theme_combo.findData(ui.get(U.THEME)), 0))
        self.theme_combo.blockSignals(False)
        self.language_combo.blockSignals(True)
        self.language_combo.setCurrentIndex(
            max(self.language_combo.findData(ui.get(U.LANGUAGE)), 0)
        )
        self.language_combo.blockSignals(False)

        s = community_settings.load()
        self.community_edit.setText(s.community)
        self.subdistrict_edit.setText(s.subdistrict)
        self.district_edit.setText(s.district)
        self.shifts_label.setText("；".join(f"{d.name} {d.start}–{d.end}" for d in s.shifts))
        self.clean_days_spin.setValue(s.lowering_clean_days)
        self.negative_round_check.setChecked(s.lowering_needs_negative_round)
        self.monitoring_spin.setValue(s.monitoring_days)
        self.retention_label.setText(str(s.retention_days))

    def save_community(self) -> bool:
        """Save the community's settings; the clocks of the buildings follow a new rule."""
        names = (
            self.community_edit.text().strip(),
            self.subdistrict_edit.text().strip(),
            self.district_edit.text().strip(),
        )
        if not all(names):
            QMessageBox.warning(
                self,
                QCoreApplication.translate("SettingsPage", "Settings"),
                QCoreApplication.translate(
                    "SettingsPage", "Community, subdistrict and district must not be empty."
                ),
            )
            return False
        new = dataclasses.replace(
            community_settings.load(),
            community=names[0],
            subdistrict=names[1],
            district=names[2],
            lowering_clean_days=self.clean_days_spin.value(),
            lowering_needs_negative_round=self.negative_round_check.isChecked(),
            monitoring_days=self.monitoring_spin.value(),
        )
        try:
            community_settings.save(self.context.actor, new)
        except PermissionDenied as exc:
            QMessageBox.warning(
                self, QCoreApplication.translate("SettingsPage", "Settings"), str(exc)
            )
            return False
        moment = now()
        risk.refresh(moment.date(), moment)
        self.community_saved.emit()
        return True

    def _theme_chosen(self) -> None:
        name = self.theme_combo.currentData()
        self.context.ui.set(U.THEME, name)
        self.theme_changed.emit(name)

    def _language_chosen(self) -> None:
        language = self.language_combo.currentData()
        self.context.ui.set(U.LANGUAGE, language)
        self.language_changed.emit(language)
