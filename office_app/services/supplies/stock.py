"""Supplies (物资): batches, the stock ledger, distribution rounds, deliveries and PPE.

Stock is a ledger. Every receipt, distribution, loss, correction and PPE issue is a
``LedgerEntry`` with a signed quantity; the stock of a lot (one ``SupplyItem`` of a batch) is
the sum of its entries, and the stock of a product (蔬菜包, N95口罩, …) is the sum over its lots.
No function here edits or deletes an entry: a mistake is put right with a correction entry
that carries its reason. Every outflow is refused, with the shortfall named, when it would take
a lot below zero: nothing is written then.

Issuing takes the earliest expiry first (FEFO): lots with an expiry date before lots without
one, earlier dates first, then the older receipt. An expired lot is never issued (it can only
be written off as a loss or corrected).

Distribution rounds. ``plan_round`` allocates one product to chosen buildings by households:
sealed (高风险) buildings first, then 中, then 低; a building gets whole households only (a
household's share is never split), and the shortfall is shown per building and in total.
Within a building that is only partly covered, households with a special-group member (孕妇,
高龄, …) come first; they are flagged on the plan and on the delivery sheet. ``create_round``
saves the plan as one planned ``Distribution`` row per household (``delivered_at`` empty).

Deliveries. ``deliver`` records the delivery of planned households (one household, or a whole
building in bulk) by one volunteer: it takes the stock (FEFO) and marks the rows delivered,
and writes ONE ``ServiceRecord`` of kind 物资配送 for that volunteer per delivery action whose
``count`` is the number of households served. So a volunteer's 物资配送 total is exactly the
number of households they delivered to. Households planned but not delivered are "missed"
(``missed_households``).

PPE (防护物资) is issued to a shift (``LedgerEntry.shift``) with the kind ``ppe_issue``;
``ppe_consumption`` sums it per day and product.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, cast

import peewee as pw

from office_app.models import (
    Building,
    Compound,
    Distribution,
    DistributionRound,
    Household,
    LedgerEntry,
    Post,
    Resident,
    ResidentGroup,
    ServiceRecord,
    Shift,
    SupplyBatch,
    SupplyItem,
    Volunteer,
    db,
)
from office_app.models.base import now
from office_app.models.places import RISK_HIGH, RISK_LOW, RISK_MEDIUM
from office_app.models.supplies import BATCH_SOURCES, CATEGORIES

from ..admin import audit, seats
from ..admin.actor import Actor, require_write
from ..choices import natural_key

RECEIPT: Final = "receipt"
DISTRIBUTION: Final = "distribution"
LOSS: Final = "loss"
CORRECTION: Final = "correction"
PPE_ISSUE: Final = "ppe_issue"
KIND_LABELS: Final[dict[str, str]] = {
    RECEIPT: "入库",
    DISTRIBUTION: "发放",
    LOSS: "报损",
    CORRECTION: "更正",
    PPE_ISSUE: "防护领用",
}
PPE_CATEGORY: Final = "防护物资"
# The protective equipment of the story, in the order the PPE page shows it.
PPE_PRODUCTS: Final = ("防护服", "N95口罩", "面屏", "手套", "消毒液")
SERVICE_KIND: Final = "物资配送"
# An expiry within this many days (today included) is a warning; an earlier one is expired.
EXPIRY_WARNING_DAYS: Final = 7
EXPIRED: Final = "expired"
EXPIRING: Final = "expiring"
EXPIRY_COLORS: Final[dict[str, str]] = {EXPIRED: "#D32F2F", EXPIRING: "#F57C00"}
RISK_ORDER: Final[dict[str, int]] = {RISK_HIGH: 0, RISK_MEDIUM: 1, RISK_LOW: 2}

NAME_MAX: Final = 64
UNIT_MAX: Final = 8
SUPPLIER_MAX: Final = 100
QUANTITY_MAX: Final = 10_000_000


class SupplyError(ValueError):
    """A supplies action that cannot be done; the message (Chinese) says why."""


class ShortfallError(SupplyError):
    """Not enough usable stock: nothing was written."""

    def __init__(self, product: str, wanted: int, available: int, unit: str = "") -> None:
        self.product = product
        self.wanted = wanted
        self.available = available
        self.shortfall = wanted - available
        super().__init__(
            f"{product} 库存不足：需要 {wanted}{unit}，可用 {available}{unit}，"
            f"缺 {self.shortfall}{unit}。"
        )


def expiry_status(expiry: dt.date | None, today: dt.date) -> str:
    """``EXPIRED`` (before today), ``EXPIRING`` (within 7 days) or "" (fine or no expiry)."""
    if expiry is None:
        return ""
    if expiry < today:
        return EXPIRED
    if expiry <= today + dt.timedelta(days=EXPIRY_WARNING_DAYS):
        return EXPIRING
    return ""


def _rows(query: Any) -> list[tuple[Any, ...]]:
    """A query's rows as tuples (typed for mypy: peewee has no stubs)."""
    return cast(list[tuple[Any, ...]], list(query.tuples()))


def _as_date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


# --- receiving a batch ---------------------------------------------------------------------


@dataclass(frozen=True)
class ItemLine:
    name: str
    category: str
    unit: str
    quantity: int
    expiry: dt.date | None = None


@dataclass(frozen=True)
class BatchData:
    source: str
    supplier: str
    received_on: dt.date
    items: tuple[ItemLine, ...]
    note: str = ""


