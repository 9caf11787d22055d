"""The printable 未检名单: residents not sampled on a day, building by building.

Names are printed in full (the list is for knocking on doors); phone numbers are masked.
Each building starts with its coverage (tested / registered); a blank column is left for the
volunteer's note (外出就医, 已上门采样, …).
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from pathlib import Path

from reportlab.platypus import Flowable, Spacer

from office_app.services.admin.actor import Actor, require_write
from office_app.services.clock import now
from office_app.services.people.identity import mask_phone
from office_app.services.reporting.prints import save_and_record
from office_app.services.testing.followup import Coverage, UntestedResident
from office_app.services.testing.untested_list import UntestedList, gather

from . import pdf


def story(
    day: dt.date,
    rows: list[UntestedResident],
    covered: list[Coverage],
    *,
    community: str,
    printed_at: dt.datetime,
) -> list[Flowable]:
    st = pdf.styles()
    by_label = {c.label: c for c in covered}
    registered = sum(c.registered for c in covered)
    tested = sum(c.tested for c in covered)
    content: list[Flowable] = [
        pdf.text("核酸检测未检名单", st.title),
        pdf.text(f"{community}　采样日期 {day:%Y年%m月%d日}", st.subtitle),
        pdf.text(
            f"登记居民 {registered} 人，当日已采样 {tested} 人，未检 {len(rows)} 人。"
            f"打印时间：{printed_at:%Y-%m-%d %H:%M}",
            st.body,
        ),
    ]
    if not rows:
        content.append(pdf.text("所有登记居民当日均已采样。", st.body))
        return content
    header = ["序号", "单元", "房号", "姓名", "手机号", "管控状态", "特殊人群", "核实情况"]
    widths = pdf.column_widths([4, 7, 7, 10, 12, 9, 14, 20])
    for label, group in groupby(rows, key=lambda r: r.building_label):
        members = list(group)
        cov = by_label.get(label)
        ratio = f"，覆盖率 {cov.ratio:.0%}" if cov and cov.registered else ""
        done = f"已检 {cov.tested} / 登记 {cov.registered}" if cov else ""
        content.append(pdf.text(f"{label}　未检 {len(members)} 人（{done}{ratio}）", st.heading))
        table_rows = [
            [
                str(number),
                r.unit,
                r.room,
                r.name,
                mask_phone(r.phone) if r.phone else "",
                r.control_status,
                "、".join(r.groups),
                "",
            ]
            for number, r in enumerate(members, start=1)
        ]
        content.append(pdf.table(header, table_rows, widths, st=st))
    content += [Spacer(1, 14), pdf.text("核实人（签字）：____________", st.body)]
    return content


def render_list(facts: UntestedList, printed_at: dt.datetime) -> bytes:
    day, community = facts.day, facts.community
    return pdf.render_pdf(
        story(day, facts.rows, facts.covered, community=community, printed_at=printed_at),
        title=f"未检名单 {day:%Y-%m-%d}",
        author=community,
        footer_left=f"{community} 未检名单 {day:%Y-%m-%d}",
    )


def render(day: dt.date, *, building_id: int | None = None, printed_at: dt.datetime) -> bytes:
    """The 未检名单 of ``day`` (and of one building) as the service gathers it now."""
    return render_list(gather(day, building_id), printed_at)


def write(
    actor: Actor,
    day: dt.date,
    target: Path,
    *,
    building_id: int | None = None,
    printed_at: dt.datetime | None = None,
) -> Path:
    """Write the 未检名单 of ``day`` to ``target`` (atomically) and record the print."""
    require_write(actor)
    data = render(day, building_id=building_id, printed_at=printed_at or now())
    save_and_record(
        actor,
        "print.untested",
        lambda: pdf.write_pdf(data, target),
        entity="test_record",
        summary=f"打印未检名单 {day:%Y-%m-%d}",
        after={"file": str(target), "building_id": building_id},
    )
    return Path(target)


__all__ = ["render", "render_list", "story", "write"]
