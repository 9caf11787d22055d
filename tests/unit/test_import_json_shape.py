"""One JSON shape for every kind: ``office-app import KIND FILE --json`` (issue 18, point 2).

Each kind imports a small file written here, into a community that has 瑞景苑 3栋 (two units,
48 households) registered; the figures are worked out by hand from the file: one row new, one
row repeating it (a duplicate, for every kind), one row changing what is stored (updated,
where the kind updates), one row rejected with its line, column and reason.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from office_app.cli import main
from office_app.models.database import close_database, open_database
from office_app.services.people.identity import check_document, check_mobile, make_id_number

SHAPE = {
    "file",
    "kind",
    "encoding",
    "rows",
    "imported",
    "updated",
    "duplicates",
    "unmatched",
    "rejected",
    "sha256",
    "dry_run",
    "already_imported",
    "import_run_id",
    "ok",
}
# Deprecated, kept one release for the kinds that printed them (README, "Importing").
LEGACY = {"total_rows", "details", "rejections"}

ZHANG = make_id_number("500107", dt.date(1980, 5, 1), 123)
LIU = make_id_number("500107", dt.date(1990, 7, 2), 242)
WANG = make_id_number("500107", dt.date(1975, 3, 9), 311)
# ZHANG with its check digit changed: the one rejected test row.
BAD = ZHANG[:17] + ("0" if ZHANG[17] != "0" else "1")
TESTS_HEADER = "姓名,证件类型,证件号码,采样时间,试管编码,采样方式,检测结果,报告时间,小区,楼栋"


def site_row(name: str, doc: str, tube: str, result: str, compound: str) -> str:
    return (
        f"{name},居民身份证,{doc},2022-11-20 08:12:35,{tube},单采,{result},"
        f"2022-11-20 21:40:12,{compound},3栋"
    )


# kind → (file lines, expected figures, the one rejection (line, column, reason), own fields)
CASES: dict[str, tuple[list[str], dict[str, int], tuple[int, str, str], dict[str, Any]]] = {
    "buildings": (
        [
            "小区,楼栋,单元数,户数",
            "瑞景苑,3栋,3,48",  # 2: units 2 → 3: updated
            "瑞景苑,5栋,1,20",  # 3: new
            "瑞景苑,5号楼,1,20",  # 4: line 3 again (5号楼 is 5栋): duplicate
            "瑞景苑,6栋,两个,10",  # 5: rejected
        ],
        {"rows": 4, "imported": 1, "updated": 1, "duplicates": 1, "unmatched": 0},
        (5, "单元数", "“两个”不是整数"),
        {"compounds_created": 0},
    ),
    "residents": (
        [
            "姓名,证件号码,手机号,小区,楼栋,单元,房号",
            f"张三,{ZHANG},13908310217,瑞景苑,3栋,1,101",  # 2: new (and its household)
            f"张三,{ZHANG},13908310217,瑞景苑,3栋,1,101",  # 3: line 2 again: duplicate
            f"张三,{ZHANG},13900000000,瑞景苑,3栋,1,101",  # 4: another phone: updated
            f"刘六,{LIU},13527681034,瑞景苑,9栋,1,101",  # 5: rejected (no 9栋)
        ],
        {"rows": 4, "imported": 1, "updated": 1, "duplicates": 1, "unmatched": 0},
        (5, "楼栋", "未登记的楼栋：瑞景苑 9栋（请先导入或新建楼栋）"),
        {"households_created": 1},
    ),
    "volunteers": (
        [
            "姓名,手机号,性别",
            "周九,13983001111,",  # 2: new
            "周九,13983001111,",  # 3: line 2 again: duplicate
            "周九,13983001111,女",  # 4: gender given: updated
            "张三,1398300,男",  # 5: rejected
        ],
        {"rows": 4, "imported": 1, "updated": 1, "duplicates": 1, "unmatched": 0},
        (5, "手机号", f"“1398300”不是有效的手机号：{check_mobile('1398300').reason}"),
        {"organisations_created": 0, "skills_added": 0},
    ),
    "supplies": (
        [
            "来源,入库日期,物资名称,类别,数量",
            "采购,2022-11-20,口罩,防护物资,100",  # 2: new (and its batch)
            "采购,2022-11-20,口罩,防护物资,100",  # 3: line 2 again: duplicate
            "采购,2022-11-20,手套,防护物资,-5",  # 4: rejected
        ],
        {"rows": 3, "imported": 1, "updated": 0, "duplicates": 1, "unmatched": 0},
        (4, "数量", "“-5”不能小于 1"),
        {"batches_created": 1},
    ),
    "tests": (
        [
            TESTS_HEADER,
            site_row("张三", ZHANG, "T1", "阴性", "瑞景苑"),  # 2: new, linked to 瑞景苑 3栋
            site_row("张三", ZHANG, "T1", "阴性", "瑞景苑"),  # 3: line 2 again: duplicate
            site_row("刘六", LIU, "T2", "阳性", "瑞景苑"),  # 4: new, a positive in 3栋
            site_row("王五", WANG, "T3", "阴性", "别处小区"),  # 5: new, unmatched
            site_row("张三", BAD, "T4", "阴性", "瑞景苑"),  # 6: rejected
        ],
        {"rows": 5, "imported": 3, "updated": 0, "duplicates": 1, "unmatched": 1},
        (6, "证件号码", f"证件号码：{check_document(BAD).reason}"),
        {
            "positives": 1,
            "pool_positives": 0,
            "positive_buildings": ["瑞景苑 3栋"],
            "results_filled": 0,
        },
    ),
}


@pytest.fixture
def community_db(tmp_path: Path) -> Path:
    """A database with 瑞景苑 3栋 (2 units, 48 households) registered."""
    db = tmp_path / "社区.db"
    open_database(db)
    close_database()
    buildings = tmp_path / "楼栋.csv"
    buildings.write_text("小区,楼栋,单元数,户数\n瑞景苑,3栋,2,48\n", encoding="utf-8")
    assert main(["--db", str(db), "import", "buildings", str(buildings)]) == 0
    return db


@pytest.mark.parametrize("kind", list(CASES))
def test_every_kind_prints_the_one_shape(
    kind: str, community_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines, figures, (line, column, reason), own = CASES[kind]
    path = tmp_path / f"{kind}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["--db", str(community_db), "import", kind, str(path), "--json"]) == 3
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1  # one line per file
    data = json.loads(out[0])
    legacy = LEGACY if kind != "tests" else set()
    assert set(data) == SHAPE | set(own) | legacy
    assert (data["file"], data["kind"], data["encoding"]) == (f"{kind}.csv", kind, "utf-8")
    assert {key: data[key] for key in figures} == figures
    assert data["rejected"] == [{"line": line, "column": column, "reason": reason}]
    assert {key: data[key] for key in own} == own
    # Every row is counted once, the same way for every kind.
    assert data["rows"] == (
        data["imported"] + data["updated"] + data["duplicates"] + len(data["rejected"])
    )
    assert (data["ok"], data["dry_run"], data["already_imported"]) == (False, False, False)
    assert isinstance(data["import_run_id"], int) and len(data["sha256"]) == 64
    if legacy:
        assert data["total_rows"] == data["rows"]
        assert data["details"] == own
        assert data["rejections"] == [
            {"line_no": line, "column": column, "reason": reason, "raw_text": lines[line - 1]}
        ]


@pytest.mark.parametrize("kind", list(CASES))
def test_a_dry_run_prints_the_same_figures_and_the_same_file_twice_is_recognised(
    kind: str, community_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines, figures, _, _ = CASES[kind]
    path = tmp_path / f"{kind}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    argv = ["--db", str(community_db), "import", kind, str(path), "--json"]
    capsys.readouterr()
    assert main([*argv, "--dry-run"]) == 3
    dry = json.loads(capsys.readouterr().out)
    assert {key: dry[key] for key in figures} == figures
    assert (dry["dry_run"], dry["import_run_id"]) == (True, None)
    assert main(argv) == 3
    capsys.readouterr()
    assert main(argv) == 3
    again = json.loads(capsys.readouterr().out)
    # The second time the file is recognised and nothing is new (the residents' file changes
    # a phone back and forth: those rows update again).
    assert again["already_imported"] is True and again["imported"] == 0
    assert again["rows"] == again["updated"] + again["duplicates"] + len(again["rejected"])
