"""Crash safety (issue 9, point 2): a large import killed at random moments is all or nothing.

``office-app import buildings`` runs in a child process on a copy of a database that already
holds data, and is killed with SIGKILL at a random moment, 20 times. After each kill the file
must pass SQLite's integrity check and hold either nothing of the import (no building, no
import run, no audit entry) or all of it. Marked slow; CI runs it all the same (scripts/test.sh
runs every test).
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from office_app.models import Compound, db
from office_app.models.database import close_database, open_database

ROWS = 20_000
KILLS = 20


def _write_big_file(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["小区名称", "楼栋", "单元数", "户数"])
        for n in range(ROWS):
            writer.writerow([f"崩溃测试小区{n // 100:03d}", f"{n % 100 + 1}栋", 2, 36])


def _import(db_path: Path, file: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "office_app.cli",
            "--db",
            str(db_path),
            "import",
            "buildings",
            str(file),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def _state(db_path: Path) -> tuple[str, int, int, int]:
    """(integrity, buildings, import runs, import audit entries) as a fresh start sees them."""
    with sqlite3.connect(db_path) as raw:  # read-write: a hot journal is rolled back first
        integrity = raw.execute("PRAGMA integrity_check").fetchone()[0]
        buildings = raw.execute("SELECT COUNT(*) FROM building").fetchone()[0]
        runs = raw.execute("SELECT COUNT(*) FROM import_run").fetchone()[0]
        audited = raw.execute(
            "SELECT COUNT(*) FROM audit_entry WHERE action = 'import.buildings'"
        ).fetchone()[0]
    return integrity, buildings, runs, audited


def test_an_error_half_way_through_an_import_writes_nothing(
    fresh_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from office_app.models import AuditEntry, Building, ImportRun
    from office_app.services.admin.actor import SYSTEM
    from office_app.services.imports import buildings as buildings_import

    small = tmp_path / "small.csv"
    small.write_text(
        "小区,楼栋\n" + "".join(f"瑞景苑,{n}栋\n" for n in range(1, 101)), encoding="utf-8"
    )
    real = buildings_import.BuildingsImporter.handle
    calls = 0

    def failing(self, row):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 60:
            raise OSError("disk I/O error")
        return real(self, row)

    monkeypatch.setattr(buildings_import.BuildingsImporter, "handle", failing)
    with pytest.raises(OSError):
        buildings_import.import_buildings(SYSTEM, small)
    assert calls == 60
    assert Building.select().count() == 0 and Compound.select().count() == 0
    assert ImportRun.select().count() == 0 and AuditEntry.select().count() == 0


@pytest.mark.slow
def test_a_killed_import_leaves_all_or_nothing(tmp_path: Path) -> None:
    base = tmp_path / "base.db"
    open_database(base)
    with db.atomic():
        Compound.create(name="原有小区")
    close_database()
    big = tmp_path / "big.csv"
    _write_big_file(big)

    # One full run tells how long an import takes here.
    full = tmp_path / "full.db"
    shutil.copy2(base, full)
    started = time.monotonic()
    assert _import(full, big).wait(timeout=300) == 0
    duration = time.monotonic() - started
    assert _state(full) == ("ok", ROWS, 1, 1)

    rng = random.Random(9)
    killed = 0
    for attempt in range(KILLS):
        target = tmp_path / f"kill-{attempt}.db"
        shutil.copy2(base, target)
        process = _import(target, big)
        # Mostly while rows are written (after start-up and reading), now and then after.
        time.sleep(rng.uniform(0.3, 1.05) * duration)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait(timeout=60)
        integrity, buildings, runs, audited = _state(target)
        assert integrity == "ok", f"attempt {attempt}: {integrity}"
        assert (buildings, runs, audited) in ((0, 0, 0), (ROWS, 1, 1)), (
            f"attempt {attempt}: {buildings} buildings, {runs} runs, {audited} audit entries"
        )
        with sqlite3.connect(target) as raw:
            assert raw.execute("SELECT name FROM compound WHERE id = 1").fetchone() == ("原有小区",)
        target.unlink()
    assert killed >= KILLS // 2, f"only {killed} of {KILLS} runs were killed before they finished"
