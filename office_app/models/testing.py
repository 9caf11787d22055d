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

    # Indexed (peewee's default for a foreign key): a file's records, found by its import.
    # Cheap at import: every row of one file has the same, newest key, so the index grows
    # at its end.
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
    # Indexed with the id: see Meta.
    result = pw.CharField(max_length=8, default=RESULT_PENDING)
    report_time = pw.DateTimeField(null=True)
    address = pw.CharField(max_length=200, default="")
    compound_name = pw.CharField(max_length=64, default="")
    building_name = pw.CharField(max_length=32, default="")
    unit = pw.CharField(max_length=16, default="")
    room = pw.CharField(max_length=16, default="")
    # No single-column indexes: the composite indexes below start with the building, and
    # every index costs time on large imports. No query looks test records up by resident
    # (the tested residents of a day are found through sample_time); only deleting a
    # resident does (the SET NULL), a scan of about 0.7 s at 3 million records, against
    # 0.3–1 s that an index on the resident cost every import of 100,000 rows.
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
        # Each index serves a query (issue 21; costs at import in benchmarks/README.md):
        # - UNIQUE (doc_no, tube_code, sample_time): the same row is never stored twice (the
        #   import's ON CONFLICT and its filling-in of results), the follow-up's look-up of
        #   a person's later single-tube results, the tests list sorted by 证件号码;
        # - (building, sample_time): the tests list of one building in time order, a
        #   building's sampling days and negative rounds (risk.py), its record count;
        # - (building, result, sample_time): the risk rule's last positive of a building;
        # - name, tube_code, sample_time (on the fields): the tests list sorted by each
        #   (tube_code also the pooled-tube follow-up, sample_time every day's figures);
        # - (result, id): the tests list sorted and filtered by 结果. The list orders by the
        #   column and then the id; SQLite's index on the result alone ends with the rowid,
        #   but PostgreSQL's keeps ties in no order, and with four results the server sorted
        #   nearly every record for each page (0.6-0.8 s at 1M records) without the id;
        # - import_run (on the field): a file's records.
        # Not the resident: see the field.
        indexes = (
            (("doc_no", "tube_code", "sample_time"), True),
            (("building", "sample_time"), False),
            (("building", "result", "sample_time"), False),
            (("result", "id"), False),
        )
