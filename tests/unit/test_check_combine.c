/*
 * test_check_combine.c: the combination rules (FIRST-POLICY-LOCKS-DIRECTION,
 * DENY-ONLY-DEFAULTDENY, DENY-OVERRIDES-ALLOW) on small clusters built at
 * test time, where each case changes one thing, and on the demo sysdump,
 * whose problem 2 (testdata/README.md 1.2) the first rule must report with
 * its Hubble drops, BPF policy map and drop metric.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "eval.h"
#include "model.h"
#include "support_archive.h"
#include "support_eval.h"

#define TS	"20250601-101500"
#define TOP	"cilium-sysdump-" TS "/"
#define DEMO	"testdata/sysdump/cilium-sysdump-" TS

static const char pods[] =
    "items:\n"
    "- metadata: {name: frontend-1, namespace: shop, labels: {app: frontend, "
    "tier: web}}\n"
    "  spec: {nodeName: n1}\n  status: {phase: Running, podIP: 10.0.1.10}\n"
    "- metadata: {name: frontend-2, namespace: shop, labels: {app: frontend, "
    "tier: web}}\n"
    "  spec: {nodeName: n1}\n  status: {phase: Running, podIP: 10.0.1.11}\n"
    "- metadata: {name: backend-1, namespace: shop, labels: {app: backend, "
    "tier: api}}\n"
    "  spec: {nodeName: n1}\n  status: {phase: Running, podIP: 10.0.1.20}\n"
    "- metadata: {name: db-1, namespace: shop, labels: {app: db, tier: "
    "data}}\n"
    "  spec: {nodeName: n1}\n  status: {phase: Running, podIP: 10.0.1.30}\n"
    "- metadata: {name: coredns-1, namespace: kube-system, labels: "
    "{k8s-app: kube-dns}}\n"
    "  spec:\n    nodeName: n1\n    containers:\n    - name: coredns\n"
    "      ports:\n      - {name: dns, containerPort: 53, protocol: UDP}\n"
    "      - {name: dns-tcp, containerPort: 53, protocol: TCP}\n"
    "  status: {phase: Running, podIP: 10.0.1.53}\n"
    "- metadata: {name: coredns-2, namespace: kube-system, labels: "
    "{k8s-app: kube-dns}}\n"
    "  spec: {nodeName: n1}\n  status: {phase: Running, podIP: 10.0.1.54}\n";
static const char services[] =
    "items:\n"
    "- metadata: {name: kube-dns, namespace: kube-system, labels: "
    "{k8s-app: kube-dns}}\n"
    "  spec:\n    clusterIP: 10.96.0.10\n    selector: {k8s-app: kube-dns}\n"
    "    ports:\n    - {name: dns, port: 53, protocol: UDP, targetPort: 53}\n"
    "    - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}\n";

/* The frontend may only call the backend: problem 2 of the demo. */
static const char cnp_frontend[] =
    "- metadata: {name: frontend-egress, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: frontend}}\n"
    "    egress:\n"
    "    - toEndpoints: [{matchLabels: {app: backend}}]\n"
    "      toPorts: [{ports: [{port: \"8080\", protocol: TCP}]}]\n";

struct fx {
	struct model	 m;
	struct findings	 f;
	struct rule	 r;
	struct eval_ctx	 ctx;
	char		*path;
	bool		 built;
};

struct setup {
	const char	*version;	/* "1.16.5" when NULL */
	const char	*config;	/* extra cilium-config lines */
	const char	*cnps;		/* items, without "items:" */
	const char	*ccnps;
	const char	*knps;
	const char	*pods;		/* replaces the default pods */
};

static void
fx_release(struct fx *x)
{
	if (!x->built)
		return;
	findings_release(&x->f);
	model_free(&x->m);
	free(x->path);
	x->built = false;
}

