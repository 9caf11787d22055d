"""What ``office-app check`` asks an office server (PostgreSQL) about the stored data.

SQLite's ``integrity_check`` and ``foreign_key_check`` (:func:`.engine.integrity_problems`)
have no one counterpart on PostgreSQL, which checksums its pages (when the cluster was made
with checksums) and enforces foreign keys on every write. What can still be wrong, and what
a role that owns only its schema may ask without any extension:

- a table whose rows cannot be read (a damaged page, a lost file): every row of every table
  is read once (the full check only);
- an index left invalid (a ``CREATE INDEX CONCURRENTLY`` that failed): the planner no longer
  uses it, and a unique one no longer guards anything;
- a foreign key of the models the server does not enforce (its constraint dropped, or added
  ``NOT VALID`` and never validated): then the rows it may have let through are counted;
- an id sequence behind the largest id of its table (rows written with their ids, and the
  sequence not set after them): the next new record would fail on a duplicate key.

Read only: nothing here writes (``office-app check`` runs on a read-only connection).
Messages are Chinese, as the file's check's are. Nothing at all on SQLite.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import peewee as pw

from .engine import is_postgres

# The current schema's oid: the program's tables live in the role's own schema.
_SCHEMA = "(SELECT oid FROM pg_namespace WHERE nspname = current_schema())"


def server_problems(
    database: Any, models: Iterable[type[pw.Model]], *, quick: bool = True, limit: int = 20
) -> list[str]:
    """What is wrong with the data on the server ``database`` (at most ``limit`` of each
    kind), in Chinese; [] when nothing, and always [] on SQLite. ``quick`` skips reading
    every row of every table."""
    if not is_postgres(database):
        return []
    present = set(database.get_tables())
    tables = [m for m in models if m._meta.table_name in present]
    problems: list[str] = []
    unreadable: dict[str, str] = {}
    if not quick:
        unreadable.update(unreadable_tables(database, tables))
    readable = [m for m in tables if m._meta.table_name not in unreadable]
    problems.extend(invalid_indexes(database)[:limit])
    problems.extend(unenforced_foreign_keys(database, readable, unreadable)[:limit])
    problems.extend(sequences_behind(database, readable, unreadable)[:limit])
    # With the tables a query above could not read either (the quick check reads no table
    # whole).
    read_problems = [_unreadable(table, reason) for table, reason in unreadable.items()]
    return read_problems[:limit] + problems


def _unreadable(table: str, reason: str) -> str:
    return f"完整性检查：数据表 {table} 读不出来（{reason}）"


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def unreadable_tables(database: Any, models: Iterable[type[pw.Model]]) -> dict[str, str]:
    """Each table read row by row (every column, out-of-line values included, as text): a
    page the server cannot read fails the query. The tables that failed, with the reason."""
    found: dict[str, str] = {}
    for model in models:
        table = model._meta.table_name
        try:
            database.execute_sql(f'SELECT sum(length(t::text)) FROM "{table}" AS t').fetchone()
        except pw.DatabaseError as exc:
            found[table] = _reason(exc)
    return found


def invalid_indexes(database: Any) -> list[str]:
    rows = database.execute_sql(
        "SELECT c.relname, t.relname FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
        f"WHERE t.relnamespace = {_SCHEMA} AND NOT (i.indisvalid AND i.indisready) "
        "ORDER BY t.relname, c.relname"
    ).fetchall()
    return [
        f"索引：表 {table} 的索引 {index} 无效（建立时失败了），查询不再使用它，"
        "唯一索引也不再阻止重复；请删除后重建"
        for index, table in rows
    ]


def unenforced_foreign_keys(
    database: Any, models: Iterable[type[pw.Model]], unreadable: dict[str, str]
) -> list[str]:
    """The models' foreign keys without a validated constraint on the server, and the rows
    of each that point at nothing (a table that cannot be read goes into ``unreadable``)."""
    enforced = {
        (str(table), str(column))
        for table, column in database.execute_sql(
            "SELECT t.relname, a.attname FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid "
            "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
            f"WHERE c.contype = 'f' AND c.convalidated AND t.relnamespace = {_SCHEMA} "
            "AND array_length(c.conkey, 1) = 1"
        ).fetchall()
    }
    problems: list[str] = []
    for model in models:
        table = model._meta.table_name
        for field in model._meta.sorted_fields:
            if not isinstance(field, pw.ForeignKeyField):
                continue
            if (table, field.column_name) in enforced:
                continue
            parent = field.rel_model._meta.table_name
            problems.append(
                f"外键：表 {table} 的 {field.column_name} 在服务器上没有生效的外键约束"
                f"（指向 {parent}），服务器不再检查它"
            )
            try:
                orphans = database.execute_sql(
                    f'SELECT count(*) FROM "{table}" AS c '
                    f'WHERE c."{field.column_name}" IS NOT NULL AND NOT EXISTS (SELECT 1 '
                    f'FROM "{parent}" AS p WHERE p."{field.rel_field.column_name}" = '
                    f'c."{field.column_name}")'
                ).fetchone()[0]
            except pw.DatabaseError as exc:
                if _has_column(database, table, field.column_name):
                    unreadable.setdefault(table, _reason(exc))
                continue  # (else the column is missing: the schema check says so)
            if orphans:
                problems.append(
                    f"外键：表 {table} 有 {orphans} 行的 {field.column_name} "
                    f"指向 {parent} 中不存在的记录"
                )
    return problems


def sequences_behind(
    database: Any, models: Iterable[type[pw.Model]], unreadable: dict[str, str]
) -> list[str]:
    """Tables whose id sequence would hand out an id already taken (a table that cannot be
    read goes into ``unreadable``)."""
    problems: list[str] = []
    for model in models:
        key = model._meta.primary_key
        if not isinstance(key, pw.AutoField):
            continue
        table = model._meta.table_name
        try:
            sequence = database.execute_sql(
                "SELECT pg_get_serial_sequence(%s, %s)", (f'"{table}"', key.column_name)
            ).fetchone()[0]
            if sequence is None:
                continue
            last, called = database.execute_sql(
                f"SELECT last_value, is_called FROM {sequence}"
            ).fetchone()
            largest = database.execute_sql(
                f'SELECT max("{key.column_name}") FROM "{table}"'
            ).fetchone()[0]
        except pw.DatabaseError as exc:
            unreadable.setdefault(table, _reason(exc))
            continue
        following = int(last) + 1 if called else int(last)
        if largest is not None and following <= int(largest):
            problems.append(
                f"编号序列：表 {table} 的下一个新编号是 {following}，但已有编号到 {largest}："
                "新增记录会因编号重复而失败"
            )
    return problems


def _has_column(database: Any, table: str, column: str) -> bool:
    return any(c.name == column for c in database.get_columns(table))