def check_item(line: ItemLine) -> str:
    """The problem with one item line, or "" when it can be received."""
    if not line.name.strip():
        return "物资名称不能为空"
    if len(line.name.strip()) > NAME_MAX:
        return f"物资名称过长（最多 {NAME_MAX} 个字）"
    if line.category not in CATEGORIES:
        return f"类别“{line.category}”不对（可填：{'、'.join(CATEGORIES)}）"
    if not line.unit.strip() or len(line.unit.strip()) > UNIT_MAX:
        return f"单位不能为空，最多 {UNIT_MAX} 个字"
    if line.quantity <= 0:
        return "数量必须大于 0"
    if line.quantity > QUANTITY_MAX:
        return f"数量超出合理范围（最大 {QUANTITY_MAX}）"
    return ""


def check_batch(data: BatchData) -> str:
    """The problem with a batch, or "" when it can be received."""
    if data.source not in BATCH_SOURCES:
        return f"来源“{data.source}”不对（可填：{'、'.join(BATCH_SOURCES)}）"
    if len(data.supplier.strip()) > SUPPLIER_MAX:
        return f"来源单位过长（最多 {SUPPLIER_MAX} 个字）"
    if not data.items:
        return "这一批没有物资"
    for number, line in enumerate(data.items, start=1):
        problem = check_item(line)
        if problem:
            return f"第 {number} 项（{line.name or '未命名'}）：{problem}"
    return ""


def _received_at(day: dt.date) -> dt.datetime:
    moment = now()
    return moment if moment.date() == day else dt.datetime.combine(day, dt.time(8, 0))


def receive_batch(actor: Actor, data: BatchData) -> int:
    """Receive a batch: the batch, its items and one receipt entry per item. Returns its id."""
    require_write(actor)
    problem = check_batch(data)
    if problem:
        raise SupplyError(problem)
    at = _received_at(data.received_on)
    with db.atomic():
        batch = SupplyBatch.create(
            source=data.source,
            supplier=data.supplier.strip(),
            received_on=data.received_on,
            note=data.note.strip(),
            operator=actor.operator_id,
        )
        for line in data.items:
            item = SupplyItem.create(
                batch=batch.id,
                name=line.name.strip(),
                category=line.category,
                unit=line.unit.strip(),
                quantity=line.quantity,
                expiry=line.expiry,
            )
            add_receipt(actor, item.id, line.quantity, at, f"入库：{data.supplier.strip()}")
        names = "、".join(f"{i.name.strip()} {i.quantity}{i.unit.strip()}" for i in data.items)
        audit.record(
            actor,
            "supplies.receive",
            entity="supply_batch",
            entity_id=batch.id,
            summary=f"物资入库（{data.source}，{data.supplier.strip()}）：{names}",
        )
    return int(batch.id)


def add_receipt(actor: Actor, item_id: int, quantity: int, at: dt.datetime, reason: str) -> None:
    """One receipt entry (inside the caller's transaction)."""
    LedgerEntry.create(
        item=item_id,
        kind=RECEIPT,
        quantity=quantity,
        occurred_at=at,
        reason=reason,
        operator=actor.operator_id,
    )


# --- reading the stock ---------------------------------------------------------------------


@dataclass(frozen=True)
class Lot:
    """One item of one batch with its stock."""

    item_id: int
    name: str
    category: str
    unit: str
    expiry: dt.date | None
    received_on: dt.date
    received: int
    stock: int
    status: str  # expiry_status on the day asked


def _stock_expr() -> pw.Node:
    return pw.fn.COALESCE(pw.fn.SUM(LedgerEntry.quantity), 0)


def item_stock(item_id: int) -> int:
    value = LedgerEntry.select(_stock_expr()).where(LedgerEntry.item == item_id).scalar()
    return int(value or 0)


def _issue_key(lot: Lot) -> tuple[object, ...]:
    # Earliest expiry first; no expiry last; then the older receipt.
    return (lot.expiry is None, lot.expiry or dt.date.max, lot.received_on, lot.item_id)


def lots(
    product: str | None = None, *, today: dt.date | None = None, in_stock_only: bool = False
) -> list[Lot]:
    """The lots (of one product, or all), in the order they are issued."""
    today = today or now().date()
    stock = cast(Any, _stock_expr()).alias("stock")
    query = (
        SupplyItem.select(
            SupplyItem.id,
            SupplyItem.name,
            SupplyItem.category,
            SupplyItem.unit,
            SupplyItem.expiry,
            SupplyItem.quantity,
            SupplyBatch.received_on,
            stock,
        )
        .join(SupplyBatch)
        .switch(SupplyItem)
        .join(LedgerEntry, pw.JOIN.LEFT_OUTER)
        .group_by(SupplyItem.id, SupplyBatch.received_on)
    )
    if product is not None:
        query = query.where(SupplyItem.name == product)
    result = []
    for row in _rows(query):
        item_id, name, category, unit, expiry, received, received_on, amount = row
        expiry_date = _as_date(expiry)
        lot = Lot(
            int(item_id),
            name,
            category,
            unit,
            expiry_date,
            _as_date(received_on) or today,
            int(received),
            int(amount or 0),
            expiry_status(expiry_date, today),
        )
        if in_stock_only and lot.stock <= 0:
            continue
        result.append(lot)
    result.sort(key=_issue_key)
    return result


def usable_stock(product: str, today: dt.date | None = None) -> int:
    """What can be issued of a product: its stock in lots that have not expired."""
    return sum(lot.stock for lot in lots(product, today=today) if lot.status != EXPIRED)


@dataclass(frozen=True)
class ProductStock:
    name: str
    category: str
    unit: str
    stock: int
    usable: int
    expired: int
    expiring: int  # stock in lots that expire within 7 days
    earliest_expiry: dt.date | None


