#!/bin/sh
# tests/scenarios/run.sh BUILD_DIR [NAME...]: end-to-end rule scenarios.
#
# Each tests/scenarios/<name>/ (names starting with "_" are bases, not
# scenarios) holds:
#   README   what the scenario plants and the Cilium behaviour it rests on;
#   spec     how to build its sysdump and what `ctriage analyze` must say;
#   tree/    files laid over the sysdump root (cilium-sysdump-<ts>/), each
#            replacing the base's file of the same path (optional).
#
# The sysdump is assembled in a temporary directory: the base's tree (built
# the same way, recursively), then the spec's `remove` and `edit` lines in
# order, then tree/.  It is packed with BUILD_DIR/mkarchive (zip unless the
# spec says otherwise) and analyzed, as text and as JSON, with the rules of
# rules/.  Directives of spec, one per line ("#" starts a comment):
#
#   base NAME          start from tests/scenarios/_base/NAME (default
#                      "healthy"); "demo" is testdata's demo sysdump
#   remove GLOB        delete files matching GLOB (relative to the root)
#   edit GLOB SCRIPT   run `sed -e SCRIPT` in place over files matching GLOB
#   format FMT         zip, tar, tar.gz, or dir (no packing)
#   args ARG...        extra arguments for analyze (word-split)
#   top RULE           the rank-1 finding is RULE
#   has RULE [SEV]     some finding is RULE (with severity SEV)
#   absent RULE        no finding is RULE
#   count RULE N       exactly N findings are RULE
#   max-severity SEV   no finding is above SEV
#   text STRING        the text report contains STRING (the rest of the line)
#   no-text STRING     the text report does not contain STRING
#   json STRING        the JSON report contains STRING
#   not-evaluated RULE RULE is listed as not evaluated
#   evaluated RULE     RULE ran (it is not listed as not evaluated)
#   all-evaluated      no rule is listed as not evaluated
#
# With SCENARIO_OUT=DIR set, each scenario's text and JSON reports are
# also kept in DIR/<name>/, so that two builds can be compared report by
# report (a refactoring must leave them byte-identical).
#
# Every check directive counts as one test; a scenario whose sysdump cannot
# be built or whose analysis does not exit 0 counts as one failure.  Prints
# a line per failure, then "scenarios: N passed, N failed".
set -u
B=${1:-build/san}
shift 2>/dev/null || true
CT="$B/ctriage"
MK="$B/mkarchive"
D=tests/scenarios
ROOTNAME=cilium-sysdump-20250601-101500
DEMO=testdata/sysdump/$ROOTNAME
export LC_ALL=C TZ=UTC CTRIAGE_RULES_DIR=rules
unset NO_COLOR
W=$(mktemp -d "${TMPDIR:-/tmp}/ctriage-scen.XXXXXX")
trap 'rm -rf "$W"' EXIT
pass=0
fail=0

bad() { fail=$((fail + 1)); echo "scenarios: FAIL: $*"; }
ok() { pass=$((pass + 1)); }

# directives FILE: the spec's lines without comments and blank lines.
directives() {
	sed -e 's/^[[:space:]]*//' -e '/^#/d' -e '/^$/d' "$1"
}

