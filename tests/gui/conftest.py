"""GUI tests: one QApplication for the session, set up as the program sets itself up."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from office_app.models.database import close_database, open_database
from office_app.services.actor import SYSTEM
from office_app.views import ui_settings as U

DEMO_TODAY = dt.date(2022, 11, 22)


@pytest.fixture(scope="session")
def office_app(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> QApplication:
    from office_app.app import create_application

    folder = tmp_path_factory.mktemp("ui")
    ui = U.UiSettings(QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat))
    app = create_application(ui=ui)
    assert app is qapp
    return app


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database built once per session; tests work on copies of it."""
    from office_app.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    open_database(path)
    build_demo(SYSTEM, seed=1, today=DEMO_TODAY)
    close_database()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "演示 社区.db"
    shutil.copy2(demo_template, path)
    open_database(path)
    yield path
    close_database()


@pytest.fixture
def ui(tmp_path: Path) -> U.UiSettings:
    return U.UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
