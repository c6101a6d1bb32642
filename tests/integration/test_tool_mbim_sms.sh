#!/usr/bin/env bash
# cellink sms and cellink ussd on an MBIM function without QMI over MBIM
# (an Intel-based modem: cellink-sim --mbim --no-qmi-over-mbim), through
# MBIM's own SMS and USSD services, one-shot; one case per run:
#   test_tool_mbim_sms.sh SIM_BIN CELLINK_BIN CASE
# list, read (GSM 7-bit and UCS-2), send, delete, ussd; daemon: list, read,
# send, delete and ussd through a daemon whose link runs on that function,
# the link untouched; daemon_indication: ussd answered by indication
# through the daemon; daemon_close: clients that leave while their ussd
# waits leave the daemon healthy; daemon_protocol_change: a ussd waiting
# on a QMI link whose modem comes back speaking MBIM is cancelled before
# the link's QMI client is freed; refused: what stays with QMI (watch, the other ops)
# is refused by name.
# Waits are bounded polls, never fixed sleeps.
SIM_BIN=$1
CELLINK=$2
CASE=$3
source "$(dirname "$0")/sim_lib.sh"

sim_daemon_setup
esc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

start() {
	SIM_PROTO=mbim sim_start --register-delay 0 --no-qmi-over-mbim
	wait_registered
}

# two messages in the store: GSM 7-bit (nv/0: MBIM index 41) and UCS-2 (nv/1: 42)
two_messages() {
	ctl sms-deliver +4917012345 "$(esc 'Hello, world: 5 € {ok}')" | matches '"indexes":\[0\]' || fail "sms-deliver"
	ctl sms-deliver +4917099999 "$(esc 'Остаток: 42 ₽')" | matches '"indexes":\[1\]' || fail "sms-deliver ucs2"
}

# every request went over MBIM's own services, none as QMI
mbim_only() {
	grep -q "command sms " "$WORK/sim.log" || grep -q "command ussd" "$WORK/sim.log" ||
		fail "no SMS or USSD command in the emulator log"
	! grep -q "command qmi msg" "$WORK/sim.log" || fail "a QMI frame went to a function without the service"
	grep -q "close-done" "$WORK/sim.log" || fail "the MBIM function was not closed"
}

case_list() {
	start
	two_messages
	sim_tool sms list --json
	sim_expect_rc 0
	json_valid sms "$OUT"
	expect "$OUT" '"id":"mbim/41","storage":"mbim","indexes":\[41\],"direction":"in","from":"+4917012345"'
	expect "$OUT" '"unread":true,"alphabet":"gsm7","parts":1,"complete":true,"text":"Hello, world: 5 € {ok}"'
	expect "$OUT" '"id":"mbim/42",.*"from":"+4917099999",.*"alphabet":"ucs2",.*"text":"Остаток: 42 ₽"'
	sim_tool sms list
	sim_expect_rc 0
	expect "$OUT" '^mbim/41 '
	mbim_only
}

case_read() {
	start
	two_messages
	sim_tool sms read mbim/41 --json
	sim_expect_rc 0
	json_valid sms "$OUT"
	expect "$OUT" '"message":{"id":"mbim/41",.*"alphabet":"gsm7",.*"text":"Hello, world: 5 € {ok}"'
	sim_tool sms read 42
	sim_expect_rc 0
	expect "$OUT" '^From:  +4917099999$'
	[ "$(printf '%s\n' "$OUT" | tail -n 1)" = "Остаток: 42 ₽" ] || fail "read: $OUT"
	# the modem marked them read as it handed them over
	ctl sms | matches '"index":0,"tag":"mt-read"' || fail "the message is still unread: $(ctl sms)"
	sim_tool sms read 7
	sim_expect_rc 1
	expect "$OUT" 'no message 7'
	sim_tool sms read nv/41
	sim_expect_rc 2
	expect "$OUT" "MBIM's one store: say mbim/41"
	mbim_only
}

case_send() {
	start
	sim_tool sms send +491701234567 "Top up, please"
	sim_expect_rc 0
	expect "$OUT" '^sent to +491701234567 (GSM 7-bit)$'
	sim_tool sms send +491701234567 "Grüße 😀" --json
	sim_expect_rc 0
	json_valid sms "$OUT"
	expect "$OUT" '"to":"+491701234567","parts":1,"alphabet":"ucs2","message_ids":\[[0-9][0-9]*\]'
	sent=$(ctl sms)
	expect "$sent" '"to":"+491701234567","parts":1,"alphabet":"gsm7","complete":true,"text":"Top up, please"'
	expect "$sent" '"alphabet":"ucs2","complete":true,"text":"Grüße 😀"'
	mbim_only
}

