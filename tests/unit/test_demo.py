"""The demo community: its size, the rules its data keeps, determinism and refusal."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from office_app.models import (
    ALL_MODELS,
    AuditEntry,
    Building,
    Compound,
    ExitRequest,
    ImportRun,
    LedgerEntry,
    Operator,
    Organisation,
    Post,
    RejectedRow,
    Resident,
    ResidentGroup,
    RiskChange,
    RiskProposal,
    ServiceRecord,
    Setting,
    Shift,
    ShiftAssignment,
    SupplyItem,
    TestRecord,
    Volunteer,
    VolunteerSkill,
)
from office_app.models.database import close_database, open_database
from office_app.services.admin import auth
from office_app.services.admin.actor import SYSTEM
from office_app.services.demo import DemoRefused, DemoSummary, build_demo
from office_app.services.people.identity import (
    DocumentType,
    birth_date_from_id,
    check_document,
    check_mobile,
    gender_from_id,
)

TODAY = dt.date(2022, 11, 23)
NOW = dt.datetime(2022, 11, 23, 9, 30)


def _age(birth: dt.date) -> int:
    return TODAY.year - birth.year - ((TODAY.month, TODAY.day) < (birth.month, birth.day))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, DemoSummary, float]]:
    """One demo database built for the whole module (seed 1, today 2022-11-23)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    open_database(path)
    steps: list[tuple[int, str]] = []
    started = time.perf_counter()
    try:
        summary = build_demo(
            SYSTEM, seed=1, today=TODAY, progress=lambda p, m: steps.append((p, m))
        )
    finally:
        seconds = time.perf_counter() - started
        close_database()
    assert [p for p, _ in steps] == sorted(p for p, _ in steps)
    assert steps[-1][0] == 100
    assert all(message for _, message in steps)
    yield path, summary, seconds


@pytest.fixture
def demo(built: tuple[Path, DemoSummary, float]) -> Iterator[DemoSummary]:
    """The module's demo database, bound for one test."""
    open_database(built[0])
    yield built[1]
    close_database()


def _dump() -> dict[str, list[tuple[Any, ...]]]:
    """Every domain table's rows (operators and the audit trail left out)."""
    return {
        model._meta.table_name: list(model.select().order_by(model._meta.primary_key).tuples())
        for model in ALL_MODELS
        if model not in (Operator, AuditEntry)
    }


def _build_into(path: Path, seed: int) -> dict[str, list[tuple[Any, ...]]]:
    open_database(path)
    try:
        build_demo(SYSTEM, seed=seed, today=TODAY)
        return _dump()
    finally:
        close_database()


# --- size -----------------------------------------------------------------------------------


def test_build_is_fast(built: tuple[Path, DemoSummary, float]) -> None:
    assert built[2] < 20, f"building the demo took {built[2]:.1f} s"


def test_counts_are_in_range(demo: DemoSummary) -> None:
    assert demo.compounds == Compound.select().count() == 5
    assert demo.buildings == Building.select().count()
    assert 1020 <= demo.households <= 1380
    assert 2550 <= demo.residents <= 3450
    assert demo.residents == Resident.select().count()
    assert 70 <= demo.volunteers <= 90
    assert 14 <= demo.organisations <= 20
    assert 45 <= demo.exit_requests <= 75
    assert demo.shifts == demo.posts * 14 * 2
    assert demo.test_records == TestRecord.select().count()
    assert demo.operators == 2
    names = {c.name for c in Compound.select()}
    assert {"兴茂盛世国际", "恒基雍翠名门"} <= names
    for compound in Compound.select():
        assert compound.area in ("一片区", "二片区")
        assert 1 <= compound.gates.count() <= 3
        assert "科城路" in compound.address or "二郎" in compound.address
    for building in Building.select():
        assert 2 <= building.units <= 4
        assert building.name.endswith("栋")


