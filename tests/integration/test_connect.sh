#!/usr/bin/env bash
# cellink connect against cellink-sim, one case per run:
#   test_connect.sh SIM_BIN CELLINK_BIN CASE [N]
# Cases that need a network namespace and a TUN device exit 77 (skipped)
# when not root. Waits are bounded polls of a log or the control socket.
SIM_BIN=$1
CELLINK=$2
CASE=$3
N=${4:-${CELLINK_CYCLES:-25}}
source "$(dirname "$0")/sim_lib.sh"

NS=""
CL_PID=""
CL_SIG=""       # cellink's PID when CL_PID is a wrapper that ends with it (unshare)
EXTRA_PIDS=""   # probes and stand-ins a case started: stopped whatever happens
cleanup() {
	for p in $EXTRA_PIDS; do
		kill -KILL "$p" 2>/dev/null || true
	done
	if [ -n "$CL_PID" ]; then
		kill -KILL "$CL_PID" 2>/dev/null || true
		wait "$CL_PID" 2>/dev/null || true
	fi
	sim_cleanup
	[ -z "$NS" ] || ip netns del "$NS" 2>/dev/null || true
	[ -z "$NS" ] || rm -rf "/etc/netns/$NS"
}
trap cleanup EXIT

need_root() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "SKIP: $CASE needs root (network namespace and TUN device)"
		exit 77
	fi
	NS="cltest$$"
	ip netns add "$NS" || { echo "SKIP: cannot create a network namespace"; exit 77; }
}

in_ns() {
	if [ -n "$NS" ]; then ip netns exec "$NS" "$@"; else "$@"; fi
}

LOG="$WORK/connect.log"

# connect_bg ARGS...: starts cellink connect (in the namespace if any).
connect_bg() {
	rm -f "$LOG"    # a previous run's lines must not satisfy the next wait
	# started directly (not through a function) so that CL_PID is cellink
	if [ -n "$NS" ]; then
		ip netns exec "$NS" "$CELLINK" connect --device "$QMI" "$@" >"$LOG" 2>&1 &
	else
		"$CELLINK" connect --device "$QMI" "$@" >"$LOG" 2>&1 &
	fi
	CL_PID=$!
}

log_has() { grep -q -- "$1" "$LOG"; }

PROBE="$(dirname "$0")/ctl_probe.py"

# daemon_start [DAEMON OPTIONS...]: one modem 'wan' on the emulator, control
# socket $SOCK; waits until it is connected.
daemon_start() {
	conf="$WORK/cellink.conf"
	printf "config interface 'wan'\n\toption proto 'cellink'\n\toption device '%s'\n\toption apn 'internet'\n" \
		"$QMI" >"$conf"
	SOCK=${SOCK:-$WORK/cellink.sock}
	rm -f "$LOG"
	"$CELLINK" daemon --config "$conf" --control "$SOCK" --no-configure "$@" >"$LOG" 2>&1 &
	CL_PID=$!
	wait_until 10 test -S "$SOCK" || { cat "$LOG" >&2; fail "no control socket"; }
	wait_until 15 bash -c "'$CELLINK' status --control '$SOCK' --json | grep -q '\"connected\":true'" ||
		{ cat "$LOG" >&2; fail "the daemon never connected"; }
}

connected() { "$CELLINK" status --control "$SOCK" --json | matches '"connected":true'; }

# indications: how many the daemon's modem 'wan' has received
indications() {
	"$CELLINK" status --control "$SOCK" --json | sed -n 's/.*"indications":\([0-9]*\).*/\1/p'
}

# cpu_ticks PID: user + system time the process has used, in clock ticks
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

wait_log() {
	wait_until "${2:-20}" log_has "$1" || { cat "$LOG" >&2; fail "cellink never printed '$1'"; }
}

# stop_connect [SIGNAL]: signals cellink, waits (bounded) and returns its status.
stop_connect() {
	kill -"${1:-TERM}" "${CL_SIG:-$CL_PID}"
	local end=$((SECONDS + 20))
	while kill -0 "$CL_PID" 2>/dev/null; do
		[ $SECONDS -lt $end ] || { cat "$LOG" >&2; fail "cellink did not exit after SIG${1:-TERM}"; }
		sleep 0.02
	done
	local rc=0
	wait "$CL_PID" || rc=$?
	CL_PID=""
	CL_SIG=""
	return $rc
}

# wait_exit SECONDS: waits for cellink to end by itself; its status in RC.
wait_exit() {
	local end=$((SECONDS + $1))
	while kill -0 "$CL_PID" 2>/dev/null; do
		[ $SECONDS -lt $end ] || { cat "$LOG" >&2; fail "cellink still running after $1 s"; }
		sleep 0.02
	done
	RC=0
	wait "$CL_PID" || RC=$?
	CL_PID=""
}

zero_cids() {
	local out
	out=$(ctl clients)
	expect "$out" '"total":0'
}

iface_clean() {
	local addrs
	addrs=$(in_ns ip -o addr show dev wwan0 scope global)
	[ -z "$addrs" ] || fail "wwan0 still has addresses after disconnect: $addrs"
}

ping_gateway() {
	local fam=$1 gw=$2
	in_ns ping "-$fam" -c 1 -W 2 -I wwan0 "$gw" >/dev/null || fail "no answer from $gw through wwan0"
}

# ---- a host that is already on a network ----

# host_setup: the namespace gets what a server has before cellink runs:
# lan0 (a TUN device standing for the wired link) with default routes at
# metric 100 for IPv4 and IPv6, and a resolver configuration
# (/etc/resolv.conf, which ip netns exec takes from /etc/netns/NS/).
host_setup() {
	in_ns ip tuntap add dev lan0 mode tun
	in_ns ip link set lan0 up
	in_ns ip addr add 192.0.2.10/24 dev lan0
	in_ns ip -6 addr add 2001:db8:1::10/64 dev lan0 nodad
	in_ns ip route add default via 192.0.2.1 dev lan0 metric 100
	in_ns ip -6 route add default via 2001:db8:1::1 dev lan0 metric 100
	mkdir -p "/etc/netns/$NS"
	printf 'nameserver 192.0.2.53\nsearch example.net\n' >"/etc/netns/$NS/resolv.conf"
	mkdir -p "$WORK/bin"
}

# host_state: the routes and the resolver configuration as the host sees them
host_state() {
	in_ns ip route show table main
	echo "--- IPv6"
	in_ns ip -6 route show table main
	echo "--- resolv.conf"
	in_ns cat /etc/resolv.conf
}

# recorder NAME [STATUS]: $WORK/bin/NAME records its arguments (and, after
# -a, its input) in $WORK/calls; shell built-ins only, as cellink runs it
# with a PATH of $WORK/bin alone.
recorder() {
	{
		echo '#!/bin/sh'
		echo "{ printf '%s' '$1'; for a in \"\$@\"; do printf ' %s' \"\$a\"; done; printf '\\n'"
		echo "  if [ \"\$1\" = -a ]; then while IFS= read -r l; do printf '< %s\\n' \"\$l\"; done; fi"
		echo "} >>'$WORK/calls'"
		echo "exit ${2:-0}"
	} >"$WORK/bin/$1"
	chmod 755 "$WORK/bin/$1"
}

# private_bg INIT RESOLVED COMMAND...: runs COMMAND in the background in
# a PID and mount namespace of its own. There /run/systemd is empty, or
# holds only resolve/ (as when systemd-resolved runs) when RESOLVED is
# "resolved": the host's own resolvers are out of sight; /run/cellink is
# empty too, so that tests running side by side share no resolv file. With INIT "same",
# COMMAND is PID 1 there, so cellink is in PID 1's network namespace (as on
# a host, where the resolvers serve it); with "other", PID 1 is a shell in
# the host's network namespace. CL_PID is unshare (it ends with COMMAND's
# exit status), CL_SIG cellink.
private_bg() {
	local init=$1 resolved=$2
	shift 2
	rm -f "$LOG"
	mkdir -p /run/cellink           # what cellink makes itself on first use
	unshare --mount --propagation private --pid --fork --kill-child --mount-proc sh -c '
		mount -t tmpfs -o mode=0755 cellink-test /run/cellink || exit 1
		if [ -d /run/systemd ]; then
			mount -t tmpfs cellink-test /run/systemd || exit 1
		fi
		if [ "$2" = resolved ]; then mkdir /run/systemd/resolve || exit 1; fi
		if [ "$1" = same ]; then shift 2; exec "$@"; fi
		shift 2
		"$@" &
		wait $!' sh "$init" "$resolved" "$@" >"$LOG" 2>&1 &
	CL_PID=$!
	CL_SIG=""
	wait_until 10 find_cellink || fail "cellink did not start"
}

# find_cellink: sets CL_SIG to the cellink process under CL_PID
find_cellink() {
	local p=$CL_PID next
	for _ in 1 2 3 4; do
		next=$(pgrep -P "$p" | head -n 1)
		[ -n "$next" ] || return 1
		p=$next
		if [ "$(cat "/proc/$p/comm" 2>/dev/null)" = cellink ]; then
			CL_SIG=$p
			return 0
		fi
	done
	return 1
}

# connect_host_bg RESOLVED ARGS...: cellink connect in the namespace, with a
# PATH of $WORK/bin only (the recorders a case put there), as PID 1 of a PID
# namespace (private_bg same RESOLVED).
connect_host_bg() {
	local resolved=$1
	shift
	private_bg same "$resolved" ip netns exec "$NS" env PATH="$WORK/bin" \
		"$CELLINK" connect --device "$QMI" "$@"
}

daemon_host_bg() {
	private_bg same none ip netns exec "$NS" env PATH="$WORK/bin" "$CELLINK" daemon "$@"
}

# in_cl FILE...: reads files as cellink sees them (its mount namespace)
in_cl() {
	nsenter --target "${CL_SIG:-$CL_PID}" --mount cat "$@"
}

# the routes through wwan0, the kernel's own fe80::/64 aside
routes_through_wwan0() {
	{
		in_ns ip route show dev wwan0
		in_ns ip -6 route show dev wwan0 | grep -v '^fe80::/64'
	} 2>/dev/null || true
}

# routes_at METRIC: how many of them are at METRIC
routes_at() {
	routes_through_wwan0 | grep -c "metric $1\b" || true
}

# same_host BEFORE: the routes and resolver are exactly as they were
same_host() {
	local now
	now=$(host_state)
	[ "$now" = "$1" ] || {
		diff <(printf '%s\n' "$1") <(printf '%s\n' "$now") >&2
		fail "the host's routes or resolver changed"
	}
}

case "$CASE" in
host_routes)
	# routes beside the host's own at --metric, DNS to the file (no
	# resolver runs), and afterwards everything exactly as it was
	need_root
	sim_start --netns "$NS" --ifname wwan0
	host_setup
	before=$(host_state)
	connect_host_bg none --apn internet --ip-type 4v6 --metric 300
	wait_log "connected in"
	ping_gateway 4 10.42.0.1
	ping_gateway 6 2001:db8:42::1
	def4=$(in_ns ip route show default)
	def6=$(in_ns ip -6 route show default)
	expect "$def4" "default via 192.0.2.1 dev lan0 metric 100"
	expect "$def4" "default dev wwan0 proto static scope link metric 300"
	expect "$def6" "default via 2001:db8:1::1 dev lan0 metric 100"
	expect "$def6" "default via 2001:db8:42::1 dev wwan0 proto static metric 300"
	# every route cellink made sits at the metric: two defaults, two prefixes
	n=$(routes_at 300)
	[ "$n" = 4 ] || { routes_through_wwan0 >&2; fail "$n routes through wwan0 at metric 300, expected 4"; }
	others=$(routes_through_wwan0 | grep -v "metric 300" || true)
	[ -z "$others" ] || fail "routes through wwan0 at another metric: $others"
	# DNS: the file named after the modem's device; the host's resolver untouched
	resolv=$(in_cl /run/cellink/resolv.conf.cdc-wdm0) || fail "no /run/cellink/resolv.conf.cdc-wdm0"
	expect "$resolv" "nameserver 10.42.0.53"
	expect "$resolv" "nameserver 2001:db8:42::54"
	expect "$(in_ns cat /etc/resolv.conf)" "nameserver 192.0.2.53"
	log_has "default IPv4 route through wwan0 at metric 300" || fail "the route is not logged"
	exec 9</proc/$CL_SIG/ns/mnt     # its mount namespace, to look in after it ends
	stop_connect TERM || fail "exit status $? after SIGTERM"
	zero_cids
	iface_clean
	same_host "$before"
	! nsenter --mount=/proc/self/fd/9 test -e /run/cellink/resolv.conf.cdc-wdm0 ||
		fail "the resolv file was left behind"
	exec 9<&-
	;;
host_killed)
	# a run killed with SIGKILL leaves its routes; the next one takes them
	# as its own and removes them on disconnect
	need_root
	sim_start --netns "$NS" --ifname wwan0
	host_setup
	before=$(host_state)
	connect_host_bg none --apn internet --ip-type 4v6 --metric 300 --no-dns
	wait_log "connected in"
	rc=0
	stop_connect KILL || rc=$?
	[ "$rc" != 0 ] || fail "exit status 0 after SIGKILL"
	expect "$(in_ns ip route show default)" "default dev wwan0 proto static scope link metric 300"
	connect_host_bg none --apn internet --ip-type 4v6 --metric 300 --no-dns
	wait_log "connected in"
	log_has "default IPv4 route through wwan0 at metric 300 (left by an earlier run)" || { cat "$LOG"; fail "not taken over"; }
	! log_has "not cellink's" || { cat "$LOG"; fail "its own route taken for the host's"; }
	stop_connect TERM || fail "exit status $? after SIGTERM"
	zero_cids
	same_host "$before"
	;;
host_metric_taken)
	# the host has default routes at the metric asked for: cellink adds
	# none, says why, and leaves the host's routes alone
	need_root
	sim_start --netns "$NS" --ifname wwan0
	host_setup
	before=$(host_state)
	connect_host_bg none --apn internet --ip-type 4v6 --metric 100 --no-dns
	wait_log "connected in"
	log_has "a default IPv4 route at metric 100 is there already, not cellink's" || { cat "$LOG"; fail "no warning"; }
	log_has "a default IPv6 route at metric 100 is there already" || { cat "$LOG"; fail "no IPv6 warning"; }
	[ -z "$(in_ns ip route show default dev wwan0)" ] || fail "a default route through wwan0 at a taken metric"
	[ -z "$(in_ns ip -6 route show default dev wwan0)" ] || fail "an IPv6 default route through wwan0 at a taken metric"
	expect "$(in_ns ip route show default)" "default via 192.0.2.1 dev lan0 metric 100"
	expect "$(in_ns ip -6 route show default)" "default via 2001:db8:1::1 dev lan0 metric 100"
	stop_connect TERM || fail "exit status $? after SIGTERM"
	zero_cids
	same_host "$before"
	;;
