"""Compounds (小区) and buildings (楼栋): create, edit and delete, with their rules.

- Names are required, trimmed and NFKC-normalised (full-width ``３栋`` is ``3栋``); a
  compound's name is unique, a building's name is unique within its compound.
- A building has at least one unit and zero or more (planned) households.
- A record is deleted only while nothing points at it; the refusal names what does.
- Every write is audited and needs an operator who may write. Risk levels are not edited
  here: they change only through ``services.places.risk.change_risk``.

Plain dataclasses out, no Qt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

import peewee as pw

from office_app.models import (
    Building,
    Compound,
    Distribution,
    ExitRequest,
    Gate,
    Household,
    Post,
    Resident,
    RiskChange,
    ServiceRecord,
    TestRecord,
    Volunteer,
    db,
)
from office_app.models.people import CONTROL_ISOLATION
from office_app.models.volunteers import STATUS_ON_DUTY

from ..admin import audit, seats
from ..admin.actor import Actor, require_write
from ..choices import natural_key
from ..imports.buildings import (
    BUILDING_NAME_MAX,
    COMPOUND_NAME_MAX,
    MAX_HOUSEHOLDS,
    MAX_UNITS,
    clean_name,
    compound_key,
    normalize_building_name,
)
from . import risk

NAME_MAX = BUILDING_NAME_MAX
COMPOUND_MAX = COMPOUND_NAME_MAX
ADDRESS_MAX = 200
AREA_MAX = 64
# The same limits as the buildings import: a building edited here may have come from a file.
UNITS_MAX = MAX_UNITS
HOUSEHOLDS_MAX = MAX_HOUSEHOLDS


class BuildingError(ValueError):
    """A write that cannot be made. ``problems`` maps a field to its reason (Chinese)."""

    def __init__(self, message: str, problems: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.problems = dict(problems or {})


class BuildingConflict(seats.StaleRecord, BuildingError):
    """Another seat saved the building (or compound) after this one read it."""


@dataclass(frozen=True)
class BuildingData:
    """What the user enters for a building. A compound name not yet known creates it.

    ``version`` is the version the editor started from (None: overwrite whatever is stored).
    """

    compound: str
    name: str
    units: int
    households: int
    note: str = ""
    version: int | None = None


@dataclass(frozen=True)
class CompoundData:
    name: str
    address: str = ""
    area: str = ""
    # The version the editor started from (None: overwrite whatever is stored).
    version: int | None = None


@dataclass(frozen=True)
class BuildingInfo:
    id: int
    compound_id: int
    compound: str
    name: str
    units: int
    households_planned: int
    risk_level: str
    clean_since: dt.date | None
    earliest_lowering: dt.date | None
    note: str
    version: int = 0

    @property
    def label(self) -> str:
        return f"{self.compound} {self.name}"

    def as_data(self) -> BuildingData:
        return BuildingData(
            self.compound, self.name, self.units, self.households_planned, self.note, self.version
        )


@dataclass(frozen=True)
class CompoundInfo:
    id: int
    name: str
    address: str
    area: str
    buildings: int
    version: int = 0


@dataclass(frozen=True)
class BuildingReferences:
    """What points at a building: each one keeps it from being deleted."""

    households: int = 0
    residents: int = 0
    residents_isolated: int = 0
    tests: int = 0
    volunteers_living: int = 0
    volunteers_on_duty_living: int = 0
    grid_volunteers: int = 0
    distributions: int = 0
    posts: int = 0
    service_records: int = 0
    risk_changes: int = 0

    def blockers(self) -> list[str]:
        found = []
        if self.households:
            found.append(f"{self.households:,} 户登记住户（{self.residents:,} 名居民）")
        for key, words in BLOCKER_WORDS:
            count = getattr(self, key)
            if count:
                found.append(f"{count:,} {words}")
        return found


# What else keeps a building from being deleted, in the order the refusal names it.
BLOCKER_WORDS = (
    ("tests", "条核酸记录"),
    ("volunteers_living", "名住在本楼的志愿者"),
    ("grid_volunteers", "名以本楼为网格的志愿者（小组长）"),
    ("distributions", "条物资分发记录"),
    ("posts", "个楼内岗位"),
    ("service_records", "条志愿服务记录"),
    ("risk_changes", "条风险等级调整记录"),
)


# --- names and values -------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Trimmed, NFKC-normalised (full-width letters and digits become half-width)."""
    return clean_name(text or "")


