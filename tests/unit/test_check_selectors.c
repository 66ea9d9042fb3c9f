/*
 * test_check_selectors.c: SEL-NO-MATCH, NS-PEER-IMPLICIT,
 * NS-SUBJECT-OTHER-NS and KNP-CNP-OVERLAP, on the demo sysdump (planted
 * problem 1 and its healthy policies) and on small sysdumps built here:
 * where each rule fires, what it says, and the near misses where it must
 * stay silent.
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
#include "rule.h"
#include "support_archive.h"
#include "support_eval.h"
#include "xalloc.h"

#define TS	"20250601-101500"
#define TOP	"cilium-sysdump-" TS "/"
#define DEMO	"testdata/sysdump/cilium-sysdump-" TS
#define CNPF	"cilium-sysdump-" TS "/ciliumnetworkpolicies-" TS ".yaml"
#define BTW	"cilium-sysdump-" TS "/cilium-bugtool-cilium-m4zqd-" TS "/cmd/"

struct run {
	struct model	 m;
	struct findings	 f;
	struct rule	 r;
	struct eval_ctx	 ctx;
};

/* The policies and config of one small sysdump. */
struct dump {
	const char	*version;	/* "1.16.5" */
	const char	*config;	/* extra cilium-config data lines */
	const char	*cnps;		/* items of each list, or NULL */
	const char	*ccnps;
	const char	*knps;
	const char	*log;		/* agent log, or NULL */
};

static const char pods[] =
    "items:\n"
    "- metadata: {name: web-1, namespace: shop, labels: {app: web, "
    "tier: front}}\n"
    "  spec: {nodeName: n1, serviceAccountName: web}\n"
    "  status: {phase: Running, podIP: 10.0.0.5}\n"
    "- metadata: {name: api-1, namespace: shop, labels: {app: api}}\n"
    "  spec: {nodeName: n1}\n  status: {phase: Running, podIP: 10.0.0.6}\n"
    "- metadata: {name: coredns-1, namespace: kube-system, labels: "
    "{k8s-app: kube-dns}}\n"
    "  spec: {nodeName: n1}\n  status: {phase: Running, podIP: 10.0.0.7}\n"
    "- metadata: {name: web-2, namespace: other, labels: {app: web}}\n"
    "  spec: {nodeName: n1}\n  status: {phase: Running, podIP: 10.0.0.8}\n"
    "- metadata: {name: pay-1, namespace: payments, labels: {app: pay}}\n"
    "  spec: {nodeName: n1}\n  status: {phase: Running, podIP: 10.0.0.9}\n"
    "- metadata: {name: curl-1, namespace: tools, labels: {app: curl}}\n"
    "  spec: {nodeName: n1}\n  status: {phase: Running, podIP: 10.0.0.10}\n";

static const char namespaces[] =
    "items:\n"
    "- metadata: {name: shop, labels: {kubernetes.io/metadata.name: shop}}\n"
    "- metadata: {name: kube-system, labels: "
    "{kubernetes.io/metadata.name: kube-system}}\n"
    "- metadata: {name: other, labels: {kubernetes.io/metadata.name: other}}\n"
    "- metadata: {name: payments, labels: "
    "{kubernetes.io/metadata.name: payments, team: payments}}\n"
    "- metadata: {name: tools, labels: {kubernetes.io/metadata.name: tools}}\n"
    "- metadata: {name: logging, labels: "
    "{kubernetes.io/metadata.name: logging}}\n";

static void
run_init(struct run *x, const char *id, enum severity sev)
{
	findings_init(&x->f);
	memset(&x->r, 0, sizeof(x->r));
	x->r.id = id;
	x->r.title = "t";
	x->r.summary = "s";
	x->r.remediation = "r";
	x->r.severity = sev;
	memset(&x->ctx, 0, sizeof(x->ctx));
	x->ctx.m = &x->m;
	x->ctx.rule = &x->r;
	x->ctx.out = &x->f;
}

