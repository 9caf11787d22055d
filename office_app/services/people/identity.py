"""Identity documents and phone numbers: checking, normalizing and masking.

Pure Python: no Qt, no database. Every reason is in Chinese, written for the secretary who
has to fix the row, and is empty when the value is fine.

The resident ID number follows GB 11643-1999: six digits of area code (not checked here: the
codes changed over the years and old numbers stay valid), eight digits of birth date, three
digits of sequence (odd for men, even for women) and a check digit (0-9 or X).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "DocumentCheck",
    "DocumentType",
    "birth_date_from_id",
    "check_document",
    "check_landline",
    "check_mobile",
    "gb11643_check_digit",
    "gender_from_id",
    "make_id_number",
    "mask_document",
    "mask_phone",
    "parse_document_type",
]


class DocumentType(StrEnum):
    """证件类型, with the values the user sees."""

    ID_CARD = "居民身份证"
    HOUSEHOLD_REGISTER = "户口簿"
    PASSPORT = "护照"
    HK_MACAU_PERMIT = "港澳通行证"
    TAIWAN_PERMIT = "台湾通行证"
    RESIDENCE_PERMIT = "居住证"
    OTHER = "其他"


_DOCUMENT_TYPE_WORDS: dict[str, DocumentType] = {
    # 居民身份证
    "居民身份证": DocumentType.ID_CARD,
    "身份证": DocumentType.ID_CARD,
    "二代身份证": DocumentType.ID_CARD,
    "第二代居民身份证": DocumentType.ID_CARD,
    "中华人民共和国居民身份证": DocumentType.ID_CARD,
    "01": DocumentType.ID_CARD,
    "1": DocumentType.ID_CARD,
    # 户口簿
    "户口簿": DocumentType.HOUSEHOLD_REGISTER,
    "户口本": DocumentType.HOUSEHOLD_REGISTER,
    "居民户口簿": DocumentType.HOUSEHOLD_REGISTER,
    "02": DocumentType.HOUSEHOLD_REGISTER,
    "2": DocumentType.HOUSEHOLD_REGISTER,
    # 护照
    "护照": DocumentType.PASSPORT,
    "中国护照": DocumentType.PASSPORT,
    "外国护照": DocumentType.PASSPORT,
    "03": DocumentType.PASSPORT,
    "3": DocumentType.PASSPORT,
    # 港澳通行证
    "港澳通行证": DocumentType.HK_MACAU_PERMIT,
    "往来港澳通行证": DocumentType.HK_MACAU_PERMIT,
    "港澳居民来往内地通行证": DocumentType.HK_MACAU_PERMIT,
    "回乡证": DocumentType.HK_MACAU_PERMIT,
    "06": DocumentType.HK_MACAU_PERMIT,
    "6": DocumentType.HK_MACAU_PERMIT,
    # 台湾通行证
    "台湾通行证": DocumentType.TAIWAN_PERMIT,
    "往来台湾通行证": DocumentType.TAIWAN_PERMIT,
    "台湾居民来往大陆通行证": DocumentType.TAIWAN_PERMIT,
    "台胞证": DocumentType.TAIWAN_PERMIT,
    "07": DocumentType.TAIWAN_PERMIT,
    "7": DocumentType.TAIWAN_PERMIT,
    # 居住证
    "居住证": DocumentType.RESIDENCE_PERMIT,
    "港澳台居民居住证": DocumentType.RESIDENCE_PERMIT,
    "08": DocumentType.RESIDENCE_PERMIT,
    "8": DocumentType.RESIDENCE_PERMIT,
    # 其他
    "其他": DocumentType.OTHER,
    "其它": DocumentType.OTHER,
    "其他证件": DocumentType.OTHER,
    "99": DocumentType.OTHER,
}

_WHITESPACE = re.compile(r"\s+")


def _clean(text: str) -> str:
    """Full-width forms to ASCII (NFKC), every whitespace character removed."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))


