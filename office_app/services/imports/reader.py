"""The one reader of every import: a CSV/TSV text file or an .xlsx workbook, row by row.

Buildings, test-site results, residents, volunteers and supplies all arrive as CSV (UTF-8 with
or without BOM, GBK/GB18030 from Excel on Chinese Windows, UTF-16 with its BOM) or .xlsx files
(told by their content, not their name). :func:`open_rows` opens such a file and gives its
header now and its rows as they are read, without holding the file in memory: BOM → strict
UTF-8 → GB18030, comma/tab/semicolon, a lone title line above the header skipped, blank lines
skipped but counted (a row's ``line_no`` is what Excel or an editor shows), cells stripped and
kept as text, the formula mark ``'`` of an export taken off, and each row's raw text kept so
that a rejected row can be stored as it was. Line ends that csv does not know (U+2028 and the
like, :data:`EXTRA_LINE_BREAKS`) split the lines up to the header and any row with more cells
than the header.

A text file is read once when it is UTF-8: its SHA-256 and the check for control characters are
made on the bytes as the rows are read, and strict decoding checks that it is UTF-8. When
something fails, :func:`read_rows` scans the file first (:func:`check_read_once`) so that it is
refused as a scan would have refused it, or read again as what it is (GB18030). An .xlsx
workbook is read row by row with openpyxl's read-only mode.

This module knows nothing of columns, rows' meaning or the database.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import hashlib
import io
import itertools
import logging
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final, TypeVar

from .errors import ImportFileError

log = logging.getLogger(__name__)

ENCODING_LABELS: Final[dict[str, str]] = {
    "utf-8-sig": "UTF-8 BOM",
    "utf-8": "UTF-8",
    "gb18030": "GB18030",
    "utf-16": "UTF-16",
    "xlsx": "Excel .xlsx",
}

# Larger than any export a community office sees; protects memory from a wrong file.
MAX_FILE_BYTES: Final = 200 * 1024 * 1024


_DELIMITERS: Final = (",", "\t", ";")
# Lines looked at to find the delimiter and a header below a title line.
_HEADER_SEARCH: Final = 10
# Line ends that str.splitlines knows and csv does not: vertical tab, form feed, the file, group
# and record separators, NEL and the Unicode line and paragraph separators. A file whose lines
# end in one of them (a header ending in U+2028, say) is split there too, so that the next
# line is a row of its own instead of extra header cells (\x1c-\x1e are refused as binary).
EXTRA_LINE_BREAKS: Final = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
LINE_ENDS: Final = "\r\n" + EXTRA_LINE_BREAKS
EXTRA_BREAK: Final = re.compile(f"[{EXTRA_LINE_BREAKS}]")
_CELL_STRIP: Final = " \t\r\n\f\v\u00a0\u3000\ufeff\u200b\x85\u2028\u2029"
_XLS_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A zip archive (an .xlsx is one), also an empty one.
_ZIP_MAGICS: Final = (b"PK\x03\x04", b"PK\x05\x06")
# C0 control characters that never occur in a text table (tab, line ends, form feed, vertical
# tab and the old DOS end-of-file mark do).
_BINARY_CHARS: Final = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f]")
_SPREADSHEET_SUFFIXES: Final = (".xlsx", ".xlsm", ".xls")

XLSX: Final = "xlsx"
TEXT: Final = "text"


def clean_cell(text: str) -> str:
    """Strip surrounding whitespace (also full-width and no-break spaces); keep the text."""
    return text.strip(_CELL_STRIP)


def _old_excel(name: str) -> ImportFileError:
    return ImportFileError(
        f"{name}：这是旧版 Excel（.xls）或加了密码的工作簿，无法读取；"
        "请在 Excel 中另存为 .xlsx 或“CSV UTF-8”后再导入。"
    )


def not_a_table(name: str, line: int | None = None, code: int | None = None) -> ImportFileError:
    """The message for a file that is neither a text table nor a workbook (binary content):
    ``line`` and ``code`` say where the first control character is."""
    suffix = Path(name).suffix.lower()
    if suffix in _SPREADSHEET_SUFFIXES:
        return ImportFileError(
            f"{name}：扩展名是 {suffix}，但内容既不是 Excel 工作簿也不是文本表格"
            "（文件已损坏，或是其他格式改了扩展名）；请重新导出为 .xlsx 或“CSV UTF-8”后再导入。"
        )
    where = (
        f"（第 {line} 行有控制字符 0x{code:02X}）" if line is not None and code is not None else ""
    )
    return ImportFileError(
        f"{name}：不是文本表格，含有二进制内容{where}；请导入 CSV 或 .xlsx 文件。"
    )


def _refuse_markup(head: bytes, name: str) -> None:
    """A web page or an Excel 2003 XML file (what many systems export as ".xls") is refused
    with what to do, instead of being read as a CSV whose header is markup."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not text.startswith(b"<"):
        return
    if b"urn:schemas-microsoft-com:office:spreadsheet" in text or b"<workbook" in text:
        what = "Excel 2003 XML 表格"
    elif any(tag in text for tag in (b"<html", b"<!doctype", b"<table", b"<meta")):
        what = "网页（HTML）格式的表格"
    else:
        return
    raise ImportFileError(
        f"{name}：这是{what}，不是 CSV 或 .xlsx；请在 Excel 中打开，另存为 .xlsx 或"
        "“CSV UTF-8”后再导入。"
    )


