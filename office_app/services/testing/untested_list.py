"""What the printable 未检名单 shows: the residents not sampled on a day (of one building or
all) and every building's coverage (reports/untested.py prints it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from office_app.services.admin import settings

from .followup import Coverage, UntestedResident, coverage, untested


@dataclass(frozen=True)
class UntestedList:
    day: dt.date
    building_id: int | None
    community: str
    rows: list[UntestedResident]
    covered: list[Coverage]


def gather(day: dt.date, building_id: int | None = None) -> UntestedList:
    return UntestedList(
        day, building_id, settings.load().community, untested(day, building_id), coverage(day)
    )


__all__ = ["UntestedList", "gather"]
