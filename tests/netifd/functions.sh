# Stand-in for OpenWrt's /lib/functions.sh: the UCI reading the handler,
# the hook and the hotplug script need. config_load NAME reads
# $UCI_STANDIN_DIR/NAME, a file in UCI's syntax (config TYPE NAME, option K V),
# as shell, with config and option defined to record the sections.
_cfg_sections=""
config() { _cfg_cur="$2"; _cfg_sections="$_cfg_sections $1:$2"; eval "_cfg_${2}_TYPE=\$1"; }
option() { eval "_cfg_${_cfg_cur}_$1=\$2"; }
config_load() {
	unset $(set | sed -n 's/^\(_cfg_[A-Za-z0-9_]*\)=.*/\1/p')
	_cfg_sections=""
	[ -f "$UCI_STANDIN_DIR/$1" ] || return 0
	. "$UCI_STANDIN_DIR/$1"
}
config_get() { eval "$1=\${_cfg_${2}_$3:-\${4:-}}"; }
config_foreach() {
	local fn="$1" type="$2" s
	for s in $_cfg_sections; do
		[ "${s%%:*}" = "$type" ] && "$fn" "${s#*:}"
	done
	return 0
}
