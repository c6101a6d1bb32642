# A stand-in for OpenWrt's /lib/netifd/netifd-proto.sh (and the jshn
# functions it brings): every call is recorded, one line per call, in
# $NETIFD_LOG, so a test can check what the cellink protocol handler, hook
# and hotplug script told netifd. Arguments are recorded as given, empty ones
# as '', so that their positions can be checked.
PROTO_DEFAULT_OPTIONS="defaultroute peerdns metric"
_rec() {
	local line="$1" a
	shift
	for a in "$@"; do
		line="$line ${a:-''}"
	done
	echo "$line" >> "$NETIFD_LOG"
}
init_proto() { :; }
add_protocol() { _rec add_protocol "$@"; }
proto_config_add_string() { _rec proto_config_add_string "$@"; }
proto_config_add_int() { _rec proto_config_add_int "$@"; }
proto_config_add_boolean() { _rec proto_config_add_boolean "$@"; }
proto_config_add_defaults() { _rec proto_config_add_defaults; }
proto_init_update() { _rec proto_init_update "$@"; }
proto_set_keep() { _rec proto_set_keep "$@"; }
proto_add_ipv4_address() { _rec proto_add_ipv4_address "$@"; }
proto_add_ipv4_route() { _rec proto_add_ipv4_route "$@"; }
proto_add_ipv6_address() { _rec proto_add_ipv6_address "$@"; }
proto_add_ipv6_route() { _rec proto_add_ipv6_route "$@"; }
proto_add_ipv6_prefix() { _rec proto_add_ipv6_prefix "$@"; }
proto_add_dns_server() { _rec proto_add_dns_server "$@"; }
proto_send_update() { _rec proto_send_update "$@"; }
proto_notify_error() { _rec proto_notify_error "$@"; }
proto_block_restart() { _rec proto_block_restart "$@"; }
proto_set_available() { _rec proto_set_available "$@"; }
# netifd puts exported variables into the command's environment
proto_export() { _rec proto_export "$@"; export -- "$1"; }
# as netifd-proto.sh: the interface's defaults go to a dynamic interface
proto_add_dynamic_defaults() {
	[ -n "$defaultroute" ] && json_add_boolean defaultroute "$defaultroute"
	[ -n "$peerdns" ] && json_add_boolean peerdns "$peerdns"
	[ -n "$metric" ] && json_add_int metric "$metric"
}
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
# jshn's object building, enough for one flat object: json_dump prints it
# with the members in the order they were added (values are not escaped)
json_init() { _JSON=""; }
_json_add() { _JSON="${_JSON:+$_JSON,}\"$1\":$2"; }
json_add_string() { _json_add "$1" "\"$2\""; }
json_add_int() { _json_add "$1" "$2"; }
json_add_boolean() { _json_add "$1" "$2"; }
json_close_object() { :; }
json_dump() { echo "{$_JSON}"; }
