/*
 * test_check_services.c: the CIDR, Service and DNS rules (check_services.c)
 * on the demo sysdump, whose planted problems 3 (CIDR-SELECTS-PODS) and 5
 * (SVC-PORT-VS-TARGETPORT) testdata/README.md lists line by line, and on
 * small sysdumps built here for the cases the demo lacks and the near
 * misses that must stay silent.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "model.h"
#include "rule.h"
#include "support_archive.h"
#include "support_eval.h"

#define TS	"20250601-101500"
#define TOP	"cilium-sysdump-" TS "/"
#define DEMO	"testdata/sysdump/cilium-sysdump-" TS
#define CNPS	TOP "ciliumnetworkpolicies-" TS ".yaml"
#define BTW	TOP "cilium-bugtool-cilium-m4zqd-" TS "/cmd/"

#define RULE(id, b)							\
	"id: " id "\ntitle: t\nseverity: high\ncategory: c\nsummary: s\n" \
	"explanation: e\nremediation: r\n"				\
	"references: [\"https://docs.cilium.io/\"]\n"			\
	"check: {builtin: " b "}\n"

static const char rules[] =
    RULE("CIDR-SELECTS-PODS", "cidr_selects_pods") "---\n"
    RULE("CIDR-SELECTS-NODES", "cidr_selects_nodes") "---\n"
    RULE("SVC-PORT-VS-TARGETPORT", "svc_port_vs_targetport") "---\n"
    "id: SVC-NO-ENDPOINTS\ntitle: t\nseverity: medium\ncategory: c\n"
    "summary: s\nexplanation: e\nremediation: r\n"
    "references: [\"https://docs.cilium.io/\"]\n"
    "check: {builtin: svc_no_endpoints}\n---\n"
    RULE("FQDN-NO-DNS-RULE", "fqdn_no_dns_rule");

struct run {
	struct model	 m;
	struct ruleset	 rs;
	struct findings	 f;
};

static void
run_start(struct run *r, const char *input)
{
	struct ingest_limits lim;
	struct diag_list d;
	char *err = NULL;

	ingest_limits_default(&lim);
	assert_int_equal(model_build(&r->m, input, &lim, &err), 0);
	ruleset_init(&r->rs);
	diag_list_init(&d);
	assert_int_equal(ruleset_load_string(&r->rs, "r.yaml", rules,
	    strlen(rules), eval_builtin_known, &d), 5);
	diag_list_release(&d);
	findings_init(&r->f);
	eval_run(&r->m, &r->rs, &r->f);
}

static void
run_end(struct run *r)
{
	findings_release(&r->f);
	ruleset_release(&r->rs);
	model_free(&r->m);
}

/* Problems 3 and 5 of the demo; nothing else of ours fires there. */
static void
test_demo(void **state)
{
	struct run r;
	const struct finding *x;

	(void)state;
	run_start(&r, DEMO);
	/* Problem 3: fromCIDR 10.244.0.0/16 meant for the backends. */
	assert_int_equal(se_count(&r.f, "CIDR-SELECTS-PODS"), 1);
	x = se_find(&r.f, "CIDR-SELECTS-PODS");
	assert_string_equal(x->subjects[0].kind, "CiliumNetworkPolicy");
	assert_string_equal(x->subjects[0].ns, "shop");
	assert_string_equal(x->subjects[0].name, "db-ingress");
	assert_string_equal(x->cause, "policy/cnp/shop/db-ingress");
	assert_int_equal(x->severity, SEV_HIGH);
	assert_true(x->confidence > 0.99);
	assert_true(se_has_affected(x, "shop/db-6f7d8c9b5-kp5ns"));
	assert_non_null(strstr(x->title, "shop/db-ingress"));
	assert_non_null(strstr(x->title, "10.244.0.0/16"));
	assert_non_null(strstr(x->message, "5432/TCP"));
	assert_non_null(strstr(x->message, "10.244.1.0/24 (kind-worker)"));
	assert_non_null(strstr(x->message,
	    "shop/backend-5b6d7c8f9-tx8vw and shop/backend-5b6d7c8f9-zk2nd"));
	assert_non_null(strstr(x->message, "16 packets dropped"));
	/* README 1.2: 8 + 8 drops from the two backends, on kind-worker2. */
	assert_int_equal(x->drops, 16);
	assert_true(se_has_evidence(x, CNPS, 151, "fromCIDR: 10.244.0.0/16 on "
	    "5432/TCP"));
	assert_true(se_has_evidence(x, BTW "cilium-dbg-identity-list.md", 53,
	    "identity 16777217: cidr:10.244.0.0/16 reserved:world"));
	assert_true(se_has_evidence(x, BTW "cilium-dbg-bpf-ipcache-list.md", 3,
	    "identity=16777217"));
	assert_true(se_has_evidence(x, "ciliumnodes-" TS ".yaml", 0,
	    "pod CIDR 10.244.2.0/24"));
	assert_true(se_has_evidence(x, "hubble-flows-cilium-r9vtb-" TS ".json",
	    1,
	    "shop/backend-5b6d7c8f9-tx8vw (50541) -> shop/db-6f7d8c9b5-kp5ns"));
	assert_non_null(strstr(x->remediation, "fromEndpoints:\n"
	    "    - matchLabels:\n        app: backend\n        tier: api\n"
	    "        k8s:io.kubernetes.pod.namespace: shop\n"));
	assert_non_null(strstr(x->remediation, "port: \"5432\""));

	/* Problem 5: frontend-ingress allows 80, the Service maps it to 8080 */
	assert_int_equal(se_count(&r.f, "SVC-PORT-VS-TARGETPORT"), 1);
	x = se_find(&r.f, "SVC-PORT-VS-TARGETPORT");
	assert_string_equal(x->subjects[0].name, "frontend-ingress");
	assert_string_equal(x->subjects[1].kind, "Service");
	assert_string_equal(x->subjects[1].name, "frontend");
	assert_string_equal(x->cause, "policy/cnp/shop/frontend-ingress");
	assert_non_null(strstr(x->title, "port 80/TCP"));
	assert_non_null(strstr(x->title, "targetPort 8080"));
	assert_non_null(strstr(x->message, "10.96.148.20"));
	assert_true(se_has_affected(x, "shop/frontend-7c9d8b5f6-4hj2k"));
	assert_true(se_has_affected(x, "shop/frontend-7c9d8b5f6-p7rlm"));
	/* README 1.2: 6 drops on each node, on 8080. */
	assert_int_equal(x->drops, 12);
	assert_true(se_has_evidence(x, CNPS, 0, "port 80/TCP"));
	assert_true(se_has_evidence(x, "k8s-services-" TS ".yaml", 305,
	    "port 80/TCP -> targetPort 8080"));
	assert_true(se_has_evidence(x,
	    BTW "cilium-dbg-bpf-policy-get---all---numeric.md", 15,
	    "Allow Ingress 44601 80/TCP, 0 packets (never hit)"));
	assert_true(se_has_evidence(x, "hubble-flows-cilium-m4zqd-" TS ".json",
	    37,
	    "tools/curl-6d5b9f7c48-mzx7q (44601) -> "
	    "shop/frontend-7c9d8b5f6-4hj2k (21093) 8080/TCP"));
	assert_non_null(strstr(x->remediation, "port: \"8080\""));

	/* The healthy policies and Services stay silent. */
	assert_int_equal(se_count(&r.f, "CIDR-SELECTS-NODES"), 0);
	assert_int_equal(se_count(&r.f, "SVC-NO-ENDPOINTS"), 0);
	assert_int_equal(se_count(&r.f, "FQDN-NO-DNS-RULE"), 0);
	assert_int_equal(r.f.nskipped, 0);
	run_end(&r);
}

