"""Sending organisations (派出单位), volunteers (志愿者), their skills and status history."""

from __future__ import annotations

import peewee as pw

from .base import BaseModel, now
from .places import Building, Compound

ORG_LEVELS = ("市级", "区级", "街道", "社区")
ORG_KINDS = ("机关", "学校", "企事业")
VOLUNTEER_KINDS = ("下沉干部", "社工", "居民志愿者")
STATUS_ON_DUTY = "在岗"
VOLUNTEER_STATUSES = (STATUS_ON_DUTY, "居家隔离", "伤病", "离岗")
GRID_ROLES = ("片长", "组长", "小组长", "组员")


class Organisation(BaseModel):
    name = pw.CharField(max_length=100, unique=True)
    level = pw.CharField(max_length=8, default="区级")
    kind = pw.CharField(max_length=8, default="机关")


class Volunteer(BaseModel):
    name = pw.CharField(max_length=64, index=True)
    phone = pw.CharField(max_length=20, default="")
    gender = pw.CharField(max_length=2, default="")
    party_member = pw.BooleanField(default=False)
    organisation = pw.ForeignKeyField(
        Organisation, null=True, backref="volunteers", on_delete="SET NULL"
    )
    kind = pw.CharField(max_length=8, default="下沉干部")
    # The building the volunteer lives in, when living in the community.
    home_building = pw.ForeignKeyField(
        Building, null=True, backref="resident_volunteers", on_delete="SET NULL"
    )
    report_date = pw.DateField(null=True)
    status = pw.CharField(max_length=8, default=STATUS_ON_DUTY, index=True)
    status_since = pw.DateField(null=True)
    # 片长 leads a community area, 组长 a compound, 小组长 a building.
    grid_role = pw.CharField(max_length=8, default="组员")
    grid_area = pw.CharField(max_length=64, default="")
    grid_compound = pw.ForeignKeyField(Compound, null=True, on_delete="SET NULL")
    grid_building = pw.ForeignKeyField(Building, null=True, on_delete="SET NULL")
    note = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)
    # Raised by every edit; a save names the version it started from (services.admin.seats).
    version = pw.IntegerField(default=0, constraints=[pw.SQL("DEFAULT 0")])
    # Who made that edit (an operator, or what did it: an import, a sealing) and when.
    changed_by = pw.CharField(max_length=80, default="", constraints=[pw.SQL("DEFAULT ''")])
    changed_at = pw.DateTimeField(null=True)


class VolunteerSkill(BaseModel):
    volunteer = pw.ForeignKeyField(Volunteer, backref="skills", on_delete="CASCADE")
    skill = pw.CharField(max_length=32)
    # Who trained the volunteer in this skill (the seed's data-entry clerk trained two more).
    trained_by = pw.ForeignKeyField(Volunteer, null=True, backref="trainees", on_delete="SET NULL")

    class Meta:
        indexes = ((("volunteer", "skill"), True),)


class VolunteerStatusChange(BaseModel):
    volunteer = pw.ForeignKeyField(Volunteer, backref="status_changes", on_delete="CASCADE")
    from_status = pw.CharField(max_length=8)
    to_status = pw.CharField(max_length=8)
    since = pw.DateField()
    until = pw.DateField(null=True)
    reason = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)
