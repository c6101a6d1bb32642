#!/usr/bin/env bash
# cellink sms and cellink ussd against cellink-sim, one case per run:
#   test_tool_sms.sh SIM_BIN CELLINK_BIN CASE
# Each command runs one-shot on the device and through a daemon; a message
# sent into the emulator (its control socket: sms-deliver) reaches the
# daemon's hook, a long one joined. Waits are bounded polls, never sleeps.
SIM_BIN=$1
CELLINK=$2
CASE=$3
source "$(dirname "$0")/sim_lib.sh"

D_PID=""
BG_PID=""
cleanup() {
	for p in $BG_PID $D_PID; do
		kill -KILL "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	sim_cleanup
}
trap cleanup EXIT

LOG="$WORK/daemon.log"
SOCK="$WORK/cellink.sock"

daemon_start() {
	conf="$WORK/cellink.conf"
	printf "config interface 'wan'\n\toption proto 'cellink'\n\toption device '%s'\n\toption apn 'internet'\n" \
		"$QMI" >"$conf"
	"$CELLINK" daemon --config "$conf" --control "$SOCK" --no-configure "$@" >"$LOG" 2>&1 &
	D_PID=$!
	wait_until 10 test -S "$SOCK" || { cat "$LOG" >&2; fail "no control socket"; }
	wait_until 15 connected || { cat "$LOG" >&2; fail "the daemon is not connected"; }
}
connected() { "$CELLINK" status --control "$SOCK" --json | matches '"connected":true'; }

# tool ARGS...: runs cellink ARGS, its output in OUT and its status in RC
tool() {
	RC=0
	OUT=$(timeout 30 "$CELLINK" "$@" 2>&1) || RC=$?
}
expect_rc() {
	[ "$RC" -eq "$1" ] || { printf '%s\n' "$OUT" >&2; fail "exit status $RC, expected $1"; }
}
zero_cids() { ctl clients | matches '"total":0'; }

