#!/bin/sh
# tests/cli/report.sh BUILD_DIR: the report formats and the CI flags of
# `ctriage analyze`, end to end, on the demo sysdump (testdata/).
#
# Exact checks use two test rules of our own (config checks on the demo's
# cilium-config) selected with --only, so they do not move when the rule
# catalog grows; structure checks run over the whole catalog.  SARIF is
# checked with jq against SARIF 2.1.0's required structure, JUnit parsed
# with xmllint, HTML rendered by headless Chromium (skipped, with a
# "skipped:" line, when Chromium is not installed), Markdown tables by
# their cells.  Also: --fail-on exit codes, --min-severity, --suppress,
# --baseline, --redact (no pod name or pod IP left, rules still named,
# CIDRs coherent), colour rules, and that the manual documents every
# option of every command and `rules list` shows every rule file.
# Prints one line per failure, then "cli-report: N passed, N failed".
set -u
B=${1:-build/san}
SUITE=cli-report
. "$(dirname "$0")/lib.sh"
MK="$B/mkarchive"
export CTRIAGE_RULES_DIR=rules
unset NO_COLOR
D=testdata/sysdump/cilium-sysdump-20250601-101500

skip() { echo "cli-report: skipped: $*"; }

# check NAME COMMAND...: the command succeeds.
check() {
	name=$1
	shift
	if "$@" >/dev/null 2>&1; then ok; else bad "$name"; fi
}
# jqt NAME FILE FILTER: the jq filter holds (prints true) on FILE.
jqt() {
	if [ "$(jq -r "$3" "$2" 2>&1)" = "true" ]; then ok; else
		bad "$1: jq '$3' is not true"; fi
}

if [ ! -d "$D" ]; then
	echo "cli-report: the demo sysdump is missing"
	echo "cli-report: 0 passed, 1 failed"
	exit 1
fi
"$MK" -f zip -o "$W/demo.zip" "$D" || bad "mkarchive demo"
have_jq=0
command -v jq >/dev/null 2>&1 && have_jq=1
have_xmllint=0
command -v xmllint >/dev/null 2>&1 && have_xmllint=1

# Two rules of our own, on keys the demo's cilium-config has.
mkdir -p "$W/rules"
cat >"$W/rules/t.yaml" <<'YAML'
id: TEST-CLUSTER-NAMED
title: The cluster has a name
severity: high
category: testing
summary: s
explanation: e
remediation: r
references: ["https://docs.cilium.io/en/stable/t"]
check: {config: {key: cluster-name, op: present}}
---
id: TEST-TUNNEL
title: Tunnel routing
severity: low
category: testing
summary: s
explanation: e
remediation: r
references: ["https://docs.cilium.io/en/stable/u"]
check: {config: {key: routing-mode, op: equals, value: tunnel}}
---
id: TEST-NO-LOGS
title: never
severity: info
category: testing
summary: s
explanation: e
remediation: r
references: ["https://docs.cilium.io/"]
versions: ["<1.10"]
check: {config: {key: ipam, op: present}}
YAML
T="--rules $W/rules --only testing"

# --- formats over the whole catalog -------------------------------------
for f in text json markdown html sarif junit; do
	run "fmt_$f" 0 analyze -q -f "$f" "$W/demo.zip"
done
run fmt_md_alias 0 analyze -q -f md "$W/demo.zip"
if cmp -s "$W/fmt_md_alias.out" "$W/fmt_markdown.out"; then ok; else
	bad "md: differs from markdown"; fi
run fmt_bad 2 analyze -f xml "$W/demo.zip" && has fmt_bad err "unknown format 'xml'"
# The same sysdump, the same bytes (HTML and SARIF too).
for f in html sarif junit markdown; do
	run "again_$f" 0 analyze -q -f "$f" "$W/demo.zip"
	if cmp -s "$W/fmt_$f.out" "$W/again_$f.out"; then ok; else
		bad "$f: not deterministic"; fi
done

