#!/usr/bin/env bash
# The fault matrix: one fault, repeated against one cellink daemon on the
# emulator, and after every repetition the daemon must have recovered
# (a bounded wait on an event: the link up again, status answered), hold
# the same client ids, and not grow: its descriptors and resident memory
# over the last third of the repetitions are compared with the first third.
#
#   tests/faults/run.sh SIM_BIN CELLINK_BIN CASE [REPS]
#
# FAULT_REPS in the environment wins over REPS (default 10; CTest runs 10,
# 7 for the cases that wait for a reconnect: tests/CMakeLists.txt says
# why): FAULT_REPS=100 ctest -R faults_ is
# the soak figure of the issue (docs/testing.md). Cases:
#   early_close   clients that ask and close at once (SIGPIPE)
#   idle_clients  1000 idle clients held, then let go (fd limit raised)
#   emfile        the daemon out of descriptors, then some again
#   flood         20 000 indications; status answered, the flood processed
#   hook_slow     a hook that hangs: the drop is noticed while it runs
#   modem_drop    the network ends the session
#   modem_reset   the modem resets (the control device goes and returns)
#   second_daemon another daemon on the same socket is refused
#   sim_swap      the SIM pulled, then a ready card or one that wants the PIN
#   silent_service WDS stops answering while the link is up, then resumes
#   sigsegv       the daemon killed by SIGSEGV, restarted by the test
#   two_sections  a configuration with two sections on one device is refused
#   one_way       one UDP packet a second, never answered: no reconnect
#   idle_ipv6     an idle IPv6 link, only the kernel's own packets: no reconnect
# Runs as any user (the daemon does not configure the interface), but
# one_way and idle_ipv6, which need root (a network namespace, wwan0).
SIM_BIN=$1
CELLINK=$2
CASE=$3
REPS=${FAULT_REPS:-${4:-10}}
source "$(dirname "$0")/../integration/sim_lib.sh"
PROBE="$(dirname "$0")/../integration/ctl_probe.py"

D_PID=""
EXTRA_PIDS=""
NS=""
cleanup() {
	for p in $EXTRA_PIDS $D_PID; do
		kill -KILL "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	sim_cleanup
	[ -z "$NS" ] || ip netns del "$NS" 2>/dev/null || true
}
trap cleanup EXIT

SOCK="$WORK/cellink.sock"
LOG="$WORK/daemon.log"
CONF="$WORK/cellink.conf"
printf "config interface 'wan'\n\toption proto 'cellink'\n\toption device '%s'\n\toption apn 'internet'\n" \
	"$QMI" >"$CONF"

st() { "$CELLINK" status --control "$SOCK" --json 2>/dev/null; }
field() { st | sed -n "s/.*\"$1\":\\([0-9]*\\).*/\\1/p"; }
connected() { st | matches '"connected":true'; }
links_up_is() { [ "$(field links_up)" = "$1" ]; }
count_log() { grep -c -- "$1" "$LOG" || true; }
log_count_ge() { [ "$(count_log "$1")" -ge "$2" ]; }
fds() { find "/proc/$D_PID/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$D_PID/status"; }
cids() { ctl clients | sed -n 's/.*"total":\([0-9]*\).*/\1/p'; }
# the engine's own: with a hook, the SMS watch holds a WMS client while the
# link is up, from a moment after the up hook; it is not the engine's and
# comes and goes with the link, so the per-repetition comparison leaves it
# out (the check after stop counts every client)
engine_cids() {
	local j t w n=0
	j=$(ctl clients)
	t=$(sed -n 's/.*"total":\([0-9]*\).*/\1/p' <<<"$j")
	w=$(sed -n 's/.*"wms":\[\([0-9,]*\)\].*/\1/p' <<<"$j")
	[ -z "$w" ] || n=$(($(tr -cd , <<<"$w" | wc -c) + 1))
	echo $((t - n))
}
alive() { kill -0 "$D_PID" 2>/dev/null || { cat "$LOG" >&2; fail "the daemon died"; }; }

