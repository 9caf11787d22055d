"""A handover item's 期限 in the words people write, read relative to the shift (issue 17, 18)."""

from __future__ import annotations

import datetime as dt

import pytest

from office_app.services.reporting.deadlines import NotATime, parse_deadline

DAY_END = dt.datetime(2022, 11, 21, 20, 0)  # 白班 08:00–20:00, handed over in the evening
NIGHT_END = dt.datetime(2022, 11, 22, 8, 0)  # 夜班 20:00–08:00, handed over in the morning


@pytest.mark.parametrize(
    ("text", "after_day", "after_night"),
    [
        ("今晚", "2022-11-21 20:00", "2022-11-22 20:00"),
        ("明早", "2022-11-22 08:00", "2022-11-23 08:00"),
        ("明天 8 点", "2022-11-22 08:00", "2022-11-23 08:00"),
        ("明天早上8点半", "2022-11-22 08:30", "2022-11-23 08:30"),
        ("明天8：30", "2022-11-22 08:30", "2022-11-23 08:30"),
        ("今天 18:00", "2022-11-21 18:00", "2022-11-22 18:00"),
        ("今晚8点前", "2022-11-21 20:00", "2022-11-22 20:00"),
        ("明晚九点", "2022-11-22 21:00", "2022-11-23 21:00"),
        ("后天上午", "2022-11-23 09:00", "2022-11-24 09:00"),
        ("明天", "2022-11-22 18:00", "2022-11-23 18:00"),
        ("下午3点", "2022-11-22 15:00", "2022-11-22 15:00"),
        ("晚上12点", "2022-11-22 00:00", "2022-11-23 00:00"),
        ("夜里2点", "2022-11-22 02:00", "2022-11-23 02:00"),
        ("19:00", "2022-11-22 19:00", "2022-11-22 19:00"),
        ("十点", "2022-11-22 10:00", "2022-11-22 10:00"),
        ("交班前", "2022-11-21 20:00", "2022-11-22 08:00"),
        ("2小时内", "2022-11-21 22:00", "2022-11-22 10:00"),
        ("11-23 10:00", "2022-11-23 10:00", "2022-11-23 10:00"),
        ("2022-11-23 10:00", "2022-11-23 10:00", "2022-11-23 10:00"),
    ],
)
def test_words_are_times_of_the_handover(text: str, after_day: str, after_night: str) -> None:
    for end, expected in ((DAY_END, after_day), (NIGHT_END, after_night)):
        moment = parse_deadline(text, shift_end=end)
        assert moment is not None and f"{moment:%Y-%m-%d %H:%M}" == expected, (text, end)


@pytest.mark.parametrize("text", ["等街道通知", "下周一", "尽快", "前", "明天25点", "3栋"])
def test_text_that_is_not_a_time_says_so(text: str) -> None:
    with pytest.raises(NotATime):
        parse_deadline(text, shift_end=DAY_END)


def test_blank_is_no_deadline() -> None:
    assert parse_deadline("  ", shift_end=DAY_END) is None
