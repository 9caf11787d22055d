"""The backup of the office server made before its schema is migrated.

On a file the program copies the file beside itself before migrating it
(models/migrations.backup_file). A server has no file to copy: before an older schema is
migrated (``open_database`` of services/admin/database.py on a ``postgresql://`` URL), the
server's data is written into a SQLite file in the backup folder (the setting; empty, or a
folder that cannot be used now, means ``backups`` in the user's data folder), as ``office-app
backup`` does on a server, and the migration is refused when that backup cannot be made
(models/database.open_server says why).

The server's tables are of the old version, which this program's models no longer describe,
so the file is made from the tables as the server has them (peewee's reflection: each table
with its columns, types, keys and indexes, as the program of that version made them on
SQLite), holding every row but the seats, at the old schema version. The program opens it
like any database of that version (a file it migrates, keeping a copy beside it), and a
restore onto the server takes it once it has been opened (backup.restore_backup says so).
Each table is proved by its rows and a content checksum read back from the file, as a copy
is (database_copy); a file that does not match is deleted and the migration refused.

The file is named ``<dbname>@<host>.v<version>-YYYYmmdd-HHMMSS.db``: not of the rotated
backups' form, so rotation never deletes it.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

import peewee as pw

from office_app.models import now
from office_app.models.engine import ServerUrl

log = logging.getLogger(__name__)

# A column default the file may keep: a number, a quoted text, true/false, NULL (the server's
# casts such as ''::character varying taken off first); any other (nextval(…), now()) is
# left out of the file, which changes no stored row.
_CAST = re.compile(r"::[a-z][a-z0-9_ ]*(\(\d+(,\s*\d+)?\))?(\[\])?", re.IGNORECASE)
_LITERAL = re.compile(r"^(-?\d+(\.\d+)?|'([^']|'')*'|true|false|null)$", re.IGNORECASE)


def backup_name(url: ServerUrl | str, version: int, counter: int = 1) -> str:
    """``<dbname>@<host>.v<version>-YYYYmmdd-HHMMSS.db`` (``-N`` before ``.db`` when a
    file of that name exists already)."""
    from .backup import backup_stem

    stamp = now().strftime("%Y%m%d-%H%M%S")
    extra = f"-{counter}" if counter > 1 else ""
    return f"{backup_stem(str(url))}.v{version}-{stamp}{extra}.db"


def backup_before_upgrade(database: pw.Database, url: ServerUrl | str, version: int) -> Path:
    """Write the server's data (schema ``version``, not yet migrated) into a new SQLite file
    in the backup folder; its path. Raises what went wrong (the folder not writable, the
    server lost, :class:`~.database_copy.CopyMismatch`); then no file is left."""
    from .backup import BackupSettings, backup_folder, load_settings

    try:
        settings = load_settings()
    except (pw.DatabaseError, ValueError, TypeError) as exc:  # an old schema's settings
        log.warning("backup settings not read before the upgrade: %s", exc)
        settings = BackupSettings()
    folder = _usable_folder(
        [backup_folder(str(url), settings), backup_folder(str(url), BackupSettings())]
    )
    counter = 1
    target = folder / backup_name(url, version)
    while target.exists():
        counter += 1
        target = folder / backup_name(url, version, counter)
    copy_tables_as_they_are(database, target)
    log.info("server backed up before the upgrade from version %s: %s", version, target)
    return target


def _usable_folder(folders: list[Path]) -> Path:
    """The first of ``folders`` that exists or can be made, and can be written: the folder
    chosen in the settings, else the default one (a USB stick not plugged in would otherwise
    keep the program from opening the server at all: the setting lives in the database it
    cannot open before the upgrade). OSError naming each folder's reason when none can."""
    reasons: list[str] = []
    for folder in dict.fromkeys(folders):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not os.access(folder, os.W_OK):
                raise PermissionError(f"没有写入权限：{folder}")
        except OSError as exc:
            log.warning("backup folder %s not usable before the upgrade: %s", folder, exc)
            reasons.append(f"{folder}：{exc.strerror or exc}")
            continue
        return folder
    raise OSError("备份文件夹都不能用（" + "；".join(reasons) + "）")


