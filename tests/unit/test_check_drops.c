/*
 * test_check_drops.c: the drop-correlation rules (DROP-POLICY-DENIED,
 * DROP-POLICY-DENYLIST) on small clusters built at test time, each with a
 * Hubble capture of frontend -> backend traffic, and on the demo sysdump,
 * whose drop groups the four root-cause findings explain (testdata/README.md
 * 1.2); plus the bookkeeping of explained drops in eval.c and eval_flow.c.
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
#include "eval_flow.h"
#include "model.h"
#include "rule.h"
#include "support_archive.h"
#include "support_eval.h"

#define TS	"20250601-101500"
#define TOP	"cilium-sysdump-" TS "/"
#define DEMO	"testdata/sysdump/cilium-sysdump-" TS
#define FLOWS	"hubble-flows-cilium-a-" TS ".json"

static const char pods[] =
    "items:\n"
    "- metadata: {name: frontend-1, namespace: shop, labels: {app: frontend}}\n"
    "  spec: {nodeName: n1}\n  status: {phase: Running, podIP: 10.0.1.10}\n"
    "- metadata: {name: frontend-2, namespace: shop, labels: {app: frontend}}\n"
    "  spec: {nodeName: n1}\n  status: {phase: Running, podIP: 10.0.1.11}\n"
    "- metadata: {name: backend-1, namespace: shop, labels: {app: backend}}\n"
    "  spec: {nodeName: n1}\n  status: {phase: Running, podIP: 10.0.1.20}\n";

/* The backend admits the frontend on 8080 only. */
static const char cnp_backend[] =
    "- metadata: {name: backend-ingress, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: backend}}\n"
    "    ingress:\n"
    "    - fromEndpoints: [{matchLabels: {app: frontend}}]\n"
    "      toPorts: [{ports: [{port: \"8080\", protocol: TCP}]}]\n";

/* ... and on 9090 too: what the captures below drop is allowed. */
static const char cnp_backend_9090[] =
    "- metadata: {name: backend-ingress, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: backend}}\n"
    "    ingress:\n"
    "    - fromEndpoints: [{matchLabels: {app: frontend}}]\n"
    "      toPorts: [{ports: [{port: \"8080\", protocol: TCP}, "
    "{port: \"9090\", protocol: TCP}]}]\n";

/* A deny on 9090 from the frontend. */
static const char cnp_deny[] =
    "- metadata: {name: backend-no-metrics, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: backend}}\n"
    "    ingressDeny:\n"
    "    - fromEndpoints: [{matchLabels: {app: frontend}}]\n"
    "      toPorts: [{ports: [{port: \"9090\", protocol: TCP}]}]\n";

#define LBL(app) "[\"k8s:app=" app "\",\"k8s:io.kubernetes.pod.namespace=shop\"]"

/*
 * One flow of frontend-<n> (identity 1001) to backend-1 (1002) on port,
 * ingress, with verdict and drop reason; ev is the monitor event type (1
 * drop, 5 policy verdict, 4 trace).
 */
#define FLOW(t, verdict, reason, desc, n, ip, port, ev)			\
    "{\"flow\":{\"time\":\"2025-06-01T10:00:0" t "Z\",\"verdict\":\""	\
    verdict "\"," reason "\"IP\":{\"source\":\"" ip "\","		\
    "\"destination\":\"10.0.1.20\",\"ipVersion\":\"IPv4\"},"		\
    "\"l4\":{\"TCP\":{\"source_port\":40000,\"destination_port\":"	\
    port "}},\"source\":{\"ID\":1" n ",\"identity\":1001,"		\
    "\"namespace\":\"shop\",\"labels\":" LBL("frontend") ","		\
    "\"pod_name\":\"frontend-" n "\"},\"destination\":{\"ID\":20,"	\
    "\"identity\":1002,\"namespace\":\"shop\",\"labels\":"		\
    LBL("backend") ",\"pod_name\":\"backend-1\"},\"Type\":\"L3_L4\","	\
    "\"event_type\":{\"type\":" ev "},\"traffic_direction\":"		\
    "\"INGRESS\"" desc ",\"is_reply\":false},\"node_name\":\"n1\"}\n"

