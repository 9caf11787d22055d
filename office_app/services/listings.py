"""Every list the program shows, as a query description: columns, filters, sorting in SQL.

A ``Listing`` answers two questions, both in SQL: how many rows match, and which rows are
at positions ``offset`` … ``offset + limit`` in the chosen order. The Qt table model
(views/table_models/query_table_model.py) is generic over these; it never runs a query per
cell. Column titles are English source text marked for translation.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import peewee as pw

from office_app.models import (
    AuditEntry,
    Building,
    Compound,
    ExitRequest,
    Household,
    LedgerEntry,
    Resident,
    ResidentGroup,
    RiskChange,
    SupplyBatch,
    SupplyItem,
    TestRecord,
    Volunteer,
    engine,
)
from office_app.services.gate.exits import on_day as gate_on_day


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks ``text`` for Qt's lupdate without importing Qt; the views translate it."""
    return text


CONTEXT = "Listing"

# How a column's raw value is shown. The views format by kind; sorting uses the raw value.
TEXT, INT, DATE, DATETIME, DOCUMENT, PHONE, RISK, BOOL, RESULT, RISK_SOURCE = (
    "text",
    "int",
    "date",
    "datetime",
    "document",
    "phone",
    "risk",
    "bool",
    "result",
    "risk_source",
)


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    # A peewee expression, or a function making one when a query is built (for SQL that
    # differs between databases, which is only known once one is open).
    expr: Any
    kind: str = TEXT
    searchable: bool = False
    width: int = 110
    # False where no index serves the order and the list may hold a million rows: sorting
    # would read and sort every row for each page. The header says so in its tooltip.
    sortable: bool = True

    def node(self) -> Any:
        return (
            self.expr()
            if callable(self.expr) and not isinstance(self.expr, pw.Node)
            else (self.expr)
        )


@dataclass(frozen=True)
class Listing:
    """One list: a base query (with its joins), its columns and its filters."""

    name: str
    id_expr: Any
    columns: tuple[Column, ...]
    base: Callable[..., Any]
    default_sort: str
    default_descending: bool = False
    # filter key -> function turning the chosen value into a WHERE expression
    filters: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    # Counting through the joins costs a scan of every joined row. When set, ``count_base``
    # selects from the listing's own table alone, and serves a count whose filters are all
    # in ``count_filters`` and whose text search, if any, touches only that table.
    count_base: Callable[..., Any] | None = None
    count_filters: frozenset[str] = frozenset()

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def _where(
        self, query: pw.ModelSelect, text: str, filters: Mapping[str, Any]
    ) -> pw.ModelSelect:
        for key, value in filters.items():
            if value is None or value == "":
                continue
            query = query.where(self.filters[key](value))
        needle = text.strip()
        if needle:
            # Document numbers and phones match only at their end (the last digits, as shown
            # unmasked): matching inside would let anyone test guesses for the hidden digits.
            terms = [
                c.node().endswith(needle)
                if c.kind in (DOCUMENT, PHONE)
                else c.node().contains(needle)
                for c in self.columns
                if c.searchable
            ]
            if terms:
                condition = terms[0]
                for term in terms[1:]:
                    condition = condition | term
                query = query.where(condition)
        return query

    def count(self, text: str = "", filters: Mapping[str, Any] | None = None) -> int:
        filters = filters or {}
        active = {k for k, v in filters.items() if v is not None and v != ""}
        own_table = self.id_expr.model
        plain = (
            self.count_base is not None
            and active <= self.count_filters
            and (
                not text.strip()
                or all(
                    getattr(c.node(), "model", None) is own_table
                    for c in self.columns
                    if c.searchable
                )
            )
        )
        base = self.count_base if plain and self.count_base is not None else self.base
        query = self._where(base(pw.fn.COUNT(pw.SQL("*"))), text, filters)
        return int(query.scalar() or 0)

    def fetch(
        self,
        offset: int,
        limit: int,
        *,
        text: str = "",
        filters: Mapping[str, Any] | None = None,
        sort: str | None = None,
        descending: bool | None = None,
        after: tuple[Any, int] | None = None,
        reverse: bool = False,
    ) -> list[tuple[Any, ...]]:
        """Rows as tuples: the id first, then one value per column.

        The order is the sort column, then the id. ``reverse`` reads it from the end (the
        rows come in reversed order). ``after`` is the (sort value, id) of a row: only rows
        that come after it in the order read are returned — a seek through the sort
        column's index instead of an OFFSET that would step over every row before.
        """
        sort_key = sort or self.default_sort
        desc = self.default_descending if descending is None else descending
        if reverse:
            desc = not desc
        sort_expr = self.column(sort_key).node()
        direction = "DESC" if desc else "ASC"
        # where _after and _fetch_after expect them, on either engine; a NOT NULL column of
        # the listing's own table needs no NULLS, which on PostgreSQL would keep its index
        # from the order
        nullable = not (
            isinstance(sort_expr, pw.Field)
            and not sort_expr.null
            and sort_expr.model is getattr(self.id_expr, "model", None)
        )
        nulls = engine.sqlite_nulls(desc, nullable=nullable)
        order = [
            pw.Ordering(sort_expr, direction, nulls=nulls),
            pw.Ordering(self.id_expr, direction),
        ]
        query = self.base(self.id_expr, *(c.node() for c in self.columns))
        query = self._where(query, text, filters or {})
        if after is not None and offset == 0 and _in_two_steps(after, desc, nullable):
            ordered = query.order_by(*order)
            return _fetch_after(ordered, sort_expr, self.id_expr, after, desc, limit)
        if after is not None:
            query = query.where(_after(sort_expr, self.id_expr, after, desc))
        rows = cast(
            Iterable[tuple[Any, ...]], query.order_by(*order).limit(limit).offset(offset).tuples()
        )
        return list(rows)

    def fetch_ids(self, ids: Sequence[int]) -> list[tuple[Any, ...]]:
        query = self.base(self.id_expr, *(c.node() for c in self.columns)).where(
            self.id_expr.in_(list(ids))
        )
        rows = cast(Iterable[tuple[Any, ...]], query.tuples())
        return list(rows)


