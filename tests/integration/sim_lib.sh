# Helpers for tests that run cellink-sim in the background. Source it, then
# call sim_start [sim options...]; the trap always stops the emulator.
# Waiting is event-driven with a bound: polls of a path or of the control
# socket's answer, never a fixed sleep.
set -euo pipefail

# matches PATTERN...: grep that reads its input to the end. With pipefail,
# "cmd | grep -q" fails now and then although the text is there: grep -q
# leaves at the first match, and cmd's next write dies of SIGPIPE.
matches() { grep "$@" >/dev/null; }

SIM_BIN=${SIM_BIN:?SIM_BIN must name the cellink-sim binary}
WORK=$(mktemp -d)
QMI="$WORK/cdc-wdm0"
CTL="$WORK/ctl"
SIM_PID=""
NETNS=""

sim_cleanup() {
	if [ -n "$SIM_PID" ]; then
		kill "$SIM_PID" 2>/dev/null || true
		wait "$SIM_PID" 2>/dev/null || true
	fi
	[ -z "$NETNS" ] || ip netns delete "$NETNS" 2>/dev/null || true
	rm -rf "$WORK"
}
trap sim_cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	if [ -f "$WORK/sim.log" ]; then
		echo "---- emulator log (last 40 lines)" >&2
		tail -n 40 "$WORK/sim.log" >&2
	fi
	exit 1
}

# wait_until SECONDS COMMAND...: runs COMMAND until it succeeds, at most
# SECONDS long (checks every 20 ms).
wait_until() {
	local limit=$1
	shift
	local end=$((SECONDS + limit))
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.02
	done
}

# Fails when the emulator met a field its handlers could not build or
# read (a handler or table bug: see "field bug" in sim/dispatch.c).
sim_fields_clean() {
	[ ! -f "$WORK/sim.log" ] || ! grep -q "field bug:" "$WORK/sim.log" ||
		fail "the emulator logged a field bug: $(grep -m1 "field bug:" "$WORK/sim.log")"
}

# SIM_PROTO=mbim starts the emulator's MBIM personality on the same path.
sim_start() {
	"$SIM_BIN" --"${SIM_PROTO:-qmi}" "$QMI" --control "$CTL" --log "$@" 2>"$WORK/sim.log" &
	SIM_PID=$!
	wait_until 10 test -e "$QMI" || fail "the QMI device $QMI did not appear"
	wait_until 10 test -S "$CTL" || fail "the control socket did not appear"
}

# gated_hook FILE: writes a hook that logs "start EVENT" and "end EVENT" to
# $WORK/hook.out, and whose n-th up event hangs until the test creates
# $WORK/go.n (at most 9 s: cellink kills a hook after 10), never for a
# fixed time
gated_hook() {
	cat >"$1" <<EOS
#!/bin/sh
echo "start \$1" >>"$WORK/hook.out"
if [ "\$1" = up ]; then
	n=\$(grep -c "start up" "$WORK/hook.out")
	t=0
	while [ ! -e "$WORK/go.\$n" ] && [ \$t -lt 900 ]; do sleep 0.01; t=\$((t + 1)); done
fi
echo "end \$1" >>"$WORK/hook.out"
EOS
	chmod +x "$1"
}

ctl() {
	"$SIM_BIN" ctl "$CTL" "$@"
}

registered() {
	ctl state | matches '"registration":"\(home\|roaming\)"'
}

wait_registered() {
	wait_until 10 registered || fail "the modem did not register"
}

qmi() {
	timeout 30 qmicli -d "$QMI" --device-open-qmi "$@" 2>&1 | grep -v -- '-Warning \*\*' || true
}

# json_valid DEFINITION JSON: JSON is valid UTF-8 and matches that
# definition of docs/cellink.schema.json (python3-jsonschema).
JSON_SCHEMA="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/docs/cellink.schema.json"
json_valid() {
	local rc=0
	printf '%s\n' "$2" | python3 "$(dirname "${BASH_SOURCE[0]}")/json_check.py" "$JSON_SCHEMA" "$1" || rc=$?
	[ "$rc" -eq 0 ] || { printf '%s\n' "$2" >&2; fail "the $1 JSON does not match docs/cellink.schema.json"; }
}

expect() {
	local out=$1 pattern=$2
	printf '%s\n' "$out" | matches -- "$pattern" || { printf '%s\n' "$out" >&2; fail "expected '$pattern'"; }
}

# For a test that runs cellink on the emulator's device and a daemon beside
# it. sim_daemon_setup: D_PID (the daemon's pid, killed on exit before the
# emulator stops), LOG (the daemon's log), SOCK (its control socket) and
# NO_CONF, an empty configuration (--device the only source).
sim_daemon_setup() {
	D_PID=""
	LOG="$WORK/daemon.log"
	SOCK="$WORK/cellink.sock"
	NO_CONF="$WORK/none.conf"
	: >"$NO_CONF"
	trap sim_daemon_cleanup EXIT
}
sim_daemon_cleanup() {
	if [ -n "$D_PID" ]; then
		kill -KILL "$D_PID" 2>/dev/null || true
		wait "$D_PID" 2>/dev/null || true
	fi
	sim_cleanup
}
sim_connected() { "$CELLINK" status --control "$SOCK" --json | matches '"connected":true'; }

# sim_tool ARGS...: cellink ARGS on the emulator's device; sim_dtool ARGS...:
# through the daemon. Both: the output (stdout and stderr) in OUT, the exit
# status in RC; sim_expect_rc N fails, showing OUT, unless RC is N.
sim_tool() {
	RC=0
	OUT=$(timeout 60 "$CELLINK" "$@" --device "$QMI" --config "$NO_CONF" 2>&1) || RC=$?
}
sim_dtool() {
	RC=0
	OUT=$(timeout 60 "$CELLINK" "$@" --control "$SOCK" 2>&1) || RC=$?
}
sim_expect_rc() {
	[ "$RC" -eq "$1" ] || { printf '%s\n' "$OUT" >&2; fail "exit status $RC, expected $1"; }
}
