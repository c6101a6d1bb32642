#!/usr/bin/env bash
# Interop: the real qmicli (libqmi-utils) against cellink-sim on a pty.
# usage: test_sim_qmicli.sh CELLINK_SIM CASE
SIM_BIN=$1
CASE=$2
command -v qmicli >/dev/null || { echo "SKIP: qmicli not installed (libqmi-utils)"; exit 77; }
. "$(dirname "$0")/sim_lib.sh"

case_dms() {
	sim_start
	out=$(qmi --dms-get-ids)
	expect "$out" "IMEI: '359072060000003'"
	expect "$out" "ESN: '0'"
	out=$(qmi --dms-get-revision)
	expect "$out" "Revision: 'SWI9X30C_02.24.05.06 r7040"
	out=$(qmi --dms-get-manufacturer)
	expect "$out" "Manufacturer: 'Sierra Wireless, Incorporated'"
	out=$(qmi --dms-uim-get-imsi)
	expect "$out" "IMSI: '262010000012345'"
}

case_nas() {
	sim_start --register-delay 200
	wait_registered
	out=$(qmi --nas-get-signal-strength)
	expect "$out" "Network 'lte': '-65 dBm'"
	expect "$out" "RSRP:"
	ctl signal rssi=-80 rsrp=-110 rsrq=-14 sinr=3.5 >/dev/null
	out=$(qmi --nas-get-signal-info)
	expect "$out" "RSRP: '-110 dBm'"
	expect "$out" "SNR: '3.5 dB'"
	out=$(qmi --nas-get-serving-system)
	expect "$out" "Registration state: 'registered'"
	expect "$out" "PS: 'attached'"
	expect "$out" "Description: 'Telekom.de'"
	out=$(qmi --nas-get-cell-location-info)
	expect "$out" "PLMN: '26201'"
	expect "$out" "RSRP: '-110.0' dBm"
	ctl lose-registration >/dev/null
	out=$(qmi --nas-get-serving-system)
	expect "$out" "Registration state: 'not-registered-searching'"
	ctl regain-registration roaming >/dev/null
	out=$(qmi --nas-get-serving-system)
	expect "$out" "Roaming status: 'on'"
}

case_uim() {
	sim_start
	out=$(qmi --uim-get-card-status)
	expect "$out" "Card state: 'present'"
	expect "$out" "Application state: 'ready'"
	# EF_ICCID and EF_IMSI as a SIM stores them (BCD, nibbles swapped)
	out=$(qmi --uim-read-transparent=0x3F00,0x2FE2)
	expect "$out" "98:94:10:00:00:00:00:21:43:F2"
	out=$(qmi --uim-read-transparent=0x3F00,0x7FFF,0x6F07)
	expect "$out" "08:29:26:10:00:00:10:32:54"
	out=$(qmi --uim-read-transparent=0x3F00,0x1234)
	expect "$out" "SimFileNotFound"
	ctl remove-sim >/dev/null
	out=$(qmi --uim-get-card-status)
	expect "$out" "Card state: 'absent'"
	ctl insert-sim >/dev/null
	ctl sim pin >/dev/null
	out=$(qmi --uim-get-card-status)
	expect "$out" "Application state: 'pin1-or-upin-pin-required'"
	out=$(qmi --uim-verify-pin=PIN1,0000)
	expect "$out" "IncorrectPin"
	out=$(qmi --uim-verify-pin=PIN1,1234)
	expect "$out" "PIN verified successfully"
	out=$(qmi --uim-get-card-status)
	expect "$out" "Application state: 'ready'"
}

# The Huawei profile carries its firmware's quirk: SIM not initialised at first.
case_me909s() {
	sim_start --profile huawei-me909s --register-delay 0
	ctl state | matches '"sim":"not-initialized"' || fail "SIM should start not initialised"
	out=$(qmi --dms-uim-get-state)
	expect "$out" "State: 'unknown'"
	wait_registered
	out=$(qmi --dms-get-model)
	expect "$out" "Model: 'ME909s-120'"
	out=$(qmi --dms-uim-get-state)
	expect "$out" "State: 'initialization-completed'"
}

