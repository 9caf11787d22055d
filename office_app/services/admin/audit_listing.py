"""Reading the audit trail: the 审计 page's listing with its filters, and the values offered.

The trail itself is written by ``services.admin.audit.record``; nothing here writes to it except the
export (through ``services.reporting.export``, which records the export itself).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final, cast

from office_app.models import AuditEntry

from .. import listings as L
from ..listings import QT_TRANSLATE_NOOP
from ..reporting import export
from .actor import Actor

# Every action the program writes to the trail, in the UI's words (English source, translated
# in context "Listing"): the 审计 page shows these, with the code itself in a tooltip.
# tests/unit/test_audit_words.py fails on a code written anywhere without its words here.
# A code with a variable tail (export.untested.2022-11-22) takes the words of its longest
# known prefix (export.untested), see action_words().
ACTION_TITLES: Final[dict[str, str]] = {
    "login": QT_TRANSLATE_NOOP("Listing", "Log-in"),
    "login.failed": QT_TRANSLATE_NOOP("Listing", "Failed log-in"),
    "denied": QT_TRANSLATE_NOOP("Listing", "Refused: not permitted"),
    "backup": QT_TRANSLATE_NOOP("Listing", "Backup"),
    "backup.restore": QT_TRANSLATE_NOOP("Listing", "Restore"),
    "settings.save": QT_TRANSLATE_NOOP("Listing", "Settings changed"),
    "settings.backup": QT_TRANSLATE_NOOP("Listing", "Backup settings changed"),
    "settings.database": QT_TRANSLATE_NOOP("Listing", "Database connection changed"),
    "operator.create": QT_TRANSLATE_NOOP("Listing", "Operator created"),
    "operator.password": QT_TRANSLATE_NOOP("Listing", "Password reset"),
    "operator.role": QT_TRANSLATE_NOOP("Listing", "Role changed"),
    "operator.disable": QT_TRANSLATE_NOOP("Listing", "Operator disabled"),
    "operator.enable": QT_TRANSLATE_NOOP("Listing", "Operator enabled"),
    "operator.rename": QT_TRANSLATE_NOOP("Listing", "Operator renamed"),
    "privacy.reveal": QT_TRANSLATE_NOOP("Listing", "Personal data shown"),
    "retention.purge": QT_TRANSLATE_NOOP("Listing", "Old personal data purged"),
    "demo.build": QT_TRANSLATE_NOOP("Listing", "Demo data built"),
    "compound.create": QT_TRANSLATE_NOOP("Listing", "Compound added"),
    "compound.update": QT_TRANSLATE_NOOP("Listing", "Compound changed"),
    "compound.delete": QT_TRANSLATE_NOOP("Listing", "Compound deleted"),
    "building.create": QT_TRANSLATE_NOOP("Listing", "Building added"),
    "building.update": QT_TRANSLATE_NOOP("Listing", "Building changed"),
    "building.delete": QT_TRANSLATE_NOOP("Listing", "Building deleted"),
    "risk.change": QT_TRANSLATE_NOOP("Listing", "Risk level changed"),
    "risk.proposal.confirm": QT_TRANSLATE_NOOP("Listing", "Risk proposal confirmed"),
    "risk.proposal.dismiss": QT_TRANSLATE_NOOP("Listing", "Risk proposal dismissed"),
    "risk.proposal.withdraw": QT_TRANSLATE_NOOP("Listing", "Risk proposal withdrawn"),
    "resident.create": QT_TRANSLATE_NOOP("Listing", "Resident added"),
    "resident.update": QT_TRANSLATE_NOOP("Listing", "Resident changed"),
    "resident.delete": QT_TRANSLATE_NOOP("Listing", "Resident deleted"),
    "resident.isolate": QT_TRANSLATE_NOOP("Listing", "Resident put under home isolation"),
    "volunteer.create": QT_TRANSLATE_NOOP("Listing", "Volunteer added"),
    "volunteer.edit": QT_TRANSLATE_NOOP("Listing", "Volunteer changed"),
    "volunteer.status": QT_TRANSLATE_NOOP("Listing", "Volunteer status changed"),
    "volunteer.grid_role": QT_TRANSLATE_NOOP("Listing", "Grid leader named"),
    "roster.assign": QT_TRANSLATE_NOOP("Listing", "Put on a shift"),
    "roster.unassign": QT_TRANSLATE_NOOP("Listing", "Taken off a shift"),
    "roster.restore": QT_TRANSLATE_NOOP("Listing", "Shift place restored"),
    "roster.lead": QT_TRANSLATE_NOOP("Listing", "Shift lead named"),
    "roster.check_in": QT_TRANSLATE_NOOP("Listing", "Checked in"),
    "roster.check_out": QT_TRANSLATE_NOOP("Listing", "Checked out"),
    "roster.copy_week": QT_TRANSLATE_NOOP("Listing", "Last week's roster copied"),
    "roster.undo_copy": QT_TRANSLATE_NOOP("Listing", "Roster copy undone"),
    "roster.post_create": QT_TRANSLATE_NOOP("Listing", "Post added"),
    "roster.post_edit": QT_TRANSLATE_NOOP("Listing", "Post changed"),
    "gate.request": QT_TRANSLATE_NOOP("Listing", "Exit requested"),
    "gate.decide": QT_TRANSLATE_NOOP("Listing", "Exit request decided"),
    "gate.out": QT_TRANSLATE_NOOP("Listing", "Went out"),
    "gate.back": QT_TRANSLATE_NOOP("Listing", "Came back"),
    "supplies.receive": QT_TRANSLATE_NOOP("Listing", "Supplies received"),
    "supplies.loss": QT_TRANSLATE_NOOP("Listing", "Supplies written off"),
    "supplies.correct": QT_TRANSLATE_NOOP("Listing", "Stock corrected"),
    "supplies.plan_round": QT_TRANSLATE_NOOP("Listing", "Distribution round planned"),
    "supplies.deliver": QT_TRANSLATE_NOOP("Listing", "Supplies delivered"),
    "supplies.ppe_issue": QT_TRANSLATE_NOOP("Listing", "Protective equipment issued"),
    "tests.link": QT_TRANSLATE_NOOP("Listing", "Test record linked"),
    "tests.relink": QT_TRANSLATE_NOOP("Listing", "Test record linked again"),
    "handover.save": QT_TRANSLATE_NOOP("Listing", "Handover saved"),
    "import": QT_TRANSLATE_NOOP("Listing", "Import"),
    "import.buildings": QT_TRANSLATE_NOOP("Listing", "Buildings imported"),
    "import.residents": QT_TRANSLATE_NOOP("Listing", "Residents imported"),
    "import.supplies": QT_TRANSLATE_NOOP("Listing", "Supplies imported"),
    "import.tests": QT_TRANSLATE_NOOP("Listing", "Test results imported"),
    "import.tests.mapping": QT_TRANSLATE_NOOP("Listing", "Test file columns mapped"),
    "import.volunteers": QT_TRANSLATE_NOOP("Listing", "Volunteers imported"),
    "export": QT_TRANSLATE_NOOP("Listing", "Export"),
    "export.audit": QT_TRANSLATE_NOOP("Listing", "Audit trail exported"),
    "export.residents": QT_TRANSLATE_NOOP("Listing", "Residents exported"),
    "export.untested": QT_TRANSLATE_NOOP("Listing", "Untested list exported"),
    "export.rejected_tests": QT_TRANSLATE_NOOP("Listing", "Rejected test rows exported"),
    "export.volunteer_stats": QT_TRANSLATE_NOOP("Listing", "Volunteer statistics exported"),
    "export.organisation_stats": QT_TRANSLATE_NOOP("Listing", "Organisation statistics exported"),
    "print": QT_TRANSLATE_NOOP("Listing", "Printed"),
    "print.handover": QT_TRANSLATE_NOOP("Listing", "Handover printed"),
    "print.daily_report": QT_TRANSLATE_NOOP("Listing", "Daily report printed"),
    "print.subdistrict_report": QT_TRANSLATE_NOOP("Listing", "Subdistrict summary printed"),
    "print.gate_register": QT_TRANSLATE_NOOP("Listing", "Gate register printed"),
    "print.delivery_sheet": QT_TRANSLATE_NOOP("Listing", "Delivery sheet printed"),
    "print.untested": QT_TRANSLATE_NOOP("Listing", "Untested list printed"),
    "print.volunteer_certificate": QT_TRANSLATE_NOOP("Listing", "Volunteer certificate printed"),
}

# What an entry is about (its ``entity``), in the UI's words.
ENTITY_TITLES: Final[dict[str, str]] = {
    "building": QT_TRANSLATE_NOOP("Listing", "Building"),
    "compound": QT_TRANSLATE_NOOP("Listing", "Compound"),
    "demo": QT_TRANSLATE_NOOP("Listing", "Demo data"),
    "distribution_round": QT_TRANSLATE_NOOP("Listing", "Distribution round"),
    "exit_request": QT_TRANSLATE_NOOP("Listing", "Exit request"),
    "export": QT_TRANSLATE_NOOP("Listing", "Export"),
    "handover": QT_TRANSLATE_NOOP("Listing", "Handover"),
    "import_run": QT_TRANSLATE_NOOP("Listing", "Import"),
    "operator": QT_TRANSLATE_NOOP("Listing", "Operator"),
    "post": QT_TRANSLATE_NOOP("Listing", "Post"),
    "resident": QT_TRANSLATE_NOOP("Listing", "Resident"),
    "risk_proposal": QT_TRANSLATE_NOOP("Listing", "Risk proposal"),
    "setting": QT_TRANSLATE_NOOP("Listing", "Settings"),
    "shift": QT_TRANSLATE_NOOP("Listing", "Shift"),
    "supply_batch": QT_TRANSLATE_NOOP("Listing", "Supply batch"),
    "supply_item": QT_TRANSLATE_NOOP("Listing", "Supply item"),
    "test_record": QT_TRANSLATE_NOOP("Listing", "Test record"),
    "volunteer": QT_TRANSLATE_NOOP("Listing", "Volunteer"),
}


def action_words(code: str) -> str | None:
    """The English source words of an action code (to translate in context "Listing"): the
    code's own, else those of its longest known prefix; None for a code nobody described."""
    parts = code.split(".")
    while parts:
        words = ACTION_TITLES.get(".".join(parts))
        if words is not None:
            return words
        parts.pop()
    return None


def entity_words(entity: str) -> str | None:
    return ENTITY_TITLES.get(entity)


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


__all__ = [
    "ACTION_TITLES",
    "AUDIT_PAGE",
    "ENTITY_TITLES",
    "action_words",
    "actions",
    "count",
    "entity_words",
    "export_audit",
    "operator_names",
]
