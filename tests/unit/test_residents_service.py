"""Residents one by one: validation, create / update / delete, masked audit, households."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest

from office_app.models import (
    AuditEntry,
    Building,
    Compound,
    ExitRequest,
    Household,
    Resident,
    ResidentGroup,
)
from office_app.services.admin.actor import SYSTEM, Actor, PermissionDenied
from office_app.services.people import residents
from office_app.services.people.residents import ResidentData, ResidentError

READER = Actor("viewer", "查看员", "readonly", None)
DOC = "510213196503120312"
OTHER_DOC = "500107201009180263"
PHONE = "13912340217"


@pytest.fixture
def building(fresh_db) -> Building:
    compound = Compound.create(name="兴茂盛世国际")
    return Building.create(compound=compound, name="3栋", risk_level="低")


def data(building: Building, **changes) -> ResidentData:
    start = ResidentData(
        name="张建国",
        building_id=building.id,
        unit="2",
        room="５０１室",
        doc_no=DOC,
        phone="139 1234 0217",
        groups=("高龄",),
    )
    return replace(start, **changes)


def test_create_normalises_and_derives_gender_and_birth(building: Building) -> None:
    resident = residents.create(SYSTEM, data(building))
    stored = Resident.get_by_id(resident.id)
    assert (stored.doc_no, stored.phone) == (DOC, PHONE)
    assert (stored.gender, stored.birth_date) == ("男", dt.date(1965, 3, 12))
    household = Household.get_by_id(stored.household_id)
    assert (household.unit, household.room) == ("2单元", "501")
    assert [g.group for g in ResidentGroup.select()] == ["高龄"]
    entry = AuditEntry.get(AuditEntry.action == "resident.create")
    assert DOC not in (entry.after or "") and PHONE not in (entry.after or "")
    assert json.loads(entry.after)["doc_no"] == "5102**********0312"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"name": "  "}, "name", "姓名"),
        ({"doc_no": "510213196503120313"}, "doc_no", "校验"),
        ({"doc_no": "5.10213E+17"}, "doc_no", "Excel"),
        ({"doc_no": "510213196502300312"}, "doc_no", "出生日期"),
        ({"doc_type": "护照", "doc_no": "E1"}, "doc_no", "护照"),
        ({"phone": "1391234021"}, "phone", "11 位"),
        ({"landline": "68123456"}, "landline", "区号"),
        ({"building_id": None}, "building", "楼栋"),
        ({"room": ""}, "room", "房号"),
        ({"groups": ("VIP",)}, "groups", "VIP"),
        ({"control_status": "居家隔离"}, "control_from", "开始日期"),
        (
            {
                "control_status": "居家隔离",
                "control_from": dt.date(2022, 11, 20),
                "control_until": dt.date(2022, 11, 19),
            },
            "control_until",
            "早于",
        ),
    ],
)
def test_each_bad_value_is_named_with_its_reason(
    building: Building, changes: dict, field: str, words: str
) -> None:
    problems = residents.validate(data(building, **changes), today=dt.date(2022, 11, 22))
    assert field in problems and words in problems[field], problems
    with pytest.raises(ResidentError):
        residents.create(SYSTEM, data(building, **changes))
    assert Resident.select().count() == 0


def test_a_document_number_already_registered_is_refused(building: Building) -> None:
    residents.create(SYSTEM, data(building))
    problems = residents.validate(data(building, name="张三"))
    assert "已登记给 张**" in problems["doc_no"]


def test_editing_with_empty_numbers_keeps_them_and_never_shows_them(building: Building) -> None:
    resident = residents.create(SYSTEM, data(building))
    start = residents.stored(resident.id)
    assert start.data.doc_no == "" and start.data.phone == ""
    assert start.doc_masked == "5102**********0312" and start.phone_masked == "139****0217"
    residents.update(
        SYSTEM,
        resident.id,
        replace(
            start.data,
            room="502",
            groups=("高龄", "慢病·透析"),
            control_status="居家隔离",
            control_from=dt.date(2022, 11, 20),
        ),
    )
    stored = Resident.get_by_id(resident.id)
    assert (stored.doc_no, stored.phone, stored.control_status) == (DOC, PHONE, "居家隔离")
    assert Household.get_by_id(stored.household_id).room == "502"
    assert sorted(g.group for g in ResidentGroup.select()) == ["慢病·透析", "高龄"]
    entry = AuditEntry.get(AuditEntry.action == "resident.update")
    assert DOC not in entry.before + entry.after and PHONE not in entry.before + entry.after
    # Changing the document type needs the number again.
    problems = residents.validate(replace(start.data, doc_type="护照"), resident.id)
    assert "重新填写" in problems["doc_no"]


def test_a_release_keeps_the_dates_and_ends_on_the_release_day(building: Building) -> None:
    resident = residents.create(
        SYSTEM,
        data(building, control_status="居家健康监测", control_from=dt.date(2022, 11, 20)),
    )
    residents.update(
        SYSTEM, resident.id, replace(residents.stored(resident.id).data, control_status="")
    )
    stored = Resident.get_by_id(resident.id)
    assert (stored.control_status, stored.control_from) == ("", dt.date(2022, 11, 20))
    assert stored.control_until == dt.date.today()  # the release day, counted by the handover


def test_delete_is_refused_for_a_resident_with_exit_requests(building: Building) -> None:
    keep = residents.create(SYSTEM, data(building))
    ExitRequest.create(resident=keep.id, reason="就医")
    with pytest.raises(ResidentError, match="外出申请"):
        residents.delete(SYSTEM, keep.id)
    other = residents.create(SYSTEM, data(building, name="张子涵", doc_no=OTHER_DOC, phone=""))
    residents.delete(SYSTEM, other.id)
    assert Resident.select().count() == 1
    assert AuditEntry.get(AuditEntry.action == "resident.delete").summary == "删除居民 张**"


def test_household_lists_everyone_at_the_address_masked(building: Building) -> None:
    first = residents.create(SYSTEM, data(building))
    residents.create(
        SYSTEM, data(building, name="张子涵", doc_no=OTHER_DOC, phone="", groups=("网课学生",))
    )
    residents.create(
        SYSTEM, data(building, name="邻居", doc_no="500108199003151230", phone="", room="502")
    )
    view = residents.household_of(first.id)
    assert view is not None and view.address == "兴茂盛世国际 3栋 2单元501"
    assert [m.name for m in view.members] == ["张建国", "张子涵"]
    assert view.members[1].groups == ("网课学生",)
    assert view.members[0].doc_masked == "5102**********0312"


def test_readonly_operators_cannot_change_residents(building: Building) -> None:
    with pytest.raises(PermissionDenied):
        residents.create(READER, data(building))
    resident = residents.create(SYSTEM, data(building))
    with pytest.raises(PermissionDenied):
        residents.update(READER, resident.id, residents.stored(resident.id).data)
    with pytest.raises(PermissionDenied):
        residents.delete(READER, resident.id)


def test_the_residents_list_finds_numbers_by_their_last_digits_only(building: Building) -> None:
    from office_app.services import listings as L

    residents.create(SYSTEM, data(building))
    assert L.RESIDENTS.count("0217") == 1  # the phone's last digits
    assert L.RESIDENTS.count("0312") == 1  # the document's last digits
    assert L.RESIDENTS.count("1234") == 0  # digits hidden in the middle of the phone
    assert L.RESIDENTS.count("19650312") == 0  # the birth date hidden in the document


def test_a_stored_mobile_can_be_removed(building: Building) -> None:
    resident = residents.create(SYSTEM, data(building))
    start = residents.stored(resident.id)
    residents.update(SYSTEM, resident.id, replace(start.data, note="换号"))
    assert Resident.get_by_id(resident.id).phone == PHONE  # empty field: kept
    now_stored = residents.stored(resident.id).data  # the editor opened again
    residents.update(SYSTEM, resident.id, replace(now_stored, clear_phone=True))
    assert Resident.get_by_id(resident.id).phone == ""
