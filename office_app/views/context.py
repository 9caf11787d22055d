"""What every page needs to know: who acts, the database file and the user's preferences."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from office_app.services.admin.actor import Actor

from .ui_settings import UiSettings


@dataclass
class AppContext:
    actor: Actor
    db_path: Path
    ui: UiSettings
