"""The row checks of the test-site import: :class:`RowParser` checks a row completely and
gives it as stored (:class:`ParsedRow`), or every reason it is rejected; its fast path takes
the usual row without a call per clean cell."""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, NamedTuple

from office_app.models.testing import (
    RESULT_PENDING,
)

from ...people.identity import (
    DocumentType,
    check_document,
    check_landline,
    check_mobile,
    parse_document_type,
)
from ..names import (
    clean_name,
    normalize_building_name,
    normalize_room,
    normalize_unit,
)
from ..rows import (
    shorten_quotes,
)
from .cells import (
    EARLIEST_YEAR,
    FUTURE_TOLERANCE,
    LATEST_YEAR,
    POOL_WORDS,
    REPORTED_RESULTS,
    RESULT_WORDS,
    CellError,
    parse_pool,
    parse_result,
    parse_time,
    split_address,
)
from .columns import COLUMN_KEYS, MAX_LENGTHS, column_label

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


def stored_time(moment: dt.datetime | None) -> str | None:
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
        self._latest = stored_time(moment + FUTURE_TOLERANCE) if moment is not None else None
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
                    ok = EARLIEST_YEAR <= year <= LATEST_YEAR
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
        completely and says what is wrong (the first time a date or a document type is seen,
        the row goes there too and :meth:`parse` remembers it; a birth date or an address
        not seen yet is checked here and remembered).

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
        birth_ok = self._birth_ok  # a birth date not seen yet: checked here, then remembered
        clock = _CLOCK.fullmatch
        latest = self._latest
        pools = POOL_WORDS
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
                    or not (births.get(doc_no[6:14]) or birth_ok(doc_no[6:14]))
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
        pool = POOL_WORDS.get(pool_text, -1)
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


__all__ = [
    "ParsedRow",
    "Problems",
    "RowParser",
    "describe_problems",
    "stored_time",
]
