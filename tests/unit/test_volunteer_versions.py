"""Every write of a volunteer is versioned (issue 19, point 4): a status change (在岗/伤病/…)
and a grid role (网格) raise the volunteer's version and say who and when, like the editor's
save; a second seat's stale save or status change is refused naming who and when, and
nothing is written. Two seats are two operators: two reads, then two writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from office_app.models import AuditEntry, Operator, Volunteer, VolunteerStatusChange
from office_app.services.admin.actor import Actor
from office_app.services.places import buildings as B
from office_app.services.volunteers import register as V

TODAY = dt.date(2022, 4, 12)


def operator(username: str, display: str) -> Actor:
    op = Operator.create(username=username, display_name=display, role="duty", password_hash="x")
    return Actor(username, display, "duty", op.id)


@pytest.fixture
def two(fresh_db: Path) -> tuple[Actor, Actor]:
    """The secretary's PC and the gate laptop."""
    return operator("lisi", "李四"), operator("wangwu", "王五")


@pytest.fixture
def volunteer_id(two: tuple[Actor, Actor]) -> int:
    return V.save_volunteer(two[0], V.VolunteerData("赵六", phone="13800001111"))


def test_a_status_change_raises_the_version_and_says_who(
    two: tuple[Actor, Actor], volunteer_id: int
) -> None:
    first, _second = two
    assert V.volunteer_detail(volunteer_id, TODAY).version == 0
    V.change_status(first, volunteer_id, "伤病", TODAY, "扭伤")
    stored = Volunteer.get_by_id(volunteer_id)
    assert (stored.status, stored.version, stored.changed_by) == ("伤病", 1, "李四（lisi）")
    assert stored.changed_at is not None
    assert V.volunteer_detail(volunteer_id, TODAY).version == 1


def test_an_editor_save_after_another_seats_status_change_is_refused(
    two: tuple[Actor, Actor], volunteer_id: int
) -> None:
    first, second = two
    editing = V.volunteer_data(volunteer_id)  # the second seat opens the editor
    V.change_status(first, volunteer_id, "居家隔离", TODAY, "密接")
    with pytest.raises(V.VolunteerConflict) as refused:
        V.save_volunteer(
            second, V.VolunteerData(**{**editing.__dict__, "note": "白班"}), volunteer_id
        )
    message = str(refused.value)
    assert refused.value.who == "李四（lisi）" and refused.value.when is not None
    assert "李四（lisi）" in message and f"{refused.value.when:%Y-%m-%d %H:%M:%S}" in message
    assert "状态：居家隔离" in message
    stored = Volunteer.get_by_id(volunteer_id)
    assert (stored.note, stored.status, stored.version) == ("", "居家隔离", 1)


def test_the_second_of_two_status_changes_is_refused_and_writes_nothing(
    two: tuple[Actor, Actor], volunteer_id: int
) -> None:
    first, second = two
    seen_by_first = V.volunteer_detail(volunteer_id, TODAY)
    seen_by_second = V.volunteer_detail(volunteer_id, TODAY)
    V.change_status(first, volunteer_id, "伤病", TODAY, "扭伤", version=seen_by_first.version)
    with pytest.raises(V.VolunteerConflict) as refused:
        V.change_status(second, volunteer_id, "离岗", TODAY, "返岗", version=seen_by_second.version)
    assert refused.value.who == "李四（lisi）" and "状态：伤病" in str(refused.value)
    assert Volunteer.get_by_id(volunteer_id).status == "伤病"
    assert [c.to_status for c in VolunteerStatusChange.select()] == ["伤病"]
    assert AuditEntry.select().where(AuditEntry.action == "volunteer.status").count() == 1
    # Seen again, the second seat's change goes through.
    again = V.volunteer_detail(volunteer_id, TODAY)
    V.change_status(second, volunteer_id, "离岗", TODAY, "返岗", version=again.version)
    stored = Volunteer.get_by_id(volunteer_id)
    assert (stored.status, stored.version, stored.changed_by) == ("离岗", 2, "王五（wangwu）")


def test_a_grid_role_raises_the_version_of_the_one_named_and_of_those_replaced(
    two: tuple[Actor, Actor], volunteer_id: int
) -> None:
    first, second = two
    compound = B.create_compound(first, B.CompoundData("瑞景苑", area="一片区"))
    old = V.save_volunteer(first, V.VolunteerData("钱七"))
    V.assign_grid_role(first, old, "组长", compound_id=compound.id)
    assert Volunteer.get_by_id(old).version == 1
    editing_old = V.volunteer_data(old)  # the second seat opens the editor on the old 组长
    editing_new = V.volunteer_data(volunteer_id)
    assert V.assign_grid_role(first, volunteer_id, "组长", compound_id=compound.id) == ["钱七"]
    for vid, role in ((volunteer_id, "组长"), (old, "组员")):
        stored = Volunteer.get_by_id(vid)
        assert (stored.grid_role, stored.changed_by) == (role, "李四（lisi）")
    assert Volunteer.get_by_id(old).version == 2
    assert Volunteer.get_by_id(volunteer_id).version == 1
    for vid, editing in ((old, editing_old), (volunteer_id, editing_new)):
        with pytest.raises(V.VolunteerConflict) as refused:
            V.save_volunteer(second, V.VolunteerData(**{**editing.__dict__, "note": "x"}), vid)
        assert refused.value.who == "李四（lisi）"
    assert "网格角色：组长（瑞景苑）" in str(refused.value)


