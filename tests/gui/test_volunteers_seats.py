"""志愿者 page with two seats (issue 19, point 4): a status change another seat overtook is
refused, the refusal names who changed the volunteer and when, and the page then shows what
is stored now instead of the stale status."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog

from office_app.models import Building, Compound, Operator, Volunteer
from office_app.services.admin.actor import SYSTEM, Actor
from office_app.services.volunteers import register as V
from office_app.views.context import AppContext
from office_app.views.dialogs.volunteer_dialogs import GridLeaderDialog, StatusDialog
from office_app.views.pages import volunteers as page_module
from office_app.views.pages.volunteers import VolunteersPage

from .recording import Calls, record_message_boxes

TODAY = dt.date(2022, 11, 22)


@pytest.fixture(autouse=True)
def boxes(office_app, monkeypatch) -> dict[str, Calls]:
    monkeypatch.setattr(page_module, "today", lambda: TODAY)
    return record_message_boxes(monkeypatch)


def test_a_status_change_another_seat_overtook_is_refused_naming_who(
    qtbot, demo_db: Path, ui, boxes: dict[str, Calls], monkeypatch: pytest.MonkeyPatch
) -> None:
    op = Operator.create(username="lisi", display_name="李四", role="duty", password_hash="x")
    gate = Actor("lisi", "李四", "duty", op.id)
    page = VolunteersPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    panel = page.list_panel
    panel.filter_edit.setText("康黎")
    panel._apply_text_filter()
    panel.table.setCurrentIndex(panel.model.index(0, 0))
    kang = Volunteer.get(Volunteer.name == "康黎")
    assert kang.status == "在岗"

    def exec_(dialog: StatusDialog) -> int:
        # While this seat's dialog is open, the gate laptop puts him on sick leave.
        V.change_status(gate, kang.id, "伤病", TODAY, "扭伤")
        dialog.status.setCurrentIndex(dialog.status.findData("离岗"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(StatusDialog, "exec", exec_)
    page.change_status()
    (args, _kw), *_ = boxes["warn"]
    title, text = args[1], args[2]
    assert title == "未能更改状态"
    assert "李四（lisi）" in text and "状态：伤病" in text and "没有保存" in text
    assert Volunteer.get_by_id(kang.id).status == "伤病"
    assert "伤病" in panel.detail.text()  # the page shows what is stored now


def test_a_grid_role_another_seat_overtook_is_refused_and_the_tree_shows_what_is_stored(
    qtbot, demo_db: Path, ui, boxes: dict[str, Calls], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The grid tab's assignment (a volunteer dropped on a compound) lands after another
    seat's write of the same volunteer: it is refused naming who, and the tree then shows
    what is stored (the other seat's 小组长) instead of what it showed before the attempt."""
    op = Operator.create(username="lisi", display_name="李四", role="duty", password_hash="x")
    gate = Actor("lisi", "李四", "duty", op.id)
    page = VolunteersPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    grid = page.grid_panel
    kang = Volunteer.get(Volunteer.name == "康黎")
    building = Building.select().order_by(Building.id).first()
    compound = Compound.select().where(Compound.id != building.compound_id).first()
    assert grid.select("building", building.id)
    assert "康黎" not in grid.tree.currentItem().text(1)
    assert grid.select("compound", compound.id)
    target = grid.tree.currentItem()

    # This seat's service reads 康黎, then the gate laptop makes him 小组长 of the building
    # before this seat writes (the race the versioned write guards).
    read = Volunteer.get_by_id(kang.id)
    V.assign_grid_role(gate, kang.id, "小组长", building_id=building.id)
    real_get = Volunteer.get_or_none
    reads = iter([read])
    monkeypatch.setattr(Volunteer, "get_or_none", lambda *a: next(reads, None) or real_get(*a))
    grid.drop_volunteer(kang.id, target)

    (args, _kw), *_ = boxes["warn"]
    assert args[1] == "未能指定负责人"
    assert "李四（lisi）" in args[2] and "没有保存" in args[2]
    stored = Volunteer.get_by_id(kang.id)
    assert (stored.grid_role, stored.grid_building_id) == ("小组长", building.id)
    assert grid.select("building", building.id)
    assert "小组长 康黎" in grid.tree.currentItem().text(1)  # what is stored now
    assert grid.select("compound", compound.id)
    assert "康黎" not in grid.tree.currentItem().text(1)


def _gate() -> Actor:
    op = Operator.create(username="lisi", display_name="李四", role="duty", password_hash="x")
    return Actor("lisi", "李四", "duty", op.id)


