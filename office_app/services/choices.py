"""Values offered in filter boxes and forms: the community's compounds, buildings and the
fixed lists of the domain (risk levels, special groups, post kinds, …).

The views and the command line take these lists from here, never from ``models``.
"""

from __future__ import annotations

from typing import cast

from office_app.models import Building, Compound
from office_app.models.gate import DECISIONS, EXIT_REASONS, URGENCIES
from office_app.models.people import (
    CONTROL_ISOLATION,
    CONTROL_MONITORING,
    CONTROL_STATUSES,
    SPECIAL_GROUPS,
)
from office_app.models.places import RISK_HIGH, RISK_LEVELS, RISK_LOW, RISK_MEDIUM
from office_app.models.roster import POST_KINDS, SERVICE_KINDS
from office_app.models.supplies import BATCH_SOURCES, CATEGORIES
from office_app.models.testing import (
    RESULT_NEGATIVE,
    RESULT_PENDING,
    RESULT_POOLED_POSITIVE,
    RESULT_POSITIVE,
    RESULT_REVIEW,
    RESULTS,
)
from office_app.models.volunteers import (
    GRID_ROLES,
    ORG_KINDS,
    ORG_LEVELS,
    STATUS_ON_DUTY,
    VOLUNTEER_KINDS,
    VOLUNTEER_STATUSES,
)

__all__ = [
    "BATCH_SOURCES",
    "CATEGORIES",
    "CONTROL_ISOLATION",
    "CONTROL_MONITORING",
    "CONTROL_STATUSES",
    "DECISIONS",
    "EXIT_REASONS",
    "GRID_ROLES",
    "ORG_KINDS",
    "ORG_LEVELS",
    "POST_KINDS",
    "RESULTS",
    "RESULT_NEGATIVE",
    "RESULT_PENDING",
    "RESULT_POOLED_POSITIVE",
    "RESULT_POSITIVE",
    "RESULT_REVIEW",
    "RISK_HIGH",
    "RISK_LEVELS",
    "RISK_LOW",
    "RISK_MEDIUM",
    "SERVICE_KINDS",
    "SPECIAL_GROUPS",
    "STATUS_ON_DUTY",
    "URGENCIES",
    "VOLUNTEER_KINDS",
    "VOLUNTEER_STATUSES",
    "buildings",
    "compounds",
    "fixed",
    "natural_key",
]


def compounds() -> list[tuple[int, str]]:
    return [
        (c.id, c.name) for c in Compound.select(Compound.id, Compound.name).order_by(Compound.name)
    ]


def buildings() -> list[tuple[int, str]]:
    """Every building as ``(id, "小区 楼栋")``, in compound order and natural building order."""
    rows = cast(
        list[tuple[int, str, str]],
        list(Building.select(Building.id, Compound.name, Building.name).join(Compound).tuples()),
    )
    items = [(bid, f"{compound} {name}", compound, name) for bid, compound, name in rows]
    items.sort(key=lambda item: (item[2], natural_key(item[3])))
    return [(item[0], item[1]) for item in items]


def natural_key(text: str) -> tuple[object, ...]:
    """Sort 2栋 before 10栋."""
    digits = "".join(ch for ch in text if ch.isdigit())
    return (int(digits) if digits else 10**9, text)


def fixed(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(v, v) for v in values]
