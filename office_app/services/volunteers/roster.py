"""The duty roster (排班): posts × days × shifts, who serves where, and the conflict rules.

Shifts are defined in the community settings (白班 08:00–20:00, 夜班 20:00–08:00 by default).
A cell of the week grid is one post on one day in one shift; a ``Shift`` row exists once
somebody has been put on it. Several volunteers serve a shift, one of them the lead (带班).

Conflicts are not refused: the roster is saved and every conflict is shown and listed, so the
secretary decides (a short-handed night is sometimes the best there is). The rules, each in one
function below and all applied by :func:`find_conflicts`:

- double booking (重复排班): one volunteer on two shifts whose times overlap;
- not on duty (非在岗): the volunteer's status on the shift's day is not 在岗;
- sealed building (高风险楼栋): the volunteer lives in a building that is 高风险 when the shift
  starts and the post is not inside that building (a post whose ``building`` is the home
  building is allowed: he may serve inside his sealed building);
- understaffed (人手不足): a rostered shift has fewer volunteers than the post's minimum;
- no rest (无休息): fewer than the minimum rest hours (settings ``extra["min_rest_hours"]``,
  default 8) between the end of one of a volunteer's shifts and the start of his next.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, cast

import peewee as pw
from PySide6.QtCore import QCoreApplication

from office_app.models import (
    Building,
    Compound,
    Post,
    RiskChange,
    Shift,
    ShiftAssignment,
    Volunteer,
    db,
    now,
)
from office_app.models.places import RISK_HIGH
from office_app.models.roster import POST_KINDS
from office_app.models.volunteers import STATUS_ON_DUTY, VolunteerStatusChange

from ..admin import audit
from ..admin import settings as community_settings
from ..admin.actor import Actor, require_write
from ..admin.settings import CommunitySettings, ShiftDefinition

DOUBLE_BOOKED: Final = "double_booked"
NOT_ON_DUTY: Final = "not_on_duty"
SEALED_OUTSIDE: Final = "sealed_outside"
UNDERSTAFFED: Final = "understaffed"
NO_REST: Final = "no_rest"
CONFLICT_KINDS: Final = (DOUBLE_BOOKED, NOT_ON_DUTY, SEALED_OUTSIDE, UNDERSTAFFED, NO_REST)
CONFLICT_LABELS: Final = {
    DOUBLE_BOOKED: "重复排班",
    NOT_ON_DUTY: "非在岗",
    SEALED_OUTSIDE: "高风险楼栋",
    UNDERSTAFFED: "人手不足",
    NO_REST: "无休息",
}
DEFAULT_MIN_REST_HOURS: Final = 8.0
# The status of a volunteer on a day before he reported for duty.
NOT_REPORTED: Final = "未报到"


class RosterError(Exception):
    """A roster change that cannot be made; the message says why (in Chinese)."""


# Conflicts are worded in the UI's language (English source, context "Roster"): Qt is used
# here for translation only, as DESIGN.md allows.

# --- the facts the rules look at (plain data, so the rules are tested without a database) ----


@dataclass(frozen=True)
class PostFacts:
    id: int
    name: str
    min_staff: int
    building_id: int | None = None


@dataclass(frozen=True)
class VolunteerFacts:
    id: int
    name: str
    # (since, status) pairs, oldest first: the status from that day on. Empty: always 在岗.
    statuses: tuple[tuple[dt.date, str], ...] = ()
    home_building_id: int | None = None
    home_label: str = ""
    # Before this day he had not reported for duty yet.
    report_date: dt.date | None = None

    def status_on(self, day: dt.date) -> str:
        if self.report_date is not None and day < self.report_date:
            return NOT_REPORTED
        status = STATUS_ON_DUTY
        for since, value in self.statuses:
            if since <= day:
                status = value
        return status


@dataclass(frozen=True)
class ShiftFacts:
    id: int
    post_id: int
    date: dt.date
    name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    volunteer_ids: tuple[int, ...]


@dataclass(frozen=True)
class Conflict:
    kind: str
    shift_id: int
    message: str
    volunteer_id: int | None = None
    # The other shift of a double booking or a missing rest.
    other_shift_id: int | None = None

    @property
    def label(self) -> str:
        return CONFLICT_LABELS[self.kind]


# (since, level) pairs, oldest first, per building: the risk level from that moment on.
LevelHistory = dict[int, tuple[tuple[dt.datetime, str], ...]]


def level_at(history: LevelHistory, building_id: int, moment: dt.datetime) -> str:
    """The building's risk level at ``moment`` ("" when unknown)."""
    level = ""
    for since, value in history.get(building_id, ()):
        if since <= moment:
            level = value
    return level


def _when(shift: ShiftFacts, posts: dict[int, PostFacts]) -> str:
    post = posts.get(shift.post_id)
    return f"{shift.date:%m-%d} {shift.name} {post.name if post else ''}".strip()


def double_bookings(
    shifts: Sequence[ShiftFacts], volunteers: dict[int, VolunteerFacts], posts: dict[int, PostFacts]
) -> list[Conflict]:
    found: list[Conflict] = []
    for volunteer_id, own in _by_volunteer(shifts).items():
        for index, first in enumerate(own):
            for second in own[index + 1 :]:
                if second.starts_at >= first.ends_at:
                    break
                name = volunteers[volunteer_id].name if volunteer_id in volunteers else "?"
                message = QCoreApplication.translate(
                    "Roster", "{name} is on {first} and on {second} at the same time"
                ).format(name=name, first=_when(first, posts), second=_when(second, posts))
                for this, other in ((first, second), (second, first)):
                    found.append(Conflict(DOUBLE_BOOKED, this.id, message, volunteer_id, other.id))
    return found


