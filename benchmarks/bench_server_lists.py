"""The tests page on the office server (PostgreSQL) with about 1,000,000 test records.

    .venv/bin/python benchmarks/bench_server_lists.py [--rows 1000000] [--runs 5] [--keep]
                                                      [--admin-url postgresql://postgres@…]

Without ``--admin-url`` a throwaway cluster of its own (``scripts/pg-cluster.sh``), stopped
at the end (``--keep`` then means nothing); with it, the database ``bench_lists`` on that
server (made once, reused with ``--keep``).

The server gets the demo community (as ``bench_server_import.py`` builds it) plus ``--rows``
test records spread as ``bench_startup.py`` spreads them on SQLite (every building in turn,
one sample every 13 s from 2022-05-01, random names), written by the server itself
(``INSERT … SELECT … FROM generate_series``, the fastest way in), then ``VACUUM ANALYZE``
as autovacuum leaves a table after a bulk load (and the import's own ANALYZE).

Each run is a fresh GUI process (offscreen) that opens the program's main window on the
server as the program does (``start_main_window``), and times, each to the finished repaint:

- open the tests page (its sampling day, as the page opens);
- filter it to one building;
- show every day (the 全部日期 box: the whole 1M-row list);
- for every sortable column, both directions: click the header (``model.sort``), then jump
  to the end (``scrollToBottom``), then scroll 250 rows up from there (the page above the
  ones read, which the list reads by a seek from the row after it).

Median of ``--runs`` per figure, the load average beside it; for the page's opening and
the whole list, the share of the listing's queries (count and pages) too. Goal (issues 19
and 21): each under 0.1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_server_import import TEMPLATE, admin, build_template, cluster, with_db  # noqa: E402

DB = "bench_lists"
GOAL = 0.1

CHILD = r"""
import json, os, sys, tempfile, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QSettings, Qt
from office_app.app import create_application, start_main_window
from office_app.models import Building
from office_app.models.database import open_database
from office_app.models.engine import location
from office_app.services.admin.actor import SYSTEM
from office_app.views import ui_settings as U

ui = U.UiSettings(QSettings(os.path.join(tempfile.mkdtemp(), "ui.ini"), QSettings.Format.IniFormat))
app = create_application(ui=ui)
where = location(sys.argv[1])
open_database(where, create=False)
window = start_main_window(where, SYSTEM, ui)
window.resize(1280, 800)
end = time.perf_counter() + 1.0
while time.perf_counter() < end:  # the first page and the window settle
    app.processEvents()
    time.sleep(0.01)

def painted(action, widget):
    start = time.perf_counter()
    action()
    widget.repaint()
    app.processEvents()
    return time.perf_counter() - start

result = {}
holder = {}
# The time the listing's queries take (count and pages), to tell the server's share of a
# figure from the page's own work.
from office_app.services import listings as L
spent = [0.0]
def timed(real):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start
    return wrapper
L.Listing.count = timed(L.Listing.count)
L.Listing.fetch = timed(L.Listing.fetch)
def show():
    holder["page"] = window.show_page("tests")
spent[0] = 0.0
t = time.perf_counter()
show()
holder["page"].repaint()
app.processEvents()
result["open"] = time.perf_counter() - t
result["open: its queries"] = spent[0]
page = holder["page"]
records = getattr(page, "records", page)
result["open_rows"] = records.model.rowCount()
building = Building.select().order_by(Building.id).first()
combo = records.choice_filters[0].combo
result["filter"] = painted(lambda: combo.setCurrentIndex(combo.findData(building.id)), records)
result["filter_rows"] = records.model.rowCount()
combo.setCurrentIndex(0)
app.processEvents()
spent[0] = 0.0
result["all_days"] = painted(lambda: page.all_days.setChecked(True), records)
result["all_days: its queries"] = spent[0]
result["all_rows"] = records.model.rowCount()
table = records.table
columns = records.model.listing.columns
for index, column in enumerate(columns):
    if not column.sortable:
        continue
    for descending in (False, True):
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        other = Qt.SortOrder.AscendingOrder if descending else Qt.SortOrder.DescendingOrder
        records.model.sort(index, other)
        table.scrollToTop()
        app.processEvents()
        name = f"{column.key} {'desc' if descending else 'asc'}"
        result["sort " + name] = painted(lambda: records.model.sort(index, order), table.viewport())
        result["end " + name] = painted(table.scrollToBottom, table.viewport())
        bar = table.verticalScrollBar()
        # a page and more up from the end: the page above the cached ones, read by a seek
        result["up " + name] = painted(lambda: bar.setValue(bar.value() - 250), table.viewport())
        table.scrollToTop()
        app.processEvents()
