"""What follows from test results: positives to isolate, pooled tubes to retest, coverage.

- A 阳性 proposes 高风险 for the person's building (:func:`risk.refresh`, called after an
  import) and 居家隔离 for the person: :func:`positives` lists positive people who are not
  isolated yet, :func:`isolate_positive` carries it out when the secretary agrees.
- A 混管阳性 puts every member of that tube into 待复核 until a single-tube retest sampled after
  it has a result: :func:`pooled_review` lists them with their households.
- Coverage for a day: per building, the registered residents tested that day against all
  registered residents (:func:`coverage`), and the 未检名单 (:func:`untested`), exportable
  (:func:`export_untested`) and printable (reports/untested.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, cast

import peewee as pw

from office_app.models import Building, Compound, Household, Resident, TestRecord, db, now
from office_app.models.people import CONTROL_ISOLATION, ResidentGroup
from office_app.models.testing import (
    RESULT_NEGATIVE,
    RESULT_PENDING,
    RESULT_POOLED_POSITIVE,
    RESULT_POSITIVE,
    RESULT_REVIEW,
)

from ..admin import audit, seats
from ..admin.actor import Actor, require_write
from ..choices import natural_key

# How far back the lists on the tests page look by default.
DEFAULT_WINDOW: Final = dt.timedelta(days=14)


def newest_sample_day() -> dt.date | None:
    """The day of the newest sample (the last round), None without any record."""
    latest = TestRecord.select(TestRecord.sample_time).order_by(TestRecord.sample_time.desc())
    row = latest.first()
    return None if row is None else cast(dt.date, row.sample_time.date())


def _when(value: Any) -> dt.datetime:
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    moment: dt.datetime = value
    return moment


# --- positives --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PositivePerson:
    record_id: int
    name: str
    doc_no: str
    sample_time: dt.datetime
    building: str  # "小区 楼栋", or the file's address when unmatched
    resident_id: int | None
    control_status: str

    @property
    def needs_isolation(self) -> bool:
        return self.resident_id is not None and self.control_status != CONTROL_ISOLATION


def positives(since: dt.datetime) -> list[PositivePerson]:
    """阳性 records sampled since ``since``, newest first, with the person's control status."""
    rows = (
        TestRecord.select(
            TestRecord.id,
            TestRecord.name,
            TestRecord.doc_no,
            TestRecord.sample_time,
            Compound.name,
            Building.name,
            TestRecord.compound_name,
            TestRecord.building_name,
            TestRecord.resident,
            Resident.control_status,
        )
        .join(Building, pw.JOIN.LEFT_OUTER, on=(TestRecord.building == Building.id))
        .join(Compound, pw.JOIN.LEFT_OUTER, on=(Building.compound == Compound.id))
        .switch(TestRecord)
        .join(Resident, pw.JOIN.LEFT_OUTER, on=(TestRecord.resident == Resident.id))
        .where((TestRecord.result == RESULT_POSITIVE) & (TestRecord.sample_time >= since))
        .order_by(TestRecord.sample_time.desc())
        .tuples()
    )
    result = []
    for rid, name, doc, sample, cname, bname, fcname, fbname, resident, control in cast(
        list[tuple[Any, ...]], list(rows)
    ):
        label = f"{cname} {bname}" if cname else f"{fcname} {fbname}".strip()
        result.append(PositivePerson(rid, name, doc, _when(sample), label, resident, control or ""))
    return result


def isolate_positive(actor: Actor, record_id: int, *, at: dt.datetime | None = None) -> str:
    """Put the resident of a positive record under 居家隔离 from its sample day; audited.

    Returns the resident's name. Raises ValueError (message in Chinese) when the record is not
    a positive of a registered resident, or the resident is already isolated.
    """
    require_write(actor)
    moment = at or now()
    with db.atomic():
        record = TestRecord.get_or_none(TestRecord.id == record_id)
        if record is None or record.result != RESULT_POSITIVE:
            raise ValueError("这条记录不是阳性结果。")
        resident_id = _resident_id(record)
        if resident_id is None:
            raise ValueError("这条阳性记录还没有对应到登记的居民，请先核对身份。")
        resident: Resident = Resident.get_by_id(resident_id)
        if resident.control_status == CONTROL_ISOLATION:
            raise ValueError(f"{resident.name} 已经在居家隔离。")
        before = resident.control_status
        Resident.update(
            control_status=CONTROL_ISOLATION,
            control_from=record.sample_time.date(),
            control_until=None,
            updated_at=moment,
            # An editor open on the resident then learns of it instead of undoing it.
            **seats.stamp(Resident, seats.actor_label(actor)),
        ).where(Resident.id == resident.id).execute()
        audit.record(
            actor,
            "resident.isolate",
            entity="resident",
            entity_id=resident.id,
            summary=f"{resident.name[:1]}** 核酸阳性（试管 {record.tube_code}），居家隔离",
            before={"control_status": before},
            after={"control_status": CONTROL_ISOLATION, "test_record_id": record_id},
        )
    name: str = resident.name
    return name


