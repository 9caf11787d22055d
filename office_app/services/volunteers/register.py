"""Volunteers (志愿者): details, statistics, exports, status and the grid organisation (网格).

Statistics count, per volunteer and per sending organisation:
- shifts (班次): the shifts a volunteer was put on up to the day asked about;
- hours (时长): the time between check-in and check-out of those shifts (a shift without both
  counts as a shift but adds no hours: the hours are the ones a certificate can vouch for);
- service records (服务记录) by kind, as 人次 (the records' ``count``). Errands (就医陪同,
  代购药品, 物资配送) are recorded by the gate and errand work; they are only read here.

The grid organisation: a 片长 leads a community area (片区, the compounds' ``area``), a 组长 a
compound, a 小组长 a building; every volunteer has one grid role (组员 when none).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, cast

import peewee as pw

from office_app.models import (
    Building,
    Compound,
    Organisation,
    Post,
    ServiceRecord,
    Shift,
    ShiftAssignment,
    Volunteer,
    db,
)
from office_app.models.roster import SERVICE_KINDS
from office_app.models.volunteers import (
    GRID_ROLES,
    ORG_KINDS,
    ORG_LEVELS,
    STATUS_ON_DUTY,
    VOLUNTEER_KINDS,
    VOLUNTEER_STATUSES,
    VolunteerSkill,
    VolunteerStatusChange,
)

from ..admin import audit, seats
from ..admin.actor import Actor, require_write
from ..choices import natural_key
from ..people.identity import check_mobile
from ..reporting.export import ExportColumn, export_table

ERRAND_KINDS: Final = ("就医陪同", "代购药品", "物资配送")
AREA_LEADER, COMPOUND_LEADER, BUILDING_LEADER, MEMBER = GRID_ROLES


class VolunteerError(Exception):
    """A change that cannot be made; the message says why (in Chinese)."""


class VolunteerConflict(seats.StaleRecord, VolunteerError):
    """Another seat saved the volunteer after this one read it."""


# --- statistics ------------------------------------------------------------------------------


@dataclass
class VolunteerStats:
    id: int
    name: str
    organisation: str
    org_level: str
    kind: str
    status: str
    report_date: dt.date | None
    days_served: int
    shifts: int = 0
    hours: float = 0.0
    services: dict[str, int] = field(default_factory=dict)

    @property
    def services_total(self) -> int:
        return sum(self.services.values())

    @property
    def errands(self) -> int:
        """人次 of escorts and errands (就医陪同, 代购药品, 物资配送)."""
        return sum(self.services.get(k, 0) for k in ERRAND_KINDS)


@dataclass
class OrganisationStats:
    id: int | None
    name: str
    level: str
    kind: str
    volunteers: int = 0
    on_duty: int = 0
    shifts: int = 0
    hours: float = 0.0
    services: dict[str, int] = field(default_factory=dict)

    @property
    def services_total(self) -> int:
        return sum(self.services.values())


def days_served(report_date: dt.date | None, today: dt.date) -> int:
    """Days since reporting for duty, the reporting day included (0 before it)."""
    if report_date is None or report_date > today:
        return 0
    return (today - report_date).days + 1


def _hours(checked_in: dt.datetime | None, checked_out: dt.datetime | None) -> float:
    if checked_in is None or checked_out is None or checked_out <= checked_in:
        return 0.0
    return (checked_out - checked_in).total_seconds() / 3600


def volunteer_stats(
    today: dt.date, *, volunteer_ids: Iterable[int] | None = None
) -> list[VolunteerStats]:
    """Statistics of every volunteer (or of ``volunteer_ids``) up to ``today``, by name."""
    wanted = None if volunteer_ids is None else sorted(set(volunteer_ids))
    query = (
        Volunteer.select(Volunteer, Organisation)
        .join(Organisation, pw.JOIN.LEFT_OUTER)
        .order_by(Volunteer.name, Volunteer.id)
    )
    if wanted is not None:
        query = query.where(Volunteer.id.in_(wanted))
    result: dict[int, VolunteerStats] = {}
    for v in query:
        org = v.organisation if v.__data__.get("organisation") else None
        result[v.id] = VolunteerStats(
            v.id,
            v.name,
            org.name if org else "",
            org.level if org else "",
            v.kind,
            v.status,
            v.report_date,
            days_served(v.report_date, today),
        )
    shifts = (
        ShiftAssignment.select(
            ShiftAssignment.volunteer, ShiftAssignment.checked_in_at, ShiftAssignment.checked_out_at
        )
        .join(Shift)
        .where(Shift.date <= today)
    )
    if wanted is not None:
        shifts = shifts.where(ShiftAssignment.volunteer.in_(wanted))
    for volunteer_id, checked_in, checked_out in cast(
        list[tuple[int, dt.datetime | None, dt.datetime | None]], list(shifts.tuples())
    ):
        stats = result.get(volunteer_id)
        if stats is not None:
            stats.shifts += 1
            stats.hours += _hours(checked_in, checked_out)
    records = (
        ServiceRecord.select(
            ServiceRecord.volunteer, ServiceRecord.kind, pw.fn.SUM(ServiceRecord.count)
        )
        .where(ServiceRecord.occurred_at < dt.datetime.combine(today + dt.timedelta(1), dt.time()))
        .group_by(ServiceRecord.volunteer, ServiceRecord.kind)
    )
    if wanted is not None:
        records = records.where(ServiceRecord.volunteer.in_(wanted))
    for volunteer_id, kind, count in cast(list[tuple[int, str, int]], list(records.tuples())):
        stats = result.get(volunteer_id)
        if stats is not None:
            stats.services[kind] = stats.services.get(kind, 0) + int(count or 0)
    for stats in result.values():
        stats.hours = round(stats.hours, 1)
    return list(result.values())


def organisation_stats(today: dt.date) -> list[OrganisationStats]:
    """Statistics per sending organisation (volunteers without one under “无派出单位”)."""
    orgs: dict[int | None, OrganisationStats] = {
        o.id: OrganisationStats(o.id, o.name, o.level, o.kind)
        for o in Organisation.select().order_by(Organisation.level, Organisation.name)
    }
    org_of = dict(
        cast(
            list[tuple[int, int | None]],
            list(Volunteer.select(Volunteer.id, Volunteer.organisation).tuples()),
        )
    )
    for stats in volunteer_stats(today):
        key = org_of.get(stats.id)
        if key not in orgs:
            orgs[key] = OrganisationStats(None, "无派出单位", "", "")
        org = orgs[key]
        org.volunteers += 1
        org.on_duty += stats.status == STATUS_ON_DUTY
        org.shifts += stats.shifts
        org.hours += stats.hours
        for kind, count in stats.services.items():
            org.services[kind] = org.services.get(kind, 0) + count
    for org in orgs.values():
        org.hours = round(org.hours, 1)
    return [o for o in orgs.values() if o.volunteers]


VOLUNTEER_HEADER: Final = (
    "姓名",
    "派出单位",
    "单位级别",
    "类型",
    "状态",
    "报到日期",
    "服务天数",
    "班次",
    "时长(小时)",
    *SERVICE_KINDS,
    "服务人次合计",
)
ORGANISATION_HEADER: Final = (
    "派出单位",
    "单位级别",
    "单位类型",
    "志愿者人数",
    "在岗人数",
    "班次",
    "时长(小时)",
    *SERVICE_KINDS,
    "服务人次合计",
)


def volunteer_rows(stats: Sequence[VolunteerStats]) -> list[list[Any]]:
    return [
        [
            s.name,
            s.organisation,
            s.org_level,
            s.kind,
            s.status,
            s.report_date.isoformat() if s.report_date else "",
            s.days_served,
            s.shifts,
            s.hours,
            *(s.services.get(k, 0) for k in SERVICE_KINDS),
            s.services_total,
        ]
        for s in stats
    ]


def organisation_rows(stats: Sequence[OrganisationStats]) -> list[list[Any]]:
    return [
        [
            o.name,
            o.level,
            o.kind,
            o.volunteers,
            o.on_duty,
            o.shifts,
            o.hours,
            *(o.services.get(k, 0) for k in SERVICE_KINDS),
            o.services_total,
        ]
        for o in stats
    ]


def _export(
    actor: Actor, path: Path, header: Sequence[str], rows: list[list[Any]], what: str
) -> int:
    """Through the shared export helper: atomic, audited, formula-safe (an organisation named
    ``=…`` is written as text). The statistics hold no phone or document numbers."""
    columns = [ExportColumn(title) for title in header]
    return export_table(actor, Path(path), columns, rows, what=what).rows


def export_volunteer_stats(actor: Actor, path: Path, today: dt.date) -> int:
    """Write every volunteer's statistics to ``path`` (CSV or .xlsx); the row count. Audited."""
    rows = volunteer_rows(volunteer_stats(today))
    return _export(actor, path, VOLUNTEER_HEADER, rows, "volunteer_stats")


