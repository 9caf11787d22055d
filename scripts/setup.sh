#!/usr/bin/env bash
# Make a fresh Debian 12 machine (run as root, from a fresh clone) ready to run and test
# the program. Idempotent: when everything is already there it installs nothing and is quick.
#
#   1. Debian packages that Qt (offscreen and under Xvfb) and the PDF checks need
#      (skipped, with a message, when not root or there is no apt-get);
#   2. a Python >= 3.11;
#   3. .venv in the repo root with `pip install -e '.[test,dev]'`
#      (again only when pyproject.toml is newer than .venv/.installed-stamp);
#   4. the .qm translation files from resources/translations/*.ts.
#
# No font package is needed: the CJK font is shipped in resources/fonts.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

log() { printf 'setup: %s\n' "$*"; }

APT_PACKAGES=(
    python3 python3-venv python3-pip
    # Qt offscreen (tests)
    libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libx11-6 libegl1 libgl1 libxkbcommon0
    fontconfig
    # PDF checks (pdftoppm, pdffonts)
    poppler-utils
    # a real window under Xvfb
    xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
    libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0
    # makensis: the slow installer test compiles installer/office_app.nsi
    nsis
)

# --- 1. Debian packages ---------------------------------------------------------------
install_apt_packages() {
    if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
        log "no apt-get here: skipping system packages (need the Qt/xcb libraries, poppler-utils, xvfb)"
        return 0
    fi
    local missing=() pkg status
    for pkg in "${APT_PACKAGES[@]}"; do
        status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
        if [[ "$status" != "install ok installed" ]]; then
            missing+=("$pkg")
        fi
    done
    if ((${#missing[@]} == 0)); then
        log "system packages: all ${#APT_PACKAGES[@]} present"
        return 0
    fi
    if [[ "$(id -u)" -ne 0 ]]; then
        log "not root: skipping apt; missing packages: ${missing[*]}"
        return 0
    fi
    log "apt-get install ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# --- 2. Python >= 3.11 ------------------------------------------------------------------
python_ok() {
    # $1: a python executable. True if it is >= 3.11 and has a working venv module.
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1 \
        && "$1" -c 'import ensurepip, venv' >/dev/null 2>&1
}

find_python() {
    local candidate
    for candidate in python3 python3.13 python3.12 python3.11; do
        if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

# --- 3. the virtual environment ---------------------------------------------------------
setup_venv() {
    local venv="$REPO/.venv" stamp="$REPO/.venv/.installed-stamp" python
    if [[ ! -x "$venv/bin/python" ]]; then
        if ! python="$(find_python)"; then
            log "ERROR: need Python >= 3.11 with the venv module (Debian: apt-get install python3-venv)" >&2
            exit 1
        fi
        log "creating .venv with $python ($("$python" -c 'import platform; print(platform.python_version())'))"
        "$python" -m venv "$venv"
    fi
    if [[ -f "$stamp" && ! "$REPO/pyproject.toml" -nt "$stamp" ]]; then
        log ".venv up to date"
        return 0
    fi
    log "pip install -e '.[test,dev]' (a few minutes the first time)"
    "$venv/bin/python" -m pip install --quiet -e "${REPO}[test,dev]"
    # Stamp only an install that really provides the package (checked outside the repo,
    # so the current directory does not hide a broken editable install).
    if ! (cd / && "$venv/bin/python" -c 'import office_app') >/dev/null 2>&1; then
        log "ERROR: office_app is not importable from .venv after pip install" >&2
        exit 1
    fi
    touch "$stamp"
    log ".venv ready"
}

# --- 4. translations --------------------------------------------------------------------
build_translations() {
    local ts qm built=0 lrelease="$REPO/.venv/bin/pyside6-lrelease"
    shopt -s nullglob
    local files=("$REPO"/resources/translations/*.ts)
    shopt -u nullglob
    if ((${#files[@]} == 0)); then
        log "translations: no .ts files"
        return 0
    fi
    for ts in "${files[@]}"; do
        qm="${ts%.ts}.qm"
        if [[ ! -f "$qm" || "$ts" -nt "$qm" ]]; then
            "$lrelease" -silent "$ts" -qm "$qm"
            built=$((built + 1))
        fi
    done
    log "translations: ${#files[@]} .ts, $built .qm rebuilt"
}

install_apt_packages
setup_venv
build_translations
log "done"
