"""Copying a whole community from one database to another, on any engine, and proving it.

``office-app copy --from SRC --to DST`` (a file on this PC to the office server and back, or
file to file) and the backup of a server into a SQLite file (:mod:`.backup`) both come
here. Every table of the community (:data:`COMMUNITY_MODELS`: the schema's tables, the
references first, without the seats, which say who is connected now) is read from
the source in one snapshot (a read transaction; ``REPEATABLE READ`` on PostgreSQL), in pages
ordered by primary key, and written to the target with the same ids, inside one transaction
of the target: a copy that fails leaves the target as it was (a new file is written under a
temporary name and appears only when complete).

Each table is proved twice: its number of rows, and a content checksum computed here in
Python over the rows in primary-key order (each value in one canonical text form, whatever
the engine returns it as: a SQLite text date and a PostgreSQL timestamp give the same
checksum), once while reading the source and once by reading the target back inside the
target's transaction. A difference rolls the copy back (:class:`CopyMismatch`).

A target that already holds data is refused (:class:`CopyRefused`): a copy never merges two
communities. Both databases must be of this program's schema version (an older source is
opened with the program once, which upgrades it; the source is never written here).
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import hashlib
import json
import logging
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import peewee as pw

from office_app.models import ALL_MODELS, BaseModel, now
from office_app.models.database import READ_ONLY_PRAGMAS, make_database
from office_app.models.migrations import SCHEMA_VERSION, SchemaVersion

from .connection import is_server, password_for

log = logging.getLogger(__name__)

# Tables that hold who is connected now, not the community's data: neither copied nor
# counted when a target is checked for data (every table is still created).
TRANSIENT_TABLES = ("seat",)
COMMUNITY_MODELS: tuple[type[BaseModel], ...] = tuple(
    m for m in ALL_MODELS if m._meta.table_name not in TRANSIENT_TABLES
)

# Rows read from the source per page (keyset paging on the primary key).
PAGE_ROWS = 2000
# Bound parameters per INSERT: SQLite allows 32,766, PostgreSQL 65,535.
MAX_PARAMETERS = 30000

Progress = Callable[[str, int, int], None]  # (table, tables done, tables in all)


class CopyRefused(ValueError):
    """The copy cannot start (the target holds data, a schema of another version, the same
    database twice); nothing was written. The message says why, in Chinese."""


class CopyMismatch(RuntimeError):
    """What the target holds after the copy differs from the source (rows or checksum); the
    target's transaction was rolled back."""


@dataclass(frozen=True)
class TableCopy:
    """One table of a copy: rows and checksum read from the source and back from the target."""

    table: str
    source_rows: int
    target_rows: int
    source_checksum: str
    target_checksum: str

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows and self.source_checksum == self.target_checksum

    def line(self) -> str:
        verdict = "一致" if self.ok else "不一致"
        return (
            f"{self.table:<26} {self.source_rows:>9} → {self.target_rows:>9}  "
            f"{self.target_checksum[:16]}  {verdict}"
        )


@dataclass(frozen=True)
class CopyReport:
    source: str
    target: str
    tables: tuple[TableCopy, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tables)

    @property
    def rows(self) -> int:
        return sum(t.target_rows for t in self.tables)

    def summary_lines(self) -> list[str]:
        head = (
            f"{'表':<25} {'源行数':>7}   {'目标行数':>7}  {'校验和（SHA-256 前 16 位）':<18}  结果"
        )
        lines = [head]
        lines.extend(t.line() for t in self.tables)
        verdict = "全部一致" if self.ok else "有不一致的表"
        lines.append(
            f"共 {len(self.tables)} 张表、{self.rows} 行，{verdict}；用时 {self.seconds:.1f} 秒。"
        )
        return lines


# --- the checksum --------------------------------------------------------------------------


