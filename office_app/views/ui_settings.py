"""Per-user preferences, declared once with types and defaults, stored in QSettings (INI).

Community-wide settings (shifts, rules) live in the database instead: services.admin.settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

T = TypeVar("T")

SETTINGS_VERSION = 1


class Option(Generic[T]):
    def __init__(self, key: str, default: T) -> None:
        self.key = key
        self.default = default

    def get(self, settings: QSettings) -> T:
        value: Any = settings.value(self.key, self.default)
        if value is None:
            return self.default
        kind = type(self.default)
        try:
            if kind is bool and isinstance(value, str):
                return value.lower() in ("1", "true", "yes")  # type: ignore[return-value]
            if kind in (int, float, str):
                return kind(value)  # type: ignore[call-arg,no-any-return]
        except (TypeError, ValueError):
            return self.default
        return value  # type: ignore[no-any-return]

    def set(self, settings: QSettings, value: T) -> None:
        settings.setValue(self.key, value)


THEME = Option("ui/theme", "light")  # "light" or "dark"
LANGUAGE = Option("ui/language", "zh_CN")  # "zh_CN" or "en"
GEOMETRY = Option("window/geometry", QByteArray())
WINDOW_STATE = Option("window/state", QByteArray())
LAST_PAGE = Option("window/last_page", "overview")
LAST_IMPORT_FOLDER = Option("folders/import", "")
LAST_EXPORT_FOLDER = Option("folders/export", "")
LAST_USERNAME = Option("login/username", "")
LAST_PRINTER = Option("printing/printer", "")  # the printer chosen last (views/printing.py)
# The community databases the subdistrict summary adds up, one path a line.
SUBDISTRICT_SOURCES = Option("reports/subdistrict_sources", "")
# File dialogs start in the folder used last, else in the user's Documents.
FOLDER_OPTIONS = (LAST_IMPORT_FOLDER, LAST_EXPORT_FOLDER)
VERSION = Option("meta/version", 0)


def documents_folder() -> str:
    """The user's Documents folder (Windows: 文档 / Documents), else the home folder."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return location if location and Path(location).is_dir() else str(Path.home())


def column_widths_key(listing: str) -> str:
    return f"columns/{listing}"


class UiSettings:
    """A thin typed facade over one QSettings file."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.qsettings = settings or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, "CommunityOffice", "office-app"
        )
        self._upgrade()

    def _upgrade(self) -> None:
        version = VERSION.get(self.qsettings)
        if version < SETTINGS_VERSION:
            # Version 1 is the first; later upgrades rename or convert keys here, in order.
            VERSION.set(self.qsettings, SETTINGS_VERSION)

    def get(self, option: Option[T]) -> T:
        value = option.get(self.qsettings)
        if option in FOLDER_OPTIONS and not (value and Path(str(value)).is_dir()):
            # Never used yet, or the folder is gone (a USB stick pulled out): Documents.
            return documents_folder()  # type: ignore[return-value]
        return value

    def set(self, option: Option[T], value: T) -> None:
        option.set(self.qsettings, value)

    def column_widths(self, listing: str) -> list[int]:
        raw = self.qsettings.value(column_widths_key(listing), "")
        if not raw or not isinstance(raw, str):
            return []
        try:
            return [int(x) for x in raw.split(",")]
        except ValueError:
            return []

    def set_column_widths(self, listing: str, widths: list[int]) -> None:
        self.qsettings.setValue(column_widths_key(listing), ",".join(str(w) for w in widths))

    def sync(self) -> None:
        self.qsettings.sync()
