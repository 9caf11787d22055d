"""The nucleic-acid tests of 科城路社区 (核酸检测), and the test site's files they came in.

Six rounds in the last two weeks at the community's test site (科城路社区第3采样点): six sampling
tables work from 07:00, ten residents to a pooled tube (10混1), the district hospital's medics
taking the samples; a resident in twenty stays away. The test site sends a file of each round
(its name, its fingerprint, its rows, the duplicates it repeated), imported into the program
once the results are in. Delivery riders who are not residents are tested too.

Sealed buildings are sampled at home, one tube each (单采), in the afternoon.

Five days ago one pooled tube of 兴茂盛世国际3栋 was positive (混管阳性) at 20:35. Its ten
people were retested at home that night, one tube each: one adult was positive (阳性) at
03:10 and taken to central isolation; the building was sealed at 06:00 (the risk history's
sealing names that record). From then on he is tested no more.

Today the sealed building was sampled at home from 06:30; by the clock most results are out,
some pending (待出结果), one to be reviewed (待复核). Two rows of its file could not be used (an
identity number with a wrong check digit; one Excel turned into 5.00107E+17): they wait for
review. The data-entry clerks record their work each round (social workers every other one).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import NamedTuple

from office_app.models import ImportRun, RejectedRow, Resident, RiskChange, TestRecord

from ..people.identity import DocumentType, check_document
from . import identities
from .errands import serve
from .places import SEALED, sealed_on
from .volunteers import available
from .world import Block, Person, Row, World, at

SITE = "科城路社区第3采样点"
HOME_SITE = "科城路社区上门采样组"
LAB = "渝西示例医学检验实验室"
HOSPITAL_TEAM = "区人民医院采样队"
TABLES = 6  # sampling tables at the site
POOL = 10  # residents to a tube at the site
ABSENT = 0.05  # the share of residents not tested in a round


class Round(NamedTuple):
    day: int
    outsiders: int = 0  # people tested who are not residents
    duplicates: int = 0  # rows the file repeated
    pooled_positive: bool = False


ROUNDS = (
    Round(-12),
    Round(-10),
    Round(-8),
    Round(-5, pooled_positive=True),
    Round(-3, outsiders=1, duplicates=14),
    Round(-1, outsiders=1),
)


class Tube(NamedTuple):
    """A sample tube: where and by whom it was taken, how many share it, its result."""

    site: str
    collector: str
    code: str
    size: int
    result: str
    report: dt.datetime | None


class Sampling:
    """One round's day: the site's six tables, the home team's round, what the file holds."""

    def __init__(self, site: TestSite, import_id: int, day: dt.date, collectors: list[str]):
        self.site = site
        self.rng = site.world.rng
        self.import_id = import_id
        self.day = day
        self.collectors = collectors
        self.lanes = [at(day, 7)] * TABLES  # when each table is free again
        self.home_clock = at(day, 14)
        self.site_tubes = 100
        self.home_tubes = 10
        self.report_max = at(day, 20)  # the last result of the round
        self.records = 0
        self.pooled: list[Person] | None = None  # the pooled-positive tube's people

    def at_home(self, tested: list[Person]) -> None:
        """A sealed building: the home team takes one tube each, in the afternoon."""
        rng, day = self.rng, self.day
        for person in tested:
            self.home_clock += dt.timedelta(seconds=rng.randint(50, 110))
            self.home_tubes += 1
            report = self.home_clock + dt.timedelta(seconds=rng.randint(6 * 3600, 9 * 3600))
            self.report_max = max(self.report_max, report)
            code = f"{day:%y%m%d}9{self.home_tubes:05d}"
            tube = Tube(HOME_SITE, self.site.collector(day), code, 1, "阴性", report)
            self.site.record(self.import_id, person, self.home_clock, tube, "居家隔离人员")
            self.records += 1

    def at_site(self, building: Block, tested: list[Person], pooled_positive: bool) -> None:
        """The building's residents at the site, ten to a tube, at the first free table."""
        rng, day = self.rng, self.day
        for start in range(0, len(tested), POOL):
            members = tested[start : start + POOL]
            lane = self.lanes.index(min(self.lanes))
            clock = self.lanes[lane] + dt.timedelta(seconds=rng.randint(35, 75))
            self.site_tubes += 1
            code = f"{day:%y%m%d}1{self.site_tubes:05d}"
            collector = self.collectors[lane % len(self.collectors)]
            report = clock + dt.timedelta(seconds=rng.randint(10 * 3600, 14 * 3600))
            result = "阴性"
            if pooled_positive and self.pooled is None and self.site.is_the_tube(building, members):
                result, report, self.pooled = "混管阳性", at(day, 20, 35), members
            self.report_max = max(self.report_max, report)
            tube = Tube(SITE, collector, code, POOL, result, report)
            moment = clock
            for person in members:
                moment += dt.timedelta(seconds=rng.randint(12, 25))
                category = "重点人群" if monitored(person, day) else "一般人群"
                self.site.record(self.import_id, person, moment, tube, category)
                self.records += 1
            self.lanes[lane] = moment


