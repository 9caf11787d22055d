"""The test-site import against its floor: ``office-app import tests`` vs csv + executemany.

    .venv/bin/python benchmarks/bench_tests_import.py [--rows 100000] [--runs 5] [--skip-big]
                                                      [--large benchmarks/out/large.db] [--parts]

Two cases, each on a fresh copy of its database per run (the originals are never written):

1. the demo community (17,725 earlier test records);
2. the subdistrict-sized database of make_large_db.py (3,030,667 earlier test records,
   1.6 GB; ``--large``), made beforehand: ``make_large_db.py benchmarks/out/large.db``.

For each, a file of ``--rows`` rows made by make_test_site_file.py from the database's own
residents (one outsider in twenty, one broken row in a thousand) is imported by the whole
``office-app --db COPY import tests FILE --json`` process (start-up, reading, every check,
dedupe, linking, the ImportRun, rejected rows and audit included). In the same run, the two
sides alternating (the order turns with each run), two floors read the same file with
``csv`` and write its cells with sqlite3 ``executemany`` in one transaction into the
``test_record`` table of another copy, each in a process of its own:

- the bare floor: the table WITHOUT any index (the copy's test_record indexes dropped
  beforehand), as issue 21 measured it (0.31 s on the demo);
- the indexed floor: the table with the program's indexes, as the schema has them.

Times are wall-clock times of whole processes, median of ``--runs`` (after one import not
timed; the children's bytecode is cached, as an installed program's is, and each copy is on
disk before its clock starts); CPU times, the load average and each process's peak memory
(max RSS) are printed too. ``PYTHONPATH=DIR`` measures the program in DIR instead of this
tree (e.g. ``git archive`` of an earlier commit, for the figures before a change).
``--parts``: only the Python side (reading; reading and checking) of the demo's file, in this
process, without a database: best CPU time of ``--runs``.
Goals (issue 21): the import ≤ 2× the bare floor on the demo, ≤ 2.5× on the large
database, memory bounded.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
# Appended, so that PYTHONPATH=<another copy of the program> measures that copy (the figures
# before a change); without it, the program of this tree.
sys.path.append(str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

FLOOR = r"""
import csv, sqlite3, sys
db, path = sys.argv[1], sys.argv[2]
con = sqlite3.connect(db, isolation_level=None)
sql = (
    "INSERT INTO test_record (import_run_id, name, doc_type, doc_no, phone, category, "
    "sample_time, site, tube_code, pool_size, lab, result, report_time, compound_name, "
    "building_name, unit, room, collector, address, created_at) "
    "VALUES (NULL,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'','','2022-11-23 00:00:00')"
)
with open(path, encoding="utf-8-sig", newline="") as f:
    reader = csv.reader(f)
    next(reader)
    con.execute("BEGIN")
    con.executemany(sql, (row[1:] for row in reader))
    con.execute("COMMIT")
con.close()
"""

# The command line must not pull in Qt widgets for an import.
NO_QT = r"""
import sys
from office_app.cli import main
import office_app.services.imports.tests, office_app.services.places.risk
qt = [m for m in sys.modules if m.startswith("PySide6")]
print(",".join(qt))
"""


# A small launcher times the child and reads its peak memory: forked from this (large)
# process, the child's max RSS would include pages of the parent it never uses.
LAUNCH = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
rss = usage.ru_maxrss / 1024
cpu = usage.ru_utime + usage.ru_stime
sys.stderr.write(proc.stdout.decode("utf-8", "replace"))
print(json.dumps({"seconds": seconds, "rss": rss, "cpu": cpu, "code": proc.returncode}))
"""


def child_env() -> dict[str, str]:
    """The children's environment: with their bytecode cached (under benchmarks/out/), as
    an installed program has it, even where PYTHONDONTWRITEBYTECODE is set; otherwise
    every import would compile the program's modules again (about 0.07 s here)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
    return env


def run(cmd: list[str]) -> tuple[float, float, float, str]:
    """(seconds, peak RSS in MB, CPU seconds, stdout) of one child process."""
    proc = subprocess.run(
        [sys.executable, "-c", LAUNCH, *cmd],
        capture_output=True,
        text=True,
        check=True,
        env=child_env(),
    )
    data = json.loads(proc.stdout)
    if data["code"] not in (0, 3):
        raise SystemExit(f"failed ({data['code']}): {' '.join(cmd)}")
    return data["seconds"], data["rss"], data["cpu"], proc.stderr


def fresh_copy(base: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base, target)
    # The copy's pages on disk before the clock starts: otherwise the kernel writes 1.6 GB
    # back while the side being timed waits for its own fsync.
    os.sync()


def office_app() -> list[str]:
    script = Path(sys.executable).with_name("office-app")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from office_app.cli import main; sys.exit(main())"]


def demo_db(path: Path) -> None:
    import datetime as dt

    from office_app.models.database import close_database, open_database
    from office_app.services.admin.actor import SYSTEM
    from office_app.services.demo import build_demo

    if path.exists():
        return
    open_database(path)
    build_demo(SYSTEM, seed=1, today=dt.date(2022, 11, 22))
    close_database()


def program_indexes() -> dict[str, str]:
    """test_record's indexes as the program makes them in a new file: name → CREATE INDEX."""
    import sqlite3
    import tempfile

    from office_app.models.database import close_database, open_database

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "schema.db"
        open_database(path)
        close_database()
        con = sqlite3.connect(path)
        try:
            found = con.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                " AND tbl_name = 'test_record' AND sql IS NOT NULL"
            ).fetchall()
        finally:
            con.close()
    return dict(found)


