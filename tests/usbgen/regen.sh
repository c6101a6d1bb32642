#!/usr/bin/env bash
# Regenerates a table of src/usb from its source package and diffs it with
# the committed one. Exit 77 (skipped) when the source is not installed.
# usage: regen.sh SOURCE_DIR kernel|modeswitch|ports
set -euo pipefail
src=$1 what=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A Debian point release may bring a newer source package than the one a
# table was made from: then the table is not wrong, only older. Compare
# only like with like, and say how to refresh.
same_version() { # PACKAGE VERSION_NOW COMMITTED_FILE
	if ! grep -q -- "$1 $2\"" "$3"; then
		echo "SKIP: $1 here is $2, $(basename "$3") was made from $(grep -o -- "\"$1 [^\"]*\"" "$3");" \
			"regenerate it with tools/usbgen to update"
		exit 77
	fi
}
case $what in
kernel)
	# Both kernels the table is read from; the generator takes only the
	# driver files out of each tarball (xz | tar, both at once).
	committed=$src/src/usb/kernel_ids.c
	tbs=()
	for v in 6.1 6.12; do
		tb=/usr/src/linux-source-$v.tar.xz
		if [ ! -f "$tb" ]; then
			echo "SKIP: $tb is absent (apt-get install linux-source-$v)"
			exit 77
		fi
		same_version "linux-source-$v" "$(dpkg-query -W -f='${Version}' "linux-source-$v")" "$committed"
		tbs+=(--tarball "$tb")
	done
	python3 "$src/tools/usbgen/kernel_ids.py" "${tbs[@]}" -o "$tmp/out.c" ;;
modeswitch)
	if [ ! -f /usr/share/usb_modeswitch/configPack.tar.gz ]; then
		echo "SKIP: /usr/share/usb_modeswitch/configPack.tar.gz is absent (apt-get install usb-modeswitch-data)"
		exit 77
	fi
	committed=$src/src/usb/modeswitch_ids.c
	same_version usb-modeswitch-data "$(dpkg-query -W -f='${Version}' usb-modeswitch-data)" "$committed"
	python3 "$src/tools/usbgen/modeswitch.py" -o "$tmp/out.c" ;;
ports)
	if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
		echo "SKIP: no apt-get/dpkg-deb to fetch Debian's modemmanager package"
		exit 77
	fi
	committed=$src/src/usb/mm_ports.c
	same_version modemmanager "$(apt-cache show modemmanager 2>/dev/null | sed -n 's/^Version: //p' | head -n1)" "$committed"
	rc=0
	python3 "$src/tools/usbgen/mm_ports.py" -o "$tmp/out.c" || rc=$?
	if [ $rc = 77 ]; then
		echo "SKIP: apt-get download modemmanager failed (no network or no package lists)"
		exit 77
	fi
	[ $rc = 0 ] || exit $rc ;;
*)
	echo "usage: regen.sh SOURCE_DIR kernel|modeswitch|ports" >&2
	exit 2 ;;
esac
if ! diff -u "$committed" "$tmp/out.c"; then
	echo "FAIL: the committed $(basename "$committed") differs from what the generator makes now"
	exit 1
fi
echo "ok: $(basename "$committed") is what the generator makes ($(grep -c '^	{' "$committed") rows)"
