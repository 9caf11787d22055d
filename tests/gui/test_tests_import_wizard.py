"""The tests import wizard checks the whole file before anything is written (issue 17, 12–16).

The preview's dry run gives the counts the import then reports; ID and phone numbers are
masked; the rejected rows name their column and show the whole reason; a re-import says that
nothing new came; a sample time later than the import is rejected with that reason.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt

from office_app.models import ImportRun, RejectedRow, TestRecord, now
from office_app.services.admin.actor import SYSTEM
from office_app.services.imports.tests import import_tests
from office_app.services.people.identity import make_id_number
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.dialogs.import_summary_dialog import ImportSummaryDialog
from office_app.views.dialogs.tests_import_dialog import TestsImportDialog

HEADER = "姓名,证件号码,手机号,采样时间,试管码,检测结果,报告时间"


@pytest.fixture(autouse=True)
def _application(office_app) -> None:
    """The program's QApplication (Chinese, themed)."""


def doc(n: int) -> str:
    return make_id_number("500107", dt.date(1970, 1, 1) + dt.timedelta(days=n * 97), n)


def line(
    n: int, *, result: str = "阴性", sample: str = "", doc_no: str = "", phone: str = ""
) -> str:
    sample = sample or f"2022-11-20 08:{n % 60:02d}:00"
    report = "2022-11-20 20:00:00" if result != "" else ""
    return (
        f"居民{n},{doc_no or doc(n)},{phone or f'139{n:08d}'},{sample},T{n:05d},{result},{report}"
    )


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def wizard(qtbot, ui: U.UiSettings, path: Path, db: Path) -> TestsImportDialog:
    dialog = TestsImportDialog(AppContext(actor=SYSTEM, db_path=db, ui=ui), str(path))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.checking, timeout=30000)
    return dialog


def a_day_file(tmp_path: Path) -> tuple[Path, list[str]]:
    """40 rows: the first 20 are fine; 6 bad ones come later, one sampled tomorrow."""
    rows = [line(n) for n in range(1, 41)]
    rows[24] = line(25, doc_no=doc(25)[:17] + ("0" if doc(25)[17] != "0" else "1"))
    rows[25] = line(26, phone="1390831552")
    rows[26] = line(27, sample="2022-11-20 24:15")
    rows[27] = line(28, result="阳性的")
    rows[28] = line(29, doc_no="5.10213E+17")
    tomorrow = now() + dt.timedelta(days=1)
    rows[29] = line(30, sample=f"{tomorrow:%Y-%m-%d %H:%M:%S}", result="")
    rows[35] = line(36, result="阳性")
    rows[36] = line(37, result="混管阳性")
    return write(tmp_path / "day2.csv", rows), rows


def test_the_preview_checks_the_whole_file_and_the_import_reports_the_same(
    qtbot, fresh_db: Path, ui, tmp_path: Path
) -> None:
    """Point 12: rows, to import, duplicates, rejected with reasons — before anything is
    written — and the import's own result is what the preview said."""
    path, rows = a_day_file(tmp_path)
    # Ten of its rows came in an earlier file.
    import_tests(SYSTEM, write(tmp_path / "earlier.csv", rows[:10]))
    before = (TestRecord.select().count(), ImportRun.select().count())
    dialog = wizard(qtbot, ui, path, fresh_db)
    # The first 20 rows are fine: the old preview said no more than that.
    assert dialog.model.rowCount() == 20 and dialog.model.invalid_cells() == 0
    check = dialog.check
    assert check is not None and check.dry_run
    assert (TestRecord.select().count(), ImportRun.select().count()) == before
    assert (check.total_rows, check.imported, check.duplicates, check.rejected) == (40, 24, 10, 6)
    assert (check.positives, check.pool_positives) == (1, 1)
    text = dialog.check_label.text()
    for figure in ("40", "24", "10", "6"):
        assert figure in text
    assert "整个文件" in text
    assert dialog.tabs.tabText(1).endswith("(6)")
    table = dialog.rejections
    lines = [int(table.item(r, 0).text()) for r in range(table.rowCount())]
    assert lines == [26, 27, 28, 29, 30, 31]
    assert "晚于导入时间" in table.item(5, 2).text()
    assert dialog.import_button.isEnabled()
    dialog.show()
    with qtbot.waitSignal(dialog.accepted, timeout=30000):
        dialog.import_button.click()
    summary = dialog.summary
    assert summary is not None and not summary.dry_run
    assert (summary.total_rows, summary.imported, summary.duplicates, summary.rejected) == (
        check.total_rows,
        check.imported,
        check.duplicates,
        check.rejected,
    )
    assert (summary.positives, summary.pool_positives, summary.unmatched) == (
        check.positives,
        check.pool_positives,
        check.unmatched,
    )
    assert [(r.line_no, r.reason) for r in summary.rejections] == [
        (r.line_no, r.reason) for r in check.rejections
    ]
    assert RejectedRow.select().count() == 6


