"""The one machinery every file import uses: reading, header matching, row rejection, recording.

Buildings, test-site results, residents, volunteers and supplies all arrive as CSV (UTF-8 with
or without BOM, or GBK/GB18030 from Excel on Chinese Windows) or .xlsx files with headers that
vary from one exporter to the next. This module turns such a file into a :class:`RawTable`,
finds the columns an import needs (:func:`match_columns`), runs an import's row handler over the
rows in one transaction, keeps every rejected row with its raw text (:func:`record_run`), and
returns an :class:`ImportSummary` for the GUI and the command line.

An import adds only its own columns and row rules: subclass :class:`RowImporter`, give it
``kind`` and ``columns``, write ``handle(row)`` (raise :class:`RowRejected` through
``row.reject``/``row.required``/``row.integer`` for a bad row), and call :func:`run_import`.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import hashlib
import io
import logging
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Final, Literal, NoReturn

from office_app.models import ImportRun, RejectedRow, db

from ..admin import audit
from ..admin.actor import Actor, require_write

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------------
# Errors

KIND_LABELS: Final[dict[str, str]] = {
    "tests": "核酸检测结果",
    "buildings": "楼栋",
    "residents": "居民",
    "volunteers": "志愿者",
    "supplies": "物资",
}

ENCODING_LABELS: Final[dict[str, str]] = {
    "utf-8-sig": "UTF-8 BOM",
    "utf-8": "UTF-8",
    "gb18030": "GB18030",
    "utf-16": "UTF-16",
    "xlsx": "Excel .xlsx",
}

# Larger than any export a community office sees; protects memory from a wrong file.
MAX_FILE_BYTES: Final = 200 * 1024 * 1024


class ImportFileError(Exception):
    """The file cannot be used at all: nothing was written. The message names the file."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class MissingColumns(ImportFileError):
    """Required columns are not in the header. Nothing was written."""

    def __init__(
        self,
        missing_labels: list[str],
        found_header: list[str],
        *,
        file_name: str = "",
        hint: str = "",
    ) -> None:
        self.missing_labels = list(missing_labels)
        self.found_header = list(found_header)
        self.file_name = file_name
        self.hint = hint
        found = ", ".join(h for h in found_header if h) or "无"
        message = f"缺少必需的列：{'、'.join(missing_labels)}（文件中的列：{found}）"
        if file_name:
            message = f"{file_name}：{message}"
        if hint:
            message = f"{message}。{hint}"
        super().__init__(message)


# ---------------------------------------------------------------------------------------------
# Reading a file into a table


@dataclass(frozen=True)
class RawRow:
    """One data row as the user sees it: ``line_no`` counts like Excel or a text editor."""

    line_no: int
    values: list[str]
    raw_text: str


@dataclass(frozen=True)
class RawTable:
    file_name: str
    sha256: str
    # "utf-8-sig", "utf-8", "gb18030", "utf-16" (Excel's "Unicode text") or "xlsx"
    encoding: str
    # "," "\t" or ";" for text files, "" for .xlsx
    delimiter: str
    header: list[str]
    rows: list[RawRow]
    header_line_no: int = 1
    sheet_name: str = ""


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


def read_table(path: Path, *, preferred_sheet: str = "总表") -> RawTable:
    """Read a CSV/TSV text file or an .xlsx workbook into a :class:`RawTable`.

    The format is told by the content (:func:`sniff_format`), not by the name. Cells are
    stripped and otherwise kept as text exactly ("221120100137" stays text). Blank lines are
    skipped but counted, so ``line_no`` is what Excel or an editor shows. The header is the
    first non-blank line, unless that line is a lone title ("科城路社区核酸名单") above a real
    header. Raises :class:`ImportFileError` with a Chinese message naming the file.
    """
    path = Path(path)
    name = path.name
    data = _read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise ImportFileError(f"{name}：文件是空的。")
    if sniff_format(data, name) == XLSX:
        return _read_xlsx(data, name, digest, preferred_sheet)
    text, encoding = decode_text(data, name)
    return _read_text(text, name, digest, encoding)


def _read_bytes(path: Path) -> bytes:
    name = path.name
    if not path.exists():
        raise ImportFileError(f"找不到文件：{path}")
    if path.is_dir():
        raise ImportFileError(f"{path} 是文件夹，不是文件。")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFileError(
                f"{name}：文件过大（{size // (1024 * 1024)} MB），不像是一份导出表格。"
            )
        return path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ImportFileError(f"无法读取文件 {name}：{reason}") from exc


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


