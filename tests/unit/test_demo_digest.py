"""The demo community, row for row: a digest of every table after ``build_demo``.

The digests below were taken from the demo as it was before it was split into modules by area
(issue 18, point 3); the split keeps every person and event of the seed, so the database it
builds must stay the same, byte for byte, for every seed.

A digest covers every row of a table, ordered by its primary key. Left out, because they hold
the real wall-clock time of the build and nothing else (the test checks that they do):
``audit_entry.at`` (the audit entry of the build) and ``schema_version.applied_at`` (written
when the database is created). The operators' password hashes carry a random salt: in their
place the digest takes whether the hash verifies the demo password. SQLite's own tables
(``sqlite_stat1``, the query planner's statistics) are not the demo's data, nor is
``schema_version`` (the program's schema, which the test checks is the current one: a new
schema version changes no row of the demo).

When the demo's content is changed on purpose, or a table gains a column, print the new digests
with ``.venv/bin/python -m tests.unit.test_demo_digest`` and paste them here. (Taken again after
schema version 3 gave compound, building, resident and volunteer ``changed_by`` and
``changed_at``: with those two columns left out, the split demo gave the digests taken before.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import sys
from pathlib import Path

import pytest

from office_app.models.database import close_database, open_database
from office_app.models.migrations import SCHEMA_VERSION
from office_app.services.admin.actor import SYSTEM
from office_app.services.admin.auth import verify_password
from office_app.services.demo import build_demo

TODAY = dt.date(2022, 11, 23)
SEEDS = (1, 2, 3)
DEMO_PASSWORD = "demo"

# table: the columns that hold the real time of the build
WALL_CLOCK = {"audit_entry": ("at",), "schema_version": ("applied_at",)}
# tables that are the program's, not the demo's
NOT_DEMO = frozenset({"schema_version"})

# seed: {table: the first 16 hex digits of the sha256 of its rows}; every other table is empty
DIGESTS: dict[int, dict[str, str]] = {
    1: {
        "audit_entry": "4ac77d26966503ee",
        "building": "90168ddca33d6969",
        "compound": "c23c5f37d3a01bba",
        "distribution": "fc8c9661ae56ddd5",
        "distribution_round": "eae51838da2e1031",
        "exit_request": "9622724f3d24302c",
        "gate": "e60a556b5e169b6d",
        "household": "66d289c01c9f590d",
        "import_run": "152bd9b0590ca2fe",
        "ledger_entry": "1b7305de84cb13a6",
        "operator": "4c9c744515a5c567",
        "organisation": "62e62ddb54896135",
        "post": "4d4c10ea1d18a73e",
        "rejected_row": "6670d8364bf7dff5",
        "resident": "f373af7c31d2e495",
        "resident_group": "28d9ab87f248fedc",
        "risk_change": "9e0128f6c08748c4",
        "risk_proposal": "53d489bc1d4989b2",
        "service_record": "6af12ad4431ee865",
        "setting": "0e4c31c9fc5a68c4",
        "shift": "db9d50ea6fe89374",
        "shift_assignment": "e4cdd14e300025a1",
        "supply_batch": "6bbb940be97b289a",
        "supply_item": "b79658fc7b68801f",
        "test_record": "1092a3309bf3dfbf",
        "volunteer": "e62761fd075bec5c",
        "volunteer_skill": "ad4c2c6fa4ddd1cc",
        "volunteer_status_change": "2d126ef26fac52db",
    },
    2: {
        "audit_entry": "f5e18d336e7d92ae",
        "building": "b4529c9d6cf6843a",
        "compound": "c23c5f37d3a01bba",
        "distribution": "756da63a838f7d4a",
        "distribution_round": "eae51838da2e1031",
        "exit_request": "695a1331b34a960e",
        "gate": "e60a556b5e169b6d",
        "household": "4844718dfbf2ea76",
        "import_run": "01ff8cab77027e38",
        "ledger_entry": "3db67e5807d14486",
        "operator": "4c9c744515a5c567",
        "organisation": "62e62ddb54896135",
        "post": "4d4c10ea1d18a73e",
        "rejected_row": "7ea9d8cd27ad0ebb",
        "resident": "4bfdfc26eb317d59",
        "resident_group": "caea30034e434db8",
        "risk_change": "7ffd0c5bc5ba0bac",
        "risk_proposal": "53d489bc1d4989b2",
        "service_record": "d930c97e8ea2de3b",
        "setting": "0e4c31c9fc5a68c4",
        "shift": "7937744127476f59",
        "shift_assignment": "aa7c74e5374bb636",
        "supply_batch": "6bbb940be97b289a",
        "supply_item": "b79658fc7b68801f",
        "test_record": "9efdbe7e382329c5",
        "volunteer": "98d287ae886ef756",
        "volunteer_skill": "e17b650c2e348849",
        "volunteer_status_change": "2d126ef26fac52db",
    },
    3: {
        "audit_entry": "ea6307a3478ef262",
        "building": "f57442d741a60809",
        "compound": "c23c5f37d3a01bba",
        "distribution": "17a6f92da4b15e46",
        "distribution_round": "eae51838da2e1031",
        "exit_request": "5e1e4da5826ff9e8",
        "gate": "e60a556b5e169b6d",
        "household": "95040a999675ea45",
        "import_run": "5ff8dede68bb48b2",
        "ledger_entry": "bebf5c5d19e1cd4f",
        "operator": "4c9c744515a5c567",
        "organisation": "62e62ddb54896135",
        "post": "4d4c10ea1d18a73e",
        "rejected_row": "6bd58866ae68ea11",
        "resident": "2c2948f9a19788ad",
        "resident_group": "a23cfaeb73100f1e",
        "risk_change": "3ca7ca0fa61f3856",
        "risk_proposal": "53d489bc1d4989b2",
        "service_record": "e5d2179c7c2f8299",
        "setting": "0e4c31c9fc5a68c4",
        "shift": "730af42d218c4d3c",
        "shift_assignment": "0453a3d5a5d3cfda",
        "supply_batch": "6bbb940be97b289a",
        "supply_item": "b79658fc7b68801f",
        "test_record": "87016f7ced309c75",
        "volunteer": "5e602c0fd3a84834",
        "volunteer_skill": "d293d1608ed50616",
        "volunteer_status_change": "2d126ef26fac52db",
    },
}


def _primary_key(connection: sqlite3.Connection, table: str) -> list[str]:
    info = connection.execute(f'PRAGMA table_info("{table}")').fetchall()
    keys = sorted((row[5], row[1]) for row in info if row[5] > 0)
    return [name for _, name in keys] or ["rowid"]


def table_digests(path: Path) -> dict[str, str]:
    """Every table's rows (by primary key), as a digest per table; empty tables left out."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " ORDER BY name"
            )
            if row[0] not in NOT_DEMO
        ]
        digests = {}
        for table in tables:
            if connection.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone() is None:
                continue
            info = connection.execute(f'PRAGMA table_info("{table}")').fetchall()
            columns = [row[1] for row in info if row[1] not in WALL_CLOCK.get(table, ())]
            order = ", ".join(f'"{name}"' for name in _primary_key(connection, table))
            listed = ", ".join(f'"{name}"' for name in columns)
            cursor = connection.execute(f'SELECT {listed} FROM "{table}" ORDER BY {order}')
            digest = hashlib.sha256()
            for row in cursor:
                values = dict(zip(columns, row, strict=True))
                if table == "operator":
                    values["password_hash"] = verify_password(
                        DEMO_PASSWORD, values["password_hash"]
                    )
                digest.update(repr(tuple(values.items())).encode())
                digest.update(b"\n")
            digests[table] = digest.hexdigest()[:16]
        return digests
    finally:
        connection.close()