def sniff_format(source: Path | bytes, name: str) -> str:
    """``XLSX`` or ``TEXT`` by the file's content, whatever its name says.

    A zip archive holding ``xl/workbook.xml`` is a workbook (also when named .csv, .txt or
    without extension); anything else that is not a zip or an old binary Excel file is read as
    text (a CSV named .xlsx too). Raises :class:`ImportFileError` for an old .xls, a damaged or
    incomplete workbook, a zip archive that is not a workbook and a web page or XML table.
    """
    if isinstance(source, bytes):
        head = source[:1024]
    else:
        try:
            with source.open("rb") as probe:
                head = probe.read(1024)
        except OSError as exc:
            raise ImportFileError(f"无法读取文件 {name}：{exc.strerror or exc}") from exc
    if head.startswith(_XLS_MAGIC):
        raise _old_excel(name)
    if not head.startswith(_ZIP_MAGICS):
        _refuse_markup(head, name)
        return TEXT
    try:
        archive_source = io.BytesIO(source) if isinstance(source, bytes) else source
        with zipfile.ZipFile(archive_source) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportFileError(
            f"{name}：不是有效的 .xlsx 工作簿：文件已损坏或不完整（压缩结构无法读取，"
            "可能没有复制或下载完）；请重新导出后再导入。"
        ) from exc
    if "xl/workbook.xml" in names:
        return XLSX
    if any(n.startswith("xl/") for n in names):
        raise ImportFileError(
            f"{name}：Excel 工作簿不完整（缺少 xl/workbook.xml）；"
            "请在 Excel 中打开、另存为 .xlsx 后再导入。"
        )
    if "word/document.xml" in names:
        what = "Word 文档"
    elif "ppt/presentation.xml" in names:
        what = "PowerPoint 演示文稿"
    elif "content.xml" in names:
        what = "WPS/OpenDocument 文档"
    else:
        what = "压缩包（zip）"
    raise ImportFileError(
        f"{name}：这是{what}，不是表格；请导入 CSV 或 .xlsx 文件"
        + ("（压缩包请先解压）。" if what.startswith("压缩包") else "。")
    )


_NON_ASCII: Final = re.compile(b"[\x80-\xff]")


class Utf8Check:
    """A file's bytes fed through a strict UTF-8 decoder, chunk by chunk: whether they are
    UTF-8, else on which line they stop being, and whether whole lines of non-ASCII UTF-8
    came before (then the file mixes two encodings: a GBK row pasted below a UTF-8 header)."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.ok = True
        self.failed_line = 0
        self.failed_offset = 0
        self.failed_bytes = b""
        self.mixed = False
        self._offset = 0
        self._newlines = 0
        self._seen_non_ascii = False
        self._line_after_non_ascii = False

    def feed(self, chunk: bytes, final: bool = False) -> None:
        if not self.ok:
            return
        good = chunk
        try:
            self._decoder.decode(chunk, final)
        except UnicodeDecodeError as exc:
            pending = len(exc.object) - len(chunk)  # bytes held back from the last chunk
            good = chunk[: max(exc.start - pending, 0)]
            self.ok = False
            self.failed_offset = self._offset + exc.start - pending
            self.failed_bytes = exc.object[exc.start : exc.start + 2]
        if not self._line_after_non_ascii:
            if not self._seen_non_ascii:
                found = _NON_ASCII.search(good)
                if found:
                    self._seen_non_ascii = True
                    self._line_after_non_ascii = b"\n" in good[found.start() :]
            else:
                self._line_after_non_ascii = b"\n" in good
        self._newlines += good.count(b"\n")
        self._offset += len(chunk)
        if not self.ok:
            self.failed_line = self._newlines + 1
            self.mixed = self._line_after_non_ascii


def bad_utf8(name: str, check: Utf8Check, bom: bool) -> ImportFileError | None:
    """The refusal of a file that is not UTF-8 although it says so (a BOM) or began so (whole
    lines of Chinese in UTF-8 before); None when GB18030 is the file's encoding to try."""
    if check.ok or not (bom or check.mixed):
        return None
    line = check.failed_line
    where = (
        f"第 {line} 行（第 {check.failed_offset} 字节，0x{check.failed_bytes.hex(' ').upper()}）"
    )
    if bom:
        return ImportFileError(
            f"{name}：文件以 UTF-8 标记开头，但{where}不是有效的 UTF-8"
            "（可能混入了其他编码的内容）；请在 Excel 中另存为“CSV UTF-8”后再导入。"
        )
    return ImportFileError(
        f"{name}：文件混用了两种编码：第 {line} 行之前是 UTF-8，{where}不是"
        "（可能是把 GBK/GB18030 的内容粘贴进了 UTF-8 文件）；"
        "请在 Excel 中打开，另存为“CSV UTF-8”后再导入。"
    )


