"""Update, check and build the translations (English source strings, zh_CN translation).

    python scripts/translations.py update   # lupdate: add new source strings to the .ts
    python scripts/translations.py check    # exit 1 when a string is untranslated or vanished
    python scripts/translations.py build    # lrelease: .ts -> .qm
    python scripts/translations.py fill FILE.json   # update, set translations, build

``fill`` takes ``{"Context": {"English source": "中文", ...}, ...}``; it holds a lock on the
.ts file for the whole update-fill-build, so several people filling at once do not lose
each other's work.

Translators edit resources/translations/office_app_zh_CN.ts (Qt Linguist, or by hand).
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: building the .qm needs no lock
    fcntl = None  # type: ignore[assignment]

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
    """lrelease into a temporary file, then replace the .qm: a running program or test never
    loads half a file."""
    target = out_dir / f"office_app_{language}.qm"
    partial = target.with_suffix(".qm.partial")
    subprocess.run(
        [tool("pyside6-lrelease"), str(ts_path(language)), "-qm", str(partial)],
        check=True,
        capture_output=True,
    )
    partial.replace(target)
    return target


@contextlib.contextmanager
def locked(language: str):  # type: ignore[no-untyped-def]
    """Hold an exclusive lock on the language's .ts while it is rewritten."""
    if fcntl is None:
        yield
        return
    with open(ts_path(language).with_suffix(".lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def fill(language: str, translations: dict[str, dict[str, str]]) -> list[str]:
    """Update the .ts, set the given translations, build the .qm; return what was unknown."""
    target = ts_path(language)
    unknown = []
    with locked(language):
        lupdate(target)
        tree = ET.parse(target)
        seen: set[tuple[str, str]] = set()
        for context in tree.getroot().iter("context"):
            name = context.findtext("name") or ""
            wanted = translations.get(name, {})
            for message in context.iter("message"):
                source = message.findtext("source") or ""
                if source not in wanted:
                    continue
                seen.add((name, source))
                translation = message.find("translation")
                if translation is None:
                    translation = ET.SubElement(message, "translation")
                translation.text = wanted[source]
                translation.attrib.pop("type", None)
        for name, wanted in translations.items():
            unknown.extend(f"{name}: {s!r}" for s in wanted if (name, s) not in seen)
        body = ET.tostring(tree.getroot(), encoding="unicode")
        target.write_text(
            '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
            encoding="utf-8",
        )
        build(language)
    return unknown


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    status = 0
    for language in LANGUAGES:
        if command == "update":
            with locked(language):
                lupdate(ts_path(language))
            print(f"updated {ts_path(language)}")
        elif command == "check":
            found = check(language)
            for line in found:
                print(f"{language}: {line}")
            status = 1 if found else status
        elif command == "build":
            print(build(language))
        elif command == "fill" and len(argv) > 2:
            data = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
            for line in fill(language, data):
                print(f"{language}: not in the sources: {line}")
            for line in check(language):
                print(f"{language}: still untranslated: {line}")
        else:
            print(__doc__)
            return 2
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
