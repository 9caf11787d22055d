"""Every audit action the program writes has its words for the 审计 page (issue 17, point 8).

The program's source is read (not run): each ``audit.record(actor, CODE, …)``, each
``AuditNote(CODE, …)`` (a print recorded like a save) and each
``save_and_record(actor, CODE, …)`` (a saved document and its entry). A code must be a string,
a choice of strings, a name set to strings in the same function, or an f-string whose fixed
start names a family (``f"import.{kind}"``); anything else fails, so that a new code cannot
slip by.
"""

from __future__ import annotations

import ast
from pathlib import Path

import office_app
from office_app.services.admin import audit_listing as audit_log

SOURCE = Path(office_app.__file__).parent


def _strings(node: ast.AST) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _strings(node.body), _strings(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def _assigned(function: ast.AST, name: str) -> list[str] | None:
    """The strings ``name`` is set to in ``function`` (plain or tuple assignments)."""
    found: list[str] = []
    for node in ast.walk(function):
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            pairs: list[tuple[ast.AST, ast.AST]] = []
            if isinstance(target, ast.Name):
                pairs = [(target, node.value)]
            elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                pairs = list(zip(target.elts, node.value.elts, strict=False))
            for left, right in pairs:
                if isinstance(left, ast.Name) and left.id == name:
                    values = _strings(right)
                    if values is None:
                        return None
                    found.extend(values)
    return found or None


def _passed_codes(
    tree: ast.AST, functions: list[ast.FunctionDef], line: int, name: str
) -> list[str] | None:
    """The strings every call in the module passes as ``name``, a parameter of the function
    around ``line``; None when it is no parameter, is never called, or a call passes
    anything but strings."""
    around = [f for f in functions if f.lineno <= line <= (f.end_lineno or f.lineno)]
    if not around:
        return None
    helper = around[-1]
    params = [a.arg for a in helper.args.posonlyargs + helper.args.args]
    if name not in params:
        return None
    index = params.index(name)
    found: list[str] = []
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        func = call.func
        called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if called != helper.name:
            continue
        given = call.args[index] if len(call.args) > index else None
        for keyword in call.keywords:
            if keyword.arg == name:
                given = keyword.value
        values = _strings(given) if given is not None else None
        if values is None:
            return None
        found.extend(values)
    return found or None


def _written_codes() -> tuple[set[str], set[str], list[str]]:
    """(codes, families of f-string codes, places whose code cannot be told)."""
    codes: set[str] = set()
    families: set[str] = set()
    unknown: list[str] = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "record"
                and isinstance(func.value, ast.Name)
                and func.value.id == "audit"
            ):
                argument = node.args[1] if len(node.args) > 1 else None
            elif (isinstance(func, ast.Attribute) and func.attr == "AuditNote") or (
                isinstance(func, ast.Name) and func.id == "AuditNote"
            ):
                argument = node.args[0] if node.args else None
            elif (isinstance(func, ast.Attribute) and func.attr == "save_and_record") or (
                isinstance(func, ast.Name) and func.id == "save_and_record"
            ):  # reporting.prints: a saved document and its entry, save_and_record(actor, CODE…)
                argument = node.args[1] if len(node.args) > 1 else None
            else:
                continue
            for keyword in node.keywords:
                if keyword.arg == "action":
                    argument = keyword.value
            place = f"{path.relative_to(SOURCE.parent)}:{node.lineno}"
            if argument is None:
                unknown.append(place)
                continue
            values = _strings(argument)
            if values is None and isinstance(argument, ast.Name):
                around = [
                    f for f in functions if f.lineno <= node.lineno <= (f.end_lineno or f.lineno)
                ]
                values = _assigned(around[-1], argument.id) if around else None
            if values is None and isinstance(argument, ast.JoinedStr):
                first = argument.values[0] if argument.values else None
                if isinstance(first, ast.Constant) and str(first.value).endswith("."):
                    families.add(str(first.value)[:-1])
                    continue
            if values is None:
                # A print's note passed on (printing.record): its codes are the AuditNotes'.
                if isinstance(argument, ast.Attribute) and argument.attr == "action":
                    continue
                # save_and_record passes its callers' codes on: they are read where it is called.
                if isinstance(argument, ast.Name) and any(
                    f.name == "save_and_record"
                    and f.lineno <= node.lineno <= (f.end_lineno or f.lineno)
                    for f in functions
                ):
                    continue
                # A module's own helper given the code as a parameter (gate's _record, the
                # roster's _clock): the codes are those its calls in the module pass.
                passed = (
                    _passed_codes(tree, functions, node.lineno, argument.id)
                    if isinstance(argument, ast.Name)
                    else None
                )
                if passed is not None:
                    codes.update(passed)
                    continue
                unknown.append(f"{place}: {ast.unparse(argument)}")
                continue
            codes.update(values)
    return codes, families, unknown


def test_every_code_written_anywhere_has_words() -> None:
    codes, families, unknown = _written_codes()
    assert unknown == [], "audit codes that cannot be told from the source"
    assert {"gate.decide", "print.daily_report", "login.failed", "volunteer.edit"} <= codes
    assert {"import", "export"} <= families
    missing = sorted(c for c in codes if c not in audit_log.ACTION_TITLES)
    assert missing == [], "give these audit codes their words in audit_log.ACTION_TITLES"
    assert sorted(f for f in families if f not in audit_log.ACTION_TITLES) == []


def test_the_import_kinds_and_the_exports_have_their_own_words() -> None:
    from office_app.cli import IMPORT_KINDS

    for kind in IMPORT_KINDS:
        assert f"import.{kind}" in audit_log.ACTION_TITLES, kind
    # The exports' ``what``: export_table(..., what=...) and its callers.
    for what in ("audit", "untested", "volunteer_stats", "organisation_stats", "rejected_tests"):
        assert f"export.{what}" in audit_log.ACTION_TITLES, what


def test_a_code_with_a_variable_tail_takes_its_family_s_words() -> None:
    assert audit_log.action_words("export.untested.2022-11-22") == "Untested list exported"
    assert audit_log.action_words("import.tests") == "Test results imported"
    assert audit_log.action_words("import.something_new") == "Import"
    assert audit_log.action_words("nothing.known") is None
