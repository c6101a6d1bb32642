#!/usr/bin/env bash
# Interop: the real mbimcli (libmbim-utils) against cellink-sim's MBIM
# personality on a pty. mbimcli opens a pty as it opens /dev/cdc-wdmN (the
# maximum message size falls back to 4096 when the cdc-wdm ioctl fails).
# usage: test_sim_mbimcli.sh CELLINK_SIM CASE [CELLINK]
SIM_BIN=$1
CASE=$2
CELLINK=${3:-}
command -v mbimcli >/dev/null || { echo "SKIP: mbimcli not installed (libmbim-utils)"; exit 77; }
. "$(dirname "$0")/sim_lib.sh"

mbim_start() {
	"$SIM_BIN" --mbim "$QMI" --control "$CTL" --log "$@" 2>"$WORK/sim.log" &
	SIM_PID=$!
	wait_until 10 test -e "$QMI" || fail "the MBIM device $QMI did not appear"
	wait_until 10 test -S "$CTL" || fail "the control socket did not appear"
}

mbim() {
	timeout 30 mbimcli -d "$QMI" "$@" 2>&1 || true
}

case_caps() {
	mbim_start
	out=$(mbim --query-device-caps)
	expect "$out" "Device type: 'embedded'"
	expect "$out" "Data class: 'gprs, edge, umts, hsdpa, hsupa, lte'"
	expect "$out" "Device ID: '359072060000003'"
	expect "$out" "Hardware info: 'MC7455'"
	expect "$out" "Max sessions: '8'"
	out=$(mbim --query-radio-state)
	expect "$out" "Software radio state: 'on'"
	out=$(mbim --query-pin-list)
	expect "$(grep -A1 'PIN1:' <<<"$out")" "Mode: 'disabled'"
	expect "$out" "Max length: '8'"
}

case_subscriber() {
	mbim_start
	out=$(mbim --query-subscriber-ready-status)
	expect "$out" "Ready state: 'initialized'"
	expect "$out" "Subscriber ID: '262010000012345'"
	expect "$out" "SIM ICCID: '8949010000000012342'"
	expect "$out" "Telephone numbers: (1) '+4915100000001'"
	ctl remove-sim >/dev/null
	out=$(mbim --query-subscriber-ready-status)
	expect "$out" "Ready state: 'sim-not-inserted'"
}

case_pin() {
	mbim_start --register-delay 0
	ctl set pin 4321 >/dev/null
	ctl sim pin >/dev/null
	out=$(mbim --query-subscriber-ready-status)
	expect "$out" "Ready state: 'device-locked'"
	out=$(mbim --query-pin-state)
	expect "$out" "PIN state: 'locked'"
	expect "$out" "Remaining attempts: '3'"
	out=$(mbim --enter-pin=1111)
	expect "$out" "operation failed: Failure"
	out=$(mbim --query-pin-state)
	expect "$out" "Remaining attempts: '2'"
	out=$(mbim --enter-pin=4321)
	expect "$out" "PIN state: 'unlocked'"
	wait_registered
	out=$(mbim --query-subscriber-ready-status)
	expect "$out" "Ready state: 'initialized'"
}

case_signal() {
	mbim_start --register-delay 0
	wait_registered
	out=$(mbim --query-signal-state)
	expect "$out" "RSSI \[0-31,99\]: '24'"
	ctl signal rssi=-91 >/dev/null
	out=$(mbim --query-signal-state)
	expect "$out" "RSSI \[0-31,99\]: '11'"
}

case_register() {
	mbim_start --register-delay 0
	wait_registered
	out=$(mbim --query-registration-state)
	expect "$out" "Register state: 'home'"
	expect "$out" "Provider ID: '26201'"
	expect "$out" "Provider name: 'Telekom.de'"
	out=$(mbim --query-packet-service-state)
	expect "$out" "Packet service state: 'attached'"
	ctl lose-registration >/dev/null
	out=$(mbim --query-registration-state)
	expect "$out" "Register state: 'searching'"
	ctl regain-registration roaming >/dev/null
	out=$(mbim --query-registration-state)
	expect "$out" "Register state: 'roaming'"
	out=$(mbim --set-radio-state=off)
	expect "$out" "Software radio state: 'off'"
	out=$(mbim --query-registration-state)
	expect "$out" "Register state: 'deregistered'"
	out=$(mbim --set-radio-state=on)
	expect "$out" "Software radio state: 'on'"
	wait_registered
}

