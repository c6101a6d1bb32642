# kernel: qemu
# needs: dummy_hcd + configfs gadget (usb_f_serial), qcserial
# timeout: 90
# about: a gadget announcing the MC7455's id 1199:9071 with four serial (gser) functions; the
#        real qcserial binds interfaces 0, 2 and 3 and leaves 1 unbound, as in the seed's
#        listing; cellink doctor in live mode names each ttyUSBn with its function and driver.
set -euo pipefail
. "$RK_SRC/tests/realkernel/gadget.sh"
fail() { echo "FAIL: $*"; exit 1; }
trap 'gadget_remove mc7455 || true' EXIT

gadget_create mc7455 0x1199 0x9071 "Sierra Wireless, Incorporated" "MC7455 (cellink gadget)"
for i in 0 1 2 3; do gadget_function mc7455 "gser.$i"; done
gadget_bind mc7455 || fail "the host side did not enumerate the gadget"
rk_wait 20 test -c /dev/ttyUSB2 || fail "no /dev/ttyUSB2: $(ls /dev/ttyUSB* 2>&1)"

# What the real kernel bound: qcserial on 0, 2, 3; nothing on 1.
for i in 0 1 2 3; do echo "interface $i: $(usb_driver_of "$i")"; done
[ "$(usb_driver_of 0)" = qcserial ] || fail "interface 0 is not qcserial's"
[ "$(usb_driver_of 1)" = "(none)" ] || fail "interface 1 is bound to $(usb_driver_of 1)"
[ "$(usb_driver_of 2)" = qcserial ] || fail "interface 2 is not qcserial's"
[ "$(usb_driver_of 3)" = qcserial ] || fail "interface 3 is not qcserial's"
tty_of() { ls "/sys/bus/usb/devices/$GADGET_USB:1.$1/" | grep -m1 '^ttyUSB'; }
for i in 0 2 3; do echo "interface $i: /dev/$(tty_of "$i")"; done

# cellink doctor, live (debugfs is not mounted: it reads sysfs)
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug || true
rc=0
"$CELLINK" doctor >"$SCRATCH/doctor.txt" 2>&1 || rc=$?
echo "---- cellink doctor (exit $rc)"
cat "$SCRATCH/doctor.txt"
"$CELLINK" doctor --json >"$SCRATCH/doctor.json" 2>&1 || true
echo "---- cellink doctor --json"
cat "$SCRATCH/doctor.json"
echo "----"
[ $rc -ne 2 ] || fail "the doctor found the live listing unusable"
grep -q '1199:9071' "$SCRATCH/doctor.txt" || fail "the doctor does not name 1199:9071"
for i in 0 2 3; do
	t=$(tty_of "$i")
	grep -q "$t" "$SCRATCH/doctor.txt" || fail "the doctor does not name /dev/$t (interface $i)"
done
# each serial interface's row: number, function, bound driver, its tty
row() { grep -E "^ +$1 +[0-9a-f/]+ .* $2 +$3 +.*$4\$" "$SCRATCH/doctor.txt"; }
row 0 diag qcserial "$(tty_of 0)" || fail "interface 0 is not named diag/qcserial/$(tty_of 0)"
row 2 nmea qcserial "$(tty_of 2)" || fail "interface 2 is not named nmea/qcserial/$(tty_of 2)"
row 3 modem qcserial "$(tty_of 3)" || fail "interface 3 is not named modem/qcserial/$(tty_of 3)"
grep -qE "^ +1 .*\(none\)" "$SCRATCH/doctor.txt" || fail "interface 1 is not shown unbound"

# Recorded, not asserted (the doctor's knowledge is issue 13's): does the
# remedy it prints for interface 1 make a driver bind it?
remedy=$(sed -n "s/.*interface 1: .*(try: \(echo .*\))\$/\1/p" "$SCRATCH/doctor.txt" | head -n 1)
if [ -n "$remedy" ]; then
	echo "doctor's remedy for interface 1: $remedy"
	rrc=0
	bash -c "$remedy" 2>&1 || rrc=$?
	rk_wait 5 test -L "/sys/bus/usb/devices/$GADGET_USB:1.1/driver" || true
	echo "after the remedy (exit $rrc): interface 1 is bound to $(usb_driver_of 1)"
	echo "usb-serial drivers here: $(ls /sys/bus/usb-serial/drivers/ | tr '\n' ' ')"
	if [ "$(usb_driver_of 1)" = "(none)" ] && [ -e /sys/bus/usb-serial/drivers/qcserial/new_id ]; then
		rrc=0
		echo '1199 9071' >/sys/bus/usb-serial/drivers/qcserial/new_id 2>&1 || rrc=$?
		rk_wait 5 test -L "/sys/bus/usb/devices/$GADGET_USB:1.1/driver" || true
		echo "the same through .../drivers/qcserial/new_id (exit $rrc): interface 1 is bound to $(usb_driver_of 1)"
	fi
fi
echo "ok"
