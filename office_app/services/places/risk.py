"""Risk levels of buildings: the one way to change them, the lowering rule, proposals, cascades.

Levels (DESIGN.md): 高 sealed (足不出户、上门服务), 中 (人不出区、错峰取物), 低.

The clock: a building's 起算日期 (``clean_since``) is the sample date of its last confirmed
positive (阳性; a pooled positive is not confirmed until its single-tube retest), or the day
it was raised when it had none. Clean days are whole calendar days since then: a positive
sampled on 11-20 makes 11-25 the fifth clean day. With the default rule (5 days, an
all-negative round required) the building may be lowered on 11-25 if every test sampled in
the building on the last sampling day up to then is negative. A new positive restarts the
clock. The program proposes; the secretary confirms or dismisses, and both are recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

import peewee as pw

from office_app.models import (
    Building,
    Compound,
    Post,
    Resident,
    RiskChange,
    RiskProposal,
    Shift,
    ShiftAssignment,
    TestRecord,
    Volunteer,
    VolunteerStatusChange,
    db,
    now,
)
from office_app.models.people import CONTROL_ISOLATION, CONTROL_MONITORING, Household
from office_app.models.places import RISK_HIGH, RISK_LEVELS, RISK_LOW, RISK_MEDIUM
from office_app.models.testing import RESULT_NEGATIVE, RESULT_POSITIVE
from office_app.models.volunteers import STATUS_ON_DUTY

from ..admin import audit, seats
from ..admin import settings as community_settings
from ..admin.actor import SYSTEM, Actor, require_write

ISOLATED = "居家隔离"
RANK = {RISK_LOW: 0, RISK_MEDIUM: 1, RISK_HIGH: 2}
# How far back before a raise a positive still counts as the one that caused it.
TRIGGER_WINDOW = dt.timedelta(days=7)

OPEN, CONFIRMED, DISMISSED, WITHDRAWN = "open", "confirmed", "dismissed", "withdrawn"


class RiskError(ValueError):
    """A risk change or decision that cannot be made; the message says why, in Chinese."""


class ProposalDecided(seats.AlreadyDecided, RiskError):
    """Another seat decided the proposal first."""


@dataclass(frozen=True)
class Rule:
    clean_days: int = 5
    needs_negative_round: bool = True
    monitoring_days: int = 3

    def earliest(self, since: dt.date | None) -> dt.date | None:
        """The earliest lowering date for a clock started on ``since``."""
        return since + dt.timedelta(days=self.clean_days) if since else None

    @classmethod
    def from_settings(cls) -> Rule:
        s = community_settings.load()
        return cls(s.lowering_clean_days, s.lowering_needs_negative_round, s.monitoring_days)


@dataclass(frozen=True)
class LoweringStatus:
    eligible: bool
    clean_since: dt.date | None
    clean_days: int | None
    earliest: dt.date | None
    reason: str
    # What the lowering still waits for (WAIT_*; "" when eligible or low) and the day it is
    # about: the round's sampling day, or the day since which no test came.
    missing: str = ""
    day: dt.date | None = None


# What a lowering waits for (LoweringStatus.missing, BuildingState.waiting_for).
WAIT_DAYS = "days"
WAIT_NO_TESTS = "no_tests"
WAIT_ROUND = "round_not_negative"
WAIT_DISMISSED = "dismissed_today"  # eligible, but a lowering was dismissed today


@dataclass(frozen=True)
class BuildingState:
    """One building as the board and the buildings page show it."""

    building_id: int
    compound_id: int
    compound: str
    name: str
    level: str
    clean_since: dt.date | None
    clean_days: int | None
    earliest_lowering: dt.date | None
    days_left: int | None
    open_proposal: str | None  # the level an open proposal suggests
    # Days reached but no proposal: what the rule still waits for (WAIT_*) and its day.
    waiting_for: str = ""
    waiting_day: dt.date | None = None


@dataclass(frozen=True)
class ShiftConflict:
    """A future shift outside his sealed home building that a volunteer can no longer work."""

    volunteer_id: int
    volunteer: str
    shift_id: int
    starts_at: dt.datetime
    shift: str
    post: str


@dataclass(frozen=True)
class ChangeResult:
    change_id: int
    building: str
    from_level: str
    to_level: str
    residents_isolated: int = 0
    residents_monitored: int = 0
    volunteers_isolated: tuple[str, ...] = ()
    volunteers_back: tuple[str, ...] = ()
    conflicts: tuple[ShiftConflict, ...] = ()


@dataclass(frozen=True)
class Proposal:
    proposal_id: int
    building_id: int
    building: str
    from_level: str
    to_level: str
    reason: str
    created_at: dt.datetime


@dataclass(frozen=True)
class ChangeInfo:
    changed_at: dt.datetime
    from_level: str
    to_level: str
    reason: str
    source: str
    operator: str


@dataclass
class RefreshResult:
    created: list[Proposal] = field(default_factory=list)
    withdrawn: int = 0
    monitoring_ended: int = 0


# --- the clock ---------------------------------------------------------------------------


def _label(building: Building) -> str:
    return f"{building.compound.name} {building.name}"


def _changes(building_id: int) -> list[RiskChange]:
    return list(
        RiskChange.select()
        .where(RiskChange.building == building_id)
        .order_by(RiskChange.changed_at.desc(), RiskChange.id.desc())
    )


def _raised_on(building: Building) -> dt.date | None:
    """The day this episode of control began: the building's last raise.

    A 高 → 中 lowering does not start a new episode, so the clock keeps counting from the
    positive that caused the sealing.
    """
    for change in _changes(building.id):
        if RANK[change.to_level] > RANK[change.from_level]:
            day: dt.date = change.changed_at.date()
            return day
    return None


def _last_lowering(building_id: int) -> RiskChange | None:
    for change in _changes(building_id):
        if RANK[change.to_level] < RANK[change.from_level]:
            return change
    return None


def _sealed_on(building_id: int) -> dt.date | None:
    for change in _changes(building_id):
        if change.to_level == RISK_HIGH:
            day: dt.date = change.changed_at.date()
            return day
    return None


def last_positive(building_id: int, since: dt.datetime | None = None) -> TestRecord | None:
    query = TestRecord.select().where(
        (TestRecord.building == building_id) & (TestRecord.result == RESULT_POSITIVE)
    )
    if since is not None:
        query = query.where(TestRecord.sample_time >= since)
    record: TestRecord | None = query.order_by(TestRecord.sample_time.desc()).first()
    return record


def clean_since(building: Building) -> dt.date | None:
    """起算日期 of a 高 or 中 building; None for a 低 one."""
    if building.risk_level == RISK_LOW:
        return None
    raised = _raised_on(building)
    since = dt.datetime.combine(raised, dt.time()) - TRIGGER_WINDOW if raised else None
    positive = last_positive(building.id, since)
    if positive is not None:
        day: dt.date = positive.sample_time.date()
        return day
    return raised


def clean_days(since: dt.date, today: dt.date) -> int:
    """Whole calendar days since ``since``: the day after a positive is the first clean day."""
    return max((today - since).days, 0)


def negative_round_on(building_id: int, day: dt.date) -> bool | None:
    """True when every test sampled in the building that day is negative; None without tests."""
    start = dt.datetime.combine(day, dt.time())
    results = [
        r.result
        for r in TestRecord.select(TestRecord.result).where(
            (TestRecord.building == building_id)
            & (TestRecord.sample_time >= start)
            & (TestRecord.sample_time < start + dt.timedelta(days=1))
        )
    ]
    if not results:
        return None
    return all(r == RESULT_NEGATIVE for r in results)


def last_sampling_day(building_id: int, start: dt.date, end: dt.date) -> dt.date | None:
    latest = (
        TestRecord.select(pw.fn.MAX(TestRecord.sample_time))
        .where(
            (TestRecord.building == building_id)
            & (TestRecord.sample_time >= dt.datetime.combine(start, dt.time()))
            & (TestRecord.sample_time < dt.datetime.combine(end + dt.timedelta(days=1), dt.time()))
        )
        .scalar()
    )
    if latest is None:
        return None
    if isinstance(latest, str):
        latest = dt.datetime.fromisoformat(latest)
    value: dt.date = latest.date()
    return value


def lowering_status(building: Building, today: dt.date, rule: Rule) -> LoweringStatus:
    since = clean_since(building)
    if building.risk_level == RISK_LOW or since is None:
        return LoweringStatus(False, None, None, None, "低风险楼栋无需降级。")
    days = clean_days(since, today)
    earliest = since + dt.timedelta(days=rule.clean_days)
    if today < earliest:
        return LoweringStatus(
            False,
            since,
            days,
            earliest,
            f"已连续 {days} 天无新增阳性，需满 {rule.clean_days} 天（{earliest:%Y-%m-%d} 起）。",
            WAIT_DAYS,
            earliest,
        )
    if rule.needs_negative_round:
        day = last_sampling_day(building.id, earliest, today)
        if day is None:
            return LoweringStatus(
                False,
                since,
                days,
                earliest,
                f"已满 {rule.clean_days} 天，但 {earliest:%Y-%m-%d} 以来本楼没有核酸结果，"
                "需一轮全员阴性。",
                WAIT_NO_TESTS,
                earliest,
            )
        if not negative_round_on(building.id, day):
            return LoweringStatus(
                False,
                since,
                days,
                earliest,
                f"{day:%Y-%m-%d} 的核酸尚未全部为阴性（有待出结果、待复核或阳性）。",
                WAIT_ROUND,
                day,
            )
        return LoweringStatus(
            True,
            since,
            days,
            earliest,
            f"连续 {days} 天无新增阳性，{day:%Y-%m-%d} 核酸全员阴性，建议降为低风险。",
        )
    return LoweringStatus(
        True, since, days, earliest, f"连续 {days} 天无新增阳性，建议降为低风险。"
    )


def update_clock(building: Building, rule: Rule) -> None:
    """Store 起算日期 and the earliest lowering date on the building."""
    since = clean_since(building)
    building.clean_since = since
    building.earliest_lowering = rule.earliest(since)
    building.save(only=[Building.clean_since, Building.earliest_lowering])


# --- the one way to change a level ---------------------------------------------------------


def change_risk(
    actor: Actor,
    building_id: int,
    to_level: str,
    *,
    reason: str,
    source: str = "manual",
    test_record_id: int | None = None,
    at: dt.datetime | None = None,
) -> ChangeResult:
    """Change a building's risk level, record it, and carry out what follows from it."""
    require_write(actor)
    if to_level not in RISK_LEVELS:
        raise RiskError(f"未知的风险等级：{to_level}（应为 高、中 或 低）")
    if not reason.strip():
        raise RiskError("请填写调整原因。")
    moment = at or now()
    rule = Rule.from_settings()
    with db.atomic():
        building = Building.get_or_none(Building.id == building_id)
        if building is None:
            raise RiskError(f"楼栋 {building_id} 不存在。")
        from_level = building.risk_level
        if from_level == to_level:
            raise RiskError(f"{_label(building)} 已经是{to_level}风险。")
        sealed_since = _sealed_on(building.id) if from_level == RISK_HIGH else None
        change = RiskChange.create(
            building=building,
            from_level=from_level,
            to_level=to_level,
            changed_at=moment,
            reason=reason.strip(),
            source=source,
            test_record_id=test_record_id,
            operator=actor.operator_id,
            operator_name=actor.username,
        )
        building.risk_level = to_level
        # Conditional on the level read: of two seats changing the level at once, the second
        # is refused instead of recording a change from a level the building no longer has.
        seats.claim(
            Building.update(risk_level=to_level).where(
                (Building.id == building.id) & (Building.risk_level == from_level)
            ),
            lambda: RiskError(
                f"{_label(building)} 的风险等级刚被另一席位调整，请刷新后再看是否还需要调整。"
            ),
        )
        update_clock(building, rule)
        result = ChangeResult(change.id, _label(building), from_level, to_level)
        if to_level == RISK_HIGH:
            result = _seal(building, moment, result)
        elif from_level == RISK_HIGH:
            result = _unseal(building, moment, rule, result, sealed_since or moment.date())
        for proposal in RiskProposal.select().where(
            (RiskProposal.building == building.id) & (RiskProposal.status == OPEN)
        ):
            _withdraw(proposal, moment, actor.username, f"等级已调整为{to_level}")
        audit.record(
            actor,
            "risk.change",
            entity="building",
            entity_id=building.id,
            summary=f"{_label(building)}：{from_level} → {to_level}（{reason.strip()}）",
            before={"risk_level": from_level},
            after={
                "risk_level": to_level,
                "source": source,
                "residents_isolated": result.residents_isolated,
                "residents_monitored": result.residents_monitored,
                "volunteers_isolated": list(result.volunteers_isolated),
                "volunteers_back": list(result.volunteers_back),
            },
        )
    return result


