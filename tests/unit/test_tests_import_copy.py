"""The test-site import's writing on both engines: executemany on SQLite, COPY through a
temporary table on PostgreSQL (writer._CopyWriter), with the same counts and the same rows
stored; the server's ANALYZE after a large import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from office_app.models import Building, Compound, Household, Resident, TestRecord, db
from office_app.models.engine import is_postgres, refresh_table_statistics
from office_app.services.admin.actor import SYSTEM
from office_app.services.imports.tests import import_tests, writer
from office_app.services.people.identity import make_id_number
from tests.conftest import SERVER_URL
from tests.unit.test_tests_import import ZHANG, csv_file, row

server_only = pytest.mark.skipif(
    not SERVER_URL, reason="PostgreSQL only: COPY and ANALYZE are the server's path"
)


def _doc(i: int) -> str:
    return make_id_number("500107", dt.date(1970, 1, 1) + dt.timedelta(days=i), 5)


def _community() -> None:
    compound = Compound.create(name="瑞景苑")
    building = Building.create(compound=compound, name="3栋")
    household = Household.create(building=building, unit="1单元", room="101")
    Resident.create(household=household, name="张三", doc_no=ZHANG, phone="13908310217")


def _stored() -> list[tuple[object, ...]]:
    query = TestRecord.select(
        TestRecord.name,
        TestRecord.doc_no,
        TestRecord.tube_code,
        TestRecord.result,
        TestRecord.resident,
        TestRecord.building,
        TestRecord.result_known_at.is_null(False),
    ).order_by(TestRecord.doc_no, TestRecord.tube_code, TestRecord.sample_time)
    return [tuple(r) for r in query.tuples()]


def test_batches_with_duplicates_pending_rows_and_outsiders_count_as_on_sqlite(
    fresh_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches of 3 rows (so a key comes back in a later batch and within one batch): the
    counts and stored rows are these on both engines (the figures executemany gives)."""
    monkeypatch.setattr(writer, "_BATCH", 3)
    _community()
    outsider = _doc(1)
    first = csv_file(
        tmp_path,
        row(tube="A1", result="", report=""),  # 张三, linked, pending
        row(name="外来", doc=outsider, tube="B1", compound="别处", building="9栋"),  # unmatched
        row(name="第二个", tube="A1", result="", report=""),  # same key, same batch: duplicate
        row(tube="A2", result="", report=""),  # pending
        row(name="外来", doc=outsider, tube="B2", result="", report="", compound="别处"),
        row(tube="A2", result="阴性"),  # the key of the 4th row, same batch: fills it
        # The first row's key twice in a later batch: the positive is written first (the
        # batch's positives one by one, to be counted), fills the row; the 阴性 is then a
        # duplicate.
        row(tube="A1", result="阴性"),
        row(tube="A1", result="阳性"),
        name="first.csv",
    )
    summary = import_tests(SYSTEM, first)
    assert (summary.total_rows, summary.imported, summary.duplicates) == (8, 4, 4)
    assert summary.unmatched == 2
    assert summary.details["results_filled"] == 2
    assert (summary.positives, summary.positive_buildings) == (1, ["瑞景苑 3栋"])
    stored = _stored()
    assert [(r[0], r[2], r[3], bool(r[6])) for r in stored if r[1] == ZHANG] == [
        ("张三", "A1", "阳性", True),  # the first row kept, its result filled in
        ("张三", "A2", "阴性", True),
    ]
    assert [(r[2], r[3], r[4], r[5]) for r in stored if r[1] == outsider] == [
        ("B1", "阴性", None, None),
        ("B2", "待出结果", None, None),
    ]

    # A later file: the pending outsider row gets its result, the rest are duplicates.
    second = csv_file(
        tmp_path,
        row(name="外来", doc=outsider, tube="B2", result="阴性", compound="别处"),
        row(tube="A1", result="阴性"),
        row(tube="A3"),  # new
        name="second.csv",
    )
    again = import_tests(SYSTEM, second)
    assert (again.imported, again.duplicates, again.unmatched) == (1, 2, 0)
    assert again.details["results_filled"] == 1
    assert len(_stored()) == 5


def test_a_dry_run_on_the_copy_path_writes_nothing_and_counts_the_same(
    fresh_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "_BATCH", 2)
    _community()
    path = csv_file(tmp_path, row(tube="A1"), row(tube="A1"), row(tube="A2"), row(tube="A3"))
    dry = import_tests(SYSTEM, path, dry_run=True)
    assert (dry.imported, dry.duplicates) == (3, 1)
    assert TestRecord.select().count() == 0
    real = import_tests(SYSTEM, path)
    assert (real.imported, real.duplicates) == (3, 1)


