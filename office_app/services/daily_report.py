"""The daily report (日报) for the subdistrict: one day's figures of the community.

Built from the same pieces as the shift handover, over the whole day (00:00–24:00), so a
figure in the daily report and the sum of the day's handovers agree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, cast

import peewee as pw

from office_app.models import (
    LedgerEntry,
    ServiceRecord,
    Shift,
    ShiftAssignment,
    SupplyItem,
    TestRecord,
    now,
)
from office_app.models.places import RISK_HIGH, RISK_LOW, RISK_MEDIUM
from office_app.models.supplies import CATEGORIES
from office_app.models.testing import RESULT_POOLED_POSITIVE, RESULT_POSITIVE

from . import gate, handover, risk, settings
from .handover import ChangeRow, ControlFacts, CoverageRow, ShiftWindow


@dataclass(frozen=True)
class CompoundCoverage:
    compound: str
    registered: int
    tested: int


@dataclass(frozen=True)
class DailyFacts:
    subdistrict: str
    community: str
    day: dt.date
    levels: dict[str, int]  # 高 / 中 / 低 → buildings
    high_buildings: list[str]
    changes: list[ChangeRow]
    control: ControlFacts
    samples: int  # test records sampled that day
    positives: int
    pooled_positives: int
    pending_review: int
    coverage: list[CoverageRow]
    compounds: list[CompoundCoverage]
    requests: int
    decisions: dict[str, int]
    trips_out: int
    trips_back: int
    overdue: int
    received: dict[str, int]  # category → quantity received
    delivered_households: int
    stock: dict[str, int]  # category → stock at the end of the day
    volunteers_on_duty: int
    services: dict[str, int]  # service kind → 人次

    @property
    def registered(self) -> int:
        return sum(c.registered for c in self.coverage)

    @property
    def tested(self) -> int:
        return sum(c.tested for c in self.coverage)

    @property
    def untested(self) -> int:
        return sum(c.untested for c in self.coverage)


def _rows(query: Any) -> list[tuple[Any, ...]]:
    return cast(list[tuple[Any, ...]], list(query))


def _overdue(exits: list[gate.LogRow], window: ShiftWindow) -> int:
    """Trips overdue at the end of the day (or now, for today): the day's own, and those
    out since an earlier day."""
    moment = min(window.ends_at, now())
    trips = {row.id: row for row in (*exits, *gate.out_at(window.starts_at))}
    return sum(1 for row in trips.values() if row.overdue_at(moment))


def whole_day(day: dt.date) -> ShiftWindow:
    start = dt.datetime.combine(day, dt.time())
    return ShiftWindow(day, "全天", start, start + dt.timedelta(days=1), 0)


def gather(day: dt.date) -> DailyFacts:
    window = whole_day(day)
    community = settings.load()
    states = risk.building_states(day)
    levels = Counter(s.level for s in states)
    risk_picture = handover.risk_picture(window)
    testing = handover.testing_facts(window)
    gate_facts = handover.gate_facts(window)
    supplies = handover.supply_facts(window)
    within = handover.within

    samples = int(TestRecord.select().where(within(TestRecord.sample_time, window)).count())
    results = Counter(p.result for p in testing.positives)
    by_compound: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in testing.coverage:
        compound = row.building.split(" ")[0]
        by_compound[compound][0] += row.registered
        by_compound[compound][1] += row.tested
    decisions = Counter(
        (row.decision or "待决定") for row in gate_facts.exits if window.holds(row.requested_at)
    )
    received: Counter[str] = Counter()
    for category, quantity in _rows(
        LedgerEntry.select(SupplyItem.category, LedgerEntry.quantity)
        .join(SupplyItem)
        .where((LedgerEntry.kind == "receipt") & within(LedgerEntry.occurred_at, window))
        .tuples()
    ):
        received[category] += quantity
    stock: Counter[str] = Counter()
    for item in supplies.stock:
        stock[item.category] += item.stock
    on_duty = (
        ShiftAssignment.select(ShiftAssignment.volunteer)
        .join(Shift)
        .where((Shift.starts_at < window.ends_at) & (Shift.ends_at > window.starts_at))
        .distinct()
        .count()
    )
    services = dict(
        _rows(
            ServiceRecord.select(ServiceRecord.kind, pw.fn.SUM(ServiceRecord.count))
            .where(within(ServiceRecord.occurred_at, window))
            .group_by(ServiceRecord.kind)
            .tuples()
        )
    )
    return DailyFacts(
        subdistrict=community.subdistrict,
        community=community.community,
        day=day,
        levels={level: levels.get(level, 0) for level in (RISK_HIGH, RISK_MEDIUM, RISK_LOW)},
        high_buildings=[f"{s.compound} {s.name}" for s in states if s.level == RISK_HIGH],
        changes=risk_picture.changes,
        control=handover.control_facts(window),
        samples=samples,
        positives=results.get(RESULT_POSITIVE, 0),
        pooled_positives=results.get(RESULT_POOLED_POSITIVE, 0),
        pending_review=testing.pending_review,
        coverage=testing.coverage,
        compounds=[CompoundCoverage(c, r, t) for c, (r, t) in by_compound.items()],
        requests=sum(decisions.values()),
        decisions=dict(decisions),
        trips_out=sum(1 for row in gate_facts.exits if window.holds(row.out_at)),
        trips_back=sum(1 for row in gate_facts.exits if window.holds(row.back_at)),
        overdue=_overdue(gate_facts.exits, window),
        received={c: received.get(c, 0) for c in CATEGORIES},
        delivered_households=sum(d.households for d in supplies.delivered),
        stock={c: stock.get(c, 0) for c in CATEGORIES},
        volunteers_on_duty=int(on_duty),
        services={str(k): int(v) for k, v in services.items()},
    )
