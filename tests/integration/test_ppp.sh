#!/usr/bin/env bash
# cellink's AT channel and PPP link against cellink-sim's AT port.
# usage: test_ppp.sh CELLINK_SIM CELLINK CASE
#   at_cli       cellink at: one-off commands, --info/--signal/--status --json,
#                ERROR -> exit 1, no answer -> exit 3
#   at_failed    cellink at --signal/--status against a modem that answers only
#                ATE0: every query ERROR -> exit 1, every query silent -> exit 3
#   dial         connect --mode ppp dials up to CONNECT and hands the line to a
#                stub pppd; SIGTERM ends it cleanly
#   connect_status  cellink status/info/signal/disconnect answer on the control
#                socket of connect --mode ppp (and of --mode auto after its fallback)
#   supervise    stub pppd exits 16 twice: restarts with back-off; argv holds no
#                secret, the options file is 0600 in a 0700 directory, removed after
#   fatal        stub pppd exits 4 (no kernel PPP): no restart, exit 17, named
#   max_restarts the link keeps dropping: gives up after --max-restarts, exit 18
#   auto         --mode auto with no QMI device falls back to PPP, saying so
#   pin          SIM PIN from --pin-file entered once; a wrong one is not retried
#   daemon_ppp   cellink daemon with a modem in option mode 'ppp': dials, runs the
#                stub pppd (no secret on its argv), status --json shows the PPP link,
#                disconnect ends pppd and hangs up, reconnect dials again, SIGTERM ends all
#   daemon_auto  cellink daemon, option mode 'auto' with no QMI device: falls back to PPP
#   no_mbim_auto    a build without MBIM (tests/parts/run): connect --mode auto
#                on an MBIM modem names why and takes PPP; --protocol mbim asked
#                by name is refused (exit 2)
#   no_mbim_daemon  the same build's daemon, option mode 'auto', on an MBIM
#                modem: the start fails at once, and PPP takes over
#   e2e          root + netns + /dev/ppp: the emulator's pppd peer and cellink's
#                pppd negotiate LCP/IPCP, ping the peer through ppp0, clean hang-up
# Exits 77 (skip) with a reason when a case cannot run here.
SIM_BIN=$1
CELLINK=$2
CASE=$3
. "$(dirname "$0")/sim_lib.sh"

AT="$WORK/ttyUSB2"
STUB_DIR="$WORK/stub"
LOG="$WORK/cellink.log"
CL_PID=""

mkdir -p "$STUB_DIR/bin" "$WORK/run"
cp "$(dirname "$0")/stub_pppd.sh" "$STUB_DIR/bin/pppd"
chmod +x "$STUB_DIR/bin/pppd"
echo 'Pa$$ w"rd-s3cret' >"$WORK/password"
chmod 600 "$WORK/password"

stop_cellink() {       # SIGTERM, then at most 30 s for a clean end
	[ -z "$CL_PID" ] && return 0
	kill -TERM "$CL_PID" 2>/dev/null || true
	if ! wait_until 30 bash -c "! kill -0 $CL_PID 2>/dev/null"; then
		kill -KILL "$CL_PID" 2>/dev/null || true
		wait "$CL_PID" 2>/dev/null || true
		CL_PID=""
		echo "cellink did not end within 30 s of SIGTERM" >&2
		return 1
	fi
	local rc=0
	wait "$CL_PID" || rc=$?
	CL_PID=""
	return $rc
}

# connect_bg ARGS...: cellink connect in the background, output in $LOG.
connect_bg() {
	"$CELLINK" connect "$@" >"$LOG" 2>&1 &
	CL_PID=$!
}

