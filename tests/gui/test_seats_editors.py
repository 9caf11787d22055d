"""Two seats editing the same record: the editor that comes second stays open, says who saved
first, when, and what is stored now, and saves the user's values only when asked again."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from office_app.models import Operator, Volunteer
from office_app.services.admin.actor import Actor
from office_app.services.people import residents as R
from office_app.services.places import buildings as B
from office_app.services.volunteers import register as V
from office_app.views.dialogs.building_dialog import BuildingDialog
from office_app.views.dialogs.resident_dialog import ResidentDialog
from office_app.views.dialogs.volunteer_dialogs import VolunteerDialog

DOC = "500107201009180263"


@pytest.fixture(autouse=True)
def _application(office_app, boxes) -> None:
    """The program's QApplication (Chinese, themed); message boxes recorded, not shown."""


def operator(username: str, display: str) -> Actor:
    op = Operator.create(username=username, display_name=display, role="duty", password_hash="x")
    return Actor(username, display, "duty", op.id)


@pytest.fixture
def seats(fresh_db: Path) -> tuple[Actor, Actor]:
    return operator("lisi", "李四"), operator("wangwu", "王五")


def save(qtbot, dialog: QDialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_the_building_editor_shows_the_other_seats_save_and_keeps_the_users_values(
    qtbot, seats: tuple[Actor, Actor]
) -> None:
    first, second = seats
    info = B.create_building(first, B.BuildingData("兴茂盛世国际", "3栋", 2, 40))
    dialog = BuildingDialog(compounds=["兴茂盛世国际"], initial=info.as_data(), building_id=info.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.conflict.isVisible()
    # Meanwhile the secretary's PC changes the units.
    B.update_building(first, info.id, B.BuildingData("兴茂盛世国际", "3栋", 3, 40, "", 0))
    dialog.households.setText("55")
    save(qtbot, dialog)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    text = dialog.conflict.text()
    assert dialog.conflict.isVisible()
    assert "李四（lisi）" in text and "单元数：3" in text and "没有保存" in text
    assert dialog.households.text() == "55" and dialog.units.text() == "2"  # the user's values
    # Saving again, knowing the other's values, replaces them.
    save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    data = dialog.data()
    assert data is not None and data.version == 1
    saved = B.update_building(second, info.id, data)
    assert (saved.units, saved.households_planned, saved.version) == (2, 55, 2)


def test_an_unchanged_building_closes_as_before(qtbot, seats: tuple[Actor, Actor]) -> None:
    info = B.create_building(seats[0], B.BuildingData("兴茂盛世国际", "3栋", 2, 40))
    dialog = BuildingDialog(compounds=["兴茂盛世国际"], initial=info.as_data(), building_id=info.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.note.setText("东侧")
    save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.conflict.isVisible()


def test_the_resident_editor_shows_the_other_seats_save(qtbot, seats: tuple[Actor, Actor]) -> None:
    first, _second = seats
    building = B.create_building(first, B.BuildingData("兴茂盛世国际", "3栋", 2, 40))
    resident = R.create(
        first,
        R.ResidentData("张子涵", building.id, "2单元", "501", doc_no=DOC, phone="13912340217"),
    )
    stored = R.stored(resident.id)
    dialog = ResidentDialog(initial=stored.data, stored=stored)
    qtbot.addWidget(dialog)
    dialog.show()
    R.update(first, resident.id, R.ResidentData(**{**stored.data.__dict__, "note": "已转运"}))
    dialog.note.setText("在家")
    save(qtbot, dialog)
    assert dialog.isVisible() and dialog.conflict.isVisible()
    text = dialog.conflict.text()
    assert "李四（lisi）" in text and "备注：已转运" in text
    assert DOC not in text and "13912340217" not in text
    save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.data().version == 1


def test_the_volunteer_editor_shows_the_other_seats_save(qtbot, seats: tuple[Actor, Actor]) -> None:
    first, _second = seats
    volunteer_id = V.save_volunteer(first, V.VolunteerData("赵六"))
    dialog = VolunteerDialog(V.volunteer_data(volunteer_id), volunteer_id=volunteer_id)
    qtbot.addWidget(dialog)
    dialog.show()
    V.save_volunteer(first, V.VolunteerData("赵六", note="夜班", version=0), volunteer_id)
    dialog.note.setText("白班")
    save(qtbot, dialog)
    assert dialog.isVisible() and "备注：夜班" in dialog.conflict.text()
    assert Volunteer.get_by_id(volunteer_id).note == "夜班"


def test_the_compound_editor_shows_the_other_seats_save(qtbot, seats: tuple[Actor, Actor]) -> None:
    from office_app.views.dialogs.compound_dialog import CompoundDialog

    first, second = seats
    info = B.create_compound(first, B.CompoundData("兴茂盛世国际", "科城路71号", "一片区"))
    # The page hands the editor the values it shows (no version): the editor takes the
    # version the compound has as it opens.
    dialog = CompoundDialog(B.CompoundData(info.name, info.address, info.area), compound_id=info.id)
    qtbot.addWidget(dialog)
    dialog.show()
    B.update_compound(first, info.id, B.CompoundData("兴茂盛世国际", "科城路73号", "一片区"))
    dialog.area.setText("二片区")
    save(qtbot, dialog)
    assert dialog.isVisible() and "地址：科城路73号" in dialog.conflict.text()
    assert "李四（lisi）" in dialog.conflict.text()
    # The page's own save of the values read before is refused by the service as well.
    with pytest.raises(B.BuildingConflict):
        B.update_compound(second, info.id, B.CompoundData(info.name, info.address, "二片区", 0))
    save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = B.update_compound(second, info.id, dialog.data())
    assert (saved.address, saved.area, saved.version) == ("科城路71号", "二片区", 2)
