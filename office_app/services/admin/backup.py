"""Backups: online copies through SQLite's backup API, rotated; checking and restoring them.

Where backups go is a community setting (``BackupSettings`` in the ``Setting`` table, key
``backup``): a folder (a USB stick, say; empty means ``backups`` beside the database), how many
to keep (30), and whether the program backs up daily and when it closes. The command line's
``office-app backup`` without ``--to`` uses the same folder.

A backup file is named ``<database stem>-YYYYmmdd-HHMMSS.db``; rotation deletes only files of
that form, oldest first, so a file kept by a restore (``<stem>-replaced-…``) or anything else
in the folder is never touched.

A restore checks the chosen file first (SQLite's integrity check, the schema version, the
tables) and replaces nothing when the check fails. The replaced database is kept beside the
database as ``<stem>-replaced-YYYYmmdd-HHMMSS.db``.

On the office server (a ``postgresql://`` database) a backup is the same kind of SQLite file,
written through the copy machinery (:mod:`.database_copy`: one snapshot of the server, every
table proved by rows and checksum), named after the server's database
(``<dbname>@<host>-YYYYmmdd-HHMMSS.db``), in the same folder setting (empty means ``backups``
in the user's data folder: a server has no folder beside it), rotated and audited alike. The
program opens such a file like any database, and restores from it: onto a file as before, and
onto the server by replacing every table's rows in one transaction (the server's data before
is first kept as a backup of its own).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from office_app.models import ALL_MODELS, AuditEntry, Operator, Setting, db, now
from office_app.models.database import (
    DatabaseBusy,
    busy_message,
    close_database,
    is_busy_error,
    is_database_file,
    open_database,
    side_files,
)
from office_app.models.files import copy_database
from office_app.models.migrations import SCHEMA_VERSION

from . import audit
from .actor import Actor, PermissionDenied, require_admin, require_write
from .connection import is_server
from .database_copy import copy_bound_to_file, snapshot

log = logging.getLogger(__name__)

KEEP = 30
SETTINGS_KEY = "backup"
# Automatic backups run when the newest one is older than this.
DAILY = dt.timedelta(days=1)


@dataclass(frozen=True)
class BackupSettings:
    folder: str = ""  # "" → the folder "backups" beside the database
    keep: int = KEEP
    daily: bool = True
    on_exit: bool = True


def load_settings() -> BackupSettings:
    row = Setting.get_or_none(Setting.key == SETTINGS_KEY)
    if row is None:
        return BackupSettings()
    raw: dict[str, Any] = json.loads(row.value)
    known = {f.name for f in fields(BackupSettings)}
    return BackupSettings(**{k: v for k, v in raw.items() if k in known})


def save_settings(actor: Actor, settings: BackupSettings) -> None:
    """Save where and how often backups are made (administrators only; audited)."""
    require_admin(actor)
    if settings.keep < 1:
        raise ValueError("至少保留 1 份备份。")
    before = load_settings()
    payload = json.dumps(asdict(settings), ensure_ascii=False)
    with db.atomic():
        Setting.insert(key=SETTINGS_KEY, value=payload, updated_at=now()).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: payload}
        ).execute()
        audit.record(
            actor,
            "settings.backup",
            entity="setting",
            before=asdict(before),
            after=asdict(settings),
        )


def backup_folder(db_path: Path | str, settings: BackupSettings | None = None) -> Path:
    chosen = (settings or load_settings()).folder.strip()
    if chosen:
        return Path(chosen)
    if is_server(db_path):
        from office_app.paths import data_dir

        return data_dir() / "backups"
    return Path(db_path).parent / "backups"


def backup_stem(db_path: Path | str) -> str:
    """The start of a backup's file name: the database file's stem, or for the office server
    ``<dbname>@<host>`` (a socket folder's slashes made underscores)."""
    if not is_server(db_path):
        return Path(db_path).stem
    from office_app.models.engine import ServerUrl

    server = ServerUrl(str(db_path))
    return re.sub(r"[^\w.@-]", "_", f"{server.dbname}@{server.host}")


# --- making backups ----------------------------------------------------------------------


def _backup_pattern(stem: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(stem)}-(\d{{8}}-\d{{6}})(?:-\d+)?\.db$")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: dt.datetime
    size: int


def list_backups(folder: Path, stem: str) -> list[BackupFile]:
    """The rotated backups of database ``stem`` in ``folder``, newest first."""
    pattern = _backup_pattern(stem)
    found: list[BackupFile] = []
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        match = pattern.match(path.name)
        if match is None or not path.is_file():
            continue
        taken = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
        found.append(BackupFile(path, taken, path.stat().st_size))
    found.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return found


def backup_database(
    actor: Actor,
    db_path: Path | str,
    to_dir: Path | None = None,
    *,
    keep: int | None = None,
    reason: str = "",
    automatic: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Copy the open database to ``to_dir`` (default: the folder in the settings) while in use.

    A backup folder never holds a half-written file. The oldest backups beyond ``keep``
    (default: the settings' number) are deleted. ``reason`` ("退出时", "每日") goes into the
    audit entry. Raises OSError when the folder cannot be written (a USB stick pulled out).

    A backup holds personal data in full, so a read-only operator may not make one by hand;
    the ``automatic`` backups (daily, on exit, to the administrator's folder) run for anyone.

    ``db_path`` may be the office server's URL: the backup is then a SQLite file made by the
    copy machinery (every table verified), ``progress`` counting tables instead of pages.
    """
    if not automatic:
        require_write(
            actor, f"操作员 {actor.username} 是只读角色，不能备份（备份含完整的个人信息）。"
        )
    settings = load_settings()
    folder = Path(to_dir) if to_dir is not None else backup_folder(db_path, settings)
    keep = settings.keep if keep is None else keep
    folder.mkdir(parents=True, exist_ok=True)
    stem = backup_stem(db_path)
    stamp = now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{stem}-{stamp}.db"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{stem}-{stamp}-{counter}.db"
    # The audit entry and the copy stand or fall together: the entry is written first, in a
    # write transaction that stays open while the copy is made (a database another program
    # keeps busy refuses the entry, and then no copy is made), and a copy whose entry cannot
    # be committed is deleted again.
    try:
        with snapshot(db.obj) if is_server(db_path) else db.atomic():
            audit.record(
                actor,
                "backup",
                summary=f"{reason}备份到 {target}" if reason else f"备份到 {target}",
            )
            if is_server(db_path):
                # The server in the snapshot this transaction reads (the entry included).
                copy_bound_to_file(db.obj, target, progress=_table_progress(progress))
            else:
                copy_database(Path(db_path), target, progress=progress)
    except BaseException as exc:
        target.unlink(missing_ok=True)
        if is_busy_error(exc):
            raise DatabaseBusy(busy_message(db_path) + "没有做备份。") from exc
        raise
    for old in list_backups(folder, stem)[max(keep, 1) :]:
        if old.path != target:  # never the one just made (a clock set back sorts it last)
            old.path.unlink(missing_ok=True)
    return target


def _table_progress(
    progress: Callable[[int, int], None] | None,
) -> Callable[[str, int, int], None] | None:
    if progress is None:
        return None
    return lambda _table, done, total: progress(done, total)


def last_backup_at() -> dt.datetime | None:
    """When the newest backup of this database was made (from the audit trail)."""
    value = (
        AuditEntry.select(AuditEntry.at)
        .where(AuditEntry.action == "backup")
        .order_by(AuditEntry.at.desc())
        .limit(1)
        .scalar()
    )
    if value is None:
        return None
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    assert isinstance(value, dt.datetime)
    return value


def backup_due(moment: dt.datetime | None = None) -> bool:
    """True when daily backups are on and the newest backup is a day old or more."""
    if not load_settings().daily:
        return False
    last = last_backup_at()
    moment = moment or now()
    # A "last backup" in the future means the clock was set back: back up rather than wait.
    return last is None or last > moment or moment - last >= DAILY


# --- checking and restoring ----------------------------------------------------------------


@dataclass
class BackupCheck:
    path: Path
    schema_version: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_backup(path: Path, *, quick: bool = False) -> BackupCheck:
    """Is ``path`` a sound database of a schema this program can open? Reads only."""
    path = Path(path)
    report = BackupCheck(path)
    if not path.is_file():
        report.problems.append(f"文件不存在：{path}")
        return report
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error as exc:
        report.problems.append(f"无法打开 {path.name}：{exc}")
        return report
    try:
        pragma = "quick_check" if quick else "integrity_check"
        rows = [r[0] for r in connection.execute(f"PRAGMA {pragma}").fetchall()]
        if rows != ["ok"]:
            report.problems.extend(f"完整性检查：{r}" for r in rows[:10])
            return report
        tables = {
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if "schema_version" not in tables:
            report.problems.append(f"{path.name} 不是本程序的数据库（没有版本表）")
            return report
        version = connection.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
        report.schema_version = int(version or 0)
        if report.schema_version > SCHEMA_VERSION:
            report.problems.append(
                f"{path.name} 的数据库版本为 {report.schema_version}，"
                f"本程序只认识到 {SCHEMA_VERSION}（请先升级程序）"
            )
        elif report.schema_version == SCHEMA_VERSION:
            missing = [m._meta.table_name for m in ALL_MODELS if m._meta.table_name not in tables]
            if missing:
                report.problems.append(f"{path.name} 缺少数据表：{'、'.join(missing)}")
        elif report.schema_version < 1:
            report.problems.append(f"{path.name} 的数据库版本无效（{report.schema_version}）")
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"{path.name} 不是可用的数据库文件：{exc}")
    finally:
        connection.close()
    return report


def newest_good_backup(db_path: Path, folder: Path | None = None) -> BackupCheck | None:
    """The newest backup of ``db_path`` that passes :func:`validate_backup`, or None.

    Looks in ``folder``, or in the configured folder and the default one beside the database.
    The settings are read only when the database can be read.
    """
    folders: list[Path] = []
    if folder is not None:
        folders.append(Path(folder))
    else:
        try:
            folders.append(backup_folder(db_path))
        except Exception:  # the database itself may be what is damaged
            log.warning("backup settings unreadable; looking beside the database")
        default = Path(db_path).parent / "backups"
        if default not in folders:
            folders.append(default)
    candidates: list[BackupFile] = []
    for each in folders:
        candidates.extend(list_backups(each, Path(db_path).stem))
    candidates.sort(key=lambda b: b.taken_at, reverse=True)
    for candidate in candidates:
        report = validate_backup(candidate.path)
        if report.ok:
            return report
        log.warning("backup %s is not usable: %s", candidate.path, report.problems[:3])
    return None


class RestoreRefused(ValueError):
    """The chosen file failed its check; nothing was replaced."""


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    replaced_copy: Path | None
    schema_version: int


def _side_files(path: Path) -> list[Path]:
    return side_files(path)


# How long a restore waits for other programs to let go of the database before refusing.
# Not at all by default: a restore that waited for an import to finish would overwrite the rows that
# import had just reported as imported. Refused, the user sees who has it open and decides.
RESTORE_WAIT = 0.0


def _busy_refusal(db_path: Path) -> RestoreRefused:
    return RestoreRefused(
        f"数据库 {db_path} 正被另一个程序使用（另一个窗口、命令行的导入或备份），"
        "不能恢复：什么也没有替换。请先关闭其他程序，再恢复一次。"
    )


def _hold_alone(db_path: Path, wait: float) -> sqlite3.Connection | None:
    """A connection that holds the database file exclusively: no other connection, in this
    or any other process, has it open, and none can open it until this one is closed.

    Waits up to ``wait`` seconds for the others to close it, then :class:`RestoreRefused`.
    None when SQLite cannot read the file at all (a damaged database).
    """
    deadline = time.monotonic() + wait
    while True:
        holder = sqlite3.connect(str(db_path), timeout=0, isolation_level=None)
        try:
            holder.execute("PRAGMA locking_mode=EXCLUSIVE")
            # In WAL mode the exclusive lock on the file is taken on the first access and fails
            # while any other connection holds its shared lock; it is kept until close.
            holder.execute("BEGIN EXCLUSIVE")
            holder.execute("COMMIT")
            return holder
        except sqlite3.OperationalError as exc:
            holder.close()
            if not is_busy_error(exc):
                raise
            if time.monotonic() >= deadline:
                raise _busy_refusal(db_path) from exc
            time.sleep(0.1)
        except sqlite3.DatabaseError:
            holder.close()
            return None


def _held_by_another_process(db_path: Path) -> bool:
    """POSIX only, for a file SQLite cannot read: does another process hold SQLite's locks on
    it (the pending, reserved and shared bytes)? Called only when this process has no SQLite
    connection to it, so opening the file here costs nobody their locks."""
    try:
        import fcntl
    except ImportError:  # Windows: a file open elsewhere cannot be replaced anyway
        return False
    pending_byte = 0x40000000
    try:
        fd = os.open(db_path, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 512, pending_byte)
    except OSError:
        return True
    finally:
        os.close(fd)  # releases the test lock too
    return False


def _replaced_name(db_path: Path) -> Path:
    stamp = now().strftime("%Y%m%d-%H%M%S")
    target = db_path.with_name(f"{db_path.stem}-replaced-{stamp}{db_path.suffix}")
    counter = 1
    while target.exists():
        counter += 1
        target = db_path.with_name(f"{db_path.stem}-replaced-{stamp}-{counter}{db_path.suffix}")
    return target


def _copy_connection(source: sqlite3.Connection, target: Path) -> Path:
    """Copy an open connection's database to ``target`` (never half-written) with the
    backup API."""
    partial = target.with_name(target.name + ".partial")
    try:
        dest = sqlite3.connect(str(partial))
        try:
            source.backup(dest)
        finally:
            dest.close()
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def _replace_damaged(db_path: Path, source: Path) -> Path | None:
    """Replace a file SQLite cannot read: keep its bytes beside it, then put the backup in its
    place. Refused while another process holds it (its WAL would be deleted under it)."""
    if _held_by_another_process(db_path):
        raise _busy_refusal(db_path)
    incoming = db_path.with_name(db_path.name + ".restoring")
    copy_database(source, incoming)
    try:
        target = _replaced_name(db_path)
        shutil.copy2(db_path, target)  # SQLite cannot read it, and nobody holds it
        for side in _side_files(db_path):
            if side.exists():
                shutil.copy2(side, target.with_name(target.name + side.name[len(db_path.name) :]))
        for side in _side_files(db_path):
            side.unlink(missing_ok=True)
        incoming.replace(db_path)
    finally:
        incoming.unlink(missing_ok=True)
    return target


def _as_in_restored_data(actor: Actor) -> Actor:
    """The actor as the restored data knows them: the operator may not exist (or be another
    one) there, and then the audit entry names them without an operator id."""
    operator = (
        Operator.get_or_none(Operator.id == actor.operator_id)
        if actor.operator_id is not None
        else None
    )
    if operator is not None and operator.username == actor.username:
        return actor
    return Actor(actor.username, actor.display_name, actor.role, None)


def restore_backup(
    actor: Actor,
    db_path: Path | str,
    source: Path,
    *,
    recovery: bool = False,
    wait: float = RESTORE_WAIT,
) -> RestoreResult:
    """Replace the contents of the database at ``db_path`` with the backup ``source``.

    Administrators only, except in ``recovery`` (the current file failed its check), when any
    operator who may write can bring back a good backup. ``source`` is checked first; when the
    check fails nothing is replaced (:class:`RestoreRefused`).

    The restore takes the database for itself first: while another program has it open (a
    second window, an import or a backup on the command line) it refuses, replacing nothing
    (after waiting up to ``wait`` seconds; by default it does not wait). Holding it alone, it
    keeps the replaced database beside it (``<stem>-replaced-…``) and copies the backup into
    it, both through SQLite's backup API: no file is deleted under another program, no WAL is
    lost. Afterwards the database is open again (the restored contents) and the restore is in
    its audit trail.

    On the office server (``db_path`` a ``postgresql://`` URL) the server's data is first
    backed up (that file is the ``replaced_copy``), then every table's rows are replaced by
    the file's in one transaction, proved table by table like a copy: the other seats see the
    old data or the restored data, never a mixture, and a failure leaves the server as it was.
    """
    if recovery:
        # The database may be what is damaged: the role the operator logged in with counts.
        if not actor.can_write:
            raise PermissionDenied(
                f"操作员 {actor.username} 是只读角色，不能恢复备份。", actor=actor, what="恢复备份"
            )
    else:
        require_admin(actor)
    source = Path(source)
    if is_server(db_path):
        return _restore_server(actor, str(db_path), source)
    db_path = Path(db_path)
    if db_path.exists() and is_database_file(source, db_path):
        raise RestoreRefused("不能用数据库文件本身恢复自己。")
    report = validate_backup(source)
    if not report.ok:
        raise RestoreRefused("；".join(report.problems))
    close_database()
    try:
        holder = _hold_alone(db_path, wait) if db_path.exists() else None
        if holder is None and db_path.exists():
            replaced: Path | None = _replace_damaged(db_path, source)
        elif holder is None:
            replaced = None
            copy_database(source, db_path)
        else:
            try:
                replaced = _copy_connection(holder, _replaced_name(db_path))
                incoming = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
                try:
                    incoming.backup(holder)
                finally:
                    incoming.close()
            finally:
                holder.close()
    finally:
        open_database(db_path)
    recorded = _as_in_restored_data(actor)
    with db.atomic():
        audit.record(
            recorded,
            "backup.restore",
            summary=f"从 {source} 恢复；被替换的数据库保存为 {replaced or '（无）'}",
        )
    return RestoreResult(source, replaced, report.schema_version)


def _restore_server(actor: Actor, url: str, source: Path) -> RestoreResult:
    """Replace every table's rows on the bound server with the backup file's."""
    from .database_copy import COMMUNITY_MODELS, copy_tables, open_source

    report = validate_backup(source)
    if not report.ok:
        raise RestoreRefused("；".join(report.problems))
    if report.schema_version != SCHEMA_VERSION:
        raise RestoreRefused(
            f"{source.name} 的数据库版本为 {report.schema_version}，服务器为 {SCHEMA_VERSION}："
            "请先用本程序打开这个备份文件一次（会自动升级），再恢复。"
        )
    replaced = backup_database(actor, url, reason="恢复前")
    reader = open_source(source)
    try:
        with snapshot(reader), db.atomic():
            for model in reversed(COMMUNITY_MODELS):  # the seats connected now stay
                model.delete().execute(db.obj)
            copy_tables(reader, db.obj)
            recorded = _as_in_restored_data(actor)
            audit.record(
                recorded,
                "backup.restore",
                summary=f"从 {source} 恢复；被替换的数据保存为 {replaced}",
            )
    finally:
        reader.close()
    return RestoreResult(source, replaced, report.schema_version)
