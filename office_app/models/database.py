"""Opening the database: the one boundary where a file becomes the bound ``db``.

Every write transaction begins as a write (``BEGIN IMMEDIATE``, the database's ``lock_type``):
a transaction that began deferred and then writes cannot wait for another writer and fails at
once with "database is locked"; begun immediately, writers queue for ``busy_timeout``. A
database still busy after that is :class:`DatabaseBusy` (the command line's exit code 4).

Only SQLite opens the database file and its ``-wal``/``-shm`` (see :func:`is_database_file`):
on Linux a process that opens and closes any other descriptor of the file loses SQLite's
locks on it, and another process may then delete the WAL this one is still writing to.

The database may also be a PostgreSQL server (``postgresql://user@host:port/dbname``, see
:mod:`.engine`): :func:`open_database` takes either, and binds the same proxy. A server that
cannot be reached is :class:`DatabaseUnreachable`, naming host and port, never the password.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ParamSpec, TypeVar

import peewee as pw

from . import ALL_MODELS
from .base import db
from .engine import Location, ServerUrl, is_server_url, location, make_server_database
from .migrations import SCHEMA_VERSION, MigrationError, SchemaVersion, current_version, migrate

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

BUSY_TIMEOUT_MS = 5000

PRAGMAS: dict[str, object] = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    # Wait for another connection's write rather than failing at once.
    "busy_timeout": BUSY_TIMEOUT_MS,
    # With WAL, FULL makes every committed transaction survive a power cut.
    "synchronous": "full",
    "cache_size": -32000,
}


# Pragmas of a connection that only reads (``office-app check``): nothing that writes.
READ_ONLY_PRAGMAS = {"foreign_keys": 1, "busy_timeout": BUSY_TIMEOUT_MS, "cache_size": -32000}

SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


class DatabaseUnavailable(OSError):
    """The database cannot be used now: busy, read-only or unreachable. The message says
    which file and why, in Chinese. An OSError, so that whatever reports a file that cannot
    be written (a backup folder on a stick pulled out) reports this too."""


class DatabaseBusy(DatabaseUnavailable):
    """Another program still held the database after the busy timeout: nothing was written."""


class DatabaseReadOnly(DatabaseUnavailable):
    """The database file (or its folder) cannot be written."""


class DatabaseUnreachable(DatabaseUnavailable):
    """The database server cannot be reached (down, wrong host or port, refused the login,
    the network gone). The message names host, port, database and user: never the password."""


BUSY_WORDS = ("database is locked", "database is busy", "database table is locked")
READ_ONLY_WORDS = ("readonly database", "read-only database")


def _driver_error(exc: BaseException) -> BaseException:
    """The driver's exception that peewee wrapped in ``exc`` (as args[0], or as the cause)."""
    inner = exc.args[0] if exc.args else None
    if isinstance(inner, BaseException):
        return inner
    # peewee may raise its own error from (or while handling) the driver's instead
    for linked in (exc.__cause__, exc.__context__):
        if linked is not None and (type(linked).__module__ or "").startswith("psycopg"):
            return linked
    return exc


# PostgreSQL's SQLSTATEs of a lock that was not granted in time (lock_not_available,
# query_canceled by lock_timeout/statement_timeout), and of a connection lost or refused
# (class 08, the server shutting down: 57P01-57P03, and a login refused: 28xxx).
PG_BUSY_STATES = ("55P03", "57014", "40P01")
PG_UNREACHABLE_PREFIXES = ("08", "57P", "28")


def _pg_state(exc: BaseException) -> tuple[bool, str | None]:
    """(whether ``exc`` comes from psycopg, its SQLSTATE)."""
    inner = _driver_error(exc)
    module = type(inner).__module__ or ""
    if not module.startswith("psycopg"):
        return False, None
    return True, getattr(inner, "sqlstate", None)


def is_busy_error(exc: BaseException) -> bool:
    """SQLite's "database is locked" (SQLITE_BUSY), as sqlite3 or peewee raise it; on
    PostgreSQL a lock not granted in time."""
    from_pg, state = _pg_state(exc)
    if from_pg:
        return state in PG_BUSY_STATES
    return isinstance(exc, sqlite3.OperationalError | pw.OperationalError) and any(
        word in str(exc).lower() for word in BUSY_WORDS
    )


