"""The main window: navigation rail, top bar, the pages, the status bar."""

from __future__ import annotations

import datetime as dt
import logging
import platform
from collections.abc import Callable

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, QLocale, QSize, Qt, QTimer, qVersion
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from office_app import __version__
from office_app.logging_setup import log_file
from office_app.services.admin import settings as community_settings
from office_app.services.clock import now

from . import ui_settings as U
from .context import AppContext
from .formatting import operator_label, role_label
from .icons import glyph_icon
from .live_refresh import LiveRefresh, SeatPresence
from .pages import PageSpec, page_specs
from .theme import apply_theme

log = logging.getLogger(__name__)

# after_first_paint's work runs at the latest this long after it was asked for.
AFTER_PAINT_LATEST_MS = 3000


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.specs: list[PageSpec] = page_specs()
        self.pages: dict[str, QWidget] = {}
        self.check_problems: list[str] | None = None
        # What waits for the first frame (after_first_paint); None once it is painted.
        self._after_paint: list[Callable[[], None]] | None = []
        self._painted = False
        self._closed = False
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "Community Office"))
        self.setMinimumSize(1024, 680)

        self.nav = QListWidget(self)
        self.nav.setObjectName("navRail")
        self.nav.setIconSize(QSize(28, 28))
        self.nav.setFixedWidth(150)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for number, spec in enumerate(self.specs, start=1):
            item = QListWidgetItem(glyph_icon(spec.glyph, spec.color), spec.translated_title())
            item.setData(Qt.ItemDataRole.UserRole, spec.name)
            if number <= 9:
                item.setToolTip(f"Ctrl+{number}")
            self.nav.addItem(item)
        self.stack = QStackedWidget(self)
        self.nav.currentRowChanged.connect(self._show_row)

        self.top_bar = self._build_top_bar()
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.top_bar)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        self.db_label = QLabel(self)
        self.db_label.setObjectName("dbLabel")
        self.operator_label = QLabel(self)
        self.operator_label.setObjectName("operatorLabel")
        self.statusBar().addPermanentWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.operator_label)
        self.db_label.setText(
            QCoreApplication.translate("MainWindow", "Database: {path}").format(
                path=context.db_path
            )
        )
        self.operator_label.setText(self._operator_text())

        self._build_menus()
        self._restore()
        self._clock = QTimer(self)
        self._clock.setInterval(30_000)
        self._clock.timeout.connect(self.update_top_bar)
        self._clock.start()
        # Several seats at once: pages follow the others' changes; the server names the seats.
        self.live = LiveRefresh(self, current=self._shown_page, pages=lambda: dict(self.pages))
        self.presence = SeatPresence(self, context.actor, self.seats_label)

    # --- building -----------------------------------------------------------------------

    def after_first_paint(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once the window's first frame is painted (right away if it is):
        for start-up work that is not part of that frame (the database check, the automatic
        backups), so that the frame does not wait for it."""
        if self._closed:  # the window is gone: its start-up work with it
            return
        if self._after_paint is None:
            callback()
            return
        if not self._after_paint:  # should no frame come (a window never painted), anyway
            QTimer.singleShot(AFTER_PAINT_LATEST_MS, self._run_after_paint)
        self._after_paint.append(callback)

    def _run_after_paint(self) -> None:
        waiting, self._after_paint = self._after_paint, None
        if self._closed:
            return
        for callback in waiting or ():
            callback()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._after_paint is not None and not self._painted:
            self._painted = True
            # The children paint after the window itself: the frame is finished when the
            # event loop comes round again.
            QTimer.singleShot(0, self._run_after_paint)

    def _operator_text(self) -> str:
        actor = self.context.actor
        return QCoreApplication.translate("MainWindow", "Operator: {name} ({role})").format(
            name=operator_label(actor.username, actor.display_name), role=role_label(actor.role)
        )

    def _build_top_bar(self) -> QFrame:
        bar = QFrame(self)
        bar.setObjectName("topBar")
        self.community_label = QLabel(bar)
        self.community_label.setObjectName("topBarCommunity")
        self.date_label = QLabel(bar)
        self.date_label.setObjectName("topBarDate")
        self.shift_label = QLabel(bar)
        self.shift_label.setObjectName("topBarShift")
        self.top_operator_label = QLabel(bar)
        self.top_operator_label.setObjectName("topBarOperator")
        self.seats_label = QLabel(bar)
        self.seats_label.setObjectName("topBarSeats")
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addWidget(self.community_label)
        layout.addStretch(1)
        layout.addWidget(self.seats_label)
        layout.addSpacing(18)
        for label in (self.date_label, self.shift_label, self.top_operator_label):
            layout.addWidget(label)
            layout.addSpacing(18)
        self.update_top_bar()
        return bar

    def update_top_bar(self) -> None:
        settings = community_settings.load()
        moment = now()
        self.community_label.setText(
            f"{settings.district} {settings.subdistrict} {settings.community}"
        )
        weekday = QLocale().dayName(moment.isoweekday(), QLocale.FormatType.LongFormat)
        self.date_label.setText(f"{moment:%Y-%m-%d} {weekday}")
        day, shift = settings.shift_at(moment)
        self.shift_label.setText(
            QCoreApplication.translate("MainWindow", "Shift: {name} {start}–{end}").format(
                name=shift.name, start=shift.start, end=shift.end
            )
            + ("" if day == moment.date() else f"（{day:%m-%d}）")
        )
        self.top_operator_label.setText(self._operator_text())

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&File"))
        refresh = QAction(QCoreApplication.translate("MainWindow", "Refresh"), self)
        refresh.setShortcut(QKeySequence(Qt.Key.Key_F5))
        refresh.triggered.connect(self.refresh_current)
        file_menu.addAction(refresh)
        file_menu.addSeparator()
        quit_action = QAction(QCoreApplication.translate("MainWindow", "Quit"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        go_menu = self.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Go"))
        for number, spec in enumerate(self.specs, start=1):
            action = QAction(spec.translated_title(), self)
            if number <= 9:
                action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, n=spec.name: self.show_page(n))
            go_menu.addAction(action)

        # Not Alt+V: that is the reports page's 预览.
        view_menu = self.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Theme"))
        self.light_action = QAction(
            QCoreApplication.translate("MainWindow", "Light theme"), self, checkable=True
        )
        self.dark_action = QAction(
            QCoreApplication.translate("MainWindow", "Dark theme"), self, checkable=True
        )
        self.light_action.triggered.connect(lambda: self.set_theme("light"))
        self.dark_action.triggered.connect(lambda: self.set_theme("dark"))
        view_menu.addAction(self.light_action)
        view_menu.addAction(self.dark_action)
        self._sync_theme_actions(self.context.ui.get(U.THEME))

        find = QAction(QCoreApplication.translate("MainWindow", "Find"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.focus_filter)
        self.addAction(find)

        help_menu = self.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Help"))
        about = QAction(QCoreApplication.translate("MainWindow", "About Community Office"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    # --- pages --------------------------------------------------------------------------

    def page(self, name: str) -> QWidget:
        """The page called ``name``, created the first time it is asked for."""
        page = self.pages.get(name)
        if page is None:
            spec = next(s for s in self.specs if s.name == name)
            page = spec.create(self.context, self.stack)
            page.setObjectName(f"page_{name}")
            if hasattr(page, "theme_changed"):
                page.theme_changed.connect(self.set_theme)
            if hasattr(page, "community_saved"):
                page.community_saved.connect(self.update_top_bar)
            self.pages[name] = page
            self.stack.addWidget(page)
        return page

    def show_page(self, name: str) -> QWidget:
        names = [s.name for s in self.specs]
        row = names.index(name)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
        else:
            self._show_row(row)
        return self.pages[name]

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        name = self.specs[row].name
        page = self.page(name)
        self.stack.setCurrentWidget(page)
        # LAST_PAGE is written when the window closes (save_state): a write here made
        # QSettings write its file at every page change, in the change's own event-loop
        # turn (12-24 ms on this machine's disk).
        live = getattr(self, "live", None)
        if live is not None:
            live.shown(name, page)

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def _shown_page(self) -> tuple[str, QWidget] | None:
        page = self.stack.currentWidget()
        name = next((n for n, p in self.pages.items() if p is page), None)
        return (name, page) if name is not None and page is not None else None

    def refresh_current(self) -> None:
        page = self.current_page()
        if page is not None and hasattr(page, "refresh"):
            page.refresh()
        self.update_top_bar()
        self.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Refreshed"), 3000)

    def focus_filter(self) -> None:
        page = self.current_page()
        if page is not None and hasattr(page, "focus_filter"):
            page.focus_filter()

    # --- theme, about, geometry ---------------------------------------------------------

    def _sync_theme_actions(self, name: str) -> None:
        self.light_action.setChecked(name == "light")
        self.dark_action.setChecked(name == "dark")

    def set_theme(self, name: str) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            name = apply_theme(app, name)
        self.context.ui.set(U.THEME, name)
        self._sync_theme_actions(name)
        settings_page = self.pages.get("settings")
        if settings_page is not None and hasattr(settings_page, "refresh"):
            settings_page.refresh()

    def about_text(self) -> str:
        return QCoreApplication.translate(
            "MainWindow",
            "<h3>Community Office {version}</h3>"
            "<p>Epidemic-control work of one community office: buildings and risk levels, "
            "residents, volunteers, the roster, the gate, supplies, test results and the shift "
            "handover.</p>"
            "<p>Database: {db}<br>Log file: {log}<br>"
            "Qt {qt}, PySide6 {pyside}, Python {python}</p>",
        ).format(
            version=__version__,
            db=self.context.db_path,
            log=log_file() or "-",
            qt=qVersion(),
            pyside=pyside_version,
            python=platform.python_version(),
        )

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            QCoreApplication.translate("MainWindow", "About Community Office"),
            self.about_text(),
        )

    def _restore(self) -> None:
        ui = self.context.ui
        geometry = ui.get(U.GEOMETRY)
        if geometry is not None and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        last = ui.get(U.LAST_PAGE)
        names = [s.name for s in self.specs]
        self.nav.setCurrentRow(names.index(last) if last in names else 0)

    def save_state(self) -> None:
        self.context.ui.set(U.GEOMETRY, self.saveGeometry())
        shown = self._shown_page()
        if shown is not None:
            self.context.ui.set(U.LAST_PAGE, shown[0])
        self.context.ui.sync()

    def startup_check_done(self, problems: list[str]) -> None:
        """The background quick_check finished: say so, loudly when the file is damaged."""
        self.check_problems = problems
        if not problems:
            self.statusBar().showMessage(
                QCoreApplication.translate("MainWindow", "Database check passed"), 5000
            )
            return
        log.error("database check failed: %s", problems[:10])
        from .recovery import offer_newest_backup

        restored = offer_newest_backup(
            self, self.context.db_path, self.context.actor, problems, then_close=True
        )
        if restored:
            self.close()  # the pages show the damaged file's data: start again
            return
        if restored is False:
            return
        QMessageBox.critical(
            self,
            QCoreApplication.translate("MainWindow", "The database is damaged"),
            QCoreApplication.translate(
                "MainWindow",
                "The database check found problems:\n{problems}\n\nStop entering data, "
                "and restore the newest good backup.",
            ).format(problems="\n".join(problems[:5])),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True  # start-up work still waiting for the first frame is dropped
        self.save_state()
        self.live.stop()
        self.presence.leave()
        log.info("main window closed at %s", dt.datetime.now().isoformat(timespec="seconds"))
        super().closeEvent(event)