/* Build the cluster of s and run one check on it. */
static void
fx_run(struct fx *x, const struct setup *s, const char *id,
    void (*check)(struct eval_ctx *))
{
	static unsigned serial;
	char name[32], config[1024], ds[512], cnps[4096], ccnps[4096];
	char knps[4096];
	struct sa_entry e[8];
	struct ingest_limits lim;
	char *err = NULL;
	size_t n = 0;

	fx_release(x);
	snprintf(config, sizeof(config), "data:\n  cluster-name: c1\n%s"
	    "kind: ConfigMap\nmetadata:\n  name: cilium-config\n"
	    "  namespace: kube-system\n", s->config != NULL ? s->config : "");
	snprintf(ds, sizeof(ds), "items:\n- spec:\n    template:\n      spec:\n"
	    "        containers:\n"
	    "        - image: quay.io/cilium/cilium:v%s\n"
	    "          name: cilium-agent\n",
	    s->version != NULL ? s->version : "1.16.5");
	e[n++] = (struct sa_entry){ TOP "cilium-configmap-" TS ".yaml", config,
	    0, SA_FILE };
	e[n++] = (struct sa_entry){ TOP "cilium-daemonset-" TS ".yaml", ds, 0,
	    SA_FILE };
	e[n++] = (struct sa_entry){ TOP "k8s-pods-" TS ".yaml",
	    s->pods != NULL ? s->pods : pods, 0, SA_FILE };
	e[n++] = (struct sa_entry){ TOP "k8s-services-" TS ".yaml", services,
	    0, SA_FILE };
	if (s->cnps != NULL) {
		snprintf(cnps, sizeof(cnps), "items:\n%s", s->cnps);
		e[n++] = (struct sa_entry){ TOP "ciliumnetworkpolicies-" TS
		    ".yaml", cnps, 0, SA_FILE };
	}
	if (s->ccnps != NULL) {
		snprintf(ccnps, sizeof(ccnps), "items:\n%s", s->ccnps);
		e[n++] = (struct sa_entry){ TOP "ciliumclusterwidenetwork"
		    "policies-" TS ".yaml", ccnps, 0, SA_FILE };
	}
	if (s->knps != NULL) {
		snprintf(knps, sizeof(knps), "items:\n%s", s->knps);
		e[n++] = (struct sa_entry){ TOP "k8s-networkpolicies-" TS ".yaml",
		    knps, 0, SA_FILE };
	}
	snprintf(name, sizeof(name), "c%u.zip", serial++);
	x->path = sa_write_archive(name, "zip", e, n);
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&x->m, x->path, &lim, &err), 0);
	findings_init(&x->f);
	memset(&x->r, 0, sizeof(x->r));
	x->r.id = id;
	x->r.title = "t";
	x->r.summary = "s";
	x->r.remediation = "r";
	x->r.severity = SEV_HIGH;
	memset(&x->ctx, 0, sizeof(x->ctx));
	x->ctx.m = &x->m;
	x->ctx.rule = &x->r;
	x->ctx.out = &x->f;
	x->built = true;
	check(&x->ctx);
}

/* The same on the demo sysdump. */
static void
fx_demo(struct fx *x, const char *id, void (*check)(struct eval_ctx *))
{
	struct ingest_limits lim;
	char *err = NULL;

	fx_release(x);
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&x->m, DEMO, &lim, &err), 0);
	findings_init(&x->f);
	memset(&x->r, 0, sizeof(x->r));
	x->r.id = id;
	x->r.title = "t";
	x->r.summary = "s";
	x->r.remediation = "r";
	x->r.severity = SEV_HIGH;
	memset(&x->ctx, 0, sizeof(x->ctx));
	x->ctx.m = &x->m;
	x->ctx.rule = &x->r;
	x->ctx.out = &x->f;
	x->path = NULL;
	x->built = true;
	check(&x->ctx);
}

/* The evidence line of this member (suffix) and line, or NULL. */
static const struct finding_evidence *
evidence_at(const struct finding *f, const char *suffix, unsigned long line)
{
	size_t i, ls = strlen(suffix);

	for (i = 0; i < f->nevidence; i++) {
		const char *p = f->evidence[i].path;
		size_t lp = p != NULL ? strlen(p) : 0;

		if (lp >= ls && strcmp(p + lp - ls, suffix) == 0 &&
		    f->evidence[i].line == line)
			return &f->evidence[i];
	}
	return NULL;
}

static int
case_setup(void **state)
{
	(void)state;
	return 0;
}

static struct fx the_fx;

static int
case_teardown(void **state)
{
	(void)state;
	fx_release(&the_fx);
	return 0;
}

/* --- FIRST-POLICY-LOCKS-DIRECTION ------------------------------------ */

#define FIRST	"FIRST-POLICY-LOCKS-DIRECTION"

