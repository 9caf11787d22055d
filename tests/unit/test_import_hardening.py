"""Bad input in import files (issue 15, points 6-9): line separators csv does not know, full
numbers kept out of the audit trail, the retention purge over the audit trail and every
import's rejected rows, one bad cell rejecting only its row, workbooks told by content, and
formula-like header cells in the rejected-rows export."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from office_app.cli import main
from office_app.models import (
    AuditEntry,
    Building,
    Compound,
    Handover,
    HandoverItem,
    Household,
    ImportRun,
    RejectedRow,
    Resident,
    TestRecord,
    db,
)
from office_app.models.database import close_database, open_database
from office_app.services.admin import audit
from office_app.services.admin import retention as R
from office_app.services.admin.actor import SYSTEM
from office_app.services.imports.buildings import import_buildings
from office_app.services.imports.errors import ImportFileError
from office_app.services.imports.reader import DAMAGED_CELL, open_rows, read_table
from office_app.services.imports.residents import import_residents
from office_app.services.imports.summary import ImportSummary
from office_app.services.imports.supplies import import_supplies
from office_app.services.imports.tests import CellError, export_rejected, import_tests, parse_pool
from office_app.services.imports.volunteers import import_volunteers
from office_app.services.people.identity import make_id_number

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
MOMENT = dt.datetime(2022, 11, 21, 10, 0)
ZHANG = make_id_number("500107", dt.date(1980, 5, 1), 123)
LI = make_id_number("500107", dt.date(1990, 7, 2), 242)
HEADER = "姓名,证件号码,手机号,采样时间,试管编码,采样方式,检测结果,报告时间"
SEPARATORS = ["\u2028", "\u2029", "\x85", "\x0b", "\x0c"]


def line(name: str, doc: str, phone: str, tube: str, pool: str = "单采") -> str:
    return f"{name},{doc},{phone},2022-11-20 08:12:35,{tube},{pool},阴性,2022-11-20 21:40:12"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def audit_text() -> str:
    rows = AuditEntry.select(AuditEntry.summary, AuditEntry.before, AuditEntry.after).tuples()
    return "\n".join(" ".join(str(v) for v in row) for row in rows)


def stored() -> tuple[int, ...]:
    return tuple(
        m.select().count()
        for m in (TestRecord, ImportRun, RejectedRow, AuditEntry, Compound, Building, Resident)
    )


# --- point 6: separators that str.splitlines knows and csv does not ----------------------------


@pytest.mark.parametrize("separator", SEPARATORS, ids=[hex(ord(s)) for s in SEPARATORS])
def test_a_header_ending_in_a_line_separator_keeps_the_first_row(
    fresh_db: Path, tmp_path: Path, separator: str
) -> None:
    path = write(
        tmp_path / "t.csv",
        f"{HEADER}{separator}{line('张三', ZHANG, '13908310217', 'T1')}\n"
        f"{line('李四', LI, '13527681034', 'T2')}\n",
    )
    summary = import_tests(SYSTEM, path, moment=MOMENT)
    assert (summary.total_rows, summary.imported, summary.rejected) == (2, 2, 0)
    assert {r.doc_no for r in TestRecord.select()} == {ZHANG, LI}
    entry = AuditEntry.get(AuditEntry.action == "import.tests")
    assert json.loads(entry.after)["header"] == HEADER.split(",")
    # No full number anywhere in the trail.
    text = audit_text()
    for number in (ZHANG, LI, "13908310217", "13527681034"):
        assert number not in text


@pytest.mark.parametrize("separator", SEPARATORS, ids=[hex(ord(s)) for s in SEPARATORS])
def test_the_whole_file_reader_splits_there_too(
    fresh_db: Path, tmp_path: Path, separator: str
) -> None:
    path = write(
        tmp_path / "b.csv", f"小区,楼栋{separator}瑞景苑,3栋\n瑞景苑,4栋{separator}翠柏园,1栋\n"
    )
    table = read_table(path)
    assert table.header == ["小区", "楼栋"]
    # Lines keep the numbers an editor shows; two rows joined on one line are two rows.
    assert [(r.line_no, r.values) for r in table.rows] == [
        (1, ["瑞景苑", "3栋"]),
        (2, ["瑞景苑", "4栋"]),
        (2, ["翠柏园", "1栋"]),
    ]
    assert import_buildings(SYSTEM, path).imported == 3


def test_a_row_ending_in_empty_cells_joined_to_the_next_is_two_rows(tmp_path: Path) -> None:
    """Found by the fuzzing: a row whose last cells are empty, ended by U+2028 instead of a
    line end, put the next row's first cell inside its width, and the two were one row."""
    path = write(tmp_path / "b.csv", "小区,楼栋,单元,备注\n瑞景苑,,,\u2028翠柏园,,,\n")
    rows = [["瑞景苑", "", "", ""], ["翠柏园", "", "", ""]]
    assert [r.values for r in read_table(path).rows] == rows
    with open_rows(path) as stream:
        assert [r.values for r in stream.rows()] == rows


