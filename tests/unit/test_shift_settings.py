"""Shifts as the secretary types them in 设置."""

from __future__ import annotations

import pytest

from office_app.services.admin.settings import DEFAULT_SHIFTS, format_shifts, parse_shifts


def test_the_defaults_read_back() -> None:
    assert parse_shifts(format_shifts(DEFAULT_SHIFTS)) == DEFAULT_SHIFTS


def test_separators_and_dashes_people_type() -> None:
    shifts = parse_shifts("早班 6:00-14:00; 中班 14:00～22:00\n夜班22:00至6:00")
    assert [(d.name, d.start, d.end) for d in shifts] == [
        ("早班", "06:00", "14:00"),
        ("中班", "14:00", "22:00"),
        ("夜班", "22:00", "06:00"),
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "至少"),
        ("白班 8点到20点", "看不懂"),
        ("白班 08:00–25:00；夜班 25:00–08:00", "时间不对"),
        ("白班 08:00–08:00", "不能相同"),
        ("白班 08:00–20:00；白班 20:00–08:00", "重复"),
        ("白班 08:00–20:00；夜班 21:00–08:00", "覆盖一整天"),
        ("白班 08:00–20:00；夜班 20:00–09:00", "覆盖一整天"),
    ],
)
def test_what_cannot_be_used_is_named(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_shifts(text)