def parse_document_type(text: str) -> DocumentType | None:
    """Read a 证件类型 cell: a name, a synonym or a code. Blank means 居民身份证.

    Returns ``None`` for a value that is not recognised.
    """
    cleaned = _clean(text)
    if not cleaned:
        return DocumentType.ID_CARD
    found = _DOCUMENT_TYPE_WORDS.get(cleaned)
    if found is not None:
        return found
    return _DOCUMENT_TYPE_WORDS.get(cleaned.upper())


# --- GB 11643 -------------------------------------------------------------------------------

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_MAP = "10X98765432"
_SEVENTEEN_DIGITS = re.compile(r"[0-9]{17}")
_ID18_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
_ID15_SHAPE = re.compile(r"[0-9]{15}")
_SCIENTIFIC = re.compile(r"[0-9]+(?:\.[0-9]*)?E\+?[0-9]+")
_EARLIEST_BIRTH = date(1900, 1, 1)


def gb11643_check_digit(first17: str) -> str:
    """The check digit ('0'-'9' or 'X') for the first 17 digits of an ID number."""
    if not _SEVENTEEN_DIGITS.fullmatch(first17):
        raise ValueError(f"需要 17 位数字，实际为 {first17!r}")
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_MAP[total % 11]


@dataclass(frozen=True)
class DocumentCheck:
    """The outcome of checking a document number or a phone number.

    ``normalized`` is the cleaned value (spaces removed, upper case where it applies), also
    when the check failed; ``reason`` is empty when ``ok``.
    """

    ok: bool
    normalized: str
    reason: str


def _ok(normalized: str) -> DocumentCheck:
    return DocumentCheck(True, normalized, "")


def _fail(normalized: str, reason: str) -> DocumentCheck:
    return DocumentCheck(False, normalized, reason)


def _parse_yyyymmdd(text: str) -> date | None:
    try:
        return date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def _check_id_number(number: str, today: date) -> DocumentCheck:
    """居民身份证 rules (also 户口簿 and 居住证, which carry the same kind of number)."""
    if not number:
        return _fail(number, "证件号码为空")
    # Excel damage first: what it did cannot be undone, and it would otherwise be reported
    # as a wrong length or a wrong check digit, which sends the user looking in the wrong place.
    if _SCIENTIFIC.fullmatch(number):
        return _fail(
            number,
            f"证件号码被 Excel 改成了科学计数法（{number}），原号码已丢失，请从原始系统重新导出",
        )
    if (
        len(number) == 18
        and number.isascii()
        and number.isdigit()
        and number.endswith("000")
        and gb11643_check_digit(number[:17]) != number[17]
    ):
        return _fail(
            number,
            f"证件号码末尾几位被 Excel 改成了 000（{number}），原号码已丢失，请从原始系统重新导出",
        )
    if len(number) != 18:
        if _ID15_SHAPE.fullmatch(number):
            return _fail(number, "15 位旧身份证号，请换成 18 位")
        return _fail(number, f"身份证号应为 18 位（实际 {len(number)} 位）")
    if not _ID18_SHAPE.fullmatch(number):
        position, char = next(
            (i + 1, c)
            for i, c in enumerate(number)
            if not ("0" <= c <= "9" or (i == 17 and c == "X"))
        )
        return _fail(
            number,
            f"身份证号只能是数字，最后一位可以是 X（第 {position} 位是“{char}”）",
        )
    birth_text = number[6:14]
    birth = _parse_yyyymmdd(birth_text)
    if birth is None:
        return _fail(number, f"出生日期 {birth_text} 不是有效日期")
    if birth > today:
        return _fail(number, f"出生日期 {birth_text} 晚于今天")
    if birth < _EARLIEST_BIRTH:
        return _fail(number, f"出生日期 {birth_text} 早于 1900 年")
    expected = gb11643_check_digit(number[:17])
    if expected != number[17]:
        return _fail(number, f"校验位应为 {expected}，实际为 {number[17]}")
    return _ok(number)


_PASSPORT = re.compile(r"[A-Z0-9]{5,17}")
_HK_MACAU = re.compile(r"[HM](?:[0-9]{8}|[0-9]{10})|C[A-Z0-9]{8}")
_TAIWAN = re.compile(r"[0-9]{8}|[0-9]{10}|[A-Z]{1,2}[0-9]{8}")
_OTHER_MAX = 32


