"""What one import did, for every kind: the rejected rows and the :class:`ImportSummary`.

One summary, one JSON shape (``office-app import KIND FILE... --json``, one line per file)::

    file, kind, encoding, rows, imported, updated, duplicates, unmatched,
    rejected: [{line, column, reason}], sha256, dry_run, already_imported, import_run_id, ok,
    + the kind's own counts (compounds_created, households_created, organisations_created,
      skills_added, batches_created; positives, pool_positives, positive_buildings and
      results_filled for tests)

``rows == imported + updated + duplicates + len(rejected)`` for every kind. Deprecated, kept one
release for the kinds that printed them (buildings, residents, volunteers, supplies):
``total_rows`` (= rows), ``details`` (the kind's counts again) and ``rejections`` (each
``{line_no, column, reason, raw_text}``).

The ImportRun and its RejectedRows are written here (:func:`start_run`, :func:`finish_run`),
the one place an import records itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar, Final

from office_app.models import ImportRun, RejectedRow

from ..admin.actor import Actor
from .reader import ENCODING_LABELS

KIND_LABELS: Final[dict[str, str]] = {
    "tests": "核酸检测结果",
    "buildings": "楼栋",
    "residents": "居民",
    "volunteers": "志愿者",
    "supplies": "物资",
}

# The fields of the one JSON shape; a kind's own counts may not take these names.
SHAPE_FIELDS: Final = (
    "file",
    "kind",
    "encoding",
    "rows",
    "imported",
    "updated",
    "duplicates",
    "unmatched",
    "rejected",
)


@dataclass(frozen=True)
class Rejection:
    """One rejected row: its line as the user sees it, the column at fault (its header in the
    file; "" for the row as a whole), the reason in Chinese, and the row's raw text."""

    line_no: int
    column: str
    reason: str
    raw_text: str

    def to_json_dict(self) -> dict[str, Any]:
        """The entry of ``rejected`` in the JSON shape."""
        return {"line": self.line_no, "column": self.column, "reason": self.reason}

    def legacy_json_dict(self) -> dict[str, Any]:
        """The entry of the deprecated ``rejections``."""
        return {
            "line_no": self.line_no,
            "column": self.column,
            "reason": self.reason,
            "raw_text": self.raw_text,
        }