def test_a_separator_inside_a_cell_of_a_full_row_stays_in_the_cell(tmp_path: Path) -> None:
    path = write(tmp_path / "b.csv", "小区,楼栋,备注\n瑞景苑,3栋,东门\u2028北侧\n")
    assert read_table(path).rows[0].values == ["瑞景苑", "3栋", "东门\u2028北侧"]
    with open_rows(path) as stream:
        assert [r.values for r in stream.rows()] == [["瑞景苑", "3栋", "东门\u2028北侧"]]


@pytest.mark.parametrize("separator", ["\x1c", "\x1d", "\x1e"])
def test_file_group_and_record_separators_are_refused_with_the_line(
    fresh_db: Path, tmp_path: Path, separator: str
) -> None:
    path = write(
        tmp_path / "t.csv", f"{HEADER}\n{line('张三', ZHANG, '13908310217', 'T1')}{separator}\n"
    )
    before = stored()
    with pytest.raises(
        ImportFileError, match=rf"t\.csv：不是文本表格.*第 2 行.*0x{ord(separator):02X}"
    ):
        import_tests(SYSTEM, path, moment=MOMENT)
    with pytest.raises(ImportFileError, match=r"第 2 行"):
        read_table(path)
    assert stored() == before


# --- point 6: the audit trail never holds a full number ----------------------------------------


def test_the_audit_trail_masks_full_numbers_wherever_they_are(fresh_db: Path) -> None:
    with db.atomic():
        audit.record(
            SYSTEM,
            "test.action",
            summary=f"张三 {ZHANG} 电话 13908310217",
            before={"doc_no": "E12345678", "phone": "023-68123456", "header": [ZHANG]},
            after={"note": "打了 139 0831 0217 和 023 6812 3456", "n": int(LI[:17] + "1")},
        )
    entry = AuditEntry.get()
    assert entry.summary == "张三 5001**********" + ZHANG[-4:] + " 电话 139****0217"
    before = json.loads(entry.before)
    assert before == {
        "doc_no": "E1*****78",
        "phone": "********3456",
        "header": ["5001**********" + ZHANG[-4:]],
    }
    after = entry.after
    for full in ("139 0831 0217", "13908310217", "6812 3456", LI[:17]):
        assert full not in after
    # Counts, dates, hashes and tube codes stay as they are.
    with db.atomic():
        audit.record(
            SYSTEM,
            "test.other",
            after={"rows": 12345, "at": "2022-11-20 08:12:35", "sha": "ab" + "1" * 18 + "cd"},
        )
    other = json.loads(AuditEntry.select().order_by(AuditEntry.id.desc()).get().after)
    assert other == {"rows": 12345, "at": "2022-11-20 08:12:35", "sha": "ab" + "1" * 18 + "cd"}
    # Keys say what a value is: a phone field is masked whatever its form, a count is not.
    assert audit.mask_personal(
        {"phone_count": 3, "landline": "无", "contact_phone": "68123456", "hotel": "68123456"}
    ) == {"phone_count": 3, "landline": "无", "contact_phone": "****3456", "hotel": "68123456"}