case_delete() {
	start
	two_messages
	ctl sms-deliver +4917000000 third >/dev/null
	sim_tool sms delete 41
	sim_expect_rc 0
	expect "$OUT" '^deleted mbim/41$'
	sim_tool sms list --json
	! printf '%s\n' "$OUT" | matches '"mbim/41"' || fail "mbim/41 is still there: $OUT"
	expect "$OUT" '"mbim/42"'
	sim_tool sms delete all --json
	sim_expect_rc 0
	json_valid sms "$OUT"
	expect "$OUT" '"deleted":\["mbim/42","mbim/43"\]'
	sim_tool sms list
	expect "$OUT" '^no messages$'
	mbim_only
}

case_ussd() {
	start
	sim_tool ussd '*100#'
	sim_expect_rc 0
	expect "$OUT" '^Your balance is 12.50 EUR. Valid until 31.12.2026.$'
	ctl ussd '*101#' Остаток: 42 ₽ >/dev/null
	sim_tool ussd '*101#' --json
	sim_expect_rc 0
	json_valid ussd "$OUT"
	expect "$OUT" '"code":"\*101#","coding":"ucs2","answer":"Остаток: 42 ₽"'
	# firmware that sends the text in an INDICATE_STATUS after the answer
	ctl ussd-mode indication >/dev/null
	sim_tool ussd '*100#' --json
	sim_expect_rc 0
	expect "$OUT" '"coding":"gsm7","answer":"Your balance is 12.50 EUR. Valid until 31.12.2026."'
	mbim_only
}

# daemon_start [PROTOCOL]: a daemon whose link runs on the emulator's
# function (protocol mbim unless named), connected
daemon_start() {
	local conf="$WORK/cellink.conf"
	printf "config interface 'wan'\n\toption proto 'cellink'\n\toption device '%s'\n\toption apn 'internet'\n\toption protocol '%s'\n" \
		"$QMI" "${1:-mbim}" >"$conf"
	"$CELLINK" daemon --config "$conf" --control "$SOCK" --no-configure >"$LOG" 2>&1 &
	D_PID=$!
	wait_until 10 test -S "$SOCK" || { cat "$LOG" >&2; fail "no control socket"; }
	wait_until 20 sim_connected || { cat "$LOG" >&2; fail "the daemon never connected"; }
}
daemon_stop() {
	kill -TERM "$D_PID"
	wait "$D_PID" || fail "daemon exit status $?"
	D_PID=""
}
# at_least N FILE TEXT: FILE has at least N lines with TEXT (read once)
at_least() { [ "$(grep -cF -- "$3" "$2")" -ge "$1" ]; }

case_daemon() {
	start
	two_messages
	daemon_start
	sim_dtool sms list --json
	sim_expect_rc 0
	expect "$OUT" '"id":"mbim/41",.*"text":"Hello, world: 5 € {ok}"'
	expect "$OUT" '"id":"mbim/42",.*"alphabet":"ucs2",.*"text":"Остаток: 42 ₽"'
	sim_dtool sms read mbim/42 --json
	sim_expect_rc 0
	expect "$OUT" '"message":{"id":"mbim/42",.*"text":"Остаток: 42 ₽"'
	sim_dtool sms send +491701234567 "Top up, please"
	sim_expect_rc 0
	expect "$OUT" '^sent to +491701234567 (GSM 7-bit)$'
	sim_dtool sms delete 41
	sim_expect_rc 0
	expect "$OUT" '^deleted mbim/41$'
	sim_dtool ussd '*100#'
	sim_expect_rc 0
	expect "$OUT" '^Your balance is 12.50 EUR. Valid until 31.12.2026.$'
	sim_dtool cells
	sim_expect_rc 1
	expect "$OUT" "this modem's MBIM function has no QMI-over-MBIM service"
	# the link runs on
	out=$("$CELLINK" status --control "$SOCK" --json)
	expect "$out" '"connected":true,"uptime_s":[0-9]*,"links_up":1'
	! grep -q "command qmi msg" "$WORK/sim.log" || fail "a QMI frame went to a function without the service"
	daemon_stop
}

