#!/bin/sh
# gen-scale.sh DIR [PODS] [POLICIES]: write a large synthetic sysdump tree
# for the model's scale benchmark (default 50,000 pods with Cilium
# endpoints and 5,000 CiliumNetworkPolicies), deterministically, with awk.
#
# Pods come in groups of 10 sharing one app label (so about PODS/10
# distinct identities), spread over 50 namespaces and 100 nodes.  Each
# policy selects one app and allows ingress from another app, a
# namespace-label peer and a port, so that subject and peer selectors
# both have work to do.
set -eu
DIR=$1
PODS=${2:-50000}
POLS=${3:-5000}
TS=20250601-101500
T="$DIR/cilium-sysdump-$TS"
mkdir -p "$T"

awk -v pods="$PODS" -v ts="$TS" -v out="$T" 'BEGIN {
	f = out "/k8s-pods-" ts ".yaml"
	c = out "/ciliumendpoints-" ts ".yaml"
	idf = out "/ciliumidentities-" ts ".yaml"
	nsf = out "/k8s-namespaces-" ts ".yaml"
	print "apiVersion: v1\nitems:" > f
	print "apiVersion: cilium.io/v2\nitems:" > c
	print "apiVersion: cilium.io/v2\nitems:" > idf
	print "apiVersion: v1\nitems:" > nsf
	for (n = 0; n < 50; n++)
		printf "- metadata:\n    labels:\n      team: t%d\n    name: ns%d\n", n % 7, n > nsf
	for (i = 0; i < pods; i++) {
		app = int(i / 10); ns = app % 50; node = i % 100
		ip = sprintf("10.%d.%d.%d", 64 + int(i / 65536), int(i / 256) % 256, i % 256)
		printf "- metadata:\n    labels:\n      app: app%d\n      tier: t%d\n" \
		    "    name: app%d-%d\n    namespace: ns%d\n  spec:\n" \
		    "    containers:\n    - name: c\n      ports:\n      - containerPort: 8080\n" \
		    "        name: http\n    nodeName: node%d\n    serviceAccountName: sa%d\n" \
		    "  status:\n    phase: Running\n    podIP: %s\n", \
		    app, app % 3, app, i, ns, node, app, ip > f
		printf "- metadata:\n    name: app%d-%d\n    namespace: ns%d\n  status:\n" \
		    "    id: %d\n    identity:\n      id: %d\n      labels:\n" \
		    "      - k8s:app=app%d\n      - k8s:io.kubernetes.pod.namespace=ns%d\n" \
		    "      - k8s:tier=t%d\n    networking:\n      addressing:\n      - ipv4: %s\n" \
		    "    state: ready\n", app, i, ns, (i % 4000) + 1, 256 + app, app, ns, app % 3, ip > c
		if (i % 10 == 0)
			printf "- metadata:\n    name: \"%d\"\n  security-labels:\n" \
			    "    k8s:app: app%d\n    k8s:io.kubernetes.pod.namespace: ns%d\n" \
			    "    k8s:tier: t%d\n", 256 + app, app, ns, app % 3 > idf
	}
	print "kind: List\nmetadata:\n  resourceVersion: \"\"" > f
	print "kind: List\nmetadata:\n  resourceVersion: \"\"" > c
	print "kind: List\nmetadata:\n  resourceVersion: \"\"" > idf
	print "kind: List\nmetadata:\n  resourceVersion: \"\"" > nsf
}'

awk -v pols="$POLS" -v pods="$PODS" -v ts="$TS" -v out="$T" 'BEGIN {
	f = out "/ciliumnetworkpolicies-" ts ".yaml"
	apps = int(pods / 10)
	print "apiVersion: cilium.io/v2\nitems:" > f
	for (p = 0; p < pols; p++) {
		a = (p * 7) % apps; b = (p * 13 + 1) % apps
		printf "- metadata:\n    name: pol%d\n    namespace: ns%d\n  spec:\n" \
		    "    endpointSelector:\n      matchLabels:\n        app: app%d\n" \
		    "    ingress:\n    - fromEndpoints:\n      - matchLabels:\n" \
		    "          app: app%d\n          k8s:io.kubernetes.pod.namespace: ns%d\n" \
		    "      - matchExpressions:\n        - key: io.cilium.k8s.namespace.labels.team\n" \
		    "          operator: In\n          values: [t%d, t%d]\n" \
		    "      toPorts:\n      - ports:\n        - port: \"8080\"\n          protocol: TCP\n", \
		    p, a % 50, a, b, b % 50, p % 7, (p + 3) % 7 > f
	}
	print "kind: List\nmetadata:\n  resourceVersion: \"\"" > f
}'
printf 'data:\n  cluster-name: scale\nkind: ConfigMap\nmetadata:\n  name: cilium-config\n' \
    >"$T/cilium-configmap-$TS.yaml"
