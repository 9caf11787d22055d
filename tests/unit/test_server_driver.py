"""A start on a SQLite file does not import the PostgreSQL driver; a server's database gets it.

peewee imports psycopg when it is itself imported (0.10–0.16 s of every start, as long as a
bare Qt window takes to show); office_app/__init__.py hides it from peewee and
models.engine.enable_server_driver hands it over when a server's database is made.
Each check runs in a fresh interpreter, where nothing has imported either yet.
"""

from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.strip()


def test_the_program_on_a_file_never_imports_the_server_driver(tmp_path) -> None:
    code = (
        "import sys\n"
        "from office_app.services.admin.database import open_database, close_database\n"
        "import office_app.cli, office_app.app\n"
        f"open_database({str(tmp_path / 'office.db')!r})\n"
        "close_database()\n"
        "print('psycopg' in sys.modules)\n"
    )
    assert _run(code) == "False"


def test_a_server_database_is_made_with_psycopg_3() -> None:
    code = (
        "import office_app.models\n"
        "import peewee\n"
        "from office_app.models.engine import ServerUrl, make_server_database\n"
        "assert peewee.psycopg is None\n"
        "database = make_server_database(ServerUrl('postgresql://office@db.local:5432/office'))\n"
        "import psycopg\n"
        "print(peewee.psycopg is psycopg, peewee.Jsonb_pg3 is psycopg.types.json.Jsonb,\n"
        "      type(database._adapter).__name__)\n"
    )
    assert _run(code) == "True True Psycopg3Adapter"
