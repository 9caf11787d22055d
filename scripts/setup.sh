#!/usr/bin/env bash
# Make a fresh Debian 12 machine (run as root, from a fresh clone) ready to run and test
# the program. Idempotent: when everything is already there it installs nothing and is quick.
#
#   1. Debian packages that Qt (offscreen and under Xvfb), the PDF checks and the bundle build
#      need, plus the shared library of the Python the .venv is made from (PyInstaller bundles
#      it); skipped, with a message, when not root or there is no apt-get. The list is what a
#      minimal Debian 12 (debootstrap --variant=minbase) lacks for scripts/test.sh;
#   2. a Python >= 3.11;
#   3. .venv in the repo root with `pip install -e '.[test,dev]'`
#      (again only when pyproject.toml is newer than .venv/.installed-stamp);
#   4. the .qm translation files from resources/translations/*.ts;
#   5. with --tests (scripts/test.sh passes it): 64-bit Wine able to run 32-bit programs, for the
#      test that runs the setup and its uninstaller (tests/installer/test_setup_under_wine.py;
#      the NSIS setup is a 32-bit program), and PostgreSQL's server binaries (Debian's
#      `postgresql`) for the second test run on a throwaway cluster (scripts/pg-cluster.sh).
#      The package's own cluster is not created (create_main_cluster = false) and not used.
#      Neither is needed to run the program.
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
    # a real print queue for the printing tests (scripts/cups-queue.sh): the scheduler and
    # the cups-pdf virtual printer (which brings ghostscript)
    cups printer-driver-cups-pdf
    # objdump, which PyInstaller (tests/installer/test_bundle.py) runs on every library it
    # collects
    binutils
)

# --- 1. Debian packages ---------------------------------------------------------------
APT_UPDATED=0

# apt_install LABEL PKG...: install those of PKG that are not installed yet.
apt_install() {
    local label="$1"
    shift
    if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
        log "no apt-get here: skipping $label (need: $*)"
        return 0
    fi
    local missing=() pkg status
    for pkg in "$@"; do
        # One line per architecture dpkg knows the name in: once i386 is added (Wine), a
        # library installed for amd64 also has an i386 line that is not installed.
        status="$(dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null || true)"
        if ! grep -qx "install ok installed" <<<"$status"; then
            missing+=("$pkg")
        fi
    done
    if ((${#missing[@]} == 0)); then
        log "$label: all $# present"
        return 0
    fi
    if [[ "$(id -u)" -ne 0 ]]; then
        log "not root: skipping apt; missing packages: ${missing[*]}"
        return 0
    fi
    log "apt-get install ${missing[*]}"
    if ((APT_UPDATED == 0)); then
        apt-get update -q
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

install_apt_packages() {
    apt_install "system packages" "${APT_PACKAGES[@]}"
}

# PyInstaller bundles the shared library of the Python it runs on: for Debian's Python
# (/usr/bin/python3.X) that is the package libpython3.X, which python3 does not pull in.
install_python_shared_library() {
    local python="$REPO/.venv/bin/python" base version
    [[ -x "$python" ]] || return 0
    base="$("$python" -c 'import sys; print(sys.base_prefix)')"
    [[ "$base" == /usr ]] || return 0
    version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    apt_install "Python shared library" "libpython$version"
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

# --- 5. for the tests: Wine with 32-bit support ------------------------------------------
install_wine() {
    command -v dpkg >/dev/null 2>&1 || return 0
    if [[ "$(id -u)" -eq 0 ]] && ! dpkg --print-foreign-architectures | grep -qx i386; then
        log "dpkg --add-architecture i386 (Wine runs the 32-bit setup)"
        dpkg --add-architecture i386
        APT_UPDATED=0
    fi
    apt_install "Wine for the installer test" wine wine64 wine32:i386
}

# --- 5. for the tests: PostgreSQL's server binaries --------------------------------------
install_postgresql() {
    command -v dpkg >/dev/null 2>&1 || return 0
    local conf=/etc/postgresql-common/createcluster.conf
    # Before the package is installed: its postinst must not create (and start) a cluster of
    # its own; the tests make theirs in a temporary folder. An existing file is left alone.
    if [[ "$(id -u)" -eq 0 && ! -e "$conf" ]]; then
        mkdir -p "$(dirname "$conf")"
        printf '%s\n' "# scripts/setup.sh: no cluster of the package's own" \
            "create_main_cluster = false" >"$conf"
    fi
    apt_install "PostgreSQL for the second test run" postgresql
}

install_apt_packages
setup_venv
install_python_shared_library
build_translations
if [[ "${1:-}" == "--tests" ]]; then
    install_wine
    install_postgresql
fi
log "done in ${SECONDS} s"