def products(today: dt.date | None = None) -> list[ProductStock]:
    """Every product with its stock, by category then name."""
    today = today or now().date()
    grouped: dict[str, list[Lot]] = defaultdict(list)
    for lot in lots(today=today):
        grouped[lot.name].append(lot)
    result = []
    for name, group in grouped.items():
        in_stock = [lot for lot in group if lot.stock > 0]
        expiries = [lot.expiry for lot in in_stock if lot.expiry is not None]
        result.append(
            ProductStock(
                name,
                group[0].category,
                group[0].unit,
                sum(lot.stock for lot in group),
                sum(lot.stock for lot in group if lot.status != EXPIRED),
                sum(lot.stock for lot in group if lot.status == EXPIRED),
                sum(lot.stock for lot in group if lot.status == EXPIRING),
                min(expiries) if expiries else None,
            )
        )
    order = {c: i for i, c in enumerate(CATEGORIES)}
    result.sort(key=lambda p: (order.get(p.category, 9), natural_key(p.name)))
    return result


def product_names(category: str | None = None) -> list[str]:
    query = SupplyItem.select(SupplyItem.name).distinct()
    if category:
        query = query.where(SupplyItem.category == category)
    return sorted((row[0] for row in _rows(query)), key=natural_key)


@dataclass(frozen=True)
class EntryInfo:
    id: int
    item_id: int
    kind: str
    quantity: int
    occurred_at: dt.datetime
    reason: str
    balance: int  # the lot's stock after this entry


def ledger(item_id: int) -> list[EntryInfo]:
    """A lot's entries in time order with the running balance."""
    query = (
        LedgerEntry.select()
        .where(LedgerEntry.item == item_id)
        .order_by(LedgerEntry.occurred_at, LedgerEntry.id)
    )
    balance = 0
    result = []
    for entry in query:
        balance += entry.quantity
        result.append(
            EntryInfo(
                entry.id,
                item_id,
                entry.kind,
                entry.quantity,
                entry.occurred_at,
                entry.reason,
                balance,
            )
        )
    return result


# --- taking stock out ---------------------------------------------------------------------


@dataclass(frozen=True)
class Take:
    item_id: int
    quantity: int


def plan_take(product: str, quantity: int, today: dt.date) -> list[Take]:
    """Which lots give ``quantity`` of ``product``, earliest expiry first; nothing written.

    Raises ShortfallError when the usable stock is smaller.
    """
    if quantity <= 0:
        raise SupplyError("数量必须大于 0")
    usable = [lot for lot in lots(product, today=today) if lot.status != EXPIRED and lot.stock > 0]
    available = sum(lot.stock for lot in usable)
    if available < quantity:
        unit = usable[0].unit if usable else _unit_of(product)
        raise ShortfallError(product, quantity, available, unit)
    takes = []
    left = quantity
    for lot in usable:
        if left == 0:
            break
        part = min(left, lot.stock)
        takes.append(Take(lot.item_id, part))
        left -= part
    return takes


def _unit_of(product: str) -> str:
    item = SupplyItem.select(SupplyItem.unit).where(SupplyItem.name == product).first()
    return str(item.unit) if item else ""


def _write_takes(
    actor: Actor,
    takes: Iterable[Take],
    kind: str,
    at: dt.datetime,
    reason: str,
    *,
    distribution: int | None = None,
    shift: int | None = None,
) -> None:
    for take in takes:
        LedgerEntry.create(
            item=take.item_id,
            kind=kind,
            quantity=-take.quantity,
            occurred_at=at,
            reason=reason,
            distribution=distribution,
            shift=shift,
            operator=actor.operator_id,
        )


def _item(item_id: int) -> SupplyItem:
    item: SupplyItem | None = SupplyItem.get_or_none(SupplyItem.id == item_id)
    if item is None:
        raise SupplyError("这项物资已不存在。")
    return item


def _reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise SupplyError("请写明原因。")
    return text


def record_loss(
    actor: Actor,
    item_id: int,
    quantity: int,
    reason: str,
    *,
    at: dt.datetime | None = None,
) -> None:
    """Write off ``quantity`` of one lot (spoiled, expired, damaged): a loss entry."""
    require_write(actor)
    why = _reason(reason)
    if quantity <= 0:
        raise SupplyError("报损数量必须大于 0")
    with db.atomic():
        item = _item(item_id)
        stock = item_stock(item_id)
        if quantity > stock:
            raise ShortfallError(item.name, quantity, stock, item.unit)
        _write_takes(actor, [Take(item_id, quantity)], LOSS, at or now(), why)
        audit.record(
            actor,
            "supplies.loss",
            entity="supply_item",
            entity_id=item_id,
            summary=f"{item.name} 报损 {quantity}{item.unit}：{why}",
        )


def correct_stock(
    actor: Actor,
    item_id: int,
    counted: int,
    reason: str,
    *,
    at: dt.datetime | None = None,
) -> int:
    """Set a lot's stock to what was counted by a new correction entry; returns the change.

    Never edits an entry. Refuses a negative count and a count equal to the stock.
    """
    require_write(actor)
    why = _reason(reason)
    if counted < 0:
        raise SupplyError("库存不能为负数。")
    with db.atomic():
        item = _item(item_id)
        stock = item_stock(item_id)
        delta = counted - stock
        if delta == 0:
            raise SupplyError(f"{item.name} 的库存已是 {stock}{item.unit}，无需更正。")
        LedgerEntry.create(
            item=item_id,
            kind=CORRECTION,
            quantity=delta,
            occurred_at=at or now(),
            reason=why,
            operator=actor.operator_id,
        )
        audit.record(
            actor,
            "supplies.correct",
            entity="supply_item",
            entity_id=item_id,
            summary=f"{item.name} 库存更正 {stock} → {counted}{item.unit}：{why}",
            before={"stock": stock},
            after={"stock": counted},
        )
    return delta