/* --- small sysdumps -------------------------------------------------- */

static const char cfg_plain[] =
    "data:\n  cluster-name: c1\n"
    "kind: ConfigMap\nmetadata:\n  name: cilium-config\n"
    "  namespace: kube-system\n";
static const char cfg_nodes[] =
    "data:\n  cluster-name: c1\n  policy-cidr-match-mode: nodes\n"
    "kind: ConfigMap\nmetadata:\n  name: cilium-config\n"
    "  namespace: kube-system\n";
static const char cfg_pods[] =
    "data:\n  cluster-name: c1\n  policy-cidr-match-mode: pods\n"
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
    "- metadata: {name: cp}\n"
    "  spec: {podCIDR: 10.244.0.0/24, podCIDRs: [10.244.0.0/24]}\n"
    "  status: {addresses: [{type: InternalIP, address: 172.18.0.2}]}\n";
static const char pods[] =
    "items:\n"
    "- metadata: {name: web-1, namespace: shop, labels: {app: web}}\n"
    "  spec:\n    nodeName: n1\n    containers:\n    - name: web\n"
    "      ports: [{containerPort: 8080, name: http}]\n"
    "  status:\n    phase: Running\n    podIP: 10.244.1.5\n"
    "    conditions: [{type: Ready, status: \"True\"}]\n"
    "- metadata: {name: client-1, namespace: shop, labels: {app: client}}\n"
    "  spec: {nodeName: n1}\n"
    "  status:\n    phase: Running\n    podIP: 10.244.1.6\n"
    "    conditions: [{type: Ready, status: \"True\"}]\n"
    "- metadata: {name: api-1, namespace: shop, labels: {app: api, "
    "tier: back}}\n"
    "  spec: {nodeName: n1}\n"
    "  status:\n    phase: Running\n    podIP: 10.244.1.7\n"
    "    conditions: [{type: Ready, status: \"False\"}]\n";
