"""The installable package (issue 23): the wheel and the sdist carry the font with its
licence, the icons and the built .qm translations, and the installed wheel works outside the
checkout.

The sdist and the wheel are built from a copy of the working tree that has no .qm files (so
the build itself must make them) with ``python -m build --no-isolation`` in this test's own
environment: offline, and no 270 MB PySide6 installed into an isolated build environment
(pip's isolated build, which asks for PySide6's lrelease through build_hooks/office_build.py,
was tried by hand: see installer/README.md).

The wheel is installed with ``--no-deps`` into a fresh virtual environment whose only view of
the dependencies (PySide6, peewee, reportlab, …) is a ``.pth`` line naming this environment's
site-packages, added after the install: a path line does not run the ``.pth`` files of that
folder, so this environment's editable install of the checkout stays invisible there (the
test checks that ``office_app`` is imported from the fresh environment). Installing the
dependencies for real would download some 300 MB and test PyPI, not the wheel's content.
The programs run from a folder with a Chinese name outside the checkout, with a fresh home.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import sysconfig
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
# What a copy of the working tree leaves out: environments, build output, and the .qm files
# (the build must make them).
IGNORED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".*_cache",
    "*.qm",
    "*.partial",
    "*.lock",
    "tests",
    "benchmarks",
    "docs",
)
IN_PACKAGE = (
    "office_app/resources/fonts/wqy-microhei-gbk.ttf",
    "office_app/resources/fonts/LICENSE-wqy-microhei.txt",
    "office_app/resources/fonts/LICENSE-Apache-2.0.txt",
    "office_app/resources/icons/office_app.ico",
    "office_app/resources/icons/office_app.png",
    "office_app/resources/translations/office_app_zh_CN.qm",
    "office_app/__main__.py",
)
BIN = "Scripts" if sys.platform == "win32" else "bin"


def _copy_tree(target: Path) -> Path:
    shutil.copytree(REPO, target, ignore=IGNORED)
    assert not list(target.rglob("*.qm"))
    return target


def _build(source: Path, out: Path, *kinds: str) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--no-isolation",
            "--skip-dependency-check",
            *kinds,
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), LANG="C.UTF-8")
    for key in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "OFFICE_APP_DB"):
        env.pop(key, None)
    return env


def _venv(folder: Path) -> Path:
    """A virtual environment without pip (fast); this environment's pip installs into it."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    return folder / BIN / "python"