#define DENIED	"\"drop_reason\":133,"
#define DENIED_DESC ",\"drop_reason_desc\":\"POLICY_DENIED\""
#define DENY	"\"drop_reason\":181,"
#define DENY_DESC ",\"drop_reason_desc\":\"POLICY_DENY\""
#define DROP133(t, n, ip, port)						\
	FLOW(t, "DROPPED", DENIED, DENIED_DESC, n, ip, port, "1")
#define DROP181(t, n, ip, port)						\
	FLOW(t, "DROPPED", DENY, DENY_DESC, n, ip, port, "1")

/* Three drops to 9090 (lines 2-4; line 1 is their policy-verdict event). */
static const char flows_9090[] =
    FLOW("1", "DROPPED", DENIED, DENIED_DESC, "1", "10.0.1.10", "9090", "5")
    DROP133("2", "1", "10.0.1.10", "9090")
    DROP133("3", "2", "10.0.1.11", "9090")
    DROP133("4", "1", "10.0.1.10", "9090");

/* The same, dropped by a deny rule. */
static const char flows_9090_deny[] =
    DROP181("2", "1", "10.0.1.10", "9090")
    DROP181("3", "2", "10.0.1.11", "9090")
    DROP181("4", "1", "10.0.1.10", "9090");

/* Forwarded only. */
static const char flows_fwd[] =
    FLOW("1", "FORWARDED", "", "", "1", "10.0.1.10", "8080", "4")
    FLOW("2", "FORWARDED", "", "", "2", "10.0.1.11", "8080", "4");

struct fx {
	struct model	 m;
	struct findings	 f;
	struct rule	 r;
	struct rule	 other;		/* a root-cause rule's stand-in */
	struct eval_ctx	 ctx;
	bool		 built;
};

static struct fx the_fx;

static void
fx_release(struct fx *x)
{
	if (!x->built)
		return;
	findings_release(&x->f);
	model_free(&x->m);
	x->built = false;
}

/* The context of rule id: OTHER-RULE, or the rule under test. */
static void
fx_rule(struct fx *x, const char *id)
{
	struct rule *r = strcmp(id, "OTHER-RULE") == 0 ? &x->other : &x->r;

	memset(r, 0, sizeof(*r));
	r->id = id;
	r->title = "t";
	r->summary = "s";
	r->remediation = "r";
	r->severity = SEV_MEDIUM;
	memset(&x->ctx, 0, sizeof(x->ctx));
	x->ctx.m = &x->m;
	x->ctx.rule = r;
	x->ctx.out = &x->f;
}

/* Build the cluster with these CNP items and flows (NULL: no capture). */
static void
fx_build(struct fx *x, const char *cnps, const char *flows)
{
	static unsigned serial;
	static const char config[] = "data:\n  cluster-name: c1\n"
	    "kind: ConfigMap\nmetadata:\n  name: cilium-config\n"
	    "  namespace: kube-system\n";
	static const char ds[] = "items:\n- spec:\n    template:\n"
	    "      spec:\n        containers:\n"
	    "        - image: quay.io/cilium/cilium:v1.16.5\n"
	    "          name: cilium-agent\n";
	char name[32], items[4096];
	struct sa_entry e[6];
	struct ingest_limits lim;
	char *err = NULL, *path;
	size_t n = 0;

	fx_release(x);
	e[n++] = (struct sa_entry){ TOP "cilium-configmap-" TS ".yaml", config,
	    0, SA_FILE };
	e[n++] = (struct sa_entry){ TOP "cilium-daemonset-" TS ".yaml", ds, 0,
	    SA_FILE };
	e[n++] = (struct sa_entry){ TOP "k8s-pods-" TS ".yaml", pods, 0,
	    SA_FILE };
	snprintf(items, sizeof(items), "items:\n%s", cnps);
	e[n++] = (struct sa_entry){ TOP "ciliumnetworkpolicies-" TS ".yaml",
	    items, 0, SA_FILE };
	if (flows != NULL)
		e[n++] = (struct sa_entry){ TOP FLOWS, flows, 0, SA_FILE };
	snprintf(name, sizeof(name), "d%u.zip", serial++);
	path = sa_write_archive(name, "zip", e, n);
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&x->m, path, &lim, &err), 0);
	free(path);
	findings_init(&x->f);
	x->built = true;
}

