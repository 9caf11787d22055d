"""The repository owns every file its tests read (issue 14, point 2).

A fresh clone on another machine must pass the suite: no tracked source, test, script or build
file may name an absolute path of one machine as data (``/work/...``, ``/home/alice/...``,
``C:\\Users\\...``) or reach outside the repository (``../shared``). Sample files belong in
``tests/fixtures/``; temporary files in ``tmp_path``. Paths of the operating system itself
(``/usr/share/...``, ``/etc/...``, ``/dev/null``) and a bare ``/tmp`` are allowed. A line that
really means such a path as text, not as data, can say so with ``# not-a-machine-path``.
"""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Files read as Python (string literals checked one by one) and as plain text (lines checked).
PYTHON_SUFFIXES = {".py", ".spec"}
TEXT_SUFFIXES = {".sh", ".ps1", ".nsi", ".toml", ".cfg", ".ini", ".yml", ".yaml"}
# Documents may show where a user's files live (C:\\Users\\<name>); they still may not point
# outside the repository.
DOC_SUFFIXES = {".md", ".txt", ".rst"}
TEXT_NAMES = {".ci/run"}
# Folders walked when the tree is not a git checkout (an unpacked source archive).
SOURCE_FOLDERS = ("office_app", "tests", "scripts", "benchmarks", "installer", ".ci")

OPT_OUT = "not-a-machine-path"
SYSTEM_PREFIXES = ("/usr/", "/etc/", "/dev/", "/proc/", "/sys/", "/bin/", "/sbin/", "/lib/")
MACHINE_ROOTS = ("work", "home", "root", "srv", "mnt", "media", "opt", "Users", "data", "shared")

OUTSIDE = re.compile(r"\.\.[/\\]+shared\b|[/\\]work[/\\]+shared\b")
WINDOWS_ABSOLUTE = re.compile(r"^[A-Za-z]:[\\/]")
POSIX_ABSOLUTE = re.compile(r"^/[^\s/'\"]+(?:/[^\s'\"]*)?$")
# In plain text: a path under a root that only one machine has (not after $HOME, ~, a word...).
TEXT_MACHINE_PATH = re.compile(
    r"(?<![\w.~$%}\]/-])/(?:" + "|".join(MACHINE_ROOTS) + r")/[^\s'\"`)]+"
    r"|\b[A-Za-z]:\\+Users\\+\S+"
)


def _literal_offends(value: str) -> str | None:
    """Why a whole string literal is a machine path or points outside the repository, or None."""
    text = value.strip()
    if OUTSIDE.search(text):
        return "outside the repository"
    if WINDOWS_ABSOLUTE.match(text):
        return "absolute Windows path"
    if not POSIX_ABSOLUTE.match(text) or text.startswith(SYSTEM_PREFIXES):
        return None
    parts = [p for p in text.split("/") if p]
    if len(parts) >= 2 or (parts and parts[0] in MACHINE_ROOTS):
        return "absolute path"
    return None


def offending_paths(text: str, suffix: str) -> list[tuple[int, str, str]]:
    """(line, the path, why) for each machine path or outside reference in one file's text."""
    lines = text.splitlines()
    found: list[tuple[int, str, str]] = []

    def opted_out(line_no: int) -> bool:
        return 0 < line_no <= len(lines) and OPT_OUT in lines[line_no - 1]

    if suffix in PYTHON_SUFFIXES:
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                why = _literal_offends(node.value)
                if why and not opted_out(node.lineno):
                    found.append((node.lineno, node.value.strip(), why))
        # Comments are not literals: a path there is still a reference to another machine.
        for line_no, line in enumerate(lines, 1):
            comment = line.partition("#")[2]
            if comment and OUTSIDE.search(comment) and not opted_out(line_no):
                found.append((line_no, comment.strip(), "outside the repository"))
        return sorted(set(found))
    for line_no, line in enumerate(lines, 1):
        if opted_out(line_no):
            continue
        if match := OUTSIDE.search(line):
            found.append((line_no, match.group(0), "outside the repository"))
            continue
        if suffix in DOC_SUFFIXES:
            continue
        for match in TEXT_MACHINE_PATH.finditer(line):
            found.append((line_no, match.group(0), "machine path"))
    return found


