"""paths.resources_dir: the one place that says where the shipped resources are (issue 23).

The three layouts are built here as folders; the slow tests run the real ones (an installed
wheel: tests/installer/test_package.py; the bundle: tests/installer/test_bundle.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from office_app import paths


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """office_app/ as if it lived in tmp_path/<root>/office_app."""
    folder = tmp_path / "root" / "office_app"
    folder.mkdir(parents=True)
    monkeypatch.setattr(paths, "__file__", str(folder / "paths.py"))
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    return folder


def test_a_checkout_uses_the_top_level_resources_folder(package: Path) -> None:
    assert paths.resources_dir() == package.parent / "resources"
    assert paths.font_path() == package.parent / "resources/fonts/wqy-microhei-gbk.ttf"


def test_an_installed_wheel_uses_the_resources_inside_the_package(package: Path) -> None:
    (package / "resources").mkdir()
    (package.parent / "resources").mkdir()  # a stray folder beside site-packages' package
    assert paths.resources_dir() == package / "resources"
    assert paths.translations_dir() == package / "resources" / "translations"


def test_the_bundle_uses_its_own_folder(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (package / "resources").mkdir()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    assert paths.resources_dir() == tmp_path / "_internal" / "resources"


def test_this_checkout_finds_its_font() -> None:
    assert paths.font_path().is_file()
    assert paths.resources_dir() == Path(__file__).resolve().parents[2] / "resources"