# SARIF 2.1.0: the schema's required members, and ours.
S="$W/fmt_sarif.out"
if [ "$have_jq" -eq 1 ]; then
	jqt sarif_top "$S" '.version == "2.1.0" and (."$schema" | test("sarif-2.1.0")) and (.runs | type == "array" and length == 1)'
	jqt sarif_driver "$S" '.runs[0].tool.driver | (.name == "ctriage") and (.version | type == "string") and (.informationUri | test("^https://"))'
	jqt sarif_rules "$S" '[.runs[0].tool.driver.rules[] | (.id | type == "string") and (.shortDescription.text | length > 0) and (.fullDescription.text | length > 0) and (.help.text | length > 0) and (.defaultConfiguration.level | IN("none","note","warning","error"))] | all'
	jqt sarif_rules_all "$S" "(.runs[0].tool.driver.rules | length) == $(ls rules/*.yaml | wc -l)"
	jqt sarif_results "$S" '.runs[0] as $r | [$r.results[] | (.message.text | length > 0) and (.level | IN("none","note","warning","error")) and ($r.tool.driver.rules[.ruleIndex].id == .ruleId)] | all'
	jqt sarif_nonempty "$S" '.runs[0].results | length > 0'
	jqt sarif_locations "$S" '[.runs[0].results[] | .locations[0].physicalLocation | (.artifactLocation.uri | length > 0) and ((.region.startLine // 1) >= 1)] | all'
	jqt sarif_member "$S" '[.runs[0].results[].locations[0].physicalLocation.artifactLocation.uri | select(startswith("cilium-sysdump-20250601-101500/"))] | length > 0'
	jqt sarif_lines "$S" '[.runs[0].results[].locations[0].physicalLocation.region.startLine | select(. != null)] | length > 0'
	jqt sarif_invocation "$S" '.runs[0].invocations[0].executionSuccessful == true'
	# Every finding of the JSON report is a result, in rank order.
	jq -r '.findings[].rule' "$W/fmt_json.out" >"$W/ids.json"
	jq -r '.runs[0].results[].ruleId' "$S" >"$W/ids.sarif"
	if cmp -s "$W/ids.json" "$W/ids.sarif"; then ok; else
		bad "sarif: results differ from the JSON findings"; fi
else
	skip "jq not installed: SARIF structure checks"
fi

# JUnit: well-formed XML, counts that match the elements.
J="$W/fmt_junit.out"
if [ "$have_xmllint" -eq 1 ]; then
	check junit_wellformed xmllint --noout "$J"
	x() { xmllint --xpath "$1" "$J" 2>/dev/null; }
	[ "$(x 'count(//testsuite/testcase)')" = "$(x 'string(//testsuite/@tests)')" ] && ok || bad "junit: tests attribute"
	[ "$(x 'count(//testcase/failure)')" = "$(x 'string(//testsuite/@failures)')" ] && ok || bad "junit: failures attribute"
	[ "$(x 'count(//testcase/skipped)')" = "$(x 'string(//testsuite/@skipped)')" ] && ok || bad "junit: skipped attribute"
	if [ "$have_jq" -eq 1 ]; then
		[ "$(x 'count(//testcase/failure)')" = "$(jq '.findings | length' "$W/fmt_json.out")" ] && ok || bad "junit: one failure per finding"
	fi
	[ "$(x 'count(//testcase[failure and count(failure) > 1])')" = "0" ] && ok || bad "junit: a testcase with several failures"
	run junit_t 0 analyze -q -f junit $T "$W/demo.zip"
	check junit_t_xml xmllint --noout "$W/junit_t.out"
	has junit_t out 'tests="3" failures="2" errors="0" skipped="1"'
	has junit_t out '<testcase classname="ctriage.testing" name="TEST-CLUSTER-NAMED: The cluster has a name" time="0">'
	has junit_t out '<failure message="The cluster has a name" type="high">'
	has junit_t out '<testcase classname="ctriage.testing" name="TEST-NO-LOGS" time="0">'
else
	skip "xmllint not installed: JUnit XML checks"
fi

