"""Import the test site's result files (核酸检测结果): ``office-app import tests FILE...``.

What arrives is described in ``sample-data/README.md``: headers vary (synonyms below), the
address comes as parts (小区/楼栋/单元/房号) or as one column (``兴茂盛世国际3栋2单元501``),
times come in several formats (and as Excel serials or Unix seconds), results as words or codes.

Rules:
- Every row is checked completely and a bad row is rejected with ALL its reasons (document
  number, phone, times, tube code, pool, result, report time), its line number and raw text.
- The same row (document number, tube code, sample time) is never stored twice: re-importing a
  file or an overlapping export adds nothing (the rows count as duplicates); a stored
  待出结果 row whose result has arrived since is filled in (and counted as a duplicate too).
  The same file twice is recognised by its SHA-256 (``already_imported``).
- Linking: by document number to a registered resident (whose building the row gets), else by
  address to a registered building, else the row is stored unmatched and counted.
- Speed: the file is streamed (:mod:`import_stream`) and rows are written in batches with the
  DB-API's ``executemany`` inside one ``db.atomic()``; a dry run, a cancel or a failure rolls
  back everything.
- Consequences, after a real import with positives: :func:`risk.refresh` proposes 高风险 for
  the buildings of recent positives (see services/testing/followup.py for the people).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Final, NamedTuple, cast

import peewee as pw

from office_app.models import (
    AuditEntry,
    Building,
    Compound,
    Household,
    ImportRun,
    RejectedRow,
    Resident,
    Setting,
    TestRecord,
    db,
    now,
)
from office_app.models.testing import (
    RESULT_NEGATIVE,
    RESULT_PENDING,
    RESULT_POOLED_POSITIVE,
    RESULT_POSITIVE,
    RESULT_REVIEW,
)

from ..admin import audit
from ..admin.actor import Actor, require_admin, require_write
from ..admin.retention import purged_before
from ..people.identity import (
    DocumentType,
    check_document,
    check_landline,
    check_mobile,
    parse_document_type,
)
from .errors import ImportFileError, MissingColumns
from .headers import ColumnSpec, column_hint, column_labels, match_columns, normalize_header
from .names import (
    clean_name,
    compound_key,
    normalize_building_name,
    normalize_room,
    normalize_unit,
)
from .reader import DAMAGED_CELL, UNCLOSED_QUOTE, RawRow, RowStream, open_rows, read_rows
from .rows import (
    UNREADABLE_CELL_ERRORS,
    UNREADABLE_ROW,
    shape_problem,
    shorten_quotes,
    unreadable_note,
)
from .summary import ImportSummary, Rejection, finish_run, start_run, was_imported

log = logging.getLogger(__name__)

KIND: Final = "tests"

TEST_COLUMNS: Final = (
    ColumnSpec(
        "name", "姓名", ("被采样人姓名", "被采集人姓名", "受检者姓名", "人员姓名"), required=True
    ),
    ColumnSpec("id_type", "证件类型", ("身份证件类别", "证件种类")),
    ColumnSpec(
        "id_no",
        "证件号码",
        ("身份证号", "身份证号码", "身份号", "公民身份号码", "证件号"),
        required=True,
    ),
    ColumnSpec("phone", "手机号", ("手机号码", "联系电话", "电话", "联系方式")),
    ColumnSpec("sample_time", "采样时间", ("采集时间", "采样日期", "采集日期"), required=True),
    ColumnSpec("site", "采样点", ("采样点名称", "采集点", "采集点名称", "采样地点", "采样单位")),
    ColumnSpec("collector", "采样员", ("采样员姓名", "采样人", "采集人")),
    ColumnSpec(
        "tube", "试管编码", ("试管码", "试管编号", "采样管号", "管码", "条码", "样本编号", "采样码")
    ),
    ColumnSpec("pool", "采样方式", ("混采方式", "检测方式", "采集类型")),
    ColumnSpec("lab", "检测机构", ("检测单位", "测试机构", "实验室")),
    ColumnSpec("result", "检测结果", ("核酸结果", "核酸检测结果", "化验结果"), required=True),
    ColumnSpec("report_time", "报告时间", ("报告日期", "检测时间", "出具时间")),
    ColumnSpec("category", "人员类别", ("人群类别", "人员类型")),
    ColumnSpec("address", "居住地址", ("现住址", "住址")),
    ColumnSpec("compound", "小区", ("居住小区", "小区名称")),
    ColumnSpec("building", "楼栋", ("栋", "楼号", "幢")),
    ColumnSpec("unit", "单元", ("单元号",)),
    ColumnSpec("room", "房号", ("房间号", "门牌号", "室号")),
)
COLUMN_KEYS: Final = tuple(spec.key for spec in TEST_COLUMNS)
LABELS: Final = {spec.key: spec.label for spec in TEST_COLUMNS}
REQUIRED: Final = tuple(spec.key for spec in TEST_COLUMNS if spec.required)

# Column sizes of the model (PostgreSQL enforces them, SQLite does not).
MAX_LENGTHS: Final = {
    "name": 64,
    "id_no": 32,
    "phone": 20,
    "category": 32,
    "site": 100,
    "collector": 64,
    "tube": 32,
    "lab": 100,
    "address": 200,
    "compound": 64,
    "building": 32,
    "unit": 16,
    "room": 16,
}

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
_POOL_WORDS: Final[dict[str, int]] = {
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

_BATCH: Final = 5000
# A sample time later than the import by more than this is a wrong date or clock: rejected.
FUTURE_TOLERANCE: Final = dt.timedelta(minutes=10)
_EARLIEST_YEAR: Final = 2019
_LATEST_YEAR: Final = 2099


def column_label(key: str) -> str:
    return LABELS.get(key, key)


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
    if not _EARLIEST_YEAR <= y <= _LATEST_YEAR:
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
    found = _POOL_WORDS.get(text)
    if found is not None:
        return found
    value = "".join(unicodedata.normalize("NFKC", text).split())
    found = _POOL_WORDS.get(value)
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


# --- rows ------------------------------------------------------------------------------------


class ParsedRow(NamedTuple):
    """A valid row, ready to store (resident and building found by the importer).

    The fields are in the order of the table's columns, so that a row is written as is.
    """

    name: str
    doc_type: str
    doc_no: str
    phone: str
    category: str
    # As stored: "YYYY-MM-DD HH:MM:SS" (Beijing time).
    sample_time: str
    site: str
    collector: str
    tube_code: str
    pool_size: int
    lab: str
    result: str
    report_time: str | None
    address: str
    compound: str
    building: str
    unit: str
    room: str


Problems = list[tuple[str, str]]


def _fmt(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S")


_CLOCK: Final = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]", re.ASCII)
_ISO_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_ID_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_OFFSET: Final = 48 * sum(_ID_WEIGHTS)
_ID_CHECK: Final = "10X98765432"
_MOBILE_SECOND: Final = frozenset("3456789")
# Caches of values that repeat across rows (dates, birth dates, addresses): bounded.
_CACHE_MAX: Final = 200_000


class RowParser:
    """Checks one row completely: every problem is reported, not just the first.

    The usual cases (an 18-digit ID with a right check digit, an 11-digit mobile number, a
    ``2022-11-20 08:12:35`` time, an address seen before) take short paths; anything else goes
    through the full checks of services/people/identity.py and :func:`parse_time`, which give the
    reason.
    """

    def __init__(
        self,
        columns: Mapping[str, int],
        *,
        compounds: Iterable[str] = (),
        today: dt.date | None = None,
        moment: dt.datetime | None = None,
    ) -> None:
        self.columns = dict(columns)
        self.compounds = tuple(compounds)
        self.today = today or (moment.date() if moment else dt.date.today())
        # The latest sample time accepted (the import's moment plus FUTURE_TOLERANCE), as stored.
        self.moment = moment
        self._latest = _fmt(moment + FUTURE_TOLERANCE) if moment is not None else None
        self._today_text = self.today.strftime("%Y%m%d")
        self._width = max(self.columns.values(), default=-1) + 1
        # One C call picks every cell in COLUMN_KEYS order; -1 is the "" appended to a row.
        indexes = [self.columns.get(key, -1) for key in COLUMN_KEYS]
        self._pick = operator.itemgetter(*indexes)
        self._limits = [(COLUMN_KEYS.index(key), key, limit) for key, limit in MAX_LENGTHS.items()]
        self._dates: dict[str, bool] = {}
        self._births: dict[str, bool] = {}
        self._doc_types: dict[str, DocumentType | None] = {}
        # DocumentType → its value as a plain str (an enum's .value is a slow property)
        self._doc_values: dict[DocumentType | None, str] = {t: str(t.value) for t in DocumentType}
        self._doc_values[None] = ""
        self._addresses: dict[tuple[str, ...], tuple[str, str, str, str, str]] = {}
        # 18-digit ID card numbers found well-formed (check digit, birth date) by fast_path.
        self._good_ids: set[str] = set()

    def cells(self, values: Sequence[str]) -> dict[str, str]:
        return dict(zip(COLUMN_KEYS, self._cells(values), strict=True))

    def _cells(self, values: Sequence[str]) -> tuple[str, ...]:
        row = list(values)
        if len(row) < self._width:
            row.extend([""] * (self._width - len(row)))
        row.append("")
        cells: tuple[str, ...] = self._pick(row)
        return cells

    # --- short paths ------------------------------------------------------------------------

    def _date_ok(self, text: str) -> bool:
        ok = self._dates.get(text)
        if ok is None:
            ok = False
            if _ISO_DATE.fullmatch(text):
                try:
                    year = dt.date.fromisoformat(text).year
                    ok = _EARLIEST_YEAR <= year <= _LATEST_YEAR
                except ValueError:
                    ok = False
            if len(self._dates) < _CACHE_MAX:
                self._dates[text] = ok
        return ok

    def time_text(self, text: str) -> str:
        """The time as stored (``YYYY-MM-DD HH:MM:SS``); raises CellError."""
        if (
            len(text) == 19
            and text[10] == " "
            and self._date_ok(text[:10])
            and _CLOCK.fullmatch(text, 11)
        ):
            return text
        return parse_time(text).strftime("%Y-%m-%d %H:%M:%S")

    def _birth_ok(self, text: str) -> bool:
        ok = self._births.get(text)
        if ok is None:
            try:
                birth = dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
                ok = dt.date(1900, 1, 1) <= birth and text <= self._today_text
            except ValueError:
                ok = False
            if len(self._births) < _CACHE_MAX:
                self._births[text] = ok
        return ok

    def _id_ok(self, number: str) -> bool:
        """True for a well-formed 18-digit ID number (without spaces, upper-case X)."""
        if len(number) != 18 or not number.isascii():
            return False
        digits = number[:17].encode("ascii")
        if not digits.isdigit():
            return False
        total = sum(map(operator.mul, digits, _ID_WEIGHTS)) - _ID_OFFSET
        return _ID_CHECK[total % 11] == number[17] and self._birth_ok(number[6:14])

    def _doc_type(self, text: str) -> DocumentType | None:
        try:
            return self._doc_types[text]
        except KeyError:
            found = parse_document_type(text)
            if len(self._doc_types) < 1000:
                self._doc_types[text] = found
            return found

    def _address(
        self, address: str, compound: str, building: str, unit: str, room: str
    ) -> tuple[str, str, str, str, str]:
        key = (address, compound, building, unit, room)
        found = self._addresses.get(key)
        if found is not None:
            return found
        if address and not (compound and building):
            parts = split_address(address, self.compounds)
            compound = compound or parts.compound
            building = building or parts.building
            unit = unit or parts.unit
            room = room or parts.room
        compound = clean_name(compound)
        building = normalize_building_name(building) if building else ""
        unit = normalize_unit(unit) if unit else ""
        room = normalize_room(room) if room else ""
        if not address and (compound or building):
            address = f"{compound}{building}{unit}{room}"
        found = (address[:200], compound[:64], building[:32], unit[:16], room[:16])
        if len(self._addresses) < _CACHE_MAX:
            self._addresses[key] = found
        return found

    def future_reason(self, sample: str) -> str:
        minutes = int(FUTURE_TOLERANCE.total_seconds() // 60)
        return (
            f"采样时间 {sample[:16]} 晚于导入时间 {self.moment:%Y-%m-%d %H:%M} 超过 {minutes} 分钟"
            "（日期或采样设备的时钟可能有误）"
        )

    # --- the row -----------------------------------------------------------------------------

    def fast_path(self) -> Callable[[list[str]], tuple[Any, ...] | None]:
        """A function that gives a row as stored (a plain tuple in ParsedRow's order) when
        every cell takes a short path, and None otherwise: then :meth:`parse` checks the row
        completely and says what is wrong (the first time a date, an address or a document
        type is seen, the row goes there too and :meth:`parse` remembers it).

        It accepts only what :meth:`parse` accepts and gives the same values: an 18-digit ID
        card number with its right check digit and a real birth date, an 11-digit mobile or
        no phone, times as ``YYYY-MM-DD HH:MM:SS`` on a known date (the report not before
        the sample, the sample not after the import), a tube code, a pool and a result that
        are known words, no cell longer than its column. Everything it needs is bound once,
        so that a row costs no attribute look-ups and no call per clean cell.
        """
        pick = self._pick
        pad = [""]
        limits = self._limits
        phone_max, unit_max, room_max = (MAX_LENGTHS[k] for k in ("phone", "unit", "room"))
        # Every other limited column takes at least this many characters (the times, never
        # limited, take 19: a row passes this without a look at each column).
        long_min = min(v for k, v in MAX_LENGTHS.items() if k not in ("phone", "unit", "room"))
        good_ids = self._good_ids
        addresses = self._addresses
        doc_types = self._doc_types
        doc_values = self._doc_values
        id_card = DocumentType.ID_CARD
        dates = self._dates
        births = self._births
        clock = _CLOCK.fullmatch
        latest = self._latest
        pools = _POOL_WORDS
        results = RESULT_WORDS
        reported = REPORTED_RESULTS
        address_of = self._address
        weights = _ID_WEIGHTS
        offset = _ID_OFFSET
        check_chars = _ID_CHECK
        mobile_second = _MOBILE_SECOND
        mul = operator.mul
        cache_max = _CACHE_MAX

        def fast(values: list[str]) -> tuple[Any, ...] | None:
            cells = pick(values + pad)
            (
                name, id_type, doc_no, phone, sample, site, collector, tube, pool_text, lab,
                result_text, report, category, address, compound, building, unit, room,
            ) = cells  # fmt: skip
            if len(phone) > phone_max or len(unit) > unit_max or len(room) > room_max:
                return None
            if max(map(len, cells)) > long_min:
                for index, _key, limit in limits:
                    if len(cells[index]) > limit:
                        return None
            if not name or "\n" in name or "\r" in name:
                return None
            doc_type = doc_types.get(id_type)
            if doc_type is not id_card:
                return None
            if doc_no not in good_ids:  # a person's number is checked once per import
                if len(doc_no) != 18 or not doc_no.isascii():
                    return None
                digits = doc_no[:17].encode("ascii")
                if (
                    not digits.isdigit()
                    or check_chars[(sum(map(mul, digits, weights)) - offset) % 11] != doc_no[17]
                    or not births.get(doc_no[6:14])
                ):
                    return None
                if len(good_ids) < cache_max:
                    good_ids.add(doc_no)
            if phone and not (
                len(phone) == 11
                and phone.isdigit()
                and phone.isascii()
                and phone[0] == "1"
                and phone[1] in mobile_second
            ):
                return None
            if not (
                len(sample) == 19
                and sample[10] == " "
                and dates.get(sample[:10])
                and clock(sample, 11)
            ) or (latest is not None and sample > latest):
                return None
            if not tube or "E+" in tube or "e+" in tube:
                return None
            pool = pools.get(pool_text)
            result = results.get(result_text)
            if pool is None or result is None:
                return None
            if report:
                if not (
                    len(report) == 19
                    and report[10] == " "
                    and dates.get(report[:10])
                    and clock(report, 11)
                    and report >= sample
                ):
                    return None
            elif result in reported:
                return None
            else:
                report = None
            place = addresses.get((address, compound, building, unit, room))
            if place is None:
                place = address_of(address, compound, building, unit, room)
            address, compound, building, unit, room = place
            return (
                name, doc_values[doc_type], doc_no, phone, category, sample, site, collector,
                tube, pool, lab, result, report, address, compound, building, unit, room,
            )  # fmt: skip

        return fast

    def parse(self, values: Sequence[str]) -> tuple[ParsedRow | None, Problems]:
        cells = self._cells(values)
        (
            name, id_type, doc_no, phone, sample_text, site, collector, tube, pool_text, lab,
            result_text, report_text, category, address, compound, building, unit, room,
        ) = cells  # fmt: skip
        problems: Problems = []
        add = problems.append
        if max(map(len, cells)) > 16:
            for index, key, limit in self._limits:
                if len(cells[index]) > limit:
                    add((key, f"过长（最多 {limit} 个字符）"))
        if not name:
            add(("name", "不能为空"))
        elif "\n" in name or "\r" in name:
            name = " ".join(name.split())
        doc_type = self._doc_types.get(id_type) or self._doc_type(id_type)
        if doc_type is None:
            choices = "、".join(t.value for t in DocumentType)
            add(("id_type", f"不认识的证件类型“{id_type}”（可填：{choices}）"))
        elif not doc_no:
            add(("id_no", "不能为空"))
        elif not (doc_type is DocumentType.ID_CARD and self._id_ok(doc_no)):
            check = check_document(doc_no, doc_type, today=self.today)
            if check.ok:
                doc_no = check.normalized
            else:
                add(("id_no", check.reason))
        if phone and not (
            len(phone) == 11
            and phone.isdigit()
            and phone.isascii()
            and phone[0] == "1"
            and phone[1] in _MOBILE_SECOND
        ):
            mobile = check_mobile(phone)
            if mobile.ok:
                phone = mobile.normalized
            else:
                landline = check_landline(phone)
                if landline.ok:
                    phone = landline.normalized
                else:
                    add(("phone", mobile.reason))
        sample: str | None = None
        if (
            len(sample_text) == 19
            and sample_text[10] == " "
            and self._dates.get(sample_text[:10])
            and _CLOCK.fullmatch(sample_text, 11)
        ):
            sample = sample_text  # the usual form, checked without a call
        else:
            try:
                sample = self.time_text(sample_text)
            except CellError as exc:
                add(("sample_time", str(exc)))
        if sample is not None and self._latest is not None and sample > self._latest:
            add(("sample_time", self.future_reason(sample)))
        if not tube:
            add(("tube", "不能为空（试管编码用于识别重复的行）"))
        elif ("E+" in tube or "e+" in tube) and _looks_scientific(tube):
            add(("tube", f"试管编码被 Excel 改成了科学计数法（{tube}），原编码已丢失"))
        pool = _POOL_WORDS.get(pool_text, -1)
        if pool < 0:
            try:
                pool = parse_pool(pool_text)
            except CellError as exc:
                pool = 1
                add(("pool", str(exc)))
        result = RESULT_WORDS.get(result_text) or ""
        if not result:
            try:
                result = parse_result(result_text)
            except CellError as exc:
                result = RESULT_PENDING
                add(("result", str(exc)))
        report: str | None = None
        if report_text:
            if (
                len(report_text) == 19
                and report_text[10] == " "
                and self._dates.get(report_text[:10])
                and _CLOCK.fullmatch(report_text, 11)
            ):
                report = report_text
            else:
                try:
                    report = self.time_text(report_text)
                except CellError as exc:
                    add(("report_time", str(exc)))
            if report is not None and sample is not None and report < sample:
                add(("report_time", "报告时间早于采样时间"))
        elif result in REPORTED_RESULTS:
            add(("report_time", f"检测结果为“{result}”，但没有报告时间"))
        if problems or sample is None:
            return None, problems
        address, compound, building, unit, room = self._address(
            address, compound, building, unit, room
        )
        parsed = ParsedRow(
            name, self._doc_values[doc_type], doc_no, phone, category,
            sample, site, collector, tube, pool, lab, result, report, address, compound,
            building, unit, room,
        )  # fmt: skip
        return parsed, problems


_SCIENTIFIC: Final = re.compile(r"[0-9]+(?:\.[0-9]*)?E\+?[0-9]+", re.IGNORECASE)


def _looks_scientific(text: str) -> bool:
    return bool(_SCIENTIFIC.fullmatch(text))


def describe_problems(problems: Problems, labels: Mapping[str, str]) -> str:
    """``证件号码：校验位应为 8，实际为 5；手机号：…`` (the file's own column names)."""
    return "；".join(
        f"{labels.get(key, column_label(key))}：{shorten_quotes(reason)}"
        for key, reason in problems
    )


# --- column mapping ----------------------------------------------------------------------------

_MAPPING_PREFIX: Final = "tests_import.mapping."


def header_key(header: Sequence[str]) -> str:
    """The key of a header set in the Setting table (normalized headers, in order)."""
    import hashlib

    text = "\x1f".join(normalize_header(h) for h in header)
    return _MAPPING_PREFIX + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def saved_mapping(header: Sequence[str]) -> dict[str, int] | None:
    """The mapping the user corrected for this header set, if any (column indexes)."""
    row = Setting.get_or_none(Setting.key == header_key(header))
    if row is None:
        return None
    try:
        data = json.loads(row.value)
        mapping = {str(k): int(v) for k, v in data.get("columns", {}).items()}
    except (ValueError, TypeError, AttributeError):
        return None
    width = len(header)
    return {k: v for k, v in mapping.items() if k in LABELS and 0 <= v < width}


def save_mapping(actor: Actor, header: Sequence[str], mapping: Mapping[str, int]) -> None:
    """Remember a corrected mapping for this header set (reused next time)."""
    require_write(actor)
    payload = json.dumps(
        {"header": list(header), "columns": dict(mapping)}, ensure_ascii=False, sort_keys=True
    )
    key = header_key(header)
    with db.atomic():
        Setting.insert(key=key, value=payload, updated_at=now()).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: payload}
        ).execute()
        audit.record(
            actor,
            "import.tests.mapping",
            entity="setting",
            summary="核酸导入：保存列对应关系 "
            + "，".join(f"{column_label(k)}←{header[v]}" for k, v in mapping.items()),
        )