def building_name(text: str) -> str:
    """The name a building is saved under: the import's rule ("3号楼", "３幢" → "3栋")."""
    return normalize_building_name(text or "")


def _compound_by_name(name: str) -> Compound | None:
    """The compound of that name, matched as the import matches (spaces, full-width aside)."""
    key = compound_key(name)
    exact: Compound | None = Compound.get_or_none(Compound.name == clean_text(name))
    if exact is not None:
        return exact
    for compound in Compound.select():
        if compound_key(compound.name) == key:
            found: Compound = compound
            return found
    return None


def _same_building(compound_id: int, name: str) -> Building | None:
    """The building of the compound whose normalised name is ``name``."""
    for building in Building.select().where(Building.compound == compound_id):
        if normalize_building_name(building.name) == name:
            found: Building = building
            return found
    return None


def validate_compound(data: CompoundData, compound_id: int | None = None) -> dict[str, str]:
    """Problems of ``data`` by field (``name``, ``address``, ``area``); empty when valid."""
    problems: dict[str, str] = {}
    name = clean_text(data.name)
    if not name:
        problems["name"] = "请填写小区名称。"
    elif len(name) > COMPOUND_MAX:
        problems["name"] = f"小区名称最多 {COMPOUND_MAX} 个字。"
    else:
        other = _compound_by_name(name)
        if other is not None and other.id != compound_id:
            problems["name"] = f"已有名为“{other.name}”的小区。"
    if len(clean_text(data.address)) > ADDRESS_MAX:
        problems["address"] = f"地址最多 {ADDRESS_MAX} 个字。"
    if len(clean_text(data.area)) > AREA_MAX:
        problems["area"] = f"片区名称最多 {AREA_MAX} 个字。"
    return problems


def validate_building(data: BuildingData, building_id: int | None = None) -> dict[str, str]:
    """Problems of ``data`` by field (``compound``, ``name``, ``units``, ``households``).

    An unknown compound name is not a problem: saving creates that compound.
    """
    problems: dict[str, str] = {}
    compound_name = clean_text(data.compound)
    compound = None
    if not compound_name:
        problems["compound"] = "请选择或填写小区。"
    elif len(compound_name) > COMPOUND_MAX:
        problems["compound"] = f"小区名称最多 {COMPOUND_MAX} 个字。"
    else:
        compound = _compound_by_name(compound_name)
    name = building_name(data.name)
    if not name:
        problems["name"] = "请填写楼栋名称，例如“3栋”。"
    elif len(name) > NAME_MAX:
        problems["name"] = f"楼栋名称最多 {NAME_MAX} 个字。"
    elif compound is not None:
        other = _same_building(compound.id, name)
        if other is not None and other.id != building_id:
            problems["name"] = f"{compound_name} 已有“{name}”。"
    if not isinstance(data.units, int) or data.units < 1:
        problems["units"] = "单元数至少为 1。"
    elif data.units > UNITS_MAX:
        problems["units"] = f"单元数不能超过 {UNITS_MAX}。"
    if not isinstance(data.households, int) or data.households < 0:
        problems["households"] = "户数不能为负数。"
    elif data.households > HOUSEHOLDS_MAX:
        problems["households"] = f"户数不能超过 {HOUSEHOLDS_MAX:,}。"
    return problems


def _raise_problems(problems: dict[str, str]) -> None:
    if problems:
        raise BuildingError("".join(problems.values()), problems)


# --- reading ----------------------------------------------------------------------------------


def _info(building: Building) -> BuildingInfo:
    return BuildingInfo(
        building.id,
        building.compound.id,
        building.compound.name,
        building.name,
        building.units,
        building.households_planned,
        building.risk_level,
        building.clean_since,
        building.earliest_lowering,
        building.note,
        building.version,
    )


