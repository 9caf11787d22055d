"""Start-up pieces: logging with Qt's messages, the error dialog, translations, the font."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, qWarning
from PySide6.QtGui import QFontDatabase

from office_app import app as app_module
from office_app.logging_setup import setup_logging
from office_app.views.fonts import register_cjk_font
from office_app.views.startup_check import quick_check


def test_log_file_receives_qt_messages(office_app, tmp_path: Path) -> None:
    from PySide6.QtCore import qInstallMessageHandler

    from office_app.logging_setup import qt_message_handler

    path = setup_logging(tmp_path / "logs", route_qt=False)
    previous = qInstallMessageHandler(qt_message_handler)
    try:
        logging.getLogger("office_app.test").info("你好，日志")
        qWarning("a message from Qt")
    finally:
        qInstallMessageHandler(previous)
    for handler in logging.getLogger("office_app").handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "你好，日志" in text
    assert "a message from Qt" in text


def test_unexpected_exception_is_logged_and_shown(
    office_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = setup_logging(tmp_path / "logs", route_qt=False)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(app_module, "show_error", lambda m, d="": shown.append((m, d)))
    try:
        raise ValueError("boom")
    except ValueError as exc:
        app_module.excepthook(type(exc), exc, exc.__traceback__)
    assert shown and "意外错误" in shown[0][0] and "ValueError: boom" in shown[0][1]
    for handler in logging.getLogger("office_app").handlers:
        handler.flush()
    assert "ValueError: boom" in path.read_text(encoding="utf-8")


def test_english_is_selectable(office_app) -> None:
    try:
        assert app_module.install_translators(office_app, "en") is False
        assert QCoreApplication.translate("Pages", "Overview") == "Overview"
    finally:
        assert app_module.install_translators(office_app, "zh_CN") is True
    assert QCoreApplication.translate("Pages", "Overview") == "总览"


def test_the_shipped_font_is_registered_and_covers_rare_name_characters(office_app) -> None:
    family = register_cjk_font()
    assert family == "WenQuanYi Micro Hei"
    assert family in QFontDatabase.families()
    from PySide6.QtGui import QFont, QFontMetrics

    metrics = QFontMetrics(QFont(family))
    for ch in "张建国喆堃玥赟珺昇彧":
        assert metrics.inFontUcs4(ord(ch)), ch


def test_quick_check_finds_a_damaged_file(tmp_path: Path) -> None:
    good = tmp_path / "good.db"
    with sqlite3.connect(good) as raw:
        raw.execute("CREATE TABLE t (x)")
        raw.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(2000)])
    assert quick_check(good) == []
    bad = tmp_path / "bad.db"
    data = bytearray(good.read_bytes())
    for page in range(1, len(data) // 4096):
        data[page * 4096 : page * 4096 + 12] = b"\x0d\xff" * 6  # scribble over page headers
    bad.write_bytes(bytes(data))
    assert quick_check(bad) != []


def test_theme_sheet_is_rendered_once_then_reused(office_app) -> None:
    from PySide6.QtCore import QDir

    from office_app.views.theme import EXTRA_QSS, apply_theme, stylesheet, theme_folder

    family = register_cjk_font()
    try:
        first, _ = stylesheet("dark", family)
        again, cached = stylesheet("dark", family)
        assert cached and again == first and first.endswith(EXTRA_QSS)
        assert QDir.searchPaths("icon") == [str(theme_folder("dark"))]
        assert (theme_folder("dark") / "primary").is_dir()
        for old in theme_folder("dark").glob("stylesheet-*.qss"):
            old.unlink()
        rendered, cached = stylesheet("dark", family)
        assert not cached and rendered == first
    finally:
        apply_theme(office_app, "light")
    assert QDir.searchPaths("icon") == [str(theme_folder("light"))]


def test_risk_levels_are_shown_in_the_ui_language(office_app) -> None:
    from office_app.views.formatting import risk_label

    assert [risk_label(x) for x in ("高", "中", "低")] == ["高", "中", "低"]
    try:
        app_module.install_translators(office_app, "en")
        assert [risk_label(x) for x in ("高", "中", "低")] == ["High", "Medium", "Low"]
    finally:
        app_module.install_translators(office_app, "zh_CN")


def test_the_application_has_the_program_icon(office_app) -> None:
    assert not office_app.windowIcon().isNull()


def test_file_dialogs_start_in_documents_until_a_folder_is_used(ui, tmp_path) -> None:
    from PySide6.QtCore import QStandardPaths

    from office_app.views import ui_settings as U

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    Path(documents).mkdir(parents=True, exist_ok=True)
    for option in (U.LAST_IMPORT_FOLDER, U.LAST_EXPORT_FOLDER):
        assert ui.get(option) == documents
        ui.set(option, str(tmp_path))
        assert ui.get(option) == str(tmp_path)
        ui.set(option, str(tmp_path / "拔掉的U盘"))  # a folder that is gone
        assert ui.get(option) == documents


def test_only_a_damaged_file_is_offered_a_backup() -> None:
    from office_app.app import is_damaged
    from office_app.models.migrations import MigrationError

    assert is_damaged(sqlite3.DatabaseError("file is not a database"))
    assert is_damaged(sqlite3.DatabaseError("database disk image is malformed"))
    assert not is_damaged(sqlite3.OperationalError("database is locked"))
    assert not is_damaged(MigrationError("数据库版本 3 比本程序支持的版本 1 新"))
    assert not is_damaged(PermissionError("拒绝访问"))
