"""Tests for office_app.services.people.identity: ID numbers, other documents, phones, masks."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from office_app.services.people.identity import (
    DocumentCheck,
    DocumentType,
    birth_date_from_id,
    check_document,
    check_landline,
    check_mobile,
    gb11643_check_digit,
    gender_from_id,
    make_id_number,
    mask_document,
    mask_phone,
    parse_document_type,
)

TODAY = date(2022, 11, 21)

# From the test-site sample file (rows 1, 3, 7, 8, 9, 13).
SAMPLE_VALID_IDS = [
    "510213196503120312",
    "500107201009180263",
    "51021319520630011X",
    "51021319550108064X",
    "510214199111230352",
    "500107199802010198",
]
# Row 15: deliberately wrong check digit; it should end in 8.
SAMPLE_ROW15_ID = "510213196104191065"


# --- document types --------------------------------------------------------------------------


def test_document_type_values_are_the_chinese_words() -> None:
    assert [t.value for t in DocumentType] == [
        "居民身份证",
        "户口簿",
        "护照",
        "港澳通行证",
        "台湾通行证",
        "居住证",
        "其他",
    ]
    assert DocumentType.ID_CARD == "居民身份证"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("居民身份证", DocumentType.ID_CARD),
        ("身份证", DocumentType.ID_CARD),
        ("01", DocumentType.ID_CARD),
        ("", DocumentType.ID_CARD),
        ("   ", DocumentType.ID_CARD),
        (" 身份证 ", DocumentType.ID_CARD),
        ("户口簿", DocumentType.HOUSEHOLD_REGISTER),
        ("02", DocumentType.HOUSEHOLD_REGISTER),
        ("护照", DocumentType.PASSPORT),
        ("03", DocumentType.PASSPORT),
        ("港澳通行证", DocumentType.HK_MACAU_PERMIT),
        ("06", DocumentType.HK_MACAU_PERMIT),
        ("台湾通行证", DocumentType.TAIWAN_PERMIT),
        ("07", DocumentType.TAIWAN_PERMIT),
        ("居住证", DocumentType.RESIDENCE_PERMIT),
        ("08", DocumentType.RESIDENCE_PERMIT),
        ("其他", DocumentType.OTHER),
        ("99", DocumentType.OTHER),
        ("０１", DocumentType.ID_CARD),  # full-width digits
    ],
)
def test_parse_document_type(text: str, expected: DocumentType) -> None:
    assert parse_document_type(text) is expected


@pytest.mark.parametrize("text", ["驾驶证", "04", "身份", "100"])
def test_parse_document_type_unknown(text: str) -> None:
    assert parse_document_type(text) is None


# --- GB 11643 check digit ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first17", "expected"),
    [
        ("51021319650312031", "2"),
        ("50010720100918026", "3"),
        ("51021319520630011", "X"),
        ("51021319610419106", "8"),
        ("50010720000229000", "0"),
    ],
)
def test_check_digit(first17: str, expected: str) -> None:
    assert gb11643_check_digit(first17) == expected


@pytest.mark.parametrize("bad", ["", "5102131965031203", "510213196503120312", "5102131965031203X"])
def test_check_digit_needs_17_digits(bad: str) -> None:
    with pytest.raises(ValueError):
        gb11643_check_digit(bad)


# --- resident ID numbers ----------------------------------------------------------------------


@pytest.mark.parametrize("number", SAMPLE_VALID_IDS)
def test_sample_ids_are_valid(number: str) -> None:
    assert check_document(number, today=TODAY) == DocumentCheck(True, number, "")


def test_row15_wrong_check_digit_names_the_expected_digit() -> None:
    result = check_document(SAMPLE_ROW15_ID, today=TODAY)
    assert not result.ok
    assert result.reason == "校验位应为 8，实际为 5"
    assert check_document(SAMPLE_ROW15_ID[:17] + "8", today=TODAY).ok


def test_lower_case_x_and_spaces_are_normalized() -> None:
    result = check_document(" 5102 1319 5206 30011x ", today=TODAY)
    assert result == DocumentCheck(True, "51021319520630011X", "")


def test_full_width_digits_are_normalized() -> None:
    result = check_document("５１０２１３１９６５０３１２０３１２", today=TODAY)
    assert result == DocumentCheck(True, "510213196503120312", "")


def test_household_register_and_residence_permit_use_id_rules() -> None:
    for doc_type in (DocumentType.HOUSEHOLD_REGISTER, DocumentType.RESIDENCE_PERMIT):
        assert check_document("510213196503120312", doc_type, today=TODAY).ok
        assert check_document("510213196503120313", doc_type, today=TODAY).reason == (
            "校验位应为 2，实际为 3"
        )


def test_impossible_birth_date() -> None:
    first17 = "51021319990230031"
    number = first17 + gb11643_check_digit(first17)
    result = check_document(number, today=TODAY)
    assert not result.ok
    assert result.reason == "出生日期 19990230 不是有效日期"


def test_future_birth_date() -> None:
    first17 = "50010720221122001"  # the day after TODAY
    number = first17 + gb11643_check_digit(first17)
    result = check_document(number, today=TODAY)
    assert not result.ok
    assert result.reason == "出生日期 20221122 晚于今天"
    # Born today is fine; and without `today`, a birth in 2999 is in the future.
    assert check_document(make_id_number("500107", TODAY, 1), today=TODAY).ok
    far = "50010729990101001"
    assert "晚于今天" in check_document(far + gb11643_check_digit(far)).reason


def test_birth_before_1900() -> None:
    first17 = "51021318991231001"
    result = check_document(first17 + gb11643_check_digit(first17), today=TODAY)
    assert not result.ok
    assert result.reason == "出生日期 18991231 早于 1900 年"


def test_excel_scientific_notation_is_lost_data() -> None:
    result = check_document("5.10213E+17", today=TODAY)
    assert not result.ok
    assert result.reason == (
        "证件号码被 Excel 改成了科学计数法（5.10213E+17），原号码已丢失，请从原始系统重新导出"
    )
    assert "科学计数法" in check_document("5.10213e+17", today=TODAY).reason
    assert "科学计数法" in check_document("5.10213E17", DocumentType.RESIDENCE_PERMIT).reason


def test_excel_trailing_zeros_are_lost_data() -> None:
    result = check_document("510213196503120000", today=TODAY)
    assert not result.ok
    assert "Excel" in result.reason
    assert "000" in result.reason
    assert "已丢失" in result.reason
    assert "校验位" not in result.reason


def test_number_ending_in_000_with_a_right_check_digit_is_valid() -> None:
    # Born on a leap day, sequence 000, check digit 0: a real number, not Excel damage.
    assert check_document("500107200002290000", today=TODAY).ok


def test_legacy_15_digit_number() -> None:
    result = check_document("510213650312031", today=TODAY)
    assert not result.ok
    assert result.reason == "15 位旧身份证号，请换成 18 位"


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("", "证件号码为空"),
        ("   ", "证件号码为空"),
        ("51021319650312031", "身份证号应为 18 位（实际 17 位）"),
        ("5102131965031203120", "身份证号应为 18 位（实际 19 位）"),
        ("5102131965031203A2", "身份证号只能是数字，最后一位可以是 X（第 17 位是“A”）"),
        ("X10213196503120312", "身份证号只能是数字，最后一位可以是 X（第 1 位是“X”）"),
    ],
)
def test_id_shape_errors(number: str, reason: str) -> None:
    result = check_document(number, today=TODAY)
    assert not result.ok
    assert result.reason == reason


def test_area_code_is_not_validated() -> None:
    # 999999 is no area code at all; area codes changed over the years, so it is not checked.
    assert check_document(make_id_number("999999", date(1980, 1, 1), 123), today=TODAY).ok


def test_birth_date_and_gender_from_id() -> None:
    assert birth_date_from_id("510213196503120312") == date(1965, 3, 12)
    assert gender_from_id("510213196503120312") == "男"
    assert birth_date_from_id("500107201009180263") == date(2010, 9, 18)
    assert gender_from_id("500107201009180263") == "女"
    assert gender_from_id("51021319550108064x") == "女"
    # Legacy 15-digit numbers: 19YYMMDD, sex from the last digit.
    assert birth_date_from_id("510213650312031") == date(1965, 3, 12)
    assert gender_from_id("510213650312031") == "男"


@pytest.mark.parametrize("bad", ["", "5.10213E+17", "C4J7R2K91", "510213199902300312", "1234"])
def test_birth_date_from_id_none(bad: str) -> None:
    assert birth_date_from_id(bad) is None


@pytest.mark.parametrize("bad", ["", "5.10213E+17", "C4J7R2K91", "1234"])
def test_gender_from_id_none(bad: str) -> None:
    assert gender_from_id(bad) is None


def test_make_id_number() -> None:
    assert make_id_number("510213", date(1965, 3, 12), 31) == "510213196503120312"
    assert make_id_number("510213", date(1952, 6, 30), 11) == "51021319520630011X"


@pytest.mark.parametrize(
    ("area", "birth", "sequence"),
    [
        ("51021", date(1965, 3, 12), 31),
        ("51021A", date(1965, 3, 12), 31),
        ("510213", date(1965, 3, 12), -1),
        ("510213", date(1965, 3, 12), 1000),
        ("510213", date(1899, 12, 31), 1),
    ],
)
def test_make_id_number_rejects_bad_input(area: str, birth: date, sequence: int) -> None:
    with pytest.raises(ValueError):
        make_id_number(area, birth, sequence)


# --- other documents --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "normalized"),
    [("C4J7R2K91", "C4J7R2K91"), ("e1234 5678", "E12345678"), ("12345", "12345")],
)
def test_passport_valid(number: str, normalized: str) -> None:
    assert check_document(number, DocumentType.PASSPORT) == DocumentCheck(True, normalized, "")


@pytest.mark.parametrize("number", ["", "1234", "A" * 18, "E1234-5678", "护照123456"])
def test_passport_invalid(number: str) -> None:
    result = check_document(number, DocumentType.PASSPORT)
    assert not result.ok
    assert result.reason


@pytest.mark.parametrize(
    ("number", "normalized"),
    [
        ("H12345678", "H12345678"),
        ("m1234567890", "M1234567890"),
        ("C12345678", "C12345678"),
        ("CA1234567", "CA1234567"),
    ],
)
def test_hk_macau_permit_valid(number: str, normalized: str) -> None:
    result = check_document(number, DocumentType.HK_MACAU_PERMIT)
    assert result == DocumentCheck(True, normalized, "")


@pytest.mark.parametrize(
    "number", ["", "H1234567", "H123456789", "A12345678", "12345678", "C1234567", "CA12345-7"]
)
def test_hk_macau_permit_invalid(number: str) -> None:
    result = check_document(number, DocumentType.HK_MACAU_PERMIT)
    assert not result.ok
    assert result.reason


@pytest.mark.parametrize("number", ["12345678", "1234567890", "T12345678", "l12345678"])
def test_taiwan_permit_valid(number: str) -> None:
    assert check_document(number, DocumentType.TAIWAN_PERMIT).ok


@pytest.mark.parametrize("number", ["", "1234567", "123456789", "T1234567", "12345678T"])
def test_taiwan_permit_invalid(number: str) -> None:
    assert not check_document(number, DocumentType.TAIWAN_PERMIT).ok


def test_other_document() -> None:
    assert check_document(" 军官证 12 ", DocumentType.OTHER) == DocumentCheck(True, "军官证 12", "")
    assert check_document("x" * 32, DocumentType.OTHER).ok
    assert not check_document("x" * 33, DocumentType.OTHER).ok
    assert check_document("  ", DocumentType.OTHER).reason == "证件号码为空"


def test_passport_is_not_checked_as_an_id_number() -> None:
    # A 17-digit passport number would be a broken ID number, but is fine as a passport.
    assert check_document("51021319650312031", DocumentType.PASSPORT).ok
    assert not check_document("51021319650312031", DocumentType.ID_CARD, today=TODAY).ok


# --- phones -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "13908310217",
        " 139 0831 0217 ",
        "139-0831-0217",
        "+86 13908310217",
        "+8613908310217",
        "8613908310217",
        "0086 139 0831 0217",
        "１３９０８３１０２１７",
    ],
)
def test_mobile_valid(text: str) -> None:
    assert check_mobile(text) == DocumentCheck(True, "13908310217", "")


def test_mobile_ten_digits() -> None:
    result = check_mobile("1390831552")  # the sample's row 15
    assert not result.ok
    assert result.reason == "手机号应为 11 位，以 1 开头（实际 10 位）"


def test_mobile_starting_with_12() -> None:
    result = check_mobile("12908310217")
    assert not result.ok
    assert "12" in result.reason


@pytest.mark.parametrize(
    "text", ["", "139083102170", "23908310217", "1390831021a", "023-68123456", "+86 1390831021"]
)
def test_mobile_invalid(text: str) -> None:
    result = check_mobile(text)
    assert not result.ok
    assert result.reason


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("023-68123456", "023-68123456"),
        ("02368123456", "023-68123456"),
        ("023 6812 3456", "023-68123456"),
        ("(023)68123456", "023-68123456"),
        ("023-68123456-801", "023-68123456-801"),
        ("023-68123456转801", "023-68123456-801"),
        ("010-62345678", "010-62345678"),
        ("0817-2345678", "0817-2345678"),
        ("08172345678", "0817-2345678"),
        ("0755-82345678", "0755-82345678"),
    ],
)
def test_landline_valid(text: str, normalized: str) -> None:
    assert check_landline(text) == DocumentCheck(True, normalized, "")


@pytest.mark.parametrize(
    "text",
    ["", "68123456", "13908310217", "23-68123456", "023-681234", "023-681234567", "023-08123456"],
)
def test_landline_invalid(text: str) -> None:
    result = check_landline(text)
    assert not result.ok
    assert result.reason


# --- masking ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("500107201009180263", "5001**********0263"),
        ("51021319520630011X", "5102**********011X"),
        ("C4J7R2K91", "C4*****91"),
        ("E12345678", "E1*****78"),
        ("H123456789", "H1******89"),
        ("H1234567", "H****567"),
        ("12345", "1***5"),
        ("1234", "1**4"),
        ("ABC", "***"),
        ("", ""),
    ],
)
def test_mask_document(number: str, masked: str) -> None:
    assert mask_document(number) == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("13908310217", "139****0217"),
        ("1390831552", "******1552"),
        ("023-68123456", "********3456"),
        ("110", "***"),
        ("", ""),
    ],
)
def test_mask_phone(text: str, masked: str) -> None:
    assert mask_phone(text) == masked


# --- properties -------------------------------------------------------------------------------

areas = st.text(alphabet="0123456789", min_size=6, max_size=6)
births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)


@given(areas, births, sequences)
def test_made_numbers_pass_and_round_trip(area: str, birth: date, sequence: int) -> None:
    number = make_id_number(area, birth, sequence)
    assert len(number) == 18
    assert number.startswith(area)
    assert check_document(number, today=TODAY) == DocumentCheck(True, number, "")
    assert check_document(number.lower(), today=TODAY).normalized == number
    assert birth_date_from_id(number) == birth
    assert gender_from_id(number) == ("男" if sequence % 2 == 1 else "女")


@given(areas, births, sequences, st.integers(min_value=0, max_value=17), st.data())
def test_changing_one_character_breaks_the_number(
    area: str, birth: date, sequence: int, position: int, data: st.DataObject
) -> None:
    number = make_id_number(area, birth, sequence)
    alphabet = "0123456789X" if position == 17 else "0123456789"
    replacement = data.draw(st.sampled_from([c for c in alphabet if c != number[position]]))
    changed = number[:position] + replacement + number[position + 1 :]
    result = check_document(changed, today=TODAY)
    assert not result.ok
    assert result.reason


@given(areas, births, sequences)
def test_excel_zeroed_tail_is_never_silently_accepted(
    area: str, birth: date, sequence: int
) -> None:
    number = make_id_number(area, birth, sequence)
    damaged = number[:15] + "000"
    assume(gb11643_check_digit(damaged[:17]) != "0")
    result = check_document(damaged, today=TODAY)
    assert not result.ok
    assert "Excel" in result.reason


def _revealed(original: str, masked: str) -> int:
    assert len(masked) == len(original)
    shown = [i for i, c in enumerate(masked) if c != "*"]
    for i in shown:
        assert masked[i] == original[i]
    return len(shown)


no_star_text = st.text(alphabet=st.characters(blacklist_characters="*"), max_size=40)


@given(no_star_text)
def test_mask_document_hides_and_keeps_length(text: str) -> None:
    shown = _revealed(text, mask_document(text))
    assert shown <= 8
    if text:
        assert shown < len(text)
    if len(text) < 15:  # short numbers (passports, permits) keep at least half hidden
        assert shown <= len(text) // 2


@given(no_star_text)
def test_mask_phone_hides_and_keeps_length(text: str) -> None:
    shown = _revealed(text, mask_phone(text))
    assert shown <= 7
    if text:
        assert shown < len(text)


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_mask_phone_eleven_digits(text: str) -> None:
    assert mask_phone(text) == text[:3] + "****" + text[7:]
