"""The 交接班记录 PDF: what one shift hands to the next, from
``services.reporting.handover.gather``.

A4 portrait on the shared PDF layer: sections in the order the next shift acts on them
(open items and people still out come early), tables that split across pages and repeat
their header row, signature lines and the handover time at the end. Only masked numbers are
ever in the facts, so none can reach the PDF.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from office_app.services.admin.actor import Actor
from office_app.services.clock import now
from office_app.services.reporting.handover import HandoverFacts, gather
from office_app.services.reporting.palette import RISK_COLORS
from office_app.services.reporting.prints import save_and_record

from . import pdf

NONE = "无"
REGISTRY_NAMES = {"buildings": "楼栋", "residents": "居民", "volunteers": "志愿者"}


def _t(value: dt.datetime | None, day: dt.date | None = None) -> str:
    if value is None:
        return ""
    if day is not None and value.date() == day:
        return f"{value:%H:%M}"
    return f"{value:%m-%d %H:%M}"


def _d(value: dt.date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


class Section:
    """Builds the story: a heading, then a table or a line saying there is nothing."""

    def __init__(self) -> None:
        self.st = pdf.styles(9)
        self.story: list[Flowable] = []

    def heading(self, text: str) -> None:
        self.story.append(pdf.text(text, self.st.heading))

    def line(self, text: str) -> None:
        self.story.append(pdf.text(text, self.st.body))

    def table(
        self,
        header: list[str],
        rows: list[list[object]],
        fractions: list[float],
        *,
        empty: str = NONE,
        highlight: list[int] | None = None,
    ) -> None:
        if not rows:
            self.line(empty)
            return
        self.story.append(
            pdf.table(
                header, rows, pdf.column_widths(fractions), st=self.st, highlight=highlight or []
            )
        )
        self.story.append(Spacer(1, 4))


def _risk_cell(level: str) -> Table:
    """A small coloured cell with the level, the colours used everywhere."""
    colour = RISK_COLORS.get(level, "#9E9E9E")
    st = pdf.styles(9)
    cell = Table([[pdf.text(level, st.cell)]], colWidths=[22], rowHeights=[14])
    cell.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), pdf.FONT),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(colour)),
                ("TEXTCOLOR", (0, 0), (-1, -1), colors.white),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return cell


def story(facts: HandoverFacts, printed_at: dt.datetime) -> list[Flowable]:
    h = facts.header
    s = Section()
    st = s.st
    s.story += [
        pdf.text(f"{h.subdistrict} {h.community}", st.subtitle),
        pdf.text("交接班记录", st.title),
        pdf.text(
            f"编号 {h.number}　{pdf.long_date(h.day)}　"
            f"{h.shift_name} {h.starts_at:%H:%M}–{h.ends_at:%H:%M}"
            + ("（次日）" if h.ends_at.date() != h.day else ""),
            st.subtitle,
        ),
    ]
    p = facts.people
    s.line(
        f"交班人：{p.handing_over or '________'}　接班人：{p.receiving or '________'}　"
        f"带班：{'、'.join(p.leads) or '—'}"
    )
    s.line(f"岗位：{'、'.join(h.posts) or '—'}")

    # What the next shift must act on first.
    s.heading("一、待办事项")
    s.table(
        ["序号", "事项", "负责人", "期限"],
        [
            [n, item.task, item.owner, _t(item.deadline)]
            for n, item in enumerate(facts.open_items, start=1)
        ],
        [1, 9, 2.5, 2.5],
        empty="无待办事项。",
    )

    g = facts.gate
    # The state as at the shift's end, whenever it is printed: a reprint is the same record.
    moment = h.as_at
    s.heading("二、外出未返回人员")
    s.line(f"班末外出未返回 {len(g.not_back)} 人，其中逾期未返 {g.overdue} 人。")
    late = [i for i, row in enumerate(g.not_back) if row.overdue_at(moment)]
    s.table(
        ["姓名", "住址", "事由", "陪同", "外出", "应返", "状态", "电话"],
        [
            [
                r.name,
                r.address,
                r.reason,
                r.escort,
                _t(r.out_at),
                _t(r.due_back_at),
                r.state(moment),
                r.phone_masked,
            ]
            for r in g.not_back
        ],
        [2, 4.5, 1.6, 1.6, 2.2, 2.2, 1.8, 2.4],
        empty="外出人员均已返回。",
        highlight=late,
    )

    r = facts.risk
    s.heading("三、风险楼栋")
    s.line(
        f"班末高风险 {r.levels.get('高', 0)} 栋，中风险 {r.levels.get('中', 0)} 栋，"
        f"低风险 {r.levels.get('低', 0)} 栋。"
    )
    s.table(
        ["楼栋", "等级", "起算日期", "无阳性天数", "最早降级日期"],
        [
            [
                row.building,
                _risk_cell(row.level),
                _d(row.clean_since),
                "" if row.clean_days is None else row.clean_days,
                _d(row.earliest_lowering),
            ]
            for row in r.buildings
        ],
        [5, 1.5, 2.5, 2, 2.8],
        empty="没有高、中风险楼栋。",
    )
    if r.changes:
        s.line("本班风险等级调整：")
        s.table(
            ["时间", "楼栋", "调整", "原因"],
            [
                [_t(c.at, h.day), c.building, f"{c.from_level} → {c.to_level}", c.reason]
                for c in r.changes
            ],
            [1.8, 4, 1.6, 8],
        )
    else:
        s.line("本班无风险等级调整。")
    if r.proposals:
        s.line(f"班末待确认的调整建议（{len(r.proposals)} 条）：")
        s.table(
            ["楼栋", "建议", "依据"],
            [[p_.building, f"{p_.from_level} → {p_.to_level}", p_.reason] for p_ in r.proposals],
            [4, 2, 10],
        )

    c = facts.control
    s.heading("四、管控人员")
    s.line(
        f"居家隔离 {c.isolated} 人（本班新增 {c.new_isolated}），"
        f"居家健康监测 {c.monitored} 人（本班新增 {c.new_monitored}），"
        f"本班解除 {c.released} 人。"
    )

    t = facts.testing
    s.heading("五、核酸检测")
    s.line(f"本班导入检测文件 {len(t.imports)} 个，收到检测记录 {t.received} 条。")
    s.table(
        ["导入时间", "文件", "新增", "重复", "退回"],
        [[_t(i.at, h.day), i.file_name, i.imported, i.duplicates, i.rejected] for i in t.imports],
        [2, 8, 1.5, 1.5, 1.5],
        empty="本班没有导入检测文件。",
    )
    result_header = ["结果到达", "姓名", "楼栋", "采样时间", "报告时间"]
    result_widths = [2, 2.2, 5.2, 2.5, 2.5]
    s.line(f"阳性（单管，本社区）：{len(t.positives)} 人。")
    if t.positives:
        s.table(
            result_header,
            [
                [
                    _t(p_.known_at, h.day),
                    p_.name,
                    p_.building,
                    _t(p_.sample_time),
                    _t(p_.report_time),
                ]
                for p_ in t.positives
            ],
            result_widths,
            highlight=list(range(len(t.positives))),
        )
    s.line(f"混管阳性：{t.pooled_tubes} 管，{t.pooled_people} 人。")
    if t.pooled_rows:
        s.table(
            [*result_header, "试管"],
            [
                [
                    _t(p_.known_at, h.day),
                    p_.name,
                    p_.building,
                    _t(p_.sample_time),
                    _t(p_.report_time),
                    p_.tube_code,
                ]
                for p_ in t.pooled_rows
            ],
            [2, 2, 4.4, 2.3, 2.3, 2.6],
        )
    s.line(f"班末待复核（单管复检）：{t.pending_review} 人。")
    if t.review:
        s.table(
            ["姓名", "楼栋", "混管试管", "混采时间"],
            [[m.name, m.building, m.tube_code, _t(m.pooled_sample_time)] for m in t.review],
            [2.5, 6, 3.5, 2.5],
        )
    if t.coverage:
        day = _d(t.coverage_day)
        s.line(f"{day} 检测覆盖（已检 / 登记居民），未检共 {t.untested} 人：")
        s.table(
            ["楼栋", "登记", "已检", "未检", "覆盖率"],
            [
                [
                    row.building,
                    row.registered,
                    row.tested,
                    row.untested,
                    f"{row.tested / row.registered:.0%}" if row.registered else "",
                ]
                for row in t.coverage
            ],
            [6, 2, 2, 2, 2],
        )

    s.heading("六、出入登记与代办")
    decided = "，".join(f"{k} {v}" for k, v in sorted(g.counts.decisions.items())) or "无"
    s.line(
        f"本班外出申请 {g.counts.requests} 次，决定 {sum(g.counts.decisions.values())} 次"
        f"（{decided}），外出 {g.counts.out} 人次，返回 {g.counts.back} 人次。"
    )
    s.table(
        ["申请", "姓名", "住址", "事由", "决定", "陪同/代办", "外出", "返回"],
        [
            [
                _t(e.requested_at, h.day),
                e.name,
                e.address,
                f"{e.reason}（{e.urgency}）",
                e.decision or "待决定",
                e.escort or e.errand_by,
                _t(e.out_at, h.day),
                _t(e.back_at, h.day),
            ]
            for e in g.exits
        ],
        [1.6, 1.8, 4.2, 2.2, 2.2, 1.8, 1.5, 1.5],
        empty="本班没有外出申请。",
    )
    if g.errands:
        s.line(f"代办与陪同（{sum(e.count for e in g.errands)} 人次）：")
        s.table(
            ["时间", "志愿者", "类别", "楼栋", "人次"],
            [[_t(e.at, h.day), e.volunteer, e.kind, e.building, e.count] for e in g.errands],
            [2, 2.5, 2.5, 6, 1.5],
        )

    u = facts.supplies
    s.heading("七、物资")
    if facts.registry.supply_imports:
        s.table(
            ["导入时间", "物资清单文件", "新增", "退回"],
            [
                [_t(i.at, h.day), i.file_name, i.imported, i.rejected]
                for i in facts.registry.supply_imports
            ],
            [2, 9, 1.5, 1.5],
        )
    s.table(
        ["来源", "单位", "物资", "数量"],
        [[x.source, x.supplier, x.item, f"{x.quantity} {x.unit}"] for x in u.received],
        [2, 5, 5, 2.5],
        empty="本班没有接收物资。",
    )
    s.line(f"本班送达 {u.delivered_households} 户次。")
    s.table(
        ["楼栋", "送达户次", "数量"],
        [[x.building, x.households, x.quantity] for x in u.delivered],
        [8, 3, 3],
        empty="本班没有配送。",
    )
    if u.outstanding:
        s.line(f"班末尚未送达 {u.outstanding_households} 户：")
        s.table(
            ["发放轮次", "楼栋", "户数"],
            [[x.round_name, x.building, x.households] for x in u.outstanding],
            [6, 6, 2],
        )
    expiring = [i for i, x in enumerate(u.stock) if x.expiring]
    s.line("库存（班末）：")
    s.table(
        ["物资", "类别", "库存", "最早到期"],
        [[x.item, x.category, f"{x.stock} {x.unit}", _d(x.earliest_expiry)] for x in u.stock],
        [6, 3, 3, 3],
        empty="没有库存。",
        highlight=expiring,
    )
    if u.ppe:
        s.line("本班防护物资领用：")
        s.table(
            ["物资", "数量", "领用岗位"],
            [[x.item, f"{x.quantity} {x.unit}", x.post] for x in u.ppe],
            [3, 2, 11],
        )

    s.heading("八、楼栋与居民名单")
    s.table(
        ["导入时间", "文件", "类别", "新增", "更新", "退回"],
        [
            [
                _t(i.at, h.day),
                i.file_name,
                REGISTRY_NAMES.get(i.kind, i.kind),
                i.imported,
                i.updated,
                i.rejected,
            ]
            for i in facts.registry.imports
        ],
        [2, 6.5, 1.8, 1.5, 1.5, 1.5],
        empty="本班没有导入楼栋、居民或志愿者名单。",
    )

    s.heading("九、当班志愿者")
    services = "，".join(f"{k} {v}" for k, v in sorted(facts.services.items())) or "无"
    s.line(
        f"本班排班 {p.rostered} 人次，已签到 {p.checked_in} 人次；"
        f"在岗志愿者 {p.volunteers_on_duty} 人；志愿服务 {services}（人次）。"
    )
    s.table(
        ["岗位", "姓名", "派出单位", "电话", "带班", "签到"],
        [
            [
                v.post,
                v.name,
                v.organisation,
                v.phone_masked,
                "是" if v.lead else "",
                _t(v.checked_in),
            ]
            for v in p.on_duty
        ],
        [4, 2, 5, 2.6, 1.2, 2.2],
        empty="本班没有排班。",
    )

    handed = facts.handed_over_at
    s.story.append(Spacer(1, 14))
    s.story.append(
        KeepTogether(
            [
                pdf.text(
                    "交班人（签字）：____________　　接班人（签字）：____________　　"
                    f"交接时间：{_t(handed) if handed else '____年__月__日 __:__'}",
                    st.body,
                ),
                pdf.text(f"打印时间：{printed_at:%Y-%m-%d %H:%M}", st.small),
            ]
        )
    )
    return s.story


def render(facts: HandoverFacts, printed_at: dt.datetime) -> bytes:
    h = facts.header
    return pdf.render_pdf(
        story(facts, printed_at),
        title=f"交接班记录 {h.number} {h.shift_name}",
        author=h.community,
        footer_left=f"{h.community} 交接班记录 {h.number}",
    )


def write(
    actor: Actor,
    day: dt.date,
    shift_name: str,
    target: Path,
    *,
    printed_at: dt.datetime | None = None,
    facts: HandoverFacts | None = None,
) -> Path:
    """Write a shift's handover PDF (atomically) and record the print."""
    facts = facts or gather(day, shift_name, handing_over=actor.display_name)
    data = render(facts, printed_at or now())
    save_and_record(
        actor,
        "print.handover",
        lambda: pdf.write_pdf(data, target),
        entity="handover",
        summary=f"打印交接班记录 {facts.header.number} {facts.header.shift_name}",
    )
    return target
