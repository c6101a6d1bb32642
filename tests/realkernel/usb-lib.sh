# Helpers for the real-kernel cases in which cellink-sim is a USB device
# (cellink-sim --usb, on dummy_hcd's gadget controller) and the guest
# kernel's own drivers bind to it: qcserial on the MC7455's interfaces 0, 2
# and 3, qmi_wwan (with cdc-wdm) on interface 8. Source it from a case.
# Waits poll a condition with a bound; nothing sleeps a fixed time.
set -euo pipefail
# a match that reads its input to the end: "cmd | grep -q" under pipefail
# fails now and then, when grep leaves early and cmd dies of SIGPIPE
matches() { grep "$@" >/dev/null; }
: "${CELLINK:?}" "${CELLINK_SIM:?}" "${SCRATCH:?}"
CTL=$SCRATCH/sim.ctl
SIMLOG=$SCRATCH/sim.log
CLLOG=$SCRATCH/cellink.log
SIM_PID=""
CL_PID=""
USB_IF=/sys/bus/usb/devices/1-1:1.8     # the MC7455's QMI interface

usb_cleanup() {
	if [ -n "$CL_PID" ]; then kill -KILL "$CL_PID" 2>/dev/null || true; wait "$CL_PID" 2>/dev/null || true; fi
	if [ -n "$SIM_PID" ]; then kill "$SIM_PID" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true; fi
}
trap usb_cleanup EXIT

fail() {
	echo "FAIL: $*"
	if [ -n "$SIM_PID" ] && ! kill -0 "$SIM_PID" 2>/dev/null; then
		local rc=0
		wait "$SIM_PID" || rc=$?
		echo "(cellink-sim is gone, exit status $rc)"
		SIM_PID=""
	fi
	for f in "$CLLOG" "$SIMLOG"; do
		[ -f "$f" ] || continue
		echo "---- $(basename "$f") (last 40 lines)"
		tail -n 40 "$f"
	done
	[ -z "$SIM_PID" ] || echo "---- emulator: $(ctl usb 2>&1)"
	echo "---- kernel (last 20 lines)"
	dmesg | tail -n 20
	exit 1
}

skip() {
	echo "SKIP: $*"
	exit 77
}

