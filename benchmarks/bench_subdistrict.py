"""How long the subdistrict's summary of ten communities takes.

    .venv/bin/python benchmarks/bench_subdistrict.py [--communities 10] [--runs 5] [--keep]

Builds ten demo communities with different seeds (≈ 3,100 residents and ≈ 18,000 test
records each: ≈ 31,000 residents and ≈ 180,000 records in all) under
``benchmarks/out/subdistrict/`` (``--keep`` reuses them). Then, the two sides alternating,
median of ``--runs``:

- baseline: each community's own daily report, one after the other (open the database,
  ``daily_report.daily_figures``, render the 日报 PDF) — the same figures the subdistrict
  adds up, the way the communities make them today;
- the subdistrict's summary: ``subdistrict.gather`` over the ten files (read-only) plus the
  PDF and the .xlsx.

Prints seconds, the ratio to the baseline, and the goal of the issue: < 5 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = dt.date(2022, 11, 22)
DAY = TODAY - dt.timedelta(days=1)
OUT = Path(__file__).resolve().parent / "out" / "subdistrict"


def build(count: int, keep: bool) -> list[Path]:
    from office_app.models.database import close_database, open_database
    from office_app.services.admin.actor import SYSTEM
    from office_app.services.demo import build_demo

    OUT.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(1, count + 1):
        path = OUT / f"community-{seed}.db"
        if not (keep and path.exists()):
            for stale in OUT.glob(f"{path.name}*"):
                stale.unlink()
            open_database(path)
            build_demo(SYSTEM, seed=seed, today=TODAY)
            close_database()
        paths.append(path)
    return paths


def baseline(paths: list[Path], folder: Path) -> None:
    from office_app.models.database import close_database, open_database
    from office_app.reports import daily_report as daily_pdf
    from office_app.services.reporting import daily_report

    for index, path in enumerate(paths):
        open_database(path, create=False)
        facts = daily_report.daily_figures(DAY)
        data = daily_pdf.render(facts, dt.datetime(2022, 11, 22, 9))
        (folder / f"daily-{index}.pdf").write_bytes(data)
        close_database()


def summary(paths: list[Path], folder: Path) -> None:
    from office_app.reports import subdistrict_report
    from office_app.services.reporting import subdistrict

    report = subdistrict.gather(DAY, paths)
    assert not report.missing, report.missing
    subdistrict_report.write(
        report,
        folder / "subdistrict.pdf",
        xlsx=folder / "subdistrict.xlsx",
        printed_at=dt.datetime(2022, 11, 22, 9),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--communities", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="reuse the demo databases")
    args = parser.parse_args()

    started = time.perf_counter()
    paths = build(args.communities, args.keep)
    print(f"{len(paths)} communities ready in {time.perf_counter() - started:.1f} s")

    import sqlite3

    residents = records = 0
    for path in paths:
        with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as connection:
            residents += connection.execute("SELECT count(*) FROM resident").fetchone()[0]
            records += connection.execute("SELECT count(*) FROM test_record").fetchone()[0]
        connection.close()
    print(f"{residents:,} residents, {records:,} test records")

    folder = Path(tempfile.mkdtemp(prefix="bench-subdistrict-"))
    times: dict[str, list[float]] = {"baseline": [], "summary": []}
    for _ in range(args.runs):
        for name, work in (("baseline", baseline), ("summary", summary)):
            start = time.perf_counter()
            work(paths, folder)
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["baseline"])
    mine = statistics.median(times["summary"])
    print(f"load average: {os.getloadavg()[0]:.2f}")
    print(f"baseline: {len(paths)} daily reports one after the other   {base:.2f} s")
    print(f"subdistrict summary (PDF + .xlsx)                 {mine:.2f} s")
    print(f"ratio to baseline: {mine / base:.2f}x")
    print(f"against the goal of 5 s: {mine / 5:.2f}x ({'met' if mine < 5 else 'NOT met'})")


if __name__ == "__main__":
    main()
