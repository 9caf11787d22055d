from __future__ import annotations

from pathlib import Path

from office_app.models import Operator
from office_app.services.admin import auth
from office_app.views.login_dialog import LoginDialog


def test_first_run_creates_the_admin(qtbot, office_app, fresh_db: Path) -> None:
    dialog = LoginDialog(first_run=True)
    qtbot.addWidget(dialog)
    dialog.username.setText("admin")
    dialog.display_name.setText("张书记")
    dialog.password.setText("secret1")
    dialog.password_again.setText("secret2")
    dialog.try_accept()
    assert dialog.error.text() == "两次输入的密码不一致。"
    assert not Operator.select().exists()
    dialog.password_again.setText("secret1")
    dialog.try_accept()
    assert dialog.actor is not None and dialog.actor.is_admin
    assert Operator.get().display_name == "张书记"


def test_wrong_password_says_so_and_stays_open(qtbot, office_app, fresh_db: Path) -> None:
    auth.create_operator(None, "admin", "管理员", "admin", "secret1")
    dialog = LoginDialog(first_run=False, username="admin")
    qtbot.addWidget(dialog)
    dialog.password.setText("nope")
    dialog.try_accept()
    assert dialog.actor is None
    assert dialog.error.text() == "用户名或密码不正确。"
    dialog.password.setText("secret1")
    dialog.try_accept()
    assert dialog.actor is not None and dialog.actor.username == "admin"


def test_ask_offers_first_run_on_an_empty_database(
    qtbot, office_app, fresh_db: Path, monkeypatch
) -> None:
    seen: list[bool] = []

    def fake_exec(self: LoginDialog) -> int:
        seen.append(self.first_run)
        return 0

    monkeypatch.setattr(LoginDialog, "exec", fake_exec)
    assert LoginDialog.ask() is None
    auth.create_operator(None, "admin", "管理员", "admin", "secret1")
    LoginDialog.ask()
    assert seen == [True, False]


def test_log_in_shows_only_user_name_and_password(qtbot, office_app, fresh_db: Path) -> None:
    from PySide6.QtWidgets import QLineEdit

    dialog = LoginDialog(first_run=False, username="admin")
    qtbot.addWidget(dialog)
    dialog.show()
    visible = [w.objectName() for w in dialog.findChildren(QLineEdit) if w.isVisible()]
    assert sorted(visible) == ["password", "username"]
    first = LoginDialog(first_run=True)
    qtbot.addWidget(first)
    first.show()
    visible = [w.objectName() for w in first.findChildren(QLineEdit) if w.isVisible()]
    assert sorted(visible) == ["displayName", "password", "passwordAgain", "username"]


def test_failed_log_ins_are_in_the_audit_trail_without_the_password(
    qtbot, office_app, fresh_db: Path
) -> None:
    """Issue 17, point 20: a wrong user name and a wrong password are both recorded."""
    from PySide6.QtCore import Qt

    from office_app.models import AuditEntry

    auth.create_operator(None, "admin", "管理员", "admin", "secret1")
    dialog = LoginDialog(first_run=False)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "amdin")
    qtbot.keyClicks(dialog.password, "hunter2x")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is None
    dialog.username.setText("admin")
    dialog.password.setText("wrong-pw")
    dialog.try_accept()
    failed = list(
        AuditEntry.select().where(AuditEntry.action == "login.failed").order_by(AuditEntry.id)
    )
    assert [e.operator_name for e in failed] == ["amdin", "admin"]
    assert failed[0].operator_id is None and "没有这个用户名" in failed[0].summary
    assert "“amdin”" in failed[0].summary and "密码不正确" in failed[1].summary
    assert failed[1].at is not None
    for entry in failed:
        text = f"{entry.summary} {entry.before} {entry.after}"
        assert "hunter2x" not in text and "wrong-pw" not in text
