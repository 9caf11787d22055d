#!/usr/bin/env bash
# Set the machine up (scripts/setup.sh), then run every check CI runs, in order:
# ruff lint, ruff format check, mypy on models and services, pytest (with a private print
# queue running: scripts/cups-queue.sh).
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
step "print queue (scripts/cups-queue.sh)"
# A private CUPS scheduler with a cups-pdf queue for tests/gui/test_printing.py, stopped on
# exit whatever the tests do. If it cannot start, those tests fail and say why.
CUPS_DIR="$(mktemp -d /tmp/office-cups-XXXXXX)"
trap 'bash "$REPO/scripts/cups-queue.sh" stop "$CUPS_DIR"; rm -rf "$CUPS_DIR"' EXIT
if queue_env="$(bash "$REPO/scripts/cups-queue.sh" start "$CUPS_DIR")"; then
    eval "$queue_env"
    echo "queue $OFFICE_PRINT_QUEUE, CUPS_SERVER=$CUPS_SERVER, output in $OFFICE_PRINT_QUEUE_OUT"
else
    echo "no print queue: the printing tests will say why"
fi
step "pytest"
"$BIN/python" -m pytest "$@"
