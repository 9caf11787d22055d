"""Supplies of 科城路社区: what came in, what went out, and the ledger (台账) of both.

Four batches came in over two weeks: the subdistrict's first protective equipment, the
district's rice, oil and vegetable bags, a pharmacy chain's donated medicine and masks (its
连花清瘟 expired yesterday), and the community's own second lot of vegetable bags (it expires
within the week).

They went out in rounds (发放轮次): the first vegetable bags to every household eleven days
ago, rice and oil a week ago, each building's bags signed for by 崔亚涛 in 一片区 or by the
building's 小组长; three days ago 潘超 carried a bag to every door of the sealed building,
and goes on carrying supplies inside it every day. Volunteers took medicine to the doors of
sixteen old and ill residents. Every shift that began took its masks and gloves (and suits,
face shields and disinfectant where its post needs them). Ten bags rotted; a stock-take found
five face shields short.

Today the second round of vegetable bags goes to 恒基雍翠名门: two buildings are done by the
clock, the others wait.

Every outflow is taken, in time order, from the oldest lot that has the product in stock and
has not expired: the ledger never goes below zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from office_app.models import (
    Distribution,
    DistributionRound,
    LedgerEntry,
    ServiceRecord,
    SupplyBatch,
    SupplyItem,
)

from .errands import record, serve
from .places import SEALED, SEALED_DAY
from .volunteers import available, on_duty
from .world import Block, Helper, Row, World, at


class Item(NamedTuple):
    name: str
    category: str
    unit: str
    quantity: int
    expiry: int | None  # days after today; None: does not expire


class Batch(NamedTuple):
    source: str
    supplier: str
    day: int  # received that day at 08:30
    note: str
    items: tuple[Item, ...]


# fmt: off
BATCHES = (
    Batch("街道调拨", "二郎街道办事处", -14, "首批防疫物资", (
        Item("防护服", "防护物资", "套", 400, 700),
        Item("N95口罩", "防护物资", "个", 3000, 700),
        Item("面屏", "防护物资", "个", 300, None),
        Item("手套", "防护物资", "副", 2000, 900),
        Item("消毒液", "防护物资", "瓶", 300, 350),
    )),
    Batch("街道调拨", "九龙坡区保供专班", -11, "生活物资保供", (
        Item("蔬菜包", "生活物资", "份", 1300, None),
        Item("大米", "生活物资", "袋", 1250, 300),
        Item("食用油", "生活物资", "桶", 1250, 500),
    )),
    Batch("社会捐赠", "重庆某医药连锁有限公司（爱心捐赠）", -9, "爱心企业捐赠药品和口罩", (
        Item("布洛芬", "药品", "盒", 200, 600),
        Item("连花清瘟胶囊", "药品", "盒", 300, -1),  # expired yesterday
        Item("N95口罩", "防护物资", "个", 2000, 700),
        Item("消毒液", "防护物资", "瓶", 200, 365),
    )),
    Batch("采购", "科城路社区（社区采购）", -2, "社区采购，第二轮蔬菜包", (
        Item("蔬菜包", "生活物资", "份", 400, 3),  # expires within 7 days
        Item("手套", "防护物资", "副", 1000, 900),
    )),
)
# fmt: on


class Round(NamedTuple):
    name: str
    day: int
    note: str
    created: tuple[int, int]  # planned on that day (from its day) at that hour


ROUND_1 = Round("第一轮蔬菜包", -11, "全社区按户发放，每户一份", (-1, 16))
ROUND_2 = Round("第二轮米油保供", -7, "大米一袋、食用油一桶，按户发放", (-1, 16))
ROUND_3 = Round("高风险楼栋上门配送", -3, f"{SEALED[0]}{SEALED[1]}足不出户，物资送到门口", (0, 8))
ROUND_4 = Round("第二轮蔬菜包", 0, "社区采购的蔬菜包，保质期短，当天发完", (-1, 17))

# What a shift takes from the stock: per person, and what its post adds.
PPE_PER_PERSON = (("N95口罩", 2), ("手套", 1))
PPE_TEST_SITE = ("防护服", "面屏")
MEDICINE_TO_DOORS = 16
TODAY_DELIVERED = 2  # of today's round, buildings done by the clock


@dataclass(eq=False)
class Lot:
    """A received item, with what is left of it."""

    item_id: int
    product: str
    received: dt.datetime
    expiry: dt.date | None
    stock: int = 0


@dataclass(eq=False)
class Outflow:
    """Stock going out; the lot it is taken from is found when all are known."""

    at: dt.datetime
    product: str
    quantity: int
    kind: str
    reason: str
    distribution: Row | None = None  # a Distribution row (without item) to create
    shift_id: int | None = None
    service: Row | None = None  # a ServiceRecord row to add when the outflow happens


class Store:
    """The supplies' chapter: the lots in, the outflows out."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.lots: list[Lot] = []
        self.outflows: list[Outflow] = []
        self.cui = world.volunteer("崔亚涛")

    def receive(self) -> None:
        for batch in BATCHES:
            received = at(self.world.day(batch.day), 8, 30)
            batch_id = self.world.add(
                SupplyBatch,
                source=batch.source,
                supplier=batch.supplier,
                received_on=received.date(),
                note=batch.note,
                operator=self.world.admin_id,
                created_at=received,
            )
            for item in batch.items:
                expiry = self.world.day(item.expiry) if item.expiry is not None else None
                item_id = self.world.add(
                    SupplyItem,
                    batch=batch_id,
                    name=item.name,
                    category=item.category,
                    unit=item.unit,
                    quantity=item.quantity,
                    expiry=expiry,
                )
                ledger(
                    self.world,
                    item_id,
                    "receipt",
                    item.quantity,
                    received,
                    f"入库：{batch.supplier}",
                )
                self.lots.append(Lot(item_id, item.name, received, expiry))

    def round(self, plan: Round) -> tuple[int, dt.date]:
        day = self.world.day(plan.day)
        created_day, hour = plan.created
        round_id = self.world.add(
            DistributionRound,
            name=plan.name,
            planned_on=day,
            note=plan.note,
            created_at=at(day + dt.timedelta(days=created_day), hour),
        )
        return round_id, day

    def signer(self, building: Block, day: dt.date) -> Helper:
        """Who signs for a building's supplies: 崔亚涛 in 一片区, else its 小组长, else anyone."""
        world = self.world
        if building.area == "一片区" and available(world, self.cui, day):
            return self.cui
        leads = [
            v
            for v in world.volunteers
            if v.grid_building == building.id and available(world, v, day)
        ]
        if leads:
            return leads[0]
        return world.pick(on_duty(world, day))

    def to_buildings(self, round_id: int, product: str, day: dt.date) -> None:
        """One for each household of every building (a few not at home)."""
        world, rng = self.world, self.world.rng
        for building in world.buildings:
            households = len(building.households)
            quantity = households - rng.randint(0, min(3, households))
            if quantity <= 0:
                continue
            moment = world.moment(day, 9, 17)
            volunteer = self.signer(building, day)
            distribution: Row = {
                "round": round_id,
                "building": building.id,
                "household": None,
                "quantity": quantity,
                "planned_at": at(day, 8),
                "delivered_at": moment,
                "volunteer": volunteer.id,
            }
            service = None
            if volunteer is not self.cui:
                service = record(
                    volunteer, "物资配送", moment, building=building, note=f"{product}送到楼栋"
                )
            reason = f"{building.compound}{building.name}"
            self.outflows.append(
                Outflow(
                    moment, product, quantity, "distribution", reason, distribution, service=service
                )
            )

    def door_to_door(self, round_id: int, day: dt.date) -> None:
        """Round 3: 潘超 carries a bag to every door of the sealed building; and supplies
        inside it every day since it was sealed."""
        world = self.world
        pan = world.vol_by_name.get("潘超")
        sealed = world.by_key[SEALED]
        for index, household in enumerate(sealed.households):
            moment = at(day, 10) + dt.timedelta(minutes=3 * index)
            door = f"{sealed.compound}{sealed.name}{household.unit}{household.room}"
            self.outflows.append(
                Outflow(
                    moment,
                    "蔬菜包",
                    1,
                    "distribution",
                    f"上门配送 {door}",
                    {
                        "round": round_id,
                        "building": sealed.id,
                        "household": household.id,
                        "quantity": 1,
                        "planned_at": at(day, 8),
                        "delivered_at": moment,
                        "volunteer": pan.id if pan else None,
                    },
                )
            )
        if pan is None:
            return
        for offset in range(SEALED_DAY, 1):
            moment = at(world.day(offset), 10) if offset < 0 else at(world.today, 8, 40)
            # On the round's day the bags went to every door; other days what was asked.
            count = len(sealed.households) if offset == ROUND_3.day else world.rng.randint(6, 15)
            serve(
                world,
                pan,
                "物资配送",
                moment,
                building=sealed,
                count=count,
                note="楼栋内送物资到门口",
            )

    def medicine_to_doors(self) -> None:
        """Medicine handed to old and ill residents on request."""
        world, rng = self.world, self.world.rng
        needy = [
            p
            for p in world.people
            if p.household is not None and ("高龄" in p.groups or "慢病·透析" in p.groups)
        ]
        for person in rng.sample(needy, MEDICINE_TO_DOORS):
            assert person.household is not None
            day = world.day(rng.randint(-8, -2))
            moment = world.moment(day, 10, 18)
            product = world.pick(("布洛芬", "连花清瘟胶囊"))
            volunteer = world.pick(on_duty(world, day))
            quantity = rng.randint(1, 2)
            self.outflows.append(
                Outflow(
                    moment,
                    product,
                    quantity,
                    "distribution",
                    f"送药到户：{person.name}",
                    {
                        "round": None,
                        "building": person.household.building.id,
                        "household": person.household.id,
                        "planned_at": moment - dt.timedelta(hours=2),
                        "delivered_at": moment,
                        "volunteer": volunteer.id,
                    },
                    service=record(volunteer, "物资配送", moment, person, note=f"{product}送到户"),
                )
            )

    def protective_equipment(self) -> None:
        """Every shift that has begun takes its equipment a quarter of an hour before."""
        world = self.world
        for shift_id, kind, post_name, start, _end, staff in world.shifts:
            if start > world.now:
                continue
            issue = [(product, per_person * staff) for product, per_person in PPE_PER_PERSON]
            if kind == "核酸采样点":
                issue += [(product, staff) for product in PPE_TEST_SITE]
            if kind == "卡点" and start.hour == 8:
                issue.append(("消毒液", 1))
            if (
                kind == "卡点"
                and post_name.startswith(SEALED[0])
                and start.date() >= world.day(SEALED_DAY)
            ):
                issue.append(("防护服", staff))
            moment = start - dt.timedelta(minutes=15)
            for product, quantity in issue:
                self.outflows.append(
                    Outflow(
                        moment,
                        product,
                        quantity,
                        "ppe_issue",
                        f"{post_name}领用",
                        shift_id=shift_id,
                    )
                )

    def losses(self) -> None:
        world = self.world
        self.outflows.append(
            Outflow(at(world.day(-6), 17), "蔬菜包", 10, "loss", "部分蔬菜包腐烂，报损")
        )
        self.outflows.append(
            Outflow(at(world.day(-3), 18), "面屏", 5, "correction", "盘点短少 5 个，按实际库存更正")
        )

    def take_out(self) -> None:
        """Take every outflow, in time order, from the oldest lot that has it in stock."""
        world = self.world
        pending = sorted(
            ((lot, int(world.row(SupplyItem, lot.item_id)["quantity"])) for lot in self.lots),
            key=lambda r: r[0].received,
        )
        outflows = self.outflows
        order = sorted(range(len(outflows)), key=lambda i: (outflows[i].at, i))
        lots: list[Lot] = []
        for index in order:
            flow = outflows[index]
            while pending and pending[0][0].received <= flow.at:
                lot, quantity = pending.pop(0)
                lot.stock += quantity
                lots.append(lot)
            usable = [
                lot
                for lot in lots
                if lot.product == flow.product
                and lot.stock > 0
                and (lot.expiry is None or flow.at.date() <= lot.expiry)
            ]
            if not usable:
                continue
            enough = [lot for lot in usable if lot.stock >= flow.quantity]
            lot = enough[0] if enough else max(usable, key=lambda candidate: candidate.stock)
            quantity = min(flow.quantity, lot.stock)
            lot.stock -= quantity
            distribution_id = None
            if flow.distribution is not None:
                values = {
                    "household": None,
                    **flow.distribution,
                    "item": lot.item_id,
                    "quantity": quantity,
                }
                distribution_id = world.add(Distribution, **values)
            ledger(
                world,
                lot.item_id,
                flow.kind,
                -quantity,
                flow.at,
                flow.reason,
                distribution=distribution_id,
                shift=flow.shift_id,
            )
            if flow.service is not None:
                world.add(ServiceRecord, **flow.service)
        for lot, quantity in pending:
            lot.stock += quantity

    def today_round(self) -> None:
        """Today's vegetable bags to 恒基雍翠名门, from the fresh lot: two buildings done."""
        world = self.world
        round_id, day = self.round(ROUND_4)
        fresh = next(lot for lot in self.lots if lot.product == "蔬菜包" and lot.expiry is not None)
        hengji = [b for b in world.buildings if b.compound == "恒基雍翠名门"]
        for index, building in enumerate(hengji):
            quantity = min(len(building.households), fresh.stock)
            if quantity <= 0:
                continue
            delivered = index < TODAY_DELIVERED
            moment = at(day, 8, 20) + dt.timedelta(minutes=25 * index)
            volunteer = self.signer(building, day)
            distribution_id = world.add(
                Distribution,
                round=round_id,
                item=fresh.item_id,
                building=building.id,
                household=None,
                quantity=quantity,
                planned_at=at(day, 8),
                delivered_at=moment if delivered else None,
                volunteer=volunteer.id if delivered else None,
            )
            if delivered:
                fresh.stock -= quantity
                ledger(
                    world,
                    fresh.item_id,
                    "distribution",
                    -quantity,
                    moment,
                    f"第二轮蔬菜包：{building.compound}{building.name}",
                    distribution=distribution_id,
                )


def ledger(
    world: World,
    item_id: int,
    kind: str,
    quantity: int,
    moment: dt.datetime,
    reason: str,
    *,
    distribution: int | None = None,
    shift: int | None = None,
) -> None:
    world.add(
        LedgerEntry,
        item=item_id,
        kind=kind,
        quantity=quantity,
        occurred_at=moment,
        reason=reason,
        distribution=distribution,
        shift=shift,
        operator=world.admin_id,
    )


def supplies(world: World) -> None:
    store = Store(world)
    store.receive()
    round_id, day = store.round(ROUND_1)
    store.to_buildings(round_id, "蔬菜包", day)
    round_id, day = store.round(ROUND_2)
    store.to_buildings(round_id, "大米", day)
    store.to_buildings(round_id, "食用油", day)
    round_id, day = store.round(ROUND_3)
    store.door_to_door(round_id, day)
    store.medicine_to_doors()
    store.protective_equipment()
    store.losses()
    store.take_out()
    store.today_round()