def _count_outside_quotes(line: str, char: str) -> int:
    count = 0
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == char and not quoted:
            count += 1
    return count


def detect_delimiter(lines: Iterable[str]) -> str:
    """The delimiter of the header: the one of comma, tab, semicolon it holds most often.

    The first line holding any of them decides (a title line above the header may hold none);
    ties go to comma, then tab. Without any, the table has one column: comma.
    """
    for line in lines:
        counts = [(_count_outside_quotes(line, d), -i, d) for i, d in enumerate(_DELIMITERS)]
        best = max(counts)
        if best[0] > 0:
            return best[2]
    return ","


def split_joined_line(raw: str, delimiter: str) -> list[tuple[list[str], str]] | None:
    """``raw`` (one record's text) split at EXTRA_LINE_BREAKS characters outside quotes, as
    (cells, piece text) per piece; None when it holds none."""
    if not EXTRA_BREAK.search(raw):
        return None
    pieces: list[str] = []
    start = 0
    quoted = False
    for index, char in enumerate(raw):
        if char == '"':
            quoted = not quoted
        elif not quoted and char in EXTRA_LINE_BREAKS:
            pieces.append(raw[start : index + 1])
            start = index + 1
    if not pieces:
        return None
    if raw[start:]:
        pieces.append(raw[start:])
    result: list[tuple[list[str], str]] = []
    for piece in pieces:
        text = piece.rstrip(LINE_ENDS)
        cells = text.split(delimiter)
        if '"' in text:
            with contextlib.suppress(csv.Error):  # a stray quote: split as it stands
                cells = next(csv.reader([text], delimiter=delimiter), [])
        result.append((cells, piece))
    return result


