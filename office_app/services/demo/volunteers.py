"""The volunteers of 科城路社区: who came, from where, and their places in the grid.

Eighty volunteers serve the community. Most are cadres sent down (下沉干部) from sixteen
organisations of the city, the district and the subdistrict; the big call came ten days ago,
a few came earlier on their own. Eight are social workers of the community and the subdistrict
(社工), five are doctors and nurses, about fifteen are residents helping their neighbours.

The article's people:

- 崔亚涛 (市五中法院) guards 兴茂盛世国际's gates and runs its residents' errands: 73 of them.
- 卢思维, 辜继东 and 祖小明 served before the subdistrict's call.
- 潘超 (市药监局检查二局) lives in 兴茂盛世国际3栋; when it was sealed he asked to serve inside it
  as its 小组长, and takes no shifts outside.
- 徐李梦 and 王榆 live in 恒基雍翠名门6栋 and reported the day after it was unsealed. She had
  entered test data in 华岩镇 and trained two data-entry clerks here (康黎 and one more); his old
  knee injury came back at a checkpoint yesterday (伤病).
- 康黎 (育才中学) enters residents' data at the test site in a protective suit and teaches online.

Two more volunteers live in the sealed building and are under home isolation with it.

The grid (网格): a 片长 for each area, a 组长 for each compound, a 小组长 for each building (a
resident of it where one volunteers; two buildings have none); everyone else is a 组员 of a
compound. Skills: drivers, medics, data-entry clerks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from office_app.models import Organisation, Volunteer, VolunteerSkill, VolunteerStatusChange

from . import identities
from .places import COMPOUNDS, NO_LEADER, SEALED, SEALED_DAY, UNSEAL_TO, UNSEALED, sealed_on
from .residents import find_adult, find_couple, rename
from .world import Helper, Person, World, at

ORGANISATIONS = (  # name, level, kind
    ("市五中法院", "市级", "机关"),
    ("重庆警察学院", "市级", "学校"),
    ("市药监局检查二局", "市级", "机关"),
    ("市城投金卡信息产业(集团)股份有限公司", "市级", "企事业"),
    ("市文化旅游委", "市级", "机关"),
    ("市规划自然资源局", "市级", "机关"),
    ("九龙坡区商圈办", "区级", "机关"),
    ("九龙坡区市场监管局", "区级", "机关"),
    ("育才中学", "区级", "学校"),
    ("九龙坡区教委", "区级", "机关"),
    ("九龙坡区税务局", "区级", "机关"),
    ("九龙坡区人民医院", "区级", "企事业"),
    ("九龙坡区城市管理局", "区级", "机关"),
    ("二郎街道办事处", "街道", "机关"),
    ("二郎街道社区卫生服务中心", "街道", "企事业"),
    ("科城路社区居委会", "社区", "机关"),
)
# The organisations the rest of the sent-down cadres come from.
CADRE_ORGS = (
    "市五中法院",
    "重庆警察学院",
    "市药监局检查二局",
    "市城投金卡信息产业(集团)股份有限公司",
    "市文化旅游委",
    "市规划自然资源局",
    "九龙坡区商圈办",
    "九龙坡区市场监管局",
    "育才中学",
    "九龙坡区教委",
    "九龙坡区税务局",
    "九龙坡区城市管理局",
)
VOLUNTEERS = 80


class Cadre(NamedTuple):
    """One of the article's sent-down cadres."""

    name: str
    gender: str
    org: str
    report: int  # the day he reported, before today
    compound: str  # his compound in the grid
    note: str
    skills: tuple[str, ...] = ()


