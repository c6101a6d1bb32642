#!/bin/sh
# netifd protocol handler: proto 'cellink' takes the options of proto 'qmi'.
# cellink runs under netifd's supervision (proto_run_command) and hands the
# settings it obtains back through /lib/netifd/cellink-hook.sh, which tells
# netifd (proto_* calls). The options that shape what netifd is told
# (defaultroute, peerdns, metric, dhcp, dhcpv6, ip4table, ip6table,
# sourcefilter, delegate) reach the hook in the environment (proto_export).

[ -n "$INCLUDE_ONLY" ] || {
	. /lib/functions.sh
	. ../netifd-proto.sh
	init_proto "$@"
}

CELLINK_BIN="${CELLINK_BIN:-/usr/sbin/cellink}"
CELLINK_HOOK="${CELLINK_HOOK:-/lib/netifd/cellink-hook.sh}"
CELLINK_RUNDIR="${CELLINK_RUNDIR:-/var/run/cellink}"
# the daemon's control socket, where /etc/init.d/cellink puts it
CELLINK_DAEMON_SOCKET="${CELLINK_DAEMON_SOCKET:-$CELLINK_RUNDIR/cellink.sock}"

# A modem section of the same name in /etc/config/cellink: the cellink
# daemon (/etc/init.d/cellink) runs this modem and hands its settings to this
# interface through the hook; netifd's setup and teardown ask the daemon to
# bring the link up and down.
cellink_daemon_modem() {
	local type
	config_load cellink
	config_get type "$1" TYPE
	[ "$type" = modem ]
}

proto_cellink_init_config() {
	available=1
	no_device=1
	proto_config_add_string "device:device"
	proto_config_add_string apn
	proto_config_add_string v6apn
	proto_config_add_string auth
	proto_config_add_string username
	proto_config_add_string password
	proto_config_add_string pincode
	proto_config_add_int delay
	proto_config_add_string modes
	proto_config_add_string pdptype
	proto_config_add_int profile
	proto_config_add_int v6profile
	proto_config_add_boolean dhcp
	proto_config_add_boolean dhcpv6
	proto_config_add_boolean autoconnect
	proto_config_add_int plmn
	proto_config_add_int timeout
	proto_config_add_int mtu
	proto_config_add_string lte_bands
	proto_config_add_string nr_bands
	proto_config_add_boolean roaming
	proto_config_add_boolean sourcefilter
	# umbim's proto mbim options, so a section moved from mbim keeps working
	proto_config_add_boolean allow_roaming
	proto_config_add_boolean allow_partner
	# cellink's own: qmi, mbim or auto (default: the driver bound to the device)
	proto_config_add_string protocol
	# cellink's own: the QMAP mux id of the session (its interface: qmimuxK)
	proto_config_add_int mux_id
	proto_config_add_defaults
}

