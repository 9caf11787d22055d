"""The Windows version resource of the bundle's .exe files (file properties → Details).

``version_file_text`` writes PyInstaller's version-file format (what ``pyi-grab_version``
writes and ``EXE(version=...)`` reads); office_app.spec uses it when building on Windows.
"""

from __future__ import annotations

import re

PRODUCT = "社区防控办公室"


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """``"0.1.0"`` → ``(0, 1, 0, 0)`` (pre-release suffixes such as ``rc1`` are dropped)."""
    parts = []
    for part in version.split(".")[:4]:
        digits = re.match(r"\d*", part)
        parts.append(int(digits.group(0) or 0) if digits else 0)
    parts += [0] * (4 - len(parts))
    return (parts[0], parts[1], parts[2], parts[3])


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
