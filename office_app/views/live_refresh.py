"""Each seat's open pages follow the others' changes, and the top bar names the other seats.

:class:`LiveRefresh` asks, every :data:`POLL_MS`, whether another connection committed a
change (``services.admin.seats.ChangeWatcher``: on SQLite ``PRAGMA data_version``, a few
microseconds on the GUI thread; on the server the LISTEN connection's notifications). When
one did, the page on screen reloads, keeping its selected record and its scroll position,
and the other pages reload when they are next shown. Nothing reloads while a dialog is open
over the window (the user is typing into it): the reload waits until it closes. Pages whose
refresh would throw away what the user is typing (设置) are left alone.

:class:`SeatPresence` keeps this program's seat on the server (a heartbeat every
``seats.HEARTBEAT_S``) and shows the other connected seats in the top bar; on a SQLite file
it does nothing (the lock file beside the database says who holds it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QWidget

from office_app.services.admin import seats
from office_app.services.admin.actor import Actor

log = logging.getLogger(__name__)

POLL_MS = 1500
# Pages a reload would disturb: forms the user fills in.
NOT_RELOADED = frozenset({"settings"})


@dataclass
class _ViewState:
    view: QAbstractItemView
    record_id: object
    row: int
    column: int
    vertical: int
    horizontal: int


def _record_id(view: QAbstractItemView, row: int) -> object:
    model = view.model()
    row_id = getattr(model, "row_id", None)
    if callable(row_id):
        try:
            return row_id(row)
        except Exception:  # a model that cannot say: fall back on the row number
            return None
    return None


def _views(page: QWidget) -> list[QAbstractItemView]:
    return [v for v in page.findChildren(QAbstractItemView) if v.model() is not None]


def _remember(page: QWidget) -> list[_ViewState]:
    states = []
    for view in _views(page):
        current = view.currentIndex()
        row = current.row() if current.isValid() else -1
        states.append(
            _ViewState(
                view,
                _record_id(view, row) if row >= 0 else None,
                row,
                max(current.column(), 0),
                view.verticalScrollBar().value(),
                view.horizontalScrollBar().value(),
            )
        )
    return states


def _row_of(view: QAbstractItemView, record_id: object, near: int) -> int:
    """The row holding ``record_id`` now (looked for near where it was), or -1."""
    model = view.model()
    count = model.rowCount()
    if record_id is None:
        return near if 0 <= near < count else -1
    if not callable(getattr(model, "row_id", None)):
        return near if 0 <= near < count else -1
    for distance in range(0, min(count, 200)):
        for row in (near - distance, near + distance):
            if 0 <= row < count and _record_id(view, row) == record_id:
                return row
    return -1


def _restore(states: list[_ViewState]) -> None:
    for state in states:
        view = state.view
        model = view.model()
        if model is None:
            continue
        if state.row >= 0:
            row = _row_of(view, state.record_id, state.row)
            if row >= 0 and view.selectionModel() is not None:
                index = model.index(row, state.column)
                current = view.currentIndex()
                if not (current.isValid() and current.row() == row):
                    view.setCurrentIndex(index)
        view.verticalScrollBar().setValue(state.vertical)
        view.horizontalScrollBar().setValue(state.horizontal)


def reload_keeping_view(page: QWidget) -> None:
    """``page.refresh()``, with each of its lists' current record and scroll kept."""
    refresh = getattr(page, "refresh", None)
    if not callable(refresh):
        return
    states = _remember(page)
    refresh()
    _restore(states)


class LiveRefresh(QObject):
    """Reload the pages when another seat (or program) changed the data."""

    def __init__(
        self,
        parent: QObject,
        *,
        current: Callable[[], tuple[str, QWidget] | None],
        pages: Callable[[], dict[str, QWidget]],
        interval_ms: int = POLL_MS,
    ) -> None:
        super().__init__(parent)
        self._current = current
        self._pages = pages
        self.watcher = seats.ChangeWatcher()
        self.pending = False
        self.stale: set[str] = set()
        self.reloads = 0
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> None:
        try:
            if self.watcher.changed():
                self.pending = True
        except Exception as exc:  # never let the clock tick raise into Qt
            log.warning("change watcher failed: %s", exc)
            return
        if not self.pending or QApplication.activeModalWidget() is not None:
            return
        self.pending = False
        shown = self._current()
        for name in self._pages():
            if shown is None or name != shown[0]:
                self.stale.add(name)
        if shown is not None and shown[0] not in NOT_RELOADED:
            self.reload(*shown)

    def reload(self, name: str, page: QWidget) -> None:
        self.stale.discard(name)
        if name in NOT_RELOADED:
            return
        try:
            reload_keeping_view(page)
        except Exception:
            log.exception("reloading page %s after another seat's change failed", name)
            return
        self.reloads += 1

    def shown(self, name: str, page: QWidget) -> None:
        """A page came on screen: reload it if the data changed while it was hidden."""
        if name in self.stale:
            self.reload(name, page)

    def stop(self) -> None:
        self.timer.stop()
        self.watcher.close()


class SeatPresence(QObject):
    """This program's seat on the server, and the other seats named in ``label``."""

    def __init__(self, parent: QObject, actor: Actor, label: QLabel) -> None:
        super().__init__(parent)
        self.actor = actor
        self.label = label
        self.seat_id: int | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(seats.HEARTBEAT_S * 1000)
        self.timer.timeout.connect(self.beat)
        label.hide()
        if not seats.tracks_seats():
            return
        try:
            self.seat_id = seats.join(actor)
        except Exception as exc:
            log.warning("seat not registered: %s", exc)
            return
        self.timer.start()
        self.show_others()

    def beat(self) -> None:
        if self.seat_id is None:
            return
        try:
            seats.heartbeat(self.seat_id, self.actor)
        except Exception as exc:  # the server away for a moment: try again next beat
            log.warning("seat heartbeat failed: %s", exc)
            return
        self.show_others()

    def show_others(self) -> None:
        try:
            others = seats.others(self.seat_id)
        except Exception as exc:
            log.warning("seats not read: %s", exc)
            return
        if not others:
            self.label.setText(QCoreApplication.translate("MainWindow", "No other seat connected"))
            self.label.setToolTip("")
        else:
            names = "、".join(s.label for s in others)
            self.label.setText(
                QCoreApplication.translate("MainWindow", "Also connected: {seats}").format(
                    seats=names
                )
            )
            self.label.setToolTip("\n".join(f"{s.label}  {s.since:%m-%d %H:%M}" for s in others))
        self.label.show()

    def leave(self) -> None:
        self.timer.stop()
        if self.seat_id is not None:
            try:
                seats.leave(self.seat_id)
            except Exception as exc:
                log.warning("seat not removed: %s", exc)
            self.seat_id = None
