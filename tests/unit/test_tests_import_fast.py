"""The test-site import's short paths (issue 21) give what the full checks give.

- A row the fast path of :class:`RowParser` takes is a row :meth:`RowParser.parse` accepts,
  with the same values; any other row goes to ``parse`` (None from the fast path).
- A line :func:`import_stream.clean_as_split` passes has cells that stripping and unmarking
  would not change.
- A file read once is refused as the scan refuses it, read again as GB18030 when it is that,
  and its run gets the file's SHA-256.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from office_app.models import ImportRun
from office_app.services.admin.actor import SYSTEM
from office_app.services.imports.errors import ImportFileError
from office_app.services.imports.reader import _CELL_STRIP, _scan, _unmark, clean_as_split
from office_app.services.imports.tests import TEST_COLUMNS, RowParser, import_tests
from office_app.services.people.identity import make_id_number

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
UTF8_BOM = FIXTURES / "test-site-utf8-bom.csv"
MOMENT = dt.datetime(2022, 11, 22, 12, 0)
COLUMNS = {spec.key: i for i, spec in enumerate(TEST_COLUMNS)}

_IDS = [make_id_number("510213", dt.date(1961, 4, 19), n) for n in (106, 107, 5)]
_BAD_IDS = [_IDS[0][:-1] + ("0" if _IDS[0][-1] != "0" else "1"), "5.10213E+17", "51021319610419"]


# Per column: usual values (the fast path takes them) and odd ones (it must not).
CELLS: dict[str, tuple[list[str], list[str]]] = {
    "name": (["张三", "李四"], ["", "王\n五", "x" * 70]),
    "id_type": (["居民身份证"], ["护照", "", "身份证", "外星证"]),
    "id_no": (_IDS, [*_BAD_IDS, "", _IDS[1].lower()]),
    "phone": (["13908315520", ""], ["1390831552", "023-68000000", "12345678901"]),
    "sample_time": (
        ["2022-11-21 08:12:35", "2022-11-22 12:05:00"],
        ["2022-11-22 12:11:00", "2022/11/21 8:12", "2022-11-21 24:00:00", "2022-13-01 08:00:00"],
    ),
    "site": (["科城路社区第3采样点"], ["y" * 120]),
    "collector": (["", "刘六"], ["z" * 70]),
    "tube": (["221121100299"], ["", "2.21121E+11", "E+1", "t" * 40]),
    "pool": (["10混1", "单采", "1户1管"], ["7混1", "10 混 1", ""]),
    "lab": (["渝西示例医学检验实验室"], [""]),
    "result": (["阴性", "", "混管阳性", "阳性"], ["阴 性", "positive", "待复核"]),
    "report_time": (["2022-11-21 20:00:00", ""], ["2022-11-21 08:00:00", "2022/11/21 20:00"]),
    "category": (["一般人群"], [""]),
    "address": (["", "瑞景苑3栋2单元501"], ["九龙坡区科城路71号瑞景苑3栋2单元501室"]),
    "compound": (["瑞景苑", ""], ["瑞 景 苑"]),
    "building": (["3栋", ""], ["3号楼", "第03栋"]),
    "unit": (["2单元", ""], ["02单元", "2"]),
    "room": (["501", ""], ["501室", "5-01"]),
}


@settings(max_examples=500, deadline=None)
@given(data=st.data())
def test_the_fast_path_gives_what_the_full_checks_give(data: st.DataObject) -> None:
    # A usual row with up to three cells changed to odd values or to any text.
    row = {key: data.draw(st.sampled_from(usual)) for key, (usual, _) in CELLS.items()}
    for key in data.draw(st.sets(st.sampled_from(sorted(CELLS)), max_size=3)):
        row[key] = data.draw(st.sampled_from(CELLS[key][1]) | st.text(max_size=8))
    parser = RowParser(COLUMNS, compounds=["瑞景苑"], moment=MOMENT)
    values = [row[spec.key] for spec in TEST_COLUMNS]
    fast = parser.fast_path()
    parsed, problems = parser.parse(values)  # the first time: dates and types remembered
    quick = fast(values)
    if quick is not None:
        assert parsed is not None and not problems
        assert quick == tuple(parsed)
    assert (parsed is None) == bool(problems)


def test_the_usual_row_takes_the_fast_path() -> None:
    parser = RowParser(COLUMNS, compounds=["瑞景苑"], moment=MOMENT)
    values = [
        "张三", "居民身份证", _IDS[0], "13908315520", "2022-11-21 08:12:35", "科城路社区第3采样点",
        "", "221121100299", "10混1", "渝西示例医学检验实验室", "阴性", "2022-11-21 20:00:00",
        "一般人群", "", "瑞景苑", "3栋", "2单元", "501",
    ]  # fmt: skip
    parsed, problems = parser.parse(values)
    assert parsed is not None and not problems
    assert parser.fast_path()(values) == tuple(parsed)


_LINE = st.text(
    alphabet=st.sampled_from([*_CELL_STRIP, "a", "张", "'", "=", "-", "+", "@", ",", ";", "\t"]),
    max_size=12,
)


@settings(max_examples=2000, deadline=None)
@given(text=_LINE, delimiter=st.sampled_from([",", "\t", ";"]))
def test_a_line_passed_as_clean_has_clean_cells(text: str, delimiter: str) -> None:
    cells = text.split(delimiter)
    if clean_as_split(delimiter)(text):
        assert [_unmark(c.strip(_CELL_STRIP)) for c in cells] == cells


def _refusal(path: Path) -> str:
    with pytest.raises(ImportFileError) as raised:
        _scan(path)
    return str(raised.value)


def test_a_file_read_once_gets_its_sha256(fresh_db: Path) -> None:
    summary = import_tests(SYSTEM, UTF8_BOM, moment=MOMENT)
    digest = hashlib.sha256(UTF8_BOM.read_bytes()).hexdigest()
    assert summary.sha256 == digest and not summary.already_imported
    assert ImportRun.get_by_id(summary.import_run_id).sha256 == digest
    again = import_tests(SYSTEM, UTF8_BOM, moment=MOMENT)
    assert again.already_imported and again.imported == 0


def test_a_control_character_late_in_a_file_read_once_refuses_it_as_the_scan_does(
    fresh_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "late.csv"
    path.write_bytes(UTF8_BOM.read_bytes() + b"x\x01y,1,2\r\n")
    with pytest.raises(ImportFileError) as raised:
        import_tests(SYSTEM, path, moment=MOMENT)
    assert str(raised.value) == _refusal(path)
    assert ImportRun.select().count() == 0


def test_a_control_character_below_an_unknown_header_is_what_the_file_is_refused_for(
    fresh_db: Path, tmp_path: Path
) -> None:
    # Read once, the header alone would say "columns missing": the scan speaks first.
    path = tmp_path / "junk.csv"
    path.write_bytes(b"\xef\xbb\xbfa,b,c\r\n" + b"1,2,3\r\n" * 5000 + b"x\x02y,1,2\r\n")
    with pytest.raises(ImportFileError) as raised:
        import_tests(SYSTEM, path, moment=MOMENT)
    assert str(raised.value) == _refusal(path)


def test_a_file_with_a_bom_that_stops_being_utf8_is_refused_naming_the_line(
    fresh_db: Path, tmp_path: Path
) -> None:
    lines = UTF8_BOM.read_bytes().split(b"\n")
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\n".join([*lines[:8], lines[8] + b"\xc4\xe3", *lines[9:]]))
    with pytest.raises(ImportFileError) as raised:
        import_tests(SYSTEM, path, moment=MOMENT)
    assert str(raised.value) == _refusal(path) and "第 9 行" in str(raised.value)


def test_a_gb18030_file_whose_first_lines_are_ascii_is_read_again_as_gb18030(
    fresh_db: Path, tmp_path: Path
) -> None:
    text = UTF8_BOM.read_bytes()[3:].decode("utf-8")
    header, rest = text.split("\n", 1)
    # An ASCII line above the header (a title the reader skips), then the file in GBK.
    path = tmp_path / "gbk.csv"
    path.write_bytes(b"export 2022-11-21\n" + f"{header}\n{rest}".encode("gb18030"))
    summary = import_tests(SYSTEM, path, moment=MOMENT)
    first = import_tests(SYSTEM, UTF8_BOM, moment=MOMENT)
    assert summary.encoding == "gb18030"
    assert summary.imported > 0 and first.imported == 0  # the same rows
    assert summary.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
