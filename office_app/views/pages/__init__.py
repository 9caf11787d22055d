"""The pages of the main window, in navigation order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from ..context import AppContext


@dataclass(frozen=True)
class PageSpec:
    name: str  # the command line's page name
    title: str  # English source text, translated in context "Pages"
    glyph: str  # the character on the navigation icon
    color: str
    factory: Callable[[AppContext], QWidget]

    def translated_title(self) -> str:
        return QCoreApplication.translate("Pages", self.title)


def page_specs() -> list[PageSpec]:
    from .buildings import BuildingsPage
    from .lists import (
        AuditPage,
        GatePage,
        ReportsPage,
        ResidentsPage,
        RosterPage,
        SuppliesPage,
        TestsPage,
        VolunteersPage,
    )
    from .overview import OverviewPage
    from .settings import SettingsPage

    return [
        PageSpec("overview", QT_TRANSLATE_NOOP("Pages", "Overview"), "览", "#1E88E5", OverviewPage),
        PageSpec(
            "buildings", QT_TRANSLATE_NOOP("Pages", "Buildings"), "楼", "#D32F2F", BuildingsPage
        ),
        PageSpec(
            "residents", QT_TRANSLATE_NOOP("Pages", "Residents"), "居", "#6D4C41", ResidentsPage
        ),
        PageSpec(
            "volunteers", QT_TRANSLATE_NOOP("Pages", "Volunteers"), "志", "#C62828", VolunteersPage
        ),
        PageSpec("roster", QT_TRANSLATE_NOOP("Pages", "Roster"), "班", "#5E35B1", RosterPage),
        PageSpec("gate", QT_TRANSLATE_NOOP("Pages", "Gate"), "门", "#00897B", GatePage),
        PageSpec("supplies", QT_TRANSLATE_NOOP("Pages", "Supplies"), "物", "#F57C00", SuppliesPage),
        PageSpec("tests", QT_TRANSLATE_NOOP("Pages", "Tests"), "检", "#3949AB", TestsPage),
        PageSpec("reports", QT_TRANSLATE_NOOP("Pages", "Reports"), "报", "#546E7A", ReportsPage),
        PageSpec("settings", QT_TRANSLATE_NOOP("Pages", "Settings"), "设", "#757575", SettingsPage),
        PageSpec("audit", QT_TRANSLATE_NOOP("Pages", "Audit"), "审", "#455A64", AuditPage),
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
