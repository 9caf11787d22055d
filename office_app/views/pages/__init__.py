"""The pages of the main window, in navigation order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
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


def _titles() -> None:
    # lupdate reads the page titles from here; PageSpec.translated_title looks them up.
    for text in (
        QCoreApplication.translate("Pages", "Overview"),
        QCoreApplication.translate("Pages", "Buildings"),
        QCoreApplication.translate("Pages", "Residents"),
        QCoreApplication.translate("Pages", "Volunteers"),
        QCoreApplication.translate("Pages", "Roster"),
        QCoreApplication.translate("Pages", "Gate"),
        QCoreApplication.translate("Pages", "Supplies"),
        QCoreApplication.translate("Pages", "Tests"),
        QCoreApplication.translate("Pages", "Reports"),
        QCoreApplication.translate("Pages", "Settings"),
        QCoreApplication.translate("Pages", "Audit"),
    ):
        del text


def page_specs() -> list[PageSpec]:
    from .lists import (
        AuditPage,
        BuildingsPage,
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
        PageSpec("overview", "Overview", "览", "#1E88E5", OverviewPage),
        PageSpec("buildings", "Buildings", "楼", "#D32F2F", BuildingsPage),
        PageSpec("residents", "Residents", "居", "#6D4C41", ResidentsPage),
        PageSpec("volunteers", "Volunteers", "志", "#C62828", VolunteersPage),
        PageSpec("roster", "Roster", "班", "#5E35B1", RosterPage),
        PageSpec("gate", "Gate", "门", "#00897B", GatePage),
        PageSpec("supplies", "Supplies", "物", "#F57C00", SuppliesPage),
        PageSpec("tests", "Tests", "检", "#3949AB", TestsPage),
        PageSpec("reports", "Reports", "报", "#546E7A", ReportsPage),
        PageSpec("settings", "Settings", "设", "#757575", SettingsPage),
        PageSpec("audit", "Audit", "审", "#455A64", AuditPage),
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
