"""Words: Qt's own dialogs in Chinese, the audit in words, one language at a time (issue 17,
points 7–11)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QWidget,
)

LATIN_WORD = re.compile("[A-Za-z]{3,}")


def _shown_texts(widget: QWidget) -> list[str]:
    texts = []
    for child in widget.findChildren(QWidget):
        if isinstance(child, QLabel | QAbstractButton) and child.isVisible():
            texts.append(child.text())
    return texts


def test_qt_s_own_dialogs_speak_chinese(qtbot, office_app: QApplication) -> None:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok
        | QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Yes
        | QDialogButtonBox.StandardButton.No
        | QDialogButtonBox.StandardButton.Close
    )
    qtbot.addWidget(buttons)
    assert [b.text() for b in buttons.buttons() if LATIN_WORD.search(b.text())] == []
    assert "确定" in [b.text() for b in buttons.buttons()]

    box = QMessageBox(QMessageBox.Icon.Question, "标题", "正文")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    assert not [b.text() for b in box.buttons() if LATIN_WORD.search(b.text())]

    for mode in (QFileDialog.AcceptMode.AcceptSave, QFileDialog.AcceptMode.AcceptOpen):
        dialog = QFileDialog(None, "保存", "", "PDF (*.pdf)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(mode)
        qtbot.addWidget(dialog)
        dialog.show()
        english = [t for t in _shown_texts(dialog) if LATIN_WORD.search(t.replace("PDF", ""))]
        assert english == [], english
        dialog.close()
