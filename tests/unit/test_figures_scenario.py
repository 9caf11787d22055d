"""One truth for every figure: a scripted two-day scenario whose figures are worked out by hand.

The office: 甲苑 with 1栋 and 2栋, seven residents, four volunteers, one gate post. Shifts are
the default ones: S1 = 11-21 白班 (08:00–20:00), S2 = 11-21 夜班 (20:00–08:00), S3 = 11-22
白班, S4 = 11-22 夜班. Everything is done through the services with explicit times. The
registry imports and the round plan take no time argument; their time stamps (ImportRun,
Resident.created_at, Distribution.planned_at) are set to the scenario's clock right after.

What happens (and so what every output must say):

S1 11-21 白班
  08:20 buildings.csv (甲苑 1栋, 2栋); 08:30 residents.csv (7 residents: 1栋 101 张一 张二,
        102 李一 李二; 2栋 201 王一, 202 赵一 钱一)
  08:00 a batch: 蔬菜包 10 份 (生活物资)
  V1 刘一 and V2 刘二 rostered on the gate post's 白班 (V1 lead, checked in 07:55)
  10:00 李二 asks to go out (就医 紧急); 10:05 同意·点对点 with V1 as escort; out 10:10 (due
        12:00), back 11:30. 11:00 张二 asks (其他), 11:02 不同意.
  12:00 a round of 蔬菜包, one per household, to 1栋 and 2栋 (4 households); 15:00 V2 delivers
        1栋's two households.
  19:30 the day's test file: tube P001 (10混1) 张一 张二 李一 混管阳性; tube P002 李二 王一 阴性;
        赵一 单采 阳性; an outsider (乙苑 9栋, not of this community) 单采 阳性. The import
        proposes 高风险 for 2栋.
S2 11-21 夜班
  V3 刘三 (lives in 2栋) rostered, checked in 19:58.
  21:00 王一 asks (就医 一般); 21:05 同意·点对点 with V2; out 21:10, due 23:00, never back.
S3 11-22 白班
  V1 rostered (lead), checked in 08:02.
  09:00 the 2栋 proposal confirmed: 2栋 高风险, its three residents 居家隔离 from 11-22,
        V3 居家隔离 from 11-22.
  10:00 the retests (sampled 11-21 22:00/22:05): 张一 阴性, 张二 阳性 (李一 not retested); the
        import proposes 高风险 for 1栋 (left open).
  10:30 V1 delivers 2栋 201 (王一's household).
S4 11-22 夜班: nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from office_app.models import (
    Building,
    Distribution,
    Household,
    ImportRun,
    Post,
    Resident,
    RiskProposal,
    Volunteer,
    VolunteerStatusChange,
)
from office_app.reports import daily_report as daily_pdf
from office_app.reports import handover as handover_pdf
from office_app.services.admin.actor import SYSTEM
from office_app.services.gate import exits as gate
from office_app.services.imports.buildings import import_buildings
from office_app.services.imports.residents import import_residents
from office_app.services.imports.tests import import_tests
from office_app.services.places import risk
from office_app.services.reporting import daily_report, handover, overview
from office_app.services.supplies import stock as supplies
from office_app.services.volunteers import roster

D1 = dt.date(2022, 11, 21)
D2 = dt.date(2022, 11, 22)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_no(body: str) -> str:
    """An ID number with its GB 11643 check digit (17 digits given)."""
    total = sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


PEOPLE = {
    # name: (document, building, room)
    "张一": (id_no("50010719800101001"), "1栋", "101"),
    "张二": (id_no("50010719820202002"), "1栋", "101"),
    "李一": (id_no("50010719700303003"), "1栋", "102"),
    "李二": (id_no("50010719750404004"), "1栋", "102"),
    "王一": (id_no("50010719600505005"), "2栋", "201"),
    "赵一": (id_no("50010719900606006"), "2栋", "202"),
    "钱一": (id_no("50010719920707007"), "2栋", "202"),
}
OUTSIDER = id_no("50010819880808008")


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def _stamp_import(kind: str, moment: dt.datetime) -> None:
    run = ImportRun.select().where(ImportRun.kind == kind).order_by(ImportRun.id.desc()).get()
    ImportRun.update(imported_at=moment).where(ImportRun.id == run.id).execute()


def _tests_file(path: Path, rows: list[tuple[str, str, dt.datetime, str, str, str, str]]) -> Path:
    lines = ["姓名,证件号码,采样时间,试管编码,采样方式,检测结果,报告时间,小区,楼栋,单元,房号"]
    for name, doc, sampled, tube, pool, result, report in rows:
        if doc == OUTSIDER:
            place = "乙苑,9栋,1单元,901"
        else:
            _doc, building, room = PEOPLE[name]
            place = f"甲苑,{building},1单元,{room}"
        lines.append(
            f"{name},{doc},{sampled:%Y-%m-%d %H:%M:%S},{tube},{pool},{result},{report},{place}"
        )
    return _write(path, lines)


def _household(building: str, room: str) -> int:
    found: int = (
        Household.select(Household.id)
        .join(Building)
        .where((Building.name == building) & (Household.room == room))
        .scalar()
    )
    return found


class Scenario:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.ids: dict[str, int] = {}

    def day_one(self) -> None:
        f = self.folder
        import_buildings(
            SYSTEM,
            _write(f / "buildings.csv", ["小区,楼栋,单元数,户数", "甲苑,1栋,1,2", "甲苑,2栋,1,2"]),
        )
        _stamp_import("buildings", at(D1, 8, 20))
        Building.update(created_at=at(D1, 8, 20)).execute()
        lines = ["姓名,证件类型,证件号码,手机号,小区,楼栋,单元,房号,特殊人群"]
        for name, (doc, building, room) in PEOPLE.items():
            lines.append(f"{name},居民身份证,{doc},,甲苑,{building},1单元,{room},")
        import_residents(SYSTEM, _write(f / "residents.csv", lines))
        _stamp_import("residents", at(D1, 8, 30))
        Resident.update(created_at=at(D1, 8, 30)).execute()
        self.b1 = Building.get(Building.name == "1栋").id
        self.b2 = Building.get(Building.name == "2栋").id

        # Volunteers: V4 has been ill since the first day.
        for key, name, home in (
            ("V1", "刘一", None),
            ("V2", "刘二", None),
            ("V3", "刘三", self.b2),
        ):
            self.ids[key] = Volunteer.create(name=name, phone="", home_building=home).id
        v4 = Volunteer.create(name="刘四", status="伤病", status_since=D1)
        VolunteerStatusChange.create(volunteer=v4, from_status="在岗", to_status="伤病", since=D1)
        post = Post.create(kind="卡点", name="甲苑东门卡点")
        self.post = post.id
        a1 = roster.assign(SYSTEM, self.ids["V1"], post.id, D1, "白班", lead=True)
        roster.assign(SYSTEM, self.ids["V2"], post.id, D1, "白班")
        roster.check_in(SYSTEM, a1.assignment_id, at(D1, 7, 55))
        a3 = roster.assign(SYSTEM, self.ids["V3"], post.id, D1, "夜班")
        roster.check_in(SYSTEM, a3.assignment_id, at(D1, 19, 58))

        supplies.receive_batch(
            SYSTEM,
            supplies.BatchData(
                "街道调拨",
                "二郎街道",
                D1,
                (supplies.ItemLine("蔬菜包", "生活物资", "份", 10, D1 + dt.timedelta(days=30)),),
            ),
        )

        resident = {r.name: r.id for r in Resident.select()}
        e1 = gate.record_request(SYSTEM, resident["李二"], "就医", "紧急", at=at(D1, 10))
        gate.decide(SYSTEM, e1.id, "同意·点对点", escort_id=self.ids["V1"], at=at(D1, 10, 5))
        gate.mark_out(SYSTEM, e1.id, at=at(D1, 10, 10), due_back_at=at(D1, 12))
        gate.mark_back(SYSTEM, e1.id, at=at(D1, 11, 30))
        e3 = gate.record_request(SYSTEM, resident["张二"], "其他", "一般", at=at(D1, 11))
        gate.decide(SYSTEM, e3.id, "不同意", refusal_reason="非必要外出", at=at(D1, 11, 2))

        plan = supplies.plan_round("蔬菜包", 1, [self.b1, self.b2], today=D1)
        self.round = supplies.create_round(SYSTEM, "第一轮蔬菜包", D1, plan, today=D1)
        Distribution.update(planned_at=at(D1, 12)).where(Distribution.round == self.round).execute()
        supplies.deliver(SYSTEM, self.round, self.b1, self.ids["V2"], None, at=at(D1, 15), today=D1)

        report = at(D1, 18).strftime("%Y-%m-%d %H:%M:%S")
        pooled = "10混1"
        rows = [
            ("张一", PEOPLE["张一"][0], at(D1, 9), "P001", pooled, "混管阳性", report),
            ("张二", PEOPLE["张二"][0], at(D1, 9, 1), "P001", pooled, "混管阳性", report),
            ("李一", PEOPLE["李一"][0], at(D1, 9, 2), "P001", pooled, "混管阳性", report),
            ("李二", PEOPLE["李二"][0], at(D1, 9, 3), "P002", pooled, "阴性", report),
            ("王一", PEOPLE["王一"][0], at(D1, 9, 4), "P002", pooled, "阴性", report),
            ("赵一", PEOPLE["赵一"][0], at(D1, 9, 5), "S001", "单采", "阳性", report),
            ("外卖员", OUTSIDER, at(D1, 9, 6), "S002", "单采", "阳性", report),
        ]
        import_tests(SYSTEM, _tests_file(f / "tests-1121.csv", rows), moment=at(D1, 19, 30))

        e2 = gate.record_request(SYSTEM, resident["王一"], "就医", "一般", at=at(D1, 21))
        gate.decide(SYSTEM, e2.id, "同意·点对点", escort_id=self.ids["V2"], at=at(D1, 21, 5))
        gate.mark_out(SYSTEM, e2.id, at=at(D1, 21, 10), due_back_at=at(D1, 23))

    def day_two(self) -> None:
        a = roster.assign(SYSTEM, self.ids["V1"], self.post, D2, "白班", lead=True)
        roster.check_in(SYSTEM, a.assignment_id, at(D2, 8, 2))
        proposal = RiskProposal.get(RiskProposal.building == self.b2)
        risk.confirm_proposal(SYSTEM, proposal.id, at=at(D2, 9))
        report = at(D2, 6).strftime("%Y-%m-%d %H:%M:%S")
        rows = [
            ("张一", PEOPLE["张一"][0], at(D1, 22), "R001", "单采", "阴性", report),
            ("张二", PEOPLE["张二"][0], at(D1, 22, 5), "R002", "单采", "阳性", report),
        ]
        import_tests(SYSTEM, _tests_file(self.folder / "tests-1122.csv", rows), moment=at(D2, 10))
        supplies.deliver(
            SYSTEM,
            self.round,
            self.b2,
            self.ids["V1"],
            [_household("2栋", "201")],
            at=at(D2, 10, 30),
            today=D2,
        )


# --- the figures of each output, by name ------------------------------------------------------


def handover_figures(facts: handover.HandoverFacts) -> dict[str, Any]:
    t, g, u, r, c, p = (
        facts.testing,
        facts.gate,
        facts.supplies,
        facts.risk,
        facts.control,
        facts.people,
    )
    return {
        "levels": r.levels,
        "risk_buildings": [(b.building, b.level) for b in r.buildings],
        "changes": [(x.at, x.building, x.from_level, x.to_level) for x in r.changes],
        "open_proposals": [(x.building, x.to_level) for x in r.proposals],
        "isolated": c.isolated,
        "monitored": c.monitored,
        "new_isolated": c.new_isolated,
        "new_monitored": c.new_monitored,
        "released": c.released,
        "test_imports": [i.file_name for i in t.imports],
        "registry_imports": [(i.file_name, i.kind) for i in facts.registry.imports],
        "records_received": t.received,
        "positives": [
            (x.name, x.building, x.sample_time, x.report_time, x.known_at) for x in t.positives
        ],
        "pooled_tubes": t.pooled_tubes,
        "pooled_people": sorted(x.name for x in t.pooled_rows),
        "pending_review": sorted(x.name for x in t.review),
        "coverage": [(x.building, x.registered, x.tested) for x in t.coverage],
        "requests": g.counts.requests,
        "decisions": g.counts.decisions,
        "out": g.counts.out,
        "back": g.counts.back,
        "not_back": [x.name for x in g.not_back],
        "overdue": g.overdue,
        "errands": g.errand_totals,
        "received": u.received_by_category,
        "delivered": [(x.building, x.households, x.quantity) for x in u.delivered],
        "outstanding": [(x.round_name, x.building, x.households) for x in u.outstanding],
        "stock": [(x.item, x.stock) for x in u.stock],
        "rostered": p.rostered,
        "checked_in": p.checked_in,
        "on_duty_names": [v.name for v in p.on_duty],
        "volunteers_on_duty": p.volunteers_on_duty,
        "services": facts.services,
    }


NO_DECISIONS: dict[str, int] = {}
ZERO_RECEIVED = {"生活物资": 0, "药品": 0, "防护物资": 0}
LOW_BOTH = {"高": 0, "中": 0, "低": 2}
HIGH_2 = {"高": 1, "中": 0, "低": 1}
CHANGE_2 = (at(D2, 9), "甲苑 2栋", "低", "高")
ZHAO = ("赵一", "甲苑 2栋", at(D1, 9, 5), at(D1, 18), at(D1, 19, 30))
ZHANG2 = ("张二", "甲苑 1栋", at(D1, 22, 5), at(D2, 6), at(D2, 10))
ROUND = "第一轮蔬菜包"

# Worked out by hand from the scenario above.
EXPECTED = {
    "S1": {
        "levels": LOW_BOTH,
        "risk_buildings": [],
        "changes": [],
        "open_proposals": [("甲苑 2栋", "高")],  # proposed 19:30 by the import
        "isolated": 0,
        "monitored": 0,
        "new_isolated": 0,
        "new_monitored": 0,
        "released": 0,
        "test_imports": ["tests-1121.csv"],
        "registry_imports": [("buildings.csv", "buildings"), ("residents.csv", "residents")],
        "records_received": 7,
        "positives": [ZHAO],  # not the outsider's, not the pooled tube
        "pooled_tubes": 1,
        "pooled_people": ["张一", "张二", "李一"],
        "pending_review": ["张一", "张二", "李一"],
        "coverage": [("甲苑 1栋", 4, 4), ("甲苑 2栋", 3, 2)],  # 钱一 not sampled
        "requests": 2,
        "decisions": {"同意·点对点": 1, "不同意": 1},
        "out": 1,
        "back": 1,
        "not_back": [],
        "overdue": 0,
        "errands": {"就医陪同": 1},
        "received": {"生活物资": 10, "药品": 0, "防护物资": 0},
        "delivered": [("甲苑 1栋", 2, 2)],
        "outstanding": [(ROUND, "甲苑 2栋", 2)],
        "stock": [("蔬菜包", 8)],
        "rostered": 2,
        "checked_in": 1,
        "on_duty_names": ["刘一", "刘二"],
        "volunteers_on_duty": 3,  # 刘四 is ill
        "services": {"就医陪同": 1, "物资配送": 2},
    },
    "S2": {
        "levels": LOW_BOTH,
        "risk_buildings": [],
        "changes": [],
        "open_proposals": [("甲苑 2栋", "高")],
        "isolated": 0,
        "monitored": 0,
        "new_isolated": 0,
        "new_monitored": 0,
        "released": 0,
        "test_imports": [],
        "registry_imports": [],
        "records_received": 0,
        "positives": [],
        "pooled_tubes": 0,
        "pooled_people": [],
        "pending_review": ["张一", "张二", "李一"],  # the retests reach the office at 10:00
        "coverage": [("甲苑 1栋", 4, 4), ("甲苑 2栋", 3, 2)],  # noon of 11-21 is in S1
        "requests": 1,
        "decisions": {"同意·点对点": 1},
        "out": 1,
        "back": 0,
        "not_back": ["王一"],
        "overdue": 1,
        "errands": {"就医陪同": 1},
        "received": ZERO_RECEIVED,
        "delivered": [],
        "outstanding": [(ROUND, "甲苑 2栋", 2)],
        "stock": [("蔬菜包", 8)],
        "rostered": 1,
        "checked_in": 1,
        "on_duty_names": ["刘三"],
        "volunteers_on_duty": 3,
        "services": {"就医陪同": 1},
    },
    "S3": {
        "levels": HIGH_2,
        "risk_buildings": [("甲苑 2栋", "高")],
        "changes": [CHANGE_2],
        "open_proposals": [("甲苑 1栋", "高")],  # proposed 10:00 by the retests
        "isolated": 3,
        "monitored": 0,
        "new_isolated": 3,
        "new_monitored": 0,
        "released": 0,
        "test_imports": ["tests-1122.csv"],
        "registry_imports": [],
        "records_received": 2,
        "positives": [ZHANG2],
        "pooled_tubes": 0,
        "pooled_people": [],
        "pending_review": ["李一"],
        "coverage": [("甲苑 1栋", 4, 0), ("甲苑 2栋", 3, 0)],  # nobody sampled on 11-22
        "requests": 0,
        "decisions": NO_DECISIONS,
        "out": 0,
        "back": 0,
        "not_back": ["王一"],
        "overdue": 1,
        "errands": {},
        "received": ZERO_RECEIVED,
        "delivered": [("甲苑 2栋", 1, 1)],
        "outstanding": [(ROUND, "甲苑 2栋", 1)],
        "stock": [("蔬菜包", 7)],
        "rostered": 1,
        "checked_in": 1,
        "on_duty_names": ["刘一"],
        "volunteers_on_duty": 2,  # 刘三 isolated with his building
        "services": {"物资配送": 1},
    },
}

DAILY = {
    D1: {
        "levels": LOW_BOTH,
        "high_buildings": [],
        "isolated": 0,
        "monitored": 0,
        "pending_review": 3,
        "out_not_back": 1,
        "overdue": 1,
        "outstanding_households": 2,
        "stock": {"生活物资": 8, "药品": 0, "防护物资": 0},
        "open_proposals": 1,
        "volunteers_on_duty": 3,
        "registered": 7,
        "tested": 6,
        "changes": [],
        "new_isolated": 0,
        "new_monitored": 0,
        "released": 0,
        "records_received": 7,
        "positives": 1,
        "pooled_tubes": 1,
        "pooled_people": 3,
        "requests": 3,
        "decisions": {"同意·点对点": 2, "不同意": 1},
        "trips_out": 2,
        "trips_back": 1,
        "errands": {"就医陪同": 2},
        "received": {"生活物资": 10, "药品": 0, "防护物资": 0},
        "delivered_households": 2,
        "rostered": 3,
        "checked_in": 2,
        "services": {"就医陪同": 2, "物资配送": 2},
    },
    D2: {
        "levels": HIGH_2,
        "high_buildings": ["甲苑 2栋"],
        "isolated": 3,
        "monitored": 0,
        "pending_review": 1,
        "out_not_back": 1,
        "overdue": 1,
        "outstanding_households": 1,
        "stock": {"生活物资": 7, "药品": 0, "防护物资": 0},
        "open_proposals": 1,
        "volunteers_on_duty": 2,
        "registered": 7,
        "tested": 0,
        "changes": [CHANGE_2],
        "new_isolated": 3,
        "new_monitored": 0,
        "released": 0,
        "records_received": 2,
        "positives": 1,
        "pooled_tubes": 0,
        "pooled_people": 0,
        "requests": 0,
        "decisions": {},
        "trips_out": 0,
        "trips_back": 0,
        "errands": {},
        "received": ZERO_RECEIVED,
        "delivered_households": 1,
        "rostered": 1,
        "checked_in": 1,
        "services": {"物资配送": 1},
    },
}


def daily_dict(facts: daily_report.DailyFigures) -> dict[str, Any]:
    found = {key: getattr(facts, key) for key in DAILY[D1] if key != "changes"}
    found["changes"] = [(x.at, x.building, x.from_level, x.to_level) for x in facts.changes]
    return found


def _pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", "", text)


@pytest.fixture
def scenario(fresh_db: Path, tmp_path: Path) -> Scenario:
    return Scenario(tmp_path)


def test_two_days_give_the_figures_worked_out_by_hand(scenario: Scenario) -> None:
    scenario.day_one()
    # S1's handover as printed at the end of the shift, before anything of day two exists.
    first = handover.gather(D1, "白班", moment=at(D1, 20))
    first_pdf = handover_pdf.render(first, at(D1, 20, 5))
    assert handover_figures(first) == EXPECTED["S1"]

    scenario.day_two()
    now = at(D2, 12)
    facts = overview.gather(now)
    assert (facts.high_buildings, facts.medium_buildings, facts.buildings) == (1, 0, 2)
    assert (facts.residents, facts.isolated, facts.monitored) == (7, 3, 0)
    assert (facts.volunteers_on_duty, facts.volunteers) == (2, 4)
    # 赵一 (11-21 19:30) and 张二 (11-22 10:00); not the outsider, not the pooled tube.
    assert facts.positives_24h == 2
    assert facts.pending_review == 1  # 李一
    assert (facts.out_not_back, facts.overdue) == (1, 1)  # 王一, due back 11-21 23:00
    assert facts.open_proposals == 1  # 1栋
    assert facts.expiring_items == 0

    shifts = {"S1": (D1, "白班"), "S2": (D1, "夜班"), "S3": (D2, "白班")}
    for key, (day, name) in shifts.items():
        got = handover_figures(handover.gather(day, name, moment=at(D2, 23)))
        assert got == EXPECTED[key], key

    # The reprint of S1 after day two: the same record but for its print time.
    again = handover.gather(D1, "白班", moment=at(D2, 23))
    assert again == first
    second_pdf = handover_pdf.render(again, at(D2, 23, 30))
    printed = re.compile(r"打印时间：\d{4}-\d{2}-\d{2}\d{2}:\d{2}")
    first_text, second_text = _pdf_text(first_pdf), _pdf_text(second_pdf)
    assert "打印时间：2022-11-2120:05" in first_text
    assert "打印时间：2022-11-2223:30" in second_text
    assert printed.sub("", first_text) == printed.sub("", second_text)
    # Its sections: registry files under 楼栋与居民名单, the test file under 核酸检测.
    testing = first_text[first_text.index("五、核酸检测") : first_text.index("六、")]
    registry = first_text[first_text.index("八、楼栋与居民名单") : first_text.index("九、")]
    assert "tests-1121.csv" in testing and "residents.csv" not in testing
    assert "residents.csv" in registry and "buildings.csv" in registry
    assert "tests-1121.csv" not in registry
    assert "班末待复核（单管复检）：3人" in testing
    assert "混管阳性：1管，3人" in testing

    for day in (D1, D2):
        got = daily_dict(daily_report.daily_figures(day, moment=at(D2, 23) + dt.timedelta(days=2)))
        assert got == DAILY[day], day


def test_the_daily_report_prints_the_figures(scenario: Scenario, tmp_path: Path) -> None:
    scenario.day_one()
    scenario.day_two()
    facts = daily_report.daily_figures(D1, moment=at(D2, 23))
    text = _pdf_text(daily_pdf.render(facts, at(D2, 23)))
    for words in (
        "收到检测记录7条",
        "阳性（单管）1人",
        "混管阳性1管3人",
        "待复核（日末）3人",
        "外出未返/逾期（日末）1/1人",
        "配送到户2户次",
        "尚未送达（日末）2户",
        "在岗志愿者3人",
        "排班/签到3/2人次",
    ):
        assert words in text, words
