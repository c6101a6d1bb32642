# kernel: qemu
# needs: dummy_hcd, gadgetfs, cdc_mbim + cdc-wdm, IPv6
# timeout: 200
# about: cellink connect --protocol auto on the real cdc-wdm of cdc_mbim: MBIM is picked from the
#        bound driver, the session comes up (IPv4, then dual stack) and the address goes on the real
#        wwanN; ping through it travels as NTB16 (NDP16 "IPS0") on the bulk pair, counted by the
#        emulator both ways; SIGTERM ends clean (the session deactivated, the device closed)
. "$RK_SRC/tests/realkernel/usb-lib.sh"
mbim_sim_start
sysctl -qw net.ipv6.conf.all.disable_ipv6=0 2>/dev/null || true
for t in 4 4v6; do
	cl_start connect --device "$MBIM_WDM" --protocol auto --apn internet --ip-type "$t" --resolv "$SCRATCH/resolv.conf"
	t0=$(now_ms)
	wait_until 60 has_addr4 "$MBIM_NET" 10.42.0.2 || fail "ip-type $t: no IPv4 address on $MBIM_NET"
	[ "$t" = 4 ] || wait_until 60 has_addr6 "$MBIM_NET" 2001:db8:42::2 || fail "ip-type $t: no IPv6 address on $MBIM_NET"
	t1=$(now_ms)
	matches "(mbim: $MBIM_WDM is bound to cdc_mbim)" "$CLLOG" || fail "cellink did not pick MBIM from the bound driver"
	ip link show "$MBIM_NET" | matches ",UP" || fail "$MBIM_NET is not up"
	before=$(ctl usb)
	ping -c 3 -i 0.2 -W 5 -I "$MBIM_NET" 10.42.0.1 >"$SCRATCH/ping4" || fail "IPv4 ping through $MBIM_NET: $(cat "$SCRATCH/ping4")"
	if [ "$t" = 4v6 ]; then
		wait_until 20 bash -c "! ip -6 -o addr show dev $MBIM_NET | grep -q tentative" || fail "IPv6 address stays tentative"
		ping -6 -c 3 -i 0.2 -W 5 -I "$MBIM_NET" 2001:db8:42::1 >"$SCRATCH/ping6" || fail "IPv6 ping through $MBIM_NET: $(cat "$SCRATCH/ping6")"
	fi
	after=$(ctl usb)
	up=$(($(jnum datagrams_up "$after") - $(jnum datagrams_up "$before")))
	down=$(($(jnum datagrams_down "$after") - $(jnum datagrams_down "$before")))
	[ "$up" -ge 3 ] && [ "$down" -ge 3 ] || fail "the pings did not travel as NTBs: $up datagrams up, $down down ($after)"
	[ "$(jnum ntbs_refused "$after")" = 0 ] || fail "NTBs from cdc_mbim refused: $after"
	st=$(ctl state)
	matches '"sessions":\[{' <<<"$st" || fail "the emulator holds no session while the link is up"
	cl_stop TERM
	matches "the MBIM device closed" "$CLLOG" || fail "cellink did not close the MBIM device on SIGTERM"
	st=$(ctl state)
	matches '"sessions":\[\]' <<<"$st" || fail "a session is still active after SIGTERM: $st"
	echo "ip-type $t: up in $((t1 - t0)) ms on $MBIM_NET over MBIM, ping ok, $up datagrams up and $down down in NTB16"
done
assert_one_message_per_command
mbim_sim_stop
echo "PASS: usb_mbim_connect"
