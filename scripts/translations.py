"""Update, check and build the translations (English source strings, zh_CN translation).

    python scripts/translations.py update   # lupdate: add new source strings to the .ts
    python scripts/translations.py check    # exit 1 when a string is untranslated or vanished
    python scripts/translations.py build    # lrelease: .ts -> .qm

Translators edit resources/translations/office_app_zh_CN.ts (Qt Linguist, or by hand).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found (it comes with PySide6-Essentials)")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "office_app").rglob("*.py"))


def ts_path(language: str) -> Path:
    return TS_DIR / f"office_app_{language}.ts"


def lupdate(target: Path) -> None:
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            "-no-obsolete",
            "-locations",
            "none",
            *sources(),
            "-ts",
            str(target),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def problems(ts_file: Path) -> list[str]:
    """Untranslated, unfinished or vanished messages of a .ts file."""
    found = []
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "missing"
            text = (translation.text or "") if translation is not None else ""
            if kind in ("unfinished", "vanished", "obsolete", "missing") or not text.strip():
                found.append(f"{name}: {source!r} ({kind or 'empty'})")
    return found


def check(language: str) -> list[str]:
    """Run lupdate on a copy, so new source strings show up as unfinished."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / ts_path(language).name
        shutil.copy2(ts_path(language), copy)
        lupdate(copy)
        return problems(copy)


def build(language: str, out_dir: Path = TS_DIR) -> Path:
    target = out_dir / f"office_app_{language}.qm"
    subprocess.run(
        [tool("pyside6-lrelease"), str(ts_path(language)), "-qm", str(target)],
        check=True,
        capture_output=True,
    )
    return target


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    status = 0
    for language in LANGUAGES:
        if command == "update":
            lupdate(ts_path(language))
            print(f"updated {ts_path(language)}")
        elif command == "check":
            found = check(language)
            for line in found:
                print(f"{language}: {line}")
            status = 1 if found else status
        elif command == "build":
            print(build(language))
        else:
            print(__doc__)
            return 2
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
