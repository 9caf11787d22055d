"""Retention purge (issue 9, point 6): admin only, backup first, preview, one transaction."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from office_app.models import (
    AuditEntry,
    Building,
    Compound,
    ExitRequest,
    Household,
    ImportRun,
    RejectedRow,
    Resident,
    ServiceRecord,
    TestRecord,
    Volunteer,
    db,
)
from office_app.services.admin import retention as R
from office_app.services.admin import settings as S
from office_app.services.admin.actor import SYSTEM, Actor, PermissionDenied

TODAY = dt.date(2023, 3, 1)  # 90 days back: 2022-12-01
OLD = dt.datetime(2022, 11, 20, 9, 0)
RECENT = dt.datetime(2023, 2, 20, 9, 0)


@pytest.fixture
def data(fresh_db: Path) -> dict[str, int]:
    with db.atomic():
        building = Building.create(compound=Compound.create(name="瑞景苑"), name="3栋")
        household = Household.create(building=building, unit="1", room="101")
        resident = Resident.create(
            household=household, name="张三丰", doc_no="500107199003071234", phone="13912340217"
        )
        volunteer = Volunteer.create(name="李志愿", phone="13800000000")
        run = ImportRun.create(kind="tests", file_name="old.csv", sha256="x", imported_at=OLD)
        RejectedRow.create(
            import_run=run,
            line_no=3,
            reason="证件号码 5001 校验位不对",
            raw_text="张三丰,500107199003071234",
        )
        ids = {}
        for label, moment in (("old", OLD), ("recent", RECENT)):
            ids[f"test_{label}"] = TestRecord.create(
                name="张三丰",
                doc_no="500107199003071234",
                phone="13912340217",
                sample_time=moment,
                tube_code="T1",
                result="阴性",
                building=building,
                resident=resident,
                address="科城路 1 号",
                unit="1",
                room="101",
            ).id
            exit_request = ExitRequest.create(resident=resident, reason="就医", requested_at=moment)
            ids[f"exit_{label}"] = exit_request.id
            ids[f"service_{label}"] = ServiceRecord.create(
                volunteer=volunteer,
                kind="就医陪同",
                resident=resident,
                occurred_at=moment,
                note="陪同张三丰去医院",
                exit_request_id=exit_request.id,
            ).id
    return ids


def test_preview_says_what_goes_and_changes_nothing(data: dict[str, int]) -> None:
    preview = R.preview(TODAY)
    assert (preview.days, preview.cutoff) == (90, dt.datetime(2022, 12, 1))
    assert (
        preview.test_records,
        preview.rejected_rows,
        preview.exit_requests,
        preview.service_records,
    ) == (1, 1, 1, 1)
    assert "核酸记录 1 条" in preview.describe()
    assert TestRecord.get_by_id(data["test_old"]).name == "张三丰"
    S.save(SYSTEM, S.CommunitySettings(retention_days=200))
    assert R.preview(TODAY).total == 0  # the setting decides


def test_only_an_admin_purges(data: dict[str, int], fresh_db: Path) -> None:
    with pytest.raises(PermissionDenied):
        R.purge(Actor("duty1", "值班员", "duty", None), fresh_db, TODAY)
    assert TestRecord.get_by_id(data["test_old"]).name == "张三丰"


def test_purge_backs_up_then_removes_old_personal_data(
    data: dict[str, int], fresh_db: Path, tmp_path: Path
) -> None:
    result = R.purge(SYSTEM, fresh_db, TODAY, backup_dir=tmp_path / "b")
    old = TestRecord.get_by_id(data["test_old"])
    assert (old.name, old.phone, old.address, old.room, old.resident_id) == (
        "已清除",
        "",
        "",
        "",
        None,
    )
    assert old.doc_no == f"已清除-{old.id}"
    assert (old.result, old.building_id, old.sample_time) == ("阴性", 1, OLD)  # the history stays
    assert TestRecord.get_by_id(data["test_recent"]).name == "张三丰"
    assert not ExitRequest.select().where(ExitRequest.id == data["exit_old"]).exists()
    assert ExitRequest.select().where(ExitRequest.id == data["exit_recent"]).exists()
    service = ServiceRecord.get_by_id(data["service_old"])
    assert (service.resident_id, service.note, service.exit_request_id, service.count) == (
        None,
        "",
        None,
        1,
    )
    assert ServiceRecord.get_by_id(data["service_recent"]).note == "陪同张三丰去医院"
    assert RejectedRow.get().raw_text == "已清除"
    # The backup taken first still holds everything.
    with sqlite3.connect(result.backup) as raw:
        assert raw.execute("SELECT COUNT(*) FROM exit_request").fetchone() == (2,)
    entry = AuditEntry.get(AuditEntry.action == "retention.purge")
    assert "外出申请 1 条删除" in entry.summary and str(result.backup) in entry.summary
    assert R.preview(TODAY).total == 0  # a second purge finds nothing


def test_no_backup_no_purge(data: dict[str, int], fresh_db: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OSError):
        R.purge(SYSTEM, fresh_db, TODAY, backup_dir=blocker / "sub")
    assert R.preview(TODAY).total == 4
