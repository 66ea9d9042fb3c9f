/*
 * test_verdict.c: the verdict engine (verdict.c) on the demo sysdump's
 * planted problems and on small sysdumps built here, one per semantic:
 * entities, deny precedence, deny-only rules, named ports, namespace
 * scoping, CCNP and KNP, the Service port vs targetPort case, port
 * ranges, L7, mutual authentication, toFQDNs through the DNS answers of
 * the flows, enforcement modes and audit mode.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "support_archive.h"
#include "verdict.h"

#define TS	"20250601-101500"
#define TOP	"cilium-sysdump-" TS "/"
#define DEMO	"testdata/sysdump/cilium-sysdump-" TS

static const char cfg_plain[] =
    "data:\n  cluster-name: c1\n"
    "kind: ConfigMap\nmetadata:\n  name: cilium-config\n"
    "  namespace: kube-system\n";
static const char ds[] =
    "items:\n- spec:\n    template:\n      spec:\n        containers:\n"
    "        - image: quay.io/cilium/cilium:v1.16.5\n"
    "          name: cilium-agent\n";
static const char nodes[] =
    "items:\n"
    "- metadata: {name: n1}\n"
    "  spec: {podCIDR: 10.244.1.0/24, podCIDRs: [10.244.1.0/24]}\n"
    "  status: {addresses: [{type: InternalIP, address: 172.18.0.3}]}\n"
    "- metadata: {name: n2}\n"
    "  spec: {podCIDR: 10.244.2.0/24, podCIDRs: [10.244.2.0/24]}\n"
    "  status: {addresses: [{type: InternalIP, address: 172.18.0.4}]}\n";
static const char namespaces[] =
    "items:\n"
    "- metadata: {name: a, labels: {team: x, "
    "kubernetes.io/metadata.name: a}}\n"
    "- metadata: {name: b, labels: {team: y, "
    "kubernetes.io/metadata.name: b}}\n";
static const char pods[] =
    "items:\n"
    "- metadata: {name: web-1, namespace: a, labels: {app: web}}\n"
    "  spec:\n    nodeName: n1\n    containers:\n    - name: web\n"
    "      ports: [{containerPort: 8080, name: http}]\n"
    "  status: {phase: Running, podIP: 10.244.1.5}\n"
    "- metadata: {name: client-1, namespace: a, labels: {app: client}}\n"
    "  spec: {nodeName: n1}\n"
    "  status: {phase: Running, podIP: 10.244.1.6}\n"
    "- metadata: {name: client-2, namespace: b, labels: {app: client}}\n"
    "  spec: {nodeName: n2}\n"
    "  status: {phase: Running, podIP: 10.244.2.6}\n";
static const char services[] =
    "items:\n"
    "- metadata: {name: web, namespace: a}\n"
    "  spec:\n    clusterIP: 10.96.0.20\n    selector: {app: web}\n"
    "    ports: [{port: 80, protocol: TCP, targetPort: 8080}]\n";

struct small {
	const char	*config;
	const char	*cnps;
	const char	*ccnps;
	const char	*knps;
};

static struct model m;
/* Hubble flows and an agent's DNS cache to add to the next load(). */
static const char *flows;
static const char *dns_cache;
static const char *cidr_groups;

static void
load(const char *name, const struct small *s)
{
	struct sa_entry e[10];
	struct ingest_limits lim;
	char *err = NULL, *path;
	size_t n = 0;

	e[n++] = (struct sa_entry){ TOP "cilium-configmap-" TS ".yaml",
	    s->config != NULL ? s->config : cfg_plain, 0, SA_FILE };
	e[n++] = (struct sa_entry){ TOP "cilium-daemonset-" TS ".yaml", ds, 0,
	    SA_FILE };
	e[n++] = (struct sa_entry){ TOP "k8s-nodes-" TS ".yaml", nodes, 0,
	    SA_FILE };
	e[n++] = (struct sa_entry){ TOP "k8s-namespaces-" TS ".yaml",
	    namespaces, 0, SA_FILE };
	e[n++] = (struct sa_entry){ TOP "k8s-pods-" TS ".yaml", pods, 0,
	    SA_FILE };
	e[n++] = (struct sa_entry){ TOP "k8s-services-" TS ".yaml", services,
	    0, SA_FILE };
	if (flows != NULL)
		e[n++] = (struct sa_entry){ TOP "hubble-flows-cilium-n1-" TS
		    ".json", flows, 0, SA_FILE };
	if (cidr_groups != NULL)
		e[n++] = (struct sa_entry){ TOP "ciliumcidrgroups-" TS ".yaml",
		    cidr_groups, 0, SA_FILE };
	if (dns_cache != NULL)
		e[n++] = (struct sa_entry){ TOP "cilium-bugtool-cilium-n1-" TS
		    "/cmd/cilium-dbg-fqdn-cache-list.md", dns_cache, 0,
		    SA_FILE };
	if (s->cnps != NULL)
		e[n++] = (struct sa_entry){ TOP "ciliumnetworkpolicies-" TS
		    ".yaml", s->cnps, 0, SA_FILE };
	if (s->ccnps != NULL)
		e[n++] = (struct sa_entry){ TOP
		    "ciliumclusterwidenetworkpolicies-" TS ".yaml", s->ccnps, 0,
		    SA_FILE };
	if (s->knps != NULL)
		e[n++] = (struct sa_entry){ TOP "k8s-networkpolicies-" TS
		    ".yaml", s->knps, 0, SA_FILE };
	path = sa_write_archive(name, "zip", e, n);
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&m, path, &lim, &err), 0);
	free(path);
}

