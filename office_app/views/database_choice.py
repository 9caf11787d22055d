"""Which database the GUI starts on: the choice made at the first start or in 设置.

The choice is one per-user QSettings entry, ``database/target``: a file path, or the office
server's URL ``postgresql://user@host:port/dbname`` without password (the password is in the
operating system's credential store: services.admin.connection). ``--db`` and the
environment variable ``OFFICE_APP_DB`` override it for that start
(services.admin.connection.resolve_target); without any of them, and with no database file
in the user's data folder yet, the first start asks (views/dialogs/connection_dialog.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..paths import DB_ENV, data_dir
from ..services.admin.connection import normalize_target, resolve_target
from .ui_settings import Option, UiSettings

TARGET = Option("database/target", "")


def stored_target(ui: UiSettings) -> str:
    """The database chosen in the GUI ("" when none was chosen)."""
    return TARGET.get(ui.qsettings).strip()


def remember_target(ui: UiSettings, target: str | Path) -> str:
    """Keep ``target`` as the database of the next starts (a URL without its password);
    returns what was kept."""
    kept = normalize_target(target)
    TARGET.set(ui.qsettings, kept)
    ui.qsettings.sync()
    return kept


def default_file() -> Path:
    return data_dir() / "office.db"


def start_target(ui: UiSettings, explicit: str | Path | None) -> tuple[str, str]:
    """The database this start uses and where that came from: ``--db``, ``OFFICE_APP_DB``,
    the stored choice, else the default file (services.admin.connection.resolve_target)."""
    return resolve_target(
        explicit, os.environ.get(DB_ENV), lambda: stored_target(ui), lambda: default_file()
    )


def needs_first_choice(ui: UiSettings, source: str, target: str) -> bool:
    """The first start: nothing chosen anywhere and no database file yet, so the user is
    asked between this PC's file and the office server."""
    return source == "default" and not Path(target).exists()
