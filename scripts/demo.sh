#!/bin/sh
# demo.sh: pack the demo sysdump in testdata/ into a zip, the way
# `cilium sysdump` ships it, and analyze it with the rules of rules/.
# Run by `make demo`.
set -eu
B=${B:-build}
tree=testdata/sysdump/cilium-sysdump-20250601-101500
zip="$B/demo/cilium-sysdump-20250601-101500.zip"

make --no-print-directory -s "$B/mkarchive" >/dev/null
mkdir -p "$B/demo"
"$B/mkarchive" -f zip -o "$zip" "$tree"
echo "\$ ctriage analyze $zip"
./ctriage analyze "$zip"
