"""The batch-list import (物资入库清单) and ``office-app import supplies`` (no Qt)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from office_app.cli import main
from office_app.models import (
    AuditEntry,
    ImportRun,
    LedgerEntry,
    RejectedRow,
    SupplyBatch,
    SupplyItem,
)
from office_app.models.database import close_database, open_database
from office_app.services.admin.actor import SYSTEM
from office_app.services.imports.errors import MissingColumns
from office_app.services.imports.supplies import import_supplies, parse_date
from office_app.services.supplies import stock as S

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
GOOD_CSV = FIXTURES / "supplies-good.csv"
MESSY_CSV = FIXTURES / "supplies-messy.csv"
MISSING_CSV = FIXTURES / "supplies-missing-columns.csv"

GOOD_ITEMS = {
    ("街道调拨", "二郎街道办事处", dt.date(2022, 11, 20), "蔬菜包", "生活物资", "份", 300,
     dt.date(2022, 11, 25)),
    ("街道调拨", "二郎街道办事处", dt.date(2022, 11, 20), "大米", "生活物资", "袋", 200,
     dt.date(2023, 9, 1)),
    ("社会捐赠", "重庆某医药连锁有限公司", dt.date(2022, 11, 21), "布洛芬", "药品", "盒", 50,
     dt.date(2024, 6, 30)),
    ("采购", "科城路社区", dt.date(2022, 11, 21), "N95口罩", "防护物资", "个", 1000, None),
    ("采购", "科城路社区", dt.date(2022, 11, 21), "防护服", "防护物资", "套", 80,
     dt.date(2024, 10, 1)),
}  # fmt: skip


def stored() -> set[tuple[object, ...]]:
    return {
        (
            i.batch.source,
            i.batch.supplier,
            i.batch.received_on,
            i.name,
            i.category,
            i.unit,
            i.quantity,
            i.expiry,
        )
        for i in SupplyItem.select()
    }


def test_parse_date() -> None:
    day = dt.date(2022, 11, 20)
    for text in ("2022-11-20", "2022/11/20", "2022.11.20", "2022年11月20日", "20221120",
                 "2022-11-20 00:00:00", "２０２２-１１-２０"):  # fmt: skip
        assert parse_date(text) == day, text
    for text in ("2022-11-31", "11/20/2022", "明天", "2022-13-01"):
        assert parse_date(text) is None, text


def test_good_file_receives_items_in_batches_with_ledger_entries(fresh_db: Path) -> None:
    summary = import_supplies(SYSTEM, GOOD_CSV)
    assert (summary.imported, summary.rejected, summary.ok) == (5, 0, True)
    assert summary.details == {"batches_created": 3}
    assert stored() == GOOD_ITEMS
    assert SupplyBatch.select().count() == 3
    for item in SupplyItem.select():
        assert S.item_stock(item.id) == item.quantity
    assert LedgerEntry.select().where(LedgerEntry.kind == "receipt").count() == 5
    assert AuditEntry.select().where(AuditEntry.action == "import.supplies").count() == 1


def test_importing_the_same_list_again_receives_nothing_twice(fresh_db: Path) -> None:
    import_supplies(SYSTEM, GOOD_CSV)
    again = import_supplies(SYSTEM, GOOD_CSV)
    assert (again.imported, again.duplicates, again.already_imported) == (0, 5, True)
    assert SupplyItem.select().count() == 5
    assert LedgerEntry.select().count() == 5


def test_dry_run_writes_nothing(fresh_db: Path) -> None:
    summary = import_supplies(SYSTEM, GOOD_CSV, dry_run=True)
    assert summary.imported == 5
    assert SupplyItem.select().count() == 0
    assert LedgerEntry.select().count() == 0
    assert ImportRun.select().count() == 0


def test_gb18030_and_xlsx_give_the_same_items(fresh_db: Path, tmp_path: Path) -> None:
    import openpyxl

    text = GOOD_CSV.read_text(encoding="utf-8")
    gbk = tmp_path / "物资-gbk.csv"
    gbk.write_bytes(text.encode("gb18030"))
    assert import_supplies(SYSTEM, gbk).imported == 5
    assert stored() == GOOD_ITEMS
    close_database()
    open_database(tmp_path / "x.db")
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for line in text.splitlines():
        cells: list[object] = list(line.split(","))
        if cells[2] == "2022-11-20":
            cells[2] = dt.datetime(2022, 11, 20)  # a real Excel date cell
        if cells[6] != "数量":
            cells[6] = int(str(cells[6]))
        sheet.append(cells)
    xlsx = tmp_path / "物资.xlsx"
    book.save(xlsx)
    summary = import_supplies(SYSTEM, xlsx)
    assert (summary.imported, summary.encoding) == (5, "xlsx")
    assert stored() == GOOD_ITEMS


def test_bad_rows_are_rejected_with_line_column_and_reason(fresh_db: Path) -> None:
    summary = import_supplies(SYSTEM, MESSY_CSV)
    # Line 7 repeats line 2: a duplicate (already received), as in every kind.
    assert (summary.imported, summary.duplicates, summary.rejected) == (1, 1, 6)
    reasons = [(r.line_no, r.column, r.reason) for r in summary.rejections]
    assert reasons == [
        (3, "入库数量", "“-5”不能小于 1"),
        (4, "来源", "不认识的来源“上级”（可填：街道调拨、社会捐赠、采购）"),
        (5, "收货日期（必填）", "“2022-11-31”不是日期（例如 2022-11-20）"),
        (6, "分类", "不认识的类别“口罩”（可填：生活物资、药品、防护物资）"),
        (8, "品名", "不能为空"),
        (9, "入库数量", "“1.5”不是整数"),
    ]
    assert [(i.name, i.expiry) for i in SupplyItem.select()] == [("面屏", None)]
    kept = RejectedRow.select().order_by(RejectedRow.line_no)
    assert next(r.raw_text for r in kept) == "社会捐赠,爱心企业,2022-11-21,手套,防护物资,副,-5,"


def test_missing_columns_are_named_and_nothing_is_written(fresh_db: Path) -> None:
    with pytest.raises(MissingColumns) as info:
        import_supplies(SYSTEM, MISSING_CSV)
    assert "来源、入库日期、类别" in str(info.value)
    assert SupplyItem.select().count() == 0


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "库.db"
    open_database(db)  # the command line creates no database
    close_database()
    assert main(["--db", str(db), "import", "supplies", str(GOOD_CSV), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["kind"], result["imported"], result["ok"]) == ("supplies", 5, True)
    assert main(["--db", str(db), "import", "supplies", str(MESSY_CSV), "--json"]) == 3
    result = json.loads(capsys.readouterr().out)
    assert (result["imported"], len(result["rejected"]), result["duplicates"]) == (1, 6, 1)
    assert main(["--db", str(db), "import", "supplies", str(MISSING_CSV)]) == 2
    assert "来源、入库日期、类别" in capsys.readouterr().err
