"""Several seats (席位) at once: the secretary's PC, a laptop at each gate, the PC where the
test-site files come in — each a program working on the same database.

- **Editing the same record.** Records two seats may edit (compound, building, resident,
  volunteer) carry a ``version`` that every edit raises. A save names the version it started
  from and writes with ``UPDATE … WHERE id = ? AND version = ?``; no row written means another
  seat saved in between, and the save is refused with :class:`StaleRecord`, whose message
  names who changed it and when (the record's ``changed_by``/``changed_at``, which every
  write that raises the version sets — an operator, ``文件导入``, ``楼栋封控`` — else the
  audit trail) and what the record holds now.
- **Deciding once.** A risk proposal, an exit request or a delivery is decided by an UPDATE
  conditional on its undecided state (:func:`claim`); the seat that comes second gets
  :class:`AlreadyDecided` naming who decided it and when.
- **Imports one after another.** :func:`serialize` inside an import's transaction: on SQLite
  every write transaction begins ``IMMEDIATE`` (writers queue for the busy timeout), on
  PostgreSQL a transaction-scoped advisory lock queues them.
- **Seeing the others' changes.** :class:`ChangeWatcher` tells, cheaply, whether another
  connection committed since it last looked (SQLite: ``PRAGMA data_version``; PostgreSQL:
  ``LISTEN``/``NOTIFY``, see :func:`notify_changes`).
- **Who is connected.** On the server each program keeps a row in ``seat`` with a heartbeat
  (:func:`join`, :func:`heartbeat`, :func:`leave`, :func:`others`). On SQLite the lock file
  beside the database says who holds it, and no seat rows are written (a heartbeat would be a
  write every half minute, and would wake every other program's watcher).

No Qt here.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import peewee as pw

from office_app.models import AuditEntry, Operator, Seat, db, now

from .actor import Actor

log = logging.getLogger(__name__)

# A seat beats every HEARTBEAT_S; one not seen for GONE_AFTER_S has gone (closed, crashed,
# cut off from the server).
HEARTBEAT_S = 30
GONE_AFTER_S = 3 * HEARTBEAT_S
# What an import names as the one who changed a record (``changed_by``).
IMPORT_LABEL = "文件导入"
# The PostgreSQL channel every committed write is announced on (see notify_changes).
CHANNEL = "office_changes"


# --- editing the same record --------------------------------------------------------------


class StaleRecord(ValueError):
    """Another seat saved the record after this one read it: nothing was written.

    ``who`` and ``when`` say who changed it (empty and None when nothing tells),
    ``current`` what the record holds now (labels → values, numbers masked),
    ``version`` its version now: a save naming that version overwrites it deliberately.
    """

    def __init__(
        self,
        message: str,
        *args: Any,
        who: str = "",
        when: dt.datetime | None = None,
        current: Mapping[str, str] | None = None,
        version: int | None = None,
    ) -> None:
        super().__init__(message, *args)
        self.who = who
        self.when = when
        self.current = dict(current or {})
        self.version = version


class AlreadyDecided(ValueError):
    """Another seat decided it first; ``who`` and ``when`` say who and when."""

    def __init__(self, message: str, *, who: str = "", when: dt.datetime | None = None) -> None:
        super().__init__(message)
        self.who = who
        self.when = when


def operator_label(username: str) -> str:
    """``显示名（用户名）`` of the operator called ``username``, or the user name alone."""
    if not username:
        return ""
    display = Operator.select(Operator.display_name).where(Operator.username == username).scalar()
    return f"{display}（{username}）" if display and display != username else username


def actor_label(actor: Actor) -> str:
    """How a record names the operator who changed it: ``显示名（用户名）``."""
    if actor.display_name and actor.display_name != actor.username:
        return f"{actor.display_name}（{actor.username}）"
    return actor.username


def stamp(model: type[pw.Model], by: str) -> dict[str, Any]:
    """The columns every write of a versioned record sets besides its own: the version
    raised by one, who (an operator's :func:`actor_label`, or what: ``文件导入``) and when."""
    return {
        "version": model.version + 1,  # type: ignore[attr-defined]
        "changed_by": by[:80],
        "changed_at": now(),
    }


def last_change(entity: str, entity_id: int) -> tuple[str, dt.datetime | None]:
    """Who last wrote the record and when, from the audit trail: ("", None) when it has none."""
    entry = (
        AuditEntry.select(AuditEntry.operator_name, AuditEntry.at)
        .where((AuditEntry.entity == entity) & (AuditEntry.entity_id == entity_id))
        .order_by(AuditEntry.id.desc())
        .first()
    )
    if entry is None:
        return "", None
    return operator_label(entry.operator_name), entry.at


def _when(moment: dt.datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S}" if moment else ""


def stale_message(what: str, who: str, when: dt.datetime | None, current: Mapping[str, str]) -> str:
    """The Chinese refusal of a save that came second."""
    by = f"已被 {who} 于 {_when(when)} 修改" if who and when else "已被另一席位修改"
    text = f"{what}{by}，您的修改没有保存。"
    if current:
        values = "；".join(
            f"{label}：{value if value != '' else '（空）'}" for label, value in current.items()
        )
        text += f"\n现在的内容：{values}。"
    return text + "\n请核对后重新修改并保存。"


E = TypeVar("E", bound=StaleRecord)


def stale(
    error: type[E],
    *,
    entity: str,
    entity_id: int,
    what: str,
    current: Mapping[str, str],
    version: int | None,
    changed_by: str = "",
    changed_at: dt.datetime | None = None,
) -> E:
    """The ``error`` (a :class:`StaleRecord` of the service) saying who saved first: the
    record's own ``changed_by``/``changed_at``, else the audit trail's last entry on it."""
    who: str = changed_by
    when: dt.datetime | None = changed_at
    if when is None:
        who, when = last_change(entity, entity_id)
    return error(
        stale_message(what, who, when, current),
        who=who,
        when=when,
        current=current,
        version=version,
    )


M = TypeVar("M", bound=pw.Model)


def current_version(model: type[pw.Model], record_id: int) -> int | None:
    """The record's version now; None when it no longer exists."""
    value = model.select(model.version).where(model.id == record_id).scalar()  # type: ignore[attr-defined]
    return None if value is None else int(value)


def save_versioned(
    record: M,
    version: int | None,
    refused: Callable[[], Exception],
    *,
    by: str,
    only: list[pw.Field] | None = None,
) -> None:
    """Write ``record`` (its fields, or ``only`` those) and raise its version by one, saying
    ``by`` whom, if the stored version is still ``version``; otherwise raise ``refused()``.

    ``version`` None writes whatever is stored (the command line, an import): the version is
    raised all the same, so an editor that started before learns of the change.
    """
    model = type(record)
    meta = model._meta
    fields = only if only is not None else list(meta.sorted_fields)
    values: dict[Any, Any] = {
        field: record.__data__.get(field.name)
        for field in fields
        if not field.primary_key
        and field.name not in ("version", "changed_by", "changed_at")
        and field.name in record.__data__
    }
    values.update(stamp(model, by))
    record_id = record._pk  # type: ignore[attr-defined]
    query = model.update(values).where(meta.primary_key == record_id)
    if version is not None:
        query = query.where(model.version == version)  # type: ignore[attr-defined]
    if query.execute() == 0:
        raise refused()
    stored = current_version(model, record_id)
    record.version = stored if stored is not None else (version or 0) + 1  # type: ignore[attr-defined]


# --- deciding once --------------------------------------------------------------------------


def claim(query: pw.ModelUpdate, refused: Callable[[], Exception]) -> None:
    """Run a decision's UPDATE, which must be conditional on the undecided state (``WHERE
    status = 'open'``); no row changed means another seat decided first: raise ``refused()``.
    """
    if query.execute() == 0:
        raise refused()


def decided_message(what: str, who: str, when: dt.datetime | None, how: str = "") -> str:
    """The Chinese refusal of a decision that came second."""
    by = f"已由 {who} 于 {_when(when)} 处理过" if who and when else "已由另一席位处理过"
    return f"{what}{by}{('（' + how + '）') if how else ''}，不能再次处理。请刷新后查看。"


# --- imports one after another ----------------------------------------------------------------


def serialize(name: str = "import") -> None:
    """Call first inside a write transaction that must not run beside another of the same
    ``name`` (an import): it waits until the other one has committed or rolled back.

    SQLite: nothing to do, the transaction already holds the write lock (``BEGIN IMMEDIATE``).
    PostgreSQL: ``pg_advisory_xact_lock``, released at commit or rollback (the per-engine
    layer's ``serialize_writers``).
    """
    from office_app.models.engine import serialize_writers

    serialize_writers(db.obj, name)


# --- seeing the others' changes -------------------------------------------------------------


class ChangeWatcher:
    """Whether another connection committed a change since the last look.

    SQLite: ``PRAGMA data_version`` of this thread's connection (a few microseconds; it
    changes when another connection — another program, the command line — commits, never for
    this connection's own commits). PostgreSQL: the notifications of :data:`CHANNEL` on a
    listening connection of its own (:class:`ServerListener`).
    """

    def __init__(self) -> None:
        self._listener: ServerListener | None = None
        self._last: int | None = None
        database = db.obj
        if isinstance(database, pw.PostgresqlDatabase):
            try:
                from office_app.models import ALL_MODELS

                notify_changes(database, [m._meta.table_name for m in ALL_MODELS])
                own = int(database.execute_sql("SELECT pg_backend_pid()").fetchone()[0])
                self._listener = ServerListener(database, ignore_pid=own)
            except Exception as exc:  # the pages still refresh on F5
                log.warning("no change notifications from the server: %s", exc)
        else:
            self._last = self._data_version()

    @staticmethod
    def _data_version() -> int | None:
        database = db.obj
        if not isinstance(database, pw.SqliteDatabase) or database.is_closed():
            return None
        try:
            return int(database.execute_sql("PRAGMA data_version").fetchone()[0])
        except (pw.DatabaseError, OSError) as exc:  # busy or closed: look again next time
            log.debug("data_version not read: %s", exc)
            return None

    def changed(self) -> bool:
        """True when another connection committed since the last call (or the start)."""
        if self._listener is not None:
            return self._listener.changed()
        value = self._data_version()
        if value is None:
            return False
        if self._last is None:
            self._last = value
            return False
        changed = value != self._last
        self._last = value
        return changed

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None


class ServerListener:
    """``LISTEN office_changes`` on a connection of its own (autocommit), read without
    waiting. The writes announce themselves through the triggers :func:`notify_changes`
    installs; PostgreSQL delivers a notification only when the writing transaction commits.
    A notification carries the writing backend's process id: the seat's own connection
    (``ignore_pid``) is passed by, as SQLite's ``data_version`` passes its own commits by."""

    def __init__(self, database: pw.PostgresqlDatabase, *, ignore_pid: int | None = None) -> None:
        from office_app.models.engine import own_connection

        self.ignore_pid = ignore_pid
        # (closes itself when dropped unclosed: psycopg would warn, at whatever later moment
        # the garbage collector drops it)
        self.connection = own_connection(database)
        self.connection.execute(f"LISTEN {CHANNEL}")

    def changed(self) -> bool:
        seen = False
        # psycopg >= 3.2: notifies(timeout=0) yields what has arrived and returns at once.
        for notice in self.connection.notifies(timeout=0):
            if notice.pid != self.ignore_pid:
                seen = True
        return seen

    def close(self) -> None:
        self.connection.close()


NOTIFY_FUNCTION = f"""
CREATE OR REPLACE FUNCTION office_notify_change() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""


def notify_changes(database: pw.Database, tables: list[str]) -> None:
    """PostgreSQL: make every committed write to ``tables`` announce itself on
    :data:`CHANNEL` (a statement-level trigger; notifications of one transaction are merged
    and sent at its commit). Nothing on SQLite, where the watcher reads ``data_version``."""
    if not isinstance(database, pw.PostgresqlDatabase):
        return
    present = {
        str(row[0])
        for row in database.execute_sql(
            "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND t.tgname LIKE 'office_notify_%%' "
            "AND c.relnamespace IN (SELECT oid FROM pg_namespace "
            "WHERE nspname = ANY (current_schemas(false)))"
        ).fetchall()
    }
    wanted = [t for t in tables if t != "seat"]  # the heartbeat is not a change of the data
    missing = [t for t in wanted if f"office_notify_{t}" not in present]
    if not missing:  # the usual start: nothing to create, no table locked
        return
    with database.atomic():
        database.execute_sql(NOTIFY_FUNCTION)
        for table in missing:
            database.execute_sql(
                f'CREATE TRIGGER "office_notify_{table}" AFTER INSERT OR UPDATE OR DELETE '
                f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION office_notify_change()'
            )


# --- who is connected -----------------------------------------------------------------------


def tracks_seats() -> bool:
    """True on the server; on SQLite the lock file beside the database tells who holds it."""
    return not isinstance(db.obj, pw.SqliteDatabase)


@dataclass(frozen=True)
class SeatInfo:
    id: int
    operator: str
    host: str
    since: dt.datetime
    seen_at: dt.datetime

    @property
    def label(self) -> str:
        return f"{self.operator}@{self.host}" if self.operator else self.host


def _target(database: pw.Database | None) -> pw.Database:
    """The database a seat is kept in: ``database``, else the bound one."""
    return database if database is not None else db.obj


def _seat_row(
    actor: Actor,
    label: str | None,
    *,
    moment: dt.datetime,
    host: str | None = None,
    pid: int | None = None,
) -> dict[str, Any]:
    """A seat's row: this computer and process (unless ``host``/``pid`` say otherwise), the
    operator as the other seats see them (``label``, else the actor's name), since
    ``moment``."""
    return {
        "host": (host or socket.gethostname())[:128],
        "pid": os.getpid() if pid is None else pid,
        "username": actor.username[:64],
        "operator_name": (label or actor.display_name or actor.username)[:64],
        "started_at": moment,
        "seen_at": moment,
    }


def join(
    actor: Actor,
    *,
    host: str | None = None,
    pid: int | None = None,
    label: str | None = None,
    database: pw.Database | None = None,
) -> int:
    """Register this program as a seat; its id, for :func:`heartbeat` and :func:`leave`.
    ``label`` is the operator's name as the other seats see it (default: the actor's display
    name); ``database`` one other than the bound (``office-app copy`` into a server)."""
    target = _target(database)
    moment = now()
    with target.atomic():
        # Seats gone for a day (a crash, a cut cable) are forgotten.
        Seat.delete().where(Seat.seen_at < moment - dt.timedelta(days=1)).execute(target)
        seat_id = Seat.insert(**_seat_row(actor, label, host=host, pid=pid, moment=moment)).execute(
            target
        )
    return int(seat_id)


def heartbeat(
    seat_id: int,
    actor: Actor | None = None,
    *,
    label: str | None = None,
    database: pw.Database | None = None,
) -> None:
    """Say the seat is still here (re-registered if somebody's clean-up took it away)."""
    target = _target(database)
    with target.atomic():
        updated = Seat.update(seen_at=now()).where(Seat.id == seat_id).execute(target)
        if not updated and actor is not None:
            Seat.insert(id=seat_id, **_seat_row(actor, label, moment=now())).execute(target)


def leave(seat_id: int, *, database: pw.Database | None = None) -> None:
    target = _target(database)
    with target.atomic():
        Seat.delete().where(Seat.id == seat_id).execute(target)


def connected(*, at: dt.datetime | None = None) -> list[SeatInfo]:
    """The seats seen within :data:`GONE_AFTER_S`, the longest-connected first."""
    moment = at or now()
    cutoff = moment - dt.timedelta(seconds=GONE_AFTER_S)
    rows = Seat.select().where(Seat.seen_at >= cutoff).order_by(Seat.started_at, Seat.id)
    return [SeatInfo(s.id, s.operator_name, s.host, s.started_at, s.seen_at) for s in rows]


def others(seat_id: int | None, *, at: dt.datetime | None = None) -> list[SeatInfo]:
    """The connected seats other than ``seat_id``."""
    return [s for s in connected(at=at) if s.id != seat_id]


@contextmanager
def seat(actor: Actor) -> Iterator[int | None]:
    """A seat for the duration of a block (None on SQLite, where none is kept)."""
    seat_id = join(actor) if tracks_seats() else None
    try:
        yield seat_id
    finally:
        if seat_id is not None:
            leave(seat_id)


# --- the command line as a seat ---------------------------------------------------------------

COMMAND_LINE = "命令行"


def command_line_label(actor: Actor, *, as_system: bool) -> str:
    """How the other seats name the command line: ``命令行（<the computer's user>）`` when it
    acts as the built-in local operator, else ``<operator>（命令行）``."""
    if as_system:
        import getpass

        try:
            user = getpass.getuser()
        except (OSError, KeyError, ImportError):  # no user name to be had (a service account)
            user = ""
        return f"{COMMAND_LINE}（{user}）" if user else COMMAND_LINE
    return f"{actor.display_name or actor.username}（{COMMAND_LINE}）"


class CommandSeat:
    """The command line's seat on the server while a command that writes runs: joined at
    once, kept alive by a heartbeat on a thread of its own (with its own connection: a long
    import's transaction does not hold it back), removed when the command ends, however it
    ends. Nothing on SQLite (no seat rows there). A seat that cannot be registered is
    logged, never a reason for the command to fail."""

    def __init__(
        self,
        actor: Actor,
        label: str,
        *,
        database: pw.Database | None = None,
        beat_every: float | None = None,
    ) -> None:
        import threading

        self.actor = actor
        self.label = label
        self.database = database
        self.beat_every = HEARTBEAT_S if beat_every is None else beat_every
        self.seat_id: int | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> int | None:
        import threading

        target = _target(self.database)
        if isinstance(target, pw.SqliteDatabase):
            return None
        try:
            self.seat_id = join(self.actor, label=self.label, database=self.database)
        except Exception as exc:
            log.warning("the command line's seat not registered: %s", exc)
            return None
        self._thread = threading.Thread(target=self._beat, name="seat-heartbeat", daemon=True)
        self._thread.start()
        return self.seat_id

    def _beat(self) -> None:
        assert self.seat_id is not None
        target = _target(self.database)
        try:
            while not self._stop.wait(self.beat_every):
                try:
                    heartbeat(self.seat_id, self.actor, label=self.label, database=self.database)
                except Exception as exc:  # the server away for a moment: try again
                    log.warning("the command line's heartbeat failed: %s", exc)
        finally:
            if not target.is_closed():
                target.close()  # this thread's connection only

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self.seat_id is not None:
            try:
                leave(self.seat_id, database=self.database)
            except Exception as exc:  # gone from the list when its heartbeat stops
                log.warning("the command line's seat not removed: %s", exc)
            self.seat_id = None

    def __enter__(self) -> CommandSeat:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextmanager
def command_seat_on_server(url: str, actor: Actor, label: str) -> Iterator[int | None]:
    """The command line's seat on a server it writes into without binding it (``office-app
    copy --to postgresql://…``): a connection of its own, the schema created first when the
    database is empty (as the copy would), no seat when the schema is of another version
    (the copy refuses it). A server that cannot be reached raises ``DatabaseUnreachable``
    at once, as the copy would after waiting as long again."""
    from office_app.models.migrations import SCHEMA_VERSION

    from .database_copy import create_schema, open_source, schema_version_of

    database = open_source(url)
    try:
        try:
            version = schema_version_of(database)
            if version == 0:
                create_schema(database)
                version = SCHEMA_VERSION
        except pw.DatabaseError as exc:  # the copy will say what is wrong
            log.warning("no seat on %s: %s", url, exc)
            version = -1
        if version != SCHEMA_VERSION:
            yield None
            return
        with CommandSeat(actor, label, database=database) as held:
            yield held.seat_id
    finally:
        database.close()


__all__ = [
    "CHANNEL",
    "AlreadyDecided",
    "ChangeWatcher",
    "CommandSeat",
    "SeatInfo",
    "StaleRecord",
    "claim",
    "command_line_label",
    "command_seat_on_server",
    "connected",
    "current_version",
    "decided_message",
    "heartbeat",
    "join",
    "last_change",
    "leave",
    "notify_changes",
    "others",
    "save_versioned",
    "serialize",
    "stale",
    "tracks_seats",
]