static const char services[] =
    "items:\n"
    "- metadata: {name: web, namespace: shop}\n"
    "  spec:\n    clusterIP: 10.96.0.20\n    selector: {app: web}\n"
    "    ports: [{port: 80, protocol: TCP, targetPort: 8080}]\n"
    "- metadata: {name: web-named, namespace: shop}\n"
    "  spec:\n    clusterIP: 10.96.0.21\n    selector: {app: web}\n"
    "    ports: [{port: 81, protocol: TCP, targetPort: metrics}]\n"
    "- metadata: {name: typo, namespace: shop}\n"
    "  spec:\n    clusterIP: 10.96.0.22\n    selector: {app: wbe}\n"
    "    ports: [{port: 80, protocol: TCP, targetPort: 80}]\n"
    "- metadata: {name: api, namespace: shop}\n"
    "  spec:\n    clusterIP: 10.96.0.23\n    selector: {app: api, "
    "tier: front}\n"
    "    ports: [{port: 80, protocol: TCP, targetPort: 80}]\n"
    "- metadata: {name: manual, namespace: shop}\n"
    "  spec:\n    clusterIP: 10.96.0.24\n"
    "    ports: [{port: 80, protocol: TCP}]\n"
    "- metadata: {name: ext, namespace: shop}\n"
    "  spec:\n    type: ExternalName\n    externalName: example.com\n"
    "    selector: {app: nothing}\n";

struct small {
	const char	*config;
	const char	*cnps;
	const char	*knps;
	const char	*endpoints;
};

static char *
small_sysdump(const char *name, const struct small *s)
{
	struct sa_entry e[8];
	size_t n = 0;

	e[n++] = (struct sa_entry){ TOP "cilium-configmap-" TS ".yaml",
	    s->config != NULL ? s->config : cfg_plain, 0, SA_FILE };
	e[n++] = (struct sa_entry){ TOP "cilium-daemonset-" TS ".yaml", ds, 0,
	    SA_FILE };
	e[n++] = (struct sa_entry){ TOP "k8s-nodes-" TS ".yaml", nodes, 0,
	    SA_FILE };
	e[n++] = (struct sa_entry){ TOP "k8s-pods-" TS ".yaml", pods, 0,
	    SA_FILE };
	e[n++] = (struct sa_entry){ TOP "k8s-services-" TS ".yaml", services,
	    0, SA_FILE };
	if (s->cnps != NULL)
		e[n++] = (struct sa_entry){ CNPS, s->cnps, 0, SA_FILE };
	if (s->knps != NULL)
		e[n++] = (struct sa_entry){ TOP "k8s-networkpolicies-" TS
		    ".yaml", s->knps, 0, SA_FILE };
	if (s->endpoints != NULL)
		e[n++] = (struct sa_entry){ TOP "k8s-endpoints-" TS ".yaml",
		    s->endpoints, 0, SA_FILE };
	return sa_write_archive(name, "zip", e, n);
}