static void
trace(const char *from, const char *to, uint32_t port, const char *proto,
    struct verdict_result *r)
{
	struct verdict_query q;
	const char *err;

	memset(&q, 0, sizeof(q));
	assert_int_equal(verdict_peer_resolve(&m, from, &q.src, &err), 0);
	assert_int_equal(verdict_peer_resolve(&m, to, &q.dst, &err), 0);
	q.port = port;
	q.proto = proto;
	verdict_trace(&m, &q, r);
}

#define IN(r)	(&(r).dir[DIR_INGRESS])
#define EG(r)	(&(r).dir[DIR_EGRESS])

/* --- the demo ------------------------------------------------------ */

static void
test_demo(void **state)
{
	struct verdict_result r;
	struct ingest_limits lim;
	char *err = NULL;

	(void)state;
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&m, DEMO, &lim, &err), 0);

	/* Problem 1: app=frontnd in shop/backend-ingress. */
	trace("shop/frontend-7c9d8b5f6-4hj2k", "shop/backend-5b6d7c8f9-tx8vw",
	    8080, "TCP", &r);
	assert_false(r.allowed);
	assert_true(EG(r)->allowed);
	assert_int_equal(EG(r)->reason, VR_ALLOWED);
	assert_string_equal(EG(r)->allows[0].policy->name, "frontend-egress");
	assert_false(IN(r)->allowed);
	assert_int_equal(IN(r)->reason, VR_DEFAULT_DENY);
	assert_true(IN(r)->has_near);
	assert_string_equal(IN(r)->near.m.policy->name, "backend-ingress");
	assert_int_equal(IN(r)->near.why, VMISS_LABEL);
	assert_non_null(strstr(IN(r)->near.text, "app=frontnd"));
	assert_non_null(strstr(IN(r)->near.text, "app=frontend"));
	assert_non_null(strstr(IN(r)->fix, "app: frontend"));
	assert_non_null(strstr(IN(r)->fix, "port: \"8080\""));
	/* The realized map of endpoint 1931 agrees: no entry for 21093. */
	assert_true(IN(r)->bpf.present);
	assert_int_equal(IN(r)->bpf.endpoint_id, 1931);
	assert_false(IN(r)->bpf.allowed);
	assert_false(IN(r)->bpf.disagrees);
	assert_true(EG(r)->bpf.present);
	assert_true(EG(r)->bpf.allowed);
	assert_int_equal(EG(r)->bpf.src.line, 16);

	/* Problem 5: port 80 allowed, the pods listen on 8080. */
	trace("tools/curl", "shop/frontend-7c9d8b5f6-4hj2k", 8080, "TCP", &r);
	assert_false(r.allowed);
	assert_string_equal(EG(r)->allows[0].policy->name,
	    "curl-allow-egress");
	assert_int_equal(IN(r)->near.why, VMISS_PORT);
	assert_string_equal(IN(r)->near.m.policy->name, "frontend-ingress");
	assert_non_null(strstr(IN(r)->near.text, "80/TCP"));
	assert_non_null(strstr(IN(r)->fix, "port: \"8080\""));
	assert_non_null(strstr(IN(r)->fix, "k8s:io.kubernetes.pod.namespace: "
	    "tools"));
	/* ... and port 80 itself is allowed. */
	trace("tools/curl", "shop/frontend-7c9d8b5f6-4hj2k", 80, "TCP", &r);
	assert_true(r.allowed);

	/* Problem 3: fromCIDR never matches the backend pods. */
	trace("shop/backend-5b6d7c8f9-zk2nd", "shop/db", 5432, "TCP", &r);
	assert_false(r.allowed);
	assert_int_equal(EG(r)->reason, VR_NOT_SELECTED);
	assert_int_equal(IN(r)->near.why, VMISS_CIDR);
	assert_non_null(strstr(IN(r)->near.text, "10.244.0.0/16"));
	assert_non_null(strstr(IN(r)->fix, "fromEndpoints"));
	assert_false(IN(r)->bpf.present);	/* no bugtool on kind-worker2 */

	/* Problem 2: the frontend's only egress policy has no DNS. */
	trace("shop/frontend-7c9d8b5f6-p7rlm", "kube-system/coredns-76f75df574-"
	    "2xk8r", 53, "UDP", &r);
	assert_false(r.allowed);
	assert_false(EG(r)->allowed);
	assert_true(IN(r)->allowed);
	assert_non_null(strstr(EG(r)->fix, "k8s-app: kube-dns"));
	assert_non_null(strstr(EG(r)->fix, "add to egress"));

	/* Healthy: prometheus to CoreDNS, curl to CoreDNS, kubelet probes. */
	trace("monitoring/prometheus", "kube-system/coredns-76f75df574-2xk8r",
	    53, "UDP", &r);
	assert_true(r.allowed);
	assert_string_equal(IN(r)->allows[0].policy->name, "kube-dns-ingress");
	assert_true(IN(r)->bpf.present);
	assert_false(IN(r)->bpf.disagrees);
	trace("monitoring/prometheus", "kube-system/coredns-76f75df574-2xk8r",
	    9153, "TCP", &r);
	assert_true(r.allowed);
	trace("monitoring/prometheus", "172.18.0.3", 9962, "TCP", &r);
	assert_true(r.allowed);
	assert_int_equal(EG(r)->reason, VR_ALLOWED);
	trace("tools/curl", "kube-system/coredns-76f75df574-9wqzt", 53, "UDP",
	    &r);
	assert_true(r.allowed);
	trace("host", "shop/backend-5b6d7c8f9-tx8vw", 8080, "TCP", &r);
	assert_true(r.allowed);
	assert_int_equal(IN(r)->reason, VR_LOCALHOST);
	assert_true(IN(r)->bpf.allowed);
	/* World to CoreDNS: the CCNP allows pods only. */
	trace("world", "kube-system/coredns-76f75df574-9wqzt", 53, "UDP", &r);
	assert_false(r.allowed);
	assert_int_equal(IN(r)->near.why, VMISS_PEER);
	model_free(&m);
}