# --- distribution rounds: planning ---------------------------------------------------------


@dataclass(frozen=True)
class HouseholdInfo:
    id: int
    unit: str
    room: str
    groups: tuple[str, ...]  # the special groups of its members
    members: int

    @property
    def label(self) -> str:
        return f"{self.unit}{self.room}" if self.unit else self.room


@dataclass(frozen=True)
class BuildingTarget:
    id: int
    label: str
    risk_level: str
    households: tuple[HouseholdInfo, ...]

    @property
    def sealed(self) -> bool:
        return self.risk_level == RISK_HIGH

    @property
    def flagged(self) -> int:
        return sum(1 for h in self.households if h.groups)


def _household_sort_key(h: HouseholdInfo) -> tuple[object, ...]:
    return (natural_key(h.unit), natural_key(h.room))


def households_of(building_ids: Sequence[int]) -> dict[int, list[HouseholdInfo]]:
    """The households of the buildings, in unit and room order, with their special groups."""
    ids = list(building_ids)
    groups: dict[int, set[str]] = defaultdict(set)
    members: dict[int, int] = defaultdict(int)
    if not ids:
        return {}
    resident_rows = _rows(
        Resident.select(Resident.household, pw.fn.COUNT(Resident.id))
        .join(Household)
        .where(Household.building.in_(ids))
        .group_by(Resident.household)
    )
    for household_id, count in resident_rows:
        members[household_id] = count
    group_rows = _rows(
        ResidentGroup.select(Resident.household, ResidentGroup.group)
        .join(Resident)
        .join(Household)
        .where(Household.building.in_(ids))
    )
    for household_id, group in group_rows:
        groups[household_id].add(group)
    result: dict[int, list[HouseholdInfo]] = {i: [] for i in ids}
    rows = Household.select(Household.id, Household.building, Household.unit, Household.room).where(
        Household.building.in_(ids)
    )
    for household_id, building_id, unit, room in _rows(rows):
        result[building_id].append(
            HouseholdInfo(
                household_id,
                unit,
                room,
                tuple(sorted(groups.get(household_id, ()))),
                members.get(household_id, 0),
            )
        )
    for value in result.values():
        value.sort(key=_household_sort_key)
    return result


def building_label(compound: str, name: str) -> str:
    return f"{compound} {name}"


def targets(building_ids: Sequence[int]) -> list[BuildingTarget]:
    query = _rows(
        Building.select(Building.id, Compound.name, Building.name, Building.risk_level)
        .join(Compound)
        .where(Building.id.in_(list(building_ids)))
    )
    households = households_of(building_ids)
    return [
        BuildingTarget(bid, building_label(compound, name), level, tuple(households[bid]))
        for bid, compound, name, level in query
    ]


@dataclass(frozen=True)
class AllocationLine:
    building_id: int
    label: str
    risk_level: str
    households: int
    flagged: int  # households with a special-group member
    wanted: int
    allocated: int
    allocated_households: tuple[int, ...]  # household ids, priority order

    @property
    def shortfall(self) -> int:
        return self.wanted - self.allocated

    @property
    def sealed(self) -> bool:
        return self.risk_level == RISK_HIGH


@dataclass(frozen=True)
class AllocationPlan:
    product: str
    unit: str
    per_household: int
    available: int
    lines: tuple[AllocationLine, ...]

    @property
    def wanted(self) -> int:
        return sum(line.wanted for line in self.lines)

    @property
    def allocated(self) -> int:
        return sum(line.allocated for line in self.lines)

    @property
    def shortfall(self) -> int:
        return self.wanted - self.allocated

    @property
    def left_over(self) -> int:
        return self.available - self.allocated

    @property
    def households_short(self) -> int:
        return sum(line.households - len(line.allocated_households) for line in self.lines)