log_has() { grep -q -- "$1" "$LOG"; }
alive() { kill -0 "$CL_PID" 2>/dev/null; }
wait_log() {
	wait_until "${2:-20}" log_has "$1" || { cat "$LOG" >&2; fail "no '$1' in cellink's output"; }
}
wait_exit() {      # wait_exit EXPECTED_STATUS: cellink ends by itself
	wait_until "${2:-30}" bash -c "! kill -0 $CL_PID 2>/dev/null" || { cat "$LOG" >&2; fail "cellink did not end"; }
	local rc=0
	wait "$CL_PID" || rc=$?
	CL_PID=""
	[ "$rc" -eq "$1" ] || { cat "$LOG" >&2; fail "cellink exited $rc, expected $1"; }
}
ppp_args() {
	echo --mode ppp --port "$AT" --apn internet --pppd "$STUB_DIR/bin/pppd" --runtime-dir "$WORK/run"
}
plan() { printf '%s\n' "$@" >"$STUB_DIR/plan"; }
# daemon_auto_to_ppp DEVICE: cellink daemon with one modem in option mode
# 'auto' on DEVICE and the AT port; waits for its fallback to PPP and the
# link (control socket $sock)
daemon_auto_to_ppp() {
	local conf="$WORK/cellink.conf"
	sock="$WORK/cellink.sock"
	printf "config interface 'wan'\n\toption proto 'cellink'\n\toption mode 'auto'\n\toption device '%s'\n\toption atport '%s'\n\toption apn 'internet'\n" \
		"$1" "$AT" >"$conf"
	"$CELLINK" daemon --config "$conf" --control "$sock" --no-configure --pppd "$STUB_DIR/bin/pppd" \
		--runtime-dir "$WORK/run" >"$LOG" 2>&1 &
	CL_PID=$!
	wait_log 'falling back to PPP'
	wait_log 'link up on ppp0'
}
runs() { find "$STUB_DIR" -maxdepth 1 -name 'run.*' | wc -l; }

cleanup_case() {
	stop_cellink || true
}
trap 'cleanup_case; sim_cleanup' EXIT

# the reduced-build cases need a cellink built with -DCELLINK_MBIM=OFF
no_mbim_build() {
	"$CELLINK" --version | grep -q 'mbim=off' ||
		{ echo "SKIP: $CASE tests a build without MBIM (tests/parts/run builds one); this one has MBIM"; exit 77; }
}

start_sim() {
	sim_start --at "$AT" --register-delay 50 "$@"
	wait_until 10 test -e "$AT" || fail "the AT port $AT did not appear"
	wait_registered
}

case $CASE in
at_cli)
	start_sim
	out=$("$CELLINK" at --port "$AT" 'AT+CSQ' 'AT+CGMM') || fail "one-off commands failed"
	expect "$out" '^+CSQ: [0-9]*,99$'
	expect "$out" '^MC7455$'
	[ "$(printf '%s\n' "$out" | tail -n 1)" = OK ] || fail "the final result is not printed last"
	rc=0
	"$CELLINK" at --port "$AT" 'AT+NOSUCH' >"$WORK/o" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] || fail "ERROR gave exit $rc, not 1"
	grep -q '^ERROR$' "$WORK/o" || fail "ERROR not printed"
	json=$("$CELLINK" at --port "$AT" --info --signal --status --json) || fail "queries failed"
	for want in '"model": "MC7455"' '"manufacturer": "Sierra' '"imei": "[0-9]\{15\}"' \
		'"rssi_dbm": -[0-9]' '"source": "AT!GSTATUS?"' '"sim": "READY"' \
		'"state": "registered' '"operator": "[^"]'; do
		printf '%s\n' "$json" | matches -- "$want" || { printf '%s\n' "$json" >&2; fail "JSON lacks $want"; }
	done
	json_valid at "$json"
	# the modem's bytes that are not UTF-8 (a Latin-1 operator name) come out as valid UTF-8
	ctl set operator name=$'Caf\xe9Net' >/dev/null
	json=$("$CELLINK" at --port "$AT" --status --json) || fail "--status failed"
	json_valid at "$json"
	expect "$json" '"operator": "CaféNet"'
	text=$("$CELLINK" at --port "$AT" --signal) || fail "--signal failed"
	expect "$text" 'rssi_dbm: -'
	# a line in data mode answers nothing: the command times out (exit 3)
	"$CELLINK" at --port "$AT" 'ATD*99***1#' >"$WORK/o" 2>&1 || fail "dial failed: $(cat "$WORK/o")"
	grep -q '^CONNECT' "$WORK/o" || fail "no CONNECT"
	rc=0
	"$CELLINK" at --port "$AT" --timeout 300 'AT' >"$WORK/o" 2>&1 || rc=$?
	[ "$rc" -eq 3 ] || fail "a silent modem gave exit $rc, not 3"
	grep -q 'timed out' "$WORK/o" || fail "the timeout is not named"
	# a held port names its holder
	exec 9<>"$AT"
	rc=0
	"$CELLINK" at --port "$AT" AT >"$WORK/o" 2>&1 || rc=$?
	exec 9>&-
	[ "$rc" -eq 4 ] || fail "a held port gave exit $rc, not 4"
	grep -q "held by PID $$" "$WORK/o" || { cat "$WORK/o" >&2; fail "the holder is not named"; }
	;;