static void
test_resolve(void **state)
{
	struct verdict_peer p;
	struct ingest_limits lim;
	const char *err;
	char *e = NULL;

	(void)state;
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&m, DEMO, &lim, &e), 0);
	assert_int_equal(verdict_peer_resolve(&m, "shop/backend", &p, &err),
	    -1);
	assert_non_null(strstr(err, "ambiguous"));
	assert_non_null(strstr(err, "shop/backend-5b6d7c8f9-tx8vw"));
	assert_non_null(strstr(err, "shop/backend-5b6d7c8f9-zk2nd"));
	assert_int_equal(verdict_peer_resolve(&m, "shop/nothere", &p, &err),
	    -1);
	assert_non_null(strstr(err, "no pod"));
	assert_int_equal(verdict_peer_resolve(&m, "bogus", &p, &err), -1);
	assert_int_equal(verdict_peer_resolve(&m, "10.244.2.19", &p, &err), 0);
	assert_int_equal(p.kind, VPEER_ENDPOINT);
	assert_string_equal(p.name, "shop/db-6f7d8c9b5-kp5ns");
	assert_int_equal(verdict_peer_resolve(&m, "172.18.0.2", &p, &err), 0);
	assert_int_equal(p.kind, VPEER_NODE);
	assert_string_equal(p.node, "kind-control-plane");
	assert_int_equal(verdict_peer_resolve(&m, "8.8.8.8", &p, &err), 0);
	assert_int_equal(p.kind, VPEER_IP);
	assert_int_equal(verdict_peer_resolve(&m, "kube-apiserver", &p, &err),
	    0);
	assert_int_equal(p.kind, VPEER_ENTITY);
	/* A hostNetwork pod is its node. */
	assert_int_equal(verdict_peer_resolve(&m, "kube-system/cilium-x7k2p",
	    &p, &err), 0);
	assert_int_equal(p.kind, VPEER_NODE);
	model_free(&m);
}

/* --- small sysdumps -------------------------------------------------- */

static void
test_no_policy(void **state)
{
	const struct small s = { NULL, NULL, NULL, NULL };
	struct verdict_result r;

	(void)state;
	load("none.zip", &s);
	trace("a/client-1", "a/web-1", 8080, "TCP", &r);
	assert_true(r.allowed);
	assert_int_equal(IN(r)->reason, VR_NOT_SELECTED);
	assert_int_equal(EG(r)->reason, VR_NOT_SELECTED);
	model_free(&m);
}

static const char cnp_ns[] =
    "items:\n"
    "- metadata: {name: web-in, namespace: a}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - fromEndpoints: [{matchLabels: {app: client}}]\n"
    "      toPorts: [{ports: [{port: \"8080\", protocol: TCP}]}]\n";

static void
test_namespace_scoping(void **state)
{
	const struct small s = { NULL, cnp_ns, NULL, NULL };
	struct verdict_result r;

	(void)state;
	load("ns.zip", &s);
	trace("a/client-1", "a/web-1", 8080, "TCP", &r);
	assert_true(r.allowed);
	assert_string_equal(IN(r)->allows[0].section, "ingress");
	/* A peer without a namespace key means the policy's namespace. */
	trace("b/client-2", "a/web-1", 8080, "TCP", &r);
	assert_false(r.allowed);
	assert_int_equal(IN(r)->near.why, VMISS_NAMESPACE);
	assert_non_null(strstr(IN(r)->near.text, "namespace b"));
	assert_non_null(strstr(IN(r)->fix,
	    "k8s:io.kubernetes.pod.namespace: b"));
	assert_non_null(strstr(IN(r)->fix, "app: client"));
	/* The protocol is checked too. */
	trace("a/client-1", "a/web-1", 8080, "UDP", &r);
	assert_false(r.allowed);
	assert_int_equal(IN(r)->near.why, VMISS_PROTOCOL);
	model_free(&m);
}

