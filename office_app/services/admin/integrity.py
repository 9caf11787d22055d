"""`office-app check`: is the database sound and is its schema what this program expects?

On a file: SQLite's own checks. On the office server: what PostgreSQL can be asked by a role
that owns only its schema (models/server_checks.py: every row readable, no index left
invalid, every foreign key enforced, no id sequence behind its table)."""

from __future__ import annotations

from dataclasses import dataclass, field

from office_app.models import ALL_MODELS, db
from office_app.models.engine import integrity_problems
from office_app.models.migrations import SCHEMA_VERSION, SchemaVersion, current_version
from office_app.models.server_checks import server_problems


@dataclass
class CheckReport:
    schema_version: int = 0
    tables: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(*, quick: bool = False) -> CheckReport:
    """Run the engine's integrity and foreign-key checks (models/engine.py; on the server
    models/server_checks.py too) and compare the schema with the models."""
    database = db.obj
    report = CheckReport()
    report.problems.extend(integrity_problems(database, quick=quick))
    report.problems.extend(server_problems(database, ALL_MODELS, quick=quick))
    with database.bind_ctx([SchemaVersion]):
        report.schema_version = current_version(database)
    if report.schema_version != SCHEMA_VERSION:
        report.problems.append(f"数据库版本为 {report.schema_version}，本程序需要 {SCHEMA_VERSION}")
    existing = set(database.get_tables())
    for model in ALL_MODELS:
        table = model._meta.table_name
        if table not in existing:
            report.problems.append(f"缺少数据表 {table}")
            continue
        report.tables += 1
        columns = {c.name for c in database.get_columns(table)}
        for field_ in model._meta.sorted_fields:
            if field_.column_name not in columns:
                report.problems.append(f"数据表 {table} 缺少列 {field_.column_name}")
    return report
