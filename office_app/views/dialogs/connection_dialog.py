"""Choosing the database: this PC's file or the office server (first start and 设置).

The server's host, port, database, user and password; 测试连接 tries them and says in Chinese
what it found. Saving keeps the password in the operating system's credential store (never in
a settings file or the log) and leaves the choice in :attr:`ConnectionDialog.target` (a file
path, or the server's URL without password) for the caller to remember.

At the start the server is tried on a thread behind a small modal 正在连接办公室服务器
host:port… with 取消 (:class:`ConnectingDialog`): a server that does not answer takes up to
its time-out, and the window keeps answering meanwhile. A server that cannot be reached is
then said in a box with 重试, 更改连接… and 退出 (:func:`ask_unreachable`), not a traceback.

The server reached is opened on the same thread, behind the same dialog: a server of an
older schema is backed up into a SQLite file and then migrated (many seconds on a large
one), meanwhile the dialog says 正在升级数据库…（先备份服务器） and cannot be cancelled (the
upgrade is not left half done). peewee keeps a connection per thread: the thread closes its
own when the database is open, and the GUI thread's first query opens the GUI's. An upgrade
refused (its backup could not be made) is said in Chinese with 重试 and 退出
(:func:`ask_not_upgraded`).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...services.admin.connection import (
    DEFAULT_PORT,
    ConnectionCheck,
    ConnectionSettingsError,
    CredentialStoreUnavailable,
    ServerAddress,
    check_connection,
    describe_target,
    is_server,
    load_password,
    normalize_target,
    parse_server_url,
    password_for,
    record_choice,
    server_location,
    store_password,
)
from ...services.admin.database import (
    SCHEMA_VERSION,
    DatabaseUnavailable,
    MigrationError,
    close_thread_connection,
    open_database,
)
from .. import file_dialogs
from ..context import AppContext
from ..database_choice import (
    default_file,
    needs_first_choice,
    remember_target,
    start_target,
    stored_target,
)
from ..threads import to_gui
from ..ui_settings import UiSettings
from . import messages
from .form import error_color

log = logging.getLogger(__name__)

# sslmode choices shown: (value, label source text).
SSL_CHOICES = (
    ("", QT_TRANSLATE_NOOP("ConnectionDialog", "As the server offers (prefer)")),
    ("require", QT_TRANSLATE_NOOP("ConnectionDialog", "Always encrypted (require)")),
    (
        "verify-full",
        QT_TRANSLATE_NOOP(
            "ConnectionDialog", "Encrypted, server certificate checked (verify-full)"
        ),
    ),
)


class ConnectionDialog(QDialog):
    """Where the office keeps its data. ``target`` and ``password`` after it was accepted."""

    def __init__(
        self,
        current: str | Path = "",
        parent: QWidget | None = None,
        *,
        first_start: bool = False,
        default_file: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectionDialog")
        self.setWindowTitle(QCoreApplication.translate("ConnectionDialog", "Database connection"))
        self.setMinimumWidth(560)
        self.target = ""
        self.password: str | None = None
        self._default_file = default_file

        layout = QVBoxLayout(self)
        intro = QLabel(
            QCoreApplication.translate(
                "ConnectionDialog",
                "Welcome. Where does this office keep its data? On this PC alone, or on the "
                "office server that several seats share?",
            )
            if first_start
            else QCoreApplication.translate(
                "ConnectionDialog",
                "Where does this office keep its data? A change applies at the next start.",
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.file_choice = QRadioButton(
            QCoreApplication.translate("ConnectionDialog", "This PC's &file (one seat)")
        )
        self.server_choice = QRadioButton(
            QCoreApplication.translate("ConnectionDialog", "The office &server (several seats)")
        )
        self.file_choice.setObjectName("fileChoice")
        self.server_choice.setObjectName("serverChoice")
        group = QButtonGroup(self)
        group.addButton(self.file_choice)
        group.addButton(self.server_choice)

        layout.addWidget(self.file_choice)
        self.file_box = QGroupBox()
        file_row = QHBoxLayout(self.file_box)
        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("fileEdit")
        browse = QPushButton(QCoreApplication.translate("ConnectionDialog", "&Browse…"))
        browse.setObjectName("browseButton")
        browse.clicked.connect(self._browse)
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(browse)
        layout.addWidget(self.file_box)

        layout.addWidget(self.server_choice)
        self.server_box = QGroupBox()
        form = QFormLayout(self.server_box)
        self.host_edit = QLineEdit()
        self.host_edit.setObjectName("hostEdit")
        self.host_edit.setPlaceholderText(
            QCoreApplication.translate("ConnectionDialog", "computer name or IP address")
        )
        self.port_spin = QSpinBox()
        self.port_spin.setObjectName("portSpin")
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(DEFAULT_PORT)
        self.port_spin.setGroupSeparatorShown(False)
        self.database_edit = QLineEdit("office")
        self.database_edit.setObjectName("databaseEdit")
        self.user_edit = QLineEdit("office")
        self.user_edit.setObjectName("userEdit")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.ssl_combo = QComboBox()
        self.ssl_combo.setObjectName("sslCombo")
        for value, label in SSL_CHOICES:
            self.ssl_combo.addItem(QCoreApplication.translate("ConnectionDialog", label), value)
        form.addRow(QCoreApplication.translate("ConnectionDialog", "&Host:"), self.host_edit)
        form.addRow(QCoreApplication.translate("ConnectionDialog", "P&ort:"), self.port_spin)
        form.addRow(
            QCoreApplication.translate("ConnectionDialog", "&Database:"), self.database_edit
        )
        form.addRow(QCoreApplication.translate("ConnectionDialog", "&User:"), self.user_edit)
        form.addRow(
            QCoreApplication.translate("ConnectionDialog", "Pass&word:"), self.password_edit
        )
        form.addRow(QCoreApplication.translate("ConnectionDialog", "&Encryption:"), self.ssl_combo)
        layout.addWidget(self.server_box)

        test_row = QHBoxLayout()
        self.test_button = QPushButton(
            QCoreApplication.translate("ConnectionDialog", "&Test connection")
        )
        self.test_button.setObjectName("testButton")
        self.test_button.clicked.connect(self.start_test)
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        layout.addLayout(test_row)
        self.result_label = QLabel()
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result_label)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(
            QCoreApplication.translate("ConnectionDialog", "Save")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("ConnectionDialog", "&Quit")
            if first_start
            else QCoreApplication.translate("ConnectionDialog", "Cancel")
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        group.buttonToggled.connect(lambda *_: self._show_kind())
        self._fill(current)
        self._show_kind()
        self._as_opened = self.snapshot()

    # --- filling and reading the fields ----------------------------------------------------

    def _fill(self, current: str | Path) -> None:
        text = str(current).strip()
        if is_server(text):
            try:
                address = parse_server_url(text)
            except ConnectionSettingsError:
                address = None
            if address is not None:
                self.host_edit.setText(address.host)
                self.port_spin.setValue(address.port)
                self.database_edit.setText(address.database)
                self.user_edit.setText(address.user)
                index = self.ssl_combo.findData(address.sslmode)
                self.ssl_combo.setCurrentIndex(max(index, 0))
                if load_password(address) is not None:
                    self.password_edit.setPlaceholderText(
                        QCoreApplication.translate(
                            "ConnectionDialog",
                            "saved in this PC's credential store; type to change it",
                        )
                    )
            self.server_choice.setChecked(True)
            if self._default_file is not None:
                self.file_edit.setText(str(self._default_file))
            return
        self.file_choice.setChecked(True)
        self.file_edit.setText(text or str(self._default_file or ""))

    def _show_kind(self) -> None:
        server = self.server_choice.isChecked()
        self.server_box.setEnabled(server)
        self.file_box.setEnabled(not server)
        self.result_label.clear()

    def address(self) -> ServerAddress:
        return ServerAddress(
            host=self.host_edit.text().strip(),
            database=self.database_edit.text().strip(),
            user=self.user_edit.text().strip(),
            port=self.port_spin.value(),
            sslmode=str(self.ssl_combo.currentData() or ""),
        )

    def snapshot(self) -> tuple[object, ...]:
        """What the fields say now (to tell whether anything was typed)."""
        return (
            self.server_choice.isChecked(),
            self.file_edit.text(),
            self.address(),
            self.password_edit.text(),
        )

    def reject(self) -> None:
        """Esc or 取消/退出: what was typed is not thrown away without asking."""
        if self.snapshot() != self._as_opened and not messages.confirm_discard(self):
            return
        super().reject()

    def typed_password(self) -> str | None:
        """The password typed (None when the field was left empty: the stored one holds)."""
        return self.password_edit.text() or None

    def chosen_target(self) -> str:
        """The target the fields name; raises ConnectionSettingsError saying what is missing."""
        if self.server_choice.isChecked():
            address = self.address()
            problems = address.problems()
            if problems:
                raise ConnectionSettingsError("".join(problems.values()))
            return address.url
        return normalize_target(self.file_edit.text())

    # --- actions ---------------------------------------------------------------------------

    def _browse(self) -> None:
        start = self.file_edit.text().strip() or str(self._default_file or "")
        chosen = file_dialogs.database_file_name(
            self,
            QCoreApplication.translate("ConnectionDialog", "Database file"),
            start,
            QCoreApplication.translate("ConnectionDialog", "Database files (*.db);;All files (*)"),
        )
        if chosen:
            self.file_edit.setText(chosen)

    def _show_result(self, ok: bool, text: str) -> None:
        color = "#2E7D32" if ok else error_color()
        self.result_label.setStyleSheet(f"color: {color};")
        self.result_label.setText(text)

    def start_test(self) -> None:
        """测试连接: tried on a thread of its own (a server that does not answer takes up to
        its time-out), the answer shown under the button when it comes."""
        try:
            target = self.chosen_target()
        except ConnectionSettingsError as exc:
            self._show_result(False, str(exc))
            return
        password = self.typed_password()
        self.test_button.setEnabled(False)
        self.result_label.setStyleSheet("")
        self.result_label.setText(QCoreApplication.translate("ConnectionDialog", "Connecting…"))
        tested = to_gui(self._tested)  # nothing once the dialog is gone

        def work() -> None:
            try:
                found = check_connection(target, password)
            except Exception as exc:  # said under the button, not lost on the thread
                log.exception("connection test")
                found = ConnectionCheck(False, str(exc) or type(exc).__name__)
            tested(found)

        threading.Thread(target=work, name="connection-test", daemon=True).start()

    def _tested(self, found: ConnectionCheck) -> None:
        self.test_button.setEnabled(True)
        self._show_result(found.ok, found.message)

    def test_connection(self) -> ConnectionCheck:
        """Try what the fields name and show the answer under the button."""
        try:
            target = self.chosen_target()
        except ConnectionSettingsError as exc:
            found = ConnectionCheck(False, str(exc))
        else:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                found = check_connection(target, self.typed_password())
            finally:
                QGuiApplication.restoreOverrideCursor()
        self._show_result(found.ok, found.message)
        return found

    def accept(self) -> None:
        try:
            target = self.chosen_target()
        except ConnectionSettingsError as exc:
            self._show_result(False, str(exc))
            return
        password = self.typed_password()
        if is_server(target):
            address = parse_server_url(target)
            if password is not None:
                try:
                    store_password(address, password)
                except CredentialStoreUnavailable as exc:
                    messages.warn(
                        self,
                        QCoreApplication.translate("ConnectionDialog", "Password not saved"),
                        str(exc),
                    )
            else:
                password = load_password(address)
        self.target = target
        self.password = password
        log.info("database chosen: %s", "office server" if is_server(target) else target)
        super().accept()


class ConnectingDialog(QDialog):
    """正在连接办公室服务器 host:port… with 取消, while the connection check runs on a thread of
    its own. :meth:`run` shows it until the answer comes (the check's
    :class:`ConnectionCheck`) or the user cancels (None).

    With ``open_server`` a server found usable is then opened on that thread too
    (services.admin.database.open_database: an older schema backed up and migrated), the
    dialog saying so and no longer cancellable; then :attr:`location` is the server opened,
    or :attr:`error` what opening it raised."""

    def __init__(
        self,
        target: str,
        password: str | None,
        parent: QWidget | None = None,
        *,
        open_server: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectingDialog")
        self.setWindowTitle(QCoreApplication.translate("ConnectionDialog", "Office server"))
        self.setModal(True)
        self.target = target
        self.password = password
        self.found: ConnectionCheck | None = None
        self.open_server = open_server
        self._state = _Opening()
        self._over = False
        self.label = QLabel(
            QCoreApplication.translate(
                "ConnectionDialog", "Connecting to the office server {where}…"
            ).format(where=_where(target))
        )
        self.label.setObjectName("connectingLabel")
        self.label.setWordWrap(True)
        busy = QProgressBar()
        busy.setRange(0, 0)  # no measure of progress: it moves while the thread waits
        busy.setTextVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(QCoreApplication.translate("ConnectionDialog", "Cancel"))
        self.cancel_button.setObjectName("cancelConnectingButton")
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(busy)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)

    @property
    def location(self) -> object | None:
        """The server opened (its URL, printing without password); None when not."""
        return self._state.location

    @property
    def error(self) -> BaseException | None:
        """What opening the server raised (None when it opened, or was not tried)."""
        return self._state.error

    def run(self) -> ConnectionCheck | None:
        """Try the server on a thread and wait, the event loop running, for its answer."""
        # The thread holds no reference to the dialog (the last one dropped there would
        # delete the dialog on that thread): it reaches it through to_gui, which drops its
        # answers once the dialog is gone (cancelled).
        answered, opening = to_gui(self._answered), to_gui(self._show_opening)
        target, password = self.target, self.password
        state, open_server = self._state, self.open_server

        def work() -> None:
            # Whatever happens, the dialog hears the end (else, 取消 refused once the opening
            # started, the start would hang): what went wrong is kept in ``state`` and said
            # or raised on the GUI thread.
            found: ConnectionCheck | None = None
            try:
                found = check_connection(target, password)
                if open_server and found.ok and state.start():
                    opening(0 < found.schema_version < SCHEMA_VERSION)
                    state.open(target, password)
            except BaseException as exc:
                state.failed(exc)
            finally:
                answered(found or ConnectionCheck(False, str(state.error or "")))

        threading.Thread(target=work, name="connection-at-start", daemon=True).start()
        self.exec()
        self._over = True
        return self.found

    def _show_opening(self, upgrading: bool) -> None:
        self.cancel_button.setEnabled(False)
        if upgrading:
            self.label.setText(
                QCoreApplication.translate(
                    "ConnectionDialog", "Upgrading the database… (the server is backed up first)"
                )
            )

    def reject(self) -> None:
        """取消 (or Esc): ends the wait, except while the server is being opened (an upgrade
        is not left half done)."""
        if not self._state.cancel():
            return
        super().reject()

    def _answered(self, found: ConnectionCheck) -> None:
        if self._over:  # cancelled before the answer came
            return
        self.found = found
        self.accept()


class _Opening:
    """The opening of the server at the start, between :class:`ConnectingDialog` and its
    thread: once the thread starts opening, 取消 waits for it; once 取消 was pressed, the
    thread opens nothing."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._started = False
        self._cancelled = False
        self.location: object | None = None
        self.error: BaseException | None = None

    def start(self) -> bool:
        """(On the thread) whether to open the server: not after 取消; from now on 取消 is
        refused."""
        with self._guard:
            if self._cancelled:
                return False
            self._started = True
            return True

    def cancel(self) -> bool:
        """(On the GUI thread) 取消: False while the server is being opened."""
        with self._guard:
            if self._started:
                return False
            self._cancelled = True
            return True

    def open(self, target: str, password: str | None) -> None:
        """(On the thread) open the server (backed up and migrated when older), then close
        this thread's connection: the GUI thread opens its own at its first query. What
        fails is kept in :attr:`error` (said or raised on the GUI thread by the caller)."""
        location: object | None = None
        try:
            location = server_location(target, password)
            open_database(location)  # type: ignore[arg-type]
        except BaseException as exc:
            self.failed(exc)
        finally:
            try:
                close_thread_connection()
            except BaseException as exc:
                self.failed(exc)
        if self.error is None:
            self.location = location

    def failed(self, error: BaseException) -> None:
        """(On the thread) keep the first error; the server counts as not opened."""
        if self.error is None:
            self.error = error
        self.location = None


