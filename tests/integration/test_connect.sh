#!/usr/bin/env bash
# cellink connect against cellink-sim, one case per run:
#   test_connect.sh SIM_BIN CELLINK_BIN CASE [N]
# Cases that need a network namespace and a TUN device exit 77 (skipped)
# when not root. Waits are bounded polls of a log or the control socket.
SIM_BIN=$1
CELLINK=$2
CASE=$3
N=${4:-${CELLINK_CYCLES:-25}}
source "$(dirname "$0")/sim_lib.sh"

NS=""
CL_PID=""
cleanup() {
	if [ -n "$CL_PID" ]; then
		kill -KILL "$CL_PID" 2>/dev/null || true
		wait "$CL_PID" 2>/dev/null || true
	fi
	sim_cleanup
	[ -z "$NS" ] || ip netns del "$NS" 2>/dev/null || true
}
trap cleanup EXIT

need_root() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "SKIP: $CASE needs root (network namespace and TUN device)"
		exit 77
	fi
	NS="cltest$$"
	ip netns add "$NS" || { echo "SKIP: cannot create a network namespace"; exit 77; }
}

in_ns() {
	if [ -n "$NS" ]; then ip netns exec "$NS" "$@"; else "$@"; fi
}

LOG="$WORK/connect.log"

# connect_bg ARGS...: starts cellink connect (in the namespace if any).
connect_bg() {
	rm -f "$LOG"    # a previous run's lines must not satisfy the next wait
	# started directly (not through a function) so that CL_PID is cellink
	if [ -n "$NS" ]; then
		ip netns exec "$NS" "$CELLINK" connect --device "$QMI" "$@" >"$LOG" 2>&1 &
	else
		"$CELLINK" connect --device "$QMI" "$@" >"$LOG" 2>&1 &
	fi
	CL_PID=$!
}

log_has() { grep -q -- "$1" "$LOG"; }

wait_log() {
	wait_until "${2:-20}" log_has "$1" || { cat "$LOG" >&2; fail "cellink never printed '$1'"; }
}

# stop_connect [SIGNAL]: signals cellink, waits (bounded) and returns its status.
stop_connect() {
	kill -"${1:-TERM}" "$CL_PID"
	local end=$((SECONDS + 20))
	while kill -0 "$CL_PID" 2>/dev/null; do
		[ $SECONDS -lt $end ] || { cat "$LOG" >&2; fail "cellink did not exit after SIG${1:-TERM}"; }
		sleep 0.02
	done
	local rc=0
	wait "$CL_PID" || rc=$?
	CL_PID=""
	return $rc
}

# wait_exit SECONDS: waits for cellink to end by itself; its status in RC.
wait_exit() {
	local end=$((SECONDS + $1))
	while kill -0 "$CL_PID" 2>/dev/null; do
		[ $SECONDS -lt $end ] || { cat "$LOG" >&2; fail "cellink still running after $1 s"; }
		sleep 0.02
	done
	RC=0
	wait "$CL_PID" || RC=$?
	CL_PID=""
}

zero_cids() {
	local out
	out=$(ctl clients)
	expect "$out" '"total":0'
}

iface_clean() {
	local addrs
	addrs=$(in_ns ip -o addr show dev wwan0 scope global)
	[ -z "$addrs" ] || fail "wwan0 still has addresses after disconnect: $addrs"
}

ping_gateway() {
	local fam=$1 gw=$2
	in_ns ping "-$fam" -c 1 -W 2 -I wwan0 "$gw" >/dev/null || fail "no answer from $gw through wwan0"
}

case "$CASE" in
ipv4 | ipv6 | dual)
	need_root
	sim_start --netns "$NS" --ifname wwan0
	case $CASE in ipv4) t=4 ;; ipv6) t=6 ;; dual) t=4v6 ;; esac
	connect_bg --apn internet --ip-type "$t" --resolv "$WORK/resolv"
	wait_log "connected in"
	[ "$t" = 6 ] || ping_gateway 4 10.42.0.1
	[ "$t" = 4 ] || ping_gateway 6 2001:db8:42::1
	grep -q nameserver "$WORK/resolv" || fail "no resolv file written"
	stop_connect TERM || fail "exit status $? after SIGTERM"
	zero_cids
	iface_clean
	;;
wrong_password)
	sim_start
	echo right-secret | ctl set apn secure user=bob pass=- auth=chap >/dev/null
	wait_registered
	CELLINK_PASSWORD=wrong-secret connect_bg --apn secure --auth chap --username bob --no-configure
	wait_exit 20
	[ "$RC" = 14 ] || { cat "$LOG"; fail "exit status $RC, expected 14 (call rejected)"; }
	log_has "authentication" || { cat "$LOG"; fail "the call-end reason is not named"; }
	zero_cids
	;;