# jq PATH JSON: the value at PATH (keys and indexes, dot-separated) of JSON
jq() {
	python3 -c 'import json, sys
v = json.loads(sys.argv[2])
for k in sys.argv[1].split("."):
    v = v[int(k)] if isinstance(v, list) else v[k]
print(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))' "$1" "$2" || fail "no $1 in $2"
}
# same WHAT GOT WANT: exact comparison
same() { [ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"; }

# %-escapes for sms-deliver: one argument however many spaces
esc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

LONG="Your data plan is 80% used. From midnight you surf at 64 kbit/s until the end of the month; \
text TOPUP to 2323 or dial *100# to buy more. Danke! Ihr Netz. [1/1] {end}"

# the store as WHERE expects: list, read, send, delete, each checked
store_cases() {
	local where=("$@")
	ctl sms-deliver +4917012345 "$(esc 'Hello, world: 5 € {ok}')" | matches '"indexes":\[0\]' || fail "sms-deliver"
	ctl sms-deliver Vodafone "$(esc "$LONG")" | matches '"indexes":\[1,2\]' || fail "a long message: two parts"
	# a published UCS-2 PDU with an alphanumeric sender
	ctl sms-pdu 07919730071111F10414D04937BD2C7797E9D3E614000811309291024061080442043504410442 >/dev/null
	tool sms "${where[@]}" list --json
	expect_rc 0
	json_valid sms "$OUT"
	expect "$OUT" '"from":"+4917012345",[^}]*"unread":true,"alphabet":"gsm7","parts":1,"complete":true,"text":"Hello, world: 5 € {ok}"'
	expect "$OUT" '"indexes":\[1,2\],"direction":"in","from":"Vodafone"'
	same "the long message" "$(jq messages.1.text "$OUT")" "$LONG"
	same "its parts" "$(jq messages.1.parts "$OUT")" 2
	expect "$OUT" '"from":"InternetSMS","time":"2011-03-29T19:20:04+04:00","unread":true,"alphabet":"ucs2"[^}]*"text":"тест"'
	tool sms "${where[@]}" list
	expect_rc 0
	expect "$OUT" '^nv/0     \* +4917012345 '
	expect "$OUT" 'Vodafone .*Your data plan is 80% used. From midnigh\.\.\. \[2 parts\]'
	# read: the whole text, and the message is read afterwards (both parts)
	tool sms "${where[@]}" read nv/1
	expect_rc 0
	expect "$OUT" '^From:  Vodafone$'
	[ "$(printf '%s\n' "$OUT" | tail -n 1)" = "$LONG" ] || fail "read: $OUT"
	ctl sms | matches '"index":2,"tag":"mt-read"' || fail "read left a part unread"
	tool sms "${where[@]}" read 1 --json
	json_valid sms "$OUT"
	expect "$OUT" '"unread":false'
	# send: from an argument, from stdin, a long one in parts, UCS-2
	tool sms "${where[@]}" send +491701234567 "Top up, please"
	expect_rc 0
	expect "$OUT" '^sent to +491701234567 (GSM 7-bit)$'
	OUT=$(printf '%s\n' "$LONG$LONG" | timeout 30 "$CELLINK" sms "${where[@]}" send 01701234567 --json 2>&1) ||
		fail "sms send from stdin: $OUT"
	json_valid sms "$OUT"
	expect "$OUT" '"to":"01701234567","parts":3,"alphabet":"gsm7"'
	tool sms "${where[@]}" send +491701234567 "Grüße 😀"
	expect "$OUT" '(UCS-2)'
	sent=$(ctl sms)
	expect "$sent" '"to":"+491701234567","parts":1,"alphabet":"gsm7","complete":true,"text":"Top up, please"'
	same "sent in three parts" "$(jq sent.1.text "$sent")" "$LONG$LONG"
	same "its parts" "$(jq sent.1.parts "$sent")" 3
	expect "$sent" '"alphabet":"ucs2","complete":true,"text":"Grüße 😀"'
	# bad input: usage (2), naming the problem
	tool sms "${where[@]}" send "+49 170" hi
	expect_rc 2
	expect "$OUT" "'+49 170' is not a phone number"
	tool sms "${where[@]}" read nv/x
	expect_rc 2
	expect "$OUT" "'nv/x' is not a message id"
	tool sms "${where[@]}" frobnicate
	expect_rc 2
	expect "$OUT" "unknown subcommand 'frobnicate'"
	tool sms "${where[@]}" read 9
	expect_rc 1
	expect "$OUT" 'no message 9'
	# delete: every part of a message, then all
	tool sms "${where[@]}" delete 1
	expect_rc 0
	expect "$OUT" '^deleted nv/1 nv/2$'
	tool sms "${where[@]}" delete all --json
	json_valid sms "$OUT"
	same "deleted" "$(jq deleted "$OUT")" '["nv/0", "nv/3"]'
	tool sms "${where[@]}" list
	expect "$OUT" '^no messages$'
}

ussd_cases() {
	local where=("$@")
	tool ussd "${where[@]}" '*100#'
	expect_rc 0
	expect "$OUT" '^Your balance is 12.50 EUR. Valid until 31.12.2026.$'
	ctl ussd '*101#' Остаток: 42 ₽ >/dev/null
	tool ussd "${where[@]}" '*101#' --json
	expect_rc 0
	json_valid ussd "$OUT"
	expect "$OUT" '"code":"\*101#","coding":"ucs2","answer":"Остаток: 42 ₽"'
	tool ussd "${where[@]}" '*999#'
	expect "$OUT" 'UNKNOWN APPLICATION'
	# firmware that answers at once and sends the text in a USSD indication
	ctl ussd-mode indication >/dev/null
	tool ussd "${where[@]}" '*101#'
	expect_rc 0
	expect "$OUT" '^Остаток: 42 ₽$'
	ctl ussd-mode response >/dev/null
	tool ussd "${where[@]}" 'balance'
	expect_rc 2
	expect "$OUT" "'balance' is not a USSD code"
}

# the hook: one file sms.N a message (N counts from 0), its CELLINK_ variables
hook="$WORK/hook.sh"
write_hook() {
	printf '#!/bin/sh\n[ "$1" = sms ] || exit 0\nn=$(ls "%s" | grep -c "^sms\\.")\nenv | grep "^CELLINK_" | sort >"%s/sms.$n.tmp"\nmv "%s/sms.$n.tmp" "%s/sms.$n"\n' \
		"$WORK" "$WORK" "$WORK" "$WORK" >"$hook"
	chmod +x "$hook"
}
not_connected() { "$CELLINK" status --control "$SOCK" --json | matches '"connected":false'; }
more_reports() { [ "$(grep -c -- "-> wms response set-event-report" "$WORK/sim.log")" -gt "$1" ]; }
all_read() { ! ctl sms | matches '"tag":"mt-not-read"'; }

case "$CASE" in
sms_oneshot)
	sim_start
	store_cases --device "$QMI"
	zero_cids || fail "a WMS client id was not given back: $(ctl clients)"
	# without a SIM its store is not there: the modem's own is still listed
	ctl sms-deliver +4917012345 nv-only >/dev/null
	ctl remove-sim >/dev/null
	tool sms --device "$QMI" list
	expect_rc 0
	expect "$OUT" '^nv/0 .*nv-only$'
	tool sms --device "$QMI" read uim/0
	expect_rc 1
	expect "$OUT" 'device-not-ready'
	ctl insert-sim >/dev/null
	# more than a list reads (64): the rest is counted, not lost silently
	for i in $(seq 1 36); do
		ctl sms-deliver +4917012345 "n$i" storage=uim >/dev/null
		ctl sms-deliver +4917012345 "m$i" >/dev/null
	done
	tool sms --device "$QMI" list --json
	expect_rc 0
	json_valid sms "$OUT"
	same "listed" "$(jq messages "$OUT" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 64
	same "left out" "$(jq left_out "$OUT")" 9
	tool sms --device "$QMI" list
	expect "$OUT" '^(9 more stored, not shown'
	tool sms --device "$QMI" delete all
	expect_rc 0
	tool sms --device "$QMI" list
	expect "$OUT" '^no messages$'
	# watch, then ^C: one update per message, parts joined; the cid goes back
	"$CELLINK" sms --device "$QMI" watch --json >"$WORK/watch.out" 2>&1 &
	BG_PID=$!
	wait_until 10 grep -q '"event":"watching"' "$WORK/watch.out" || fail "watch did not start"
	ctl sms-deliver Operator "$(esc "$LONG")" >/dev/null
	wait_until 10 grep -q '"event":"sms"' "$WORK/watch.out" || fail "watch saw no message"
	kill -INT "$BG_PID"
	wait "$BG_PID" || true
	BG_PID=""
	while read -r line; do json_valid sms_event "$line"; done <"$WORK/watch.out"
	line=$(grep '"event":"sms"' "$WORK/watch.out")
	same "watched sender" "$(jq message.from "$line")" Operator
	same "watched text" "$(jq message.text "$line")" "$LONG"
	same "watched parts" "$(jq message.parts "$line")" 2
	wait_until 5 zero_cids || fail "watch kept its client id: $(ctl clients)"
	sim_fields_clean
	;;
sms_daemon)
	sim_start
	write_hook
	daemon_start --hook "$hook"
	# the link's watch asks for new-message reports once it is up
	wait_until 10 grep -q -- "-> wms response set-event-report" "$WORK/sim.log" ||
		{ cat "$LOG" >&2; fail "the daemon did not ask for new-message reports"; }
	# an SMS sent into the emulator arrives on the hook, a long one joined
	ctl sms-deliver +4917012345 "$(esc 'Your code is 1234')" >/dev/null
	wait_until 10 test -f "$WORK/sms.0" || { cat "$LOG" >&2; fail "the hook did not run for the SMS"; }
	h=$(cat "$WORK/sms.0")
	expect "$h" '^CELLINK_SMS_FROM=+4917012345$'
	expect "$h" '^CELLINK_SMS_TEXT=Your code is 1234$'
	expect "$h" '^CELLINK_SMS_PARTS=1$'
	expect "$h" '^CELLINK_SMS_STORAGE=nv$'
	expect "$h" '^CELLINK_NAME=wan$'
	ctl sms-deliver Vodafone "$(esc "$LONG")" >/dev/null
	wait_until 10 test -f "$WORK/sms.1" || { cat "$LOG" >&2; fail "the hook did not run for the long SMS"; }
	h=$(cat "$WORK/sms.1")
	expect "$h" '^CELLINK_SMS_FROM=Vodafone$'
	grep -qxF "CELLINK_SMS_TEXT=$LONG" "$WORK/sms.1" || fail "the hook's text: $h"
	expect "$h" '^CELLINK_SMS_PARTS=2$'
	expect "$h" '^CELLINK_SMS_COMPLETE=1$'
	expect "$h" '^CELLINK_SMS_INDEXES=1 2$'
	# one hook per message, not per part: the next message is sms.2
	ctl sms-deliver +4917012345 next >/dev/null
	wait_until 10 test -f "$WORK/sms.2" || fail "the hook did not run for the third SMS"
	grep -qx "CELLINK_SMS_TEXT=next" "$WORK/sms.2" || fail "sms.2 is not the third message: $(cat "$WORK/sms.2")"
	# handed to the hook, so marked read: a restart does not hand them over again
	ctl sms | matches '"tag":"mt-not-read"' && fail "a message the hook had is still unread: $(ctl sms)"
	"$CELLINK" sms --control "$SOCK" delete all >/dev/null || fail "delete all"
	! grep -q PASSWORD "$WORK"/sms.* || fail "the hook saw a password variable"
	# the daemon and its link are unharmed
	connected || fail "the link went down"
	kill -TERM "$D_PID"
	wait "$D_PID" || true
	D_PID=""
	# the store through a daemon without a hook (a hook's watch marks
	# what it hands over read)
	daemon_start
	store_cases --control "$SOCK"
	connected || fail "the link went down"
	kill -TERM "$D_PID"
	wait "$D_PID" || true
	D_PID=""
	wait_until 5 zero_cids || fail "the daemon left client ids: $(ctl clients)"
	sim_fields_clean
	;;