def _residents_of(building: Building) -> Any:
    return Resident.select(Resident.id).join(Household).where(Household.building == building.id)


def _move_volunteers(
    volunteers: Any, to_status: str, day: dt.date, reason: str, by: str
) -> list[str]:
    """Give each volunteer a new status from ``day``, with a status-change row; their names.
    The version is raised and ``by`` named (``楼栋封控``), as for every write of a volunteer."""
    names: list[str] = []
    for volunteer in volunteers:
        VolunteerStatusChange.create(
            volunteer=volunteer,
            from_status=volunteer.status,
            to_status=to_status,
            since=day,
            reason=reason,
        )
        volunteer.status = to_status
        volunteer.status_since = day
        # These two fields only: a whole-row save would undo another seat's edit of the rest.
        Volunteer.update(
            {"status": to_status, "status_since": day, **seats.stamp(Volunteer, by)}
        ).where(Volunteer.id == volunteer.id).execute()
        names.append(volunteer.name)
    return names


def _seal(building: Building, moment: dt.datetime, result: ChangeResult) -> ChangeResult:
    """高风险: residents home-isolated from that day; resident volunteers too."""
    day = moment.date()
    isolated = (
        Resident.update(
            control_status=CONTROL_ISOLATION,
            control_from=day,
            control_until=None,
            updated_at=moment,
            # An editor open on the resident then learns of it instead of undoing it.
            **seats.stamp(Resident, "楼栋封控"),
        )
        .where(
            Resident.id.in_(_residents_of(building))
            & (Resident.control_status != CONTROL_ISOLATION)
        )
        .execute()
    )
    names = _move_volunteers(
        Volunteer.select().where(
            (Volunteer.home_building == building.id) & (Volunteer.status == STATUS_ON_DUTY)
        ),
        ISOLATED,
        day,
        f"所住楼栋 {_label(building)} 划为高风险",
        "楼栋封控",
    )
    return ChangeResult(
        result.change_id,
        result.building,
        result.from_level,
        result.to_level,
        residents_isolated=int(isolated),
        volunteers_isolated=tuple(names),
        conflicts=tuple(shift_conflicts(building.id, moment)),
    )