def _excel_text(value: Any) -> str:
    """A cell value as text, the way an import expects it (see read_table)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_cell(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Integral floats below 1e15 are exact (phone numbers, tube codes typed as numbers).
        # Above that Excel has kept only 15 digits: keep the float's own text (5.1021319e+17)
        # so that the damage stays visible and a validator rejects it.
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return str(value)
    if isinstance(value, dt.datetime):
        if value.microsecond >= 500_000 and value < dt.datetime.max - dt.timedelta(seconds=1):
            value += dt.timedelta(seconds=1)
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return f"{value.isoformat()} 00:00:00"
    if isinstance(value, dt.time):
        return value.replace(microsecond=0).isoformat()
    return clean_cell(str(value))


# What a workbook cell openpyxl cannot read becomes (see _tolerate_bad_cells).
DAMAGED_CELL: Final = "#单元格已损坏!"


def damaged_cell_problem(values: Sequence[str]) -> str | None:
    """The rejection reason of a row holding a damaged workbook cell, else None."""
    if DAMAGED_CELL not in values:
        return None
    column = values.index(DAMAGED_CELL)
    letters = ""
    number = column + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"第 {letters} 列的单元格已损坏，无法读取（文件不完整或被改动过）"


def _tolerate_bad_cells() -> None:
    """Make openpyxl read a damaged cell as :data:`DAMAGED_CELL` instead of giving up the
    whole sheet.

    openpyxl converts each cell as it reads it, and one cell it cannot convert (a number of
    thousands of digits: int() refuses more than 4,300; a shared-string index out of range;
    a date that is no date) raises and ends the reading of the sheet. Wrapped once here, such
    a cell reads as DAMAGED_CELL and the import rejects its row (:func:`damaged_cell_problem`).
    Files without such cells read exactly as before.
    """
    from openpyxl.utils import coordinate_to_tuple

    try:  # openpyxl's own reader (3.1): without it, a damaged cell refuses the sheet as before
        from openpyxl.worksheet import _reader

        parser = _reader.WorkSheetParser
        original = parser.parse_cell
    except (ImportError, AttributeError):  # pragma: no cover - another openpyxl
        log.warning("openpyxl without WorkSheetParser.parse_cell: damaged cells refuse the sheet")
        return
    if getattr(original, "tolerant", False):
        return

    def parse_cell(self: Any, element: Any) -> dict[str, Any]:
        try:
            cell: dict[str, Any] = original(self, element)
            return cell
        except (ValueError, ArithmeticError, LookupError, TypeError):
            coordinate = element.get("r")
            try:
                row, column = (
                    coordinate_to_tuple(coordinate)
                    if coordinate
                    else (self.row_counter, self.col_counter)
                )
            except (ValueError, TypeError):
                self.col_counter += 1
                row, column = self.row_counter, self.col_counter
            self.col_counter = column
            return {
                "row": row,
                "column": column,
                "value": DAMAGED_CELL,
                "data_type": "s",
                "style_id": 0,
            }

    parse_cell.tolerant = True  # type: ignore[attr-defined]
    parser.parse_cell = parse_cell


def open_workbook(source: Any, name: str) -> Any:
    """An openpyxl read-only workbook from a path or a binary file object; ImportFileError."""
    import openpyxl

    _tolerate_bad_cells()
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles, data validation, … that do not matter here.
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        raise ImportFileError(
            f"{name}：不是有效的 .xlsx 工作簿（文件已损坏或不完整，或是其他格式改了扩展名）。"
        ) from exc
    except Exception as exc:
        raise ImportFileError(f"{name}：Excel 工作簿已损坏，无法读取（{exc}）。") from exc


def choose_sheet(workbook: Any, name: str, preferred_sheet: str) -> Any:
    """The sheet ``preferred_sheet`` (总表), else the first visible one; ImportFileError when the
    workbook has none."""
    try:
        if preferred_sheet in workbook.sheetnames:
            sheet = workbook[preferred_sheet]
        else:
            worksheets = list(workbook.worksheets)
            visible = [ws for ws in worksheets if ws.sheet_state == "visible"]
            candidates = visible or worksheets
            if not candidates:
                raise ImportFileError(
                    f"{name}：Excel 工作簿里没有工作表（文件不完整或已损坏）；"
                    "请在 Excel 中打开、另存为 .xlsx 后再导入。"
                )
            sheet = candidates[0]
        if hasattr(sheet, "reset_dimensions"):
            # Some exporters write a wrong <dimension>; read what is really there.
            sheet.reset_dimensions()
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(f"{name}：Excel 工作簿已损坏，无法读取工作表（{exc}）。") from exc
    return sheet


def sheet_error(name: str, sheet_name: str, exc: Exception) -> ImportFileError:
    """The message for a sheet whose content cannot be read (a missing or damaged part)."""
    if isinstance(exc, KeyError | zipfile.BadZipFile | EOFError):
        return ImportFileError(
            f"{name}：工作表“{sheet_name}”的内容缺失或已损坏（文件不完整）；"
            "请在 Excel 中打开、另存为 .xlsx 后再导入。"
        )
    return ImportFileError(f"{name}：读取工作表“{sheet_name}”时出错（{exc}）。")


_CHUNK: Final = 1 << 20
# C0 control characters that never occur in a text table (see _BINARY_CHARS).
_BINARY_BYTES: Final = re.compile(b"[\x00-\x08\x0e-\x19\x1b-\x1f]")
_BINARY_SET: Final = bytes([*range(0x00, 0x09), *range(0x0E, 0x1A), *range(0x1B, 0x20)])


def has_binary(chunk: bytes | memoryview) -> bool:
    """True when ``chunk`` holds one of the control characters of _BINARY_BYTES.

    Deleting them (``bytes.translate``) and comparing lengths is 4× faster than searching
    for them with the pattern (0.011 s against 0.049 s for a 24 MB file of 100,000 rows,
    which every import reads); the pattern then finds where one is, when one is."""
    data = chunk if isinstance(chunk, bytes) else bytes(chunk)
    return len(data.translate(None, _BINARY_SET)) != len(data)


class RawRow:
    """One data row as the user sees it: ``line_no`` counts like Excel or a text editor, the
    cells stripped and padded to the header's width, the raw text (the line or lines as they
    were, line end taken off) joined only when asked for."""

    __slots__ = ("_raw", "line_no", "values")

    def __init__(self, line_no: int, values: list[str], raw: str | list[str]) -> None:
        self.line_no = line_no
        self.values = values
        self._raw = raw

    @property
    def raw_text(self) -> str:
        raw = self._raw if isinstance(self._raw, str) else "".join(self._raw)
        return raw.rstrip(LINE_ENDS)


@dataclass
class RowStream:
    """An open file: its header now, its rows as they are read (see :meth:`rows`)."""

    file_name: str
    sha256: str
    encoding: str
    delimiter: str
    header: list[str]
    header_line_no: int
    size: int
    _rows: Iterator[RawRow]
    _handle: IO[str] | None = None
    _position: list[int] = field(default_factory=lambda: [0])
    _closer: Callable[[], None] | None = None
    # The encoding a file read once was assumed to have ("" when it was scanned first).
    read_once: str = ""
    # The sheet read, for a workbook.
    sheet_name: str = ""

    def rows(self) -> Iterator[RawRow]:
        """Every non-blank data row once, in file order."""
        return self._rows

    @property
    def bytes_read(self) -> int:
        """About how far the reader has got, in bytes (for a progress bar)."""
        if self._handle is None or self._handle.closed:
            return self._position[0]
        buffer = getattr(self._handle, "buffer", None)
        return min(buffer.tell(), self.size) if buffer is not None else 0

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        if self._closer is not None:
            self._closer()
            self._closer = None

    def __enter__(self) -> RowStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _clean(values: list[str]) -> list[str]:
    return [v.strip(_CELL_STRIP) for v in values]


def clean_as_split(delimiter: str) -> Callable[[str], bool]:
    """A test of a line's text (line end taken off): True when every cell, split at
    ``delimiter``, is clean as it is, i.e. none begins or ends with a character
    :data:`_CELL_STRIP` takes off and none begins with the formula mark :func:`_unmark`
    takes off. Most lines of an export are, and then need no call per cell.

    Only the characters beside a delimiter and at the ends of the line are looked at: one
    search that jumps from delimiter to delimiter (the pattern begins with it), and a look
    at the first and last characters; a line that fails it is cleaned cell by cell.
    """
    d = re.escape(delimiter)
    strip = "".join(re.escape(c) for c in _CELL_STRIP if c != delimiter)
    boundary = re.compile(f"{d}(?:(?=[{strip}]|'[=+\\-@])|(?<=[{strip}]{d}))").search
    edges = frozenset(_CELL_STRIP)

    def clean(text: str) -> bool:
        if not text:
            return True
        return not (
            boundary(text)
            or text[0] in edges
            or text[-1] in edges
            or (text[0] == "'" and text[1:2] in ("=", "+", "-", "@"))
        )

    return clean


def _scan(path: Path) -> tuple[str, str, int]:
    """(sha256, encoding, size) of a text file; raises ImportFileError."""
    name = path.name
    digest = hashlib.sha256()
    size = 0
    head = b""
    utf8 = Utf8Check()
    binary: tuple[int, int] | None = None  # (line, byte) of the first control character
    newlines = 0
    try:
        with path.open("rb") as handle:
            while True:
                chunk = handle.read(_CHUNK)
                if not chunk:
                    break
                if not head:
                    head = chunk[:4096]
                size += len(chunk)
                if size > MAX_FILE_BYTES:
                    raise ImportFileError(
                        f"{name}：文件过大（{size // (1024 * 1024)} MB 以上），不像是一份导出表格。"
                    )
                digest.update(chunk)
                if binary is None:
                    found = _BINARY_BYTES.search(chunk) if has_binary(chunk) else None
                    if found:
                        at = found.start()
                        binary = (newlines + chunk.count(b"\n", 0, at) + 1, chunk[at])
                    else:
                        newlines += chunk.count(b"\n")
                utf8.feed(chunk)
            utf8.feed(b"", final=True)
    except OSError as exc:
        raise ImportFileError(f"无法读取文件 {name}：{exc.strerror or exc}") from exc
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return digest.hexdigest(), "utf-16", size
    bom = head.startswith(b"\xef\xbb\xbf")
    refusal = bad_utf8(name, utf8, bom)
    if refusal is not None:
        raise refusal
    encoding = "utf-8-sig" if bom else "utf-8" if utf8.ok else "gb18030"
    if binary is not None:
        raise not_a_table(name, *binary)
    return digest.hexdigest(), encoding, size


class ReadTwice(Exception):
    """A file read once as UTF-8 is not UTF-8 (GB18030): read it again, scanned first."""


class _Scanned(io.RawIOBase):
    """A file's bytes as they are read, once: hashed (SHA-256) and searched for the control
    characters that no text table holds."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self.digest = hashlib.sha256()
        self.read_bytes = 0
        self.binary = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self._handle.readinto(buffer)  # type: ignore[attr-defined]
        if count:
            with memoryview(buffer) as view, view[:count] as chunk:
                self.digest.update(chunk)
                if not self.binary and has_binary(chunk):
                    self.binary = True
            self.read_bytes += count
        return int(count or 0)

    def tell(self) -> int:
        return self.read_bytes

    def close(self) -> None:
        self._handle.close()
        super().close()


