#!/bin/sh
# run-tests.sh BUILD_DIR: run every unit test binary, then the CLI tests,
# and finish with one "N passed, N failed" line.  Exit status is non-zero
# when anything failed.
#
# Each cmocka binary prints its own summary; we add up its PASSED/FAILED
# counts.  A binary that crashes before its summary counts as one failure.
set -u
B=${1:-build/san}
passed=0
failed=0
export LC_ALL=C TZ=UTC
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export CTRIAGE_BUILD=$B

for t in "$B"/tests/test_*; do
	[ -x "$t" ] || continue
	out=$("$t" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$rc" -ne 0 ] && [ -z "$f" ]; then
		echo "$t: exited with status $rc before its summary"
		failed=$((failed + 1))
	fi
done

# suite SCRIPT LABEL: run `sh SCRIPT $B` when it exists and add the
# counts of its "LABEL: N passed, N failed" line.  A suite that fails
# without that line counts as one failure.
suite() {
	[ -f "$1" ] || return 0
	out=$(sh "$1" "$B" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | sed -n "s/^$2: \([0-9]*\) passed, \([0-9]*\) failed\$/\1/p" | tail -n 1)
	f=$(printf '%s\n' "$out" | sed -n "s/^$2: \([0-9]*\) passed, \([0-9]*\) failed\$/\2/p" | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$rc" -ne 0 ] && [ -z "$f" ]; then
		failed=$((failed + 1))
	fi
}

suite tests/cli/run.sh cli
suite tests/cli/report.sh cli-report
suite tests/cli/trace.sh cli-trace
suite tests/scenarios/run.sh scenarios

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
