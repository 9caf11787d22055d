"""The duty roster: every conflict rule, assigning, copying a week, check-in and check-out."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from office_app.models import (
    AuditEntry,
    Building,
    Compound,
    Post,
    RiskChange,
    Shift,
    ShiftAssignment,
    Volunteer,
)
from office_app.models.volunteers import VolunteerStatusChange
from office_app.services.admin import settings as S
from office_app.services.admin.actor import SYSTEM, Actor, PermissionDenied
from office_app.services.volunteers import roster as R
from office_app.services.volunteers.roster import (
    DOUBLE_BOOKED,
    NO_REST,
    NOT_ON_DUTY,
    SEALED_OUTSIDE,
    UNDERSTAFFED,
    PostFacts,
    ShiftFacts,
    VolunteerFacts,
)

DAY = dt.date(2022, 11, 21)  # a Monday
READER = Actor("viewer", "查看员", "readonly", None)


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def shift(sid: int, post: int, day: dt.date, name: str, members: tuple[int, ...]) -> ShiftFacts:
    start, end = S.CommunitySettings().shift(name).times_on(day)
    return ShiftFacts(sid, post, day, name, start, end, members)


POSTS = {
    1: PostFacts(1, "东门卡点", 1),
    2: PostFacts(2, "核酸采样点", 3),
    3: PostFacts(3, "6栋楼内服务", 1, building_id=60),
}
ALICE = VolunteerFacts(10, "甲")
BOB = VolunteerFacts(11, "乙")
PEOPLE = {10: ALICE, 11: BOB}


# --- the rules on plain facts ------------------------------------------------------------------


def kinds(conflicts: list[R.Conflict]) -> list[tuple[str, int, int | None]]:
    return [(c.kind, c.shift_id, c.volunteer_id) for c in conflicts]


def test_double_booking_is_two_overlapping_shifts_of_one_volunteer() -> None:
    shifts = [shift(1, 1, DAY, "白班", (10,)), shift(2, 2, DAY, "白班", (10, 11))]
    found = R.double_bookings(shifts, PEOPLE, POSTS)
    assert kinds(found) == [(DOUBLE_BOOKED, 1, 10), (DOUBLE_BOOKED, 2, 10)]
    # The words depend on the UI language (Qt's translator, installed or not in this
    # process): check the facts in the message.
    assert all(f in found[0].message for f in ("甲", "东门卡点", "核酸采样点"))
    # Day and night of the same day touch but do not overlap: no double booking.
    touching = [shift(1, 1, DAY, "白班", (10,)), shift(2, 1, DAY, "夜班", (10,))]
    assert R.double_bookings(touching, PEOPLE, POSTS) == []


def test_not_on_duty_follows_the_status_on_the_shift_day() -> None:
    hurt = VolunteerFacts(10, "甲", ((DAY, "伤病"), (DAY + dt.timedelta(days=3), "在岗")))
    people = {10: hurt}
    before = shift(1, 1, DAY - dt.timedelta(days=1), "白班", (10,))
    during = shift(2, 1, DAY + dt.timedelta(days=1), "白班", (10,))
    after = shift(3, 1, DAY + dt.timedelta(days=3), "白班", (10,))
    found = R.not_on_duty([before, during, after], people, POSTS)
    assert kinds(found) == [(NOT_ON_DUTY, 2, 10)]
    assert "伤病" in found[0].message


def test_sealed_building_volunteer_outside_it_is_a_conflict_inside_it_is_not() -> None:
    resident = VolunteerFacts(10, "潘超", (), home_building_id=60, home_label="兴茂 6栋")
    people = {10: resident}
    levels: R.LevelHistory = {
        60: (
            (dt.datetime.min, "低"),
            (at(DAY, 7), "高"),
            (at(DAY + dt.timedelta(days=4), 10), "低"),
        )
    }
    gate_before = shift(1, 1, DAY - dt.timedelta(days=1), "白班", (10,))
    gate_sealed = shift(2, 1, DAY + dt.timedelta(days=1), "白班", (10,))
    inside = shift(3, 3, DAY + dt.timedelta(days=1), "夜班", (10,))
    gate_after = shift(4, 1, DAY + dt.timedelta(days=5), "白班", (10,))
    found = R.sealed_outside([gate_before, gate_sealed, inside, gate_after], people, POSTS, levels)
    assert kinds(found) == [(SEALED_OUTSIDE, 2, 10)]
    assert "兴茂 6栋" in found[0].message


def test_understaffed_is_fewer_than_the_post_minimum() -> None:
    site = shift(1, 2, DAY, "白班", (10, 11))  # needs 3
    gate = shift(2, 1, DAY, "白班", (10,))  # needs 1
    empty = shift(3, 1, DAY, "夜班", ())
    found = R.understaffed([site, gate, empty], PEOPLE, POSTS)
    assert kinds(found) == [(UNDERSTAFFED, 1, None), (UNDERSTAFFED, 3, None)]
    assert found[0].message.startswith("11-21 白班 核酸采样点")
    assert re.search(r"\b2\b.*\b3\b", found[0].message)


def test_no_rest_between_two_shifts_of_one_volunteer() -> None:
    day = shift(1, 1, DAY, "白班", (10,))
    night = shift(2, 2, DAY, "夜班", (10, 11))  # 甲 goes straight on: no rest
    next_day = shift(3, 1, DAY + dt.timedelta(days=1), "白班", (11,))  # 乙: 0 h after night
    two_days = shift(4, 1, DAY + dt.timedelta(days=2), "白班", (10,))  # 甲: rested
    found = R.missing_rest([day, night, next_day, two_days], PEOPLE, POSTS, 8)
    assert kinds(found) == [(NO_REST, 2, 10), (NO_REST, 3, 11)]
    assert found[0].other_shift_id == 1
    # With a shorter minimum rest nothing is flagged for a 12-hour gap either.
    gap = [day, shift(5, 1, DAY + dt.timedelta(days=1), "白班", (10,))]
    assert R.missing_rest(gap, PEOPLE, POSTS, 12) == []
    assert len(R.missing_rest(gap, PEOPLE, POSTS, 13)) == 1


def test_overlap_is_a_double_booking_and_not_also_a_short_rest() -> None:
    shifts = [shift(1, 1, DAY, "白班", (10,)), shift(2, 2, DAY, "白班", (10,))]
    found = R.find_conflicts(shifts, PEOPLE, {**POSTS, 2: PostFacts(2, "采样点", 1)}, {})
    assert {c.kind for c in found} == {DOUBLE_BOOKED}


# --- on a database -----------------------------------------------------------------------------


@pytest.fixture
def place(fresh_db: Path) -> dict[str, Any]:
    compound = Compound.create(name="瑞景苑", area="一片区")
    sealed = Building.create(compound=compound, name="6栋", risk_level="高")
    other = Building.create(compound=compound, name="7栋")
    RiskChange.create(
        building=sealed, from_level="低", to_level="高", changed_at=at(DAY - dt.timedelta(1), 9)
    )
    gate = Post.create(kind="卡点", compound=compound, name="瑞景苑南门卡点", min_staff=2)
    inside = Post.create(
        kind="巡逻", compound=compound, building=sealed, name="6栋楼内", min_staff=1
    )
    people = {
        name: Volunteer.create(name=name, status="在岗", status_since=DAY - dt.timedelta(10))
        for name in ("崔亚涛", "康黎", "王榆")
    }
    pan = Volunteer.create(name="潘超", home_building=sealed, status="在岗")
    neighbour = Volunteer.create(name="邻居", home_building=other, status="在岗")
    return {"gate": gate, "inside": inside, **people, "潘超": pan, "邻居": neighbour}


def test_assign_makes_the_shift_with_settings_times_and_the_first_one_leads(place) -> None:
    cui, kang = place["崔亚涛"], place["康黎"]
    first = R.assign(SYSTEM, cui.id, place["gate"].id, DAY, "夜班")
    second = R.assign(SYSTEM, kang.id, place["gate"].id, DAY, "夜班")
    row = Shift.get_by_id(first.shift_id)
    assert (row.starts_at, row.ends_at) == (at(DAY, 20), at(DAY + dt.timedelta(1), 8))
    assert row.lead.id == cui.id
    assert second.shift_id == first.shift_id
    # Two on a post that needs two: no conflict any more.
    assert second.conflicts == ()
    leads = {a.volunteer.name: a.is_lead for a in ShiftAssignment.select()}
    assert leads == {"崔亚涛": True, "康黎": False}
    assert AuditEntry.select().where(AuditEntry.action == "roster.assign").count() == 2
    with pytest.raises(R.RosterError, match="已经排在"):
        R.assign(SYSTEM, cui.id, place["gate"].id, DAY, "夜班")
    with pytest.raises(R.RosterError, match="没有名为"):
        R.assign(SYSTEM, cui.id, place["gate"].id, DAY, "中班")
    with pytest.raises(PermissionDenied):
        R.assign(READER, kang.id, place["gate"].id, DAY, "白班")


def test_assign_returns_the_conflicts_it_brings(place) -> None:
    cui = place["崔亚涛"]
    alone = R.assign(SYSTEM, cui.id, place["gate"].id, DAY, "白班")
    assert [c.kind for c in alone.conflicts] == []  # understaffed has no volunteer
    week = R.load_week(DAY)
    cell = week.cell(place["gate"].id, DAY, "白班")
    assert [c.kind for c in cell.conflicts] == [UNDERSTAFFED]
    assert [m.name for m in cell.members] == ["崔亚涛"]
    night = R.assign(SYSTEM, cui.id, place["inside"].id, DAY, "夜班")
    assert [c.kind for c in night.conflicts] == [NO_REST]
    overlap = R.preview_assignment(cui.id, place["inside"].id, DAY, "白班")
    assert {c.kind for c in overlap} == {DOUBLE_BOOKED, NO_REST}


def test_status_history_decides_not_on_duty(place) -> None:
    wang = place["王榆"]
    VolunteerStatusChange.create(
        volunteer=wang, from_status="在岗", to_status="伤病", since=DAY + dt.timedelta(1)
    )
    wang.status, wang.status_since = "伤病", DAY + dt.timedelta(1)
    wang.save()
    assert R.preview_assignment(wang.id, place["inside"].id, DAY, "白班") == []
    found = R.preview_assignment(wang.id, place["inside"].id, DAY + dt.timedelta(2), "白班")
    assert [c.kind for c in found] == [NOT_ON_DUTY]
    assert "伤病" in found[0].message


def test_sealed_home_building_allows_only_its_own_post(place) -> None:
    pan, neighbour = place["潘超"], place["邻居"]
    found = R.preview_assignment(pan.id, place["gate"].id, DAY, "白班")
    assert [c.kind for c in found] == [SEALED_OUTSIDE]
    assert R.preview_assignment(pan.id, place["inside"].id, DAY, "白班") == []
    # Before the sealing he could serve at the gate.
    assert R.preview_assignment(pan.id, place["gate"].id, DAY - dt.timedelta(3), "白班") == []
    assert R.preview_assignment(neighbour.id, place["gate"].id, DAY, "白班") == []


def test_unassign_passes_the_lead_on_and_restore_undoes_it(place) -> None:
    cui, kang = place["崔亚涛"], place["康黎"]
    first = R.assign(SYSTEM, cui.id, place["gate"].id, DAY, "白班")
    R.assign(SYSTEM, kang.id, place["gate"].id, DAY, "白班")
    before = R._assignment_dict(ShiftAssignment.get_by_id(first.assignment_id))
    R.unassign(SYSTEM, first.assignment_id)
    assert Shift.get_by_id(first.shift_id).lead.id == kang.id
    R.restore(SYSTEM, before)
    assert Shift.get_by_id(first.shift_id).lead.id == cui.id
    members = R.load_week(DAY).cell(place["gate"].id, DAY, "白班").members
    assert [(m.name, m.is_lead) for m in members] == [("崔亚涛", True), ("康黎", False)]


def test_set_lead(place) -> None:
    R.assign(SYSTEM, place["崔亚涛"].id, place["gate"].id, DAY, "白班")
    second = R.assign(SYSTEM, place["康黎"].id, place["gate"].id, DAY, "白班")
    R.set_lead(SYSTEM, second.assignment_id)
    assert R.load_week(DAY).cell(place["gate"].id, DAY, "白班").lead.name == "康黎"


def test_copy_last_week_adds_what_is_missing_and_can_be_undone(place) -> None:
    last = DAY - dt.timedelta(days=7)
    R.assign(SYSTEM, place["崔亚涛"].id, place["gate"].id, last, "白班")
    R.assign(SYSTEM, place["康黎"].id, place["gate"].id, last, "白班")
    R.assign(SYSTEM, place["王榆"].id, place["inside"].id, last + dt.timedelta(2), "夜班")
    # This week already has 康黎 on that Monday shift, as the lead.
    R.assign(SYSTEM, place["康黎"].id, place["gate"].id, DAY, "白班")
    result = R.copy_week(SYSTEM, last, DAY)
    assert (result.shifts_created, result.assignments_created) == (1, 2)
    week = R.load_week(DAY)
    monday = week.cell(place["gate"].id, DAY, "白班")
    assert [(m.name, m.is_lead) for m in monday.members] == [("康黎", True), ("崔亚涛", False)]
    wednesday = week.cell(place["inside"].id, DAY + dt.timedelta(2), "夜班")
    assert wednesday.starts_at == at(DAY + dt.timedelta(2), 20)
    assert [m.checked_in_at for m in wednesday.members] == [None]
    assert R.undo_copy(SYSTEM, result) == 2
    week = R.load_week(DAY)
    assert [m.name for m in week.cell(place["gate"].id, DAY, "白班").members] == ["康黎"]
    assert week.cell(place["inside"].id, DAY + dt.timedelta(2), "夜班").shift_id is None
    with pytest.raises(R.RosterError):
        R.copy_week(SYSTEM, DAY, DAY + dt.timedelta(days=2))


def test_check_in_and_out(place) -> None:
    done = R.assign(SYSTEM, place["崔亚涛"].id, place["gate"].id, DAY, "白班")
    with pytest.raises(R.RosterError, match="还没有签到"):
        R.check_out(SYSTEM, done.assignment_id, at(DAY, 20))
    with pytest.raises(R.RosterError, match="还没到签到时间"):
        R.check_in(SYSTEM, done.assignment_id, at(DAY, 5))
    assert R.check_in(SYSTEM, done.assignment_id, at(DAY, 7)) == at(DAY, 7)
    with pytest.raises(R.RosterError, match="已于"):
        R.check_in(SYSTEM, done.assignment_id, at(DAY, 8))
    with pytest.raises(R.RosterError, match="不能早于"):
        R.check_out(SYSTEM, done.assignment_id, at(DAY, 6))
    R.check_out(SYSTEM, done.assignment_id, at(DAY, 20))
    member = R.load_week(DAY).cell(place["gate"].id, DAY, "白班").members[0]
    assert (member.checked_in_at, member.checked_out_at) == (at(DAY, 7), at(DAY, 20))
    actions = [e.action for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert actions[-2:] == ["roster.check_in", "roster.check_out"]


def test_min_rest_hours_comes_from_the_settings(place) -> None:
    settings = S.load()
    S.save(SYSTEM, S.CommunitySettings(**{**settings.__dict__, "extra": {"min_rest_hours": 13}}))
    assert R.min_rest_hours() == 13
    R.assign(SYSTEM, place["崔亚涛"].id, place["gate"].id, DAY, "白班")
    found = R.preview_assignment(
        place["崔亚涛"].id, place["gate"].id, DAY + dt.timedelta(1), "白班"
    )
    assert [c.kind for c in found] == [NO_REST]


def test_week_starts_on_monday_and_counts_unfilled_cells(place) -> None:
    week = R.load_week(DAY + dt.timedelta(days=3))
    assert week.monday == DAY
    assert week.days[-1] == DAY + dt.timedelta(days=6)
    assert week.unfilled == 2 * 7 * 2
    R.assign(SYSTEM, place["崔亚涛"].id, place["gate"].id, DAY, "白班")
    assert R.load_week(DAY).unfilled == 2 * 7 * 2 - 1


def test_posts_are_created_checked_edited_and_deactivated(place) -> None:
    compound = place["gate"].compound
    new_id = R.save_post(
        SYSTEM, R.PostData("核酸采样点", " 瑞景苑  采样点 ", 3, compound_id=compound.id)
    )
    post = Post.get_by_id(new_id)
    assert (post.name, post.min_staff, post.active) == ("瑞景苑 采样点", 3, True)
    problems = R.post_problems(R.PostData("卡点", "瑞景苑南门卡点", 0))
    assert set(problems) == {"name", "min_staff"}
    assert "已有名为" in problems["name"]
    assert "kind" in R.post_problems(R.PostData("食堂", "食堂", 1))
    with pytest.raises(R.RosterError, match="不能为空"):
        R.save_post(SYSTEM, R.PostData("巡逻", "  ", 1))
    with pytest.raises(PermissionDenied):
        R.save_post(READER, R.PostData("巡逻", "夜巡", 1))
    # Inactive posts leave the grid but keep their shifts.
    R.assign(SYSTEM, place["崔亚涛"].id, new_id, DAY, "白班")
    R.save_post(
        SYSTEM,
        R.PostData("核酸采样点", "瑞景苑 采样点", 3, compound_id=compound.id, active=False),
        new_id,
    )
    assert new_id not in [p.id for p in R.load_week(DAY).posts]
    info = next(p for p in R.all_posts() if p.id == new_id)
    assert (info.active, info.shifts) == (False, 1)
    actions = [e.action for e in AuditEntry.select().where(AuditEntry.entity == "post")]
    assert actions == ["roster.post_create", "roster.post_edit"]


def test_move_takes_the_volunteer_from_one_cell_to_another(place) -> None:
    cui, kang = place["崔亚涛"], place["康黎"]
    first = R.assign(SYSTEM, cui.id, place["gate"].id, DAY, "白班")
    R.assign(SYSTEM, kang.id, place["gate"].id, DAY, "白班")
    moved = R.move(SYSTEM, first.assignment_id, place["inside"].id, DAY + dt.timedelta(1), "夜班")
    week = R.load_week(DAY)
    source = week.cell(place["gate"].id, DAY, "白班")
    target = week.cell(place["inside"].id, DAY + dt.timedelta(1), "夜班")
    assert [(m.name, m.is_lead) for m in source.members] == [("康黎", True)]
    assert [(m.name, m.is_lead) for m in target.members] == [("崔亚涛", True)]
    assert moved.shift_id == target.shift_id
    with pytest.raises(R.RosterError, match="同一个班次"):
        R.move(SYSTEM, moved.assignment_id, place["inside"].id, DAY + dt.timedelta(1), "夜班")
    R.check_in(SYSTEM, moved.assignment_id, at(DAY + dt.timedelta(1), 20))
    with pytest.raises(R.RosterError, match="已在该班次签到"):
        R.move(SYSTEM, moved.assignment_id, place["gate"].id, DAY, "白班")


def test_a_volunteer_before_his_report_date_is_not_on_duty() -> None:
    late = VolunteerFacts(10, "甲", report_date=DAY + dt.timedelta(days=2))
    shifts = [
        shift(1, 1, DAY, "白班", (10,)),
        shift(2, 1, DAY + dt.timedelta(days=2), "白班", (10,)),
    ]
    found = R.not_on_duty(shifts, {10: late}, POSTS)
    assert kinds(found) == [(NOT_ON_DUTY, 1, 10)]
    assert re.search(r"11-23.*11-21", found[0].message)


def test_check_in_and_out_a_whole_shift(place) -> None:
    first = R.assign(SYSTEM, place["崔亚涛"].id, place["gate"].id, DAY, "白班")
    second = R.assign(SYSTEM, place["康黎"].id, place["gate"].id, DAY, "白班")
    R.check_in(SYSTEM, first.assignment_id, at(DAY, 7))
    assert R.check_in_all(SYSTEM, first.shift_id, at(DAY, 8)) == 1
    assert ShiftAssignment.get_by_id(second.assignment_id).checked_in_at == at(DAY, 8)
    assert ShiftAssignment.get_by_id(first.assignment_id).checked_in_at == at(DAY, 7)
    assert R.check_out_all(SYSTEM, first.shift_id, at(DAY, 20)) == 2
    assert R.check_out_all(SYSTEM, first.shift_id, at(DAY, 21)) == 0
    # Too late for a check-in: nothing is written for anybody.
    third = R.assign(SYSTEM, place["王榆"].id, place["gate"].id, DAY, "夜班")
    with pytest.raises(R.RosterError):
        R.check_in_all(SYSTEM, third.shift_id, at(DAY + dt.timedelta(days=2), 9))
    assert ShiftAssignment.get_by_id(third.assignment_id).checked_in_at is None
