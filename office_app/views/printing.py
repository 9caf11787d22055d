"""The one print path: a PDF made by reports/ goes to a QPrinter one page at a time.

Every page that prints (the handover, the 日报, the 出入登记表, delivery sheets, 志愿服务证明,
未检名单) makes its PDF as for saving and hands the bytes to :func:`print_document`, which
asks the print dialog, prints and records the print in the audit.

Qt offers no way to put a PDF's own vector content on a QPrinter, so each page is rendered
by pypdfium2 at ``min(300 dpi, the printer's resolution)`` — a laser printer reports 1,200
dpi, which would make a 140-megapixel image of every page — drawn, and released before the
next page is rendered: memory stays at one page whatever the length of the document. A
printer set to grey scale (a monochrome printer's default) gets 8-bit grey pages, a quarter
of the colour data.

The page is A4 by default, in the document's own orientation (the gate register is
landscape), and is shrunk, centred, into the paper minus the printer's margins when it would
not fit (a PDF file or a printer without margins gets it at its true size). The page range
and the copies chosen in the dialog are honoured; the printer chosen last is offered again
(ui_settings.LAST_PRINTER).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QMargins, QRectF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QWidget

from office_app.services.admin.actor import Actor

from . import file_dialogs
from . import ui_settings as U
from .context import AppContext

MAX_DPI = 300  # enough for 9-pt Chinese text; more only makes the job bigger and slower
PREVIEW_FORMAT = QImage.Format.Format_ARGB32


@dataclass(frozen=True)
class Printed:
    """What went to the printer: the document's page numbers (1-based, in order, per copy)."""

    pages: tuple[int, ...]
    copies: int  # copies the program drew itself (1 when the printer makes them)
    dpi: int
    grayscale: bool
    printer: str

    @property
    def sheets(self) -> int:
        return len(self.pages)


@dataclass(frozen=True)
class AuditNote:
    """How the print is recorded: as saving the same document records it."""

    action: str
    summary: str
    entity: str = ""
    entity_id: int | None = None


# --- rendering ---------------------------------------------------------------------------------


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def first_page_is_landscape(data: bytes) -> bool:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        if not len(document):
            return False
        width, height = document.get_page_size(0)
        return bool(width > height)
    finally:
        document.close()


def _image(bitmap: object, grayscale: bool) -> QImage:
    """A QImage over the bitmap's own buffer (no copy: keep the bitmap alive while drawing)."""
    fmt = QImage.Format.Format_Grayscale8 if grayscale else QImage.Format.Format_BGR888
    return QImage(
        bitmap.buffer,  # type: ignore[attr-defined]
        bitmap.width,  # type: ignore[attr-defined]
        bitmap.height,  # type: ignore[attr-defined]
        bitmap.stride,  # type: ignore[attr-defined]
        fmt,
    )


def iter_pages(
    data: bytes, dpi: float, *, grayscale: bool = False, pages: list[int] | None = None
) -> Iterator[tuple[int, QImage, tuple[float, float]]]:
    """Render the PDF's pages one at a time: (number, image, size in points).

    The image lives on the page's bitmap, which is released as soon as the caller asks for
    the next page: draw it (or copy it) before that.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(data)
    try:
        numbers = pages if pages is not None else list(range(1, len(document) + 1))
        for number in numbers:
            page = document[number - 1]
            try:
                size = page.get_size()
                bitmap = page.render(
                    scale=dpi / 72,
                    grayscale=grayscale,
                    optimize_mode="print",
                    force_bitmap_format=(
                        pdfium_c.FPDFBitmap_Gray if grayscale else pdfium_c.FPDFBitmap_BGR
                    ),
                )
                try:
                    yield number, _image(bitmap, grayscale), size
                finally:
                    bitmap.close()
            finally:
                page.close()
    finally:
        document.close()


def render_pages(data: bytes, scale: float) -> list[QImage]:
    """Every page as an image, ``scale`` × 72 dpi, for the preview inside the program."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(data)
    images = []
    try:
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=scale, force_bitmap_format=pdfium_c.FPDFBitmap_BGRA)
            image = QImage(
                bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, PREVIEW_FORMAT
            )
            images.append(image.copy())
            bitmap.close()
            page.close()
    finally:
        document.close()
    return images


