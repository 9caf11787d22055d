"""One instance per database: a QLockFile beside it (``office.db.lock``).

A second start on the same file learns who holds it (computer, process, operator, since when;
the operator and time come from ``office.db.lock.json``, written after the log-in) and may open
the database read-only instead. A lock left by a program that crashed on this computer is
stale (its process is gone) and is taken over; a lock never goes stale by age alone, because
a shift may keep the program open for days.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile
from PySide6.QtWidgets import QWidget

from office_app.services.admin.actor import Actor
from office_app.services.clock import now

from .dialogs import messages

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Holder:
    host: str
    pid: int
    operator: str = ""
    since: str = ""

    def describe(self) -> str:
        who = self.operator or QCoreApplication.translate(
            "InstanceLock", "an operator not yet logged in"
        )
        text = QCoreApplication.translate(
            "InstanceLock", "{who} on computer {host} (process {pid})"
        ).format(who=who, host=self.host or "?", pid=self.pid)
        if self.since:
            text += QCoreApplication.translate("InstanceLock", ", since {since}").format(
                since=self.since
            )
        return text


class LockUnavailable(OSError):
    """The lock file beside the database cannot be made: the message says why."""


class InstanceLock:
    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.lock_path = self.db_path.with_name(self.db_path.name + ".lock")
        self.info_path = self.db_path.with_name(self.db_path.name + ".lock.json")
        try:
            self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LockUnavailable(
                QCoreApplication.translate(
                    "InstanceLock", "The folder {folder} cannot be created: {error}"
                ).format(folder=self.db_path.parent, error=exc.strerror or exc)
            ) from exc
        self.lock = QLockFile(str(self.lock_path))
        self.lock.setStaleLockTime(0)

    def acquire(self) -> bool:
        """True when this program now holds the database; False when another one does.

        :class:`LockUnavailable` when the lock file cannot be made at all (a folder without
        write permission, a read-only drive): that is not "another program has it open".
        """
        if self.lock.tryLock(0):
            self.info_path.unlink(missing_ok=True)
            return True
        if self.lock.error() == QLockFile.LockError.LockFailedError:
            return False
        raise LockUnavailable(
            QCoreApplication.translate(
                "InstanceLock",
                "The folder {folder} cannot be written (no permission, or a read-only drive), "
                "so the database {path} cannot be used there. Move the database to a folder "
                "you may write to, or ask for write permission.",
            ).format(folder=self.db_path.parent, path=self.db_path)
        )

    def holder(self) -> Holder | None:
        """Who holds the lock (when this program does not)."""
        info = self.lock.getLockInfo()
        if not isinstance(info, tuple) or len(info) < 2:
            return None
        pid, host = int(info[0]), str(info[1])
        operator = since = ""
        try:
            extra = json.loads(self.info_path.read_text(encoding="utf-8"))
            if int(extra.get("pid", -1)) == pid and extra.get("host") == host:
                operator = str(extra.get("operator", ""))
                since = str(extra.get("since", ""))
        except (OSError, ValueError):
            pass
        return Holder(host, pid, operator, since)

    def record_operator(self, actor: Actor) -> None:
        """Say who works on the database, for the message a second start shows."""
        payload = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "operator": f"{actor.display_name}（{actor.username}）",
            "since": now().strftime("%Y-%m-%d %H:%M"),
        }
        try:
            self.info_path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        except OSError as exc:
            log.warning("could not write %s: %s", self.info_path, exc)

    def release(self) -> None:
        if self.lock.isLocked():
            self.info_path.unlink(missing_ok=True)
            self.lock.unlock()


def ask_read_only(parent: QWidget | None, lock: InstanceLock) -> bool:
    """Tell who holds the database and offer to open it read-only; True to open read-only."""
    holder = lock.holder()
    who = (
        holder.describe()
        if holder
        else QCoreApplication.translate("InstanceLock", "another program")
    )
    return messages.confirm(
        parent,
        QCoreApplication.translate("InstanceLock", "The database is in use"),
        QCoreApplication.translate(
            "InstanceLock",
            "The database {path} is already open: {who}.\n\nOnly one program may change it at "
            "a time. Open it read-only (you can look, but not change anything)?",
        ).format(path=lock.db_path, who=who),
        yes=QCoreApplication.translate("InstanceLock", "Open read-only"),
        no=QCoreApplication.translate("InstanceLock", "Cancel"),
        default_yes=False,
    )
