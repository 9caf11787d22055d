"""The writer of the test-site import: the file streamed through the one reader, its rows
checked (checks.RowParser), linked (linking.Linker) and written in batches inside one
transaction; the kind's summary (:class:`TestsImportSummary`).

The SQL of this kind is here and only here: on SQLite the DB-API's ``executemany`` of one
INSERT … ON CONFLICT DO NOTHING and one UPDATE that fills in a pending result (:func:`_sql`,
written with the engine's parameter mark); on PostgreSQL each batch is sent with ``COPY`` into
a temporary table and moved from there by one INSERT … SELECT … ON CONFLICT DO NOTHING and one
UPDATE … FROM (:class:`_CopyWriter`), with the same counts. After a large import the server's
planner statistics of the table are refreshed (``ANALYZE``, :data:`ANALYZE_AFTER_ROWS`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import queue
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Final

import peewee as pw

from office_app.models import (
    TestRecord,
    db,
    now,
)
from office_app.models.engine import is_postgres, refresh_table_statistics
from office_app.models.testing import (
    RESULT_PENDING,
    RESULT_POOLED_POSITIVE,
    RESULT_POSITIVE,
)

from ...admin import audit
from ...admin.actor import Actor, require_write
from ...admin.retention import purged_before
from ...admin.seats import serialize
from ..errors import ImportFileError
from ..headers import column_labels
from ..reader import DAMAGED_CELL, UNCLOSED_QUOTE, RawRow, RowStream, read_rows
from ..rows import (
    UNREADABLE_CELL_ERRORS,
    UNREADABLE_ROW,
    shape_problem,
    unreadable_note,
)
from ..summary import ImportSummary, Rejection, finish_run, start_run, was_imported
from .checks import Problems, RowParser, describe_problems, stored_time
from .columns import KIND, LABELS, TEST_COLUMNS, column_label, resolve_mapping
from .linking import Linker

log = logging.getLogger(__name__)

_BATCH: Final = 5000

# After an import that wrote at least this many rows (added or filled in), the server's
# planner statistics of test_record are refreshed at once (ANALYZE): without them PostgreSQL
# chose, for the queries right after a large import (risk proposals, the tests page), plans
# that ran for minutes; autovacuum would come to it only later. SQLite keeps its own moments
# (PRAGMA optimize when the database closes).
ANALYZE_AFTER_ROWS: Final = 10_000


# --- the summary -----------------------------------------------------------------------------


@dataclass
class TestsImportSummary(ImportSummary):
    """An import's counts, with what the --json contract of the tests import names."""

    __test__ = False

    legacy_json: ClassVar[bool] = False

    positives: int = 0
    pool_positives: int = 0
    positive_buildings: list[str] = field(default_factory=list)
    proposals: int = 0
    proposal_error: str = ""

    def describe(self) -> str:
        text = super().describe()
        if self.positive_buildings:
            text += f"；阳性所在楼栋：{'、'.join(self.positive_buildings)}"
        if self.proposals:
            text += f"；已提出 {self.proposals} 条风险等级建议，请在总览页确认"
        if self.proposal_error:
            text += f"；{self.proposal_error}"
        return text

    def kind_fields(self) -> dict[str, Any]:
        """positives, pool_positives and positive_buildings (the --json contract of issue 6,
        point 8), and results_filled (pending rows whose result this import filled in; they
        count as duplicates)."""
        return {
            "positives": self.positives,
            "pool_positives": self.pool_positives,
            "positive_buildings": list(self.positive_buildings),
            "results_filled": self.details.get("results_filled", 0),
        }


class ImportCancelled(Exception):
    """The user cancelled: nothing was written."""


# Progress: (bytes read, bytes in all, rows so far) → False to cancel.
Progress = Callable[[int, int, int], bool]


# --- the import --------------------------------------------------------------------------------

_FIELDS: Final = (
    "import_run_id",
    "name",
    "doc_type",
    "doc_no",
    "phone",
    "category",
    "sample_time",
    "site",
    "collector",
    "tube_code",
    "pool_size",
    "lab",
    "result",
    "report_time",
    "address",
    "compound_name",
    "building_name",
    "unit",
    "room",
    "resident_id",
    "building_id",
    "created_at",
)