def test_settings_and_organisations(demo: DemoSummary) -> None:
    value = json.loads(Setting.get_by_id("community").value)
    assert (value["community"], value["subdistrict"], value["district"]) == (
        "科城路社区",
        "二郎街道",
        "九龙坡区",
    )
    org = {o.name: (o.level, o.kind) for o in Organisation.select()}
    assert org["市五中法院"] == ("市级", "机关")
    assert org["育才中学"][1] == "学校"
    assert "市城投金卡信息产业(集团)股份有限公司" in org


# --- residents ------------------------------------------------------------------------------


def test_every_id_number_is_valid_and_matches_the_resident(demo: DemoSummary) -> None:
    passports = 0
    for resident in Resident.select():
        if resident.doc_type == DocumentType.ID_CARD.value:
            check = check_document(resident.doc_no, today=TODAY)
            assert check.ok, (resident.name, resident.doc_no, check.reason)
            assert gender_from_id(resident.doc_no) == resident.gender
            assert birth_date_from_id(resident.doc_no) == resident.birth_date
        else:
            assert resident.doc_type == DocumentType.PASSPORT.value
            assert check_document(resident.doc_no, DocumentType.PASSPORT).ok
            passports += 1
        assert check_mobile(resident.phone).ok, resident.phone
    assert 3 <= passports <= 8
    numbers = [r.doc_no for r in Resident.select(Resident.doc_no)]
    assert len(numbers) == len(set(numbers))


def test_ages_names_and_shared_phones(demo: DemoSummary) -> None:
    ages = [_age(r.birth_date) for r in Resident.select(Resident.birth_date)]
    assert min(ages) == 0
    assert max(ages) >= 90
    assert sum(1 for a in ages if a >= 80) > 30
    assert sum(1 for a in ages if 6 <= a <= 18) > 150
    names = [r.name for r in Resident.select(Resident.name)]
    assert any(ch in name for name in names for ch in "喆堃玥赟珺")
    phones = [r.phone for r in Resident.select(Resident.phone)]
    assert len(set(phones)) < len(phones)  # family members share a phone


def test_special_groups_fit_the_residents(demo: DemoSummary) -> None:
    by_group: dict[str, list[Resident]] = defaultdict(list)
    for tag in ResidentGroup.select(ResidentGroup, Resident).join(Resident):
        by_group[tag.group].append(tag.resident)
    assert set(by_group) == {"孕妇", "网课学生", "高龄", "婴幼儿", "慢病·透析", "残障"}
    assert 20 <= len(by_group["孕妇"]) <= 50
    assert all(r.gender == "女" and 20 <= _age(r.birth_date) <= 40 for r in by_group["孕妇"])
    assert all(6 <= _age(r.birth_date) <= 18 for r in by_group["网课学生"])
    assert all(_age(r.birth_date) >= 80 for r in by_group["高龄"])
    assert all(_age(r.birth_date) < 3 for r in by_group["婴幼儿"])


# --- risk -----------------------------------------------------------------------------------


def test_one_sealed_building_whose_residents_stay_home(demo: DemoSummary) -> None:
    high = list(Building.select().where(Building.risk_level == "高"))
    assert len(high) == 1
    sealed = high[0]
    assert (sealed.compound.name, sealed.name) == ("兴茂盛世国际", "3栋")
    sealed_on = TODAY - dt.timedelta(days=4)
    # 起算日期 is the sample date of the building's last confirmed positive (the retest of
    # the night before the sealing), as the risk rule computes it.
    last_positive = (
        TestRecord.select()
        .where((TestRecord.building == sealed) & (TestRecord.result == "阳性"))
        .order_by(TestRecord.sample_time.desc())
        .first()
    )
    assert (
        sealed.clean_since == last_positive.sample_time.date() == sealed_on - dt.timedelta(days=1)
    )
    assert sealed.earliest_lowering == sealed.clean_since + dt.timedelta(days=5)
    residents = list(
        Resident.select()
        .join_from(Resident, Resident.household.rel_model)
        .where(Resident.household.rel_model.building == sealed)
    )
    assert residents
    assert all(r.control_status == "居家隔离" for r in residents)
    assert all(r.control_from == sealed_on for r in residents)
    assert Building.select().where(Building.risk_level == "中").count() == 1
    isolated = Resident.select().where(Resident.control_status == "居家隔离").count()
    assert isolated == len(residents)
    assert Resident.select().where(Resident.control_status == "居家健康监测").count() >= 3
    sealing = RiskChange.get((RiskChange.building == sealed) & (RiskChange.to_level == "高"))
    assert sealing.source == "test" and sealing.operator_name == "admin"
    positive = TestRecord.get_by_id(sealing.test_record_id)
    assert positive.result == "阳性" and positive.building_id == sealed.id
    assert RiskProposal.select().where(RiskProposal.status == "open").count() >= 1


