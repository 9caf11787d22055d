"""Residents' exit requests at the gate (外出申请)."""

from __future__ import annotations

import peewee as pw

from .base import BaseModel, now
from .community import Operator
from .people import Resident
from .places import Gate
from .volunteers import Volunteer

EXIT_REASONS = ("就医", "购药", "透析·化疗", "孕检", "其他")
URGENCIES = ("紧急", "一般")
DECISIONS = ("同意·点对点", "代办替代", "不同意")


class ExitRequest(BaseModel):
    resident = pw.ForeignKeyField(Resident, backref="exit_requests", on_delete="RESTRICT")
    gate = pw.ForeignKeyField(Gate, null=True, on_delete="SET NULL")
    reason = pw.CharField(max_length=8)
    urgency = pw.CharField(max_length=4, default="一般")
    detail = pw.TextField(default="")
    requested_at = pw.DateTimeField(default=now, index=True)
    # "" while undecided.
    decision = pw.CharField(max_length=8, default="")
    decided_by = pw.ForeignKeyField(Operator, null=True, on_delete="SET NULL")
    decided_at = pw.DateTimeField(null=True)
    escort = pw.ForeignKeyField(Volunteer, null=True, backref="escorts", on_delete="SET NULL")
    out_at = pw.DateTimeField(null=True)
    due_back_at = pw.DateTimeField(null=True)
    back_at = pw.DateTimeField(null=True)
