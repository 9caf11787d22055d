"""Running an import row by row: what the buildings, residents, volunteers and supplies lists
share. (The test-site results, hundreds of thousands of rows, are written in batches by their
own writer in :mod:`.tests`; they use the same reader, header matcher, rows and summary.)

A kind adds only its own columns and row rules: subclass :class:`RowImporter`, give it ``kind``
and ``columns``, write ``handle(row)`` (raise :class:`~.rows.RowRejected` through
``row.reject``/``row.required``/``row.integer`` for a bad row), and call :func:`run_import`.
Its writes go through the models (peewee), inside the one transaction run_import opens.

A row that repeats an earlier row of the same file is handled like a row imported before: it
counts as a duplicate when it changes nothing (an update when it changes what the earlier row
wrote), as in every kind.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from office_app.models import db

from ..admin import audit
from ..admin.actor import Actor, require_write
from ..admin.seats import serialize
from .errors import ImportFileError
from .headers import ColumnSpec, column_labels, require_columns
from .reader import RowStream, read_rows
from .rows import (
    IMPORTED,
    UNREADABLE_CELL_ERRORS,
    UNREADABLE_ROW,
    UPDATED,
    Row,
    RowOutcome,
    RowRejected,
    shape_problem,
    shorten_quotes,
    unreadable_note,
)
from .summary import ImportSummary, Rejection, finish_run, start_run, was_imported

log = logging.getLogger(__name__)


class RowImporter:
    """What one kind of import adds on top of the shared parts: its columns and its row rules.

    ``handle`` runs inside a savepoint per row: raising :class:`RowRejected` (through the
    :class:`Row` helpers) undoes what that row wrote and keeps the row for review.
    """

    kind: ClassVar[str] = ""
    columns: ClassVar[tuple[ColumnSpec, ...]] = ()
    detail_labels: ClassVar[dict[str, str]] = {}

    def __init__(self) -> None:
        self.details: dict[str, int] = {}

    def start(self, stream: RowStream, columns: Mapping[str, int]) -> None:
        """Called inside the transaction before the first row (load look-up tables here)."""

    def handle(self, row: Row) -> RowOutcome:
        raise NotImplementedError

    def finish(self) -> None:
        """Called inside the transaction after the last row (follow-up work, e.g. proposals)."""


def run_import(
    actor: Actor,
    importer: RowImporter,
    path: Path,
    *,
    dry_run: bool = False,
    preferred_sheet: str = "总表",
) -> ImportSummary:
    """Read ``path``, match ``importer.columns``, handle every row in ONE transaction.

    Not a dry run: records the ImportRun with its rejected rows and one audit entry
    ``import.<kind>``. A dry run computes the same summary and rolls everything back. Raises
    :class:`ImportFileError` (or :class:`MissingColumns`) when the file cannot be used at all;
    nothing is written then.
    """
    require_write(actor)
    kind = importer.kind

    def work(stream: RowStream) -> ImportSummary:
        columns = require_columns(stream.header, importer.columns, stream.file_name)
        labels = column_labels(stream.header, columns, importer.columns)
        summary = ImportSummary(
            kind=kind,
            file=stream.file_name,
            encoding=stream.encoding,
            dry_run=dry_run,
            detail_labels=dict(importer.detail_labels),
        )
        width = len(stream.header)
        with db.atomic() as transaction:
            serialize("import")  # imports from two seats queue, on either engine
            try:
                _handle_rows(stream, importer, columns, labels, width, summary)
            except BaseException:
                transaction.rollback()
                raise
            if summary.total_rows == 0:
                transaction.rollback()
                raise ImportFileError(f"{stream.file_name}：只有表头，没有数据行。")
            summary.sha256 = stream.sha256  # known now that every row has been read
            summary.already_imported = was_imported(kind, stream.sha256)
            summary.rejected = len(summary.rejections)
            summary.details = dict(importer.details)
            if dry_run:
                transaction.rollback()
                return summary
            run_id = start_run(actor, kind, stream.file_name, stream.encoding)
            finish_run(run_id, summary)
            audit.record(
                actor,
                f"import.{kind}",
                entity="import_run",
                entity_id=run_id,
                summary=summary.describe(),
                after=summary.counts(),
            )
        return summary

    # Scanned first, then read: the lists are small, and the importer's look-ups (loaded by
    # start) must not outlive a transaction rolled back for a second reading.
    return read_rows(Path(path), work, preferred_sheet=preferred_sheet, read_once=False)


def _handle_rows(
    stream: RowStream,
    importer: RowImporter,
    columns: Mapping[str, int],
    labels: Mapping[str, str],
    width: int,
    summary: ImportSummary,
) -> None:
    importer.start(stream, columns)
    for raw in stream.rows():
        summary.total_rows += 1
        row = Row(raw, columns, labels)
        try:
            problem = shape_problem(raw.values, width)
            if problem:
                raise RowRejected("", problem)
            with db.atomic():
                outcome = importer.handle(row)
        except RowRejected as exc:
            summary.rejections.append(
                Rejection(raw.line_no, exc.column, shorten_quotes(exc.reason), raw.raw_text)
            )
            continue
        except UNREADABLE_CELL_ERRORS as exc:
            # A cell no rule foresaw (a number of thousands of digits, a date out of range):
            # its row is rejected, undone by its savepoint; the file goes on.
            log.warning("%s line %s: %s", stream.file_name, raw.line_no, unreadable_note(exc))
            summary.rejections.append(Rejection(raw.line_no, "", UNREADABLE_ROW, raw.raw_text))
            continue
        if outcome == IMPORTED:
            summary.imported += 1
        elif outcome == UPDATED:
            summary.updated += 1
        else:
            summary.duplicates += 1
    importer.finish()


__all__ = ["RowImporter", "run_import"]
