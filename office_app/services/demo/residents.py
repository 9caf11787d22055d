"""The residents of 科城路社区: the families in their flats, their papers, groups and control.

About 1,200 of the flats are lived in, by one to five people: old people living alone, couples,
an old parent with a grown-up child, families with children and sometimes grandparents. Five
foreigners have passports instead of identity cards. Most adults have their own mobile; children
and some old people share the household's number, and some old people still have a landline.

The special groups the office looks after: pupils in online classes (网课学生), the very old
(高龄, 80 and over), babies (婴幼儿), 32 pregnant women (孕妇), 20 on dialysis or chemotherapy
(慢病·透析) and 16 disabled residents (残障).

Everyone in the sealed building (兴茂盛世国际3栋) is under home isolation (居家隔离) since it was
sealed; nine residents elsewhere are under home health monitoring (居家健康监测) until tomorrow.
"""

from __future__ import annotations

from office_app.models import Household, Resident, ResidentGroup

from ..people.identity import DocumentType
from . import identities
from .places import SEALED, SEALED_DAY, TARGET_HOUSEHOLDS, Layout
from .world import Block, Home, Person, World

FOREIGNERS = (  # name, gender, passport
    ("JAMES WILSON", "男", "568214937"),
    ("KIM MINJI", "女", "M48213376"),
    ("TANAKA HIROSHI", "男", "TK4821937"),
    ("NGUYEN THI HOA", "女", "C7294615"),
    ("Daniel Müller", "男", "C4J7R2K91"),
    ("ANNA PETROVA", "女", "753829164"),
)
MONITORING_NOTES = (
    "外地返渝，居家健康监测 3 天",
    "密接者同住人，隔离期满后居家健康监测",
    "中风险区来渝人员，居家健康监测",
)
# household size: weight
FAMILY_SIZES = {1: 20, 2: 32, 3: 28, 4: 13, 5: 7}


# --- the families move in -------------------------------------------------------------------


def move_in(world: World, layouts: list[Layout]) -> None:
    """A family in about TARGET_HOUSEHOLDS of the flats, by chance, building after building."""
    occupancy = TARGET_HOUSEHOLDS / sum(layout.rooms for layout in layouts)
    for building, units, floors, doors in layouts:
        for unit in range(1, units + 1):
            for floor in range(1, floors + 1):
                for door in range(1, doors + 1):
                    if world.rng.random() >= occupancy:
                        continue
                    household = Home(0, building, f"{unit}单元", f"{floor}-{door}")
                    household.members = family(world)
                    for member in household.members:
                        member.household = household
                    building.households.append(household)


def family(world: World) -> list[Person]:
    rng = world.rng
    size = rng.choices(tuple(FAMILY_SIZES), weights=tuple(FAMILY_SIZES.values()))[0]
    if size == 1:
        return [_alone(world)]
    if size == 2 and rng.random() < 0.4:
        return _parent_and_child(world)
    return _couple_and_theirs(world, size)


def _alone(world: World) -> Person:
    rng = world.rng
    gender = world.pick(("男", "女"))
    years = rng.randint(60, 96) if rng.random() < 0.45 else rng.randint(22, 45)
    return identities.person(world, years, gender, "single")


def _parent_and_child(world: World) -> list[Person]:
    rng = world.rng
    if rng.random() < 0.6:  # an old parent and a grown-up child
        parent_age = rng.randint(50, 93)
        child_age = max(18, parent_age - rng.randint(22, 34))
    else:  # a single parent and a child
        parent_age = rng.randint(28, 45)
        child_age = rng.randint(0, parent_age - 22)
    parent = identities.person(world, parent_age, world.pick(("男", "女")), "head")
    child_gender = world.pick(("男", "女"))
    child = identities.person(world, child_age, child_gender, "child", parent.surname)
    return [parent, child]


def _couple_and_theirs(world: World, size: int) -> list[Person]:
    """A couple, their children and, in the bigger households, one or two grandparents."""
    rng = world.rng
    husband_age = rng.randint(25, 90) if size == 2 else rng.randint(28, 58)
    husband = identities.person(world, husband_age, "男", "head")
    wife = identities.person(world, max(20, husband_age - rng.randint(-2, 5)), "女", "spouse")
    members = [husband, wife]
    wife_age = world.age(wife)
    kids = {2: 0, 3: 1, 4: 2, 5: rng.randint(1, 2)}[size]
    if size == 4 and rng.random() < 0.4:
        kids = 1
    for _ in range(kids):
        years = rng.randint(0, max(0, min(30, wife_age - 21)))
        surname = husband.surname if rng.random() < 0.9 else wife.surname
        gender = world.pick(("男", "女"))
        members.append(identities.person(world, years, gender, "child", surname))
    elders = size - len(members)
    if elders > 0:
        grandpa_age = min(97, husband_age + rng.randint(24, 34))
        side = husband.surname if rng.random() < 0.6 else wife.surname
        if elders == 2:
            members.append(identities.person(world, grandpa_age, "男", "elder", side))
            grandma_age = grandpa_age - rng.randint(0, 4)
            members.append(identities.person(world, grandma_age, "女", "elder"))
        else:
            gender = world.pick(("男", "女"))
            family = side if gender == "男" else None  # a grandmother keeps her own
            members.append(identities.person(world, grandpa_age, gender, "elder", family))
    return members


# --- residents the story needs ---------------------------------------------------------------