def preview_sheet(pages: list[QImage]) -> QPixmap:
    """The pages one under the other on a grey sheet, as the preview shows them."""
    width = max(image.width() for image in pages)
    height = sum(image.height() + 12 for image in pages)
    sheet = QPixmap(width, height)
    sheet.fill(Qt.GlobalColor.lightGray)
    painter = QPainter(sheet)
    y = 0
    for image in pages:
        painter.drawImage(0, y, image)
        y += image.height() + 12
    painter.end()
    return sheet


# --- the printer --------------------------------------------------------------------------------


def print_dpi(printer: QPrinter) -> int:
    """The resolution pages are rendered at: the printer's own, at most MAX_DPI."""
    return max(72, min(MAX_DPI, printer.resolution()))


def new_printer(ui: U.UiSettings | None, *, landscape: bool = False) -> QPrinter:
    """An A4 printer in the document's orientation, on the printer chosen last if it exists."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if ui is not None:
        last = ui.get(U.LAST_PRINTER)
        if last and last in QPrinterInfo.availablePrinterNames():
            printer.setPrinterName(last)
    prepare(printer, landscape=landscape)
    return printer


def prepare(printer: QPrinter, *, landscape: bool = False) -> None:
    """A4, the document's orientation, the printer's own (hardware) margins.

    The documents carry their own margins; the printer's are only where it cannot print,
    so a page is shrunk no more than it must be (a PDF file: not at all).
    """
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    layout = printer.pageLayout()
    printer.setPageMargins(layout.minimumMargins(), layout.units())


def _target(printer: QPrinter, size: tuple[float, float]) -> QRectF:
    """Where a page of ``size`` points goes, in device pixels: its true size, centred on the
    paper, unless that would cross the printer's margins; then shrunk into them."""
    layout = printer.pageLayout()
    resolution = printer.resolution()
    paper = layout.fullRectPixels(resolution)
    margins = layout.marginsPixels(resolution)
    # The margins set, but never less than what the printer cannot print (another printer
    # chosen in the dialog may have wider ones than the first).
    hardware = QPageLayout(layout)
    hardware.setMargins(layout.minimumMargins())
    least = hardware.marginsPixels(resolution)
    printable = paper.marginsRemoved(
        QMargins(
            max(margins.left(), least.left()),
            max(margins.top(), least.top()),
            max(margins.right(), least.right()),
            max(margins.bottom(), least.bottom()),
        )
    )
    # The painter's origin: the paper's corner on a full-page printer, else the margins'.
    origin_x, origin_y = (
        (0.0, 0.0) if printer.fullPage() else (float(margins.left()), float(margins.top()))
    )
    width = size[0] / 72 * resolution
    height = size[1] / 72 * resolution
    scale = min(1.0, printable.width() / width, printable.height() / height)
    width, height = width * scale, height * scale
    if scale >= 1.0:
        # Centred on the paper as the document was laid out.
        x = (paper.width() - width) / 2
        y = (paper.height() - height) / 2
        x = min(max(x, printable.x()), printable.right() + 1 - width)
        y = min(max(y, printable.y()), printable.bottom() + 1 - height)
    else:
        x = printable.x() + (printable.width() - width) / 2
        y = printable.y() + (printable.height() - height) / 2
    return QRectF(x - origin_x, y - origin_y, width, height)


def chosen_pages(printer: QPrinter, count: int) -> list[int]:
    """The page numbers the dialog asked for, in printing order, for one copy."""
    pages = list(range(1, count + 1))
    ranges = printer.pageRanges()
    if printer.printRange() == QPrinter.PrintRange.PageRange and not ranges.isEmpty():
        pages = [number for number in pages if ranges.contains(number)]
    elif printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        last = printer.toPage() or count
        pages = [number for number in pages if printer.fromPage() <= number <= last]
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    return pages


def print_pdf(printer: QPrinter, data: bytes, *, title: str = "") -> Printed:
    """Print the PDF ``data`` on ``printer``, one page at a time, as the dialog set it up."""
    count = page_count(data)
    pages = chosen_pages(printer, count)
    # A printer that makes its own copies (CUPS) is sent one; otherwise the copies are drawn.
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    collate = printer.collateCopies()
    if copies > 1:
        order = pages * copies if collate else [p for p in pages for _ in range(copies)]
    else:
        order = list(pages)
    grayscale = printer.colorMode() == QPrinter.ColorMode.GrayScale
    dpi = print_dpi(printer)
    if title:
        printer.setDocName(title)
    if not order:
        return Printed((), copies, dpi, grayscale, printer.printerName())
    painter = QPainter()
    if not painter.begin(printer):
        name = printer.printerName() or printer.outputFileName()
        raise OSError(
            QCoreApplication.translate(
                "Printing", "The printer {name} could not be opened."
            ).format(name=name)
        )
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    # Flate, never JPEG: text stays sharp, and white paper compresses to almost nothing.
    painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering, True)
    try:
        first = True
        # Each distinct page is rendered once per run of copies (uncollated: 1 1 2 2 …).
        for _number, image, size in _rendered(data, dpi, grayscale, order):
            if not first and not printer.newPage():
                raise OSError(QCoreApplication.translate("Printing", "The printer stopped."))
            first = False
            painter.drawImage(_target(printer, size), image)
    finally:
        painter.end()
    if printer.printerState() == QPrinter.PrinterState.Error:
        raise OSError(QCoreApplication.translate("Printing", "The printer stopped."))
    return Printed(tuple(order), copies, dpi, grayscale, printer.printerName())