def _after(sort_expr: Any, id_expr: Any, key: tuple[Any, int], descending: bool) -> Any:
    """Rows after ``key`` = (sort value, id) in the order (sort, id), both ascending or both
    descending. NULL sorts first in ascending order, as SQLite sorts it. For the orders
    :func:`_fetch_after` does not read (a NULL to be placed after the key)."""
    value, row_id = key
    if descending:
        if value is None:
            return sort_expr.is_null(True) & (id_expr < row_id)
        return (
            (sort_expr < value)
            | ((sort_expr == value) & (id_expr < row_id))
            | sort_expr.is_null(True)
        )
    if value is None:
        return (sort_expr.is_null(True) & (id_expr > row_id)) | sort_expr.is_null(False)
    return (sort_expr > value) | ((sort_expr == value) & (id_expr > row_id))


def _in_two_steps(key: tuple[Any, int], descending: bool, nullable: bool) -> bool:
    """Whether the rows after ``key`` are read by :func:`_fetch_after`: when no NULL comes
    after the key in the order (NULL first when ascending, last when descending)."""
    return key[0] is not None and (not descending or not nullable)


def _fetch_after(
    query: Any, sort_expr: Any, id_expr: Any, key: tuple[Any, int], descending: bool, limit: int
) -> list[tuple[Any, ...]]:
    """Up to ``limit`` rows after ``key`` = (sort value, id), in the order (sort, id), read in
    two steps: the rest of the key's own value (``sort = value AND id > id``), then, if the
    page is not full, the values after it (``sort > value``). Each step is an index range
    (SQLite: a SEARCH; the server estimates each well). The OR of the two in one query was a
    SCAN of the index from its start on SQLite (23-51 ms for a page in the middle of 1M
    records, 1.3-3.4 ms in two steps) and, on the server, read from the value's first entry
    (0.6-0.8 s inside the 阴性 of nearly every record); a row comparison ``(sort, id) >
    (value, id)`` was estimated from the sort column alone there (one row expected; all
    joined by hash and sorted: 0.7-2.2 s)."""
    value, row_id = key
    same = (sort_expr == value) & ((id_expr < row_id) if descending else (id_expr > row_id))
    rows = list(cast(Iterable[tuple[Any, ...]], query.where(same).limit(limit).tuples()))
    if len(rows) < limit:
        later = (sort_expr < value) if descending else (sort_expr > value)
        rest = query.where(later).limit(limit - len(rows)).tuples()
        rows.extend(cast(Iterable[tuple[Any, ...]], rest))
    return rows


