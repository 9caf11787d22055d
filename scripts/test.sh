#!/usr/bin/env bash
# Set the machine up (scripts/setup.sh), then run every check CI runs, in order:
# ruff lint, ruff format check, mypy on models and services, pytest.
# Extra arguments go to pytest:  scripts/test.sh -x -k roster
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

bash "$REPO/scripts/setup.sh"

export QT_QPA_PLATFORM=offscreen
BIN="$REPO/.venv/bin"

step() { printf '\n== %s\n' "$*"; }

step "ruff check"
"$BIN/ruff" check .
step "ruff format --check"
"$BIN/ruff" format --check .
step "mypy office_app/models office_app/services office_app/reports"
"$BIN/mypy" office_app/models office_app/services office_app/reports
step "pytest"
"$BIN/python" -m pytest "$@"
