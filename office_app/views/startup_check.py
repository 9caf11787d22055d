"""The start-up integrity check (PRAGMA quick_check), run off the GUI thread.

On a large file quick_check takes a while; the window is usable meanwhile, and a problem
is reported as soon as it is found.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from office_app.services.admin.database import quick_check

log = logging.getLogger(__name__)

__all__ = ["StartupCheck", "quick_check"]


class StartupCheck(QObject):
    finished = Signal(list)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="quick-check", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        problems = quick_check(self.path)
        if problems:
            log.error("quick_check of %s: %s", self.path, problems[:10])
        else:
            log.info("quick_check of %s: ok", self.path)
        self.finished.emit(problems)
