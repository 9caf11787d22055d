"""设置: this user's appearance and language; the community's settings and the lowering rule;
backups (folder, rotation, back up now, restore); data protection (operators, retention purge).

The community's settings are shared by everyone who opens the database; only an
administrator changes them (the service refuses anyone else too).
"""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from office_app.services.admin import backup, retention
from office_app.services.admin import settings as community_settings
from office_app.services.admin.actor import PermissionDenied
from office_app.services.admin.connection import is_server
from office_app.services.clock import now
from office_app.services.places import risk

from .. import file_dialogs
from .. import ui_settings as U
from ..context import AppContext
from ..dialogs import messages
from ..dialogs.connection_dialog import DatabaseBox
from ..widgets.page_parts import button


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
        self.shifts_edit = QLineEdit(self.community_box)
        self.shifts_edit.setObjectName("shiftsEdit")
        self.shifts_edit.setToolTip(
            QCoreApplication.translate(
                "SettingsPage",
                "Name and times of each shift, separated by ；, e.g. 白班 08:00–20:00；夜班 "
                "20:00–08:00. Together they cover the day once.",
            )
        )
        self.rest_spin = QSpinBox(self.community_box)
        self.rest_spin.setObjectName("restSpin")
        self.rest_spin.setRange(0, 24)
        self.rest_spin.setSuffix(QCoreApplication.translate("SettingsPage", " hours"))
        self.rest_spin.setToolTip(
            QCoreApplication.translate(
                "SettingsPage", "Less rest than this between two shifts is listed as a conflict."
            )
        )
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
        self.retention_spin = QSpinBox(self.community_box)
        self.retention_spin.setObjectName("retentionSpin")
        self.retention_spin.setRange(7, 3650)
        self.retention_spin.setSuffix(QCoreApplication.translate("SettingsPage", " days"))
        self.retention_spin.setToolTip(
            QCoreApplication.translate(
                "SettingsPage",
                "Personal data of test records, exit requests and errands older than this may "
                "be purged (Data protection).",
            )
        )
        self.save_button = button(
            self,
            "saveCommunityButton",
            QCoreApplication.translate("SettingsPage", "Save community settings"),
            slot=self.save_community,
        )
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
        community.addRow(QCoreApplication.translate("SettingsPage", "Shifts"), self.shifts_edit)
        community.addRow(
            QCoreApplication.translate("SettingsPage", "Rest between two shifts"), self.rest_spin
        )
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
            QCoreApplication.translate("SettingsPage", "Keep personal data for"),
            self.retention_spin,
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.admin_note)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        community.addRow(buttons)

        self.backup_box = self._build_backup_box()
        self.protection_box = self._build_protection_box()

        # This PC's file or the office server (views/dialogs/connection_dialog.py).
        self.database_box = DatabaseBox(context, self)

        left = QVBoxLayout()
        left.addWidget(appearance)
        left.addWidget(self.community_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.backup_box)
        right.addWidget(self.protection_box)
        right.addWidget(self.database_box)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(left, 5)
        layout.addLayout(right, 4)

        is_admin = context.actor.is_admin
        for widget in (
            self.community_edit,
            self.subdistrict_edit,
            self.district_edit,
            self.shifts_edit,
            self.rest_spin,
            self.clean_days_spin,
            self.negative_round_check,
            self.monitoring_spin,
            self.retention_spin,
            self.save_button,
        ):
            widget.setEnabled(is_admin)
        self.admin_note.setVisible(not is_admin)
        for widget in (
            self.backup_folder_edit,
            self.backup_browse_button,
            self.keep_spin,
            self.daily_check,
            self.exit_check,
            self.save_backup_button,
            self.restore_button,
            self.operators_button,
            self.purge_button,
        ):
            widget.setEnabled(is_admin)
        self.backup_now_button.setEnabled(context.actor.can_write)

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
        self.shifts_edit.setText(community_settings.format_shifts(s.shifts))
        self.rest_spin.setValue(int(float(s.extra.get("min_rest_hours", 8))))
        self.clean_days_spin.setValue(s.lowering_clean_days)
        self.negative_round_check.setChecked(s.lowering_needs_negative_round)
        self.monitoring_spin.setValue(s.monitoring_days)
        self.retention_spin.setValue(s.retention_days)
        self._refresh_backups()

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
        try:
            shifts = community_settings.parse_shifts(self.shifts_edit.text())
        except ValueError as exc:
            QMessageBox.warning(
                self, QCoreApplication.translate("SettingsPage", "Settings"), str(exc)
            )
            self.shifts_edit.setFocus()
            return False
        current = community_settings.load()
        new = dataclasses.replace(
            current,
            shifts=shifts,
            extra={**current.extra, "min_rest_hours": self.rest_spin.value()},
            community=names[0],
            subdistrict=names[1],
            district=names[2],
            lowering_clean_days=self.clean_days_spin.value(),
            lowering_needs_negative_round=self.negative_round_check.isChecked(),
            monitoring_days=self.monitoring_spin.value(),
            retention_days=self.retention_spin.value(),
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

    # --- backups ------------------------------------------------------------------------

    def _build_backup_box(self) -> QGroupBox:
        box = QGroupBox(QCoreApplication.translate("SettingsPage", "Backups"), self)
        self.backup_folder_edit = QLineEdit(box)
        self.backup_folder_edit.setObjectName("backupFolderEdit")
        self.backup_folder_edit.setPlaceholderText(
            QCoreApplication.translate("SettingsPage", "Default: backups in this PC's data folder")
            if self.on_server()
            else QCoreApplication.translate("SettingsPage", "Default: backups beside the database")
        )
        self.backup_browse_button = QPushButton(
            QCoreApplication.translate("SettingsPage", "Choose…"), box
        )
        self.backup_browse_button.clicked.connect(self.choose_backup_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.backup_folder_edit, 1)
        folder_row.addWidget(self.backup_browse_button)
        self.keep_spin = QSpinBox(box)
        self.keep_spin.setObjectName("keepSpin")
        self.keep_spin.setRange(1, 999)
        self.keep_spin.setSuffix(QCoreApplication.translate("SettingsPage", " backups"))
        self.daily_check = QCheckBox(
            QCoreApplication.translate("SettingsPage", "Back up once a day while the program runs"),
            box,
        )
        self.exit_check = QCheckBox(
            QCoreApplication.translate("SettingsPage", "Back up when the program closes"), box
        )
        self.save_backup_button = button(
            box,
            "saveBackupButton",
            QCoreApplication.translate("SettingsPage", "Save backup settings"),
            slot=self.save_backup_settings,
        )
        self.last_backup_label = QLabel(box)
        self.last_backup_label.setObjectName("lastBackupInfo")
        self.last_backup_label.setWordWrap(True)
        self.backup_now_button = QPushButton(
            QCoreApplication.translate("SettingsPage", "Back up now"), box
        )
        self.backup_now_button.setObjectName("backupNowButton")
        self.backup_now_button.setShortcut(QKeySequence("Ctrl+B"))
        self.backup_now_button.setToolTip("Ctrl+B")
        self.backup_now_button.clicked.connect(self.backup_now)
        self.restore_button = button(
            box,
            "restoreButton",
            QCoreApplication.translate("SettingsPage", "Restore from a backup…"),
            slot=self.choose_restore_file,
        )

        # On the office server there is no database file to put backups beside: say where
        # they go and what a restore does there.
        self.server_backup_note = QLabel(box)
        self.server_backup_note.setObjectName("serverBackupNote")
        self.server_backup_note.setWordWrap(True)
        self.server_backup_note.setVisible(self.on_server())
        if self.on_server():
            self.server_backup_note.setText(
                QCoreApplication.translate(
                    "SettingsPage",
                    "On the office server a backup is a SQLite file written into the backup "
                    "folder on this PC. A restore replaces the data every seat shares on the "
                    "server, after backing the server up first.",
                )
            )
            self.backup_folder_edit.setToolTip(
                QCoreApplication.translate("SettingsPage", "Default: {folder}").format(
                    folder=self.default_backup_folder()
                )
            )

        form = QFormLayout(box)
        form.addRow(QCoreApplication.translate("SettingsPage", "Backup folder"), folder_row)
        form.addRow(self.server_backup_note)
        form.addRow(QCoreApplication.translate("SettingsPage", "Keep the newest"), self.keep_spin)
        form.addRow("", self.daily_check)
        form.addRow("", self.exit_check)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_backup_button)
        form.addRow(save_row)
        form.addRow(
            QCoreApplication.translate("SettingsPage", "Last backup"), self.last_backup_label
        )
        actions = QHBoxLayout()
        actions.addWidget(self.backup_now_button)
        actions.addWidget(self.restore_button)
        actions.addStretch(1)
        form.addRow(actions)
        return box

    def on_server(self) -> bool:
        """Whether this start works on the office server (not on this PC's file)."""
        return is_server(self.context.db_path)

    def default_backup_folder(self) -> Path:
        """Where backups go when no folder is chosen: beside the file, or on a server the
        backups folder in this PC's data folder."""
        return backup.backup_folder(self.context.db_path, backup.BackupSettings())

    def _refresh_backups(self) -> None:
        settings = backup.load_settings()
        self.backup_folder_edit.setText(settings.folder)
        self.keep_spin.setValue(settings.keep)
        self.daily_check.setChecked(settings.daily)
        self.exit_check.setChecked(settings.on_exit)
        last = backup.last_backup_at()
        folder = backup.backup_folder(self.context.db_path, settings)
        when = (
            f"{last:%Y-%m-%d %H:%M}"
            if last
            else QCoreApplication.translate("SettingsPage", "never")
        )
        self.last_backup_label.setText(
            QCoreApplication.translate("SettingsPage", "{when}, to {folder}").format(
                when=when, folder=folder
            )
        )

    def choose_backup_folder(self) -> None:
        # The default folder's parent: the database's folder, or the data folder (a server).
        start = self.backup_folder_edit.text() or str(
            backup.backup_folder(self.context.db_path).parent
        )
        folder = file_dialogs.existing_directory(
            self, QCoreApplication.translate("SettingsPage", "Backup folder"), start
        )
        if folder:
            self.backup_folder_edit.setText(folder)

    def save_backup_settings(self) -> bool:
        new = backup.BackupSettings(
            folder=self.backup_folder_edit.text().strip(),
            keep=self.keep_spin.value(),
            daily=self.daily_check.isChecked(),
            on_exit=self.exit_check.isChecked(),
        )
        try:
            backup.save_settings(self.context.actor, new)
        except (PermissionDenied, ValueError) as exc:
            messages.warn(self, QCoreApplication.translate("SettingsPage", "Backups"), str(exc))
            return False
        self._refresh_backups()
        return True

    def backup_now(self) -> Path | None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            path = backup.backup_database(self.context.actor, self.context.db_path)
        except (PermissionDenied, OSError, sqlite3.Error) as exc:
            QGuiApplication.restoreOverrideCursor()
            messages.warn(
                self,
                QCoreApplication.translate("SettingsPage", "Backups"),
                QCoreApplication.translate("SettingsPage", "No backup was made: {error}").format(
                    error=exc
                ),
            )
            return None
        QGuiApplication.restoreOverrideCursor()
        self._refresh_backups()
        messages.inform(
            self,
            QCoreApplication.translate("SettingsPage", "Backups"),
            QCoreApplication.translate("SettingsPage", "Backed up to {path}").format(path=path),
        )
        return path

    def choose_restore_file(self) -> None:
        folder = backup.backup_folder(self.context.db_path)
        path, _filter = file_dialogs.open_file_name(
            self,
            QCoreApplication.translate("SettingsPage", "Restore from a backup"),
            str(folder if folder.is_dir() else folder.parent),
            QCoreApplication.translate("SettingsPage", "Databases (*.db *.sqlite);;All files (*)"),
        )
        if path:
            self.restore_file(Path(path))

    def restore_file(self, path: Path) -> bool:
        """Check ``path``, ask, and make it the database; the program then closes."""
        title = QCoreApplication.translate("SettingsPage", "Restore from a backup")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            check = backup.validate_backup(path)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if not check.ok:
            messages.warn(
                self,
                title,
                QCoreApplication.translate(
                    "SettingsPage", "{file} cannot be restored; nothing was changed.\n\n{problems}"
                ).format(file=path, problems="\n".join(check.problems)),
            )
            return False
        if self.on_server():
            question = QCoreApplication.translate(
                "SettingsPage",
                "Replace the office server's data with the backup {file}?\n\nThe file passed "
                "its check (database version {version}). The server's data is replaced for "
                "every seat: everything any seat entered after the backup was made is lost. "
                "First the server's present data is backed up into {folder}. The program "
                "closes afterwards.",
            ).format(
                file=path,
                version=check.schema_version,
                folder=backup.backup_folder(self.context.db_path),
            )
            yes = QCoreApplication.translate("SettingsPage", "Replace the server's data")
        else:
            question = QCoreApplication.translate(
                "SettingsPage",
                "Replace the database with the backup {file}?\n\nThe file passed its check "
                "(database version {version}). Everything entered after it was made is "
                "replaced; the current database is kept beside it as a copy named "
                "…-replaced-….db. The program closes afterwards.",
            ).format(file=path, version=check.schema_version)
            yes = QCoreApplication.translate("SettingsPage", "Replace the database")
        if not messages.confirm(
            self,
            title,
            question,
            yes=yes,
            no=QCoreApplication.translate("SettingsPage", "Cancel"),
            default_yes=False,
        ):
            return False
        try:
            result = backup.restore_backup(self.context.actor, self.context.db_path, path)
        except (PermissionDenied, backup.RestoreRefused, OSError, sqlite3.Error) as exc:
            messages.warn(self, title, str(exc))
            return False
        done = (
            QCoreApplication.translate(
                "SettingsPage",
                "The office server now holds the backup's data, for every seat. Its data "
                "before was backed up as {kept}.\n\n"
                "The program closes now; start it again and log in.",
            )
            if self.on_server()
            else QCoreApplication.translate(
                "SettingsPage",
                "The backup is now the database. The replaced database was kept as {kept}.\n\n"
                "The program closes now; start it again and log in.",
            )
        )
        messages.inform(self, title, done.format(kept=result.replaced_copy or "-"))
        top = self.window()
        if isinstance(top, QMainWindow):
            top.close()
        return True

    # --- data protection: operators and the retention purge ------------------------------

    def _build_protection_box(self) -> QGroupBox:
        box = QGroupBox(QCoreApplication.translate("SettingsPage", "Data protection"), self)
        self.operators_button = button(
            box,
            "operatorsButton",
            QCoreApplication.translate("SettingsPage", "Operators…"),
            slot=self.open_operators,
        )
        self.purge_button = button(
            box,
            "purgeButton",
            QCoreApplication.translate("SettingsPage", "Purge old personal data…"),
            slot=self.purge_old_data,
        )
        self.password_button = button(
            box,
            "passwordButton",
            QCoreApplication.translate("SettingsPage", "Change my password…"),
            slot=self.change_password,
        )
        self.password_button.setEnabled(self.context.actor.operator_id is not None)
        note = QLabel(
            QCoreApplication.translate(
                "SettingsPage",
                "Administrators manage operators and roles. The purge first makes a backup, "
                "shows what goes, then anonymises test records and errands and deletes exit "
                "requests older than the retention period.",
            ),
            box,
        )
        note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.operators_button)
        row.addWidget(self.purge_button)
        row.addStretch(1)
        row.addWidget(self.password_button)
        layout = QVBoxLayout(box)
        layout.addWidget(note)
        layout.addLayout(row)
        return box

    def open_operators(self) -> None:
        from ..dialogs.operators_dialog import OperatorsDialog

        OperatorsDialog(self.context.actor, self).exec()

    def change_password(self) -> None:
        from ..dialogs.operators_dialog import ChangePasswordDialog

        if ChangePasswordDialog(self.context.actor, self).exec():
            messages.inform(
                self,
                QCoreApplication.translate("SettingsPage", "Change my password"),
                QCoreApplication.translate("SettingsPage", "Your password was changed."),
            )

    def purge_old_data(self) -> bool:
        """Preview, confirm, back up and purge; says what was done."""
        title = QCoreApplication.translate("SettingsPage", "Purge old personal data")
        today = now().date()
        preview = retention.preview(today)
        if preview.total == 0:
            messages.inform(
                self,
                title,
                QCoreApplication.translate(
                    "SettingsPage", "Nothing is older than {days} days (before {cutoff})."
                ).format(days=preview.days, cutoff=f"{preview.cutoff:%Y-%m-%d}"),
            )
            return False
        question = QCoreApplication.translate(
            "SettingsPage",
            "Older than {days} days (before {cutoff}):\n"
            "• {tests} test records: name, document, phone and address removed\n"
            "• {rejected} rejected rows of imported files: raw text removed\n"
            "• {exits} exit requests: deleted\n"
            "• {services} service records: resident and note removed\n"
            "• {audit} audit entries: full ID and phone numbers masked; in old entries about "
            "residents, names and addresses removed\n"
            "• {handover} open items of old handovers: full ID and phone numbers masked\n\n"
            "A backup is made first. Go ahead?",
        ).format(
            days=preview.days,
            cutoff=f"{preview.cutoff:%Y-%m-%d}",
            tests=preview.test_records,
            rejected=preview.rejected_rows,
            exits=preview.exit_requests,
            services=preview.service_records,
            audit=preview.audit_entries,
            handover=preview.handover_items,
        )
        if not messages.confirm(
            self,
            title,
            question,
            yes=QCoreApplication.translate("SettingsPage", "Back up and purge"),
            no=QCoreApplication.translate("SettingsPage", "Cancel"),
            default_yes=False,
        ):
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = retention.purge(self.context.actor, self.context.db_path, today)
        except (PermissionDenied, OSError, sqlite3.Error) as exc:
            QGuiApplication.restoreOverrideCursor()
            messages.warn(
                self,
                title,
                QCoreApplication.translate("SettingsPage", "Nothing was purged: {error}").format(
                    error=exc
                ),
            )
            return False
        QGuiApplication.restoreOverrideCursor()
        self._refresh_backups()
        messages.inform(
            self,
            title,
            QCoreApplication.translate(
                "SettingsPage", "Purged. The backup made first is {path}."
            ).format(path=result.backup),
        )
        return True

    def _theme_chosen(self) -> None:
        name = self.theme_combo.currentData()
        self.context.ui.set(U.THEME, name)
        self.theme_changed.emit(name)

    def _language_chosen(self) -> None:
        language = self.language_combo.currentData()
        self.context.ui.set(U.LANGUAGE, language)
        self.language_changed.emit(language)