static const char cnp_allow_all_ns[] =
    "items:\n"
    "- metadata: {name: web-in, namespace: a}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - fromEndpoints: [{}]\n";
static const char ccnp_deny[] =
    "items:\n"
    "- metadata: {name: no-client-8080}\n"
    "  spec:\n"
    "    endpointSelector: {}\n"
    "    ingressDeny:\n"
    "    - fromEndpoints: [{matchLabels: {app: client, "
    "k8s:io.kubernetes.pod.namespace: a}}]\n"
    "      toPorts: [{ports: [{port: \"8080\", protocol: TCP}]}]\n";

static void
test_deny_precedence(void **state)
{
	const struct small s = { NULL, cnp_allow_all_ns, ccnp_deny, NULL };
	struct verdict_result r;

	(void)state;
	load("deny.zip", &s);
	trace("a/client-1", "a/web-1", 8080, "TCP", &r);
	assert_false(r.allowed);
	assert_int_equal(IN(r)->reason, VR_DENYLIST);
	assert_int_equal(IN(r)->ndenies, 1);
	assert_string_equal(IN(r)->denies[0].policy->name, "no-client-8080");
	assert_string_equal(IN(r)->denies[0].section, "ingressDeny");
	assert_int_equal(IN(r)->nallows, 1);	/* the allow was overridden */
	assert_non_null(strstr(IN(r)->fix, "deny takes precedence"));
	/* Another port: the deny does not cover it, the allow does. */
	trace("a/client-1", "a/web-1", 9090, "TCP", &r);
	assert_true(r.allowed);
	assert_int_equal(IN(r)->reason, VR_ALLOWED);
	/* The CCNP deny also makes client-1's ingress default-deny. */
	trace("a/web-1", "a/client-1", 9090, "TCP", &r);
	assert_false(r.allowed);
	assert_int_equal(IN(r)->reason, VR_DEFAULT_DENY);
	assert_false(IN(r)->has_near);
	assert_non_null(strstr(IN(r)->fix, "kind: CiliumNetworkPolicy"));
	model_free(&m);
}

static const char cnp_deny_only[] =
    "items:\n"
    "- metadata: {name: no-world, namespace: a}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: client}}\n"
    "    egressDeny:\n"
    "    - toEntities: [world]\n";
static const char cnp_deny_only_open[] =
    "items:\n"
    "- metadata: {name: no-world, namespace: a}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: client}}\n"
    "    enableDefaultDeny: {egress: false}\n"
    "    egressDeny:\n"
    "    - toEntities: [world]\n";
static const char cfg_no_nondefault[] =
    "data:\n  cluster-name: c1\n  enable-non-default-deny-policies: "
    "\"false\"\n"
    "kind: ConfigMap\nmetadata:\n  name: cilium-config\n"
    "  namespace: kube-system\n";

static void
test_deny_only(void **state)
{
	struct small s = { NULL, cnp_deny_only, NULL, NULL };
	struct verdict_result r;

	(void)state;
	/* A deny-only rule still switches egress to default deny (E.1). */
	load("denyonly.zip", &s);
	trace("a/client-1", "a/web-1", 8080, "TCP", &r);
	assert_false(r.allowed);
	assert_int_equal(EG(r)->reason, VR_DEFAULT_DENY);
	trace("a/client-1", "8.8.8.8", 443, "TCP", &r);
	assert_int_equal(EG(r)->reason, VR_DENYLIST);
	model_free(&m);
	/* enableDefaultDeny.egress: false keeps it open... */
	s.cnps = cnp_deny_only_open;
	load("denyonly-open.zip", &s);
	trace("a/client-1", "a/web-1", 8080, "TCP", &r);
	assert_true(r.allowed);
	assert_int_equal(EG(r)->reason, VR_NOT_DEFAULT_DENY);
	trace("a/client-1", "8.8.8.8", 443, "TCP", &r);
	assert_false(r.allowed);
	model_free(&m);
	/* ... unless enable-non-default-deny-policies is false. */
	s.config = cfg_no_nondefault;
	load("denyonly-flag.zip", &s);
	trace("a/client-1", "a/web-1", 8080, "TCP", &r);
	assert_false(r.allowed);
	model_free(&m);
}

static const char cnp_named[] =
    "items:\n"
    "- metadata: {name: web-in, namespace: a}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - fromEndpoints: [{matchLabels: {app: client}}]\n"
    "      toPorts: [{ports: [{port: http, protocol: TCP}]}]\n"
    "- metadata: {name: client-out, namespace: a}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: client}}\n"
    "    egress:\n"
    "    - toEndpoints: [{matchLabels: {app: web}}]\n"
    "      toPorts: [{ports: [{port: http}]}]\n";

