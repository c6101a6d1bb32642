#!/usr/bin/env bash
# The OpenWrt package Makefiles against the feeds' conventions (there is no
# OpenWrt SDK in Debian to build them): every field the packages feed and
# the LuCI feed require, the kernel modules and ppp in DEPENDS, conffiles,
# and every file of files/ installed.
#   openwrt_makefile.sh check PACKAGE_MAKEFILE [--release]   one Makefile
#   openwrt_makefile.sh all SOURCE_DIR                       the tree, the
#     LuCI page's Makefile, a filled release, and that a broken copy fails
set -u

# check MAKEFILE [--release]: prints each problem, fails if there is one
check() {
	local mk=$1 release=${2:-} dir problems=0
	dir=$(dirname "$mk")
	bad() { echo "FAIL: ${mk##*/packaging/}: $*"; problems=1; }
	var() { sed -n "s/^$1:=//p" "$mk" | head -1; }
	[ -f "$mk" ] || { echo "FAIL: $mk missing"; return 1; }

	[ "$(grep -v '^#' "$mk" | grep -v '^$' | head -1)" = 'include $(TOPDIR)/rules.mk' ] ||
		bad "rules.mk is not included first"
	grep -q '^include $(INCLUDE_DIR)/package.mk' "$mk" || bad "package.mk is not included"
	[ "$(grep -v '^$' "$mk" | tail -1)" = '$(eval $(call BuildPackage,cellink))' ] ||
		bad "the last line is not BuildPackage"

	local f
	for f in PKG_NAME PKG_VERSION PKG_RELEASE PKG_SOURCE PKG_SOURCE_URL PKG_HASH \
		 PKG_LICENSE PKG_LICENSE_FILES PKG_MAINTAINER; do
		[ -n "$(var $f)" ] || bad "$f is missing"
	done
	[ "$(var PKG_NAME)" = cellink ] || bad "PKG_NAME is not cellink"
	[[ "$(var PKG_VERSION)" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || bad "PKG_VERSION is not x.y.z"
	[[ "$(var PKG_RELEASE)" =~ ^[1-9][0-9]*$ ]] || bad "PKG_RELEASE is not a positive number"
	local project
	project=$(sed -n 's/^project(cellink VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
	[ "$(var PKG_VERSION)" = "$project" ] || bad "PKG_VERSION $(var PKG_VERSION) is not the project's $project"
	[ "$(var PKG_SOURCE)" = '$(PKG_NAME)-$(PKG_VERSION).tar.gz' ] ||
		bad "PKG_SOURCE is not \$(PKG_NAME)-\$(PKG_VERSION).tar.gz"
	! grep -q '^PKG_MIRROR_HASH:=skip' "$mk" || bad "PKG_MIRROR_HASH:=skip is refused by the feed"
	if [ "$release" = --release ]; then
		[[ "$(var PKG_SOURCE_URL)" =~ ^https://[^@]+/$ ]] || bad "PKG_SOURCE_URL is not an https directory"
		[[ "$(var PKG_HASH)" =~ ^[0-9a-f]{64}$ ]] || bad "PKG_HASH is not a sha256"
	else
		[[ "$(var PKG_SOURCE_URL)" =~ ^(https://.+/|@CELLINK_RELEASE_URL@)$ ]] ||
			bad "PKG_SOURCE_URL is neither a URL nor the release's placeholder"
		[[ "$(var PKG_HASH)" =~ ^([0-9a-f]{64}|@CELLINK_RELEASE_SHA256@)$ ]] ||
			bad "PKG_HASH is neither a sha256 nor the release's placeholder"
	fi
	[[ "$(var PKG_LICENSE)" =~ ^[A-Za-z0-9.+-]+(\ [A-Za-z0-9.+-]+)*$ ]] || bad "PKG_LICENSE is not SPDX"
	for f in $(var PKG_LICENSE_FILES); do
		[ -f "$src/$f" ] || bad "license file $f is not in the source"
	done
	[[ "$(var PKG_MAINTAINER)" =~ ^[^\<]+\ \<[^@\ ]+@[^\>\ ]+\>$ ]] || bad "PKG_MAINTAINER is not 'Name <address>'"

	# the package definition
	local def deps
	def=$(sed -n '/^define Package\/cellink$/,/^endef/p' "$mk")
	[ -n "$def" ] || bad "no define Package/cellink"
	for f in SECTION CATEGORY TITLE DEPENDS; do
		grep -q "^  *$f:=" <<<"$def" || bad "Package/cellink has no $f"
	done
	# the DEPENDS line and its continuation lines
	deps=$(awk '/DEPENDS:=/ { on = 1 } on { print; if ($0 !~ /\\$/) exit }' <<<"$def" | tr -d '\\\n\t')
	for f in libmnl libjson-c kmod-usb-net kmod-usb-wdm kmod-usb-net-qmi-wwan kmod-usb-serial \
		 kmod-usb-serial-option kmod-usb-serial-qualcomm ppp; do
		grep -qE "(^|[[:space:]=])\+$f([[:space:]]|$)" <<<"$deps" || bad "DEPENDS lacks +$f"
	done
	grep -q '^define Package/cellink/description$' "$mk" || bad "no description"

	# each optional part of the build (CMakeLists.txt's foreach(part ...)
	# and DOCTOR_TABLES) is a package symbol, on by default, passed to CMake
	local part parts
	parts="DOCTOR_TABLES $(sed -n 's/^foreach(part \(.*\))$/\1/p' "$src/CMakeLists.txt")"
	[ "$parts" != "DOCTOR_TABLES " ] || bad "no foreach(part ...) in CMakeLists.txt"
	for part in $parts; do
		grep -qF -- "-DCELLINK_$part=\$(if \$(CONFIG_CELLINK_$part),ON,OFF)" "$mk" ||
			bad "CMAKE_OPTIONS does not pass CONFIG_CELLINK_$part"
		grep -q "CONFIG_CELLINK_$part\b" <<<"$(var PKG_CONFIG_DEPENDS)" ||
			bad "PKG_CONFIG_DEPENDS lacks CONFIG_CELLINK_$part"
		awk -v c="config CELLINK_$part" '$0 == c { on = 1; next } on && /^config / { exit }
			on && /^\tdefault y$/ { found = 1 } END { exit !found }' "$dir/Config.in" 2>/dev/null ||
			bad "Config.in has no 'config CELLINK_$part' with default y"
	done

	# installed files: conffiles, files/
	local install conffiles
	install=$(sed -n '/^define Package\/cellink\/install$/,/^endef/p' "$mk")
	[ -n "$install" ] || bad "no define Package/cellink/install"
	grep -v '^define\|^endef' <<<"$install" | grep -qv $'^\t' && bad "an install line does not start with a tab"
	conffiles=$(sed -n '/^define Package\/cellink\/conffiles$/,/^endef/p' "$mk" | grep '^/')
	[ -n "$conffiles" ] || bad "no conffiles"
	grep -qx /etc/config/cellink <<<"$conffiles" || bad "/etc/config/cellink is not a conffile"
	local dest
	for dest in $(grep -o '$(1)/etc/config/[^ ]*' <<<"$install" | sed 's/^$(1)//'); do
		grep -qx "$dest" <<<"$conffiles" || bad "$dest is installed but not a conffile"
	done
	for f in "$dir"/files/*; do
		grep -q "\./files/${f##*/} " <<<"$install" || bad "files/${f##*/} is not installed"
	done
	for f in $(grep -o '\./files/[^ ]*' <<<"$install"); do
		[ -f "$dir/$f" ] || bad "$f is installed but missing"
	done
	grep -q 'hotplug.d/usbmisc/' <<<"$install" || bad "the usbmisc hotplug script is not installed"
	return $problems
}

# check_luci MAKEFILE: the LuCI feed's fields
check_luci() {
	local mk=$1 dir problems=0
	dir=$(dirname "$mk")
	bad() { echo "FAIL: ${mk##*/packaging/}: $*"; problems=1; }
	[ -f "$mk" ] || { echo "FAIL: $mk missing"; return 1; }
	grep -q '^include $(TOPDIR)/rules.mk' "$mk" || bad "rules.mk is not included"
	grep -q '^LUCI_TITLE:=.' "$mk" || bad "LUCI_TITLE is missing"
	grep -qE '^LUCI_DEPENDS:=.*\+cellink( |$)' "$mk" || bad "LUCI_DEPENDS lacks +cellink"
	grep -qE '^PKG_LICENSE:=.' "$mk" || bad "PKG_LICENSE is missing"
	grep -qE '^PKG_MAINTAINER:=[^<]+ <[^@ ]+@[^> ]+>$' "$mk" || bad "PKG_MAINTAINER is not 'Name <address>'"
	grep -q '^include ../../luci.mk' "$mk" || bad "luci.mk is not included"
	[ -f "$dir/htdocs/luci-static/resources/protocol/cellink.js" ] || bad "the protocol page is missing"
	return $problems
}

case "${1:-}" in
check)
	src=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
	check "$2" "${3:-}"
	;;
all)
	src=$2
	fail=0
	pkg=$src/packaging/openwrt/cellink/Makefile
	check "$pkg" && echo "ok: packages feed fields of cellink's Makefile" || fail=1
	check_luci "$src/packaging/openwrt/luci-proto-cellink/Makefile" &&
		echo "ok: LuCI feed fields of luci-proto-cellink's Makefile" || fail=1

	t=$(mktemp -d)
	trap 'rm -rf "$t"' EXIT
	# a release: the tarball made from the tree, its URL and hash filled in
	version=$(sed -n 's/^PKG_VERSION:=//p' "$pkg")
	mkdir -p "$t/cellink-$version" "$t/rel/cellink"
	cp "$src/CMakeLists.txt" "$src/COPYING" "$t/cellink-$version/"
	tar -C "$t" -czf "$t/cellink-$version.tar.gz" "cellink-$version"
	cp -r "$src/packaging/openwrt/cellink/files" "$src/packaging/openwrt/cellink/Config.in" "$t/rel/cellink/"
	if sh "$src/packaging/openwrt/release.sh" https://releases.example/cellink "$t/cellink-$version.tar.gz" \
		> "$t/rel/cellink/Makefile"; then
		hash=$(sha256sum "$t/cellink-$version.tar.gz" | cut -d' ' -f1)
		grep -qx "PKG_HASH:=$hash" "$t/rel/cellink/Makefile" || { echo "FAIL: release.sh did not fill the hash"; fail=1; }
		check "$t/rel/cellink/Makefile" --release && echo "ok: a filled release passes --release" || fail=1
	else
		echo "FAIL: release.sh failed"; fail=1
	fi
	check "$pkg" --release >/dev/null && { echo "FAIL: placeholders pass --release"; fail=1; }

	# the check itself: each required field, removed, is noticed
	mkdir -p "$t/broken/cellink"
	cp -r "$src/packaging/openwrt/cellink/files" "$src/packaging/openwrt/cellink/Config.in" "$t/broken/cellink/"
	for field in PKG_HASH PKG_SOURCE_URL PKG_LICENSE_FILES PKG_MAINTAINER PKG_RELEASE '+kmod-usb-wdm' '+ppp' \
		     '/etc/config/cellink$' 'cellink.hotplug'; do
		case "$field" in
		+*) mk=$(<"$pkg"); printf '%s\n' "${mk// $field/}" > "$t/broken/cellink/Makefile" ;;
		*) grep -v -- "$field" "$pkg" > "$t/broken/cellink/Makefile" ;;
		esac
		if cmp -s "$pkg" "$t/broken/cellink/Makefile"; then
			echo "FAIL: could not remove $field for the self-check"; fail=1
		elif check "$t/broken/cellink/Makefile" >/dev/null; then
			echo "FAIL: a Makefile without $field passes"; fail=1
		fi
	done
	[ $fail = 0 ] && echo "ok: a Makefile missing any required field fails the check"
	exit $fail
	;;
*)
	echo "usage: $0 check MAKEFILE [--release] | all SOURCE_DIR" >&2
	exit 2
	;;
esac
