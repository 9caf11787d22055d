"""The command line, run in-process (no Qt): demo, check, backup, exit codes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from office_app.cli import main
from office_app.models import AuditEntry, Compound
from office_app.models.database import close_database, open_database

TODAY = "2022-11-22"


def test_demo_then_refuse_then_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "演示 库.db"
    assert main(["--db", str(db), "demo", "--today", TODAY]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["residents"] > 2500 and summary["db"] == str(db)

    assert main(["--db", str(db), "demo", "--today", TODAY]) == 2
    err = capsys.readouterr().err
    assert "--force" in err and "Traceback" not in err

    assert main(["--db", str(db), "demo", "--today", TODAY, "--force", "--seed", "2"]) == 0
    again = json.loads(capsys.readouterr().out)
    open_database(db)
    assert Compound.select().count() == again["compounds"]
    close_database()


def test_demo_rejects_a_bad_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path / "x.db"), "demo", "--today", "22/11/2022"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_check_passes_on_a_good_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "a.db"
    open_database(db)
    close_database()
    assert main(["--db", str(db), "check"]) == 0
    assert "OK" in capsys.readouterr().out


def test_check_fails_on_a_damaged_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "a.db"
    open_database(db)
    close_database()
    with sqlite3.connect(db) as raw:
        raw.execute("DROP TABLE handover_item")
    assert main(["--db", str(db), "check"]) == 2
    assert "handover_item" in capsys.readouterr().err


def test_check_fails_on_garbage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "a.db"
    db.write_bytes(b"this is not a database" * 100)
    assert main(["--db", str(db), "check"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()


def test_check_on_a_missing_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(tmp_path / "missing.db"), "check"]) == 2
    assert "不存在" in capsys.readouterr().err


def test_db_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "环境 变量.db"
    monkeypatch.setenv("OFFICE_APP_DB", str(db))
    open_database(db)
    close_database()
    assert main(["check"]) == 0


def test_backup_writes_a_consistent_copy_and_is_audited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "a.db"
    open_database(db)
    Compound.create(name="瑞景苑")
    close_database()
    target_dir = tmp_path / "U盘 备份"
    assert main(["--db", str(db), "backup", "--to", str(target_dir)]) == 0
    copy = Path(capsys.readouterr().out.strip())
    assert copy.parent == target_dir and copy.exists()
    assert not list(target_dir.glob("*.partial"))
    with sqlite3.connect(copy) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert raw.execute("SELECT name FROM compound").fetchall() == [("瑞景苑",)]
    open_database(db)
    assert AuditEntry.select().where(AuditEntry.action == "backup").count() == 1
    close_database()


def test_operator_option_names_the_operator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "a.db"
    assert main(["--db", str(db), "--operator", "ghost", "demo", "--today", TODAY]) == 5
    assert "ghost" in capsys.readouterr().err
    assert main(["--db", str(db), "demo", "--today", TODAY]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "--operator", "duty1", "backup"]) == 0
    open_database(db)
    entry = AuditEntry.select().where(AuditEntry.action == "backup").get()
    assert entry.operator_name == "duty1"
    demo = AuditEntry.select().where(AuditEntry.action == "demo.build").get()
    assert demo.operator_name == "system"
    close_database()


def test_unknown_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2


def test_an_unexpected_error_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import office_app.cli as cli

    def broken(args: object) -> int:
        raise RuntimeError("磁盘已满")

    monkeypatch.setitem(cli.COMMANDS, "backup", broken)
    assert main(["--db", str(tmp_path / "a.db"), "backup"]) == 2
    err = capsys.readouterr().err
    assert "磁盘已满" in err and "Traceback" not in err and "office-app.log" in err