def is_unreachable_error(exc: BaseException) -> bool:
    """A PostgreSQL connection that failed or was lost (no SQLSTATE: the client gave up;
    class 08; the server shutting down; the login refused)."""
    from_pg, state = _pg_state(exc)
    if not from_pg:
        return False
    import psycopg

    inner = _driver_error(exc)
    if not isinstance(inner, psycopg.OperationalError | psycopg.InterfaceError):
        return False
    return state is None or state.startswith(PG_UNREACHABLE_PREFIXES)


def unreachable_message(url: ServerUrl, exc: BaseException | None = None) -> str:
    """The Chinese message for a server that cannot be reached: host, port, database, user
    and the driver's reason (with any password masked)."""
    from .engine import mask_password

    reason = ""
    if exc is not None:
        detail = " ".join(line.strip() for line in str(_driver_error(exc)).splitlines()).strip()
        password = _password_of(url)
        if password:
            detail = detail.replace(password, "***")
        reason = f"（{mask_password(detail)}）" if detail else ""
    return (
        f"无法连接数据库服务器 {url.host}，端口 {url.port}（数据库 {url.dbname}，"
        f"用户 {url.user or '默认'}）{reason}。请检查服务器是否开着、网络是否连通、地址和端口"
        "是否正确，然后重试。"
    )


def _password_of(url: ServerUrl) -> str | None:
    from psycopg.conninfo import conninfo_to_dict

    try:
        value = conninfo_to_dict(url.secret).get("password")
    except Exception:
        return None
    return str(value) if value else None


def is_read_only_error(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError | pw.OperationalError) and any(
        word in str(exc).lower() for word in READ_ONLY_WORDS
    )


def busy_message(path: Path | str | ServerUrl | None = None) -> str:
    where = f"（{path}）" if path else ""
    return (
        f"数据库正忙{where}：另一个程序正在写入，等待 {BUSY_TIMEOUT_MS // 1000} 秒后仍未"
        "结束。什么也没有写入，请稍后再试。"
    )


def read_only_message(path: Path | str) -> str:
    target = Path(path)
    if not os.access(target.parent, os.W_OK):
        return (
            f"数据库所在的文件夹 {target.parent} 不可写：SQLite 需要在数据库旁边建立 "
            f"{target.name}-wal 和 {target.name}-shm。请换一个可写的文件夹，或检查权限。"
        )
    return (
        f"数据库文件 {target} 是只读的，不能写入。请检查文件属性（只读）或权限，"
        "或把它复制到可写的文件夹后再打开。"
    )


def unavailable(exc: BaseException) -> DatabaseUnavailable | None:
    """The :class:`DatabaseUnavailable` a busy or read-only SQLite error means, else None."""
    if isinstance(exc, DatabaseUnavailable):
        return exc
    server = open_server_url()
    if server is not None:
        if is_unreachable_error(exc):
            return DatabaseUnreachable(unreachable_message(server, exc))
        if is_busy_error(exc):
            return DatabaseBusy(busy_message(server))
        return None
    where = open_database_path()
    if is_busy_error(exc):
        return DatabaseBusy(busy_message(where))
    if is_read_only_error(exc):
        return DatabaseReadOnly(read_only_message(where or ""))
    return None


