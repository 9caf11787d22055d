from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from office_app.models import AuditEntry, Operator
from office_app.services.admin import auth
from office_app.services.admin import settings as S
from office_app.services.admin.actor import SYSTEM, Actor, PermissionDenied


def test_first_admin_then_log_in(fresh_db: Path) -> None:
    assert not auth.has_operators()
    admin = auth.create_operator(None, "admin", "管理员", "admin", "secret1")
    assert admin.is_admin
    stored = Operator.get(Operator.username == "admin").password_hash
    assert "secret1" not in stored and stored.startswith("scrypt$")
    actor = auth.log_in("admin", "secret1")
    assert actor.username == "admin" and actor.operator_id is not None
    actions = [e.action for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert actions == ["operator.create", "login"]


def test_second_operator_needs_an_admin(fresh_db: Path) -> None:
    admin = auth.create_operator(None, "admin", "管理员", "admin", "secret1")
    with pytest.raises(PermissionError):
        auth.create_operator(None, "intruder", "", "admin", "xxxx")
    duty = auth.create_operator(admin, "duty1", "值班员", "duty", "pass")
    with pytest.raises(PermissionError):
        auth.create_operator(duty, "x", "", "duty", "xxxx")
    with pytest.raises(ValueError, match="已存在"):
        auth.create_operator(admin, "duty1", "", "duty", "xxxx")


def test_five_failures_lock_the_account_for_five_minutes(fresh_db: Path) -> None:
    auth.create_operator(None, "admin", "管理员", "admin", "secret1")
    t0 = dt.datetime(2022, 11, 20, 8, 0)
    for _ in range(5):
        with pytest.raises(auth.LoginError, match="不正确"):
            auth.log_in("admin", "wrong", at=t0)
    with pytest.raises(auth.LoginError, match="锁定"):
        auth.log_in("admin", "secret1", at=t0 + dt.timedelta(minutes=4))
    assert auth.log_in("admin", "secret1", at=t0 + dt.timedelta(minutes=6)).is_admin


def test_unknown_user_is_refused(fresh_db: Path) -> None:
    with pytest.raises(auth.LoginError):
        auth.log_in("nobody", "x")


def test_settings_defaults_and_round_trip(fresh_db: Path) -> None:
    s = S.load()
    assert s.community == "科城路社区"
    assert [d.name for d in s.shifts] == ["白班", "夜班"]
    assert s.lowering_clean_days == 5
    changed = S.CommunitySettings(community="测试社区", lowering_clean_days=7)
    S.save(SYSTEM, changed)
    assert S.load().community == "测试社区"
    assert S.load().lowering_clean_days == 7
    assert AuditEntry.select().where(AuditEntry.action == "settings.save").count() == 1


def test_only_an_admin_changes_settings(fresh_db: Path) -> None:
    duty = Actor("duty1", "值班员", "duty", None)
    with pytest.raises(PermissionDenied):
        S.save(duty, S.CommunitySettings())


def test_night_shift_crosses_midnight() -> None:
    s = S.CommunitySettings()
    night = s.shift("夜班")
    start, end = night.times_on(dt.date(2022, 11, 20))
    assert (start, end) == (dt.datetime(2022, 11, 20, 20), dt.datetime(2022, 11, 21, 8))
    day, shift = s.shift_at(dt.datetime(2022, 11, 21, 3, 0))
    assert (day, shift.name) == (dt.date(2022, 11, 20), "夜班")
    day, shift = s.shift_at(dt.datetime(2022, 11, 21, 8, 0))
    assert (day, shift.name) == (dt.date(2022, 11, 21), "白班")
    with pytest.raises(KeyError, match="早班"):
        s.shift("早班")


def test_every_refused_log_in_is_audited_with_the_name_typed(fresh_db: Path) -> None:
    """Issue 17, point 20: unknown, disabled and locked names too; never the password."""
    auth.create_operator(None, "admin", "管理员", "admin", "secret1")
    t0 = dt.datetime(2022, 11, 20, 8, 0)
    with pytest.raises(auth.LoginError):
        auth.log_in(" nobody ", "pw-secret-1", at=t0)
    for _ in range(5):
        with pytest.raises(auth.LoginError):
            auth.log_in("admin", "pw-secret-2", at=t0)
    with pytest.raises(auth.LoginError, match="锁定"):
        auth.log_in("admin", "secret1", at=t0 + dt.timedelta(minutes=1))
    failed = list(
        AuditEntry.select().where(AuditEntry.action == "login.failed").order_by(AuditEntry.id)
    )
    assert [e.operator_name for e in failed] == ["nobody"] + ["admin"] * 6
    assert "没有这个用户名" in failed[0].summary and "2022-11-20 08:00" in failed[0].summary
    assert "账户锁定 5 分钟" in failed[5].summary and "锁定中" in failed[6].summary
    assert all("pw-secret" not in f"{e.summary}{e.after}" for e in failed)
