"""Issue 15, point 1: the program's file dialogs never open the database file or its
-wal/-shm, so SQLite keeps its locks and no other process can delete a live WAL.

On Linux a process loses all its POSIX locks on a file when it closes any descriptor of it.
Qt's own file dialog, browsing the database's folder, opens the files there to guess their
type; a second process then sees the database unlocked, checkpoints it and deletes the WAL,
and every later commit of the first process is lost. Opens are watched with inotify (the
kernel reports every open of a file in the folder, by any process; no LD_PRELOAD).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import sqlite3
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel, QLineEdit
from pytestqt.exceptions import TimeoutError

from office_app.models import Compound, db
from office_app.models.database import close_database, open_database
from office_app.views import file_dialogs

from .recording import Calls

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify, Linux")

IN_OPEN = 0x20
IN_NONBLOCK = 0o4000


class OpenWatch:
    """Names of the files in ``folder`` opened (by anyone) since the watch began."""

    def __init__(self, folder: Path) -> None:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        self.fd = libc.inotify_init1(IN_NONBLOCK)
        assert self.fd >= 0
        assert libc.inotify_add_watch(self.fd, str(folder).encode(), IN_OPEN) >= 0

    def opened(self) -> list[str]:
        names: list[str] = []
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return names
            offset = 0
            while offset < len(data):
                _wd, _mask, _cookie, length = struct.unpack_from("iIII", data, offset)
                raw = data[offset + 16 : offset + 16 + length]
                names.append(raw.rstrip(b"\0").decode())
                offset += 16 + length

    def close(self) -> None:
        os.close(self.fd)


@pytest.fixture
def db_folder(tmp_path: Path) -> Iterator[Path]:
    """A database in WAL mode, open and written, with other files beside it."""
    folder = tmp_path / "社区 数据"
    open_database(folder / "office.db")
    with db.atomic():
        Compound.create(name="写在对话框之前")
    (folder / "核酸 结果.csv").write_text("姓名\n张三\n", encoding="utf-8")
    (folder / "无扩展名").write_bytes(b"\x00\x01")
    yield folder
    close_database()


def _browse(dialog: QFileDialog, qtbot, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """What a user's look at the folder makes the dialog do: list it, draw every icon, fill
    every column (the 类型 column too) and select each file, the database included."""
    model = dialog.findChild(QFileSystemModel)
    assert model is not None
    root = model.index(str(folder))
    filters = dialog.nameFilters()
    if any("(*)" in f for f in filters):  # the user shows every file
        dialog.selectNameFilter(next(f for f in filters if "(*)" in f))
    # A filter may hide every file (an .xlsx to save): then just wait for the listing.
    with contextlib.suppress(TimeoutError):
        qtbot.waitUntil(lambda: model.rowCount(root) >= 1, timeout=3000)
    qtbot.wait(200)
    for row in range(model.rowCount(root)):
        for column in range(model.columnCount(root)):
            index = model.index(row, column, root)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole):
                model.data(index, role)
    for name in ("office.db", "office.db-wal", "office.db-shm", "核酸 结果.csv"):
        dialog.selectFile(str(folder / name))  # the files stay where they are: no DB folder
        QApplication.processEvents()
    dialog.grab()
    qtbot.wait(300)
    print("B5", flush=True)  # the gatherer thread fetches icons in the background


def _drive(qtbot, folder: Path, finish: Callable[[QFileDialog], None]) -> list[BaseException]:  # type: ignore[no-untyped-def]
    """Act on the next modal file dialog once it is shown (the helper runs it with exec()).
    A failure closes the dialog (so the test cannot hang) and is returned to be raised."""
    errors: list[BaseException] = []

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, step)
            return
        try:
            _browse(dialog, qtbot, folder)
            finish(dialog)
        except BaseException as exc:
            errors.append(exc)
            dialog.reject()

    QTimer.singleShot(0, step)
    return errors


def _choose(dialog: QFileDialog, path: Path | str) -> None:
    """Type the path into the file name box and press the dialog's 打开/保存/选择."""
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    assert edit is not None
    edit.setText(str(path))
    # Saving over a file asks first (a modal box); the user answers 是.
    dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, True)
    dialog.accept()


def _other_process(path: Path, sql: str = "SELECT name FROM compound") -> set[str]:
    """A second program (the command line, say) opens the database, runs ``sql`` and closes
    it. Were it the only one holding the file, closing would checkpoint and delete the WAL."""
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "rows = c.execute(sys.argv[2]).fetchall(); c.commit(); c.close(); "
        "print('\\n'.join(str(r[0]) for r in rows))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path), sql],
        check=True,
        timeout=60,
        capture_output=True,
        text=True,
    )
    return set(done.stdout.split("\n")) - {""}


def _other_process_opens_and_closes(path: Path) -> None:
    _other_process(path)


def _commits_survive(database: Path, expected: set[str]) -> None:
    close_database()
    with sqlite3.connect(database) as raw:
        names = {r[0] for r in raw.execute("SELECT name FROM compound")}
    assert names == expected