# daemon_start [PREFIX...] -- [DAEMON OPTIONS...]: the daemon, connected
daemon_start() {
	local pre=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do pre+=("$1"); shift; done
	[ $# -eq 0 ] || shift
	"${pre[@]}" "$CELLINK" daemon --config "$CONF" --control "$SOCK" ${CONFIGURE---no-configure} "$@" >>"$LOG" 2>&1 &
	D_PID=$!
	wait_until 10 test -S "$SOCK" || { cat "$LOG" >&2; fail "no control socket"; }
	wait_until 20 connected || { cat "$LOG" >&2; fail "the daemon never connected"; }
}

FDS=() RSS=() REC=()
CIDS0=""
T0=""
# mark: the fault is injected now; the next sample takes the time to recover
# (a figure, with the 20 ms polling of wait_until in it; not compared)
mark() { T0=$(date +%s%N); }
# sample: after a repetition has recovered: descriptors, memory, client ids
sample() {
	if [ -n "$T0" ]; then
		REC+=($((($(date +%s%N) - T0) / 1000000)))
		T0=""
	fi
	alive
	local c
	c=$(engine_cids)
	[ -n "$CIDS0" ] || CIDS0=$c
	[ "$c" = "$CIDS0" ] || fail "repetition $1: the modem holds $c client ids, $CIDS0 at first (a leak)"
	FDS+=("$(fds)")
	RSS+=("$(rss_kb)")
}

# trend: the last third against the first
mean() { local s=0 n=0; for v in "$@"; do s=$((s + v)); n=$((n + 1)); done; echo $((s / n)); }
least() { printf '%s\n' "$@" | sort -n | head -1; }
trend() {
	local n=${#FDS[@]} k
	k=$((n / 3))
	[ "$k" -ge 1 ] || k=1
	local f1 f2 r1 r2
	f1=$(mean "${FDS[@]:0:k}") f2=$(mean "${FDS[@]:n-k:k}")
	# memory by its floor: freed memory malloc has not yet handed back
	# (a repetition's 1000 idle clients) comes and goes between samples,
	# while a leak raises every later sample
	r1=$(least "${RSS[@]:0:k}") r2=$(least "${RSS[@]:n-k:k}")
	echo "FIGURE: $CASE, $REPS repetitions: descriptors $f1 -> $f2, RSS floor $r1 -> $r2 KiB (first third -> last third)"
	if [ ${#REC[@]} -gt 0 ]; then
		local sorted
		sorted=($(printf '%s\n' "${REC[@]}" | sort -n))
		echo "FIGURE: $CASE, recovery from the fault: median ${sorted[$((${#sorted[@]} / 2))]} ms, max ${sorted[-1]} ms"
	fi
	echo "descriptors per repetition: ${FDS[*]}"
	echo "RSS (KiB) per repetition: ${RSS[*]}"
	# a descriptor may be between close and reuse as we look: 2 of slack
	[ "$f2" -le $((f1 + 2)) ] || fail "descriptors grew from $f1 to $f2"
	if grep -a -q AddressSanitizer "$CELLINK"; then
		echo "RSS not compared: a sanitizer build keeps freed memory in quarantine"
	else
		# malloc's arenas settle in the first repetitions: 10% + 512 KiB of slack
		[ "$r2" -le $((r1 + r1 / 10 + 512)) ] || fail "RSS grew from $r1 to $r2 KiB"
	fi
}

# stop: SIGTERM, a clean exit, and no client id left with the modem
stop() {
	kill -TERM "$D_PID"
	local rc=0
	wait_until 20 bash -c "! kill -0 $D_PID" || fail "the daemon did not exit after SIGTERM"
	wait "$D_PID" || rc=$?
	D_PID=""
	[ "$rc" -eq 0 ] || { cat "$LOG" >&2; fail "daemon exit status $rc"; }
	[ "$(cids)" = 0 ] || fail "$(cids) client ids left with the modem after stop"
}

# Registration and the session's set-up are not what the matrix tests, but
# every case waits for them at least once and the reconnecting ones after
# every repetition: 0.2 s to register (not the emulator's 1 s; given at
# start, as a reset brings the modem back with its start-up settings) and
# 30 ms to start a session (not 300 ms). Every wait stays a wait on an event.
FAST=(--register-delay 200)
fast_sessions() { ctl delay wds start-network 30 >/dev/null; }
if [ "$CASE" = flood ]; then
	# without --log: the emulator would print each of the indications
	"$SIM_BIN" --qmi "$QMI" --control "$CTL" "${FAST[@]}" 2>"$WORK/sim.log" &
	SIM_PID=$!
	wait_until 10 test -e "$QMI" || fail "the QMI device $QMI did not appear"
	wait_until 10 test -S "$CTL" || fail "the control socket did not appear"
elif [ "$CASE" = one_way ] || [ "$CASE" = idle_ipv6 ]; then
	[ "$(id -u)" -eq 0 ] || { echo "SKIP: $CASE needs root (a network namespace and wwan0)"; exit 77; }
	NS="clfault$$"
	ip netns add "$NS" || { echo "SKIP: cannot create a network namespace"; exit 77; }
	sim_start --netns "$NS" --ifname wwan0 "${FAST[@]}"
else
	sim_start "${FAST[@]}"
fi
fast_sessions
# checks: the liveness checks the daemon made (the modem asked for its
# packet statistics once each)
checks() { grep -c 'request get-packet-statistics' "$WORK/sim.log" || true; }
checks_ge() { [ "$(checks)" -ge "$1" ]; }
state_is() { st | matches "\"state\":\"$1\""; }
case "$CASE" in
early_close)
	daemon_start --
	for i in $(seq 1 "$REPS"); do
		mark
		python3 "$PROBE" early "$SOCK" 20 || fail "the probe could not talk to the daemon"
		connected || fail "repetition $i: status fails after early-closing clients"
		sample "$i"
	done
	;;
idle_clients)
	ulimit -n 4096 2>/dev/null || { echo "SKIP: cannot raise the descriptor limit to 4096"; exit 77; }
	daemon_start prlimit --nofile=4096:4096 --
	base=$(fds)
	for i in $(seq 1 "$REPS"); do
		rm -f "$WORK/held"
		python3 "$PROBE" hold "$SOCK" 1000 "$WORK/held" &
		holder=$!
		EXTRA_PIDS="$EXTRA_PIDS $holder"
		wait_until 20 test -s "$WORK/held" || fail "the probe did not open its connections"
		[ "$(cat "$WORK/held")" = 1000 ] || fail "only $(cat "$WORK/held") connections held"
		# all 1000 taken by the daemon, and status still answered
		wait_until 20 bash -c "[ \$(find /proc/$D_PID/fd -mindepth 1 | wc -l) -ge $((base + 1000)) ]" ||
			fail "repetition $i: the daemon took $(( $(fds) - base )) of 1000 connections"
		connected || fail "repetition $i: status fails with 1000 idle clients"
		mark
		kill -TERM "$holder"
		wait "$holder" 2>/dev/null || true
		wait_until 20 bash -c "[ \$(find /proc/$D_PID/fd -mindepth 1 | wc -l) -le $((base + 2)) ]" ||
			fail "repetition $i: $(( $(fds) - base )) connections still open after the clients left"
		sample "$i"
	done
	;;
emfile)
	daemon_start prlimit --nofile=32:32 --
	for i in $(seq 1 "$REPS"); do
		rm -f "$WORK/held"
		python3 "$PROBE" hold "$SOCK" 64 "$WORK/held" &
		holder=$!
		EXTRA_PIDS="$EXTRA_PIDS $holder"
		wait_until 20 test -s "$WORK/held" || fail "the probe did not open its connections"
		wait_until 20 log_count_ge "not accepting until a connection closes" "$i" ||
			fail "repetition $i: the daemon never ran out of descriptors"
		mark
		kill -TERM "$holder"
		wait "$holder" 2>/dev/null || true
		wait_until 20 connected || fail "repetition $i: status does not work again after the connections closed"
		sample "$i"
	done
	;;
flood)
	daemon_start --
	for i in $(seq 1 "$REPS"); do
		base=$(field indications)
		mark
		sent=$(ctl flood nas 20000 lossless | sed -n 's/.*"sent":\([0-9]*\).*/\1/p')
		[ "$sent" = 20000 ] || fail "the emulator flooded '$sent' indications"
		connected || fail "repetition $i: status fails under the flood"
		wait_until 60 bash -c "[ \$('$CELLINK' status --control '$SOCK' --json | sed -n 's/.*\"indications\":\\([0-9]*\\).*/\\1/p') -ge $((base + sent)) ]" ||
			fail "repetition $i: the flood was not processed whole"
		sample "$i"
	done
	;;