host_no_default_route)
	need_root
	sim_start --netns "$NS" --ifname wwan0
	host_setup
	before=$(host_state)
	connect_host_bg none --apn internet --ip-type 4v6 --no-default-route --no-dns
	wait_log "connected in"
	ping_gateway 4 10.42.0.1        # the link works through its prefix route
	[ -z "$(in_ns ip route show default dev wwan0)" ] || fail "an IPv4 default route through wwan0"
	[ -z "$(in_ns ip -6 route show default dev wwan0)" ] || fail "an IPv6 default route through wwan0"
	n=$(routes_at 700)
	[ "$n" = 2 ] || { routes_through_wwan0 >&2; fail "$n prefix routes at the default metric 700, expected 2"; }
	stop_connect TERM || fail "exit status $? after SIGTERM"
	zero_cids
	same_host "$before"
	;;
host_no_dns)
	# --no-dns: no resolver is called and no file is written, though
	# systemd-resolved and resolvconf both seem to be there
	need_root
	[ -d /run/systemd ] || { echo "SKIP: no /run/systemd to stand systemd-resolved's directory in"; exit 77; }
	sim_start --netns "$NS" --ifname wwan0
	host_setup
	recorder resolvectl
	recorder busctl
	recorder resolvconf
	before=$(host_state)
	connect_host_bg resolved --apn internet --ip-type 4v6 --no-dns
	wait_log "connected in"
	log_has "DNS servers left alone" || { cat "$LOG"; fail "--no-dns is not reported"; }
	! in_cl /run/cellink/resolv.conf.cdc-wdm0 >/dev/null 2>&1 || fail "a resolv file was written"
	stop_connect TERM || fail "exit status $? after SIGTERM"
	[ ! -e "$WORK/calls" ] || { cat "$WORK/calls" >&2; fail "a resolver was called with --no-dns"; }
	zero_cids
	same_host "$before"
	;;
host_resolved)
	# systemd-resolved runs: per-link DNS on wwan0, reverted on disconnect
	need_root
	[ -d /run/systemd ] || { echo "SKIP: no /run/systemd to stand systemd-resolved's directory in"; exit 77; }
	sim_start --netns "$NS" --ifname wwan0
	host_setup
	recorder resolvectl
	recorder resolvconf             # there too, and must not be used
	before=$(host_state)
	connect_host_bg resolved --apn internet --ip-type 4v6
	wait_log "connected in"
	log_has "DNS servers handed to systemd-resolved for wwan0" || { cat "$LOG"; fail "not handed to resolved"; }
	stop_connect TERM || fail "exit status $? after SIGTERM"
	calls=$(cat "$WORK/calls")
	want=$(printf 'resolvectl dns wwan0 10.42.0.53 10.42.0.54 2001:db8:42::53 2001:db8:42::54\nresolvectl revert wwan0')
	[ "$calls" = "$want" ] || { printf '%s\n' "$calls" >&2; fail "resolved was not called as expected"; }
	zero_cids
	same_host "$before"
	;;
host_resolved_busctl)
	# systemd-resolved without resolvectl: the same over D-Bus with busctl
	need_root
	[ -d /run/systemd ] || { echo "SKIP: no /run/systemd to stand systemd-resolved's directory in"; exit 77; }
	sim_start --netns "$NS" --ifname wwan0
	host_setup
	recorder busctl
	connect_host_bg resolved --apn internet --ip-type 4
	wait_log "connected in"
	idx=$(in_ns cat /sys/class/net/wwan0/ifindex)
	stop_connect TERM || fail "exit status $? after SIGTERM"
	calls=$(cat "$WORK/calls")
	m="busctl call org.freedesktop.resolve1 /org/freedesktop/resolve1 org.freedesktop.resolve1.Manager"
	want=$(printf '%s SetLinkDNS ia(iay) %s 2 2 4 10 42 0 53 2 4 10 42 0 54\n%s RevertLink i %s' \
		"$m" "$idx" "$m" "$idx")
	[ "$calls" = "$want" ] || { printf '%s\n' "$calls" >&2; fail "busctl was not called as expected"; }
	zero_cids
	;;
host_resolvconf)
	# resolvconf: a record named after the interface, deleted on disconnect
	need_root
	sim_start --netns "$NS" --ifname wwan0
	host_setup
	recorder resolvconf
	before=$(host_state)
	connect_host_bg none --apn internet --ip-type 4v6
	wait_log "connected in"
	log_has "DNS servers handed to resolvconf as wwan0" || { cat "$LOG"; fail "not handed to resolvconf"; }
	stop_connect TERM || fail "exit status $? after SIGTERM"
	calls=$(cat "$WORK/calls")
	want=$(printf '%s\n' "resolvconf -a wwan0" "< nameserver 10.42.0.53" "< nameserver 10.42.0.54" \
		"< nameserver 2001:db8:42::53" "< nameserver 2001:db8:42::54" "resolvconf -d wwan0")
	[ "$calls" = "$want" ] || { printf '%s\n' "$calls" >&2; fail "resolvconf was not called as expected"; }
	zero_cids
	same_host "$before"
	;;
host_other_netns)
	# cellink in another network namespace than PID 1's (the host's
	# resolvers serve that one: interface indexes and resolv.conf are not
	# ours): the file, though systemd-resolved and resolvconf seem to run
	need_root
	[ -d /run/systemd ] || { echo "SKIP: no /run/systemd to stand systemd-resolved's directory in"; exit 77; }
	sim_start --netns "$NS" --ifname wwan0
	host_setup
	recorder resolvectl
	recorder resolvconf
	before=$(host_state)
	private_bg other resolved ip netns exec "$NS" env PATH="$WORK/bin" \
		"$CELLINK" connect --device "$QMI" --apn internet --ip-type 4v6
	wait_log "connected in"
	log_has "DNS servers written to /run/cellink/resolv.conf.cdc-wdm0 (a network namespace of its own" ||
		{ cat "$LOG"; fail "not the file"; }
	stop_connect TERM || fail "exit status $? after SIGTERM"
	[ ! -e "$WORK/calls" ] || { cat "$WORK/calls" >&2; fail "the host's resolver was called from another namespace"; }
	zero_cids
	same_host "$before"
	;;
host_resolv_unsafe)
	# --resolv in a directory other users can write: refused, said, and
	# the link still comes up
	need_root
	sim_start --netns "$NS" --ifname wwan0
	mkdir -m 1777 "$WORK/pub"
	connect_bg --apn internet --resolv "$WORK/pub/resolv.conf"
	wait_log "connected in"
	log_has "refusing to write $WORK/pub/resolv.conf: the directory $WORK/pub can be written by other users" ||
		{ cat "$LOG"; fail "no refusal"; }
	[ ! -e "$WORK/pub/resolv.conf" ] || fail "written in a world-writable directory"
	stop_connect TERM || fail "exit status $? after SIGTERM"
	zero_cids
	;;
host_daemon)
	# the daemon takes metric, defaultroute and peerdns from its configuration
	need_root
	sim_start --netns "$NS" --ifname wwan0
	host_setup
	recorder resolvconf
	before=$(host_state)
	conf="$WORK/cellink.conf"
	printf "config modem 'lte'\n\toption device '%s'\n\toption apn 'internet'\n\toption pdptype 'ipv4v6'\n\toption metric '400'\n" \
		"$QMI" >"$conf"
	sock="$WORK/cellink.sock"
	daemon_host_bg --config "$conf" --control "$sock"
	wait_log "interface wwan0 configured"
	expect "$(in_ns ip route show default)" "default dev wwan0 proto static scope link metric 400"
	expect "$(in_ns ip -6 route show default)" "default via 2001:db8:42::1 dev wwan0 proto static metric 400"
	n=$(routes_at 400)
	[ "$n" = 4 ] || { routes_through_wwan0 >&2; fail "$n routes through wwan0 at metric 400, expected 4"; }
	expect "$(cat "$WORK/calls")" "^resolvconf -a wwan0$"
	stop_connect TERM || fail "daemon exit status $?"
	expect "$(cat "$WORK/calls")" "^resolvconf -d wwan0$"
	zero_cids
	same_host "$before"
	# defaultroute '0' and peerdns '0': neither
	rm -f "$WORK/calls"
	printf "\toption defaultroute '0'\n\toption peerdns '0'\n" >>"$conf"
	daemon_host_bg --config "$conf" --control "$sock"
	wait_log "interface wwan0 configured"
	[ -z "$(in_ns ip route show default dev wwan0)" ] || fail "a default route with defaultroute '0'"
	[ -z "$(in_ns ip -6 route show default dev wwan0)" ] || fail "an IPv6 default route with defaultroute '0'"
	n=$(routes_at 400)
	[ "$n" = 2 ] || { routes_through_wwan0 >&2; fail "$n prefix routes at metric 400, expected 2"; }
	stop_connect TERM || fail "daemon exit status $?"
	[ ! -e "$WORK/calls" ] || { cat "$WORK/calls" >&2; fail "resolvconf was called with peerdns '0'"; }
	zero_cids
	same_host "$before"
	;;
mbim_ipv4 | mbim_ipv6 | mbim_dual)
	# the MBIM bring-up on the emulator's MBIM personality, found by asking
	# (a pty has no driver in sysfs), a ping through wwan0, a clean stop
	need_root
	SIM_PROTO=mbim sim_start --netns "$NS" --ifname wwan0
	case $CASE in mbim_ipv4) t=4 ;; mbim_ipv6) t=6 ;; mbim_dual) t=4v6 ;; esac
	connect_bg --apn internet --ip-type "$t" --resolv "$WORK/resolv"
	wait_log "connected in"
	log_has "(mbim: .* answered an MBIM OPEN)" || { cat "$LOG"; fail "the protocol was not found by asking"; }
	[ "$t" = 6 ] || ping_gateway 4 10.42.0.1
	[ "$t" = 4 ] || ping_gateway 6 2001:db8:42::1
	grep -q nameserver "$WORK/resolv" || fail "no resolv file written"
	[ "$t" != 4v6 ] || log_has "ipv4v6 (one session)" || { cat "$LOG"; fail "dual stack is not one MBIM session"; }
	stop_connect TERM || fail "exit status $? after SIGTERM"
	log_has "the MBIM device closed" || { cat "$LOG"; fail "no clean MBIM close"; }
	grep -q "mbim: >> close-done" "$WORK/sim.log" || fail "the emulator saw no MBIM CLOSE"
	iface_clean
	;;
mbim_session_vlan)
	# MBIM session 1: cellink adds VLAN 1 on wwan0 (mbim1, cdc_mbim's
	# mapping), configures it, pings through it (the emulator answers only
	# frames tagged for its session 1), and removes it on stop. A link of
	# that name with another VLAN id is refused, and left alone.
	need_root
	SIM_PROTO=mbim sim_start --netns "$NS" --ifname wwan0
	if ! in_ns ip link add link wwan0 name vlprobe type vlan id 9 2>"$WORK/vlan.err"; then
		echo "SKIP: this kernel has no 802.1Q VLANs ($(cat "$WORK/vlan.err")); the real-kernel stage runs it (mbim_vlan)"
		exit 77
	fi
	in_ns ip link del vlprobe
	in_ns ip -o link show wwan0 | grep -q NOARP || fail "the emulator's wwan0 is not NOARP, as cdc_mbim's is"
	connect_bg --protocol mbim --apn internet --ip-type 4v6 --session 1 --resolv "$WORK/resolv"
	wait_log "connected in"
	log_has "mbim1 added, VLAN 1 on wwan0" || { cat "$LOG"; fail "no VLAN link was added"; }
	in_ns ip -d link show mbim1 | grep -q "vlan protocol 802.1Q id 1" || fail "mbim1 is not VLAN 1"
	in_ns ip -o addr show dev mbim1 | grep -q "10.42.0" || fail "no IPv4 address on mbim1"
	in_ns ping -4 -c 1 -W 2 -I mbim1 10.42.0.1 >/dev/null || fail "no answer from 10.42.0.1 through mbim1"
	in_ns ping -6 -c 1 -W 2 -I mbim1 2001:db8:42::1 >/dev/null || fail "no answer from 2001:db8:42::1 through mbim1"
	grep -q "mbim: session 1 up" "$WORK/sim.log" || fail "the emulator has no session 1"
	[ -z "$(in_ns ip -o addr show dev wwan0 scope global)" ] || fail "wwan0 itself was configured"
	stop_connect TERM || fail "exit status $? after SIGTERM"
	log_has "mbim1 removed" || { cat "$LOG"; fail "the VLAN link was not said removed"; }
	! in_ns ip link show mbim1 >/dev/null 2>&1 || fail "mbim1 is still there after the stop"
	# a link named mbim1 that is VLAN 2: refused with the reason, untouched
	in_ns ip link add link wwan0 name mbim1 type vlan id 2
	connect_bg --protocol mbim --apn internet --session 1 --resolv "$WORK/resolv"
	wait_exit 20
	[ "$RC" = 17 ] || { cat "$LOG"; fail "exit status $RC with a foreign mbim1, expected 17"; }
	log_has "mbim1 exists as VLAN 2 on wwan0, not VLAN 1" || { cat "$LOG"; fail "the refusal does not say why"; }
	in_ns ip -d link show mbim1 | grep -q "id 2" || fail "the foreign mbim1 was changed"
	;;
mbim_drop_reconnect)
	SIM_PROTO=mbim sim_start
	connect_bg --protocol mbim --apn internet --no-configure
	wait_log "connected in"
	ctl drop-session reason=network-failure >/dev/null
	wait_log "link up again" 30
	log_has "the network ended the session" || { cat "$LOG"; fail "the drop is not named"; }
	stop_connect TERM || fail "exit status $?"
	;;
mbim_reset_recover)
	SIM_PROTO=mbim sim_start
	connect_bg --protocol mbim --apn internet --no-configure
	wait_log "connected in"
	ctl reset 1000 >/dev/null
	wait_log "link up again" 40
	stop_connect TERM || fail "exit status $?"
	;;
