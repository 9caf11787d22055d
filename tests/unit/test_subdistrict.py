"""The subdistrict's summary over several community databases (街道汇总)."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from office_app.cli import main
from office_app.models.database import close_database, open_database
from office_app.models.migrations import SCHEMA_VERSION
from office_app.services.admin.actor import SYSTEM
from office_app.services.demo import build_demo
from office_app.services.reporting import daily_report, subdistrict

from ..conftest import DEMO_TODAY

DAY = DEMO_TODAY - dt.timedelta(days=1)


@pytest.fixture(scope="module")
def communities(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three demo communities with different seeds, each in its own file."""
    folder = tmp_path_factory.mktemp("subdistrict")
    paths = []
    for seed in (1, 2, 3):
        path = folder / f"社区{seed}.db"
        open_database(path)
        build_demo(SYSTEM, seed=seed, today=DEMO_TODAY)
        close_database()
        paths.append(path)
    return paths


def _own_daily_report(path: Path) -> daily_report.DailyFigures:
    """The community's daily report as the community itself gathers it."""
    open_database(path, create=False)
    try:
        return daily_report.daily_figures(DAY)
    finally:
        close_database()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_totals_are_the_sums_of_the_communities_own_daily_reports(
    communities: list[Path],
) -> None:
    own = [_own_daily_report(path) for path in communities]
    report = subdistrict.gather(DAY, communities)

    assert report.missing == []
    assert [row.source for row in report.communities] == [str(p) for p in communities]
    # The demo communities share a name: each is told apart by its file.
    assert [row.community for row in report.communities] == [
        f"{f.community}（{p.name}）" for f, p in zip(own, communities, strict=True)
    ]
    assert report.total("registered") == sum(f.registered for f in own)
    assert report.total("tested") == sum(f.tested for f in own)
    assert report.total("untested") == sum(f.untested for f in own)
    assert report.total("positives") == sum(f.positives for f in own)
    assert report.total("pooled_tubes") == sum(f.pooled_tubes for f in own)
    assert report.total("pooled_people") == sum(f.pooled_people for f in own)
    assert report.total("pending_review") == sum(f.pending_review for f in own)
    assert report.total("isolated") == sum(f.isolated for f in own)
    assert report.total("monitored") == sum(f.monitored for f in own)
    assert report.total("trips_out") == sum(f.trips_out for f in own)
    assert report.total("overdue") == sum(f.overdue for f in own)
    assert report.total("delivered_households") == sum(f.delivered_households for f in own)
    assert report.total("volunteers_on_duty") == sum(f.volunteers_on_duty for f in own)
    assert report.total("service_count") == sum(sum(f.services.values()) for f in own)
    for level in ("高", "中", "低"):
        assert report.total_level(level) == sum(f.levels[level] for f in own)
    # Different seeds make different communities: the sum is not three times one of them.
    assert len({f.registered for f in own}) == 3


def test_risk_history_counts_each_office_day_at_its_end(tmp_path: Path) -> None:
    """A building raised to 高 at 09:00 on 11-02 and lowered at 09:00 on 11-04 is 高 at the
    end of the office days 11-02 and 11-03 (each ends at 08:00 the next morning) only."""
    from office_app.models import Building, Compound, RiskChange

    path = tmp_path / "c.db"
    open_database(path)
    compound = Compound.create(name="甲小区")
    one = Building.create(compound=compound, name="1栋", risk_level="低")
    Building.create(compound=compound, name="2栋", risk_level="中")
    RiskChange.create(
        building=one, from_level="低", to_level="高", changed_at=dt.datetime(2022, 11, 2, 9)
    )
    RiskChange.create(
        building=one, from_level="高", to_level="低", changed_at=dt.datetime(2022, 11, 4, 9)
    )
    close_database()

    report = subdistrict.gather(dt.date(2022, 11, 5), [path])

    (history,) = report.history
    assert history.days[-5:] == [dt.date(2022, 11, d) for d in (1, 2, 3, 4, 5)]
    assert history.high[-5:] == [0, 1, 1, 0, 0]
    assert history.medium == [1] * 14
    assert report.total_level("高") == 0
    assert [(b.building, b.level) for b in report.risk_buildings] == [("2栋", "中")]


