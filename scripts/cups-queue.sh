#!/usr/bin/env bash
# A private CUPS scheduler with a virtual PDF printer (a colour and a monochrome queue), for
# the printing tests.
#
#   eval "$(bash scripts/cups-queue.sh start [DIR])"   # prints the variables to export
#   bash scripts/cups-queue.sh stop [DIR]
#
# start runs its own cupsd (not the system's: own configuration, spool, logs and a Unix
# socket under DIR, no TCP port, no browsing) and creates the queue office-test-pdf-N (N: a
# checksum of DIR) on Debian's cups-pdf backend. It prints, for the tests:
#   CUPS_SERVER              the socket (libcups and so Qt's print support use it)
#   OFFICE_PRINT_QUEUE       the queue's name
#   OFFICE_PRINT_QUEUE_MONO  the same printer as a monochrome one (its PPD says no colour)
#   OFFICE_PRINT_QUEUE_OUT   where cups-pdf writes each job as a PDF
#   OFFICE_PRINT_QUEUE_DIR   DIR (for stop)
# On failure it says why on stderr and exits 1. Needs root (CI runs as root): cups-pdf runs
# as root and reads its settings only from /etc/cups, so the queue gets its own file there,
# /etc/cups/cups-pdf-office-test-pdf-N.conf (the backend reads cups-pdf-NAME.conf for a
# queue whose device is cups-pdf:/NAME), removed again by stop. The system's cups-pdf.conf and
# queues are not touched.
#
# cups-pdf names its output after the job's title (Qt's docName: bytes other than ASCII
# letters and digits written as octal, cut to 64 characters) and the job id (Label 1 below):
# OUT/344_272_244_..._2022-job_7.pdf. Its log goes to DIR/log/cups-pdf-NAME_log.
set -euo pipefail

DIR="${2:-${OFFICE_PRINT_QUEUE_DIR:-/tmp/office-cups}}"
# One queue name per folder: two private schedulers (a test run and a developer's) never
# share cups-pdf's settings file.
QUEUE="office-test-pdf-$(printf %s "$DIR" | cksum | cut -d' ' -f1)"
PPD="/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"
QUEUE_CONF="/etc/cups/cups-pdf-$QUEUE.conf"

die() {
    echo "cups-queue: $*" >&2
    exit 1
}

stop() {
    if [[ -f "$DIR/cupsd.pid" ]]; then
        pid="$(cat "$DIR/cupsd.pid")"
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 50); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
        fi
        rm -f "$DIR/cupsd.pid"
    fi
    rm -f "$QUEUE_CONF" 2>/dev/null || true
}

start() {
    [[ "$(uname -s)" == Linux ]] || die "needs Linux with CUPS (this is $(uname -s))"
    [[ "$(id -u)" -eq 0 ]] || die "needs root: cups-pdf runs as root and reads /etc/cups"
    command -v cupsd >/dev/null || [[ -x /usr/sbin/cupsd ]] ||
        die "cupsd is not installed (Debian: cups; scripts/setup.sh installs it)"
    [[ -x /usr/lib/cups/backend/cups-pdf ]] ||
        die "the cups-pdf backend is not installed (Debian: printer-driver-cups-pdf)"
    [[ -f "$PPD" ]] || die "$PPD is missing (Debian: printer-driver-cups-pdf)"
    stop
    mkdir -p "$DIR"/{spool/tmp,cache,state,log,out,cups-pdf-spool,ppd}
    # cupsd runs the filters as lp: they must reach the spool.
    chmod 0755 "$DIR" "$DIR"/{spool,cache,state,log,out,ppd}
    chmod 1777 "$DIR/spool/tmp" "$DIR/cups-pdf-spool"
    if command -v runuser >/dev/null && ! runuser -u lp -- test -x "$DIR/spool"; then
        die "the user lp (CUPS filters) cannot reach $DIR: a parent folder is private; use a folder under /tmp"
    fi
    cat >"$DIR/cups-files.conf" <<EOF
ServerRoot $DIR
RequestRoot $DIR/spool
TempDir $DIR/spool/tmp
CacheDir $DIR/cache
StateDir $DIR/state
ErrorLog $DIR/log/error_log
AccessLog $DIR/log/access_log
PageLog $DIR/log/page_log
User lp
Group lp
SystemGroup root
FileDevice No
Printcap $DIR/printcap
EOF
    cat >"$DIR/cupsd.conf" <<EOF
Listen $DIR/cups.sock
Browsing No
BrowseLocalProtocols none
DefaultShared No
WebInterface No
LogLevel info
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
    cat >"$QUEUE_CONF" <<EOF
# Written by scripts/cups-queue.sh for its test queue; removed by "cups-queue.sh stop".
Out $DIR/out
AnonDirName $DIR/out
Spool $DIR/cups-pdf-spool
Label 1
TitlePref 1
Grp root
Log $DIR/log
LogType 3
EOF
    : >"$DIR/printers.conf"
    /usr/sbin/cupsd -f -c "$DIR/cupsd.conf" -s "$DIR/cups-files.conf" \
        >"$DIR/log/cupsd.out" 2>&1 &
    echo $! >"$DIR/cupsd.pid"
    for _ in $(seq 100); do
        [[ -S "$DIR/cups.sock" ]] && break
        kill -0 "$(cat "$DIR/cupsd.pid")" 2>/dev/null ||
            die "cupsd stopped at once: $(tail -n 5 "$DIR/log/cupsd.out" "$DIR/log/error_log" 2>/dev/null)"
        sleep 0.1
    done
    [[ -S "$DIR/cups.sock" ]] || { stop; die "cupsd did not open $DIR/cups.sock in 10 s"; }
    export CUPS_SERVER="$DIR/cups.sock"
    if ! /usr/sbin/lpadmin -p "$QUEUE" -E -v "cups-pdf:/$QUEUE" -P "$PPD" \
        -o printer-is-shared=false >"$DIR/log/lpadmin.out" 2>&1; then
        stop
        die "lpadmin could not create $QUEUE: $(cat "$DIR/log/lpadmin.out")"
    fi
    # A monochrome printer: the same backend and settings, a PPD without colour.
    sed 's/^\*ColorDevice:[[:space:]]*True/*ColorDevice: False/' "$PPD" >"$DIR/mono.ppd"
    if ! /usr/sbin/lpadmin -p "$QUEUE-mono" -E -v "cups-pdf:/$QUEUE" -P "$DIR/mono.ppd" \
        -o printer-is-shared=false >>"$DIR/log/lpadmin.out" 2>&1; then
        stop
        die "lpadmin could not create $QUEUE-mono: $(cat "$DIR/log/lpadmin.out")"
    fi
    for name in "$QUEUE" "$QUEUE-mono"; do
        /usr/sbin/cupsenable "$name" 2>/dev/null || true
        /usr/sbin/cupsaccept "$name" 2>/dev/null || true
        lpstat -p "$name" >/dev/null 2>&1 || { stop; die "the queue $name is not listed by lpstat"; }
    done
    printf 'export CUPS_SERVER=%q\n' "$DIR/cups.sock"
    printf 'export OFFICE_PRINT_QUEUE=%q\n' "$QUEUE"
    printf 'export OFFICE_PRINT_QUEUE_MONO=%q\n' "$QUEUE-mono"
    printf 'export OFFICE_PRINT_QUEUE_OUT=%q\n' "$DIR/out"
    printf 'export OFFICE_PRINT_QUEUE_DIR=%q\n' "$DIR"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
*)
    echo "usage: $0 start|stop [DIR]" >&2
    exit 2
    ;;
esac
