"""The Windows version resource of the bundle's .exe files (file properties → Details).

``version_file_text`` writes PyInstaller's version-file format (what ``pyi-grab_version``
writes and ``EXE(version=...)`` reads); office_app.spec uses it when building on Windows.
"""

from __future__ import annotations

import re
import sys

PRODUCT = "社区防控办公室"

# The versions the project may carry (PEP 440, public): a release of one to four numbers,
# then optionally a pre-release (a1, b2, rc1), a post-release (.post1) and a dev release.
_VERSION = re.compile(
    r"^(?P<release>\d+(?:\.\d+){0,3})"
    r"(?:[-_.]?(?:a|b|rc|alpha|beta|c|pre|preview)[-_.]?\d*)?"
    r"(?:[-_.]?(?:post|rev|r)[-_.]?(?P<post>\d+))?"
    r"(?:[-_.]?dev[-_.]?\d*)?$",
    re.IGNORECASE,
)
_MAX_PART = 0xFFFF  # a Windows version number is four 16-bit parts


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """The four-part Windows file version of a project version.

    ``"0.1.0"`` → ``(0, 1, 0, 0)``; ``"1.0"`` → ``(1, 0, 0, 0)``; a pre-release counts as its
    release (``"0.2.0rc1"`` → ``(0, 2, 0, 0)``); a post-release's number is the fourth part
    (``"0.1.0.post1"`` → ``(0, 1, 0, 1)``). ValueError for a version Windows cannot show
    (not PEP 440, a part above 65535, a four-part release with a post-release).
    """
    match = _VERSION.match(version.strip().lstrip("vV"))
    if not match:
        raise ValueError(f"not a version this project can carry: {version!r}")
    parts = [int(part) for part in match.group("release").split(".")]
    post = match.group("post")
    if post is not None:
        if len(parts) == 4:
            raise ValueError(f"{version!r}: a four-part release leaves no room for .post")
        parts += [0] * (3 - len(parts)) + [int(post)]
    parts += [0] * (4 - len(parts))
    if any(part > _MAX_PART for part in parts):
        raise ValueError(f"{version!r}: a Windows version part is at most {_MAX_PART}")
    return (parts[0], parts[1], parts[2], parts[3])


def file_version(version: str) -> str:
    """``"0.2.0rc1"`` → ``"0.2.0.0"``: the form of NSIS's VIProductVersion/VIFileVersion."""
    return ".".join(str(part) for part in version_numbers(version))


def version_file_text(version: str, exe_name: str = "OfficeApp.exe") -> str:
    numbers = version_numbers(version)
    strings = {
        "CompanyName": "Community Office",
        "FileDescription": PRODUCT,
        "FileVersion": version,
        "InternalName": "office-app",
        "OriginalFilename": exe_name,
        "ProductName": f"{PRODUCT} Community Office",
        "ProductVersion": version,
        "LegalCopyright": "GPL-3.0-or-later",
    }
    entries = ",\n".join(f"        StringStruct({k!r}, {v!r})" for k, v in strings.items())
    # 0x0804 = Chinese (PRC), 1200 = UTF-16: the string table's language and code page.
    return f"""# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3F, flags=0x0,
                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080404B0', [
{entries}
    ])]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])]),
  ],
)
"""


if __name__ == "__main__":
    # python installer/windows_version.py 0.2.0rc1  → 0.2.0.0 (build.ps1 passes it to makensis)
    if len(sys.argv) != 2:
        print("usage: windows_version.py VERSION", file=sys.stderr)
        sys.exit(2)
    print(file_version(sys.argv[1]))
