"""Start-up, the tests page and memory on a database with 1,000,000 test records.

Prints each figure with its ratio against a baseline measured in the same run:

- cold start through the program's real start path (``run_gui``: log-in answered at once,
  instance lock, database opened, the main window, the automatic backup started) to the
  window's first finished paint, against a bare PySide6 window with the same theme path
  (the CJK font, Fusion and the same cached qt-material sheet, ``apply_theme``), timed to
  its first finished paint the same way; the two sides alternate (goal: at most 1.3×);
- the first start of a day, when the daily backup is due, against a later start (goal:
  nothing added: the backup runs in the background after the window is shown);
- opening the tests page, and filtering it to one building (goal: under 0.1 s each);
- resident memory of the program on the big database against the same on an empty one
  (goal: under 30 MB more).

    .venv/bin/python benchmarks/bench_startup.py [--rows 1000000] [--runs 5] [--keep]

The database is built under benchmarks/out/ (reused with --keep).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"

# One child process = one measurement. It prints a JSON line and exits.
CHILD = r"""
import json, os, sys, time
T0 = time.perf_counter()
CPU0 = time.process_time()
from pathlib import Path
mode, db = sys.argv[1], Path(sys.argv[2])
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel

def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0

result = {}

from PySide6.QtCore import QEvent, QObject


# Stops the clock when the main window's first paint has finished (the timer posted from the
# paint event runs right after it), then measures the rest and exits. Installed on the main
# window as it is shown (QMainWindow.show, on both sides alike): on the offscreen platform a
# window may paint inside show(), so a filter installed after show() could see a later
# paint. Not on the whole application: a Python filter there is called for every event of
# every object (4,200 calls during the program's start, 80 for the bare window), PySide
# wraps each receiver for it, and its first calls made PySide create some 130 enum classes
# the bare window otherwise never needs (measured: the bare window 30 ms slower with it, the
# program 10 ms; the ratio looked better than it was).
class FirstPaint(QObject):

    def __init__(self):
        super().__init__()
        self.done = False
        self.watching = False

    def eventFilter(self, obj, event):
        if (
            not self.done
            and event.type() == QEvent.Type.Paint
            and isinstance(obj, QMainWindow)
        ):
            self.done = True
            QTimer.singleShot(0, guarded)
        return False


first_paint = FirstPaint()
window = None
real_show = QMainWindow.show


def show(self):
    global window
    if not first_paint.watching:
        first_paint.watching = True
        window = self
        self.installEventFilter(first_paint)
    real_show(self)


QMainWindow.show = show

if mode == "bare":
    app = QApplication(sys.argv[:1])
    from office_app.views.fonts import register_cjk_font
    from office_app.views.theme import apply_theme
    register_cjk_font()
    apply_theme(app, "light")
    window = QMainWindow()
    window.setCentralWidget(QLabel("社区防控办公室"))
    window.resize(1280, 800)
    window.show()
elif mode == "app":
    import office_app.app as A
    from office_app.services.admin.actor import SYSTEM
    from office_app.views.login_dialog import LoginDialog
    LoginDialog.ask = classmethod(lambda cls, **kw: SYSTEM)
else:
    from office_app.app import create_application, start_main_window
    from office_app.models.database import open_database
    from office_app.services.admin.actor import SYSTEM
    from office_app.views import ui_settings as U
    import tempfile
    ini = os.path.join(tempfile.mkdtemp(), "ui.ini")
    ui = U.UiSettings(QSettings(ini, QSettings.Format.IniFormat))
    app = create_application(ui=ui)
    open_database(db)
    start_main_window(db, SYSTEM, ui)
    window.resize(1280, 800)

