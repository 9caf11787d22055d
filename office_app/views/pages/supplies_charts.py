"""Two small charts painted with QPainter (QtCharts is not part of the program's Qt).

``StockChart``: the stock of each category at the end of each day (lines).
``BarChart``: one horizontal bar per label (deliveries per building, PPE per day, …).
"""

from __future__ import annotations

import datetime as dt
import itertools

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

CATEGORY_COLORS = {"生活物资": "#388E3C", "药品": "#1E88E5", "防护物资": "#F57C00"}
BAR_COLOR = "#5E35B1"


def _nice_max(value: int) -> int:
    """A round axis maximum at or above ``value``."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


class StockChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stockChart")
        self.series: list[tuple[dt.date, dict[str, int]]] = []
        self.title = ""
        self.setMinimumSize(420, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(560, 300)

    def set_series(self, title: str, series: list[tuple[dt.date, dict[str, int]]]) -> None:
        self.title = title
        self.series = series
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_color = self.palette().windowText().color()
        metrics = QFontMetrics(self.font())
        line_height = metrics.height()
        painter.setPen(text_color)
        painter.drawText(QRectF(0, 0, self.width(), line_height + 4), self.title)
        if not self.series:
            return
        categories = list(self.series[0][1])
        top = line_height * 2 + 8
        left = metrics.horizontalAdvance("000000") + 8
        plot = QRectF(left, top, self.width() - left - 12, self.height() - top - line_height - 8)
        peak = _nice_max(max((max(v.values(), default=0) for _d, v in self.series), default=0))
        # Axes and grid.
        grid = QColor(text_color)
        grid.setAlpha(60)
        for i in range(5):
            y = plot.bottom() - plot.height() * i / 4
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text_color)
            label = f"{peak * i // 4:,}"
            painter.drawText(
                QRectF(0, y - line_height / 2, left - 6, line_height),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
        count = len(self.series)

        def x_of(index: int) -> float:
            return plot.left() + (plot.width() * index / max(count - 1, 1))

        step = max(1, count // 7)
        for index in range(0, count, step):
            day = self.series[index][0]
            painter.drawText(
                QRectF(x_of(index) - 30, plot.bottom() + 2, 60, line_height),
                int(Qt.AlignmentFlag.AlignHCenter),
                f"{day:%m-%d}",
            )
        for category in categories:
            pen = QPen(QColor(CATEGORY_COLORS.get(category, "#757575")), 2.5)
            painter.setPen(pen)
            points = [
                QPointF(x_of(i), plot.bottom() - plot.height() * values[category] / peak)
                for i, (_day, values) in enumerate(self.series)
            ]
            for a, b in itertools.pairwise(points):
                painter.drawLine(a, b)
        # Legend.
        x = float(left)
        y = line_height + 6
        for category in categories:
            color = QColor(CATEGORY_COLORS.get(category, "#757575"))
            painter.fillRect(QRectF(x, y + line_height / 2 - 4, 18, 8), color)
            painter.setPen(text_color)
            painter.drawText(QRectF(x + 22, y, 200, line_height), category)
            x += 30 + metrics.horizontalAdvance(category) + 12


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("barChart")
        self.bars: list[tuple[str, int]] = []
        self.title = ""
        self.setMinimumSize(420, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(560, 300)

    def set_bars(self, title: str, bars: list[tuple[str, int]]) -> None:
        self.title = title
        self.bars = bars
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        text_color = self.palette().windowText().color()
        metrics = QFontMetrics(self.font())
        line_height = metrics.height()
        painter.setPen(text_color)
        painter.drawText(QRectF(0, 0, self.width(), line_height + 4), self.title)
        if not self.bars:
            return
        top = line_height + 10
        available = self.height() - top
        shown = self.bars[: max(1, int(available // (line_height + 4)))]
        label_width = max(metrics.horizontalAdvance(label) for label, _v in shown) + 8
        value_width = metrics.horizontalAdvance("00,000") + 8
        width = max(self.width() - label_width - value_width, 10)
        peak = max(value for _l, value in shown) or 1
        row_height = min(float(line_height + 8), available / len(shown))
        for index, (label, value) in enumerate(shown):
            y = top + index * row_height
            painter.setPen(text_color)
            painter.drawText(
                QRectF(0, y, label_width - 6, row_height),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
            bar = QRectF(label_width, y + 3, width * value / peak, row_height - 6)
            painter.fillRect(bar, QColor(BAR_COLOR))
            painter.drawText(
                QRectF(bar.right() + 4, y, value_width, row_height),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                f"{value:,}",
            )