def check_read_once(path: Path, encoding: str) -> None:
    """After a file read once as ``encoding`` failed (or ended with control characters
    seen): raise what reading it twice would have said first, i.e. the scan's refusal, or
    :class:`ReadTwice` when the scan finds another encoding; return when the scan agrees
    (then the failure stands)."""
    _, found, _ = _scan(path)
    if found != encoding:
        raise ReadTwice(found)


def _read_once_encoding(path: Path, size: int) -> str | None:
    """The encoding to read ``path`` once as (UTF-8 with or without its BOM); None for a file
    that is scanned first (UTF-16, too large: the scan says what it is)."""
    if size > MAX_FILE_BYTES:
        return None
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError:
        return None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    return "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"


def open_rows(path: Path, *, preferred_sheet: str = "总表", read_once: bool = False) -> RowStream:
    """Open ``path`` for reading row by row. Raises :class:`ImportFileError` (nothing read).

    ``read_once``: a UTF-8 text file is not scanned first; its ``sha256`` is known once every
    row has been read, and any ImportFileError met on the way must go through
    :func:`check_read_once` (:attr:`RowStream.read_once` says which encoding was assumed).
    """
    path = Path(path)
    name = path.name
    if not path.exists():
        raise ImportFileError(f"找不到文件：{path}")
    if path.is_dir():
        raise ImportFileError(f"{path} 是文件夹，不是文件。")
    try:
        size = path.stat().st_size
        if size < 4096 and not path.read_bytes().strip():
            raise ImportFileError(f"{name}：文件是空的。")
    except OSError as exc:
        raise ImportFileError(f"无法读取文件 {name}：{exc.strerror or exc}") from exc
    if sniff_format(path, name) == XLSX:
        return _xlsx_stream(path, preferred_sheet)
    once = _read_once_encoding(path, size) if read_once else None
    if once is not None:
        try:
            scanned = _Scanned(path.open("rb", buffering=0))
        except OSError as exc:
            raise ImportFileError(f"无法读取文件 {name}：{exc.strerror or exc}") from exc
        text = io.TextIOWrapper(
            io.BufferedReader(scanned, _CHUNK), encoding=once, errors="strict", newline=""
        )
        try:
            stream = _text_stream(text, name, "", once, size, scanned=scanned, path=path)
        except ImportFileError:
            text.close()
            check_read_once(path, once)
            raise
        except BaseException:
            text.close()
            raise
        stream.read_once = once
        return stream
    digest, encoding, size = _scan(path)
    if size == 0:
        raise ImportFileError(f"{name}：文件是空的。")
    handle = path.open("r", encoding=encoding, errors="strict", newline="")
    try:
        return _text_stream(handle, name, digest, encoding, size)
    except BaseException:
        handle.close()
        raise


