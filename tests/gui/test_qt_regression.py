"""PySide6 6.12.0 on Python 3.11 loses a reference to None on every void call and aborts.

This calls void methods often enough to hit it, so a bad PySide6 pin fails here, loudly.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget


def test_ten_thousand_void_calls_survive(qapp: QApplication) -> None:
    widget = QWidget()
    for i in range(10_000):
        widget.setEnabled(i % 2 == 0)
        widget.setToolTip("x")
    assert widget.isEnabled() is False  # the last call (i = 9999) disabled it
    widget.deleteLater()
