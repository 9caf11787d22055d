"""The overview's facts: what the state is and what needs the secretary now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

import peewee as pw

from office_app.models import (
    Building,
    Compound,
    ExitRequest,
    LedgerEntry,
    Resident,
    RiskProposal,
    SupplyItem,
    TestRecord,
    Volunteer,
)
from office_app.models.people import CONTROL_ISOLATION, CONTROL_MONITORING
from office_app.models.places import RISK_HIGH, RISK_MEDIUM
from office_app.models.testing import RESULT_POOLED_POSITIVE, RESULT_POSITIVE, RESULT_REVIEW
from office_app.models.volunteers import STATUS_ON_DUTY

from . import gate


@dataclass(frozen=True)
class RiskBuilding:
    compound: str
    building: str
    level: str
    clean_since: dt.date | None
    earliest_lowering: dt.date | None


@dataclass(frozen=True)
class OverviewFacts:
    high_buildings: int
    medium_buildings: int
    buildings: int
    residents: int
    isolated: int
    monitored: int
    volunteers_on_duty: int
    volunteers: int
    positives_24h: int
    pending_review: int
    out_not_back: int
    overdue: int
    open_proposals: int
    expiring_items: int
    risk_buildings: tuple[RiskBuilding, ...]


def _count(query: Any) -> int:
    return int(query.count())


def gather(now: dt.datetime) -> OverviewFacts:
    soon = now.date() + dt.timedelta(days=7)
    stock = LedgerEntry.select(pw.fn.COALESCE(pw.fn.SUM(LedgerEntry.quantity), 0)).where(
        LedgerEntry.item == SupplyItem.id
    )
    risk_rows = list(
        Building.select(
            Compound.name,
            Building.name,
            Building.risk_level,
            Building.clean_since,
            Building.earliest_lowering,
        )
        .join(Compound)
        .where(Building.risk_level.in_([RISK_HIGH, RISK_MEDIUM]))
        .order_by(Building.risk_level.desc(), Compound.name, Building.name)
        .tuples()
    )
    out = ExitRequest.select().where(
        ExitRequest.out_at.is_null(False) & ExitRequest.back_at.is_null(True)
    )
    return OverviewFacts(
        high_buildings=_count(Building.select().where(Building.risk_level == RISK_HIGH)),
        medium_buildings=_count(Building.select().where(Building.risk_level == RISK_MEDIUM)),
        buildings=_count(Building.select()),
        residents=_count(Resident.select()),
        isolated=_count(Resident.select().where(Resident.control_status == CONTROL_ISOLATION)),
        monitored=_count(Resident.select().where(Resident.control_status == CONTROL_MONITORING)),
        volunteers_on_duty=_count(Volunteer.select().where(Volunteer.status == STATUS_ON_DUTY)),
        volunteers=_count(Volunteer.select()),
        positives_24h=_count(
            TestRecord.select().where(
                TestRecord.result.in_([RESULT_POSITIVE, RESULT_POOLED_POSITIVE])
                & (TestRecord.sample_time >= now - dt.timedelta(hours=24))
                & (TestRecord.sample_time <= now)
            )
        ),
        pending_review=_count(TestRecord.select().where(TestRecord.result == RESULT_REVIEW)),
        out_not_back=_count(out),
        overdue=len(gate.overdue(now)),
        open_proposals=_count(RiskProposal.select().where(RiskProposal.status == "open")),
        expiring_items=_count(
            SupplyItem.select().where(
                SupplyItem.expiry.is_null(False) & (SupplyItem.expiry <= soon) & (stock > 0)
            )
        ),
        risk_buildings=tuple(RiskBuilding(*row) for row in cast(list[tuple[Any, ...]], risk_rows)),
    )
