"""How raw values are shown in tables: one place for dates, numbers, masks and colours."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from office_app.services import listings as L
from office_app.services.choices import RISK_HIGH, RISK_LOW, RISK_MEDIUM
from office_app.services.people.identity import mask_document, mask_phone

# How a risk change came about (RiskChange.source), as the history shows it.
RISK_SOURCES = {
    "manual": QT_TRANSLATE_NOOP("RiskHistory", "By hand"),
    "test": QT_TRANSLATE_NOOP("RiskHistory", "Test result"),
    "rule": QT_TRANSLATE_NOOP("RiskHistory", "Lowering rule"),
    "import": QT_TRANSLATE_NOOP("RiskHistory", "Import"),
}


RISK_NAMES = {
    RISK_HIGH: QT_TRANSLATE_NOOP("Risk", "High"),
    RISK_MEDIUM: QT_TRANSLATE_NOOP("Risk", "Medium"),
    RISK_LOW: QT_TRANSLATE_NOOP("Risk", "Low"),
}


# For the narrow board tiles.
RISK_SHORT_NAMES = {
    RISK_HIGH: QT_TRANSLATE_NOOP("RiskShort", "High"),
    RISK_MEDIUM: QT_TRANSLATE_NOOP("RiskShort", "Med."),
    RISK_LOW: QT_TRANSLATE_NOOP("RiskShort", "Low"),
}


def risk_label(level: str, *, short: bool = False) -> str:
    """A risk level (stored as 高/中/低) in the UI's language."""
    context = "RiskShort" if short else "Risk"
    name = (RISK_SHORT_NAMES if short else RISK_NAMES).get(level)
    return QCoreApplication.translate(context, name) if name else level


def format_value(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if kind == L.RISK:
        return risk_label(str(value))
    if kind == L.RISK_SOURCE:
        label = RISK_SOURCES.get(str(value))
        return QCoreApplication.translate("RiskHistory", label) if label else str(value)
    if kind == L.DATETIME:
        if isinstance(value, dt.datetime):
            return value.strftime("%Y-%m-%d %H:%M")
        return str(value)[:16]
    if kind == L.DATE:
        if isinstance(value, dt.date):
            return value.strftime("%Y-%m-%d")
        return str(value)[:10]
    if kind == L.DOCUMENT:
        return mask_document(str(value))
    if kind == L.PHONE:
        return mask_phone(str(value))
    if kind == L.BOOL:
        return (
            QCoreApplication.translate("Format", "Yes")
            if value
            else QCoreApplication.translate("Format", "No")
        )
    if kind == L.INT:
        return f"{int(value):,}" if isinstance(value, int | float) else str(value)
    return str(value)


def sort_value(value: Any) -> Any:
    """A raw value for Qt.UserRole: comparable, never None."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


# Operators' roles (stored as admin/duty/readonly) in the UI's language.
ROLE_NAMES = {
    "admin": QT_TRANSLATE_NOOP("Roles", "Administrator"),
    "duty": QT_TRANSLATE_NOOP("Roles", "Duty officer"),
    "readonly": QT_TRANSLATE_NOOP("Roles", "Read-only"),
}


def role_label(role: str) -> str:
    name = ROLE_NAMES.get(role)
    return QCoreApplication.translate("Roles", name) if name else role


def operator_label(username: str, display_name: str) -> str:
    """Who acts, as the window names them: the command line's built-in operator in words."""
    from office_app.services.admin.actor import SYSTEM_USERNAME

    if username == SYSTEM_USERNAME:
        return QCoreApplication.translate("Roles", "Local command line")
    return display_name or username