def export_organisation_stats(actor: Actor, path: Path, today: dt.date) -> int:
    """Write the statistics per organisation to ``path`` (CSV or .xlsx); the row count."""
    rows = organisation_rows(organisation_stats(today))
    return _export(actor, path, ORGANISATION_HEADER, rows, "organisation_stats")


# --- one volunteer -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SkillInfo:
    skill: str
    trained_by: str


@dataclass(frozen=True)
class StatusInfo:
    from_status: str
    to_status: str
    since: dt.date
    until: dt.date | None
    reason: str


@dataclass(frozen=True)
class ShiftInfo:
    date: dt.date
    shift: str
    post: str
    post_kind: str
    is_lead: bool
    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None


@dataclass(frozen=True)
class VolunteerDetail:
    id: int
    name: str
    gender: str
    phone: str
    party_member: bool
    organisation: str
    org_level: str
    org_kind: str
    kind: str
    home: str
    report_date: dt.date | None
    status: str
    status_since: dt.date | None
    grid_role: str
    grid_scope: str
    note: str
    skills: tuple[SkillInfo, ...]
    trainees: tuple[str, ...]
    status_history: tuple[StatusInfo, ...]
    stats: VolunteerStats
    shifts: tuple[ShiftInfo, ...]
    # The version read: a status change naming it is refused when another seat wrote since.
    version: int = 0