sms_link_down)
	# the link is down (registration denied): an SMS still reaches the hook
	sim_start
	write_hook
	daemon_start --hook "$hook"
	wait_until 10 grep -q -- "-> wms response set-event-report" "$WORK/sim.log" ||
		{ cat "$LOG" >&2; fail "the daemon did not ask for new-message reports"; }
	reports=$(grep -c -- "-> wms response set-event-report" "$WORK/sim.log")
	ctl lose-registration state=denied >/dev/null
	wait_until 15 not_connected || { cat "$LOG" >&2; fail "the link did not go down"; }
	# the watch runs again on the reopened modem while registration waits
	wait_until 30 more_reports "$reports" ||
		{ cat "$LOG" >&2; fail "no SMS watch while the link is down"; }
	ctl sms-deliver Operator "$(esc 'Your data allowance is used up')" >/dev/null
	wait_until 10 test -f "$WORK/sms.0" || { cat "$LOG" >&2; fail "the hook did not run while the link was down"; }
	expect "$(cat "$WORK/sms.0")" '^CELLINK_SMS_TEXT=Your data allowance is used up$'
	st=$("$CELLINK" status --control "$SOCK" --json)
	expect "$st" '"connected":false'
	# back up: the message is not handed over a second time; the next one is sms.1
	ctl regain-registration >/dev/null
	wait_until 60 connected || { cat "$LOG" >&2; fail "the link did not come back"; }
	ctl sms-deliver Operator "$(esc 'Top-up received')" >/dev/null
	wait_until 10 test -f "$WORK/sms.1" || { cat "$LOG" >&2; fail "the hook did not run after the link came back"; }
	grep -qx "CELLINK_SMS_TEXT=Top-up received" "$WORK/sms.1" || fail "sms.1 is not the next message: $(cat "$WORK/sms.1")"
	[ ! -e "$WORK/sms.2" ] || fail "a message went to the hook twice: $(cat "$WORK"/sms.*)"
	kill -TERM "$D_PID"
	wait "$D_PID" || true
	D_PID=""
	wait_until 5 zero_cids || fail "the daemon left client ids: $(ctl clients)"
	sim_fields_clean
	;;