def group_concat(expr: Any) -> Any:
    """Comma-joined values: GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL (models/engine)."""
    return engine.group_concat(expr)


def _count_of(model: Any, fk: Any, target: Any) -> Any:
    return model.select(pw.fn.COUNT(model.id)).where(fk == target)


# --- buildings ---------------------------------------------------------------------------

_households = _count_of(Household, Household.building, Building.id)
_residents = (
    Resident.select(pw.fn.COUNT(Resident.id))
    .join(Household)
    .where(Household.building == Building.id)
)

BUILDINGS = Listing(
    name="buildings",
    id_expr=Building.id,
    base=lambda *sel: Building.select(*sel).join(Compound),
    columns=(
        Column(
            "compound", QT_TRANSLATE_NOOP("Listing", "Compound"), Compound.name, searchable=True
        ),
        Column(
            "name",
            QT_TRANSLATE_NOOP("Listing", "Building"),
            Building.name,
            searchable=True,
            width=70,
        ),
        Column("units", QT_TRANSLATE_NOOP("Listing", "Units"), Building.units, INT, width=70),
        Column(
            "households_planned",
            QT_TRANSLATE_NOOP("Listing", "Planned households"),
            Building.households_planned,
            INT,
            width=80,
        ),
        Column(
            "households",
            QT_TRANSLATE_NOOP("Listing", "Registered households"),
            _households,
            INT,
            width=80,
        ),
        Column("residents", QT_TRANSLATE_NOOP("Listing", "Residents"), _residents, INT, width=80),
        Column("risk", QT_TRANSLATE_NOOP("Listing", "Risk"), Building.risk_level, RISK, width=70),
        Column(
            "clean_since", QT_TRANSLATE_NOOP("Listing", "Clean since"), Building.clean_since, DATE
        ),
        Column(
            "earliest_lowering",
            QT_TRANSLATE_NOOP("Listing", "Earliest lowering"),
            Building.earliest_lowering,
            DATE,
        ),
    ),
    default_sort="compound",
    filters={
        "risk": lambda v: (
            Building.risk_level.in_(v)
            if isinstance(v, list | tuple)
            else (Building.risk_level == v)
        ),
        "compound": lambda v: Building.compound == v,
    },
)

# The buildings page's list: BUILDINGS and 无阳性天数 (clean days). The days depend on today, so
# the page counts them from 起算日期; the column's SQL value only orders the rows: by 起算日期,
# a building without one (低) where the fewest clean days are. The page sorts it the other way
# round (more clean days = an earlier date). Appended last, so BUILDINGS' column positions hold.
NO_CLEAN_SINCE = "9999-12-31"

BUILDINGS_PAGE = dataclasses.replace(
    BUILDINGS,
    columns=(
        *BUILDINGS.columns,
        Column(
            "clean_days",
            QT_TRANSLATE_NOOP("Listing", "Clean days"),
            pw.fn.COALESCE(Building.clean_since, NO_CLEAN_SINCE),
            DATE,
            width=90,
        ),
    ),
)

# --- residents ---------------------------------------------------------------------------


def _groups() -> Any:
    """The resident's special groups, comma-joined (the aggregate depends on the database)."""
    return ResidentGroup.select(group_concat(ResidentGroup.group)).where(
        ResidentGroup.resident == Resident.id
    )


