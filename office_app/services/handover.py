"""The shift handover (交接班记录): every fact of one shift gathered into plain dataclasses.

A fact belongs to a shift by its own time — a test's sample or report time, an exit's out or
back time, a delivery's time, a risk change's time, a ledger entry's time — never by when it
was typed in. Facts that carry only a date (a resident's control start, say) belong to the
shift that covers noon of that date (the day shift, with the default shifts).

``gather`` reads; ``save`` stores what the secretary adds (the receiving person and the open
items) with the handover number; ``carried_items`` offers the previous shift's unfinished items.
Personal numbers only ever leave this module masked.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import peewee as pw

from office_app.models import (
    Building,
    Compound,
    Distribution,
    DistributionRound,
    Handover,
    HandoverItem,
    ImportRun,
    LedgerEntry,
    Organisation,
    Post,
    Resident,
    RiskChange,
    ServiceRecord,
    Shift,
    ShiftAssignment,
    SupplyBatch,
    SupplyItem,
    TestRecord,
    Volunteer,
    db,
    now,
)
from office_app.models.people import CONTROL_ISOLATION, CONTROL_MONITORING
from office_app.models.places import RISK_HIGH, RISK_MEDIUM
from office_app.models.testing import RESULT_POOLED_POSITIVE, RESULT_POSITIVE, RESULT_REVIEW

from . import audit, gate, risk, settings
from .actor import Actor, require_write
from .identity import mask_phone
from .settings import ShiftDefinition

EXPIRY_WARNING_DAYS = 7


class HandoverError(ValueError):
    pass


def _rows(query: Any) -> list[tuple[Any, ...]]:
    return cast(list[tuple[Any, ...]], list(query))


# --- the shift ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ShiftWindow:
    day: dt.date
    name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    index: int  # position among the community's shifts, for the number

    @property
    def number(self) -> str:
        """交接班记录 number: the date and the shift's position, e.g. 20221122-1."""
        return f"{self.day:%Y%m%d}-{self.index + 1}"

    def holds(self, moment: dt.datetime | None) -> bool:
        return moment is not None and self.starts_at <= moment < self.ends_at

    @property
    def noon_day(self) -> dt.date | None:
        """The date whose date-only facts this shift carries (the one covering its noon)."""
        for offset in (0, 1):
            day = self.day + dt.timedelta(days=offset)
            if self.holds(dt.datetime.combine(day, dt.time(12))):
                return day
        return None


def shift_window(day: dt.date, shift_name: str) -> ShiftWindow:
    community = settings.load()
    try:
        definition: ShiftDefinition = community.shift(shift_name)
    except KeyError as exc:
        raise HandoverError(str(exc.args[0])) from None
    start, end = definition.times_on(day)
    index = [s.name for s in community.shifts].index(definition.name)
    return ShiftWindow(day, definition.name, start, end, index)


def shifts_between(first: dt.date, last: dt.date) -> list[ShiftWindow]:
    """Every shift starting on the days from ``first`` to ``last``, newest first."""
    names = [s.name for s in settings.load().shifts]
    found = []
    day = last
    while day >= first:
        for name in reversed(names):
            found.append(shift_window(day, name))
        day -= dt.timedelta(days=1)
    return found


def within(field_: Any, window: ShiftWindow) -> Any:
    return (field_ >= window.starts_at) & (field_ < window.ends_at)


# --- the facts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    subdistrict: str
    community: str
    number: str
    day: dt.date
    shift_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    posts: list[str]


@dataclass(frozen=True)
class DutyVolunteer:
    name: str
    organisation: str
    post: str
    phone_masked: str
    lead: bool
    checked_in: dt.datetime | None


@dataclass(frozen=True)
class People:
    handing_over: str
    receiving: str
    leads: list[str]
    on_duty: list[DutyVolunteer]


@dataclass(frozen=True)
class RiskRow:
    building: str
    level: str
    clean_since: dt.date | None
    clean_days: int | None
    earliest_lowering: dt.date | None


@dataclass(frozen=True)
class ChangeRow:
    at: dt.datetime
    building: str
    from_level: str
    to_level: str
    reason: str


@dataclass(frozen=True)
class ProposalRow:
    building: str
    from_level: str
    to_level: str
    reason: str


@dataclass(frozen=True)
class RiskPicture:
    buildings: list[RiskRow]
    changes: list[ChangeRow]
    proposals: list[ProposalRow]


