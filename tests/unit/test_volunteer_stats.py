"""Volunteer statistics, exports, status changes and the grid organisation (no Qt)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from office_app.models import (
    AuditEntry,
    Building,
    Compound,
    Organisation,
    Post,
    ServiceRecord,
    Shift,
    ShiftAssignment,
    Volunteer,
)
from office_app.models.volunteers import VolunteerStatusChange
from office_app.services.admin.actor import SYSTEM, Actor, PermissionDenied
from office_app.services.volunteers import register as V
from office_app.services.volunteers import roster as R

TODAY = dt.date(2022, 11, 22)
READER = Actor("viewer", "查看员", "readonly", None)


def by_name(today: dt.date = TODAY) -> dict[str, V.VolunteerStats]:
    return {s.name: s for s in V.volunteer_stats(today)}


# --- statistics on the demo community -----------------------------------------------------------


def test_cui_yatao_has_73_errands(demo_db: Path) -> None:
    cui = by_name()["崔亚涛"]
    assert cui.errands == 73
    assert cui.services_total == 73
    assert set(cui.services) <= set(V.ERRAND_KINDS)
    assert cui.organisation == "市五中法院"
    assert cui.days_served == 13  # reported 12 days before 2022-11-22


def test_shifts_and_hours_match_the_roster_rows(demo_db: Path) -> None:
    cui = Volunteer.get(Volunteer.name == "崔亚涛")
    rows = list(
        ShiftAssignment.select(ShiftAssignment, Shift)
        .join(Shift)
        .where((ShiftAssignment.volunteer == cui.id) & (Shift.date <= TODAY))
    )
    hours = sum(
        (a.checked_out_at - a.checked_in_at).total_seconds() / 3600
        for a in rows
        if a.checked_in_at and a.checked_out_at
    )
    stats = by_name()["崔亚涛"]
    assert stats.shifts == len(rows) > 0
    assert stats.hours == round(hours, 1) > 0


def test_statistics_follow_new_records_and_new_shifts(demo_db: Path) -> None:
    kang = Volunteer.get(Volunteer.name == "康黎")
    before = by_name()["康黎"]
    ServiceRecord.create(
        volunteer=kang, kind="核酸录入", occurred_at=dt.datetime(2022, 11, 22, 9), count=40
    )
    # A record of tomorrow does not count for today.
    ServiceRecord.create(
        volunteer=kang, kind="核酸录入", occurred_at=dt.datetime(2022, 11, 23, 9), count=5
    )
    post = Post.get(Post.name == "社区值班热线")
    done = R.assign(SYSTEM, kang.id, post.id, TODAY - dt.timedelta(days=20), "白班")
    R.check_in(SYSTEM, done.assignment_id, dt.datetime(2022, 11, 2, 8, 0))
    R.check_out(SYSTEM, done.assignment_id, dt.datetime(2022, 11, 2, 19, 30))
    after = by_name()["康黎"]
    assert after.services.get("核酸录入", 0) == before.services.get("核酸录入", 0) + 40
    assert after.shifts == before.shifts + 1
    assert after.hours == pytest.approx(before.hours + 11.5, abs=0.06)


def test_statistics_per_organisation_add_up(demo_db: Path) -> None:
    orgs = V.organisation_stats(TODAY)
    people = V.volunteer_stats(TODAY)
    assert sum(o.volunteers for o in orgs) == Volunteer.select().count() == len(people)
    assert sum(o.shifts for o in orgs) == sum(p.shifts for p in people)
    assert sum(o.services_total for o in orgs) == sum(p.services_total for p in people)
    court = next(o for o in orgs if o.name == "市五中法院")
    members = Volunteer.select().join(Organisation).where(Organisation.name == "市五中法院")
    assert court.volunteers == members.count()
    assert court.services.get("物资配送", 0) >= 46
    assert any(o.name == "无派出单位" for o in orgs)  # residents' volunteers


def test_export_csv_and_xlsx(demo_db: Path, tmp_path: Path) -> None:
    csv_path = tmp_path / "out" / "志愿者统计.csv"
    count = V.export_volunteer_stats(SYSTEM, csv_path, TODAY)
    with csv_path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0][:3] == ["姓名", "派出单位", "单位级别"]
    assert len(rows) == count + 1 == Volunteer.select().count() + 1
    cui = next(r for r in rows if r[0] == "崔亚涛")
    assert cui[-1] == "73"
    xlsx_path = tmp_path / "单位统计.xlsx"
    V.export_organisation_stats(SYSTEM, xlsx_path, TODAY)
    sheet = load_workbook(xlsx_path).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "派出单位"
    assert any(row[0] == "市五中法院" for row in values[1:])
    assert not list(tmp_path.glob(".tmp-*"))
    actions = {e.action for e in AuditEntry.select()}
    assert {"export.volunteer_stats", "export.organisation_stats"} <= actions


def test_export_writes_a_formula_like_organisation_as_text(demo_db: Path, tmp_path: Path) -> None:
    from office_app.models import Organisation

    Organisation.update(name='=HYPERLINK("http://x","点我")').where(
        Organisation.name == "市五中法院"
    ).execute()
    path = tmp_path / "单位统计.csv"
    V.export_organisation_stats(SYSTEM, path, TODAY)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        names = [row[0] for row in csv.reader(stream)]
    assert '\'=HYPERLINK("http://x","点我")' in names
    assert not any(name.startswith("=") for name in names)


def test_detail_shows_skills_trainer_and_trainees(demo_db: Path) -> None:
    xu = Volunteer.get(Volunteer.name == "徐李梦")
    detail = V.volunteer_detail(xu.id, TODAY)
    assert len(detail.trainees) == 2 and "康黎" in detail.trainees
    kang = V.volunteer_detail(Volunteer.get(Volunteer.name == "康黎").id, TODAY)
    assert [(s.skill, s.trained_by) for s in kang.skills] == [("核酸录入", "徐李梦")]
    wang = V.volunteer_detail(Volunteer.get(Volunteer.name == "王榆").id, TODAY)
    assert wang.status == "伤病"
    assert [(h.from_status, h.to_status) for h in wang.status_history] == [("在岗", "伤病")]


def test_change_status_records_history_and_the_roster_sees_it(demo_db: Path) -> None:
    kang = Volunteer.get(Volunteer.name == "康黎")
    V.change_status(SYSTEM, kang.id, "伤病", TODAY + dt.timedelta(days=1), "发烧")
    assert Volunteer.get_by_id(kang.id).status == "伤病"
    change = VolunteerStatusChange.get(VolunteerStatusChange.volunteer == kang.id)
    assert (change.to_status, change.reason) == ("伤病", "发烧")
    post = Post.get(Post.name == "社区值班热线")
    later = R.preview_assignment(kang.id, post.id, TODAY + dt.timedelta(days=3), "白班")
    assert [c.kind for c in later] == [R.NOT_ON_DUTY]
    with pytest.raises(V.VolunteerError, match="已经是"):
        V.change_status(SYSTEM, kang.id, "伤病", TODAY)
    with pytest.raises(V.VolunteerError, match="不认识"):
        V.change_status(SYSTEM, kang.id, "请假", TODAY)
    with pytest.raises(PermissionDenied):
        V.change_status(READER, kang.id, "在岗", TODAY)


# --- the grid tree ------------------------------------------------------------------------------


def test_grid_tree_flags_the_buildings_without_a_leader(demo_db: Path) -> None:
    tree = V.grid_tree()
    assert [a.name for a in tree] == ["一片区", "二片区"]
    assert all(a.leaders for a in tree)
    compounds = {c.name: c for a in tree for c in a.compounds}
    assert len(compounds) == Compound.select().count()
    assert all(c.leaders for c in compounds.values())
    flagged = sorted(
        f"{c.name} {b.name}" for c in compounds.values() for b in c.buildings if b.flagged
    )
    assert len(flagged) == 2
    buildings = sum(len(c.buildings) for c in compounds.values())
    assert buildings == Building.select().count()


def test_assign_grid_role_replaces_the_present_holder(demo_db: Path) -> None:
    tree = V.grid_tree()
    compound = next(c for a in tree for c in a.compounds if c.buildings_without_leader)
    building = next(b for b in compound.buildings if b.flagged)
    kang = Volunteer.get(Volunteer.name == "康黎")
    assert V.assign_grid_role(SYSTEM, kang.id, "小组长", building_id=building.id) == []
    after = {b.id: b for a in V.grid_tree() for c in a.compounds for b in c.buildings}
    assert [leader.name for leader in after[building.id].leaders] == ["康黎"]
    assert not after[building.id].flagged
    # A new 组长 for the compound: the old one becomes 组员.
    old = compound.leaders[0]
    cui = Volunteer.get(Volunteer.name == "崔亚涛")
    assert V.assign_grid_role(SYSTEM, cui.id, "组长", compound_id=compound.id) == [old.name]
    assert Volunteer.get_by_id(old.id).grid_role == "组员"
    node = next(c for a in V.grid_tree() for c in a.compounds if c.id == compound.id)
    assert [leader.name for leader in node.leaders] == ["崔亚涛"]
    assert AuditEntry.select().where(AuditEntry.action == "volunteer.grid_role").count() == 2
    with pytest.raises(V.VolunteerError, match="片区"):
        V.assign_grid_role(SYSTEM, cui.id, "片长", area=" ")
    with pytest.raises(PermissionDenied):
        V.assign_grid_role(READER, cui.id, "组员")


def test_days_served() -> None:
    assert V.days_served(None, TODAY) == 0
    assert V.days_served(TODAY, TODAY) == 1
    assert V.days_served(TODAY + dt.timedelta(days=1), TODAY) == 0
    assert V.days_served(dt.date(2022, 11, 10), TODAY) == 13


# --- adding and editing -------------------------------------------------------------------------


def test_add_and_edit_a_volunteer(demo_db: Path) -> None:
    building = Building.select().first()
    data = V.VolunteerData(
        " 新 同志 ",
        phone="139-8300-9999",
        gender="女",
        party_member=True,
        organisation="九龙坡区卫健委",
        org_level="区级",
        org_kind="机关",
        kind="下沉干部",
        home_building_id=building.id,
        report_date=TODAY,
        skills=("医护", "驾驶", "医护"),
    )
    new_id = V.save_volunteer(SYSTEM, data)
    stored = V.volunteer_data(new_id)
    assert (stored.name, stored.phone, stored.organisation) == (
        "新 同志",
        "13983009999",
        "九龙坡区卫健委",
    )
    assert stored.skills == ("医护", "驾驶")
    # Editing: a skill dropped, one kept with who trained it.
    from office_app.models.volunteers import VolunteerSkill

    xu = Volunteer.get(Volunteer.name == "徐李梦")
    VolunteerSkill.update(trained_by=xu.id).where(
        (VolunteerSkill.volunteer == new_id) & (VolunteerSkill.skill == "医护")
    ).execute()
    V.save_volunteer(SYSTEM, V.VolunteerData(**{**stored.__dict__, "skills": ("医护",)}), new_id)
    skills = list(VolunteerSkill.select().where(VolunteerSkill.volunteer == new_id))
    assert [(s.skill, s.trained_by.name) for s in skills] == [("医护", "徐李梦")]
    problems = V.volunteer_problems(V.VolunteerData("", phone="13983009999", kind="外星人"))
    assert set(problems) == {"name", "phone", "kind"}
    assert "新 同志" in problems["phone"]
    assert V.volunteer_problems(V.VolunteerData("甲", phone="12345"))["phone"]
    with pytest.raises(PermissionDenied):
        V.save_volunteer(READER, data)
    actions = [e.action for e in AuditEntry.select().where(AuditEntry.entity == "volunteer")]
    assert actions[-2:] == ["volunteer.create", "volunteer.edit"]