def test_the_purge_cleans_old_audit_entries_and_every_imports_rejected_rows(
    fresh_db: Path, tmp_path: Path
) -> None:
    old = dt.datetime(2022, 11, 20, 9, 0)
    with db.atomic():
        building = Building.create(compound=Compound.create(name="瑞景苑"), name="3栋")
        resident = Resident.create(
            household=Household.create(building=building, unit="1", room="101"),
            name="张三丰",
            doc_no=ZHANG,
            phone="13912340217",
        )
        # Written as the trail was before it masked by itself (the U+2028 header of issue 15).
        legacy = AuditEntry.create(
            operator_name="system",
            action="import.tests",
            entity="import_run",
            at=old,
            summary="导入",
            after=json.dumps({"header": ["报告时间 张三", ZHANG, "13912340217"]}),
        )
        recent_legacy = AuditEntry.create(
            operator_name="system",
            action="resident.update",
            entity="resident",
            entity_id=resident.id,
            at=dt.datetime(2023, 2, 25),
            after=json.dumps({"name": "张三丰", "phone": "13912340217"}, ensure_ascii=False),
        )
        old_resident = AuditEntry.create(
            operator_name="system",
            action="resident.update",
            entity="resident",
            entity_id=resident.id,
            at=old,
            summary="修改居民 张**",
            before=json.dumps({"name": "张三丰", "room": "101"}, ensure_ascii=False),
        )
        handover = Handover.create(
            number="JB-20221120-1",
            date=old.date(),
            shift_name="白班",
            starts_at=old,
            ends_at=old + dt.timedelta(hours=11),
        )
        item = HandoverItem.create(handover=handover, task="给 3栋 501 李阿姨 13912340217 送药")
        for kind in ("residents", "volunteers", "tests"):
            run = ImportRun.create(kind=kind, file_name=f"{kind}.csv", sha256=kind, imported_at=old)
            RejectedRow.create(
                import_run=run, line_no=2, reason="校验位不对", raw_text=f"张三丰,{ZHANG}"
            )
    preview = R.preview(dt.date(2023, 3, 1))
    assert (preview.rejected_rows, preview.audit_entries, preview.handover_items) == (3, 3, 1)
    R.purge(SYSTEM, fresh_db, dt.date(2023, 3, 1), backup_dir=tmp_path / "backups")
    assert {r.raw_text for r in RejectedRow.select()} == {R.ANONYMISED}
    assert ZHANG not in audit_text() and "13912340217" not in audit_text()
    assert json.loads(AuditEntry.get_by_id(legacy.id).after)["header"][1] == (
        "5001**********" + ZHANG[-4:]
    )
    # A recent entry keeps the name (masked numbers only); an old one about a resident loses it.
    assert json.loads(AuditEntry.get_by_id(recent_legacy.id).after) == {
        "name": "张三丰",
        "phone": "139****0217",
    }
    cleaned = AuditEntry.get_by_id(old_resident.id)
    assert json.loads(cleaned.before) == {"name": R.ANONYMISED, "room": R.ANONYMISED}
    assert (cleaned.action, cleaned.entity_id, cleaned.at) == ("resident.update", resident.id, old)
    assert HandoverItem.get_by_id(item.id).task == "给 3栋 501 李阿姨 139****0217 送药"
    # Nothing left to do: a second preview finds nothing.
    again = R.preview(dt.date(2023, 3, 1))
    assert (again.audit_entries, again.handover_items) == (0, 0)


# --- point 7: one bad cell rejects only its row ------------------------------------------------


