"""The subdistrict's picture (街道汇总): one day's figures over several communities.

Each community keeps its own database. The subdistrict report opens each one read-only
(never migrated, never written), asks the community's own daily-report figures for the day
(``daily_report.daily_figures``, the same definitions every community prints), and adds them up.
A database that cannot be opened, or whose schema is older or newer than this program's, is
listed as missing with the reason; the others are still reported.

The subdistrict's totals are sums of the communities' figures, never figures of their own.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import peewee as pw

from office_app.models import db
from office_app.models.migrations import SCHEMA_VERSION, SchemaVersion, current_version
from office_app.models.places import RISK_HIGH, RISK_LOW, RISK_MEDIUM

from ..places import risk
from . import daily_report, figures

HISTORY_DAYS = 14
LEVELS = (RISK_HIGH, RISK_MEDIUM, RISK_LOW)


class CommunityUnavailable(Exception):
    """A community database that cannot be reported, with the reason in Chinese."""


@dataclass(frozen=True)
class CommunityRow:
    """One community's figures of the day, as its own daily report gives them."""

    source: str
    community: str
    subdistrict: str
    levels: dict[str, int]  # 高 / 中 / 低 → buildings at the day's end
    isolated: int
    monitored: int
    registered: int
    tested: int
    untested: int
    positives: int
    pooled_tubes: int  # 混管阳性 tubes reported that day
    pooled_people: int  # their people
    pending_review: int
    requests: int
    trips_out: int
    trips_back: int
    overdue: int
    delivered_households: int
    volunteers_on_duty: int
    service_count: int  # 志愿服务人次, every kind together

    @property
    def coverage(self) -> float | None:
        return self.tested / self.registered if self.registered else None


@dataclass(frozen=True)
class RiskBuildingRow:
    community: str
    compound: str
    building: str
    level: str
    clean_since: dt.date | None
    clean_days: int | None
    days_left: int | None


@dataclass(frozen=True)
class HistoryRow:
    """A community's 高 and 中 risk buildings at the end of each of the last days."""

    community: str
    days: list[dt.date]
    high: list[int]
    medium: list[int]


@dataclass(frozen=True)
class MissingCommunity:
    source: str
    reason: str


# The figures that are counts: the subdistrict's total of each is the communities' sum.
COUNTS = (
    "isolated",
    "monitored",
    "registered",
    "tested",
    "untested",
    "positives",
    "pooled_tubes",
    "pooled_people",
    "pending_review",
    "requests",
    "trips_out",
    "trips_back",
    "overdue",
    "delivered_households",
    "volunteers_on_duty",
    "service_count",
)


@dataclass(frozen=True)
class SubdistrictReport:
    day: dt.date
    subdistrict: str
    communities: list[CommunityRow]
    missing: list[MissingCommunity]
    risk_buildings: list[RiskBuildingRow]
    history: list[HistoryRow]

    def total(self, figure: str) -> int:
        return sum(int(getattr(row, figure)) for row in self.communities)

    def total_level(self, level: str) -> int:
        return sum(row.levels.get(level, 0) for row in self.communities)

    @property
    def coverage(self) -> float | None:
        registered = self.total("registered")
        return self.total("tested") / registered if registered else None

    def lowest_coverage_first(self) -> list[CommunityRow]:
        return sorted(
            self.communities,
            key=lambda r: (r.coverage if r.coverage is not None else 2.0, r.community),
        )


def _readonly_database(path: Path) -> pw.SqliteDatabase:
    """A connection that cannot write: SQLite's read-only mode, and ``query_only`` besides."""
    if str(path).startswith(("postgresql:", "postgres:")):
        raise CommunityUnavailable(
            "办公室服务器上的数据库还不能汇总：本程序目前只打开本机的数据库文件"
        )
    if not path.exists():
        raise CommunityUnavailable(f"找不到数据库文件：{path}")
    if not path.is_file():
        raise CommunityUnavailable(f"不是数据库文件：{path}")
    uri = f"{path.resolve().as_uri()}?mode=ro"
    database = pw.SqliteDatabase(
        uri, uri=True, pragmas={"query_only": 1, "busy_timeout": 5000, "foreign_keys": 1}
    )
    try:
        database.connect()
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except (pw.DatabaseError, sqlite3.DatabaseError) as exc:
        database.close()
        raise CommunityUnavailable(f"无法打开数据库（{exc}）") from exc
    return database


