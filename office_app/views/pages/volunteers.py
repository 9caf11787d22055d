"""志愿者: the volunteers (list with filters and the selected one's details), the grid
organisation (社区 / 片区 → 小区 → 楼栋 with their leaders, leaderless ones flagged) and the
statistics per volunteer and per organisation, exportable to CSV or .xlsx.

Ctrl+I imports a volunteers list, Ctrl+P prints the selected volunteer's service certificate
(志愿服务证明; 保存 PDF saves it), Ctrl+E exports the statistics shown.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QMimeData, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from office_app.reports import volunteer_certificate
from office_app.services.admin.actor import PermissionDenied
from office_app.services.choices import GRID_ROLES, VOLUNTEER_KINDS, VOLUNTEER_STATUSES
from office_app.services.clock import now
from office_app.services.imports.volunteers import import_volunteers
from office_app.services.volunteers import register as V
from office_app.services.volunteers.listing import VOLUNTEERS_PAGE

from .. import printing
from ..context import AppContext
from ..dialogs import messages
from ..dialogs.import_summary_dialog import choose_import_file
from ..dialogs.volunteer_dialogs import GridLeaderDialog, StatusDialog, VolunteerDialog
from ..list_page import ChoiceFilter, ListPage
from ..table_models.rows_table_model import RowsTableModel
from ..widgets.page_parts import (
    Failed,
    attempt,
    button,
    button_row,
    choose_save_file,
    shortcut,
    succeeded,
)

log = logging.getLogger(__name__)

FLAG_COLOUR = "#C62828"
NODE_ROLE = Qt.ItemDataRole.UserRole


def today() -> dt.date:
    return now().date()


# --- the list ----------------------------------------------------------------------------------


class VolunteerListPanel(ListPage):
    def __init__(self, context: AppContext) -> None:
        super().__init__(
            context,
            VOLUNTEERS_PAGE,
            filters=[
                ChoiceFilter.fixed(
                    "status", QCoreApplication.translate("Filters", "Status"), VOLUNTEER_STATUSES
                ),
                ChoiceFilter.fixed(
                    "kind", QCoreApplication.translate("Filters", "Kind"), VOLUNTEER_KINDS
                ),
                ChoiceFilter(
                    "organisation",
                    QCoreApplication.translate("Filters", "Organisation"),
                    V.organisations,
                ),
                ChoiceFilter.fixed(
                    "role", QCoreApplication.translate("Filters", "Grid role"), GRID_ROLES
                ),
            ],
        )
        self.new_button = button(
            self,
            "newButton",
            QCoreApplication.translate("VolunteersPage", "New volunteer"),
            QCoreApplication.translate("VolunteersPage", "New volunteer (Ctrl+N)"),
        )
        self.edit_button = button(
            self,
            "editButton",
            QCoreApplication.translate("VolunteersPage", "Edit…"),
            QCoreApplication.translate("VolunteersPage", "Edit the volunteer (Enter)"),
        )
        self.status_button = button(
            self, "statusButton", QCoreApplication.translate("VolunteersPage", "Change status…")
        )
        self.certificate_button = button(
            self,
            "certificateButton",
            QCoreApplication.translate("VolunteersPage", "Print certificate…"),
            QCoreApplication.translate(
                "VolunteersPage", "Print the volunteer service certificate (Ctrl+P)"
            ),
        )
        self.certificate_save_button = button(
            self,
            "certificateSaveButton",
            QCoreApplication.translate("VolunteersPage", "Save certificate PDF…"),
        )
        self.import_button = button(
            self,
            "importButton",
            QCoreApplication.translate("VolunteersPage", "Import…"),
            QCoreApplication.translate("VolunteersPage", "Import a volunteers list (Ctrl+I)"),
        )
        self.header_layout.addLayout(
            button_row(
                (
                    self.new_button,
                    self.edit_button,
                    self.status_button,
                    self.certificate_button,
                    self.certificate_save_button,
                ),
                (self.import_button,),
            )
        )

        self.detail = QLabel(self)
        self.detail.setObjectName("volunteerDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.detail)
        self.splitter = self.split_table(scroll, (380, 220))
        self.follow_current(self._current_changed)
        self.select_first_row()
        self._current_changed()

    def current_volunteer_id(self) -> int | None:
        return self.current_id()

    def select_id(self, volunteer_id: int) -> bool:
        """Make the row of ``volunteer_id`` current (volunteers are hundreds, not millions)."""
        row = self.row_of(volunteer_id)
        if row is None:
            return False
        self.table.setCurrentIndex(self.model.index(row, 0))
        self._current_changed()
        return True

    def choose_import_file(self) -> str:
        return choose_import_file(
            self,
            self.context.ui,
            QCoreApplication.translate("VolunteersPage", "Import a volunteers list"),
            QCoreApplication.translate(
                "VolunteersPage", "Volunteers lists (*.csv *.xlsx);;All files (*)"
            ),
        )

    edit_requested = Signal()

    def open_row(self, row: int) -> None:
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.edit_requested.emit()

    def _current_changed(self, *_args: Any) -> None:
        volunteer_id = self.current_volunteer_id()
        writable = self.context.actor.can_write
        self.new_button.setEnabled(writable)
        self.edit_button.setEnabled(writable and volunteer_id is not None)
        self.status_button.setEnabled(writable and volunteer_id is not None)
        self.certificate_button.setEnabled(writable and volunteer_id is not None)
        self.certificate_save_button.setEnabled(writable and volunteer_id is not None)
        self.import_button.setEnabled(writable)
        if volunteer_id is None:
            self.detail.setText(
                QCoreApplication.translate("VolunteersPage", "Choose a volunteer to see details.")
            )
            return
        try:
            detail = V.volunteer_detail(volunteer_id, today())
        except V.VolunteerError:
            self.detail.setText("")
            return
        self.detail.setText(detail_html(detail))


def detail_html(d: V.VolunteerDetail) -> str:
    """The selected volunteer's facts as rich text (escaped)."""

    def row(label: str, value: str) -> str:
        return f"<tr><td style='color:#607D8B; padding-right:12px'>{html.escape(label)}</td><td>{value}</td></tr>"  # noqa: E501

    e = html.escape
    s = d.stats
    org = e(d.organisation) + (f"（{e(d.org_level)} · {e(d.org_kind)}）" if d.organisation else "")
    status = e(d.status) + (f"（{d.status_since:%Y-%m-%d} 起）" if d.status_since else "")
    skills = "、".join(
        e(k.skill) + (f"（{e(k.trained_by)} 培训）" if k.trained_by else "") for k in d.skills
    )
    services = "、".join(f"{e(k)} {v}" for k, v in sorted(s.services.items())) or "—"
    history = "<br>".join(
        f"{h.since:%Y-%m-%d} {e(h.from_status)} → {e(h.to_status)}"
        + (f" 至 {h.until:%Y-%m-%d}" if h.until else "")
        + (f"：{e(h.reason)}" if h.reason else "")
        for h in d.status_history
    )
    rows = [
        row(QCoreApplication.translate("VolunteersPage", "Organisation"), org or "—"),
        row(
            QCoreApplication.translate("VolunteersPage", "Kind"),
            e(d.kind) + (" · 中共党员" if d.party_member else ""),
        ),
        row(QCoreApplication.translate("VolunteersPage", "Status"), status),
        row(QCoreApplication.translate("VolunteersPage", "Lives in"), e(d.home) or "—"),
        row(
            QCoreApplication.translate("VolunteersPage", "Reported for duty"),
            (f"{d.report_date:%Y-%m-%d}" if d.report_date else "—")
            + " · "
            + QCoreApplication.translate("VolunteersPage", "{days} days served").format(
                days=s.days_served
            ),
        ),
        row(
            QCoreApplication.translate("VolunteersPage", "Grid role"),
            e(f"{d.grid_role} {d.grid_scope}".strip()),
        ),
        row(QCoreApplication.translate("VolunteersPage", "Skills"), skills or "—"),
        row(
            QCoreApplication.translate("VolunteersPage", "Trained"),
            "、".join(e(t) for t in d.trainees) or "—",
        ),
        row(
            QCoreApplication.translate("VolunteersPage", "Shifts"),
            QCoreApplication.translate(
                "VolunteersPage", "{shifts} shifts, {hours} hours checked in"
            ).format(shifts=s.shifts, hours=f"{s.hours:g}"),
        ),
        row(
            QCoreApplication.translate("VolunteersPage", "Services"),
            QCoreApplication.translate("VolunteersPage", "{total} in all: {kinds}").format(
                total=s.services_total, kinds=services
            ),
        ),
        row(QCoreApplication.translate("VolunteersPage", "Status history"), history or "—"),
        row(QCoreApplication.translate("VolunteersPage", "Note"), e(d.note) or "—"),
    ]
    title = f"<b style='font-size:16px'>{e(d.name)}</b> {e(d.gender)}"
    return f"{title}<table>{''.join(rows)}</table>"


