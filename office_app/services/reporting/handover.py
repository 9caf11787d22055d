"""The shift handover (交接班记录): every fact of one shift gathered into plain dataclasses.

A fact belongs to the shift in which it reached the office: a test result to the shift in
which its file was imported (its sample and report times are shown beside it), a decision to
the shift in which it was made, an exit or a delivery to the shift in which it happened.
Facts that carry only a date (a resident's control start, say) belong to the shift that
covers noon of that date (the day shift, with the default shifts). The handover also carries
the state as at the shift's end — people still 待复核, open risk proposals, residents out and
not back, deliveries owed — and "as at the shift's end" ignores whatever became known later,
so a past shift's handover printed again is the same record. Every figure comes from
``services.reporting.figures``.

``gather`` reads; ``save`` stores what the secretary adds (the receiving person and the open
items) with the handover number; ``carried_items`` offers the previous shift's unfinished items.
Personal numbers only ever leave this module masked.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, cast

import peewee as pw

from office_app.models import (
    Building,
    Compound,
    Handover,
    HandoverItem,
    LedgerEntry,
    Organisation,
    Post,
    ServiceRecord,
    Shift,
    ShiftAssignment,
    SupplyBatch,
    SupplyItem,
    Volunteer,
    db,
    now,
)
from office_app.models.places import RISK_HIGH, RISK_MEDIUM

from ..admin import audit, settings
from ..admin.actor import Actor, require_write
from ..admin.settings import ShiftDefinition
from ..gate import exits as gate
from ..people.identity import mask_phone
from ..places import risk
from . import figures

EXPIRY_WARNING_DAYS = figures.EXPIRY_WARNING_DAYS


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
    def span(self) -> figures.Window:
        return figures.Window(self.starts_at, self.ends_at)

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


within = figures.within


# --- the facts -----------------------------------------------------------------------------

ChangeRow = figures.ChangeRow
CoverageRow = figures.CoverageRow
ImportRow = figures.ImportRow
PositiveRow = figures.ResultRow
ReviewRow = figures.ReviewPerson
DeliveredRow = figures.DeliveryRow
OutstandingRow = figures.OutstandingRow
StockRow = figures.StockRow


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
    as_at: dt.datetime  # the moment the state figures are taken at: the shift's end


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
    rostered: int  # 排班人次 of the shifts starting in this shift
    checked_in: int
    volunteers_on_duty: int  # 在岗志愿者 (status) on the shift's last day


@dataclass(frozen=True)
class RiskRow:
    building: str
    level: str
    clean_since: dt.date | None
    clean_days: int | None
    earliest_lowering: dt.date | None


@dataclass(frozen=True)
class ProposalRow:
    building: str
    from_level: str
    to_level: str
    reason: str


@dataclass(frozen=True)
class RiskPicture:
    levels: dict[str, int]  # 高 / 中 / 低 → buildings at the shift's end
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
class TestingFacts:
    __test__ = False

    imports: list[ImportRow]  # test files only
    received: int  # test records that reached the office in the shift
    positives: list[PositiveRow]  # 阳性 (single tube, this community)
    pooled_tubes: int
    pooled_rows: list[PositiveRow]  # the people of the 混管阳性 tubes
    review: list[ReviewRow]  # 待复核 at the shift's end
    coverage_day: dt.date | None
    coverage: list[CoverageRow]

    @property
    def pending_review(self) -> int:
        return len(self.review)

    @property
    def pooled_people(self) -> int:
        return len(self.pooled_rows)

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
    counts: figures.GateCounts
    overdue: int  # of ``not_back``, past the due-back time at the shift's end

    @property
    def errand_totals(self) -> dict[str, int]:
        totals: dict[str, int] = defaultdict(int)
        for errand in self.errands:
            totals[errand.kind] += errand.count
        return dict(totals)


@dataclass(frozen=True)
class ReceivedRow:
    source: str
    supplier: str
    item: str
    quantity: int
    unit: str


@dataclass(frozen=True)
class PpeRow:
    item: str
    quantity: int
    unit: str
    post: str  # the posts it went to, joined


@dataclass(frozen=True)
class SupplyFacts:
    received: list[ReceivedRow]
    received_by_category: dict[str, int]
    delivered: list[DeliveredRow]
    outstanding: list[OutstandingRow]
    stock: list[StockRow]
    ppe: list[PpeRow]

    @property
    def delivered_households(self) -> int:
        return sum(d.households for d in self.delivered)

    @property
    def outstanding_households(self) -> int:
        return sum(o.households for o in self.outstanding)


@dataclass(frozen=True)
class Registry:
    """Imports of buildings, residents and volunteers lists (楼栋/居民) in the shift."""

    imports: list[ImportRow]
    supply_imports: list[ImportRow]


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
    registry: Registry
    services: dict[str, int]  # 志愿服务人次 in the shift, by kind
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


def as_at(window: ShiftWindow, moment: dt.datetime | None = None) -> dt.datetime:
    """The moment a shift's state is taken at: its end, or now while it is still running."""
    return min(window.ends_at, moment or now())


