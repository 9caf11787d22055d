"""总览: the state of the community at a glance, and what needs the secretary now.

Summary counts on top; below them the building board (楼栋看板) and, beside it, the risk
proposals waiting for a decision. Refreshing brings the risk clocks and proposals up to date
first (``risk.refresh``), so what the board shows is what the rule says today.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from office_app.services import listings as L
from office_app.services.admin.actor import PermissionDenied
from office_app.services.choices import RISK_HIGH, RISK_LOW, RISK_MEDIUM
from office_app.services.clock import now
from office_app.services.gate import exits as gate
from office_app.services.places import risk
from office_app.services.reporting import overview
from office_app.services.reporting.palette import RISK_COLORS, text_color_on

from ..context import AppContext
from ..dialogs import messages
from .board import BuildingBoard, ProposalList, legend

if TYPE_CHECKING:
    from ..list_page import ListPage

log = logging.getLogger(__name__)


class Tile(QFrame):
    """One summary count: the number, and what it counts."""

    def __init__(self, title: str, color: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        fg = text_color_on(color)
        self.setStyleSheet(
            f"QFrame#tile {{ background: {color}; }} QFrame#tile QLabel {{ color: {fg}; "
            "background: transparent; } QLabel#tileValue { font-size: 22px; } "
            "QLabel#tileTitle { font-size: 13px; }"
        )
        self.value_label = QLabel("0", self)
        self.value_label.setObjectName("tileValue")
        self.title_label = QLabel(title, self)
        self.title_label.setObjectName("tileTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 4, 12, 6)
        layout.setSpacing(0)
        layout.addWidget(self.value_label)
        layout.addWidget(self.title_label)
        self.setMinimumHeight(58)

    def set_value(self, value: int, detail: str = "") -> None:
        self.value_label.setText(f"{value:,}")
        self.setToolTip(detail)


class OverviewPage(QWidget):
    building_requested = Signal(int)

    COLUMNS = 6
    # Built inside the main window's page stack (PageSpec.create), not moved into it after.
    BUILT_IN_PARENT = True

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._shown_once = False
        grid = QGridLayout()
        grid.setSpacing(8)
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
                "proposals",
                QCoreApplication.translate("OverviewPage", "Risk proposals to decide"),
                "#4527A0",
            ),
            (
                "positives",
                QCoreApplication.translate("OverviewPage", "Positives in 24 hours"),
                "#B71C1C",
            ),
            (
                "review",
                QCoreApplication.translate("OverviewPage", "Test results to review"),
                "#AD1457",
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
            ("out", QCoreApplication.translate("OverviewPage", "Out and not back"), "#00695C"),
            ("overdue", QCoreApplication.translate("OverviewPage", "Overdue returns"), "#E65100"),
            (
                "volunteers",
                QCoreApplication.translate("OverviewPage", "Volunteers on duty"),
                "#1565C0",
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
            grid.addWidget(tile, position // self.COLUMNS, position % self.COLUMNS)

        # The board, and the high- and medium-risk buildings as a sortable list beside it.
        self.board = BuildingBoard(self)
        self.board.building_clicked.connect(self.open_building)
        board_box = QWidget(self)
        board_layout = QVBoxLayout(board_box)
        board_layout.setContentsMargins(6, 6, 6, 6)
        board_layout.addWidget(legend(board_box))
        board_layout.addWidget(self.board, 1)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("overviewTabs")
        self.tabs.addTab(board_box, QCoreApplication.translate("OverviewPage", "Building board"))
        # The list tab is built when first opened: start-up shows the board.
        self._risk_list: ListPage | None = None
        self._list_holder = QWidget(self)
        QVBoxLayout(self._list_holder).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(
            self._list_holder,
            QCoreApplication.translate("OverviewPage", "High- and medium-risk buildings"),
        )
        self.tabs.currentChanged.connect(lambda index: self.risk_list if index == 1 else None)
        # Residents out past their due-back time (services/gate.overdue), Enter opens the gate.
        self.overdue_list = QListWidget(self)
        self.overdue_list.setObjectName("overdueList")
        self.overdue_list.itemActivated.connect(self.open_overdue)
        self.tabs.addTab(self.overdue_list, "")

        self.proposals = ProposalList(self)
        self.proposals.setFixedWidth(300)
        self.proposals.enabled_decisions = context.actor.can_write
        self.proposals.confirm_clicked.connect(self.confirm_proposal)
        self.proposals.dismiss_clicked.connect(self.dismiss_proposal)

        body = QHBoxLayout()
        body.setSpacing(10)
        body.addWidget(self.tabs, 1)
        body.addWidget(self.proposals)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.setSpacing(8)
        layout.addLayout(grid)
        layout.addLayout(body, 1)
        self.refresh()

    # --- showing ------------------------------------------------------------------------

    def refresh(self) -> None:
        moment = now()
        today = moment.date()
        try:
            risk.refresh(today, moment)
        except Exception:  # the page still shows what is stored
            log.exception("risk refresh failed")
        facts = overview.gather(moment)
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
        states = risk.building_states(today)
        self.board.set_states(states)
        self.tiles["high"].setToolTip(
            "、".join(f"{s.compound} {s.name}" for s in states if s.level == RISK_HIGH)
        )
        self.tiles["medium"].setToolTip(
            "、".join(f"{s.compound} {s.name}" for s in states if s.level == RISK_MEDIUM)
        )
        low = sum(1 for s in states if s.level == RISK_LOW)
        self.tabs.setTabToolTip(
            0,
            QCoreApplication.translate("OverviewPage", "{count} buildings, {low} low risk").format(
                count=len(states), low=low
            ),
        )
        self.proposals.set_proposals(risk.open_proposals())
        self._show_overdue(moment)
        if self._risk_list is not None:
            self._risk_list.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        # Levels change elsewhere (the buildings page, an import): show them when coming back.
        if self._shown_once:
            self.refresh()
        self._shown_once = True
        super().showEvent(event)

    @property
    def risk_list(self) -> ListPage:
        """The high- and medium-risk buildings as a sortable list, made on first use."""
        if self._risk_list is None:
            from ..list_page import ListPage

            page = ListPage(self.context, L.BUILDINGS, parent=self._list_holder)
            page.model.set_filter(risk=[RISK_HIGH, RISK_MEDIUM])
            page.filter_edit.hide()
            page.count_label.hide()
            page.layout().setContentsMargins(6, 6, 6, 6)
            header = page.table.horizontalHeader()
            # Its column widths belong to the buildings page; this compact copy keeps its own.
            header.sectionResized.disconnect(page._save_widths)
            shown = {"compound", "name", "risk", "clean_since", "earliest_lowering"}
            for section, column in enumerate(L.BUILDINGS.columns):
                page.table.setColumnHidden(section, column.key not in shown)
            self._list_holder.layout().addWidget(page)
            self._risk_list = page
        return self._risk_list

    def focus_filter(self) -> None:
        self.risk_list.focus_filter()

    def _show_overdue(self, moment: dt.datetime) -> None:
        self.overdue_list.clear()
        late = gate.overdue(moment)
        for row in late:
            assert row.out_at is not None and row.due_back_at is not None
            hours = (moment - row.due_back_at).total_seconds() / 3600
            text = QCoreApplication.translate(
                "OverviewPage",
                "{name}  {address}  {reason} · out {out} · due {due} · {hours:.1f} h late"
                " · escort {escort} · {phone}",
            ).format(
                name=row.name,
                address=row.address,
                reason=row.reason,
                out=f"{row.out_at:%m-%d %H:%M}",
                due=f"{row.due_back_at:%m-%d %H:%M}",
                hours=hours,
                escort=row.escort or "—",
                phone=row.phone_masked or "—",
            )
            item = QListWidgetItem(text, self.overdue_list)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setForeground(QBrush(QColor("#B71C1C")))
        if not late:
            QListWidgetItem(
                QCoreApplication.translate("OverviewPage", "Everyone out is within their time."),
                self.overdue_list,
            ).setFlags(Qt.ItemFlag.NoItemFlags)
        self.tabs.setTabText(
            2,
            QCoreApplication.translate("OverviewPage", "Overdue returns ({count})").format(
                count=len(late)
            ),
        )

    # --- acting -------------------------------------------------------------------------

    def open_overdue(self, item: QListWidgetItem) -> None:
        """Show the request on the gate page, among those not back."""
        request_id = item.data(Qt.ItemDataRole.UserRole)
        show_page = getattr(self.window(), "show_page", None)
        if request_id is None or show_page is None:
            return
        page = show_page("gate")
        page.not_back_only.setChecked(True)
        page.select_request(request_id)
        page.table.setFocus()

    def open_building(self, building_id: int) -> None:
        """Show the building on the buildings page (when inside the main window)."""
        self.building_requested.emit(building_id)
        window = self.window()
        show_page = getattr(window, "show_page", None)
        if show_page is None:
            return
        page = show_page("buildings")
        select = getattr(page, "select_building", None)
        if select is not None:
            select(building_id)
            page.table.setFocus()

    def _proposal(self, proposal_id: int) -> risk.Proposal | None:
        return next((p for p in risk.open_proposals() if p.proposal_id == proposal_id), None)

    def confirm_proposal(self, proposal_id: int) -> None:
        proposal = self._proposal(proposal_id)
        if proposal is None:
            self.refresh()
            return
        if not messages.confirm(
            self,
            QCoreApplication.translate("OverviewPage", "Confirm the proposal"),
            QCoreApplication.translate(
                "OverviewPage", "Change {building} from {before} to {after}?\n\n{reason}"
            ).format(
                building=proposal.building,
                before=proposal.from_level,
                after=proposal.to_level,
                reason=proposal.reason,
            ),
            yes=QCoreApplication.translate("OverviewPage", "Confirm"),
            no=QCoreApplication.translate("OverviewPage", "Cancel"),
        ):
            return
        try:
            result = risk.confirm_proposal(self.context.actor, proposal_id)
        except (risk.RiskError, PermissionDenied) as exc:
            messages.warn(
                self,
                QCoreApplication.translate("OverviewPage", "The proposal was not confirmed"),
                str(exc),
            )
            self.refresh()
            return
        self.refresh()
        from ..dialogs.cascade_dialog import report_change

        report_change(result, self)

    def dismiss_proposal(self, proposal_id: int) -> None:
        proposal = self._proposal(proposal_id)
        if proposal is None:
            self.refresh()
            return
        from ..dialogs.reason_dialog import ReasonDialog

        reason = ReasonDialog.ask(
            QCoreApplication.translate("OverviewPage", "Dismiss the proposal"),
            QCoreApplication.translate(
                "OverviewPage", "Dismiss the proposal to change {building} to {after}?"
            ).format(building=proposal.building, after=proposal.to_level),
            action=QCoreApplication.translate("OverviewPage", "Dismiss"),
            parent=self,
        )
        if reason is None:
            return
        try:
            risk.dismiss_proposal(self.context.actor, proposal_id, reason)
        except (risk.RiskError, PermissionDenied) as exc:
            messages.warn(
                self,
                QCoreApplication.translate("OverviewPage", "The proposal was not dismissed"),
                str(exc),
            )
        self.refresh()
