#!/usr/bin/env bash
# cellink-sim's AT port against chat(8) from the ppp package: an AT client
# that is not ours. usage: test_at_port.sh CELLINK_SIM CASE
#   dial      identity/SIM/registration queries, then ATD*99***1# -> CONNECT
#   pin       SIM PIN: +CPIN? says so, a wrong PIN fails, the right one
#             unlocks; the PIN never shows in the emulator's log
#   urc       AT+CEREG=2, then losing registration sends +CEREG: 2
#   nocarrier no registration: ATD answers NO CARRIER; unknown commands ERROR
# Exits 77 (skip) when chat is missing.
SIM_BIN=$1
CASE=$2
. "$(dirname "$0")/sim_lib.sh"

command -v chat >/dev/null || { echo "SKIP: chat (package ppp) is not installed"; exit 77; }
AT="$WORK/ttyUSB2"

# at_chat TIMEOUT SCRIPT...: runs a chat script on the AT port. chat exits
# 0 when every expectation matched, 3 on timeout, 4+ on an ABORT string.
at_chat() {
	local t=$1
	shift
	timeout 20 chat -t "$t" -V "$@" <"$AT" >"$AT" 2>>"$WORK/chat.log"
}

sim_start --at "$AT" --register-delay 50
wait_until 10 test -e "$AT" || fail "the AT port $AT did not appear"

case $CASE in
dial)
	wait_registered
	at_chat 3 ABORT ERROR ABORT 'NO CARRIER' '' AT OK ATE0 OK 'AT+CPIN?' '+CPIN: READY' \
		'' OK 'AT+CEREG?' '+CEREG: 0,1' '' OK 'AT+CGMM' MC7455 '' OK \
		'AT+CGDCONT=1,"IP","internet"' OK 'AT+CGDCONT?' '"internet"' '' OK \
		'AT+CSQ' '+CSQ: ' '' OK 'ATD*99***1#' CONNECT ||
		{ cat "$WORK/chat.log" >&2; fail "dial script failed ($?)"; }
	grep -q 'CONNECT' "$WORK/chat.log" || fail "no CONNECT in the transcript"
	;;
pin)
	ctl set pin 4321 >/dev/null
	ctl sim pin >/dev/null
	at_chat 3 ABORT ERROR '' 'AT+CPIN?' 'SIM PIN' '' OK ||
		{ cat "$WORK/chat.log" >&2; fail "+CPIN? did not report SIM PIN"; }
	rc=0
	at_chat 3 ABORT 'ERROR: 16' '' 'AT+CPIN="1111"' OK || rc=$?
	[ "$rc" -eq 4 ] || { cat "$WORK/chat.log" >&2; fail "a wrong PIN was not refused with +CME ERROR: 16 (chat $rc)"; }
	at_chat 3 ABORT ERROR '' 'AT+CPIN="4321"' OK 'AT+CPIN?' READY ||
		{ cat "$WORK/chat.log" >&2; fail "the right PIN did not unlock"; }
	ctl state | matches '"sim":"ready"\|"card":"ready"' || { ctl state >&2; fail "the modem state is not SIM ready"; }
	! grep -q 4321 "$WORK/sim.log" || fail "the PIN shows in the emulator's log"
	;;
urc)
	wait_registered
	at_chat 3 ABORT ERROR '' 'AT+CEREG=2' OK || fail "AT+CEREG=2 failed"
	ctl lose-registration >/dev/null
	at_chat 3 '+CEREG: 2' '' || { cat "$WORK/chat.log" >&2; fail "no +CEREG: 2 URC after losing registration"; }
	ctl regain-registration >/dev/null
	at_chat 3 '+CEREG: 1,"' '' || { cat "$WORK/chat.log" >&2; fail "no +CEREG: 1 URC with location after regaining"; }
	;;
nocarrier)
	ctl lose-registration >/dev/null
	rc=0
	at_chat 3 ABORT 'NO CARRIER' '' 'ATD*99#' CONNECT || rc=$?
	[ "$rc" -eq 4 ] || { cat "$WORK/chat.log" >&2; fail "ATD without registration did not answer NO CARRIER (chat $rc)"; }
	rc=0
	at_chat 3 ABORT ERROR '' 'AT+NOSUCHTHING' OK || rc=$?
	[ "$rc" -eq 4 ] || fail "an unknown command was not answered ERROR (chat $rc)"
	;;
*)
	fail "unknown case $CASE"
	;;
esac
echo "ok: at_port $CASE"
