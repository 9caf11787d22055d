"""Several seats at once: a save that came second is refused naming who saved first, a
decision is taken once, imports queue, and a seat sees another's commit."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path

import peewee as pw
import pytest

from office_app.models import (
    AuditEntry,
    Building,
    Compound,
    Household,
    Operator,
    Resident,
    Seat,
    Volunteer,
    db,
)
from office_app.services.admin import seats
from office_app.services.admin.actor import Actor
from office_app.services.people import residents as R
from office_app.services.places import buildings as B
from office_app.services.volunteers import register as V

DOC = "500107201009180263"


def operator(username: str, display: str) -> Actor:
    op = Operator.create(username=username, display_name=display, role="duty", password_hash="x")
    return Actor(username, display, "duty", op.id)


@pytest.fixture
def two(fresh_db: Path) -> tuple[Actor, Actor]:
    """The secretary's PC and the gate laptop."""
    return operator("lisi", "李四"), operator("wangwu", "王五")


@pytest.fixture
def building(two: tuple[Actor, Actor]) -> B.BuildingInfo:
    return B.create_building(two[0], B.BuildingData("兴茂盛世国际", "3栋", 2, 40))


# --- editing the same record -----------------------------------------------------------------


def test_the_second_save_of_a_building_is_refused_naming_who_and_when(
    two: tuple[Actor, Actor], building: B.BuildingInfo
) -> None:
    first, second = two
    # Both seats open the editor on the same building.
    seen_by_first = B.get_building(building.id).as_data()
    seen_by_second = B.get_building(building.id).as_data()
    assert seen_by_first.version == seen_by_second.version == 0
    saved = B.update_building(
        first, building.id, B.BuildingData("兴茂盛世国际", "3栋", 3, 40, "", seen_by_first.version)
    )
    assert saved.version == 1
    audits = AuditEntry.select().count()
    with pytest.raises(B.BuildingConflict) as refused:
        B.update_building(
            second,
            building.id,
            B.BuildingData("兴茂盛世国际", "3栋", 2, 55, "换了", seen_by_second.version),
        )
    message = str(refused.value)
    assert "李四（lisi）" in message and f"{dt.date.today():%Y-%m-%d}" in message
    assert "没有保存" in message and "单元数：3" in message and "计划户数：40" in message
    assert refused.value.who == "李四（lisi）" and refused.value.when is not None
    assert refused.value.current["单元数"] == "3" and refused.value.version == 1
    # An error of the buildings service: the page's refusal box shows it as it is.
    assert isinstance(refused.value, B.BuildingError)
    stored = B.get_building(building.id)
    assert (stored.units, stored.households_planned, stored.note) == (3, 40, "")
    assert AuditEntry.select().count() == audits  # the refused save wrote nothing
    # Having seen the current values, the second seat saves on the current version.
    again = B.update_building(
        second, building.id, B.BuildingData("兴茂盛世国际", "3栋", 3, 55, "换了", 1)
    )
    assert (again.households_planned, again.version) == (55, 2)


def test_a_save_without_a_version_overwrites_and_still_raises_the_version(
    two: tuple[Actor, Actor], building: B.BuildingInfo
) -> None:
    B.update_building(two[0], building.id, B.BuildingData("兴茂盛世国际", "3栋", 4, 40))
    assert B.get_building(building.id).version == 1
    with pytest.raises(B.BuildingConflict):
        B.check_current(building.id, 0)
    B.check_current(building.id, 1)


def test_a_building_deleted_by_another_seat_is_said_so(
    two: tuple[Actor, Actor], building: B.BuildingInfo
) -> None:
    data = B.get_building(building.id).as_data()
    B.delete_building(two[0], building.id)
    with pytest.raises(B.BuildingError, match=r"不存在|删除"):
        B.update_building(two[1], building.id, data)


