"""居民: the residents list with its filters, the residents import, and audited reveals.

Document numbers and phones stay masked in the table. 显示完整号码 asks the privacy service for
one value of the selected resident (an audited action, refused to a read-only operator) and
shows it in a message box only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QMenu, QPushButton

from office_app.models.people import CONTROL_STATUSES, SPECIAL_GROUPS
from office_app.services import choices, privacy
from office_app.services import listings as L
from office_app.services.actor import PermissionDenied

from ..context import AppContext
from ..dialogs import messages
from ..dialogs.import_summary_dialog import (
    choose_import_file,
    run_file_import,
)
from ..list_page import ChoiceFilter, ListPage


class ResidentsPage(ListPage):
    def __init__(self, context: AppContext) -> None:
        super().__init__(
            context,
            L.RESIDENTS,
            filters=[
                ChoiceFilter(
                    "building", QCoreApplication.translate("Filters", "Building"), choices.buildings
                ),
                ChoiceFilter(
                    "group",
                    QCoreApplication.translate("Filters", "Special group"),
                    lambda: choices.fixed(SPECIAL_GROUPS),
                ),
                ChoiceFilter(
                    "control",
                    QCoreApplication.translate("Filters", "Control"),
                    lambda: choices.fixed(CONTROL_STATUSES),
                ),
            ],
        )
        self._build_actions()
        self._build_buttons()
        self.table.selectionModel().currentRowChanged.connect(self._sync_enabled)
        self.model.modelReset.connect(self._sync_enabled)
        self._sync_enabled()

    # --- layout ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.import_action = QAction(
            QCoreApplication.translate("ResidentsPage", "Import residents…"), self
        )
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.import_file)
        self.addAction(self.import_action)  # window-wide while this page is shown
        self.reveal_doc_action = QAction(
            QCoreApplication.translate("ResidentsPage", "Full document number"), self
        )
        self.reveal_doc_action.triggered.connect(lambda: self.reveal_current("doc_no"))
        self.reveal_phone_action = QAction(
            QCoreApplication.translate("ResidentsPage", "Full mobile number"), self
        )
        self.reveal_phone_action.triggered.connect(lambda: self.reveal_current("phone"))

    def _build_buttons(self) -> None:
        self.reveal_button = QPushButton(
            QCoreApplication.translate("ResidentsPage", "Show full number"), self
        )
        self.reveal_button.setObjectName("revealButton")
        self.reveal_button.setToolTip(
            QCoreApplication.translate(
                "ResidentsPage",
                "Show the selected resident's full number (recorded in the audit log)",
            )
        )
        reveal_menu = QMenu(self.reveal_button)
        reveal_menu.addAction(self.reveal_doc_action)
        reveal_menu.addAction(self.reveal_phone_action)
        self.reveal_button.setMenu(reveal_menu)
        self.import_button = QPushButton(
            QCoreApplication.translate("ResidentsPage", "Import…"), self
        )
        self.import_button.setObjectName("importButton")
        self.import_button.setToolTip(
            QCoreApplication.translate("ResidentsPage", "Import residents (Ctrl+I)")
        )
        self.import_button.clicked.connect(self.import_file)
        row = QHBoxLayout()
        row.addWidget(self.reveal_button)
        row.addStretch(1)
        row.addWidget(self.import_button)
        self.header_layout.addLayout(row)

    # --- state ----------------------------------------------------------------------------

    @property
    def can_write(self) -> bool:
        return self.context.actor.can_write

    def current_resident_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.row_id(index.row()) if index.isValid() else None

    def _sync_enabled(self, *_args: Any) -> None:
        selected = self.current_resident_id() is not None
        self.import_button.setEnabled(self.can_write)
        self.import_action.setEnabled(self.can_write)
        self.reveal_button.setEnabled(self.can_write and selected)
        for a in (self.reveal_doc_action, self.reveal_phone_action):
            a.setEnabled(self.can_write and selected)

    def refresh(self) -> None:
        super().refresh()
        self._sync_enabled()

    # --- reveal ---------------------------------------------------------------------------

    def reveal_current(self, field: str) -> None:
        resident_id = self.current_resident_id()
        if resident_id is not None:
            self.reveal(resident_id, field)

    def reveal(self, resident_id: int, field: str) -> None:
        """Ask the privacy service for the full value (audited) and show it in a message."""
        if not self.can_write:
            return
        try:
            value = privacy.reveal_resident(self.context.actor, resident_id, field)
        except (privacy.PrivacyError, PermissionDenied) as exc:
            messages.warn(
                self,
                QCoreApplication.translate("ResidentsPage", "The number cannot be shown"),
                str(exc),
            )
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
        if not self.can_write:
            return
        from office_app.services import residents_import

        path = self.choose_import_file()
        if path:
            run_file_import(
                self,
                self.context.ui,
                path,
                lambda file: residents_import.import_residents(self.context.actor, file),
                self.refresh,
            )

    # --- context menu ---------------------------------------------------------------------

    def _context_menu(self, pos: Any) -> None:
        index: QModelIndex = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.setCurrentIndex(index)
        row = index.row()
        menu = QMenu(self)
        menu.addAction(QCoreApplication.translate("ListPage", "Open"), lambda: self.open_row(row))
        menu.addSeparator()
        menu.addAction(self.reveal_doc_action)
        menu.addAction(self.reveal_phone_action)
        menu.addSeparator()
        menu.addAction(
            QCoreApplication.translate("ListPage", "Copy row"), lambda: self.copy_row(row)
        )
        menu.exec(self.table.viewport().mapToGlobal(pos))