pin)
	sim_start
	ctl set pin 4321 >/dev/null
	ctl sim pin >/dev/null
	echo 4321 >"$WORK/pin"
	connect_bg --apn internet --pin-file "$WORK/pin" --no-configure
	wait_log "connected in"
	log_has "PIN accepted" || fail "no PIN step"
	! log_has 4321 || fail "the PIN reached the log"
	stop_connect TERM || fail "exit status $? after SIGTERM"
	zero_cids
	;;
pin_last_attempt)
	sim_start
	ctl set pin 4321 >/dev/null
	ctl sim pin >/dev/null
	ctl set pin-retries 1 >/dev/null
	echo 0000 >"$WORK/pin"
	connect_bg --apn internet --pin-file "$WORK/pin" --no-configure
	wait_exit 20
	[ "$RC" = 12 ] || { cat "$LOG"; fail "exit status $RC, expected 12 (SIM locked)"; }
	log_has "only 1 PIN attempt" || { cat "$LOG"; fail "no explanation"; }
	expect "$(ctl state)" '"pin_retries":1'
	zero_cids
	;;
no_registration)
	sim_start --register-delay 600000
	# gives up by itself (wait_exit's bound is for a hung test, not a figure)
	connect_bg --apn internet --no-configure --register-timeout 2
	wait_exit 20
	[ "$RC" = 13 ] || { cat "$LOG"; fail "exit status $RC, expected 13 (no registration)"; }
	zero_cids
	;;
swallowed_first)
	sim_start
	ctl swallow-first 1 >/dev/null
	connect_bg --apn internet --no-configure
	wait_log "connected in" 20
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
drop_reconnect)
	sim_start
	connect_bg --apn internet --no-configure
	wait_log "connected in"
	ctl drop-session reason=network-failure >/dev/null
	wait_log "link up again" 30
	log_has "network-failure" || fail "the drop reason is not named"
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
reset_recover)
	sim_start
	connect_bg --apn internet --no-configure
	wait_log "connected in"
	ctl reset 1000 >/dev/null
	wait_log "went away" 20
	wait_log "link up again" 40
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
sigterm_cids)
	if [ "$(id -u)" -eq 0 ]; then
		need_root
		sim_start --netns "$NS" --ifname wwan0
		connect_bg --apn internet --ip-type 4v6 --resolv "$WORK/resolv"
	else
		sim_start
		connect_bg --apn internet --ip-type 4v6 --no-configure
	fi
	wait_log "connected in"
	expect "$(ctl clients)" '"total":5'
	stop_connect TERM || fail "exit status $?"
	zero_cids
	[ -z "$NS" ] || iface_clean
	;;
sigterm_early)
	# SIGTERM while the client ids are being granted, slowly
	sim_start
	ctl delay ctl allocate-cid 600 >/dev/null
	connect_bg --apn internet --no-configure
	wait_until 10 grep -q "request allocate-cid" "$WORK/sim.log" || fail "no allocation seen"
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
cycles)
	sim_start
	wait_registered
	for i in $(seq 1 "$N"); do
		connect_bg --apn internet --no-configure
		wait_log "connected in"
		stop_connect TERM || fail "cycle $i: exit status $?"
	done
	zero_cids
	echo "$N connect/disconnect cycles, zero client ids held"
	;;
secret)
	sim_start
	echo s3cr3t-Pa55 | ctl set apn secure user=bob pass=- auth=pap >/dev/null
	echo s3cr3t-Pa55 >"$WORK/pw"
	connect_bg --apn secure --auth pap --username bob --password-file "$WORK/pw" --no-configure --verbose
	wait_log "connected in"
	tr '\0' ' ' <"/proc/$CL_PID/cmdline" | matches s3cr3t && fail "password in /proc/PID/cmdline"
	stop_connect TERM || fail "exit status $?"
	log_has s3cr3t && fail "password in the log"
	log_has "start-network" || fail "the verbose trace did not run"
	zero_cids
	;;
silent_service)
	sim_start
	wait_registered
	ctl stop-service nas >/dev/null
	connect_bg --apn internet --no-configure --request-timeout 1
	wait_exit 30
	[ "$RC" = 16 ] || { cat "$LOG"; fail "exit status $RC, expected 16 (modem error)"; }
	log_has "did not answer" || { cat "$LOG"; fail "the silence is not reported"; }
	log_has "attempt 2" || { cat "$LOG"; fail "a silent modem was not retried"; }
	zero_cids
	;;