@dataclass(frozen=True)
class ControlFacts:
    isolated: int
    monitored: int
    new_isolated: int
    new_monitored: int
    released: int


@dataclass(frozen=True)
class ImportRow:
    at: dt.datetime
    file_name: str
    kind: str
    imported: int
    rejected: int


@dataclass(frozen=True)
class PositiveRow:
    at: dt.datetime
    name: str
    building: str
    result: str


@dataclass(frozen=True)
class CoverageRow:
    building: str
    registered: int
    tested: int

    @property
    def untested(self) -> int:
        return max(self.registered - self.tested, 0)


@dataclass(frozen=True)
class TestingFacts:
    __test__ = False

    imports: list[ImportRow]
    positives: list[PositiveRow]
    pending_review: int
    coverage_day: dt.date | None
    coverage: list[CoverageRow]

    @property
    def untested(self) -> int:
        return sum(c.untested for c in self.coverage)


@dataclass(frozen=True)
class ErrandRow:
    at: dt.datetime
    volunteer: str
    kind: str
    building: str
    count: int


@dataclass(frozen=True)
class GateFacts:
    exits: list[gate.LogRow]
    not_back: list[gate.LogRow]
    errands: list[ErrandRow]


@dataclass(frozen=True)
class ReceivedRow:
    source: str
    supplier: str
    item: str
    quantity: int
    unit: str


@dataclass(frozen=True)
class DeliveredRow:
    building: str
    households: int
    quantity: int


@dataclass(frozen=True)
class OutstandingRow:
    round_name: str
    building: str
    households: int


@dataclass(frozen=True)
class StockRow:
    item: str
    category: str
    unit: str
    stock: int
    earliest_expiry: dt.date | None
    expiring: bool


@dataclass(frozen=True)
class PpeRow:
    item: str
    quantity: int
    unit: str
    post: str  # the posts it went to, joined


@dataclass(frozen=True)
class SupplyFacts:
    received: list[ReceivedRow]
    delivered: list[DeliveredRow]
    outstanding: list[OutstandingRow]
    stock: list[StockRow]
    ppe: list[PpeRow]


@dataclass(frozen=True)
class OpenItem:
    task: str
    owner: str = ""
    deadline: dt.datetime | None = None


@dataclass(frozen=True)
class HandoverFacts:
    header: Header
    people: People
    risk: RiskPicture
    control: ControlFacts
    testing: TestingFacts
    gate: GateFacts
    supplies: SupplyFacts
    open_items: list[OpenItem] = field(default_factory=list)
    handed_over_at: dt.datetime | None = None


def _building_label(compound: str, building: str) -> str:
    return f"{compound} {building}"


def _posts(window: ShiftWindow) -> list[str]:
    names = _rows(
        Post.select(Post.name)
        .join(Shift)
        .where((Shift.starts_at < window.ends_at) & (Shift.ends_at > window.starts_at))
        .distinct()
        .order_by(Post.name)
        .tuples()
    )
    return [name for (name,) in names]


def people_on_duty(window: ShiftWindow, handing_over: str, receiving: str) -> People:
    rows = _rows(
        ShiftAssignment.select(
            Volunteer.name,
            Organisation.name,
            Post.name,
            Volunteer.phone,
            ShiftAssignment.is_lead,
            ShiftAssignment.checked_in_at,
        )
        .join(Volunteer)
        .join(Organisation, pw.JOIN.LEFT_OUTER)
        .switch(ShiftAssignment)
        .join(Shift)
        .join(Post)
        .where((Shift.starts_at < window.ends_at) & (Shift.ends_at > window.starts_at))
        .order_by(Post.name, ShiftAssignment.is_lead.desc(), Volunteer.name)
        .tuples()
    )
    on_duty = [
        DutyVolunteer(name, organisation or "", post, mask_phone(phone) if phone else "", lead, at)
        for name, organisation, post, phone, lead, at in rows
    ]
    leads = sorted({f"{v.name}（{v.post}）" for v in on_duty if v.lead})
    return People(handing_over, receiving, leads, on_duty)


