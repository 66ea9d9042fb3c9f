#!/bin/sh
# check-corpus.sh BUILD_DIR CORPUS: read the shared real-world corpus
# through ingest and classification with the sanitized binary.
#
# The corpus is never copied into the project; when it is absent this
# check says so and passes.  It reads the corpus as a directory, then
# packed as a zip and as a tar.gz, and checks that all three readings list
# the same members, that nothing crashed (ASan/UBSan abort the run), and
# prints how the members were classified.
set -u
B=${1:-build/san}
CORPUS=${2:-../shared/corpus}
CT="$B/ctriage"
export LC_ALL=C TZ=UTC
pass=0
fail=0

if [ ! -d "$CORPUS" ]; then
	echo "check-corpus: $CORPUS is absent; skipping the corpus checks"
	echo "corpus: 0 passed, 0 failed"
	exit 0
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/ctriage-corpus.XXXXXX")
trap 'rm -rf "$W"' EXIT
files=$(find "$CORPUS" -type f | wc -l)
echo "check-corpus: $files files under $CORPUS"

# read NAME INPUT: inventory INPUT, keep the artifact table.
read_one() {
	if "$CT" inventory -q "$2" >"$W/$1.txt" 2>"$W/$1.err"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "check-corpus: FAIL: inventory of $1 exited $?"
		cat "$W/$1.err"
	fi
	# KIND NODE POD BYTES PATH: drop the input-specific first line.
	awk '/^ARTIFACTS/{t=1; next} /^$/{t=0} t && $1 != "KIND" {print $1, $4, $5}' \
	    "$W/$1.txt" | sed 's|^\([^ ]* [^ ]*\) [^/]*/|\1 |' | sort >"$W/$1.list"
}

read_one directory "$CORPUS"
"$B/mkarchive" -f zip -o "$W/corpus.zip" "$CORPUS" && read_one zip "$W/corpus.zip"
"$B/mkarchive" -f tar.gz -o "$W/corpus.tgz" "$CORPUS" && read_one tar.gz "$W/corpus.tgz"

n=$(wc -l <"$W/directory.list")
if [ "$n" -eq "$files" ]; then pass=$((pass + 1)); else
	fail=$((fail + 1))
	echo "check-corpus: FAIL: $n artifacts listed for $files files"
fi
for f in zip tar.gz; do
	if cmp -s "$W/directory.list" "$W/$f.list"; then pass=$((pass + 1)); else
		fail=$((fail + 1))
		echo "check-corpus: FAIL: the $f reading differs from the directory's"
		diff "$W/directory.list" "$W/$f.list" | head -5
	fi
done

# Each corpus program parses one family of files and ends with a line
# "<name>: N passed, N failed".
for prog in "$B"/corpus/corpus_*; do
	[ -x "$prog" ] || continue
	out=$("$prog" "$CORPUS" 2>&1)
	rc=$?
	printf '%s\n' "$out" | sed 's/^/  /'
	p=$(printf '%s\n' "$out" | sed -n 's/^[a-z_]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' | tail -n 1)
	f=$(printf '%s\n' "$out" | sed -n 's/^[a-z_]*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' | tail -n 1)
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-0}))
	if [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
		fail=$((fail + 1))
		echo "check-corpus: FAIL: $prog exited $rc"
	fi
done

echo "check-corpus: artifacts by kind:"
awk '{print $1}' "$W/directory.list" | sort | uniq -c | sort -rn | sed 's/^/  /'
echo "corpus: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