# wait_until SECONDS COMMAND...: runs COMMAND until it succeeds, at most
# SECONDS long (checks every 50 ms).
wait_until() {
	local limit=$1
	shift
	local end=$((SECONDS + limit))
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.05
	done
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# bounded: an emulator stuck in a system call must not hang the case
ctl() { timeout 30 "$CELLINK_SIM" ctl "$CTL" "$@"; }

# jnum KEY JSON: the number KEY holds in JSON
jnum() { grep -o "\"$1\":[0-9-]*" <<<"$2" | head -n 1 | cut -d: -f2; }

need_udc() {
	[ -d /sys/kernel/config/usb_gadget ] || skip "no configfs gadget support (libcomposite)"
	ls /sys/class/udc 2>/dev/null | matches . || skip "no gadget controller (dummy_hcd not loaded)"
	[ -d /sys/bus/usb/drivers/qmi_wwan ] || skip "qmi_wwan is not loaded"
}

# usb_sim_start [cellink-sim options]: the MC7455 arrives on the bus, and
# the kernel's drivers have made cdc-wdm0 and wwan0.
usb_sim_start() {
	need_udc
	"$CELLINK_SIM" --usb auto --control "$CTL" --log "$@" >"$SIMLOG" 2>&1 &
	SIM_PID=$!
	wait_until 30 test -c /dev/cdc-wdm0 || fail "/dev/cdc-wdm0 did not appear"
	wait_until 10 test -e /sys/class/net/wwan0/qmi/raw_ip || fail "wwan0 (qmi_wwan) did not appear"
	wait_until 10 test -S "$CTL" || fail "the emulator's control socket did not appear"
}

usb_sim_stop() {
	kill "$SIM_PID"
	wait "$SIM_PID" || fail "cellink-sim exit status $?"
	SIM_PID=""
	wait_until 10 bash -c '! test -e /dev/cdc-wdm0' || fail "cdc-wdm0 stayed after the device left"
}

driver_of() {   # driver_of INTERFACE_NUMBER
	local l=/sys/bus/usb/devices/1-1:1.$1/driver
	if [ -e "$l" ]; then basename "$(readlink "$l")"; else echo none; fi
}

# Every SEND_ENCAPSULATED_COMMAND held exactly one QMUX frame.
assert_one_frame_per_command() {
	local st
	st=$(ctl usb) || fail "ctl usb: $st"
	local v
	v=$(jnum violations "$st")
	[ "$v" = 0 ] || fail "$v SEND_ENCAPSULATED_COMMAND(s) held more or less than one QMUX frame: $st"
	echo "usb: $(jnum commands "$st") commands, one frame each; $(jnum responses "$st") responses"
}

assert_no_cids() {
	local c
	c=$(ctl clients)
	[ "$(jnum total "$c")" = 0 ] || fail "client ids still held: $c"
}

cl_start() {    # cl_start ARGS...: cellink in the background
	"$CELLINK" "$@" >"$CLLOG" 2>&1 &
	CL_PID=$!
}

cl_stop() {     # cl_stop SIGNAL: expects exit status 0
	kill -"$1" "$CL_PID"
	local rc=0
	wait "$CL_PID" || rc=$?
	CL_PID=""
	[ $rc -eq 0 ] || fail "cellink exit status $rc after SIG$1"
}

has_addr4() { ip -4 -o addr show dev "$1" | matches "inet $2/"; }
has_addr6() { ip -6 -o addr show dev "$1" | matches "inet6 $2/"; }

# ---- the MBIM personality (cellink-sim --usb auto --usb-mbim, gadgetfs) ----
# Interface 0 is MBIM control (cdc_mbim with cdc-wdm), 1 the NTB data.
MBIM_IF=/sys/bus/usb/devices/1-1:1.0
MBIM_WDM=""     # /dev/cdc-wdmN
MBIM_NET=""     # wwanN

need_mbim() {
	[ -d /sys/kernel/config/usb_gadget ] || skip "no configfs gadget support (libcomposite)"
	ls /sys/class/udc 2>/dev/null | matches . || skip "no gadget controller (dummy_hcd not loaded)"
	grep -qw gadgetfs /proc/filesystems || skip "gadgetfs is not loaded (CONFIG_USB_GADGETFS)"
	[ -d /sys/bus/usb/drivers/cdc_mbim ] || skip "cdc_mbim is not loaded"
}

mbim_bound() {
	[ "$(driver_of 0)" = cdc_mbim ] && ls "$MBIM_IF"/usbmisc 2>/dev/null | matches cdc-wdm &&
		ls "$MBIM_IF"/net 2>/dev/null | matches .
}

# mbim_sim_start [cellink-sim options]: the MBIM device arrives, cdc_mbim
# binds it, and MBIM_WDM and MBIM_NET name what it made.
mbim_sim_start() {
	need_mbim
	# the case's time bound ends it with SIGTERM: say what was going on
	trap 'echo "FAIL: timed out"; mbim_diag; exit 124' TERM
	"$CELLINK_SIM" --usb auto --usb-mbim --control "$CTL" --log "$@" >"$SIMLOG" 2>&1 &
	SIM_PID=$!
	wait_until 30 mbim_bound || fail "cdc_mbim did not bind interface 0 with a cdc-wdm device and a network interface (driver: $(driver_of 0))"
	MBIM_WDM=/dev/$(ls "$MBIM_IF"/usbmisc | head -n 1)
	MBIM_NET=$(ls "$MBIM_IF"/net | head -n 1)
	wait_until 10 test -c "$MBIM_WDM" || fail "$MBIM_WDM did not appear"
	wait_until 10 test -S "$CTL" || fail "the emulator's control socket did not appear"
}

mbim_diag() {
	echo "---- emulator log (last 60 lines)"
	tail -n 60 "$SIMLOG" 2>/dev/null
	if [ -n "$SIM_PID" ]; then
		local t
		for t in /proc/"$SIM_PID"/task/*; do
			echo "---- emulator thread ${t##*/}: $(cat "$t/comm" 2>/dev/null) in $(cat "$t/wchan" 2>/dev/null)"
			cat "$t/stack" 2>/dev/null | head -n 12
		done
	fi
	echo "---- kernel (last 30 lines)"
	dmesg | tail -n 30
}

mbim_sim_stop() {
	kill "$SIM_PID"
	wait "$SIM_PID" || fail "cellink-sim exit status $?"
	SIM_PID=""
	wait_until 10 bash -c "! test -e $MBIM_WDM" || fail "$MBIM_WDM stayed after the device left"
}

# Every SEND_ENCAPSULATED_COMMAND held exactly one MBIM message.
assert_one_message_per_command() {
	local st v
	st=$(ctl usb) || fail "ctl usb: $st"
	v=$(jnum violations "$st")
	[ "$v" = 0 ] || fail "$v SEND_ENCAPSULATED_COMMAND(s) did not hold one whole MBIM message: $st"
	echo "usb: $(jnum commands "$st") commands, one message each; $(jnum responses "$st") responses"
}
