# kernel: qemu
# needs: dummy_hcd, libcomposite, usb_f_fs (FunctionFS), qcserial, qmi_wwan + cdc-wdm; libqmi-utils
# timeout: 180
# about: cellink-sim --usb presents the MC7455 (1199:9071); the real qcserial binds 0, 2, 3 and the
#        real qmi_wwan binds 8 (cdc-wdm0, wwan0 with qmi/raw_ip); Debian's qmicli, in its normal
#        mode (no --device-open-qmi), reads identity and signal, starts and stops a network session
. "$RK_SRC/tests/realkernel/usb-lib.sh"
command -v qmicli >/dev/null || skip "qmicli (libqmi-utils) is not installed"
usb_sim_start
for i in 0 2 3; do
	[ "$(driver_of $i)" = qcserial ] || fail "interface $i is bound to $(driver_of $i), not qcserial"
done
for i in 1 4 5 6 7; do
	[ "$(driver_of $i)" = none ] || fail "placeholder interface $i is bound to $(driver_of $i)"
done
[ "$(driver_of 8)" = qmi_wwan ] || fail "interface 8 is bound to $(driver_of 8), not qmi_wwan"
[ -d $USB_IF/usbmisc/cdc-wdm0 ] || fail "cdc-wdm0 is not under interface 8"
[ -d $USB_IF/net/wwan0 ] || fail "wwan0 is not under interface 8"
n=$(ls -d $USB_IF/../1-1:1.[023]/ttyUSB* | wc -l)
[ "$n" = 3 ] || fail "$n ttyUSB ports under interfaces 0, 2, 3 (expected 3)"
echo "bound: qcserial on 0 2 3 ($(cd /sys/bus/usb/drivers/qcserial && echo 1-1:*/ttyUSB* | tr '\n' ' ')), qmi_wwan on 8 (cdc-wdm0, wwan0, raw_ip=$(cat /sys/class/net/wwan0/qmi/raw_ip))"

Q="qmicli -d /dev/cdc-wdm0"
out=$($Q --dms-get-ids 2>&1) || fail "qmicli --dms-get-ids: $out"
grep -q "IMEI: '359072060000003'" <<<"$out" || fail "no IMEI in: $out"
out=$($Q --dms-get-model 2>&1) || fail "qmicli --dms-get-model: $out"
grep -q "MC7455" <<<"$out" || fail "no model in: $out"
out=$($Q --nas-get-signal-info 2>&1) || fail "qmicli --nas-get-signal-info: $out"
grep -q "RSRP: '-95 dBm'" <<<"$out" || fail "no RSRP in: $out"
echo "qmicli: identity and signal read over the real cdc-wdm0"

out=$($Q --wds-start-network=apn=internet,ip-type=4 --client-no-release-cid 2>&1) ||
	fail "qmicli --wds-start-network: $out"
handle=$(sed -n "s/.*Packet data handle: '\([0-9]*\)'.*/\1/p" <<<"$out")
cid=$(sed -n "s/.*CID: '\([0-9]*\)'.*/\1/p" <<<"$out")
[ -n "$handle" ] && [ -n "$cid" ] || fail "no handle or client id in: $out"
grep -qF '"sessions":[{' <<<"$(ctl state)" || fail "the emulator has no session after start-network"
out=$($Q --wds-get-current-settings --client-cid="$cid" --client-no-release-cid 2>&1) ||
	fail "qmicli --wds-get-current-settings: $out"
grep -q "10.42.0.2" <<<"$out" || fail "no IPv4 address in: $out"
out=$($Q --wds-stop-network="$handle" --client-cid="$cid" 2>&1) || fail "qmicli --wds-stop-network: $out"
! grep -qF '"sessions":[{' <<<"$(ctl state)" || fail "the session is still up after stop-network"
echo "qmicli: start-network (handle $handle, client $cid), settings, stop-network"
assert_no_cids
assert_one_frame_per_command
usb_sim_stop
echo "PASS: usb_qmicli"
