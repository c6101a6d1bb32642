#!/usr/bin/env bash
# Interop: the real qmicli against cellink-sim's radio model (antenna angle,
# neighbours, 5G NR, carrier aggregation).
# usage: test_sim_qmicli_signal.sh CELLINK_SIM CASE
SIM_BIN=$1
CASE=$2
command -v qmicli >/dev/null || { echo "SKIP: qmicli not installed (libqmi-utils)"; exit 77; }
. "$(dirname "$0")/sim_lib.sh"

# not_expect OUT PATTERN
not_expect() {
	if printf '%s\n' "$1" | matches -- "$2"; then
		printf '%s\n' "$1" >&2
		fail "did not expect '$2'"
	fi
}

case_cells() {
	sim_start --register-delay 100
	wait_registered
	ctl antenna 0 >/dev/null
	out=$(qmi --nas-get-cell-location-info)
	expect "$out" "PLMN: '26201'"
	expect "$out" "Serving Cell ID: '117'"
	expect "$out" "EUTRA Absolute RF Channel Number: '1300'"
	expect "$out" "RSRP: '-72.0' dBm"
	expect "$out" "5GNR ARFCN: '632628'"
	expect "$out" "Physical Cell ID: '501'"
	expect "$out" "Tracking Area Code: '14876'"
	# facing away from the site, toward neighbour 233 (azimuth 120)
	out=$(qmi --nas-get-cell-location-info)
	not_expect "$out" "Physical Cell ID: '88'"
	ctl antenna 150 >/dev/null
	out=$(qmi --nas-get-cell-location-info)
	expect "$out" "Physical Cell ID: '233'"
	expect "$out" "Physical Cell ID: '88'"
	expect "$out" "RSRP: '-105.0' dBm"
	# 5G off: the NR TLVs go
	ctl radio nr off >/dev/null
	out=$(qmi --nas-get-cell-location-info)
	not_expect "$out" "5GNR"
	sim_fields_clean
}

case_signal() {
	sim_start --register-delay 100
	wait_registered
	ctl antenna 30 >/dev/null
	out=$(qmi --nas-get-signal-info)
	expect "$out" "^LTE:"
	expect "$out" "RSRP: '-78 dBm'"
	expect "$out" "^5G:"
	expect "$out" "RSRP: '-76 dBm'"
	expect "$out" "SNR: '29.0 dB'"
	ctl radio nr sa >/dev/null
	out=$(qmi --nas-get-signal-info)
	not_expect "$out" "^LTE:"
	expect "$out" "^5G:"
	out=$(qmi --nas-get-rf-band-info)
	expect "$out" "Active Band Class: 'nr5g-78'"
	not_expect "$out" "eutran-3"
	sim_fields_clean
}

case_ca() {
	sim_start --register-delay 100
	wait_registered
	out=$(qmi --nas-get-lte-cphy-ca-info)
	expect "$out" "LTE Band: 'eutran-3'"
	expect "$out" "LTE Band: 'eutran-20'"
	expect "$out" "State: 'activated'"
	out=$(qmi --nas-get-rf-band-info)
	expect "$out" "Active Band Class: 'eutran-3'"
	expect "$out" "Active Band Class: 'nr5g-78'"
	sim_fields_clean
}

# A sweep from a scenario file: the angle moves on its own, and qmicli
# reads the end of it.
case_scenario() {
	printf 'antenna 0\nat 200 antenna sweep 0 60 20 100\n' >"$WORK/scenario"
	sim_start --register-delay 100 --scenario "$WORK/scenario"
	wait_registered
	wait_until 10 bash -c "'$SIM_BIN' ctl '$CTL' antenna | grep -q '\"angle\":60,\"sweeping\":false'" ||
		fail "the scenario's sweep did not end at 60 degrees"
	out=$(qmi --nas-get-signal-info)
	expect "$out" "RSRP: '-85 dBm'"        # -72 - 40 * 60 / 180
	sim_fields_clean
}

"case_$CASE"
echo "PASS: qmicli signal $CASE"