exhausted_cids)
	sim_start
	ctl exhaust-cids wds >/dev/null
	connect_bg --apn internet --no-configure
	wait_exit 30
	[ "$RC" = 16 ] || { cat "$LOG"; fail "exit status $RC, expected 16"; }
	grep -q "client-ids-exhausted" "$LOG" || { cat "$LOG"; fail "the QMI error is not named"; }
	zero_cids     # the DMS/NAS/WDA ids that were granted went back
	;;
flood_malformed)
	sim_start
	wait_registered
	ctl flood nas 500 >/dev/null
	ctl malformed dms 1 >/dev/null
	connect_bg --apn internet --no-configure
	wait_log "connected in" 30
	ctl flood wds 500 >/dev/null
	ctl drop-session reason=network-failure >/dev/null
	wait_log "link up again" 30
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
sim_not_ready)
	sim_start
	ctl sim not-initialized >/dev/null
	connect_bg --apn internet --no-configure
	wait_log "SIM not initialised yet"
	ctl sim ready >/dev/null
	wait_log "connected in" 20
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
reg_denied)
	sim_start
	wait_registered
	ctl lose-registration state=denied >/dev/null
	connect_bg --apn internet --no-configure --register-timeout 2
	wait_exit 20
	[ "$RC" = 13 ] || { cat "$LOG"; fail "exit status $RC, expected 13"; }
	log_has "denied" || { cat "$LOG"; fail "the denied state is not reported"; }
	zero_cids
	;;
busy)
	sim_start
	connect_bg --apn internet --no-configure
	wait_log "opening"
	first=$CL_PID
	rc=0
	out=$("$CELLINK" connect --device "$QMI" --apn internet --no-configure 2>&1) || rc=$?
	[ "$rc" = 11 ] || { printf '%s\n' "$out"; fail "exit status $rc, expected 11 (device busy)"; }
	expect "$out" "held by PID $first (cellink)"
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
raw_ip_switch)
	sim_start --sysfs "$WORK/sys"
	connect_bg --apn internet --no-configure --sysfs "$WORK/sys"
	wait_log "connected in"
	log_has "switched to raw-ip" || fail "the kernel switch was not set"
	sw=$(find "$WORK/sys" -path '*qmi/raw_ip' -print -quit)
	[ "$(cat "$sw")" = Y ] || fail "raw_ip is $(cat "$sw"), expected Y"
	log_has "interface wwan0" || fail "the interface was not found beside the cdc-wdm device"
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
no_raw_ip)
	sim_start --sysfs "$WORK/sys"
	find "$WORK/sys" -path '*qmi/raw_ip' -delete   # a kernel older than 4.5
	connect_bg --apn internet --no-configure --sysfs "$WORK/sys"
	wait_exit 20
	[ "$RC" = 15 ] || { cat "$LOG"; fail "exit status $RC, expected 15 (kernel lacks raw-ip)"; }
	log_has "newer kernel" || { cat "$LOG"; fail "no remedy given"; }
	zero_cids
	;;
phantom)
	need_root
	sim_start --netns "$NS" --ifname wwan0
	connect_bg --apn internet --liveness 0.3 --resolv "$WORK/resolv"
	wait_log "connected in"
	ping_gateway 4 10.42.0.1
	ctl phantom-session on >/dev/null
	# traffic goes out, nothing comes back: the liveness check must notice
	in_ns ping -c 40 -i 0.05 -W 1 -I wwan0 10.42.0.1 >/dev/null 2>&1 &
	wait_log "phantom session" 20
	ctl phantom-session off >/dev/null
	wait_log "link up again" 30
	ping_gateway 4 10.42.0.1
	stop_connect TERM || fail "exit status $?"
	zero_cids
	iface_clean
	;;
modes)
	sim_start
	expect "$(ctl state)" '"mode_preference":\["gsm","umts","lte"\]'
	connect_bg --apn internet --no-configure --modes lte,umts
	wait_log "connected in"
	log_has "modes lte,umts" || { cat "$LOG"; fail "the modes were not announced"; }
	expect "$(ctl state)" '"mode_preference":\["umts","lte"\]'
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
plmn)
	sim_start
	# the emulated network's MCC and MNC, from its state
	plmn=$(ctl state | sed -n 's/.*"mcc":\([0-9]*\),"mnc":\([0-9]*\).*/\1 \2/p')
	plmn=$(printf '%03d%02d' $plmn)
	expect "$(ctl state)" '"network_selection":"automatic"'
	connect_bg --apn internet --no-configure --plmn "$plmn"
	wait_log "connected in"
	log_has "manual registration on $plmn" || { cat "$LOG"; fail "no manual registration"; }
	expect "$(ctl state)" '"network_selection":"manual"'
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
plmn_wrong)
	sim_start
	expect "$(ctl state)" '"mcc":262,"mnc":1,'
	connect_bg --apn internet --no-configure --plmn 00101
	wait_exit 20
	[ "$RC" = 13 ] || { cat "$LOG"; fail "exit status $RC, expected 13 (no registration)"; }
	log_has "manual registration on the network 00101 failed: the modem answered no-network-found" ||
		{ cat "$LOG"; fail "the refusal is not explained"; }
	log_has "starting the data session" && fail "a data session was tried without registration"
	expect "$(ctl state)" '"network_selection":"automatic"'
	zero_cids
	# a malformed PLMN is a usage error, before the modem is touched
	rc=0
	out=$("$CELLINK" connect --device "$QMI" --apn internet --plmn 2620 2>&1) || rc=$?
	[ "$rc" = 2 ] || { printf '%s\n' "$out"; fail "exit status $rc for --plmn 2620, expected 2"; }
	expect "$out" "5 or 6 digits"
	;;
