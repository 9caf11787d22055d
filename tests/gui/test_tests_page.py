"""核酸 page: the import wizard (preview, mapping, worker, cancel), tabs, drop, linking."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from office_app.models import ImportRun, RejectedRow, Setting, TestRecord
from office_app.services.admin.actor import SYSTEM, Actor
from office_app.services.imports.tests import import_tests
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.dialogs.tests_import_dialog import TestsImportDialog
from office_app.views.pages import page_specs
from office_app.views.pages.tests import TestsPage

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
SAMPLE = FIXTURES / "test-site-utf8-bom.csv"
READER = Actor("viewer", "查看员", "readonly", None)
SHOTS = os.environ.get("TESTS_PAGE_SHOTS")  # a folder: save the tabs as PNG to look at them


@pytest.fixture(autouse=True)
def _application(office_app) -> None:
    """The program's QApplication (Chinese, themed)."""


def make_page(qtbot, path: Path, ui: U.UiSettings, actor: Actor = SYSTEM) -> TestsPage:
    page = TestsPage(AppContext(actor=actor, db_path=path, ui=ui))
    qtbot.addWidget(page)
    page.resize(1280, 760)
    with qtbot.waitActive(page):
        page.show()
    return page


def wizard(qtbot, ui: U.UiSettings, path: Path | None, db: Path) -> TestsImportDialog:
    dialog = TestsImportDialog(
        AppContext(actor=SYSTEM, db_path=db, ui=ui), str(path) if path else None
    )
    qtbot.addWidget(dialog)
    # The preview checks the whole file in a worker (a dry run); 导入 waits for it.
    qtbot.waitUntil(lambda: not dialog.checking, timeout=30000)
    return dialog


def shot(widget: Any, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def big_file(tmp_path: Path, rows: int) -> Path:
    from office_app.services.people.identity import make_id_number

    lines = ["姓名,证件号码,采样时间,试管码,检测结果,报告时间"]
    for i in range(rows):
        doc = make_id_number("500107", dt.date(1980, 1, 1) + dt.timedelta(days=i % 9000), i % 1000)
        lines.append(f"张三,{doc},2022-11-20 08:00:{i % 60:02d},T{i},阴性,2022-11-20 20:00:00")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_the_page_is_registered_and_its_tabs_show_the_demo(
    qtbot, demo_db: Path, ui, qtmodeltester
) -> None:
    spec = next(s for s in page_specs() if s.name == "tests")
    assert spec.page_class == "tests:TestsPage"
    page = make_page(qtbot, demo_db, ui)
    assert page.day() == dt.date(2022, 11, 22)  # the newest sampling day of the demo
    assert page.records.model.rowCount() > 0
    shot(page, "tests-records")
    page.tabs.setCurrentIndex(2)
    assert page.coverage_model.rowCount() > 20
    assert page.coverage_chart.bars and "2022-11-22" in page.coverage_label.text()
    qtmodeltester.check(page.coverage_model)
    shot(page, "tests-coverage")
    page.tabs.setCurrentIndex(3)
    not_tested = page.untested_model.rowCount()
    assert not_tested > 0 and str(not_tested) in page.untested_label.text()
    shot(page, "tests-untested")
    page.untested_building.setCurrentIndex(1)
    assert page.untested_model.rowCount() < not_tested
    page.tabs.setCurrentIndex(4)
    # The demo's pooled-positive round: its tube's members with their households.
    assert page.review_model.rowCount() >= 2
    assert page.positives_model.rowCount() >= 1
    qtmodeltester.check(page.review_model)
    shot(page, "tests-followup")


def test_the_page_opens_with_only_its_records_built(qtbot, demo_db: Path, ui) -> None:
    """The other tabs are made when first shown (the page opens sooner at 1M records), or
    when one of their widgets is asked for first; the user's rights apply to them then."""
    from PySide6.QtWidgets import QTableView

    from office_app.services.listings import Listing

    counted: list[str] = []
    real_count = Listing.count

    def count(self: Listing, *args: Any, **kwargs: Any) -> int:
        counted.append(self.name)
        return real_count(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Listing, "count", count)
        page = make_page(qtbot, demo_db, ui, READER)
    assert counted == [page.records.listing.name]  # the day's records, counted once
    assert page.records.model.filters == {"day": page.day()}
    assert [page.tab_built(i) for i in range(6)] == [True] + [False] * 5
    assert page.findChild(QTableView, "coverageTable") is None
    page.tabs.setCurrentIndex(2)
    assert page.tab_built(2) and page.findChild(QTableView, "coverageTable") is not None
    assert page.coverage_model.rowCount() > 20  # loaded when shown, as before
    assert not page.tab_built(1)
    assert page.unmatched.model.rowCount() >= 0 and page.tab_built(1)
    assert not page.link_button.isEnabled() and not page.relink_button.isEnabled()
    page.refresh()  # the built tabs only
    assert [page.tab_built(i) for i in range(6)] == [True, True, True, False, False, False]
    page.tabs.setCurrentIndex(5)  # Ctrl+F finds the list inside a tab's holder
    page.focus_filter()
    assert page.imports.filter_edit.hasFocus()
    with pytest.raises(AttributeError):
        page.no_such_widget  # noqa: B018


def test_wizard_previews_marks_invalid_cells_and_imports(
    qtbot, fresh_db: Path, ui, qtmodeltester
) -> None:
    dialog = wizard(qtbot, ui, SAMPLE, fresh_db)
    assert TestRecord.select().count() == 0  # the preview wrote nothing
    model = dialog.model
    qtmodeltester.check(model)
    assert model.rowCount() == 15
    last = model.rowCount() - 1
    assert model.headerData(last, Qt.Orientation.Vertical) == 16
    bad = [
        c
        for c in range(model.columnCount())
        if model.data(model.index(last, c), Qt.ItemDataRole.ToolTipRole)
    ]
    assert {model.header[c] for c in bad} == {
        "证件号码",
        "手机号",
        "采集时间",
        "试管码",
        "报告时间",
    }
    assert "5" in dialog.status_label.text()
    assert dialog.combos["tube"].currentText() == "试管码"
    assert dialog.import_button.isEnabled()
    dialog.show()
    shot(dialog, "tests-wizard")
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        dialog.import_button.click()
    assert dialog.summary is not None
    assert (dialog.summary.imported, dialog.summary.rejected) == (14, 1)
    assert TestRecord.select().count() == 14
    assert RejectedRow.get().line_no == 16


def test_cancel_writes_nothing(qtbot, fresh_db: Path, ui, tmp_path: Path) -> None:
    dialog = wizard(qtbot, ui, big_file(tmp_path, 30000), fresh_db)
    before = ImportRun.select().count()
    dialog.start()
    assert dialog.running and not dialog.import_button.isEnabled()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30000)
    assert "已取消" in dialog.status_label.text() and dialog.summary is None
    assert TestRecord.select().count() == 0 and ImportRun.select().count() == before


