"""Supplies: the stock ledger, earliest expiry first, corrections, allocation, deliveries, PPE."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import peewee as pw
import pytest

from office_app.models import (
    AuditEntry,
    Building,
    Compound,
    Distribution,
    Household,
    LedgerEntry,
    Post,
    Resident,
    ResidentGroup,
    ServiceRecord,
    Shift,
    SupplyItem,
    Volunteer,
)
from office_app.services.admin.actor import ROLE_READONLY, SYSTEM, Actor, PermissionDenied
from office_app.services.supplies import stock as S

TODAY = dt.date(2022, 11, 22)
NOON = dt.datetime(2022, 11, 22, 12, 0)


def batch(*items: S.ItemLine, received: dt.date = TODAY - dt.timedelta(days=3)) -> int:
    return S.receive_batch(
        SYSTEM, S.BatchData("街道调拨", "二郎街道办事处", received, tuple(items))
    )


def item_ids(name: str) -> list[int]:
    return [
        i.id for i in SupplyItem.select().where(SupplyItem.name == name).order_by(SupplyItem.id)
    ]


def stock(item_id: int) -> int:
    return S.item_stock(item_id)


# --- the ledger ----------------------------------------------------------------------------


def test_receiving_a_batch_writes_items_and_receipt_entries(fresh_db: Path) -> None:
    batch(
        S.ItemLine("蔬菜包", "生活物资", "份", 300, TODAY + dt.timedelta(days=3)),
        S.ItemLine("N95口罩", "防护物资", "个", 1000, None),
    )
    veg, n95 = item_ids("蔬菜包")[0], item_ids("N95口罩")[0]
    assert stock(veg) == 300 and stock(n95) == 1000
    kinds = [(e.kind, e.quantity) for e in LedgerEntry.select().order_by(LedgerEntry.id)]
    assert kinds == [("receipt", 300), ("receipt", 1000)]
    assert AuditEntry.select().where(AuditEntry.action == "supplies.receive").count() == 1


def test_a_bad_batch_is_refused_whole(fresh_db: Path) -> None:
    with pytest.raises(S.SupplyError, match=r"第 2 项.*数量必须大于 0"):
        batch(
            S.ItemLine("大米", "生活物资", "袋", 10),
            S.ItemLine("食用油", "生活物资", "桶", 0),
        )
    with pytest.raises(S.SupplyError, match="类别"):
        batch(S.ItemLine("大米", "粮食", "袋", 10))
    assert SupplyItem.select().count() == 0
    assert LedgerEntry.select().count() == 0


def test_read_only_operator_cannot_receive(fresh_db: Path) -> None:
    reader = Actor("r", "只读", ROLE_READONLY)
    with pytest.raises(PermissionDenied):
        S.receive_batch(
            reader, S.BatchData("采购", "x", TODAY, (S.ItemLine("大米", "生活物资", "袋", 1),))
        )


def test_issuing_takes_the_earliest_expiry_first(fresh_db: Path) -> None:
    # Received in this order: no expiry, late expiry, early expiry.
    batch(S.ItemLine("布洛芬", "药品", "盒", 10, None), received=TODAY - dt.timedelta(days=9))
    batch(S.ItemLine("布洛芬", "药品", "盒", 10, TODAY + dt.timedelta(days=300)))
    batch(S.ItemLine("布洛芬", "药品", "盒", 10, TODAY + dt.timedelta(days=20)))
    none, late, early = item_ids("布洛芬")
    takes = S.plan_take("布洛芬", 15, TODAY)
    assert takes == [S.Take(early, 10), S.Take(late, 5)]
    assert [lot.item_id for lot in S.lots("布洛芬", today=TODAY)] == [early, late, none]


def test_an_expired_lot_is_never_issued(fresh_db: Path) -> None:
    batch(S.ItemLine("连花清瘟胶囊", "药品", "盒", 30, TODAY - dt.timedelta(days=1)))
    batch(S.ItemLine("连花清瘟胶囊", "药品", "盒", 5, TODAY + dt.timedelta(days=100)))
    expired, good = item_ids("连花清瘟胶囊")
    assert S.usable_stock("连花清瘟胶囊", TODAY) == 5
    assert S.plan_take("连花清瘟胶囊", 5, TODAY) == [S.Take(good, 5)]
    with pytest.raises(S.ShortfallError) as info:
        S.plan_take("连花清瘟胶囊", 6, TODAY)
    assert info.value.shortfall == 1
    assert "需要 6盒，可用 5盒，缺 1盒" in str(info.value)
    assert stock(expired) == 30


def test_expiry_status_red_and_orange() -> None:
    assert S.expiry_status(TODAY - dt.timedelta(days=1), TODAY) == S.EXPIRED
    assert S.expiry_status(TODAY, TODAY) == S.EXPIRING
    assert S.expiry_status(TODAY + dt.timedelta(days=7), TODAY) == S.EXPIRING
    assert S.expiry_status(TODAY + dt.timedelta(days=8), TODAY) == ""
    assert S.expiry_status(None, TODAY) == ""
    assert S.EXPIRY_COLORS[S.EXPIRED] == "#D32F2F"
    assert S.EXPIRY_COLORS[S.EXPIRING] == "#F57C00"


def test_a_loss_larger_than_the_stock_is_refused_and_names_the_shortfall(fresh_db: Path) -> None:
    batch(S.ItemLine("蔬菜包", "生活物资", "份", 12))
    veg = item_ids("蔬菜包")[0]
    with pytest.raises(S.ShortfallError, match="缺 3份"):
        S.record_loss(SYSTEM, veg, 15, "腐烂")
    assert stock(veg) == 12
    S.record_loss(SYSTEM, veg, 12, "腐烂报损")
    assert stock(veg) == 0
    with pytest.raises(S.ShortfallError):
        S.record_loss(SYSTEM, veg, 1, "再报损")
    with pytest.raises(S.SupplyError, match="原因"):
        S.record_loss(SYSTEM, veg, 1, "  ")
    assert stock(veg) == 0


def test_a_correction_is_a_new_entry_with_its_reason(fresh_db: Path) -> None:
    batch(S.ItemLine("面屏", "防护物资", "个", 300))
    shield = item_ids("面屏")[0]
    receipt = LedgerEntry.get()
    assert S.correct_stock(SYSTEM, shield, 295, "盘点短少 5 个") == -5
    assert stock(shield) == 295
    entries = S.ledger(shield)
    assert [(e.kind, e.quantity, e.balance) for e in entries] == [
        ("receipt", 300, 300),
        ("correction", -5, 295),
    ]
    assert entries[-1].reason == "盘点短少 5 个"
    # The receipt is untouched.
    again = LedgerEntry.get_by_id(receipt.id)
    assert (again.kind, again.quantity) == ("receipt", 300)
    with pytest.raises(S.SupplyError, match="不能为负数"):
        S.correct_stock(SYSTEM, shield, -1, "x")
    with pytest.raises(S.SupplyError, match="无需更正"):
        S.correct_stock(SYSTEM, shield, 295, "x")
    with pytest.raises(S.SupplyError, match="原因"):
        S.correct_stock(SYSTEM, shield, 290, "")
    assert S.correct_stock(SYSTEM, shield, 298, "找到 3 个") == 3
    assert stock(shield) == 298
    assert LedgerEntry.select().count() == 3


def test_stock_never_goes_negative_through_any_service(
    fresh_db: Path, community: Community
) -> None:
    batch(S.ItemLine("N95口罩", "防护物资", "个", 4))
    with pytest.raises(S.ShortfallError):
        S.issue_ppe(SYSTEM, community.shift, "N95口罩", 5, at=NOON, today=TODAY)
    S.issue_ppe(SYSTEM, community.shift, "N95口罩", 4, at=NOON, today=TODAY)
    with pytest.raises(S.ShortfallError):
        S.issue_ppe(SYSTEM, community.shift, "N95口罩", 1, at=NOON, today=TODAY)
    total = LedgerEntry.select(pw.fn.SUM(LedgerEntry.quantity)).scalar()
    assert total == 0


# --- a small community -----------------------------------------------------------------------


@dataclass
class Community:
    sealed: int  # 高: 4 households, one with a pregnant woman
    medium: int  # 中: 3 households
    low: int  # 低: 5 households, two with special groups
    volunteer: int
    other_volunteer: int
    shift: int


def _building(compound: Compound, name: str, level: str, rooms: int, groups: dict[int, str]) -> int:
    building = Building.create(compound=compound, name=name, risk_level=level)
    for number in range(1, rooms + 1):
        household = Household.create(building=building, unit="1单元", room=f"{number}01")
        resident = Resident.create(
            household=household, name=f"{name}住户{number}", doc_no=f"X{building.id}{number}"
        )
        if number in groups:
            ResidentGroup.create(resident=resident, group=groups[number])
    return int(building.id)


@pytest.fixture
def community(fresh_db: Path) -> Iterator[Community]:
    compound = Compound.create(name="瑞景苑")
    sealed = _building(compound, "3栋", "高", 4, {4: "孕妇"})
    medium = _building(compound, "1栋", "中", 3, {})
    low = _building(compound, "2栋", "低", 5, {3: "高龄", 5: "婴幼儿"})
    vol = Volunteer.create(name="崔亚涛")
    other = Volunteer.create(name="潘超")
    post = Post.create(kind="核酸采样点", name="第3采样点")
    shift = Shift.create(
        post=post,
        date=TODAY,
        name="白班",
        starts_at=dt.datetime(2022, 11, 22, 8),
        ends_at=dt.datetime(2022, 11, 22, 16),
    )
    yield Community(sealed, medium, low, vol.id, other.id, shift.id)


# --- allocation ---------------------------------------------------------------------------


def test_allocation_serves_sealed_buildings_first_and_shows_the_shortfall(
    community: Community,
) -> None:
    batch(S.ItemLine("蔬菜包", "生活物资", "份", 9))
    plan = S.plan_round("蔬菜包", 1, [community.low, community.medium, community.sealed], TODAY)
    assert [(line.label, line.wanted, line.allocated) for line in plan.lines] == [
        ("瑞景苑 3栋", 4, 4),
        ("瑞景苑 1栋", 3, 3),
        ("瑞景苑 2栋", 5, 2),
    ]
    assert (plan.available, plan.wanted, plan.allocated, plan.shortfall) == (9, 12, 9, 3)
    assert plan.households_short == 3
    assert plan.lines[0].sealed and plan.lines[0].flagged == 1
    # In the partly served building, the special-group households come first.
    low = plan.lines[2]
    rooms = {h.id: h.room for h in S.households_of([community.low])[community.low]}
    assert sorted(rooms[h] for h in low.allocated_households) == ["301", "501"]


def test_allocation_rounds_down_to_whole_households() -> None:
    def target(bid: int, level: str, households: int) -> S.BuildingTarget:
        return S.BuildingTarget(
            bid,
            f"楼{bid}",
            level,
            tuple(S.HouseholdInfo(bid * 100 + i, "", str(i), (), 1) for i in range(households)),
        )

    lines = S.allocate([target(1, "低", 10), target(2, "高", 3)], 25, 2)
    # 高 first: 3 households × 2 = 6; 19 left → 9 households × 2 = 18, 1 left over.
    assert [(line.building_id, line.allocated, line.shortfall) for line in lines] == [
        (2, 6, 0),
        (1, 18, 2),
    ]
    assert len(lines[1].allocated_households) == 9
    assert S.allocate([target(1, "低", 2)], 1, 2)[0].allocated == 0
    assert S.allocate([target(1, "低", 2)], 100, 2)[0].allocated == 4
    with pytest.raises(S.SupplyError):
        S.allocate([target(1, "低", 2)], 10, 0)


def test_allocation_with_no_stock_allocates_nothing(community: Community) -> None:
    plan = S.plan_round("蔬菜包", 1, [community.sealed], TODAY)
    assert plan.allocated == 0 and plan.shortfall == 4
    with pytest.raises(S.SupplyError, match="没有可用库存"):
        S.create_round(SYSTEM, "第一轮", TODAY, plan, today=TODAY)


# --- rounds and deliveries ------------------------------------------------------------------


def make_round(community: Community, quantity: int = 9) -> tuple[int, S.AllocationPlan]:
    batch(S.ItemLine("蔬菜包", "生活物资", "份", quantity, TODAY + dt.timedelta(days=5)))
    plan = S.plan_round("蔬菜包", 1, [community.low, community.medium, community.sealed], TODAY)
    return S.create_round(SYSTEM, "第二轮蔬菜包", TODAY, plan, "每户一份", today=TODAY), plan


def test_a_saved_round_plans_one_row_per_allocated_household(community: Community) -> None:
    round_id, _plan = make_round(community)
    rows = Distribution.select().where(Distribution.round == round_id)
    assert rows.count() == 9
    assert all(r.delivered_at is None and r.household_id for r in rows)
    info = S.get_round(round_id)
    assert info.products == ("蔬菜包",)
    assert "缺口 3份" in info.note and "瑞景苑 2栋 3户" in info.note
    # Planning takes no stock.
    assert S.usable_stock("蔬菜包", TODAY) == 9
    by_building = {r.label: r for r in S.round_buildings(round_id)}
    assert by_building["瑞景苑 2栋"].planned_households == 2
    assert by_building["瑞景苑 3栋"].delivered_households == 0


def test_bulk_delivery_takes_stock_and_writes_one_service_record(community: Community) -> None:
    round_id, _plan = make_round(community)
    results = S.deliver(SYSTEM, round_id, community.sealed, community.volunteer, at=NOON)
    assert [(r.households, r.quantity) for r in results] == [(4, 4)]
    assert S.usable_stock("蔬菜包", TODAY) == 5
    records = list(ServiceRecord.select())
    assert [(r.kind, r.count, r.volunteer_id, r.building_id) for r in records] == [
        ("物资配送", 4, community.volunteer, community.sealed)
    ]
    entries = LedgerEntry.select().where(LedgerEntry.kind == "distribution")
    assert entries.count() == 4
    assert all(e.distribution_id for e in entries)
    row = next(r for r in S.round_buildings(round_id) if r.building_id == community.sealed)
    assert (row.delivered_households, row.missed, row.volunteers) == (4, 0, ("崔亚涛",))
    with pytest.raises(S.SupplyError, match="没有待送达"):
        S.deliver(SYSTEM, round_id, community.sealed, community.volunteer, at=NOON)


def test_household_deliveries_keep_volunteer_counts_exact_and_list_the_missed(
    community: Community,
) -> None:
    round_id, _plan = make_round(community)
    households = [p.household.id for p in S.planned_households(round_id, community.medium)]
    S.deliver(SYSTEM, round_id, community.medium, community.volunteer, [households[0]], at=NOON)
    S.deliver(
        SYSTEM, round_id, community.medium, community.other_volunteer, [households[1]], at=NOON
    )
    S.deliver(SYSTEM, round_id, community.low, community.other_volunteer, at=NOON)
    totals = dict(
        ServiceRecord.select(ServiceRecord.volunteer, pw.fn.SUM(ServiceRecord.count))
        .where(ServiceRecord.kind == "物资配送")
        .group_by(ServiceRecord.volunteer)
        .tuples()
    )
    assert totals == {community.volunteer: 1, community.other_volunteer: 3}
    delivered = Distribution.select().where(Distribution.delivered_at.is_null(False))
    assert delivered.count() == 4
    missed = S.missed_households(round_id)
    assert missed == [
        ("瑞景苑 1栋", "1单元301"),
        ("瑞景苑 3栋", "1单元101"),
        ("瑞景苑 3栋", "1单元201"),
        ("瑞景苑 3栋", "1单元301"),
        ("瑞景苑 3栋", "1单元401"),
    ]
    assert S.deliveries_per_building(round_id)[:2] == [("瑞景苑 1栋", 2), ("瑞景苑 2栋", 2)]


def test_a_delivery_short_of_stock_writes_nothing(community: Community) -> None:
    round_id, _plan = make_round(community)
    veg = item_ids("蔬菜包")[0]
    S.record_loss(SYSTEM, veg, 7, "腐烂")  # 2 left, 4 planned in the sealed building
    with pytest.raises(S.ShortfallError, match="缺 2份"):
        S.deliver(SYSTEM, round_id, community.sealed, community.volunteer, at=NOON)
    assert ServiceRecord.select().count() == 0
    assert Distribution.select().where(Distribution.delivered_at.is_null(False)).count() == 0
    assert stock(veg) == 2


def test_a_household_share_split_over_two_lots(community: Community) -> None:
    batch(S.ItemLine("大米", "生活物资", "袋", 3, TODAY + dt.timedelta(days=10)))
    batch(S.ItemLine("大米", "生活物资", "袋", 10, TODAY + dt.timedelta(days=90)))
    early, late = item_ids("大米")
    plan = S.plan_round("大米", 2, [community.sealed], TODAY)
    round_id = S.create_round(SYSTEM, "米", TODAY, plan, today=TODAY)
    S.deliver(SYSTEM, round_id, community.sealed, community.volunteer, at=NOON)
    assert (stock(early), stock(late)) == (0, 5)
    planned = S.planned_households(round_id, community.sealed)
    assert [p.quantity for p in planned] == [2, 2, 2, 2]
    assert all(p.delivered_at is not None for p in planned)
    assert ServiceRecord.get().count == 4


# --- PPE and charts ----------------------------------------------------------------------------


def test_ppe_issued_to_a_shift_and_consumption_per_day(community: Community) -> None:
    batch(
        S.ItemLine("防护服", "防护物资", "套", 50),
        S.ItemLine("N95口罩", "防护物资", "个", 200),
    )
    S.issue_ppe(SYSTEM, community.shift, "防护服", 6, at=NOON, today=TODAY)
    S.issue_ppe(SYSTEM, community.shift, "N95口罩", 12, at=NOON, today=TODAY)
    S.issue_ppe(SYSTEM, community.shift, "N95口罩", 4, at=NOON - dt.timedelta(days=1), today=TODAY)
    entry = LedgerEntry.select().where(LedgerEntry.kind == "ppe_issue").first()
    assert entry.shift_id == community.shift
    days = S.ppe_consumption(TODAY - dt.timedelta(days=2), TODAY)
    assert [(d.day, d.quantities) for d in days] == [
        (TODAY - dt.timedelta(days=2), {}),
        (TODAY - dt.timedelta(days=1), {"N95口罩": 4}),
        (TODAY, {"防护服": 6, "N95口罩": 12}),
    ]


def test_stock_by_category_over_time(fresh_db: Path) -> None:
    batch(S.ItemLine("蔬菜包", "生活物资", "份", 10), received=TODAY - dt.timedelta(days=2))
    veg = item_ids("蔬菜包")[0]
    S.record_loss(SYSTEM, veg, 4, "腐烂", at=NOON)
    series = S.stock_by_category(TODAY - dt.timedelta(days=3), TODAY)
    assert [(day, values["生活物资"]) for day, values in series] == [
        (TODAY - dt.timedelta(days=3), 0),
        (TODAY - dt.timedelta(days=2), 10),
        (TODAY - dt.timedelta(days=1), 10),
        (TODAY, 6),
    ]
    assert all(values["药品"] == 0 for _day, values in series)


def test_products_sum_lots_and_flag_expiry(fresh_db: Path) -> None:
    batch(S.ItemLine("连花清瘟胶囊", "药品", "盒", 30, TODAY - dt.timedelta(days=1)))
    batch(S.ItemLine("连花清瘟胶囊", "药品", "盒", 5, TODAY + dt.timedelta(days=3)))
    batch(S.ItemLine("大米", "生活物资", "袋", 8))
    summary = {p.name: p for p in S.products(TODAY)}
    lianhua = summary["连花清瘟胶囊"]
    assert (lianhua.stock, lianhua.usable, lianhua.expired, lianhua.expiring) == (35, 5, 30, 5)
    assert [p.name for p in S.products(TODAY)] == ["大米", "连花清瘟胶囊"]


def test_a_building_level_planned_row_is_delivered_in_bulk(community: Community) -> None:
    # The demo plans today's round per building (no household rows).
    batch(S.ItemLine("蔬菜包", "生活物资", "份", 10, TODAY + dt.timedelta(days=3)))
    veg = item_ids("蔬菜包")[0]
    round_id = S.create_round(
        SYSTEM, "旧式", TODAY, S.plan_round("蔬菜包", 1, [community.medium], TODAY), today=TODAY
    )
    Distribution.delete().where(Distribution.round == round_id).execute()
    Distribution.create(round=round_id, item=veg, building=community.sealed, quantity=4)
    planned = S.planned_households(round_id, community.sealed)
    assert [p.household.room for p in planned] == ["101", "201", "301", "401"]
    assert all(p.delivered_at is None for p in planned)
    S.deliver(SYSTEM, round_id, community.sealed, community.volunteer, at=NOON)
    assert stock(veg) == 6
    assert ServiceRecord.get().count == 4
    assert all(p.delivered_at for p in S.planned_households(round_id, community.sealed))
    assert S.missed_households(round_id) == []


def test_part_of_a_building_level_row_can_be_delivered(community: Community) -> None:
    batch(S.ItemLine("蔬菜包", "生活物资", "份", 10, TODAY + dt.timedelta(days=3)))
    veg = item_ids("蔬菜包")[0]
    round_id = S.create_round(
        SYSTEM, "旧式", TODAY, S.plan_round("蔬菜包", 1, [community.medium], TODAY), today=TODAY
    )
    Distribution.delete().where(Distribution.round == round_id).execute()
    Distribution.create(round=round_id, item=veg, building=community.sealed, quantity=4)
    households = [p.household.id for p in S.planned_households(round_id, community.sealed)]
    S.deliver(SYSTEM, round_id, community.sealed, community.volunteer, households[1:], at=NOON)
    assert stock(veg) == 7
    assert ServiceRecord.get().count == 3
    assert S.missed_households(round_id) == [("瑞景苑 3栋", "1单元101")]
    row = S.round_buildings(round_id)[0]
    assert (row.planned_households, row.delivered_households, row.missed) == (4, 3, 1)


def test_rice_and_oil_to_a_household_count_it_once(community: Community) -> None:
    batch(
        S.ItemLine("大米", "生活物资", "袋", 10, TODAY + dt.timedelta(days=300)),
        S.ItemLine("食用油", "生活物资", "桶", 10, TODAY + dt.timedelta(days=500)),
    )
    round_id = S.create_round(
        SYSTEM, "米油保供", TODAY, S.plan_round("大米", 1, [community.medium], TODAY), today=TODAY
    )
    oil = item_ids("食用油")[0]
    for planned in S.planned_households(round_id, community.medium):
        Distribution.create(
            round=round_id,
            item=oil,
            building=community.medium,
            household=planned.household.id,
            quantity=1,
        )
    results = S.deliver(SYSTEM, round_id, community.medium, community.volunteer, at=NOON)
    assert sorted((r.product, r.households, r.quantity) for r in results) == [
        ("大米", 3, 3),
        ("食用油", 3, 3),
    ]
    records = list(ServiceRecord.select())
    assert [(r.count, r.note) for r in records] == [(3, "大米 3袋、食用油 3桶送到 瑞景苑 1栋 3 户")]
    assert S.usable_stock("食用油", TODAY) == 7


def test_a_volunteer_of_a_sealed_building_delivers_only_inside_it(community: Community) -> None:
    Volunteer.update(home_building=community.sealed).where(
        Volunteer.id == community.other_volunteer
    ).execute()
    round_id, _plan = make_round(community)
    assert community.other_volunteer not in dict(S.volunteers_for(community.low))
    assert S.volunteers_for(community.sealed)[0][0] == community.other_volunteer
    with pytest.raises(S.SupplyError, match="住在高风险楼栋 瑞景苑 3栋"):
        S.deliver(SYSTEM, round_id, community.low, community.other_volunteer, at=NOON)
    assert ServiceRecord.select().count() == 0
    S.deliver(SYSTEM, round_id, community.sealed, community.other_volunteer, at=NOON)
    assert ServiceRecord.get().count == 4
