"""Every file import (tests, buildings, residents, volunteers, supplies) and its rejected rows."""

from __future__ import annotations

import peewee as pw

from .base import BaseModel, now
from .community import Operator

IMPORT_KINDS = ("tests", "buildings", "residents", "volunteers", "supplies")


class ImportRun(BaseModel):
    """One file imported once (a dry run is not recorded)."""

    kind = pw.CharField(max_length=16, index=True)
    file_name = pw.CharField(max_length=255)
    sha256 = pw.CharField(max_length=64, index=True)
    encoding = pw.CharField(max_length=16, default="")
    total_rows = pw.IntegerField(default=0)
    imported_rows = pw.IntegerField(default=0)
    updated_rows = pw.IntegerField(default=0)
    duplicate_rows = pw.IntegerField(default=0)
    rejected_rows = pw.IntegerField(default=0)
    operator = pw.ForeignKeyField(Operator, null=True, on_delete="SET NULL")
    operator_name = pw.CharField(max_length=64, default="")
    imported_at = pw.DateTimeField(default=now, index=True)


class RejectedRow(BaseModel):
    """A row an import could not use, kept with its raw text so nothing is lost."""

    import_run = pw.ForeignKeyField(ImportRun, backref="rejected", on_delete="CASCADE")
    line_no = pw.IntegerField()
    column = pw.CharField(max_length=64, default="")
    reason = pw.TextField()
    raw_text = pw.TextField()
    resolved = pw.BooleanField(default=False)
