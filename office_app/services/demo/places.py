"""The places of 科城路社区 and the risk history of its buildings.

Five compounds along 科城路 and 二郎路 in two areas (片区): the high-rises of 兴茂盛世国际 and
恒基雍翠名门 in 一片区, the older six-storey blocks of 瑞景苑 and 科城佳苑 and the mid-rises of
盛景天下 in 二片区. Each has its gates (a gate is also a checkpoint, 卡点) and its numbered
buildings (1栋, 2栋, …) of a few units (单元), with two or three flats a floor. About 1,200
flats are lived in.

Three buildings carry the story of the last two weeks:

- 恒基雍翠名门6栋 had a confirmed case 13 days ago and was sealed (高) for seven days; the rule
  lowered it again after seven clean days and a negative last round. 徐李梦 and 王榆 live there.
- 兴茂盛世国际3栋 is sealed since four days ago: a pooled tube at the test site was positive
  and one resident's single-tube retest confirmed it (the test site's chapter writes that
  record; the sealing names it). Its residents stay at home, sampled and supplied at the door.
- 兴茂盛世国际4栋, where a close contact lives, is 中 since six days ago; today the rule proposes
  lowering it (the proposal is not written here: ``risk.refresh`` makes it from the data).

Two buildings (瑞景苑4栋, 盛景天下5栋) have no 小组长: the program flags them.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from office_app.models import Building, Compound, Gate, RiskChange, RiskProposal

from .world import Block, World, at


class CompoundPlan(NamedTuple):
    name: str
    address: str
    area: str
    gates: tuple[str, ...]
    buildings: int
    floors: tuple[int, int]  # fewest, most
    units: tuple[int, int]  # fewest, most


COMPOUNDS = (
    CompoundPlan(
        "兴茂盛世国际",
        "九龙坡区科城路71号",
        "一片区",
        ("东门", "南门", "西门"),
        8,
        (11, 18),
        (2, 3),
    ),
    CompoundPlan(
        "恒基雍翠名门", "九龙坡区科城路68号", "一片区", ("东门", "北门"), 6, (11, 17), (2, 2)
    ),
    CompoundPlan("瑞景苑", "九龙坡区二郎路12号", "二片区", ("南门",), 5, (6, 7), (3, 4)),
    CompoundPlan("科城佳苑", "九龙坡区科城路35号", "二片区", ("东门", "南门"), 4, (6, 7), (2, 3)),
    CompoundPlan("盛景天下", "九龙坡区二郎创业路8号", "二片区", ("北门",), 5, (9, 12), (2, 4)),
)
TARGET_HOUSEHOLDS = 1200

SEALED = ("兴茂盛世国际", "3栋")  # 高 since SEALED_DAY
MEDIUM = ("兴茂盛世国际", "4栋")  # 中 since MEDIUM_DAY; the rule proposes lowering it today
UNSEALED = ("恒基雍翠名门", "6栋")  # sealed UNSEAL_FROM … UNSEAL_TO (7 days), now 低
NO_LEADER = (("瑞景苑", "4栋"), ("盛景天下", "5栋"))  # no 小组长: the UI flags them
SEALED_DAY, UNSEAL_FROM, UNSEAL_TO = -4, -13, -6
MEDIUM_DAY = -6


class Layout(NamedTuple):
    """How many flats a building has: units × floors × doors a floor."""

    building: Block
    units: int
    floors: int
    doors: int

    @property
    def rooms(self) -> int:
        return self.units * self.floors * self.doors


def build(world: World) -> list[Layout]:
    """The compounds, their gates and buildings; each building's layout, for the residents."""
    layouts = [layout for plan in COMPOUNDS for layout in _compound(world, plan)]
    for layout in layouts:
        building = layout.building
        building.id = world.add(
            Building,
            compound=building.compound_id,
            name=building.name,
            units=layout.units,
            households_planned=layout.rooms,
            risk_level="低",
            clean_since=None,
            earliest_lowering=None,
            note="",
            created_at=world.t0,
        )
        world.buildings.append(building)
        world.by_key[building.key] = building
    return layouts


