"""Every key in its place (issue 17, point 3).

The main window is walked page by page at 1280×800, and every dialog a button of a page opens
is caught on its way up (``exec`` answers "cancelled" after the dialog was looked at). In each
window this fails on

- two actions or shortcuts on one key that can both be active for one focus (a window-wide key
  and a page's, a page's and one of its tables', a menu's Alt-letter and a button's mnemonic …:
  Qt then fires neither and logs "Ambiguous shortcut overload");
- a key printed on a button ("预览 Alt+V", "新增居民 Ctrl+N") that does not fire that button's
  own slot. The slot is found by clicking the button and stopping at the first function of the
  program it calls; the key must reach the same function (it is stopped there as well, so
  nothing is done).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import CodeType
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QColorDialog,
    QDialog,
    QFileDialog,
    QGroupBox,
    QInputDialog,
    QLabel,
    QMenu,
    QMenuBar,
    QMessageBox,
    QPushButton,
    QTabBar,
    QTableView,
    QTabWidget,
    QToolButton,
    QWidget,
)

import office_app
from office_app.services.admin.actor import SYSTEM
from office_app.views import file_dialogs
from office_app.views.context import AppContext
from office_app.views.main_window import MainWindow
from office_app.views.pages import PAGE_NAMES

from .recording import record_message_boxes

PROGRAM = str(Path(office_app.__file__).parent)
HINT = re.compile(
    r"(?<![A-Za-z])((?:(?:Ctrl|Alt|Shift)\+)+(?:[A-Z0-9]|F\d{1,2}|Del|Delete|Enter)|F\d{1,2})"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)


@dataclass
class Binding:
    key: str
    mode: str  # "window", "children" (focus inside scope) or "exact" (focus on scope)
    scope: QWidget
    owner: object  # the action, shortcut or widget: one owner never conflicts with itself
    what: str


def _key(sequence: QKeySequence | str) -> str:
    return QKeySequence(sequence).toString(QKeySequence.SequenceFormat.PortableText)


def _mnemonic(text: str) -> str | None:
    match = re.search(r"&([^&\s])", text.replace("&&", ""))
    return _key(f"Alt+{match.group(1).upper()}") if match else None


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget.isVisible() and (widget is root or root.isAncestorOf(widget))


def bindings(root: QWidget) -> list[Binding]:
    found: list[Binding] = []
    actions: dict[int, QAction] = {}
    for widget in [root, *root.findChildren(QWidget)]:
        for action in widget.actions():
            actions[id(action)] = action
    for action in root.findChildren(QAction):
        actions[id(action)] = action
    for action in actions.values():
        if not action.isEnabled() or not action.shortcuts():
            continue
        context = action.shortcutContext()
        for widget in action.associatedObjects():
            if isinstance(widget, QMenu):
                menu_action = widget.menuAction()
                in_bar = any(
                    isinstance(o, QMenuBar) and _shown(o, root)
                    for o in menu_action.associatedObjects()
                )
                if not in_bar:
                    continue  # a context menu: its keys work only while it is open
                mode, scope = "window", root
            elif not isinstance(widget, QWidget) or not _shown(widget, root):
                continue
            elif context == Qt.ShortcutContext.WidgetShortcut:
                mode, scope = "exact", widget
            elif context == Qt.ShortcutContext.WidgetWithChildrenShortcut:
                mode, scope = "children", widget
            else:
                mode, scope = "window", root
            for sequence in action.shortcuts():
                found.append(Binding(_key(sequence), mode, scope, action, action.text() or "?"))
    for shortcut in root.findChildren(QShortcut):
        parent = shortcut.parent()
        if not isinstance(parent, QWidget) or not shortcut.isEnabled() or not _shown(parent, root):
            continue
        context = shortcut.context()
        mode = {
            Qt.ShortcutContext.WidgetShortcut: "exact",
            Qt.ShortcutContext.WidgetWithChildrenShortcut: "children",
        }.get(context, "window")
        scope = parent if mode != "window" else root
        for sequence in shortcut.keys():  # noqa: SIM118 (QShortcut.keys, not a dict)
            found.append(Binding(_key(sequence), mode, scope, shortcut, "QShortcut"))
    for widget in root.findChildren(QWidget):
        if not _shown(widget, root):
            continue
        texts: list[tuple[str, object]] = []
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            texts.append((widget.text(), widget))
        elif isinstance(widget, QGroupBox):
            texts.append((widget.title(), widget))
        elif isinstance(widget, QTabBar):
            texts += [(widget.tabText(i), (widget, i)) for i in range(widget.count())]
        elif isinstance(widget, QMenuBar):
            texts += [(a.text(), a) for a in widget.actions() if a.isVisible()]
        for text, owner in texts:
            key = _mnemonic(text)
            if key:
                found.append(Binding(key, "window", root, owner, f"mnemonic {text!r}"))
    return found


def _overlap(a: Binding, b: Binding) -> bool:
    if a.mode == "window" or b.mode == "window":
        return True
    if a.mode == "exact" and b.mode == "exact":
        return a.scope is b.scope
    if a.mode == "children" and b.mode == "children":
        return a.scope is b.scope or a.scope.isAncestorOf(b.scope) or b.scope.isAncestorOf(a.scope)
    outer, inner = (a, b) if a.mode == "children" else (b, a)
    return outer.scope is inner.scope or outer.scope.isAncestorOf(inner.scope)


def conflicts(root: QWidget) -> list[str]:
    found = bindings(root)
    problems = []
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            if a.key == b.key and a.owner is not b.owner and _overlap(a, b):
                problems.append(f"{a.key}: {a.what} / {b.what}")
    return sorted(set(problems))


# --- does a printed key fire its button? -------------------------------------------------------


# Qt calls these overrides on its own (events, painting, models): they are not a slot.
QT_VIRTUAL = re.compile(
    r"(Event|^event|^eventFilter|^data|^headerData|^rowCount|^columnCount|^flags|^index|"
    r"^parent|[sS]izeHint|^paint|^displayText|^helpEvent|^canFetchMore|^fetchMore|"
    r"^heightForWidth|^hasHeightForWidth|^setGeometry|^itemAt|^count|^minimumSize|"
    r"^expandingDirections|^mimeData|^<genexpr>|^<listcomp>)$"
)


class Stop(Exception):
    """Raised in the first function of the program a click or a key reaches."""


def first_call(act: Callable[[], None], until: CodeType | None = None) -> CodeType | None:
    """The first function of the program ``act`` reaches (stopped there), or ``until`` when
    it is reached on the way (through a key's own small function first, say)."""
    reached: list[CodeType] = []

    def trace(frame: Any, event: str, _arg: Any) -> Any:
        code = frame.f_code
        if (
            event == "call"
            and code.co_filename.startswith(PROGRAM)
            and not QT_VIRTUAL.search(code.co_name)
        ):
            if until is None or code is until:
                reached.insert(0, code)
                raise Stop
            reached.append(code)
        return None

    # Qt hands an exception out of a slot to sys.excepthook: let Stop pass silently.
    hook = sys.excepthook

    def quiet(kind: Any, value: Any, tb: Any) -> None:
        if not isinstance(value, Stop):
            hook(kind, value, tb)

    sys.excepthook = quiet
    sys.settrace(trace)
    try:
        act()
    except Stop:
        pass
    finally:
        sys.settrace(None)
        sys.excepthook = hook
    return reached[0] if reached else None


def _press(target: QWidget, key: str) -> None:
    sequence = QKeySequence(key)
    combined = sequence[0]
    QTest.keyClick(target, combined.key(), combined.keyboardModifiers())


def printed_keys_fire(qtbot: Any, root: QWidget) -> list[str]:
    problems = []
    active = bindings(root)
    for button in root.findChildren(QAbstractButton):
        if not _shown(button, root):
            continue
        text = button.text().replace("&&", "")
        for hint in HINT.findall(text.replace("&", "")):
            key = _key(hint)
            if key == _mnemonic(text):
                continue  # Qt's own mnemonic: it clicks the button
            candidates = [b for b in active if b.key == key]
            label = f"{button.text()!r} ({root.objectName() or type(root).__name__})"
            if not candidates:
                problems.append(f"{label}: nothing listens to {key}")
                continue
            was_enabled = button.isEnabled()
            button.setEnabled(True)
            try:
                slot = first_call(button.click)
                binding = candidates[0]
                target = binding.scope if binding.mode != "window" else button
                target.setFocus()
                reached = first_call(lambda t=target, k=key: _press(t, k), until=slot)
            finally:
                button.setEnabled(was_enabled)
            if slot is None or reached is not slot:
                problems.append(
                    f"{label}: {key} reaches "
                    f"{reached.co_name if reached else 'nothing'}, the button "
                    f"{slot.co_name if slot else 'nothing'}"
                )
    return problems


# --- the walk ------------------------------------------------------------------------------------


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch, qtbot: Any) -> Iterator[dict[str, Any]]:
    """Nothing modal stays up, nothing leaves the test: every dialog is looked at, then
    cancelled; boxes, file dialogs and the desktop are stand-ins."""
    seen: dict[str, Any] = {"dialogs": [], "problems": []}
    record_message_boxes(monkeypatch, confirm=False, confirm_discard=True)
    for name in ("open_file_name", "save_file_name"):
        monkeypatch.setattr(file_dialogs, name, lambda *_a, **_k: ("", ""))
    monkeypatch.setattr(file_dialogs, "open_file_names", lambda *_a, **_k: ([], ""))
    monkeypatch.setattr(file_dialogs, "existing_directory", lambda *_a, **_k: "")
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda *_a: True)
    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *_a, **_k: QMessageBox.StandardButton.No)
    monkeypatch.setattr(QMessageBox, "about", lambda *_a, **_k: None)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("", False))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: ("", False))

    def look(dialog: QWidget) -> None:
        name = type(dialog).__name__
        seen["dialogs"].append(name)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
        QApplication.processEvents()
        seen["problems"] += [f"{name}: {p}" for p in conflicts(dialog)]
        seen["problems"] += [f"{name}: {p}" for p in printed_keys_fire(qtbot, dialog)]

    def look_then_cancel(dialog: QDialog) -> int:
        look(dialog)
        dialog.hide()
        return int(QDialog.DialogCode.Rejected)

    seen["look"] = look  # type: ignore[assignment]

    for cls in (QDialog, QFileDialog, QMessageBox, QInputDialog, QPrintDialog, QColorDialog):
        monkeypatch.setattr(cls, "exec", look_then_cancel)
    # A safety net: a window made modal some other way is closed at once.
    watchdog = QTimer()
    watchdog.setInterval(200)
    watchdog.timeout.connect(
        lambda: (w := QApplication.activeModalWidget()) is not None and w.close()
    )
    watchdog.start()
    yield seen
    watchdog.stop()