mbim_pin)
	# 8-digit PINs: a 4-digit one may turn up in a PID or a number printed as text
	SIM_PROTO=mbim sim_start
	ctl set pin 58204917 >/dev/null
	ctl sim pin >/dev/null
	echo 58204917 >"$WORK/pin"
	connect_bg --protocol mbim --apn internet --pin-file "$WORK/pin" --no-configure --runtime-dir "$WORK/run" --verbose
	wait_log "connected in"
	log_has "PIN accepted" || { cat "$LOG"; fail "no PIN step"; }
	! log_has 58204917 || fail "the PIN reached the log"
	stop_connect TERM || fail "exit status $? after SIGTERM"
	;;
mbim_pin_wrong_restarts)
	# a wrong PIN costs one attempt over MBIM too, however often cellink starts
	SIM_PROTO=mbim sim_start
	ctl set pin 58204917 >/dev/null
	ctl sim pin >/dev/null
	echo 36182759 >"$WORK/pin"
	for run in 1 2 3; do
		connect_bg --protocol mbim --apn internet --pin-file "$WORK/pin" --no-configure --runtime-dir "$WORK/run"
		wait_exit 20
		[ "$RC" = 12 ] || { cat "$LOG"; fail "run $run: exit status $RC, expected 12 (SIM locked)"; }
		expect "$(ctl state)" '"pin_retries":2'
		if [ $run = 1 ]; then
			log_has "refused the PIN (2 attempts left)" || { cat "$LOG"; fail "run 1: no refusal"; }
		else
			! log_has "verifying" || { cat "$LOG"; fail "run $run presented the PIN again"; }
		fi
		! log_has 36182759 || fail "the PIN reached the log"
	done
	;;
mbim_wrong_password)
	SIM_PROTO=mbim sim_start
	echo right-secret | ctl set apn secure user=bob pass=- auth=chap >/dev/null
	wait_registered
	CELLINK_PASSWORD=wrong-secret connect_bg --protocol mbim --apn secure --auth chap --username bob --no-configure
	wait_exit 20
	[ "$RC" = 14 ] || { cat "$LOG"; fail "exit status $RC, expected 14 (call rejected)"; }
	log_has "user-authentication-failed" || { cat "$LOG"; fail "the network's reason is not named"; }
	;;
mbim_no_registration)
	SIM_PROTO=mbim sim_start --register-delay 600000
	connect_bg --protocol mbim --apn internet --no-configure --register-timeout 2
	wait_exit 20
	[ "$RC" = 13 ] || { cat "$LOG"; fail "exit status $RC, expected 13 (no registration)"; }
	;;
mbim_status)
	# the control socket answers status over MBIM too
	SIM_PROTO=mbim sim_start
	SOCK=$WORK/c.sock
	connect_bg --protocol mbim --apn internet --no-configure --control "$SOCK"
	wait_log "connected in"
	out=$("$CELLINK" status --control "$SOCK" --json)
	json_valid status "$out"
	expect "$out" '"mode":"mbim"'
	expect "$out" "\"device\":\"$QMI\""     # a path as itself, not "\/dev\/..."
	expect "$out" '"connected":true'
	expect "$out" '"operator":"Telekom.de"'
	stop_connect TERM || fail "exit status $?"
	;;
mbim_deregistration)
	# the network drops the registration under a live MBIM link (a
	# register-state indication, the session ended): cellink waits for the
	# registration and brings the link back once it is regained
	SIM_PROTO=mbim sim_start
	connect_bg --protocol mbim --apn internet --no-configure
	wait_log "connected in"
	ctl lose-registration >/dev/null
	wait_log "reconnecting in" 20
	log_has "detached\|registration" || { cat "$LOG" >&2; fail "the loss is not named"; }
	# the next attempt waits for the registration (the first wait was at start)
	wait_until 20 bash -c "[ \$(grep -c 'waiting for registration' '$LOG') -ge 2 ]" ||
		{ cat "$LOG" >&2; fail "cellink did not wait for the registration again"; }
	! log_has "link up again" || { cat "$LOG" >&2; fail "the link came up without a registration"; }
	ctl regain-registration >/dev/null
	wait_log "link up again" 30
	stop_connect TERM || fail "exit status $?"
	;;
mbim_malformed)
	# the modem answers Basic Connect commands with COMMAND_DONEs whose
	# buffer does not decode (framed right, cut short): at bring-up, then
	# under a live link. cellink names the problem and carries on
	SIM_PROTO=mbim sim_start
	ctl malformed dms 1 >/dev/null
	connect_bg --protocol mbim --apn internet --no-configure --liveness 0.5 --request-timeout 1
	wait_log "connected in" 30
	grep -q "fault: malformed" "$WORK/sim.log" || fail "the emulator sent no malformed answer"
	log_has "device caps: the modem.s answer is malformed" || { cat "$LOG" >&2; fail "the malformed answer is not named"; }
	ctl malformed wds 2 >/dev/null
	wait_until 20 bash -c "[ \$(grep -c 'fault: malformed' '$WORK/sim.log') -ge 3 ]" || fail "the emulator's liveness answers were not made malformed"
	wait_log "link up again" 30
	log_has "answer is malformed" || fail "the liveness answers are not named malformed"
	kill -0 "$CL_PID" || fail "cellink ended"
	stop_connect TERM || fail "exit status $?"
	;;
mbim_silent_check)
	# the session's CIDs stop answering while the link is up: the liveness
	# request that times out leads to a reopen (CLOSE, OPEN), and the link
	# comes back once they answer again
	SIM_PROTO=mbim sim_start
	connect_bg --protocol mbim --apn internet --no-configure --liveness 0.5 --request-timeout 1
	wait_log "connected in"
	ctl stop-service wds >/dev/null
	wait_log "reconnecting in" 20
	log_has "did not answer" || { cat "$LOG" >&2; fail "the silence is not named"; }
	grep -q "connect not answered\|CONNECT not answered" "$WORK/sim.log" || fail "the emulator was never silent"
	ctl resume-service wds >/dev/null
	wait_log "link up again" 30
	stop_connect TERM || fail "exit status $?"
	;;
mbim_daemon)
	# the daemon runs an MBIM modem (option protocol 'mbim'); status, info
	# and signal come from the MBIM state
	SIM_PROTO=mbim sim_start
	conf="$WORK/cellink.conf"
	printf "config interface 'wan'\n\toption proto 'cellink'\n\toption device '%s'\n\toption apn 'internet'\n\toption protocol 'mbim'\n" \
		"$QMI" >"$conf"
	SOCK=$WORK/cellink.sock
	"$CELLINK" daemon --config "$conf" --control "$SOCK" --no-configure >"$LOG" 2>&1 &
	CL_PID=$!
	wait_until 10 test -S "$SOCK" || { cat "$LOG" >&2; fail "no control socket"; }
	wait_until 15 connected || { cat "$LOG" >&2; fail "the daemon never connected"; }
	out=$("$CELLINK" status --control "$SOCK" --json)
	json_valid status "$out"
	expect "$out" '"mode":"mbim"'
	out=$("$CELLINK" info --control "$SOCK" --json)
	expect "$out" '"model":"MC7455"'
	ctl signal rssi=-91 >/dev/null
	wait_until 10 bash -c "'$CELLINK' signal --control '$SOCK' --json | grep -q '\"rssi_dbm\":-91'" ||
		fail "signal does not follow the modem's indication: $("$CELLINK" signal --control "$SOCK" --json 2>&1)"
	json_valid signal "$("$CELLINK" signal --control "$SOCK" --json)"
	stop_connect TERM || fail "daemon exit status $?"
	;;
qmi_auto)
	# --protocol auto on a QMI pty: the MBIM OPEN goes unanswered, QMI answers
	sim_start
	connect_bg --apn internet --no-configure
	wait_log "connected in"
	log_has "(qmi: .* answered a QMI CTL request)" || { cat "$LOG"; fail "QMI was not found by asking"; }
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
ipv4 | ipv6 | dual)
	need_root
	sim_start --netns "$NS" --ifname wwan0
	case $CASE in ipv4) t=4 ;; ipv6) t=6 ;; dual) t=4v6 ;; esac
	connect_bg --apn internet --ip-type "$t" --resolv "$WORK/resolv"
	wait_log "connected in"
	[ "$t" = 6 ] || ping_gateway 4 10.42.0.1
	[ "$t" = 4 ] || ping_gateway 6 2001:db8:42::1
	grep -q nameserver "$WORK/resolv" || fail "no resolv file written"
	stop_connect TERM || fail "exit status $? after SIGTERM"
	zero_cids
	iface_clean
	;;
wrong_password)
	sim_start
	echo right-secret | ctl set apn secure user=bob pass=- auth=chap >/dev/null
	wait_registered
	CELLINK_PASSWORD=wrong-secret connect_bg --apn secure --auth chap --username bob --no-configure
	wait_exit 20
	[ "$RC" = 14 ] || { cat "$LOG"; fail "exit status $RC, expected 14 (call rejected)"; }
	log_has "authentication" || { cat "$LOG"; fail "the call-end reason is not named"; }
	zero_cids
	;;
pin)
	sim_start
	ctl set pin 4321 >/dev/null
	ctl sim pin >/dev/null
	echo 4321 >"$WORK/pin"
	connect_bg --apn internet --pin-file "$WORK/pin" --no-configure --runtime-dir "$WORK/run"
	wait_log "connected in"
	log_has "PIN accepted" || fail "no PIN step"
	! log_has 4321 || fail "the PIN reached the log"
	stop_connect TERM || fail "exit status $? after SIGTERM"
	zero_cids
	;;
pin_last_attempt)
	sim_start
	ctl set pin 4321 >/dev/null
	ctl sim pin >/dev/null
	ctl set pin-retries 1 >/dev/null
	echo 0000 >"$WORK/pin"
	connect_bg --apn internet --pin-file "$WORK/pin" --no-configure --runtime-dir "$WORK/run"
	wait_exit 20
	[ "$RC" = 12 ] || { cat "$LOG"; fail "exit status $RC, expected 12 (SIM locked)"; }
	log_has "only 1 attempt left of 3" || { cat "$LOG"; fail "no explanation"; }
	expect "$(ctl state)" '"pin_retries":1'
	zero_cids
	;;
pin_partial_count)
	# Fewer than the full count of attempts left: even the right PIN is not tried.
	sim_start
	ctl set pin 4321 >/dev/null
	ctl sim pin >/dev/null
	ctl set pin-retries 2 >/dev/null
	echo 4321 >"$WORK/pin"
	connect_bg --apn internet --pin-file "$WORK/pin" --no-configure --runtime-dir "$WORK/run"
	wait_exit 20
	[ "$RC" = 12 ] || { cat "$LOG"; fail "exit status $RC, expected 12 (SIM locked)"; }
	log_has "only 2 attempts left of 3" || { cat "$LOG"; fail "no explanation"; }
	! log_has "verifying" || { cat "$LOG"; fail "the PIN was presented"; }
	expect "$(ctl state)" '"pin_retries":2'
	zero_cids
	;;
pin_wrong_restarts)
	# A wrong PIN costs exactly one attempt, however often cellink starts.
	sim_start
	ctl set pin 4321 >/dev/null
	ctl sim pin >/dev/null
	echo 0000 >"$WORK/pin"
	for run in 1 2 3 4; do
		connect_bg --apn internet --pin-file "$WORK/pin" --no-configure --runtime-dir "$WORK/run"
		wait_exit 20
		[ "$RC" = 12 ] || { cat "$LOG"; fail "run $run: exit status $RC, expected 12 (SIM locked)"; }
		expect "$(ctl state)" '"pin_retries":2'
		if [ $run = 1 ]; then
			log_has "refused the PIN (2 attempts left)" || { cat "$LOG"; fail "run 1: no refusal"; }
		else
			! log_has "verifying" || { cat "$LOG"; fail "run $run presented the PIN again"; }
		fi
		! log_has 0000 || fail "the PIN reached the log"
	done
	# The owner enters the right PIN by hand and the card asks again with
	# the full count: the refused PIN is still not presented ...
	ctl set pin-retries 3 >/dev/null
	connect_bg --apn internet --pin-file "$WORK/pin" --no-configure --runtime-dir "$WORK/run"
	wait_exit 20
	[ "$RC" = 12 ] || { cat "$LOG"; fail "exit status $RC with the refused PIN, expected 12"; }
	log_has "refused this PIN before" || { cat "$LOG"; fail "no explanation for the remembered PIN"; }
	expect "$(ctl state)" '"pin_retries":3'
	# ... and nothing of it in the clear under the runtime directory
	! grep -rq -e 0000 -e 8949010000000012342 "$WORK/run" || fail "the PIN or ICCID is stored in the clear"
	[ "$(stat -c %a "$WORK/run/pin")" = 700 ] || fail "the PIN memory is not mode 0700"
	# a correct new PIN is presented and accepted
	echo 4321 >"$WORK/pin"
	connect_bg --apn internet --pin-file "$WORK/pin" --no-configure --runtime-dir "$WORK/run"
	wait_log "connected in"
	log_has "PIN accepted" || { cat "$LOG"; fail "the new PIN was not presented"; }
	stop_connect TERM || fail "exit status $? after SIGTERM"
	expect "$(ctl state)" '"pin_retries":3'
	zero_cids
	;;
no_registration)
	sim_start --register-delay 600000
	# gives up by itself (wait_exit's bound is for a hung test, not a figure)
	connect_bg --apn internet --no-configure --register-timeout 2
	wait_exit 20
	[ "$RC" = 13 ] || { cat "$LOG"; fail "exit status $RC, expected 13 (no registration)"; }
	zero_cids
	;;
swallowed_first)
	sim_start
	ctl swallow-first 1 >/dev/null
	connect_bg --apn internet --no-configure
	wait_log "connected in" 20
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
drop_reconnect)
	sim_start
	connect_bg --apn internet --no-configure
	wait_log "connected in"
	ctl drop-session reason=network-failure >/dev/null
	wait_log "link up again" 30
	log_has "network-failure" || fail "the drop reason is not named"
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
reset_recover)
	sim_start
	connect_bg --apn internet --no-configure
	wait_log "connected in"
	ctl reset 1000 >/dev/null
	wait_log "went away" 20
	wait_log "link up again" 40
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
sigterm_cids)
	if [ "$(id -u)" -eq 0 ]; then
		need_root
		sim_start --netns "$NS" --ifname wwan0
		connect_bg --apn internet --ip-type 4v6 --resolv "$WORK/resolv"
	else
		sim_start
		connect_bg --apn internet --ip-type 4v6 --no-configure
	fi
	wait_log "connected in"
	expect "$(ctl clients)" '"total":5'
	stop_connect TERM || fail "exit status $?"
	zero_cids
	[ -z "$NS" ] || iface_clean
	;;
