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
# relinked: connected again after a reconnect (links_up went to 2)
relinked() { "$CELLINK" status --control "$SOCK" --json | matches '"connected":true,"uptime_s":[0-9]*,"links_up":2'; }

# daemon_start_host: the daemon in the namespace, configuring wwan0 there
# (addresses, routes); the host's DNS left alone.
daemon_start_host() {
	conf="$WORK/cellink.conf"
	printf "config interface 'wan'\n\toption proto 'cellink'\n\toption device '%s'\n\toption apn 'internet'\n\toption peerdns '0'\n\toption defaultroute '0'\n" \
		"$QMI" >"$conf"
	ip netns exec "$NS" "$CELLINK" daemon --config "$conf" --control "$SOCK" >"$LOG" 2>&1 &
	D_PID=$!
	wait_until 10 test -S "$SOCK" || { cat "$LOG" >&2; fail "no control socket"; }
	wait_connected 20
	wait_until 10 grep -q "interface wwan0 configured" "$LOG" || { cat "$LOG" >&2; fail "wwan0 not configured"; }
}

# counters_now: the modem's bytes sent and received this session, and the
# total sent, through the daemon (a fresh reading)
counters_now() {
	"$CELLINK" counters --control "$SOCK" --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
s = d.get("session", {"tx_bytes": 0, "rx_bytes": 0})
print(s["tx_bytes"], s["rx_bytes"], d["total"]["tx_bytes"])'
}

# iface_bytes: what the kernel sent and received through wwan0
iface_bytes() {
	in_ns ip -s -j link show dev wwan0 | python3 -c '
import json, sys
s = json.load(sys.stdin)[0]["stats64"]
print(s["tx"]["bytes"], s["rx"]["bytes"])'
}
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
	# no data session yet: the modem says so, with what the last call carried
	expect "$OUT" '"connected":false,"last_call":{"rx_bytes":0,"tx_bytes":0}'
	zero_cids       # the WDS client id went back
	tool counters --device "$QMI"
	expect_rc 0
	expect "$OUT" 'no data session now'
	# --reset needs a daemon's counters
	tool counters --device "$QMI" --reset
	expect_rc 1
	expect "$OUT" 'no daemon keeps counters'
	zero_cids
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
	out=$(python3 "$PROBE" raw "$SOCK" 'counters - --re%73et\n')
	expect "$out" '"reset":true'
	st=$("$CELLINK" status --control "$SOCK" --json)
	json_valid status "$st"
	expect "$st" '"counters":{"session":'
	tool status --control "$SOCK"
	expect "$OUT" 'this session  in 0 bytes'
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
	wait_until 5 grep -q "counters cancelled: its client went away" "$LOG" ||
		{ cat "$LOG" >&2; fail "the daemon did not cancel the op of a client that left"; }
	ctl delay wds get-packet-statistics 0 >/dev/null
	tool status --control "$SOCK" --json
	expect_rc 0
	wait_connected 5
	kill -0 "$D_PID" || fail "the daemon died"
	sim_fields_clean
	;;