def _building(building_id: int) -> Building:
    building: Building | None = (
        Building.select(Building, Compound).join(Compound).where(Building.id == building_id).first()
    )
    if building is None:
        raise BuildingError(f"楼栋 {building_id} 不存在（可能已被删除）。")
    return building


def get_building(building_id: int) -> BuildingInfo:
    return _info(_building(building_id))


def compounds() -> list[CompoundInfo]:
    rows = (
        Building.select(Building.compound, pw.fn.COUNT(Building.id))
        .group_by(Building.compound)
        .tuples()
    )
    counts = dict(cast(list[tuple[int, int]], list(rows)))
    return [
        CompoundInfo(c.id, c.name, c.address, c.area, int(counts.get(c.id, 0)), c.version)
        for c in Compound.select().order_by(Compound.name)
    ]


def find_compound(name: str) -> CompoundInfo | None:
    """The compound a typed name means (as the import matches names), or None."""
    compound = _compound_by_name(name) if clean_text(name) else None
    return get_compound(compound.id) if compound is not None else None


def get_compound(compound_id: int) -> CompoundInfo:
    compound = Compound.get_or_none(Compound.id == compound_id)
    if compound is None:
        raise BuildingError(f"小区 {compound_id} 不存在（可能已被删除）。")
    count = Building.select().where(Building.compound == compound.id).count()
    return CompoundInfo(
        compound.id, compound.name, compound.address, compound.area, count, compound.version
    )


def buildings_of(compound_id: int) -> list[BuildingInfo]:
    rows = list(
        Building.select(Building, Compound).join(Compound).where(Building.compound == compound_id)
    )
    rows.sort(key=lambda b: natural_key(b.name))
    return [_info(b) for b in rows]


def references(building_id: int) -> BuildingReferences:
    """Everything that points at the building, counted."""
    households = Household.select().where(Household.building == building_id)
    residents = Resident.select().join(Household).where(Household.building == building_id)
    living = Volunteer.select().where(Volunteer.home_building == building_id)
    return BuildingReferences(
        households=households.count(),
        residents=residents.count(),
        residents_isolated=residents.where(Resident.control_status == CONTROL_ISOLATION).count(),
        tests=TestRecord.select().where(TestRecord.building == building_id).count(),
        volunteers_living=living.count(),
        volunteers_on_duty_living=living.where(Volunteer.status == STATUS_ON_DUTY).count(),
        grid_volunteers=Volunteer.select().where(Volunteer.grid_building == building_id).count(),
        distributions=Distribution.select().where(Distribution.building == building_id).count(),
        posts=Post.select().where(Post.building == building_id).count(),
        service_records=ServiceRecord.select().where(ServiceRecord.building == building_id).count(),
        risk_changes=RiskChange.select().where(RiskChange.building == building_id).count(),
    )


# --- compounds --------------------------------------------------------------------------------


def _compound_values(data: CompoundData) -> dict[str, str]:
    return {
        "name": clean_text(data.name),
        "address": clean_text(data.address),
        "area": clean_text(data.area),
    }


def create_compound(actor: Actor, data: CompoundData) -> CompoundInfo:
    require_write(actor)
    _raise_problems(validate_compound(data))
    values = _compound_values(data)
    with db.atomic():
        compound = Compound.create(**values)
        audit.record(
            actor,
            "compound.create",
            entity="compound",
            entity_id=compound.id,
            summary=f"新建小区 {compound.name}",
            after=values,
        )
    return get_compound(compound.id)


def compound_conflict(compound_id: int) -> BuildingError:
    """Why a save of the compound that came second is refused: who saved it first, when, and
    what it holds now (or that it was deleted)."""
    compound = Compound.get_or_none(Compound.id == compound_id)
    if compound is None:
        return BuildingError(f"小区 {compound_id} 已被另一席位删除，您的修改没有保存。")
    return seats.stale(
        BuildingConflict,
        entity="compound",
        entity_id=compound_id,
        what=f"小区 {compound.name} ",
        current={"名称": compound.name, "地址": compound.address, "片区": compound.area},
        version=compound.version,
        changed_by=compound.changed_by,
        changed_at=compound.changed_at,
    )


