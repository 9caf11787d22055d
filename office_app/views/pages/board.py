"""The overview's widgets (layout only): the building board and the list of risk proposals.

楼栋看板: one tile per building, grouped by compound, in the level's colour with text that
reads on it; each tile says the clean days and the countdown to the earliest lowering, and a
corner flag marks an open proposal. The controller (pages/overview.py) feeds them states and
acts on their signals.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from PySide6.QtCore import QCoreApplication, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from office_app.services.choices import RISK_HIGH, RISK_LEVELS, RISK_LOW
from office_app.services.places.risk import (
    RANK,
    WAIT_DISMISSED,
    WAIT_NO_TESTS,
    WAIT_ROUND,
    BuildingState,
    Proposal,
)
from office_app.services.reporting.palette import RISK_COLORS, text_color_on

from ..formatting import risk_label

FLAG_COLOR = "#FFD600"


class FlowLayout(QLayout):
    """Items left to right, wrapping to the next line (Qt's Flow Layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line > 0:
                x = area.x()
                y += line + self._spacing
                line = 0
            if move:
                item.setGeometry(QRect(x, y, hint.width(), hint.height()))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()


# --- tiles ---------------------------------------------------------------------------------


def tile_lines(state: BuildingState) -> tuple[str, str, str]:
    """The three lines a tile shows: name, clean days, and the countdown or the proposal."""
    clean = ""
    countdown = ""
    if state.level != RISK_LOW and state.clean_days is not None:
        clean = QCoreApplication.translate("Board", "{days} days clean").format(
            days=state.clean_days
        )
        if state.days_left:
            countdown = QCoreApplication.translate("Board", "{days} more days").format(
                days=state.days_left
            )
        elif state.earliest_lowering is not None:
            # Enough days: what the rule still waits for, when it proposed nothing.
            countdown = waiting_words(state, short=True) or QCoreApplication.translate(
                "Board", "days reached"
            )
    if state.open_proposal:
        if RANK.get(state.open_proposal, 0) > RANK.get(state.level, 0):
            countdown = QCoreApplication.translate("Board", "raise to {level}?").format(
                level=risk_label(state.open_proposal)
            )
        else:
            countdown = QCoreApplication.translate("Board", "may be lowered")
    return state.name, clean, countdown


def waiting_words(state: BuildingState, *, short: bool = False) -> str:
    """Why a building whose days are reached has no lowering proposal (risk.lowering_status)."""
    day = f"{state.waiting_day:%m-%d}" if state.waiting_day else ""
    if state.waiting_for == WAIT_ROUND:
        if short:
            return QCoreApplication.translate("Board", "last round not all negative")
        return QCoreApplication.translate(
            "Board",
            "Not lowered yet: the tests sampled on {day} are not all negative "
            "(results pending, to review or positive)",
        ).format(day=day)
    if state.waiting_for == WAIT_NO_TESTS:
        if short:
            return QCoreApplication.translate("Board", "no test round yet")
        return QCoreApplication.translate(
            "Board",
            "Not lowered yet: no test result in the building since {day}; "
            "an all-negative round is needed",
        ).format(day=day)
    if state.waiting_for == WAIT_DISMISSED:
        if short:
            return QCoreApplication.translate("Board", "lowering dismissed")
        return QCoreApplication.translate(
            "Board", "The lowering was dismissed today; it is proposed again tomorrow"
        )
    return ""


def tile_tooltip(state: BuildingState) -> str:
    lines = [
        QCoreApplication.translate("Board", "{compound} {building}: {level} risk").format(
            compound=state.compound, building=state.name, level=risk_label(state.level)
        )
    ]
    if state.clean_since is not None:
        lines.append(
            QCoreApplication.translate(
                "Board", "Clean since {date}: {days} days without a new positive"
            ).format(date=f"{state.clean_since:%Y-%m-%d}", days=state.clean_days)
        )
    if state.earliest_lowering is not None:
        lines.append(
            QCoreApplication.translate("Board", "Earliest lowering {date}").format(
                date=f"{state.earliest_lowering:%Y-%m-%d}"
            )
        )
    if state.open_proposal:
        lines.append(
            QCoreApplication.translate("Board", "Open proposal: {level} risk").format(
                level=risk_label(state.open_proposal)
            )
        )
    elif state.waiting_for:
        lines.append(waiting_words(state))
    lines.append(QCoreApplication.translate("Board", "Click to open the building"))
    return "\n".join(lines)


class BuildingTile(QAbstractButton):
    """One building: a button painted in its level's colour."""

    TILE_SIZE = QSize(104, 60)

    def __init__(self, state: BuildingState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName(f"tile_{state.building_id}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFixedSize(self.TILE_SIZE)
        self.setToolTip(tile_tooltip(state))
        self.setAccessibleName(" ".join(part for part in tile_lines(state) if part))
        self.setText(state.name)

    def background(self) -> str:
        return RISK_COLORS.get(self.state.level, "#757575")

    def foreground(self) -> str:
        return text_color_on(self.background())

    def lines(self) -> tuple[str, str, str]:
        return tile_lines(self.state)

    def sizeHint(self) -> QSize:
        return self.TILE_SIZE

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        background = QColor(self.background())
        if self.isDown():
            background = background.darker(115)
        foreground = QColor(self.foreground())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(rect, 6, 6)
        if self.state.open_proposal:
            corner = QPolygonF(
                [
                    QPointF(rect.right() - 20, rect.top()),
                    QPointF(rect.right(), rect.top()),
                    QPointF(rect.right(), rect.top() + 20),
                ]
            )
            painter.setBrush(QColor(FLAG_COLOR))
            painter.drawPolygon(corner)
        if self.hasFocus():
            painter.setPen(QPen(foreground, 2, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(2, 2, -2, -2), 5, 5)

        name, clean, countdown = self.lines()
        painter.setPen(foreground)
        inner = rect.adjusted(7, 3, -7, -3)
        bold = QFont(self.font())
        bold.setPixelSize(15)
        bold.setBold(True)
        painter.setFont(bold)
        top = QRectF(inner.left(), inner.top(), inner.width(), 20)
        align_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(top, int(align_left), name)
        level_rect = top.adjusted(0, 0, -17 if self.state.open_proposal else 0, 0)
        painter.drawText(
            level_rect,
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            risk_label(self.state.level, short=True),
        )
        small = QFont(self.font())
        small.setPixelSize(12)
        small.setBold(bool(self.state.open_proposal))
        painter.setFont(small)
        painter.drawText(
            QRectF(inner.left(), inner.top() + 20, inner.width(), 17), int(align_left), clean
        )
        painter.drawText(
            QRectF(inner.left(), inner.top() + 37, inner.width(), 17), int(align_left), countdown
        )
        painter.end()


class BuildingBoard(QScrollArea):
    """Every building, one row of tiles per compound, in a scroll area."""

    building_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("buildingBoard")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tiles: dict[int, BuildingTile] = {}
        self.compound_labels: dict[str, QLabel] = {}
        self._content: QWidget | None = None
        self.set_states([])

    def set_states(self, states: Sequence[BuildingState]) -> None:
        content = QWidget(self)
        content.setObjectName("boardContent")
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 0, 8, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(1, 1)
        self.tiles = {}
        self.compound_labels = {}
        row = 0
        for compound, group in groupby(states, key=lambda s: s.compound):
            members = list(group)
            label = QLabel(self._compound_text(compound, members), content)
            label.setObjectName("boardCompound")
            label.setWordWrap(True)
            label.setFixedWidth(100)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.compound_labels[compound] = label
            holder = QWidget(content)
            flow = FlowLayout(holder)
            for state in members:
                tile = BuildingTile(state, holder)
                tile.clicked.connect(
                    lambda _c=False, b=state.building_id: self.building_clicked.emit(b)
                )
                flow.addWidget(tile)
                self.tiles[state.building_id] = tile
            holder.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(holder, row, 1)
            row += 1
        if row == 0:
            empty = QLabel(
                QCoreApplication.translate(
                    "Board", "No buildings yet: add them on the Buildings page."
                ),
                content,
            )
            empty.setObjectName("boardEmpty")
            grid.addWidget(empty, 0, 0, 1, 2)
            row = 1
        grid.setRowStretch(row, 1)
        old = self.takeWidget()
        self.setWidget(content)
        self._content = content
        if old is not None:
            old.deleteLater()

    @staticmethod
    def _compound_text(compound: str, members: Sequence[BuildingState]) -> str:
        counts = {level: sum(1 for s in members if s.level == level) for level in RISK_LEVELS}
        parts = [
            QCoreApplication.translate("Board", "{level} risk: {count}").format(
                level=risk_label(level), count=counts[level]
            )
            for level in RISK_LEVELS
            if level != RISK_LOW and counts[level]
        ]
        detail = QCoreApplication.translate("Board", "{count} buildings").format(count=len(members))
        if parts:
            detail += " · " + " · ".join(parts)
        return f"<b>{compound}</b><br><small>{detail}</small>"


def legend(parent: QWidget | None = None) -> QWidget:
    """The colours and the flag, explained once above the board."""
    box = QWidget(parent)
    box.setObjectName("boardLegend")
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    names = {
        RISK_HIGH: QCoreApplication.translate("Board", "High risk: sealed"),
        "中": QCoreApplication.translate("Board", "Medium risk"),
        RISK_LOW: QCoreApplication.translate("Board", "Low risk"),
    }
    for level in RISK_LEVELS:
        color = RISK_COLORS[level]
        chip = QLabel(names[level], box)
        chip.setStyleSheet(
            f"background: {color}; color: {text_color_on(color)}; border-radius: 3px;"
            " padding: 1px 8px;"
        )
        row.addWidget(chip)
    flag = QLabel("◥ " + QCoreApplication.translate("Board", "proposal to decide"), box)
    flag.setStyleSheet(
        f"background: {FLAG_COLOR}; color: {text_color_on(FLAG_COLOR)}; border-radius: 3px;"
        " padding: 1px 8px;"
    )
    row.addWidget(flag)
    row.addStretch(1)
    return box


# --- proposals -------------------------------------------------------------------------------


class ProposalCard(QFrame):
    """One proposal with its two decisions."""

    confirm_clicked = Signal(int)
    dismiss_clicked = Signal(int)

    def __init__(self, proposal: Proposal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proposal = proposal
        self.setObjectName(f"proposal_{proposal.proposal_id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        to_color = RISK_COLORS.get(proposal.to_level, "#757575")
        self.setStyleSheet(
            f"QFrame#proposal_{proposal.proposal_id} {{ border: 1px solid {to_color};"
            f" border-left: 5px solid {to_color}; border-radius: 4px; }}"
        )
        title = QLabel(proposal.building, self)
        title.setObjectName("proposalBuilding")
        title.setStyleSheet("font-weight: bold;")
        change = QLabel(
            f"{risk_label(proposal.from_level)} → {risk_label(proposal.to_level)}", self
        )
        change.setObjectName("proposalChange")
        change.setStyleSheet(
            f"background: {to_color}; color: {text_color_on(to_color)}; border-radius: 3px;"
            " padding: 1px 8px; font-weight: bold;"
        )
        head = QHBoxLayout()
        head.addWidget(title, 1)
        head.addWidget(change)
        self.reason = QLabel(proposal.reason, self)
        self.reason.setObjectName("proposalReason")
        self.reason.setWordWrap(True)
        when = QLabel(
            QCoreApplication.translate("Board", "Proposed {time}").format(
                time=f"{proposal.created_at:%Y-%m-%d %H:%M}"
            ),
            self,
        )
        when.setObjectName("proposalTime")
        when.setStyleSheet("font-size: 12px;")
        self.confirm_button = QPushButton(QCoreApplication.translate("Board", "Confirm"), self)
        self.confirm_button.setObjectName("confirmButton")
        self.dismiss_button = QPushButton(QCoreApplication.translate("Board", "Dismiss"), self)
        self.dismiss_button.setObjectName("dismissButton")
        self.confirm_button.clicked.connect(
            lambda: self.confirm_clicked.emit(self.proposal.proposal_id)
        )
        self.dismiss_button.clicked.connect(
            lambda: self.dismiss_clicked.emit(self.proposal.proposal_id)
        )
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self.reason)
        layout.addWidget(when)
        layout.addLayout(buttons)


class ProposalList(QFrame):
    """待确认的风险调整建议: a card per open proposal, or a sentence saying there is none."""

    confirm_clicked = Signal(int)
    dismiss_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proposalList")
        self.title = QLabel(self)
        self.title.setObjectName("proposalsTitle")
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cards: dict[int, ProposalCard] = {}
        self.enabled_decisions = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.scroll, 1)
        self.set_proposals([])

    def set_proposals(self, proposals: Sequence[Proposal]) -> None:
        self.title.setText(
            QCoreApplication.translate("Board", "Proposals to decide ({count})").format(
                count=len(proposals)
            )
        )
        content = QWidget(self.scroll)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 4, 0)
        column.setSpacing(8)
        self.cards = {}
        for proposal in proposals:
            card = ProposalCard(proposal, content)
            card.confirm_clicked.connect(self.confirm_clicked)
            card.dismiss_clicked.connect(self.dismiss_clicked)
            card.confirm_button.setEnabled(self.enabled_decisions)
            card.dismiss_button.setEnabled(self.enabled_decisions)
            column.addWidget(card)
            self.cards[proposal.proposal_id] = card
        if not proposals:
            empty = QLabel(
                QCoreApplication.translate(
                    "Board",
                    "Nothing to decide. A raise is proposed when a building has a confirmed "
                    "positive; a lowering when the building meets the lowering rule.",
                ),
                content,
            )
            empty.setObjectName("proposalsEmpty")
            empty.setWordWrap(True)
            column.addWidget(empty)
        column.addStretch(1)
        old = self.scroll.takeWidget()
        self.scroll.setWidget(content)
        if old is not None:
            old.deleteLater()