static void
test_first_fires(void **state)
{
	struct fx *x = &the_fx;
	struct setup s = { .cnps = cnp_frontend };
	const struct finding *f;

	(void)state;
	fx_run(x, &s, FIRST, check_first_policy_locks_direction);
	assert_null(x->ctx.skip_reason);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_int_equal(f->nsubjects, 1);
	assert_string_equal(f->subjects[0].kind, "CiliumNetworkPolicy");
	assert_string_equal(f->subjects[0].ns, "shop");
	assert_string_equal(f->subjects[0].name, "frontend-egress");
	assert_string_equal(f->cause, "policy/cnp/shop/frontend-egress");
	/* Only the two frontends: not the backend, not CoreDNS. */
	assert_int_equal(f->naffected, 2);
	assert_true(se_has_affected(f, "shop/frontend-1"));
	assert_true(se_has_affected(f, "shop/frontend-2"));
	assert_non_null(strstr(f->title, "CiliumNetworkPolicy "
	    "shop/frontend-egress locks egress of 2 pods without a DNS allow"));
	assert_non_null(strstr(f->title, "kube-system/kube-dns"));
	assert_non_null(strstr(f->message, "it allows only to {app=backend} "
	    "on 8080/TCP"));
	assert_non_null(strstr(f->message, "kube-system/coredns-1 and "
	    "kube-system/coredns-2"));
	assert_non_null(strstr(f->message, "on 53/UDP"));
	/* The element's own line (6th line of the file). */
	assert_non_null(evidence_at(f, "ciliumnetworkpolicies-" TS ".yaml", 6));
	/* No flows in this sysdump: less sure, but reported. */
	assert_true(f->confidence < 1.0);
	assert_int_equal(f->drops, 0);
	/* The fix names the DNS pods' namespace and labels, as a CNP. */
	assert_non_null(strstr(f->remediation,
	    "k8s:io.kubernetes.pod.namespace: kube-system"));
	assert_non_null(strstr(f->remediation, "k8s:k8s-app: kube-dns"));
	assert_non_null(strstr(f->remediation, "protocol: UDP"));
	assert_null(strstr(f->remediation, "rules:"));
}

/* Allows add up: a second policy with the DNS rule fixes it. */
static void
test_first_union_with_dns_policy(void **state)
{
	struct fx *x = &the_fx;
	static const char cnps[] =
	    "- metadata: {name: frontend-egress, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {app: frontend}}\n"
	    "    egress:\n"
	    "    - toEndpoints: [{matchLabels: {app: backend}}]\n"
	    "      toPorts: [{ports: [{port: \"8080\", protocol: TCP}]}]\n"
	    "- metadata: {name: dns, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {}\n"
	    "    egress:\n"
	    "    - toEndpoints: [{matchLabels: {k8s-app: kube-dns, "
	    "k8s:io.kubernetes.pod.namespace: kube-system}}]\n"
	    "      toPorts: [{ports: [{port: \"53\", protocol: ANY}]}]\n";
	struct setup s = { .cnps = cnps };

	(void)state;
	fx_run(x, &s, FIRST, check_first_policy_locks_direction);
	assert_int_equal(x->f.n, 0);
	assert_null(x->ctx.skip_reason);
}

/* Healthy shapes: entity cluster, an L4-only rule, a CCNP, a named port. */
static void
test_first_other_dns_allows(void **state)
{
	struct fx *x = &the_fx;
	static const char cluster[] =
	    "- metadata: {name: fe, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {app: frontend}}\n"
	    "    egress:\n"
	    "    - toEntities: [cluster]\n";
	static const char l4only[] =
	    "- metadata: {name: fe, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {app: frontend}}\n"
	    "    egress:\n"
	    "    - toPorts: [{ports: [{port: \"53\", protocol: UDP}]}]\n";
	static const char ccnp[] =
	    "- metadata: {name: dns-for-all}\n"
	    "  spec:\n"
	    "    endpointSelector: {}\n"
	    "    egress:\n"
	    "    - toEndpoints: [{matchLabels: {k8s-app: kube-dns}}]\n"
	    "      toPorts: [{ports: [{port: dns, protocol: UDP}]}]\n";
	static const char fqdn[] =
	    "- metadata: {name: fe, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {app: frontend}}\n"
	    "    egress:\n"
	    "    - toFQDNs: [{matchName: api.example.com}]\n";
	struct setup s = { .cnps = cluster };
	const struct finding *f;

	(void)state;
	fx_run(x, &s, FIRST, check_first_policy_locks_direction);
	assert_int_equal(x->f.n, 0);
	s.cnps = l4only;
	fx_run(x, &s, FIRST, check_first_policy_locks_direction);
	assert_int_equal(x->f.n, 0);
	/* A CCNP `{}` peer spans namespaces; the named port resolves. */
	s.cnps = cnp_frontend;
	s.ccnps = ccnp;
	fx_run(x, &s, FIRST, check_first_policy_locks_direction);
	assert_int_equal(x->f.n, 0);
	/* toFQDNs without DNS: fires, and the fix carries rules.dns. */
	s.cnps = fqdn;
	s.ccnps = NULL;
	fx_run(x, &s, FIRST, check_first_policy_locks_direction);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_non_null(strstr(f->remediation, "matchPattern: \"*\""));
	assert_non_null(strstr(f->remediation, "toFQDNs"));
}