def _unseal(
    building: Building,
    moment: dt.datetime,
    rule: Rule,
    result: ChangeResult,
    sealed_on: dt.date,
) -> ChangeResult:
    """Lowered from 高: residents to 居家健康监测 for the configured days; volunteers back.

    Only those isolated since the sealing go: someone isolated before it for reasons of his
    own (a close contact) stays as he is.
    """
    day = moment.date()
    monitored = (
        Resident.update(
            control_status=CONTROL_MONITORING,
            control_from=day,
            control_until=day + dt.timedelta(days=rule.monitoring_days),
            updated_at=moment,
            **seats.stamp(Resident, "楼栋解封"),
        )
        .where(
            Resident.id.in_(_residents_of(building))
            & (Resident.control_status == CONTROL_ISOLATION)
            & (Resident.control_from >= sealed_on)
        )
        .execute()
    )
    names = _move_volunteers(
        Volunteer.select().where(
            (Volunteer.home_building == building.id)
            & (Volunteer.status == ISOLATED)
            & (Volunteer.status_since >= sealed_on)
        ),
        STATUS_ON_DUTY,
        day,
        f"所住楼栋 {_label(building)} 解除高风险",
        "楼栋解封",
    )
    return ChangeResult(
        result.change_id,
        result.building,
        result.from_level,
        result.to_level,
        residents_monitored=int(monitored),
        volunteers_back=tuple(names),
    )