at_failed)
	for mode in error silent; do
		python3 "$(dirname "$0")/fake_at_modem.py" "$WORK/fake" $mode &
		fake=$!
		wait_until 10 test -e "$WORK/fake" || fail "the fake modem did not start"
		rc=0
		"$CELLINK" at --port "$WORK/fake" --timeout 200 --signal --status >"$WORK/o" 2>&1 || rc=$?
		kill "$fake" 2>/dev/null; wait "$fake" 2>/dev/null || true
		rm -f "$WORK/fake"
		want=1; [ $mode = silent ] && want=3
		[ "$rc" -eq $want ] || { cat "$WORK/o" >&2; fail "every query $mode: exit $rc, not $want"; }
		grep -q 'every query failed' "$WORK/o" || { cat "$WORK/o" >&2; fail "the failure is not said"; }
	done
	;;
dial)
	start_sim
	plan up-wait
	connect_bg $(ppp_args) --verbose
	wait_log 'CONNECT'
	wait_log 'link up on ppp0: local 10.64.64.64, peer 10.64.64.65'
	log_has '>> AT+CGDCONT=1,"IP","internet"' || fail "no PDP context defined"
	log_has '>> ATD\*99\*\*\*1#' || fail "not dialled"
	stop_cellink || { cat "$LOG" >&2; fail "SIGTERM did not end cleanly"; }
	[ -e "$STUB_DIR/run.1/terminated" ] || fail "pppd was not asked to terminate"
	log_has 'disconnected; the modem hung up' || fail "no clean end"
	# the port is free again and back in command mode
	"$CELLINK" at --port "$AT" AT >/dev/null || fail "the AT port is not usable after the hang-up"
	;;
connect_status)
	start_sim
	plan up-wait up-wait
	sock="$WORK/c.sock"
	connect_bg $(ppp_args) --unit 0 --control "$sock"
	wait_log "control socket $sock"
	wait_log 'link up on ppp0'
	out=$("$CELLINK" status --control "$sock" --json) || fail "status failed: $out"
	for want in '"name":"ppp0"' '"mode":"ppp"' '"configured_mode":"ppp"' '"state":"up"' '"connected":true' \
		'"interface":"ppp0"' '"port":"[^"]*ttyUSB2"' '"apn":"internet"' '"links_up":1' \
		'"address":"10.64.64.64"' '"gateway":"10.64.64.65"'; do
		expect "$out" "$want"
	done
	json_valid status "$out"
	json_valid info "$("$CELLINK" info --control "$sock" --json)"
	text=$("$CELLINK" status --control "$sock") || fail "status (text) failed"
	expect "$text" '^ppp0: up (.*ttyUSB2, ppp)'
	expect "$("$CELLINK" status --control "$sock" --json ppp0)" '"state":"up"'
	rc=0
	"$CELLINK" status --control "$sock" --json wan >"$WORK/o" 2>&1 || rc=$?
	[ "$rc" -ne 0 ] && grep -q 'no such modem' "$WORK/o" || fail "another name: rc $rc, $(cat "$WORK/o")"
	expect "$("$CELLINK" info --control "$sock" --json)" '"mode":"ppp","port":"[^"]*ttyUSB2"'
	rc=0
	"$CELLINK" signal --control "$sock" >"$WORK/o" 2>&1 || rc=$?
	[ "$rc" -ne 0 ] && grep -q 'PPP' "$WORK/o" || fail "signal on a PPP link: rc $rc, $(cat "$WORK/o")"
	# disconnect ends pppd, hangs up, and ends connect cleanly
	"$CELLINK" disconnect --control "$sock" >/dev/null || fail "disconnect failed"
	wait_exit 0
	log_has 'disconnect asked on the control socket' || fail "the disconnect is not logged"
	[ -e "$STUB_DIR/run.1/terminated" ] || fail "pppd was not asked to terminate"
	[ ! -e "$sock" ] || fail "control socket left behind"
	# --mode auto after its fallback serves the same socket
	connect_bg --mode auto --device "$WORK/no-such-cdc-wdm" --port "$AT" --apn internet \
		--pppd "$STUB_DIR/bin/pppd" --runtime-dir "$WORK/run" --control "$sock"
	wait_log 'falling back to PPP'
	wait_log 'link up on ppp'
	out=$("$CELLINK" status --control "$sock" --json) || fail "status after the fallback failed: $out"
	expect "$out" '"mode":"ppp","configured_mode":"auto"'
	expect "$out" '"state":"up"'
	stop_cellink || { cat "$LOG" >&2; fail "SIGTERM did not end cleanly"; }
	;;
