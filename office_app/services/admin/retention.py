"""Retention purge (保留期限清理): personal data kept only as long as needed (PIPL).

Administrators only. Older than ``retention_days`` (community setting, default 90):

- **test records** (核酸记录, by sample time) are anonymised: name, document number, phone,
  address, unit, room and the link to the resident go; the building, sample time, result,
  tube code, site and lab stay, so the buildings' risk history still adds up. The document
  number becomes ``已清除-<id>`` (the same-row rule needs a distinct value);
- the rejected rows of every file imported before then (test results, residents, volunteers,
  supplies, buildings) lose their raw text and reason;
- **exit requests** (外出申请, by request time) are deleted; an escort's service record keeps
  its count but no longer points at the request;
- **service records** (服务记录, the errands, by when they happened) are anonymised: the
  resident and the note go, the volunteer, kind, time and count stay (the volunteer's tally);
- **audit entries** (审计): a full document or phone number in any entry, of any age, is
  masked (entries written before the trail masked them itself); entries about a resident, an
  exit request or a test record from before then lose the name, address, room and note in
  their before/after (who did what, when, to which record id stays);
- the open items of **handovers** (交接班) of shifts that ended before then keep their text
  with any full document or phone number in it masked (as the printed handover shows it).

First :func:`preview` says what goes; :func:`purge` makes a backup (nothing is purged when it
fails), then changes everything in one transaction with one audit entry.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final, cast

import peewee as pw

from office_app.models import (
    AuditEntry,
    ExitRequest,
    Handover,
    HandoverItem,
    ImportRun,
    RejectedRow,
    ServiceRecord,
    Setting,
    TestRecord,
    db,
)

from . import audit, backup
from . import settings as community_settings
from .actor import Actor, require_admin

ANONYMISED = "已清除"


@dataclass(frozen=True)
class PurgePreview:
    cutoff: dt.datetime
    days: int
    test_records: int
    rejected_rows: int
    exit_requests: int
    service_records: int
    audit_entries: int = 0
    handover_items: int = 0

    @property
    def total(self) -> int:
        return (
            self.test_records
            + self.rejected_rows
            + self.exit_requests
            + self.service_records
            + self.audit_entries
            + self.handover_items
        )

    def describe(self) -> str:
        return (
            f"{self.cutoff:%Y-%m-%d} 之前（保留 {self.days} 天）："
            f"核酸记录 {self.test_records} 条匿名化，"
            f"导入拒绝行 {self.rejected_rows} 条清除原文，外出申请 {self.exit_requests} 条删除，"
            f"服务记录 {self.service_records} 条去除居民信息，"
            f"审计记录 {self.audit_entries} 条去除个人信息，"
            f"交接班待办 {self.handover_items} 条遮挡号码"
        )


@dataclass(frozen=True)
class PurgeResult:
    preview: PurgePreview
    backup: Path


def _cutoff(today: dt.date, days: int) -> dt.datetime:
    if days < 1:
        raise ValueError("保留天数至少为 1 天。")
    return dt.datetime.combine(today - dt.timedelta(days=days), dt.time())


def _tests(cutoff: dt.datetime):  # type: ignore[no-untyped-def]
    return TestRecord.select(TestRecord.id).where(
        (TestRecord.sample_time < cutoff) & ~TestRecord.doc_no.startswith(ANONYMISED)
    )


def _rejected(cutoff: dt.datetime):  # type: ignore[no-untyped-def]
    runs = ImportRun.select(ImportRun.id).where(ImportRun.imported_at < cutoff)
    return RejectedRow.select(RejectedRow.id).where(
        RejectedRow.import_run.in_(runs) & (RejectedRow.raw_text != ANONYMISED)
    )


def _exits(cutoff: dt.datetime):  # type: ignore[no-untyped-def]
    return ExitRequest.select(ExitRequest.id).where(ExitRequest.requested_at < cutoff)


def _services(cutoff: dt.datetime):  # type: ignore[no-untyped-def]
    return ServiceRecord.select(ServiceRecord.id).where(
        (ServiceRecord.occurred_at < cutoff)
        & (ServiceRecord.resident.is_null(False) | (ServiceRecord.note != ""))
    )


# Audit entries about these records name a resident in their before/after.
_PERSON_ENTITIES: Final = ("resident", "exit_request", "test_record", "household")
_PERSON_KEYS: Final = frozenset({"name", "address", "room", "note", "doc_no", "phone", "landline"})


def _drop_person(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: ANONYMISED if k in _PERSON_KEYS and v not in ("", None) else _drop_person(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_drop_person(v) for v in value]
    return value


def _scrub(text: str | None, personal: bool) -> str | None:
    if not text:
        return text
    try:
        value = json.loads(text)
    except ValueError:
        return audit.mask_text(text)
    cleaned = audit.mask_personal(value)
    if personal:
        cleaned = _drop_person(cleaned)
    if cleaned == value:
        return text
    return json.dumps(cleaned, ensure_ascii=False, sort_keys=True)


def _audit_changes(cutoff: dt.datetime) -> Iterator[tuple[int, str, str | None, str | None]]:
    """(id, summary, before, after) of every audit entry the purge changes, as it leaves them."""
    rows = cast(
        Iterable[tuple[int, dt.datetime | None, str, str, str | None, str | None]],
        AuditEntry.select(
            AuditEntry.id,
            AuditEntry.at,
            AuditEntry.entity,
            AuditEntry.summary,
            AuditEntry.before,
            AuditEntry.after,
        ).tuples(),
    )
    for entry_id, at, entity, summary, before, after in rows:
        personal = entity in _PERSON_ENTITIES and at is not None and at < cutoff
        new = (audit.mask_text(summary or ""), _scrub(before, personal), _scrub(after, personal))
        if new != (summary or "", before, after):
            yield entry_id, *new


def _handover_changes(cutoff: dt.datetime) -> Iterator[tuple[int, str]]:
    """(id, task as the purge leaves it) of the open items of old handovers holding a full
    document or phone number."""
    rows = cast(
        Iterable[tuple[int, str]],
        HandoverItem.select(HandoverItem.id, HandoverItem.task)
        .join(Handover)
        .where(Handover.ends_at < cutoff)
        .tuples(),
    )
    for item_id, task in rows:
        masked = audit.mask_text(task or "")
        if masked != (task or ""):
            yield item_id, masked


def preview(today: dt.date, days: int | None = None) -> PurgePreview:
    """What a purge on ``today`` would change (nothing is changed)."""
    days = community_settings.load().retention_days if days is None else days
    cutoff = _cutoff(today, days)
    return PurgePreview(
        cutoff,
        days,
        _tests(cutoff).count(),
        _rejected(cutoff).count(),
        _exits(cutoff).count(),
        _services(cutoff).count(),
        sum(1 for _ in _audit_changes(cutoff)),
        sum(1 for _ in _handover_changes(cutoff)),
    )


PURGED_BEFORE = "retention.purged_before"


def purged_before() -> dt.datetime | None:
    """Personal data sampled before this moment has been purged (None: never purged)."""
    row = Setting.get_or_none(Setting.key == PURGED_BEFORE)
    return dt.datetime.fromisoformat(row.value) if row is not None and row.value else None


def purge(
    actor: Actor,
    db_path: Path,
    today: dt.date,
    *,
    days: int | None = None,
    backup_dir: Path | None = None,
) -> PurgeResult:
    """Back up, then purge what :func:`preview` lists, in one transaction; audited."""
    require_admin(actor)
    before = preview(today, days)
    # Raises (and purges nothing) when the backup cannot be made.
    saved = backup.backup_database(actor, db_path, backup_dir, reason="清理前")
    cutoff = before.cutoff
    with db.atomic():
        TestRecord.update(
            name=ANONYMISED,
            doc_no=pw.Value(ANONYMISED + "-").concat(TestRecord.id.cast("TEXT")),
            phone="",
            address="",
            unit="",
            room="",
            resident=None,
        ).where(TestRecord.id.in_(_tests(cutoff))).execute()
        RejectedRow.update(raw_text=ANONYMISED, reason=ANONYMISED).where(
            RejectedRow.id.in_(_rejected(cutoff))
        ).execute()
        exits = _exits(cutoff)
        ServiceRecord.update(exit_request_id=None).where(
            ServiceRecord.exit_request_id.in_(exits)
        ).execute()
        ExitRequest.delete().where(ExitRequest.id.in_(exits)).execute()
        ServiceRecord.update(resident=None, note="").where(
            ServiceRecord.id.in_(_services(cutoff))
        ).execute()
        for item_id, task in list(_handover_changes(cutoff)):
            HandoverItem.update(task=task).where(HandoverItem.id == item_id).execute()
        for entry_id, summary, before_text, after_text in list(_audit_changes(cutoff)):
            AuditEntry.update(summary=summary, before=before_text, after=after_text).where(
                AuditEntry.id == entry_id
            ).execute()
        # Remembered so that re-importing an old file cannot bring the purged data back.
        previous = purged_before()
        if previous is None or cutoff > previous:
            Setting.insert(key=PURGED_BEFORE, value=cutoff.isoformat(sep=" ")).on_conflict(
                conflict_target=[Setting.key], update={Setting.value: cutoff.isoformat(sep=" ")}
            ).execute()
        audit.record(
            actor,
            "retention.purge",
            summary=before.describe() + f"；清理前备份：{saved}",
            after={k: v for k, v in asdict(before).items() if k != "cutoff"}
            | {"cutoff": f"{cutoff:%Y-%m-%d}"},
        )
    return PurgeResult(before, saved)
