"""The delivery sheet (物资送达签收单) of a distribution round: one section per building.

Every planned household of the building with its unit and room, one contact (name and
masked phone: the full number never reaches the PDF), its special groups (★, tinted rows),
what it gets, and two empty boxes: 送达 to tick and 签收 to sign. Households already
delivered show when and by whom instead of the empty tick box.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer, TableStyle

from office_app.services.admin.actor import Actor
from office_app.services.choices import RISK_HIGH
from office_app.services.reporting.prints import save_and_record
from office_app.services.supplies.delivery_sheet import BuildingSheet, Sheet, SheetRow, gather

from . import pdf

__all__ = ["BuildingSheet", "Sheet", "SheetRow", "gather", "render", "story", "write"]


def _section(sheet: Sheet, building: BuildingSheet, st: pdf.Styles) -> list[Flowable]:
    info = sheet.round
    sealed = "（高风险·封控楼栋，物资送到门口）" if building.risk_level == RISK_HIGH else ""
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
    save_and_record(
        actor,
        "print.delivery_sheet",
        lambda: pdf.write_pdf(data, target),
        entity="distribution_round",
        entity_id=round_id,
        summary=(
            f"打印送达签收单“{sheet.round.name}”：" + "、".join(b.label for b in sheet.buildings)
        ),
    )
    return target