hook_slow)
	# the n-th up hook waits for the file go.n (at most 9 s; hooks are
	# killed after 10): each drop comes while an up hook hangs
	hook="$WORK/hook.sh"
	gated_hook "$hook"
	daemon_start -- --hook "$hook"
	for i in $(seq 1 "$REPS"); do
		wait_until 20 bash -c "[ \$(grep -c 'start up' '$WORK/hook.out') -ge $i ]" || fail "repetition $i: no up hook"
		mark
		ctl drop-session reason=network-failure >/dev/null
		wait_until 20 log_count_ge "network-failure" "$i" || fail "repetition $i: the drop was not noticed"
		ends=$(grep -c "end up" "$WORK/hook.out" || true)
		[ "$ends" -lt "$i" ] || fail "repetition $i: the drop was noticed only after the up hook ended"
		touch "$WORK/go.$i"
		wait_until 30 links_up_is $((i + 1)) || fail "repetition $i: the link did not come back"
		sample "$i"
	done
	touch "$WORK/go.$((REPS + 1))"
	;;
modem_drop)
	daemon_start --
	for i in $(seq 1 "$REPS"); do
		mark
		ctl drop-session reason=network-failure >/dev/null
		wait_until 30 links_up_is $((i + 1)) || fail "repetition $i: the link did not come back"
		sample "$i"
	done
	;;