def not_on_duty(
    shifts: Sequence[ShiftFacts], volunteers: dict[int, VolunteerFacts], posts: dict[int, PostFacts]
) -> list[Conflict]:
    found: list[Conflict] = []
    for shift in shifts:
        for volunteer_id in shift.volunteer_ids:
            volunteer = volunteers.get(volunteer_id)
            if volunteer is None:
                continue
            status = volunteer.status_on(shift.date)
            if status != STATUS_ON_DUTY:
                if status == NOT_REPORTED:
                    report = volunteer.report_date
                    message = (
                        QCoreApplication.translate(
                            "Roster", "{name} reports for duty on {report}; cannot serve on {day}"
                        ).format(
                            name=volunteer.name, report=f"{report:%m-%d}", day=f"{shift.date:%m-%d}"
                        )
                        if report
                        else QCoreApplication.translate(
                            "Roster", "{name} has not reported for duty"
                        ).format(name=volunteer.name)
                    )
                else:
                    message = QCoreApplication.translate(
                        "Roster", "{name} is {status} on {day} and cannot serve"
                    ).format(name=volunteer.name, status=status, day=f"{shift.date:%m-%d}")
                found.append(Conflict(NOT_ON_DUTY, shift.id, message, volunteer_id))
    return found


def sealed_outside(
    shifts: Sequence[ShiftFacts],
    volunteers: dict[int, VolunteerFacts],
    posts: dict[int, PostFacts],
    levels: LevelHistory,
) -> list[Conflict]:
    found: list[Conflict] = []
    for shift in shifts:
        post = posts.get(shift.post_id)
        for volunteer_id in shift.volunteer_ids:
            volunteer = volunteers.get(volunteer_id)
            if volunteer is None or volunteer.home_building_id is None:
                continue
            home = volunteer.home_building_id
            if level_at(levels, home, shift.starts_at) != RISK_HIGH:
                continue
            if post is not None and post.building_id == home:
                continue  # serving inside his own sealed building is allowed
            message = QCoreApplication.translate(
                "Roster",
                "{name} lives in {home}, a high-risk building, and may serve only inside it "
                "({when})",
            ).format(
                name=volunteer.name,
                home=volunteer.home_label or QCoreApplication.translate("Roster", "the building"),
                when=_when(shift, posts),
            )
            found.append(Conflict(SEALED_OUTSIDE, shift.id, message, volunteer_id))
    return found


def understaffed(
    shifts: Sequence[ShiftFacts], volunteers: dict[int, VolunteerFacts], posts: dict[int, PostFacts]
) -> list[Conflict]:
    found: list[Conflict] = []
    for shift in shifts:
        post = posts.get(shift.post_id)
        if post is None:
            continue
        count = len(shift.volunteer_ids)
        if count < post.min_staff:
            message = QCoreApplication.translate(
                "Roster", "{when}: only {count} on duty, at least {minimum} needed"
            ).format(when=_when(shift, posts), count=count, minimum=post.min_staff)
            found.append(Conflict(UNDERSTAFFED, shift.id, message))
    return found


def missing_rest(
    shifts: Sequence[ShiftFacts],
    volunteers: dict[int, VolunteerFacts],
    posts: dict[int, PostFacts],
    min_rest_hours: float = DEFAULT_MIN_REST_HOURS,
) -> list[Conflict]:
    rest = dt.timedelta(hours=min_rest_hours)
    found: list[Conflict] = []
    for volunteer_id, own in _by_volunteer(shifts).items():
        for index, first in enumerate(own):
            for second in own[index + 1 :]:
                gap = second.starts_at - first.ends_at
                if gap >= rest:
                    break
                if gap < dt.timedelta(0):
                    continue  # an overlap is a double booking, not a short rest
                name = volunteers[volunteer_id].name if volunteer_id in volunteers else "?"
                hours = gap.total_seconds() / 3600
                message = QCoreApplication.translate(
                    "Roster",
                    "{name} rests only {hours} hours between {first} and {second} "
                    "(at least {minimum} hours)",
                ).format(
                    name=name,
                    hours=f"{hours:g}",
                    first=_when(first, posts),
                    second=_when(second, posts),
                    minimum=f"{min_rest_hours:g}",
                )
                found.append(Conflict(NO_REST, second.id, message, volunteer_id, first.id))
    return found


def _by_volunteer(shifts: Iterable[ShiftFacts]) -> dict[int, list[ShiftFacts]]:
    own: dict[int, list[ShiftFacts]] = defaultdict(list)
    for shift in shifts:
        for volunteer_id in set(shift.volunteer_ids):
            own[volunteer_id].append(shift)
    for items in own.values():
        items.sort(key=lambda s: (s.starts_at, s.ends_at, s.id))
    return own


