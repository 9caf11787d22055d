"""One logging set-up for the program: a rotating file in the data folder, Qt's messages in it."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("office_app")
qt_log = logging.getLogger("office_app.qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}

_log_file: Path | None = None


def qt_message_handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    where = f" ({context.file}:{context.line})" if context.file else ""
    qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s%s", message, where)


def setup_logging(directory: Path, *, level: int = logging.INFO, route_qt: bool = True) -> Path:
    """Log to ``directory/office-app.log`` (1 MB × 5 files) and route Qt's messages there."""
    global _log_file
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "office-app.log"
    root = logging.getLogger("office_app")
    if _log_file != path:
        for handler in list(root.handlers):
            if isinstance(handler, logging.handlers.RotatingFileHandler):
                root.removeHandler(handler)
                handler.close()
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        _log_file = path
    root.setLevel(level)
    if route_qt:
        qInstallMessageHandler(qt_message_handler)
    return path


def log_file() -> Path | None:
    return _log_file