def test_a_pool_cell_of_thousands_of_digits_is_a_cell_error() -> None:
    with pytest.raises(CellError, match=r"不认识的采样方式.*共 4301 个字符"):
        parse_pool("9" * 4301)
    with pytest.raises(CellError):
        parse_pool("0" * 5000 + "10")


HUGE_CELLS = [
    "9" * 4301,
    "１" * 5000,
    "第" + "9" * 5000 + "单元",
    "9" * 5000 + "栋",
    "9" * 5000 + "室",
    "9" * 400 + ".5",
    "1e999",
    "99999-12-31",
    "44885" + "0" * 400,
    "2022-11-20 " + "9" * 5000,
]


def _kinds(today: dt.date) -> dict[str, tuple[Callable[..., ImportSummary], list[str]]]:
    from office_app.services.imports.buildings import BuildingsImporter
    from office_app.services.imports.residents import ResidentsImporter
    from office_app.services.imports.supplies import SuppliesImporter
    from office_app.services.imports.tests import TEST_COLUMNS
    from office_app.services.imports.volunteers import VolunteersImporter

    def tests(actor: object, path: Path, dry_run: bool = False) -> ImportSummary:
        return import_tests(SYSTEM, path, dry_run=dry_run, moment=MOMENT)

    return {
        "tests": (tests, [c.label for c in TEST_COLUMNS]),
        "residents": (import_residents, [c.label for c in ResidentsImporter.columns]),
        "buildings": (import_buildings, [c.label for c in BuildingsImporter.columns]),
        "volunteers": (import_volunteers, [c.label for c in VolunteersImporter.columns]),
        "supplies": (import_supplies, [c.label for c in SuppliesImporter.columns]),
    }


def test_a_huge_cell_in_any_column_of_any_import_rejects_only_its_row(
    fresh_db: Path, tmp_path: Path
) -> None:
    import_buildings(SYSTEM, FIXTURES / "buildings-good.csv")
    path = tmp_path / "huge.csv"
    files = 0
    for kind, (run, labels) in _kinds(MOMENT.date()).items():
        for column in range(len(labels)):
            for cell in HUGE_CELLS:
                cells = ["1"] * len(labels)
                cells[column] = cell
                write(path, ",".join(labels) + "\n" + ",".join(cells) + "\n")
                summary = run(SYSTEM, path, dry_run=True)
                files += 1
                assert summary.total_rows == 1, (kind, labels[column], cell[:12])
                assert (
                    summary.imported + summary.updated + summary.rejected + summary.duplicates == 1
                )
                # A reason quotes a huge cell cut short (the raw text keeps it whole).
                assert all(len(r.reason) < 600 for r in summary.rejections), (kind, column)
    assert files > 500


def test_the_4301_digit_pool_cell_of_the_issue(fresh_db: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path / "bad.csv",
        f"{HEADER}\n{line('张三', ZHANG, '13908310217', 'T1', '9' * 4301)}\n"
        f"{line('李四', LI, '13527681034', 'T2')}\n",
    )
    summary = import_tests(SYSTEM, path, moment=MOMENT)
    assert (summary.imported, summary.rejected) == (1, 1)
    assert summary.rejections[0].line_no == 2 and "采样方式" in summary.rejections[0].reason
    assert RejectedRow.get().raw_text.endswith("阴性,2022-11-20 21:40:12")


