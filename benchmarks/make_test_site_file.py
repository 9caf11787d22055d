"""Write an N-row test-site file like the ones sample-data/README.md describes.

    .venv/bin/python benchmarks/make_test_site_file.py --rows 100000 --out /tmp/t.csv [--db demo.db]

With ``--db`` the people are the residents of that database (so that linking by document
number has work to do), plus one outsider in twenty; without it, made-up people. Rows come in
10混1 tubes, mostly 阴性, some not reported yet, a few 混管阳性; one row in a thousand is broken
(wrong check digit) so that rejection is part of the work. UTF-8 with BOM and CRLF, as the
test site's system writes them. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from office_app.services.people.identity import make_id_number  # noqa: E402

HEADER = [
    "序号", "被采样人姓名", "证件类型", "证件号码", "手机号", "人员类别", "采集时间", "采样点名称",
    "试管码", "采样方式", "检测机构", "检测结果", "报告时间", "居住小区", "楼栋", "单元", "房号",
]  # fmt: skip

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "建国淑芬子涵志强秀英俊杰雨桐浩然思雨欣怡明轩梓萱"


def people_from_db(path: Path) -> list[tuple[str, str, str, str, str, str, str, str]]:
    con = sqlite3.connect(path)
    rows = con.execute(
        "SELECT r.name, r.doc_type, r.doc_no, r.phone, c.name, b.name, h.unit, h.room "
        "FROM resident r JOIN household h ON r.household_id = h.id "
        "JOIN building b ON h.building_id = b.id JOIN compound c ON b.compound_id = c.id "
        "ORDER BY r.id"
    ).fetchall()
    con.close()
    return rows


def made_up(
    rng: random.Random, n: int, compound: str = "翠柏园"
) -> list[tuple[str, str, str, str, str, str, str, str]]:
    people = []
    for i in range(n):
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 60))
        doc = make_id_number("500107", birth, i % 1000)
        people.append(
            (
                rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                "居民身份证",
                doc,
                f"139{rng.randint(0, 99_999_999):08d}",
                compound,
                f"{rng.randint(1, 5)}栋",
                f"{rng.randint(1, 3)}单元",
                f"{rng.randint(1, 7)}-{rng.randint(1, 4)}",
            )
        )
    return people


def write_file(path: Path, rows: int, *, db: Path | None = None, seed: int = 1) -> None:
    rng = random.Random(seed)
    residents = people_from_db(db) if db else made_up(rng, 3000, "瑞景苑")
    outsiders = made_up(rng, 2000)
    start = dt.datetime(2022, 11, 23, 7, 0)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADER)
        moment = start
        tube = 0
        result = "阴性"
        report = ""
        for i in range(rows):
            if i % 10 == 0:
                tube += 1
                roll = rng.random()
                result = "阴性" if roll < 0.9 else ("" if roll < 0.999 else "混管阳性")
            moment += dt.timedelta(seconds=rng.randint(3, 15))
            report = (moment + dt.timedelta(hours=12)).strftime("%Y-%m-%d %H:%M:%S")
            person = rng.choice(outsiders) if i % 20 == 19 else rng.choice(residents)
            name, doc_type, doc, phone, compound, building, unit, room = person
            if i % 1000 == 999:
                doc = doc[:-1] + ("0" if doc[-1] != "0" else "1")  # a wrong check digit
            writer.writerow(
                [
                    i + 1, name, doc_type, doc, phone, "一般人群",
                    moment.strftime("%Y-%m-%d %H:%M:%S"), "科城路社区第3采样点",
                    f"2211{tube:08d}", "10混1", "渝西示例医学检验实验室", result,
                    report if result else "", compound, building, unit, room,
                ]
            )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--db", type=Path, help="take the people from this database")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_file(args.out, args.rows, db=args.db, seed=args.seed)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
