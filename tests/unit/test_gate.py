"""The gate desk: the sealed-building rule, recording and deciding, escorts and errands."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from office_app.models import (
    AuditEntry,
    Building,
    Compound,
    ExitRequest,
    Household,
    Resident,
    ServiceRecord,
    Volunteer,
)
from office_app.services.admin.actor import SYSTEM, Actor, PermissionDenied
from office_app.services.gate import exits as gate

READER = Actor("viewer", "查看员", "readonly", None)
T0 = dt.datetime(2022, 11, 22, 9, 0)


@dataclass
class World:
    open_building: Building
    sealed: Building
    ordinary: Resident
    sealed_resident: Resident
    isolated: Resident
    escort: Volunteer
    sealed_volunteer: Volunteer
    sick_volunteer: Volunteer


@pytest.fixture
def world(fresh_db) -> World:
    compound = Compound.create(name="兴茂盛世国际")
    open_building = Building.create(compound=compound, name="2栋", risk_level="低")
    sealed = Building.create(compound=compound, name="3栋", risk_level="高")

    def resident(building: Building, room: str, name: str, doc: str, phone: str, **kw) -> Resident:
        household = Household.create(building=building, unit="1单元", room=room)
        return Resident.create(household=household, name=name, doc_no=doc, phone=phone, **kw)

    ordinary = resident(open_building, "201", "王秀英", "500107195203110027", "13912340217")
    sealed_resident = resident(sealed, "501", "张建国", "510213196503120312", "13800005678")
    isolated = resident(
        open_building, "302", "李玥", "500108199003151230", "13700001111", control_status="居家隔离"
    )
    escort = Volunteer.create(name="崔亚涛", status="在岗")
    sealed_volunteer = Volunteer.create(name="潘超", status="在岗", home_building=sealed)
    sick_volunteer = Volunteer.create(name="刘强", status="伤病")
    return World(
        open_building,
        sealed,
        ordinary,
        sealed_resident,
        isolated,
        escort,
        sealed_volunteer,
        sick_volunteer,
    )


# --- the rule ----------------------------------------------------------------------------


@pytest.mark.parametrize("reason", gate.MEDICAL_REASONS)
def test_sealed_building_urgent_medical_may_go_with_an_escort(reason: str) -> None:
    rule = gate.ruling("高", "", reason, "紧急")
    assert rule.restricted and rule.escort_required
    assert rule.allowed == ("同意·点对点", "代办替代", "不同意")
    assert "陪同" in rule.message


@pytest.mark.parametrize(
    ("reason", "urgency"),
    [("就医", "一般"), ("购药", "紧急"), ("购药", "一般"), ("其他", "紧急"), ("孕检", "一般")],
)
def test_sealed_building_anything_else_is_offered_as_an_errand(reason: str, urgency: str) -> None:
    rule = gate.ruling("高", "", reason, urgency)
    assert rule.restricted
    assert rule.allowed == ("代办替代", "不同意")
    assert "代办" in rule.message and "高风险楼栋" in rule.message


def test_home_isolation_follows_the_same_rule() -> None:
    assert gate.ruling("低", "居家隔离", "购药", "一般").allowed == ("代办替代", "不同意")
    assert "居家隔离" in gate.ruling("低", "居家隔离", "购药", "一般").message
    assert gate.ruling("中", "居家隔离", "透析·化疗", "紧急").escort_required


@pytest.mark.parametrize("level", ["低", "中"])
def test_other_buildings_may_decide_anything_without_an_escort(level: str) -> None:
    for reason in ("就医", "购药", "其他"):
        rule = gate.ruling(level, "居家健康监测", reason, "一般")
        assert not rule.restricted and not rule.escort_required
        assert rule.allowed == ("同意·点对点", "代办替代", "不同意")


def test_unknown_reason_or_urgency_is_refused() -> None:
    with pytest.raises(gate.GateError, match="散步"):
        gate.ruling("低", "", "散步", "一般")
    with pytest.raises(gate.GateError, match="很急"):
        gate.ruling("低", "", "就医", "很急")


# --- finding a resident ------------------------------------------------------------------


def test_find_by_last_digits_of_phone_or_document_name_and_room(world: World) -> None:
    assert [h.name for h in gate.find_residents("0217")] == ["王秀英"]
    assert [h.name for h in gate.find_residents("0312")] == ["张建国"]
    assert [h.name for h in gate.find_residents("建国")] == ["张建国"]
    assert [h.name for h in gate.find_residents("3-501")] == ["张建国"]
    assert [h.name for h in gate.find_residents("3栋501")] == ["张建国"]
    assert [h.name for h in gate.find_residents("3栋5-01")] == ["张建国"]
    assert [h.name for h in gate.find_residents("302")] == ["李玥"]
    assert gate.find_residents("") == [] and gate.find_residents("赵") == []
    hit = gate.find_residents("0217")[0]
    assert hit.phone_masked == "139****0217"
    assert hit.doc_masked == "5001**********0027"
    assert hit.address == "兴茂盛世国际 2栋 1单元201"
    assert hit.risk_level == "低"


def test_an_exact_name_comes_before_longer_names(world: World) -> None:
    household = world.ordinary.household
    Resident.create(household=household, name="李玥华", doc_no="500107201009180263")
    assert [h.name for h in gate.find_residents("李玥")] == ["李玥", "李玥华"]


# --- from request to return ------------------------------------------------------------


def test_sealed_resident_urgent_visit_from_request_to_return(world: World) -> None:
    request = gate.record_request(SYSTEM, world.sealed_resident.id, "就医", "紧急", at=T0)
    with pytest.raises(gate.GateError, match="陪同"):
        gate.decide(SYSTEM, request.id, "同意·点对点", at=T0)
    gate.decide(SYSTEM, request.id, "同意·点对点", escort_id=world.escort.id, at=T0)
    out = gate.mark_out(SYSTEM, request.id, at=T0 + dt.timedelta(minutes=10))
    assert out.due_back_at == T0 + dt.timedelta(minutes=10, hours=gate.EXIT_HOURS["就医"])
    record = ServiceRecord.get(ServiceRecord.exit_request_id == request.id)
    assert (record.volunteer_id, record.kind, record.count) == (world.escort.id, "就医陪同", 1)
    assert record.occurred_at == T0 + dt.timedelta(minutes=10)
    gate.mark_back(SYSTEM, request.id, at=T0 + dt.timedelta(hours=2))
    row = gate.request_row(request.id)
    assert row.state(T0 + dt.timedelta(hours=5)) == "已返回"
    assert row.escort == "崔亚涛"
    actions = [e.action for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert actions == ["gate.request", "gate.decide", "gate.out", "gate.back"]


def test_sealed_resident_asking_for_medicine_gets_an_errand_not_a_trip(world: World) -> None:
    request = gate.record_request(SYSTEM, world.sealed_resident.id, "购药", "一般", at=T0)
    with pytest.raises(gate.GateError, match="代办"):
        gate.decide(SYSTEM, request.id, "同意·点对点", escort_id=world.escort.id, at=T0)
    assert ExitRequest.get_by_id(request.id).decision == ""
    gate.decide(SYSTEM, request.id, "代办替代", errand_volunteer_id=world.escort.id, at=T0)
    errand = ServiceRecord.get(ServiceRecord.exit_request_id == request.id)
    assert (errand.volunteer_id, errand.kind) == (world.escort.id, "代购药品")
    with pytest.raises(gate.GateError, match="点对点"):
        gate.mark_out(SYSTEM, request.id, at=T0)


def test_an_errand_by_a_pharmacy_writes_no_service_record(world: World) -> None:
    request = gate.record_request(SYSTEM, world.ordinary.id, "购药", "一般", at=T0)
    gate.decide(SYSTEM, request.id, "代办替代", note="药店配送到小区", at=T0)
    assert ServiceRecord.select().count() == 0
    assert ExitRequest.get_by_id(request.id).detail == "药店配送到小区"


def test_changing_a_decision_takes_back_the_errand_so_counts_stay_exact(world: World) -> None:
    request = gate.record_request(SYSTEM, world.ordinary.id, "购药", "一般", at=T0)
    gate.decide(SYSTEM, request.id, "代办替代", errand_volunteer_id=world.escort.id, at=T0)
    assert gate.volunteer_counts() == {world.escort.id: 1}
    gate.decide(SYSTEM, request.id, "代办替代", errand_volunteer_id=world.escort.id, at=T0)
    assert gate.volunteer_counts() == {world.escort.id: 1}
    gate.decide(SYSTEM, request.id, "同意·点对点", at=T0)
    assert gate.volunteer_counts() == {}
    gate.mark_out(SYSTEM, request.id, at=T0)  # an open building: no escort needed
    with pytest.raises(gate.GateError, match="已经外出"):
        gate.decide(SYSTEM, request.id, "不同意", at=T0)


def test_escorts_must_be_on_duty_and_not_living_in_a_sealed_building(world: World) -> None:
    request = gate.record_request(SYSTEM, world.sealed_resident.id, "透析·化疗", "紧急", at=T0)
    with pytest.raises(gate.GateError, match=r"潘超.*高风险楼栋"):
        gate.decide(SYSTEM, request.id, "同意·点对点", escort_id=world.sealed_volunteer.id)
    with pytest.raises(gate.GateError, match=r"刘强.*伤病"):
        gate.decide(SYSTEM, request.id, "同意·点对点", escort_id=world.sick_volunteer.id)
    assert [h.name for h in gate.helpers(T0)] == ["崔亚涛"]


def test_a_resident_out_and_not_back_cannot_ask_again(world: World) -> None:
    request = gate.record_request(SYSTEM, world.ordinary.id, "就医", "一般", at=T0)
    gate.decide(SYSTEM, request.id, "同意·点对点", at=T0)
    gate.mark_out(SYSTEM, request.id, at=T0)
    with pytest.raises(gate.GateError, match="尚未返回"):
        gate.record_request(SYSTEM, world.ordinary.id, "购药", "一般", at=T0)


def test_times_must_make_sense(world: World) -> None:
    request = gate.record_request(SYSTEM, world.ordinary.id, "就医", "一般", at=T0)
    with pytest.raises(gate.GateError, match="还没有登记外出"):
        gate.mark_back(SYSTEM, request.id, at=T0)
    gate.decide(SYSTEM, request.id, "同意·点对点", at=T0)
    with pytest.raises(gate.GateError, match="晚于"):
        gate.mark_out(SYSTEM, request.id, at=T0, due_back_at=T0)
    gate.mark_out(SYSTEM, request.id, at=T0)
    with pytest.raises(gate.GateError, match="不能早于"):
        gate.mark_back(SYSTEM, request.id, at=T0 - dt.timedelta(minutes=1))
    with pytest.raises(gate.GateError, match="已于"):
        gate.mark_out(SYSTEM, request.id, at=T0)


def test_overdue_lists_only_those_out_past_their_due_time(world: World) -> None:
    late = gate.record_request(SYSTEM, world.ordinary.id, "购药", "一般", at=T0)
    gate.decide(SYSTEM, late.id, "同意·点对点", at=T0)
    gate.mark_out(SYSTEM, late.id, at=T0, due_back_at=T0 + dt.timedelta(hours=1))
    on_time = gate.record_request(SYSTEM, world.isolated.id, "就医", "紧急", at=T0)
    gate.decide(SYSTEM, on_time.id, "同意·点对点", escort_id=world.escort.id, at=T0)
    gate.mark_out(SYSTEM, on_time.id, at=T0, due_back_at=T0 + dt.timedelta(hours=4))
    moment = T0 + dt.timedelta(hours=2)
    assert [r.name for r in gate.overdue(moment)] == ["王秀英"]
    assert gate.request_row(late.id).state(moment) == "逾期未返"
    assert gate.request_row(on_time.id).state(moment) == "外出中"
    assert {r.name for r in gate.not_back()} == {"王秀英", "李玥"}
    gate.mark_back(SYSTEM, late.id, at=moment)
    assert gate.overdue(moment) == []
    assert gate.request_row(late.id).state(moment) == "已返回（逾期）"


def test_the_day_log_holds_requests_and_trips_of_that_day(world: World) -> None:
    night = gate.record_request(SYSTEM, world.ordinary.id, "就医", "紧急", at=T0.replace(hour=23))
    gate.decide(SYSTEM, night.id, "同意·点对点", at=T0.replace(hour=23, minute=5))
    gate.mark_out(SYSTEM, night.id, at=T0.replace(hour=23, minute=10))
    gate.mark_back(SYSTEM, night.id, at=T0 + dt.timedelta(days=1, hours=-6))
    other = gate.record_request(
        SYSTEM, world.sealed_resident.id, "购药", "一般", at=T0 + dt.timedelta(days=1)
    )
    assert [r.id for r in gate.day_log(T0.date())] == [night.id]
    assert [r.id for r in gate.day_log(T0.date() + dt.timedelta(days=1))] == [night.id, other.id]
    assert [r.id for r in gate.pending()] == [other.id]
    row = gate.day_log(T0.date())[0]
    assert row.doc_masked == "5001**********0027" and row.phone_masked == "139****0217"


def test_readonly_operators_cannot_record_or_decide(world: World) -> None:
    with pytest.raises(PermissionDenied):
        gate.record_request(READER, world.ordinary.id, "就医", "一般")
    request = gate.record_request(SYSTEM, world.ordinary.id, "就医", "一般", at=T0)
    for call in (
        lambda: gate.decide(READER, request.id, "不同意"),
        lambda: gate.mark_out(READER, request.id),
        lambda: gate.mark_back(READER, request.id),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert ExitRequest.get_by_id(request.id).decision == ""


def test_request_and_decide_at_once_is_all_or_nothing(world: World) -> None:
    with pytest.raises(gate.GateError, match="陪同"):
        gate.request_and_decide(SYSTEM, world.sealed_resident.id, "就医", "紧急", "同意·点对点")
    assert ExitRequest.select().count() == 0
    assert AuditEntry.select().count() == 0
    request = gate.request_and_decide(
        SYSTEM,
        world.sealed_resident.id,
        "就医",
        "紧急",
        "同意·点对点",
        escort_id=world.escort.id,
        at=T0,
    )
    assert (request.decision, request.escort.name) == ("同意·点对点", "崔亚涛")


def test_states_in_the_desks_words() -> None:
    out, due = T0, T0 + dt.timedelta(hours=2)
    later = T0 + dt.timedelta(hours=3)
    assert gate.state("", None, None, None, later) == "待决定"
    assert gate.state("不同意", None, None, None, later) == "不同意"
    assert gate.state("代办替代", None, None, None, later) == "代办替代"
    assert gate.state("同意·点对点", None, None, None, later) == "待外出"
    assert gate.state("同意·点对点", out, due, None, T0) == "外出中"
    assert gate.state("同意·点对点", out, due, None, later) == "逾期未返"
    assert gate.state("同意·点对点", out, due, T0 + dt.timedelta(hours=1), later) == "已返回"
    assert gate.state("同意·点对点", out, due, later, later) == "已返回（逾期）"


def test_someone_still_out_shows_in_every_days_log_until_back(world: World) -> None:
    request = gate.record_request(SYSTEM, world.ordinary.id, "就医", "紧急", at=T0)
    gate.decide(SYSTEM, request.id, "同意·点对点", at=T0)
    gate.mark_out(SYSTEM, request.id, at=T0)
    day = T0.date()
    for later in (1, 2):
        assert [r.id for r in gate.day_log(day + dt.timedelta(days=later))] == [request.id]
    gate.mark_back(SYSTEM, request.id, at=T0 + dt.timedelta(days=1, hours=2))
    assert [r.id for r in gate.day_log(day + dt.timedelta(days=1))] == [request.id]
    assert gate.day_log(day + dt.timedelta(days=2)) == []
    assert gate.day_log(day - dt.timedelta(days=1)) == []


def test_going_out_checks_the_rule_again(world: World) -> None:
    """Approved while the building was open; sealed before the resident reaches the gate."""
    request = gate.record_request(SYSTEM, world.ordinary.id, "购药", "一般", at=T0)
    gate.decide(SYSTEM, request.id, "同意·点对点", at=T0)
    Building.update(risk_level="高").where(Building.id == world.open_building.id).execute()
    with pytest.raises(gate.GateError, match="情况有变"):
        gate.mark_out(SYSTEM, request.id, at=T0)
    assert ExitRequest.get_by_id(request.id).out_at is None
    urgent = gate.record_request(SYSTEM, world.sealed_resident.id, "就医", "紧急", at=T0)
    gate.decide(SYSTEM, urgent.id, "同意·点对点", escort_id=world.escort.id, at=T0)
    Volunteer.update(status="伤病").where(Volunteer.id == world.escort.id).execute()
    with pytest.raises(gate.GateError, match="伤病"):
        gate.mark_out(SYSTEM, urgent.id, at=T0)
    assert ServiceRecord.select().count() == 0


def test_a_refusal_needs_a_reason_kept_with_the_request(world: World) -> None:
    """Issue 17, point 19: no refusal without a reason; it is stored and audited, and a
    later decision takes it away again."""
    request = gate.record_request(
        SYSTEM, world.ordinary.id, "就医", "一般", detail="西南医院复诊", at=T0
    )
    with pytest.raises(gate.GateError, match="请说明原因"):
        gate.decide(SYSTEM, request.id, "不同意", at=T0)
    with pytest.raises(gate.GateError, match="请说明原因"):
        gate.decide(SYSTEM, request.id, "不同意", refusal_reason="  ", at=T0)
    assert ExitRequest.get_by_id(request.id).decision == ""
    gate.decide(SYSTEM, request.id, "不同意", refusal_reason=gate.REFUSAL_REASONS[0], at=T0)
    stored = ExitRequest.get_by_id(request.id)
    assert stored.decision == "不同意"
    assert stored.detail == f"西南医院复诊；不同意原因：{gate.REFUSAL_REASONS[0]}"
    assert gate.day_log(T0.date())[0].detail == stored.detail
    entry = AuditEntry.select().where(AuditEntry.action == "gate.decide").get()
    assert gate.REFUSAL_REASONS[0] in entry.summary
    # Refused again with other words: one reason, the newest.
    gate.decide(SYSTEM, request.id, "不同意", refusal_reason="家属可代为复诊取药", at=T0)
    assert (
        ExitRequest.get_by_id(request.id).detail == "西南医院复诊；不同意原因：家属可代为复诊取药"
    )
    gate.decide(SYSTEM, request.id, "代办替代", at=T0)
    assert ExitRequest.get_by_id(request.id).detail == "西南医院复诊"
