"""The pages that are, for now, one list each (later work adds their editors)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from office_app.models.supplies import CATEGORIES
from office_app.models.testing import RESULTS
from office_app.models.volunteers import VOLUNTEER_STATUSES
from office_app.services import choices
from office_app.services import listings as L

from ..context import AppContext
from ..list_page import ChoiceFilter, ListPage


class VolunteersPage(ListPage):
    def __init__(self, context: AppContext) -> None:
        super().__init__(
            context,
            L.VOLUNTEERS,
            filters=[
                ChoiceFilter(
                    "status",
                    QCoreApplication.translate("Filters", "Status"),
                    lambda: choices.fixed(VOLUNTEER_STATUSES),
                )
            ],
        )


class RosterPage(ListPage):
    def __init__(self, context: AppContext) -> None:
        super().__init__(context, L.ROSTER)


class SuppliesPage(ListPage):
    def __init__(self, context: AppContext) -> None:
        super().__init__(
            context,
            L.SUPPLIES,
            filters=[
                ChoiceFilter(
                    "category",
                    QCoreApplication.translate("Filters", "Category"),
                    lambda: choices.fixed(CATEGORIES),
                )
            ],
        )


class TestsPage(ListPage):
    __test__ = False

    def __init__(self, context: AppContext) -> None:
        super().__init__(
            context,
            L.TESTS,
            filters=[
                ChoiceFilter(
                    "building", QCoreApplication.translate("Filters", "Building"), choices.buildings
                ),
                ChoiceFilter(
                    "result",
                    QCoreApplication.translate("Filters", "Result"),
                    lambda: choices.fixed(RESULTS),
                ),
            ],
        )


class AuditPage(ListPage):
    def __init__(self, context: AppContext) -> None:
        super().__init__(context, L.AUDIT)