def check_document(
    number: str,
    doc_type: DocumentType = DocumentType.ID_CARD,
    *,
    today: date | None = None,
) -> DocumentCheck:
    """Check and normalize a document number of the given type.

    ``today`` bounds the birth date of an ID number (default: the real today).
    """
    if doc_type in (
        DocumentType.ID_CARD,
        DocumentType.HOUSEHOLD_REGISTER,
        DocumentType.RESIDENCE_PERMIT,
    ):
        return _check_id_number(_clean(number).upper(), today or date.today())
    if doc_type is DocumentType.OTHER:
        other = unicodedata.normalize("NFKC", number).strip()
        if not other:
            return _fail(other, "证件号码为空")
        if len(other) > _OTHER_MAX:
            return _fail(other, f"证件号码不能超过 {_OTHER_MAX} 个字符（实际 {len(other)} 个）")
        return _ok(other)
    cleaned = _clean(number).upper()
    if not cleaned:
        return _fail(cleaned, "证件号码为空")
    if doc_type is DocumentType.PASSPORT:
        if _PASSPORT.fullmatch(cleaned):
            return _ok(cleaned)
        return _fail(cleaned, f"护照号码应为 5–17 位字母或数字（实际为“{cleaned}”）")
    if doc_type is DocumentType.HK_MACAU_PERMIT:
        if _HK_MACAU.fullmatch(cleaned):
            return _ok(cleaned)
        return _fail(
            cleaned,
            "港澳通行证号码应为 H 或 M 加 8 位或 10 位数字，或 C 加 8 位字母数字"
            f"（实际为“{cleaned}”）",
        )
    if _TAIWAN.fullmatch(cleaned):
        return _ok(cleaned)
    return _fail(
        cleaned,
        f"台湾通行证号码应为 8 位或 10 位数字，或字母加 8 位数字（实际为“{cleaned}”）",
    )


def birth_date_from_id(number: str) -> date | None:
    """The birth date in an 18-digit (or legacy 15-digit, 19YYMMDD) ID number.

    The check digit is not required to be right; the date must be a real date from 1900 on.
    """
    cleaned = _clean(number).upper()
    if _ID18_SHAPE.fullmatch(cleaned):
        birth = _parse_yyyymmdd(cleaned[6:14])
    elif _ID15_SHAPE.fullmatch(cleaned):
        birth = _parse_yyyymmdd("19" + cleaned[6:12])
    else:
        return None
    if birth is None or birth < _EARLIEST_BIRTH:
        return None
    return birth


def gender_from_id(number: str) -> str | None:
    """ "男" or "女" from the sequence digit (odd: 男): the 17th of 18, the 15th of 15."""
    cleaned = _clean(number).upper()
    if _ID18_SHAPE.fullmatch(cleaned):
        digit = cleaned[16]
    elif _ID15_SHAPE.fullmatch(cleaned):
        digit = cleaned[14]
    else:
        return None
    return "男" if int(digit) % 2 == 1 else "女"


def make_id_number(area: str, birth: date, sequence: int) -> str:
    """A valid 18-digit ID number: area (6 digits), birth date, sequence 0-999, check digit."""
    if not re.fullmatch(r"[0-9]{6}", area):
        raise ValueError(f"地区码应为 6 位数字，实际为 {area!r}")
    if not 0 <= sequence <= 999:
        raise ValueError(f"顺序码应在 0–999 之间，实际为 {sequence}")
    if birth < _EARLIEST_BIRTH:
        raise ValueError(f"出生日期不能早于 1900 年，实际为 {birth.isoformat()}")
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return first17 + gb11643_check_digit(first17)


# --- phones ---------------------------------------------------------------------------------

_PHONE_SEPARATORS = re.compile(r"[\s\-]+")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")


