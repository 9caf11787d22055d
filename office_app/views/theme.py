"""The qt-material theme (light or dark) with the CJK font and a readable size."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from .fonts import ui_font_family

log = logging.getLogger(__name__)

THEMES = {"light": "light_blue.xml", "dark": "dark_blue.xml"}
# 10.5 pt at 96 dpi; the guide asks for at least 10 pt.
FONT_PIXELS = 14

EXTRA_QSS = """
QListWidget#navRail { font-size: 14px; }
QListWidget#navRail::item { padding: 6px 2px; }
QLabel#pageTitle { font-size: 20px; font-weight: bold; }
QLabel#topBarCommunity { font-size: 16px; font-weight: bold; }
QFrame#tile { border-radius: 6px; }
QLabel#tileValue { font-size: 28px; font-weight: bold; }
QLabel#tileTitle { font-size: 14px; }
QHeaderView::section { padding: 0 6px; }
QTableView { font-size: 14px; }
"""


def apply_theme(app: QApplication, name: str = "light") -> str:
    """Apply the named theme; unknown names fall back to light. Returns the name applied."""
    import qt_material  # after PySide6, as qt-material asks

    if name not in THEMES:
        name = "light"
    family = ui_font_family()
    extra = {"font_family": family, "font_size": f"{FONT_PIXELS}px", "density_scale": "0"}
    qt_material.apply_stylesheet(
        app, theme=THEMES[name], invert_secondary=(name == "light"), extra=extra
    )
    app.setStyleSheet(app.styleSheet() + EXTRA_QSS)
    font = QFont(family)
    font.setPixelSize(FONT_PIXELS)
    app.setFont(font)
    app.setProperty("office_theme", name)
    return name