delay)
	sim_start
	wait_registered
	connect_bg --apn internet --no-configure --delay 2
	wait_log "waiting 2.0 s before the bring-up"
	zero_cids                       # nothing sent during the delay
	wait_log "connected in"
	opened=$(awk -F'[][]' '/opening /{ print $2; exit }' "$LOG")
	awk -v t="$opened" 'BEGIN { exit !(t >= 2.0) }' || { cat "$LOG"; fail "opened at $opened s, before the delay"; }
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
mtu)
	need_root
	sim_start --netns "$NS" --ifname wwan0
	connect_bg --apn internet --mtu 1280 --resolv "$WORK/resolv"
	wait_log "connected in"
	log_has "mtu 1280 as configured (the network said 1500)" || { cat "$LOG"; fail "no MTU override"; }
	mtu=$(in_ns ip -o link show dev wwan0 | sed -n 's/.* mtu \([0-9]*\) .*/\1/p')
	[ "$mtu" = 1280 ] || fail "wwan0 has mtu $mtu, expected 1280"
	ping_gateway 4 10.42.0.1
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
daemon)
	sim_start
	conf="$WORK/cellink.conf"
	printf "config interface 'wan'\n\toption proto 'cellink'\n\toption device '%s'\n\toption apn 'internet'\n\toption pdptype 'ipv4v6'\n\toption modes 'lte'\n" \
		"$QMI" >"$conf"
	# a second modem in the file, left out with --modem (one daemon per modem)
	printf "config modem 'spare'\n\toption device '/dev/cdc-wdm9'\n\toption apn 'other'\n" >>"$conf"
	sock="$WORK/cellink.sock"
	# the control socket must answer while start-network is slow
	ctl delay wds start-network 6000 >/dev/null
	"$CELLINK" daemon --config "$conf" --modem wan --control "$sock" --no-configure >"$LOG" 2>&1 &
	CL_PID=$!
	wait_until 10 test -S "$sock" || fail "no control socket"
	[ "$(stat -c %a "$sock")" = 600 ] || fail "control socket is not owner-only"
	wait_log "starting the data session"
	# answered while start-network is still held: a daemon that blocked on
	# the modem would only answer once connected (how fast it answers is a
	# benchmark figure, not a test)
	out=$("$CELLINK" status --control "$sock" --json) || fail "status failed: $out"
	expect "$out" '"state":"connecting"'
	! grep -q spare <<<"$out" || fail "--modem wan also started the other modem: $out"
	wait_until 25 bash -c "'$CELLINK' status --control '$sock' --json | grep -q '\"connected\":true'" ||
		fail "the daemon never connected"
	expect "$("$CELLINK" signal --control "$sock" --json)" '"rsrp":'
	expect "$("$CELLINK" info --control "$sock" --json)" '"model":"MC7455"'
	expect "$("$CELLINK" status --control "$sock")" 'ipv6 *up'
	expect "$(ctl clients)" '"total":5'
	expect "$(ctl state)" '"mode_preference":\["lte"\]'
	"$CELLINK" disconnect --control "$sock" >/dev/null || fail "disconnect failed"
	wait_until 10 bash -c "'$CELLINK' status --control '$sock' --json | grep -q '\"state\":\"stopped\"'" ||
		fail "the link did not go down"
	zero_cids
	ctl delay wds start-network 0 >/dev/null
	"$CELLINK" reconnect --control "$sock" >/dev/null || fail "reconnect failed"
	wait_until 15 bash -c "'$CELLINK' status --control '$sock' --json | grep -q '\"connected\":true'" ||
		fail "the daemon did not reconnect"
	stop_connect TERM || fail "daemon exit status $?"
	zero_cids
	[ ! -e "$sock" ] || fail "control socket left behind"
	;;
*)
	fail "unknown case $CASE"
	;;
esac
echo "PASS: connect $CASE"
