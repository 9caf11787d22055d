"""The risk rules without Qt: counting clean days, the lowering rule, proposals, cascades."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from office_app.models import (
    AuditEntry,
    Building,
    Compound,
    Household,
    Post,
    Resident,
    RiskChange,
    RiskProposal,
    Shift,
    ShiftAssignment,
    TestRecord,
    Volunteer,
    VolunteerStatusChange,
)
from office_app.services.admin import settings as S
from office_app.services.admin.actor import SYSTEM, Actor, PermissionDenied
from office_app.services.places import risk

_tubes = itertools.count(1)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture
def place(fresh_db: Path) -> dict[str, object]:
    compound = Compound.create(name="兴茂盛世国际")
    b3 = Building.create(compound=compound, name="3栋")
    b5 = Building.create(compound=compound, name="5栋")
    people = []
    for i, building in enumerate((b3, b3, b3, b5)):
        household = Household.create(building=building, unit="1单元", room=f"{i + 1}-1")
        people.append(
            Resident.create(household=household, name=f"居民{i}", doc_no=f"50010719800101{i:04d}")
        )
    return {"compound": compound, "b3": b3, "b5": b5, "people": people}


def sample(building: Building, when: str, result: str = "阴性", name: str = "张三") -> TestRecord:
    record: TestRecord = TestRecord.create(
        name=name,
        doc_no=f"DOC{next(_tubes)}",
        tube_code=f"T{next(_tubes)}",
        sample_time=at(when),
        building=building,
        result=result,
        # results are imported about twelve hours after sampling
        created_at=at(when) + dt.timedelta(hours=12),
    )
    return record


def reload(building: Building) -> Building:
    fresh: Building = Building.get_by_id(building.id)
    return fresh


# --- counting -------------------------------------------------------------------------------


def test_clean_days_count_calendar_days_across_month_and_year_ends() -> None:
    assert risk.clean_days(day("2022-11-20"), day("2022-11-20")) == 0
    assert risk.clean_days(day("2022-11-20"), day("2022-11-21")) == 1
    assert risk.clean_days(day("2022-11-28"), day("2022-12-03")) == 5
    assert risk.clean_days(day("2022-12-30"), day("2023-01-04")) == 5
    assert risk.clean_days(day("2024-02-27"), day("2024-03-03")) == 5  # leap year
    assert risk.clean_days(day("2022-11-20"), day("2022-11-19")) == 0


def test_the_clock_starts_at_the_last_positive_sample_date(place: dict) -> None:
    b3 = place["b3"]
    # sampled late in the evening, reported after midnight: the sample day counts
    sample(b3, "2022-11-20 23:50:00", "阳性")
    risk.change_risk(SYSTEM, b3.id, "高", reason="确诊", at=at("2022-11-21 09:00:00"))
    b3 = reload(b3)
    assert b3.clean_since == day("2022-11-20")
    assert b3.earliest_lowering == day("2022-11-25")


def test_without_a_positive_the_clock_starts_on_the_day_it_was_raised(place: dict) -> None:
    b5 = place["b5"]
    risk.change_risk(SYSTEM, b5.id, "中", reason="相邻楼栋", at=at("2022-11-29 06:30:00"))
    b5 = reload(b5)
    assert b5.clean_since == day("2022-11-29")
    assert b5.earliest_lowering == day("2022-12-04")  # across the month end


def test_lowering_needs_five_clean_days_and_an_all_negative_last_round(place: dict) -> None:
    b3 = place["b3"]
    sample(b3, "2022-11-20 08:00:00", "阳性")
    risk.change_risk(SYSTEM, b3.id, "高", reason="确诊", at=at("2022-11-20 20:00:00"))
    b3 = reload(b3)
    rule = risk.Rule(clean_days=5, needs_negative_round=True)
    status = risk.lowering_status(b3, day("2022-11-24"), rule)
    assert not status.eligible and status.clean_days == 4 and "需满 5 天" in status.reason
    # the fifth day has come, but no round yet
    status = risk.lowering_status(b3, day("2022-11-25"), rule)
    assert not status.eligible and "没有核酸结果" in status.reason
    sample(b3, "2022-11-25 08:00:00", "阴性")
    sample(b3, "2022-11-25 08:05:00", "待出结果")
    status = risk.lowering_status(b3, day("2022-11-25"), rule)
    assert not status.eligible and "尚未全部为阴性" in status.reason
    TestRecord.update(result="阴性").where(TestRecord.result == "待出结果").execute()
    status = risk.lowering_status(b3, day("2022-11-25"), rule)
    assert status.eligible and status.clean_days == 5
    assert "全员阴性" in status.reason


def test_without_the_round_requirement_five_days_are_enough(place: dict) -> None:
    b3 = place["b3"]
    sample(b3, "2022-11-20 08:00:00", "阳性")
    risk.change_risk(SYSTEM, b3.id, "高", reason="确诊", at=at("2022-11-20 20:00:00"))
    rule = risk.Rule(clean_days=5, needs_negative_round=False)
    assert not risk.lowering_status(reload(b3), day("2022-11-24"), rule).eligible
    assert risk.lowering_status(reload(b3), day("2022-11-25"), rule).eligible


def test_a_new_positive_restarts_the_clock(place: dict) -> None:
    b3 = place["b3"]
    sample(b3, "2022-11-20 08:00:00", "阳性")
    risk.change_risk(SYSTEM, b3.id, "高", reason="确诊", at=at("2022-11-20 20:00:00"))
    sample(b3, "2022-11-23 09:00:00", "阳性")
    sample(b3, "2022-11-25 08:00:00", "阴性")
    rule = risk.Rule()
    status = risk.lowering_status(reload(b3), day("2022-11-25"), rule)
    assert not status.eligible
    assert status.clean_since == day("2022-11-23") and status.clean_days == 2
    risk.refresh(day("2022-11-25"), at("2022-11-25 10:00:00"))
    assert reload(b3).earliest_lowering == day("2022-11-28")


def test_a_pooled_positive_does_not_restart_the_clock(place: dict) -> None:
    b3 = place["b3"]
    sample(b3, "2022-11-20 08:00:00", "阳性")
    risk.change_risk(SYSTEM, b3.id, "高", reason="确诊", at=at("2022-11-20 20:00:00"))
    sample(b3, "2022-11-23 09:00:00", "混管阳性")
    assert risk.clean_since(reload(b3)) == day("2022-11-20")


# --- changes and cascades ------------------------------------------------------------------


def test_every_change_is_recorded_and_audited(place: dict) -> None:
    b5 = place["b5"]
    operator = Actor("duty1", "值班员", "duty", None)
    risk.change_risk(operator, b5.id, "中", reason="相邻楼栋", at=at("2022-11-21 06:30:00"))
    risk.change_risk(operator, b5.id, "低", reason="解除", at=at("2022-11-26 10:00:00"))
    history = risk.history(b5.id)
    assert [(h.from_level, h.to_level) for h in history] == [("中", "低"), ("低", "中")]
    assert history[0].operator == "duty1" and history[1].reason == "相邻楼栋"
    assert AuditEntry.select().where(AuditEntry.action == "risk.change").count() == 2
    assert reload(b5).clean_since is None


def test_changes_are_refused_with_reasons(place: dict) -> None:
    b5 = place["b5"]
    with pytest.raises(risk.RiskError, match="已经是低风险"):
        risk.change_risk(SYSTEM, b5.id, "低", reason="x")
    with pytest.raises(risk.RiskError, match="原因"):
        risk.change_risk(SYSTEM, b5.id, "高", reason="  ")
    with pytest.raises(risk.RiskError, match="未知"):
        risk.change_risk(SYSTEM, b5.id, "极高", reason="x")
    with pytest.raises(PermissionDenied):
        risk.change_risk(Actor("v", "查看", "readonly"), b5.id, "高", reason="x")
    assert RiskChange.select().count() == 0


def _volunteer(name: str, home: Building | None, status: str = "在岗") -> Volunteer:
    volunteer: Volunteer = Volunteer.create(name=name, home_building=home, status=status)
    return volunteer


def _shift(post: Post, starts: str, *volunteers: Volunteer) -> Shift:
    start = at(starts)
    shift: Shift = Shift.create(
        post=post,
        date=start.date(),
        name="白班",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=12),
    )
    for v in volunteers:
        ShiftAssignment.create(shift=shift, volunteer=v)
    return shift


def test_sealing_isolates_residents_and_resident_volunteers(place: dict) -> None:
    b3, b5 = place["b3"], place["b5"]
    pan = _volunteer("潘超", b3)
    cui = _volunteer("崔亚涛", None)
    sick = _volunteer("卢思维", b3, status="伤病")
    gate = Post.create(kind="卡点", compound=place["compound"], name="兴茂盛世国际东门卡点")
    inside = Post.create(kind="巡逻", compound=place["compound"], building=b3, name="3栋楼内服务")
    _shift(gate, "2022-11-20 08:00:00", pan)  # before the sealing: not a conflict
    future_gate = _shift(gate, "2022-11-22 08:00:00", pan, cui)
    _shift(inside, "2022-11-22 20:00:00", pan)  # inside his own building: allowed
    result = risk.change_risk(SYSTEM, b3.id, "高", reason="确诊", at=at("2022-11-21 07:00:00"))

    statuses = {r.name: (r.control_status, r.control_from) for r in Resident.select()}
    assert statuses["居民0"] == ("居家隔离", day("2022-11-21"))
    assert statuses["居民3"] == ("", None)  # lives in 5栋
    assert result.residents_isolated == 3
    assert result.volunteers_isolated == ("潘超",)
    assert Volunteer.get_by_id(pan.id).status == "居家隔离"
    assert Volunteer.get_by_id(sick.id).status == "伤病"  # not on duty anyway; left as it is
    assert Volunteer.get_by_id(cui.id).status == "在岗"
    change = VolunteerStatusChange.get(VolunteerStatusChange.volunteer == pan.id)
    assert (change.from_status, change.to_status) == ("在岗", "居家隔离")
    assert [(c.volunteer, c.shift_id, c.post) for c in result.conflicts] == [
        ("潘超", future_gate.id, "兴茂盛世国际东门卡点")
    ]
    assert risk.shift_conflicts(b5.id, at("2022-11-21 07:00:00")) == []


def test_unsealing_moves_residents_to_monitoring_then_to_none(place: dict) -> None:
    b3 = place["b3"]
    S.save(SYSTEM, S.CommunitySettings(monitoring_days=3))
    pan = _volunteer("潘超", b3)
    risk.change_risk(SYSTEM, b3.id, "高", reason="确诊", at=at("2022-11-21 07:00:00"))
    result = risk.change_risk(SYSTEM, b3.id, "低", reason="解除", at=at("2022-11-28 10:00:00"))
    assert result.residents_monitored == 3 and result.volunteers_back == ("潘超",)
    resident = Resident.get(Resident.name == "居民0")
    assert resident.control_status == "居家健康监测"
    assert (resident.control_from, resident.control_until) == (day("2022-11-28"), day("2022-12-01"))
    assert Volunteer.get_by_id(pan.id).status == "在岗"
    assert risk.expire_monitoring(day("2022-12-01")) == 0  # the last monitoring day
    assert risk.expire_monitoring(day("2022-12-02")) == 3
    assert Resident.get(Resident.name == "居民0").control_status == ""


def test_a_change_is_all_or_nothing(place: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    b3 = place["b3"]

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("audit failed")

    monkeypatch.setattr(risk.audit, "record", broken)
    with pytest.raises(RuntimeError):
        risk.change_risk(SYSTEM, b3.id, "高", reason="确诊")
    assert reload(b3).risk_level == "低"
    assert RiskChange.select().count() == 0
    assert Resident.select().where(Resident.control_status == "居家隔离").count() == 0


# --- proposals -------------------------------------------------------------------------------


def test_a_positive_proposes_sealing_once_and_confirming_seals(place: dict) -> None:
    b3 = place["b3"]
    positive = sample(b3, "2022-11-20 08:00:00", "阳性", name="张建国")
    created = risk.refresh(day("2022-11-20"), at("2022-11-20 22:00:00")).created
    assert [(p.building, p.from_level, p.to_level) for p in created] == [
        ("兴茂盛世国际 3栋", "低", "高")
    ]
    assert "张**" in created[0].reason and "张建国" not in created[0].reason
    assert risk.refresh(day("2022-11-20"), at("2022-11-20 22:05:00")).created == []
    result = risk.confirm_proposal(SYSTEM, created[0].proposal_id, at=at("2022-11-20 22:10:00"))
    assert result.to_level == "高" and result.residents_isolated == 3
    change = RiskChange.get(RiskChange.building == b3.id)
    assert (change.source, change.test_record_id) == ("test", positive.id)
    assert RiskProposal.get_by_id(created[0].proposal_id).status == "confirmed"
    assert risk.open_proposals() == []
    with pytest.raises(risk.RiskError, match="处理过"):
        risk.confirm_proposal(SYSTEM, created[0].proposal_id)


def test_a_dismissed_raise_is_not_proposed_again_for_the_same_positive(place: dict) -> None:
    b3 = place["b3"]
    sample(b3, "2022-11-20 08:00:00", "阳性")
    proposal = risk.refresh(day("2022-11-20"), at("2022-11-20 12:00:00")).created[0]
    risk.dismiss_proposal(SYSTEM, proposal.proposal_id, "外地来访人员，已转运")
    assert risk.refresh(day("2022-11-20"), at("2022-11-20 13:00:00")).created == []
    entry = AuditEntry.get(AuditEntry.action == "risk.proposal.dismiss")
    assert "已转运" in entry.summary
    assert RiskProposal.get_by_id(proposal.proposal_id).decision_note == "外地来访人员，已转运"
    sample(b3, "2022-11-21 08:00:00", "阳性")  # a new positive is a new fact
    assert len(risk.refresh(day("2022-11-21"), at("2022-11-21 12:00:00")).created) == 1


def test_an_old_positive_does_not_propose_sealing(place: dict) -> None:
    b3 = place["b3"]
    sample(b3, "2022-11-01 08:00:00", "阳性")  # an old file imported today
    assert risk.refresh(day("2022-11-20"), at("2022-11-20 12:00:00")).created == []
    sample(b3, "2022-11-14 08:00:00", "阳性")  # within the last seven days
    assert len(risk.refresh(day("2022-11-20"), at("2022-11-20 12:00:00")).created) == 1


def test_raises_are_listed_before_lowerings(place: dict) -> None:
    b3, b5 = place["b3"], place["b5"]
    sample(b3, "2022-11-20 08:00:00", "阳性")
    risk.change_risk(SYSTEM, b3.id, "高", reason="确诊", at=at("2022-11-20 20:00:00"))
    sample(b3, "2022-11-25 08:00:00", "阴性")
    risk.refresh(day("2022-11-25"), at("2022-11-25 09:00:00"))  # proposes lowering 3栋
    sample(b5, "2022-11-25 09:30:00", "阳性")
    risk.refresh(day("2022-11-25"), at("2022-11-25 10:00:00"))  # proposes sealing 5栋
    proposals = risk.open_proposals()
    assert [(p.building, p.to_level) for p in proposals] == [
        ("兴茂盛世国际 5栋", "高"),
        ("兴茂盛世国际 3栋", "低"),
    ]


def test_lowering_is_proposed_when_the_rule_is_met_and_withdrawn_on_a_new_positive(
    place: dict,
) -> None:
    b3 = place["b3"]
    sample(b3, "2022-11-20 08:00:00", "阳性")
    risk.change_risk(SYSTEM, b3.id, "高", reason="确诊", at=at("2022-11-20 20:00:00"))
    sample(b3, "2022-11-25 08:00:00", "阴性")
    assert risk.refresh(day("2022-11-24"), at("2022-11-24 10:00:00")).created == []
    created = risk.refresh(day("2022-11-25"), at("2022-11-25 10:00:00")).created
    assert [(p.from_level, p.to_level) for p in created] == [("高", "低")]
    sample(b3, "2022-11-25 09:00:00", "阳性")
    refreshed = risk.refresh(day("2022-11-25"), at("2022-11-25 11:00:00"))
    assert refreshed.withdrawn == 1 and refreshed.created == []
    withdrawn = RiskProposal.get_by_id(created[0].proposal_id)
    assert withdrawn.status == "withdrawn" and "需满 5 天" in withdrawn.decision_note
    entry = AuditEntry.get(AuditEntry.action == "risk.proposal.withdraw")
    assert entry.operator_name == "system" and "兴茂盛世国际 3栋" in entry.summary
    assert reload(b3).clean_since == day("2022-11-25")


def test_confirming_a_lowering_unseals(place: dict) -> None:
    b3 = place["b3"]
    sample(b3, "2022-11-20 08:00:00", "阳性")
    risk.change_risk(SYSTEM, b3.id, "高", reason="确诊", at=at("2022-11-20 20:00:00"))
    sample(b3, "2022-11-25 08:00:00", "阴性")
    proposal = risk.refresh(day("2022-11-25"), at("2022-11-25 10:00:00")).created[0]
    result = risk.confirm_proposal(SYSTEM, proposal.proposal_id, at=at("2022-11-25 10:30:00"))
    assert (result.from_level, result.to_level) == ("高", "低")
    assert result.residents_monitored == 3
    assert RiskChange.select().order_by(RiskChange.id.desc()).first().source == "rule"
    # once lowered, the old positive does not propose sealing again
    assert risk.refresh(day("2022-11-25"), at("2022-11-25 11:00:00")).created == []


def test_a_lowering_dismissed_today_waits_until_tomorrow(place: dict) -> None:
    b3 = place["b3"]
    sample(b3, "2022-11-20 08:00:00", "阳性")
    risk.change_risk(SYSTEM, b3.id, "高", reason="确诊", at=at("2022-11-20 20:00:00"))
    sample(b3, "2022-11-25 08:00:00", "阴性")
    proposal = risk.refresh(day("2022-11-25"), at("2022-11-25 10:00:00")).created[0]
    risk.dismiss_proposal(SYSTEM, proposal.proposal_id, "再观察一天", at=at("2022-11-25 10:05:00"))
    assert risk.refresh(day("2022-11-25"), at("2022-11-25 12:00:00")).created == []
    assert len(risk.refresh(day("2022-11-26"), at("2022-11-26 08:00:00")).created) == 1


def test_building_states_for_the_board(place: dict) -> None:
    b3 = place["b3"]
    sample(b3, "2022-11-20 08:00:00", "阳性")
    risk.change_risk(SYSTEM, b3.id, "高", reason="确诊", at=at("2022-11-20 20:00:00"))
    states = {s.name: s for s in risk.building_states(day("2022-11-23"))}
    assert states["3栋"].level == "高"
    assert states["3栋"].clean_days == 3 and states["3栋"].days_left == 2
    assert states["5栋"].clean_days is None and states["5栋"].days_left is None
    assert [s.name for s in risk.building_states(day("2022-11-23"))] == ["3栋", "5栋"]


def test_a_positive_sampled_before_a_lowering_but_imported_after_it_still_proposes(
    place: dict,
) -> None:
    b3 = place["b3"]
    risk.change_risk(SYSTEM, b3.id, "中", reason="密接", at=at("2022-11-10 08:00:00"))
    risk.change_risk(SYSTEM, b3.id, "低", reason="解除", at=at("2022-11-16 10:00:00"))
    late = sample(b3, "2022-11-16 08:00:00", "阳性")  # imported 11-16 20:00, after the lowering
    created = risk.refresh(day("2022-11-16"), at("2022-11-16 21:00:00")).created
    assert [(p.to_level, p.building) for p in created] == [("高", "兴茂盛世国际 3栋")]
    assert RiskProposal.get_by_id(created[0].proposal_id).test_record_id == late.id


def test_a_positive_sampled_before_a_building_went_medium_proposes_sealing(place: dict) -> None:
    b5 = place["b5"]
    sample(b5, "2022-11-15 20:00:00", "阳性")
    risk.change_risk(SYSTEM, b5.id, "中", reason="相邻楼栋", at=at("2022-11-16 06:00:00"))
    created = risk.refresh(day("2022-11-16"), at("2022-11-16 09:00:00")).created
    assert [(p.from_level, p.to_level) for p in created] == [("中", "高")]


def test_confirming_a_stale_lowering_is_refused(place: dict) -> None:
    b3 = place["b3"]
    sample(b3, "2022-11-20 08:00:00", "阳性")
    risk.change_risk(SYSTEM, b3.id, "高", reason="确诊", at=at("2022-11-20 20:00:00"))
    sample(b3, "2022-11-25 08:00:00", "阴性")
    proposal = risk.refresh(day("2022-11-25"), at("2022-11-25 10:00:00")).created[0]
    sample(b3, "2022-11-25 09:00:00", "阳性")  # imported, but no refresh before the click
    with pytest.raises(risk.RiskError, match="情况已有变化"):
        risk.confirm_proposal(SYSTEM, proposal.proposal_id, at=at("2022-11-25 11:00:00"))
    assert reload(b3).risk_level == "高"


def test_unsealing_leaves_people_isolated_for_their_own_reasons(place: dict) -> None:
    b3 = place["b3"]
    contact = Resident.get(Resident.name == "居民0")
    contact.control_status, contact.control_from = "居家隔离", day("2022-11-19")
    contact.save()
    cui = _volunteer("崔亚涛", b3, status="居家隔离")
    Volunteer.update(status_since=day("2022-11-19")).where(Volunteer.id == cui.id).execute()
    risk.change_risk(SYSTEM, b3.id, "高", reason="确诊", at=at("2022-11-21 07:00:00"))
    result = risk.change_risk(SYSTEM, b3.id, "低", reason="解除", at=at("2022-11-28 10:00:00"))
    assert result.residents_monitored == 2
    assert Resident.get(Resident.name == "居民0").control_status == "居家隔离"
    assert Resident.get(Resident.name == "居民1").control_status == "居家健康监测"
    assert Volunteer.get_by_id(cui.id).status == "居家隔离"


def test_the_clock_keeps_counting_when_a_sealed_building_goes_to_medium(place: dict) -> None:
    b3 = place["b3"]
    sample(b3, "2022-11-17 08:00:00", "阳性")
    risk.change_risk(SYSTEM, b3.id, "高", reason="确诊", at=at("2022-11-18 06:00:00"))
    risk.change_risk(SYSTEM, b3.id, "中", reason="降为中风险", at=at("2022-11-25 10:00:00"))
    b3 = reload(b3)
    assert b3.clean_since == day("2022-11-17")
    assert b3.earliest_lowering == day("2022-11-22")
