"""The gate desk: residents' exit requests, the rule for sealed buildings, errands, escorts.

A request is recorded (reason, urgency), then decided:

- 同意·点对点: the resident goes out point to point; an escort volunteer goes with them.
- 代办替代: the resident stays; a volunteer (or a pharmacy) runs the errand instead.
- 不同意: refused, always with a reason (one of REFUSAL_REASONS or the desk's own words),
  stored in the request's detail as ``不同意原因：…`` so that the log and the 出入登记表 show it.

The rule, in ``ruling()`` and nowhere else: a resident of a 高风险 building, or one under
居家隔离, may leave only for an urgent medical reason (就医, 透析·化疗, 孕检 marked 紧急) and
only with an escort volunteer; anything else is offered as an errand instead.

Escorts and errands are service records of the volunteer who did them (一人次 each), tied to
the request by ``exit_request_id``: the escort is written when the resident goes out, the
errand when it is decided, so a volunteer's count is exactly the services done.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import peewee as pw

from office_app.models import (
    Building,
    Compound,
    ExitRequest,
    Gate,
    Household,
    Operator,
    Resident,
    ResidentGroup,
    ServiceRecord,
    Shift,
    ShiftAssignment,
    Volunteer,
    db,
    now,
)
from office_app.models.gate import DECISIONS, EXIT_REASONS, URGENCIES
from office_app.models.people import CONTROL_ISOLATION
from office_app.models.places import RISK_HIGH
from office_app.models.volunteers import STATUS_ON_DUTY

from ..admin import audit, seats
from ..admin.actor import Actor, require_write
from ..people.identity import mask_document, mask_phone
from ..people.privacy import mask_name

APPROVE, ERRAND, REFUSE = DECISIONS
URGENT, ORDINARY = URGENCIES
MEDICAL_REASONS = ("就医", "透析·化疗", "孕检")
ESCORT_KIND = "就医陪同"
ERRAND_KINDS = ("代购药品", "物资配送", "其他")
# The usual reasons for a refusal, offered at the desk (free text is allowed too).
REFUSAL_REASONS = (
    "非急症，建议线上问诊或社区医生电话指导",
    "非急需药品，可由药店配送或志愿者代购",
    "高风险楼栋，按规定足不出户",
    "居家隔离期间，按规定不得外出",
    "事由不充分或无法核实",
)
REFUSAL_PREFIX = "不同意原因："
# How long a point-to-point trip is expected to take, by reason (the due-back time's default).
EXIT_HOURS = {"就医": 3, "购药": 2, "透析·化疗": 5, "孕检": 3, "其他": 2}


def _rows(query: Any) -> list[tuple[Any, ...]]:
    """A ``.tuples()`` query's rows (peewee's hints describe model rows)."""
    return cast(list[tuple[Any, ...]], list(query))


def _fk(row: Any, field: str) -> Any:
    """The raw value of a foreign key (its id) without loading the row it points to."""
    return row.__data__.get(field)


class GateError(ValueError):
    """A request or decision the rule or the data does not allow; the message says why."""


class RequestDecided(seats.AlreadyDecided, GateError):
    """Another seat decided the request (or let the resident out) first."""


# --- the rule ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Ruling:
    """What may be decided for a request, and why."""

    restricted: bool  # the resident's building is 高风险 or the resident is in 居家隔离
    allowed: tuple[str, ...]
    escort_required: bool
    message: str


def ruling(risk_level: str, control_status: str, reason: str, urgency: str) -> Ruling:
    """The one place the gate rule lives."""
    if reason not in EXIT_REASONS:
        raise GateError(f"外出事由“{reason}”不在可选范围内（{'、'.join(EXIT_REASONS)}）。")
    if urgency not in URGENCIES:
        raise GateError(f"紧急程度“{urgency}”不在可选范围内（{'、'.join(URGENCIES)}）。")
    sealed = risk_level == RISK_HIGH
    isolated = control_status == CONTROL_ISOLATION
    if not (sealed or isolated):
        return Ruling(False, DECISIONS, False, "可按需决定；非急需的也可以请志愿者代办。")
    who = "高风险楼栋居民" if sealed else "居家隔离人员"
    if reason in MEDICAL_REASONS and urgency == URGENT:
        return Ruling(
            True,
            DECISIONS,
            True,
            f"{who}紧急{reason}：可点对点外出，须指派志愿者陪同。",
        )
    return Ruling(
        True,
        (ERRAND, REFUSE),
        False,
        f"{who}只能因紧急就医外出（须志愿者陪同）；本次请改为代办（如药店送药到小区）或不同意。",
    )


# --- finding a resident ------------------------------------------------------------------


@dataclass(frozen=True)
class ResidentHit:
    id: int
    name: str
    compound: str
    building: str
    unit: str
    room: str
    doc_masked: str
    phone_masked: str
    risk_level: str
    control_status: str
    groups: tuple[str, ...]

    @property
    def address(self) -> str:
        return f"{self.compound} {self.building} {self.unit}{self.room}".strip()


_DIGITS = re.compile(r"^[0-9xX]{3,}$")


def find_residents(query: str, limit: int = 12) -> list[ResidentHit]:
    """Residents matching a name (or part), a room, or the last digits of phone or document.

    ``3-501``, ``3栋501`` or ``3栋5-01`` look for room 501 in building 3 (a dash in the room
    is optional). Exact name matches come first.
    """
    text = query.strip()
    if not text:
        return []
    condition: Any
    if _DIGITS.match(text):
        tail = text.upper()
        condition = (
            Resident.phone.endswith(tail)
            | Resident.doc_no.endswith(tail)
            | (Household.room == text)
            | Household.room.endswith(f"-{text}")
        )
    else:
        building_room = re.match(r"^(\d+)\s*(?:栋|幢|号楼|-|－|—|\s)\s*(\d[\d-]*)$", text)
        if building_room:
            number, room = building_room.groups()
            condition = Building.name.in_([f"{number}栋", number]) & (
                (pw.fn.REPLACE(Household.room, "-", "") == room.replace("-", ""))
                | Household.room.endswith(f"-{room}")
                | Household.room.in_(_floor_door(room))
            )
        else:
            condition = Resident.name.contains(text)
    return _hits(condition, (Resident.name == text).desc(), limit)


def _floor_door(room: str) -> list[str]:
    """Room ``501`` as it may be stored floor-door: ``5-01`` or ``5-1``."""
    if "-" in room or not 3 <= len(room) <= 4:
        return []
    floor, door = room[:-2], room[-2:]
    return [f"{floor}-{door}", f"{floor}-{int(door)}"]


def resident_hit(resident_id: int) -> ResidentHit:
    """One resident as the desk shows them."""
    found = _hits(Resident.id == resident_id, Resident.id, 1)
    if not found:
        raise GateError(f"没有编号为 {resident_id} 的居民。")
    return found[0]


def _hits(condition: Any, first: Any, limit: int) -> list[ResidentHit]:
    found = _rows(
        Resident.select(
            Resident.id,
            Resident.name,
            Compound.name,
            Building.name,
            Household.unit,
            Household.room,
            Resident.doc_no,
            Resident.phone,
            Building.risk_level,
            Resident.control_status,
        )
        .join(Household)
        .join(Building)
        .join(Compound)
        .where(condition)
        .order_by(first, Resident.name, Resident.id)
        .limit(limit)
        .tuples()
    )
    groups: dict[int, list[str]] = {}
    if found:
        for resident_id, group in _rows(
            ResidentGroup.select(ResidentGroup.resident, ResidentGroup.group)
            .where(ResidentGroup.resident.in_([r[0] for r in found]))
            .tuples()
        ):
            groups.setdefault(resident_id, []).append(group)
    return [
        ResidentHit(
            id=rid,
            name=name,
            compound=compound,
            building=building,
            unit=unit,
            room=room,
            doc_masked=mask_document(doc_no),
            phone_masked=mask_phone(phone) if phone else "",
            risk_level=risk,
            control_status=control,
            groups=tuple(groups.get(rid, ())),
        )
        for rid, name, compound, building, unit, room, doc_no, phone, risk, control in found
    ]


def _resident(resident_id: int) -> Resident:
    resident = (
        Resident.select(Resident, Household, Building)
        .join(Household)
        .join(Building)
        .where(Resident.id == resident_id)
        .get_or_none()
    )
    if resident is None:
        raise GateError(f"没有编号为 {resident_id} 的居民。")
    return resident


def resident_ruling(resident_id: int, reason: str, urgency: str) -> Ruling:
    resident = _resident(resident_id)
    return ruling(resident.household.building.risk_level, resident.control_status, reason, urgency)


# --- volunteers who may escort or run errands -----------------------------------------


@dataclass(frozen=True)
class Helper:
    id: int
    name: str
    on_shift: bool  # on a shift that covers the moment asked about
    home: str  # "小区 楼栋" of a volunteer living in the community, else ""


def helpers(at: dt.datetime | None = None) -> list[Helper]:
    """Volunteers who may go out with a resident: 在岗, and not living in a 高风险 building
    (they may serve only inside it). Those on a shift at ``at`` come first."""
    at = at or now()
    home = Building.alias()
    home_compound = Compound.alias()
    on_shift = {
        vid
        for (vid,) in _rows(
            ShiftAssignment.select(ShiftAssignment.volunteer)
            .join(Shift)
            .where((Shift.starts_at <= at) & (Shift.ends_at > at))
            .tuples()
        )
    }
    rows = _rows(
        Volunteer.select(Volunteer.id, Volunteer.name, home_compound.name, home.name)
        .join(home, pw.JOIN.LEFT_OUTER, on=(Volunteer.home_building == home.id))
        .join(home_compound, pw.JOIN.LEFT_OUTER, on=(home.compound == home_compound.id))
        .where(
            (Volunteer.status == STATUS_ON_DUTY)
            & (home.id.is_null() | (home.risk_level != RISK_HIGH))
        )
        .tuples()
    )
    result = [
        Helper(vid, name, vid in on_shift, f"{compound} {building}" if building else "")
        for vid, name, compound, building in rows
    ]
    result.sort(key=lambda h: (not h.on_shift, h.name, h.id))
    return result


def _check_helper(volunteer_id: int, role: str) -> Volunteer:
    volunteer = (
        Volunteer.select(Volunteer, Building)
        .join(Building, pw.JOIN.LEFT_OUTER, on=(Volunteer.home_building == Building.id))
        .where(Volunteer.id == volunteer_id)
        .get_or_none()
    )
    if volunteer is None:
        raise GateError(f"没有编号为 {volunteer_id} 的志愿者。")
    if volunteer.status != STATUS_ON_DUTY:
        raise GateError(f"{volunteer.name} 当前状态为“{volunteer.status}”，不能{role}。")
    home = volunteer.home_building
    if home is not None and home.risk_level == RISK_HIGH:
        raise GateError(
            f"{volunteer.name} 住在高风险楼栋 {home.name}，只能在本楼内服务，不能{role}。"
        )
    return volunteer


# --- recording and deciding --------------------------------------------------------------


def _snapshot(request: ExitRequest) -> dict[str, Any]:
    return {
        "reason": request.reason,
        "urgency": request.urgency,
        "decision": request.decision,
        "escort": _fk(request, "escort"),
        "out_at": request.out_at,
        "due_back_at": request.due_back_at,
        "back_at": request.back_at,
    }


def _decided(request_id: int, what: str = "") -> GateError:
    """The refusal of a seat that came second: who decided the request, when, and how."""
    request = _request(request_id)
    who = ""
    decider = _fk(request, "decided_by")
    if decider is not None:
        op = Operator.get_or_none(Operator.id == decider)
        who = seats.operator_label(op.username) if op is not None else ""
    resident = Resident.get_or_none(Resident.id == _fk(request, "resident"))
    subject = f"{mask_name(resident.name) if resident else ''} 的外出申请"
    if what:  # out or back at the gate, recorded by another seat
        who, moment = seats.last_change("exit_request", request_id)
        return RequestDecided(
            seats.decided_message(subject, who, moment, what), who=who, when=moment
        )
    return RequestDecided(
        seats.decided_message(subject, who, request.decided_at, request.decision),
        who=who,
        when=request.decided_at,
    )


def _record(
    actor: Actor,
    action: str,
    request: ExitRequest,
    summary: str,
    before: dict[str, Any] | None = None,
) -> None:
    """The audit entry of a change to an exit request (as it is after the change)."""
    audit.record(
        actor,
        action,
        entity="exit_request",
        entity_id=request.id,
        summary=summary,
        before=before,
        after=_snapshot(request),
    )


def _request(request_id: int) -> ExitRequest:
    request = ExitRequest.get_or_none(ExitRequest.id == request_id)
    if request is None:
        raise GateError(f"没有编号为 {request_id} 的外出申请。")
    return request


def _service(
    volunteer_id: int,
    kind: str,
    resident: Resident,
    request: ExitRequest,
    at: dt.datetime,
    note: str,
) -> None:
    """One 人次 of the volunteer who escorted or ran the errand, tied to the request."""
    ServiceRecord.create(
        volunteer=volunteer_id,
        kind=kind,
        resident=resident.id,
        building=_fk(resident.household, "building"),
        exit_request_id=request.id,
        occurred_at=at,
        note=note,
    )


def record_request(
    actor: Actor,
    resident_id: int,
    reason: str,
    urgency: str,
    *,
    detail: str = "",
    gate_id: int | None = None,
    at: dt.datetime | None = None,
) -> ExitRequest:
    """A resident asks to leave. Refused when they are already out and not back."""
    require_write(actor)
    at = at or now()
    with db.atomic():
        resident = _resident(resident_id)
        ruling(resident.household.building.risk_level, resident.control_status, reason, urgency)
        if gate_id is not None and Gate.get_or_none(Gate.id == gate_id) is None:
            raise GateError(f"没有编号为 {gate_id} 的卡点。")
        still_out = (
            ExitRequest.select()
            .where(
                (ExitRequest.resident == resident_id)
                & ExitRequest.out_at.is_null(False)
                & ExitRequest.back_at.is_null(True)
            )
            .first()
        )
        if still_out is not None:
            raise GateError(
                f"{resident.name} 自 {still_out.out_at:%m-%d %H:%M} 外出尚未返回，请先登记返回。"
            )
        request: ExitRequest = ExitRequest.create(
            resident=resident_id,
            gate=gate_id,
            reason=reason,
            urgency=urgency,
            detail=detail.strip(),
            requested_at=at,
        )
        _record(
            actor,
            "gate.request",
            request,
            f"外出申请：{mask_name(resident.name)} {reason}（{urgency}）",
        )
    return request


def decide(
    actor: Actor,
    request_id: int,
    decision: str,
    *,
    escort_id: int | None = None,
    errand_volunteer_id: int | None = None,
    errand_kind: str = "",
    note: str = "",
    refusal_reason: str = "",
    at: dt.datetime | None = None,
    seen: str | None = None,
) -> ExitRequest:
    """Decide a request, with the rule applied. May be changed until the resident goes out.

    ``seen`` is the decision the seat saw (``""``: undecided): when another seat has decided
    since, this decision is refused naming who and when. Of two seats deciding at the same
    moment the second is refused all the same (the UPDATE is conditional on the decision it
    read).

    同意·点对点 needs an escort when the rule says so. 代办替代 with a volunteer writes that
    volunteer's errand (代购药品 for medicine and medical reasons, 物资配送 otherwise, unless
    ``errand_kind`` says); without one the errand was done by others (a pharmacy, say).
    不同意 needs ``refusal_reason``; it is kept in the detail (``不同意原因：…``), and a
    later decision takes it away again.
    """
    require_write(actor)
    at = at or now()
    if decision not in DECISIONS:
        raise GateError(f"决定“{decision}”不在可选范围内（{'、'.join(DECISIONS)}）。")
    with db.atomic():
        request = _request(request_id)
        if seen is not None and request.decision != seen:
            raise _decided(request_id)
        if request.out_at is not None:
            raise GateError("居民已经外出，不能再改决定。")
        read_decision = request.decision
        resident = _resident(_fk(request, "resident"))
        rule = ruling(
            resident.household.building.risk_level,
            resident.control_status,
            request.reason,
            request.urgency,
        )
        if decision not in rule.allowed:
            raise GateError(f"不能“{decision}”：{rule.message}")
        refusal = " ".join(refusal_reason.split()) if decision == REFUSE else ""
        if decision == REFUSE and not refusal:
            raise GateError("不同意时请说明原因（选一个常用原因，或自己写）。")
        if len(refusal) > 200:
            raise GateError(f"不同意的原因过长（最多 200 字，现在 {len(refusal)} 字）。")
        before = _snapshot(request)
        escort = None
        if decision == APPROVE and escort_id is not None:
            escort = _check_helper(escort_id, "陪同外出")
        if decision == APPROVE and rule.escort_required and escort is None:
            raise GateError(f"{rule.message}请选择陪同的志愿者。")
        errand_volunteer = None
        if decision == ERRAND and errand_volunteer_id is not None:
            errand_volunteer = _check_helper(errand_volunteer_id, "代办")
        kind = errand_kind or ("物资配送" if request.reason == "其他" else "代购药品")
        if kind not in ERRAND_KINDS:
            raise GateError(f"代办类型“{kind}”不在可选范围内（{'、'.join(ERRAND_KINDS)}）。")
        # A changed decision takes back the errand of the earlier one.
        ServiceRecord.delete().where(
            (ServiceRecord.exit_request_id == request.id) & (ServiceRecord.kind != ESCORT_KIND)
        ).execute()
        request.decision = decision
        request.decided_at = at
        request.decided_by = actor.operator_id  # type: ignore[assignment]
        request.escort = escort
        # The reason of an earlier refusal goes with that decision.
        parts = [p for p in request.detail.split("；") if p and not p.startswith(REFUSAL_PREFIX)]
        parts += [p for p in (note.strip(), refusal and REFUSAL_PREFIX + refusal) if p]
        request.detail = "；".join(parts)
        seats.claim(
            ExitRequest.update(
                decision=request.decision,
                decided_at=request.decided_at,
                decided_by=_fk(request, "decided_by"),
                escort=_fk(request, "escort"),
                detail=request.detail,
            ).where(
                (ExitRequest.id == request.id)
                & (ExitRequest.decision == read_decision)
                & ExitRequest.out_at.is_null(True)
            ),
            lambda: _decided(request_id),
        )
        if errand_volunteer is not None:
            _service(errand_volunteer.id, kind, resident, request, at, f"代替外出{request.reason}")
        _record(
            actor,
            "gate.decide",
            request,
            f"外出申请决定：{mask_name(resident.name)} {decision}"
            + (f"（{refusal}）" if refusal else ""),
            before,
        )
    return request


def request_and_decide(
    actor: Actor,
    resident_id: int,
    reason: str,
    urgency: str,
    decision: str,
    *,
    detail: str = "",
    gate_id: int | None = None,
    at: dt.datetime | None = None,
    **decision_options: Any,
) -> ExitRequest:
    """Record a request and decide it at once (the desk's usual case): both or neither."""
    with db.atomic():
        request = record_request(
            actor, resident_id, reason, urgency, detail=detail, gate_id=gate_id, at=at
        )
        return decide(actor, request.id, decision, at=at, **decision_options)


def mark_out(
    actor: Actor,
    request_id: int,
    *,
    at: dt.datetime | None = None,
    due_back_at: dt.datetime | None = None,
) -> ExitRequest:
    """The resident leaves through the gate (only after 同意·点对点). Writes the escort's
    service record. The due-back time defaults to the reason's usual duration."""
    require_write(actor)
    at = at or now()
    with db.atomic():
        request = _request(request_id)
        if request.decision != APPROVE:
            raise GateError("只有“同意·点对点”的申请可以登记外出。")
        if request.out_at is not None:
            raise GateError(f"已于 {request.out_at:%m-%d %H:%M} 登记外出。")
        due = due_back_at or at + dt.timedelta(hours=EXIT_HOURS[request.reason])
        if due <= at:
            raise GateError("应返回时间必须晚于外出时间。")
        # The rule again, as things stand now: the building may have been sealed, or the
        # escort taken ill, since the decision.
        resident = _resident(_fk(request, "resident"))
        rule = ruling(
            resident.household.building.risk_level,
            resident.control_status,
            request.reason,
            request.urgency,
        )
        if APPROVE not in rule.allowed:
            raise GateError(f"情况有变，现在不能外出：{rule.message}请重新决定。")
        escort_id = _fk(request, "escort")
        if rule.escort_required and escort_id is None:
            raise GateError(f"情况有变：{rule.message}请重新决定并指派陪同志愿者。")
        if escort_id is not None:
            _check_helper(escort_id, "陪同外出")
        before = _snapshot(request)
        request.out_at = at
        request.due_back_at = due
        seats.claim(  # of two seats at the gate, the second is told
            ExitRequest.update(out_at=at, due_back_at=due).where(
                (ExitRequest.id == request.id) & ExitRequest.out_at.is_null(True)
            ),
            lambda: _decided(request_id, "已登记外出"),
        )
        if _fk(request, "escort") is not None:
            _service(
                _fk(request, "escort"),
                ESCORT_KIND,
                resident,
                request,
                at,
                f"点对点{request.reason}",
            )
        _record(
            actor,
            "gate.out",
            request,
            f"外出：{mask_name(resident.name)}，应于 {due:%m-%d %H:%M} 前返回",
            before,
        )
    return request


def mark_back(actor: Actor, request_id: int, *, at: dt.datetime | None = None) -> ExitRequest:
    """The resident is back through the gate."""
    require_write(actor)
    at = at or now()
    with db.atomic():
        request = _request(request_id)
        if request.out_at is None:
            raise GateError("还没有登记外出，不能登记返回。")
        if request.back_at is not None:
            raise GateError(f"已于 {request.back_at:%m-%d %H:%M} 登记返回。")
        if at < request.out_at:
            raise GateError(f"返回时间不能早于外出时间 {request.out_at:%m-%d %H:%M}。")
        before = _snapshot(request)
        request.back_at = at
        seats.claim(
            ExitRequest.update(back_at=at).where(
                (ExitRequest.id == request.id) & ExitRequest.back_at.is_null(True)
            ),
            lambda: _decided(request_id, "已登记返回"),
        )
        resident = _resident(_fk(request, "resident"))
        late = request.due_back_at is not None and at > request.due_back_at
        _record(
            actor,
            "gate.back",
            request,
            f"返回：{mask_name(resident.name)}" + ("（逾期）" if late else ""),
            before,
        )
    return request


# --- what the desk and the overview show -------------------------------------------------


@dataclass(frozen=True)
class LogRow:
    id: int
    resident_id: int
    requested_at: dt.datetime
    name: str
    address: str
    doc_masked: str
    phone_masked: str
    risk_level: str
    reason: str
    urgency: str
    detail: str
    decision: str
    escort: str
    errand_by: str
    out_at: dt.datetime | None
    due_back_at: dt.datetime | None
    back_at: dt.datetime | None

    def overdue_at(self, moment: dt.datetime) -> bool:
        return is_overdue(self.out_at, self.due_back_at, self.back_at, moment)

    def state(self, moment: dt.datetime) -> str:
        return state(self.decision, self.out_at, self.due_back_at, self.back_at, moment)


def is_overdue(
    out_at: dt.datetime | None,
    due_back_at: dt.datetime | None,
    back_at: dt.datetime | None,
    moment: dt.datetime,
) -> bool:
    """Out and not back by the due time (still out at ``moment``, or back late)."""
    if out_at is None or due_back_at is None:
        return False
    return (back_at or moment) > due_back_at


OVERDUE = "逾期未返"


def state(
    decision: str,
    out_at: dt.datetime | None,
    due_back_at: dt.datetime | None,
    back_at: dt.datetime | None,
    moment: dt.datetime,
) -> str:
    """Where a request stands, in the words the desk uses."""
    if not decision:
        return "待决定"
    late = is_overdue(out_at, due_back_at, back_at, moment)
    if back_at is not None:
        return "已返回（逾期）" if late else "已返回"
    if out_at is not None:
        return OVERDUE if late else "外出中"
    if decision == APPROVE:
        return "待外出"
    return decision


def _log_query(condition: Any) -> list[LogRow]:
    escort = Volunteer.alias()
    rows = _rows(
        ExitRequest.select(
            ExitRequest.id,
            ExitRequest.resident,
            ExitRequest.requested_at,
            Resident.name,
            Compound.name,
            Building.name,
            Household.unit,
            Household.room,
            Resident.doc_no,
            Resident.phone,
            Building.risk_level,
            ExitRequest.reason,
            ExitRequest.urgency,
            ExitRequest.detail,
            ExitRequest.decision,
            escort.name,
            ExitRequest.out_at,
            ExitRequest.due_back_at,
            ExitRequest.back_at,
        )
        .join(Resident)
        .join(Household)
        .join(Building)
        .join(Compound)
        .switch(ExitRequest)
        .join(escort, pw.JOIN.LEFT_OUTER, on=(ExitRequest.escort == escort.id))
        .where(condition)
        .order_by(ExitRequest.requested_at, ExitRequest.id)
        .tuples()
    )
    errands: dict[int, list[str]] = {}
    if rows:
        for request_id, name in _rows(
            ServiceRecord.select(ServiceRecord.exit_request_id, Volunteer.name)
            .join(Volunteer)
            .where(
                ServiceRecord.exit_request_id.in_([r[0] for r in rows])
                & (ServiceRecord.kind != ESCORT_KIND)
            )
            .tuples()
        ):
            errands.setdefault(request_id, []).append(name)
    return [
        LogRow(
            id=r[0],
            resident_id=r[1],
            requested_at=r[2],
            name=r[3],
            address=f"{r[4]} {r[5]} {r[6]}{r[7]}",
            doc_masked=mask_document(r[8]),
            phone_masked=mask_phone(r[9]) if r[9] else "",
            risk_level=r[10],
            reason=r[11],
            urgency=r[12],
            detail=r[13],
            decision=r[14],
            escort=r[15] or "",
            errand_by="、".join(errands.get(r[0], ())),
            out_at=r[16],
            due_back_at=r[17],
            back_at=r[18],
        )
        for r in rows
    ]


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time())
    return start, start + dt.timedelta(days=1)


