"""Test set-up shared by unit and GUI tests.

Qt runs offscreen, and HOME, XDG folders and QSettings point into a temporary folder, so a
test run never touches the user's data, preferences or qt-material's theme files.
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="office-app-test-home-")
atexit.register(shutil.rmtree, _HOME, True)
os.environ["HOME"] = _HOME
os.environ["XDG_DATA_HOME"] = os.path.join(_HOME, "data")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "config")
os.environ["XDG_RUNTIME_DIR"] = os.path.join(_HOME, "runtime")
os.makedirs(os.environ["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)
os.environ.pop("OFFICE_APP_DB", None)

from office_app.models.database import close_database, open_database  # noqa: E402


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "社区 数据" / "office.db"


@pytest.fixture
def fresh_db(db_path: Path) -> Iterator[Path]:
    """A fresh, empty database file bound for the test."""
    open_database(db_path)
    yield db_path
    close_database()


DEMO_TODAY = dt.date(2022, 11, 22)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo community (seed 1, today 2022-11-22), built once per session; tests work on
    copies of it (``demo_db``)."""
    from office_app.services.admin.actor import SYSTEM
    from office_app.services.demo.community import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    open_database(path)
    build_demo(SYSTEM, seed=1, today=DEMO_TODAY)
    close_database()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[Path]:
    """A fresh copy of the demo database, bound for the test."""
    path = tmp_path / "演示 社区.db"
    shutil.copy2(demo_template, path)
    open_database(path)
    yield path
    close_database()


NOBODY = 65534


@functools.cache
def why_nobody_cannot_run_the_program() -> str | None:
    """Why the program cannot be run as the user ``nobody`` here (None when it can).

    Tests of read-only files run the program as ``nobody`` because root may write any file;
    that needs setpriv and a checkout (with its .venv) that other users may read. A checkout
    under /root (mode 700) is not."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return "needs root on Linux to run the program as another user"
    if shutil.which("setpriv") is None:
        return "needs setpriv (util-linux) to run the program as another user"
    probe = subprocess.run(
        [
            *("setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"),
            *(sys.executable, "-c", "import office_app.cli"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/",
    )
    if probe.returncode != 0:
        where = Path(__file__).resolve().parent.parent
        return (
            f"the user nobody cannot run the program from {where} (a folder others may not "
            f"read, such as /root): clone the repository where others may read it, e.g. "
            f"under /opt or /srv ({probe.stderr.strip().splitlines()[-1:]})"
        )
    return None
