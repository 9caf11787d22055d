"""Which database, the server's address, its password in the credential store, and trying a
connection (services/admin/connection.py)."""

from __future__ import annotations

import logging
import os
import socket
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from office_app.services.admin import connection as C
from tests.conftest import SERVER_URL
from tests.memory_keyring import MemoryKeyring, memory_keyring  # noqa: F401

ADDRESS = C.ServerAddress(host="office-pc", database="office", user="office", port=5433)
SECRET = "Zz-geheim-4711"


def free_port() -> int:
    """A port on this machine that nothing listens on (a server that is not there)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_url_names_the_server_and_never_a_password(tmp_path: Path) -> None:
    assert ADDRESS.url == "postgresql://office@office-pc:5433/office"
    assert C.parse_server_url(ADDRESS.url) == ADDRESS
    typed = f"postgresql://office:{SECRET}@office-pc:5433/office?sslmode=require"
    address = C.parse_server_url(typed)
    assert address.sslmode == "require"
    assert SECRET not in address.url and SECRET not in C.normalize_target(typed)
    assert SECRET not in C.describe_target(typed)
    assert C.password_in_url(typed) == SECRET
    socket_url = f"postgresql://office@/office_test?host={tmp_path}/socket&port=20001"
    on_socket = C.parse_server_url(socket_url)
    assert (on_socket.host, on_socket.port) == (f"{tmp_path}/socket", 20001)
    assert C.parse_server_url(on_socket.url) == on_socket


def test_an_incomplete_address_says_what_is_missing() -> None:
    problems = C.ServerAddress(host="", database="", user="", port=0).problems()
    assert set(problems) == {"host", "port", "database", "user"}
    with pytest.raises(C.ConnectionSettingsError, match="数据库的名称"):
        C.parse_server_url("postgresql://office@office-pc:5432/")
    assert C.is_server("postgresql://a@b/c") and C.is_server("POSTGRES://a@b/c")
    assert not C.is_server("数据/office.db") and not C.is_server(None)


def test_db_and_the_environment_win_over_the_stored_choice(tmp_path: Path) -> None:
    default = tmp_path / "office.db"
    stored = ADDRESS.url
    assert C.resolve_target(None, None, "", default) == (str(default), "default")
    assert C.resolve_target(None, None, stored, default) == (stored, "settings")
    env, cli = str(tmp_path / "env.db"), tmp_path / "cli.db"
    assert C.resolve_target(None, env, stored, default) == (env, "OFFICE_APP_DB")
    assert C.resolve_target(cli, env, stored, default) == (str(cli), "--db")


def test_the_password_lives_in_the_credential_store(
    memory_keyring: MemoryKeyring,  # noqa: F811
) -> None:
    assert C.load_password(ADDRESS) is None
    C.store_password(ADDRESS, SECRET)
    assert memory_keyring.passwords == {(C.KEYRING_SERVICE, "office@office-pc:5433/office"): SECRET}
    assert C.load_password(ADDRESS) == SECRET
    assert C.password_for(ADDRESS.url) == SECRET
    # A password written into the URL itself (as --db may give it) is used as it is.
    assert C.password_for("postgresql://office:other@office-pc:5433/office") == "other"
    assert C.password_for("some-file.db") is None
    C.forget_password(ADDRESS)
    C.forget_password(ADDRESS)  # nothing kept: nothing happens
    assert C.load_password(ADDRESS) is None


def test_without_a_credential_store_the_password_is_not_kept_anywhere(
    caplog: pytest.LogCaptureFixture,
) -> None:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with caplog.at_level(logging.DEBUG), pytest.raises(C.CredentialStoreUnavailable) as exc:
            C.store_password(ADDRESS, SECRET)
        assert "凭据" in str(exc.value)
        assert C.load_password(ADDRESS) is None
    finally:
        keyring.set_keyring(before)
    assert SECRET not in caplog.text


def test_a_file_is_tried_without_creating_it_nor_leaving_the_open_database(
    tmp_path: Path, demo_template: Path, fresh_db: object
) -> None:
    from office_app.models import db

    bound = db.obj
    missing = tmp_path / "新 文件夹" / "office.db"
    found = C.check_connection(missing)
    assert found.ok and found.empty and "新建" in found.message
    assert not missing.exists() and not missing.parent.exists()
    demo = C.check_connection(demo_template)
    assert demo.ok and not demo.empty and "数据库版本" in demo.message
    text = tmp_path / "notes.db"
    text.write_text("not a database, just words " * 100)
    assert not C.check_connection(text).ok
    assert not C.check_connection(tmp_path).ok
    assert db.obj is bound  # the program's database is still the one it works on


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write any folder")
def test_a_file_in_a_folder_that_cannot_be_written_is_refused(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    assert not C.check_connection(locked / "office.db").ok


def test_a_server_that_is_not_there_gets_a_clear_message_not_an_exception() -> None:
    port = free_port()
    found = C.check_connection(f"postgresql://office@127.0.0.1:{port}/office", SECRET, timeout=3)
    assert not found.ok
    assert f"127.0.0.1:{port}" in found.message and "拒绝连接" in found.message
    assert SECRET not in found.message


@pytest.mark.parametrize(
    ("driver_says", "we_say"),
    [
        ('FATAL:  password authentication failed for user "office"', "用户名或密码不对"),
        ('FATAL:  database "office" does not exist', "没有名为 office 的数据库"),
        ('FATAL:  role "office" does not exist', "没有名为 office 的用户"),
        ("FATAL:  no pg_hba.conf entry for host", "不允许这台电脑"),
        ("connection timeout expired", "超时"),
        ('could not translate host name "office-pc" to address', "找不到服务器 office-pc"),
        ("something else entirely", "无法连接到服务器 office-pc:5433"),
    ],
)
def test_what_the_server_said_is_told_in_chinese(driver_says: str, we_say: str) -> None:
    assert we_say in C.unreachable_message(RuntimeError(driver_says), ADDRESS)


@pytest.mark.skipif(not SERVER_URL, reason="needs the test server (OFFICE_TEST_DB)")
def test_the_test_server_answers(server_schema: object) -> None:
    assert SERVER_URL is not None
    found = C.check_connection(SERVER_URL)
    assert found.ok, found.message
    assert "PostgreSQL" in found.message and "数据库版本" in found.message


def test_the_default_file_is_asked_for_only_when_nothing_else_names_a_database() -> None:
    def no_default() -> Path:
        raise AssertionError("the data folder was made although --db named the database")

    assert C.resolve_target("given.db", None, lambda: "stored.db", no_default) == (
        "given.db",
        "--db",
    )
    assert C.resolve_target(None, "env.db", no_default, no_default)[1] == "OFFICE_APP_DB"  # type: ignore[arg-type]


def test_a_file_is_kept_as_an_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert C.normalize_target("社区.db") == str(tmp_path / "社区.db")