supervise)
	start_sim
	plan 'exit 16' 'exit 16' up-wait
	connect_bg $(ppp_args) --username alice --password-file "$WORK/password" --persist --backoff 100,400
	wait_log 'link up on ppp0' 60
	[ "$(runs)" -eq 3 ] || fail "pppd ran $(runs) times, expected 3"
	log_has 'status 16 (modem-hangup)' || fail "exit 16 not named"
	log_has 'restart 1 in' || fail "no first restart"
	log_has 'restart 2 in' || fail "no second restart"
	for r in "$STUB_DIR"/run.*; do
		[ "$(sed -n 2p "$r/argv")" = file ] || fail "argv is not 'pppd file OPTIONS': $(cat "$r/argv")"
		[ "$(wc -l <"$r/argv")" -eq 3 ] || fail "argv has more than 'pppd file OPTIONS'"
		! grep -q 's3cret' "$r/argv" "$r/env" || fail "the password is in pppd's argv or environment"
		[ "$(cat "$r/perm")" = "700 600" ] || fail "options dir/file modes are $(cat "$r/perm"), not 700 600"
		grep -q '^user "alice"$' "$r/opts" || fail "no user in the options"
		grep -qF 'password "Pa$$ w\"rd-s3cret"' "$r/opts" || fail "the password is not in the options file"
		for o in nodetach noauth usepeerdns defaultroute 'lcp-echo-interval 10' 'lcp-echo-failure 3' \
			'ipparam "cellink"' local; do
			grep -qx -- "$o" "$r/opts" || fail "option '$o' missing: $(cat "$r/opts")"
		done
	done
	! grep -q 's3cret' "$LOG" || fail "the password is in cellink's output"
	# back-off grows: the dialer logs each delay in whole milliseconds, the
	# timer it set; the shared policy puts restart n in [step / 2, step]
	d1=$(sed -n 's/.*restart 1 in \([0-9]*\) ms.*/\1/p' "$LOG")
	d2=$(sed -n 's/.*restart 2 in \([0-9]*\) ms.*/\1/p' "$LOG")
	[ -n "$d1" ] && [ -n "$d2" ] && [ "$d1" -ge 50 ] && [ "$d1" -le 100 ] && [ "$d2" -ge 100 ] && [ "$d2" -le 200 ] ||
		fail "back-off delays '$d1' ms, '$d2' ms are not in [50, 100] and [100, 200]"
	stop_cellink || { cat "$LOG" >&2; fail "SIGTERM did not end cleanly"; }
	[ -z "$(ls -A "$WORK/run")" ] || fail "the private runtime directory was left behind: $(ls "$WORK/run")"
	;;
fatal)
	start_sim
	plan 'exit 4'
	connect_bg $(ppp_args) --persist --backoff 100,400
	wait_exit 17
	log_has 'no-kernel-ppp' || { cat "$LOG" >&2; fail "exit 4 not named"; }
	[ "$(runs)" -eq 1 ] || fail "pppd was restarted after a fatal exit"
	;;
max_restarts)
	start_sim
	plan 'up 16'
	connect_bg $(ppp_args) --max-restarts 2 --backoff 100,200
	wait_exit 18 60
	[ "$(runs)" -eq 3 ] || fail "pppd ran $(runs) times, expected 3 (one + two restarts)"
	log_has 'giving up after 2 restart(s)' || fail "giving up not said"
	;;
auto)
	start_sim
	plan up-wait
	connect_bg --mode auto --device "$WORK/no-such-cdc-wdm" --port "$AT" --apn internet \
		--pppd "$STUB_DIR/bin/pppd" --runtime-dir "$WORK/run"
	wait_log 'falling back to PPP'
	wait_log 'link up on ppp0'
	stop_cellink || { cat "$LOG" >&2; fail "SIGTERM did not end cleanly"; }
	;;
