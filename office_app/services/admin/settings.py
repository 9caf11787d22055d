"""Community settings stored in the database (shared by every PC that opens the file).

Per-user preferences (theme, language, window sizes, last folders) live in QSettings in the
views, not here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
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


_SHIFT = re.compile(r"^(\S+?)\s*(\d{1,2}:\d{2})\s*[-–—~～至到]\s*(\d{1,2}:\d{2})$")


def format_shifts(shifts: tuple[ShiftDefinition, ...]) -> str:
    return "；".join(f"{d.name} {d.start}–{d.end}" for d in shifts)


def parse_shifts(text: str) -> tuple[ShiftDefinition, ...]:
    """``白班 08:00–20:00；夜班 20:00–08:00`` (separated by ；, ; or a new line).

    Raises ValueError naming the part that cannot be read, a repeated name, or shifts that
    overlap or leave a gap in the day.
    """
    parts = [p.strip() for p in re.split(r"[；;\n]", text) if p.strip()]
    if not parts:
        raise ValueError("请至少定义一个班次，如“白班 08:00–20:00”。")
    found: list[ShiftDefinition] = []
    for part in parts:
        match = _SHIFT.match(part)
        if match is None:
            raise ValueError(f"看不懂“{part}”：请写成“名称 开始–结束”，如“白班 08:00–20:00”。")
        name, start, end = match.groups()
        try:
            start_time = dt.time.fromisoformat(start.zfill(5))
            end_time = dt.time.fromisoformat(end.zfill(5))
        except ValueError:
            raise ValueError(f"“{part}”里的时间不对（时 0–23，分 0–59）。") from None
        if start_time == end_time:
            raise ValueError(f"“{part}”：开始和结束不能相同。")
        if any(d.name == name for d in found):
            raise ValueError(f"班次名称“{name}”重复了。")
        found.append(
            ShiftDefinition(name, start_time.strftime("%H:%M"), end_time.strftime("%H:%M"))
        )
    # The shifts must cover the day once: each starts where the one before ends.
    day = dt.date(2022, 11, 20)
    total = sum(((e - s) for s, e in (d.times_on(day) for d in found)), dt.timedelta())
    chained = all(found[i].end == found[(i + 1) % len(found)].start for i in range(len(found)))
    if total != dt.timedelta(days=1) or not chained:
        raise ValueError(
            "班次须首尾相接、正好覆盖一整天（如 白班 08:00–20:00；夜班 20:00–08:00）。"
        )
    return tuple(found)


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
