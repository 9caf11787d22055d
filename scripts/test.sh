#!/usr/bin/env bash
# Set the machine up (scripts/setup.sh), then run every check CI runs, in order:
# ruff lint, ruff format check, mypy on models and services, pytest on SQLite files (with a
# private print queue running: scripts/cups-queue.sh), and pytest again on PostgreSQL (a
# throwaway cluster: scripts/pg-cluster.sh, its URL in OFFICE_TEST_DB; stopped on exit, also
# when tests fail). A failing check does not stop the others: the end lists each check with
# its time and pytest's counts, and the exit status is non-zero if any failed (pytest's own
# status when pytest failed). OFFICE_TEST_ENGINES=sqlite (or postgresql) runs only one.
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
LOG_DIR="$(mktemp -d /tmp/office-test-logs-XXXXXX)"
# check NAME COMMAND...: run one check, note its time and whether it passed (for pytest, the
# counts of its last line: "1180 passed, 12 skipped in …").
check() {
    local name="$1" start=$SECONDS code=0 log counts=""
    shift
    step "$name"
    log="$LOG_DIR/check-${#SUMMARY[@]}.log"
    "$@" 2>&1 | tee "$log" || code=$?
    if [[ "$name" == pytest* ]]; then
        counts="$(grep -E '^=*.*[0-9]+ (passed|failed|error|errors|skipped).* in [0-9.]+s' "$log" |
            tail -1 | sed -E 's/^=+ //; s/ =+$//; s/ in [0-9.]+s.*//')"
        counts="${counts:+: $counts}"
    fi
    if ((code == 0)); then
        SUMMARY+=("ok      $((SECONDS - start)) s  $name$counts")
    else
        SUMMARY+=("FAILED  $((SECONDS - start)) s  $name (exit $code)$counts")
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
PG_DIR=""
cleanup() {
    bash "$REPO/scripts/cups-queue.sh" stop "$CUPS_DIR"
    rm -rf "$CUPS_DIR"
    if [[ -n "$PG_DIR" ]]; then
        bash "$REPO/scripts/pg-cluster.sh" stop "$PG_DIR" || true
    fi
    rm -rf "$LOG_DIR"
}
trap cleanup EXIT
if queue_env="$(bash "$REPO/scripts/cups-queue.sh" start "$CUPS_DIR")"; then
    eval "$queue_env"
    echo "queue $OFFICE_PRINT_QUEUE, CUPS_SERVER=$CUPS_SERVER, output in $OFFICE_PRINT_QUEUE_OUT"
else
    echo "no print queue: the printing tests will say why"
fi
ENGINES="${OFFICE_TEST_ENGINES:-sqlite postgresql}"
if [[ " $ENGINES " == *" sqlite "* ]]; then
    check "pytest on SQLite" env -u OFFICE_TEST_DB "$BIN/python" -m pytest "$@"
fi
if [[ " $ENGINES " == *" postgresql "* ]]; then
    step "PostgreSQL cluster (scripts/pg-cluster.sh)"
    PG_DIR="$(mktemp -d /tmp/office-pg-XXXXXX)"
    if pg_env="$(bash "$REPO/scripts/pg-cluster.sh" start "$PG_DIR")"; then
        eval "$pg_env"
        echo "cluster in $PG_DIR"
        check "pytest on PostgreSQL" "$BIN/python" -m pytest "$@"
    else
        SUMMARY+=("FAILED  0 s  pytest on PostgreSQL (the cluster did not start, see above)")
        STATUS=1
    fi
fi

step "summary"
printf '%s\n' "${SUMMARY[@]}"
exit "$STATUS"