sms_stored)
	# messages stored while no daemon ran reach the hook once, the oldest first
	sim_start
	write_hook
	ctl sms-deliver +4917012345 "$(esc 'first')" >/dev/null
	ctl sms-deliver Vodafone "$(esc "$LONG")" >/dev/null
	ctl sms-deliver +4917012345 "$(esc 'third')" >/dev/null
	# the oldest, stored last, in the SIM's store: a published PDU of 2011
	ctl sms-pdu 07919730071111F10414D04937BD2C7797E9D3E614000811309291024061080442043504410442 \
		storage=uim >/dev/null
	daemon_start --hook "$hook"
	wait_until 10 test -f "$WORK/sms.3" || { cat "$LOG" >&2; fail "the hook did not run for the stored messages"; }
	grep -qx "CELLINK_SMS_TEXT=тест" "$WORK/sms.0" || fail "sms.0 (the oldest): $(cat "$WORK/sms.0")"
	expect "$(cat "$WORK/sms.0")" '^CELLINK_SMS_STORAGE=uim$'
	grep -qx "CELLINK_SMS_TEXT=first" "$WORK/sms.1" || fail "sms.1: $(cat "$WORK/sms.1")"
	grep -qxF "CELLINK_SMS_TEXT=$LONG" "$WORK/sms.2" || fail "sms.2 (joined): $(cat "$WORK/sms.2")"
	expect "$(cat "$WORK/sms.2")" '^CELLINK_SMS_PARTS=2$'
	expect "$(cat "$WORK/sms.2")" '^CELLINK_SMS_INDEXES=1 2$'
	grep -qx "CELLINK_SMS_TEXT=third" "$WORK/sms.3" || fail "sms.3: $(cat "$WORK/sms.3")"
	wait_until 10 all_read || fail "handed over but not marked read: $(ctl sms)"
	kill -TERM "$D_PID"
	wait "$D_PID" || true
	D_PID=""
	# a second daemon hands over none of them: the next hook is the new message's
	daemon_start --hook "$hook"
	ctl sms-deliver +4917012345 "$(esc 'fresh')" >/dev/null
	wait_until 10 test -f "$WORK/sms.4" || { cat "$LOG" >&2; fail "the hook did not run for the new message"; }
	grep -qx "CELLINK_SMS_TEXT=fresh" "$WORK/sms.4" || fail "sms.4 is not the new message: $(cat "$WORK/sms.4")"
	[ ! -e "$WORK/sms.5" ] || fail "a message went to the hook twice: $(cat "$WORK"/sms.*)"
	kill -TERM "$D_PID"
	wait "$D_PID" || true
	D_PID=""
	wait_until 5 zero_cids || fail "the daemon left client ids: $(ctl clients)"
	sim_fields_clean
	;;