static void
test_named_ports(void **state)
{
	const struct small s = { NULL, cnp_named, NULL, NULL };
	struct verdict_result r;

	(void)state;
	load("named.zip", &s);
	/* `http` is container port 8080 of the destination pod. */
	trace("a/client-1", "a/web-1", 8080, "TCP", &r);
	assert_true(r.allowed);
	assert_int_equal(EG(r)->reason, VR_ALLOWED);
	assert_int_equal(IN(r)->reason, VR_ALLOWED);
	trace("a/client-1", "a/web-1", 8081, "TCP", &r);
	assert_false(r.allowed);
	assert_int_equal(IN(r)->near.why, VMISS_PORT);
	assert_non_null(strstr(IN(r)->near.text, "http/TCP"));
	/* Egress to a pod without that named port matches nothing. */
	trace("a/client-1", "b/client-2", 8080, "TCP", &r);
	assert_false(EG(r)->allowed);
	model_free(&m);
}

static const char ccnp_all_pods[] =
    "items:\n"
    "- metadata: {name: pods-only}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - fromEndpoints: [{}]\n"
    "    - fromEntities: [kube-apiserver]\n"
    "      toPorts: [{ports: [{port: \"8000\", endPort: 8100, "
    "protocol: TCP}]}]\n";

static void
test_ccnp(void **state)
{
	const struct small s = { NULL, NULL, ccnp_all_pods, NULL };
	struct verdict_result r;

	(void)state;
	load("ccnp.zip", &s);
	/* fromEndpoints {} in a CCNP: every pod of every namespace. */
	trace("b/client-2", "a/web-1", 9999, "TCP", &r);
	assert_true(r.allowed);
	/* ... but no reserved identity. */
	trace("remote-node", "a/web-1", 9999, "TCP", &r);
	assert_false(r.allowed);
	/* Entities and port ranges. */
	trace("kube-apiserver", "a/web-1", 8080, "TCP", &r);
	assert_true(r.allowed);
	assert_string_equal(IN(r)->allows[0].peer, "fromEntities "
	    "kube-apiserver");
	trace("kube-apiserver", "a/web-1", 8101, "TCP", &r);
	assert_false(r.allowed);
	assert_true(IN(r)->near.why & VMISS_PORT);
	model_free(&m);
}

static const char cnp_entities[] =
    "items:\n"
    "- metadata: {name: web-in, namespace: a}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - fromEntities: [cluster]\n"
    "- metadata: {name: client-out, namespace: a}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: client}}\n"
    "    egress:\n"
    "    - toEntities: [world]\n"
    "    - toCIDR: [10.244.0.0/16]\n"
    "      toPorts: [{ports: [{port: \"8080\"}]}]\n";

static void
test_entities_cidr(void **state)
{
	const struct small s = { NULL, cnp_entities, NULL, NULL };
	struct verdict_result r;

	(void)state;
	load("entities.zip", &s);
	trace("b/client-2", "a/web-1", 80, "TCP", &r);
	assert_true(IN(r)->allowed);	/* cluster: local-cluster pods */
	trace("world", "a/web-1", 80, "TCP", &r);
	assert_false(r.allowed);
	assert_int_equal(IN(r)->near.why, VMISS_ENTITY);
	trace("remote-node", "a/web-1", 80, "TCP", &r);
	assert_true(r.allowed);
	trace("172.18.0.4", "a/web-1", 80, "TCP", &r);	/* n2: remote-node */
	assert_true(r.allowed);
	trace("host", "a/web-1", 80, "TCP", &r);
	assert_int_equal(IN(r)->reason, VR_LOCALHOST);
	/* world covers outside IPs, not pods; CIDRs never match pods. */
	trace("a/client-1", "8.8.8.8", 443, "TCP", &r);
	assert_true(r.allowed);
	assert_int_equal(EG(r)->reason, VR_ALLOWED);
	trace("a/client-1", "a/web-1", 8080, "TCP", &r);
	assert_false(EG(r)->allowed);
	assert_true(EG(r)->near.why & (VMISS_CIDR | VMISS_ENTITY));
	trace("a/client-1", "10.244.7.7", 8080, "TCP", &r);
	assert_true(r.allowed);	/* an IP no pod has: a CIDR identity */
	/* CIDR identities carry reserved:world too (C.1). */
	assert_int_equal(EG(r)->nallows, 2);
	assert_string_equal(EG(r)->allows[0].peer, "toEntities world");
	assert_non_null(strstr(EG(r)->allows[1].peer, "10.244.0.0/16"));
	model_free(&m);
}

static const char knps[] =
    "items:\n"
    "- metadata: {name: web-in, namespace: a}\n"
    "  spec:\n"
    "    podSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - from: [{podSelector: {matchLabels: {app: client}}}]\n"
    "      ports: [{port: 8080}]\n"
    "    - from: [{namespaceSelector: {matchLabels: {team: y}}}]\n"
    "      ports: [{port: 9090}]\n"
    "- metadata: {name: client-no-egress, namespace: b}\n"
    "  spec:\n"
    "    podSelector: {}\n"
    "    policyTypes: [Egress]\n";