_NOTABLE: Final = frozenset({RESULT_POSITIVE, RESULT_POOLED_POSITIVE})


def _sql() -> tuple[str, str]:
    table = f'"{TestRecord._meta.table_name}"'
    p = db.obj.param if db.obj is not None else "?"
    names = ", ".join(f'"{f}"' for f in _FIELDS)
    insert = (
        f"INSERT INTO {table} ({names}) "
        f"VALUES ({', '.join([p] * len(_FIELDS))}) "
        "ON CONFLICT (doc_no, tube_code, sample_time) DO NOTHING"
    )
    # A stored 待出结果 row whose result has come since is filled in.
    fill = (
        f"UPDATE {table} SET result = {p}, report_time = {p}, result_known_at = {p} "
        f"WHERE doc_no = {p} AND tube_code = {p} AND sample_time = {p} "
        f"AND result = '{RESULT_PENDING}' AND {p} <> '{RESULT_PENDING}'"
    )
    return insert, fill


def import_tests(
    actor: Actor,
    path: Path,
    *,
    dry_run: bool = False,
    mapping: Mapping[str, int] | None = None,
    progress: Progress | None = None,
    moment: dt.datetime | None = None,
) -> TestsImportSummary:
    """Import one test-site file in ONE transaction; see the module docstring.

    ``mapping`` (column key → column index) overrides the synonyms and a saved mapping.
    ``progress`` is called now and then; returning False cancels (ImportCancelled, nothing
    written). Raises ImportFileError / MissingColumns when the file cannot be used (nothing
    written) and PermissionDenied for a read-only operator.
    """
    require_write(actor)
    moment = moment or now()
    path = Path(path)

    def work(stream: RowStream) -> TestsImportSummary:
        columns = resolve_mapping(stream.header, stream.file_name, mapping)
        return _import_stream(actor, stream, columns, dry_run, progress, moment)

    # The file is read once (its SHA-256 and checks made on the way), unless it turns out
    # not to be UTF-8: then again, scanned first, as GB18030 (_import_stream rolls back).
    summary = read_rows(path, work)
    if not dry_run:
        _refresh_statistics(summary)
    if not dry_run and summary.positives:
        from ...places import risk

        # The rows are written and committed: a failure here must not read as "nothing
        # imported". The overview's refresh makes the proposals later.
        try:
            created = risk.refresh(moment.date(), moment)
            summary.proposals = len(created.created)
        except Exception:
            log.exception("risk proposals after importing %s failed", summary.file)
            summary.proposal_error = "已导入，但风险等级建议没有生成（打开总览页会再试一次）"
    return summary


def _refresh_statistics(summary: TestsImportSummary) -> None:
    """ANALYZE test_record on the server after a large import (see ANALYZE_AFTER_ROWS);
    best effort: the rows are committed, a failure here only leaves it to autovacuum."""
    written = summary.imported + int(summary.details.get("results_filled", 0))
    if written < ANALYZE_AFTER_ROWS or not is_postgres():
        return
    try:
        refresh_table_statistics(db.obj, TestRecord._meta.table_name)
    except pw.DatabaseError:
        log.exception("ANALYZE after importing %s failed", summary.file)


