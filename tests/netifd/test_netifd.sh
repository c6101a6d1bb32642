#!/usr/bin/env bash
# The OpenWrt protocol handler (packaging/openwrt/cellink/files/cellink.sh)
# run under a harness that provides netifd's shell functions and records the
# calls, against cellink-sim.
# usage: test_netifd.sh CELLINK_SIM CELLINK CASE
set -u
sim=$1 cellink=$2 case=$3
here=$(cd "$(dirname "$0")" && pwd)
files=$here/../../packaging/openwrt/cellink/files
t=$(mktemp -d)
simpid= daemonpid=
cleanup() {
	[ -f "$t/netifd.log.pid" ] && kill "$(cat "$t/netifd.log.pid")" 2>/dev/null
	[ -n "$daemonpid" ] && kill "$daemonpid" 2>/dev/null && wait "$daemonpid" 2>/dev/null
	[ -n "$simpid" ] && kill "$simpid" 2>/dev/null && wait "$simpid" 2>/dev/null
	rm -rf "$t"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"; echo "--- netifd calls:"; cat "$t/netifd.log" 2>/dev/null
	echo "--- cellink output:"; cat "$t/netifd.log.cmd" "$t/daemon.log" 2>/dev/null; exit 1
}

# wait_for FILE PATTERN SECONDS: bounded wait for a line to appear
wait_for() {
	local deadline=$((SECONDS + $3))
	while [ $SECONDS -lt $deadline ]; do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		read -r -t 0.05 <> <(:) || true
	done
	return 1
}

export NETIFD_LOG=$t/netifd.log
: > "$NETIFD_LOG"
export CELLINK_FUNCTIONS=$here/functions.sh
export CELLINK_NETIFD_PROTO=$here/netifd-proto.sh
export CELLINK_RUNDIR=$t/run
export CELLINK_HOOK=$files/cellink-hook.sh
# /etc/config of the stand-in functions.sh (config_load NAME reads $t/uci/NAME)
export UCI_STANDIN_DIR=$t/uci
mkdir -p "$UCI_STANDIN_DIR"
# cellink reads the emulator's sysfs tree instead of the machine's
cat > "$t/cellink" <<EOS
#!/bin/sh
case "\$1" in
connect|daemon) exec "$cellink" "\$@" --sysfs "$t/sys" ;;
*) exec "$cellink" "\$@" ;;
esac
EOS
chmod +x "$t/cellink"
export CELLINK_BIN=$t/cellink
# Commands the hook and the hotplug script run besides netifd's functions:
# recorded like netifd's calls. fw4 answers the interface's firewall zone.
mkdir -p "$t/bin"
for c in ip ubus logger; do
	printf '#!/bin/sh\necho "%s $*" >> "%s"\n' "$c" "$NETIFD_LOG" > "$t/bin/$c"