# --- unmatched rows ------------------------------------------------------------------------------


def link_to_building(actor: Actor, record_ids: Iterable[int], building_id: int) -> int:
    """The secretary links unmatched records to a building; returns how many changed."""
    require_write(actor)
    ids = list(record_ids)
    with db.atomic():
        building = Building.get_or_none(Building.id == building_id)
        if building is None:
            raise ValueError(f"楼栋 {building_id} 不存在。")
        place = f"{building.compound.name} {building.name}"
        return _link(
            actor,
            ids,
            TestRecord.update(building=building_id).where(
                TestRecord.id.in_(ids) & TestRecord.building.is_null(True)
            ),
            "building",
            building_id,
            lambda changed: f"{changed} 条未匹配的核酸记录关联到 {place}",
        )


def _link(
    actor: Actor,
    ids: list[int],
    update: Any,
    entity: str,
    entity_id: int,
    summary: Callable[[int], str],
) -> int:
    """Run a linking UPDATE and record it (the first 200 record ids with it); how many."""
    changed = int(update.execute())
    audit.record(
        actor,
        "tests.link",
        entity=entity,
        entity_id=entity_id,
        summary=summary(changed),
        after={"records": ids[:200]},
    )
    return changed


@dataclass(frozen=True)
class ResidentChoice:
    resident_id: int
    label: str  # 姓名 小区 楼栋 单元 房号 (masked document)


def find_residents(text: str, limit: int = 20) -> list[ResidentChoice]:
    """Registered residents whose document number or name is ``text`` (for manual linking)."""
    from ..people.identity import mask_document

    needle = text.strip()
    if not needle:
        return []
    rows = (
        Resident.select(
            Resident.id,
            Resident.name,
            Resident.doc_no,
            Compound.name,
            Building.name,
            Household.unit,
            Household.room,
        )
        .join(Household)
        .join(Building)
        .join(Compound)
        .where((Resident.doc_no == needle.upper()) | (Resident.name == needle))
        .order_by(Resident.id)
        .limit(limit)
        .tuples()
    )
    return [
        ResidentChoice(rid, f"{name}  {cname} {bname} {unit} {room}  {mask_document(doc)}")
        for rid, name, doc, cname, bname, unit, room in cast(list[tuple[Any, ...]], list(rows))
    ]


def link_to_resident(actor: Actor, record_ids: Iterable[int], resident_id: int) -> int:
    """The secretary links unmatched records to a registered resident (and his building)."""
    require_write(actor)
    ids = list(record_ids)
    with db.atomic():
        row = (
            Resident.select(Resident.id, Resident.name, Household.building)
            .join(Household)
            .where(Resident.id == resident_id)
            .tuples()
            .first()
        )
        if row is None:
            raise ValueError(f"居民 {resident_id} 不存在。")
        _rid, name, building_id = cast(tuple[int, str, int], row)
        return _link(
            actor,
            ids,
            TestRecord.update(resident=resident_id, building=building_id).where(
                TestRecord.id.in_(ids) & TestRecord.resident.is_null(True)
            ),
            "resident",
            resident_id,
            lambda changed: f"{changed} 条核酸记录关联到居民 {name[:1]}**",
        )


def relink_unmatched(actor: Actor) -> int:
    """Link unmatched records again (residents or buildings registered since); how many."""
    from ..imports.tests import link_unmatched

    require_write(actor)
    with db.atomic():
        changed = link_unmatched()
        if changed:
            audit.record(
                actor,
                "tests.relink",
                entity="test_record",
                summary=f"重新匹配：{changed} 条核酸记录已对应到居民或楼栋",
            )
    return changed


# --- pooled positives -------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewMember:
    """One member of a 混管阳性 tube, with the household to visit for the retest."""

    tube_code: str
    pooled_sample_time: dt.datetime
    record_id: int
    name: str
    doc_no: str
    phone: str
    resident_id: int | None
    address: str  # 小区 楼栋 单元 房号
    household: tuple[str, ...]  # the other registered members of the household
    retest_result: str  # "" without a single-tube retest yet
    retest_time: dt.datetime | None

    @property
    def status(self) -> str:
        """待复核 until the single-tube retest has a result; then that result."""
        if self.retest_result in (RESULT_NEGATIVE, RESULT_POSITIVE):
            return self.retest_result
        return RESULT_REVIEW