def shift_conflicts(building_id: int, after: dt.datetime) -> list[ShiftConflict]:
    """Future shifts of volunteers living in ``building_id`` at posts outside it.

    A volunteer may still serve inside his own sealed building (a post of that building).
    """
    rows = (
        ShiftAssignment.select(
            Volunteer.id, Volunteer.name, Shift.id, Shift.starts_at, Shift.name, Post.name
        )
        .join(Volunteer)
        .switch(ShiftAssignment)
        .join(Shift)
        .join(Post)
        .where(
            (Volunteer.home_building == building_id)
            & (Shift.starts_at >= after)
            & (Post.building.is_null(True) | (Post.building != building_id))
        )
        .order_by(Shift.starts_at, Volunteer.name)
        .tuples()
    )
    return [ShiftConflict(*row) for row in cast(list[tuple[Any, ...]], list(rows))]


def expire_monitoring(today: dt.date) -> int:
    """Residents whose 居家健康监测 has run out go back to no control."""
    return int(
        # The dates stay: control_until is the day it ended (the handover's releases).
        Resident.update({Resident.control_status: "", **seats.stamp(Resident, "健康监测期满")})
        .where(
            (Resident.control_status == CONTROL_MONITORING)
            & Resident.control_until.is_null(False)
            & (Resident.control_until < today)
        )
        .execute()
    )


