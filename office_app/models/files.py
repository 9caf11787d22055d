"""Copying a database file consistently, even while it is open and being written."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

# Pages copied per step when someone follows the progress (4 MB with 4 KB pages).
PAGES_PER_STEP = 1024


def copy_database(
    source: Path, target: Path, *, progress: Callable[[int, int], None] | None = None
) -> Path:
    """Copy ``source`` to ``target`` through SQLite's online backup API.

    The copy is written under a temporary name and renamed when complete, so ``target``
    never exists half-written. ``progress(done, total)`` (in pages) is called after each
    step when given.
    """
    partial = target.with_name(target.name + ".partial")
    try:
        src = sqlite3.connect(str(source))
        try:
            dest = sqlite3.connect(str(partial))
            try:
                if progress is None:
                    src.backup(dest)
                else:
                    src.backup(
                        dest,
                        pages=PAGES_PER_STEP,
                        progress=lambda _status, left, total: progress(total - left, total),
                    )
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
