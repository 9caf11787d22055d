"""Automatic backups while the program runs: daily (checked every half hour) and on exit.

The folder, the number kept and whether each kind runs are the community's backup settings
(services.admin.backup). The status bar shows when the newest backup was made.

The daily backup runs in a thread of its own, started once the window is on screen: on a
large file the copy takes seconds, and the window answers meanwhile (its progress is in the
status bar). The backup on exit runs when the window is already closing, and waits for a
daily one still running first.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow

from office_app.services.admin import backup
from office_app.services.admin.actor import Actor
from office_app.services.admin.database import close_thread_connection

from .threads import to_gui

log = logging.getLogger(__name__)

CHECK_INTERVAL_MS = 30 * 60 * 1000


class AutoBackup(QObject):
    def __init__(self, window: QMainWindow, actor: Actor, db_path: Path) -> None:
        super().__init__(window)
        self.window = window
        self.actor = actor
        self.db_path = Path(db_path) if isinstance(db_path, Path | str) else db_path  # or a server
        self.label = QLabel(window)
        self.label.setObjectName("lastBackupLabel")
        window.statusBar().addPermanentWidget(self.label)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.run_if_due)
        self.worker: threading.Thread | None = None
        self.update_label()

    def start(self) -> None:
        """Keep checking every half hour; the first check comes once the event loop runs,
        that is once the window is shown, and backs up in the background if a day has
        passed since the newest backup."""
        self.timer.start()
        QTimer.singleShot(0, self.run_if_due)

    @property
    def busy(self) -> bool:
        return self.worker is not None and self.worker.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for a backup running in the background; False if it is still running."""
        worker = self.worker
        if worker is not None:
            worker.join(timeout)
        return not self.busy

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

    def _failed(self, reason: str, error: str) -> None:
        log.error("automatic backup (%s) failed: %s", reason, error)
        self.window.statusBar().showMessage(
            QCoreApplication.translate("AutoBackup", "Automatic backup failed: {error}").format(
                error=error
            ),
            15000,
        )

    def _run(self, reason: str) -> Path | None:
        """Back up now, on this thread (the backup on exit)."""
        try:
            path = backup.backup_database(self.actor, self.db_path, reason=reason, automatic=True)
        except Exception as exc:  # a folder on a USB stick that is not plugged in
            self._failed(reason, str(exc))
            return None
        log.info("automatic backup (%s): %s", reason, path)
        self.update_label()
        return path

    def run_if_due(self) -> bool:
        """Start the daily backup in the background if one is due; whether it started."""
        if self.busy:
            return False
        try:
            due = backup.backup_due()
        except Exception as exc:  # the database was closed or replaced meanwhile
            log.warning("could not tell whether a backup is due: %s", exc)
            return False
        if not due:
            return False
        self.label.setText(QCoreApplication.translate("AutoBackup", "Backing up…"))
        # The thread reaches this object only through to_gui: its answers are dropped, not
        # crashed on, when the window (and this object) is deleted while the copy runs.
        self.worker = threading.Thread(
            target=_work,
            args=(
                self.actor,
                self.db_path,
                "每日",
                to_gui(self._show_progress),
                to_gui(self._done),
            ),
            name="automatic-backup",
            daemon=True,
        )
        self.worker.start()
        return True

    def _show_progress(self, done: int, total: int) -> None:
        if total and self.busy:
            self.label.setText(
                QCoreApplication.translate("AutoBackup", "Backing up… {percent}%").format(
                    percent=100 * done // total
                )
            )

    def _done(self, path: object, error: str) -> None:
        if path is None:
            self._failed("每日", error)
            self.update_label()
            return
        log.info("automatic backup (每日): %s", path)
        self.update_label()

    def on_exit(self) -> Path | None:
        """The backup made when the program closes, if the settings ask for it."""
        self.timer.stop()
        self.wait()
        try:
            wanted = backup.load_settings().on_exit
        except Exception:
            return None
        return self._run("退出时") if wanted else None


def _work(
    actor: Actor,
    db_path: object,
    reason: str,
    progress: Callable[[int, int], None],
    done: Callable[[object, str], None],
) -> None:
    """The backup's thread: it has its own connection to the database, closed after; it
    always reports (``done``: the file or None, and the error)."""
    path: Path | None = None
    error = ""
    try:
        path = backup.backup_database(
            actor,
            db_path,  # type: ignore[arg-type]
            reason=reason,
            automatic=True,
            progress=progress,
        )
    except Exception as exc:  # a folder on a USB stick that is not plugged in
        error = str(exc) or type(exc).__name__
    finally:
        try:
            close_thread_connection()  # this thread's connection only
        except Exception:
            log.exception("closing the backup thread's connection")
        done(path, error)