def interactive():
    result.setdefault("start", time.perf_counter() - T0)
    # The processor time the same stretch took (every thread): what the start costs,
    # whatever else the machine runs meanwhile.
    result.setdefault("cpu", time.process_time() - CPU0)
    app = QApplication.instance()
    # The first page's content: the program builds its first page (the overview, its
    # queries) right after the first paint; the clock runs on until that page has painted.
    if hasattr(window, "current_page"):
        if window.current_page() is None:
            if time.perf_counter() - T0 > 60:
                raise RuntimeError("no first page a minute after the first paint")
            QTimer.singleShot(0, guarded)  # after the program's own timers
            return
        window.current_page().repaint()
    result["content"] = time.perf_counter() - T0
    if mode == "app-pages":
        from office_app.models import Building
        from office_app.views.list_page import ListPage
        result["rss_before_pages"] = rss_mb()
        t = time.perf_counter()
        page = window.show_page("tests")
        page.repaint()
        app.processEvents()
        result["open_tests"] = time.perf_counter() - t
        page = getattr(page, "records", page)  # the 核酸 page's records tab
        result["rows"] = page.model.rowCount()
        building = Building.select().order_by(Building.id).first()
        combo = page.choice_filters[0].combo
        t = time.perf_counter()
        if building is not None:
            combo.setCurrentIndex(combo.findData(building.id))
        else:  # the empty database: the same filter, on nothing
            page.model.set_filter(building=1)
        page.repaint()
        app.processEvents()
        result["filter_building"] = time.perf_counter() - t
        result["filtered_rows"] = page.model.rowCount()
        # scroll to the end and back, as a user skimming the list would
        page.table.scrollToBottom(); app.processEvents()
        page.table.scrollToTop(); app.processEvents()
        result["rss"] = rss_mb()
    print(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)

def guarded():
    try:
        interactive()
    except BaseException:
        import traceback
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)

if mode == "app":
    A.run_gui(db)
else:
    app.exec()