print(json.dumps(result))
sys.stdout.flush()
os._exit(0)
"""


def fill(url: str, rows: int) -> None:
    """``rows`` test records, written by the server (as bench_startup.build_database spreads
    them), then VACUUM ANALYZE."""
    import psycopg

    # The ImportRun through the program, its required fields as the model has them.
    from office_app.models import ImportRun
    from office_app.models.database import close_database, open_database
    from office_app.models.engine import ServerUrl

    open_database(ServerUrl(url), create=False)
    run_id = ImportRun.create(
        kind="tests", file_name="bench.csv", sha256="0" * 64, operator_name="bench"
    ).id
    close_database()
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("SELECT setseed(0.7)")
        con.execute(
            """
            WITH b AS (
                SELECT row_number() OVER (ORDER BY b.id) - 1 AS k, b.id, b.name AS bname,
                       c.name AS cname
                FROM building b JOIN compound c ON c.id = b.compound_id
            ), n AS (SELECT count(*) AS n FROM b)
            INSERT INTO test_record (import_run_id, name, doc_type, doc_no, phone, category,
                sample_time, site, collector, tube_code, pool_size, lab, result, report_time,
                address, compound_name, building_name, unit, room, resident_id, building_id,
                created_at)
            SELECT %(run)s,
                   substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高',
                          1 + floor(random() * 20)::int, 1)
                   || substr('建国淑芬子涵志强秀英俊杰雨桐浩然思雨欣怡明轩梓萱',
                             1 + floor(random() * 24)::int, 1)
                   || substr('建国淑芬子涵志强秀英俊杰雨桐浩然思雨欣怡明轩梓萱',
                             1 + floor(random() * 24)::int, 1),
                   '居民身份证',
                   '500107' || (1950 + i %% 60) || '0101' || lpad((i %% 1000)::text, 3, '0')
                   || (i %% 10),
                   left('139' || lpad(i::text, 8, '0'), 11),
                   '一般人群',
                   timestamp '2022-05-01' + i * interval '13 seconds',
                   '科城路社区第3采样点', '采样员', 'T' || lpad(i::text, 11, '0'), 10,
                   '渝西示例医学检验实验室', '阴性',
                   timestamp '2022-05-01' + i * interval '13 seconds' + interval '12 hours',
                   '', b.cname, b.bname, '1单元', '1-1', NULL, b.id,
                   timestamp '2022-05-01' + i * interval '13 seconds'
            FROM generate_series(0, %(rows)s - 1) AS i, n, b
            WHERE b.k = i %% n.n
            """,
            {"run": run_id, "rows": rows},
        )
        con.execute("VACUUM ANALYZE test_record")
    print(f"  {rows:,} test records written in {time.perf_counter() - started:.1f} s", flush=True)


def measure(url: str) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run(
        [sys.executable, "-c", CHILD, url],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        raise SystemExit(f"the GUI run failed:\n{out.stderr[-3000:]}")
    return dict(json.loads(lines[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="reuse bench_lists if it exists")
    parser.add_argument("--admin-url", help="a superuser's URL (default: a cluster of its own)")
    args = parser.parse_args()

    import psycopg

    with cluster(args.admin_url) as admin_url:
        postgres = with_db(admin_url, "postgres")
        with psycopg.connect(postgres, autocommit=True) as con:
            exists = con.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB,)).fetchone()
        url = with_db(admin_url, DB, user="office")
        if not (args.keep and exists):
            template = build_template(admin_url)
            admin(
                postgres,
                f"DROP DATABASE IF EXISTS {DB}",
                f"CREATE DATABASE {DB} TEMPLATE {TEMPLATE}",
            )
            fill(template.format(db=DB), args.rows)
        results: list[dict[str, float]] = []
        loads: list[float] = []
        measure(url)  # one run not timed: bytecode cached, the server's pages warm
        for _ in range(args.runs):
            loads.append(os.getloadavg()[0])
            results.append(measure(url))
            print(
                f"  run {len(results)}: open {results[-1]['open'] * 1000:.0f} ms, "
                f"load {loads[-1]:.2f}",
                flush=True,
            )

    first = results[0]
    print(
        f"\n## the tests page on PostgreSQL, {int(first['all_rows']):,} records, "
        f"median of {args.runs}"
    )
    print(f"  load average (1 min): median {statistics.median(loads):.2f} on {os.cpu_count()}")
    worst = 0.0
    for key in first:
        if key.endswith("_rows"):
            continue
        values = [r[key] for r in results]
        med = statistics.median(values)
        worst = max(worst, med)
        rows = ""
        if key in ("open", "filter", "all_days"):
            count = {"open": "open_rows", "filter": "filter_rows", "all_days": "all_rows"}[key]
            rows = f" ({int(first[count]):,} rows)"
        print(
            f"  {key:<22}{med * 1000:8.1f} ms  {med / GOAL:5.2f}x the goal{rows}"
            f"  runs {' '.join(f'{v * 1000:.0f}' for v in values)}"
        )
    print(f"  worst: {worst * 1000:.1f} ms = {worst / GOAL:.2f}x the 0.1 s goal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