/* Build a small sysdump's model. */
static void
build(struct run *x, const struct dump *d)
{
	char config[1024], ds[512], *cnp = NULL, *ccnp = NULL, *knp = NULL;
	char *err = NULL, *path;
	struct sa_entry e[10];
	struct ingest_limits lim;
	size_t n = 0;

	snprintf(config, sizeof(config), "data:\n  cluster-name: c1\n%s"
	    "kind: ConfigMap\nmetadata:\n  name: cilium-config\n"
	    "  namespace: kube-system\n", d->config != NULL ? d->config : "");
	snprintf(ds, sizeof(ds), "items:\n- spec:\n    template:\n      spec:\n"
	    "        containers:\n        - image: quay.io/cilium/cilium:v%s\n"
	    "          name: cilium-agent\n",
	    d->version != NULL ? d->version : "1.16.5");
	e[n++] = (struct sa_entry){ TOP "cilium-configmap-" TS ".yaml", config,
	    0, SA_FILE };
	e[n++] = (struct sa_entry){ TOP "cilium-daemonset-" TS ".yaml", ds, 0,
	    SA_FILE };
	e[n++] = (struct sa_entry){ TOP "k8s-pods-" TS ".yaml", pods, 0,
	    SA_FILE };
	e[n++] = (struct sa_entry){ TOP "k8s-namespaces-" TS ".yaml",
	    namespaces, 0, SA_FILE };
	if (d->cnps != NULL) {
		cnp = xasprintf("apiVersion: cilium.io/v2\nitems:\n%s"
		    "kind: CiliumNetworkPolicyList\n", d->cnps);
		e[n++] = (struct sa_entry){ TOP "ciliumnetworkpolicies-" TS
		    ".yaml", cnp, 0, SA_FILE };
	}
	if (d->ccnps != NULL) {
		ccnp = xasprintf("apiVersion: cilium.io/v2\nitems:\n%s"
		    "kind: CiliumClusterwideNetworkPolicyList\n", d->ccnps);
		e[n++] = (struct sa_entry){ TOP
		    "ciliumclusterwidenetworkpolicies-" TS ".yaml", ccnp, 0,
		    SA_FILE };
	}
	if (d->knps != NULL) {
		knp = xasprintf("apiVersion: networking.k8s.io/v1\nitems:\n%s"
		    "kind: NetworkPolicyList\n", d->knps);
		e[n++] = (struct sa_entry){ TOP "k8s-networkpolicies-" TS
		    ".yaml", knp, 0, SA_FILE };
	}
	if (d->log != NULL)
		e[n++] = (struct sa_entry){ TOP "logs-cilium-a-cilium-agent-" TS
		    ".log", d->log, 0, SA_FILE };
	path = sa_write_archive("s.zip", "zip", e, n);
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&x->m, path, &lim, &err), 0);
	free(path);
	free(cnp);
	free(ccnp);
	free(knp);
}

static void
run_release(struct run *x)
{
	findings_release(&x->f);
	model_free(&x->m);
}

/* Run one check over a fresh small sysdump. */
static void
run_dump(struct run *x, const struct dump *d, const char *id,
    enum severity sev, eval_check_fn fn)
{
	size_t i, j;

	build(x, d);
	run_init(x, id, sev);
	fn(&x->ctx);
	/* SEL_DEBUG=1 prints what the check said, to write assertions. */
	for (i = 0; getenv("SEL_DEBUG") != NULL && i < x->f.n; i++) {
		fprintf(stderr, "%s\n%s\n%s\n", x->f.v[i].title,
		    x->f.v[i].message, x->f.v[i].remediation);
		for (j = 0; j < x->f.v[i].nevidence; j++)
			fprintf(stderr, "  %s:%lu %s\n", x->f.v[i].evidence[j].path,
			    x->f.v[i].evidence[j].line,
			    x->f.v[i].evidence[j].excerpt);
	}
}

/* The finding whose first subject is ns/name, or NULL. */
static const struct finding *
about(const struct findings *fs, const char *ns, const char *name)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (fs->v[i].nsubjects > 0 && strcmp(fs->v[i].subjects[0].name,
		    name) == 0 && ((ns == NULL && fs->v[i].subjects[0].ns ==
		    NULL) || (ns != NULL && fs->v[i].subjects[0].ns != NULL &&
		    strcmp(fs->v[i].subjects[0].ns, ns) == 0)))
			return &fs->v[i];
	return NULL;
}

/* --- the demo sysdump ---------------------------------------------- */

/*
 * Problem 1: shop/backend-ingress allows `app: frontnd`.  One finding,
 * with the did-you-mean, the agent's selector cache, the BPF map and the
 * 14 drops of testdata/README.md 1.2; the healthy policies stay silent.
 */
