"""The shift handover: facts belong to a shift by their own time; the PDF carries them, masked."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from office_app.models import (
    AuditEntry,
    Building,
    Compound,
    Handover,
    HandoverItem,
    ImportRun,
    Resident,
    TestRecord,
    Volunteer,
)
from office_app.reports import handover as handover_pdf
from office_app.services.admin.actor import SYSTEM, Actor, PermissionDenied
from office_app.services.gate import exits as gate
from office_app.services.reporting import handover
from office_app.services.reporting.handover import OpenItem

TODAY = dt.date(2022, 11, 22)
DAY = TODAY - dt.timedelta(days=1)  # 2022-11-21, a whole day of demo facts
PRINTED = dt.datetime(2022, 11, 22, 9, 30)
READER = Actor("viewer", "查看员", "readonly", None)


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _positive(name: str, at: dt.datetime, building: Building) -> TestRecord:
    """A positive sampled at ``at``, reported and imported five hours later."""
    run = ImportRun.create(
        kind="tests",
        file_name=f"{name}.csv",
        sha256=name,
        imported_at=at + dt.timedelta(hours=5),
    )
    record: TestRecord = TestRecord.create(
        import_run=run,
        name=name,
        doc_no="500107201009180263",
        tube_code=f"T{at:%H%M}",
        sample_time=at,
        result="阳性",
        report_time=at + dt.timedelta(hours=5),
        building=building,
    )
    return record


def test_windows_follow_the_settings(demo_db: Path) -> None:
    day = handover.shift_window(DAY, "白班")
    night = handover.shift_window(DAY, "夜班")
    assert (day.starts_at, day.ends_at) == (
        dt.datetime(2022, 11, 21, 8),
        dt.datetime(2022, 11, 21, 20),
    )
    assert night.ends_at == dt.datetime(2022, 11, 22, 8)
    assert (day.number, night.number) == ("20221121-1", "20221121-2")
    assert day.noon_day == DAY and night.noon_day is None
    with pytest.raises(handover.HandoverError, match="中班"):
        handover.shift_window(DAY, "中班")
    listed = handover.shifts_between(DAY, TODAY)
    assert [(w.day, w.name) for w in listed][:3] == [
        (TODAY, "夜班"),
        (TODAY, "白班"),
        (DAY, "夜班"),
    ]


def test_facts_belong_to_the_shift_by_their_own_time(demo_db: Path) -> None:
    building = Building.select().join(Compound).where(Building.name == "6栋").first()
    _positive("日班阳性", dt.datetime(2022, 11, 21, 10, 15), building)
    _positive("夜班阳性", dt.datetime(2022, 11, 21, 21, 40), building)
    day = handover.gather(DAY, "白班")
    night = handover.gather(DAY, "夜班")
    assert "日班阳性" in [p.name for p in day.testing.positives]
    assert "夜班阳性" not in [p.name for p in day.testing.positives]
    assert "夜班阳性" in [p.name for p in night.testing.positives]
    # Exits: each by its request, out or back time.
    for facts, window in ((day, handover.shift_window(DAY, "白班")),):
        for row in facts.gate.exits:
            assert (
                window.holds(row.requested_at)
                or window.holds(row.out_at)
                or window.holds(row.back_at)
            )
    # Every request of the day is in one of the three shifts that cover it.
    night_before = handover.gather(DAY - dt.timedelta(days=1), "夜班")
    covered = {r.id for f in (night_before, day, night) for r in f.gate.exits}
    assert covered >= {r.id for r in gate.day_log(DAY) if r.requested_at.date() == DAY}
    # The night of the 21st has the child's hospital trip out and not back.
    assert any(r.reason == "就医" for r in night.gate.not_back)
    # Errands of the day shift only.
    for errand in day.gate.errands:
        assert dt.datetime(2022, 11, 21, 8) <= errand.at < dt.datetime(2022, 11, 21, 20)
    # Volunteers on duty: the day shift's, with masked phones only.
    assert day.people.on_duty and all("****" in v.phone_masked for v in day.people.on_duty)
    assert day.people.leads
    # Risk picture: the sealed building with its clock.
    high = [b for b in day.risk.buildings if b.level == "高"]
    assert high and high[0].clean_since is not None and high[0].earliest_lowering is not None


def test_the_pdf_carries_a_prepared_shift_and_no_full_number(demo_db: Path, tmp_path: Path) -> None:
    building = Building.select().join(Compound).where(Building.name == "6栋").first()
    _positive("交接测试阳性", dt.datetime(2022, 11, 21, 11, 5), building)
    handover.save(
        SYSTEM,
        DAY,
        "白班",
        receiving="李接班",
        open_items=[
            OpenItem(
                "3栋 12 户蔬菜包未送达，晚 7 点前补送", "崔亚涛", dt.datetime(2022, 11, 21, 19)
            ),
            OpenItem("   "),  # blank rows are dropped
        ],
        at=dt.datetime(2022, 11, 21, 20, 5),
    )
    target = handover_pdf.write(SYSTEM, DAY, "白班", tmp_path / "交接 班.pdf", printed_at=PRINTED)
    text = _text(target.read_bytes())
    flat = _flat(text)
    for words in (
        "二郎街道",
        "科城路社区",
        "交接班记录",
        "编号20221121-1",
        "白班08:00–20:00",
        "接班人：李接班",
        "3栋12户蔬菜包未送达",
        "交接测试阳性",
        "风险楼栋",
        "兴茂盛世国际3栋",
        "居家隔离",
        "第1页/共",
        "含个人信息，仅限防控使用",
        "交接时间：11-2120:05",
    ):
        assert _flat(words) in flat, words
    for resident in Resident.select(Resident.doc_no, Resident.phone):
        assert resident.doc_no not in flat
        if resident.phone:
            assert resident.phone not in flat
    for volunteer in Volunteer.select(Volunteer.phone):
        if volunteer.phone:
            assert volunteer.phone not in flat
    assert "500107201009180263" not in flat
    assert re.search(r"\d{11,}", flat) is None
    assert AuditEntry.select().where(AuditEntry.action == "print.handover").count() == 1


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_the_font_is_embedded_as_a_subset(demo_db: Path, tmp_path: Path) -> None:
    target = handover_pdf.write(SYSTEM, DAY, "夜班", tmp_path / "night.pdf", printed_at=PRINTED)
    fonts = subprocess.run(
        ["pdffonts", str(target)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    # reportlab embeds a TrueType font in subsets of up to 256 glyphs: all of the shipped font.
    assert fonts and all(
        line.split()[0].endswith("+WenQuanYiMicroHei") and line.split()[-5:-3] == ["yes", "yes"]
        for line in fonts
    ), fonts


def test_saving_stores_the_items_once_per_shift_and_offers_them_next(demo_db: Path) -> None:
    items = [OpenItem("联系 5栋 2单元 8-1 家属", "王宁"), OpenItem("补录 3 份核酸")]
    first = handover.save(SYSTEM, DAY, "白班", receiving="甲", open_items=items)
    again = handover.save(SYSTEM, DAY, "白班", receiving="乙", open_items=items[:1])
    assert first.id == again.id and Handover.select().count() == 1
    assert [i.task for i in HandoverItem.select()] == ["联系 5栋 2单元 8-1 家属"]
    assert handover.gather(DAY, "白班").people.receiving == "乙"
    carried = handover.carried_items(DAY, "夜班")
    assert [i.task for i in carried] == ["联系 5栋 2单元 8-1 家属"]
    HandoverItem.update(done=True).execute()
    assert handover.carried_items(DAY, "夜班") == []
    with pytest.raises(PermissionDenied):
        handover.save(READER, DAY, "夜班", receiving="", open_items=[])


def test_a_positive_belongs_to_the_shift_its_report_came_in(demo_db: Path) -> None:
    building = Building.select().join(Compound).where(Building.name == "6栋").first()
    record = _positive("跨班阳性", dt.datetime(2022, 11, 21, 19, 30), building)
    TestRecord.update(report_time=dt.datetime(2022, 11, 21, 22, 0)).where(
        TestRecord.id == record.id
    ).execute()
    day = [p.name for p in handover.gather(DAY, "白班").testing.positives]
    night = [p.name for p in handover.gather(DAY, "夜班").testing.positives]
    assert "跨班阳性" not in day and night.count("跨班阳性") == 1


def test_not_back_is_who_was_out_when_the_shift_ended(demo_db: Path) -> None:
    resident = Resident.select().first()
    request = gate.record_request(
        SYSTEM, resident.id, "就医", "一般", at=dt.datetime(2022, 11, 21, 9)
    )
    gate.decide(SYSTEM, request.id, "同意·点对点", at=dt.datetime(2022, 11, 21, 9))
    gate.mark_out(SYSTEM, request.id, at=dt.datetime(2022, 11, 21, 9, 10))
    gate.mark_back(SYSTEM, request.id, at=dt.datetime(2022, 11, 21, 21, 0))
    day = handover.gather(DAY, "白班")
    night = handover.gather(DAY, "夜班")
    assert request.id in [r.id for r in day.gate.not_back]  # out at 20:00
    assert request.id not in [r.id for r in night.gate.not_back]  # back at 21:00


def test_the_daily_report_counts_someone_overdue_since_the_day_before(demo_db: Path) -> None:
    from office_app.services.reporting import daily_report

    resident = Resident.select().first()
    request = gate.record_request(
        SYSTEM, resident.id, "就医", "紧急", at=dt.datetime(2022, 11, 20, 22)
    )
    gate.decide(SYSTEM, request.id, "同意·点对点", at=dt.datetime(2022, 11, 20, 22))
    gate.mark_out(
        SYSTEM,
        request.id,
        at=dt.datetime(2022, 11, 20, 22, 5),
        due_back_at=dt.datetime(2022, 11, 21, 1),
    )
    before = daily_report.gather(DAY).overdue
    gate.mark_back(SYSTEM, request.id, at=dt.datetime(2022, 11, 22, 6))
    after = daily_report.gather(DAY).overdue
    # The day ends at 08:00 on the 22nd: back at 06:00, so no longer out and overdue then;
    # the night shift's handover, as at its end, says the same.
    assert before >= 1 and after == before - 1
    assert handover.gather(DAY, "夜班").gate.overdue == after
    assert request.id not in [r.id for r in gate.day_log(dt.date(2022, 11, 23))]
