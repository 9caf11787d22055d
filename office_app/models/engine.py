"""The one place that knows which database engine is in use, and what differs between them.

A database is named by a file path (SQLite, one PC) or by a server URL
``postgresql://user[:password]@host[:port]/dbname[?sslmode=require]`` (PostgreSQL, the office
server): :func:`location` decides which. Everything that is not the same SQL on both engines
lives here, as small functions the models and services call instead of writing it twice:
``PRAGMA``\\ s, ``GROUP_CONCAT``/``STRING_AGG``, the integrity check, the planner's statistics.

A server URL may carry a password. It never leaves this module in clear: a
:class:`ServerUrl` prints (``str``, ``repr``, f-strings, logs) with the password masked, and
messages name the host, port, database and user only. The driver is psycopg 3 (a binary
wheel, also on Windows), through peewee's ``PostgresqlDatabase`` (which prefers psycopg 3
when psycopg2 is not installed; ``prefer_psycopg3`` says so explicitly).
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import peewee as pw

SERVER_SCHEMES = ("postgresql", "postgres")
MASK = "***"
DEFAULT_PORT = 5432
# How long opening a connection to the server may take before it counts as unreachable.
CONNECT_TIMEOUT_S = 10


def is_server_url(text: object) -> bool:
    """True for ``postgresql://…`` (or ``postgres://…``), the form of an office server."""
    if isinstance(text, ServerUrl):
        return True
    if not isinstance(text, str):
        return False
    return any(text.lower().startswith(f"{scheme}://") for scheme in SERVER_SCHEMES)


def mask_password(text: str) -> str:
    """``text`` with any password in a URL (``user:secret@``) or a ``password=`` parameter
    replaced by ``***``. Safe on any string: what is not a URL comes back as it was."""
    text = re.sub(r"(://[^:/@?#\s]*:)[^@/\s]*(@)", rf"\1{MASK}\2", text)
    return re.sub(r"(?i)(password=)[^&\s]*", rf"\1{MASK}", text)


class ServerUrl:
    """A PostgreSQL server URL. Prints with the password masked; :attr:`secret` is the full
    URL, handed to the driver only."""

    __slots__ = ("_url",)

    def __init__(self, url: str) -> None:
        if not is_server_url(url):
            raise ValueError(f"不是数据库服务器地址：{mask_password(url)}")
        self._url = url

    @property
    def secret(self) -> str:
        return self._url

    @property
    def parts(self) -> dict[str, str]:
        """host, port, dbname, user (and the other parameters), without the password."""
        from psycopg.conninfo import conninfo_to_dict

        info = {k: str(v) for k, v in conninfo_to_dict(self._url).items() if v is not None}
        info.pop("password", None)
        return info

    @property
    def host(self) -> str:
        return self.parts.get("host", "localhost")

    @property
    def port(self) -> int:
        try:
            return int(self.parts.get("port", DEFAULT_PORT))
        except ValueError:
            return DEFAULT_PORT

    @property
    def dbname(self) -> str:
        parts = self.parts
        return parts.get("dbname", parts.get("user", ""))

    @property
    def user(self) -> str:
        return self.parts.get("user", "")

    @property
    def label(self) -> str:
        """``user@host:port/dbname``: how messages name the server."""
        user = f"{self.user}@" if self.user else ""
        return f"{user}{self.host}:{self.port}/{self.dbname}"

    def without_password(self) -> str:
        return mask_password(self._url)

    def with_password(self, password: str) -> ServerUrl:
        """The same URL carrying ``password`` (e.g. read from the credential store)."""
        scheme, netloc, path, query, fragment = urlsplit(self._url)
        userinfo, _, hostport = netloc.rpartition("@")
        user = unquote(userinfo.partition(":")[0])
        netloc = f"{quote(user, safe='')}:{quote(password, safe='')}@{hostport}"
        return ServerUrl(urlunsplit((scheme, netloc, path, query, fragment)))

    def __str__(self) -> str:
        return self.without_password()

    def __repr__(self) -> str:
        return f"ServerUrl({self.without_password()!r})"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ServerUrl) and other._url == self._url

    def __hash__(self) -> int:
        return hash(self._url)

    def __reduce__(self) -> tuple[Any, ...]:
        return (ServerUrl, (self._url,))


Location = Path | ServerUrl


def location(text: str | Path | ServerUrl) -> Location:
    """A database name as typed (``--db``, ``OFFICE_APP_DB``): a server URL or a file path."""
    if isinstance(text, ServerUrl | Path):
        return text
    if is_server_url(text):
        return ServerUrl(text)
    return Path(text)


# A writer waiting for another seat's row lock gives up after this long, as SQLite's writers
# do after their busy timeout (models/database.BUSY_TIMEOUT_MS): DatabaseBusy, nothing written.
LOCK_TIMEOUT_MS = 5000


