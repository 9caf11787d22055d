"""Automatic backups while the program runs: daily (checked every half hour) and on exit.

The folder, the number kept and whether each kind runs are the community's backup settings
(services.backup). The status bar shows when the newest backup was made.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow

from office_app.services import backup
from office_app.services.actor import Actor

log = logging.getLogger(__name__)

CHECK_INTERVAL_MS = 30 * 60 * 1000


class AutoBackup(QObject):
    def __init__(self, window: QMainWindow, actor: Actor, db_path: Path) -> None:
        super().__init__(window)
        self.window = window
        self.actor = actor
        self.db_path = Path(db_path)
        self.label = QLabel(window)
        self.label.setObjectName("lastBackupLabel")
        window.statusBar().addPermanentWidget(self.label)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.run_if_due)
        self.update_label()

    def start(self) -> None:
        """Back up now if the newest backup is a day old, then keep checking."""
        self.run_if_due()
        self.timer.start()

    def update_label(self) -> None:
        try:
            last = backup.last_backup_at()
        except Exception:  # the database may have been closed or replaced
            return
        text = (
            f"{last:%Y-%m-%d %H:%M}" if last else QCoreApplication.translate("AutoBackup", "none")
        )
        self.label.setText(
            QCoreApplication.translate("AutoBackup", "Last backup: {when}").format(when=text)
        )

    def _run(self, reason: str) -> Path | None:
        try:
            path = backup.backup_database(self.actor, self.db_path, reason=reason, automatic=True)
        except Exception as exc:  # a folder on a USB stick that is not plugged in
            log.error("automatic backup (%s) failed: %s", reason, exc)
            self.window.statusBar().showMessage(
                QCoreApplication.translate("AutoBackup", "Automatic backup failed: {error}").format(
                    error=exc
                ),
                15000,
            )
            return None
        log.info("automatic backup (%s): %s", reason, path)
        self.update_label()
        return path

    def run_if_due(self) -> Path | None:
        if backup.backup_due():
            return self._run("每日")
        return None

    def on_exit(self) -> Path | None:
        """The backup made when the program closes, if the settings ask for it."""
        self.timer.stop()
        try:
            wanted = backup.load_settings().on_exit
        except Exception:
            return None
        return self._run("退出时") if wanted else None