/* enableDefaultDeny.egress: false, honoured from 1.16 with the flag on. */
static void
test_first_enable_default_deny(void **state)
{
	struct fx *x = &the_fx;
	static const char cnps[] =
	    "- metadata: {name: frontend-egress, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {app: frontend}}\n"
	    "    enableDefaultDeny: {egress: false}\n"
	    "    egress:\n"
	    "    - toEndpoints: [{matchLabels: {app: backend}}]\n"
	    "      toPorts: [{ports: [{port: \"8080\", protocol: TCP}]}]\n";
	struct setup s = { .cnps = cnps };

	(void)state;
	fx_run(x, &s, FIRST, check_first_policy_locks_direction);
	assert_int_equal(x->f.n, 0);
	/* The agent ignores the field when the option is off ... */
	s.config = "  enable-non-default-deny-policies: \"false\"\n";
	fx_run(x, &s, FIRST, check_first_policy_locks_direction);
	assert_int_equal(x->f.n, 1);
	/* ... and before 1.16, where the field does not exist. */
	s.config = NULL;
	s.version = "1.15.6";
	fx_run(x, &s, FIRST, check_first_policy_locks_direction);
	assert_int_equal(x->f.n, 1);
}

/* Near misses are reported with why they do not count. */
static void
test_first_near_misses(void **state)
{
	struct fx *x = &the_fx;
	static const char no_ns[] =
	    "- metadata: {name: fe, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {app: frontend}}\n"
	    "    egress:\n"
	    "    - toEndpoints: [{matchLabels: {k8s-app: kube-dns}}]\n"
	    "      toPorts: [{ports: [{port: \"53\", protocol: UDP}]}]\n";
	static const char cidr[] =
	    "- metadata: {name: fe, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {app: frontend}}\n"
	    "    egress:\n"
	    "    - toCIDR: [10.96.0.10/32]\n"
	    "      toPorts: [{ports: [{port: \"53\", protocol: UDP}]}]\n";
	/* A KNP port without protocol is TCP: no UDP DNS. */
	static const char knp[] =
	    "- metadata: {name: fe, namespace: shop}\n"
	    "  spec:\n"
	    "    podSelector: {matchLabels: {app: frontend}}\n"
	    "    policyTypes: [Egress]\n"
	    "    egress:\n"
	    "    - to:\n"
	    "      - namespaceSelector: {}\n"
	    "        podSelector: {matchLabels: {k8s-app: kube-dns}}\n"
	    "      ports: [{port: 53}]\n";
	struct setup s = { .cnps = no_ns };
	const struct finding *f;
	double sure;

	(void)state;
	fx_run(x, &s, FIRST, check_first_policy_locks_direction);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_non_null(strstr(f->message, "matches the DNS pods' labels, "
	    "but Cilium scopes that selector to another namespace"));
	assert_non_null(strstr(f->message, "to {k8s-app=kube-dns} on "
	    "53/UDP"));
	assert_non_null(evidence_at(f, "ciliumnetworkpolicies-" TS ".yaml", 6));
	sure = f->confidence;

	s.cnps = cidr;
	fx_run(x, &s, FIRST, check_first_policy_locks_direction);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_non_null(strstr(f->message, "holds the kube-system/kube-dns "
	    "ClusterIP 10.96.0.10"));
	/* The namespace near miss defers to the more specific rule. */
	assert_true(sure < f->confidence);

	s.cnps = NULL;
	s.knps = knp;
	fx_run(x, &s, FIRST, check_first_policy_locks_direction);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_string_equal(f->subjects[0].kind, "NetworkPolicy");
	assert_non_null(strstr(f->message, "reaches the DNS pods, but not on "
	    "53/UDP"));
	assert_non_null(strstr(f->message, "53/TCP"));
	/* The fix is a NetworkPolicy rule. */
	assert_non_null(strstr(f->remediation, "namespaceSelector"));
	assert_non_null(strstr(f->remediation, "kubernetes.io/metadata.name: "
	    "kube-system"));
}

