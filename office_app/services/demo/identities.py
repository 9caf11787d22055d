"""Who the people of 科城路社区 are called, and their papers and phone numbers.

Names follow the generations of a Chongqing neighbourhood: the old have names like 国华 and
秀英, the middle-aged one or two characters (伟, 晓燕), the children the names of the 2010s
(子轩, 欣怡). A few younger people carry rare characters that GB2312 lacks (喆, 玥): fonts and
exports must cope with them. Surnames come with their weight in 重庆 (刘 and 陈 first).

Identity numbers are valid (check digit, birth date, gender) and unique; most are of 九龙坡区,
and older people often kept a pre-1997 Sichuan-era code. Mobile numbers are unique too.
"""

from __future__ import annotations

import datetime as dt

from ..people.identity import make_id_number
from .world import Person, World


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# surname and its weight
_SURNAMES = _words(
    "刘8 陈8 王7 李7 张6 杨5 黄4 周4 何3 罗3 赵3 吴3 谭2 唐2 邓2 彭2 曾2 肖2 袁2 余2 廖2 徐2"
    " 孙2 马2 朱2 胡2 郭2 高2 谢2 林1 郑1 梁1 宋1 许1 韩1 冯1 曹1 田1 董1 潘1 蒋1 蔡1 杜1"
    " 叶1 程1 魏1 吕1 丁1 任1 姚1 卢1 姜1 崔1 汪1 范1 石1 贾1 夏1 付1 文1 邹1 熊1 秦1 江1"
    " 雷1 龙1 陶1 黎1 向1 冉1 牟1 况1 游1 代1 欧阳1"
)
SURNAME_NAMES = [s[:-1] for s in _SURNAMES]
SURNAME_WEIGHTS = [int(s[-1]) for s in _SURNAMES]

# Born before 1960.
OLD_MALE = _words(
    "国华 建国 德明 志强 明华 永福 世荣 光明 建华 德才 绍文 家富 长贵 玉成 昌明 正林 天福 开明"
    " 荣华 学文 明德 泽民 大伦 树林"
)
OLD_FEMALE = _words(
    "秀英 桂兰 淑珍 玉兰 秀珍 桂芳 凤英 素芬 玉珍 秀兰 淑华 翠英 兰英 金凤 玉梅 德芬 素华 秀琼"
    " 素琼 碧玉 世珍 淑芬"
)
# Born 1960-1999: one character, often after a first one (晓, 建, 海).
MID_MALE = _words(
    "伟 强 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 波 宇 浩 凯 健 俊 帆 旭 宁"
    " 龙 林 峰 兵 东 亮 成 川 渝 力"
)
MID_FEMALE = _words(
    "芳 娜 敏 静 丽 艳 娟 霞 秀 玲 燕 萍 红 梅 琳 婷 雪 倩 颖 佳 莉 蓉 琴 英 兰 洁 丹 月 莎 薇"
)
MID_FIRST = _words("小 晓 建 志 文 海 春 永 德 家 俊 明 雪 佳 思 红 一 天 雨 嘉")
# Born 2000 and later.
YOUNG_MALE = _words(
    "子轩 浩宇 梓轩 宇轩 俊熙 皓轩 子墨 一鸣 思远 沐阳 博文 昊然 明轩 睿泽 嘉懿 天佑 铭泽 锦程"
    " 奕辰 宇航 梓豪 俊杰"
)
YOUNG_FEMALE = _words(
    "子涵 欣怡 梓涵 一诺 雨桐 诗琪 可馨 语嫣 思彤 梦瑶 佳怡 雨欣 若汐 芷若 安琪 心怡 诗涵 悦彤"
    " 梓萱 晨曦 语桐 佳琪"
)
# Rare name characters (GB2312 lacks some of them): fonts and exports must cope.
RARE_MALE = _words("喆 堃 赟 垚 翀 彧 昇 燚")
RARE_FEMALE = _words("玥 珺 婧 珏 琰 瑾 淼 昕")

# Area codes of the identity numbers, with their weight: 九龙坡区 first.
AREAS = (
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
# The codes of Chongqing's districts while it was part of Sichuan (before 1997).
OLD_CQ_AREAS = ("510213", "510212", "510202", "510211")

PHONE_PREFIXES = _words(
    "133 135 136 137 138 139 150 151 152 155 157 158 159 166 173 177 178 180 181 182 183 185 186"
    " 187 189 191 199"
)


def surname(world: World) -> str:
    return world.rng.choices(SURNAME_NAMES, weights=SURNAME_WEIGHTS)[0]


def given_name(world: World, gender: str, birth_year: int) -> str:
    rng = world.rng
    male = gender == "男"
    if birth_year < 1960:
        if rng.random() < 0.8:
            return world.pick(OLD_MALE if male else OLD_FEMALE)
        return world.pick(MID_MALE if male else MID_FEMALE)
    if birth_year < 2000:
        name = world.pick(MID_MALE if male else MID_FEMALE)
        if rng.random() < 0.6:
            name = world.pick(MID_FIRST) + name
    elif rng.random() < 0.7:
        name = world.pick(YOUNG_MALE if male else YOUNG_FEMALE)
    else:
        name = world.pick(MID_MALE if male else MID_FEMALE)
        name = world.pick(MID_FIRST) + name
    if birth_year >= 1970 and rng.random() < 0.04:
        rare = world.pick(RARE_MALE if male else RARE_FEMALE)
        name = name[:-1] + rare if len(name) > 1 and rng.random() < 0.5 else rare
    return name


def full_name(world: World, gender: str, birth_year: int) -> str:
    family = surname(world)
    return family + given_name(world, gender, birth_year)


def birth(world: World, years: int) -> dt.date:
    """A birthday of someone ``years`` old today (at least 20 days old)."""
    days = max(years * 365 + world.rng.randrange(365), 20)
    return world.today - dt.timedelta(days=days)


def person(world: World, years: int, gender: str, role: str, family: str | None = None) -> Person:
    """A new resident ``years`` old (at most 97), of the family ``family`` if given."""
    born = birth(world, max(0, min(years, 97)))
    return Person(
        surname=family or surname(world),
        given=given_name(world, gender, born.year),
        gender=gender,
        birth=born,
        role=role,
    )


def id_number(world: World, born: dt.date, gender: str) -> str:
    """A valid identity number not given to anyone yet."""
    areas = [a for a, _ in AREAS]
    weights = [w for _, w in AREAS]
    while True:
        if born.year < 1985 and world.rng.random() < 0.4:
            area = world.pick(OLD_CQ_AREAS)
        else:
            area = world.rng.choices(areas, weights=weights)[0]
        sequence = world.rng.randrange(500) * 2 + (1 if gender == "男" else 0)
        number = make_id_number(area, born, sequence)
        if number not in world.docs:
            world.docs.add(number)
            return number


def phone(world: World) -> str:
    """A mobile number not given to anyone yet."""
    while True:
        number = world.pick(PHONE_PREFIXES) + f"{world.rng.randrange(10**8):08d}"
        if number not in world.phones:
            world.phones.add(number)
            return number
