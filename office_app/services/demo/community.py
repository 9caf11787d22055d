"""A realistic demo community: 科城路社区, 二郎街道, 九龙坡区, Chongqing, November 2022.

``build_demo`` fills an empty database (or, with ``force``, replaces the domain data of a used
one) with compounds, buildings, households and residents, the sent-down cadres and volunteers,
two weeks of shifts, exit requests, supplies and their ledger, and the nucleic-acid test rounds,
following the story of the article in ``seed/`` (崔亚涛's 73 errands, 潘超 serving inside his
sealed building, 徐李梦 training two data-entry clerks, 王榆's old knee injury).

Deterministic: the same ``seed`` and ``today`` give the same database content. Every random
choice comes from one ``random.Random(seed)`` and every timestamp is derived from ``today``
(the demo's clock stands at ``today`` 09:30). Only the operators' password hashes (random salt)
and the audit entry's time (the real time of the build) differ between two builds.

Everything is written in one transaction with ``insert_many``; explicit ids link the rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from office_app.models import (
    ALL_MODELS,
    AuditEntry,
    BaseModel,
    Building,
    Compound,
    Distribution,
    DistributionRound,
    ExitRequest,
    Gate,
    Household,
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
    SupplyBatch,
    SupplyItem,
    TestRecord,
    Volunteer,
    VolunteerSkill,
    VolunteerStatusChange,
    db,
)
from office_app.models.database import is_empty

from ..admin import audit
from ..admin.actor import ROLE_ADMIN, ROLE_DUTY, Actor, require_admin, require_write
from ..admin.auth import hash_password
from ..admin.settings import DEFAULT_SHIFTS, CommunitySettings
from ..gate.exits import EXIT_HOURS
from ..people.identity import DocumentType, check_document, make_id_number
from ..places.risk import Rule, refresh, update_clock

__all__ = ["DemoRefused", "DemoSummary", "build_demo"]

Row = dict[str, Any]
T = TypeVar("T")

DEMO_PASSWORD = "demo"
DEMO_OPERATORS = (("admin", "管理员", ROLE_ADMIN), ("duty1", "值班员", ROLE_DUTY))
# The demo's clock: everything before this moment on ``today`` has happened.
DEMO_CLOCK = dt.time(9, 30)
DAYS = 14

SITE = "科城路社区第3采样点"
HOME_SITE = "科城路社区上门采样组"
LAB = "渝西示例医学检验实验室"

# Tables that are not domain data: kept by ``force``.
_KEPT = (Operator, AuditEntry)
# Tables whose content does not make the database "hold data".
_NOT_DATA = (Setting, Operator, AuditEntry)


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


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- fixed content --------------------------------------------------------------------------

# name, address, area (片区), gates, buildings, floors (min, max), units (min, max)
_COMPOUNDS: tuple[tuple[str, str, str, tuple[str, ...], int, tuple[int, int], tuple[int, int]], ...]
_COMPOUNDS = (
    ("兴茂盛世国际", "九龙坡区科城路71号", "一片区", ("东门", "南门", "西门"), 8, (11, 18), (2, 3)),
    ("恒基雍翠名门", "九龙坡区科城路68号", "一片区", ("东门", "北门"), 6, (11, 17), (2, 2)),
    ("瑞景苑", "九龙坡区二郎路12号", "二片区", ("南门",), 5, (6, 7), (3, 4)),
    ("科城佳苑", "九龙坡区科城路35号", "二片区", ("东门", "南门"), 4, (6, 7), (2, 3)),
    ("盛景天下", "九龙坡区二郎创业路8号", "二片区", ("北门",), 5, (9, 12), (2, 4)),
)
TARGET_HOUSEHOLDS = 1200
SEALED = ("兴茂盛世国际", "3栋")  # 高 since today - 4
MEDIUM = ("兴茂盛世国际", "4栋")  # 中 since today - 6; the rule proposes lowering it today
UNSEALED = ("恒基雍翠名门", "6栋")  # sealed today - 13 … today - 6 (7 days), now 低
NO_LEADER = (("瑞景苑", "4栋"), ("盛景天下", "5栋"))  # no 小组长: the UI flags them
SEALED_DAY, UNSEAL_FROM, UNSEAL_TO = -4, -13, -6
MEDIUM_DAY = -6

_ORGANISATIONS = (
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
_CADRE_ORGS = (
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

_SURNAMES = _words(
    "刘8 陈8 王7 李7 张6 杨5 黄4 周4 何3 罗3 赵3 吴3 谭2 唐2 邓2 彭2 曾2 肖2 袁2 余2 廖2 徐2"
    " 孙2 马2 朱2 胡2 郭2 高2 谢2 林1 郑1 梁1 宋1 许1 韩1 冯1 曹1 田1 董1 潘1 蒋1 蔡1 杜1"
    " 叶1 程1 魏1 吕1 丁1 任1 姚1 卢1 姜1 崔1 汪1 范1 石1 贾1 夏1 付1 文1 邹1 熊1 秦1 江1"
    " 雷1 龙1 陶1 黎1 向1 冉1 牟1 况1 游1 代1 欧阳1"
)
_SURNAME_NAMES = [s[:-1] for s in _SURNAMES]
_SURNAME_WEIGHTS = [int(s[-1]) for s in _SURNAMES]

_OLD_MALE = _words(
    "国华 建国 德明 志强 明华 永福 世荣 光明 建华 德才 绍文 家富 长贵 玉成 昌明 正林 天福 开明"
    " 荣华 学文 明德 泽民 大伦 树林"
)
_OLD_FEMALE = _words(
    "秀英 桂兰 淑珍 玉兰 秀珍 桂芳 凤英 素芬 玉珍 秀兰 淑华 翠英 兰英 金凤 玉梅 德芬 素华 秀琼"
    " 素琼 碧玉 世珍 淑芬"
)
_MID_MALE = (
    "伟 强 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 波 宇 浩 凯 健 俊 帆 旭 宁"
    " 龙 林 峰 兵 东 亮 成 川 渝 力"
)
_MID_FEMALE = (
    "芳 娜 敏 静 丽 艳 娟 霞 秀 玲 燕 萍 红 梅 琳 婷 雪 倩 颖 佳 莉 蓉 琴 英 兰 洁 丹 月 莎 薇"
)
_MID_FIRST = _words("小 晓 建 志 文 海 春 永 德 家 俊 明 雪 佳 思 红 一 天 雨 嘉")
_YOUNG_MALE = _words(
    "子轩 浩宇 梓轩 宇轩 俊熙 皓轩 子墨 一鸣 思远 沐阳 博文 昊然 明轩 睿泽 嘉懿 天佑 铭泽 锦程"
    " 奕辰 宇航 梓豪 俊杰"
)
_YOUNG_FEMALE = _words(
    "子涵 欣怡 梓涵 一诺 雨桐 诗琪 可馨 语嫣 思彤 梦瑶 佳怡 雨欣 若汐 芷若 安琪 心怡 诗涵 悦彤"
    " 梓萱 晨曦 语桐 佳琪"
)
# Rare name characters (GB2312 lacks some of them): fonts and exports must cope.
_RARE_MALE = _words("喆 堃 赟 垚 翀 彧 昇 燚")
_RARE_FEMALE = _words("玥 珺 婧 珏 琰 瑾 淼 昕")

_FOREIGNERS = (
    ("JAMES WILSON", "男", "568214937"),
    ("KIM MINJI", "女", "M48213376"),
    ("TANAKA HIROSHI", "男", "TK4821937"),
    ("NGUYEN THI HOA", "女", "C7294615"),
    ("Daniel Müller", "男", "C4J7R2K91"),
    ("ANNA PETROVA", "女", "753829164"),
)

# Area codes: 九龙坡区 first; older people often kept the pre-1997 Sichuan-era codes.
_AREAS = (
    ("500107", 50),
    ("500106", 9),
    ("500108", 6),
    ("500103", 5),
    ("500105", 4),
    ("500112", 4),
    ("500113", 3),
    ("500235", 2),
    ("500236", 2),
    ("510104", 3),
    ("510107", 3),
    ("511002", 3),
    ("511302", 3),
    ("510722", 2),
    ("511602", 2),
)
_OLD_CQ_AREAS = ("510213", "510212", "510202", "510211")
_PHONE_PREFIXES = _words(
    "133 135 136 137 138 139 150 151 152 155 157 158 159 166 173 177 178 180 181 182 183 185 186"
    " 187 189 191 199"
)

_EXIT_DETAILS: dict[tuple[str, str], tuple[str, ...]] = {
    ("就医", "紧急"): (
        "腹痛难忍，去区人民医院急诊",
        "老人在家摔倒，需要拍片检查",
        "胸闷气短，去附二院急诊",
        "手被割伤，需要缝针",
    ),
    ("就医", "一般"): ("牙痛，想去口腔医院", "复诊，取检查报告", "腰椎理疗", "皮肤过敏复诊"),
    ("购药", "紧急"): ("胰岛素用完了，需马上购买", "孩子哮喘喷雾用完了"),
    ("购药", "一般"): ("降压药快吃完了", "需要买感冒药", "买眼药水", "买胃药", "买维生素"),
    ("透析·化疗", "紧急"): ("每周三次血液透析（区人民医院肾内科）", "肿瘤医院化疗（第 3 疗程）"),
    ("孕检", "一般"): ("孕 28 周产检（妇幼保健院）", "孕中期唐筛", "孕晚期胎心监护"),
    ("孕检", "紧急"): ("孕 36 周，见红，去妇幼保健院",),
    ("其他", "一般"): ("去单位上班", "取快递", "回老家", "去银行办业务", "给老人送饭"),
}
_CHILD_DETAILS = (
    "高烧 39℃，家长陪同去儿童医院急诊",
    "咳嗽气喘，家长陪同去儿童医院",
    "摔伤额头，家长陪同去医院缝针",
)
_MONITORING_NOTES = (
    "外地返渝，居家健康监测 3 天",
    "密接者同住人，隔离期满后居家健康监测",
    "中风险区来渝人员，居家健康监测",
)

# name, category, unit, quantity, expiry (days after today, None: no expiry)
_BatchSpec = tuple[str, str, str, int, int | None]
_BATCHES: tuple[tuple[str, str, int, str, tuple[_BatchSpec, ...]], ...] = (
    (
        "街道调拨",
        "二郎街道办事处",
        -14,
        "首批防疫物资",
        (
            ("防护服", "防护物资", "套", 400, 700),
            ("N95口罩", "防护物资", "个", 3000, 700),
            ("面屏", "防护物资", "个", 300, None),
            ("手套", "防护物资", "副", 2000, 900),
            ("消毒液", "防护物资", "瓶", 300, 350),
        ),
    ),
    (
        "街道调拨",
        "九龙坡区保供专班",
        -11,
        "生活物资保供",
        (
            ("蔬菜包", "生活物资", "份", 1300, None),
            ("大米", "生活物资", "袋", 1250, 300),
            ("食用油", "生活物资", "桶", 1250, 500),
        ),
    ),
    (
        "社会捐赠",
        "重庆某医药连锁有限公司（爱心捐赠）",
        -9,
        "爱心企业捐赠药品和口罩",
        (
            ("布洛芬", "药品", "盒", 200, 600),
            ("连花清瘟胶囊", "药品", "盒", 300, -1),  # expired yesterday
            ("N95口罩", "防护物资", "个", 2000, 700),
            ("消毒液", "防护物资", "瓶", 200, 365),
        ),
    ),
    (
        "采购",
        "科城路社区（社区采购）",
        -2,
        "社区采购，第二轮蔬菜包",
        (
            ("蔬菜包", "生活物资", "份", 400, 3),  # expires within 7 days
            ("手套", "防护物资", "副", 1000, 900),
        ),
    ),
)

# Test rounds (days before today) at the test site; today's sampling is at home, 3栋 only.
_ROUNDS = (-12, -10, -8, -5, -3, -1)
_POOLED_POSITIVE_ROUND = -5


# --- working structures ---------------------------------------------------------------------


@dataclass(eq=False)
class _Building:
    id: int
    compound_id: int
    compound: str
    address: str
    area: str
    name: str
    gate_ids: list[int]
    households: list[_Household] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.compound, self.name)


@dataclass(eq=False)
class _Household:
    id: int
    building: _Building
    unit: str
    room: str
    members: list[_Person] = field(default_factory=list)


@dataclass(eq=False)
class _Person:
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
    household: _Household | None = None

    @property
    def name(self) -> str:
        return self.surname + self.given


@dataclass(eq=False)
class _Volunteer:
    name: str
    gender: str
    phone: str
    org: str | None
    kind: str
    report: dt.date
    party: bool = True
    home: _Building | None = None
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
    id: int = 0


@dataclass(eq=False)
class _Lot:
    item_id: int
    product: str
    received: dt.datetime
    expiry: dt.date | None
    stock: int = 0


@dataclass(eq=False)
class _Outflow:
    at: dt.datetime
    product: str
    quantity: int
    kind: str
    reason: str
    distribution: Row | None = None  # a Distribution row (without item) to create
    shift_id: int | None = None
    service: Row | None = None  # a ServiceRecord row to add when the outflow happens


def _at(day: dt.date, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute, second))


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _chunks(rows: Sequence[T], size: int) -> list[Sequence[T]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


# --- the generator --------------------------------------------------------------------------


class _Demo:
    def __init__(self, seed: int, today: dt.date, admin_id: int | None) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.today = today
        self.now = dt.datetime.combine(today, DEMO_CLOCK)
        self.admin_id = admin_id
        self.t0 = _at(self.day(-DAYS - 6), 9)
        self.rows: dict[type[BaseModel], list[Row]] = {
            m: [] for m in ALL_MODELS if m not in _NOT_DATA
        }
        self.docs: set[str] = set()
        self.phones: set[str] = set()
        self.compound_ids: dict[str, int] = {}
        self.compound_gates: dict[str, list[int]] = {}
        self.buildings: list[_Building] = []
        self.by_key: dict[tuple[str, str], _Building] = {}
        self.people: list[_Person] = []
        self.volunteers: list[_Volunteer] = []
        self.vol_by_name: dict[str, _Volunteer] = {}
        self.org_ids: dict[str, int] = {}
        self.posts: list[tuple[int, str, str, int | None, int]] = []
        self.positive: _Person | None = None
        self.positive_record_id = 0
        self.pooled: tuple[list[_Person], str] | None = None
        self.sealing_change = 0
        self.pan_person: _Person | None = None
        self.couple: tuple[_Person, _Person] | None = None
        self.isolated_people: list[_Person] = []
        self.resident_people: list[_Person] = []
        self.trainees: tuple[_Volunteer, ...] = ()
        self.trainer: _Volunteer | None = None
        self.shift_rows: list[tuple[int, str, str, dt.datetime, dt.datetime, int]] = []
        self.cui_count = 0

    # helpers

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    def add(self, model: type[BaseModel], **values: Any) -> int:
        rows = self.rows[model]
        new_id = len(rows) + 1
        rows.append({"id": new_id, **values})
        return new_id

    def pick(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    def moment(self, day: dt.date, start_hour: int, end_hour: int) -> dt.datetime:
        """A random second of ``day`` between the two hours."""
        span = (end_hour - start_hour) * 3600
        return _at(day, start_hour) + dt.timedelta(seconds=self.rng.randrange(span))

    def phone(self) -> str:
        while True:
            number = self.pick(_PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def surname(self) -> str:
        return self.rng.choices(_SURNAME_NAMES, weights=_SURNAME_WEIGHTS)[0]

    def given(self, gender: str, birth_year: int) -> str:
        rng = self.rng
        male = gender == "男"
        if birth_year < 1960:
            if rng.random() < 0.8:
                return self.pick(_OLD_MALE if male else _OLD_FEMALE)
            return self.pick((_MID_MALE if male else _MID_FEMALE).split())
        if birth_year < 2000:
            chars = (_MID_MALE if male else _MID_FEMALE).split()
            name = self.pick(chars)
            if rng.random() < 0.6:
                name = self.pick(_MID_FIRST) + name
        elif rng.random() < 0.7:
            name = self.pick(_YOUNG_MALE if male else _YOUNG_FEMALE)
        else:
            name = self.pick((_MID_MALE if male else _MID_FEMALE).split())
            name = self.pick(_MID_FIRST) + name
        if birth_year >= 1970 and rng.random() < 0.04:
            rare = self.pick(_RARE_MALE if male else _RARE_FEMALE)
            name = name[:-1] + rare if len(name) > 1 and rng.random() < 0.5 else rare
        return name

    def birth(self, age: int) -> dt.date:
        days = max(age * 365 + self.rng.randrange(365), 20)
        return self.today - dt.timedelta(days=days)

    def id_number(self, birth: dt.date, gender: str) -> str:
        areas = [a for a, _ in _AREAS]
        weights = [w for _, w in _AREAS]
        while True:
            if birth.year < 1985 and self.rng.random() < 0.4:
                area = self.pick(_OLD_CQ_AREAS)
            else:
                area = self.rng.choices(areas, weights=weights)[0]
            sequence = self.rng.randrange(500) * 2 + (1 if gender == "男" else 0)
            number = make_id_number(area, birth, sequence)
            if number not in self.docs:
                self.docs.add(number)
                return number

    def person(self, age: int, gender: str, role: str, surname: str | None = None) -> _Person:
        birth = self.birth(max(0, min(age, 97)))
        return _Person(
            surname=surname or self.surname(),
            given=self.given(gender, birth.year),
            gender=gender,
            birth=birth,
            role=role,
        )

    # places and people

    def places(self) -> None:
        rng = self.rng
        layouts: list[tuple[_Building, int, int, int]] = []
        for name, address, area, gates, count, floors, units in _COMPOUNDS:
            cid = self.add(Compound, name=name, address=address, area=area, created_at=self.t0)
            self.compound_ids[name] = cid
            self.compound_gates[name] = [
                self.add(Gate, compound=cid, name=gate_name) for gate_name in gates
            ]
            for number in range(1, count + 1):
                n_units = rng.randint(*units)
                n_floors = rng.randint(*floors)
                doors = 2 if n_floors > 9 else rng.randint(2, 3)
                building = _Building(
                    0, cid, name, address, area, f"{number}栋", self.compound_gates[name]
                )
                layouts.append((building, n_units, n_floors, doors))
        total_rooms = sum(u * f * d for _, u, f, d in layouts)
        occupancy = TARGET_HOUSEHOLDS / total_rooms
        for building, n_units, n_floors, doors in layouts:
            rooms = n_units * n_floors * doors
            building.id = self.add(
                Building,
                compound=building.compound_id,
                name=building.name,
                units=n_units,
                households_planned=rooms,
                risk_level="低",
                clean_since=None,
                earliest_lowering=None,
                note="",
                created_at=self.t0,
            )
            self.buildings.append(building)
            self.by_key[building.key] = building
            for unit in range(1, n_units + 1):
                for floor in range(1, n_floors + 1):
                    for door in range(1, doors + 1):
                        if rng.random() >= occupancy:
                            continue
                        household = _Household(0, building, f"{unit}单元", f"{floor}-{door}")
                        household.members = self.family()
                        for member in household.members:
                            member.household = household
                        building.households.append(household)

    def family(self) -> list[_Person]:
        rng = self.rng
        size = rng.choices((1, 2, 3, 4, 5), weights=(20, 32, 28, 13, 7))[0]
        if size == 1:
            gender = self.pick(("男", "女"))
            age = rng.randint(60, 96) if rng.random() < 0.45 else rng.randint(22, 45)
            return [self.person(age, gender, "single")]
        if size == 2 and rng.random() < 0.4:
            if rng.random() < 0.6:  # an old parent and a grown-up child
                parent_age = rng.randint(50, 93)
                child_age = max(18, parent_age - rng.randint(22, 34))
            else:  # a single parent and a child
                parent_age = rng.randint(28, 45)
                child_age = rng.randint(0, parent_age - 22)
            parent = self.person(parent_age, self.pick(("男", "女")), "head")
            child = self.person(child_age, self.pick(("男", "女")), "child", parent.surname)
            return [parent, child]
        husband_age = rng.randint(25, 90) if size == 2 else rng.randint(28, 58)
        husband = self.person(husband_age, "男", "head")
        wife = self.person(max(20, husband_age - rng.randint(-2, 5)), "女", "spouse")
        members = [husband, wife]
        wife_age = _age(wife.birth, self.today)
        kids = {2: 0, 3: 1, 4: 2, 5: rng.randint(1, 2)}[size]
        if size == 4 and rng.random() < 0.4:
            kids = 1
        for _ in range(kids):
            age = rng.randint(0, max(0, min(30, wife_age - 21)))
            surname = husband.surname if rng.random() < 0.9 else wife.surname
            members.append(self.person(age, self.pick(("男", "女")), "child", surname))
        elders = size - len(members)
        if elders > 0:
            grandpa_age = min(97, husband_age + rng.randint(24, 34))
            side = husband.surname if rng.random() < 0.6 else wife.surname
            if elders == 2:
                members.append(self.person(grandpa_age, "男", "elder", side))
                grandma_age = grandpa_age - rng.randint(0, 4)
                members.append(self.person(grandma_age, "女", "elder"))
            else:
                gender = self.pick(("男", "女"))
                members.append(
                    self.person(grandpa_age, gender, "elder", side if gender == "男" else None)
                )
        return members

    def rename(self, person: _Person, surname: str, given: str) -> None:
        """Give an existing resident a name from the article (and the children the surname)."""
        old = person.surname
        household = person.household
        if household is not None and person.gender == "男":
            for member in household.members:
                if member.role == "child" and member.surname == old:
                    member.surname = surname
        person.surname, person.given = surname, given
        person.volunteer = True

    def find_adult(
        self,
        building: _Building,
        gender: str | None,
        ages: tuple[int, int],
        roles: tuple[str, ...] = ("head", "spouse", "single", "child"),
    ) -> _Person | None:
        candidates = [
            p
            for h in building.households
            for p in h.members
            if not p.volunteer
            and p.role in roles
            and (gender is None or p.gender == gender)
            and ages[0] <= _age(p.birth, self.today) <= ages[1]
        ]
        return self.pick(candidates) if candidates else None

    def find_couple(self, building: _Building) -> tuple[_Person, _Person] | None:
        couples = []
        for household in building.households:
            heads = [p for p in household.members if p.role == "head" and p.gender == "男"]
            wives = [p for p in household.members if p.role == "spouse"]
            if heads and wives and 28 <= _age(heads[0].birth, self.today) <= 52:
                couples.append((heads[0], wives[0]))
        return self.pick(couples) if couples else None

    def finish_people(self) -> None:
        """Identities, phones, groups and control status; then the rows."""
        rng = self.rng
        everyone = [p for b in self.buildings for h in b.households for p in h.members]
        # Foreigners with passports (never one of the article's people).
        adults = [p for p in everyone if not p.volunteer and 25 <= _age(p.birth, self.today) <= 60]
        men = [p for p in adults if p.gender == "男"]
        women = [p for p in adults if p.gender == "女"]
        for full_name, gender, passport in rng.sample(_FOREIGNERS, 5):
            person = self.pick(men if gender == "男" else women)
            (men if gender == "男" else women).remove(person)
            person.surname, person.given = "", full_name
            person.doc_type = DocumentType.PASSPORT.value
            person.doc_no = passport
            self.docs.add(passport)
        for person in everyone:
            if not person.doc_no:
                person.doc_no = self.id_number(person.birth, person.gender)
        # Phones: adults mostly their own; children and some old people share one.
        for household in (h for b in self.buildings for h in b.households):
            members = household.members
            main = self.phone()
            members[0].phone = main
            for member in members[1:]:
                age = _age(member.birth, self.today)
                if age < 16 or (age >= 75 and rng.random() < 0.4) or rng.random() < 0.12:
                    member.phone = main
                else:
                    member.phone = self.phone()
            if any(_age(m.birth, self.today) >= 70 for m in members) and rng.random() < 0.3:
                members[0].landline = f"023-68{rng.randrange(10**6):06d}"
        # Special groups.
        for person in everyone:
            age = _age(person.birth, self.today)
            if 6 <= age <= 18 and rng.random() < 0.92:
                person.groups.append("网课学生")
            if age >= 80:
                person.groups.append("高龄")
            if age < 3:
                person.groups.append("婴幼儿")
        mothers = [
            p
            for p in everyone
            if p.gender == "女"
            and p.role == "spouse"
            and 22 <= _age(p.birth, self.today) <= 40
            and p.doc_type == DocumentType.ID_CARD.value
            and not p.volunteer
        ]
        for person in rng.sample(mothers, min(32, len(mothers))):
            person.groups.append("孕妇")
        older = [p for p in everyone if _age(p.birth, self.today) >= 45]
        for person in rng.sample(older, 20):
            person.groups.append("慢病·透析")
        for person in rng.sample([p for p in everyone if _age(p.birth, self.today) >= 8], 16):
            person.groups.append("残障")
        # Control status: the sealed building at home; a few elsewhere under monitoring.
        sealed = self.by_key[SEALED]
        for household in sealed.households:
            for person in household.members:
                person.control_status = "居家隔离"
                person.control_from = self.day(SEALED_DAY)
        others = [
            p
            for p in everyone
            if p.household is not None
            and p.household.building is not sealed
            and not p.volunteer
            and _age(p.birth, self.today) >= 18
        ]
        for person in rng.sample(others, 9):
            person.control_status = "居家健康监测"
            person.control_from = self.day(-2)
            person.control_until = self.day(1)
            person.note = self.pick(_MONITORING_NOTES)

    def write_people(self) -> None:
        for building in self.buildings:
            for household in building.households:
                household.id = self.add(
                    Household,
                    building=building.id,
                    unit=household.unit,
                    room=household.room,
                    created_at=self.t0,
                )
                for person in household.members:
                    person.id = self.add(
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
                        created_at=self.t0,
                        updated_at=self.t0,
                    )
                    self.people.append(person)
                    for group in person.groups:
                        self.add(ResidentGroup, resident=person.id, group=group)

    # risk levels

    def risk(self) -> None:
        sealed, medium, unsealed = self.by_key[SEALED], self.by_key[MEDIUM], self.by_key[UNSEALED]
        rows = {row["id"]: row for row in self.rows[Building]}
        sealed_day = self.day(SEALED_DAY)
        rows[sealed.id].update(
            risk_level="高",
            clean_since=sealed_day,
            earliest_lowering=sealed_day + dt.timedelta(days=5),
            note="单管复核阳性，整栋封控：足不出户、上门服务",
        )
        rows[medium.id].update(
            risk_level="中",
            clean_since=self.day(MEDIUM_DAY),
            note="确诊病例的密接者居住楼栋：人不出区、错峰取物",
        )
        unseal_from, unseal_to = self.day(UNSEAL_FROM), self.day(UNSEAL_TO)
        rows[unsealed.id]["note"] = f"{unseal_from:%m月%d日}至{unseal_to:%m月%d日}封控 7 天，已解封"
        common = {"operator": self.admin_id, "operator_name": "admin"}
        self.add(
            RiskChange,
            building=unsealed.id,
            from_level="低",
            to_level="高",
            changed_at=_at(unseal_from, 7, 30),
            reason="楼栋出现确诊病例（区疾控中心通报），划为高风险区",
            source="manual",
            test_record_id=None,
            **common,
        )
        self.add(
            RiskProposal,
            building=unsealed.id,
            to_level="低",
            reason="连续 7 天无新增阳性，末日核酸全员阴性，建议降为低风险",
            created_at=_at(unseal_to, 8),
            status="confirmed",
            decided_at=_at(unseal_to, 10),
            decided_by="admin",
        )
        self.add(
            RiskChange,
            building=unsealed.id,
            from_level="高",
            to_level="低",
            changed_at=_at(unseal_to, 10),
            reason="连续 7 天无新增阳性，末日核酸全员阴性，确认降为低风险",
            source="rule",
            test_record_id=None,
            **common,
        )
        # The sealing row needs the positive test record's id: filled in by tests().
        self.sealing_change = self.add(
            RiskChange,
            building=sealed.id,
            from_level="低",
            to_level="高",
            changed_at=_at(sealed_day, 6),
            reason="单管复核阳性（混管阳性后复核），整栋划为高风险区",
            source="test",
            test_record_id=None,
            **common,
        )
        # Its lowering proposal is not written here: risk.refresh makes it from the data.
        self.add(
            RiskChange,
            building=medium.id,
            from_level="低",
            to_level="中",
            changed_at=_at(self.day(MEDIUM_DAY), 6, 30),
            reason="确诊病例的密接者居住楼栋，划为中风险区",
            source="manual",
            test_record_id=None,
            **common,
        )

    def sealed_on(self, building: _Building, day: dt.date) -> bool:
        if building.key == SEALED:
            return day >= self.day(SEALED_DAY)
        if building.key == UNSEALED:
            return self.day(UNSEAL_FROM) <= day < self.day(UNSEAL_TO)
        return False

    # organisations and volunteers

    def volunteer(self, **values: Any) -> _Volunteer:
        volunteer = _Volunteer(**values)
        self.volunteers.append(volunteer)
        self.vol_by_name.setdefault(volunteer.name, volunteer)
        return volunteer

    def new_volunteer(
        self, org: str | None, kind: str, report: dt.date, ages: tuple[int, int] = (24, 58)
    ) -> _Volunteer:
        gender = "男" if self.rng.random() < 0.55 else "女"
        age = self.rng.randint(*ages)
        birth_year = self.today.year - age
        name = self.surname() + self.given(gender, birth_year)
        while name in self.vol_by_name:
            name = self.surname() + self.given(gender, birth_year)
        return self.volunteer(
            name=name, gender=gender, phone=self.phone(), org=org, kind=kind, report=report
        )

    def from_resident(
        self, person: _Person, org: str | None, kind: str, report: dt.date
    ) -> _Volunteer:
        person.volunteer = True
        assert person.household is not None
        return self.volunteer(
            name=person.name,
            gender=person.gender,
            phone=person.phone,
            org=org,
            kind=kind,
            report=report,
            home=person.household.building,
        )

    def people_volunteers(self) -> None:
        """The volunteers who live here: chosen among the residents before their rows exist."""
        rng = self.rng
        sealed, unsealed = self.by_key[SEALED], self.by_key[UNSEALED]
        pan = self.find_adult(sealed, "男", (28, 50), ("head",))
        if pan is not None:
            self.rename(pan, "潘", "超")
        self.pan_person = pan
        couple = self.find_couple(unsealed)
        if couple is not None:
            self.rename(couple[0], "王", "榆")
            self.rename(couple[1], "徐", "李梦")
        self.couple = couple
        # Two more living in the sealed building: now under home isolation.
        for _ in range(2):
            person = self.find_adult(sealed, None, (22, 55))
            if person is not None:
                person.volunteer = True
                self.isolated_people.append(person)
        # Residents' volunteers in other buildings.
        skip = {sealed.key, *NO_LEADER}
        pool = [b for b in self.buildings if b.key not in skip]
        for building in rng.sample(pool, 13):
            person = self.find_adult(building, None, (20, 60))
            if person is not None:
                person.volunteer = True
                self.resident_people.append(person)

    def organisations(self) -> None:
        for name, level, kind in _ORGANISATIONS:
            self.org_ids[name] = self.add(Organisation, name=name, level=level, kind=kind)

    def all_volunteers(self) -> None:
        rng = self.rng
        sealed, unsealed = self.by_key[SEALED], self.by_key[UNSEALED]
        sealed_day = self.day(SEALED_DAY)
        cid = self.compound_ids
        # The article's people.
        cui = self.volunteer(
            name="崔亚涛",
            gender="男",
            phone=self.phone(),
            org="市五中法院",
            kind="下沉干部",
            report=self.day(-12),
            grid_compound=cid["兴茂盛世国际"],
            note="兴茂盛世国际卡点值守；协助业主就医、外出保供，协助分发生活物资",
            skills=["驾驶"],
        )
        early = "在街道通知前已参加社区志愿服务"
        self.volunteer(
            name="卢思维",
            gender="男",
            phone=self.phone(),
            org="重庆警察学院",
            kind="下沉干部",
            report=self.day(-15),
            grid_compound=cid["恒基雍翠名门"],
            note=early,
        )
        self.volunteer(
            name="辜继东",
            gender="男",
            phone=self.phone(),
            org="市城投金卡信息产业(集团)股份有限公司",
            kind="下沉干部",
            report=self.day(-14),
            grid_compound=cid["科城佳苑"],
            note=early,
            skills=["驾驶"],
        )
        self.volunteer(
            name="祖小明",
            gender="男",
            phone=self.phone(),
            org="九龙坡区商圈办",
            kind="下沉干部",
            report=self.day(-13),
            grid_compound=cid["瑞景苑"],
            note=early,
        )
        pan = self.volunteer(
            name="潘超",
            gender="男",
            phone=self.pan_person.phone if self.pan_person else self.phone(),
            org="市药监局检查二局",
            kind="下沉干部",
            report=self.day(-12),
            home=sealed if self.pan_person else None,
        )
        if pan is not None:
            pan.grid_role = "小组长"
            pan.grid_compound = cid[sealed.compound]
            pan.grid_building = sealed.id
            pan.off_from = sealed_day
            pan.note = "所在楼栋为高风险区，仍申请作为高风险区内志愿者，只在本楼栋内服务"
        xu_note = (
            "曾在华岩镇华福雅苑社区参与核酸检测录入；建立孕妇、网课学生优先通道，即检即走；"
            "培训了两名录入员"
        )
        if self.couple is not None:
            wang_person, xu_person = self.couple
            xu = self.volunteer(
                name="徐李梦",
                gender="女",
                phone=xu_person.phone,
                org="九龙坡区市场监管局",
                kind="下沉干部",
                report=self.day(UNSEAL_TO + 1),
                home=unsealed,
                grid_compound=cid[unsealed.compound],
                note=xu_note,
                skills=["核酸录入"],
            )
            wang = self.volunteer(
                name="王榆",
                gender="男",
                phone=wang_person.phone,
                org="市文化旅游委",
                kind="下沉干部",
                report=self.day(UNSEAL_TO + 1),
                home=unsealed,
                grid_compound=cid[unsealed.compound],
            )
        else:
            xu = self.volunteer(
                name="徐李梦",
                gender="女",
                phone=self.phone(),
                org="九龙坡区市场监管局",
                kind="下沉干部",
                report=self.day(UNSEAL_TO + 1),
                grid_compound=cid[unsealed.compound],
                note=xu_note,
                skills=["核酸录入"],
            )
            wang = self.volunteer(
                name="王榆",
                gender="男",
                phone=self.phone(),
                org="市文化旅游委",
                kind="下沉干部",
                report=self.day(UNSEAL_TO + 1),
                grid_compound=cid[unsealed.compound],
            )
        wang.status, wang.status_since, wang.off_from = "伤病", self.day(-1), self.day(-1)
        wang.note = "值守卡点时右膝旧伤复发，在小区诊所输液敷药，暂停上岗"
        kang = self.volunteer(
            name="康黎",
            gender="女",
            phone=self.phone(),
            org="育才中学",
            kind="下沉干部",
            report=self.day(-9),
            grid_compound=cid["兴茂盛世国际"],
            note="穿“大白”在核酸检测点录入居民信息；同时完成网上教学",
            skills=["核酸录入"],
        )
        # The sealed building's other two volunteers: under home isolation.
        for index, person in enumerate(self.isolated_people):
            org, kind = ("九龙坡区税务局", "下沉干部") if index == 0 else (None, "居民志愿者")
            volunteer = self.from_resident(person, org, kind, self.day(-11))
            volunteer.grid_compound = cid[sealed.compound]
            volunteer.status, volunteer.status_since = "居家隔离", sealed_day
            volunteer.off_from = sealed_day
            volunteer.party = index == 0
        # Residents' volunteers elsewhere.
        for person in self.resident_people:
            volunteer = self.from_resident(
                person, None, "居民志愿者", self.day(rng.randint(-15, -11))
            )
            assert volunteer.home is not None
            volunteer.grid_compound = cid[volunteer.home.compound]
            volunteer.party = rng.random() < 0.4
        # Social workers of the community and the subdistrict.
        for index in range(8):
            org = "科城路社区居委会" if index < 6 else "二郎街道办事处"
            volunteer = self.new_volunteer(org, "社工", self.day(-40), (24, 50))
            volunteer.party = rng.random() < 0.7
            if index < 2:
                volunteer.skills.append("核酸录入")
        # Doctors and nurses.
        for index in range(5):
            org = "九龙坡区人民医院" if index < 3 else "二郎街道社区卫生服务中心"
            volunteer = self.new_volunteer(org, "下沉干部", self.day(rng.randint(-14, -12)))
            volunteer.skills.append("医护")
        # The rest of the sent-down cadres: the big call came ten days ago.
        while len(self.volunteers) < 80:
            if rng.random() < 0.3:
                report = self.day(rng.randint(-15, -12))
            else:
                report = self.day(rng.randint(-10, -8))
            self.new_volunteer(self.pick(_CADRE_ORGS), "下沉干部", report)
        # Grid roles: 片长 per area, 组长 per compound, 小组长 per building (two left open).
        cadres = [
            v
            for v in self.volunteers
            if v.kind == "下沉干部" and v.grid_compound is None and "医护" not in v.skills
        ]
        rng.shuffle(cadres)
        areas = sorted({area for _, _, area, *_ in _COMPOUNDS})
        for area in areas:
            lead = cadres.pop()
            lead.grid_role, lead.grid_area = "片长", area
        for name, *_ in _COMPOUNDS:
            lead = cadres.pop()
            lead.grid_role, lead.grid_compound = "组长", cid[name]
        for building in self.buildings:
            if building.key in NO_LEADER or building.key == SEALED:
                continue
            living = [
                v
                for v in self.volunteers
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
        names = [c[0] for c in _COMPOUNDS]
        for volunteer in self.volunteers:
            if volunteer.grid_compound is None and volunteer.grid_role != "片长":
                volunteer.grid_compound = cid[self.pick(names)]
        area_of = {cid[c[0]]: c[2] for c in _COMPOUNDS}
        for volunteer in self.volunteers:
            if volunteer.grid_compound is not None:
                volunteer.grid_area = area_of[volunteer.grid_compound]
        # Skills: 徐李梦 trained two data-entry clerks (康黎 and one more); drivers.
        trainee = self.pick(
            [v for v in self.volunteers if v.kind == "下沉干部" and not v.skills and v is not cui]
        )
        trainee.skills.append("核酸录入")
        self.trainees = (kang, trainee)
        self.trainer = xu
        drivers = [v for v in self.volunteers if not v.skills and v.kind != "居民志愿者"]
        for volunteer in rng.sample(drivers, 8):
            volunteer.skills.append("驾驶")
        for volunteer in self.volunteers:
            if volunteer.kind == "下沉干部" and volunteer.name not in ("崔亚涛",):
                volunteer.party = volunteer.party and rng.random() < 0.92
        for name in ("崔亚涛", "卢思维", "辜继东", "祖小明", "潘超", "康黎", "徐李梦", "王榆"):
            if name in self.vol_by_name:
                self.vol_by_name[name].party = True

    def write_volunteers(self) -> None:
        for volunteer in self.volunteers:
            volunteer.id = self.add(
                Volunteer,
                name=volunteer.name,
                phone=volunteer.phone,
                gender=volunteer.gender,
                party_member=volunteer.party,
                organisation=self.org_ids[volunteer.org] if volunteer.org else None,
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
                created_at=_at(volunteer.report, 9),
            )
        for volunteer in self.volunteers:
            for skill in volunteer.skills:
                trained_by = None
                if skill == "核酸录入" and volunteer in self.trainees and self.trainer:
                    trained_by = self.trainer.id
                self.add(VolunteerSkill, volunteer=volunteer.id, skill=skill, trained_by=trained_by)
            if volunteer.status != "在岗" and volunteer.status_since is not None:
                reason = (
                    f"所住楼栋（{SEALED[0]}{SEALED[1]}）划为高风险区，按规定居家隔离"
                    if volunteer.status == "居家隔离"
                    else "值守卡点时右膝旧伤复发"
                )
                self.add(
                    VolunteerStatusChange,
                    volunteer=volunteer.id,
                    from_status="在岗",
                    to_status=volunteer.status,
                    since=volunteer.status_since,
                    until=None,
                    reason=reason,
                    created_at=_at(volunteer.status_since, 8),
                )

    def available(self, volunteer: _Volunteer, day: dt.date) -> bool:
        """On duty that day outside his home: not while his own building is sealed, nor on
        the day it is unsealed (the lowering comes during the day shift)."""
        home = volunteer.home
        if home is not None and (
            self.sealed_on(home, day) or self.sealed_on(home, day - dt.timedelta(days=1))
        ):
            return False
        return volunteer.report <= day and (volunteer.off_from is None or day < volunteer.off_from)

    # posts and shifts

    def roster(self) -> None:
        rng = self.rng
        for name, *_ in _COMPOUNDS:
            gates = [row for row in self.rows[Gate] if row["compound"] == self.compound_ids[name]]
            for index, gate in enumerate(gates):
                self.post(
                    "卡点", f"{name}{gate['name']}卡点", self.compound_ids[name], 2 - min(index, 1)
                )
        self.post("核酸采样点", SITE, None, 3)
        self.post("物资分发点", "科城路社区物资分发点", None, 2)
        self.post("巡逻", "一片区巡逻组", None, 1)
        self.post("巡逻", "二片区巡逻组", None, 1)
        self.post("值班热线", "社区值班热线", None, 1)
        load = {v.name: 0 for v in self.volunteers}
        last_end: dict[str, dt.datetime] = {}

        def preferred(v: _Volunteer, kind: str, compound_id: int | None) -> bool:
            return (
                (kind == "卡点" and v.grid_compound == compound_id)
                or (kind == "核酸采样点" and ("核酸录入" in v.skills or "医护" in v.skills))
                or (kind == "物资分发点" and "驾驶" in v.skills)
                or (kind == "值班热线" and v.kind == "社工")
                or (kind == "巡逻" and v.grid_role == "片长")
            )

        for offset in range(-DAYS + 1, 1):
            day = self.day(offset)
            for definition in DEFAULT_SHIFTS:
                start, end = definition.times_on(day)
                night = end.date() > start.date()
                free = [v for v in self.volunteers if self.available(v, day)]
                rested = [
                    v
                    for v in free
                    if v.name not in last_end or last_end[v.name] + dt.timedelta(hours=12) <= start
                ]
                # Rested volunteers first; the tired ones only when nobody else is left.
                tired = [v for v in free if v not in rested]
                wanted: list[int] = []
                for _post_id, _kind, post_name, _cid, min_staff in self.posts:
                    count = min_staff if night else min(3, min_staff + rng.choice((0, 0, 1)))
                    if offset == 0 and night and post_name == "恒基雍翠名门东门卡点":
                        count = 1  # tonight is one short: the roster page shows it
                    wanted.append(count)
                teams: list[list[_Volunteer]] = [[] for _ in self.posts]
                # Two passes: one volunteer for every post first, then the rest of each team.
                for round_no in (1, 2):
                    for index, (_post_id, kind, _name, cid, _min) in enumerate(self.posts):
                        need = (1 if round_no == 1 else wanted[index]) - len(teams[index])
                        for _ in range(max(0, need)):
                            pool = rested or (tired if round_no == 1 else [])
                            if not pool:
                                break
                            scores = [
                                load[v.name]
                                + rng.random() * 1.5
                                - (2.5 if preferred(v, kind, cid) else 0.0)
                                for v in pool
                            ]
                            best = pool[scores.index(min(scores))]
                            pool.remove(best)
                            teams[index].append(best)
                for (post_id, kind, post_name, _cid, _min), team in zip(
                    self.posts, teams, strict=True
                ):
                    if team:
                        self.staff_shift(
                            post_id, kind, post_name, definition.name, start, end, team
                        )
                    for volunteer in team:
                        load[volunteer.name] += 1
                        last_end[volunteer.name] = end

    def staff_shift(
        self,
        post_id: int,
        kind: str,
        post_name: str,
        shift_name: str,
        start: dt.datetime,
        end: dt.datetime,
        team: list[_Volunteer],
    ) -> None:
        rng = self.rng
        leaders = [v for v in team if v.grid_role in ("片长", "组长", "小组长")]
        lead = leaders[0] if leaders else team[0]
        shift_id = self.add(
            Shift,
            post=post_id,
            date=start.date(),
            name=shift_name,
            starts_at=start,
            ends_at=end,
            lead=lead.id,
        )
        self.shift_rows.append((shift_id, kind, post_name, start, end, len(team)))
        for volunteer in team:
            checked_in = checked_out = None
            if start <= self.now:
                checked_in = start - dt.timedelta(minutes=rng.randint(3, 20))
            if end <= self.now:
                checked_out = end + dt.timedelta(minutes=rng.randint(0, 25))
            self.add(
                ShiftAssignment,
                shift=shift_id,
                volunteer=volunteer.id,
                is_lead=volunteer is lead,
                checked_in_at=checked_in,
                checked_out_at=checked_out,
            )
        if kind == "卡点" and end <= self.now and lead.name != "崔亚涛":
            self.service(
                lead, "卡点值守", start + dt.timedelta(hours=1), note=f"{post_name}{shift_name}带班"
            )

    def post(self, kind: str, name: str, compound_id: int | None, min_staff: int) -> None:
        post_id = self.add(
            Post, kind=kind, compound=compound_id, name=name, min_staff=min_staff, active=True
        )
        self.posts.append((post_id, kind, name, compound_id, min_staff))

    def service(
        self,
        volunteer: _Volunteer,
        kind: str,
        at: dt.datetime,
        *,
        person: _Person | None = None,
        building: _Building | None = None,
        exit_id: int | None = None,
        count: int = 1,
        note: str = "",
    ) -> None:
        self.add(
            ServiceRecord,
            **self.service_row(volunteer, kind, at, person, building, exit_id, count, note),
        )

    def service_row(
        self,
        volunteer: _Volunteer,
        kind: str,
        at: dt.datetime,
        person: _Person | None = None,
        building: _Building | None = None,
        exit_id: int | None = None,
        count: int = 1,
        note: str = "",
    ) -> Row:
        if building is None and person is not None and person.household is not None:
            building = person.household.building
        return {
            "volunteer": volunteer.id,
            "kind": kind,
            "resident": person.id if person else None,
            "building": building.id if building else None,
            "exit_request_id": exit_id,
            "occurred_at": at,
            "count": count,
            "note": note,
            "created_at": at,
        }

    # exit requests

    def exits(self) -> None:
        rng = self.rng
        cui = self.vol_by_name["崔亚涛"]
        residents = [p for p in self.people if p.household is not None]
        group = {g: [p for p in residents if g in p.groups] for g in ("孕妇", "慢病·透析")}
        adults = [p for p in residents if 18 <= _age(p.birth, self.today) <= 80]
        reasons = ("就医", "购药", "透析·化疗", "孕检", "其他")
        for offset in range(-DAYS + 1, 0):
            day = self.day(offset)
            for _ in range(rng.randint(3, 6)):
                reason = rng.choices(reasons, weights=(30, 30, 10, 10, 20))[0]
                for _try in range(50):
                    if reason == "孕检":
                        person = self.pick(group["孕妇"])
                    elif reason == "透析·化疗":
                        person = self.pick(group["慢病·透析"])
                    elif reason == "就医":
                        person = self.pick(residents)
                    else:
                        person = self.pick(adults)
                    if self.may_ask(person, day, reason):
                        break
                else:
                    continue
                urgency = {
                    "就医": "紧急" if rng.random() < 0.65 else "一般",
                    "购药": "紧急" if rng.random() < 0.15 else "一般",
                    "透析·化疗": "紧急",
                    "孕检": "紧急" if rng.random() < 0.15 else "一般",
                    "其他": "一般",
                }[reason]
                detail = self.pick(_EXIT_DETAILS[(reason, urgency)])
                if reason == "就医" and _age(person.birth, self.today) < 14:
                    urgency, detail = "紧急", self.pick(_CHILD_DETAILS)
                if reason == "就医" and urgency == "一般" and rng.random() < 0.35:
                    decision = "不同意"
                    detail += "；非急症，已请社区医生电话指导，建议线上问诊"
                elif reason == "购药" and urgency == "一般":
                    decision = "代办替代"
                    detail += "；非急需药品，已联系药店配送到小区"
                elif reason == "其他":
                    if rng.random() < 0.2:
                        detail = "家中老人去世，需处理后事"
                        decision = "同意·点对点"
                    else:
                        decision = "不同意"
                        detail += "；按管控要求暂不外出，快递和代购由志愿者帮忙"
                else:
                    decision = "同意·点对点"
                requested = self.moment(day, 7, 20)
                self.exit_request(person, reason, urgency, detail, requested, decision, cui)
        # The gate scene of the article (three days ago, afternoon, 崔亚涛 on duty).
        xingmao = [
            p for p in adults if p.household and p.household.building.compound == "兴茂盛世国际"
        ]
        story_person = self.pick([p for p in xingmao if self.may_ask(p, self.day(-3), "购药")])
        self.exit_request(
            story_person,
            "购药",
            "一般",
            "要求外出购药，情绪激动；经解释高风险区防疫政策、告知所购为非急需药品，"
            "已联系药店将药品送到小区，居民表示感谢",
            _at(self.day(-3), 14, 32),
            "代办替代",
            cui,
            helper=cui,
        )
        # Two residents out and not back: one overdue since last night, one due this evening.
        chemo = self.pick(
            [p for p in group["慢病·透析"] if self.may_ask(p, self.today, "透析·化疗")]
        )
        self.exit_request(
            chemo,
            "透析·化疗",
            "紧急",
            "肿瘤医院日间病房化疗，预计傍晚返回",
            _at(self.today, 8, 5),
            "同意·点对点",
            cui,
            out_back=(_at(self.today, 19, 30), None),
        )
        children = [
            p
            for p in residents
            if _age(p.birth, self.today) < 6 and self.may_ask(p, self.day(-1), "就医")
        ]
        child = self.pick(children)
        self.exit_request(
            child,
            "就医",
            "紧急",
            "孩子高烧 39.5℃、抽搐，家长陪同去儿童医院急诊",
            _at(self.day(-1), 23, 5),
            "同意·点对点",
            cui,
            out_back=(_at(self.today, 3, 20), None),
        )
        # One waiting at the gate right now.
        waiting = self.pick(
            [p for p in adults if p is not story_person and self.may_ask(p, self.today, "购药")]
        )
        self.exit_request(
            waiting, "购药", "一般", "降压药只剩两天的量", _at(self.today, 9, 12), "", cui
        )

    def may_ask(self, person: _Person, day: dt.date, reason: str) -> bool:
        assert person.household is not None
        if self.sealed_on(person.household.building, day) or (
            person.control_status == "居家健康监测"
            and person.control_from is not None
            and day >= person.control_from
        ):
            return reason in ("就医", "透析·化疗")
        return not person.volunteer

    def exit_request(
        self,
        person: _Person,
        reason: str,
        urgency: str,
        detail: str,
        requested: dt.datetime,
        decision: str,
        cui: _Volunteer,
        *,
        helper: _Volunteer | None = None,
        out_back: tuple[dt.datetime, dt.datetime | None] | None = None,
    ) -> None:
        rng = self.rng
        assert person.household is not None
        building = person.household.building
        gate = building.gate_ids[0] if rng.random() < 0.7 else self.pick(building.gate_ids)
        day = requested.date()
        decided_at = requested + dt.timedelta(minutes=rng.randint(3, 12)) if decision else None
        escort = out_at = due_back = back_at = None
        if decision == "同意·点对点" and decided_at is not None:
            escort = self.escort(building, day, cui)
            out_at = decided_at + dt.timedelta(minutes=rng.randint(5, 20))
            hours = EXIT_HOURS[reason]
            due_back = out_at + dt.timedelta(hours=hours)
            back_at = out_at + dt.timedelta(minutes=int(hours * 60 * rng.uniform(0.55, 1.12)))
            if out_back is not None:
                due_back, back_at = out_back
        exit_id = self.add(
            ExitRequest,
            resident=person.id,
            gate=gate,
            reason=reason,
            urgency=urgency,
            detail=detail,
            requested_at=requested,
            decision=decision,
            decided_by=self.admin_id if decision else None,
            decided_at=decided_at,
            escort=escort.id if escort else None,
            out_at=out_at,
            due_back_at=due_back,
            back_at=back_at,
        )
        if escort is not None and out_at is not None:
            self.service(
                escort, "就医陪同", out_at, person=person, exit_id=exit_id, note=f"点对点{reason}"
            )
        if decision == "代办替代" and decided_at is not None:
            volunteer = helper or self.escort(building, day, cui, chance=0.7)
            self.service(
                volunteer,
                "代购药品",
                decided_at + dt.timedelta(minutes=rng.randint(60, 180)),
                person=person,
                exit_id=exit_id,
                note="联系药店配送到小区，送药到户",
            )

    def escort(
        self, building: _Building, day: dt.date, cui: _Volunteer, chance: float = 0.6
    ) -> _Volunteer:
        if (
            building.compound == "兴茂盛世国际"
            and self.available(cui, day)
            and self.cui_count < 40
            and self.rng.random() < chance
        ):
            self.cui_count += 1
            return cui
        pool = [
            v
            for v in self.volunteers
            if self.available(v, day) and v is not cui and v.kind != "社工"
        ]
        helpers = [v for v in pool if "驾驶" in v.skills or "医护" in v.skills]
        return self.pick(helpers if helpers and self.rng.random() < 0.7 else pool)

    # supplies

    def supplies(self) -> None:
        rng = self.rng
        lots: list[_Lot] = []
        for source, supplier, offset, note, items in _BATCHES:
            received = _at(self.day(offset), 8, 30)
            batch_id = self.add(
                SupplyBatch,
                source=source,
                supplier=supplier,
                received_on=received.date(),
                note=note,
                operator=self.admin_id,
                created_at=received,
            )
            for name, category, unit, quantity, expiry_days in items:
                expiry = self.day(expiry_days) if expiry_days is not None else None
                item_id = self.add(
                    SupplyItem,
                    batch=batch_id,
                    name=name,
                    category=category,
                    unit=unit,
                    quantity=quantity,
                    expiry=expiry,
                )
                self.ledger(item_id, "receipt", quantity, received, f"入库：{supplier}")
                lots.append(_Lot(item_id, name, received, expiry))
        receipts = [(lot, int(self.item_quantity(lot.item_id))) for lot in lots]
        outflows: list[_Outflow] = []
        cui = self.vol_by_name["崔亚涛"]

        def signer(building: _Building, day: dt.date) -> _Volunteer:
            if building.area == "一片区" and self.available(cui, day):
                return cui
            leads = [
                v
                for v in self.volunteers
                if v.grid_building == building.id and self.available(v, day)
            ]
            if leads:
                return leads[0]
            return self.pick([v for v in self.volunteers if self.available(v, day)])

        def to_buildings(
            round_id: int, product: str, day: dt.date, buildings: list[_Building]
        ) -> None:
            for building in buildings:
                households = len(building.households)
                quantity = households - rng.randint(0, min(3, households))
                if quantity <= 0:
                    continue
                at = self.moment(day, 9, 17)
                volunteer = signer(building, day)
                distribution: Row = {
                    "round": round_id,
                    "building": building.id,
                    "household": None,
                    "quantity": quantity,
                    "planned_at": _at(day, 8),
                    "delivered_at": at,
                    "volunteer": volunteer.id,
                }
                service = None
                if volunteer is not cui:
                    service = self.service_row(
                        volunteer, "物资配送", at, building=building, note=f"{product}送到楼栋"
                    )
                outflows.append(
                    _Outflow(
                        at,
                        product,
                        quantity,
                        "distribution",
                        f"{building.compound}{building.name}",
                        distribution,
                        service=service,
                    )
                )

        first = self.day(-11)
        round1 = self.add(
            DistributionRound,
            name="第一轮蔬菜包",
            planned_on=first,
            note="全社区按户发放，每户一份",
            created_at=_at(first - dt.timedelta(days=1), 16),
        )
        to_buildings(round1, "蔬菜包", first, list(self.buildings))
        second = self.day(-7)
        round2 = self.add(
            DistributionRound,
            name="第二轮米油保供",
            planned_on=second,
            note="大米一袋、食用油一桶，按户发放",
            created_at=_at(second - dt.timedelta(days=1), 16),
        )
        to_buildings(round2, "大米", second, list(self.buildings))
        to_buildings(round2, "食用油", second, list(self.buildings))
        # Door to door in the sealed building, by 潘超 who lives there.
        pan = self.vol_by_name.get("潘超")
        sealed = self.by_key[SEALED]
        third = self.day(-3)
        round3 = self.add(
            DistributionRound,
            name="高风险楼栋上门配送",
            planned_on=third,
            note=f"{SEALED[0]}{SEALED[1]}足不出户，物资送到门口",
            created_at=_at(third, 8),
        )
        for index, household in enumerate(sealed.households):
            at = _at(third, 10) + dt.timedelta(minutes=3 * index)
            outflows.append(
                _Outflow(
                    at,
                    "蔬菜包",
                    1,
                    "distribution",
                    f"上门配送 {sealed.compound}{sealed.name}{household.unit}{household.room}",
                    {
                        "round": round3,
                        "building": sealed.id,
                        "household": household.id,
                        "quantity": 1,
                        "planned_at": _at(third, 8),
                        "delivered_at": at,
                        "volunteer": pan.id if pan else None,
                    },
                )
            )
        if pan is not None:
            for offset in range(SEALED_DAY, 1):
                at = _at(self.day(offset), 10) if offset < 0 else _at(self.today, 8, 40)
                count = len(sealed.households) if offset == -3 else rng.randint(6, 15)
                self.service(
                    pan, "物资配送", at, building=sealed, count=count, note="楼栋内送物资到门口"
                )
        # Medicine handed to households on request.
        needy = [
            p
            for p in self.people
            if p.household is not None and ("高龄" in p.groups or "慢病·透析" in p.groups)
        ]
        for person in rng.sample(needy, 16):
            assert person.household is not None
            day = self.day(rng.randint(-8, -2))
            at = self.moment(day, 10, 18)
            product = self.pick(("布洛芬", "连花清瘟胶囊"))
            volunteer = self.pick([v for v in self.volunteers if self.available(v, day)])
            outflows.append(
                _Outflow(
                    at,
                    product,
                    rng.randint(1, 2),
                    "distribution",
                    f"送药到户：{person.name}",
                    {
                        "round": None,
                        "building": person.household.building.id,
                        "household": person.household.id,
                        "planned_at": at - dt.timedelta(hours=2),
                        "delivered_at": at,
                        "volunteer": volunteer.id,
                    },
                    service=self.service_row(
                        volunteer, "物资配送", at, person, note=f"{product}送到户"
                    ),
                )
            )
        # Protective equipment issued to every shift that has begun.
        for shift_id, kind, post_name, start, _end, staff in self.shift_rows:
            if start > self.now:
                continue
            at = start - dt.timedelta(minutes=15)
            issue = [("N95口罩", 2 * staff), ("手套", staff)]
            if kind == "核酸采样点":
                issue += [("防护服", staff), ("面屏", staff)]
            if kind == "卡点" and start.hour == 8:
                issue.append(("消毒液", 1))
            if (
                kind == "卡点"
                and post_name.startswith(SEALED[0])
                and start.date() >= self.day(SEALED_DAY)
            ):
                issue.append(("防护服", staff))
            for product, quantity in issue:
                outflows.append(
                    _Outflow(
                        at, product, quantity, "ppe_issue", f"{post_name}领用", shift_id=shift_id
                    )
                )
        outflows.append(
            _Outflow(_at(self.day(-6), 17), "蔬菜包", 10, "loss", "部分蔬菜包腐烂，报损")
        )
        outflows.append(
            _Outflow(
                _at(self.day(-3), 18), "面屏", 5, "correction", "盘点短少 5 个，按实际库存更正"
            )
        )
        self.apply_outflows(receipts, outflows)
        # The second round of vegetable bags is planned for today: two delivered so far.
        round4 = self.add(
            DistributionRound,
            name="第二轮蔬菜包",
            planned_on=self.today,
            note="社区采购的蔬菜包，保质期短，当天发完",
            created_at=_at(self.day(-1), 17),
        )
        fresh = next(lot for lot in lots if lot.product == "蔬菜包" and lot.expiry is not None)
        hengji = [b for b in self.buildings if b.compound == "恒基雍翠名门"]
        for index, building in enumerate(hengji):
            quantity = min(len(building.households), fresh.stock)
            if quantity <= 0:
                continue
            delivered = index < 2
            at = _at(self.today, 8, 20) + dt.timedelta(minutes=25 * index)
            volunteer = signer(building, self.today)
            distribution_id = self.add(
                Distribution,
                round=round4,
                item=fresh.item_id,
                building=building.id,
                household=None,
                quantity=quantity,
                planned_at=_at(self.today, 8),
                delivered_at=at if delivered else None,
                volunteer=volunteer.id if delivered else None,
            )
            if delivered:
                fresh.stock -= quantity
                self.ledger(
                    fresh.item_id,
                    "distribution",
                    -quantity,
                    at,
                    f"第二轮蔬菜包：{building.compound}{building.name}",
                    distribution=distribution_id,
                )

    def item_quantity(self, item_id: int) -> int:
        return int(self.rows[SupplyItem][item_id - 1]["quantity"])

    def ledger(
        self,
        item_id: int,
        kind: str,
        quantity: int,
        at: dt.datetime,
        reason: str,
        *,
        distribution: int | None = None,
        shift: int | None = None,
    ) -> None:
        self.add(
            LedgerEntry,
            item=item_id,
            kind=kind,
            quantity=quantity,
            occurred_at=at,
            reason=reason,
            distribution=distribution,
            shift=shift,
            operator=self.admin_id,
        )

    def apply_outflows(self, receipts: list[tuple[_Lot, int]], outflows: list[_Outflow]) -> None:
        """Take every outflow, in time order, from the oldest lot that has it in stock."""
        pending = sorted(receipts, key=lambda r: r[0].received)
        order = sorted(range(len(outflows)), key=lambda i: (outflows[i].at, i))
        lots: list[_Lot] = []
        for index in order:
            flow = outflows[index]
            while pending and pending[0][0].received <= flow.at:
                lot, quantity = pending.pop(0)
                lot.stock += quantity
                lots.append(lot)
            usable = [
                lot
                for lot in lots
                if lot.product == flow.product
                and lot.stock > 0
                and (lot.expiry is None or flow.at.date() <= lot.expiry)
            ]
            if not usable:
                continue
            enough = [lot for lot in usable if lot.stock >= flow.quantity]
            lot = enough[0] if enough else max(usable, key=lambda candidate: candidate.stock)
            quantity = min(flow.quantity, lot.stock)
            lot.stock -= quantity
            distribution_id = None
            if flow.distribution is not None:
                values = {
                    "household": None,
                    **flow.distribution,
                    "item": lot.item_id,
                    "quantity": quantity,
                }
                distribution_id = self.add(Distribution, **values)
            self.ledger(
                lot.item_id,
                flow.kind,
                -quantity,
                flow.at,
                flow.reason,
                distribution=distribution_id,
                shift=flow.shift_id,
            )
            if flow.service is not None:
                self.add(ServiceRecord, **flow.service)
        for lot, quantity in pending:
            lot.stock += quantity

    # nucleic-acid tests

    def tests(self) -> None:
        rng = self.rng
        medics = [v for v in self.volunteers if "医护" in v.skills]
        entry_clerks = [v for v in self.volunteers if "核酸录入" in v.skills]
        sealed = self.by_key[SEALED]
        outsiders_in = {-3: 1, -1: 1}
        for number, offset in enumerate(_ROUNDS, start=1):
            day = self.day(offset)
            file_name = f"{SITE}_{day:%Y%m%d}.csv"
            import_id = self.add(ImportRun, **self.import_row(file_name, 0, 0, 0, self.now))
            collectors = [v.name for v in medics if self.available(v, day)] or ["区人民医院采样队"]
            site_tube = 100
            home_tube = 10
            records = 0
            report_max = _at(day, 20)
            order = list(self.buildings)
            rng.shuffle(order)
            # Six sampling tables work in parallel at the site.
            lanes = [_at(day, 7)] * 6
            home_clock = _at(day, 14)
            pooled_positive_done = False
            for building in order:
                at_home = self.sealed_on(building, day)
                tested = [
                    p
                    for h in building.households
                    for p in h.members
                    if p is not self.positive and rng.random() >= 0.05
                ]
                if at_home:
                    for person in tested:
                        home_clock += dt.timedelta(seconds=rng.randint(50, 110))
                        home_tube += 1
                        tube = f"{day:%y%m%d}9{home_tube:05d}"
                        report = home_clock + dt.timedelta(seconds=rng.randint(6 * 3600, 9 * 3600))
                        report_max = max(report_max, report)
                        self.record(
                            import_id,
                            person,
                            home_clock,
                            HOME_SITE,
                            self.collector(day),
                            tube,
                            1,
                            "阴性",
                            report,
                            "居家隔离人员",
                        )
                        records += 1
                    continue
                for start in range(0, len(tested), 10):
                    members = tested[start : start + 10]
                    lane = lanes.index(min(lanes))
                    clock = lanes[lane] + dt.timedelta(seconds=rng.randint(35, 75))
                    site_tube += 1
                    tube = f"{day:%y%m%d}1{site_tube:05d}"
                    collector = collectors[lane % len(collectors)]
                    report = clock + dt.timedelta(seconds=rng.randint(10 * 3600, 14 * 3600))
                    result = "阴性"
                    if (
                        offset == _POOLED_POSITIVE_ROUND
                        and building is sealed
                        and not pooled_positive_done
                        and len(members) >= 6
                        and any(
                            not m.volunteer and _age(m.birth, self.today) >= 18 for m in members
                        )
                    ):
                        result = "混管阳性"
                        pooled_positive_done = True
                        report = _at(day, 20, 35)
                        self.pooled = (members, tube)
                    report_max = max(report_max, report)
                    moment = clock
                    for person in members:
                        moment += dt.timedelta(seconds=rng.randint(12, 25))
                        monitored = (
                            person.control_status == "居家健康监测"
                            and person.control_from is not None
                            and day >= person.control_from
                        )
                        category = "重点人群" if monitored else "一般人群"
                        self.record(
                            import_id,
                            person,
                            moment,
                            SITE,
                            collector,
                            tube,
                            10,
                            result,
                            report,
                            category,
                        )
                        records += 1
                    lanes[lane] = moment
            if offset == _POOLED_POSITIVE_ROUND:
                records += self.retests(import_id, day)
                report_max = _at(day + dt.timedelta(days=1), 3, 40)
            for _ in range(outsiders_in.get(offset, 0)):
                self.outsider(import_id, _at(day, 11, rng.randint(0, 40)), day)
                records += 1
            duplicates = 14 if offset == -3 else 0
            imported_at = report_max + dt.timedelta(minutes=rng.randint(20, 50))
            if offset == _POOLED_POSITIVE_ROUND:
                imported_at = _at(day + dt.timedelta(days=1), 5, 20)
            self.rows[ImportRun][import_id - 1].update(
                self.import_row(file_name, records + duplicates, records, duplicates, imported_at)
            )
            # The data-entry clerks of the round.
            for clerk in entry_clerks:
                if not self.available(clerk, day) or (clerk.kind == "社工" and number % 2 == 0):
                    continue
                self.service(
                    clerk,
                    "核酸录入",
                    _at(day, 7),
                    count=1,
                    note=f"第 {number} 轮全员核酸信息录入（孕妇、网课学生优先通道）",
                )
        # Today: the sealed building sampled at home; results partly out, one to review.
        file_name = f"{HOME_SITE}_{self.today:%Y%m%d}.csv"
        import_id = self.add(ImportRun, **self.import_row(file_name, 0, 0, 0, self.now))
        home_clock = _at(self.today, 6, 30)
        members = [p for h in sealed.households for p in h.members if p is not self.positive]
        records = 0
        review_done = False
        reported: dt.datetime | None
        for index, person in enumerate(members):
            home_clock += dt.timedelta(seconds=rng.randint(20, 40))  # two sampling teams
            tube = f"{self.today:%y%m%d}9{index + 11:05d}"
            if not review_done and index > 5 and rng.random() < 0.1:
                result, reported = "待复核", None
                review_done = True
            elif rng.random() < 0.7:
                result = "阴性"
                reported = _at(self.today, 9) + dt.timedelta(seconds=rng.randint(0, 900))
            else:
                result, reported = "待出结果", None
            self.record(
                import_id,
                person,
                home_clock,
                HOME_SITE,
                self.collector(self.today),
                tube,
                1,
                result,
                reported,
                "居家隔离人员",
            )
            records += 1
        if not review_done:
            last = self.rows[TestRecord][-1]
            last.update(result="待复核", report_time=None)
        rejected = self.rejected_rows(import_id, _at(self.today, 6, 40))
        self.rows[ImportRun][import_id - 1].update(
            self.import_row(file_name, records + rejected, records, 0, _at(self.today, 9, 20))
        )
        self.rows[ImportRun][import_id - 1]["rejected_rows"] = rejected

    def collector(self, day: dt.date) -> str:
        medics = [v.name for v in self.volunteers if "医护" in v.skills and self.available(v, day)]
        return self.pick(medics) if medics else "区人民医院采样队"

    def import_row(
        self, file_name: str, total: int, imported: int, duplicates: int, at: dt.datetime
    ) -> Row:
        digest = hashlib.sha256(f"office-app demo {self.seed} {file_name}".encode()).hexdigest()
        return {
            "kind": "tests",
            "file_name": file_name,
            "sha256": digest,
            "updated_rows": 0,
            "encoding": "utf-8-sig",
            "total_rows": total,
            "imported_rows": imported,
            "duplicate_rows": duplicates,
            "rejected_rows": 0,
            "operator": self.admin_id,
            "operator_name": "admin",
            "imported_at": at,
        }

    def record(
        self,
        import_id: int,
        person: _Person,
        sample_time: dt.datetime,
        site: str,
        collector: str,
        tube: str,
        pool_size: int,
        result: str,
        report: dt.datetime | None,
        category: str,
    ) -> int:
        assert person.household is not None
        household = person.household
        building = household.building
        return self.add(
            TestRecord,
            import_run=import_id,
            name=person.name,
            doc_type=person.doc_type,
            doc_no=person.doc_no,
            phone=person.phone,
            category=category,
            sample_time=sample_time,
            site=site,
            collector=collector,
            tube_code=tube,
            pool_size=pool_size,
            lab=LAB,
            result=result,
            report_time=report.replace(microsecond=0) if report else None,
            address=f"{building.address}{building.compound}{building.name}"
            f"{household.unit}{household.room}",
            compound_name=building.compound,
            building_name=building.name,
            unit=household.unit,
            room=household.room,
            resident=person.id,
            building=building.id,
            created_at=self.now,
        )

    def retests(self, import_id: int, day: dt.date) -> int:
        """The pooled-positive tube's members, retested one tube each that night."""
        rng = self.rng
        if self.pooled is None:
            return 0
        members, _tube = self.pooled
        adults = [m for m in members if not m.volunteer and _age(m.birth, self.today) >= 18]
        positive = self.pick(adults)
        positive.note = "单管复核阳性，已转运集中隔离点"
        self.rows[Resident][positive.id - 1]["note"] = positive.note
        self.positive = positive
        moment = _at(day, 22, 30)
        count = 0
        for index, person in enumerate(members):
            moment += dt.timedelta(minutes=rng.randint(2, 5), seconds=rng.randint(0, 59))
            tube = f"{day:%y%m%d}9{index + 901:05d}"
            is_positive = person is positive
            report = _at(day + dt.timedelta(days=1), 3, 10) + dt.timedelta(
                minutes=rng.randint(0, 30)
            )
            record_id = self.record(
                import_id,
                person,
                moment,
                HOME_SITE,
                self.collector(day),
                tube,
                1,
                "阳性" if is_positive else "阴性",
                report,
                "重点人群",
            )
            if is_positive:
                self.positive_record_id = record_id
            count += 1
        self.rows[RiskChange][self.sealing_change - 1]["test_record_id"] = self.positive_record_id
        return count

    def outsider(self, import_id: int, at: dt.datetime, day: dt.date) -> None:
        gender = self.pick(("男", "女"))
        birth = self.birth(self.rng.randint(20, 45))
        self.add(
            TestRecord,
            import_run=import_id,
            name=self.surname() + self.given(gender, birth.year),
            doc_type=DocumentType.ID_CARD.value,
            doc_no=self.id_number(birth, gender),
            phone=self.phone(),
            category="一般人群",
            sample_time=at,
            site=SITE,
            collector="区人民医院采样队",
            tube_code=f"{day:%y%m%d}1{99900 + self.rng.randint(0, 99):05d}",
            pool_size=10,
            lab=LAB,
            result="阴性",
            report_time=at + dt.timedelta(hours=11),
            address="外卖配送员，非本社区居民",
            compound_name="",
            building_name="",
            unit="",
            room="",
            resident=None,
            building=None,
            created_at=self.now,
        )

    def rejected_rows(self, import_id: int, at: dt.datetime) -> int:
        """Two rows of today's file that could not be used: kept for review."""
        sealed = self.by_key[SEALED]
        household = sealed.households[-1]
        person = household.members[0]
        good = (
            person.doc_no if person.doc_type == DocumentType.ID_CARD.value else "500107198803120316"
        )
        wrong_digit = "0" if good[-1] != "0" else "1"
        bad = good[:-1] + wrong_digit
        check = check_document(bad, today=self.today)
        header = f"{sealed.compound},{sealed.name},{household.unit},{household.room}"
        sample = (at + dt.timedelta(minutes=3)).strftime("%Y-%m-%d %H:%M:%S")
        self.add(
            RejectedRow,
            import_run=import_id,
            line_no=len(self.people) % 7 + 12,
            column="证件号码",
            reason=f"证件号码校验位错误：{check.reason}",
            raw_text=f"{person.name},居民身份证,{bad},{person.phone},居家隔离人员,{sample},"
            f"{HOME_SITE},,单采,{LAB},,,{header}",
            resolved=False,
        )
        excel = "5.00107E+17"
        check = check_document(excel, today=self.today)
        self.add(
            RejectedRow,
            import_run=import_id,
            line_no=len(self.people) % 7 + 19,
            column="证件号码",
            reason=check.reason,
            raw_text=f"{household.members[-1].name},居民身份证,{excel},,居家隔离人员,{sample},"
            f"{HOME_SITE},,单采,{LAB},,,{header}",
            resolved=False,
        )
        return 2

    # 崔亚涛's 73 errands

    def cui_errands(self) -> None:
        rng = self.rng
        cui = self.vol_by_name["崔亚涛"]
        kinds = ("就医陪同", "代购药品", "物资配送")
        done = sum(
            row["count"]
            for row in self.rows[ServiceRecord]
            if row["volunteer"] == cui.id and row["kind"] in kinds
        )
        target = 73
        days = [self.day(o) for o in range(-DAYS + 1, 1) if self.available(cui, self.day(o))]
        xingmao = [b for b in self.buildings if b.compound == "兴茂盛世国际" and b.key != SEALED]
        xm_people = [
            p
            for p in self.people
            if p.household is not None
            and p.household.building in xingmao
            and ("高龄" in p.groups or "慢病·透析" in p.groups or "孕妇" in p.groups)
        ]
        medicine = 0
        while done < target and medicine < 12:
            day = self.pick(days)
            self.service(
                cui,
                "代购药品",
                self.moment(day, 9, 19) if day < self.today else _at(day, 8, 45),
                person=self.pick(xm_people),
                note="帮居民到药店购药、送药到户",
            )
            done += 1
            medicine += 1
        while done < target:
            count = min(target - done, rng.randint(1, 4))
            day = self.pick(days)
            self.service(
                cui,
                "物资配送",
                self.moment(day, 9, 19) if day < self.today else _at(day, 8, 50),
                building=self.pick(xingmao),
                count=count,
                note="外出保供，生活物资送到楼栋",
            )
            done += count

    def extra_errands(self) -> None:
        """Medicine bought for isolated and old residents by other volunteers."""
        rng = self.rng
        cui = self.vol_by_name["崔亚涛"]
        needy = [
            p for p in self.people if p.control_status or "高龄" in p.groups or "残障" in p.groups
        ]
        for _ in range(30):
            day = self.day(rng.randint(-DAYS + 1, -1))
            helpers = [v for v in self.volunteers if self.available(v, day) and v is not cui]
            self.service(
                self.pick(helpers),
                "代购药品",
                self.moment(day, 9, 19),
                person=self.pick(needy),
                count=rng.randint(1, 2),
                note="代购常用药，送到门口",
            )

    # all together

    def setting_row(self) -> Row:
        return {
            "key": "community",
            "value": json.dumps(asdict(CommunitySettings()), ensure_ascii=False),
            "updated_at": self.t0,
        }