_EARLY = "在街道通知前已参加社区志愿服务"
# fmt: off
ARTICLE = (
    Cadre("崔亚涛", "男", "市五中法院", -12, "兴茂盛世国际",
          "兴茂盛世国际卡点值守；协助业主就医、外出保供，协助分发生活物资", ("驾驶",)),
    Cadre("卢思维", "男", "重庆警察学院", -15, "恒基雍翠名门", _EARLY),
    Cadre("辜继东", "男", "市城投金卡信息产业(集团)股份有限公司", -14, "科城佳苑", _EARLY,
          ("驾驶",)),
    Cadre("祖小明", "男", "九龙坡区商圈办", -13, "瑞景苑", _EARLY),
    Cadre("潘超", "男", "市药监局检查二局", -12, "兴茂盛世国际",
          "所在楼栋为高风险区，仍申请作为高风险区内志愿者，只在本楼栋内服务"),
    Cadre("徐李梦", "女", "九龙坡区市场监管局", UNSEAL_TO + 1, "恒基雍翠名门",
          "曾在华岩镇华福雅苑社区参与核酸检测录入；建立孕妇、网课学生优先通道，即检即走；"
          "培训了两名录入员", ("核酸录入",)),
    Cadre("王榆", "男", "市文化旅游委", UNSEAL_TO + 1, "恒基雍翠名门",
          "值守卡点时右膝旧伤复发，在小区诊所输液敷药，暂停上岗"),
    Cadre("康黎", "女", "育才中学", -9, "兴茂盛世国际",
          "穿“大白”在核酸检测点录入居民信息；同时完成网上教学", ("核酸录入",)),
)
# fmt: on
PARTY_MEMBERS = ("崔亚涛", "卢思维", "辜继东", "祖小明", "潘超", "康黎", "徐李梦", "王榆")


@dataclass
class Neighbours:
    """The residents who volunteer, chosen before the residents' rows are written."""

    pan: Person | None  # 潘超, in the sealed building
    couple: tuple[Person, Person] | None  # 王榆 and 徐李梦, in the unsealed building
    isolated: list[Person]  # two more in the sealed building
    others: list[Person]  # one in each of 13 other buildings

    def living_here(self) -> dict[str, Person]:
        """The article's cadres who are residents too."""
        found = {"潘超": self.pan}
        if self.couple is not None:
            found.update(王榆=self.couple[0], 徐李梦=self.couple[1])
        return {name: person for name, person in found.items() if person is not None}


def neighbours(world: World) -> Neighbours:
    """The article's residents renamed after them, and the residents who volunteer."""
    sealed, unsealed = world.by_key[SEALED], world.by_key[UNSEALED]
    pan = find_adult(world, sealed, "男", (28, 50), ("head",))
    if pan is not None:
        rename(pan, "潘", "超")
    couple = find_couple(world, unsealed)
    if couple is not None:
        rename(couple[0], "王", "榆")
        rename(couple[1], "徐", "李梦")
    isolated = []
    for _ in range(2):
        person = find_adult(world, sealed, None, (22, 55))
        if person is not None:
            person.volunteer = True
            isolated.append(person)
    others = []
    skip = {sealed.key, *NO_LEADER}
    pool = [b for b in world.buildings if b.key not in skip]
    for building in world.rng.sample(pool, 13):
        person = find_adult(world, building, None, (20, 60))
        if person is not None:
            person.volunteer = True
            others.append(person)
    return Neighbours(pan, couple, isolated, others)


def organisations(world: World) -> None:
    for name, level, kind in ORGANISATIONS:
        world.org_ids[name] = world.add(Organisation, name=name, level=level, kind=kind)


# --- who came -------------------------------------------------------------------------------


