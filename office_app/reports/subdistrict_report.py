"""The subdistrict's summary (街道汇总日报): a PDF and an .xlsx of ``subdistrict.gather``.

A4 landscape. One row of the daily figures per community and the subdistrict's totals, the
missing communities with their reasons, the communities by coverage (lowest first), every
高/中 risk building with its clean days and countdown, and two charts: coverage by community,
and risk buildings by community over the last 14 days. Charts grow with the number of
communities and split across pages, so any size lays out.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from office_app.services.choices import RISK_LEVELS
from office_app.services.reporting.export import neutralise
from office_app.services.reporting.subdistrict import (
    COUNTS,
    CommunityRow,
    HistoryRow,
    SubdistrictReport,
)

from . import pdf

# Communities per coverage chart and per history chart: more go on further charts.
BARS_PER_CHART = 20  # 20 bars: 440 pt, within a landscape page (487 pt)
LINES_PER_CHART = 8
LINE_COLOURS = [
    "#1E88E5",
    "#D32F2F",
    "#388E3C",
    "#F57C00",
    "#6A1B9A",
    "#00838F",
    "#5D4037",
    "#C2185B",
]

FIGURE_HEADER = [
    "社区",
    "高/中/低风险楼栋",
    "居家隔离",
    "健康监测",
    "登记居民",
    "已检",
    "未检",
    "覆盖率",
    "阳性",
    "混管阳性（管/人）",
    "待复核",
    "外出",
    "逾期未返",
    "配送到户",
    "在岗志愿者",
    "服务人次",
]


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _figure_cells(name: str, levels: Sequence[int], counts: dict[str, int], cover: str) -> list:
    return [
        name,
        "/".join(str(n) for n in levels),
        counts["isolated"],
        counts["monitored"],
        counts["registered"],
        counts["tested"],
        counts["untested"],
        cover,
        counts["positives"],
        f"{counts['pooled_tubes']}管/{counts['pooled_people']}人",
        counts["pending_review"],
        counts["trips_out"],
        counts["overdue"],
        counts["delivered_households"],
        counts["volunteers_on_duty"],
        counts["service_count"],
    ]


def _community_counts(row: CommunityRow) -> dict[str, int]:
    return {name: int(getattr(row, name)) for name in COUNTS}


def figure_rows(report: SubdistrictReport) -> list[list[Any]]:
    """The figures table: one row per community, then the subdistrict's totals."""
    rows = [
        _figure_cells(
            row.community,
            [row.levels[level] for level in RISK_LEVELS],
            _community_counts(row),
            _percent(row.coverage),
        )
        for row in report.communities
    ]
    totals = {name: report.total(name) for name in COUNTS}
    rows.append(
        _figure_cells(
            "街道合计",
            [report.total_level(level) for level in RISK_LEVELS],
            totals,
            _percent(report.coverage),
        )
    )
    return rows


def coverage_rows(report: SubdistrictReport) -> list[list[Any]]:
    return [
        [row.community, row.registered, row.tested, row.untested, _percent(row.coverage)]
        for row in report.lowest_coverage_first()
    ]


def risk_rows(report: SubdistrictReport) -> list[list[Any]]:
    return [
        [
            b.community,
            f"{b.compound} {b.building}",
            f"{b.level}风险",
            f"{b.clean_since:%m-%d}" if b.clean_since else "—",
            "—" if b.clean_days is None else b.clean_days,
            "—" if b.days_left is None else ("可申请降级" if b.days_left == 0 else b.days_left),
        ]
        for b in report.risk_buildings
    ]


def history_rows(report: SubdistrictReport) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for h in report.history:
        for day, high, medium in zip(h.days, h.high, h.medium, strict=True):
            rows.append([h.community, f"{day:%Y-%m-%d}", high, medium])
    return rows


def _coverage_chart(rows: Sequence[CommunityRow], width: float, title: str) -> Drawing:
    return pdf.percent_bars(
        [r.community for r in rows],
        [100 * (r.coverage or 0) for r in rows],
        width,
        title,
        label_width=110,
    )


