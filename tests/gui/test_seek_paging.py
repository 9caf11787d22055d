"""Large lists read a page on from its neighbour (a seek) or back from the end, never by
stepping over every row before it; the rows are the same as reading the list from the top."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

import pytest

from office_app.models import Building, Compound, TestRecord
from office_app.services import listings as L
from office_app.views.table_models.query_table_model import QueryTableModel

ROWS = 157
PAGE = 10


@pytest.fixture
def records(office_app, fresh_db: Path) -> int:
    """Test records with many ties (few names, few times), NULL report times, and rows with
    and without a building (the compound column is a COALESCE over a LEFT JOIN)."""
    rng = random.Random(5)
    compound = Compound.create(name="甲小区")
    buildings = [Building.create(compound=compound, name=f"{n}栋") for n in (1, 2, 10)]
    start = dt.datetime(2022, 11, 21, 7, 0)
    for number in range(ROWS):
        TestRecord.create(
            name=rng.choice(["张三", "李四", "王五", "Anna"]),
            doc_no=f"D{rng.randrange(40):03d}-{number}",
            sample_time=start + dt.timedelta(minutes=rng.randrange(6)),
            tube_code=f"T{number % 13}",
            pool_size=rng.choice([1, 10, 20]),
            result=rng.choice(["阴性", "阳性", "待出结果"]),
            report_time=None
            if rng.random() < 0.3
            else start + dt.timedelta(hours=rng.randrange(3)),
            site=rng.choice(["", "一号点", "二号点"]),
            compound_name=rng.choice(["", "乙小区"]),
            building_name=rng.choice(["", "5栋"]),
            building=rng.choice([None, *buildings]),
        )
    return ROWS


# Every column sortable, so the seek is tried on NULLs (report time) and on expressions over
# a LEFT JOIN (compound) too.
ALL_SORTABLE = dataclasses.replace(
    L.TESTS, columns=tuple(dataclasses.replace(c, sortable=True) for c in L.TESTS.columns)
)


def _model(sort: int, descending: bool, **filters: object) -> QueryTableModel:
    model = QueryTableModel(ALL_SORTABLE)
    model.PAGE_SIZE = PAGE
    model.MAX_PAGES = 3
    if filters:
        model.set_filter(**filters)
    from PySide6.QtCore import Qt

    model.sort(sort, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
    return model


def _from_the_top(model: QueryTableModel) -> list[tuple[object, ...]]:
    """The whole list in one read from the top: what every page must agree with."""
    return model.listing.fetch(
        0,
        10_000,
        text=model.filter_text,
        filters=model.filters,
        sort=model._sort,
        descending=model._descending,
    )


@pytest.mark.parametrize("descending", [False, True])
def test_every_column_reads_the_same_rows_in_any_order_of_access(
    records: int, descending: bool
) -> None:
    for column in range(len(L.TESTS.columns)):
        model = _model(column, descending)
        assert model.sort_state()[0] == column
        expected = _from_the_top(model)
        assert len(expected) == model.rowCount() == records
        rng = random.Random(column)
        orders = [
            list(range(records)),  # scrolling down
            list(range(records - 1, -1, -1)),  # from the end, up
            rng.sample(range(records), records),  # jumping about
        ]
        for order in orders:
            model.refresh()
            for row in order:
                assert model.row_values(row) == expected[row], (column, row)


def test_seeks_are_used_and_filters_kept(records: int, monkeypatch) -> None:
    model = _model(1, False, result="阴性")  # by name
    expected = _from_the_top(model)
    calls: list[dict[str, object]] = []
    real = L.Listing.fetch

    def recording(self, offset, limit, **kwargs):  # type: ignore[no-untyped-def]
        calls.append({"offset": offset, **kwargs})
        return real(self, offset, limit, **kwargs)

    monkeypatch.setattr(L.Listing, "fetch", recording)
    last = model.rowCount() - 1
    assert model.row_values(last) == expected[last]
    assert calls[-1]["reverse"] is True and calls[-1]["offset"] == 0  # the end, read backwards
    assert model.row_values(0) == expected[0]
    assert model.row_values(PAGE) == expected[PAGE]
    assert calls[-1]["after"] == (expected[PAGE - 1][2], expected[PAGE - 1][0])  # seek on
    assert all(call["offset"] == 0 for call in calls)
    assert all(row[9] == "阴性" for row in expected)


def test_a_column_no_index_serves_keeps_the_order_and_says_why(
    qtbot, records: int, fresh_db: Path, ui
) -> None:
    from PySide6.QtCore import Qt

    from office_app.services.admin.actor import SYSTEM
    from office_app.views.context import AppContext
    from office_app.views.list_page import ListPage

    page = ListPage(AppContext(actor=SYSTEM, db_path=fresh_db, ui=ui), L.TESTS)
    qtbot.addWidget(page)
    page.resize(2400, 600)
    page.show()
    header = page.table.horizontalHeader()
    keys = [c.key for c in L.TESTS.columns]
    site, name = keys.index("site"), keys.index("name")
    assert 0 <= _centre(header, site).x() < header.viewport().width()  # the click lands on it
    before = [page.model.row_id(r) for r in range(records)]
    tip = page.model.headerData(site, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip  # says why the list is not sorted by it
    assert (
        page.model.headerData(name, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None
    )

    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_centre(header, site))
    assert [page.model.row_id(r) for r in range(records)] == before
    assert header.sortIndicatorSection() == keys.index("sample_time")

    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_centre(header, name))
    assert header.sortIndicatorSection() == name
    names = [page.model.row_values(r)[2] for r in range(records)]
    assert names == sorted(names) or names == sorted(names, reverse=True)


def _centre(header, section: int):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    return QPoint(x, header.height() // 2)
