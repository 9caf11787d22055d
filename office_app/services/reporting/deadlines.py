"""A handover item's 期限 as people write it, read relative to the shift (no Qt).

``2022-11-21 19:00``, ``11-21 19:00``, ``19:00`` and the words of a handover book:
今晚, 明早, 明天 8 点, 明天早上8点半, 今天 18:00, 下午3点, 后天上午, 交班前, 2小时内 …

"Today" is the day the handover is given: the shift's end (a night shift that ends at 08:00
hands over on the next day, and its 今晚 is that evening). A time without a day is its next
occurrence at or after the shift's end. A day without a time: 早上/明早 08:00, 上午 09:00,
中午 12:00, 下午 15:00, 晚上/今晚 20:00, and a day alone (明天) 18:00, the end of the working
day. 交班前/下班前 is the shift's end.

:func:`parse_deadline` returns None for a blank text and raises :class:`NotATime` for text
that is not a time ("等街道通知"): the caller keeps such text as it was written.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Final


class NotATime(ValueError):
    """The text is not a time (keep it as text)."""


_DAYS: Final[dict[str, int]] = {
    "今天": 0,
    "今日": 0,
    "今": 0,
    "明天": 1,
    "明日": 1,
    "明": 1,
    "次日": 1,
    "后天": 2,
    "大后天": 3,
}
# Parts of the day: (default hour, whether a 1–11 o'clock hour is in the afternoon/evening).
_PARTS: Final[dict[str, tuple[int, bool]]] = {
    "凌晨": (5, False),
    "清晨": (7, False),
    "早上": (8, False),
    "早晨": (8, False),
    "早": (8, False),
    "晨": (8, False),
    "上午": (9, False),
    "中午": (12, True),
    "午": (12, True),
    "下午": (15, True),
    "傍晚": (18, True),
    "晚上": (20, True),
    "晚": (20, True),
    "夜里": (22, True),
    "夜": (22, True),
}
_NUMERALS: Final = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_NUMERALS_2: Final = {"七": 7, "八": 8, "九": 9, "十": 10}
DAY_ALONE_HOUR: Final = 18
_NIGHT: Final = frozenset({"晚上", "晚", "夜里", "夜"})
_END_WORDS: Final = ("交班前", "下班前", "交接班前", "本班结束前", "本班内", "班后", "交班时")

_DAY_RE: Final = "|".join(sorted(_DAYS, key=len, reverse=True))
_PART_RE: Final = "|".join(sorted(_PARTS, key=len, reverse=True))
_HOUR_RE: Final = r"[0-9]{1,2}|十[一二]?|[零一二两三四五六七八九十]"
_WORDS: Final = re.compile(
    rf"(?P<day>{_DAY_RE})?\s*(?P<part>{_PART_RE})?\s*"
    rf"(?:(?P<hour>{_HOUR_RE})\s*(?:[:：点时]\s*(?P<minute>[0-9]{{1,2}}|半|一刻|三刻)?\s*分?)"
    r"|(?P<clock>[0-9]{1,2})\s*[:：]\s*(?P<clock_minute>[0-9]{2}))?\s*(?:前|之前|以前|左右)?"
)
_HOURS_FROM_NOW: Final = re.compile(
    r"(?P<n>[0-9]{1,2}|[一二两三四五六七八九十])\s*(?:个)?小时(?:内|后|之内|以内)"
)


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text in _NUMERALS:
        return _NUMERALS[text]
    if text in _NUMERALS_2:
        return _NUMERALS_2[text]
    if text.startswith("十"):  # 十一, 十二
        return 10 + _number(text[1:])
    raise NotATime(text)


def _explicit(value: str, reference: dt.datetime) -> dt.datetime | None:
    """The formats a secretary types with digits: full, without year, time alone, date."""
    for pattern in ("%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(value, pattern)
        except ValueError:
            pass
    for pattern in ("%m-%d %H:%M", "%m/%d %H:%M"):
        try:
            parsed = dt.datetime.strptime(value, pattern)
        except ValueError:
            continue
        try:
            return parsed.replace(year=reference.year)
        except ValueError:
            return None
    for pattern in ("%Y-%m-%d", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(value, pattern)
        except ValueError:
            pass
    return None


def parse_deadline(text: str, *, shift_end: dt.datetime) -> dt.datetime | None:
    """The deadline ``text`` means for the handover of the shift ending at ``shift_end``.

    None for a blank text; :class:`NotATime` when it is not a time (keep it as text).
    """
    value = " ".join(unicodedata.normalize("NFKC", text).split())
    if not value:
        return None
    found = _explicit(value, shift_end)
    if found is not None:
        return found
    compact = value.replace(" ", "")
    if compact in _END_WORDS:
        return shift_end
    hours = _HOURS_FROM_NOW.fullmatch(compact)
    if hours:
        return shift_end + dt.timedelta(hours=_number(hours.group("n")))
    match = _WORDS.fullmatch(compact)
    if not match or not any(match.group(g) for g in ("day", "part", "hour", "clock")):
        raise NotATime(value)
    today = shift_end.date()
    day_word, part = match.group("day"), match.group("part")
    # 今早/明早/今晚/明晚 come as one word: 今/明 + a part of the day.
    offset = _DAYS[day_word] if day_word else 0
    if match.group("clock") is not None:
        hour, minute = int(match.group("clock")), int(match.group("clock_minute"))
    elif match.group("hour") is not None:
        hour = _number(match.group("hour"))
        minute_text = match.group("minute") or ""
        words = {"半": 30, "一刻": 15, "三刻": 45, "": 0}
        minute = words[minute_text] if minute_text in words else int(minute_text)
    else:
        hour, minute = (_PARTS[part][0], 0) if part else (DAY_ALONE_HOUR, 0)
    told = match.group("hour") is not None or match.group("clock") is not None
    if told and part in _NIGHT and (hour == 12 or hour <= 5):
        # 晚上12点, 夜里2点: after midnight, so the next day's small hours.
        hour, offset = (0 if hour == 12 else hour), offset + 1
    elif told and part and _PARTS[part][1] and hour < 12:
        hour += 12  # 下午3点 → 15:00, 晚上8点 → 20:00
    if hour > 23 or minute > 59:
        raise NotATime(value)
    moment = dt.datetime.combine(today + dt.timedelta(days=offset), dt.time(hour, minute))
    if not day_word and moment < shift_end:
        moment += dt.timedelta(days=1)  # no day said: the next such time
    return moment


__all__ = ["DAY_ALONE_HOUR", "NotATime", "parse_deadline"]
