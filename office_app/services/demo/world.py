"""The demo's world while it is being written: its clock, its dice and the rows it will insert.

Every chapter of the story (places, residents, volunteers, the roster, the gate, supplies, the
test site, errands) takes the one :class:`World` and adds rows to it; ``build`` inserts them at
the end. The world also holds the people and places as the story knows them (a building with
its households, a resident with his family and groups, a volunteer with his post in the grid)
before and after they have ids.

Deterministic: every random choice comes from ``World.rng`` (one ``random.Random(seed)``), in
the order the chapters run; every moment is derived from ``today`` (the clock stands at
``today`` 09:30, :data:`CLOCK`).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from office_app.models import ALL_MODELS, AuditEntry, BaseModel, Operator, Seat, Setting

from ..people.identity import DocumentType

Row = dict[str, Any]
T = TypeVar("T")

# The demo's clock: everything before this moment on ``today`` has happened.
CLOCK = dt.time(9, 30)
# The days of the story: the roster and the gate's requests cover the last two weeks.
DAYS = 14

# Tables that are not domain data: kept by ``force`` (the seats: who is connected now, the
# command line building the demo among them).
KEPT = (Operator, AuditEntry, Seat)
# Tables whose content does not make the database "hold data" (and that ``build`` writes
# itself, not from the world's rows).
NOT_DATA = (Setting, Operator, AuditEntry, Seat)


def at(day: dt.date, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute, second))


def age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


# --- the community's people and places, as the story knows them ------------------------------


@dataclass(eq=False)
class Block:
    """A building (栋): its compound, gates and households."""

    id: int
    compound_id: int
    compound: str
    address: str
    area: str
    name: str
    gate_ids: list[int]
    households: list[Home] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.compound, self.name)


@dataclass(eq=False)
class Home:
    """A household (户): one flat of a building and the family living in it."""

    id: int
    building: Block
    unit: str
    room: str
    members: list[Person] = field(default_factory=list)


@dataclass(eq=False)
class Person:
    """A resident."""

    surname: str
    given: str
    gender: str
    birth: dt.date
    role: str  # head, spouse, child, elder, single
    phone: str = ""
    landline: str = ""
    doc_type: str = DocumentType.ID_CARD.value
    doc_no: str = ""
    groups: list[str] = field(default_factory=list)
    control_status: str = ""
    control_from: dt.date | None = None
    control_until: dt.date | None = None
    note: str = ""
    volunteer: bool = False
    id: int = 0
    household: Home | None = None

    @property
    def name(self) -> str:
        return self.surname + self.given


@dataclass(eq=False)
class Helper:
    """A volunteer (志愿者): a sent-down cadre, a social worker or a resident who helps."""

    name: str
    gender: str
    phone: str
    org: str | None
    kind: str
    report: dt.date
    party: bool = True
    home: Block | None = None
    status: str = "在岗"
    status_since: dt.date | None = None
    grid_role: str = "组员"
    grid_area: str = ""
    grid_compound: int | None = None
    grid_building: int | None = None
    note: str = ""
    skills: list[str] = field(default_factory=list)
    # From this day on the volunteer takes no shifts and no escorts.
    off_from: dt.date | None = None
    # Who taught him to enter test data (核酸录入).
    trained_by: Helper | None = None
    id: int = 0


class Staffed(NamedTuple):
    """A shift of the roster, as the supplies see it (what its post takes from the stock)."""

    id: int
    post_kind: str
    post: str
    start: dt.datetime
    end: dt.datetime
    staff: int


# --- the world ------------------------------------------------------------------------------


class World:
    def __init__(self, seed: int, today: dt.date, admin_id: int | None) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.today = today
        self.now = dt.datetime.combine(today, CLOCK)
        self.admin_id = admin_id
        # When the community's records were first entered (the compounds, the households).
        self.t0 = at(self.day(-DAYS - 6), 9)
        self.rows: dict[type[BaseModel], list[Row]] = {
            m: [] for m in ALL_MODELS if m not in NOT_DATA
        }
        # Identity numbers and phone numbers given out: each once.
        self.docs: set[str] = set()
        self.phones: set[str] = set()
        # Places and people.
        self.compound_ids: dict[str, int] = {}
        self.buildings: list[Block] = []
        self.by_key: dict[tuple[str, str], Block] = {}
        self.people: list[Person] = []
        # Volunteers and where they serve.
        self.volunteers: list[Helper] = []
        self.vol_by_name: dict[str, Helper] = {}
        self.org_ids: dict[str, int] = {}
        self.shifts: list[Staffed] = []

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    def add(self, model: type[BaseModel], **values: Any) -> int:
        """A row to insert; its id (the tables are empty, ids count from 1)."""
        rows = self.rows[model]
        new_id = len(rows) + 1
        rows.append({"id": new_id, **values})
        return new_id

    def row(self, model: type[BaseModel], row_id: int) -> Row:
        return self.rows[model][row_id - 1]

    def pick(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    def moment(self, day: dt.date, start_hour: int, end_hour: int) -> dt.datetime:
        """A random second of ``day`` between the two hours."""
        span = (end_hour - start_hour) * 3600
        return at(day, start_hour) + dt.timedelta(seconds=self.rng.randrange(span))

    def age(self, person: Person) -> int:
        return age(person.birth, self.today)

    def volunteer(self, name: str) -> Helper:
        return self.vol_by_name[name]
