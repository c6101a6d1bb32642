# kernel: qemu
# needs: dummy_hcd, gadgetfs, cdc_mbim + cdc-wdm, 8021q
# timeout: 150
# about: cellink connect --session 1 on the real cdc_mbim: cellink adds VLAN 1 (mbim1) on the real
#        wwanN, the address goes on it, ping through it travels as NTB16 with NDP16 "IPS1" (the
#        kernel's mapping of VLAN 1), counted by the emulator both ways as session 1's; wwanN
#        itself carries nothing; SIGTERM removes mbim1 and ends the session
. "$RK_SRC/tests/realkernel/usb-lib.sh"
modprobe 8021q 2>/dev/null || true
mbim_sim_start
cl_start connect --device "$MBIM_WDM" --protocol mbim --apn internet --ip-type 4 --session 1 \
	--resolv "$SCRATCH/resolv.conf"
t0=$(now_ms)
wait_until 60 has_addr4 mbim1 10.42.0.2 || { cat "$CLLOG"; fail "no IPv4 address on mbim1"; }
t1=$(now_ms)
matches "mbim1 added, VLAN 1 on $MBIM_NET" "$CLLOG" || { cat "$CLLOG"; fail "cellink did not say it added VLAN 1 on $MBIM_NET"; }
ip -d link show mbim1 | matches "vlan protocol 802.1Q id 1" || fail "mbim1 is not VLAN 1: $(ip -d link show mbim1)"
[ -z "$(ip -4 -o addr show dev "$MBIM_NET" scope global)" ] || fail "$MBIM_NET itself was configured"
matches "mbim: session 1 up" "$SIMLOG" || fail "the emulator has no MBIM session 1"
before=$(ctl usb)
ping -c 3 -i 0.2 -W 5 -I mbim1 10.42.0.1 >"$SCRATCH/ping4" || fail "IPv4 ping through mbim1: $(cat "$SCRATCH/ping4")"
after=$(ctl usb)
up=$(($(jnum datagrams_up_vlan "$after") - $(jnum datagrams_up_vlan "$before")))
down=$(($(jnum datagrams_down_vlan "$after") - $(jnum datagrams_down_vlan "$before")))
[ "$up" -ge 3 ] && [ "$down" -ge 3 ] || fail "the pings did not travel as session 1's NTBs: $up datagrams up, $down down ($after)"
[ "$(jnum ntbs_refused "$after")" = 0 ] || fail "NTBs from cdc_mbim refused: $after"
# untagged datagrams the kernel itself sends on the bare wwanN (IPv6 router
# solicitations) are session 0's, which is not up: counted, not carried
echo "datagrams of a session not up (the bare $MBIM_NET's own): $(jnum datagrams_no_session "$after")"
cl_stop TERM
matches "mbim1 removed" "$CLLOG" || { cat "$CLLOG"; fail "the VLAN link was not said removed"; }
! ip link show mbim1 >/dev/null 2>&1 || fail "mbim1 is still there after SIGTERM"
st=$(ctl state)
matches '"sessions":\[\]' <<<"$st" || fail "a session is still active after SIGTERM: $st"
echo "session 1: up in $((t1 - t0)) ms on mbim1 (VLAN 1 on $MBIM_NET), ping ok, $up datagrams up and $down down in NTB16 as IPS1"
assert_one_message_per_command
mbim_sim_stop
echo "PASS: usb_mbim_vlan"