static void
fx_run(struct fx *x, const char *id, void (*check)(struct eval_ctx *))
{
	fx_rule(x, id);
	check(&x->ctx);
}

static int
case_teardown(void **state)
{
	(void)state;
	fx_release(&the_fx);
	return 0;
}

#define DENIED_ID	"DROP-POLICY-DENIED"
#define DENYLIST_ID	"DROP-POLICY-DENYLIST"

/* Drops to a port no rule allows: the near miss is the port. */
static void
test_denied_near_miss(void **state)
{
	struct fx *x = &the_fx;
	const struct finding *f;

	(void)state;
	fx_build(x, cnp_backend, flows_9090);
	fx_run(x, DENIED_ID, check_drop_policy_denied);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	/* Three drop events; the policy-verdict event repeats the first. */
	assert_int_equal(f->drops, 3);
	assert_string_equal(f->title, "Ingress 9090/TCP from shop/frontend-1 "
	    "and shop/frontend-2 to shop/backend-1 dropped by default deny "
	    "(3 packets): nearest rule CiliumNetworkPolicy "
	    "shop/backend-ingress ingress[0] misses on the port");
	assert_non_null(strstr(f->message, "Hubble recorded 3 packets from "
	    "shop/frontend-1 and shop/frontend-2 (identity 1001: k8s:app="
	    "frontend in namespace shop) to shop/backend-1 (identity 1002: "
	    "k8s:app=backend in namespace shop) on 9090/TCP dropped by "
	    "policy (POLICY_DENIED, default deny) at the ingress of "
	    "shop/backend-1."));
	assert_non_null(strstr(f->message, "No other finding explains "
	    "them."));
	assert_non_null(strstr(f->message, "shop/backend-1 is in ingress "
	    "default deny: CiliumNetworkPolicy shop/backend-ingress selects "
	    "it"));
	assert_non_null(strstr(f->message, "stopped by the port: it allows "
	    "port 8080/TCP, but the traffic goes to 9090/TCP."));
	assert_int_equal(f->nsubjects, 1);
	assert_string_equal(f->subjects[0].name, "backend-ingress");
	assert_string_equal(f->subjects[0].ns, "shop");
	assert_int_equal(f->naffected, 3);
	assert_true(se_has_affected(f, "shop/backend-1"));
	assert_true(se_has_affected(f, "shop/frontend-1"));
	assert_true(se_has_affected(f, "shop/frontend-2"));
	/* First and last drop, not the policy-verdict event of line 1. */
	assert_true(se_has_evidence(f, FLOWS, 2, "DROPPED INGRESS "
	    "shop/frontend-1 (1001) -> shop/backend-1 (1002) 9090/TCP "
	    "POLICY_DENIED"));
	assert_true(se_has_evidence(f, FLOWS, 4, NULL));
	assert_false(se_has_evidence(f, FLOWS, 1, NULL));
	assert_false(se_has_evidence(f, FLOWS, 3, NULL));
	/* The nearest rule's element (line 6 of the CNP list). */
	assert_true(se_has_evidence(f, "ciliumnetworkpolicies-", 6,
	    "CiliumNetworkPolicy shop/backend-ingress ingress[0], the "
	    "nearest rule"));
	/* The fix: the same element with port 9090. */
	assert_non_null(strstr(f->remediation, "If 9090/TCP from "
	    "shop/frontend-1 and shop/frontend-2 to shop/backend-1 is "
	    "wanted"));
	assert_non_null(strstr(f->remediation, "ingress[0]"));
	assert_non_null(strstr(f->remediation, "- port: \"9090\""));
	assert_true(f->confidence == 0.8);
	/* Its own drops are recorded as explained by it. */
	assert_int_equal(x->f.nexplained, 3);
	/* The denylist rule leaves default-deny drops alone. */
	fx_run(x, DENYLIST_ID, check_drop_policy_denylist);
	assert_int_equal(x->f.n, 1);
}