def people_on_duty(
    window: ShiftWindow, handing_over: str, receiving: str, at: dt.datetime | None = None
) -> People:
    at = at or as_at(window)
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
        .where(within(Shift.starts_at, window))
        .order_by(Post.name, ShiftAssignment.is_lead.desc(), Volunteer.name)
        .tuples()
    )
    on_duty = [
        DutyVolunteer(
            name,
            organisation or "",
            post,
            mask_phone(phone) if phone else "",
            lead,
            checked if checked is not None and checked < at else None,
        )
        for name, organisation, post, phone, lead, checked in rows
    ]
    leads = sorted({f"{v.name}（{v.post}）" for v in on_duty if v.lead})
    return People(
        handing_over,
        receiving,
        leads,
        on_duty,
        rostered=len(on_duty),
        checked_in=sum(1 for v in on_duty if v.checked_in is not None),
        volunteers_on_duty=figures.volunteers_on_duty(figures.state_day(at)),
    )


def risk_picture(window: ShiftWindow, at: dt.datetime | None = None) -> RiskPicture:
    at = at or as_at(window)
    levels = figures.building_levels(at)
    day = figures.state_day(at)
    states = {s.building_id: s for s in risk.building_states(day)}
    buildings = []
    for bid, level in levels.items():
        if level not in (RISK_HIGH, RISK_MEDIUM) or bid not in states:
            continue
        s = states[bid]
        # The clock is the building's current one: shown only while the level is still the
        # same and the clock had started by then (a later positive restarts it).
        same = s.level == level and (s.clean_since is None or s.clean_since <= day)
        buildings.append(
            RiskRow(
                _building_label(s.compound, s.name),
                level,
                s.clean_since if same else None,
                s.clean_days if same else None,
                s.earliest_lowering if same else None,
            )
        )
    from ..choices import natural_key

    buildings.sort(key=lambda r: (0 if r.level == RISK_HIGH else 1, natural_key(r.building)))
    proposals = [
        ProposalRow(p.building, p.from_level, p.to_level, p.reason)
        for p in figures.open_proposals(at)
    ]
    return RiskPicture(
        figures.risk_counts(at), buildings, figures.risk_changes(window.span), proposals
    )


def control_facts(window: ShiftWindow, at: dt.datetime | None = None) -> ControlFacts:
    at = at or as_at(window)
    isolated, monitored = figures.control_counts(figures.state_day(at))
    changes = figures.control_changes(window.span)
    return ControlFacts(
        isolated=isolated,
        monitored=monitored,
        new_isolated=changes.new_isolated,
        new_monitored=changes.new_monitored,
        released=changes.released,
    )