def _where(target: str) -> str:
    """``host:port`` of a server's URL, for the waiting dialog."""
    try:
        address = parse_server_url(target)
    except ConnectionSettingsError:
        return describe_target(target)
    return f"{address.host}:{address.port}"


def ask_unreachable(parent: QWidget | None, message: str) -> str:
    """A server that cannot be reached: "retry", "change" (the connection) or "quit"."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("ConnectionDialog", "Office server not reached"),
        message,
        parent=parent,
    )
    retry = box.addButton(
        QCoreApplication.translate("ConnectionDialog", "&Retry"), QMessageBox.ButtonRole.AcceptRole
    )
    change = box.addButton(
        QCoreApplication.translate("ConnectionDialog", "&Change connection…"),
        QMessageBox.ButtonRole.ActionRole,
    )
    box.addButton(
        QCoreApplication.translate("ConnectionDialog", "&Quit"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(retry)
    box.exec()
    clicked = box.clickedButton()
    if clicked is retry:
        return "retry"
    if clicked is change:
        return "change"
    return "quit"


def ask_not_upgraded(parent: QWidget | None, message: str) -> str:
    """The server's upgrade refused (its backup could not be made; ``message`` says why, in
    Chinese): "retry" or "quit"."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("ConnectionDialog", "Database not upgraded"),
        message,
        parent=parent,
    )
    box.setObjectName("notUpgradedBox")
    retry = box.addButton(
        QCoreApplication.translate("ConnectionDialog", "&Retry"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(
        QCoreApplication.translate("ConnectionDialog", "&Quit"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(retry)
    box.exec()
    return "retry" if box.clickedButton() is retry else "quit"


def choose(
    current: str | Path,
    parent: QWidget | None = None,
    *,
    first_start: bool = False,
    default_file: Path | None = None,
) -> ConnectionDialog | None:
    """Show the dialog; the accepted dialog (its ``target`` and ``password``) or None."""
    dialog = ConnectionDialog(current, parent, first_start=first_start, default_file=default_file)
    return dialog if dialog.exec() == QDialog.DialogCode.Accepted else None


def connect_at_start(
    ui: UiSettings, explicit: str | Path | None, parent: QWidget | None = None
) -> Path | object | None:
    """The database of this start: a file's path (not opened yet), or the office server
    opened already (its location, which prints without password); None when the user quit.

    Asks at the first start (nothing chosen, no file yet); the server is tried and opened
    behind 正在连接… with 取消 (None, like quitting; an older schema's upgrade says so and
    cannot be cancelled); a server that cannot be reached, or refuses the log-in, is said
    with retry, change (the connection, the password) and quit; an upgrade refused (no
    backup) with retry and quit."""
    target, source = start_target(ui, explicit)
    password: str | None = None
    if needs_first_choice(ui, source, target):
        dialog = choose(target, parent, first_start=True, default_file=Path(target))
        if dialog is None:
            return None
        target = remember_target(ui, dialog.target)
        password = dialog.password
    elif is_server(target):
        password = password_for(target)
    while True:
        if not is_server(target):
            return Path(target)
        # Without a kept password the driver may still find one (pgpass, PGPASSWORD) or need
        # none; a refused log-in is said like any other failure, and 更改连接… asks for it.
        # Tried and opened on a thread behind 正在连接…: the window keeps answering; 取消 ends
        # the start (not while an older schema is being backed up and upgraded).
        connecting = ConnectingDialog(target, password, parent, open_server=True)
        found = connecting.run()
        if found is None:
            log.info("connection at start cancelled: %s", describe_target(target))
            return None
        error = connecting.error
        if error is not None and not isinstance(error, MigrationError | DatabaseUnavailable):
            raise error  # a fault of the program: the traceback is shown and logged
        message = found.message
        if found.ok:
            if error is None:
                return connecting.location
            if isinstance(error, MigrationError):
                log.warning("office server not upgraded: %s", describe_target(target))
                if ask_not_upgraded(parent, str(error)) == "retry":
                    continue
                return None
            message = str(error)
        log.warning("office server not reached at start: %s", describe_target(target))
        answer = ask_unreachable(parent, message)
        if answer == "quit":
            return None
        if answer == "change":
            dialog = choose(target, parent)
            if dialog is None:
                return None
            target = remember_target(ui, dialog.target)
            password = dialog.password


class DatabaseBox(QGroupBox):
    """设置's 数据库 group: the database of this start, the one chosen for the next starts,
    and (administrators) 更改连接… to choose again."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("SettingsPage", "Database"), parent)
        self.setObjectName("databaseBox")
        self.context = context
        self.label = QLabel(self)
        self.label.setObjectName("databaseLabel")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change_button = QPushButton(
            QCoreApplication.translate("SettingsPage", "Change connection…"), self
        )
        self.change_button.setObjectName("changeConnectionButton")
        self.change_button.setToolTip(
            QCoreApplication.translate(
                "SettingsPage",
                "This PC's file or the office server; the password goes to the credential "
                "store. Applies at the next start.",
            )
        )
        self.change_button.clicked.connect(self.change)
        self.change_button.setEnabled(context.actor.is_admin)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        row = QHBoxLayout()
        row.addWidget(self.change_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.refresh()

    def next_target(self) -> str:
        return stored_target(self.context.ui) or str(default_file())

    def refresh(self) -> None:
        now = describe_target(str(self.context.db_path))
        later = describe_target(self.next_target())
        text = QCoreApplication.translate("SettingsPage", "Now: {now}").format(now=now)
        if later != now:
            text += "\n" + QCoreApplication.translate(
                "SettingsPage",
                "Chosen for this PC (when no --db or OFFICE_APP_DB is given): {later}",
            ).format(later=later)
        self.label.setText(text)

    def change(self) -> bool:
        """Choose again; the choice is kept for the next start (and audited)."""
        dialog = choose(self.next_target(), self, default_file=default_file())
        if dialog is None:
            return False
        kept = remember_target(self.context.ui, dialog.target)
        try:
            record_choice(self.context.actor, kept)
        except Exception as exc:  # a busy database: the choice is kept all the same
            log.warning("database choice not audited: %s", exc)
        self.refresh()
        messages.inform(
            self,
            QCoreApplication.translate("SettingsPage", "Database connection"),
            QCoreApplication.translate(
                "SettingsPage", "From the next start the program works on {target}."
            ).format(target=describe_target(kept)),
        )
        return True