# --- the use case ---------------------------------------------------------------------------


def _holds_data() -> bool:
    if not is_empty():
        return True
    return any(model.select().exists() for model in ALL_MODELS if model not in _NOT_DATA)


def _clear() -> None:
    for model in reversed(ALL_MODELS):
        if model in _KEPT:
            continue
        model.delete().execute()


def _insert(model: type[BaseModel], rows: list[Row]) -> None:
    if not rows:
        return
    size = max(1, 30000 // len(rows[0]))
    for chunk in _chunks(rows, size):
        model.insert_many(list(chunk)).execute()


def _operators(at: dt.datetime) -> None:
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
            created_at=at,
        ).execute()


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
        demo_start = _at(day - dt.timedelta(days=DAYS + 6), 9)
        _operators(demo_start)
        admin = Operator.get_or_none(Operator.username == "admin")
        demo = _Demo(seed, day, admin.id if admin is not None else None)

        report(10, "正在生成小区、楼栋和住户…")
        demo.places()
        demo.people_volunteers()
        demo.finish_people()
        demo.write_people()
        demo.risk()
        report(30, "正在生成派出单位和志愿者…")
        demo.organisations()
        demo.all_volunteers()
        demo.write_volunteers()
        report(40, "正在排班…")
        demo.roster()
        report(50, "正在生成外出申请和服务记录…")
        demo.exits()
        demo.extra_errands()
        report(60, "正在生成物资批次、台账和发放记录…")
        demo.supplies()
        report(70, "正在生成核酸检测记录…")
        demo.tests()
        demo.cui_errands()

        report(80, "正在写入数据库…")
        row = demo.setting_row()
        Setting.insert(**row).on_conflict(
            conflict_target=[Setting.key],
            update={Setting.value: row["value"], Setting.updated_at: row["updated_at"]},
        ).execute()
        for model in ALL_MODELS:
            if model in _NOT_DATA:
                continue
            _insert(model, demo.rows[model])
        # 起算日期 and the earliest lowering date as the risk rule computes them from the data.
        rule = Rule.from_settings()
        for building in Building.select().where(Building.risk_level != "低"):
            update_clock(building, rule)
        # Proposals as the rule makes them at the demo's "now".
        refresh(day, demo.now)
        rows = demo.rows
        summary = DemoSummary(
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
