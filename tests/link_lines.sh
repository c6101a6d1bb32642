#!/usr/bin/env bash
# Checks that each static library's CMake link line says what it is: every
# symbol a library uses and does not define itself comes from a library it
# declares (or from libc and the compiler's runtime), and every library it
# declares gives it at least one symbol.
#
#   link_lines.sh MANIFEST CC
#
# MANIFEST (written by tests/CMakeLists.txt at generate time) has lines
#   lib NAME ARCHIVE DEP,DEP,...   a library of ours and its declared deps
#   ext NAME SHARED_LIB,...        an outside library (pkg-config target)
# CC is the C compiler, asked where libc and its runtime library are.
set -euo pipefail
manifest=$1
cc=$2
[ -r "$manifest" ] || { echo "link_lines: no manifest $manifest" >&2; exit 1; }
command -v nm >/dev/null || { echo "link_lines: nm (binutils) is needed" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

declare -A archive deps shared
libs=()
while read -r kind name a b; do
	case $kind in
	lib) archive[$name]=$a; deps[$name]=${b:-}; libs+=("$name") ;;
	ext) shared[$name]=$a ;;
	esac
done <"$manifest"

# defined NAME: the global symbols NAME defines, one a line, sorted.
defined() {
	local n=$1 out="$work/def.$1"
	out=${out//:/_}
	if [ ! -f "$out" ]; then
		if [ -n "${archive[$n]:-}" ]; then
			[ -f "${archive[$n]}" ] || { echo "link_lines: ${archive[$n]} is missing" >&2; exit 1; }
			nm -g --defined-only "${archive[$n]}" 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u >"$out"
		elif [ -n "${shared[$n]:-}" ]; then
			local f
			for f in ${shared[$n]//,/ }; do
				nm -D --defined-only "$f" | awk 'NF == 3 { print $3 }' | sed 's/@.*//'
			done | sort -u >"$out"
		else
			echo "link_lines: '$n' is declared but is neither one of our libraries nor a known outside one" >&2
			exit 1
		fi
	fi
	echo "$out"
}

# The system: libc (and what glibc folds into it), libm, the compiler's
# runtime library.
for f in libc.so.6 libm.so.6; do
	p=$("$cc" -print-file-name=$f)
	[ -f "$p" ] && nm -D --defined-only "$p" | awk 'NF == 3 { print $3 }' | sed 's/@.*//'
done >"$work/system.raw"
rt=$("$cc" -print-libgcc-file-name)
[ -f "$rt" ] && nm -g --defined-only "$rt" 2>/dev/null | awk 'NF == 3 { print $3 }' >>"$work/system.raw"
sort -u "$work/system.raw" >"$work/system"
[ -s "$work/system" ] || { echo "link_lines: cannot find libc's symbols through $cc" >&2; exit 1; }

bad=0
for lib in "${libs[@]}"; do
	lib_bad=0
	a=${archive[$lib]}
	[ -f "$a" ] || { echo "link_lines: $a is missing" >&2; exit 1; }
	# what the library needs from outside itself (sanitizer and coverage
	# hooks belong to the build, not to the code)
	nm -g "$a" 2>/dev/null | awk '$1 == "U" { print $2 }' |
		grep -v -E '^(__asan_|__ubsan_|__sanitizer_|__sancov_|__lsan_|__msan_|__tsan_|__gcov_|_GLOBAL_OFFSET_TABLE_$)' |
		sort -u >"$work/undef"
	comm -23 "$work/undef" "$(defined "$lib")" >"$work/need"
	cp "$work/need" "$work/unmet"
	for d in ${deps[$lib]//,/ }; do
		used=$(comm -12 "$work/need" "$(defined "$d")" | wc -l)
		if [ "$used" -eq 0 ]; then
			echo "EXTRA: $lib links $d but uses nothing of it"
			lib_bad=1
		fi
		comm -23 "$work/unmet" "$(defined "$d")" >"$work/unmet.next"
		mv "$work/unmet.next" "$work/unmet"
	done
	comm -23 "$work/unmet" "$work/system" >"$work/missing"
	while read -r sym; do
		[ -n "$sym" ] || continue
		from=""
		for o in "${libs[@]}" "${!shared[@]}"; do
			grep -qx -- "$sym" "$(defined "$o")" && from="$o" && break
		done
		echo "MISSING: $lib uses $sym${from:+ (from $from)} but does not link ${from:-what defines it}"
		lib_bad=1
	done <"$work/missing"
	if [ $lib_bad -eq 0 ]; then
		echo "ok: $lib -> ${deps[$lib]:-(nothing)}"
	else
		bad=1
	fi
done
if [ $bad -ne 0 ]; then
	echo "link_lines: a library's target_link_libraries does not say what it uses (see above)"
	exit 1
fi
echo "link_lines: ${#libs[@]} libraries, every link line exact"
