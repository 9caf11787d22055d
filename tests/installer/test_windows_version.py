"""The Windows version resource written by installer/windows_version.py (fast, no build)."""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[2] / "installer" / "windows_version.py"
_SPEC = importlib.util.spec_from_file_location("windows_version", _PATH)
assert _SPEC is not None and _SPEC.loader is not None
windows_version = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(windows_version)
version_file_text = windows_version.version_file_text
version_numbers = windows_version.version_numbers


def test_version_numbers_have_four_parts() -> None:
    assert version_numbers("0.1.0") == (0, 1, 0, 0)
    assert version_numbers("2.10") == (2, 10, 0, 0)
    assert version_numbers("1.2.3rc1") == (1, 2, 3, 0)
    assert version_numbers("1.0") == (1, 0, 0, 0)
    assert version_numbers("0.2.0rc1") == (0, 2, 0, 0)
    assert version_numbers("0.2.0b2.dev3") == (0, 2, 0, 0)
    assert version_numbers("0.1.0.post1") == (0, 1, 0, 1)
    assert version_numbers("1.post2") == (1, 0, 0, 2)
    assert version_numbers("1.2.3.4") == (1, 2, 3, 4)
    assert windows_version.file_version("0.2.0rc1") == "0.2.0.0"
    assert windows_version.file_version("0.1.0.post1") == "0.1.0.1"


@pytest.mark.parametrize(
    "version", ["", "abc", "1.2.3.4.5", "1.2.3.4.post1", "70000.0", "1.0+local"]
)
def test_versions_windows_cannot_show_are_refused(version: str) -> None:
    with pytest.raises(ValueError):
        version_numbers(version)


def test_pyinstaller_reads_the_version_file(tmp_path: Path, monkeypatch) -> None:
    # versioninfo imports two Windows-only modules at the top; reading a file needs neither.
    pytest.importorskip("PyInstaller")
    import PyInstaller.compat

    monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
    monkeypatch.setattr(PyInstaller.compat, "win32api", types.ModuleType("win32api"), raising=False)
    monkeypatch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo", raising=False)
    from PyInstaller.utils.win32 import versioninfo

    path = tmp_path / "version_info.txt"
    path.write_text(version_file_text("0.1.0"), encoding="utf-8")
    info = versioninfo.load_version_info_from_text_file(str(path))
    assert isinstance(info, versioninfo.VSVersionInfo)
    assert (info.ffi.fileVersionMS, info.ffi.fileVersionLS) == (0x00000001, 0x00000000)
    raw = info.toRaw()
    assert "社区防控办公室".encode("utf-16-le") in raw
    assert "OfficeApp.exe".encode("utf-16-le") in raw
