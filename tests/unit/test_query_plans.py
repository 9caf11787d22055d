"""The handover's, the daily report's and the overview's queries read a range of the test
records through an index, never all of them, whether or not the file has statistics
(ANALYZE) — plans must not depend on luck."""

from __future__ import annotations

import datetime as dt
import logging
import random
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from office_app.models import Building, db
from office_app.models.database import close_database, open_database
from office_app.services.admin.actor import SYSTEM
from office_app.services.demo import build_demo
from office_app.services.reporting import daily_report, handover, overview

from ..conftest import DEMO_TODAY

DAY = DEMO_TODAY - dt.timedelta(days=1)
EXTRA_RECORDS = 60_000


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo community plus 60,000 older test records spread over its buildings."""
    path = tmp_path_factory.mktemp("plans") / "big.db"
    open_database(path)
    build_demo(SYSTEM, seed=1, today=DEMO_TODAY)
    buildings = [b.id for b in Building.select(Building.id)]
    rng = random.Random(2)
    start = dt.datetime(2022, 8, 1, 7)
    rows = [
        (
            f"居民{n}",
            f"D{n:017d}",
            (start + dt.timedelta(seconds=n * 97)).isoformat(" "),
            f"B{n:011d}",
            rng.choice(["阴性", "阴性", "阴性", "混管阳性", "阳性"]),
            rng.choice(buildings),
            (start + dt.timedelta(seconds=n * 97 + 3600)).isoformat(" "),
        )
        for n in range(EXTRA_RECORDS)
    ]
    with db.atomic():
        db.connection().executemany(
            "INSERT INTO test_record (name, doc_type, doc_no, phone, category, sample_time,"
            " site, collector, tube_code, pool_size, lab, result, report_time, address,"
            " compound_name, building_name, unit, room, building_id, created_at)"
            " VALUES (?, '居民身份证', ?, '', '', ?, '', '', ?, 10, '', ?, NULL, '', '', '',"
            " '', '', ?, ?)",
            rows,
        )
    close_database()
    # No statistics: as a file is before the program has analysed it.
    with sqlite3.connect(path) as raw:
        raw.execute("DROP TABLE IF EXISTS sqlite_stat1")
    raw.close()
    return path


class _Queries(logging.Handler):
    """Every SQL statement peewee runs, with its parameters."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seen: list[tuple[str, tuple[object, ...]]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.msg, tuple) and len(record.msg) == 2:
            sql, params = record.msg
            self.seen.append((str(sql), tuple(params or ())))


@pytest.fixture
def queries() -> Iterator[_Queries]:
    handler = _Queries()
    logger = logging.getLogger("peewee")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def _full_scans(path: Path, seen: list[tuple[str, tuple[object, ...]]]) -> list[str]:
    """The statements whose plan reads every test record (a SCAN, of the table or of a
    whole index), with the plan."""
    found = []
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        for sql, params in seen:
            if not sql.lstrip().upper().startswith("SELECT") or "test_record" not in sql:
                continue
            # peewee names the table by an alias (``"test_record" AS "t1"``); plans use it.
            names = {"test_record", *re.findall(r'"test_record" AS "(\w+)"', sql)}
            plan = connection.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
            details = [str(row[-1]) for row in plan]
            # A SCAN reads every record, through an index or not; a SEARCH reads a range.
            scanned = {m.group(1) for d in details if (m := re.match(r"SCAN (\w+)", d))}
            if scanned & names:
                found.append(sql + "\n  " + "\n  ".join(details))
    finally:
        connection.close()
    return found


def _run_reports() -> None:
    handover.gather(DAY, "白班")
    handover.gather(DAY, "夜班")
    daily_report.daily_figures(DAY)
    overview.gather(dt.datetime.combine(DAY, dt.time(15)))


@pytest.mark.parametrize("statistics", [False, True], ids=["no statistics", "analyzed"])
def test_reports_read_test_records_through_an_index(
    big: Path, tmp_path: Path, queries: _Queries, statistics: bool
) -> None:
    path = tmp_path / "big.db"
    path.write_bytes(big.read_bytes())
    open_database(path, create=False)
    try:
        if statistics:
            db.execute_sql("ANALYZE")
        assert ("sqlite_stat1" in db.get_tables()) == statistics
        queries.seen.clear()
        _run_reports()
        # Planned while the file is as it was (closing it makes statistics).
        scans = _full_scans(path, queries.seen)
    finally:
        close_database()
    assert queries.seen, "the reports ran no query"
    assert scans == [], "\n\n".join(scans)


def test_closing_the_database_leaves_statistics_for_the_planner(big: Path, tmp_path: Path) -> None:
    """The file had none; after a session that asked the reports, SQLite's planner finds
    statistics for test_record (PRAGMA optimize at close)."""
    path = tmp_path / "big.db"
    path.write_bytes(big.read_bytes())
    with sqlite3.connect(path) as raw:
        assert "sqlite_stat1" not in {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
    raw.close()
    open_database(path, create=False)
    _run_reports()
    close_database()
    with sqlite3.connect(path) as raw:
        tables = {r[0] for r in raw.execute("SELECT tbl FROM sqlite_stat1")}
    raw.close()
    assert "test_record" in tables
