from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from office_app.models import (
    Building,
    Compound,
    Household,
    Resident,
    ResidentGroup,
    TestRecord,
)
from office_app.services import listings as L


@pytest.fixture
def community(fresh_db: Path) -> dict[str, Building]:
    xm = Compound.create(name="兴茂盛世国际")
    hj = Compound.create(name="恒基雍翠名门")
    b3 = Building.create(compound=xm, name="3栋", risk_level="高")
    b10 = Building.create(compound=xm, name="10栋")
    b1 = Building.create(compound=hj, name="1栋", risk_level="中")
    start = dt.datetime(2022, 11, 20, 8, 0)
    for i, building in enumerate((b3, b3, b3, b10, b1)):
        household = Household.create(building=building, unit="1单元", room=f"{i + 1}-1")
        resident = Resident.create(
            household=household,
            name=f"居民{i}",
            doc_no=f"50010719800101{i:03d}X",
            phone=f"1390831{i:04d}",
        )
        if i == 0:
            ResidentGroup.create(resident=resident, group="孕妇")
            ResidentGroup.create(resident=resident, group="慢病·透析")
        TestRecord.create(
            name=resident.name,
            doc_no=resident.doc_no,
            tube_code=f"2211201001{i:02d}",
            sample_time=start + dt.timedelta(minutes=i),
            building=building,
            resident=resident,
            result="阳性" if i == 1 else "阴性",
        )
    return {"b3": b3, "b10": b10, "b1": b1}


def test_count_and_fetch_in_default_order(community: dict[str, Building]) -> None:
    assert L.TESTS.count() == 5
    rows = L.TESTS.fetch(0, 10)
    sample_times = [row[1 + 0] for row in rows]
    assert sample_times == sorted(sample_times, reverse=True)  # newest first
    assert L.TESTS.fetch(0, 2)[0][2] == "居民4"


def test_filter_by_building_and_result(community: dict[str, Building]) -> None:
    assert L.TESTS.count(filters={"building": community["b3"].id}) == 3
    assert L.TESTS.count(filters={"result": "阳性"}) == 1
    assert L.TESTS.count(filters={"building": community["b10"].id, "result": "阳性"}) == 0
    names = {row[2] for row in L.TESTS.fetch(0, 10, filters={"building": community["b3"].id})}
    assert names == {"居民0", "居民1", "居民2"}


def test_text_filter_searches_the_searchable_columns(community: dict[str, Building]) -> None:
    assert L.RESIDENTS.count("居民3") == 1
    # the last four digits of a phone number find the resident
    assert L.RESIDENTS.count("0002") == 1
    assert L.RESIDENTS.count("nobody") == 0


def test_sorting_in_sql_and_paging(community: dict[str, Building]) -> None:
    names = [r[1] for r in L.RESIDENTS.fetch(0, 10, sort="name", descending=True)]
    assert names == ["居民4", "居民3", "居民2", "居民1", "居民0"]
    first = L.RESIDENTS.fetch(0, 2, sort="name")
    second = L.RESIDENTS.fetch(2, 2, sort="name")
    assert [r[1] for r in first + second] == ["居民0", "居民1", "居民2", "居民3"]


def test_buildings_listing_counts_households_and_residents(
    community: dict[str, Building],
) -> None:
    rows = {(r[1], r[2]): r for r in L.BUILDINGS.fetch(0, 10)}
    households = L.BUILDINGS.columns.index(L.BUILDINGS.column("households")) + 1
    residents = L.BUILDINGS.columns.index(L.BUILDINGS.column("residents")) + 1
    assert rows[("兴茂盛世国际", "3栋")][households] == 3
    assert rows[("兴茂盛世国际", "3栋")][residents] == 3
    assert rows[("恒基雍翠名门", "1栋")][residents] == 1
    assert L.BUILDINGS.count(filters={"risk": ["高", "中"]}) == 2


def test_special_groups_are_listed_and_filterable(community: dict[str, Building]) -> None:
    groups = L.RESIDENTS.columns.index(L.RESIDENTS.column("groups")) + 1
    row = L.RESIDENTS.fetch(0, 1, sort="name")[0]
    assert set(row[groups].split(",")) == {"孕妇", "慢病·透析"}
    assert L.RESIDENTS.count(filters={"group": "孕妇"}) == 1
    assert L.RESIDENTS.count(filters={"group": "高龄"}) == 0


def test_every_listing_runs_on_an_empty_database(fresh_db: Path) -> None:
    for listing in L.LISTINGS.values():
        assert listing.count() == 0
        assert listing.fetch(0, 10) == []
        for column in listing.columns:
            listing.fetch(0, 1, sort=column.key, descending=True)
        assert listing.count("张") == 0


def test_every_column_has_a_unique_key_and_a_title() -> None:
    for listing in L.LISTINGS.values():
        keys = [c.key for c in listing.columns]
        assert len(keys) == len(set(keys)), listing.name
        assert all(c.title for c in listing.columns)
        assert listing.default_sort in keys


def test_count_without_joins_agrees_with_the_joined_count(community: dict[str, Building]) -> None:
    TestRecord.create(
        name="外来人员", doc_no="X1", tube_code="T9", sample_time=dt.datetime(2022, 11, 21)
    )
    joined = L.Listing(
        name="tests-joined",
        id_expr=L.TESTS.id_expr,
        columns=L.TESTS.columns,
        base=L.TESTS.base,
        default_sort=L.TESTS.default_sort,
        filters=L.TESTS.filters,
    )
    cases: list[tuple[str, dict[str, object]]] = [
        ("", {}),
        ("", {"building": community["b3"].id}),
        ("", {"result": "阴性"}),
        ("", {"unmatched": True}),
        ("", {"compound": community["b1"].compound_id}),
        ("居民", {}),
        ("2211201001", {"building": community["b3"].id}),
    ]
    for text, filters in cases:
        assert L.TESTS.count(text, filters) == joined.count(text, filters), (text, filters)
    assert L.TESTS.count() == 6
    assert L.TESTS.count(filters={"unmatched": True}) == 1


def test_the_groups_aggregate_is_chosen_for_the_open_database(
    fresh_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import types

    import peewee as pw

    from office_app.models import base

    column = L.RESIDENTS.column("groups")
    # models/engine.py chooses by the bound database: GROUP_CONCAT on SQLite, STRING_AGG on
    # PostgreSQL (the office server)
    monkeypatch.setattr(base, "db", types.SimpleNamespace(obj=pw.SqliteDatabase(":memory:")))
    assert "GROUP_CONCAT" in column.node().sql()[0]
    monkeypatch.setattr(base, "db", types.SimpleNamespace(obj=pw.PostgresqlDatabase("office")))
    assert "STRING_AGG" in column.node().sql()[0]
