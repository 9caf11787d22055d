"""Starting the program: the QApplication, font, translations, theme, log-in, main window."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

# Before the program's own modules: PySide6's import hook made cheaper (see the module).
from .views import pyside_feature  # noqa: F401  # isort: skip
from . import APP_NAME, ORG_NAME
from .logging_setup import log_file, setup_logging
from .paths import log_dir, resources_dir, translations_dir
from .services.admin.actor import Actor
from .services.admin.database import is_damaged, open_database

if TYPE_CHECKING:
    from .views.auto_backup import AutoBackup
    from .views.main_window import MainWindow
    from .views.ui_settings import UiSettings

log = logging.getLogger(__name__)

# Installed translators must stay referenced, or Qt drops them.
_translators: list[QTranslator] = []

# Qt's own zh_CN translation (qtbase_zh_CN) lacks a few words of its file dialog (their source
# texts gained a mnemonic). The program's translation carries them; Qt looks there when its
# own has nothing (the translator installed last is asked first).
QT_WORDS_MISSING_IN_QTBASE = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)


def install_translators(app: QCoreApplication, language: str) -> bool:
    """Install the program's and Qt's own translations for ``language``; False for English."""
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    if language.startswith("en"):
        QLocale.setDefault(QLocale(QLocale.Language.English))
        return False
    QLocale.setDefault(QLocale(language))
    ours = QTranslator(app)
    path = translations_dir() / f"office_app_{language}.qm"
    if not ours.load(str(path)):
        log.error("translation %s could not be loaded; the UI stays in English", path)
        return False
    app.installTranslator(ours)
    _translators.append(ours)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qtbase = QTranslator(app)
    if qtbase.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qtbase)
        _translators.append(qtbase)
    else:
        log.warning("Qt's own translation qtbase_%s not found in %s", language, qt_dir)
    return True


def create_application(argv: list[str] | None = None, *, ui: object | None = None) -> QApplication:
    """The QApplication with names, the CJK font, translations and the theme set."""
    from .views import ui_settings as U
    from .views.fonts import register_cjk_font
    from .views.theme import apply_theme

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    register_cjk_font()
    icon = resources_dir() / "icons" / "office_app.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    settings = ui if isinstance(ui, U.UiSettings) else U.UiSettings()
    install_translators(app, settings.get(U.LANGUAGE))
    apply_theme(app, settings.get(U.THEME))
    return app


def show_error(message: str, details: str = "") -> None:
    """A Chinese error dialog naming the log file (or stderr without a GUI)."""
    path = log_file()
    text = QCoreApplication.translate(
        "App", "{message}\n\nDetails are in the log file:\n{log}"
    ).format(message=message, log=path or "-")
    if (
        isinstance(QApplication.instance(), QApplication)
        and os.environ.get("QT_QPA_PLATFORM") != "offscreen"
    ):
        box = QMessageBox(
            QMessageBox.Icon.Critical, QCoreApplication.translate("App", "Error"), text
        )
        if details:
            box.setDetailedText(details)
        box.exec()
    else:
        print(text, file=sys.stderr)


def excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """Unexpected exceptions are logged and shown, never a silent exit."""
    from .services.admin.database import unavailable

    known = unavailable(value)
    if known is not None:  # busy past the timeout, or read-only: nothing was written
        log.error("database unavailable: %s", known)
        show_error(str(known))
        return
    details = "".join(traceback.format_exception(kind, value, tb))
    log.critical("unexpected error:\n%s", details)
    show_error(
        QCoreApplication.translate(
            "App",
            "An unexpected error occurred. Your data is safe; "
            "the last action may not have finished.",
        ),
        details,
    )


# The start-up check (quick_check) starts this long after the window's first frame: on a
# large file (555 MB at 1M test records, 0.7-1.1 s) it takes one of the two cores, and a
# page opened meanwhile waits for it (the tests page opened 0.4 s after the start: median
# 0.37 s with the check running, 0.25 s with it 3 s later; 9 runs alternating, load 4.3).
STARTUP_CHECK_DELAY_MS = 3000


# The pages whose modules are imported once the window is idle after the start (this long
# after its first frame), so that opening one the first time does not pay for it: the 核酸
# page's module and what it imports take 12-20 ms at the first opening.
PRELOADED_PAGES = ("tests",)
PRELOAD_DELAY_MS = 500


def preload_pages(window: MainWindow) -> None:
    for spec in window.specs:
        if spec.name in PRELOADED_PAGES and spec.name not in window.pages:
            spec.preload()


def start_main_window(db_path: Path, actor: Actor, ui: UiSettings) -> MainWindow:
    """The main window on the open database, with the start-up check running behind it."""
    from .views.context import AppContext
    from .views.main_window import MainWindow
    from .views.startup_check import StartupCheck

    on_file = isinstance(db_path, Path | str)  # else the office server's location
    if on_file:
        db_path = Path(db_path)
    window = MainWindow(AppContext(actor=actor, db_path=db_path, ui=ui))
    window.show()
    window.after_first_paint(
        lambda: QTimer.singleShot(PRELOAD_DELAY_MS, window, lambda: preload_pages(window))
    )
    if on_file:  # SQLite's quick_check of the file; a server checks its own pages
        path = db_path

        def check_file() -> None:
            check = StartupCheck(path, window)
            check.finished.connect(window.startup_check_done)
            check.start()

        # Once the window is on screen, and a moment later: the check's thread reads the
        # whole file, and on a busy machine shares the processor with the first paint and
        # with the first page the user opens.
        window.after_first_paint(
            lambda: QTimer.singleShot(STARTUP_CHECK_DELAY_MS, window, check_file)
        )
    return window


def start_auto_backup(window: MainWindow, actor: Actor, db_path: object) -> Callable[[], object]:
    """The automatic backups (views/auto_backup.py), set up once the window has painted its
    first frame (their module and the status bar's label are not part of it); returns what
    to call when the event loop has ended: the backup on exit (made even when the window
    never painted)."""
    made: list[AutoBackup] = []

    def make() -> AutoBackup:
        if not made:
            from .views.auto_backup import AutoBackup

            made.append(AutoBackup(window, actor, db_path))  # type: ignore[arg-type]
        return made[0]

    ended: list[bool] = []

    def start() -> None:
        if not ended:  # the event loop has not ended before the first frame came
            make().start()

    def on_exit() -> object:
        ended.append(True)
        return make().on_exit()

    window.after_first_paint(start)
    return on_exit


# While the log-in dialog waits for the user, the main window's module and its first page's
# are imported this long after it opened (it has painted by then): ≈ 40 ms that would
# otherwise come after the user's OK. Nothing changes when the log-in is answered at once.
PRELOAD_BEHIND_LOGIN_MS = 300


def preload_behind_login(ui: UiSettings) -> None:
    """Import the main window and its first page while the log-in dialog is open."""

    def preload() -> None:
        from .views import main_window  # noqa: F401
        from .views import ui_settings as U
        from .views.pages import page_specs

        specs = page_specs()
        last = ui.get(U.LAST_PAGE)
        next((s for s in specs if s.name == last), specs[0]).preload()

    QTimer.singleShot(PRELOAD_BEHIND_LOGIN_MS, preload)


def run_on_server(app: QApplication, ui: UiSettings, location: object) -> int:
    """The log-in and the main window on the office server, opened already (no lock file:
    the seats share it)."""
    from .views import ui_settings as U
    from .views.login_dialog import LoginDialog

    preload_behind_login(ui)
    actor = LoginDialog.ask(username=ui.get(U.LAST_USERNAME))
    if actor is None:
        return 0
    ui.set(U.LAST_USERNAME, actor.username)
    window = start_main_window(location, actor, ui)  # type: ignore[arg-type]
    backup_on_exit = start_auto_backup(window, actor, location)
    log.info("started on %s as %s", location, actor.username)
    code = app.exec()
    backup_on_exit()
    return code


def chosen_database(ui: UiSettings, db_path: Path | str | None) -> Path | object | None:
    """The database of this start (views/dialogs/connection_dialog.connect_at_start). A file
    chosen already, the usual start, needs neither the connection dialog's module nor its
    widgets' classes (≈ 20 ms of start-up): they are imported for the first start and for
    the office server only."""
    from .services.admin.connection import is_server
    from .views.database_choice import needs_first_choice, start_target

    target, source = start_target(ui, db_path)
    if not is_server(target) and not needs_first_choice(ui, source, target):
        return Path(target)
    from .views.dialogs.connection_dialog import connect_at_start

    return connect_at_start(ui, db_path)  # the first start asks: this PC or the server


def run_gui(db_path: Path | str | None = None, argv: list[str] | None = None) -> int:
    """The GUI on ``db_path`` (``--db``), else on ``OFFICE_APP_DB``, else on the database
    chosen at the first start or in 设置 (views/database_choice.py)."""
    import dataclasses

    from .services.admin.actor import ROLE_READONLY, SYSTEM
    from .views import ui_settings as U
    from .views.instance_lock import InstanceLock, LockUnavailable, ask_read_only
    from .views.login_dialog import LoginDialog

    setup_logging(log_dir())
    sys.excepthook = excepthook
    ui = U.UiSettings()
    app = create_application(argv, ui=ui)
    chosen = chosen_database(ui, db_path)
    if chosen is None:
        return 0
    if not isinstance(chosen, Path):  # the office server, reached and opened
        return run_on_server(app, ui, chosen)
    db_path = chosen
    try:
        lock = InstanceLock(db_path)
        read_only = not lock.acquire()
    except LockUnavailable as exc:  # an unwritable folder: say so, not "in use by ?"
        log.error("no lock beside %s: %s", db_path, exc)
        show_error(str(exc))
        return 2
    if read_only:
        if not ask_read_only(None, lock):
            return 0
        log.info("%s is held by another program; opening it read-only", db_path)
    try:
        open_database(db_path)
    except Exception as exc:  # shown to the user, with the log
        if isinstance(exc, OSError):  # busy, read-only or missing: the message says it all
            log.error("could not open %s: %s", db_path, exc)
        else:
            log.exception("could not open %s", db_path)
        from .views.recovery import offer_newest_backup  # ≈ 12 ms: imported on failure only

        # Whoever starts the program on a damaged file may bring back the newest good backup.
        # Only a damaged file: a newer schema, a locked or unreadable file is not helped by
        # going back to an older backup (that would silently lose the newer work).
        if (
            read_only
            or not is_damaged(exc)
            or not offer_newest_backup(None, db_path, SYSTEM, [str(exc)])
        ):
            show_error(
                QCoreApplication.translate(
                    "App", "The database {path} could not be opened: {error}"
                ).format(path=db_path, error=exc)
            )
            lock.release()
            return 2
    preload_behind_login(ui)
    actor = LoginDialog.ask(username=ui.get(U.LAST_USERNAME))
    if actor is None:
        lock.release()
        return 0
    ui.set(U.LAST_USERNAME, actor.username)
    if read_only:
        actor = dataclasses.replace(actor, role=ROLE_READONLY)
    else:
        lock.record_operator(actor)
    window = start_main_window(db_path, actor, ui)
    backup_on_exit = None if read_only else start_auto_backup(window, actor, db_path)
    if read_only:
        window.setWindowTitle(
            window.windowTitle() + QCoreApplication.translate("App", " (read-only)")
        )
    log.info("started on %s as %s%s", db_path, actor.username, " (read-only)" * read_only)
    code = app.exec()
    if backup_on_exit is not None:
        backup_on_exit()
    lock.release()
    return code