/* Not locked: deny-alls, audit mode, rejected policies, no DNS pods. */
static void
test_first_silent(void **state)
{
	struct fx *x = &the_fx;
	static const char deny_all[] =
	    "- metadata: {name: lockdown, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {app: frontend}}\n"
	    "    egress: [{}]\n";
	static const char rejected[] =
	    "- metadata: {name: frontend-egress, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {app: frontend}}\n"
	    "    egress:\n"
	    "    - toEndpoints: [{matchLabels: {app: backend}}]\n"
	    "      toCIDR: [10.0.0.0/8]\n";
	static const char no_dns_pods[] =
	    "items:\n"
	    "- metadata: {name: frontend-1, namespace: shop, labels: {app: "
	    "frontend}}\n"
	    "  spec: {nodeName: n1}\n"
	    "  status: {phase: Running, podIP: 10.0.1.10}\n";
	struct setup s = { .cnps = deny_all };

	(void)state;
	fx_run(x, &s, FIRST, check_first_policy_locks_direction);
	assert_int_equal(x->f.n, 0);
	s.cnps = rejected;
	fx_run(x, &s, FIRST, check_first_policy_locks_direction);
	assert_int_equal(x->f.n, 0);
	s.cnps = cnp_frontend;
	s.config = "  policy-audit-mode: \"true\"\n";
	fx_run(x, &s, FIRST, check_first_policy_locks_direction);
	assert_int_equal(x->f.n, 0);
	assert_null(x->ctx.skip_reason);
	s.config = "  enable-policy: never\n";
	fx_run(x, &s, FIRST, check_first_policy_locks_direction);
	assert_int_equal(x->f.n, 0);
	/* It cannot tell without the DNS pods: not evaluated. */
	s.config = NULL;
	s.pods = no_dns_pods;
	fx_run(x, &s, FIRST, check_first_policy_locks_direction);
	assert_int_equal(x->f.n, 0);
	assert_non_null(x->ctx.skip_reason);
	assert_non_null(strstr(x->ctx.skip_reason, "no cluster DNS pods"));
}

/* Demo problem 2, with every source the README lists. */
static void
test_first_demo(void **state)
{
	struct fx *x = &the_fx;
	const struct finding *f;
	const struct finding_evidence *ev;

	(void)state;
	fx_demo(x, FIRST, check_first_policy_locks_direction);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_string_equal(f->subjects[0].name, "frontend-egress");
	assert_int_equal(f->naffected, 2);
	assert_true(se_has_affected(f, "shop/frontend-7c9d8b5f6-4hj2k"));
	assert_true(se_has_affected(f, "shop/frontend-7c9d8b5f6-p7rlm"));
	/* README 1.2: 15 drops on each frontend's node, none forwarded. */
	assert_int_equal(f->drops, 30);
	assert_int_equal(f->contradicting, 0);
	assert_true(f->confidence == 1.0);
	assert_non_null(strstr(f->message, "identity 31842"));
	assert_non_null(strstr(f->message, "Hubble recorded 30 DNS packets"));
	/* The egress element of the CNP (line 196). */
	assert_non_null(evidence_at(f, "ciliumnetworkpolicies-" TS ".yaml",
	    196));
	/* The first drop of frontend-4hj2k (m4zqd line 4). */
	ev = evidence_at(f, "hubble-flows-cilium-m4zqd-" TS ".json", 4);
	assert_non_null(ev);
	assert_non_null(strstr(ev->excerpt, "DROPPED EGRESS "
	    "shop/frontend-7c9d8b5f6-4hj2k (21093) -> "));
	assert_non_null(strstr(ev->excerpt, "(31842) 53/UDP POLICY_DENIED"));
	/* Endpoint 842's map: only Allow Egress 50541 8080/TCP (line 10). */
	ev = evidence_at(f, "cilium-dbg-bpf-policy-get---all---numeric.md", 10);
	assert_non_null(ev);
	assert_non_null(strstr(ev->excerpt, "endpoint 842"));
	assert_non_null(strstr(ev->excerpt, "Allow Egress 50541 8080/TCP; no "
	    "entry for the DNS identity 31842"));
	/* The agent's drop counter on kind-worker (metrics line 14). */
	ev = evidence_at(f, "cilium-dbg-metrics-list.md", 14);
	assert_non_null(ev);
	assert_non_null(strstr(ev->excerpt, "Policy denied 1374"));
	/* The fix points at the egress section. */
	assert_non_null(strstr(f->remediation, "ciliumnetworkpolicies-" TS
	    ".yaml:196"));
}

/* --- DENY-ONLY-DEFAULTDENY ------------------------------------------- */

#define DENYONLY "DENY-ONLY-DEFAULTDENY"

static const char cnp_deny_world[] =
    "- metadata: {name: no-internet, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {tier: web}}\n"
    "    egressDeny:\n"
    "    - toEntities: [world]\n";

