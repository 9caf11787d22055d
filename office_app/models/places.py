"""Compounds (小区), their gates (卡点) and buildings (楼栋) with risk levels and their history."""

from __future__ import annotations

import peewee as pw

from .base import BaseModel, now
from .community import Operator

RISK_HIGH = "高"
RISK_MEDIUM = "中"
RISK_LOW = "低"
RISK_LEVELS = (RISK_HIGH, RISK_MEDIUM, RISK_LOW)


class Compound(BaseModel):
    name = pw.CharField(max_length=64, unique=True)
    address = pw.CharField(max_length=200, default="")
    # The community area (片区) the compound belongs to in the grid organisation.
    area = pw.CharField(max_length=64, default="")
    created_at = pw.DateTimeField(default=now)
    # Raised by every edit; a save names the version it started from (services.admin.seats).
    version = pw.IntegerField(default=0, constraints=[pw.SQL("DEFAULT 0")])
    # Who made that edit (an operator, or what did it: an import, a sealing) and when.
    changed_by = pw.CharField(max_length=80, default="", constraints=[pw.SQL("DEFAULT ''")])
    changed_at = pw.DateTimeField(null=True)


class Gate(BaseModel):
    compound = pw.ForeignKeyField(Compound, backref="gates", on_delete="CASCADE")
    name = pw.CharField(max_length=64)

    class Meta:
        indexes = ((("compound", "name"), True),)


class Building(BaseModel):
    compound = pw.ForeignKeyField(Compound, backref="buildings", on_delete="RESTRICT")
    name = pw.CharField(max_length=32)
    units = pw.IntegerField(default=1)
    households_planned = pw.IntegerField(default=0)
    risk_level = pw.CharField(max_length=2, default=RISK_LOW, index=True)
    # 起算日期: the day the clean-day count started (the last positive, or the sealing day).
    clean_since = pw.DateField(null=True)
    # The earliest date the building may be lowered under the rule in force.
    earliest_lowering = pw.DateField(null=True)
    note = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)
    # Raised by every edit; a save names the version it started from (services.admin.seats).
    version = pw.IntegerField(default=0, constraints=[pw.SQL("DEFAULT 0")])
    # Who made that edit (an operator, or what did it: an import, a sealing) and when.
    changed_by = pw.CharField(max_length=80, default="", constraints=[pw.SQL("DEFAULT ''")])
    changed_at = pw.DateTimeField(null=True)

    class Meta:
        indexes = ((("compound", "name"), True),)


class RiskChange(BaseModel):
    """One dated change of a building's risk level. Append-only."""

    building = pw.ForeignKeyField(Building, backref="risk_changes", on_delete="CASCADE")
    from_level = pw.CharField(max_length=2)
    to_level = pw.CharField(max_length=2)
    changed_at = pw.DateTimeField(default=now, index=True)
    reason = pw.TextField(default="")
    # "manual", "test" (a test row caused it), "rule" (a confirmed proposal), "import"
    source = pw.CharField(max_length=16, default="manual")
    # The test record that caused it, when source is "test" (no FK: testing imports later).
    test_record_id = pw.IntegerField(null=True)
    operator = pw.ForeignKeyField(Operator, null=True, on_delete="SET NULL")
    operator_name = pw.CharField(max_length=64, default="")

    class Meta:
        indexes = ((("building", "changed_at"), False),)


class RiskProposal(BaseModel):
    """A raise or lower the program proposes and the secretary confirms or dismisses."""

    building = pw.ForeignKeyField(Building, backref="proposals", on_delete="CASCADE")
    to_level = pw.CharField(max_length=2)
    reason = pw.TextField(default="")
    # The positive test record a raise is based on; the clean-since date a lowering is.
    test_record_id = pw.IntegerField(null=True)
    basis_date = pw.DateField(null=True)
    created_at = pw.DateTimeField(default=now)
    # "open", "confirmed", "dismissed", or "withdrawn" (the facts changed before a decision)
    status = pw.CharField(max_length=12, default="open", index=True)
    decided_at = pw.DateTimeField(null=True)
    decided_by = pw.CharField(max_length=64, default="")
    # Why it was dismissed or withdrawn.
    decision_note = pw.TextField(default="")