def test_a_row_rule_raising_unforeseen_rejects_that_row_only(
    fresh_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from office_app.services.imports import buildings as buildings_import

    real = buildings_import.normalize_building_name

    def fragile(text: str) -> str:
        if text == "13栋":
            raise OverflowError(f"unforeseen {ZHANG}")
        return real(text)

    monkeypatch.setattr(buildings_import, "normalize_building_name", fragile)
    path = write(tmp_path / "b.csv", "小区,楼栋\n瑞景苑,3栋\n瑞景苑,13栋\n瑞景苑,4栋\n")
    summary = import_buildings(SYSTEM, path)
    assert (summary.imported, summary.rejected) == (2, 1)
    assert summary.rejections[0].line_no == 3 and "无法识别" in summary.rejections[0].reason
    assert sorted(b.name for b in Building.select()) == ["3栋", "4栋"]
    # The log says what happened, without the full number the message held.
    assert "b.csv line 3: OverflowError: unforeseen 5001" in caplog.text
    assert ZHANG not in caplog.text


def _workbook_without(tmp_path: Path, name: str, drop: Callable[[str], bool]) -> Path:
    good = tmp_path / "good.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["小区", "楼栋"])
    sheet.append(["瑞景苑", "3栋"])
    book.save(good)
    target = tmp_path / name
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            if not drop(item.filename):
                dst.writestr(item, src.read(item.filename))
    return target


def _no_sheets(tmp_path: Path) -> Path:
    """A workbook whose workbook.xml lists no sheet at all."""
    import re

    path = _workbook_without(tmp_path, "nosheets.xlsx", lambda n: n.startswith("xl/worksheets/"))
    patched = tmp_path / "empty-book.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data, flags=re.S)
            dst.writestr(item, data)
    return patched


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: _workbook_without(p, "nopart.xlsx", lambda n: n.startswith("xl/worksheets/")),
            r"nopart\.xlsx：Excel 工作簿里没有工作表（文件不完整或已损坏）",
        ),
        (_no_sheets, r"empty-book\.xlsx：Excel 工作簿里没有工作表"),
        (
            lambda p: _workbook_without(p, "nobook.xlsx", lambda n: n == "xl/workbook.xml"),
            r"nobook\.xlsx：Excel 工作簿不完整（缺少 xl/workbook\.xml）",
        ),
    ],
    ids=["no-worksheet-part", "no-sheets", "no-workbook-part"],
)
def test_an_incomplete_workbook_gets_a_clear_message(
    fresh_db: Path, tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path)
    before = stored()
    with pytest.raises(ImportFileError, match=message) as caught:
        import_tests(SYSTEM, path, moment=MOMENT)
    assert "index" not in str(caught.value)
    with pytest.raises(ImportFileError, match=message):
        import_buildings(SYSTEM, path)
    assert stored() == before


def test_import_bad_and_good_files_each_get_a_json_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "o.db"
    open_database(database, create=True)
    close_database()
    bad = write(
        tmp_path / "bad.csv",
        f"{HEADER}\n{line('张三', ZHANG, '13908310217', 'T1', '9' * 4301)}\n",
    )
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00\x01binary" * 20)
    good = write(tmp_path / "good.csv", f"{HEADER}\n{line('李四', LI, '13527681034', 'T2')}\n")
    code = main(
        ["--db", str(database), "import", "tests", str(bad), str(junk), str(good), "--json"]
    )
    out = [json.loads(text) for text in capsys.readouterr().out.splitlines()]
    assert code == 3
    assert [o["file"] for o in out] == ["bad.csv", "junk.csv", "good.csv"]
    assert (out[0]["rows"], out[0]["imported"], len(out[0]["rejected"])) == (1, 0, 1)
    assert out[1]["ok"] is False and "不是文本表格" in out[1]["error"]
    assert (out[2]["rows"], out[2]["imported"]) == (1, 1)
    open_database(database)
    try:
        assert [r.doc_no for r in TestRecord.select()] == [LI]
    finally:
        close_database()


