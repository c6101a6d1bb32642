#!/usr/bin/env bash
# Band locks, networks and roaming (issue #14) against cellink-sim, one case
# per run:
#   test_bands.sh SIM_BIN CELLINK_BIN CASE
# Waits are bounded polls of a log, a status or the emulator's state.
SIM_BIN=$1
CELLINK=$2
CASE=$3
source "$(dirname "$0")/sim_lib.sh"

CL_PID=""
cleanup() {
	if [ -n "$CL_PID" ]; then
		kill -KILL "$CL_PID" 2>/dev/null || true
		wait "$CL_PID" 2>/dev/null || true
	fi
	sim_cleanup
}
trap cleanup EXIT

LOG="$WORK/cellink.log"
SOCK="$WORK/cellink.sock"
log_has() { grep -q -- "$1" "$LOG"; }
wait_log() {
	wait_until "${2:-20}" log_has "$1" || { cat "$LOG" >&2; fail "cellink never printed '$1'"; }
}

connect_bg() {
	rm -f "$LOG"
	"$CELLINK" connect --device "$QMI" "$@" >"$LOG" 2>&1 &
	CL_PID=$!
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

stop_bg() {
	kill -TERM "$CL_PID"
	wait_exit 20
	[ "$RC" = 0 ] || { cat "$LOG" >&2; fail "exit status $RC after SIGTERM, expected 0"; }
}

zero_cids() { expect "$(ctl clients)" '"total":0'; }

# daemon_bg EXTRA_OPTION_LINES: the daemon on one modem 'wan' with its socket
daemon_bg() {
	local conf="$WORK/cellink.conf"
	printf "config interface 'wan'\n\toption proto 'cellink'\n\toption device '%s'\n\toption apn 'internet'\n%s" \
		"$QMI" "$1" >"$conf"
	rm -f "$LOG"
	"$CELLINK" daemon --config "$conf" --control "$SOCK" --no-configure >"$LOG" 2>&1 &
	CL_PID=$!
	wait_until 10 test -S "$SOCK" || { cat "$LOG" >&2; fail "no control socket"; }
}
status_json() { "$CELLINK" status --control "$SOCK" --json; }
status_has() { status_json | matches "$1"; }

# tool ARGS...: runs cellink ARGS, its output in OUT and its status in RC
tool() {
	RC=0
	OUT=$(timeout 60 "$CELLINK" "$@" 2>&1) || RC=$?
}
expect_rc() {
	[ "$RC" -eq "$1" ] || { printf '%s\n' "$OUT" >&2; fail "exit status $RC, expected $1"; }
}

# bands_checks WHERE...: cellink bands shown, locked, refused and unlocked,
# through WHERE (--device PATH, or --control SOCKET)
bands_checks() {
	ctl bands nr=41,77,78 >/dev/null
	tool bands "$@" --json
	expect_rc 0
	json_valid bands "$OUT"
	expect "$OUT" '"supported":{"lte":\[1,2,3,4,5,7,8,12,13,20,25,26,29,30,41\],"nr":\[41,77,78\]}'
	tool bands "$@"
	expect_rc 0
	expect "$OUT" "LTE  supported 1-5,7,8,12,13,20,25,26,29,30,41"
	expect "$OUT" "NR   supported 41,77,78"
	# a lock is honoured: read back by cellink and by the emulator
	tool bands "$@" --lock lte:3,7,20 nr:78 --json
	expect_rc 0
	json_valid bands "$OUT"
	expect "$OUT" '"action":"lock"'
	expect "$OUT" '"enabled":{"lte":\[3,7,20\],"nr_nsa":\[78\],"nr_sa":\[78\]}'
	expect "$(ctl state)" '"lte_enabled":\[3,7,20\],"nr_nsa_enabled":\[78\],"nr_sa_enabled":\[78\]'
	tool bands "$@"
	expect "$OUT" "enabled   3,7,20"
	expect "$OUT" "enabled   78 (NSA and SA)"
	# an unsupported band is refused, named, and nothing is sent
	local sets
	sets=$(grep -c "request set-system-selection-preference" "$WORK/sim.log" || true)
	tool bands "$@" --lock lte:3,42 nr:79
	expect_rc 2
	expect "$OUT" "LTE band 42 is not supported by this modem (it has 1-5,7,8,12,13,20,25,26,29,30,41)"
	[ "$(grep -c "request set-system-selection-preference" "$WORK/sim.log" || true)" = "$sets" ] ||
		fail "a refused lock reached the modem"
	tool bands "$@" --lock nr:79 --json
	expect_rc 2
	json_valid error "$OUT"
	expect "$OUT" '"usage":true'
	expect "$OUT" "NR band 79 is not supported by this modem (it has 41,77,78)"
	expect "$(ctl state)" '"lte_enabled":\[3,7,20\]'
	# bad words are usage errors before the modem is asked
	tool bands "$@" --lock lte:3,x
	expect_rc 2
	expect "$OUT" "'x' is not a band number"
	tool bands "$@" --lock
	expect_rc 2
	expect "$OUT" "--lock needs the bands"
	# the unlock enables every supported band
	tool bands "$@" --unlock --json
	expect_rc 0
	json_valid bands "$OUT"
	expect "$OUT" '"enabled":{"lte":\[1,2,3,4,5,7,8,12,13,20,25,26,29,30,41\],"nr_nsa":\[41,77,78\],"nr_sa":\[41,77,78\]}'
	expect "$(ctl state)" '"lte_enabled":\[1,2,3,4,5,7,8,12,13,20,25,26,29,30,41\]'
	sim_fields_clean
}

# networks_checks WHERE...: the scan streams progress, then the operators
networks_checks() {
	ctl delay nas network-scan 1500 >/dev/null
	tool networks "$@" --json
	expect_rc 0
	local first last n
	first=$(printf '%s\n' "$OUT" | head -n 1)
	last=$(printf '%s\n' "$OUT" | tail -n 1)
	n=$(printf '%s\n' "$OUT" | wc -l)
	[ "$n" -ge 2 ] || { printf '%s\n' "$OUT"; fail "no progress line before the answer"; }
	json_valid networks_progress "$first"
	json_valid networks "$last"
	printf '%s\n' "$OUT" | head -n -1 | while read -r line; do
		json_valid networks_progress "$line"
	done
	expect "$last" '{"mcc":"262","mnc":"01","plmn":"26201","name":"Telekom.de","status":\["current-serving","available","home"\],"rat":"lte"}'
	expect "$last" '"name":"Barred Net","status":\["available","forbidden"\],"rat":"umts"'
	expect "$last" '"plmn":"26293","name":"Fiveg Net","status":\["available","not-forbidden"\],"rat":"5gnr"'
	tool networks "$@"
	expect_rc 0
	expect "$OUT" "scanning for networks"
	expect "$OUT" "26201   Telekom.de           lte    current-serving, available, home"
	expect "$OUT" "26292   Barred Net           umts   available, forbidden"
	tool networks "$@" now
	expect_rc 2
	expect "$OUT" "takes no arguments"
	sim_fields_clean
}

# the daemon on the emulator, connected, socket $SOCK
daemon_connected() {
	daemon_bg ""
	wait_until 15 status_has '"connected":true' || { cat "$LOG" >&2; fail "the daemon never connected"; }
}

case "$CASE" in
tool_bands_oneshot)
	sim_start --register-delay 200
	bands_checks --device "$QMI"
	# the modem honours the lock: its cell is on band 3, a lock without it
	# loses the network, the unlock finds it again
	wait_registered
	tool bands --device "$QMI" --lock lte:7,20
	expect_rc 0
	expect "$(ctl state)" '"registration":"searching"'
	expect "$(ctl state)" '"cell_reachable":false'
	tool bands --device "$QMI" --unlock
	expect_rc 0
	wait_registered
	zero_cids
	;;
