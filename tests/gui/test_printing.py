"""Printing (views/printing.py): every printable document through one print path, one page
at a time at min(300 dpi, the printer's), grey on a grey-scale printer, the dialog's page
range and copies, A4 in the document's orientation, the last printer remembered — and the
handover and the gate register printed on a real CUPS queue (scripts/cups-queue.sh)."""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageFilter, ImageStat
from pypdf import PdfReader
from PySide6.QtCore import QMarginsF, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence, QPageLayout
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from office_app.models import AuditEntry
from office_app.reports import gate_register
from office_app.reports import handover as handover_pdf
from office_app.services.admin import settings
from office_app.services.admin.actor import SYSTEM
from office_app.services.reporting import handover
from office_app.views import printing
from office_app.views import ui_settings as U
from office_app.views.context import AppContext

from .recording import record_message_boxes

ROOT = Path(__file__).resolve().parents[2]
DEMO_NOW = dt.datetime(2022, 11, 22, 9, 30)
DAY = dt.date(2022, 11, 21)


@pytest.fixture(autouse=True)
def _application(office_app, monkeypatch) -> None:
    from office_app.views.pages import gate, handovers, supplies, volunteers

    for module in (gate, handovers, supplies):
        monkeypatch.setattr(module, "now", lambda: DEMO_NOW)
    monkeypatch.setattr(volunteers, "today", lambda: DEMO_NOW.date())
    record_message_boxes(monkeypatch)


# --- helpers ----------------------------------------------------------------------------------


def pdf_printer(path: Path, *, dpi_mode=QPrinter.PrinterMode.HighResolution) -> QPrinter:
    printer = QPrinter(dpi_mode)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def images_of(path: Path) -> list[dict]:
    """Every image XObject of every page: width, height, colour space."""
    found = []
    for page in PdfReader(str(path)).pages:
        xobjects = page["/Resources"].get_object().get("/XObject", {})
        for ref in xobjects.values():
            image = ref.get_object()
            found.append(
                {
                    "width": int(image["/Width"]),
                    "height": int(image["/Height"]),
                    "colour": str(image["/ColorSpace"]),
                }
            )
    return found


def render(data: bytes, index: int, dpi: int = 60) -> Image.Image:
    document = pdfium.PdfDocument(data)
    try:
        page = document[index]
        return page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


def difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute grey difference (0 = the same picture, 255 = black against white),
    slightly blurred: a page Qt calls 595 × 842 pt and reportlab 595.28 × 841.89 may land a
    pixel apart."""
    if a.size != b.size:
        b = b.resize(a.size, Image.Resampling.BILINEAR)
    a, b = (image.filter(ImageFilter.GaussianBlur(1.5)) for image in (a, b))
    return float(ImageStat.Stat(ImageChops.difference(a, b)).mean[0])


def make_document(pages: int = 3) -> bytes:
    from office_app.reports import pdf

    st = pdf.styles()
    story = []
    for number in range(1, pages + 1):
        story.append(pdf.text(f"第 {number} 页 · 页面 {number}", st.title))
        rows = [[str(i), "张喆" * number, "兴茂盛世国际 3栋"] for i in range(number * 12)]
        story.append(pdf.table(["序号", "姓名", "住址"], rows, pdf.column_widths([1, 3, 4])))
        if number < pages:
            from reportlab.platypus import PageBreak

            story.append(PageBreak())
    return pdf.render_pdf(story, title="测试")


def ctrl_p_actions(widget) -> list[QAction]:
    key = QKeySequence(QKeySequence.StandardKey.Print)
    return [a for a in widget.findChildren(QAction) if key in a.shortcuts()]


@dataclass
class Asked:
    """The print dialog, replaced: it sets the printer up as a user would and says OK."""

    path: Path | None = None
    queue: str = ""
    calls: int = 0
    count: int = 0
    accept: bool = True

    def __call__(self, parent, printer: QPrinter, count: int) -> bool:
        self.calls += 1
        self.count = count
        if self.queue:
            printer.setPrinterName(self.queue)
        elif self.path is not None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(self.path))
        return self.accept


# --- the print path -------------------------------------------------------------------------


def test_a_1200_dpi_printer_gets_every_page_at_300_dpi(tmp_path: Path) -> None:
    data = make_document(3)
    printer = pdf_printer(tmp_path / "out.pdf")
    printing.prepare(printer)
    assert printer.resolution() == 1200 and printing.print_dpi(printer) == 300
    printed = printing.print_pdf(printer, data, title="测试")
    assert printed.pages == (1, 2, 3) and printed.dpi == 300 and not printed.grayscale
    images = images_of(tmp_path / "out.pdf")
    # One image per page, A4 at 300 dpi (2481 × 3508), in colour; not 1,200 dpi (9921 wide).
    assert [(i["width"], i["height"]) for i in images] == [(2481, 3508)] * 3
    assert all(i["colour"] == "/DeviceRGB" for i in images)
    reader = PdfReader(str(tmp_path / "out.pdf"))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 portrait
    # The printed pages are the document's pages, in order.
    out = (tmp_path / "out.pdf").read_bytes()
    for index in range(3):
        assert same_page(render(out, index), data) == index


def same_page(printed: Image.Image, data: bytes, dpi: int = 60) -> int:
    """Which page of ``data`` the printed sheet shows: the nearest by far, else -1."""
    scores = sorted(
        (difference(printed, render(data, i, dpi)), i) for i in range(printing.page_count(data))
    )
    best, index = scores[0]
    if best < 6 and (len(scores) == 1 or best < 0.75 * scores[1][0]):
        return index
    return -1


def test_a_low_resolution_printer_is_not_sent_more_than_it_prints(tmp_path: Path) -> None:
    printer = pdf_printer(tmp_path / "out.pdf", dpi_mode=QPrinter.PrinterMode.ScreenResolution)
    printing.prepare(printer)
    printed = printing.print_pdf(printer, make_document(1))
    assert printed.dpi == printer.resolution() == 96
    assert images_of(tmp_path / "out.pdf")[0]["width"] == 794


def test_a_grey_scale_printer_gets_grey_pages(tmp_path: Path) -> None:
    printer = pdf_printer(tmp_path / "out.pdf")
    printing.prepare(printer)
    printer.setColorMode(QPrinter.ColorMode.GrayScale)
    printed = printing.print_pdf(printer, make_document(2))
    assert printed.grayscale
    assert [i["colour"] for i in images_of(tmp_path / "out.pdf")] == ["/DeviceGray"] * 2


def test_the_page_range_and_the_copies_of_the_dialog_are_honoured(tmp_path: Path) -> None:
    data = make_document(4)
    printer = pdf_printer(tmp_path / "range.pdf")
    printing.prepare(printer)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    printed = printing.print_pdf(printer, data)
    assert printed.pages == (2, 3)
    out = (tmp_path / "range.pdf").read_bytes()
    assert len(PdfReader(io.BytesIO(out)).pages) == 2
    assert [same_page(render(out, i), data) for i in range(2)] == [1, 2]  # pages 2 and 3

    # A PDF file makes no copies itself: the print path draws them, collated or not.
    printer = pdf_printer(tmp_path / "copies.pdf")
    printing.prepare(printer)
    assert not printer.supportsMultipleCopies()
    printer.setCopyCount(2)
    printer.setCollateCopies(True)
    assert printing.print_pdf(printer, make_document(2)).pages == (1, 2, 1, 2)
    assert len(PdfReader(str(tmp_path / "copies.pdf")).pages) == 4
    printer = pdf_printer(tmp_path / "uncollated.pdf")
    printing.prepare(printer)
    printer.setCopyCount(2)
    printer.setCollateCopies(False)
    assert printing.print_pdf(printer, make_document(2)).pages == (1, 1, 2, 2)
    printer = pdf_printer(tmp_path / "last-first.pdf")
    printing.prepare(printer)
    printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)
    assert printing.print_pdf(printer, make_document(3)).pages == (3, 2, 1)


def test_pages_keep_their_size_unless_the_printers_margins_need_room(tmp_path: Path) -> None:
    printer = pdf_printer(tmp_path / "out.pdf")
    printing.prepare(printer)
    a4 = (595.2756, 841.8898)
    # A PDF file has no unprintable margin: the page at its true size, on the whole paper.
    full = printing._target(printer, a4)
    paper = printer.pageLayout().fullRectPixels(printer.resolution())
    # (Qt's A4 is 595 × 842 pt, reportlab's 595.28 × 841.89: within 0.1 %.)
    assert full.width() == pytest.approx(paper.width(), rel=0.001)
    assert full.height() == pytest.approx(paper.height(), rel=0.001)
    # A printer that cannot print the outer 10 mm: shrunk into what it can print, centred.
    printer.setPageMargins(QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter)
    inside = printing._target(printer, a4)
    printable = printer.pageLayout().paintRectPixels(printer.resolution())
    assert inside.left() >= -1 and inside.top() >= -1  # painter origin: the printable corner
    assert inside.right() <= printable.width() + 1 and inside.bottom() <= printable.height() + 1
    # 190 mm of 210 limit it: as wide as the printable area, centred in its height.
    assert inside.width() == pytest.approx(printable.width(), abs=2)
    assert inside.top() == pytest.approx((printable.height() - inside.height()) / 2, abs=2)
    assert inside.width() / inside.height() == pytest.approx(a4[0] / a4[1], rel=0.01)


def test_a_remembered_printer_that_is_gone_is_not_offered(ui, tmp_path: Path) -> None:
    # (The real one is remembered and offered again: test_..._on_a_real_print_queue.)
    ui.set(U.LAST_PRINTER, "已拆走的打印机")
    printer = printing.new_printer(ui)
    assert printer.printerName() != "已拆走的打印机" and printer.isValid()
    printing.remember(ui, pdf_printer(tmp_path / "x.pdf"))
    assert ui.get(U.LAST_PRINTER) == "已拆走的打印机"  # a PDF file is no printer to remember


def test_a4_portrait_by_default_and_landscape_for_a_landscape_document(
    demo_db: Path, ui, tmp_path: Path
) -> None:
    printer = printing.new_printer(ui)
    layout = printer.pageLayout()
    assert layout.pageSize().id() == layout.pageSize().PageSizeId.A4
    assert layout.orientation() == QPageLayout.Orientation.Portrait
    register = gate_register.render(gate_register.gather(DAY, DEMO_NOW))
    assert printing.first_page_is_landscape(register)
    asked = Asked(path=tmp_path / "register.pdf")
    context = AppContext(actor=SYSTEM, db_path=demo_db, ui=ui)
    import office_app.views.printing as module

    module_ask = module.ask
    try:
        module.ask = asked
        printed = printing.print_document(None, context, register, title="出入登记表", note=note())
    finally:
        module.ask = module_ask
    assert printed is not None
    box = PdfReader(str(tmp_path / "register.pdf")).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def note() -> printing.AuditNote:
    return printing.AuditNote("print.test", "测试")


def test_a_cancelled_dialog_prints_nothing_and_records_nothing(
    demo_db: Path, ui, monkeypatch, tmp_path: Path
) -> None:
    asked = Asked(path=tmp_path / "x.pdf", accept=False)
    monkeypatch.setattr(printing, "ask", asked)
    context = AppContext(actor=SYSTEM, db_path=demo_db, ui=ui)
    assert printing.print_document(None, context, make_document(2), title="t", note=note()) is None
    assert asked.calls == 1 and asked.count == 2
    assert not (tmp_path / "x.pdf").exists()
    assert not AuditEntry.select().where(AuditEntry.action == "print.test").exists()


# --- every printable document, from its page ------------------------------------------------


def _audit(action: str) -> list[AuditEntry]:
    return list(AuditEntry.select().where(AuditEntry.action == action))


def _pages(path: Path) -> int:
    return len(PdfReader(str(path)).pages)


def test_the_handover_prints_stored_first_and_audited(
    qtbot, demo_db: Path, ui, monkeypatch, tmp_path: Path
) -> None:
    from office_app.views.pages.handovers import ReportsPage

    page = ReportsPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    with qtbot.waitActive(page):
        page.show()
    page.select_shift(DAY, "白班")
    asked = Asked(path=tmp_path / "handover.pdf")
    monkeypatch.setattr(printing, "ask", asked)
    assert len(ctrl_p_actions(page)) == 1
    qtbot.keyClick(page.shifts, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert asked.calls == 1
    expected = printing.page_count(page.pdf_data or b"")
    assert asked.count == expected == _pages(tmp_path / "handover.pdf")
    [entry] = _audit("print.handover")
    assert "20221121-1" in entry.summary and f"{expected} 页" in entry.summary
    assert handover.stored(page.current_window()) is not None


def test_the_daily_report_prints_from_its_button(
    qtbot, demo_db: Path, ui, monkeypatch, tmp_path: Path
) -> None:
    from office_app.views.pages.handovers import ReportsPage

    page = ReportsPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    page.daily_day.setDate(page.daily_day.date().addDays(-1))
    monkeypatch.setattr(printing, "ask", Asked(path=tmp_path / "daily.pdf"))
    page.daily_print_button.click()
    assert _pages(tmp_path / "daily.pdf") >= 1
    [entry] = _audit("print.daily_report")
    assert "2022-11-21" in entry.summary


def test_the_gate_register_prints_on_ctrl_p(
    qtbot, demo_db: Path, ui, monkeypatch, tmp_path: Path
) -> None:
    from office_app.views.pages.gate import GatePage

    page = GatePage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    with qtbot.waitActive(page):
        page.show()
    monkeypatch.setattr(printing, "ask", Asked(path=tmp_path / "gate.pdf"))
    assert len(ctrl_p_actions(page)) == 1
    qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    data = gate_register.render(gate_register.gather(DEMO_NOW.date(), DEMO_NOW))
    assert _pages(tmp_path / "gate.pdf") == printing.page_count(data)
    [entry] = _audit("print.gate_register")
    assert "2022-11-22" in entry.summary and entry.entity == "exit_request"


def test_delivery_sheets_print_for_one_building_or_the_whole_round(
    qtbot, demo_db: Path, ui, monkeypatch, tmp_path: Path
) -> None:
    from office_app.reports import delivery_sheet
    from office_app.views.pages.supplies import SuppliesPage

    page = SuppliesPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    with qtbot.waitActive(page):
        page.show()
    asked = Asked(path=tmp_path / "one.pdf")
    monkeypatch.setattr(printing, "ask", asked)
    assert len(ctrl_p_actions(page)) == 1
    page.print_action.trigger()  # Ctrl+P: the selected building
    round_id = page.rounds.round_id()
    line = page.rounds.current_line()
    assert round_id is not None and line is not None
    one = delivery_sheet.render(delivery_sheet.gather(round_id, [line.building_id]))
    assert _pages(tmp_path / "one.pdf") == printing.page_count(one)
    asked.path = tmp_path / "all.pdf"
    page.rounds.print_button.menu().actions()[1].trigger()  # every building of the round
    every = delivery_sheet.render(delivery_sheet.gather(round_id, None))
    assert _pages(tmp_path / "all.pdf") == printing.page_count(every) > _pages(tmp_path / "one.pdf")
    entries = _audit("print.delivery_sheet")
    assert len(entries) == 2 and line.label in entries[0].summary
    assert entries[1].summary.count("、") == len(page.rounds.lines) - 1


def test_the_volunteer_certificate_prints_on_ctrl_p(
    qtbot, demo_db: Path, ui, monkeypatch, tmp_path: Path
) -> None:
    from office_app.views.pages.volunteers import VolunteersPage

    page = VolunteersPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    with qtbot.waitActive(page):
        page.show()
    panel = page.list_panel
    panel.filter_edit.setText("崔亚涛")
    panel._apply_text_filter()
    panel.table.setCurrentIndex(panel.model.index(0, 0))
    monkeypatch.setattr(printing, "ask", Asked(path=tmp_path / "cert.pdf"))
    assert len(ctrl_p_actions(page)) == 1
    qtbot.keyClick(panel.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert _pages(tmp_path / "cert.pdf") == 1
    [entry] = _audit("print.volunteer_certificate")
    assert "崔亚涛" in entry.summary and "ZYFW-" in entry.summary


def test_the_not_tested_list_prints_on_ctrl_p(
    qtbot, demo_db: Path, ui, monkeypatch, tmp_path: Path
) -> None:
    from office_app.views.pages.tests import TestsPage

    page = TestsPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    with qtbot.waitActive(page):
        page.show()
    monkeypatch.setattr(printing, "ask", Asked(path=tmp_path / "untested.pdf"))
    assert len(ctrl_p_actions(page)) == 1
    page.print_action.trigger()
    assert page.tabs.currentWidget() is page.untested_page
    assert _pages(tmp_path / "untested.pdf") >= 1
    [entry] = _audit("print.untested")
    assert f"{page.day():%Y-%m-%d}" in entry.summary


# --- a real print queue ---------------------------------------------------------------------


@dataclass(frozen=True)
class Queue:
    name: str
    out: Path

    @property
    def mono(self) -> str:
        """The same printer as a monochrome one (scripts/cups-queue.sh makes both)."""
        return f"{self.name}-mono"


def _use_server(socket: str) -> None:
    """Point libcups (already loaded by Qt, perhaps) at the private scheduler."""
    os.environ["CUPS_SERVER"] = socket
    library = ctypes.util.find_library("cups")
    if library:
        ctypes.CDLL(library).cupsSetServer(socket.encode())


@pytest.fixture(scope="session")
def print_queue() -> Iterator[Queue]:
    """The CUPS queue scripts/test.sh started, or one started here for this session."""
    name = os.environ.get("OFFICE_PRINT_QUEUE")
    out = os.environ.get("OFFICE_PRINT_QUEUE_OUT")
    if name and out and os.environ.get("CUPS_SERVER"):
        _use_server(os.environ["CUPS_SERVER"])
        listed = subprocess.run(["lpstat", "-p", name], capture_output=True, text=True)
        if listed.returncode != 0:
            pytest.fail(
                f"the print queue {name} that scripts/test.sh started is not there"
                f" (CUPS_SERVER={os.environ['CUPS_SERVER']}): {listed.stderr.strip()}",
                pytrace=False,
            )
        yield Queue(name, Path(out))
        return
    if sys.platform != "linux":
        pytest.skip(
            f"a CUPS print queue needs Linux with cupsd and cups-pdf; this is {sys.platform}"
        )
    # Not under pytest's private folder: CUPS runs its filters as the user lp.
    folder = Path(tempfile.mkdtemp(prefix="office-cups-"))
    script = ROOT / "scripts" / "cups-queue.sh"
    started = subprocess.run(
        ["bash", str(script), "start", str(folder)], capture_output=True, text=True, check=False
    )
    if started.returncode != 0:
        pytest.fail(f"no print queue could be started: {started.stderr.strip()}", pytrace=False)
    values = dict(
        line.removeprefix("export ").split("=", 1) for line in started.stdout.splitlines()
    )
    _use_server(values["CUPS_SERVER"])
    try:
        yield Queue(values["OFFICE_PRINT_QUEUE"], Path(values["OFFICE_PRINT_QUEUE_OUT"]))
    finally:
        subprocess.run(["bash", str(script), "stop", str(folder)], check=False)
        shutil.rmtree(folder, ignore_errors=True)


def wait_for_job(queue: Queue, before: set[Path], timeout: float = 90) -> Path:
    """The file cups-pdf wrote for the job just sent (OUT/<title>-job_<id>.pdf)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        new = sorted(set(queue.out.glob("*.pdf")) - before)
        # Any job still queued on this (private) scheduler, on either queue.
        pending = subprocess.run(
            ["lpstat", "-o"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if new and not pending:
            return new[-1]
        time.sleep(0.2)
    log = Path(os.environ.get("CUPS_SERVER", "")).parent / "log" / "error_log"
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
    raise AssertionError(f"cups-pdf wrote nothing for the job in {timeout} s; {log}: {tail}")


def rendered_by_poppler(path: Path, page: int, dpi: int, folder: Path) -> Image.Image:
    assert shutil.which("pdftoppm"), "pdftoppm (poppler-utils) is needed to read a raster print"
    stem = folder / f"{path.stem[-20:]}-{page}"
    subprocess.run(
        ["pdftoppm", "-gray", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), path, stem],
        check=True,
    )
    [png] = folder.glob(f"{stem.name}*.png")
    return Image.open(png).convert("L")


def text_box(data: bytes, index: int, text: str, dpi: int) -> tuple[int, int, int, int]:
    """Where ``text`` is on the page, in pixels at ``dpi`` (left, top, right, bottom)."""
    document = pdfium.PdfDocument(data)
    try:
        page = document[index]
        height = page.get_height()
        textpage = page.get_textpage()
        searcher = textpage.search(text)
        found = searcher.get_next()
        assert found is not None, f"{text} is not on page {index + 1}"
        start, count = found
        boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
        left = min(b[0] for b in boxes)
        right = max(b[2] for b in boxes)
        bottom = min(b[1] for b in boxes)
        top = max(b[3] for b in boxes)
        scale = dpi / 72
        pad = 3
        return (
            int(left * scale) - pad,
            int((height - top) * scale) - pad,
            int(right * scale) + pad,
            int((height - bottom) * scale) + pad,
        )
    finally:
        document.close()


def test_qt_sees_the_queue_offscreen(print_queue: Queue, tmp_path: Path) -> None:
    assert print_queue.name in QPrinterInfo.availablePrinterNames()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(print_queue.name)
    assert printer.isValid() and printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
    assert printer.supportsMultipleCopies()
    ui = U.UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    printing.remember(ui, printer)
    assert printing.new_printer(ui).printerName() == print_queue.name


def test_the_handover_on_a_real_print_queue(
    qtbot, demo_db: Path, ui, monkeypatch, tmp_path: Path, print_queue: Queue
) -> None:
    """Printed by the queue's name through QPrinter; cups-pdf's file has the handover's pages,
    and its number and community are legible in it (it is raster: compared by rendering)."""
    from office_app.views.pages.handovers import ReportsPage

    page = ReportsPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    page.select_shift(DAY, "白班")
    monkeypatch.setattr(printing, "ask", Asked(queue=print_queue.name))
    before = set(print_queue.out.glob("*.pdf"))
    printed = page.print_handover()
    assert printed is not None and printed.printer == print_queue.name and printed.dpi == 300
    assert ui.get(U.LAST_PRINTER) == print_queue.name  # offered first next time
    output = wait_for_job(print_queue, before)
    assert output.name.endswith(".pdf") and "job_" in output.name
    data = page.pdf_data or b""
    expected = printing.page_count(data)
    assert expected >= 2 and len(PdfReader(str(output)).pages) == expected

    dpi = 100
    window = page.current_window()
    assert window is not None
    community = settings.load().community
    # Another shift's handover: the same layout with another number (a control).
    other = handover_pdf.render(handover.gather(DAY, "夜班"), DEMO_NOW)
    for index in range(expected):
        printed_page = rendered_by_poppler(output, index + 1, dpi, tmp_path)
        original = render(data, index, dpi)
        assert printed_page.size == original.size  # A4, true size (no margins on cups-pdf)
        assert difference(printed_page, original) < 4, f"page {index + 1} differs"
    first = rendered_by_poppler(output, 1, dpi, tmp_path)
    original = render(data, 0, dpi)
    for text in (window.number, community):
        box = text_box(data, 0, text, dpi)
        ink = ImageStat.Stat(first.crop(box)).mean[0]
        assert ink < 235, f"{text}: nothing printed where it belongs"
        assert difference(first.crop(box), original.crop(box)) < 12, f"{text} is not legible"
    box = text_box(data, 0, window.number, dpi)
    control = render(other, 0, dpi).crop(box)
    assert difference(first.crop(box), control) > 2 * difference(
        first.crop(box), original.crop(box)
    ), "the printed number cannot be told from another shift's"


def test_the_gate_register_on_a_real_print_queue(
    qtbot, demo_db: Path, ui, monkeypatch, tmp_path: Path, print_queue: Queue
) -> None:
    from office_app.views.pages.gate import GatePage

    page = GatePage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    monkeypatch.setattr(printing, "ask", Asked(queue=print_queue.name))
    before = set(print_queue.out.glob("*.pdf"))
    printed = page.print_register()
    assert printed is not None
    output = wait_for_job(print_queue, before)
    data = gate_register.render(gate_register.gather(DEMO_NOW.date(), DEMO_NOW))
    reader = PdfReader(str(output))
    assert len(reader.pages) == printing.page_count(data) == printed.sheets
    # CUPS turns a landscape job on the portrait sheet, as a printer does: turned back, the
    # sheet is the register's first page.
    first = rendered_by_poppler(output, 1, 60, tmp_path)
    assert first.height > first.width
    turned = [
        first.transpose(Image.Transpose.ROTATE_270),
        first.transpose(Image.Transpose.ROTATE_90),
    ]
    assert 0 in [same_page(sheet, data) for sheet in turned]
    assert _audit("print.gate_register")


def test_page_range_and_copies_on_a_real_print_queue(
    demo_db: Path, ui, tmp_path: Path, print_queue: Queue, monkeypatch
) -> None:
    """The dialog's copies go to CUPS (the queue makes them); its page range is the program's."""

    class RangeAndCopies(Asked):
        def __call__(self, parent, printer: QPrinter, count: int) -> bool:
            printer.setPrinterName(print_queue.name)
            printer.setPrintRange(QPrinter.PrintRange.PageRange)
            printer.setFromTo(2, 3)
            printer.setCopyCount(2)
            printer.setCollateCopies(True)
            return True

    monkeypatch.setattr(printing, "ask", RangeAndCopies())
    data = make_document(3)
    context = AppContext(actor=SYSTEM, db_path=demo_db, ui=ui)
    before = set(print_queue.out.glob("*.pdf"))
    printed = printing.print_document(None, context, data, title="range copies", note=note())
    assert printed is not None and printed.pages == (2, 3) and printed.copies == 1
    output = wait_for_job(print_queue, before)
    sheets = [rendered_by_poppler(output, n, 60, tmp_path) for n in range(1, 5)]
    assert len(PdfReader(str(output)).pages) == 4
    assert [same_page(sheet, data) for sheet in sheets] == [1, 2, 1, 2]


def test_a_monochrome_printer_gets_grey_pages_without_being_told(
    qtbot, demo_db: Path, ui, monkeypatch, tmp_path: Path, print_queue: Queue
) -> None:
    """A printer whose PPD says it has no colour: Qt's default colour mode for it is grey,
    and the print path sends it 8-bit grey pages (the 志愿服务证明 here)."""
    from office_app.views.pages.volunteers import VolunteersPage

    assert print_queue.mono in QPrinterInfo.availablePrinterNames()
    page = VolunteersPage(AppContext(actor=SYSTEM, db_path=demo_db, ui=ui))
    qtbot.addWidget(page)
    panel = page.list_panel
    panel.filter_edit.setText("崔亚涛")
    panel._apply_text_filter()
    panel.table.setCurrentIndex(panel.model.index(0, 0))
    monkeypatch.setattr(printing, "ask", Asked(queue=print_queue.mono))
    before = set(print_queue.out.glob("*.pdf"))
    printed = page.print_certificate()
    assert printed is not None and printed.printer == print_queue.mono and printed.grayscale
    output = wait_for_job(print_queue, before)
    assert len(PdfReader(str(output)).pages) == 1
    assert [i["colour"] for i in images_of(output)] == ["/DeviceGray"]
