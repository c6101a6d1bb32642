#!/bin/sh
# Called by `cellink connect --hook` on every change of the link:
#   cellink-hook.sh up|update|down|error
# with the settings in the environment (see cellink(8), HOOKS). It hands
# them to netifd with the functions of netifd-proto.sh.

. "${CELLINK_FUNCTIONS:-/lib/functions.sh}"
. "${CELLINK_NETIFD_PROTO:-/lib/netifd/netifd-proto.sh}"

interface="$CELLINK_NAME"
[ -n "$interface" ] || { echo "cellink-hook: CELLINK_NAME is not set" >&2; exit 1; }

case "$1" in
up|update)
	proto_init_update "$CELLINK_IFNAME" 1
	proto_set_keep 1
	if [ -n "$CELLINK_IPV4_ADDRESS" ]; then
		proto_add_ipv4_address "$CELLINK_IPV4_ADDRESS" "$CELLINK_IPV4_PREFIX"
		[ -n "$CELLINK_IPV4_GATEWAY" ] && proto_add_ipv4_route "0.0.0.0" 0 "$CELLINK_IPV4_GATEWAY"
	fi
	if [ -n "$CELLINK_IPV6_ADDRESS" ]; then
		proto_add_ipv6_address "$CELLINK_IPV6_ADDRESS" "$CELLINK_IPV6_PREFIX"
		[ -n "$CELLINK_IPV6_GATEWAY" ] && proto_add_ipv6_route "::" 0 "$CELLINK_IPV6_GATEWAY"
	fi
	for dns in $CELLINK_DNS; do
		proto_add_dns_server "$dns"
	done
	proto_send_update "$interface"
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
*)
	echo "cellink-hook: unknown event '$1'" >&2
	exit 1
	;;
esac
exit 0
