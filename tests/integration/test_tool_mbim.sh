#!/usr/bin/env bash
# The toolbox on a modem in MBIM mode, through QMI over MBIM, against
# cellink-sim --mbim (the same QMI emulation behind both): one case per run,
#   test_tool_mbim.sh SIM_BIN CELLINK_BIN CASE
# oneshot: cells, bands, sms list, counters and monitor (its indications
#   tunnelled too) on the device (device services,
#   client ids through CTL in the tunnel, every one given back);
# daemon: the same through a daemon whose link runs over MBIM, the link
#   untouched;
# sms_hook: a daemon's hook hears an SMS arriving on its MBIM link;
# refused_oneshot, refused_daemon: a function without the QMI service
#   (--no-qmi-over-mbim) is refused by name (but for sms and ussd, which
#   MBIM's own services carry: test_tool_mbim_sms.sh).
# Waits are bounded polls, never fixed sleeps.
SIM_BIN=$1
CELLINK=$2
CASE=$3
source "$(dirname "$0")/sim_lib.sh"

sim_daemon_setup

daemon_start() {
	local extra=("$@")
	conf="$WORK/cellink.conf"
	printf "config interface 'wan'\n\toption proto 'cellink'\n\toption device '%s'\n\toption apn 'internet'\n\toption protocol 'mbim'\n" \
		"$QMI" >"$conf"
	"$CELLINK" daemon --config "$conf" --control "$SOCK" --no-configure "${extra[@]}" >"$LOG" 2>&1 &
	D_PID=$!
	wait_until 10 test -S "$SOCK" || { cat "$LOG" >&2; fail "no control socket"; }
	wait_until 20 sim_connected || { cat "$LOG" >&2; fail "the daemon never connected"; }
}

json_ok() {
	local what=$1 out=$2
	printf '%s\n' "$out" | tail -n 1 | python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); sys.exit(0 if d.get("ok") else 1)' ||
		{ printf '%s\n' "$out" >&2; fail "$what: no ok JSON answer"; }
}

no_cids_left() {
	local out
	out=$(ctl clients)
	expect "$out" '"total":0'
}

# the four commands, by a runner (sim_tool or sim_dtool)
four_commands() {
	local run=$1
	$run cells --json
	sim_expect_rc 0
	json_ok cells "$OUT"
	expect "$OUT" '"rat":"lte","plmn":"26201","tac":14876'
	expect "$OUT" '"neighbours":\[{'
	$run cells
	sim_expect_rc 0
	expect "$OUT" "Serving cells"
	$run bands --json
	sim_expect_rc 0
	json_ok bands "$OUT"
	expect "$OUT" '"supported":{"lte":\[1,'
	$run sms list --json
	sim_expect_rc 0
	json_ok "sms list" "$OUT"
	expect "$OUT" '"from":"+4917012345"'
	expect "$OUT" 'over MBIM'
	$run counters --json
	sim_expect_rc 0
	json_ok counters "$OUT"
	expect "$OUT" '"rx_bytes":'
}

case_oneshot() {
	SIM_PROTO=mbim sim_start --register-delay 0
	wait_registered
	ctl sms-deliver +4917012345 "read%20over%20MBIM" | matches '"ok":true' || fail "sms-deliver"
	four_commands sim_tool
	# monitor: NAS indications come back through the tunnel (INDICATE_STATUS)
	timeout 30 "$CELLINK" monitor --json --count 2 --device "$QMI" --config "$NO_CONF" >"$WORK/mon" 2>&1 &
	mon=$!
	wait_until 10 grep -q '"update":true' "$WORK/mon" || fail "no first monitor update: $(cat "$WORK/mon")"
	ctl signal rsrp=-101 >/dev/null
	wait "$mon" || fail "monitor failed: $(cat "$WORK/mon")"
	expect "$(tail -n 1 "$WORK/mon")" '"updates":2'
	expect "$(tail -n 1 "$WORK/mon")" '"rsrp_dbm":-101'
	# the exchange went through the QMI service of the MBIM function
	grep -q "device-services" "$WORK/sim.log" || fail "device services were never asked"
	grep -q "command qmi msg" "$WORK/sim.log" || fail "no QMI-over-MBIM command in the emulator log"
	grep -q "close-done" "$WORK/sim.log" || fail "the MBIM function was not closed"
	no_cids_left
}

