"""Households (户) and residents (居民) with their special groups and control status."""

from __future__ import annotations

import peewee as pw

from .base import BaseModel, now
from .places import Building

SPECIAL_GROUPS = ("孕妇", "网课学生", "高龄", "婴幼儿", "慢病·透析", "残障")
CONTROL_ISOLATION = "居家隔离"
CONTROL_MONITORING = "居家健康监测"
CONTROL_STATUSES = (CONTROL_ISOLATION, CONTROL_MONITORING)


class Household(BaseModel):
    building = pw.ForeignKeyField(Building, backref="households", on_delete="RESTRICT")
    unit = pw.CharField(max_length=16, default="")
    room = pw.CharField(max_length=16)
    created_at = pw.DateTimeField(default=now)

    class Meta:
        indexes = ((("building", "unit", "room"), True),)


class Resident(BaseModel):
    household = pw.ForeignKeyField(Household, backref="residents", on_delete="RESTRICT")
    name = pw.CharField(max_length=64, index=True)
    doc_type = pw.CharField(max_length=16, default="居民身份证")
    doc_no = pw.CharField(max_length=32, index=True)
    gender = pw.CharField(max_length=2, default="")
    birth_date = pw.DateField(null=True)
    phone = pw.CharField(max_length=20, default="", index=True)
    landline = pw.CharField(max_length=24, default="")
    # "" (none), 居家隔离 or 居家健康监测, with the dates it runs.
    control_status = pw.CharField(max_length=12, default="", index=True)
    control_from = pw.DateField(null=True)
    control_until = pw.DateField(null=True)
    note = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)
    updated_at = pw.DateTimeField(default=now)
    # Raised by every edit; a save names the version it started from (services.admin.seats).
    version = pw.IntegerField(default=0, constraints=[pw.SQL("DEFAULT 0")])
    # Who made that edit (an operator, or what did it: an import, a sealing) and when.
    changed_by = pw.CharField(max_length=80, default="", constraints=[pw.SQL("DEFAULT ''")])
    changed_at = pw.DateTimeField(null=True)


class ResidentGroup(BaseModel):
    """A special-group tag (孕妇, 网课学生, 高龄, …): one row per tag, so filters use an index."""

    resident = pw.ForeignKeyField(Resident, backref="groups", on_delete="CASCADE")
    group = pw.CharField(max_length=16, index=True)

    class Meta:
        indexes = ((("resident", "group"), True),)