static const char cnp_cidrs[] =
    "items:\n"
    "- metadata: {name: to-apiserver, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: client}}\n"
    "    egress:\n"
    "    - toCIDR: [172.18.0.2/32]\n"
    "      toPorts: [{ports: [{port: \"6443\", protocol: TCP}]}]\n"
    "- metadata: {name: outside, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: client}}\n"
    "    egress:\n"
    "    - toCIDR: [8.8.8.8/32, 0.0.0.0/0]\n"
    "    - toCIDRSet: [{cidr: 10.0.0.0/8, except: [10.244.0.0/16]}]\n"
    "- metadata: {name: pod-ip, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - fromCIDR: [10.244.1.6/32]\n"
    "- metadata: {name: rejected, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - fromCIDR: [10.244.1.6/32]\n"
    "  status:\n"
    "    conditions:\n"
    "    - {type: Valid, status: \"False\", message: \"bad\"}\n";
static const char knp_ipblock[] =
    "items:\n"
    "- metadata: {name: web-from-pods, namespace: shop}\n"
    "  spec:\n"
    "    podSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - from: [{ipBlock: {cidr: 10.244.0.0/16}}]\n"
    "      ports: [{port: 8080}]\n"
    "    - from: [{ipBlock: {cidr: 172.16.0.0/12}}]\n";

static void
test_cidr_rules(void **state)
{
	const struct small s = { NULL, cnp_cidrs, knp_ipblock, NULL };
	struct run r;
	const struct finding *x;
	size_t i, npod = 0, nodes_hi = 0, nodes_med = 0;
	char *path;

	(void)state;
	path = small_sysdump("cidr.zip", &s);
	run_start(&r, path);
	/* pod-ip (a pod's /32) and the KNP's 10.244.0.0/16, nothing else. */
	assert_int_equal(se_count(&r.f, "CIDR-SELECTS-PODS"), 2);
	for (i = 0; i < r.f.n; i++) {
		x = &r.f.v[i];
		if (strcmp(x->rule->id, "CIDR-SELECTS-PODS") != 0)
			continue;
		npod++;
		assert_true(strcmp(x->subjects[0].name, "pod-ip") == 0 ||
		    strcmp(x->subjects[0].name, "web-from-pods") == 0);
		assert_true(se_has_affected(x, "shop/web-1"));
		if (strcmp(x->subjects[0].name, "web-from-pods") == 0) {
			assert_string_equal(x->subjects[0].kind,
			    "NetworkPolicy");
			assert_non_null(strstr(x->message, "10.244.1.0/24 "
			    "(n1)"));
			assert_non_null(strstr(x->evidence[0].excerpt,
			    "ipBlock: 10.244.0.0/16 on 8080/TCP"));
			/* Covers every pod CIDR: all pods, by namespace. */
			assert_non_null(strstr(x->remediation,
			    "namespaceSelector: {}"));
			assert_non_null(strstr(x->remediation,
			    "    ports:\n    - port: 8080\n"));
		} else {
			assert_non_null(strstr(x->message, "shop/client-1"));
			assert_true(se_has_evidence(x, "k8s-pods-" TS
			    ".yaml", 0, "pod shop/client-1: IP 10.244.1.6"));
			assert_non_null(strstr(x->remediation,
			    "app: client\n"));
		}
	}
	assert_int_equal(npod, 2);
	/* to-apiserver (a /32, high) and the KNP's 172.16/12 (broad). */
	for (i = 0; i < r.f.n; i++) {
		x = &r.f.v[i];
		if (strcmp(x->rule->id, "CIDR-SELECTS-NODES") != 0)
			continue;
		if (strcmp(x->subjects[0].name, "to-apiserver") == 0) {
			nodes_hi++;
			assert_int_equal(x->severity, SEV_HIGH);
			assert_true(se_has_affected(x, "shop/client-1"));
			assert_non_null(strstr(x->message,
			    "172.18.0.2 (cp)"));
			assert_non_null(strstr(x->remediation,
			    "toEntities:\n    - host\n    - remote-node\n"));
			assert_non_null(strstr(x->remediation,
			    "policy-cidr-match-mode: nodes"));
			assert_true(se_has_evidence(x, "cilium-configmap-" TS
			    ".yaml", 0, "not set"));
		} else {
			nodes_med++;
			assert_string_equal(x->subjects[0].name,
			    "web-from-pods");
			assert_int_equal(x->severity, SEV_MEDIUM);
			assert_true(x->confidence < 0.6);
		}
	}
	assert_int_equal(nodes_hi, 1);
	assert_int_equal(nodes_med, 1);
	run_end(&r);
	free(path);
}

