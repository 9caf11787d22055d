"""The buildings import (楼栋清单) and ``office-app import buildings`` (no Qt)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from office_app.cli import main
from office_app.models import AuditEntry, Building, Compound, ImportRun, Operator, RejectedRow
from office_app.models.database import close_database, open_database
from office_app.services.admin.actor import SYSTEM, Actor, PermissionDenied
from office_app.services.imports.buildings import import_buildings, normalize_building_name
from office_app.services.imports.errors import ImportFileError, MissingColumns
from office_app.services.imports.summary import ImportSummary

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
GOOD_CSV = FIXTURES / "buildings-good.csv"
GOOD_XLSX = FIXTURES / "buildings-good.xlsx"
GB18030_CSV = FIXTURES / "buildings-gb18030.csv"
UPDATE_CSV = FIXTURES / "buildings-update.csv"
MESSY_CSV = FIXTURES / "buildings-messy.csv"
MISSING_CSV = FIXTURES / "buildings-missing-columns.csv"

GOOD_BUILDINGS = {
    ("瑞景苑", "3栋", 2, 48),
    ("瑞景苑", "4栋", 2, 52),
    ("瑞景苑", "5栋", 1, 24),
    ("兴茂盛世国际", "1栋", 3, 90),
    ("兴茂盛世国际", "商铺", 1, 12),
}


def stored() -> set[tuple[str, str, int, int]]:
    query = Building.select(Building, Compound).join(Compound)
    return {(b.compound.name, b.name, b.units, b.households_planned) for b in query}


def nothing_written() -> bool:
    return not any(
        m.select().exists() for m in (Compound, Building, ImportRun, RejectedRow, AuditEntry)
    )


def balanced(summary: ImportSummary) -> bool:
    parts = summary.imported + summary.updated + summary.duplicates + summary.rejected
    return parts == summary.total_rows and summary.rejected == len(summary.rejections)


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("3", "3栋"),
        ("3号楼", "3栋"),
        ("3幢", "3栋"),
        ("3栋", "3栋"),
        ("３栋", "3栋"),
        ("03栋", "3栋"),
        ("3号", "3栋"),
        ("3#", "3栋"),
        ("第12栋", "12栋"),
        (" 3 号楼 ", "3栋"),
        ("商铺", "商铺"),
        ("A座", "A座"),
        ("Ａ座", "A座"),
        (" 临街  商铺 ", "临街商铺"),  # no space beside a Chinese character
        ("3单元", "3单元"),
    ],
)
def test_building_names_are_normalized(written: str, name: str) -> None:
    assert normalize_building_name(written) == name


# --- the service -------------------------------------------------------------------------------


def test_a_good_csv(fresh_db: Path) -> None:
    summary = import_buildings(SYSTEM, GOOD_CSV)
    assert (summary.kind, summary.file, summary.encoding) == (
        "buildings",
        "buildings-good.csv",
        "utf-8-sig",
    )
    assert (summary.total_rows, summary.imported, summary.updated, summary.rejected) == (5, 5, 0, 0)
    assert summary.details == {"compounds_created": 2}
    assert summary.ok and balanced(summary) and not summary.already_imported
    assert stored() == GOOD_BUILDINGS
    run = ImportRun.get_by_id(summary.import_run_id)
    assert (run.kind, run.file_name, run.encoding, run.imported_rows) == (
        "buildings",
        "buildings-good.csv",
        "utf-8-sig",
        5,
    )
    assert run.sha256 == summary.sha256 and len(run.sha256) == 64


def test_a_good_xlsx(fresh_db: Path) -> None:
    summary = import_buildings(SYSTEM, GOOD_XLSX)
    assert (summary.encoding, summary.imported, summary.rejected) == ("xlsx", 5, 0)
    assert stored() == GOOD_BUILDINGS


def test_the_gb18030_file(fresh_db: Path) -> None:
    summary = import_buildings(SYSTEM, GB18030_CSV)
    assert (summary.encoding, summary.imported, summary.rejected) == ("gb18030", 5, 0)
    assert stored() == GOOD_BUILDINGS


def test_reimporting_updates_and_never_duplicates(fresh_db: Path) -> None:
    import_buildings(SYSTEM, GOOD_CSV)
    again = import_buildings(SYSTEM, GOOD_CSV)
    assert again.already_imported
    assert (again.imported, again.updated, again.duplicates, again.rejected) == (0, 0, 5, 0)
    # The same list as .xlsx with other headers: still the same five buildings.
    as_xlsx = import_buildings(SYSTEM, GOOD_XLSX)
    assert not as_xlsx.already_imported
    assert (as_xlsx.imported, as_xlsx.duplicates, as_xlsx.details) == (
        0,
        5,
        {"compounds_created": 0},
    )
    assert Building.select().count() == 5 and Compound.select().count() == 2

    update = import_buildings(SYSTEM, UPDATE_CSV)
    assert (update.encoding, update.imported, update.updated, update.duplicates) == (
        "utf-8",
        1,
        1,
        1,
    )
    assert balanced(update)
    expected = (GOOD_BUILDINGS - {("瑞景苑", "3栋", 2, 48)}) | {
        ("瑞景苑", "3栋", 2, 50),
        ("瑞景苑", "6栋", 2, 40),
    }
    assert stored() == expected
    assert ImportRun.select().count() == 4


def test_an_existing_building_keeps_its_other_data(fresh_db: Path) -> None:
    compound = Compound.create(name="瑞景苑", address="科城路 1 号")
    # Entered by hand before the rule: "3号楼" is the same building as "3栋".
    Building.create(
        compound=compound, name="3号楼", units=1, households_planned=10, risk_level="高"
    )
    summary = import_buildings(SYSTEM, GOOD_CSV)
    assert (summary.imported, summary.updated) == (4, 1)
    building = Building.get(Building.name == "3号楼")
    assert (building.units, building.households_planned, building.risk_level) == (2, 48, "高")
    assert Compound.get(Compound.name == "瑞景苑").address == "科城路 1 号"
    assert summary.details == {"compounds_created": 1}


def test_what_users_do_wrong(fresh_db: Path) -> None:
    summary = import_buildings(SYSTEM, MESSY_CSV)
    # Line 5 (3号楼) repeats line 2 (3栋) unchanged: a duplicate, as in every kind.
    assert (summary.total_rows, summary.imported, summary.updated, summary.duplicates) == (
        9,
        3,
        0,
        1,
    )
    assert summary.rejected == 5 and balanced(summary) and not summary.ok
    assert [(r.line_no, r.column, r.reason) for r in summary.rejections] == [
        (6, "单元数", "“两个”不是整数"),
        (7, "户数", "“-3”不能为负数"),
        (8, "小区", "不能为空"),
        (9, "楼栋", "不能为空"),
        (10, "户数", "“12户”不是整数"),
    ]
    assert stored() == {
        ("瑞景苑", "3栋", 2, 48),
        ("恒基雍翠名门", "1栋", 1, 30),
        ("恒基雍翠名门", "2栋", 2, 0),
    }
    kept = [
        (r.line_no, r.column, r.raw_text)
        for r in RejectedRow.select()
        .where(RejectedRow.import_run == summary.import_run_id)
        .order_by(RejectedRow.line_no)
    ]
    assert kept == [
        (6, "单元数", "瑞景苑,4栋,两个,52"),
        (7, "户数", "瑞景苑,5栋,1,-3"),
        (8, "小区", ",7栋,1,10"),
        (9, "楼栋", "瑞景苑,,1,10"),
        (10, "户数", "瑞景苑,8栋,2,12户"),
    ]
    assert ImportRun.get_by_id(summary.import_run_id).rejected_rows == 5


def test_compound_names_match_regardless_of_spaces_and_width(
    fresh_db: Path, tmp_path: Path
) -> None:
    Compound.create(name="ＡＢ花园")  # entered before names were cleaned
    path = tmp_path / "宽度.csv"
    path.write_text("小区,楼栋\nAB花园,1\n AB 花园 ,2\n新 苑,1\n")
    summary = import_buildings(SYSTEM, path)
    assert (summary.imported, summary.details) == (3, {"compounds_created": 1})
    assert stored() == {
        ("ＡＢ花园", "1栋", 1, 0),
        ("ＡＢ花园", "2栋", 1, 0),
        ("新 苑", "1栋", 1, 0),
    }


def test_counts_out_of_range_and_too_many_values(fresh_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "范围.csv"
    path.write_text("小区,楼栋,单元数,户数\n甲,1,0,10\n甲,2,1,99999\n甲,3,1,5,多余\n甲,4,1,5,\n")
    summary = import_buildings(SYSTEM, path)
    assert [(r.line_no, r.column) for r in summary.rejections] == [
        (2, "单元数"),
        (3, "户数"),
        (4, ""),
    ]
    assert summary.imported == 1 and stored() == {("甲", "4栋", 1, 5)}


def test_missing_columns_write_nothing(fresh_db: Path) -> None:
    with pytest.raises(MissingColumns) as info:
        import_buildings(SYSTEM, MISSING_CSV)
    assert info.value.missing_labels == ["小区", "楼栋"]
    message = str(info.value)
    assert "buildings-missing-columns.csv" in message
    assert "缺少必需的列：小区、楼栋（文件中的列：名称, 单元, 户数）" in message
    assert "楼号" in message  # the accepted names are listed
    assert nothing_written()


def test_an_unreadable_file_writes_nothing(fresh_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "坏.csv"
    path.write_bytes(b"\x81\x30")  # a truncated GB18030 four-byte sequence, and not UTF-8
    with pytest.raises(ImportFileError, match=r"坏\.csv"):
        import_buildings(SYSTEM, path)
    assert nothing_written()


def test_dry_run_writes_nothing(fresh_db: Path) -> None:
    dry = import_buildings(SYSTEM, MESSY_CSV, dry_run=True)
    assert dry.dry_run and dry.import_run_id is None
    assert nothing_written()
    real = import_buildings(SYSTEM, MESSY_CSV)
    assert (dry.imported, dry.rejected, dry.details) == (real.imported, real.rejected, real.details)
    assert dry.rejections == real.rejections
    assert "试运行" in dry.describe()


def test_audit_entry(fresh_db: Path) -> None:
    summary = import_buildings(SYSTEM, GOOD_CSV)
    entries = list(AuditEntry.select())
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.action, entry.entity, entry.entity_id, entry.operator_name) == (
        "import.buildings",
        "import_run",
        summary.import_run_id,
        "system",
    )
    assert "buildings-good.csv" in entry.summary and "新增 5" in entry.summary
    assert json.loads(entry.after)["imported"] == 5


def test_a_readonly_operator_may_not_import(fresh_db: Path) -> None:
    reader = Actor("guest", "只读", "readonly", None)
    with pytest.raises(PermissionDenied):
        import_buildings(reader, GOOD_CSV)
    # Only the refusal itself is written: who, what and when, in the audit trail.
    assert [e.action for e in AuditEntry.select()] == ["denied"]
    assert not any(m.select().exists() for m in (Compound, Building, ImportRun, RejectedRow))


# --- the command line ----------------------------------------------------------------------------


def new_db(path: Path) -> Path:
    """An empty database: the command line creates none (only ``demo`` does)."""
    open_database(path)
    close_database()
    return path


def counts(db: Path) -> tuple[int, int, int]:
    open_database(db)
    try:
        return Building.select().count(), RejectedRow.select().count(), ImportRun.select().count()
    finally:
        close_database()


def test_cli_good_file_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = new_db(tmp_path / "库.db")
    assert main(["--db", str(db), "import", "buildings", str(GOOD_CSV)]) == 0
    captured = capsys.readouterr()
    assert captured.out.count("\n") == 1
    assert "buildings-good.csv" in captured.out and "新增 5" in captured.out
    # nothing goes to stderr
    assert captured.err == ""
    assert counts(db) == (5, 0, 1)


def test_cli_rejected_rows_exit_3_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = new_db(tmp_path / "库.db")
    assert main(["--db", str(db), "import", "buildings", str(MESSY_CSV)]) == 3
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"{MESSY_CSV}:6: 单元数: “两个”不是整数"
    assert f"{MESSY_CSV}:10: 户数: “12户”不是整数" in err
    assert len(err) == 5
    assert counts(db) == (3, 5, 1)


def test_cli_json_one_object_per_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = new_db(tmp_path / "库.db")
    argv = ["--db", str(db), "import", "buildings", str(GOOD_CSV), str(MESSY_CSV), "--json"]
    assert main(argv) == 3
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    good, messy = (json.loads(line) for line in lines)
    assert (good["file"], good["imported"], good["ok"]) == ("buildings-good.csv", 5, True)
    assert good["encoding"] == "utf-8-sig" and good["import_run_id"] is not None
    assert (len(messy["rejected"]), messy["duplicates"], messy["ok"]) == (5, 2, False)
    assert messy["rejected"][0] == {"line": 6, "column": "单元数", "reason": "“两个”不是整数"}
    # Deprecated, kept one release: the rejections with their raw text.
    assert messy["rejections"][0] == {
        "line_no": 6,
        "column": "单元数",
        "reason": "“两个”不是整数",
        "raw_text": "瑞景苑,4栋,两个,52",
    }


def test_cli_missing_columns_exit_2_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = new_db(tmp_path / "库.db")
    assert main(["--db", str(db), "import", "buildings", str(MISSING_CSV)]) == 2
    captured = capsys.readouterr()
    assert "buildings-missing-columns.csv" in captured.err and "小区、楼栋" in captured.err
    assert "Traceback" not in captured.err and captured.out == ""
    assert counts(db) == (0, 0, 0)


def test_cli_missing_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = new_db(tmp_path / "库.db")
    missing = tmp_path / "没有这个文件.csv"
    assert main(["--db", str(db), "import", "buildings", str(missing), "--json"]) == 2
    captured = capsys.readouterr()
    assert "没有这个文件.csv" in captured.err and "Traceback" not in captured.err
    failed = json.loads(captured.out)
    assert failed["ok"] is False and "没有这个文件.csv" in failed["error"]


def test_cli_one_good_file_one_unusable_exits_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = new_db(tmp_path / "库.db")
    argv = ["--db", str(db), "import", "buildings", str(MISSING_CSV), str(GOOD_CSV)]
    assert main(argv) == 3
    assert "新增 5" in capsys.readouterr().out
    assert counts(db) == (5, 0, 1)


def test_cli_gb18030_and_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = new_db(tmp_path / "库.db")
    # Paths with Chinese characters and spaces.
    folder = tmp_path / "导入 文件"
    folder.mkdir()
    files = [shutil.copy(GB18030_CSV, folder / "楼栋 GBK.csv"), shutil.copy(GOOD_XLSX, folder)]
    assert main(["--db", str(db), "import", "buildings", *map(str, files), "--json"]) == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert (first["encoding"], first["imported"]) == ("gb18030", 5)
    assert (second["encoding"], second["duplicates"]) == ("xlsx", 5)


def test_cli_dry_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = new_db(tmp_path / "库.db")
    assert main(["--db", str(db), "import", "buildings", str(GOOD_CSV), "--dry-run"]) == 0
    assert "试运行" in capsys.readouterr().out
    assert counts(db) == (0, 0, 0)


def test_cli_unknown_kind_is_argparses_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--db", str(tmp_path / "x.db"), "import", "people", str(GOOD_CSV)])
    assert info.value.code == 2
    assert "buildings" in capsys.readouterr().err


def test_cli_readonly_operator_exit_5(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "库.db"
    open_database(db)
    Operator.create(username="guest", display_name="访客", role="readonly", password_hash="x")
    close_database()
    argv = ["--db", str(db), "--operator", "guest", "import", "buildings", str(GOOD_CSV)]
    assert main(argv) == 5  # not permitted for this operator
    assert "只读" in capsys.readouterr().err
    assert counts(db) == (0, 0, 0)


@pytest.mark.parametrize(
    ("written", "stored"),
    [("A 座", "A座"), ("A座", "A座"), ("商 铺", "商铺"), (" 3 号楼 ", "3栋"), ("B2 栋", "B2栋")],
)
def test_spaces_beside_chinese_characters_do_not_make_another_building(
    written: str, stored: str
) -> None:
    from office_app.services.imports.buildings import normalize_building_name

    assert normalize_building_name(written) == stored
