#!/usr/bin/env bash
# Interop for bands and networks: the real qmicli (libqmi-utils) against
# cellink-sim on its pty, and against what cellink bands set.
# usage: test_sim_qmicli_bands.sh CELLINK_SIM CASE [CELLINK]
SIM_BIN=$1
CASE=$2
CELLINK=${3:-}
command -v qmicli >/dev/null || { echo "SKIP: qmicli not installed (libqmi-utils)"; exit 77; }
. "$(dirname "$0")/sim_lib.sh"

# qmicli's system selection preference: the mode and network selection it
# sets are read back, by qmicli and in the emulator's state; the bands stay
case_ssp() {
	sim_start --register-delay 0
	ctl bands nr=41,77,78 >/dev/null
	out=$(qmi --nas-get-system-selection-preference)
	expect "$out" "Mode preference: 'gsm, umts, lte'"
	expect "$out" "LTE band preference (extended): '1, 2, 3, 4, 5, 7, 8, 12, 13, 20, 25, 26, 29, 30, 41'"
	expect "$out" "NR5G SA band preference: '41, 77, 78'"
	expect "$out" "NR5G NSA band preference: '41, 77, 78'"
	out=$(qmi --nas-set-system-selection-preference=umts\|lte,automatic)
	expect "$out" "System selection preference set successfully"
	out=$(qmi --nas-get-system-selection-preference)
	expect "$out" "Mode preference: 'umts, lte'"
	expect "$out" "Network selection preference: 'automatic'"
	expect "$out" "LTE band preference (extended): '1, 2, 3, 4, 5, 7, 8, 12, 13, 20, 25, 26, 29, 30, 41'"
	expect "$(ctl state)" '"mode_preference":\["umts","lte"\]'
	out=$(qmi --nas-set-system-selection-preference=lte)
	expect "$out" "System selection preference set successfully"
	expect "$(qmi --nas-get-system-selection-preference)" "Mode preference: 'lte'"
	sim_fields_clean
}

# the band capabilities as qmicli reads them: the 64-bit mask, the
# extended list and the NR list
case_caps() {
	sim_start
	out=$(qmi --dms-get-band-capabilities)
	expect "$out" "LTE bands: '1, 2, 3, 4, 5, 7, 8, 12, 13, 20, 25, 26, 29, 30, 41'"
	expect "$out" "LTE bands (extended): '1, 2, 3, 4, 5, 7, 8, 12, 13, 20, 25, 26, 29, 30, 41'"
	printf '%s\n' "$out" | matches "NR5G bands" && fail "an LTE modem lists NR bands: $out"
	ctl bands lte=1,3,7,20,66,71 nr=1,78,258 >/dev/null
	out=$(qmi --dms-get-band-capabilities)
	expect "$out" "LTE bands (extended): '1, 3, 7, 20, 66, 71'"
	expect "$out" "NR5G bands: '1, 78, 258'"
	sim_fields_clean
}

# the network scan: the emulator's operators after its delay
case_scan() {
	sim_start --register-delay 0
	wait_registered
	out=$(qmi --nas-network-scan)
	expect "$out" "Description: 'Telekom.de'"
	expect "$out" "Status: 'current-serving, available, home'"
	expect "$out" "Description: 'Rival Mobile'"
	expect "$out" "Status: 'available, forbidden'"
	expect "$out" "RAT: '5gnr'"
	expect "$out" "Network scan result: success"
	sim_fields_clean
}

# cellink bands and qmicli on the same modem: each reads what the other set
case_cellink() {
	[ -x "$CELLINK" ] || fail "no cellink binary given"
	sim_start --register-delay 0
	ctl bands nr=41,77,78 >/dev/null
	"$CELLINK" bands --device "$QMI" --lock lte:3,7,20 nr-sa:78 >/dev/null || fail "cellink bands --lock failed"
	out=$(qmi --nas-get-system-selection-preference)
	expect "$out" "LTE band preference (extended): '3, 7, 20'"
	expect "$out" "LTE band preference: '3, 7, 20'"
	expect "$out" "NR5G SA band preference: '78'"
	expect "$out" "NR5G NSA band preference: '41, 77, 78'"
	# qmicli changes the modes: the lock stays, as cellink reads it
	out=$(qmi --nas-set-system-selection-preference=lte)
	expect "$out" "System selection preference set successfully"
	out=$("$CELLINK" bands --device "$QMI" --json) || fail "cellink bands failed: $out"
	expect "$out" '"enabled":{"lte":\[3,7,20\],"nr_nsa":\[41,77,78\],"nr_sa":\[78\]}'
	"$CELLINK" bands --device "$QMI" --unlock >/dev/null || fail "cellink bands --unlock failed"
	expect "$(qmi --nas-get-system-selection-preference)" \
		"LTE band preference (extended): '1, 2, 3, 4, 5, 7, 8, 12, 13, 20, 25, 26, 29, 30, 41'"
	expect "$(ctl clients)" '"total":0'
	sim_fields_clean
}

"case_$CASE"
echo "ok: qmicli bands $CASE"
