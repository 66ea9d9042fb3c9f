#!/bin/sh
# tests/cli/run.sh BUILD_DIR: end-to-end tests of the ctriage binary.
#
# Each case runs the (sanitized) binary under LC_ALL=C TZ=UTC and checks
# its exit status and output.  Archives are packed at test time with
# BUILD_DIR/mkarchive from text trees, so git holds no binary fixtures.
# Prints one line per failure, then "cli: N passed, N failed".
set -u
B=${1:-build/san}
SUITE=cli
. "$(dirname "$0")/lib.sh"
MK="$B/mkarchive"
unset NO_COLOR

# lines NAME STREAM N: the output has N lines.
lines() {
	n=$(wc -l <"$W/$1.$2")
	if [ "$n" -eq "$3" ]; then ok; else
		bad "$1: $2 has $n lines, want $3"; fi
}

# A small sysdump tree: one agent, its bugtool, a log, the pod list.
S="$W/tree/cilium-sysdump-20250601-101500"
mkdir -p "$S/cilium-bugtool-cilium-aaaaa-20250601-101500/cmd"
cat >"$S/k8s-pods-20250601-101500.yaml" <<'YAML'
apiVersion: v1
items:
- metadata:
    labels:
      k8s-app: cilium
    name: cilium-aaaaa
    namespace: kube-system
  spec:
    nodeName: node-a
kind: List
metadata:
  resourceVersion: ""
YAML
printf 'level=info msg="Starting"\n' >"$S/logs-cilium-aaaaa-cilium-agent-20250601-101500.log"
printf 'KVStore: Ok\n' >"$S/cilium-bugtool-cilium-aaaaa-20250601-101500/cmd/cilium-dbg-status---verbose.md"
printf '🔍 Collecting Kubernetes pods\n' >"$S/cilium-sysdump.log"
"$MK" -f zip -o "$W/sd.zip" "$S" || bad "mkarchive zip"
"$MK" -f tar.gz -o "$W/sd.tgz" "$S" || bad "mkarchive tar.gz"
cp "$W/sd.zip" "$W/no-extension"

# --- usage and exit codes ---------------------------------------------
run version 0 --version && has version out "ctriage "
run help 0 --help && has help out "inventory"
run help_cmd 0 help inventory && has help_cmd out "--max-member-size"
run noargs 2
run unknown_cmd 2 frobnicate && has unknown_cmd err "unknown command 'frobnicate'"
run unknown_opt 2 inventory --bogus "$W/sd.zip" && has unknown_opt err "unknown option"
run bad_format 2 inventory --format xml "$W/sd.zip" && has bad_format err "unknown format 'xml'"
run bad_size 2 inventory --max-member-size 12Q "$W/sd.zip"
run no_input 2 inventory
run two_inputs 2 inventory "$W/sd.zip" "$W/sd.zip"

# --- unreadable input: one line naming the file, exit 3 ---------------
run missing 3 inventory "$W/nope.zip" && lines missing err 1 && has missing err "$W/nope.zip"
printf 'not an archive\n' >"$W/plain.txt"
run notarchive 3 inventory "$W/plain.txt" && lines notarchive err 1 && has notarchive err "not a zip or tar archive"

# --- the same sysdump as zip, tar.gz, directory and without a name -----
run zip 0 inventory "$W/sd.zip" && has zip out "input:         $W/sd.zip (zip)"
has zip out "sysdump time:  2025-06-01 10:15:00"
has zip out "nodes (1):     node-a"
has zip out "agent-log"
has zip out "bugtool-status"
run tgz 0 inventory "$W/sd.tgz" && has tgz out "(tar.gz)"
run noext 0 inventory "$W/no-extension" && has noext out "(zip)"
run dir 0 inventory "$S" && has dir out "(directory)"
for f in tgz noext dir; do
	if [ "$(sed 1d "$W/zip.out")" = "$(sed 1d "$W/$f.out")" ]; then ok; else
		bad "$f: report differs from the zip's"; fi
done

# --- JSON, determinism, -o --------------------------------------------
run json 0 inventory --format json "$W/sd.zip"
has json out '"schema": "ctriage/inventory/v1"'
has json out '"kind": "bugtool-status"'
has json out '"node": "node-a"'
run json2 0 inventory -f json "$W/sd.zip"
if cmp -s "$W/json.out" "$W/json2.out"; then ok; else bad "json: not deterministic"; fi
run outfile 0 inventory -q --format json -o "$W/report.json" "$W/sd.zip"
lines outfile out 0
if cmp -s "$W/json.out" "$W/report.json"; then ok; else bad "-o: file differs from stdout"; fi
run options_after 0 inventory "$W/sd.zip" --format json -q
if [ -w /dev/full ]; then
	run devfull 4 inventory -o /dev/full "$W/sd.zip" && has devfull err "cannot write"
fi