def decode_text(data: bytes, name: str = "文件") -> tuple[str, str]:
    """Decode a text file: BOM → UTF-8-sig (or UTF-16), else strict UTF-8, else GB18030.

    UTF-8 comes before GB18030 because GB18030 accepts almost any byte sequence: a UTF-8 file
    decoded as GB18030 gives mojibake (姓名 → 濮撳悕) without any error.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8", "gb18030")
    if candidates[0] != "utf-16":
        check = Utf8Check()
        check.feed(data, final=True)
        refusal = bad_utf8(name, check, bom=candidates[0] == "utf-8-sig")
        if refusal is not None:
            raise refusal
    error: UnicodeDecodeError | None = None
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            error = exc
            continue
        found = _BINARY_CHARS.search(text)
        if found:
            line = text.count("\n", 0, found.start()) + 1
            raise not_a_table(name, line, ord(found.group()))
        return text, encoding
    assert error is not None
    offset = error.start
    line = data[:offset].count(b"\n") + 1
    bad = data[offset : offset + 2].hex(" ").upper()
    tried = "、".join(ENCODING_LABELS.get(c, c) for c in candidates)
    raise ImportFileError(
        f"{name}：无法识别文件编码（试过 {tried}）：第 {line} 行、第 {offset} 字节处的内容"
        f"（0x{bad}）无法解码。请在 Excel 中另存为“CSV UTF-8”后再导入。"
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


def _is_blank(values: Sequence[str]) -> bool:
    return not any(clean_cell(v) for v in values)


def _filled(values: Sequence[str]) -> int:
    return sum(1 for v in values if clean_cell(v))


def _header_index(records: Sequence[tuple[int, list[str], str]]) -> int:
    """Index of the header among non-blank records: skip lone title lines above it."""
    for i, (_, values, _) in enumerate(records[:_HEADER_SEARCH]):
        if _filled(values) >= 2:
            return i
    return 0


def _trim_header(values: list[str]) -> list[str]:
    header = [clean_cell(v) for v in values]
    while header and not header[-1]:
        header.pop()
    return header


def _build_table(
    records: list[tuple[int, list[str], str]],
    *,
    name: str,
    digest: str,
    encoding: str,
    delimiter: str,
    sheet_name: str = "",
) -> RawTable:
    """``records``: non-blank (line_no, cells, raw_text), in file order."""
    if not records:
        where = f"工作表“{sheet_name}”" if sheet_name else "文件"
        raise ImportFileError(f"{name}：{where}是空的，没有表头和数据。")
    start = _header_index(records)
    header_line, header_values, _ = records[start]
    header = _trim_header(header_values)
    rows: list[RawRow] = []
    for line_no, values, raw_text in records[start + 1 :]:
        cells = [clean_cell(v) for v in values]
        if len(cells) < len(header):
            cells.extend([""] * (len(header) - len(cells)))
        rows.append(RawRow(line_no, cells, raw_text))
    return RawTable(
        file_name=name,
        sha256=digest,
        encoding=encoding,
        delimiter=delimiter,
        header=header,
        rows=rows,
        header_line_no=header_line,
        sheet_name=sheet_name,
    )


def _read_text(text: str, name: str, digest: str, encoding: str) -> RawTable:
    # newline="" splits on \n, \r\n and \r and keeps the line ends, as csv wants.
    lines = io.StringIO(text, newline="").readlines()
    probe = [line for line in lines[: _HEADER_SEARCH * 4] if line.strip(_CELL_STRIP)]
    delimiter = detect_delimiter(probe[:_HEADER_SEARCH])
    reader = csv.reader(iter(lines), delimiter=delimiter)
    records: list[tuple[int, list[str], str]] = []
    consumed = 0
    try:
        for values in reader:
            first, consumed = consumed + 1, reader.line_num
            if _is_blank(values):
                continue
            raw_text = "".join(lines[first - 1 : consumed]).rstrip(LINE_ENDS)
            records.append((first, values, raw_text))
    except csv.Error as exc:
        raise ImportFileError(f"{name}：第 {consumed + 1} 行不是有效的 CSV：{exc}") from exc
    records = _split_joined(records, delimiter)
    return _build_table(records, name=name, digest=digest, encoding=encoding, delimiter=delimiter)


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


def _split_joined(
    records: list[tuple[int, list[str], str]], delimiter: str
) -> list[tuple[int, list[str], str]]:
    """Lines joined by an EXTRA_LINE_BREAKS character (outside quotes) split there, each piece
    with the line's number: the lines up to the header (a header ending in U+2028 is followed
    by the first row, not by more columns) and rows with more cells than the header (two rows
    on one line). A row of the header's width keeps such a character inside a cell as text."""
    result: list[tuple[int, list[str], str]] = []
    width: int | None = None
    for line_no, values, raw in records:
        # More cells than the header, even empty ones (a row ending in empty cells joined to
        # the next), are rows joined by a separator.
        if width is not None and len(values) <= width:
            result.append((line_no, values, raw))
            continue
        split = split_joined_line(raw, delimiter)
        pieces = (
            [(line_no, cells, text.rstrip(LINE_ENDS)) for cells, text in split]
            if split
            else [(line_no, values, raw)]
        )
        for piece in pieces:
            if _is_blank(piece[1]):
                continue
            result.append(piece)
            if width is None and (_filled(piece[1]) >= 2 or len(result) >= _HEADER_SEARCH):
                width = len(_trim_header(result[_header_index(result)][1]))
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