def building_label(building: Building) -> str:
    return f"{building.compound.name} {building.name}"


def grid_scope(volunteer: Volunteer) -> str:
    """What the volunteer's grid role covers, as text: 片区, 小区 or 小区 楼栋."""
    if volunteer.grid_role == AREA_LEADER:
        return volunteer.grid_area
    if volunteer.grid_role == BUILDING_LEADER and volunteer.__data__.get("grid_building"):
        building = Building.select(Building, Compound).join(Compound)
        row = building.where(Building.id == volunteer.__data__["grid_building"]).first()
        return building_label(row) if row else ""
    if volunteer.__data__.get("grid_compound"):
        compound = Compound.get_or_none(Compound.id == volunteer.__data__["grid_compound"])
        return compound.name if compound else ""
    return volunteer.grid_area


def volunteer_detail(volunteer_id: int, today: dt.date) -> VolunteerDetail:
    volunteer: Volunteer | None = Volunteer.get_or_none(Volunteer.id == volunteer_id)
    if volunteer is None:
        raise VolunteerError("志愿者不存在（可能已被删除）")
    org = volunteer.organisation if volunteer.__data__.get("organisation") else None
    home = ""
    if volunteer.__data__.get("home_building"):
        row = (
            Building.select(Building, Compound)
            .join(Compound)
            .where(Building.id == volunteer.__data__["home_building"])
            .first()
        )
        home = building_label(row) if row else ""
    trainer = Volunteer.alias("trainer")
    skills = tuple(
        SkillInfo(skill, trained_by or "")
        for skill, trained_by in cast(
            list[tuple[str, str | None]],
            list(
                VolunteerSkill.select(VolunteerSkill.skill, trainer.name)
                .join(trainer, pw.JOIN.LEFT_OUTER, on=(VolunteerSkill.trained_by == trainer.id))
                .where(VolunteerSkill.volunteer == volunteer_id)
                .order_by(VolunteerSkill.id)
                .tuples()
            ),
        )
    )
    trainees = tuple(
        name
        for (name,) in cast(
            list[tuple[str]],
            list(
                VolunteerSkill.select(Volunteer.name)
                .join(Volunteer, on=(VolunteerSkill.volunteer == Volunteer.id))
                .where(VolunteerSkill.trained_by == volunteer_id)
                .order_by(Volunteer.name)
                .tuples()
            ),
        )
    )
    history = tuple(
        StatusInfo(c.from_status, c.to_status, c.since, c.until, c.reason)
        for c in VolunteerStatusChange.select()
        .where(VolunteerStatusChange.volunteer == volunteer_id)
        .order_by(VolunteerStatusChange.since, VolunteerStatusChange.id)
    )
    shifts = tuple(
        ShiftInfo(
            a.shift.date,
            a.shift.name,
            a.shift.post.name,
            a.shift.post.kind,
            a.is_lead,
            a.checked_in_at,
            a.checked_out_at,
        )
        for a in ShiftAssignment.select(ShiftAssignment, Shift, Post)
        .join(Shift)
        .join(Post)
        .where(ShiftAssignment.volunteer == volunteer_id)
        .order_by(Shift.starts_at)
    )
    stats = volunteer_stats(today, volunteer_ids=[volunteer_id])[0]
    return VolunteerDetail(
        volunteer.id,
        volunteer.name,
        volunteer.gender,
        volunteer.phone,
        volunteer.party_member,
        org.name if org else "",
        org.level if org else "",
        org.kind if org else "",
        volunteer.kind,
        home,
        volunteer.report_date,
        volunteer.status,
        volunteer.status_since,
        volunteer.grid_role,
        grid_scope(volunteer),
        volunteer.note,
        skills,
        trainees,
        history,
        stats,
        shifts,
        int(volunteer.version),
    )