# Markdown: every table row has its header's number of cells.
M="$W/fmt_markdown.out"
md_tables() {
	awk '
	function cells(s,   n, i, c, esc) {
		n = 0; esc = 0
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (esc) { esc = 0; continue }
			if (c == "\\") { esc = 1; continue }
			if (c == "|") n++
		}
		return n - 1
	}
	/^```/ { fence = !fence; next }
	fence { next }
	/^\|/ {
		if (!intable) { want = cells($0); intable = 1; rows = 0; tables++; next }
		rows++
		if (cells($0) != want) { print "row " NR ": " cells($0) " cells, want " want; bad = 1 }
		if (rows == 1 && $0 !~ /^\| *-+:? *\|/ && $0 !~ /^\| -/) { print "row " NR ": no delimiter row"; bad = 1 }
		next
	}
	{ intable = 0 }
	END { if (tables < 3) { print "only " tables " tables"; bad = 1 } exit bad }
	' "$1"
}
if md_tables "$M" >"$W/md.check"; then ok; else bad "markdown tables: $(head -3 "$W/md.check")"; fi
has fmt_markdown out "| # | Severity | Rule | Finding |"
has fmt_markdown out "## Findings"
has fmt_markdown out '```text'
run md_t 0 analyze -q -f md $T "$W/demo.zip"
has md_t out "| 1 | HIGH | TEST-CLUSTER-NAMED | [The cluster has a name](#finding-1) |"
has md_t out "| 2 | LOW | TEST-TUNNEL | [Tunnel routing](#finding-2) |"
has md_t out "| high | 1 |"

# HTML: self-contained, and rendered by a real browser.
H="$W/fmt_html.out"
lacks fmt_html out "<script"
lacks fmt_html out "<link"
lacks fmt_html out "src="
has fmt_html out '<nav id="toc">'
has fmt_html out "@media print"
CHROME=""
for c in chromium chromium-browser google-chrome; do
	command -v "$c" >/dev/null 2>&1 && { CHROME=$c; break; }
done
if [ -n "$CHROME" ]; then
	cp "$H" "$W/report.html"
	chrome() {
		timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu \
		    --no-first-run --user-data-dir="$W/chrome" "$@" 2>/dev/null
	}
	chrome --dump-dom "file://$W/report.html" >"$W/dom.html"
	# The DOM as the browser built it: contents, findings, evidence.
	n=$(grep -c '<section class="finding ' "$W/dom.html")
	want=$(grep -c '<section class="finding ' "$H")
	[ "$n" -gt 0 ] && [ "$n" = "$want" ] && ok || bad "html: browser sees $n findings, want $want"
	has dom html '<nav id="toc">'
	has dom html '<a href="#finding-1">'
	has dom html 'id="finding-1"'
	has dom html '<details class="evidence">'
	lacks dom html '<parsererror'
	chrome --print-to-pdf="$W/report.pdf" --no-pdf-header-footer \
	    "file://$W/report.html" >/dev/null
	if [ -s "$W/report.pdf" ] && head -c 5 "$W/report.pdf" | grep -q '%PDF'; then
		ok; else bad "html: Chromium did not print it to PDF"; fi
	# Printed, the collapsed evidence is shown (print CSS).
	if command -v pdftotext >/dev/null 2>&1; then
		pdftotext "$W/report.pdf" "$W/report.txt" 2>/dev/null
		ev=$(jq -r '[.findings[].evidence[] | select(.excerpt | length < 60) | .excerpt][0] // empty' "$W/fmt_json.out" 2>/dev/null)
		if [ -n "$ev" ] && ! grep -qF -- "$ev" "$W/report.txt"; then
			bad "html: printed page lacks the evidence '$ev'"; else ok; fi
	fi
else
	skip "chromium not installed: HTML rendering checks"
fi

# --- exit codes follow --fail-on ----------------------------------------
run fail_none 0 analyze -q $T "$W/demo.zip"
run fail_high 1 analyze -q --fail-on high $T "$W/demo.zip"
run fail_low 1 analyze -q --fail-on low -f sarif $T "$W/demo.zip"
run fail_crit 0 analyze -q --fail-on critical $T "$W/demo.zip"
# Hidden findings do not fail the run; shown ones do.
run fail_hidden 0 analyze -q --fail-on low --min-severity critical $T "$W/demo.zip"
run fail_shown 1 analyze -q --fail-on low --min-severity medium $T "$W/demo.zip"
run fail_bad 2 analyze --fail-on severe "$W/demo.zip" && has fail_bad err "invalid severity 'severe' for --fail-on"
# A report that cannot be written is exit 4, whatever --fail-on says.
if [ -w /dev/full ]; then
	run fail_full 4 analyze -q --fail-on low -o /dev/full $T "$W/demo.zip"
