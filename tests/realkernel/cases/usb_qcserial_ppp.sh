# kernel: qemu
# needs: dummy_hcd + configfs gadget (usb_f_serial), qcserial, ppp_generic + ppp_async, netns
# timeout: 150
# about: cellink-sim's AT port on the gadget side (/dev/ttyGS3) of an MC7455-shaped gadget; the
#        real qcserial makes interface 3 /dev/ttyUSB2. cellink at over it, then cellink connect
#        --mode ppp: LCP/IPCP through the real ppp_async on the real USB tty, ping through ppp0,
#        SIGTERM hangs up and the port answers AT again.
set -euo pipefail
SIM_BIN=$CELLINK_SIM
. "$RK_SRC/tests/integration/sim_lib.sh"
. "$RK_SRC/tests/realkernel/gadget.sh"
CL_NS="rk-ppp-cl"
CL_PID=""
LOG="$WORK/cellink.log"
cleanup() {
	[ -z "$CL_PID" ] || { kill -TERM "$CL_PID" 2>/dev/null; wait "$CL_PID" 2>/dev/null || true; }
	sim_cleanup
	ip netns del "$CL_NS" 2>/dev/null || true
	gadget_remove mc7455 || true
}
trap cleanup EXIT

gadget_create mc7455 0x1199 0x9071 "Sierra Wireless, Incorporated" "MC7455 (cellink gadget)"
for i in 0 1 2 3; do gadget_function mc7455 "gser.$i"; done
port=$(cat "$GADGET_ROOT/mc7455/functions/gser.3/port_num")
gadget_bind mc7455 || fail "the host side did not enumerate the gadget"
tty=$(ls "/sys/bus/usb/devices/$GADGET_USB:1.3/" | grep -m1 '^ttyUSB') || fail "interface 3 has no ttyUSB"
AT=/dev/$tty
rk_wait 10 test -c "$AT" || fail "$AT did not appear"
echo "modem port: $AT (host, qcserial) <-> /dev/ttyGS$port (gadget, cellink-sim)"

NETNS=rk-ppp-srv
ip netns add "$NETNS"
ip netns add "$CL_NS"
ip -n "$CL_NS" link set lo up
sim_start --at "/dev/ttyGS$port" --register-delay 50 --netns "$NETNS"
wait_registered

# cellink at over the real USB serial tty
out=$("$CELLINK" at --port "$AT" 'AT+CGMM') || fail "cellink at AT+CGMM failed: $out"
expect "$out" '^MC7455$'
json=$("$CELLINK" at --port "$AT" --info --signal --json) || fail "cellink at --info --signal failed"
expect "$json" '"model": "MC7455"'
expect "$json" '"rssi_dbm": -[0-9]'
echo "cellink at: ok"

# PPP over it, with the real ppp_async on /dev/ttyUSB2
t0=$(date +%s.%N)
ip netns exec "$CL_NS" "$CELLINK" connect --mode ppp --port "$AT" --apn internet \
	--runtime-dir "$WORK/run" --verbose >"$LOG" 2>&1 &
CL_PID=$!
mkdir -p "$WORK/run"
wait_until 60 grep -q 'link up on ppp' "$LOG" || { cat "$LOG"; fail "no link up"; }
ifc=$(sed -n 's/.*link up on \(ppp[0-9]*\).*/\1/p' "$LOG" | head -n 1)
has_peer4() { ip -n "$CL_NS" -4 addr show "$ifc" | matches 'inet [0-9.]* peer '; }
wait_until 30 has_peer4 || { cat "$LOG"; fail "$ifc has no IPv4 address and peer"; }
t1=$(date +%s.%N)
peer=$(ip -n "$CL_NS" -4 addr show "$ifc" | sed -n 's/.*inet [0-9.]* peer \([0-9.]*\).*/\1/p')
up=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
echo "link up on $ifc, peer $peer, $up s after start"
echo "FIGURE: PPP over the real qcserial /dev/$tty: IPv4 up $up s after cellink connect started (QEMU TCG)"
ip netns exec "$CL_NS" ping -c 3 -W 2 -I "$ifc" "$peer" >"$WORK/ping" 2>&1 ||
	{ cat "$WORK/ping"; fail "no answer from $peer through $ifc"; }
grep -q ' 0% packet loss' "$WORK/ping" || fail "packets lost: $(cat "$WORK/ping")"
echo "ping through $ifc: ok"

kill -TERM "$CL_PID"
rc=0
wait_until 30 bash -c "! kill -0 $CL_PID 2>/dev/null" || { cat "$LOG"; fail "cellink did not end after SIGTERM"; }
wait "$CL_PID" || rc=$?
CL_PID=""
[ $rc -eq 0 ] || { cat "$LOG"; fail "cellink exited $rc after SIGTERM"; }
wait_until 10 bash -c "! ip -n $CL_NS link show $ifc" || fail "$ifc is still there after the hang-up"
wait_until 15 grep -q 'ppp peer: pppd ended' "$WORK/sim.log" || fail "the emulator's pppd did not end"
"$CELLINK" at --port "$AT" AT >/dev/null || { cat "$LOG"; fail "the port is not back in command mode"; }
echo "hang-up: ok"
cat "$LOG"
echo "ok"
