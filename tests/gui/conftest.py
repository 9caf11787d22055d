"""GUI tests: one QApplication for the session, set up as the program sets itself up."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from office_app.views import ui_settings as U

from .recording import Calls, record_message_boxes


@pytest.fixture(scope="session")
def office_app(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> QApplication:
    from office_app.app import create_application

    folder = tmp_path_factory.mktemp("ui")
    ui = U.UiSettings(QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat))
    app = create_application(ui=ui)
    assert app is qapp
    return app


@pytest.fixture
def ui(tmp_path: Path) -> U.UiSettings:
    return U.UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> dict[str, Calls]:
    """Message boxes recorded instead of shown (see recording.record_message_boxes)."""
    return record_message_boxes(monkeypatch)