case_wda() {
	sim_start
	out=$(qmi --wda-get-data-format)
	expect "$out" "Link layer protocol: 'raw-ip'"
	# an MC7455 only does raw-ip: asking for 802.3 gets raw-ip back
	out=$(qmi --wda-set-data-format=link-layer-protocol=802-3)
	expect "$out" "Link layer protocol: 'raw-ip'"
}

case_wda_ec25() {
	sim_start --profile quectel-ec25
	out=$(qmi --wda-get-data-format)
	expect "$out" "Link layer protocol: '802-3'"
	out=$(qmi --wda-set-data-format=link-layer-protocol=raw-ip)
	expect "$out" "Link layer protocol: 'raw-ip'"
	out=$(qmi --dms-get-model)
	expect "$out" "Model: 'EC25'"
}

case_wds() {
	sim_start --register-delay 0
	wait_registered
	out=$(qmi --wds-start-network=apn=internet,ip-type=4 --client-no-release-cid)
	expect "$out" "Network started"
	cid=$(printf '%s\n' "$out" | sed -n "s/.*CID: '\([0-9]*\)'.*/\1/p")
	handle=$(printf '%s\n' "$out" | sed -n "s/.*Packet data handle: '\([0-9]*\)'.*/\1/p")
	[ -n "$cid" ] && [ -n "$handle" ] || fail "no cid/handle in: $out"
	ctl clients | matches "\"wds\":\[$cid\]" || fail "client $cid not held: $(ctl clients)"
	out=$(qmi --wds-get-current-settings --client-cid="$cid" --client-no-release-cid)
	expect "$out" "IPv4 address: 10.42.0.2"
	expect "$out" "IPv4 gateway address: 10.42.0.1"
	expect "$out" "IPv4 primary DNS: 10.42.0.53"
	expect "$out" "MTU: 1500"
	out=$(qmi --wds-get-packet-service-status --client-cid="$cid" --client-no-release-cid)
	expect "$out" "Connection status: 'connected'"
	out=$(qmi --wds-stop-network="$handle" --client-cid="$cid")
	expect "$out" "Network stopped"
	ctl clients | matches '"total":0' || fail "client ids leaked: $(ctl clients)"
	ctl state | matches '"sessions":\[\]' || fail "session still up: $(ctl state)"
}

case_wds_ipv6() {
	sim_start --register-delay 0
	wait_registered
	out=$(qmi --wds-start-network=apn=internet,ip-type=6 --client-no-release-cid)
	cid=$(printf '%s\n' "$out" | sed -n "s/.*CID: '\([0-9]*\)'.*/\1/p")
	[ -n "$cid" ] || fail "no cid in: $out"
	out=$(qmi --wds-get-current-settings --client-cid="$cid")
	expect "$out" "IP Family: IPv6"
	expect "$out" "IPv6 address: 2001:db8:42::2/64"
	expect "$out" "IPv6 primary DNS: 2001:db8:42::53"
	# releasing the client ended its session
	ctl state | matches '"sessions":\[\]' || fail "session survived its client: $(ctl state)"
	ctl clients | matches '"total":0' || fail "client ids leaked: $(ctl clients)"
}

case_wds_failures() {
	echo "set apn secure.example user=alice pass=s3cret auth=chap" >"$WORK/scenario"
	sim_start --register-delay 0 --scenario "$WORK/scenario"
	wait_registered
	out=$(qmi --wds-start-network=apn=nosuch.example,ip-type=4)
	expect "$out" "CallFailed"
	expect "$out" "verbose call end reason (6,27)"
	out=$(qmi --wds-start-network=apn=secure.example,username=alice,password=wrong,auth=chap,ip-type=4)
	expect "$out" "verbose call end reason (6,29)"
	out=$(qmi --wds-start-network=apn=secure.example,username=alice,password=s3cret,auth=chap,ip-type=4)
	expect "$out" "Network started"
	ctl clients | matches '"total":0' || fail "client ids leaked: $(ctl clients)"
	# the log shows exchanges decoded, but never a password
	grep -q "username: alice" "$WORK/sim.log" || fail "exchange not logged"
	! grep -q "s3cret" "$WORK/sim.log" || fail "password in the log"
	! ctl state | matches "s3cret" || fail "password in the state"
}