def monitored(person: Person, day: dt.date) -> bool:
    """Under home health monitoring that day (tested as 重点人群)."""
    return (
        person.control_status == "居家健康监测"
        and person.control_from is not None
        and day >= person.control_from
    )


class TestSite:
    """The rounds in order; who was found positive, and his record."""

    def __init__(self, world: World, sealing_change: int) -> None:
        self.world = world
        self.sealing_change = sealing_change
        self.positive: Person | None = None
        self.positive_record = 0
        self.medics = [v for v in world.volunteers if "医护" in v.skills]
        self.clerks = [v for v in world.volunteers if "核酸录入" in v.skills]

    # --- a round at the site --------------------------------------------------------------

    def round(self, number: int, plan: Round) -> None:
        """A round at the site (sealed buildings at home), its file, its clerks."""
        world, rng = self.world, self.world.rng
        day = world.day(plan.day)
        file_name = f"{SITE}_{day:%Y%m%d}.csv"
        import_id = world.add(ImportRun, **self.import_row(file_name, 0, 0, 0, world.now))
        collectors = [v.name for v in self.medics if available(world, v, day)] or [HOSPITAL_TEAM]
        sampling = Sampling(self, import_id, day, collectors)
        order = list(world.buildings)
        rng.shuffle(order)
        for building in order:
            tested = [
                p
                for h in building.households
                for p in h.members
                if p is not self.positive and rng.random() >= ABSENT
            ]
            if sealed_on(world, building, day):
                sampling.at_home(tested)
            else:
                sampling.at_site(building, tested, plan.pooled_positive)
        if plan.pooled_positive:
            sampling.records += self.retests(import_id, day, sampling.pooled)
            sampling.report_max = at(day + dt.timedelta(days=1), 3, 40)
        for _ in range(plan.outsiders):
            self.outsider(import_id, at(day, 11, rng.randint(0, 40)), day)
            sampling.records += 1
        # Imported once the last result is in (the positive round's early the next morning).
        imported_at = sampling.report_max + dt.timedelta(minutes=rng.randint(20, 50))
        if plan.pooled_positive:
            imported_at = at(day + dt.timedelta(days=1), 5, 20)
        records, duplicates = sampling.records, plan.duplicates
        world.row(ImportRun, import_id).update(
            self.import_row(file_name, records + duplicates, records, duplicates, imported_at)
        )
        self.clerks_at_work(number, day)

    def is_the_tube(self, building: Block, members: list[Person]) -> bool:
        """The first tube of the sealed building with six or more people, one of them an
        adult who is not a volunteer."""
        return (
            building is self.world.by_key[SEALED]
            and len(members) >= 6
            and any(not m.volunteer and self.world.age(m) >= 18 for m in members)
        )

    def retests(self, import_id: int, day: dt.date, pooled: list[Person] | None) -> int:
        """The pooled-positive tube's members, retested one tube each that night: one adult
        positive, named by the sealing of his building."""
        world, rng = self.world, self.world.rng
        if pooled is None:
            return 0
        adults = [m for m in pooled if not m.volunteer and world.age(m) >= 18]
        positive = world.pick(adults)
        positive.note = "单管复核阳性，已转运集中隔离点"
        world.row(Resident, positive.id)["note"] = positive.note
        self.positive = positive
        moment = at(day, 22, 30)
        for index, person in enumerate(pooled):
            moment += dt.timedelta(minutes=rng.randint(2, 5), seconds=rng.randint(0, 59))
            code = f"{day:%y%m%d}9{index + 901:05d}"
            report = at(day + dt.timedelta(days=1), 3, 10) + dt.timedelta(
                minutes=rng.randint(0, 30)
            )
            result = "阳性" if person is positive else "阴性"
            tube = Tube(HOME_SITE, self.collector(day), code, 1, result, report)
            record_id = self.record(import_id, person, moment, tube, "重点人群")
            if person is positive:
                self.positive_record = record_id
        world.row(RiskChange, self.sealing_change)["test_record_id"] = self.positive_record
        return len(pooled)

    def outsider(self, import_id: int, moment: dt.datetime, day: dt.date) -> None:
        """A delivery rider tested at the site: no resident, no building."""
        world, rng = self.world, self.world.rng
        gender = world.pick(("男", "女"))
        born = identities.birth(world, rng.randint(20, 45))
        name = identities.full_name(world, gender, born.year)
        doc_no = identities.id_number(world, born, gender)
        phone = identities.phone(world)
        world.add(
            TestRecord,
            import_run=import_id,
            name=name,
            doc_type=DocumentType.ID_CARD.value,
            doc_no=doc_no,
            phone=phone,
            category="一般人群",
            sample_time=moment,
            site=SITE,
            collector=HOSPITAL_TEAM,
            tube_code=f"{day:%y%m%d}1{99900 + rng.randint(0, 99):05d}",
            pool_size=POOL,
            lab=LAB,
            result="阴性",
            report_time=moment + dt.timedelta(hours=11),
            address="外卖配送员，非本社区居民",
            compound_name="",
            building_name="",
            unit="",
            room="",
            resident=None,
            building=None,
            created_at=world.now,
        )

    def clerks_at_work(self, number: int, day: dt.date) -> None:
        for clerk in self.clerks:
            if not available(self.world, clerk, day) or (clerk.kind == "社工" and number % 2 == 0):
                continue
            serve(
                self.world,
                clerk,
                "核酸录入",
                at(day, 7),
                count=1,
                note=f"第 {number} 轮全员核酸信息录入（孕妇、网课学生优先通道）",
            )

    # --- today: the sealed building at home ------------------------------------------------

    def today(self) -> None:
        world, rng = self.world, self.world.rng
        today = world.today
        file_name = f"{HOME_SITE}_{today:%Y%m%d}.csv"
        import_id = world.add(ImportRun, **self.import_row(file_name, 0, 0, 0, world.now))
        home_clock = at(today, 6, 30)
        sealed = world.by_key[SEALED]
        members = [p for h in sealed.households for p in h.members if p is not self.positive]
        review_done = False
        reported: dt.datetime | None
        for index, person in enumerate(members):
            home_clock += dt.timedelta(seconds=rng.randint(20, 40))  # two sampling teams
            code = f"{today:%y%m%d}9{index + 11:05d}"
            if not review_done and index > 5 and rng.random() < 0.1:
                result, reported = "待复核", None
                review_done = True
            elif rng.random() < 0.7:
                result = "阴性"
                reported = at(today, 9) + dt.timedelta(seconds=rng.randint(0, 900))
            else:
                result, reported = "待出结果", None
            tube = Tube(HOME_SITE, self.collector(today), code, 1, result, reported)
            self.record(import_id, person, home_clock, tube, "居家隔离人员")
        if not review_done:
            world.rows[TestRecord][-1].update(result="待复核", report_time=None)
        rejected = self.rejected_rows(import_id, at(today, 6, 40))
        records = len(members)
        world.row(ImportRun, import_id).update(
            self.import_row(file_name, records + rejected, records, 0, at(today, 9, 20)),
            rejected_rows=rejected,
        )

    def rejected_rows(self, import_id: int, moment: dt.datetime) -> int:
        """Two rows of today's file that could not be used: kept for review."""
        world = self.world
        sealed = world.by_key[SEALED]
        household = sealed.households[-1]
        person = household.members[0]
        good = (
            person.doc_no if person.doc_type == DocumentType.ID_CARD.value else "500107198803120316"
        )
        wrong_digit = "0" if good[-1] != "0" else "1"
        bad = good[:-1] + wrong_digit
        check = check_document(bad, today=world.today)
        where = f"{sealed.compound},{sealed.name},{household.unit},{household.room}"
        sample = (moment + dt.timedelta(minutes=3)).strftime("%Y-%m-%d %H:%M:%S")
        world.add(
            RejectedRow,
            import_run=import_id,
            line_no=len(world.people) % 7 + 12,
            column="证件号码",
            reason=f"证件号码校验位错误：{check.reason}",
            raw_text=f"{person.name},居民身份证,{bad},{person.phone},居家隔离人员,{sample},"
            f"{HOME_SITE},,单采,{LAB},,,{where}",
            resolved=False,
        )
        excel = "5.00107E+17"
        check = check_document(excel, today=world.today)
        world.add(
            RejectedRow,
            import_run=import_id,
            line_no=len(world.people) % 7 + 19,
            column="证件号码",
            reason=check.reason,
            raw_text=f"{household.members[-1].name},居民身份证,{excel},,居家隔离人员,{sample},"
            f"{HOME_SITE},,单采,{LAB},,,{where}",
            resolved=False,
        )
        return 2

    # --- rows -------------------------------------------------------------------------------

    def collector(self, day: dt.date) -> str:
        """A medic on duty that day (home sampling), or the hospital's team."""
        world = self.world
        medics = [v.name for v in self.medics if available(world, v, day)]
        return world.pick(medics) if medics else HOSPITAL_TEAM

    def import_row(
        self, file_name: str, total: int, imported: int, duplicates: int, moment: dt.datetime
    ) -> Row:
        """The test site's file as the import records it (its fingerprint made up)."""
        text = f"office-app demo {self.world.seed} {file_name}"
        return {
            "kind": "tests",
            "file_name": file_name,
            "sha256": hashlib.sha256(text.encode()).hexdigest(),
            "updated_rows": 0,
            "encoding": "utf-8-sig",
            "total_rows": total,
            "imported_rows": imported,
            "duplicate_rows": duplicates,
            "rejected_rows": 0,
            "operator": self.world.admin_id,
            "operator_name": "admin",
            "imported_at": moment,
        }

    def record(
        self, import_id: int, person: Person, sample_time: dt.datetime, tube: Tube, category: str
    ) -> int:
        """A resident's test record, as the test site's file has it."""
        assert person.household is not None
        household = person.household
        building = household.building
        return self.world.add(
            TestRecord,
            import_run=import_id,
            name=person.name,
            doc_type=person.doc_type,
            doc_no=person.doc_no,
            phone=person.phone,
            category=category,
            sample_time=sample_time,
            site=tube.site,
            collector=tube.collector,
            tube_code=tube.code,
            pool_size=tube.size,
            lab=LAB,
            result=tube.result,
            report_time=tube.report.replace(microsecond=0) if tube.report else None,
            address=f"{building.address}{building.compound}{building.name}"
            f"{household.unit}{household.room}",
            compound_name=building.compound,
            building_name=building.name,
            unit=household.unit,
            room=household.room,
            resident=person.id,
            building=building.id,
            created_at=self.world.now,
        )


def tests(world: World, sealing_change: int) -> None:
    site = TestSite(world, sealing_change)
    for number, plan in enumerate(ROUNDS, start=1):
        site.round(number, plan)
    site.today()