def find_conflicts(
    shifts: Sequence[ShiftFacts],
    volunteers: dict[int, VolunteerFacts],
    posts: dict[int, PostFacts],
    levels: LevelHistory,
    *,
    min_rest_hours: float = DEFAULT_MIN_REST_HOURS,
) -> list[Conflict]:
    """Every conflict of ``shifts`` under every rule, in shift order."""
    found = [
        *double_bookings(shifts, volunteers, posts),
        *not_on_duty(shifts, volunteers, posts),
        *sealed_outside(shifts, volunteers, posts, levels),
        *understaffed(shifts, volunteers, posts),
        *missing_rest(shifts, volunteers, posts, min_rest_hours),
    ]
    order = {s.id: (s.starts_at, s.post_id) for s in shifts}
    found.sort(key=lambda c: (order.get(c.shift_id, (dt.datetime.min, 0)), c.kind))
    return found


# --- loading the facts -----------------------------------------------------------------------


def min_rest_hours(settings: CommunitySettings | None = None) -> float:
    settings = settings or community_settings.load()
    try:
        return float(settings.extra.get("min_rest_hours", DEFAULT_MIN_REST_HOURS))
    except (TypeError, ValueError):
        return DEFAULT_MIN_REST_HOURS


def load_posts(*, active_only: bool = False) -> dict[int, PostFacts]:
    query = Post.select().order_by(Post.id)
    if active_only:
        query = query.where(Post.active == True)  # noqa: E712
    return {p.id: PostFacts(p.id, p.name, p.min_staff, p.__data__.get("building")) for p in query}


def load_shift_facts(start: dt.datetime, end: dt.datetime) -> list[ShiftFacts]:
    """Shifts that overlap ``start`` … ``end``, with their volunteers."""
    rows = list(
        Shift.select().where((Shift.starts_at < end) & (Shift.ends_at > start)).order_by(Shift.id)
    )
    members: dict[int, list[int]] = defaultdict(list)
    if rows:
        query = ShiftAssignment.select(ShiftAssignment.shift, ShiftAssignment.volunteer).where(
            ShiftAssignment.shift.in_([r.id for r in rows])
        )
        pairs = cast(list[tuple[int, int]], list(query.order_by(ShiftAssignment.id).tuples()))
        for shift_id, volunteer_id in pairs:
            members[shift_id].append(volunteer_id)
    return [
        ShiftFacts(
            r.id,
            r.__data__["post"],
            r.date,
            r.name,
            r.starts_at,
            r.ends_at,
            tuple(members.get(r.id, ())),
        )
        for r in rows
    ]


def load_volunteer_facts(ids: Iterable[int]) -> dict[int, VolunteerFacts]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    changes: dict[int, list[VolunteerStatusChange]] = defaultdict(list)
    for change in (
        VolunteerStatusChange.select()
        .where(VolunteerStatusChange.volunteer.in_(wanted))
        .order_by(VolunteerStatusChange.since, VolunteerStatusChange.id)
    ):
        changes[change.__data__["volunteer"]].append(change)
    result: dict[int, VolunteerFacts] = {}
    query = (
        Volunteer.select(Volunteer, Building, Compound)
        .join(Building, on=(Volunteer.home_building == Building.id), join_type=pw.JOIN.LEFT_OUTER)
        .join(Compound, join_type=pw.JOIN.LEFT_OUTER)
        .where(Volunteer.id.in_(wanted))
    )
    for volunteer in query:
        statuses = _statuses(volunteer, changes.get(volunteer.id, []))
        home_id = volunteer.__data__.get("home_building")
        label = ""
        if home_id is not None:
            building = cast(Building, volunteer.home_building)
            label = f"{building.compound.name} {building.name}"
        result[volunteer.id] = VolunteerFacts(
            volunteer.id, volunteer.name, statuses, home_id, label, volunteer.report_date
        )
    return result


def _statuses(
    volunteer: Volunteer, changes: Sequence[VolunteerStatusChange]
) -> tuple[tuple[dt.date, str], ...]:
    """The status history as (since, status) pairs: the change rows, then the current status."""
    pairs: list[tuple[dt.date, str]] = []
    for change in changes:
        pairs.append((change.since, change.to_status))
        if change.until is not None:
            pairs.append((change.until + dt.timedelta(days=1), change.from_status))
    pairs.sort(key=lambda p: p[0])
    # The stored status holds from status_since on; the history tells what came before.
    since = volunteer.status_since or dt.date.min
    before = [p for p in pairs if p[0] <= since]
    after = [p for p in pairs if p[0] > since]
    pairs = [*before, (since, volunteer.status), *after]
    return tuple(pairs)


def load_levels(building_ids: Iterable[int]) -> LevelHistory:
    wanted = sorted(set(building_ids))
    if not wanted:
        return {}
    history: dict[int, list[tuple[dt.datetime, str]]] = defaultdict(list)
    firsts: dict[int, str] = {}
    for change in (
        RiskChange.select()
        .where(RiskChange.building.in_(wanted))
        .order_by(RiskChange.changed_at, RiskChange.id)
    ):
        building_id = change.__data__["building"]
        firsts.setdefault(building_id, change.from_level)
        history[building_id].append((change.changed_at, change.to_level))
    result: LevelHistory = {}
    levels = cast(
        list[tuple[int, str]],
        list(
            Building.select(Building.id, Building.risk_level)
            .where(Building.id.in_(wanted))
            .tuples()
        ),
    )
    for building_id, level in levels:
        steps = history.get(building_id)
        if steps:
            result[building_id] = ((dt.datetime.min, firsts[building_id]), *steps)
        else:
            result[building_id] = ((dt.datetime.min, level),)
    return result


