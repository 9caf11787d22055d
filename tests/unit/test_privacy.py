"""Revealing a resident's full document number or phone: audited, refused to read-only."""

from __future__ import annotations

from typing import Any

import pytest

from office_app.models import AuditEntry, Building, Compound, Household, Operator, Resident
from office_app.services.admin.actor import SYSTEM, Actor, PermissionDenied
from office_app.services.people.privacy import PrivacyError, mask_name, reveal_resident

READER = Actor("viewer", "查看员", "readonly", None)
DOC_NO = "500108199003151230"
PHONE = "13912340217"


@pytest.fixture
def resident(fresh_db) -> Any:
    compound = Compound.create(name="瑞景苑")
    building = Building.create(compound=compound, name="3栋", units=2, households_planned=40)
    household = Household.create(building=building, unit="1单元", room="301")
    return Resident.create(household=household, name="张伟", doc_no=DOC_NO, phone=PHONE)


@pytest.fixture
def duty(fresh_db) -> Actor:
    operator = Operator.create(
        username="duty1", display_name="值班员一", role="duty", password_hash="-"
    )
    return Actor(operator.username, operator.display_name, operator.role, operator.id)


def test_mask_name() -> None:
    assert mask_name("张伟") == "张*"
    assert mask_name("欧阳秀英") == "欧***"
    assert mask_name("") == ""


@pytest.mark.parametrize(
    ("field", "value", "label"), [("doc_no", DOC_NO, "证件号码"), ("phone", PHONE, "手机号码")]
)
def test_reveal_returns_the_full_value_and_writes_one_audit_entry(
    resident, duty: Actor, field: str, value: str, label: str
) -> None:
    before = AuditEntry.select().count()
    assert reveal_resident(duty, resident.id, field) == value
    assert AuditEntry.select().count() == before + 1
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert entry.action == "privacy.reveal"
    assert (entry.entity, entry.entity_id) == ("resident", resident.id)
    assert entry.operator_name == "duty1" and entry.operator_id == duty.operator_id
    assert entry.summary == f"查看完整{label}：张*"
    for text in (entry.summary, entry.before or "", entry.after or ""):
        assert value not in text
        assert value[-4:] not in text


def test_the_system_operator_may_reveal(resident) -> None:
    assert reveal_resident(SYSTEM, resident.id, "doc_no") == DOC_NO
    assert AuditEntry.get(AuditEntry.action == "privacy.reveal").operator_name == "system"


def test_a_readonly_operator_is_refused_and_nothing_is_recorded(resident) -> None:
    with pytest.raises(PermissionDenied, match="只读"):
        reveal_resident(READER, resident.id, "doc_no")
    assert AuditEntry.select().where(AuditEntry.action == "privacy.reveal").count() == 0


def test_unknown_field_resident_or_empty_value_is_refused(resident, duty: Actor) -> None:
    with pytest.raises(PrivacyError):
        reveal_resident(duty, resident.id, "name")
    with pytest.raises(PrivacyError):
        reveal_resident(duty, resident.id, "landline")
    with pytest.raises(PrivacyError, match="9999"):
        reveal_resident(duty, 9999, "doc_no")
    Resident.update(phone="").where(Resident.id == resident.id).execute()
    with pytest.raises(PrivacyError, match="张\\*"):
        reveal_resident(duty, resident.id, "phone")
    assert AuditEntry.select().where(AuditEntry.action == "privacy.reveal").count() == 0
