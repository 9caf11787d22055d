"""The test-site import on the office server (PostgreSQL) against a bare COPY of the same file.

    .venv/bin/python benchmarks/bench_server_import.py [--rows 100000] [--runs 5]
                                                       [--admin-url postgresql://postgres@…]

Without ``--admin-url`` the script starts a throwaway cluster of its own
(``scripts/pg-cluster.sh``: a private socket, fsync off) and stops it at the end; with it,
it uses that server as its superuser (it creates and drops the databases ``bench_demo`` and
``bench_run`` there).

The demo community (seed 1, as ``bench_tests_import.py`` builds it) is built once on the
server in ``bench_demo``, which then serves as the template of ``bench_run``: before every
timed process ``bench_run`` is made afresh from it (``CREATE DATABASE … TEMPLATE``, not
timed), so each side starts from the same state. The file of ``--rows`` rows is
make_test_site_file.py's, made from the same demo (its residents, one outsider in twenty,
one broken row in a thousand).

The sides alternate (the order turns with each run), median of ``--runs`` after one import
not timed:

- the program: the whole ``office-app --db URL import tests FILE --json`` process (start-up,
  reading, every check, dedupe, linking, the COPY into a temporary table and the INSERT …
  SELECT … ON CONFLICT, the ImportRun, rejected rows, audit, the ANALYZE after a large
  import, the risk proposals);
- the bare floor: a separate Python process that reads the same file with ``csv`` and COPYs
  its cells (``psycopg`` ``write_row``) into ``bare_test_record``, a table with the same
  columns as ``test_record`` and no index, in one transaction. PostgreSQL's columns are
  typed, so the floor turns the 采样方式 cell into its number and an empty 报告时间 into NULL
  (what the server could not take), nothing more;
- for comparison, the same floor into ``test_record`` itself (its eight indexes, its unique
  key and its three foreign keys, the schema the program must write to): what any program
  writing this schema pays at least.

Times are wall-clock times of whole processes (``bench_tests_import.run``: CPU time and peak
memory too), with the load average before each. Goal (issue 19, point 6): ≤ 2× the floor.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_tests_import import OUT, demo_db, office_app, run  # noqa: E402

WORK = OUT / "server"
TEMPLATE = "bench_demo"
RUN_DB = "bench_run"
BARE = "bare_test_record"

FLOOR = r"""
import csv, sys
import psycopg
url, path, table = sys.argv[1], sys.argv[2], sys.argv[3]
columns = (
    "name, doc_type, doc_no, phone, category, sample_time, site, tube_code, pool_size, lab, "
    "result, report_time, compound_name, building_name, unit, room, collector, address, "
    "created_at"
)
pools = {}
with psycopg.connect(url) as con, con.cursor() as cur:
    with open(path, encoding="utf-8-sig", newline="") as f, cur.copy(
        f"COPY {table} ({columns}) FROM STDIN"
    ) as copy:
        reader = csv.reader(f)
        next(reader)
        write_row = copy.write_row
        for row in reader:
            pool = pools.get(row[9])
            if pool is None:
                text = row[9]
                pool = pools[text] = int(text.split("混")[0]) if "混" in text else 1
            write_row((*row[1:9], pool, row[10], row[11], row[12] or None, *row[13:17],
                       "", "", "2022-11-23 00:00:00"))
    # the with block commits
"""


@contextlib.contextmanager
def cluster(admin_url: str | None) -> Iterator[str]:
    """The superuser's URL of the server to use: ``admin_url``, or a throwaway cluster."""
    if admin_url:
        yield admin_url
        return
    folder = tempfile.mkdtemp(prefix="pg-bench-")
    os.rmdir(folder)
    script = ROOT / "scripts" / "pg-cluster.sh"
    out = subprocess.run(
        ["bash", str(script), "start", folder], capture_output=True, text=True, check=True
    ).stdout
    found = dict(
        line.removeprefix("export ").split("=", 1) for line in out.splitlines() if "=" in line
    )
    try:
        yield found["OFFICE_TEST_DB_ADMIN"].strip("'")
    finally:
        subprocess.run(["bash", str(script), "stop", folder], check=False)


def with_db(url: str, dbname: str, user: str | None = None) -> str:
    """``url`` naming database ``dbname`` (and login ``user``)."""
    head, _, query = url.partition("?")
    scheme, _, rest = head.partition("://")
    login, _, _old = rest.partition("/")
    if user is not None:
        login = f"{user}@{login.partition('@')[2]}"
    return f"{scheme}://{login}/{dbname}" + (f"?{query}" if query else "")


def admin(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        for statement in statements:
            con.execute(statement)


def build_template(admin_url: str) -> str:
    """``bench_demo``: the program's schema (role ``office``, schema ``office``) with the demo
    community and the bare table; returns the program's URL template (``{db}``)."""
    import datetime as dt

    from office_app.models.database import close_database, open_database
    from office_app.models.engine import ServerUrl
    from office_app.services.admin.actor import SYSTEM
    from office_app.services.demo import build_demo

    postgres = with_db(admin_url, "postgres")
    admin(
        postgres,
        f"DROP DATABASE IF EXISTS {RUN_DB}",
        f"DROP DATABASE IF EXISTS {TEMPLATE}",
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'office') "
        "THEN CREATE ROLE office LOGIN; END IF; END $$",
        "ALTER ROLE office SET search_path = office",
        f"CREATE DATABASE {TEMPLATE}",
    )
    admin(
        with_db(admin_url, TEMPLATE),
        "REVOKE ALL ON SCHEMA public FROM PUBLIC",
        "CREATE SCHEMA office AUTHORIZATION office",
    )
    url = with_db(admin_url, TEMPLATE, user="office")
    open_database(ServerUrl(url))
    build_demo(SYSTEM, seed=1, today=dt.date(2022, 11, 22))
    close_database()
    # The floor's table: the same columns (and types, NOT NULLs), no index, no key.
    admin(
        url,
        f"CREATE TABLE {BARE} (LIKE test_record INCLUDING DEFAULTS)",
        "VACUUM ANALYZE",
    )
    return with_db(admin_url, "{db}", user="office")


