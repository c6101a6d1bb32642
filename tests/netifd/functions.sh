# Stand-in for OpenWrt's /lib/functions.sh: the UCI reading the hotplug
# script needs. config_load NAME sources $UCI_STANDIN_DIR/NAME, written in
# the shell form `uci export` takes in OpenWrt (config TYPE NAME, option K V).
_cfg_sections=""
config() { _cfg_cur="$2"; _cfg_sections="$_cfg_sections $1:$2"; }
option() { eval "_cfg_${_cfg_cur}_$1=\$2"; }
config_load() { _cfg_sections=""; . "$UCI_STANDIN_DIR/$1"; }
config_get() { eval "$1=\${_cfg_${2}_$3:-\$4}"; }
config_foreach() {
	local fn="$1" type="$2" s
	for s in $_cfg_sections; do
		[ "${s%%:*}" = "$type" ] && "$fn" "${s#*:}"
	done
	return 0
}
