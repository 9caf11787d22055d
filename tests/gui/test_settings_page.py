from __future__ import annotations

import datetime as dt
from pathlib import Path

from office_app.models import AuditEntry, Building
from office_app.services.admin import settings as S
from office_app.services.admin.actor import SYSTEM, Actor
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.main_window import MainWindow
from office_app.views.pages.settings import SettingsPage


def test_admin_changes_the_lowering_rule_and_the_clocks_follow(
    qtbot, office_app, demo_db: Path, ui: U.UiSettings
) -> None:
    window = MainWindow(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(window)
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    assert page.clean_days_spin.value() == 5 and page.negative_round_check.isChecked()
    sealed = Building.get(Building.risk_level == "高")
    before = sealed.earliest_lowering
    page.clean_days_spin.setValue(7)
    page.monitoring_spin.setValue(5)
    page.community_edit.setText("科城路社区（试点）")
    assert page.save_community()
    saved = S.load()
    assert (saved.lowering_clean_days, saved.monitoring_days) == (7, 5)
    assert Building.get_by_id(sealed.id).earliest_lowering == before + dt.timedelta(days=2)
    assert "科城路社区（试点）" in window.community_label.text()
    assert AuditEntry.select().where(AuditEntry.action == "settings.save").count() == 1


def test_empty_names_are_refused(
    qtbot, office_app, fresh_db: Path, ui: U.UiSettings, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    page = SettingsPage(AppContext(actor=SYSTEM, db_path=fresh_db, ui=ui))
    qtbot.addWidget(page)
    page.district_edit.setText("  ")
    assert not page.save_community()
    assert warnings and "不能为空" in warnings[0]
    assert S.load().district == "九龙坡区"


def test_a_duty_operator_cannot_change_community_settings(
    qtbot, office_app, fresh_db: Path, ui: U.UiSettings
) -> None:
    page = SettingsPage(AppContext(actor=Actor("duty1", "值班员", "duty"), db_path=fresh_db, ui=ui))
    qtbot.addWidget(page)
    assert not page.save_button.isEnabled() and not page.clean_days_spin.isEnabled()
    assert not page.shifts_edit.isEnabled() and not page.rest_spin.isEnabled()
    assert not page.admin_note.isHidden()
    assert page.theme_combo.isEnabled()  # appearance is his own


def test_admin_defines_the_shifts_and_the_rest_between_them(
    qtbot, office_app, fresh_db: Path, ui: U.UiSettings, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from office_app.services.volunteers import roster

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    page = SettingsPage(AppContext(actor=SYSTEM, db_path=fresh_db, ui=ui))
    qtbot.addWidget(page)
    assert page.shifts_edit.text() == "白班 08:00–20:00；夜班 20:00–08:00"
    page.shifts_edit.setText("早班 6:00-14:00；中班 14:00-22:00；夜班 22:00-6:00")
    page.rest_spin.setValue(10)
    assert page.save_community() and warnings == []
    saved = S.load()
    assert [(d.name, d.start, d.end) for d in saved.shifts] == [
        ("早班", "06:00", "14:00"),
        ("中班", "14:00", "22:00"),
        ("夜班", "22:00", "06:00"),
    ]
    assert roster.min_rest_hours() == 10
    page.shifts_edit.setText("白班 08:00–20:00；夜班 20:00–07:00")  # an hour of the day uncovered
    assert not page.save_community()
    assert "覆盖一整天" in warnings[-1] and len(S.load().shifts) == 3
