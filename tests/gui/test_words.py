"""Words: Qt's own dialogs in Chinese, the audit in words, one language at a time (issue 17,
points 7–11)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QWidget,
)

from office_app import app as app_module
from office_app.models import Resident
from office_app.services.admin.actor import SYSTEM
from office_app.services.gate import exits as gate
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.pages.audit import AuditPage

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


def test_the_audit_says_what_happened_in_words(
    qtbot, office_app, demo_db: Path, ui: U.UiSettings, tmp_path: Path
) -> None:
    from office_app.reports import daily_report

    daily_report.write(SYSTEM, dt.date(2022, 11, 21), tmp_path / "日报.pdf")
    gate.request_and_decide(
        SYSTEM, Resident.select().first().id, "购药", gate.ORDINARY, gate.ERRAND
    )
    page = AuditPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    keys = [c.key for c in page.listing.columns]
    action, entity = keys.index("action"), keys.index("entity")
    shown = {}
    for row in range(page.model.rowCount()):
        code = page.model.index(row, action).data()
        delegate = page.table.itemDelegateForColumn(action)
        shown[code] = delegate.displayText(code, None)
        what = page.model.index(row, entity).data()
        if what == "exit_request":
            assert page.table.itemDelegateForColumn(entity).displayText(what, None) == "外出申请"
    assert shown["print.daily_report"] == "打印日报"
    assert shown["gate.decide"] == "出入审批"
    assert all(not re.fullmatch(r"[a-z_.]+", words) for words in shown.values()), shown
    assert "print.daily_report" in page.action_delegate.tooltip("print.daily_report")


def test_supplies_unit_column_is_the_unit_of_measure(
    qtbot, office_app, demo_db: Path, ui: U.UiSettings
) -> None:
    from office_app.views.pages.supplies import SuppliesPage

    page = SuppliesPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    model = page.stock.model
    titles = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert "单位" in titles and "单元" not in titles


CJK = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _without(text: str, data: list[str]) -> str:
    for value in sorted((d for d in data if d), key=len, reverse=True):
        text = text.replace(value, "")
    return text


@pytest.fixture
def english(office_app: QApplication):
    app_module.install_translators(office_app, "en")
    yield office_app
    app_module.install_translators(office_app, "zh_CN")


def test_the_english_ui_words_roster_conflicts_and_the_operator_in_english(
    qtbot, english, demo_db: Path, ui: U.UiSettings, monkeypatch
) -> None:
    from office_app.models import Building, Compound, Post, Volunteer
    from office_app.models.volunteers import VOLUNTEER_STATUSES
    from office_app.services.admin import settings as community_settings
    from office_app.services.volunteers import roster as R
    from office_app.views.main_window import MainWindow
    from office_app.views.pages import roster as roster_page

    # Facts the rules see, with English names: the words around them must be English too.
    posts = {1: R.PostFacts(1, "East gate", 3)}
    night = R.ShiftFacts(
        1,
        1,
        dt.date(2022, 12, 6),
        "Night",
        dt.datetime(2022, 12, 6, 20),
        dt.datetime(2022, 12, 7, 8),
        (7,),
    )
    volunteers = {7: R.VolunteerFacts(7, "Li", home_building_id=3, home_label="Block 3")}
    found = R.understaffed([night], volunteers, posts)
    found += R.sealed_outside([night], volunteers, posts, {3: ((dt.datetime(2022, 12, 1), "高"),)})
    assert len(found) == 2
    for conflict in found:
        assert not CJK.search(conflict.message), conflict.message

    # The roster page and the window in English on the (Chinese) demo data: besides the data
    # itself (names, posts, shifts, statuses), no Chinese.
    monkeypatch.setattr(roster_page, "today", lambda: dt.date(2022, 11, 22))
    page = roster_page.RosterPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    data = [v.name for v in Volunteer.select()] + [p.name for p in Post.select()]
    data += [b.name for b in Building.select()] + [c.name for c in Compound.select()]
    data += [s.name for s in community_settings.load().shifts] + list(VOLUNTEER_STATUSES)
    lines = [page.conflict_list.item(i).text() for i in range(page.conflict_list.count())]
    assert lines
    for line in lines:
        assert not CJK.search(_without(line, data)), line

    window = MainWindow(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(window)
    for label in (window.top_operator_label, window.operator_label):
        assert not CJK.search(label.text()), label.text()
    assert "Local command line" in window.operator_label.text()


def test_a_building_with_its_days_reached_says_what_the_lowering_waits_for(
    qtbot, demo_db: Path, ui: U.UiSettings, monkeypatch
) -> None:
    """The demo's sealed 兴茂 3栋 has its five clean days on 11-22, but its last round is not
    all negative yet: no proposal, and the tile says why (from risk.lowering_status)."""
    from office_app.models import Building, TestRecord
    from office_app.services.places import risk
    from office_app.views.pages import overview as overview_module

    monkeypatch.setattr(overview_module, "now", lambda: dt.datetime(2022, 11, 22, 9, 30))
    page = overview_module.OverviewPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    tile = next(
        t
        for t in page.board.tiles.values()
        if (t.state.compound, t.state.name) == ("兴茂盛世国际", "3栋")
    )
    assert tile.state.days_left == 0 and tile.state.open_proposal is None
    status = risk.lowering_status(
        Building.get_by_id(tile.state.building_id), dt.date(2022, 11, 22), risk.Rule()
    )
    assert not status.eligible and status.missing == risk.WAIT_ROUND
    assert tile.lines()[2] == "最后一轮未全阴"
    assert f"{status.day:%m-%d} 采样的核酸尚未全部为阴性" in tile.toolTip()

    # No test at all since the days were reached: the tile says that instead.
    start = dt.datetime.combine(tile.state.earliest_lowering, dt.time())
    TestRecord.delete().where(
        (TestRecord.building == tile.state.building_id) & (TestRecord.sample_time >= start)
    ).execute()
    page.refresh()
    tile = next(
        t for t in page.board.tiles.values() if t.state.building_id == tile.state.building_id
    )
    assert tile.lines()[2] == "尚无核酸结果"
    assert "以来本楼没有核酸结果" in tile.toolTip()


def test_the_daily_report_s_save_dialog_is_titled_for_the_daily_report(
    qtbot, demo_db: Path, ui: U.UiSettings, monkeypatch
) -> None:
    from office_app.views import file_dialogs
    from office_app.views.pages.handovers import ReportsPage

    titles: list[str] = []

    def save_file_name(_parent, title, suggested, _filter):  # type: ignore[no-untyped-def]
        titles.append(title)
        return "", ""

    monkeypatch.setattr(file_dialogs, "save_file_name", save_file_name)
    page = ReportsPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    assert page.save_daily_report() is None  # cancelled
    assert titles == ["保存日报"]


def test_the_english_gate_desk_says_the_rule_in_english(
    qtbot, english, demo_db: Path, ui: U.UiSettings
) -> None:
    from office_app.models import Building, Household
    from office_app.models.gate import EXIT_REASONS
    from office_app.views.pages.gate import GatePage

    page = GatePage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    sealed = (
        Resident.select().join(Household).join(Building).where(Building.risk_level == "高").first()
    )
    page.choose_resident(gate.resident_hit(sealed.id))
    texts = [page.ruling_label.text()]
    page.urgent.setChecked(True)
    texts.append(page.ruling_label.text())
    page.choose_resident(gate.resident_hit(Resident.select().first().id))
    texts.append(page.ruling_label.text())
    assert len(set(texts)) == 3
    for text in texts:
        assert not CJK.search(_without(text, list(EXIT_REASONS))), text


def test_the_english_operators_dialog_names_roles_in_english(qtbot, english, demo_db: Path) -> None:
    from office_app.views.dialogs.operators_dialog import OperatorsDialog

    dialog = OperatorsDialog(SYSTEM)
    qtbot.addWidget(dialog)
    roles = {dialog.table.item(row, 2).text() for row in range(dialog.table.rowCount())}
    assert roles and roles <= {"Administrator", "Duty officer", "Read-only"}, roles
