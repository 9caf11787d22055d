#!/usr/bin/env bash
# Set the machine up (scripts/setup.sh), then run every check CI runs, in order:
# ruff lint, ruff format check, mypy on models and services, pytest (with a private print
# queue running: scripts/cups-queue.sh). A failing check does not stop the others: the end
# lists each check with its time, and the exit status is non-zero if any failed (pytest's own
# status when pytest failed).
# Extra arguments go to pytest:  scripts/test.sh -x -k roster
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

bash "$REPO/scripts/setup.sh" --tests

export QT_QPA_PLATFORM=offscreen
BIN="$REPO/.venv/bin"

step() { printf '\n== %s\n' "$*"; }

SUMMARY=()
STATUS=0
# check NAME COMMAND...: run one check, note its time and whether it passed.
check() {
    local name="$1" start=$SECONDS code=0
    shift
    step "$name"
    "$@" || code=$?
    if ((code == 0)); then
        SUMMARY+=("ok      $((SECONDS - start)) s  $name")
    else
        SUMMARY+=("FAILED  $((SECONDS - start)) s  $name (exit $code)")
        STATUS=$code
    fi
}

check "ruff check" "$BIN/ruff" check .
check "ruff format --check" "$BIN/ruff" format --check .
check "mypy office_app/models office_app/services office_app/reports" \
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
check "pytest" "$BIN/python" -m pytest "$@"

step "summary"
printf '%s\n' "${SUMMARY[@]}"
exit "$STATUS"
