# kernel: qemu
# needs: dummy_hcd, libcomposite, usb_f_fs (FunctionFS), qmi_wwan + cdc-wdm, IPv6
# timeout: 240
# about: cellink connect on the real /dev/cdc-wdm0: raw-IP negotiated with the modem and switched
#        in qmi_wwan (down, set, up), IPv4, IPv6 and dual stack, ping through the real wwan0,
#        SIGTERM leaves no client id held; every command on ep0 holds exactly one QMUX frame
. "$RK_SRC/tests/realkernel/usb-lib.sh"
usb_sim_start
sysctl -qw net.ipv6.conf.all.disable_ipv6=0 2>/dev/null || true
for t in 4 6 4v6; do
	[ "$(cat /sys/class/net/wwan0/qmi/raw_ip)" = N ] || echo "raw_ip is already Y before the $t run"
	cl_start connect --device /dev/cdc-wdm0 --apn internet --ip-type "$t" --resolv "$SCRATCH/resolv.conf"
	t0=$(now_ms)
	case $t in
	4) wait_until 60 has_addr4 wwan0 10.42.0.2 || fail "IPv4: no address on wwan0" ;;
	6) wait_until 60 has_addr6 wwan0 2001:db8:42::2 || fail "IPv6: no address on wwan0" ;;
	4v6)
		wait_until 60 has_addr4 wwan0 10.42.0.2 || fail "dual stack: no IPv4 address"
		wait_until 60 has_addr6 wwan0 2001:db8:42::2 || fail "dual stack: no IPv6 address"
		;;
	esac
	t1=$(now_ms)
	[ "$(cat /sys/class/net/wwan0/qmi/raw_ip)" = Y ] || fail "qmi_wwan's raw_ip is not Y with the link up"
	grep -q '"link_layer":"raw-ip"' <<<"$(ctl state)" || fail "the modem was not set to raw-ip"
	ip link show wwan0 | matches ",UP" || fail "wwan0 is not up"
	case $t in
	4 | 4v6) ping -c 3 -W 5 -I wwan0 10.42.0.1 >"$SCRATCH/ping4" || fail "IPv4 ping through wwan0: $(cat "$SCRATCH/ping4")" ;;
	esac
	case $t in
	6 | 4v6)
		wait_until 20 bash -c '! ip -6 -o addr show dev wwan0 | grep -q tentative' || fail "IPv6 address stays tentative"
		ping -6 -c 3 -W 5 -I wwan0 2001:db8:42::1 >"$SCRATCH/ping6" || fail "IPv6 ping through wwan0: $(cat "$SCRATCH/ping6")"
		;;
	esac
	held=$(jnum total "$(ctl clients)")
	cl_stop TERM
	assert_no_cids
	echo "ip-type $t: up in $((t1 - t0)) ms (address on the real wwan0), raw_ip=Y, ping ok; $held client ids while up, none after SIGTERM"
done
assert_one_frame_per_command
usb_sim_stop
echo "PASS: usb_connect"
