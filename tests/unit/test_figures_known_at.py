"""When a test result reached the office: its file's import, or the later file that filled it in.

Schema 2 adds ``test_record.result_known_at`` for the second case; a version-1 file migrates
with the column empty (its results count when their own files were imported).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

from office_app.models import Building, Compound, Household, Resident, TestRecord
from office_app.models.database import close_database, open_database, schema_version
from office_app.models.migrations import SCHEMA_VERSION
from office_app.services.admin.actor import SYSTEM
from office_app.services.imports.tests import import_tests
from office_app.services.reporting import figures, handover

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
D1 = dt.date(2022, 11, 21)
DOC = "500107201009180263"


def test_a_version_1_file_gets_the_column_empty(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite"
    shutil.copy2(FIXTURES / "db_v1.sqlite", path)
    with sqlite3.connect(path) as raw:
        columns = {row[1] for row in raw.execute("PRAGMA table_info(test_record)")}
        records = raw.execute("SELECT COUNT(*) FROM test_record").fetchone()[0]
    assert "result_known_at" not in columns and records == 2
    open_database(path)
    try:
        assert schema_version() == SCHEMA_VERSION >= 2
        assert [r.result_known_at for r in TestRecord.select()] == [None, None]
        # Without an import run, a record counts from when it was stored.
        window = figures.Window(dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1))
        assert figures.records_received(window) == 2
    finally:
        close_database()


def _file(path: Path, result: str, report: str) -> Path:
    path.write_text(
        "姓名,证件号码,采样时间,试管编码,采样方式,检测结果,报告时间,小区,楼栋,单元,房号\n"
        f"张子涵,{DOC},2022-11-21 09:00:00,S001,单采,{result},{report},甲苑,1栋,1单元,101\n",
        encoding="utf-8",
    )
    return path


def test_a_result_filled_in_by_a_later_file_belongs_to_that_files_shift(
    fresh_db: Path, tmp_path: Path
) -> None:
    compound = Compound.create(name="甲苑")
    building = Building.create(compound=compound, name="1栋")
    household = Household.create(building=building, unit="1单元", room="101")
    Resident.create(
        household=household, name="张子涵", doc_no=DOC, created_at=dt.datetime(2022, 11, 20)
    )
    # The day shift gets the file with the result still pending; the night shift the result.
    import_tests(SYSTEM, _file(tmp_path / "a.csv", "", ""), moment=dt.datetime(2022, 11, 21, 15))
    import_tests(
        SYSTEM,
        _file(tmp_path / "b.csv", "阳性", "2022-11-21 23:40:00"),
        moment=dt.datetime(2022, 11, 22, 0, 30),
    )
    record = TestRecord.get()
    assert record.result == "阳性"
    assert record.result_known_at == dt.datetime(2022, 11, 22, 0, 30)
    day = handover.gather(D1, "白班", moment=dt.datetime(2022, 11, 23))
    night = handover.gather(D1, "夜班", moment=dt.datetime(2022, 11, 23))
    assert [i.file_name for i in day.testing.imports] == ["a.csv"]
    assert day.testing.positives == [] and day.testing.received == 1
    assert [(p.name, p.known_at) for p in night.testing.positives] == [
        ("张子涵", dt.datetime(2022, 11, 22, 0, 30))
    ]
    # The row is one record: received once, in the day shift that stored it.
    assert night.testing.received == 0


def test_a_positive_reported_at_dawn_and_imported_at_19_01_is_the_day_shifts(
    fresh_db: Path, tmp_path: Path
) -> None:
    import io
    import re

    from pypdf import PdfReader

    from office_app.reports import handover as handover_pdf

    compound = Compound.create(name="甲苑")
    building = Building.create(compound=compound, name="1栋")
    household = Household.create(building=building, unit="1单元", room="101")
    Resident.create(
        household=household, name="张子涵", doc_no=DOC, created_at=dt.datetime(2022, 11, 20)
    )
    path = tmp_path / "c.csv"
    path.write_text(
        "姓名,证件号码,采样时间,试管编码,采样方式,检测结果,报告时间,小区,楼栋,单元,房号\n"
        f"张子涵,{DOC},2022-11-20 21:00:00,S009,单采,阳性,2022-11-21 06:18:00,甲苑,1栋,1单元,101\n",
        encoding="utf-8",
    )
    import_tests(SYSTEM, path, moment=dt.datetime(2022, 11, 21, 19, 1))
    later = dt.datetime(2022, 11, 25)
    night_before = handover.gather(D1 - dt.timedelta(days=1), "夜班", moment=later)
    day = handover.gather(D1, "白班", moment=later)
    assert night_before.testing.positives == []
    assert [p.name for p in day.testing.positives] == ["张子涵"]
    data = handover_pdf.render(day, later)
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    # Arrived 19:01, sampled 11-20 21:00, reported 11-21 06:18: all three shown.
    assert "19:01张子涵甲苑1栋11-2021:0011-2106:18" in text