counters_ping)
	# the counters match what went through wwan0: the modem's (the
	# emulator's data plane) against the kernel's own, across a reconnect
	need_root
	sim_start --netns "$NS" --ifname wwan0
	# IPv4 only on wwan0: the kernel's own IPv6 packets (router
	# solicitations, MLD) would count on the interface but in no session
	wait_until 10 in_ns ip link show wwan0 || fail "wwan0 not created"
	in_ns sysctl -q -w net.ipv6.conf.wwan0.disable_ipv6=1
	daemon_start_host
	gw=$("$CELLINK" status --control "$SOCK" --json |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["modems"][0]["status"]["sessions"][0]["gateway"])')
	[ -n "$gw" ] || fail "no gateway in status"
	read -r m_tx0 m_rx0 t_tx0 < <(counters_now)
	read -r k_tx0 k_rx0 < <(iface_bytes)
	in_ns ping -c 5 -s 100 -i 0.2 -W 2 -I wwan0 "$gw" >/dev/null || fail "no answer from $gw through wwan0"
	read -r m_tx1 m_rx1 t_tx1 < <(counters_now)
	read -r k_tx1 k_rx1 < <(iface_bytes)
	echo "modem: tx +$((m_tx1 - m_tx0)) rx +$((m_rx1 - m_rx0)); wwan0: tx +$((k_tx1 - k_tx0)) rx +$((k_rx1 - k_rx0))"
	[ $((m_tx1 - m_tx0)) -eq $((k_tx1 - k_tx0)) ] || fail "sent: the modem counted $((m_tx1 - m_tx0)) bytes, wwan0 $((k_tx1 - k_tx0))"
	[ $((m_rx1 - m_rx0)) -eq $((k_rx1 - k_rx0)) ] || fail "received: the modem counted $((m_rx1 - m_rx0)) bytes, wwan0 $((k_rx1 - k_rx0))"
	# 5 echo requests of 100 bytes of data: 128 bytes each as IP packets
	[ $((m_tx1 - m_tx0)) -ge 640 ] || fail "sent only $((m_tx1 - m_tx0)) bytes for 5 pings of 128"
	[ $((m_rx1 - m_rx0)) -ge 640 ] || fail "received only $((m_rx1 - m_rx0)) bytes for 5 replies of 128"
	[ "$t_tx1" -ge "$m_tx1" ] || fail "the total ($t_tx1) is below the session ($m_tx1)"
	# status says the same (as of the last liveness check)
	st=$("$CELLINK" status --control "$SOCK" --json)
	json_valid status "$st"
	expect "$st" '"counters":{"session":{"rx_bytes":'
	# a reconnect: the session starts from zero, the total keeps what was sent
	"$CELLINK" reconnect --control "$SOCK" >/dev/null || fail "reconnect refused"
	wait_until 20 relinked || { cat "$LOG" >&2; fail "the link did not come back"; }
	read -r m_tx2 m_rx2 t_tx2 < <(counters_now)
	[ "$m_tx2" -lt "$m_tx1" ] || fail "the new session did not start from zero ($m_tx2 after $m_tx1)"
	[ "$t_tx2" -ge "$t_tx1" ] || fail "the total went down over a reconnect: $t_tx1 then $t_tx2"
	read -r k_tx2 k_rx2 < <(iface_bytes)
	in_ns ping -c 3 -s 100 -i 0.2 -W 2 -I wwan0 "$gw" >/dev/null || fail "no answer after the reconnect"
	read -r m_tx3 m_rx3 t_tx3 < <(counters_now)
	read -r k_tx3 k_rx3 < <(iface_bytes)
	[ $((t_tx3 - t_tx2)) -eq $((k_tx3 - k_tx2)) ] || fail "the total grew by $((t_tx3 - t_tx2)), wwan0 sent $((k_tx3 - k_tx2))"
	# --reset: both from zero
	out=$("$CELLINK" counters --control "$SOCK" --json --reset)
	json_valid counters "$out"
	expect "$out" '"session":{"rx_bytes":0,"tx_bytes":0,"rx_packets":0,"tx_packets":0},"total":{"rx_bytes":0,"tx_bytes":0,"rx_packets":0,"tx_packets":0}'
	expect "$out" '"reset":true'
	in_ns ping -c 2 -s 100 -i 0.2 -W 2 -I wwan0 "$gw" >/dev/null || fail "no answer after the reset"
	read -r m_tx4 m_rx4 t_tx4 < <(counters_now)
	[ "$t_tx4" -ge 256 ] && [ "$t_tx4" -lt "$t_tx3" ] || fail "after --reset and 2 pings the total is $t_tx4 (before: $t_tx3)"
	sim_fields_clean
	;;
reset_oneshot)
	sim_start
	tool reset --device "$QMI" --json
	expect_rc 0
	json_valid reset "$OUT"
	expect "$OUT" '"reset":true'
	# the modem went offline first, then reset
	grep -q "mode: offline" "$WORK/sim.log" || fail "no set-operating-mode offline before the reset"
	grep -q "mode: reset" "$WORK/sim.log" || fail "no set-operating-mode reset"
	wait_until 10 test -e "$QMI" || fail "the device did not come back"
	wait_until 10 zero_cids || fail "client ids left after the reset: $(ctl clients)"
	tool reset --device "$QMI" now
	expect_rc 2
	expect "$OUT" "unknown argument 'now'"
	;;
reset_daemon)
	# the daemon's link comes back after the reset
	sim_start
	daemon_start --no-configure
	tool reset --control "$SOCK"
	[ "$RC" -eq 0 ] || cat "$LOG" >&2
	expect_rc 0
	expect "$OUT" 'the modem is resetting'
	wait_until 20 grep -q "went away" "$LOG" || { cat "$LOG" >&2; fail "the daemon did not see the modem go"; }
	wait_until 40 relinked || { cat "$LOG" >&2; fail "the link did not come back after the reset"; }
	tool counters --control "$SOCK" --json
	expect_rc 0
	expect "$OUT" '"connected":true'
	sim_fields_clean
	;;