def test_a_leader_named_in_a_dialog_another_seat_overtook_is_refused_and_undoes_nothing(
    qtbot, demo_db: Path, ui, boxes: dict[str, Calls], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seat A opens 指定组长 on a compound; while it is open the gate laptop names Y its 组长;
    A picks X and confirms: refused naming who and when, Y stays 组长 (not silently 组员)."""
    gate = _gate()
    page = VolunteersPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    grid = page.grid_panel
    compound = Compound.get(Compound.name == "瑞景苑")
    x = Volunteer.get(Volunteer.name == "康黎")
    y = Volunteer.get(Volunteer.name == "崔亚涛")
    assert grid.select("compound", compound.id)

    def exec_(dialog: GridLeaderDialog) -> int:
        V.assign_grid_role(gate, y.id, "组长", compound_id=compound.id)  # the other seat
        dialog.filter_edit.setText("康黎")
        assert dialog.volunteer_id() == x.id
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(GridLeaderDialog, "exec", exec_)
    grid.assign_current()

    (args, _kw), *_ = boxes["warn"]
    assert args[1] == "未能指定负责人"
    # when: the other seat's naming (Y's change, or that of the holder it demoted, which
    # may be stamped a second later)
    said = re.search(r"瑞景苑的组长已被 李四（lisi） 于 (\S+ \S+) 修改", args[2])
    assert said is not None, args[2]
    changed = {
        f"{v.changed_at:%Y-%m-%d %H:%M:%S}"
        for v in Volunteer.select().where(Volunteer.changed_at.is_null(False))
        if v.changed_by and "lisi" in v.changed_by
    }
    assert said.group(1) in changed, (said.group(1), changed)
    assert "崔亚涛" in args[2] and "没有保存" in args[2]
    assert Volunteer.get_by_id(y.id).grid_role == "组长"
    assert Volunteer.get_by_id(y.id).grid_compound_id == compound.id
    assert Volunteer.get_by_id(x.id).grid_role != "组长"
    assert grid.select("compound", compound.id)
    assert "组长 崔亚涛" in grid.tree.currentItem().text(1)  # what is stored now

    # Opened again, it sees 崔亚涛 and the naming goes through, replacing him.
    boxes["warn"].clear()
    monkeypatch.setattr(GridLeaderDialog, "exec", lambda d: exec_named(d, "康黎"))
    grid.assign_current()
    assert not boxes["warn"]
    assert Volunteer.get_by_id(x.id).grid_role == "组长"
    assert Volunteer.get_by_id(y.id).grid_role == "组员"


def exec_named(dialog: GridLeaderDialog, name: str) -> int:
    dialog.filter_edit.setText(name)
    return QDialog.DialogCode.Accepted


def test_a_leader_named_in_a_dialog_is_refused_when_the_volunteer_changed_meanwhile(
    qtbot, demo_db: Path, ui, boxes: dict[str, Calls], monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = _gate()
    page = VolunteersPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    grid = page.grid_panel
    compound = Compound.get(Compound.name == "瑞景苑")
    x = Volunteer.get(Volunteer.name == "康黎")
    assert grid.select("compound", compound.id)

    def exec_(dialog: GridLeaderDialog) -> int:
        V.change_status(gate, x.id, "伤病", TODAY, "扭伤")  # the other seat, on X himself
        return exec_named(dialog, "康黎")

    monkeypatch.setattr(GridLeaderDialog, "exec", exec_)
    grid.assign_current()
    (args, _kw), *_ = boxes["warn"]
    assert args[1] == "未能指定负责人"
    assert "李四（lisi）" in args[2] and "状态：伤病" in args[2]
    assert Volunteer.get_by_id(x.id).grid_role != "组长"


def test_a_drop_after_another_seat_named_a_leader_meanwhile_is_refused(
    qtbot, demo_db: Path, ui, boxes: dict[str, Calls]
) -> None:
    """The drag's start is the read: the gate laptop names Y 组长 while X is being dragged;
    the drop is refused and Y stays 组长."""
    gate = _gate()
    page = VolunteersPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.show()
    page.tabs.setCurrentWidget(page.grid_panel)
    grid = page.grid_panel
    compound = Compound.get(Compound.name == "瑞景苑")
    x = Volunteer.get(Volunteer.name == "康黎")
    y = Volunteer.get(Volunteer.name == "崔亚涛")
    grid.people_filter.setText("康黎")
    visible = [
        grid.people.item(i)
        for i in range(grid.people.count())
        if not grid.people.item(i).isHidden()
    ]
    mime = grid.people.mimeData(visible)  # the drag starts
    V.assign_grid_role(gate, y.id, "组长", compound_id=compound.id)  # the other seat
    assert grid.select("compound", compound.id)
    item = grid.tree.currentItem()
    grid.tree.scrollToItem(item)
    event = QDropEvent(
        QPointF(grid.tree.visualItemRect(item).center()),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    grid.tree.dropEvent(event)
    (args, _kw), *_ = boxes["warn"]
    assert args[1] == "未能指定负责人"
    assert "瑞景苑的组长已被 李四（lisi）" in args[2]
    assert Volunteer.get_by_id(y.id).grid_role == "组长"
    assert Volunteer.get_by_id(x.id).grid_role != "组长"