def reports_unavailable(function: Callable[P, R]) -> Callable[P, R]:
    """Decorate a service call: a busy or read-only database raises its
    :class:`DatabaseUnavailable` (with the Chinese message) instead of SQLite's error."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except (sqlite3.OperationalError, pw.OperationalError, pw.InterfaceError) as exc:
            translated = unavailable(exc)
            if translated is None:
                raise
            raise translated from exc

    return wrapper


def make_database(path: Path | str | ServerUrl) -> pw.Database:
    """The peewee database for a file path (SQLite) or a server URL (PostgreSQL)."""
    where = location(path)
    if isinstance(where, ServerUrl):
        return make_server_database(where)
    return pw.SqliteDatabase(str(path), pragmas=PRAGMAS, lock_type="IMMEDIATE")


def side_files(path: Path | str) -> list[Path]:
    """The files SQLite keeps beside the database: ``-wal``, ``-shm``, ``-journal``."""
    target = Path(path)
    return [target.with_name(target.name + suffix) for suffix in SIDE_SUFFIXES]


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)  # stat, never open: opening would cost SQLite its locks
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


_open_server: ServerUrl | None = None


def open_server_url() -> ServerUrl | None:
    """The server URL of the bound database (None when it is a file or nothing is bound)."""
    if _open_server is None or not isinstance(db.obj, pw.PostgresqlDatabase):
        return None
    return _open_server


def open_location() -> Location | None:
    """Where the bound database is: its file, or its server URL."""
    return open_server_url() or open_database_path()


def open_database_path() -> Path | None:
    """The file of the bound database (None when nothing, an in-memory one or a server is
    bound)."""
    database = db.obj
    if not isinstance(database, pw.SqliteDatabase) or database.database in ("", ":memory:"):
        return None
    name = str(database.database)
    if name.startswith("file:"):
        from urllib.parse import unquote, urlparse

        return Path(unquote(urlparse(name).path))
    return Path(name)


def is_database_file(path: Path | str, database: Path | str | ServerUrl | None = None) -> bool:
    """True when ``path`` is the database file (default: the open one) or its -wal/-shm/-journal.

    Compared by device and inode (``os.stat``, which opens nothing) and by name, so a link or
    another spelling of the same file is recognised too.
    """
    if isinstance(database, ServerUrl) or (database is not None and is_server_url(database)):
        return False  # a server's database is no file here
    target = Path(database) if database is not None else open_database_path()
    if target is None:
        return False
    candidate = Path(path)
    files = [target, *side_files(target)]
    try:
        if candidate.resolve() in {f.resolve() for f in files}:
            return True
    except OSError:
        pass
    mine = _identity(candidate)
    return mine is not None and any(_identity(f) == mine for f in files)


# What backs up an office server whose schema is older, before it is migrated: called with
# the bound database, its URL and its schema version; returns where the backup went.
BeforeUpgrade = Callable[[pw.Database, ServerUrl, int], object]


def open_database(
    path: Path | str | ServerUrl,
    *,
    create: bool = True,
    before_upgrade: BeforeUpgrade | None = None,
) -> pw.Database:
    """Open (and create or migrate) the database at ``path`` and bind the models to it.

    ``path`` is a file or a server URL (``postgresql://…``, see :func:`open_server`, which
    ``before_upgrade`` is for).
    Paths with Chinese characters and spaces work. With ``create`` (``demo`` and the GUI's
    first start) a missing file and its folder are created; otherwise a missing file is
    :class:`FileNotFoundError` naming it, and nothing is created. A database another program
    keeps busy is :class:`DatabaseBusy`; a read-only file or folder :class:`DatabaseReadOnly`.
    """
    where = location(path)
    if isinstance(where, ServerUrl):
        return open_server(where, before_upgrade=before_upgrade)
    target = where if str(where) != ":memory:" else None
    if target is not None and not target.exists():
        if not create:
            raise FileNotFoundError(f"数据库文件不存在：{target}")
        target.parent.mkdir(parents=True, exist_ok=True)
    if target is not None:
        check_writable(target)
    database = make_database(path)
    try:
        database.connect(reuse_if_open=True)
        db.initialize(database)
        migrate(database, ALL_MODELS, path=target)
    except (sqlite3.OperationalError, pw.OperationalError) as exc:
        if not database.is_closed():
            database.close()
        if is_busy_error(exc):
            raise DatabaseBusy(busy_message(target)) from exc
        if target is not None and (is_read_only_error(exc) or "unable to open" in str(exc)):
            raise DatabaseReadOnly(
                read_only_message(target)
                if is_read_only_error(exc) or not os.access(target.parent, os.W_OK)
                else f"无法打开数据库 {target}：{exc}"
            ) from exc
        raise
    return database


def open_server(
    url: ServerUrl, *, before_upgrade: BeforeUpgrade | None = None
) -> pw.PostgresqlDatabase:
    """Connect to the PostgreSQL database at ``url``, create or migrate the schema (in the
    role's own schema: its ``search_path``) and bind the models to it. A server that cannot
    be reached, or that refuses the login, is :class:`DatabaseUnreachable`.

    A schema older than the program's is first backed up by ``before_upgrade`` (the
    services' backup into the backup folder: a server has no file to copy beside itself);
    when that fails the schema is not touched and :class:`MigrationError` says why. Without
    ``before_upgrade`` (tests that migrate on purpose) nothing is backed up."""
    global _open_server
    database = make_server_database(url)
    try:
        database.connect(reuse_if_open=True)
    except (pw.OperationalError, pw.InterfaceError, pw.DatabaseError) as exc:
        log.info("cannot reach %s: %s", url, type(_driver_error(exc)).__name__)
        raise DatabaseUnreachable(unreachable_message(url, exc)) from None
    try:
        db.initialize(database)
        _open_server = url
        with database.bind_ctx([SchemaVersion]):
            version = current_version(database)
        if version != SCHEMA_VERSION:  # the usual start reads the version only
            with _one_upgrade_at_a_time(database):
                if before_upgrade is not None:
                    _back_up_before_upgrade(database, url, before_upgrade)
                _migrate_server(database, backed_up=before_upgrade is not None)
    except (MigrationError, DatabaseUnreachable):
        database.close()
        _open_server = None
        raise
    except (pw.OperationalError, pw.InterfaceError) as exc:
        if not database.is_closed():
            database.close()
        if is_unreachable_error(exc):
            raise DatabaseUnreachable(unreachable_message(url, exc)) from None
        if is_busy_error(exc):
            raise DatabaseBusy(busy_message(url)) from exc
        raise
    return database


# How long a seat that finds the server's schema being created or upgraded by another seat
# waits for it (the other's backup of a large community first: a minute or two).
UPGRADE_WAIT_S = 300


@contextlib.contextmanager
def _one_upgrade_at_a_time(database: pw.Database) -> Iterator[None]:
    """Hold the server's schema for creating or upgrading it (a session-level advisory lock:
    the steps are transactions of their own). Several seats started at once after the
    program was updated: the first backs up and migrates, the others wait and then find the
    schema current (migrate() reads the version again), instead of each backing up and
    adding the same columns. Waits up to :data:`UPGRADE_WAIT_S`, then DatabaseBusy."""
    from .engine import LOCK_TIMEOUT_MS, lock_key

    key = lock_key("office-app schema upgrade")
    database.execute_sql("SELECT set_config('lock_timeout', %s, false)", (f"{UPGRADE_WAIT_S}s",))
    try:
        database.execute_sql("SELECT pg_advisory_lock(%s)", (key,))
    except pw.OperationalError as exc:
        if not is_busy_error(exc):
            raise
        # Not "the database is busy, nothing was written" (DatabaseBusy): the server was
        # reached, the wait was minutes, and it is another seat's upgrade that holds it.
        raise MigrationError(
            f"另一个席位正在升级办公室服务器上的数据库（先备份服务器，再升级），"
            f"等了 {UPGRADE_WAIT_S // 60} 分钟仍未完成。本席位没有做任何改动。"
            "请稍后重试；若一直如此，请查看那个席位的程序是否还在运行。"
        ) from None
    finally:
        database.execute_sql(
            "SELECT set_config('lock_timeout', %s, false)", (f"{LOCK_TIMEOUT_MS}ms",)
        )
    try:
        yield
    finally:
        with contextlib.suppress(pw.DatabaseError):  # a lost connection released it
            database.execute_sql("SELECT pg_advisory_unlock(%s)", (key,))


def _migrate_server(database: pw.Database, *, backed_up: bool) -> None:
    """Migrate the server's schema. A step that waits past the lock time-out for a table
    another seat is using (an older program importing) stops the upgrade there: each step is
    a transaction of its own, so the server stays at the last step done, which the message
    names with the backup already made, instead of "busy, nothing written"."""
    from .engine import LOCK_TIMEOUT_MS

    try:
        migrate(database, ALL_MODELS, path=None)
    except pw.OperationalError as exc:
        if not is_busy_error(exc):
            raise
        try:
            with database.bind_ctx([SchemaVersion]):
                reached = f"停在版本 {current_version(database)}（每一步要么做完，要么没做）"
        except pw.DatabaseError:
            reached = "每一步要么做完，要么没做"
        kept = "升级前的备份已保存在备份文件夹中。" if backed_up else ""
        raise MigrationError(
            f"升级办公室服务器上的数据库时，要修改的表正被其他席位使用（例如正在导入），"
            f"等了 {LOCK_TIMEOUT_MS // 1000} 秒仍未让出，所以升级{reached}。{kept}"
            "请等其他席位的操作结束（或先关闭其他席位上的旧版程序）后重试。"
        ) from exc


def _back_up_before_upgrade(database: pw.Database, url: ServerUrl, backup: BeforeUpgrade) -> None:
    """Run ``backup`` when the server's schema is older than the program's (and not empty);
    refuse the migration, saying why, when it fails."""
    with database.bind_ctx([SchemaVersion]):
        version = current_version(database)
    if not 0 < version < SCHEMA_VERSION:
        return  # new, current, newer or not ours: migrate() creates, passes or refuses
    try:
        backup(database, url, version)
    except Exception as exc:
        log.warning("no backup before migrating %s from version %s: %r", url, version, exc)
        if is_unreachable_error(exc):
            raise DatabaseUnreachable(unreachable_message(url, exc)) from None
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise MigrationError(
            f"服务器上的数据库版本为 {version}，本程序需要 {SCHEMA_VERSION}，打开时要先升级；"
            f"升级前必须先备份，但备份没有做成（{reason}），所以没有升级，数据库保持原样。"
            "请检查备份文件夹（设置中的备份文件夹，或用户数据目录下的 backups）是否可写、"
            "磁盘是否已满，然后重试。"
        ) from exc


def _open_server_read_only(url: ServerUrl) -> pw.Database:
    global _open_server
    database = make_server_database(url, read_only=True)
    try:
        database.connect(reuse_if_open=True)
    except (pw.OperationalError, pw.InterfaceError, pw.DatabaseError) as exc:
        raise DatabaseUnreachable(unreachable_message(url, exc)) from None
    db.initialize(database)
    _open_server = url
    return database


def check_writable(path: Path | str) -> None:
    """Raise :class:`DatabaseReadOnly` when the existing database file, or its folder (where
    SQLite keeps the -wal and -shm), cannot be written by this process. Opens nothing."""
    target = Path(path)
    if not os.access(target.parent, os.W_OK) or (
        target.exists() and not os.access(target, os.W_OK)
    ):
        raise DatabaseReadOnly(read_only_message(target))


def open_read_only(path: Path | str | ServerUrl) -> pw.Database:
    """Bind the existing database at ``path`` for reading only: nothing is written to the file,
    not even a header into an empty one, and no migration runs (``office-app check``).
    A server URL is opened with every transaction read-only."""
    where = location(path)
    if isinstance(where, ServerUrl):
        return _open_server_read_only(where)
    target = where
    if not target.is_file():
        raise FileNotFoundError(f"数据库文件不存在：{target}")
    uri = f"{target.resolve().as_uri()}?mode=ro"
    database = pw.SqliteDatabase(uri, uri=True, pragmas=READ_ONLY_PRAGMAS)
    try:
        database.connect(reuse_if_open=True)
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except (sqlite3.OperationalError, pw.OperationalError) as exc:
        database.close()
        wal = target.with_name(target.name + "-wal")
        if not (is_read_only_error(exc) or "unable to open" in str(exc)) or wal.exists():
            raise
        # A WAL database in a folder this process cannot write: SQLite cannot make the -shm
        # a reader needs. With no -wal nobody is writing to it, so read the file as it is.
        database = pw.SqliteDatabase(f"{uri}&immutable=1", uri=True, pragmas=READ_ONLY_PRAGMAS)
        database.connect(reuse_if_open=True)
    db.initialize(database)
    return database


def close_database() -> None:
    """Close the bound database, first letting SQLite refresh the statistics its planner
    uses (``PRAGMA optimize``, on a sample of each table: milliseconds even at millions of
    rows), as SQLite advises before a connection closes. A read-only or busy file is left
    as it is."""
    global _open_server
    if db.obj is not None and not db.is_closed():
        optimize()
        db.close()
    _open_server = None


def optimize() -> None:
    """``PRAGMA optimize`` on the bound database, best effort (never raises)."""
    from .engine import refresh_statistics

    if not isinstance(db.obj, pw.SqliteDatabase):
        return
    try:
        if db.in_transaction():
            return
        refresh_statistics(db.obj)
    except (pw.DatabaseError, sqlite3.Error, OSError) as exc:
        log.debug("PRAGMA optimize skipped: %s", exc)


def schema_version() -> int:
    database = db.obj
    with database.bind_ctx([SchemaVersion]):
        return current_version(database)


def is_empty() -> bool:
    """True when the community holds no data yet (operators and settings do not count)."""
    from . import Building, Compound, Resident, TestRecord, Volunteer

    return not any(
        m.select().exists() for m in (Compound, Building, Resident, Volunteer, TestRecord)
    )


__all__ = [
    "SCHEMA_VERSION",
    "DatabaseBusy",
    "DatabaseReadOnly",
    "DatabaseUnavailable",
    "DatabaseUnreachable",
    "busy_message",
    "check_writable",
    "close_database",
    "is_busy_error",
    "is_database_file",
    "is_empty",
    "is_unreachable_error",
    "make_database",
    "open_database",
    "open_location",
    "open_read_only",
    "open_server",
    "open_server_url",
    "reports_unavailable",
    "side_files",
    "unavailable",
    "unreachable_message",
]