def on_day(day: dt.date) -> Any:
    """The requests of a day's gate log: made that day, or outside the gate for any part of
    it (a night-time hospital visit requested the day before shows on the day of its
    return; someone still out shows every day until back)."""
    start, end = _day_bounds(day)

    def within(field: Any) -> Any:
        return (field >= start) & (field < end)

    outside = (ExitRequest.out_at < end) & (
        ExitRequest.back_at.is_null(True) | (ExitRequest.back_at >= start)
    )
    return within(ExitRequest.requested_at) | outside


def day_log(day: dt.date) -> list[LogRow]:
    """The gate log of a day (see ``on_day``), in the order of the requests."""
    return _log_query(on_day(day))


def not_back() -> list[LogRow]:
    """Everyone out and not yet back, overdue or not, oldest first."""
    return _log_query(ExitRequest.out_at.is_null(False) & ExitRequest.back_at.is_null(True))


def out_at(moment: dt.datetime) -> list[LogRow]:
    """Everyone outside the gate at ``moment`` (out before it, not back by then)."""
    return _log_query(
        (ExitRequest.out_at < moment)
        & (ExitRequest.back_at.is_null(True) | (ExitRequest.back_at > moment))
    )


def overdue(at: dt.datetime | None = None) -> list[LogRow]:
    """Out, not back, and past the due-back time at ``at``."""
    at = at or now()
    return [row for row in not_back() if row.overdue_at(at)]


def pending(limit: int = 50) -> list[LogRow]:
    """Requests waiting for a decision, oldest first."""
    return _log_query(ExitRequest.decision == "")[:limit]


def request_row(request_id: int) -> LogRow:
    rows = _log_query(ExitRequest.id == request_id)
    if not rows:
        raise GateError(f"没有编号为 {request_id} 的外出申请。")
    return rows[0]


def volunteer_counts(volunteer_ids: Sequence[int] | None = None) -> dict[int, int]:
    """人次 per volunteer: the sum of their service records' counts."""
    query = ServiceRecord.select(
        ServiceRecord.volunteer, pw.fn.COALESCE(pw.fn.SUM(ServiceRecord.count), 0)
    ).group_by(ServiceRecord.volunteer)
    if volunteer_ids is not None:
        query = query.where(ServiceRecord.volunteer.in_(list(volunteer_ids)))
    return {vid: int(total) for vid, total in _rows(query.tuples())}
