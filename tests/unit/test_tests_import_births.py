"""The fast path of the test-site import checks a birth date it has not seen yet itself
(instead of sending the row to the full checks): it accepts exactly the ID numbers the full
checks accept, with the same values, whichever of the two sees a number first."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from office_app.services.imports.tests import TEST_COLUMNS, RowParser
from office_app.services.people.identity import gb11643_check_digit

MOMENT = dt.datetime(2022, 11, 22, 12, 0)
COLUMNS = {spec.key: i for i, spec in enumerate(TEST_COLUMNS)}


def _row(id_no: str) -> list[str]:
    return [
        "张三", "居民身份证", id_no, "13908315520", "2022-11-21 08:12:35", "科城路社区第3采样点",
        "", "221121100299", "10混1", "渝西示例医学检验实验室", "阴性", "2022-11-21 20:00:00",
        "一般人群", "", "瑞景苑", "3栋", "2单元", "501",
    ]  # fmt: skip


def _id(birth: str, serial: int) -> str:
    first17 = f"510213{birth}{serial:03d}"
    return first17 + gb11643_check_digit(first17)


# Birth dates as the number holds them: real ones, impossible ones (30 February, month 13),
# before 1900, after the import's day.
_BIRTHS = st.one_of(
    st.dates(dt.date(1900, 1, 1), dt.date(2022, 11, 22)).map(lambda d: d.strftime("%Y%m%d")),
    st.sampled_from(["19610230", "19611301", "19610000", "18991231", "20221123", "20300101"]),
    st.from_regex(r"(18|19|20)[0-9]{2}[01][0-9][0-3][0-9]", fullmatch=True),
)


@settings(max_examples=300, deadline=None)
@given(birth=_BIRTHS, serial=st.integers(0, 999), fast_first=st.booleans())
def test_an_unseen_birth_date_gives_what_the_full_checks_give(
    birth: str, serial: int, fast_first: bool
) -> None:
    values = _row(_id(birth, serial))
    parser = RowParser(COLUMNS, compounds=["瑞景苑"], moment=MOMENT)
    # The row's date and document type seen once, as any earlier row of a file would.
    parser.parse(_row(_id("19610419", 106)))
    fast = parser.fast_path()
    quick = fast(values) if fast_first else None
    parsed, problems = parser.parse(values)
    if not fast_first:
        quick = fast(values)
    if quick is not None:
        assert parsed is not None and not problems
        assert quick == tuple(parsed)
    else:
        assert parsed is None and problems  # the row is fine otherwise: only the number fails
    assert (parsed is None) == bool(problems)


def test_a_row_whose_birth_date_is_new_takes_the_fast_path() -> None:
    parser = RowParser(COLUMNS, compounds=["瑞景苑"], moment=MOMENT)
    parser.parse(_row(_id("19610419", 106)))
    fast = parser.fast_path()
    values = _row(_id("19750108", 223))
    row = fast(values)
    assert row is not None
    parsed, problems = parser.parse(values)
    assert not problems and row == tuple(parsed)


def test_an_impossible_birth_date_is_left_to_the_full_checks() -> None:
    parser = RowParser(COLUMNS, compounds=["瑞景苑"], moment=MOMENT)
    parser.parse(_row(_id("19610419", 106)))
    fast = parser.fast_path()
    for birth in ("19610230", "20300101", "18991231"):
        values = _row(_id(birth, 5))
        assert fast(values) is None
        parsed, problems = parser.parse(values)
        assert parsed is None and [key for key, _ in problems] == ["id_no"]
