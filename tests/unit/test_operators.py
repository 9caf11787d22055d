"""Operators management (issue 9, point 4): admins only, the last admin stays, audited."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from office_app.models import AuditEntry, Operator
from office_app.services.admin import auth
from office_app.services.admin import operators as O
from office_app.services.admin.actor import PermissionDenied


@pytest.fixture
def admin(fresh_db: Path):  # type: ignore[no-untyped-def]
    return auth.create_operator(None, "admin", "张书记", "admin", "secret1")


def test_admin_creates_and_lists_operators(admin) -> None:  # type: ignore[no-untyped-def]
    created = O.create(admin, "duty1", "王值班", "duty", "pass1")
    assert (created.role_label, created.active) == ("值班员", True)
    assert [o.username for o in O.list_operators()] == ["admin", "duty1"]
    with pytest.raises(O.OperatorError, match="已存在"):
        O.create(admin, "duty1", "", "duty", "pass1")
    with pytest.raises(O.OperatorError, match="至少"):
        O.create(admin, "duty2", "", "duty", "123")


def test_only_an_admin_manages_operators(admin) -> None:  # type: ignore[no-untyped-def]
    created = O.create(admin, "duty1", "王值班", "duty", "pass1")
    duty = auth.log_in("duty1", "pass1")
    for attempt in (
        lambda: O.create(duty, "x", "", "duty", "xxxx"),
        lambda: O.reset_password(duty, created.id, "newpass"),
        lambda: O.set_role(duty, created.id, "admin"),
        lambda: O.set_active(duty, admin.operator_id, False),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    assert Operator.get_by_id(created.id).role == "duty"


def test_reset_password_lifts_the_lock_and_is_audited_without_it(admin) -> None:  # type: ignore[no-untyped-def]
    created = O.create(admin, "duty1", "王值班", "duty", "pass1")
    t0 = dt.datetime(2022, 11, 20, 8, 0)
    for _ in range(5):
        with pytest.raises(auth.LoginError):
            auth.log_in("duty1", "wrong", at=t0)
    assert Operator.get_by_id(created.id).locked_until is not None
    O.reset_password(admin, created.id, "fresh-pass")
    assert auth.log_in("duty1", "fresh-pass").username == "duty1"
    entry = AuditEntry.get(AuditEntry.action == "operator.password")
    assert "fresh-pass" not in (entry.summary + str(entry.before) + str(entry.after))


def test_role_changes_and_disabling(admin) -> None:  # type: ignore[no-untyped-def]
    created = O.create(admin, "duty1", "王值班", "duty", "pass1")
    assert O.set_role(admin, created.id, "readonly").role_label == "只读"
    assert auth.log_in("duty1", "pass1").can_write is False
    O.set_active(admin, created.id, False)
    with pytest.raises(auth.LoginError):
        auth.log_in("duty1", "pass1")
    O.set_active(admin, created.id, True)
    assert auth.log_in("duty1", "pass1").username == "duty1"
    entry = AuditEntry.get(AuditEntry.action == "operator.role")
    assert (entry.before, entry.after) == ('{"role": "duty"}', '{"role": "readonly"}')
    assert O.rename(admin, created.id, "王二").display_name == "王二"


def test_the_last_admin_stays(admin) -> None:  # type: ignore[no-untyped-def]
    assert admin.operator_id is not None
    with pytest.raises(O.OperatorError, match="唯一的管理员"):
        O.set_role(admin, admin.operator_id, "duty")
    with pytest.raises(O.OperatorError, match="自己"):
        O.set_active(admin, admin.operator_id, False)
    second = O.create(admin, "admin2", "李主任", "admin", "pass2")
    O.set_role(admin, admin.operator_id, "duty")  # another admin exists now
    with pytest.raises(O.OperatorError, match="唯一的管理员"):
        O.set_role(auth.log_in("admin2", "pass2"), second.id, "readonly")


def test_anyone_changes_their_own_password_knowing_the_old_one(admin) -> None:  # type: ignore[no-untyped-def]
    O.create(admin, "viewer", "查看员", "readonly", "view1")
    viewer = auth.log_in("viewer", "view1")
    with pytest.raises(O.OperatorError, match="当前密码不正确"):
        O.change_own_password(viewer, "wrong", "view2")
    with pytest.raises(O.OperatorError, match="至少"):
        O.change_own_password(viewer, "view1", "v2")
    O.change_own_password(viewer, "view1", "view-two")
    assert auth.log_in("viewer", "view-two").username == "viewer"
    with pytest.raises(auth.LoginError):
        auth.log_in("viewer", "view1")
    from office_app.services.admin.actor import SYSTEM

    with pytest.raises(O.OperatorError, match="命令行"):
        O.change_own_password(SYSTEM, "", "abcd")
