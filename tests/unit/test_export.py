"""The shared export helper (issue 9, point 6): masked by default, no formula injection."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from office_app.models import AuditEntry, db
from office_app.services.admin.actor import SYSTEM, Actor, PermissionDenied
from office_app.services.reporting import export as E

DUTY = Actor("duty1", "值班员", "duty", None)
COLUMNS = [
    E.ExportColumn("姓名", E.NAME),
    E.ExportColumn("证件号码", E.DOCUMENT),
    E.ExportColumn("手机", E.PHONE),
    E.ExportColumn("备注"),
    E.ExportColumn("人数"),
    E.ExportColumn("时间", E.DATETIME),
]
ROWS = [
    [
        "张三丰",
        "500107199003071234",
        "13912340217",
        '=HYPERLINK("http://x")',
        3,
        dt.datetime(2022, 11, 21, 8, 30),
    ],
    ["李四", "", None, "+1 -2 @SUM(A1)", -4, None],
    ["王五", "E12345678", "023-68123456", "-危险", 0, None],
]


def _read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: Excel on Chinese Windows reads UTF-8
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_is_masked_by_default_and_formulas_are_neutralised(
    fresh_db: Path, tmp_path: Path
) -> None:
    result = E.export_table(DUTY, tmp_path / "居民.csv", COLUMNS, ROWS, what="residents")
    assert (result.rows, result.masked) == (3, True)
    rows = _read_csv(result.path)
    assert rows[0] == ["姓名", "证件号码", "手机", "备注", "人数", "时间"]
    assert rows[1] == [
        "张**",
        "5001**********1234",
        "139****0217",
        '\'=HYPERLINK("http://x")',
        "3",
        "2022-11-21 08:30",
    ]
    assert rows[2][3] == "'+1 -2 @SUM(A1)" and rows[2][4] == "-4"  # numbers stay numbers
    assert rows[3][:4] == ["王*", "E1*****78", "********3456", "'-危险"]
    entry = AuditEntry.get(AuditEntry.action == "export.residents")
    assert entry.operator_name == "duty1" and "3 行" in entry.summary and "已遮挡" in entry.summary


def test_unmasked_only_for_an_admin_and_audited(fresh_db: Path, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        E.export_table(DUTY, tmp_path / "x.csv", COLUMNS, ROWS, what="residents", reveal=True)
    assert not (tmp_path / "x.csv").exists()
    result = E.export_table(
        SYSTEM, tmp_path / "x.csv", COLUMNS, ROWS, what="residents", reveal=True
    )
    assert not result.masked
    assert _read_csv(result.path)[1][:3] == ["张三丰", "500107199003071234", "13912340217"]
    entry = AuditEntry.get(AuditEntry.action == "export.residents")
    assert "未遮挡" in entry.summary and '"unmasked": true' in entry.after


def test_xlsx_holds_text_not_formulas(fresh_db: Path, tmp_path: Path) -> None:
    result = E.export_table(DUTY, tmp_path / "居民.xlsx", COLUMNS, ROWS, what="residents")
    sheet = load_workbook(result.path).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][3] == '\'=HYPERLINK("http://x")'
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert values[1][1] == "5001**********1234" and values[2][4] == -4


def test_unknown_format_writes_nothing(fresh_db: Path, tmp_path: Path) -> None:
    with pytest.raises(E.ExportError, match=r"\.csv 或 \.xlsx"):
        E.export_table(DUTY, tmp_path / "x.pdf", COLUMNS, ROWS, what="residents")
    assert not (tmp_path / "x.pdf").exists()
    with db.atomic():
        assert AuditEntry.select().count() == 0


def test_neutralise() -> None:
    assert [E.neutralise(t) for t in ("=1+1", "@x", "\tx", "正常", "", "a=b")] == [
        "'=1+1",
        "'@x",
        "'\tx",
        "正常",
        "",
        "a=b",
    ]


def test_export_listing_takes_the_filtered_rows(fresh_db: Path, tmp_path: Path) -> None:
    from office_app.services import listings as L

    with db.atomic():
        for n in range(7):
            AuditEntry.create(operator_name="admin" if n % 2 else "duty1", action="login")
    titles = [c.title for c in L.AUDIT.columns]
    result = E.export_listing(
        SYSTEM, tmp_path / "审计.csv", L.AUDIT, titles=titles, what="audit", text="duty1", batch=2
    )
    assert result.rows == 4
    assert [r[1] for r in _read_csv(result.path)[1:]] == ["duty1"] * 4
