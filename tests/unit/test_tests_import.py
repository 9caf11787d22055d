"""The test-site import (核酸检测结果) and ``office-app import tests`` (no Qt)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from office_app.cli import main
from office_app.models import (
    AuditEntry,
    Building,
    Compound,
    Household,
    ImportRun,
    RejectedRow,
    Resident,
    RiskProposal,
    Setting,
    TestRecord,
)
from office_app.services.admin.actor import SYSTEM
from office_app.services.imports.errors import ImportFileError, MissingColumns
from office_app.services.imports.tests import (
    TEST_COLUMNS,
    CellError,
    ImportCancelled,
    RowParser,
    import_tests,
    parse_pool,
    parse_result,
    parse_time,
    preview,
    save_mapping,
    saved_mapping,
    split_address,
)
from office_app.services.people.identity import make_id_number
from tests.unit.test_import_json_shape import SHAPE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
UTF8_BOM = FIXTURES / "test-site-utf8-bom.csv"
GB18030 = FIXTURES / "test-site-gb18030.csv"
MOMENT = dt.datetime(2022, 11, 21, 10, 0)

HEADER = (
    "姓名,证件类型,证件号码,手机号,采样时间,采样点,试管编码,采样方式,检测机构,检测结果,"
    "报告时间,小区,楼栋,单元,房号"
)
ZHANG = make_id_number("500107", dt.date(1980, 5, 1), 123)
LI = make_id_number("500107", dt.date(1990, 7, 2), 242)
WANG = make_id_number("500107", dt.date(1975, 1, 9), 311)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def row(
    name: str = "张三",
    doc: str = ZHANG,
    sample: str = "2022-11-20 08:12:35",
    tube: str = "221120100001",
    pool: str = "10混1",
    result: str = "阴性",
    report: str = "2022-11-20 21:40:12",
    compound: str = "瑞景苑",
    building: str = "3栋",
    unit: str = "1单元",
    room: str = "101",
    doc_type: str = "居民身份证",
    phone: str = "13908310217",
) -> str:
    return (
        f"{name},{doc_type},{doc},{phone},{sample},第3采样点,{tube},{pool},示例实验室,"
        f"{result},{report},{compound},{building},{unit},{room}"
    )


def csv_file(tmp_path: Path, *rows: str, name: str = "t.csv", encoding: str = "utf-8") -> Path:
    return write(tmp_path, name, "\r\n".join([HEADER, *rows]) + "\r\n", encoding)


def community() -> dict[str, int]:
    """瑞景苑 3栋 with one household and 张三 registered in it."""
    compound = Compound.create(name="瑞景苑")
    b3 = Building.create(compound=compound, name="3栋")
    b4 = Building.create(compound=compound, name="4栋")
    household = Household.create(building=b3, unit="1单元", room="101")
    zhang = Resident.create(household=household, name="张三", doc_no=ZHANG, phone="13908310217")
    Household.create(building=b4, unit="2单元", room="502")
    return {"b3": b3.id, "b4": b4.id, "zhang": zhang.id}


def snapshot() -> tuple[int, ...]:
    return (
        TestRecord.select().count(),
        ImportRun.select().count(),
        RejectedRow.select().count(),
        AuditEntry.select().count(),
        RiskProposal.select().count(),
    )


# --- the two sample files ----------------------------------------------------------------------

ROW_15_REASONS = ("校验位应为 8", "实际 10 位", "小时 24", "试管码：不能为空", "没有报告时间")


def test_sample_file_imports_with_the_counts_its_readme_implies(fresh_db: Path) -> None:
    summary = import_tests(SYSTEM, UTF8_BOM, moment=MOMENT)
    data = summary.to_json_dict()
    assert data["encoding"] == "utf-8-sig"
    assert (data["rows"], data["imported"], data["duplicates"]) == (15, 14, 0)
    assert [r["line"] for r in data["rejected"]] == [16]
    reason = data["rejected"][0]["reason"]
    for part in ROW_15_REASONS:
        assert part in reason
    assert (data["positives"], data["pool_positives"]) == (1, 4)
    assert data["positive_buildings"] == ["翠柏园 12栋"]
    # An empty community: nobody and no building to link to.
    assert data["unmatched"] == 14
    assert TestRecord.select().count() == 14
    kept = RejectedRow.get()
    assert kept.line_no == 16 and kept.raw_text.startswith("15,吴秀英,身份证,510213196104191065")
    run = ImportRun.get()
    assert (run.total_rows, run.imported_rows, run.rejected_rows) == (15, 14, 1)
    # The passport holder and the family sharing a phone are all there, with text tube codes.
    passport = TestRecord.get(TestRecord.doc_no == "C4J7R2K91")
    assert passport.doc_type == "护照" and passport.tube_code == "221120100137"
    assert TestRecord.select().where(TestRecord.phone == "13908310217").count() == 2
    # Row 12 has no result yet; row 14 is 待复核 without a report time.
    assert TestRecord.get(TestRecord.tube_code == "221121900012").result == "待出结果"
    review = TestRecord.get(TestRecord.tube_code == "221121100201")
    assert review.result == "待复核" and review.report_time is None
    assert TestRecord.get(TestRecord.tube_code == "221121900011").result == "阳性"


def test_the_gb18030_copy_reads_the_same_and_adds_nothing(fresh_db: Path) -> None:
    first = import_tests(SYSTEM, UTF8_BOM, moment=MOMENT)
    second = import_tests(SYSTEM, GB18030, moment=MOMENT)
    assert second.encoding == "gb18030"
    assert (second.total_rows, second.imported, second.duplicates) == (15, 0, 14)
    assert not second.already_imported  # other bytes: recognised by its rows, not its hash
    assert second.to_json_dict()["rejected"] == first.to_json_dict()["rejected"]
    assert TestRecord.select().count() == 14
    names = {r.name for r in TestRecord.select()}
    assert "Daniel Müller" in names and "张建国" in names


def test_the_same_file_twice_is_recognised_by_its_hash(fresh_db: Path) -> None:
    import_tests(SYSTEM, UTF8_BOM, moment=MOMENT)
    again = import_tests(SYSTEM, UTF8_BOM, moment=MOMENT)
    assert again.already_imported and "以前导入过" in again.describe()
    assert (again.imported, again.duplicates, again.rejected) == (0, 14, 1)
    assert TestRecord.select().count() == 14


def test_dry_run_reports_the_same_and_writes_nothing(fresh_db: Path) -> None:
    before = snapshot()
    summary = import_tests(SYSTEM, UTF8_BOM, dry_run=True, moment=MOMENT)
    assert (summary.imported, summary.rejected, summary.positives) == (14, 1, 1)
    assert snapshot() == before


# --- the command line --------------------------------------------------------------------------


def new_db(path: Path) -> Path:
    """An empty database: the command line creates none (only ``demo`` does)."""
    from office_app.models.database import close_database, open_database

    open_database(path)
    close_database()
    return path


def test_cli_json_contract_and_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = new_db(tmp_path / "o.db")
    code = main(["--db", str(db), "import", "tests", str(UTF8_BOM), str(GB18030), "--json"])
    out, err = capsys.readouterr()
    assert code == 3
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 2
    # The one shape of every kind (test_import_json_shape.py), with the tests' own fields.
    keys = SHAPE | {
        "positives",
        "pool_positives",
        "positive_buildings",
        "results_filled",
    }
    for data in lines:
        assert set(data) == keys
        assert data["rows"] == data["imported"] + data["duplicates"] + len(data["rejected"])
        assert data["kind"] == "tests" and data["updated"] == 0
        assert set(data["rejected"][0]) == {"line", "column", "reason"}
    assert lines[0]["file"] == "test-site-utf8-bom.csv" and lines[0]["imported"] == 14
    assert lines[1]["duplicates"] == 14
    assert "test-site-utf8-bom.csv:16" in err


def test_cli_exit_0_when_nothing_is_rejected(tmp_path: Path) -> None:
    good = csv_file(tmp_path, row())
    assert main(["--db", str(new_db(tmp_path / "o.db")), "import", "tests", str(good)]) == 0


def test_cli_refuses_a_file_without_required_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(tmp_path, "bad.csv", "姓名,手机号,采样点\n张三,13908310217,第3采样点\n")
    db = new_db(tmp_path / "o.db")
    code = main(["--db", str(db), "import", "tests", str(bad), "--dry-run"])
    err = capsys.readouterr().err
    assert code == 2
    for label in ("证件号码", "采样时间", "检测结果"):
        assert label in err
    assert "Traceback" not in err


def test_cli_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = new_db(tmp_path / "o.db")
    code = main(["--db", str(db), "import", "tests", str(UTF8_BOM), "--dry-run", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 3 and data["imported"] == 14
    main(["--db", str(db), "import", "tests", str(UTF8_BOM), "--json"])
    assert json.loads(capsys.readouterr().out)["imported"] == 14


# --- headers -------------------------------------------------------------------------------------


def test_headers_match_after_removing_marks_and_full_width_forms(
    fresh_db: Path, tmp_path: Path
) -> None:
    header = (
        "＊受检者姓名（必填）, 身份证号 ,联系电话,采样日期*,采集点名称,条码,混采方式,实验室,"
        "核酸检测结果,出具时间,居住小区,幢,单元号,室号"
    )
    line = (
        f"李四,{LI},13800001111,2022/11/20 8:12,点1,T001,单采,实验室,阴性,2022/11/20 20:00,"
        "瑞景苑,3,1,101"
    )
    path = write(tmp_path, "h.csv", f"{header}\n{line}\n")
    summary = import_tests(SYSTEM, path)
    assert summary.imported == 1, summary.rejections
    record = TestRecord.get()
    assert (record.name, record.doc_type, record.pool_size) == ("李四", "居民身份证", 1)
    assert (record.compound_name, record.building_name, record.unit) == ("瑞景苑", "3栋", "1单元")


def test_every_synonym_of_the_readme_is_recognised() -> None:
    from office_app.services.imports.tests import auto_mapping

    for spec in TEST_COLUMNS:
        for name in spec.names:
            assert auto_mapping([name]) == {spec.key: 0}, name


def test_title_line_and_tab_and_semicolon_delimiters(fresh_db: Path, tmp_path: Path) -> None:
    for delimiter in ("\t", ";"):
        text = "科城路社区核酸结果\n" + "\n".join(
            [HEADER.replace(",", delimiter), row(tube=f"T{ord(delimiter)}").replace(",", delimiter)]
        )
        path = write(tmp_path, f"d{ord(delimiter)}.txt", text)
        summary = import_tests(SYSTEM, path)
        assert summary.imported == 1, summary.rejections
    assert TestRecord.select().count() == 2


def test_plain_utf8_is_not_read_as_gb18030_mojibake(fresh_db: Path, tmp_path: Path) -> None:
    path = csv_file(tmp_path, row(name="濮阳"), encoding="utf-8")
    summary = import_tests(SYSTEM, path)
    assert summary.encoding == "utf-8"
    assert TestRecord.get().name == "濮阳"


def test_gbk_file_reads(fresh_db: Path, tmp_path: Path) -> None:
    path = csv_file(tmp_path, row(name="张建国"), encoding="gbk")
    summary = import_tests(SYSTEM, path)
    assert summary.encoding == "gb18030" and TestRecord.get().name == "张建国"


# --- every row checked ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "reason"),
    [
        ("5.10213E+17", "科学计数法"),
        ("510213196503120000", "000"),
        ("510213196513120312", "出生日期"),
        ("510213196503120311", "校验位应为 2"),
    ],
)
def test_bad_id_numbers_are_rejected_with_their_reason(
    fresh_db: Path, tmp_path: Path, doc: str, reason: str
) -> None:
    path = csv_file(tmp_path, row(doc=doc))
    summary = import_tests(SYSTEM, path)
    assert summary.imported == 0 and summary.rejections[0].line_no == 2
    assert reason in summary.rejections[0].reason
    assert "证件号码" in summary.rejections[0].reason
    assert RejectedRow.get().raw_text.split(",")[2] == doc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-11-20 08:12:35", dt.datetime(2022, 11, 20, 8, 12, 35)),
        ("2022/11/20 8:12", dt.datetime(2022, 11, 20, 8, 12)),
        ("2022年11月20日 08:12", dt.datetime(2022, 11, 20, 8, 12)),
        ("2022年11月20日08时12分", dt.datetime(2022, 11, 20, 8, 12)),
        ("2022-11-20", dt.datetime(2022, 11, 20)),
        ("1668903155", dt.datetime(2022, 11, 20, 8, 12, 35)),  # Unix seconds, Beijing time
        ("1668903155000", dt.datetime(2022, 11, 20, 8, 12, 35)),
        ("44885.342071759", dt.datetime(2022, 11, 20, 8, 12, 35)),  # Excel serial
        ("２０２２－１１－２０　０８：１２", dt.datetime(2022, 11, 20, 8, 12)),
    ],
)
def test_time_formats(text: str, expected: dt.datetime) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2022/11/21 24:15", "小时 24"),
        ("2022-02-30 08:00", "不存在"),
        ("2022-11-20 08:61", "0–59"),
        ("昨天上午", "不是可识别的时间"),
        ("1899-01-01 08:00", "年份"),
        ("", "不能为空"),
    ],
)
def test_bad_times_are_refused_with_their_reason(text: str, reason: str) -> None:
    with pytest.raises(CellError, match=reason):
        parse_time(text)


@pytest.mark.parametrize(
    ("word", "result"),
    [("阴性", "阴性"), ("阳性", "阳性"), ("混管阳性", "混管阳性"), ("混管可疑阳性", "混管阳性"),
     ("待复核", "待复核"), ("初筛阳性", "待复核"), ("异常", "待复核"), ("可疑", "待复核"),
     ("", "待出结果"), ("报告未出", "待出结果"), ("检测中", "待出结果"), ("已送检", "待出结果"),
     ("1", "阳性"), ("2", "阴性"), (" 阴 性 ", "阴性")],
)  # fmt: skip
def test_result_words(word: str, result: str) -> None:
    assert parse_result(word) == result


def test_unknown_result_is_an_error() -> None:
    with pytest.raises(CellError, match="不认识的检测结果"):
        parse_result("弱阳")


@pytest.mark.parametrize(
    ("word", "size"),
    [("单采", 1), ("1", 1), ("10混1", 10), ("10合1", 10), ("10", 10), ("20混1", 20),
     ("1户1管", 0), ("", 1), ("５混１", 5)],
)  # fmt: skip
def test_pool_sizes(word: str, size: int) -> None:
    assert parse_pool(word) == size


def test_unknown_pool_is_an_error() -> None:
    with pytest.raises(CellError, match="采样方式"):
        parse_pool("3混1")


def test_result_without_report_time_and_report_before_sample(
    fresh_db: Path, tmp_path: Path
) -> None:
    path = csv_file(
        tmp_path,
        row(result="阳性", report=""),
        row(tube="T2", report="2022-11-19 08:00"),
        row(tube="T3", result="待复核", report=""),
    )
    summary = import_tests(SYSTEM, path)
    reasons = {r.line_no: r.reason for r in summary.rejections}
    assert "没有报告时间" in reasons[2] and "早于采样时间" in reasons[3]
    assert summary.imported == 1


def test_tube_code_damaged_by_excel_is_rejected(fresh_db: Path, tmp_path: Path) -> None:
    summary = import_tests(SYSTEM, csv_file(tmp_path, row(tube="2.2112E+11")))
    assert "科学计数法" in summary.rejections[0].reason


def test_too_many_cells_is_rejected(fresh_db: Path, tmp_path: Path) -> None:
    summary = import_tests(SYSTEM, csv_file(tmp_path, row() + ",多余,值"))
    assert "表头只有 15 列" in summary.rejections[0].reason


# --- idempotence ------------------------------------------------------------------------------


def test_overlapping_export_adds_only_new_rows_and_fills_pending_results(
    fresh_db: Path, tmp_path: Path
) -> None:
    first = csv_file(
        tmp_path, row(), row(name="李四", doc=LI, tube="T2", result="", report=""), name="a.csv"
    )
    import_tests(SYSTEM, first)
    second = csv_file(
        tmp_path,
        row(),
        row(name="李四", doc=LI, tube="T2", result="阴性", report="2022-11-20 22:00"),
        row(name="王五", doc=WANG, tube="T3"),
        name="b.csv",
    )
    summary = import_tests(SYSTEM, second)
    assert (summary.imported, summary.duplicates, summary.rejected) == (1, 2, 0)
    assert summary.details["results_filled"] == 1
    assert TestRecord.get(TestRecord.doc_no == LI).result == "阴性"
    assert TestRecord.select().count() == 3


def test_the_same_row_twice_in_one_file_is_a_duplicate(fresh_db: Path, tmp_path: Path) -> None:
    summary = import_tests(SYSTEM, csv_file(tmp_path, row(), row()))
    assert (summary.imported, summary.duplicates) == (1, 1)


# --- linking --------------------------------------------------------------------------------------


def test_linking_by_document_then_by_address(fresh_db: Path, tmp_path: Path) -> None:
    ids = community()
    path = csv_file(
        tmp_path,
        # registered resident, wrong address in the file: the resident's building wins
        row(compound="翠柏园", building="12栋"),
        # not registered, address of a registered building
        row(name="李四", doc=LI, tube="T2", building="4号楼", unit="2", room="502"),
        # neither
        row(name="王五", doc=WANG, tube="T3", compound="翠柏园", building="12栋"),
    )
    summary = import_tests(SYSTEM, path)
    assert summary.unmatched == 1
    zhang = TestRecord.get(TestRecord.doc_no == ZHANG)
    assert (zhang.resident_id, zhang.building_id) == (ids["zhang"], ids["b3"])
    li = TestRecord.get(TestRecord.doc_no == LI)
    assert (li.resident_id, li.building_id) == (None, ids["b4"])
    wang = TestRecord.get(TestRecord.doc_no == WANG)
    assert (wang.resident_id, wang.building_id) == (None, None)


def test_address_in_one_column(fresh_db: Path, tmp_path: Path) -> None:
    ids = community()
    header = "姓名,证件号码,采样时间,试管码,检测结果,报告时间,居住地址"
    lines = [
        f"李四,{LI},2022-11-20 08:00:00,T1,阴性,2022-11-20 20:00:00,"
        "九龙坡区二郎路12号瑞景苑4栋2单元502",
        f"王五,{WANG},2022-11-20 08:00:00,T2,阴性,2022-11-20 20:00:00,兴茂盛世国际3栋2单元501",
    ]
    path = write(tmp_path, "a.csv", "\n".join([header, *lines]))
    summary = import_tests(SYSTEM, path)
    assert summary.imported == 2 and summary.unmatched == 1
    li = TestRecord.get(TestRecord.doc_no == LI)
    assert li.building_id == ids["b4"] and (li.unit, li.room) == ("2单元", "502")
    wang = TestRecord.get(TestRecord.doc_no == WANG)
    assert (wang.compound_name, wang.building_name, wang.unit, wang.room) == (
        "兴茂盛世国际", "3栋", "2单元", "501",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("兴茂盛世国际3栋2单元501", ("兴茂盛世国际", "3栋", "2单元", "501")),
        ("瑞景苑12号楼1单元1-2", ("瑞景苑", "12栋", "1单元", "1-2")),
        ("科城路35号科城佳苑4幢302室", ("科城佳苑", "4栋", "", "302")),
        ("某地", ("", "", "", "")),
    ],
)
def test_split_address(text: str, parts: tuple[str, ...]) -> None:
    address = split_address(text, ["科城佳苑", "瑞景苑"])
    assert (address.compound, address.building, address.unit, address.room) == parts


# --- xlsx -----------------------------------------------------------------------------------------


def test_xlsx_sheet_zongbiao_with_excel_dates_and_numbers(fresh_db: Path, tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    other = workbook.active
    other.title = "说明"
    other.append(["这张表不是数据"])
    sheet = workbook.create_sheet("总表")
    sheet.append(HEADER.split(","))
    sheet.append(
        ["张三", "居民身份证", ZHANG, 13908310217, dt.datetime(2022, 11, 20, 8, 12, 35), "点1",
         221120100137, "10混1", "实验室", "阴性", 44885.9,
         "瑞景苑", "3栋", "1单元", "101"]
    )  # fmt: skip
    sheet.append(
        ["李四", "居民身份证", 5.10213196503120e17, 13800001111, 44885.342071759, "点1",
         "T2", "单采", "实验室", "阴性", "2022-11-20 21:00", "瑞景苑", "3栋", "1单元", "101"]
    )  # fmt: skip
    path = tmp_path / "结果.xlsx"
    workbook.save(path)
    summary = import_tests(SYSTEM, path)
    assert summary.encoding == "xlsx"
    assert summary.imported == 1
    assert summary.rejections[0].line_no == 3 and "科学计数法" in summary.rejections[0].reason
    record = TestRecord.get()
    assert record.tube_code == "221120100137" and record.phone == "13908310217"
    assert record.sample_time == dt.datetime(2022, 11, 20, 8, 12, 35)
    assert record.report_time == dt.datetime(2022, 11, 20, 21, 36)


# --- cancel, mapping, preview --------------------------------------------------------------------


def test_cancel_writes_nothing(fresh_db: Path, tmp_path: Path) -> None:
    rows = [row(tube=f"T{i}") for i in range(5000)]
    path = csv_file(tmp_path, *rows)
    before = snapshot()
    with pytest.raises(ImportCancelled):
        import_tests(SYSTEM, path, progress=lambda done, total, n: False)
    assert snapshot() == before
    calls: list[int] = []
    summary = import_tests(SYSTEM, path, progress=lambda d, t, n: calls.append(n) is None)
    assert summary.imported == 5000 and calls[-1] == 5000


def test_saved_mapping_is_reused_for_the_same_header(fresh_db: Path, tmp_path: Path) -> None:
    header = "人名,号码,时间,管,结论,出报告"
    path = write(
        tmp_path, "m.csv", f"{header}\n张三,{ZHANG},2022-11-20 08:00,T1,阴性,2022-11-20 20:00\n"
    )
    with pytest.raises(MissingColumns) as missing:
        import_tests(SYSTEM, path)
    assert "姓名" in str(missing.value) and "证件号码" in str(missing.value)
    first = preview(path)
    assert set(first.missing) == {"姓名", "证件号码", "采样时间", "检测结果"}
    mapping = {"name": 0, "id_no": 1, "sample_time": 2, "tube": 3, "result": 4, "report_time": 5}
    save_mapping(SYSTEM, header.split(","), mapping)
    assert Setting.select().where(Setting.key.startswith("tests_import.mapping.")).count() == 1
    assert saved_mapping(header.split(",")) == mapping
    assert preview(path).missing == []
    assert import_tests(SYSTEM, path).imported == 1


def test_preview_marks_invalid_cells_and_writes_nothing(fresh_db: Path) -> None:
    before = snapshot()
    result = preview(UTF8_BOM, limit=20)
    assert snapshot() == before
    assert result.missing == [] and len(result.rows) == 15
    last = result.rows[-1]
    assert last.line_no == 16
    header = result.header
    marked = {header[i] for i in last.problems}
    assert marked == {"证件号码", "手机号", "采集时间", "试管码", "报告时间"}
    assert all(not r.problems for r in result.rows[:-1])


# --- consequences ------------------------------------------------------------------------------


def test_a_positive_proposes_high_risk_for_its_building(fresh_db: Path, tmp_path: Path) -> None:
    ids = community()
    path = csv_file(
        tmp_path, row(result="阳性", sample="2022-11-21 00:40:03", report="2022-11-21 06:18:30")
    )
    summary = import_tests(SYSTEM, path, moment=MOMENT)
    assert summary.positive_buildings == ["瑞景苑 3栋"] and summary.proposals == 1
    proposal = RiskProposal.get()
    assert proposal.building_id == ids["b3"] and proposal.to_level == "高"
    assert proposal.test_record_id == TestRecord.get().id


# --- fuzzing: nothing escapes, nothing half-written --------------------------------------------

_CELLS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=24
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=600))
def test_fuzz_random_bytes(
    fresh_db: Path, tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "f.csv"
    path.write_bytes(data)
    before = snapshot()
    try:
        summary = import_tests(SYSTEM, path, moment=MOMENT)
    except ImportFileError:
        assert snapshot() == before
        return
    assert summary.total_rows == summary.imported + summary.duplicates + summary.rejected


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    header=st.lists(
        st.sampled_from([n for s in TEST_COLUMNS for n in s.names] + ["x", ""]),
        min_size=1,
        max_size=12,
    ),
    rows=st.lists(st.lists(_CELLS, max_size=14), max_size=6),
)
def test_fuzz_random_headers_and_cells(
    fresh_db: Path,
    tmp_path_factory: pytest.TempPathFactory,
    header: list[str],
    rows: list[list[str]],
) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path_factory.mktemp("fuzz") / "f.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    before = snapshot()
    try:
        summary = import_tests(SYSTEM, path, moment=MOMENT)
    except ImportFileError:
        assert snapshot() == before
        return
    assert summary.total_rows == summary.imported + summary.duplicates + summary.rejected
    assert TestRecord.select().count() - before[0] == summary.imported


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(_CELLS, min_size=0, max_size=20))
def test_fuzz_row_parser(cells: list[str]) -> None:
    columns = {spec.key: i for i, spec in enumerate(TEST_COLUMNS)}
    parsed, problems = RowParser(columns, compounds=["瑞景苑"], today=dt.date(2022, 11, 22)).parse(
        cells
    )
    assert (parsed is None) == bool(problems)


def test_rejected_rows_export_corrects_and_imports_again(fresh_db: Path, tmp_path: Path) -> None:
    from office_app.services.imports.tests import export_rejected

    summary = import_tests(SYSTEM, UTF8_BOM, moment=MOMENT)
    out = tmp_path / "rejected.csv"
    assert export_rejected(SYSTEM, summary.import_run_id or 0, out) == 1
    text = out.read_text(encoding="utf-8-sig")
    header, line = text.splitlines()
    assert header.startswith("序号,被采样人姓名") and header.endswith(",拒绝原因")
    assert "吴秀英" in line and "第 16 行" in line and "校验位应为 8" in line
    # The secretary corrects the row (check digit, phone, hour, tube, report time).
    fixed = (
        line.replace("510213196104191065", "510213196104191068")
        .replace("1390831552,", "13908315520,")
        .replace("24:15", "23:15")
        .replace(",,10混1", ",221121100299,10混1")
        .replace(",,科苑里", ",2022/11/22 08:00,科苑里")
    )
    out.write_text(f"{header}\n{fixed}\n", encoding="utf-8-sig")
    # Corrected and imported the next morning (a sample at 23:15 is no longer in the future).
    again = import_tests(SYSTEM, out, moment=dt.datetime(2022, 11, 22, 9, 0))
    assert (again.imported, again.rejected) == (1, 0), again.rejections
    assert TestRecord.select().count() == 15
    assert AuditEntry.select().where(AuditEntry.action == "export.rejected_tests").exists()


def test_quoted_cells_with_commas_and_line_ends_keep_line_numbers(
    fresh_db: Path, tmp_path: Path
) -> None:
    text = "\r\n".join(
        [
            HEADER,
            row(),
            '"王,五",居民身份证,' + WANG + ',13800001111,2022-11-20 08:00:00,"第3\n采样点",T2,'
            "单采,实验室,阴性,2022-11-20 20:00:00,瑞景苑,3栋,1单元,101",
            row(name="李四", doc=LI, tube="T3", doc_type="护照x"),
        ]
    )
    summary = import_tests(SYSTEM, write(tmp_path, "q.csv", text))
    assert summary.imported == 2
    assert TestRecord.get(TestRecord.doc_no == WANG).name == "王,五"
    assert TestRecord.get(TestRecord.doc_no == WANG).site == "第3\n采样点"
    rejected = summary.rejections[0]
    assert rejected.line_no == 5 and rejected.raw_text.startswith("李四,护照x,")


def _many_rows(count: int) -> list[str]:
    return [
        row(
            name="张三",
            doc=make_id_number("500107", dt.date(1970, 1, 1) + dt.timedelta(days=i), 5),
            tube=f"T{i}",
        )
        for i in range(count)
    ]


def test_an_undecodable_line_deep_in_the_file_writes_nothing(
    fresh_db: Path, tmp_path: Path
) -> None:
    # GBK text (so read as GB18030) whose line 12,002 holds a byte GB18030 does not have.
    text = "\r\n".join([HEADER, *_many_rows(12000)]) + "\r\n"
    path = tmp_path / "bad.csv"
    path.write_bytes(text.encode("gbk") + b"\x80\x20broken\r\n")
    before = snapshot()
    with pytest.raises(ImportFileError, match="无法按 GB18030 解码"):
        import_tests(SYSTEM, path)
    assert snapshot() == before


def test_a_database_error_while_writing_writes_nothing(
    fresh_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    import psycopg

    from office_app.services.imports.tests import writer as tests_import

    path = csv_file(tmp_path, *_many_rows(12000))
    real = tests_import._sql

    def broken() -> tuple[str, str]:
        insert, fill = real()
        return insert.replace('"room"', '"no_such_column"'), fill

    real_server = tests_import._server_sql

    def broken_server() -> tuple[str, str, str, str]:  # the server's COPY path (writer.py)
        create, copy, insert, fill = real_server()
        return create, copy, insert.replace('"room"', '"no_such_column"'), fill

    monkeypatch.setattr(tests_import, "_sql", broken)
    monkeypatch.setattr(tests_import, "_server_sql", broken_server)
    before = snapshot()
    with pytest.raises((sqlite3.OperationalError, psycopg.errors.UndefinedColumn)):
        import_tests(SYSTEM, path)
    assert snapshot() == before
    monkeypatch.setattr(tests_import, "_sql", real)
    monkeypatch.setattr(tests_import, "_server_sql", real_server)
    assert import_tests(SYSTEM, path).imported == 12000


def test_the_command_line_import_imports_no_qt() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from office_app.cli import main; import office_app.services.imports.tests, "
        "office_app.services.testing.followup, office_app.services.places.risk; "
        "print([m for m in sys.modules if m.startswith('PySide6')])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_broken_workbook_is_refused(fresh_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "坏.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(ImportFileError, match=r"不是有效的 \.xlsx"):
        import_tests(SYSTEM, path)
    assert TestRecord.select().count() == 0


def test_xlsx_first_visible_sheet_with_a_title_row(fresh_db: Path, tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "结果"
    sheet.append(["科城路社区核酸检测结果"])
    sheet.append([])
    sheet.append(HEADER.split(","))
    sheet.append(row().split(","))
    sheet.append(row(tube="T9", result="弱阳").split(","))
    path = tmp_path / "t.xlsx"
    workbook.save(path)
    summary = import_tests(SYSTEM, path)
    assert summary.imported == 1 and summary.rejections[0].line_no == 5
    assert "不认识的检测结果" in summary.rejections[0].reason
    assert "\t弱阳\t" in summary.rejections[0].raw_text


def test_excel_unicode_text_utf16_tab_separated(fresh_db: Path, tmp_path: Path) -> None:
    text = "\r\n".join([HEADER.replace(",", "\t"), row().replace(",", "\t")]) + "\r\n"
    path = tmp_path / "unicode.txt"
    path.write_bytes(text.encode("utf-16"))  # with its BOM, as Excel writes it
    summary = import_tests(SYSTEM, path)
    assert summary.encoding == "utf-16" and summary.imported == 1


def test_a_header_without_rows_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "h.csv", HEADER + "\r\n\r\n")
    code = main(["--db", str(new_db(tmp_path / "o.db")), "import", "tests", str(path)])
    assert code == 2 and "只有表头" in capsys.readouterr().err


def test_a_stray_quote_rejects_its_own_row_and_the_rest_imports(
    fresh_db: Path, tmp_path: Path
) -> None:
    lines = UTF8_BOM.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    name = lines[3].split(",")[1]
    lines[3] = lines[3].replace(f",{name},", f',"{name},', 1)  # a quote never closed
    broken = tmp_path / "stray-quote.csv"
    broken.write_text("".join(lines), encoding="utf-8-sig")
    data = import_tests(SYSTEM, broken, moment=MOMENT).to_json_dict()
    assert data["rows"] == 15 and data["imported"] == 13
    reasons = {r["line"]: r["reason"] for r in data["rejected"]}
    assert set(reasons) == {4, 16} and "引号没有闭合" in reasons[4]
    assert TestRecord.select().count() == 13


def test_a_re_import_counts_no_unmatched_rows(fresh_db: Path) -> None:
    first = import_tests(SYSTEM, UTF8_BOM, moment=MOMENT).to_json_dict()
    again = import_tests(SYSTEM, UTF8_BOM, moment=MOMENT).to_json_dict()
    assert first["unmatched"] == 14
    assert (again["imported"], again["duplicates"], again["unmatched"]) == (0, 14, 0)


def test_a_purged_file_imported_again_brings_no_personal_data_back(
    fresh_db: Path, tmp_path: Path
) -> None:
    from office_app.services.admin import retention

    import_tests(SYSTEM, UTF8_BOM, moment=MOMENT)
    names = {r.name for r in TestRecord.select()}
    retention.purge(
        SYSTEM,
        fresh_db,
        MOMENT.date() + dt.timedelta(days=200),
        days=90,
        backup_dir=tmp_path / "备份",
    )
    assert not names & {r.name for r in TestRecord.select()}
    again = import_tests(SYSTEM, UTF8_BOM, moment=MOMENT).to_json_dict()
    assert (again["imported"], again["duplicates"]) == (0, 14)
    assert not names & {r.name for r in TestRecord.select()}


def test_the_rejected_rows_export_is_an_admins_and_formula_safe(
    fresh_db: Path, tmp_path: Path
) -> None:
    from office_app.services.admin.actor import Actor, PermissionDenied
    from office_app.services.imports.tests import export_rejected

    text = UTF8_BOM.read_text(encoding="utf-8-sig").splitlines()
    bad = next(i for i, line in enumerate(text) if line.startswith("15,"))  # the rejected row
    name = text[bad].split(",")[1]
    text[bad] = text[bad].replace(f",{name},", ",=HYPERLINK(1),", 1)
    path = tmp_path / "formula.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8-sig")
    summary = import_tests(SYSTEM, path, moment=MOMENT)
    out = tmp_path / "rejected.csv"
    with pytest.raises(PermissionDenied):
        export_rejected(Actor("duty1", "值班员", "duty", None), summary.import_run_id or 0, out)
    assert not out.exists()
    export_rejected(SYSTEM, summary.import_run_id or 0, out)
    line = out.read_text(encoding="utf-8-sig").splitlines()[1]
    assert ",'=HYPERLINK(1)," in line and ",=HYPERLINK(" not in line


def test_a_failure_making_proposals_does_not_read_as_nothing_imported(
    fresh_db: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from office_app.services.places import risk

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(risk, "refresh", broken)
    summary = import_tests(SYSTEM, UTF8_BOM, moment=MOMENT)
    assert summary.imported == 14 and TestRecord.select().count() == 14
    assert "已导入，但风险等级建议没有生成" in summary.describe()
    assert "risk proposals after importing" in caplog.text


# --- issue 17: what a re-import added, sample times in the future, the rejected columns -------


def test_a_re_import_reports_nothing_new_and_no_positives_again(
    fresh_db: Path, tmp_path: Path
) -> None:
    """Point 15: positives and pooled positives count only rows this import added."""
    community()
    path = csv_file(
        tmp_path,
        row(result="阳性", sample="2022-11-21 00:40:03", report="2022-11-21 06:18:30"),
        row(name="李四", doc=LI, tube="T2", result="混管阳性", report="2022-11-20 22:00:00"),
        row(name="王五", doc=WANG, tube="T3"),
    )
    first = import_tests(SYSTEM, path, moment=MOMENT)
    assert (first.positives, first.pool_positives) == (1, 1) and not first.nothing_new
    assert first.positive_buildings == ["瑞景苑 3栋"]
    again = import_tests(SYSTEM, path, moment=MOMENT)
    assert (again.imported, again.duplicates) == (0, 3)
    assert (again.positives, again.pool_positives, again.positive_buildings) == (0, 0, [])
    assert again.nothing_new and "没有新的数据" in again.describe()
    assert "阳性所在楼栋" not in again.describe()
    data = again.to_json_dict()
    assert (data["positives"], data["pool_positives"], data["positive_buildings"]) == (0, 0, [])
    # A file that overlaps: only its new positive counts.
    more = csv_file(
        tmp_path,
        row(result="阳性", sample="2022-11-21 00:40:03", report="2022-11-21 06:18:30"),
        row(name="王五", doc=WANG, tube="T9", result="阳性", report="2022-11-21 08:00:00"),
        name="more.csv",
    )
    overlap = import_tests(SYSTEM, more, moment=MOMENT)
    assert (overlap.imported, overlap.positives, overlap.nothing_new) == (1, 1, False)


def test_a_result_filled_in_later_counts_as_a_new_positive(fresh_db: Path, tmp_path: Path) -> None:
    community()
    pending = csv_file(tmp_path, row(result="", report=""), name="pending.csv")
    assert import_tests(SYSTEM, pending, moment=MOMENT).positives == 0
    reported = csv_file(
        tmp_path, row(result="阳性", report="2022-11-21 06:18:30"), name="reported.csv"
    )
    summary = import_tests(SYSTEM, reported, moment=MOMENT)
    assert (summary.imported, summary.positives, summary.details["results_filled"]) == (0, 1, 1)
    assert not summary.nothing_new
    assert import_tests(SYSTEM, reported, moment=MOMENT).positives == 0


def test_a_sample_time_after_the_import_is_rejected_with_the_reason(
    fresh_db: Path, tmp_path: Path
) -> None:
    """Point 16: later than the import by more than 10 minutes → rejected, the reason says so."""
    moment = dt.datetime(2022, 11, 20, 19, 0)
    path = csv_file(
        tmp_path,
        row(sample="2022-11-20 19:09:00", report="2022-11-20 19:09:30", tube="T1"),
        row(name="李四", doc=LI, sample="2022-11-21 00:30:00", tube="T2", result="", report=""),
    )
    summary = import_tests(SYSTEM, path, moment=moment)
    assert (summary.imported, summary.rejected) == (1, 1)
    rejection = summary.rejections[0]
    assert rejection.line_no == 3 and rejection.column.startswith("采样时间")
    assert "2022-11-21 00:30 晚于导入时间 2022-11-20 19:00 超过 10 分钟" in rejection.reason
    # The same file a day later is fine.
    later = import_tests(SYSTEM, path, moment=dt.datetime(2022, 11, 21, 9, 0))
    assert (later.imported, later.duplicates, later.rejected) == (1, 1, 0)


def test_a_rejection_names_its_columns(fresh_db: Path, tmp_path: Path) -> None:
    """Point 14: the rejected row's column(s), as the file names them, beside the reason."""
    path = csv_file(tmp_path, row(doc="510213196104191065", phone="1390831552", tube=""))
    summary = import_tests(SYSTEM, path, moment=MOMENT)
    assert summary.rejections[0].column == "证件号码、手机号、试管编码"
    assert RejectedRow.get().column == "证件号码、手机号、试管编码"
    assert summary.to_json_dict()["rejected"][0]["column"] == "证件号码、手机号、试管编码"