def schema_version(base: Path) -> int:
    import sqlite3

    con = sqlite3.connect(f"{base.as_uri()}?immutable=1", uri=True)
    try:
        return int(con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0)
    finally:
        con.close()


def migrated(target: Path) -> None:
    """``target`` brought to the program's schema version, as opening it would, without the
    backup beside it that opening makes."""
    from office_app.models import ALL_MODELS
    from office_app.models.database import make_database
    from office_app.models.migrations import migrate

    database = make_database(target)
    database.connect()
    try:
        migrate(database, ALL_MODELS, path=None)
    finally:
        database.close()


def aligned_copy(base: Path, target: Path) -> Path:
    """A copy of ``base`` at the program's schema version whose test_record has exactly the
    indexes the program makes (a database made before an index was added or dropped gets
    them as a new file would). ``base`` itself is never written; a copy is made only when its
    version or indexes differ.

    Without it, every timed import of an older database would first migrate it (and copy the
    whole file as the migration's backup: 12 MB on the demo, 1.7 GB on 3 million records),
    which the floors never do."""
    import sqlite3

    from office_app.models.migrations import SCHEMA_VERSION

    wanted = program_indexes()
    if set(indexes(base)) == set(wanted) and schema_version(base) == SCHEMA_VERSION:
        return base
    if not (
        target.exists()
        and target.stat().st_mtime >= base.stat().st_mtime
        and schema_version(target) == SCHEMA_VERSION
    ):
        print(f"copying {base.name} to {target.name} …", flush=True)
        fresh_copy(base, target)
        migrated(target)
    con = sqlite3.connect(target, isolation_level=None)
    have = set(indexes(target))
    for name in sorted(have - set(wanted)):
        con.execute(f'DROP INDEX "{name}"')
    for name in sorted(set(wanted) - have):
        print(f"  {target.name}: creating {name} …", flush=True)
        con.execute(wanted[name])
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return target


def bare_copy(base: Path, target: Path) -> None:
    """A copy of ``base`` whose test_record has no index at all (the bare floor's table)."""
    import sqlite3

    if target.exists() and target.stat().st_mtime >= base.stat().st_mtime:
        return
    fresh_copy(base, target)
    con = sqlite3.connect(target, isolation_level=None)
    names = [
        row[0]
        for row in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'test_record'"
            " AND sql IS NOT NULL"
        )
    ]
    for name in names:
        con.execute(f'DROP INDEX "{name}"')
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def indexes(base: Path) -> list[str]:
    import sqlite3

    con = sqlite3.connect(f"{base.as_uri()}?immutable=1", uri=True)
    try:
        return [
            row[0]
            for row in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'test_record'"
                " ORDER BY name"
            )
        ]
    finally:
        con.close()


SIDES = ("import", "floor", "bare")