def _write_volunteer(
    actor: Actor, volunteer: Volunteer, version: int | None, values: dict[str, Any]
) -> None:
    """The one way a volunteer's row is changed: ``values`` written with the version raised
    and who and when (:func:`seats.stamp`), on condition that the stored version is still
    ``version`` (the one an editor or dialog read; None: the one read just now, in
    ``volunteer``). Another seat's write in between refuses it, naming who and when."""
    expected = int(volunteer.version) if version is None else version
    volunteer_id = int(volunteer.id)
    query = Volunteer.update({**values, **seats.stamp(Volunteer, seats.actor_label(actor))}).where(
        (Volunteer.id == volunteer_id) & (Volunteer.version == expected)
    )
    seats.claim(query, lambda: volunteer_conflict(volunteer_id))


def change_status(
    actor: Actor,
    volunteer_id: int,
    status: str,
    since: dt.date,
    reason: str = "",
    *,
    version: int | None = None,
) -> None:
    """Give a volunteer a new status (在岗 / 居家隔离 / 伤病 / 离岗) from ``since``, with a
    status-change row; the previous open change is closed the day before.

    Versioned like every write of a volunteer: ``version`` is the one the page read (its
    :class:`VolunteerDetail`); when another seat changed the volunteer since, the change is
    refused with :class:`VolunteerConflict` naming who and when, and nothing is written."""
    require_write(actor)
    if status not in VOLUNTEER_STATUSES:
        raise VolunteerError(f"不认识的状态“{status}”（可选：{'、'.join(VOLUNTEER_STATUSES)}）")
    volunteer: Volunteer | None = Volunteer.get_or_none(Volunteer.id == volunteer_id)
    if volunteer is None:
        raise VolunteerError("志愿者不存在（可能已被删除）")
    if version is not None and version != volunteer.version:
        raise volunteer_conflict(volunteer_id)
    if status == volunteer.status:
        raise VolunteerError(f"{volunteer.name} 的状态已经是{status}")
    with db.atomic():
        _write_volunteer(actor, volunteer, version, {"status": status, "status_since": since})
        VolunteerStatusChange.update(until=since - dt.timedelta(days=1)).where(
            (VolunteerStatusChange.volunteer == volunteer_id)
            & VolunteerStatusChange.until.is_null(True)
            & (VolunteerStatusChange.since < since)
        ).execute()
        VolunteerStatusChange.create(
            volunteer=volunteer_id,
            from_status=volunteer.status,
            to_status=status,
            since=since,
            reason=reason.strip(),
        )
        before = volunteer.status
        audit.record(
            actor,
            "volunteer.status",
            entity="volunteer",
            entity_id=volunteer_id,
            summary=f"{volunteer.name}：{before} → {status}（自 {since:%Y-%m-%d}）",
            before={"status": before},
            after={"status": status, "since": since, "reason": reason},
        )


# --- the grid organisation ---------------------------------------------------------------------


@dataclass(frozen=True)
class Leader:
    id: int
    name: str
    status: str


@dataclass(frozen=True)
class BuildingNode:
    id: int
    name: str
    risk_level: str
    leaders: tuple[Leader, ...]

    @property
    def flagged(self) -> bool:
        return not self.leaders


@dataclass(frozen=True)
class CompoundNode:
    id: int
    name: str
    leaders: tuple[Leader, ...]
    buildings: tuple[BuildingNode, ...]

    @property
    def flagged(self) -> bool:
        return not self.leaders

    @property
    def buildings_without_leader(self) -> int:
        return sum(1 for b in self.buildings if b.flagged)


@dataclass(frozen=True)
class AreaNode:
    name: str
    leaders: tuple[Leader, ...]
    compounds: tuple[CompoundNode, ...]

    @property
    def flagged(self) -> bool:
        return not self.leaders


NO_AREA: Final = "未分片区"