def _pip_into(python: Path, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def _see_our_dependencies(python: Path) -> None:
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    (Path(site) / "dependencies-of-the-test.pth").write_text(
        "".join(f"{folder}\n" for folder in ours), encoding="utf-8"
    )


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("package")
    source = _copy_tree(work / "源码 副本")
    out = work / "dist"
    started = time.perf_counter()
    _build(source, out, "--sdist", "--wheel")
    print(f"sdist + wheel: {time.perf_counter() - started:.1f} s")
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    print(f"wheel {wheel.stat().st_size / 1e6:.2f} MB, sdist {sdist.stat().st_size / 1e6:.2f} MB")
    return {"wheel": wheel, "sdist": sdist, "source": source}


@pytest.fixture(scope="module")
def installed(dists: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fresh environment's scripts folder, with the wheel installed."""
    python = _venv(tmp_path_factory.mktemp("venv") / "全新 环境")
    _pip_into(python, "--no-deps", str(dists["wheel"]))
    _see_our_dependencies(python)
    return python.parent


@pytest.fixture(scope="module")
def demo(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo community, built once by the installed program."""
    folder = tmp_path_factory.mktemp("demo") / "运行 目录"
    folder.mkdir()
    (folder.parent / "home").mkdir()
    db = folder / "社区 数据" / "office.db"
    _run(installed / "office-app", "--db", str(db), "demo", "--today", "2022-11-22", cwd=folder)
    return db


@pytest.fixture
def run_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "运行 目录"
    folder.mkdir()
    (tmp_path / "home").mkdir()
    return folder


def _run(
    program: Path | str, *args: str, cwd: Path, check: bool = True
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(program), *args],
        cwd=cwd,
        env=_env(cwd.parent / "home"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check:
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return result


def _load_qm(data: bytes, folder: Path) -> str:
    from PySide6.QtCore import QTranslator

    path = folder / "check.qm"
    path.write_bytes(data)
    translator = QTranslator()
    assert translator.load(str(path))
    return translator.translate("MainWindow", "Community Office")


def test_wheel_carries_font_licence_icons_and_built_translations(
    dists: dict[str, Path], tmp_path: Path
) -> None:
    with zipfile.ZipFile(dists["wheel"]) as wheel:
        names = set(wheel.namelist())
        for needed in IN_PACKAGE:
            assert needed in names, needed
        font = wheel.read("office_app/resources/fonts/wqy-microhei-gbk.ttf")
        assert font == (REPO / "resources/fonts/wqy-microhei-gbk.ttf").read_bytes()
        qm = wheel.read("office_app/resources/translations/office_app_zh_CN.qm")
        licences = [n for n in names if ".dist-info/licenses/" in n]
        mode = wheel.getinfo("office_app/resources/translations/office_app_zh_CN.qm")
    assert _load_qm(qm, tmp_path) == "社区防控办公室"
    assert (mode.external_attr >> 16) & 0o044 == 0o044  # readable by everyone once installed
    assert any(n.endswith("/LICENSE") for n in licences)
    assert any(n.endswith("LICENSE-wqy-microhei.txt") for n in licences)


def test_sdist_carries_the_sources_and_the_built_translations(
    dists: dict[str, Path], tmp_path: Path
) -> None:
    with tarfile.open(dists["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
        for needed in (
            "LICENSE",
            "pyproject.toml",
            "build_hooks/office_build.py",
            "resources/fonts/wqy-microhei-gbk.ttf",
            "resources/fonts/LICENSE-wqy-microhei.txt",
            "resources/icons/office_app.ico",
            "resources/translations/office_app_zh_CN.ts",
            "resources/translations/office_app_zh_CN.qm",
        ):
            assert needed in names, needed
        if hasattr(tarfile, "data_filter"):  # Python >= 3.11.4
            sdist.extractall(tmp_path, filter="data")
        else:
            sdist.extractall(tmp_path)
    (unpacked,) = tmp_path.glob("office_app-*")
    qm = (unpacked / "resources/translations/office_app_zh_CN.qm").read_bytes()
    assert _load_qm(qm, tmp_path) == "社区防控办公室"

    # A wheel built from the sdist takes the sdist's .qm and asks for no lrelease (no
    # PySide6 in its build environment); a checkout asks for it.
    def requires(root: Path) -> str:
        code = (
            "import sys; sys.path.insert(0, 'build_hooks'); import office_build; "
            "print(office_build.get_requires_for_build_wheel())"
        )
        return subprocess.run(
            [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
        ).stdout

    assert "PySide6" not in requires(unpacked)
    assert "PySide6-Essentials" in requires(dists["source"])
    _build(unpacked, tmp_path / "out", "--wheel")
    (wheel,) = (tmp_path / "out").glob("*.whl")
    with zipfile.ZipFile(wheel) as built:
        assert built.read("office_app/resources/translations/office_app_zh_CN.qm") == qm
        assert set(IN_PACKAGE) <= set(built.namelist())


def test_installed_wheel_passes_its_self_test_outside_the_checkout(
    installed: Path, run_folder: Path
) -> None:
    where = _run(
        installed / "python",
        "-c",
        "import office_app, office_app.paths as p; print(office_app.__file__); "
        "print(p.resources_dir())",
        cwd=run_folder,
    ).stdout.splitlines()
    environment = installed.parent
    assert all(Path(line).is_relative_to(environment) for line in where), where
    assert Path(where[1]).name == "resources" and Path(where[1]).parent.name == "office_app"

    started = time.perf_counter()
    result = _run(installed / "office-app", "--self-test", cwd=run_folder)
    print(f"installed --self-test: {time.perf_counter() - started:.2f} s")
    assert "self-test OK" in result.stdout
    assert "could not be loaded" not in result.stderr

    version = _run(installed / "office-app", "--version", cwd=run_folder).stdout
    assert _run(installed / "python", "-m", "office_app", "--version", cwd=run_folder).stdout == (
        version
    )
    assert version.startswith("office-app ")


def test_installed_wheel_builds_a_demo_and_a_handover_with_the_font_embedded(
    installed: Path, demo: Path, run_folder: Path
) -> None:
    db = run_folder / "社区 数据" / "office.db"
    db.parent.mkdir()
    shutil.copy2(demo, db)
    pdf = run_folder / "文档" / "交接班 2022-11-22 白班.pdf"
    program = installed / "office-app"
    # python -m office_app is the same program.
    checked = _run(
        installed / "python", "-m", "office_app", "--db", str(db), "check", cwd=run_folder
    )
    assert "完整性检查通过" in checked.stdout
    _run(
        program,
        "--db",
        str(db),
        "handover",
        "--date",
        "2022-11-22",
        "--shift",
        "白班",
        "--out",
        str(pdf),
        cwd=run_folder,
    )
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows, fonts.stdout
    for row in rows:
        assert "WenQuanYiMicroHei" in row, fonts.stdout
        assert row.split()[-5] == "yes", fonts.stdout  # the "emb" column


def test_installed_wheel_shows_the_window_in_chinese(
    installed: Path, demo: Path, run_folder: Path
) -> None:
    db = run_folder / "office.db"
    shutil.copy2(demo, db)
    png = run_folder / "截图" / "总览.png"
    program = installed / "office-app"
    result = _run(
        program,
        "--db",
        str(db),
        "screenshot",
        "--page",
        "overview",
        "--out",
        str(png),
        cwd=run_folder,
    )
    assert "could not be loaded" not in result.stderr
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1280, 800)
    # The screenshot renders the window's inside; its title is read from the same window.
    code = (
        "import sys; from pathlib import Path; from office_app.offscreen import _window; "
        "app, window = _window(Path(sys.argv[1]), 'overview'); print(window.windowTitle())"
    )
    title = _run(installed / "python", "-c", code, str(db), cwd=run_folder)
    assert title.stdout.strip() == "社区防控办公室", title.stdout + title.stderr


def test_editable_install_builds_the_translations_in_the_checkout(tmp_path: Path) -> None:
    source = _copy_tree(tmp_path / "源码 检出")
    python = _venv(tmp_path / "editable")
    _see_our_dependencies(python)  # setuptools for the build, without isolation (offline)
    _pip_into(python, "--no-deps", "--no-build-isolation", "-e", str(source))
    qm = source / "resources/translations/office_app_zh_CN.qm"
    assert qm.is_file()
    assert _load_qm(qm.read_bytes(), tmp_path) == "社区防控办公室"
    where = subprocess.run(
        [str(python), "-c", "import office_app.paths as p; print(p.resources_dir())"],
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where) == source / "resources"
