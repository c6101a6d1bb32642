#!/usr/bin/env bash
# Golden tests of the doctor's advice for MBIM functions: a cellink
# configuration with protocol 'mbim' (the UCI section on OpenWrt, the
# cellink.conf form elsewhere), the AT command that switches Sierra and
# Quectel modems to QMI, the same in JSON, and the suggestion (APN filled
# in) accepted by config --check.
# usage: doctor_mbim.sh CELLINK SOURCE_DIR
set -u
cellink=$1 src=$2
usb=$src/tests/data/usb gold=$src/tests/data/cli
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
check() { # name, expected, actual
	if [ "$2" != "$3" ]; then
		echo "FAIL: $1"; diff <(echo "$2") <(echo "$3") | head -30; fail=1
	else
		echo "ok: $1"
	fi
}
# the advice: from the conclusion to the end
advice() { sed -n '/^  Conclusion:/,$p'; }

out=$("$cellink" doctor --kernel 5.15 --root "$usb/root-openwrt" "$usb/sierra_em7565_mbim.txt" | advice)
check "EM7565 in MBIM on OpenWrt" "$(cat "$gold/doctor-em7565-mbim-openwrt.golden")" "$out"
out=$("$cellink" doctor --kernel 6.1 --root "$usb/root-debian" "$usb/quectel_rm500q_mbim.txt" | advice)
check "RM500Q in MBIM on Debian" "$(cat "$gold/doctor-rm500q-mbim-debian.golden")" "$out"

# JSON: the suggestion carries the cellink lines, the finding its code
"$cellink" doctor --json --kernel 6.1 "$usb/quectel_rm500q_mbim.txt" >"$t/j" || true
out=$(python3 - "$t/j" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["devices"][0]
s = d["suggested_config"]
codes = [f["code"] for f in d["findings"]]
print(s["proto"], "\t" + "option protocol 'mbim'" in s["cellink"], "mbim-to-qmi" in codes,
      any('AT+QCFG=\\"usbnet\\",0' in f["text"] or 'AT+QCFG="usbnet",0' in f["text"] for f in d["findings"]))
PY
)
check "JSON: proto, cellink lines, finding" "mbim True True True" "$out"

# the cellink.conf form, filled in, passes config --check
"$cellink" doctor --kernel 6.1 --root "$usb/root-debian" "$usb/quectel_rm500q_mbim.txt" |
	sed -n "/^  cellink configuration/,/^\$/p" | sed '1d;/^$/d;s/^    //' >"$t/suggested"
out=$("$cellink" config --check "$t/suggested" 2>&1); rc=$?
check "the placeholder is refused" 1 "$rc"
sed -i "s/<APN from your carrier>/internet/" "$t/suggested"
out=$("$cellink" config --check "$t/suggested" 2>&1); rc=$?
check "filled in, it passes" 0 "$rc"
check "config --check reads protocol mbim" "  protocol        mbim" "$(grep "^  protocol" <<<"$out")"
exit $fail