def auto_mapping(header: Sequence[str]) -> dict[str, int]:
    """The columns found by synonyms (required ones may be missing: no error here)."""
    specs = tuple(ColumnSpec(s.key, s.label, s.synonyms) for s in TEST_COLUMNS)
    return match_columns(list(header), specs)


def resolve_mapping(
    header: Sequence[str], file_name: str, mapping: Mapping[str, int] | None = None
) -> dict[str, int]:
    """The mapping to use: given, else saved for this header set, else by synonyms.

    Raises :class:`MissingColumns` naming every required column that is not there.
    """
    if mapping is None:
        mapping = saved_mapping(header)
    if mapping is None:
        mapping = auto_mapping(header)
    width = len(header)
    columns = {k: v for k, v in mapping.items() if k in LABELS and 0 <= v < width}
    missing = [LABELS[k] for k in REQUIRED if k not in columns]
    if missing:
        raise MissingColumns(
            missing,
            list(header),
            file_name=file_name,
            hint=column_hint(s for s in TEST_COLUMNS if s.label in missing),
        )
    return columns


# --- the summary -----------------------------------------------------------------------------


@dataclass
class TestsImportSummary(ImportSummary):
    """An import's counts, with what the --json contract of the tests import names."""

    __test__ = False

    legacy_json: ClassVar[bool] = False

    positives: int = 0
    pool_positives: int = 0
    positive_buildings: list[str] = field(default_factory=list)
    proposals: int = 0
    proposal_error: str = ""

    def describe(self) -> str:
        text = super().describe()
        if self.positive_buildings:
            text += f"；阳性所在楼栋：{'、'.join(self.positive_buildings)}"
        if self.proposals:
            text += f"；已提出 {self.proposals} 条风险等级建议，请在总览页确认"
        if self.proposal_error:
            text += f"；{self.proposal_error}"
        return text

    def kind_fields(self) -> dict[str, Any]:
        """positives, pool_positives and positive_buildings (the --json contract of issue 6,
        point 8), and results_filled (pending rows whose result this import filled in; they
        count as duplicates)."""
        return {
            "positives": self.positives,
            "pool_positives": self.pool_positives,
            "positive_buildings": list(self.positive_buildings),
            "results_filled": self.details.get("results_filled", 0),
        }


