#!/bin/sh
# Completeness of the libqmi comparison: every QMI message the product
# uses must be compared by golden_libqmi, or be one of its named
# exceptions.
#
#   golden_complete.sh GOLDEN_BINARY SOURCE_DIR [EXTRA_FILE...]
#   golden_complete.sh --selftest GOLDEN_BINARY SOURCE_DIR
#
# "Uses" means: product code (everything under src/ but the QMI tables of
# src/qmi/ themselves, and any EXTRA_FILE) names the message's id constant
# (QMI_NAS_NETWORK_SCAN) or one of its field handles
# (QMIF_NAS_NETWORK_SCAN_RS_..., also as a prefix pasted in a macro). The
# messages are those of src/qmi/ids.h, by the symbol after QMI_.
# golden_libqmi --covered prints what it compared in this very run
# ("covered SYM") and its exceptions ("exception SYM: why"); a run with a
# difference fails this check too. EXTRA_FILE lets the self-test plant a
# use that has no case, which must turn this check red: --selftest plants
# a use of a message that has neither a case nor an exception and passes
# only when the check then fails naming it.
set -u
selftest=false
if [ "${1:-}" = --selftest ]; then
	selftest=true
	shift
fi
golden=$1
src=$2
shift 2

if [ ! -x "$golden" ]; then
	echo "skipped: golden_libqmi was not built (libqmi-glib is not installed; scripts/deps installs it)"
	exit 77
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

sed -nE 's/^[[:space:]]*X\(([A-Z]+), ([A-Z0-9_]+), 0x[0-9A-Fa-f]+,.*/\1_\2/p' "$src/src/qmi/ids.h" | sort -u >"$tmp/all"
if [ "$(wc -l <"$tmp/all")" -lt 50 ]; then
	echo "FAIL: cannot read the message list of src/qmi/ids.h ($(wc -l <"$tmp/all") messages)"
	exit 1
fi

find "$src/src" -path "$src/src/qmi" -prune -o \( -name '*.c' -o -name '*.h' \) -print >"$tmp/files"
for f in "$@"; do echo "$f" >>"$tmp/files"; done
# shellcheck disable=SC2046
grep -hoE '\bQMIF?_[A-Z0-9_]+' $(cat "$tmp/files") | sort -u >"$tmp/tokens"

: >"$tmp/used"
while read -r sym; do
	if grep -qx "QMI_$sym" "$tmp/tokens" || grep -qE "^QMIF_${sym}_(RQ|RS|IN)(_|\$)" "$tmp/tokens"; then
		echo "$sym" >>"$tmp/used"
	fi
done <"$tmp/all"
if [ "$(wc -l <"$tmp/used")" -lt 20 ]; then
	echo "FAIL: found only $(wc -l <"$tmp/used") messages used by the product: the scan is broken"
	exit 1
fi

if $selftest; then
	"$golden" --covered 2>/dev/null | sed -n 's/^\(covered\|exception\) \([A-Z0-9_]*\).*/\2/p' | sort -u >"$tmp/known"
	pick=$(sort -u "$tmp/used" "$tmp/known" | comm -23 "$tmp/all" - | head -n 1)
	if [ -z "$pick" ]; then
		echo "skipped: every message of src/qmi/ids.h is used or compared: nothing to plant"
		exit 77
	fi
	echo "int planted_use = QMI_$pick;" >"$tmp/planted.c"
	sh "$0" "$golden" "$src" "$tmp/planted.c" >"$tmp/out" 2>&1
	rc=$?
	if [ $rc -eq 1 ] && grep -q "^  $pick " "$tmp/out"; then
		echo "a planted use of QMI_$pick with no case turns the check red, naming it"
		exit 0
	fi
	cat "$tmp/out"
	echo "FAIL: a planted use of QMI_$pick did not turn the check red (exit $rc)"
	exit 1
fi

"$golden" --covered >"$tmp/covered" 2>"$tmp/golden.err"
rc=$?
if [ $rc -ne 0 ]; then
	grep -v 'Qmi-WARNING' "$tmp/golden.err" | grep -v '^$'
	echo "FAIL: golden_libqmi itself failed (exit $rc)"
	exit 1
fi
sed -n 's/^covered //p' "$tmp/covered" | sort -u >"$tmp/ok"
sed -n 's/^exception \([A-Z0-9_]*\):.*/\1/p' "$tmp/covered" | sort -u >"$tmp/exc"

missing=$(sort -u "$tmp/ok" "$tmp/exc" | comm -23 "$tmp/used" -)
stale=$(comm -23 "$tmp/exc" "$tmp/used")
echo "product uses $(wc -l <"$tmp/used") QMI messages; golden_libqmi compares $(comm -12 "$tmp/used" "$tmp/ok" | wc -l) of them with libqmi"
echo "exceptions, named in golden_libqmi (not compared with libqmi):"
sed -n 's/^exception /  /p' "$tmp/covered"
if [ -n "$stale" ]; then
	echo "FAIL: exceptions for messages the product no longer uses (remove them): $stale"
	exit 1
fi
if [ -n "$missing" ]; then
	echo "FAIL: messages the product uses with no case in tests/golden/libqmi_golden.c:"
	for m in $missing; do
		echo "  $m (QMI_$m)"
	done
	exit 1
fi
echo "every QMI message the product uses is compared with libqmi or a named exception"
