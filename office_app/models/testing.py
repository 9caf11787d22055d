"""Nucleic-acid test records (the files they come from are ImportRun rows)."""

from __future__ import annotations

import peewee as pw

from .base import BaseModel, now
from .imports import ImportRun
from .people import Resident
from .places import Building

RESULT_NEGATIVE = "阴性"
RESULT_POSITIVE = "阳性"
RESULT_POOLED_POSITIVE = "混管阳性"
RESULT_REVIEW = "待复核"
RESULT_PENDING = "待出结果"
RESULTS = (RESULT_NEGATIVE, RESULT_POSITIVE, RESULT_POOLED_POSITIVE, RESULT_REVIEW, RESULT_PENDING)


class TestRecord(BaseModel):
    __test__ = False

    import_run = pw.ForeignKeyField(ImportRun, null=True, backref="records", on_delete="SET NULL")
    name = pw.CharField(max_length=64, index=True)  # the tests page sorts by it
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
    # No single-column indexes: the composite indexes below start with these columns, and
    # every index costs time on large imports.
    resident = pw.ForeignKeyField(
        Resident, null=True, backref="tests", on_delete="SET NULL", index=False
    )
    building = pw.ForeignKeyField(
        Building, null=True, backref="tests", on_delete="SET NULL", index=False
    )
    created_at = pw.DateTimeField(default=now)
    # When the result reached the office, if a later file filled it into this row (a
    # 待出结果 row whose result came afterwards); empty: when its own file was imported.
    result_known_at = pw.DateTimeField(null=True)

    class Meta:
        indexes = (
            # The same row: document number, tube code and sample time.
            (("doc_no", "tube_code", "sample_time"), True),
            (("building", "sample_time"), False),
            # The risk rule's "last positive in this building" without a scan of the building.
            (("building", "result", "sample_time"), False),
            (("resident", "sample_time"), False),
        )