def _checked(relative: str) -> bool:
    suffix = Path(relative).suffix
    return suffix in PYTHON_SUFFIXES | TEXT_SUFFIXES | DOC_SUFFIXES or relative in TEXT_NAMES


def tracked_files() -> list[str]:
    """The repository's files as git tracks them, or the source folders of an unpacked tree."""
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO), "ls-files", "-z"],
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
        names = [n for n in out.decode("utf-8").split("\0") if n]
    except (OSError, subprocess.SubprocessError):
        names = []
    if not names:
        names = [
            p.relative_to(REPO).as_posix()
            for folder in SOURCE_FOLDERS
            for p in (REPO / folder).rglob("*")
            if p.is_file()
        ]
        names += [p.name for p in REPO.iterdir() if p.is_file()]
    return sorted(n for n in names if _checked(n) and (REPO / n).is_file())


def test_no_tracked_file_names_a_machine_path_or_reaches_outside() -> None:
    files = tracked_files()
    assert "tests/conftest.py" in files and "office_app/cli.py" in files
    problems = []
    for name in files:
        text = (REPO / name).read_text(encoding="utf-8", errors="replace")
        # This file names the patterns it looks for.
        if name == "tests/unit/test_repository_paths.py":
            continue
        for line_no, path, why in offending_paths(text, Path(name).suffix or name):
            problems.append(f"{name}:{line_no}: {why}: {path}")
    assert problems == [], "copy the file into tests/fixtures/ or use tmp_path:\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize(
    "source",
    [
        'SAMPLES = Path("/work/shared/sample-data")\n',
        'SAMPLE = Path("../shared/sample-data/test-site-utf8-bom.csv")\n',
        'read_table("/home/alice/下载/核酸.csv")\n',
        'DB = "/srv/office/office.db"\n',
        'ROOT = Path("/work")\n',
        'p = Path(r"C:\\Users\\张三\\Desktop\\楼栋.xlsx")\n',
        'p = f"/data/{name}.csv"\n',
        "x = 1  # the samples are in ../shared/sample-data\n",
    ],
)
def test_a_machine_path_in_python_is_found(source: str) -> None:
    assert len(offending_paths(source, ".py")) == 1


@pytest.mark.parametrize(
    "source",
    [
        'FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"\n',
        'DEFAULT_SOURCE = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"\n',
        'B.BackupSettings(folder="/tmp")\n',
        'subprocess.run(["cat", "/dev/null"])\n',
        '"""Usage: make_file.py --rows 100 --out /tmp/t.csv"""\n',
        'url = "postgresql://office@server:5432/office"\n',
        'page = "overview/buildings"\n',
        'sep = "/"\n',
        'example = "/home/alice/data.csv"  # not-a-machine-path: shown in a message\n',
    ],
)
def test_repository_relative_and_system_paths_are_allowed(source: str) -> None:
    assert offending_paths(source, ".py") == []


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("cp /work/shared/sample-data/x.csv tests/\n", 1),
        ("SAMPLES=../shared/sample-data\n", 1),
        ('DB="/home/alice/office.db"\n', 1),
        ('DB="${OFFICE_APP_DB:-$HOME/.local/share/office-app-demo/demo.db}"\n', 0),
        ("`%APPDATA%\\CommunityOffice\\CommunityOffice` on Windows\n", 0),
        ("apt-get install -y poppler-utils >/dev/null\n", 0),
        ("see ~/.local/share/CommunityOffice/CommunityOffice\n", 0),
    ],
)
def test_a_machine_path_in_a_script_is_found(line: str, found: int) -> None:
    assert len(offending_paths(line, ".sh")) == found


def test_a_document_may_show_a_user_folder_but_not_point_outside() -> None:
    assert offending_paths("Installed under `C:\\Users\\<name>\\AppData`.\n", ".md") == []
    assert len(offending_paths("The samples: ../shared/sample-data/README.md\n", ".md")) == 1
