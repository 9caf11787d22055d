"""The pages' counts are the office's figures: the 核酸 page's 待复核 and the 出入 page's
out / overdue say what the overview and the current shift's handover say."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from office_app.models import (
    Building,
    Compound,
    ExitRequest,
    Household,
    ImportRun,
    Resident,
    TestRecord,
    now,
)
from office_app.services.admin import settings
from office_app.services.admin.actor import SYSTEM
from office_app.services.reporting import handover, overview
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.pages.gate import GatePage
from office_app.views.pages.tests import TestsPage


@pytest.fixture(autouse=True)
def _application(office_app) -> None:
    """The program's QApplication (Chinese, themed)."""


def _community(moment: dt.datetime) -> list[Resident]:
    building = Building.create(compound=Compound.create(name="甲苑"), name="1栋")
    household = Household.create(building=building, room="101")
    people = [
        Resident.create(household=household, name=f"居民{n}", doc_no=f"D{n}") for n in range(4)
    ]
    pooled = ImportRun.create(
        kind="tests", file_name="a.csv", sha256="a", imported_at=moment - dt.timedelta(hours=2)
    )
    for n, person in enumerate(people[:3]):
        TestRecord.create(
            import_run=pooled,
            name=person.name,
            doc_no=person.doc_no,
            tube_code="P1",
            pool_size=10,
            result="混管阳性",
            sample_time=moment - dt.timedelta(hours=6, seconds=n),
            resident=person,
            building=building,
        )
    # 居民0's single-tube retest came back negative: two people are still waiting.
    retest = ImportRun.create(
        kind="tests", file_name="b.csv", sha256="b", imported_at=moment - dt.timedelta(hours=1)
    )
    TestRecord.create(
        import_run=retest,
        name=people[0].name,
        doc_no=people[0].doc_no,
        tube_code="R1",
        pool_size=1,
        result="阴性",
        sample_time=moment - dt.timedelta(hours=4),
        resident=people[0],
        building=building,
    )
    # One resident out and overdue, one out and not yet due.
    for person, due in ((people[1], -1), (people[3], 2)):
        ExitRequest.create(
            resident=person,
            reason="就医",
            requested_at=moment - dt.timedelta(hours=3),
            decision="同意·点对点",
            decided_at=moment - dt.timedelta(hours=3),
            out_at=moment - dt.timedelta(hours=3),
            due_back_at=moment + dt.timedelta(hours=due),
        )
    return people


def _numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def test_the_pages_count_as_the_overview_and_the_handover(
    qtbot, fresh_db: Path, tmp_path: Path
) -> None:
    moment = now()
    _community(moment)
    day, shift = settings.load().shift_at(moment)
    facts = handover.gather(day, shift.name)
    tiles = overview.gather(now())
    assert tiles.pending_review == facts.testing.pending_review == 2
    assert (tiles.out_not_back, tiles.overdue) == (len(facts.gate.not_back), facts.gate.overdue)
    assert (tiles.out_not_back, tiles.overdue) == (2, 1)

    ui = U.UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    context = AppContext(actor=SYSTEM, db_path=fresh_db, ui=ui)
    tests_page = TestsPage(context)
    qtbot.addWidget(tests_page)
    tests_page.load_followup()  # what opening the 跟进 tab shows
    assert 2 in _numbers(tests_page.review_label.text())
    gate_page = GatePage(context)
    qtbot.addWidget(gate_page)
    gate_page._log_changed()
    assert _numbers(gate_page.overdue_label.text())[:2] == [2, 1]
