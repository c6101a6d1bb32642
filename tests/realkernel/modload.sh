# Loads kernel modules with their dependencies from a module tree's
# modules.dep, with insmod alone (no depmod tree under /lib/modules needed:
# user-mode-linux keeps its modules elsewhere, and the QEMU initramfs carries
# only a few). POSIX sh, so busybox can source it.
#   rk_modload DIR NAME...   NAME as in modules.dep without .ko (ppp_async,
#                            9pnet_virtio); a module already loaded is skipped.
rk_modload() {
	_dir=$1
	shift
	for _name in "$@"; do
		_line=$(grep -E "(^|/)${_name}\\.ko(\\.[a-z]+)?:" "$_dir/modules.dep" | head -n 1)
		if [ -z "$_line" ]; then
			echo "modload: no module $_name in $_dir" >&2
			return 1
		fi
		_path=${_line%%:*}
		_deps=${_line#*:}
		# modules.dep lists dependencies nearest first: load them last to first
		_rev=""
		for _d in $_deps; do _rev="$_d $_rev"; done
		for _m in $_rev $_path; do
			_base=${_m##*/}
			_base=${_base%%.ko*}
			_sys=$(echo "$_base" | tr - _)
			[ -d "/sys/module/$_sys" ] && continue
			insmod "$_dir/$_m" || { echo "modload: insmod $_m failed" >&2; return 1; }
		done
	done
}