static void
test_demo_problem_1(void **state)
{
	struct run x;
	struct ingest_limits lim;
	const struct finding *f;
	char *err = NULL;

	(void)state;
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&x.m, DEMO, &lim, &err), 0);
	run_init(&x, "SEL-NO-MATCH", SEV_HIGH);
	check_sel_no_match(&x.ctx);
	assert_null(x.ctx.skip_reason);
	assert_int_equal(x.f.n, 1);
	f = &x.f.v[0];
	assert_int_equal(f->severity, SEV_HIGH);
	assert_string_equal(f->subjects[0].kind, "CiliumNetworkPolicy");
	assert_string_equal(f->subjects[0].ns, "shop");
	assert_string_equal(f->subjects[0].name, "backend-ingress");
	assert_string_equal(f->cause, "policy/cnp/shop/backend-ingress");
	assert_non_null(strstr(f->title, "ingress fromEndpoints {app=frontnd} "
	    "matches no endpoint (did you mean app=frontend?)"));
	assert_non_null(strstr(f->message, "on 8080/TCP"));
	assert_non_null(strstr(f->message, "namespace shop"));
	assert_non_null(strstr(f->message, "shop/backend-5b6d7c8f9-tx8vw"));
	assert_non_null(strstr(f->message, "shop/frontend-7c9d8b5f6-4hj2k"));
	assert_non_null(strstr(f->remediation, "Write app=frontend instead of "
	    "app=frontnd in the ingress fromEndpoints selector of "
	    "CiliumNetworkPolicy shop/backend-ingress (" CNPF ":103)"));
	assert_non_null(strstr(f->remediation, "- fromEndpoints:\n"
	    "  - matchLabels:\n      app: frontend\n"));
	assert_null(strstr(f->remediation, "frontnd\n"));
	/* Subjects and the intended peers. */
	assert_true(se_has_affected(f, "shop/backend-5b6d7c8f9-tx8vw"));
	assert_true(se_has_affected(f, "shop/backend-5b6d7c8f9-zk2nd"));
	assert_true(se_has_affected(f, "shop/frontend-7c9d8b5f6-p7rlm"));
	assert_false(se_has_affected(f, "shop/db-6f7d8c9b5-kp5ns"));
	/* The policy's line, the selector cache, the BPF map, the drops. */
	assert_true(se_has_evidence(f, CNPF, 103,
	    "fromEndpoints: {app=frontnd}") ||
	    se_has_evidence(f, CNPF, 104, "fromEndpoints: {app=frontnd}"));
	assert_true(se_has_evidence(f,
	    BTW "cilium-dbg-policy-selectors--o-json.md", 64,
	    "any.app: frontnd") || se_has_evidence(f,
	    BTW "cilium-dbg-policy-selectors--o-json.md", 89,
	    "any.app: frontnd"));
	assert_true(se_has_evidence(f, BTW
	    "cilium-dbg-bpf-policy-get---all---numeric.md", 0,
	    "endpoint 1931 (shop/backend-5b6d7c8f9-tx8vw)"));
	assert_true(se_has_evidence(f, NULL, 13, "DROPPED INGRESS"));
	assert_int_equal(f->drops, 14);
	assert_int_equal(f->contradicting, 0);
	assert_true(f->confidence > 0.99);
	findings_release(&x.f);

	/* The other rules find nothing in the demo. */
	run_init(&x, "NS-PEER-IMPLICIT", SEV_HIGH);
	check_ns_peer_implicit(&x.ctx);
	assert_int_equal(x.f.n, 0);
	findings_release(&x.f);
	run_init(&x, "NS-SUBJECT-OTHER-NS", SEV_HIGH);
	check_ns_subject_other_ns(&x.ctx);
	assert_int_equal(x.f.n, 0);
	findings_release(&x.f);
	run_init(&x, "KNP-CNP-OVERLAP", SEV_INFO);
	check_knp_cnp_overlap(&x.ctx);
	assert_int_equal(x.f.n, 0);
	run_release(&x);
}

/* --- SEL-NO-MATCH --------------------------------------------------- */

#define CNP(name, ns, body)					\
	"- metadata: {name: " name ", namespace: " ns "}\n"	\
	"  spec:\n" body