def conflicts_between(start: dt.datetime, end: dt.datetime) -> list[Conflict]:
    """The conflicts of the shifts overlapping ``start`` … ``end``.

    Shifts just outside the range are looked at too (a double booking or a short rest across
    the range's edge), but only conflicts of shifts inside it are returned.
    """
    margin = dt.timedelta(days=2)
    shifts = load_shift_facts(start - margin, end + margin)
    volunteers = load_volunteer_facts(v for s in shifts for v in s.volunteer_ids)
    levels = load_levels(v.home_building_id for v in volunteers.values() if v.home_building_id)
    inside = {s.id for s in shifts if s.starts_at < end and s.ends_at > start}
    found = find_conflicts(
        shifts, volunteers, load_posts(), levels, min_rest_hours=min_rest_hours()
    )
    return [c for c in found if c.shift_id in inside]


def preview_assignment(
    volunteer_id: int, post_id: int, day: dt.date, shift_name: str
) -> list[Conflict]:
    """The conflicts that putting ``volunteer_id`` on this cell would bring (nothing written)."""
    definition = community_settings.load().shift(shift_name)
    existing = Shift.get_or_none(
        (Shift.post == post_id) & (Shift.date == day) & (Shift.name == shift_name)
    )
    start, end = (existing.starts_at, existing.ends_at) if existing else definition.times_on(day)
    margin = dt.timedelta(days=2)
    shifts = load_shift_facts(start - margin, end + margin)
    cell_id = existing.id if existing else -1
    cell = next((s for s in shifts if s.id == cell_id), None)
    if cell is None:
        cell = ShiftFacts(cell_id, post_id, day, shift_name, start, end, ())
        shifts.append(cell)
    if volunteer_id not in cell.volunteer_ids:
        shifts = [
            ShiftFacts(
                s.id, s.post_id, s.date, s.name, s.starts_at, s.ends_at,
                (*s.volunteer_ids, volunteer_id),
            )
            if s.id == cell_id
            else s
            for s in shifts
        ]  # fmt: skip
    volunteers = load_volunteer_facts(v for s in shifts for v in s.volunteer_ids)
    levels = load_levels(v.home_building_id for v in volunteers.values() if v.home_building_id)
    found = find_conflicts(
        shifts, volunteers, load_posts(), levels, min_rest_hours=min_rest_hours()
    )
    return [
        c
        for c in found
        if c.volunteer_id == volunteer_id and (c.shift_id == cell_id or c.other_shift_id == cell_id)
    ]


# --- the week grid ---------------------------------------------------------------------------


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class Member:
    assignment_id: int
    volunteer_id: int
    name: str
    is_lead: bool
    status: str
    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None


@dataclass(frozen=True)
class PostRow:
    id: int
    kind: str
    name: str
    compound: str
    min_staff: int
    building_id: int | None


@dataclass(frozen=True)
class Cell:
    post_id: int
    date: dt.date
    shift_name: str
    shift_id: int | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    members: tuple[Member, ...] = ()
    conflicts: tuple[Conflict, ...] = ()

    @property
    def lead(self) -> Member | None:
        return next((m for m in self.members if m.is_lead), None)


@dataclass(frozen=True)
class RosterWeek:
    monday: dt.date
    days: tuple[dt.date, ...]
    shifts: tuple[ShiftDefinition, ...]
    posts: tuple[PostRow, ...]
    cells: dict[tuple[int, dt.date, str], Cell]
    conflicts: tuple[Conflict, ...]
    # Cells of active posts with nobody on them yet.
    unfilled: int = 0
    shift_posts: dict[int, int] = field(default_factory=dict)

    def cell(self, post_id: int, day: dt.date, shift_name: str) -> Cell:
        return self.cells[(post_id, day, shift_name)]


def load_week(monday: dt.date) -> RosterWeek:
    """The week grid from ``monday`` (any day: its week's Monday is used) with its conflicts."""
    monday = week_start(monday)
    settings = community_settings.load()
    days = tuple(monday + dt.timedelta(days=i) for i in range(7))
    posts = tuple(
        PostRow(
            p.id,
            p.kind,
            p.name,
            cast(Compound, p.compound).name if p.__data__.get("compound") else "",
            p.min_staff,
            p.__data__.get("building"),
        )
        for p in Post.select(Post, Compound)
        .join(Compound, join_type=pw.JOIN.LEFT_OUTER)
        .where(Post.active == True)  # noqa: E712
        .order_by(Post.id)
    )
    rows = list(Shift.select().where((Shift.date >= days[0]) & (Shift.date <= days[-1])))
    members: dict[int, list[Member]] = defaultdict(list)
    if rows:
        query = (
            ShiftAssignment.select(ShiftAssignment, Volunteer)
            .join(Volunteer)
            .where(ShiftAssignment.shift.in_([r.id for r in rows]))
            .order_by(ShiftAssignment.is_lead.desc(), ShiftAssignment.id)
        )
        for a in query:
            members[a.__data__["shift"]].append(
                Member(
                    a.id,
                    a.volunteer.id,
                    a.volunteer.name,
                    a.is_lead,
                    a.volunteer.status,
                    a.checked_in_at,
                    a.checked_out_at,
                )
            )
    start = dt.datetime.combine(days[0], dt.time.min)
    end = dt.datetime.combine(days[-1] + dt.timedelta(days=1), dt.time.min)
    conflicts = [c for c in conflicts_between(start, end) if c.shift_id in {r.id for r in rows}]
    by_shift: dict[int, list[Conflict]] = defaultdict(list)
    for conflict in conflicts:
        by_shift[conflict.shift_id].append(conflict)
    cells: dict[tuple[int, dt.date, str], Cell] = {}
    for row in rows:
        key = (row.__data__["post"], row.date, row.name)
        cells[key] = Cell(
            key[0],
            row.date,
            row.name,
            row.id,
            row.starts_at,
            row.ends_at,
            tuple(members.get(row.id, ())),
            tuple(by_shift.get(row.id, ())),
        )
    unfilled = 0
    for post in posts:
        for day in days:
            for definition in settings.shifts:
                key = (post.id, day, definition.name)
                if key not in cells:
                    start_at, end_at = definition.times_on(day)
                    cells[key] = Cell(post.id, day, definition.name, None, start_at, end_at)
                if not cells[key].members:
                    unfilled += 1
    return RosterWeek(
        monday,
        days,
        settings.shifts,
        posts,
        cells,
        tuple(conflicts),
        unfilled,
        {r.id: r.__data__["post"] for r in rows},
    )