def test_the_version_check_is_the_update_itself(
    two: tuple[Actor, Actor], building: B.BuildingInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other seat commits after this save read the building (the interleaving of two
    server connections): the UPDATE's own WHERE version = ? refuses it."""
    data = B.get_building(building.id).as_data()
    real = B._building

    def read_then_other_seat_saves(building_id: int) -> Building:
        found = real(building_id)
        Building.update(units=9, version=Building.version + 1).where(
            Building.id == building_id
        ).execute()
        return found

    monkeypatch.setattr(B, "_building", read_then_other_seat_saves)
    with pytest.raises(B.BuildingConflict, match="单元数：9"):
        B.update_building(
            two[1], building.id, B.BuildingData("兴茂盛世国际", "3栋", 2, 41, "", data.version)
        )


def test_the_second_save_of_a_resident_is_refused_with_numbers_masked(
    two: tuple[Actor, Actor], building: B.BuildingInfo
) -> None:
    first, second = two
    resident = R.create(
        first,
        R.ResidentData("张子涵", building.id, "2单元", "501", doc_no=DOC, phone="13912340217"),
    )
    one = R.stored(resident.id).data
    other = R.stored(resident.id).data
    assert one.version == 0
    R.update(first, resident.id, R.ResidentData(**{**one.__dict__, "note": "已转运"}))
    with pytest.raises(R.ResidentConflict) as refused:
        R.update(second, resident.id, R.ResidentData(**{**other.__dict__, "note": "在家"}))
    message = str(refused.value)
    assert "李四（lisi）" in message and "备注：已转运" in message
    assert DOC not in message and "13912340217" not in message
    assert "139****0217" in message
    assert isinstance(refused.value, R.ResidentError)
    assert Resident.get_by_id(resident.id).note == "已转运"
    assert R.stored(resident.id).data.version == 1


def test_the_second_save_of_a_volunteer_is_refused(two: tuple[Actor, Actor]) -> None:
    first, second = two
    volunteer_id = V.save_volunteer(first, V.VolunteerData("赵六", phone="13800001111"))
    one = V.volunteer_data(volunteer_id)
    other = V.volunteer_data(volunteer_id)
    V.save_volunteer(first, V.VolunteerData(**{**one.__dict__, "note": "夜班"}), volunteer_id)
    with pytest.raises(V.VolunteerConflict) as refused:
        V.save_volunteer(
            second, V.VolunteerData(**{**other.__dict__, "note": "白班"}), volunteer_id
        )
    assert "李四（lisi）" in str(refused.value) and "备注：夜班" in str(refused.value)
    assert "138****1111" in str(refused.value)
    assert isinstance(refused.value, V.VolunteerError)
    assert Volunteer.get_by_id(volunteer_id).note == "夜班"
    assert V.volunteer_data(volunteer_id).version == 1
    audit = AuditEntry.select().where(AuditEntry.action == "volunteer.edit").get()
    assert "version" not in (audit.before or "")


# --- who is connected --------------------------------------------------------------------------


def test_seats_join_beat_and_leave(two: tuple[Actor, Actor]) -> None:
    first, second = two
    mine = seats.join(first, host="秘书电脑")
    theirs = seats.join(second, host="卡点笔记本")
    assert [s.label for s in seats.others(mine)] == ["王五@卡点笔记本"]
    later = dt.datetime.now() + dt.timedelta(seconds=seats.GONE_AFTER_S + 5)
    assert seats.others(mine, at=later) == []  # nobody beat: both gone
    Seat.update(seen_at=later).where(Seat.id == theirs).execute()
    assert [s.id for s in seats.others(mine, at=later)] == [theirs]
    seats.leave(theirs)
    assert seats.others(mine) == []
    seats.heartbeat(mine)
    assert [s.id for s in seats.connected()] == [mine]
    # A seat gone for a day is forgotten when the next one joins.
    Seat.update(seen_at=dt.datetime.now() - dt.timedelta(days=2)).where(Seat.id == mine).execute()
    seats.join(second, host="卡点笔记本")
    assert [(s.username, s.host) for s in Seat.select()] == [("wangwu", "卡点笔记本")]


def test_no_seat_rows_on_a_file(two: tuple[Actor, Actor]) -> None:
    if not isinstance(db.obj, pw.SqliteDatabase):
        pytest.skip("on the server every program keeps a seat row")
    assert not seats.tracks_seats()
    with seats.seat(two[0]) as seat_id:
        assert seat_id is None
    assert Seat.select().count() == 0


# --- seeing another seat's commit ---------------------------------------------------------------


@pytest.mark.sqlite_only("PRAGMA data_version of a second connection on the same file")
def test_the_watcher_sees_another_connections_commit_not_its_own(
    two: tuple[Actor, Actor], fresh_db: Path
) -> None:
    watcher = seats.ChangeWatcher()
    assert not watcher.changed()
    Compound.create(name="自己写的")  # this connection's own commit
    assert not watcher.changed()
    other = sqlite3.connect(fresh_db)
    other.execute(
        "INSERT INTO compound (name, address, area, created_at) "
        "VALUES ('别处写的', '', '', '2022-11-21 08:00:00')"
    )
    assert not watcher.changed()  # not committed yet
    other.commit()
    other.close()
    assert watcher.changed()
    assert not watcher.changed()


# --- imports one after another ------------------------------------------------------------------


def test_lock_keys_are_stable_32_bit() -> None:
    from office_app.models.engine import lock_key

    key = lock_key("import")
    assert key == lock_key("import") != lock_key("export")
    assert -(2**31) <= key < 2**31
    assert key == -1655779811  # the same on every seat, in every run (CRC-32, not hash())


def test_serialize_takes_an_advisory_lock_on_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    from office_app.models.engine import lock_key

    calls: list[tuple[str, object]] = []

    class Server(pw.PostgresqlDatabase):
        def execute_sql(self, sql: str, params: object = None, commit: object = None) -> None:  # type: ignore[override]
            calls.append((sql, params))

    monkeypatch.setattr(db, "obj", Server("x"))
    seats.serialize("import")
    assert calls == [("SELECT pg_advisory_xact_lock(%s)", (lock_key("import"),))]


def test_two_imports_at_once_both_succeed(two: tuple[Actor, Actor], tmp_path: Path) -> None:
    """Two seats import residents lists at the same moment, both into the same new household
    (after 299 rows each that are rejected, so that the two transactions overlap):
    they queue (on the server without the import lock the second would fail on the household
    the first one created but had not committed yet), and neither fails."""
    from office_app.services.imports import residents as residents_import

    B.create_building(two[0], B.BuildingData("兴茂盛世国际", "5栋", 2, 40))
    files = []
    for number, doc in enumerate(("510213196503120312", DOC)):
        path = tmp_path / f"list{number}.csv"
        rows = "".join(
            f"居民{number}{n},{doc if n == 0 else ''},兴茂盛世国际,5栋,1单元,{100 + n}\n"
            for n in range(300)
        )
        path.write_text("姓名,身份证号,小区,楼栋,单元,房号\n" + rows, encoding="utf-8")
        files.append(path)
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run(actor: Actor, path: Path) -> None:
        try:
            start.wait()
            residents_import.import_residents(actor, path)
        except BaseException as exc:
            errors.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=run, args=(a, p)) for a, p in zip(two, files, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert Household.select().count() == 1  # the other rows lack a document: rejected
    assert Resident.select().where(Resident.doc_no.in_([DOC, "510213196503120312"])).count() == 2


# --- deciding once -------------------------------------------------------------------------------


@pytest.fixture
def proposal(building: B.BuildingInfo) -> int:
    from office_app.models import RiskProposal

    return int(RiskProposal.create(building=building.id, to_level="高", reason="阳性 1 例").id)


def test_a_proposal_decided_by_one_seat_is_refused_to_the_other(
    two: tuple[Actor, Actor], proposal: int
) -> None:
    from office_app.models import RiskProposal
    from office_app.services.places import risk

    first, second = two
    risk.confirm_proposal(first, proposal)
    with pytest.raises(risk.ProposalDecided) as refused:
        risk.dismiss_proposal(second, proposal, "外地来访")
    assert "李四（lisi）" in str(refused.value) and "已确认" in str(refused.value)
    assert isinstance(refused.value, risk.RiskError)
    stored = RiskProposal.get_by_id(proposal)
    assert (stored.status, stored.decided_by, stored.decision_note) == ("confirmed", "lisi", "")


@pytest.mark.parametrize("second_decision", ["confirm", "dismiss"])
def test_two_seats_deciding_a_proposal_at_once_decide_it_once(
    two: tuple[Actor, Actor], proposal: int, monkeypatch: pytest.MonkeyPatch, second_decision: str
) -> None:
    """Both seats read the proposal open; the first commits its dismissal; the second, which
    read it before that (two server connections interleave so), is refused by its UPDATE."""
    from office_app.models import RiskChange, RiskProposal
    from office_app.services.places import risk

    first, second = two
    read_open = RiskProposal.get_by_id(proposal)
    risk.dismiss_proposal(first, proposal, "外地来访")
    monkeypatch.setattr(risk, "_open_proposal", lambda _id: read_open)
    with pytest.raises(risk.ProposalDecided, match="李四"):
        if second_decision == "confirm":
            risk.confirm_proposal(second, proposal)
        else:
            risk.dismiss_proposal(second, proposal, "另一理由")
    stored = RiskProposal.get_by_id(proposal)
    assert (stored.status, stored.decision_note) == ("dismissed", "外地来访")
    assert RiskChange.select().count() == 0  # the second seat's confirmation sealed nothing
    assert B.get_building(read_open.building_id).risk_level == "低"


@pytest.fixture
def exit_request(two: tuple[Actor, Actor], building: B.BuildingInfo) -> int:
    from office_app.services.gate import exits as gate

    resident = R.create(two[0], R.ResidentData("王秀英", building.id, "1单元", "201", doc_no=DOC))
    return int(gate.record_request(two[0], resident.id, "购药", "一般").id)


def test_an_exit_request_decided_at_one_seat_is_refused_at_the_other(
    two: tuple[Actor, Actor], exit_request: int
) -> None:
    from office_app.models import ExitRequest
    from office_app.services.gate import exits as gate

    first, second = two
    gate.decide(first, exit_request, "代办替代", seen="")
    with pytest.raises(gate.RequestDecided) as refused:
        gate.decide(second, exit_request, "同意·点对点", seen="")
    assert "李四（lisi）" in str(refused.value) and "代办替代" in str(refused.value)
    assert "王**" in str(refused.value) and "王秀英" not in str(refused.value)
    assert isinstance(refused.value, gate.GateError)
    assert ExitRequest.get_by_id(exit_request).decision == "代办替代"
    # A seat that saw the decision may still change it, until the resident goes out.
    gate.decide(second, exit_request, "同意·点对点", seen="代办替代")
    assert ExitRequest.get_by_id(exit_request).decision == "同意·点对点"


def test_two_seats_deciding_an_exit_at_once_decide_it_once(
    two: tuple[Actor, Actor], exit_request: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from office_app.models import ExitRequest
    from office_app.services.gate import exits as gate

    first, second = two
    read_undecided = ExitRequest.get_by_id(exit_request)
    gate.decide(first, exit_request, "代办替代")
    real = gate._request
    reads = iter([read_undecided])
    monkeypatch.setattr(gate, "_request", lambda request_id: next(reads, None) or real(request_id))
    with pytest.raises(gate.RequestDecided, match="李四"):
        gate.decide(second, exit_request, "同意·点对点")
    assert ExitRequest.get_by_id(exit_request).decision == "代办替代"


def test_two_seats_letting_the_same_resident_out_record_it_once(
    two: tuple[Actor, Actor], exit_request: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from office_app.models import ExitRequest
    from office_app.services.gate import exits as gate

    first, second = two
    gate.decide(first, exit_request, "同意·点对点")
    read_in = ExitRequest.get_by_id(exit_request)
    gate.mark_out(first, exit_request)
    real = gate._request
    reads = iter([read_in])
    monkeypatch.setattr(gate, "_request", lambda request_id: next(reads, None) or real(request_id))
    with pytest.raises(gate.RequestDecided, match="已登记外出"):
        gate.mark_out(second, exit_request)


@pytest.fixture
def supply_round(two: tuple[Actor, Actor], building: B.BuildingInfo) -> tuple[int, list[int]]:
    from office_app.services.supplies import stock as S

    households = [
        R.create(two[0], R.ResidentData(f"住户{n}", building.id, "1单元", f"{n}01", doc_no=doc)).id
        for n, doc in ((1, DOC), (2, "510213196503120312"))
    ]
    today = dt.date.today()
    S.receive_batch(
        two[0],
        S.BatchData(
            "街道调拨",
            "街道",
            today,
            (S.ItemLine("蔬菜包", "生活物资", "份", 5, today + dt.timedelta(days=5)),),
        ),
    )
    plan = S.plan_round("蔬菜包", 1, [building.id], today)
    round_id = S.create_round(two[0], "第一轮", today, plan, "", today=today)
    homes = [Resident.get_by_id(r).household_id for r in households]
    return round_id, homes


def test_a_delivery_recorded_at_one_seat_is_refused_at_the_other(
    two: tuple[Actor, Actor], building: B.BuildingInfo, supply_round: tuple[int, list[int]]
) -> None:
    from office_app.models import Distribution, ServiceRecord
    from office_app.services.supplies import stock as S

    first, second = two
    round_id, homes = supply_round
    volunteer = Volunteer.create(name="崔亚涛")
    S.deliver(first, round_id, building.id, volunteer.id, [homes[0]])
    with pytest.raises(S.AlreadyDelivered) as refused:
        S.deliver(second, round_id, building.id, volunteer.id, homes)  # both, from its old list
    assert "李四（lisi）" in str(refused.value) and "1单元101" in str(refused.value)
    assert isinstance(refused.value, S.SupplyError)
    assert Distribution.select().where(Distribution.delivered_at.is_null(False)).count() == 1
    assert ServiceRecord.select().count() == 1
    S.deliver(second, round_id, building.id, volunteer.id, [homes[1]])  # the one still open


def test_two_seats_delivering_at_once_record_it_once(
    two: tuple[Actor, Actor],
    building: B.BuildingInfo,
    supply_round: tuple[int, list[int]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The second seat read the rows undelivered before the first committed: its conditional
    UPDATE changes nothing and the whole delivery is refused (no stock taken twice)."""
    from office_app.models import Distribution, LedgerEntry
    from office_app.services.supplies import stock as S

    first, second = two
    round_id, homes = supply_round
    volunteer = Volunteer.create(name="崔亚涛")
    ledger = LedgerEntry.select().count()
    real_plan_take = S.plan_take

    def other_seat_delivers_first(*args: object, **kwargs: object) -> object:
        Distribution.update(delivered_at=dt.datetime.now()).where(
            Distribution.household == homes[0]
        ).execute()
        return real_plan_take(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(S, "plan_take", other_seat_delivers_first)
    with pytest.raises(S.AlreadyDelivered):
        S.deliver(second, round_id, building.id, volunteer.id, homes)
    assert LedgerEntry.select().count() == ledger
    assert Distribution.select().where(Distribution.delivered_at.is_null(False)).count() == 0
    del first


def test_the_server_announces_another_connections_commit_not_its_own(
    two: tuple[Actor, Actor], fresh_db: object
) -> None:
    if not isinstance(db.obj, pw.PostgresqlDatabase):
        pytest.skip("LISTEN/NOTIFY is the server's; on a file the watcher reads data_version")
    import time

    import psycopg

    from office_app.models.engine import ServerUrl

    watcher = seats.ChangeWatcher()
    try:
        assert watcher._listener is not None
        assert not watcher.changed()
        Compound.create(name="自己写的")  # this seat's own commit
        time.sleep(0.2)
        assert not watcher.changed()
        assert isinstance(fresh_db, ServerUrl)
        with psycopg.connect(fresh_db.secret) as other:
            other.execute(
                "INSERT INTO compound (name, address, area, created_at) "
                "VALUES ('别处写的', '', '', now())"
            )
            time.sleep(0.2)
            assert not watcher.changed()  # not committed yet
        deadline = time.monotonic() + 5
        while not watcher.changed():
            assert time.monotonic() < deadline, "no notification within 5 s"
            time.sleep(0.05)
        # The triggers are made once: a second watcher finds them there.
        seats.ChangeWatcher().close()
    finally:
        watcher.close()


def test_a_sealing_while_the_resident_is_being_edited_is_not_undone(
    two: tuple[Actor, Actor], building: B.BuildingInfo
) -> None:
    """The building is sealed while a seat edits one of its residents: that save would put
    the resident's control status back; it is refused, naming the sealing and when."""
    from office_app.services.places import risk

    first, second = two
    resident = R.create(first, R.ResidentData("张子涵", building.id, "2单元", "501", doc_no=DOC))
    editing = R.stored(resident.id).data
    risk.change_risk(first, building.id, "高", reason="阳性 1 例")
    assert Resident.get_by_id(resident.id).control_status == "居家隔离"
    with pytest.raises(R.ResidentConflict) as refused:
        R.update(second, resident.id, R.ResidentData(**{**editing.__dict__, "note": "在家"}))
    assert refused.value.who == "楼栋封控" and "管控状态：居家隔离" in str(refused.value)
    assert Resident.get_by_id(resident.id).control_status == "居家隔离"


def test_an_import_while_a_volunteer_is_being_edited_is_named(
    two: tuple[Actor, Actor], tmp_path: Path
) -> None:
    from office_app.services.imports import volunteers as volunteers_import

    first, second = two
    volunteer_id = V.save_volunteer(first, V.VolunteerData("赵六", phone="13800001111"))
    editing = V.volunteer_data(volunteer_id)
    path = tmp_path / "volunteers.csv"
    path.write_text("姓名,手机号,性别\n赵六,13800001111,男\n", encoding="utf-8")
    summary = volunteers_import.import_volunteers(first, path)
    assert Volunteer.get_by_id(volunteer_id).version == 1, summary
    with pytest.raises(V.VolunteerConflict) as refused:
        V.save_volunteer(
            second, V.VolunteerData(**{**editing.__dict__, "note": "白班"}), volunteer_id
        )
    assert refused.value.who == "文件导入" and refused.value.when is not None


def test_two_seats_changing_a_level_at_once_change_it_once(
    two: tuple[Actor, Actor], building: B.BuildingInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from office_app.models import RiskChange
    from office_app.services.places import risk

    first, second = two
    read_low = Building.get_by_id(building.id)
    risk.change_risk(first, building.id, "中", reason="密接")
    real_get = Building.get_or_none
    reads = iter([read_low])
    monkeypatch.setattr(Building, "get_or_none", lambda *a: next(reads, None) or real_get(*a))
    with pytest.raises(risk.RiskError, match="另一席位"):
        risk.change_risk(second, building.id, "高", reason="阳性")
    monkeypatch.undo()
    assert [(c.from_level, c.to_level) for c in RiskChange.select()] == [("低", "中")]
    assert Building.get_by_id(building.id).risk_level == "中"
