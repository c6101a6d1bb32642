#!/usr/bin/env bash
# The OpenWrt protocol handler (packaging/openwrt/cellink/files/cellink.sh)
# run under a harness that provides netifd's shell functions and records the
# calls, against cellink-sim.
# usage: test_netifd.sh CELLINK_SIM CELLINK CASE
set -u
sim=$1 cellink=$2 case=$3
here=$(cd "$(dirname "$0")" && pwd)
files=$here/../../packaging/openwrt/cellink/files
t=$(mktemp -d)
simpid=
cleanup() {
	[ -f "$t/netifd.log.pid" ] && kill "$(cat "$t/netifd.log.pid")" 2>/dev/null
	[ -n "$simpid" ] && kill "$simpid" 2>/dev/null && wait "$simpid" 2>/dev/null
	rm -rf "$t"
}
trap cleanup EXIT

fail() { echo "FAIL: $*"; echo "--- netifd calls:"; cat "$t/netifd.log" 2>/dev/null; echo "--- cellink output:"; cat "$t/netifd.log.cmd" 2>/dev/null; exit 1; }

# wait_for FILE PATTERN SECONDS: bounded wait for a line to appear
wait_for() {
	local deadline=$((SECONDS + $3))
	while [ $SECONDS -lt $deadline ]; do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		read -r -t 0.05 <> <(:) || true
	done
	return 1
}

export NETIFD_LOG=$t/netifd.log
: > "$NETIFD_LOG"
export CELLINK_FUNCTIONS=$here/functions.sh
export CELLINK_NETIFD_PROTO=$here/netifd-proto.sh
export CELLINK_RUNDIR=$t/run
export CELLINK_HOOK=$files/cellink-hook.sh
# cellink reads the emulator's sysfs tree instead of the machine's
cat > "$t/cellink" <<EOS
#!/bin/sh
exec "$cellink" "\$@" --sysfs "$t/sys"
EOS
chmod +x "$t/cellink"
export CELLINK_BIN=$t/cellink

scenario=$t/scenario
: > "$scenario"
case "$case" in
wrong_password) echo "set apn internet user=u pass=right auth=chap" >> "$scenario" ;;
sim_locked) echo "sim puk" >> "$scenario" ;;
esac
"$sim" --qmi "$t/cdc-wdm0" --control "$t/ctl" --sysfs "$t/sys" --register-delay 50 \
	--scenario "$scenario" > "$t/sim.log" 2>&1 &
simpid=$!
deadline=$((SECONDS + 10))
until [ -e "$t/cdc-wdm0" ] && [ -S "$t/ctl" ]; do
	[ $SECONDS -lt $deadline ] || fail "cellink-sim did not start: $(cat "$t/sim.log")"
	kill -0 $simpid 2>/dev/null || fail "cellink-sim exited: $(cat "$t/sim.log")"
	read -r -t 0.05 <> <(:) || true
done
# The handler checks for a character device; the emulator's node is a pty.
[ -c "$(readlink -f "$t/cdc-wdm0")" ] || fail "the emulator's control node is not a character device"

export CFG_device=$t/cdc-wdm0 CFG_apn=internet CFG_pdptype=ipv4 CFG_timeout=20
case "$case" in
wrong_password) export CFG_auth=chap CFG_username=u CFG_password=wrong ;;
esac

INCLUDE_ONLY=1
# shellcheck source=/dev/null
. "$here/netifd-proto.sh"
. "$files/cellink.sh"

proto_cellink_init_config
grep -q "proto_config_add_string device:device" "$NETIFD_LOG" || fail "device option not declared"
for opt in apn auth username password pincode pdptype modes; do
	grep -q "proto_config_add_string $opt\$" "$NETIFD_LOG" || fail "option $opt not declared"
done

proto_cellink_setup wan
grep -q "^proto_run_command wan " "$NETIFD_LOG" || fail "cellink was not started with proto_run_command"
! grep "^proto_run_command" "$NETIFD_LOG" | grep -q -- "wrong\|right" || fail "a password is on the command line"

case "$case" in
up)
	wait_for "$NETIFD_LOG" "^proto_send_update wan" 20 || fail "no proto_send_update within 20 s"
	grep -q "^proto_init_update wwan0 1" "$NETIFD_LOG" || fail "interface not named to netifd"
	grep -q "^proto_add_ipv4_address 10.42.0.2 30" "$NETIFD_LOG" || fail "address not handed to netifd"
	grep -q "^proto_add_ipv4_route 0.0.0.0 0 10.42.0.1" "$NETIFD_LOG" || fail "default route not handed to netifd"
	grep -q "^proto_add_dns_server 10.42.0.53" "$NETIFD_LOG" || fail "DNS server not handed to netifd"
	proto_cellink_teardown wan
	pid=$(cat "$NETIFD_LOG.pid")
	deadline=$((SECONDS + 10))
	while kill -0 "$pid" 2>/dev/null; do
		[ $SECONDS -lt $deadline ] || fail "cellink still running 10 s after teardown"
		read -r -t 0.05 <> <(:) || true
	done
	held=$("$sim" ctl "$t/ctl" clients)
	grep -q '"total":0' <<<"$held" || fail "client ids still held after teardown: $held"
	[ ! -e "$t/run/wan" ] || fail "secrets directory left behind"
	;;
wrong_password)
	wait_for "$NETIFD_LOG" "^proto_notify_error wan" 20 || fail "no proto_notify_error within 20 s"
	grep -q "^proto_notify_error wan CALL_REJECTED" "$NETIFD_LOG" || fail "wrong error code"
	;;
sim_locked)
	wait_for "$NETIFD_LOG" "^proto_notify_error wan" 20 || fail "no proto_notify_error within 20 s"
	grep -q "^proto_notify_error wan SIM_LOCKED" "$NETIFD_LOG" || fail "wrong error code"
	grep -q "^proto_block_restart wan" "$NETIFD_LOG" || fail "a locked SIM must block restarts"
	;;
*) echo "unknown case $case"; exit 2 ;;
esac
[ -n "${NETIFD_SHOW:-}" ] && cat "$NETIFD_LOG"
echo "ok: netifd $case"