def pooled_review(since: dt.datetime, *, open_only: bool = False) -> list[ReviewMember]:
    """Members of every tube reported 混管阳性 among samples since ``since``, tube by tube."""
    # A tube is a tube of one sampling day: a code printed again on another day is another
    # tube, and its people are not this tube's members.
    tubes_query = (
        TestRecord.select(TestRecord.tube_code, TestRecord.sample_time)
        .where((TestRecord.result == RESULT_POOLED_POSITIVE) & (TestRecord.sample_time >= since))
        .tuples()
    )
    pooled: dict[tuple[str, dt.date], dt.datetime] = {}
    for code, sampled in cast(list[tuple[str, Any]], list(tubes_query)):
        when = _when(sampled)
        key = (code, when.date())
        pooled[key] = min(when, pooled.get(key, when))
    if not pooled:
        return []
    tubes = {code: when for (code, _day), when in pooled.items()}
    members = list(
        TestRecord.select()
        .where(TestRecord.tube_code.in_(list(tubes)) & (TestRecord.sample_time >= since))
        .order_by(TestRecord.tube_code, TestRecord.sample_time)
    )
    docs = sorted({m.doc_no for m in members})
    earliest = min(tubes.values())
    retests: dict[str, list[tuple[dt.datetime, str]]] = defaultdict(list)
    for doc, sample, found in cast(
        list[tuple[str, Any, str]],
        list(
            TestRecord.select(TestRecord.doc_no, TestRecord.sample_time, TestRecord.result)
            .where(
                TestRecord.doc_no.in_(docs)
                & (TestRecord.pool_size == 1)
                & (TestRecord.sample_time > earliest)
            )
            .order_by(TestRecord.sample_time)
            .tuples()
        ),
    ):
        retests[doc].append((_when(sample), found))
    households = _households({r for r in map(_resident_id, members) if r is not None})
    result: list[ReviewMember] = []
    seen: set[tuple[str, str]] = set()
    for m in members:
        sampled_on = _when(m.sample_time).date()
        if (m.tube_code, sampled_on) not in pooled or (m.tube_code, m.doc_no) in seen:
            continue
        seen.add((m.tube_code, m.doc_no))
        pooled_at = pooled[(m.tube_code, sampled_on)]
        later = [(t, r) for t, r in retests.get(m.doc_no, []) if t > pooled_at]
        retest_time, retest_result = later[-1] if later else (None, "")
        if retest_result == RESULT_PENDING:
            retest_result = RESULT_PENDING
        resident_id = _resident_id(m)
        address, others = households.get(resident_id or 0, ("", ()))
        if not address:
            address = " ".join(p for p in (m.compound_name, m.building_name, m.unit, m.room) if p)
        member = ReviewMember(
            m.tube_code,
            pooled_at,
            m.id,
            m.name,
            m.doc_no,
            m.phone,
            resident_id,
            address,
            tuple(n for n in others if n != m.name),
            retest_result,
            retest_time,
        )
        if open_only and member.status != RESULT_REVIEW:
            continue
        result.append(member)
    return result


def _resident_id(record: TestRecord) -> int | None:
    value: int | None = record.__data__.get("resident")
    return value


def _households(resident_ids: Iterable[int]) -> dict[int, tuple[str, tuple[str, ...]]]:
    """resident id → (address, names of everyone registered in the household)."""
    ids = list(resident_ids)
    if not ids:
        return {}
    rows = (
        Resident.select(
            Resident.id, Household.id, Compound.name, Building.name, Household.unit, Household.room
        )
        .join(Household)
        .join(Building)
        .join(Compound)
        .where(Resident.id.in_(ids))
        .tuples()
    )
    by_resident: dict[int, tuple[int, str]] = {}
    for rid, hid, cname, bname, unit, room in cast(list[tuple[Any, ...]], list(rows)):
        by_resident[rid] = (hid, " ".join(p for p in (cname, bname, unit, room) if p))
    names: dict[int, list[str]] = defaultdict(list)
    household_ids = {hid for hid, _ in by_resident.values()}
    for hid, name in cast(
        list[tuple[int, str]],
        list(
            Resident.select(Resident.household, Resident.name)
            .where(Resident.household.in_(list(household_ids)))
            .order_by(Resident.id)
            .tuples()
        ),
    ):
        names[hid].append(name)
    return {rid: (address, tuple(names[hid])) for rid, (hid, address) in by_resident.items()}


# --- coverage -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    building_id: int
    compound: str
    building: str
    registered: int
    tested: int

    @property
    def label(self) -> str:
        return f"{self.compound} {self.building}"

    @property
    def ratio(self) -> float:
        return self.tested / self.registered if self.registered else 0.0

    @property
    def untested(self) -> int:
        return self.registered - self.tested