# --- the grid tree -----------------------------------------------------------------------------


VOLUNTEER_MIME = "application/x-office-app-volunteer"
# The leader a node of the grid tree has, by the node's kind.
LEADER_ROLES = {"area": V.AREA_LEADER, "compound": V.COMPOUND_LEADER, "building": V.BUILDING_LEADER}


class DraggableVolunteers(QListWidget):
    """Volunteers to drag onto a node of the grid tree."""

    # What was stored when the last drag started (the volunteers' versions, the posts'
    # holders): the drop is refused if another seat changed them meanwhile.
    seen: V.GridSeen | None = None

    def mimeData(self, items: Any) -> QMimeData:
        data = QMimeData()
        if items:
            self.seen = V.grid_seen()
            data.setData(VOLUNTEER_MIME, QByteArray(str(items[0].data(NODE_ROLE)).encode()))
        return data

    def mimeTypes(self) -> list[str]:
        return [VOLUNTEER_MIME]


class GridTree(QTreeWidget):
    """The grid organisation; a volunteer dropped on an area, compound or building leads it."""

    volunteer_dropped = Signal(int, QTreeWidgetItem)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    def _target(self, event: Any) -> QTreeWidgetItem | None:
        if not event.mimeData().hasFormat(VOLUNTEER_MIME):
            return None
        item = self.itemAt(event.position().toPoint())
        if item is None or item.data(0, NODE_ROLE)[0] not in ("area", "compound", "building"):
            return None
        return item

    def dragEnterEvent(self, event: Any) -> None:
        if event.mimeData().hasFormat(VOLUNTEER_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        if self._target(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: Any) -> None:
        item = self._target(event)
        if item is None:
            event.ignore()
            return
        raw = bytes(event.mimeData().data(VOLUNTEER_MIME).data()).decode()
        event.acceptProposedAction()
        if raw.isdigit():
            self.volunteer_dropped.emit(int(raw), item)


class GridTreePanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.summary = QLabel(self)
        self.summary.setObjectName("gridSummary")
        self.assign_button = button(
            self,
            "assignLeader",
            QCoreApplication.translate("VolunteersPage", "Name leader…"),
            QCoreApplication.translate("VolunteersPage", "Name the leader of the selected node"),
            self.assign_current,
        )
        self.tree = GridTree(self)
        self.tree.setObjectName("gridTree")
        self.tree.volunteer_dropped.connect(self.drop_volunteer)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(
            [
                QCoreApplication.translate("VolunteersPage", "Area / compound / building"),
                QCoreApplication.translate("VolunteersPage", "Leader"),
                QCoreApplication.translate("VolunteersPage", "Attention"),
            ]
        )
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tree.header().resizeSection(0, 300)
        self.tree.header().resizeSection(1, 260)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemDoubleClicked.connect(lambda _i, _c: self.assign_current())
        self.tree.currentItemChanged.connect(lambda *_a: self._sync())
        shortcut(
            self.tree,
            QKeySequence(Qt.Key.Key_Return),
            self.assign_current,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        self.people_filter = QLineEdit(self)
        self.people_filter.setObjectName("peopleFilter")
        self.people_filter.setClearButtonEnabled(True)
        self.people_filter.setPlaceholderText(
            QCoreApplication.translate("VolunteersPage", "Find a volunteer…")
        )
        self.people = DraggableVolunteers(self)
        self.people.setObjectName("gridPeople")
        self.people.setDragEnabled(True)
        self.people.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.people.setToolTip(
            QCoreApplication.translate(
                "VolunteersPage",
                "Drag a volunteer onto an area, compound or building to make him its leader",
            )
        )
        self.people_filter.textChanged.connect(self._filter_people)
        people_box = QWidget(self)
        people_layout = QVBoxLayout(people_box)
        people_layout.setContentsMargins(6, 0, 0, 0)
        people_layout.addWidget(
            QLabel(
                QCoreApplication.translate("VolunteersPage", "Volunteers (drag onto the tree)"),
                self,
            )
        )
        people_layout.addWidget(self.people_filter)
        people_layout.addWidget(self.people, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.tree)
        split.addWidget(people_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        split.setSizes([760, 260])
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.assign_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.refresh()

    def _fill_people(self) -> None:
        self.people.clear()
        for choice in V.volunteer_choices():
            if choice.status == "离岗":
                continue
            item = QListWidgetItem(
                " · ".join(p for p in (choice.name, choice.organisation or choice.kind) if p)
            )
            item.setData(NODE_ROLE, choice.id)
            self.people.addItem(item)
        self._filter_people(self.people_filter.text())

    def _filter_people(self, text: str) -> None:
        needle = text.strip()
        for row in range(self.people.count()):
            item = self.people.item(row)
            item.setHidden(bool(needle) and needle not in item.text())

    def drop_volunteer(self, volunteer_id: int, item: QTreeWidgetItem) -> None:
        """A volunteer dropped on a node: he becomes its leader (the present one a member)."""
        self.tree.setCurrentItem(item)
        seen, self.people.seen = self.people.seen, None
        self._assign(item, volunteer_id, replace=True, seen=seen or V.grid_seen())

    def refresh(self) -> None:
        current = self.tree.currentItem()
        keep = current.data(0, NODE_ROLE) if current is not None else None
        self.tree.clear()
        self._fill_people()
        tree = V.grid_tree()
        community = QTreeWidgetItem([self._community_name(), "", ""])
        community.setData(0, NODE_ROLE, ("community", None))
        self.tree.addTopLevelItem(community)
        missing_compounds = missing_buildings = 0
        restore: QTreeWidgetItem | None = None
        for area in tree:
            area_item = self._node(
                community,
                f"{area.name}",
                V.AREA_LEADER,
                area.leaders,
                ("area", area.name),
                QCoreApplication.translate("VolunteersPage", "No area leader (片长)"),
                area.name != V.NO_AREA,
            )
            for compound in area.compounds:
                missing_compounds += compound.flagged
                compound_item = self._node(
                    area_item,
                    compound.name,
                    V.COMPOUND_LEADER,
                    compound.leaders,
                    ("compound", compound.id),
                    QCoreApplication.translate("VolunteersPage", "No compound leader (组长)"),
                    True,
                )
                for building in compound.buildings:
                    missing_buildings += building.flagged
                    item = self._node(
                        compound_item,
                        f"{building.name}（{building.risk_level}）",
                        V.BUILDING_LEADER,
                        building.leaders,
                        ("building", building.id),
                        QCoreApplication.translate("VolunteersPage", "No building leader (小组长)"),
                        True,
                    )
                    if item.data(0, NODE_ROLE) == keep:
                        restore = item
                if compound_item.data(0, NODE_ROLE) == keep:
                    restore = compound_item
            if area_item.data(0, NODE_ROLE) == keep:
                restore = area_item
        self.tree.expandToDepth(1)
        for index in range(community.childCount()):
            area_item = community.child(index)
            for c in range(area_item.childCount()):
                compound_item = area_item.child(c)
                flagged = any(
                    compound_item.child(b).text(2) for b in range(compound_item.childCount())
                )
                compound_item.setExpanded(flagged or bool(compound_item.text(2)))
        self.summary.setText(
            QCoreApplication.translate(
                "VolunteersPage",
                "{compounds} compounds and {buildings} buildings have no leader",
            ).format(compounds=missing_compounds, buildings=missing_buildings)
        )
        if restore is None:
            restore = self._first_flagged(community)
        if restore is not None:
            self.tree.setCurrentItem(restore)
        self._sync()

    def _first_flagged(self, item: QTreeWidgetItem) -> QTreeWidgetItem | None:
        """The first node that needs a leader: it is selected when the tab opens."""
        if item.text(2):
            return item
        for index in range(item.childCount()):
            found = self._first_flagged(item.child(index))
            if found is not None:
                return found
        return None

    def _community_name(self) -> str:
        from office_app.services.admin import settings

        return settings.load().community

    def _node(
        self,
        parent: QTreeWidgetItem,
        name: str,
        role: str,
        leaders: tuple[V.Leader, ...],
        key: tuple[str, Any],
        flag_text: str,
        flaggable: bool,
    ) -> QTreeWidgetItem:
        names = "、".join(
            f"{role} {leader.name}" + (f"（{leader.status}）" if leader.status != "在岗" else "")
            for leader in leaders
        )
        flag = flag_text if flaggable and not leaders else ""
        item = QTreeWidgetItem(parent, [name, names, ("⚠ " + flag) if flag else ""])
        item.setData(0, NODE_ROLE, key)
        if flag:
            for column in range(3):
                item.setForeground(column, QBrush(QColor(FLAG_COLOUR)))
        return item

    def _sync(self) -> None:
        item = self.tree.currentItem()
        kind = item.data(0, NODE_ROLE)[0] if item is not None else None
        self.assign_button.setEnabled(
            self.context.actor.can_write and kind in ("area", "compound", "building")
        )

    def flagged_names(self) -> list[str]:
        found: list[str] = []

        def walk(item: QTreeWidgetItem) -> None:
            if item.text(2):
                found.append(item.text(0))
            for i in range(item.childCount()):
                walk(item.child(i))

        for i in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(i))
        return found

    def select(self, kind: str, key: Any) -> bool:
        def walk(item: QTreeWidgetItem) -> QTreeWidgetItem | None:
            if item.data(0, NODE_ROLE) == (kind, key):
                return item
            for i in range(item.childCount()):
                found = walk(item.child(i))
                if found is not None:
                    return found
            return None

        for i in range(self.tree.topLevelItemCount()):
            found = walk(self.tree.topLevelItem(i))
            if found is not None:
                self.tree.setCurrentItem(found)
                return True
        return False

    def assign_current(self) -> None:
        item = self.tree.currentItem()
        if item is None or not self.context.actor.can_write:
            return
        kind, _key = item.data(0, NODE_ROLE)
        role = LEADER_ROLES.get(kind)
        if role is None:
            return
        scope = item.text(0)
        if kind == "building" and item.parent() is not None:
            scope = f"{item.parent().text(0)} {item.text(0)}"
        # The dialog may stay open for minutes and the page does not reload under it: what
        # it is opened on is read now, and the naming is refused if another seat changed the
        # volunteer chosen or the node's leaders meanwhile.
        seen = V.grid_seen()
        dialog = GridLeaderDialog(role, scope, self)
        if dialog.exec() != GridLeaderDialog.DialogCode.Accepted:
            return
        volunteer_id = dialog.volunteer_id()
        if volunteer_id is None:
            return
        self._assign(item, volunteer_id, replace=dialog.replace_box.isChecked(), seen=seen)

    def _assign(
        self, item: QTreeWidgetItem, volunteer_id: int, *, replace: bool, seen: V.GridSeen
    ) -> None:
        if not self.context.actor.can_write:
            return
        kind, key = item.data(0, NODE_ROLE)
        role = LEADER_ROLES.get(kind)
        if role is None:
            return
        attempt(
            self,
            QCoreApplication.translate("VolunteersPage", "Leader not named"),
            lambda: V.assign_grid_role(
                self.context.actor,
                volunteer_id,
                role,
                area=key if kind == "area" else "",
                compound_id=key if kind == "compound" else None,
                building_id=key if kind == "building" else None,
                replace=replace,
                version=seen.versions.get(volunteer_id),
                holders=seen.post(kind, key),
            ),
            V.VolunteerError,
        )
        # Named, or refused (another seat changed the volunteer or the node meanwhile): either
        # way the tree shows what is stored now, not what it showed before the attempt.
        self.refresh()


# --- statistics --------------------------------------------------------------------------------


class StatsPanel(QWidget):
    BY_VOLUNTEER, BY_ORGANISATION = "volunteer", "organisation"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.mode = QComboBox(self)
        self.mode.setObjectName("statsMode")
        self.mode.addItem(
            QCoreApplication.translate("VolunteersPage", "Per volunteer"), self.BY_VOLUNTEER
        )
        self.mode.addItem(
            QCoreApplication.translate("VolunteersPage", "Per organisation"),
            self.BY_ORGANISATION,
        )
        self.mode.currentIndexChanged.connect(lambda _i: self.refresh())
        self.export_button = button(
            self,
            "exportButton",
            QCoreApplication.translate("VolunteersPage", "Export…"),
            QCoreApplication.translate("VolunteersPage", "Export to CSV or Excel (Ctrl+E)"),
            self.export,
        )
        self.model = RowsTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("statsTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.count_label = QLabel(self)
        bar = QHBoxLayout()
        bar.addWidget(self.mode)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        export = shortcut(self, "Ctrl+E", self.export)
        export.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh()

    def refresh(self) -> None:
        day = today()
        if self.mode.currentData() == self.BY_ORGANISATION:
            self.model.set_rows(
                V.ORGANISATION_HEADER, V.organisation_rows(V.organisation_stats(day))
            )
        else:
            self.model.set_rows(V.VOLUNTEER_HEADER, V.volunteer_rows(V.volunteer_stats(day)))
        self.table.resizeColumnsToContents()
        self.count_label.setText(
            QCoreApplication.translate("ListPage", "{count} rows").format(
                count=f"{self.model.rowCount():,}"
            )
        )
        self.export_button.setEnabled(self.context.actor.can_write)

    def export(self) -> None:
        if not self.context.actor.can_write:
            return
        by_org = self.mode.currentData() == self.BY_ORGANISATION
        name = "派出单位统计" if by_org else "志愿者统计"
        path = choose_save_file(
            self,
            self.context.ui,
            QCoreApplication.translate("VolunteersPage", "Export statistics"),
            f"{name}-{today():%Y%m%d}.xlsx",
            QCoreApplication.translate(
                "VolunteersPage", "Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"
            ),
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".xlsx", ".csv"):
            target = target.with_suffix(".xlsx")
        try:
            if by_org:
                count = V.export_organisation_stats(self.context.actor, target, today())
            else:
                count = V.export_volunteer_stats(self.context.actor, target, today())
        except (OSError, PermissionDenied) as exc:
            messages.warn(
                self, QCoreApplication.translate("VolunteersPage", "Not exported"), str(exc)
            )
            return
        messages.inform(
            self,
            QCoreApplication.translate("VolunteersPage", "Exported"),
            QCoreApplication.translate("VolunteersPage", "{count} rows written to {file}.").format(
                count=count, file=str(target)
            ),
        )


# --- the page ----------------------------------------------------------------------------------


class VolunteersPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self._shown_once = False
        self.list_panel = VolunteerListPanel(context)
        self.grid_panel = GridTreePanel(context)
        self.stats_panel = StatsPanel(context)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("volunteerTabs")
        self.tabs.addTab(
            self.list_panel, QCoreApplication.translate("VolunteersPage", "Volunteers")
        )
        self.tabs.addTab(
            self.grid_panel, QCoreApplication.translate("VolunteersPage", "Grid organisation")
        )
        self.tabs.addTab(
            self.stats_panel, QCoreApplication.translate("VolunteersPage", "Statistics")
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.list_panel.new_button.clicked.connect(self.new_volunteer)
        self.list_panel.edit_button.clicked.connect(self.edit_volunteer)
        self.list_panel.edit_requested.connect(self.edit_volunteer)
        self.list_panel.status_button.clicked.connect(self.change_status)
        self.list_panel.certificate_button.clicked.connect(self.print_certificate)
        self.list_panel.certificate_save_button.clicked.connect(self.save_certificate)
        self.list_panel.import_button.clicked.connect(self.import_file)
        for keys, slot in (
            ("Ctrl+I", self.import_file),
            ("Ctrl+P", self.print_certificate),
            ("Ctrl+N", self.new_volunteer),
        ):
            shortcut(self, keys, slot)

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again after work on other pages (errands recorded, a building sealed)."""
        super().showEvent(event)
        if self._shown_once:
            self.refresh()
        self._shown_once = True

    def refresh(self) -> None:
        volunteer_id = self.list_panel.current_volunteer_id()
        self.list_panel.refresh()
        if volunteer_id is not None:
            self.list_panel.select_id(volunteer_id)
        self.grid_panel.refresh()
        self.stats_panel.refresh()

    def focus_filter(self) -> None:
        self.tabs.setCurrentWidget(self.list_panel)
        self.list_panel.focus_filter()

    def new_volunteer(self) -> None:
        if not self.context.actor.can_write:
            return
        dialog = VolunteerDialog(V.VolunteerData("", report_date=today()), parent=self)
        if dialog.exec() != VolunteerDialog.DialogCode.Accepted:
            return
        self._save(dialog.data(), None)

    def edit_volunteer(self) -> None:
        volunteer_id = self.list_panel.current_volunteer_id()
        if volunteer_id is None or not self.context.actor.can_write:
            return
        dialog = VolunteerDialog(
            V.volunteer_data(volunteer_id), volunteer_id=volunteer_id, parent=self
        )
        if dialog.exec() != VolunteerDialog.DialogCode.Accepted:
            return
        self._save(dialog.data(), volunteer_id)

    def _save(self, data: V.VolunteerData, volunteer_id: int | None) -> None:
        saved = attempt(
            self,
            QCoreApplication.translate("VolunteersPage", "Not saved"),
            lambda: V.save_volunteer(self.context.actor, data, volunteer_id),
            V.VolunteerError,
        )
        if isinstance(saved, Failed):
            return
        self.list_panel.clear_filters()
        self.list_panel.refresh()
        self.list_panel.select_id(saved)
        self.stats_panel.refresh()

    def change_status(self) -> None:
        volunteer_id = self.list_panel.current_volunteer_id()
        if volunteer_id is None or not self.context.actor.can_write:
            return
        detail = V.volunteer_detail(volunteer_id, today())
        dialog = StatusDialog(detail.name, detail.status, today(), self)
        if dialog.exec() != StatusDialog.DialogCode.Accepted:
            return
        status, since, reason = dialog.values()
        changed = attempt(
            self,
            QCoreApplication.translate("VolunteersPage", "Status not changed"),
            lambda: V.change_status(
                self.context.actor, volunteer_id, status, since, reason, version=detail.version
            ),
            V.VolunteerError,
        )
        if isinstance(changed, Failed):
            self.refresh()  # refused: perhaps another seat changed it; show what is stored now
            return
        self.list_panel.model.refresh()
        self.list_panel.select_id(volunteer_id)
        self.grid_panel.refresh()
        self.stats_panel.refresh()

    def print_certificate(self) -> printing.Printed | None:
        """The selected volunteer's 志愿服务证明 on a printer, through the print dialog."""
        volunteer_id = self.list_panel.current_volunteer_id()
        if volunteer_id is None or not self.context.actor.can_write:
            return None
        cert = volunteer_certificate.gather(volunteer_id, today())
        return printing.print_document(
            self,
            self.context,
            volunteer_certificate.render(cert),
            title=f"志愿服务证明 {cert.detail.name}",
            note=printing.AuditNote(
                "print.volunteer_certificate",
                f"打印志愿服务证明：{cert.detail.name}（{cert.number}）",
                entity="volunteer",
                entity_id=volunteer_id,
            ),
        )

    def save_certificate(self) -> None:
        volunteer_id = self.list_panel.current_volunteer_id()
        if volunteer_id is None or not self.context.actor.can_write:
            return
        detail = V.volunteer_detail(volunteer_id, today())
        path = choose_save_file(
            self,
            self.context.ui,
            QCoreApplication.translate("VolunteersPage", "Save the service certificate"),
            f"志愿服务证明-{detail.name}.pdf",
            QCoreApplication.translate("VolunteersPage", "PDF (*.pdf)"),
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        if not succeeded(
            self,
            QCoreApplication.translate("VolunteersPage", "Not printed"),
            lambda: volunteer_certificate.write(
                self.context.actor, volunteer_id, target, issued=today()
            ),
            OSError,
        ):
            return
        messages.inform(
            self,
            QCoreApplication.translate("VolunteersPage", "Certificate saved"),
            str(target),
        )

    def import_file(self) -> None:
        self.list_panel.import_with(
            lambda p: import_volunteers(self.context.actor, p), on_done=self.refresh
        )