case_connect() {
	mbim_start --register-delay 0
	wait_registered
	out=$(mbim --connect=access-string=internet,ip-type=ipv4v6)
	expect "$out" "Successfully connected"
	expect "$out" "Activation state: 'activated'"
	expect "$out" "IP \[0\]: '10.42.0.2/30'"
	expect "$out" "IP \[0\]: '2001:db8:42::2/64'"
	ctl state | matches '"sessions":\[{' || fail "no session in the model: $(ctl state)"
	out=$(mbim --query-ip-configuration=0)
	expect "$out" "Gateway: '10.42.0.1'"
	expect "$out" "DNS \[0\]: '10.42.0.53'"
	expect "$out" "MTU: '1500'"
	out=$(mbim --query-connection-state=0)
	expect "$out" "IP type: 'ipv4v6'"
	out=$(mbim --disconnect=0)
	expect "$out" "Successfully disconnected"
	expect "$out" "Activation state: 'deactivated'"
	ctl state | matches '"sessions":\[\]' || fail "session still up: $(ctl state)"
	# IPv4 only: no IPv6 part in the configuration
	out=$(mbim --connect=access-string=internet,ip-type=ipv4)
	expect "$out" "Successfully connected"
	out=$(mbim --query-ip-configuration=0)
	expect "$out" "IPv4 configuration available: 'address, gateway, dns, mtu'"
	expect "$out" "IPv6 configuration available: 'none'"
	mbim --disconnect=0 >/dev/null
}

case_connect_failures() {
	mbim_start --register-delay 0
	wait_registered
	# mbimcli reports the status; the network error is in the answer's buffer
	out=$(mbim --connect=access-string=no.such.apn)
	expect "$out" "operation failed: Failure"
	grep -q "nw-error: missing-or-unknown-apn" "$WORK/sim.log" || fail "no unknown-APN answer"
	ctl set apn internet user=bob pass=hunter2 auth=chap >/dev/null
	out=$(mbim --connect=access-string=internet,username=bob,password=wrong,auth=chap)
	expect "$out" "operation failed: Failure"
	grep -q "nw-error: user-authentication-failed" "$WORK/sim.log" || fail "no authentication answer"
	out=$(mbim --connect=access-string=internet,username=bob,password=hunter2,auth=chap)
	expect "$out" "Successfully connected"
	# the password never reaches the emulator's log in clear
	! grep -q hunter2 "$WORK/sim.log" || fail "password in the emulator log"
	out=$(mbim --query-ip-configuration=3)
	expect "$out" "ContextNotActivated\|context-not-activated"
}

# QMI over MBIM: qmicli reaches the QMI services through the MBIM device.
case_qmi_over_mbim() {
	command -v qmicli >/dev/null || { echo "SKIP: qmicli not installed (libqmi-utils)"; exit 77; }
	mbim_start --register-delay 0
	wait_registered
	out=$(timeout 30 qmicli -d "$QMI" --device-open-mbim --dms-get-ids 2>&1 || true)
	expect "$out" "IMEI: '359072060000003'"
	out=$(timeout 30 qmicli -d "$QMI" --device-open-mbim --nas-get-serving-system 2>&1 || true)
	expect "$out" "Registration state: 'registered'"
	# the radio model behind QMI over MBIM is the QMI side's own
	out=$(timeout 30 qmicli -d "$QMI" --device-open-mbim --nas-get-cell-location-info 2>&1 || true)
	expect "$out" "Tracking Area Code: '14876'"
	# mbimcli sees the service QMI travels in
	out=$(mbim --query-device-services)
	expect "$out" "Service: 'qmi'"
	expect "$out" "CIDs: msg (1)"
	out=$(timeout 30 qmicli -d "$QMI" --device-open-mbim --wds-start-network=apn=internet,ip-type=4 \
		--client-no-release-cid 2>&1 || true)
	expect "$out" "Network started"
	ctl state | matches '"sessions":\[{' || fail "no session in the model: $(ctl state)"
}