fi

# --- --min-severity, --only, --skip -------------------------------------
run min 0 analyze -q --min-severity medium $T "$W/demo.zip"
has min out "findings: 0 critical, 1 high, 0 medium, 0 low, 0 info"
has min out "hidden:   1 below medium"
lacks min out "TEST-TUNNEL"
run min_json 0 analyze -q -f json --min-severity high $T "$W/demo.zip"
has min_json out '"below_min_severity": 1,'
run only_cat 0 analyze -q --rules "$W/rules" --only testing --skip TEST-TUNNEL "$W/demo.zip"
has only_cat out "(rules: 1 evaluated, 0 not evaluated)"
has only_cat out "excluded: "
run only_rep 0 analyze -q --rules "$W/rules" --only TEST-TUNNEL --only test-cluster-named "$W/demo.zip"
has only_rep out "(rules: 2 evaluated"
run only_bad 2 analyze --only NO-SUCH-RULE "$W/demo.zip" && has only_bad err "'NO-SUCH-RULE' matches no rule ID or category"

# --- --suppress: counted in every format, expired ones reported ---------
cat >"$W/sup.yaml" <<'YAML'
# accepted risks
- rule: TEST-CLUSTER-*
  namespace: kube-sys?em
  name: cilium-config
  reason: known, see TICKET-42
  expires: 2999-12-31
- rule: TEST-TUNNEL
  reason: was fixed
  expires: 2001-02-03
YAML
run sup 0 analyze --suppress "$W/sup.yaml" --fail-on high $T "$W/demo.zip"
has sup out "hidden:   1 suppressed"
has sup out "SUPPRESSED (1)"
has sup out "known, see TICKET-42"
has sup out "EXPIRED SUPPRESSIONS (1)"
has sup out "TEST-TUNNEL expired on 2001-02-03"
has sup out "#1 LOW TEST-TUNNEL"
has sup err "sup.yaml:7: suppression of TEST-TUNNEL expired on 2001-02-03"
run sup_q 0 analyze -q --suppress "$W/sup.yaml" $T "$W/demo.zip"
[ -s "$W/sup_q.err" ] && bad "sup: -q still warns" || ok
run sup_json 0 analyze -q -f json --suppress "$W/sup.yaml" $T "$W/demo.zip"
has sup_json out '"suppressed_count": 1,'
has sup_json out '"suppressions_expired": ['
run sup_md 0 analyze -q -f md --suppress "$W/sup.yaml" $T "$W/demo.zip"
has sup_md out "Hidden: 1 suppressed."
has sup_md out "## Expired suppressions (1)"
run sup_html 0 analyze -q -f html --suppress "$W/sup.yaml" $T "$W/demo.zip"
has sup_html out '<span id="suppressed-count">1</span> suppressed'
run sup_sarif 0 analyze -q -f sarif --suppress "$W/sup.yaml" $T "$W/demo.zip"
has sup_sarif out '"justification": "known, see TICKET-42"'
has sup_sarif out '"suppressed": 1'
run sup_junit 0 analyze -q -f junit --suppress "$W/sup.yaml" $T "$W/demo.zip"
has sup_junit out '<property name="suppressed" value="1"/>'
printf -- '- rule: X\n  reason: r\n  expires: tomorrow\n' >"$W/badsup.yaml"
run sup_bad 2 analyze --suppress "$W/badsup.yaml" "$W/demo.zip"
has sup_bad err "badsup.yaml:1: expires 'tomorrow' is no date (YYYY-MM-DD)"
run sup_missing 2 analyze --suppress "$W/nope.yaml" "$W/demo.zip"

