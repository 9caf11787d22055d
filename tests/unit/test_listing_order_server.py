"""The order of a listing on PostgreSQL: a NOT NULL column of the listing's own table is
ordered without NULLS FIRST/LAST, so that its plain index serves the order (with NULLS FIRST
ascending no btree index does, and the server sorted the whole table for every page:
benchmarks/bench_server_lists.py); a column that may be NULL keeps SQLite's NULL order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from office_app.models import db
from office_app.models.engine import is_postgres, sqlite_nulls
from office_app.services import listings as L
from tests.conftest import SERVER_URL


def statements(**fetch: object) -> list[tuple[str, object]]:
    """Every statement (SQL, parameters) TESTS.fetch(0, 200, **fetch) sends, as sent."""
    sent: list[tuple[str, object]] = []
    real = db.obj.execute_sql  # type: ignore[union-attr]

    def spy(sql: str, params: object = None, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        sent.append((sql, params))
        return real(sql, params, *args, **kwargs)

    db.obj.execute_sql = spy  # type: ignore[union-attr]
    try:
        L.TESTS.fetch(0, 200, **fetch)  # type: ignore[arg-type]
    finally:
        del db.obj.execute_sql  # type: ignore[union-attr]
    return sent


def _sent(
    sort: str, descending: bool, after: tuple[object, int] | None = None
) -> tuple[str, object]:
    """The SQL and parameters of TESTS.fetch's (last) query for one page, as sent."""
    return statements(sort=sort, descending=descending, after=after)[-1]


def _order_sql(sort: str, descending: bool) -> str:
    """The ORDER BY of TESTS.fetch's query."""
    return _sent(sort, descending)[0].rpartition("ORDER BY")[2]


def test_not_null_columns_are_ordered_without_nulls(fresh_db: Path) -> None:
    for key in ("name", "result", "sample_time", "tube", "doc_no"):
        for descending in (False, True):
            assert "NULLS" not in _order_sql(key, descending), key


def test_a_column_that_may_be_null_keeps_sqlite_s_null_order() -> None:
    # (no database: the engine bound decides; on SQLite nothing is said at all)
    if SERVER_URL is None:
        assert sqlite_nulls(False) is None and sqlite_nulls(True) is None
        return
    assert sqlite_nulls(False, nullable=False) is None
    assert sqlite_nulls(True, nullable=False) is None


def test_sqlite_nulls_on_the_server(fresh_db: Path) -> None:
    if is_postgres():
        assert (sqlite_nulls(False), sqlite_nulls(True)) == ("FIRST", "LAST")
    else:
        assert (sqlite_nulls(False), sqlite_nulls(True)) == (None, None)
    assert sqlite_nulls(False, nullable=False) is None


def _plan_nodes(plan: dict[str, object]) -> list[dict[str, object]]:
    nodes = [plan]
    for child in plan.get("Plans", []):  # type: ignore[union-attr]
        nodes.extend(_plan_nodes(child))  # type: ignore[arg-type]
    return nodes


def _fill_server() -> None:
    db.execute_sql(
        "INSERT INTO test_record (name, doc_type, doc_no, phone, category, sample_time, site,"
        " collector, tube_code, pool_size, lab, result, address, compound_name,"
        " building_name, unit, room, created_at)"
        " SELECT '居民' || (i %% 5000), '居民身份证', 'D' || i, '', '',"
        " timestamp '2022-08-01' + i * interval '97 seconds', '', '', 'T' || i, 10, '',"
        " '阴性', '', '', '', '', '', now() FROM generate_series(1, 30000) AS i"
    )
    db.execute_sql("ANALYZE test_record")


def _plan(sql: str, params: object, *, analyze: bool = False) -> list[dict[str, object]]:
    how = "ANALYZE, FORMAT JSON" if analyze else "FORMAT JSON"
    explained = db.execute_sql(f"EXPLAIN ({how}) {sql}", params).fetchone()[0]
    plan = (json.loads(explained) if isinstance(explained, str) else explained)[0]["Plan"]
    return _plan_nodes(plan)


server_only = pytest.mark.skipif(not SERVER_URL, reason="PostgreSQL only: its plan of the list")


@server_only
def test_the_server_reads_the_tests_list_by_name_through_its_index(fresh_db: Path) -> None:
    _fill_server()
    for descending in (False, True):
        nodes = _plan(*_sent("name", descending))
        kinds = [n["Node Type"] for n in nodes]
        assert "Sort" not in kinds, kinds  # no sort of every record for one page
        assert any(n.get("Index Name") == "test_record_name" for n in nodes), kinds


@server_only
def test_the_server_seeks_the_next_page_from_the_key(fresh_db: Path) -> None:
    """The page after a row in the middle: the index scan starts at the row's name (an
    Index Cond), it does not read every entry before it through a filter."""
    _fill_server()
    for descending in (False, True):
        middle = L.TESTS.fetch(15000, 1, sort="name", descending=descending)[0]
        after = (middle[2], middle[0])
        nodes = _plan(*_sent("name", descending, after))
        scans = [n for n in nodes if n.get("Index Name") == "test_record_name"]
        assert scans and "name" in str(scans[0].get("Index Cond", "")), nodes
        assert L.TESTS.fetch(0, 50, sort="name", descending=descending, after=after) == (
            L.TESTS.fetch(15001, 50, sort="name", descending=descending)
        )


@server_only
def test_the_server_sorts_the_tests_list_by_result_through_result_and_id(
    fresh_db: Path,
) -> None:
    """The list by 结果 orders ties by the id: the index on (result, id) serves the order
    (with one on the result alone the server sorted nearly every record for each page). The
    page after a row inside the result nearly every record has (阴性, at either end of the
    list) reads about the page, not every record: the rest of its value, then the values
    after it, each an index range (a row comparison was estimated at one row, and the server
    joined and sorted all of them), the same rows as OFFSET."""
    _fill_server()
    db.execute_sql("UPDATE test_record SET result = '阳性' WHERE id %% 50 = 0")
    db.execute_sql("UPDATE test_record SET result = '待复核' WHERE id %% 50 = 1")
    # in buildings, as records are: the listing joins them (with none, any plan is cheap)
    from office_app.models import Building, Compound

    compound = Compound.create(name="一号院")
    first = min(Building.create(compound=compound, name=f"{n}号楼").id for n in range(1, 29))
    db.execute_sql("UPDATE test_record SET building_id = %s + id %% 28", (first,))
    db.execute_sql("ANALYZE")
    where = 1 + [c.key for c in L.TESTS.columns].index("result")
    for descending in (False, True):
        nodes = _plan(*_sent("result", descending))
        kinds = [n["Node Type"] for n in nodes]
        assert "Sort" not in kinds and "Incremental Sort" not in kinds, kinds
        assert any(n.get("Index Name") == "test_record_result_id" for n in nodes), kinds
        for place in (100, 15000, 29000):
            row = L.TESTS.fetch(place, 1, sort="result", descending=descending)[0]
            after = (row[where], row[0])
            for forward in (True, False):
                sent = statements(
                    sort="result", descending=descending, after=after, reverse=not forward
                )
                for sql, params in sent:  # each step reads about the page, not the list
                    read = [
                        (n["Node Type"], n["Actual Rows"]) for n in _plan(sql, params, analyze=True)
                    ]
                    assert max(rows for _kind, rows in read) <= 1000, (place, read)
            got = L.TESTS.fetch(0, 300, sort="result", descending=descending, after=after)
            assert got == L.TESTS.fetch(place + 1, 300, sort="result", descending=descending)
