"""The cells of a test site's file that need more than a look: times in their many forms
(Excel serials, Unix seconds), result and pooling words, and an address in one column
(``兴茂盛世国际3栋2单元501``). Each raises :class:`CellError` with the reason."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from office_app.models.testing import (
    RESULT_NEGATIVE,
    RESULT_PENDING,
    RESULT_POOLED_POSITIVE,
    RESULT_POSITIVE,
    RESULT_REVIEW,
)

from ..names import (
    compound_key,
    normalize_building_name,
)

RESULT_WORDS: Final[dict[str, str]] = {
    "阴性": RESULT_NEGATIVE,
    "阳性": RESULT_POSITIVE,
    "混管阳性": RESULT_POOLED_POSITIVE,
    "混管可疑阳性": RESULT_POOLED_POSITIVE,
    "待复核": RESULT_REVIEW,
    "初筛阳性": RESULT_REVIEW,
    "异常": RESULT_REVIEW,
    "可疑": RESULT_REVIEW,
    "": RESULT_PENDING,
    "报告未出": RESULT_PENDING,
    "检测中": RESULT_PENDING,
    "已送检": RESULT_PENDING,
    "待出结果": RESULT_PENDING,
    "1": RESULT_POSITIVE,
    "2": RESULT_NEGATIVE,
}
# Results that are a laboratory's finding: they need a report time.
REPORTED_RESULTS: Final = frozenset({RESULT_NEGATIVE, RESULT_POSITIVE, RESULT_POOLED_POSITIVE})

# 1户1管 (one tube per household) has no fixed size: stored as 0.
POOL_HOUSEHOLD: Final = 0
POOL_WORDS: Final[dict[str, int]] = {
    "": 1,
    "单采": 1,
    "单管": 1,
    "单检": 1,
    "1": 1,
    "5混1": 5,
    "10混1": 10,
    "10合1": 10,
    "10": 10,
    "20混1": 20,
    "20合1": 20,
    "20": 20,
    "1户1管": POOL_HOUSEHOLD,
    "一户一管": POOL_HOUSEHOLD,
}
_POOL: Final = re.compile(r"([0-9]+)(?:混|合)1?(?:采)?|([0-9]+)", re.ASCII)
POOL_SIZES: Final = (1, 5, 10, 20)


# A sample time later than the import by more than this is a wrong date or clock: rejected.
FUTURE_TOLERANCE: Final = dt.timedelta(minutes=10)
EARLIEST_YEAR: Final = 2019
LATEST_YEAR: Final = 2099


# --- cells -----------------------------------------------------------------------------------


class CellError(ValueError):
    """A cell that cannot be used; the message says why, in Chinese."""


_DATE_TIME: Final = re.compile(
    r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?"
    r"(?:\s*T?\s*([0-9]{1,2})\s*[:：时]\s*([0-9]{1,2})(?:\s*[:：分]\s*([0-9]{1,2})(?:\.[0-9]+)?\s*秒?)?"
    r"\s*(?:分)?)?",
    re.ASCII,
)
_COMPACT: Final = re.compile(
    r"([0-9]{4})([0-9]{2})([0-9]{2})(?:\s*([0-9]{2}):?([0-9]{2}):?([0-9]{2})?)?"
)
_NUMBER: Final = re.compile(r"[0-9]+(?:\.[0-9]+)?", re.ASCII)
_EXCEL_EPOCH: Final = dt.datetime(1899, 12, 30)
_BEIJING: Final = dt.timezone(dt.timedelta(hours=8))


def _moment(y: int, mo: int, d: int, h: int, mi: int, s: int, text: str) -> dt.datetime:
    if not EARLIEST_YEAR <= y <= LATEST_YEAR:
        raise CellError(f"“{text}”的年份 {y} 不合理")
    if not 1 <= mo <= 12:
        raise CellError(f"“{text}”的月份 {mo} 不存在")
    if h > 23:
        raise CellError(f"“{text}”的小时 {h} 不存在（应为 0–23）")
    if mi > 59 or s > 59:
        raise CellError(f"“{text}”的分钟或秒超出 0–59")
    try:
        return dt.datetime(y, mo, d, h, mi, s)
    except ValueError:
        raise CellError(f"“{text}”的日期 {y}-{mo:02d}-{d:02d} 不存在") from None


def parse_time(text: str) -> dt.datetime:
    """A time of a test file, in Beijing time without seconds' fractions.

    ``2022-11-20 08:12:35``, ``2022/11/20 8:12``, ``2022年11月20日 08:12``, a date alone,
    ``20221120 081235``, Unix seconds (or milliseconds) and Excel serial numbers
    (``44885.342``). Raises :class:`CellError` with the reason.
    """
    s = text
    if (
        len(s) == 19
        and s[4] == "-"
        and s[7] == "-"
        and s[10] == " "
        and s[13] == ":"
        and s[16] == ":"
        and s[:4].isdigit()
    ):
        # The usual form, without a regular expression (most rows of a large file).
        try:
            return _moment(
                int(s[:4]), int(s[5:7]), int(s[8:10]), int(s[11:13]), int(s[14:16]),
                int(s[17:19]), text,
            )  # fmt: skip
        except ValueError as exc:
            if isinstance(exc, CellError):
                raise
    s = unicodedata.normalize("NFKC", text).strip()
    if not s:
        raise CellError("不能为空")
    match = _DATE_TIME.fullmatch(s)
    if match:
        y, mo, d, h, mi, sec = (int(g) if g else 0 for g in match.groups())
        return _moment(y, mo, d, h, mi, sec, text)
    match = _COMPACT.fullmatch(s)
    if match:
        y, mo, d, h, mi, sec = (int(g) if g else 0 for g in match.groups())
        return _moment(y, mo, d, h, mi, sec, text)
    if _NUMBER.fullmatch(s):
        number = float(s)
        if 20000 <= number < 80000:  # an Excel serial date: days since 1899-12-30
            moment = _EXCEL_EPOCH + dt.timedelta(days=number)
            moment = (moment + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
            return _moment(moment.year, moment.month, moment.day, moment.hour,
                           moment.minute, moment.second, text)  # fmt: skip
        if 1e12 <= number < 1e13:  # Unix milliseconds
            number /= 1000
        if 1e9 <= number < 1e10:  # Unix seconds
            moment = dt.datetime.fromtimestamp(number, _BEIJING).replace(tzinfo=None)
            return _moment(moment.year, moment.month, moment.day, moment.hour,
                           moment.minute, moment.second, text)  # fmt: skip
    raise CellError(f"“{text}”不是可识别的时间（例：2022-11-20 08:12:35）")


def parse_result(text: str) -> str:
    """阴性, 阳性, 混管阳性, 待复核 or 待出结果 from a result cell; CellError otherwise."""
    found = RESULT_WORDS.get(text)
    if found is not None:
        return found
    value = "".join(unicodedata.normalize("NFKC", text).split()).rstrip("()（）")
    found = RESULT_WORDS.get(value)
    if found is None:
        found = RESULT_WORDS.get(value.replace("(", "").replace(")", ""))
    if found is None:
        raise CellError(f"不认识的检测结果“{text}”（可填：阴性、阳性、混管阳性、待复核，或留空）")
    return found


def parse_pool(text: str) -> int:
    """The pool size: 单采/1 → 1, 10混1/10合1/10 → 10, 20混1 → 20, 1户1管 → 0."""
    found = POOL_WORDS.get(text)
    if found is not None:
        return found
    value = "".join(unicodedata.normalize("NFKC", text).split())
    found = POOL_WORDS.get(value)
    if found is not None:
        return found
    match = _POOL.fullmatch(value)
    if match:
        digits = match.group(1) or match.group(2)
        # int() refuses more than 4,300 digits: a size has two ("020" at most three).
        size = int(digits) if len(digits) <= 3 else -1
        if size in POOL_SIZES:
            return size
    shown = text if len(text) <= 40 else f"{text[:40]}…（共 {len(text)} 个字符）"
    raise CellError(f"不认识的采样方式“{shown}”（可填：单采、5混1、10混1、20混1、1户1管）")


def pool_label(size: int) -> str:
    if size == POOL_HOUSEHOLD:
        return "1户1管"
    if size == 1:
        return "单采"
    return f"{size}混1"


_BUILDING_PART: Final = re.compile(
    r"第?0*([0-9]+|[A-Za-z])(?:号楼|号栋|号幢|栋|幢|座|#楼|#)", re.ASCII
)
_UNIT_PART: Final = re.compile(r"第?0*([0-9]+)单元", re.ASCII)
_ROOM_PART: Final = re.compile(r"([0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:室|号|房)?", re.ASCII)


@dataclass(frozen=True)
class Address:
    compound: str
    building: str
    unit: str
    room: str


def split_address(text: str, compounds: Iterable[str] = ()) -> Address:
    """``兴茂盛世国际3栋2单元501`` → (兴茂盛世国际, 3栋, 2单元, 501).

    A known compound name found in the text wins (so ``九龙坡区科城路71号兴茂盛世国际3栋…``
    works); otherwise the compound is what comes before the building. Parts that cannot be
    found stay empty.
    """
    value = "".join(unicodedata.normalize("NFKC", text).split())
    compound = ""
    rest = value
    best = ""
    for name in compounds:
        key = compound_key(name)
        if key and key in value and len(key) > len(best):
            best = key
    if best:
        compound = best
        rest = value[value.index(best) + len(best) :]
        match = _BUILDING_PART.search(rest)
    else:
        match = _BUILDING_PART.search(value)
        if match:
            compound = value[: match.start()]
            rest = value
    if not match:
        return Address(compound, "", "", "")
    building = normalize_building_name(match.group(0))
    rest = rest[match.end() :]
    unit = ""
    unit_match = _UNIT_PART.match(rest)
    if unit_match:
        unit = f"{unit_match.group(1).lstrip('0') or '0'}单元"  # not int(): at most 4,300 digits
        rest = rest[unit_match.end() :]
    room_match = _ROOM_PART.fullmatch(rest)
    room = room_match.group(1) if room_match else rest
    return Address(compound, building, unit, room)


__all__ = [
    "FUTURE_TOLERANCE",
    "POOL_HOUSEHOLD",
    "POOL_SIZES",
    "POOL_WORDS",
    "REPORTED_RESULTS",
    "RESULT_WORDS",
    "Address",
    "CellError",
    "parse_pool",
    "parse_result",
    "parse_time",
    "pool_label",
    "split_address",
]
