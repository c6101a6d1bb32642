#!/bin/sh
# Called by `cellink connect --hook` on every change of the link:
#   cellink-hook.sh up|update|down|error
# with the settings in the environment (see cellink(8), HOOKS) and the
# interface's options as the protocol handler exported them (CELLINK_OPT_*).
# It hands them to netifd with the functions of netifd-proto.sh.

. "${CELLINK_FUNCTIONS:-/lib/functions.sh}"
. "${CELLINK_NETIFD_PROTO:-/lib/netifd/netifd-proto.sh}"

interface="$CELLINK_NAME"
[ -n "$interface" ] || { echo "cellink-hook: CELLINK_NAME is not set" >&2; exit 1; }

# Run by the daemon under procd (not by the handler): the options come from
# the interface's section in /etc/config/network, which must exist.
if [ -z "${CELLINK_OPT_HANDLER:-}" ]; then
	ubus -S call "network.interface.$interface" status >/dev/null 2>&1 || {
		msg="netifd has no interface '$interface' for the daemon's modem '$interface':"
		msg="$msg add 'config interface $interface' with option proto 'cellink' to /etc/config/network"
		echo "cellink-hook: $msg" >&2
		logger -t cellink "$msg"
	}
	config_load network
	config_get CELLINK_OPT_DEFAULTROUTE "$interface" defaultroute
	config_get CELLINK_OPT_PEERDNS "$interface" peerdns
	config_get CELLINK_OPT_METRIC "$interface" metric
	config_get CELLINK_OPT_DHCP "$interface" dhcp
	config_get CELLINK_OPT_DHCPV6 "$interface" dhcpv6
	config_get CELLINK_OPT_PDPTYPE "$interface" pdptype
	config_get CELLINK_OPT_IP4TABLE "$interface" ip4table
	config_get CELLINK_OPT_IP6TABLE "$interface" ip6table
	config_get CELLINK_OPT_SOURCEFILTER "$interface" sourcefilter
	config_get CELLINK_OPT_DELEGATE "$interface" delegate
fi

# empty: as netifd's default (1)
defaultroute="$CELLINK_OPT_DEFAULTROUTE"
peerdns="$CELLINK_OPT_PEERDNS"
metric="$CELLINK_OPT_METRIC"
ip6table="$CELLINK_OPT_IP6TABLE"

# The firewall zone of the interface, for the dynamic interfaces below.
firewall_zone() {
	local fw
	for fw in fw4 fw3; do
		command -v "$fw" >/dev/null 2>&1 && { "$fw" -q network "$interface" 2>/dev/null; return; }
	done
}

# add_dynamic NAME PROTO [TYPE:KEY VALUE]...: an interface on top of this
# one (ifname @interface), made and owned by netifd, as qmi.sh makes them.
# TYPE is s (string) or b (boolean); empty values are left out.
add_dynamic() {
	local name="$1" proto="$2" zone
	shift 2
	json_init
	json_add_string name "$name"
	json_add_string ifname "@$interface"
	json_add_string proto "$proto"
	while [ $# -ge 2 ]; do
		if [ -n "$2" ]; then
			case "$1" in
			b:*) json_add_boolean "${1#b:}" "$2" ;;
			*) json_add_string "${1#s:}" "$2" ;;
			esac
		fi
		shift 2
	done
	proto_add_dynamic_defaults
	zone="$(firewall_zone)"
	[ -n "$zone" ] && json_add_string zone "$zone"
	json_close_object
	ubus call network add_dynamic "$(json_dump)"
}

