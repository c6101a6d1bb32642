#!/usr/bin/env bash
# Golden tests of `cellink decode` and `cellink encode`.
# usage: decode.sh CELLINK DATA_DIR
set -u
cellink=$1 data=$2
fail=0
check() { # name, expected, actual
	if [ "$2" != "$3" ]; then
		echo "FAIL: $1"; diff <(echo "$2") <(echo "$3") | head -20; fail=1
	else
		echo "ok: $1"
	fi
}

# A pasted verbose log: good frames decode, the bad one gets an error object, exit 1.
out=$("$cellink" decode < "$data/qmicli-verbose.log"); rc=$?
check "verbose log decodes to the golden JSON" "$(cat "$data/qmicli-verbose.golden")" "$out"
check "a bad frame makes the exit status 1" 1 "$rc"

# A ModemManager --debug log of an MBIM modem (journal and logread forms):
# MBIM and QMUX told apart, a message shown only in part and a RAW block
# whose data is shorter than its length named, exit 1.
out=$("$cellink" decode < "$data/modemmanager-mbim.log"); rc=$?
check "ModemManager log decodes to the golden JSON" "$(cat "$data/modemmanager-mbim.golden")" "$out"
check "a cut message makes the exit status 1" 1 "$rc"
# the same blocks with the log's own lengths all right: exit 0
out=$(grep -v -e '\.\.\.$' -e 'length = 52' "$data/modemmanager-mbim.log" | "$cellink" decode); rc=$?
check "a whole ModemManager log exit status" 0 "$rc"
check "every block decodes" 5 "$(grep -c '"protocol":"mbim"\|"service":"ctl"' <<<"$out")"
# mbimcli's own cut (no ModemManager in the log) gets mbimcli's advice
out=$(printf '[/dev/cdc-wdm0] Sent message...\n<<<<<< RAW:\n<<<<<<   length = 48\n<<<<<<   data   = 03:00:00:00:30:00...\n' | "$cellink" decode)
check "mbimcli's cut is named" '"error":"bytes cut short in the log: mbimcli --verbose shows only the first bytes; run it with --verbose-full"' \
	"$(grep -o '"error":"[^"]*"' <<<"$out")"

# Frames as arguments; all good -> exit 0.
out=$("$cellink" decode 01:0f:00:00:00:00:00:01:22:00:04:00:01:01:00:02); rc=$?
check "argument frame exit status" 0 "$rc"
check "argument frame names the message" '"allocate-cid"' "$(grep -o '"allocate-cid"' <<<"$out")"

# encode -> decode round trip through the command line, secrets hidden by default.
hex=$("$cellink" encode wds start-network apn=internet auth=chap username=u password=hunter2 ip-family=ipv4)
check "encode prints the request bytes" \
	"01:2d:00:00:01:01:00:01:00:20:00:21:00:14:08:00:69:6e:74:65:72:6e:65:74:16:01:00:02:17:01:00:75:18:07:00:68:75:6e:74:65:72:32:19:01:00:04" "$hex"
out=$("$cellink" decode --text <<<"$hex")
check "text layout hides the password" "  password: <hidden>" "$(grep password <<<"$out")"
out=$("$cellink" decode --text --show-secrets <<<"$hex")
check "--show-secrets shows it" "  password: hunter2" "$(grep password <<<"$out")"

# Bad input to encode is named, exit 2.
err=$("$cellink" encode wds start-network ip-family=ipv5 2>&1); rc=$?
check "encode rejects a bad enum value" 2 "$rc"
check "the error names the field" "cellink encode: 'ip-family-preference' does not take 'ipv5'" "$err"
err=$("$cellink" encode wds no-such-message 2>&1); rc=$?
check "unknown message exit status" 2 "$rc"

# Arrays of scalars take comma-separated values.
out=$("$cellink" encode --kind indication nas serving-system registration-state=registered radio-interfaces=lte,umts | "$cellink" decode)
check "array of enums round trip" '"radio-interfaces":["lte","umts"]' "$(grep -o '"radio-interfaces":[^]]*]' <<<"$out")"

# Not hex at all.
out=$("$cellink" decode "zz top"); rc=$?
check "garbage line exit status" 1 "$rc"
check "garbage line error" '{"line":1,"error":"not valid hex","input":"zz top"}' "$out"
# MBIM beside QMUX: told apart by the bytes, fragments joined across lines.
out=$("$cellink" decode 01:00:00:00:10:00:00:00:01:00:00:00:00:10:00:00); rc=$?
check "an MBIM OPEN decodes" '{"protocol":"mbim","type":"open","transaction":1,"max_control_transfer":4096}' "$out"
check "MBIM exit status" 0 "$rc"
# a signal-state answer (rssi 20) in two fragments, then a QMUX frame
out=$("$cellink" decode <<'HEX'
03 00 00 80 30 00 00 00 09 00 00 00 02 00 00 00 00 00 00 00 a2 89 cc 33 bc bb 8b 4f b6 b0 13 3e c2 aa e6 df 0b 00 00 00 00 00 00 00 14 00 00 00
03 00 00 80 28 00 00 00 09 00 00 00 02 00 00 00 01 00 00 00 14 00 00 00 63 00 00 00 05 00 00 00 00 00 00 00 ff ff ff ff
01:0f:00:00:00:00:00:01:22:00:04:00:01:01:00:02
HEX
); rc=$?
check "fragments join into one message" '{"protocol":"mbim","type":"command-done","transaction":9,"service":"basic-connect","cid":"signal-state","cid_id":11,"status":"success","buffer":{"rssi":20,"error-rate":99,"signal-strength-interval":5,"rssi-threshold":0,"error-rate-threshold":4294967295}}' "$(head -1 <<<"$out")"
check "the QMUX frame after it still decodes" '"allocate-cid"' "$(tail -1 <<<"$out" | grep -o '"allocate-cid"')"
check "fragments exit status" 0 "$rc"
# a second fragment without its first is named
out=$("$cellink" decode 03:00:00:80:28:00:00:00:09:00:00:00:02:00:00:00:01:00:00:00:14:00:00:00:63:00:00:00:05:00:00:00:00:00:00:00:ff:ff:ff:ff); rc=$?
check "lone fragment exit status" 1 "$rc"
check "lone fragment error" '"error":"protocol violation: fragment 1 of 2 (transaction 9) without its first"' "$(grep -o '"error":"[^"]*"' <<<"$out")"

# WMS and VOICE: a new-message report names its storage and index; a
# message's bytes are personal (hidden by --redact); USSD encodes.
out=$("$cellink" decode 01:18:00:80:05:02:04:00:00:01:00:0c:00:10:05:00:01:03:00:00:00:12:01:00:01)
check "wms event-report" '"message":"event-report","message_id":1,"tlvs":{"mt-message":{"storage-type":"nv","memory-index":3},"message-mode":"gsm-wcdma"}}' \
	"$(grep -o '"message":"event-report.*' <<<"$out")"
rr=01:3e:00:80:05:02:02:07:00:22:00:32:00:02:04:00:00:00:00:00:01:28:00:01:06:24:00:07:91:72:83:01:00:10:f5:04:0b:c8:72:38:88:09:00:f1:00:00:99:30:92:51:61:95:80:0a:e8:32:9b:fd:46:97:d9:ec:37
out=$("$cellink" decode "$rr")
check "wms raw-read" '"raw-message-data":{"message-tag":"mt-not-read","format":"gsm-wcdma-point-to-point","raw-data":"07917283010010f5040bc87238880900f10000993092516195800ae8329bfd4697d9ec37"}' \
	"$(grep -o '"raw-message-data":{[^}]*}' <<<"$out")"
out=$("$cellink" decode --redact "$rr")
check "wms raw-read redacted" '"raw-data":"<hidden>"' "$(grep -o '"raw-data":"[^"]*"' <<<"$out")"
hex=$("$cellink" encode voice originate-ussd uss-data.data-coding-scheme=ascii uss-data.data=2a:31:30:30:23)
check "voice originate-ussd encodes" "01:16:00:00:09:01:00:01:00:3a:00:0a:00:01:07:00:01:05:2a:31:30:30:23" "$hex"

# Nothing at all: said, not a silent success.
err=$("$cellink" decode "" 2>&1); rc=$?
check "empty argument exit status" 3 "$rc"
check "empty argument message" "cellink decode: nothing to decode: the arguments hold no hex frame" "$err"
err=$(printf '# a comment\n\n' | "$cellink" decode 2>&1); rc=$?
check "empty input exit status" 3 "$rc"
check "empty input message" "cellink decode: nothing to decode: no hex frame on standard input" "$err"
exit $fail
