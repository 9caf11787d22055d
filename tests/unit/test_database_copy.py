"""Copying a whole community between databases, verified (services/admin/database_copy.py,
``office-app copy``)."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
from pathlib import Path

import peewee as pw
import pytest

from office_app.cli import main
from office_app.models import TestRecord
from office_app.services.admin import database_copy as copying
from office_app.services.admin.database import close_database, open_database
from tests.conftest import SERVER_URL, ServerSchema


def digests_of_file(path: Path) -> dict[str, tuple[int, str]]:
    database = copying.open_source(path)
    try:
        found = copying.table_digests(database)
    finally:
        database.close()
    return {table: (d.rows, d.hexdigest) for table, d in found.items()}


def test_a_file_is_copied_whole_and_proved(demo_template: Path, tmp_path: Path) -> None:
    target = tmp_path / "副本" / "copy.db"
    seen: list[str] = []
    report = copying.copy_community(
        demo_template, target, progress=lambda table, done, total: seen.append(table)
    )
    assert report.ok
    assert report.rows > 20000
    assert seen[0] == "setting" and "test_record" in seen
    assert digests_of_file(target) == digests_of_file(demo_template)
    assert {t.table: (t.target_rows, t.target_checksum) for t in report.tables} == (
        digests_of_file(demo_template)
    )
    assert not target.with_name("copy.db.partial").exists()
    # The copy is a database the program opens as it is, ready for new rows.
    open_database(target, create=False)
    try:
        rows = {t.table: t.target_rows for t in report.tables}
        assert TestRecord.select().count() == rows["test_record"] > 10000
    finally:
        close_database()


def test_the_checksum_is_the_same_whatever_form_the_engine_returns() -> None:
    when = pw.DateTimeField()
    assert copying.canonical(when, "2022-11-22 08:30:00") == copying.canonical(
        when, dt.datetime(2022, 11, 22, 8, 30)
    )
    flag = pw.BooleanField()
    assert copying.canonical(flag, 1) == copying.canonical(flag, True) == "1"
    assert copying.canonical(flag, None) is None
    assert copying.canonical(pw.DateField(), dt.date(2022, 11, 22)) == "2022-11-22"
    a, b = copying.TableDigest([when, flag]), copying.TableDigest([when, flag])
    a.add(("2022-11-22 08:30:00", 0))
    b.add((dt.datetime(2022, 11, 22, 8, 30), False))
    assert a.hexdigest == b.hexdigest
    b.add((None, None))
    assert a.hexdigest != b.hexdigest


def test_a_target_with_data_is_refused_and_left_as_it_was(
    demo_template: Path, tmp_path: Path
) -> None:
    target = tmp_path / "full.db"
    shutil.copy2(demo_template, target)
    before = digests_of_file(target)
    with pytest.raises(copying.CopyRefused, match="已经有数据"):
        copying.copy_community(demo_template, target)
    assert digests_of_file(target) == before


def test_an_empty_database_of_the_program_is_a_fine_target(
    demo_template: Path, tmp_path: Path
) -> None:
    target = tmp_path / "empty.db"
    open_database(target)  # what the GUI's first start leaves: tables, no rows
    close_database()
    assert copying.copy_community(demo_template, target).ok
    assert digests_of_file(target) == digests_of_file(demo_template)


def test_the_same_database_twice_or_a_missing_source_is_refused(
    demo_template: Path, tmp_path: Path
) -> None:
    with pytest.raises(copying.CopyRefused, match="同一个数据库"):
        copying.copy_community(demo_template, demo_template)
    with pytest.raises(copying.CopyRefused, match="不存在"):
        copying.copy_community(tmp_path / "nothing.db", tmp_path / "new.db")
    assert not (tmp_path / "new.db").exists()


def test_a_copy_that_does_not_match_is_undone(
    demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_insert = copying._insert

    def lose_a_row(database: pw.Database, model: type, rows: list) -> None:
        if model is TestRecord:
            rows = rows[1:] if rows[0][0] == 1 else rows
        real_insert(database, model, rows)

    monkeypatch.setattr(copying, "_insert", lose_a_row)
    target = tmp_path / "bad.db"
    with pytest.raises(copying.CopyMismatch, match="test_record"):
        copying.copy_community(demo_template, target)
    assert list(tmp_path.iterdir()) == []  # neither the file nor a partial one

    # Into an existing empty database: its transaction is rolled back, it stays empty.
    open_database(target)
    close_database()
    with pytest.raises(copying.CopyMismatch):
        copying.copy_community(demo_template, target)
    database = copying.open_source(target)
    try:
        assert copying.nonempty_tables(database) == []
    finally:
        database.close()


def test_the_command_prints_every_table_and_keeps_its_exit_codes(
    demo_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "cli copy.db"
    assert main(["copy", "--from", str(demo_template), "--to", str(target)]) == 0
    out = capsys.readouterr().out
    for table in ("operator", "resident", "test_record", "audit_entry"):
        assert f"\n{table} " in out
    assert "全部一致" in out
    # Copying into it again: refused, nothing written (exit 2).
    assert main(["copy", "--from", str(demo_template), "--to", str(target)]) == 2
    assert "已经有数据" in capsys.readouterr().err
    assert main(["copy", "--from", str(tmp_path / "none.db"), "--to", str(tmp_path / "x.db")]) == 2
    # A server that cannot be reached: exit 4, a message and no traceback.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://office@127.0.0.1:{port}/office"
    assert main(["copy", "--from", str(demo_template), "--to", url]) == 4
    err = capsys.readouterr().err
    assert f"端口 {port}" in err and "Traceback" not in err


@pytest.mark.skipif(not SERVER_URL, reason="needs the test server (OFFICE_TEST_DB)")
def test_a_file_goes_to_the_server_and_comes_back_the_same(
    demo_template: Path, tmp_path: Path, server_schema: ServerSchema
) -> None:
    assert SERVER_URL is not None
    server_schema.empty()
    try:
        there = copying.copy_community(demo_template, SERVER_URL)
        assert there.ok
        # The server now holds data: a second copy into it is refused.
        with pytest.raises(copying.CopyRefused, match="已经有数据"):
            copying.copy_community(demo_template, SERVER_URL)
        back = tmp_path / "back.db"
        assert copying.copy_community(SERVER_URL, back).ok
        assert digests_of_file(back) == digests_of_file(demo_template)
        # New rows on the server continue after the copied ids.
        open_database(server_schema.url)
        try:
            before = TestRecord.select(pw.fn.MAX(TestRecord.id)).scalar()
            row = TestRecord.select().first()
            data = {f.name: getattr(row, f.name) for f in TestRecord._meta.sorted_fields}
            data.pop("id")
            data["tube_code"] = "COPY-TEST-1"
            assert TestRecord.create(**data).id > before
        finally:
            close_database()
    finally:
        server_schema.empty()


def test_a_changed_value_is_caught_by_the_checksum_alone(
    demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same number of rows, one name written differently: the checksum tells."""
    from office_app.models import Resident

    real_insert = copying._insert
    name = [f.name for f in copying._columns(Resident)].index("name")

    def misspell(database: pw.Database, model: type, rows: list) -> None:
        if model is Resident:
            first = list(rows[0])
            first[name] = first[name] + "。"
            rows = [tuple(first), *rows[1:]]
        real_insert(database, model, rows)

    monkeypatch.setattr(copying, "_insert", misspell)
    with pytest.raises(copying.CopyMismatch, match=r"resident（(\d+) 行 → \1 行）"):
        copying.copy_community(demo_template, tmp_path / "changed.db")
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_is_no_database_is_refused_with_its_name(
    demo_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    words = tmp_path / "记录.db"
    words.write_text("不是数据库 " * 200, encoding="utf-8")
    assert main(["copy", "--from", str(words), "--to", str(tmp_path / "new.db")]) == 2
    assert "记录.db 不是可用的数据库文件" in capsys.readouterr().err
    assert main(["copy", "--from", str(demo_template), "--to", str(words)]) == 2
    assert "记录.db 不是可用的数据库文件" in capsys.readouterr().err
    assert not (tmp_path / "new.db").exists()
    assert words.read_text(encoding="utf-8").startswith("不是数据库")


def test_the_seats_connected_now_are_neither_copied_nor_data(
    demo_template: Path, tmp_path: Path
) -> None:
    from office_app.models import Seat

    source = tmp_path / "source.db"
    shutil.copy2(demo_template, source)
    open_database(source)
    Seat.create(host="秘书的电脑", pid=4711)
    close_database()
    target = tmp_path / "target.db"
    open_database(target)
    Seat.create(host="卡点笔记本", pid=815)  # a seat on the empty target: not data
    close_database()
    report = copying.copy_community(source, target)
    assert report.ok and "seat" not in {t.table for t in report.tables}
    open_database(target, create=False)
    try:
        assert [s.host for s in Seat.select()] == ["卡点笔记本"]
    finally:
        close_database()


def test_text_keys_are_ordered_by_code_point_whatever_the_collation(tmp_path: Path) -> None:
    """The settings' names in the order of the checksum, not of the engine's collation (a
    column under NOCASE here, as PostgreSQL's en_US would order them differently too)."""
    from office_app.models import Setting

    database = pw.SqliteDatabase(str(tmp_path / "collation.db"))
    database.execute_sql(
        'CREATE TABLE "setting" ("key" TEXT COLLATE NOCASE PRIMARY KEY, "value" TEXT, '
        '"updated_at" DATETIME)'
    )
    for key in ("ab", "B", "a_b"):
        database.execute_sql(
            'INSERT INTO "setting" VALUES (?, ?, ?)', (key, "{}", "2022-11-22 08:00:00")
        )
    engine_order = [r[0] for r in database.execute_sql('SELECT "key" FROM "setting" ORDER BY 1')]
    assert engine_order == ["a_b", "ab", "B"]
    pages = list(copying.read_pages(database, Setting))
    assert [row[0] for page in pages for row in page] == ["B", "a_b", "ab"]
    database.close()
