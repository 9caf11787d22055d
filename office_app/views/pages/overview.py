"""总览: the state of the community at a glance, and what needs the secretary now."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from office_app.models import now
from office_app.models.places import RISK_HIGH, RISK_MEDIUM
from office_app.services import listings as L
from office_app.services import overview
from office_app.services.palette import RISK_COLORS, text_color_on

from ..context import AppContext
from ..list_page import ListPage


class Tile(QFrame):
    def __init__(self, title: str, color: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        fg = text_color_on(color)
        self.setStyleSheet(
            f"QFrame#tile {{ background: {color}; }} QFrame#tile QLabel {{ color: {fg}; "
            "background: transparent; }"
        )
        self.value_label = QLabel("0", self)
        self.value_label.setObjectName("tileValue")
        self.title_label = QLabel(title, self)
        self.title_label.setObjectName("tileTitle")
        self.title_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.value_label)
        layout.addWidget(self.title_label)
        self.setMinimumHeight(96)

    def set_value(self, value: int, detail: str = "") -> None:
        self.value_label.setText(f"{value:,}")
        self.setToolTip(detail)


class OverviewPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        grid = QGridLayout()
        grid.setSpacing(10)
        spec = [
            (
                "high",
                QCoreApplication.translate("OverviewPage", "High-risk buildings"),
                RISK_COLORS[RISK_HIGH],
            ),
            (
                "medium",
                QCoreApplication.translate("OverviewPage", "Medium-risk buildings"),
                RISK_COLORS[RISK_MEDIUM],
            ),
            (
                "isolated",
                QCoreApplication.translate("OverviewPage", "Residents in home isolation"),
                "#6D4C41",
            ),
            (
                "monitored",
                QCoreApplication.translate("OverviewPage", "Residents in health monitoring"),
                "#8D6E63",
            ),
            (
                "positives",
                QCoreApplication.translate("OverviewPage", "Positives in 24 hours"),
                "#B71C1C",
            ),
            ("out", QCoreApplication.translate("OverviewPage", "Out and not back"), "#00695C"),
            ("overdue", QCoreApplication.translate("OverviewPage", "Overdue returns"), "#E65100"),
            (
                "volunteers",
                QCoreApplication.translate("OverviewPage", "Volunteers on duty"),
                "#1565C0",
            ),
            (
                "proposals",
                QCoreApplication.translate("OverviewPage", "Risk proposals to decide"),
                "#4527A0",
            ),
            (
                "review",
                QCoreApplication.translate("OverviewPage", "Test results to review"),
                "#AD1457",
            ),
            (
                "expiring",
                QCoreApplication.translate("OverviewPage", "Supplies expiring in 7 days"),
                "#5D4037",
            ),
        ]
        self.tiles: dict[str, Tile] = {}
        for position, (key, title, color) in enumerate(spec):
            tile = Tile(title, color, self)
            self.tiles[key] = tile
            grid.addWidget(tile, position // 4, position % 4)

        self.risk_title = QLabel(
            QCoreApplication.translate("OverviewPage", "High- and medium-risk buildings"), self
        )
        self.risk_title.setObjectName("pageTitle")
        self.risk_list = ListPage(context, L.BUILDINGS, parent=self)
        self.risk_list.model.set_filter(risk=[RISK_HIGH, RISK_MEDIUM])
        self.risk_list.filter_edit.hide()
        self.risk_list.layout().setContentsMargins(0, 0, 0, 0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(grid)
        layout.addWidget(self.risk_title)
        layout.addWidget(self.risk_list, 1)
        self.refresh()

    def refresh(self) -> None:
        facts = overview.gather(now())
        self.tiles["high"].set_value(facts.high_buildings)
        self.tiles["medium"].set_value(facts.medium_buildings)
        self.tiles["isolated"].set_value(facts.isolated)
        self.tiles["monitored"].set_value(facts.monitored)
        self.tiles["positives"].set_value(facts.positives_24h)
        self.tiles["out"].set_value(facts.out_not_back)
        self.tiles["overdue"].set_value(facts.overdue)
        self.tiles["volunteers"].set_value(
            facts.volunteers_on_duty,
            QCoreApplication.translate(
                "OverviewPage", "{on} of {all} volunteers are on duty"
            ).format(on=facts.volunteers_on_duty, all=facts.volunteers),
        )
        self.tiles["proposals"].set_value(facts.open_proposals)
        self.tiles["review"].set_value(facts.pending_review)
        self.tiles["expiring"].set_value(facts.expiring_items)
        self.risk_list.refresh()

    def focus_filter(self) -> None:
        self.risk_list.focus_filter()