def test_a_stale_grid_role_is_refused_and_replaces_nobody(
    two: tuple[Actor, Actor], volunteer_id: int
) -> None:
    first, second = two
    compound = B.create_compound(first, B.CompoundData("瑞景苑"))
    holder = V.save_volunteer(first, V.VolunteerData("钱七"))
    V.assign_grid_role(first, holder, "组长", compound_id=compound.id)
    seen = V.volunteer_detail(volunteer_id, TODAY)
    V.change_status(first, volunteer_id, "伤病", TODAY)
    with pytest.raises(V.VolunteerConflict):
        V.assign_grid_role(
            second, volunteer_id, "组长", compound_id=compound.id, version=seen.version
        )
    assert Volunteer.get_by_id(volunteer_id).grid_role == "组员"
    assert Volunteer.get_by_id(holder).grid_role == "组长"


def test_a_write_between_the_read_and_the_write_is_refused(
    two: tuple[Actor, Actor], volunteer_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a version named, a status change is conditional on the version it read: a
    second seat's write between that read and the write refuses it, nothing half-written."""
    first, second = two
    read = Volunteer.get_by_id(volunteer_id)
    V.change_status(first, volunteer_id, "伤病", TODAY)  # lands after the second seat's read
    real_get = Volunteer.get_or_none
    reads = iter([read])
    monkeypatch.setattr(Volunteer, "get_or_none", lambda *a: next(reads, None) or real_get(*a))
    with pytest.raises(V.VolunteerConflict):
        V.change_status(second, volunteer_id, "离岗", TODAY)
    assert Volunteer.get_by_id(volunteer_id).status == "伤病"
    assert VolunteerStatusChange.select().count() == 1


# --- the other writes of a versioned record (point 3) -----------------------------------------


def test_a_sealing_moves_a_resident_volunteer_and_a_stale_save_is_refused(
    two: tuple[Actor, Actor], volunteer_id: int
) -> None:
    """A building sealed moves the volunteers living there to 居家隔离: that write raises
    their version, naming the sealing, so an editor open on one of them does not undo it."""
    from office_app.services.places import risk

    first, second = two
    building = B.create_building(first, B.BuildingData("兴茂盛世国际", "3栋", 2, 40))
    V.save_volunteer(
        first,
        V.VolunteerData(
            **{**V.volunteer_data(volunteer_id).__dict__, "home_building_id": building.id}
        ),
        volunteer_id,
    )
    editing = V.volunteer_data(volunteer_id)
    result = risk.change_risk(first, building.id, "高", reason="阳性 1 例")
    assert result.volunteers_isolated == ("赵六",)
    stored = Volunteer.get_by_id(volunteer_id)
    assert (stored.status, stored.changed_by, stored.version) == ("居家隔离", "楼栋封控", 2)
    with pytest.raises(V.VolunteerConflict) as refused:
        V.save_volunteer(second, V.VolunteerData(**{**editing.__dict__, "note": "x"}), volunteer_id)
    assert refused.value.who == "楼栋封控" and "状态：居家隔离" in str(refused.value)
    risk.change_risk(first, building.id, "低", reason="解封")
    stored = Volunteer.get_by_id(volunteer_id)
    assert (stored.status, stored.changed_by, stored.version) == ("在岗", "楼栋解封", 3)


def test_isolating_a_positive_raises_the_residents_version(two: tuple[Actor, Actor]) -> None:
    """核酸 page's 居家隔离 of a positive: the resident editor (which writes the control
    status) open on that resident before is refused instead of putting the isolation back."""
    from office_app.models import Building, Compound, Household, Resident
    from office_app.services.imports.tests import import_tests
    from office_app.services.people import residents as R
    from office_app.services.testing.followup import isolate_positive, positives

    first, second = two
    sample = Path(__file__).resolve().parents[1] / "fixtures" / "imports" / "test-site-utf8-bom.csv"
    building = Building.create(compound=Compound.create(name="翠柏园"), name="12栋")
    household, _ = Household.get_or_create(building=building, unit="2单元", room="18-2")
    huang = Resident.create(household=household, name="黄俊杰", doc_no="510214199111230352")
    import_tests(first, sample, moment=dt.datetime(2022, 11, 21, 10, 0))
    editing = R.stored(huang.id).data
    (found,) = positives(dt.datetime(2022, 11, 14))
    assert isolate_positive(first, found.record_id) == "黄俊杰"
    stored = Resident.get_by_id(huang.id)
    assert (stored.control_status, stored.changed_by) == ("居家隔离", "李四（lisi）")
    assert stored.version == editing.version + 1
    with pytest.raises(R.ResidentConflict) as refused:
        R.update(second, huang.id, R.ResidentData(**{**editing.__dict__, "note": "在家"}))
    assert refused.value.who == "李四（lisi）" and "管控状态：居家隔离" in str(refused.value)
    assert Resident.get_by_id(huang.id).control_status == "居家隔离"