def test_an_unforeseen_failure_of_one_file_does_not_stop_the_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from office_app.services.imports.tests import writer as tests_import

    database = tmp_path / "o.db"
    open_database(database, create=True)
    close_database()
    real = tests_import.resolve_mapping

    def fragile(header: list[str], *args: object, **kwargs: object) -> dict[str, int]:
        if "备注" in header:
            raise KeyError("unforeseen")
        return real(header, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tests_import, "resolve_mapping", fragile)
    first = write(
        tmp_path / "first.csv", f"{HEADER},备注\n{line('张三', ZHANG, '13908310217', 'T1')},x\n"
    )
    good = write(tmp_path / "good.csv", f"{HEADER}\n{line('李四', LI, '13527681034', 'T2')}\n")
    code = main(["--db", str(database), "import", "tests", str(first), str(good), "--json"])
    captured = capsys.readouterr()
    out = [json.loads(text) for text in captured.out.splitlines()]
    assert code == 3
    assert out[0]["ok"] is False and "没有写入任何数据" in out[0]["error"]
    assert out[1]["imported"] == 1
    assert "Traceback" not in captured.err


# --- point 8: a workbook is told by its content -----------------------------------------------


def _as_workbook(csv_path: Path, target: Path) -> Path:
    table = read_table(csv_path)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "总表"
    sheet.append(table.header)
    for row in table.rows:
        sheet.append(row.values)
    book.save(target)
    return target


KIND_FILES = {
    "tests": "test-site-utf8-bom.csv",
    "buildings": "buildings-good.csv",
    "residents": "residents-good.csv",
    "volunteers": "volunteers-good.csv",
    "supplies": "supplies-good.csv",
}


@pytest.mark.parametrize("kind", list(KIND_FILES))
@pytest.mark.parametrize("name", ["名单.csv", "名单.txt", "名单"])
def test_a_workbook_with_another_name_is_read_as_a_workbook(
    fresh_db: Path, tmp_path: Path, kind: str, name: str
) -> None:
    import_buildings(SYSTEM, FIXTURES / "buildings-good.csv")
    run = _kinds(MOMENT.date())[kind][0]
    source = FIXTURES / KIND_FILES[kind]
    expected = run(SYSTEM, source, dry_run=True)
    disguised = _as_workbook(source, tmp_path / name)
    summary = run(SYSTEM, disguised, dry_run=True)
    assert summary.encoding == "xlsx"
    assert (summary.total_rows, summary.imported, summary.updated, summary.rejected) == (
        expected.total_rows,
        expected.imported,
        expected.updated,
        expected.rejected,
    )


@pytest.mark.parametrize("kind", list(KIND_FILES))
def test_a_csv_named_xlsx_is_read_as_csv(fresh_db: Path, tmp_path: Path, kind: str) -> None:
    import_buildings(SYSTEM, FIXTURES / "buildings-good.csv")
    run = _kinds(MOMENT.date())[kind][0]
    source = FIXTURES / KIND_FILES[kind]
    expected = run(SYSTEM, source, dry_run=True)
    renamed = tmp_path / "名单.xlsx"
    renamed.write_bytes(source.read_bytes())
    summary = run(SYSTEM, renamed, dry_run=True)
    assert summary.encoding == expected.encoding != "xlsx"
    assert (summary.total_rows, summary.imported, summary.rejected) == (
        expected.total_rows,
        expected.imported,
        expected.rejected,
    )


def test_a_zip_that_is_no_workbook_and_binary_named_xlsx_are_refused_clearly(
    tmp_path: Path,
) -> None:
    archive = tmp_path / "照片.csv"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.jpg", b"\xff\xd8")
    with pytest.raises(ImportFileError, match=r"照片\.csv：这是压缩包（zip），不是表格"):
        open_rows(archive)
    with pytest.raises(ImportFileError, match=r"照片\.csv：这是压缩包"):
        read_table(archive)
    junk = tmp_path / "坏.xlsx"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 4)
    with pytest.raises(ImportFileError, match=r"坏\.xlsx：扩展名是 \.xlsx，但内容既不是"):
        open_rows(junk)
    with pytest.raises(ImportFileError, match=r"坏\.xlsx：扩展名是 \.xlsx"):
        read_table(junk)