def check_compound_current(compound_id: int, version: int | None) -> None:
    """Raise the refusal :func:`update_compound` would raise when the stored compound is no
    longer at ``version`` (the editor checks before it closes)."""
    if version is not None and seats.current_version(Compound, compound_id) != version:
        raise compound_conflict(compound_id)


def update_compound(actor: Actor, compound_id: int, data: CompoundData) -> CompoundInfo:
    require_write(actor)
    _raise_problems(validate_compound(data, compound_id))
    values = _compound_values(data)
    with db.atomic():
        compound = Compound.get_or_none(Compound.id == compound_id)
        if compound is None:
            raise BuildingError(f"小区 {compound_id} 不存在（可能已被删除）。")
        before = {"name": compound.name, "address": compound.address, "area": compound.area}
        if before == values:
            return get_compound(compound_id)
        query = Compound.update({**values, **seats.stamp(Compound, seats.actor_label(actor))})
        query = query.where(Compound.id == compound_id)
        if data.version is not None:  # refused when another seat saved in between
            query = query.where(Compound.version == data.version)
        seats.claim(query, lambda: compound_conflict(compound_id))
        audit.record(
            actor,
            "compound.update",
            entity="compound",
            entity_id=compound_id,
            summary=f"修改小区 {before['name']}"
            + (f" → {values['name']}" if values["name"] != before["name"] else ""),
            before=before,
            after=values,
        )
    return get_compound(compound_id)


def delete_compound(actor: Actor, compound_id: int) -> None:
    """Delete an empty compound (its gates go with it)."""
    require_write(actor)
    with db.atomic():
        compound = Compound.get_or_none(Compound.id == compound_id)
        if compound is None:
            raise BuildingError(f"小区 {compound_id} 不存在（可能已被删除）。")
        found = []
        n = Building.select().where(Building.compound == compound_id).count()
        if n:
            found.append(f"{n:,} 栋楼")
        n = Post.select().where(Post.compound == compound_id).count()
        if n:
            found.append(f"{n:,} 个岗位")
        n = Volunteer.select().where(Volunteer.grid_compound == compound_id).count()
        if n:
            found.append(f"{n:,} 名以本小区为网格的志愿者（组长）")
        n = ExitRequest.select().join(Gate).where(Gate.compound == compound_id).count()
        if n:
            found.append(f"{n:,} 条经由本小区卡点的外出申请")
        if found:
            raise BuildingError(
                f"不能删除小区 {compound.name}：还有 {'、'.join(found)}。请先将它们移走或删除。"
            )
        gates = [g.name for g in Gate.select(Gate.name).where(Gate.compound == compound_id)]
        before = {
            "name": compound.name,
            "address": compound.address,
            "area": compound.area,
            "gates": gates,
        }
        Gate.delete().where(Gate.compound == compound_id).execute()
        compound.delete_instance()
        audit.record(
            actor,
            "compound.delete",
            entity="compound",
            entity_id=compound_id,
            summary=f"删除小区 {before['name']}",
            before=before,
        )


# --- buildings --------------------------------------------------------------------------------

BUILDING_LABELS = {
    "compound": "小区",
    "name": "楼栋",
    "units": "单元数",
    "households_planned": "计划户数",
    "note": "备注",
}


def building_conflict(building_id: int) -> BuildingError:
    """Why a save of the building that came second is refused: who saved it first, when, and
    what it holds now (or that it was deleted)."""
    building: Building | None = (
        Building.select(Building, Compound).join(Compound).where(Building.id == building_id).first()
    )
    if building is None:
        return BuildingError(f"楼栋 {building_id} 已被另一席位删除，您的修改没有保存。")
    values = _building_values(building)
    return seats.stale(
        BuildingConflict,
        entity="building",
        entity_id=building_id,
        what=f"楼栋 {building.compound.name} {building.name} ",
        current={label: str(values[key]) for key, label in BUILDING_LABELS.items()},
        version=building.version,
        changed_by=building.changed_by,
        changed_at=building.changed_at,
    )