def grid_tree() -> list[AreaNode]:
    """社区 / 片区 → 小区 → 楼栋 with their 片长, 组长 and 小组长 (those not 离岗)."""
    leaders = list(
        Volunteer.select(
            Volunteer.id,
            Volunteer.name,
            Volunteer.status,
            Volunteer.grid_role,
            Volunteer.grid_area,
            Volunteer.grid_compound,
            Volunteer.grid_building,
        )
        .where(Volunteer.grid_role.in_([AREA_LEADER, COMPOUND_LEADER, BUILDING_LEADER]))
        .order_by(Volunteer.name)
    )
    by_area: dict[str, list[Leader]] = defaultdict(list)
    by_compound: dict[int, list[Leader]] = defaultdict(list)
    by_building: dict[int, list[Leader]] = defaultdict(list)
    for v in leaders:
        if v.status == "离岗":
            continue
        leader = Leader(v.id, v.name, v.status)
        if v.grid_role == AREA_LEADER:
            by_area[v.grid_area].append(leader)
        elif v.grid_role == COMPOUND_LEADER and v.__data__.get("grid_compound"):
            by_compound[v.__data__["grid_compound"]].append(leader)
        elif v.grid_role == BUILDING_LEADER and v.__data__.get("grid_building"):
            by_building[v.__data__["grid_building"]].append(leader)
    buildings: dict[int, list[Building]] = defaultdict(list)
    for b in Building.select(Building.id, Building.name, Building.risk_level, Building.compound):
        buildings[b.__data__["compound"]].append(b)
    areas: dict[str, list[CompoundNode]] = defaultdict(list)
    for compound in Compound.select().order_by(Compound.name):
        nodes = tuple(
            BuildingNode(b.id, b.name, b.risk_level, tuple(by_building.get(b.id, ())))
            for b in sorted(buildings.get(compound.id, []), key=lambda b: natural_key(b.name))
        )
        areas[compound.area or NO_AREA].append(
            CompoundNode(compound.id, compound.name, tuple(by_compound.get(compound.id, ())), nodes)
        )
    for area in by_area:
        areas.setdefault(area, [])
    return [
        AreaNode(name, tuple(by_area.get(name, ())), tuple(areas[name]))
        for name in sorted(areas, key=lambda a: (a == NO_AREA, natural_key(a)))
    ]


def assign_grid_role(
    actor: Actor,
    volunteer_id: int,
    role: str,
    *,
    area: str = "",
    compound_id: int | None = None,
    building_id: int | None = None,
    replace: bool = True,
    version: int | None = None,
    holders: Collection[int] | None = None,
) -> list[str]:
    """Make a volunteer 片长 of ``area``, 组长 of ``compound_id`` or 小组长 of ``building_id``
    (or 组员 again). With ``replace`` the present holders of that post become 组员; their
    names are returned.

    Every volunteer changed (the one named, the holders replaced) gets its version raised and
    who and when, so an editor open on one of them learns of it. The one named is written on
    condition of ``version`` (None: the version read here), each holder replaced on the
    version read inside the write, and the post on still having the ``holders`` (the ids a
    dialog or a drag read when it began, :func:`grid_seen`; None: no check): another seat's
    write in between refuses it (:class:`VolunteerConflict`, naming who and when) and
    nothing is written."""
    require_write(actor)
    if role not in GRID_ROLES:
        raise VolunteerError(f"不认识的网格角色“{role}”（可选：{'、'.join(GRID_ROLES)}）")
    volunteer: Volunteer | None = Volunteer.get_or_none(Volunteer.id == volunteer_id)
    if volunteer is None:
        raise VolunteerError("志愿者不存在（可能已被删除）")
    if version is not None and version != volunteer.version:
        raise volunteer_conflict(volunteer_id)
    values: dict[str, Any] = {"grid_role": role}
    if role == AREA_LEADER:
        if not area.strip():
            raise VolunteerError("请选择片长负责的片区")
        values.update(grid_area=area.strip(), grid_compound=None, grid_building=None)
        scope = area.strip()
    elif role == COMPOUND_LEADER:
        compound = Compound.get_or_none(Compound.id == compound_id)
        if compound is None:
            raise VolunteerError("请选择组长负责的小区")
        values.update(grid_area=compound.area, grid_compound=compound.id, grid_building=None)
        scope = compound.name
    elif role == BUILDING_LEADER:
        row = (
            Building.select(Building, Compound)
            .join(Compound)
            .where(Building.id == building_id)
            .first()
        )
        if row is None:
            raise VolunteerError("请选择小组长负责的楼栋")
        values.update(
            grid_area=row.compound.area, grid_compound=row.compound.id, grid_building=row.id
        )
        scope = building_label(row)
    else:
        values.update(grid_building=None)
        scope = ""
        replace = False
    before = {
        "grid_role": volunteer.grid_role,
        "grid_area": volunteer.grid_area,
        "grid_compound": volunteer.__data__.get("grid_compound"),
        "grid_building": volunteer.__data__.get("grid_building"),
    }
    replaced: list[str] = []
    with db.atomic():
        # One naming at a time: the post's holders read here stay the holders until commit.
        seats.serialize("grid_role")
        post = _post_holders(role, values)
        present: list[Volunteer] = list(post) if post is not None else []
        if holders is not None and {int(h.id) for h in present} != set(holders):
            raise _post_conflict(role, scope, set(holders), present)
        _write_volunteer(actor, volunteer, version, values)
        if replace:
            for holder in present:
                if holder.id == volunteer_id:
                    continue
                # on the version read above, in ``present``
                _write_volunteer(actor, holder, None, {"grid_role": MEMBER, "grid_building": None})
                replaced.append(holder.name)
        summary = f"{volunteer.name} 任{role}" + (f"（{scope}）" if scope else "")
        if replaced:
            summary += f"，原{role} {'、'.join(replaced)} 改为组员"
        audit.record(
            actor,
            "volunteer.grid_role",
            entity="volunteer",
            entity_id=volunteer_id,
            summary=summary,
            before=before,
            after=values,
        )
    return replaced