# --- volunteers -----------------------------------------------------------------------------


def test_volunteers_of_the_article(demo: DemoSummary) -> None:
    def volunteer(name: str) -> Volunteer:
        return Volunteer.get(Volunteer.name == name)

    assert volunteer("崔亚涛").organisation.name == "市五中法院"
    assert volunteer("康黎").organisation.name == "育才中学"
    for name in ("卢思维", "辜继东", "祖小明"):
        assert volunteer(name).report_date <= TODAY - dt.timedelta(days=12)
    pan = volunteer("潘超")
    sealed = Building.get(Building.risk_level == "高")
    assert pan.organisation.name == "市药监局检查二局"
    assert pan.home_building_id == sealed.id and pan.status == "在岗"
    neighbours = Volunteer.select().where(
        (Volunteer.home_building == sealed) & (Volunteer.id != pan.id)
    )
    assert neighbours.count() >= 1
    assert all(v.status == "居家隔离" for v in neighbours)
    hurt = list(Volunteer.select().where(Volunteer.status == "伤病"))
    assert len(hurt) == 1 and "膝" in hurt[0].note
    on_duty = Volunteer.select().where(Volunteer.status == "在岗").count()
    assert on_duty >= 0.9 * demo.volunteers
    assert Volunteer.select().where(Volunteer.kind == "下沉干部").count() > demo.volunteers / 2
    assert Volunteer.select().where(Volunteer.party_member).count() > demo.volunteers / 2


def test_grid_roles_and_skills(demo: DemoSummary) -> None:
    areas = {c.area for c in Compound.select()}
    leads = list(Volunteer.select().where(Volunteer.grid_role == "片长"))
    assert sorted(v.grid_area for v in leads) == sorted(areas)
    heads = list(Volunteer.select().where(Volunteer.grid_role == "组长"))
    assert sorted(v.grid_compound_id for v in heads) == sorted(c.id for c in Compound.select())
    led = {v.grid_building_id for v in Volunteer.select().where(Volunteer.grid_role == "小组长")}
    unled = [b for b in Building.select() if b.id not in led]
    assert 1 <= len(unled) <= 2
    trainees = list(VolunteerSkill.select().where(VolunteerSkill.trained_by.is_null(False)))
    assert len(trainees) == 2
    assert {t.trained_by_id for t in trainees} == {Volunteer.get(Volunteer.name == "徐李梦").id}
    assert all(t.skill == "核酸录入" for t in trainees)
    skills = {s.skill for s in VolunteerSkill.select()}
    assert {"核酸录入", "医护", "驾驶"} <= skills


def test_shifts_have_one_lead_and_one_to_three_volunteers(demo: DemoSummary) -> None:
    assignments: dict[int, list[ShiftAssignment]] = defaultdict(list)
    for assignment in ShiftAssignment.select():
        assignments[assignment.shift_id].append(assignment)
    days = set()
    for shift in Shift.select():
        team = assignments[shift.id]
        assert 1 <= len(team) <= 3
        leads = [a for a in team if a.is_lead]
        assert len(leads) == 1 and leads[0].volunteer_id == shift.lead_id
        for a in team:
            if shift.ends_at <= NOW:
                assert a.checked_in_at is not None and a.checked_out_at is not None
            if shift.starts_at > NOW:
                assert a.checked_in_at is None
        days.add(shift.date)
    assert min(days) == TODAY - dt.timedelta(days=13) and max(days) == TODAY
    # Nobody is on two posts at once.
    seen: set[tuple[int, dt.datetime]] = set()
    for a in ShiftAssignment.select(ShiftAssignment, Shift).join(Shift):
        key = (a.volunteer_id, a.shift.starts_at)
        assert key not in seen
        seen.add(key)
    assert Post.select().where(Post.name == "兴茂盛世国际东门卡点").exists()


