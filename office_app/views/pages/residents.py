"""居民: the residents list with its filters, the residents import, and audited reveals.

Document numbers and phones stay masked in the table. 显示完整号码 asks the privacy service for
one value of the selected resident (an audited action, refused to a read-only operator) and
shows it in a message box only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QVBoxLayout,
)

from office_app.services import listings as L
from office_app.services.choices import CONTROL_STATUSES, SPECIAL_GROUPS
from office_app.services.people import privacy, residents
from office_app.services.people.residents import ResidentData

from ..context import AppContext
from ..dialogs import messages
from ..dialogs.import_summary_dialog import choose_import_file
from ..dialogs.resident_dialog import ResidentDialog
from ..list_page import ChoiceFilter, ListPage, building_filter, compound_filter
from ..widgets.page_parts import Failed, attempt, button, button_row, shortcut, succeeded

# The columns shown first, in this order; the others follow in the listing's order.
FIRST_COLUMNS = (
    "name",
    "gender",
    "compound",
    "building",
    "unit",
    "room",
    "control",
    "groups",
    "phone",
)
LONG_NAME = "NGUYEN THI HUONG"


class ResidentsPage(ListPage):
    def __init__(self, context: AppContext) -> None:
        super().__init__(
            context,
            L.RESIDENTS,
            filters=[
                compound_filter(),
                building_filter(),
                ChoiceFilter.fixed(
                    "group", QCoreApplication.translate("Filters", "Special group"), SPECIAL_GROUPS
                ),
                ChoiceFilter.fixed(
                    "control", QCoreApplication.translate("Filters", "Control"), CONTROL_STATUSES
                ),
            ],
        )
        self._build_actions()
        self._build_buttons()
        self._build_household_panel()
        self._arrange_columns()
        self.table.selectionModel().currentRowChanged.connect(self._sync_enabled)
        self.table.selectionModel().currentRowChanged.connect(self._show_household)
        self.model.modelReset.connect(self._sync_enabled)
        self._sync_enabled()

    # --- layout ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.import_action = shortcut(
            self,
            "Ctrl+I",
            self.import_file,
            text=QCoreApplication.translate("ResidentsPage", "Import residents…"),
        )
        self.reveal_doc_action = QAction(
            QCoreApplication.translate("ResidentsPage", "Full document number"), self
        )
        self.reveal_doc_action.triggered.connect(lambda: self.reveal_current("doc_no"))
        self.reveal_phone_action = QAction(
            QCoreApplication.translate("ResidentsPage", "Full mobile number"), self
        )
        self.reveal_phone_action.triggered.connect(lambda: self.reveal_current("phone"))
        self.new_action = shortcut(
            self,
            QKeySequence.StandardKey.New,
            self.new_resident,
            text=QCoreApplication.translate("ResidentsPage", "New resident…"),
        )
        self.edit_action = QAction(QCoreApplication.translate("ResidentsPage", "Edit…"), self)
        self.edit_action.triggered.connect(self.edit_current)
        self.delete_action = QAction(QCoreApplication.translate("ResidentsPage", "Delete…"), self)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self.delete_current)
        self.table.addAction(self.delete_action)

    def _build_buttons(self) -> None:
        self.reveal_button = button(
            self,
            "revealButton",
            QCoreApplication.translate("ResidentsPage", "Show full number"),
            QCoreApplication.translate(
                "ResidentsPage",
                "Show the selected resident's full number (recorded in the audit log)",
            ),
        )
        reveal_menu = QMenu(self.reveal_button)
        reveal_menu.addAction(self.reveal_doc_action)
        reveal_menu.addAction(self.reveal_phone_action)
        self.reveal_button.setMenu(reveal_menu)
        self.import_button = button(
            self,
            "importButton",
            QCoreApplication.translate("ResidentsPage", "Import…"),
            QCoreApplication.translate("ResidentsPage", "Import residents (Ctrl+I)"),
            self.import_file,
        )
        self.new_button = button(
            self,
            "newButton",
            QCoreApplication.translate("ResidentsPage", "New resident (Ctrl+N)"),
            slot=self.new_resident,
        )
        self.edit_button = button(
            self,
            "editButton",
            QCoreApplication.translate("ResidentsPage", "Edit…"),
            slot=self.edit_current,
        )
        self.delete_button = button(
            self,
            "deleteButton",
            QCoreApplication.translate("ResidentsPage", "Delete…"),
            slot=self.delete_current,
        )
        self.header_layout.addLayout(
            button_row(
                (self.new_button, self.edit_button, self.delete_button, self.reveal_button),
                (self.import_button,),
            )
        )

    def _arrange_columns(self) -> None:
        """Who and where first: at 1280×800 the name, the address down to the room and the
        control status are on screen; documents and dates follow (only the view's order)."""
        header = self.table.horizontalHeader()
        keys = [c.key for c in self.listing.columns]
        for visual, key in enumerate(FIRST_COLUMNS):
            header.moveSection(header.visualIndex(keys.index(key)), visual)
        if not self.context.ui.column_widths(self.listing.name):
            # Room for a passport name in full (NGUYEN THI HUONG), not "NGUYEN THI…".
            wide = self.table.fontMetrics().horizontalAdvance(LONG_NAME) + 24
            name = keys.index("name")
            header.resizeSection(name, max(header.sectionSize(name), wide))
            for key in ("unit", "room"):
                header.resizeSection(keys.index(key), 64)

    def _build_household_panel(self) -> None:
        """同户成员 beside the table: everyone at the selected resident's address."""
        self.household_box = QGroupBox(
            QCoreApplication.translate("ResidentsPage", "Household"), self
        )
        self.household_box.setObjectName("householdBox")
        self.household_box.setFixedWidth(260)
        self.household_address = QLabel(self.household_box)
        self.household_address.setWordWrap(True)
        self.household_members = QListWidget(self.household_box)
        self.household_members.setObjectName("householdMembers")
        self.household_members.setWordWrap(True)
        self.household_members.itemActivated.connect(self._member_activated)
        box = QVBoxLayout(self.household_box)
        box.addWidget(self.household_address)
        box.addWidget(self.household_members, 1)
        self.put_beside_table(self.household_box)
        self._show_household()

    def _show_household(self, *_args: Any) -> None:
        self.household_members.clear()
        resident_id = self.current_resident_id()
        view = residents.household_of(resident_id) if resident_id is not None else None
        # The panel takes room only when it has someone to show.
        self.household_box.setVisible(view is not None)
        if view is None:
            self.household_address.setText(
                QCoreApplication.translate("ResidentsPage", "Select a resident.")
            )
            return
        self.household_address.setText(
            QCoreApplication.translate("ResidentsPage", "{address}: {count} registered").format(
                address=view.address, count=len(view.members)
            )
        )
        for member in view.members:
            born = f"{member.birth_date:%Y}" if member.birth_date else ""
            marks = "、".join(m for m in (member.control_status, *member.groups) if m)
            text = (
                f"{member.name}　{member.gender} {born}\n{member.phone_masked or member.doc_masked}"
            )
            if marks:
                text += f"\n{marks}"
            item = QListWidgetItem(text, self.household_members)
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            if member.id == resident_id:
                self.household_members.setCurrentItem(item)

    def _member_activated(self, item: QListWidgetItem) -> None:
        resident_id = item.data(Qt.ItemDataRole.UserRole)
        if resident_id is not None:
            self.edit_resident(resident_id)

    # --- state ----------------------------------------------------------------------------

    def current_resident_id(self) -> int | None:
        return self.current_id()

    def _sync_enabled(self, *_args: Any) -> None:
        selected = self.current_resident_id() is not None
        self.import_button.setEnabled(self.can_write)
        self.import_action.setEnabled(self.can_write)
        for widget in (self.new_button, self.new_action):
            widget.setEnabled(self.can_write)
        for widget in (self.edit_button, self.edit_action, self.delete_button, self.delete_action):
            widget.setEnabled(self.can_write and selected)
        self.reveal_button.setEnabled(self.can_write and selected)
        for a in (self.reveal_doc_action, self.reveal_phone_action):
            a.setEnabled(self.can_write and selected)

    def refresh(self) -> None:
        super().refresh()
        self._sync_enabled()

    # --- editing --------------------------------------------------------------------------

    def new_resident(self) -> None:
        if not self.can_write:
            return
        building = self.choice_filters[1].combo
        start = ResidentData("", building.currentData() if building else None, "", "")
        self._save(None, ResidentDialog.ask(self, initial=start))

    def open_row(self, row: int) -> None:
        resident_id = self.model.row_id(row)
        if resident_id is not None:
            if self.can_write:
                self.edit_resident(resident_id)
            else:
                super().open_row(row)

    def edit_current(self) -> None:
        self.with_current(self.edit_resident)

    def edit_resident(self, resident_id: int) -> None:
        if not self.can_write:
            return
        stored = attempt(
            self,
            QCoreApplication.translate("ResidentsPage", "Not saved"),
            lambda: residents.stored(resident_id),
            residents.ResidentError,
        )
        if isinstance(stored, Failed):
            self.refresh()
            return
        self._save(resident_id, ResidentDialog.ask(self, stored=stored))

    def _save(self, resident_id: int | None, data: ResidentData | None) -> None:
        if data is None:
            return
        saved = attempt(
            self,
            QCoreApplication.translate("ResidentsPage", "Not saved"),
            lambda: (
                residents.create(self.context.actor, data)
                if resident_id is None
                else residents.update(self.context.actor, resident_id, data)
            ),
            residents.ResidentError,
        )
        if isinstance(saved, Failed):
            return
        self.refresh()
        self.select_resident(saved.id)

    def select_resident(self, resident_id: int) -> None:
        """Select the resident in the table, clearing the text filter if it hides them."""
        row = self.row_of(resident_id)
        if row is None and self.model.rowCount() < 5000:
            self.filter_edit.clear()
            self._apply_text_filter()
            row = self.row_of(resident_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))
            self._show_household()

    def delete_current(self) -> None:
        resident_id = self.current_resident_id()
        if resident_id is None or not self.can_write:
            return
        name = self.model.index(self.table.currentIndex().row(), 0).data()
        if not messages.confirm(
            self,
            QCoreApplication.translate("ResidentsPage", "Delete resident"),
            QCoreApplication.translate(
                "ResidentsPage", "Delete {name}? This is recorded in the audit log."
            ).format(name=name),
            yes=QCoreApplication.translate("ResidentsPage", "Delete"),
            no=QCoreApplication.translate("ResidentsPage", "Keep"),
            default_yes=False,
        ):
            return
        if succeeded(
            self,
            QCoreApplication.translate("ResidentsPage", "Not deleted"),
            lambda: residents.delete(self.context.actor, resident_id),
            residents.ResidentError,
        ):
            self.refresh()

    # --- reveal ---------------------------------------------------------------------------

    def reveal_current(self, field: str) -> None:
        self.with_current(lambda resident_id: self.reveal(resident_id, field))

    def reveal(self, resident_id: int, field: str) -> None:
        """Ask the privacy service for the full value (audited) and show it in a message."""
        if not self.can_write:
            return
        value = attempt(
            self,
            QCoreApplication.translate("ResidentsPage", "The number cannot be shown"),
            lambda: privacy.reveal_resident(self.context.actor, resident_id, field),
            privacy.PrivacyError,
        )
        if isinstance(value, Failed):
            return
        if field == "doc_no":
            title = QCoreApplication.translate("ResidentsPage", "Full document number")
        else:
            title = QCoreApplication.translate("ResidentsPage", "Full mobile number")
        messages.inform(
            self,
            title,
            QCoreApplication.translate(
                "ResidentsPage", "{number}\n\nThis view has been recorded in the audit log."
            ).format(number=value),
        )

    # --- import ---------------------------------------------------------------------------

    def choose_import_file(self) -> str:
        return choose_import_file(
            self,
            self.context.ui,
            QCoreApplication.translate("ResidentsPage", "Import residents"),
            QCoreApplication.translate(
                "ResidentsPage", "Residents lists (*.csv *.xlsx);;All files (*)"
            ),
        )

    def import_file(self) -> None:
        from office_app.services.imports import residents as residents_import

        self.import_with(lambda file: residents_import.import_residents(self.context.actor, file))

    # --- context menu ---------------------------------------------------------------------

    def fill_row_menu(self, menu: QMenu, index: QModelIndex) -> None:
        self.table.setCurrentIndex(index)
        row = index.row()
        menu.addAction(QCoreApplication.translate("ListPage", "Open"), lambda: self.open_row(row))
        menu.addAction(self.delete_action)
        menu.addSeparator()
        menu.addAction(self.reveal_doc_action)
        menu.addAction(self.reveal_phone_action)
        menu.addSeparator()