def case(name: str, base: Path, rows: int, runs: int) -> dict[str, float]:
    from make_test_site_file import write_file

    data = OUT / f"tests-{base.stem.removesuffix('-current')}-{rows}.csv"
    if not data.exists():
        write_file(data, rows, db=base)
    work = OUT / "bench-tests-work.db"
    base = aligned_copy(base, OUT / f"{base.stem}-current.db")
    bare = OUT / f"{base.stem}-bare.db"
    bare_copy(base, bare)
    seconds: dict[str, list[float]] = {side: [] for side in SIDES}
    rss: dict[str, list[float]] = {side: [] for side in SIDES}
    cpu: dict[str, list[float]] = {side: [] for side in SIDES}
    loads: list[float] = []
    summary = ""
    # One import not timed: the bytecode cached, the file in the page cache for both sides.
    fresh_copy(base, work)
    run([*office_app(), "--db", str(work), "import", "tests", str(data), "--json"])
    for k in range(runs):
        order = SIDES[k % 3 :] + SIDES[: k % 3]
        for side in order:
            fresh_copy(bare if side == "bare" else base, work)
            loads.append(os.getloadavg()[0])
            if side == "import":
                cmd = [*office_app(), "--db", str(work), "import", "tests", str(data), "--json"]
            else:
                cmd = [sys.executable, "-c", FLOOR, str(work), str(data)]
            took, peak, used, out = run(cmd)
            seconds[side].append(took)
            rss[side].append(peak)
            cpu[side].append(used)
            if side == "import":
                summary = out.strip()[:160]
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    result = {side: statistics.median(seconds[side]) for side in SIDES}
    result.update({f"{side}_cpu": statistics.median(cpu[side]) for side in SIDES})
    result.update({f"{side}_rss": max(rss[side]) for side in SIDES})
    result["load"] = statistics.median(loads)
    print(f"\n## {name}: {rows:,} rows, median of {runs}")
    print(f"  {summary} …")
    print(f"  test_record indexes: {', '.join(indexes(base))}")
    labels = {
        "import": "office-app import tests ",
        "floor": "floor, program's indexes",
        "bare": "floor, bare table       ",
    }
    for side in SIDES:
        print(
            f"  {labels[side]}: {result[side]:.2f} s  ({rows / result[side]:,.0f} rows/s)"
            f"  CPU {result[side + '_cpu']:.2f} s  peak RSS {result[side + '_rss']:.0f} MB"
            f"  runs {' '.join(f'{t:.2f}' for t in seconds[side])}"
        )
    for side in ("bare", "floor"):
        print(
            f"  import / {labels[side].strip():24s}: {result['import'] / result[side]:.2f}x"
            f"  (CPU {result['import_cpu'] / result[side + '_cpu']:.2f}x)"
        )
    print(f"  load average (1 min)    : {result['load']:.1f} on {os.cpu_count()} cores")
    return result


def parts(data: Path, runs: int) -> None:
    """The Python side alone, in this process, no database: the reader (every row read and
    split) and the reader with the row checks (RowParser's fast path, the full checks for
    the rows it leaves). Best CPU time of ``runs``: steadier than the whole process's wall
    clock on a shared machine."""
    import datetime as dt
    import time

    from office_app.services.imports.reader import RowStream, read_rows
    from office_app.services.imports.tests import RowParser, auto_mapping

    moment = dt.datetime.now().replace(microsecond=0)

    def read(stream: RowStream) -> int:
        return sum(1 for _ in stream.rows())

    def check(stream: RowStream) -> int:
        parser = RowParser(auto_mapping(stream.header), moment=moment)
        fast, parse = parser.fast_path(), parser.parse
        kept = 0
        for raw in stream.rows():
            row = fast(raw.values)
            if row is None:
                row, _ = parse(raw.values)
            kept += row is not None
        return kept

    print(f"\n## the Python side alone ({data.name}, best CPU of {runs})")
    for label, work in (("reading", read), ("reading and checking", check)):
        best = float("inf")
        for _ in range(runs):
            start = time.process_time()
            read_rows(data, work)
            best = min(best, time.process_time() - start)
        print(f"  {label:22s}: {best:.3f} s")
    print(f"  load average (1 min)  : {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-big", action="store_true", help="only the demo community")
    parser.add_argument("--skip-demo", action="store_true", help="only the large database")
    parser.add_argument("--large", type=Path, default=OUT / "large.db")
    parser.add_argument(
        "--parts",
        action="store_true",
        help="only the reading and checking of the demo's file, in this process",
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.parts:
        data = OUT / f"tests-bench-demo-{args.rows}.csv"
        if not data.exists():
            from make_test_site_file import write_file

            demo = OUT / "bench-demo.db"
            demo_db(demo)
            write_file(data, args.rows, db=demo)
        parts(data, args.runs)
        return 0
    qt = subprocess.run(
        [sys.executable, "-c", NO_QT], capture_output=True, text=True, check=True
    ).stdout.strip()
    print(f"Qt modules imported by the command line's import: {qt or 'none'}")
    if not args.skip_demo:
        demo = OUT / "bench-demo.db"
        demo_db(demo)
        case("demo community (goal <= 2x the bare floor)", demo, args.rows, args.runs)
    if not args.skip_big:
        if not args.large.exists():
            print(f"\n{args.large} is missing: make it with benchmarks/make_large_db.py")
            return 1
        case(
            f"{args.large.name}, 3 million records (goal <= 2.5x the bare floor)",
            args.large,
            args.rows,
            args.runs,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
