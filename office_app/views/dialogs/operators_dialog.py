"""操作员管理: the administrator creates operators, resets passwords, sets roles, disables.

Opened from the settings page (administrators only). The services check the role again.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from office_app.services.admin import operators as O
from office_app.services.admin.actor import ROLES, Actor, PermissionDenied
from office_app.services.clock import now

from ..formatting import role_label
from . import messages


class NewOperatorDialog(QDialog):
    """User name, display name, role and the password twice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("OperatorsDialog", "New operator"))
        self.username = QLineEdit(self)
        self.username.setObjectName("newUsername")
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("newDisplayName")
        self.role = QComboBox(self)
        self.role.setObjectName("newRole")
        for role in ROLES:
            self.role.addItem(role_label(role), role)
        self.role.setCurrentIndex(ROLES.index("duty"))
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again = QLineEdit(self)
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #D32F2F;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(QCoreApplication.translate("OperatorsDialog", "User name"), self.username)
        form.addRow(
            QCoreApplication.translate("OperatorsDialog", "Display name"), self.display_name
        )
        form.addRow(QCoreApplication.translate("OperatorsDialog", "Role"), self.role)
        form.addRow(QCoreApplication.translate("OperatorsDialog", "Password"), self.password)
        form.addRow(
            QCoreApplication.translate("OperatorsDialog", "Password again"), self.password_again
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def try_accept(self) -> None:
        if not self.username.text().strip():
            self.error.setText(QCoreApplication.translate("OperatorsDialog", "Enter a user name."))
            return
        if self.password.text() != self.password_again.text():
            self.error.setText(
                QCoreApplication.translate("OperatorsDialog", "The passwords differ.")
            )
            return
        self.accept()


class OperatorsDialog(QDialog):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle(QCoreApplication.translate("OperatorsDialog", "Operators"))
        self.resize(720, 420)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("operatorsTable")
        self.table.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("OperatorsDialog", "User name"),
                QCoreApplication.translate("OperatorsDialog", "Display name"),
                QCoreApplication.translate("OperatorsDialog", "Role"),
                QCoreApplication.translate("OperatorsDialog", "Status"),
                QCoreApplication.translate("OperatorsDialog", "Created"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._sync_buttons)

        self.new_button = QPushButton(
            QCoreApplication.translate("OperatorsDialog", "New operator… (Ctrl+N)"), self
        )
        self.new_button.clicked.connect(self.ask_new)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self.ask_new)
        self.password_button = QPushButton(
            QCoreApplication.translate("OperatorsDialog", "Reset password…"), self
        )
        self.password_button.clicked.connect(self.ask_password)
        self.role_button = QPushButton(
            QCoreApplication.translate("OperatorsDialog", "Change role…"), self
        )
        self.role_button.clicked.connect(self.ask_role)
        self.active_button = QPushButton(
            QCoreApplication.translate("OperatorsDialog", "Disable"), self
        )
        self.active_button.setObjectName("activeButton")
        self.active_button.clicked.connect(self.toggle_active)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)

        note = QLabel(
            QCoreApplication.translate(
                "OperatorsDialog",
                "管理员 may do everything, including operators, settings, restoring backups and "
                "purging old personal data; 值班员 does the daily work; 只读 may only look, with "
                "personal data masked. A disabled operator cannot log in.",
            ),
            self,
        )
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (
            self.new_button,
            self.password_button,
            self.role_button,
            self.active_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.operators: list[O.OperatorInfo] = []
        self.refresh()

    # --- the table ----------------------------------------------------------------------

    def refresh(self, select_id: int | None = None) -> None:
        self.operators = O.list_operators()
        self.table.setRowCount(len(self.operators))
        moment = now()
        for row, op in enumerate(self.operators):
            if not op.active:
                status = QCoreApplication.translate("OperatorsDialog", "Disabled")
            elif op.locked_until is not None and op.locked_until > moment:
                status = QCoreApplication.translate(
                    "OperatorsDialog", "Locked until {time}"
                ).format(time=f"{op.locked_until:%H:%M}")
            else:
                status = QCoreApplication.translate("OperatorsDialog", "Active")
            values = (
                op.username,
                op.display_name,
                role_label(op.role),
                status,
                f"{op.created_at:%Y-%m-%d %H:%M}",
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, op.id)
                self.table.setItem(row, column, item)
            if op.id == select_id:
                self.table.selectRow(row)
        self._sync_buttons()

    def selected(self) -> O.OperatorInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.operators[rows[0].row()]

    def select(self, username: str) -> None:
        for row, op in enumerate(self.operators):
            if op.username == username:
                self.table.selectRow(row)

    def _sync_buttons(self) -> None:
        op = self.selected()
        for button in (self.password_button, self.role_button, self.active_button):
            button.setEnabled(op is not None)
        self.active_button.setText(
            QCoreApplication.translate("OperatorsDialog", "Enable")
            if op and not op.active
            else QCoreApplication.translate("OperatorsDialog", "Disable")
        )

    def _run(self, change, *args) -> O.OperatorInfo | None:  # type: ignore[no-untyped-def]
        try:
            info: O.OperatorInfo = change(self.actor, *args)
        except (O.OperatorError, PermissionDenied) as exc:
            messages.warn(
                self, QCoreApplication.translate("OperatorsDialog", "Operators"), str(exc)
            )
            return None
        self.refresh(info.id)
        return info

    # --- actions ------------------------------------------------------------------------

    def ask_new(self) -> O.OperatorInfo | None:
        dialog = NewOperatorDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return self._run(
            O.create,
            dialog.username.text(),
            dialog.display_name.text(),
            dialog.role.currentData(),
            dialog.password.text(),
        )

    def ask_password(self) -> O.OperatorInfo | None:
        op = self.selected()
        if op is None:
            return None
        password, ok = QInputDialog.getText(
            self,
            QCoreApplication.translate("OperatorsDialog", "Reset password"),
            QCoreApplication.translate("OperatorsDialog", "New password for {name}:").format(
                name=op.username
            ),
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return None
        return self._run(O.reset_password, op.id, password)

    def ask_role(self) -> O.OperatorInfo | None:
        op = self.selected()
        if op is None:
            return None
        labels = [role_label(r) for r in ROLES]
        label, ok = QInputDialog.getItem(
            self,
            QCoreApplication.translate("OperatorsDialog", "Change role"),
            QCoreApplication.translate("OperatorsDialog", "Role of {name}:").format(
                name=op.username
            ),
            labels,
            ROLES.index(op.role) if op.role in ROLES else 0,
            False,
        )
        if not ok:
            return None
        return self._run(O.set_role, op.id, ROLES[labels.index(label)])

    def toggle_active(self) -> O.OperatorInfo | None:
        op = self.selected()
        if op is None:
            return None
        if op.active and not messages.confirm(
            self,
            QCoreApplication.translate("OperatorsDialog", "Disable operator"),
            QCoreApplication.translate(
                "OperatorsDialog", "Disable {name}? They can no longer log in; their records stay."
            ).format(name=op.username),
            default_yes=False,
        ):
            return None
        return self._run(O.set_active, op.id, not op.active)


class ChangePasswordDialog(QDialog):
    """The logged-in operator changes their own password."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle(QCoreApplication.translate("OperatorsDialog", "Change my password"))
        self.current = QLineEdit(self)
        self.new = QLineEdit(self)
        self.again = QLineEdit(self)
        for edit in (self.current, self.new, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #D32F2F;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(QCoreApplication.translate("OperatorsDialog", "Current password"), self.current)
        form.addRow(QCoreApplication.translate("OperatorsDialog", "New password"), self.new)
        form.addRow(QCoreApplication.translate("OperatorsDialog", "Password again"), self.again)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(360)

    def try_accept(self) -> bool:
        if self.new.text() != self.again.text():
            self.error.setText(
                QCoreApplication.translate("OperatorsDialog", "The passwords differ.")
            )
            return False
        try:
            O.change_own_password(self.actor, self.current.text(), self.new.text())
        except O.OperatorError as exc:
            self.error.setText(str(exc))
            self.current.setFocus()
            return False
        self.accept()
        return True
