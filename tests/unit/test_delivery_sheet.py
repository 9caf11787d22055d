"""The delivery sheet (物资送达签收单): households to tick and sign, per building (no Qt)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from office_app.models import (
    AuditEntry,
    Building,
    Compound,
    Household,
    Resident,
    ResidentGroup,
    Volunteer,
)
from office_app.reports import delivery_sheet
from office_app.reports.pdf_check import read_pdf
from office_app.services.admin.actor import SYSTEM
from office_app.services.supplies import stock as S

TODAY = dt.date(2022, 11, 22)
PRINTED = dt.datetime(2022, 11, 22, 9, 0)


def community() -> tuple[int, int, int]:
    compound = Compound.create(name="瑞景苑")
    sealed = Building.create(compound=compound, name="3栋", risk_level="高")
    other = Building.create(compound=compound, name="1栋", risk_level="低")
    for building, rooms in ((sealed, 3), (other, 2)):
        for number in range(1, rooms + 1):
            household = Household.create(building=building, unit="1单元", room=f"{number}01")
            Resident.create(
                household=household, name=f"孩子{number}", doc_no=f"C{building.id}{number}"
            )
            resident = Resident.create(
                household=household,
                name=f"{building.name}户主{number}",
                doc_no=f"X{building.id}{number}",
                phone=f"1391234{building.id}{number:03d}",
            )
            if number == 2:
                ResidentGroup.create(resident=resident, group="孕妇")
    volunteer = Volunteer.create(name="潘超")
    return sealed.id, other.id, volunteer.id


def test_the_sheet_lists_households_to_tick_and_sign(fresh_db: Path, tmp_path: Path) -> None:
    sealed, other, volunteer = community()
    S.receive_batch(
        SYSTEM,
        S.BatchData("采购", "社区", TODAY, (S.ItemLine("蔬菜包", "生活物资", "份", 10, TODAY),)),
    )
    plan = S.plan_round("蔬菜包", 1, [sealed, other], TODAY)
    round_id = S.create_round(SYSTEM, "第二轮蔬菜包", TODAY, plan, today=TODAY)
    first = S.planned_households(round_id, sealed)[0].household.id
    S.deliver(SYSTEM, round_id, sealed, volunteer, [first], at=dt.datetime(2022, 11, 22, 8, 40))

    sheet = delivery_sheet.gather(round_id, printed_at=PRINTED)
    assert [b.label for b in sheet.buildings] == ["瑞景苑 3栋", "瑞景苑 1栋"]
    rows = sheet.buildings[0].rows
    assert [(r.room, r.contact, r.phone_masked) for r in rows] == [
        ("101", "3栋户主1", f"139****{sealed}001"),
        ("201", "3栋户主2", f"139****{sealed}002"),
        ("301", "3栋户主3", f"139****{sealed}003"),
    ]
    assert rows[0].delivered == "11-22 08:40 潘超"
    assert rows[1].groups == ("孕妇",) and rows[1].delivered == ""
    assert rows[1].goods == "蔬菜包 1份"

    target = tmp_path / "签收单.pdf"
    delivery_sheet.write(SYSTEM, round_id, target, [sealed], printed_at=PRINTED)
    facts = read_pdf(target.read_bytes())
    assert facts.unembedded_fonts == []
    assert facts.pages == 1
    expected_texts = (
        "物资送达签收单",
        "楼栋：瑞景苑 3栋（高风险·封控楼栋",
        "计划 3 户，已送达 1 户",
        "3栋户主2",
        "★ 孕妇",
        "11-22 08:40 潘超",
        "签收",
    )
    for expected in expected_texts:
        assert expected in facts.text, expected
    assert f"13912343{sealed}" not in facts.text  # full phones never printed
    assert "1栋户主1" not in facts.text  # only the chosen building
    assert AuditEntry.select().where(AuditEntry.action == "print.delivery_sheet").count() == 1
