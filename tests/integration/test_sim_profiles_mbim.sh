#!/usr/bin/env bash
# cellink-sim's MBIM-mode profiles (sierra-em7455-mbim, sierra-em7565-mbim):
# their USB listing and sysfs tree as the doctor reads them (qcserial on 0,
# 2 and 3, cdc_mbim on 12 and 13, the MBIM advice), --qmi refused, and the
# MBIM function answering with the profile's identity, QMI over MBIM
# included (cellink cells through the QMI service).
# usage: test_sim_profiles_mbim.sh CELLINK_SIM CELLINK PROFILE
set -euo pipefail
SIM_BIN=$1 CELLINK=$2 PROFILE=$3
. "$(dirname "$0")/sim_lib.sh"
case $PROFILE in
sierra-em7455-mbim) id=1199:9079 name="Sierra Wireless EM7455 (Lenovo)" model=EM7455 ;;
sierra-em7565-mbim) id=1199:9091 name="Sierra Wireless EM7565" model=EM7565 ;;
*) fail "unknown profile $PROFILE" ;;
esac
row() { # row TEXT IF FUNCTION DRIVER: the doctor's row for interface IF
	grep -E "^  $2 +[0-9a-f/]+ +[a-z ]+ +$3 +$4 +$4 +ok( .*)?$" <<<"$1" >/dev/null ||
		fail "interface $2 is not shown as $3 driven by $4, as expected: $1"
}
"$SIM_BIN" --profile "$PROFILE" --usb-devices >"$WORK/listing"
out=$("$CELLINK" doctor --kernel 6.1 "$WORK/listing")
matches -F "$id  $name" <<<"$out" || fail "the doctor does not name $id as $name: $out"
for i in 0 2; do row "$out" $i '(diag|nmea)' qcserial; done
row "$out" 3 modem qcserial
row "$out" 12 mbim cdc_mbim
row "$out" 13 mbim cdc_mbim
matches "Interface 12 is MBIM and cdc_mbim drives it" <<<"$out" || fail "no MBIM conclusion: $out"
matches "option protocol 'mbim'" <<<"$out" || fail "the suggested configuration is not MBIM: $out"
# QMI on a pty is not what this composition speaks
rc=0
"$SIM_BIN" --profile "$PROFILE" --qmi "$WORK/q" 2>"$WORK/err" || rc=$?
[ "$rc" = 2 ] && matches "is an MBIM composition" "$WORK/err" || fail "--qmi not refused ($rc): $(cat "$WORK/err")"
# the running emulator's sysfs tree, read as the live system's
SIM_PROTO=mbim sim_start --profile "$PROFILE" --register-delay 0 --sysfs "$WORK/sys"
wait_until 10 test -d "$WORK/sys/bus/usb/devices" || fail "no sysfs tree"
out=$("$CELLINK" doctor --kernel 6.1 --sysfs "$WORK/sys")
row "$out" 12 mbim cdc_mbim
row "$out" 13 mbim cdc_mbim
matches -E "^  12 .* ok +cdc-wdm0 wwan0$" <<<"$out" || fail "the doctor does not name cdc-wdm0 and wwan0 under interface 12: $out"
# the MBIM function: device caps, and the QMI service of a Qualcomm-based modem
timeout 30 mbimcli -d "$QMI" --query-device-caps >"$WORK/caps" 2>&1 || true
if command -v mbimcli >/dev/null; then
	matches "$model" "$WORK/caps" || fail "mbimcli's device caps do not name $model: $(cat "$WORK/caps")"
	timeout 30 mbimcli -d "$QMI" --query-device-services >"$WORK/svcs" 2>&1 || true
	matches -i "qmi" "$WORK/svcs" || fail "the QMI-over-MBIM service is not listed: $(cat "$WORK/svcs")"
fi
printf '' >"$WORK/none.conf"
out=$(timeout 60 "$CELLINK" cells --json --device "$QMI" --config "$WORK/none.conf" 2>&1) ||
	fail "cellink cells (QMI over MBIM) failed: $out"
matches '"plmn":"26201"' <<<"$out" || fail "cellink cells over QMI over MBIM: $out"
grep -q "command qmi msg" "$WORK/sim.log" || fail "no QMI-over-MBIM command in the emulator log"
echo "PASS: $PROFILE"
