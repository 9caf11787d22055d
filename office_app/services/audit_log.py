"""Reading the audit trail: the 审计 page's listing with its filters, and the values offered.

The trail itself is written by ``services.audit.record``; nothing here writes to it except the
export (through ``services.export``, which records the export itself).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final, cast

from office_app.models import AuditEntry

from . import export
from . import listings as L
from .actor import Actor
from .listings import QT_TRANSLATE_NOOP

# Known actions in the UI's words (English source, translated in context "Listing"). Others
# (new ones from other services) show as their code.
ACTION_TITLES: Final[dict[str, str]] = {
    "login": QT_TRANSLATE_NOOP("Listing", "Log-in"),
    "login.failed": QT_TRANSLATE_NOOP("Listing", "Failed log-in"),
    "backup": QT_TRANSLATE_NOOP("Listing", "Backup"),
    "backup.restore": QT_TRANSLATE_NOOP("Listing", "Restore"),
    "settings.save": QT_TRANSLATE_NOOP("Listing", "Settings changed"),
    "settings.backup": QT_TRANSLATE_NOOP("Listing", "Backup settings changed"),
    "operator.create": QT_TRANSLATE_NOOP("Listing", "Operator created"),
    "operator.password": QT_TRANSLATE_NOOP("Listing", "Password reset"),
    "operator.role": QT_TRANSLATE_NOOP("Listing", "Role changed"),
    "operator.disable": QT_TRANSLATE_NOOP("Listing", "Operator disabled"),
    "operator.enable": QT_TRANSLATE_NOOP("Listing", "Operator enabled"),
    "operator.rename": QT_TRANSLATE_NOOP("Listing", "Operator renamed"),
    "privacy.reveal": QT_TRANSLATE_NOOP("Listing", "Personal data shown"),
    "retention.purge": QT_TRANSLATE_NOOP("Listing", "Old personal data purged"),
    "demo.build": QT_TRANSLATE_NOOP("Listing", "Demo data built"),
}


def _day_start(value: Any) -> dt.datetime:
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return dt.datetime.combine(day, dt.time())


AUDIT_PAGE = dataclasses.replace(
    L.AUDIT,
    name="audit_page",
    columns=(
        *(dataclasses.replace(c, width=230) if c.key == "action" else c for c in L.AUDIT.columns),
        L.Column("before", QT_TRANSLATE_NOOP("Listing", "Before"), AuditEntry.before, width=200),
        L.Column("after", QT_TRANSLATE_NOOP("Listing", "After"), AuditEntry.after, width=200),
    ),
    filters={
        "operator": lambda v: AuditEntry.operator_name == v,
        # "import." matches every import; "login" only log-ins.
        "action": lambda v: (
            AuditEntry.action.startswith(v) if str(v).endswith(".") else AuditEntry.action == v
        ),
        "date_from": lambda v: AuditEntry.at >= _day_start(v),
        "date_to": lambda v: AuditEntry.at < _day_start(v) + dt.timedelta(days=1),
    },
)


def _distinct(field: Any) -> list[str]:
    rows = cast(Iterable[tuple[Any]], field.model.select(field).distinct().order_by(field).tuples())
    return [str(value) for (value,) in rows]


def operator_names() -> list[str]:
    return _distinct(AuditEntry.operator_name)


def actions() -> list[str]:
    """Every action in the trail, and a ``kind.`` prefix for each family of two or more."""
    codes = _distinct(AuditEntry.action)
    families: dict[str, int] = {}
    for code in codes:
        if "." in code:
            prefix = code.split(".", 1)[0] + "."
            families[prefix] = families.get(prefix, 0) + 1
    prefixes = [p for p, n in families.items() if n >= 2]
    return sorted(codes + prefixes)


def count(filters: dict[str, Any]) -> int:
    return AUDIT_PAGE.count("", filters)


def export_audit(
    actor: Actor,
    path: Path,
    *,
    titles: list[str],
    text: str = "",
    filters: dict[str, Any] | None = None,
) -> export.ExportResult:
    """The filtered trail to CSV/xlsx (its own export is audited too)."""
    return export.export_listing(
        actor, path, AUDIT_PAGE, titles=titles, what="audit", text=text, filters=filters
    )


__all__ = ["ACTION_TITLES", "AUDIT_PAGE", "actions", "count", "export_audit", "operator_names"]