def risk_picture(window: ShiftWindow) -> RiskPicture:
    states = risk.building_states(window.day)
    buildings = [
        RiskRow(
            _building_label(s.compound, s.name),
            s.level,
            s.clean_since,
            s.clean_days,
            s.earliest_lowering,
        )
        for s in states
        if s.level in (RISK_HIGH, RISK_MEDIUM)
    ]
    buildings.sort(key=lambda r: 0 if r.level == RISK_HIGH else 1)
    changes = [
        ChangeRow(at, _building_label(compound, name), from_level, to_level, reason)
        for at, compound, name, from_level, to_level, reason in _rows(
            RiskChange.select(
                RiskChange.changed_at,
                Compound.name,
                Building.name,
                RiskChange.from_level,
                RiskChange.to_level,
                RiskChange.reason,
            )
            .join(Building)
            .join(Compound)
            .where(within(RiskChange.changed_at, window))
            .order_by(RiskChange.changed_at)
            .tuples()
        )
    ]
    proposals = [
        ProposalRow(p.building, p.from_level, p.to_level, p.reason) for p in risk.open_proposals()
    ]
    return RiskPicture(buildings, changes, proposals)


def control_facts(window: ShiftWindow) -> ControlFacts:
    def count(condition: Any) -> int:
        return int(Resident.select().where(condition).count())

    day = window.noon_day
    new_isolated = new_monitored = released = 0
    if day is not None:
        new_isolated = count(
            (Resident.control_status == CONTROL_ISOLATION) & (Resident.control_from == day)
        )
        new_monitored = count(
            (Resident.control_status == CONTROL_MONITORING) & (Resident.control_from == day)
        )
        released = count(Resident.control_until == day)
    return ControlFacts(
        isolated=count(Resident.control_status == CONTROL_ISOLATION),
        monitored=count(Resident.control_status == CONTROL_MONITORING),
        new_isolated=new_isolated,
        new_monitored=new_monitored,
        released=released,
    )


def testing_facts(window: ShiftWindow) -> TestingFacts:
    imports = [
        ImportRow(at, file_name, kind, imported, rejected)
        for at, file_name, kind, imported, rejected in _rows(
            ImportRun.select(
                ImportRun.imported_at,
                ImportRun.file_name,
                ImportRun.kind,
                ImportRun.imported_rows,
                ImportRun.rejected_rows,
            )
            .where(within(ImportRun.imported_at, window))
            .order_by(ImportRun.imported_at)
            .tuples()
        )
    ]
    found = _rows(
        TestRecord.select(
            TestRecord.sample_time,
            TestRecord.report_time,
            TestRecord.name,
            Compound.name,
            Building.name,
            TestRecord.address,
            TestRecord.result,
        )
        .join(Building, pw.JOIN.LEFT_OUTER, on=(TestRecord.building == Building.id))
        .join(Compound, pw.JOIN.LEFT_OUTER, on=(Building.compound == Compound.id))
        .where(
            TestRecord.result.in_([RESULT_POSITIVE, RESULT_POOLED_POSITIVE])
            # Each positive once: when its report came, or when sampled if it has none.
            & (
                within(TestRecord.report_time, window)
                | (TestRecord.report_time.is_null(True) & within(TestRecord.sample_time, window))
            )
        )
        .order_by(TestRecord.sample_time)
        .tuples()
    )
    positives = [
        PositiveRow(
            report or sample,
            name,
            _building_label(compound, building) if building else (address or "未匹配楼栋"),
            result,
        )
        for sample, report, name, compound, building, address, result in found
    ]
    pending = int(TestRecord.select().where(TestRecord.result == RESULT_REVIEW).count())
    day = window.noon_day or window.day
    from .test_followup import coverage

    rows = [CoverageRow(c.label, c.registered, c.tested) for c in coverage(day)]
    return TestingFacts(imports, positives, pending, day, [r for r in rows if r.registered])


