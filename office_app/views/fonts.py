"""The shipped CJK font, registered with Qt so Chinese renders on a PC without one."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase

from office_app.paths import font_path

log = logging.getLogger(__name__)

FALLBACK_FAMILY = "WenQuanYi Micro Hei"
_family: str | None = None


def register_cjk_font() -> str:
    """Register resources/fonts/wqy-microhei-gbk.ttf once; return its family name."""
    global _family
    if _family is not None:
        return _family
    path = font_path()
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.error("could not load the CJK font %s; Chinese may show as boxes", path)
        _family = FALLBACK_FAMILY
    else:
        _family = families[0]
    return _family


def ui_font_family() -> str:
    return _family or register_cjk_font()