@server_only
def test_the_server_writes_the_rows_with_copy(
    fresh_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    copies: list[str] = []
    executemany: list[str] = []
    real_copy, real_executemany = psycopg.Cursor.copy, psycopg.Cursor.executemany

    def copy(self: psycopg.Cursor, statement: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        copies.append(str(statement))
        return real_copy(self, statement, *args, **kwargs)  # type: ignore[arg-type]

    def many(self: psycopg.Cursor, statement: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        executemany.append(str(statement))
        return real_executemany(self, statement, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(psycopg.Cursor, "copy", copy)
    monkeypatch.setattr(psycopg.Cursor, "executemany", many)
    monkeypatch.setattr(writer, "_BATCH", 4)
    rows = [row(name="张三", doc=_doc(i), tube=f"T{i}") for i in range(10)]
    summary = import_tests(SYSTEM, csv_file(tmp_path, *rows))
    assert summary.imported == 10
    assert len(copies) == 3  # one COPY per batch of 4, 4 and 2 rows
    assert all(c.startswith("COPY office_import_test_rows") for c in copies)
    assert not [s for s in executemany if "test_record" in s]
    # the temporary table went with the transaction
    assert db.execute_sql("SELECT to_regclass('office_import_test_rows')").fetchone()[0] is None


def _analyze_count() -> int:
    found = db.execute_sql(
        "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'test_record'"
    ).fetchone()
    return int(found[0]) if found else 0


@server_only
def test_the_server_analyzes_test_records_after_a_large_import(
    fresh_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert writer.ANALYZE_AFTER_ROWS == 10_000
    monkeypatch.setattr(writer, "ANALYZE_AFTER_ROWS", 6)
    before = _analyze_count()
    small = [row(name="张三", doc=_doc(i), tube=f"S{i}") for i in range(5)]
    import_tests(SYSTEM, csv_file(tmp_path, *small, name="small.csv"))
    assert _analyze_count() == before  # 5 rows written: below the threshold
    large = [row(name="张三", doc=_doc(i), tube=f"L{i}") for i in range(6)]
    import_tests(SYSTEM, csv_file(tmp_path, *large, name="large.csv"))
    assert _analyze_count() == before + 1
    reltuples = db.execute_sql(
        "SELECT reltuples FROM pg_class WHERE oid = to_regclass('test_record')"
    ).fetchone()[0]
    assert reltuples == 11
    # a dry run writes nothing, so nothing to analyze
    import_tests(SYSTEM, csv_file(tmp_path, *large, name="again.csv"), dry_run=True)
    assert _analyze_count() == before + 1


def test_refresh_table_statistics_analyzes_only_on_the_server(fresh_db: Path) -> None:
    TestRecord.create(name="张三", doc_no=ZHANG, sample_time=dt.datetime(2022, 11, 20, 8))
    refresh_table_statistics(db.obj, "test_record")
    if is_postgres():
        assert _analyze_count() >= 1
    else:
        # SQLite keeps its own moments (PRAGMA optimize at close): no statistics made here
        tables = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master").fetchall()}
        assert (
            "sqlite_stat1" not in tables
            or not db.execute_sql("SELECT 1 FROM sqlite_stat1 WHERE tbl = 'test_record'").fetchone()
        )


def _count() -> int:
    return TestRecord.select().count()


def test_cancelling_after_some_batches_were_written_writes_nothing(
    fresh_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the server the batches are written behind the reading (writer._Behind): a cancel
    after several batches waits for the one being written, then rolls every one back."""
    from office_app.services.imports.tests import ImportCancelled

    monkeypatch.setattr(writer, "_BATCH", 3)
    rows = [row(name="张三", doc=_doc(i), tube=f"C{i}") for i in range(20)]
    calls: list[int] = []

    def progress(done: int, total: int, rows_so_far: int) -> bool:
        calls.append(rows_so_far)
        return len(calls) < 4

    with pytest.raises(ImportCancelled):
        import_tests(SYSTEM, csv_file(tmp_path, *rows), progress=progress)
    assert calls == [3, 6, 9, 12]
    assert _count() == 0
    assert import_tests(SYSTEM, csv_file(tmp_path, *rows, name="again.csv")).imported == 20


@server_only
def test_a_failure_in_a_later_batch_is_raised_and_writes_nothing(
    fresh_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's writing thread fails on the third batch: the import raises that failure
    in the reading thread, nothing is written, and the next import works."""
    monkeypatch.setattr(writer, "_BATCH", 3)
    real_write = writer._CopyWriter.write
    written: list[int] = []

    def failing(
        self: writer._CopyWriter,
        linked: list[tuple[object, ...]],
        unmatched: list[tuple[object, ...]],
    ) -> tuple[int, int, int]:
        written.append(len(linked) + len(unmatched))
        if len(written) == 3:
            raise RuntimeError("the third batch failed")
        return real_write(self, linked, unmatched)

    monkeypatch.setattr(writer._CopyWriter, "write", failing)
    path = csv_file(tmp_path, *(row(name="张三", doc=_doc(i), tube=f"F{i}") for i in range(15)))
    with pytest.raises(RuntimeError, match="third batch"):
        import_tests(SYSTEM, path)
    assert written == [3, 3, 3]  # nothing written after the failure
    assert _count() == 0
    monkeypatch.setattr(writer._CopyWriter, "write", real_write)
    assert import_tests(SYSTEM, path).imported == 15