/* Drops another finding explains are its evidence, not a group of ours. */
static void
test_denied_explained(void **state)
{
	struct fx *x = &the_fx;
	static const uint32_t fe[] = { 1001 };
	struct eval_flow_query q;
	struct finding *other;
	const struct finding *f;

	(void)state;
	fx_build(x, cnp_backend, flows_9090);
	/* A root cause that explains the three drops (by the peer). */
	fx_rule(x, "OTHER-RULE");
	other = eval_finding_new(&x->ctx);
	memset(&q, 0, sizeof(q));
	q.dir = FLOW_DIR_INGRESS;
	q.pod = "backend-1";
	q.peer_ids = fe;
	q.npeer_ids = 1;
	q.port = 9090;
	assert_int_equal(eval_flow_drops(&x->ctx, other, &q, 2), 3);
	assert_int_equal(x->f.nexplained, 3);
	/* Discarding a finding forgets the drops it explained. */
	eval_finding_discard(&x->ctx, other);
	assert_int_equal(x->f.nexplained, 0);
	/* Counting without a finding explains nothing. */
	assert_int_equal(eval_flow_drops(&x->ctx, NULL, &q, 2), 3);
	assert_int_equal(x->f.nexplained, 0);
	other = eval_finding_new(&x->ctx);
	assert_int_equal(eval_flow_drops(&x->ctx, other, &q, 2), 3);
	/* Everything explained: nothing to report. */
	fx_run(x, DENIED_ID, check_drop_policy_denied);
	assert_int_equal(se_count(&x->f, DENIED_ID), 0);
	assert_true(eval_explained(&x->f, x->m.flow_files[0].r.flows + 1,
	    NULL));
	/* A policy-verdict event is never counted, so never explained. */
	assert_false(eval_explained(&x->f, x->m.flow_files[0].r.flows, NULL));
	f = se_find(&x->f, "OTHER-RULE");
	assert_non_null(f);
	assert_int_equal(f->drops, 3);
}

/* Only flow 2 (frontend-1's first drop) is explained by the other rule. */
static bool
line_two(const struct flow_record *fr, void *arg)
{
	(void)arg;
	return fr->line == 2;
}

static void
test_denied_partly_explained(void **state)
{
	struct fx *x = &the_fx;
	struct eval_flow_query q;
	const struct finding_explained *by = NULL;
	const struct finding *f;
	struct finding *other;

	(void)state;
	fx_build(x, cnp_backend, flows_9090);
	fx_rule(x, "OTHER-RULE");
	other = eval_finding_new(&x->ctx);
	memset(&q, 0, sizeof(q));
	q.pred = line_two;
	assert_int_equal(eval_flow_drops(&x->ctx, other, &q, 1), 1);
	assert_true(eval_explained(&x->f, x->m.flow_files[0].r.flows + 1,
	    &by));
	assert_string_equal(by->rule->id, "OTHER-RULE");
	assert_int_equal(by->finding, 0);
	fx_run(x, DENIED_ID, check_drop_policy_denied);
	assert_int_equal(se_count(&x->f, DENIED_ID), 1);
	f = se_find(&x->f, DENIED_ID);
	/* The remainder only: 2 drops, first line 3, last line 4. */
	assert_int_equal(f->drops, 2);
	assert_non_null(strstr(f->title, "(2 packets)"));
	assert_non_null(strstr(f->message, "1 more drop of this traffic is "
	    "explained by the OTHER-RULE finding and left to it; these 2 "
	    "are not."));
	assert_true(se_has_evidence(f, FLOWS, 3, NULL));
	assert_true(se_has_evidence(f, FLOWS, 4, NULL));
	assert_false(se_has_evidence(f, FLOWS, 2, NULL));
}