def _read_xlsx(data: bytes, name: str, digest: str, preferred_sheet: str) -> RawTable:
    # From the bytes already read: no second read, no file handle left open on Windows, and no
    # refusal of a workbook whose name does not end in .xlsx.
    workbook = open_workbook(io.BytesIO(data), name)
    try:
        sheet = choose_sheet(workbook, name, preferred_sheet)
        sheet_name = str(sheet.title)
        records: list[tuple[int, list[str], str]] = []
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for line_no, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1):
                    values = [_excel_text(v) for v in cells]
                    while values and not values[-1]:
                        values.pop()
                    if not values:
                        continue
                    records.append((line_no, values, "\t".join(values)))
        except Exception as exc:
            raise sheet_error(name, sheet_name, exc) from exc
    finally:
        workbook.close()
    return _build_table(
        records, name=name, digest=digest, encoding="xlsx", delimiter="", sheet_name=sheet_name
    )


# ---------------------------------------------------------------------------------------------
# Headers and columns

_OPTIONAL_MARK: Final = re.compile(r"[(\[【〔]\s*(必填|选填|可选|必须|非必填)\s*[)\]】〕]")
_SPACES: Final = re.compile(r"\s+")


def normalize_header(text: str) -> str:
    """The comparable form of a header: NFKC, no whitespace, no ``*`` nor ``(必填)``, lower case.

    "＊证件号码（必填）", " 证件 号码 " and "证件号码*" all give "证件号码".
    """
    value = unicodedata.normalize("NFKC", text).replace("\ufeff", "")
    value = _SPACES.sub("", value)
    value = _OPTIONAL_MARK.sub("", value)
    value = value.replace("*", "").rstrip(":")
    return value.lower()


@dataclass(frozen=True)
class ColumnSpec:
    """A column an import reads: ``key`` in code, ``label`` as the user knows it."""

    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.synonyms)


def column_hint(specs: Iterable[ColumnSpec]) -> str:
    """The accepted headers for an error message: 可识别的列名：小区（小区名称、居住小区）；…"""
    parts = []
    for spec in specs:
        if spec.synonyms:
            parts.append(f"{spec.label}（{'、'.join(spec.synonyms)}）")
        else:
            parts.append(spec.label)
    return "可识别的列名：" + "；".join(parts)


def match_columns(header: list[str], specs: Sequence[ColumnSpec]) -> dict[str, int]:
    """Map each spec's key to its column index in ``header``.

    A header cell matches a spec when its normalized text equals the normalized label or a
    synonym. Specs are matched in order; for each, the first matching column not yet taken wins.
    Raises :class:`MissingColumns` naming every required column that is not there.
    """
    normalized = [normalize_header(h) for h in header]
    taken: set[int] = set()
    result: dict[str, int] = {}
    missing: list[str] = []
    for spec in specs:
        names = {normalize_header(n) for n in spec.names}
        for index, value in enumerate(normalized):
            if index not in taken and value and value in names:
                result[spec.key] = index
                taken.add(index)
                break
        else:
            if spec.required:
                missing.append(spec.label)
    if missing:
        raise MissingColumns(missing, list(header))
    return result