pin)
	sim_start --at "$AT" --register-delay 50
	wait_until 10 test -e "$AT" || fail "the AT port $AT did not appear"
	ctl set pin 4321 >/dev/null
	ctl sim pin >/dev/null
	echo 1111 >"$WORK/pin"
	plan up-wait
	connect_bg $(ppp_args) --pin-file "$WORK/pin"
	wait_exit 12
	log_has 'the PIN was refused' || { cat "$LOG" >&2; fail "wrong PIN not reported"; }
	ctl state | matches '"pin_retries":2' || { ctl state >&2; fail "more than one PIN attempt was used"; }
	! grep -q 1111 "$LOG" || fail "the PIN is in the output"
	# again, and with the right PIN: fewer than the full count left, nothing is tried
	for pin in 1111 4321; do
		echo $pin >"$WORK/pin"
		connect_bg $(ppp_args) --pin-file "$WORK/pin"
		wait_exit 12
		log_has 'only 2 attempts left of 3' || { cat "$LOG" >&2; fail "PIN $pin: no explanation"; }
		ctl state | matches '"pin_retries":2' || { ctl state >&2; fail "PIN $pin was presented"; }
	done
	# the count full again (the owner entered the PIN by hand): the refused
	# PIN is still never presented, the right one is
	ctl set pin-retries 3 >/dev/null
	echo 1111 >"$WORK/pin"
	connect_bg $(ppp_args) --pin-file "$WORK/pin"
	wait_exit 12
	log_has 'refused this PIN before' || { cat "$LOG" >&2; fail "the refused PIN was not recognised"; }
	ctl state | matches '"pin_retries":3' || { ctl state >&2; fail "the refused PIN was presented again"; }
	echo 4321 >"$WORK/pin"
	connect_bg $(ppp_args) --pin-file "$WORK/pin"
	wait_log 'PIN accepted'
	wait_log 'link up on ppp0'
	stop_cellink || fail "SIGTERM did not end cleanly"
	! grep -q 4321 "$LOG" "$WORK/sim.log" || fail "the PIN is in a log"
	;;
