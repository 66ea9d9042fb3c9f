#!/bin/sh
# tests/cli/trace.sh BUILD_DIR: `ctriage trace` end to end.
#
# On the demo sysdump (testdata/README.md): the planted policy problems as
# traces, each denied with its near miss (problem 1: app=frontnd in
# shop/backend-ingress; problem 5: port 80 where the pods listen on 8080;
# problem 3: fromCIDR never matching pods), the healthy pairs allowed, and
# the realized BPF policy maps agreeing.  On the healthy base
# (tests/scenarios/_base/healthy, the demo with the problems fixed): the
# same pairs allowed.  Usage errors exit 2 (an ambiguous prefix names its
# candidates), and every --help option is in the manual and the bash
# completion.  Prints one line per failure, then
# "cli-trace: N passed, N failed".
set -u
B=${1:-build/san}
SUITE=cli-trace
. "$(dirname "$0")/lib.sh"
D=testdata/sysdump/cilium-sysdump-20250601-101500
FE=shop/frontend-7c9d8b5f6-4hj2k
BE=shop/backend-5b6d7c8f9-tx8vw
DNS=kube-system/coredns-76f75df574-2xk8r

have_jq=0
command -v jq >/dev/null 2>&1 && have_jq=1
# jqt NAME FILTER: the jq filter holds on NAME.out (skipped without jq).
jqt() {
	[ "$have_jq" -eq 1 ] || return 0
	if [ "$(jq -r "$2" "$W/$1.out" 2>&1)" = true ]; then ok; else
		bad "$1: jq '$2' does not hold"; fi
}

# --- the demo's planted problems ------------------------------------------
run fe_be 0 trace -q "$D" --from "$FE" --to "$BE" --port 8080
has fe_be out "$FE -> $BE 8080/TCP: DENIED"
has fe_be out "Egress at $FE: allowed"
has fe_be out "allowed by CiliumNetworkPolicy shop/frontend-egress, egress[0]"
has fe_be out "Ingress at $BE: denied (default deny"
has fe_be out "nearest rule: CiliumNetworkPolicy shop/backend-ingress, ingress[0]"
has fe_be out "stopped by: label: requires app=frontnd, but $FE has app=frontend"
has fe_be out "app: frontend"
has fe_be out "drops: no ingress entry for identity 21093 on 8080/TCP"
lacks fe_be out "DISAGREES"

run fe_be_json 0 trace -q -f json "$D" --from "$FE" --to "$BE" --port 8080
jqt fe_be_json '.verdict == "denied"'
jqt fe_be_json '.directions.egress.verdict == "allowed" and .directions.ingress.verdict == "denied"'
jqt fe_be_json '.directions.ingress.nearest.name == "backend-ingress" and .directions.ingress.nearest.stopped_by == ["label"]'
jqt fe_be_json '.policies | index("shop/backend-ingress") != null'
jqt fe_be_json '.directions.ingress.datapath.endpoint_id == 1931 and .directions.ingress.datapath.disagrees == false'

run curl_fe 0 trace -q "$D" --from tools/curl --to "$FE" --port 8080/tcp
has curl_fe out "tools/curl-6d5b9f7c48-mzx7q -> $FE 8080/TCP: DENIED"
has curl_fe out "allowed by NetworkPolicy tools/curl-allow-egress"
has curl_fe out "nearest rule: CiliumNetworkPolicy shop/frontend-ingress, ingress[0]"
has curl_fe out "stopped by: port: it allows port 80/TCP, but the traffic goes to 8080/TCP"
has curl_fe out 'port: "8080"'
run curl_fe80 0 trace -q "$D" --from tools/curl --to "$FE" --port 80
has curl_fe80 out "80/TCP: ALLOWED"

run be_db 0 trace -q "$D" --from "$BE" --to shop/db --port 5432
has be_db out "-> shop/db-6f7d8c9b5-kp5ns 5432/TCP: DENIED"
has be_db out "stopped by: cidr: fromCIDR 10.244.0.0/16 never matches a Cilium-managed pod"
has be_db out "- fromEndpoints:"