# firmware that answers USSD by indication, through the daemon: the op
# sees the INDICATE_STATUS of the link's MBIM client, the link keeps it too
case_daemon_indication() {
	start
	daemon_start
	ctl ussd-mode indication >/dev/null
	sim_dtool ussd '*100#' --json
	sim_expect_rc 0
	json_valid ussd "$OUT"
	expect "$OUT" '"coding":"gsm7","answer":"Your balance is 12.50 EUR. Valid until 31.12.2026."'
	ctl ussd '*101#' Остаток: 42 ₽ >/dev/null
	sim_dtool ussd '*101#'
	sim_expect_rc 0
	expect "$OUT" '^Остаток: 42 ₽$'
	at_least 2 "$WORK/sim.log" "answered by indication" || fail "the emulator did not answer by indication"
	out=$("$CELLINK" status --control "$SOCK" --json)
	expect "$out" '"connected":true,"uptime_s":[0-9]*,"links_up":1'
	daemon_stop
}

# clients that go away while their ussd waits for the indication: each
# run stops watching the link's indications (more runs than the MBIM
# client has watcher slots, so one left behind would refuse the last
# ussd), and the daemon answers on
case_daemon_close() {
	start
	daemon_start
	ctl ussd-mode silent >/dev/null
	local i pid
	for i in 1 2 3 4 5 6 7 8 9 10; do
		"$CELLINK" ussd '*100#' --control "$SOCK" >/dev/null 2>&1 &
		pid=$!
		wait_until 20 at_least "$i" "$WORK/sim.log" "USSD *100# answered without text" ||
			{ kill -KILL "$pid"; fail "ussd $i never reached the modem"; }
		kill -TERM "$pid"
		wait "$pid" 2>/dev/null || true
		wait_until 20 at_least "$i" "$LOG" "ussd cancelled: its client went away" ||
			{ cat "$LOG" >&2; fail "the daemon did not see client $i go"; }
	done
	out=$("$CELLINK" status --control "$SOCK" --json)
	expect "$out" '"connected":true,"uptime_s":[0-9]*,"links_up":1'
	ctl ussd-mode indication >/dev/null
	sim_dtool ussd '*100#'
	sim_expect_rc 0
	expect "$OUT" '^Your balance is 12.50 EUR. Valid until 31.12.2026.$'
	kill -0 "$D_PID" || fail "the daemon is gone"
	daemon_stop
}

# protocol auto: the daemon's link on the QMI emulator, a ussd waiting for
# an answer that never comes; the modem goes and comes back as an MBIM
# function at the same path, and the reconnect's start frees the QMI
# client the ussd runs over: the ussd is cancelled first, by name (under
# ASan a run left behind is a use after free when its client leaves)
case_daemon_protocol_change() {
	sim_start --register-delay 0
	wait_registered
	daemon_start auto
	ctl ussd-mode silent >/dev/null
	local out="$WORK/ussd.out" pid rc=0
	"$CELLINK" ussd '*100#' --control "$SOCK" >"$out" 2>&1 &
	pid=$!
	wait_until 20 grep -q "USSD \*100# answered without text" "$WORK/sim.log" ||
		{ kill -KILL "$pid"; cat "$WORK/sim.log" >&2; fail "the ussd never reached the modem"; }
	kill -TERM "$SIM_PID"
	wait "$SIM_PID" 2>/dev/null || true
	rm -f "$CTL"
	SIM_PROTO=mbim sim_start --register-delay 0 --no-qmi-over-mbim
	"$CELLINK" reconnect --control "$SOCK" >/dev/null || fail "reconnect refused"
	wait_until 30 grep -q "the device speaks MBIM now" "$LOG" ||
		{ kill -KILL "$pid"; cat "$LOG" >&2; fail "the restart did not find MBIM"; }
	wait_until 20 bash -c "! kill -0 $pid 2>/dev/null" || { kill -KILL "$pid"; fail "the ussd still waits"; }
	wait "$pid" || rc=$?
	[ "$rc" -ne 0 ] || fail "the cancelled ussd exited 0"
	grep -q "cancelled: the modem came back speaking another protocol" "$out" ||
		{ cat "$out" >&2; fail "the ussd was not told why it ended"; }
	wait_until 20 sim_connected || { cat "$LOG" >&2; fail "the daemon never connected over MBIM"; }
	kill -0 "$D_PID" || fail "the daemon is gone"
	daemon_stop
}

case_refused() {
	start
	sim_tool sms watch
	sim_expect_rc 1
	expect "$OUT" "this modem's MBIM function has no QMI-over-MBIM service"
	sim_tool cells
	sim_expect_rc 1
	expect "$OUT" "this modem's MBIM function has no QMI-over-MBIM service"
}

"case_$CASE"
echo "ok: $CASE"
