#!/bin/sh
# Completeness of the libqmi comparison: every QMI message the product
# uses must be compared by golden_libqmi, or be one of its named
# exceptions; and every field of them the product uses.
#
#   golden_complete.sh GOLDEN_BINARY SOURCE_DIR [EXTRA_FILE...]
#   golden_complete.sh --selftest GOLDEN_BINARY SOURCE_DIR
#
# "Uses" means: product code (everything under src/ but the QMI tables of
# src/qmi/ themselves; src/qmi/bands.c is product code; and any EXTRA_FILE) names the message's id constant
# (QMI_NAS_NETWORK_SCAN) or one of its field handles
# (QMIF_NAS_NETWORK_SCAN_RS_..., also as a prefix pasted in a macro). The
# messages are those of src/qmi/ids.h, by the symbol after QMI_.
# golden_libqmi --covered prints what it compared in this very run
# ("covered SYM") and its exceptions ("exception SYM: why"); a run with a
# difference fails this check too.
#
# Then the same per field: the product's code is preprocessed ($CC -E, so
# handles pasted in macros count) and each field handle it uses is looked
# up in src/qmi/fields.h. A request's field must be in a TLV of a request
# golden_libqmi found identical; an answer's or an indication's field must
# have been compared with libqmi's reading of it ("field ... value"), or
# it, or the TLV or list it is in, was absent from both ("field ...
# presence": the emulator never sends it; listed, not a failure). Any
# other field the product uses fails the check.
#
# --selftest runs the check, then plants (as an EXTRA_FILE) a use of a
# message that has neither a case nor an exception and of a field of a
# compared answer that was never compared, and passes only when the check
# then fails naming both.
set -u
export LC_ALL=C
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
echo "$src/src/qmi/bands.c" >>"$tmp/files"     # product code beside the tables: band masks
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

"$golden" --covered >"$tmp/covered" 2>"$tmp/golden.err"
rc=$?
if [ $rc -ne 0 ]; then
	grep -v 'Qmi-WARNING' "$tmp/golden.err" | grep -v '^$'
	echo "FAIL: golden_libqmi itself failed (exit $rc)"
	exit 1
fi
sed -n 's/^covered //p' "$tmp/covered" | sort -u >"$tmp/ok"
sed -n 's/^exception \([A-Z0-9_]*\):.*/\1/p' "$tmp/covered" | sort -u >"$tmp/exc"

# ---- fields ----
cc=${CC:-cc}
sed -nE 's/^#define (QMIF_[A-Z0-9_]+) QMI_FH\((.*)\) \/\*.*/\2|\1/p' "$src/src/qmi/fields.h" | sort -t'|' -k1,1 >"$tmp/fh"
if [ "$(wc -l <"$tmp/fh")" -lt 500 ]; then
	echo "FAIL: cannot read the handles of src/qmi/fields.h"
	exit 1
