# kernel: qemu
# needs: dummy_hcd, libcomposite, usb_f_fs (FunctionFS), qcserial, qmi_wwan + cdc-wdm
# timeout: 180
# about: the MC7455 from the seed, end to end on the real drivers: cellink doctor (live) names the
#        QMI device and prints a cellink configuration; that configuration, with the carrier's APN
#        filled in, passes cellink config --check and brings the link up under cellink daemon
. "$RK_SRC/tests/realkernel/usb-lib.sh"
usb_sim_start
out=$("$CELLINK" doctor) || fail "doctor: exit $?: $out"
grep -q "Interface 8 is QMI and qmi_wwan drives it: use /dev/cdc-wdm0" <<<"$out" || fail "no QMI conclusion in: $out"
conf=$SCRATCH/cellink.conf
# the block under "cellink configuration", unindented, with the APN filled in
sed -n '/cellink configuration/,/^$/p' <<<"$out" | sed '1d;/^$/d;s/^    //' |
	sed "s/<APN from your carrier>/internet/" >"$conf"
echo "---- configuration from the doctor"
cat "$conf"
grep -q "option device '/dev/cdc-wdm0'" "$conf" || fail "the doctor's configuration names no /dev/cdc-wdm0"
chk=$("$CELLINK" config --check "$conf" 2>&1) || fail "cellink config --check: $chk"
sock=$SCRATCH/cellink.sock
cl_start daemon --config "$conf" --control "$sock" --runtime-dir "$SCRATCH"
connected() { "$CELLINK" status --control "$sock" --json | matches '"connected":true'; }
wait_until 60 connected || fail "the daemon never connected with the doctor's configuration"
wait_until 30 has_addr4 wwan0 10.42.0.2 || fail "no IPv4 address on wwan0"
ping -c 2 -W 5 -I wwan0 10.42.0.1 >"$SCRATCH/ping" || fail "ping: $(cat "$SCRATCH/ping")"
"$CELLINK" status --control "$sock"
cl_stop TERM
assert_no_cids
assert_one_frame_per_command
usb_sim_stop
echo "PASS: usb_seed_e2e"