@dataclass
class ImportSummary:
    """An import's counts, the same for every kind (see the module docstring)."""

    # Whether --json also prints the deprecated fields (the kinds that printed them before).
    legacy_json: ClassVar[bool] = True

    kind: str
    file: str
    encoding: str
    total_rows: int = 0
    imported: int = 0
    updated: int = 0
    duplicates: int = 0
    # Rows stored without a link to a registered resident or building (tests only).
    unmatched: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    dry_run: bool = False
    already_imported: bool = False
    import_run_id: int | None = None
    sha256: str = ""
    # The kind's own counts (e.g. compounds_created), with their labels for describe().
    details: dict[str, int] = field(default_factory=dict)
    detail_labels: dict[str, str] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return self.total_rows

    @property
    def ok(self) -> bool:
        """Every row was used (imported, updated or already there)."""
        return self.rejected == 0

    @property
    def nothing_new(self) -> bool:
        """Every usable row was there already: this import added and changed nothing."""
        return (
            self.total_rows > 0
            and self.imported == 0
            and self.updated == 0
            and not self.details.get("results_filled", 0)
            and self.duplicates > 0
        )

    def counts(self) -> dict[str, int]:
        return {
            "total_rows": self.total_rows,
            "imported": self.imported,
            "updated": self.updated,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            **self.details,
        }

    def figures(self) -> list[tuple[str, int]]:
        """The counts as a screen shows them, the same for every kind: (Chinese label, n)."""
        figures = [
            ("共", self.total_rows),
            ("新增", self.imported),
            ("更新", self.updated),
            ("未变/重复", self.duplicates),
        ]
        if "unmatched" in self.details or self.unmatched:
            figures.append(("未匹配", self.unmatched))
        figures.append(("拒绝", self.rejected))
        figures += [
            (self.detail_labels.get(k, k), v) for k, v in self.details.items() if k != "unmatched"
        ]
        return figures

    def describe(self) -> str:
        """One line in Chinese for the status bar, the command line and the audit trail."""
        kind = KIND_LABELS.get(self.kind, self.kind)
        encoding = ENCODING_LABELS.get(self.encoding, self.encoding)
        parts = [
            f"共 {self.total_rows} 行",
            f"新增 {self.imported}",
            f"更新 {self.updated}",
            f"未变/重复 {self.duplicates}",
            f"拒绝 {self.rejected}",
        ]
        parts += [f"{self.detail_labels.get(k, k)} {v}" for k, v in self.details.items()]
        text = f"{kind}导入 {self.file}（{encoding}）：{'，'.join(parts)}"
        if self.nothing_new:
            text += "。没有新的数据：文件中可用的行以前都已导入"
            if self.rejected:
                text += f"（另有 {self.rejected} 行被拒绝）"
        if self.already_imported:
            text += "（此文件以前导入过）"
        if self.dry_run:
            text += "（试运行，未写入数据库）"
        return text

    def kind_fields(self) -> dict[str, Any]:
        """The kind's own fields of the JSON shape."""
        return {k: v for k, v in self.details.items() if k not in SHAPE_FIELDS}

    def to_json_dict(self) -> dict[str, Any]:
        """The one JSON shape of ``office-app import KIND FILE --json`` (module docstring)."""
        data: dict[str, Any] = {
            "file": self.file,
            "kind": self.kind,
            "encoding": self.encoding,
            "rows": self.total_rows,
            "imported": self.imported,
            "updated": self.updated,
            "duplicates": self.duplicates,
            "unmatched": self.unmatched,
            "rejected": [r.to_json_dict() for r in self.rejections],
            **self.kind_fields(),
            "sha256": self.sha256,
            "dry_run": self.dry_run,
            "already_imported": self.already_imported,
            "import_run_id": self.import_run_id,
            "ok": self.ok,
        }
        if self.legacy_json:
            # Deprecated: kept one release (README, "Importing").
            data["total_rows"] = self.total_rows
            data["details"] = dict(self.details)
            data["rejections"] = [r.legacy_json_dict() for r in self.rejections]
        return data


# --- the record of an import in the database -----------------------------------------------


def start_run(
    actor: Actor, kind: str, file_name: str, encoding: str, moment: dt.datetime | None = None
) -> int:
    """The ImportRun of an import that starts (inside its transaction); its id."""
    values: dict[str, Any] = {
        "kind": kind,
        "file_name": file_name[:255],
        "sha256": "",  # known once every row has been read (finish_run)
        "encoding": encoding,
        "operator": actor.operator_id,
        "operator_name": actor.username,
    }
    if moment is not None:
        values["imported_at"] = moment
    run: ImportRun = ImportRun.create(**values)
    return int(run.id)


def finish_run(run_id: int, summary: ImportSummary, *, updated: int | None = None) -> None:
    """The ImportRun's counts and SHA-256, and one RejectedRow per rejection (raw text kept).

    ``updated``: what the run records as updated rows when it is not ``summary.updated`` (the
    tests import records the results it filled in). Call it inside the import's transaction.
    """
    ImportRun.update(
        sha256=summary.sha256,
        total_rows=summary.total_rows,
        imported_rows=summary.imported,
        updated_rows=summary.updated if updated is None else updated,
        duplicate_rows=summary.duplicates,
        rejected_rows=summary.rejected,
    ).where(ImportRun.id == run_id).execute()
    rows = [
        {
            "import_run": run_id,
            "line_no": r.line_no,
            "column": r.column[:64],
            "reason": r.reason,
            "raw_text": r.raw_text,
        }
        for r in summary.rejections
    ]
    for start in range(0, len(rows), 200):
        RejectedRow.insert_many(rows[start : start + 200]).execute()
    summary.import_run_id = run_id


def was_imported(kind: str, sha256: str, *, besides: int | None = None) -> bool:
    """Whether a file with these bytes was imported before as this kind (by another run than
    ``besides``)."""
    query = (ImportRun.kind == kind) & (ImportRun.sha256 == sha256)
    if besides is not None:
        query &= ImportRun.id != besides
    return bool(ImportRun.select().where(query).exists())


__all__ = [
    "KIND_LABELS",
    "ImportSummary",
    "Rejection",
    "finish_run",
    "start_run",
    "was_imported",
]