/* The policies allow what Hubble saw dropped: a disagreement. */
static void
test_denied_but_allowed(void **state)
{
	struct fx *x = &the_fx;
	const struct finding *f;

	(void)state;
	fx_build(x, cnp_backend_9090, flows_9090);
	fx_run(x, DENIED_ID, check_drop_policy_denied);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_non_null(strstr(f->title, "dropped by policy (3 packets) "
	    "although the policies in the sysdump allow it"));
	assert_non_null(strstr(f->message, "Yet the policies in the sysdump "
	    "allow it at the ingress of shop/backend-1 (an allow rule "
	    "matches: CiliumNetworkPolicy shop/backend-ingress ingress[0]), "
	    "so the realized policy disagrees with them"));
	assert_true(f->confidence < 0.5);
	assert_true(se_has_evidence(f, "ciliumnetworkpolicies-", 6,
	    "allows fromEndpoints"));
	assert_non_null(strstr(f->remediation, "cilium-dbg endpoint "
	    "regenerate"));
}

/* DROP-POLICY-DENYLIST names the deny rule. */
static void
test_denylist(void **state)
{
	struct fx *x = &the_fx;
	const struct finding *f;
	char cnps[2048];

	(void)state;
	snprintf(cnps, sizeof(cnps), "%s%s", cnp_backend, cnp_deny);
	fx_build(x, cnps, flows_9090_deny);
	fx_run(x, DENIED_ID, check_drop_policy_denied);
	assert_int_equal(x->f.n, 0);
	fx_run(x, DENYLIST_ID, check_drop_policy_denylist);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_int_equal(f->drops, 3);
	assert_string_equal(f->title, "Ingress 9090/TCP from shop/frontend-1 "
	    "and shop/frontend-2 to shop/backend-1 dropped by "
	    "CiliumNetworkPolicy shop/backend-no-metrics ingressDeny[0] "
	    "(3 packets)");
	assert_non_null(strstr(f->message, "(POLICY_DENY, a deny rule)"));
	assert_non_null(strstr(f->message, "CiliumNetworkPolicy "
	    "shop/backend-no-metrics ingressDeny[0] ("));
	assert_non_null(strstr(f->message, "denies it: its peer "));
	assert_int_equal(f->nsubjects, 1);
	assert_string_equal(f->subjects[0].name, "backend-no-metrics");
	/* The deny element is line 12 of the CNP list. */
	assert_true(se_has_evidence(f, "ciliumnetworkpolicies-", 12,
	    "ingressDeny[0] denies"));
	assert_non_null(strstr(f->remediation, "narrow the deny rule"));
	assert_true(f->confidence == 0.9);
}

/* A denylist drop that no deny rule of the sysdump explains. */
static void
test_denylist_without_deny_rule(void **state)
{
	struct fx *x = &the_fx;
	const struct finding *f;

	(void)state;
	fx_build(x, cnp_backend, flows_9090_deny);
	fx_run(x, DENYLIST_ID, check_drop_policy_denylist);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_non_null(strstr(f->message, "no deny rule of the sysdump "
	    "matches"));
	assert_true(f->confidence == 0.5);
}