static void
test_deny_only_fires(void **state)
{
	struct fx *x = &the_fx;
	struct setup s = { .cnps = cnp_deny_world };
	const struct finding *f;

	(void)state;
	fx_run(x, &s, DENYONLY, check_deny_only_defaultdeny);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_string_equal(f->subjects[0].name, "no-internet");
	assert_string_equal(f->cause, "policy/cnp/shop/no-internet");
	assert_int_equal(f->naffected, 2);
	assert_true(se_has_affected(f, "shop/frontend-1"));
	assert_non_null(strstr(f->title, "CiliumNetworkPolicy shop/no-internet "
	    "has only egressDeny rules, yet puts 2 pods into egress default "
	    "deny"));
	assert_non_null(strstr(f->message, "(to entity world on all ports)"));
	assert_non_null(strstr(f->message, "enableDefaultDeny.egress is not "
	    "set"));
	assert_non_null(evidence_at(f, "ciliumnetworkpolicies-" TS ".yaml", 6));
	/* 1.16: the fix is enableDefaultDeny, with the allow-all fallback. */
	assert_non_null(strstr(f->remediation, "enableDefaultDeny:\n"
	    "      egress: false"));
	assert_non_null(strstr(f->remediation, "toEntities:\n      - all"));
}

static void
test_deny_only_versions(void **state)
{
	struct fx *x = &the_fx;
	static const char cnps[] =
	    "- metadata: {name: no-internet, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {tier: web}}\n"
	    "    enableDefaultDeny: {egress: false}\n"
	    "    egressDeny:\n"
	    "    - toEntities: [world]\n";
	struct setup s = { .cnps = cnps };
	const struct finding *f;

	(void)state;
	/* 1.16 honours it: the policy only denies. */
	fx_run(x, &s, DENYONLY, check_deny_only_defaultdeny);
	assert_int_equal(x->f.n, 0);
	/* Switched off by the option. */
	s.config = "  enable-non-default-deny-policies: \"false\"\n";
	fx_run(x, &s, DENYONLY, check_deny_only_defaultdeny);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_non_null(strstr(f->message, "enableDefaultDeny.egress: false is "
	    "ignored because enable-non-default-deny-policies is false"));
	assert_non_null(strstr(f->remediation, "it is \"false\" here"));
	/* 1.15: no such field; the fix is an explicit allow only. */
	s.config = NULL;
	s.version = "1.15.6";
	fx_run(x, &s, DENYONLY, check_deny_only_defaultdeny);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_non_null(strstr(f->message, "only exists from Cilium 1.16 (this "
	    "cluster runs 1.15.6)"));
	assert_null(strstr(f->remediation, "egress: false"));
	assert_non_null(strstr(f->remediation, "does not exist before Cilium "
	    "1.16"));
}

static void
test_deny_only_ingress_and_silent(void **state)
{
	struct fx *x = &the_fx;
	static const char ingress[] =
	    "- metadata: {name: block-curl, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {app: db}}\n"
	    "    ingressDeny:\n"
	    "    - fromEndpoints: [{matchLabels: {app: frontend}}]\n"
	    "      toPorts: [{ports: [{port: \"5432\", protocol: TCP}]}]\n";
	/* Already in egress default deny by a policy with allows. */
	static const char with_allow[] =
	    "- metadata: {name: no-internet, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {tier: web}}\n"
	    "    egressDeny:\n"
	    "    - toEntities: [world]\n"
	    "- metadata: {name: fe-egress, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {app: frontend}}\n"
	    "    egress:\n"
	    "    - toEntities: [cluster]\n";
	/* Denying everything: default deny changes nothing. */
	static const char deny_all[] =
	    "- metadata: {name: quarantine, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {tier: web}}\n"
	    "    egressDeny:\n"
	    "    - toEntities: [all]\n";
	/* The same rule with an allow next to it. */
	static const char both[] =
	    "- metadata: {name: no-internet, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {tier: web}}\n"
	    "    egress:\n"
	    "    - toEntities: [all]\n"
	    "    egressDeny:\n"
	    "    - toEntities: [world]\n";
	struct setup s = { .cnps = ingress };
	const struct finding *f;

	(void)state;
	fx_run(x, &s, DENYONLY, check_deny_only_defaultdeny);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_non_null(strstr(f->title, "only ingressDeny rules, yet puts 1 "
	    "pod into ingress default deny"));
	assert_string_equal(f->affected[0], "shop/db-1");
	assert_non_null(strstr(f->remediation, "ingress: false"));
	assert_non_null(strstr(f->remediation, "fromEntities"));
	s.cnps = with_allow;
	fx_run(x, &s, DENYONLY, check_deny_only_defaultdeny);
	assert_int_equal(x->f.n, 0);
	s.cnps = deny_all;
	fx_run(x, &s, DENYONLY, check_deny_only_defaultdeny);
	assert_int_equal(x->f.n, 0);
	s.cnps = both;
	fx_run(x, &s, DENYONLY, check_deny_only_defaultdeny);
	assert_int_equal(x->f.n, 0);
	s.cnps = cnp_deny_world;
	s.config = "  policy-audit-mode: \"true\"\n";
	fx_run(x, &s, DENYONLY, check_deny_only_defaultdeny);
	assert_int_equal(x->f.n, 0);
}

