"""Every file dialog of the program, through one helper that never opens the files it lists.

On Linux a process loses all its POSIX locks on a file when it closes *any* descriptor of that
file. Qt's file dialog, browsing a folder, opens files to guess their type from their content
(the icon and the 类型 column); browsing the database's folder would open and close the
database and its ``-wal``/``-shm``, and from then on another process sees the database
unlocked, checkpoints it and deletes the WAL this program is still writing to (SQLite's "How
To Corrupt", section 2.2). So the dialogs here:

- take their icons and type names from the file name only (:class:`NameOnlyIconProvider`;
  no MIME sniffing, no custom folder icons);
- use Qt's own dialog on Linux and macOS: a native one (GTK, a portal) runs its own content
  sniffing inside this process. Windows keeps its native dialog (Windows locks belong to a
  handle, so the pitfall does not exist there);
- refuse the database file itself and its ``-wal``/``-shm``/``-journal`` as a file to open
  (an import would read it) or to save to (an export would overwrite it).

Use :func:`open_file_name`, :func:`open_file_names`, :func:`save_file_name` and
:func:`existing_directory` (the signatures of QFileDialog's static functions) instead of
QFileDialog directly; :func:`without_database_files` filters dropped files the same way.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFileInfo
from PySide6.QtGui import QIcon
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFileIconProvider,
    QLineEdit,
    QToolButton,
    QWidget,
)

from office_app.services.admin.database import is_database_file

from .dialogs import messages

NATIVE_DIALOGS = sys.platform == "win32"


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names from the file name alone: a folder, a drive or a file. Never
    opens a file (Qt's own provider reads a file's first bytes when its name says nothing)."""

    def __init__(self) -> None:
        super().__init__()
        self.setOptions(QFileIconProvider.Option.DontUseCustomDirectoryIcons)

    def icon(self, what: object) -> QIcon:
        if isinstance(what, QFileInfo):
            if what.isRoot():
                kind = QFileIconProvider.IconType.Drive
            elif what.isDir():
                kind = QFileIconProvider.IconType.Folder
            else:
                kind = QFileIconProvider.IconType.File
            return super().icon(kind)
        return super().icon(what)  # type: ignore[call-overload]

    def type(self, info: QFileInfo) -> str:
        if info.isRoot():
            return QCoreApplication.translate("FileDialogs", "Drive")
        if info.isDir():
            return QCoreApplication.translate("FileDialogs", "Folder")
        suffix = info.suffix()
        if suffix:
            return QCoreApplication.translate("FileDialogs", "{suffix} file").format(
                suffix=suffix.upper()
            )
        return QCoreApplication.translate("FileDialogs", "File")


_PROVIDER: NameOnlyIconProvider | None = None


def icon_provider() -> NameOnlyIconProvider:
    """One provider for every dialog (a dialog does not own the provider it is given)."""
    global _PROVIDER
    if _PROVIDER is None:
        _PROVIDER = NameOnlyIconProvider()
    return _PROVIDER


def make_dialog(
    parent: QWidget | None,
    caption: str,
    directory: str = "",
    name_filter: str = "",
    *,
    mode: QFileDialog.FileMode = QFileDialog.FileMode.ExistingFile,
    save: bool = False,
) -> QFileDialog:
    """A file dialog that lists the folder without opening any file in it."""
    dialog = QFileDialog(parent, caption, directory, name_filter)
    dialog.setObjectName("fileDialog")
    dialog.setFileMode(mode)
    dialog.setAcceptMode(
        QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen
    )
    if not NATIVE_DIALOGS:
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons, True)
    dialog.setIconProvider(icon_provider())
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return dialog


