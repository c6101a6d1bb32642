#!/usr/bin/env bash
# cellink monitor and cellink cells against cellink-sim's radio model, one
# case per run: test_signal.sh SIM_BIN CELLINK_BIN CASE
# Waits are bounded reads of the monitor's stream or polls of the control
# socket; nothing asserts a duration (the change's latency is printed).
SIM_BIN=$1
CELLINK=$2
CASE=$3
source "$(dirname "$0")/sim_lib.sh"

MON_PID=""
D_PID=""
cleanup() {
	for p in $MON_PID $D_PID; do
		kill -TERM "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	sim_cleanup
}
trap cleanup EXIT

STREAM="$WORK/monitor.jsonl"
LOG="$WORK/cellink.log"

# monitor_bg ARGS...: cellink monitor --json in the background, its lines in $STREAM
monitor_bg() {
	: >"$STREAM"
	"$CELLINK" monitor --json "$@" >"$STREAM" 2>"$WORK/monitor.err" &
	MON_PID=$!
}

# stream_has PATTERN: a line of the stream matches (grep -E)
stream_has() { grep -Eq -- "$1" "$STREAM"; }

# wait_stream SECONDS PATTERN: reads the stream until a line matches
wait_stream() {
	wait_until "$1" stream_has "$2" || {
		tail -n 5 "$STREAM" >&2
		cat "$WORK/monitor.err" >&2
		fail "the monitor never showed /$2/"
	}
}

now_ms() { date +%s%3N; }

# lte_rsrp: the LTE RSRP of the stream's last line
last_line() { tail -n 1 "$STREAM"; }

daemon_start() {
	local conf="$WORK/cellink.conf"
	printf "config interface 'wan'\n\toption proto 'cellink'\n\toption device '%s'\n\toption apn 'internet'\n" \
		"$QMI" >"$conf"
	SOCK=$WORK/cellink.sock
	"$CELLINK" daemon --config "$conf" --control "$SOCK" --no-configure >"$LOG" 2>&1 &
	D_PID=$!
	wait_until 10 test -S "$SOCK" || { cat "$LOG" >&2; fail "no control socket"; }
	wait_until 15 bash -c "'$CELLINK' status --control '$SOCK' --json | grep -q '\"connected\":true'" ||
		{ cat "$LOG" >&2; fail "the daemon never connected"; }
}

session_handle() { ctl state | grep -o '"handle":[0-9]*' | head -n 1; }

# A scripted turn of the antenna shows in the stream: read until the new
# value appears (bounded); the time it took is printed, not asserted.
case_monitor_change() {
	sim_start --register-delay 100
	wait_registered
	ctl antenna 0 >/dev/null
	monitor_bg --device "$QMI"
	wait_stream 10 '"rsrp_dbm":-72,'
	local t0 t1
	t0=$(now_ms)
	ctl antenna 150 >/dev/null      # LTE RSRP -72 -> -105
	wait_stream 10 '"lte":\{[^}]*"rsrp_dbm":-105,'
	t1=$(now_ms)
	echo "figure: the monitor showed the antenna's turn after $((t1 - t0)) ms"
	last_line | matches '"rsrp_best_dbm":-72,' || fail "the best value is not the one before the turn"
	last_line | matches '"rsrp_trend":"falling"' || fail "no falling trend after the turn"
	last_line | matches '"rsrp_quality":"poor"' || fail "-105 dBm is not poor"
	# every line is an update of the schema's shape
	json_valid monitor_update "$(head -n 1 "$STREAM")"
	json_valid monitor_update "$(last_line)"
	sim_fields_clean
}

# A sweep: one indication per step, each an update (>= 2 a second: a step
# every 100 ms); the sweep's end is the last value.
case_monitor_sweep() {
	sim_start --register-delay 100
	wait_registered
	ctl antenna 0 >/dev/null
	monitor_bg --device "$QMI"
	wait_stream 10 '"rsrp_dbm":-72,'
	local before
	before=$(wc -l <"$STREAM")
	ctl antenna sweep 0 90 5 100 >/dev/null
	wait_until 20 bash -c "'$SIM_BIN' ctl '$CTL' antenna | grep -q '\"sweeping\":false'" ||
		fail "the sweep did not end"
	wait_stream 10 '"lte":\{[^}]*"rsrp_dbm":-92,'   # 90 degrees: -72 - 20
	local n=$(($(wc -l <"$STREAM") - before))
	echo "figure: $n updates for 18 steps of 100 ms"
	[ "$n" -ge 18 ] || fail "only $n updates for the sweep's 18 steps"
	# NSA: the NR cell's values and band come along
	last_line | matches '"nr":{"rat":"nr","band":"n78","nr_arfcn":632628,"pci":501' ||
		{ last_line >&2; fail "no NR cell in the update"; }
	last_line | matches '"ca":\[{"role":"primary","band":"3","earfcn":1300,"pci":117,"bandwidth_mhz":20}' ||
		{ last_line >&2; fail "no CA set in the update"; }
	# SA: LTE goes, the band details are read again
	ctl radio nr sa >/dev/null
	wait_stream 10 '"updates":[0-9]+,"rat":"nr"'
	last_line | matches '"lte":' && fail "LTE values in standalone NR"
	kill -TERM "$MON_PID"
	wait "$MON_PID" 2>/dev/null || true
	MON_PID=""
	ctl clients | matches '"nas":\[\]' || { ctl clients >&2; fail "the monitor left its NAS client behind"; }
	sim_fields_clean
}

