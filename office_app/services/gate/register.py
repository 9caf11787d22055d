"""What the gate register (出入登记表) of one day shows: the community and every request and
trip of the day (reports/gate_register.py prints it)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from office_app.services.admin import settings
from office_app.services.clock import now

from . import exits as gate


@dataclass(frozen=True)
class Register:
    day: dt.date
    printed_at: dt.datetime
    community: str
    subdistrict: str
    rows: list[gate.LogRow]

    def counts(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for row in self.rows:
            if row.requested_at.date() == self.day:
                counts["requests"] += 1
                counts[row.decision or "待决定"] += 1
            if row.out_at is not None and row.out_at.date() == self.day:
                counts["out"] += 1
            if row.back_at is not None and row.back_at.date() == self.day:
                counts["back"] += 1
            if row.overdue_at(self.printed_at):
                counts["late"] += 1
        return counts


def gather(day: dt.date, printed_at: dt.datetime | None = None) -> Register:
    community = settings.load()
    return Register(
        day=day,
        printed_at=printed_at or now(),
        community=community.community,
        subdistrict=community.subdistrict,
        rows=gate.day_log(day),
    )


__all__ = ["Register", "gather"]