# --- point 9: formula-like header cells in the rejected-rows export -----------------------------


def test_the_rejected_rows_export_neutralises_header_cells(fresh_db: Path, tmp_path: Path) -> None:
    header = HEADER + ",=cmd|' /C calc'!A0,@SUM(1),+1,-1"
    path = write(
        tmp_path / "t.csv",
        f"{header}\n{line('张三', ZHANG, '1390831021', 'T1')},=1+1,a,b,c\n",
    )
    summary = import_tests(SYSTEM, path, moment=MOMENT)
    assert summary.rejected == 1
    out = tmp_path / "rejected.csv"
    export_rejected(SYSTEM, summary.import_run_id or 0, out)
    first, data = out.read_text(encoding="utf-8-sig").splitlines()
    cells = first.split(",")
    assert cells[8:13] == ["'=cmd|' /C calc'!A0", "'@SUM(1)", "'+1", "'-1", "拒绝原因"]
    assert all(not c.startswith(("=", "+", "-", "@")) for c in cells + data.split(","))
    # Imported again, the header reads as it was written.
    with open_rows(out) as stream:
        assert stream.header[8:12] == ["=cmd|' /C calc'!A0", "@SUM(1)", "+1", "-1"]


def test_rows_with_quoted_cells_joined_by_a_separator_are_split_outside_the_quotes(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path / "b.csv",
        '小区,楼栋,备注\n瑞景苑,3栋,"东门,\u2028北侧"\u2028瑞景苑,4栋,"x"\n',
    )
    expected = [(2, ["瑞景苑", "3栋", "东门,\u2028北侧"]), (2, ["瑞景苑", "4栋", "x"])]
    assert [(r.line_no, r.values) for r in read_table(path).rows] == expected
    with open_rows(path) as stream:
        assert [(r.line_no, r.values) for r in stream.rows()] == expected


def _edit_sheet(source: Path, target: Path, edit: Callable[[str], str]) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            dst.writestr(item, data)
    return target


def test_a_damaged_cell_of_a_workbook_rejects_only_its_row(fresh_db: Path, tmp_path: Path) -> None:
    import re

    good = tmp_path / "good.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["小区", "楼栋", "单元数", "户数"])
    sheet.append(["瑞景苑", "3栋", 2, 48])
    sheet.append(["瑞景苑", "4栋", 2, 52])
    sheet.append(["瑞景苑", "5栋", 2, 50])
    book.save(good)

    def damage(xml: str) -> str:
        # C2: a number of 5,000 digits; B4: a shared string that does not exist.
        xml = re.sub(r'<c r="C2"[^>]*>.*?</c>', '<c r="C2"><v>' + "9" * 5000 + "</v></c>", xml)
        return re.sub(r'<c r="B4"[^>]*>.*?</c>', '<c r="B4" t="s"><v>99999</v></c>', xml)

    path = _edit_sheet(good, tmp_path / "damaged.xlsx", damage)
    assert [r.values[:3] for r in read_table(path).rows] == [
        ["瑞景苑", "3栋", DAMAGED_CELL],
        ["瑞景苑", "4栋", "2"],
        ["瑞景苑", DAMAGED_CELL, "2"],
    ]
    summary = import_buildings(SYSTEM, path)
    assert (summary.imported, summary.rejected) == (1, 2)
    assert [(r.line_no, r.reason) for r in summary.rejections] == [
        (2, "第 C 列的单元格已损坏，无法读取（文件不完整或被改动过）"),
        (4, "第 B 列的单元格已损坏，无法读取（文件不完整或被改动过）"),
    ]
    assert [b.name for b in Building.select()] == ["4栋"]
    with open_rows(path) as stream:
        assert [r.values[1] for r in stream.rows()] == ["3栋", "4栋", DAMAGED_CELL]