# --- changing the roster -----------------------------------------------------------------------


@dataclass(frozen=True)
class AssignResult:
    shift_id: int
    assignment_id: int
    conflicts: tuple[Conflict, ...]


def _shift_for(post_id: int, day: dt.date, shift_name: str) -> Shift:
    shift: Shift | None = Shift.get_or_none(
        (Shift.post == post_id) & (Shift.date == day) & (Shift.name == shift_name)
    )
    if shift is None:
        definition = community_settings.load().shift(shift_name)
        start, end = definition.times_on(day)
        shift = Shift.create(post=post_id, date=day, name=shift_name, starts_at=start, ends_at=end)
    return shift


def _post(post_id: int) -> Post:
    post: Post | None = Post.get_or_none(Post.id == post_id)
    if post is None:
        raise RosterError("岗位不存在（可能已被删除）")
    return post


def post_name(post_id: int) -> str:
    """The post's name (RosterError when it has been deleted)."""
    return _post(post_id).name


def opening_week(today: dt.date) -> dt.date:
    """The Monday a roster opens on: this week's; or, when this week and later have no shift
    at all, the last rostered week's (a database from the past, like the demo)."""
    monday = week_start(today)
    if Shift.select().where(Shift.date >= monday).exists():
        return monday
    last = Shift.select(Shift.date).order_by(Shift.date.desc()).first()
    return week_start(last.date) if last is not None else monday


def _volunteer(volunteer_id: int) -> Volunteer:
    volunteer: Volunteer | None = Volunteer.get_or_none(Volunteer.id == volunteer_id)
    if volunteer is None:
        raise RosterError("志愿者不存在（可能已被删除）")
    return volunteer


def assign(
    actor: Actor,
    volunteer_id: int,
    post_id: int,
    day: dt.date,
    shift_name: str,
    *,
    lead: bool = False,
) -> AssignResult:
    """Put a volunteer on a shift; the first one on a shift leads it unless another is named.

    Conflicts do not stop the change: they are returned (and shown on the grid).
    """
    require_write(actor)
    post = _post(post_id)
    volunteer = _volunteer(volunteer_id)
    try:
        community_settings.load().shift(shift_name)
    except KeyError as exc:
        raise RosterError(str(exc.args[0])) from exc
    with db.atomic():
        shift = _shift_for(post_id, day, shift_name)
        if ShiftAssignment.get_or_none(
            (ShiftAssignment.shift == shift.id) & (ShiftAssignment.volunteer == volunteer_id)
        ):
            raise RosterError(f"{volunteer.name} 已经排在 {day:%m-%d} {shift_name} {post.name}")
        first = not ShiftAssignment.select().where(ShiftAssignment.shift == shift.id).exists()
        is_lead = lead or first
        if is_lead:
            ShiftAssignment.update(is_lead=False).where(ShiftAssignment.shift == shift.id).execute()
            Shift.update(lead=volunteer_id).where(Shift.id == shift.id).execute()
        assignment = ShiftAssignment.create(shift=shift.id, volunteer=volunteer_id, is_lead=is_lead)
        audit.record(
            actor,
            "roster.assign",
            entity="shift",
            entity_id=shift.id,
            summary=f"{volunteer.name} 排入 {day:%Y-%m-%d} {shift_name} {post.name}"
            + ("（带班）" if is_lead else ""),
        )
    conflicts = preview_assignment(volunteer_id, post_id, day, shift_name)
    return AssignResult(shift.id, assignment.id, tuple(conflicts))


def _assignment(assignment_id: int) -> ShiftAssignment:
    row: ShiftAssignment | None = (
        ShiftAssignment.select(ShiftAssignment, Shift, Volunteer, Post)
        .join(Shift)
        .join(Post)
        .switch(ShiftAssignment)
        .join(Volunteer)
        .where(ShiftAssignment.id == assignment_id)
        .first()
    )
    if row is None:
        raise RosterError("这条排班已不存在（可能已被他人删除）")
    return row


def _label(row: ShiftAssignment) -> str:
    shift = row.shift
    return f"{row.volunteer.name} {shift.date:%Y-%m-%d} {shift.name} {shift.post.name}"