def gate_facts(window: ShiftWindow) -> GateFacts:
    exits = [
        row
        for row in gate.day_log(window.starts_at.date())
        + (gate.day_log(window.ends_at.date()) if window.ends_at.date() != window.day else [])
        if window.holds(row.requested_at) or window.holds(row.out_at) or window.holds(row.back_at)
    ]
    unique = {row.id: row for row in exits}
    errands = [
        ErrandRow(at, volunteer, kind, _building_label(compound, building) if building else "", n)
        for at, volunteer, kind, compound, building, n in _rows(
            ServiceRecord.select(
                ServiceRecord.occurred_at,
                Volunteer.name,
                ServiceRecord.kind,
                Compound.name,
                Building.name,
                ServiceRecord.count,
            )
            .join(Volunteer)
            .switch(ServiceRecord)
            .join(Building, pw.JOIN.LEFT_OUTER)
            .join(Compound, pw.JOIN.LEFT_OUTER)
            .where(
                ServiceRecord.exit_request_id.is_null(False)
                & within(ServiceRecord.occurred_at, window)
            )
            .order_by(ServiceRecord.occurred_at)
            .tuples()
        )
    ]
    still_out = gate.out_at(min(window.ends_at, now()))
    return GateFacts(
        sorted(unique.values(), key=lambda r: (r.requested_at, r.id)), still_out, errands
    )


def supply_facts(window: ShiftWindow) -> SupplyFacts:
    received = [
        ReceivedRow(source, supplier, item, quantity, unit)
        for source, supplier, item, quantity, unit in _rows(
            LedgerEntry.select(
                SupplyBatch.source,
                SupplyBatch.supplier,
                SupplyItem.name,
                LedgerEntry.quantity,
                SupplyItem.unit,
            )
            .join(SupplyItem)
            .join(SupplyBatch)
            .where((LedgerEntry.kind == "receipt") & within(LedgerEntry.occurred_at, window))
            .order_by(LedgerEntry.occurred_at)
            .tuples()
        )
    ]
    per_building: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    households: dict[str, set[int]] = defaultdict(set)
    for compound, building, household, quantity in _rows(
        Distribution.select(
            Compound.name, Building.name, Distribution.household, Distribution.quantity
        )
        .join(Building)
        .join(Compound)
        .where(within(Distribution.delivered_at, window))
        .tuples()
    ):
        label = _building_label(compound, building)
        per_building[label][1] += quantity
        if household is not None:
            households[label].add(household)
    from .choices import natural_key

    delivered = [
        DeliveredRow(label, len(households[label]), totals[1])
        for label, totals in sorted(per_building.items(), key=lambda kv: natural_key(kv[0]))
    ]
    outstanding_rows: dict[tuple[str, str], set[Any]] = defaultdict(set)
    for round_name, compound, building, household, distribution_id in _rows(
        Distribution.select(
            DistributionRound.name,
            Compound.name,
            Building.name,
            Distribution.household,
            Distribution.id,
        )
        .join(DistributionRound, pw.JOIN.LEFT_OUTER)
        .switch(Distribution)
        .join(Building)
        .join(Compound)
        .where(Distribution.delivered_at.is_null(True) & (Distribution.planned_at < window.ends_at))
        .tuples()
    ):
        key = (round_name or "", _building_label(compound, building))
        outstanding_rows[key].add(household if household is not None else f"d{distribution_id}")
    outstanding = [
        OutstandingRow(round_name, building, len(members))
        for (round_name, building), members in sorted(outstanding_rows.items())
    ]
    stock_at = LedgerEntry.select(pw.fn.COALESCE(pw.fn.SUM(LedgerEntry.quantity), 0)).where(
        (LedgerEntry.item == SupplyItem.id) & (LedgerEntry.occurred_at < window.ends_at)
    )
    soon = window.ends_at.date() + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    by_item: dict[tuple[str, str, str], list[Any]] = {}
    for name, category, unit, expiry, stock in _rows(
        SupplyItem.select(
            SupplyItem.name,
            SupplyItem.category,
            SupplyItem.unit,
            SupplyItem.expiry,
            stock_at.alias("stock"),
        ).tuples()
    ):
        if not stock:
            continue
        entry = by_item.setdefault((name, category, unit), [0, None])
        entry[0] += int(stock)
        if expiry is not None and (entry[1] is None or expiry < entry[1]):
            entry[1] = expiry
    stock = [
        StockRow(name, category, unit, total, expiry, expiry is not None and expiry <= soon)
        for (name, category, unit), (total, expiry) in sorted(
            by_item.items(), key=lambda kv: (kv[0][1], kv[0][0])
        )
    ]
    issued: dict[tuple[str, str], list[Any]] = {}
    for item, quantity, unit, post in _rows(
        LedgerEntry.select(SupplyItem.name, LedgerEntry.quantity, SupplyItem.unit, Post.name)
        .join(SupplyItem)
        .switch(LedgerEntry)
        .join(Shift, pw.JOIN.LEFT_OUTER)
        .join(Post, pw.JOIN.LEFT_OUTER)
        .where((LedgerEntry.kind == "ppe_issue") & within(LedgerEntry.occurred_at, window))
        .tuples()
    ):
        issued.setdefault((item, unit), [0, set()])
        issued[(item, unit)][0] -= quantity
        if post:
            issued[(item, unit)][1].add(post)
    ppe = [
        PpeRow(item, total, unit, "、".join(sorted(posts)))
        for (item, unit), (total, posts) in sorted(issued.items())
    ]
    return SupplyFacts(received, delivered, outstanding, stock, ppe)


