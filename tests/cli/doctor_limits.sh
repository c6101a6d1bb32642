#!/usr/bin/env bash
# The doctor's bad input: a file over its size limit names the limit, a
# directory gets its own sentence, a listing with more devices than the
# doctor analyses says what was left out (never a silent "no problems"),
# and a vendor id beyond 16 bits is an error, not a truncation.
# usage: doctor_limits.sh CELLINK LISTING
set -u
cellink=$1 listing=$2
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
check() {      # check WHAT EXPECTED_RC RC PATTERN OUTPUT
	if [ "$3" != "$2" ] || ! grep -q -- "$4" <<<"$5"; then
		echo "FAIL: $1: exit $3 (expected $2): $5"; fail=1
	else
		echo "ok: $1"
	fi
}
head -c $((4 * 1024 * 1024 + 10)) /dev/zero | tr '\0' 'x' >"$t/big"
out=$("$cellink" doctor --kernel 5.10 "$t/big" 2>&1); rc=$?
check "a file over the limit" 2 $rc "larger than the 4 MiB the doctor reads" "$out"
out=$("$cellink" doctor --kernel 5.10 "$t" 2>&1); rc=$?
check "a directory" 2 $rc "is a directory: give the file that holds the text of" "$out"
for i in $(seq 1 40); do sed "s/Dev#= *[0-9]*/Dev#=$((i + 1))/" "$listing"; done >"$t/many"
out=$("$cellink" doctor --kernel 5.10 "$t/many" 2>&1); rc=$?
check "more devices than analysed" 1 $rc "at most 32 devices.*left out, so this report is not complete" "$out"
sed 's/Vendor=\([0-9a-f]*\)/Vendor=1\1/' "$listing" >"$t/badvid"
out=$("$cellink" doctor --kernel 5.10 "$t/badvid" 2>&1); rc=$?
check "a vendor id beyond 16 bits" 2 $rc "beyond ffff (USB ids have 16 bits)" "$out"
exit $fail
