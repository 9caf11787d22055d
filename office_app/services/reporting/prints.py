"""A printed or saved document in the audit trail: the file and its entry as one.

The reports write their PDF through :func:`save_and_record`: the save and the audit entry are
one transaction, so a print the trail cannot record (a busy or read-only database) raises
instead of passing unrecorded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from office_app.models import db
from office_app.services.admin import audit
from office_app.services.admin.actor import Actor


def save_and_record(
    actor: Actor,
    action: str,
    save: Callable[[], object] | None = None,
    *,
    entity: str = "",
    entity_id: int | None = None,
    summary: str = "",
    after: Any = None,
) -> None:
    """Run ``save`` (writing the document, when there is one to write) and append the audit
    entry ``action`` in one transaction."""
    with db.atomic():
        if save is not None:
            save()
        audit.record(
            actor, action, entity=entity, entity_id=entity_id, summary=summary, after=after
        )