def test_cui_yatao_ran_73_errands(demo: DemoSummary) -> None:
    cui = Volunteer.get(Volunteer.name == "崔亚涛")
    records = list(ServiceRecord.select().where(ServiceRecord.volunteer == cui))
    errands = [r for r in records if r.kind in ("就医陪同", "代购药品", "物资配送")]
    assert sum(r.count for r in errands) == 73
    assert sum(r.count for r in records) == 73
    assert {r.kind for r in errands} == {"就医陪同", "代购药品", "物资配送"}


# --- gate -----------------------------------------------------------------------------------


def test_exit_requests(demo: DemoSummary) -> None:
    requests = list(ExitRequest.select())
    assert {r.decision for r in requests} >= {"同意·点对点", "代办替代", "不同意"}
    admin = Operator.get(Operator.username == "admin")
    for request in requests:
        if request.decision:
            assert request.decided_by_id == admin.id
        if request.decision == "同意·点对点":
            assert request.escort_id is not None and request.out_at is not None
            assert request.due_back_at > request.out_at
        if request.decision == "代办替代":
            assert request.reason == "购药" and request.out_at is None
    out = [r for r in requests if r.out_at is not None and r.back_at is None]
    assert len(out) == 2
    assert sum(1 for r in out if r.due_back_at < NOW) == 1
    assert all(r.requested_at <= NOW for r in requests)


# --- supplies -------------------------------------------------------------------------------


def test_stock_never_goes_negative(demo: DemoSummary) -> None:
    running: dict[int, int] = defaultdict(int)
    entries = LedgerEntry.select().order_by(LedgerEntry.occurred_at, LedgerEntry.id)
    for entry in entries:
        running[entry.item_id] += entry.quantity
        assert running[entry.item_id] >= 0, (entry.item_id, entry.occurred_at)
    kinds = {e.kind for e in LedgerEntry.select(LedgerEntry.kind)}
    assert {"receipt", "distribution", "ppe_issue"} <= kinds
    for entry in LedgerEntry.select().where(LedgerEntry.kind == "distribution"):
        assert entry.distribution is not None
        assert entry.distribution.quantity == -entry.quantity
        assert entry.distribution.delivered_at == entry.occurred_at
    assert (
        LedgerEntry.select()
        .where((LedgerEntry.kind == "ppe_issue") & LedgerEntry.shift.is_null(False))
        .exists()
    )


def test_expiry_and_rounds(demo: DemoSummary) -> None:
    stock = {item.id: sum(e.quantity for e in item.ledger) for item in SupplyItem.select()}
    items = list(SupplyItem.select())
    expired = [i for i in items if i.expiry and i.expiry < TODAY and stock[i.id] > 0]
    soon = [i for i in items if i.expiry and TODAY <= i.expiry <= TODAY + dt.timedelta(days=7)]
    assert len(expired) == 1 and len(soon) == 1
    first = [d for d in SupplyItem.get(SupplyItem.name == "蔬菜包").distributions]
    assert first
    households = sum(d.quantity for d in first if d.round.name == "第一轮蔬菜包")
    assert households > 0.85 * demo.households


# --- tests ----------------------------------------------------------------------------------


