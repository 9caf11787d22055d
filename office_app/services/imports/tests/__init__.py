"""Import the test site's result files (核酸检测结果): ``office-app import tests FILE...``.

What arrives is described in ``sample-data/README.md``: headers vary (synonyms below), the
address comes as parts (小区/楼栋/单元/房号) or as one column (``兴茂盛世国际3栋2单元501``),
times come in several formats (and as Excel serials or Unix seconds), results as words or codes.

Rules:
- Every row is checked completely and a bad row is rejected with ALL its reasons (document
  number, phone, times, tube code, pool, result, report time), its line number and raw text.
- The same row (document number, tube code, sample time) is never stored twice: re-importing a
  file or an overlapping export adds nothing (the rows count as duplicates); a stored
  待出结果 row whose result has arrived since is filled in (and counted as a duplicate too).
  The same file twice is recognised by its SHA-256 (``already_imported``).
- Linking: by document number to a registered resident (whose building the row gets), else by
  address to a registered building, else the row is stored unmatched and counted.
- Speed: the file is streamed (the one reader, read once) and rows are written in batches with
  the DB-API's ``executemany`` inside one ``db.atomic()``; a dry run, a cancel or a failure
  rolls back everything.
- Consequences, after a real import with positives: :func:`risk.refresh` proposes 高风险 for
  the buildings of recent positives (see services/testing/followup.py for the people).

The kind's parts, each with one job: ``columns`` (the columns and the header mapping),
``cells`` (times, results, pooling, addresses), ``checks`` (the row checks), ``linking``
(residents and buildings), ``writer`` (the import itself and its summary) and ``review``
(the preview and the export of rejected rows). This package names what callers use.
"""

from __future__ import annotations

from .cells import (
    FUTURE_TOLERANCE,
    POOL_HOUSEHOLD,
    POOL_SIZES,
    POOL_WORDS,
    REPORTED_RESULTS,
    RESULT_WORDS,
    Address,
    CellError,
    parse_pool,
    parse_result,
    parse_time,
    pool_label,
    split_address,
)
from .checks import (
    ParsedRow,
    Problems,
    RowParser,
    describe_problems,
    stored_time,
)
from .columns import (
    COLUMN_KEYS,
    KIND,
    LABELS,
    MAX_LENGTHS,
    REQUIRED,
    TEST_COLUMNS,
    auto_mapping,
    column_label,
    header_key,
    mapping_in_use,
    resolve_mapping,
    save_mapping,
    saved_mapping,
)
from .linking import (
    Linker,
    link_unmatched,
)
from .review import (
    Preview,
    PreviewRow,
    export_rejected,
    preview,
)
from .writer import (
    ImportCancelled,
    Progress,
    TestsImportSummary,
    import_tests,
)

__all__ = [
    "COLUMN_KEYS",
    "FUTURE_TOLERANCE",
    "KIND",
    "LABELS",
    "MAX_LENGTHS",
    "POOL_HOUSEHOLD",
    "POOL_SIZES",
    "POOL_WORDS",
    "REPORTED_RESULTS",
    "REQUIRED",
    "RESULT_WORDS",
    "TEST_COLUMNS",
    "Address",
    "CellError",
    "ImportCancelled",
    "Linker",
    "ParsedRow",
    "Preview",
    "PreviewRow",
    "Problems",
    "Progress",
    "RowParser",
    "TestsImportSummary",
    "auto_mapping",
    "column_label",
    "describe_problems",
    "export_rejected",
    "header_key",
    "import_tests",
    "link_unmatched",
    "mapping_in_use",
    "parse_pool",
    "parse_result",
    "parse_time",
    "pool_label",
    "preview",
    "resolve_mapping",
    "save_mapping",
    "saved_mapping",
    "split_address",
    "stored_time",
]
