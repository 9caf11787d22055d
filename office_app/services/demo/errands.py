"""The volunteers' errands: every service record (服务记录) of the story, and 崔亚涛's 73.

A service record says what a volunteer did for whom: escorting a resident out and back
(就医陪同), buying and bringing medicine (代购药品), carrying supplies to a building or a door
(物资配送), leading a checkpoint's shift (卡点值守), entering test data (核酸录入). The other
chapters write the records of their own scenes through :func:`serve`; this one adds the rest.

崔亚涛 guards 兴茂盛世国际. Besides the escorts and the medicine of his days at the gate, he
runs its residents' errands until he has done 73 (the article's figure): up to twelve times
medicine for the old, the ill and the pregnant, the rest supplies carried to its buildings
(not the sealed one: 潘超 serves inside it). Other volunteers buy medicine thirty times for
the residents at home, the very old and the disabled.
"""

from __future__ import annotations

import datetime as dt

from office_app.models import ServiceRecord

from .places import SEALED
from .volunteers import available
from .world import DAYS, Block, Helper, Person, Row, World, at

CUI_ERRANDS = 73
CUI_MEDICINE = 12  # at most, of the 73
ERRANDS = ("就医陪同", "代购药品", "物资配送")
OTHERS_MEDICINE = 30


def record(
    volunteer: Helper,
    kind: str,
    moment: dt.datetime,
    person: Person | None = None,
    building: Block | None = None,
    exit_id: int | None = None,
    count: int = 1,
    note: str = "",
) -> Row:
    """A service record's row (its building the resident's when only he is given)."""
    if building is None and person is not None and person.household is not None:
        building = person.household.building
    return {
        "volunteer": volunteer.id,
        "kind": kind,
        "resident": person.id if person else None,
        "building": building.id if building else None,
        "exit_request_id": exit_id,
        "occurred_at": moment,
        "count": count,
        "note": note,
        "created_at": moment,
    }


def serve(
    world: World,
    volunteer: Helper,
    kind: str,
    moment: dt.datetime,
    *,
    person: Person | None = None,
    building: Block | None = None,
    exit_id: int | None = None,
    count: int = 1,
    note: str = "",
) -> None:
    """What a volunteer did, recorded now."""
    row = record(volunteer, kind, moment, person, building, exit_id, count, note)
    world.add(ServiceRecord, **row)


def cui_errands(world: World) -> None:
    """崔亚涛's errands up to 73, counting those the gate and the supplies gave him."""
    cui = world.volunteer("崔亚涛")
    done = sum(
        row["count"]
        for row in world.rows[ServiceRecord]
        if row["volunteer"] == cui.id and row["kind"] in ERRANDS
    )
    days = [world.day(o) for o in range(-DAYS + 1, 1) if available(world, cui, world.day(o))]
    xingmao = [b for b in world.buildings if b.compound == "兴茂盛世国际" and b.key != SEALED]
    needy = [
        p
        for p in world.people
        if p.household is not None
        and p.household.building in xingmao
        and ("高龄" in p.groups or "慢病·透析" in p.groups or "孕妇" in p.groups)
    ]
    medicine = 0
    while done < CUI_ERRANDS and medicine < CUI_MEDICINE:
        day = world.pick(days)
        serve(
            world,
            cui,
            "代购药品",
            _errand_time(world, day, 45),
            person=world.pick(needy),
            note="帮居民到药店购药、送药到户",
        )
        done += 1
        medicine += 1
    while done < CUI_ERRANDS:
        count = min(CUI_ERRANDS - done, world.rng.randint(1, 4))
        day = world.pick(days)
        serve(
            world,
            cui,
            "物资配送",
            _errand_time(world, day, 50),
            building=world.pick(xingmao),
            count=count,
            note="外出保供，生活物资送到楼栋",
        )
        done += count


def _errand_time(world: World, day: dt.date, today_minute: int) -> dt.datetime:
    """During the day; today, before the clock's 09:30 (at 08:``today_minute``)."""
    return world.moment(day, 9, 19) if day < world.today else at(day, 8, today_minute)


def others_errands(world: World) -> None:
    """Medicine bought for isolated and old residents by other volunteers."""
    rng = world.rng
    cui = world.volunteer("崔亚涛")
    needy = [
        p for p in world.people if p.control_status or "高龄" in p.groups or "残障" in p.groups
    ]
    for _ in range(OTHERS_MEDICINE):
        day = world.day(rng.randint(-DAYS + 1, -1))
        helpers = [v for v in world.volunteers if available(world, v, day) and v is not cui]
        serve(
            world,
            world.pick(helpers),
            "代购药品",
            world.moment(day, 9, 19),
            person=world.pick(needy),
            count=rng.randint(1, 2),
            note="代购常用药，送到门口",
        )
