#!/usr/bin/env bash
# Set the machine up (scripts/setup.sh), create a demo database if there is none, and start
# the GUI on it. Extra arguments go to office-app.
#   OFFICE_APP_DB=/path/to/demo.db scripts/run-demo.sh
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

bash "$REPO/scripts/setup.sh"

DB="${OFFICE_APP_DB:-$HOME/.local/share/office-app-demo/demo.db}"
APP="$REPO/.venv/bin/office-app"

if [[ ! -f "$DB" ]]; then
    mkdir -p "$(dirname "$DB")"
    echo "run-demo: creating demo database $DB"
    "$APP" --db "$DB" demo
else
    echo "run-demo: using existing database $DB"
fi

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
    if ! command -v xvfb-run >/dev/null 2>&1; then
        echo "run-demo: no DISPLAY or WAYLAND_DISPLAY, and xvfb-run is missing (apt-get install xvfb xauth)" >&2
        exit 1
    fi
    echo "run-demo: no DISPLAY or WAYLAND_DISPLAY: running under xvfb-run -a (the window is invisible)"
    exec xvfb-run -a "$APP" --db "$DB" "$@"
fi
echo "run-demo: starting office-app"
exec "$APP" --db "$DB" "$@"
