"""The volunteer service certificate (志愿服务证明) PDF (no Qt)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader

from office_app.models import AuditEntry, ServiceRecord, Volunteer
from office_app.reports import volunteer_certificate as C
from office_app.services.admin.actor import SYSTEM

TODAY = dt.date(2022, 11, 22)


def test_cui_yatao_certificate_states_his_73_errands(demo_db: Path, tmp_path: Path) -> None:
    cui = Volunteer.get(Volunteer.name == "崔亚涛")
    cert = C.gather(cui.id, TODAY)
    lines = C.body_text(cert)
    assert (
        "崔亚涛（男），派出单位：市五中法院，自2022年11月10日起在九龙坡区二郎街道科城路社区"
        in lines[0]
    )
    assert "共服务 13 天" in lines[0]
    assert "服务居民共 73 人次" in lines[1]
    by_kind = {
        kind: sum(
            r.count
            for r in ServiceRecord.select().where(
                (ServiceRecord.volunteer == cui.id) & (ServiceRecord.kind == kind)
            )
        )
        for kind in ("就医陪同", "代购药品", "物资配送")
    }
    assert sum(by_kind.values()) == 73
    assert "、".join(f"{k} {v} 人次" for k, v in by_kind.items()) in lines[2]
    target = tmp_path / "证明" / "崔亚涛.pdf"
    C.write(SYSTEM, cui.id, target, issued=TODAY)
    reader = PdfReader(str(target))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "志愿服务证明" in text and "科城路社区居民委员会" in text
    assert cui.phone not in text  # no phone number on a certificate
    entry = AuditEntry.get(AuditEntry.action == "print.volunteer_certificate")
    assert entry.entity_id == cui.id and cert.number in entry.summary


def test_a_volunteer_without_errands_or_organisation(demo_db: Path) -> None:
    resident = Volunteer.select().where(Volunteer.organisation.is_null(True)).first()
    cert = C.gather(resident.id, TODAY)
    lines = C.body_text(cert)
    assert "派出单位" not in lines[0]
    assert not any("其中就医陪同" in line for line in lines) or cert.detail.stats.errands
    assert lines[-1] == "特此证明。"
    assert C.render(cert).startswith(b"%PDF")