static void
test_knp(void **state)
{
	const struct small s = { NULL, NULL, NULL, knps };
	struct verdict_result r;

	(void)state;
	load("knp.zip", &s);
	trace("a/client-1", "a/web-1", 8080, "TCP", &r);
	assert_true(r.allowed);
	assert_int_equal(IN(r)->allows[0].policy->kind, POLICY_KNP);
	/* TCP is the KNP default protocol. */
	trace("a/client-1", "a/web-1", 8080, "UDP", &r);
	assert_false(r.allowed);
	/* policyTypes [Egress] without rules: all egress denied. */
	trace("b/client-2", "a/web-1", 9090, "TCP", &r);
	assert_false(r.allowed);
	assert_false(EG(r)->allowed);
	assert_int_equal(EG(r)->reason, VR_DEFAULT_DENY);
	assert_true(IN(r)->allowed);	/* namespaceSelector team=y */
	/* The namespace near miss, in KNP terms. */
	trace("b/client-2", "a/web-1", 8080, "TCP", &r);
	assert_false(IN(r)->allowed);
	assert_true(IN(r)->near.why & (VMISS_NAMESPACE | VMISS_PORT));
	assert_non_null(strstr(IN(r)->fix, "podSelector"));
	model_free(&m);
}

static const char cnp_svc_port[] =
    "items:\n"
    "- metadata: {name: web-in, namespace: a}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - fromEndpoints: [{matchLabels: {app: client}}]\n"
    "      toPorts: [{ports: [{port: \"80\", protocol: TCP}], "
    "rules: {http: [{method: GET}]}}]\n";

static void
test_service_port_and_l7(void **state)
{
	const struct small s = { NULL, cnp_svc_port, NULL, NULL };
	struct verdict_result r;

	(void)state;
	load("svcport.zip", &s);
	/* Service web 80 -> 8080: policy sees 8080 after translation. */
	trace("a/client-1", "a/web-1", 8080, "TCP", &r);
	assert_false(r.allowed);
	assert_int_equal(IN(r)->near.why, VMISS_PORT);
	assert_non_null(strstr(IN(r)->fix, "port: \"8080\""));
	/* Port 80 is allowed at L4 and then subject to the HTTP rules. */
	trace("a/client-1", "a/web-1", 80, "TCP", &r);
	assert_true(r.allowed);
	assert_int_equal(IN(r)->allows[0].l7, L7_HTTP);
	assert_non_null(strstr(IN(r)->l7, "HTTP"));
	model_free(&m);
}

/* Mutual authentication: allowed, with the AUTH_REQUIRED caveat. */
static const char cnp_auth[] =
    "items:\n"
    "- metadata: {name: web-in, namespace: a}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - fromEndpoints: [{matchLabels: {app: client}}]\n"
    "      toPorts: [{ports: [{port: \"8080\", protocol: TCP}]}]\n"
    "      authentication: {mode: required}\n"
    "    - fromEndpoints: [{matchLabels: {app: client}}]\n"
    "      toPorts: [{ports: [{port: \"9090\", protocol: TCP}]}]\n"
    "      authentication: {mode: disabled}\n";

static bool
has_note(const struct verdict_dir *d, const char *what)
{
	size_t i;

	for (i = 0; i < d->nnotes; i++)
		if (strstr(d->notes[i], what) != NULL)
			return true;
	return false;
}

static void
test_auth(void **state)
{
	const struct small s = { NULL, cnp_auth, NULL, NULL };
	struct verdict_result r;

	(void)state;
	load("auth.zip", &s);
	trace("a/client-1", "a/web-1", 8080, "TCP", &r);
	assert_true(r.allowed);
	assert_true(IN(r)->allows[0].elem->auth);
	assert_true(has_note(IN(r), "CiliumNetworkPolicy a/web-in ingress[0] "
	    "requires mutual authentication"));
	/* mode: disabled is no authentication at all. */
	trace("a/client-1", "a/web-1", 9090, "TCP", &r);
	assert_true(r.allowed);
	assert_false(IN(r)->allows[0].elem->auth);
	assert_false(has_note(IN(r), "mutual authentication"));
	model_free(&m);
}

/* toFQDNs (E.6): IPs of the DNS answers the flows show. */
static const char cnp_fqdn[] =
    "items:\n"
    "- metadata: {name: client-out, namespace: a}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: client}}\n"
    "    egress:\n"
    "    - toFQDNs: [{matchName: api.example.com}, "
    "{matchPattern: \"*.cdn.example.net\"}]\n"
    "      toPorts: [{ports: [{port: \"443\", protocol: TCP}]}]\n";
static const char dns_flows[] =
    "{\"flow\":{\"verdict\":\"FORWARDED\",\"Type\":\"L7\","
    "\"l7\":{\"type\":\"RESPONSE\",\"dns\":{\"query\":"
    "\"api.example.com.\",\"ips\":[\"93.184.216.34\"],"
    "\"rcode\":0}},\"is_reply\":true}}\n"
    "{\"flow\":{\"verdict\":\"FORWARDED\",\"Type\":\"L7\","
    "\"l7\":{\"type\":\"RESPONSE\",\"dns\":{\"query\":"
    "\"img.cdn.example.net.\",\"ips\":[\"151.101.1.1\","
    "\"151.101.65.1\"]}},\"is_reply\":true}}\n"
    "{\"flow\":{\"verdict\":\"FORWARDED\",\"Type\":\"L7\","
    "\"l7\":{\"type\":\"RESPONSE\",\"dns\":{\"query\":"
    "\"other.example.org.\",\"ips\":[\"203.0.113.9\"]}},"
    "\"is_reply\":true}}\n";