def test_browsing_the_database_folder_opens_no_database_file(
    office_app: QApplication, qtbot, db_folder: Path
) -> None:
    watch = OpenWatch(db_folder)
    try:
        for make in (
            lambda: file_dialogs.make_dialog(None, "打开", str(db_folder), "全部 (*)"),
            lambda: file_dialogs.make_dialog(None, "保存", str(db_folder), "", save=True),
        ):
            dialog = make()
            dialog.setViewMode(QFileDialog.ViewMode.Detail)
            dialog.setFilter(QDir.Filter.AllEntries | QDir.Filter.Hidden | QDir.Filter.System)
            dialog.show()
            _browse(dialog, qtbot, db_folder)
            dialog.close()
        touched = {n for n in watch.opened() if n.startswith("office.db")}
        assert touched == set()
        # The watch does see opens: the second program's.
        _other_process_opens_and_closes(db_folder / "office.db")
        assert "office.db" in watch.opened()
    finally:
        watch.close()


def test_every_commit_after_using_the_dialogs_survives_a_second_process(
    office_app: QApplication, qtbot, db_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = db_folder / "office.db"
    warned = Calls()
    monkeypatch.setattr(file_dialogs.messages, "warn", warned)

    def through_dialog(folder: Path, finish, ask):  # type: ignore[no-untyped-def]
        errors = _drive(qtbot, folder, finish)
        answer = ask()
        if errors:
            raise errors[0]
        return answer

    csv = db_folder / "核酸 结果.csv"
    # Open a file from the database's folder, through the program's real dialog.
    chosen = through_dialog(
        db_folder,
        lambda d: _choose(d, csv),
        lambda: file_dialogs.open_file_name(None, "导入", str(db_folder), "CSV (*.csv);;全部 (*)"),
    )
    assert chosen[0] == str(csv)
    # Save into it (cancelled), and choose the folder itself.
    cancelled = through_dialog(
        db_folder,
        lambda d: d.reject(),
        lambda: file_dialogs.save_file_name(None, "导出", str(db_folder), "Excel (*.xlsx)"),
    )
    assert cancelled[0] == ""
    folder = through_dialog(
        db_folder.parent,
        lambda d: _choose(d, db_folder),
        lambda: file_dialogs.existing_directory(None, "备份文件夹", str(db_folder.parent)),
    )
    assert Path(folder) == db_folder
    # The database itself is refused as a file to import or to save over.
    for name, ask in (
        (
            "office.db",
            lambda: file_dialogs.open_file_name(None, "导入", str(db_folder), "全部 (*)"),
        ),
        ("office.db-wal", lambda: file_dialogs.save_file_name(None, "导出", str(db_folder), "")),
    ):
        target = str(db_folder / name)
        answer = through_dialog(db_folder, lambda d, t=target: _choose(d, t), ask)
        assert answer[0] == ""
    assert len(warned) == 2 and "office.db" in warned[0][0][2]
    assert not list(db_folder.glob("*.xlsx"))

    _other_process_opens_and_closes(database)
    later = [f"对话框之后 {n}" for n in range(3)]
    for name in later:  # each in its own commit
        with db.atomic():
            Compound.create(name=name)
    assert (db_folder / "office.db-wal").exists()  # nobody deleted the live WAL
    # Another program sees every commit while this one runs, and adds its own; this one
    # writes again; nothing is lost, then or after both have closed.
    assert _other_process(database) == {"写在对话框之前", *later}
    insert = (
        "INSERT INTO compound (name, address, area, created_at) "
        "VALUES ('命令行导入', '', '', '2022-11-22 08:00:00') RETURNING name"
    )
    assert _other_process(database, insert) == {"命令行导入"}
    with db.atomic():
        Compound.create(name="最后一笔")
    everything = {"写在对话框之前", *later, "命令行导入", "最后一笔"}
    assert {c.name for c in Compound.select()} == everything
    _commits_survive(database, everything)


def test_dropped_database_files_are_left_out(
    office_app: QApplication, db_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warned = Calls()
    monkeypatch.setattr(file_dialogs.messages, "warn", warned)
    database = db_folder / "office.db"
    dropped = [str(database), str(db_folder / "核酸 结果.csv"), str(database) + "-shm"]
    assert file_dialogs.without_database_files(None, dropped) == [dropped[1]]
    assert len(warned) == 1
    # Another spelling of the same file is the same file.
    link = db_folder / "别名.db"
    link.symlink_to(database)
    assert file_dialogs.without_database_files(None, [str(link)]) == []


def test_the_icon_provider_names_types_by_name_only(office_app: QApplication) -> None:
    from PySide6.QtCore import QFileInfo

    provider = file_dialogs.icon_provider()
    assert provider.type(QFileInfo("x.csv")) in ("CSV file", "CSV 文件")


def test_the_print_dialog_browses_with_the_safe_dialog_and_never_prints_over_the_database(
    office_app: QApplication, db_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QToolButton

    asked = Calls((str(db_folder / "交接班.pdf"), ""))
    monkeypatch.setattr(file_dialogs, "save_file_name", asked)
    warned = Calls()
    monkeypatch.setattr(file_dialogs.messages, "warn", warned)
    printer = QPrinter()
    dialog = QPrintDialog(printer)
    file_dialogs.guard_print_dialog(dialog)
    button = dialog.findChild(QToolButton, "fileBrowser")
    edit = dialog.findChild(QLineEdit, "filename")
    assert button is not None and edit is not None
    button.click()  # Qt's own "…" would open a sniffing QFileDialog of its own
    assert len(asked) == 1 and edit.text() == str(db_folder / "交接班.pdf")
    dialog.deleteLater()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(db_folder / "交接班.pdf"))
    assert file_dialogs.print_target_allowed(None, printer)
    printer.setOutputFileName(str(db_folder / "office.db"))
    assert not file_dialogs.print_target_allowed(None, printer) and len(warned) == 1
