# A stand-in for OpenWrt's /lib/netifd/netifd-proto.sh: every call is
# recorded, one line per call, in $NETIFD_LOG, so a test can check what the
# cellink protocol handler and hook told netifd.
PROTO_DEFAULT_OPTIONS="defaultroute peerdns metric"
_rec() { echo "$*" >> "$NETIFD_LOG"; }
init_proto() { :; }
add_protocol() { _rec add_protocol "$@"; }
proto_config_add_string() { _rec proto_config_add_string "$@"; }
proto_config_add_int() { _rec proto_config_add_int "$@"; }
proto_config_add_boolean() { _rec proto_config_add_boolean "$@"; }
proto_config_add_defaults() { :; }
proto_init_update() { _rec proto_init_update "$@"; }
proto_set_keep() { _rec proto_set_keep "$@"; }
proto_add_ipv4_address() { _rec proto_add_ipv4_address "$@"; }
proto_add_ipv4_route() { _rec proto_add_ipv4_route "$@"; }
proto_add_ipv6_address() { _rec proto_add_ipv6_address "$@"; }
proto_add_ipv6_route() { _rec proto_add_ipv6_route "$@"; }
proto_add_dns_server() { _rec proto_add_dns_server "$@"; }
proto_send_update() { _rec proto_send_update "$@"; }
proto_notify_error() { _rec proto_notify_error "$@"; }
proto_block_restart() { _rec proto_block_restart "$@"; }
proto_set_available() { _rec proto_set_available "$@"; }
# netifd runs the command and keeps its pid; so does this stand-in
proto_run_command() {
	local iface=$1; shift
	_rec proto_run_command "$iface" "$@"
	"$@" >> "$NETIFD_LOG.cmd" 2>&1 &
	echo $! > "$NETIFD_LOG.pid"
}
proto_kill_command() {
	_rec proto_kill_command "$@"
	[ -f "$NETIFD_LOG.pid" ] && kill -"${2:-15}" "$(cat "$NETIFD_LOG.pid")" 2>/dev/null
	return 0
}
# jshn's json_get_vars: options come from CFG_<name> in the environment
json_get_vars() {
	local v
	for v in "$@"; do
		eval "$v=\${CFG_$v:-}"
	done
}
