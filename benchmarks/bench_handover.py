"""How long the shift handover PDF takes for a busy day, and how big it is.

    .venv/bin/python benchmarks/bench_handover.py [--runs 5]

Builds the demo community (28 buildings) in a temporary database, adds a second community
area so there are 60 buildings, and fills one day shift with ≈ 500 events (exit requests
out and back, errands, deliveries, positives, risk changes, imports). Then, median of
``--runs``:

- baseline: a one-page PDF with a 20-row table on the same shared layer (font embedding and
  layout start-up included), in the same run;
- the day shift's handover: ``gather`` (all the queries) + ``render`` (reportlab);
- the same day's 日报.

Prints the seconds, the ratio to the baseline, and the PDF sizes, against the goal of the
issue: < 1 s and < 2 MB for the handover.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = dt.date(2022, 11, 22)
DAY = TODAY - dt.timedelta(days=1)


def _timed(function, runs: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def build(path: Path) -> dict[str, int]:
    from office_app.models import (
        Building,
        Compound,
        Distribution,
        ExitRequest,
        Household,
        ImportRun,
        Resident,
        RiskChange,
        ServiceRecord,
        SupplyItem,
        TestRecord,
        Volunteer,
        db,
    )
    from office_app.models.database import open_database
    from office_app.services.admin.actor import SYSTEM
    from office_app.services.demo import build_demo
    from office_app.services.people.identity import make_id_number

    open_database(path)
    build_demo(SYSTEM, seed=1, today=TODAY)
    rng = random.Random(7)
    counts = dict.fromkeys(
        ("buildings", "exits", "errands", "deliveries", "positives", "changes", "imports"), 0
    )
    with db.atomic():
        compound = Compound.create(name="金科天籁城", address="科城路 99 号", area="三片区")
        extra = []
        for number in range(1, 33):
            building = Building.create(
                compound=compound,
                name=f"{number}栋",
                units=2,
                households_planned=20,
                risk_level="中" if number % 8 == 0 else "低",
            )
            extra.append(building)
            for unit in (1, 2):
                for room in range(1, 6):
                    household = Household.create(
                        building=building, unit=f"{unit}单元", room=f"{room}-1"
                    )
                    for person in range(2):
                        sequence = number * 1000 + unit * 100 + room * 10 + person
                        Resident.create(
                            household=household,
                            name=f"居民{sequence}",
                            doc_no=make_id_number(
                                "500107",
                                dt.date(1960 + number, 1 + room, 1 + unit * 2 + person),
                                sequence % 1000,
                            ),
                            phone=f"139{sequence:08d}",
                        )
        buildings = list(Building.select())
        counts["buildings"] = len(buildings)
        residents = list(Resident.select(Resident.id).limit(2000))
        volunteers = list(Volunteer.select(Volunteer.id).where(Volunteer.status == "在岗"))
        items = list(SupplyItem.select())
        start = dt.datetime.combine(DAY, dt.time(8))

        def moment() -> dt.datetime:
            return start + dt.timedelta(minutes=rng.randint(0, 11 * 60))

        for _ in range(160):
            at = moment()
            ExitRequest.create(
                resident=rng.choice(residents).id,
                reason=rng.choice(("就医", "购药", "其他")),
                urgency="紧急",
                detail="基准测试",
                requested_at=at,
                decision="同意·点对点",
                decided_at=at,
                escort=rng.choice(volunteers).id,
                out_at=at + dt.timedelta(minutes=10),
                due_back_at=at + dt.timedelta(hours=3),
                back_at=at + dt.timedelta(hours=2) if rng.random() < 0.8 else None,
            )
            counts["exits"] += 1
        for _ in range(180):
            ServiceRecord.create(
                volunteer=rng.choice(volunteers).id,
                kind=rng.choice(("就医陪同", "代购药品", "物资配送")),
                building=rng.choice(buildings).id,
                occurred_at=moment(),
            )
            counts["errands"] += 1
        for building in extra[:20]:
            for household in Household.select().where(Household.building == building.id):
                Distribution.create(
                    item=rng.choice(items).id,
                    building=building.id,
                    household=household.id,
                    quantity=1,
                    delivered_at=moment() if rng.random() < 0.7 else None,
                    volunteer=rng.choice(volunteers).id,
                )
                counts["deliveries"] += 1
        run = ImportRun.create(kind="tests", file_name="bench.csv", sha256="x" * 64)
        for index in range(40):
            TestRecord.create(
                import_run=run,
                name=f"阳性{index}",
                doc_no=f"5001071990010{index:05d}",
                tube_code=f"B{index}",
                sample_time=moment(),
                result="阳性" if index % 2 else "混管阳性",
                building=rng.choice(buildings).id,
            )
            counts["positives"] += 1
        for index in range(10):
            ImportRun.create(
                kind="tests",
                file_name=f"采样点{index}.csv",
                sha256=f"{index:064d}",
                imported_at=moment(),
                imported_rows=300,
            )
            counts["imports"] += 1
        for building in extra[:10]:
            RiskChange.create(
                building=building.id, from_level="低", to_level="中", changed_at=moment()
            )
            counts["changes"] += 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from office_app.reports import daily_report as daily_pdf
    from office_app.reports import handover as handover_pdf
    from office_app.reports import pdf
    from office_app.services.reporting import daily_report, handover

    with tempfile.TemporaryDirectory() as folder:
        counts = build(Path(folder) / "bench.db")
        events = sum(v for k, v in counts.items() if k != "buildings")
        printed = dt.datetime(2022, 11, 22, 9, 30)

        def baseline() -> bytes:
            st = pdf.styles()
            rows = [[str(i), "张喆", "兴茂盛世国际 3栋", "就医"] for i in range(20)]
            story = [
                pdf.text("基准", st.title),
                pdf.table(["序号", "姓名", "住址", "事由"], rows, pdf.column_widths([1, 2, 4, 2])),
            ]
            return pdf.render_pdf(story, title="基准")

        def day_shift() -> bytes:
            return handover_pdf.render(handover.gather(DAY, "白班"), printed)

        def daily() -> bytes:
            return daily_pdf.render(daily_report.gather(DAY), printed)

        baseline()  # first use registers the font
        base_time, base_pdf = _timed(baseline, args.runs)
        gather_time, facts = _timed(lambda: handover.gather(DAY, "白班"), args.runs)
        shift_time, shift_pdf = _timed(day_shift, args.runs)
        daily_time, daily_data = _timed(daily, args.runs)
        assert isinstance(base_pdf, bytes) and isinstance(shift_pdf, bytes)
        assert isinstance(daily_data, bytes)
        import io

        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(shift_pdf)).pages)
        print(f"community: {counts['buildings']} buildings; day shift events: {events} {counts}")
        print(f"baseline one-page PDF:     {base_time * 1000:7.1f} ms  {len(base_pdf):>9,} bytes")
        print(f"handover gather (queries): {gather_time * 1000:7.1f} ms")
        print(
            f"handover gather + render:  {shift_time * 1000:7.1f} ms  {len(shift_pdf):>9,} bytes"
            f"  {pages} pages  = {shift_time / base_time:.1f}× baseline,"
            f" {shift_time:.2f}× the 1 s goal, {len(shift_pdf) / 2_000_000:.3f}× the 2 MB goal"
        )
        print(
            f"daily report:              {daily_time * 1000:7.1f} ms  {len(daily_data):>9,} bytes"
            f"  = {daily_time / base_time:.1f}× baseline"
        )
        del facts
    return 0


if __name__ == "__main__":
    sys.exit(main())
