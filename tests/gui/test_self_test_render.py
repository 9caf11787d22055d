"""The self-test's rendering check: PDF pages drawn as the handover preview draws them."""

from __future__ import annotations

import io
from pathlib import Path

from PySide6.QtWidgets import QApplication
from reportlab.pdfgen import canvas

from office_app.offscreen import _check_rendering
from office_app.reports.self_test_pdf import sample_pdf


def test_a_pdf_with_text_renders(office_app: QApplication, tmp_path: Path) -> None:
    path = tmp_path / "样张.pdf"
    path.write_bytes(sample_pdf())
    assert _check_rendering(path) == []


def test_a_blank_page_is_reported(office_app: QApplication, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.showPage()
    page.save()
    path = tmp_path / "blank.pdf"
    path.write_bytes(buffer.getvalue())
    assert _check_rendering(path) == [f"PDF {path}: page 1 renders blank"]


def test_a_broken_pdf_is_reported(office_app: QApplication, tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4 nothing else")
    (problem,) = _check_rendering(path)
    assert problem.startswith(f"PDF {path}: could not be rendered:")
