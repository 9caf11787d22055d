"""核酸: the 采样日期 selector filters 检测记录, and the row count with it (issue 17, point 17)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate

from office_app.models import TestRecord
from office_app.services.admin.actor import SYSTEM
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.pages.tests import TestsPage


@pytest.fixture(autouse=True)
def _application(office_app) -> None:
    """The program's QApplication (Chinese, themed)."""


def sampled_on(day: dt.date) -> int:
    start = dt.datetime.combine(day, dt.time())
    return (
        TestRecord.select()
        .where(
            (TestRecord.sample_time >= start)
            & (TestRecord.sample_time < start + dt.timedelta(days=1))
        )
        .count()
    )


def test_the_sampling_day_filters_the_records_and_their_count(
    qtbot, demo_db: Path, ui: U.UiSettings, qtmodeltester
) -> None:
    page = TestsPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    day = page.day()
    total = TestRecord.select().count()
    on_day = sampled_on(day)
    assert 0 < on_day < total
    records = page.records
    assert records.model.rowCount() == on_day
    assert f"{on_day:,}" in records.count_label.text()
    qtmodeltester.check(records.model)
    shown = {
        records.model.index(r, 0).data()[:10] for r in range(min(records.model.rowCount(), 200))
    }
    assert shown == {day.isoformat()}
    earlier = day - dt.timedelta(days=2)
    page.day_edit.setDate(QDate(earlier.year, earlier.month, earlier.day))
    assert records.model.rowCount() == sampled_on(earlier) != on_day
    assert f"{sampled_on(earlier):,}" in records.count_label.text()
    page.all_days.setChecked(True)
    assert records.model.rowCount() == total and f"{total:,}" in records.count_label.text()
    page.all_days.setChecked(False)
    assert records.model.rowCount() == sampled_on(earlier)
    # The list of unmatched rows is not a day's: it keeps every row to link.
    unmatched = TestRecord.select().where(TestRecord.building.is_null(True)).count()
    assert page.unmatched.model.rowCount() == unmatched