power_oneshot)
	sim_start
	wait_registered
	tool power --device "$QMI" --json
	expect_rc 0
	json_valid power "$OUT"
	expect "$OUT" '"mode":"online"'
	tool power --device "$QMI" low
	expect_rc 0
	expect "$OUT" 'operating mode: low-power (was online)'
	expect "$(ctl state)" '"registration":"not-registered"'
	tool power --device "$QMI" --json online
	expect_rc 0
	json_valid power "$OUT"
	expect "$OUT" '"mode":"online","previous":"low-power"'
	wait_registered
	tool power --device "$QMI" sideways
	expect_rc 2
	expect "$OUT" "'sideways' is not a power state (low or online)"
	zero_cids
	;;
power_daemon)
	sim_start
	daemon_start --no-configure
	tool power --control "$SOCK" low
	expect_rc 0
	expect "$OUT" 'operating mode: low-power (was online)'
	# the link goes down and stays down: the daemon does not put the radio back
	wait_until 20 bash -c "'$CELLINK' status --control '$SOCK' --json | grep -q '\"state\":\"stopped\"'" ||
		{ cat "$LOG" >&2; fail "the link did not stop"; }
	grep -q "the radio is off" "$LOG" || fail "the daemon did not say why the link is down"
	expect "$(ctl state)" '"registration":"not-registered"'
	# the link is down: the counters come from the daemon's totals
	tool counters --control "$SOCK" --json
	expect_rc 0
	json_valid counters "$OUT"
	expect "$OUT" '"connected":false,"total":{'
	tool reset --control "$SOCK"
	expect_rc 1
	expect "$OUT" 'the modem is not open right now'
	wait_until 5 zero_cids || fail "client ids left with the link down: $(ctl clients)"
	tool power --control "$SOCK" --json online
	expect_rc 0
	json_valid power "$OUT"
	expect "$OUT" '"link":"starting"'
	wait_until 20 relinked || { cat "$LOG" >&2; fail "the link did not come back after power online"; }
	expect "$(ctl state)" '"registration":"home"'
	# on again while the link is still going down: it comes back all the same
	tool power --control "$SOCK" low
	expect_rc 0
	tool power --control "$SOCK" online
	expect_rc 0
	wait_until 30 bash -c "'$CELLINK' status --control '$SOCK' --json | grep -q '\"connected\":true,\"uptime_s\":[0-9]*,\"links_up\":3'" ||
		{ cat "$LOG" >&2; fail "the link did not come back after power low and online at once"; }
	sim_fields_clean
	;;
profiles_oneshot)
	sim_start
	D=(--device "$QMI")
	tool profiles "${D[@]}" --json
	expect_rc 0
	json_valid profiles "$OUT"
	expect "$OUT" '"profiles":\[{"index":1,"name":"default","apn":"internet","pdp_type":"ipv4v6","auth":"none","password_set":false}\]'
	tool profiles "${D[@]}" create --apn ims --name IMS --pdp-type ipv6 --json
	expect_rc 0
	json_valid profiles "$OUT"
	expect "$OUT" '"action":"created","profile":{"index":2,"name":"IMS","apn":"ims","pdp_type":"ipv6","auth":"none","password_set":false}'
	# a password from a file: set in the modem, never shown
	printf 'pw-%s\n' "s3cr3t" >"$WORK/pw"
	chmod 600 "$WORK/pw"
	tool profiles "${D[@]}" create --apn mgmt.corp --auth chap --username bob --password-file "$WORK/pw" --json
	expect_rc 0
	json_valid profiles "$OUT"
	expect "$OUT" '"index":3,"name":"","apn":"mgmt.corp","pdp_type":"ipv4","auth":"chap","username":"bob","password_set":true'
	! printf '%s' "$OUT" | grep -q 's3cr3t' || fail "the password was printed"
	tool profiles "${D[@]}" modify 2 --apn ims.example --pdp-type ipv4v6
	expect_rc 0
	expect "$OUT" 'profile modified:'
	expect "$OUT" '  2  IMS          ims.example              ipv4v6  none'
	tool profiles "${D[@]}" list
	expect_rc 0
	expect "$OUT" '  3               mgmt.corp                ipv4    chap user bob (password set)'
	! printf '%s' "$OUT" | grep -q 's3cr3t' || fail "the password was printed"
	tool profiles "${D[@]}" delete 3
	expect_rc 0
	expect "$OUT" 'profile 3 deleted'
	tool profiles "${D[@]}" --json
	expect "$OUT" '"index":2,"name":"IMS","apn":"ims.example"'
	! printf '%s' "$OUT" | grep -q '"index":3' || fail "profile 3 is still listed"
	# refusals, each naming the problem
	tool profiles "${D[@]}" create --password s3cr3t --apn x
	expect_rc 2
	expect "$OUT" 'a password never goes on the command line'
	tool profiles "${D[@]}" create --name x
	expect_rc 2
	expect "$OUT" 'profiles create: --apn is needed'
	tool profiles "${D[@]}" create --apn "a b"
	expect_rc 2
	expect "$OUT" "'a b' is not an APN"
	tool profiles "${D[@]}" modify 2
	expect_rc 2
	expect "$OUT" 'give what to change'
	tool profiles "${D[@]}" modify two --apn x
	expect_rc 2
	expect "$OUT" "give the profile's index (1-255), not 'two'"
	tool profiles "${D[@]}" create --apn x --pdp-type ipv5
	expect_rc 2
	expect "$OUT" "'ipv5' is not a PDP type"
	tool profiles "${D[@]}" modify 9 --apn x
	expect_rc 1
	expect "$OUT" 'modify-profile 9: invalid-profile'
	zero_cids
	sim_fields_clean
	;;