def rename(person: Person, surname: str, given: str) -> None:
    """Give a resident a name from the article (his children his surname) and make him a
    volunteer."""
    old = person.surname
    household = person.household
    if household is not None and person.gender == "男":
        for member in household.members:
            if member.role == "child" and member.surname == old:
                member.surname = surname
    person.surname, person.given = surname, given
    person.volunteer = True


ADULT_ROLES = ("head", "spouse", "single", "child")


def find_adult(
    world: World,
    building: Block,
    gender: str | None,
    ages: tuple[int, int],
    roles: tuple[str, ...] = ADULT_ROLES,
) -> Person | None:
    """One of the building's residents of that age (and gender) who does not volunteer yet."""
    candidates = [
        p
        for h in building.households
        for p in h.members
        if not p.volunteer
        and p.role in roles
        and (gender is None or p.gender == gender)
        and ages[0] <= world.age(p) <= ages[1]
    ]
    return world.pick(candidates) if candidates else None


def find_couple(world: World, building: Block) -> tuple[Person, Person] | None:
    """A husband of 28 to 52 and his wife living in the building."""
    couples = []
    for household in building.households:
        heads = [p for p in household.members if p.role == "head" and p.gender == "男"]
        wives = [p for p in household.members if p.role == "spouse"]
        if heads and wives and 28 <= world.age(heads[0]) <= 52:
            couples.append((heads[0], wives[0]))
    return world.pick(couples) if couples else None


# --- papers, phones, groups and control status -----------------------------------------------


def everyone(world: World) -> list[Person]:
    return [p for b in world.buildings for h in b.households for p in h.members]


def papers(world: World) -> None:
    """Passports for five foreigners (never one of the article's people), identity cards for
    everybody else."""
    people = everyone(world)
    adults = [p for p in people if not p.volunteer and 25 <= world.age(p) <= 60]
    men = [p for p in adults if p.gender == "男"]
    women = [p for p in adults if p.gender == "女"]
    for full_name, gender, passport in world.rng.sample(FOREIGNERS, 5):
        same = men if gender == "男" else women
        person = world.pick(same)
        same.remove(person)
        person.surname, person.given = "", full_name
        person.doc_type = DocumentType.PASSPORT.value
        person.doc_no = passport
        world.docs.add(passport)
    for person in people:
        if not person.doc_no:
            person.doc_no = identities.id_number(world, person.birth, person.gender)


def phones(world: World) -> None:
    """Adults mostly their own mobile; children and some old people share the household's;
    a landline in some households with someone of 70 or more."""
    rng = world.rng
    for household in (h for b in world.buildings for h in b.households):
        members = household.members
        main = identities.phone(world)
        members[0].phone = main
        for member in members[1:]:
            years = world.age(member)
            if years < 16 or (years >= 75 and rng.random() < 0.4) or rng.random() < 0.12:
                member.phone = main
            else:
                member.phone = identities.phone(world)
        if any(world.age(m) >= 70 for m in members) and rng.random() < 0.3:
            members[0].landline = f"023-68{rng.randrange(10**6):06d}"


def groups(world: World) -> None:
    """The special groups: by age, then a sample of the pregnant, the ill and the disabled."""
    rng = world.rng
    people = everyone(world)
    for person in people:
        years = world.age(person)
        if 6 <= years <= 18 and rng.random() < 0.92:
            person.groups.append("网课学生")
        if years >= 80:
            person.groups.append("高龄")
        if years < 3:
            person.groups.append("婴幼儿")
    mothers = [
        p
        for p in people
        if p.gender == "女"
        and p.role == "spouse"
        and 22 <= world.age(p) <= 40
        and p.doc_type == DocumentType.ID_CARD.value
        and not p.volunteer
    ]
    for person in rng.sample(mothers, min(32, len(mothers))):
        person.groups.append("孕妇")
    older = [p for p in people if world.age(p) >= 45]
    for person in rng.sample(older, 20):
        person.groups.append("慢病·透析")
    for person in rng.sample([p for p in people if world.age(p) >= 8], 16):
        person.groups.append("残障")


def control(world: World) -> None:
    """The sealed building at home; nine adults elsewhere under monitoring until tomorrow."""
    sealed = world.by_key[SEALED]
    for household in sealed.households:
        for person in household.members:
            person.control_status = "居家隔离"
            person.control_from = world.day(SEALED_DAY)
    others = [
        p
        for p in everyone(world)
        if p.household is not None
        and p.household.building is not sealed
        and not p.volunteer
        and world.age(p) >= 18
    ]
    for person in world.rng.sample(others, 9):
        person.control_status = "居家健康监测"
        person.control_from = world.day(-2)
        person.control_until = world.day(1)
        person.note = world.pick(MONITORING_NOTES)


def write(world: World) -> None:
    """The households, residents and their groups, building after building."""
    for building in world.buildings:
        for household in building.households:
            household.id = world.add(
                Household,
                building=building.id,
                unit=household.unit,
                room=household.room,
                created_at=world.t0,
            )
            for person in household.members:
                person.id = world.add(
                    Resident,
                    household=household.id,
                    name=person.name,
                    doc_type=person.doc_type,
                    doc_no=person.doc_no,
                    gender=person.gender,
                    birth_date=person.birth,
                    phone=person.phone,
                    landline=person.landline,
                    control_status=person.control_status,
                    control_from=person.control_from,
                    control_until=person.control_until,
                    note=person.note,
                    created_at=world.t0,
                    updated_at=world.t0,
                )
                world.people.append(person)
                for group in person.groups:
                    world.add(ResidentGroup, resident=person.id, group=group)
