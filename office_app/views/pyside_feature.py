"""PySide6's import hook, made cheaper: it asks of every module imported after PySide6 whether
its source mentions "PySide6" (for ``from __feature__ import …``, which this program does not
use), and reads each source through ``inspect.getsource`` to do so: tokenizer, line cache and
all, ≈ 0.2 ms a module, ≈ 20 ms for the 125 modules a start imports after PySide6. The same
question answered from the file's bytes costs a few microseconds.

Installed before anything imports Qt (app.py); a module without a readable ``.py`` file is
asked the original way, and a PySide6 without the hook is left as it is.
"""

from __future__ import annotations

import sys
from types import ModuleType

MARK = "_office_app_fast"


def uses_pyside_from_file(module: ModuleType) -> bool | None:
    """Whether the module's source file mentions PySide6; None when it has no readable .py."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return None
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return None


def install() -> bool:
    """Replace PySide6's check by :func:`uses_pyside_from_file`; False when it was not there
    (another PySide6) or is replaced already."""
    import PySide6  # noqa: F401  # imports shiboken6, which brings the hook

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, MARK, False):
        return False

    def mod_uses_pyside(module: ModuleType) -> bool:
        found = uses_pyside_from_file(module)
        return bool(original(module)) if found is None else found

    setattr(mod_uses_pyside, MARK, True)
    feature._mod_uses_pyside = mod_uses_pyside  # type: ignore[union-attr]
    return True


install()