static void
test_sel_variants(void **state)
{
	static const char cnps[] =
	    CNP("case", "shop",
	    "    endpointSelector: {matchLabels: {app: api}}\n"
	    "    ingress:\n"
	    "    - fromEndpoints: [{matchLabels: {app: Web}}]\n"
	    "      toPorts: [{ports: [{port: \"80\", protocol: TCP}]}]\n")
	    CNP("source", "shop",
	    "    endpointSelector: {matchLabels: {app: api}}\n"
	    "    ingress:\n"
	    "    - fromEndpoints: [{matchLabels: {\"container:app\": web}}]\n")
	    CNP("key", "shop",
	    "    endpointSelector: {matchLabels: {app: api}}\n"
	    "    ingress:\n"
	    "    - fromEndpoints: [{matchLabels: {tire: front}}]\n")
	    CNP("nslabel", "shop",
	    "    endpointSelector: {matchLabels: {app: api}}\n"
	    "    ingress:\n"
	    "    - fromEndpoints: [{matchLabels: {team: payments}}]\n")
	    CNP("subject", "shop",
	    "    endpointSelector: {matchLabels: {app: wbe}}\n"
	    "    ingress:\n"
	    "    - fromEndpoints: [{matchLabels: {app: nothing-like-it}}]\n")
	    CNP("nothing-close", "shop",
	    "    endpointSelector: {matchLabels: {app: api}}\n"
	    "    egress:\n"
	    "    - toEndpoints: [{matchLabels: {role: database}}]\n"
	    "    egressDeny:\n"
	    "    - toEndpoints: [{matchLabels: {role: database}}]\n")
	    /* Healthy, or legitimately matching no pod. */
	    CNP("fine", "shop",
	    "    endpointSelector: {matchLabels: {app: api}}\n"
	    "    ingress:\n"
	    "    - fromEndpoints: [{matchLabels: {app: web}}]\n"
	    "    - fromEndpoints: [{matchLabels: {\"reserved:host\": \"\"}}]\n"
	    "    - fromEndpoints: [{}]\n"
	    "    - fromEntities: [world]\n"
	    "    egress:\n"
	    "    - toEndpoints: [{matchLabels: {k8s-app: kube-dns, "
	    "\"k8s:io.kubernetes.pod.namespace\": kube-system}}]\n"
	    "    - toEndpoints: [{matchExpressions: [{key: "
	    "\"k8s:io.kubernetes.pod.namespace\", operator: Exists}]}]\n")
	    /* NS-PEER-IMPLICIT's, not SEL-NO-MATCH's. */
	    CNP("dns", "shop",
	    "    endpointSelector: {matchLabels: {app: api}}\n"
	    "    egress:\n"
	    "    - toEndpoints: [{matchLabels: {k8s-app: kube-dns}}]\n")
	    /* NS-SUBJECT-OTHER-NS's. */
	    CNP("elsewhere", "shop",
	    "    endpointSelector: {matchLabels: {app: web, "
	    "io.kubernetes.pod.namespace: other}}\n"
	    "    ingress: [{fromEndpoints: [{matchLabels: {app: x}}]}]\n");
	static const char ccnps[] =
	    "- metadata: {name: logs}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {app: api}}\n"
	    "    ingress:\n"
	    "    - fromEndpoints: [{matchLabels: "
	    "{\"k8s:io.kubernetes.pod.namespace\": logging}}]\n";
	const struct dump d = { NULL, NULL, cnps, ccnps, NULL, NULL };
	const struct finding *f;
	struct run x;

	(void)state;
	run_dump(&x, &d, "SEL-NO-MATCH", SEV_HIGH, check_sel_no_match);
	/* A case difference. */
	f = about(&x.f, "shop", "case");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_HIGH);
	assert_non_null(strstr(f->title, "(did you mean app=web?)"));
	assert_non_null(strstr(f->message, "only in case"));
	assert_non_null(strstr(f->message, "on 80/TCP"));
	assert_true(se_has_affected(f, "shop/api-1"));
	assert_true(se_has_affected(f, "shop/web-1"));
	/* A wrong source prefix. */
	f = about(&x.f, "shop", "source");
	assert_non_null(f);
	assert_non_null(strstr(f->title, "did you mean app=web?"));
	assert_non_null(strstr(f->message, "carry k8s:app"));
	/* A typo in the key. */
	f = about(&x.f, "shop", "key");
	assert_non_null(f);
	assert_non_null(strstr(f->title, "did you mean tier=front?"));
	assert_non_null(strstr(f->remediation, "tier: front\n"));
	/* A namespace label used as a pod label (1.16: namespace labels). */
	f = about(&x.f, "shop", "nslabel");
	assert_non_null(f);
	assert_non_null(strstr(f->title, "team=payments is a label of "
	    "namespace payments"));
	assert_non_null(strstr(f->remediation,
	    "io.cilium.k8s.namespace.labels.team: payments"));
	assert_true(se_has_affected(f, "payments/pay-1"));
	/* A subject that matches nothing: one medium finding, no peers. */
	f = about(&x.f, "shop", "subject");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_MEDIUM);
	assert_non_null(strstr(f->title, "endpointSelector {app=wbe} selects "
	    "no endpoint (did you mean app=web?)"));
	assert_non_null(strstr(f->message, "applies to nothing"));
	assert_non_null(strstr(f->remediation, "endpointSelector:\n"
	    "    matchLabels:\n      app: web\n"));
	/* Nothing close: one finding for the two sections, lower confidence. */
	f = about(&x.f, "shop", "nothing-close");
	assert_non_null(f);
	assert_true(f->confidence < 0.9);
	assert_non_null(strstr(f->message, "No existing label is close"));
	assert_int_equal(f->nevidence, 2);
	/* A CCNP peer for a namespace without pods: low. */
	f = about(&x.f, NULL, "logs");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_LOW);
	assert_non_null(strstr(f->message, "Namespace logging exists but has "
	    "no pods"));
	/* Near misses. */
	assert_null(about(&x.f, "shop", "fine"));
	assert_null(about(&x.f, "shop", "dns"));
	assert_null(about(&x.f, "shop", "elsewhere"));
	assert_int_equal(x.f.n, 7);
	run_release(&x);
}

