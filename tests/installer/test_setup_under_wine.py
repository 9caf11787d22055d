"""The setup and its uninstaller, run under Wine (Windows 10 mode) against a stand-in payload:
an install into another folder removes the earlier copy, and the normal uninstall ("Apps &
features": the uninstaller copies itself to %TEMP% and removes the install folder) leaves no
folder, shortcut or HKCU entry, and keeps the user's data (issue 24).

Needs Wine able to run a 32-bit program (Debian: ``wine`` and ``wine32:i386``); the setup
stub NSIS makes is 32-bit. Where there is none the test says so and is skipped: on Windows,
``installer/build.ps1 -TestSetup`` runs the same path with the real bundle.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
NSI = ROOT / "installer" / "office_app.nsi"
UNINSTALL_KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\CommunityOffice"

pytestmark = pytest.mark.slow


def _wine() -> str:
    wine = shutil.which("wine")
    if wine is None or not sys.platform.startswith("linux"):
        pytest.skip("no Wine here (Debian: wine and wine32:i386); build.ps1 -TestSetup covers it")
    return wine


@pytest.fixture(scope="module")
def wine_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    wine = _wine()
    prefix = tmp_path_factory.mktemp("wineprefix")
    env = {**os.environ, "WINEPREFIX": str(prefix), "WINEDEBUG": "-all", "WINEARCH": "win64"}
    env.pop("DISPLAY", None)
    boot = subprocess.run(
        [wine, "wineboot", "-i"], env=env, capture_output=True, text=True, timeout=600
    )
    if boot.returncode != 0:
        pytest.skip(f"Wine cannot start a Windows here: {boot.stderr.strip()[-300:]}")
    subprocess.run(
        [wine, "reg", "add", r"HKCU\Software\Wine", "/v", "Version", "/d", "win10", "/f"],
        env=env,
        capture_output=True,
        timeout=120,
        check=True,
    )
    probe = subprocess.run(
        [wine, "cmd", "/c", "ver"], env=env, capture_output=True, text=True, timeout=120
    )
    if "10.0" not in probe.stdout:
        pytest.skip(f"Wine cannot run 32-bit programs here: {probe.stderr.strip()[-300:]}")
    return env


@pytest.fixture(scope="module")
def setup_exe(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A setup compiled from the real script with a stand-in payload; its payload's size."""
    makensis = shutil.which("makensis")
    if makensis is None:
        pytest.fail("makensis is missing: run scripts/setup.sh (Debian package nsis)")
    folder = tmp_path_factory.mktemp("payload") / "office-app"
    fonts = folder / "_internal" / "resources" / "fonts"
    fonts.mkdir(parents=True)
    for name in ("OfficeApp.exe", "office-app.exe"):
        (folder / name).write_bytes(b"MZ stand-in")
    (fonts / "wqy-microhei-gbk.ttf").write_bytes(os.urandom(400_000))
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    version = subprocess.run(
        [sys.executable, str(ROOT / "installer" / "windows_version.py"), "0.1.0"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    out = folder.parent / "cosetup.exe"
    built = subprocess.run(
        [
            makensis,
            "-V2",
            "-DVERSION=0.1.0",
            f"-DFILE_VERSION={version}",
            f"-DBUNDLE_DIR={folder}",
            f"-DOUTFILE={out}",
            str(NSI),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    return out, size


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["wine", *args], env=env, capture_output=True, text=True, timeout=300)
    subprocess.run(["wineserver", "-w"], env=env, timeout=300)  # wait for what it started
    return done


def _entry(env: dict[str, str]) -> dict[str, str]:
    query = subprocess.run(
        ["wine", "reg", "query", UNINSTALL_KEY], env=env, capture_output=True, text=True
    )
    values = {}
    for line in query.stdout.splitlines():
        parts = line.split(None, 2)
        if len(parts) == 3 and parts[1].startswith("REG_"):
            values[parts[0]] = parts[2].strip()
    return values


def test_install_elsewhere_then_the_normal_uninstall(
    wine_env: dict[str, str], setup_exe: tuple[Path, int]
) -> None:
    setup, payload_size = setup_exe
    drive = Path(wine_env["WINEPREFIX"]) / "drive_c"
    user = next((drive / "users").glob("*/AppData")).parent
    data = user / "AppData" / "Roaming" / "CommunityOffice" / "CommunityOffice"
    data.mkdir(parents=True)
    (data / "office.db").write_bytes(b"the office's data")

    assert _run(wine_env, str(setup), "/S").returncode == 0
    first = user / "AppData" / "Local" / "Programs" / "CommunityOffice"
    assert (first / "OfficeApp.exe").is_file() and (first / "uninstall.exe").is_file()
    entry = _entry(wine_env)
    assert entry["DisplayVersion"] == "0.1.0"
    # EstimatedSize (KiB) counts the program's own files: the payload and the licence.
    assert payload_size // 1024 <= int(entry["EstimatedSize"], 16) <= payload_size // 1024 + 64

    # Installed into another folder: the earlier copy is uninstalled first.
    other = r"/D=C:\Other\CommunityOffice2"  # not-a-machine-path: inside the Wine prefix
    assert _run(wine_env, str(setup), "/S", other).returncode == 0
    second = drive / "Other" / "CommunityOffice2"
    assert (second / "OfficeApp.exe").is_file()
    assert not first.exists()
    where = r"C:\Other\CommunityOffice2"  # not-a-machine-path: inside the Wine prefix
    assert _entry(wine_env)["InstallLocation"] == where
    shortcuts = list(user.rglob("*.lnk"))
    assert shortcuts  # the Start menu (and desktop) shortcuts

    # The uninstall "Apps & features" runs: the uninstaller copies itself to %TEMP%, exits,
    # and the copy removes the folder (wineserver -w waits for it).
    assert _run(wine_env, str(second / "uninstall.exe"), "/S").returncode == 0
    assert not second.exists()
    assert _entry(wine_env) == {}
    assert not any(p.exists() for p in shortcuts)
    assert (data / "office.db").read_bytes() == b"the office's data"  # the data stays