/* Forwarded traffic only, or no capture at all. */
static void
test_silent(void **state)
{
	struct fx *x = &the_fx;

	(void)state;
	fx_build(x, cnp_backend, flows_fwd);
	fx_run(x, DENIED_ID, check_drop_policy_denied);
	fx_run(x, DENYLIST_ID, check_drop_policy_denylist);
	assert_int_equal(x->f.n, 0);
	assert_int_equal(x->f.nskipped, 0);
	fx_build(x, cnp_backend, NULL);
	fx_run(x, DENIED_ID, check_drop_policy_denied);
	assert_int_equal(x->f.n, 0);
	assert_non_null(x->ctx.skip_reason);
	assert_non_null(strstr(x->ctx.skip_reason, "no Hubble flows"));
}

/*
 * The demo: alone, the check sees the four groups of the planted problems;
 * with every rule, the root-cause findings explain all of them.
 */
static void
test_demo(void **state)
{
	struct fx *x = &the_fx;
	struct ruleset rs;
	struct diag_list d;
	struct ingest_limits lim;
	char *err = NULL;
	const struct finding *f;
	size_t i;

	(void)state;
	fx_release(x);
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&x->m, DEMO, &lim, &err), 0);
	findings_init(&x->f);
	x->built = true;
	fx_run(x, DENIED_ID, check_drop_policy_denied);
	/* README 1.2: problems 1, 2, 3 and 5. */
	assert_int_equal(x->f.n, 4);
	for (i = 0; i < x->f.n; i++)
		assert_non_null(strstr(x->f.v[i].title, "by default deny"));
	/* Problem 1: the nearest rule is the typo's, stopped by the label. */
	f = &x->f.v[0];
	for (i = 0; i < x->f.n; i++)
		if (strstr(x->f.v[i].title, "to shop/backend-") != NULL &&
		    strstr(x->f.v[i].title, "8080/TCP") != NULL)
			f = &x->f.v[i];
	assert_non_null(strstr(f->title, "shop/backend-ingress ingress[0] "
	    "misses on the label"));
	assert_int_equal(f->drops, 14);
	findings_release(&x->f);

	findings_init(&x->f);
	ruleset_init(&rs);
	diag_list_init(&d);
	assert_true(ruleset_load_dir(&rs, "rules", eval_builtin_known, &d) >
	    0);
	assert_non_null(ruleset_find(&rs, DENIED_ID));
	assert_non_null(ruleset_find(&rs, DENYLIST_ID));
	eval_run(&x->m, &rs, &x->f);
	assert_int_equal(se_count(&x->f, DENIED_ID), 0);
	assert_int_equal(se_count(&x->f, DENYLIST_ID), 0);
	assert_null(se_skipped(&x->f, DENIED_ID));
	assert_int_equal(se_count(&x->f, "SEL-NO-MATCH"), 1);
	assert_int_equal(se_count(&x->f, "CIDR-SELECTS-PODS"), 1);
	/* Every policy drop of the demo is explained by some finding. */
	for (i = 0; i < x->m.nflow_files; i++) {
		const struct flow_result *r = &x->m.flow_files[i].r;
		size_t j;

		for (j = 0; j < r->nflows; j++)
			if (eval_flow_is_policy_drop(&r->flows[j]) &&
			    r->flows[j].event_type != 5)
				assert_true(eval_explained(&x->f,
				    &r->flows[j], NULL));
	}
	ruleset_release(&rs);
	diag_list_release(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_denied_near_miss,
		    case_teardown),
		cmocka_unit_test_teardown(test_denied_explained,
		    case_teardown),
		cmocka_unit_test_teardown(test_denied_partly_explained,
		    case_teardown),
		cmocka_unit_test_teardown(test_denied_but_allowed,
		    case_teardown),
		cmocka_unit_test_teardown(test_denylist, case_teardown),
		cmocka_unit_test_teardown(test_denylist_without_deny_rule,
		    case_teardown),
		cmocka_unit_test_teardown(test_silent, case_teardown),
		cmocka_unit_test_teardown(test_demo, case_teardown),
	};

	return cmocka_run_group_tests(tests, sa_group_setup,
	    sa_group_teardown);
}