# --- proposals -----------------------------------------------------------------------------


def _withdraw(proposal: RiskProposal, moment: dt.datetime, by: str, note: str) -> None:
    """Close an open proposal whose facts changed before anyone decided it (if nobody has
    decided it meanwhile: conditional on its being open, as every decision is)."""
    RiskProposal.update(
        status=WITHDRAWN, decided_at=moment, decided_by=by, decision_note=note
    ).where((RiskProposal.id == proposal.id) & (RiskProposal.status == OPEN)).execute()
    proposal.status = WITHDRAWN
    proposal.decided_at = moment
    proposal.decided_by = by
    proposal.decision_note = note


def _proposal(row: RiskProposal) -> Proposal:
    building = row.building
    return Proposal(
        row.id,
        building.id,
        _label(building),
        building.risk_level,
        row.to_level,
        row.reason,
        row.created_at,
    )


def refresh(today: dt.date, moment: dt.datetime | None = None) -> RefreshResult:
    """Bring clocks up to date, propose raises and lowerings, withdraw stale proposals.

    Called when the overview is shown and after imports; writes only what changed.
    """
    moment = moment or now()
    rule = Rule.from_settings()
    result = RefreshResult()
    with db.atomic():
        result.monitoring_ended = expire_monitoring(today)
        # Only buildings under control, or with a recent positive, have anything to decide:
        # one query finds the latter instead of one per building.
        recent_rows = (
            TestRecord.select(TestRecord.building)
            .where(
                (TestRecord.result == RESULT_POSITIVE)
                & (TestRecord.sample_time >= moment - TRIGGER_WINDOW)
                & TestRecord.building.is_null(False)
            )
            .distinct()
            .tuples()
        )
        recent = {row[0] for row in cast(list[tuple[int]], list(recent_rows))}
        buildings = Building.select(Building, Compound).join(Compound)
        for building in buildings.where(
            (Building.risk_level != RISK_LOW) | Building.id.in_(recent)
        ):
            if building.risk_level != RISK_LOW:
                since = clean_since(building)
                earliest = rule.earliest(since)
                if (since, earliest) != (building.clean_since, building.earliest_lowering):
                    update_clock(building, rule)
                _propose_lowering(building, today, moment, rule, result)
            _propose_raise(building, moment, result)
    return result


