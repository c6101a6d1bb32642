# kernel: qemu
# needs: dummy_hcd, libcomposite, usb_f_fs (FunctionFS), qcserial, qmi_wwan + cdc-wdm
# timeout: 180
# about: cellink doctor on the live system names cdc-wdm0, wwan0 and each ttyUSBn with its function
#        and bound driver; with qmi_wwan's claim on interface 8 taken away (unbind) it reports the
#        interface unbound and prints a new_id remedy; the remedy, applied, makes qmi_wwan bind again.
#        qmi_wwan's row for the id sets DTR: the id alone binds without DTR, so the remedy names a
#        reference id whose row lends the quirk, and its bind sends the emulator one DTR request.
#        Before that, for every interface of the device, the doctor's live-mode prediction (the driver
#        its probe model picks, when the modalias matched against this kernel's modules.alias names
#        it; else none) must agree with the driver the real kernel bound.
. "$RK_SRC/tests/realkernel/usb-lib.sh"
usb_sim_start
dyn_id=""
doctor_cleanup() {
	[ -z "$dyn_id" ] || echo "$dyn_id" >/sys/bus/usb/drivers/qmi_wwan/remove_id 2>/dev/null || true
	usb_cleanup
}
trap doctor_cleanup EXIT

out=$("$CELLINK" doctor) || fail "doctor on the healthy device: exit $?: $out"
echo "$out" | sed -n '/^1199:9071/,/^$/p'
row() { grep -E "^  $1 " <<<"$out" || true; }
grep -Eq "diag +qcserial +qcserial +ok +ttyUSB0" <<<"$(row 0)" || fail "interface 0: $(row 0)"
grep -Eq "nmea +qcserial +qcserial +ok +ttyUSB1" <<<"$(row 2)" || fail "interface 2: $(row 2)"
grep -Eq "modem +qcserial +qcserial +ok +ttyUSB2" <<<"$(row 3)" || fail "interface 3: $(row 3)"
grep -Eq "qmi +qmi_wwan +qmi_wwan +ok +cdc-wdm0 wwan0" <<<"$(row 8)" || fail "interface 8: $(row 8)"
grep -q "No problems found" <<<"$out" || fail "problems reported on a healthy device"

