# kernel: qemu
# needs: ppp_generic + ppp_async (/dev/ppp), network namespaces, pppd
# timeout: 120
# about: the emulator's pppd peer and cellink connect --mode ppp negotiate LCP/IPCP over the
#        emulator's pty AT port through the real ppp_async; ping the peer through ppp0; clean
#        hang-up; cellink at on the port afterwards (tests/integration/test_ppp.sh e2e)
exec bash "$RK_SRC/tests/integration/test_ppp.sh" "$CELLINK_SIM" "$CELLINK" e2e