# --- hostile input: truncated archive, hostile names, bomb -------------
head -c 300 "$W/sd.tgz" >"$W/cut.tgz"
run cut_tgz 3 inventory "$W/cut.tgz" && lines cut_tgz err 1 && has cut_tgz err "truncated gzip input"
# A zip cut inside a member's data: the members before it stand.
od -An -tx1 -v -N 150000 /dev/urandom >"$S/logs-cilium-aaaaa-mount-cgroup-20250601-101500.log"
"$MK" -f zip -o "$W/big.zip" "$S" || bad "mkarchive big zip"
size=$(wc -c <"$W/big.zip")
head -c $((size / 2)) "$W/big.zip" >"$W/cut.zip"
run cut_zip 0 inventory "$W/cut.zip" && has cut_zip out "SKIPPED" && has cut_zip err "skipped"
has cut_zip out "bugtool-status"
has cut_zip out "mount-cgroup-20250601-101500.log: "
mkdir -p "$W/bomb/b"
head -c 67108864 /dev/zero >"$W/bomb/b/zeros.log"
printf 'fine\n' >"$W/bomb/b/z-after.txt"
"$MK" -f tar.gz -o "$W/bomb.tgz" "$W/bomb/b" || bad "mkarchive bomb"
run bomb 0 inventory "$W/bomb.tgz" && has bomb out "decompression bomb" && has bomb out "b/z-after.txt"
run bomb_quiet 0 inventory -q --max-ratio 100000 "$W/bomb.tgz" && lacks bomb_quiet out "decompression bomb"
run limit 0 inventory --max-members 2 "$W/sd.zip" && has limit out "member limit of 2 reached"
run depth 0 inventory --max-depth 0 "$W/sd.zip"

# --- the demo sysdump: zip, directory, nested bugtools, truncated one ---
D=testdata/sysdump/cilium-sysdump-20250601-101500
if [ -d "$D" ]; then
	# KIND NODE POD, with the path's container part made neutral.
	cols() {
		awk '/^ARTIFACTS/{t=1; next} /^$/{t=0} t && $1 != "KIND" {print $1, $2, $3}' \
		    "$W/$1.out" | sort
	}
	"$MK" -f zip -o "$W/demo.zip" "$D" || bad "mkarchive demo"
	run demo_zip 0 inventory -q "$W/demo.zip"
	run demo_dir 0 inventory -q "$D"
	has demo_zip out ", 0 unknown, 0 skipped, 1 missing"
	has demo_zip out "collection failed: cilium-bugtool-cilium-r9vtb"
	if [ "$(sed 1d "$W/demo_zip.out")" = "$(sed 1d "$W/demo_dir.out")" ]; then
		ok; else bad "demo: directory and zip reports differ"; fi
	# Older collectors leave each bugtool as a tar.gz whose top directory
	# is the bugtool's own name: pack them so, nested in the zip.
	mkdir -p "$W/nested"
	cp -R "$D" "$W/nested/"
	N="$W/nested/cilium-sysdump-20250601-101500"
	for bt in "$N"/cilium-bugtool-*; do
		[ -d "$bt" ] || continue
		mkdir -p "$bt.tar.gz"
		mv "$bt" "$bt.tar.gz/cilium-bugtool-20250601-101502-4711"
	done
	"$MK" -f zip -o "$W/demo-nested.zip" "$N" || bad "mkarchive nested"
	run demo_nested 0 inventory -q "$W/demo-nested.zip"
	has demo_nested out "(archive, read in memory)"
	has demo_nested out ", 0 unknown, 0 skipped, 1 missing"
	cols demo_zip >"$W/c1"
	cols demo_nested | grep -v '^bugtool-archive ' >"$W/c2"
	if cmp -s "$W/c1" "$W/c2"; then ok; else
		bad "demo: nested bugtools classify differently"; diff "$W/c1" "$W/c2" | head -5; fi
	# One nested bugtool truncated: everything else still there, exit 0.
	for bt in "$N"/cilium-bugtool-*.tar.gz; do
		"$MK" -f tar.gz -o "$W/bt.tgz" "$bt/cilium-bugtool-20250601-101502-4711" &&
		    rm -rf "$bt" && head -c $(($(wc -c <"$W/bt.tgz") / 2)) "$W/bt.tgz" >"$bt"
		break
	done
	"$MK" -f zip -o "$W/demo-cut.zip" "$N" || bad "mkarchive cut"
	run demo_cut 0 inventory "$W/demo-cut.zip"
	# The archive, and the member being read when its data ran out.
	has demo_cut out "SKIPPED (2)"
	has demo_cut err "skipped 'cilium-sysdump-20250601-101500/cilium-bugtool-cilium-m4zqd-20250601-101500.tar.gz'"
	has demo_cut out "k8s-pods-20250601-101500.yaml"
	has demo_cut out "cilium-bugtool-cilium-x7k2p-20250601-101500.tar.gz/cilium-bugtool-20250601-101502-4711/cmd/cilium-dbg-status---verbose.md"
fi

