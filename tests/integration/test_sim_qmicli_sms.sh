#!/usr/bin/env bash
# Interop for the SMS store and USSD of cellink-sim, with clients that are
# not ours: the real qmicli (libqmi-utils) for the WMS routes, and
# libqmi_wms (libqmi-glib's own builders and parsers; qmicli has no option
# for the store or USSD) for list-messages, raw-read, new-message reports
# and originate-ussd.
# usage: test_sim_qmicli_sms.sh CELLINK_SIM LIBQMI_WMS|none CASE
SIM_BIN=$1
LIBQMI_WMS=$2
CASE=$3
. "$(dirname "$0")/sim_lib.sh"

need_qmicli() {
	command -v qmicli >/dev/null || { echo "SKIP: qmicli not installed (libqmi-utils)"; exit 77; }
}
need_libqmi() {
	[ "$LIBQMI_WMS" != none ] || { echo "SKIP: libqmi-glib (pkg-config qmi-glib) not installed"; exit 77; }
}
lq() {
	timeout 30 "$LIBQMI_WMS" "$QMI" "$@" 2>"$WORK/lq.err" || { cat "$WORK/lq.err" >&2; fail "libqmi_wms $*"; }
}

# qmicli reads and sets the routes; a message of no class then goes where they say
case_routes() {
	need_qmicli
	sim_start
	out=$(qmi --wms-get-routes)
	expect "$out" "Storage Type: nv"
	expect "$out" "Receipt Action: store-and-notify"
	out=$(qmi --wms-set-routes="type=point,class=none,storage=uim,receipt-action=store-and-notify")
	expect "$out" "Successfully set SMS routes"
	out=$(qmi --wms-get-routes)
	expect "$out" "Storage Type: uim"
	ctl sms-deliver +4917012345 routed | matches '"storage":"uim","indexes":\[0\]' ||
		fail "the message did not go to the SIM as the routes say"
	sim_fields_clean
}

# libqmi lists and reads the store: a published PDU comes back byte for byte
case_store() {
	need_libqmi
	sim_start
	pdu=07917283010010f5040bc87238880900f10000993092516195800ae8329bfd4697d9ec37
	ctl sms-pdu "$pdu" | matches '"indexes":\[0\]' || fail "sms-pdu"
	ctl sms-deliver Vodafone "Data%20plan%2080%25%20used" | matches '"indexes":\[1\]' || fail "sms-deliver"
	out=$(lq list nv)
	expect "$out" "^0 mt-not-read$"
	expect "$out" "^1 mt-not-read$"
	[ "$(lq list uim)" = "" ] || fail "the SIM's store should be empty"
	out=$(lq read nv 0)
	[ "$out" = "mt-not-read gsm-wcdma-point-to-point $pdu" ] || fail "raw-read gave '$out'"
	# an alphanumeric sender (type 0xd0) in the PDU libqmi reads
	out=$(lq read nv 1)
	expect "$out" "^mt-not-read gsm-wcdma-point-to-point 07919471016700000[04]..d0"
	out=$(timeout 30 "$LIBQMI_WMS" "$QMI" read nv 7 2>&1 || true)
	expect "$out" "InvalidIndex\|invalid-index\|Invalid index"
	# modify-tag and delete as libqmi builds them
	[ "$(lq tag nv 0)" = tagged ] || fail "modify-tag"
	expect "$(lq list nv)" "^0 mt-read$"
	[ "$(lq delete nv 0)" = deleted ] || fail "delete"
	expect "$(lq list nv)" "^1 mt-not-read$"
	[ "$(lq list nv | wc -l)" = 1 ] || fail "delete left nv/0"
	sim_fields_clean
}

# libqmi's raw-send of the tutorial's SMS-SUBMIT: accepted, decoded, numbered
case_send() {
	need_libqmi
	sim_start
	wait_registered
	out=$(lq send 0011000b916407281553f80000aa0ae8329bfd4697d9ec37)
	expect "$out" "^id 0$"
	ctl sms | matches '"sent":\[{"to":"+46708251358","parts":1,"alphabet":"gsm7","complete":true,"text":"hellohello"}\]' ||
		fail "the emulator did not keep the message libqmi sent: $(ctl sms)"
	# not an SMS-SUBMIT: refused with a cause
	out=$(timeout 30 "$LIBQMI_WMS" "$QMI" send 07917283010010f5040bc87238880900f10000993092516195800ae8329bfd4697d9ec37 2>&1 || true)
	expect "$out" "WmsCauseCode\|wms-cause-code"
	sim_fields_clean
}

# libqmi gets the new-message report (storage and index) of an arriving SMS,
# and one per part of a long one
case_event() {
	need_libqmi
	sim_start
	"$LIBQMI_WMS" "$QMI" watch 20 >"$WORK/watch.out" 2>"$WORK/watch.err" &
	watcher=$!
	wait_until 20 grep -q '^ready' "$WORK/watch.out" || fail "libqmi_wms did not ask for reports"
	ctl sms-deliver +4917012345 hello | matches '"ok":true' || fail "sms-deliver"
	wait "$watcher" || { cat "$WORK/watch.err" >&2; fail "no event report reached libqmi"; }
	expect "$(cat "$WORK/watch.out")" "^event nv 0$"
	long=$(printf 'part%%20of%%20a%%20long%%20message%%20%.0s' $(seq 1 12))
	ctl sms-deliver Operator "$long" | matches '"indexes":\[1,2\]' || fail "a long message should take two parts"
	sim_fields_clean
}

# libqmi's originate-ussd gets the scripted answer: ASCII, or UCS-2 when it is not
case_ussd() {
	need_libqmi
	sim_start
	wait_registered
	out=$(lq ussd '*100#')
	expect "$out" "^ascii $(printf 'Your balance is 12.50 EUR.' | od -An -tx1 | tr -d ' \n')"
	ctl ussd '*101#' Guthaben: 5,00 € | matches '"ok":true' || fail "ussd"
	out=$(lq ussd '*101#')
	# UCS-2 big-endian: "G" 0047 ... "€" 20ac
	expect "$out" "^ucs2 0047007500740068006100620065006e003a00200035002c00300030002020ac$"
	sim_fields_clean
}

case_"$CASE"
echo "PASS: $CASE"
