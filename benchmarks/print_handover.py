"""Printing a 10-page handover on a 1,200 dpi printer: time and peak memory.

    .venv/bin/python benchmarks/print_handover.py [--runs 5] [--queue NAME] [--old-pages 3]
                                                  [--pages 10]

Builds bench_handover.py's busy community (60 buildings, ≈ 600 events in the 2022-11-21 day
shift), renders that shift's handover and keeps its first 10 pages (a shorter handover
is made up to 10 by its own pages again). Then each run starts two
child processes, alternating:

- baseline: the same document through the same print path (views/printing.print_pdf) on a
  QPrinter(ScreenResolution), 96 dpi, to a PDF file: every page rendered once at 96 dpi;
- lean: views/printing.print_pdf on a QPrinter(HighResolution) — 1,200 dpi, what a laser
  printer reports — to a PDF file, or with ``--queue`` to that CUPS queue (the job is only
  handed to CUPS; converting it is the scheduler's work, not the program's).

Each child reports the seconds of the print call (Qt and the document already loaded) and
its peak resident memory (whole process: Python, Qt, the document). ``--old-pages N`` also
runs the print path this replaced (every page rendered at the printer's full resolution and
all held at once) on the first N pages, for comparison: it needs ≈ 0.9 GB per page.

Goal (issue 22): < 3 s and < 300 MB peak for the 10 pages at 1,200 dpi.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAGES = 10


def make_document(folder: Path, pages: int = PAGES) -> Path:
    import datetime as dt

    from pypdf import PdfReader, PdfWriter

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_handover import DAY, build  # type: ignore[import-not-found]

    from office_app.reports import handover as handover_pdf
    from office_app.services.reporting import handover

    build(folder / "bench.db")
    data = handover_pdf.render(handover.gather(DAY, "白班"), dt.datetime(2022, 11, 22, 9, 30))
    reader = PdfReader(io.BytesIO(data))
    print(f"the busy day shift's handover: {len(reader.pages)} pages")
    writer = PdfWriter()
    for index in range(pages):  # its first pages; a shorter one starts again from page 1
        writer.add_page(reader.pages[index % len(reader.pages)])
    target = folder / f"handover-{pages}.pdf"
    with target.open("wb") as stream:
        writer.write(stream)
    return target


def _old_print(printer: object, data: bytes) -> int:
    """The print path before issue 22 (ReportsPage.print_to): all pages at full resolution."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPainter

    from office_app.views.printing import render_pages

    dpi = max(printer.resolution(), 150)  # type: ignore[attr-defined]
    images = render_pages(data, dpi / 72)
    painter = QPainter(printer)  # type: ignore[call-overload]
    try:
        for index, image in enumerate(images):
            if index:
                printer.newPage()  # type: ignore[attr-defined]
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(target.x(), target.y(), image.scaled(scaled))
    finally:
        painter.end()
    return len(images)


def child(mode: str, pdf: Path, out: Path, queue: str, old_pages: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from office_app.views import printing

    app = QApplication([])
    data = pdf.read_bytes()
    if mode == "old":
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter()
        for page in PdfReader(io.BytesIO(data)).pages[:old_pages]:
            writer.add_page(page)
        buffer = io.BytesIO()
        writer.write(buffer)
        data = buffer.getvalue()
    resolution = (
        QPrinter.PrinterMode.ScreenResolution
        if mode == "baseline"
        else QPrinter.PrinterMode.HighResolution
    )
    printer = QPrinter(resolution)
    if queue and mode != "baseline":
        printer.setPrinterName(queue)
    else:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
    printing.prepare(printer)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    if mode == "old":
        pages = _old_print(printer, data)
    else:
        pages = printing.print_pdf(printer, data, title="交接班记录 benchmark").sheets
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = out.stat().st_size if out.exists() else 0
    print(
        json.dumps(
            {
                "mode": mode,
                "dpi_printer": printer.resolution(),
                "seconds": seconds,
                "peak_mb": peak,
                "before_mb": before,
                "pages": pages,
                "bytes": size,
            }
        )
    )
    del app


def wait_until_idle(queue: str) -> None:
    """The queue's earlier jobs converted (cups-pdf runs ghostscript), so they do not share
    the processor with the next measurement."""
    while (
        queue
        and subprocess.run(
            ["lpstat", "-o", queue], capture_output=True, text=True, check=False
        ).stdout.strip()
    ):
        time.sleep(0.5)


def run_child(mode: str, pdf: Path, folder: Path, queue: str, old_pages: int) -> dict:
    wait_until_idle(queue)
    out = folder / f"printed-{mode}.pdf"
    out.unlink(missing_ok=True)
    command = [sys.executable, __file__, "--child", mode, "--pdf", str(pdf), "--out", str(out)]
    command += ["--queue", queue, "--old-pages", str(old_pages)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode:
        raise SystemExit(f"the {mode} run failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--queue", default="", help="print the lean side on this CUPS queue")
    parser.add_argument("--old-pages", type=int, default=0, help="also run the old path")
    parser.add_argument("--pages", type=int, default=PAGES, help="the document's length")
    parser.add_argument("--child", default="")
    parser.add_argument("--pdf", default="")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    if args.child:
        child(args.child, Path(args.pdf), Path(args.out), args.queue, args.old_pages)
        return 0

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        pdf = make_document(folder, args.pages)
        print(f"document: {args.pages} pages, {pdf.stat().st_size:,} B")
        results: dict[str, list[dict]] = {"baseline": [], "lean": []}
        for _ in range(args.runs):
            for mode in ("baseline", "lean"):  # alternating, same conditions
                results[mode].append(run_child(mode, pdf, folder, args.queue, 0))
        load = os.getloadavg()[0]
        base_s = statistics.median(r["seconds"] for r in results["baseline"])
        lean_s = statistics.median(r["seconds"] for r in results["lean"])
        base_mb = max(r["peak_mb"] for r in results["baseline"])
        lean_mb = max(r["peak_mb"] for r in results["lean"])
        lean = results["lean"][0]
        base = results["baseline"][0]
        where = f"CUPS queue {args.queue}" if args.queue else "PDF file"
        print(f"runs: {args.runs} each, alternating; load average {load:.2f}")
        print(
            f"baseline 96 dpi ({base['dpi_printer']} dpi printer, PDF file): {base_s:.2f} s,"
            f" peak {base_mb:.0f} MB (before printing {base['before_mb']:.0f} MB),"
            f" {base['bytes']:,} B"
        )
        print(
            f"lean on a {lean['dpi_printer']} dpi printer ({where}): {lean_s:.2f} s,"
            f" peak {lean_mb:.0f} MB (before printing {lean['before_mb']:.0f} MB),"
            f" {lean['bytes']:,} B"
        )
        print(
            f"ratio: {lean_s / base_s:.1f}× the baseline's time, {lean_mb / base_mb:.2f}× its"
            f" peak; goal: {lean_s / 3:.2f}× the 3 s, {lean_mb / 300:.2f}× the 300 MB"
        )
        if args.old_pages:
            old = run_child("old", pdf, folder, "", args.old_pages)
            print(
                f"old path (all pages at {old['dpi_printer']} dpi, held at once),"
                f" {old['pages']} pages: {old['seconds']:.2f} s, peak {old['peak_mb']:.0f} MB,"
                f" {old['bytes']:,} B"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
