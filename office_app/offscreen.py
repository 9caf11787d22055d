"""Rendering without a screen: page screenshots and the self-test of an installed bundle."""

from __future__ import annotations

import atexit
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

SCREENSHOT_SIZE = (1280, 800)


def _offscreen() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _window(db_path: Path, page: str, *, theme: str = "light", language: str = "zh_CN"):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from .app import create_application
    from .services.admin.actor import SYSTEM
    from .services.admin.database import open_database
    from .views import ui_settings as U
    from .views.context import AppContext
    from .views.main_window import MainWindow
    from .views.pages import PAGE_NAMES

    if page not in PAGE_NAMES:
        raise ValueError(f"没有名为 {page} 的页面；可用：{', '.join(PAGE_NAMES)}")
    # Preferences in a throw-away file, removed at exit: a screenshot changes nothing of the user's.
    folder = tempfile.TemporaryDirectory(prefix="office-app-ui-")
    atexit.register(folder.cleanup)
    ui = U.UiSettings(QSettings(str(Path(folder.name) / "ui.ini"), QSettings.Format.IniFormat))
    ui.set(U.THEME, theme)
    ui.set(U.LANGUAGE, language)
    app = create_application(ui=ui)
    open_database(db_path)
    window = MainWindow(AppContext(actor=SYSTEM, db_path=db_path, ui=ui))
    window.resize(*SCREENSHOT_SIZE)
    window.show_page(page)
    window.show()
    assert isinstance(app, QApplication)
    for _ in range(5):
        app.processEvents()
    return app, window


def screenshot(
    db_path: Path, page: str, out: Path, *, theme: str = "light", language: str = "zh_CN"
) -> Path:
    """Render ``page`` of the main window at 1280×800 into ``out`` (PNG)."""
    _offscreen()
    _app, window = _window(db_path, page, theme=theme, language=language)
    out.parent.mkdir(parents=True, exist_ok=True)
    pixmap = window.grab()
    if not pixmap.save(str(out), "PNG"):
        raise OSError(f"无法写入截图文件 {out}")
    window.close()
    return out


def self_test() -> list[str]:
    """Open the main window on a fresh temporary database and visit every page, then write
    the current shift's handover PDF into the same folder, check it (Chinese text present,
    every font embedded) and render its pages as the preview and printing do (none blank).

    Returns the problems found (empty when all is well).
    """
    _offscreen()
    from .reports.self_test_pdf import write_and_check_handover
    from .services.admin.database import close_database
    from .services.admin.integrity import check_database
    from .views.pages import PAGE_NAMES

    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="office-app-self-test-") as folder:
        db_path = Path(folder) / "自检 数据库.db"
        app, window = _window(db_path, "overview")
        for name in PAGE_NAMES:
            page = window.show_page(name)
            app.processEvents()
            if window.current_page() is not page:
                problems.append(f"page {name} did not show")
        report = check_database()
        problems.extend(report.problems)
        pdf_path = Path(folder) / "自检 交接班.pdf"
        problems.extend(write_and_check_handover(pdf_path))
        if pdf_path.is_file():
            problems.extend(_check_rendering(pdf_path))
        window.close()
        close_database()
    return problems


def _check_rendering(path: Path) -> list[str]:
    """Render the PDF's pages as the handover preview and printing do (pypdfium2)."""
    from PySide6.QtGui import QImage

    from .views.pages.handovers import render_pages

    try:
        images = render_pages(path.read_bytes(), 0.5)
    except Exception as exc:  # a self-test reports every failure instead of stopping
        return [f"PDF {path}: could not be rendered: {exc}"]
    if not images:
        return [f"PDF {path}: no page rendered"]
    problems = []
    for number, image in enumerate(images, start=1):
        gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
        data, stride, width = bytes(gray.constBits()), gray.bytesPerLine(), gray.width()
        # Each line is padded to 4 bytes; the padding is not part of the picture.
        darkest = min(min(data[y * stride : y * stride + width]) for y in range(gray.height()))
        if darkest > 128:
            problems.append(f"PDF {path}: page {number} renders blank")
    return problems