# --count: the monitor ends by itself after N updates, its last line final.
case_monitor_count() {
	sim_start --register-delay 100
	wait_registered
	local out
	out=$("$CELLINK" monitor --device "$QMI" --json --count 1) || fail "monitor --count 1 failed"
	[ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "more than one line for --count 1"
	expect "$out" '"ok":true'
	expect "$out" '"rsrp_dbm":-95,'
	json_valid monitor "$out"
	"$CELLINK" monitor --device "$QMI" --count x >/dev/null 2>"$WORK/err" && fail "--count x was taken"
	expect "$(cat "$WORK/err")" "count"
	# text: one screen
	out=$("$CELLINK" monitor --device "$QMI" --count 1)
	expect "$out" "cellink monitor: LTE + 5G NR (NSA)"
	expect "$out" "RSRP    -95 dBm \[#########...........\] fair"
	ctl clients | matches '"nas":\[\]' || fail "the monitor left its NAS client behind"
}

# Without service the monitor waits for it: an update with no radio, then
# the values as they come.
case_monitor_no_service() {
	sim_start --register-delay 100
	wait_registered
	ctl lose-registration >/dev/null
	monitor_bg --device "$QMI"
	wait_stream 10 '"rat":"none"'
	ctl regain-registration >/dev/null
	ctl signal rsrp=-99 >/dev/null
	wait_stream 10 '"rat":"lte\+nr","lte":\{"rat":"lte"[^}]*"rsrp_dbm":-99,'
	# the band details are read again once a radio is there, and sent
	wait_stream 10 '"lte":\{"rat":"lte","band":"3","earfcn":1300,"pci":117[^}]*"rsrp_dbm":-99,'
	json_valid monitor_update "$(head -n 1 "$STREAM")"
	sim_fields_clean
}

# Through a daemon: the updates stream over its socket; the link is not
# touched (same session, still connected).
case_monitor_daemon() {
	sim_start --register-delay 100
	wait_registered
	ctl antenna 0 >/dev/null
	daemon_start
	local h0
	h0=$(session_handle)
	monitor_bg --control "$SOCK"
	wait_stream 10 '"rsrp_dbm":-72,'
	ctl antenna 120 >/dev/null
	wait_stream 10 '"lte":\{[^}]*"rsrp_dbm":-98,'
	# a second monitor comes and goes: the first one keeps its updates
	local out
	out=$("$CELLINK" monitor --control "$SOCK" --json --count 1)
	expect "$out" '"ok":true'
	json_valid monitor "$out"
	ctl antenna 150 >/dev/null
	wait_stream 10 '"lte":\{[^}]*"rsrp_dbm":-105,'
	kill -TERM "$MON_PID"
	wait "$MON_PID" 2>/dev/null || true
	MON_PID=""
	"$CELLINK" status --control "$SOCK" --json | matches '"connected":true' || fail "the link went down"
	[ "$(session_handle)" = "$h0" ] || fail "the session changed under the monitor"
	# the daemon's NAS client stops the indications the monitor asked for
	wait_until 10 grep -q "signal-info: false" "$WORK/sim.log" ||
		fail "the daemon's client still gets signal-info after the monitor ended"
	sim_fields_clean
}

case_cells_oneshot() {
	sim_start --register-delay 100
	wait_registered
	ctl antenna 150 >/dev/null
	local out
	out=$("$CELLINK" cells --device "$QMI" --json) || fail "cells failed"
	json_valid cells "$out"
	expect "$out" '"serving":\[{"rat":"lte","plmn":"26201","tac":14876,"cell_id":1715461,"pci":117,"earfcn":1300,"band":"3","bandwidth_mhz":20,"rsrp_dbm":-105'
	expect "$out" '{"rat":"nr","plmn":"26201","tac":14876,"cell_id":4886718345,"pci":501,"nr_arfcn":632628,"band":"n78","bandwidth_mhz":100'
	expect "$out" '"frequency":"intra","pci":233'
	expect "$out" '"frequency":"inter","pci":88,"earfcn":6300,"band":"20"'
	expect "$out" '"role":"secondary","earfcn":6300,"pci":117,"band":"20","bandwidth_mhz":10,"state":"activated"'
	# neighbours fade as the antenna turns back
	ctl antenna 0 >/dev/null
	out=$("$CELLINK" cells --device "$QMI" --json)
	printf '%s\n' "$out" | matches '"pci":88' && fail "neighbour 88 still heard facing away"
	out=$("$CELLINK" cells --device "$QMI")
	expect "$out" "LTE    PLMN 26201  TAC 14876  cell 1715461  PCI 117  EARFCN 1300  band B3  20 MHz"
	expect "$out" "Carrier aggregation"
	"$CELLINK" cells --device "$QMI" extra >/dev/null 2>"$WORK/err" && fail "cells took an argument"
	expect "$(cat "$WORK/err")" "cells takes none"
	ctl clients | matches '"nas":\[\]' || fail "cells left its NAS client behind"
	sim_fields_clean
}

case_cells_daemon() {
	sim_start --register-delay 100
	wait_registered
	daemon_start
	local h0 out
	h0=$(session_handle)
	out=$("$CELLINK" cells --control "$SOCK" --json) || fail "cells through the daemon failed"
	json_valid cells "$out"
	expect "$out" '"pci":117'
	expect "$out" '"nr_arfcn":632628'
	[ "$(session_handle)" = "$h0" ] || fail "the session changed"
	sim_fields_clean
}

"case_$CASE"
echo "PASS: $CASE"
