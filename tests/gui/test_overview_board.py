"""总览: the building board, the summary counts and the risk proposals to confirm or dismiss."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QDialog

from office_app.models import (
    AuditEntry,
    Building,
    Compound,
    Household,
    Resident,
    RiskProposal,
    TestRecord,
    now,
)
from office_app.services.admin.actor import SYSTEM, Actor
from office_app.services.places import risk
from office_app.services.reporting.palette import RISK_COLORS, text_color_on
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.dialogs import messages
from office_app.views.dialogs.cascade_dialog import CascadeDialog
from office_app.views.dialogs.reason_dialog import ReasonDialog
from office_app.views.main_window import MainWindow
from office_app.views.pages import overview as overview_module
from office_app.views.pages.board import BuildingTile
from office_app.views.pages.buildings import BuildingsPage
from office_app.views.pages.overview import OverviewPage

from .recording import Calls, record_message_boxes

DEMO_NOW = dt.datetime(2022, 11, 22, 10, 0)
RED, ORANGE, GREEN = RISK_COLORS["高"], RISK_COLORS["中"], RISK_COLORS["低"]
READER = Actor("viewer", "查看员", "readonly", None)


@pytest.fixture(autouse=True)
def _application(office_app, monkeypatch) -> None:
    """The program's QApplication; no message box may block a test."""
    monkeypatch.setattr(messages, "confirm_discard", lambda *_a: True)


@pytest.fixture
def boxes(monkeypatch) -> dict[str, Calls]:
    found = record_message_boxes(monkeypatch)
    cascade = Calls()
    monkeypatch.setattr(CascadeDialog, "show_result", cascade)
    found["cascade"] = cascade
    return found


@pytest.fixture
def scenario(fresh_db: Path) -> dict[str, Any]:
    """Today, in real time: 1栋 has a positive from yesterday (a raise is proposed); 2栋 was
    sealed ten days ago and today's round is all negative (a lowering is proposed)."""
    moment = now()
    xm = Compound.create(name="兴茂盛世国际")
    rj = Compound.create(name="瑞景苑")
    b1 = Building.create(compound=xm, name="1栋")
    b2 = Building.create(compound=xm, name="2栋")
    b3 = Building.create(compound=xm, name="3栋")
    r1 = Building.create(compound=rj, name="1栋")
    household = Household.create(building=b1, unit="1单元", room="1-1")
    resident = Resident.create(household=household, name="张三", doc_no="500107198001010010")
    TestRecord.create(
        name="张三",
        doc_no=resident.doc_no,
        sample_time=moment - dt.timedelta(days=1),
        tube_code="T0001",
        result="阳性",
        building=b1,
        resident=resident,
    )
    TestRecord.create(
        name="李四",
        doc_no="500107198001010029",
        sample_time=moment - dt.timedelta(days=10, hours=2),
        tube_code="T0002",
        result="阳性",
        building=b2,
    )
    risk.change_risk(SYSTEM, b2.id, "高", reason="阳性", at=moment - dt.timedelta(days=10))
    TestRecord.create(
        name="李四",
        doc_no="500107198001010029",
        sample_time=moment - dt.timedelta(minutes=30),
        tube_code="T0003",
        result="阴性",
        building=b2,
    )
    return {"b1": b1, "b2": b2, "b3": b3, "r1": r1, "path": fresh_db}


def make_page(qtbot, path: Path, ui: U.UiSettings, actor: Actor = SYSTEM) -> OverviewPage:
    page = OverviewPage(AppContext(actor=actor, db_path=path, ui=ui))
    qtbot.addWidget(page)
    page.resize(1130, 700)
    page.show()
    return page


