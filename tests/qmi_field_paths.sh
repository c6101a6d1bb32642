#!/usr/bin/env bash
# Fails when code reaches a QMI field by a name string at run time, or
# reads a TLV's raw bytes, instead of by the typed handles of qmi/fields.h
# (generated from the message tables, so a misspelt field does not build).
#
#   qmi_field_paths.sh SOURCE_DIR
#
# Allowed: the tables and their access code (src/qmi/), the decode and
# encode commands (they take field names from the user), and the tables'
# own tests (the libqmi comparison in tests/golden reads the tables by their names too).
set -euo pipefail
root=$1
cd "$root"

# the string-path accessors of qmi/qmi.h, everywhere
names='\bqmi_(set_(uint|int|str|bytes|text|array)|get(_uint|_int|_str)?|has|val_member|val_set_(uint|int|str|bytes|array))[[:space:]]*\('
# and in the product and the emulator, TLVs by raw id or raw bytes (tests
# may check a wire id or build garbage on purpose)
raw='\bqmi_(tlv_by_id|add_raw)[[:space:]]*\(|->raw\b|\.raw\['
allowed='^(src/qmi/|src/cli/cmd_encode\.c:|src/cli/cmd_decode\.c:|fuzz/encode_fields\.c:|tests/unit/test_qmi_core\.c:|tests/unit/test_qmi_tables\.c:|tests/golden/)'

hits=$( (grep -rnE --include='*.c' --include='*.h' "$names" src sim tests bench fuzz tools 2>/dev/null;
	 grep -rnE --include='*.c' --include='*.h' "$raw" src sim 2>/dev/null) || true)

# the check must be able to fail: the encode command does use a name path
grep -qE '^src/cli/cmd_encode\.c:.*qmi_set_text\(' <<<"$hits" ||
	{ echo "qmi_field_paths: the pattern no longer finds qmi_set_text in cmd_encode.c" >&2; exit 1; }

bad=$(grep -vE "$allowed" <<<"$hits" || true)
if [ -n "$bad" ]; then
	echo "QMI fields reached by name or raw bytes (use the QMIF_* handles of qmi/fields.h):" >&2
	echo "$bad" >&2
	exit 1
fi
echo "qmi_field_paths: no field reached by name outside the tables, their tests and decode/encode"