def test_a_damaged_cell_in_a_test_site_workbook_rejects_only_its_row(
    fresh_db: Path, tmp_path: Path
) -> None:
    import re

    good = tmp_path / "good.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    sheet.append(line("张三", ZHANG, "13908310217", "T1").split(","))
    sheet.append(line("李四", LI, "13527681034", "T2").split(","))
    book.save(good)
    path = _edit_sheet(
        good,
        tmp_path / "damaged.xlsx",
        lambda xml: re.sub(
            r'<c r="F2"[^>]*>.*?</c>', '<c r="F2"><v>' + "9" * 4301 + "</v></c>", xml
        ),
    )
    summary = import_tests(SYSTEM, path, moment=MOMENT)
    assert (summary.imported, summary.rejected) == (1, 1)
    assert summary.rejections[0].line_no == 2 and "第 F 列" in summary.rejections[0].reason
    assert [r.doc_no for r in TestRecord.select()] == [LI]


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (
            b"<html><head><meta charset='utf-8'></head><body><table><tr><td>\xe5\xa7\x93\xe5\x90"
            b"\x8d</td></tr></table></body></html>",
            "网页（HTML）格式的表格",
        ),
        (
            b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:'
            b'spreadsheet"><Worksheet ss:Name="Sheet1"></Worksheet></Workbook>',
            "Excel 2003 XML 表格",
        ),
    ],
    ids=["html", "xml-2003"],
)
def test_a_web_page_or_xml_table_named_xls_is_refused_with_what_to_do(
    tmp_path: Path, data: bytes, what: str
) -> None:
    path = tmp_path / "导出.xls"
    path.write_bytes(data)
    for reader in (read_table, open_rows):
        with pytest.raises(ImportFileError, match=rf"导出\.xls：这是{what}.*另存为 \.xlsx"):
            reader(path)


# --- mixed encodings -------------------------------------------------------------------------


def test_a_gbk_row_below_a_utf8_header_is_refused_naming_the_line(
    fresh_db: Path, tmp_path: Path
) -> None:
    data = (
        f"{HEADER}\n{line('张三', ZHANG, '13908310217', 'T1')}\n".encode()
        + f"{line('李四', LI, '13527681034', 'T2')}\n".encode("gbk")
    )
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    before = stored()
    for reader in (lambda p: import_tests(SYSTEM, p, moment=MOMENT), read_table):
        with pytest.raises(ImportFileError, match=r"mixed\.csv：文件混用了两种编码：第 3 行之前"):
            reader(path)
    assert stored() == before
    # With a BOM the file says it is UTF-8: the line that is not is named too.
    path.write_bytes(b"\xef\xbb\xbf" + data)
    for reader in (open_rows, read_table):
        with pytest.raises(ImportFileError, match=r"UTF-8 标记开头，但第 3 行（第 \d+ 字节"):
            reader(path)


def test_a_gbk_file_is_still_read_as_gb18030(tmp_path: Path) -> None:
    # Its first Chinese bytes may happen to be valid UTF-8 (录 is C2 BC in GBK): no whole line.
    path = tmp_path / "gbk.csv"
    path.write_bytes("录入员,楼栋\n张三,3栋\n".encode("gbk"))
    assert read_table(path).header == ["录入员", "楼栋"]
    with open_rows(path) as stream:
        assert (stream.encoding, stream.header) == ("gb18030", ["录入员", "楼栋"])


def test_the_last_moment_excel_knows_reads_without_overflow(tmp_path: Path) -> None:
    path = tmp_path / "dates.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["小区", "时间"])
    sheet.append(["瑞景苑", dt.datetime(9999, 12, 31, 23, 59, 59, 900_000)])
    sheet.append(["瑞景苑", dt.datetime(2022, 11, 20, 8, 0, 0, 600_000)])
    book.save(path)
    assert [r.values[1] for r in read_table(path).rows] == [
        "9999-12-31 23:59:59",
        "2022-11-20 08:00:01",
    ]
