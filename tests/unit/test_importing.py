"""The shared import machinery: reading files, matching headers, rejecting rows, recording runs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from office_app.models import AuditEntry, Compound, ImportRun, RejectedRow
from office_app.services.admin.actor import SYSTEM
from office_app.services.imports.errors import ImportFileError, MissingColumns
from office_app.services.imports.headers import ColumnSpec, match_columns, normalize_header
from office_app.services.imports.reader import RowStream, read_table
from office_app.services.imports.rows import DUPLICATE, IMPORTED, Row, RowOutcome, parse_int
from office_app.services.imports.runner import RowImporter, run_import
from office_app.services.imports.summary import (
    ImportSummary,
    Rejection,
    finish_run,
    start_run,
)

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
SAMPLE_UTF8 = SAMPLES / "test-site-utf8-bom.csv"
SAMPLE_GB = SAMPLES / "test-site-gb18030.csv"

# The header synonyms table of sample-data/README.md, as the test-site import will declare it.
TEST_SITE_SPECS = (
    ColumnSpec("name", "姓名", ("被采样人姓名", "被采集人姓名", "受检者姓名", "人员姓名"), True),
    ColumnSpec("id_type", "证件类型", ("身份证件类别", "证件种类")),
    ColumnSpec(
        "id_no", "证件号码", ("身份证号", "身份证号码", "身份号", "公民身份号码", "证件号"), True
    ),
    ColumnSpec("phone", "手机号", ("手机号码", "联系电话", "电话", "联系方式")),
    ColumnSpec("sample_time", "采样时间", ("采集时间", "采样日期", "采集日期"), True),
    ColumnSpec("site", "采样点", ("采样点名称", "采集点", "采集点名称", "采样地点", "采样单位")),
    ColumnSpec("collector", "采样员", ("采样员姓名", "采样人", "采集人")),
    ColumnSpec(
        "tube",
        "试管编码",
        ("试管码", "试管编号", "采样管号", "管码", "条码", "样本编号", "采样码"),
        True,
    ),
    ColumnSpec("pool", "采样方式", ("混采方式", "检测方式", "采集类型")),
    ColumnSpec("lab", "检测机构", ("检测单位", "测试机构", "实验室")),
    ColumnSpec("result", "检测结果", ("核酸结果", "核酸检测结果", "化验结果"), True),
    ColumnSpec("report_time", "报告时间", ("报告日期", "检测时间", "出具时间")),
    ColumnSpec("category", "人员类别", ("人群类别", "人员类型")),
    ColumnSpec("address", "居住地址", ("现住址", "住址")),
    ColumnSpec("compound", "小区", ("居住小区", "小区名称")),
    ColumnSpec("building", "楼栋", ("栋", "楼号", "幢")),
    ColumnSpec("unit", "单元", ("单元号",)),
    ColumnSpec("room", "房号", ("房间号", "门牌号", "室号")),
)

CONTENT = "小区,楼栋,单元数,户数\r\n瑞景苑,3栋,2,48\r\n兴茂盛世国际,商铺,1,12\r\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8-sig", CONTENT.encode("utf-8-sig")),
        ("utf-8", CONTENT.encode("utf-8")),
        ("gb18030", CONTENT.encode("gb18030")),
        ("utf-16", CONTENT.encode("utf-16")),
    ],
)
def test_every_encoding_gives_the_same_rows(tmp_path: Path, encoding: str, data: bytes) -> None:
    table = read_table(write(tmp_path, "楼栋 清单.csv", data))
    assert table.encoding == encoding
    assert table.file_name == "楼栋 清单.csv"
    assert table.header == ["小区", "楼栋", "单元数", "户数"]
    assert [(r.line_no, r.values) for r in table.rows] == [
        (2, ["瑞景苑", "3栋", "2", "48"]),
        (3, ["兴茂盛世国际", "商铺", "1", "12"]),
    ]
    assert table.rows[0].raw_text == "瑞景苑,3栋,2,48"


def test_utf8_is_never_decoded_as_gb18030(tmp_path: Path) -> None:
    # These UTF-8 bytes are also valid GB18030 (姓名 → 濮撳悕): UTF-8 must be tried first.
    data = "姓名,电话\n张三,1\n".encode()
    assert data.decode("gb18030") == "濮撳悕,鐢佃瘽\n寮犱笁,1\n"
    table = read_table(write(tmp_path, "a.csv", data))
    assert table.encoding == "utf-8"
    assert table.header == ["姓名", "电话"]
    assert table.rows[0].values == ["张三", "1"]


@settings(max_examples=40, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("姓名张建国瑞景苑栋单元号码abcXYZ0123456789 -_/"), min_size=1)
)
def test_any_utf8_text_reads_back_as_written(cell: str) -> None:
    text = f"名称,备注\nx,{cell}\n"
    with tempfile.TemporaryDirectory() as folder:
        table = read_table(write(Path(folder), "p.csv", text.encode("utf-8")))
    assert table.encoding == "utf-8"
    assert table.rows[0].values[1] == cell.strip()


_CELL = st.text(alphabet=st.sampled_from('张建国瑞景苑栋号ab09 ,;\t"\n-'), max_size=8)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(_CELL, min_size=3, max_size=3), min_size=1, max_size=5),
    delimiter=st.sampled_from([",", "\t", ";"]),
    encoding=st.sampled_from(["utf-8-sig", "utf-8", "gb18030"]),
)
def test_what_a_csv_writer_writes_reads_back(
    rows: list[list[str]], delimiter: str, encoding: str
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["小区", "楼栋", "备注"])
    # A first cell that is never blank, so that no row is skipped as a blank line.
    data = [[f"r{i}", *row[1:]] for i, row in enumerate(rows)]
    writer.writerows(data)
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), "p.csv", buffer.getvalue().encode(encoding))
        table = read_table(path)
    assert table.delimiter == delimiter
    assert table.header == ["小区", "楼栋", "备注"]
    expected = [[cell.strip(" \t\n") for cell in row] for row in data]
    assert [r.values for r in table.rows] == expected
    assert table.encoding == encoding


def test_the_two_sample_files_read_the_same(tmp_path: Path) -> None:
    utf8 = read_table(SAMPLE_UTF8)
    gb = read_table(SAMPLE_GB)
    assert (utf8.encoding, gb.encoding) == ("utf-8-sig", "gb18030")
    assert len(utf8.rows) == len(gb.rows) == 15
    assert utf8.header == gb.header
    assert [r.values for r in utf8.rows] == [r.values for r in gb.rows]
    assert [r.line_no for r in utf8.rows] == list(range(2, 17))
    columns = match_columns(utf8.header, TEST_SITE_SPECS)
    # Every column of the samples is recognised except 序号 and the absent ones.
    assert set(columns) == {s.key for s in TEST_SITE_SPECS} - {"collector", "address"}
    first = utf8.rows[0].values
    assert first[columns["name"]] == "张建国"
    assert first[columns["id_no"]] == "510213196503120312"
    assert first[columns["tube"]] == "221120100137"
    assert first[columns["sample_time"]] == "2022-11-20 08:12:35"
    # Row 15 is malformed on purpose: it is read as written, the validator judges it.
    last = utf8.rows[-1].values
    assert last[columns["sample_time"]] == "2022/11/21 24:15"
    assert last[columns["tube"]] == ""


# --- delimiters, blank lines, quoting ------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_delimiter_is_detected(tmp_path: Path, delimiter: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["小区", "楼栋", "备注"])
    # The note holds the other delimiters; they must stay inside the cell.
    writer.writerow(["瑞景苑", "3栋", "a,b;c\td"])
    table = read_table(write(tmp_path, "d.txt", buffer.getvalue().encode("utf-8")))
    assert table.delimiter == delimiter
    assert table.rows[0].values == ["瑞景苑", "3栋", "a,b;c\td"]


def test_blank_lines_are_skipped_and_counted(tmp_path: Path) -> None:
    text = '\n小区,楼栋\n瑞景苑,1栋\n\n , \n,,\n瑞景苑,"2\n栋"\n   \n瑞景苑,3栋\n\n'
    table = read_table(write(tmp_path, "b.csv", text.encode("utf-8")))
    assert table.header_line_no == 2
    assert [(r.line_no, r.values) for r in table.rows] == [
        (3, ["瑞景苑", "1栋"]),
        (7, ["瑞景苑", "2\n栋"]),
        (10, ["瑞景苑", "3栋"]),
    ]
    assert table.rows[1].raw_text == '瑞景苑,"2\n栋"'


def test_old_mac_line_ends(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "r.csv", "小区,楼栋\r瑞景苑,1栋\r".encode()))
    assert [(r.line_no, r.values) for r in table.rows] == [(2, ["瑞景苑", "1栋"])]


def test_cells_are_stripped_and_kept_as_text(tmp_path: Path) -> None:
    text = "证件号码,试管码,户数\n 510213196503120312 ,\u3000221120100137\u3000,0048\n"
    table = read_table(write(tmp_path, "t.csv", text.encode("utf-8")))
    assert table.rows[0].values == ["510213196503120312", "221120100137", "0048"]


def test_short_rows_are_padded(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "s.csv", "小区,楼栋,户数\n瑞景苑\n".encode()))
    assert table.rows[0].values == ["瑞景苑", "", ""]


def test_a_title_line_above_the_header_is_skipped(tmp_path: Path) -> None:
    text = "科城路社区楼栋清单\n\n小区,楼栋\n瑞景苑,1栋\n"
    table = read_table(write(tmp_path, "t.csv", text.encode("utf-8")))
    assert table.header == ["小区", "楼栋"]
    assert table.header_line_no == 3
    assert [(r.line_no, r.values) for r in table.rows] == [(4, ["瑞景苑", "1栋"])]


# --- headers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("证件号码", "证件号码"),
        ("＊证件号码（必填）", "证件号码"),
        (" 证件 号码 ", "证件号码"),
        ("证件号码*", "证件号码"),
        ("*证件号码(必填)", "证件号码"),
        ("手机号（选填）", "手机号"),
        ("试管码\u3000", "试管码"),
        ("\ufeff姓名", "姓名"),
        ("ＩＤ Ｎｏ", "idno"),
        ("Tube Code", "tubecode"),
        ("采样时间：", "采样时间"),
    ],
)
def test_normalize_header(text: str, expected: str) -> None:
    assert normalize_header(text) == expected


SPECS = (
    ColumnSpec("compound", "小区", ("小区名称", "居住小区"), required=True),
    ColumnSpec("building", "楼栋", ("楼号", "栋", "幢"), required=True),
    ColumnSpec("units", "单元数", ("单元",)),
)


def test_match_columns_by_label_and_synonym() -> None:
    header = ["序号", "＊小区名称（必填）", "楼 号", "备注"]
    assert match_columns(header, SPECS) == {"compound": 1, "building": 2}


def test_first_match_wins_and_a_column_is_used_once() -> None:
    specs = (ColumnSpec("a", "栋"), ColumnSpec("b", "楼号", ("栋",)))
    assert match_columns(["栋", "栋"], specs) == {"a": 0, "b": 1}
    assert match_columns(["楼栋", "小区", "楼号"], SPECS) == {"building": 0, "compound": 1}


def test_missing_required_columns_are_named() -> None:
    with pytest.raises(MissingColumns) as info:
        match_columns(["名称", "单元"], SPECS)
    assert info.value.missing_labels == ["小区", "楼栋"]
    assert info.value.found_header == ["名称", "单元"]
    assert str(info.value) == "缺少必需的列：小区、楼栋（文件中的列：名称, 单元）"
    assert isinstance(info.value, ImportFileError)


# --- .xlsx ---------------------------------------------------------------------------------------


def make_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = openpyxl.Workbook()
    first = True
    for title, rows in sheets.items():
        ws = wb.active if first else wb.create_sheet(title)
        assert ws is not None
        ws.title = title
        first = False
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def test_xlsx_prefers_the_sheet_zongbiao(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path / "a.xlsx",
        {"说明": [["本表说明"], ["第二行"]], "总表": [["小区", "楼栋"], ["瑞景苑", "3栋"]]},
    )
    table = read_table(path)
    assert table.encoding == "xlsx" and table.sheet_name == "总表"
    assert table.rows[0].values == ["瑞景苑", "3栋"]
    other = read_table(path, preferred_sheet="不存在")
    assert other.sheet_name == "说明"


def test_xlsx_without_zongbiao_reads_the_first_sheet(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path / "b.xlsx",
        {"Sheet1": [["小区", "楼栋"], ["瑞景苑", "3栋"]], "Sheet2": [["x", "y"], ["1", "2"]]},
    )
    assert read_table(path).sheet_name == "Sheet1"


def test_xlsx_values(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["科城路社区核酸名单"],
        [
            "姓名",
            "证件号码",
            "数字证件号",
            "被Excel改坏的",
            "试管码",
            "采样时间",
            "报告日期",
            "户数",
            "比例",
            "空",
        ],
        [
            "张建国",
            "510213196503120312",
            510213196503120312,
            5.10213196503120e17,
            221120100137,
            dt.datetime(2022, 11, 20, 8, 12, 35),
            dt.datetime(2022, 11, 21),
            48.0,
            0.5,
            None,
        ],
        [],
        ["刘淑芬", "510213196807250423"],
    ]
    path = make_xlsx(tmp_path / "c.xlsx", {"总表": rows})
    table = read_table(path)
    assert table.header_line_no == 2
    assert [r.line_no for r in table.rows] == [3, 5]
    values = table.rows[0].values
    assert values[:2] == ["张建国", "510213196503120312"]
    # A number cell keeps 15 digits (Excel's doubles): the damage stays visible, never turned
    # into plausible digits, whether the writer kept the digits or Excel showed 5.10213E+17.
    for damaged in values[2:4]:
        assert damaged != "510213196503120312" and "e+17" in damaged
    assert values[4:] == [
        "221120100137",
        "2022-11-20 08:12:35",
        "2022-11-21 00:00:00",
        "48",
        "0.5",
        "",
    ]
    assert table.rows[0].raw_text.split("\t")[:2] == ["张建国", "510213196503120312"]
    assert table.rows[1].values == ["刘淑芬", "510213196807250423"] + [""] * 8


def test_an_xlsx_with_a_wrong_extension_is_still_read(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "a.xlsx", {"总表": [["小区", "楼栋"], ["瑞景苑", "3栋"]]})
    renamed = tmp_path / "导出.csv"
    renamed.write_bytes(path.read_bytes())
    table = read_table(renamed)
    assert table.encoding == "xlsx" and table.rows[0].values == ["瑞景苑", "3栋"]


# --- files that cannot be used -------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match=r"找不到文件.*nothere\.csv"):
        read_table(tmp_path / "nothere.csv")


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="文件夹"):
        read_table(tmp_path)


@pytest.mark.parametrize("data", [b"", b"\r\n\r\n  \n", "\ufeff".encode(), b",,,\n,,\n"])
def test_empty_files(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(ImportFileError, match=r"empty\.csv：.*空"):
        read_table(write(tmp_path, "empty.csv", data))


def test_undecodable_file_names_line_and_byte(tmp_path: Path) -> None:
    head = "小区,楼栋\n".encode()
    with pytest.raises(ImportFileError) as info:
        read_table(write(tmp_path, "坏.csv", head + b"\x80\xff\xfe,1\n"))
    message = str(info.value)
    assert "坏.csv" in message and "第 2 行" in message
    assert f"第 {len(head)} 字节" in message
    assert "GB18030" in message and "UTF-8" in message


def test_binary_file_is_not_a_table(tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"
    with pytest.raises(ImportFileError, match=r"pic\.csv：不是文本表格"):
        read_table(write(tmp_path, "pic.csv", data))


def test_corrupt_xlsx(tmp_path: Path) -> None:
    good = make_xlsx(tmp_path / "g.xlsx", {"总表": [["小区", "楼栋"]]}).read_bytes()
    with pytest.raises(ImportFileError, match=r"cut\.xlsx"):
        read_table(write(tmp_path, "cut.xlsx", good[: len(good) // 2]))
    # A CSV named .xlsx is read as the CSV it is (the content decides, issue 15 point 8).
    table = read_table(write(tmp_path, "text.xlsx", "小区,楼栋\n兴茂,3栋\n".encode()))
    assert (table.encoding, table.header, table.rows[0].values) == (
        "utf-8",
        ["小区", "楼栋"],
        ["兴茂", "3栋"],
    )


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(ImportFileError, match=r"doc\.xlsx"):
        read_table(path)


def test_old_xls_is_refused_with_advice(tmp_path: Path) -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    with pytest.raises(ImportFileError, match=r"old\.xls：.*\.xls.*另存为"):
        read_table(write(tmp_path, "old.xls", data))


def test_an_empty_sheet(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "e.xlsx", {"总表": []})
    with pytest.raises(ImportFileError, match=r"总表.*空"):
        read_table(path)


# --- integers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"), [("12", 12), ("12.0", 12), ("１２", 12), ("-3", -3), ("+7", 7), ("0", 0)]
)
def test_parse_int_accepts_plain_integers(text: str, value: int) -> None:
    assert parse_int(text) == value


@pytest.mark.parametrize("text", ["12户", "1,200", "1.5", "1e3", "", "两个", "12 3", "0x10"])
def test_parse_int_rejects_everything_else(text: str) -> None:
    with pytest.raises(ValueError):
        parse_int(text)


# --- the generic driver ------------------------------------------------------------------------


class CompoundsImporter(RowImporter):
    """A tiny import to exercise run_import: one compound per row."""

    kind: ClassVar[str] = "buildings"
    columns: ClassVar[tuple[ColumnSpec, ...]] = (
        ColumnSpec("name", "小区", ("小区名称",), required=True),
        ColumnSpec("count", "户数"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.started = False
        self.finished = False

    def start(self, stream: RowStream, columns: Mapping[str, int]) -> None:
        self.started = True

    def handle(self, row: Row) -> RowOutcome:
        name = row.required("name")
        if Compound.get_or_none(Compound.name == name) is not None:
            return DUPLICATE
        # Written before the last check: the row's savepoint must undo it on rejection.
        Compound.create(name=name)
        row.integer("count", minimum=0)
        return IMPORTED

    def finish(self) -> None:
        self.finished = True


def test_run_import_counts_rejects_and_undoes_a_rejected_row(
    fresh_db: Path, tmp_path: Path
) -> None:
    text = "小区名称,户数\n甲,1\n乙,十\n\n甲,2\n丙,3,多余\n丁,\n"
    path = write(tmp_path, "c.csv", text.encode("gb18030"))
    importer = CompoundsImporter()
    summary = run_import(SYSTEM, importer, path)
    assert importer.started and importer.finished
    # Line 5 repeats line 2's compound: a duplicate, as if line 2 had been imported before.
    assert (summary.total_rows, summary.imported, summary.duplicates, summary.rejected) == (
        5,
        2,
        1,
        2,
    )
    assert summary.encoding == "gb18030"
    assert [(r.line_no, r.column, r.reason) for r in summary.rejections] == [
        (3, "户数", "“十”不是整数"),
        (6, "", "这一行有 3 个值，表头只有 2 列（可能有多余的分隔符）"),
    ]
    # 乙 was created, then its row was rejected: the savepoint undid it.
    assert sorted(c.name for c in Compound.select()) == ["丁", "甲"]
    run = ImportRun.get_by_id(summary.import_run_id)
    assert (run.kind, run.total_rows, run.imported_rows, run.duplicate_rows) == (
        "buildings",
        5,
        2,
        1,
    )
    assert run.rejected_rows == 2 and run.sha256 == summary.sha256 != ""
    assert [r.raw_text for r in RejectedRow.select().order_by(RejectedRow.line_no)] == [
        "乙,十",
        "丙,3,多余",
    ]
    entry = AuditEntry.get(AuditEntry.action == "import.buildings")
    assert entry.entity_id == run.id and "c.csv" in entry.summary


def test_run_import_dry_run_writes_nothing(fresh_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv", "小区,户数\n甲,1\n乙,x\n".encode())
    summary = run_import(SYSTEM, CompoundsImporter(), path, dry_run=True)
    assert (summary.imported, summary.rejected, summary.dry_run) == (1, 1, True)
    assert summary.import_run_id is None
    assert Compound.select().count() == 0
    assert ImportRun.select().count() == RejectedRow.select().count() == 0
    assert AuditEntry.select().count() == 0


def test_run_import_of_a_header_only_file(fresh_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "h.csv", "小区,户数\n\n".encode())
    with pytest.raises(ImportFileError, match=r"h\.csv：只有表头"):
        run_import(SYSTEM, CompoundsImporter(), path)
    assert ImportRun.select().count() == 0


def test_run_import_missing_columns_names_the_file_and_the_accepted_names(
    fresh_db: Path, tmp_path: Path
) -> None:
    path = write(tmp_path, "m.csv", "名称,户数\n甲,1\n".encode())
    with pytest.raises(MissingColumns) as info:
        run_import(SYSTEM, CompoundsImporter(), path)
    message = str(info.value)
    assert message.startswith("m.csv：缺少必需的列：小区（文件中的列：名称, 户数）")
    assert "小区名称" in message
    assert ImportRun.select().count() == Compound.select().count() == 0


def test_record_run_keeps_every_rejection(fresh_db: Path, tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "r.csv", "小区\n甲\n".encode()))
    summary = ImportSummary(kind="buildings", file="r.csv", encoding="utf-8", total_rows=300)
    summary.rejections = [Rejection(i + 2, "小区", "不能为空", f"行 {i}") for i in range(300)]
    summary.rejected = 300
    summary.sha256 = table.sha256
    run = ImportRun.get_by_id(start_run(SYSTEM, "buildings", table.file_name, table.encoding))
    finish_run(run.id, summary)
    run = ImportRun.get_by_id(run.id)
    assert run.sha256 == table.sha256 and run.operator_name == "system"
    assert (run.total_rows, run.rejected_rows) == (300, 300)
    assert RejectedRow.select().where(RejectedRow.import_run == run).count() == 300


def test_summary_json_is_one_serialisable_object() -> None:
    summary = ImportSummary(kind="buildings", file="a.csv", encoding="gb18030", total_rows=2)
    summary.imported = 1
    summary.rejected = 1
    summary.rejections = [Rejection(3, "户数", "“x”不是整数", "甲,x")]
    data = json.loads(json.dumps(summary.to_json_dict(), ensure_ascii=False))
    assert data["rejections"] == [
        {"line_no": 3, "column": "户数", "reason": "“x”不是整数", "raw_text": "甲,x"}
    ]
    assert data["ok"] is False and data["import_run_id"] is None
    assert "a.csv" in summary.describe() and "拒绝 1" in summary.describe()