sigterm_early)
	# SIGTERM while the client ids are being granted, slowly
	sim_start
	ctl delay ctl allocate-cid 600 >/dev/null
	connect_bg --apn internet --no-configure
	wait_until 10 grep -q "request allocate-cid" "$WORK/sim.log" || fail "no allocation seen"
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
cycles)
	# the cycles count client ids, not the network's round trips: the
	# session starts in 30 ms (not 300), the modem registers in 0.2 s
	sim_start --register-delay 200
	ctl delay wds start-network 30 >/dev/null
	wait_registered
	for i in $(seq 1 "$N"); do
		connect_bg --apn internet --no-configure
		wait_log "connected in"
		stop_connect TERM || fail "cycle $i: exit status $?"
	done
	zero_cids
	echo "$N connect/disconnect cycles, zero client ids held"
	;;
secret)
	sim_start
	echo s3cr3t-Pa55 | ctl set apn secure user=bob pass=- auth=pap >/dev/null
	echo s3cr3t-Pa55 >"$WORK/pw"
	connect_bg --apn secure --auth pap --username bob --password-file "$WORK/pw" --no-configure --verbose
	wait_log "connected in"
	tr '\0' ' ' <"/proc/$CL_PID/cmdline" | matches s3cr3t && fail "password in /proc/PID/cmdline"
	stop_connect TERM || fail "exit status $?"
	log_has s3cr3t && fail "password in the log"
	log_has "start-network" || fail "the verbose trace did not run"
	zero_cids
	;;
silent_service)
	sim_start
	wait_registered
	ctl stop-service nas >/dev/null
	connect_bg --apn internet --no-configure --request-timeout 1
	wait_exit 30
	[ "$RC" = 16 ] || { cat "$LOG"; fail "exit status $RC, expected 16 (modem error)"; }
	log_has "did not answer" || { cat "$LOG"; fail "the silence is not reported"; }
	log_has "attempt 2" || { cat "$LOG"; fail "a silent modem was not retried"; }
	zero_cids
	;;
exhausted_cids)
	sim_start
	ctl exhaust-cids wds >/dev/null
	connect_bg --apn internet --no-configure
	wait_exit 30
	[ "$RC" = 16 ] || { cat "$LOG"; fail "exit status $RC, expected 16"; }
	grep -q "client-ids-exhausted" "$LOG" || { cat "$LOG"; fail "the QMI error is not named"; }
	zero_cids     # the DMS/NAS/WDA ids that were granted went back
	;;
flood_malformed)
	sim_start
	wait_registered
	ctl flood nas 500 >/dev/null
	ctl malformed dms 1 >/dev/null
	connect_bg --apn internet --no-configure
	wait_log "connected in" 30
	ctl flood wds 500 >/dev/null
	ctl drop-session reason=network-failure >/dev/null
	wait_log "link up again" 30
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
sim_not_ready)
	sim_start
	ctl sim not-initialized >/dev/null
	connect_bg --apn internet --no-configure
	wait_log "SIM not initialised yet"
	ctl sim ready >/dev/null
	wait_log "connected in" 20
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
reg_denied)
	sim_start
	wait_registered
	ctl lose-registration state=denied >/dev/null
	connect_bg --apn internet --no-configure --register-timeout 2
	wait_exit 20
	[ "$RC" = 13 ] || { cat "$LOG"; fail "exit status $RC, expected 13"; }
	log_has "denied" || { cat "$LOG"; fail "the denied state is not reported"; }
	zero_cids
	;;
busy)
	sim_start
	connect_bg --apn internet --no-configure
	wait_log "opening"
	first=$CL_PID
	rc=0
	out=$("$CELLINK" connect --device "$QMI" --apn internet --no-configure 2>&1) || rc=$?
	[ "$rc" = 11 ] || { printf '%s\n' "$out"; fail "exit status $rc, expected 11 (device busy)"; }
	expect "$out" "held by PID $first (cellink)"
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
raw_ip_switch)
	sim_start --sysfs "$WORK/sys"
	connect_bg --apn internet --no-configure --sysfs "$WORK/sys"
	wait_log "connected in"
	log_has "switched to raw-ip" || fail "the kernel switch was not set"
	sw=$(find "$WORK/sys" -path '*qmi/raw_ip' -print -quit)
	[ "$(cat "$sw")" = Y ] || fail "raw_ip is $(cat "$sw"), expected Y"
	log_has "interface wwan0" || fail "the interface was not found beside the cdc-wdm device"
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
no_raw_ip)
	sim_start --sysfs "$WORK/sys"
	find "$WORK/sys" -path '*qmi/raw_ip' -delete   # a kernel older than 4.5
	connect_bg --apn internet --no-configure --sysfs "$WORK/sys"
	wait_exit 20
	[ "$RC" = 15 ] || { cat "$LOG"; fail "exit status $RC, expected 15 (kernel lacks raw-ip)"; }
	log_has "newer kernel" || { cat "$LOG"; fail "no remedy given"; }
	zero_cids
	;;
qmap_mux)
	# a PDN on QMAP mux id 3: QMAP in WDA, add_mux makes qmimux0, the WDS
	# client is bound to mux id 3, and its addresses (the emulator's
	# 10.42.3.0/24 for mux id 3) go on qmimux0, not wwan0
	need_root
	sim_start --netns "$NS" --ifname wwan0 --sysfs "$WORK/sys"
	connect_bg --apn internet --mux-id 3 --sysfs "$WORK/sys" --resolv "$WORK/resolv"
	wait_log "connected in"
	log_has "data format: raw-ip, QMAP" || { cat "$LOG"; fail "QMAP was not the data format"; }
	log_has "QMAP mux id 3 on wwan0 is qmimux0" || { cat "$LOG"; fail "no mux interface"; }
	grep -q "client [0-9]* bound to mux id 3" "$WORK/sim.log" || fail "the session was not bound to mux id 3"
	expect "$(in_ns ip -o -4 addr show dev qmimux0)" "10.42.3.2/"
	[ -z "$(in_ns ip -o addr show dev wwan0 scope global)" ] || fail "wwan0 got addresses beside qmimux0"
	in_ns ping -4 -c 1 -W 2 -I qmimux0 10.42.3.1 >/dev/null || fail "no answer from 10.42.3.1 through qmimux0"
	lst=$(find "$WORK/sys" -path '*qmi/add_mux' -print -quit)
	expect "$(cat "$lst")" "0x03"
	stop_connect TERM || fail "exit status $? after SIGTERM"
	zero_cids
	[ -z "$(in_ns ip -o addr show dev qmimux0 scope global)" ] || fail "qmimux0 kept its addresses"
	# a second run finds mux id 3 there, and makes it afresh
	connect_bg --apn internet --mux-id 3 --sysfs "$WORK/sys" --resolv "$WORK/resolv"
	wait_log "connected in"
	log_has "(made afresh)" || { cat "$LOG"; fail "the mux left by the first run was not made afresh"; }
	in_ns ping -4 -c 1 -W 2 -I qmimux0 10.42.3.1 >/dev/null || fail "no answer through qmimux0 the second time"
	stop_connect TERM || fail "exit status $? after SIGTERM"
	zero_cids
	;;
qmap_daemon)
	# the daemon with option mux_id: status names the mux interface, its
	# mux id and the interface beneath, as the schema says
	need_root
	sim_start --netns "$NS" --ifname wwan0 --sysfs "$WORK/sys"
	conf="$WORK/cellink.conf"
	printf "config interface 'ims'\n\toption proto 'cellink'\n\toption device '%s'\n\toption apn 'internet'\n\toption mux_id '2'\n\toption peerdns '0'\n" \
		"$QMI" >"$conf"
	SOCK=$WORK/cellink.sock
	ip netns exec "$NS" "$CELLINK" daemon --config "$conf" --control "$SOCK" --sysfs "$WORK/sys" \
		>"$LOG" 2>&1 &
	CL_PID=$!
	wait_until 10 test -S "$SOCK" || { cat "$LOG" >&2; fail "no control socket"; }
	wait_until 15 bash -c "'$CELLINK' status --control '$SOCK' --json | grep -q '\"connected\":true'" ||
		{ cat "$LOG" >&2; fail "the daemon never connected"; }
	out=$("$CELLINK" status --control "$SOCK" --json)
	expect "$out" '"interface":"qmimux0","mux_id":2,"mux_on":"wwan0"'
	json_valid status "$out"
	expect "$(in_ns ip -o -4 addr show dev qmimux0)" "10.42.2.2/"
	in_ns ping -4 -c 1 -W 2 -I qmimux0 10.42.2.1 >/dev/null || fail "no answer from 10.42.2.1 through qmimux0"
	stop_connect TERM || fail "daemon exit status $?"
	zero_cids
	;;
two_pdns)
	# two sections on one device: one daemon opens it once and runs two
	# PDNs (APNs internet and ims) on QMAP mux ids 1 and 2, each with its
	# own WDS client, mux interface and addresses; a drop of one leaves
	# the other up; at the stop every client id goes back
	need_root
	echo "set apn ims" >"$WORK/apns"        # a scenario: a reset keeps it
	# it registers at start, after power online and after the reset: 0.2 s each, not 1 s
	sim_start --netns "$NS" --ifname wwan0 --sysfs "$WORK/sys" --scenario "$WORK/apns" --register-delay 200
	conf="$WORK/cellink.conf"
	printf "config interface 'wan'\n\toption proto 'cellink'\n\toption device '%s'\n\toption apn 'internet'\n\toption mux_id '1'\n\toption peerdns '0'\n\toption defaultroute '0'\n" \
		"$QMI" >"$conf"
	printf "config interface 'ims'\n\toption proto 'cellink'\n\toption device '%s'\n\toption apn 'ims'\n\toption mux_id '2'\n\toption peerdns '0'\n\toption defaultroute '0'\n" \
		"$QMI" >>"$conf"
	SOCK=$WORK/cellink.sock
	ip netns exec "$NS" "$CELLINK" daemon --config "$conf" --control "$SOCK" --sysfs "$WORK/sys" \
		--liveness 0.5 >"$LOG" 2>&1 &
	CL_PID=$!
	wait_until 10 test -S "$SOCK" || { cat "$LOG" >&2; fail "no control socket"; }
	both_up() {
		"$CELLINK" status --control "$SOCK" --json |
			python3 -c 'import json,sys; m=json.load(sys.stdin)["modems"]; sys.exit(0 if len(m)==2 and all(x["status"]["connected"] for x in m) else 1)'
	}
	wait_until 20 both_up || { cat "$LOG" >&2; fail "the two PDNs never were both up"; }
	log_has "a second PDN of wan's modem" || { cat "$LOG"; fail "the sections did not share the device"; }
	[ "$(grep -c "opening $QMI" "$LOG")" -ge 2 ] || { cat "$LOG"; fail "not both sections opened"; }
	# one open of the device, one CTL sync
	n=$(grep -c "ctl: sync" "$WORK/sim.log" || true)
	[ "$n" = 1 ] || { cat "$WORK/sim.log" >&2; fail "$n CTL syncs, expected 1"; }
	out=$("$CELLINK" status --control "$SOCK" --json)
	json_valid status "$out"
	# each PDN: its APN, its mux id, its interface, its addresses
	pdn() {        # pdn NAME KEY: a key of that section's status
		"$CELLINK" status --control "$SOCK" --json "$1" |
			python3 -c "import json,sys; s=json.load(sys.stdin)['modems'][0]['status']; print(s['$2'] if '$2' != 'address' else s['sessions'][0].get('address',''))"
	}
	[ "$(pdn wan apn)" = internet ] && [ "$(pdn ims apn)" = ims ] || { echo "$out"; fail "the APNs are not each section's"; }
	[ "$(pdn wan mux_id)" = 1 ] && [ "$(pdn ims mux_id)" = 2 ] || { echo "$out"; fail "the mux ids are not each section's"; }
	if_wan=$(pdn wan interface)
	if_ims=$(pdn ims interface)
	[ "$if_wan" != "$if_ims" ] || { echo "$out"; fail "both PDNs on $if_wan"; }
	[ "$(pdn wan address)" = 10.42.1.2 ] && [ "$(pdn ims address)" = 10.42.2.2 ] ||
		{ echo "$out"; fail "the addresses are not each mux's"; }
	expect "$(in_ns ip -o -4 addr show dev "$if_wan")" "10.42.1.2/"
	expect "$(in_ns ip -o -4 addr show dev "$if_ims")" "10.42.2.2/"
	in_ns ping -4 -c 1 -W 2 -I "$if_wan" 10.42.1.1 >/dev/null || fail "no answer through $if_wan"
	in_ns ping -4 -c 1 -W 2 -I "$if_ims" 10.42.2.1 >/dev/null || fail "no answer through $if_ims"
	grep -q "bound to mux id 1" "$WORK/sim.log" && grep -q "bound to mux id 2" "$WORK/sim.log" ||
		fail "the WDS clients were not bound to mux ids 1 and 2"
	# the emulator's view: two sessions, each APN on its mux id
	expect "$(ctl state)" '"apn":"internet","mux":1}'
	expect "$(ctl state)" '"apn":"ims","mux":2}'
	# a one-shot connect for a third PDN is refused: the device is held,
	# and the answer names the holder and the way (one daemon)
	rc=0
	in_ns "$CELLINK" connect --device "$QMI" --apn ims --mux-id 3 --no-configure --sysfs "$WORK/sys" \
		>"$WORK/third.log" 2>&1 || rc=$?
	[ "$rc" = 11 ] || { cat "$WORK/third.log"; fail "a third PDN by another process: exit $rc, expected 11"; }
	expect "$(cat "$WORK/third.log")" "is held by PID $CL_PID"
	expect "$(cat "$WORK/third.log")" "run them under one 'cellink daemon'"
	# the network ends the ims session alone (the WDS client on mux id 2)
	ups=$(pdn wan links_up)
	ctl drop-session mux=2 >/dev/null || fail "the emulator dropped nothing"
	wait_log "ims: .*the network ended the ipv4 session"
	ims_back() { [ "$(pdn ims links_up)" = 2 ] && [ "$(pdn ims connected)" = True ]; }
	wait_until 20 ims_back || { cat "$LOG" >&2; fail "ims did not come back"; }
	# wan never went down: still its first link, connected
	[ "$(pdn wan links_up)" = "$ups" ] && [ "$(pdn wan connected)" = True ] ||
		{ cat "$LOG" >&2; fail "the drop of ims disturbed wan"; }
	! grep -q "wan: .*the network ended" "$LOG" || { cat "$LOG" >&2; fail "wan saw a drop"; }
	if_ims=$(pdn ims interface)
	in_ns ping -4 -c 1 -W 2 -I "$if_wan" 10.42.1.1 >/dev/null || fail "no answer through $if_wan after the drop"
	in_ns ping -4 -c 1 -W 2 -I "$if_ims" 10.42.2.1 >/dev/null || fail "no answer through $if_ims after the reconnect"
	# stopping one section gives back its client ids alone: the other
	# PDN keeps its ids, its session and its link; then it comes back
	total() { ctl clients | sed -n 's/.*"total":\([0-9]*\).*/\1/p'; }
	t_both=$(total)
	ups_ims=$(pdn ims links_up)
	"$CELLINK" disconnect --control "$SOCK" wan >/dev/null || fail "disconnect wan refused"
	wan_stopped() { [ "$(pdn wan state)" = stopped ]; }
	wait_until 20 wan_stopped || { cat "$LOG" >&2; fail "wan did not stop"; }
	t_ims=$(total)
	[ "$t_ims" -gt 0 ] && [ "$t_ims" -lt "$t_both" ] ||
		{ ctl clients >&2; fail "client ids after stopping wan: $t_ims (both: $t_both)"; }
	[ "$(pdn ims connected)" = True ] && [ "$(pdn ims links_up)" = "$ups_ims" ] ||
		{ cat "$LOG" >&2; fail "stopping wan disturbed ims"; }
	expect "$(ctl state)" '"apn":"ims","mux":2}'
	in_ns ping -4 -c 1 -W 2 -I "$(pdn ims interface)" 10.42.2.1 >/dev/null || fail "no answer through ims's mux with wan stopped"
	"$CELLINK" reconnect --control "$SOCK" wan >/dev/null || fail "reconnect wan refused"
	wait_until 20 both_up || { cat "$LOG" >&2; fail "wan did not come back"; }
	[ "$(total)" = "$t_both" ] || { ctl clients >&2; fail "client ids with both up again: $(total), before $t_both"; }
	[ "$(pdn ims links_up)" = "$ups_ims" ] || { cat "$LOG" >&2; fail "wan's return disturbed ims"; }
	n=$(grep -c "ctl: sync" "$WORK/sim.log" || true)
	[ "$n" = 1 ] || fail "$n CTL syncs while ims held the device, expected 1"
	# the radio is the modem's: power low through one section holds both,
	# power online brings both back
	ups_wan=$(pdn wan links_up)
	ups_ims=$(pdn ims links_up)
	"$CELLINK" power --control "$SOCK" wan low >/dev/null || { cat "$LOG" >&2; fail "power low refused"; }
	both_stopped() { [ "$(pdn wan state)" = stopped ] && [ "$(pdn ims state)" = stopped ]; }
	wait_until 20 both_stopped || { cat "$LOG" >&2; fail "power low did not hold both PDNs"; }
	"$CELLINK" power --control "$SOCK" wan online >/dev/null || fail "power online refused"
	both_relinked() {
		[ "$(pdn wan links_up)" -gt "$ups_wan" ] && [ "$(pdn ims links_up)" -gt "$ups_ims" ] && both_up
	}
	wait_until 30 both_relinked || { cat "$LOG" >&2; fail "power online did not bring both PDNs back"; }
	# the modem resets (the device goes and comes back): both come back
	ups_wan=$(pdn wan links_up)
	ups_ims=$(pdn ims links_up)
	syncs() { grep -c "ctl: sync" "$WORK/sim.log" || true; }
	n0=$(syncs)             # power low stopped both: the device was closed and opened again
	ctl reset 300 >/dev/null
	both_back() {
		[ "$(pdn wan links_up)" -gt "$ups_wan" ] && [ "$(pdn ims links_up)" -gt "$ups_ims" ] && both_up
	}
	wait_until 40 both_back || { cat "$LOG" >&2; fail "the two PDNs did not both come back after a reset"; }
	[ "$(syncs)" = $((n0 + 1)) ] || { cat "$WORK/sim.log" >&2; fail "$(syncs) CTL syncs after one reset, expected $((n0 + 1))"; }
	in_ns ping -4 -c 1 -W 2 -I "$(pdn wan interface)" 10.42.1.1 >/dev/null || fail "no answer through wan's mux after the reset"
	in_ns ping -4 -c 1 -W 2 -I "$(pdn ims interface)" 10.42.2.1 >/dev/null || fail "no answer through ims's mux after the reset"
	stop_connect TERM || { cat "$LOG" >&2; fail "daemon exit status $?"; }
	zero_cids
	sim_fields_clean
	;;