# --- --baseline: only what is new ----------------------------------------
run base 0 analyze -q -f json -o "$W/base.json" --rules "$W/rules" --only TEST-CLUSTER-NAMED "$W/demo.zip"
run base_new 1 analyze -q --fail-on low --baseline "$W/base.json" $T "$W/demo.zip"
has base_new out "hidden:   1 in the baseline"
has base_new out "TEST-TUNNEL"
lacks base_new out "#1 HIGH TEST-CLUSTER-NAMED"
run base_all 0 analyze -q -f json -o "$W/base2.json" $T "$W/demo.zip"
run base_none 0 analyze -q --fail-on info --baseline "$W/base2.json" $T "$W/demo.zip"
has base_none out "No findings."
run base_demo 0 analyze -q -f json -o "$W/base3.json" "$W/demo.zip"
run base_demo2 0 analyze -q -f json --baseline "$W/base3.json" "$W/demo.zip"
has base_demo2 out '"findings": [],'
printf '{"findings": []}\n' >"$W/notreport.json"
run base_bad 2 analyze --baseline "$W/notreport.json" "$W/demo.zip" && has base_bad err "is no ctriage JSON report"

# --- --redact --------------------------------------------------------------
# The demo's pods, their IPs and its nodes must appear in no format.
"$CT" get -q "$W/demo.zip" pods -o json >"$W/pods.json" 2>/dev/null
if [ "$have_jq" -eq 1 ]; then
	# Pod IPs, not the host-network pods' node addresses (not pod IPs).
	jq -r '.items[] | .name, (select(.host_network | not) | .ip // empty)' \
	    "$W/pods.json" | sort -u >"$W/secrets"
	jq -r '.items[] | .node // empty' "$W/pods.json" | sort -u >>"$W/secrets"
	[ "$(wc -l <"$W/secrets")" -gt 20 ] && ok || bad "redact: too few names to look for"
	for f in text json markdown html sarif junit; do
		run "red_$f" 0 analyze -q --redact -f "$f" "$W/demo.zip"
		# SARIF carries the rule catalog's own prose (examples with
		# 10.244.0.0/16 in it): check the results, the cluster's part.
		if [ "$f" = sarif ]; then
			jq '.runs[0].results, .runs[0].properties, .runs[0].invocations' \
			    "$W/red_sarif.out" >"$W/red_sarif.res"
			mv "$W/red_sarif.res" "$W/red_sarif.out"
		fi
		if grep -F -f "$W/secrets" "$W/red_$f.out" >"$W/leak"; then
			bad "redact $f: leaks $(head -c 200 "$W/leak")"; else ok; fi
		lacks "red_$f" out "10.244."
		lacks "red_$f" out "shop/"
	done
	# Still names the rules: the same rules, in the same order.
	jq -r '.findings[].rule' "$W/red_json.out" >"$W/red.ids"
	if cmp -s "$W/ids.json" "$W/red.ids"; then ok; else bad "redact: rules differ"; fi
	jqt red_input "$W/red_json.out" '.input.redacted == true and .input.redaction.key == "random" and .input.path == "(redacted)"'
	# A seed reproduces the report; random keys differ from run to run.
	run red_s1 0 analyze -q --redact-seed s1 --redact-map "$W/map.json" -f json "$W/demo.zip"
	run red_s2 0 analyze -q --redact-seed s1 -f json "$W/demo.zip"
	run red_r2 0 analyze -q --redact -f json "$W/demo.zip"
	if cmp -s "$W/red_s1.out" "$W/red_s2.out"; then ok; else bad "redact: a seed is not reproducible"; fi
	if cmp -s "$W/red_json.out" "$W/red_r2.out"; then bad "redact: two random keys gave the same report"; else ok; fi
	jqt red_map "$W/map.json" '.key == "seed" and (.names | length > 10) and (.addresses | length > 0) and ([.names[] | select(.original == "backend-5b6d7c8f9-tx8vw")] | length == 1)'
	# CIDRs stay coherent: the pod CIDR 10.244.0.0/16 and the pod
	# 10.244.1.87 map to a CIDR and an address inside it.
	cidr=$(jq -r '.addresses[] | select(.original == "10.244.0.0/16") | .pseudonym' "$W/map.json")
	pod=$(jq -r '.addresses[] | select(.original == "10.244.1.87") | .pseudonym' "$W/map.json")
	case "$cidr" in
	*.*.0.0/16) [ "${pod%.*.*}" = "${cidr%.0.0/16}" ] && ok || bad "redact: $pod not in $cidr" ;;
	*) bad "redact: 10.244.0.0/16 became '$cidr'" ;;
	esac
	has red_s1 out "$cidr"
	lacks red_s1 out "10.244.0.0/16"
