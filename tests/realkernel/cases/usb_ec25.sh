# kernel: qemu
# needs: dummy_hcd, libcomposite, usb_f_fs (FunctionFS), option, qmi_wwan + cdc-wdm
# timeout: 180
# about: cellink-sim --usb as the Quectel EC25 (2c7c:0125, QMI on interface 4, 802.3 by default):
#        the real qmi_wwan binds interface 4 and option the serial interfaces; cellink connect on
#        the real /dev/cdc-wdm0 switches modem and qmi_wwan to raw-IP, brings IPv4 up and pings
#        through the real wwan0; SIGTERM leaves no client id; one QMUX frame per command; and
#        cellink at answers on the real ttyUSB of the AT interface 2.
# Reduced composition: the whole EC25 (DIAG 0, NMEA 1, AT 2, modem 3, QMI 4)
# needs five bulk pairs and four interrupt IN endpoints, more than dummy_hcd
# offers (its QMI interface, declared last, got none). The USB personality
# presents interface 1 (NMEA) as an endpoint-less placeholder, so DIAG 0,
# AT 2, modem 3 and QMI 4 keep their real numbers and endpoints (the
# MC7455's footprint: four bulk pairs, three interrupt IN).
. "$RK_SRC/tests/realkernel/usb-lib.sh"
USB_IF=/sys/bus/usb/devices/1-1:1.4
usb_sim_start --profile quectel-ec25 --at "$SCRATCH/at"
grep -qi 2c7c /sys/bus/usb/devices/1-1/idVendor && grep -q 0125 /sys/bus/usb/devices/1-1/idProduct ||
	fail "the device is not 2c7c:0125: $(cat /sys/bus/usb/devices/1-1/idVendor):$(cat /sys/bus/usb/devices/1-1/idProduct)"
[ "$(driver_of 4)" = qmi_wwan ] || fail "interface 4 is bound to $(driver_of 4), not qmi_wwan"
[ -d $USB_IF/usbmisc/cdc-wdm0 ] || fail "cdc-wdm0 is not under interface 4"
[ -d $USB_IF/net/wwan0 ] || fail "wwan0 is not under interface 4"
for i in 0 2 3; do
	[ "$(driver_of $i)" = option ] || fail "interface $i is bound to $(driver_of $i), not option"
	ls "/sys/bus/usb/devices/1-1:1.$i" | matches '^ttyUSB' || fail "interface $i has no ttyUSB"
done
# qmi_wwan's Quectel rule matches any vendor ff/ff/ff interface and refuses
# the placeholder (no endpoints): nothing binds interface 1
[ "$(driver_of 1)" = none ] || fail "the placeholder interface 1 is bound to $(driver_of 1)"
echo "bound: $(for i in 0 1 2 3 4; do printf 'if%s=%s ' $i "$(driver_of $i)"; done)"
# qmi_wwan starts in 802.3 framing, as the EC25 does
[ "$(cat /sys/class/net/wwan0/qmi/raw_ip)" = N ] || fail "raw_ip is already Y before the session"
grep -q '"link_layer":"802-3"' <<<"$(ctl state)" || fail "the EC25 does not start in 802.3: $(ctl state)"

# the AT port: interface 2's ttyUSB, through the real option driver
tty=/dev/$(ls /sys/bus/usb/devices/1-1:1.2 | grep -m1 '^ttyUSB') || fail "no ttyUSB under interface 2"
out=$("$CELLINK" at --port "$tty" 'AT+CGMM' 2>&1) || fail "cellink at AT+CGMM on $tty: $out"
grep -qx 'EC25' <<<"$out" || fail "AT+CGMM on $tty did not answer EC25: $out"
out=$("$CELLINK" at --port "$tty" --info 2>&1) || fail "cellink at --info on $tty: $out"
grep -q EC25 <<<"$out" || fail "no model in: $out"
echo "AT over the real $tty (interface 2, option): AT+CGMM and --info answered"

cl_start connect --device /dev/cdc-wdm0 --apn internet --ip-type 4 --resolv "$SCRATCH/resolv.conf"
t0=$(now_ms)
wait_until 60 has_addr4 wwan0 10.42.0.2 || fail "IPv4: no address on wwan0"
t1=$(now_ms)
[ "$(cat /sys/class/net/wwan0/qmi/raw_ip)" = Y ] || fail "qmi_wwan's raw_ip is not Y with the link up"
grep -q '"link_layer":"raw-ip"' <<<"$(ctl state)" || fail "the modem was not set to raw-ip: $(ctl state)"
ip link show wwan0 | matches ",UP" || fail "wwan0 is not up"
ping -c 3 -W 5 -I wwan0 10.42.0.1 >"$SCRATCH/ping4" || fail "IPv4 ping through wwan0: $(cat "$SCRATCH/ping4")"
held=$(jnum total "$(ctl clients)")
cl_stop TERM
assert_no_cids
echo "EC25 IPv4: up in $((t1 - t0)) ms (802.3 -> raw-ip in modem and qmi_wwan), ping ok; $held client ids while up, none after SIGTERM"
assert_one_frame_per_command
usb_sim_stop
echo "PASS: usb_ec25"