/*
 * enableDefaultDeny: {ingress: false} keeps the subjects out of default
 * deny, so a peer that matches nothing blocks nothing, unless the agent
 * ignores the field (enable-non-default-deny-policies false; it is true by
 * default, pkg/defaults/defaults.go).
 */
static void
test_sel_no_default_deny(void **state)
{
	static const char cnps[] =
	    CNP("open", "shop",
	    "    endpointSelector: {matchLabels: {app: api}}\n"
	    "    enableDefaultDeny: {ingress: false}\n"
	    "    ingress:\n"
	    "    - fromEndpoints: [{matchLabels: {app: Web}}]\n");
	const struct dump dflt = { NULL, NULL, cnps, NULL, NULL, NULL };
	const struct dump off = { NULL,
	    "  enable-non-default-deny-policies: \"false\"\n", cnps, NULL,
	    NULL, NULL };
	const struct finding *f;
	struct run x;

	(void)state;
	run_dump(&x, &dflt, "SEL-NO-MATCH", SEV_HIGH, check_sel_no_match);
	f = about(&x.f, "shop", "open");
	assert_non_null(f);
	assert_true(f->severity < SEV_HIGH);
	run_release(&x);
	run_dump(&x, &off, "SEL-NO-MATCH", SEV_HIGH, check_sel_no_match);
	f = about(&x.f, "shop", "open");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_HIGH);
	run_release(&x);
}

/* Before 1.16 a CNP cannot select on namespace labels: name the namespace. */
static void
test_sel_nslabel_pre116(void **state)
{
	static const char cnps[] =
	    CNP("nslabel", "shop",
	    "    endpointSelector: {matchLabels: {app: api}}\n"
	    "    ingress:\n"
	    "    - fromEndpoints: [{matchLabels: {team: payments}}]\n");
	const struct dump d = { "1.15.6", NULL, cnps, NULL, NULL, NULL };
	const struct finding *f;
	struct run x;

	(void)state;
	run_dump(&x, &d, "SEL-NO-MATCH", SEV_HIGH, check_sel_no_match);
	assert_int_equal(x.f.n, 1);
	f = &x.f.v[0];
	assert_non_null(strstr(f->remediation,
	    "k8s:io.kubernetes.pod.namespace: payments\n"));
	assert_null(strstr(f->remediation, "namespace.labels.team"));
	run_release(&x);
}

