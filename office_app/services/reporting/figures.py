"""The figures the office reports, each defined once (no Qt).

The overview, the shift handover, the daily report, the command line and the pages' counts
all take their figures from here; none counts anything of its own. A figure is either a
**state at a moment** (``at``: everything that reached the office before that moment, and
nothing after it) or a **count over a window** (``Window``: the facts that reached the
office from its start, inclusive, to its end, exclusive). A window figure of a day equals
the sum of the same figure over the day's shifts, since the day's window is its shifts
joined (:func:`day_window`); a state figure of a day is the state at the day's end.

When a fact reached the office: a test result when the file that brought it was imported
(``TestRecord.result_known_at`` for a result filled into an earlier row by a later file);
a risk change, a proposal, a decision at the gate, going out and coming back, a receipt, a
delivery, a service record at their own recorded times. So a figure "as at the end of a
shift" is the same whenever it is asked: what came later is not in it.

======================  ==================================================================
Figure (function)        定义（社区的说法）
======================  ==================================================================
高/中/低风险楼栋          某时刻各风险等级的楼栋数，按风险等级调整记录推算（``risk_counts``）
居家隔离 / 健康监测        某日处于居家隔离 / 居家健康监测期内的登记居民人数（``control_counts``）
新增隔离/监测、解除        班次（或当天）内开始隔离、开始监测、解除管控的人数（``control_changes``）
阳性                    本社区（对应到登记居民或本社区楼栋）的单管阳性结果，按结果到达社区
                         （检测文件导入）的时间计入（``positives``）
混管阳性                 混管检测结果为阳性的本社区人员（按导入时间计入）及其试管数
                         （试管按其第一条结果到达的班次计入），与阳性分开统计（``pooled_positives``）
待复核                   某时刻：14 天内混管阳性试管中的人员，尚无此后采样的单管结果
                         （阴性或阳性）的人数（``pending_review``）
收到检测记录              时段内导入的检测文件中新增的记录条数（``records_received``）
已检 / 未检              某采样日登记居民中有当日采样记录的人数 / 其余人数，
                         按楼栋、小区（``coverage``）
外出申请 / 决定           时段内提出的申请次数 / 作出的各类决定次数（``gate_counts``）
外出 / 返回              时段内出门 / 返回的人次（``gate_counts``）
外出未返 / 逾期未返        某时刻已出门尚未返回的人数 / 其中已过应返时间的人数
                         （``out_not_back``、``overdue``）
陪同就医 / 代办            时段内陪同、代办的服务人次（``errands``）
物资接收                 时段内入库的数量，按类别（``received``）
送达户次                 时段内送达的户次：一户一次送达计 1，不论几种物资；
                         整栋登记的旧记录按数量计户（``deliveries``）
尚未送达户数              某时刻已列入发放计划、尚未送达的户数，按轮次和楼栋
                         （``outstanding``）
库存                    某时刻各物资的台账合计，按类别（``stock_items``、``stock_by_category``）
临期物资                 某时刻有库存、7 天内到期的批次数（``expiring_items``）
在岗志愿者                某日状态为“在岗”的志愿者人数，按状态变更记录推算
                         （``volunteers_on_duty``）
排班 / 签到人次           时段内开始的班次的排班人次 / 其中已签到的人次（``roster_counts``）
志愿服务人次              时段内的服务记录人次，按类别（``services``）
待确认调整建议             某时刻已提出、尚未确认或驳回的风险等级调整建议（``open_proposals``）
======================  ==================================================================
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Final, Protocol, cast

import peewee as pw

from office_app.models import (
    Building,
    Compound,
    Distribution,
    DistributionRound,
    ExitRequest,
    Household,
    ImportRun,
    LedgerEntry,
    Resident,
    RiskChange,
    RiskProposal,
    ServiceRecord,
    Shift,
    ShiftAssignment,
    SupplyItem,
    TestRecord,
    Volunteer,
    VolunteerStatusChange,
)
from office_app.models.people import CONTROL_ISOLATION, CONTROL_MONITORING
from office_app.models.places import RISK_HIGH, RISK_LEVELS, RISK_LOW, RISK_MEDIUM
from office_app.models.supplies import CATEGORIES
from office_app.models.testing import (
    RESULT_NEGATIVE,
    RESULT_POOLED_POSITIVE,
    RESULT_POSITIVE,
)
from office_app.models.volunteers import STATUS_ON_DUTY

# 待复核 looks back this far for positive pooled tubes (the 核酸 page's lists do too).
REVIEW_LOOKBACK: Final = dt.timedelta(days=14)
EXPIRY_WARNING_DAYS: Final = 7
# The kinds of import handed over in the 楼栋/居民 section and in the 核酸检测 section.
REGISTRY_KINDS: Final = ("buildings", "residents", "volunteers")
TEST_KINDS: Final = ("tests",)
SUPPLY_KINDS: Final = ("supplies",)
ESCORT_KINDS: Final = ("就医陪同", "代购药品")


def _rows(query: Any) -> list[tuple[Any, ...]]:
    return cast(list[tuple[Any, ...]], list(query))


def _when(value: Any) -> dt.datetime:
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    moment: dt.datetime = value
    return moment


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        return value.date()
    day: dt.date = value
    return day


# --- windows -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """From ``starts_at`` (inclusive) to ``ends_at`` (exclusive)."""

    starts_at: dt.datetime
    ends_at: dt.datetime

    def holds(self, moment: dt.datetime | None) -> bool:
        return moment is not None and self.starts_at <= moment < self.ends_at

    @property
    def noon_day(self) -> dt.date | None:
        """The date whose date-only facts this window carries (the one whose noon it holds)."""
        day = self.starts_at.date()
        while dt.datetime.combine(day, dt.time(12)) < self.ends_at:
            if self.holds(dt.datetime.combine(day, dt.time(12))):
                return day
            day += dt.timedelta(days=1)
        return None

    def noon_days(self) -> list[dt.date]:
        days = []
        day = self.starts_at.date()
        while dt.datetime.combine(day, dt.time(12)) < self.ends_at:
            if self.holds(dt.datetime.combine(day, dt.time(12))):
                days.append(day)
            day += dt.timedelta(days=1)
        return days


def day_starts(day: dt.date) -> dt.datetime:
    """When the office's day begins: its first shift's start (08:00 by default). A fact
    that carries only a date (a control period's first day, a volunteer's status since)
    counts from then, in the shift that begins then."""
    return day_window(day).starts_at


def state_day(at: dt.datetime) -> dt.date:
    """The date whose date-only state holds as at ``at``: the last day begun before it (a
    night shift ending at 08:00 carries the previous day's)."""
    day = at.date()
    return day if day_starts(day) < at else day - dt.timedelta(days=1)


def window(starts_at: dt.datetime, ends_at: dt.datetime) -> Window:
    return Window(starts_at, ends_at)


def day_window(day: dt.date) -> Window:
    """The office's day: its shifts joined (白班 08:00 to the next morning's 08:00 by
    default), so a day's count is the sum of its shifts' counts."""
    from ..admin import settings

    times = [d.times_on(day) for d in settings.load().shifts]
    return Window(min(t[0] for t in times), max(t[1] for t in times))


class Span(Protocol):
    """A window, a shift's window: from ``starts_at`` (inclusive) to ``ends_at`` (exclusive)."""

    @property
    def starts_at(self) -> dt.datetime: ...

    @property
    def ends_at(self) -> dt.datetime: ...


def within(field_: Any, span: Span) -> Any:
    """The SQL condition that ``field_`` falls in the window."""
    return (field_ >= span.starts_at) & (field_ < span.ends_at)


def _label(compound: str | None, building: str | None) -> str:
    return f"{compound} {building}" if building else ""


# --- buildings and risk ------------------------------------------------------------------


def building_levels(at: dt.datetime) -> dict[int, str]:
    """Building id → its risk level at ``at``, from the risk-change history."""
    levels: dict[int, str] = {
        bid: level
        for bid, level in _rows(Building.select(Building.id, Building.risk_level).tuples())
    }
    decided: set[int] = set()
    for bid, from_level, to_level, changed in _rows(
        RiskChange.select(
            RiskChange.building, RiskChange.from_level, RiskChange.to_level, RiskChange.changed_at
        )
        .order_by(RiskChange.changed_at, RiskChange.id)
        .tuples()
    ):
        if bid not in levels:
            continue
        if _when(changed) < at:
            levels[bid] = to_level
            decided.add(bid)
        elif bid not in decided:
            # The first change after the moment says what the level was before it.
            levels[bid] = from_level
            decided.add(bid)
    return levels


def building_labels() -> dict[int, str]:
    return {
        bid: _label(cname, bname)
        for bid, bname, cname in _rows(
            Building.select(Building.id, Building.name, Compound.name).join(Compound).tuples()
        )
    }


def risk_counts(at: dt.datetime) -> dict[str, int]:
    """高 / 中 / 低 → buildings at that level at ``at``."""
    counts = Counter(building_levels(at).values())
    return {level: counts.get(level, 0) for level in RISK_LEVELS}


def buildings_at(at: dt.datetime, level: str) -> list[str]:
    """The buildings ('小区 楼栋') at ``level`` at ``at``, in natural order."""
    from ..choices import natural_key

    labels = building_labels()
    return sorted(
        (labels[bid] for bid, found in building_levels(at).items() if found == level),
        key=natural_key,
    )


@dataclass(frozen=True)
class ChangeRow:
    at: dt.datetime
    building: str
    from_level: str
    to_level: str
    reason: str


def risk_changes(span: Window) -> list[ChangeRow]:
    return [
        ChangeRow(_when(at), _label(compound, name), from_level, to_level, reason)
        for at, compound, name, from_level, to_level, reason in _rows(
            RiskChange.select(
                RiskChange.changed_at,
                Compound.name,
                Building.name,
                RiskChange.from_level,
                RiskChange.to_level,
                RiskChange.reason,
            )
            .join(Building)
            .join(Compound)
            .where(within(RiskChange.changed_at, span))
            .order_by(RiskChange.changed_at, RiskChange.id)
            .tuples()
        )
    ]


@dataclass(frozen=True)
class ProposalRow:
    id: int
    building: str
    from_level: str
    to_level: str
    reason: str
    proposed_at: dt.datetime


def open_proposals(at: dt.datetime) -> list[ProposalRow]:
    """Risk proposals made before ``at`` and not confirmed, dismissed or withdrawn by then."""
    levels = building_levels(at)
    rows = _rows(
        RiskProposal.select(
            RiskProposal.id,
            RiskProposal.building,
            Compound.name,
            Building.name,
            RiskProposal.to_level,
            RiskProposal.reason,
            RiskProposal.created_at,
        )
        .join(Building)
        .join(Compound)
        .where(
            (RiskProposal.created_at < at)
            & (
                (RiskProposal.status == "open")
                | (RiskProposal.decided_at.is_null(False) & (RiskProposal.decided_at >= at))
            )
        )
        .order_by(RiskProposal.created_at, RiskProposal.id)
        .tuples()
    )
    return [
        ProposalRow(pid, _label(cname, bname), levels.get(bid, ""), to, reason, _when(created))
        for pid, bid, cname, bname, to, reason, created in rows
    ]


# --- control ------------------------------------------------------------------------------


def control_counts(day: dt.date) -> tuple[int, int]:
    """(居家隔离, 居家健康监测): residents within those periods on ``day``.

    A resident's period is his status with its dates; a monitoring that has run out keeps its
    dates with an empty status, and still counts for the days it ran.
    """

    def count(condition: Any) -> int:
        return int(Resident.select().where(condition).count())

    isolated = count(
        (Resident.control_status == CONTROL_ISOLATION)
        & (Resident.control_from <= day)
        & (Resident.control_until.is_null(True) | (Resident.control_until >= day))
    )
    monitored = count(
        (
            (Resident.control_status == CONTROL_MONITORING)
            | ((Resident.control_status == "") & Resident.control_until.is_null(False))
        )
        & (Resident.control_from <= day)
        & (Resident.control_until.is_null(True) | (Resident.control_until >= day))
    )
    return isolated, monitored


@dataclass(frozen=True)
class ControlChanges:
    new_isolated: int
    new_monitored: int
    released: int


def control_changes(span: Window) -> ControlChanges:
    """Residents whose isolation or monitoring began, or whose control ended, on the dates
    whose beginning (``day_starts``) the window holds: the dates are all a resident's control
    carries."""
    first = span.starts_at.date() - dt.timedelta(days=1)
    days = [
        first + dt.timedelta(days=n)
        for n in range((span.ends_at.date() - first).days + 1)
        if span.holds(day_starts(first + dt.timedelta(days=n)))
    ]
    if not days:
        return ControlChanges(0, 0, 0)

    def count(condition: Any) -> int:
        return int(Resident.select().where(condition).count())

    return ControlChanges(
        count((Resident.control_status == CONTROL_ISOLATION) & Resident.control_from.in_(days)),
        count(
            (
                (Resident.control_status == CONTROL_MONITORING)
                | ((Resident.control_status == "") & Resident.control_until.is_null(False))
            )
            & Resident.control_from.in_(days)
        ),
        count(Resident.control_until.in_(days)),
    )


# --- tests --------------------------------------------------------------------------------


def known_at() -> Any:
    """When a test record's result reached the office (joined with ``ImportRun``)."""
    return pw.fn.COALESCE(TestRecord.result_known_at, ImportRun.imported_at, TestRecord.created_at)


def arrived_at() -> Any:
    """When a test record itself reached the office: its file's import (joined with
    ``ImportRun``); a result filled in later does not move the record."""
    return pw.fn.COALESCE(ImportRun.imported_at, TestRecord.created_at)


def _records(*fields: Any) -> Any:
    return TestRecord.select(*fields).join(
        ImportRun, pw.JOIN.LEFT_OUTER, on=(TestRecord.import_run == ImportRun.id)
    )


_OURS = TestRecord.resident.is_null(False) | TestRecord.building.is_null(False)


@dataclass(frozen=True)
class ResultRow:
    """A 阳性 or 混管阳性 result with its sample, report and arrival times."""

    record_id: int
    name: str
    building: str
    result: str
    tube_code: str
    sample_time: dt.datetime
    report_time: dt.datetime | None
    known_at: dt.datetime


def _result_rows(condition: Any) -> list[ResultRow]:
    rows = _rows(
        _records(
            TestRecord.id,
            TestRecord.name,
            Compound.name,
            Building.name,
            TestRecord.address,
            TestRecord.result,
            TestRecord.tube_code,
            TestRecord.sample_time,
            TestRecord.report_time,
            known_at().alias("known"),
        )
        .join(Building, pw.JOIN.LEFT_OUTER, on=(TestRecord.building == Building.id))
        .join(Compound, pw.JOIN.LEFT_OUTER, on=(Building.compound == Compound.id))
        .where(condition)
        .tuples()
    )
    # Sorted here, not in SQL: an ORDER BY sample_time tempts SQLite, once it has
    # statistics, to walk the whole sample_time index instead of the few rows of a result.
    rows.sort(key=lambda row: (_when(row[7]), row[0]))
    return [
        ResultRow(
            rid,
            name,
            _label(cname, bname) or address or "未匹配楼栋",
            result,
            tube,
            _when(sample),
            _when(report) if report else None,
            _when(known),
        )
        for rid, name, cname, bname, address, result, tube, sample, report, known in rows
    ]


def positives(span: Window) -> list[ResultRow]:
    """阳性: single-tube positives of this community's residents or buildings that reached
    the office in the window."""
    return _result_rows(
        (TestRecord.result == RESULT_POSITIVE)
        & (TestRecord.pool_size <= 1)
        & _OURS
        & within(known_at(), span)
    )


def _pooled_condition() -> Any:
    # A pooled tube reported 阳性 is a positive pooled tube too: its people need a retest.
    return (TestRecord.result == RESULT_POOLED_POSITIVE) | (
        (TestRecord.result == RESULT_POSITIVE) & (TestRecord.pool_size > 1)
    )


@dataclass(frozen=True)
class PooledFigures:
    tubes: int
    people: int
    rows: tuple[ResultRow, ...]


def pooled_positives(span: Window) -> PooledFigures:
    """混管阳性: this community's people of a positive pooled tube whose result reached the
    office in the window, and the tubes (a code on one sampling day) whose first such person
    reached it in the window (so a day's tubes are the sum of its shifts')."""
    rows = _result_rows(_pooled_condition() & _OURS & within(known_at(), span))
    keys = {(r.tube_code, r.sample_time.date()) for r in rows}
    first: dict[tuple[str, dt.date], dt.datetime] = {}
    if keys:
        for code, sample, known in _rows(
            _records(TestRecord.tube_code, TestRecord.sample_time, known_at().alias("known"))
            .where(
                _pooled_condition()
                & _OURS
                & TestRecord.tube_code.in_(sorted({code for code, _day in keys}))
                & (known_at() < span.ends_at)
            )
            .tuples()
        ):
            key = (code, _when(sample).date())
            when = _when(known)
            first[key] = min(when, first.get(key, when))
    tubes = sum(1 for key in keys if span.holds(first.get(key)))
    # A row is one person (document, tube and sample time make a row).
    return PooledFigures(tubes, len(rows), tuple(rows))


@dataclass(frozen=True)
class ReviewPerson:
    doc_no: str
    name: str
    building: str
    tube_code: str
    pooled_sample_time: dt.datetime


def pending_review(at: dt.datetime) -> list[ReviewPerson]:
    """待复核 at ``at``: the people of a positive pooled tube (sampled within 14 days before
    ``at``, known by then) with no single-tube 阴性 or 阳性 sampled after it and known by then."""
    known = known_at()
    tubes: dict[tuple[str, dt.date], dt.datetime] = {}
    for code, sample in _rows(
        _records(TestRecord.tube_code, TestRecord.sample_time)
        .where(
            _pooled_condition()
            & (known < at)
            & (TestRecord.sample_time >= at - REVIEW_LOOKBACK)
            & (TestRecord.sample_time < at)
        )
        .tuples()
    ):
        when = _when(sample)
        key = (code, when.date())
        tubes[key] = min(when, tubes.get(key, when))
    if not tubes:
        return []
    codes = sorted({code for code, _day in tubes})
    members = _rows(
        _records(
            TestRecord.doc_no,
            TestRecord.name,
            TestRecord.tube_code,
            TestRecord.sample_time,
            Compound.name,
            Building.name,
            TestRecord.address,
            TestRecord.resident,
            TestRecord.building,
        )
        .join(Building, pw.JOIN.LEFT_OUTER, on=(TestRecord.building == Building.id))
        .join(Compound, pw.JOIN.LEFT_OUTER, on=(Building.compound == Compound.id))
        .where(
            TestRecord.tube_code.in_(codes)
            & (known < at)
            & (TestRecord.sample_time >= at - REVIEW_LOOKBACK)
        )
        .order_by(TestRecord.sample_time, TestRecord.id)
        .tuples()
    )
    # Only tubes with a member of this community.
    ours = {
        (code, _when(sample).date())
        for _doc, _name, code, sample, _c, _b, _a, resident, building in members
        if resident is not None or building is not None
    }
    first: dict[str, tuple[str, str, str, dt.datetime]] = {}
    for doc, name, code, sample, cname, bname, address, _r, _b in members:
        key = (code, _when(sample).date())
        if key not in tubes or key not in ours:
            continue
        pooled_at = tubes[key]
        if doc not in first or pooled_at < first[doc][3]:
            first[doc] = (name, _label(cname, bname) or address, code, pooled_at)
    if not first:
        return []
    retested: dict[str, dt.datetime] = {}
    for doc, sample in _rows(
        _records(TestRecord.doc_no, TestRecord.sample_time)
        .where(
            TestRecord.doc_no.in_(sorted(first))
            & (TestRecord.pool_size <= 1)
            & TestRecord.result.in_([RESULT_NEGATIVE, RESULT_POSITIVE])
            & (known < at)
        )
        .tuples()
    ):
        when = _when(sample)
        retested[doc] = max(when, retested.get(doc, when))
    waiting = [
        ReviewPerson(doc, name, building, code, pooled_at)
        for doc, (name, building, code, pooled_at) in first.items()
        if not (doc in retested and retested[doc] > pooled_at)
    ]
    waiting.sort(key=lambda p: (p.pooled_sample_time, p.tube_code, p.name))
    return waiting


def records_received(span: Window) -> int:
    """Test records that reached the office in the window (rows of the files imported).

    The same as ``arrived_at()`` within the window, asked so that the indexes answer it
    (the rows of the imports of the window, and rows of no import by their own time)
    instead of a scan of every record."""
    runs = ImportRun.select(ImportRun.id).where(within(ImportRun.imported_at, span))
    of_imports = TestRecord.select().where(TestRecord.import_run.in_(runs)).count()
    of_none = (
        TestRecord.select()
        .where(TestRecord.import_run.is_null(True) & within(TestRecord.created_at, span))
        .count()
    )
    return int(of_imports) + int(of_none)


@dataclass(frozen=True)
class CoverageRow:
    building_id: int
    compound: str
    name: str  # the building's own name
    registered: int
    tested: int

    @property
    def building(self) -> str:
        """'小区 楼栋'."""
        return f"{self.compound} {self.name}"

    @property
    def label(self) -> str:
        return self.building

    @property
    def untested(self) -> int:
        return max(self.registered - self.tested, 0)


def coverage(day: dt.date, at: dt.datetime) -> list[CoverageRow]:
    """Per building: residents registered before ``at``, and how many of them have a sample
    taken on ``day`` whose record reached the office before ``at``."""
    from ..choices import natural_key

    start = dt.datetime.combine(day, dt.time())
    registered_q = Resident.created_at < at
    tested_ids = _records(TestRecord.resident).where(
        TestRecord.resident.is_null(False)
        & (TestRecord.sample_time >= start)
        & (TestRecord.sample_time < start + dt.timedelta(days=1))
        & (arrived_at() < at)
    )
    registered = dict(
        _rows(
            Household.select(Household.building, pw.fn.COUNT(Resident.id))
            .join(Resident)
            .where(registered_q)
            .group_by(Household.building)
            .tuples()
        )
    )
    tested = dict(
        _rows(
            Household.select(Household.building, pw.fn.COUNT(Resident.id))
            .join(Resident)
            .where(registered_q & Resident.id.in_(tested_ids))
            .group_by(Household.building)
            .tuples()
        )
    )
    rows = [
        CoverageRow(bid, cname, bname, int(registered.get(bid, 0)), int(tested.get(bid, 0)))
        for bid, bname, cname in _rows(
            Building.select(Building.id, Building.name, Compound.name).join(Compound).tuples()
        )
    ]
    rows.sort(key=lambda c: (c.compound, natural_key(c.name)))
    return rows


def coverage_by_compound(rows: list[CoverageRow]) -> dict[str, tuple[int, int]]:
    """小区 → (registered, tested), from :func:`coverage`'s rows."""
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        found[row.compound][0] += row.registered
        found[row.compound][1] += row.tested
    return {k: (v[0], v[1]) for k, v in found.items()}


def residents_registered(at: dt.datetime) -> int:
    return int(Resident.select().where(Resident.created_at < at).count())


# --- imports ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRow:
    at: dt.datetime
    file_name: str
    kind: str
    imported: int
    updated: int
    duplicates: int
    rejected: int


def imports(span: Window, kinds: tuple[str, ...]) -> list[ImportRow]:
    """Files of these kinds imported in the window."""
    return [
        ImportRow(_when(at), *rest)
        for at, *rest in _rows(
            ImportRun.select(
                ImportRun.imported_at,
                ImportRun.file_name,
                ImportRun.kind,
                ImportRun.imported_rows,
                ImportRun.updated_rows,
                ImportRun.duplicate_rows,
                ImportRun.rejected_rows,
            )
            .where(ImportRun.kind.in_(list(kinds)) & within(ImportRun.imported_at, span))
            .order_by(ImportRun.imported_at, ImportRun.id)
            .tuples()
        )
    ]


# --- the gate -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GateCounts:
    requests: int
    decisions: dict[str, int]
    out: int
    back: int


def gate_counts(span: Window) -> GateCounts:
    """Requests made, decisions taken (by decision), trips out and back, in the window."""
    requests = int(ExitRequest.select().where(within(ExitRequest.requested_at, span)).count())
    decisions = dict(
        _rows(
            ExitRequest.select(ExitRequest.decision, pw.fn.COUNT(ExitRequest.id))
            .where((ExitRequest.decision != "") & within(ExitRequest.decided_at, span))
            .group_by(ExitRequest.decision)
            .tuples()
        )
    )
    out = int(ExitRequest.select().where(within(ExitRequest.out_at, span)).count())
    back = int(ExitRequest.select().where(within(ExitRequest.back_at, span)).count())
    return GateCounts(requests, {str(k): int(v) for k, v in decisions.items()}, out, back)


def out_not_back(at: dt.datetime) -> list[int]:
    """Exit requests whose resident went out before ``at`` and was not back by then."""
    return [
        rid
        for (rid,) in _rows(
            ExitRequest.select(ExitRequest.id)
            .where(
                (ExitRequest.out_at < at)
                & (ExitRequest.back_at.is_null(True) | (ExitRequest.back_at >= at))
            )
            .order_by(ExitRequest.out_at, ExitRequest.id)
            .tuples()
        )
    ]


def overdue(at: dt.datetime) -> list[int]:
    """Of those out and not back at ``at``, the ones past their due-back time."""
    return [
        rid
        for (rid,) in _rows(
            ExitRequest.select(ExitRequest.id)
            .where(
                (ExitRequest.out_at < at)
                & (ExitRequest.back_at.is_null(True) | (ExitRequest.back_at >= at))
                & ExitRequest.due_back_at.is_null(False)
                & (ExitRequest.due_back_at < at)
            )
            .order_by(ExitRequest.out_at, ExitRequest.id)
            .tuples()
        )
    ]


def errands(span: Window) -> dict[str, int]:
    """Escorts and errands for exit requests in the window: service kind → 人次."""
    return {
        str(kind): int(total)
        for kind, total in _rows(
            ServiceRecord.select(ServiceRecord.kind, pw.fn.SUM(ServiceRecord.count))
            .where(
                ServiceRecord.exit_request_id.is_null(False)
                & within(ServiceRecord.occurred_at, span)
            )
            .group_by(ServiceRecord.kind)
            .order_by(ServiceRecord.kind)
            .tuples()
        )
    }


# --- supplies -----------------------------------------------------------------------------


def received(span: Window) -> dict[str, int]:
    """Quantities received in the window, by category (every category listed)."""
    found: Counter[str] = Counter()
    for category, quantity in _rows(
        LedgerEntry.select(SupplyItem.category, LedgerEntry.quantity)
        .join(SupplyItem)
        .where((LedgerEntry.kind == "receipt") & within(LedgerEntry.occurred_at, span))
        .tuples()
    ):
        found[category] += int(quantity)
    return {c: found.get(c, 0) for c in CATEGORIES}


@dataclass(frozen=True)
class DeliveryRow:
    building: str
    households: int  # 户次
    quantity: int


def deliveries(span: Window) -> list[DeliveryRow]:
    """Deliveries in the window per building: household deliveries (one per household and
    delivery, whatever the items; a building-level row counts its quantity as households) and
    the quantity handed out."""
    from ..choices import natural_key

    visits: dict[str, set[tuple[int, Any]]] = defaultdict(set)
    bulk: dict[str, int] = defaultdict(int)
    quantity: dict[str, int] = defaultdict(int)
    for cname, bname, household, qty, at in _rows(
        Distribution.select(
            Compound.name,
            Building.name,
            Distribution.household,
            Distribution.quantity,
            Distribution.delivered_at,
        )
        .join(Building)
        .join(Compound)
        .where(within(Distribution.delivered_at, span))
        .tuples()
    ):
        label = _label(cname, bname)
        quantity[label] += int(qty)
        if household is None:
            bulk[label] += int(qty)
        else:
            visits[label].add((household, at))
    return [
        DeliveryRow(label, len(visits[label]) + bulk[label], quantity[label])
        for label in sorted(quantity, key=natural_key)
    ]


def delivered_households(span: Window) -> int:
    return sum(row.households for row in deliveries(span))


@dataclass(frozen=True)
class OutstandingRow:
    round_name: str
    building: str
    households: int


def outstanding(at: dt.datetime) -> list[OutstandingRow]:
    """Households planned before ``at`` and not delivered by then, per round and building
    (a household owed several items counts once; a building-level row counts its quantity
    as households, as the 配送 tab does)."""
    owed: dict[tuple[str, str], set[int]] = defaultdict(set)
    bulk: dict[tuple[str, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for round_name, cname, bname, household, item, qty in _rows(
        Distribution.select(
            DistributionRound.name,
            Compound.name,
            Building.name,
            Distribution.household,
            Distribution.item,
            Distribution.quantity,
        )
        .join(DistributionRound, pw.JOIN.LEFT_OUTER)
        .switch(Distribution)
        .join(Building)
        .join(Compound)
        .where(
            (Distribution.planned_at < at)
            & (Distribution.delivered_at.is_null(True) | (Distribution.delivered_at >= at))
        )
        .tuples()
    ):
        key = (round_name or "", _label(cname, bname))
        if household is None:
            bulk[key][item] += int(qty)
        else:
            owed[key].add(household)
    from ..choices import natural_key

    keys = sorted(set(owed) | set(bulk), key=lambda k: (k[0], natural_key(k[1])))
    return [
        OutstandingRow(
            key[0],
            key[1],
            len(owed.get(key, ())) + (max(bulk[key].values()) if key in bulk else 0),
        )
        for key in keys
    ]


@dataclass(frozen=True)
class StockRow:
    item: str
    category: str
    unit: str
    stock: int
    earliest_expiry: dt.date | None
    expiring: bool


def stock_items(at: dt.datetime) -> list[StockRow]:
    """Stock per product (name, category, unit) at ``at``: the ledger before it."""
    stock_at = LedgerEntry.select(pw.fn.COALESCE(pw.fn.SUM(LedgerEntry.quantity), 0)).where(
        (LedgerEntry.item == SupplyItem.id) & (LedgerEntry.occurred_at < at)
    )
    soon = at.date() + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    by_item: dict[tuple[str, str, str], list[Any]] = {}
    for name, category, unit, expiry, stock in _rows(
        SupplyItem.select(
            SupplyItem.name,
            SupplyItem.category,
            SupplyItem.unit,
            SupplyItem.expiry,
            stock_at.alias("stock"),
        ).tuples()
    ):
        if not stock:
            continue
        entry = by_item.setdefault((name, category, unit), [0, None])
        entry[0] += int(stock)
        expiry = _date(expiry)
        if expiry is not None and (entry[1] is None or expiry < entry[1]):
            entry[1] = expiry
    return [
        StockRow(name, category, unit, total, expiry, expiry is not None and expiry <= soon)
        for (name, category, unit), (total, expiry) in sorted(
            by_item.items(), key=lambda kv: (kv[0][1], kv[0][0])
        )
    ]


def stock_by_category(at: dt.datetime) -> dict[str, int]:
    found: Counter[str] = Counter()
    for row in stock_items(at):
        found[row.category] += row.stock
    return {c: found.get(c, 0) for c in CATEGORIES}


def expiring_items(at: dt.datetime) -> int:
    """Lots (supply items) with stock at ``at`` expiring within 7 days of it (or expired)."""
    soon = at.date() + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    stock_at = LedgerEntry.select(pw.fn.COALESCE(pw.fn.SUM(LedgerEntry.quantity), 0)).where(
        (LedgerEntry.item == SupplyItem.id) & (LedgerEntry.occurred_at < at)
    )
    return int(
        SupplyItem.select()
        .where(SupplyItem.expiry.is_null(False) & (SupplyItem.expiry <= soon) & (stock_at > 0))
        .count()
    )


# --- volunteers ---------------------------------------------------------------------------


def volunteer_statuses(day: dt.date) -> dict[int, str]:
    """Volunteer id → status on ``day``, from the status-change history."""
    statuses = {
        vid: status
        for vid, status in _rows(Volunteer.select(Volunteer.id, Volunteer.status).tuples())
    }
    decided: set[int] = set()
    for vid, from_status, to_status, since in _rows(
        VolunteerStatusChange.select(
            VolunteerStatusChange.volunteer,
            VolunteerStatusChange.from_status,
            VolunteerStatusChange.to_status,
            VolunteerStatusChange.since,
        )
        .order_by(VolunteerStatusChange.since, VolunteerStatusChange.id)
        .tuples()
    ):
        if vid not in statuses:
            continue
        since_day = _date(since)
        if since_day is not None and since_day <= day:
            statuses[vid] = to_status
            decided.add(vid)
        elif vid not in decided:
            statuses[vid] = from_status
            decided.add(vid)
    return statuses


def volunteers_on_duty(day: dt.date) -> int:
    """在岗志愿者: volunteers whose status on ``day`` is 在岗."""
    return sum(1 for status in volunteer_statuses(day).values() if status == STATUS_ON_DUTY)


@dataclass(frozen=True)
class RosterCounts:
    rostered: int  # 排班人次: places on the shifts starting in the window
    checked_in: int  # of them, checked in
    volunteers: int  # distinct volunteers among them


def roster_counts(span: Window) -> RosterCounts:
    rows = _rows(
        ShiftAssignment.select(ShiftAssignment.volunteer, ShiftAssignment.checked_in_at)
        .join(Shift)
        .where(within(Shift.starts_at, span))
        .tuples()
    )
    return RosterCounts(
        len(rows), sum(1 for _v, at in rows if at is not None), len({v for v, _at in rows})
    )


def services(span: Window) -> dict[str, int]:
    """志愿服务人次 in the window, by kind."""
    return {
        str(kind): int(total)
        for kind, total in _rows(
            ServiceRecord.select(ServiceRecord.kind, pw.fn.SUM(ServiceRecord.count))
            .where(within(ServiceRecord.occurred_at, span))
            .group_by(ServiceRecord.kind)
            .order_by(ServiceRecord.kind)
            .tuples()
        )
    }


__all__ = [
    "ESCORT_KINDS",
    "REGISTRY_KINDS",
    "RISK_HIGH",
    "RISK_LOW",
    "RISK_MEDIUM",
    "SUPPLY_KINDS",
    "TEST_KINDS",
    "ChangeRow",
    "ControlChanges",
    "CoverageRow",
    "DeliveryRow",
    "GateCounts",
    "ImportRow",
    "OutstandingRow",
    "PooledFigures",
    "ProposalRow",
    "ResultRow",
    "ReviewPerson",
    "RosterCounts",
    "StockRow",
    "Window",
    "arrived_at",
    "building_levels",
    "buildings_at",
    "control_changes",
    "control_counts",
    "coverage",
    "coverage_by_compound",
    "day_starts",
    "day_window",
    "delivered_households",
    "deliveries",
    "errands",
    "expiring_items",
    "gate_counts",
    "imports",
    "known_at",
    "open_proposals",
    "out_not_back",
    "outstanding",
    "overdue",
    "pending_review",
    "pooled_positives",
    "positives",
    "received",
    "records_received",
    "residents_registered",
    "risk_changes",
    "risk_counts",
    "services",
    "state_day",
    "stock_by_category",
    "stock_items",
    "volunteer_statuses",
    "volunteers_on_duty",
    "window",
]