# ---------------------------------------------------------------------------------------------
# Rows, rejections and the summary


@dataclass(frozen=True)
class Rejection:
    line_no: int
    column: str
    reason: str
    raw_text: str

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "line_no": self.line_no,
            "column": self.column,
            "reason": self.reason,
            "raw_text": self.raw_text,
        }


class RowRejected(Exception):
    """Raised by a row handler (through :class:`Row` helpers) for a row it cannot use."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(f"{column}: {reason}" if column else reason)
        self.column = column
        self.reason = reason


_INTEGER: Final = re.compile(r"[+-]?[0-9]+(?:\.0*)?", re.ASCII)
_MAX_DIGITS: Final = 18


def parse_int(text: str) -> int:
    """A plain integer cell: "12", "+12", "-3", "12.0" and full-width "１２" are accepted.

    Anything else ("12户", "1,200", "1.5", "1e3") raises ValueError: an import rejects it
    rather than guessing.
    """
    value = unicodedata.normalize("NFKC", text).strip()
    if not _INTEGER.fullmatch(value):
        raise ValueError(text)
    digits = value.split(".", 1)[0]
    if len(digits.lstrip("+-").lstrip("0")) > _MAX_DIGITS:
        # int() refuses more than 4,300 digits; no count of an import has 19.
        raise OverflowError(text)
    return int(digits)


def _shorten(text: str, limit: int = 40) -> str:
    """A cell quoted in a reason: a huge cell is cut (the raw text keeps it whole)."""
    return text if len(text) <= limit else f"{text[:limit]}…（共 {len(text)} 个字符）"


_LONG_QUOTE: Final = re.compile(r"“([^”]{41,})”")


def shorten_quotes(reason: str) -> str:
    """A reason with every cell it quotes (“…”) cut to 40 characters: a reason names the
    problem, the rejected row keeps the cell whole."""
    if len(reason) <= 80:
        return reason
    return _LONG_QUOTE.sub(lambda m: f"“{_shorten(m.group(1))}”", reason)


class Row:
    """One data row with the matched columns: the helpers raise :class:`RowRejected`."""

    def __init__(self, raw: RawRow, columns: Mapping[str, int], labels: Mapping[str, str]):
        self.raw = raw
        self.columns = columns
        self.labels = labels

    @property
    def line_no(self) -> int:
        return self.raw.line_no

    @property
    def raw_text(self) -> str:
        return self.raw.raw_text

    def has(self, key: str) -> bool:
        """Whether the file has this column at all."""
        return key in self.columns

    def label(self, key: str) -> str:
        """The column's header as written in the file (the spec's label when absent)."""
        return self.labels.get(key, key)

    def text(self, key: str) -> str:
        """The stripped cell text; "" when empty or when the file has no such column."""
        index = self.columns.get(key)
        if index is None or index >= len(self.raw.values):
            return ""
        return self.raw.values[index]

    def reject(self, key: str | None, reason: str) -> NoReturn:
        raise RowRejected(self.label(key) if key else "", reason)

    def required(self, key: str) -> str:
        value = self.text(key)
        if not value:
            self.reject(key, "不能为空")
        return value

    def integer(
        self,
        key: str,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        """The cell as an integer, None when empty; reject non-integers and out-of-range values."""
        value = self.text(key)
        if not value:
            return None
        try:
            number = parse_int(value)
        except OverflowError:
            self.reject(key, f"“{_shorten(value)}”超出合理范围")
        except ValueError:
            self.reject(key, f"“{_shorten(value)}”不是整数")
        if minimum is not None and number < minimum:
            if minimum == 0:
                self.reject(key, f"“{value}”不能为负数")
            self.reject(key, f"“{value}”不能小于 {minimum}")
        if maximum is not None and number > maximum:
            self.reject(key, f"“{value}”超出合理范围（最大 {maximum}）")
        return number


class SeenKeys:
    """Duplicates inside one file: the later row is rejected "与第 N 行重复"."""

    def __init__(self) -> None:
        self._first: dict[tuple[object, ...], int] = {}

    def check(self, row: Row, key: tuple[object, ...], column: str | None = None) -> None:
        first = self._first.get(key)
        if first is not None:
            row.reject(column, f"与第 {first} 行重复")

    def remember(self, row: Row, key: tuple[object, ...]) -> None:
        self._first.setdefault(key, row.line_no)


def unreadable_note(exc: BaseException) -> str:
    """An unforeseen error of a row for the log: its type and message, cut short, with full
    ID and phone numbers masked (the log is kept outside the database and the purge)."""
    return audit.mask_text(f"{type(exc).__name__}: {str(exc)[:200]}")


# What a row rule may raise on a cell it did not foresee; the row is rejected with this reason.
UNREADABLE_CELL_ERRORS: Final = (ValueError, ArithmeticError)
UNREADABLE_ROW: Final = "这一行有无法识别的内容（数字过长、日期超出范围或字符无法处理）"

RowOutcome = Literal["imported", "updated", "duplicate"]
IMPORTED: Final = "imported"
UPDATED: Final = "updated"
DUPLICATE: Final = "duplicate"


@dataclass
class ImportSummary:
    kind: str
    file: str
    encoding: str
    total_rows: int = 0
    imported: int = 0
    updated: int = 0
    duplicates: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    dry_run: bool = False
    already_imported: bool = False
    import_run_id: int | None = None
    sha256: str = ""
    # Import-specific counts (e.g. compounds_created), with their labels for describe().
    details: dict[str, int] = field(default_factory=dict)
    detail_labels: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Every row was used (imported, updated or already there)."""
        return self.rejected == 0

    def counts(self) -> dict[str, int]:
        return {
            "total_rows": self.total_rows,
            "imported": self.imported,
            "updated": self.updated,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            **self.details,
        }

    def describe(self) -> str:
        """One line in Chinese for the status bar, the command line and the audit trail."""
        kind = KIND_LABELS.get(self.kind, self.kind)
        encoding = ENCODING_LABELS.get(self.encoding, self.encoding)
        parts = [
            f"共 {self.total_rows} 行",
            f"新增 {self.imported}",
            f"更新 {self.updated}",
            f"未变/重复 {self.duplicates}",
            f"拒绝 {self.rejected}",
        ]
        parts += [f"{self.detail_labels.get(k, k)} {v}" for k, v in self.details.items()]
        text = f"{kind}导入 {self.file}（{encoding}）：{'，'.join(parts)}"
        if self.already_imported:
            text += "（此文件以前导入过）"
        if self.dry_run:
            text += "（试运行，未写入数据库）"
        return text

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file": self.file,
            "encoding": self.encoding,
            "sha256": self.sha256,
            "total_rows": self.total_rows,
            "imported": self.imported,
            "updated": self.updated,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "details": dict(self.details),
            "dry_run": self.dry_run,
            "already_imported": self.already_imported,
            "import_run_id": self.import_run_id,
            "ok": self.ok,
            "rejections": [r.to_json_dict() for r in self.rejections],
        }


