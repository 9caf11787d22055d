"""居民 page: the filters, the residents import from the page, audited reveals of numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from office_app.models import AuditEntry, Resident
from office_app.services import listings as L
from office_app.services.admin.actor import SYSTEM, Actor
from office_app.services.imports.buildings import import_buildings
from office_app.services.people.identity import mask_document, mask_phone
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.dialogs.import_summary_dialog import ImportSummaryDialog
from office_app.views.pages import page_specs
from office_app.views.pages.residents import ResidentsPage

from .recording import Calls

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
READER = Actor("viewer", "查看员", "readonly", None)


@pytest.fixture(autouse=True)
def _application(office_app) -> None:
    """The program's QApplication (Chinese, themed)."""


@pytest.fixture
def buildings_db(fresh_db: Path) -> Path:
    import_buildings(SYSTEM, FIXTURES / "buildings-good.csv")
    return fresh_db


def make_page(qtbot, path: Path, ui: U.UiSettings, actor: Actor = SYSTEM) -> ResidentsPage:
    page = ResidentsPage(AppContext(actor=actor, db_path=path, ui=ui))
    qtbot.addWidget(page)
    page.resize(1100, 700)
    with qtbot.waitActive(page):
        page.show()
    return page


def column_of(key: str) -> int:
    return L.RESIDENTS.columns.index(L.RESIDENTS.column(key))


def test_the_page_is_registered_and_keeps_its_filters(qtbot, demo_db: Path, ui) -> None:
    spec = next(s for s in page_specs() if s.name == "residents")
    assert spec.page_class == "residents:ResidentsPage"
    page = spec.create(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    assert isinstance(page, ResidentsPage)
    assert [c.key for c in page.choice_filters] == ["compound", "building", "group", "control"]
    total = page.model.rowCount()
    compound = page.choice_filters[0].combo
    assert compound is not None
    compound.setCurrentIndex(compound.findText("兴茂盛世国际"))
    in_compound = page.model.rowCount()
    assert 0 < in_compound < total
    compound.setCurrentIndex(0)
    combo = page.choice_filters[3].combo
    assert combo is not None
    combo.setCurrentIndex(combo.findData("居家隔离"))
    assert 0 < page.model.rowCount() < total
    assert page.import_button.text() == "导入…"
    assert page.reveal_button.text() == "显示完整号码"


def test_importing_residents_from_the_page(
    qtbot, monkeypatch, buildings_db: Path, ui: U.UiSettings, boxes
) -> None:
    page = make_page(qtbot, buildings_db, ui)
    assert page.model.rowCount() == 0
    path = FIXTURES / "residents-good.csv"
    monkeypatch.setattr(page, "choose_import_file", lambda: str(path))
    shown = Calls()
    monkeypatch.setattr(ImportSummaryDialog, "show_summary", shown)
    qtbot.keyClick(page.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert len(shown) == 1
    (file_name, summary, parent), _k = shown[0]
    assert file_name == "residents-good.csv" and parent is page
    assert summary.imported > 0 and summary.imported == Resident.select().count()
    assert page.model.rowCount() == Resident.select().count()
    names = {page.model.index(r, column_of("name")).data() for r in range(page.model.rowCount())}
    assert {"张伟", "李娜", "王秀英", "陈晨"} <= names
    assert ui.get(U.LAST_IMPORT_FOLDER) == str(FIXTURES)
    assert boxes["warn"] == []


def test_an_unusable_file_is_reported(
    qtbot, monkeypatch, buildings_db: Path, ui: U.UiSettings, boxes
) -> None:
    page = make_page(qtbot, buildings_db, ui)
    monkeypatch.setattr(
        page, "choose_import_file", lambda: str(FIXTURES / "residents-missing-columns.csv")
    )
    shown = Calls()
    monkeypatch.setattr(ImportSummaryDialog, "show_summary", shown)
    page.import_button.click()
    (_p, title, text), _k = boxes["warn"][-1]
    assert title == "文件未导入" and "缺少必需的列" in text
    assert shown == [] and Resident.select().count() == 0


def test_cancelling_the_file_dialog_imports_nothing(
    qtbot, monkeypatch, buildings_db: Path, ui: U.UiSettings, boxes
) -> None:
    from office_app.views import file_dialogs

    page = make_page(qtbot, buildings_db, ui)
    asked = Calls(("", ""))
    monkeypatch.setattr(file_dialogs, "open_file_name", asked)
    page.import_file()
    assert len(asked) == 1 and Resident.select().count() == 0
    assert ui.get(U.LAST_IMPORT_FOLDER) != str(FIXTURES)


@pytest.mark.parametrize(("field", "mask"), [("doc_no", mask_document), ("phone", mask_phone)])
def test_reveal_shows_the_full_number_in_a_message_only(
    qtbot, demo_db: Path, ui: U.UiSettings, boxes, field: str, mask: Any
) -> None:
    page = make_page(qtbot, demo_db, ui)
    page.table.setCurrentIndex(page.model.index(0, 0))
    resident = Resident.get_by_id(page.current_resident_id())
    full = getattr(resident, field)
    assert full, "the demo's first resident has both numbers"
    cell = page.model.index(0, column_of(field))
    assert cell.data() == mask(full) != full
    before = AuditEntry.select().count()
    assert page.reveal_button.isEnabled()
    action = page.reveal_doc_action if field == "doc_no" else page.reveal_phone_action
    assert action.isEnabled()
    action.trigger()
    (_parent, _title, text), _k = boxes["inform"][-1]
    assert full in text
    assert AuditEntry.select().count() == before + 1
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert entry.action == "privacy.reveal" and entry.entity_id == resident.id
    assert full not in entry.summary
    # The table never shows it.
    cells = {
        page.model.index(r, c).data()
        for r in range(page.model.rowCount())
        for c in range(page.model.columnCount())
    }
    assert full not in cells
    assert page.model.index(0, column_of(field)).data() == mask(full)


def test_a_readonly_operator_can_neither_import_nor_reveal(
    qtbot, monkeypatch, demo_db: Path, ui: U.UiSettings, boxes
) -> None:
    page = make_page(qtbot, demo_db, ui, READER)
    page.table.setCurrentIndex(page.model.index(0, 0))
    assert page.current_resident_id() is not None
    assert not page.import_button.isEnabled() and not page.import_action.isEnabled()
    assert not page.reveal_button.isEnabled()
    assert not page.reveal_doc_action.isEnabled() and not page.reveal_phone_action.isEnabled()
    chosen = Calls(str(FIXTURES / "residents-good.csv"))
    monkeypatch.setattr(page, "choose_import_file", chosen)
    before = AuditEntry.select().count()
    page.import_file()
    page.reveal_current("doc_no")
    assert chosen == [] and boxes["inform"] == [] and boxes["warn"] == []
    assert AuditEntry.select().count() == before


def test_reveal_is_disabled_without_a_selection(qtbot, buildings_db: Path, ui) -> None:
    page = make_page(qtbot, buildings_db, ui)
    assert page.model.rowCount() == 0
    assert page.import_button.isEnabled()
    assert not page.reveal_button.isEnabled() and not page.reveal_doc_action.isEnabled()
