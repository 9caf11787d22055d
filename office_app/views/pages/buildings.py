"""楼栋: every building with its level and clock; add, edit, delete, change levels, import.

The list is the BUILDINGS listing (plus clean days, counted from today). Below it, the
selected building: its counts, the lowering rule's verdict and its risk history.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from office_app.services import listings as L
from office_app.services.choices import RISK_LEVELS, RISK_LOW
from office_app.services.clock import now
from office_app.services.places import buildings, risk
from office_app.services.places.buildings import BuildingData, BuildingDetail, BuildingError
from office_app.services.reporting.palette import RISK_COLORS, text_color_on

from ..context import AppContext
from ..dialogs import messages
from ..dialogs.building_dialog import BuildingDialog
from ..dialogs.cascade_dialog import report_change
from ..dialogs.compound_dialog import CompoundDialog
from ..dialogs.import_summary_dialog import choose_import_file
from ..dialogs.risk_dialog import RiskChangeDialog, RiskContext
from ..list_page import ChoiceFilter, ColourCellDelegate, ListPage, compound_filter
from ..table_models.buildings_table_model import BuildingsTableModel
from ..table_models.query_table_model import QueryTableModel
from ..widgets.page_parts import (
    Failed,
    attempt,
    button,
    button_row,
    detail_table,
    shortcut,
    show_status,
    succeeded,
)

log = logging.getLogger(__name__)


def today() -> dt.date:
    return now().date()


# --- the detail of one building (layout only) ------------------------------------------------


class BuildingDetailPanel(QFrame):
    """The selected building: facts, the lowering rule's verdict, the risk history."""

    edit_requested = Signal()
    risk_requested = Signal()

    FACTS = (
        "size",
        "occupants",
        "volunteers",
        "clean_since",
        "clean_days",
        "earliest",
        "lowering",
        "note",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("buildingDetail")
        self.building_id: int | None = None

        self.title = QLabel(self)
        self.title.setObjectName("detailTitle")
        self.title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.chip = QLabel(self)
        self.chip.setObjectName("detailLevel")
        self.edit_button = QPushButton(QCoreApplication.translate("BuildingsPage", "Edit…"), self)
        self.edit_button.setObjectName("detailEdit")
        self.risk_button = QPushButton(
            QCoreApplication.translate("BuildingsPage", "Change risk level…"), self
        )
        self.risk_button.setObjectName("detailRisk")
        self.edit_button.clicked.connect(self.edit_requested)
        self.risk_button.clicked.connect(self.risk_requested)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.chip)
        head.addStretch(1)
        head.addWidget(self.edit_button)
        head.addWidget(self.risk_button)

        labels = {
            "size": QCoreApplication.translate("BuildingsPage", "Size"),
            "occupants": QCoreApplication.translate("BuildingsPage", "Residents"),
            "volunteers": QCoreApplication.translate("BuildingsPage", "Volunteers living here"),
            "clean_since": QCoreApplication.translate("BuildingsPage", "Clean since"),
            "clean_days": QCoreApplication.translate("BuildingsPage", "Clean days"),
            "earliest": QCoreApplication.translate("BuildingsPage", "Earliest lowering"),
            "lowering": QCoreApplication.translate("BuildingsPage", "Lowering rule"),
            "note": QCoreApplication.translate("BuildingsPage", "Note"),
        }
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(4)
        self.values: dict[str, QLabel] = {}
        for key in self.FACTS:
            value = QLabel(self)
            value.setObjectName(f"fact_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            form.addRow(labels[key], value)
        facts = QVBoxLayout()
        facts.addLayout(form)
        facts.addStretch(1)

        # Nothing matches building 0: the history stays empty until a building is shown.
        self.history_model = QueryTableModel(L.RISK_HISTORY, self)
        self.history_model.set_filter(building=0)
        self.history = detail_table(
            self, "riskHistory", self.history_model, 26, (136, 64, 64, 80, 70, 200)
        )
        self.history.setWordWrap(True)
        delegate = ColourCellDelegate(self.history)
        for key in ("from_level", "to_level"):
            column = L.RISK_HISTORY.columns.index(L.RISK_HISTORY.column(key))
            self.history.setItemDelegateForColumn(column, delegate)
        history_title = QLabel(
            QCoreApplication.translate("BuildingsPage", "Risk level history"), self
        )
        history_title.setStyleSheet("font-weight: bold;")
        history_box = QVBoxLayout()
        history_box.addWidget(history_title)
        history_box.addWidget(self.history, 1)

        columns = QHBoxLayout()
        columns.addLayout(facts, 2)
        columns.addLayout(history_box, 3)
        filled = QWidget(self)
        inner = QVBoxLayout(filled)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(head)
        inner.addLayout(columns, 1)

        self.empty = QLabel(
            QCoreApplication.translate("BuildingsPage", "Choose a building to see its details."),
            self,
        )
        self.empty.setObjectName("detailEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(filled)

    def show_detail(self, detail: BuildingDetail | None) -> None:
        if detail is None:
            self.building_id = None
            self.history_model.set_filter(building=0)
            self.stack.setCurrentIndex(0)
            return
        info, refs, status = detail.info, detail.references, detail.lowering
        self.building_id = info.id
        self.title.setText(info.label)
        color = RISK_COLORS.get(info.risk_level, "#757575")
        self.chip.setText(
            QCoreApplication.translate("BuildingsPage", "{level} risk").format(
                level=info.risk_level
            )
        )
        self.chip.setStyleSheet(
            f"background: {color}; color: {text_color_on(color)}; border-radius: 4px;"
            " padding: 2px 10px; font-weight: bold;"
        )
        dash = "—"
        self.values["size"].setText(
            QCoreApplication.translate(
                "BuildingsPage", "{units} units, {households} households planned"
            ).format(units=info.units, households=f"{info.households_planned:,}")
        )
        self.values["occupants"].setText(
            QCoreApplication.translate(
                "BuildingsPage",
                "{households} households, {residents} residents ({isolated} in home isolation)",
            ).format(
                households=f"{refs.households:,}",
                residents=f"{refs.residents:,}",
                isolated=f"{refs.residents_isolated:,}",
            )
        )
        self.values["volunteers"].setText(
            QCoreApplication.translate("BuildingsPage", "{count} ({on_duty} on duty)").format(
                count=refs.volunteers_living, on_duty=refs.volunteers_on_duty_living
            )
        )
        since = status.clean_since
        self.values["clean_since"].setText(f"{since:%Y-%m-%d}" if since else dash)
        self.values["clean_days"].setText(
            QCoreApplication.translate("BuildingsPage", "{days} days").format(
                days=detail.clean_days
            )
            if detail.clean_days is not None
            else dash
        )
        earliest = status.earliest
        if earliest is None:
            self.values["earliest"].setText(dash)
        elif detail.days_left:
            self.values["earliest"].setText(
                QCoreApplication.translate("BuildingsPage", "{date} ({days} days to go)").format(
                    date=f"{earliest:%Y-%m-%d}", days=detail.days_left
                )
            )
        else:
            self.values["earliest"].setText(f"{earliest:%Y-%m-%d}")
        self.values["note"].setText(info.note or dash)
        self.values["lowering"].setText(status.reason if info.risk_level != RISK_LOW else dash)
        self.history_model.set_filter(building=info.id)
        self.history.resizeRowsToContents()
        self.stack.setCurrentIndex(1)

    def fact(self, key: str) -> str:
        return self.values[key].text()


# --- the page ----------------------------------------------------------------------------------


class BuildingsPage(ListPage):
    def __init__(self, context: AppContext) -> None:
        super().__init__(
            context,
            L.BUILDINGS_PAGE,
            filters=[
                compound_filter(),
                ChoiceFilter.fixed(
                    "risk", QCoreApplication.translate("Filters", "Risk"), RISK_LEVELS
                ),
            ],
        )
        self._shown_once = False
        self._use_buildings_model()
        self.detail = BuildingDetailPanel(self)
        self._build_buttons()
        self._build_splitter()
        self._build_actions()
        self.detail.edit_requested.connect(self._edit_current)
        self.detail.risk_requested.connect(self._risk_current)
        self.select_first_row()
        self._sync_enabled()

    # --- layout ---------------------------------------------------------------------------

    def _use_buildings_model(self) -> None:
        """Swap ListPage's generic model for one that counts clean days from today."""
        model = BuildingsTableModel(self.listing, today, self)
        self.use_model(model)
        self.follow_current(self._current_changed)
        # Clean days are the last column (BUILDINGS' positions hold); show them after 起算日期.
        header = self.table.horizontalHeader()
        header.moveSection(
            header.visualIndex(model.clean_days_column),
            header.visualIndex(model.since_column) + 1,
        )
        self._update_count()

    def _build_buttons(self) -> None:
        self.new_button = button(
            self,
            "newButton",
            QCoreApplication.translate("BuildingsPage", "New building"),
            QCoreApplication.translate("BuildingsPage", "New building (Ctrl+N)"),
            self.new_building,
        )
        self.edit_button = button(
            self,
            "editButton",
            QCoreApplication.translate("BuildingsPage", "Edit…"),
            QCoreApplication.translate("BuildingsPage", "Edit the building (Enter)"),
            self._edit_current,
        )
        self.delete_button = button(
            self,
            "deleteButton",
            QCoreApplication.translate("BuildingsPage", "Delete"),
            QCoreApplication.translate("BuildingsPage", "Delete the building (Del)"),
            self._delete_current,
        )
        self.risk_button = button(
            self,
            "riskButton",
            QCoreApplication.translate("BuildingsPage", "Change risk level…"),
            QCoreApplication.translate("BuildingsPage", "Change the risk level (Ctrl+L)"),
            self._risk_current,
        )
        self.compound_button = button(
            self,
            "compoundButton",
            QCoreApplication.translate("BuildingsPage", "Edit compound…"),
            QCoreApplication.translate("BuildingsPage", "Name, address and area of the compound"),
            self._compound_current,
        )
        self.import_button = button(
            self,
            "importButton",
            QCoreApplication.translate("BuildingsPage", "Import…"),
            QCoreApplication.translate("BuildingsPage", "Import buildings (Ctrl+I)"),
            self.import_file,
        )
        self.header_layout.addLayout(
            button_row(
                (self.new_button, self.edit_button, self.delete_button, self.risk_button),
                (self.compound_button, self.import_button),
            )
        )

    def _build_splitter(self) -> None:
        self.splitter = self.split_table(self.detail, (400, 280), "buildingsSplitter")

    def _build_actions(self) -> None:
        # Window-wide while this page is shown (a hidden page's shortcuts do not fire).
        self.new_action = shortcut(self, QKeySequence.StandardKey.New, self.new_building)
        self.import_action = shortcut(self, "Ctrl+I", self.import_file)
        self.risk_action = shortcut(self, "Ctrl+L", self._risk_current)
        self.delete_action = shortcut(
            self.table, QKeySequence.StandardKey.Delete, self._delete_current
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)

    # --- state ----------------------------------------------------------------------------

    def current_building_id(self) -> int | None:
        return self.current_id()

    def _sync_enabled(self) -> None:
        selected = self.current_building_id() is not None
        for widget in (self.new_button, self.import_button):
            widget.setEnabled(self.can_write)
        for widget in (
            self.edit_button,
            self.delete_button,
            self.risk_button,
            self.compound_button,
        ):
            widget.setEnabled(self.can_write and selected)
        for a in (self.new_action, self.import_action):
            a.setEnabled(self.can_write)
        for a in (self.risk_action, self.delete_action):
            a.setEnabled(self.can_write and selected)
        self.detail.edit_button.setEnabled(self.can_write)
        self.detail.risk_button.setEnabled(self.can_write)

    def _current_changed(self, *_args: Any) -> None:
        building_id = self.current_building_id()
        detail = None
        if building_id is not None:
            try:
                detail = buildings.detail(building_id, today())
            except BuildingError:
                detail = None
        self.detail.show_detail(detail)
        self._sync_enabled()

    def refresh(self) -> None:
        current = self.current_building_id()
        super().refresh()
        if current is not None:
            self.select_building(current, clear_filters=False)

    def showEvent(self, event: QShowEvent) -> None:
        # Levels change on the overview too: show the list as it is now when coming back.
        if self._shown_once:
            self.refresh()
        self._shown_once = True
        super().showEvent(event)

    def select_building(self, building_id: int, *, clear_filters: bool = True) -> bool:
        """Make the building the current row (clearing filters that hide it)."""
        row = self.row_of(building_id)
        if row is None and clear_filters:
            self.clear_filters()
            row = self.row_of(building_id)
        if row is None:
            self._current_changed()
            return False
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self._current_changed()
        return True

    # --- actions --------------------------------------------------------------------------

    def open_row(self, row: int) -> None:
        """Enter or a double-click: edit the building (a read-only operator just sees it)."""
        building_id = self.model.row_id(row)
        if building_id is None:
            return
        if not self.can_write:
            super().open_row(row)
            return
        self.edit_building(building_id)

    def _default_compound(self) -> str:
        combo = self.choice_filters[0].combo
        compound_id = combo.currentData() if combo is not None else None
        if compound_id is not None:
            return combo.currentText() if combo is not None else ""
        current = self.current_building_id()
        if current is not None:
            try:
                return buildings.get_building(current).compound
            except BuildingError:
                return ""
        return ""

    def new_building(self) -> None:
        if not self.can_write:
            return
        data = BuildingDialog.ask(self, initial=BuildingData(self._default_compound(), "", 1, 0))
        if data is None:
            return
        info = attempt(
            self,
            QCoreApplication.translate("BuildingsPage", "The building was not saved"),
            lambda: buildings.create_building(self.context.actor, data),
            BuildingError,
        )
        if isinstance(info, Failed):
            return
        self.refresh()
        self.select_building(info.id)
        show_status(
            self,
            QCoreApplication.translate("BuildingsPage", "Building {name} added").format(
                name=info.label
            ),
        )

    def _edit_current(self) -> None:
        self.with_current(self.edit_building)

    def edit_building(self, building_id: int) -> None:
        if not self.can_write:
            return
        not_saved = QCoreApplication.translate("BuildingsPage", "The building was not saved")
        info = attempt(self, not_saved, lambda: buildings.get_building(building_id), BuildingError)
        if isinstance(info, Failed):
            self.refresh()
            return
        data = BuildingDialog.ask(self, initial=info.as_data(), building_id=building_id)
        if data is None:
            return
        saved = attempt(
            self,
            not_saved,
            lambda: buildings.update_building(self.context.actor, building_id, data),
            BuildingError,
        )
        if isinstance(saved, Failed):
            return
        self.refresh()
        self.select_building(saved.id)
        show_status(
            self,
            QCoreApplication.translate("BuildingsPage", "Building {name} saved").format(
                name=saved.label
            ),
        )

    def _delete_current(self) -> None:
        self.with_current(self.delete_building)

    def delete_building(self, building_id: int) -> None:
        if not self.can_write:
            return
        try:
            info = buildings.get_building(building_id)
        except BuildingError:
            self.refresh()
            return
        if not messages.confirm(
            self,
            QCoreApplication.translate("BuildingsPage", "Delete building"),
            QCoreApplication.translate(
                "BuildingsPage", "Delete {name}? This cannot be undone."
            ).format(name=info.label),
            yes=QCoreApplication.translate("BuildingsPage", "Delete"),
            no=QCoreApplication.translate("BuildingsPage", "Cancel"),
            default_yes=False,
        ):
            return
        row = self.table.currentIndex().row()
        if not succeeded(
            self,
            QCoreApplication.translate("BuildingsPage", "The building cannot be deleted"),
            lambda: buildings.delete_building(self.context.actor, building_id),
            BuildingError,
        ):
            return
        super().refresh()
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1), 0))
        self._current_changed()
        show_status(
            self,
            QCoreApplication.translate("BuildingsPage", "Building {name} deleted").format(
                name=info.label
            ),
        )

    def _risk_current(self) -> None:
        self.with_current(self.change_risk)

    def change_risk(self, building_id: int) -> None:
        if not self.can_write:
            return
        not_changed = QCoreApplication.translate("BuildingsPage", "The risk level was not changed")
        detail = attempt(
            self, not_changed, lambda: buildings.detail(building_id, today()), BuildingError
        )
        if isinstance(detail, Failed):
            return
        refs = detail.references
        context = RiskContext(
            label=detail.info.label,
            level=detail.info.risk_level,
            lowering=detail.lowering.reason,
            residents=refs.residents,
            residents_isolated=refs.residents_isolated,
            volunteers_on_duty_living=refs.volunteers_on_duty_living,
            monitoring_days=detail.monitoring_days,
        )
        answer = RiskChangeDialog.ask(context, self)
        if answer is None:
            return
        level, reason = answer
        result = attempt(
            self,
            not_changed,
            lambda: risk.change_risk(self.context.actor, building_id, level, reason=reason),
            risk.RiskError,
        )
        if isinstance(result, Failed):
            return
        self.refresh()
        report_change(result, self)

    def _compound_current(self) -> None:
        building_id = self.current_building_id()
        if building_id is None or not self.can_write:
            return
        not_saved = QCoreApplication.translate("BuildingsPage", "The compound was not saved")
        compound = attempt(
            self,
            not_saved,
            lambda: buildings.get_compound(buildings.get_building(building_id).compound_id),
            BuildingError,
        )
        if isinstance(compound, Failed):
            return
        data = CompoundDialog.ask(
            buildings.CompoundData(compound.name, compound.address, compound.area),
            compound_id=compound.id,
            parent=self,
        )
        if data is None:
            return
        if succeeded(
            self,
            not_saved,
            lambda: buildings.update_compound(self.context.actor, compound.id, data),
            BuildingError,
        ):
            self.refresh()

    # --- import ---------------------------------------------------------------------------

    def choose_import_file(self) -> str:
        return choose_import_file(
            self,
            self.context.ui,
            QCoreApplication.translate("BuildingsPage", "Import buildings"),
            QCoreApplication.translate(
                "BuildingsPage", "Building lists (*.csv *.xlsx);;All files (*)"
            ),
        )

    def import_file(self) -> None:
        from office_app.services.imports import buildings as buildings_import

        self.import_with(lambda file: buildings_import.import_buildings(self.context.actor, file))

    # --- context menu ---------------------------------------------------------------------

    def fill_row_menu(self, menu: QMenu, index: QModelIndex) -> None:
        self.table.setCurrentIndex(index)
        row = index.row()
        menu.addAction(
            QCoreApplication.translate("BuildingsPage", "Edit…")
            if self.can_write
            else QCoreApplication.translate("BuildingsPage", "Open"),
            lambda: self.open_row(row),
        )
        risk_item = menu.addAction(
            QCoreApplication.translate("BuildingsPage", "Change risk level…"), self._risk_current
        )
        delete_item = menu.addAction(
            QCoreApplication.translate("BuildingsPage", "Delete"), self._delete_current
        )
        risk_item.setEnabled(self.can_write)
        delete_item.setEnabled(self.can_write)
        menu.addSeparator()