def test_the_import_waits_for_the_check_and_a_new_mapping_checks_again(
    qtbot, fresh_db: Path, ui, tmp_path: Path
) -> None:
    path, _rows = a_day_file(tmp_path)
    dialog = TestsImportDialog(AppContext(actor=SYSTEM, db_path=fresh_db, ui=ui), str(path))
    qtbot.addWidget(dialog)
    assert dialog.checking and not dialog.import_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=30000)
    assert dialog.import_button.isEnabled() and dialog.check.rejected == 6
    # Without the phone column no phone is checked: one rejection fewer.
    dialog.combos["phone"].setCurrentIndex(0)
    assert dialog.check is None and not dialog.import_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=30000)
    assert dialog.check.rejected == 5 and dialog.rejections.rowCount() == 5
    assert TestRecord.select().count() == 0


def test_the_preview_masks_document_and_phone_numbers(
    qtbot, fresh_db: Path, ui, tmp_path: Path
) -> None:
    """Point 13."""
    path, _rows = a_day_file(tmp_path)
    dialog = wizard(qtbot, ui, path, fresh_db)
    model = dialog.model
    shown = {
        str(model.data(model.index(r, c)))
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    }
    assert doc(1) not in shown and "13900000001" not in shown
    assert f"{doc(1)[:4]}**********{doc(1)[-4:]}" in shown
    assert "139****0001" in shown
    assert "居民1" in shown and "2022-11-20 08:01:00" in shown
    # A reason that quotes the cell shows it masked too (Excel's 000 at the end).
    damaged = write(tmp_path / "damaged.csv", [line(1, doc_no="510213196503120000")])
    other = wizard(qtbot, ui, damaged, fresh_db)
    reason = other.rejections.item(0, 2).text()
    assert "000" in reason and "510213196503120000" not in reason
    assert "5102**********0000" in reason
    assert "510213196503120000" not in other.rejections.item(0, 2).toolTip()


def test_the_rejection_table_names_the_column_and_shows_the_whole_reason(
    qtbot, fresh_db: Path, ui, tmp_path: Path
) -> None:
    """Point 14: in the wizard and in the summary after the import."""
    bad = line(3, doc_no=doc(3)[:17] + ("0" if doc(3)[17] != "0" else "1"), phone="1390831552")
    path = write(tmp_path / "bad.csv", [line(1), line(2), bad])
    dialog = wizard(qtbot, ui, path, fresh_db)
    assert dialog.rejections.rowCount() == 1
    assert dialog.rejections.item(0, 1).text() == "证件号码、手机号"
    summary = import_tests(SYSTEM, path)
    shown = ImportSummaryDialog(path.name, summary)
    qtbot.addWidget(shown)
    shown.show()
    table = shown.table
    reason = summary.rejections[0].reason
    assert len(reason) > 40
    assert table.item(0, 1).text() == "证件号码、手机号"
    assert table.item(0, 2).text() == reason and table.item(0, 2).toolTip() == reason
    # Wrapped: the row is as high as the whole reason needs in its column.
    width = table.columnWidth(2)
    needed = table.fontMetrics().boundingRect(
        QRect(0, 0, width - 8, 10000), int(Qt.TextFlag.TextWordWrap), reason
    )
    assert table.wordWrap() and table.rowHeight(0) >= needed.height()
    assert table.columnWidth(1) >= table.fontMetrics().horizontalAdvance("证件号码、手机号")


