"""When the database is damaged: offer the newest good backup (issue 9, point 2)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from office_app.services.admin import backup
from office_app.services.admin.actor import Actor

from .dialogs import messages

log = logging.getLogger(__name__)


def offer_newest_backup(
    parent: QWidget | None,
    db_path: Path,
    actor: Actor,
    problems: list[str],
    *,
    then_close: bool = False,
) -> bool | None:
    """Offer to replace the damaged database with the newest good backup.

    None when there is no good backup; False when the user declines or the restore fails;
    True when the backup is now the open database (the damaged file is kept beside it).
    """
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        good = backup.newest_good_backup(db_path)
    finally:
        QGuiApplication.restoreOverrideCursor()
    if good is None:
        return None
    title = QCoreApplication.translate("Recovery", "The database is damaged")
    taken = good.path.stat().st_mtime
    when = dt.datetime.fromtimestamp(taken).strftime("%Y-%m-%d %H:%M")
    text = QCoreApplication.translate(
        "Recovery",
        "The database check found problems:\n{problems}\n\nThe newest good backup is {file} "
        "(made {when}). Restore it now? The damaged file is kept beside the database; what was "
        "entered after the backup is not in it.",
    ).format(problems="\n".join(problems[:5]), file=good.path, when=when)
    if not messages.confirm(
        parent,
        title,
        text,
        yes=QCoreApplication.translate("Recovery", "Restore the backup"),
        no=QCoreApplication.translate("Recovery", "Not now"),
    ):
        return False
    try:
        result = backup.restore_backup(actor, db_path, good.path, recovery=True)
    except Exception as exc:
        log.exception("recovery from %s failed", good.path)
        messages.warn(
            parent,
            title,
            QCoreApplication.translate(
                "Recovery", "The backup could not be restored: {error}"
            ).format(error=exc),
        )
        return False
    log.warning(
        "restored %s after a failed check; damaged file kept as %s", good.path, result.replaced_copy
    )
    done = QCoreApplication.translate(
        "Recovery", "The backup {file} is now the database. The damaged file was kept as {kept}."
    ).format(file=good.path, kept=result.replaced_copy or "-")
    if then_close:
        done += "\n\n" + QCoreApplication.translate(
            "Recovery", "The program closes now; start it again and log in."
        )
    messages.inform(parent, QCoreApplication.translate("Recovery", "Backup restored"), done)
    return True
