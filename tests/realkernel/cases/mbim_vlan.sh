# kernel: qemu
# needs: 8021q, tun, network namespaces
# timeout: 120
# about: MBIM session 1 on the emulator's cdc_mbim-like wwan0 (TAP, NOARP): cellink connect
#        adds VLAN 1 (mbim1) over rtnetlink, configures it, pings through it, removes it on
#        stop; a foreign mbim1 is refused (tests/integration/test_connect.sh mbim_session_vlan)
modprobe 8021q 2>/dev/null || true
exec bash "$RK_SRC/tests/integration/test_connect.sh" "$CELLINK_SIM" "$CELLINK" mbim_session_vlan