"""


def build_database(path: Path, rows: int) -> None:
    """The demo community plus ``rows`` test records, written as fast as SQLite allows."""
    from office_app.models import Building, Compound, ImportRun, db
    from office_app.models.database import close_database, open_database
    from office_app.services.admin.actor import SYSTEM
    from office_app.services.demo import build_demo

    if path.exists():
        path.unlink()
    open_database(path)
    build_demo(SYSTEM, seed=1, today=dt.date(2022, 11, 22))
    buildings = list(
        Building.select(Building.id, Building.name, Compound.name).join(Compound).tuples()
    )
    rng = random.Random(7)
    imp = ImportRun.create(
        kind="tests", file_name="bench.csv", sha256="0" * 64, operator_name="bench"
    )
    start = dt.datetime(2022, 5, 1)
    sql = (
        "INSERT INTO test_record (import_run_id, name, doc_type, doc_no, phone, category, "
        "sample_time, site, collector, tube_code, pool_size, lab, result, report_time, address, "
        "compound_name, building_name, unit, room, resident_id, building_id, created_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
    )
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
    given = "建国淑芬子涵志强秀英俊杰雨桐浩然思雨欣怡明轩梓萱"
    batch = []
    conn = db.connection()
    with db.atomic():
        for i in range(rows):
            bid, bname, cname = buildings[i % len(buildings)]
            sample = start + dt.timedelta(seconds=i * 13)
            batch.append(
                (
                    imp.id,
                    rng.choice(surnames) + rng.choice(given) + rng.choice(given),
                    "居民身份证",
                    f"500107{1950 + i % 60}0101{i % 1000:03d}{i % 10}",
                    f"139{i:08d}"[:11],
                    "一般人群",
                    sample.isoformat(" "),
                    "科城路社区第3采样点",
                    "采样员",
                    f"T{i:011d}",
                    10,
                    "渝西示例医学检验实验室",
                    "阴性",
                    (sample + dt.timedelta(hours=12)).isoformat(" "),
                    "",
                    cname,
                    bname,
                    "1单元",
                    "1-1",
                    None,
                    bid,
                    sample.isoformat(" "),
                )
            )
            if len(batch) == 50_000:
                conn.executemany(sql, batch)
                batch.clear()
        if batch:
            conn.executemany(sql, batch)
    db.execute_sql("ANALYZE")
    close_database()


def measure_once(mode: str, db: Path, home: str, tree: str | None = None) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=home)
    # Compiled modules are kept, as an installed program has them (this machine's
    # environment may say otherwise; the warm-up runs write them).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if tree is not None:  # another copy of the program (--against)
        env["PYTHONPATH"] = tree
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(db)],
        capture_output=True,
        text=True,
        env=env,
        # Not in the project's folder: `-c` puts the working folder first on sys.path,
        # before PYTHONPATH, and --against would time this tree again.
        cwd=home,
        timeout=180,
        check=False,
    )
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        raise SystemExit(f"{mode} run failed:\n{out.stderr[-3000:]}")
    return dict(json.loads(lines[-1]))


def measure(mode: str, db: Path, runs: int) -> list[dict[str, float]]:
    home = tempfile.mkdtemp()
    results = [measure_once(mode, db, home) for _ in range(runs)]
    print(f"  {mode} on {db.name}: {[round(r['start'], 3) for r in results]} s", flush=True)
    return results


def measure_start(db: Path, runs: int, against: str | None = None) -> dict[str, list[float]]:
    """The bare window and the program, alternating, each with its own HOME kept across its
    runs (the theme sheet rendered on the first run, read from the cache after); the
    program also once per round with the day's backup due (the backups removed first); and,
    with ``against``, the program of another tree (PYTHONPATH) in the same rounds."""
    from office_app.services.admin.backup import list_backups

    homes = {"bare": tempfile.mkdtemp(), "app": tempfile.mkdtemp(), "against": tempfile.mkdtemp()}
    folder = db.parent / "backups"
    times: dict[str, list[float]] = {
        "bare": [],
        "app": [],
        "app_content": [],
        "app_due": [],
        "first": [],
    }
    times["bare_cpu"], times["app_cpu"] = [], []
    if against:
        times["against"], times["against_content"], times["against_cpu"] = [], [], []
    # One warm-up each: renders each side's theme sheet into its HOME.
    times["first"].append(measure_once("app", db, homes["app"])["start"])
    measure_once("bare", db, homes["bare"])
    if against:
        measure_once("app", db, homes["against"], against)
    for _ in range(runs):
        run = measure_once("bare", db, homes["bare"])
        times["bare"].append(run["start"])
        times["bare_cpu"].append(run["cpu"])
        run = measure_once("app", db, homes["app"])
        times["app"].append(run["start"])
        times["app_content"].append(run["content"])
        times["app_cpu"].append(run["cpu"])
        if against:
            run = measure_once("app", db, homes["against"], against)
            times["against"].append(run["start"])
            times["against_content"].append(run["content"])
            times["against_cpu"].append(run["cpu"])
        for old in list_backups(folder, db.stem):
            old.path.unlink()
        times["app_due"].append(measure_once("app", db, homes["app"])["start"])
    for name, values in times.items():
        print(f"  {name}: {[round(v, 3) for v in values]} s", flush=True)
    return times


def median(results: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="reuse a database already built")
    parser.add_argument(
        "--against",
        metavar="DIR",
        help="also time the start of the program in DIR (a copy of the tree, put first on "
        "PYTHONPATH), alternating with this one",
    )
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    big = OUT / f"bench-{args.rows}.db"
    empty = OUT / "bench-empty.db"
    if not (args.keep and big.exists()):
        t = time.perf_counter()
        build_database(big, args.rows)
        print(
            f"built {args.rows:,} test records in {time.perf_counter() - t:.1f} s "
            f"({big.stat().st_size / 2**20:.0f} MB)"
        )
    from office_app.models.database import close_database, open_database

    if empty.exists():
        empty.unlink()
    open_database(empty)
    close_database()

    starts = measure_start(big, args.runs, args.against)
    pages = measure("app-pages", big, args.runs)
    pages_empty = measure("app-pages", empty, args.runs)

    bare_start = statistics.median(starts["bare"])
    app_start = statistics.median(starts["app"])
    content_start = statistics.median(starts["app_content"])
    due_start = statistics.median(starts["app_due"])
    open_tests = median(pages, "open_tests")
    filter_building = median(pages, "filter_building")
    rss_big = median(pages, "rss")
    rss_empty = median(pages_empty, "rss")
    first_start = starts["first"][0]
    figures = {
        "rows": pages[0]["rows"],
        "filtered_rows": pages[0]["filtered_rows"],
        "bare_window_start_s": round(bare_start, 3),
        "app_start_s": round(app_start, 3),
        "start_ratio": round(app_start / bare_start, 2),
        "app_first_page_painted_s": round(content_start, 3),
        "first_page_ratio": round(content_start / bare_start, 2),
        "app_first_start_s": round(first_start, 3),
        "app_backup_due_start_s": round(due_start, 3),
        "backup_due_added_s": round(due_start - app_start, 3),
        "load_average": round(os.getloadavg()[0], 2),
        "first_start_ratio": round(first_start / bare_start, 2),
        "open_tests_page_s": round(open_tests, 4),
        "filter_to_building_s": round(filter_building, 4),
        "rss_empty_mb": round(rss_empty, 1),
        "rss_big_mb": round(rss_big, 1),
        "rss_growth_mb": round(rss_big - rss_empty, 1),
        "runs": args.runs,
    }
    print(
        f"cold start (run_gui) to the first finished paint: {app_start:.3f} s vs the bare "
        f"window with the same theme path {bare_start:.3f} s = {app_start / bare_start:.2f}x "
        "(goal <= 1.3x)"
    )
    print(
        f"... to the first page (the overview) painted: {content_start:.3f} s = "
        f"{content_start / bare_start:.2f}x the bare window"
    )
    print(
        f"first start of a day (backup due): {due_start:.3f} s, "
        f"{due_start - app_start:+.3f} s against a later start (goal: 0 s added)"
    )
    bare_cpu = statistics.median(starts["bare_cpu"])
    app_cpu = statistics.median(starts["app_cpu"])
    figures["bare_window_cpu_s"] = round(bare_cpu, 3)
    figures["app_cpu_s"] = round(app_cpu, 3)
    figures["cpu_ratio"] = round(app_cpu / bare_cpu, 2)
    print(
        f"processor time to the first finished paint: {app_cpu:.3f} s vs {bare_cpu:.3f} s "
        f"for the bare window = {app_cpu / bare_cpu:.2f}x"
    )
    if args.against:
        against = statistics.median(starts["against"])
        against_content = statistics.median(starts["against_content"])
        figures["against_start_s"] = round(against, 3)
        figures["against_first_page_painted_s"] = round(against_content, 3)
        against_cpu = statistics.median(starts["against_cpu"])
        figures["against_cpu_s"] = round(against_cpu, 3)
        print(
            f"the program in {args.against}, same rounds: {against:.3f} s = "
            f"{against / bare_start:.2f}x the bare window; its first page painted "
            f"{against_content:.3f} s = {against_content / bare_start:.2f}x; processor time "
            f"{against_cpu:.3f} s = {against_cpu / bare_cpu:.2f}x"
        )
    print(f"load average: {os.getloadavg()[0]:.2f}")
    print(
        f"first start, theme not yet rendered: {first_start:.3f} s = "
        f"{first_start / bare_start:.2f}x the bare window"
    )
    print(
        f"open the tests page ({figures['rows']:,} rows): {open_tests * 1000:.1f} ms "
        f"= {open_tests / 0.1:.2f}x the 0.1 s goal"
    )
    print(
        f"filter to one building ({figures['filtered_rows']:,} rows): "
        f"{filter_building * 1000:.1f} ms = {filter_building / 0.1:.2f}x the 0.1 s goal"
    )
    print(
        f"RSS: {rss_big:.1f} MB on {args.rows:,} rows vs {rss_empty:.1f} MB on an empty "
        f"database: +{rss_big - rss_empty:.1f} MB (goal < 30 MB)"
    )
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