two_pdns_pin | two_pdns_no_qmap)
	# two PDNs of one modem: the PIN is presented once, by the section
	# that has it (the other waits for the card); a wrong one is presented
	# once and never again. Firmware without QMAP stops both with the reason.
	conf="$WORK/cellink.conf"
	SOCK=$WORK/cellink.sock
	if [ "$CASE" = two_pdns_no_qmap ]; then
		sim_start --sysfs "$WORK/sys" --no-qmap
	else
		need_root
		sim_start --netns "$NS" --ifname wwan0 --sysfs "$WORK/sys"
		ctl set pin 4321 >/dev/null
		ctl sim pin >/dev/null
	fi
	write_conf() {         # write_conf PIN: wan has the PIN, ims none
		printf "config interface 'wan'\n\toption proto 'cellink'\n\toption device '%s'\n\toption apn 'internet'\n\toption mux_id '1'\n" \
			"$QMI" >"$conf"
		[ -z "$1" ] || printf "\toption pincode '%s'\n" "$1" >>"$conf"
		printf "config interface 'ims'\n\toption proto 'cellink'\n\toption device '%s'\n\toption apn 'internet'\n\toption mux_id '2'\n" \
			"$QMI" >>"$conf"
	}
	run_daemon() {
		rm -f "$LOG"
		# started directly (not through a function) so that CL_PID is cellink
		if [ -n "$NS" ]; then
			ip netns exec "$NS" "$CELLINK" daemon --config "$conf" --control "$SOCK" --sysfs "$WORK/sys" \
				--no-configure --runtime-dir "$WORK/run" >"$LOG" 2>&1 &
		else
			"$CELLINK" daemon --config "$conf" --control "$SOCK" --sysfs "$WORK/sys" --no-configure \
				--runtime-dir "$WORK/run" >"$LOG" 2>&1 &
		fi
		CL_PID=$!
		wait_until 10 test -S "$SOCK" || { cat "$LOG" >&2; fail "no control socket"; }
	}
	field() {      # field NAME KEY
		"$CELLINK" status --control "$SOCK" --json "$1" |
			python3 -c "import json,sys; print(json.load(sys.stdin)['modems'][0]['status']['$2'])"
	}
	verifies() { grep -c "request uim-verify-pin" "$WORK/sim.log" || true; }
	if [ "$CASE" = two_pdns_no_qmap ]; then
		write_conf ""
		run_daemon
		stopped_both() { [ "$(field wan state)" = stopped ] && [ "$(field ims state)" = stopped ]; }
		wait_until 20 stopped_both || { cat "$LOG" >&2; fail "the sections did not stop"; }
		expect "$(field wan last_error)" "the modem refused QMAP in WDA set-data-format"
		expect "$(field ims last_error)" "the modem refused QMAP in WDA set-data-format"
		stop_connect TERM || fail "daemon exit status $?"
		zero_cids
		exit 0
	fi
	write_conf 4321
	run_daemon
	both_up() { [ "$(field wan connected)" = True ] && [ "$(field ims connected)" = True ]; }
	wait_until 20 both_up || { cat "$LOG" >&2; fail "the two PDNs never were both up"; }
	[ "$(verifies)" = 1 ] || { cat "$WORK/sim.log" >&2; fail "$(verifies) PIN verifications, expected 1"; }
	! log_has 4321 || fail "the PIN reached the log"
	stop_connect TERM || fail "daemon exit status $?"
	zero_cids
	# a wrong PIN: wan presents it once; ims never does; both hold
	ctl sim pin >/dev/null
	write_conf 1111
	run_daemon
	held() {
		[ "$(field wan state)" = sim-hold ] && [ "$(field ims state)" = sim-hold ]
	}
	wait_until 20 held || { cat "$LOG" >&2; fail "the sections do not hold"; }
	expect "$(field wan last_error)" "refused the PIN"
	expect "$(field ims last_error)" "'wan', which shares this modem, presents it"
	# both go on asking the card (each second); the PIN is not presented again
	polls() { grep -c "request uim-get-pin-status" "$WORK/sim.log" || true; }
	n0=$(polls)
	more_polls() { [ "$(polls)" -ge $((n0 + 6)) ]; }
	wait_until 20 more_polls || fail "the card was not asked again"
	[ "$(verifies)" = 2 ] || { cat "$WORK/sim.log" >&2; fail "$(verifies) PIN verifications in two runs, expected 2"; }
	expect "$(ctl state)" '"pin_retries":2'
	stop_connect TERM || fail "daemon exit status $?"
	zero_cids
	;;
qmap_no_add_mux)
	# qmi_wwan without add_mux (before Linux 4.19, or another driver)
	sim_start --sysfs "$WORK/sys"
	find "$WORK/sys" -path '*qmi/add_mux' -delete
	connect_bg --apn internet --mux-id 1 --no-configure --sysfs "$WORK/sys"
	wait_exit 20
	[ "$RC" = 17 ] || { cat "$LOG"; fail "exit status $RC, expected 17"; }
	log_has "has no qmi/add_mux" || { cat "$LOG"; fail "the reason was not given"; }
	zero_cids
	;;
qmap_refused)
	# firmware without QMAP: WDA answers no aggregation
	sim_start --sysfs "$WORK/sys" --no-qmap
	connect_bg --apn internet --mux-id 1 --no-configure --sysfs "$WORK/sys"
	wait_exit 20
	[ "$RC" = 17 ] || { cat "$LOG"; fail "exit status $RC, expected 17"; }
	log_has "the modem refused QMAP in WDA set-data-format" || { cat "$LOG"; fail "the reason was not given"; }
	zero_cids
	;;
phantom)
	need_root
	sim_start --netns "$NS" --ifname wwan0
	connect_bg --apn internet --liveness 0.3 --resolv "$WORK/resolv"
	wait_log "connected in"
	ping_gateway 4 10.42.0.1
	ctl phantom-session on >/dev/null
	# traffic goes out, nothing comes back: the liveness check must notice
	in_ns ping -c 40 -i 0.05 -W 1 -I wwan0 10.42.0.1 >/dev/null 2>&1 &
	wait_log "phantom session" 20
	log_has "did not answer a probe" || { cat "$LOG" >&2; fail "dropped without the probe's verdict"; }
	ctl phantom-session off >/dev/null
	wait_log "link up again" 30
	ping_gateway 4 10.42.0.1
	stop_connect TERM || fail "exit status $?"
	zero_cids
	iface_clean
	;;
one_way | idle_ipv6)
	# Honest liveness: counters that look one-way never reconnect on their
	# own. one_way sends what one UDP packet a second is to the default 10 s
	# period (10 packets a period) to an address that never answers; the
	# modem counts nothing arriving, the probe of the gateway is answered,
	# the link stays. idle_ipv6: an IPv6 link with no user traffic, only the
	# kernel's own packets. Bounded by events: 10 liveness periods.
	need_root
	sim_start --netns "$NS" --ifname wwan0
	if [ "$CASE" = one_way ]; then
		connect_bg --apn internet --liveness 0.3 --resolv "$WORK/resolv"
	else
		connect_bg --apn internet --ip-type 6 --liveness 0.3 --resolv "$WORK/resolv"
	fi
	wait_log "connected in"
	if [ "$CASE" = one_way ]; then
		ping_gateway 4 10.42.0.1
		# started directly, so that $! is the sender itself (cleanup ends it)
		ip netns exec "$NS" bash -c 'exec 3>/dev/udp/192.0.2.9/9; while :; do echo x >&3; sleep 0.03; done' \
			>/dev/null 2>&1 &
		EXTRA_PIDS="$EXTRA_PIDS $!"
	fi
	checks() { grep -c 'request get-packet-statistics' "$WORK/sim.log" || true; }
	n0=$(checks)
	want=$((n0 + 10))
	[ "$CASE" = one_way ] && want=$((n0 + 20))
	wait_until 40 bash -c "[ \$(grep -c 'request get-packet-statistics' '$WORK/sim.log') -ge $want ]" ||
		{ cat "$LOG" >&2; fail "fewer liveness checks than expected"; }
	! log_has "reconnecting" || { cat "$LOG" >&2; fail "a reconnect without a phantom session"; }
	! log_has "phantom" || { cat "$LOG" >&2; fail "a healthy link was called a phantom"; }
	[ "$(grep -c 'request start-network' "$WORK/sim.log")" -eq 1 ] || fail "the session was started again"
	if [ "$CASE" = one_way ]; then
		log_has "answered a probe" || { cat "$LOG" >&2; fail "one-way counters did not lead to a probe"; }
	fi
	stop_connect TERM || fail "exit status $?"
	# each check's host counters were asked on the loop, none waited for
	log_has "liveness checks: [0-9]* asked on the event loop, 0 waited for" ||
		{ cat "$LOG" >&2; fail "a liveness check waited for rtnetlink"; }
	zero_cids
	;;
