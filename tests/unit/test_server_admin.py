"""The office server from the command line (issue 19): ``office-app check`` on a server, the
backup before a server's schema is migrated, the command line's seat while it writes.

Tests marked ``needs the test server`` run on the throwaway cluster (``OFFICE_TEST_DB``,
scripts/pg-cluster.sh); the others run on whatever the suite runs on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from office_app.cli import main
from office_app.models import Building, Compound
from office_app.models.database import close_database
from office_app.models.engine import ServerUrl
from tests.conftest import SERVER_URL, ServerSchema

needs_server = pytest.mark.skipif(not SERVER_URL, reason="needs the test server (OFFICE_TEST_DB)")


def _target(where: Path | ServerUrl) -> str:
    return where.secret if isinstance(where, ServerUrl) else str(where)


# --- office-app check -----------------------------------------------------------------------


def test_check_passes_on_the_database_the_suite_runs_on(
    fresh_db: Path | ServerUrl, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file or the server: the engine's checks and the schema, printed as OK, exit 0."""
    Building.create(compound=Compound.create(name="一号院"), name="1号楼")
    close_database()  # the command opens the database on its own
    assert main(["--db", _target(fresh_db), "check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK：") and "完整性检查通过" in out
    if isinstance(fresh_db, ServerUrl):
        assert "office_test" in out


def test_check_on_a_server_that_cannot_be_reached_exits_4(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"postgresql://office:geheim@/office_test?host={tmp_path}&port=1"
    assert main(["--db", url, "check"]) == 4
    err = capsys.readouterr().err
    assert "无法连接数据库服务器" in err and "geheim" not in err and "Traceback" not in err


@pytest.fixture
def admin_connection(server_schema: ServerSchema | None) -> Iterator[object]:
    """A psycopg connection (autocommit) to the test server's schema, as its owner."""
    import psycopg

    assert server_schema is not None
    with psycopg.connect(server_schema.url.secret, autocommit=True) as conn:
        yield conn


@needs_server
def test_check_on_the_server_finds_what_it_no_longer_guards(
    fresh_db: ServerUrl, admin_connection: object, capsys: pytest.CaptureFixture[str]
) -> None:
    """A foreign key whose constraint was dropped (and the row it then let through), an
    index a failed CREATE INDEX CONCURRENTLY left invalid, an id sequence behind its table:
    each is named, exit 2; the server is left as it was (read only)."""
    import psycopg

    conn: psycopg.Connection = admin_connection  # type: ignore[assignment]
    compound = Compound.create(name="一号院")
    building = Building.create(compound=compound, name="1号楼")
    Building.create(compound=compound, name="2号楼")
    Compound.create(name="二号院")
    close_database()
    (name, definition) = conn.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid = 'building'::regclass"
    ).fetchone()
    try:
        conn.execute(f'ALTER TABLE building DROP CONSTRAINT "{name}"')
        conn.execute("UPDATE building SET compound_id = 9999 WHERE id = %s", (building.id,))
        conn.execute("SELECT setval(pg_get_serial_sequence('compound', 'id'), 1)")
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute("CREATE UNIQUE INDEX CONCURRENTLY broken_idx ON building (units)")

        assert main(["--db", fresh_db.secret, "check"]) == 2
        err = capsys.readouterr().err
        assert "索引：表 building 的索引 broken_idx 无效" in err
        assert "外键：表 building 的 compound_id 在服务器上没有生效的外键约束" in err
        assert "外键：表 building 有 1 行的 compound_id 指向 compound 中不存在的记录" in err
        assert "编号序列：表 compound 的下一个新编号是 2，但已有编号到 2" in err
        assert conn.execute("SELECT count(*) FROM building").fetchone() == (2,)
    finally:
        conn.execute("DROP INDEX IF EXISTS broken_idx")
        conn.execute(
            "UPDATE building SET compound_id = %s WHERE id = %s", (compound.id, building.id)
        )
        conn.execute(f'ALTER TABLE building ADD CONSTRAINT "{name}" {definition}')
        conn.execute("SELECT setval(pg_get_serial_sequence('compound', 'id'), 2)")
    assert main(["--db", fresh_db.secret, "check"]) == 0
