"""The page after a row of a sorted list (scrolling): the rows OFFSET gives, read as index
ranges — the rest of the row's own value, then the values after it — on either engine,
instead of one query with an OR that SQLite answered by scanning the index from its start
(a page in the middle of 1M records: 23-51 ms; 1.3-3.4 ms in two steps)."""

from __future__ import annotations

from pathlib import Path

import pytest

from office_app.models import db
from office_app.models.engine import is_postgres
from office_app.services import listings as L
from tests.unit.test_listing_order_server import statements

# address, compound_name, building_name, unit, room, created_at
EMPTY = ("", "", "", "", "", "2022-08-01 00:00:00")


def _fill(rows: int = 3000) -> None:
    """Test records with many names, a few results (one for nearly all), times in order."""
    for start in range(0, rows, 500):
        values = [
            (
                f"居民{i % 700}",
                f"D{i:06d}",
                f"T{i:06d}",
                f"2022-08-01 {i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}",
                "阳性" if i % 50 == 0 else "阴性",
            )
            for i in range(start, min(start + 500, rows))
        ]
        for name, doc, tube, when, result in values:
            db.execute_sql(
                "INSERT INTO test_record (name, doc_type, doc_no, phone, category, sample_time,"
                " site, collector, tube_code, pool_size, lab, result, address, compound_name,"
                " building_name, unit, room, created_at) VALUES"
                f" ({', '.join([db.obj.param] * 18)})",
                (name, "居民身份证", doc, "", "", when, "", "", tube, 10, "", result, *EMPTY),
            )


@pytest.mark.parametrize("sort", ["result", "name", "sample_time", "tube", "doc_no"])
def test_the_page_after_a_row_is_the_page_offset_gives(fresh_db: Path, sort: str) -> None:
    _fill()
    where = 1 + [c.key for c in L.TESTS.columns].index(sort)
    for descending in (False, True):
        for place in (0, 49, 1234, 2900, 2998):
            row = L.TESTS.fetch(place, 1, sort=sort, descending=descending)[0]
            after = (row[where], row[0])
            forward = L.TESTS.fetch(0, 120, sort=sort, descending=descending, after=after)
            assert forward == L.TESTS.fetch(place + 1, 120, sort=sort, descending=descending)
            back = L.TESTS.fetch(
                0, 120, sort=sort, descending=descending, after=after, reverse=True
            )
            start = max(place - 120, 0)
            expected = L.TESTS.fetch(start, place - start, sort=sort, descending=descending)
            assert back[::-1] == expected, (sort, descending, place)


def test_on_sqlite_each_step_is_an_index_search_not_a_scan(fresh_db: Path) -> None:
    if is_postgres():
        pytest.skip("SQLite's query plan (the server's: test_listing_order_server)")
    _fill(600)
    where = 1 + [c.key for c in L.TESTS.columns].index("name")
    row = L.TESTS.fetch(300, 1, sort="name", descending=False)[0]
    sent = statements(sort="name", descending=False, after=(row[where], row[0]))
    assert sent
    for sql, params in sent:
        plan = [r[3] for r in db.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()]
        own = [step for step in plan if " t1 " in f"{step} "]
        assert own and all(step.startswith("SEARCH t1 USING INDEX") for step in own), plan