daemon_ppp)
	start_sim
	plan up-wait
	conf="$WORK/cellink.conf"
	sock="$WORK/cellink.sock"
	printf "config modem 'lte'\n\toption mode 'ppp'\n\toption atport '%s'\n\toption apn 'internet'\n\toption username 'alice'\n\toption password 'pw-s3cret'\n\toption metric '300'\n\toption peerdns '0'\n" \
		"$AT" >"$conf"
	"$CELLINK" daemon --config "$conf" --control "$sock" --no-configure --pppd "$STUB_DIR/bin/pppd" \
		--runtime-dir "$WORK/run" --verbose >"$LOG" 2>&1 &
	CL_PID=$!
	wait_log 'link up on ppp0'
	log_has '>> ATD\*99\*\*\*1#' || fail "not dialled"
	r="$STUB_DIR/run.1"
	[ "$(sed -n 2p "$r/argv")" = file ] && [ "$(wc -l <"$r/argv")" -eq 3 ] ||
		fail "argv is not 'pppd file OPTIONS': $(cat "$r/argv")"
	! grep -q 's3cret' "$r/argv" "$r/env" || fail "the password is in pppd's argv or environment"
	grep -qF 'password "pw-s3cret"' "$r/opts" || fail "the password is not in the options file"
	grep -q '^user "alice"$' "$r/opts" || fail "no user in the options"
	# metric and peerdns reach pppd: a default route beside the host's, no DNS
	grep -qx 'defaultroute-metric 300' "$r/opts" || fail "option metric did not reach pppd: $(cat "$r/opts")"
	! grep -qx 'usepeerdns' "$r/opts" || fail "usepeerdns with option peerdns '0'"
	out=$("$CELLINK" status --control "$sock" --json) || fail "status failed: $out"
	for want in '"mode":"ppp"' '"configured_mode":"ppp"' '"state":"up"' '"connected":true' \
		'"interface":"ppp0"' '"port":"[^"]*ttyUSB2"' '"address":"10.64.64.64"' '"gateway":"10.64.64.65"' \
		'"dns":\["10.11.12.13"\]'; do
		expect "$out" "$want"
	done
	json_valid status "$out"
	! grep -q s3cret <<<"$out" || fail "the password is in the status"
	text=$("$CELLINK" status --control "$sock")
	expect "$text" '^lte: up (.*ttyUSB2, ppp)'
	expect "$text" 'ipv4 *up 10.64.64.64/32 gateway 10.64.64.65 dns 10.11.12.13'
	expect "$("$CELLINK" info --control "$sock" --json)" '"mode":"ppp"'
	rc=0
	"$CELLINK" signal --control "$sock" >"$WORK/o" 2>&1 || rc=$?
	[ "$rc" -ne 0 ] && grep -q 'PPP' "$WORK/o" || fail "signal on a PPP modem: rc $rc, $(cat "$WORK/o")"
	"$CELLINK" disconnect --control "$sock" >/dev/null || fail "disconnect failed"
	wait_until 15 bash -c "'$CELLINK' status --control '$sock' --json | grep -q '\"state\":\"stopped\"'" ||
		{ cat "$LOG" >&2; fail "the PPP link did not stop"; }
	[ -e "$r/terminated" ] || fail "pppd was not asked to terminate"
	log_has '>> ATH' || { cat "$LOG" >&2; fail "the modem was not hung up"; }
	expect "$("$CELLINK" status --control "$sock" --json)" '"connected":false'
	# the daemon let go of the port, which is back in command mode
	"$CELLINK" at --port "$AT" AT >/dev/null || fail "the AT port is not usable after the hang-up"
	alive || fail "the daemon ended after disconnect"
	"$CELLINK" reconnect --control "$sock" >/dev/null || fail "reconnect failed"
	wait_until 20 bash -c "'$CELLINK' status --control '$sock' --json | grep -q '\"connected\":true'" ||
		{ cat "$LOG" >&2; fail "the daemon did not dial again"; }
	[ "$(runs)" -eq 2 ] || fail "pppd ran $(runs) times, expected 2"
	stop_cellink || { cat "$LOG" >&2; fail "SIGTERM did not end the daemon cleanly"; }
	[ -e "$STUB_DIR/run.2/terminated" ] || fail "SIGTERM did not end pppd"
	[ "$(grep -c '>> ATH' "$LOG")" -ge 2 ] || fail "no hang-up after SIGTERM"
	[ ! -e "$sock" ] || fail "control socket left behind"
	[ -z "$(ls -A "$WORK/run")" ] || fail "the private runtime directory was left behind: $(ls "$WORK/run")"
	! grep -q s3cret "$LOG" || fail "the password is in the daemon's output"
	;;
daemon_auto)
	start_sim
	plan up-wait
	daemon_auto_to_ppp "$WORK/no-such-cdc-wdm"
	out=$("$CELLINK" status --control "$sock" --json) || fail "status failed: $out"
	expect "$out" '"mode":"ppp","configured_mode":"auto"'
	expect "$out" '"state":"up"'
	stop_cellink || { cat "$LOG" >&2; fail "SIGTERM did not end the daemon cleanly"; }
	[ -e "$STUB_DIR/run.1/terminated" ] || fail "SIGTERM did not end pppd"
	;;
no_mbim_auto)
	no_mbim_build
	SIM_PROTO=mbim start_sim
	plan up-wait
	connect_bg --mode auto --device "$QMI" --port "$AT" --apn internet --no-configure \
		--pppd "$STUB_DIR/bin/pppd" --runtime-dir "$WORK/run"
	wait_log 'falling back to PPP'
	wait_log 'link up on ppp0'
	log_has "speaks MBIM.*-DCELLINK_MBIM=OFF" || { cat "$LOG" >&2; fail "the MBIM modem is not named as the reason"; }
	stop_cellink || { cat "$LOG" >&2; fail "SIGTERM did not end cleanly"; }
	rc=0
	"$CELLINK" connect --protocol mbim --device "$QMI" --apn internet --no-configure >"$WORK/o" 2>&1 || rc=$?
	[ "$rc" -eq 2 ] && grep -q 'protocol mbim: this build of cellink has no MBIM' "$WORK/o" ||
		{ cat "$WORK/o" >&2; fail "--protocol mbim in a build without MBIM: exit $rc"; }
	;;