def enlist(world: World, residents: Neighbours) -> None:
    """All eighty, in the order of their ids: the article's cadres first."""
    rng = world.rng
    sealed = world.by_key[SEALED]
    sealed_day = world.day(SEALED_DAY)
    _article(world, residents.living_here())
    # The sealed building's other two volunteers: under home isolation.
    for index, person in enumerate(residents.isolated):
        org, kind = ("九龙坡区税务局", "下沉干部") if index == 0 else (None, "居民志愿者")
        volunteer = _from_resident(world, person, org, kind, world.day(-11))
        volunteer.grid_compound = world.compound_ids[sealed.compound]
        volunteer.status, volunteer.status_since = "居家隔离", sealed_day
        volunteer.off_from = sealed_day
        volunteer.party = index == 0
    # Residents' volunteers elsewhere.
    for person in residents.others:
        report = world.day(rng.randint(-15, -11))
        volunteer = _from_resident(world, person, None, "居民志愿者", report)
        assert volunteer.home is not None
        volunteer.grid_compound = world.compound_ids[volunteer.home.compound]
        volunteer.party = rng.random() < 0.4
    # Social workers of the community and the subdistrict.
    for index in range(8):
        org = "科城路社区居委会" if index < 6 else "二郎街道办事处"
        volunteer = _newcomer(world, org, "社工", world.day(-40), (24, 50))
        volunteer.party = rng.random() < 0.7
        if index < 2:
            volunteer.skills.append("核酸录入")
    # Doctors and nurses.
    for index in range(5):
        org = "九龙坡区人民医院" if index < 3 else "二郎街道社区卫生服务中心"
        volunteer = _newcomer(world, org, "下沉干部", world.day(rng.randint(-14, -12)))
        volunteer.skills.append("医护")
    # The rest of the sent-down cadres: the big call came ten days ago.
    while len(world.volunteers) < VOLUNTEERS:
        if rng.random() < 0.3:
            report = world.day(rng.randint(-15, -12))
        else:
            report = world.day(rng.randint(-10, -8))
        _newcomer(world, world.pick(CADRE_ORGS), "下沉干部", report)


def _article(world: World, living_here: dict[str, Person]) -> None:
    for cadre in ARTICLE:
        resident = living_here.get(cadre.name)
        _join(
            world,
            Helper(
                name=cadre.name,
                gender=cadre.gender,
                phone=resident.phone if resident else identities.phone(world),
                org=cadre.org,
                kind="下沉干部",
                report=world.day(cadre.report),
                home=resident.household.building if resident and resident.household else None,
                grid_compound=world.compound_ids[cadre.compound],
                note=cadre.note,
                skills=list(cadre.skills),
            ),
        )
    sealed = world.by_key[SEALED]
    pan = world.volunteer("潘超")
    pan.grid_role, pan.grid_building = "小组长", sealed.id
    pan.off_from = world.day(SEALED_DAY)
    wang = world.volunteer("王榆")
    wang.status, wang.status_since, wang.off_from = "伤病", world.day(-1), world.day(-1)
    world.volunteer("康黎").trained_by = world.volunteer("徐李梦")


def _join(world: World, volunteer: Helper) -> Helper:
    world.volunteers.append(volunteer)
    world.vol_by_name.setdefault(volunteer.name, volunteer)
    return volunteer


def _newcomer(
    world: World, org: str | None, kind: str, report: dt.date, ages: tuple[int, int] = (24, 58)
) -> Helper:
    """A volunteer who does not live here."""
    gender = "男" if world.rng.random() < 0.55 else "女"
    birth_year = world.today.year - world.rng.randint(*ages)
    name = identities.full_name(world, gender, birth_year)
    while name in world.vol_by_name:
        name = identities.full_name(world, gender, birth_year)
    helper = Helper(
        name=name,
        gender=gender,
        phone=identities.phone(world),
        org=org,
        kind=kind,
        report=report,
    )
    return _join(world, helper)


def _from_resident(
    world: World, person: Person, org: str | None, kind: str, report: dt.date
) -> Helper:
    person.volunteer = True
    assert person.household is not None
    helper = Helper(
        name=person.name,
        gender=person.gender,
        phone=person.phone,
        org=org,
        kind=kind,
        report=report,
        home=person.household.building,
    )
    return _join(world, helper)


# --- the grid and the skills ----------------------------------------------------------------


