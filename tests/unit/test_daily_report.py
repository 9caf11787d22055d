"""The daily report: the day's figures agree with the data; the PDF carries them, masked."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from office_app.cli import main
from office_app.models import ImportRun, Resident, ServiceRecord, TestRecord
from office_app.reports import daily_report as daily_pdf
from office_app.services.admin.actor import SYSTEM
from office_app.services.gate import exits as gate
from office_app.services.reporting import daily_report

TODAY = dt.date(2022, 11, 22)
DAY = TODAY - dt.timedelta(days=1)
PRINTED = dt.datetime(2022, 11, 22, 9, 30)


def _flat(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", "", text)


def test_the_figures_agree_with_the_data(demo_db: Path) -> None:
    facts = daily_report.gather(DAY)
    # The office's day: its shifts, 白班 08:00 to the next morning's 08:00.
    start = dt.datetime.combine(DAY, dt.time(8))
    end = start + dt.timedelta(days=1)
    assert (facts.starts_at, facts.ends_at) == (start, end)
    received = (
        TestRecord.select()
        .join(ImportRun)
        .where((ImportRun.imported_at >= start) & (ImportRun.imported_at < end))
    )
    assert facts.records_received == received.count() > 0
    assert sum(facts.levels.values()) == 28 and facts.levels["高"] == 1
    requested = [r for d in (DAY, TODAY) for r in gate.day_log(d) if start <= r.requested_at < end]
    assert facts.requests == len({r.id for r in requested})
    services = sum(
        r.count
        for r in ServiceRecord.select().where(
            (ServiceRecord.occurred_at >= start) & (ServiceRecord.occurred_at < end)
        )
    )
    assert sum(facts.services.values()) == services
    assert facts.registered == Resident.select().count()
    assert 0 < facts.tested <= facts.registered
    assert facts.untested == facts.registered - facts.tested
    assert facts.volunteers_on_duty > 0


def test_the_pdf_is_one_or_two_pages_with_the_figures_and_no_numbers(
    demo_db: Path, tmp_path: Path
) -> None:
    facts = daily_report.gather(DAY)
    target = daily_pdf.write(SYSTEM, DAY, tmp_path / "日报.pdf", printed_at=PRINTED)
    reader = PdfReader(str(target))
    assert 1 <= len(reader.pages) <= 2
    flat = _flat(target.read_bytes())
    for words in ("疫情防控日报", "2022年11月21日星期一", "各小区核酸覆盖率", "楼栋风险等级"):
        assert words in flat
    assert f"{facts.records_received:,}条" in flat
    assert f"{facts.tested:,}/{facts.untested:,}" in flat
    for resident in Resident.select(Resident.doc_no, Resident.phone):
        assert resident.doc_no not in flat
        assert not resident.phone or resident.phone not in flat


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_the_charts_use_the_embedded_font_only(demo_db: Path, tmp_path: Path) -> None:
    target = daily_pdf.write(SYSTEM, DAY, tmp_path / "d.pdf", printed_at=PRINTED)
    fonts = subprocess.run(
        ["pdffonts", str(target)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all("+WenQuanYiMicroHei" in line for line in fonts), fonts


def test_the_command_line_writes_both_documents(
    demo_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.db"
    shutil.copy2(demo_template, db)
    daily = tmp_path / "日报.pdf"
    shift = tmp_path / "交接班.pdf"
    assert main(["--db", str(db), "daily-report", "--date", "2022-11-21", "--out", str(daily)]) == 0
    assert "疫情防控日报" in _flat(daily.read_bytes())
    args = ["--db", str(db), "handover", "--date", "2022-11-21", "--shift", "夜班"]
    assert main([*args, "--out", str(shift)]) == 0
    assert "交接班记录" in _flat(shift.read_bytes())
    capsys.readouterr()
    assert main([*args[:-1], "中班", "--out", str(shift)]) == 2
    err = capsys.readouterr().err
    assert "中班" in err and "白班" in err and "Traceback" not in err
