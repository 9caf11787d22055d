"""Compounds and buildings: validation, writes, audit, and refusals that name the reason."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from office_app.models import (
    AuditEntry,
    Building,
    Compound,
    Distribution,
    DistributionRound,
    ExitRequest,
    Gate,
    Household,
    Post,
    Resident,
    SupplyBatch,
    SupplyItem,
    TestRecord,
    Volunteer,
)
from office_app.services.admin.actor import SYSTEM, Actor, PermissionDenied
from office_app.services.places import buildings as B
from office_app.services.places import risk

READER = Actor("viewer", "查看员", "readonly", None)


@pytest.fixture
def xm(fresh_db: Path) -> Compound:
    return Compound.create(name="兴茂盛世国际", address="科城路71号", area="一片区")


def data(name: str = "9栋", compound: str = "兴茂盛世国际", units: int = 2, households: int = 40):
    return B.BuildingData(compound=compound, name=name, units=units, households=households)


def audit_actions() -> list[str]:
    return [e.action for e in AuditEntry.select().order_by(AuditEntry.id)]


# --- validation ---------------------------------------------------------------------------


def test_a_valid_building_has_no_problems(xm: Compound) -> None:
    assert B.validate_building(data()) == {}


@pytest.mark.parametrize(
    ("values", "field", "reason"),
    [
        ({"name": "  "}, "name", "请填写楼栋名称"),
        ({"name": "栋" * 33}, "name", "最多 32 个字"),
        ({"compound": ""}, "compound", "请选择或填写小区"),
        ({"units": 0}, "units", "单元数至少为 1"),
        ({"units": -2}, "units", "单元数至少为 1"),
        ({"units": 201}, "units", "不能超过 200"),
        ({"households": -1}, "households", "户数不能为负数"),
        ({"households": 10_001}, "households", "不能超过 10,000"),
    ],
)
def test_each_rule_names_its_field_and_reason(
    xm: Compound, values: dict[str, object], field: str, reason: str
) -> None:
    problems = B.validate_building(B.BuildingData(**{**data().__dict__, **values}))
    assert list(problems) == [field]
    assert reason in problems[field]


def test_zero_households_is_allowed(xm: Compound) -> None:
    assert B.validate_building(data(households=0)) == {}


def test_names_are_unique_within_a_compound_only(xm: Compound) -> None:
    Building.create(compound=xm, name="3栋")
    other = Compound.create(name="瑞景苑")
    problems = B.validate_building(data(name="3栋"))
    assert problems == {"name": "兴茂盛世国际 已有“3栋”。"}
    # full-width digits, stray spaces and "3号楼" are the same name, as in the import
    for typed in (" ３栋 ", "3号楼", "3幢", "3"):
        assert "name" in B.validate_building(data(name=typed)), typed
    # and so is the compound, however its name is spaced
    assert "name" in B.validate_building(data(name="3栋", compound="兴茂 盛世国际"))
    assert B.validate_building(data(name="3栋", compound=other.name)) == {}


def test_a_building_keeps_its_own_name_when_edited(xm: Compound) -> None:
    b3 = Building.create(compound=xm, name="3栋")
    assert B.validate_building(data(name="3栋"), building_id=b3.id) == {}


def test_a_new_compound_name_is_not_a_problem(xm: Compound) -> None:
    assert B.validate_building(data(compound="新建小区")) == {}
    assert B.find_compound("新建小区") is None
    found = B.find_compound(" 兴茂盛世 国际")
    assert found is not None and found.id == xm.id


def test_a_building_in_a_spaced_compound_name_goes_to_the_existing_one(xm: Compound) -> None:
    info = B.create_building(SYSTEM, data(compound="兴茂 盛世国际"))
    assert info.compound_id == xm.id and Compound.select().count() == 1


def test_compound_names_are_required_and_unique(xm: Compound) -> None:
    assert B.validate_compound(B.CompoundData("")) == {"name": "请填写小区名称。"}
    assert "已有" in B.validate_compound(B.CompoundData("兴茂盛世国际"))["name"]
    assert B.validate_compound(B.CompoundData("兴茂盛世国际"), compound_id=xm.id) == {}


# --- writes -------------------------------------------------------------------------------


def test_create_building_stores_cleaned_values_and_audits(xm: Compound) -> None:
    info = B.create_building(SYSTEM, data(name=" １２号楼 ", households=64))
    row = Building.get_by_id(info.id)
    assert (row.name, row.units, row.households_planned, row.risk_level) == ("12栋", 2, 64, "低")
    assert info.label == "兴茂盛世国际 12栋"
    entry = AuditEntry.get(AuditEntry.action == "building.create")
    assert entry.entity_id == info.id and entry.operator_name == "system"
    assert json.loads(entry.after)["households_planned"] == 64


def test_create_building_in_a_new_compound_creates_it(xm: Compound) -> None:
    info = B.create_building(SYSTEM, data(compound="科城佳苑", name="1栋"))
    assert Compound.get(Compound.name == "科城佳苑").id == info.compound_id
    assert audit_actions() == ["compound.create", "building.create"]


def test_create_refuses_invalid_data_with_the_problems(xm: Compound) -> None:
    with pytest.raises(B.BuildingError) as caught:
        B.create_building(SYSTEM, data(name="", units=0))
    assert set(caught.value.problems) == {"name", "units"}
    assert "单元数至少为 1" in str(caught.value)
    assert Building.select().count() == 0 and AuditEntry.select().count() == 0


def test_update_building_records_what_changed(xm: Compound) -> None:
    info = B.create_building(SYSTEM, data())
    updated = B.update_building(SYSTEM, info.id, data(name="9栋", units=3, households=40))
    assert updated.units == 3
    entry = AuditEntry.get(AuditEntry.action == "building.update")
    assert json.loads(entry.before) == {"units": 2} and json.loads(entry.after) == {"units": 3}
    # saving unchanged values writes nothing
    B.update_building(SYSTEM, info.id, data(name="9栋", units=3, households=40))
    assert audit_actions().count("building.update") == 1


def test_update_never_touches_the_risk_level(xm: Compound) -> None:
    b3 = Building.create(compound=xm, name="3栋", risk_level="高")
    B.update_building(SYSTEM, b3.id, data(name="3栋", units=4))
    assert Building.get_by_id(b3.id).risk_level == "高"


def test_moving_a_building_to_another_compound(xm: Compound) -> None:
    info = B.create_building(SYSTEM, data())
    other = Compound.create(name="瑞景苑")
    moved = B.update_building(SYSTEM, info.id, data(compound="瑞景苑"))
    assert moved.compound_id == other.id
    assert [b.name for b in B.buildings_of(other.id)] == ["9栋"]


def test_update_of_a_deleted_building_is_refused(xm: Compound) -> None:
    with pytest.raises(B.BuildingError, match="不存在"):
        B.update_building(SYSTEM, 999, data())


def test_a_readonly_operator_cannot_write(xm: Compound) -> None:
    b3 = Building.create(compound=xm, name="3栋")
    for call in (
        lambda: B.create_building(READER, data()),
        lambda: B.update_building(READER, b3.id, data(name="3栋")),
        lambda: B.delete_building(READER, b3.id),
        lambda: B.create_compound(READER, B.CompoundData("瑞景苑")),
        lambda: B.update_compound(READER, xm.id, B.CompoundData("瑞景苑")),
        lambda: B.delete_compound(READER, xm.id),
    ):
        with pytest.raises(PermissionDenied, match="只读"):
            call()
    # Nothing changed; each refusal is in the audit trail (issue 15, point 5).
    assert [e.action for e in AuditEntry.select()] == ["denied"] * 6


# --- deleting -----------------------------------------------------------------------------


def test_an_empty_building_is_deleted_and_audited(xm: Compound) -> None:
    info = B.create_building(SYSTEM, data())
    B.delete_building(SYSTEM, info.id)
    assert Building.get_or_none(Building.id == info.id) is None
    entry = AuditEntry.get(AuditEntry.action == "building.delete")
    assert entry.summary == "删除楼栋 兴茂盛世国际 9栋"
    assert json.loads(entry.before)["name"] == "9栋"


def _full_building(xm: Compound) -> Building:
    b3 = Building.create(compound=xm, name="3栋")
    household = Household.create(building=b3, unit="1单元", room="1-1")
    Resident.create(household=household, name="张三", doc_no="500107198001010010")
    Resident.create(household=household, name="李四", doc_no="500107198001010029")
    TestRecord.create(
        name="张三",
        doc_no="500107198001010010",
        sample_time=dt.datetime(2022, 11, 20, 8),
        building=b3,
    )
    Volunteer.create(name="王五", home_building=b3)
    Post.create(kind="巡逻", name="3栋楼内服务", building=b3)
    batch = SupplyBatch.create(source="街道调拨", received_on=dt.date(2022, 11, 20))
    item = SupplyItem.create(batch=batch, name="大米", category="生活物资", quantity=10)
    Distribution.create(
        round=DistributionRound.create(name="第一轮", planned_on=dt.date(2022, 11, 20)),
        item=item,
        building=b3,
        quantity=2,
    )
    return b3


def test_delete_is_refused_naming_everything_that_points_at_it(xm: Compound) -> None:
    b3 = _full_building(xm)
    with pytest.raises(B.BuildingError) as caught:
        B.delete_building(SYSTEM, b3.id)
    message = str(caught.value)
    assert message.startswith("不能删除 兴茂盛世国际 3栋：")
    for part in ("1 户登记住户（2 名居民）", "1 条核酸记录", "1 名住在本楼的志愿者"):
        assert part in message
    assert "1 条物资分发记录" in message and "1 个楼内岗位" in message
    assert Building.get_or_none(Building.id == b3.id) is not None
    assert AuditEntry.select().count() == 0


def test_risk_history_keeps_a_building(xm: Compound) -> None:
    b3 = Building.create(compound=xm, name="3栋")
    risk.change_risk(SYSTEM, b3.id, "中", reason="相邻楼栋出现阳性")
    with pytest.raises(B.BuildingError, match="1 条风险等级调整记录"):
        B.delete_building(SYSTEM, b3.id)


def test_references_count_what_the_detail_panel_shows(xm: Compound) -> None:
    b3 = _full_building(xm)
    refs = B.references(b3.id)
    assert (refs.households, refs.residents, refs.tests) == (1, 2, 1)
    assert (refs.volunteers_living, refs.volunteers_on_duty_living) == (1, 1)
    assert (refs.posts, refs.distributions, refs.risk_changes) == (1, 1, 0)
    assert B.references(Building.create(compound=xm, name="5栋").id).blockers() == []


# --- compounds ----------------------------------------------------------------------------


def test_compounds_are_listed_with_their_building_counts(xm: Compound) -> None:
    B.create_building(SYSTEM, data(name="1栋"))
    B.create_building(SYSTEM, data(name="2栋"))
    B.create_compound(SYSTEM, B.CompoundData("瑞景苑", "二郎路12号", "二片区"))
    assert [(c.name, c.buildings) for c in B.compounds()] == [("兴茂盛世国际", 2), ("瑞景苑", 0)]


def test_update_compound_renames_and_audits(xm: Compound) -> None:
    info = B.update_compound(SYSTEM, xm.id, B.CompoundData("兴茂盛世", "科城路71号", "一片区"))
    assert info.name == "兴茂盛世"
    assert AuditEntry.get(AuditEntry.action == "compound.update").summary.endswith("→ 兴茂盛世")


def test_a_compound_with_buildings_is_not_deleted(xm: Compound) -> None:
    B.create_building(SYSTEM, data())
    with pytest.raises(B.BuildingError, match="不能删除小区 兴茂盛世国际：还有 1 栋楼"):
        B.delete_compound(SYSTEM, xm.id)


def test_an_empty_compound_is_deleted_with_its_gates(xm: Compound) -> None:
    Gate.create(compound=xm, name="东门")
    B.delete_compound(SYSTEM, xm.id)
    assert Compound.select().count() == 0 and Gate.select().count() == 0
    assert json.loads(AuditEntry.get(AuditEntry.action == "compound.delete").before)["gates"] == [
        "东门"
    ]


def test_a_gate_with_exit_requests_keeps_its_compound(xm: Compound) -> None:
    gate = Gate.create(compound=xm, name="东门")
    other = Compound.create(name="瑞景苑")
    b1 = Building.create(compound=other, name="1栋")
    household = Household.create(building=b1, unit="1单元", room="1-1")
    resident = Resident.create(household=household, name="张三", doc_no="500107198001010010")
    ExitRequest.create(resident=resident, gate=gate, reason="就医")
    with pytest.raises(B.BuildingError, match="1 条经由本小区卡点的外出申请"):
        B.delete_compound(SYSTEM, xm.id)
