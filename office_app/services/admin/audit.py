"""The append-only audit trail: every write, import, export, print, reveal and log-in.

No full document or phone number is ever stored in it: :func:`record`, the one place entries
are written, masks them in the summary and in ``before``/``after`` (:func:`mask_personal`), as
``5001**********1234`` and ``139****0217``, wherever they are (a value under ``doc_no`` or
``phone``, a number typed into a reason, a header cell of a broken file).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, Final

from office_app.models import AuditEntry

from ..people.identity import mask_document, mask_phone
from .actor import Actor

# An ID number (18 characters, the old 15 digits; spaces as 6-8-4 allowed), a mobile (with
# +86, spaces or hyphens as 3-4-4) and a landline with its area code, not inside a longer
# word of digits and letters (a hash, a tube code with letters).
_ID_NUMBER: Final = re.compile(
    r"(?<![0-9A-Za-z])(?:[0-9]{6} ?[0-9]{8} ?[0-9]{3}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])"
)
_MOBILE: Final = re.compile(
    r"(?<![0-9A-Za-z+])(?:\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9A-Za-z])"
)
_LANDLINE: Final = re.compile(
    r"(?<![0-9A-Za-z])0[0-9]{2,3}[ -]?[1-9][0-9]{2,3}[ -]?[0-9]{4}(?![0-9A-Za-z])"
)
# Keys whose values are a document or a phone number whatever their form (a passport number).
_DOCUMENT_KEYS: Final = frozenset({"doc_no", "id_no", "document", "id_number"})
_PHONE_ENDINGS: Final = ("phone", "mobile", "landline")


def mask_text(text: str) -> str:
    """``text`` with every full ID, mobile and landline number in it masked."""
    if not any(ch.isdigit() for ch in text):
        return text
    text = _ID_NUMBER.sub(lambda m: mask_document(m.group().replace(" ", "")), text)
    text = _MOBILE.sub(lambda m: mask_phone(m.group()), text)
    return _LANDLINE.sub(lambda m: mask_phone(m.group()), text)


def _key_mask(key: str) -> Callable[[str], str] | None:
    lowered = key.lower()
    if lowered in _DOCUMENT_KEYS:
        return mask_document
    if lowered.endswith(_PHONE_ENDINGS) or lowered == "tel":  # contact_phone; not phone_count
        return mask_phone
    return None


def mask_personal(value: Any) -> Any:
    """A copy of ``value`` (dicts, lists, strings, numbers) with the numbers masked."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        masked = mask_text(str(value))
        return value if masked == str(value) else masked
    if isinstance(value, dict):
        result: dict[Any, Any] = {}
        for key, item in value.items():
            new_key = mask_text(key) if isinstance(key, str) else key
            masker = _key_mask(key) if isinstance(key, str) else None
            if masker is not None and isinstance(item, str | int) and not isinstance(item, bool):
                text = str(item)
                # A number, not a count or a word ("无"): five characters at least.
                item = text if len(text) < 5 or "*" in text else masker(text)
            result[new_key] = mask_personal(item)
        return result
    if isinstance(value, list | tuple | set | frozenset):
        return [mask_personal(item) for item in value]
    return value


def _dump(value: Any) -> str | None:
    if value is None:
        return None
    # default=str first, so that what a date or a path turns into is masked too.
    plain = json.loads(json.dumps(value, ensure_ascii=False, default=str))
    return json.dumps(mask_personal(plain), ensure_ascii=False, sort_keys=True)


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
    """Append one entry (full ID and phone numbers masked). Call it inside the transaction of
    the change it records."""
    entry: AuditEntry = AuditEntry.create(
        operator=actor.operator_id,
        operator_name=actor.username,
        action=action,
        entity=entity,
        entity_id=entity_id,
        summary=mask_text(summary),
        before=_dump(before),
        after=_dump(after),
    )
    return entry


__all__ = ["mask_personal", "mask_text", "record"]
