"""The Windows installer's parts, built here on Linux as far as they can be (issue 10).

PyInstaller builds the one-folder bundle from installer/office_app.spec (it cannot
cross-build, so here it is a Linux bundle from the same spec); the bundled program runs its
``--self-test`` offscreen from a folder and a home with Chinese names; ``makensis`` compiles
installer/office_app.nsi with that bundle as the payload, so the script is known to compile.
PyInstaller (test extra) and makensis (Debian ``nsis``) come from scripts/setup.sh.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "installer" / "office_app.spec"
NSI = REPO / "installer" / "office_app.nsi"
VERSION = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
# A guard, not a target: WebEngine alone would add some 200 MB (the bundle is ~170 MB here).
MAX_BUNDLE_MB = 250
# Libraries that would mean an unused Qt module slipped in.
UNWANTED = ("WebEngine", "Qt6Qml", "Qt6Quick", "Qt6Pdf", "Qt6Network", "Qt6Charts", "Qt6Multimedia")


def _file_version(version: str) -> str:
    """The four-part version makensis takes, as installer/windows_version.py derives it."""
    script = REPO / "installer" / "windows_version.py"
    return subprocess.run(
        [sys.executable, str(script), version], capture_output=True, text=True, check=True
    ).stdout.strip()


def _size_mb(folder: Path) -> float:
    return (
        sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6
    )


def _program_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), LANG="C.UTF-8")
    for key in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env.pop(key, None)
    return env


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/office-app built by PyInstaller into a folder named like a Chinese user's."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.fail("PyInstaller is missing: run scripts/setup.sh (it is in the test extra)")
    work = tmp_path_factory.mktemp("bundle")
    dist = work / "用户 张三" / "dist"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work / "build"),
            str(SPEC),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    # A clean build log: the spec loads PySide6 before qt-material's hook imports qt_material.
    assert "qt_material must be imported after" not in result.stderr + result.stdout
    return dist / "office-app"


def test_bundled_program_passes_its_self_test(bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "王小明"
    home.mkdir()
    for program in ("office-app", "OfficeApp"):
        started = time.perf_counter()
        result = subprocess.run(
            [str(bundle / program), "--self-test"],
            cwd=tmp_path,
            env=_program_env(home),
            capture_output=True,
            text=True,
            timeout=300,
        )
        seconds = time.perf_counter() - started
        assert result.returncode == 0, result.stdout + result.stderr
        assert "self-test OK" in result.stdout
        print(f"{program} --self-test: {seconds:.2f} s")
    # The theme's files went to the (Chinese) home folder; nothing was left in the folder
    # the program started from.
    assert (home / ".qt_material" / "office-light").is_dir()
    assert list(tmp_path.iterdir()) == [home]


def test_bundled_program_reports_the_pyproject_version(bundle: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(bundle / "office-app"), "--version"],
        env=_program_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"office-app {VERSION}"


def test_bundle_holds_its_resources_and_no_unused_qt_module(bundle: Path) -> None:
    internal = bundle / "_internal"
    for needed in (
        "resources/fonts/wqy-microhei-gbk.ttf",
        "resources/translations/office_app_zh_CN.qm",
        "resources/icons/office_app.ico",
        "qt_material/material.qss.template",
        "qt_material/themes/light_blue.xml",
    ):
        assert (internal / needed).is_file(), needed
    names = [p.name for p in internal.rglob("*")]
    assert [n for n in names if any(u in n for u in UNWANTED)] == []
    size = _size_mb(bundle)
    print(f"bundle size: {size:.0f} MB")
    assert size < MAX_BUNDLE_MB


def test_bundled_translation_is_the_current_one(bundle: Path) -> None:
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(bundle / "_internal/resources/translations/office_app_zh_CN.qm"))
    assert translator.translate("App", "Error") == "错误"


def test_makensis_compiles_the_setup_with_the_bundle(bundle: Path, tmp_path: Path) -> None:
    makensis = shutil.which("makensis")
    if makensis is None:
        pytest.fail("makensis is missing: run scripts/setup.sh (Debian package nsis)")
    setup = tmp_path / f"CommunityOffice-{VERSION}-setup.exe"
    started = time.perf_counter()
    result = subprocess.run(
        [
            makensis,
            "-V2",
            "-WX",  # a warning fails the test
            f"-DVERSION={VERSION}",
            f"-DFILE_VERSION={_file_version(VERSION)}",
            f"-DBUNDLE_DIR={bundle}",
            f"-DOUTFILE={setup}",
            str(NSI),
        ],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    data = setup.read_bytes()
    assert data[:2] == b"MZ"
    # The whole bundle is inside (compressed), not just the installer's stub.
    assert len(data) > _size_mb(bundle) * 1e6 / 10
    print(f"makensis: {time.perf_counter() - started:.0f} s, setup {len(data) / 1e6:.0f} MB")


def test_bundled_command_line_builds_a_demo_and_prints_a_handover(
    bundle: Path, tmp_path: Path
) -> None:
    from office_app.reports.self_test_pdf import check_pdf

    home = tmp_path / "李四"
    home.mkdir()
    db = home / "社区 数据" / "office.db"
    pdf = home / "文档" / "交接班 2022-11-22 白班.pdf"
    env = _program_env(home)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [str(bundle / "office-app"), "--db", str(db), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    run("demo", "--today", "2022-11-22")
    assert "完整性检查通过" in run("check").stdout
    run("handover", "--date", "2022-11-22", "--shift", "白班", "--out", str(pdf))
    assert check_pdf(pdf, ["交接班记录", "2022年11月22日", "白班"]) == []
