"""The volunteer service certificate (志愿服务证明) of one volunteer, as a PDF.

It states who served, from which organisation, since when and where, and what the roster and
the service records say: shifts and checked hours, shifts by kind of post, and the 人次 of
each kind of service (崔亚涛's 73 escorts and errands among them). The phone number and the
home address are not on it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from office_app.services.admin.actor import Actor
from office_app.services.choices import SERVICE_KINDS
from office_app.services.reporting.prints import save_and_record
from office_app.services.volunteers import register as V
from office_app.services.volunteers.certificate import Certificate, gather

from . import pdf

__all__ = ["Certificate", "gather", "render", "story", "write"]


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def body_text(cert: Certificate) -> list[str]:
    """The certificate's sentences (also what the tests read back)."""
    d = cert.detail
    stats = d.stats
    who = d.name + (f"（{d.gender}）" if d.gender else "")
    org = f"，派出单位：{d.organisation}" if d.organisation else ""
    place = f"{cert.district}{cert.subdistrict}{cert.community}"
    start = f"自{_date(d.report_date)}起" if d.report_date else ""
    lines = [
        f"兹证明 {who}{org}，{start}在{place}参加新冠肺炎疫情防控志愿服务，"
        f"截至{_date(cert.issued)}共服务 {stats.days_served} 天。",
        f"期间累计上岗 {stats.shifts} 个班次，签到签退记录的服务时长 {stats.hours:g} 小时；"
        f"服务居民共 {stats.services_total} 人次。",
    ]
    if stats.errands:
        parts = "、".join(
            f"{kind} {stats.services[kind]} 人次"
            for kind in V.ERRAND_KINDS
            if stats.services.get(kind)
        )
        lines.append(f"其中就医陪同、代购药品和物资配送共 {stats.errands} 人次（{parts}）。")
    if d.note:
        lines.append(f"服务事迹：{d.note}。".replace("。。", "。"))
    lines.append("特此证明。")
    return lines


def story(cert: Certificate) -> list[Flowable]:
    st = pdf.styles(11)
    d = cert.detail
    right = ParagraphStyle("right", parent=st.body, alignment=TA_RIGHT)
    content: list[Flowable] = [
        Spacer(1, 8 * mm),
        pdf.text("志愿服务证明", st.title),
        pdf.text(f"编号：{cert.number}", st.subtitle),
        Spacer(1, 4 * mm),
    ]
    for line in body_text(cert):
        content.append(pdf.text("　　" + line, st.body))
        content.append(Spacer(1, 1.5 * mm))
    reported = f"{d.report_date:%Y-%m-%d}" if d.report_date else "—"
    skills = "、".join(s.skill for s in d.skills) or "—"
    facts = [
        ["姓名", d.name, "政治面貌", "中共党员" if d.party_member else "—"],
        ["派出单位", d.organisation or "—", "单位级别", d.org_level or "—"],
        ["人员类型", d.kind, "报到日期", reported],
        ["网格职务", f"{d.grid_role} {d.grid_scope}".strip(), "技能", skills],
    ]
    content += [
        pdf.text("基本情况", st.heading),
        pdf.table(
            ["项目", "内容", "项目", "内容"],
            facts,
            pdf.column_widths([1, 2.2, 1, 2.2]),
            st=st,
        ),
    ]
    served = [s for s in d.shifts if s.date <= cert.issued]
    by_kind = Counter(s.post_kind for s in served)
    led = Counter(s.post_kind for s in served if s.is_lead)
    if served:
        content += [
            pdf.text("上岗情况", st.heading),
            pdf.table(
                ["岗位类别", "班次", "其中带班"],
                [[kind, count, led.get(kind, 0)] for kind, count in by_kind.most_common()],
                pdf.column_widths([2, 1, 1]),
                st=st,
            ),
        ]
    services = [[k, d.stats.services[k]] for k in SERVICE_KINDS if d.stats.services.get(k)]
    if services:
        content += [
            pdf.text("服务记录", st.heading),
            pdf.table(["服务类别", "人次"], services, pdf.column_widths([2, 1]), st=st),
        ]
    content += [
        Spacer(1, 14 * mm),
        pdf.text(f"{cert.community}居民委员会（盖章）", right),
        Spacer(1, 2 * mm),
        pdf.text(_date(cert.issued), right),
    ]
    return content


def render(cert: Certificate) -> bytes:
    return pdf.render_pdf(
        story(cert),
        title=f"志愿服务证明 {cert.detail.name}",
        author=cert.community,
        footer_left=f"{cert.community} 志愿服务证明 {cert.number}",
    )


def write(actor: Actor, volunteer_id: int, target: Path, *, issued: dt.date | None = None) -> Path:
    """Write the volunteer's certificate to ``target`` (atomically) and record the print."""
    cert = gather(volunteer_id, issued)
    data = render(cert)
    save_and_record(
        actor,
        "print.volunteer_certificate",
        lambda: pdf.write_pdf(data, target),
        entity="volunteer",
        entity_id=volunteer_id,
        summary=f"打印志愿服务证明：{cert.detail.name}（{cert.number}）",
    )
    return target
