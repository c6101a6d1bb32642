#!/usr/bin/env bash
# The doctor's suggested cellink configuration is refused by config --check
# while it holds its placeholder, with the option to fill in named; filled
# in, it passes.
# usage: doctor_placeholder.sh CELLINK LISTING
set -u
cellink=$1 listing=$2
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
"$cellink" doctor --kernel 5.10 "$listing" |
	sed -n "/^  cellink configuration/,/^\$/p" | sed '1d;/^$/d;s/^    //' >"$t/suggested"
grep -q "option apn '<APN from your carrier>'" "$t/suggested" || { cat "$t/suggested"; echo "FAIL: no suggestion"; exit 1; }
out=$("$cellink" config --check "$t/suggested" 2>&1); rc=$?
if [ $rc = 1 ] && grep -q "option 'apn': still the placeholder '<APN from your carrier>': put in the access point name" <<<"$out"; then
	echo "ok: the suggestion with its placeholder is refused, naming the APN"
else
	echo "FAIL: config --check on the suggestion: exit $rc: $out"; fail=1
fi
sed -i "s/<APN from your carrier>/internet/" "$t/suggested"
out=$("$cellink" config --check "$t/suggested" 2>&1) && echo "ok: filled in, it passes" \
	|| { echo "FAIL: the filled-in suggestion: $out"; fail=1; }
exit $fail
