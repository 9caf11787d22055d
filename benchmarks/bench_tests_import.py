"""The test-site import against its floor: ``office-app import tests`` vs csv + executemany.

    .venv/bin/python benchmarks/bench_tests_import.py [--rows 100000] [--runs 3] [--skip-big]

Two cases, each on a fresh copy of its database per run:

1. the demo community (17,725 earlier test records);
2. the demo community plus 1,000,000 earlier test records (the database of
   bench_startup.py, built under benchmarks/out/ if it is not there yet, ≈ 40 s).

For each, a file of ``--rows`` rows made by make_test_site_file.py from the database's own
residents (one outsider in twenty, one broken row in a thousand) is imported by the whole
``office-app --db COPY import tests FILE --json`` process (reading, validation, dedupe,
linking, the ImportRun, rejected rows and audit included), and, in the same run, by the
floor: a separate Python process that reads the same file with ``csv`` and writes its cells
with sqlite3 ``executemany`` in one transaction into the same table of another copy. Both
timings are wall-clock times of whole processes, median of ``--runs``; the peak memory
(max RSS) of each process is printed too. Goal: import ≤ 2× the floor.
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
sys.path.insert(0, str(ROOT))
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
import office_app.services.tests_import, office_app.services.risk
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


def run(cmd: list[str]) -> tuple[float, float, float, str]:
    """(seconds, peak RSS in MB, CPU seconds, stdout) of one child process."""
    proc = subprocess.run(
        [sys.executable, "-c", LAUNCH, *cmd], capture_output=True, text=True, check=True
    )
    data = json.loads(proc.stdout)
    if data["code"] not in (0, 3):
        raise SystemExit(f"failed ({data['code']}): {' '.join(cmd)}")
    return data["seconds"], data["rss"], data["cpu"], proc.stderr


def fresh_copy(base: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base, target)


def office_app() -> list[str]:
    script = Path(sys.executable).with_name("office-app")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from office_app.cli import main; sys.exit(main())"]


def demo_db(path: Path) -> None:
    import datetime as dt

    from office_app.models.database import close_database, open_database
    from office_app.services.actor import SYSTEM
    from office_app.services.demo import build_demo

    if path.exists():
        return
    open_database(path)
    build_demo(SYSTEM, seed=1, today=dt.date(2022, 11, 22))
    close_database()


def big_db(path: Path) -> None:
    if path.exists():
        return
    from bench_startup import build_database

    print(f"building {path.name} (1,000,000 test records) …", flush=True)
    build_database(path, 1_000_000)


def case(name: str, base: Path, rows: int, runs: int) -> dict[str, float]:
    from make_test_site_file import write_file

    data = OUT / f"tests-{rows}.csv"
    write_file(data, rows, db=base)
    work = OUT / "bench-tests-work.db"
    imports: list[float] = []
    floors: list[float] = []
    import_rss: list[float] = []
    floor_rss: list[float] = []
    import_cpu: list[float] = []
    floor_cpu: list[float] = []
    loads: list[float] = []
    summary = ""
    for _ in range(runs):
        fresh_copy(base, work)
        loads.append(os.getloadavg()[0])
        command = [*office_app(), "--db", str(work), "import", "tests", str(data), "--json"]
        seconds, rss, cpu, out = run(command)
        imports.append(seconds)
        import_rss.append(rss)
        import_cpu.append(cpu)
        summary = out.strip()[:160]
        fresh_copy(base, work)
        seconds, rss, cpu, _ = run([sys.executable, "-c", FLOOR, str(work), str(data)])
        floors.append(seconds)
        floor_rss.append(rss)
        floor_cpu.append(cpu)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    result = {
        "import": statistics.median(imports),
        "floor": statistics.median(floors),
        "import_rss": max(import_rss),
        "floor_rss": max(floor_rss),
        "import_cpu": statistics.median(import_cpu),
        "floor_cpu": statistics.median(floor_cpu),
        "load": statistics.median(loads),
    }
    ratio = result["import"] / result["floor"]
    print(f"\n## {name}: {rows:,} rows, median of {runs}")
    print(f"  {summary} …")
    for label, key in (("office-app import tests", "import"), ("floor csv + executemany", "floor")):
        print(f"  {label} : {result[key]:.2f} s  ({rows / result[key]:,.0f} rows/s)")
    print(f"  ratio                   : {ratio:.2f}x  (goal <= 2x)")
    cpu = result["import_cpu"] / result["floor_cpu"]
    print(
        f"  CPU time                : {result['import_cpu']:.2f} s vs floor "
        f"{result['floor_cpu']:.2f} s = {cpu:.2f}x"
    )
    print(f"  load average (1 min)    : {result['load']:.1f} on {os.cpu_count()} cores")
    rss = f"{result['import_rss']:.0f} MB vs floor {result['floor_rss']:.0f} MB"
    print(f"  peak RSS                : {rss}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-big", action="store_true", help="only the demo community")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    qt = subprocess.run(
        [sys.executable, "-c", NO_QT], capture_output=True, text=True, check=True
    ).stdout.strip()
    print(f"Qt modules imported by the command line's import: {qt or 'none'}")
    demo = OUT / "bench-demo.db"
    demo_db(demo)
    case("demo community", demo, args.rows, args.runs)
    if not args.skip_big:
        big = OUT / "bench-1000000.db"
        big_db(big)
        case("demo community + 1,000,000 earlier records", big, args.rows, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
