"""The PDF part of ``office-app --self-test``: write a PDF with Chinese, read it back, check it.

The self-test writes the current shift's handover PDF (reports/handover.py) on its fresh
database and checks it with ``check_pdf``; ``sample_pdf`` is a short page of the shared PDF
layer, kept for checking the reader itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from . import pdf
from .pdf_check import PdfReadError, read_pdf

TITLE = "社区防控办公室 自检"
# Names with characters outside GB2312 (喆 堃 玥), which a smaller font subset would miss.
ROWS = (
    ("A座", "张喆", "核酸阴性，居家健康监测"),
    ("3号楼", "李堃", "已送物资（米、油、蔬菜）"),
    ("B座", "王玥", "交接班：明早 8:00 复查"),
)
HEADER = ("楼栋", "姓名", "情况")


def sample_pdf(today: dt.date | None = None) -> bytes:
    """A one-page PDF in the embedded font: a title, a line of text and a small table."""
    today = today or dt.date.today()
    st = pdf.styles()
    story = [
        pdf.text(TITLE, st.title),
        pdf.text(f"打印日期：{today.isoformat()}", st.subtitle),
        pdf.text("此页由程序自检生成，用来确认中文字体已嵌入、打印输出可读。", st.body),
        pdf.table(HEADER, ROWS, pdf.column_widths([1, 1, 3]), st=st),
    ]
    return pdf.render_pdf(story, title=TITLE, footer_left=f"自检 {today.isoformat()}")


def expected_texts() -> list[str]:
    """What the sample page must show when read back."""
    return [TITLE, *HEADER, *(cell for row in ROWS for cell in row), pdf.PRIVACY_NOTE]


def check_pdf(path: Path, expected: Sequence[str]) -> list[str]:
    """Problems with the PDF at ``path``: unreadable, a font not embedded, text missing."""
    try:
        facts = read_pdf(Path(path).read_bytes())
    except (OSError, PdfReadError) as exc:
        return [f"PDF {path}: cannot be read back: {exc}"]
    problems: list[str] = []
    if not facts.embedded_fonts:
        problems.append(f"PDF {path}: no embedded font")
    for name in facts.unembedded_fonts:
        problems.append(f"PDF {path}: font {name} is not embedded")
    # Lines may wrap anywhere between two Chinese characters: compare without line breaks.
    flat = "".join(facts.text.split())
    for wanted in expected:
        if "".join(wanted.split()) not in flat:
            problems.append(f"PDF {path}: text {wanted!r} not found")
    return problems


def write_and_check_handover(path: Path, at: dt.datetime | None = None) -> list[str]:
    """Write the handover of the shift running at ``at`` (default: now) on the open database
    to ``path`` and check it: the title, the shift's name and the privacy note in the text,
    every font embedded."""
    from office_app.services.admin import settings
    from office_app.services.admin.actor import SYSTEM
    from office_app.services.clock import now

    from . import handover

    moment = at or now()
    try:
        day, shift = settings.load().shift_at(moment)
        handover.write(SYSTEM, day, shift.name, path, printed_at=moment)
    except Exception as exc:  # a self-test reports every failure instead of stopping
        return [f"PDF {path}: the handover could not be written: {exc}"]
    return check_pdf(path, ["交接班记录", shift.name, pdf.PRIVACY_NOTE])


def write_and_check(path: Path) -> list[str]:
    """Write the sample PDF to ``path`` (atomically) and check what landed on disk."""
    try:
        pdf.write_pdf(sample_pdf(), path)
    except Exception as exc:  # a self-test reports every failure instead of stopping
        return [f"PDF {path}: could not be written: {exc}"]
    return check_pdf(path, expected_texts())