def test_databases_are_opened_read_only_and_never_changed(
    communities: list[Path], tmp_path: Path
) -> None:
    copies = []
    for path in communities:
        target = tmp_path / path.name
        shutil.copy2(path, target)
        copies.append(target)
    before = {p: _digest(p) for p in copies}

    subdistrict.gather(DAY, copies)

    assert {p: _digest(p) for p in copies} == before
    # SQLite may leave its coordination files beside a WAL database; nothing is written
    # into the log.
    for path in copies:
        wal = path.with_name(path.name + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0


def test_unusable_databases_are_named_with_the_reason_and_the_rest_reported(
    communities: list[Path], tmp_path: Path
) -> None:
    newer = tmp_path / "newer.db"
    shutil.copy2(communities[0], newer)
    with sqlite3.connect(newer) as connection:
        connection.execute(
            "INSERT INTO schema_version (version, applied_at) VALUES (?, '2030-01-01')",
            (SCHEMA_VERSION + 1,),
        )
    connection.close()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database file at all" * 100)
    absent = tmp_path / "absent.db"

    server = "postgresql://office@192.0.2.1:5432/community"
    report = subdistrict.gather(DAY, [communities[1], newer, junk, absent, server])

    assert [r.source for r in report.communities] == [str(communities[1])]
    reasons = {m.source: m.reason for m in report.missing}
    assert "较新" in reasons[str(newer)]
    assert "无法打开" in reasons[str(junk)]
    assert "找不到" in reasons[str(absent)]
    assert "服务器" in reasons[server]
    assert not absent.exists()


def test_command_line_writes_pdf_and_xlsx_and_exits_3_with_a_missing_community(
    communities: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, xlsx = tmp_path / "汇总.pdf", tmp_path / "汇总.xlsx"
    absent = tmp_path / "absent.db"
    args = ["subdistrict-report", "--date", f"{DAY:%Y-%m-%d}", "--out", str(out)]
    args += ["--xlsx", str(xlsx)]
    for path in [*communities, absent]:
        args += ["--db", str(path)]

    assert main(args) == 3
    assert str(absent) in capsys.readouterr().err

    own = [_own_daily_report(path) for path in communities]
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "疫情防控汇总日报" in text
    assert "街道合计" in text
    assert "absent.db" in text
    book = load_workbook(xlsx, read_only=True)
    assert book.sheetnames == ["各社区数据", "覆盖率", "高中风险楼栋", "近14天风险楼栋", "未能汇总"]
    rows = list(book["各社区数据"].iter_rows(values_only=True))
    header, total = rows[0], rows[-1]
    assert total[0] == "街道合计"
    assert total[header.index("登记居民")] == sum(f.registered for f in own)
    assert total[header.index("已检")] == sum(f.tested for f in own)
    assert total[header.index("待复核")] == sum(f.pending_review for f in own)
    assert len(rows) == 1 + len(communities) + 1
    assert list(book["未能汇总"].iter_rows(values_only=True))[1][0] == str(absent)
    book.close()  # a read-only book holds its file open until closed


def test_command_line_with_no_usable_database_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.pdf"
    args = ["subdistrict-report", "--date", "2022-11-21", "--db", str(tmp_path / "a.db")]
    code = main([*args, "--out", str(out)])
    assert code == 2
    assert "找不到数据库文件" in capsys.readouterr().err
    assert not out.exists()


def test_many_communities_lay_out(communities: list[Path], tmp_path: Path) -> None:
    """Thirty communities (the charts split across several) still make a PDF."""
    from office_app.reports import subdistrict_report

    report = subdistrict.gather(DAY, communities)
    many = subdistrict.SubdistrictReport(
        day=report.day,
        subdistrict=report.subdistrict,
        communities=[
            subdistrict.CommunityRow(**{**row.__dict__, "community": f"第{i}社区"})
            for i in range(10)
            for row in report.communities
        ],
        missing=[],
        risk_buildings=report.risk_buildings * 10,
        history=[
            subdistrict.HistoryRow(f"第{i}社区", h.days, h.high, h.medium)
            for i in range(10)
            for h in report.history
        ],
    )
    target = subdistrict_report.write(many, tmp_path / "many.pdf")
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "第9社区" in text
    assert "（2）" in text  # the coverage chart went on to a second chart
