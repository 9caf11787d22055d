"""Who acts: the logged-in operator in the GUI, or the command line's operator."""

from __future__ import annotations

from dataclasses import dataclass

ROLE_ADMIN = "admin"
ROLE_DUTY = "duty"
ROLE_READONLY = "readonly"
ROLES = (ROLE_ADMIN, ROLE_DUTY, ROLE_READONLY)
ROLE_LABELS = {ROLE_ADMIN: "管理员", ROLE_DUTY: "值班员", ROLE_READONLY: "只读"}

SYSTEM_USERNAME = "system"


@dataclass(frozen=True)
class Actor:
    """The operator a service call acts for. ``operator_id`` is None for ``system``."""

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
    pass


def require_write(actor: Actor) -> None:
    if not actor.can_write:
        raise PermissionDenied(f"操作员 {actor.username} 是只读角色，不能修改数据。")


def require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise PermissionDenied(f"只有管理员可以这样做（当前操作员：{actor.username}）。")
