"""One data row of an import, the checks every kind's rows share, and why a row is rejected.

A kind's row checks use :class:`Row`'s helpers (``required``, ``integer``, ``reject``), which
raise :class:`RowRejected`; :func:`shape_problem` is the check of a row's shape that comes
before any kind's (a quote never closed, a damaged workbook cell, more cells than the header).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Final, Literal, NoReturn

from ..admin import audit
from .reader import DAMAGED_CELL, UNCLOSED_QUOTE, RawRow, damaged_cell_problem


class RowRejected(Exception):
    """Raised by a row handler (through :class:`Row` helpers) for a row it cannot use."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(f"{column}: {reason}" if column else reason)
        self.column = column
        self.reason = reason


_INTEGER: Final = re.compile(r"[+-]?[0-9]+(?:\.0*)?", re.ASCII)
_MAX_DIGITS: Final = 18


def parse_int(text: str) -> int:
    """A plain integer cell: "12", "+12", "-3", "12.0" and full-width "１２" are accepted.

    Anything else ("12户", "1,200", "1.5", "1e3") raises ValueError: an import rejects it
    rather than guessing.
    """
    value = unicodedata.normalize("NFKC", text).strip()
    if not _INTEGER.fullmatch(value):
        raise ValueError(text)
    digits = value.split(".", 1)[0]
    if len(digits.lstrip("+-").lstrip("0")) > _MAX_DIGITS:
        # int() refuses more than 4,300 digits; no count of an import has 19.
        raise OverflowError(text)
    return int(digits)


def _shorten(text: str, limit: int = 40) -> str:
    """A cell quoted in a reason: a huge cell is cut (the raw text keeps it whole)."""
    return text if len(text) <= limit else f"{text[:limit]}…（共 {len(text)} 个字符）"


_LONG_QUOTE: Final = re.compile(r"“([^”]{41,})”")


def shorten_quotes(reason: str) -> str:
    """A reason with every cell it quotes (“…”) cut to 40 characters: a reason names the
    problem, the rejected row keeps the cell whole."""
    if len(reason) <= 80:
        return reason
    return _LONG_QUOTE.sub(lambda m: f"“{_shorten(m.group(1))}”", reason)


class Row:
    """One data row with the matched columns: the helpers raise :class:`RowRejected`."""

    def __init__(self, raw: RawRow, columns: Mapping[str, int], labels: Mapping[str, str]):
        self.raw = raw
        self.columns = columns
        self.labels = labels

    @property
    def line_no(self) -> int:
        return self.raw.line_no

    @property
    def raw_text(self) -> str:
        return self.raw.raw_text

    def has(self, key: str) -> bool:
        """Whether the file has this column at all."""
        return key in self.columns

    def label(self, key: str) -> str:
        """The column's header as written in the file (the spec's label when absent)."""
        return self.labels.get(key, key)

    def text(self, key: str) -> str:
        """The stripped cell text; "" when empty or when the file has no such column."""
        index = self.columns.get(key)
        if index is None or index >= len(self.raw.values):
            return ""
        return self.raw.values[index]

    def reject(self, key: str | None, reason: str) -> NoReturn:
        raise RowRejected(self.label(key) if key else "", reason)

    def required(self, key: str) -> str:
        value = self.text(key)
        if not value:
            self.reject(key, "不能为空")
        return value

    def integer(
        self,
        key: str,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        """The cell as an integer, None when empty; reject non-integers and out-of-range values."""
        value = self.text(key)
        if not value:
            return None
        try:
            number = parse_int(value)
        except OverflowError:
            self.reject(key, f"“{_shorten(value)}”超出合理范围")
        except ValueError:
            self.reject(key, f"“{_shorten(value)}”不是整数")
        if minimum is not None and number < minimum:
            if minimum == 0:
                self.reject(key, f"“{value}”不能为负数")
            self.reject(key, f"“{value}”不能小于 {minimum}")
        if maximum is not None and number > maximum:
            self.reject(key, f"“{value}”超出合理范围（最大 {maximum}）")
        return number


def unreadable_note(exc: BaseException) -> str:
    """An unforeseen error of a row for the log: its type and message, cut short, with full
    ID and phone numbers masked (the log is kept outside the database and the purge)."""
    return audit.mask_text(f"{type(exc).__name__}: {str(exc)[:200]}")


# What a row rule may raise on a cell it did not foresee; the row is rejected with this reason.
UNREADABLE_CELL_ERRORS: Final = (ValueError, ArithmeticError)
UNREADABLE_ROW: Final = "这一行有无法识别的内容（数字过长、日期超出范围或字符无法处理）"

RowOutcome = Literal["imported", "updated", "duplicate"]
IMPORTED: Final = "imported"
UPDATED: Final = "updated"
DUPLICATE: Final = "duplicate"


def shape_problem(values: list[str], width: int) -> str | None:
    """Why a row cannot be read as a row of the header's ``width`` columns, else None: a quote
    never closed, a damaged workbook cell, cells beyond the header's."""
    if values and values[0] == UNCLOSED_QUOTE and not any(values[1:]):
        return UNCLOSED_QUOTE
    if DAMAGED_CELL in values:
        return damaged_cell_problem(values)
    if len(values) > width and any(values[width:]):
        return f"这一行有 {len(values)} 个值，表头只有 {width} 列（可能有多余的分隔符）"
    return None


__all__ = [
    "DUPLICATE",
    "IMPORTED",
    "UNREADABLE_CELL_ERRORS",
    "UNREADABLE_ROW",
    "UPDATED",
    "Row",
    "RowOutcome",
    "RowRejected",
    "parse_int",
    "shape_problem",
    "shorten_quotes",
    "unreadable_note",
]
