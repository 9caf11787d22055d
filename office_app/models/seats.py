"""Seats (席位): the programs working on the database at once, each with a heartbeat.

A seat is one running program (the secretary's PC, a gate laptop): who logged in on which
computer, since when, and when it was last seen. The top bar of every seat shows the others;
a seat not seen for a while has gone (closed, crashed or cut off) and is no longer shown.
"""

from __future__ import annotations

import peewee as pw

from .base import BaseModel, now


class Seat(BaseModel):
    host = pw.CharField(max_length=128)
    pid = pw.IntegerField()
    username = pw.CharField(max_length=64, default="")
    operator_name = pw.CharField(max_length=64, default="")
    started_at = pw.DateTimeField(default=now)
    seen_at = pw.DateTimeField(default=now, index=True)