/* With clustermesh, remote pods may match: lower confidence. */
static void
test_sel_clustermesh(void **state)
{
	static const char cnps[] =
	    CNP("remote", "shop",
	    "    endpointSelector: {matchLabels: {app: api}}\n"
	    "    ingress:\n"
	    "    - fromEndpoints: [{matchLabels: {app: billing}}]\n");
	const struct dump d = { NULL, "  cluster-id: \"3\"\n", cnps, NULL, NULL,
	    NULL };
	struct run x;

	(void)state;
	run_dump(&x, &d, "SEL-NO-MATCH", SEV_HIGH, check_sel_no_match);
	assert_int_equal(x.f.n, 1);
	assert_true(x.f.v[0].confidence < 0.5);
	assert_non_null(strstr(x.f.v[0].message, "Clustermesh is configured"));
	run_release(&x);
}

/* KNP peers: a namespaceSelector typo, a podSelector in another namespace. */
static void
test_sel_knp(void **state)
{
	static const char knps[] =
	    "- metadata: {name: from-tools, namespace: shop}\n"
	    "  spec:\n"
	    "    podSelector: {matchLabels: {app: api}}\n"
	    "    ingress:\n"
	    "    - from:\n"
	    "      - podSelector: {matchLabels: {app: curl}}\n"
	    "- metadata: {name: by-name, namespace: shop}\n"
	    "  spec:\n"
	    "    podSelector: {matchLabels: {app: api}}\n"
	    "    ingress:\n"
	    "    - from:\n"
	    "      - namespaceSelector: {matchLabels: {name: tools}}\n"
	    "- metadata: {name: fine, namespace: shop}\n"
	    "  spec:\n"
	    "    podSelector: {matchLabels: {app: api}}\n"
	    "    ingress:\n"
	    "    - from:\n"
	    "      - namespaceSelector: {matchLabels: "
	    "{kubernetes.io/metadata.name: tools}}\n"
	    "        podSelector: {matchLabels: {app: curl}}\n"
	    "      - namespaceSelector: {}\n"
	    "    - {}\n";
	const struct dump d = { NULL, NULL, NULL, NULL, knps, NULL };
	const struct finding *f;
	struct run x;

	(void)state;
	run_dump(&x, &d, "SEL-NO-MATCH", SEV_HIGH, check_sel_no_match);
	f = about(&x.f, "shop", "from-tools");
	assert_non_null(f);
	assert_string_equal(f->subjects[0].kind, "NetworkPolicy");
	assert_non_null(strstr(f->title, "ingress from podSelector {app=curl}"));
	assert_non_null(strstr(f->title, "the pods are in namespace tools"));
	assert_non_null(strstr(f->remediation, "namespaceSelector:\n"));
	assert_non_null(strstr(f->remediation,
	    "kubernetes.io/metadata.name: tools"));
	f = about(&x.f, "shop", "by-name");
	assert_non_null(f);
	assert_non_null(strstr(f->title, "namespaceSelector {name=tools}"));
	assert_non_null(strstr(f->message, "tools is the name of a "
	    "namespace"));
	assert_non_null(strstr(f->title, "(did you mean namespaceSelector "
	    "kubernetes.io/metadata.name=tools?)"));
	assert_non_null(strstr(f->remediation, "- from:\n"
	    "  - namespaceSelector:\n"
	    "      matchLabels:\n        kubernetes.io/metadata.name: tools\n"));
	assert_null(about(&x.f, "shop", "fine"));
	assert_int_equal(x.f.n, 2);
	run_release(&x);
}

/* --- NS-PEER-IMPLICIT ----------------------------------------------- */