/* --- DENY-OVERRIDES-ALLOW -------------------------------------------- */

#define OVERRIDE "DENY-OVERRIDES-ALLOW"

static void
test_override_fires(void **state)
{
	struct fx *x = &the_fx;
	static const char cnps[] =
	    "- metadata: {name: frontend-egress, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {app: frontend}}\n"
	    "    egress:\n"
	    "    - toEndpoints: [{matchLabels: {app: backend}}]\n"
	    "      toPorts: [{ports: [{port: \"8080\", protocol: TCP}]}]\n"
	    "    - toEntities: [cluster]\n"
	    "- metadata: {name: no-api, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {tier: web}}\n"
	    "    egressDeny:\n"
	    "    - toEndpoints: [{matchLabels: {tier: api}}]\n";
	struct setup s = { .cnps = cnps };
	const struct finding *f;

	(void)state;
	fx_run(x, &s, OVERRIDE, check_deny_overrides_allow);
	/* The backend allow is dead; the cluster allow is only narrowed. */
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_int_equal(f->nsubjects, 2);
	assert_string_equal(f->subjects[0].name, "no-api");
	assert_string_equal(f->subjects[1].name, "frontend-egress");
	assert_string_equal(f->cause, "policy/cnp/shop/no-api");
	assert_int_equal(f->naffected, 2);
	assert_non_null(strstr(f->title, "egressDeny in CiliumNetworkPolicy "
	    "shop/no-api (line 13) overrides the egress allow of "
	    "CiliumNetworkPolicy shop/frontend-egress (line 6)"));
	assert_non_null(strstr(f->message, "denies egress to {tier=api} on all "
	    "ports"));
	assert_non_null(strstr(f->message, "shop/frontend-egress line 6 "
	    "(egress to {app=backend} on 8080/TCP)"));
	assert_non_null(evidence_at(f, "ciliumnetworkpolicies-" TS ".yaml",
	    13));
	assert_non_null(evidence_at(f, "ciliumnetworkpolicies-" TS ".yaml", 6));
	assert_non_null(strstr(f->remediation, ".yaml:6."));
}

/* Ports: the deny must hold every allowed port, protocol included. */
static void
test_override_ports(void **state)
{
	struct fx *x = &the_fx;
	char cnps[2048];
	static const char fmt[] =
	    "- metadata: {name: a, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {app: frontend}}\n"
	    "    egress:\n"
	    "    - toEndpoints: [{matchLabels: {app: backend}}]\n"
	    "      toPorts: [{ports: [%s]}]\n"
	    "- metadata: {name: d, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {app: frontend}}\n"
	    "    egressDeny:\n"
	    "    - toEndpoints: [{matchLabels: {app: backend}}]\n"
	    "      toPorts: [{ports: [%s]}]\n";
	static const struct {
		const char	*allow, *deny;
		size_t		 n;
	} c[] = {
		{ "{port: \"8080\", protocol: TCP}",
		    "{port: \"8000\", endPort: 9000, protocol: ANY}", 1 },
		{ "{port: \"8080\", endPort: 8090, protocol: TCP}",
		    "{port: \"8080\", protocol: TCP}", 0 },
		{ "{port: \"8080\", protocol: ANY}",
		    "{port: \"8080\", protocol: TCP}", 0 },
		{ "{port: \"8080\", protocol: TCP}",
		    "{port: \"8080\", protocol: UDP}", 0 },
		{ "{port: http, protocol: TCP}",
		    "{port: http, protocol: TCP}", 1 },
	};
	struct setup s = { .cnps = cnps };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		snprintf(cnps, sizeof(cnps), fmt, c[i].allow, c[i].deny);
		fx_run(x, &s, OVERRIDE, check_deny_overrides_allow);
		assert_int_equal(x->f.n, c[i].n);
	}
}