def _digest(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _xlsx_stream(path: Path, preferred_sheet: str) -> RowStream:
    """An .xlsx workbook read row by row (openpyxl's read-only mode): the sheet 总表, else
    the first visible one. Cells as :func:`_excel_text` gives them (Excel dates as
    ``YYYY-MM-DD HH:MM:SS``, whole numbers without ``.0``, damaged long numbers kept visible).
    Line numbers are the sheet's row numbers; the raw text of a row is its cells joined by tabs.
    """
    name = path.name
    digest, size = _digest(path)
    # Opened here, not by name: openpyxl refuses a name not ending in .xlsx ("does not
    # support .csv file format"), and the content has said that this is a workbook.
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ImportFileError(f"无法读取文件 {name}：{exc.strerror or exc}") from exc
    try:
        workbook = open_workbook(handle, name)
    except BaseException:
        handle.close()
        raise

    def close() -> None:
        workbook.close()
        handle.close()

    try:
        sheet = choose_sheet(workbook, name, preferred_sheet)
        sheet_name = str(sheet.title)

        def records() -> Iterator[tuple[int, list[str]]]:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    for line_no, cells in enumerate(sheet.iter_rows(values_only=True), 1):
                        values = [_excel_text(v) for v in cells]
                        while values and not values[-1]:
                            values.pop()
                        if values:
                            yield line_no, values
            except ImportFileError:
                raise
            except Exception as exc:
                raise sheet_error(name, sheet_name, exc) from exc

        source = records()
        buffered: list[tuple[int, list[str]]] = []
        for line_no, values in source:
            buffered.append((line_no, values))
            if sum(1 for v in values if v) >= 2 or len(buffered) >= _HEADER_SEARCH:
                break
        if not buffered:
            raise ImportFileError(f"{name}：工作表“{sheet_name}”是空的，没有表头和数据。")
        index = next((i for i, (_, c) in enumerate(buffered) if sum(1 for v in c if v) >= 2), 0)
        header_line, header = buffered[index]
        header = list(header)
        width = len(header)

        def rows() -> Iterator[RawRow]:
            for line_no, values in itertools.chain(buffered[index + 1 :], source):
                if len(values) < width:
                    values.extend([""] * (width - len(values)))
                yield RawRow(line_no, values, "\t".join(values))

    except BaseException:
        close()
        raise
    stream = RowStream(
        file_name=name,
        sha256=digest,
        encoding="xlsx",
        delimiter="",
        header=header,
        header_line_no=header_line,
        size=size,
        _rows=rows(),
        _closer=close,
        sheet_name=sheet_name,
    )
    return stream


def _decode_error(name: str, encoding: str, exc: UnicodeDecodeError) -> ImportFileError:
    label = ENCODING_LABELS.get(encoding, encoding)
    return ImportFileError(
        f"{name}：无法按 {label} 解码（0x{exc.object[exc.start : exc.start + 2].hex().upper()}）。"
        "请在 Excel 中另存为“CSV UTF-8”后再导入。"
    )


class _CsvProblem(Exception):
    def __init__(self, line_no: int, error: csv.Error) -> None:
        super().__init__(str(error))
        self.line_no = line_no


Raw = str | list[str]
Record = tuple[int, list[str], Raw]


# A quoted cell may hold line ends, but not many: a quote that is never closed would
# otherwise swallow the rest of the file into one cell.
MAX_QUOTED_LINES: Final = 10
UNCLOSED_QUOTE: Final = '这一行的引号没有闭合（单元格里多了一个英文双引号 "）'


def _records(lines: Iterator[str], delimiter: str) -> Iterator[tuple[int, list[str], Raw]]:
    """(first line number, cells, raw line or lines) of every record, blank ones too.

    A line without a quote character is split directly (most lines of an export); a line
    with one goes through :mod:`csv`, which reads on for a quoted cell holding line ends —
    at most ``MAX_QUOTED_LINES`` lines. A quote still open after that makes the first line a
    record of its own whose only cell is ``UNCLOSED_QUOTE`` (the reader rejects it with that
    reason), and reading goes on with the next line.
    """
    pending: list[str] = []  # lines read ahead and given back, next one last

    def next_line() -> str | None:
        if pending:
            return pending.pop()
        return next(lines, None)

    line_no = 0
    while True:
        if pending:
            line = pending.pop()
        else:
            read = next(lines, None)
            if read is None:
                return
            line = read
        line_no += 1
        if '"' not in line:
            yield line_no, line.rstrip(LINE_ENDS).split(delimiter), line
            continue
        first = line_no
        taken = [line]

        def more(head: str = line, kept: list[str] = taken) -> Iterator[str]:
            yield head
            while len(kept) < MAX_QUOTED_LINES:
                following = next_line()
                if following is None:
                    return
                kept.append(following)
                yield following

        reader = csv.reader(more(), delimiter=delimiter)
        try:
            values = next(reader, [])
        except csv.Error as exc:
            raise _CsvProblem(first + len(taken) - 1, exc) from exc
        if _open_quote(taken):  # the reader ran out of lines inside a quoted cell
            pending.extend(reversed(taken[1:]))
            yield first, [UNCLOSED_QUOTE], line
            continue
        line_no = first + len(taken) - 1
        yield first, values, taken


def _unmark(cell: str) -> str:
    """Take off the ``'`` an export puts before a cell a spreadsheet would run as a formula."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@") else cell


def _open_quote(lines: list[str]) -> bool:
    """True when the lines hold an odd number of double quotes (a cell never closed)."""
    return sum(line.count('"') for line in lines) % 2 == 1


def _pieces(first: int, values: list[str], raw: Raw, delimiter: str) -> list[Record]:
    """A record split at EXTRA_LINE_BREAKS outside quotes, each piece a record of its own with
    the line's number; a record without them as it is.

    Used for the lines up to the header (a header cell never holds such a separator: a header
    ending in U+2028 is followed by the first row, not by more columns) and for a row with more
    cells than the header (two rows on one line); a row of the right width keeps a separator
    inside a cell as text.
    """
    split = split_joined_line(raw if isinstance(raw, str) else "".join(raw), delimiter)
    if split is None:
        return [(first, values, raw)]
    return [(first, cells, piece) for cells, piece in split]


def _text_stream(
    handle: IO[str],
    name: str,
    digest: str,
    encoding: str,
    size: int,
    *,
    scanned: _Scanned | None = None,
    path: Path | None = None,
) -> RowStream:
    # Look at the first lines for the delimiter and the header.
    probe: list[str] = []
    try:
        while len(probe) < _HEADER_SEARCH * 4:
            line = handle.readline()
            if not line:
                break
            probe.append(line)
    except UnicodeDecodeError as exc:
        raise _decode_error(name, encoding, exc) from exc
    lines: Iterator[str] = itertools.chain(probe, handle)
    non_blank = [line for line in probe if line.strip(_CELL_STRIP)]
    if not non_blank:
        raise ImportFileError(f"{name}：文件是空的，没有表头和数据。")
    delimiter = detect_delimiter(non_blank[:_HEADER_SEARCH])
    records = _records(lines, delimiter)

    def problem(exc: Exception) -> ImportFileError:
        if isinstance(exc, _CsvProblem):
            return ImportFileError(f"{name}：第 {exc.line_no} 行不是有效的 CSV：{exc}")
        assert isinstance(exc, UnicodeDecodeError)
        return _decode_error(name, encoding, exc)

    # The header: the first non-blank record holding two or more cells (a lone title above it
    # is skipped), among the first few.
    buffered: list[Record] = []
    try:
        found = False
        for record in records:
            pieces = _pieces(*record, delimiter)
            for k, (first, values, raw) in enumerate(pieces):
                cells = _clean(values)
                if not any(cells):
                    continue
                buffered.append((first, cells, raw))
                if sum(1 for c in cells if c) >= 2 or len(buffered) >= _HEADER_SEARCH:
                    found = True
                    # The rest of a split line are rows below the header.
                    for after, more, text in pieces[k + 1 :]:
                        if any(cleaned := _clean(more)):
                            buffered.append((after, cleaned, text))
                    break
            if found:
                break
    except (_CsvProblem, UnicodeDecodeError) as exc:
        raise problem(exc) from exc
    if not buffered:
        raise ImportFileError(f"{name}：文件是空的，没有表头和数据。")
    index = next((i for i, (_, c, _) in enumerate(buffered) if sum(1 for v in c if v) >= 2), 0)
    header_line, header_cells, _ = buffered[index]
    # A header cell exported with the formula mark (see export_rejected) reads as written.
    header = [_unmark(cell) for cell in header_cells]
    while header and not header[-1]:
        header.pop()
    leftover = buffered[index + 1 :]
    width = len(header)

    def rows() -> Iterator[RawRow]:
        for line_no, cells, raw in leftover:
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            yield RawRow(line_no, cells, raw)
        strip = _CELL_STRIP
        clean = clean_as_split(delimiter)
        try:
            for first, values, raw in records:
                if (
                    len(values) > width
                    and len(pieces := _pieces(first, values, raw, delimiter)) > 1
                ):
                    # More cells than the header: rows joined by a separator csv does not know.
                    for line_no, more, text in pieces:
                        cells = [_unmark(v.strip(strip)) for v in more]
                        if any(cells):
                            cells.extend([""] * (width - len(cells)))
                            yield RawRow(line_no, cells, text)
                    continue
                if raw.__class__ is str and clean(raw.rstrip(LINE_ENDS)):
                    cells = values  # split from this very text: every cell is clean already
                else:
                    cells = [_unmark(v.strip(strip)) for v in values]
                if not any(cells):
                    continue
                if len(cells) < width:
                    cells.extend([""] * (width - len(cells)))
                yield RawRow(first, cells, raw)
        except (_CsvProblem, UnicodeDecodeError) as exc:
            raise problem(exc) from exc
        if scanned is not None:
            # Read once: every byte has been hashed and looked at now.
            assert path is not None
            if scanned.binary:
                check_read_once(path, encoding)  # raises the scan's refusal
            stream.sha256 = scanned.digest.hexdigest()

    stream = RowStream(
        file_name=name,
        sha256=digest,
        encoding=encoding,
        delimiter=delimiter,
        header=header,
        header_line_no=header_line,
        size=size,
        _rows=rows(),
        _handle=handle,
    )
    return stream


T = TypeVar("T")


def read_rows(
    path: Path,
    work: Callable[[RowStream], T],
    *,
    preferred_sheet: str = "总表",
    read_once: bool = True,
) -> T:
    """``work(stream)`` over the file's rows, read once when it is UTF-8 (and ``read_once``;
    otherwise scanned first, then read).

    The one way an import reads a file. ``work`` reads the rows (``stream.sha256`` is known
    once it has read them all) and may raise :class:`ImportFileError`; then, for a file read
    once, the file is scanned, and what the scan says first (a binary file, a file not UTF-8
    although it says so) is raised instead. A file that turns out to be GB18030 is read again,
    scanned first: ``work`` must therefore leave nothing behind when it raises (its
    transaction rolled back).
    """
    path = Path(path)

    def attempt(read_once: bool) -> T:
        with open_rows(path, preferred_sheet=preferred_sheet, read_once=read_once) as stream:
            try:
                return work(stream)
            except ImportFileError:
                if stream.read_once:
                    check_read_once(path, stream.read_once)
                raise

    if not read_once:
        return attempt(False)
    try:
        return attempt(True)
    except ReadTwice:
        return attempt(False)


@dataclass(frozen=True)
class RawTable:
    """A whole file read by :func:`read_table`: for a small look at a file (tests, tools),
    never for an import (an import streams)."""

    file_name: str
    sha256: str
    encoding: str
    delimiter: str
    header: list[str]
    rows: list[RawRow]
    header_line_no: int = 1
    sheet_name: str = ""


def read_table(path: Path, *, preferred_sheet: str = "总表") -> RawTable:
    """Every row of ``path`` read by :func:`open_rows`, in a list."""

    def collect(stream: RowStream) -> RawTable:
        rows = list(stream.rows())
        return RawTable(
            file_name=stream.file_name,
            sha256=stream.sha256,
            encoding=stream.encoding,
            delimiter=stream.delimiter,
            header=list(stream.header),
            rows=rows,
            header_line_no=stream.header_line_no,
            sheet_name=stream.sheet_name,
        )

    return read_rows(path, collect, preferred_sheet=preferred_sheet)


__all__ = [
    "DAMAGED_CELL",
    "ENCODING_LABELS",
    "EXTRA_LINE_BREAKS",
    "LINE_ENDS",
    "MAX_FILE_BYTES",
    "UNCLOSED_QUOTE",
    "XLSX",
    "RawRow",
    "RawTable",
    "ReadTwice",
    "RowStream",
    "check_read_once",
    "clean_cell",
    "damaged_cell_problem",
    "detect_delimiter",
    "open_rows",
    "read_rows",
    "read_table",
    "sniff_format",
]
