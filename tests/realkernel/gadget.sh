# Helpers for cases that present a USB device to the guest's own host side
# through configfs and dummy_hcd. Source it in a case (bash).
#   gadget_create NAME VID PID "MANUFACTURER" "PRODUCT"
#   gadget_function NAME FUNC   (e.g. gser.0; linked in order: the Nth call
#                                 is interface N-1 for one-interface functions)
#   gadget_bind NAME            binds to dummy_udc.0 and waits (bounded) for
#                               the host side to enumerate the device
#   gadget_remove NAME          unbinds and removes everything it made
# The host side sees the device at /sys/bus/usb/devices/$GADGET_USB (1-1).
GADGET_ROOT=/sys/kernel/config/usb_gadget
GADGET_UDC=${GADGET_UDC:-dummy_udc.0}
GADGET_USB=1-1

# rk_wait SECONDS COMMAND...: runs COMMAND until it succeeds, at most SECONDS.
rk_wait() {
	local limit=$1
	shift
	local end=$((SECONDS + limit))
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -lt "$end" ] || return 1
		sleep 0.05
	done
}

gadget_create() {
	local g=$GADGET_ROOT/$1
	mkdir "$g" || return 1
	echo "$2" >"$g/idVendor"
	echo "$3" >"$g/idProduct"
	echo 0x0200 >"$g/bcdUSB"
	mkdir "$g/strings/0x409"
	echo "$4" >"$g/strings/0x409/manufacturer"
	echo "$5" >"$g/strings/0x409/product"
	echo "RK0001" >"$g/strings/0x409/serialnumber"
	mkdir "$g/configs/c.1"
	echo 500 >"$g/configs/c.1/MaxPower"
}

gadget_function() {
	local g=$GADGET_ROOT/$1
	mkdir "$g/functions/$2" || return 1
	ln -s "$g/functions/$2" "$g/configs/c.1/" || return 1
}

gadget_bind() {
	echo "$GADGET_UDC" >"$GADGET_ROOT/$1/UDC" || return 1
	rk_wait 20 test -e "/sys/bus/usb/devices/$GADGET_USB/idVendor"
}

gadget_remove() {
	local g=$GADGET_ROOT/$1 f
	[ -d "$g" ] || return 0
	[ -z "$(cat "$g/UDC" 2>/dev/null)" ] || echo "" >"$g/UDC"
	for f in "$g"/configs/c.1/*.*; do [ -L "$f" ] && rm -f "$f"; done
	rmdir "$g/configs/c.1/strings/0x409" 2>/dev/null
	rmdir "$g/configs/c.1"
	for f in "$g"/functions/*; do [ -d "$f" ] && rmdir "$f"; done
	rmdir "$g/strings/0x409"
	rmdir "$g"
	rk_wait 10 test ! -e "/sys/bus/usb/devices/$GADGET_USB"
}

# usb_driver_of IFNUM: the driver bound to interface IFNUM of $GADGET_USB, or "(none)".
usb_driver_of() {
	local d=/sys/bus/usb/devices/$GADGET_USB:1.$1/driver
	if [ -L "$d" ]; then basename "$(readlink "$d")"; else echo "(none)"; fi
}
