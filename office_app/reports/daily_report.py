"""The daily report (日报) PDF: the day's figures on one or two A4 pages, with two charts.

Charts are reportlab graphics (vector, in the embedded font): test coverage by compound, and
buildings by risk level in the risk colours.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from office_app.services.admin.actor import Actor
from office_app.services.choices import RISK_LEVELS
from office_app.services.clock import now
from office_app.services.reporting.daily_report import CompoundCoverage, DailyFacts, gather
from office_app.services.reporting.palette import RISK_COLORS
from office_app.services.reporting.prints import save_and_record

from . import pdf


def _figures(facts: DailyFacts) -> Table:
    """The headline figures as a grid of label / value pairs."""
    st = pdf.styles(9.5)
    levels = facts.levels
    decided = "，".join(f"{k} {v}" for k, v in facts.decisions.items()) or "无"
    services = "，".join(f"{k} {v}" for k, v in sorted(facts.services.items())) or "无"
    errands = "，".join(f"{k} {v}" for k, v in sorted(facts.errands.items())) or "无"
    cells = [
        ("高 / 中 / 低风险楼栋", f"{levels['高']} / {levels['中']} / {levels['低']}"),
        ("居家隔离 / 健康监测", f"{facts.isolated} / {facts.monitored} 人"),
        (
            "新增隔离 / 监测 / 解除",
            f"{facts.new_isolated} / {facts.new_monitored} / {facts.released} 人",
        ),
        ("收到检测记录", f"{facts.records_received:,} 条"),
        (
            "登记居民已检 / 未检",
            f"{facts.tested:,} / {facts.untested:,}"
            + (f"（{facts.tested / facts.registered:.1%}）" if facts.registered else ""),
        ),
        ("阳性（单管）", f"{facts.positives} 人"),
        ("混管阳性", f"{facts.pooled_tubes} 管 {facts.pooled_people} 人"),
        ("待复核（日末）", f"{facts.pending_review} 人"),
        ("待确认调整建议（日末）", f"{facts.open_proposals} 条"),
        ("外出申请", f"{facts.requests} 次（{decided}）"),
        ("外出 / 返回", f"{facts.trips_out} / {facts.trips_back} 人次"),
        ("外出未返 / 逾期（日末）", f"{facts.out_not_back} / {facts.overdue} 人"),
        ("陪同与代办（人次）", errands),
        ("物资接收", "，".join(f"{k} {v}" for k, v in facts.received.items())),
        ("配送到户", f"{facts.delivered_households} 户次"),
        ("尚未送达（日末）", f"{facts.outstanding_households} 户"),
        ("日末库存", "，".join(f"{k} {v}" for k, v in facts.stock.items())),
        ("在岗志愿者", f"{facts.volunteers_on_duty} 人"),
        ("排班 / 签到", f"{facts.rostered} / {facts.checked_in} 人次"),
        ("志愿服务（人次）", services),
    ]
    rows = []
    for i in range(0, len(cells), 2):
        pair = cells[i : i + 2]
        row: list[object] = []
        for label, value in pair:
            row += [pdf.text(label, st.small), pdf.text(value, st.body)]
        while len(row) < 4:
            row.append("")
        rows.append(row)
    widths = pdf.column_widths([3, 5, 3, 5])
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), pdf.FONT),
                ("GRID", (0, 0), (-1, -1), 0.5, pdf.GRID_COLOUR),
                ("BACKGROUND", (0, 0), (0, -1), pdf.HEADER_BACKGROUND),
                ("BACKGROUND", (2, 0), (2, -1), pdf.HEADER_BACKGROUND),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


# Compounds per coverage chart: 25 bars (540 pt) fit a portrait page; more go on further
# charts. Up to SIDE_BY_SIDE compounds the chart stands beside the levels chart.
BARS_PER_CHART = 25
SIDE_BY_SIDE = 12


def _coverage_chart(
    compounds: list[CompoundCoverage], width: float, title: str = "各小区核酸覆盖率（%）"
) -> Drawing:
    return pdf.percent_bars(
        [c.compound for c in compounds],
        [100 * c.tested / c.registered if c.registered else 0 for c in compounds],
        width,
        title,
    )


def _levels_chart(facts: DailyFacts, width: float) -> Drawing:
    height = 150
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, "楼栋风险等级（栋）", fontName=pdf.FONT, fontSize=10))
    names = list(RISK_LEVELS)  # 高, 中, 低
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 20
    chart.width, chart.height = min(width - 60, 220), height - 50
    chart.data = [[facts.levels[n] for n in names]]
    chart.categoryAxis.categoryNames = [f"{n}风险" for n in names]
    chart.categoryAxis.labels.fontName = pdf.FONT
    chart.valueAxis.labels.fontName = pdf.FONT
    chart.valueAxis.valueMin = 0
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = pdf.FONT
    chart.barLabels.nudge = 7
    for index, name in enumerate(names):
        chart.bars[(0, index)].fillColor = colors.HexColor(RISK_COLORS[name])
    drawing.add(chart)
    return drawing


def story(facts: DailyFacts, printed_at: dt.datetime) -> list[Flowable]:
    st = pdf.styles(9.5)
    width = pdf.column_widths([1])[0]
    content: list[Flowable] = [
        pdf.text(f"{facts.subdistrict} {facts.community}", st.subtitle),
        pdf.text("疫情防控日报", st.title),
        pdf.text(pdf.long_date(facts.day), st.subtitle),
        pdf.text(
            f"统计时段：{facts.starts_at:%m-%d %H:%M} 至 {facts.ends_at:%m-%d %H:%M}"
            f"（当日各班次）；状态数字为 {facts.as_at:%m-%d %H:%M} 时",
            st.small,
        ),
        _figures(facts),
        Spacer(1, 8),
    ]
    if facts.high_buildings:
        content.append(pdf.text(f"高风险楼栋：{'、'.join(facts.high_buildings)}。", st.body))
    if facts.changes:
        content.append(pdf.text("当日风险等级调整：", st.body))
        content.append(
            pdf.table(
                ["时间", "楼栋", "调整", "原因"],
                [
                    [f"{c.at:%m-%d %H:%M}", c.building, f"{c.from_level} → {c.to_level}", c.reason]
                    for c in facts.changes
                ],
                pdf.column_widths([1.5, 4, 1.6, 8]),
                st=st,
            )
        )
    else:
        content.append(pdf.text("当日无风险等级调整。", st.body))
    compounds = sorted(facts.compounds, key=lambda c: c.compound)
    if len(compounds) <= SIDE_BY_SIDE:
        charts = Table(
            [[_coverage_chart(compounds, width * 0.6), _levels_chart(facts, width * 0.4)]],
            colWidths=[width * 0.6, width * 0.4],
            hAlign="LEFT",
        )
        charts.setStyle(
            TableStyle(
                [("FONTNAME", (0, 0), (-1, -1), pdf.FONT), ("VALIGN", (0, 0), (-1, -1), "TOP")]
            )
        )
        content += [Spacer(1, 10), charts, Spacer(1, 8)]
    else:
        # A big community: the levels chart, then the coverage in charts of at most
        # BARS_PER_CHART compounds, each on one page.
        content += [Spacer(1, 10), _levels_chart(facts, width * 0.5)]
        chunks = [
            compounds[i : i + BARS_PER_CHART] for i in range(0, len(compounds), BARS_PER_CHART)
        ]
        for number, chunk in enumerate(chunks, start=1):
            chart = _coverage_chart(
                chunk, width * 0.9, f"各小区核酸覆盖率（%）（{number}/{len(chunks)}）"
            )
            content += [CondPageBreak(chart.height + 10), Spacer(1, 8), chart]
        content.append(Spacer(1, 8))
    lowest = sorted(
        (c for c in facts.coverage if c.registered),
        key=lambda c: (c.tested / c.registered, c.building),
    )[:8]
    if lowest:
        content.append(pdf.text("未检人数较多的楼栋：", st.body))
        content.append(
            pdf.table(
                ["楼栋", "登记", "已检", "未检", "覆盖率"],
                [
                    [
                        c.building,
                        c.registered,
                        c.tested,
                        c.untested,
                        f"{c.tested / c.registered:.0%}",
                    ]
                    for c in lowest
                ],
                pdf.column_widths([6, 2, 2, 2, 2]),
                st=st,
            )
        )
    content += pdf.signatures(["填报人", "审核人"], printed_at, st)
    return content


def render(facts: DailyFacts, printed_at: dt.datetime) -> bytes:
    return pdf.render_pdf(
        story(facts, printed_at),
        title=f"疫情防控日报 {facts.day:%Y-%m-%d}",
        author=facts.community,
        footer_left=f"{facts.community} 日报 {facts.day:%Y-%m-%d}",
    )


def write(
    actor: Actor, day: dt.date, target: Path, *, printed_at: dt.datetime | None = None
) -> Path:
    data = render(gather(day), printed_at or now())
    save_and_record(
        actor,
        "print.daily_report",
        lambda: pdf.write_pdf(data, target),
        summary=f"打印日报 {day:%Y-%m-%d}",
    )
    return target