case_drop_session() {
	sim_start --register-delay 0
	wait_registered
	out=$(qmi --wds-start-network=apn=internet,ip-type=4 --client-no-release-cid)
	cid=$(printf '%s\n' "$out" | sed -n "s/.*CID: '\([0-9]*\)'.*/\1/p")
	[ -n "$cid" ] || fail "no cid in: $out"
	# hold the device open, as the client would, and read what arrives
	exec 3<>"$QMI"
	ctl drop-session reason=regular-deactivation | matches '"dropped":1' || fail "nothing dropped"
	hex=$(timeout 5 dd bs=4096 count=1 <&3 2>/dev/null | od -An -tx1 | tr -s ' \n' ' ')
	exec 3<&-
	# QMUX from the modem to WDS client $cid, an indication (flags 04) of
	# packet-service-status (0x0022) whose connection-status TLV says
	# disconnected (01), not reconfiguring (00)
	cidhex=$(printf '%02x' "$cid")
	printf '%s' "$hex" | matches "80 01 $cidhex 04 00 00 22 00 .* 01 02 00 01 00" ||
		fail "no packet-service-status 'disconnected' indication, got: $hex"
	out=$(qmi --wds-get-packet-service-status --client-cid="$cid")
	expect "$out" "Connection status: 'disconnected'"
	ctl clients | matches '"total":0' || fail "client ids leaked: $(ctl clients)"
}

case_exhaust_cids() {
	sim_start
	ctl exhaust-cids dms >/dev/null
	out=$(qmi --dms-get-ids)
	expect "$out" "ClientIdsExhausted"
	ctl restore-cids >/dev/null
	out=$(qmi --dms-get-ids)
	expect "$out" "IMEI:"
}

case_reset() {
	sim_start --reset-delay 500
	qmi --dms-get-ids --client-no-release-cid >/dev/null
	ctl clients | matches '"total":1' || fail "expected one client: $(ctl clients)"
	# the device vanishes as the command is answered...
	ctl reset >/dev/null
	[ ! -e "$QMI" ] || fail "device still there during the reset"
	ctl state | matches '"up":false' || fail "state does not say the device is away"
	# ...and returns with fresh state: no client ids held
	wait_until 10 test -e "$QMI" || fail "device did not come back after reset"
	wait_until 10 sh -c "'$SIM_BIN' ctl '$CTL' state | grep -q '\"up\":true'" || fail "not up"
	ctl clients | matches '"total":0' || fail "client ids survived the reset: $(ctl clients)"
	out=$(qmi --dms-get-ids)
	expect "$out" "IMEI: '359072060000003'"
}

case_sync() {
	sim_start
	qmi --dms-get-ids --client-no-release-cid >/dev/null
	qmi --nas-get-serving-system --client-no-release-cid >/dev/null
	ctl clients | matches '"total":2' || fail "expected 2 clients: $(ctl clients)"
	out=$(qmi --device-open-sync --dms-get-ids)
	expect "$out" "IMEI:"
	ctl clients | matches '"total":0' || fail "sync did not release: $(ctl clients)"
}

ms_now() { date +%s%3N; }

# A malformed answer: libqmi rejects it and the request times out; the next
# request is answered. An answer made late arrives late.
case_malformed() {
	sim_start
	ctl malformed dms 1 >/dev/null
	out=$(timeout 30 qmicli -d "$QMI" --device-open-qmi --dms-get-ids 2>&1 || true)
	expect "$out" "invalid message received"
	expect "$out" "timed out"
	grep -q "fault: malformed dms answer sent" "$WORK/sim.log" || fail "no malformed answer sent"
	ctl delay dms get-ids 700 >/dev/null
	t0=$(ms_now)
	out=$(qmi --dms-get-ids)
	t1=$(ms_now)
	expect "$out" "IMEI:"
	[ $((t1 - t0)) -ge 700 ] || fail "answered in $((t1 - t0)) ms despite a 700 ms delay"
}