def unassign(actor: Actor, assignment_id: int) -> None:
    """Take a volunteer off a shift; the lead passes to the next one on it, if any."""
    require_write(actor)
    row = _assignment(assignment_id)
    shift = row.shift
    with db.atomic():
        before = _assignment_dict(row)
        row.delete_instance()
        if row.is_lead:
            successor = (
                ShiftAssignment.select()
                .where(ShiftAssignment.shift == shift.id)
                .order_by(ShiftAssignment.id)
                .first()
            )
            if successor is not None:
                successor.is_lead = True
                successor.save()
            Shift.update(lead=successor.__data__["volunteer"] if successor else None).where(
                Shift.id == shift.id
            ).execute()
        audit.record(
            actor,
            "roster.unassign",
            entity="shift",
            entity_id=shift.id,
            summary=f"{_label(row)} 取消排班",
            before=before,
        )


def restore(actor: Actor, before: dict[str, Any]) -> int:
    """Undo :func:`unassign`: put the volunteer back as he was (lead, check-in/out)."""
    require_write(actor)
    with db.atomic():
        shift = Shift.get_by_id(before["shift"])
        if before["is_lead"]:
            ShiftAssignment.update(is_lead=False).where(ShiftAssignment.shift == shift.id).execute()
            Shift.update(lead=before["volunteer"]).where(Shift.id == shift.id).execute()
        row = ShiftAssignment.create(
            shift=shift.id,
            volunteer=before["volunteer"],
            is_lead=before["is_lead"],
            checked_in_at=before["checked_in_at"],
            checked_out_at=before["checked_out_at"],
        )
        audit.record(
            actor,
            "roster.restore",
            entity="shift",
            entity_id=shift.id,
            summary=f"{_label(_assignment(row.id))} 恢复排班",
        )
    return int(row.id)


def move(
    actor: Actor, assignment_id: int, post_id: int, day: dt.date, shift_name: str
) -> AssignResult:
    """Move a volunteer from his shift to another cell (drag and drop on the grid).

    One transaction: he is put on the target (leading it when it had nobody) and taken off
    the source (whose lead passes on). A volunteer who has checked in is not moved.
    """
    require_write(actor)
    row = _assignment(assignment_id)
    source = row.shift
    if (source.__data__["post"], source.date, source.name) == (post_id, day, shift_name):
        raise RosterError("拖到了同一个班次，没有变化")
    if row.checked_in_at is not None:
        raise RosterError(f"{row.volunteer.name} 已在该班次签到，不能调到别的班次")
    volunteer_id = row.volunteer.id
    with db.atomic():
        unassign(actor, assignment_id)
        result = assign(actor, volunteer_id, post_id, day, shift_name)
    return result


def _assignment_dict(row: ShiftAssignment) -> dict[str, Any]:
    return {
        "shift": row.__data__["shift"],
        "volunteer": row.__data__["volunteer"],
        "is_lead": row.is_lead,
        "checked_in_at": row.checked_in_at,
        "checked_out_at": row.checked_out_at,
    }


def set_lead(actor: Actor, assignment_id: int) -> None:
    require_write(actor)
    row = _assignment(assignment_id)
    with db.atomic():
        ShiftAssignment.update(is_lead=(ShiftAssignment.id == assignment_id)).where(
            ShiftAssignment.shift == row.shift.id
        ).execute()
        Shift.update(lead=row.volunteer.id).where(Shift.id == row.shift.id).execute()
        audit.record(
            actor,
            "roster.lead",
            entity="shift",
            entity_id=row.shift.id,
            summary=f"{_label(row)} 带班",
        )


def check_in(actor: Actor, assignment_id: int, at: dt.datetime | None = None) -> dt.datetime:
    """Record the start of a volunteer's shift (签到)."""
    require_write(actor)
    row = _assignment(assignment_id)
    moment = (at or now()).replace(microsecond=0)
    if row.checked_in_at is not None:
        raise RosterError(f"{row.volunteer.name} 已于 {row.checked_in_at:%m-%d %H:%M} 签到")
    if moment < row.shift.starts_at - dt.timedelta(hours=2):
        raise RosterError(
            f"还没到签到时间：该班次 {row.shift.starts_at:%m-%d %H:%M} 开始（最早提前 2 小时签到）"
        )
    if moment > row.shift.ends_at:
        raise RosterError(f"该班次已于 {row.shift.ends_at:%m-%d %H:%M} 结束，不能再签到")
    return _clock(actor, row, "checked_in_at", moment, "roster.check_in", "签到")


def check_out(actor: Actor, assignment_id: int, at: dt.datetime | None = None) -> dt.datetime:
    """Record the end of a volunteer's shift (签退); he must have checked in."""
    require_write(actor)
    row = _assignment(assignment_id)
    moment = (at or now()).replace(microsecond=0)
    if row.checked_in_at is None:
        raise RosterError(f"{row.volunteer.name} 还没有签到，不能签退")
    if row.checked_out_at is not None:
        raise RosterError(f"{row.volunteer.name} 已于 {row.checked_out_at:%m-%d %H:%M} 签退")
    if moment < row.checked_in_at:
        raise RosterError("签退时间不能早于签到时间")
    return _clock(actor, row, "checked_out_at", moment, "roster.check_out", "签退")