def test_pooled_positive_tube_and_retests(demo: DemoSummary) -> None:
    pooled = list(TestRecord.select().where(TestRecord.result == "混管阳性"))
    assert pooled
    tubes = {r.tube_code for r in pooled}
    assert len(tubes) == 1
    assert all(r.pool_size == 10 for r in pooled)
    retests = []
    for record in pooled:
        later = (
            TestRecord.select()
            .where(
                (TestRecord.doc_no == record.doc_no)
                & (TestRecord.pool_size == 1)
                & (TestRecord.sample_time > record.sample_time)
            )
            .order_by(TestRecord.sample_time)
        )
        assert later.exists(), record.name
        retests.append(later.first())
    assert sum(1 for r in retests if r.result == "阳性") == 1
    assert all(r.result in ("阳性", "阴性", "待出结果") for r in retests)
    assert TestRecord.select().where(TestRecord.result == "待复核").exists()
    assert TestRecord.select().where(TestRecord.result == "待出结果").exists()


def test_import_runs_records_and_rejected_rows(demo: DemoSummary) -> None:
    imports = list(ImportRun.select().order_by(ImportRun.imported_at))
    assert 5 <= len(imports) <= 8
    for import_run in imports:
        assert len(import_run.sha256) == 64
        assert import_run.encoding == "utf-8-sig"
        assert import_run.imported_rows == import_run.records.count()
        assert import_run.total_rows == (
            import_run.imported_rows + import_run.duplicate_rows + import_run.rejected_rows
        )
    last = imports[-1]
    rejected = list(RejectedRow.select().where(RejectedRow.import_run == last))
    assert len(rejected) >= 2 and all(r.reason and r.raw_text for r in rejected)
    unmatched = TestRecord.select().where(
        TestRecord.resident.is_null() & TestRecord.building.is_null()
    )
    assert 1 <= unmatched.count() <= 3
    pooled = TestRecord.select().where(TestRecord.pool_size == 10).limit(50)
    for record in pooled:
        assert len(record.tube_code) == 12 and record.tube_code.isdigit()
        assert record.lab == "渝西示例医学检验实验室"
        if record.resident_id is not None:
            assert record.compound_name and record.building_name and record.room
    tested = {r.resident_id for r in TestRecord.select(TestRecord.resident).distinct()}
    assert 0.9 * demo.residents <= len(tested - {None}) <= demo.residents


# --- operators ------------------------------------------------------------------------------


def test_demo_operators_can_log_in(demo: DemoSummary) -> None:
    assert auth.log_in("admin", "demo").role == "admin"
    assert auth.log_in("duty1", "demo").role == "duty"
    entry = AuditEntry.get(AuditEntry.action == "demo.build")
    assert entry.operator_name == "system"


# --- determinism, refusal, force ------------------------------------------------------------


@pytest.mark.slow
def test_same_seed_same_content_other_seed_other_content(
    built: tuple[Path, DemoSummary, float], tmp_path: Path
) -> None:
    open_database(built[0])
    try:
        first = _dump()
    finally:
        close_database()
    again = _build_into(tmp_path / "again.db", seed=1)
    assert again == first
    other = _build_into(tmp_path / "other.db", seed=2)
    assert other["resident"] != first["resident"]
    assert other["test_record"] != first["test_record"]


@pytest.mark.slow
def test_refuses_a_database_with_data_unless_forced(
    built: tuple[Path, DemoSummary, float], tmp_path: Path
) -> None:
    path = tmp_path / "used.db"
    shutil.copy(built[0], path)
    open_database(path)
    try:
        before = _dump()
        with pytest.raises(DemoRefused, match="--force"):
            build_demo(SYSTEM, seed=1, today=TODAY)
        assert _dump() == before
        summary = build_demo(SYSTEM, seed=1, today=TODAY, force=True)
        assert summary == built[1]
        assert _dump() == before  # replaced, not added to: no duplicates
        assert Operator.select().count() == 2
        assert AuditEntry.select().where(AuditEntry.action == "demo.build").count() == 2
    finally:
        close_database()


def test_refuses_when_only_one_volunteer_exists(tmp_path: Path) -> None:
    open_database(tmp_path / "one.db")
    try:
        Volunteer.create(name="张三")
        with pytest.raises(DemoRefused):
            build_demo(SYSTEM, today=TODAY)
        assert Compound.select().count() == 0
    finally:
        close_database()