profiles_daemon)
	sim_start
	daemon_start --no-configure
	tool profiles --control "$SOCK" create --apn mgmt.corp --name mgmt --username bob --password-file /dev/stdin --json <<<"pw-s3cr3t"
	expect_rc 0
	json_valid profiles "$OUT"
	expect "$OUT" '"action":"created","profile":{"index":2,"name":"mgmt","apn":"mgmt.corp"'
	expect "$OUT" '"password_set":true'
	tool profiles --control "$SOCK" --json
	expect_rc 0
	json_valid profiles "$OUT"
	expect "$OUT" '{"index":2,"name":"mgmt","apn":"mgmt.corp","pdp_type":"ipv4","auth":"none","username":"bob","password_set":true}'
	tool profiles --control "$SOCK" modify 2 --name "mgmt net" --password-env <<<""
	[ "$RC" -eq 2 ] || fail "--password-env without CELLINK_PASSWORD: exit status $RC"
	OUT=$(CELLINK_PASSWORD=other "$CELLINK" profiles --control "$SOCK" modify 2 --name "mgmt net" --password-env 2>&1) ||
		fail "modify with --password-env: $OUT"
	expect "$OUT" '  2  mgmt net     mgmt.corp'
	! grep -q 's3cr3t\|other' "$LOG" || fail "a password reached the daemon's log"
	# list reads, create changes: a reader may list only (the socket says who may)
	out=$(python3 "$PROBE" raw "$SOCK" 'profiles - modify 2 --apn a%20b\n')
	expect "$out" '"usage":true'
	expect "$out" "'a b' is not an APN"
	wait_connected 5
	sim_fields_clean
	;;
perms)
	# whether a toolbox request needs the admin group depends on its arguments
	[ "$(id -u)" -eq 0 ] || { echo "SKIP: perms needs root (setpriv to other users)"; exit 77; }
	command -v setpriv >/dev/null || { echo "SKIP: perms needs setpriv (util-linux)"; exit 77; }
	sim_start
	chmod 711 "$WORK"
	mkdir -m 755 "$WORK/pub"
	cp "$CELLINK" "$WORK/pub/cellink"
	SOCK="$WORK/pub/cellink.sock"
	as_reader() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$WORK/pub/cellink" "$@"; }
	as_admin() { setpriv --reuid=nobody --regid=nogroup --groups=users "$WORK/pub/cellink" "$@"; }
	daemon_start --no-configure --read-group nogroup --admin-group users
	# reads
	OUT=$(as_reader counters --control "$SOCK" --json) || fail "a reader could not read the counters: $OUT"
	expect "$OUT" '"connected":true'
	OUT=$(as_reader profiles --control "$SOCK" list --json) || fail "a reader could not list the profiles: $OUT"
	OUT=$(as_reader power --control "$SOCK" --json) || fail "a reader could not read the power state: $OUT"
	# changes
	RC=0; OUT=$(as_reader counters --control "$SOCK" --reset 2>&1) || RC=$?
	expect_rc 1
	expect "$OUT" 'permission denied: counters changes the modem, which needs root or group users (uid 65534 asked)'
	RC=0; OUT=$(as_reader profiles --control "$SOCK" create --apn x 2>&1) || RC=$?
	expect_rc 1
	expect "$OUT" 'permission denied: profiles changes the modem'
	RC=0; OUT=$(as_reader reset --control "$SOCK" 2>&1) || RC=$?
	expect_rc 1
	expect "$OUT" 'permission denied: reset changes the modem'
	RC=0; OUT=$(as_reader power --control "$SOCK" low 2>&1) || RC=$?
	expect_rc 1
	connected || fail "a refused power low took the link down"
	# the admin group may
	OUT=$(as_admin counters --control "$SOCK" --reset --json) || fail "an admin could not reset the counters: $OUT"
	expect "$OUT" '"reset":true'
	sim_fields_clean
	;;
*)
	echo "unknown case $CASE" >&2
	exit 2
	;;
esac
echo "PASS: $CASE"
