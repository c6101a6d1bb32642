#!/usr/bin/env bash
# A stand-in for pppd, for the supervision tests (test_ppp.sh). Install it
# as DIR/bin/pppd; each run records into DIR/run.N:
#   argv        one argument per line
#   env         its environment
#   opts        a copy of the options file given with "file"
#   perm        "<dir mode> <file mode>" of the options directory and file
# DIR/plan holds one action per line, consumed in order (the last is kept):
#   exit N      exit with status N straight away
#   up N        log "link up" lines like pppd, then exit N
#   up-wait     log "link up" lines, wait for SIGTERM, exit 5 (as pppd does)
# It never touches the serial line: the test's modem sees no PPP frames.
here=$(cd "$(dirname "$0")/.." && pwd)
n=1
while [ -e "$here/run.$n" ]; do n=$((n + 1)); done
out="$here/run.$n"
mkdir "$out"
printf '%s\n' "$0" "$@" >"$out/argv"
env >"$out/env"
opts=""
while [ $# -gt 0 ]; do
	if [ "$1" = file ] && [ -z "$opts" ]; then opts=$2; shift; fi
	shift
done
if [ -n "$opts" ] && [ -f "$opts" ]; then
	cp "$opts" "$out/opts"
	echo "$(stat -c %a "$(dirname "$opts")") $(stat -c %a "$opts")" >"$out/perm"
fi
plan=$(head -n 1 "$here/plan" 2>/dev/null || echo "exit 16")
if [ "$(wc -l <"$here/plan")" -gt 1 ]; then sed -i 1d "$here/plan"; fi
up() {
	echo "Using interface ppp0"
	echo "Connect: ppp0 <--> /dev/stub"
	echo "local  IP address 10.64.64.64"
	echo "remote IP address 10.64.64.65"
	echo "primary   DNS address 10.11.12.13"
}
case $plan in
"exit "*) echo "stub pppd: exiting ${plan#exit }"; exit "${plan#exit }" ;;
"up "*) up; exit "${plan#up }" ;;
up-wait)
	trap 'echo "Terminating on signal 15"; echo terminated >"$out/terminated"; exit 5' TERM
	up
	while :; do sleep 1 & wait $!; done
	;;
esac
exit 1
