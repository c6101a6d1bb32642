#!/usr/bin/env bash
# Runs the whole CTest suite N times in a row while CPU hogs keep every core
# busy, stops at the first failure, and prints a summary. A test that fails
# here fails by timing: fix it, do not retry it.
#
#   tests/stress.sh [-n RUNS] [-j JOBS] [-H HOGS] [BUILD_DIR]
#
#   RUNS      suite runs (default 20)
#   JOBS      ctest -j (default 2)
#   HOGS      busy loops beside the suite (default: one per core, nproc)
#   BUILD_DIR an already built tree (default: build)
#
# Each run's ctest output is kept in a temporary directory named at the end.
# Exit status: 0 when every run passed, 1 at the first failing run, 2 on
# bad usage.
set -uo pipefail

runs=20
jobs=2
hogs=$(nproc)
while getopts "n:j:H:h" o; do
	case $o in
	n) runs=$OPTARG ;;
	j) jobs=$OPTARG ;;
	H) hogs=$OPTARG ;;
	*) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
build=${1:-build}
for v in "$runs" "$jobs" "$hogs"; do
	[[ $v =~ ^[0-9]+$ ]] || { echo "stress: '$v' is not a number" >&2; exit 2; }
done
[ -f "$build/CTestTestfile.cmake" ] || { echo "stress: $build is not a built CMake tree with tests" >&2; exit 2; }

logs=$(mktemp -d "${TMPDIR:-/tmp}/cellink-stress.XXXXXX")
hog_pids=()
stop_hogs() {
	for p in "${hog_pids[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	for p in "${hog_pids[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	hog_pids=()
}
ctest_pid=""
trap stop_hogs EXIT
# interrupted: end the running suite too (ctest ends its tests), then stop
trap '[ -z "$ctest_pid" ] || kill "$ctest_pid" 2>/dev/null; exit 130' INT TERM

for ((h = 0; h < hogs; h++)); do
	bash -c 'while :; do :; done' &
	hog_pids+=($!)
done

echo "stress: $runs run(s) of the suite in $build, ctest -j$jobs, $hogs CPU hog(s); logs in $logs"
passed_runs=0
tests_total=0
skipped_total=0
failed_run=""
start=$SECONDS
for ((i = 1; i <= runs; i++)); do
	log="$logs/run-$i.log"
	t0=$SECONDS
	# in the background, so that a signal reaches the trap at once
	ctest --test-dir "$build" -j "$jobs" --output-on-failure >"$log" 2>&1 &
	ctest_pid=$!
	wait "$ctest_pid"
	rc=$?
	ctest_pid=""
	n=$(sed -n 's/.*tests failed out of \([0-9]*\).*/\1/p' "$log" | tail -n 1)
	s=$(grep -c '\*\*\*Skipped' "$log")
	f=$(grep -c '\*\*\*Failed\|\*\*\*Timeout\|\*\*\*Exception\|(Not Run)' "$log")
	printf 'run %d/%d: %s tests, %s failed, %s skipped, %d s\n' "$i" "$runs" "${n:-?}" "$f" "$s" $((SECONDS - t0))
	if [ "$rc" -ne 0 ] || [ -z "$n" ]; then
		failed_run=$i
		break
	fi
	passed_runs=$((passed_runs + 1))
	tests_total=$((tests_total + n))
	skipped_total=$((skipped_total + s))
done
stop_hogs

echo "== stress summary"
echo "runs passed: $passed_runs of $runs (test executions: $tests_total, of which skipped: $skipped_total)"
echo "time: $((SECONDS - start)) s"
if [ -n "$failed_run" ]; then
	echo "run $failed_run FAILED; its failing tests:"
	sed -n '/The following tests FAILED/,$p' "$logs/run-$failed_run.log"
	echo "whole output: $logs/run-$failed_run.log"
	exit 1
fi
echo "failures: 0"