silent_check)
	# WDS stops answering while the link is up: the liveness request that
	# times out leads straight to a reopen (no stop-network to the silent
	# service, no second timeout); the link comes back once it answers.
	sim_start
	connect_bg --apn internet --no-configure --liveness 0.5 --request-timeout 1
	wait_log "connected in"
	ctl stop-service wds >/dev/null
	n0=$(grep -c 'request stop-network' "$WORK/sim.log" || true)
	wait_log "reconnecting in" 20
	log_has "did not answer in checking" || { cat "$LOG" >&2; fail "the silence is not named"; }
	[ "$(grep -c 'request stop-network' "$WORK/sim.log" || true)" -eq "$n0" ] ||
		fail "stop-network was sent to the silent service"
	ctl resume-service wds >/dev/null
	wait_log "link up again" 30
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
modes)
	sim_start
	expect "$(ctl state)" '"mode_preference":\["gsm","umts","lte"\]'
	connect_bg --apn internet --no-configure --modes lte,umts
	wait_log "connected in"
	log_has "modes lte,umts" || { cat "$LOG"; fail "the modes were not announced"; }
	expect "$(ctl state)" '"mode_preference":\["umts","lte"\]'
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
plmn)
	sim_start
	# the emulated network's MCC and MNC, from its state
	plmn=$(ctl state | sed -n 's/.*"mcc":\([0-9]*\),"mnc":\([0-9]*\).*/\1 \2/p')
	plmn=$(printf '%03d%02d' $plmn)
	expect "$(ctl state)" '"network_selection":"automatic"'
	connect_bg --apn internet --no-configure --plmn "$plmn"
	wait_log "connected in"
	log_has "manual registration on $plmn" || { cat "$LOG"; fail "no manual registration"; }
	expect "$(ctl state)" '"network_selection":"manual"'
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
plmn_wrong)
	sim_start
	expect "$(ctl state)" '"mcc":262,"mnc":1,'
	connect_bg --apn internet --no-configure --plmn 00101
	wait_exit 20
	[ "$RC" = 13 ] || { cat "$LOG"; fail "exit status $RC, expected 13 (no registration)"; }
	log_has "manual registration on the network 00101 failed: the modem answered no-network-found" ||
		{ cat "$LOG"; fail "the refusal is not explained"; }
	log_has "starting the data session" && fail "a data session was tried without registration"
	expect "$(ctl state)" '"network_selection":"automatic"'
	zero_cids
	# a malformed PLMN is a usage error, before the modem is touched
	rc=0
	out=$("$CELLINK" connect --device "$QMI" --apn internet --plmn 2620 2>&1) || rc=$?
	[ "$rc" = 2 ] || { printf '%s\n' "$out"; fail "exit status $rc for --plmn 2620, expected 2"; }
	expect "$out" "5 or 6 digits"
	# so are malformed waits and profiles: 0 waits for ever, a word must not
	for bad in "--register-timeout soon" "--sim-timeout -1" "--v6profile 0"; do
		rc=0
		# shellcheck disable=SC2086
		out=$("$CELLINK" connect --device "$QMI" --apn internet $bad 2>&1) || rc=$?
		[ "$rc" = 2 ] || { printf '%s\n' "$out"; fail "exit status $rc for $bad, expected 2"; }
		expect "$out" "${bad%% *} takes a whole number"
	done
	;;
delay)
	sim_start
	wait_registered
	connect_bg --apn internet --no-configure --delay 2
	wait_log "waiting 2.0 s before the bring-up"
	zero_cids                       # nothing sent during the delay
	wait_log "connected in"
	opened=$(awk -F'[][]' '/opening /{ print $2; exit }' "$LOG")
	awk -v t="$opened" 'BEGIN { exit !(t >= 2.0) }' || { cat "$LOG"; fail "opened at $opened s, before the delay"; }
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
mtu)
	need_root
	sim_start --netns "$NS" --ifname wwan0
	connect_bg --apn internet --mtu 1280 --resolv "$WORK/resolv"
	wait_log "connected in"
	log_has "mtu 1280 as configured (the network said 1500)" || { cat "$LOG"; fail "no MTU override"; }
	mtu=$(in_ns ip -o link show dev wwan0 | sed -n 's/.* mtu \([0-9]*\) .*/\1/p')
	[ "$mtu" = 1280 ] || fail "wwan0 has mtu $mtu, expected 1280"
	ping_gateway 4 10.42.0.1
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
daemon)
	sim_start
	conf="$WORK/cellink.conf"
	printf "config interface 'wan'\n\toption proto 'cellink'\n\toption device '%s'\n\toption apn 'internet'\n\toption pdptype 'ipv4v6'\n\toption modes 'lte'\n" \
		"$QMI" >"$conf"
	# a second modem in the file, left out with --modem (one daemon per modem)
	printf "config modem 'spare'\n\toption device '/dev/cdc-wdm9'\n\toption apn 'other'\n" >>"$conf"
	sock="$WORK/cellink.sock"
	# the control socket must answer while start-network is slow
	ctl delay wds start-network 6000 >/dev/null
	"$CELLINK" daemon --config "$conf" --modem wan --control "$sock" --no-configure >"$LOG" 2>&1 &
	CL_PID=$!
	wait_until 10 test -S "$sock" || fail "no control socket"
	[ "$(stat -c %a "$sock")" = 600 ] || fail "control socket is not owner-only"
	wait_log "starting the data session"
	# answered while start-network is still held: a daemon that blocked on
	# the modem would only answer once connected (how fast it answers is a
	# benchmark figure, not a test)
	out=$("$CELLINK" status --control "$sock" --json) || fail "status failed: $out"
	expect "$out" '"state":"connecting"'
	! grep -q spare <<<"$out" || fail "--modem wan also started the other modem: $out"
	wait_until 25 bash -c "'$CELLINK' status --control '$sock' --json | grep -q '\"connected\":true'" ||
		fail "the daemon never connected"
	expect "$("$CELLINK" signal --control "$sock" --json)" '"rsrp_dbm":'
	json_valid signal "$("$CELLINK" signal --control "$sock" --json)"
	json_valid status "$("$CELLINK" status --control "$sock" --json)"
	expect "$("$CELLINK" info --control "$sock" --json)" '"model":"MC7455"'
	json_valid info "$("$CELLINK" info --control "$sock" --json)"
	expect "$("$CELLINK" status --control "$sock")" 'ipv6 *up'
	expect "$(ctl clients)" '"total":5'
	expect "$(ctl state)" '"mode_preference":\["lte"\]'
	"$CELLINK" disconnect --control "$sock" >/dev/null || fail "disconnect failed"
	wait_until 10 bash -c "'$CELLINK' status --control '$sock' --json | grep -q '\"state\":\"stopped\"'" ||
		fail "the link did not go down"
	zero_cids
	ctl delay wds start-network 0 >/dev/null
	"$CELLINK" reconnect --control "$sock" >/dev/null || fail "reconnect failed"
	wait_until 15 bash -c "'$CELLINK' status --control '$sock' --json | grep -q '\"connected\":true'" ||
		fail "the daemon did not reconnect"
	stop_connect TERM || fail "daemon exit status $?"
	zero_cids
	[ ! -e "$sock" ] || fail "control socket left behind"
	;;
sim_swap | mbim_sim_swap)
	# SIM hot-swap under the daemon: the card pulled, a ready card back, a
	# card that wants the configured PIN, one whose PIN is another: the
	# engine never ends on its own; only disconnect stops the wait. The
	# same over MBIM (the protocol found by asking the pty).
	# each card registers again: 0.2 s, not 1 s (registration is not under test)
	pollpat='request uim-get-pin-status'
	if [ "$CASE" = mbim_sim_swap ]; then
		SIM_PROTO=mbim sim_start --register-delay 200
		pollpat='mbim: << command basic-connect subscriber-ready-status'
	else
		sim_start --register-delay 200
	fi
	ctl set pin 4321 >/dev/null
	conf="$WORK/cellink.conf"
	printf "config interface 'wan'\n\toption proto 'cellink'\n\toption device '%s'\n\toption apn 'internet'\n\toption pincode '4321'\n" \
		"$QMI" >"$conf"
	SOCK=$WORK/cellink.sock
	"$CELLINK" daemon --config "$conf" --control "$SOCK" --no-configure --runtime-dir "$WORK/run" >"$LOG" 2>&1 &
	CL_PID=$!
	wait_until 15 connected || { cat "$LOG" >&2; fail "the daemon never connected"; }
	state_is() { "$CELLINK" status --control "$SOCK" --json | matches "\"state\":\"$1\""; }
	# 1. pulled: the link drops, the engine holds, saying why
	ctl remove-sim >/dev/null
	wait_until 20 state_is sim-hold || { cat "$LOG" >&2; fail "no sim-hold after the SIM was removed"; }
	out=$("$CELLINK" status --control "$SOCK" --json)
	expect "$out" '"connected":false'
	expect "$out" '"sim":"absent"'
	expect "$out" '"last_error":"no SIM card'
	json_valid status "$out"
	kill -0 "$CL_PID" || fail "the daemon ended"
	log_has "waiting for a usable SIM" || { cat "$LOG" >&2; fail "the wait is not said"; }
	# 2. a ready card: the link comes back by itself
	ctl insert-sim >/dev/null
	wait_until 20 connected || { cat "$LOG" >&2; fail "no link after the SIM came back"; }
	log_has "SIM ready: bringing the link up again" || { cat "$LOG" >&2; fail "the return is not said"; }
	# 3. a card that wants its PIN: the configured one, once
	ctl remove-sim >/dev/null
	wait_until 20 state_is sim-hold || { cat "$LOG" >&2; fail "no sim-hold (2)"; }
	ctl sim pin >/dev/null
	wait_until 20 connected || { cat "$LOG" >&2; fail "no link after a PIN-locked card"; }
	log_has "PIN accepted" || { cat "$LOG" >&2; fail "the PIN was not entered"; }
	expect "$(ctl state)" '"pin_retries":3'
	# 4. a card whose PIN is another: one attempt, then a clear wait
	ctl remove-sim >/dev/null
	wait_until 20 state_is sim-hold || { cat "$LOG" >&2; fail "no sim-hold (3)"; }
	ctl set pin 1111 >/dev/null
	ctl sim pin >/dev/null
	wait_until 20 bash -c "'$CELLINK' status --control '$SOCK' --json | grep -q 'refused the PIN'" ||
		{ cat "$LOG" >&2; fail "the refusal is not in the status"; }
	wait_until 10 state_is sim-hold || { cat "$LOG" >&2; fail "no sim-hold after the refusal"; }
	# the card asked five more times: still holding, no second attempt
	polls() { grep -c "$pollpat" "$WORK/sim.log" || true; }
	n0=$(polls)
	wait_until 20 bash -c "[ \$(grep -c '$pollpat' '$WORK/sim.log') -ge $((n0 + 5)) ]" ||
		fail "the SIM is not watched while holding"
	# one answer, either state: two questions could see sim, then sim-hold
	out=$("$CELLINK" status --control "$SOCK" --json)
	matches -E '"state":"sim(-hold)?"' <<<"$out" || { cat "$LOG" >&2; fail "the hold ended by itself: $out"; }
	expect "$(ctl state)" '"pin_retries":2'
	kill -0 "$CL_PID" || fail "the daemon ended on a wrong PIN"
	! log_has 4321 || fail "the PIN reached the log"
	# 5. only a human's disconnect ends the wait
	"$CELLINK" disconnect --control "$SOCK" >/dev/null || fail "disconnect failed"
	wait_until 10 state_is stopped || { cat "$LOG" >&2; fail "disconnect did not stop the wait"; }
	expect "$(ctl state)" '"pin_retries":2'
	stop_connect TERM || fail "daemon exit status $?"
	zero_cids
	;;
daemon_named)
	# One daemon per modem, as cellink@NAME.service runs it: its socket is
	# RUNDIR/NAME.sock, and 'cellink status NAME' finds it there.
	sim_start
	conf="$WORK/cellink.conf"
	printf "config interface 'wan'\n\toption proto 'cellink'\n\toption device '%s'\n\toption apn 'internet'\n" \
		"$QMI" >"$conf"
	run="$WORK/run"
	mkdir -m 755 "$run"
	"$CELLINK" daemon --config "$conf" --modem wan --control "$run/wan.sock" --runtime-dir "$run" \
		--no-configure >"$LOG" 2>&1 &
	CL_PID=$!
	wait_until 10 test -S "$run/wan.sock" || fail "no control socket"
	wait_until 15 bash -c "'$CELLINK' status --runtime-dir '$run' --json wan | grep -q '\"connected\":true'" ||
		fail "'cellink status wan' did not find the daemon on $run/wan.sock"
	expect "$("$CELLINK" info --runtime-dir "$run" wan --json)" '"model":"MC7455"'
	# an unknown modem: the answer names the known ones
	out=$("$CELLINK" signal --runtime-dir "$run" lte9 2>&1) && fail "signal lte9 succeeded: $out"
	expect "$out" "no daemon answers for modem 'lte9'"
	expect "$out" "daemons here: wan"
	out=$("$CELLINK" signal --control "$run/wan.sock" lte9 2>&1) && fail "signal lte9 succeeded: $out"
	expect "$out" "no modem 'lte9' here; this daemon runs: wan"
	"$CELLINK" disconnect --runtime-dir "$run" wan >/dev/null || fail "disconnect wan failed"
	wait_until 10 bash -c "'$CELLINK' status --runtime-dir '$run' wan --json | grep -q '\"state\":\"stopped\"'" ||
		fail "the link did not go down"
	stop_connect TERM || fail "daemon exit status $?"
	zero_cids
	;;
ctl_early_close)
	# a client that asks and leaves at once must not kill the daemon (SIGPIPE)
	sim_start
	daemon_start
	python3 "$PROBE" early "$SOCK" 50 || fail "the probe could not talk to the daemon"
	kill -0 "$CL_PID" 2>/dev/null || { cat "$LOG" >&2; fail "the daemon died of an early-closing client"; }
	connected || fail "status fails after early-closing clients"
	# a client that never asks is dropped, and others are served meanwhile
	python3 "$PROBE" idle "$SOCK" 20 >"$WORK/idle" &
	idle=$!
	EXTRA_PIDS="$EXTRA_PIDS $idle"
	connected || fail "status fails while an idle client is connected"
	wait $idle || fail "an idle client was not dropped: $(cat "$WORK/idle")"
	stop_connect TERM || fail "daemon exit status $?"
	;;
ctl_flood)
	# 20 000 indications do not hold status back: it is answered after a few
	# batches, long before the flood's last indication is processed. The
	# daemon is stopped while the flood and the request queue up, so both
	# are waiting when it runs on (an ordering, not a time).
	sim_start
	daemon_start
	base=$(indications)
	kill -STOP "$CL_PID"
	sent=$(ctl flood nas 20000 lossless | sed -n 's/.*"sent":\([0-9]*\).*/\1/p')
	[ "$sent" = 20000 ] || { kill -CONT "$CL_PID"; fail "the emulator flooded $sent indications, not 20000"; }
	python3 "$PROBE" raw "$SOCK" 'status wan\n' "$WORK/sent" >"$WORK/answer" &
	probe=$!
	EXTRA_PIDS="$EXTRA_PIDS $probe"
	wait_until 10 test -e "$WORK/sent" || { kill -CONT "$CL_PID"; fail "the probe could not send its request"; }
	kill -CONT "$CL_PID"
	wait $probe || fail "no answer to status under the flood"
	answer=$(cat "$WORK/answer")
	json_valid status "$answer"
	seen=$(printf '%s\n' "$answer" | sed -n 's/.*"indications":\([0-9]*\).*/\1/p')
	[ -n "$seen" ] || fail "no indication count in the answer: $answer"
	echo "status answered after $((seen - base)) of $sent indications"
	[ $((seen - base)) -lt "$sent" ] || fail "status was answered only after the whole flood ($((seen - base)) indications)"
	# one batch (QMI_TRANSPORT_BATCH, 64) as the request is accepted, the
	# answer on the next turn: a few batches at most, whatever the machine
	[ $((seen - base)) -le 256 ] || fail "status waited for $((seen - base)) indications (more than 4 batches of 64)"
	# and the flood is then processed whole
	wait_until 60 bash -c "[ \$('$CELLINK' status --control '$SOCK' --json | sed -n 's/.*\"indications\":\([0-9]*\).*/\1/p') -ge $((base + sent)) ]" ||
		fail "the flood was not processed whole: $(indications) - $base of $sent"
	connected || fail "the link did not survive the flood"
	stop_connect TERM || fail "daemon exit status $?"
	zero_cids
	;;