def _propose_raise(building: Building, moment: dt.datetime, result: RefreshResult) -> None:
    if building.risk_level == RISK_HIGH:
        return
    # Only a recent positive proposes sealing: an old file imported today does not. Results
    # arrive hours after sampling, so the window is on the sample time, not the level's.
    positive = last_positive(building.id, moment - TRIGGER_WINDOW)
    if positive is None:
        return
    if RiskProposal.select().where(RiskProposal.test_record_id == positive.id).exists():
        return
    # A positive already known when the building was last lowered was weighed then.
    lowering = _last_lowering(building.id)
    if lowering is not None and positive.created_at <= lowering.changed_at:
        return
    row = RiskProposal.create(
        building=building,
        to_level=RISK_HIGH,
        reason=(
            f"{positive.sample_time:%m-%d %H:%M} 采样阳性（{positive.name[:1]}**，"
            f"试管 {positive.tube_code or '无'}），建议划为高风险。"
        ),
        test_record_id=positive.id,
        created_at=moment,
    )
    result.created.append(_proposal(row))


def _propose_lowering(
    building: Building, today: dt.date, moment: dt.datetime, rule: Rule, result: RefreshResult
) -> None:
    open_lowerings = list(
        RiskProposal.select().where(
            (RiskProposal.building == building.id)
            & (RiskProposal.status == OPEN)
            & (RiskProposal.to_level == RISK_LOW)
        )
    )
    status = lowering_status(building, today, rule)
    for proposal in open_lowerings:
        if not status.eligible or proposal.basis_date != status.clean_since:
            _withdraw(proposal, moment, SYSTEM.username, status.reason)
            audit.record(
                SYSTEM,
                "risk.proposal.withdraw",
                entity="risk_proposal",
                entity_id=proposal.id,
                summary=f"撤回降级建议：{_label(building)}（{status.reason}）",
            )
            result.withdrawn += 1
    if not status.eligible:
        return
    if any(p.basis_date == status.clean_since and p.status == OPEN for p in open_lowerings):
        return
    # A lowering dismissed today is not proposed again until tomorrow.
    start = dt.datetime.combine(today, dt.time())
    if (
        RiskProposal.select()
        .where(
            (RiskProposal.building == building.id)
            & (RiskProposal.to_level == RISK_LOW)
            & (RiskProposal.status == DISMISSED)
            & (RiskProposal.decided_at >= start)
        )
        .exists()
    ):
        return
    row = RiskProposal.create(
        building=building,
        to_level=RISK_LOW,
        reason=status.reason,
        basis_date=status.clean_since,
        created_at=moment,
    )
    result.created.append(_proposal(row))


def open_proposals() -> list[Proposal]:
    rows = (
        RiskProposal.select(RiskProposal, Building, Compound)
        .join(Building)
        .join(Compound)
        .where(RiskProposal.status == OPEN)
        # raises (to 高) first, then lowerings; oldest first within each
        .order_by(
            pw.Case(None, ((RiskProposal.to_level == RISK_HIGH, 0),), 1), RiskProposal.created_at
        )
    )
    return [_proposal(row) for row in rows]


STATUS_WORDS = {CONFIRMED: "已确认", DISMISSED: "不采纳", WITHDRAWN: "已撤回", OPEN: "待处理"}


def _decided(proposal_id: int) -> RiskError:
    """The refusal of a decision on a proposal that is no longer open: who decided, when."""
    proposal = RiskProposal.get_or_none(RiskProposal.id == proposal_id)
    if proposal is None:
        return RiskError(f"建议 {proposal_id} 不存在。")
    who = seats.operator_label(proposal.decided_by) if proposal.decided_by else ""
    how = STATUS_WORDS.get(proposal.status, proposal.status)
    return ProposalDecided(
        seats.decided_message(
            f"{_label(proposal.building)} → {proposal.to_level} 的建议",
            who,
            proposal.decided_at,
            how,
        ),
        who=who,
        when=proposal.decided_at,
    )


def _open_proposal(proposal_id: int) -> RiskProposal:
    proposal = RiskProposal.get_or_none(RiskProposal.id == proposal_id)
    if proposal is None:
        raise RiskError(f"建议 {proposal_id} 不存在。")
    if proposal.status != OPEN:
        raise _decided(proposal_id)
    return proposal


def _claim(proposal_id: int, status: str, moment: dt.datetime, actor: Actor, note: str) -> None:
    """Decide the proposal, if it is still open: the UPDATE is conditional on that, so of two
    seats deciding at once the second changes nothing and is refused."""
    seats.claim(
        RiskProposal.update(
            status=status, decided_at=moment, decided_by=actor.username, decision_note=note
        ).where((RiskProposal.id == proposal_id) & (RiskProposal.status == OPEN)),
        lambda: _decided(proposal_id),
    )


