"""Settings, operators and the audit trail."""

from __future__ import annotations

import peewee as pw

from .base import BaseModel, now


class Setting(BaseModel):
    """One community setting; the value is JSON text (see services.admin.settings)."""

    key = pw.CharField(primary_key=True, max_length=100)
    value = pw.TextField()
    updated_at = pw.DateTimeField(default=now)


class Operator(BaseModel):
    """Somebody who logs in. Roles: admin (管理员), duty (值班员), readonly (只读)."""

    username = pw.CharField(max_length=64, unique=True)
    display_name = pw.CharField(max_length=64)
    role = pw.CharField(max_length=16, default="duty")
    password_hash = pw.CharField(max_length=255)
    active = pw.BooleanField(default=True)
    failed_attempts = pw.IntegerField(default=0)
    locked_until = pw.DateTimeField(null=True)
    created_at = pw.DateTimeField(default=now)


class AuditEntry(BaseModel):
    """Append-only: who did what to which record, with before and after for edits."""

    at = pw.DateTimeField(default=now, index=True)
    operator = pw.ForeignKeyField(
        Operator, null=True, backref="audit_entries", on_delete="SET NULL"
    )
    operator_name = pw.CharField(max_length=64)
    action = pw.CharField(max_length=32, index=True)
    entity = pw.CharField(max_length=32, default="")
    entity_id = pw.IntegerField(null=True)
    summary = pw.TextField(default="")
    before = pw.TextField(null=True)
    after = pw.TextField(null=True)

    class Meta:
        indexes = ((("entity", "entity_id"), False),)
