"""Fuzzing every import with the shapes of issue 15: line separators in headers and cells, huge
cells, binary junk, truncated or empty workbooks, workbooks under another name, mixed encodings.

Each generated file is imported for real (not a dry run) into one database. What may happen:
the file is refused with an :class:`ImportFileError` and nothing at all is written, or it is
imported with every row counted once (imported, updated, duplicate or rejected) and exactly
one import run, its rejected rows and the rows it reports written. Anything else (another
exception, a count that does not add up) fails. The number of examples is bounded so that the
suite stays fast; ``GENERATED`` counts the files one run makes (printed with ``-s``).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from office_app.models import (
    AuditEntry,
    Building,
    ImportRun,
    RejectedRow,
    Resident,
    SupplyBatch,
    TestRecord,
    Volunteer,
)
from office_app.services.admin.actor import SYSTEM
from office_app.services.imports.buildings import BuildingsImporter, import_buildings
from office_app.services.imports.errors import ImportFileError
from office_app.services.imports.residents import ResidentsImporter, import_residents
from office_app.services.imports.summary import ImportSummary
from office_app.services.imports.supplies import SuppliesImporter, import_supplies
from office_app.services.imports.tests import TEST_COLUMNS, import_tests
from office_app.services.imports.volunteers import VolunteersImporter, import_volunteers
from office_app.services.people.identity import make_id_number

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
MOMENT = dt.datetime(2022, 11, 21, 10, 0)
GENERATED: Counter[str] = Counter()
OUTCOMES: Counter[str] = Counter()
# What a reader strips from a cell: a row of only these is a blank line, skipped.
BLANK = " \t\r\n\f\v\u00a0\u3000\ufeff\u200b\x85\u2028\u2029"
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _tests(actor: object, path: Path) -> ImportSummary:
    return import_tests(SYSTEM, path, moment=MOMENT)


def _volunteers(actor: object, path: Path) -> ImportSummary:
    return import_volunteers(SYSTEM, path, today=MOMENT.date())


KINDS: dict[str, tuple[Callable[[object, Path], ImportSummary], list[str]]] = {
    "tests": (_tests, [n for c in TEST_COLUMNS for n in c.names[:2]]),
    "residents": (import_residents, [c.label for c in ResidentsImporter.columns]),
    "buildings": (import_buildings, [c.label for c in BuildingsImporter.columns]),
    "volunteers": (_volunteers, [c.label for c in VolunteersImporter.columns]),
    "supplies": (import_supplies, [c.label for c in SuppliesImporter.columns]),
}
# Where the rows of each kind end up (for "nothing written in part").
TABLES = (TestRecord, Resident, Building, Volunteer, SupplyBatch)

SEPARATORS = "\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e\r\n"
ID = make_id_number("500107", dt.date(1980, 5, 1), 123)
VALUES = [
    ID,
    "13908310217",
    "2022-11-20 08:12:35",
    "2022-11-20 21:40:12",
    "阴性",
    "混管阳性",
    "10混1",
    "单采",
    "瑞景苑",
    "3栋",
    "1单元",
    "301",
    "居民身份证",
    "街道调拨",
    "生活物资",
    "2022-11-20",
    "份",
    "300",
    "市级",
    "组长",
    "5.10213E+17",
    "=cmd|' /C calc'!A0",
    "'=1+1",
]
HUGE = [
    "9" * 4301,
    "１" * 5000,
    "第" + "9" * 5000 + "单元",
    "9" * 5000 + "栋",
    "9" * 400 + ".5",
    "1e999",
    "99999-12-31",
    "44885" + "0" * 400,
    "张" * 70_000,
]

kinds = st.sampled_from(sorted(KINDS))
plain_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12
)
cells = st.one_of(
    st.sampled_from(VALUES),
    plain_text,
    st.text(alphabet=st.sampled_from(SEPARATORS + '张3,"\t;0-'), max_size=8),
    st.builds(
        lambda value, sep, at: value[:at] + sep + value[at:],
        st.sampled_from(VALUES),
        st.sampled_from(SEPARATORS),
        st.integers(min_value=0, max_value=20),
    ),
)


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    print(f"\nimport fuzz: {sum(GENERATED.values())} generated files {dict(GENERATED)}")
    print(f"import fuzz outcomes: {dict(OUTCOMES)}")


def _counts() -> tuple[int, ...]:
    return (
        ImportRun.select().count(),
        RejectedRow.select().count(),
        AuditEntry.select().count(),
        *(m.select().count() for m in TABLES),
    )


def _import(shape: str, kind: str, path: Path) -> ImportSummary | None:
    """Import ``path``; a refusal writes nothing, an import counts every row once."""
    GENERATED[shape] += 1
    run = KINDS[kind][0]
    before = _counts()
    try:
        summary = run(SYSTEM, path)
    except ImportFileError as exc:
        assert str(exc).strip(), "a refusal says why"
        assert _counts() == before, "a refused file wrote something"
        OUTCOMES["refused"] += 1
        return None
    OUTCOMES["imported"] += 1
    OUTCOMES["rows"] += summary.total_rows
    OUTCOMES["rejected rows"] += summary.rejected
    after = _counts()
    parts = summary.imported + summary.updated + summary.duplicates + summary.rejected
    assert parts == summary.total_rows > 0
    assert summary.rejected == len(summary.rejections)
    assert after[0] - before[0] == 1, "one import run per imported file"
    assert after[1] - before[1] == summary.rejected, "every rejected row kept"
    if kind == "tests":
        assert after[3] - before[3] == summary.imported
    for rejection in summary.rejections:
        assert rejection.reason and rejection.line_no >= 1
    return summary


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    def quoted(cell: str) -> str:
        if any(ch in cell for ch in f'"{delimiter}\r\n'):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    return "".join(delimiter.join(quoted(c) for c in row) + "\n" for row in rows)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture
def with_buildings(fresh_db: Path) -> Path:
    import_buildings(SYSTEM, FIXTURES / "buildings-good.csv")
    return fresh_db


# --- text files ---------------------------------------------------------------------------------


LINE_ENDS = ["\n", "\r\n", "\r", *"\u2028\u2029\x85\x0b\x0c"]


@FUZZ
@given(
    kind=kinds,
    header_seps=st.lists(
        st.tuples(st.sampled_from(SEPARATORS), st.integers(min_value=0, max_value=30)), max_size=2
    ),
    rows=st.lists(st.lists(cells, max_size=16), min_size=1, max_size=5),
    ends=st.lists(st.sampled_from(LINE_ENDS), min_size=6, max_size=6),
    delimiter=st.sampled_from([",", "\t", ";"]),
)
def test_separators_in_headers_and_cells(
    with_buildings: Path,
    folder: Path,
    kind: str,
    header_seps: list[tuple[str, int]],
    rows: list[list[str]],
    ends: list[str],
    delimiter: str,
) -> None:
    header = list(KINDS[kind][1])
    for sep, at in header_seps:
        header[at % len(header)] += sep  # a separator inside the header line
    width = len(header)
    rows = [(row + [""] * width)[:width] for row in rows]  # rows as an export writes them
    # Any line may end in a separator csv does not know instead of a line end.
    lines = [_csv([r], delimiter)[:-1] for r in [header, *rows]]
    text = "".join(line + end for line, end in zip(lines, ends, strict=False))
    path = folder / "seps.csv"
    path.write_text(text, encoding="utf-8")
    summary = _import("separators", kind, path)
    if summary is not None and not any(sep in "\r\n" for sep, _ in header_seps):
        # No row is swallowed: every row written is counted (a row split at a separator, or a
        # header split into a header and a row, may count more).
        assert summary.total_rows >= sum(1 for r in rows if any(c.strip(BLANK) for c in r))


@FUZZ
@given(
    kind=kinds,
    column=st.integers(min_value=0, max_value=30),
    huge=st.sampled_from(HUGE),
    extra=st.lists(cells, max_size=3),
)
def test_huge_cells(
    with_buildings: Path, folder: Path, kind: str, column: int, huge: str, extra: list[str]
) -> None:
    header = KINDS[kind][1]
    row = [VALUES[i % len(VALUES)] for i in range(len(header))]
    row[column % len(header)] = huge
    path = folder / "huge.csv"
    path.write_text(_csv([header, row, [*extra, *row[len(extra) :]]]), encoding="utf-8")
    _import("huge cells", kind, path)


@FUZZ
@given(
    kind=kinds,
    junk=st.binary(max_size=400),
    where=st.sampled_from(["alone", "after header", "inside a row"]),
    name=st.sampled_from(["f.csv", "f.txt", "f", "f.xlsx", "f.xls"]),
)
def test_binary_junk(
    with_buildings: Path, folder: Path, kind: str, junk: bytes, where: str, name: str
) -> None:
    header = ",".join(KINDS[kind][1]).encode()
    if where == "alone":
        data = junk
    elif where == "after header":
        data = header + b"\n" + junk
    else:
        data = header + b"\n" + ",".join(VALUES[:6]).encode() + junk + b"\n"
    path = folder / name
    path.write_bytes(data)
    _import("binary junk", kind, path)
    path.unlink()


@FUZZ
@given(
    kind=kinds,
    parts=st.lists(
        st.tuples(
            st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "latin-1"]),
            st.lists(cells, min_size=1, max_size=6),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_mixed_encodings(
    with_buildings: Path, folder: Path, kind: str, parts: list[tuple[str, list[str]]]
) -> None:
    data = (",".join(KINDS[kind][1]) + "\n").encode(parts[0][0], errors="replace")
    for encoding, row in parts:
        data += (_csv([row])).encode(encoding, errors="replace")
    path = folder / "mixed.csv"
    path.write_bytes(data)
    _import("mixed encodings", kind, path)


# --- workbooks ------------------------------------------------------------------------------------


def _workbook(rows: list[list[object]], title: str = "总表") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        # Cells an XML file can hold (openpyxl refuses control characters).
        sheet.append([_xml_safe(v) if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xml_safe(text: str) -> str:
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)[:32000]


# Workbook cells of every type openpyxl writes: text, numbers (huge, tiny, negative), dates
# and times at Excel's limits, booleans, empty.
typed_cells = st.one_of(
    cells,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31, 23, 59)),
    st.dates(min_value=dt.date(1900, 3, 1)),
    st.times(),
    st.booleans(),
    st.none(),
)
GOOD_BOOK: dict[str, bytes] = {}


def _good_book(kind: str) -> bytes:
    if kind not in GOOD_BOOK:
        GOOD_BOOK[kind] = _workbook([KINDS[kind][1], VALUES[: len(KINDS[kind][1])]])
    return GOOD_BOOK[kind]


@FUZZ
@given(
    kind=kinds,
    cut=st.floats(min_value=0, max_value=1),
    flips=st.lists(st.tuples(st.floats(min_value=0, max_value=1), st.integers(0, 255)), max_size=3),
    name=st.sampled_from(["f.xlsx", "f.csv", "f"]),
)
def test_truncated_or_damaged_workbooks(
    with_buildings: Path,
    folder: Path,
    kind: str,
    cut: float,
    flips: list[tuple[float, int]],
    name: str,
) -> None:
    data = bytearray(_good_book(kind)[: int(len(_good_book(kind)) * cut)])
    for where, byte in flips:
        if data:
            data[int(where * (len(data) - 1))] = byte
    path = folder / name
    path.write_bytes(bytes(data))
    _import("truncated or damaged xlsx", kind, path)
    path.unlink()


@FUZZ
@given(
    kind=kinds,
    drop=st.sampled_from(
        ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml",
         "[Content_Types].xml", "xl/_rels/workbook.xml.rels", "nothing"]
    ),
    empty_sheets=st.booleans(),
)  # fmt: skip
def test_workbooks_missing_a_part(
    with_buildings: Path, folder: Path, kind: str, drop: str, empty_sheets: bool
) -> None:
    import re

    source = zipfile.ZipFile(io.BytesIO(_good_book(kind)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            if item.filename == drop:
                continue
            content = source.read(item.filename)
            if empty_sheets and item.filename == "xl/workbook.xml":
                content = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", content, flags=re.S)
            target.writestr(item, content)
    path = folder / "parts.xlsx"
    path.write_bytes(buffer.getvalue())
    _import("workbook missing a part", kind, path)


@FUZZ
@given(
    kind=kinds,
    rows=st.lists(st.lists(typed_cells, max_size=16), max_size=4),
    name=st.sampled_from(["名单.csv", "名单.txt", "名单", "名单.xlsx"]),
    title=st.sampled_from(["总表", "Sheet1", "结果"]),
)
def test_workbooks_under_any_name(
    with_buildings: Path, folder: Path, kind: str, rows: list[list[object]], name: str, title: str
) -> None:
    path = folder / name
    path.write_bytes(_workbook([KINDS[kind][1], *rows], title))
    _import("xlsx under another name", kind, path)
    path.unlink()


@FUZZ
@given(
    kind=kinds,
    damages=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=40),
            st.sampled_from(["n", "s", "b", "d", "e", "str", "inlineStr", "x"]),
            st.one_of(
                st.sampled_from(["9" * 5000, "-1", "99999", "1e999", "abc", "", "2022-13-45"]),
                st.text(alphabet="0123456789.-+eE:TZ", max_size=12),
            ),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_workbooks_with_damaged_cells(
    with_buildings: Path, folder: Path, kind: str, damages: list[tuple[int, str, str]]
) -> None:
    import re

    source = zipfile.ZipFile(io.BytesIO(_good_book(kind)))
    sheet = source.read("xl/worksheets/sheet1.xml").decode("utf-8")
    # Cells of the data row only: the header stays readable.
    cells = re.findall(r'<c r="([A-Z]+(?:[2-9]|[1-9][0-9]+))"[^>]*>.*?</c>', sheet)
    for index, kind_code, value in damages:
        where = cells[index % len(cells)]
        sheet = re.sub(
            rf'<c r="{where}"[^>]*>.*?</c>',
            f'<c r="{where}" t="{kind_code}"><v>{value}</v></c>',
            sheet,
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = sheet.encode("utf-8")
            target.writestr(item, content)
    path = folder / "cells.xlsx"
    path.write_bytes(buffer.getvalue())
    summary = _import("workbook with damaged cells", kind, path)
    # A damaged cell rejects (at most) its row, never the whole file.
    assert summary is not None and summary.total_rows == 1