def _portable_default(field: pw.Field) -> None:
    """Keep a column default the file can hold (see :data:`_LITERAL`), drop any other."""
    kept = []
    for constraint in field.constraints or []:
        text = getattr(constraint, "sql", None)
        if not isinstance(text, str) or not text.upper().startswith("DEFAULT "):
            kept.append(constraint)
            continue
        value = _CAST.sub("", text[len("DEFAULT ") :]).strip()
        while value.startswith("(") and value.endswith(")"):
            value = value[1:-1].strip()
        if _LITERAL.match(value):
            value = {"true": "1", "false": "0"}.get(value.lower(), value)
            kept.append(pw.SQL(f"DEFAULT {value}"))
    field.constraints = kept or None


def _models_as_they_are(database: pw.Database) -> list[type[pw.Model]]:
    """A peewee model for each table of the server's schema, as it is now (reflected)."""
    from playhouse.reflection import generate_models

    models = generate_models(database)
    for model in models.values():
        for field in model._meta.sorted_fields:
            _portable_default(field)
    return [models[name] for name in sorted(models)]


def _rows(database: pw.Database, model: type[pw.Model]) -> Any:
    """The table's rows a page at a time, in primary-key order (or all at once, ordered here,
    for a table without a single-column key)."""
    from .database_copy import read_pages

    key = model._meta.primary_key
    if isinstance(key, pw.Field) and not isinstance(key, pw.CompositeKey):
        yield from read_pages(database, model)  # type: ignore[arg-type]
        return
    fields = list(model._meta.sorted_fields)
    rows = list(model.select(*fields).tuples().execute(database))
    if rows:
        yield sorted(rows, key=repr)


def copy_tables_as_they_are(source: pw.Database, path: Path) -> list[Any]:
    """Every table of ``source`` (its schema as it is) into the new SQLite file ``path``,
    written as ``<name>.partial`` and renamed when every table read back matches; the
    :class:`~.database_copy.TableCopy` of each table."""
    from .database_copy import (
        TRANSIENT_TABLES,
        CopyMismatch,
        TableCopy,
        TableDigest,
        insert_statement,
        snapshot,
    )

    if path.exists():
        raise FileExistsError(f"备份文件已存在：{path}")
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    writer = pw.SqliteDatabase(str(partial), pragmas={"foreign_keys": 0})
    done: list[TableCopy] = []
    try:
        writer.connect()
        with snapshot(source):
            models = _models_as_they_are(source)
            with writer.atomic():
                for model in models:
                    pw.SchemaManager(model, database=writer).create_all(safe=False)
                for model in models:
                    table = model._meta.table_name
                    if table in TRANSIENT_TABLES:
                        continue  # who is connected now: not the community's data
                    fields = list(model._meta.sorted_fields)
                    converters = [f.db_value for f in fields]
                    statement = insert_statement(writer, model)  # type: ignore[arg-type]
                    read = TableDigest(fields)
                    for page in _rows(source, model):
                        for row in page:
                            read.add(row)
                        writer.cursor().executemany(
                            statement,
                            [tuple(c(v) for c, v in zip(converters, r, strict=True)) for r in page],
                        )
                    back = TableDigest(fields)
                    for page in _rows(writer, model):
                        for row in page:
                            back.add(row)
                    done.append(
                        TableCopy(table, read.rows, back.rows, read.hexdigest, back.hexdigest)
                    )
                wrong = [t for t in done if not t.ok]
                if wrong:
                    raise CopyMismatch(
                        "备份读回后与服务器上的数据不一致："
                        + "；".join(
                            f"{t.table}（{t.source_rows} 行 → {t.target_rows} 行）" for t in wrong
                        )
                    )
        writer.close()
        partial.replace(path)
    finally:
        if not writer.is_closed():
            writer.close()
        partial.unlink(missing_ok=True)
    return done