def testing_facts(window: ShiftWindow, at: dt.datetime | None = None) -> TestingFacts:
    at = at or as_at(window)
    span = window.span
    pooled = figures.pooled_positives(span)
    day = window.noon_day or window.day
    return TestingFacts(
        imports=figures.imports(span, figures.TEST_KINDS),
        received=figures.records_received(span),
        positives=figures.positives(span),
        pooled_tubes=pooled.tubes,
        pooled_rows=list(pooled.rows),
        review=figures.pending_review(at),
        coverage_day=day,
        coverage=[r for r in figures.coverage(day, at) if r.registered],
    )


def gate_facts(window: ShiftWindow, at: dt.datetime | None = None) -> GateFacts:
    at = at or as_at(window)
    exits = [
        row
        for row in gate.day_log(window.starts_at.date())
        + (gate.day_log(window.ends_at.date()) if window.ends_at.date() != window.day else [])
        if window.holds(row.requested_at)
        or window.holds(row.out_at)
        or window.holds(row.back_at)
        or (row.decision and window.holds(_decided_at(row.id)))
    ]
    unique = {row.id: _as_at(row, at) for row in exits}
    errands = [
        ErrandRow(at_, volunteer, kind, _building_label(compound, building) if building else "", n)
        for at_, volunteer, kind, compound, building, n in _rows(
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
    still_out = [_as_at(gate.request_row(rid), at) for rid in figures.out_not_back(at)]
    return GateFacts(
        sorted(unique.values(), key=lambda r: (r.requested_at, r.id)),
        still_out,
        errands,
        figures.gate_counts(window.span),
        len(figures.overdue(at)),
    )


def _as_at(row: gate.LogRow, at: dt.datetime) -> gate.LogRow:
    """An exit as it stood at ``at``: a decision, an outing or a return made later is not
    in it yet (a handover printed again later is the same record)."""
    decided = _decided_at(row.id) if row.decision else None
    if decided is not None and decided >= at:
        row = replace(row, decision="", escort="", errand_by="")
    return replace(
        row,
        out_at=row.out_at if row.out_at is not None and row.out_at < at else None,
        due_back_at=row.due_back_at if row.out_at is not None and row.out_at < at else None,
        back_at=row.back_at if row.back_at is not None and row.back_at < at else None,
    )


def _decided_at(request_id: int) -> dt.datetime | None:
    from office_app.models import ExitRequest

    value = ExitRequest.select(ExitRequest.decided_at).where(ExitRequest.id == request_id).scalar()
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    return cast(dt.datetime | None, value)


def supply_facts(window: ShiftWindow, at: dt.datetime | None = None) -> SupplyFacts:
    at = at or as_at(window)
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
    return SupplyFacts(
        received,
        figures.received(window.span),
        figures.deliveries(window.span),
        figures.outstanding(at),
        figures.stock_items(at),
        ppe,
    )


def handed_over_numbers() -> set[str]:
    """The numbers of the shifts whose handover is stored."""
    return {h.number for h in Handover.select(Handover.number)}


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
    moment: dt.datetime | None = None,
) -> HandoverFacts:
    """Everything the next shift needs to know about one shift.

    State figures are taken as at the shift's end (or ``moment``, by default now, while the
    shift is still running). The receiving person and the open items come from the stored
    handover unless given.
    """
    window = shift_window(day, shift_name)
    at = as_at(window, moment)
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
        at,
    )
    return HandoverFacts(
        header=header,
        people=people_on_duty(window, handing_over, receiving, at),
        risk=risk_picture(window, at),
        control=control_facts(window, at),
        testing=testing_facts(window, at),
        gate=gate_facts(window, at),
        supplies=supply_facts(window, at),
        registry=Registry(
            figures.imports(window.span, figures.REGISTRY_KINDS),
            figures.imports(window.span, figures.SUPPLY_KINDS),
        ),
        services=figures.services(window.span),
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