modem_reset)
	daemon_start --
	for i in $(seq 1 "$REPS"); do
		mark
		ctl reset 200 >/dev/null
		wait_until 20 log_count_ge "went away" "$i" || fail "repetition $i: the reset was not noticed"
		wait_until 40 links_up_is $((i + 1)) || fail "repetition $i: the link did not come back"
		sample "$i"
	done
	;;
second_daemon)
	daemon_start --
	for i in $(seq 1 "$REPS"); do
		rc=0
		mark
		"$CELLINK" daemon --config "$CONF" --control "$SOCK" --no-configure >"$WORK/second.log" 2>&1 || rc=$?
		[ $rc -ne 0 ] || fail "repetition $i: the second daemon started"
		expect "$(cat "$WORK/second.log")" "$SOCK is in use by PID $D_PID"
		connected || fail "repetition $i: the first daemon cannot be reached"
		sample "$i"
	done
	;;
sim_swap)
	# odd repetitions: the card pulled and a ready one put back; even: a
	# card that wants the configured PIN (entered once, accepted). Bounds:
	# 20 s to notice the card gone (sim-hold), 20 s to be connected again.
	ctl set pin 4321 >/dev/null
	printf "\toption pincode '4321'\n" >>"$CONF"
	daemon_start -- --runtime-dir "$WORK/run"
	for i in $(seq 1 "$REPS"); do
		ctl remove-sim >/dev/null
		wait_until 20 state_is sim-hold || { cat "$LOG" >&2; fail "repetition $i: no sim-hold after the SIM was removed"; }
		mark
		if [ $((i % 2)) = 1 ]; then ctl insert-sim >/dev/null; else ctl sim pin >/dev/null; fi
		wait_until 20 connected || { cat "$LOG" >&2; fail "repetition $i: no link after the SIM came back"; }
		expect "$(ctl state)" '"pin_retries":3'
		sample "$i"
	done
	[ "$(count_log "PIN accepted")" -ge $((REPS / 2)) ] || fail "the PIN was not entered on each PIN-locked card"
	! grep -q 4321 "$LOG" || fail "the PIN reached the log"
	;;
silent_service)
	# WDS stops answering while the link is up: with a 0.5 s liveness period
	# and 1 s requests the silence is named within 10 s (0.5 + 1 s and the
	# scheduling), and once WDS answers again the link is back within 20 s
	printf "\toption request_timeout '1'\n" >>"$CONF"
	daemon_start -- --liveness 0.5
	for i in $(seq 1 "$REPS"); do
		mark
		ctl stop-service wds >/dev/null
		wait_until 10 log_count_ge "reconnecting in .*did not answer in checking" "$i" ||
			{ cat "$LOG" >&2; fail "repetition $i: the silent service was not noticed"; }
		ctl resume-service wds >/dev/null
		wait_until 20 links_up_is $((i + 1)) || { cat "$LOG" >&2; fail "repetition $i: the link did not come back"; }
		sample "$i"
	done
	;;
sigsegv)
	# the test is the supervisor: SIGSEGV (no core file: connect_secret_core
	# shows that none holds a secret), then the same daemon again, which
	# syncs CTL (releasing the dead one's client ids) and connects within
	# 20 s; the modem then holds as many client ids as after the first start
	ulimit -c 0
	# under AddressSanitizer: let the signal kill it, as it would unsanitized
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0"
	daemon_start --
	for i in $(seq 1 "$REPS"); do
		old=$D_PID
		mark
		kill -SEGV "$D_PID"
		rc=0; wait "$D_PID" || rc=$?
		[ "$rc" -eq $((128 + 11)) ] || fail "repetition $i: the daemon exited $rc, not by SIGSEGV"
		D_PID=""
		# its socket is left behind: the next daemon finds nothing answers there
		daemon_start --
		[ "$D_PID" != "$old" ] || fail "repetition $i: no new daemon"
		sample "$i"
	done
	[ "$(grep -c 'request sync' "$WORK/sim.log" || true)" -ge $((REPS + 1)) ] ||
		fail "not every start synchronised CTL"
	;;