def test_a_failed_import_says_why_and_writes_nothing(
    qtbot, fresh_db: Path, ui, tmp_path: Path, boxes
) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(SAMPLE.read_bytes())
    dialog = wizard(qtbot, ui, path, fresh_db)
    path.write_bytes(b"\x00\x01\x02 not a table")
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    assert boxes["warn"] and "二进制" in boxes["warn"][0][0][2]
    assert TestRecord.select().count() == 0 and ImportRun.select().count() == 0


def test_corrected_mapping_is_saved_and_offered_again(
    qtbot, fresh_db: Path, ui, tmp_path: Path
) -> None:
    path = tmp_path / "m.csv"
    path.write_text(
        "人名,号码,时间,管,结论,出报告\n"
        "张三,510213196503120312,2022-11-20 08:00,T1,阴性,2022-11-20 20:00\n",
        encoding="utf-8",
    )
    dialog = wizard(qtbot, ui, path, fresh_db)
    assert not dialog.import_button.isEnabled() and "姓名" in dialog.status_label.text()
    for key, index in {
        "name": 0,
        "id_no": 1,
        "sample_time": 2,
        "tube": 3,
        "result": 4,
        "report_time": 5,
    }.items():
        dialog.combos[key].setCurrentIndex(index + 1)
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=30000)
    assert dialog.model.invalid_cells() == 0
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        dialog.import_button.click()
    assert TestRecord.select().count() == 1
    assert Setting.select().where(Setting.key.startswith("tests_import.mapping.")).count() == 1
    again = wizard(qtbot, ui, path, fresh_db)
    assert again.combos["tube"].currentText() == "管" and again.import_button.isEnabled()


def test_dropping_a_file_opens_the_wizard_on_it(qtbot, fresh_db: Path, ui) -> None:
    page = make_page(qtbot, fresh_db, ui)
    mime = QMimeData()
    mime.setUrls(
        [
            QUrl.fromLocalFile(str(SAMPLE)),
            QUrl.fromLocalFile(str(FIXTURES / "test-site-gb18030.csv")),
        ]
    )
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.dropEvent(drop)
    dialog = page._wizard
    assert dialog.isVisible() and dialog.path == SAMPLE and dialog.model.rowCount() == 15
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=30000)
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        dialog.import_button.click()
    # After the import the page shows the rows of the newest sampling day, and what could
    # not be matched.
    qtbot.waitUntil(lambda: page.records.model.rowCount() == 4)
    assert page.day() == dt.date(2022, 11, 21)
    assert page.unmatched.model.rowCount() == 14
    page.all_days.setChecked(True)
    assert page.records.model.rowCount() == 14
    page.summary_dialog.close()
    # The second dropped file's wizard opens next; its rows are all there already.
    second = page._wizard
    assert second is not dialog and second.path == FIXTURES / "test-site-gb18030.csv"
    qtbot.waitUntil(second.import_button.isEnabled, timeout=30000)
    with qtbot.waitSignal(second.accepted, timeout=20000):
        second.import_button.click()
    assert second.summary is not None and second.summary.duplicates == 14
    page.summary_dialog.close()


