"""报表 page: a shift's handover filled in, previewed, saved, printed, stored; the 日报."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from office_app.models import AuditEntry, Handover, HandoverItem
from office_app.services.admin.actor import SYSTEM
from office_app.services.reporting import handover
from office_app.views import printing
from office_app.views import ui_settings as U
from office_app.views.context import AppContext
from office_app.views.dialogs import messages
from office_app.views.pages import handovers as reports_page
from office_app.views.pages import page_specs
from office_app.views.pages.handovers import ReportsPage, parse_deadline

from .recording import Calls

DEMO_NOW = dt.datetime(2022, 11, 22, 9, 30)
DAY = dt.date(2022, 11, 21)


@pytest.fixture(autouse=True)
def _application(office_app, monkeypatch) -> None:
    monkeypatch.setattr(reports_page, "now", lambda: DEMO_NOW)


@pytest.fixture
def warnings(monkeypatch) -> Calls:
    calls = Calls()
    monkeypatch.setattr(messages, "warn", calls)
    return calls


def make_page(qtbot, path: Path, ui) -> ReportsPage:
    page = ReportsPage(AppContext(actor=SYSTEM, db_path=path, ui=ui))
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    return page


def _flat(data: bytes) -> str:
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", "", text)


def test_the_page_is_registered_and_opens_on_the_current_shift(qtbot, demo_db: Path, ui) -> None:
    spec = next(s for s in page_specs() if s.name == "reports")
    assert spec.page_class == "handovers:ReportsPage"
    page = make_page(qtbot, demo_db, ui)
    window = page.current_window()
    assert (window.day, window.name) == (dt.date(2022, 11, 22), "白班")
    assert page.shifts.count() == 14 * 2 - 1  # tonight's shift has not started yet
    assert "尚未交接" in page.status.text()


def test_fill_preview_and_save_stores_the_handover(
    qtbot, demo_db: Path, ui, monkeypatch, tmp_path: Path, warnings
) -> None:
    page = make_page(qtbot, demo_db, ui)
    assert page.select_shift(DAY, "夜班")
    page.receiving.setText("李接班")
    page.add_item(handover.OpenItem("罗思彤就医未返，联系家属", "王宁"))
    page.items.item(0, 2).setText("10:00")
    page.preview()
    assert len(page.pages) >= 2 and page.preview_label.pixmap() is not None
    assert "页" in page.status.text()
    target = tmp_path / "交接.pdf"
    monkeypatch.setattr(page, "choose_pdf_file", lambda suggested: str(target))
    saved = page.save_pdf()
    assert saved == target
    flat = _flat(target.read_bytes())
    assert "接班人：李接班" in flat and "罗思彤就医未返，联系家属" in flat
    record = Handover.get(Handover.number == "20221121-2")
    assert record.receiving_name == "李接班" and record.pdf_path == str(target)
    item = HandoverItem.get(HandoverItem.handover == record.id)
    assert item.deadline == dt.datetime(2022, 11, 22, 10, 0)
    assert page.shifts.currentItem().text().endswith("已交接")
    assert ui.get(U.LAST_EXPORT_FOLDER) == str(tmp_path)
    # Coming back to the shift shows what was stored; the next shift can carry the item over.
    page.select_shift(DAY, "白班")
    assert page.items.rowCount() == 0
    page.select_shift(dt.date(2022, 11, 22), "白班")
    page.carry_items()
    assert page.items.item(0, 0).text() == "罗思彤就医未返，联系家属"
    assert warnings == []


def test_deadlines_in_words_are_read_relative_to_the_shift_and_other_text_is_kept(
    qtbot, demo_db: Path, ui, monkeypatch, tmp_path: Path, warnings
) -> None:
    """Issue 17, point 18: 今晚, 明早, 明天 8 点 … are times of the shift's handover; text that
    is not a time is kept as written (no refusal)."""
    page = make_page(qtbot, demo_db, ui)
    assert page.select_shift(DAY, "白班")  # 11-21 08:00–20:00
    typed = {
        "联系3栋物业": "今晚",
        "补录核酸": "明早",
        "罗思彤复查": "明天 8 点",
        "发放药品": "今天 18:00",
        "回访独居老人": "等街道通知",
    }
    for task, words in typed.items():
        page.add_item(handover.OpenItem(task, "甲"))
        page.items.item(page.items.rowCount() - 1, 2).setText(words)
    # What the words were read as is shown at once.
    shown = [page.items.item(r, 2).text() for r in range(page.items.rowCount())]
    assert shown == [
        "2022-11-21 20:00",
        "2022-11-22 08:00",
        "2022-11-22 08:00",
        "2022-11-21 18:00",
        "等街道通知",
    ]
    assert "明早" in page.items.item(1, 2).toolTip()
    monkeypatch.setattr(page, "choose_pdf_file", lambda s: str(tmp_path / "x.pdf"))
    assert page.save_pdf() == tmp_path / "x.pdf"
    assert warnings == []
    record = Handover.get(Handover.number == "20221121-1")
    stored = {
        i.task: i.deadline for i in HandoverItem.select().where(HandoverItem.handover == record.id)
    }
    assert stored == {
        "联系3栋物业": dt.datetime(2022, 11, 21, 20, 0),
        "补录核酸": dt.datetime(2022, 11, 22, 8, 0),
        "罗思彤复查": dt.datetime(2022, 11, 22, 8, 0),
        "发放药品": dt.datetime(2022, 11, 21, 18, 0),
        "回访独居老人（期限：等街道通知）": None,
    }
    assert "回访独居老人（期限：等街道通知）" in _flat((tmp_path / "x.pdf").read_bytes())
    # Opened again, the kept words are back in the 期限 column.
    page.select_shift(DAY, "夜班")
    page.select_shift(DAY, "白班")
    assert page.items.item(4, 0).text() == "回访独居老人"
    assert page.items.item(4, 2).text() == "等街道通知"
    # The night shift hands over in the morning: its 今晚 is that evening.
    assert page.select_shift(DAY, "夜班")
    page.add_item(handover.OpenItem("夜班事项"))
    page.items.item(0, 2).setText("今晚")
    assert page.items.item(0, 2).text() == "2022-11-22 20:00"


def test_printing_renders_every_page_on_the_printer(
    qtbot, demo_db: Path, ui, tmp_path: Path
) -> None:
    page = make_page(qtbot, demo_db, ui)
    page.select_shift(DAY, "白班")
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    page.build_pdf()
    count = page.print_to(printer)
    expected = len(PdfReader(io.BytesIO(page.pdf_data)).pages)
    assert count == expected >= 2
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == expected
    assert AuditEntry.select().where(AuditEntry.action == "print.handover").count() == 1


def test_the_daily_report_is_saved(qtbot, demo_db: Path, ui, monkeypatch, tmp_path: Path) -> None:
    page = make_page(qtbot, demo_db, ui)
    page.daily_day.setDate(page.daily_day.date().addDays(-1))
    monkeypatch.setattr(page, "choose_pdf_file", lambda s, *_: str(tmp_path / Path(s).name))
    target = page.save_daily_report()
    assert target is not None and target.name == "日报-2022-11-21.pdf"
    assert "疫情防控日报" in _flat(target.read_bytes())


def test_deadlines_as_typed() -> None:
    window = handover.shift_window(DAY, "白班")
    assert parse_deadline("", window) is None
    assert parse_deadline("2022-11-21 19:00", window) == dt.datetime(2022, 11, 21, 19)
    assert parse_deadline("明天", window) == dt.datetime(2022, 11, 22, 18)
    assert parse_deadline("明天早上8点半", window) == dt.datetime(2022, 11, 22, 8, 30)
    assert parse_deadline("交班前", window) == window.ends_at
    assert parse_deadline("7:00", window) == dt.datetime(2022, 11, 22, 7)  # the next 07:00
    with pytest.raises(ValueError):
        parse_deadline("下周一开会再定", window)


def test_typed_items_are_not_lost_by_refresh_or_a_shift_change(
    qtbot, demo_db: Path, ui, monkeypatch
) -> None:
    page = make_page(qtbot, demo_db, ui)
    page.receiving.setText("李接班")
    page.add_item(handover.OpenItem("补录 3 份核酸"))
    page.refresh()  # F5 of the main window
    assert page.receiving.text() == "李接班" and page.items.rowCount() == 1
    asked: list[bool] = []
    monkeypatch.setattr(messages, "confirm_discard", lambda parent: asked.append(True) or False)
    before = page.current_window()
    page.shifts.setCurrentRow(page.shifts.currentRow() + 1)
    assert asked and page.current_window().number == before.number
    assert page.receiving.text() == "李接班"
    monkeypatch.setattr(messages, "confirm_discard", lambda parent: True)
    page.shifts.setCurrentRow(page.shifts.currentRow() + 1)
    assert page.current_window().number != before.number and page.receiving.text() == ""


def test_printing_stores_the_handover_first_so_the_copy_has_its_time(
    qtbot, demo_db: Path, ui, monkeypatch, tmp_path: Path
) -> None:
    page = make_page(qtbot, demo_db, ui)
    page.select_shift(DAY, "白班")
    page.receiving.setText("李接班")
    printed: list[bytes] = []

    def accept(parent, printer: QPrinter, count: int) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "printed.pdf"))
        return True

    def print_pdf(printer: QPrinter, data: bytes, *, title: str = "") -> printing.Printed:
        printed.append(data)
        return printing.Printed((1,), 1, 300, False, "")

    monkeypatch.setattr(printing, "ask", accept)
    monkeypatch.setattr(printing, "print_pdf", print_pdf)
    page.print_handover()
    assert Handover.get(Handover.number == "20221121-1").receiving_name == "李接班"
    assert "交接时间：11-2209:30" in _flat(printed[0])