class _RowReader:
    """Reads and checks the rows, handing over batches of rows to write.

    Holds no database connection: the look-ups it needs (residents, buildings) were loaded
    before. One batch at a time is in memory. (Reading in a second thread while the first
    writes was tried: sqlite3 gives the GIL back for every row, and the two threads ended up
    taking turns, no faster than one.)
    """

    def __init__(
        self,
        stream: RowStream,
        parser: RowParser,
        linker: Linker,
        labels: Mapping[str, str],
        run_id: int,
        created: str | None,
    ) -> None:
        self.stream = stream
        self.parser = parser
        self.linker = linker
        self.labels = labels
        self.run_id = run_id
        self.created = created
        self.rows_seen = 0
        self.rejections: list[Rejection] = []

    def batches(self) -> Iterator[tuple[_Batch, int, int]]:
        """(rows to write, bytes read, rows read) until the file ends."""
        return self._read()

    def _read(self) -> Iterator[tuple[_Batch, int, int]]:
        stream, parser, labels = self.stream, self.parser, self.labels
        width = len(stream.header)
        residents, buildings = self.linker.residents, self.linker.buildings
        run_id, created = self.run_id, self.created
        fast = parser.fast_path()
        parse = parser.parse
        rejections = self.rejections
        batch = _Batch()
        linked, unmatched, notable = batch.linked, batch.unmatched, batch.notable
        rows_seen = 0
        kept = 0
        workbook = stream.encoding == "xlsx"  # only a workbook can hold a damaged cell
        unclosed, damaged = UNCLOSED_QUOTE, DAMAGED_CELL
        for raw in stream.rows():
            rows_seen += 1
            values = raw.values
            # The shape checks every kind makes (rows.shape_problem), called only for a row
            # that may fail them.
            if (
                len(values) > width or values[0] == unclosed or (workbook and damaged in values)
            ) and (problem := shape_problem(values, width)):
                rejections.append(Rejection(raw.line_no, "", problem, raw.raw_text))
                continue
            try:
                row = fast(values)
                if row is None:
                    row, problems = parse(values)
            except UNREADABLE_CELL_ERRORS as exc:
                # A cell no check foresaw: only its row is rejected, the file goes on.
                log.warning("%s line %s: %s", stream.file_name, raw.line_no, unreadable_note(exc))
                rejections.append(Rejection(raw.line_no, "", UNREADABLE_ROW, raw.raw_text))
                continue
            if row is None:
                rejections.append(_rejection(raw, problems, labels))
                continue
            # row: name, doc_type, doc_no, …, result (11), …, compound (14), building (15)
            found = residents.get(row[2])
            if found is not None:
                record = (run_id, *row, *found, created)
            else:
                # The compound is already clean (clean_name): its key has no spaces.
                building_id = (
                    buildings.get((row[14].replace(" ", ""), row[15]))
                    if row[14] and row[15]
                    else None
                )
                record = (run_id, *row, None, building_id, created)
            if row[11] in _NOTABLE:
                notable.append(record)
            elif record[-2] is None and record[-3] is None:
                unmatched.append(record)
            else:
                linked.append(record)
            kept += 1
            if kept >= _BATCH:
                self.rows_seen = rows_seen
                yield batch, stream.bytes_read, rows_seen
                batch = _Batch()
                linked, unmatched, notable = batch.linked, batch.unmatched, batch.notable
                kept = 0
        self.rows_seen = rows_seen
        if kept:
            yield batch, stream.size, rows_seen


class _Batch:
    """Rows ready to write (tuples in _FIELDS order), as the writer takes them: positives and
    pooled positives (written one by one, to be counted), rows linked to a resident or a
    building, and unmatched rows (counted apart)."""

    __slots__ = ("linked", "notable", "unmatched")

    def __init__(self) -> None:
        self.linked: list[tuple[Any, ...]] = []
        self.unmatched: list[tuple[Any, ...]] = []
        self.notable: list[tuple[Any, ...]] = []


_TEMP: Final = "office_import_test_rows"


