"""The volunteers import (志愿者名单) and ``office-app import volunteers`` (no Qt)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from office_app.cli import main
from office_app.models import (
    AuditEntry,
    Building,
    ImportRun,
    Organisation,
    RejectedRow,
    Volunteer,
)
from office_app.models.database import close_database, open_database
from office_app.models.volunteers import VolunteerSkill
from office_app.services.admin.actor import SYSTEM, Actor, PermissionDenied
from office_app.services.imports.buildings import import_buildings
from office_app.services.imports.errors import MissingColumns
from office_app.services.imports.volunteers import (
    import_volunteers,
    parse_date,
    parse_party,
    parse_skills,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
BUILDINGS_CSV = FIXTURES / "buildings-good.csv"
GOOD_CSV = FIXTURES / "volunteers-good.csv"
MESSY_CSV = FIXTURES / "volunteers-messy.csv"
TODAY = dt.date(2022, 11, 20)
READER = Actor("viewer", "查看员", "readonly", None)


@pytest.fixture
def with_buildings(fresh_db: Path) -> Path:
    summary = import_buildings(SYSTEM, BUILDINGS_CSV)
    assert summary.ok
    return fresh_db


def volunteer(name: str) -> Volunteer:
    return Volunteer.get(Volunteer.name == name)


def skills(name: str) -> list[str]:
    rows = VolunteerSkill.select().where(VolunteerSkill.volunteer == volunteer(name).id)
    return sorted(s.skill for s in rows)


def test_good_file_imports_every_column(with_buildings: Path) -> None:
    summary = import_volunteers(SYSTEM, GOOD_CSV, today=TODAY)
    assert summary.ok, summary.describe()
    assert summary.counts()["imported"] == 5
    cui = volunteer("崔亚涛")
    assert (cui.phone, cui.gender, cui.party_member, cui.kind) == (
        "13983001234",
        "男",
        True,
        "下沉干部",
    )
    assert (cui.organisation.name, cui.organisation.level) == ("市五中法院", "市级")
    assert cui.grid_role == "组长" and cui.grid_compound.name == "瑞景苑"
    assert cui.report_date == TODAY and cui.status == "在岗"
    xu = volunteer("徐李梦")
    assert xu.phone == "13983002345"
    assert (xu.home_building.compound.name, xu.home_building.name) == ("兴茂盛世国际", "1栋")
    assert xu.grid_role == "小组长" and xu.grid_building.id == xu.home_building.id
    assert skills("徐李梦") == ["医护", "核酸录入"]
    pan = volunteer("潘超")
    # "3号楼" is 3栋; a scope of "3栋" is a building of his own compound.
    assert pan.home_building.name == "3栋" and pan.grid_building.name == "3栋"
    assert pan.party_member is False and pan.kind == "居民志愿者" and pan.organisation is None
    kang = volunteer("康黎")
    assert (kang.grid_role, kang.grid_area) == ("片长", "一片区")
    li = volunteer("李明")
    assert (li.kind, li.phone, li.organisation.level) == ("社工", "", "社区")
    assert summary.details["organisations_created"] == 4
    assert AuditEntry.select().where(AuditEntry.action == "import.volunteers").count() == 1


def test_reimport_updates_and_never_duplicates(with_buildings: Path, tmp_path: Path) -> None:
    import_volunteers(SYSTEM, GOOD_CSV, today=TODAY)
    again = import_volunteers(SYSTEM, GOOD_CSV, today=TODAY)
    assert again.counts()["duplicates"] == 5
    assert Volunteer.select().count() == 5
    changed = tmp_path / "changed.csv"
    changed.write_text(
        "姓名,手机号,单位级别,派出单位,技能,网格角色,负责范围\n"
        "崔亚涛,13983001234,市级,市五中法院,驾驶、医护,小组长,瑞景苑 4栋\n",
        encoding="utf-8",
    )
    summary = import_volunteers(SYSTEM, changed, today=TODAY)
    assert summary.counts()["updated"] == 1
    assert Volunteer.select().count() == 5
    cui = volunteer("崔亚涛")
    assert (cui.grid_role, cui.grid_building.name) == ("小组长", "4栋")
    assert skills("崔亚涛") == ["医护", "驾驶"]
    assert Organisation.select().count() == 4


def test_bad_rows_are_rejected_with_reason_and_kept(with_buildings: Path) -> None:
    summary = import_volunteers(SYSTEM, MESSY_CSV, today=TODAY)
    reasons = {r.line_no: (r.column, r.reason) for r in summary.rejections}
    assert set(reasons) == {2, 3, 4, 5, 6, 7}
    assert reasons[2][0] == "手机号码" and "不是有效的手机号" in reasons[2][1]
    assert "性别应为" in reasons[3][1]
    assert reasons[4][0] == "单位级别" and "省级" in reasons[4][1]
    assert "未登记的楼栋：瑞景苑 99栋" in reasons[5][1]
    assert "未登记的小区" in reasons[6][1]
    assert "小组长需要填写负责范围" in reasons[7][1]
    # The same number twice in one file: the later row is handled as a re-import would
    # handle it (the volunteer of that number renamed, counted as updated), as in every kind.
    assert (summary.imported, summary.updated, summary.duplicates) == (1, 1, 0)
    assert [v.name for v in Volunteer.select()] == ["周九二"]
    run = ImportRun.select().order_by(ImportRun.id.desc()).get()
    assert RejectedRow.select().where(RejectedRow.import_run == run.id).count() == 6
    # "某单位" came with a rejected row: it was not created.
    assert not Organisation.select().where(Organisation.name == "某单位").exists()


def test_xlsx_and_gb18030_read_the_same(with_buildings: Path, tmp_path: Path) -> None:
    with GOOD_CSV.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    xlsx = tmp_path / "志愿者.xlsx"
    book.save(xlsx)
    summary = import_volunteers(SYSTEM, xlsx, today=TODAY)
    assert summary.counts()["imported"] == 5
    gbk = tmp_path / "志愿者-gbk.csv"
    gbk.write_bytes(GOOD_CSV.read_text(encoding="utf-8-sig").encode("gb18030"))
    assert import_volunteers(SYSTEM, gbk, today=TODAY).counts()["duplicates"] == 5


def test_missing_columns_and_dry_run_and_permissions(with_buildings: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("手机号,性别\n13983001234,男\n", encoding="utf-8")
    with pytest.raises(MissingColumns, match="姓名"):
        import_volunteers(SYSTEM, bad)
    dry = import_volunteers(SYSTEM, GOOD_CSV, dry_run=True, today=TODAY)
    assert dry.counts()["imported"] == 5
    assert Volunteer.select().count() == 0
    with pytest.raises(PermissionDenied):
        import_volunteers(READER, GOOD_CSV)


def test_cli_import_volunteers(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    open_database(db_path)  # the command line creates no database
    close_database()
    assert main(["--db", str(db_path), "import", "buildings", str(BUILDINGS_CSV)]) == 0
    capsys.readouterr()
    code = main(["--db", str(db_path), "import", "volunteers", str(GOOD_CSV), "--json"])
    assert code == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["kind"] == "volunteers"
    assert main(["--db", str(db_path), "import", "volunteers", str(MESSY_CSV)]) == 3
    open_database(db_path)
    try:
        assert Volunteer.select().count() == 6
        assert Building.select().count() == 5
    finally:
        close_database()


def test_parsers() -> None:
    assert parse_party("中共预备党员") is True
    assert parse_party("群众") is False
    assert parse_party("共青团员") is False
    assert parse_party("火星人") is None
    assert parse_skills("核酸录入、驾驶, 医护；驾驶") == ["核酸录入", "驾驶", "医护"]
    assert parse_skills("无") == []
    assert parse_date("2022/11/9") == dt.date(2022, 11, 9)
    assert parse_date("2022年11月10日") == dt.date(2022, 11, 10)
    assert parse_date("2022-11-10 00:00:00") == dt.date(2022, 11, 10)
    with pytest.raises(ValueError):
        parse_date("下周一")