def _clock(
    actor: Actor, row: ShiftAssignment, field: str, moment: dt.datetime, action: str, word: str
) -> dt.datetime:
    """Store a check-in or check-out time of an assignment, with its audit entry."""
    with db.atomic():
        ShiftAssignment.update({field: moment}).where(ShiftAssignment.id == row.id).execute()
        audit.record(
            actor,
            action,
            entity="shift",
            entity_id=row.shift.id,
            summary=f"{_label(row)} {word} {moment:%H:%M}",
        )
    return moment


def check_in_all(actor: Actor, shift_id: int, at: dt.datetime | None = None) -> int:
    """Check in everyone of a shift who has not checked in yet; how many were."""
    return _all(actor, shift_id, at, check_in, ShiftAssignment.checked_in_at.is_null(True))


def check_out_all(actor: Actor, shift_id: int, at: dt.datetime | None = None) -> int:
    """Check out everyone of a shift who checked in and has not checked out yet."""
    return _all(
        actor,
        shift_id,
        at,
        check_out,
        ShiftAssignment.checked_in_at.is_null(False) & ShiftAssignment.checked_out_at.is_null(True),
    )


def _all(actor: Actor, shift_id: int, at: dt.datetime | None, one: Any, where: Any) -> int:
    require_write(actor)
    moment = (at or now()).replace(microsecond=0)
    ids = [
        a.id
        for a in ShiftAssignment.select(ShiftAssignment.id)
        .where((ShiftAssignment.shift == shift_id) & where)
        .order_by(ShiftAssignment.id)
    ]
    with db.atomic():
        for assignment_id in ids:
            one(actor, assignment_id, moment)
    return len(ids)


@dataclass(frozen=True)
class CopyResult:
    shifts_created: int
    assignments_created: int
    # Cells skipped because the shift name is no longer defined in the settings.
    skipped: int
    assignment_ids: tuple[int, ...] = ()


def copy_week(actor: Actor, source_monday: dt.date, target_monday: dt.date) -> CopyResult:
    """Copy the roster of one week onto another (usually last week onto this one).

    Adds who is missing; what the target week already has stays (nobody is taken off, no
    check-in is copied). The lead is copied when the target shift has none.
    """
    require_write(actor)
    source_monday, target_monday = week_start(source_monday), week_start(target_monday)
    if source_monday == target_monday:
        raise RosterError("源周和目标周是同一周")
    offset = target_monday - source_monday
    settings = community_settings.load()
    known = {d.name for d in settings.shifts}
    created = skipped = 0
    new_ids: list[int] = []
    source = list(
        Shift.select()
        .join(Post)
        .where(
            (Shift.date >= source_monday)
            & (Shift.date < source_monday + dt.timedelta(days=7))
            & (Post.active == True)  # noqa: E712
        )
        .order_by(Shift.starts_at, Shift.id)
    )
    with db.atomic():
        for shift in source:
            if shift.name not in known:
                skipped += 1
                continue
            day = shift.date + offset
            target = Shift.get_or_none(
                (Shift.post == shift.__data__["post"])
                & (Shift.date == day)
                & (Shift.name == shift.name)
            )
            if target is None:
                start, end = settings.shift(shift.name).times_on(day)
                target = Shift.create(
                    post=shift.__data__["post"], date=day, name=shift.name,
                    starts_at=start, ends_at=end,
                )  # fmt: skip
                created += 1
            present = {
                vid
                for (vid,) in cast(
                    list[tuple[int]],
                    ShiftAssignment.select(ShiftAssignment.volunteer)
                    .where(ShiftAssignment.shift == target.id)
                    .tuples(),
                )
            }
            has_lead = target.__data__.get("lead") is not None
            for member in (
                ShiftAssignment.select()
                .where(ShiftAssignment.shift == shift.id)
                .order_by(ShiftAssignment.is_lead.desc(), ShiftAssignment.id)
            ):
                volunteer_id = member.__data__["volunteer"]
                if volunteer_id in present:
                    continue
                is_lead = member.is_lead and not has_lead
                row = ShiftAssignment.create(
                    shift=target.id, volunteer=volunteer_id, is_lead=is_lead
                )
                new_ids.append(row.id)
                present.add(volunteer_id)
                if is_lead:
                    has_lead = True
                    Shift.update(lead=volunteer_id).where(Shift.id == target.id).execute()
        audit.record(
            actor,
            "roster.copy_week",
            entity="shift",
            summary=f"复制 {source_monday:%Y-%m-%d} 一周的排班到 {target_monday:%Y-%m-%d} 一周："
            f"新增班次 {created} 个、排班 {len(new_ids)} 人次",
        )
    return CopyResult(created, len(new_ids), skipped, tuple(new_ids))


def undo_copy(actor: Actor, result: CopyResult) -> int:
    """Take back what :func:`copy_week` added (its assignments and the shifts left empty)."""
    require_write(actor)
    with db.atomic():
        shift_ids = {
            sid
            for (sid,) in cast(
                list[tuple[int]],
                ShiftAssignment.select(ShiftAssignment.shift)
                .where(ShiftAssignment.id.in_(list(result.assignment_ids)))
                .tuples(),
            )
        }
        removed = (
            ShiftAssignment.delete()
            .where(ShiftAssignment.id.in_(list(result.assignment_ids)))
            .execute()
        )
        for shift_id in shift_ids:
            remaining = (
                ShiftAssignment.select()
                .where(ShiftAssignment.shift == shift_id)
                .order_by(ShiftAssignment.is_lead.desc(), ShiftAssignment.id)
            )
            first = remaining.first()
            if first is None:
                Shift.delete().where(Shift.id == shift_id).execute()
            elif not first.is_lead:
                first.is_lead = True
                first.save()
                Shift.update(lead=first.__data__["volunteer"]).where(Shift.id == shift_id).execute()
        audit.record(
            actor, "roster.undo_copy", entity="shift", summary=f"撤销复制排班：{removed} 人次"
        )
    return int(removed)


