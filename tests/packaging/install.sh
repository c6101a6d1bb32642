#!/usr/bin/env bash
# Installs cellink with DESTDIR as a distribution package would, checks every
# file lands where the FHS says, and verifies the systemd unit.
# usage: install.sh SOURCE_DIR
set -u
src=$1
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
check() { if [ -e "$t/dest/$1" ]; then echo "ok: /$1"; else echo "FAIL: /$1 not installed"; fail=1; fi; }

cmake -S "$src" -B "$t/b" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
	-DCMAKE_INSTALL_SYSCONFDIR=/etc -DCELLINK_TESTS=OFF -DCELLINK_BENCH=OFF -DCELLINK_SIM=OFF >/dev/null || exit 1
cmake --build "$t/b" -j 2 >/dev/null || { echo "FAIL: build"; exit 1; }
DESTDIR="$t/dest" cmake --install "$t/b" >/dev/null || { echo "FAIL: install"; exit 1; }

check usr/sbin/cellink
check usr/lib/systemd/system/cellink@.service
check usr/share/bash-completion/completions/cellink
check usr/share/doc/cellink/cellink.conf.example
check usr/share/man/man8/cellink.8
check usr/share/man/man5/cellink.conf.5
check etc/cellink
# nothing outside the FHS places a package may use
stray=$(cd "$t/dest" && find . -type f | grep -v -E '^\./(usr/(s?bin|lib|share)|etc)/' || true)
[ -z "$stray" ] || { echo "FAIL: files outside the FHS places: $stray"; fail=1; }

# The unit, with its binary path pointed at the staged copy, passes systemd's own check.
if command -v systemd-analyze >/dev/null; then
	sed "s|/usr/sbin/cellink|$t/dest/usr/sbin/cellink|g" "$t/dest/usr/lib/systemd/system/cellink@.service" \
		> "$t/cellink@wan.service"
	if out=$(systemd-analyze verify --man=no "$t/cellink@wan.service" 2>&1); then
		echo "ok: systemd-analyze verify cellink@wan.service"
	else
		echo "FAIL: systemd-analyze verify: $out"; fail=1
	fi
	# its exposure stays low (6.8 before the hardening of issue 15, 3.1 after)
	if sec=$(systemd-analyze security --offline=yes "$t/cellink@wan.service" 2>&1); then
		level=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' <<<"$sec")
		if [ -n "$level" ] && awk -v l="$level" 'BEGIN { exit !(l <= 4.0) }'; then
			echo "ok: systemd-analyze security: exposure $level"
		else
			echo "FAIL: systemd-analyze security: exposure '$level', expected at most 4.0"; fail=1
		fi
	else
		echo "skip: systemd-analyze security --offline not supported here (systemd < 250)"
	fi
else
	echo "FAIL: systemd-analyze is not installed (scripts/deps installs systemd)"; fail=1
fi

# The example configuration is valid, and the shell files parse.
"$t/dest/usr/sbin/cellink" config --check "$t/dest/usr/share/doc/cellink/cellink.conf.example" >/dev/null \
	&& echo "ok: example configuration passes config --check" || { echo "FAIL: example configuration"; fail=1; }
bash -n "$t/dest/usr/share/bash-completion/completions/cellink" && echo "ok: bash completion parses" || fail=1
for f in "$src"/packaging/openwrt/cellink/files/*.sh "$src"/packaging/openwrt/cellink/files/cellink.init \
	 "$src"/packaging/openwrt/cellink/files/cellink.hotplug "$src"/packaging/openwrt/release.sh; do
	sh -n "$f" && echo "ok: sh -n ${f##*/}" || { echo "FAIL: sh -n $f"; fail=1; }
done

# The unit and the client agree: the unit's control socket for modem wan is
# where 'cellink status wan' looks, and the unit reads the configuration the
# documentation names, under any prefix.
doc_conf=$(grep -m1 -oE '/etc/[a-z/]+\.conf' "$src/docs/man/cellink.conf.5")
# 'cellink status wan' as on a machine where no cellink answers: other tests
# (netifd's, as root) may be serving /run/cellink/wan.sock meanwhile.
status_alone() { # SBIN
	if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
		unshare -m sh -c 'mkdir -p /run/cellink && mount -t tmpfs cellink-test /run/cellink &&
			exec "$0" status wan' "$1" 2>&1
	else
		"$1" status wan 2>&1
	fi
}
check_unit() { # UNIT SBIN
	local unit=$1 sbin=$2 sock
	[ -f "$unit" ] || { echo "FAIL: no unit $unit"; fail=1; return; }
	sock=$(grep '^ExecStart=' "$unit" | grep -oE -- '--control [^ ]+' | cut -d' ' -f2)
	[ "$sock" = "/run/cellink/%i.sock" ] && echo "ok: the unit's control socket is /run/cellink/%i.sock" \
		|| { echo "FAIL: the unit's control socket is '$sock'"; fail=1; }
	sock=${sock//%i/wan}
	[ -n "$sock" ] || return
	out=$(status_alone "$sbin")
	grep -qF "$sock" <<<"$out" && echo "ok: 'cellink status wan' looks for $sock" \
		|| { echo "FAIL: 'cellink status wan' does not look for $sock: $out"; fail=1; }
	for line in ExecStartPre ExecStart; do
		grep "^$line=" "$unit" | grep -qF -- " $doc_conf" && echo "ok: $line reads $doc_conf (as cellink.conf(5) says)" \
			|| { echo "FAIL: $line does not read $doc_conf: $(grep "^$line=" "$unit")"; fail=1; }
	done
}
[ -n "$doc_conf" ] || { echo "FAIL: cellink.conf(5) names no configuration file"; fail=1; }
check_unit "$t/dest/usr/lib/systemd/system/cellink@.service" "$t/dest/usr/sbin/cellink"

# the same build under /usr/local: binaries move, the configuration does not
cmake -S "$src" -B "$t/b" -DCMAKE_INSTALL_PREFIX=/usr/local -DCMAKE_INSTALL_SYSCONFDIR=etc >/dev/null || exit 1
cmake --build "$t/b" -j 2 >/dev/null || { echo "FAIL: build for /usr/local"; exit 1; }
DESTDIR="$t/local" cmake --install "$t/b" >/dev/null || { echo "FAIL: install under /usr/local"; exit 1; }
unit="$t/local/usr/local/lib/systemd/system/cellink@.service"
[ -e "$unit" ] && echo "ok: /usr/local/lib/systemd/system/cellink@.service" || { echo "FAIL: no unit under /usr/local"; fail=1; }
grep -q '^ExecStart=/usr/local/sbin/cellink ' "$unit" && echo "ok: the /usr/local unit runs /usr/local/sbin/cellink" \
	|| { echo "FAIL: the /usr/local unit runs $(grep '^ExecStart=' "$unit")"; fail=1; }
check_unit "$unit" "$t/local/usr/local/sbin/cellink"
[ -d "$t/local$(dirname "$doc_conf")" ] && echo "ok: $(dirname "$doc_conf") is made under /usr/local too" \
	|| { echo "FAIL: $(dirname "$doc_conf") not installed with prefix /usr/local"; fail=1; }
exit $fail
