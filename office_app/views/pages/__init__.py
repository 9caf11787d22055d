"""The pages of the main window, in navigation order."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from ..context import AppContext


@dataclass(frozen=True)
class PageSpec:
    name: str  # the command line's page name
    title: str  # English source text, translated in context "Pages"
    glyph: str  # the character on the navigation icon
    color: str
    # "module:Class" inside this package, imported when the page is first opened, so that
    # start-up imports only the overview's code.
    page_class: str

    def translated_title(self) -> str:
        return QCoreApplication.translate("Pages", self.title)

    def create(self, context: AppContext, parent: QWidget | None = None) -> QWidget:
        module, _, name = self.page_class.partition(":")
        cls = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        # A page that says so is built inside its parent: its widgets are styled once, not
        # again when it is moved into the window (the overview: ≈ 10 ms of start-up).
        if parent is not None and getattr(cls, "BUILT_IN_PARENT", False):
            return cast(QWidget, cls(context, parent))
        page: QWidget = cls(context)
        return page

    def preload(self) -> None:
        """Import the page's module (and what it imports) ahead of its first opening."""
        module, _, _name = self.page_class.partition(":")
        importlib.import_module(f"{__name__}.{module}")


def page_specs() -> list[PageSpec]:
    return [
        PageSpec(
            "overview",
            QT_TRANSLATE_NOOP("Pages", "Overview"),
            "览",
            "#1E88E5",
            "overview:OverviewPage",
        ),
        PageSpec(
            "buildings",
            QT_TRANSLATE_NOOP("Pages", "Buildings"),
            "楼",
            "#D32F2F",
            "buildings:BuildingsPage",
        ),
        PageSpec(
            "residents",
            QT_TRANSLATE_NOOP("Pages", "Residents"),
            "居",
            "#6D4C41",
            "residents:ResidentsPage",
        ),
        PageSpec(
            "volunteers",
            QT_TRANSLATE_NOOP("Pages", "Volunteers"),
            "志",
            "#C62828",
            "volunteers:VolunteersPage",
        ),
        PageSpec(
            "roster", QT_TRANSLATE_NOOP("Pages", "Roster"), "班", "#5E35B1", "roster:RosterPage"
        ),
        PageSpec("gate", QT_TRANSLATE_NOOP("Pages", "Gate"), "门", "#00897B", "gate:GatePage"),
        PageSpec(
            "supplies",
            QT_TRANSLATE_NOOP("Pages", "Supplies"),
            "物",
            "#F57C00",
            "supplies:SuppliesPage",
        ),
        PageSpec("tests", QT_TRANSLATE_NOOP("Pages", "Tests"), "检", "#3949AB", "tests:TestsPage"),
        PageSpec(
            "reports",
            QT_TRANSLATE_NOOP("Pages", "Reports"),
            "报",
            "#546E7A",
            "handovers:ReportsPage",
        ),
        PageSpec(
            "settings",
            QT_TRANSLATE_NOOP("Pages", "Settings"),
            "设",
            "#757575",
            "settings:SettingsPage",
        ),
        PageSpec("audit", QT_TRANSLATE_NOOP("Pages", "Audit"), "审", "#455A64", "audit:AuditPage"),
    ]


PAGE_NAMES = (
    "overview",
    "buildings",
    "residents",
    "volunteers",
    "roster",
    "gate",
    "supplies",
    "tests",
    "reports",
    "settings",
    "audit",
)
