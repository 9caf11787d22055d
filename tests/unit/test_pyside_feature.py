"""PySide6's import hook answers the same, cheaper (views/pyside_feature.py).

PySide6 asks of every module imported after it whether its source mentions "PySide6" (for
``from __feature__ import …``), through ``inspect.getsource``; the program answers from the
file's bytes. Checked in a fresh interpreter, as the program starts.
"""

from __future__ import annotations

import subprocess
import sys


def test_the_program_answers_pysides_question_from_the_file_alike() -> None:
    code = (
        "import sys\n"
        "import office_app.app\n"  # installs it before the program's modules
        "import office_app.views.main_window\n"
        "import shibokensupport.feature as F\n"
        "from office_app.views import pyside_feature as P\n"
        "import inspect\n"
        "def original(module):\n"
        "    try:\n"
        "        return 'PySide6' in inspect.getsource(module)\n"
        "    except (TypeError, OSError, SyntaxError):\n"
        "        return False\n"
        "assert getattr(F._mod_uses_pyside, P.MARK)\n"
        "modules = [m for m in list(sys.modules.values()) if m is not None]\n"
        "differ = [m.__name__ for m in modules if F._mod_uses_pyside(m) != original(m)]\n"
        "kept = {n: v for n, v in F.pyside_feature_dict.items() if n.startswith('office_app.')}\n"
        "wrong = [n for n, v in kept.items() if v != (0 if original(sys.modules[n]) else -1)]\n"
        "print(len(modules) > 100, len(kept) > 10, differ, wrong,\n"
        "      F._mod_uses_pyside(sys.modules['office_app.views.main_window']),\n"
        "      F._mod_uses_pyside(sys.modules['office_app.services.admin.database']),\n"
        "      P.install())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    # Every module answered alike (and so were the program's, as they were imported); the
    # main window uses PySide6, the database service does not; installed once.
    assert done.stdout.strip() == "True True [] [] True False False"