/* The option that makes CIDR peers select nodes (or pods) silences us. */
static void
test_cidr_match_mode(void **state)
{
	struct small s = { cfg_nodes, cnp_cidrs, knp_ipblock, NULL };
	struct run r;
	char *path;

	(void)state;
	path = small_sysdump("mode-nodes.zip", &s);
	run_start(&r, path);
	assert_int_equal(se_count(&r.f, "CIDR-SELECTS-NODES"), 0);
	assert_int_equal(se_count(&r.f, "CIDR-SELECTS-PODS"), 2);
	run_end(&r);
	free(path);
	s.config = cfg_pods;
	path = small_sysdump("mode-pods.zip", &s);
	run_start(&r, path);
	assert_int_equal(se_count(&r.f, "CIDR-SELECTS-PODS"), 0);
	assert_int_equal(se_count(&r.f, "CIDR-SELECTS-NODES"), 2);
	run_end(&r);
	free(path);
}

static const char cnp_svc[] =
    "items:\n"
    "- metadata: {name: client-egress, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: client}}\n"
    "    egress:\n"
    "    - toEndpoints: [{matchLabels: {app: web}}]\n"
    "      toPorts: [{ports: [{port: \"80\", protocol: TCP}]}]\n"
    "- metadata: {name: web-ingress-ok, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - fromEndpoints: [{matchLabels: {app: client}}]\n"
    "      toPorts: [{ports: [{port: \"80\", protocol: TCP}, "
    "{port: \"8080\", protocol: TCP}]}]\n"
    "- metadata: {name: web-ingress-named, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - fromEndpoints: [{matchLabels: {app: client}}]\n"
    "      toPorts: [{ports: [{port: \"http\", protocol: TCP}]}]\n";

static void
test_svc_port(void **state)
{
	const struct small s = { NULL, cnp_svc, NULL, NULL };
	struct run r;
	const struct finding *x;
	char *path;

	(void)state;
	path = small_sysdump("svcport.zip", &s);
	run_start(&r, path);
	/* Egress to the web pods on 80; the Service web maps 80 to 8080. */
	assert_int_equal(se_count(&r.f, "SVC-PORT-VS-TARGETPORT"), 1);
	x = se_find(&r.f, "SVC-PORT-VS-TARGETPORT");
	assert_string_equal(x->subjects[0].name, "client-egress");
	assert_string_equal(x->subjects[1].name, "web");
	assert_true(se_has_affected(x, "shop/client-1"));
	assert_non_null(strstr(x->message, "egress to"));
	assert_non_null(strstr(x->message, "the pods behind Service "
	    "shop/web"));
	assert_non_null(strstr(x->title, "targetPort 8080"));
	assert_true(se_has_evidence(x, "k8s-pods-" TS ".yaml", 0,
	    "containerPort 8080 (http)"));
	assert_true(x->confidence > 0.99);
	run_end(&r);
	free(path);
}

static const char endpoints_typo_ready[] =
    "items:\n"
    "- metadata: {name: typo, namespace: shop}\n"
    "  subsets:\n"
    "  - addresses: [{ip: 10.244.1.9}]\n"
    "    ports: [{port: 80, protocol: TCP}]\n";

static void
test_svc_no_endpoints(void **state)
{
	struct small s = { NULL, NULL, NULL, NULL };
	struct run r;
	const struct finding *x;
	size_t i, typo = 0, api = 0, named = 0;
	char *path;

	(void)state;
	path = small_sysdump("noep.zip", &s);
	run_start(&r, path);
	/* typo (no pod), api (not ready... and no match), web-named. */
	for (i = 0; i < r.f.n; i++) {
		x = &r.f.v[i];
		if (strcmp(x->rule->id, "SVC-NO-ENDPOINTS") != 0)
			continue;
		assert_string_equal(x->subjects[0].kind, "Service");
		if (strcmp(x->subjects[0].name, "typo") == 0) {
			typo++;
			assert_non_null(strstr(x->title, "app=wbe"));
			assert_non_null(strstr(x->message, "no pod has these "
			    "labels"));
			/* Not ready without Endpoints to confirm: 0.8. */
			assert_true(x->confidence < 0.9);
		} else if (strcmp(x->subjects[0].name, "api") == 0) {
			api++;
			/* api-1 has app=api but tier=back. */
			assert_non_null(strstr(x->message, "shop/api-1 has "
			    "tier=back"));
			assert_true(se_has_evidence(x, "k8s-pods-" TS
			    ".yaml", 0, "pod shop/api-1: tier=back"));
		} else {
			named++;
			assert_string_equal(x->subjects[0].name, "web-named");
			assert_non_null(strstr(x->title, "\"metrics\""));
			assert_non_null(strstr(x->message, "http=8080/TCP"));
		}
	}
	assert_int_equal(typo, 1);
	assert_int_equal(api, 1);
	assert_int_equal(named, 1);
	/* web has a ready pod; manual has no selector; ext is ExternalName. */
	assert_int_equal(se_count(&r.f, "SVC-NO-ENDPOINTS"), 3);
	run_end(&r);
	free(path);
	/* Endpoints with a ready address overrule the pods' view. */
	s.endpoints = endpoints_typo_ready;
	path = small_sysdump("noep2.zip", &s);
	run_start(&r, path);
	assert_int_equal(se_count(&r.f, "SVC-NO-ENDPOINTS"), 2);
	for (i = 0; i < r.f.n; i++)
		assert_true(strcmp(r.f.v[i].rule->id, "SVC-NO-ENDPOINTS") !=
		    0 || strcmp(r.f.v[i].subjects[0].name, "typo") != 0);
	run_end(&r);
	free(path);
}