run fe_dns 0 trace -q "$D" --from "$FE" --to "$DNS" --port 53/udp
has fe_dns out "53/UDP: DENIED"
has fe_dns out "CiliumNetworkPolicy shop/frontend-egress: add to egress"
has fe_dns out "k8s-app: kube-dns"

# --- healthy pairs of the demo --------------------------------------------
run prom_dns 0 trace -q "$D" --from monitoring/prometheus --to "$DNS" --port 53/UDP
has prom_dns out "53/UDP: ALLOWED"
has prom_dns out "allowed by CiliumNetworkPolicy monitoring/prometheus-egress, egress[0]"
has prom_dns out "allowed by CiliumClusterwideNetworkPolicy kube-dns-ingress, ingress[0]"
has prom_dns out "allows: Allow Ingress 7712 53/UDP"
run prom_json 0 trace -q --format json "$D" --from monitoring/prometheus --to "$DNS" --port 53/udp
jqt prom_json '.verdict == "allowed"'
run host_be 0 trace -q "$D" --from host --to "$BE" --port 8080
has host_be out "8080/TCP: ALLOWED"
has host_be out "traffic from the local host is always allowed"
run prom_node 0 trace -q "$D" --from monitoring/prometheus --to 172.18.0.3 --port 9962
has prom_node out "ALLOWED"
has prom_node out "toEntities remote-node"
run world_dns 0 trace -q "$D" --from world --to "$DNS" --port 53/udp
has world_dns out "DENIED"
has world_dns out "a pod selector never matches world"

# --- the healthy base: the same pairs, fixed ------------------------------
H=$W/healthy
if [ -f tests/scenarios/_base/healthy/spec ]; then
	cp -R "$D" "$H"
	sed -n 's/^remove[[:space:]]\{1,\}//p' tests/scenarios/_base/healthy/spec |
	    while read -r f; do rm -rf "${H:?}/$f"; done
	cp -R tests/scenarios/_base/healthy/tree/. "$H/"
	for pair in "$FE $BE 8080" "tools/curl $FE 8080" "$BE shop/db 5432" \
	    "shop/backend-5b6d7c8f9-zk2nd shop/db 5432" \
	    "shop/frontend-7c9d8b5f6-p7rlm $DNS 53/udp" \
	    "monitoring/prometheus $DNS 9153"; do
		set -- $pair
		n=healthy_$(echo "$1_$2_$3" | tr '/.' '__')
		run "$n" 0 trace -q "$H" --from "$1" --to "$2" --port "$3"
		has "$n" out ": ALLOWED"
		lacks "$n" out "DISAGREES"
	done
fi

# --- usage errors -----------------------------------------------------------
run ambiguous 2 trace -q "$D" --from shop/frontend --to "$BE" --port 8080
has ambiguous err "ambiguous"
has ambiguous err "shop/frontend-7c9d8b5f6-4hj2k"
has ambiguous err "shop/frontend-7c9d8b5f6-p7rlm"
run unknown 2 trace -q "$D" --from shop/nothere --to "$BE" --port 8080
has unknown err "no pod 'shop/nothere'"
run badport 2 trace -q "$D" --from "$FE" --to "$BE" --port 70000
run badproto 2 trace -q "$D" --from "$FE" --to "$BE" --port 80/icmp
run noport 2 trace -q "$D" --from "$FE" --to "$BE"
run noinput 2 trace --from "$FE" --to "$BE" --port 80
run missing 3 trace -q "$W/does-not-exist" --from "$FE" --to "$BE" --port 80
run help 0 trace --help
has help out "usage: ctriage trace"
run help_cmd 0 help trace
has help_cmd out "--from SRC"

# --- documentation: every option in the manual and the completion ----------
for opt in $(grep -oE -- '--[a-z][a-z-]+' "$W/help.out" | sort -u); do
	if grep -qE -- "Fl -${opt#--}( |\$)" man/ctriage.1; then ok; else
		bad "man: trace option $opt is not documented"; fi
	if grep -qF -- "$opt" scripts/ctriage.bash; then ok; else
		bad "completion: trace option $opt is missing"; fi
done
if grep -q "^\.It Cm trace" man/ctriage.1; then ok; else
	bad "man: no trace command"; fi

finish