done
printf '#!/bin/sh\necho wan\n' > "$t/bin/fw4"
chmod +x "$t"/bin/*
export PATH="$t/bin:$PATH"

scenario=$t/scenario
: > "$scenario"
case "$case" in
wrong_password) echo "set apn internet user=u pass=right auth=chap" >> "$scenario" ;;
sim_locked) echo "sim puk" >> "$scenario" ;;
v6apn) echo "set apn ims6" >> "$scenario" ;;
timeout0) echo "sim not-initialized" >> "$scenario" ;;
roaming0) echo "set roaming on" >> "$scenario" ;;
esac
# the mbim case: the emulator's MBIM personality, a section moved from
# umbim's proto mbim (its options as umbim spells them)
simproto=qmi simlog=""
case "$case" in mbim*) simproto=mbim simlog=--log ;; esac
"$sim" --$simproto "$t/cdc-wdm0" $simlog --control "$t/ctl" --sysfs "$t/sys" --register-delay 50 \
	--scenario "$scenario" > "$t/sim.log" 2>&1 &
simpid=$!
deadline=$((SECONDS + 10))
until [ -e "$t/cdc-wdm0" ] && [ -S "$t/ctl" ]; do
	[ $SECONDS -lt $deadline ] || fail "cellink-sim did not start: $(cat "$t/sim.log")"
	kill -0 $simpid 2>/dev/null || fail "cellink-sim exited: $(cat "$t/sim.log")"
	read -r -t 0.05 <> <(:) || true
done
# The handler checks for a character device; the emulator's node is a pty.
[ -c "$(readlink -f "$t/cdc-wdm0")" ] || fail "the emulator's control node is not a character device"

export CFG_device=$t/cdc-wdm0 CFG_apn=internet CFG_pdptype=ipv4 CFG_timeout=20
case "$case" in
wrong_password) export CFG_auth=chap CFG_username=u CFG_password=wrong ;;
static_v6) export CFG_pdptype=ipv4v6 ;;
dhcpv6) export CFG_pdptype=ipv4v6 CFG_dhcpv6=1 CFG_ip6table=100 CFG_delegate=0 CFG_metric=5 ;;
dhcp) export CFG_dhcp=1 CFG_ip4table=200 ;;
v6apn) export CFG_pdptype=ipv4v6 CFG_v6apn=ims6 ;;
mtu) export CFG_mtu=1400 ;;
defaultroute0) export CFG_pdptype=ipv4v6 CFG_defaultroute=0 ;;
peerdns0) export CFG_pdptype=ipv4v6 CFG_peerdns=0 CFG_ip6table=100 ;;
metric) export CFG_pdptype=ipv4v6 CFG_metric=20 CFG_sourcefilter=0 ;;
timeout0) export CFG_timeout=0 ;;
hotplug) export CFG_device=$t/modem ;;   # not there yet: the modem is late
bands) export CFG_lte_bands="3,7" ;;
bands_unsupported) export CFG_lte_bands="3,42" ;;
roaming0) export CFG_roaming=0 ;;
mbim) export CFG_pdptype=IPv4 CFG_pincode=1234 CFG_allow_roaming=0 CFG_allow_partner=1 CFG_delay=0 ;;
esac

INCLUDE_ONLY=1
# shellcheck source=/dev/null
. "$here/functions.sh"
. "$here/netifd-proto.sh"
. "$files/cellink.sh"

proto_cellink_init_config
grep -q "proto_config_add_string device:device" "$NETIFD_LOG" || fail "device option not declared"
for opt in apn v6apn auth username password pincode pdptype modes lte_bands nr_bands; do
	grep -q "proto_config_add_string $opt\$" "$NETIFD_LOG" || fail "option $opt not declared"
done
for opt in allow_roaming allow_partner; do
	grep -q "proto_config_add_boolean $opt\$" "$NETIFD_LOG" || fail "umbim's option $opt not declared"
done
for opt in profile v6profile timeout mtu delay plmn; do
	grep -q "proto_config_add_int $opt\$" "$NETIFD_LOG" || fail "option $opt not declared"
done

if [ "$case" = hotplug ]; then
	# the modem is not there: netifd is told the interface is unavailable
	proto_cellink_setup wan
	grep -q "^proto_set_available wan 0" "$NETIFD_LOG" || fail "missing device: interface not marked unavailable"
	! grep -q "^proto_run_command" "$NETIFD_LOG" || fail "cellink started without its device"
	cat > "$t/uci/network" <<EOU
config interface lan
	option proto static
config interface other
	option proto cellink
	option device /dev/cdc-wdm7
config interface wan
	option proto cellink
	option device $t/modem
EOU
	hotplug() {
		env ACTION="$1" DEVNAME="$2" CELLINK_DEVDIR="$t" UCI_STANDIN_DIR="$t/uci" \
			sh "$files/cellink.hotplug" || fail "hotplug script failed"
	}
	hotplug add cdc-wdm0    # a device appears that is not wan's yet
	! grep -q "^proto_set_available wan 1" "$NETIFD_LOG" || fail "available before its device appeared"
	ln -s "$t/cdc-wdm0" "$t/modem"          # a by-id style link to the new node
	hotplug remove cdc-wdm0
	hotplug add ttyUSB2
	! grep -q "^proto_set_available wan 1" "$NETIFD_LOG" || fail "available on the wrong event"
	hotplug add cdc-wdm0
	grep -q "^proto_set_available wan 1" "$NETIFD_LOG" || fail "device appeared: interface not made available"
	! grep -q "^proto_set_available other" "$NETIFD_LOG" || fail "another interface was touched"
	[ "$(grep -c "^proto_set_available wan 1" "$NETIFD_LOG")" = 1 ] || fail "made available more than once"
	# netifd now sets the interface up again
fi

# has / hasnt LINE-REGEX WHAT
has() { grep -q -- "$1" "$NETIFD_LOG" || fail "$2"; }
hasnt() { ! grep -q -- "$1" "$NETIFD_LOG" || fail "$2"; }

if [ "$case" = daemon ]; then
	# The modem is run by the daemon under procd (/etc/config/cellink), and
	# netifd owns its interface (/etc/config/network): the daemon configures
	# nothing itself, its hook hands the link to netifd.
	# /etc/init.d/cellink under a stand-in of procd's functions
	procd_open_instance() { echo "procd_open_instance" >> "$t/procd.log"; }
	procd_set_param() { echo "procd_set_param $*" >> "$t/procd.log"; }
	procd_close_instance() { :; }
	init_start() { : > "$t/procd.log"; (CELLINK_CONF=$t/uci/cellink; . "$files/cellink.init"; start_service); }
	# the package's /etc/config/cellink has no modem: no service, no complaint
	cp "$files/cellink.config" "$t/uci/cellink"
	init_start || fail "cellink.init fails on the package's configuration"
	[ ! -s "$t/procd.log" ] || fail "a daemon without modems: $(cat "$t/procd.log")"
	hasnt "^logger" "cellink.init complains about the package's configuration"
	printf "config modem 'wan'\n\toption device '%s'\n\toption apn 'internet'\n\toption timeout '20'\n" \
		"$t/cdc-wdm0" > "$t/uci/cellink"
	printf 'config interface wan\n\toption proto cellink\n\toption defaultroute 0\n\toption metric 7\n' > "$t/uci/network"
	# boot: netifd sets the interface up before the daemon runs
	proto_cellink_setup wan > "$t/handler.out"
	grep -q "run by the cellink daemon" "$t/handler.out" || fail "the handler did not leave the modem to the daemon"
	hasnt "^proto_run_command" "the handler started a second cellink on the daemon's modem"
	hasnt "^proto_notify_error" "an error while the daemon is not running yet"
	# the daemon starts, as procd runs it
	init_start || fail "cellink.init failed: $(cat "$NETIFD_LOG")"
	procd_cmd=$(sed -n 's/^procd_set_param command //p' "$t/procd.log")
	grep -q -- " daemon .*--no-configure --hook $CELLINK_HOOK --syslog\$" <<<"$procd_cmd" ||
		fail "cellink.init does not run the daemon with --no-configure, the hook and --syslog: $procd_cmd"
	# its log goes to a socket of the test's, never the host's /dev/log
	# shellcheck disable=SC2086
	CELLINK_SYSLOG_SOCKET="$t/no-log.sock" $procd_cmd > "$t/daemon.log" 2>&1 &
	daemonpid=$!
	wait_for "$NETIFD_LOG" "^proto_send_update wan" 20 || fail "the daemon's link did not reach netifd within 20 s"
	has "^proto_init_update wwan0 1" "interface not named to netifd"
	has "^proto_add_ipv4_address 10.42.0.2 30" "address not handed to netifd"
	has "^proto_add_ipv4_route 10.42.0.1 32 '' '' 7$" "metric of the interface's section not applied"
	hasnt "^proto_add_ipv4_route 0.0.0.0 0" "default route despite the section's defaultroute 0"
	# ifdown: the daemon takes the link down; ifup: it brings it up again
	proto_cellink_teardown wan
	wait_for "$NETIFD_LOG" "^proto_init_update wwan0 0" 20 || fail "ifdown did not take the daemon's link down"
	: > "$NETIFD_LOG"
	proto_cellink_setup wan > "$t/handler.out"
	wait_for "$NETIFD_LOG" "^proto_init_update wwan0 1" 20 || fail "ifup did not bring the daemon's link up"
	grep -q "did not answer" "$t/handler.out" && fail "the running daemon did not answer the handler"
	[ -n "${NETIFD_SHOW:-}" ] && cat "$NETIFD_LOG"
	echo "ok: netifd $case"
	exit 0
fi

proto_cellink_setup wan
grep -q "^proto_run_command wan " "$NETIFD_LOG" || fail "cellink was not started with proto_run_command"
! grep "^proto_run_command" "$NETIFD_LOG" | grep -q -- "wrong\|right" || fail "a password is on the command line"
cmdline=$(grep "^proto_run_command" "$NETIFD_LOG")
if [ -n "${CFG_timeout:-}" ]; then
	grep -q -- "--sim-timeout $CFG_timeout --register-timeout $CFG_timeout" <<<"$cmdline" ||
		fail "timeout is not the SIM and registration bound"
	! grep -q -- "--timeout" <<<"$cmdline" || fail "timeout passed as the overall deadline"
fi

# up_checks: the link is up and netifd has the IPv4 settings
up_checks() {
	wait_for "$NETIFD_LOG" "^proto_send_update wan" 20 || fail "no proto_send_update within 20 s"
	grep -q "^proto_init_update wwan0 1" "$NETIFD_LOG" || fail "interface not named to netifd"
}
# the IPv6 session is up once its address reached netifd or the dynamic interface
wait_v6() {
	wait_for "$NETIFD_LOG" "$1" 20 || fail "IPv6 not handed to netifd within 20 s"
}

case "$case" in
mbim)
	# found by the driver bound (the emulator's tree says cdc_mbim), and up;
	# allow_roaming 0 is cellink's --no-roaming (the emulator is at home)
	grep -q -- "--no-roaming" <<<"$cmdline" || fail "allow_roaming 0 is not --no-roaming"
	up_checks
	has "^proto_add_ipv4_address 10.42.0.2 30" "address not handed to netifd"
	has "^proto_add_dns_server 10.42.0.53" "DNS server not handed to netifd"
	grep -q "close-done" "$t/sim.log" && fail "the MBIM device was closed before teardown"
	proto_cellink_teardown wan
	wait_for "$t/sim.log" "close-done" 10 || fail "no MBIM CLOSE after teardown"
	;;
up|hotplug)
	up_checks
	has "^proto_add_ipv4_address 10.42.0.2 30" "address not handed to netifd"
	has "^proto_add_ipv4_route 10.42.0.1 32 '' '' ''$" "route to the gateway not handed to netifd"
	has "^proto_add_ipv4_route 0.0.0.0 0 10.42.0.1 '' ''$" "default route not handed to netifd"
	has "^proto_add_dns_server 10.42.0.53" "DNS server not handed to netifd"
	hasnt "^ubus" "a dynamic interface without dhcp or dhcpv6"
	proto_cellink_teardown wan
	pid=$(cat "$NETIFD_LOG.pid")
	deadline=$((SECONDS + 10))
	while kill -0 "$pid" 2>/dev/null; do
		[ $SECONDS -lt $deadline ] || fail "cellink still running 10 s after teardown"
		read -r -t 0.05 <> <(:) || true
	done
	held=$("$sim" ctl "$t/ctl" clients)
	grep -q '"total":0' <<<"$held" || fail "client ids still held after teardown: $held"
	[ ! -e "$t/run/wan" ] || fail "secrets directory left behind"
	;;
wrong_password)
	wait_for "$NETIFD_LOG" "^proto_notify_error wan" 20 || fail "no proto_notify_error within 20 s"
	grep -q "^proto_notify_error wan CALL_REJECTED" "$NETIFD_LOG" || fail "wrong error code"
	;;
sim_locked)
	wait_for "$NETIFD_LOG" "^proto_notify_error wan" 20 || fail "no proto_notify_error within 20 s"
	grep -q "^proto_notify_error wan SIM_LOCKED" "$NETIFD_LOG" || fail "wrong error code"
	grep -q "^proto_block_restart wan" "$NETIFD_LOG" || fail "a locked SIM must block restarts"
	;;
static_v6)
	wait_v6 "^proto_add_ipv6_prefix"
	wait_for "$NETIFD_LOG" "^proto_send_update wan" 5 || fail "no proto_send_update"
	has "^proto_add_ipv6_address 2001:db8:42::2 128$" "IPv6 address not handed to netifd"
	has "^proto_add_ipv6_prefix 2001:db8:42::2/64$" "IPv6 prefix not announced to netifd (odhcpd serves the LAN from it)"
	has "^proto_add_ipv6_route 2001:db8:42::1 128 " "route to the IPv6 gateway missing"
	has "^proto_add_ipv6_route :: 0 2001:db8:42::1 '' '' 2001:db8:42::2/64 ''$" "IPv6 default route (with its source) missing"
	has "^proto_add_dns_server 2001:db8:42::53" "IPv6 DNS server not handed to netifd"
	has "^proto_add_ipv4_address 10.42.0.2 30" "IPv4 lost beside IPv6"
	hasnt "^ubus" "a dynamic interface without dhcpv6"
	;;
dhcpv6)
	wait_v6 "^ubus call network add_dynamic"
	has '^ubus call network add_dynamic {"name":"wan_6","ifname":"@wan","proto":"dhcpv6","extendprefix":"1","iface_464xlat":"0","ip6table":"100","delegate":0,"metric":5,"zone":"wan"}$' \
		"dynamic wan_6 interface not as qmi.sh makes it"
	hasnt "^proto_add_ipv6_address" "static IPv6 address despite dhcpv6"
	hasnt "^proto_add_ipv6_prefix" "static IPv6 prefix despite dhcpv6"
	hasnt "^proto_add_dns_server 2001" "static IPv6 DNS despite dhcpv6"
	has "^proto_add_ipv4_address 10.42.0.2 30" "IPv4 stays static without dhcp"
	has "^proto_add_ipv4_route 0.0.0.0 0 10.42.0.1 '' 5$" "metric not on the IPv4 default route"
	hasnt "add_dynamic.*wan_4" "a wan_4 without dhcp"
	;;
dhcp)
	wait_for "$NETIFD_LOG" "^ubus call network add_dynamic" 20 || fail "no dynamic interface within 20 s"
	has '^ubus call network add_dynamic {"name":"wan_4","ifname":"@wan","proto":"dhcp","ip4table":"200","zone":"wan"}$' \
		"dynamic wan_4 interface not as qmi.sh makes it"
	has "^proto_init_update wwan0 1" "the link itself not handed to netifd"
	hasnt "^proto_add_ipv4_address" "static IPv4 address despite dhcp"
	hasnt "^proto_add_dns_server" "static IPv4 DNS despite dhcp"
	;;
v6apn)
	wait_v6 "^proto_add_ipv6_prefix"
	grep -q -- "--v6apn ims6" <<<"$cmdline" || fail "v6apn not passed to cellink"
	state=$("$sim" ctl "$t/ctl" state)
	grep -q '"ipv":4,"handle":[0-9]*,"apn":"internet"' <<<"$state" || fail "IPv4 session not on apn internet: $state"
	grep -q '"ipv":6,"handle":[0-9]*,"apn":"ims6"' <<<"$state" || fail "IPv6 session not on apn ims6: $state"
	;;
mtu)
	up_checks
	grep -q -- "--mtu 1400" <<<"$cmdline" || fail "mtu not passed to cellink"
	has "^ip link set dev wwan0 mtu 1400$" "mtu not applied to the interface"
	[ "$(grep -n "^ip link set" "$NETIFD_LOG" | cut -d: -f1)" -lt "$(grep -n "^proto_send_update wan" "$NETIFD_LOG" | head -1 | cut -d: -f1)" ] ||
		fail "mtu applied after the interface went up"
	;;
defaultroute0)
	wait_v6 "^proto_add_ipv6_prefix"
	wait_for "$NETIFD_LOG" "^proto_send_update wan" 5 || fail "no proto_send_update"
	has "^proto_export CELLINK_OPT_DEFAULTROUTE=0" "defaultroute not exported to the hook"
	has "^proto_add_ipv4_route 10.42.0.1 32" "the route to the gateway is not a default route"
	hasnt "^proto_add_ipv4_route 0.0.0.0 0" "IPv4 default route despite defaultroute 0"
	hasnt "^proto_add_ipv6_route :: 0" "IPv6 default route despite defaultroute 0"
	has "^proto_add_dns_server 10.42.0.53" "DNS lost with defaultroute 0"
	;;
peerdns0)
	wait_v6 "^proto_add_ipv6_prefix"
	wait_for "$NETIFD_LOG" "^proto_send_update wan" 5 || fail "no proto_send_update"
	hasnt "^proto_add_dns_server" "DNS servers handed to netifd despite peerdns 0"
	has "^proto_add_ipv4_route 0.0.0.0 0 10.42.0.1" "default route lost with peerdns 0"
	has "^proto_add_ipv6_route :: 0 2001:db8:42::1 '' '' 2001:db8:42::2/64 100$" "ip6table not on the IPv6 default route"
	;;
metric)
	wait_v6 "^proto_add_ipv6_prefix"
	wait_for "$NETIFD_LOG" "^proto_send_update wan" 5 || fail "no proto_send_update"
	has "^proto_add_ipv4_route 0.0.0.0 0 10.42.0.1 '' 20$" "metric not on the IPv4 default route"
	# sourcefilter 0: the IPv6 default route is for every source
	has "^proto_add_ipv6_route :: 0 2001:db8:42::1 20 '' '' ''$" "metric (or sourcefilter 0) not on the IPv6 default route"
	;;
timeout0)
	# the SIM takes its time; with timeout 0 cellink waits rather than fail
	wait_for "$NETIFD_LOG.cmd" "SIM not initialised yet" 20 || fail "cellink did not wait for the SIM"
	hasnt "^proto_notify_error" "an error while the SIM initialises"
	"$sim" ctl "$t/ctl" sim ready >/dev/null || fail "cannot make the SIM ready"
	up_checks
	hasnt "^proto_notify_error" "an error with timeout 0"
	;;
bands)
	up_checks
	grep -q -- "--lte-bands 3,7" <<<"$cmdline" || fail "lte_bands not passed to cellink"
	state=$("$sim" ctl "$t/ctl" state)
	grep -q '"lte_enabled":\[3,7\]' <<<"$state" || fail "the modem is not locked to LTE bands 3 and 7: $state"
	;;
bands_unsupported)
	wait_for "$NETIFD_LOG" "^proto_notify_error wan" 20 || fail "no proto_notify_error within 20 s"
	has "^proto_notify_error wan USAGE" "an unsupported band is not a configuration error"
	has "^proto_block_restart wan" "a band the modem lacks must block restarts"
	grep -q "LTE band 42 is not supported by this modem" "$NETIFD_LOG.cmd" ||
		fail "the log does not name the unsupported band"
	state=$("$sim" ctl "$t/ctl" state)
	grep -q '"lte_enabled":\[1,2,3,4,5,7,8' <<<"$state" || fail "the modem's bands were changed: $state"
	;;
roaming0)
	grep -q -- "--no-roaming" <<<"$cmdline" || fail "roaming 0 not passed to cellink"
	wait_for "$NETIFD_LOG" "^proto_notify_error wan" 20 || fail "no proto_notify_error within 20 s"
	has "^proto_notify_error wan ROAMING" "roaming refusal not reported as ROAMING"
	hasnt "^proto_block_restart" "roaming blocks restarts (the home network may come back)"
	hasnt "^proto_send_update wan" "a link while roaming"
	grep -q "roaming is not allowed" "$NETIFD_LOG.cmd" || fail "the log does not say why"
	;;
*) echo "unknown case $case"; exit 2 ;;
esac
[ -n "${NETIFD_SHOW:-}" ] && cat "$NETIFD_LOG"
echo "ok: netifd $case"
