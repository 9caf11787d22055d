"""排班 page: the week grid, putting a volunteer on a shift and seeing the conflict appear."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from office_app.models import AuditEntry, Post, ShiftAssignment, Volunteer
from office_app.services.admin.actor import SYSTEM, Actor
from office_app.services.volunteers import roster as R
from office_app.views.context import AppContext
from office_app.views.dialogs.roster_assign_dialog import RosterAssignDialog
from office_app.views.pages import roster as page_module
from office_app.views.pages.roster import RosterPage
from office_app.views.table_models.roster_week_table_model import (
    STATE_ROLE,
    TODAY_ROLE,
    RosterWeekTableModel,
)

from .recording import Calls, record_message_boxes

TODAY = dt.date(2022, 11, 22)
MONDAY = dt.date(2022, 11, 21)
READER = Actor("viewer", "查看员", "readonly", None)


@pytest.fixture(autouse=True)
def _setup(office_app, monkeypatch) -> dict[str, Calls]:
    monkeypatch.setattr(page_module, "today", lambda: TODAY)
    return record_message_boxes(monkeypatch)


@pytest.fixture
def page(qtbot, demo_db: Path, ui) -> RosterPage:
    widget = RosterPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    return widget


def choose(monkeypatch, name: str, *, lead: bool = False) -> None:
    """The dialog picks ``name`` (typed into its filter) and is accepted."""

    def exec_(dialog: RosterAssignDialog) -> int:
        dialog.filter_edit.setText(name)  # as typing would; emits textChanged
        dialog.lead_box.setChecked(lead)
        assert dialog.volunteer_id() == Volunteer.get(Volunteer.name == name).id
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RosterAssignDialog, "exec", exec_)


def select(page: RosterPage, post_name: str, day: dt.date, shift: str) -> None:
    post = Post.get(Post.name == post_name)
    index = page.model.index_of(post.id, day, shift)
    assert index.isValid()
    page.table.setCurrentIndex(index)


def conflict_texts(page: RosterPage) -> list[str]:
    return [page.conflict_list.item(i).text() for i in range(page.conflict_list.count())]


def test_the_week_model_passes_the_model_tester(qtmodeltester, demo_db: Path) -> None:
    model = RosterWeekTableModel()
    model.set_week(R.load_week(MONDAY))
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == Post.select().count()
    assert model.columnCount() == 14


def test_opens_on_the_demo_week_with_its_short_night(page: RosterPage) -> None:
    assert page.monday == MONDAY
    assert page.week_label.text().startswith("2022-11-21")
    texts = conflict_texts(page)
    assert len(texts) == 1
    assert "人手不足" in texts[0] and "恒基雍翠名门东门卡点" in texts[0]
    select(page, "恒基雍翠名门东门卡点", TODAY, "夜班")
    assert page.table.currentIndex().data(STATE_ROLE) == "short"
    assert page.table.currentIndex().data(TODAY_ROLE) is True  # today's columns are marked
    select(page, "恒基雍翠名门东门卡点", MONDAY, "夜班")
    assert page.table.currentIndex().data(TODAY_ROLE) is False


def test_rostering_an_injured_volunteer_shows_the_conflict(
    qtbot, monkeypatch, page: RosterPage
) -> None:
    day = TODAY + dt.timedelta(days=2)
    select(page, "社区值班热线", day, "白班")
    assert page.table.currentIndex().data() == "—"
    choose(monkeypatch, "王榆")  # 伤病 since yesterday
    page.add_volunteer()
    index = page.table.currentIndex()
    assert index.data() == "★王榆"
    assert index.data(STATE_ROLE) == "conflict"
    texts = conflict_texts(page)
    assert any("非在岗" in t and "王榆" in t and "伤病" in t for t in texts)
    assert "王榆" in page.cell_conflicts.text()
    assert page.summary_label.text().startswith(f"冲突 {len(texts)} 个")
    wang = Volunteer.get(Volunteer.name == "王榆")
    assert ShiftAssignment.select().where(ShiftAssignment.volunteer == wang.id).exists()


def test_double_booking_appears_in_both_cells(monkeypatch, page: RosterPage) -> None:
    day = TODAY + dt.timedelta(days=3)
    choose(monkeypatch, "康黎")
    select(page, "社区值班热线", day, "夜班")
    page.add_volunteer()
    select(page, "一片区巡逻组", day, "夜班")
    page.add_volunteer()
    assert page.table.currentIndex().data(STATE_ROLE) == "conflict"
    doubles = [t for t in conflict_texts(page) if "重复排班" in t]
    assert len(doubles) == 2 and all("康黎" in t for t in doubles)


def test_the_dialog_previews_a_sealed_building_conflict(demo_db: Path, qtbot) -> None:
    pan = Volunteer.get(Volunteer.name == "潘超")
    gate = Post.get(Post.name == "兴茂盛世国际东门卡点")
    dialog = RosterAssignDialog(gate.id, gate.name, TODAY + dt.timedelta(days=5), "白班", set())
    qtbot.addWidget(dialog)
    dialog.select(pan.id)
    assert "住高风险楼栋" in dialog.preview.text()
    kang = Volunteer.get(Volunteer.name == "康黎")
    dialog.select(kang.id)
    assert dialog.preview.text() == "没有冲突。"


def test_remove_asks_and_the_lead_passes_on(monkeypatch, page: RosterPage, _setup) -> None:
    select(page, "兴茂盛世国际东门卡点", MONDAY, "白班")
    before = page.current_cell()
    assert before is not None and len(before.members) == 2
    page.members.setCurrentRow(0)
    page.remove_member()
    assert len(_setup["confirm"]) == 1
    after = page.current_cell()
    assert after is not None and [m.is_lead for m in after.members] == [True]
    assert after.members[0].name == before.members[1].name


def test_copy_last_week_fills_the_next_week_and_undo_takes_it_back(page: RosterPage) -> None:
    page.go_to(MONDAY + dt.timedelta(days=7))
    assert page.week is not None and page.week.unfilled == 14 * 14
    page.copy_last_week()
    assert page.week.unfilled < 14 * 14
    assert page.undo_copy_button.isEnabled()
    select(page, "兴茂盛世国际东门卡点", MONDAY + dt.timedelta(days=7), "白班")
    assert page.table.currentIndex().data() != "—"
    page.undo_copy()
    assert page.week.unfilled == 14 * 14
    actions = {e.action for e in AuditEntry.select()}
    assert {"roster.copy_week", "roster.undo_copy"} <= actions


def test_check_in_and_out_from_the_page(monkeypatch, page: RosterPage) -> None:
    day = TODAY + dt.timedelta(days=1)
    choose(monkeypatch, "康黎")
    select(page, "社区值班热线", day, "白班")
    page.add_volunteer()
    monkeypatch.setattr(R, "now", lambda: dt.datetime(2022, 11, 23, 7, 55))
    assert page.check_in_button.isEnabled()
    page.check_in()
    assert "签到 07:55" in page.members.item(0).text()
    monkeypatch.setattr(R, "now", lambda: dt.datetime(2022, 11, 23, 20, 5))
    page.check_out()
    assert "签退 20:05" in page.members.item(0).text()
    assert not page.check_out_button.isEnabled()


def test_a_reader_cannot_change_the_roster(qtbot, demo_db: Path, ui) -> None:
    page = RosterPage(AppContext(actor=READER, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    page.members.setCurrentRow(0)
    for button in (page.add_button, page.remove_button, page.copy_button, page.check_in_button):
        assert not button.isEnabled()


def test_a_new_post_from_the_posts_dialog_appears_in_the_grid(
    qtbot, monkeypatch, page: RosterPage
) -> None:
    from office_app.views.dialogs.posts_dialog import PostsDialog

    def exec_(dialog: PostsDialog) -> int:
        dialog.start_new()
        dialog.kind.setCurrentIndex(dialog.kind.findData("巡逻"))
        dialog.name.setText("夜间巡逻组")
        dialog.min_staff.setValue(2)
        dialog.save()
        assert dialog.problem.text() == ""
        dialog.start_new()
        dialog.name.setText("夜间巡逻组")  # the same name again
        dialog.save()
        assert "已有名为" in dialog.problem.text()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(PostsDialog, "exec", exec_)
    rows = page.model.rowCount()
    page.edit_posts()
    assert page.model.rowCount() == rows + 1
    header = page.model.headerData(rows, page_module.Qt.Orientation.Vertical)
    assert header == "夜间巡逻组 ≥2"


def test_dragging_a_volunteer_onto_another_cell_moves_him(qtbot, page: RosterPage) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDropEvent

    from office_app.views.pages.roster import ASSIGNMENT_MIME

    day = TODAY + dt.timedelta(days=3)
    kang = Volunteer.get(Volunteer.name == "康黎")
    hotline = Post.get(Post.name == "社区值班热线")
    placed = R.assign(SYSTEM, kang.id, hotline.id, day, "白班")
    page.reload()
    select(page, "社区值班热线", day, "白班")
    page.members.setCurrentRow(0)
    mime = page.members.mimeData([page.members.item(0)])
    assert mime.hasFormat(ASSIGNMENT_MIME)
    target = page.model.index_of(Post.get(Post.name == "一片区巡逻组").id, day, "夜班")
    page.table.scrollTo(target)
    point = QPointF(page.table.visualRect(target).center())
    event = QDropEvent(
        point,
        page_module.Qt.DropAction.MoveAction,
        mime,
        page_module.Qt.MouseButton.LeftButton,
        page_module.Qt.KeyboardModifier.NoModifier,
    )
    page.table.dropEvent(event)
    assert page.table.currentIndex().data() == "★康黎"
    mine = ShiftAssignment.select().where(ShiftAssignment.volunteer == kang.id)
    assert placed.shift_id not in [a.shift.id for a in mine]
    select(page, "社区值班热线", day, "白班")
    assert page.table.currentIndex().data() == "—"


def test_an_empty_database_shows_an_empty_week(qtbot, qtmodeltester, fresh_db: Path, ui) -> None:
    page = RosterPage(AppContext(actor=SYSTEM, db_path=fresh_db, ui=ui))
    qtbot.addWidget(page)
    assert page.model.rowCount() == 0
    assert page.summary_label.text() == "冲突 0 个 · 未排班 0 个"
    assert not page.add_button.isEnabled()
    qtmodeltester.check(page.model, force_py=True)


def test_shown_again_the_page_sees_a_status_changed_elsewhere(qtbot, page: RosterPage) -> None:
    from office_app.services.volunteers import register as V

    page.show()
    qtbot.waitExposed(page)
    page.hide()
    night = page.week.cell(Post.get(Post.name == "社区值班热线").id, TODAY, "夜班")
    member = night.members[0]
    V.change_status(SYSTEM, member.volunteer_id, "伤病", TODAY, "扭伤")
    page.show()
    assert any("非在岗" in t and member.name in t for t in conflict_texts(page))


def test_check_in_and_out_a_whole_shift_from_the_page(monkeypatch, page: RosterPage) -> None:
    day = TODAY + dt.timedelta(days=2)
    hotline = Post.get(Post.name == "社区值班热线")
    for name in ("康黎", "徐李梦"):
        R.assign(SYSTEM, Volunteer.get(Volunteer.name == name).id, hotline.id, day, "白班")
    page.reload()
    select(page, "社区值班热线", day, "白班")
    assert page.check_in_all_button.isEnabled() and not page.check_out_all_button.isEnabled()
    monkeypatch.setattr(R, "now", lambda: dt.datetime(2022, 11, 24, 7, 50))
    page.check_in_all()
    texts = [page.members.item(i).text() for i in range(page.members.count())]
    assert all("签到 07:50" in t for t in texts) and len(texts) == 2
    monkeypatch.setattr(R, "now", lambda: dt.datetime(2022, 11, 24, 20, 10))
    page.check_out_all()
    texts = [page.members.item(i).text() for i in range(page.members.count())]
    assert all("签退 20:10" in t for t in texts)
    assert not page.check_out_all_button.isEnabled()