class ImportCancelled(Exception):
    """The user cancelled: nothing was written."""


# Progress: (bytes read, bytes in all, rows so far) → False to cancel.
Progress = Callable[[int, int, int], bool]


# --- the import --------------------------------------------------------------------------------

_FIELDS: Final = (
    "import_run_id",
    "name",
    "doc_type",
    "doc_no",
    "phone",
    "category",
    "sample_time",
    "site",
    "collector",
    "tube_code",
    "pool_size",
    "lab",
    "result",
    "report_time",
    "address",
    "compound_name",
    "building_name",
    "unit",
    "room",
    "resident_id",
    "building_id",
    "created_at",
)


_NOTABLE: Final = frozenset({RESULT_POSITIVE, RESULT_POOLED_POSITIVE})


def _sql() -> tuple[str, str]:
    table = f'"{TestRecord._meta.table_name}"'
    p = db.obj.param if db.obj is not None else "?"
    names = ", ".join(f'"{f}"' for f in _FIELDS)
    insert = (
        f"INSERT INTO {table} ({names}) "
        f"VALUES ({', '.join([p] * len(_FIELDS))}) "
        "ON CONFLICT (doc_no, tube_code, sample_time) DO NOTHING"
    )
    # A stored 待出结果 row whose result has come since is filled in.
    fill = (
        f"UPDATE {table} SET result = {p}, report_time = {p}, result_known_at = {p} "
        f"WHERE doc_no = {p} AND tube_code = {p} AND sample_time = {p} "
        f"AND result = '{RESULT_PENDING}' AND {p} <> '{RESULT_PENDING}'"
    )
    return insert, fill


