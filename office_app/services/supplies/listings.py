"""The supplies page's lists besides ``listings.SUPPLIES``: one lot's ledger (no Qt)."""

from __future__ import annotations

import peewee as pw

from office_app.models import LedgerEntry, Operator

from ..listings import DATETIME, INT, QT_TRANSLATE_NOOP, Column, Listing

# One lot's stock movements, oldest first (the page filters by ``item``).
LEDGER = Listing(
    name="supply_ledger",
    id_expr=LedgerEntry.id,
    base=lambda *sel: LedgerEntry.select(*sel).join(
        Operator, pw.JOIN.LEFT_OUTER, on=(LedgerEntry.operator == Operator.id)
    ),
    columns=(
        Column(
            "occurred_at",
            QT_TRANSLATE_NOOP("Listing", "Time"),
            LedgerEntry.occurred_at,
            DATETIME,
            width=140,
        ),
        Column("kind", QT_TRANSLATE_NOOP("Listing", "Movement"), LedgerEntry.kind, width=110),
        Column(
            "quantity",
            QT_TRANSLATE_NOOP("Listing", "Quantity"),
            LedgerEntry.quantity,
            INT,
            width=95,
        ),
        Column(
            "operator",
            QT_TRANSLATE_NOOP("Listing", "Operator"),
            pw.fn.COALESCE(Operator.username, ""),
            width=100,
        ),
        Column(
            "reason",
            QT_TRANSLATE_NOOP("Listing", "Why"),
            LedgerEntry.reason,
            searchable=True,
            width=320,
        ),
    ),
    default_sort="occurred_at",
    filters={"item": lambda v: LedgerEntry.item == v},
)