def check_mobile(text: str) -> DocumentCheck:
    """A mainland mobile number: 11 digits, ``1[3-9]…``; spaces, dashes and +86 are dropped."""
    cleaned = _PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", text))
    for prefix in ("+86", "0086"):
        if cleaned.startswith(prefix):
            cleaned = cleaned[len(prefix) :]
            break
    else:
        if cleaned.startswith("86") and len(cleaned) == 13:
            cleaned = cleaned[2:]
    if not cleaned:
        return _fail(cleaned, "手机号为空")
    if not (cleaned.isascii() and cleaned.isdigit()):
        return _fail(cleaned, f"手机号只能是数字（实际为“{cleaned}”）")
    if len(cleaned) != 11 or not cleaned.startswith("1"):
        return _fail(cleaned, f"手机号应为 11 位，以 1 开头（实际 {len(cleaned)} 位）")
    if not _MOBILE.fullmatch(cleaned):
        return _fail(cleaned, f"手机号应以 13–19 开头（实际以 {cleaned[:2]} 开头）")
    return _ok(cleaned)


_EXTENSION = r"(?:(?:-|转|#|EXT\.?)(?P<ext>[0-9]{1,6}))?"
_LANDLINE_SEPARATED = re.compile(
    r"(?:\((?P<area1>0[0-9]{2,3})\)-?|(?P<area2>0[0-9]{2,3})-)(?P<local>[0-9]{7,8})" + _EXTENSION
)
_LANDLINE_JOINED = re.compile(r"(?P<digits>0[0-9]{9,11})" + _EXTENSION)


def check_landline(text: str) -> DocumentCheck:
    """A fixed-line number with its area code: ``023-68123456``, ``02368123456``, ``(023)68123456``.

    The area code (3-4 digits starting with 0) is required, the number has 7-8 digits and does
    not start with 0 or 1; an extension may follow (``-801``, ``转801``, ``#801``). Normalized as
    ``023-68123456`` or ``023-68123456-801``. Written without a separator, the area code is
    taken as 3 digits for 010 and 02x and as 4 digits otherwise.
    """
    cleaned = _clean(text).upper()
    if not cleaned:
        return _fail(cleaned, "固定电话为空")
    separated = _LANDLINE_SEPARATED.fullmatch(cleaned)
    if separated is not None:
        area = separated.group("area1") or separated.group("area2")
        local, ext = separated.group("local"), separated.group("ext")
    else:
        joined = _LANDLINE_JOINED.fullmatch(cleaned)
        if joined is None:
            area = local = ""
            ext = None
        else:
            digits, ext = joined.group("digits"), joined.group("ext")
            area_len = 3 if digits[1] in "12" else 4
            area, local = digits[:area_len], digits[area_len:]
    if not (7 <= len(local) <= 8 and local[0] not in "01"):
        return _fail(cleaned, f"固定电话应为 区号-号码，如 023-68123456（实际为“{cleaned}”）")
    return _ok(f"{area}-{local}" + (f"-{ext}" if ext else ""))


# --- masking --------------------------------------------------------------------------------


def mask_document(number: str) -> str:
    """Hide the middle of a document number, keeping its length.

    15 characters or more (ID cards): the first 4 and last 4 stay (``5001**********1234``);
    9 to 14 (passports, permits): the first 2 and last 2, so at least half stays hidden;
    4 to 8: the first 1 and the last ones up to half the length; 3 or fewer: all stars.
    """
    n = len(number)
    if n >= 15:
        return number[:4] + "*" * (n - 8) + number[-4:]
    if n >= 9:
        return number[:2] + "*" * (n - 4) + number[-2:]
    if n >= 4:
        tail = n // 2 - 1
        return number[:1] + "*" * (n - 1 - tail) + number[-tail:]
    return "*" * n


def mask_phone(text: str) -> str:
    """Hide the middle of a phone number, keeping its length.

    11 digits: the first 3 and last 4 stay (``139****0217``); other lengths above 4: only the
    last 4 stay; 4 or fewer: all stars.
    """
    n = len(text)
    if n == 11 and text.isascii() and text.isdigit():
        return text[:3] + "****" + text[-4:]
    if n > 4:
        return "*" * (n - 4) + text[-4:]
    return "*" * n
