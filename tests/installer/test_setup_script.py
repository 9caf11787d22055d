"""installer/office_app.nsi compiled with makensis against a small stand-in payload (issue 24).

The real bundle (~190 MB) takes makensis one to three minutes (tests/installer/test_bundle.py
does that once); the script's own logic compiles in half a second with a stand-in folder of
the same shape. What cannot run here (no Windows, no Wine) is checked by installer/build.ps1
-TestSetup on the Windows runner.
"""

from __future__ import annotations

import importlib.util
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
NSI = REPO / "installer" / "office_app.nsi"
_PATH = REPO / "installer" / "windows_version.py"
_SPEC = importlib.util.spec_from_file_location("windows_version", _PATH)
assert _SPEC is not None and _SPEC.loader is not None
windows_version = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(windows_version)

# Versions the project may carry, with the four-part Windows version of each.
VERSIONS = {
    "0.1.0": (0, 1, 0, 0),
    "0.2.0rc1": (0, 2, 0, 0),
    "1.0": (1, 0, 0, 0),
    "0.1.0.post1": (0, 1, 0, 1),
}


@pytest.fixture(scope="module")
def payload(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder shaped like dist/office-app: the two programs and an _internal folder."""
    folder = tmp_path_factory.mktemp("payload") / "office-app"
    (folder / "_internal" / "resources" / "fonts").mkdir(parents=True)
    for name in ("OfficeApp.exe", "office-app.exe"):
        (folder / name).write_bytes(b"MZ stand-in")
    (folder / "_internal" / "resources" / "fonts" / "wqy-microhei-gbk.ttf").write_bytes(
        bytes(range(256)) * 2000
    )
    return folder


def _makensis() -> str:
    found = shutil.which("makensis")
    if found is None:
        pytest.fail("makensis is missing: run scripts/setup.sh (Debian package nsis)")
    return found


def _compile(
    payload: Path, out: Path, version: str, *extra: str
) -> subprocess.CompletedProcess[str]:
    file_version = subprocess.run(
        [sys.executable, str(_PATH), version], capture_output=True, text=True, check=True
    ).stdout.strip()
    return subprocess.run(
        [
            _makensis(),
            "-V4",
            "-WX",  # a warning fails the test
            f"-DVERSION={version}",
            f"-DFILE_VERSION={file_version}",
            f"-DBUNDLE_DIR={payload}",
            f"-DOUTFILE={out}",
            *extra,
            str(NSI),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


def _fixed_file_info(exe: bytes) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(file version, product version) from the VS_FIXEDFILEINFO of a Windows executable."""
    at = exe.find(struct.pack("<I", 0xFEEF04BD))
    assert at > 0, "no version resource"
    _sig, _struct, file_ms, file_ls, prod_ms, prod_ls = struct.unpack_from("<6I", exe, at)

    def parts(ms: int, ls: int) -> tuple[int, ...]:
        return (ms >> 16, ms & 0xFFFF, ls >> 16, ls & 0xFFFF)

    return parts(file_ms, file_ls), parts(prod_ms, prod_ls)


@pytest.mark.parametrize("version", list(VERSIONS))
def test_the_setup_compiles_for_every_version_form(
    version: str, payload: Path, tmp_path: Path
) -> None:
    assert windows_version.version_numbers(version) == VERSIONS[version]
    setup = tmp_path / f"CommunityOffice-{version}-setup.exe"
    result = _compile(payload, setup, version)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    data = setup.read_bytes()
    assert data[:2] == b"MZ"
    assert _fixed_file_info(data) == (VERSIONS[version], VERSIONS[version])


def test_the_version_is_required_in_four_parts(payload: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [_makensis(), "-DVERSION=0.2.0rc1", f"-DBUNDLE_DIR={payload}", str(NSI)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "FILE_VERSION" in result.stdout + result.stderr


def test_the_script_has_a_licence_page_and_the_rough_edges_filed(
    payload: Path, tmp_path: Path
) -> None:
    result = _compile(payload, tmp_path / "CommunityOffice-0.1.0-setup.exe", "0.1.0")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    log = result.stdout
    pages = [
        line.split()[1]
        for line in log.splitlines()
        if line.startswith("!insertmacro: MUI_PAGE_")
        or line.startswith("!insertmacro: MUI_UNPAGE_")
    ]
    assert pages == [
        "MUI_PAGE_WELCOME",
        "MUI_PAGE_LICENSE",
        "MUI_PAGE_DIRECTORY",
        "MUI_PAGE_INSTFILES",
        "MUI_PAGE_FINISH",
        "MUI_UNPAGE_CONFIRM",
        "MUI_UNPAGE_INSTFILES",
    ]
    # The licence page's text: UTF-8 with a byte-order mark and CRLF (what NSIS reads as
    # Unicode), naming the program's licence and the font's; the full GPL text is installed.
    licence = (REPO / "installer" / "licence.txt").read_bytes()
    assert licence.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in licence.replace(b"\r\n", b"")
    text = licence.decode("utf-8-sig")
    for needed in ("GPL-3.0-or-later", "Apache License 2.0", "文泉驿微米黑", "LICENSE.txt"):
        assert needed in text, needed
    assert 'File: "LICENSE"->"LICENSE.txt"' in log
    assert "GNU GENERAL PUBLIC LICENSE" in (REPO / "LICENSE").read_text(encoding="utf-8")
    # 立即运行 goes through RunFromDocuments (Exec from Documents), not MUI's own Exec.
    assert '!define: "MUI_FINISHPAGE_RUN_FUNCTION"="RunFromDocuments"' in log
    run = log[log.index('Function: "RunFromDocuments"') :]
    run = run[: run.index("FunctionEnd")]
    assert 'SetOutPath: "$DOCUMENTS"' in run and "Exec:" in run
    # EstimatedSize from the section's own files, not the folder.
    assert "SectionGetSize:" in log and "GetSize" not in log.replace("SectionGetSize", "")
    # An earlier copy in another folder is uninstalled first (and waited for).
    assert 'ExecWait: ""$0\\uninstall.exe" /S _?=$0"' in log