def _rendered(
    data: bytes, dpi: float, grayscale: bool, order: list[int]
) -> Iterator[tuple[int, QImage, tuple[float, float]]]:
    """The pages of ``order``; a page repeated right after itself is not rendered again."""
    runs: list[tuple[int, int]] = []  # (page, times in a row)
    for number in order:
        if runs and runs[-1][0] == number:
            runs[-1] = (number, runs[-1][1] + 1)
        else:
            runs.append((number, 1))
    numbers = [number for number, _times in runs]
    rendered = iter_pages(data, dpi, grayscale=grayscale, pages=numbers)
    for (number, image, size), (_number, times) in zip(rendered, runs, strict=True):
        for _ in range(times):
            yield number, image, size


# --- the dialog ---------------------------------------------------------------------------------


def ask(parent: QWidget | None, printer: QPrinter, count: int) -> bool:
    """The print dialog; False when cancelled."""
    dialog = QPrintDialog(printer, parent)
    dialog.setMinMax(1, max(1, count))
    dialog.setFromTo(1, max(1, count))
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCollateCopies, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, False)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
    file_dialogs.guard_print_dialog(dialog)  # its "…" for a PDF: no content sniffing
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return accepted and file_dialogs.print_target_allowed(parent, printer)


def remember(ui: U.UiSettings | None, printer: QPrinter) -> None:
    if ui is not None and printer.outputFormat() == QPrinter.OutputFormat.NativeFormat:
        name = printer.printerName()
        if name:
            ui.set(U.LAST_PRINTER, name)


def record(actor: Actor, note: AuditNote, printed: Printed) -> None:
    """The print in the audit trail, as saving the document records it."""
    from office_app.services.reporting.prints import save_and_record

    where = printed.printer or "PDF"
    save_and_record(
        actor,
        note.action,
        entity=note.entity,
        entity_id=note.entity_id,
        summary=f"{note.summary}（打印机 {where}，{printed.sheets} 页）",
        after={
            "printer": printed.printer,
            "pages": list(printed.pages),
            "dpi": printed.dpi,
            "grayscale": printed.grayscale,
        },
    )


def print_document(
    parent: QWidget | None,
    context: AppContext,
    data: bytes,
    *,
    title: str,
    note: AuditNote | Callable[[], AuditNote],
    before: Callable[[], bytes | None] | None = None,
    printer: QPrinter | None = None,
) -> Printed | None:
    """Ask the print dialog and print ``data``; None when cancelled or nothing was printed.

    ``before`` runs once the dialog is accepted and may return the final document (the
    handover is stored first, so that the printout carries its handover time) or None to stop.
    Errors are shown to the user, never raised.
    """
    from .dialogs import messages

    ui = context.ui
    if printer is None:
        printer = new_printer(ui, landscape=first_page_is_landscape(data))
    else:
        prepare(printer, landscape=first_page_is_landscape(data))
    if not ask(parent, printer, page_count(data)):
        return None
    remember(ui, printer)
    if before is not None:
        final = before()
        if final is None:
            return None
        data = final
    try:
        printed = print_pdf(printer, data, title=title)
    except OSError as exc:
        messages.warn(parent, QCoreApplication.translate("Printing", "Not printed"), str(exc))
        return None
    if printed.sheets:
        record(context.actor, note() if callable(note) else note, printed)
    return printed


__all__ = [
    "MAX_DPI",
    "AuditNote",
    "Printed",
    "ask",
    "chosen_pages",
    "iter_pages",
    "new_printer",
    "page_count",
    "preview_sheet",
    "print_document",
    "print_dpi",
    "print_pdf",
    "render_pages",
]