def _post_holders(role: str, values: dict[str, Any]) -> pw.ModelSelect[Volunteer] | None:
    """Everyone holding the post ``values`` names (离岗 ones too), the one named included;
    None for 组员 (no post)."""
    query = Volunteer.select().where(Volunteer.grid_role == role).order_by(Volunteer.id)
    if role == AREA_LEADER:
        return query.where(Volunteer.grid_area == values["grid_area"])
    if role == COMPOUND_LEADER:
        return query.where(Volunteer.grid_compound == values["grid_compound"])
    if role == BUILDING_LEADER:
        return query.where(Volunteer.grid_building == values["grid_building"])
    return None


def _post_conflict(
    role: str, scope: str, seen: set[int], present: list[Volunteer]
) -> VolunteerConflict:
    """Why a naming is refused when the post's holders are no longer those the seat saw:
    who changed them last (one who left the post or joined it), when, and who holds it now."""
    changed = [v for v in present if v.id not in seen]
    gone = seen - {int(v.id) for v in present}
    if gone:
        changed += list(Volunteer.select().where(Volunteer.id.in_(sorted(gone))))
    last = max(changed, key=lambda v: v.changed_at or dt.datetime.min, default=None)
    names = "、".join(str(v.name) for v in present)
    return seats.stale(
        VolunteerConflict,
        entity="volunteer",
        entity_id=int(last.id) if last is not None else min(gone, default=0),
        what=f"{scope}的{role}",
        current={f"现任{role}": names},
        version=None,
        changed_by=str(last.changed_by or "") if last is not None else "",
        changed_at=last.changed_at if last is not None else None,
    )


@dataclass(frozen=True)
class GridSeen:
    """What a seat saw when it began naming a leader (the dialog opened, a drag started):
    every volunteer's version and every post's holders, by the grid tree's node keys
    (``("area", name)``, ``("compound", id)``, ``("building", id)``). Passed back to
    :func:`assign_grid_role`, another seat's change in between refuses the naming."""

    versions: dict[int, int]
    holders: dict[tuple[str, Any], tuple[int, ...]]

    def post(self, kind: str, key: Any) -> tuple[int, ...]:
        return self.holders.get((kind, key), ())


def grid_seen() -> GridSeen:
    versions: dict[int, int] = {}
    holders: dict[tuple[str, Any], list[int]] = defaultdict(list)
    rows = cast(
        list[tuple[int, int, str, str, int | None, int | None]],
        list(
            Volunteer.select(
                Volunteer.id,
                Volunteer.version,
                Volunteer.grid_role,
                Volunteer.grid_area,
                Volunteer.grid_compound,
                Volunteer.grid_building,
            )
            .order_by(Volunteer.id)
            .tuples()
        ),
    )
    for vid, version, role, area, compound, building in rows:
        versions[vid] = int(version)
        if role == AREA_LEADER:
            holders[("area", area)].append(vid)
        elif role == COMPOUND_LEADER:
            holders[("compound", compound)].append(vid)
        elif role == BUILDING_LEADER:
            holders[("building", building)].append(vid)
    return GridSeen(versions, {key: tuple(ids) for key, ids in holders.items()})


def areas() -> list[str]:
    names = {a for (a,) in cast(list[tuple[str]], list(Compound.select(Compound.area).tuples()))}
    names |= {
        a
        for (a,) in cast(
            list[tuple[str]],
            list(
                Volunteer.select(Volunteer.grid_area)
                .where(Volunteer.grid_role == AREA_LEADER)
                .tuples()
            ),
        )
    }
    return sorted((a for a in names if a), key=natural_key)


def organisations() -> list[tuple[int, str]]:
    return [
        (o.id, o.name)
        for o in Organisation.select(Organisation.id, Organisation.name).order_by(Organisation.name)
    ]


@dataclass(frozen=True)
class VolunteerChoice:
    id: int
    name: str
    organisation: str
    kind: str
    status: str
    home: str


