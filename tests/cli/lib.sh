# tests/cli/lib.sh: the harness the CLI suites share.  A suite sets
# SUITE (the label of its lines) and B (the build directory), then
# sources this file.
#
# It sets CT (the binary under test), LC_ALL=C and TZ=UTC, and W, a
# scratch directory removed on exit; counts checks in pass and fail.
# ok and bad count one check (bad prints "SUITE: FAIL: ..."); run keeps
# a command's output in $W and checks its exit status; has and lacks look
# for a fixed string in it; finish prints "SUITE: N passed, N failed" and
# is the suite's exit status.
CT="$B/ctriage"
export LC_ALL=C TZ=UTC
W=$(mktemp -d "${TMPDIR:-/tmp}/ctriage-$SUITE.XXXXXX")
trap 'rm -rf "$W"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "$SUITE: FAIL: $*"; }

# run NAME EXPECTED_RC ARGS...: run ctriage, keep stdout/stderr in $W.
run() {
	name=$1 want=$2
	shift 2
	"$CT" "$@" >"$W/$name.out" 2>"$W/$name.err"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		bad "$name: exit $rc, want $want: $(head -c 300 "$W/$name.err")"
		return 1
	fi
	ok
	return 0
}
# has NAME STREAM PATTERN: the output contains the fixed string.
has() {
	if grep -qF -- "$3" "$W/$1.$2"; then ok; else
		bad "$1: $2 lacks '$3'"; fi
}
# lacks NAME STREAM PATTERN: the output does not contain it.
lacks() {
	if grep -qF -- "$3" "$W/$1.$2"; then bad "$1: $2 has '$3'"; else
		ok; fi
}
finish() {
	echo "$SUITE: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