two_sections)
	# a second configuration with two sections on the one device (the same
	# node by another path) is refused at load, naming both, and takes no
	# client id from the running daemon's modem
	daemon_start --
	ln -s "$QMI" "$WORK/alias"
	conf2="$WORK/two.conf"
	printf "config modem 'lte'\n\toption device '%s'\n\toption apn 'internet'\nconfig modem 'spare'\n\toption device '%s'\n\toption apn 'other'\n" \
		"$QMI" "$WORK/alias" >"$conf2"
	for i in $(seq 1 "$REPS"); do
		rc=0
		mark
		"$CELLINK" daemon --config "$conf2" --control "$WORK/two.sock" --no-configure >"$WORK/two.log" 2>&1 || rc=$?
		[ $rc -ne 0 ] || fail "repetition $i: a daemon started on two sections of one device"
		expect "$(cat "$WORK/two.log")" "sections 'lte' (line 1) and 'spare' (line 4) both use device"
		[ ! -e "$WORK/two.sock" ] || fail "repetition $i: the refused daemon left a socket"
		connected || fail "repetition $i: the running daemon lost its link"
		sample "$i"
	done
	;;
one_way | idle_ipv6)
	# Honest liveness, no false reconnect: the period shortened to 0.5 s,
	# each repetition waits (bound 10 s) for 3 more liveness checks, so 10
	# repetitions are 30 checks, as many as 5 minutes at the default 10 s
	# period (100 repetitions: 300 checks).
	# one_way: UDP packets to an address that never answers, two a period
	# (every 0.25 s), so that no check sees none under load (which would
	# end the one-way streak): a probe after 10 packets, about every 5 checks;
	# idle_ipv6: an IPv6-only link with no traffic but the kernel's own.
	printf "\toption peerdns '0'\n" >>"$CONF"
	if [ "$CASE" = one_way ]; then
		CONFIGURE="" daemon_start ip netns exec "$NS" -- --liveness 0.5
		ip netns exec "$NS" bash -c 'exec 3>/dev/udp/192.0.2.9/9; while :; do echo x >&3; sleep 0.25; done' \
			>/dev/null 2>&1 &
		EXTRA_PIDS="$EXTRA_PIDS $!"
	else
		printf "\toption pdptype 'ipv6'\n" >>"$CONF"
		CONFIGURE="" daemon_start ip netns exec "$NS" -- --liveness 0.5
	fi
	for i in $(seq 1 "$REPS"); do
		want=$(($(checks) + 3))
		wait_until 10 checks_ge "$want" || { cat "$LOG" >&2; fail "repetition $i: fewer liveness checks than expected"; }
		[ "$(count_log reconnecting)" = 0 ] || { cat "$LOG" >&2; fail "repetition $i: a reconnect on a healthy link"; }
		[ "$(count_log phantom)" = 0 ] || { cat "$LOG" >&2; fail "repetition $i: a healthy link was called a phantom"; }
		links_up_is 1 || fail "repetition $i: the link went down"
		sample "$i"
	done
	[ "$(grep -c 'request start-network' "$WORK/sim.log")" -eq 1 ] || fail "the session was started again"
	[ "$(count_log "interface wwan0 configured")" -ge 1 ] || { cat "$LOG" >&2; fail "wwan0 was not configured"; }
	if [ "$CASE" = idle_ipv6 ]; then
		[ "$(count_log "session ipv6 up")" = 1 ] || { cat "$LOG" >&2; fail "no IPv6 session"; }
	fi
	# the probes, from the metrics (the log says a repeated line once)
	metric() { "$CELLINK" metrics --control "$SOCK" | sed -n "s/^$1{modem=\"wan\"} //p"; }
	probes=$(metric cellink_liveness_probes_total) lost=$(metric cellink_liveness_probes_unanswered_total)
	echo "FIGURE: $CASE: $(checks) liveness checks, $probes probes ($lost unanswered), no reconnect"
	[ "$lost" = 0 ] || fail "$lost probes unanswered on a healthy link"
	if [ "$CASE" = one_way ]; then
		[ "$probes" -ge 1 ] || { cat "$LOG" >&2; fail "one-way counters did not lead to a probe"; }
	fi
	;;
*)
	echo "unknown case '$CASE'" >&2
	exit 2
	;;
esac
trend
stop
sim_fields_clean
echo "PASS: $CASE x $REPS"
