"""The shared parts of every PDF the program prints.

One embedded CJK font (the shipped ``wqy-microhei-gbk.ttf``, embedded as a subset by
reportlab), paragraph styles that wrap Chinese text, tables that split across pages and
repeat their header row, and a footer on every page with the privacy note and
``第 x 页 / 共 y 页``. ``write_pdf`` builds the whole document in memory and replaces the
target file only when it is complete, so a failed print never leaves half a file.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from office_app.paths import font_path
from office_app.services.people.identity import mask_document, mask_phone

FONT = "WenQuanYiMicroHei"
PRIVACY_NOTE = "含个人信息，仅限防控使用"
HEADER_BACKGROUND = colors.HexColor("#E8EEF4")
HIGHLIGHT = colors.HexColor("#FDECEA")  # rows that need attention (overdue, short, …)
GRID_COLOUR = colors.HexColor("#7F8C8D")
MARGIN = 15 * mm
CELL_PADDING = 3


def long_date(day: dt.date) -> str:
    """``2022年11月21日 星期一``, as the documents' headers say it."""
    return f"{day:%Y年%m月%d日} 星期{'一二三四五六日'[day.weekday()]}"


def register_font() -> str:
    """Register the shipped font with reportlab once; return its name."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(font_path())))
        # Charts (reportlab.graphics) start every drawing in this font, not in Helvetica,
        # which reportlab never embeds. Only this program's documents are drawn here.
        rl_config.defaultGraphicsFontName = FONT
    return FONT


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    header_cell: ParagraphStyle


def styles(base_size: float = 9.5) -> Styles:
    """Paragraph styles in the embedded font; ``wordWrap="CJK"`` breaks between any two
    Chinese characters, so long names and addresses wrap inside their cell."""
    font = register_font()

    def style(name: str, size: float, **extra: Any) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=font,
            fontSize=size,
            leading=size * 1.3,
            wordWrap="CJK",
            **extra,
        )

    return Styles(
        title=style("title", base_size + 8, alignment=TA_CENTER, spaceAfter=2 * mm),
        subtitle=style("subtitle", base_size, alignment=TA_CENTER, spaceAfter=3 * mm),
        heading=style("heading", base_size + 2.5, spaceBefore=4 * mm, spaceAfter=1.5 * mm),
        body=style("body", base_size, spaceAfter=1 * mm),
        small=style("small", base_size - 1.5, textColor=colors.HexColor("#455A64")),
        cell=style("cell", base_size - 0.5),
        header_cell=style("header_cell", base_size - 0.5, textColor=colors.black),
    )


# Characters the shipped font maps to an empty glyph (they would print as a gap), and what
# is printed instead. Found by scanning the font's cmap for outline-less glyphs.
_BLANK_GLYPHS = str.maketrans({"℃": "°C", "℉": "°F", "Ⅴ": "V", "Ⅹ": "X", "∼": "~", "‾": "¯"})


_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")


def printable(value: Any) -> str:
    """Text as it may be printed: a full mobile or ID number typed into free text (an open
    item, a note) is masked like every other, and blank glyphs are replaced."""
    plain = "" if value is None else str(value)
    plain = _ID_NUMBER.sub(lambda m: mask_document(m.group()), plain)
    plain = _MOBILE.sub(lambda m: mask_phone(m.group()), plain)
    return plain.translate(_BLANK_GLYPHS)


def text(value: Any, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (markup characters escaped; None shows as empty)."""
    plain = printable(value)
    return Paragraph(escape(plain).replace("\n", "<br/>"), style)


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    st: Styles | None = None,
    highlight: Sequence[int] = (),
    highlight_colour: Any = HIGHLIGHT,
) -> Table:
    """A grid table that splits across pages and repeats its header row on each.

    ``widths`` are points. ``highlight`` lists indexes into ``rows`` drawn with a tinted
    background. Cells that are already flowables are kept. Text that fits on one line of its
    column stays a plain string (drawn directly, ≈ 10× faster than a paragraph); longer text
    or text with line breaks becomes a paragraph that wraps.
    """
    st = st or styles()
    size = st.cell.fontSize
    room = [w - 2 * CELL_PADDING for w in widths]

    def cell(value: Any, column: int, style: ParagraphStyle) -> Any:
        if isinstance(value, Flowable):
            return value
        plain = printable(value)
        if "\n" not in plain and stringWidth(plain, style.fontName, size) <= room[column]:
            return plain
        return text(plain, style)

    data: list[list[Any]] = [[cell(h, i, st.header_cell) for i, h in enumerate(header)]]
    for row in rows:
        data.append([cell(value, i, st.cell) for i, value in enumerate(row)])
    result = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), st.cell.fontName),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("LEADING", (0, 0), (-1, -1), st.cell.leading),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOUR),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
    for index in highlight:
        commands.append(("BACKGROUND", (0, index + 1), (-1, index + 1), highlight_colour))
    result.setStyle(TableStyle(commands))
    return result


