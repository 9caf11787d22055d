"""``build_demo``: the story of 科城路社区 written into the database, chapter after chapter.

The chapters run in the order below, each on the one :class:`~.world.World`: the order is the
seed's, since every chapter draws from the same dice. Then the rows are inserted in one
transaction with ``insert_many`` (explicit ids link them), the risk rule brings the buildings'
clocks and proposals up to the demo's "now", and the build is audited.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from office_app.models import (
    ALL_MODELS,
    BaseModel,
    Building,
    Compound,
    Distribution,
    ExitRequest,
    Household,
    Operator,
    Organisation,
    Post,
    Resident,
    ServiceRecord,
    Setting,
    Shift,
    SupplyItem,
    TestRecord,
    Volunteer,
    db,
)
from office_app.models.database import is_empty
from office_app.models.engine import reset_sequences

from ..admin import audit
from ..admin.actor import ROLE_ADMIN, ROLE_DUTY, Actor, require_admin, require_write
from ..admin.auth import hash_password
from ..admin.settings import CommunitySettings
from ..places.risk import Rule, refresh, update_clock
from . import errands, gate, places, residents, roster, supplies, testing, volunteers
from .world import DAYS, KEPT, NOT_DATA, Row, World, at

__all__ = ["DemoRefused", "DemoSummary", "build_demo"]

DEMO_PASSWORD = "demo"
DEMO_OPERATORS = (("admin", "管理员", ROLE_ADMIN), ("duty1", "值班员", ROLE_DUTY))


@dataclass(frozen=True)
class DemoSummary:
    compounds: int
    buildings: int
    households: int
    residents: int
    organisations: int
    volunteers: int
    posts: int
    shifts: int
    exit_requests: int
    service_records: int
    supply_items: int
    distributions: int
    test_records: int
    operators: int


class DemoRefused(Exception):
    """The database already holds data and ``force`` was not given."""


def tell(world: World, report: Callable[[int, str], None]) -> None:
    """The story, chapter after chapter (the order is the seed's)."""
    report(10, "正在生成小区、楼栋和住户…")
    layouts = places.build(world)
    residents.move_in(world, layouts)
    neighbours = volunteers.neighbours(world)
    residents.papers(world)
    residents.phones(world)
    residents.groups(world)
    residents.control(world)
    residents.write(world)
    sealing = places.risk_history(world)
    report(30, "正在生成派出单位和志愿者…")
    volunteers.organisations(world)
    volunteers.enlist(world, neighbours)
    volunteers.grid(world)
    volunteers.skills(world)
    volunteers.write(world)
    report(40, "正在排班…")
    roster.roster(world)
    report(50, "正在生成外出申请和服务记录…")
    gate.exits(world)
    errands.others_errands(world)
    report(60, "正在生成物资批次、台账和发放记录…")
    supplies.supplies(world)
    report(70, "正在生成核酸检测记录…")
    testing.tests(world, sealing)
    errands.cui_errands(world)


def build_demo(
    actor: Actor,
    *,
    seed: int = 1,
    today: dt.date | None = None,
    force: bool = False,
    progress: Callable[[int, str], None] | None = None,
) -> DemoSummary:
    """Fill the database with the demo community. Refuses a database that holds data.

    With ``force`` every domain table is emptied first (operators and the audit trail stay),
    in the same transaction as the new content.
    """
    require_write(actor)
    if force:
        require_admin(actor)
    day = today or dt.date.today()

    def report(percent: int, message: str) -> None:
        if progress is not None:
            progress(percent, message)

    with db.atomic():
        report(0, "正在检查数据库…")
        if _holds_data():
            if not force:
                raise DemoRefused(
                    "数据库中已有数据（小区、楼栋、居民、志愿者或核酸记录等），"
                    "不能生成演示数据。如确需用演示数据覆盖，请使用 --force"
                    "（将删除现有的全部业务数据，操作员和审计记录保留）。"
                )
            report(5, "正在清空现有业务数据…")
            _clear()
        _operators(at(day - dt.timedelta(days=DAYS + 6), 9))
        admin = Operator.get_or_none(Operator.username == "admin")
        world = World(seed, day, admin.id if admin is not None else None)
        tell(world, report)

        report(80, "正在写入数据库…")
        _settings(world)
        for model in ALL_MODELS:
            if model not in NOT_DATA:
                _insert(model, world.rows[model])
        # 起算日期 and the earliest lowering date as the risk rule computes them from the data.
        rule = Rule.from_settings()
        for building in Building.select().where(Building.risk_level != "低"):
            update_clock(building, rule)
        # Proposals as the rule makes them at the demo's "now".
        refresh(day, world.now)
        summary = _summary(world.rows)
        report(95, "正在写入审计记录…")
        audit.record(
            actor,
            "demo.build",
            entity="demo",
            summary=(
                f"生成演示数据（种子 {seed}，日期 {day.isoformat()}）："
                f"{summary.households} 户、{summary.residents} 名居民、"
                f"{summary.volunteers} 名志愿者、{summary.test_records} 条核酸记录"
                + ("；已先清空原有业务数据" if force else "")
            ),
            after=asdict(summary),
        )
    report(100, "演示数据已生成。")
    return summary


def _holds_data() -> bool:
    if not is_empty():
        return True
    return any(model.select().exists() for model in ALL_MODELS if model not in NOT_DATA)


def _clear() -> None:
    for model in reversed(ALL_MODELS):
        if model not in KEPT:
            model.delete().execute()


def _operators(created: dt.datetime) -> None:
    """The demo's operators (password ``demo``), unless they exist."""
    for username, display_name, role in DEMO_OPERATORS:
        if Operator.select().where(Operator.username == username).exists():
            continue
        Operator.insert(
            username=username,
            display_name=display_name,
            role=role,
            password_hash=hash_password(DEMO_PASSWORD),
            active=True,
            failed_attempts=0,
            locked_until=None,
            created_at=created,
        ).execute()


def _settings(world: World) -> None:
    """The community's settings, as the program's defaults."""
    value = json.dumps(asdict(CommunitySettings()), ensure_ascii=False)
    Setting.insert(key="community", value=value, updated_at=world.t0).on_conflict(
        conflict_target=[Setting.key],
        update={Setting.value: value, Setting.updated_at: world.t0},
    ).execute()


def _chunks(rows: Sequence[Row], size: int) -> list[Sequence[Row]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def _insert(model: type[BaseModel], rows: list[Row]) -> None:
    if not rows:
        return
    size = max(1, 30000 // len(rows[0]))
    for chunk in _chunks(rows, size):
        model.insert_many(list(chunk)).execute()
    # The rows carry their ids: on PostgreSQL the id sequence must continue after them.
    reset_sequences(db.obj, [model._meta.table_name])


def _summary(rows: dict[type[BaseModel], list[Row]]) -> DemoSummary:
    return DemoSummary(
        compounds=len(rows[Compound]),
        buildings=len(rows[Building]),
        households=len(rows[Household]),
        residents=len(rows[Resident]),
        organisations=len(rows[Organisation]),
        volunteers=len(rows[Volunteer]),
        posts=len(rows[Post]),
        shifts=len(rows[Shift]),
        exit_requests=len(rows[ExitRequest]),
        service_records=len(rows[ServiceRecord]),
        supply_items=len(rows[SupplyItem]),
        distributions=len(rows[Distribution]),
        test_records=len(rows[TestRecord]),
        operators=int(Operator.select().count()),
    )