def _server_sql() -> tuple[str, str, str, str]:
    """PostgreSQL's statements of :class:`_CopyWriter`: the temporary table's CREATE, the
    COPY into it, the INSERT … SELECT from it (returning the rows added and of them the
    unmatched) and the UPDATE … FROM it that fills in pending results."""
    table = f'"{TestRecord._meta.table_name}"'
    names = ", ".join(f'"{f}"' for f in _FIELDS)
    key = "doc_no, tube_code, sample_time"
    # The same column types as the table's, without its constraints or indexes.
    create = (
        f"CREATE TEMP TABLE IF NOT EXISTS {_TEMP} ON COMMIT DROP AS "
        f"SELECT 0 AS ord, {names} FROM {table} WITH NO DATA"
    )
    copy = f"COPY {_TEMP} (ord, {names}) FROM STDIN"
    insert = (
        f"WITH added AS (INSERT INTO {table} ({names}) "
        f"SELECT {names} FROM {_TEMP} ORDER BY ord "
        f"ON CONFLICT ({key}) DO NOTHING RETURNING resident_id, building_id) "
        "SELECT count(*), "
        "count(*) FILTER (WHERE resident_id IS NULL AND building_id IS NULL) FROM added"
    )
    # The first row with a result of each key fills a stored 待出结果 row (executemany's
    # UPDATEs in file order do the same: after the first, the row is no longer pending).
    fill = (
        f"UPDATE {table} AS t SET result = s.result, report_time = s.report_time, "
        "result_known_at = %s "
        f"FROM (SELECT DISTINCT ON ({key}) {key}, result, report_time FROM {_TEMP} "
        f"WHERE result <> '{RESULT_PENDING}' ORDER BY {key}, ord) AS s "
        "WHERE t.doc_no = s.doc_no AND t.tube_code = s.tube_code "
        f"AND t.sample_time = s.sample_time AND t.result = '{RESULT_PENDING}'"
    )
    return create, copy, insert, fill


class _CopyWriter:
    """PostgreSQL: a batch's linked and unmatched rows sent with COPY into a temporary table,
    then moved by two statements, counted as :func:`_sql`'s pair counts them on SQLite:

    - INSERT … SELECT … ON CONFLICT DO NOTHING, in the rows' order (linked, then unmatched,
      each in file order), so that of two rows of the file with the same key the first is
      kept, as executemany keeps it; it returns the rows added and of them the unmatched;
    - when some rows were not added: UPDATE … FROM the first row with a result of each key,
      filling in a stored 待出结果 row (the row count: each stored row filled once).

    The temporary table lives until the transaction ends (ON COMMIT DROP) and is emptied
    for each batch."""

    def __init__(self, cursor: Any, created: str | None) -> None:
        self.cursor = cursor
        self.created = created
        create, self.copy_sql, self.insert_sql, self.fill_sql = _server_sql()
        cursor.execute(create)
        self.truncate_sql = f"TRUNCATE {_TEMP}"
        # emptied before each batch (a table left by an earlier import of an outer
        # transaction too)
        self.dirty = True

    def write(
        self, linked: list[tuple[Any, ...]], unmatched: list[tuple[Any, ...]]
    ) -> tuple[int, int, int]:
        """(rows added, of them unmatched, stored rows whose result was filled in)."""
        cursor = self.cursor
        if self.dirty:
            cursor.execute(self.truncate_sql)
        self.dirty = True
        ord_ = 0
        with cursor.copy(self.copy_sql) as copy:
            write_row = copy.write_row
            for group in (linked, unmatched):
                for r in group:
                    write_row((ord_, *r))
                    ord_ += 1
        cursor.execute(self.insert_sql)
        added, added_unmatched = cursor.fetchone()
        filled = 0
        if added < ord_ and any(r[12] != RESULT_PENDING for g in (linked, unmatched) for r in g):
            cursor.execute(self.fill_sql, (self.created,))
            filled = max(cursor.rowcount, 0)
        return int(added), int(added_unmatched), filled


class _Behind:
    """PostgreSQL: the batches written on a thread of their own, one behind the reading.

    While the server inserts a batch (its indexes, unique key and foreign keys: most of an
    import's time on the server) this process reads and checks the next one; the driver
    gives the GIL back while it waits for the server. The writing thread uses the import's
    cursor (psycopg's connection may be used from several threads), one batch at a time and
    in order, so the counts are those of writing in line. At most two batches wait besides
    the one being read. A failed write is raised in the reading thread (at the next batch
    or at :meth:`finish`); :meth:`stop` lets the writing end before the rollback.

    (On SQLite the reading and the writing both hold the GIL: tried, the two threads took
    turns, no faster; see _RowReader.)"""

    def __init__(self, write: Callable[[_Batch], None]) -> None:
        self._write = write
        self._queue: queue.Queue[_Batch | None] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="tests-import-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (batch := self._queue.get()) is not None:
            if self._error is not None:
                continue  # what comes after a failure is not written
            try:
                self._write(batch)
            except BaseException as exc:
                self._error = exc

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def put(self, batch: _Batch) -> None:
        self._raise()
        self._queue.put(batch)

    def finish(self) -> None:
        """Every batch written (or the failure raised)."""
        self._queue.put(None)
        self._thread.join()
        self._raise()

    def stop(self) -> None:
        """No more writing: what waits is dropped, the batch being written ends."""
        with contextlib.suppress(queue.Empty):
            while True:
                self._queue.get_nowait()
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()


