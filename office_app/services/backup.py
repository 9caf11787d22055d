"""Online backups through SQLite's backup API, rotated."""

from __future__ import annotations

from pathlib import Path

from office_app.models import db, now
from office_app.models.files import copy_database

from . import audit
from .actor import Actor

KEEP = 30


def backup_database(
    actor: Actor, db_path: Path, to_dir: Path | None = None, *, keep: int = KEEP
) -> Path:
    """Copy the open database to ``to_dir`` (default: ``backups`` beside it) while it is in use.

    A backup folder never holds a half-written file. The oldest backups beyond ``keep`` are
    deleted.
    """
    folder = to_dir or db_path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{db_path.stem}-{stamp}.db"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{db_path.stem}-{stamp}-{counter}.db"
    copy_database(db_path, target)
    with db.atomic():
        audit.record(actor, "backup", summary=str(target))
    backups = sorted(folder.glob(f"{db_path.stem}-*.db"), key=lambda p: p.stat().st_mtime)
    for old in backups[: max(len(backups) - keep, 0)]:
        old.unlink()
    return target
