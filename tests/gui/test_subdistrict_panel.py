"""报表 → 街道汇总: choose the communities' databases, make, preview, save and print."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QDate
from PySide6.QtPrintSupport import QPrinter

from office_app.models import AuditEntry
from office_app.services.admin.actor import SYSTEM
from office_app.views import file_dialogs, printing
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.pages.handovers import ReportsPage
from office_app.views.pages.subdistrict_panel import SubdistrictPanel

from ..conftest import DEMO_TODAY

DAY = DEMO_TODAY - dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _application(office_app) -> None:
    pass


def _open_tab(qtbot, demo_db: Path, ui) -> SubdistrictPanel:
    page = ReportsPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    assert page.subdistrict is None  # made on first use
    page.tabs.setCurrentIndex(1)
    assert isinstance(page.subdistrict, SubdistrictPanel)
    assert page.tabs.currentWidget() is page.subdistrict
    return page.subdistrict


def _make(qtbot, panel: SubdistrictPanel) -> None:
    panel.day.setDate(QDate(DAY.year, DAY.month, DAY.day))
    assert panel.make_button.isEnabled()
    panel.make()
    assert not panel.make_button.isEnabled()  # busy while the child process works
    with qtbot.waitSignal(panel.process.finished, timeout=120_000):
        pass
    qtbot.waitUntil(lambda: panel.process is None, timeout=5000)


def test_summary_of_two_communities_and_a_missing_one(
    qtbot, demo_db: Path, demo_template: Path, tmp_path: Path, ui, monkeypatch
) -> None:
    other = tmp_path / "second community.db"
    shutil.copy2(demo_template, other)
    absent = tmp_path / "absent.db"
    panel = _open_tab(qtbot, demo_db, ui)
    assert not panel.make_button.isEnabled()  # nothing chosen yet

    monkeypatch.setattr(
        file_dialogs,
        "open_file_names",
        lambda *a, **k: ([str(demo_template), str(other), str(absent)], ""),
    )
    panel.choose_sources()
    assert panel.source_paths() == [str(demo_template), str(other), str(absent)]
    # Remembered for the next time.
    assert ui.get(U.SUBDISTRICT_SOURCES).splitlines() == panel.source_paths()

    _make(qtbot, panel)

    assert panel.pdf_data is not None
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(panel.pdf_data)).pages)
    assert "疫情防控汇总日报" in text and "街道合计" in text
    assert panel.preview_label.pixmap() is not None and not panel.preview_label.pixmap().isNull()
    assert "absent.db" in panel.status.text()
    assert panel.print_button.isEnabled() and panel.save_button.isEnabled()

    saved = tmp_path / "out" / "汇总"
    saved.parent.mkdir()
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(saved), ""))
    pdf_path = panel.save_pdf()
    assert pdf_path == saved.with_name("汇总.pdf") and pdf_path.read_bytes() == panel.pdf_data
    xlsx_path = panel.save_xlsx()
    assert xlsx_path == saved.with_name("汇总.xlsx")
    book = load_workbook(xlsx_path, read_only=True)  # a read-only book holds its file open
    try:
        rows = list(book["各社区数据"].iter_rows(values_only=True))
    finally:
        book.close()
    assert [r[0] for r in rows[1:]] == [
        f"科城路社区（{demo_template.name}）",
        "科城路社区（second community.db）",
        "街道合计",
    ]
    # Both communities are the same demo: every total is twice the community's figure.
    registered = rows[0].index("登记居民")
    assert rows[3][registered] == 2 * rows[1][registered] > 0
    assert AuditEntry.select().where(AuditEntry.action == "print.subdistrict_report").count() == 2

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    monkeypatch.setattr(printing, "ask", lambda *a, **k: True)
    printed = printing.print_document(
        panel,
        panel.context,
        panel.pdf_data,
        title="t",
        note=printing.AuditNote("print.subdistrict_report", "x"),
        printer=printer,
    )
    assert printed is not None and printed.sheets == printing.page_count(panel.pdf_data)


def test_no_usable_database_says_why(qtbot, demo_db: Path, tmp_path: Path, ui, boxes) -> None:
    panel = _open_tab(qtbot, demo_db, ui)
    panel.set_sources([str(tmp_path / "nowhere.db")])
    _make(qtbot, panel)
    assert panel.pdf_data is None
    assert not panel.print_button.isEnabled()
    ((args, _kwargs),) = boxes["warn"]
    assert "找不到数据库文件" in args[2]