# The modalias prediction against the real kernel, interface by interface.
# "will bind": kernel_tables.driver when alias_modules (modules.alias) names
# that module too; "none" when the probe model picks none or no alias names it.
json=$("$CELLINK" doctor --json) || fail "doctor --json on the healthy device: exit $?"
predictions=$(python3 -c '
import json, sys
doc = json.load(sys.stdin)
devs = [d for d in doc["devices"] if (d["vendor_id"], d["product_id"]) == ("1199", "9071")]
if len(devs) != 1:
    sys.exit("%d devices 1199:9071 in the JSON" % len(devs))
norm = lambda m: m.replace("-", "_")
for i in devs[0]["interfaces"]:
    if i["modalias"] is None or i["alias_modules"] is None:
        sys.exit("interface %d: no modalias in live mode" % i["number"])
    k = i["kernel_tables"]["driver"]
    aliases = [norm(m) for m in i["alias_modules"].split()]
    will = k if k is not None and norm(k) in aliases else "none"
    print(i["number"], will, i["driver"] or "none", i["modalias"], "[" + i["alias_modules"] + "]")
' <<<"$json") || fail "cannot read the doctor's JSON: $predictions"
echo "interface, doctor's will-bind, doctor's bound, modalias, modules.alias:"
echo "$predictions"
n_pred=$(wc -l <<<"$predictions")
n_sys=$(find /sys/bus/usb/devices/ -maxdepth 1 -name '1-1:1.*' | wc -l)
[ "$n_pred" -eq "$n_sys" ] || fail "the doctor reports $n_pred interfaces, sysfs has $n_sys"
agree=0
while read -r num will shown _; do
	real=$(driver_of "$num")
	[ "$shown" = "$real" ] || fail "interface $num: the doctor read driver $shown, sysfs says $real"
	[ "${will//-/_}" = "${real//-/_}" ] ||
		fail "interface $num: the doctor predicts $will will bind, the kernel bound $real"
	agree=$((agree + 1))
done <<<"$predictions"
echo "modalias prediction agrees with the kernel on all $agree interfaces"

echo 1-1:1.8 >/sys/bus/usb/drivers/qmi_wwan/unbind
wait_until 10 bash -c '! test -e /dev/cdc-wdm0' || fail "cdc-wdm0 stayed after unbind"
rc=0
out=$("$CELLINK" doctor) || rc=$?
[ $rc -eq 1 ] || fail "doctor exit status $rc with interface 8 unbound (expected 1): $out"
grep -Eq "qmi +\(none\) +qmi_wwan +unbound" <<<"$(row 8)" || fail "interface 8 not reported unbound: $(row 8)"
json=$("$CELLINK" doctor --json) || true
grep -q '"verdict":"unbound"' <<<"$json" || fail "no unbound verdict in the JSON"
remedy=$(sed -n "s/.*(try: \(echo [^;)]*\).*/\1/p" <<<"$out" | head -n 1)
echo "doctor's remedy: $remedy"
# qmi_wwan's row for 1199:9071 sets DTR; an id given by new_id gets the
# driver's plain defaults, so the remedy names a reference id (new_id's
# fourth and fifth fields) whose row lends it the quirk
[[ $remedy =~ ^echo\ \'(1199\ 9071)\ ff\ [0-9a-f]{4}\ [0-9a-f]{4}\'\ \>\ /sys/bus/usb/drivers/qmi_wwan/new_id$ ]] ||
	fail "no new_id remedy with a reference id in: $out"
dyn_id=${BASH_REMATCH[1]}
# requests that set DTR on the QMI interface, as the emulator counted them;
# a bind sends its request before the write to new_id returns
dtr_sets() { ctl usb | sed -n 's/.*"dtr_sets":\([0-9]*\).*/\1/p'; }
# Why the reference: the id alone binds interface 8 and sets no DTR.
n0=$(dtr_sets)
[ -n "$n0" ] && [ "$n0" -ge 1 ] || fail "qmi_wwan's first bind set no DTR (dtr_sets '$n0')"
echo "$dyn_id" >/sys/bus/usb/drivers/qmi_wwan/new_id || fail "new_id '$dyn_id' failed"
wait_until 20 test -c /dev/cdc-wdm0 || fail "the id alone: cdc-wdm0 did not come back"
[ "$(driver_of 8)" = qmi_wwan ] || fail "the id alone: interface 8 is bound to $(driver_of 8)"
[ "$(dtr_sets)" -eq "$n0" ] || fail "the id alone set DTR ($n0 -> $(dtr_sets) requests)"
echo "the id alone: qmi_wwan bound interface 8 and set no DTR ($n0 requests before and after)"
echo 1-1:1.8 >/sys/bus/usb/drivers/qmi_wwan/unbind
echo "$dyn_id" >/sys/bus/usb/drivers/qmi_wwan/remove_id || fail "remove_id '$dyn_id' failed"
wait_until 10 bash -c '! test -e /dev/cdc-wdm0' || fail "cdc-wdm0 stayed after the second unbind"
n1=$(dtr_sets)
sh -c "$remedy" || fail "the remedy failed: $remedy"
wait_until 20 test -c /dev/cdc-wdm0 || fail "cdc-wdm0 did not come back after the remedy"
[ "$(driver_of 8)" = qmi_wwan ] || fail "interface 8 is bound to $(driver_of 8) after the remedy"
out=$("$CELLINK" doctor) || fail "doctor after the remedy: exit $?: $out"
grep -Eq "qmi +qmi_wwan +qmi_wwan +ok +cdc-wdm0" <<<"$(row 8)" || fail "interface 8 after the remedy: $(row 8)"
[ "$(dtr_sets)" -eq $((n1 + 1)) ] || fail "the remedy's bind sent $(($(dtr_sets) - n1)) DTR requests, not one"
echo "the remedy: qmi_wwan bound interface 8 with the set-DTR quirk (DTR requests $n1 -> $(dtr_sets))"
echo "remedy applied: qmi_wwan bound interface 8 again ($(row 8 | awk '{print $NF, $(NF-1)}'))"
usb_sim_stop
echo "PASS: usb_doctor"
