"""peewee entities of the whole domain, one file per area. Nothing here imports Qt."""

from .base import BaseModel, db, now
from .community import AuditEntry, Operator, Setting
from .gate import ExitRequest
from .handover import Handover, HandoverItem
from .imports import ImportRun, RejectedRow
from .people import Household, Resident, ResidentGroup
from .places import Building, Compound, Gate, RiskChange, RiskProposal
from .roster import Post, ServiceRecord, Shift, ShiftAssignment
from .seats import Seat
from .supplies import Distribution, DistributionRound, LedgerEntry, SupplyBatch, SupplyItem
from .testing import TestRecord
from .volunteers import Organisation, Volunteer, VolunteerSkill, VolunteerStatusChange

# Every table, in an order in which each one's references come before it.
ALL_MODELS: tuple[type[BaseModel], ...] = (
    Setting,
    Operator,
    AuditEntry,
    Compound,
    Gate,
    Building,
    RiskChange,
    RiskProposal,
    Household,
    Resident,
    ResidentGroup,
    Organisation,
    Volunteer,
    VolunteerSkill,
    VolunteerStatusChange,
    Post,
    Shift,
    ShiftAssignment,
    ServiceRecord,
    ExitRequest,
    SupplyBatch,
    SupplyItem,
    DistributionRound,
    Distribution,
    LedgerEntry,
    ImportRun,
    RejectedRow,
    TestRecord,
    Handover,
    HandoverItem,
    Seat,
)

__all__ = [
    "ALL_MODELS",
    "AuditEntry",
    "BaseModel",
    "Building",
    "Compound",
    "Distribution",
    "DistributionRound",
    "ExitRequest",
    "Gate",
    "Handover",
    "HandoverItem",
    "Household",
    "ImportRun",
    "LedgerEntry",
    "Operator",
    "Organisation",
    "Post",
    "RejectedRow",
    "Resident",
    "ResidentGroup",
    "RiskChange",
    "RiskProposal",
    "Seat",
    "ServiceRecord",
    "Setting",
    "Shift",
    "ShiftAssignment",
    "SupplyBatch",
    "SupplyItem",
    "TestRecord",
    "Volunteer",
    "VolunteerSkill",
    "VolunteerStatusChange",
    "db",
    "now",
]
