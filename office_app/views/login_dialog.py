"""Log-in at start; on a new database, creating the first administrator."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from office_app.services.admin import auth
from office_app.services.admin.actor import ROLE_ADMIN, Actor


class LoginDialog(QDialog):
    def __init__(
        self, *, first_run: bool, username: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.first_run = first_run
        self.actor: Actor | None = None
        self.setWindowTitle(
            QCoreApplication.translate("LoginDialog", "Create the first administrator")
            if first_run
            else QCoreApplication.translate("LoginDialog", "Log in")
        )
        self.username = QLineEdit(username or ("admin" if first_run else ""), self)
        self.username.setObjectName("username")
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("displayName")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again = QLineEdit(self)
        self.password_again.setObjectName("passwordAgain")
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setObjectName("loginError")
        self.error.setStyleSheet("color: #D32F2F;")
        self.error.setWordWrap(True)

        # Only a first run asks for a display name and the password twice.
        self.display_name.setVisible(first_run)
        self.password_again.setVisible(first_run)
        self.setMinimumWidth(380)

        form = QFormLayout()
        form.addRow(QCoreApplication.translate("LoginDialog", "User name"), self.username)
        if first_run:
            form.addRow(
                QCoreApplication.translate("LoginDialog", "Display name"), self.display_name
            )
        form.addRow(QCoreApplication.translate("LoginDialog", "Password"), self.password)
        if first_run:
            form.addRow(
                QCoreApplication.translate("LoginDialog", "Password again"), self.password_again
            )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if first_run:
            intro = QLabel(
                QCoreApplication.translate(
                    "LoginDialog",
                    "This database has no operators yet. Create the administrator who will "
                    "manage operators and settings.",
                ),
                self,
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.password if username else self.username).setFocus()

    def try_accept(self) -> None:
        name = self.username.text().strip()
        password = self.password.text()
        try:
            if self.first_run:
                if password != self.password_again.text():
                    raise ValueError(
                        QCoreApplication.translate("LoginDialog", "The passwords differ.")
                    )
                self.actor = auth.create_operator(
                    None, name, self.display_name.text(), ROLE_ADMIN, password
                )
            else:
                self.actor = auth.log_in(name, password)
        except (auth.LoginError, ValueError, OSError) as exc:  # OSError: busy or read-only
            self.error.setText(str(exc))
            self.password.selectAll()
            self.password.setFocus()
            return
        self.accept()

    @classmethod
    def ask(cls, *, username: str = "", parent: QWidget | None = None) -> Actor | None:
        """Show the dialog; the operator who logged in, or None when cancelled."""
        dialog = cls(first_run=not auth.has_operators(), username=username, parent=parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.actor
        return None