# SQLite's page cache for the import's transaction, in KiB (the connection's own is 32 MB).
# 100,000 rows added to a database of 3 million records change about 250 MB of index pages
# (the UNIQUE index and the one on the name take them in no order); a cache that holds them
# writes each page once, at the commit, instead of spilling pages to the WAL and reading
# them back. Bounded: memory grows to this at most, whatever the size of the file, and only
# on a large database (benchmarks/README.md).
IMPORT_CACHE_KIB: Final = 256 * 1024


@contextlib.contextmanager
def _import_cache() -> Iterator[None]:
    """The connection's page cache raised to IMPORT_CACHE_KIB for the import, then restored."""
    if not isinstance(db.obj, pw.SqliteDatabase):
        yield
        return
    before = db.execute_sql("PRAGMA cache_size").fetchone()[0]
    db.execute_sql(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA cache_size = {int(before)}")


def _import_stream(
    actor: Actor,
    stream: RowStream,
    columns: dict[str, int],
    dry_run: bool,
    progress: Progress | None,
    moment: dt.datetime,
) -> TestsImportSummary:
    header = stream.header
    labels = {**LABELS, **column_labels(header, columns, TEST_COLUMNS)}
    summary = TestsImportSummary(
        kind=KIND,
        file=stream.file_name,
        encoding=stream.encoding,
        dry_run=dry_run,
    )
    insert_sql, fill_sql = _sql()
    created = stored_time(moment)
    with _import_cache(), db.atomic() as transaction:
        serialize("import")  # imports from two seats queue, on either engine
        linker = Linker()
        parser = RowParser(columns, compounds=linker.compounds, moment=moment)
        run_id = start_run(actor, KIND, stream.file_name, stream.encoding, moment)
        cursor = db.connection().cursor()
        # The server takes the batches with COPY (see _CopyWriter); SQLite with executemany.
        copier = _CopyWriter(cursor, created) if is_postgres() else None

        purged = purged_before()
        purged_text = stored_time(purged) if purged is not None else None

        positive_buildings: dict[str, None] = {}

        def count_positive(r: tuple[Any, ...]) -> None:
            """A positive or pooled positive that this import added (or filled in)."""
            if r[12] == RESULT_POOLED_POSITIVE:
                summary.pool_positives += 1
                return
            summary.positives += 1
            label = linker.labels.get(r[-2]) if r[-2] else None
            if label is None and r[15] and r[16]:
                label = f"{r[15]} {r[16]}"
            if label:
                positive_buildings.setdefault(label)

        def write_notable(rows: list[tuple[Any, ...]]) -> None:
            # Positives one by one (they are few): counted only when this import adds them
            # or fills them into a stored 待出结果 row, so a re-import reports none.
            for r in rows:
                cursor.execute(insert_sql, r)
                if cursor.rowcount > 0:  # added (0: there already; same on both engines)
                    summary.imported += 1
                    if r[-3] is None and r[-2] is None:
                        summary.unmatched += 1
                else:
                    cursor.execute(fill_sql, (r[12], r[13], created, r[3], r[9], r[6], r[12]))
                    if cursor.rowcount <= 0:
                        continue
                    summary.updated += 1
                count_positive(r)

        def write(batch: _Batch) -> None:
            linked, unmatched, notable = batch.linked, batch.unmatched, batch.notable
            if purged_text is not None:
                # Rows from before the last retention purge were imported once and purged:
                # they are duplicates now, never personal data brought back.
                linked = [r for r in linked if r[6] >= purged_text]
                unmatched = [r for r in unmatched if r[6] >= purged_text]
                notable = [r for r in notable if r[6] >= purged_text]
            if notable:
                write_notable(notable)
            if copier is not None:
                if linked or unmatched:
                    added, added_unmatched, filled = copier.write(linked, unmatched)
                    summary.imported += added
                    summary.unmatched += added_unmatched
                    summary.updated += filled
                return
            # Linked and unmatched rows (no resident, no building: r[-3], r[-2]) in two
            # statements, so that "unmatched" counts only rows really added, not duplicates.
            inserted = 0
            for group, is_unmatched in ((linked, False), (unmatched, True)):
                if not group:
                    continue
                cursor.executemany(insert_sql, group)
                added = max(cursor.rowcount, 0)  # the rows added (sqlite3 and psycopg sum them)
                inserted += added
                if is_unmatched:
                    summary.unmatched += added
            summary.imported += inserted
            if inserted < len(linked) + len(unmatched):
                # Some rows were there already: fill in results that have come since.
                fills = [
                    (r[12], r[13], created, r[3], r[9], r[6], r[12])
                    for group in (linked, unmatched)
                    for r in group
                    if r[12] != RESULT_PENDING
                ]
                if fills:
                    cursor.executemany(fill_sql, fills)
                    summary.updated += max(cursor.rowcount, 0)

        reader = _RowReader(stream, parser, linker, labels, run_id, created)
        # The server writes a batch while the next one is read and checked (see _Behind).
        behind = _Behind(write) if copier is not None else None
        try:
            for batch, bytes_read, rows_so_far in reader.batches():
                if behind is not None:
                    behind.put(batch)
                else:
                    write(batch)
                if progress is not None and not progress(bytes_read, stream.size, rows_so_far):
                    raise ImportCancelled("导入已取消，没有写入任何数据。")
            if behind is not None:
                behind.finish()
        except BaseException:
            if behind is not None:
                behind.stop()
            transaction.rollback()
            raise
        rows_seen = reader.rows_seen
        # Known now that every row has been read (a file read once is hashed on the way).
        summary.sha256 = stream.sha256
        summary.already_imported = was_imported(KIND, stream.sha256, besides=run_id)
        summary.rejections = reader.rejections
        summary.total_rows = rows_seen
        summary.rejected = len(summary.rejections)
        # The contract: duplicates include rows whose pending result was filled in.
        summary.duplicates = rows_seen - summary.imported - summary.rejected
        filled, summary.updated = summary.updated, 0
        summary.positive_buildings = list(positive_buildings)
        summary.details = {
            "unmatched": summary.unmatched,
            "positives": summary.positives,
            "pool_positives": summary.pool_positives,
            "results_filled": filled,
        }
        summary.detail_labels = {
            "unmatched": "未匹配",
            "positives": "阳性",
            "pool_positives": "混管阳性",
            "results_filled": "补上结果",
        }
        if rows_seen == 0:
            transaction.rollback()
            raise ImportFileError(f"{stream.file_name}：只有表头，没有数据行。")
        if dry_run:
            transaction.rollback()
            return summary
        finish_run(run_id, summary, updated=filled)
        audit.record(
            actor,
            f"import.{KIND}",
            entity="import_run",
            entity_id=run_id,
            summary=summary.describe(),
            # The header and delimiter let the rejected rows be exported as a file again.
            after={
                **summary.counts(),
                "header": list(header),
                "delimiter": stream.delimiter,
            },
        )
    if progress is not None:
        progress(stream.size, stream.size, rows_seen)
    return summary


def _rejection(raw: RawRow, problems: Problems, labels: Mapping[str, str]) -> Rejection:
    # The reason names every column too (before "column" was part of the --json output).
    columns = dict.fromkeys(labels.get(key, column_label(key)) for key, _ in problems)
    return Rejection(
        raw.line_no, "、".join(columns), describe_problems(problems, labels), raw.raw_text
    )


__all__ = [
    "ImportCancelled",
    "Progress",
    "TestsImportSummary",
    "import_tests",
]