# Microsoft's Basic Connect Extensions: system caps, slot mappings, LTE
# attach configuration and info, provisioned contexts v2 (and a new one),
# through mbimcli's own parsers; cellink decode reads the exchange.
case_ms_extensions() {
	mbim_start --register-delay 0
	wait_registered
	out=$(mbim --ms-query-sys-caps)
	expect "$out" "Number of executors: '1'"
	expect "$out" "Number of slots: '1'"
	expect "$out" "Modem ID: '359072060000003'"
	out=$(mbim --ms-query-device-slot-mappings)
	expect "$out" "Executor '0': slot '0'"
	out=$(mbim --ms-set-device-slot-mappings=1)
	expect "$out" "InvalidParameters\\|invalid-parameters\\|Invalid parameters"
	out=$(mbim --ms-query-lte-attach-configuration)
	expect "$out" "Configuration 2:"
	expect "$(grep -A3 'Configuration 0:' <<<"$out")" "Roaming:       home"
	expect "$out" "Access string: internet"
	out=$(mbim --ms-query-lte-attach-info)
	expect "$out" "Attach state:  attached"
	expect "$out" "IP type:       ipv4v6"
	out=$(mbim --ms-set-provisioned-contexts="operation=default,context-type=internet,ip-type=ipv4,state=enabled,roaming-control=allow-all,media-type=cellular-only,source=user,auth=chap,compression=none,username=u,password=p,access-string=new.example")
	expect "$out" "Provisioned contexts (2)"
	expect "$out" "Access string: 'new.example'"
	out=$(mbim --ms-query-provisioned-contexts)
	expect "$out" "Provisioned contexts (2)"
	if [ -n "$CELLINK" ]; then
		timeout 30 mbimcli -d "$QMI" --verbose-full --ms-query-lte-attach-info >"$WORK/ms.log" 2>&1 ||
			fail "mbimcli failed: $(tail -5 "$WORK/ms.log")"
		out=$("$CELLINK" decode <"$WORK/ms.log") || fail "decode failed: $out"
		expect "$out" '"service":"ms-basic-connect-extensions","cid":"lte-attach-info","cid_id":4'
		expect "$out" '"lte-attach-state":"attached"'
	fi
}

# A function without the QMI service (--no-qmi-over-mbim): mbimcli does not
# see it listed, and a QMI frame sent anyway is refused, not answered.
case_no_qmi_over_mbim() {
	command -v qmicli >/dev/null || { echo "SKIP: qmicli not installed (libqmi-utils)"; exit 77; }
	mbim_start --register-delay 0 --no-qmi-over-mbim
	out=$(mbim --query-device-services)
	expect "$out" "Service: 'basic-connect'"
	! grep -q "Service: 'qmi'" <<<"$out" || fail "the QMI service is listed"
	out=$(timeout 30 qmicli -d "$QMI" --device-open-mbim --dms-get-ids 2>&1 || true)
	! grep -q "IMEI:" <<<"$out" || fail "qmicli got an answer: $out"
	grep -q "no-device-support" "$WORK/sim.log" || fail "the QMI frame was not refused"
}

# mbimcli --verbose-full output decodes with cellink decode, password hidden.
case_decode() {
	[ -n "$CELLINK" ] || { echo "SKIP: no cellink binary given"; exit 77; }
	mbim_start --register-delay 0
	wait_registered
	timeout 30 mbimcli -d "$QMI" --verbose-full --connect=access-string=internet,ip-type=ipv4,username=u,password=pw9,auth=pap \
		>"$WORK/verbose.log" 2>&1 || fail "mbimcli failed: $(tail -5 "$WORK/verbose.log")"
	out=$("$CELLINK" decode <"$WORK/verbose.log") || fail "decode failed: $out"
	expect "$out" '"type":"open"'
	expect "$out" '"cid":"connect","cid_id":12,"command_type":"set"'
	expect "$out" '"access-string":"internet"'
	expect "$out" '"password":"<hidden>"'
	expect "$out" '"type":"command-done".*"cid":"ip-configuration"'
	expect "$out" '"type":"close-done"'
	! grep -q pw9 <<<"$out" || fail "password decoded in clear"
	# --verbose cuts the bytes short: the error says what to do
	timeout 30 mbimcli -d "$QMI" --verbose --query-device-caps >"$WORK/short.log" 2>&1 || true
	out=$("$CELLINK" decode <"$WORK/short.log") && fail "cut-short log decoded without error"
	expect "$out" "verbose-full"
}

"case_$CASE"
echo "ok: $CASE"
