"""Shift handovers (交接班记录) and their open items."""

from __future__ import annotations

import peewee as pw

from .base import BaseModel, now
from .community import Operator
from .volunteers import Volunteer


class Handover(BaseModel):
    number = pw.CharField(max_length=32, unique=True)
    date = pw.DateField(index=True)
    shift_name = pw.CharField(max_length=16)
    starts_at = pw.DateTimeField()
    ends_at = pw.DateTimeField()
    handing_over = pw.ForeignKeyField(Operator, null=True, on_delete="SET NULL")
    handing_over_name = pw.CharField(max_length=64, default="")
    receiving_name = pw.CharField(max_length=64, default="")
    lead = pw.ForeignKeyField(Volunteer, null=True, on_delete="SET NULL")
    handed_over_at = pw.DateTimeField(null=True)
    pdf_path = pw.CharField(max_length=500, default="")
    created_at = pw.DateTimeField(default=now)

    class Meta:
        indexes = ((("date", "shift_name"), False),)


class HandoverItem(BaseModel):
    handover = pw.ForeignKeyField(Handover, backref="open_items", on_delete="CASCADE")
    task = pw.TextField()
    owner = pw.CharField(max_length=64, default="")
    deadline = pw.DateTimeField(null=True)
    done = pw.BooleanField(default=False)
