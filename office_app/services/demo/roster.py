"""The roster of 科城路社区: its posts and two weeks of shifts (排班).

The posts, with the fewest people a shift needs: a checkpoint (卡点) at every gate (two at each
compound's first gate, one at the others), the test site (核酸采样点, three), the supplies point
(物资分发点, two), a patrol for each area (巡逻) and the duty hotline (值班热线); a day shift
often has one more, up to three. Every day has the office's two shifts (白班
08:00-20:00, 夜班 20:00-08:00, the settings' defaults).

Each shift is staffed from the volunteers on duty that day: rested ones first (twelve hours
since their last shift), the tired only when nobody else is left; first one for every post,
then the rest of each team. A post prefers its own people: a compound's volunteers its gates,
the clerks and medics the test site, drivers the supplies, social workers the hotline, the
片长 the patrols. The lead is the team's grid leader, if it has one. Tonight 恒基雍翠名门东门卡点
is one short: the roster page shows it.

Shifts that began before the clock are checked in, those that ended are checked out; a
checkpoint's lead writes a service record for his shift (崔亚涛 counts errands, not shifts).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from office_app.models import Gate, Post, Shift, ShiftAssignment

from ..admin.settings import DEFAULT_SHIFTS
from .errands import serve
from .places import COMPOUNDS
from .testing import SITE
from .volunteers import on_duty
from .world import DAYS, Helper, Staffed, World

# kind, name, minimum staff (the checkpoints come first, one for every gate)
POSTS = (
    ("核酸采样点", SITE, 3),
    ("物资分发点", "科城路社区物资分发点", 2),
    ("巡逻", "一片区巡逻组", 1),
    ("巡逻", "二片区巡逻组", 1),
    ("值班热线", "社区值班热线", 1),
)
SHORT_TONIGHT = "恒基雍翠名门东门卡点"
LEADS = ("片长", "组长", "小组长")


class Slot(NamedTuple):
    """A post the roster fills."""

    id: int
    kind: str
    name: str
    compound: int | None
    min_staff: int


def posts(world: World) -> list[Slot]:
    slots = []
    for plan in COMPOUNDS:
        compound_id = world.compound_ids[plan.name]
        gates = [row for row in world.rows[Gate] if row["compound"] == compound_id]
        for index, gate in enumerate(gates):
            name = f"{plan.name}{gate['name']}卡点"
            slots.append(_post(world, "卡点", name, compound_id, 2 - min(index, 1)))
    for kind, name, min_staff in POSTS:
        slots.append(_post(world, kind, name, None, min_staff))
    return slots


def _post(world: World, kind: str, name: str, compound_id: int | None, min_staff: int) -> Slot:
    post_id = world.add(
        Post, kind=kind, compound=compound_id, name=name, min_staff=min_staff, active=True
    )
    return Slot(post_id, kind, name, compound_id, min_staff)


def prefers(volunteer: Helper, slot: Slot) -> bool:
    """Whether the volunteer is one of the post's own people."""
    kind = slot.kind
    return (
        (kind == "卡点" and volunteer.grid_compound == slot.compound)
        or (kind == "核酸采样点" and ("核酸录入" in volunteer.skills or "医护" in volunteer.skills))
        or (kind == "物资分发点" and "驾驶" in volunteer.skills)
        or (kind == "值班热线" and volunteer.kind == "社工")
        or (kind == "巡逻" and volunteer.grid_role == "片长")
    )


class Roster:
    """The shifts of the story's two weeks, in order; who worked how often and until when."""

    def __init__(self, world: World, slots: list[Slot]) -> None:
        self.world = world
        self.slots = slots
        self.load = {v.name: 0 for v in world.volunteers}
        self.last_end: dict[str, dt.datetime] = {}

    def fill(self) -> None:
        for offset in range(-DAYS + 1, 1):
            day = self.world.day(offset)
            for definition in DEFAULT_SHIFTS:
                start, end = definition.times_on(day)
                teams = self.teams(offset, day, start, end)
                for slot, team in zip(self.slots, teams, strict=True):
                    if team:
                        staff(self.world, slot, definition.name, start, end, team)
                    for volunteer in team:
                        self.load[volunteer.name] += 1
                        self.last_end[volunteer.name] = end

    def teams(
        self, offset: int, day: dt.date, start: dt.datetime, end: dt.datetime
    ) -> list[list[Helper]]:
        """One team for each post: one volunteer for every post first, then the rest."""
        world, rng = self.world, self.world.rng
        night = end.date() > start.date()
        free = on_duty(world, day)
        rested = [
            v
            for v in free
            if v.name not in self.last_end
            or self.last_end[v.name] + dt.timedelta(hours=12) <= start
        ]
        # Rested volunteers first; the tired ones only when nobody else is left.
        tired = [v for v in free if v not in rested]
        wanted: list[int] = []
        for slot in self.slots:
            count = slot.min_staff if night else min(3, slot.min_staff + rng.choice((0, 0, 1)))
            if offset == 0 and night and slot.name == SHORT_TONIGHT:
                count = 1  # tonight is one short: the roster page shows it
            wanted.append(count)
        teams: list[list[Helper]] = [[] for _ in self.slots]
        for round_no in (1, 2):
            for index, slot in enumerate(self.slots):
                need = (1 if round_no == 1 else wanted[index]) - len(teams[index])
                for _ in range(max(0, need)):
                    pool = rested or (tired if round_no == 1 else [])
                    if not pool:
                        break
                    scores = [
                        self.load[v.name] + rng.random() * 1.5 - (2.5 if prefers(v, slot) else 0.0)
                        for v in pool
                    ]
                    best = pool[scores.index(min(scores))]
                    pool.remove(best)
                    teams[index].append(best)
        return teams


def roster(world: World) -> None:
    Roster(world, posts(world)).fill()


def staff(
    world: World,
    slot: Slot,
    shift_name: str,
    start: dt.datetime,
    end: dt.datetime,
    team: list[Helper],
) -> None:
    """One shift of a post, its team checked in and out as far as the clock has come."""
    rng = world.rng
    leaders = [v for v in team if v.grid_role in LEADS]
    lead = leaders[0] if leaders else team[0]
    shift_id = world.add(
        Shift,
        post=slot.id,
        date=start.date(),
        name=shift_name,
        starts_at=start,
        ends_at=end,
        lead=lead.id,
    )
    world.shifts.append(Staffed(shift_id, slot.kind, slot.name, start, end, len(team)))
    for volunteer in team:
        checked_in = checked_out = None
        if start <= world.now:
            checked_in = start - dt.timedelta(minutes=rng.randint(3, 20))
        if end <= world.now:
            checked_out = end + dt.timedelta(minutes=rng.randint(0, 25))
        world.add(
            ShiftAssignment,
            shift=shift_id,
            volunteer=volunteer.id,
            is_lead=volunteer is lead,
            checked_in_at=checked_in,
            checked_out_at=checked_out,
        )
    if slot.kind == "卡点" and end <= world.now and lead.name != "崔亚涛":
        note = f"{slot.name}{shift_name}带班"
        serve(world, lead, "卡点值守", start + dt.timedelta(hours=1), note=note)
