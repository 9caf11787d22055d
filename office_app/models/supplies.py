"""Supply batches, their items, the stock ledger and distributions."""

from __future__ import annotations

import peewee as pw

from .base import BaseModel, now
from .community import Operator
from .people import Household
from .places import Building
from .roster import Shift
from .volunteers import Volunteer

BATCH_SOURCES = ("街道调拨", "社会捐赠", "采购")
CATEGORIES = ("生活物资", "药品", "防护物资")
LEDGER_KINDS = ("receipt", "distribution", "loss", "correction", "ppe_issue")


class SupplyBatch(BaseModel):
    source = pw.CharField(max_length=8)
    supplier = pw.CharField(max_length=100, default="")
    received_on = pw.DateField(index=True)
    note = pw.TextField(default="")
    operator = pw.ForeignKeyField(Operator, null=True, on_delete="SET NULL")
    created_at = pw.DateTimeField(default=now)


class SupplyItem(BaseModel):
    batch = pw.ForeignKeyField(SupplyBatch, backref="items", on_delete="RESTRICT")
    name = pw.CharField(max_length=64, index=True)
    category = pw.CharField(max_length=8)
    unit = pw.CharField(max_length=8, default="件")
    # The quantity received; the stock is the sum of the item's ledger entries.
    quantity = pw.IntegerField()
    expiry = pw.DateField(null=True, index=True)


class DistributionRound(BaseModel):
    name = pw.CharField(max_length=100)
    planned_on = pw.DateField()
    note = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)


class Distribution(BaseModel):
    """Supplies handed to a building or a household, signed by the volunteer who delivered."""

    round = pw.ForeignKeyField(
        DistributionRound, null=True, backref="distributions", on_delete="SET NULL"
    )
    item = pw.ForeignKeyField(SupplyItem, backref="distributions", on_delete="RESTRICT")
    building = pw.ForeignKeyField(Building, backref="distributions", on_delete="RESTRICT")
    household = pw.ForeignKeyField(Household, null=True, on_delete="SET NULL")
    quantity = pw.IntegerField()
    planned_at = pw.DateTimeField(default=now)
    delivered_at = pw.DateTimeField(null=True, index=True)
    volunteer = pw.ForeignKeyField(Volunteer, null=True, on_delete="SET NULL")


class LedgerEntry(BaseModel):
    """A signed stock movement. Stock is the sum; corrections are new entries, never edits."""

    item = pw.ForeignKeyField(SupplyItem, backref="ledger", on_delete="RESTRICT")
    kind = pw.CharField(max_length=12)
    quantity = pw.IntegerField()
    occurred_at = pw.DateTimeField(default=now, index=True)
    reason = pw.TextField(default="")
    distribution = pw.ForeignKeyField(Distribution, null=True, on_delete="SET NULL")
    # PPE issued to a shift.
    shift = pw.ForeignKeyField(Shift, null=True, on_delete="SET NULL")
    operator = pw.ForeignKeyField(Operator, null=True, on_delete="SET NULL")
