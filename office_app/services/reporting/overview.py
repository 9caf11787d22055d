"""The overview's facts: what the state is and what needs the secretary now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from office_app.models import Building, Compound, Volunteer
from office_app.models.places import RISK_HIGH, RISK_MEDIUM

from . import figures


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
    """The state at ``now``; every figure from ``services.reporting.figures`` (24 小时内阳性: the
    single-tube positives of this community that reached the office in the last 24 hours)."""
    # Times are whole seconds: "as at now" holds everything recorded up to and including now
    # (a proposal made by the refresh just before this, say).
    at = now + dt.timedelta(seconds=1)
    levels = figures.risk_counts(at)
    isolated, monitored = figures.control_counts(figures.state_day(at))
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
    return OverviewFacts(
        high_buildings=levels[RISK_HIGH],
        medium_buildings=levels[RISK_MEDIUM],
        buildings=sum(levels.values()),
        residents=figures.residents_registered(at),
        isolated=isolated,
        monitored=monitored,
        volunteers_on_duty=figures.volunteers_on_duty(figures.state_day(at)),
        volunteers=_count(Volunteer.select()),
        positives_24h=len(figures.positives(figures.Window(at - dt.timedelta(hours=24), at))),
        pending_review=len(figures.pending_review(at)),
        out_not_back=len(figures.out_not_back(at)),
        overdue=len(figures.overdue(at)),
        open_proposals=len(figures.open_proposals(at)),
        expiring_items=figures.expiring_items(at),
        risk_buildings=tuple(RiskBuilding(*row) for row in cast(list[tuple[Any, ...]], risk_rows)),
    )
