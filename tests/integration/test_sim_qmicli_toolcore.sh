#!/usr/bin/env bash
# Interop for toolcore's commands: the real qmicli (libqmi-utils) and
# cellink against the same cellink-sim, each reading what the other did.
# usage: test_sim_qmicli_toolcore.sh CELLINK_SIM CELLINK CASE
SIM_BIN=$1
CELLINK=$2
CASE=$3
command -v qmicli >/dev/null || { echo "SKIP: qmicli not installed (libqmi-utils)"; exit 77; }
. "$(dirname "$0")/sim_lib.sh"

# qmicli's number after LABEL (e.g. "TX bytes OK: 1280")
field() { printf '%s\n' "$1" | sed -n "s/.*$2: '\{0,1\}\([0-9]*\).*/\1/p" | head -n 1; }

case_packet_statistics() {
	[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root (network namespace, TUN)"; exit 77; }
	[ -c /dev/net/tun ] || { echo "SKIP: no /dev/net/tun"; exit 77; }
	NETNS="cellink-qmi-tc-$$"
	ip netns add "$NETNS" || { echo "SKIP: cannot create a network namespace"; NETNS=""; exit 77; }
	sim_start --register-delay 0 --netns "$NETNS" --ifname wwan0
	wait_until 10 ip -n "$NETNS" link show wwan0 || fail "wwan0 not created in $NETNS"
	wait_registered
	out=$(qmi --wds-start-network=apn=internet,ip-type=4 --client-no-release-cid)
	cid=$(printf '%s\n' "$out" | sed -n "s/.*CID: '\([0-9]*\)'.*/\1/p")
	[ -n "$cid" ] || fail "no cid in: $out"
	out=$(qmi --wds-get-current-settings --client-cid="$cid" --client-no-release-cid)
	addr=$(printf '%s\n' "$out" | sed -n 's/.*IPv4 address: //p')
	gw=$(printf '%s\n' "$out" | sed -n 's/.*IPv4 gateway address: //p')
	[ -n "$addr" ] && [ -n "$gw" ] || fail "no addresses in: $out"
	# IPv4 only on wwan0: the kernel's own IPv6 packets (router
	# solicitations, MLD) would count on the interface, not in the IPv4 session
	ip netns exec "$NETNS" sysctl -q -w net.ipv6.conf.wwan0.disable_ipv6=1
	ip -n "$NETNS" addr add "$addr/30" dev wwan0
	ip -n "$NETNS" link set wwan0 up
	ip netns exec "$NETNS" ping -c 4 -s 200 -i 0.2 -W 2 "$gw" >/dev/null || fail "ping $gw through wwan0 failed"
	kernel=$(ip -n "$NETNS" -s -j link show dev wwan0 | python3 -c '
import json, sys
s = json.load(sys.stdin)[0]["stats64"]
print(s["tx"]["bytes"], s["rx"]["bytes"], s["tx"]["packets"], s["rx"]["packets"])')
	read -r k_tx k_rx k_txp k_rxp <<<"$kernel"
	out=$(qmi --wds-get-packet-statistics --client-cid="$cid" --client-no-release-cid)
	q_tx=$(field "$out" "TX bytes OK")
	q_rx=$(field "$out" "RX bytes OK")
	q_txp=$(field "$out" "TX packets OK")
	[ "$q_tx" = "$k_tx" ] && [ "$q_rx" = "$k_rx" ] && [ "$q_txp" = "$k_txp" ] ||
		fail "qmicli says tx $q_tx rx $q_rx ($q_txp packets), wwan0 sent $k_tx received $k_rx ($k_txp packets): $out"
	[ "$q_tx" -ge $((4 * 228)) ] || fail "4 pings of 228 bytes, but $q_tx bytes counted"
	# cellink, on a client of its own, reads the same session
	c=$("$CELLINK" counters --device "$QMI" --json)
	json_valid counters "$c"
	expect "$c" "\"session\":{\"rx_bytes\":$k_rx,\"tx_bytes\":$k_tx,\"rx_packets\":$k_rxp,\"tx_packets\":$k_txp}"
	# the session ends: out of call, for both
	ctl drop-session >/dev/null
	out=$(qmi --wds-get-packet-statistics --client-cid="$cid" --client-no-release-cid)
	expect "$out" "OutOfCall"
	c=$("$CELLINK" counters --device "$QMI" --json)
	expect "$c" "\"connected\":false,\"last_call\":{\"rx_bytes\":$k_rx,\"tx_bytes\":$k_tx}"
	qmi --wds-noop --client-cid="$cid" >/dev/null        # releases the cid
}

# No data plane, no session: the modem says so to both.
case_packet_statistics_no_call() {
	sim_start
	out=$(qmi --wds-get-packet-statistics)
	expect "$out" "OutOfCall"
	c=$("$CELLINK" counters --device "$QMI" --json)
	json_valid counters "$c"
	expect "$c" '"connected":false'
}

case_profiles() {
	sim_start
	# qmicli creates and modifies, cellink reads
	out=$(qmi --wds-create-profile="3gpp,apn=ims,pdp-type=IPV6,name=IMS")
	expect "$out" "Profile index: '2'"
	out=$(qmi --wds-modify-profile="3gpp,2,auth=CHAP,username=bob,password=qmicli-pw")
	expect "$out" "Profile successfully modified"
	c=$("$CELLINK" profiles --device "$QMI" --json)
	json_valid profiles "$c"
	expect "$c" '{"index":2,"name":"IMS","apn":"ims","pdp_type":"ipv6","auth":"chap","username":"bob","password_set":true}'
	! printf '%s' "$c" | grep -q "qmicli-pw" || fail "cellink printed the password"
	# cellink creates and modifies, qmicli reads
	c=$("$CELLINK" profiles --device "$QMI" create --apn mgmt.corp --name mgmt --pdp-type ipv4v6 --json)
	expect "$c" '"index":3'
	"$CELLINK" profiles --device "$QMI" modify 3 --auth pap >/dev/null || fail "modify refused"
	out=$(qmi --wds-get-profile-list=3gpp)
	expect "$out" "\[3\] 3gpp - mgmt"
	expect "$out" "APN: 'mgmt.corp'"
	expect "$out" "PDP type: 'ipv4-or-ipv6'"
	expect "$out" "Auth: 'pap'"
	# qmicli deletes, cellink no longer lists it
	out=$(qmi --wds-delete-profile=3gpp,2)
	expect "$out" "Profile successfully deleted"
	c=$("$CELLINK" profiles --device "$QMI" --json)
	! printf '%s' "$c" | grep -q '"index":2' || fail "profile 2 still listed: $c"
	expect "$(ctl clients)" '"total":0'
}

case_operating_mode() {
	sim_start
	out=$(qmi --dms-set-operating-mode=offline)
	expect "$out" "Operating mode set successfully"
	expect "$("$CELLINK" power --device "$QMI")" "operating mode: offline"
	"$CELLINK" power --device "$QMI" low >/dev/null || fail "power low refused"
	out=$(qmi --dms-get-operating-mode)
	expect "$out" "Mode: 'low-power'"
	"$CELLINK" power --device "$QMI" online >/dev/null || fail "power online refused"
	out=$(qmi --dms-get-operating-mode)
	expect "$out" "Mode: 'online'"
	# cellink reset: qmicli sees the device come back online with its state
	"$CELLINK" reset --device "$QMI" >/dev/null || fail "reset refused"
	wait_until 10 test -e "$QMI" || fail "the device did not come back"
	wait_until 10 bash -c "timeout 5 qmicli -d '$QMI' --device-open-qmi --dms-get-operating-mode 2>&1 | grep -q \"Mode: 'online'\"" ||
		fail "the modem is not online after the reset"
}

"case_$CASE"
sim_fields_clean
echo "PASS: $CASE"