def record_run(actor: Actor, kind: str, table: RawTable, summary: ImportSummary) -> ImportRun:
    """Write the ImportRun and one RejectedRow per rejection (raw text kept).

    Call it inside the caller's transaction.
    """
    run: ImportRun = ImportRun.create(
        kind=kind,
        file_name=table.file_name[:255],
        sha256=table.sha256,
        encoding=table.encoding,
        total_rows=summary.total_rows,
        imported_rows=summary.imported,
        updated_rows=summary.updated,
        duplicate_rows=summary.duplicates,
        rejected_rows=summary.rejected,
        operator=actor.operator_id,
        operator_name=actor.username,
    )
    rows = [
        {
            "import_run": run.id,
            "line_no": r.line_no,
            "column": r.column[:64],
            "reason": r.reason,
            "raw_text": r.raw_text,
        }
        for r in summary.rejections
    ]
    for start in range(0, len(rows), 200):
        RejectedRow.insert_many(rows[start : start + 200]).execute()
    return run


def was_imported(kind: str, sha256: str) -> bool:
    """Whether a file with these bytes was imported before as this kind."""
    return bool(
        ImportRun.select().where((ImportRun.kind == kind) & (ImportRun.sha256 == sha256)).exists()
    )


# ---------------------------------------------------------------------------------------------
# Running an import


