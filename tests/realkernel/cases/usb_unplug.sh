# kernel: qemu
# needs: dummy_hcd, libcomposite, usb_f_fs (FunctionFS), qmi_wwan + cdc-wdm; libqmi-utils
# timeout: 240
# about: cellink daemon on the real cdc-wdm0; the modem vanishes from the bus while the link is up
#        (the gadget unbound from the controller: cdc-wdm0 and wwan0 go away) and comes back with
#        fresh state; the link returns with no operator action; prints the time to recover
. "$RK_SRC/tests/realkernel/usb-lib.sh"
usb_sim_start
conf=$SCRATCH/cellink.conf
sock=$SCRATCH/cellink.sock
printf "config interface 'wan'\n\toption proto 'cellink'\n\toption device '/dev/cdc-wdm0'\n\toption apn 'internet'\n\toption pdptype 'ipv4'\n" >"$conf"
cl_start daemon --config "$conf" --control "$sock" --runtime-dir "$SCRATCH"
connected() { "$CELLINK" status --control "$sock" --json | matches '"connected":true'; }
ping_gw() { ping -c 1 -W 1 -I wwan0 10.42.0.1; }
wait_until 60 connected || fail "the daemon never connected"
wait_until 30 ping_gw || fail "no ping through wwan0 before the unplug"
away_ms=3000
t0=$(now_ms)
ctl usb unplug $away_ms >/dev/null || fail "ctl usb unplug"
wait_until 10 bash -c '! test -e /dev/cdc-wdm0' || fail "cdc-wdm0 did not go away on unplug"
t_gone=$(now_ms)
wait_until 20 test -c /dev/cdc-wdm0 || fail "cdc-wdm0 did not come back"
t_back=$(now_ms)
wait_until 90 connected || fail "the daemon did not reconnect after the device came back"
wait_until 30 ping_gw || fail "no ping through wwan0 after the device came back"
t1=$(now_ms)
grep -q '"attaches":2' <<<"$(ctl usb)" || fail "the device was not attached a second time: $(ctl usb)"
st=$("$CELLINK" status --control "$sock")
echo "$st"
echo "unplug: device gone after $((t_gone - t0)) ms, back on the bus after $((t_back - t0)) ms (away ${away_ms} ms)"
echo "FIGURE: recovery after unplug: link up again (ping through the new wwan0) $((t1 - t0)) ms after the unplug, $((t1 - t_back)) ms after the device returned"
cl_stop TERM
assert_no_cids
assert_one_frame_per_command
usb_sim_stop

# An emulator killed outright: the device leaves the bus with its ep0
# (FunctionFS), but the gadget's configfs tree and the functionfs mount
# stay; the next emulator takes them down and comes up.
usb_sim_start
kill -KILL "$SIM_PID"
wait "$SIM_PID" 2>/dev/null || true
SIM_PID=""
wait_until 10 bash -c '! test -e /dev/cdc-wdm0' || fail "cdc-wdm0 stayed after the emulator was killed"
usb_sim_start
wait_until 20 grep -q "removing the gadget an earlier run left" "$SIMLOG" || fail "the leftover gadget was not noticed"
wait_until 30 grep -q "configuration set by the host" "$SIMLOG" || fail "the host did not configure the new device"
wait_until 30 test -c /dev/cdc-wdm0 || fail "no cdc-wdm0 from the new emulator"
out=$(qmicli -d /dev/cdc-wdm0 --dms-get-ids 2>&1) || fail "qmicli on the new emulator: $out"
echo "killed emulator: the next one removed its leftover gadget and serves cdc-wdm0"
usb_sim_stop
echo "PASS: usb_unplug"
