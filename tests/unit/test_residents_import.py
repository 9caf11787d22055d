"""The residents import (居民名单) and ``office-app import residents`` (no Qt)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from office_app.cli import main
from office_app.models import (
    AuditEntry,
    Building,
    Household,
    ImportRun,
    RejectedRow,
    Resident,
    ResidentGroup,
)
from office_app.models.database import close_database, open_database
from office_app.services.admin.actor import SYSTEM
from office_app.services.imports.buildings import import_buildings
from office_app.services.imports.errors import MissingColumns
from office_app.services.imports.residents import import_residents, normalize_unit, parse_groups
from office_app.services.imports.summary import ImportSummary
from office_app.services.people.identity import DocumentType, check_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
BUILDINGS_CSV = FIXTURES / "buildings-good.csv"
GOOD_CSV = FIXTURES / "residents-good.csv"
GOOD_XLSX = FIXTURES / "residents-good.xlsx"
GB18030_CSV = FIXTURES / "residents-gb18030.csv"
UPDATE_CSV = FIXTURES / "residents-update.csv"
MESSY_CSV = FIXTURES / "residents-messy.csv"
MISSING_CSV = FIXTURES / "residents-missing-columns.csv"

ZHANG = "500108199003151230"
LI = "500108199307022462"
WANG = "500107193811080625"
CHEN = "500105201209013117"
LIU = "50010819750520003X"
ZHAO = "500112197505200173"
ZHOU = "500106198506064019"

# (name, doc_type, doc_no, phone, landline, building, unit, room, groups)
GOOD_RESIDENTS = {
    ("张伟", "居民身份证", ZHANG, "13912340217", "", "瑞景苑 3栋", "1单元", "301", ()),
    ("李娜", "居民身份证", LI, "13800001111", "", "瑞景苑 3栋", "1单元", "301", ("孕妇",)),
    ("王秀英", "居民身份证", WANG, "", "023-68123456", "瑞景苑 4栋", "2单元", "502",
     ("高龄", "慢病·透析")),
    ("陈晨", "居民身份证", CHEN, "13700002222", "", "兴茂盛世国际 1栋", "2单元", "1203",
     ("网课学生",)),
    ("John Smith", "护照", "E12345678", "13500003333", "", "兴茂盛世国际 商铺", "", "1", ()),
    ("刘洋", "居民身份证", LIU, "13600004444", "", "瑞景苑 5栋", "1单元", "101",
     ("慢病·透析", "残障")),
}  # fmt: skip


def groups_of(resident: Resident) -> tuple[str, ...]:
    query = ResidentGroup.select().where(ResidentGroup.resident == resident.id)
    return tuple(sorted(g.group for g in query))


def stored() -> set[tuple[object, ...]]:
    result = set()
    for r in Resident.select():
        h = r.household
        b = h.building
        result.add(
            (
                r.name,
                r.doc_type,
                r.doc_no,
                r.phone,
                r.landline,
                f"{b.compound.name} {b.name}",
                h.unit,
                h.room,
                groups_of(r),
            )
        )
    return result


def expected(rows: set[tuple[object, ...]]) -> set[tuple[object, ...]]:
    return {(*row[:8], tuple(sorted(row[8]))) for row in rows}  # type: ignore[arg-type]


def with_buildings() -> None:
    assert import_buildings(SYSTEM, BUILDINGS_CSV).ok


def balanced(summary: ImportSummary) -> bool:
    parts = summary.imported + summary.updated + summary.duplicates + summary.rejected
    return parts == summary.total_rows and summary.rejected == len(summary.rejections)


def resident(doc_no: str) -> Resident:
    found: Resident = Resident.get(Resident.doc_no == doc_no)
    return found


def reasons(summary: ImportSummary) -> dict[int, tuple[str, str]]:
    return {r.line_no: (r.column, r.reason) for r in summary.rejections}


# --- pure helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "unit"),
    [("2", "2单元"), ("2单元", "2单元"), ("２单元", "2单元"), ("02", "2单元"), ("", ""),
     (" 3 ", "3单元"), ("A单元", "A单元")],
)  # fmt: skip
def test_units_are_normalized(written: str, unit: str) -> None:
    assert normalize_unit(written) == unit


@pytest.mark.parametrize(
    ("cell", "groups", "unknown"),
    [
        ("", [], []),
        ("无", [], []),
        ("孕妇", ["孕妇"], []),
        ("高龄、慢病", ["高龄", "慢病·透析"], []),
        ("透析/残疾", ["慢病·透析", "残障"], []),
        ("慢病/透析", ["慢病·透析"], []),
        ("孕产妇，婴儿;学生 80岁以上", ["孕妇", "高龄", "婴幼儿", "网课学生"], []),
        ("网课；幼儿,老人", ["网课学生", "高龄", "婴幼儿"], []),
        ("慢病·透析 残障", ["慢病·透析", "残障"], []),
        ("孕妇、吸烟者", ["孕妇"], ["吸烟者"]),
    ],
)
def test_special_groups_are_parsed(cell: str, groups: list[str], unknown: list[str]) -> None:
    found, not_understood = parse_groups(cell)
    assert sorted(found) == sorted(groups) and not_understood == unknown


# --- the service -------------------------------------------------------------------------------


def test_a_good_csv(fresh_db: Path) -> None:
    with_buildings()
    summary = import_residents(SYSTEM, GOOD_CSV)
    assert (summary.kind, summary.file, summary.encoding) == (
        "residents",
        "residents-good.csv",
        "utf-8-sig",
    )
    assert (summary.total_rows, summary.imported, summary.rejected) == (6, 6, 0), summary.rejections
    assert summary.ok and balanced(summary)
    assert summary.details == {"households_created": 5}
    assert stored() == expected(GOOD_RESIDENTS)
    assert Household.select().count() == 5
    # gender and birth date from the ID number; a passport leaves them empty
    zhang, li, smith = resident(ZHANG), resident(LI), resident("E12345678")
    assert (zhang.gender, zhang.birth_date) == ("男", dt.date(1990, 3, 15))
    assert (li.gender, li.birth_date) == ("女", dt.date(1993, 7, 2))
    assert (resident(LIU).gender, resident(LIU).birth_date) == ("男", dt.date(1975, 5, 20))
    assert (smith.gender, smith.birth_date) == ("", None)
    assert zhang.household_id == li.household_id  # one household: 瑞景苑 3栋 1单元 301
    run = ImportRun.get(ImportRun.kind == "residents")
    assert (run.kind, run.imported_rows, run.rejected_rows) == ("residents", 6, 0)
    assert summary.import_run_id == run.id


@pytest.mark.parametrize(("path", "encoding"), [(GB18030_CSV, "gb18030"), (GOOD_XLSX, "xlsx")])
def test_the_gb18030_file_and_the_xlsx(fresh_db: Path, path: Path, encoding: str) -> None:
    with_buildings()
    summary = import_residents(SYSTEM, path)
    assert summary.encoding == encoding
    assert (summary.imported, summary.rejected) == (6, 0), summary.rejections
    assert stored() == expected(GOOD_RESIDENTS)


def test_reimport_updates_and_never_duplicates(fresh_db: Path) -> None:
    with_buildings()
    import_residents(SYSTEM, GOOD_CSV)
    again = import_residents(SYSTEM, GOOD_CSV)
    assert (again.imported, again.updated, again.duplicates) == (0, 0, 6)
    assert again.already_imported and again.details == {"households_created": 0}
    wang_before = resident(WANG)
    summary = import_residents(SYSTEM, UPDATE_CSV)
    assert (summary.imported, summary.updated, summary.duplicates, summary.rejected) == (
        1,
        2,
        1,
        0,
    ), summary.rejections
    assert Resident.select().count() == 7 and Household.select().count() == 5
    assert resident(ZHANG).phone == "13912349999"  # phone changed
    assert Resident.select().where(Resident.doc_no == ZHANG).count() == 1
    wang = resident(WANG)
    assert groups_of(wang) == ("高龄",)  # groups replaced by the file's
    assert wang.landline == "023-68123456"  # a blank phone cell keeps the stored numbers
    assert wang.updated_at >= wang_before.updated_at
    zhao = resident(ZHAO)
    assert groups_of(zhao) == () and zhao.household_id == wang.household_id
    assert groups_of(resident(LI)) == ("孕妇",)
    assert ResidentGroup.select().where(ResidentGroup.group == "慢病·透析").count() == 1  # 刘洋


def test_what_users_do_wrong(fresh_db: Path) -> None:
    with_buildings()
    buildings = Building.select().count()
    summary = import_residents(SYSTEM, MESSY_CSV)
    # Line 8 repeats line 2's document number, unchanged: a duplicate, as in every kind.
    assert (summary.total_rows, summary.imported, summary.duplicates, summary.rejected) == (
        10,
        1,
        1,
        8,
    )
    assert balanced(summary)
    got = reasons(summary)
    assert got[3] == ("证件号码", check_document("5.10213E+17").reason)
    assert "科学计数法" in got[3][1]
    assert got[4] == ("证件号码", check_document("500108198801305000").reason)
    assert "000" in got[4][1] and "Excel" in got[4][1]
    assert got[5] == ("证件号码", "校验位应为 9，实际为 8")
    assert got[6] == ("楼栋", "未登记的楼栋：瑞景苑 9栋（请先导入或新建楼栋）")
    assert got[7][0] == "手机号" and "“1391234”" in got[7][1]
    assert 8 not in got
    assert got[9][0] == "特殊人群" and "“吸烟者”" in got[9][1]
    assert got[10][0] == "证件类型" and "“驾驶证”" in got[10][1]
    assert got[11] == ("姓名", "不能为空")
    # nothing created for the rejected rows: no building, no household, no resident
    assert Building.select().count() == buildings
    assert [r.doc_no for r in Resident.select()] == [ZHOU]
    assert [(h.unit, h.room) for h in Household.select()] == [("1单元", "302")]
    rejected = RejectedRow.select().where(RejectedRow.line_no == 6).get()
    assert rejected.raw_text == "郑红,,500108198801305359,,瑞景苑,9栋,1,101,"


def test_landline_and_mobile(fresh_db: Path, tmp_path: Path) -> None:
    with_buildings()
    path = tmp_path / "phones.csv"
    path.write_text(
        "姓名,证件号码,联系电话,小区,楼栋,房号\n"
        f"张伟,{ZHANG},(023)68123456,瑞景苑,3栋,301\n"
        f"李娜,{LI},0086 139-1234-0217,瑞景苑,3栋,301\n"
        f"王秀英,{WANG},023-6812345a,瑞景苑,3栋,302\n"
        f"陈晨,{CHEN},电话坏了,瑞景苑,3栋,303\n",
        encoding="utf-8",
    )
    summary = import_residents(SYSTEM, path)
    assert (summary.imported, summary.rejected) == (2, 2)
    assert (resident(ZHANG).phone, resident(ZHANG).landline) == ("", "023-68123456")
    assert (resident(LI).phone, resident(LI).landline) == ("13912340217", "")
    got = reasons(summary)
    assert got[4][0] == "联系电话" and "“023-6812345a”" in got[4][1]
    assert got[5][0] == "联系电话" and "“电话坏了”" in got[5][1]


def test_passport_and_other_documents(fresh_db: Path, tmp_path: Path) -> None:
    with_buildings()
    path = tmp_path / "docs.csv"
    path.write_text(
        "姓名,证件类型,证件号,小区,楼栋,房号\n"
        "John Smith,护照,E 1234 5678,瑞景苑,3栋,301\n"
        "Jane Roe,护照,E1*2,瑞景苑,3栋,301\n"
        "陈大文,港澳通行证,H12345678,瑞景苑,3栋,302\n",
        encoding="utf-8",
    )
    summary = import_residents(SYSTEM, path)
    assert (summary.imported, summary.rejected) == (2, 1)
    assert resident("E12345678").doc_type == "护照"
    assert resident("H12345678").doc_type == "港澳通行证"
    assert reasons(summary)[3] == ("证件号", check_document("E1*2", DocumentType.PASSPORT).reason)


def test_missing_columns_write_nothing(fresh_db: Path) -> None:
    with_buildings()
    runs = ImportRun.select().count()
    with pytest.raises(MissingColumns) as caught:
        import_residents(SYSTEM, MISSING_CSV)
    assert caught.value.missing_labels == ["证件号码", "小区", "房号"]
    assert "residents-missing-columns.csv" in str(caught.value)
    assert not Resident.select().exists() and not Household.select().exists()
    assert ImportRun.select().count() == runs


def test_dry_run_writes_nothing(fresh_db: Path) -> None:
    with_buildings()
    audits = AuditEntry.select().count()
    summary = import_residents(SYSTEM, GOOD_CSV, dry_run=True)
    assert summary.dry_run and summary.imported == 6 and summary.import_run_id is None
    assert not Resident.select().exists() and not Household.select().exists()
    assert not ResidentGroup.select().exists()
    assert ImportRun.select().count() == 1  # the buildings import only
    assert AuditEntry.select().count() == audits


def test_audit_entry(fresh_db: Path) -> None:
    with_buildings()
    import_residents(SYSTEM, MESSY_CSV)
    entry = AuditEntry.select().where(AuditEntry.action == "import.residents").get()
    assert "居民导入" in entry.summary and "拒绝 8" in entry.summary


# --- the command line --------------------------------------------------------------------------


def new_db(path: Path) -> Path:
    """An empty database: the command line creates none (only ``demo`` does)."""
    open_database(path)
    close_database()
    return path


def cli_db(tmp_path: Path) -> Path:
    db = new_db(tmp_path / "库.db")
    assert main(["--db", str(db), "import", "buildings", str(BUILDINGS_CSV)]) == 0
    return db


def resident_count(db: Path) -> int:
    open_database(db)
    try:
        return int(Resident.select().count())
    finally:
        close_database()


def test_cli_good_file_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = cli_db(tmp_path)
    capsys.readouterr()
    assert main(["--db", str(db), "import", "residents", str(GOOD_CSV), "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert (result["kind"], result["file"], result["imported"], result["ok"]) == (
        "residents",
        "residents-good.csv",
        6,
        True,
    )
    assert result["details"] == {"households_created": 5} and result["rejections"] == []
    assert resident_count(db) == 6


def test_cli_rejected_rows_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = cli_db(tmp_path)
    capsys.readouterr()
    assert main(["--db", str(db), "import", "residents", str(MESSY_CSV), "--json"]) == 3
    result = json.loads(capsys.readouterr().out)
    assert (result["imported"], len(result["rejected"]), result["ok"]) == (1, 8, False)
    assert result["rejected"][3] == {
        "line": 6,
        "column": "楼栋",
        "reason": "未登记的楼栋：瑞景苑 9栋（请先导入或新建楼栋）",
    }
    # Deprecated, kept one release.
    assert result["rejections"][3] == {
        "line_no": 6,
        "column": "楼栋",
        "reason": "未登记的楼栋：瑞景苑 9栋（请先导入或新建楼栋）",
        "raw_text": "郑红,,500108198801305359,,瑞景苑,9栋,1,101,",
    }
    assert resident_count(db) == 1


def test_cli_missing_columns_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = cli_db(tmp_path)
    assert main(["--db", str(db), "import", "residents", str(MISSING_CSV)]) == 2
    assert "证件号码、小区、房号" in capsys.readouterr().err
    assert resident_count(db) == 0