else
	skip "jq not installed: redaction checks"
fi
# Cilium-owned label keys stay.
run red_text 0 analyze -q --redact-seed k -f json "$W/demo.zip"
if grep -q 'k8s:io.kubernetes.pod.namespace' "$W/fmt_json.out"; then
	has red_text out 'k8s:io.kubernetes.pod.namespace'
fi

# --- colour: only on a terminal, never with NO_COLOR -----------------------
ESC=$(printf '\033')
run col_pipe 0 analyze -q $T "$W/demo.zip"
lacks col_pipe out "$ESC["
run col_always 0 analyze -q --color always $T "$W/demo.zip"
has col_always out "$ESC[31mHIGH$ESC[0m"
NO_COLOR=1 "$CT" analyze -q --color always $T "$W/demo.zip" >"$W/col_no.out" 2>&1
lacks col_no out "$ESC["
run col_json 0 analyze -q --color always -f json $T "$W/demo.zip"
lacks col_json out "$ESC["
run col_bad 2 analyze --color sometimes "$W/demo.zip"
if command -v script >/dev/null 2>&1; then
	# On a terminal (script gives one): colour, unless NO_COLOR.
	script -qec "$CT analyze -q $T $W/demo.zip" /dev/null >"$W/tty.out" 2>&1
	has tty out "$ESC[31mHIGH"
	NO_COLOR=1 script -qec "$CT analyze -q $T $W/demo.zip" /dev/null >"$W/tty_no.out" 2>&1
	lacks tty_no out "$ESC["
	has tty_no out "HIGH"
fi
# No progress line off a terminal.
run quiet_err 0 analyze $T "$W/demo.zip"
lacks quiet_err err "ctriage: reading"

# --- documentation: every option in the manual, every rule listed --------
MAN=man/ctriage.1
for cmd in inventory get analyze rules; do
	"$CT" help "$cmd" >"$W/help_$cmd" 2>&1
	for opt in $(grep -oE -- '--[a-z][a-z-]+' "$W/help_$cmd" | sort -u); do
		if grep -qE -- "Fl -${opt#--}( |\$)" "$MAN"; then ok; else
			bad "man: $cmd option $opt is not documented"; fi
		if grep -qF -- "$opt" scripts/ctriage.bash; then ok; else
			bad "completion: $cmd option $opt is missing"; fi
	done
done
for f in text json markdown html sarif junit; do
	if grep -qE "^\.It Cm $f\$" "$MAN"; then ok; else bad "man: format $f not described"; fi
done
for code in 0 1 2 3 4; do
	if grep -qE "^\.It $code\$" "$MAN"; then ok; else bad "man: exit code $code"; fi
done
"$CT" rules list >"$W/rules_list" 2>&1
for f in rules/*.yaml; do
	id=$(sed -n 's/^id:[[:space:]]*//p' "$f" | head -n 1)
	if grep -q "^$id " "$W/rules_list"; then ok; else
		bad "rules list lacks $id ($f)"; fi
done
if command -v mandoc >/dev/null 2>&1; then
	if mandoc -Tlint -Wwarning "$MAN" >"$W/mandoc" 2>&1; then ok; else
		bad "mandoc: $(head -3 "$W/mandoc")"; fi
fi
if command -v bash >/dev/null 2>&1; then
	check completion_syntax bash -n scripts/ctriage.bash
	out=$(bash -c '. scripts/ctriage.bash; COMP_WORDS=(ctriage analyze --fo); COMP_CWORD=2; _ctriage; printf "%s\n" "${COMPREPLY[@]}"' 2>&1)
	[ "$out" = "--format" ] && ok || bad "completion: --fo gives '$out'"
	out=$(bash -c '. scripts/ctriage.bash; COMP_WORDS=(ctriage analyze --format s); COMP_CWORD=3; _ctriage; printf "%s\n" "${COMPREPLY[@]}"' 2>&1)
	[ "$out" = "sarif" ] && ok || bad "completion: --format s gives '$out'"
fi

finish