def _select_first_row(page: QWidget) -> None:
    for table in page.findChildren(QTableView):
        if table.isVisible() and table.model() is not None and table.model().rowCount() > 0:
            table.setCurrentIndex(table.model().index(0, 0))


def test_no_key_is_taken_twice_and_every_printed_key_fires_its_button(
    qtbot, office_app, demo_db: Path, ui, sandbox
) -> None:
    window = MainWindow(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    with qtbot.waitActive(window):
        window.show()
    window.activateWindow()
    problems: list[str] = []

    def look_at(name: str, page: QWidget) -> None:
        _select_first_row(page)
        window.activateWindow()  # a dialog looked at before took the focus
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        QApplication.processEvents()
        problems.extend(f"{name}: {p}" for p in conflicts(window))
        problems.extend(f"{name}: {p}" for p in printed_keys_fire(qtbot, window))
        # Every dialog a button shown opens (looked at, then cancelled).
        for button in page.findChildren(QPushButton) + page.findChildren(QToolButton):
            if _shown(button, page) and button.isEnabled() and button.menu() is None:
                button.click()
                QApplication.processEvents()
                # A dialog opened without exec (a wizard's open()): look at it, then close it.
                while (modal := QApplication.activeModalWidget()) is not None:
                    sandbox["look"](modal)
                    modal.close()
                    QApplication.processEvents()
                if window.current_page() is not page:
                    window.show_page(name)

    for name in PAGE_NAMES:
        page = window.show_page(name)
        look_at(name, page)
        # The other tabs of the page, each in turn.
        for tabs in page.findChildren(QTabWidget):
            for number in range(1, tabs.count()):
                if _shown(tabs, page) and tabs.isTabEnabled(number):
                    tabs.setCurrentIndex(number)
                    look_at(f"{name}/{tabs.tabText(number)}", page)
            tabs.setCurrentIndex(0)
    problems += sandbox["problems"]
    print("dialogs looked at:", sorted(set(sandbox["dialogs"])))
    assert len(set(sandbox["dialogs"])) >= 5, sandbox["dialogs"]
    assert problems == [], "\n".join(problems)


def test_the_walk_finds_a_shared_key_and_a_dead_printed_key(qtbot, office_app) -> None:
    """The checks themselves: a window-wide Alt+V beside a page's, and a printed key nobody
    listens to, are both found."""
    root = QWidget()
    qtbot.addWidget(root)
    bar = QMenuBar(root)
    bar.addMenu("&View")
    page = QWidget(root)
    preview = QAction(page)
    preview.setShortcut(QKeySequence("Alt+V"))
    page.addAction(preview)
    button = QPushButton("Print (Ctrl+P)", page)
    root.show()
    assert conflicts(root) == ["Alt+V: ? / mnemonic '&View'"]
    assert "nothing listens to Ctrl+P" in printed_keys_fire(qtbot, root)[0]
    button.deleteLater()
