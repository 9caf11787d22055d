"""Who acts: the logged-in operator in the GUI, or the command line's operator.

An :class:`Actor` is who logged in, with the role they had then. Rights are checked against
the database at every service call (:func:`require_write`, :func:`require_admin`): an operator
demoted or disabled by an administrator loses the rights at once, not at the next log-in. A
refusal is written to the audit trail (who, what, when) and raised as :class:`PermissionDenied`.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

log = logging.getLogger(__name__)

ROLE_ADMIN = "admin"
ROLE_DUTY = "duty"
ROLE_READONLY = "readonly"
ROLES = (ROLE_ADMIN, ROLE_DUTY, ROLE_READONLY)
ROLE_LABELS = {ROLE_ADMIN: "管理员", ROLE_DUTY: "值班员", ROLE_READONLY: "只读"}
_RANK = {ROLE_READONLY: 0, ROLE_DUTY: 1, ROLE_ADMIN: 2}

SYSTEM_USERNAME = "system"


@dataclass(frozen=True)
class Actor:
    """The operator a service call acts for. ``operator_id`` is None for ``system``.

    ``role`` is the role at log-in (or less: a program that opened the database read-only
    acts as ``readonly``); :func:`effective_role` is what the database allows now.
    """

    username: str
    display_name: str
    role: str
    operator_id: int | None = None

    @property
    def can_write(self) -> bool:
        return self.role in (ROLE_ADMIN, ROLE_DUTY)

    @property
    def is_admin(self) -> bool:
        return self.role == ROLE_ADMIN


# The built-in local operator of the command line: whoever can run it can read the file anyway.
SYSTEM = Actor(SYSTEM_USERNAME, "本机命令行", ROLE_ADMIN, None)


class PermissionDenied(PermissionError):
    """The operator may not do this. ``audited`` tells whether the refusal is already in the
    audit trail (it cannot be while the caller's transaction is open: see :func:`record_denial`).
    """

    def __init__(self, message: str, *, actor: Actor | None = None, what: str = "") -> None:
        super().__init__(message)
        self.actor = actor
        self.what = what
        self.audited = False


def effective_role(actor: Actor) -> str | None:
    """The actor's role as the database has it now, never more than ``actor.role``;
    None when the operator has been disabled or removed."""
    if actor.operator_id is None:
        return actor.role
    from office_app.models import Operator

    row = (
        Operator.select(Operator.role, Operator.active)
        .where(Operator.id == actor.operator_id)
        .tuples()
        .first()
    )
    if row is None or not row[1]:
        return None
    stored = str(row[0])
    return stored if _RANK.get(stored, 0) <= _RANK.get(actor.role, 0) else actor.role


def record_denial(exc: PermissionDenied) -> bool:
    """Write the refusal to the audit trail unless it is there already; True when it is.

    Not inside an open transaction: the caller's rollback would take the entry with it
    (the command line records such a refusal after the rollback).
    """
    if exc.audited or exc.actor is None:
        return exc.audited
    from office_app.models import db

    from . import audit

    try:
        if db.obj is None or db.in_transaction():
            return False
        with db.atomic():
            audit.record(
                exc.actor,
                "denied",
                summary=f"拒绝{('：' + exc.what) if exc.what else ''}——{exc}",
            )
    except Exception as error:  # a busy or read-only database: the refusal still stands
        log.warning("refusal not audited (%s): %s", error, exc)
        return False
    exc.audited = True
    return True


def _caller() -> str:
    """The service function that called require_write or require_admin."""
    frame = sys._getframe(2)
    module = frame.f_globals.get("__name__", "").rsplit(".", 1)[-1]
    return f"{module}.{frame.f_code.co_name}"


def _deny(actor: Actor, message: str, what: str) -> PermissionDenied:
    exc = PermissionDenied(message, actor=actor, what=what)
    record_denial(exc)
    return exc


def _role_now(actor: Actor, what: str) -> str:
    role = effective_role(actor)
    if role is None:
        raise _deny(actor, f"操作员 {actor.username} 已被停用，不能再做这件事。", what)
    return role


def require_write(actor: Actor, message: str = "") -> None:
    what = _caller()
    if _role_now(actor, what) not in (ROLE_ADMIN, ROLE_DUTY):
        message = message or f"操作员 {actor.username} 是只读角色，不能修改数据。"
        raise _deny(actor, message, what)


def require_admin(actor: Actor, message: str = "") -> None:
    what = _caller()
    if _role_now(actor, what) != ROLE_ADMIN:
        message = message or f"只有管理员可以这样做（当前操作员：{actor.username}）。"
        raise _deny(actor, message, what)
