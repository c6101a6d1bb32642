#!/usr/bin/env bash
# cellink monitor in a real terminal (tmux) while the emulator's antenna
# sweeps: once the sweep has ended and the screen shows its last value,
# the screen is captured, the numbers that vary from run to run are masked,
# and it must equal the golden screen.
#   test_monitor_tmux.sh SIM_BIN CELLINK_BIN GOLDEN_FILE
# UPDATE_GOLDEN=1 writes the captured screen to GOLDEN_FILE instead.
SIM_BIN=$1
CELLINK=$2
GOLDEN=$3
command -v tmux >/dev/null || { echo "SKIP: tmux not installed"; exit 77; }
source "$(dirname "$0")/sim_lib.sh"

TMUX_SOCK="cellink-test-$$"
tm() { tmux -L "$TMUX_SOCK" -f /dev/null "$@"; }
cleanup() {
	tm kill-server 2>/dev/null || true
	sim_cleanup
}
trap cleanup EXIT

screen() { tm capture-pane -p -t mon; }
screen_has() { screen | matches -F -- "$1"; }

# The parts that differ between runs: the update count (how many
# indications arrived depends on scheduling) and the size of the 30 s
# trend (its window's start depends on the clock); the direction stays.
mask() {
	sed -E -e 's/update [0-9]+/update N/' -e 's/30s +[-+]?[0-9]+(\.[0-9])?/30s   ##/'
}

sim_start --register-delay 100
wait_registered
ctl antenna 0 >/dev/null
tm new-session -d -s mon -x 100 -y 16 \
	"TERM=xterm '$CELLINK' monitor --device '$QMI'; echo 'monitor ended'; sleep 600"
wait_until 10 screen_has "RSRP    -72 dBm" || { screen >&2; fail "the monitor's first screen never came"; }
ctl antenna sweep 0 180 10 100 >/dev/null
wait_until 30 bash -c "'$SIM_BIN' ctl '$CTL' antenna | grep -q '\"sweeping\":false'" || fail "the sweep did not end"
# 180 degrees: LTE -72 - 40, NR (azimuth 30) -76 - 33
wait_until 10 screen_has "RSRP   -112 dBm" || { screen >&2; fail "the screen never showed the sweep's end"; }
wait_until 10 screen_has "RSRP   -109 dBm" || { screen >&2; fail "the screen never showed NR at the sweep's end"; }
got=$(screen | mask)
if [ -n "${UPDATE_GOLDEN:-}" ]; then
	printf '%s\n' "$got" >"$GOLDEN"
	echo "wrote $GOLDEN"
	exit 0
fi
if ! diff -u "$GOLDEN" <(printf '%s\n' "$got"); then
	fail "the monitor's screen differs from $GOLDEN (UPDATE_GOLDEN=1 rewrites it after a wanted change)"
fi
echo "PASS: monitor screen in tmux"