def _history_chart(rows: Sequence[HistoryRow], width: float, title: str) -> Drawing:
    height = 210
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, title, fontName=pdf.FONT, fontSize=10))
    if not rows:
        return drawing
    chart = HorizontalLineChart()
    chart.x, chart.y = 35, 25
    chart.width, chart.height = width - 230, height - 55
    chart.data = [[h + m for h, m in zip(r.high, r.medium, strict=True)] for r in rows]
    chart.categoryAxis.categoryNames = [f"{d:%m-%d}" for d in rows[0].days]
    chart.categoryAxis.labels.fontName = pdf.FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    top = max((max(series) for series in chart.data), default=0)
    chart.valueAxis.valueMax = max(top + 1, 4)
    chart.valueAxis.valueStep = max(1, (top + 4) // 4)
    chart.valueAxis.labels.fontName = pdf.FONT
    chart.valueAxis.labels.fontSize = 7
    for index in range(len(rows)):
        chart.lines[index].strokeColor = colors.HexColor(LINE_COLOURS[index % len(LINE_COLOURS)])
        chart.lines[index].strokeWidth = 1.5
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 180, height - 30
    legend.fontName = pdf.FONT
    legend.fontSize = 8
    legend.alignment = "right"
    legend.colorNamePairs = [
        (colors.HexColor(LINE_COLOURS[i % len(LINE_COLOURS)]), r.community)
        for i, r in enumerate(rows)
    ]
    drawing.add(legend)
    return drawing


def _chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [items]


def story(report: SubdistrictReport, printed_at: dt.datetime) -> list[Flowable]:
    st = pdf.styles(9)
    width = pdf.column_widths([1], wide=True)[0]
    reported = len(report.communities)
    content: list[Flowable] = [
        pdf.text(report.subdistrict or "街道", st.subtitle),
        pdf.text("疫情防控汇总日报", st.title),
        pdf.text(
            f"{pdf.long_date(report.day)}　共 {reported + len(report.missing)} 个社区，"
            f"已汇总 {reported} 个",
            st.subtitle,
        ),
        pdf.table(
            FIGURE_HEADER,
            figure_rows(report),
            pdf.column_widths(
                [4, 3, 1.6, 1.6, 1.8, 1.6, 1.6, 1.8, 1.3, 1.6, 1.5, 1.3, 1.6, 1.6, 1.7, 1.7],
                wide=True,
            ),
            st=st,
            highlight=[reported],
        ),
    ]
    if report.missing:
        content += [
            pdf.text("未能汇总的社区", st.heading),
            pdf.table(
                ["数据库", "原因"],
                [[m.source, m.reason] for m in report.missing],
                pdf.column_widths([2, 3], wide=True),
                st=st,
            ),
        ]
    content += [
        pdf.text("核酸覆盖率（由低到高）", st.heading),
        pdf.table(
            ["社区", "登记居民", "已检", "未检", "覆盖率"],
            coverage_rows(report),
            pdf.column_widths([4, 2, 2, 2, 2], wide=True),
            st=st,
        ),
        pdf.text("高、中风险楼栋", st.heading),
    ]
    risky = risk_rows(report)
    if risky:
        content.append(
            pdf.table(
                ["社区", "楼栋", "等级", "起算日期", "无阳性天数", "距可降级（天）"],
                risky,
                pdf.column_widths([3, 4, 1.5, 1.5, 1.5, 2], wide=True),
                st=st,
            )
        )
    else:
        content.append(pdf.text("各社区均无高、中风险楼栋。", st.body))
    ordered = report.lowest_coverage_first()
    for index, chunk in enumerate(_chunks(ordered, BARS_PER_CHART)):
        suffix = f"（{index + 1}）" if len(ordered) > BARS_PER_CHART else ""
        drawing = _coverage_chart(chunk, width * 0.7, f"各社区核酸覆盖率（%）{suffix}")
        content += [CondPageBreak(drawing.height + 12), Spacer(1, 8), drawing]
    for index, chunk in enumerate(_chunks(report.history, LINES_PER_CHART)):
        suffix = f"（{index + 1}）" if len(report.history) > LINES_PER_CHART else ""
        drawing = _history_chart(
            chunk, width * 0.8, f"近 14 天各社区高、中风险楼栋数（栋）{suffix}"
        )
        content += [CondPageBreak(drawing.height + 12), Spacer(1, 8), drawing]
    content += pdf.signatures(["汇总人", "审核人"], printed_at, st)
    return content


def render(report: SubdistrictReport, printed_at: dt.datetime) -> bytes:
    return pdf.render_pdf(
        story(report, printed_at),
        title=f"疫情防控汇总日报 {report.day:%Y-%m-%d}",
        author=report.subdistrict,
        footer_left=f"{report.subdistrict} 汇总日报 {report.day:%Y-%m-%d}",
        wide=True,
    )


def _sheet_rows(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    def cell(value: Any) -> Any:
        return neutralise(value) if isinstance(value, str) else value

    return [[cell(h) for h in header], *([cell(v) for v in row] for row in rows)]


def xlsx_bytes(report: SubdistrictReport) -> bytes:
    """The same tables as the PDF, one sheet per section."""
    book = Workbook()
    sheets: list[tuple[str, Sequence[str], Sequence[Sequence[Any]]]] = [
        ("各社区数据", FIGURE_HEADER, figure_rows(report)),
        ("覆盖率", ["社区", "登记居民", "已检", "未检", "覆盖率"], coverage_rows(report)),
        (
            "高中风险楼栋",
            ["社区", "楼栋", "等级", "起算日期", "无阳性天数", "距可降级（天）"],
            risk_rows(report),
        ),
        ("近14天风险楼栋", ["社区", "日期", "高风险楼栋", "中风险楼栋"], history_rows(report)),
        ("未能汇总", ["数据库", "原因"], [[m.source, m.reason] for m in report.missing]),
    ]
    first = True
    for title, header, rows in sheets:
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        first = False
        sheet.title = title
        for row in _sheet_rows(header, rows):
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write(
    report: SubdistrictReport,
    target: Path,
    *,
    xlsx: Path | None = None,
    printed_at: dt.datetime | None = None,
) -> Path:
    """Write the PDF (and the .xlsx), each replaced only when complete."""
    data = render(report, printed_at or dt.datetime.now())
    pdf.write_pdf(data, target)
    if xlsx is not None:
        pdf.write_pdf(xlsx_bytes(report), xlsx)
    return target
