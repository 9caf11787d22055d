"""出入: the gate desk, made for speed, above the gate log of a day.

Find a resident (name, room like ``3-501``, or the last digits of phone or document), pick
the reason and urgency, and decide with one key: Alt+1 同意·点对点, Alt+2 代办替代, Alt+3
不同意. What the rule allows (services/gate.ruling) is shown before deciding and the other
buttons are disabled. In the log, Alt+O records the selected resident going out and Alt+B
coming back; Ctrl+P prints the day's 出入登记表 (保存 PDF saves it). Overdue returns are
tinted and counted.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from office_app.services import listings as L
from office_app.services.admin.actor import PermissionDenied
from office_app.services.choices import DECISIONS, EXIT_REASONS
from office_app.services.clock import now
from office_app.services.gate import exits as gate
from office_app.services.reporting import figures

from .. import file_dialogs, printing
from ..context import AppContext
from ..dialogs import messages
from ..dialogs.refusal_dialog import RefusalDialog
from ..list_page import ChoiceFilter, ColourCellDelegate, ListPage
from ..table_models.query_table_model import QueryTableModel
from ..widgets.page_parts import (
    button,
    date_edit,
    export_start,
    remember_export,
    shortcut,
    succeeded,
)

Index = QModelIndex | QPersistentModelIndex
OVERDUE_BACKGROUND = "#FDECEA"
OVERDUE_TEXT = "#B71C1C"
RESTRICTED_STYLE = "background:#FDECEA;color:#B71C1C;border:1px solid #D32F2F;padding:6px;"
OPEN_STYLE = "background:#E8F5E9;color:#1B5E20;border:1px solid #388E3C;padding:6px;"


class GateTableModel(QueryTableModel):
    """The gate listing plus a 状态 column from ``gate.state``; overdue rows are tinted."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(L.GATE, parent)
        keys = [c.key for c in L.GATE.columns]
        # +1: the row's values start with its id.
        self._at = {k: keys.index(k) + 1 for k in ("decision", "out", "due", "back", "detail")}
        self._decision_column = keys.index("decision")
        self.moment = now()

    def refresh(self) -> None:
        self.moment = now()
        super().refresh()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.listing.columns) + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and section == len(self.listing.columns)
            and role == Qt.ItemDataRole.DisplayRole
        ):
            return QCoreApplication.translate("GatePage", "State")
        return super().headerData(section, orientation, role)

    def _values(self, row: int) -> tuple[Any, ...] | None:
        values = self.row_values(row)
        if values is None:
            return None
        a = self._at
        return (values[a["decision"]] or "", values[a["out"]], values[a["due"]], values[a["back"]])

    def _state(self, row: int) -> str:
        values = self._values(row)
        return gate.state(*values, self.moment) if values else ""

    def _late(self, row: int) -> bool:
        values = self._values(row)
        return bool(values) and gate.is_overdue(*values[1:], self.moment)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        state_column = index.column() == len(self.listing.columns)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            if self._late(index.row()):
                background = role == Qt.ItemDataRole.BackgroundRole
                return QBrush(QColor(OVERDUE_BACKGROUND if background else OVERDUE_TEXT))
            return None
        if role == Qt.ItemDataRole.ToolTipRole and (
            state_column or index.column() == self._decision_column
        ):
            # A refusal's reason (and the request's details) where the decision is read.
            values = self.row_values(index.row())
            detail = str(values[self._at["detail"]] or "") if values is not None else ""
            return detail.replace("；", "\n") or None
        if state_column:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole):
                return self._state(index.row())
            return None
        return super().data(index, role)


class OverdueDelegate(ColourCellDelegate):
    """Tints overdue rows in every column (the theme hides a model's background colours)."""

    def paint(self, painter: Any, option: Any, index: Any) -> None:
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if not isinstance(background, QBrush):
            super().paint(painter, option, index)
            return
        painter.save()
        painter.fillRect(option.rect, background)
        painter.setPen(QColor(OVERDUE_TEXT))
        text = str(index.data() or "")
        rect = option.rect.adjusted(6, 0, -4, 0)
        elided = option.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(
            rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), elided
        )
        painter.restore()