def shift_label(shift_id: int) -> str:
    shift = Shift.select(Shift, Post).join(Post).where(Shift.id == shift_id).first()
    if shift is None:
        return ""
    return f"{shift.date:%m-%d} {shift.name} {shift.post.name}"


__all__ = [
    "CONFLICT_KINDS",
    "CONFLICT_LABELS",
    "Conflict",
    "RosterError",
    "RosterWeek",
    "assign",
    "check_in",
    "check_out",
    "conflicts_between",
    "copy_week",
    "find_conflicts",
    "load_week",
    "preview_assignment",
    "set_lead",
    "unassign",
    "week_start",
]


# --- posts -------------------------------------------------------------------------------------

POST_NAME_MAX: Final = 64
MAX_MIN_STAFF: Final = 50


@dataclass(frozen=True)
class PostData:
    kind: str
    name: str
    min_staff: int = 1
    compound_id: int | None = None
    building_id: int | None = None
    active: bool = True


@dataclass(frozen=True)
class PostInfo:
    id: int
    kind: str
    name: str
    min_staff: int
    compound_id: int | None
    building_id: int | None
    active: bool
    shifts: int


def all_posts() -> list[PostInfo]:
    """Every post, active ones first, with how many shifts it has had."""
    counts = dict(
        cast(
            list[tuple[int, int]],
            list(Shift.select(Shift.post, pw.fn.COUNT(Shift.id)).group_by(Shift.post).tuples()),
        )
    )
    return [
        PostInfo(
            p.id,
            p.kind,
            p.name,
            p.min_staff,
            p.__data__.get("compound"),
            p.__data__.get("building"),
            p.active,
            counts.get(p.id, 0),
        )
        for p in Post.select().order_by(Post.active.desc(), Post.id)
    ]


def post_problems(data: PostData, post_id: int | None = None) -> dict[str, str]:
    """What is wrong with ``data``, by field (empty when it can be saved)."""
    problems: dict[str, str] = {}
    name = " ".join(data.name.split())
    if not name:
        problems["name"] = "岗位名称不能为空"
    elif len(name) > POST_NAME_MAX:
        problems["name"] = f"岗位名称过长（最多 {POST_NAME_MAX} 个字）"
    else:
        same = Post.select().where(Post.name == name)
        if post_id is not None:
            same = same.where(Post.id != post_id)
        if same.exists():
            problems["name"] = f"已有名为“{name}”的岗位"
    if data.kind not in POST_KINDS:
        problems["kind"] = f"岗位类别应为：{'、'.join(POST_KINDS)}"
    if not 1 <= data.min_staff <= MAX_MIN_STAFF:
        problems["min_staff"] = f"每班最少人数应在 1 到 {MAX_MIN_STAFF} 之间"
    if data.building_id is not None:
        building = Building.get_or_none(Building.id == data.building_id)
        if building is None:
            problems["building"] = "楼栋不存在"
        elif data.compound_id is not None and building.__data__["compound"] != data.compound_id:
            problems["building"] = "楼栋不在所选小区内"
    if data.compound_id is not None and not Compound.get_or_none(Compound.id == data.compound_id):
        problems["compound"] = "小区不存在"
    return problems


def save_post(actor: Actor, data: PostData, post_id: int | None = None) -> int:
    """Create a post, or change one. A post is never deleted (its shifts are history):
    a post no longer staffed is made inactive and leaves the week grid."""
    require_write(actor)
    problems = post_problems(data, post_id)
    if problems:
        raise RosterError("；".join(problems.values()))
    compound_id = data.compound_id
    if data.building_id is not None and compound_id is None:
        compound_id = Building.get_by_id(data.building_id).__data__["compound"]
    values = {
        "kind": data.kind,
        "name": " ".join(data.name.split()),
        "min_staff": data.min_staff,
        "compound": compound_id,
        "building": data.building_id,
        "active": data.active,
    }
    with db.atomic():
        if post_id is None:
            post = Post.create(**values)
            audit.record(
                actor,
                "roster.post_create",
                entity="post",
                entity_id=post.id,
                summary=f"新建岗位 {values['name']}（{data.kind}，每班至少 {data.min_staff} 人）",
                after=values,
            )
            return int(post.id)
        old = _post(post_id)
        before = {
            "kind": old.kind,
            "name": old.name,
            "min_staff": old.min_staff,
            "compound": old.__data__.get("compound"),
            "building": old.__data__.get("building"),
            "active": old.active,
        }
        Post.update(**values).where(Post.id == post_id).execute()
        audit.record(
            actor,
            "roster.post_edit",
            entity="post",
            entity_id=post_id,
            summary=f"修改岗位 {values['name']}",
            before=before,
            after=values,
        )
    return post_id