def stored(window: ShiftWindow) -> Handover | None:
    found: Handover | None = Handover.get_or_none(Handover.number == window.number)
    return found


def stored_items(handover: Handover | None, *, open_only: bool = False) -> list[OpenItem]:
    """The open items stored with a handover (only those not done, when asked)."""
    if handover is None:
        return []
    condition = HandoverItem.handover == handover.id
    if open_only:
        condition &= HandoverItem.done == False  # noqa: E712
    return [
        OpenItem(item.task, item.owner, item.deadline)
        for item in HandoverItem.select().where(condition).order_by(HandoverItem.id)
    ]


def gather(
    day: dt.date,
    shift_name: str,
    *,
    handing_over: str = "",
    receiving: str | None = None,
    open_items: Sequence[OpenItem] | None = None,
) -> HandoverFacts:
    """Everything the next shift needs to know about one shift.

    The receiving person and the open items come from the stored handover unless given.
    """
    window = shift_window(day, shift_name)
    community = settings.load()
    record = stored(window)
    if receiving is None:
        receiving = record.receiving_name if record is not None else ""
    if open_items is None:
        open_items = stored_items(record)
    if not handing_over and record is not None:
        handing_over = record.handing_over_name
    header = Header(
        community.subdistrict,
        community.community,
        window.number,
        window.day,
        window.name,
        window.starts_at,
        window.ends_at,
        _posts(window),
    )
    return HandoverFacts(
        header=header,
        people=people_on_duty(window, handing_over, receiving),
        risk=risk_picture(window),
        control=control_facts(window),
        testing=testing_facts(window),
        gate=gate_facts(window),
        supplies=supply_facts(window),
        open_items=list(open_items),
        handed_over_at=record.handed_over_at if record is not None else None,
    )


def carried_items(day: dt.date, shift_name: str) -> list[OpenItem]:
    """The open items of the handover before this shift (to carry over if still open)."""
    window = shift_window(day, shift_name)
    previous = (
        Handover.select()
        .where(Handover.starts_at < window.starts_at)
        .order_by(Handover.starts_at.desc())
        .first()
    )
    return stored_items(previous, open_only=True)


def save(
    actor: Actor,
    day: dt.date,
    shift_name: str,
    *,
    receiving: str,
    open_items: Sequence[OpenItem],
    pdf_path: str = "",
    at: dt.datetime | None = None,
) -> Handover:
    """Store the handover of a shift (once per shift; saving again replaces its items)."""
    require_write(actor)
    window = shift_window(day, shift_name)
    items = [item for item in open_items if item.task.strip()]
    for item in items:
        if len(item.task) > 500:
            raise HandoverError(f"待办事项过长（最多 500 字）：{item.task[:20]}…")
    at = at or now()
    with db.atomic():
        record = stored(window)
        if record is None:
            record = Handover(number=window.number)
        record.date = window.day
        record.shift_name = window.name
        record.starts_at = window.starts_at
        record.ends_at = window.ends_at
        record.handing_over = actor.operator_id  # type: ignore[assignment]
        record.handing_over_name = actor.display_name or actor.username
        record.receiving_name = receiving.strip()
        record.handed_over_at = at
        if pdf_path:
            record.pdf_path = pdf_path
        record.save()
        HandoverItem.delete().where(HandoverItem.handover == record.id).execute()
        for item in items:
            HandoverItem.create(
                handover=record.id,
                task=item.task.strip(),
                owner=item.owner.strip(),
                deadline=item.deadline,
            )
        audit.record(
            actor,
            "handover.save",
            entity="handover",
            entity_id=record.id,
            summary=f"交接班记录 {window.number} {window.name}，接班人 {receiving.strip() or '—'}，"
            f"待办 {len(items)} 项",
        )
    return record