def _day(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time())
    return start, start + dt.timedelta(days=1)


def _tested_ids(day: dt.date) -> Any:
    start, end = _day(day)
    return TestRecord.select(TestRecord.resident).where(
        TestRecord.resident.is_null(False)
        & (TestRecord.sample_time >= start)
        & (TestRecord.sample_time < end)
    )


def coverage(day: dt.date) -> list[Coverage]:
    """Every building: registered residents, and how many of them were sampled on ``day``."""
    registered = dict(
        cast(
            list[tuple[int, int]],
            list(
                Household.select(Household.building, pw.fn.COUNT(Resident.id))
                .join(Resident)
                .group_by(Household.building)
                .tuples()
            ),
        )
    )
    tested = dict(
        cast(
            list[tuple[int, int]],
            list(
                Household.select(Household.building, pw.fn.COUNT(Resident.id))
                .join(Resident)
                .where(Resident.id.in_(_tested_ids(day)))
                .group_by(Household.building)
                .tuples()
            ),
        )
    )
    buildings = Building.select(Building.id, Building.name, Compound.name).join(Compound).tuples()
    result = [
        Coverage(bid, cname, bname, registered.get(bid, 0), tested.get(bid, 0))
        for bid, bname, cname in cast(list[tuple[int, str, str]], list(buildings))
    ]
    result.sort(key=lambda c: (c.compound, natural_key(c.building)))
    return result


@dataclass(frozen=True)
class UntestedResident:
    resident_id: int
    compound: str
    building: str
    unit: str
    room: str
    name: str
    doc_no: str
    phone: str
    control_status: str
    groups: tuple[str, ...]

    @property
    def building_label(self) -> str:
        return f"{self.compound} {self.building}"


def untested(day: dt.date, building_id: int | None = None) -> list[UntestedResident]:
    """The 未检名单: registered residents not sampled on ``day``, building by building."""
    query = (
        Resident.select(
            Resident.id,
            Compound.name,
            Building.name,
            Household.unit,
            Household.room,
            Resident.name,
            Resident.doc_no,
            Resident.phone,
            Resident.control_status,
        )
        .join(Household)
        .join(Building)
        .join(Compound)
        .where(Resident.id.not_in(_tested_ids(day)))
    )
    if building_id is not None:
        query = query.where(Building.id == building_id)
    rows = cast(list[tuple[Any, ...]], list(query.tuples()))
    groups: dict[int, list[str]] = defaultdict(list)
    ids = [r[0] for r in rows]
    for start in range(0, len(ids), 500):
        for rid, group in cast(
            list[tuple[int, str]],
            list(
                ResidentGroup.select(ResidentGroup.resident, ResidentGroup.group)
                .where(ResidentGroup.resident.in_(ids[start : start + 500]))
                .tuples()
            ),
        ):
            groups[rid].append(group)
    result = [
        UntestedResident(
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            row[5],
            row[6],
            row[7],
            row[8] or "",
            tuple(groups.get(row[0], ())),
        )
        for row in rows
    ]
    result.sort(
        key=lambda r: (
            r.compound,
            natural_key(r.building),
            natural_key(r.unit),
            natural_key(r.room),
            r.resident_id,
        )
    )
    return result


def export_untested(
    actor: Actor,
    path: Path,
    day: dt.date,
    *,
    building_id: int | None = None,
    reveal: bool = False,
) -> Any:
    """Write the 未检名单 to .csv or .xlsx (masked unless an administrator reveals it)."""
    from ..reporting.export import DOCUMENT, NAME, PHONE, ExportColumn, export_table

    columns = [
        ExportColumn("小区"),
        ExportColumn("楼栋"),
        ExportColumn("单元"),
        ExportColumn("房号"),
        ExportColumn("姓名", NAME),
        ExportColumn("证件号码", DOCUMENT),
        ExportColumn("手机号", PHONE),
        ExportColumn("管控状态"),
        ExportColumn("特殊人群"),
    ]
    rows = (
        (
            r.compound,
            r.building,
            r.unit,
            r.room,
            r.name,
            r.doc_no,
            r.phone,
            r.control_status,
            "、".join(r.groups),
        )
        for r in untested(day, building_id)
    )
    return export_table(
        actor, path, columns, rows, what=f"untested.{day.isoformat()}", reveal=reveal
    )


__all__ = [
    "DEFAULT_WINDOW",
    "Coverage",
    "PositivePerson",
    "ResidentChoice",
    "ReviewMember",
    "UntestedResident",
    "coverage",
    "export_untested",
    "find_residents",
    "isolate_positive",
    "link_to_building",
    "link_to_resident",
    "pooled_review",
    "positives",
    "relink_unmatched",
    "untested",
]