proto_cellink_setup() {
	local interface="$1"
	local device apn v6apn auth username password pincode delay modes pdptype
	local profile v6profile dhcp dhcpv6 autoconnect plmn timeout mtu sourcefilter
	local lte_bands nr_bands roaming allow_roaming allow_partner protocol mux_id
	local ip4table ip6table delegate $PROTO_DEFAULT_OPTIONS
	json_get_vars device apn v6apn auth username password pincode delay modes pdptype
	json_get_vars profile v6profile dhcp dhcpv6 autoconnect plmn timeout mtu sourcefilter
	json_get_vars lte_bands nr_bands roaming allow_roaming allow_partner protocol mux_id
	# interface options netifd knows itself; read for the dynamic interfaces
	json_get_vars ip4table ip6table delegate $PROTO_DEFAULT_OPTIONS

	if cellink_daemon_modem "$interface"; then
		echo "cellink: modem '$interface' is run by the cellink daemon (/etc/config/cellink): asking it for the link"
		"$CELLINK_BIN" reconnect --control "$CELLINK_DAEMON_SOCKET" "$interface" >/dev/null 2>&1 ||
			echo "cellink: the daemon did not answer; its link comes to this interface when it starts"
		return 0
	fi

	if [ -z "$device" ]; then
		echo "cellink: option 'device' is missing"
		proto_notify_error "$interface" NO_DEVICE
		proto_block_restart "$interface"
		return 1
	fi
	if [ ! -c "$device" ]; then
		# the hotplug script (/etc/hotplug.d/usbmisc/30-cellink) makes the
		# interface available again when the device appears
		echo "cellink: control device $device not found; waiting for it to appear"
		proto_notify_error "$interface" NO_DEVICE
		proto_set_available "$interface" 0
		return 1
	fi
	if [ -z "$apn" ]; then
		echo "cellink: option 'apn' is missing"
		proto_notify_error "$interface" NO_APN
		proto_block_restart "$interface"
		return 1
	fi

	# Secrets reach cellink through files only readable by root, never argv.
	local dir="$CELLINK_RUNDIR/$interface"
	mkdir -p "$dir" && chmod 700 "$dir"
	rm -f "$dir/password" "$dir/pin"
	local secret_args=""
	if [ -n "$password" ]; then
		(umask 077; printf '%s' "$password" > "$dir/password")
		secret_args="$secret_args --password-file $dir/password"
	fi
	if [ -n "$pincode" ]; then
		(umask 077; printf '%s' "$pincode" > "$dir/pin")
		secret_args="$secret_args --pin-file $dir/pin"
	fi

	# as qmi.sh: any case, and "ip" (or anything else) is IPv4
	pdptype="$(echo "$pdptype" | tr 'A-Z' 'a-z')"
	local iptype=4
	case "$pdptype" in
		ipv6) iptype=6 ;;
		ipv4v6) iptype=4v6 ;;
	esac
	if [ "$iptype" = 4 ] && [ -n "$v6apn$v6profile" ]; then
		echo "cellink: v6apn and v6profile are not used: pdptype is ipv4 (no IPv6 session)"
		v6apn="" v6profile=""
	fi
	case "$protocol" in
		""|qmi|mbim|auto) ;;
		*)
			echo "cellink: option 'protocol' takes qmi, mbim or auto, not '$protocol'"
			proto_notify_error "$interface" BAD_PROTOCOL
			proto_block_restart "$interface"
			return 1 ;;
	esac
	# umbim refuses a roaming network unless allow_roaming is 1; cellink
	# (as proto qmi) uses it unless allow_roaming is 0
	[ "$allow_partner" = 0 ] && [ "$allow_roaming" != 0 ] &&
		echo "cellink: allow_partner 0 is not used: a partner network counts as roaming (allow_roaming)"
	[ -n "$autoconnect" ] &&
		echo "cellink: autoconnect '$autoconnect' is not passed to the modem: cellink reconnects by itself"

	# qmi.sh's timeout bounds the wait for the SIM and for registration,
	# 0 waiting for ever; unset, cellink's own bounds apply (30 s and 60 s)
	local wait_args=""
	[ -n "$timeout" ] && wait_args="--sim-timeout $timeout --register-timeout $timeout"

	# roaming 0 (or umbim's allow_roaming 0): cellink refuses the link while
	# roaming (it exits with ROAMING, netifd starts it again later); bands: a
	# lock set before registering, a band the modem lacks is an error (no restart)
	local radio_args=""
	{ [ "$roaming" = 0 ] || [ "$allow_roaming" = 0 ]; } && radio_args="--no-roaming" &&
		echo "cellink: roaming 0: no link while roaming"

	# what the hook tells netifd (unset options stay empty: netifd's defaults)
	proto_export "CELLINK_OPT_HANDLER=1"
	proto_export "CELLINK_OPT_DEFAULTROUTE=$defaultroute"
	proto_export "CELLINK_OPT_PEERDNS=$peerdns"
	proto_export "CELLINK_OPT_METRIC=$metric"
	proto_export "CELLINK_OPT_DHCP=${dhcp:-0}"
	proto_export "CELLINK_OPT_DHCPV6=${dhcpv6:-0}"
	proto_export "CELLINK_OPT_PDPTYPE=${pdptype:-ipv4}"
	proto_export "CELLINK_OPT_IP4TABLE=$ip4table"
	proto_export "CELLINK_OPT_IP6TABLE=$ip6table"
	proto_export "CELLINK_OPT_SOURCEFILTER=$sourcefilter"
	proto_export "CELLINK_OPT_DELEGATE=$delegate"
	[ "$defaultroute" = 0 ] && echo "cellink: defaultroute 0: no default route"
	[ "$peerdns" = 0 ] && echo "cellink: peerdns 0: the network's DNS servers are not used"

	# shellcheck disable=SC2086
	proto_run_command "$interface" "$CELLINK_BIN" connect \
		--device "$device" ${protocol:+--protocol "$protocol"} ${mux_id:+--mux-id "$mux_id"} \
		--apn "$apn" ${v6apn:+--v6apn "$v6apn"} \
		${auth:+--auth "$auth"} ${username:+--username "$username"} $secret_args \
		--ip-type "$iptype" ${profile:+--profile "$profile"} ${v6profile:+--v6profile "$v6profile"} \
		$wait_args ${delay:+--delay "$delay"} ${modes:+--modes "$modes"} ${plmn:+--plmn "$plmn"} \
		${mtu:+--mtu "$mtu"} ${lte_bands:+--lte-bands "$lte_bands"} \
		${nr_bands:+--nr-bands "$nr_bands"} $radio_args --no-configure \
		--hook "$CELLINK_HOOK" --hook-name "$interface"
}

proto_cellink_teardown() {
	local interface="$1"
	if cellink_daemon_modem "$interface"; then
		"$CELLINK_BIN" disconnect --control "$CELLINK_DAEMON_SOCKET" "$interface" >/dev/null 2>&1 ||
			echo "cellink: the daemon did not answer the disconnect"
	else
		proto_kill_command "$interface" 15
	fi
	rm -rf "${CELLINK_RUNDIR:?}/${interface:?}"
	proto_init_update "*" 0
	proto_send_update "$interface"
}

[ -n "$INCLUDE_ONLY" ] || add_protocol cellink
