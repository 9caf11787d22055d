"""The package build of Community Office: setuptools, plus the resources the program needs.

``resources/`` (top level) is where the project keeps its sources: the font with its
licence, the icons, the translations' ``.ts``. A wheel carries them inside the package as
``office_app/resources/`` (where ``office_app/paths.py`` looks in an installed package), with
the ``.ts`` compiled to ``.qm`` by ``lrelease``:

- **wheel** from a checkout: ``BuildPy`` copies the font, its licence and the icons into
  ``build/lib/office_app/resources/`` and runs ``lrelease`` into ``…/translations/``;
- **sdist**: ``Sdist`` adds freshly built ``.qm`` files to ``resources/translations/`` of the
  release tree, so a wheel built from the sdist needs no ``lrelease`` (and no PySide6 in its
  build environment);
- **editable install** (``pip install -e .``): the ``.qm`` files are built in place, in
  ``resources/translations/`` of the checkout, when missing or older than their ``.ts``
  (setuptools' rule for editable builds: generate in place).

This file is also the PEP 517 backend (``pyproject.toml``: ``backend-path``): setuptools'
own, with one difference. ``lrelease`` comes with ``PySide6-Essentials``, so a build that must
compile translations asks its frontend for PySide6 in the build environment (pip's isolated
environment has nothing else); a build that finds them built (a wheel from the sdist, an
editable install with current ``.qm``) asks for nothing more than setuptools.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from setuptools import build_meta as _setuptools

# The rest of the backend, unchanged (listed in __all__).
from setuptools.build_meta import (
    build_editable,
    build_sdist,
    build_wheel,
    prepare_metadata_for_build_editable,
    prepare_metadata_for_build_wheel,
)
from setuptools.command.build_py import build_py as _build_py
from setuptools.command.sdist import sdist as _sdist

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "office_app"
# Inside the package, where an installed program finds them (office_app/paths.py).
PACKAGE_RESOURCES = "resources"
# Copied as they are; the translations are compiled.
COPIED = ("fonts", "icons")
TRANSLATIONS = "translations"
# lrelease's provider, as the program's own dependency pins it (keep the two in step).
LRELEASE_REQUIREMENT = "PySide6-Essentials>=6.9,<6.12"

__all__ = [
    "build_editable",
    "build_sdist",
    "build_wheel",
    "get_requires_for_build_editable",
    "get_requires_for_build_sdist",
    "get_requires_for_build_wheel",
    "prepare_metadata_for_build_editable",
    "prepare_metadata_for_build_wheel",
]


# --- the translations -----------------------------------------------------------------------


def ts_files(root: Path = ROOT) -> list[Path]:
    return sorted((root / "resources" / TRANSLATIONS).glob("*.ts"))


def is_sdist(root: Path = ROOT) -> bool:
    """An unpacked sdist (PKG-INFO at the top) carries its .qm files built."""
    return (root / "PKG-INFO").is_file()


def shipped_qm_complete(root: Path = ROOT) -> bool:
    """Every .ts has its .qm beside it (how an sdist comes)."""
    return all(ts.with_suffix(".qm").is_file() for ts in ts_files(root))


def qm_current(root: Path = ROOT) -> bool:
    """Every .ts has a .qm beside it that is not older (a checkout after a build)."""
    for ts in ts_files(root):
        qm = ts.with_suffix(".qm")
        if not qm.is_file() or qm.stat().st_mtime < ts.stat().st_mtime:
            return False
    return True


def find_lrelease() -> str:
    """Qt's lrelease: the one in the PySide6 package of this build environment, else
    ``pyside6-lrelease`` beside this Python or on PATH."""
    exe = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    spec = importlib.util.find_spec("PySide6")  # locates the package without importing Qt
    packages = list(spec.submodule_search_locations or []) if spec else []
    for folder in packages:
        candidate = Path(folder) / exe
        if candidate.is_file():
            return str(candidate)
    folders = [sysconfig.get_path("scripts"), str(Path(sys.executable).parent)]
    for name in ("pyside6-lrelease", "lrelease"):
        for folder in folders:
            for suffix in (".exe", ""):
                candidate = Path(folder) / f"{name}{suffix}"
                if candidate.is_file():
                    return str(candidate)
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError(
        "lrelease not found: the translations (.ts -> .qm) are built with the lrelease of "
        f"PySide6 ({LRELEASE_REQUIREMENT}); install it into the build environment"
    )


def build_qm(ts: Path, qm: Path) -> Path:
    """lrelease ``ts`` into ``qm`` through a temporary file, so that a reader (a running
    program, a test) never loads half a file."""
    qm.parent.mkdir(parents=True, exist_ok=True)
    # Created by lrelease, so it gets the usual permissions (not mkstemp's 0600).
    partial = str(qm.parent / f"{qm.name}.{os.getpid()}.partial")
    try:
        result = subprocess.run(
            [find_lrelease(), "-silent", str(ts), "-qm", partial],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0 or Path(partial).stat().st_size == 0:
            raise RuntimeError(f"lrelease {ts} failed: {result.stdout}{result.stderr}")
        os.replace(partial, qm)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return qm


def build_translations(out_dir: Path, root: Path = ROOT) -> list[Path]:
    """Every ``resources/translations/*.ts`` compiled into ``out_dir``."""
    sources = ts_files(root)
    if not sources:
        raise RuntimeError(f"no .ts translations in {root / 'resources' / TRANSLATIONS}")
    return [build_qm(ts, out_dir / f"{ts.stem}.qm") for ts in sources]


# --- setuptools commands --------------------------------------------------------------------


class BuildPy(_build_py):
    """build_py, plus ``office_app/resources/`` (font, licence, icons, built .qm)."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            # The checkout's resources/ is used as it is; only the .qm must be built there.
            for ts in ts_files():
                qm = ts.with_suffix(".qm")
                if not qm.is_file() or qm.stat().st_mtime < ts.stat().st_mtime:
                    build_qm(ts, qm)
            return
        target = Path(self.build_lib) / PACKAGE / PACKAGE_RESOURCES
        for name in COPIED:
            shutil.copytree(ROOT / "resources" / name, target / name, dirs_exist_ok=True)
        out = target / TRANSLATIONS
        if is_sdist() and shipped_qm_complete():
            out.mkdir(parents=True, exist_ok=True)
            for ts in ts_files():
                shutil.copy2(ts.with_suffix(".qm"), out / f"{ts.stem}.qm")
        else:
            build_translations(out)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        if self.editable_mode:
            return outputs
        target = Path(self.build_lib) / PACKAGE / PACKAGE_RESOURCES
        if target.is_dir():
            outputs += [str(p) for p in sorted(target.rglob("*")) if p.is_file()]
        return outputs


class Sdist(_sdist):
    """sdist, plus the .qm translations built fresh into the release tree."""

    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        super().make_release_tree(base_dir, files)
        out = Path(base_dir) / "resources" / TRANSLATIONS
        if is_sdist() and shipped_qm_complete():  # an sdist made from an sdist
            for ts in ts_files():
                shutil.copy2(ts.with_suffix(".qm"), out / f"{ts.stem}.qm")
        else:
            build_translations(out)


# --- the PEP 517 backend: setuptools' own, with lrelease when it is needed ------------------


def get_requires_for_build_wheel(config_settings: dict[str, object] | None = None) -> list[str]:
    needs = [] if is_sdist() and shipped_qm_complete() else [LRELEASE_REQUIREMENT]
    return [*_setuptools.get_requires_for_build_wheel(config_settings), *needs]


def get_requires_for_build_sdist(config_settings: dict[str, object] | None = None) -> list[str]:
    needs = [] if is_sdist() and shipped_qm_complete() else [LRELEASE_REQUIREMENT]
    return [*_setuptools.get_requires_for_build_sdist(config_settings), *needs]


def get_requires_for_build_editable(
    config_settings: dict[str, object] | None = None,
) -> list[str]:
    needs = [] if qm_current() else [LRELEASE_REQUIREMENT]
    return [*_setuptools.get_requires_for_build_editable(config_settings), *needs]
