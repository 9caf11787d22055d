"""Personal data shown in full: an explicit, audited action (issue 4, point 3).

Document numbers and phones are masked wherever they are shown. An operator who may write can
ask for one value of one resident in full; each such reveal is an audit entry naming the
operator and the resident (the resident's name masked, the number itself never written).
A read-only operator sees masked values only.
"""

from __future__ import annotations

from typing import Final

from office_app.models import Resident, db

from ..admin import audit
from ..admin.actor import Actor, require_write

FIELDS: Final = ("doc_no", "phone")
FIELD_LABELS: Final = {"doc_no": "证件号码", "phone": "手机号码"}


class PrivacyError(ValueError):
    """The value cannot be revealed: unknown field or resident, or nothing stored."""


def mask_name(name: str) -> str:
    """The first character and a star for each other one (张三丰 → 张**)."""
    return name[:1] + "*" * (len(name) - 1)


def reveal_resident(actor: Actor, resident_id: int, field: str) -> str:
    """The resident's full document number or phone, recorded in the audit trail."""
    if field not in FIELDS:
        raise PrivacyError(f"不能查看“{field}”：只能查看证件号码或手机号码。")
    require_write(actor, f"操作员 {actor.username} 是只读角色，只能查看遮挡后的号码。")
    with db.atomic():
        resident = Resident.get_or_none(Resident.id == resident_id)
        if resident is None:
            raise PrivacyError(f"没有编号为 {resident_id} 的居民。")
        value: str = getattr(resident, field) or ""
        if not value:
            raise PrivacyError(f"{mask_name(resident.name)} 没有登记{FIELD_LABELS[field]}。")
        audit.record(
            actor,
            "privacy.reveal",
            entity="resident",
            entity_id=resident.id,
            summary=f"查看完整{FIELD_LABELS[field]}：{mask_name(resident.name)}",
        )
    return value