static void
test_ns_peer_implicit(void **state)
{
	static const char cnps[] =
	    CNP("dns", "shop",
	    "    endpointSelector: {matchLabels: {app: api}}\n"
	    "    egress:\n"
	    "    - toEndpoints: [{matchLabels: {k8s-app: kube-dns}}]\n"
	    "      toPorts: [{ports: [{port: \"53\", protocol: UDP}]}]\n"
	    "    - toEndpoints: [{matchLabels: {k8s-app: kube-dns}}]\n"
	    "      toPorts: [{ports: [{port: \"53\", protocol: TCP}]}]\n")
	    CNP("webs", "shop",
	    "    endpointSelector: {matchLabels: {app: curl-less}}\n"
	    "    ingress:\n"
	    "    - fromEndpoints: [{matchLabels: {app: curl}}]\n")
	    /* Near misses: a namespace key, a local match, a label typo. */
	    CNP("fine", "shop",
	    "    endpointSelector: {matchLabels: {app: api}}\n"
	    "    egress:\n"
	    "    - toEndpoints: [{matchLabels: {k8s-app: kube-dns, "
	    "io.kubernetes.pod.namespace: kube-system}}]\n"
	    "    - toEndpoints: [{matchLabels: {app: web}}]\n"
	    "    - toEndpoints: [{matchLabels: {app: nowhere}}]\n"
	    "    - toEndpoints: [{matchLabels: {\"io.cilium.k8s.namespace."
	    "labels.team\": payments}}]\n");
	static const char ccnps[] =
	    "- metadata: {name: dns-all}\n"
	    "  spec:\n"
	    "    endpointSelector: {matchLabels: {app: api}}\n"
	    "    egress:\n"
	    "    - toEndpoints: [{matchLabels: {k8s-app: kube-dns}}]\n";
	const struct dump d = { NULL, NULL, cnps, ccnps, NULL, NULL };
	const struct finding *f;
	struct run x;

	(void)state;
	run_dump(&x, &d, "NS-PEER-IMPLICIT", SEV_HIGH, check_ns_peer_implicit);
	assert_int_equal(x.f.n, 2);
	f = about(&x.f, "shop", "dns");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_HIGH);
	assert_string_equal(f->cause, "policy/cnp/shop/dns");
	assert_non_null(strstr(f->title, "egress toEndpoints "
	    "{k8s-app=kube-dns} only selects pods in namespace shop; the pods "
	    "it names are in kube-system"));
	assert_non_null(strstr(f->message, "kube-system/coredns-1"));
	assert_non_null(strstr(f->message, "53/UDP"));
	assert_non_null(strstr(f->remediation, "  - matchLabels:\n"
	    "      k8s-app: kube-dns\n"
	    "      k8s:io.kubernetes.pod.namespace: kube-system\n"));
	assert_true(se_has_affected(f, "shop/api-1"));
	assert_true(se_has_affected(f, "kube-system/coredns-1"));
	/* The second element with the same selector: evidence, not a finding. */
	assert_int_equal(f->nevidence, 2);
	/* A policy that selects nothing itself: medium. */
	f = about(&x.f, "shop", "webs");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_MEDIUM);
	run_release(&x);
}

/* --- NS-SUBJECT-OTHER-NS -------------------------------------------- */

static void
test_ns_subject_other_ns(void **state)
{
	static const char cnps[] =
	    CNP("over", "shop",
	    "    endpointSelector: {matchLabels: {app: web, "
	    "\"k8s:io.kubernetes.pod.namespace\": other}}\n"
	    "    ingress: [{fromEntities: [world]}]\n")
	    CNP("anded", "shop",
	    "    endpointSelector: {matchLabels: {app: web, "
	    "io.kubernetes.pod.namespace: other}}\n"
	    "    ingress: [{fromEntities: [world]}]\n")
	    CNP("expr", "shop",
	    "    endpointSelector:\n"
	    "      matchLabels: {app: web}\n"
	    "      matchExpressions: [{key: "
	    "\"k8s:io.kubernetes.pod.namespace\", operator: In, "
	    "values: [other]}]\n"
	    "    ingress: [{fromEntities: [world]}]\n")
	    /* Near misses: its own namespace, Exists. */
	    CNP("own", "shop",
	    "    endpointSelector: {matchLabels: {app: web, "
	    "\"k8s:io.kubernetes.pod.namespace\": shop}}\n"
	    "    ingress: [{fromEntities: [world]}]\n")
	    CNP("exists", "shop",
	    "    endpointSelector:\n"
	    "      matchExpressions: [{key: io.kubernetes.pod.namespace, "
	    "operator: Exists}]\n"
	    "    ingress: [{fromEntities: [world]}]\n");
	static const char log[] =
	    "2025-06-01T10:00:00Z level=warning msg=\"CiliumNetworkPolicy "
	    "contains illegal namespace match in EndpointSelector. "
	    "EndpointSelector always applies in namespace of the policy "
	    "resource, removing illegal namespace match'.\" "
	    "ciliumNetworkPolicyName=over k8sNamespace=shop "
	    "k8sNamespace.illegal=\"[other]\" subsys=k8s\n";
	const struct dump d = { NULL, NULL, cnps, NULL, NULL, log };
	const struct finding *f;
	struct run x;

	(void)state;
	run_dump(&x, &d, "NS-SUBJECT-OTHER-NS", SEV_HIGH,
	    check_ns_subject_other_ns);
	assert_int_equal(x.f.n, 3);
	/* k8s: in matchLabels: overwritten, applies to shop's web pods. */
	f = about(&x.f, "shop", "over");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_HIGH);
	assert_non_null(strstr(f->title, "names namespace other in its "
	    "endpointSelector: it applies to shop instead"));
	assert_non_null(strstr(f->message, "illegal namespace match"));
	assert_non_null(strstr(f->message, "applies to shop/web-1 instead"));
	assert_non_null(strstr(f->message, "meant for (other/web-2)"));
	assert_true(se_has_affected(f, "other/web-2"));
	assert_true(se_has_affected(f, "shop/web-1"));
	assert_int_equal(f->log_lines, 1);
	assert_true(se_has_evidence(f, NULL, 1, "illegal namespace match"));
	assert_non_null(strstr(f->remediation, "  namespace: other\n"));
	assert_non_null(strstr(f->remediation, "      app: web\n"));
	assert_null(strstr(f->remediation, "io.kubernetes.pod.namespace"));
	/* Unprefixed, or an In expression: ANDed, selects nothing. */
	f = about(&x.f, "shop", "anded");
	assert_non_null(f);
	assert_non_null(strstr(f->title, "it selects nothing"));
	assert_int_equal(f->log_lines, 0);
	f = about(&x.f, "shop", "expr");
	assert_non_null(f);
	assert_non_null(strstr(f->title, "it selects nothing"));
	run_release(&x);
}

