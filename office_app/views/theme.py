"""The qt-material theme (light or dark) with the CJK font and a readable size.

qt-material renders its stylesheet from a Jinja template and writes its icons on every
apply, which costs more than the rest of the start-up together. The rendered sheet is kept
beside its icons (``~/.qt_material/office-<theme>``) and reused while qt-material's template
and our settings stay the same.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
from pathlib import Path

from PySide6.QtCore import QDir
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
QListView::indicator:unchecked { image: url(icon:/primary/checkbox_unchecked.svg); }
QListView::indicator:unchecked:disabled { image: url(icon:/disabled/checkbox_unchecked.svg); }
QListView::indicator:checked { image: url(icon:/primary/checkbox_checked.svg); }
QListView::indicator:checked:disabled { image: url(icon:/disabled/checkbox_checked.svg); }
"""
# qt-material draws a list's check mark only when checked: an unchecked row showed nothing
# to click (a distribution round's buildings). The last four lines give lists real boxes.


def _qt_material_dir() -> Path:
    spec = importlib.util.find_spec("qt_material")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("qt-material is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def theme_folder(name: str) -> Path:
    """Where qt-material writes this theme's icons (and we keep the rendered sheet)."""
    return Path.home() / ".qt_material" / f"office-{name}"


def _cache_key(name: str, extra: dict[str, str]) -> str:
    template = _qt_material_dir() / "material.qss.template"
    stat = os.stat(template)
    payload = [THEMES[name], extra, EXTRA_QSS, stat.st_size, stat.st_mtime_ns]
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]


def stylesheet(name: str, family: str) -> tuple[str, bool]:
    """The full stylesheet for theme ``name``, and whether it came from the cache."""
    extra = {"font_family": family, "font_size": f"{FONT_PIXELS}px", "density_scale": "0"}
    folder = theme_folder(name)
    cached = folder / f"stylesheet-{_cache_key(name, extra)}.qss"
    if cached.is_file() and (folder / "primary").is_dir():
        QDir.setSearchPaths("icon", [str(folder)])
        return cached.read_text(encoding="utf-8"), True
    import qt_material  # after PySide6, as qt-material asks

    # export=True: skip qt-material's Roboto fonts; the shipped CJK font covers Latin too.
    sheet = qt_material.build_stylesheet(
        theme=THEMES[name],
        invert_secondary=(name == "light"),
        extra=extra,
        parent=f"office-{name}",
        export=True,
    )
    # qt-material adds its icon folder to the search path; keep only this theme's.
    QDir.setSearchPaths("icon", [str(folder)])
    full = (sheet or "") + EXTRA_QSS
    try:
        for old in folder.glob("stylesheet-*.qss"):
            old.unlink()
        partial = cached.with_suffix(".partial")
        partial.write_text(full, encoding="utf-8")
        partial.replace(cached)
    except OSError:
        log.warning("could not keep the rendered stylesheet in %s", folder, exc_info=True)
    return full, False


def apply_theme(app: QApplication, name: str = "light") -> str:
    """Apply the named theme; unknown names fall back to light. Returns the name applied."""
    if name not in THEMES:
        name = "light"
    family = ui_font_family()
    font = QFont(family)
    font.setPixelSize(FONT_PIXELS)
    app.setFont(font)
    app.setStyle("Fusion")
    sheet, _cached = stylesheet(name, family)
    app.setStyleSheet(sheet)
    app.setProperty("office_theme", name)
    return name