def canonical(field: pw.Field, value: Any) -> str | None:
    """``value`` of ``field`` in one text form on every engine (None stays None)."""
    if value is None:
        return None
    if isinstance(field, pw.BooleanField):
        return "1" if value else "0"
    if isinstance(field, pw.DateTimeField):
        if isinstance(value, str):
            value = field.python_value(value)
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None).isoformat(sep=" ")
        return str(value)
    if isinstance(field, pw.DateField):
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if isinstance(field, pw.TimeField):
        return value.isoformat() if isinstance(value, dt.time) else str(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(field, pw.IntegerField | pw.ForeignKeyField):
        return str(int(value))
    return str(value)


def canonicalizer(field: pw.Field) -> Callable[[Any], str | None]:
    """:func:`canonical` for one field, with a quick way for the values of the usual kinds
    (the same text; a million values a second instead of a third of that)."""
    general = functools.partial(canonical, field)
    if isinstance(field, pw.DateTimeField):

        def when(value: Any) -> str | None:
            if value.__class__ is dt.datetime and value.tzinfo is None:
                return str(value.isoformat(" "))
            return general(value)

        return when
    if isinstance(field, pw.IntegerField | pw.ForeignKeyField) and not isinstance(
        field, pw.BooleanField
    ):

        def whole(value: Any) -> str | None:
            return str(value) if value.__class__ is int else general(value)

        return whole
    if isinstance(field, pw.CharField | pw.TextField):

        def text(value: Any) -> str | None:
            return value if value.__class__ is str else general(value)

        return text
    return general


class TableDigest:
    """Rows and SHA-256 of one table's rows, fed in primary-key order."""

    def __init__(self, fields: list[pw.Field]) -> None:
        self.fields = fields
        self.rows = 0
        self._hash = hashlib.sha256()
        self._canonical = [canonicalizer(f) for f in fields]

    def add(self, row: tuple[Any, ...]) -> None:
        values = [c(v) for c, v in zip(self._canonical, row, strict=True)]
        self._hash.update(json.dumps(values, ensure_ascii=False).encode("utf-8"))
        self._hash.update(b"\n")
        self.rows += 1

    @property
    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def _columns(model: type[BaseModel]) -> list[pw.Field]:
    return list(model._meta.sorted_fields)


def read_pages(database: pw.Database, model: type[BaseModel]) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of ``model`` in ``database``, in primary-key order, a page at a time (keyset
    paging: each page starts after the last key of the one before).

    A key that is not a number (the settings' names) is ordered here, in Python, by code
    point, and the table read in one page: the engines' collations may order text
    differently (PostgreSQL's en_US puts ``a_b`` after ``ab``), and the checksum must not."""
    fields = _columns(model)
    key = cast(pw.Field, model._meta.primary_key)
    if not isinstance(key, pw.IntegerField):
        rows = list(model.select(*fields).tuples().execute(database))
        at = fields.index(key)
        if rows:
            yield sorted(rows, key=lambda row: str(row[at]))
        return
    last: Any = None
    while True:
        query = model.select(*fields).order_by(key).limit(PAGE_ROWS)
        if last is not None:
            query = query.where(key > last)
        page = list(query.tuples().execute(database))
        if not page:
            return
        yield page
        last = page[-1][fields.index(key)]
        if len(page) < PAGE_ROWS:
            return


def digest(database: pw.Database, model: type[BaseModel]) -> TableDigest:
    """Rows and checksum of ``model``'s table in ``database``."""
    found = TableDigest(_columns(model))
    for page in read_pages(database, model):
        for row in page:
            found.add(row)
    return found


def table_digests(database: pw.Database) -> dict[str, TableDigest]:
    """Rows and checksum of every table of the community."""
    with snapshot(database):
        return {m._meta.table_name: digest(database, m) for m in COMMUNITY_MODELS}


# --- opening and checking ------------------------------------------------------------------


def snapshot(database: pw.Database) -> Any:
    """A transaction in which every read sees the database as at one moment."""
    if isinstance(database, pw.PostgresqlDatabase):
        return database.atomic(isolation_level="REPEATABLE READ")
    if isinstance(database, pw.SqliteDatabase):
        return database.atomic("DEFERRED")
    return database.atomic()


def open_source(target: str | Path) -> pw.Database:
    """A connection to the database to copy from: a file is opened read-only (never
    created, never migrated), a server with the password of the credential store."""
    if is_server(target):
        return _server(str(target))
    path = Path(target)
    if not path.is_file():
        raise CopyRefused(f"源数据库文件不存在：{path}")
    database = pw.SqliteDatabase(
        f"{path.resolve().as_uri()}?mode=ro", uri=True, pragmas=READ_ONLY_PRAGMAS
    )
    try:
        database.connect()
    except (sqlite3.DatabaseError, pw.DatabaseError) as exc:
        raise CopyRefused(f"源 {path} 不是可用的数据库文件：{exc}") from None
    return database


def _server(url: str) -> pw.Database:
    from office_app.models.engine import ServerUrl

    server = ServerUrl(url)
    password = password_for(url)
    if password is not None and server.secret == server.without_password():
        server = server.with_password(password)
    database = make_database(server)
    try:
        database.connect()
    except (pw.OperationalError, pw.InterfaceError, pw.DatabaseError) as exc:
        from office_app.models.database import DatabaseUnreachable, unreachable_message

        raise DatabaseUnreachable(unreachable_message(server, exc)) from None
    return database


def schema_version_of(database: pw.Database) -> int:
    """0 for a database without tables, -1 for one with tables but not this program's."""
    tables = set(database.get_tables())
    if SchemaVersion._meta.table_name not in tables:
        return -1 if tables else 0
    value = SchemaVersion.select(pw.fn.MAX(SchemaVersion.version)).scalar(database)
    return int(value or 0)


def _require_current(database: pw.Database, what: str, where: str) -> None:
    version = schema_version_of(database)
    if version == SCHEMA_VERSION:
        return
    if version == 0 and what.startswith("目标"):
        return
    if version == -1:
        raise CopyRefused(f"{what} {where} 里有别的数据表，不是本程序的数据库。")
    if version == 0:
        raise CopyRefused(f"{what} {where} 是空的，没有可以复制的社区。")
    if version < SCHEMA_VERSION:
        raise CopyRefused(
            f"{what} {where} 的数据库版本为 {version}，本程序为 {SCHEMA_VERSION}："
            "请先用本程序打开它一次（会自动升级），再复制。"
        )
    raise CopyRefused(
        f"{what} {where} 的数据库版本为 {version}，比本程序（{SCHEMA_VERSION}）新：请先升级程序。"
    )


def create_schema(database: pw.Database) -> None:
    """Every table and index of the current schema in an empty ``database``, and its
    version, without binding the models to it (other threads keep theirs)."""
    with database.atomic():
        for model in (SchemaVersion, *ALL_MODELS):
            pw.SchemaManager(model, database=database).create_all(safe=True)
        SchemaVersion.insert(
            version=SCHEMA_VERSION, applied_at=now()
        ).returning().as_rowcount().execute(database)


def nonempty_tables(database: pw.Database) -> list[str]:
    """The community's tables that hold rows in ``database``."""
    return [m._meta.table_name for m in COMMUNITY_MODELS if m.select().exists(database)]


# --- the copy ------------------------------------------------------------------------------


def insert_statement(database: pw.Database, model: type[BaseModel]) -> str:
    """The INSERT of one row of ``model`` with every column, as peewee writes it for
    ``database``'s engine (its quoting and parameter marks), without RETURNING."""
    fields = _columns(model)
    one = model.insert_many([tuple(None for _ in fields)], fields=fields).returning()
    sql, _params = database.get_sql_context().sql(one).query()
    return str(sql)


def _insert(database: pw.Database, model: type[BaseModel], rows: list[tuple[Any, ...]]) -> None:
    """Write ``rows`` (values as peewee reads them) with the driver's ``executemany`` of one
    statement: each value through its field's ``db_value``, as peewee would bind it."""
    fields = _columns(model)
    converters = [f.db_value for f in fields]
    values = [tuple(c(v) for c, v in zip(converters, row, strict=True)) for row in rows]
    cursor = database.cursor()
    cursor.executemany(insert_statement(database, model), values)


def copy_tables(
    source: pw.Database, target: pw.Database, *, progress: Progress | None = None
) -> list[TableCopy]:
    """Copy every table from ``source`` to the empty ``target`` and read each back.

    The caller holds a snapshot of ``source`` (:func:`snapshot`) and the transaction of
    ``target``; raises :class:`CopyMismatch` when a table differs (the caller's transaction
    then rolls back)."""
    from office_app.models.engine import reset_sequences

    done: list[TableCopy] = []
    total = len(COMMUNITY_MODELS)
    for number, model in enumerate(COMMUNITY_MODELS):
        table = model._meta.table_name
        if progress is not None:
            progress(table, number, total)
        read = TableDigest(_columns(model))
        for page in read_pages(source, model):
            for row in page:
                read.add(row)
            _insert(target, model, page)
        back = digest(target, model)
        done.append(TableCopy(table, read.rows, back.rows, read.hexdigest, back.hexdigest))
    if progress is not None:
        progress("", total, total)
    reset_sequences(
        target,
        [
            m._meta.table_name
            for m in COMMUNITY_MODELS
            if isinstance(m._meta.primary_key, pw.AutoField)
        ],
    )
    wrong = [t for t in done if not t.ok]
    if wrong:
        raise CopyMismatch(
            "复制后的数据与源不一致，已撤销（目标保持原样）："
            + "；".join(f"{t.table}（{t.source_rows} 行 → {t.target_rows} 行）" for t in wrong)
        )
    return done


def _same_database(source: str | Path, target: str | Path) -> bool:
    if is_server(source) or is_server(target):
        if not (is_server(source) and is_server(target)):
            return False
        from office_app.models.engine import ServerUrl

        return ServerUrl(str(source)).label == ServerUrl(str(target)).label
    from office_app.models.database import is_database_file

    return Path(target).exists() and is_database_file(target, source)


def copy_community(
    source: str | Path, target: str | Path, *, progress: Progress | None = None
) -> CopyReport:
    """Copy the whole community in ``source`` (a file or a server) into ``target`` (a new or
    empty file, or an empty database on a server), verified table by table.

    Raises :class:`CopyRefused` before writing anything (a target with data, a schema of
    another version, the source missing, the same database twice), :class:`CopyMismatch`
    when the copy read back differs (rolled back), and the database's own errors (a server
    that cannot be reached: ``DatabaseUnreachable``)."""
    import time

    started = time.monotonic()
    if _same_database(source, target):
        raise CopyRefused("源和目标是同一个数据库。")
    reader = open_source(source)
    try:
        try:
            _require_current(reader, "源数据库", _label(source))
        except (sqlite3.DatabaseError, pw.DatabaseError) as exc:
            raise CopyRefused(f"源 {_label(source)} 不是可用的数据库：{exc}") from None
        with snapshot(reader):
            if is_server(target):
                tables = _copy_into_server(reader, str(target), progress)
            else:
                tables = _copy_into_file(reader, Path(target), progress)
    finally:
        reader.close()
    report = CopyReport(_label(source), _label(target), tuple(tables), time.monotonic() - started)
    log.info("copied %s rows from %s to %s", report.rows, report.source, report.target)
    return report


def _label(target: str | Path) -> str:
    from .connection import describe_target

    return describe_target(target)


def _copy_into_server(reader: pw.Database, url: str, progress: Progress | None) -> list[TableCopy]:
    writer = _server(url)
    try:
        _require_current(writer, "目标数据库", _label(url))
        if schema_version_of(writer) == 0:
            create_schema(writer)
        full = nonempty_tables(writer)
        if full:
            raise CopyRefused(
                f"目标数据库 {_label(url)} 里已经有数据（{'、'.join(full[:5])} 等），"
                "不能复制进去：复制只写入空的数据库。"
            )
        with writer.atomic():
            return copy_tables(reader, writer, progress=progress)
    finally:
        writer.close()


def _copy_into_file(reader: pw.Database, path: Path, progress: Progress | None) -> list[TableCopy]:
    """Into a new file (written as ``<name>.partial``, renamed when verified) or into an
    existing file of this program that holds no data."""
    if path.exists():
        check = pw.SqliteDatabase(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, pragmas=READ_ONLY_PRAGMAS
        )
        try:
            check.connect()
            _require_current(check, "目标数据库", str(path))
            full = nonempty_tables(check) if schema_version_of(check) else []
        except (sqlite3.DatabaseError, pw.DatabaseError) as exc:
            raise CopyRefused(f"目标 {path} 不是可用的数据库文件：{exc}") from None
        finally:
            check.close()
        if full:
            raise CopyRefused(
                f"目标文件 {path} 里已经有数据（{'、'.join(full[:5])} 等），不能复制进去："
                "请换一个新文件名。"
            )
        writer = make_database(path)
        try:
            writer.connect()
            if schema_version_of(writer) == 0:
                create_schema(writer)
            with writer.atomic():
                return copy_tables(reader, writer, progress=progress)
        finally:
            writer.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    for leftover in (partial, *_sides(partial)):
        leftover.unlink(missing_ok=True)
    writer = make_database(partial)
    try:
        writer.connect()
        create_schema(writer)
        with writer.atomic():
            tables = copy_tables(reader, writer, progress=progress)
        writer.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        writer.close()
        partial.replace(path)
        return tables
    finally:
        if not writer.is_closed():
            writer.close()
        for leftover in (partial, *_sides(partial)):
            leftover.unlink(missing_ok=True)


def _sides(path: Path) -> list[Path]:
    from office_app.models.database import side_files

    return side_files(path)


def copy_bound_to_file(
    source: pw.Database, path: Path, *, progress: Progress | None = None
) -> list[TableCopy]:
    """Copy the database the program has open (``source``, inside the caller's snapshot) to
    a new SQLite file ``path`` (the server's backup); verified like any copy."""
    if path.exists():
        raise CopyRefused(f"目标文件已存在：{path}")
    return _copy_into_file(source, path, progress)