class _Linker:
    """Residents by document number, buildings by address: loaded once per import."""

    def __init__(self) -> None:
        rows = (
            Resident.select(Resident.doc_no, Resident.id, Household.building)
            .join(Household)
            .order_by(Resident.id)
            .tuples()
        )
        self.residents: dict[str, tuple[int, int]] = {}
        for doc_no, resident_id, building_id in cast(list[tuple[str, int, int]], list(rows)):
            self.residents.setdefault(doc_no, (resident_id, building_id))
        self.buildings: dict[tuple[str, str], int] = {}
        self.labels: dict[int, str] = {}
        compounds: set[str] = set()
        buildings = (
            Building.select(Building.id, Building.name, Compound.name).join(Compound).tuples()
        )
        for building_id, building_name, compound_name in cast(
            list[tuple[int, str, str]], list(buildings)
        ):
            compounds.add(compound_name)
            key = (compound_key(compound_name), normalize_building_name(building_name))
            self.buildings.setdefault(key, building_id)
            self.labels[building_id] = f"{compound_name} {building_name}"
        self.compounds = tuple(sorted(compounds))

    def link(self, row: ParsedRow) -> tuple[int | None, int | None]:
        found = self.residents.get(row.doc_no)
        if found is not None:
            return found
        if row.compound and row.building:
            return None, self.buildings.get((compound_key(row.compound), row.building))
        return None, None