tool_bands_daemon)
	sim_start
	daemon_connected
	bands_checks --control "$SOCK"
	status_has '"connected":true' || fail "the link went down while the bands changed"
	kill -TERM "$CL_PID"
	wait_exit 20
	zero_cids
	;;
tool_networks_oneshot)
	sim_start --register-delay 0
	wait_registered
	networks_checks --device "$QMI"
	zero_cids
	;;
tool_networks_daemon)
	sim_start
	daemon_connected
	networks_checks --control "$SOCK"
	status_has '"connected":true' || fail "the link went down during the scan"
	kill -TERM "$CL_PID"
	wait_exit 20
	zero_cids
	;;
connect_bands)
	# lte_bands/nr_bands at bring-up: locked before registering, read back
	sim_start
	ctl bands nr=41,77,78 >/dev/null
	connect_bg --apn internet --no-configure --lte-bands 3,7,20 --nr-bands 78
	wait_log "connected in"
	log_has "network selection: modes all, bands lte 3,7,20 nr 78" || { cat "$LOG"; fail "the lock was not announced"; }
	st=$(ctl state)
	expect "$st" '"lte_enabled":\[3,7,20\]'
	expect "$st" '"nr_nsa_enabled":\[78\],"nr_sa_enabled":\[78\]'
	stop_bg
	zero_cids
	sim_fields_clean
	;;