# A service that stops answering, then answers again.
case_stop_service() {
	sim_start
	ctl stop-service dms >/dev/null
	out=$(qmi --dms-get-ids)
	expect "$out" "timed out"
	ctl resume-service dms >/dev/null
	out=$(qmi --dms-get-ids)
	expect "$out" "IMEI:"
	ctl clients | matches '"total":0' || fail "client ids leaked: $(ctl clients)"
}

case_quirks() {
	printf '%s\n' "set quirk-sim-init-delay 400" >"$WORK/scenario"
	sim_start --register-delay 0 --scenario "$WORK/scenario"
	ctl state | matches '"sim":"not-initialized"' || fail "SIM should start not initialised"
	wait_registered
	ctl state | matches '"sim":"ready"' || fail "SIM not ready after its delay"
	out=$(qmi --uim-get-card-status)
	expect "$out" "Application state: 'ready'"
}

# The data plane in a namespace: ping from the host side of wwan0 reaches
# the gateway the session handed out; counters and the phantom session.
case_dataplane() {
	[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root (network namespace, TUN)"; exit 77; }
	[ -c /dev/net/tun ] || { echo "SKIP: no /dev/net/tun"; exit 77; }
	NETNS="cellink-sim-test-$$"
	ip netns add "$NETNS" || { echo "SKIP: cannot create a network namespace"; NETNS=""; exit 77; }
	sim_start --register-delay 0 --netns "$NETNS" --ifname wwan0 "$@"
	wait_until 10 ip -n "$NETNS" link show wwan0 || fail "wwan0 not created in $NETNS"
	wait_registered
	out=$(qmi --wds-start-network=apn=internet,ip-type=4 --client-no-release-cid)
	cid=$(printf '%s\n' "$out" | sed -n "s/.*CID: '\([0-9]*\)'.*/\1/p")
	[ -n "$cid" ] || fail "no cid in: $out"
	out=$(qmi --wds-get-current-settings --client-cid="$cid" --client-no-release-cid)
	addr=$(printf '%s\n' "$out" | sed -n 's/.*IPv4 address: //p')
	gw=$(printf '%s\n' "$out" | sed -n 's/.*IPv4 gateway address: //p')
	[ -n "$addr" ] && [ -n "$gw" ] || fail "no addresses in: $out"
	ip -n "$NETNS" addr add "$addr/30" dev wwan0
	ip -n "$NETNS" link set wwan0 up
	ip netns exec "$NETNS" ping -c 2 -W 2 "$gw" >/dev/null || fail "ping $gw through wwan0 failed"
	out=$(qmi --wds-get-packet-statistics --client-cid="$cid" --client-no-release-cid)
	tx=$(printf '%s\n' "$out" | sed -n 's/.*TX packets OK: //p')
	rx=$(printf '%s\n' "$out" | sed -n 's/.*RX packets OK: //p')
	[ "${tx:-0}" -ge 2 ] && [ "${rx:-0}" -ge 2 ] || fail "packet counters tx=$tx rx=$rx"
	# a phantom session: still connected, nothing goes through
	ctl phantom-session on >/dev/null
	! ip netns exec "$NETNS" ping -c 1 -W 1 "$gw" >/dev/null || fail "phantom session forwarded"
	out=$(qmi --wds-get-packet-service-status --client-cid="$cid" --client-no-release-cid)
	expect "$out" "Connection status: 'connected'"
	ctl phantom-session off >/dev/null
	ip netns exec "$NETNS" ping -c 1 -W 2 "$gw" >/dev/null || fail "ping after phantom off failed"
	# without a session nothing flows
	ctl drop-session >/dev/null
	! ip netns exec "$NETNS" ping -c 1 -W 1 "$gw" >/dev/null || fail "forwarded without a session"
}

# The same over 802.3: a TAP device answering ARP, an EC25 in 802-3 mode.
case_dataplane_tap() {
	case_dataplane --tap --profile quectel-ec25
}

"case_$CASE"
sim_fields_clean
echo "PASS: $CASE"
