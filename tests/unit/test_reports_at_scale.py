"""The daily report, the handover and the 未检名单 lay out for a community of 50 compounds and
300 buildings (the daily report's coverage chart once grew past the page and stopped it)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from office_app.models import Building, Compound, Household, Resident, TestRecord, db
from office_app.models.database import close_database, open_database
from office_app.reports import daily_report, handover, untested
from office_app.services.admin.actor import SYSTEM
from office_app.services.people.identity import make_id_number

DAY = dt.date(2022, 11, 21)
COMPOUNDS = 50
BUILDINGS = 300


@pytest.fixture(scope="module")
def big_community(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """50 compounds, 300 buildings, two residents in each building, one of them sampled in
    the morning of the day (so every compound is half tested)."""
    path = tmp_path_factory.mktemp("scale") / "big.db"
    open_database(path)
    registered = dt.datetime(2022, 10, 1, 9)
    with db.atomic():
        compounds = [
            Compound.create(name=f"第{n:02d}小区", created_at=registered)
            for n in range(1, COMPOUNDS + 1)
        ]
        sequence = 0
        for n in range(BUILDINGS):
            building = Building.create(
                compound=compounds[n % COMPOUNDS],
                name=f"{n // COMPOUNDS + 1}栋",
                risk_level="高" if n % 37 == 0 else "低",
                created_at=registered,
            )
            home = Household.create(building=building, room="1-1", created_at=registered)
            for person in range(2):
                sequence += 1
                resident = Resident.create(
                    household=home,
                    name=f"居民{sequence}",
                    doc_no=make_id_number("500107", dt.date(1980, 1, 1), sequence % 1000),
                    created_at=registered,
                    updated_at=registered,
                )
                if person == 0:
                    TestRecord.create(
                        name=resident.name,
                        doc_no=resident.doc_no,
                        sample_time=dt.datetime.combine(DAY, dt.time(9)),
                        tube_code=f"T{sequence:06d}",
                        result="阴性",
                        resident=resident,
                        building=building,
                        created_at=dt.datetime.combine(DAY, dt.time(10)),
                    )
    close_database()
    return path


def _text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_daily_report_lays_out_every_compound(big_community: Path, tmp_path: Path) -> None:
    open_database(big_community, create=False)
    try:
        target = daily_report.write(SYSTEM, DAY, tmp_path / "日报.pdf")
    finally:
        close_database()
    text = _text(target)
    # Every compound is in a coverage chart, split over two charts of at most 25.
    assert all(f"第{n:02d}小区" in text for n in range(1, COMPOUNDS + 1))
    assert "（1/2）" in text and "（2/2）" in text


def test_the_handover_and_the_untested_list_lay_out(big_community: Path, tmp_path: Path) -> None:
    open_database(big_community, create=False)
    try:
        shift = handover.write(SYSTEM, DAY, "白班", tmp_path / "交接.pdf")
        data = untested.render(DAY, printed_at=dt.datetime.combine(DAY, dt.time(20)))
    finally:
        close_database()
    assert "交接班记录" in _text(shift)
    (tmp_path / "未检.pdf").write_bytes(data)
    text = _text(tmp_path / "未检.pdf")
    # One untested resident in each of the 300 buildings, every compound named.
    assert all(f"第{n:02d}小区" in text for n in range(1, COMPOUNDS + 1))
    listed = {int(number) for number in re.findall(r"居民(\d+)", text)}
    assert listed == set(range(2, 2 * BUILDINGS + 1, 2))
