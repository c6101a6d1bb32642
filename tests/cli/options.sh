#!/usr/bin/env bash
# One table of options: the program's --help, the bash completion and
# cellink(8) made from it at build time agree, and the parsers read what the
# table says (the --mode auto fallback, --ip-type's spellings).
# usage: options.sh CELLINK COMPLETION MAN_PAGE
set -u
cellink=$1 completion=$2 manpage=$3
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }

commands="decode encode config doctor connect daemon status signal info disconnect reconnect at"

# --help starts with its usage line, for every command
for c in $commands; do
	first=$("$cellink" "$c" --help | head -1)
	[[ "$first" == "usage: cellink $c"* ]] && ok "$c --help starts with its usage line" \
		|| bad "$c --help starts with '$first'"
done

# The completion, loaded with stand-ins for bash-completion's helpers.
_init_completion() { cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}
	words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; }
_filedir() { COMPREPLY=(FILE); }
complete() { :; }
# shellcheck disable=SC1090
source "$completion" || bad "the completion does not load"
complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _cellink; echo "${COMPREPLY[*]}"; }

got=$(complete_words cellink "")
for c in $commands; do
	[[ " $got " == *" $c "* ]] || bad "the completion does not offer the command $c"
done
ok "the completion offers every command ($got)"

# every option of every command's --help is completed and in the man page, and
# nothing else is
man_text=$(MANWIDTH=200 man -l "$manpage" 2>/dev/null)
[ -n "$man_text" ] || bad "man -l $manpage renders nothing"
for c in $commands; do
	help_opts=$( { "$cellink" "$c" --help; [ "$c" = connect ] && "$cellink" connect --mode ppp --help; } |
		grep -oE '^  --[a-z0-9-]+' | sed 's/^  //' | sort -u)
	comp_opts=$(complete_words cellink "$c" -- | tr ' ' '\n' | grep -E '^--' | sort -u)
	if [ "$help_opts" = "$comp_opts" ]; then
		ok "$c: the completion offers exactly the options of --help ($(echo $help_opts | wc -w))"
	else
		bad "$c: --help and the completion differ:"; diff <(echo "$help_opts") <(echo "$comp_opts")
	fi
	for o in $help_opts; do
		grep -qE -- "(^| )$o( |$)" <<<"$man_text" || bad "cellink(8) does not list $c $o"
	done
done
ok "cellink(8) lists every option of every --help"

got=$(complete_words cellink connect --mode "")
[ "$got" = "qmi ppp auto" ] && ok "--mode completes to qmi ppp auto" || bad "--mode completes to '$got'"
got=$(complete_words cellink connect --ip-type "")
[[ " $got " == *" ipv4v6 "* ]] && ok "--ip-type completes the configuration's spelling too" \
	|| bad "--ip-type completes to '$got'"
got=$(complete_words cellink at --port /dev/nothing-here)
[ -z "$got" ] && ok "at --port completes serial ports only" || bad "at --port completes '$got'"

# cellink(8) lists the exit statuses of connect, with their numbers
for n in 10 12 13 15 18; do
	grep -qE "^ +$n( |$)" <<<"$man_text" || bad "cellink(8) lacks exit status $n"
done
grep -q "SIM is locked, blocked or absent" <<<"$man_text" && ok "cellink(8) lists connect's exit statuses" \
	|| bad "cellink(8) lacks connect's exit statuses"

# --mode auto with a QMI-only option reaches the PPP side (it used to stop
# there on an unknown --request-timeout): with no modem, the port is missing
out=$("$cellink" connect --mode auto --request-timeout 5 --liveness 3 --port /nonexistent/ttyUSB9 \
	--apn internet 2>&1); rc=$?
if [ "$rc" = 10 ] && ! grep -qi "unknown option\|unrecognized" <<<"$out"; then
	ok "--mode auto --request-timeout falls back to PPP (exit 10: no such port)"
else
	bad "--mode auto --request-timeout: exit $rc: $out"
fi
# ... while --mode ppp alone still refuses a word no mode knows
"$cellink" connect --mode ppp --no-such-option --apn x >/dev/null 2>&1
[ $? = 2 ] && ok "an unknown option is a usage error (2)" || bad "an unknown option is not a usage error"

# --ip-type takes the configuration's spelling too
for t in ipv4 ipv6 ipv4v6 4 6 4v6; do
	out=$("$cellink" connect --device /nonexistent/cdc-wdm9 --apn internet --no-configure --ip-type $t 2>&1)
	rc=$?
	[ "$rc" != 2 ] && ! grep -q "ip-type" <<<"$out" && ok "--ip-type $t is accepted" \
		|| bad "--ip-type $t: exit $rc: $out"
done
out=$("$cellink" connect --device /nonexistent/cdc-wdm9 --apn internet --ip-type ipx 2>&1)
[ $? = 2 ] && grep -q 'ipv4v6' <<<"$out" && ok "--ip-type ipx is refused, naming the spellings" \
	|| bad "--ip-type ipx: $out"
exit $fail
