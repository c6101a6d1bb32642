# kernel: qemu
# needs: dummy_hcd, libcomposite, usb_f_fs (FunctionFS), option, qmi_wwan + cdc-wdm; libqmi-utils
# timeout: 120
# about: cellink-sim --usb as the Huawei ME909s (12d1:15c1, QMI on interface 1, 802.3 by default):
#        the real qmi_wwan binds interface 1; with the modem and qmi_wwan both in 802.3 framing, a
#        session started with qmicli carries ARP and ping as Ethernet frames through the real wwan0
. "$RK_SRC/tests/realkernel/usb-lib.sh"
command -v qmicli >/dev/null || skip "qmicli (libqmi-utils) is not installed"
USB_IF=/sys/bus/usb/devices/1-1:1.1
usb_sim_start --profile huawei-me909s
[ "$(driver_of 1)" = qmi_wwan ] || fail "interface 1 is bound to $(driver_of 1), not qmi_wwan"
[ -d $USB_IF/usbmisc/cdc-wdm0 ] || fail "cdc-wdm0 is not under interface 1"
[ "$(cat /sys/class/net/wwan0/qmi/raw_ip)" = N ] || fail "qmi_wwan is not in 802.3 mode"
# the ME909s's SIM is not initialised at power-up: a call before it registers fails
wait_until 30 bash -c "'$CELLINK_SIM' ctl '$CTL' state | grep -q '\"registration\":\"home\"'" ||
	fail "the modem did not register: $(ctl state)"
Q="qmicli -d /dev/cdc-wdm0"
out=$($Q --wda-get-data-format 2>&1) || fail "qmicli --wda-get-data-format: $out"
grep -q "802-3" <<<"$out" || fail "the modem is not in 802.3: $out"
out=$($Q --wds-start-network=apn=internet,ip-type=4 --client-no-release-cid 2>&1) ||
	fail "qmicli --wds-start-network: $out"
handle=$(sed -n "s/.*Packet data handle: '\([0-9]*\)'.*/\1/p" <<<"$out")
cid=$(sed -n "s/.*CID: '\([0-9]*\)'.*/\1/p" <<<"$out")
[ -n "$handle" ] && [ -n "$cid" ] || fail "no handle or client id in: $out"
ip addr add 10.42.0.2/30 dev wwan0
ip link set wwan0 up
ping -c 3 -W 5 -I wwan0 10.42.0.1 >"$SCRATCH/ping" || fail "ping over 802.3: $(cat "$SCRATCH/ping")"
ip neigh show dev wwan0 | matches "10.42.0.1 lladdr" || fail "no ARP entry for the gateway: $(ip neigh show dev wwan0)"
echo "802.3: ARP and ping through the real wwan0 ($(ip neigh show dev wwan0 | head -n 1))"
ip link set wwan0 down
out=$($Q --wds-stop-network="$handle" --client-cid="$cid" 2>&1) || fail "qmicli --wds-stop-network: $out"
assert_no_cids
assert_one_frame_per_command
usb_sim_stop
echo "PASS: usb_8023"