def fresh_run_db(admin_url: str) -> None:
    postgres = with_db(admin_url, "postgres")
    admin(
        postgres,
        f"DROP DATABASE IF EXISTS {RUN_DB}",
        f"CREATE DATABASE {RUN_DB} TEMPLATE {TEMPLATE} STRATEGY FILE_COPY",
        "CHECKPOINT",
    )
    os.sync()


def counts(url: str) -> tuple[int, int]:
    import psycopg

    with psycopg.connect(url) as con:
        tests = con.execute("SELECT count(*) FROM test_record").fetchone()
        bare = con.execute(f"SELECT count(*) FROM {BARE}").fetchone()
    return int(tests[0] if tests else 0), int(bare[0] if bare else 0)


SIDES = ("import", "bare", "floor")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--admin-url", help="a superuser's URL (default: a cluster of its own)")
    parser.add_argument(
        "--before",
        type=Path,
        help="also import with the program in this folder (e.g. git archive of an earlier "
        "commit), alternating with the others: the figures before a change",
    )
    args = parser.parse_args()
    sides = (*SIDES, "before") if args.before else SIDES
    WORK.mkdir(parents=True, exist_ok=True)
    from make_test_site_file import write_file

    demo = WORK / "demo.db"
    demo_db(demo)  # the same community on SQLite: the file's people are its residents
    data = WORK / f"tests-demo-{args.rows}.csv"
    if not data.exists():
        write_file(data, args.rows, db=demo)

    with cluster(args.admin_url) as admin_url:
        template = build_template(admin_url)
        url = template.format(db=RUN_DB)
        before = counts(template.format(db=TEMPLATE))
        import psycopg

        with psycopg.connect(template.format(db=TEMPLATE)) as con:
            server = con.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
        print(f"PostgreSQL {server}; demo: {before[0]:,} test records; file {data.name}")
        import_cmd = [*office_app(), "--db", url, "import", "tests", str(data), "--json"]
        before_cmd = ["env", f"PYTHONPATH={args.before}", *import_cmd]
        floor_cmds = {
            "bare": [sys.executable, "-c", FLOOR, url, str(data), BARE],
            "floor": [sys.executable, "-c", FLOOR, url, str(data), "test_record"],
        }
        # One import not timed: bytecode cached, the file in the page cache.
        fresh_run_db(admin_url)
        run(import_cmd)
        seconds: dict[str, list[float]] = {side: [] for side in sides}
        cpu: dict[str, list[float]] = {side: [] for side in sides}
        rss: dict[str, list[float]] = {side: [] for side in sides}
        loads: list[float] = []
        summary = ""
        for k in range(args.runs):
            order = sides[k % len(sides) :] + sides[: k % len(sides)]
            for side in order:
                fresh_run_db(admin_url)
                load = os.getloadavg()[0]
                loads.append(load)
                cmd = {"import": import_cmd, "before": before_cmd}.get(side) or floor_cmds[side]
                took, peak, used, out = run(cmd)
                tests, bare = counts(url)
                written = bare if side == "bare" else tests - before[0]
                seconds[side].append(took)
                cpu[side].append(used)
                rss[side].append(peak)
                if side == "import":
                    summary = out.strip()[:200]
                print(
                    f"  run {k + 1} {side:6s}: {took:.2f} s  CPU {used:.2f} s  "
                    f"{written:,} rows written  load {load:.2f}",
                    flush=True,
                )
        admin(with_db(admin_url, "postgres"), f"DROP DATABASE IF EXISTS {RUN_DB}")

    med = {side: statistics.median(seconds[side]) for side in sides}
    print(f"\n## {args.rows:,} rows into the demo community on PostgreSQL, median of {args.runs}")
    print(f"  {summary} …")
    labels = {
        "import": "office-app import tests   ",
        "bare": "bare COPY floor           ",
        "floor": "COPY into test_record     ",
        "before": f"the program in {args.before}"[:26].ljust(26),
    }
    for side in sides:
        print(
            f"  {labels[side]}: {med[side]:.2f} s ({args.rows / med[side]:,.0f} rows/s)  "
            f"CPU {statistics.median(cpu[side]):.2f} s  peak RSS {max(rss[side]):.0f} MB  "
            f"runs {' '.join(f'{t:.2f}' for t in seconds[side])}"
        )
    for side, goal in (("bare", " (goal <= 2x)"), ("floor", "")):
        print(
            f"  import / {labels[side].strip()}: {med['import'] / med[side]:.2f}x{goal}; CPU "
            f"{statistics.median(cpu['import']) / statistics.median(cpu[side]):.2f}x"
        )
    if "before" in med:
        print(f"  import / the program before: {med['import'] / med['before']:.2f}x")
    print(
        f"  load average (1 min): median {statistics.median(loads):.2f}, "
        f"{min(loads):.2f}-{max(loads):.2f} on {os.cpu_count()} cores"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