static const char cnp_fqdn[] =
    "items:\n"
    "- metadata: {name: client-fqdn, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: client}}\n"
    "    egress:\n"
    "    - toFQDNs: [{matchName: api.example.com}]\n"
    "      toPorts: [{ports: [{port: \"443\", protocol: TCP}]}]\n"
    "    - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: "
    "kube-system, k8s-app: kube-dns}}]\n"
    "      toPorts: [{ports: [{port: \"53\", protocol: ANY}]}]\n";
static const char cnp_fqdn_dns[] =
    "items:\n"
    "- metadata: {name: client-fqdn, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: client}}\n"
    "    egress:\n"
    "    - toFQDNs: [{matchName: api.example.com}]\n"
    "      toPorts: [{ports: [{port: \"443\", protocol: TCP}]}]\n"
    "- metadata: {name: all-dns, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {}\n"
    "    egress:\n"
    "    - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: "
    "kube-system, k8s-app: kube-dns}}]\n"
    "      toPorts:\n"
    "      - ports: [{port: \"53\", protocol: ANY}]\n"
    "        rules: {dns: [{matchPattern: \"*\"}]}\n";

static void
test_fqdn(void **state)
{
	struct small s = { NULL, cnp_fqdn, NULL, NULL };
	struct run r;
	const struct finding *x;
	char *path;

	(void)state;
	path = small_sysdump("fqdn.zip", &s);
	run_start(&r, path);
	assert_int_equal(se_count(&r.f, "FQDN-NO-DNS-RULE"), 1);
	x = se_find(&r.f, "FQDN-NO-DNS-RULE");
	assert_string_equal(x->subjects[0].name, "client-fqdn");
	assert_string_equal(x->cause, "policy/cnp/shop/client-fqdn");
	assert_int_equal(x->naffected, 1);
	assert_string_equal(x->affected[0], "shop/client-1");
	assert_non_null(strstr(x->title, "matchName api.example.com"));
	/* Port 53 is allowed at L4 only: named in message and evidence. */
	assert_non_null(strstr(x->message, "allows port 53 at L4 only"));
	assert_true(se_has_evidence(x, CNPS, 0, "port 53 allowed without "
	    "rules.dns"));
	assert_non_null(strstr(x->remediation, "dns:\n        - matchPattern"));
	run_end(&r);
	free(path);
	/* A DNS rule in another policy selecting the same pod suffices. */
	s.cnps = cnp_fqdn_dns;
	path = small_sysdump("fqdn2.zip", &s);
	run_start(&r, path);
	assert_int_equal(se_count(&r.f, "FQDN-NO-DNS-RULE"), 0);
	assert_null(se_skipped(&r.f, "FQDN-NO-DNS-RULE"));
	run_end(&r);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo),
		cmocka_unit_test(test_cidr_rules),
		cmocka_unit_test(test_cidr_match_mode),
		cmocka_unit_test(test_svc_port),
		cmocka_unit_test(test_svc_no_endpoints),
		cmocka_unit_test(test_fqdn),
	};

	return cmocka_run_group_tests_name("check_services", tests,
	    sa_group_setup, sa_group_teardown);
}