# assemble DIR DEST [DEPTH]: build DIR's sysdump tree into DEST (which must
# not exist).  Returns non-zero, with a message, when it cannot.
assemble() {
	dir=$1 dest=$2 depth=${3:-0}
	if [ "$depth" -gt 8 ]; then
		echo "base chain too deep at $dir"
		return 1
	fi
	base=healthy
	case $dir in "$D"/_base/*) base= ;; esac
	if [ -f "$dir/spec" ]; then
		b=$(directives "$dir/spec" | sed -n 's/^base[[:space:]]\{1,\}//p' |
		    tail -n 1)
		[ -n "$b" ] && base=$b
	fi
	case $base in
	"")	echo "$dir: a base must name its own base"
		return 1 ;;
	demo)	cp -R "$DEMO" "$dest" || return 1 ;;
	*)	if [ ! -d "$D/_base/$base" ]; then
			echo "$dir: no base '$base'"
			return 1
		fi
		(assemble "$D/_base/$base" "$dest" $((depth + 1))) || return 1 ;;
	esac
	if [ -f "$dir/spec" ]; then
		directives "$dir/spec" | while read -r verb a1 rest; do
			case $verb in
			remove)	(cd "$dest" && for f in $a1; do
					[ -e "$f" ] || { echo "$dir: remove $a1: no match"; exit 1; }
					rm -rf "$f"; done) || exit 1 ;;
			edit)	(cd "$dest" && for f in $a1; do
					[ -f "$f" ] || { echo "$dir: edit $a1: no match"; exit 1; }
					sed -i -e "$rest" "$f" || exit 1; done) || exit 1 ;;
			esac
		done || return 1
	fi
	if [ -d "$dir/tree" ]; then
		cp -R "$dir/tree/." "$dest/" || return 1
	fi
	return 0
}

# severity rank: info 0 .. critical 4
sevn() {
	case $1 in
	info|INFO) echo 0 ;; low|LOW) echo 1 ;; medium|MEDIUM) echo 2 ;;
	high|HIGH) echo 3 ;; critical|CRITICAL) echo 4 ;; *) echo 9 ;;
	esac
}

run_scenario() {
	name=$1 dir=$D/$1
	s=$W/$name
	mkdir -p "$s"
	if [ ! -f "$dir/spec" ] || [ ! -s "$dir/README" ]; then
		bad "$name: needs a spec and a README"
		return
	fi
	msg=$(assemble "$dir" "$s/$ROOTNAME" 2>&1)
	if [ $? -ne 0 ]; then
		bad "$name: cannot build the sysdump: $msg"
		return
	fi
	fmt=$(directives "$dir/spec" | sed -n 's/^format[[:space:]]\{1,\}//p' |
	    tail -n 1)
	args=$(directives "$dir/spec" | sed -n 's/^args[[:space:]]\{1,\}//p' |
	    tail -n 1)
	case ${fmt:-zip} in
	dir)	in=$s/$ROOTNAME ;;
	*)	in=$s/sysdump.${fmt:-zip}
		if ! "$MK" -f "${fmt:-zip}" -o "$in" "$s/$ROOTNAME" 2>"$s/mk.err"
		then
			bad "$name: mkarchive: $(cat "$s/mk.err")"
			return
		fi ;;
	esac
	# shellcheck disable=SC2086
	"$CT" analyze "$in" $args >"$s/out.txt" 2>"$s/err.txt"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		bad "$name: analyze exited $rc: $(head -c 300 "$s/err.txt")"
		return
	fi
	# shellcheck disable=SC2086
	"$CT" analyze "$in" $args --format json >"$s/out.json" 2>/dev/null
	if [ -n "${SCENARIO_OUT:-}" ]; then
		mkdir -p "$SCENARIO_OUT/$name"
		cp "$s/out.txt" "$s/out.json" "$SCENARIO_OUT/$name/"
	fi
	# "#RANK SEV RULE: title" headers: one per finding, in rank order.
	sed -n 's/^#\([0-9][0-9]*\) \([A-Z]*\) \([A-Z0-9-]*\): .*/\1 \2 \3/p' \
	    "$s/out.txt" >"$s/found"
	sed -n '/^NOT EVALUATED/,/^$/s/^  \([A-Z0-9-]*\) .*/\1/p' \
	    "$s/out.txt" >"$s/skipped"
	directives "$dir/spec" >"$s/spec"
	while read -r verb a1 rest; do
		case $verb in
		base|remove|edit|format|args) ;;
		top)
			got=$(sed -n '1s/^1 [A-Z]* //p' "$s/found")
			if [ "$got" = "$a1" ]; then ok; else
				bad "$name: top is '${got:-nothing}', want $a1"; fi ;;
		has)
			if [ -n "$rest" ]; then
				want=$(echo "$rest" | tr a-z A-Z)
				if grep -q "^[0-9]* $want $a1\$" "$s/found"; then ok
				else bad "$name: no $want finding $a1"; fi
			elif grep -q " $a1\$" "$s/found"; then ok
			else bad "$name: no finding $a1"; fi ;;
		absent)
			if grep -q " $a1\$" "$s/found"; then
				bad "$name: unexpected finding $a1"; else ok; fi ;;
		count)
			n=$(grep -c " $a1\$" "$s/found")
			if [ "$n" -eq "$rest" ]; then ok; else
				bad "$name: $n findings $a1, want $rest"; fi ;;
		max-severity)
			max=$(sevn "$a1") worst=
			while read -r _ sev rule; do
				if [ "$(sevn "$sev")" -gt "$max" ]; then
					worst="$worst $rule($sev)"; fi
			done <"$s/found"
			if [ -z "$worst" ]; then ok; else
				bad "$name: above $a1:$worst"; fi ;;
		text|no-text|json)
			str="$a1${rest:+ $rest}"
			f=$s/out.txt
			[ "$verb" = json ] && f=$s/out.json
			if grep -qF -- "$str" "$f"; then
				if [ "$verb" = no-text ]; then
					bad "$name: text has '$str'"; else ok; fi
			elif [ "$verb" = no-text ]; then ok
			else bad "$name: $verb lacks '$str'"; fi ;;
		not-evaluated)
			if grep -qx "$a1" "$s/skipped"; then ok; else
				bad "$name: $a1 is not listed as not evaluated"; fi ;;
		evaluated)
			if grep -qx "$a1" "$s/skipped"; then
				bad "$name: $a1 was not evaluated: $(grep -F "  $a1 " "$s/out.txt")"
			else ok; fi ;;
		all-evaluated)
			if [ -s "$s/skipped" ]; then
				bad "$name: not evaluated: $(tr '\n' ' ' <"$s/skipped")"
			else ok; fi ;;
		*)	bad "$name: unknown directive '$verb'" ;;
		esac
	done <"$s/spec"
}

if [ $# -gt 0 ]; then
	names=$*
else
	names=$(cd "$D" && for d in */; do
		case $d in _*) ;; *) printf '%s\n' "${d%/}" ;; esac
	done)
fi
for n in $names; do
	run_scenario "$n"
done
echo "scenarios: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
