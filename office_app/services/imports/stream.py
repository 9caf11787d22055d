"""Reading a large import file row by row, without holding it in memory.

:func:`importing.read_table` reads a whole file into a list, which is right for the small lists
(buildings, residents). A test-site export can hold hundreds of thousands of rows; this module
reads it as a stream with the same rules as the shared reader: BOM → strict UTF-8 → GB18030
(UTF-16 with its BOM), comma/tab/semicolon, a lone title line above the header skipped, blank
lines skipped but counted, cells stripped and kept as text, and each row's raw text kept so that
a rejected row can be stored as it was. An .xlsx workbook is read row by row with openpyxl's
read-only mode, its cells as the shared reader gives them.

A text file is read twice: once in chunks for its SHA-256 and to find the encoding, then line
by line for the rows (lines holding a quote character go through :mod:`csv`). An import reads
a UTF-8 file once (``open_rows(..., read_once=True)``): its SHA-256 and the check for control
characters are made on the bytes as the rows are read, and strict decoding checks that it is
UTF-8; the scan runs only when something failed (:func:`check_read_once`), so that the file
is refused as reading it twice would have refused it, or read again as what it is (GB18030).
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final

from .machinery import (
    _CELL_STRIP,
    ENCODING_LABELS,
    LINE_ENDS,
    MAX_FILE_BYTES,
    XLSX,
    ImportFileError,
    RawRow,
    Utf8Check,
    bad_utf8,
    choose_sheet,
    detect_delimiter,
    not_a_table,
    open_workbook,
    sheet_error,
    sniff_format,
    split_joined_line,
)

_CHUNK: Final = 1 << 20
# C0 control characters that never occur in a text table (see importing._BINARY_CHARS).
_BINARY_BYTES: Final = re.compile(b"[\x00-\x08\x0e-\x19\x1b-\x1f]")
_HEADER_SEARCH: Final = 10


class StreamRow:
    """One data row: like importing.RawRow, with the raw text joined only when asked for."""

    __slots__ = ("_raw", "line_no", "values")

    def __init__(self, line_no: int, values: list[str], raw: str | list[str]) -> None:
        self.line_no = line_no
        self.values = values
        self._raw = raw

    @property
    def raw_text(self) -> str:
        raw = self._raw if isinstance(self._raw, str) else "".join(self._raw)
        return raw.rstrip(LINE_ENDS)


AnyRow = RawRow | StreamRow


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
    _rows: Iterator[AnyRow]
    _handle: IO[str] | None = None
    _position: list[int] = field(default_factory=lambda: [0])
    _closer: Callable[[], None] | None = None
    # The encoding a file read once was assumed to have ("" when it was scanned first).
    read_once: str = ""

    def rows(self) -> Iterator[AnyRow]:
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
                    found = _BINARY_BYTES.search(chunk)
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
                if not self.binary and _BINARY_BYTES.search(chunk):
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
    the first visible one. Cells as importing.read_table gives them (Excel dates as
    ``YYYY-MM-DD HH:MM:SS``, whole numbers without ``.0``, damaged long numbers kept visible).
    Line numbers are the sheet's row numbers; the raw text of a row is its cells joined by tabs.
    """
    import warnings

    from .machinery import _excel_text

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

        def rows() -> Iterator[AnyRow]:
            for line_no, values in itertools.chain(buffered[index + 1 :], source):
                if len(values) < width:
                    values.extend([""] * (width - len(values)))
                yield StreamRow(line_no, values, "\t".join(values))

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

    def rows() -> Iterator[AnyRow]:
        for line_no, cells, raw in leftover:
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            yield StreamRow(line_no, cells, raw)
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
                            yield StreamRow(line_no, cells, text)
                    continue
                if raw.__class__ is str and clean(raw.rstrip(LINE_ENDS)):
                    cells = values  # split from this very text: every cell is clean already
                else:
                    cells = [_unmark(v.strip(strip)) for v in values]
                if not any(cells):
                    continue
                if len(cells) < width:
                    cells.extend([""] * (width - len(cells)))
                yield StreamRow(first, cells, raw)
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


__all__ = ["AnyRow", "ReadTwice", "RowStream", "StreamRow", "check_read_once", "open_rows"]
