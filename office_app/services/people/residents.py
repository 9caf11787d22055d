"""Residents one by one: the editor's validation, create / update / delete, and households.

The same checks as the import (services/people/identity.py for documents and phones, the import's
unit and room normalisation), so a resident typed in is held to the rules of one imported.
Document numbers and phones never appear in full in the audit trail: before and after show
them masked. When editing, an empty document or phone field means "keep the stored one",
so the editor never has to show a stored number in full.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from office_app.models import (
    Building,
    Compound,
    ExitRequest,
    Household,
    Resident,
    ResidentGroup,
    db,
    now,
)
from office_app.models.people import CONTROL_STATUSES, SPECIAL_GROUPS

from ..admin import audit, seats
from ..admin.actor import Actor, require_write
from ..imports.residents import (
    DOC_NO_MAX,
    NAME_MAX,
    ROOM_MAX,
    UNIT_MAX,
    household_at,
    normalize_room,
    normalize_unit,
)
from .identity import (
    DocumentCheck,
    DocumentType,
    birth_date_from_id,
    check_document,
    check_landline,
    check_mobile,
    gender_from_id,
    mask_document,
    mask_phone,
)
from .privacy import mask_name

_ID_TYPES = (
    DocumentType.ID_CARD.value,
    DocumentType.HOUSEHOLD_REGISTER.value,
    DocumentType.RESIDENCE_PERMIT.value,
)


class ResidentError(ValueError):
    """The values cannot be saved, or the resident cannot be deleted; the message says why."""

    def __init__(self, message: str, problems: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or {}


class ResidentConflict(seats.StaleRecord, ResidentError):
    """Another seat saved the resident after this one read it."""


@dataclass(frozen=True)
class ResidentData:
    name: str
    building_id: int | None
    unit: str
    room: str
    doc_type: str = DocumentType.ID_CARD.value
    doc_no: str = ""  # when editing: "" keeps the stored number
    phone: str = ""  # when editing: "" keeps the stored mobile
    clear_phone: bool = False  # when editing: remove the stored mobile (the number changed hands)
    landline: str = ""
    groups: tuple[str, ...] = ()
    control_status: str = ""
    control_from: dt.date | None = None
    control_until: dt.date | None = None
    note: str = ""
    # The version the editor started from (None: overwrite whatever is stored).
    version: int | None = None


@dataclass(frozen=True)
class StoredResident:
    """A resident as the editor starts from: numbers masked, never in full."""

    id: int
    data: ResidentData  # doc_no and phone empty ("keep")
    doc_masked: str
    phone_masked: str


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    gender: str
    birth_date: dt.date | None
    doc_masked: str
    phone_masked: str
    groups: tuple[str, ...]
    control_status: str


@dataclass(frozen=True)
class HouseholdView:
    household_id: int
    address: str
    members: list[Member] = field(default_factory=list)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _checked_number(
    text: str, check: Callable[[str], DocumentCheck], key: str, problems: dict[str, str]
) -> str:
    """A phone number as stored (normalised); why it is wrong goes into ``problems[key]``."""
    number = text.strip()
    if not number:
        return number
    result = check(number)
    if not result.ok:
        problems[key] = result.reason + "。"
    return result.normalized


def _normalised(
    data: ResidentData, resident_id: int | None, today: dt.date
) -> tuple[ResidentData, dict[str, str]]:
    """The values as they would be stored, and what is wrong with them, by field."""
    problems: dict[str, str] = {}
    name = _clean(data.name)
    if not name:
        problems["name"] = "请填写姓名。"
    elif len(name) > NAME_MAX:
        problems["name"] = f"姓名过长（最多 {NAME_MAX} 个字）。"
    doc_type = data.doc_type
    valid_types = [t.value for t in DocumentType]
    doc_no = data.doc_no.strip()
    if doc_type not in valid_types:
        problems["doc_type"] = f"证件类型只能是：{'、'.join(valid_types)}。"
    elif not doc_no and resident_id is not None:
        stored_type = Resident.select(Resident.doc_type).where(Resident.id == resident_id).scalar()
        if stored_type is not None and stored_type != doc_type:
            problems["doc_no"] = "证件类型改了，请重新填写证件号码。"
    elif doc_no or resident_id is None:
        check = check_document(doc_no, DocumentType(doc_type), today=today)
        doc_no = check.normalized
        if not check.ok:
            problems["doc_no"] = check.reason + "。"
        elif len(doc_no) > DOC_NO_MAX:
            problems["doc_no"] = f"证件号码过长（最多 {DOC_NO_MAX} 个字符）。"
        else:
            other = (
                Resident.select(Resident, Household, Building)
                .join(Household)
                .join(Building)
                .where((Resident.doc_no == doc_no) & (Resident.id != (resident_id or 0)))
                .first()
            )
            if other is not None:
                problems["doc_no"] = (
                    f"这个证件号码已登记给 {mask_name(other.name)}"
                    f"（{other.household.building.name} {other.household.unit}"
                    f"{other.household.room}）。"
                )
    phone = _checked_number(data.phone, check_mobile, "phone", problems)
    landline = _checked_number(data.landline, check_landline, "landline", problems)
    if data.building_id is None or Building.get_or_none(Building.id == data.building_id) is None:
        problems["building"] = "请选择楼栋。"
    unit = normalize_unit(data.unit)
    if len(unit) > UNIT_MAX:
        problems["unit"] = f"单元过长（最多 {UNIT_MAX} 个字）。"
    room = normalize_room(data.room)
    if not room:
        problems["room"] = "请填写房号。"
    elif len(room) > ROOM_MAX:
        problems["room"] = f"房号过长（最多 {ROOM_MAX} 个字）。"
    unknown = [g for g in data.groups if g not in SPECIAL_GROUPS]
    if unknown:
        problems["groups"] = f"不认识的特殊人群：{'、'.join(unknown)}。"
    status = data.control_status
    start, until = data.control_from, data.control_until
    if status and status not in CONTROL_STATUSES:
        problems["control_status"] = f"管控状态只能是：{'、'.join(CONTROL_STATUSES)}。"
    elif status and start is None:
        problems["control_from"] = "请填写管控开始日期。"
    if start is not None and until is not None and until < start:
        problems["control_until"] = "结束日期不能早于开始日期。"
    clean = replace(
        data,
        name=name,
        doc_no=doc_no,
        phone=phone,
        landline=landline,
        unit=unit,
        room=room,
        groups=tuple(g for g in SPECIAL_GROUPS if g in data.groups),
        control_from=start,
        control_until=until,
        note=data.note.strip(),
    )
    return clean, problems


def validate(
    data: ResidentData, resident_id: int | None = None, *, today: dt.date | None = None
) -> dict[str, str]:
    """Why the values cannot be saved, by field (empty when they can)."""
    return _normalised(data, resident_id, today or dt.date.today())[1]


def _masked(resident: Resident, groups: list[str]) -> dict[str, Any]:
    """The resident for the audit trail: numbers masked."""
    return {
        "name": resident.name,
        "doc_type": resident.doc_type,
        "doc_no": mask_document(resident.doc_no),
        "phone": mask_phone(resident.phone) if resident.phone else "",
        "landline": mask_phone(resident.landline) if resident.landline else "",
        "household": resident.__data__.get("household"),
        "groups": groups,
        "control_status": resident.control_status,
        "control_from": resident.control_from,
        "control_until": resident.control_until,
        "note": resident.note,
    }


def _groups_of(resident_id: int) -> list[str]:
    return sorted(
        g.group for g in ResidentGroup.select().where(ResidentGroup.resident == resident_id)
    )


def _checked(data: ResidentData, resident_id: int | None) -> ResidentData:
    clean, problems = _normalised(data, resident_id, dt.date.today())
    if problems:
        first = next(iter(problems.values()))
        raise ResidentError(f"不能保存：{first}", problems)
    return clean


def _apply(resident: Resident, data: ResidentData) -> None:
    assert data.building_id is not None
    resident.name = data.name
    resident.doc_type = data.doc_type
    if data.doc_no:
        resident.doc_no = data.doc_no
    if data.phone:
        resident.phone = data.phone
    elif data.clear_phone:
        resident.phone = ""
    resident.landline = data.landline
    resident.household = household_at(data.building_id, data.unit, data.room)[0]
    if data.doc_type in _ID_TYPES and data.doc_no:
        resident.gender = gender_from_id(data.doc_no) or resident.gender
        resident.birth_date = birth_date_from_id(data.doc_no)
    resident.control_status = data.control_status
    resident.control_from = data.control_from
    resident.control_until = data.control_until
    resident.note = data.note
    resident.updated_at = now()


def _set_groups(resident_id: int, groups: tuple[str, ...]) -> None:
    ResidentGroup.delete().where(ResidentGroup.resident == resident_id).execute()
    for group in groups:
        ResidentGroup.create(resident=resident_id, group=group)


def create(actor: Actor, data: ResidentData) -> Resident:
    require_write(actor)
    with db.atomic():
        clean = _checked(data, None)
        resident = Resident(doc_no=clean.doc_no)
        _apply(resident, clean)
        resident.save()
        _set_groups(resident.id, clean.groups)
        audit.record(
            actor,
            "resident.create",
            entity="resident",
            entity_id=resident.id,
            summary=f"新增居民 {mask_name(resident.name)}",
            after=_masked(resident, list(clean.groups)),
        )
    return resident


def update(actor: Actor, resident_id: int, data: ResidentData) -> Resident:
    require_write(actor)
    with db.atomic():
        resident = Resident.get_or_none(Resident.id == resident_id)
        if resident is None:
            raise ResidentError(f"没有编号为 {resident_id} 的居民（可能已被删除）。")
        clean = _checked(data, resident_id)
        if resident.control_status and not clean.control_status:
            # Released: the dates stay, and the end is the day of the release (the handover
            # counts releases by it), unless an earlier end was given.
            today = now().date()
            until = (
                clean.control_until
                if clean.control_until and clean.control_until < today
                else today
            )
            clean = replace(
                clean, control_from=clean.control_from or resident.control_from, control_until=until
            )
        before = _masked(resident, _groups_of(resident_id))
        _apply(resident, clean)
        seats.save_versioned(
            resident,
            data.version,
            lambda: resident_conflict(resident_id),
            by=seats.actor_label(actor),
        )
        _set_groups(resident_id, clean.groups)
        audit.record(
            actor,
            "resident.update",
            entity="resident",
            entity_id=resident_id,
            summary=f"修改居民 {mask_name(resident.name)}",
            before=before,
            after=_masked(resident, list(clean.groups)),
        )
    return resident


def delete(actor: Actor, resident_id: int) -> None:
    """Delete a resident who has no exit requests (those are the gate's record)."""
    require_write(actor)
    with db.atomic():
        resident = Resident.get_or_none(Resident.id == resident_id)
        if resident is None:
            raise ResidentError(f"没有编号为 {resident_id} 的居民（可能已被删除）。")
        exits = ExitRequest.select().where(ExitRequest.resident == resident_id).count()
        if exits:
            raise ResidentError(
                f"{mask_name(resident.name)} 有 {exits} 条外出申请记录，不能删除"
                "（出入记录须保留；搬离的居民可在备注中注明）。"
            )
        before = _masked(resident, _groups_of(resident_id))
        resident.delete_instance(recursive=False)
        audit.record(
            actor,
            "resident.delete",
            entity="resident",
            entity_id=resident_id,
            summary=f"删除居民 {mask_name(before['name'])}",
            before=before,
        )


RESIDENT_LABELS = {
    "name": "姓名",
    "household": "住址",
    "doc_no": "证件号码",
    "phone": "手机",
    "landline": "固定电话",
    "groups": "特殊人群",
    "control_status": "管控状态",
    "control_from": "管控开始",
    "control_until": "管控结束",
    "note": "备注",
}


def resident_conflict(resident_id: int) -> ResidentError:
    """Why a save of the resident that came second is refused: who saved first, when, and
    what is stored now (numbers masked)."""
    resident = Resident.get_or_none(Resident.id == resident_id)
    if resident is None:
        return ResidentError(f"编号为 {resident_id} 的居民已被另一席位删除，您的修改没有保存。")
    values = _masked(resident, _groups_of(resident_id))
    household = household_of(resident_id)
    values["household"] = household.address if household else ""
    values["groups"] = "、".join(values["groups"])
    current = {
        label: "" if values[key] is None else str(values[key])
        for key, label in RESIDENT_LABELS.items()
    }
    return seats.stale(
        ResidentConflict,
        entity="resident",
        entity_id=resident_id,
        what=f"居民 {resident.name} ",
        current=current,
        version=resident.version,
        changed_by=resident.changed_by,
        changed_at=resident.changed_at,
    )


def check_current(resident_id: int, version: int | None) -> None:
    """Raise the refusal :func:`update` would raise when the stored resident is no longer at
    ``version`` (the editor checks before it closes)."""
    if version is not None and seats.current_version(Resident, resident_id) != version:
        raise resident_conflict(resident_id)


def stored(resident_id: int) -> StoredResident:
    """A resident for the editor: the numbers only masked."""
    resident = (
        Resident.select(Resident, Household)
        .join(Household)
        .where(Resident.id == resident_id)
        .get_or_none()
    )
    if resident is None:
        raise ResidentError(f"没有编号为 {resident_id} 的居民（可能已被删除）。")
    household = resident.household
    data = ResidentData(
        name=resident.name,
        building_id=household.__data__.get("building"),
        unit=household.unit,
        room=household.room,
        doc_type=resident.doc_type,
        landline=resident.landline,
        groups=tuple(_groups_of(resident_id)),
        control_status=resident.control_status,
        control_from=resident.control_from,
        control_until=resident.control_until,
        note=resident.note,
        version=resident.version,
    )
    return StoredResident(
        id=resident.id,
        data=data,
        doc_masked=mask_document(resident.doc_no),
        phone_masked=mask_phone(resident.phone) if resident.phone else "",
    )


def household_of(resident_id: int) -> HouseholdView | None:
    """Everyone registered in the same household (building + unit + room)."""
    resident = Resident.get_or_none(Resident.id == resident_id)
    if resident is None:
        return None
    household_id = resident.__data__["household"]
    place = (
        Household.select(Household, Building, Compound)
        .join(Building)
        .join(Compound)
        .where(Household.id == household_id)
        .get()
    )
    members = list(
        Resident.select().where(Resident.household == household_id).order_by(Resident.birth_date)
    )
    groups: dict[int, list[str]] = {}
    for tag in ResidentGroup.select().where(ResidentGroup.resident.in_([m.id for m in members])):
        groups.setdefault(tag.__data__["resident"], []).append(tag.group)
    return HouseholdView(
        household_id=household_id,
        address=(f"{place.building.compound.name} {place.building.name} {place.unit}{place.room}"),
        members=[
            Member(
                id=m.id,
                name=m.name,
                gender=m.gender,
                birth_date=m.birth_date,
                doc_masked=mask_document(m.doc_no),
                phone_masked=mask_phone(m.phone) if m.phone else "",
                groups=tuple(sorted(groups.get(m.id, ()))),
                control_status=m.control_status,
            )
            for m in members
        ],
    )