def allocate(
    buildings: Sequence[BuildingTarget], available: int, per_household: int
) -> list[AllocationLine]:
    """Share ``available`` out by whole households: sealed buildings first (then 中, 低).

    Within a building, households with a special-group member come first. Pure function.
    """
    if per_household <= 0:
        raise SupplyError("每户数量必须大于 0")
    ordered = sorted(
        buildings, key=lambda b: (RISK_ORDER.get(b.risk_level, 3), natural_key(b.label))
    )
    left = max(available, 0)
    lines = []
    for building in ordered:
        priority = sorted(building.households, key=lambda h: (not h.groups,))
        served = min(len(priority), left // per_household)
        left -= served * per_household
        lines.append(
            AllocationLine(
                building.id,
                building.label,
                building.risk_level,
                len(building.households),
                building.flagged,
                len(building.households) * per_household,
                served * per_household,
                tuple(h.id for h in priority[:served]),
            )
        )
    return lines


def plan_round(
    product: str, per_household: int, building_ids: Sequence[int], today: dt.date | None = None
) -> AllocationPlan:
    """The allocation of a product's usable stock to the buildings' households (no writes)."""
    if not building_ids:
        raise SupplyError("请至少选择一栋楼。")
    today = today or now().date()
    available = usable_stock(product, today)
    lines = allocate(targets(building_ids), available, per_household)
    return AllocationPlan(product, _unit_of(product), per_household, available, tuple(lines))


def create_round(
    actor: Actor,
    name: str,
    planned_on: dt.date,
    plan: AllocationPlan,
    note: str = "",
    today: dt.date | None = None,
) -> int:
    """Save a plan as a round: one planned Distribution row per allocated household.

    The planned rows point at the lot that would be issued now (FEFO); the delivery takes
    whatever lot is first then. The round's note records the shortfall, if any.
    """
    require_write(actor)
    title = name.strip()
    if not title:
        raise SupplyError("请填写这一轮的名称。")
    if plan.allocated == 0:
        raise SupplyError(f"{plan.product} 没有可用库存，无法分配。")
    today = today or now().date()
    takes = plan_take(plan.product, plan.allocated, today)
    first_lot = takes[0].item_id
    text = note.strip()
    if plan.shortfall:
        short = "、".join(
            f"{line.label} {line.households - len(line.allocated_households)}户"
            for line in plan.lines
            if line.shortfall
        )
        text = (text + "\n" if text else "") + (
            f"{plan.product} 缺口 {plan.shortfall}{plan.unit}，未分配：{short}"
        )
    planned_at = now()
    with db.atomic():
        round_ = DistributionRound.create(name=title, planned_on=planned_on, note=text)
        rows = [
            {
                "round": round_.id,
                "item": first_lot,
                "building": line.building_id,
                "household": household_id,
                "quantity": plan.per_household,
                "planned_at": planned_at,
            }
            for line in plan.lines
            for household_id in line.allocated_households
        ]
        for start in range(0, len(rows), 200):
            Distribution.insert_many(rows[start : start + 200]).execute()
        audit.record(
            actor,
            "supplies.plan_round",
            entity="distribution_round",
            entity_id=round_.id,
            summary=(
                f"配送计划“{title}”：{plan.product} 每户 {plan.per_household}{plan.unit}，"
                f"{len(plan.lines)} 栋楼，分配 {plan.allocated}{plan.unit}，缺口 {plan.shortfall}"
            ),
        )
    return int(round_.id)


# --- rounds: what was planned and delivered -------------------------------------------------


@dataclass(frozen=True)
class RoundInfo:
    id: int
    name: str
    planned_on: dt.date
    note: str
    products: tuple[str, ...]


def rounds() -> list[RoundInfo]:
    """Every round, newest first."""
    product_rows = _rows(
        Distribution.select(Distribution.round, SupplyItem.name)
        .join(SupplyItem)
        .where(Distribution.round.is_null(False))
        .distinct()
    )
    names: dict[int, set[str]] = defaultdict(set)
    for round_id, product in product_rows:
        names[round_id].add(product)
    query = DistributionRound.select().order_by(
        DistributionRound.planned_on.desc(), DistributionRound.id.desc()
    )
    return [
        RoundInfo(
            r.id,
            r.name,
            _as_date(r.planned_on) or dt.date.min,
            r.note,
            tuple(sorted(names.get(r.id, ()), key=natural_key)),
        )
        for r in query
    ]


def get_round(round_id: int) -> RoundInfo:
    for info in rounds():
        if info.id == round_id:
            return info
    raise SupplyError("这一轮配送已不存在。")


@dataclass(frozen=True)
class RoundBuilding:
    """One building in a round, for one product."""

    building_id: int
    label: str
    risk_level: str
    product: str
    unit: str
    households: int  # registered households of the building
    planned_households: int  # households with a planned row
    delivered_households: int  # households with a delivered row
    planned: int  # quantity planned (delivered or not)
    delivered: int  # quantity delivered
    volunteers: tuple[str, ...]

    @property
    def missed(self) -> int:
        return self.planned_households - self.delivered_households


def round_buildings(round_id: int) -> list[RoundBuilding]:
    """Per building and product: planned and delivered households and quantities.

    A building-level row (no household: bulk rows of the demo's older rounds) counts its
    quantity as households, one each.
    """
    query = _rows(
        Distribution.select(
            Distribution.building,
            Compound.name,
            Building.name,
            Building.risk_level,
            SupplyItem.name,
            SupplyItem.unit,
            Distribution.household,
            Distribution.quantity,
            Distribution.delivered_at,
            Volunteer.name,
        )
        .join(SupplyItem)
        .switch(Distribution)
        .join(Building)
        .join(Compound)
        .switch(Distribution)
        .join(Volunteer, pw.JOIN.LEFT_OUTER)
        .where(Distribution.round == round_id)
    )
    acc: dict[tuple[int, str], dict[str, object]] = {}
    planned_h: dict[tuple[int, str], set[int]] = defaultdict(set)
    delivered_h: dict[tuple[int, str], set[int]] = defaultdict(set)
    bulk_planned: dict[tuple[int, str], int] = defaultdict(int)
    bulk_delivered: dict[tuple[int, str], int] = defaultdict(int)
    volunteers: dict[tuple[int, str], set[str]] = defaultdict(set)
    for row in query:
        bid, compound, bname, level, product, unit, household, qty, delivered_at, vol = row
        key = (bid, product)
        entry = acc.setdefault(
            key,
            {
                "label": building_label(compound, bname),
                "level": level,
                "unit": unit,
                "planned": 0,
                "delivered": 0,
            },
        )
        entry["planned"] = int(str(entry["planned"])) + qty
        if household is None:
            bulk_planned[key] += qty
        else:
            planned_h[key].add(household)
        if delivered_at is not None:
            entry["delivered"] = int(str(entry["delivered"])) + qty
            if household is None:
                bulk_delivered[key] += qty
            else:
                delivered_h[key].add(household)
            if vol:
                volunteers[key].add(vol)
    counts = dict(
        _rows(
            Household.select(Household.building, pw.fn.COUNT(Household.id))
            .where(Household.building.in_([k[0] for k in acc] or [0]))
            .group_by(Household.building)
        )
    )
    result = []
    for key, entry in acc.items():
        bid, product = key
        result.append(
            RoundBuilding(
                bid,
                str(entry["label"]),
                str(entry["level"]),
                product,
                str(entry["unit"]),
                int(counts.get(bid, 0)),
                len(planned_h[key]) + bulk_planned[key],
                len(delivered_h[key]) + bulk_delivered[key],
                int(str(entry["planned"])),
                int(str(entry["delivered"])),
                tuple(sorted(volunteers[key])),
            )
        )
    result.sort(key=lambda r: (RISK_ORDER.get(r.risk_level, 3), natural_key(r.label), r.product))
    return result


@dataclass(frozen=True)
class PlannedHousehold:
    household: HouseholdInfo
    product: str
    unit: str
    quantity: int
    delivered_at: dt.datetime | None
    volunteer: str


def planned_households(round_id: int, building_id: int) -> list[PlannedHousehold]:
    """The households planned in a round for one building, in unit and room order."""
    info = {h.id: h for h in households_of([building_id]).get(building_id, [])}
    query = _rows(
        Distribution.select(
            Distribution.household,
            SupplyItem.name,
            SupplyItem.unit,
            Distribution.quantity,
            Distribution.delivered_at,
            Volunteer.name,
        )
        .join(SupplyItem)
        .switch(Distribution)
        .join(Volunteer, pw.JOIN.LEFT_OUTER)
        .where((Distribution.round == round_id) & (Distribution.building == building_id))
        .order_by(Distribution.id)
    )
    merged: dict[tuple[int, str], PlannedHousehold] = {}
    bulk: list[tuple[str, str, dt.datetime | None, str | None]] = []
    for household_id, product, unit, qty, delivered_at, volunteer in query:
        if household_id is None:
            bulk.append((product, unit, delivered_at, volunteer))
            continue
        household = info.get(household_id)
        if household is None:
            continue
        key = (household_id, product)
        before = merged.get(key)
        if before is not None:  # a share split over two lots
            qty += before.quantity
            delivered_at = before.delivered_at or delivered_at
            volunteer = before.volunteer or volunteer
        merged[key] = PlannedHousehold(household, product, unit, qty, delivered_at, volunteer or "")
    # A building-level row covers every household of the building, one each.
    for product, unit, delivered_at, volunteer in bulk:
        for household in info.values():
            key = (household.id, product)
            if key not in merged or (merged[key].delivered_at is None and delivered_at):
                merged[key] = PlannedHousehold(
                    household, product, unit, 1, delivered_at, volunteer or ""
                )
    result = list(merged.values())
    result.sort(key=lambda p: (_household_sort_key(p.household), p.product))
    return result


def missed_households(round_id: int, building_id: int | None = None) -> list[tuple[str, str]]:
    """(building label, household label) of every planned household not yet delivered."""
    if building_id is None:
        query = (
            Distribution.select(Distribution.building)
            .where(Distribution.round == round_id)
            .distinct()
        )
        ids = [row[0] for row in _rows(query)]
    else:
        ids = [building_id]
    labels = {t.id: t.label for t in targets(ids)}
    result = []
    for bid in sorted(ids, key=lambda i: natural_key(labels.get(i, ""))):
        for planned in planned_households(round_id, bid):
            if planned.delivered_at is None:
                result.append((labels.get(bid, ""), planned.household.label))
    return result


# --- deliveries ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryResult:
    households: int
    quantity: int
    product: str
    unit: str
    service_record_id: int


def deliver(
    actor: Actor,
    round_id: int,
    building_id: int,
    volunteer_id: int,
    household_ids: Sequence[int] | None = None,
    *,
    at: dt.datetime | None = None,
    today: dt.date | None = None,
) -> list[DeliveryResult]:
    """Record the delivery of planned households (all undelivered ones of the building when
    ``household_ids`` is None) by one volunteer.

    A building-level planned row (no household; the demo plans today's round that way) is
    first turned into one planned row per household (``_expand_building_rows``).

    Per product the stock is taken earliest expiry first and the rows are marked delivered;
    then ONE ServiceRecord 物资配送 is written for the volunteer with ``count`` = the
    households served (a household that got rice and oil counts once).
    All or nothing: a shortfall of any product refuses the whole action.
    """
    require_write(actor)
    moment = at or now()
    with db.atomic():
        _expand_building_rows(round_id, building_id)
        return _deliver(
            actor,
            round_id,
            building_id,
            volunteer_id,
            household_ids,
            moment,
            today or moment.date(),
        )


def _expand_building_rows(round_id: int, building_id: int) -> None:
    """Turn the building's undelivered building-level planned rows into one row per household
    (the first households in unit and room order, one share each), so that any household can
    be delivered or missed on its own."""
    bulk = list(
        Distribution.select().where(
            (Distribution.round == round_id)
            & (Distribution.building == building_id)
            & Distribution.household.is_null(True)
            & Distribution.delivered_at.is_null(True)
        )
    )
    if not bulk:
        return
    households = households_of([building_id]).get(building_id, [])
    for row in bulk:
        if not households:
            continue
        share = row.quantity // len(households) if row.quantity >= len(households) else 1
        count = min(len(households), row.quantity // max(share, 1))
        for household in households[:count]:
            Distribution.create(
                round=round_id,
                item=row.__data__["item"],
                building=building_id,
                household=household.id,
                quantity=share,
                planned_at=row.planned_at,
            )
        Distribution.delete().where(Distribution.id == row.id).execute()


def _deliver(
    actor: Actor,
    round_id: int,
    building_id: int,
    volunteer_id: int,
    household_ids: Sequence[int] | None,
    moment: dt.datetime,
    today: dt.date,
) -> list[DeliveryResult]:
    volunteer: Volunteer | None = Volunteer.get_or_none(Volunteer.id == volunteer_id)
    if volunteer is None:
        raise SupplyError("请选择送达的志愿者。")
    sealed_home = _sealed_elsewhere(volunteer_id, building_id)
    if sealed_home:
        raise SupplyError(
            f"{volunteer.name} 住在高风险楼栋 {sealed_home}，只能在本楼栋内服务，"
            "不能到别的楼栋送物资。"
        )
    query = (
        Distribution.select(Distribution, SupplyItem)
        .join(SupplyItem)
        .where(
            (Distribution.round == round_id)
            & (Distribution.building == building_id)
            & Distribution.delivered_at.is_null(True)
        )
        .order_by(Distribution.id)
    )
    if household_ids is not None:
        wanted = set(household_ids)
        if not wanted:
            raise SupplyError("请至少选择一户。")
        query = query.where(Distribution.household.in_(list(wanted)))
    rows = list(query)
    if household_ids is not None:
        _refuse_delivered_by_others(round_id, building_id, set(household_ids), rows)
    if not rows:
        raise SupplyError("没有待送达的住户（可能已全部送达）。")
    by_product: dict[str, list[Distribution]] = defaultdict(list)
    for row in rows:
        by_product[row.item.name].append(row)
    label = next(iter(t.label for t in targets([building_id])), "")
    done: list[tuple[str, str, int, int]] = []
    every_household: set[int] = set()
    with db.atomic():
        for product, group in by_product.items():
            total = sum(r.quantity for r in group)
            plan_take(product, total, today)  # refuses a shortfall before anything is written
            unit = group[0].item.unit
            for row in group:
                takes = plan_take(product, row.quantity, today)
                first, rest = takes[0], takes[1:]
                # Conditional on its being undelivered: of two seats recording the same
                # delivery at once, the second writes nothing and is told.
                seats.claim(
                    Distribution.update(
                        item=first.item_id,
                        quantity=first.quantity,
                        delivered_at=moment,
                        volunteer=volunteer_id,
                    ).where((Distribution.id == row.id) & Distribution.delivered_at.is_null(True)),
                    functools.partial(_delivered_by_others, round_id, [row.__data__["household"]]),
                )
                _write_takes(
                    actor, [first], DISTRIBUTION, moment, f"{product}送到户", distribution=row.id
                )
                for take in rest:
                    extra = Distribution.create(
                        round=round_id,
                        item=take.item_id,
                        building=building_id,
                        household=row.__data__["household"],
                        quantity=take.quantity,
                        planned_at=row.planned_at,
                        delivered_at=moment,
                        volunteer=volunteer_id,
                    )
                    _write_takes(
                        actor,
                        [take],
                        DISTRIBUTION,
                        moment,
                        f"{product}送到户",
                        distribution=extra.id,
                    )
            served = {r.__data__["household"] for r in group}
            done.append((product, unit, len(served), total))
            every_household |= served
        # One service record per delivery action: the households served, whatever the items.
        goods = "、".join(f"{product} {total}{unit}" for product, unit, _n, total in done)
        record = ServiceRecord.create(
            volunteer=volunteer_id,
            kind=SERVICE_KIND,
            building=building_id,
            occurred_at=moment,
            count=len(every_household),
            note=f"{goods}送到 {label} {len(every_household)} 户",
        )
        audit.record(
            actor,
            "supplies.deliver",
            entity="distribution_round",
            entity_id=round_id,
            summary=f"{volunteer.name} 把 {goods} 送到 {label} {len(every_household)} 户",
        )
        results = [
            DeliveryResult(households, total, product, unit, int(record.id))
            for product, unit, households, total in done
        ]
    return results


class AlreadyDelivered(seats.AlreadyDecided, SupplyError):
    """Another seat recorded the delivery first."""


def _delivered_by_others(round_id: int, households: list[int]) -> SupplyError:
    """The refusal of a delivery another seat recorded first: which households, by whom, when."""
    rows = list(
        Distribution.select(Distribution, Household)
        .join(Household, on=(Distribution.household == Household.id))
        .where(
            (Distribution.round == round_id)
            & Distribution.household.in_(households)
            & Distribution.delivered_at.is_null(False)
        )
        .order_by(Distribution.delivered_at.desc())
    )
    rooms = "、".join(
        dict.fromkeys(f"{r.household.unit}{r.household.room}" for r in rows if r.household)
    )
    when = rows[0].delivered_at if rows else None
    who, _at = seats.last_change("distribution_round", round_id)
    return AlreadyDelivered(
        seats.decided_message(f"{rooms or '这些住户'} 的物资", who, when, "已登记送达"),
        who=who,
        when=when,
    )


def _refuse_delivered_by_others(
    round_id: int, building_id: int, wanted: set[int], undelivered: list[Distribution]
) -> None:
    """Refuse when a household chosen for delivery has been delivered since (by another
    seat): the choice was made on a list that is no longer true."""
    open_households = {r.__data__["household"] for r in undelivered}
    gone = wanted - open_households
    if not gone:
        return
    delivered = {
        int(row[0])
        for row in _rows(
            Distribution.select(Distribution.household).where(
                (Distribution.round == round_id)
                & (Distribution.building == building_id)
                & Distribution.household.in_(list(gone))
                & Distribution.delivered_at.is_null(False)
            )
        )
    }
    if delivered:
        raise _delivered_by_others(round_id, sorted(delivered))


def _sealed_elsewhere(volunteer_id: int, building_id: int) -> str:
    """The sealed building the volunteer lives in, when it is not ``building_id``; else ""."""
    row = (
        Volunteer.select(Compound.name, Building.name)
        .join(Building, on=(Volunteer.home_building == Building.id))
        .join(Compound)
        .where(
            (Volunteer.id == volunteer_id)
            & (Building.risk_level == RISK_HIGH)
            & (Building.id != building_id)
        )
    )
    found = _rows(row)
    return building_label(found[0][0], found[0][1]) if found else ""


def volunteers_for(building_id: int | None = None) -> list[tuple[int, str]]:
    """Volunteers who can deliver to the building: on duty (在岗), and not living in another
    sealed building (they may serve only inside their own); those living there first."""
    sealed = [
        row[0]
        for row in _rows(Building.select(Building.id).where(Building.risk_level == RISK_HIGH))
    ]
    query = Volunteer.select(Volunteer.id, Volunteer.name, Volunteer.home_building).where(
        Volunteer.status == "在岗"
    )
    rows = [r for r in _rows(query) if r[2] is None or r[2] not in sealed or r[2] == building_id]
    rows.sort(key=lambda r: (r[2] != building_id, natural_key(r[1])))
    return [(r[0], r[1]) for r in rows]


# --- PPE -----------------------------------------------------------------------------------


def issue_ppe(
    actor: Actor,
    shift_id: int,
    product: str,
    quantity: int,
    *,
    at: dt.datetime | None = None,
    today: dt.date | None = None,
) -> list[Take]:
    """Issue protective equipment to a shift, earliest expiry first."""
    require_write(actor)
    shift: Shift | None = Shift.get_or_none(Shift.id == shift_id)
    if shift is None:
        raise SupplyError("请选择班次。")
    moment = at or now()
    with db.atomic():
        takes = plan_take(product, quantity, today or moment.date())
        post = Post.get_by_id(shift.__data__["post"])
        reason = f"{post.name}{shift.name}领用"
        _write_takes(actor, takes, PPE_ISSUE, moment, reason, shift=shift_id)
        audit.record(
            actor,
            "supplies.ppe_issue",
            entity="shift",
            entity_id=shift_id,
            summary=f"{post.name} {shift.date} {shift.name} 领用 {product} {quantity}",
        )
    return takes


def shifts_on(day: dt.date) -> list[tuple[int, str]]:
    query = _rows(
        Shift.select(Shift.id, Post.name, Shift.name, Shift.starts_at)
        .join(Post)
        .where(Shift.date == day)
        .order_by(Shift.starts_at, Post.name)
    )
    return [(sid, f"{post} {name}") for sid, post, name, _start in query]


@dataclass(frozen=True)
class DailyConsumption:
    day: dt.date
    quantities: dict[str, int] = field(default_factory=dict)  # product -> issued


def ppe_consumption(start: dt.date, end: dt.date) -> list[DailyConsumption]:
    """PPE issued per day (``start`` … ``end``) and product, every day listed."""
    begin = dt.datetime.combine(start, dt.time())
    stop = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    query = _rows(
        LedgerEntry.select(LedgerEntry.occurred_at, SupplyItem.name, LedgerEntry.quantity)
        .join(SupplyItem)
        .where(
            (LedgerEntry.kind == PPE_ISSUE)
            & (LedgerEntry.occurred_at >= begin)
            & (LedgerEntry.occurred_at < stop)
        )
    )
    days: dict[dt.date, dict[str, int]] = {
        start + dt.timedelta(days=i): {} for i in range((end - start).days + 1)
    }
    for at, product, quantity in query:
        day = _as_date(at)
        if day in days:
            days[day][product] = days[day].get(product, 0) - quantity
    return [DailyConsumption(day, q) for day, q in days.items()]


# --- charts --------------------------------------------------------------------------------


def stock_by_category(start: dt.date, end: dt.date) -> list[tuple[dt.date, dict[str, int]]]:
    """The stock per category at the end of each day from ``start`` to ``end``."""
    stop = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    query = _rows(
        LedgerEntry.select(LedgerEntry.occurred_at, SupplyItem.category, LedgerEntry.quantity)
        .join(SupplyItem)
        .where(LedgerEntry.occurred_at < stop)
        .order_by(LedgerEntry.occurred_at)
    )
    totals = dict.fromkeys(CATEGORIES, 0)
    changes: dict[dt.date, dict[str, int]] = defaultdict(lambda: dict.fromkeys(CATEGORIES, 0))
    for at, category, quantity in query:
        day = _as_date(at) or start
        if day < start:
            totals[category] = totals.get(category, 0) + quantity
        else:
            changes[day][category] = changes[day].get(category, 0) + quantity
    result = []
    for i in range((end - start).days + 1):
        day = start + dt.timedelta(days=i)
        for category, quantity in changes.get(day, {}).items():
            totals[category] = totals.get(category, 0) + quantity
        result.append((day, dict(totals)))
    return result


def deliveries_per_building(round_id: int | None = None) -> list[tuple[str, int]]:
    """Households delivered to per building (in one round, or summed over all), most first.

    A round that brings two products to a household counts the household once.
    """
    per: dict[str, int] = defaultdict(int)
    ids = [round_id] if round_id is not None else [info.id for info in rounds()]
    for rid in ids:
        best: dict[str, int] = defaultdict(int)
        for row in round_buildings(rid):
            best[row.label] = max(best[row.label], row.delivered_households)
        for label, households in best.items():
            per[label] += households
    return sorted(per.items(), key=lambda kv: (-kv[1], natural_key(kv[0])))


def building_choices() -> list[tuple[int, str, str]]:
    """(id, label, risk level) of every building, sealed ones first, then by name."""
    query = Building.select(Building.id, Compound.name, Building.name, Building.risk_level).join(
        Compound
    )
    rows = [(bid, building_label(c, n), level) for bid, c, n, level in _rows(query)]
    rows.sort(key=lambda r: (RISK_ORDER.get(r[2], 3), natural_key(r[1])))
    return rows