static void
test_fqdn(void **state)
{
	const struct small s = { NULL, cnp_fqdn, NULL, NULL };
	struct verdict_result r;

	(void)state;
	flows = dns_flows;
	load("fqdn.zip", &s);
	flows = NULL;
	/* matchName: the answer maps the IP to the name. */
	trace("a/client-1", "93.184.216.34", 443, "TCP", &r);
	assert_true(EG(r)->allowed);
	assert_int_equal(EG(r)->nallows, 1);
	assert_non_null(strstr(EG(r)->allows[0].peer,
	    "toFQDNs matchName: api.example.com (api.example.com. resolved "
	    "to 93.184.216.34 in the DNS answer at"));
	/* matchPattern, the second IP of an answer. */
	trace("a/client-1", "151.101.65.1", 443, "TCP", &r);
	assert_true(EG(r)->allowed);
	assert_non_null(strstr(EG(r)->allows[0].peer,
	    "matchPattern: *.cdn.example.net"));
	/* The port still decides. */
	trace("a/client-1", "93.184.216.34", 80, "TCP", &r);
	assert_false(EG(r)->allowed);
	/* A name no selector names, and an IP no answer holds. */
	trace("a/client-1", "203.0.113.9", 443, "TCP", &r);
	assert_false(EG(r)->allowed);
	assert_true(has_note(EG(r), "no DNS answer in the sysdump maps "
	    "203.0.113.9 to a name it selects"));
	assert_true(EG(r)->has_near);
	assert_int_equal(EG(r)->near.why, VMISS_FQDN);
	assert_non_null(strstr(EG(r)->near.text, "toFQDNs [matchName: "
	    "api.example.com, matchPattern: *.cdn.example.net]"));
	assert_non_null(strstr(EG(r)->fix, "toCIDR"));
	trace("a/client-1", "198.51.100.7", 443, "TCP", &r);
	assert_false(EG(r)->allowed);
	assert_int_equal(EG(r)->reason, VR_DEFAULT_DENY);
	/* FQDN identities are never a pod (D). */
	trace("a/client-1", "a/web-1", 443, "TCP", &r);
	assert_false(EG(r)->allowed);
	model_free(&m);

	/* The agent's DNS cache (fqdn cache list) is an answer too. */
	dns_cache = "Endpoint   Source   FQDN               TTL   "
	    "ExpirationTime             IPs\n"
	    "1523       lookup   api.example.com.   300   "
	    "2025-06-01T10:19:57.000Z   198.51.100.7\n";
	load("fqdn-cache.zip", &s);
	dns_cache = NULL;
	trace("a/client-1", "198.51.100.7", 443, "TCP", &r);
	assert_true(EG(r)->allowed);
	assert_non_null(strstr(EG(r)->allows[0].peer,
	    "cilium-dbg-fqdn-cache-list.md:2)"));
	model_free(&m);
}

/* cidrGroupRef: the externalCIDRs of the CiliumCIDRGroup it names. */
static const char cnp_group[] =
    "items:\n"
    "- metadata: {name: client-out, namespace: a}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: client}}\n"
    "    egress:\n"
    "    - toCIDRSet: [{cidrGroupRef: partners, "
    "except: [203.0.113.128/25]}, {cidrGroupRef: nowhere}]\n"
    "      toPorts: [{ports: [{port: \"443\", protocol: TCP}]}]\n";
static const char groups[] =
    "items:\n"
    "- apiVersion: cilium.io/v2alpha1\n"
    "  kind: CiliumCIDRGroup\n"
    "  metadata: {name: partners}\n"
    "  spec:\n"
    "    externalCIDRs: [203.0.113.0/24, 10.244.0.0/16, not-a-cidr]\n";

static void
test_cidr_group(void **state)
{
	const struct small s = { NULL, cnp_group, NULL, NULL };
	struct verdict_result r;

	(void)state;
	cidr_groups = groups;
	load("cidrgroup.zip", &s);
	cidr_groups = NULL;
	assert_int_equal(m.ncidr_groups, 1);
	assert_int_equal(m.cidr_groups[0].ncidrs, 2);
	trace("a/client-1", "203.0.113.7", 443, "TCP", &r);
	assert_true(EG(r)->allowed);
	assert_non_null(strstr(EG(r)->allows[0].peer,
	    "toCIDRSet cidrGroupRef partners"));
	/*
	 * except applies only to the rule's own cidr ("using ExceptCIDRs
	 * together with CIDRGroupRef is not supported yet", CIDRRule).
	 */
	trace("a/client-1", "203.0.113.200", 443, "TCP", &r);
	assert_true(EG(r)->allowed);
	trace("a/client-1", "192.0.2.1", 443, "TCP", &r);
	assert_false(EG(r)->allowed);
	assert_true(has_note(EG(r), "cidrGroupRef nowhere names no "
	    "CiliumCIDRGroup"));
	/* A pod address in the group's range: CIDR rules never match it. */
	trace("a/client-1", "a/web-1", 443, "TCP", &r);
	assert_false(EG(r)->allowed);
	model_free(&m);
}

/* Host policies are not evaluated: with the host firewall on, say so. */
static const char cfg_hostfw[] =
    "data:\n  cluster-name: c1\n  enable-host-firewall: \"true\"\n"
    "kind: ConfigMap\nmetadata:\n  name: cilium-config\n"
    "  namespace: kube-system\n";
