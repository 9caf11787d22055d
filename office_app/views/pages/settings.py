"""设置: appearance and language for this user; the community's settings (read-only here)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from office_app.services import settings as community_settings

from .. import ui_settings as U
from ..context import AppContext


class SettingsPage(QWidget):
    theme_changed = Signal(str)
    language_changed = Signal(str)

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
        self.community_form = QFormLayout(self.community_box)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addWidget(appearance)
        layout.addWidget(self.community_box)
        layout.addStretch(1)

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

        while self.community_form.rowCount():
            self.community_form.removeRow(0)
        s = community_settings.load()
        shifts = "；".join(f"{d.name} {d.start}–{d.end}" for d in s.shifts)
        rows = [
            (QCoreApplication.translate("SettingsPage", "Community"), s.community),
            (QCoreApplication.translate("SettingsPage", "Subdistrict"), s.subdistrict),
            (QCoreApplication.translate("SettingsPage", "District"), s.district),
            (QCoreApplication.translate("SettingsPage", "Shifts"), shifts),
            (
                QCoreApplication.translate("SettingsPage", "Clean days before lowering"),
                str(s.lowering_clean_days),
            ),
            (
                QCoreApplication.translate("SettingsPage", "Retention (days)"),
                str(s.retention_days),
            ),
        ]
        for label, value in rows:
            self.community_form.addRow(label, QLabel(value, self.community_box))

    def _theme_chosen(self) -> None:
        name = self.theme_combo.currentData()
        self.context.ui.set(U.THEME, name)
        self.theme_changed.emit(name)

    def _language_chosen(self) -> None:
        language = self.language_combo.currentData()
        self.context.ui.set(U.LANGUAGE, language)
        self.language_changed.emit(language)