/* Entities, CIDRs, kinds and subjects. */
static void
test_override_peers(void **state)
{
	struct fx *x = &the_fx;
	static const char world[] =
	    "- metadata: {name: a, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {app: frontend}}\n"
	    "    egress:\n"
	    "    - toCIDR: [8.8.8.8/32]\n"
	    "      toPorts: [{ports: [{port: \"53\", protocol: UDP}]}]\n"
	    "    - toCIDRSet: [{cidr: 10.1.0.0/16}]\n"
	    "    egressDeny:\n"
	    "    - toCIDRSet: [{cidr: 8.0.0.0/8}]\n"
	    "    - toCIDRSet: [{cidr: 10.0.0.0/8, except: [10.1.2.0/24]}]\n";
	/* The documented pattern: allow all, carve out one peer. */
	static const char carve[] =
	    "- metadata: {name: a, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {app: frontend}}\n"
	    "    egress:\n"
	    "    - toEntities: [all]\n"
	    "    - toEndpoints: [{matchLabels: {tier: api}}]\n"
	    "    egressDeny:\n"
	    "    - toEndpoints: [{matchLabels: {app: backend}}]\n";
	/* The deny selects other pods than the allow. */
	static const char apart[] =
	    "- metadata: {name: a, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {app: frontend}}\n"
	    "    egress:\n"
	    "    - toEndpoints: [{matchLabels: {app: backend}}]\n"
	    "- metadata: {name: d, namespace: shop}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {app: db}}\n"
	    "    egressDeny:\n"
	    "    - toEndpoints: [{matchLabels: {app: backend}}]\n";
	/* A KNP allow against a CCNP deny. */
	static const char knp[] =
	    "- metadata: {name: db-in, namespace: shop}\n"
	    "  spec:\n"
	    "    podSelector: {matchLabels: {app: db}}\n"
	    "    ingress:\n"
	    "    - from: [{podSelector: {matchLabels: {app: frontend}}}]\n"
	    "      ports: [{port: 5432}]\n";
	static const char ccnp[] =
	    "- metadata: {name: no-web-to-data}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {tier: data}}\n"
	    "    ingressDeny:\n"
	    "    - fromEndpoints: [{matchLabels: {tier: web}}]\n";
	struct setup s = { .cnps = world };
	const struct finding *f;

	(void)state;
	/* 8.8.8.8/32 lies in 8/8; 10.1/16 overlaps an except: not sure. */
	fx_run(x, &s, OVERRIDE, check_deny_overrides_allow);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_non_null(strstr(f->message, "to CIDR 8.8.8.8/32 on 53/UDP"));
	assert_non_null(strstr(f->title, "(line 10)"));
	s.cnps = carve;
	fx_run(x, &s, OVERRIDE, check_deny_overrides_allow);
	/* tier=api is the backend only: that allow is dead, not `all`. */
	assert_int_equal(x->f.n, 1);
	assert_non_null(strstr(x->f.v[0].message, "{tier=api}"));
	assert_null(strstr(x->f.v[0].message, "entity all"));
	s.cnps = apart;
	fx_run(x, &s, OVERRIDE, check_deny_overrides_allow);
	assert_int_equal(x->f.n, 0);
	s.cnps = NULL;
	s.knps = knp;
	s.ccnps = ccnp;
	fx_run(x, &s, OVERRIDE, check_deny_overrides_allow);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_string_equal(f->subjects[0].kind,
	    "CiliumClusterwideNetworkPolicy");
	assert_null(f->subjects[0].ns);
	assert_string_equal(f->subjects[1].kind, "NetworkPolicy");
	assert_string_equal(f->affected[0], "shop/db-1");
	assert_non_null(strstr(f->title, "ingressDeny in "
	    "CiliumClusterwideNetworkPolicy no-web-to-data"));
}

/* The demo's healthy policies trigger neither deny rule. */
static void
test_deny_rules_demo_silent(void **state)
{
	struct fx *x = &the_fx;

	(void)state;
	fx_demo(x, DENYONLY, check_deny_only_defaultdeny);
	assert_int_equal(x->f.n, 0);
	assert_null(x->ctx.skip_reason);
	fx_demo(x, OVERRIDE, check_deny_overrides_allow);
	assert_int_equal(x->f.n, 0);
	assert_null(x->ctx.skip_reason);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, case_setup, case_teardown)
	const struct CMUnitTest tests[] = {
		T(test_first_fires),
		T(test_first_union_with_dns_policy),
		T(test_first_other_dns_allows),
		T(test_first_enable_default_deny),
		T(test_first_near_misses),
		T(test_first_silent),
		T(test_first_demo),
		T(test_deny_only_fires),
		T(test_deny_only_versions),
		T(test_deny_only_ingress_and_silent),
		T(test_override_fires),
		T(test_override_ports),
		T(test_override_peers),
		T(test_deny_rules_demo_silent),
	};
#undef T

	return cmocka_run_group_tests_name("check_combine", tests,
	    sa_group_setup, sa_group_teardown);
}