static const char ccnp_host[] =
    "items:\n"
    "- metadata: {name: host-lockdown}\n"
    "  spec:\n"
    "    nodeSelector: {matchLabels: {node-access: ssh}}\n"
    "    ingress:\n"
    "    - fromEntities: [cluster]\n"
    "      toPorts: [{ports: [{port: \"22\", protocol: TCP}]}]\n";

static void
test_host_policies(void **state)
{
	struct small s = { cfg_hostfw, NULL, ccnp_host, NULL };
	struct verdict_result r;

	(void)state;
	load("hostfw.zip", &s);
	trace("a/client-1", "host", 10250, "TCP", &r);
	assert_int_equal(IN(r)->reason, VR_NO_ENDPOINT);
	assert_true(has_note(IN(r), "the host firewall is on and "
	    "CiliumClusterwideNetworkPolicy host-lockdown has host policies"));
	model_free(&m);
	/* Host firewall off: host policies are not enforced at all. */
	s.config = cfg_plain;
	load("hostfw-off.zip", &s);
	trace("a/client-1", "host", 10250, "TCP", &r);
	assert_false(has_note(IN(r), "host firewall"));
	model_free(&m);
}

static const char cfg_audit[] =
    "data:\n  cluster-name: c1\n  policy-audit-mode: \"true\"\n"
    "kind: ConfigMap\nmetadata:\n  name: cilium-config\n"
    "  namespace: kube-system\n";
static const char cfg_always[] =
    "data:\n  cluster-name: c1\n  enable-policy: always\n"
    "kind: ConfigMap\nmetadata:\n  name: cilium-config\n"
    "  namespace: kube-system\n";
static const char cfg_never[] =
    "data:\n  cluster-name: c1\n  enable-policy: never\n"
    "kind: ConfigMap\nmetadata:\n  name: cilium-config\n"
    "  namespace: kube-system\n";

static void
test_modes(void **state)
{
	struct small s = { cfg_audit, cnp_ns, NULL, NULL };
	struct verdict_result r;

	(void)state;
	load("audit.zip", &s);
	trace("b/client-2", "a/web-1", 8080, "TCP", &r);
	assert_true(r.allowed);
	assert_true(IN(r)->audit);
	assert_int_equal(IN(r)->reason, VR_DEFAULT_DENY);
	model_free(&m);
	s.config = cfg_always;
	s.cnps = NULL;
	load("always.zip", &s);
	trace("a/client-1", "a/web-1", 8080, "TCP", &r);
	assert_false(r.allowed);
	assert_int_equal(EG(r)->reason, VR_DEFAULT_DENY);
	model_free(&m);
	s.config = cfg_never;
	s.cnps = cnp_ns;
	load("never.zip", &s);
	trace("b/client-2", "a/web-1", 8080, "TCP", &r);
	assert_true(r.allowed);
	assert_int_equal(IN(r)->reason, VR_ENFORCE_NEVER);
	model_free(&m);
}

static void
test_output(void **state)
{
	const struct small s = { NULL, cnp_ns, NULL, NULL };
	struct verdict_query q;
	struct verdict_result r;
	struct buf b = BUF_INIT;
	const char *err;
	json_t *o;

	(void)state;
	load("out.zip", &s);
	memset(&q, 0, sizeof(q));
	assert_int_equal(verdict_peer_resolve(&m, "b/client", &q.src, &err), 0);
	assert_int_equal(verdict_peer_resolve(&m, "a/web", &q.dst, &err), 0);
	q.port = 8080;
	q.proto = "TCP";
	verdict_trace(&m, &q, &r);
	verdict_text(&m, &q, &r, &b);
	assert_non_null(strstr(b.ptr, "b/client-2 -> a/web-1 8080/TCP: "
	    "DENIED"));
	assert_non_null(strstr(b.ptr, "nearest rule: CiliumNetworkPolicy "
	    "a/web-in, ingress[0]"));
	assert_non_null(strstr(b.ptr, "suggested change:"));
	buf_release(&b);
	o = verdict_json(&m, &q, &r);
	assert_string_equal(json_string_value(json_object_get(o, "verdict")),
	    "denied");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    json_object_get(o, "directions"), "ingress"), "reason")),
	    "default-deny");
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    o, "policies"), 0)), "a/web-in");
	json_decref(o);
	model_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_no_policy),
		cmocka_unit_test(test_namespace_scoping),
		cmocka_unit_test(test_deny_precedence),
		cmocka_unit_test(test_deny_only),
		cmocka_unit_test(test_named_ports),
		cmocka_unit_test(test_ccnp),
		cmocka_unit_test(test_entities_cidr),
		cmocka_unit_test(test_knp),
		cmocka_unit_test(test_service_port_and_l7),
		cmocka_unit_test(test_auth),
		cmocka_unit_test(test_fqdn),
		cmocka_unit_test(test_cidr_group),
		cmocka_unit_test(test_host_policies),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_output),
	};

	return cmocka_run_group_tests(tests, sa_group_setup,
	    sa_group_teardown);
}