RESIDENTS = Listing(
    name="residents",
    id_expr=Resident.id,
    base=lambda *sel: Resident.select(*sel).join(Household).join(Building).join(Compound),
    columns=(
        Column("name", QT_TRANSLATE_NOOP("Listing", "Name"), Resident.name, searchable=True),
        Column("gender", QT_TRANSLATE_NOOP("Listing", "Gender"), Resident.gender, width=50),
        Column("birth_date", QT_TRANSLATE_NOOP("Listing", "Born"), Resident.birth_date, DATE),
        Column("doc_type", QT_TRANSLATE_NOOP("Listing", "Document"), Resident.doc_type),
        Column(
            "doc_no",
            QT_TRANSLATE_NOOP("Listing", "Document number"),
            Resident.doc_no,
            DOCUMENT,
            searchable=True,
            width=170,
        ),
        Column(
            "phone", QT_TRANSLATE_NOOP("Listing", "Phone"), Resident.phone, PHONE, searchable=True
        ),
        Column("compound", QT_TRANSLATE_NOOP("Listing", "Compound"), Compound.name),
        Column("building", QT_TRANSLATE_NOOP("Listing", "Building"), Building.name, width=70),
        Column("unit", QT_TRANSLATE_NOOP("Listing", "Unit"), Household.unit, width=70),
        Column(
            "room", QT_TRANSLATE_NOOP("Listing", "Room"), Household.room, searchable=True, width=70
        ),
        Column("groups", QT_TRANSLATE_NOOP("Listing", "Special groups"), _groups, width=140),
        Column("control", QT_TRANSLATE_NOOP("Listing", "Control"), Resident.control_status),
        Column(
            "control_from",
            QT_TRANSLATE_NOOP("Listing", "Control since"),
            Resident.control_from,
            DATE,
        ),
    ),
    default_sort="name",
    filters={
        "building": lambda v: Household.building == v,
        "compound": lambda v: Building.compound == v,
        "control": lambda v: Resident.control_status == v,
        "group": lambda v: pw.fn.EXISTS(
            ResidentGroup.select(ResidentGroup.id).where(
                (ResidentGroup.resident == Resident.id) & (ResidentGroup.group == v)
            )
        ),
    },
)

# --- gate --------------------------------------------------------------------------------

Escort = Volunteer.alias("escort")

GATE = Listing(
    name="gate",
    id_expr=ExitRequest.id,
    base=lambda *sel: (
        ExitRequest.select(*sel)
        .join(Resident)
        .join(Household)
        .join(Building)
        .join(Compound)
        .switch(ExitRequest)
        .join(Escort, pw.JOIN.LEFT_OUTER, on=(ExitRequest.escort == Escort.id))
    ),
    columns=(
        Column(
            "requested",
            QT_TRANSLATE_NOOP("Listing", "Requested"),
            ExitRequest.requested_at,
            DATETIME,
            width=140,
        ),
        Column("name", QT_TRANSLATE_NOOP("Listing", "Resident"), Resident.name, searchable=True),
        Column("compound", QT_TRANSLATE_NOOP("Listing", "Compound"), Compound.name),
        Column("building", QT_TRANSLATE_NOOP("Listing", "Building"), Building.name, width=70),
        Column(
            "room",
            QT_TRANSLATE_NOOP("Listing", "Room"),
            Household.unit.concat(Household.room),
            searchable=True,
            width=90,
        ),
        Column("phone", QT_TRANSLATE_NOOP("Listing", "Mobile"), Resident.phone, PHONE, width=110),
        Column("reason", QT_TRANSLATE_NOOP("Listing", "Reason"), ExitRequest.reason, width=80),
        Column("urgency", QT_TRANSLATE_NOOP("Listing", "Urgency"), ExitRequest.urgency, width=60),
        Column("decision", QT_TRANSLATE_NOOP("Listing", "Decision"), ExitRequest.decision),
        Column("escort", QT_TRANSLATE_NOOP("Listing", "Escort"), Escort.name, searchable=True),
        Column("out", QT_TRANSLATE_NOOP("Listing", "Out"), ExitRequest.out_at, DATETIME, width=140),
        Column(
            "due",
            QT_TRANSLATE_NOOP("Listing", "Due back"),
            ExitRequest.due_back_at,
            DATETIME,
            width=140,
        ),
        Column(
            "back", QT_TRANSLATE_NOOP("Listing", "Back"), ExitRequest.back_at, DATETIME, width=140
        ),
        # The details, with a refusal's reason (不同意原因：…).
        Column(
            "detail",
            QT_TRANSLATE_NOOP("Listing", "Details"),
            ExitRequest.detail,
            searchable=True,
            width=260,
        ),
    ),
    default_sort="requested",
    default_descending=True,
    filters={
        "day": gate_on_day,
        "not_back": lambda v: ExitRequest.out_at.is_null(False) & ExitRequest.back_at.is_null(True),
        "reason": lambda v: ExitRequest.reason == v,
        "decision": lambda v: ExitRequest.decision == v,
    },
)

