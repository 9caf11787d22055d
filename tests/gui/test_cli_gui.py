"""The command line's GUI commands: screenshot of every page, --self-test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from office_app.cli import main
from office_app.views.pages import PAGE_NAMES


def _distinct_colours(image: QImage, step: int = 16) -> int:
    colours = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            colours.add(image.pixel(x, y))
    return len(colours)


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_screenshot_of_every_page(
    page: str, office_app, demo_template: Path, tmp_path: Path, capsys
) -> None:
    db = tmp_path / "demo.db"
    db.write_bytes(demo_template.read_bytes())
    out = tmp_path / "shots" / f"{page}.png"
    assert main(["--db", str(db), "screenshot", "--page", page, "--out", str(out)]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    assert _distinct_colours(image) > 8  # something was drawn, not a blank grey


def test_screenshot_of_an_unknown_page_exits_2(tmp_path: Path, capsys) -> None:
    code = main(["--db", str(tmp_path / "x.db"), "screenshot", "--page", "nope", "--out", "x.png"])
    assert code == 2
    assert "overview" in capsys.readouterr().err


def test_self_test_runs_as_a_program(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "office_app.cli", "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "self-test OK" in result.stdout
