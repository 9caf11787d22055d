"""The shared PDF layer: embedded font subset, page footer, tables over pages, safe writes."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from office_app.reports import pdf


def _document(rows: int) -> bytes:
    st = pdf.styles()
    body = [[str(i), "欧阳喆堃" if i % 2 else "李玥", "就医"] for i in range(rows)]
    story = [
        pdf.text("出入登记表", st.title),
        pdf.table(["序号", "姓名", "事由"], body, pdf.column_widths([1, 3, 2])),
    ]
    return pdf.render_pdf(story, title="出入登记表", footer_left="科城路社区")


def test_long_table_splits_and_repeats_its_header_with_page_numbers() -> None:
    reader = PdfReader(io.BytesIO(_document(150)))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 3
    for number, page_text in enumerate(pages, start=1):
        assert "序号" in page_text  # the header row on every page
        assert f"第 {number} 页 / 共 {len(pages)} 页" in page_text
        assert pdf.PRIVACY_NOTE in page_text
    assert "欧阳喆堃" in pages[0]  # GBK-only name characters print
    assert reader.metadata is not None and reader.metadata.title == "出入登记表"


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_only_the_shipped_font_is_used_and_it_is_an_embedded_subset(tmp_path: Path) -> None:
    target = pdf.write_pdf(_document(5), tmp_path / "登记 表.pdf")
    listing = subprocess.run(
        ["pdffonts", str(target)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert len(listing) == 1, listing
    name, *_, emb, sub, _uni, _obj, _gen = listing[0].split()
    assert name.endswith("+WenQuanYiMicroHei") and (emb, sub) == ("yes", "yes")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "handover.pdf"
    target.write_bytes(b"old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(pdf.os, "replace", broken_replace)
    with pytest.raises(OSError):
        pdf.write_pdf(b"%PDF-new", target)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handover.pdf"]


def test_characters_the_font_draws_blank_are_printed_in_a_form_it_has() -> None:
    from fontTools.ttLib import TTFont

    from office_app.paths import font_path

    font = TTFont(str(font_path()))
    cmap, glyphs = font.getBestCmap(), font["glyf"]
    blank = {
        chr(code)
        for code, name in cmap.items()
        if code > 0x2010 and glyphs[name].numberOfContours == 0 and not chr(code).isspace()
    }
    blank -= {"\u202a", "\u202b", "\u202c", "\u202d"}  # direction marks: never drawn
    paragraph = pdf.text("体温 39.5℃ " + "".join(sorted(blank)), pdf.styles().body)
    shown = paragraph.getPlainText()
    assert "39.5°C" in shown
    assert not blank & set(shown)


def test_short_cells_stay_strings_and_long_ones_wrap_without_losing_text() -> None:
    st = pdf.styles()
    long_text = "孩子高烧 39.5℃、抽搐，家长陪同去儿童医院急诊，预计凌晨返回小区" * 2
    table = pdf.table(["事由", "说明"], [["就医", long_text]], pdf.column_widths([1, 2]), st=st)
    short, wrapped = table._cellvalues[1]  # reportlab keeps the cells as given
    assert short == "就医"
    assert not isinstance(wrapped, str)  # a paragraph: it wraps inside the column
    story = [table]
    text = PdfReader(io.BytesIO(pdf.render_pdf(story, title="t"))).pages[0].extract_text()
    assert "".join(long_text.replace("℃", "°C").split()) in "".join(text.split())


def test_numbers_typed_into_free_text_are_masked_in_print() -> None:
    typed = "联系家属 13912340217，身份证 510213196503120312；试管 221122900216，2022-11-21"
    shown = pdf.printable(typed)
    assert "13912340217" not in shown and "139****0217" in shown
    assert "510213196503120312" not in shown and "5102**********0312" in shown
    assert "221122900216" in shown and "2022-11-21" in shown  # tube codes and dates stay
    table = pdf.table(["事项"], [[typed]], pdf.column_widths([1]))
    story = [pdf.text(typed, pdf.styles().body), table]
    text = PdfReader(io.BytesIO(pdf.render_pdf(story, title="t"))).pages[0].extract_text()
    assert "13912340217" not in text and "510213196503120312" not in text