def check_current(building_id: int, version: int | None) -> None:
    """Raise the refusal :func:`update_building` would raise when the stored building is no
    longer at ``version`` (the editor checks before it closes)."""
    if version is not None and seats.current_version(Building, building_id) != version:
        raise building_conflict(building_id)


def _building_values(building: Building) -> dict[str, Any]:
    return {
        "compound": building.compound.name,
        "name": building.name,
        "units": building.units,
        "households_planned": building.households_planned,
        "note": building.note,
    }


def _compound_for(actor: Actor, name: str) -> Compound:
    """The compound called ``name``, created (and audited) when it does not exist yet."""
    compound = _compound_by_name(name)
    if compound is not None:
        return compound
    info = create_compound(actor, CompoundData(name))
    created: Compound = Compound.get_by_id(info.id)
    return created


def create_building(actor: Actor, data: BuildingData) -> BuildingInfo:
    """A new building (level 低). A compound name not yet known creates the compound."""
    require_write(actor)
    _raise_problems(validate_building(data))
    with db.atomic():
        compound = _compound_for(actor, clean_text(data.compound))
        building = Building.create(
            compound=compound,
            name=building_name(data.name),
            units=data.units,
            households_planned=data.households,
            note=data.note.strip(),
        )
        building = _building(building.id)
        audit.record(
            actor,
            "building.create",
            entity="building",
            entity_id=building.id,
            summary=f"新建楼栋 {compound.name} {building.name}",
            after=_building_values(building),
        )
    return _info(building)


def update_building(actor: Actor, building_id: int, data: BuildingData) -> BuildingInfo:
    """Change name, compound, units, households or note (never the risk level)."""
    require_write(actor)
    _raise_problems(validate_building(data, building_id))
    with db.atomic():
        building = _building(building_id)
        before = _building_values(building)
        compound = _compound_for(actor, clean_text(data.compound))
        building.compound = compound
        building.name = building_name(data.name)
        building.units = data.units
        building.households_planned = data.households
        building.note = data.note.strip()
        after = _building_values(building)
        if after == before:
            return _info(building)
        seats.save_versioned(
            building,
            data.version,
            lambda: building_conflict(building_id),
            by=seats.actor_label(actor),
            only=[
                Building.compound,
                Building.name,
                Building.units,
                Building.households_planned,
                Building.note,
            ],
        )
        changed = [key for key in after if after[key] != before[key]]
        audit.record(
            actor,
            "building.update",
            entity="building",
            entity_id=building_id,
            summary=f"修改楼栋 {before['compound']} {before['name']}（{'、'.join(changed)}）",
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return _info(building)


def delete_building(actor: Actor, building_id: int) -> None:
    """Delete a building nothing points at; otherwise refuse, naming what still does."""
    require_write(actor)
    with db.atomic():
        building = _building(building_id)
        label = f"{building.compound.name} {building.name}"
        found = references(building_id).blockers()
        if found:
            raise BuildingError(
                f"不能删除 {label}：本楼还有 {'、'.join(found)}。请先将它们移走或删除。"
            )
        before = {**_building_values(building), "risk_level": building.risk_level}
        building.delete_instance()
        audit.record(
            actor,
            "building.delete",
            entity="building",
            entity_id=building_id,
            summary=f"删除楼栋 {label}",
            before=before,
        )


# --- what the buildings page shows about one building -------------------------------------------


@dataclass(frozen=True)
class BuildingDetail:
    info: BuildingInfo
    references: BuildingReferences
    lowering: risk.LoweringStatus
    clean_days: int | None
    days_left: int | None
    history: tuple[risk.ChangeInfo, ...]
    monitoring_days: int


def detail(building_id: int, today: dt.date) -> BuildingDetail:
    """One building with its counts, its lowering status under the rule and its history."""
    building = _building(building_id)
    rule = risk.Rule.from_settings()
    status = risk.lowering_status(building, today, rule)
    earliest = status.earliest
    left = max((earliest - today).days, 0) if earliest else None
    return BuildingDetail(
        info=_info(building),
        references=references(building_id),
        lowering=status,
        clean_days=status.clean_days,
        days_left=left,
        history=tuple(risk.history(building_id)),
        monitoring_days=rule.monitoring_days,
    )
