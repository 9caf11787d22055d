"""A subdistrict-sized database for the benchmarks: realistic, large, without statistics.

    .venv/bin/python benchmarks/make_large_db.py OUT.db [--compounds 50] [--buildings 280]
        [--residents 31000] [--days 99] [--seed 3]

Made through the program (``open_database``: its schema and indexes) and filled with plain
``executemany`` in one transaction: 50 compounds, 280 buildings, households of one to five
people in them, 31,000 residents with valid, spread-out ID numbers (many birth years and
district codes), mobiles, a few in 居家隔离; then every resident sampled on most of the
``--days`` days (≈ 3.06 million test records, 10-person pooled tubes, a few 混管阳性 and 阳性),
each record linked to its resident and building, sample times through the day, results
reported hours later, one import run per day. A handful of risk changes. No ``ANALYZE``:
whatever statistics the file ends with are the ones the program itself makes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁郑谢宋唐许邓冯韩曹曾彭萧蔡潘田董袁"
GIVEN = "建国淑芬子涵志强秀英俊杰雨桐浩然思雨欣怡明轩梓萱嘉懿一诺佳琪晨曦宇航婉清"
AREAS = ("500107", "500106", "500105", "500108", "500112", "510104", "510107", "500103")
COMPOUND_WORDS = "恒基金科龙湖融创华润万科保利中海招商协信鲁能旭辉"
COMPOUND_TAILS = ("雍翠名门", "天籁城", "时代天街", "御峰", "观澜", "璟园", "城市花园", "国际")


def build(
    path: Path, *, compounds: int, buildings: int, residents: int, days: int, seed: int
) -> dict[str, int]:
    from office_app.models import db
    from office_app.models.database import close_database, open_database
    from office_app.services.people.identity import make_id_number

    rng = random.Random(seed)
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    open_database(path)
    conn = db.connection()
    now = "2022-08-01 09:00:00"  # when the registry was made, before every record
    counts: dict[str, int] = {}
    with db.atomic():
        compound_ids = []
        for number in range(compounds):
            name = f"{rng.choice(COMPOUND_WORDS)}{rng.choice(COMPOUND_WORDS)}"
            name += f"{COMPOUND_TAILS[number % len(COMPOUND_TAILS)]}{number + 1}期"
            cursor = conn.execute(
                "INSERT INTO compound (name, address, area, created_at) VALUES (?, ?, ?, ?)",
                (name, f"科城路 {number + 1} 号", f"{number % 6 + 1}片区", now),
            )
            compound_ids.append(cursor.lastrowid)
        building_rows = []  # (id, compound name, building name)
        for number in range(buildings):
            compound = compound_ids[number % compounds]
            label = f"{number // compounds + 1}栋"
            cursor = conn.execute(
                "INSERT INTO building (compound_id, name, units, households_planned, risk_level,"
                " note, created_at) VALUES (?, ?, 2, 0, ?, '', ?)",
                (compound, label, "高" if number % 97 == 5 else "低", now),
            )
            building_rows.append((cursor.lastrowid, compound, label))
        people = []  # (resident id, doc_no, name, phone, building id, unit, room)
        made = 0
        sequence = 0
        homes = 0
        while made < residents:
            bid, _compound, _label = building_rows[homes % buildings]
            place = homes // buildings  # the building's n-th household: unit, floor, door
            unit = f"{place % 2 + 1}单元"
            room = f"{place // 8 + 1}-{place // 2 % 4 + 1}"
            homes += 1
            cursor = conn.execute(
                "INSERT INTO household (building_id, unit, room, created_at) VALUES (?,?,?,?)",
                (bid, unit, room, now),
            )
            household = cursor.lastrowid
            for _ in range(min(rng.randint(1, 5), residents - made)):
                sequence += 1
                birth = dt.date(1935, 1, 1) + dt.timedelta(days=rng.randrange(31_000))
                doc = make_id_number(rng.choice(AREAS), birth, sequence % 1000)
                name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
                phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
                isolated = rng.random() < 0.01
                cursor = conn.execute(
                    "INSERT INTO resident (household_id, name, doc_type, doc_no, gender,"
                    " birth_date, phone, landline, control_status, control_from,"
                    " control_until, note, created_at, updated_at)"
                    " VALUES (?, ?, '居民身份证', ?, ?, ?, ?, '', ?, ?, NULL, '', ?, ?)",
                    (
                        household,
                        name,
                        doc,
                        "男" if int(doc[16]) % 2 else "女",
                        birth.isoformat(),
                        phone,
                        "居家隔离" if isolated else "",
                        "2022-11-18" if isolated else None,
                        now,
                        now,
                    ),
                )
                people.append((cursor.lastrowid, doc, name, phone, bid, unit, room))
                made += 1
        counts.update(compounds=compounds, buildings=buildings, residents=len(people))
        names = {bid: (c, b) for bid, c, b in building_rows}
        compound_names = dict(conn.execute("SELECT id, name FROM compound").fetchall())
        sql = (
            "INSERT INTO test_record (import_run_id, name, doc_type, doc_no, phone, category,"
            " sample_time, site, collector, tube_code, pool_size, lab, result, report_time,"
            " address, compound_name, building_name, unit, room, resident_id, building_id,"
            " created_at, result_known_at)"
            " VALUES (?, ?, '居民身份证', ?, ?, '一般人群', ?, ?, '采样员', ?, 10,"
            " '渝西示例医学检验实验室', ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        first = dt.date(2022, 11, 21) - dt.timedelta(days=days - 1)
        records = 0
        for offset in range(days):
            day = first + dt.timedelta(days=offset)
            imported = dt.datetime.combine(day, dt.time(19, 0)).isoformat(" ")
            run = conn.execute(
                "INSERT INTO import_run (kind, file_name, sha256, encoding, total_rows,"
                " imported_rows, updated_rows, duplicate_rows, rejected_rows, operator_name,"
                " imported_at) VALUES ('tests', ?, ?, 'utf-8', 0, 0, 0, 0, 0, 'bench', ?)",
                (f"核酸-{day:%Y%m%d}.csv", f"{offset:064d}", imported),
            ).lastrowid
            batch = []
            sampled = [p for p in people if rng.random() < 0.9875]
            for index, (rid, doc, name, phone, bid, unit, room) in enumerate(sampled):
                sample = dt.datetime.combine(day, dt.time(7)) + dt.timedelta(
                    seconds=index * 36_000 // max(len(sampled), 1)
                )
                tube = f"T{day:%m%d}{index // 10:06d}"
                result = "阴性"
                roll = rng.random()
                if roll < 0.0002:
                    result = "阳性"
                elif roll < 0.001:
                    result = "混管阳性"
                report = sample + dt.timedelta(hours=rng.randint(6, 14))
                compound, label = names[bid]
                batch.append(
                    (
                        run,
                        name,
                        doc,
                        phone,
                        sample.isoformat(" "),
                        f"第{bid % 7 + 1}采样点",
                        tube,
                        result,
                        report.isoformat(" "),
                        compound_names[compound],
                        label,
                        unit,
                        room,
                        rid,
                        bid,
                        imported,
                        report.isoformat(" "),
                    )
                )
            conn.executemany(sql, batch)
            conn.execute(
                "UPDATE import_run SET total_rows = ?, imported_rows = ? WHERE id = ?",
                (len(batch), len(batch), run),
            )
            records += len(batch)
        counts["test_records"] = records
        for bid, _c, _b in building_rows[5::97]:
            conn.execute(
                "INSERT INTO risk_change (building_id, from_level, to_level, changed_at, reason,"
                " source, operator_name) VALUES (?, '低', '高', '2022-11-19 10:00:00',"
                " '楼栋出现确诊病例', 'manual', 'bench')",
                (bid,),
            )
    close_database()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--compounds", type=int, default=50)
    parser.add_argument("--buildings", type=int, default=280)
    parser.add_argument("--residents", type=int, default=31_000)
    parser.add_argument("--days", type=int, default=99)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    counts = build(
        args.out,
        compounds=args.compounds,
        buildings=args.buildings,
        residents=args.residents,
        days=args.days,
        seed=args.seed,
    )
    size = args.out.stat().st_size / 2**20
    print(f"{counts} in {time.perf_counter() - started:.1f} s, {size:,.0f} MB: {args.out}")


if __name__ == "__main__":
    main()
