"""Every figure shown in two outputs for the same moment or window is the same number.

- The daily report's counts are the sums of its shifts' handover counts; its state figures
  are the last shift's (both as at the day's end).
- The overview as at a shift's end says what that shift's handover says for the same state.
- A handover gathered on a community's full history says what it said when only the facts
  known by the shift's end were there (a printed handover is a record).

Checked on the demo community (each day of its week) and on random communities (hypothesis):
test files arriving at random times with random results and pool sizes, exits, proposals,
deliveries, roster places and service records, some of them exactly on a shift boundary.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from office_app.models import (
    Building,
    Compound,
    Distribution,
    DistributionRound,
    ExitRequest,
    Household,
    ImportRun,
    LedgerEntry,
    Post,
    Resident,
    RiskChange,
    RiskProposal,
    ServiceRecord,
    Shift,
    ShiftAssignment,
    SupplyBatch,
    SupplyItem,
    TestRecord,
    Volunteer,
    VolunteerStatusChange,
)
from office_app.services.reporting import daily_report, handover, overview

DEMO_DAYS = [dt.date(2022, 11, 16) + dt.timedelta(days=n) for n in range(7)]


def _shift_counts(facts: handover.HandoverFacts) -> dict[str, Any]:
    t, g, u, p = facts.testing, facts.gate, facts.supplies, facts.people
    return {
        "records_received": t.received,
        "positives": len(t.positives),
        "pooled_tubes": t.pooled_tubes,
        "pooled_people": t.pooled_people,
        "requests": g.counts.requests,
        "decisions": Counter(g.counts.decisions),
        "trips_out": g.counts.out,
        "trips_back": g.counts.back,
        "errands": Counter(g.errand_totals),
        "received": Counter(u.received_by_category),
        "delivered_households": u.delivered_households,
        "rostered": p.rostered,
        "checked_in": p.checked_in,
        "services": Counter(facts.services),
        "new_isolated": facts.control.new_isolated,
        "new_monitored": facts.control.new_monitored,
        "released": facts.control.released,
        "changes": len(facts.risk.changes),
    }


def _shift_state(facts: handover.HandoverFacts) -> dict[str, Any]:
    stock: Counter[str] = Counter()
    for row in facts.supplies.stock:
        stock[row.category] += row.stock
    return {
        "levels": facts.risk.levels,
        "isolated": facts.control.isolated,
        "monitored": facts.control.monitored,
        "pending_review": facts.testing.pending_review,
        "out_not_back": len(facts.gate.not_back),
        "overdue": facts.gate.overdue,
        "outstanding_households": facts.supplies.outstanding_households,
        "stock": +stock,
        "open_proposals": len(facts.risk.proposals),
        "volunteers_on_duty": facts.people.volunteers_on_duty,
    }


def _daily_counts(d: daily_report.DailyFigures) -> dict[str, Any]:
    return {
        "records_received": d.records_received,
        "positives": d.positives,
        "pooled_tubes": d.pooled_tubes,
        "pooled_people": d.pooled_people,
        "requests": d.requests,
        "decisions": Counter(d.decisions),
        "trips_out": d.trips_out,
        "trips_back": d.trips_back,
        "errands": Counter(d.errands),
        "received": Counter(d.received),
        "delivered_households": d.delivered_households,
        "rostered": d.rostered,
        "checked_in": d.checked_in,
        "services": Counter(d.services),
        "new_isolated": d.new_isolated,
        "new_monitored": d.new_monitored,
        "released": d.released,
        "changes": len(d.changes),
    }


def _daily_state(d: daily_report.DailyFigures) -> dict[str, Any]:
    return {
        "levels": d.levels,
        "isolated": d.isolated,
        "monitored": d.monitored,
        "pending_review": d.pending_review,
        "out_not_back": d.out_not_back,
        "overdue": d.overdue,
        "outstanding_households": d.outstanding_households,
        "stock": +Counter(d.stock),
        "open_proposals": d.open_proposals,
        "volunteers_on_duty": d.volunteers_on_duty,
    }


def _overview_state(at: dt.datetime) -> dict[str, Any]:
    # The overview's "now" holds what was recorded up to and including that second.
    o = overview.gather(at - dt.timedelta(seconds=1))
    return {
        "high": o.high_buildings,
        "medium": o.medium_buildings,
        "isolated": o.isolated,
        "monitored": o.monitored,
        "pending_review": o.pending_review,
        "out_not_back": o.out_not_back,
        "overdue": o.overdue,
        "open_proposals": o.open_proposals,
        "volunteers_on_duty": o.volunteers_on_duty,
    }


def _handover_as_overview(facts: handover.HandoverFacts) -> dict[str, Any]:
    state = _shift_state(facts)
    return {
        "high": state["levels"]["高"],
        "medium": state["levels"]["中"],
        **{
            k: state[k]
            for k in (
                "isolated",
                "monitored",
                "pending_review",
                "out_not_back",
                "overdue",
                "open_proposals",
                "volunteers_on_duty",
            )
        },
    }


def check_day(day: dt.date, moment: dt.datetime) -> None:
    shifts = [handover.gather(day, name, moment=moment) for name in ("白班", "夜班")]
    daily = daily_report.daily_figures(day, moment=moment)
    summed: dict[str, Any] = {}
    for facts in shifts:
        for key, value in _shift_counts(facts).items():
            summed[key] = summed[key] + value if key in summed else value
    assert _daily_counts(daily) == summed
    assert _daily_state(daily) == _shift_state(shifts[-1])
    for facts in shifts:
        assert _overview_state(facts.header.as_at) == _handover_as_overview(facts)


# --- the demo -----------------------------------------------------------------------------


@settings(
    max_examples=len(DEMO_DAYS),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(day=st.sampled_from(DEMO_DAYS))
def test_the_demo_outputs_agree(demo_db: Path, day: dt.date) -> None:
    check_day(day, dt.datetime(2022, 11, 23, 12))


# --- random communities ------------------------------------------------------------------

BASE = dt.datetime(2022, 11, 21)
DAY = dt.date(2022, 11, 21)


# Minutes from BASE over three days, with the shift boundaries themselves likely.
minutes = st.one_of(
    st.integers(0, 3 * 24 * 60 - 1),
    st.sampled_from([8 * 60, 20 * 60, 32 * 60, 44 * 60, 56 * 60]),
)


def _t(minute: int) -> dt.datetime:
    return BASE + dt.timedelta(minutes=minute)


test_row = st.tuples(
    st.integers(0, 5),  # person
    minutes,  # sampled
    minutes,  # imported (the file's time)
    st.sampled_from(["阴性", "阳性", "混管阳性", "待出结果"]),
    st.sampled_from([1, 10]),
    st.integers(0, 2),  # tube
    st.booleans(),  # of this community
)
exit_row = st.tuples(
    st.integers(0, 5), minutes, st.integers(0, 600), st.integers(0, 600), st.booleans()
)
proposal_row = st.tuples(st.integers(0, 1), minutes, st.one_of(st.none(), st.integers(1, 900)))
delivery_row = st.tuples(st.integers(0, 3), minutes, st.one_of(st.none(), st.integers(1, 900)))
service_row = st.tuples(st.sampled_from(["就医陪同", "代购药品", "物资配送", "其他"]), minutes)
roster_row = st.tuples(st.integers(0, 2), st.integers(0, 2), st.booleans(), st.booleans())
status_row = st.tuples(st.integers(0, 2), st.integers(0, 2))
control_row = st.tuples(
    st.integers(0, 5), st.sampled_from(["", "居家隔离", "居家健康监测"]), st.integers(0, 2)
)
# A resident has one control status (a later one would overwrite the earlier).
control_rows = st.lists(control_row, max_size=3, unique_by=lambda row: row[0])
change_row = st.tuples(st.integers(0, 1), minutes)


def _clear() -> None:
    from office_app.models import db
    from office_app.models.engine import reset_sequences

    models = (
        LedgerEntry,
        Distribution,
        DistributionRound,
        SupplyItem,
        SupplyBatch,
        ServiceRecord,
        ShiftAssignment,
        Shift,
        Post,
        ExitRequest,
        RiskProposal,
        RiskChange,
        TestRecord,
        ImportRun,
        VolunteerStatusChange,
        Volunteer,
        Resident,
        Household,
        Building,
        Compound,
    )
    for model in models:
        model.delete().execute()
    # A community built again gets the same ids (SQLite reuses them after a delete; a
    # PostgreSQL sequence is set back)
    reset_sequences(db.obj, [m._meta.table_name for m in models])


def _build(data: dict[str, list[Any]]) -> None:
    _clear()
    compound = Compound.create(name="甲苑")
    buildings = [
        Building.create(compound=compound, name=f"{n}栋", created_at=BASE - dt.timedelta(days=1))
        for n in (1, 2)
    ]
    households = [Household.create(building=buildings[n % 2], room=f"{n}01") for n in range(4)]
    people = [
        Resident.create(
            household=households[n % 4],
            name=f"居民{n}",
            doc_no=f"D{n}",
            created_at=BASE - dt.timedelta(days=1),
        )
        for n in range(6)
    ]
    for person, status, offset in data["control"]:
        Resident.update(
            control_status=status,
            control_from=DAY + dt.timedelta(days=offset) if status else None,
            control_until=(DAY + dt.timedelta(days=offset + 1))
            if status == "居家健康监测"
            else None,
        ).where(Resident.id == people[person].id).execute()
    for building, minute in sorted(data["changes"], key=lambda row: row[1]):  # in time order
        b = buildings[building]
        RiskChange.create(building=b, from_level=b.risk_level, to_level="高", changed_at=_t(minute))
        b.risk_level = "高"
        b.save()
    runs: dict[int, ImportRun] = {}
    for n, (person, sampled, imported, result, pool, tube, ours) in enumerate(data["tests"]):
        if imported not in runs:
            runs[imported] = ImportRun.create(
                kind="tests",
                file_name=f"f{imported}.csv",
                sha256=str(imported),
                imported_at=_t(imported),
            )
        p = people[person]
        TestRecord.create(
            import_run=runs[imported],
            name=p.name,
            doc_no=p.doc_no,
            tube_code=f"T{tube}",
            sample_time=_t(sampled) + dt.timedelta(seconds=n),
            pool_size=pool,
            result=result,
            resident=p if ours else None,
            building=p.household.building if ours else None,
        )
    for person, requested, out_after, back_after, back in data["exits"]:
        # out_after None: decided, not gone out (yet).
        out = None if out_after is None else _t(requested) + dt.timedelta(minutes=out_after)
        ExitRequest.create(
            resident=people[person],
            reason="就医",
            requested_at=_t(requested),
            decision="同意·点对点",
            decided_at=_t(requested),
            out_at=out,
            due_back_at=None if out is None else out + dt.timedelta(hours=2),
            back_at=out + dt.timedelta(minutes=back_after) if out and back else None,
        )
    for building, created, decided_after in data["proposals"]:
        RiskProposal.create(
            building=buildings[building],
            to_level="高",
            created_at=_t(created),
            status="open" if decided_after is None else "dismissed",
            decided_at=None if decided_after is None else _t(created + decided_after),
        )
    batch = SupplyBatch.create(source="街道调拨", received_on=DAY)
    item = SupplyItem.create(batch=batch, name="蔬菜包", category="生活物资", quantity=100)
    LedgerEntry.create(item=item, kind="receipt", quantity=100, occurred_at=BASE)
    round_ = DistributionRound.create(name="一轮", planned_on=DAY)
    for household, planned, delivered_after in data["deliveries"]:
        delivered = None if delivered_after is None else _t(planned + delivered_after)
        d = Distribution.create(
            round=round_,
            item=item,
            building=households[household].building,
            household=households[household],
            quantity=1,
            planned_at=_t(planned),
            delivered_at=delivered,
        )
        if delivered is not None:
            LedgerEntry.create(
                item=item, kind="distribution", quantity=-1, occurred_at=delivered, distribution=d
            )
    volunteers = [Volunteer.create(name=f"志愿者{n}") for n in range(3)]
    for volunteer, offset in data["statuses"]:
        VolunteerStatusChange.create(
            volunteer=volunteers[volunteer],
            from_status="在岗",
            to_status="伤病",
            since=DAY + dt.timedelta(days=offset),
        )
        Volunteer.update(status="伤病").where(Volunteer.id == volunteers[volunteer].id).execute()
    for kind, minute in data["services"]:
        ServiceRecord.create(volunteer=volunteers[0], kind=kind, occurred_at=_t(minute))
    post = Post.create(kind="卡点", name="东门")
    for volunteer, day, night, checked in data["roster"]:
        start = BASE + dt.timedelta(days=day, hours=20 if night else 8)
        shift, _ = Shift.get_or_create(
            post=post,
            date=DAY + dt.timedelta(days=day),
            name="夜班" if night else "白班",
            defaults={"starts_at": start, "ends_at": start + dt.timedelta(hours=12)},
        )
        ShiftAssignment.get_or_create(
            shift=shift,
            volunteer=volunteers[volunteer],
            defaults={"checked_in_at": start if checked else None},
        )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.fixed_dictionaries(
        {
            "tests": st.lists(test_row, max_size=12),
            "exits": st.lists(exit_row, max_size=4),
            "proposals": st.lists(proposal_row, max_size=3),
            "deliveries": st.lists(delivery_row, max_size=5),
            "services": st.lists(service_row, max_size=5),
            "roster": st.lists(roster_row, max_size=4),
            "statuses": st.lists(status_row, max_size=2),
            "control": control_rows,
            "changes": st.lists(change_row, max_size=2),
        }
    ),
    day=st.sampled_from([DAY, DAY + dt.timedelta(days=1)]),
)
def test_random_communities_agree(fresh_db: Path, data: dict[str, list[Any]], day: dt.date) -> None:
    _build(data)
    check_day(day, BASE + dt.timedelta(days=5))


def test_the_demo_handover_supplies_agree_with_the_delivery_tab(demo_db: Path) -> None:
    """The round of 11-22 was planned per building (rows without a household): 1栋 and 2栋
    delivered in the day shift, the other buildings still owed, as the 配送 tab shows."""
    from office_app.services.supplies import stock as supplies

    tab = {(r.name, b.label): b for r in supplies.rounds() for b in supplies.round_buildings(r.id)}
    facts = handover.gather(dt.date(2022, 11, 22), "白班", moment=dt.datetime(2022, 11, 23))
    owed = {(o.round_name, o.building): o.households for o in facts.supplies.outstanding}
    assert owed and owed == {key: b.missed for key, b in tab.items() if b.missed}
    delivered = {d.building: d.households for d in facts.supplies.delivered}
    assert delivered and all(n > 0 for n in delivered.values())
    for building, households in delivered.items():
        assert households == tab[("第二轮蔬菜包", building)].delivered_households


def _known_by(data: dict[str, list[Any]], end: dt.datetime) -> dict[str, list[Any]]:
    """The same community as it stood at ``end``: only what had happened by then."""

    def before(minute: int) -> bool:
        return _t(minute) < end

    def day_begun(offset: int) -> bool:  # a date-only fact counts from its day's 08:00
        return BASE + dt.timedelta(days=offset, hours=8) < end

    exits = []
    for person, requested, out_after, back_after, back in data["exits"]:
        if not before(requested):
            continue
        out = requested + out_after
        if not before(out):
            exits.append((person, requested, None, back_after, False))
            continue
        exits.append((person, requested, out_after, back_after, back and before(out + back_after)))
    return {
        "tests": [row for row in data["tests"] if before(row[2])],
        "exits": exits,
        "proposals": [
            (b, created, decided if decided is not None and before(created + decided) else None)
            for b, created, decided in data["proposals"]
            if before(created)
        ],
        "deliveries": [
            (h, planned, after if after is not None and before(planned + after) else None)
            for h, planned, after in data["deliveries"]
            if before(planned)
        ],
        "services": [row for row in data["services"] if before(row[1])],
        "roster": [
            (v, day, night, checked)
            for v, day, night, checked in data["roster"]
            if BASE + dt.timedelta(days=day, hours=20 if night else 8) < end
        ],
        "statuses": [row for row in data["statuses"] if day_begun(row[1])],
        "control": [row for row in data["control"] if not row[1] or day_begun(row[2])],
        "changes": [row for row in data["changes"] if before(row[1])],
    }


def _record(facts: handover.HandoverFacts) -> dict[str, Any]:
    return {
        **_shift_counts(facts),
        **_shift_state(facts),
        "positives": [(p.name, p.known_at) for p in facts.testing.positives],
        "review": [p.name for p in facts.testing.review],
        "not_back": [(r.name, r.out_at) for r in facts.gate.not_back],
        "exits": [
            (r.name, r.requested_at, r.decision, r.out_at, r.back_at) for r in facts.gate.exits
        ],
        "proposals": facts.risk.proposals,
        "coverage": facts.testing.coverage,
        "outstanding": facts.supplies.outstanding,
        "stock": facts.supplies.stock,
    }


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.fixed_dictionaries(
        {
            "tests": st.lists(test_row, max_size=12),
            "exits": st.lists(exit_row, max_size=4),
            "proposals": st.lists(proposal_row, max_size=3),
            "deliveries": st.lists(delivery_row, max_size=5),
            "services": st.lists(service_row, max_size=5),
            "roster": st.lists(roster_row, max_size=4),
            "statuses": st.lists(status_row, max_size=2),
            "control": control_rows,
            "changes": st.lists(change_row, max_size=2),
        }
    ),
    shift=st.sampled_from([(DAY, "白班"), (DAY, "夜班"), (DAY + dt.timedelta(days=1), "白班")]),
)
def test_a_handover_printed_again_later_is_the_same_record(
    fresh_db: Path, data: dict[str, list[Any]], shift: tuple[dt.date, str]
) -> None:
    end = handover.shift_window(*shift).ends_at
    later = BASE + dt.timedelta(days=5)
    _build(_known_by(data, end))
    first = _record(handover.gather(*shift, moment=later))
    _build(data)
    assert _record(handover.gather(*shift, moment=later)) == first