# --- supplies ----------------------------------------------------------------------------

_stock = LedgerEntry.select(pw.fn.COALESCE(pw.fn.SUM(LedgerEntry.quantity), 0)).where(
    LedgerEntry.item == SupplyItem.id
)

SUPPLIES = Listing(
    name="supplies",
    id_expr=SupplyItem.id,
    base=lambda *sel: SupplyItem.select(*sel).join(SupplyBatch),
    columns=(
        Column("name", QT_TRANSLATE_NOOP("Listing", "Item"), SupplyItem.name, searchable=True),
        Column("category", QT_TRANSLATE_NOOP("Listing", "Category"), SupplyItem.category, width=80),
        # "Unit of measure": the residents' "Unit" is a building's 单元, this one is 单位.
        Column("unit", QT_TRANSLATE_NOOP("Listing", "Unit of measure"), SupplyItem.unit, width=50),
        Column(
            "received", QT_TRANSLATE_NOOP("Listing", "Received"), SupplyItem.quantity, INT, width=80
        ),
        Column("stock", QT_TRANSLATE_NOOP("Listing", "In stock"), _stock, INT, width=80),
        Column("expiry", QT_TRANSLATE_NOOP("Listing", "Expiry"), SupplyItem.expiry, DATE),
        Column("source", QT_TRANSLATE_NOOP("Listing", "Source"), SupplyBatch.source, width=80),
        Column(
            "supplier",
            QT_TRANSLATE_NOOP("Listing", "From"),
            SupplyBatch.supplier,
            searchable=True,
            width=180,
        ),
        Column(
            "received_on",
            QT_TRANSLATE_NOOP("Listing", "Received on"),
            SupplyBatch.received_on,
            DATE,
        ),
    ),
    default_sort="name",
    filters={"category": lambda v: SupplyItem.category == v},
)

# --- tests -------------------------------------------------------------------------------


def sampled_on(day: Any) -> Any:
    """Test records sampled on ``day`` (a date): the 核酸 page's 采样日期."""
    import datetime as dt

    start = dt.datetime.combine(day, dt.time())
    return (TestRecord.sample_time >= start) & (
        TestRecord.sample_time < start + dt.timedelta(days=1)
    )


TESTS = Listing(
    name="tests",
    id_expr=TestRecord.id,
    base=lambda *sel: (
        TestRecord.select(*sel)
        .join(Building, pw.JOIN.LEFT_OUTER)
        .join(Compound, pw.JOIN.LEFT_OUTER)
    ),
    columns=(
        Column(
            "sample_time",
            QT_TRANSLATE_NOOP("Listing", "Sampled"),
            TestRecord.sample_time,
            DATETIME,
            width=140,
        ),
        Column("name", QT_TRANSLATE_NOOP("Listing", "Name"), TestRecord.name, searchable=True),
        Column(
            "doc_no",
            QT_TRANSLATE_NOOP("Listing", "Document number"),
            TestRecord.doc_no,
            DOCUMENT,
            width=170,
        ),
        Column(
            "phone",
            QT_TRANSLATE_NOOP("Listing", "Phone"),
            TestRecord.phone,
            PHONE,
            sortable=False,
        ),
        Column(
            "compound",
            QT_TRANSLATE_NOOP("Listing", "Compound"),
            pw.fn.COALESCE(Compound.name, TestRecord.compound_name),
            sortable=False,
        ),
        Column(
            "building",
            QT_TRANSLATE_NOOP("Listing", "Building"),
            pw.fn.COALESCE(Building.name, TestRecord.building_name),
            width=70,
            sortable=False,
        ),
        Column(
            "tube",
            QT_TRANSLATE_NOOP("Listing", "Tube"),
            TestRecord.tube_code,
            searchable=True,
            width=120,
        ),
        Column(
            "pool",
            QT_TRANSLATE_NOOP("Listing", "Pool"),
            TestRecord.pool_size,
            INT,
            width=50,
            sortable=False,
        ),
        Column(
            "result", QT_TRANSLATE_NOOP("Listing", "Result"), TestRecord.result, RESULT, width=80
        ),
        Column(
            "report_time",
            QT_TRANSLATE_NOOP("Listing", "Reported"),
            TestRecord.report_time,
            DATETIME,
            width=140,
            sortable=False,
        ),
        Column(
            "site",
            QT_TRANSLATE_NOOP("Listing", "Site"),
            TestRecord.site,
            width=160,
            sortable=False,
        ),
    ),
    default_sort="sample_time",
    default_descending=True,
    filters={
        "building": lambda v: TestRecord.building == v,
        "compound": lambda v: Building.compound == v,
        "result": lambda v: TestRecord.result == v,
        "unmatched": lambda v: TestRecord.building.is_null(True),
        "day": sampled_on,
    },
    count_base=lambda *sel: TestRecord.select(*sel),
    count_filters=frozenset({"building", "result", "unmatched", "day"}),
)

