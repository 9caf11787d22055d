"""The 出入登记表 PDF of a day: its facts, masked numbers, the overdue row, the audit entry."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from office_app.models import AuditEntry, Resident
from office_app.reports import gate_register
from office_app.services.admin.actor import SYSTEM
from office_app.services.gate import exits as gate

TODAY = dt.date(2022, 11, 22)
PRINTED = dt.datetime(2022, 11, 22, 9, 30)


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_register_lists_the_days_requests_masked_with_the_overdue_trip(demo_db: Path) -> None:
    day = TODAY - dt.timedelta(days=1)
    rows = gate.day_log(day)
    assert rows, "the demo has requests every day"
    text = _text(gate_register.render(gate_register.gather(day, PRINTED)))
    assert "出入登记表" in text and "2022年11月21日 星期一" in text
    flat = re.sub(r"\s+", "", text)
    for row in rows:
        assert re.sub(r"\s+", "", row.name) in flat
        assert row.doc_masked in flat
    # The night-time hospital visit whose due time has passed without a return.
    assert "逾期未返" in flat
    late = [r for r in rows if r.overdue_at(PRINTED)]  # still out, or back after the due time
    still_out = [r for r in late if r.back_at is None]
    assert len(still_out) == 1 and still_out[0].reason == "就医"
    assert f"逾期{len(late)}人次" in flat


def test_no_full_document_number_or_phone_reaches_the_pdf(demo_db: Path) -> None:
    day = TODAY - dt.timedelta(days=1)
    flat = re.sub(r"\s+", "", _text(gate_register.render(gate_register.gather(day, PRINTED))))
    for resident in Resident.select(Resident.doc_no, Resident.phone):
        assert resident.doc_no not in flat
        if resident.phone:
            assert resident.phone not in flat
    assert re.search(r"\d{11,}", flat) is None  # no long digit run at all


def test_writing_the_register_records_the_print(demo_db: Path, tmp_path: Path) -> None:
    target = gate_register.write(SYSTEM, TODAY, tmp_path / "出入 登记表.pdf", printed_at=PRINTED)
    assert target.read_bytes().startswith(b"%PDF")
    entry = AuditEntry.get(AuditEntry.action == "print.gate_register")
    assert "2022-11-22" in entry.summary


def test_an_empty_day_says_so(demo_db: Path) -> None:
    text = _text(gate_register.render(gate_register.gather(dt.date(2021, 1, 1), PRINTED)))
    assert "当日没有外出申请" in text and "申请 0 次" in text


def test_the_command_line_prints_a_day_and_refuses_a_bad_date(
    demo_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from office_app.cli import main

    db = tmp_path / "demo.db"
    shutil.copy2(demo_template, db)
    out = tmp_path / "登记表.pdf"
    assert main(["--db", str(db), "gate-register", "--date", "2022-11-21", "--out", str(out)]) == 0
    assert "出入登记表" in _text(out.read_bytes())
    assert main(["--db", str(db), "gate-register", "--date", "21/11/2022", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "YYYY-MM-DD" in err and "Traceback" not in err


def test_the_demo_volunteers_counts_are_exact(demo_db: Path) -> None:
    """崔亚涛's 73 人次: every escort and errand is one service record of the one who did it."""
    from office_app.models import Volunteer

    cui = Volunteer.get(Volunteer.name == "崔亚涛")
    assert gate.volunteer_counts([cui.id]) == {cui.id: 73}
