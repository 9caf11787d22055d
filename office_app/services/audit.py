"""The append-only audit trail: every write, import, export, print, reveal and log-in."""

from __future__ import annotations

import json
from typing import Any

from office_app.models import AuditEntry

from .actor import Actor


def _dump(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def record(
    actor: Actor,
    action: str,
    *,
    entity: str = "",
    entity_id: int | None = None,
    summary: str = "",
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    """Append one entry. Call it inside the transaction of the change it records."""
    entry: AuditEntry = AuditEntry.create(
        operator=actor.operator_id,
        operator_name=actor.username,
        action=action,
        entity=entity,
        entity_id=entity_id,
        summary=summary,
        before=_dump(before),
        after=_dump(after),
    )
    return entry
