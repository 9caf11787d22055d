"""Managing operators (操作员管理): administrators only, every change audited.

Roles: 管理员 (admin: everything, also operators, settings, restore and purge), 值班员 (duty:
the daily work), 只读 (readonly: viewing, with personal data masked). The database always
keeps at least one active administrator: the last one can be neither disabled nor demoted.
Passwords never appear in the audit trail; a reset also lifts a lock-out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from office_app.models import Operator, db

from . import audit, auth
from .actor import ROLE_ADMIN, ROLE_LABELS, ROLES, Actor, require_admin

MIN_PASSWORD = 4


class OperatorError(ValueError):
    """The change cannot be made; the message says why."""


@dataclass(frozen=True)
class OperatorInfo:
    id: int
    username: str
    display_name: str
    role: str
    active: bool
    locked_until: dt.datetime | None
    created_at: dt.datetime

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


def _info(op: Operator) -> OperatorInfo:
    return OperatorInfo(
        op.id,
        op.username,
        op.display_name,
        op.role,
        bool(op.active),
        op.locked_until,
        op.created_at,
    )


def list_operators() -> list[OperatorInfo]:
    return [_info(op) for op in Operator.select().order_by(Operator.username)]


def _get(operator_id: int) -> Operator:
    op = Operator.get_or_none(Operator.id == operator_id)
    if op is None:
        raise OperatorError(f"没有编号为 {operator_id} 的操作员。")
    return op


def _other_active_admins(operator_id: int) -> int:
    return int(
        Operator.select()
        .where((Operator.role == ROLE_ADMIN) & Operator.active & (Operator.id != operator_id))
        .count()
    )


def create(
    actor: Actor, username: str, display_name: str, role: str, password: str
) -> OperatorInfo:
    require_admin(actor)
    if len(password) < MIN_PASSWORD:
        raise OperatorError(f"密码至少 {MIN_PASSWORD} 位。")
    try:
        created = auth.create_operator(actor, username, display_name, role, password)
    except ValueError as exc:
        raise OperatorError(str(exc)) from exc
    assert created.operator_id is not None
    return _info(_get(created.operator_id))


def reset_password(actor: Actor, operator_id: int, password: str) -> OperatorInfo:
    """Set a new password (the operator should change it) and lift any lock-out."""
    require_admin(actor)
    if len(password) < MIN_PASSWORD:
        raise OperatorError(f"密码至少 {MIN_PASSWORD} 位。")
    with db.atomic():
        op = _get(operator_id)
        op.password_hash = auth.hash_password(password)
        op.failed_attempts = 0
        op.locked_until = None
        op.save()
        audit.record(
            actor,
            "operator.password",
            entity="operator",
            entity_id=op.id,
            summary=f"重置操作员 {op.username} 的密码",
        )
    return _info(op)


def set_role(actor: Actor, operator_id: int, role: str) -> OperatorInfo:
    require_admin(actor)
    if role not in ROLES:
        raise OperatorError(f"未知角色：{role}")
    with db.atomic():
        op = _get(operator_id)
        if op.role == role:
            return _info(op)
        if op.role == ROLE_ADMIN and op.active and _other_active_admins(op.id) == 0:
            raise OperatorError(f"{op.username} 是唯一的管理员，不能改为其他角色。")
        before = op.role
        op.role = role
        op.save()
        audit.record(
            actor,
            "operator.role",
            entity="operator",
            entity_id=op.id,
            summary=f"操作员 {op.username}：{ROLE_LABELS[before]} → {ROLE_LABELS[role]}",
            before={"role": before},
            after={"role": role},
        )
    return _info(op)


def set_active(actor: Actor, operator_id: int, active: bool) -> OperatorInfo:
    """Disable (or enable again) an operator: a disabled one cannot log in."""
    require_admin(actor)
    with db.atomic():
        op = _get(operator_id)
        if bool(op.active) == active:
            return _info(op)
        if not active:
            if op.id == actor.operator_id:
                raise OperatorError("不能停用自己正在使用的账户。")
            if op.role == ROLE_ADMIN and _other_active_admins(op.id) == 0:
                raise OperatorError(f"{op.username} 是唯一的管理员，不能停用。")
        op.active = active
        op.save()
        audit.record(
            actor,
            "operator.enable" if active else "operator.disable",
            entity="operator",
            entity_id=op.id,
            summary=f"{'启用' if active else '停用'}操作员 {op.username}",
            before={"active": not active},
            after={"active": active},
        )
    return _info(op)


def rename(actor: Actor, operator_id: int, display_name: str) -> OperatorInfo:
    require_admin(actor)
    name = display_name.strip()
    if not name:
        raise OperatorError("显示名不能为空。")
    with db.atomic():
        op = _get(operator_id)
        before = op.display_name
        if before == name:
            return _info(op)
        op.display_name = name
        op.save()
        audit.record(
            actor,
            "operator.rename",
            entity="operator",
            entity_id=op.id,
            summary=f"操作员 {op.username} 的显示名：{before} → {name}",
            before={"display_name": before},
            after={"display_name": name},
        )
    return _info(op)


def change_own_password(actor: Actor, old_password: str, new_password: str) -> None:
    """Any operator changes their own password, knowing the current one; audited."""
    if actor.operator_id is None:
        raise OperatorError("本机命令行操作员没有密码。")
    if len(new_password) < MIN_PASSWORD:
        raise OperatorError(f"新密码至少 {MIN_PASSWORD} 位。")
    with db.atomic():
        op = _get(actor.operator_id)
        if not auth.verify_password(old_password, op.password_hash):
            raise OperatorError("当前密码不正确。")
        op.password_hash = auth.hash_password(new_password)
        op.save()
        audit.record(
            actor,
            "operator.password",
            entity="operator",
            entity_id=op.id,
            summary=f"操作员 {op.username} 修改了自己的密码",
        )