def _check_schema(database: pw.SqliteDatabase) -> None:
    with database.bind_ctx([SchemaVersion]):
        version = current_version(database)
    if version <= 0:
        raise CommunityUnavailable("不是本程序的数据库（没有数据库结构版本）")
    if version < SCHEMA_VERSION:
        raise CommunityUnavailable(
            f"数据库结构版本 {version} 较旧（本程序为 {SCHEMA_VERSION}），"
            "请先在该社区用本程序打开一次以升级"
        )
    if version > SCHEMA_VERSION:
        raise CommunityUnavailable(
            f"数据库结构版本 {version} 较新（本程序为 {SCHEMA_VERSION}），请先升级本程序"
        )


@contextmanager
def community_database(source: str | Path) -> Iterator[pw.SqliteDatabase]:
    """Bind the models to one community's database, read-only, for the ``with`` block;
    the database bound before (the program's own) is bound again afterwards."""
    database = _readonly_database(Path(source))
    previous = db.obj
    try:
        _check_schema(database)
        db.initialize(database)
        yield database
    finally:
        db.initialize(previous)
        database.close()


def _community_row(source: str, facts: daily_report.DailyFigures) -> CommunityRow:
    return CommunityRow(
        source=source,
        community=facts.community,
        subdistrict=facts.subdistrict,
        levels={level: facts.levels.get(level, 0) for level in LEVELS},
        isolated=facts.isolated,
        monitored=facts.monitored,
        registered=facts.registered,
        tested=facts.tested,
        untested=facts.untested,
        positives=facts.positives,
        pooled_tubes=facts.pooled_tubes,
        pooled_people=facts.pooled_people,
        pending_review=facts.pending_review,
        requests=facts.requests,
        trips_out=facts.trips_out,
        trips_back=facts.trips_back,
        overdue=facts.overdue,
        delivered_households=facts.delivered_households,
        volunteers_on_duty=facts.volunteers_on_duty,
        service_count=sum(facts.services.values()),
    )


def _risk_buildings(community: str, facts: daily_report.DailyFigures) -> list[RiskBuildingRow]:
    """The buildings at 高 or 中 at the day's end, with their clean-day clock of that day."""
    levels = figures.building_levels(facts.as_at)
    return [
        RiskBuildingRow(
            community,
            s.compound,
            s.name,
            levels[s.building_id],
            s.clean_since,
            s.clean_days,
            s.days_left,
        )
        for s in risk.building_states(facts.as_at.date())
        if levels.get(s.building_id) in (RISK_HIGH, RISK_MEDIUM)
    ]


def _history(community: str, day: dt.date) -> HistoryRow:
    """高 and 中 buildings at the end of each of the last ``HISTORY_DAYS`` office days."""
    days = [day - dt.timedelta(days=n) for n in range(HISTORY_DAYS - 1, -1, -1)]
    counts = [figures.risk_counts(figures.day_window(d).ends_at) for d in days]
    return HistoryRow(
        community, days, [c[RISK_HIGH] for c in counts], [c[RISK_MEDIUM] for c in counts]
    )


def _labels(rows: Sequence[CommunityRow]) -> list[str]:
    """Each community's name, with its file's name beside it where two share a name."""
    names = [r.community or Path(r.source).stem for r in rows]
    return [
        f"{name}（{Path(r.source).name}）" if names.count(name) > 1 else name
        for name, r in zip(names, rows, strict=True)
    ]


def gather(day: dt.date, sources: Sequence[str | Path]) -> SubdistrictReport:
    """The day's figures of every community database in ``sources``, in the order given."""
    found: list[tuple[CommunityRow, list[RiskBuildingRow], HistoryRow]] = []
    missing: list[MissingCommunity] = []
    for source in sources:
        name = str(source)
        try:
            with community_database(source):
                facts = daily_report.daily_figures(day)
                found.append(
                    (
                        _community_row(name, facts),
                        _risk_buildings(facts.community, facts),
                        _history(facts.community, day),
                    )
                )
        except CommunityUnavailable as exc:
            missing.append(MissingCommunity(name, str(exc)))
        except (pw.DatabaseError, sqlite3.DatabaseError) as exc:
            missing.append(MissingCommunity(name, f"读取失败（{exc}）"))
    labels = _labels([row for row, _, _ in found])
    rows = [replace(row, community=label) for (row, _, _), label in zip(found, labels, strict=True)]
    subdistricts = sorted({r.subdistrict for r in rows if r.subdistrict})
    return SubdistrictReport(
        day=day,
        subdistrict="、".join(subdistricts),
        communities=rows,
        missing=missing,
        risk_buildings=[
            replace(b, community=label)
            for (_, buildings, _), label in zip(found, labels, strict=True)
            for b in buildings
        ],
        history=[
            replace(h, community=label) for (_, _, h), label in zip(found, labels, strict=True)
        ],
    )
