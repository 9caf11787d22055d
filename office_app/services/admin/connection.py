"""Which database the program works on, and the office server's password. No Qt.

A database is named by a *target*: the path of a file on this PC, or the office server's URL
``postgresql://user@host:port/dbname`` (``?sslmode=require`` and the like may follow). A
target the program keeps or shows never carries a password: the password of a server lives
in the operating system's credential store (Windows Credential Manager, the macOS keychain,
the Secret Service on Linux) through the ``keyring`` library, under the service
:data:`KEYRING_SERVICE` and the name ``user@host:port/dbname`` (:func:`credential_name`).
No password is written to a settings file, a log or the audit trail; where the store cannot
be used the password is not kept at all (it is asked for again), never kept in plain text.

Which database a start uses, first match wins (:func:`resolve_target`): ``--db``, the
environment variable ``OFFICE_APP_DB``, the choice made in the GUI (its first start or 设置,
kept in the per-user QSettings as ``database/target``, the URL without password), else
``office.db`` in the user's data folder.

:func:`check_connection` tries a target and answers in Chinese what it found (a server that
cannot be reached, a wrong password, a database that does not exist, an empty one, one of a
newer program, …), never raising for a server that is not there.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlencode, urlsplit

# The server's URL as the program passes it around (prints with the password masked): the
# command line and the views name it through here, not through the models.
from office_app.models.engine import ServerUrl

if TYPE_CHECKING:
    from .actor import Actor

log = logging.getLogger(__name__)

KEYRING_SERVICE = "CommunityOffice"
DEFAULT_PORT = 5432
# Seconds a connection attempt waits for a server that does not answer.
CONNECT_TIMEOUT = 5
SERVER_SCHEMES = ("postgresql", "postgres")
SSL_MODES = ("", "disable", "allow", "prefer", "require", "verify-ca", "verify-full")


class ConnectionSettingsError(ValueError):
    """A target or server address that cannot be used as it is (the message says why)."""


class CredentialStoreUnavailable(RuntimeError):
    """The operating system's credential store cannot keep the password (the message says
    so in Chinese); the password is then not kept anywhere."""


def is_server(target: str | Path | None) -> bool:
    """True when ``target`` names a database server (a ``postgresql://`` URL), not a file."""
    if target is None:
        return False
    text = str(target).strip().lower()
    return any(text.startswith(f"{scheme}://") for scheme in SERVER_SCHEMES)


@dataclass(frozen=True)
class ServerAddress:
    """Where the office server is and who the program is there; no password."""

    host: str
    database: str
    user: str
    port: int = DEFAULT_PORT
    sslmode: str = ""

    @property
    def url(self) -> str:
        """``postgresql://user@host:port/dbname`` (with ``?sslmode=`` when one is set)."""
        params: dict[str, str] = {}
        if self.host.startswith("/"):  # a Unix socket's folder: host and port as parameters
            where = ""
            params.update(host=self.host, port=str(self.port))
        else:
            where = f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"
        if self.sslmode:
            params["sslmode"] = self.sslmode
        url = f"postgresql://{quote(self.user, safe='')}@{where}/{quote(self.database, safe='')}"
        return url + ("?" + urlencode(params) if params else "")

    @property
    def display(self) -> str:
        """What the user reads: ``user@host:port/dbname``."""
        return credential_name(self)

    def problems(self) -> dict[str, str]:
        """What keeps this address from being used, by field (``host``, ``port``,
        ``database``, ``user``, ``sslmode``), in Chinese; empty when it can be tried."""
        found: dict[str, str] = {}
        if not self.host.strip():
            found["host"] = "请填写服务器的地址（计算机名或 IP 地址）。"
        elif not self.host.startswith("/") and re.search(r"[\s/@?#]", self.host.strip()):
            found["host"] = "服务器地址里不能有空格或 / @ ? # 这些字符。"
        if not 1 <= self.port <= 65535:
            found["port"] = "端口应在 1 到 65535 之间（PostgreSQL 默认 5432）。"
        if not self.database.strip():
            found["database"] = "请填写数据库的名称。"
        if not self.user.strip():
            found["user"] = "请填写用户名。"
        if self.sslmode not in SSL_MODES:
            found["sslmode"] = f"不认识的 sslmode：{self.sslmode}"
        return found

    def connect_kwargs(self) -> dict[str, object]:
        """The driver's connection parameters, without the password."""
        kwargs: dict[str, object] = {
            "host": self.host,
            "port": self.port,
            "dbname": self.database,
            "user": self.user,
        }
        if self.sslmode:
            kwargs["sslmode"] = self.sslmode
        return kwargs


def parse_server_url(url: str) -> ServerAddress:
    """The address a ``postgresql://user@host:port/dbname`` URL names (``host`` and ``port``
    may also come as parameters: ``postgresql://user@/dbname?host=/run/socket&port=5433``).
    A password in the URL is dropped (see :func:`password_in_url` to take it)."""
    from psycopg.conninfo import conninfo_to_dict

    text = url.strip()
    if urlsplit(text).scheme.lower() not in SERVER_SCHEMES:
        raise ConnectionSettingsError(f"不是数据库服务器的地址（应以 postgresql:// 开头）：{url}")
    try:
        info = {k: str(v) for k, v in conninfo_to_dict(text).items() if v is not None}
        port = int(info.get("port", DEFAULT_PORT))
    except Exception:
        raise ConnectionSettingsError(f"服务器地址不对：{_without_password(text)}") from None
    address = ServerAddress(
        host=info.get("host", ""),
        database=info.get("dbname", ""),
        user=info.get("user", ""),
        port=port,
        sslmode=info.get("sslmode", ""),
    )
    problems = address.problems()
    if problems:
        raise ConnectionSettingsError(
            f"服务器地址 {_without_password(text)} 不完整：" + "".join(problems.values())
        )
    return address


def password_in_url(url: str) -> str | None:
    """The password written into a URL (``postgresql://user:secret@host/db``), if any."""
    password = urlsplit(url.strip()).password
    return unquote(password) if password else None


def _without_password(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.password is None:
        return url.strip()
    netloc = parts.netloc.rsplit("@", 1)[-1]
    user = parts.username or ""
    return parts._replace(netloc=f"{user}@{netloc}" if user else netloc).geturl()


def normalize_target(target: str | Path) -> str:
    """The target as the program keeps and shows it: a server's URL rebuilt from its parts
    (without password), a file as its path."""
    if is_server(target):
        return parse_server_url(str(target)).url
    text = str(target).strip()
    if not text:
        raise ConnectionSettingsError("请选择数据库文件。")
    return str(Path(text).expanduser().absolute())  # not relative to where it started


def describe_target(target: str | Path) -> str:
    """The target in words for the status bar, 设置 and messages (never a password)."""
    if is_server(target):
        try:
            address = parse_server_url(str(target))
        except ConnectionSettingsError:
            return _without_password(str(target))
        return f"办公室服务器 {address.display}"
    return f"本机文件 {target}"


def resolve_target(
    explicit: str | Path | None,
    environment: str | None,
    stored: str | Callable[[], str] | None,
    default_file: Path | Callable[[], Path],
) -> tuple[str, str]:
    """The database a start uses and where that came from (``"--db"``, ``"OFFICE_APP_DB"``,
    ``"settings"`` or ``"default"``): ``--db`` wins over the environment, which wins over
    the choice stored by the GUI, which wins over the default file. ``stored`` and
    ``default_file`` may be functions, asked only when they are reached (making the default
    file's folder may not be possible for this user, and is not needed after ``--db``)."""
    if explicit is not None and str(explicit).strip():
        return str(explicit), "--db"
    if environment and environment.strip():
        return environment.strip(), "OFFICE_APP_DB"
    chosen = stored() if callable(stored) else stored
    if chosen and chosen.strip():
        return chosen.strip(), "settings"
    return str(default_file() if callable(default_file) else default_file), "default"


# --- the password, in the operating system's credential store ------------------------------


def credential_name(address: ServerAddress) -> str:
    """The name the password is kept under: ``user@host:port/dbname``."""
    return f"{address.user}@{address.host}:{address.port}/{address.database}"


_STORE_MISSING = (
    "这台电脑没有可用的凭据存储（Windows 凭据管理器、钥匙串或 Secret Service），"
    "密码没有保存：每次启动时需要重新输入。"
)


def store_password(address: ServerAddress, password: str) -> None:
    """Keep ``password`` for ``address`` in the credential store (replacing an older one).
    Raises :class:`CredentialStoreUnavailable` when the store cannot keep it."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, credential_name(address), password)
    except (KeyringError, RuntimeError, OSError) as exc:
        log.warning("credential store unavailable for %s: %s", credential_name(address), exc)
        raise CredentialStoreUnavailable(_STORE_MISSING) from None


def load_password(address: ServerAddress) -> str | None:
    """The password kept for ``address``, or None (none kept, or no credential store)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, credential_name(address))
    except (KeyringError, RuntimeError, OSError) as exc:
        log.warning("credential store unavailable for %s: %s", credential_name(address), exc)
        return None


def forget_password(address: ServerAddress) -> None:
    """Remove the password kept for ``address`` (nothing happens when none is kept)."""
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(KEYRING_SERVICE, credential_name(address))
    except PasswordDeleteError:
        pass
    except (KeyringError, RuntimeError, OSError) as exc:
        log.warning("credential store unavailable for %s: %s", credential_name(address), exc)


def password_for(target: str | Path) -> str | None:
    """The password to connect to ``target`` with: one written into the URL itself (as
    ``--db`` may give it), else the one in the credential store; None for a file."""
    if not is_server(target):
        return None
    in_url = password_in_url(str(target))
    if in_url is not None:
        return in_url
    return load_password(parse_server_url(str(target)))


# --- trying a target ------------------------------------------------------------------------


@dataclass(frozen=True)
class ConnectionCheck:
    """What trying a target found: ``ok`` when the program can work on it; ``message`` in
    Chinese for the user (no password, no traceback); ``empty`` when it holds no
    community yet (the first start will set it up)."""

    ok: bool
    message: str
    empty: bool = False
    schema_version: int = 0


def unreachable_message(exc: BaseException, address: ServerAddress) -> str:
    """What a failed connection to ``address`` means, in Chinese, with what to do."""
    text = str(exc)
    lower = text.lower()
    where = f"{address.host}:{address.port}"
    if "password authentication failed" in lower or "no password supplied" in lower:
        return f"服务器 {where} 拒绝了用户 {address.user} 的登录：用户名或密码不对。"
    if re.search(r'role ".*" does not exist', lower):
        return f"服务器 {where} 上没有名为 {address.user} 的用户：请检查用户名。"
    if re.search(r'database ".*" does not exist', lower):
        return (
            f"服务器 {where} 上没有名为 {address.database} 的数据库："
            "请检查数据库名称，或请管理员先建立它（见 README 的“办公室服务器”一节）。"
        )
    if "no pg_hba.conf entry" in lower:
        return (
            f"服务器 {where} 不允许这台电脑以用户 {address.user} 连接数据库 "
            f"{address.database}（服务器的 pg_hba.conf）：请管理员允许这台电脑连接。"
        )
    if "could not translate host name" in lower or "name or service not known" in lower:
        return f"找不到服务器 {address.host}：请检查服务器的名称或 IP 地址，以及网络连接。"
    if "timeout expired" in lower or "timed out" in lower:
        return (
            f"连接服务器 {where} 超时（{CONNECT_TIMEOUT} 秒没有回应）："
            "请检查网络、服务器是否开机，以及防火墙。"
        )
    if "connection refused" in lower:
        return (
            f"服务器 {where} 拒绝连接：数据库服务没有运行，或端口不对，或被防火墙挡住。"
            "请检查后重试。"
        )
    if "ssl" in lower:
        return f"与服务器 {where} 的加密连接（SSL）没有建立：{_first_line(text)}"
    return f"无法连接到服务器 {where}：{_first_line(text)}"


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else "原因不明"


def check_connection(
    target: str | Path, password: str | None = None, *, timeout: int = CONNECT_TIMEOUT
) -> ConnectionCheck:
    """Try ``target`` (a file or a server) and say what was found; never raises for a
    server that cannot be reached or a file that cannot be used. ``password`` for a server
    (else the credential store's)."""
    if is_server(target):
        try:
            address = parse_server_url(str(target))
        except ConnectionSettingsError as exc:
            return ConnectionCheck(False, str(exc))
        if password is None:
            password = password_for(target)
        return _check_server(address, password, timeout)
    return _check_file(Path(str(target)))


def _version_words(version: int, where: str) -> ConnectionCheck:
    from office_app.models.migrations import SCHEMA_VERSION

    if version > SCHEMA_VERSION:
        return ConnectionCheck(
            False,
            f"{where}里的数据是更新版本的程序写的（数据库版本 {version}，本程序只认识到 "
            f"{SCHEMA_VERSION}）：请先升级程序。",
            schema_version=version,
        )
    if version < 0:
        return ConnectionCheck(False, f"{where}里有别的数据表，但不是本程序的数据库。")
    older = "（打开时会自动升级）" if version < SCHEMA_VERSION else ""
    return ConnectionCheck(
        True, f"{where}里有本程序的数据（数据库版本 {version}{older}）。", schema_version=version
    )


def _file_version(path: Path) -> int:
    """The schema version of the database file at ``path``, read through a read-only
    connection of its own (the program's bound database stays as it is): 0 without tables,
    -1 with tables but no version table."""
    import sqlite3

    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    try:
        tables = {
            str(r[0])
            for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if "schema_version" not in tables:
            return -1 if tables else 0
        row = connection.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)
    finally:
        connection.close()


def _check_file(path: Path) -> ConnectionCheck:
    if path.is_dir():
        return ConnectionCheck(False, f"{path} 是一个文件夹，请选择（或新建）一个数据库文件。")
    if not path.exists():
        folder = path.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not os.access(folder, os.W_OK):
            return ConnectionCheck(False, f"文件夹 {folder} 不可写，不能在那里新建数据库文件。")
        return ConnectionCheck(
            True, f"连接成功：{path} 还不存在，第一次启动时新建这个数据库文件。", empty=True
        )
    try:
        version = _file_version(path)
    except Exception as exc:
        return ConnectionCheck(False, f"{path} 不是可用的数据库文件：{exc}")
    if version == 0:
        return ConnectionCheck(True, f"连接成功：{path} 是空的，第一次启动时建立数据表。", True)
    found = _version_words(version, f"文件 {path} ")
    return replace(found, message=("连接成功：" if found.ok else "") + found.message)


def _check_server(address: ServerAddress, password: str | None, timeout: int) -> ConnectionCheck:
    try:
        import psycopg
    except ImportError:
        return ConnectionCheck(
            False, "这个程序没有安装 PostgreSQL 的驱动（psycopg），不能连接办公室服务器。"
        )
    from psycopg.conninfo import make_conninfo

    params = {k: str(v) for k, v in address.connect_kwargs().items()}
    if password:
        params["password"] = password
    try:
        connection = psycopg.connect(
            make_conninfo("", **params), connect_timeout=timeout, autocommit=True
        )
    except psycopg.Error as exc:
        log.info("connection check to %s failed: %s", address.display, _first_line(str(exc)))
        return ConnectionCheck(False, unreachable_message(exc, address))
    try:
        server = connection.info.server_version
        release = f"PostgreSQL {server // 10000}.{server % 10000}"
        row = connection.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        ).fetchone()
        tables = int(row[0]) if row else 0
        version = 0
        if tables:
            has_version = connection.execute(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_name = 'schema_version'"
            ).fetchone()
            if has_version and has_version[0]:
                top = connection.execute("SELECT max(version) FROM schema_version").fetchone()
                version = int(top[0] or 0) if top else 0
            else:
                version = -1
    except psycopg.Error as exc:
        return ConnectionCheck(False, f"已连接到 {address.display}，但读不了数据库：{exc}")
    finally:
        connection.close()
    where = f"数据库 {address.database} "
    if version == 0:
        return ConnectionCheck(
            True,
            f"连接成功（{release}）：{where}还是空的，第一次启动时建立数据表。",
            empty=True,
        )
    found = _version_words(version, where)
    prefix = f"连接成功（{release}）：" if found.ok else ""
    return replace(found, message=prefix + found.message)


def server_location(target: str | Path, password: str | None) -> ServerUrl:
    """What opening the server ``target`` takes (services.admin.database.open_database): its
    URL carrying ``password`` (a password already in the URL stays). Prints masked."""
    url = ServerUrl(str(target))
    if password and password_in_url(str(target)) is None:
        url = url.with_password(password)
    return url


def record_choice(actor: Actor, target: str | Path) -> None:
    """Audit that this PC will start on ``target`` (administrators only; the entry names the
    file or the server, never a password)."""
    from office_app.models import db

    from . import audit
    from .actor import require_admin

    require_admin(actor)
    with db.atomic():
        audit.record(
            actor,
            "settings.database",
            entity="setting",
            summary=f"这台电脑下次启动时使用{describe_target(normalize_target(target))}",
        )