/* --- KNP-CNP-OVERLAP ------------------------------------------------ */

static void
test_knp_cnp_overlap(void **state)
{
	static const char cnps[] =
	    CNP("web-in", "shop",
	    "    endpointSelector: {matchLabels: {app: web}}\n"
	    "    ingress: [{fromEndpoints: [{matchLabels: {app: api}}]}]\n")
	    CNP("curl-in", "tools",
	    "    endpointSelector: {matchLabels: {app: curl}}\n"
	    "    ingress: [{fromEntities: [world]}]\n");
	static const char knps[] =
	    "- metadata: {name: web-a, namespace: shop}\n"
	    "  spec:\n"
	    "    podSelector: {matchLabels: {app: web}}\n"
	    "    ingress: [{from: [{podSelector: {}}]}]\n"
	    "- metadata: {name: all-b, namespace: shop}\n"
	    "  spec:\n"
	    "    podSelector: {}\n"
	    "    policyTypes: [Ingress]\n"
	    /* Egress only: no overlap with curl-in's ingress. */
	    "- metadata: {name: curl-out, namespace: tools}\n"
	    "  spec:\n"
	    "    podSelector: {matchLabels: {app: curl}}\n"
	    "    policyTypes: [Egress]\n"
	    "    egress: [{}]\n";
	const struct dump d = { NULL, NULL, cnps, NULL, knps, NULL };
	const struct finding *f;
	struct run x;

	(void)state;
	run_dump(&x, &d, "KNP-CNP-OVERLAP", SEV_INFO, check_knp_cnp_overlap);
	assert_int_equal(x.f.n, 1);
	f = &x.f.v[0];
	assert_int_equal(f->severity, SEV_INFO);
	assert_int_equal(f->nsubjects, 3);
	assert_int_equal(f->naffected, 1);
	assert_string_equal(f->affected[0], "shop/web-1");
	assert_non_null(strstr(f->title, "NetworkPolicy shop/all-b, "
	    "shop/web-a and Cilium policy shop/web-in govern the same 1 "
	    "endpoint"));
	assert_non_null(strstr(f->message, "union"));
	assert_non_null(strstr(f->message, "for ingress"));
	run_release(&x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_problem_1),
		cmocka_unit_test(test_sel_variants),
		cmocka_unit_test(test_sel_no_default_deny),
		cmocka_unit_test(test_sel_nslabel_pre116),
		cmocka_unit_test(test_sel_clustermesh),
		cmocka_unit_test(test_sel_knp),
		cmocka_unit_test(test_ns_peer_implicit),
		cmocka_unit_test(test_ns_subject_other_ns),
		cmocka_unit_test(test_knp_cnp_overlap),
	};

	return cmocka_run_group_tests_name("check_selectors", tests,
	    sa_group_setup, sa_group_teardown);
}
