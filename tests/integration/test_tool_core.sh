#!/usr/bin/env bash
# The toolbox's framework and toolcore's commands (counters, reset, power,
# profiles) against cellink-sim, one case per run:
#   test_tool_core.sh SIM_BIN CELLINK_BIN CASE
# Each command runs one-shot on the device and through a daemon. Cases that
# need a network namespace and a TUN device exit 77 (skipped) when not root.
# Waits are bounded polls, never fixed sleeps.
SIM_BIN=$1
CELLINK=$2
CASE=$3
source "$(dirname "$0")/sim_lib.sh"

NS=""
D_PID=""
BG_PID=""
cleanup() {
	for p in $BG_PID $D_PID; do
		kill -KILL "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	sim_cleanup
	[ -z "$NS" ] || ip netns del "$NS" 2>/dev/null || true
}
trap cleanup EXIT

PROBE="$(dirname "$0")/ctl_probe.py"
LOG="$WORK/daemon.log"
SOCK="$WORK/cellink.sock"

need_root() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "SKIP: $CASE needs root (network namespace and TUN device)"
		exit 77
	fi
	NS="cltool$$"
	ip netns add "$NS" || { echo "SKIP: cannot create a network namespace"; exit 77; }
}

in_ns() {
	if [ -n "$NS" ]; then ip netns exec "$NS" "$@"; else "$@"; fi
}

# daemon_start [DAEMON OPTIONS...]: one modem 'wan' on the emulator (in the
# namespace when there is one), control socket $SOCK; waits until connected.
daemon_start() {
	conf="$WORK/cellink.conf"
	printf "config interface 'wan'\n\toption proto 'cellink'\n\toption device '%s'\n\toption apn 'internet'\n" \
		"$QMI" >"$conf"
	if [ -n "$NS" ]; then
		ip netns exec "$NS" "$CELLINK" daemon --config "$conf" --control "$SOCK" "$@" >"$LOG" 2>&1 &
	else
		"$CELLINK" daemon --config "$conf" --control "$SOCK" "$@" >"$LOG" 2>&1 &
	fi
	D_PID=$!
	wait_until 10 test -S "$SOCK" || { cat "$LOG" >&2; fail "no control socket"; }
	wait_connected
}

connected() { "$CELLINK" status --control "$SOCK" --json | matches '"connected":true'; }
wait_connected() {
	wait_until "${1:-15}" connected || { cat "$LOG" >&2; fail "the daemon is not connected"; }
}

# tool ARGS...: runs cellink ARGS, its output in OUT and its status in RC
tool() {
	RC=0
	OUT=$(timeout 30 "$CELLINK" "$@" 2>&1) || RC=$?
}

expect_rc() {
	[ "$RC" -eq "$1" ] || { printf '%s\n' "$OUT" >&2; fail "exit status $RC, expected $1"; }
}

zero_cids() {
	local out
	out=$(ctl clients)
	expect "$out" '"total":0'
}

case "$CASE" in
counters_oneshot)
	sim_start
	tool counters --device "$QMI" --json
	expect_rc 0
	json_valid counters "$OUT"
	expect "$OUT" '"session":{"rx_bytes":0,"tx_bytes":0,"rx_packets":0,"tx_packets":0}'
	zero_cids       # the WDS client id went back
	tool counters --device "$QMI"
	expect_rc 0
	expect "$OUT" 'this session:'
	expect "$OUT" 'received  0 bytes, 0 packets'
	# a bad argument: usage, naming it
	tool counters --device "$QMI" --bogus
	expect_rc 2
	expect "$OUT" "unknown argument '--bogus'"
	# no daemon and no device
	tool counters --runtime-dir "$WORK" --config /dev/null
	expect_rc 10
	expect "$OUT" 'no daemon answers'
	# interrupted while the modem is slow: the client id still goes back
	ctl delay wds get-packet-statistics 20000 >/dev/null
	"$CELLINK" counters --device "$QMI" >"$WORK/bg.log" 2>&1 &
	BG_PID=$!
	wait_until 10 bash -c "'$SIM_BIN' ctl '$CTL' clients | grep -q '\"wds\":\\[[0-9]'" ||
		fail "the one-shot run never allocated its WDS client"
	kill -INT "$BG_PID"
	rc=0
	wait "$BG_PID" || rc=$?
	BG_PID=""
	[ "$rc" -eq 130 ] || { cat "$WORK/bg.log" >&2; fail "SIGINT: exit status $rc, expected 130"; }
	wait_until 5 zero_cids || fail "the client id was not released after SIGINT: $(ctl clients)"
	sim_fields_clean
	;;
counters_daemon)
	sim_start
	daemon_start --no-configure
	tool counters --control "$SOCK" --json
	expect_rc 0
	json_valid counters "$OUT"
	expect "$OUT" '"session":{'
	tool counters --control "$SOCK"
	expect_rc 0
	expect "$OUT" 'this session:'
	# the runner finds the daemon by the modem's name in the runtime directory
	tool counters --runtime-dir "$WORK/nowhere" --control "$SOCK" --json wan
	expect_rc 0
	expect "$OUT" '"session":{'
	tool counters --control "$SOCK" lte9
	expect_rc 2
	expect "$OUT" "unknown argument 'lte9'"
	expect "$OUT" "'lte9' is not a modem either"
	# usage errors come back as such through the daemon
	tool counters --control "$SOCK" --bogus
	expect_rc 2
	expect "$OUT" "unknown argument '--bogus'"
	# the device is the daemon's: a one-shot run names the holder
	tool counters --device "$QMI"
	expect_rc 11
	expect "$OUT" "held by PID $D_PID"
	# the protocol: percent-encoded arguments, "-" for the only modem
	out=$(python3 "$PROBE" raw "$SOCK" 'counters - --%62ogus\n')
	expect "$out" "unknown argument '--bogus'"
	out=$(python3 "$PROBE" raw "$SOCK" 'counters - %ZZ\n')
	expect "$out" 'bad %-escape'
	out=$(python3 "$PROBE" raw "$SOCK" 'counters wan %41%20b\n')
	expect "$out" "unknown argument 'A b'"
	# a toolbox line may be long (4095 bytes); a plain verb's may not
	long=$(head -c 4000 /dev/zero | tr '\0' x)
	out=$(python3 "$PROBE" raw "$SOCK" "counters - $long\\n")
	expect "$out" "unknown argument 'xxxx"
	out=$(python3 "$PROBE" raw "$SOCK" "status $long\\n")
	expect "$out" 'request too long'
	# a client that leaves while its op waits for the modem: the op is
	# cancelled, the daemon goes on answering
	asked() { [ "$(grep -c '<- wds request get-packet-statistics' "$WORK/sim.log")" -gt "$1" ]; }
	n=$(grep -c '<- wds request get-packet-statistics' "$WORK/sim.log" || true)
	ctl delay wds get-packet-statistics 3000 >/dev/null
	"$CELLINK" counters --control "$SOCK" >/dev/null 2>&1 &
	BG_PID=$!
	wait_until 10 asked "$n" || fail "the daemon never asked the modem"
	kill -KILL "$BG_PID"
	wait "$BG_PID" 2>/dev/null || true
	BG_PID=""
	ctl delay wds get-packet-statistics 0 >/dev/null
	tool status --control "$SOCK" --json
	expect_rc 0
	wait_connected 5
	kill -0 "$D_PID" || fail "the daemon died"
	sim_fields_clean
	;;
*)
	echo "unknown case $CASE" >&2
	exit 2
	;;
esac
echo "PASS: $CASE"
