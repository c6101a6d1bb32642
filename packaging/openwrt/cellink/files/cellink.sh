#!/bin/sh
# netifd protocol handler: proto 'cellink' takes the options of proto 'qmi'.
# cellink runs under netifd's supervision (proto_run_command) and hands the
# settings it obtains back through /lib/netifd/cellink-hook.sh.

[ -n "$INCLUDE_ONLY" ] || {
	. /lib/functions.sh
	. ../netifd-proto.sh
	init_proto "$@"
}

CELLINK_BIN="${CELLINK_BIN:-/usr/sbin/cellink}"
CELLINK_HOOK="${CELLINK_HOOK:-/lib/netifd/cellink-hook.sh}"
CELLINK_RUNDIR="${CELLINK_RUNDIR:-/var/run/cellink}"

proto_cellink_init_config() {
	available=1
	no_device=1
	proto_config_add_string "device:device"
	proto_config_add_string apn
	proto_config_add_string auth
	proto_config_add_string username
	proto_config_add_string password
	proto_config_add_string pincode
	proto_config_add_int delay
	proto_config_add_string modes
	proto_config_add_string pdptype
	proto_config_add_int profile
	proto_config_add_boolean dhcp
	proto_config_add_boolean dhcpv6
	proto_config_add_boolean autoconnect
	proto_config_add_int plmn
	proto_config_add_int timeout
	proto_config_add_int mtu
	proto_config_add_defaults
}

proto_cellink_setup() {
	local interface="$1"
	local device apn auth username password pincode delay modes pdptype profile
	local dhcp dhcpv6 autoconnect plmn timeout mtu $PROTO_DEFAULT_OPTIONS
	json_get_vars device apn auth username password pincode delay modes pdptype profile
	json_get_vars dhcp dhcpv6 autoconnect plmn timeout mtu $PROTO_DEFAULT_OPTIONS

	if [ -z "$device" ]; then
		echo "cellink: option 'device' is missing"
		proto_notify_error "$interface" NO_DEVICE
		proto_block_restart "$interface"
		return 1
	fi
	if [ ! -c "$device" ]; then
		echo "cellink: control device $device not found"
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

	local iptype=4
	case "$pdptype" in
		ipv6) iptype=6 ;;
		ipv4v6) iptype=4v6 ;;
	esac

	# shellcheck disable=SC2086
	proto_run_command "$interface" "$CELLINK_BIN" connect \
		--device "$device" --apn "$apn" \
		${auth:+--auth "$auth"} ${username:+--username "$username"} $secret_args \
		--ip-type "$iptype" ${profile:+--profile "$profile"} ${timeout:+--timeout "$timeout"} \
		${delay:+--delay "$delay"} ${modes:+--modes "$modes"} ${plmn:+--plmn "$plmn"} \
		${mtu:+--mtu "$mtu"} --no-configure \
		--hook "$CELLINK_HOOK" --hook-name "$interface"
}

proto_cellink_teardown() {
	local interface="$1"
	proto_kill_command "$interface" 15
	rm -rf "$CELLINK_RUNDIR/$interface"
	proto_init_update "*" 0
	proto_send_update "$interface"
}

[ -n "$INCLUDE_ONLY" ] || add_protocol cellink
