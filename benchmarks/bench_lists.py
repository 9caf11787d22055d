"""The tests page's list on a large database: sorting by each column, jumping to the end.

    .venv/bin/python benchmarks/bench_lists.py DB [--runs 7]

DB is a large database, e.g. one made by ``make_large_db.py`` (≈ 3 million records) or by
``bench_startup.py --keep`` (1 million). The database is opened as the program opens it; no
statistics are made here beyond what the program makes.

For every sortable column of the tests list, both directions, median of ``--runs``, each
timed to the finished repaint of a 1280×800 table (offscreen):

- click the header (``model.sort``), first page painted;
- then jump to the end (``scrollToBottom``), last page painted;
- baseline, alternating with the above: the same 200 rows straight from SQLite with
  ``sqlite3`` (the listing's own SQL, ``LIMIT 200``), no Qt — the floor of the work.

Prints each time, its ratio to the baseline, and against the goal of 0.1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

GOAL = 0.1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QTableView

    from office_app.models import db
    from office_app.models.database import open_database
    from office_app.services import listings as L
    from office_app.views.table_models.query_table_model import QueryTableModel

    app = QApplication(sys.argv[:1])
    open_database(args.db, create=False)
    started = time.perf_counter()
    model = QueryTableModel(L.TESTS)
    view = QTableView()
    view.setModel(model)
    view.resize(1280, 800)
    view.show()
    view.repaint()
    app.processEvents()
    print(f"{model.rowCount():,} records; opened in {time.perf_counter() - started:.3f} s")
    print(f"load average: {os.getloadavg()[0]:.2f}")

    def painted(action) -> float:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        action()
        view.viewport().repaint()
        app.processEvents()
        return time.perf_counter() - start

    def bare(key: str, descending: bool) -> float:
        query = L.TESTS.base(L.TESTS.id_expr, *(c.node() for c in L.TESTS.columns))
        direction = "DESC" if descending else "ASC"
        import peewee as pw

        node = L.TESTS.column(key).node()
        sql, params = (
            query.order_by(pw.Ordering(node, direction), pw.Ordering(L.TESTS.id_expr, direction))
            .limit(200)
            .sql()
        )
        connection = db.connection()
        start = time.perf_counter()
        connection.execute(sql, params).fetchall()
        return time.perf_counter() - start

    print(
        f"{'column':<12}{'order':<6}{'sort':>9}{'end':>9}{'bare':>9}{'sort/bare':>11}{'worst/goal':>12}"
    )
    worst_all = 0.0
    for index, column in enumerate(L.TESTS.columns):
        if not column.sortable:
            continue
        for descending in (False, True):
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            sorts, ends, bares = [], [], []
            for _ in range(args.runs):
                model.sort(
                    index,
                    Qt.SortOrder.AscendingOrder if descending else Qt.SortOrder.DescendingOrder,
                )
                sorts.append(painted(lambda i=index, o=order: model.sort(i, o)))
                ends.append(painted(view.scrollToBottom))
                view.scrollToTop()
                bares.append(bare(column.key, descending))
            sort_s, end_s, bare_s = (statistics.median(x) for x in (sorts, ends, bares))
            worst = max(sort_s, end_s)
            worst_all = max(worst_all, worst)
            print(
                f"{column.key:<12}{'desc' if descending else 'asc':<6}{sort_s:>8.3f}s"
                f"{end_s:>8.3f}s{bare_s:>8.3f}s{sort_s / bare_s:>10.1f}x{worst / GOAL:>11.2f}x"
            )
    print(f"worst of all: {worst_all:.3f} s = {worst_all / GOAL:.2f}x the 0.1 s goal")


if __name__ == "__main__":
    main()
