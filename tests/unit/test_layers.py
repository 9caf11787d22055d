"""The layers' rule, read from the source (ast, nothing imported): views, the command line,
the app's start and reports reach the core through the services only; no import runs back up
(services and models never import views or Qt widgets, reports never import views); models
import no Qt at all.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "office_app"

# Files (relative to office_app/) that still import office_app.models although their layer
# may not. Each is a named exception while its owner moves it onto the service doors
# (services.choices, services.clock, services.admin.database; see issue 18, point 4):
# remove a file from the list in the commit that removes its last models import.
#
# The pages: their developer moves them (views/pages/*, same issue).
PAGES_NOT_YET: set[str] = set()  # none left
# The import wizard and ``office-app import``: moved with the one import machinery (issue 18,
# point 2) by its developer. A "path::function" names one function of a module only.
IMPORT_NOT_YET: set[str] = set()  # none left
NOT_YET = PAGES_NOT_YET | IMPORT_NOT_YET

# What runs SQL; views, the command line, the app's start and reports import none of it.
DATABASE_LIBRARIES = ("peewee", "playhouse", "psycopg", "psycopg2")
# Qt modules a service may not import (QtCore is allowed: QCoreApplication.translate).
QT_WIDGETS = ("PySide6.QtWidgets", "PySide6.QtGui", "PySide6.QtPrintSupport", "PySide6.QtPdf")


@dataclass(frozen=True)
class Import:
    module: str  # the absolute module imported (for ``from a import b`` also ``a.b``)
    line: int
    function: str  # the outermost function or class it sits in, "" at module level


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(source: str, name: str, *, is_package: bool = False) -> list[Import]:
    """Every import in ``source`` (of the module ``name``), relative ones made absolute."""
    tree = ast.parse(source)
    found: list[Import] = []
    package = name if is_package else name.rpartition(".")[0]

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = function
            if not function and isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
            ):
                inner = child.name
            if isinstance(child, ast.Import):
                found.extend(Import(a.name, child.lineno, function) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                found.append(Import(target, child.lineno, function))
                found.extend(
                    Import(f"{target}.{a.name}", child.lineno, function) for a in child.names
                )
            visit(child, inner)

    visit(tree, "")
    return found


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def files(*patterns: str) -> list[Path]:
    out: list[Path] = []
    for pattern in patterns:
        out.extend(p for p in sorted(PACKAGE.glob(pattern)) if "__pycache__" not in p.parts)
    return out


def violations(paths: list[Path], forbidden: tuple[str, ...], *, allowed: set[str]) -> list[str]:
    bad: list[str] = []
    for path in paths:
        rel = path.relative_to(PACKAGE).as_posix()
        source = path.read_text(encoding="utf-8")
        for imp in imports_of(source, module_name(path), is_package=path.name == "__init__.py"):
            if not any(within(imp.module, f) for f in forbidden):
                continue
            if rel in allowed or (imp.function and f"{rel}::{imp.function}" in allowed):
                continue
            bad.append(f"{rel}:{imp.line} imports {imp.module}")
    return sorted(set(bad))


UPPER = files("views/**/*.py", "reports/**/*.py", "cli.py", "app.py", "offscreen.py")


def test_views_cli_app_and_reports_reach_the_models_through_services_only() -> None:
    assert len(UPPER) > 40  # the globs found the modules
    assert violations(UPPER, ("office_app.models",), allowed=NOT_YET) == []


def test_views_cli_app_and_reports_use_no_database_library() -> None:
    """No queries, connections or transactions of their own: peewee and the drivers are the
    models' and services' business."""
    assert violations(UPPER, DATABASE_LIBRARIES, allowed=set()) == []


def test_services_and_models_import_no_views_nor_qt_widgets() -> None:
    core = files("services/**/*.py", "models/**/*.py")
    assert len(core) > 40
    assert (
        violations(core, ("office_app.views", "office_app.app", *QT_WIDGETS), allowed=set()) == []
    )


def test_models_import_no_qt_at_all() -> None:
    assert violations(files("models/**/*.py"), ("PySide6", "shiboken6"), allowed=set()) == []


def test_reports_import_no_views() -> None:
    assert violations(files("reports/**/*.py"), ("office_app.views",), allowed=set()) == []


def test_every_exception_is_still_needed() -> None:
    """A file that no longer imports the models leaves the list (so the list only shrinks)."""
    stale = []
    for entry in sorted(NOT_YET):
        rel, _, function = entry.partition("::")
        path = PACKAGE / rel
        hits = path.is_file() and [
            imp
            for imp in imports_of(path.read_text(encoding="utf-8"), module_name(path))
            if within(imp.module, "office_app.models")
            and (not function or imp.function == function)
        ]
        if not hits:
            stale.append(entry)
    assert stale == [], "these import no models any more: remove them from the exceptions"


@pytest.mark.parametrize(
    ("source", "module"),
    [
        ("from office_app.models import db", "office_app.views.dialogs.example"),
        ("from office_app.models.places import RISK_LEVELS", "office_app.views.example"),
        ("import office_app.models.database", "office_app.cli"),
        ("from office_app import models", "office_app.reports.example"),
        ("from .models import Operator", "office_app.cli"),
        ("from ..models import now", "office_app.reports.example"),
        ("def f():\n    from ...models import db\n", "office_app.views.dialogs.example"),
    ],
)
def test_the_check_sees_every_spelling_of_a_models_import(source: str, module: str) -> None:
    assert any(within(imp.module, "office_app.models") for imp in imports_of(source, module))


def test_a_relative_import_counts_from_the_module_s_package() -> None:
    assert not any(
        within(imp.module, "office_app.models")
        for imp in imports_of("from ..models import db", "office_app.views.dialogs.example")
    )  # that is office_app.views.models
    imports = imports_of("from ..models import db", "office_app.views", is_package=True)
    assert any(imp.module == "office_app.models.db" for imp in imports)
