# kernel: qemu
# needs: dummy_hcd, gadgetfs, cdc_mbim + cdc-wdm, libmbim-utils
# timeout: 80
# about: cellink-sim as an MBIM device (gadgetfs, CDC MBIM descriptors): the real cdc_mbim binds
#        interface 0 and claims the data interface 1, making /dev/cdc-wdmN and wwanN; it asked
#        for the NTB parameters and chose alternate 1 of the data interface; Debian's mbimcli
#        opens the device through the real cdc-wdm and reads the caps and subscriber state;
#        cellink doctor (live) names cdc_mbim, MBIM and both devices for interface 0
. "$RK_SRC/tests/realkernel/usb-lib.sh"
command -v mbimcli >/dev/null || skip "mbimcli is not installed (libmbim-utils)"
mbim_sim_start
echo "cdc_mbim bound interface 0: $MBIM_WDM, $MBIM_NET; interface 1: $(driver_of 1)"
dmesg | grep -Ei "cdc_mbim|cdc_ncm|gadgetfs|cdc_wdm" | tail -n 12
[ "$(driver_of 1)" = cdc_mbim ] || fail "cdc_mbim did not claim the data interface 1: $(driver_of 1)"
st=$(ctl usb)
[ "$(jnum ntb_parameters "$st")" -ge 1 ] || fail "cdc_mbim never asked GET_NTB_PARAMETERS: $st"
[ "$(jnum data_alternate "$st")" = 1 ] || fail "the data interface is not in alternate 1: $st"
[ "$(cat "/sys/class/net/$MBIM_NET/mtu")" = 1500 ] || fail "$MBIM_NET's MTU is not wMaxSegmentSize: $(cat "/sys/class/net/$MBIM_NET/mtu")"

caps=$(timeout 30 mbimcli -d "$MBIM_WDM" --query-device-caps 2>&1) || fail "mbimcli --query-device-caps: $caps"
grep -q "Device ID: '" <<<"$caps" || fail "mbimcli read no device id: $caps"
echo "mbimcli: $(grep -m1 "Device ID" <<<"$caps" | tr -s ' ')"
sub=$(timeout 30 mbimcli -d "$MBIM_WDM" --query-subscriber-ready-status 2>&1) ||
	fail "mbimcli --query-subscriber-ready-status: $sub"
grep -qi "Ready state: 'initialized'" <<<"$sub" || fail "subscriber not ready: $sub"

out=$("$CELLINK" doctor) || fail "doctor on the MBIM device: exit $?: $out"
echo "$out" | sed -n '/^2cb7:0007/,/^$/p'
row0=$(grep -E "^  0 " <<<"$out" || true)
grep -Eq "^  0 +02/0e/00 +int +mbim +cdc_mbim +cdc_mbim +ok +${MBIM_WDM#/dev/} $MBIM_NET" <<<"$row0" ||
	fail "the doctor does not name interface 0 as MBIM bound by cdc_mbim with ${MBIM_WDM#/dev/} and $MBIM_NET: $row0"
row1=$(grep -E "^  1 " <<<"$out" || true)
grep -Eq "^  1 +0a/00/02 +in out +mbim +cdc_mbim +cdc_mbim +ok" <<<"$row1" ||
	fail "the doctor does not show the data interface 1 with cdc_mbim: $row1"
assert_one_message_per_command
mbim_sim_stop
echo "PASS: usb_mbim_bind"