class SearchEdit(QLineEdit):
    """The resident search: Down moves into the hits, Enter takes the current hit."""

    def __init__(self, page: GatePage) -> None:
        super().__init__(page)
        self.page = page

    def keyPressEvent(self, event: Any) -> None:
        hits = self.page.hits
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            # The hits first for what was typed (the first one current): Enter takes the
            # first hit, Down moves to the second.
            if self.page._search_timer.isActive():
                self.page.search_now()
            if not hits.count():
                return
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            hits.setCurrentRow(max(0, min(hits.count() - 1, hits.currentRow() + step)))
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Search first only when the list is not yet for what was typed: an arrowed-to
            # hit must stay the one taken.
            if self.page._search_timer.isActive() or not hits.count():
                self.page.search_now()
            self.page.take_hit()
            return
        super().keyPressEvent(event)


class GatePage(ListPage):
    def __init__(self, context: AppContext) -> None:
        super().__init__(
            context,
            L.GATE,
            filters=[
                ChoiceFilter.fixed(
                    "reason", QCoreApplication.translate("Filters", "Reason"), EXIT_REASONS
                ),
                ChoiceFilter.fixed(
                    "decision", QCoreApplication.translate("Filters", "Decision"), DECISIONS
                ),
            ],
        )
        self.resident: gate.ResidentHit | None = None
        self.pending_request: int | None = None  # an undecided request being decided
        # Ctrl+F is the resident search's (focus_filter); the log's filter has no key.
        self.filter_edit.setPlaceholderText(
            QCoreApplication.translate("GatePage", "Filter the log…")
        )
        self._use_gate_model()
        self._build_desk()
        self._build_log_bar()
        self._build_actions()
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.modelReset.connect(self._log_changed)
        self.show_day(now().date())
        self._update_ruling()

    # --- layout ---------------------------------------------------------------------------

    def _use_gate_model(self) -> None:
        old = self.model
        self.model = GateTableModel(self)
        self.table.setModel(self.model)
        self.model.modelReset.connect(self._update_count)
        old.deleteLater()
        self.overdue_delegate = OverdueDelegate(self.table)
        self.table.setItemDelegate(self.overdue_delegate)
        self.table.setColumnWidth(len(L.GATE.columns), 110)
        # The state is what the desk looks for first: show it beside the request time.
        self.table.horizontalHeader().moveSection(len(L.GATE.columns), 1)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def _build_desk(self) -> None:
        desk = QGroupBox(QCoreApplication.translate("GatePage", "Gate desk"), self)
        desk.setObjectName("gateDesk")
        grid = QGridLayout(desk)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 4)
        grid.setColumnStretch(2, 3)

        # Column 1: find the resident.
        self.search = SearchEdit(self)
        self.search.setObjectName("residentSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            QCoreApplication.translate("GatePage", "Name, room (3-501) or last 4 digits (Ctrl+F)")
        )
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.search_now)
        self.search.textChanged.connect(self._search_timer.start)
        self.hits = QListWidget(self)
        self.hits.setObjectName("residentHits")
        self.hits.setMinimumHeight(90)
        self.hits.setMaximumHeight(140)
        self.hits.itemActivated.connect(lambda _item: self.take_hit())
        find_column = QVBoxLayout()
        find_column.addWidget(self.search)
        find_column.addWidget(self.hits, 1)
        grid.addLayout(find_column, 0, 0)

        # Column 2: the request.
        self.resident_label = QLabel(
            QCoreApplication.translate("GatePage", "No resident chosen"), self
        )
        self.resident_label.setObjectName("residentCard")
        self.resident_label.setWordWrap(True)
        self.resident_label.setTextFormat(Qt.TextFormat.PlainText)
        self.reason = QComboBox(self)
        self.reason.setObjectName("reason")
        for value in EXIT_REASONS:
            self.reason.addItem(value, value)
        self.urgent = QCheckBox(QCoreApplication.translate("GatePage", "Urgent"), self)
        self.urgent.setObjectName("urgent")
        self.detail = QLineEdit(self)
        self.detail.setObjectName("detail")
        self.detail.setPlaceholderText(
            QCoreApplication.translate("GatePage", "Details: hospital, medicine, …")
        )
        self.ruling_label = QLabel(self)
        self.ruling_label.setObjectName("ruling")
        self.ruling_label.setWordWrap(True)
        self.ruling_label.setTextFormat(Qt.TextFormat.PlainText)
        reason_row = QHBoxLayout()
        reason_row.addWidget(self.reason, 1)
        reason_row.addWidget(self.urgent)
        form = QFormLayout()
        form.addRow(QCoreApplication.translate("GatePage", "Resident"), self.resident_label)
        form.addRow(QCoreApplication.translate("GatePage", "Reason"), reason_row)
        form.addRow(QCoreApplication.translate("GatePage", "Details"), self.detail)
        request_column = QVBoxLayout()
        request_column.addLayout(form)
        request_column.addWidget(self.ruling_label)
        request_column.addStretch(1)
        grid.addLayout(request_column, 0, 1)
        self.reason.currentIndexChanged.connect(self._update_ruling)
        self.urgent.toggled.connect(self._update_ruling)

        # Column 3: who helps, and the decision.
        self.escort = QComboBox(self)
        self.escort.setObjectName("escort")
        self.errand_by = QComboBox(self)
        self.errand_by.setObjectName("errandBy")
        helpers_form = QFormLayout()
        helpers_form.addRow(QCoreApplication.translate("GatePage", "Escort"), self.escort)
        helpers_form.addRow(QCoreApplication.translate("GatePage", "Errand by"), self.errand_by)
        self.decision_buttons: dict[str, QPushButton] = {}
        buttons = QVBoxLayout()
        buttons.setSpacing(4)
        for number, decision in enumerate(DECISIONS, start=1):
            button = QPushButton(f"{decision}　Alt+{number}", self)
            button.setMinimumHeight(34)
            button.setObjectName(f"decide{number}")
            button.clicked.connect(lambda _checked=False, d=decision: self.decide(d))
            self._shortcut(f"Alt+{number}", button)
            self.decision_buttons[decision] = button
            buttons.addWidget(button)
        decide_column = QVBoxLayout()
        decide_column.addLayout(helpers_form)
        decide_column.addLayout(buttons)
        decide_column.addStretch(1)
        grid.addLayout(decide_column, 0, 2)
        self.header_layout.addWidget(desk)
        self._fill_helpers()

    def _build_log_bar(self) -> None:
        self.day = date_edit(self, "logDay")
        self.day.dateChanged.connect(lambda d: self.show_day(d.toPython()))
        self.not_back_only = QCheckBox(
            QCoreApplication.translate("GatePage", "Only those not back"), self
        )
        self.not_back_only.setObjectName("notBackOnly")
        self.not_back_only.toggled.connect(self._not_back_toggled)
        self.out_button = button(
            self,
            "outButton",
            QCoreApplication.translate("GatePage", "Went out (Alt+O)"),
            slot=self.mark_out,
        )
        self._shortcut("Alt+O", self.out_button)
        self.hours = QSpinBox(self)
        self.hours.setObjectName("hours")
        self.hours.setRange(1, 24)
        self.hours.setSuffix(QCoreApplication.translate("GatePage", " h"))
        self.hours.setToolTip(
            QCoreApplication.translate(
                "GatePage", "Expected duration: the due-back time is now plus this"
            )
        )
        self.back_button = button(
            self,
            "backButton",
            QCoreApplication.translate("GatePage", "Came back (Alt+B)"),
            slot=self.mark_back,
        )
        self._shortcut("Alt+B", self.back_button)
        # Short labels: the bar is full at 1280 px; the tooltips say the rest.
        self.print_button = button(
            self,
            "printButton",
            QCoreApplication.translate("GatePage", "Print…"),
            QCoreApplication.translate("GatePage", "Print the day's gate register (Ctrl+P)"),
            self.print_register,
        )
        self.save_button = button(
            self,
            "saveRegisterButton",
            QCoreApplication.translate("GatePage", "Save PDF…"),
            QCoreApplication.translate("GatePage", "Save the day's gate register as a PDF"),
            self.save_register,
        )
        self.overdue_label = QLabel(self)
        self.overdue_label.setObjectName("overdueLabel")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(QCoreApplication.translate("GatePage", "Gate log of"), self))
        bar.addWidget(self.day)
        bar.addWidget(self.not_back_only)
        bar.addWidget(self.overdue_label, 1)
        bar.addWidget(self.hours)
        bar.addWidget(self.out_button)
        bar.addWidget(self.back_button)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        self.header_layout.addWidget(line)
        self.header_layout.addLayout(bar)

    def _build_actions(self) -> None:
        self.print_action = shortcut(
            self,
            QKeySequence.StandardKey.Print,
            self.print_register,
            text=QCoreApplication.translate("GatePage", "Print register…"),
        )
        self.new_action = shortcut(
            self,
            QKeySequence.StandardKey.New,
            self.new_request,
            text=QCoreApplication.translate("GatePage", "New request"),
        )

    def _shortcut(self, keys: str, button: QPushButton) -> None:
        """A page-wide key for a button; it does nothing while the button is disabled."""
        shortcut(self, keys, button.click)

    def _fill_helpers(self) -> None:
        helpers = gate.helpers(now())
        for combo, first in (
            (self.escort, QCoreApplication.translate("GatePage", "(choose the escort)")),
            (
                self.errand_by,
                QCoreApplication.translate("GatePage", "(pharmacy or others: no volunteer)"),
            ),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for helper in helpers:
                label = helper.name + (
                    QCoreApplication.translate("GatePage", " (on shift)") if helper.on_shift else ""
                )
                combo.addItem(label, helper.id)
            combo.setCurrentIndex(max(combo.findData(current), 0) if current else 0)
            combo.blockSignals(False)

    # --- finding a resident ---------------------------------------------------------------

    def focus_filter(self) -> None:
        """Ctrl+F goes to the resident search: the desk's first question is who."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def search_now(self) -> None:
        self._search_timer.stop()
        self.hits.clear()
        for hit in gate.find_residents(self.search.text()):
            marks = []
            if hit.risk_level == "高":
                marks.append(QCoreApplication.translate("GatePage", "high-risk building"))
            if hit.control_status:
                marks.append(hit.control_status)
            marks.extend(hit.groups)
            text = f"{hit.name}　{hit.phone_masked or hit.doc_masked}\n{hit.address}"
            if marks:
                text += f"　{'，'.join(marks)}"
            item = QListWidgetItem(text, self.hits)
            item.setData(Qt.ItemDataRole.UserRole, hit)
            if hit.risk_level == "高" or hit.control_status == "居家隔离":
                item.setForeground(QBrush(QColor(OVERDUE_TEXT)))
        if self.hits.count():
            self.hits.setCurrentRow(0)

    def take_hit(self) -> None:
        item = self.hits.currentItem()
        if item is None:
            return
        hit = item.data(Qt.ItemDataRole.UserRole)
        self.choose_resident(hit)
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)

    def choose_resident(self, hit: gate.ResidentHit | None, pending: int | None = None) -> None:
        self.resident = hit
        self.pending_request = pending
        # A waiting request is decided as it was asked: its reason and urgency are fixed.
        self.reason.setEnabled(pending is None)
        self.urgent.setEnabled(pending is None)
        if hit is None:
            self.resident_label.setText(
                QCoreApplication.translate("GatePage", "No resident chosen")
            )
        else:
            lines = [f"{hit.name}（{hit.address}）", hit.phone_masked or hit.doc_masked]
            status = [s for s in (hit.control_status, "、".join(hit.groups)) if s]
            if status:
                lines.append(" · ".join(status))
            if pending is not None:
                lines.append(QCoreApplication.translate("GatePage", "Deciding the waiting request"))
            self.resident_label.setText("\n".join(lines))
        self._update_ruling()

    def new_request(self) -> None:
        """Ctrl+N: clear the desk for the next resident."""
        self.choose_resident(None)
        self.reason.setCurrentIndex(0)
        self.urgent.setChecked(False)
        self.detail.clear()
        self.escort.setCurrentIndex(0)
        self.errand_by.setCurrentIndex(0)
        self.search.clear()
        self.hits.clear()
        self.focus_filter()

    # --- the rule and the decision ----------------------------------------------------

    def _urgency(self) -> str:
        return gate.URGENT if self.urgent.isChecked() else gate.ORDINARY

    def current_ruling(self) -> gate.Ruling | None:
        if self.resident is None:
            return None
        return gate.ruling(
            self.resident.risk_level,
            self.resident.control_status,
            self.reason.currentData(),
            self._urgency(),
        )

    def _update_ruling(self) -> None:
        rule = self.current_ruling()
        writable = self.context.actor.can_write
        for decision, b in self.decision_buttons.items():
            b.setEnabled(writable and rule is not None and decision in rule.allowed)
        self.escort.setEnabled(rule is not None and gate.APPROVE in rule.allowed)
        self.errand_by.setEnabled(rule is not None)
        if rule is None:
            self.ruling_label.setText(
                QCoreApplication.translate("GatePage", "Find the resident first.")
            )
            self.ruling_label.setStyleSheet("")
        else:
            self.ruling_label.setText(self.ruling_text(rule))
            self.ruling_label.setStyleSheet(RESTRICTED_STYLE if rule.restricted else OPEN_STYLE)

    def ruling_text(self, rule: gate.Ruling) -> str:
        """The rule's answer (gate.ruling decides it) in the UI's language."""
        if not rule.restricted or self.resident is None:
            return QCoreApplication.translate(
                "GatePage",
                "May be decided as needed; a need that is not urgent can also be met by a "
                "volunteer's errand.",
            )
        who = (
            QCoreApplication.translate("GatePage", "A resident of a high-risk building")
            if self.resident.risk_level == "高"
            else QCoreApplication.translate("GatePage", "A person under home isolation")
        )
        if rule.escort_required:
            return QCoreApplication.translate(
                "GatePage",
                "{who}, urgent {reason}: may go out point to point, with a volunteer as escort.",
            ).format(who=who, reason=self.reason.currentText())
        return QCoreApplication.translate(
            "GatePage",
            "{who} may go out only for an urgent medical need (with an escort); this time "
            "choose an errand (a pharmacy delivering to the compound, say) or refuse.",
        ).format(who=who)

    def decide(self, decision: str) -> None:
        if self.resident is None:
            return
        options: dict[str, Any] = {}
        if decision == gate.APPROVE and self.escort.currentData() is not None:
            options["escort_id"] = self.escort.currentData()
        if decision == gate.ERRAND and self.errand_by.currentData() is not None:
            options["errand_volunteer_id"] = self.errand_by.currentData()
        if decision == gate.REFUSE:
            reason = self.ask_refusal_reason()
            if reason is None:
                return  # cancelled: nothing decided
            options["refusal_reason"] = reason
        try:
            if self.pending_request is not None:
                request = gate.decide(
                    self.context.actor,
                    self.pending_request,
                    decision,
                    note=self.detail.text(),
                    seen="",  # it was waiting: another seat's decision since is refused
                    **options,
                )
            else:
                request = gate.request_and_decide(
                    self.context.actor,
                    self.resident.id,
                    self.reason.currentData(),
                    self._urgency(),
                    decision,
                    detail=self.detail.text(),
                    **options,
                )
        except (gate.GateError, PermissionDenied) as exc:
            messages.warn(self, QCoreApplication.translate("GatePage", "Cannot decide"), str(exc))
            return
        self.new_request()
        self.show_day(request.requested_at.date(), select=request.id)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def ask_refusal_reason(self) -> str | None:
        """Alt+3: why the exit is refused (a usual reason or own words); None to cancel."""
        resident = self.resident.name if self.resident is not None else ""
        return RefusalDialog.ask(resident, self)

    # --- the log --------------------------------------------------------------------------

    def show_day(self, day: dt.date, *, select: int | None = None) -> None:
        if self.day.date().toPython() != day:
            self.day.blockSignals(True)
            self.day.setDate(QDate(day.year, day.month, day.day))
            self.day.blockSignals(False)
        if self.not_back_only.isChecked():
            self.model.set_filter(day=None, not_back=True)
        else:
            self.model.set_filter(day=day, not_back=None)
        if select is not None:
            self.select_request(select)

    def _not_back_toggled(self, checked: bool) -> None:
        self.show_day(self.day.date().toPython())
        self.day.setEnabled(not checked)

    def select_request(self, request_id: int) -> None:
        row = self.row_of(request_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))

    def selected_request(self) -> gate.LogRow | None:
        request_id = self.current_id()
        return gate.request_row(request_id) if request_id is not None else None

    def _row_changed(self, *_args: Any) -> None:
        row = self.selected_request()
        writable = self.context.actor.can_write
        self.out_button.setEnabled(
            writable and row is not None and row.decision == gate.APPROVE and row.out_at is None
        )
        self.back_button.setEnabled(
            writable and row is not None and row.out_at is not None and row.back_at is None
        )
        if row is not None and row.out_at is None:
            self.hours.setValue(gate.EXIT_HOURS.get(row.reason, 2))

    def _log_changed(self) -> None:
        moment = now()
        # The office's figures, as the overview and the handover count them.
        at = moment + dt.timedelta(seconds=1)
        out = figures.out_not_back(at)
        late = figures.overdue(at)
        text = QCoreApplication.translate(
            "GatePage", "{out} out and not back, {late} overdue"
        ).format(out=len(out), late=len(late))
        self.overdue_label.setText(text)
        self.overdue_label.setStyleSheet(f"color:{OVERDUE_TEXT};font-weight:bold;" if late else "")
        self._row_changed()

    def open_row(self, row: int) -> None:
        """Enter or double-click on a waiting request brings it to the desk to decide."""
        request_id = self.model.row_id(row)
        if request_id is None:
            return
        log_row = gate.request_row(request_id)
        if log_row.decision:
            super().open_row(row)
            return
        self.choose_resident(gate.resident_hit(log_row.resident_id), pending=request_id)
        self.reason.setCurrentIndex(self.reason.findData(log_row.reason))
        self.urgent.setChecked(log_row.urgency == gate.URGENT)
        self.detail.clear()
        self.decision_buttons[gate.ERRAND].setFocus()

    def mark_out(self) -> None:
        row = self.selected_request()
        if row is None:
            return
        moment = now()
        if not succeeded(
            self,
            QCoreApplication.translate("GatePage", "Cannot record"),
            lambda: gate.mark_out(
                self.context.actor,
                row.id,
                at=moment,
                due_back_at=moment + dt.timedelta(hours=self.hours.value()),
            ),
            gate.GateError,
        ):
            return
        self.refresh_keep(row.id)

    def mark_back(self) -> None:
        row = self.selected_request()
        if row is None:
            return
        if not succeeded(
            self,
            QCoreApplication.translate("GatePage", "Cannot record"),
            lambda: gate.mark_back(self.context.actor, row.id, at=now()),
            gate.GateError,
        ):
            return
        self.refresh_keep(row.id)

    def refresh_keep(self, request_id: int) -> None:
        self.model.refresh()
        self.select_request(request_id)

    def refresh(self) -> None:
        self._fill_helpers()
        super().refresh()

    def print_register(self) -> printing.Printed | None:
        """The day's 出入登记表 on a printer, through the print dialog (Ctrl+P)."""
        from office_app.reports import gate_register

        day = self.day.date().toPython()
        assert isinstance(day, dt.date)
        register = gate_register.gather(day)
        return printing.print_document(
            self,
            self.context,
            gate_register.render(register),
            title=f"出入登记表 {day:%Y-%m-%d}",
            note=printing.AuditNote(
                "print.gate_register",
                f"打印出入登记表 {day:%Y-%m-%d}（{len(register.rows)} 条）",
                entity="exit_request",
            ),
        )

    def save_register(self) -> None:
        from office_app.reports import gate_register

        day = self.day.date().toPython()
        path = self.choose_pdf_file(export_start(self.context.ui, f"出入登记表-{day:%Y-%m-%d}.pdf"))
        if not path:
            return
        remember_export(self.context.ui, path)
        try:
            gate_register.write(self.context.actor, day, Path(path))
        except OSError as exc:
            messages.warn(
                self,
                QCoreApplication.translate("GatePage", "Cannot save"),
                QCoreApplication.translate("GatePage", "Could not write {path}: {error}").format(
                    path=path, error=exc
                ),
            )
            return
        messages.inform(
            self,
            QCoreApplication.translate("GatePage", "Register saved"),
            QCoreApplication.translate("GatePage", "Saved to {path}").format(path=path),
        )

    def choose_pdf_file(self, suggested: str) -> str:
        path, _filter = file_dialogs.save_file_name(
            self,
            QCoreApplication.translate("GatePage", "Save the gate register"),
            suggested,
            QCoreApplication.translate("GatePage", "PDF files (*.pdf)"),
        )
        return path