class ServerDatabase(pw.PostgresqlDatabase):
    """peewee's PostgreSQL database, each new connection set up for the program: a lock
    waited for at most :data:`LOCK_TIMEOUT_MS`, and with ``read_only`` no transaction that
    writes (``office-app check``)."""

    def __init__(self, *args: Any, read_only: bool = False, **kwargs: Any) -> None:
        self.read_only = read_only
        super().__init__(*args, **kwargs)

    def _connect(self) -> Any:
        # As peewee's, but for any URL scheme (peewee passes only "postgresql://" as a URL)
        # and with connections that close themselves when dropped (see _closing_connection).
        conn = _closing_connection().connect(self.database, **self.connect_params)
        conn.autocommit = True
        return conn

    def _initialize_connection(self, conn: Any) -> None:
        cursor = conn.cursor()
        cursor.execute(f"SET lock_timeout = {int(LOCK_TIMEOUT_MS)}")
        if self.read_only:
            cursor.execute("SET default_transaction_read_only = on")


_CLOSING: Any = None


def _closing_connection() -> Any:
    """psycopg's Connection, closed (not warned about) when it is garbage-collected open.

    peewee keeps a connection per thread; a worker thread that ends without closing its
    own leaves it to the garbage collector, where sqlite3 closes quietly and psycopg warns
    (ResourceWarning). The server sees the session end either way."""
    global _CLOSING
    if _CLOSING is None:
        import psycopg

        class ClosingConnection(psycopg.Connection):
            def __del__(self, *args: Any) -> None:
                if hasattr(self, "pgconn") and not self.closed:
                    # the interpreter or the socket may be going away: close as far as can be
                    with contextlib.suppress(Exception):
                        self.close()
                super().__del__(*args)

        _CLOSING = ClosingConnection
    return _CLOSING


def own_connection(database: Any) -> Any:
    """A psycopg connection of its own (autocommit) to the server of ``database``, beside
    peewee's (a ``LISTEN``), that closes itself when dropped unclosed (a window destroyed
    without its close event), as peewee's do (see :func:`_closing_connection`)."""
    return _closing_connection().connect(
        database.database, autocommit=True, **database.connect_params
    )


def enable_server_driver() -> None:
    """Give peewee the PostgreSQL driver (psycopg 3), which office_app/__init__.py hid from it
    at import so that a start on a SQLite file does not pay for importing it."""
    if vars(pw).get("psycopg") is not None:
        return
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    # The names peewee's own import would have set (peewee.py, its "import psycopg" block).
    vars(pw).update(
        psycopg=psycopg, TransactionStatus=TransactionStatus, Json_pg3=Json, Jsonb_pg3=Jsonb
    )


def make_server_database(url: ServerUrl, *, read_only: bool = False) -> ServerDatabase:
    """peewee's PostgreSQL database on psycopg 3 for ``url`` (not connected yet)."""
    enable_server_driver()
    return ServerDatabase(
        url.secret,
        read_only=read_only,
        prefer_psycopg3=True,
        connect_timeout=CONNECT_TIMEOUT_S,
        application_name="office-app",
    )


# --- what differs between the engines ---------------------------------------------------


def is_postgres(database: Any = None) -> bool:
    """True when ``database`` (default: the bound one) is PostgreSQL."""
    if database is None:
        from .base import db

        database = db.obj
    if isinstance(database, pw.DatabaseProxy):
        database = database.obj
    return isinstance(database, pw.PostgresqlDatabase)


def is_sqlite(database: Any = None) -> bool:
    if database is None:
        from .base import db

        database = db.obj
    if isinstance(database, pw.DatabaseProxy):
        database = database.obj
    return isinstance(database, pw.SqliteDatabase)


class _GroupConcat(pw.ColumnBase):
    """Chooses its SQL when the query is written, not when it is built: listings build their
    queries once, at import, before any database is bound."""

    def __init__(self, expr: Any) -> None:
        super().__init__()
        self.expr = expr

    def __sql__(self, ctx: Any) -> Any:
        if is_postgres():
            return ctx.sql(pw.fn.STRING_AGG(pw.Cast(self.expr, "TEXT"), ","))
        return ctx.sql(pw.fn.GROUP_CONCAT(self.expr))


def group_concat(expr: Any) -> Any:
    """Comma-joined values of a group: ``GROUP_CONCAT`` on SQLite, ``STRING_AGG`` on
    PostgreSQL (which needs text and the separator), for the database bound when the query
    runs."""
    return _GroupConcat(expr)