def volunteer_choices() -> list[VolunteerChoice]:
    """Every volunteer for a picker, 在岗 first, then by name."""
    home = Building.alias("home")
    home_compound = Compound.alias("home_compound")
    rows = cast(
        list[tuple[int, str, str | None, str, str, str | None, str | None]],
        list(
            Volunteer.select(
                Volunteer.id,
                Volunteer.name,
                Organisation.name,
                Volunteer.kind,
                Volunteer.status,
                home_compound.name,
                home.name,
            )
            .join(Organisation, pw.JOIN.LEFT_OUTER)
            .switch(Volunteer)
            .join(home, pw.JOIN.LEFT_OUTER, on=(Volunteer.home_building == home.id))
            .join(home_compound, pw.JOIN.LEFT_OUTER, on=(home.compound == home_compound.id))
            .tuples()
        ),
    )
    choices = [
        VolunteerChoice(
            vid, name, org or "", kind, status, f"{compound} {building}" if building else ""
        )
        for vid, name, org, kind, status, compound, building in rows
    ]
    choices.sort(key=lambda c: (c.status != STATUS_ON_DUTY, c.name))
    return choices


# --- adding and editing one volunteer ----------------------------------------------------------


@dataclass(frozen=True)
class VolunteerData:
    name: str
    phone: str = ""
    gender: str = ""
    party_member: bool = False
    organisation: str = ""
    org_level: str = "区级"
    org_kind: str = "机关"
    kind: str = "下沉干部"
    home_building_id: int | None = None
    report_date: dt.date | None = None
    skills: tuple[str, ...] = ()
    note: str = ""
    # The version the editor started from (None: overwrite whatever is stored).
    version: int | None = None


NAME_MAX: Final = 64
ORG_MAX: Final = 100


def volunteer_data(volunteer_id: int) -> VolunteerData:
    """What the edit dialog starts from."""
    v: Volunteer | None = Volunteer.get_or_none(Volunteer.id == volunteer_id)
    if v is None:
        raise VolunteerError("志愿者不存在（可能已被删除）")
    org = v.organisation if v.__data__.get("organisation") else None
    skills = tuple(
        s.skill
        for s in VolunteerSkill.select()
        .where(VolunteerSkill.volunteer == volunteer_id)
        .order_by(VolunteerSkill.id)
    )
    return VolunteerData(
        v.name,
        v.phone,
        v.gender,
        v.party_member,
        org.name if org else "",
        org.level if org else "区级",
        org.kind if org else "机关",
        v.kind,
        v.__data__.get("home_building"),
        v.report_date,
        skills,
        v.note,
        v.version,
    )


VOLUNTEER_LABELS = {
    "name": "姓名",
    "phone": "手机",
    "gender": "性别",
    "organisation": "派出单位",
    "kind": "类型",
    "report_date": "报到日期",
    "skills": "技能",
    "note": "备注",
    "status": "状态",
    "grid_role": "网格角色",
}


def _grid_words(volunteer: Volunteer) -> str:
    """The grid role with what it covers: ``组长（瑞景苑）``, or ``组员``."""
    scope = grid_scope(volunteer) if volunteer.grid_role != MEMBER else ""
    return f"{volunteer.grid_role}（{scope}）" if scope else str(volunteer.grid_role)


def volunteer_conflict(volunteer_id: int) -> VolunteerError:
    """Why a save of the volunteer that came second is refused: who saved first, when, and
    what is stored now (the mobile masked)."""
    from ..people.identity import mask_phone

    try:
        data = volunteer_data(volunteer_id)
    except VolunteerError:
        return VolunteerError("这名志愿者已被另一席位删除，您的修改没有保存。")
    stored = Volunteer.get_or_none(Volunteer.id == volunteer_id)
    values = {
        "name": data.name,
        "phone": mask_phone(data.phone) if data.phone else "",
        "gender": data.gender,
        "organisation": data.organisation,
        "kind": data.kind,
        "report_date": str(data.report_date or ""),
        "skills": "、".join(data.skills),
        "note": data.note,
        "status": str(stored.status) if stored else "",
        "grid_role": _grid_words(stored) if stored else "",
    }
    return seats.stale(
        VolunteerConflict,
        entity="volunteer",
        entity_id=volunteer_id,
        what=f"志愿者 {data.name} ",
        current={label: values[key] for key, label in VOLUNTEER_LABELS.items()},
        version=data.version,
        changed_by=str(stored.changed_by) if stored else "",
        changed_at=stored.changed_at if stored else None,
    )


def check_current(volunteer_id: int, version: int | None) -> None:
    """Raise the refusal :func:`save_volunteer` would raise when the stored volunteer is no
    longer at ``version`` (the editor checks before it closes)."""
    if version is not None and seats.current_version(Volunteer, volunteer_id) != version:
        raise volunteer_conflict(volunteer_id)