def test_unmatched_rows_are_listed_and_linked(qtbot, demo_db: Path, ui, boxes) -> None:
    before = TestRecord.select().where(TestRecord.building.is_null(True)).count()
    import_tests(SYSTEM, SAMPLE)
    page = make_page(qtbot, demo_db, ui)
    page.tabs.setCurrentIndex(1)
    # 翠柏园 and 科苑里 are not in the demo: 8 rows of the file.
    assert page.unmatched.model.rowCount() == before + 8
    ids = [page.unmatched.model.row_id(r) for r in range(2)]
    from office_app.services import choices

    building = choices.buildings()[0][0]
    assert page.link_rows([i for i in ids if i], building) == 2
    assert page.unmatched.model.rowCount() == before + 6


def test_a_reader_cannot_import(qtbot, demo_db: Path, ui) -> None:
    page = make_page(qtbot, demo_db, ui, READER)
    assert not page.import_button.isEnabled() and not page.import_action.isEnabled()
    assert not page.isolate_button.isEnabled()


def test_imported_files_and_their_rejected_rows_export(
    qtbot, fresh_db: Path, ui, tmp_path: Path
) -> None:
    import_tests(SYSTEM, SAMPLE)
    page = make_page(qtbot, fresh_db, ui)
    page.tabs.setCurrentIndex(5)
    assert page.imports.model.rowCount() == 1
    page.imports.table.selectRow(0)
    out = page.export_rejected(str(tmp_path / "r.csv"))
    assert out is not None and "吴秀英" in out.read_text(encoding="utf-8-sig")


def test_a_positive_person_is_put_under_isolation_from_the_page(
    qtbot, fresh_db: Path, ui, boxes
) -> None:
    from office_app.models import Building, Compound, Household, Resident

    b12 = Building.create(compound=Compound.create(name="翠柏园"), name="12栋")
    household = Household.create(building=b12, unit="2单元", room="18-2")
    huang = Resident.create(household=household, name="黄俊杰", doc_no="510214199111230352")
    import_tests(SYSTEM, SAMPLE)
    page = make_page(qtbot, fresh_db, ui)
    page.tabs.setCurrentIndex(4)
    assert page.positives_model.rowCount() == 1
    to_do = page.positives_model.index(0, 5).data()
    assert to_do == "建议居家隔离"
    page.positives_table.selectRow(0)
    page.isolate_button.click()
    assert boxes["confirm"] and not boxes["warn"]
    assert Resident.get_by_id(huang.id).control_status == "居家隔离"
    assert page.positives_model.index(0, 4).data() == "居家隔离"
    # The pooled tube 221120100138: its four members, 黄俊杰 retested 阳性.
    statuses = {
        page.review_model.index(r, 2).data(): page.review_model.index(r, 6).data()
        for r in range(page.review_model.rowCount())
    }
    assert statuses == {"李德明": "待复核", "周桂兰": "待复核", "黄俊杰": "阳性", "罗婷": "待复核"}


def test_the_wizard_says_when_a_file_was_imported_before(qtbot, fresh_db: Path, ui) -> None:
    import_tests(SYSTEM, SAMPLE)
    dialog = wizard(qtbot, ui, SAMPLE, fresh_db)
    assert "以前导入过" in dialog.info_label.text()
    other = wizard(qtbot, ui, FIXTURES / "test-site-gb18030.csv", fresh_db)
    assert "以前导入过" not in other.info_label.text()


def test_an_unmatched_row_is_linked_to_a_resident(
    qtbot, demo_db: Path, ui, boxes, monkeypatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    from office_app.models import Resident

    import_tests(SYSTEM, SAMPLE)
    someone = Resident.select().order_by(Resident.id).first()
    page = make_page(qtbot, demo_db, ui)
    page.tabs.setCurrentIndex(1)
    before = page.unmatched.model.rowCount()
    page.unmatched.table.selectRow(0)
    record_id = page.unmatched.model.row_id(0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (someone.doc_no, True))
    assert page.link_selected_to_resident() == 1
    assert TestRecord.get_by_id(record_id).resident_id == someone.id
    assert page.unmatched.model.rowCount() == before - 1