ctl_requests)
	# a request over the limit is refused, not cut short and executed
	sim_start
	daemon_start
	long="disconnect$(printf '%*s' 300 '')x\n"
	out=$(python3 "$PROBE" raw "$SOCK" "$long")
	expect "$out" '"ok":false'
	expect "$out" 'request too long (a line is at most 255 bytes)'
	connected || fail "an over-long request was executed: the link went down"
	expect "$(python3 "$PROBE" raw "$SOCK" 'disconnect\x00 wan\n')" 'the request holds a NUL byte'
	connected || fail "a request with a NUL byte was executed"
	expect "$(python3 "$PROBE" raw "$SOCK" 'frobnicate\n')" 'unknown command (status, info, signal, metrics, disconnect, reconnect, counters'
	expect "$(python3 "$PROBE" raw "$SOCK" 'status wan extra\n')" 'status takes at most one modem name'
	expect "$(python3 "$PROBE" raw "$SOCK" 'status wan\n')" '"name":"wan"'
	expect "$(python3 "$PROBE" raw "$SOCK" 'status wan')" '"name":"wan"'     # ended by closing
	stop_connect TERM || fail "daemon exit status $?"
	;;
ctl_second)
	# a second daemon on the same socket refuses and names the holder
	sim_start
	daemon_start
	first=$CL_PID
	rc=0
	"$CELLINK" daemon --config "$conf" --control "$SOCK" --no-configure >"$WORK/second.log" 2>&1 || rc=$?
	[ $rc -ne 0 ] || fail "the second daemon started"
	expect "$(cat "$WORK/second.log")" "$SOCK is in use by PID $first"
	connected || fail "the first daemon cannot be reached after the second one tried"
	# the lock alone is enough: with the socket gone, a second daemon still refuses
	mv "$SOCK" "$WORK/moved.sock"
	rc=0
	"$CELLINK" daemon --config "$conf" --control "$SOCK" --no-configure >"$WORK/second.log" 2>&1 || rc=$?
	[ $rc -ne 0 ] || fail "the second daemon started while the first held the lock"
	expect "$(cat "$WORK/second.log")" "is in use"
	mv "$WORK/moved.sock" "$SOCK"
	stop_connect TERM || fail "daemon exit status $?"
	[ ! -e "$SOCK" ] || fail "control socket left behind"
	# a regular file at the path is never removed
	echo precious >"$WORK/file"
	rc=0
	"$CELLINK" daemon --config "$conf" --control "$WORK/file" --no-configure >"$WORK/second.log" 2>&1 || rc=$?
	[ $rc -ne 0 ] || fail "the daemon took a regular file as its socket"
	expect "$(cat "$WORK/second.log")" "exists and is not a socket; not removing it"
	[ "$(cat "$WORK/file")" = precious ] || fail "the regular file was changed"
	# a stale socket (nobody listening) is replaced
	python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$SOCK"
	daemon_start
	stop_connect TERM || fail "daemon exit status $?"
	;;
ctl_perms)
	[ "$(id -u)" -eq 0 ] || { echo "SKIP: ctl_perms needs root (setpriv to other users)"; exit 77; }
	command -v setpriv >/dev/null || { echo "SKIP: ctl_perms needs setpriv (util-linux)"; exit 77; }
	sim_start
	chmod 711 "$WORK"
	mkdir -m 755 "$WORK/pub"
	cp "$CELLINK" "$WORK/pub/cellink"
	SOCK="$WORK/pub/cellink.sock"
	as() { local u=$1 g=$2; shift 2; setpriv --reuid="$u" --regid="$g" --clear-groups "$WORK/pub/cellink" "$@"; }
	as_groups() { local g=$1; shift; setpriv --reuid=nobody --regid=nogroup --groups="$g" "$WORK/pub/cellink" "$@"; }
	# default: root only, as before
	daemon_start
	[ "$(stat -c %a "$SOCK")" = 600 ] || fail "the default socket is not owner-only"
	rc=0; out=$(as nobody nogroup status --control "$SOCK" 2>&1) || rc=$?
	[ $rc -ne 0 ] || fail "nobody could ask the root-only socket: $out"
	stop_connect TERM || fail "daemon exit status $?"
	# reads for group nogroup, changes for group users
	daemon_start --read-group nogroup --admin-group users
	expect "$(as nobody nogroup status --control "$SOCK" --json)" '"connected":true'
	rc=0; out=$(as nobody nogroup disconnect --control "$SOCK" 2>&1) || rc=$?
	[ $rc -ne 0 ] || fail "a reader could disconnect: $out"
	expect "$out" 'permission denied: disconnect changes the link, which needs root or group users (uid 65534 asked)'
	connected || fail "a refused disconnect took the link down"
	rc=0; out=$(as nobody daemon info --control "$SOCK" 2>&1) || rc=$?
	[ $rc -ne 0 ] || fail "a user in neither group could read: $out"
	expect "$out" 'permission denied: info needs root or group nogroup or group users (uid 65534 asked)'
	# membership through a supplementary group counts
	expect "$(as_groups users status --control "$SOCK" --json)" '"connected":true'
	as_groups users disconnect --control "$SOCK" >/dev/null || fail "an admin-group member could not disconnect"
	wait_until 10 bash -c "'$CELLINK' status --control '$SOCK' --json | grep -q '\"state\":\"stopped\"'" ||
		fail "the link did not go down"
	stop_connect TERM || fail "daemon exit status $?"
	# one group: the socket is 0660 with it
	daemon_start --read-group nogroup
	[ "$(stat -c '%a %G' "$SOCK")" = "660 nogroup" ] || fail "socket is $(stat -c '%a %G' "$SOCK"), expected 660 nogroup"
	stop_connect TERM || fail "daemon exit status $?"
	;;
ctl_emfile)
	# out of descriptors: the listener waits for a connection to close instead of spinning
	sim_start
	conf="$WORK/cellink.conf"
	printf "config modem 'wan'\n\toption device '%s'\n\toption apn 'internet'\n" "$QMI" >"$conf"
	SOCK="$WORK/cellink.sock"
	prlimit --nofile=24:24 "$CELLINK" daemon --config "$conf" --control "$SOCK" --no-configure >"$LOG" 2>&1 &
	CL_PID=$!
	wait_until 10 test -S "$SOCK" || { cat "$LOG" >&2; fail "no control socket"; }
	wait_until 15 connected || { cat "$LOG" >&2; fail "the daemon never connected"; }
	python3 "$PROBE" hold "$SOCK" 60 "$WORK/held" &
	holder=$!
	EXTRA_PIDS="$EXTRA_PIDS $holder"
	wait_until 10 test -s "$WORK/held" || fail "the probe did not open its connections"
	wait_log "not accepting until a connection closes" 10
	t0=$(cpu_ticks "$CL_PID")
	sleep 2         # a measurement window, not a synchronisation
	t1=$(cpu_ticks "$CL_PID")
	echo "cpu ticks in 2 s while out of descriptors: $((t1 - t0))"
	[ $((t1 - t0)) -lt 50 ] || fail "the daemon used $((t1 - t0)) ticks in 2 s while out of descriptors (spinning)"
	kill -TERM $holder
	wait $holder || true
	wait_until 20 connected || { cat "$LOG" >&2; fail "status does not work again after the connections closed"; }
	stop_connect TERM || fail "daemon exit status $?"
	;;
connect_status)
	# cellink status, signal and info reach a running cellink connect
	sim_start
	SOCK="$WORK/connect.sock"
	connect_bg --apn internet --no-configure --ifname wwan7 --control "$SOCK"
	wait_log "connected in"
	expect "$("$CELLINK" status --control "$SOCK" --json)" '"connected":true'
	expect "$("$CELLINK" status --control "$SOCK")" 'wwan7: connected'
	# the emulator's default radio: the four LTE readings, whole units and SNR in tenths
	expect "$("$CELLINK" signal --control "$SOCK" --json)" '"rssi_dbm":-65,"rsrq_db":-10,"rsrp_dbm":-95,"snr_db":12.0}$'
	expect "$("$CELLINK" info --control "$SOCK" --json)" '"model":"MC7455"'
	rc=0; out=$("$CELLINK" reconnect --control "$SOCK" 2>&1) || rc=$?
	[ $rc -ne 0 ] || fail "reconnect on connect should say it is not supported"
	expect "$out" "does not reconnect on request"
	"$CELLINK" disconnect --control "$SOCK" >/dev/null || fail "disconnect failed"
	wait_exit 20
	[ "$RC" = 0 ] || fail "connect exited with $RC after disconnect"
	zero_cids
	[ ! -e "$SOCK" ] || fail "control socket left behind"
	# an explicit --control that is taken is an error
	python3 -c 'import socket,sys,time; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1); print("up", flush=True); time.sleep(30)' "$SOCK" >"$WORK/other" &
	other=$!
	EXTRA_PIDS="$EXTRA_PIDS $other"
	wait_until 10 grep -q up "$WORK/other" || fail "the stand-in listener did not start"
	rc=0
	"$CELLINK" connect --device "$QMI" --apn internet --no-configure --control "$SOCK" >"$LOG" 2>&1 || rc=$?
	kill $other; wait $other 2>/dev/null || true
	[ $rc -eq 2 ] || { cat "$LOG" >&2; fail "connect on a taken socket exited $rc, expected 2"; }
	expect "$(cat "$LOG")" "is in use by PID $other"
	if [ "$(id -u)" -eq 0 ]; then
		# as root, without --control: /run/cellink/NAME.sock, found by 'status NAME'
		name="clt$$"
		connect_bg --apn internet --no-configure --ifname "$name"
		wait_log "connected in"
		log_has "control socket /run/cellink/$name.sock" || { cat "$LOG"; fail "no default socket"; }
		expect "$("$CELLINK" status "$name" --json)" "\"name\":\"$name\""
		stop_connect TERM || fail "exit status $?"
		[ ! -e "/run/cellink/$name.sock" ] || fail "/run/cellink/$name.sock left behind"
		zero_cids
	fi
	;;