def link_unmatched() -> int:
    """Link stored records without a building, as an import would now; how many changed.

    Call inside the caller's transaction.
    """
    linker = _Linker()
    changed = 0
    rows = (
        TestRecord.select(
            TestRecord.id,
            TestRecord.doc_no,
            TestRecord.compound_name,
            TestRecord.building_name,
        )
        .where(TestRecord.building.is_null(True))
        .tuples()
    )
    for record_id, doc_no, compound, building in cast(list[tuple[int, str, str, str]], list(rows)):
        found = linker.residents.get(doc_no)
        if found is None and compound and building:
            building_id = linker.buildings.get((compound_key(compound), building))
            found = (None, building_id) if building_id else None  # type: ignore[assignment]
        if found is None:
            continue
        TestRecord.update(resident=found[0], building=found[1]).where(
            TestRecord.id == record_id
        ).execute()
        changed += 1
    return changed


def import_tests(
    actor: Actor,
    path: Path,
    *,
    dry_run: bool = False,
    mapping: Mapping[str, int] | None = None,
    progress: Progress | None = None,
    moment: dt.datetime | None = None,
) -> TestsImportSummary:
    """Import one test-site file in ONE transaction; see the module docstring.

    ``mapping`` (column key → column index) overrides the synonyms and a saved mapping.
    ``progress`` is called now and then; returning False cancels (ImportCancelled, nothing
    written). Raises ImportFileError / MissingColumns when the file cannot be used (nothing
    written) and PermissionDenied for a read-only operator.
    """
    require_write(actor)
    moment = moment or now()
    path = Path(path)

    def work(stream: RowStream) -> TestsImportSummary:
        columns = resolve_mapping(stream.header, stream.file_name, mapping)
        return _import_stream(actor, stream, columns, dry_run, progress, moment)

    # The file is read once (its SHA-256 and checks made on the way), unless it turns out
    # not to be UTF-8: then again, scanned first, as GB18030 (_import_stream rolls back).
    summary = read_rows(path, work)
    if not dry_run and summary.positives:
        from ..places import risk

        # The rows are written and committed: a failure here must not read as "nothing
        # imported". The overview's refresh makes the proposals later.
        try:
            created = risk.refresh(moment.date(), moment)
            summary.proposals = len(created.created)
        except Exception:
            log.exception("risk proposals after importing %s failed", summary.file)
            summary.proposal_error = "已导入，但风险等级建议没有生成（打开总览页会再试一次）"
    return summary