class RowImporter:
    """What one kind of import adds on top of the machinery: its columns and its row rules.

    ``handle`` runs inside a savepoint per row: raising :class:`RowRejected` (through the
    :class:`Row` helpers) undoes what that row wrote and keeps the row for review.
    """

    kind: ClassVar[str] = ""
    columns: ClassVar[tuple[ColumnSpec, ...]] = ()
    detail_labels: ClassVar[dict[str, str]] = {}

    def __init__(self) -> None:
        self.details: dict[str, int] = {}

    def start(self, table: RawTable, columns: Mapping[str, int]) -> None:
        """Called inside the transaction before the first row (load look-up tables here)."""

    def handle(self, row: Row) -> RowOutcome:
        raise NotImplementedError

    def finish(self) -> None:
        """Called inside the transaction after the last row (follow-up work, e.g. proposals)."""


def _column_label(header_text: str, spec: ColumnSpec) -> str:
    """How a rejection names a column: the file's own header, without "*" or "(必填)" noise."""
    if normalize_header(header_text) == normalize_header(spec.label):
        return spec.label
    return header_text or spec.label


def _shape_problem(raw: RawRow, width: int) -> str | None:
    damaged = damaged_cell_problem(raw.values)
    if damaged:
        return damaged
    extra = [v for v in raw.values[width:] if v]
    if extra:
        count = width + len(raw.values[width:])
        return f"这一行有 {count} 个值，表头只有 {width} 列（可能有多余的分隔符）"
    return None


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
    table = read_table(path, preferred_sheet=preferred_sheet)
    try:
        columns = match_columns(table.header, importer.columns)
    except MissingColumns as exc:
        raise MissingColumns(
            exc.missing_labels,
            exc.found_header,
            file_name=table.file_name,
            hint=column_hint(s for s in importer.columns if s.label in exc.missing_labels),
        ) from None
    if not table.rows:
        raise ImportFileError(f"{table.file_name}：只有表头，没有数据行。")
    labels = {
        spec.key: _column_label(table.header[columns[spec.key]], spec)
        for spec in importer.columns
        if spec.key in columns
    }
    summary = ImportSummary(
        kind=kind,
        file=table.file_name,
        encoding=table.encoding,
        total_rows=len(table.rows),
        dry_run=dry_run,
        sha256=table.sha256,
        detail_labels=dict(importer.detail_labels),
    )
    width = len(table.header)
    with db.atomic() as transaction:
        summary.already_imported = was_imported(kind, table.sha256)
        importer.start(table, columns)
        for raw in table.rows:
            row = Row(raw, columns, labels)
            try:
                problem = _shape_problem(raw, width)
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
                # A cell no rule foresaw (a number of thousands of digits, a date out of
                # range): its row is rejected, undone by its savepoint; the file goes on.
                log.warning("%s line %s: %s", table.file_name, raw.line_no, unreadable_note(exc))
                summary.rejections.append(Rejection(raw.line_no, "", UNREADABLE_ROW, raw.raw_text))
                continue
            if outcome == IMPORTED:
                summary.imported += 1
            elif outcome == UPDATED:
                summary.updated += 1
            else:
                summary.duplicates += 1
        importer.finish()
        summary.rejected = len(summary.rejections)
        summary.details = dict(importer.details)
        if dry_run:
            transaction.rollback()
        else:
            run = record_run(actor, kind, table, summary)
            summary.import_run_id = run.id
            audit.record(
                actor,
                f"import.{kind}",
                entity="import_run",
                entity_id=run.id,
                summary=summary.describe(),
                after=summary.counts(),
            )
    return summary


__all__ = [
    "DUPLICATE",
    "ENCODING_LABELS",
    "IMPORTED",
    "KIND_LABELS",
    "UPDATED",
    "ColumnSpec",
    "ImportFileError",
    "ImportSummary",
    "MissingColumns",
    "RawRow",
    "RawTable",
    "Rejection",
    "Row",
    "RowImporter",
    "RowOutcome",
    "RowRejected",
    "SeenKeys",
    "clean_cell",
    "column_hint",
    "decode_text",
    "detect_delimiter",
    "match_columns",
    "normalize_header",
    "parse_int",
    "read_table",
    "record_run",
    "run_import",
    "was_imported",
]