def painted(tile: BuildingTile) -> str:
    """The colour the user sees on the tile, away from its text and corners."""
    image = tile.grab().toImage()
    ratio = image.devicePixelRatio()
    point = (int((tile.width() - 5) * ratio), int((tile.height() // 2 + 2) * ratio))
    return image.pixelColor(*point).name().upper()


def tile_of(page: OverviewPage, building: Building) -> BuildingTile:
    return page.board.tiles[building.id]


# --- the board on the demo community --------------------------------------------------------


def test_the_board_shows_every_building_by_compound_in_its_colour(
    qtbot, monkeypatch, demo_db: Path, ui: U.UiSettings
) -> None:
    monkeypatch.setattr(overview_module, "now", lambda: DEMO_NOW)
    page = make_page(qtbot, demo_db, ui)
    board = page.board
    assert len(board.tiles) == Building.select().count() == 28
    assert list(board.compound_labels) == [
        "兴茂盛世国际",
        "恒基雍翠名门",
        "瑞景苑",
        "盛景天下",
        "科城佳苑",
    ]
    assert "8 栋 · 高风险 1 · 中风险 1" in board.compound_labels["兴茂盛世国际"].text()
    by_label = {(t.state.compound, t.state.name): t for t in board.tiles.values()}
    sealed = by_label[("兴茂盛世国际", "3栋")]
    medium = by_label[("兴茂盛世国际", "4栋")]
    low = by_label[("瑞景苑", "2栋")]
    assert (sealed.background(), medium.background(), low.background()) == (RED, ORANGE, GREEN)
    assert sealed.foreground() == text_color_on(RED) == "#FFFFFF"
    assert medium.foreground() == text_color_on(ORANGE) == "#000000"
    assert painted(sealed) == RED and painted(medium) == ORANGE and painted(low) == GREEN
    # Days reached but no proposal: the rule says what it waits for (issue 17, point 11).
    assert sealed.lines() == ("3栋", "无阳性 5 天", "最后一轮未全阴")
    assert medium.lines() == ("4栋", "无阳性 6 天", "可降级 · 待确认")
    assert low.lines() == ("2栋", "", "")
    assert "起算日期 2022-11-17" in sealed.toolTip()
    assert page.tiles["high"].value_label.text() == "1"
    assert page.tiles["medium"].value_label.text() == "1"
    assert page.tiles["high"].toolTip() == "兴茂盛世国际 3栋"


def test_tiles_and_counts_fit_their_text(qtbot, monkeypatch, demo_db: Path, ui) -> None:
    """Nothing clipped at 1280×800: every tile's lines fit, the board needs no scrolling."""
    monkeypatch.setattr(overview_module, "now", lambda: DEMO_NOW)
    window = MainWindow(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    page = window.show_page("overview")
    assert isinstance(page, OverviewPage)
    QApplication.processEvents()
    assert page.board.verticalScrollBar().maximum() == 0
    viewport = page.board.viewport().rect()
    for tile in page.board.tiles.values():
        top_left = tile.mapTo(page.board.viewport(), tile.rect().topLeft())
        assert viewport.contains(top_left), tile.state
        inner = tile.width() - 16
        name_font = QFont(tile.font())
        name_font.setPixelSize(15)
        name_font.setBold(True)
        small = QFont(tile.font())
        small.setPixelSize(12)
        small.setBold(True)
        name, clean, countdown = tile.lines()
        assert QFontMetrics(name_font).horizontalAdvance(f"{name} {tile.state.level}") < inner
        for line in (clean, countdown, "可降级 · 待确认", "无阳性 88 天", "还需 88 天"):
            assert QFontMetrics(small).horizontalAdvance(line) <= inner, line
    for key, tile in page.tiles.items():
        label = tile.title_label
        assert label.sizeHint().width() <= label.width(), key


# --- proposals ------------------------------------------------------------------------------


def test_the_overview_refreshes_the_rule_and_lists_both_proposals(
    qtbot, scenario, ui: U.UiSettings
) -> None:
    page = make_page(qtbot, scenario["path"], ui)
    cards = page.proposals.cards
    assert len(cards) == 2
    assert page.proposals.title.text() == "待确认的风险调整建议（2）"
    assert page.tiles["proposals"].value_label.text() == "2"
    raise_tile, lower_tile = tile_of(page, scenario["b1"]), tile_of(page, scenario["b2"])
    assert raise_tile.lines()[2] == "待确认：升为高"
    assert lower_tile.lines()[2] == "可降级 · 待确认"
    assert tile_of(page, scenario["b3"]).state.open_proposal is None
    QApplication.processEvents()
    viewport = page.proposals.scroll.viewport().width()
    for card in cards.values():  # the cards fit the panel: their buttons are not cut off
        assert card.width() <= viewport
        assert card.dismiss_button.geometry().right() < card.width()


def test_confirming_a_raise_turns_the_tile_red(qtbot, scenario, ui: U.UiSettings, boxes) -> None:
    page = make_page(qtbot, scenario["path"], ui)
    b1 = scenario["b1"]
    assert painted(tile_of(page, b1)) == GREEN
    card = next(c for c in page.proposals.cards.values() if c.proposal.building_id == b1.id)
    assert card.proposal.to_level == "高"
    qtbot.mouseClick(card.confirm_button, Qt.MouseButton.LeftButton)
    question = boxes["confirm"][0][0][2]
    assert question.startswith("将 兴茂盛世国际 1栋 由 低 调整为 高？")
    assert painted(tile_of(page, b1)) == RED
    assert tile_of(page, b1).lines() == ("1栋", "无阳性 1 天", "还需 4 天")
    assert Building.get_by_id(b1.id).risk_level == "高"
    assert RiskProposal.get(RiskProposal.id == card.proposal.proposal_id).status == "confirmed"
    assert Resident.get().control_status == "居家隔离"
    result = boxes["cascade"][0][0][0]
    assert result.residents_isolated == 1
    assert len(page.proposals.cards) == 1
    assert page.tiles["high"].value_label.text() == "2"


def test_confirming_a_lowering_turns_the_tile_green(
    qtbot, scenario, ui: U.UiSettings, boxes
) -> None:
    page = make_page(qtbot, scenario["path"], ui)
    b2 = scenario["b2"]
    assert painted(tile_of(page, b2)) == RED
    card = next(c for c in page.proposals.cards.values() if c.proposal.building_id == b2.id)
    card.confirm_button.click()
    assert painted(tile_of(page, b2)) == GREEN
    assert tile_of(page, b2).lines() == ("2栋", "", "")
    assert Building.get_by_id(b2.id).risk_level == "低"
    assert [c.source for c in risk.history(b2.id)] == ["rule", "manual"]


def test_a_confirmation_can_be_called_off(qtbot, scenario, ui: U.UiSettings, boxes) -> None:
    boxes["confirm"].answer = False
    page = make_page(qtbot, scenario["path"], ui)
    next(iter(page.proposals.cards.values())).confirm_button.click()
    assert len(page.proposals.cards) == 2 and boxes["cascade"] == []
    assert Building.get_by_id(scenario["b1"].id).risk_level == "低"


def test_dismissing_asks_for_an_optional_reason(
    qtbot, monkeypatch, scenario, ui: U.UiSettings, boxes
) -> None:
    page = make_page(qtbot, scenario["path"], ui)
    b1 = scenario["b1"]
    card = next(c for c in page.proposals.cards.values() if c.proposal.building_id == b1.id)
    proposal_id = card.proposal.proposal_id
    monkeypatch.setattr(ReasonDialog, "ask", lambda *a, **k: None)
    card.dismiss_button.click()
    assert RiskProposal.get_by_id(proposal_id).status == "open"  # cancelled: nothing happens

    asked = Calls("已电话核实，系外地检测点误报")
    monkeypatch.setattr(ReasonDialog, "ask", asked)
    page.proposals.cards[proposal_id].dismiss_button.click()
    assert "兴茂盛世国际 1栋" in asked[0][0][1]
    assert RiskProposal.get_by_id(proposal_id).status == "dismissed"
    entry = AuditEntry.get(AuditEntry.action == "risk.proposal.dismiss")
    assert entry.summary.endswith("（已电话核实，系外地检测点误报）")
    assert proposal_id not in page.proposals.cards
    assert tile_of(page, b1).state.open_proposal is None
    assert painted(tile_of(page, b1)) == GREEN
    page.refresh()  # the same positive is not proposed again
    assert proposal_id not in page.proposals.cards and len(page.proposals.cards) == 1


def test_the_reason_dialog_takes_an_empty_reason(qtbot) -> None:
    dialog = ReasonDialog("不采纳建议", "不采纳将 1栋 调整为 高 的建议？")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.edit.text() == ""
    required = ReasonDialog("原因", "为什么？", required=True)
    qtbot.addWidget(required)
    required.show()
    required.try_accept()
    assert required.isVisible() and required.reason("reason") == "请填写原因。"


def test_a_proposal_decided_elsewhere_is_not_decided_twice(
    qtbot, scenario, ui: U.UiSettings, boxes
) -> None:
    page = make_page(qtbot, scenario["path"], ui)
    proposal_id = next(iter(page.proposals.cards))
    risk.dismiss_proposal(SYSTEM, proposal_id, "另一台电脑上处理了")
    page.confirm_proposal(proposal_id)  # the card was still on screen
    assert boxes["confirm"] == [] and proposal_id not in page.proposals.cards


def test_a_readonly_operator_cannot_decide(qtbot, scenario, ui: U.UiSettings) -> None:
    page = make_page(qtbot, scenario["path"], ui, actor=READER)
    assert page.proposals.cards
    for card in page.proposals.cards.values():
        assert not card.confirm_button.isEnabled() and not card.dismiss_button.isEnabled()


def test_an_empty_community_says_so(qtbot, fresh_db: Path, ui: U.UiSettings) -> None:
    page = make_page(qtbot, fresh_db, ui)
    assert page.board.tiles == {}
    assert page.proposals.title.text() == "待确认的风险调整建议（0）"


# --- from the board to the building ----------------------------------------------------------


def test_clicking_a_tile_opens_the_building(
    qtbot, monkeypatch, demo_db: Path, ui: U.UiSettings
) -> None:
    monkeypatch.setattr(overview_module, "now", lambda: DEMO_NOW)
    window = MainWindow(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("overview")
    assert isinstance(page, OverviewPage)
    sealed = next(
        t
        for t in page.board.tiles.values()
        if (t.state.compound, t.state.name) == ("兴茂盛世国际", "3栋")
    )
    with qtbot.waitSignal(page.building_requested) as signal:
        qtbot.mouseClick(sealed, Qt.MouseButton.LeftButton)
    assert signal.args == [sealed.state.building_id]
    buildings = window.current_page()
    assert isinstance(buildings, BuildingsPage)
    assert buildings.current_building_id() == sealed.state.building_id
    assert buildings.detail.title.text() == "兴茂盛世国际 3栋"


def test_coming_back_to_the_overview_shows_changes_made_elsewhere(
    qtbot, scenario, ui: U.UiSettings
) -> None:
    window = MainWindow(AppContext(actor=SYSTEM, db_path=scenario["path"], ui=ui))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("overview")
    assert isinstance(page, OverviewPage)
    b3 = scenario["b3"]
    assert tile_of(page, b3).background() == GREEN
    window.show_page("buildings")
    risk.change_risk(SYSTEM, b3.id, "中", reason="与 1栋 共用出入口")
    window.show_page("overview")
    assert tile_of(page, b3).background() == ORANGE
    assert painted(tile_of(page, b3)) == ORANGE