def without_database_files(parent: QWidget | None, paths: Iterable[str]) -> list[str]:
    """``paths`` without the open database and its side files; says so when it left one out."""
    kept: list[str] = []
    refused: list[str] = []
    for path in paths:
        (refused if path and is_database_file(path) else kept).append(path)
    if refused:
        messages.warn(
            parent,
            QCoreApplication.translate("FileDialogs", "The database itself"),
            QCoreApplication.translate(
                "FileDialogs",
                "{files} is the program's own database (or one of its working files). It "
                "cannot be imported, overwritten or opened as a file: that could lose what "
                "was saved. Choose another file.",
            ).format(files="、".join(Path(p).name for p in refused)),
        )
    return kept


def _run(dialog: QFileDialog) -> tuple[list[str], str]:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return [], ""
        return dialog.selectedFiles(), dialog.selectedNameFilter()
    finally:
        dialog.deleteLater()


def open_file_name(
    parent: QWidget | None, caption: str = "", directory: str = "", name_filter: str = ""
) -> tuple[str, str]:
    """Like ``QFileDialog.getOpenFileName``: (path or "", the chosen filter)."""
    files, chosen = _run(make_dialog(parent, caption, directory, name_filter))
    files = without_database_files(parent, files[:1])
    return (files[0], chosen) if files else ("", "")


def open_file_names(
    parent: QWidget | None,
    caption: str = "",
    directory: str = "",
    name_filter: str = "",
    *,
    databases: bool = False,
) -> tuple[list[str], str]:
    """Like ``QFileDialog.getOpenFileNames``. With ``databases`` (the files chosen are opened
    with SQLite only, like the communities of the subdistrict summary) the open database may
    be among them."""
    mode = QFileDialog.FileMode.ExistingFiles
    files, chosen = _run(make_dialog(parent, caption, directory, name_filter, mode=mode))
    if not databases:
        files = without_database_files(parent, files)
    return (files, chosen) if files else ([], "")


def save_file_name(
    parent: QWidget | None, caption: str = "", directory: str = "", name_filter: str = ""
) -> tuple[str, str]:
    """Like ``QFileDialog.getSaveFileName`` (asks before replacing a file)."""
    mode = QFileDialog.FileMode.AnyFile
    dialog = make_dialog(parent, caption, directory, name_filter, mode=mode, save=True)
    files, chosen = _run(dialog)
    files = without_database_files(parent, files[:1])
    return (files[0], chosen) if files else ("", "")


def database_file_name(
    parent: QWidget | None, caption: str = "", directory: str = "", name_filter: str = ""
) -> str:
    """A database file to work on: an existing one or a new name (nothing is replaced: the
    program creates a missing file at its start and opens an existing one)."""
    mode = QFileDialog.FileMode.AnyFile
    files, _chosen = _run(make_dialog(parent, caption, directory, name_filter, mode=mode))
    return files[0] if files else ""


def existing_directory(parent: QWidget | None, caption: str = "", directory: str = "") -> str:
    """Like ``QFileDialog.getExistingDirectory``."""
    mode = QFileDialog.FileMode.Directory
    files, _chosen = _run(make_dialog(parent, caption, directory, mode=mode))
    return files[0] if files else ""


def guard_print_dialog(dialog: QDialog) -> None:
    """Qt's own print dialog browses for a PDF to print to with a QFileDialog of its own (which
    sniffs the files it lists): its "…" button opens :func:`save_file_name` instead."""
    button = dialog.findChild(QToolButton, "fileBrowser")
    edit = dialog.findChild(QLineEdit, "filename")
    if button is None or edit is None:  # a native print dialog (Windows): nothing to guard
        return
    button.clicked.disconnect()

    def browse() -> None:
        path, _chosen = save_file_name(
            dialog,
            QCoreApplication.translate("FileDialogs", "Print to a file"),
            edit.text(),
            QCoreApplication.translate("FileDialogs", "PDF (*.pdf)"),
        )
        if path:
            edit.setText(path)

    button.clicked.connect(browse)


def print_target_allowed(parent: QWidget | None, printer: QPrinter) -> bool:
    """False (and said why) when the printer would write its PDF over the database."""
    if printer.outputFormat() != QPrinter.OutputFormat.PdfFormat:
        return True
    return bool(without_database_files(parent, [printer.outputFileName()]))
