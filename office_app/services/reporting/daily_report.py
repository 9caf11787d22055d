"""The daily report (日报) for the subdistrict: one day's figures of the community.

The day is the office's day: its shifts joined (白班 08:00 to the next morning's 08:00 with
the default shifts, ``figures.day_window``). So every count of the daily report is the sum
of the same count in the day's shift handovers, and every state figure (buildings by level,
people under control, 待复核, residents out, stock, households owed, open proposals) is the
state at the day's end, as the last shift's handover has it. Every figure comes from
``services.reporting.figures``; :func:`daily_figures` returns them as one plain dataclass (the
subdistrict report calls it per community).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from office_app.models import now
from office_app.models.places import RISK_HIGH

from ..admin import settings
from . import figures
from .figures import ChangeRow, CoverageRow


@dataclass(frozen=True)
class CompoundCoverage:
    compound: str
    registered: int
    tested: int


@dataclass(frozen=True)
class DailyFigures:
    subdistrict: str
    community: str
    day: dt.date
    starts_at: dt.datetime  # the day's first shift begins
    ends_at: dt.datetime  # its last shift ends
    as_at: dt.datetime  # the moment state figures are taken at (the end, or now if earlier)
    # State at the day's end.
    levels: dict[str, int]  # 高 / 中 / 低 → buildings
    high_buildings: list[str]
    isolated: int
    monitored: int
    pending_review: int
    out_not_back: int
    overdue: int
    outstanding_households: int
    stock: dict[str, int]  # category → stock
    open_proposals: int
    volunteers_on_duty: int  # 在岗 on the day
    coverage: list[CoverageRow]  # the day's sampling, as known at the day's end
    compounds: list[CompoundCoverage]
    # Counts over the day (the sum of its shifts).
    changes: list[ChangeRow]
    new_isolated: int
    new_monitored: int
    released: int
    records_received: int
    positives: int
    pooled_tubes: int
    pooled_people: int
    requests: int
    decisions: dict[str, int]
    trips_out: int
    trips_back: int
    errands: dict[str, int]  # 就医陪同 / 代购药品 … → 人次
    received: dict[str, int]  # category → quantity received
    delivered_households: int
    rostered: int
    checked_in: int
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


# The name the report and the pages have used.
DailyFacts = DailyFigures


def daily_figures(day: dt.date, *, moment: dt.datetime | None = None) -> DailyFigures:
    """The daily report's figures for ``day`` (state figures as at the day's end, or at
    ``moment`` — by default now — while the day is still running)."""
    span = figures.day_window(day)
    at = min(span.ends_at, moment or now())
    community = settings.load()
    coverage = [r for r in figures.coverage(day, at) if r.registered]
    pooled = figures.pooled_positives(span)
    gate_counts = figures.gate_counts(span)
    changes = figures.control_changes(span)
    isolated, monitored = figures.control_counts(figures.state_day(at))
    roster = figures.roster_counts(span)
    return DailyFigures(
        subdistrict=community.subdistrict,
        community=community.community,
        day=day,
        starts_at=span.starts_at,
        ends_at=span.ends_at,
        as_at=at,
        levels=figures.risk_counts(at),
        high_buildings=figures.buildings_at(at, RISK_HIGH),
        isolated=isolated,
        monitored=monitored,
        pending_review=len(figures.pending_review(at)),
        out_not_back=len(figures.out_not_back(at)),
        overdue=len(figures.overdue(at)),
        outstanding_households=sum(o.households for o in figures.outstanding(at)),
        stock=figures.stock_by_category(at),
        open_proposals=len(figures.open_proposals(at)),
        volunteers_on_duty=figures.volunteers_on_duty(figures.state_day(at)),
        coverage=coverage,
        compounds=[
            CompoundCoverage(name, registered, tested)
            for name, (registered, tested) in figures.coverage_by_compound(coverage).items()
        ],
        changes=figures.risk_changes(span),
        new_isolated=changes.new_isolated,
        new_monitored=changes.new_monitored,
        released=changes.released,
        records_received=figures.records_received(span),
        positives=len(figures.positives(span)),
        pooled_tubes=pooled.tubes,
        pooled_people=len(pooled.rows),
        requests=gate_counts.requests,
        decisions=gate_counts.decisions,
        trips_out=gate_counts.out,
        trips_back=gate_counts.back,
        errands=figures.errands(span),
        received=figures.received(span),
        delivered_households=figures.delivered_households(span),
        rostered=roster.rostered,
        checked_in=roster.checked_in,
        services=figures.services(span),
    )


def gather(day: dt.date, *, moment: dt.datetime | None = None) -> DailyFigures:
    return daily_figures(day, moment=moment)


__all__ = ["CompoundCoverage", "DailyFacts", "DailyFigures", "daily_figures", "gather"]
