"""Posts (岗位), shifts (班次) with their volunteers, and service records (服务记录)."""

from __future__ import annotations

import peewee as pw

from .base import BaseModel, now
from .people import Resident
from .places import Building, Compound
from .volunteers import Volunteer

POST_KINDS = ("卡点", "核酸采样点", "物资分发点", "巡逻", "值班热线")
SERVICE_KINDS = ("就医陪同", "代购药品", "物资配送", "核酸录入", "卡点值守", "其他")


class Post(BaseModel):
    kind = pw.CharField(max_length=8)
    compound = pw.ForeignKeyField(Compound, null=True, backref="posts", on_delete="SET NULL")
    # A post inside one building (楼内服务): a volunteer living in a sealed building may still
    # serve there. Gates, the test site and the like have none.
    building = pw.ForeignKeyField(Building, null=True, backref="posts", on_delete="SET NULL")
    name = pw.CharField(max_length=64, unique=True)
    min_staff = pw.IntegerField(default=1)
    active = pw.BooleanField(default=True)


class Shift(BaseModel):
    post = pw.ForeignKeyField(Post, backref="shifts", on_delete="CASCADE")
    date = pw.DateField(index=True)
    # The shift definition's name (白班, 夜班, …) from the settings, and its concrete times.
    name = pw.CharField(max_length=16)
    starts_at = pw.DateTimeField(index=True)
    ends_at = pw.DateTimeField()
    lead = pw.ForeignKeyField(Volunteer, null=True, backref="led_shifts", on_delete="SET NULL")

    class Meta:
        indexes = ((("post", "date", "name"), True),)


class ShiftAssignment(BaseModel):
    shift = pw.ForeignKeyField(Shift, backref="assignments", on_delete="CASCADE")
    volunteer = pw.ForeignKeyField(Volunteer, backref="assignments", on_delete="CASCADE")
    is_lead = pw.BooleanField(default=False)
    checked_in_at = pw.DateTimeField(null=True)
    checked_out_at = pw.DateTimeField(null=True)

    class Meta:
        indexes = ((("shift", "volunteer"), True),)


class ServiceRecord(BaseModel):
    volunteer = pw.ForeignKeyField(Volunteer, backref="service_records", on_delete="CASCADE")
    kind = pw.CharField(max_length=8, index=True)
    resident = pw.ForeignKeyField(Resident, null=True, on_delete="SET NULL")
    building = pw.ForeignKeyField(Building, null=True, on_delete="SET NULL")
    # The exit request an escort belongs to (no FK: gate.py depends on this module).
    exit_request_id = pw.IntegerField(null=True)
    occurred_at = pw.DateTimeField(index=True)
    count = pw.IntegerField(default=1)
    note = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)
