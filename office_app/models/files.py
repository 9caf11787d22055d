"""Copying a database file consistently, even while it is open and being written."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path


def copy_database(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` through SQLite's online backup API.

    The copy is written under a temporary name and renamed when complete, so ``target``
    never exists half-written.
    """
    partial = target.with_name(target.name + ".partial")
    try:
        src = sqlite3.connect(str(source))
        try:
            dest = sqlite3.connect(str(partial))
            try:
                src.backup(dest)
            finally:
                dest.close()
        finally:
            src.close()
        partial.replace(target)
    except BaseException:
        # A stick pulled out half-way: leave no half copy behind (if the folder is still there).
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
    return target
