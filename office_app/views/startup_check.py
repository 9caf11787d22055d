"""The start-up integrity check (PRAGMA quick_check), run off the GUI thread.

On a large file quick_check takes a while; the window is usable meanwhile, and a problem
is reported as soon as it is found.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from office_app.services.admin.database import quick_check

from .threads import to_gui

log = logging.getLogger(__name__)

__all__ = ["StartupCheck", "quick_check"]


class StartupCheck(QObject):
    finished = Signal(list)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        # The answer reaches this object on the GUI thread, or nobody if the window (and
        # this object with it) was closed while the check ran.
        report = to_gui(self._report)
        self.thread = threading.Thread(
            target=_run, args=(self.path, report), name="quick-check", daemon=True
        )
        self.thread.start()

    def _report(self, problems: list[str]) -> None:  # on the GUI thread
        self.finished.emit(problems)


def _run(path: Path, report: Callable[[list[str]], None]) -> None:
    """The check's thread: it touches no Qt object, only ``report``."""
    problems = quick_check(path)
    if problems:
        log.error("quick_check of %s: %s", path, problems[:10])
    else:
        log.info("quick_check of %s: ok", path)
    report(problems)