def confirm_proposal(
    actor: Actor, proposal_id: int, *, at: dt.datetime | None = None
) -> ChangeResult:
    """The secretary agrees: the level changes, with the proposal's reason."""
    require_write(actor)
    moment = at or now()
    with db.atomic():
        proposal = _open_proposal(proposal_id)
        if proposal.to_level == RISK_LOW:
            # The facts may have changed since it was proposed (a positive imported since).
            status = lowering_status(proposal.building, moment.date(), Rule.from_settings())
            if not status.eligible or status.clean_since != proposal.basis_date:
                raise RiskError(f"情况已有变化，不能按这条建议降级：{status.reason}")
        source = "test" if proposal.to_level == RISK_HIGH else "rule"
        proposal_reason = proposal.reason
        # Taken first, so that change_risk's withdrawal of the open proposals passes it by.
        _claim(proposal_id, CONFIRMED, moment, actor, "")
        result = change_risk(
            actor,
            proposal.building.id,
            proposal.to_level,
            reason=proposal_reason,
            source=source,
            test_record_id=proposal.test_record_id,
            at=moment,
        )
        audit.record(
            actor,
            "risk.proposal.confirm",
            entity="risk_proposal",
            entity_id=proposal_id,
            summary=f"确认：{result.building} {result.from_level} → {result.to_level}",
        )
    return result


def dismiss_proposal(
    actor: Actor, proposal_id: int, reason: str = "", *, at: dt.datetime | None = None
) -> None:
    """The secretary disagrees; recorded with the reason given."""
    require_write(actor)
    moment = at or now()
    with db.atomic():
        proposal = _open_proposal(proposal_id)
        _claim(proposal_id, DISMISSED, moment, actor, reason.strip())
        audit.record(
            actor,
            "risk.proposal.dismiss",
            entity="risk_proposal",
            entity_id=proposal_id,
            summary=f"不采纳：{_label(proposal.building)} → {proposal.to_level}"
            + (f"（{reason.strip()}）" if reason.strip() else ""),
        )


# --- what the pages show ---------------------------------------------------------------------


def building_states(today: dt.date) -> list[BuildingState]:
    """Every building with its level and clock, compound by compound, in natural order."""
    from ..choices import natural_key

    open_rows = RiskProposal.select(RiskProposal.building, RiskProposal.to_level).where(
        RiskProposal.status == OPEN
    )
    open_by_building = dict(cast(list[tuple[int, str]], list(open_rows.tuples())))
    rule: Rule | None = None
    states = []
    for b in Building.select(Building, Compound).join(Compound):
        days = clean_days(b.clean_since, today) if b.clean_since else None
        left = max((b.earliest_lowering - today).days, 0) if b.earliest_lowering else None
        waiting, waiting_day = "", None
        if b.risk_level != RISK_LOW and left == 0 and b.id not in open_by_building:
            # Days reached and nothing proposed: the rule says what it still waits for.
            rule = rule or Rule.from_settings()
            status = lowering_status(b, today, rule)
            waiting, waiting_day = (
                (WAIT_DISMISSED, None)
                if status.eligible
                else (
                    status.missing,
                    status.day,
                )
            )
        states.append(
            BuildingState(
                b.id,
                b.compound.id,
                b.compound.name,
                b.name,
                b.risk_level,
                b.clean_since,
                days,
                b.earliest_lowering,
                left,
                open_by_building.get(b.id),
                waiting,
                waiting_day,
            )
        )
    states.sort(key=lambda s: (s.compound, natural_key(s.name)))
    return states


def history(building_id: int) -> list[ChangeInfo]:
    rows = (
        RiskChange.select()
        .where(RiskChange.building == building_id)
        .order_by(RiskChange.changed_at.desc(), RiskChange.id.desc())
    )
    return [
        ChangeInfo(r.changed_at, r.from_level, r.to_level, r.reason, r.source, r.operator_name)
        for r in rows
    ]