# --- get: the demo cluster's facts (testdata/README.md) ----------------
if [ -d "$D" ]; then
	# rows NAME N: the table has N rows (plus its header).
	rows() {
		n=$(($(wc -l <"$W/$1.out") - 1))
		if [ "$n" -eq "$2" ]; then ok; else
			bad "$1: $n rows, want $2"; fi
	}
	run get_nodes 0 get -q "$W/demo.zip" nodes && rows get_nodes 3
	has get_nodes out "kind-worker2         true    172.18.0.4    10.244.2.0/24   cilium-r9vtb"
	run get_pods_shop 0 get -q "$W/demo.zip" pods -n shop && rows get_pods_shop 5
	run get_pods_sel 0 get -q "$D" po -l 'app=backend' && rows get_pods_sel 2
	run get_pods_notin 0 get -q "$D" po -n shop -l 'app notin (backend,db)' && rows get_pods_notin 2
	run get_eps 0 get -q "$W/demo.zip" endpoints -n shop && rows get_eps 5
	has get_eps out "shop        backend-5b6d7c8f9-tx8vw    kind-worker        1931      50541   10.244.1.87    ready"
	run get_ids 0 get -q "$W/demo.zip" identities -l app=frontend && rows get_ids 1
	has get_ids out "21093"
	run get_svc 0 get -q "$W/demo.zip" svc -n shop && rows get_svc 3
	has get_svc out "frontend   ClusterIP   10.96.148.20   80:8080/TCP     2"
	has get_svc out "backend    ClusterIP   10.96.52.181   8080:http/TCP"
	run get_pol 0 get -q "$W/demo.zip" policies && rows get_pol 7
	has get_pol out "CiliumClusterwideNetworkPolicy   -            kube-dns-ingress"
	run get_pol_json 0 get -q "$W/demo.zip" policies -n shop -o json
	has get_pol_json out '"name": "backend-ingress"'
	has get_pol_json out '"shop/backend-5b6d7c8f9-tx8vw"'
	has get_pol_json out 'ciliumnetworkpolicies-20250601-101500.yaml:66"'
	run get_pol_yaml 0 get -q "$W/demo.zip" pol -n shop -o yaml
	has get_pol_yaml out "  kind: CiliumNetworkPolicy"
	run get_json2 0 get -q "$W/demo.zip" policies -n shop -o json
	if cmp -s "$W/get_pol_json.out" "$W/get_json2.out"; then ok; else
		bad "get: json not deterministic"; fi
	run get_flows 0 get -q "$W/demo.zip" flows && rows get_flows 381
	run get_drops 0 get -q "$W/demo.zip" flows -n shop -l app=backend -o json
	has get_drops out '"drop_reason": "POLICY_DENIED"'
	has get_drops out '"dst_port": 8080'
	run get_events 0 get -q "$W/demo.zip" events
	has get_events out "fatal     kind-worker2         cilium-r9vtb   failed to start"
	run get_events_l 2 get -q "$W/demo.zip" events -l app=x
	has get_events_l err "label selectors do not apply to events"
	run get_badkind 2 get "$W/demo.zip" widgets && has get_badkind err "unknown kind 'widgets'"
	run get_badsel 2 get -q "$W/demo.zip" pods -l 'app in web' && has get_badsel err "invalid selector"
	run get_badfmt 2 get "$W/demo.zip" pods -o xml
	run get_missing 3 get "$W/nope.zip" pods
	run get_none 0 get -q "$W/demo.zip" pods -n nosuchns && has get_none out "No resources found."
fi

# --- rules and analyze -------------------------------------------------
export CTRIAGE_RULES_DIR=rules
run rules_list 0 rules list && has rules_list out "POL-INVALID-STATUS"
has rules_list out "SYSDUMP-INCOMPLETE             low"
run rules_show 0 rules show POL-INVALID-STATUS && has rules_show out "Why it bites:"
run rules_nosuch 2 rules show NO-SUCH-RULE
printf 'id: BAD-RULE\ntitle: t\nseverity: severe\n' >"$W/bad-rule.yaml"
run rules_bad 2 rules list --rules "$W/bad-rule.yaml"
has rules_bad err "bad-rule.yaml:3: severity 'severe' must be one of"
if [ -d "$D" ]; then
	run analyze 0 analyze -q "$W/demo.zip"
	has analyze out "cluster:  kind-kind, Cilium 1.16.5, Kubernetes v1.29.2, 3 nodes"
	has analyze out "SYSDUMP-INCOMPLETE"
	run analyze_json 0 analyze -q --format json "$W/demo.zip"
	has analyze_json out '"schema": "ctriage/report/v1"'
	has analyze_json out '"rules_not_evaluated": ['
	has analyze_json out '"rank": 1,'
	run analyze_json2 0 analyze -q -f json "$W/demo.zip"
	if cmp -s "$W/analyze_json.out" "$W/analyze_json2.out"; then ok; else
		bad "analyze: json not deterministic"; fi
	run analyze_out 0 analyze -q -o "$W/report.txt" "$W/demo.zip" && lines analyze_out out 0
	run analyze_bad_rules 2 analyze --rules "$W/bad-rule.yaml" "$W/demo.zip"
fi
run analyze_missing 3 analyze "$W/nope.zip"
run analyze_noinput 2 analyze
unset CTRIAGE_RULES_DIR

finish
