"""The gate register (出入登记表) of one day, as a PDF.

Every request of the day and every trip out or back that day, with masked document numbers
and phones (the full numbers never reach the PDF), escorts and errands, out, due and back
times; rows of residents back late or still out past their time are tinted.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.platypus import Flowable, Spacer

from office_app.services.admin.actor import Actor
from office_app.services.choices import RISK_HIGH
from office_app.services.gate.register import Register, gather
from office_app.services.reporting.prints import save_and_record

from . import pdf

__all__ = ["Register", "gather", "render", "story", "write"]


def _time(value: dt.datetime | None, day: dt.date) -> str:
    if value is None:
        return ""
    return value.strftime("%H:%M") if value.date() == day else value.strftime("%m-%d %H:%M")


def story(register: Register) -> list[Flowable]:
    st = pdf.styles(9)
    day = register.day
    counts = register.counts()
    summary = (
        f"申请 {counts['requests']} 次：同意·点对点 {counts['同意·点对点']}，"
        f"代办替代 {counts['代办替代']}，不同意 {counts['不同意']}，待决定 {counts['待决定']}；"
        f"当日外出 {counts['out']} 人次，返回 {counts['back']} 人次；"
        f"逾期 {counts['late']} 人次（截至 {register.printed_at:%m-%d %H:%M}）。"
    )
    header = [
        "序号",
        "申请时间",
        "姓名",
        "住址",
        "证件号码",
        "联系电话",
        "事由",
        "决定",
        "陪同 / 代办",
        "外出",
        "应返",
        "返回",
        "状态",
    ]
    rows = []
    late = []
    for number, row in enumerate(register.rows, start=1):
        helper = row.escort or row.errand_by
        rows.append(
            [
                number,
                _time(row.requested_at, day),
                row.name,
                row.address + ("（高风险）" if row.risk_level == RISK_HIGH else ""),
                row.doc_masked,
                row.phone_masked,
                f"{row.reason}（{row.urgency}）" + (f"\n{row.detail}" if row.detail else ""),
                row.decision or "待决定",
                helper,
                _time(row.out_at, day),
                _time(row.due_back_at, day),
                _time(row.back_at, day),
                row.state(register.printed_at),
            ]
        )
        if row.overdue_at(register.printed_at):
            late.append(number - 1)
    widths = pdf.column_widths([3, 5.5, 5, 9.5, 10.5, 7.5, 13.5, 6.5, 6, 4.5, 5, 4.5, 6], wide=True)
    title = "出入登记表"
    content: list[Flowable] = [
        pdf.text(title, st.title),
        pdf.text(
            f"{register.subdistrict} {register.community}　{pdf.long_date(day)}",
            st.subtitle,
        ),
        pdf.text(summary, st.body),
        Spacer(1, 4),
    ]
    if rows:
        content.append(pdf.table(header, rows, widths, st=st, highlight=late))
    else:
        content.append(pdf.text("当日没有外出申请。", st.body))
    content += [
        Spacer(1, 18),
        pdf.text(
            "登记人（签字）：____________　　　审核人（签字）：____________　　　"
            f"打印时间：{register.printed_at:%Y-%m-%d %H:%M}",
            st.body,
        ),
    ]
    return content


def render(register: Register) -> bytes:
    return pdf.render_pdf(
        story(register),
        title=f"出入登记表 {register.day:%Y-%m-%d}",
        author=register.community,
        footer_left=f"{register.community} 出入登记表 {register.day:%Y-%m-%d}",
        wide=True,
    )


def write(
    actor: Actor, day: dt.date, target: Path, *, printed_at: dt.datetime | None = None
) -> Path:
    """Write the day's register to ``target`` (atomically) and record the print."""
    register = gather(day, printed_at)
    data = render(register)
    save_and_record(
        actor,
        "print.gate_register",
        lambda: pdf.write_pdf(data, target),
        entity="exit_request",
        summary=f"打印出入登记表 {day:%Y-%m-%d}（{len(register.rows)} 条）",
    )
    return target
