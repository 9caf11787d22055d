"""The audit page, the operators dialog and the purge in the settings (issue 9, points 4-6)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QInputDialog

from office_app.models import AuditEntry, ExitRequest, Operator, db
from office_app.services.admin import auth
from office_app.services.admin.actor import SYSTEM, Actor
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.dialogs import messages
from office_app.views.dialogs.operators_dialog import NewOperatorDialog, OperatorsDialog
from office_app.views.main_window import MainWindow
from office_app.views.pages.audit import AuditPage
from office_app.views.pages.settings import SettingsPage


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    texts: list[str] = []
    monkeypatch.setattr(messages, "inform", lambda _p, t, text: texts.append(text))
    monkeypatch.setattr(messages, "warn", lambda _p, t, text: texts.append(text))

    def yes(_p, title, text, **_kw) -> bool:  # type: ignore[no-untyped-def]
        texts.append(text)
        return True

    monkeypatch.setattr(messages, "confirm", yes)
    return texts


def _entries() -> None:
    with db.atomic():
        for n, (who, action, day) in enumerate(
            [
                ("admin", "login", 20),
                ("duty1", "login", 21),
                ("duty1", "import.tests", 21),
                ("duty1", "import.residents", 22),
                ("admin", "privacy.reveal", 22),
            ]
        ):
            AuditEntry.create(
                operator_name=who,
                action=action,
                at=dt.datetime(2022, 11, day, 8, n),
                summary=f"第 {n} 条",
            )


def test_audit_page_filters_by_operator_action_and_date(
    qtbot, qtmodeltester, office_app, fresh_db: Path, ui: U.UiSettings
) -> None:
    _entries()
    page = AuditPage(AppContext(actor=SYSTEM, db_path=fresh_db, ui=ui))
    qtbot.addWidget(page)
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 5
    operator = page.choice_filters[0].combo
    action = page.choice_filters[1].combo
    assert operator is not None and action is not None
    operator.setCurrentIndex(operator.findData("duty1"))
    assert page.model.rowCount() == 3
    labels = [action.itemText(i) for i in range(action.count())]
    assert "登录" in labels and "导入（全部）" in labels
    action.setCurrentIndex(action.findData("import."))
    assert page.model.rowCount() == 2
    page.set_dates(dt.date(2022, 11, 22), None)
    assert page.model.rowCount() == 1
    assert page.model.index(0, 5).data() == "第 3 条"
    operator.setCurrentIndex(0)
    action.setCurrentIndex(0)
    page.set_dates(dt.date(2022, 11, 21), dt.date(2022, 11, 21))
    assert page.model.rowCount() == 2
    assert page.date_from.text() == "2022-11-21"
    page.set_dates(None, None)
    assert page.model.rowCount() == 5 and page.date_to.text() == "不限"


def test_audit_export_takes_the_filtered_rows_and_is_audited(
    qtbot, office_app, fresh_db: Path, ui: U.UiSettings, tmp_path: Path, said: list[str]
) -> None:
    _entries()
    page = AuditPage(AppContext(actor=SYSTEM, db_path=fresh_db, ui=ui))
    qtbot.addWidget(page)
    operator = page.choice_filters[0].combo
    assert operator is not None
    operator.setCurrentIndex(operator.findData("admin"))
    result = page.export_to(tmp_path / "导出" / "审计.csv")
    assert result is not None and result.rows == 2
    with result.path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["时间", "操作员", "操作"]
    assert [r[1] for r in rows[1:]] == ["admin", "admin"]
    assert "2 条" in said[-1]
    assert ui.get(U.LAST_EXPORT_FOLDER) == str(tmp_path / "导出")
    assert AuditEntry.select().where(AuditEntry.action == "export.audit").count() == 1


def test_audit_page_is_the_navigation_page(qtbot, office_app, fresh_db: Path, ui) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(AppContext(actor=SYSTEM, db_path=fresh_db, ui=ui))
    qtbot.addWidget(window)
    assert isinstance(window.show_page("audit"), AuditPage)


def test_operators_dialog_creates_resets_changes_role_and_disables(
    qtbot, office_app, fresh_db: Path, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = auth.create_operator(None, "admin", "张书记", "admin", "secret1")
    dialog = OperatorsDialog(admin)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1

    def fill(self: NewOperatorDialog) -> int:
        self.username.setText("duty1")
        self.display_name.setText("王值班")
        self.role.setCurrentIndex(self.role.findData("duty"))
        self.password.setText("pass1")
        self.password_again.setText("pass1")
        self.try_accept()
        return self.result()

    monkeypatch.setattr(NewOperatorDialog, "exec", fill)
    created = dialog.ask_new()
    assert created is not None and dialog.table.rowCount() == 2
    assert dialog.table.item(1, 2).text() == "值班员"
    dialog.select("duty1")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("new-pass", True))
    dialog.ask_password()
    assert auth.log_in("duty1", "new-pass").username == "duty1"
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("只读", True))
    dialog.ask_role()
    assert Operator.get(Operator.username == "duty1").role == "readonly"
    dialog.select("duty1")
    dialog.toggle_active()
    assert "停用" in said[-1]
    assert dialog.table.item(1, 3).text() == "已停用"
    assert dialog.active_button.text() == "启用"
    dialog.select("admin")
    dialog.toggle_active()
    assert "自己" in said[-1]  # the service refused; the dialog said why
    assert Operator.get(Operator.username == "admin").active


def test_new_operator_dialog_checks_the_passwords(qtbot, office_app) -> None:
    dialog = NewOperatorDialog()
    qtbot.addWidget(dialog)
    dialog.username.setText("duty2")
    dialog.password.setText("a1b2")
    dialog.password_again.setText("zzzz")
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and "不一致" in dialog.error.text()


def test_settings_purge_previews_backs_up_and_purges(
    qtbot, office_app, demo_db: Path, ui: U.UiSettings, said: list[str]
) -> None:
    from office_app.services.admin import settings as S

    S.save(SYSTEM, S.CommunitySettings(retention_days=7))  # demo data is from 2022
    page = SettingsPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    assert page.retention_spin.value() == 7
    before = ExitRequest.select().count()
    assert before > 0
    assert page.purge_old_data()
    assert "外出申请" in said[0] and f"{before} " in said[0] and "备份" in said[0]
    assert ExitRequest.select().count() == 0
    assert "清理前" in said[1] or "备份" in said[1]
    assert AuditEntry.select().where(AuditEntry.action == "retention.purge").count() == 1
    assert not page.purge_old_data()  # nothing left: says so, asks nothing
    assert "没有" in said[-1]


def test_only_an_admin_sees_operators_and_purge_enabled(
    qtbot, office_app, fresh_db: Path, ui: U.UiSettings
) -> None:
    page = SettingsPage(
        AppContext(actor=Actor("duty1", "值班员", "duty", None), db_path=fresh_db, ui=ui)
    )
    qtbot.addWidget(page)
    assert not page.operators_button.isEnabled() and not page.purge_button.isEnabled()
    assert not page.retention_spin.isEnabled()


def test_audit_actions_read_in_the_users_words(
    qtbot, office_app, fresh_db: Path, ui: U.UiSettings
) -> None:
    _entries()
    page = AuditPage(AppContext(actor=SYSTEM, db_path=fresh_db, ui=ui))
    qtbot.addWidget(page)
    column = [c.key for c in page.listing.columns].index("action")
    index = page.model.index(0, column)  # newest first: privacy.reveal
    delegate = page.table.itemDelegateForColumn(column)
    # In words; the code itself in the tooltip (issue 17, point 8).
    assert delegate.displayText(index.data(), None) == "查看完整个人信息"
    assert "privacy.reveal" in delegate.tooltip(index.data())
    assert delegate.displayText("something.new", None) == "something.new"


def test_an_operator_changes_their_own_password(
    qtbot, office_app, fresh_db: Path, ui: U.UiSettings
) -> None:
    from office_app.views.dialogs.operators_dialog import ChangePasswordDialog

    admin = auth.create_operator(None, "admin", "张书记", "admin", "secret1")
    auth.create_operator(admin, "viewer", "查看员", "readonly", "view1")
    viewer = auth.log_in("viewer", "view1")
    page = SettingsPage(AppContext(actor=viewer, db_path=fresh_db, ui=ui))
    qtbot.addWidget(page)
    assert page.password_button.isEnabled() and not page.operators_button.isEnabled()
    dialog = ChangePasswordDialog(viewer)
    qtbot.addWidget(dialog)
    dialog.current.setText("wrong")
    dialog.new.setText("view2")
    dialog.again.setText("view2")
    assert not dialog.try_accept() and dialog.error.text() == "当前密码不正确。"
    dialog.current.setText("view1")
    assert dialog.try_accept()
    assert auth.log_in("viewer", "view2").username == "viewer"
    system_page = SettingsPage(AppContext(actor=SYSTEM, db_path=fresh_db, ui=ui))
    qtbot.addWidget(system_page)
    assert not system_page.password_button.isEnabled()  # the command line's operator has none
