"""Consequences of test results: isolation, pooled-tube review, coverage, 未检名单 (no Qt)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from office_app.models import (
    AuditEntry,
    Building,
    Compound,
    Household,
    Resident,
    RiskProposal,
    TestRecord,
)
from office_app.services.admin.actor import SYSTEM, Actor, PermissionDenied
from office_app.services.imports.tests import import_tests
from office_app.services.testing.followup import (
    coverage,
    export_untested,
    isolate_positive,
    pooled_review,
    positives,
    untested,
)

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "imports" / "test-site-utf8-bom.csv"
MOMENT = dt.datetime(2022, 11, 21, 10, 0)
SINCE = dt.datetime(2022, 11, 14)

# The people of rows 7-10 of the sample file, registered in 翠柏园 12栋.
CUIBAI = [
    ("李德明", "51021319520630011X", "2单元", "11-4"),
    ("周桂兰", "51021319550108064X", "2单元", "11-4"),
    ("黄俊杰", "510214199111230352", "2单元", "18-2"),
    ("罗婷", "510902199605140229", "2单元", "20-1"),
]


@pytest.fixture
def community(fresh_db: Path) -> dict[str, int]:
    compound = Compound.create(name="翠柏园")
    b12 = Building.create(compound=compound, name="12栋")
    ids = {"b12": b12.id}
    for name, doc, unit, room in CUIBAI:
        household, _ = Household.get_or_create(building=b12, unit=unit, room=room)
        ids[name] = Resident.create(household=household, name=name, doc_no=doc).id
    import_tests(SYSTEM, SAMPLE, moment=MOMENT)
    return ids


def test_a_positive_proposes_sealing_and_isolation(community: dict[str, int]) -> None:
    proposal = RiskProposal.get()
    assert (proposal.building_id, proposal.to_level) == (community["b12"], "高")
    found = positives(SINCE)
    assert [(p.name, p.building, p.needs_isolation) for p in found] == [
        ("黄俊杰", "翠柏园 12栋", True)
    ]
    assert isolate_positive(SYSTEM, found[0].record_id, at=MOMENT) == "黄俊杰"
    huang = Resident.get_by_id(community["黄俊杰"])
    assert (huang.control_status, huang.control_from) == ("居家隔离", dt.date(2022, 11, 21))
    assert AuditEntry.select().where(AuditEntry.action == "resident.isolate").count() == 1
    assert not positives(SINCE)[0].needs_isolation
    with pytest.raises(ValueError, match="已经在居家隔离"):
        isolate_positive(SYSTEM, found[0].record_id)


def test_isolation_needs_a_writer(community: dict[str, int]) -> None:
    reader = Actor("r", "只读", "readonly", None)
    with pytest.raises(PermissionDenied):
        isolate_positive(reader, positives(SINCE)[0].record_id)


def test_pooled_positive_puts_the_tube_into_review_with_households(
    community: dict[str, int],
) -> None:
    members = pooled_review(SINCE)
    assert {m.tube_code for m in members} == {"221120100138"}
    status = {m.name: m.status for m in members}
    # 黄俊杰's single-tube retest came back 阳性; 罗婷's has no result yet.
    assert status == {"李德明": "待复核", "周桂兰": "待复核", "黄俊杰": "阳性", "罗婷": "待复核"}
    li = next(m for m in members if m.name == "李德明")
    assert li.address == "翠柏园 12栋 2单元 11-4" and li.household == ("周桂兰",)
    luo = next(m for m in members if m.name == "罗婷")
    assert luo.retest_result == "待出结果" and luo.retest_time == dt.datetime(
        2022, 11, 21, 0, 52, 44
    )
    assert {m.name for m in pooled_review(SINCE, open_only=True)} == {"李德明", "周桂兰", "罗婷"}


def test_a_tube_code_printed_again_another_day_is_another_tube(
    community: dict[str, int],
) -> None:
    first = TestRecord.get(TestRecord.tube_code == "221120100138")
    TestRecord.create(
        name="隔天同码",
        doc_no="500107201009180263",
        tube_code=first.tube_code,
        sample_time=first.sample_time + dt.timedelta(days=2),
        pool_size=10,
        result="阴性",
    )
    assert "隔天同码" not in {m.name for m in pooled_review(SINCE)}


def test_coverage_and_untested_by_building(community: dict[str, int]) -> None:
    day1 = {c.label: (c.tested, c.registered) for c in coverage(dt.date(2022, 11, 20))}
    assert day1 == {"翠柏园 12栋": (4, 4)}
    day2 = next(c for c in coverage(dt.date(2022, 11, 21)))
    assert (day2.tested, day2.registered, day2.untested) == (2, 4, 2)
    assert day2.ratio == pytest.approx(0.5)
    names = [r.name for r in untested(dt.date(2022, 11, 21))]
    assert names == ["李德明", "周桂兰"]
    assert untested(dt.date(2022, 11, 20)) == []


def test_untested_export_is_masked(community: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "未检名单.csv"
    result = export_untested(SYSTEM, out, dt.date(2022, 11, 21))
    text = out.read_text(encoding="utf-8-sig")
    assert result.rows == 2 and "李**" in text and "5102**********011X" in text
    assert "51021319520630011X" not in text
    assert AuditEntry.select().where(AuditEntry.action.startswith("export.untested")).exists()


def test_untested_pdf_prints_names_by_building(community: dict[str, int], tmp_path: Path) -> None:
    from office_app.reports import untested as report

    target = report.write(
        SYSTEM, dt.date(2022, 11, 21), tmp_path / "未检名单.pdf", printed_at=MOMENT
    )
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000
    assert AuditEntry.select().where(AuditEntry.action == "print.untested").count() == 1
    from pypdf import PdfReader

    text = PdfReader(target).pages[0].extract_text()
    assert "李德明" in text and "翠柏园 12栋" in text and "未检 2 人" in text


def test_unmatched_rows_are_linked_later(fresh_db: Path) -> None:
    from office_app.models import TestRecord
    from office_app.services.testing.followup import link_to_building, relink_unmatched

    summary = import_tests(SYSTEM, SAMPLE, moment=MOMENT)
    assert summary.unmatched == 14
    compound = Compound.create(name="翠柏园")
    b12 = Building.create(compound=compound, name="12栋")
    household = Household.create(building=b12, unit="2单元", room="18-2")
    huang = Resident.create(household=household, name="黄俊杰", doc_no="510214199111230352")
    # 翠柏园 12栋 rows by address, 黄俊杰's by his document number.
    assert relink_unmatched(SYSTEM) == 7
    assert TestRecord.select().where(TestRecord.resident == huang.id).count() == 2
    keyuan = Building.create(compound=Compound.create(name="科苑里"), name="5栋")
    left = [r.id for r in TestRecord.select().where(TestRecord.building.is_null(True))]
    assert len(left) == 7
    assert link_to_building(SYSTEM, left[:1], keyuan.id) == 1
    assert TestRecord.get_by_id(left[0]).building_id == keyuan.id
    assert AuditEntry.select().where(AuditEntry.action == "tests.link").count() == 1


def test_unmatched_rows_are_linked_to_a_resident_by_hand(community: dict[str, int]) -> None:
    from office_app.models import TestRecord
    from office_app.services.testing.followup import find_residents, link_to_resident

    assert find_residents("") == []
    by_doc = find_residents("51021319520630011x")
    assert [c.resident_id for c in by_doc] == [community["李德明"]]
    assert "翠柏园 12栋 2单元 11-4" in by_doc[0].label and "011X" in by_doc[0].label
    assert [c.resident_id for c in find_residents("罗婷")] == [community["罗婷"]]
    # 孙浩然 (row 14) is not registered: link his row to 罗婷's household by hand.
    sun = TestRecord.get(TestRecord.name == "孙浩然")
    assert sun.resident_id is None
    assert link_to_resident(SYSTEM, [sun.id], community["罗婷"]) == 1
    sun = TestRecord.get_by_id(sun.id)
    assert (sun.resident_id, sun.building_id) == (community["罗婷"], community["b12"])
