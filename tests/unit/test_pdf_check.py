"""Reading our PDFs back without a PDF library (what the bundle's --self-test relies on)."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from office_app.reports import pdf
from office_app.reports.pdf_check import read_pdf
from office_app.reports.self_test_pdf import (
    check_pdf,
    expected_texts,
    sample_pdf,
    write_and_check,
)


def _pypdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def test_sample_page_reads_back_with_its_chinese_and_embedded_font() -> None:
    data = sample_pdf()
    facts = read_pdf(data)
    assert facts.pages == 1
    assert facts.unembedded_fonts == []
    assert facts.embedded_fonts and all("WenQuanYiMicroHei" in f for f in facts.embedded_fonts)
    flat = "".join(facts.text.split())
    for wanted in expected_texts():
        assert "".join(wanted.split()) in flat
    assert "第1页/共1页" in flat
    # pypdf (a test tool only) reads the same text.
    assert "社区防控办公室自检" in _pypdf_text(data)
    assert "张喆" in _pypdf_text(data) and "李堃" in _pypdf_text(data)


def test_text_in_several_font_subsets_decodes_exactly() -> None:
    # reportlab puts at most 256 characters in one subset: 600 different characters make the
    # page switch between subsets inside one line.
    pdf.register_font()
    face = pdfmetrics.getFont(pdf.FONT).face  # type: ignore[attr-defined]
    characters = "".join(chr(c) for c in range(0x4E00, 0x9FA5) if c in face.charToGlyph)[:600]
    st = pdf.styles()
    lines = [characters[i : i + 30] for i in range(0, len(characters), 30)]
    data = pdf.render_pdf([pdf.text(line, st.body) for line in lines], title="subsets")
    facts = read_pdf(data)
    assert len(facts.embedded_fonts) >= 3
    assert facts.unembedded_fonts == []
    assert characters in "".join(facts.text.split())


def test_a_font_that_is_not_embedded_is_reported() -> None:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont("Helvetica", 12)
    page.drawString(72, 720, "Hello (world) \\ 1")
    page.showPage()
    page.save()
    facts = read_pdf(buffer.getvalue())
    assert facts.unembedded_fonts == ["Helvetica"]
    assert facts.embedded_fonts == []
    assert "Hello (world) \\ 1" in facts.text


def test_check_pdf_names_missing_text_and_unembedded_fonts(tmp_path) -> None:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "only Latin")
    page.save()
    path = tmp_path / "latin.pdf"
    path.write_bytes(buffer.getvalue())
    problems = check_pdf(path, ["交接班"])
    assert f"PDF {path}: no embedded font" in problems
    assert f"PDF {path}: font Helvetica is not embedded" in problems
    assert f"PDF {path}: text '交接班' not found" in problems


def test_check_pdf_reports_a_file_that_is_not_a_pdf(tmp_path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"not a pdf at all")
    (problem,) = check_pdf(path, ["x"])
    assert problem.startswith(f"PDF {path}: cannot be read back:")
    assert "%PDF-" in problem


def test_write_and_check_writes_a_good_pdf_in_a_chinese_folder(tmp_path) -> None:
    target = tmp_path / "用户 张三" / "自检 交接班.pdf"
    assert write_and_check(target) == []
    assert target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in target.parent.iterdir()] == ["自检 交接班.pdf"]  # no temp file left


def test_write_and_check_fails_when_the_pdf_lacks_the_chinese(tmp_path, monkeypatch) -> None:
    from office_app.reports import self_test_pdf

    def latin_only(today=None) -> bytes:
        buffer = io.BytesIO()
        page = canvas.Canvas(buffer)
        page.drawString(72, 720, "self-test")
        page.save()
        return buffer.getvalue()

    monkeypatch.setattr(self_test_pdf, "sample_pdf", latin_only)
    problems = write_and_check(tmp_path / "x.pdf")
    assert any("Helvetica is not embedded" in p for p in problems)
    assert any("社区防控办公室 自检" in p and "not found" in p for p in problems)


def test_self_test_writes_and_checks_the_handover_on_a_fresh_database(fresh_db, tmp_path) -> None:
    from office_app.reports.self_test_pdf import write_and_check_handover

    at = dt.datetime(2022, 11, 22, 10, 0)
    target = tmp_path / "自检 交接班.pdf"
    assert write_and_check_handover(target, at) == []
    facts = read_pdf(target.read_bytes())
    assert "交接班记录" in facts.text
    assert "2022年11月22日" in facts.text
    assert facts.unembedded_fonts == []


def test_self_test_handover_check_fails_on_a_pdf_without_chinese(
    fresh_db, tmp_path, monkeypatch
) -> None:
    from office_app.reports import handover
    from office_app.reports.self_test_pdf import write_and_check_handover

    def latin_only(facts, printed_at) -> bytes:
        buffer = io.BytesIO()
        page = canvas.Canvas(buffer)
        page.drawString(72, 720, "handover")
        page.save()
        return buffer.getvalue()

    monkeypatch.setattr(handover, "render", latin_only)
    problems = write_and_check_handover(tmp_path / "x.pdf", dt.datetime(2022, 11, 22, 10, 0))
    assert any("Helvetica is not embedded" in p for p in problems)
    assert any("'交接班记录' not found" in p for p in problems)


def test_an_ascii85_stream_whose_data_ends_in_gt_decodes() -> None:
    """ ">" is an ASCII85 data character as well as half of the "~>" end mark."""
    import base64
    import zlib

    from office_app.reports.pdf_check import _stream

    for n in range(2000):
        data = f"BT /F1 9 Tf ({n}) Tj ET".encode() * (n % 7 + 1)
        encoded = base64.a85encode(zlib.compress(data))
        if encoded.endswith(b">"):
            break
    else:
        raise AssertionError("no sample ending in >")
    body = (
        b"<<\n/Filter [ /ASCII85Decode /FlateDecode ] /Length 9\n>>\nstream\n"
        + encoded
        + b"~>endstream\n"
    )
    assert _stream(body) == data