secret_core)
	# a daemon holding a password and a PIN, killed by SIGSEGV with core dumps
	# enabled, leaves no file with either
	pattern=$(cat /proc/sys/kernel/core_pattern)
	case "$pattern" in
	'|'*) echo "SKIP: core_pattern pipes cores to a program ($pattern), not to a file here"; exit 77 ;;
	/*) echo "SKIP: core_pattern writes cores to a fixed directory ($pattern)"; exit 77 ;;
	esac
	ulimit -c unlimited 2>/dev/null || { echo "SKIP: the host forbids core dumps (ulimit -c)"; exit 77; }
	mkdir "$WORK/cwd"
	# does this host write core files at all? (a process that holds no secret)
	(cd "$WORK/cwd" && bash -c 'kill -SEGV $$') 2>/dev/null || true
	if [ -z "$(ls -A "$WORK/cwd")" ]; then
		echo "SKIP: the host writes no core file (core_pattern '$pattern')"; exit 77
	fi
	rm -f "$WORK/cwd"/*
	# an 8-digit PIN (SIMs take 4 to 8): a 4-digit one also turns up by chance
	# in a busy process (a PID, a handle printed as text), and the count lies
	sim_start
	echo Zq9-s3cr3t-Pa55 | ctl set apn secure user=bob pass=- auth=pap >/dev/null
	ctl set pin 86429731 >/dev/null
	ctl sim pin >/dev/null
	conf="$WORK/cellink.conf"
	printf "config modem 'wan'\n\toption device '%s'\n\toption apn 'secure'\n\toption auth 'pap'\n\toption username 'bob'\n\toption password 'Zq9-s3cr3t-Pa55'\n\toption pincode '86429731'\n" \
		"$QMI" >"$conf"
	SOCK="$WORK/cellink.sock"
	# under AddressSanitizer: let the signal kill it, and let the kernel dump
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0:disable_coredump=0"
	(cd "$WORK/cwd" && exec "$CELLINK" daemon --config "$conf" --control "$SOCK" --no-configure --verbose) >"$LOG" 2>&1 &
	CL_PID=$!
	wait_until 15 connected || { cat "$LOG" >&2; fail "the daemon never connected"; }
	if [ "$(id -u)" -eq 0 ]; then
		# one copy of each secret in the daemon's memory (5 and 3 before issue 15)
		pw=$(python3 "$PROBE" memcount "$CL_PID" Zq9-s3cr3t-Pa55)
		pin=$(python3 "$PROBE" memcount "$CL_PID" 86429731)
		echo "copies in memory: password $pw, PIN $pin"
		[ "$pw" = 1 ] && [ "$pin" = 1 ] || fail "copies in memory: password $pw, PIN $pin (expected 1 each)"
	fi
	kill -SEGV "$CL_PID"
	rc=0; wait "$CL_PID" || rc=$?
	CL_PID=""
	[ $rc -eq $((128 + 11)) ] || fail "the daemon exited $rc, expected death by SIGSEGV"
	rm -f "$conf"   # the configuration holds them by design
	if grep -rlaF -e Zq9-s3cr3t-Pa55 -e 86429731 "$WORK" --exclude=sim.log; then
		fail "a secret is in a file the daemon left (above)"
	fi
	echo "files the daemon left in its directory: $(ls -A "$WORK/cwd" | tr '\n' ' ')"
	;;
secret_env)
	# CELLINK_PASSWORD leaves the process's own environment: a hook cannot
	# read it from its parent's /proc/PID/environ
	sim_start
	echo Env-s3cr3t-77 | ctl set apn secure user=bob pass=- auth=pap >/dev/null
	hook="$WORK/hook.sh"
	printf '#!/bin/sh\n{ echo "event $1"; env; tr "\\0" "\\n" </proc/$PPID/environ; } >>"%s/hook.out" 2>&1\n' "$WORK" >"$hook"
	chmod +x "$hook"
	rm -f "$LOG"
	CELLINK_PASSWORD=Env-s3cr3t-77 "$CELLINK" connect --device "$QMI" --apn secure --auth pap --username bob \
		--no-configure --hook "$hook" >"$LOG" 2>&1 &
	CL_PID=$!
	wait_log "connected in"
	wait_until 10 grep -q "event up" "$WORK/hook.out" || fail "the hook did not run"
	grep -q CELLINK_IFNAME "$WORK/hook.out" || fail "the hook saw no environment"
	grep -q "PATH=" "$WORK/hook.out" || fail "the hook could not read its parent's environment"
	! grep -q Env-s3cr3t-77 "$WORK/hook.out" || fail "the hook found the password"
	! tr '\0' '\n' <"/proc/$CL_PID/environ" | matches Env-s3cr3t-77 || fail "the password is in /proc/PID/environ"
	stop_connect TERM || fail "exit status $?"
	! log_has Env-s3cr3t-77 || fail "password in the log"
	zero_cids
	;;
hook_slow)
	# an up hook that hangs does not delay noticing a drop; hooks stay in
	# order. The n-th up hook hangs until the test releases it (the file
	# go.n; at most 9 s, as hooks are killed after 10), not for a fixed time.
	sim_start
	hook="$WORK/hook.sh"
	gated_hook "$hook"
	connect_bg --apn internet --no-configure --hook "$hook"
	wait_log "connected in"
	wait_until 10 grep -q "start up" "$WORK/hook.out" || fail "the up hook did not start"
	ctl drop-session reason=network-failure >/dev/null
	wait_log "network-failure" 5
	! grep -q "end up" "$WORK/hook.out" || { cat "$LOG"; fail "the drop was noticed only after the hook ended"; }
	touch "$WORK/go.1"
	wait_log "link up again" 30
	wait_until 30 bash -c "grep -c 'start up' '$WORK/hook.out' | grep -q 2" || fail "no second up hook"
	# SIGTERM while the second up hook hangs: the down hook waits for it
	kill -TERM "$CL_PID"
	wait_log "SIGTERM: disconnecting" 10
	touch "$WORK/go.2"
	wait_exit 20
	[ "$RC" = 0 ] || { cat "$LOG"; fail "exit status $RC"; }
	expect "$(tr '\n' ' ' <"$WORK/hook.out")" "^start up end up start down end down start up end up start down end down $"
	zero_cids
	;;
busy_race)
	# two processes started together: exactly one opens the device, the
	# other exits naming it (the lock is taken before the open)
	sim_start
	# each waits for the file "go" (a tight loop of a few milliseconds), so
	# that both open the device at nearly the same moment
	start='n=0; while [ ! -e "$1" ] && [ $n -lt 2000000 ]; do n=$((n + 1)); done; exec "$2" connect --device "$3" --apn internet --no-configure'
	for round in 1 2 3 4 5 6 7 8 9 10; do
		rm -f "$WORK/go"
		bash -c "$start" _ "$WORK/go" "$CELLINK" "$QMI" >"$WORK/a.log" 2>&1 &
		a=$!
		bash -c "$start" _ "$WORK/go" "$CELLINK" "$QMI" >"$WORK/b.log" 2>&1 &
		b=$!
		EXTRA_PIDS="$a $b"
		touch "$WORK/go"
		# the loser ends by itself; the winner connects
		wait_until 20 bash -c "! kill -0 $a 2>/dev/null || ! kill -0 $b 2>/dev/null" ||
			fail "round $round: neither process gave way"
		if kill -0 $a 2>/dev/null; then win=$a wlog=a lose=$b llog=b; else win=$b wlog=b lose=$a llog=a; fi
		rc=0; wait $lose || rc=$?
		[ $rc = 11 ] || { cat "$WORK/$llog.log" >&2; fail "round $round: the loser exited $rc, expected 11"; }
		expect "$(cat "$WORK/$llog.log")" "held by PID $win (cellink)"
		wait_until 15 grep -q "connected in" "$WORK/$wlog.log" ||
			{ cat "$WORK/$wlog.log" >&2; fail "round $round: the winner did not connect"; }
		kill -TERM $win
		rc=0; wait $win || rc=$?
		[ $rc = 0 ] || fail "round $round: the winner exited $rc"
		zero_cids
	done
	;;
secret_perms)
	# files holding a secret that every user may read are named
	sim_start
	conf="$WORK/perm.conf"
	printf "config modem 'wan'\n\toption device '%s'\n\toption apn 'x'\n\toption password 'pw1'\n\toption pincode '1234'\n" "$QMI" >"$conf"
	chmod 644 "$conf"
	out=$("$CELLINK" config --check "$conf" 2>&1) || fail "config --check failed: $out"
	expect "$out" "warning: $conf holds a password and a PIN and every user may read it (mode 0644)"
	chmod 600 "$conf"
	out=$("$CELLINK" config --check "$conf" 2>&1) || fail "config --check failed: $out"
	! grep -q warning <<<"$out" || fail "a warning for a private file: $out"
	printf "config modem 'wan'\n\toption device '%s'\n\toption apn 'x'\n" "$QMI" >"$conf"
	chmod 644 "$conf"
	out=$("$CELLINK" config --check "$conf" 2>&1)
	! grep -q warning <<<"$out" || fail "a warning for a file without secrets: $out"
	echo pw >"$WORK/pw"; chmod 644 "$WORK/pw"
	echo 1234 >"$WORK/pin"; chmod 640 "$WORK/pin"
	connect_bg --apn internet --no-configure --password-file "$WORK/pw" --pin-file "$WORK/pin"
	wait_log "connected in"
	log_has "warning: $WORK/pw holds a password and every user may read it (mode 0644)" || { cat "$LOG"; fail "no warning for the password file"; }
	! log_has "$WORK/pin holds" || fail "a warning for a file others cannot read"
	stop_connect TERM || fail "exit status $?"
	zero_cids
	;;
syslog)
	# --syslog (OpenWrt's procd service): every line a datagram to the log
	# socket at its priority, facility daemon (3): info <30>, warning <28>,
	# err <27>; nothing on the terminal
	sim_start
	python3 "$PROBE" notify "$WORK/log.sock" "$WORK/syslog.log" &
	rec=$!
	EXTRA_PIDS="$EXTRA_PIDS $rec"
	wait_until 10 test -S "$WORK/log.sock" || fail "the recorder did not start"
	conf="$WORK/cellink.conf"
	printf "config modem 'wan'\n\toption device '%s'\n\toption apn 'internet'\n" "$QMI" >"$conf"
	SOCK="$WORK/cellink.sock"
	CELLINK_SYSLOG_SOCKET="$WORK/log.sock" \
		"$CELLINK" daemon --config "$conf" --control "$SOCK" --no-configure --syslog >"$LOG" 2>&1 &
	CL_PID=$!
	wait_until 15 connected || { cat "$WORK/syslog.log" >&2; fail "the daemon never connected"; }
	wait_until 10 grep -q '^<30>cellink\[[0-9]*\]: wan: link up$' "$WORK/syslog.log" ||
		{ cat "$WORK/syslog.log" >&2; fail "no 'link up' at info"; }
	ctl drop-session reason=network-failure >/dev/null
	wait_until 10 grep -q '^<28>cellink\[[0-9]*\]: wan: warning: the network ended' "$WORK/syslog.log" ||
		{ cat "$WORK/syslog.log" >&2; fail "the drop is not a warning"; }
	stop_connect TERM || fail "daemon exit status $?"
	[ ! -s "$LOG" ] || { cat "$LOG" >&2; fail "output on the terminal with --syslog"; }
	! grep -q '^<[0-9]*>cellink\[[0-9]*\]: \[' "$WORK/syslog.log" || fail "the time prefix reached syslog"
	kill $rec; wait $rec 2>/dev/null || true
	zero_cids
	;;
metrics)
	# cellink metrics (Prometheus text) on the control socket, and the
	# daemon's --metrics-file, rewritten atomically on each change
	sim_start
	mf="$WORK/textfile/cellink.prom"
	mkdir -p "$WORK/textfile"
	# signal, RAT and band: asked of NAS at each liveness period (0.5 s
	# here), the emulator's values set first
	ctl signal rssi=-61 rsrp=-87 rsrq=-9 sinr=12.5 >/dev/null
	daemon_start --metrics-file "$mf" --liveness 0.5
	metrics() { "$CELLINK" metrics --control "$SOCK"; }
	# the band is read after the signal, in the same period: wait for both
	wait_until 10 bash -c "'$CELLINK' metrics --control '$SOCK' | grep -q '^cellink_signal_rsrp_dbm'" ||
		{ metrics >&2; fail "no signal in the metrics"; }
	wait_until 10 bash -c "'$CELLINK' metrics --control '$SOCK' | grep -q '^cellink_radio_info{modem=\"wan\",rat=\"nr\"'" ||
		{ metrics >&2; fail "no band in the metrics"; }
	out=$(metrics) || fail "metrics failed: $out"
	# the exposition format: comments, or NAME{LABELS} VALUE
	bad=$(printf '%s\n' "$out" | grep -v '^# \(HELP\|TYPE\) cellink_[a-z_]* ' |
		grep -v '^cellink_[a-z_]*{modem="wan"\(,[a-z_]*="[^"]*"\)*} -\?[0-9][0-9]*\(\.[0-9]\)\?$' || true)
	[ -z "$bad" ] || { printf '%s\n' "$out" >&2; fail "not the Prometheus text format: $bad"; }
	expect "$out" '^cellink_link_up{modem="wan",mode="qmi"} 1$'
	# the emulator's values (its 'state'), and its NSA cells: LTE band 3, NR n78
	expect "$(ctl state)" '"signal":{"rssi":-61,"rsrp":-87,"rsrq":-9,"sinr":12.5}'
	expect "$out" '^cellink_signal_rsrp_dbm{modem="wan",rat="lte"} -87$'
	expect "$out" '^cellink_signal_rsrq_db{modem="wan",rat="lte"} -9$'
	expect "$out" '^cellink_signal_sinr_db{modem="wan",rat="lte"} 12.5$'
	expect "$out" '^cellink_signal_rssi_dbm{modem="wan",rat="lte"} -61$'
	expect "$out" '^# TYPE cellink_radio_info gauge$'
	expect "$out" '^cellink_radio_info{modem="wan",rat="lte",band="3"} 1$'
	expect "$out" '^cellink_radio_info{modem="wan",rat="nr",band="n78"} 1$'
	# a change reaches the metrics, and the file, at the next period; the
	# link is not touched by the asking
	ctl signal rsrp=-101 sinr=-2.5 >/dev/null
	wait_until 10 grep -q '^cellink_signal_rsrp_dbm{modem="wan",rat="lte"} -101$' "$mf" ||
		{ cat "$mf" >&2; fail "the metrics file did not follow the signal"; }
	expect "$(metrics)" '^cellink_signal_sinr_db{modem="wan",rat="lte"} -2.5$'
	expect "$(metrics)" '^cellink_links_up_total{modem="wan"} 1$'
	expect "$(metrics)" '^cellink_reconnects_total{modem="wan"} 0$'
	expect "$out" '^cellink_link_state{modem="wan",state="connected"} 1$'
	expect "$out" '^cellink_registration{modem="wan",registration="home",operator="Telekom.de"} 1$'
	expect "$out" '^cellink_reconnects_total{modem="wan"} 0$'
	expect "$out" '^# TYPE cellink_links_up_total counter$'
	# bytes beside the packets, from the same counters
	expect "$out" '^# TYPE cellink_rx_bytes_total counter$'
	expect "$out" '^cellink_rx_packets_total{modem="wan"} [0-9][0-9]*$'
	expect "$out" '^cellink_rx_bytes_total{modem="wan"} [0-9][0-9]*$'
	expect "$out" '^cellink_tx_bytes_total{modem="wan"} [0-9][0-9]*$'
	wait_until 10 grep -q '^cellink_link_up{modem="wan",mode="qmi"} 1$' "$mf" || fail "no metrics file"
	ctl drop-session reason=network-failure >/dev/null
	wait_until 20 grep -q '^cellink_reconnects_total{modem="wan"} 1$' "$mf" || { cat "$mf" >&2; fail "the file did not follow the drop"; }
	wait_until 20 grep -q '^cellink_links_up_total{modem="wan"} 2$' "$mf" || { cat "$mf" >&2; fail "the file did not follow the new link"; }
	[ ! -e "$mf.tmp" ] || fail "the temporary file was left behind"
	stop_connect TERM || fail "daemon exit status $?"
	zero_cids
	;;
notify)
	# Type=notify: READY, STATUS in words, WATCHDOG and STOPPING reach a
	# recorder standing in for systemd's NOTIFY_SOCKET
	sim_start
	python3 "$PROBE" notify "$WORK/notify.sock" "$WORK/notify.log" &
	rec=$!
	EXTRA_PIDS="$EXTRA_PIDS $rec"
	wait_until 10 test -S "$WORK/notify.sock" || fail "the recorder did not start"
	conf="$WORK/cellink.conf"
	printf "config modem 'wan'\n\toption device '%s'\n\toption apn 'internet'\n" "$QMI" >"$conf"
	SOCK="$WORK/cellink.sock"
	NOTIFY_SOCKET="$WORK/notify.sock" WATCHDOG_USEC=400000 \
		"$CELLINK" daemon --config "$conf" --control "$SOCK" --no-configure >"$LOG" 2>&1 &
	CL_PID=$!
	wait_until 10 grep -q "^READY=1|STATUS=wan: " "$WORK/notify.log" || { cat "$WORK/notify.log" >&2; fail "no READY=1"; }
	wait_until 15 grep -q "^STATUS=wan: connected, link up$" "$WORK/notify.log" ||
		{ cat "$WORK/notify.log" >&2; fail "no STATUS for the connected link"; }
	wait_until 10 bash -c "[ \$(grep -c '^WATCHDOG=1$' '$WORK/notify.log') -ge 3 ]" ||
		{ cat "$WORK/notify.log" >&2; fail "no WATCHDOG=1 every 200 ms"; }
	ctl drop-session reason=network-failure >/dev/null
	wait_until 10 grep -q "link down$" "$WORK/notify.log" || { cat "$WORK/notify.log" >&2; fail "the drop is not in STATUS"; }
	stop_connect TERM || fail "daemon exit status $?"
	grep -q "^STOPPING=1|STATUS=stopping" "$WORK/notify.log" || { cat "$WORK/notify.log" >&2; fail "no STOPPING=1"; }
	kill $rec; wait $rec 2>/dev/null || true
	zero_cids
	;;
*)
	fail "unknown case $CASE"
	;;
esac
sim_fields_clean
echo "PASS: connect $CASE"
