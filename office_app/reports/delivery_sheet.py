"""The delivery sheet (物资送达签收单) of a distribution round: one section per building.

Every planned household of the building with its unit and room, one contact (name and
masked phone: the full number never reaches the PDF), its special groups (★, tinted rows),
what it gets, and two empty boxes: 送达 to tick and 签收 to sign. Households already
delivered show when and by whom instead of the empty tick box.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer, TableStyle

from office_app.models import Household, Resident, db, now
from office_app.services.admin import audit, settings
from office_app.services.admin.actor import Actor
from office_app.services.people.identity import mask_phone
from office_app.services.supplies import stock as S

from . import pdf


@dataclass(frozen=True)
class SheetRow:
    unit: str
    room: str
    contact: str
    phone_masked: str
    groups: tuple[str, ...]
    goods: str  # "蔬菜包 1份" or "大米 1袋、食用油 1桶"
    delivered: str  # "" or "11-22 09:10 崔亚涛"


@dataclass(frozen=True)
class BuildingSheet:
    building_id: int
    label: str
    risk_level: str
    rows: list[SheetRow]

    @property
    def delivered(self) -> int:
        return sum(1 for row in self.rows if row.delivered)


@dataclass(frozen=True)
class Sheet:
    round: S.RoundInfo
    community: str
    subdistrict: str
    printed_at: dt.datetime
    buildings: list[BuildingSheet]


def _contacts(household_ids: list[int]) -> dict[int, tuple[str, str]]:
    """One contact per household: its first resident with a phone, else its first resident."""
    result: dict[int, tuple[str, str]] = {}
    if not household_ids:
        return result
    query = (
        Resident.select(Resident.household, Resident.name, Resident.phone)
        .join(Household)
        .where(Resident.household.in_(household_ids))
        .order_by(Resident.household, Resident.phone == "", Resident.id)
    )
    rows = cast(list[tuple[int, str, str]], list(query.tuples()))
    for household_id, name, phone in rows:
        result.setdefault(household_id, (name, phone))
    return result


def gather(
    round_id: int, building_ids: list[int] | None = None, printed_at: dt.datetime | None = None
) -> Sheet:
    info = S.get_round(round_id)
    lines = S.round_buildings(round_id)
    labels: dict[int, tuple[str, str]] = {}
    for line in lines:
        labels.setdefault(line.building_id, (line.label, line.risk_level))
    ids = [bid for bid in labels if building_ids is None or bid in building_ids]
    buildings = []
    for bid in ids:
        planned = S.planned_households(round_id, bid)
        contacts = _contacts(sorted({p.household.id for p in planned}))
        goods: dict[int, list[str]] = defaultdict(list)
        delivered: dict[int, str] = {}
        order: list[S.HouseholdInfo] = []
        for p in planned:
            if p.household.id not in goods:
                order.append(p.household)
            goods[p.household.id].append(f"{p.product} {p.quantity}{p.unit}")
            if p.delivered_at is not None and p.household.id not in delivered:
                delivered[p.household.id] = f"{p.delivered_at:%m-%d %H:%M} {p.volunteer}".strip()
        rows = []
        for household in order:
            name, phone = contacts.get(household.id, ("", ""))
            rows.append(
                SheetRow(
                    household.unit,
                    household.room,
                    name,
                    mask_phone(phone) if phone else "",
                    household.groups,
                    "、".join(goods[household.id]),
                    delivered.get(household.id, ""),
                )
            )
        label, level = labels[bid]
        buildings.append(BuildingSheet(bid, label, level, rows))
    community = settings.load()
    return Sheet(info, community.community, community.subdistrict, printed_at or now(), buildings)


def _section(sheet: Sheet, building: BuildingSheet, st: pdf.Styles) -> list[Flowable]:
    info = sheet.round
    sealed = "（高风险·封控楼栋，物资送到门口）" if building.risk_level == "高" else ""
    flagged = sum(1 for row in building.rows if row.groups)
    header = ["序号", "单元", "房号", "住户", "电话", "特殊人群", "物资", "送达（√）", "签收"]
    rows = []
    highlight = []
    for number, row in enumerate(building.rows, start=1):
        rows.append(
            [
                number,
                row.unit,
                row.room,
                row.contact,
                row.phone_masked,
                ("★ " + "、".join(row.groups)) if row.groups else "",
                row.goods,
                row.delivered,
                "",
            ]
        )
        if row.groups:
            highlight.append(number - 1)
    widths = pdf.column_widths([3.2, 5, 4.5, 6.5, 8.5, 9, 9, 13, 8])
    content: list[Flowable] = [
        pdf.text("物资送达签收单", st.title),
        pdf.text(
            f"{sheet.subdistrict} {sheet.community}　{info.name}　{info.planned_on:%Y年%m月%d日}",
            st.subtitle,
        ),
        pdf.text(f"楼栋：{building.label}{sealed}", st.heading),
        pdf.text(
            f"计划 {len(building.rows)} 户，已送达 {building.delivered} 户，"
            f"待送 {len(building.rows) - building.delivered} 户；"
            f"★ 特殊人群 {flagged} 户（孕妇、高龄、婴幼儿、慢病·透析等，请优先送达并当面确认）。",
            st.body,
        ),
        Spacer(1, 3),
    ]
    if rows:
        grid = pdf.table(header, rows, widths, st=st, highlight=highlight)
        # Room to tick and sign by hand.
        grid.setStyle(
            TableStyle(
                [("TOPPADDING", (0, 1), (-1, -1), 5), ("BOTTOMPADDING", (0, 1), (-1, -1), 5)]
            )
        )
        content.append(grid)
    else:
        content.append(pdf.text("这栋楼没有计划送达的住户。", st.body))
    content += [
        Spacer(1, 16),
        CondPageBreak(30),
        pdf.text(
            "配送志愿者（签字）：____________　　楼栋长（签字）：____________　　"
            f"日期：____年__月__日　　打印：{sheet.printed_at:%Y-%m-%d %H:%M}",
            st.body,
        ),
    ]
    return content


def story(sheet: Sheet) -> list[Flowable]:
    st = pdf.styles(9.5)
    content: list[Flowable] = []
    for index, building in enumerate(sheet.buildings):
        if index:
            content.append(PageBreak())
        content += _section(sheet, building, st)
    if not sheet.buildings:
        content.append(pdf.text("这一轮没有计划送达的楼栋。", st.body))
    return content


def render(sheet: Sheet) -> bytes:
    return pdf.render_pdf(
        story(sheet),
        title=f"物资送达签收单 {sheet.round.name}",
        author=sheet.community,
        footer_left=f"{sheet.community} {sheet.round.name} 送达签收单",
    )


def write(
    actor: Actor,
    round_id: int,
    target: Path,
    building_ids: list[int] | None = None,
    *,
    printed_at: dt.datetime | None = None,
) -> Path:
    """Write the sheet of the round's buildings (or the chosen ones) and record the print."""
    sheet = gather(round_id, building_ids, printed_at)
    data = render(sheet)
    with db.atomic():
        pdf.write_pdf(data, target)
        audit.record(
            actor,
            "print.delivery_sheet",
            entity="distribution_round",
            entity_id=round_id,
            summary=(
                f"打印送达签收单“{sheet.round.name}”："
                + "、".join(b.label for b in sheet.buildings)
            ),
        )
    return target