sms_two_pdns)
	# two PDNs of one modem under one daemon: one hook run per message
	if [ "$(id -u)" -ne 0 ]; then
		echo "SKIP: $CASE needs root (network namespace and TUN devices)"
		exit 77
	fi
	NETNS="smstest$$"
	ip netns add "$NETNS" || { echo "SKIP: cannot create a network namespace"; exit 77; }
	sim_start --netns "$NETNS" --ifname wwan0 --sysfs "$WORK/sys"
	write_hook
	conf="$WORK/cellink.conf"
	for s in wan:1 ims:2; do
		printf "config interface '%s'\n\toption proto 'cellink'\n\toption device '%s'\n\toption apn 'internet'\n\toption mux_id '%s'\n" \
			"${s%:*}" "$QMI" "${s#*:}" >>"$conf"
	done
	ip netns exec "$NETNS" "$CELLINK" daemon --config "$conf" --control "$SOCK" --sysfs "$WORK/sys" \
		--no-configure --hook "$hook" >"$LOG" 2>&1 &
	D_PID=$!
	wait_until 10 test -S "$SOCK" || { cat "$LOG" >&2; fail "no control socket"; }
	both_up() {
		"$CELLINK" status --control "$SOCK" --json |
			python3 -c 'import json,sys; m=json.load(sys.stdin)["modems"]; sys.exit(0 if len(m)==2 and all(x["status"]["connected"] for x in m) else 1)'
	}
	wait_until 20 both_up || { cat "$LOG" >&2; fail "the two PDNs never were both up"; }
	ctl sms-deliver +4917012345 one >/dev/null
	wait_until 10 test -f "$WORK/sms.0" || { cat "$LOG" >&2; fail "the hook did not run"; }
	grep -qx "CELLINK_SMS_TEXT=one" "$WORK/sms.0" || fail "sms.0: $(cat "$WORK/sms.0")"
	# the lead's session drops (its watch stops while it reconnects): a
	# message that comes meanwhile is handed over once, by the lead's watch
	ctl drop-session mux=1 >/dev/null || fail "the emulator dropped nothing"
	ctl sms-deliver +4917012345 two >/dev/null
	wait_until 30 test -f "$WORK/sms.1" || { cat "$LOG" >&2; fail "the hook did not run for the second message"; }
	grep -qx "CELLINK_SMS_TEXT=two" "$WORK/sms.1" || fail "sms.1: $(cat "$WORK/sms.1")"
	ctl sms-deliver +4917012345 three >/dev/null
	wait_until 30 test -f "$WORK/sms.2" || { cat "$LOG" >&2; fail "the hook did not run for the third message"; }
	grep -qx "CELLINK_SMS_TEXT=three" "$WORK/sms.2" || fail "a message went to the hook twice: $(cat "$WORK"/sms.*)"
	wait_until 20 both_up || { cat "$LOG" >&2; fail "the PDNs did not come back"; }
	[ ! -e "$WORK/sms.3" ] || fail "a message went to the hook twice: $(cat "$WORK"/sms.*)"
	kill -TERM "$D_PID"
	wait "$D_PID" || true
	D_PID=""
	wait_until 5 zero_cids || fail "the daemon left client ids: $(ctl clients)"
	;;
ussd_oneshot)
	sim_start
	wait_registered
	ussd_cases --device "$QMI"
	zero_cids || fail "a VOICE client id was not given back: $(ctl clients)"
	sim_fields_clean
	;;
ussd_daemon)
	sim_start
	daemon_start
	ussd_cases --control "$SOCK"
	sim_fields_clean
	;;
*)
	echo "unknown case $CASE" >&2
	exit 2
	;;
esac
echo "PASS: $CASE"