def sqlite_nulls(descending: bool, *, nullable: bool = True) -> str | None:
    """Where NULLs go in an ORDER BY, as SQLite puts them (first when ascending, last when
    descending), for ``pw.Ordering(..., nulls=…)``: said outright on PostgreSQL, which puts
    them the other way round; nothing on SQLite, where saying it would hide the index.

    Nothing either for what cannot be NULL (``nullable=False``: a NOT NULL column of the
    query's own table): there the order is the same, and on PostgreSQL a plain index serves
    only ``ASC NULLS LAST`` and its reverse, so ``ASC NULLS FIRST`` made the server sort the
    whole table for every page (the tests list sorted by 姓名: 85 ms at 100,000 records
    instead of 0.4 ms; benchmarks/bench_server_lists.py)."""
    if not nullable or not is_postgres():
        return None
    return "LAST" if descending else "FIRST"


def integrity_problems(database: Any, *, quick: bool = True, limit: int = 20) -> list[str]:
    """What the engine's own check finds wrong with the stored data, in Chinese (at most
    ``limit`` of each kind); empty when nothing. SQLite: ``quick_check`` or
    ``integrity_check``, and ``foreign_key_check``. PostgreSQL checksums its pages and
    enforces foreign keys on every write: here a query that answers; what else a role owning
    only its schema can ask (rows readable, indexes valid, foreign keys enforced, sequences
    ahead) is in :mod:`.server_checks`."""
    if is_postgres(database):
        database.execute_sql("SELECT 1").fetchone()
        return []
    problems: list[str] = []
    pragma = "quick_check" if quick else "integrity_check"
    rows = [r[0] for r in database.execute_sql(f"PRAGMA {pragma}").fetchall()]
    if rows != ["ok"]:
        problems.extend(f"完整性检查：{r}" for r in rows[:limit])
    checked = database.execute_sql("PRAGMA foreign_key_check").fetchall()
    for table, rowid, parent, _fk in checked[:limit]:
        problems.append(f"外键：表 {table} 第 {rowid} 行指向 {parent} 中不存在的记录")
    return problems


def refresh_statistics(database: Any) -> None:
    """Let the planner's statistics catch up (SQLite ``PRAGMA optimize`` on a sample of each
    table; PostgreSQL's autovacuum does this by itself). Raises what the database raises."""
    if is_sqlite(database):
        database.execute_sql("PRAGMA analysis_limit = 400")
        database.execute_sql("PRAGMA optimize")


def refresh_table_statistics(database: Any, table: str) -> None:
    """After a bulk write into ``table`` (a large import): PostgreSQL's ``ANALYZE`` of that
    table at once, so that the next queries are planned with its new size and values instead
    of waiting for autovacuum. Nothing on SQLite, whose ``PRAGMA optimize`` runs when the
    database closes (:func:`refresh_statistics`). Raises what the database raises."""
    if is_postgres(database):
        database.execute_sql(f'ANALYZE "{table}"')


def page_cache_kib(database: Any, kib: int | None = None) -> int | None:
    """SQLite's page cache of this connection in KiB (``PRAGMA cache_size``); with ``kib``,
    set it and return the earlier value. None on PostgreSQL (the server's shared buffers)."""
    if not is_sqlite(database):
        return None
    before = database.execute_sql("PRAGMA cache_size").fetchone()[0]
    if kib is not None:
        database.execute_sql(f"PRAGMA cache_size = {-int(kib)}")
    value = int(before)
    return -value if value < 0 else value


def placeholder(database: Any = None) -> str:
    """The driver's parameter mark in raw SQL: ``?`` (sqlite3) or ``%s`` (psycopg)."""
    return "%s" if is_postgres(database) else "?"


def reset_sequences(database: Any, tables: list[str]) -> None:
    """After rows were written with explicit ids (a copy, a restore), let each table's id
    sequence continue after its largest id (PostgreSQL; SQLite needs nothing)."""
    if not is_postgres(database):
        return
    for table in tables:
        sequence = database.execute_sql(
            "SELECT pg_get_serial_sequence(%s, a.attname) FROM pg_attribute a "
            "WHERE a.attrelid = to_regclass(%s) AND a.attname = 'id' AND NOT a.attisdropped",
            (f'"{table}"', f'"{table}"'),
        ).fetchone()
        if not sequence or sequence[0] is None:
            continue  # no id column, or not one a sequence numbers (e.g. setting's key)
        database.execute_sql(
            f'SELECT setval(%s, COALESCE((SELECT MAX("id") FROM "{table}"), 0) + 1, false)',
            (sequence[0],),
        )


def lock_key(name: str) -> int:
    """A stable signed 32-bit key for a named lock: the same on every seat and every run."""
    import zlib

    key = zlib.crc32(name.encode("utf-8"))
    return key - (1 << 32) if key >= 1 << 31 else key


def serialize_writers(database: Any, name: str) -> None:
    """Inside a write transaction: wait until no other transaction serialized under ``name``
    (an import, say) is running, on any seat. SQLite: nothing to do, every write transaction
    begins ``IMMEDIATE`` and holds the file's write lock. PostgreSQL: a transaction-scoped
    advisory lock on :func:`lock_key` of ``name``, released at commit or rollback."""
    if is_postgres(database):
        database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (lock_key(name),))
