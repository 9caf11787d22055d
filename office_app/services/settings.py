"""Community settings stored in the database (shared by every PC that opens the file).

Per-user preferences (theme, language, window sizes, last folders) live in QSettings in the
views, not here.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from office_app.models import Setting, db, now

from . import audit
from .actor import Actor, require_admin


@dataclass(frozen=True)
class ShiftDefinition:
    name: str
    start: str  # "HH:MM"
    end: str  # "HH:MM"; earlier than start means the shift ends the next day

    def times_on(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        start = dt.datetime.combine(day, dt.time.fromisoformat(self.start))
        end = dt.datetime.combine(day, dt.time.fromisoformat(self.end))
        if end <= start:
            end += dt.timedelta(days=1)
        return start, end


DEFAULT_SHIFTS = (
    ShiftDefinition("白班", "08:00", "20:00"),
    ShiftDefinition("夜班", "20:00", "08:00"),
)


@dataclass(frozen=True)
class CommunitySettings:
    community: str = "科城路社区"
    subdistrict: str = "二郎街道"
    district: str = "九龙坡区"
    shifts: tuple[ShiftDefinition, ...] = DEFAULT_SHIFTS
    # The lowering rule: days with no new positive, and whether the last day needs an
    # all-negative round.
    lowering_clean_days: int = 5
    lowering_needs_negative_round: bool = True
    # After a building is lowered its residents go to 居家健康监测 for this many days.
    monitoring_days: int = 3
    # Personal data of tests, exits and errands older than this may be purged.
    retention_days: int = 90
    extra: dict[str, Any] = field(default_factory=dict)

    def shift(self, name: str) -> ShiftDefinition:
        for definition in self.shifts:
            if definition.name == name:
                return definition
        known = "、".join(s.name for s in self.shifts)
        raise KeyError(f"没有名为“{name}”的班次（已定义：{known}）")

    def shift_at(self, moment: dt.datetime) -> tuple[dt.date, ShiftDefinition]:
        """The shift (and the date it started on) that ``moment`` falls in."""
        for day in (moment.date(), moment.date() - dt.timedelta(days=1)):
            for definition in self.shifts:
                start, end = definition.times_on(day)
                if start <= moment < end:
                    return day, definition
        return moment.date(), self.shifts[0]


_KEY = "community"


def _decode(raw: dict[str, Any]) -> CommunitySettings:
    known = {f.name for f in fields(CommunitySettings)}
    values = {k: v for k, v in raw.items() if k in known}
    if "shifts" in values:
        values["shifts"] = tuple(ShiftDefinition(**s) for s in values["shifts"])
    return CommunitySettings(**values)


def load() -> CommunitySettings:
    row = Setting.get_or_none(Setting.key == _KEY)
    if row is None:
        return CommunitySettings()
    return _decode(json.loads(row.value))


def save(actor: Actor, settings: CommunitySettings) -> None:
    require_admin(actor)
    for definition in settings.shifts:
        definition.times_on(dt.date(2022, 11, 20))  # raises on a malformed time
    before = load()
    payload = json.dumps(asdict(settings), ensure_ascii=False)
    with db.atomic():
        Setting.insert(key=_KEY, value=payload, updated_at=now()).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: payload}
        ).execute()
        audit.record(
            actor, "settings.save", entity="setting", before=asdict(before), after=asdict(settings)
        )