def percent_bars(
    labels: Sequence[str],
    percents: Sequence[float],
    width: float,
    title: str,
    *,
    label_width: float = 90,
) -> Drawing:
    """A horizontal bar chart of percentages (0–100), the first label on top, 20 pt a bar:
    the coverage charts of the 日报 and the subdistrict summary."""
    height = 40 + 20 * max(len(labels), 1)
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, title, fontName=FONT, fontSize=10))
    if not labels:
        return drawing
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 10
    chart.width, chart.height = width - label_width - 40, height - 40
    chart.data = [[round(p, 1) for p in percents]]
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.reverseDirection = True
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 8
    chart.bars[0].fillColor = colors.HexColor("#1E88E5")
    chart.barLabelFormat = "%.1f"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def signatures(
    who: Sequence[str], printed_at: dt.datetime, st: Styles, *, space: float = 12
) -> list[Flowable]:
    """The lines a printed document is signed on (``填报人：____``), and when it was printed."""
    lines = "　".join(f"{name}：____________" for name in who)
    return [Spacer(1, space), text(f"{lines}　打印时间：{printed_at:%Y-%m-%d %H:%M}", st.body)]


def column_widths(fractions: Sequence[float], *, wide: bool = False) -> list[float]:
    """Turn fractions of the usable width into points (for A4 portrait or landscape)."""
    width = (landscape(A4)[0] if wide else A4[0]) - 2 * MARGIN
    total = sum(fractions)
    return [width * f / total for f in fractions]


def _numbered_canvas(footer_left: str, note: str) -> type[canvas.Canvas]:
    class NumberedCanvas(canvas.Canvas):
        """Draws the footer after the last page, when the page count is known."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._footer(number, total)
                super().showPage()
            super().save()

        def _footer(self, number: int, total: int) -> None:
            width, _height = self._pagesize
            self.saveState()
            self.setFont(FONT, 8)
            self.setFillColor(colors.HexColor("#455A64"))
            y = 8 * mm
            self.drawString(MARGIN, y, footer_left)
            self.drawCentredString(width / 2, y, note)
            self.drawRightString(width - MARGIN, y, f"第 {number} 页 / 共 {total} 页")
            self.restoreState()

    return NumberedCanvas


def render_pdf(
    story: list[Flowable],
    *,
    title: str,
    author: str = "",
    footer_left: str = "",
    note: str = PRIVACY_NOTE,
    wide: bool = False,
) -> bytes:
    """Lay out ``story`` on A4 (landscape when ``wide``) and return the PDF bytes."""
    register_font()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4) if wide else A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=title,
        author=author,
        creator="Community Office",
        # Otherwise every page starts in Helvetica, which reportlab never embeds.
        initialFontName=FONT,
        initialFontSize=9,
    )
    document.build(story, canvasmaker=_numbered_canvas(footer_left, note))
    return buffer.getvalue()


def write_pdf(data: bytes, target: Path) -> Path:
    """Write ``data`` to ``target`` through a temporary file in the same folder."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".pdf", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