connect_band_unsupported)
	# a band the modem lacks: exit 2 naming it, nothing changed on the modem
	sim_start
	before=$(ctl state | sed -n 's/.*"bands":\({[^}]*}\).*/\1/p')
	connect_bg --apn internet --no-configure --lte-bands 3,42,43
	wait_exit 20
	[ "$RC" = 2 ] || { cat "$LOG"; fail "exit status $RC, expected 2"; }
	log_has "LTE bands 42 and 43 are not supported by this modem (it has 1-5,7,8,12,13,20,25,26,29,30,41)" ||
		{ cat "$LOG"; fail "the refusal does not name the bands"; }
	log_has "starting the data session" && fail "a data session was tried"
	after=$(ctl state | sed -n 's/.*"bands":\({[^}]*}\).*/\1/p')
	[ "$before" = "$after" ] || fail "the bands changed: $before -> $after"
	grep -q "set-system-selection-preference" "$WORK/sim.log" &&
		fail "a set-system-selection-preference reached the modem"
	zero_cids
	# NR on an LTE modem: refused the same way
	connect_bg --apn internet --no-configure --nr-bands 78
	wait_exit 20
	[ "$RC" = 2 ] || { cat "$LOG"; fail "exit status $RC, expected 2"; }
	log_has "NR band 78: this modem reports no 5G NR bands" || { cat "$LOG"; fail "NR refusal not explained"; }
	# a malformed list is a usage error before the modem is touched
	rc=0
	out=$("$CELLINK" connect --device "$QMI" --apn internet --lte-bands 3,x 2>&1) || rc=$?
	[ "$rc" = 2 ] || { printf '%s\n' "$out"; fail "exit status $rc for --lte-bands 3,x"; }
	expect "$out" "'x' is not a band number"
	sim_fields_clean
	;;
roaming_refused)
	# roaming '0', one-shot: exit 19, the reason said, no data call
	sim_start
	ctl set roaming on >/dev/null
	connect_bg --apn internet --no-configure --no-roaming
	wait_exit 20
	[ "$RC" = 19 ] || { cat "$LOG"; fail "exit status $RC, expected 19 (roaming)"; }
	log_has "while roaming, and roaming is not allowed" || { cat "$LOG"; fail "the refusal is not explained"; }
	log_has "starting the data session" && fail "a data session was tried while roaming"
	zero_cids
	# roaming allowed (the default): the same modem connects
	connect_bg --apn internet --no-configure
	wait_log "connected in"
	log_has "registered (roaming)" || { cat "$LOG"; fail "not registered as roaming"; }
	stop_bg
	zero_cids
	;;
roaming_daemon)
	# the daemon waits while roaming (status says why), connects at home, and
	# takes the link down when the modem starts roaming
	sim_start
	ctl set roaming on >/dev/null
	daemon_bg "	option roaming '0'
"
	wait_until 15 status_has '"registration":"roaming"' || { cat "$LOG"; fail "the daemon never saw the roaming network"; }
	expect "$(status_json)" '"state":"register\(-wait\)\?"'
	expect "$(status_json)" '"last_error":"registered on [^"]* while roaming, and roaming is not allowed'
	json_valid status "$(status_json)"
	expect "$("$CELLINK" status --control "$SOCK")" "last error *registered on .* while roaming"
	ctl state | matches '"sessions":\[\]' || fail "a session started while roaming"
	ctl set roaming off >/dev/null
	wait_until 15 status_has '"connected":true' || { cat "$LOG"; fail "no link once home"; }
	expect "$(status_json)" '"last_error":""'
	ctl set roaming on >/dev/null
	wait_until 15 status_has '"last_error":"registered on [^"]* while roaming' ||
		{ cat "$LOG"; fail "the link stayed up while roaming"; }
	wait_until 15 status_has '"state":"register-wait"' || { cat "$LOG"; fail "the daemon is not waiting again"; }
	ctl state | matches '"sessions":\[\]' || fail "the session stayed up while roaming"
	kill -TERM "$CL_PID"
	wait_exit 20
	zero_cids
	;;
*) echo "unknown case $CASE"; exit 2 ;;
esac
echo "ok: $CASE"
