"""Import a batch list (物资入库清单): 来源, 来源单位, 入库日期, 物资名称, 类别, 单位, 数量, 有效期.

One row is one item. Rows with the same 来源, 来源单位 and 入库日期 form one batch (SupplyBatch);
each item gets its receipt entry in the stock ledger, exactly as when a batch is received on the
page (``supplies.receive_batch``'s rules: source and category from the fixed lists, a whole
quantity above zero).

Importing the same list again does not receive it twice: an item already in a batch with the
same source, supplier and date, with the same name, unit, quantity and expiry, counts as a
duplicate; so does the same item twice in one file (the second is already received).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar, Final

from office_app.models import SupplyBatch, SupplyItem
from office_app.models.base import now
from office_app.models.supplies import BATCH_SOURCES, CATEGORIES

from ..admin.actor import Actor
from ..supplies.stock import NAME_MAX, QUANTITY_MAX, SUPPLIER_MAX, UNIT_MAX, add_receipt
from .headers import ColumnSpec
from .names import clean_name
from .reader import RowStream
from .rows import DUPLICATE, IMPORTED, Row, RowOutcome
from .runner import RowImporter, run_import
from .summary import ImportSummary

KIND: Final = "supplies"

SUPPLY_COLUMNS: Final = (
    ColumnSpec("source", "来源", ("来源类型", "物资来源", "来源方式"), required=True),
    ColumnSpec(
        "supplier", "来源单位", ("调拨单位", "捐赠单位", "捐赠方", "供货单位", "供应商", "来自")
    ),
    ColumnSpec(
        "received_on",
        "入库日期",
        ("收货日期", "到货日期", "接收日期", "入库时间", "日期"),
        required=True,
    ),
    ColumnSpec("name", "物资名称", ("名称", "品名", "物品名称", "物资"), required=True),
    ColumnSpec("category", "类别", ("物资类别", "分类", "类型"), required=True),
    ColumnSpec("unit", "单位", ("计量单位",)),
    ColumnSpec("quantity", "数量", ("入库数量", "数目"), required=True),
    ColumnSpec("expiry", "有效期", ("有效期至", "保质期至", "失效日期", "过期日期", "有效日期")),
    ColumnSpec("note", "备注", ("说明",)),
)

DEFAULT_UNIT: Final = "件"
# Words people write for the sources and categories besides their own names.
SOURCE_SYNONYMS: Final[dict[str, str]] = {
    "调拨": "街道调拨",
    "街道": "街道调拨",
    "上级调拨": "街道调拨",
    "捐赠": "社会捐赠",
    "爱心捐赠": "社会捐赠",
    "企业捐赠": "社会捐赠",
    "购买": "采购",
    "社区采购": "采购",
}
CATEGORY_SYNONYMS: Final[dict[str, str]] = {
    "生活": "生活物资",
    "食品": "生活物资",
    "药": "药品",
    "药物": "药品",
    "防护": "防护物资",
    "防疫物资": "防护物资",
    "防护用品": "防护物资",
}
_NO_EXPIRY: Final = frozenset({"无", "长期", "长期有效", "-", "—", "/"})
_DATE: Final = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?",
    re.ASCII,
)
_COMPACT_DATE: Final = re.compile(r"(\d{4})(\d{2})(\d{2})", re.ASCII)


def parse_date(text: str) -> dt.date | None:
    """ "2022-11-20", "2022/11/20", "2022.11.20", "2022年11月20日", "20221120", an Excel date
    ("2022-11-20 00:00:00"); None when it is none of these or not a real day."""
    value = unicodedata.normalize("NFKC", text).strip()
    match = _DATE.fullmatch(value) or _COMPACT_DATE.fullmatch(value)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _choice(text: str, choices: tuple[str, ...], synonyms: Mapping[str, str]) -> str | None:
    value = "".join(unicodedata.normalize("NFKC", text).split())
    if value in choices:
        return value
    return synonyms.get(value)


class SuppliesImporter(RowImporter):
    kind: ClassVar[str] = KIND
    columns: ClassVar[tuple[ColumnSpec, ...]] = SUPPLY_COLUMNS
    detail_labels: ClassVar[dict[str, str]] = {"batches_created": "新建批次"}

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self._file = ""
        self.details["batches_created"] = 0
        self._batches: dict[tuple[str, str, dt.date], int] = {}

    def start(self, stream: RowStream, columns: Mapping[str, int]) -> None:
        self._file = stream.file_name

    def _date(self, row: Row, key: str, *, required: bool) -> dt.date | None:
        text = row.required(key) if required else row.text(key)
        if not text or (not required and text in _NO_EXPIRY):
            return None
        day = parse_date(text)
        if day is None:
            row.reject(key, f"“{text}”不是日期（例如 2022-11-20）")
        return day

    def handle(self, row: Row) -> RowOutcome:
        source_text = row.required("source")
        source = _choice(source_text, BATCH_SOURCES, SOURCE_SYNONYMS)
        if source is None:
            row.reject("source", f"不认识的来源“{source_text}”（可填：{'、'.join(BATCH_SOURCES)}）")
        supplier = clean_name(row.text("supplier"))
        if len(supplier) > SUPPLIER_MAX:
            row.reject("supplier", f"来源单位过长（最多 {SUPPLIER_MAX} 个字）")
        received_on = self._date(row, "received_on", required=True)
        assert received_on is not None
        if received_on > now().date() + dt.timedelta(days=1):
            row.reject("received_on", f"入库日期 {received_on} 在将来")
        name = clean_name(row.required("name"))
        if len(name) > NAME_MAX:
            row.reject("name", f"物资名称过长（最多 {NAME_MAX} 个字）")
        category_text = row.required("category")
        category = _choice(category_text, CATEGORIES, CATEGORY_SYNONYMS)
        if category is None:
            row.reject(
                "category", f"不认识的类别“{category_text}”（可填：{'、'.join(CATEGORIES)}）"
            )
        unit = "".join(unicodedata.normalize("NFKC", row.text("unit")).split()) or DEFAULT_UNIT
        if len(unit) > UNIT_MAX:
            row.reject("unit", f"单位过长（最多 {UNIT_MAX} 个字）")
        quantity = row.integer("quantity", minimum=1, maximum=QUANTITY_MAX)
        if quantity is None:
            row.reject("quantity", "不能为空")
        expiry = self._date(row, "expiry", required=False)
        if expiry is not None and expiry < received_on - dt.timedelta(days=3650):
            row.reject("expiry", f"有效期 {expiry} 早于入库日期太多，请检查")

        batch_key = (source, supplier, received_on)
        if self._already_received(batch_key, name, unit, quantity, expiry):
            return DUPLICATE
        batch_id = self._batch(batch_key, row.text("note"))
        item = SupplyItem.create(
            batch=batch_id,
            name=name,
            category=category,
            unit=unit,
            quantity=quantity,
            expiry=expiry,
        )
        add_receipt(
            self.actor,
            item.id,
            quantity,
            dt.datetime.combine(received_on, dt.time(8, 0)),
            f"入库：{supplier or source}（导入 {self._file}）",
        )
        return IMPORTED

    def _already_received(
        self,
        batch_key: tuple[str, str, dt.date],
        name: str,
        unit: str,
        quantity: int,
        expiry: dt.date | None,
    ) -> bool:
        source, supplier, received_on = batch_key
        query = (
            SupplyItem.select(SupplyItem.id)
            .join(SupplyBatch)
            .where(
                (SupplyBatch.source == source)
                & (SupplyBatch.supplier == supplier)
                & (SupplyBatch.received_on == received_on)
                & (SupplyItem.name == name)
                & (SupplyItem.unit == unit)
                & (SupplyItem.quantity == quantity)
                & (
                    SupplyItem.expiry.is_null(True)
                    if expiry is None
                    else (SupplyItem.expiry == expiry)
                )
            )
        )
        return bool(query.exists())

    def _batch(self, key: tuple[str, str, dt.date], note: str) -> int:
        """The batch this file creates for the key (one per source, supplier and date)."""
        batch_id = self._batches.get(key)
        if batch_id is None:
            source, supplier, received_on = key
            batch = SupplyBatch.create(
                source=source,
                supplier=supplier,
                received_on=received_on,
                note=note or f"导入：{self._file}",
                operator=self.actor.operator_id,
            )
            batch_id = int(batch.id)
            self._batches[key] = batch_id
            self.details["batches_created"] += 1
        return batch_id


def import_supplies(actor: Actor, path: Path, *, dry_run: bool = False) -> ImportSummary:
    """Import a batch list (CSV or .xlsx) in one transaction; see the module docstring.

    Raises ImportFileError / MissingColumns when the file cannot be used (nothing written) and
    PermissionDenied for a read-only operator.
    """
    return run_import(actor, SuppliesImporter(actor), path, dry_run=dry_run)


__all__ = ["SUPPLY_COLUMNS", "SuppliesImporter", "import_supplies", "parse_date"]
