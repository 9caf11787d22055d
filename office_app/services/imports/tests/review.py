"""What the user looks at around an import of test-site results: the preview of a file
before anything is written (the wizard's), and the rejected rows of an import exported as a
CSV to correct and import again."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from office_app.models import (
    AuditEntry,
    Compound,
    ImportRun,
    RejectedRow,
    db,
    now,
)

from ...admin import audit
from ...admin.actor import Actor, require_admin
from ..reader import open_rows
from ..rows import (
    UNREADABLE_CELL_ERRORS,
    UNREADABLE_ROW,
    shape_problem,
)
from ..summary import was_imported
from .checks import RowParser
from .columns import KIND, mapping_in_use

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

    from ...reporting.export import neutralise

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
        width = len(header)
        columns, missing = mapping_in_use(header, mapping)
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
    "Preview",
    "PreviewRow",
    "export_rejected",
    "preview",
]
