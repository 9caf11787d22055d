"""THE export helper: any table to CSV or .xlsx, masked by default, safe to open in Excel.

Use it for every export of personal data, so that three rules hold everywhere:

1. **Masked by default.** Columns of kind ``DOCUMENT`` (ID/passport numbers), ``PHONE`` and
   ``NAME`` are masked (``5001**********1234``, ``139****0217``, ``张**``). Passing
   ``reveal=True`` writes them in full; only an administrator may (``PermissionDenied``
   otherwise), and the audit entry says the export was unmasked.
2. **No formula injection.** A text cell beginning with ``=``, ``+``, ``-``, ``@`` (or a tab or
   carriage return) gets a leading ``'``, so Excel and WPS show it as text instead of running
   it (:func:`neutralise`). Numbers stay numbers.
3. **Audited and atomic.** One audit entry ``export.<what>`` per file (who, how many rows, file
   name, masked or not); the file appears complete or not at all.

CSV is written as UTF-8 with a BOM (Excel on Chinese Windows reads it correctly); the format
follows the file's suffix (``.csv`` or ``.xlsx``).

Two calls::

    export_table(actor, path, [ExportColumn("姓名", NAME), ExportColumn("证件号码", DOCUMENT)],
                 rows, what="residents")
    export_listing(actor, path, listings.RESIDENTS, titles=[...translated...],
                   what="residents", text=filter_text, filters=page_filters)

Column kinds match ``services.listings`` (``document``, ``phone``, ``datetime``, ``date``), so a
listing's columns export as they are shown.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from office_app.models import db

from ..admin import audit
from ..admin.actor import Actor, require_admin
from ..people.identity import mask_document, mask_phone
from ..people.privacy import mask_name

TEXT: Final = "text"
DOCUMENT: Final = "document"
PHONE: Final = "phone"
NAME: Final = "name"
DATE: Final = "date"
DATETIME: Final = "datetime"
PERSONAL_KINDS: Final = frozenset({DOCUMENT, PHONE, NAME})

_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
_MASKS: Final = {DOCUMENT: mask_document, PHONE: mask_phone, NAME: mask_name}


class ExportError(ValueError):
    """The export cannot be written (unknown format); nothing was written."""


@dataclass(frozen=True)
class ExportColumn:
    title: str
    kind: str = TEXT


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    masked: bool


def neutralise(text: str) -> str:
    """``'`` before text a spreadsheet would take for a formula (= + - @, tab, CR)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _cell(value: Any, kind: str, reveal: bool) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float) and kind not in PERSONAL_KINDS:
        return value
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d" if kind == DATE else "%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if kind in _MASKS and not reveal and text:
        text = _MASKS[kind](text)
    return neutralise(text)


def _csv_bytes(titles: list[str], rows: Iterable[list[Any]]) -> tuple[bytes, int]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(titles)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return buffer.getvalue().encode("utf-8-sig"), count


def _xlsx_bytes(titles: list[str], rows: Iterable[list[Any]]) -> tuple[bytes, int]:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("导出")
    sheet.append(titles)
    count = 0
    for row in rows:
        sheet.append(row)
        count += 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), count


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(path)


def export_table(
    actor: Actor,
    path: Path,
    columns: Sequence[ExportColumn],
    rows: Iterable[Sequence[Any]],
    *,
    what: str,
    reveal: bool = False,
) -> ExportResult:
    """Write ``rows`` (one value per column) to ``path`` (.csv or .xlsx) and audit it.

    ``what`` names the data for the audit trail (``residents``, ``audit``, …). ``reveal``
    writes personal columns in full: administrators only.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ExportError(f"不支持的导出格式“{path.suffix or '无扩展名'}”：请用 .csv 或 .xlsx。")
    if reveal:
        require_admin(actor)
    titles = [neutralise(c.title) for c in columns]
    kinds = [c.kind for c in columns]
    cells = ([_cell(v, k, reveal) for v, k in zip(row, kinds, strict=True)] for row in rows)
    data, count = _csv_bytes(titles, cells) if suffix == ".csv" else _xlsx_bytes(titles, cells)
    _write_atomic(path, data)
    personal = any(k in PERSONAL_KINDS for k in kinds)
    state = "未遮挡（管理员选择）" if reveal and personal else "已遮挡" if personal else ""
    with db.atomic():
        audit.record(
            actor,
            f"export.{what}",
            entity="export",
            summary=f"导出 {count} 行到 {path.name}" + (f"，个人信息{state}" if state else ""),
            after={"file": str(path), "rows": count, "unmasked": bool(reveal and personal)},
        )
    return ExportResult(path, count, not (reveal and personal))


def export_listing(
    actor: Actor,
    path: Path,
    listing: Any,
    *,
    titles: Sequence[str],
    what: str,
    text: str = "",
    filters: Mapping[str, Any] | None = None,
    reveal: bool = False,
    batch: int = 5000,
) -> ExportResult:
    """Export every row of a ``services.listings.Listing`` as the page shows it (filtered).

    ``titles`` are the column titles as the user reads them (translated by the view).
    """
    columns = [ExportColumn(t, c.kind) for t, c in zip(titles, listing.columns, strict=True)]

    def rows() -> Iterable[Sequence[Any]]:
        offset = 0
        while True:
            chunk = listing.fetch(offset, batch, text=text, filters=filters or {})
            for row in chunk:
                yield row[1:]
            if len(chunk) < batch:
                return
            offset += batch

    return export_table(actor, path, columns, rows(), what=what, reveal=reveal)
