"""Every kind's import summary is shown the same way (issue 18, point 3): the same figures in
the same order, then the kind's own counts, the one-line description and the rejected rows;
the tests wizard shows its check of the whole file with the same figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from office_app.services.admin.actor import SYSTEM
from office_app.services.imports.buildings import import_buildings
from office_app.services.imports.residents import import_residents
from office_app.services.imports.supplies import import_supplies
from office_app.services.imports.tests import import_tests
from office_app.services.imports.volunteers import import_volunteers
from office_app.services.people.identity import make_id_number
from office_app.views.context import AppContext
from office_app.views.dialogs.import_summary_dialog import ImportSummaryDialog
from office_app.views.dialogs.tests_import_dialog import TestsImportDialog

SHARED = ["total_rows", "imported", "updated", "duplicates", "unmatched", "rejected"]
ZHANG = make_id_number("500107", dt.date(1980, 5, 1), 123)
BAD = ZHANG[:17] + ("0" if ZHANG[17] != "0" else "1")  # a wrong check digit

# kind → (import, file lines, its figures in the order shown, the labels of its own counts)
KINDS: dict[str, tuple[Any, list[str], list[int], list[str]]] = {
    "buildings": (
        import_buildings,
        ["小区,楼栋,单元数", "瑞景苑,5栋,1", "瑞景苑,5号楼,1", "瑞景苑,6栋,两个"],
        [3, 1, 0, 1, 0, 1, 0],
        ["新建小区"],
    ),
    "residents": (
        import_residents,
        [
            "姓名,证件号码,小区,楼栋,房号",
            f"张三,{ZHANG},瑞景苑,3栋,101",
            f"张三,{ZHANG},瑞景苑,3栋,101",
            f"李四,{BAD},瑞景苑,3栋,102",
        ],
        [3, 1, 0, 1, 0, 1, 1],
        ["新建户"],
    ),
    "volunteers": (
        import_volunteers,
        ["姓名,手机号,性别", "周九,13983001111,", "周九,13983001111,女", "张三,1398300,"],
        [3, 1, 1, 0, 0, 1, 0, 0],
        ["新建派出单位", "新增技能"],
    ),
    "supplies": (
        import_supplies,
        [
            "来源,入库日期,物资名称,类别,数量",
            "采购,2022-11-20,口罩,防护物资,100",
            "采购,2022-11-20,口罩,防护物资,100",
            "采购,2022-11-20,手套,防护物资,0",
        ],
        [3, 1, 0, 1, 0, 1, 1],
        ["新建批次"],
    ),
    "tests": (
        import_tests,
        [
            "姓名,证件号码,采样时间,试管编码,检测结果,报告时间,小区,楼栋",
            f"张三,{ZHANG},2022-11-20 08:00:00,T1,阴性,2022-11-20 20:00:00,瑞景苑,3栋",
            f"张三,{ZHANG},2022-11-20 08:00:00,T1,阴性,2022-11-20 20:00:00,瑞景苑,3栋",
            f"张三,{ZHANG},2022-11-20 08:00:00,T2,阳性,2022-11-20 20:00:00,别处,1栋",
            f"李四,{BAD},2022-11-20 08:00:00,T3,阴性,2022-11-20 20:00:00,瑞景苑,3栋",
        ],
        # unmatched, then positives, pool positives, results filled
        [4, 2, 0, 1, 1, 1, 1, 0, 0],
        ["阳性", "混管阳性", "补上结果"],
    ),
}


@pytest.fixture(autouse=True)
def _application(office_app) -> None:
    """The program's QApplication (Chinese, themed)."""


def run(kind: str, fresh_db: Path, tmp_path: Path) -> Any:
    import_buildings(SYSTEM, write(tmp_path / "楼栋.csv", ["小区,楼栋,单元数", "瑞景苑,3栋,2"]))
    function, lines, _, _ = KINDS[kind]
    return function(SYSTEM, write(tmp_path / f"{kind}.csv", lines))


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_shows_the_same_figures_in_the_same_order(
    kind: str, qtbot, fresh_db: Path, tmp_path: Path
) -> None:
    summary = run(kind, fresh_db, tmp_path)
    _, _, expected, own_labels = KINDS[kind]
    dialog = ImportSummaryDialog(summary.file, summary)
    qtbot.addWidget(dialog)
    keys = list(dialog.figures.values)
    assert keys[: len(SHARED)] == SHARED  # the same six first, for every kind
    assert [int(label.text()) for label in dialog.figures.values.values()] == expected
    grid = dialog.figures.layout()
    names = [grid.itemAt(i).widget().text() for i in range(0, grid.count(), 2)]
    assert names[: len(SHARED)] == ["共（行）", "新增", "更新", "未变/重复", "未匹配", "拒绝"]
    assert names[len(SHARED) :] == own_labels
    assert dialog.summary_label.text() == summary.describe()
    assert dialog.table.rowCount() == summary.rejected == 1


def test_the_tests_wizard_shows_its_check_with_the_same_figures(
    qtbot, fresh_db: Path, ui, tmp_path: Path
) -> None:
    import_buildings(SYSTEM, write(tmp_path / "楼栋.csv", ["小区,楼栋,单元数", "瑞景苑,3栋,2"]))
    _, lines, expected, _ = KINDS["tests"]
    path = write(tmp_path / "tests.csv", lines)
    dialog = TestsImportDialog(AppContext(actor=SYSTEM, db_path=fresh_db, ui=ui), str(path))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.checking, timeout=30000)
    figures = dialog.check_figures.values
    assert list(figures)[: len(SHARED)] == SHARED
    assert [int(label.text()) for label in figures.values()] == expected
    # The import then reports the same figures, shown by the same dialog.
    summary = import_tests(SYSTEM, path)
    shown = ImportSummaryDialog(path.name, summary)
    qtbot.addWidget(shown)
    assert [int(v.text()) for v in shown.figures.values.values()] == expected