def _compound(world: World, plan: CompoundPlan) -> list[Layout]:
    rng = world.rng
    compound_id = world.add(
        Compound, name=plan.name, address=plan.address, area=plan.area, created_at=world.t0
    )
    world.compound_ids[plan.name] = compound_id
    gates = [world.add(Gate, compound=compound_id, name=gate) for gate in plan.gates]
    layouts = []
    for number in range(1, plan.buildings + 1):
        units = rng.randint(*plan.units)
        floors = rng.randint(*plan.floors)
        doors = 2 if floors > 9 else rng.randint(2, 3)
        building = Block(0, compound_id, plan.name, plan.address, plan.area, f"{number}栋", gates)
        layouts.append(Layout(building, units, floors, doors))
    return layouts


# --- the risk history -----------------------------------------------------------------------


class RiskEvent(NamedTuple):
    building: tuple[str, str]
    from_level: str
    to_level: str
    day: int
    time: tuple[int, int]  # hour, minute
    source: str  # manual, rule, test
    reason: str


# fmt: off
RISK_HISTORY = (
    # building, from, to, day, hour and minute, source; reason
    RiskEvent(UNSEALED, "低", "高", UNSEAL_FROM, (7, 30), "manual",
              "楼栋出现确诊病例（区疾控中心通报），划为高风险区"),
    RiskEvent(UNSEALED, "高", "低", UNSEAL_TO, (10, 0), "rule",
              "连续 7 天无新增阳性，末日核酸全员阴性，确认降为低风险"),
    # Caused by the positive single-tube retest the test site's chapter writes, which it names.
    RiskEvent(SEALED, "低", "高", SEALED_DAY, (6, 0), "test",
              "单管复核阳性（混管阳性后复核），整栋划为高风险区"),
    RiskEvent(MEDIUM, "低", "中", MEDIUM_DAY, (6, 30), "manual",
              "确诊病例的密接者居住楼栋，划为中风险区"),
)
# fmt: on
# The unsealing was proposed by the rule and confirmed by the admin (at the lowering's time).
UNSEAL_PROPOSAL = (UNSEAL_TO, 8, "连续 7 天无新增阳性，末日核酸全员阴性，建议降为低风险")


def risk_history(world: World) -> int:
    """The buildings' levels now and the changes that led there; the sealing change's id."""
    sealed, medium, unsealed = world.by_key[SEALED], world.by_key[MEDIUM], world.by_key[UNSEALED]
    sealed_day = world.day(SEALED_DAY)
    world.row(Building, sealed.id).update(
        risk_level="高",
        clean_since=sealed_day,
        earliest_lowering=sealed_day + dt.timedelta(days=5),
        note="单管复核阳性，整栋封控：足不出户、上门服务",
    )
    world.row(Building, medium.id).update(
        risk_level="中",
        clean_since=world.day(MEDIUM_DAY),
        note="确诊病例的密接者居住楼栋：人不出区、错峰取物",
    )
    unseal_from, unseal_to = world.day(UNSEAL_FROM), world.day(UNSEAL_TO)
    world.row(Building, unsealed.id)["note"] = (
        f"{unseal_from:%m月%d日}至{unseal_to:%m月%d日}封控 7 天，已解封"
    )
    offset, hour, reason = UNSEAL_PROPOSAL
    world.add(
        RiskProposal,
        building=unsealed.id,
        to_level="低",
        reason=reason,
        created_at=at(world.day(offset), hour),
        status="confirmed",
        decided_at=at(unseal_to, 10),
        decided_by="admin",
    )
    sealing = 0
    for event in RISK_HISTORY:
        change_id = world.add(
            RiskChange,
            building=world.by_key[event.building].id,
            from_level=event.from_level,
            to_level=event.to_level,
            changed_at=at(world.day(event.day), *event.time),
            reason=event.reason,
            source=event.source,
            test_record_id=None,
            operator=world.admin_id,
            operator_name="admin",
        )
        if event.source == "test":
            sealing = change_id
    return sealing


def sealed_on(world: World, building: Block, day: dt.date) -> bool:
    """Whether the building was sealed (高, residents at home) on ``day``."""
    if building.key == SEALED:
        return day >= world.day(SEALED_DAY)
    if building.key == UNSEALED:
        return world.day(UNSEAL_FROM) <= day < world.day(UNSEAL_TO)
    return False
