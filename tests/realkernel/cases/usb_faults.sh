# kernel: qemu
# needs: dummy_hcd, libcomposite, usb_f_fs (FunctionFS), qcserial, qmi_wwan + cdc-wdm; libqmi-utils
# timeout: 240
# about: faults that exist only on a bus: a stalled SEND_ENCAPSULATED_COMMAND (the writer sees the
#        error, the next command goes through), halted bulk endpoints while the link is up (usbnet
#        clears the halt, ping works again), a response that never arrives (cellink's request
#        times out, the bring-up completes); and the AT port on the real ttyUSB2 (qcserial)
. "$RK_SRC/tests/realkernel/usb-lib.sh"
command -v qmicli >/dev/null || skip "qmicli (libqmi-utils) is not installed"
usb_sim_start --at "$SCRATCH/at"

# AT on interface 3, through qcserial's ttyUSB2
tty=/dev/$(ls /sys/bus/usb/devices/1-1:1.3 | grep -m1 '^ttyUSB') || fail "no ttyUSB under interface 3"
out=$("$CELLINK" at --port "$tty" --info 2>&1) || fail "cellink at --info on $tty: $out"
grep -q MC7455 <<<"$out" || fail "no model in: $out"
out=$("$CELLINK" at --port "$tty" --status 2>&1) || fail "cellink at --status on $tty: $out"
echo "AT over the real $tty: identity and status answered"

# A stalled control transfer: cdc-wdm's write completes with EPIPE, which
# the writer learns at its next write; the request itself never gets an
# answer, and qmicli waits for it until killed. Then commands go through.
ctl usb stall-command 1 >/dev/null
rc=0
out=$(timeout -k 2 10 qmicli -d /dev/cdc-wdm0 --dms-get-ids 2>&1) || rc=$?
[ $rc -ne 0 ] || fail "qmicli succeeded through a stalled SEND_ENCAPSULATED_COMMAND: $out"
[ "$(jnum stalls "$(ctl usb)")" = 1 ] || fail "the stall was not counted: $(ctl usb)"
echo "stalled command: qmicli failed (exit $rc): $(grep -m1 error <<<"$out" || true)"
ok=0
for attempt in 1 2 3; do
	out=$(timeout -k 5 40 qmicli -d /dev/cdc-wdm0 --dms-get-ids 2>&1) && { ok=1; break; }
	echo "after the stall, attempt $attempt: $(grep -m1 error <<<"$out" || true)"
done
[ $ok -eq 1 ] || fail "qmicli never worked again after the stall: $out"
grep -q "IMEI: '359072060000003'" <<<"$out" || fail "no IMEI after the stall: $out"
echo "after the stall: qmicli works again (attempt $attempt)"

# A response that never arrives: cellink's request times out and the
# bring-up still completes.
ctl usb lose-response 1 >/dev/null
cl_start connect --device /dev/cdc-wdm0 --apn internet --request-timeout 3 --resolv "$SCRATCH/resolv.conf"
t0=$(now_ms)
wait_until 90 has_addr4 wwan0 10.42.0.2 || fail "no IPv4 address on wwan0 after a lost response"
[ "$(jnum responses_lost "$(ctl usb)")" = 1 ] || fail "the lost response was not counted: $(ctl usb)"
echo "FIGURE: a lost response: link up $(($(now_ms) - t0)) ms after cellink connect started (request time-out 3 s)"

# Halted bulk endpoints while the link is up.
ping -c 2 -W 5 -I wwan0 10.42.0.1 >/dev/null || fail "no ping before the halt"
before=$(jnum packets_down "$(ctl usb)")
ctl usb stall-data >/dev/null
t0=$(now_ms)
wait_until 30 ping -c 1 -W 1 -I wwan0 10.42.0.1 || fail "ping did not come back after the bulk endpoints halted"
echo "FIGURE: halted bulk endpoints: ping through wwan0 again $(($(now_ms) - t0)) ms later"
[ "$(jnum packets_down "$(ctl usb)")" -gt "$before" ] || fail "no packet came down after the halt"
cl_stop TERM
assert_no_cids
usb_sim_stop
echo "PASS: usb_faults"