class _RowReader:
    """Reads and checks the rows, handing over batches of rows to write.

    Holds no database connection: the look-ups it needs (residents, buildings) were loaded
    before. One batch at a time is in memory. (Reading in a second thread while the first
    writes was tried: sqlite3 gives the GIL back for every row, and the two threads ended up
    taking turns, no faster than one.)
    """

    def __init__(
        self,
        stream: RowStream,
        parser: RowParser,
        linker: _Linker,
        labels: Mapping[str, str],
        run_id: int,
        created: str | None,
    ) -> None:
        self.stream = stream
        self.parser = parser
        self.linker = linker
        self.labels = labels
        self.run_id = run_id
        self.created = created
        self.rows_seen = 0
        self.rejections: list[Rejection] = []

    def batches(self) -> Iterator[tuple[_Batch, int, int]]:
        """(rows to write, bytes read, rows read) until the file ends."""
        return self._read()

    def _read(self) -> Iterator[tuple[_Batch, int, int]]:
        stream, parser, labels = self.stream, self.parser, self.labels
        width = len(stream.header)
        residents, buildings = self.linker.residents, self.linker.buildings
        run_id, created = self.run_id, self.created
        fast = parser.fast_path()
        parse = parser.parse
        rejections = self.rejections
        batch = _Batch()
        linked, unmatched, notable = batch.linked, batch.unmatched, batch.notable
        rows_seen = 0
        kept = 0
        workbook = stream.encoding == "xlsx"  # only a workbook can hold a damaged cell
        unclosed, damaged = UNCLOSED_QUOTE, DAMAGED_CELL
        for raw in stream.rows():
            rows_seen += 1
            values = raw.values
            # The shape checks every kind makes (rows.shape_problem), called only for a row
            # that may fail them.
            if (
                len(values) > width or values[0] == unclosed or (workbook and damaged in values)
            ) and (problem := shape_problem(values, width)):
                rejections.append(Rejection(raw.line_no, "", problem, raw.raw_text))
                continue
            try:
                row = fast(values)
                if row is None:
                    row, problems = parse(values)
            except UNREADABLE_CELL_ERRORS as exc:
                # A cell no check foresaw: only its row is rejected, the file goes on.
                log.warning("%s line %s: %s", stream.file_name, raw.line_no, unreadable_note(exc))
                rejections.append(Rejection(raw.line_no, "", UNREADABLE_ROW, raw.raw_text))
                continue
            if row is None:
                rejections.append(_rejection(raw, problems, labels))
                continue
            # row: name, doc_type, doc_no, …, result (11), …, compound (14), building (15)
            found = residents.get(row[2])
            if found is not None:
                record = (run_id, *row, *found, created)
            else:
                # The compound is already clean (clean_name): its key has no spaces.
                building_id = (
                    buildings.get((row[14].replace(" ", ""), row[15]))
                    if row[14] and row[15]
                    else None
                )
                record = (run_id, *row, None, building_id, created)
            if row[11] in _NOTABLE:
                notable.append(record)
            elif record[-2] is None and record[-3] is None:
                unmatched.append(record)
            else:
                linked.append(record)
            kept += 1
            if kept >= _BATCH:
                self.rows_seen = rows_seen
                yield batch, stream.bytes_read, rows_seen
                batch = _Batch()
                linked, unmatched, notable = batch.linked, batch.unmatched, batch.notable
                kept = 0
        self.rows_seen = rows_seen
        if kept:
            yield batch, stream.size, rows_seen


class _Batch:
    """Rows ready to write (tuples in _FIELDS order), as the writer takes them: positives and
    pooled positives (written one by one, to be counted), rows linked to a resident or a
    building, and unmatched rows (counted apart)."""

    __slots__ = ("linked", "notable", "unmatched")

    def __init__(self) -> None:
        self.linked: list[tuple[Any, ...]] = []
        self.unmatched: list[tuple[Any, ...]] = []
        self.notable: list[tuple[Any, ...]] = []


# SQLite's page cache for the import's transaction, in KiB (the connection's own is 32 MB).
# 100,000 rows added to a database of 3 million records change about 250 MB of index pages
# (the UNIQUE index and the one on the name take them in no order); a cache that holds them
# writes each page once, at the commit, instead of spilling pages to the WAL and reading
# them back. Bounded: memory grows to this at most, whatever the size of the file, and only
# on a large database (benchmarks/README.md).
IMPORT_CACHE_KIB: Final = 256 * 1024


