from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush

from office_app.models import Building, Compound
from office_app.services import listings as L
from office_app.views.table_models.query_table_model import ID_ROLE, RAW_ROLE, QueryTableModel


def test_every_listing_model_passes_the_model_tester(
    qtmodeltester, office_app, demo_db: Path
) -> None:
    for listing in L.LISTINGS.values():
        model = QueryTableModel(listing)
        qtmodeltester.check(model, force_py=True)


def test_model_tester_on_an_empty_database(qtmodeltester, office_app, fresh_db: Path) -> None:
    model = QueryTableModel(L.TESTS)
    assert model.rowCount() == 0
    qtmodeltester.check(model, force_py=True)


def test_rows_are_fetched_by_page_and_cached(office_app, demo_db: Path, monkeypatch) -> None:
    model = QueryTableModel(L.RESIDENTS)
    assert model.rowCount() > 2 * model.PAGE_SIZE
    calls: list[int] = []
    seeks: list[object] = []
    real_fetch = L.Listing.fetch

    def counting_fetch(self, offset, limit, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(offset)
        seeks.append(kwargs.get("after"))
        return real_fetch(self, offset, limit, **kwargs)

    monkeypatch.setattr(L.Listing, "fetch", counting_fetch)
    for row in range(model.PAGE_SIZE):
        for column in range(model.columnCount()):
            model.index(row, column).data()
    assert calls == [0]  # one query for a whole page of cells
    model.index(model.PAGE_SIZE + 1, 0).data()
    # The next page is read on from the last row of the first (a seek), not by an offset.
    assert calls == [0, 0]
    assert seeks[1] is not None and seeks[1][1] == model.row_id(model.PAGE_SIZE - 1)


def test_personal_data_is_masked_and_raw_values_sort(office_app, demo_db: Path) -> None:
    model = QueryTableModel(L.RESIDENTS)
    doc = L.RESIDENTS.columns.index(L.RESIDENTS.column("doc_no"))
    phone = L.RESIDENTS.columns.index(L.RESIDENTS.column("phone"))
    kind = L.RESIDENTS.columns.index(L.RESIDENTS.column("doc_type"))
    row = next(r for r in range(50) if model.index(r, kind).data() == "居民身份证")
    shown = model.index(row, doc).data()
    raw = model.index(row, doc).data(RAW_ROLE)
    assert len(raw) == 18 and shown != raw
    assert shown[:4] == raw[:4] and shown[-4:] == raw[-4:] and "*" * 10 in shown
    shown_phone = model.index(row, phone).data()
    assert shown_phone[3:7] == "****"
    assert isinstance(model.index(0, 0).data(ID_ROLE), int)


def test_sort_and_filter_happen_in_sql(office_app, demo_db: Path) -> None:
    model = QueryTableModel(L.BUILDINGS)
    total = model.rowCount()
    residents = L.BUILDINGS.columns.index(L.BUILDINGS.column("residents"))
    model.sort(residents, Qt.SortOrder.DescendingOrder)
    values = [model.index(r, residents).data(RAW_ROLE) for r in range(total)]
    assert values == sorted(values, reverse=True)
    compound = Compound.get(Compound.name == "兴茂盛世国际")
    model.set_filter(compound=compound.id)
    assert 0 < model.rowCount() < total
    assert model.rowCount() == Building.select().where(Building.compound == compound).count()
    model.set_filter(compound=None)
    assert model.rowCount() == total


def test_risk_cells_are_coloured_and_numbers_right_aligned(office_app, demo_db: Path) -> None:
    model = QueryTableModel(L.BUILDINGS)
    model.set_filter(risk="高")
    assert model.rowCount() >= 1
    risk = L.BUILDINGS.columns.index(L.BUILDINGS.column("risk"))
    brush = model.index(0, risk).data(Qt.ItemDataRole.BackgroundRole)
    assert isinstance(brush, QBrush) and brush.color().name().upper() == "#D32F2F"
    units = L.BUILDINGS.columns.index(L.BUILDINGS.column("units"))
    alignment = model.index(0, units).data(Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & int(Qt.AlignmentFlag.AlignRight)


def test_headers_are_translated(office_app, fresh_db: Path) -> None:
    model = QueryTableModel(L.TESTS)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "采样时间" in headers and "试管码" in headers
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None


def test_a_new_page_keeps_the_listing_default_order(
    qtbot, office_app, demo_db: Path, tmp_path
) -> None:
    from PySide6.QtCore import QSettings

    from office_app.services.admin.actor import SYSTEM
    from office_app.views.context import AppContext
    from office_app.views.list_page import ListPage
    from office_app.views.ui_settings import UiSettings

    ui = UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    page = ListPage(AppContext(SYSTEM, demo_db, ui), L.TESTS)
    qtbot.addWidget(page)
    times = [page.model.index(r, 0).data(RAW_ROLE) for r in range(20)]
    assert times == sorted(times, reverse=True)  # tests: newest first
    page = ListPage(AppContext(SYSTEM, demo_db, ui), L.RESIDENTS)
    qtbot.addWidget(page)
    names = [page.model.index(r, 0).data(RAW_ROLE) for r in range(20)]
    assert names == sorted(names)  # residents: by name, ascending
