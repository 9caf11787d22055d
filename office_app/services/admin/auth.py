"""Operators and log-in. Passwords are hashed with scrypt and a random salt."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os

from office_app.models import Operator, db, now
from office_app.models.database import reports_unavailable

from . import audit
from .actor import ROLES, Actor, require_admin

_N, _R, _P = 2**14, 8, 1
MAX_FAILURES = 5
LOCK_MINUTES = 5


class LoginError(Exception):
    pass


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    salt_b64 = base64.b64encode(salt).decode()
    digest_b64 = base64.b64encode(digest).decode()
    return f"scrypt${_N}${_R}${_P}${salt_b64}${digest_b64}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    salt = base64.b64decode(salt_b64)
    expected = base64.b64decode(digest_b64)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected)
    )
    return hmac.compare_digest(digest, expected)


def actor_for(operator: Operator) -> Actor:
    return Actor(operator.username, operator.display_name, operator.role, operator.id)


def active_actor(username: str) -> Actor | None:
    """The actor of the active operator named ``username``; None when there is none (no such
    operator, deactivated, or an empty name)."""
    if not username:
        return None
    operator = Operator.get_or_none(Operator.username == username)
    return actor_for(operator) if operator is not None and operator.active else None


def has_operators() -> bool:
    return bool(Operator.select().exists())


@reports_unavailable
def create_operator(
    actor: Actor | None, username: str, display_name: str, role: str, password: str
) -> Actor:
    """Create an operator. ``actor`` is None only for the first admin of a new database."""
    username = username.strip()
    if not username:
        raise ValueError("用户名不能为空。")
    if role not in ROLES:
        raise ValueError(f"未知角色：{role}")
    if len(password) < 4:
        raise ValueError("密码至少 4 位。")
    with db.atomic():
        if actor is None and has_operators():
            raise PermissionError("已有操作员，新建操作员需要管理员登录。")
        if actor is not None:
            require_admin(actor, "只有管理员可以新建操作员。")
        if Operator.select().where(Operator.username == username).exists():
            raise ValueError(f"用户名 {username} 已存在。")
        op = Operator.create(
            username=username,
            display_name=display_name.strip() or username,
            role=role,
            password_hash=hash_password(password),
        )
        created = actor_for(op)
        audit.record(
            actor or created,
            "operator.create",
            entity="operator",
            entity_id=op.id,
            summary=f"新建操作员 {username}（{role}）",
        )
    return created


def _record_failure(typed: str, op: Operator | None, why: str, moment: dt.datetime) -> None:
    """A refused log-in in the audit trail: the user name as typed and why, never the password.

    An unknown name is recorded under that name (no operator): who tried what is the point.
    """
    name = typed[:64] or "（空）"
    actor = actor_for(op) if op is not None else Actor(name, "", "", None)
    audit.record(
        actor,
        "login.failed",
        entity="operator",
        entity_id=op.id if op is not None else None,
        summary=f"登录失败：用户名“{name}”，{why}（{moment:%Y-%m-%d %H:%M}）",
        after={"username": name, "reason": why, "at": f"{moment:%Y-%m-%d %H:%M:%S}"},
    )


@reports_unavailable
def log_in(username: str, password: str, *, at: dt.datetime | None = None) -> Actor:
    """Check a password. Five failures in a row lock the account for five minutes.

    The failure count is committed before the error is raised, so it survives the refusal.
    """
    moment = at or now()
    failure = ""
    typed = username.strip()
    with db.atomic():
        op = Operator.get_or_none(Operator.username == typed)
        if op is None or not op.active:
            failure = "用户名或密码不正确。"
            why = "没有这个用户名" if op is None else "该操作员已停用"
            _record_failure(typed, op, why, moment)
        elif op.locked_until is not None and op.locked_until > moment:
            failure = f"该账户已被锁定，请在 {op.locked_until:%H:%M} 之后再试。"
            _record_failure(typed, op, f"账户锁定中（至 {op.locked_until:%H:%M}）", moment)
        elif not verify_password(password, op.password_hash):
            op.failed_attempts += 1
            locked = op.failed_attempts >= MAX_FAILURES
            if locked:
                op.locked_until = moment + dt.timedelta(minutes=LOCK_MINUTES)
                op.failed_attempts = 0
            op.save()
            why = "密码不正确" + (
                f"，连续 {MAX_FAILURES} 次，账户锁定 {LOCK_MINUTES} 分钟" if locked else ""
            )
            _record_failure(typed, op, why, moment)
            failure = "用户名或密码不正确。"
        else:
            op.failed_attempts = 0
            op.locked_until = None
            op.save()
            actor = actor_for(op)
            audit.record(actor, "login", entity="operator", entity_id=op.id)
    if failure:
        raise LoginError(failure)
    return actor