link_up() {
	local v4_dhcp=0 v6_dhcp=0
	[ "$CELLINK_OPT_DHCP" = 1 ] && [ -n "$CELLINK_IPV4_ADDRESS" ] && v4_dhcp=1
	[ "$CELLINK_OPT_DHCPV6" = 1 ] && [ -n "$CELLINK_IPV6_ADDRESS" ] && v6_dhcp=1

	# the MTU cellink settled on: the configured one, else the network's
	if [ -n "$CELLINK_MTU" ]; then
		ip link set dev "$CELLINK_IFNAME" mtu "$CELLINK_MTU" ||
			echo "cellink-hook: cannot set mtu $CELLINK_MTU on $CELLINK_IFNAME" >&2
	fi

	proto_init_update "$CELLINK_IFNAME" 1
	proto_set_keep 1
	if [ -n "$CELLINK_IPV4_ADDRESS" ] && [ $v4_dhcp = 0 ]; then
		proto_add_ipv4_address "$CELLINK_IPV4_ADDRESS" "$CELLINK_IPV4_PREFIX"
		if [ -n "$CELLINK_IPV4_GATEWAY" ]; then
			proto_add_ipv4_route "$CELLINK_IPV4_GATEWAY" 32 "" "" "$metric"
			[ "$defaultroute" = 0 ] ||
				proto_add_ipv4_route "0.0.0.0" 0 "$CELLINK_IPV4_GATEWAY" "" "$metric"
		fi
	fi
	if [ -n "$CELLINK_IPV6_ADDRESS" ] && [ $v6_dhcp = 0 ]; then
		local prefix="$CELLINK_IPV6_ADDRESS/$CELLINK_IPV6_PREFIX" source=""
		# the address is ours alone; the prefix goes to netifd, which hands
		# it to the LAN (ip6assign) through odhcpd unless delegate is 0
		proto_add_ipv6_address "$CELLINK_IPV6_ADDRESS" 128
		proto_add_ipv6_prefix "$prefix"
		[ "$CELLINK_OPT_SOURCEFILTER" = 0 ] || source="$prefix"
		if [ -n "$CELLINK_IPV6_GATEWAY" ]; then
			proto_add_ipv6_route "$CELLINK_IPV6_GATEWAY" 128 "" "$metric" "" "" "$ip6table"
			[ "$defaultroute" = 0 ] ||
				proto_add_ipv6_route "::" 0 "$CELLINK_IPV6_GATEWAY" "$metric" "" "$source" "$ip6table"
		fi
	fi
	if [ "$peerdns" != 0 ]; then
		local dns
		for dns in $CELLINK_DNS; do
			case "$dns" in
			*:*) [ $v6_dhcp = 1 ] && continue ;;
			*) [ $v4_dhcp = 1 ] && continue ;;
			esac
			proto_add_dns_server "$dns"
		done
	fi
	proto_send_update "$interface"

	# dhcp '1' / dhcpv6 '1': the addresses come from DHCP on top of the link;
	# for IPv6 the /64 is extended to the LAN (RFC 7278). A session that
	# comes up later arrives as an update; netifd takes a repeated
	# add_dynamic of the same interface as an unchanged configuration.
	if [ $v6_dhcp = 1 ]; then
		local xlat=""
		[ "$CELLINK_OPT_PDPTYPE" = ipv4v6 ] && xlat=0
		add_dynamic "${interface}_6" dhcpv6 s:extendprefix 1 s:iface_464xlat "$xlat" \
			s:ip6table "$ip6table" b:sourcefilter "$CELLINK_OPT_SOURCEFILTER" \
			b:delegate "$CELLINK_OPT_DELEGATE"
	fi
	if [ $v4_dhcp = 1 ]; then
		add_dynamic "${interface}_4" dhcp s:ip4table "$CELLINK_OPT_IP4TABLE"
	fi
}

case "$1" in
up|update)
	link_up
	;;
down)
	proto_init_update "$CELLINK_IFNAME" 0
	proto_send_update "$interface"
	;;
error)
	proto_notify_error "$interface" "$CELLINK_ERROR"
	# errors a retry cannot mend (wrong PIN, SIM missing, kernel without
	# raw-ip) stop netifd from restarting the interface in a loop
	[ "$CELLINK_RETRY" = 0 ] && proto_block_restart "$interface"
	;;
sms)
	# a new SMS (CELLINK_SMS_FROM, CELLINK_SMS_TEXT, ...): nothing for
	# netifd; its text is not logged (one-time codes)
	;;
*)
	echo "cellink-hook: unknown event '$1'" >&2
	exit 1
	;;
esac
exit 0
