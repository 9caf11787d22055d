"""The tests page's lists besides ``listings.TESTS``: the files imported (no Qt)."""

from __future__ import annotations

from office_app.models import ImportRun

from ..listings import DATETIME, INT, QT_TRANSLATE_NOOP, Column, Listing

# Every test-site file imported, newest first.
TEST_IMPORTS = Listing(
    name="test_imports",
    id_expr=ImportRun.id,
    base=lambda *sel: ImportRun.select(*sel).where(ImportRun.kind == "tests"),
    columns=(
        Column(
            "imported_at",
            QT_TRANSLATE_NOOP("Listing", "Imported"),
            ImportRun.imported_at,
            DATETIME,
            width=140,
        ),
        Column(
            "file",
            QT_TRANSLATE_NOOP("Listing", "File"),
            ImportRun.file_name,
            searchable=True,
            width=260,
        ),
        Column("encoding", QT_TRANSLATE_NOOP("Listing", "Encoding"), ImportRun.encoding, width=80),
        Column("rows", QT_TRANSLATE_NOOP("Listing", "Rows"), ImportRun.total_rows, INT, width=70),
        Column(
            "imported", QT_TRANSLATE_NOOP("Listing", "New"), ImportRun.imported_rows, INT, width=70
        ),
        Column(
            "duplicates",
            QT_TRANSLATE_NOOP("Listing", "Duplicates"),
            ImportRun.duplicate_rows,
            INT,
            width=70,
        ),
        Column(
            "rejected",
            QT_TRANSLATE_NOOP("Listing", "Rejected"),
            ImportRun.rejected_rows,
            INT,
            width=70,
        ),
        Column(
            "operator",
            QT_TRANSLATE_NOOP("Listing", "Operator"),
            ImportRun.operator_name,
            searchable=True,
            width=90,
        ),
    ),
    default_sort="imported_at",
    default_descending=True,
)

__all__ = ["TEST_IMPORTS"]