def volunteer_problems(data: VolunteerData, volunteer_id: int | None = None) -> dict[str, str]:
    """Why ``data`` cannot be saved, by field (empty when it can)."""
    problems: dict[str, str] = {}
    name = " ".join(data.name.split())
    if not name:
        problems["name"] = "姓名不能为空"
    elif len(name) > NAME_MAX:
        problems["name"] = f"姓名过长（最多 {NAME_MAX} 个字）"
    if data.phone.strip():
        check = check_mobile(data.phone)
        if not check.ok:
            problems["phone"] = check.reason
        else:
            same = Volunteer.select().where(Volunteer.phone == check.normalized)
            if volunteer_id is not None:
                same = same.where(Volunteer.id != volunteer_id)
            other = same.first()
            if other is not None:
                problems["phone"] = f"这个手机号已登记给 {other.name}"
    if data.gender not in ("", "男", "女"):
        problems["gender"] = "性别应为“男”或“女”"
    if len(data.organisation.strip()) > ORG_MAX:
        problems["organisation"] = f"单位名称过长（最多 {ORG_MAX} 个字）"
    if data.organisation.strip() and data.org_level not in ORG_LEVELS:
        problems["organisation"] = f"单位级别应为：{'、'.join(ORG_LEVELS)}"
    if data.organisation.strip() and data.org_kind not in ORG_KINDS:
        problems["organisation"] = f"单位类型应为：{'、'.join(ORG_KINDS)}"
    if data.kind not in VOLUNTEER_KINDS:
        problems["kind"] = f"类型应为：{'、'.join(VOLUNTEER_KINDS)}"
    if data.home_building_id is not None and not Building.get_or_none(
        Building.id == data.home_building_id
    ):
        problems["home"] = "楼栋不存在"
    if any(len(s) > 32 for s in data.skills):
        problems["skills"] = "技能名称过长（最多 32 个字）"
    return problems


def save_volunteer(actor: Actor, data: VolunteerData, volunteer_id: int | None = None) -> int:
    """Add a volunteer, or change one. The organisation is found by name or created; the
    skills become exactly ``data.skills`` (a kept skill keeps who trained it)."""
    require_write(actor)
    problems = volunteer_problems(data, volunteer_id)
    if problems:
        raise VolunteerError("；".join(problems.values()))
    org_name = " ".join(data.organisation.split())
    with db.atomic():
        org_id = None
        if org_name:
            org = Organisation.get_or_none(Organisation.name == org_name)
            if org is None:
                org = Organisation.create(name=org_name, level=data.org_level, kind=data.org_kind)
            elif (org.level, org.kind) != (data.org_level, data.org_kind):
                Organisation.update(level=data.org_level, kind=data.org_kind).where(
                    Organisation.id == org.id
                ).execute()
            org_id = org.id
        values: dict[str, Any] = {
            "name": " ".join(data.name.split()),
            "phone": check_mobile(data.phone).normalized if data.phone.strip() else "",
            "gender": data.gender,
            "party_member": data.party_member,
            "organisation": org_id,
            "kind": data.kind,
            "home_building": data.home_building_id,
            "report_date": data.report_date,
            "note": data.note.strip(),
        }
        if volunteer_id is None:
            values["status_since"] = data.report_date
            volunteer = Volunteer.create(**values)
            volunteer_id = int(volunteer.id)
            action, summary, before = "volunteer.create", f"新增志愿者 {values['name']}", None
        else:
            old = volunteer_data(volunteer_id)
            query = Volunteer.update(
                {**values, **seats.stamp(Volunteer, seats.actor_label(actor))}
            ).where(Volunteer.id == volunteer_id)
            if data.version is not None:  # refused when another seat saved in between
                query = query.where(Volunteer.version == data.version)
            seats.claim(query, lambda: volunteer_conflict(volunteer_id))
            action, summary = "volunteer.edit", f"修改志愿者 {values['name']}"
            before = {k: v for k, v in old.__dict__.items() if k != "version"}
        wanted = [s for s in dict.fromkeys(" ".join(x.split()) for x in data.skills) if s]
        VolunteerSkill.delete().where(
            (VolunteerSkill.volunteer == volunteer_id) & VolunteerSkill.skill.not_in(wanted)
        ).execute()
        stored = {
            s.skill for s in VolunteerSkill.select().where(VolunteerSkill.volunteer == volunteer_id)
        }
        for skill in wanted:
            if skill not in stored:
                VolunteerSkill.create(volunteer=volunteer_id, skill=skill)
        audit.record(
            actor,
            action,
            entity="volunteer",
            entity_id=volunteer_id,
            summary=summary,
            before=before,
            after={**values, "skills": wanted},
        )
    return volunteer_id