def wall_clock_values(path: Path) -> list[dt.datetime]:
    """The values of the columns left out of the digests."""
    connection = sqlite3.connect(path)
    try:
        values = []
        for table, columns in WALL_CLOCK.items():
            for column in columns:
                for (value,) in connection.execute(f'SELECT "{column}" FROM "{table}"'):
                    values.append(dt.datetime.fromisoformat(value))
        return values
    finally:
        connection.close()


def build(path: Path, seed: int) -> None:
    open_database(path)
    try:
        build_demo(SYSTEM, seed=seed, today=TODAY)
    finally:
        close_database()


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_the_demo_is_the_same_row_for_row(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "demo.db"
    started = dt.datetime.now().replace(microsecond=0)
    build(path, seed)
    finished = dt.datetime.now()
    # The columns left out hold the real time of the build, nothing the demo chose.
    moments = wall_clock_values(path)
    assert moments and all(started <= moment <= finished for moment in moments)
    with sqlite3.connect(path) as connection:
        (version,) = connection.execute("SELECT MAX(version) FROM schema_version").fetchone()
    connection.close()
    assert version == SCHEMA_VERSION
    digests = table_digests(path)
    changed = sorted(
        table for table, digest in digests.items() if DIGESTS[seed].get(table) != digest
    )
    emptied = sorted(set(DIGESTS[seed]) - set(digests))
    assert not changed and not emptied, (
        f"tables that differ: {changed}, now empty: {emptied} (a column added to a table changes"
        " its digest too: see the module's docstring)"
    )


def main(directory: Path) -> None:
    """Print the digests of the current demo, to be pasted above as ``DIGESTS``."""
    print("DIGESTS: dict[int, dict[str, str]] = {")
    for seed in SEEDS:
        path = directory / f"demo-{seed}.db"
        build(path, seed)
        print(f"    {seed}: {{")
        for table, digest in table_digests(path).items():
            print(f'        "{table}": "{digest}",')
        print("    },")
    print("}")


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        main(Path(directory))
    sys.exit(0)
