"""Naming a grid leader against what the seat saw (V.grid_seen, read when the 指定组长 dialog
opens or a drag starts): another seat's change of the post's holders in between refuses it,
naming who and when, and nothing is written; a holder changed between the service's own read
and its write is not demoted behind that change's back."""

from __future__ import annotations

from pathlib import Path

import pytest

from office_app.models import Operator, Volunteer
from office_app.services.admin.actor import Actor
from office_app.services.places import buildings as B
from office_app.services.volunteers import register as V


def operator(username: str, display: str) -> Actor:
    op = Operator.create(username=username, display_name=display, role="duty", password_hash="x")
    return Actor(username, display, "duty", op.id)


@pytest.fixture
def two(fresh_db: Path) -> tuple[Actor, Actor]:
    return operator("lisi", "李四"), operator("wangwu", "王五")


def test_a_post_whose_holders_changed_since_the_seat_saw_it_is_refused(
    two: tuple[Actor, Actor],
) -> None:
    first, second = two
    compound = B.create_compound(first, B.CompoundData("瑞景苑", area="一片区"))
    x = V.save_volunteer(first, V.VolunteerData("赵六"))
    y = V.save_volunteer(first, V.VolunteerData("钱七"))
    seen = V.grid_seen()  # the second seat's dialog opens: nobody leads 瑞景苑
    assert seen.post("compound", compound.id) == ()
    V.assign_grid_role(first, y, "组长", compound_id=compound.id)
    with pytest.raises(V.VolunteerConflict) as refused:
        V.assign_grid_role(
            second,
            x,
            "组长",
            compound_id=compound.id,
            version=seen.versions[x],
            holders=seen.post("compound", compound.id),
        )
    stored = Volunteer.get_by_id(y)
    assert refused.value.who == "李四（lisi）" and refused.value.when == stored.changed_at
    assert "瑞景苑的组长已被 李四（lisi） 于" in str(refused.value)
    assert "现任组长：钱七" in str(refused.value)
    assert (stored.grid_role, Volunteer.get_by_id(x).grid_role) == ("组长", "组员")
    assert Volunteer.get_by_id(x).version == seen.versions[x]  # nothing written

    # Seen again, the naming goes through and replaces 钱七.
    again = V.grid_seen()
    assert again.post("compound", compound.id) == (y,)
    replaced = V.assign_grid_role(
        second,
        x,
        "组长",
        compound_id=compound.id,
        version=again.versions[x],
        holders=again.post("compound", compound.id),
    )
    assert replaced == ["钱七"]
    assert Volunteer.get_by_id(y).grid_role == "组员"


def test_a_holder_removed_meanwhile_also_refuses_and_is_named(
    two: tuple[Actor, Actor],
) -> None:
    first, second = two
    compound = B.create_compound(first, B.CompoundData("瑞景苑", area="一片区"))
    x = V.save_volunteer(first, V.VolunteerData("赵六"))
    y = V.save_volunteer(first, V.VolunteerData("钱七"))
    V.assign_grid_role(first, y, "组长", compound_id=compound.id)
    seen = V.grid_seen()
    V.assign_grid_role(first, y, "组员")  # the first seat takes 钱七 off the post
    with pytest.raises(V.VolunteerConflict) as refused:
        V.assign_grid_role(
            second,
            x,
            "组长",
            compound_id=compound.id,
            holders=seen.post("compound", compound.id),
            replace=False,
        )
    assert refused.value.who == "李四（lisi）"
    assert Volunteer.get_by_id(x).grid_role == "组员"


def test_a_holder_changed_between_the_services_read_and_its_write_is_not_demoted(
    two: tuple[Actor, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The holders are read inside the write; one changed by another write after that read
    (here: simulated by raising his version under the service) refuses the whole naming."""
    first, second = two
    compound = B.create_compound(first, B.CompoundData("瑞景苑"))
    x = V.save_volunteer(first, V.VolunteerData("赵六"))
    y = V.save_volunteer(first, V.VolunteerData("钱七"))
    V.assign_grid_role(first, y, "组长", compound_id=compound.id)
    real = V._post_holders

    def holders_then_a_write(role, values):  # type: ignore[no-untyped-def]
        present = list(real(role, values))
        Volunteer.update(version=Volunteer.version + 1, note="另一席位").where(
            Volunteer.id == y
        ).execute()
        return present

    monkeypatch.setattr(V, "_post_holders", holders_then_a_write)
    with pytest.raises(V.VolunteerConflict):
        V.assign_grid_role(second, x, "组长", compound_id=compound.id)
    assert Volunteer.get_by_id(y).grid_role == "组长"
    assert Volunteer.get_by_id(x).grid_role == "组员"