case_daemon() {
	SIM_PROTO=mbim sim_start --register-delay 0
	wait_registered
	ctl sms-deliver +4917012345 "read%20over%20MBIM" | matches '"ok":true' || fail "sms-deliver"
	daemon_start
	four_commands sim_dtool
	# the link was not disturbed: still the first link, on MBIM
	out=$("$CELLINK" status --control "$SOCK" --json)
	expect "$out" '"mode":"mbim"'
	expect "$out" '"connected":true,"uptime_s":[0-9]*,"links_up":1'
	grep -q "command qmi msg" "$WORK/sim.log" || fail "no QMI-over-MBIM command in the emulator log"
	# the ops gave their client ids back (the MBIM link holds none)
	wait_until 10 no_cids_left || fail "client ids left on the modem: $(ctl clients)"
	kill -TERM "$D_PID"
	wait "$D_PID" || fail "daemon exit status $?"
	D_PID=""
}

# the daemon's hook hears an SMS that arrives while its MBIM link is up:
# the watch runs over QMI over MBIM, its report an INDICATE_STATUS
case_sms_hook() {
	SIM_PROTO=mbim sim_start --register-delay 0
	wait_registered
	hook="$WORK/hook.sh"
	printf '#!/bin/sh\n[ "$1" = sms ] || exit 0\nenv | grep "^CELLINK_SMS" | sort >"%s/sms.tmp"\nmv "%s/sms.tmp" "%s/sms.0"\n' \
		"$WORK" "$WORK" "$WORK" >"$hook"
	chmod +x "$hook"
	daemon_start --hook "$hook"
	wait_until 10 grep -q -- "-> wms response set-event-report" "$WORK/sim.log" ||
		{ cat "$LOG" >&2; fail "the daemon did not ask for new-message reports"; }
	ctl sms-deliver +4917012345 "top-up%20done" >/dev/null
	wait_until 10 test -f "$WORK/sms.0" || { cat "$LOG" >&2; fail "the hook did not run for the SMS"; }
	h=$(cat "$WORK/sms.0")
	expect "$h" '^CELLINK_SMS_FROM=+4917012345$'
	expect "$h" '^CELLINK_SMS_TEXT=top-up done$'
	kill -TERM "$D_PID"
	wait "$D_PID" || fail "daemon exit status $?"
	D_PID=""
	no_cids_left
}

case_refused_oneshot() {
	SIM_PROTO=mbim sim_start --register-delay 0 --no-qmi-over-mbim
	sim_tool cells
	sim_expect_rc 1
	expect "$OUT" "this modem's MBIM function has no QMI-over-MBIM service"
	! grep -q "command qmi msg" "$WORK/sim.log" || fail "a QMI frame went to a function without the service"
}

case_refused_daemon() {
	SIM_PROTO=mbim sim_start --register-delay 0 --no-qmi-over-mbim
	daemon_start
	sim_dtool bands
	sim_expect_rc 1
	expect "$OUT" "this modem's MBIM function has no QMI-over-MBIM service"
	sim_dtool cells --json
	expect "$OUT" '"ok":false,"error":"this modem'"'"'s MBIM function has no QMI-over-MBIM service"'
	# (sms and ussd use MBIM's own services there: test_tool_mbim_sms.sh)
	# the link runs on
	out=$("$CELLINK" status --control "$SOCK" --json)
	expect "$out" '"connected":true,"uptime_s":[0-9]*,"links_up":1'
}

"case_$CASE"
echo "ok: $CASE"