fi
# the product's .c files that name a handle, or sit beside a header that does
{
	grep -lE 'QMIF_' $(cat "$tmp/files") | grep '\.c$'
	for h in $(grep -lE 'QMIF_' $(cat "$tmp/files") | grep '\.h$'); do
		ls "$(dirname "$h")"/*.c
	done
} | sort -u >"$tmp/cfiles"
: >"$tmp/pp"
for f in $(cat "$tmp/cfiles"); do
	if ! "$cc" -E -P -I"$src/src" -I"$src" -D_GNU_SOURCE '-DCELLINK_VERSION="0"' "$f" >>"$tmp/pp" 2>"$tmp/pp.err"; then
		cat "$tmp/pp.err"
		echo "FAIL: cannot preprocess $f with $cc"
		exit 1
	fi
done
# (struct qmi_fh){ .msg = (M), .svc = (S), .kind = (K), .elem = (E), .depth = (D), .idx = { I... }, .name = (N) }
# as fields.h writes it: S, M, K, E, N, D, I...
grep -oE '\.msg = \(0x[0-9a-f]+\), \.svc = \(0x[0-9a-f]+\), \.kind = \([0-9]+\), \.elem = \([0-9]+\), \.depth = \([0-9]+\), \.idx = \{ [0-9, ]+ \}, \.name = \([0-9]+\)' "$tmp/pp" |
	sed -E 's/\.msg = \((0x[0-9a-f]+)\), \.svc = \((0x[0-9a-f]+)\), \.kind = \(([0-9]+)\), \.elem = \(([0-9]+)\), \.depth = \(([0-9]+)\), \.idx = \{ ([0-9, ]+) \}, \.name = \(([0-9]+)\)/\2, \1, \3, \4, \7, \5, \6/' |
	sort -u >"$tmp/pfh"
# one line per handle the product uses: its names (several when handles
# coincide: the element of two lists of numbers in one message)
join -t'|' -j1 "$tmp/pfh" "$tmp/fh" | awk -F'|' '$1 != k { if (k != "") print n; k = $1; n = $2; next } { n = n " " $2 } END { if (k != "") print n }' >"$tmp/pfields"
unknown=$(cut -d'|' -f1 "$tmp/fh" | sort -u | comm -23 "$tmp/pfh" -)
if [ -n "$unknown" ] || [ "$(wc -l <"$tmp/pfields")" -lt 50 ]; then
	echo "FAIL: the product's handles do not all match src/qmi/fields.h (stale?): $unknown"
	exit 1
fi
sed -nE 's/^field (.*) value$/\1/p' "$tmp/covered" | sort -u | join -t'|' -j1 - "$tmp/fh" | cut -d'|' -f2 | sort -u >"$tmp/fvalue"
sed -nE 's/^field (.*) presence$/\1/p' "$tmp/covered" | sort -u | join -t'|' -j1 - "$tmp/fh" | cut -d'|' -f2 | sort -u >"$tmp/fpresence"
# under: NAME is LIST's name or one of its members'
under() {
	while read -r t; do
		case $1 in "$t" | "$t"_*) return 0 ;; esac
	done <"$2"
	return 1
}
: >"$tmp/fabsent"
: >"$tmp/fmissing"
nvalue=0
while read -r names; do
	state=missing
	for f in $names; do
		case $f in
		*_RQ_*) under "$f" "$tmp/fvalue" && state=value ;;     # in a TLV of an identical request
		*) grep -qx "$f" "$tmp/fvalue" && state=value ;;
		esac
		[ $state = value ] && break
		case $f in *_RQ_*) ;; *) under "$f" "$tmp/fpresence" && state=absent ;; esac
	done
	case $state in
	value) nvalue=$((nvalue + 1)) ;;
	absent) echo "$names" >>"$tmp/fabsent" ;;
	*) echo "$names" | sed 's/ / or /g' >>"$tmp/fmissing" ;;
	esac
done <"$tmp/pfields"
echo "product uses $(wc -l <"$tmp/pfields") QMI fields; $nvalue compared with libqmi, $(wc -l <"$tmp/fabsent") absent from the emulator's answers on both sides"
if [ -s "$tmp/fabsent" ]; then
	echo "fields the emulator does not send (both sides agree they are absent):"
	sed 's/^/  /' "$tmp/fabsent"
fi

missing=$(sort -u "$tmp/ok" "$tmp/exc" | comm -23 "$tmp/used" -)
stale=$(comm -23 "$tmp/exc" "$tmp/used")
echo "product uses $(wc -l <"$tmp/used") QMI messages; golden_libqmi compares $(comm -12 "$tmp/used" "$tmp/ok" | wc -l) of them with libqmi"
echo "exceptions, named in golden_libqmi (not compared with libqmi):"
sed -n 's/^exception /  /p' "$tmp/covered"
fail=0
if [ -n "$stale" ]; then
	echo "FAIL: exceptions for messages the product no longer uses (remove them): $stale"
	fail=1
fi
if [ -n "$missing" ]; then
	echo "FAIL: messages the product uses with no case in tests/golden/libqmi_golden.c:"
	for m in $missing; do
		echo "  $m (QMI_$m)"
	done
	fail=1
fi
if [ -s "$tmp/fmissing" ]; then
	echo "FAIL: fields the product uses that golden_libqmi never compares:"
	sed 's/^/  /' "$tmp/fmissing"
	fail=1
fi
[ $fail -eq 0 ] || exit 1
echo "every QMI message and field the product uses is compared with libqmi, absent from both sides (listed above), or a named exception"
$selftest || exit 0

# ---- the self-test: plant a use of a message with no case, and of a
# field of a compared answer that was never compared; the check must fail
# naming both ----
msg=$(sort -u "$tmp/used" "$tmp/ok" "$tmp/exc" | comm -23 "$tmp/all" - | head -n 1)
field=
for f in $(sed -nE 's/^#define (QMIF_[A-Z0-9_]+_RS_[A-Z0-9_]+) QMI_FH.*/\1/p' "$src/src/qmi/fields.h"); do
	sym=${f#QMIF_}
	sym=${sym%%_RS_*}
	grep -qx "$sym" "$tmp/ok" || continue
	grep -qx "$f" "$tmp/fvalue" && continue
	under "$f" "$tmp/fpresence" && continue
	# a name shared with a compared handle would count as compared
	t=$(grep "|$f\$" "$tmp/fh" | cut -d'|' -f1)
	[ "$(grep -c "^$t|" "$tmp/fh")" -eq 1 ] || continue
	field=$f
	break
done
if [ -z "$msg" ] || [ -z "$field" ]; then
	echo "skipped: nothing left to plant (message '$msg', field '$field')"
	exit 77
fi
printf '#include "qmi/fields.h"\n#include "qmi/ids.h"\nint planted_msg = QMI_%s;\nstruct qmi_fh planted_field;\nstruct qmi_fh planted_field = %s;\n' \
	"$msg" "$field" >"$tmp/planted.c"
sh "$0" "$golden" "$src" "$tmp/planted.c" >"$tmp/out" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q "^  $msg " "$tmp/out" && grep -q "^  $field\$" "$tmp/out"; then
	echo "self-test: planted uses of QMI_$msg and $field, neither compared, turn the check red, naming both"
	exit 0
fi
cat "$tmp/out"
echo "FAIL: planted uses of QMI_$msg and $field did not turn the check red (exit $rc)"
exit 1