# --- audit -------------------------------------------------------------------------------

AUDIT = Listing(
    name="audit",
    id_expr=AuditEntry.id,
    base=lambda *sel: AuditEntry.select(*sel),
    columns=(
        Column("at", QT_TRANSLATE_NOOP("Listing", "Time"), AuditEntry.at, DATETIME, width=140),
        Column(
            "operator",
            QT_TRANSLATE_NOOP("Listing", "Operator"),
            AuditEntry.operator_name,
            searchable=True,
        ),
        Column(
            "action",
            QT_TRANSLATE_NOOP("Listing", "Action"),
            AuditEntry.action,
            searchable=True,
            width=140,
        ),
        Column("entity", QT_TRANSLATE_NOOP("Listing", "Record"), AuditEntry.entity),
        Column(
            "entity_id",
            QT_TRANSLATE_NOOP("Listing", "Record id"),
            AuditEntry.entity_id,
            INT,
            width=70,
        ),
        Column(
            "summary",
            QT_TRANSLATE_NOOP("Listing", "Summary"),
            AuditEntry.summary,
            searchable=True,
            width=400,
        ),
    ),
    default_sort="at",
    default_descending=True,
    filters={"action": lambda v: AuditEntry.action == v},
)

# --- one building's risk history (append-only), newest first ------------------------------

RISK_HISTORY = Listing(
    name="risk_history",
    id_expr=RiskChange.id,
    base=lambda *sel: RiskChange.select(*sel),
    columns=(
        Column(
            "changed_at",
            QT_TRANSLATE_NOOP("Listing", "Time"),
            RiskChange.changed_at,
            DATETIME,
            width=140,
        ),
        Column(
            "from_level",
            QT_TRANSLATE_NOOP("Listing", "Level before"),
            RiskChange.from_level,
            RISK,
            width=70,
        ),
        Column(
            "to_level",
            QT_TRANSLATE_NOOP("Listing", "Level after"),
            RiskChange.to_level,
            RISK,
            width=70,
        ),
        Column(
            "source",
            QT_TRANSLATE_NOOP("Listing", "Source"),
            RiskChange.source,
            RISK_SOURCE,
            width=90,
        ),
        Column(
            "operator",
            QT_TRANSLATE_NOOP("Listing", "Operator"),
            RiskChange.operator_name,
            width=80,
        ),
        Column(
            "reason",
            QT_TRANSLATE_NOOP("Listing", "Why"),
            RiskChange.reason,
            searchable=True,
            width=320,
        ),
    ),
    default_sort="changed_at",
    default_descending=True,
    filters={"building": lambda v: RiskChange.building == v},
)

LISTINGS: dict[str, Listing] = {
    listing.name: listing
    for listing in (
        BUILDINGS,
        RESIDENTS,
        GATE,
        SUPPLIES,
        TESTS,
        AUDIT,
        RISK_HISTORY,
    )
}