no_mbim_daemon)
	no_mbim_build
	SIM_PROTO=mbim start_sim
	plan up-wait
	daemon_auto_to_ppp "$QMI"
	log_has 'cannot start: .*speaks MBIM' || { cat "$LOG" >&2; fail "the failed start does not name the MBIM modem"; }
	out=$("$CELLINK" status --control "$sock" --json) || fail "status failed: $out"
	expect "$out" '"mode":"ppp","configured_mode":"auto"'
	expect "$out" '"state":"up"'
	stop_cellink || { cat "$LOG" >&2; fail "SIGTERM did not end the daemon cleanly"; }
	[ -e "$STUB_DIR/run.1/terminated" ] || fail "SIGTERM did not end pppd"
	;;
e2e)
	[ "$(id -u)" -eq 0 ] || { echo "SKIP: the PPP end-to-end test needs root (network namespaces, pppd)"; exit 77; }
	command -v pppd >/dev/null || { echo "SKIP: pppd (package ppp) is not installed"; exit 77; }
	made_node=""
	if [ ! -c /dev/ppp ]; then
		modprobe ppp_async 2>/dev/null || true
		modprobe ppp_generic 2>/dev/null || true
		[ -c /dev/ppp ] || { mknod /dev/ppp c 108 0 2>/dev/null && made_node=1; } || true
	fi
	if ! (exec 8<>/dev/ppp) 2>/dev/null; then
		echo "SKIP: this kernel has no PPP support (/dev/ppp missing or unusable: no ppp_generic," \
		     "char major 108), so pppd cannot create ppp0; run on a kernel with PPP to exercise LCP/IPCP for real"
		[ -z "$made_node" ] || rm -f /dev/ppp
		exit 77
	fi
	SRV_NS="cl-ppp-srv-$$"
	CL_NS="cl-ppp-cl-$$"
	ip netns add "$SRV_NS" || { echo "SKIP: cannot create a network namespace"; exit 77; }
	NETNS=$SRV_NS
	ip netns add "$CL_NS" || { ip netns del "$SRV_NS"; echo "SKIP: cannot create a network namespace"; exit 77; }
	trap 'cleanup_case; ip netns del "$CL_NS" 2>/dev/null; sim_cleanup' EXIT
	ip -n "$CL_NS" link set lo up
	start_sim --netns "$SRV_NS" --log
	ip netns exec "$CL_NS" "$CELLINK" connect --mode ppp --port "$AT" --apn internet \
		--runtime-dir "$WORK/run" --verbose >"$LOG" 2>&1 &
	CL_PID=$!
	wait_log 'link up on ppp' 60
	ifc=$(sed -n 's/.*link up on \(ppp[0-9]*\).*/\1/p' "$LOG")
	# On a kernel with IPv6, IPV6CP may finish first and the link is
	# announced up before IPCP has an address: wait for it on the interface.
	has_peer4() { ip -n "$CL_NS" -4 addr show "$ifc" | matches 'inet [0-9.]* peer '; }
	wait_until 30 has_peer4 || { cat "$LOG" >&2; fail "$ifc has no IPv4 address and peer in the client namespace"; }
	peer=$(ip -n "$CL_NS" -4 addr show "$ifc" | sed -n 's/.*inet [0-9.]* peer \([0-9.]*\).*/\1/p')
	[ -n "$peer" ] || { cat "$LOG" >&2; fail "no peer address on $ifc"; }
	ip netns exec "$CL_NS" ping -c 3 -W 2 -I "$ifc" "$peer" >"$WORK/ping" 2>&1 ||
		{ cat "$WORK/ping" >&2; fail "no answer from the peer $peer through $ifc"; }
	grep -q ' 0% packet loss' "$WORK/ping" || fail "packets lost: $(cat "$WORK/ping")"
	stop_cellink || { cat "$LOG" >&2; fail "SIGTERM did not end cleanly"; }
	wait_until 10 bash -c "! ip -n $CL_NS link show $ifc" || fail "$ifc is still there after the hang-up"
	wait_until 15 grep -q 'ppp peer: pppd ended' "$WORK/sim.log" || fail "the emulator's pppd did not end"
	"$CELLINK" at --port "$AT" AT >/dev/null || fail "the AT port is not back in command mode"
	;;
*)
	fail "unknown case $CASE"
	;;
esac
echo "ok: ppp $CASE"