@contextlib.contextmanager
def _import_cache() -> Iterator[None]:
    """The connection's page cache raised to IMPORT_CACHE_KIB for the import, then restored."""
    if not isinstance(db.obj, pw.SqliteDatabase):
        yield
        return
    before = db.execute_sql("PRAGMA cache_size").fetchone()[0]
    db.execute_sql(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA cache_size = {int(before)}")


def _import_stream(
    actor: Actor,
    stream: RowStream,
    columns: dict[str, int],
    dry_run: bool,
    progress: Progress | None,
    moment: dt.datetime,
) -> TestsImportSummary:
    header = stream.header
    labels = {**LABELS, **column_labels(header, columns, TEST_COLUMNS)}
    summary = TestsImportSummary(
        kind=KIND,
        file=stream.file_name,
        encoding=stream.encoding,
        dry_run=dry_run,
    )
    insert_sql, fill_sql = _sql()
    created = _fmt(moment)
    with _import_cache(), db.atomic() as transaction:
        linker = _Linker()
        parser = RowParser(columns, compounds=linker.compounds, moment=moment)
        run_id = start_run(actor, KIND, stream.file_name, stream.encoding, moment)
        cursor = db.connection().cursor()
        connection = db.connection()

        purged = purged_before()
        purged_text = _fmt(purged) if purged is not None else None

        positive_buildings: dict[str, None] = {}

        def count_positive(r: tuple[Any, ...]) -> None:
            """A positive or pooled positive that this import added (or filled in)."""
            if r[12] == RESULT_POOLED_POSITIVE:
                summary.pool_positives += 1
                return
            summary.positives += 1
            label = linker.labels.get(r[-2]) if r[-2] else None
            if label is None and r[15] and r[16]:
                label = f"{r[15]} {r[16]}"
            if label:
                positive_buildings.setdefault(label)

        def write_notable(rows: list[tuple[Any, ...]]) -> None:
            # Positives one by one (they are few): counted only when this import adds them
            # or fills them into a stored 待出结果 row, so a re-import reports none.
            for r in rows:
                before = connection.total_changes
                cursor.execute(insert_sql, r)
                if connection.total_changes > before:
                    summary.imported += 1
                    if r[-3] is None and r[-2] is None:
                        summary.unmatched += 1
                else:
                    cursor.execute(fill_sql, (r[12], r[13], created, r[3], r[9], r[6], r[12]))
                    if cursor.rowcount <= 0:
                        continue
                    summary.updated += 1
                count_positive(r)

        def write(batch: _Batch) -> None:
            linked, unmatched, notable = batch.linked, batch.unmatched, batch.notable
            if purged_text is not None:
                # Rows from before the last retention purge were imported once and purged:
                # they are duplicates now, never personal data brought back.
                linked = [r for r in linked if r[6] >= purged_text]
                unmatched = [r for r in unmatched if r[6] >= purged_text]
                notable = [r for r in notable if r[6] >= purged_text]
            if notable:
                write_notable(notable)
            # Linked and unmatched rows (no resident, no building: r[-3], r[-2]) in two
            # statements, so that "unmatched" counts only rows really added, not duplicates.
            inserted = 0
            for group, is_unmatched in ((linked, False), (unmatched, True)):
                if not group:
                    continue
                before = connection.total_changes
                cursor.executemany(insert_sql, group)
                added = connection.total_changes - before
                inserted += added
                if is_unmatched:
                    summary.unmatched += added
            summary.imported += inserted
            if inserted < len(linked) + len(unmatched):
                # Some rows were there already: fill in results that have come since.
                fills = [
                    (r[12], r[13], created, r[3], r[9], r[6], r[12])
                    for group in (linked, unmatched)
                    for r in group
                    if r[12] != RESULT_PENDING
                ]
                if fills:
                    cursor.executemany(fill_sql, fills)
                    summary.updated += max(cursor.rowcount, 0)

        reader = _RowReader(stream, parser, linker, labels, run_id, created)
        try:
            for batch, bytes_read, rows_so_far in reader.batches():
                write(batch)
                if progress is not None and not progress(bytes_read, stream.size, rows_so_far):
                    raise ImportCancelled("导入已取消，没有写入任何数据。")
        except BaseException:
            transaction.rollback()
            raise
        rows_seen = reader.rows_seen
        # Known now that every row has been read (a file read once is hashed on the way).
        summary.sha256 = stream.sha256
        summary.already_imported = was_imported(KIND, stream.sha256, besides=run_id)
        summary.rejections = reader.rejections
        summary.total_rows = rows_seen
        summary.rejected = len(summary.rejections)
        # The contract: duplicates include rows whose pending result was filled in.
        summary.duplicates = rows_seen - summary.imported - summary.rejected
        filled, summary.updated = summary.updated, 0
        summary.positive_buildings = list(positive_buildings)
        summary.details = {
            "unmatched": summary.unmatched,
            "positives": summary.positives,
            "pool_positives": summary.pool_positives,
            "results_filled": filled,
        }
        summary.detail_labels = {
            "unmatched": "未匹配",
            "positives": "阳性",
            "pool_positives": "混管阳性",
            "results_filled": "补上结果",
        }
        if rows_seen == 0:
            transaction.rollback()
            raise ImportFileError(f"{stream.file_name}：只有表头，没有数据行。")
        if dry_run:
            transaction.rollback()
            return summary
        finish_run(run_id, summary, updated=filled)
        audit.record(
            actor,
            f"import.{KIND}",
            entity="import_run",
            entity_id=run_id,
            summary=summary.describe(),
            # The header and delimiter let the rejected rows be exported as a file again.
            after={
                **summary.counts(),
                "header": list(header),
                "delimiter": stream.delimiter,
            },
        )
    if progress is not None:
        progress(stream.size, stream.size, rows_seen)
    return summary


def _rejection(raw: RawRow, problems: Problems, labels: Mapping[str, str]) -> Rejection:
    # The reason names every column too (before "column" was part of the --json output).
    columns = dict.fromkeys(labels.get(key, column_label(key)) for key, _ in problems)
    return Rejection(
        raw.line_no, "、".join(columns), describe_problems(problems, labels), raw.raw_text
    )


# --- rejected rows, exported to be corrected and imported again --------------------------------


def export_rejected(actor: Actor, import_run_id: int, path: Path) -> int:
    """Write the rejected rows of one import to a CSV (UTF-8 with BOM) that imports again.

    The file has the original header and one more column, 拒绝原因, which an import ignores;
    each row is the original row, in full (it is meant to be corrected), so only an
    administrator may export it (issue 9: unmasked exports are an admin's choice), and it is
    audited. A cell a spreadsheet would run as a formula gets a leading ``'``; the import
    takes that mark off again. Returns the number of rows written.
    """
    import csv
    import io
    import os

    from ..reporting.export import neutralise

    require_admin(actor)
    run = ImportRun.get_or_none((ImportRun.id == import_run_id) & (ImportRun.kind == KIND))
    if run is None:
        raise ValueError(f"导入记录 {import_run_id} 不存在。")
    entry = (
        AuditEntry.select()
        .where((AuditEntry.action == f"import.{KIND}") & (AuditEntry.entity_id == import_run_id))
        .first()
    )
    info = json.loads(entry.after) if entry is not None and entry.after else {}
    header = [str(h) for h in info.get("header", [])]
    delimiter = str(info.get("delimiter") or ",")
    rows = list(
        RejectedRow.select()
        .where(RejectedRow.import_run == import_run_id)
        .order_by(RejectedRow.line_no)
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header:
        # Header cells too: a header "=cmd|' /C calc'!A0" is a formula to Excel like any cell.
        writer.writerow([*(neutralise(h) for h in header), "拒绝原因"])
        for row in rows:
            cells = next(csv.reader(io.StringIO(row.raw_text), delimiter=delimiter or "\t"), [])
            cells = cells + [""] * (len(header) - len(cells))
            writer.writerow(
                [*(neutralise(c) for c in cells), neutralise(f"第 {row.line_no} 行：{row.reason}")]
            )
    else:  # an import from before the header was kept: the raw lines as they were
        writer.writerow(["行号", "拒绝原因", "原始内容"])
        for row in rows:
            writer.writerow([row.line_no, neutralise(row.reason), neutralise(row.raw_text)])
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    with partial.open("wb") as handle:
        handle.write(buffer.getvalue().encode("utf-8-sig"))
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(target)
    with db.atomic():
        audit.record(
            actor,
            "export.rejected_tests",
            entity="import_run",
            entity_id=import_run_id,
            summary=f"导出 {run.file_name} 的 {len(rows)} 条被拒绝的行到 {Path(path).name}"
            "（未遮挡，用于更正后重新导入）",
            after={"file": str(path), "rows": len(rows), "unmasked": True},
        )
    return len(rows)


# --- preview (the wizard shows it before anything is written) --------------------------------


@dataclass(frozen=True)
class PreviewRow:
    line_no: int
    values: list[str]
    # column index → reason, for the cells to mark
    problems: dict[int, str]
    row_problem: str = ""


@dataclass(frozen=True)
class Preview:
    file_name: str
    encoding: str
    header: list[str]
    columns: dict[str, int]
    missing: list[str]
    rows: list[PreviewRow]
    # The same bytes were imported before (importing again adds nothing).
    already_imported: bool = False


def preview(path: Path, *, mapping: Mapping[str, int] | None = None, limit: int = 20) -> Preview:
    """The header, the mapping in use and the first ``limit`` rows with their problems.

    Reads only; raises ImportFileError when the file cannot be read at all (not for missing
    columns: ``missing`` names them so the user can map them by hand).
    """
    with open_rows(Path(path)) as stream:
        header = stream.header
        if mapping is None:
            mapping = saved_mapping(header)
        if mapping is None:
            mapping = auto_mapping(header)
        width = len(header)
        columns = {k: v for k, v in mapping.items() if k in LABELS and 0 <= v < width}
        missing = [LABELS[k] for k in REQUIRED if k not in columns]
        compounds = [
            c for (c,) in cast(list[tuple[str]], list(Compound.select(Compound.name).tuples()))
        ]
        parser = RowParser(columns, compounds=compounds, moment=now())
        rows: list[PreviewRow] = []
        for raw in stream.rows():
            if len(rows) >= limit:
                break
            problems: dict[int, str] = {}
            unreadable = ""
            if not missing:
                try:
                    _, found = parser.parse(raw.values)
                except UNREADABLE_CELL_ERRORS:
                    found = []
                    unreadable = UNREADABLE_ROW
                for key, reason in found:
                    index = columns.get(key)
                    if index is None:
                        continue
                    problems[index] = (
                        f"{problems[index]}；{reason}" if index in problems else reason
                    )
            shape = shape_problem(raw.values, width) or unreadable
            rows.append(PreviewRow(raw.line_no, list(raw.values[:width]), problems, shape))
        return Preview(
            stream.file_name,
            stream.encoding,
            header,
            columns,
            missing,
            rows,
            was_imported(KIND, stream.sha256),
        )


__all__ = [
    "COLUMN_KEYS",
    "KIND",
    "POOL_HOUSEHOLD",
    "TEST_COLUMNS",
    "Address",
    "CellError",
    "ImportCancelled",
    "ParsedRow",
    "Preview",
    "PreviewRow",
    "RowParser",
    "TestsImportSummary",
    "auto_mapping",
    "describe_problems",
    "export_rejected",
    "header_key",
    "import_tests",
    "link_unmatched",
    "parse_pool",
    "parse_result",
    "parse_time",
    "pool_label",
    "preview",
    "resolve_mapping",
    "save_mapping",
    "saved_mapping",
    "split_address",
]
