"""审计: the append-only audit trail, filtered by operator, action and date, and exported.

The trail is read-only here; exporting it is itself an audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from office_app.services import listings as L
from office_app.services.admin import audit_listing as audit_log
from office_app.services.admin.actor import PermissionDenied
from office_app.services.reporting.export import ExportError, ExportResult

from .. import file_dialogs
from ..context import AppContext
from ..dialogs import messages
from ..list_page import ChoiceFilter, ListPage
from ..widgets.page_parts import button, date_edit, export_start, remember_export, shortcut

# The earliest date a date box offers stands for "no limit".
NO_LIMIT = QDate(2000, 1, 1)


def action_title(code: str) -> str:
    """What happened, in words (打印日报); the code itself when nobody described it."""
    if code.endswith("."):
        family = code[:-1]
        words = audit_log.action_words(family)
        return QCoreApplication.translate("AuditPage", "{family} (all)").format(
            family=QCoreApplication.translate(L.CONTEXT, words) if words else family
        )
    words = audit_log.action_words(code)
    return QCoreApplication.translate(L.CONTEXT, words) if words else code


def entity_title(entity: str) -> str:
    words = audit_log.entity_words(entity)
    return QCoreApplication.translate(L.CONTEXT, words) if words else entity


class WordsDelegate(QStyledItemDelegate):
    """A column of codes shown in the user's words (打印日报), the code in the tooltip."""

    def __init__(self, words: Callable[[str], str], parent: QWidget) -> None:
        super().__init__(parent)
        self.words = words

    def displayText(self, value: Any, locale: Any) -> str:
        return self.words(str(value)) if value else ""

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            code = str(index.data() or "")
            if code:
                QToolTip.showText(event.globalPos(), self.tooltip(code), view)
                return True
        return super().helpEvent(event, view, option, index)

    def tooltip(self, code: str) -> str:
        return QCoreApplication.translate("AuditPage", "Code: {code}").format(code=code)


class AuditPage(ListPage):
    def __init__(self, context: AppContext) -> None:
        super().__init__(
            context,
            audit_log.AUDIT_PAGE,
            filters=[
                ChoiceFilter(
                    "operator",
                    QCoreApplication.translate("AuditPage", "Operator"),
                    lambda: [(n, n) for n in audit_log.operator_names()],
                ),
                ChoiceFilter(
                    "action",
                    QCoreApplication.translate("AuditPage", "Action"),
                    lambda: [(a, action_title(a)) for a in audit_log.actions()],
                ),
            ],
        )
        keys = [c.key for c in self.listing.columns]
        self.action_delegate = WordsDelegate(action_title, self.table)
        self.table.setItemDelegateForColumn(keys.index("action"), self.action_delegate)
        self.entity_delegate = WordsDelegate(entity_title, self.table)
        self.table.setItemDelegateForColumn(keys.index("entity"), self.entity_delegate)
        self.date_from = self._date_edit("dateFrom")
        self.date_to = self._date_edit("dateTo")
        self.export_button = button(
            self,
            "exportButton",
            QCoreApplication.translate("AuditPage", "Export… (Ctrl+E)"),
            slot=self.choose_export_file,
        )
        shortcut(
            self,
            "Ctrl+E",
            self.choose_export_file,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        row = QHBoxLayout()
        row.addWidget(QLabel(QCoreApplication.translate("AuditPage", "From"), self))
        row.addWidget(self.date_from)
        row.addWidget(QLabel(QCoreApplication.translate("AuditPage", "To"), self))
        row.addWidget(self.date_to)
        row.addStretch(1)
        row.addWidget(self.export_button)
        self.header_layout.addLayout(row)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = date_edit(self, name)
        edit.setMinimumDate(NO_LIMIT)
        edit.setSpecialValueText(QCoreApplication.translate("AuditPage", "any"))
        edit.setDate(NO_LIMIT)
        edit.setMinimumWidth(130)
        edit.dateChanged.connect(self._dates_changed)
        return edit

    def set_dates(self, start: dt.date | None, end: dt.date | None) -> None:
        """Limit the list to entries from ``start`` to ``end`` (both days included)."""
        self.date_from.setDate(QDate(start) if start else NO_LIMIT)
        self.date_to.setDate(QDate(end) if end else NO_LIMIT)

    def _dates_changed(self) -> None:
        def value(edit: QDateEdit) -> dt.date | None:
            day = edit.date()
            return None if day == NO_LIMIT else day.toPython()  # type: ignore[return-value]

        self.model.set_filter(date_from=value(self.date_from), date_to=value(self.date_to))

    # --- export -------------------------------------------------------------------------

    def choose_export_file(self) -> None:
        stamp = dt.date.today().strftime("%Y%m%d")
        start = export_start(self.context.ui, f"审计-{stamp}.xlsx")
        path, _filter = file_dialogs.save_file_name(
            self,
            QCoreApplication.translate("AuditPage", "Export the audit trail"),
            start,
            QCoreApplication.translate("AuditPage", "Excel workbook (*.xlsx);;CSV (*.csv)"),
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> ExportResult | None:
        """Export the rows the filters show now."""
        remember_export(self.context.ui, path)
        titles = [QCoreApplication.translate(L.CONTEXT, c.title) for c in self.listing.columns]
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = audit_log.export_audit(
                self.context.actor,
                path,
                titles=titles,
                text=self.model.filter_text,
                filters=self.model.filters,
            )
        except (ExportError, PermissionDenied, OSError) as exc:
            QGuiApplication.restoreOverrideCursor()
            messages.warn(self, QCoreApplication.translate("AuditPage", "Export"), str(exc))
            return None
        QGuiApplication.restoreOverrideCursor()
        self.refresh()  # the export is in the trail now
        messages.inform(
            self,
            QCoreApplication.translate("AuditPage", "Export"),
            QCoreApplication.translate("AuditPage", "{rows} entries exported to {path}").format(
                rows=result.rows, path=result.path
            ),
        )
        return result
