"""Where things live: the shipped resources, the user's data folder, the default database."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QStandardPaths

from . import APP_NAME, ORG_NAME

if TYPE_CHECKING:
    from .models.engine import ServerUrl

DB_ENV = "OFFICE_APP_DB"
DB_FILE_NAME = "office.db"


def resources_dir() -> Path:
    """The shipped resources (font with its licence, icons, .qm translations): the one place
    that says where they are.

    - PyInstaller bundle: ``_internal/resources`` (``sys._MEIPASS``; installer/office_app.spec
      puts them there);
    - installed wheel: ``office_app/resources`` inside the package (the package build copies
      them there and compiles the .qm: build_hooks/office_build.py);
    - checkout (editable install, or run from the repository): ``resources/`` beside the
      package, the folder the project keeps them in (its .qm built by ``pip install -e``,
      scripts/setup.sh or ``scripts/translations.py build``).
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    package = Path(__file__).resolve().parent
    installed = package / "resources"
    if installed.is_dir():
        return installed
    return package.parent / "resources"


def font_path() -> Path:
    return resources_dir() / "fonts" / "wqy-microhei-gbk.ttf"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def data_dir() -> Path:
    """The user's data folder (QStandardPaths AppDataLocation), created on demand."""
    if not QCoreApplication.organizationName():
        QCoreApplication.setOrganizationName(ORG_NAME)
    if not QCoreApplication.applicationName():
        QCoreApplication.setApplicationName(APP_NAME)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    path = Path(location) if location else Path.home() / f".{APP_NAME}"
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path | ServerUrl:
    """``OFFICE_APP_DB`` (a file, or an office server's ``postgresql://`` URL), else
    ``office.db`` in the user's data folder."""
    from .models.engine import location

    env = os.environ.get(DB_ENV)
    if env:
        return location(env)
    return data_dir() / DB_FILE_NAME


def log_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path