def test_re_importing_a_file_says_nothing_new_came(
    qtbot, fresh_db: Path, ui, tmp_path: Path
) -> None:
    """Point 15: the preview and the summary say that nothing new came; no positives again."""
    path, _rows = a_day_file(tmp_path)
    first = import_tests(SYSTEM, path)
    assert (first.positives, first.pool_positives) == (1, 1)
    dialog = wizard(qtbot, ui, path, fresh_db)
    assert dialog.check is not None and dialog.check.nothing_new
    assert "没有新的数据" in dialog.check_label.text()
    dialog.show()
    with qtbot.waitSignal(dialog.accepted, timeout=30000):
        dialog.import_button.click()
    summary = dialog.summary
    assert summary is not None and (summary.positives, summary.pool_positives) == (0, 0)
    shown = ImportSummaryDialog(path.name, summary)
    qtbot.addWidget(shown)
    assert not shown.nothing_new_label.isHidden()
    assert "没有新的数据" in shown.nothing_new_label.text()
    assert "阳性 0" in shown.summary_label.text() and "混管阳性 0" in shown.summary_label.text()
    fresh = ImportSummaryDialog(path.name, first)
    qtbot.addWidget(fresh)
    assert fresh.nothing_new_label.isHidden()


def test_a_sample_time_after_the_import_is_rejected_in_the_preview(
    qtbot, fresh_db: Path, ui, tmp_path: Path
) -> None:
    """Point 16: rejected (not only warned about), with the reason, in the preview already."""
    soon = now() + dt.timedelta(minutes=5)
    late = now() + dt.timedelta(hours=6)
    path = write(
        tmp_path / "future.csv",
        [
            line(1, sample=f"{soon:%Y-%m-%d %H:%M:%S}", result=""),
            line(2, sample=f"{late:%Y-%m-%d %H:%M:%S}", result=""),
        ],
    )
    dialog = wizard(qtbot, ui, path, fresh_db)
    model = dialog.model
    column = model.header.index("采样时间")
    assert model.data(model.index(0, column), Qt.ItemDataRole.ToolTipRole) is None
    reason = model.data(model.index(1, column), Qt.ItemDataRole.ToolTipRole)
    assert "晚于导入时间" in reason and "超过 10 分钟" in reason
    assert dialog.check is not None and (dialog.check.imported, dialog.check.rejected) == (1, 1)
    assert dialog.rejections.item(0, 0).text() == "3"
    assert dialog.rejections.item(0, 1).text() == "采样时间"


def test_a_check_that_fails_says_why_and_leaves_the_import_possible(
    qtbot, fresh_db: Path, ui, tmp_path: Path, monkeypatch
) -> None:
    from office_app.services.imports import tests as T
    from office_app.services.imports.errors import ImportFileError

    real = T.import_tests

    def busy(*args, **kwargs):
        if kwargs.get("dry_run"):
            raise ImportFileError("数据库正忙")
        return real(*args, **kwargs)

    monkeypatch.setattr(T, "import_tests", busy)
    path = write(tmp_path / "ok.csv", [line(1), line(2)])
    dialog = wizard(qtbot, ui, path, fresh_db)
    assert dialog.check is None and "数据库正忙" in dialog.check_label.text()
    assert dialog.import_button.isEnabled()
    dialog.show()
    with qtbot.waitSignal(dialog.accepted, timeout=30000):
        dialog.import_button.click()
    assert dialog.summary is not None and dialog.summary.imported == 2
