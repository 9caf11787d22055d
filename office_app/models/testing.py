"""Nucleic-acid test imports, their records and the rows that were rejected."""

from __future__ import annotations

import peewee as pw

from .base import BaseModel, now
from .community import Operator
from .people import Resident
from .places import Building

RESULT_NEGATIVE = "阴性"
RESULT_POSITIVE = "阳性"
RESULT_POOLED_POSITIVE = "混管阳性"
RESULT_REVIEW = "待复核"
RESULT_PENDING = "待出结果"
RESULTS = (RESULT_NEGATIVE, RESULT_POSITIVE, RESULT_POOLED_POSITIVE, RESULT_REVIEW, RESULT_PENDING)


class TestImport(BaseModel):
    __test__ = False  # not a pytest test class

    file_name = pw.CharField(max_length=255)
    sha256 = pw.CharField(max_length=64, index=True)
    encoding = pw.CharField(max_length=16, default="")
    total_rows = pw.IntegerField(default=0)
    imported_rows = pw.IntegerField(default=0)
    duplicate_rows = pw.IntegerField(default=0)
    rejected_rows = pw.IntegerField(default=0)
    operator = pw.ForeignKeyField(Operator, null=True, on_delete="SET NULL")
    operator_name = pw.CharField(max_length=64, default="")
    imported_at = pw.DateTimeField(default=now, index=True)


class TestRecord(BaseModel):
    __test__ = False

    test_import = pw.ForeignKeyField(TestImport, null=True, backref="records", on_delete="SET NULL")
    name = pw.CharField(max_length=64)
    doc_type = pw.CharField(max_length=16, default="居民身份证")
    doc_no = pw.CharField(max_length=32)
    phone = pw.CharField(max_length=20, default="")
    category = pw.CharField(max_length=32, default="")
    sample_time = pw.DateTimeField(index=True)
    site = pw.CharField(max_length=100, default="")
    collector = pw.CharField(max_length=64, default="")
    tube_code = pw.CharField(max_length=32, default="", index=True)
    pool_size = pw.IntegerField(default=1)
    lab = pw.CharField(max_length=100, default="")
    result = pw.CharField(max_length=8, default=RESULT_PENDING, index=True)
    report_time = pw.DateTimeField(null=True)
    address = pw.CharField(max_length=200, default="")
    compound_name = pw.CharField(max_length=64, default="")
    building_name = pw.CharField(max_length=32, default="")
    unit = pw.CharField(max_length=16, default="")
    room = pw.CharField(max_length=16, default="")
    resident = pw.ForeignKeyField(Resident, null=True, backref="tests", on_delete="SET NULL")
    building = pw.ForeignKeyField(Building, null=True, backref="tests", on_delete="SET NULL")
    created_at = pw.DateTimeField(default=now)

    class Meta:
        indexes = (
            # The same row: document number, tube code and sample time.
            (("doc_no", "tube_code", "sample_time"), True),
            (("building", "sample_time"), False),
            (("resident", "sample_time"), False),
        )


class RejectedRow(BaseModel):
    """A row an import could not use, kept with its raw text so nothing is lost."""

    test_import = pw.ForeignKeyField(TestImport, backref="rejected", on_delete="CASCADE")
    line_no = pw.IntegerField()
    column = pw.CharField(max_length=64, default="")
    reason = pw.TextField()
    raw_text = pw.TextField()
    resolved = pw.BooleanField(default=False)