def grid(world: World) -> None:
    """片长 per area, 组长 per compound, 小组长 per building (two left open), 组员 the rest."""
    rng = world.rng
    cid = world.compound_ids
    cadres = [
        v
        for v in world.volunteers
        if v.kind == "下沉干部" and v.grid_compound is None and "医护" not in v.skills
    ]
    rng.shuffle(cadres)
    for area in sorted({plan.area for plan in COMPOUNDS}):
        lead = cadres.pop()
        lead.grid_role, lead.grid_area = "片长", area
    for plan in COMPOUNDS:
        lead = cadres.pop()
        lead.grid_role, lead.grid_compound = "组长", cid[plan.name]
    for building in world.buildings:
        if building.key in NO_LEADER or building.key == SEALED:
            continue
        living = [
            v
            for v in world.volunteers
            if v.home is building
            and v.grid_role == "组员"
            and v.off_from is None
            and v.kind == "居民志愿者"
        ]
        leader = living[0] if living else (cadres.pop() if cadres else None)
        if leader is None:
            continue
        leader.grid_role = "小组长"
        leader.grid_compound, leader.grid_building = building.compound_id, building.id
    names = [plan.name for plan in COMPOUNDS]
    for volunteer in world.volunteers:
        if volunteer.grid_compound is None and volunteer.grid_role != "片长":
            volunteer.grid_compound = cid[world.pick(names)]
    area_of = {cid[plan.name]: plan.area for plan in COMPOUNDS}
    for volunteer in world.volunteers:
        if volunteer.grid_compound is not None:
            volunteer.grid_area = area_of[volunteer.grid_compound]


def skills(world: World) -> None:
    """徐李梦's second trainee, eight drivers; who is a party member."""
    rng = world.rng
    cui, xu = world.volunteer("崔亚涛"), world.volunteer("徐李梦")
    trainee = world.pick(
        [v for v in world.volunteers if v.kind == "下沉干部" and not v.skills and v is not cui]
    )
    trainee.skills.append("核酸录入")
    trainee.trained_by = xu
    drivers = [v for v in world.volunteers if not v.skills and v.kind != "居民志愿者"]
    for volunteer in rng.sample(drivers, 8):
        volunteer.skills.append("驾驶")
    for volunteer in world.volunteers:
        if volunteer.kind == "下沉干部" and volunteer.name not in ("崔亚涛",):
            volunteer.party = volunteer.party and rng.random() < 0.92
    for name in PARTY_MEMBERS:
        if name in world.vol_by_name:
            world.volunteer(name).party = True


# --- the rows -------------------------------------------------------------------------------


def write(world: World) -> None:
    for volunteer in world.volunteers:
        volunteer.id = world.add(
            Volunteer,
            name=volunteer.name,
            phone=volunteer.phone,
            gender=volunteer.gender,
            party_member=volunteer.party,
            organisation=world.org_ids[volunteer.org] if volunteer.org else None,
            kind=volunteer.kind,
            home_building=volunteer.home.id if volunteer.home else None,
            report_date=volunteer.report,
            status=volunteer.status,
            status_since=volunteer.status_since or volunteer.report,
            grid_role=volunteer.grid_role,
            grid_area=volunteer.grid_area,
            grid_compound=volunteer.grid_compound,
            grid_building=volunteer.grid_building,
            note=volunteer.note,
            created_at=at(volunteer.report, 9),
        )
    for volunteer in world.volunteers:
        for skill in volunteer.skills:
            trained_by = None
            if skill == "核酸录入" and volunteer.trained_by is not None:
                trained_by = volunteer.trained_by.id
            world.add(VolunteerSkill, volunteer=volunteer.id, skill=skill, trained_by=trained_by)
        if volunteer.status != "在岗" and volunteer.status_since is not None:
            world.add(
                VolunteerStatusChange,
                volunteer=volunteer.id,
                from_status="在岗",
                to_status=volunteer.status,
                since=volunteer.status_since,
                until=None,
                reason=_why(volunteer),
                created_at=at(volunteer.status_since, 8),
            )


def _why(volunteer: Helper) -> str:
    if volunteer.status == "居家隔离":
        return f"所住楼栋（{SEALED[0]}{SEALED[1]}）划为高风险区，按规定居家隔离"
    return "值守卡点时右膝旧伤复发"


def available(world: World, volunteer: Helper, day: dt.date) -> bool:
    """On duty that day outside his home: not while his own building is sealed, nor on
    the day it is unsealed (the lowering comes during the day shift)."""
    home = volunteer.home
    if home is not None and (
        sealed_on(world, home, day) or sealed_on(world, home, day - dt.timedelta(days=1))
    ):
        return False
    return volunteer.report <= day and (volunteer.off_from is None or day < volunteer.off_from)


def on_duty(world: World, day: dt.date) -> list[Helper]:
    return [v for v in world.volunteers if available(world, v, day)]
