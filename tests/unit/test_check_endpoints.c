/*
 * test_check_endpoints.c: the endpoint checks (EP-STUCK-IDENTITY,
 * EP-MISSING, EP-IDENTITY-STALE, EP-STUCK-REGEN) over small sysdumps built
 * at test time: one with every problem planted on node n1 (which has a
 * bugtool), one with each fixed, near misses (hostNetwork, Succeeded and
 * Pending pods, a node without an agent, a CEP lagging the agent, a custom
 * label filter, CEPs disabled), and the demo sysdump, which plants none.
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

#define TS	"20250601-101500"
#define TOP	"cilium-sysdump-" TS "/"
#define BT	TOP "cilium-bugtool-cilium-a-" TS "/cmd/"
#define DEBUGINFO BT "cilium-debuginfo-20250601-101502.117+0000-UTC.json"

static const char config[] =
    "data:\n  cluster-name: c1\n  enable-policy: default\n"
    "kind: ConfigMap\nmetadata:\n  name: cilium-config\n"
    "  namespace: kube-system\n";
static const char config_always[] =
    "data:\n  cluster-name: c1\n  enable-policy: always\n"
    "kind: ConfigMap\nmetadata:\n  name: cilium-config\n"
    "  namespace: kube-system\n";
static const char config_labels[] =
    "data:\n  cluster-name: c1\n  labels: \"k8s:app k8s:tier\"\n"
    "kind: ConfigMap\nmetadata:\n  name: cilium-config\n"
    "  namespace: kube-system\n";
static const char config_nocrd[] =
    "data:\n  cluster-name: c1\n  disable-endpoint-crd: \"true\"\n"
    "kind: ConfigMap\nmetadata:\n  name: cilium-config\n"
    "  namespace: kube-system\n";
static const char ds[] =
    "items:\n- spec:\n    template:\n      spec:\n        containers:\n"
    "        - image: quay.io/cilium/cilium:v1.16.5\n"
    "          name: cilium-agent\n";
static const char namespaces[] =
    "items:\n"
    "- metadata: {name: shop, labels: {kubernetes.io/metadata.name: shop}}\n"
    "- metadata: {name: kube-system, labels: "
    "{kubernetes.io/metadata.name: kube-system}}\n";

#define POD(name, node, labels, phase, ip, extra)			\
    "- metadata: {name: " name ", namespace: shop, labels: " labels "}\n" \
    "  spec: {nodeName: " node ", serviceAccountName: default" extra "}\n" \
    "  status: {phase: " phase ", podIP: " ip "}\n"

/* Line 2 of this listing is web-1's metadata (evidence line checks). */
static const char pods[] =
    "items:\n"
    POD("web-1", "n1", "{app: web}", "Running", "10.0.1.5", "")
    POD("api-1", "n1", "{app: api}", "Running", "10.0.1.6", "")
    POD("db-1", "n1", "{app: db-v2, tier: data}", "Running", "10.0.1.7", "")
    POD("legacy-1", "n1", "{app: legacy}", "Running", "10.0.1.8", "")
    POD("job-1", "n1", "{app: job}", "Succeeded", "10.0.1.9", "")
    POD("hostnet-1", "n1", "{app: hostnet}", "Running", "172.18.0.2",
	", hostNetwork: true")
    POD("pending-1", "n1", "{app: pending}", "Pending", "10.0.1.10", "")
    POD("orphan-1", "n3", "{app: orphan}", "Running", "10.0.3.5", "")
    POD("cache-1", "n1", "{app: cache}", "Running", "10.0.1.11", "")
    "- metadata: {name: cilium-a, namespace: kube-system, labels: "
    "{k8s-app: cilium}}\n"
    "  spec: {nodeName: n1, hostNetwork: true}\n"
    "  status: {phase: Running, podIP: 172.18.0.2}\n"
    "- metadata: {name: cilium-b, namespace: kube-system, labels: "
    "{k8s-app: cilium}}\n"
    "  spec: {nodeName: n2, hostNetwork: true}\n"
    "  status: {phase: Running, podIP: 172.18.0.3}\n";

#define CEP(name, id, ident, state, labels)				\
    "- metadata: {name: " name ", namespace: shop}\n"			\
    "  status:\n    id: " id "\n    state: " state "\n"		\
    "    identity:\n      id: " ident "\n      labels:\n" labels

#define L(s)	"      - " s "\n"
#define SHOP	L("k8s:io.cilium.k8s.namespace.labels.kubernetes.io/"	\
		    "metadata.name=shop")				\
		L("k8s:io.cilium.k8s.policy.cluster=c1")		\
		L("k8s:io.cilium.k8s.policy.serviceaccount=default")	\
		L("k8s:io.kubernetes.pod.namespace=shop")

/* Everything planted: api-1 init, db-1 stale, cache-1 not-ready. */
static const char ceps[] =
    "items:\n"
    CEP("web-1", "101", "1001", "ready", L("k8s:app=web") SHOP)
    CEP("api-1", "102", "5", "waiting-for-identity", L("reserved:init"))
    CEP("db-1", "103", "1003", "ready", L("k8s:app=db") SHOP
	L("k8s:tier=data"))
    CEP("cache-1", "104", "1004", "not-ready", L("k8s:app=cache") SHOP)
    CEP("orphan-x", "105", "1005", "ready", L("k8s:app=orphan") SHOP);

static const char ceps_fixed[] =
    "items:\n"
    CEP("web-1", "101", "1001", "ready", L("k8s:app=web") SHOP)
    CEP("api-1", "102", "1002", "ready", L("k8s:app=api") SHOP)
    CEP("db-1", "103", "1003", "ready", L("k8s:app=db-v2") SHOP
	L("k8s:tier=data"))
    CEP("legacy-1", "106", "1006", "ready", L("k8s:app=legacy") SHOP)
    CEP("cache-1", "104", "1004", "ready", L("k8s:app=cache") SHOP);

#define EP(id, pod, ident, state, rev, ip)				\
    "{\"id\": " id ", \"status\": {\"state\": \"" state "\", "		\
    "\"identity\": {\"id\": " ident "}, \"external-identifiers\": "	\
    "{\"k8s-namespace\": \"shop\", \"k8s-pod-name\": \"" pod "\"}, "	\
    "\"networking\": {\"addressing\": [{\"ipv4\": \"" ip "\"}]}, "	\
    "\"policy\": {\"realized\": {\"policy-revision\": " rev "}}}}"

/* The agent on n1: web-1 lags revision 9 (7), cache-1 not-ready. */
static const char debuginfo[] =
    "{\n\"cilium-version\": \"1.16.5 abc 2024-12-01\",\n"
    "\"endpoint-list\": [\n"
    EP("101", "web-1", "1001", "ready", "7", "10.0.1.5") ",\n"
    EP("102", "api-1", "5", "waiting-for-identity", "0", "10.0.1.6") ",\n"
    EP("103", "db-1", "1003", "ready", "9", "10.0.1.7") ",\n"
    EP("104", "cache-1", "1004", "not-ready", "8", "10.0.1.11") "\n"
    "],\n\"policy\": {\"policy\": \"[]\", \"revision\": 9}\n}\n";

static const char debuginfo_fixed[] =
    "{\n\"cilium-version\": \"1.16.5 abc 2024-12-01\",\n"
    "\"endpoint-list\": [\n"
    EP("101", "web-1", "1001", "ready", "9", "10.0.1.5") ",\n"
    EP("102", "api-1", "1002", "ready", "9", "10.0.1.6") ",\n"
    EP("103", "db-1", "1003", "ready", "9", "10.0.1.7") ",\n"
    EP("106", "legacy-1", "1006", "ready", "9", "10.0.1.8") ",\n"
    EP("104", "cache-1", "1004", "ready", "9", "10.0.1.11") "\n"
    "],\n\"policy\": {\"policy\": \"[]\", \"revision\": 9}\n}\n";

static const char agent_log[] =
    "2025-06-01T10:00:00Z level=warning msg=\"Key allocation attempt "
    "failed\" error=\"context deadline exceeded\" subsys=allocator\n"
    "2025-06-01T10:00:01Z level=warning msg=\"Regeneration of endpoint "
    "failed\" endpointID=104 error=\"Failed to compile bpf_lxc.o\" "
    "subsys=endpoint\n";

enum { F_CONFIG, F_CEPS, F_DEBUGINFO, F_PODS, F_N };

struct fx {
	struct model	 m;
	struct findings	 f;
	struct rule	 r;
	struct eval_ctx	 ctx;
};

/*
 * Build a sysdump with the given config, CEPs and debuginfo (NULL: left
 * out) and ready a context for rule `id`.
 */
static struct fx *
fx_new(const char *name, const char *const files[F_N])
{
	struct sa_entry e[10];
	struct ingest_limits lim;
	struct fx *x = calloc(1, sizeof(*x));
	char *err = NULL, *path;
	size_t n = 0;

	e[n++] = (struct sa_entry){ TOP "cilium-configmap-" TS ".yaml",
	    files[F_CONFIG], 0, SA_FILE };
	e[n++] = (struct sa_entry){ TOP "cilium-daemonset-" TS ".yaml", ds, 0,
	    SA_FILE };
	e[n++] = (struct sa_entry){ TOP "k8s-namespaces-" TS ".yaml",
	    namespaces, 0, SA_FILE };
	e[n++] = (struct sa_entry){ TOP "k8s-pods-" TS ".yaml",
	    files[F_PODS] != NULL ? files[F_PODS] : pods, 0, SA_FILE };
	if (files[F_CEPS] != NULL)
		e[n++] = (struct sa_entry){ TOP "ciliumendpoints-" TS ".yaml",
		    files[F_CEPS], 0, SA_FILE };
	if (files[F_DEBUGINFO] != NULL)
		e[n++] = (struct sa_entry){ DEBUGINFO, files[F_DEBUGINFO], 0,
		    SA_FILE };
	e[n++] = (struct sa_entry){ TOP "logs-cilium-a-cilium-agent-" TS
	    ".log", agent_log, 0, SA_FILE };
	path = sa_write_archive(name, "zip", e, n);
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&x->m, path, &lim, &err), 0);
	free(path);
	findings_init(&x->f);
	x->r.title = "t";
	x->r.summary = "s";
	x->r.remediation = "r";
	x->r.severity = SEV_HIGH;
	x->ctx.m = &x->m;
	x->ctx.rule = &x->r;
	x->ctx.out = &x->f;
	return x;
}

/* Run one check afresh; returns the number of findings. */
static size_t
run(struct fx *x, const char *id, void (*check)(struct eval_ctx *))
{
	findings_release(&x->f);
	findings_init(&x->f);
	x->r.id = id;
	x->ctx.skip_reason = NULL;
	check(&x->ctx);
	return x->f.n;
}

static void
fx_free(struct fx *x)
{
	findings_release(&x->f);
	model_free(&x->m);
	free(x);
}

/* Some evidence at path (suffix) and line holds text. */
static bool
has_evidence(const struct finding *f, const char *path, unsigned long line,
    const char *text)
{
	size_t i, pl = strlen(path);

	for (i = 0; i < f->nevidence; i++) {
		const struct finding_evidence *e = &f->evidence[i];
		size_t el = strlen(e->path);

		if (el >= pl && strcmp(e->path + el - pl, path) == 0 &&
		    (line == (unsigned long)-1 || e->line == line) &&
		    strstr(e->excerpt, text) != NULL)
			return true;
	}
	return false;
}

static const char *const planted[F_N] = { config, ceps, debuginfo, NULL };
static const char *const fixed[F_N] = { config, ceps_fixed, debuginfo_fixed,
    NULL };

static void
test_stuck_identity(void **state)
{
	struct fx *x = fx_new("id.zip", planted);
	const struct finding *f;
	const char *const always[F_N] = { config_always, ceps, debuginfo,
	    NULL };
	/* The agent already gave api-1 its identity; only the CEP lags. */
	const char *const cep_lags[F_N] = { config, ceps, debuginfo_fixed,
	    NULL };

	(void)state;
	assert_int_equal(run(x, "EP-STUCK-IDENTITY", check_ep_stuck_identity),
	    1);
	f = &x->f.v[0];
	assert_int_equal(f->naffected, 1);
	assert_string_equal(f->affected[0], "shop/api-1");
	assert_string_equal(f->subjects[0].kind, "Node");
	assert_string_equal(f->subjects[0].name, "n1");
	assert_non_null(strstr(f->title, "1 endpoint on n1 has no identity"));
	assert_non_null(strstr(f->title, "waiting-for-identity"));
	assert_non_null(strstr(f->message, "shop/api-1 is stuck before "
	    "identity allocation: 1 in waiting-for-identity."));
	assert_int_equal(f->severity, SEV_HIGH);
	/* CEP, the agent's debuginfo and the allocator's log line. */
	assert_true(has_evidence(f, "ciliumendpoints-" TS ".yaml", 14,
	    "state waiting-for-identity, identity 5 reserved:init"));
	assert_true(has_evidence(f, DEBUGINFO, (unsigned long)-1,
	    "endpoint 102 state waiting-for-identity, identity 5"));
	assert_true(has_evidence(f, "cilium-agent-" TS ".log", 1,
	    "Key allocation attempt failed: context deadline exceeded"));
	assert_int_equal(f->log_lines, 1);
	assert_true(f->confidence > 0.9);
	assert_non_null(strstr(f->remediation, "kubectl delete pod -n shop "
	    "api-1"));
	assert_non_null(strstr(f->remediation, "\"reserved:init\": \"\""));
	fx_free(x);

	/* enable-policy always: everything of the init endpoint drops. */
	x = fx_new("id-always.zip", always);
	assert_int_equal(run(x, "EP-STUCK-IDENTITY", check_ep_stuck_identity),
	    1);
	assert_int_equal(x->f.v[0].severity, SEV_CRITICAL);
	assert_non_null(strstr(x->f.v[0].message, "`always`"));
	fx_free(x);

	x = fx_new("id-lag.zip", cep_lags);
	assert_int_equal(run(x, "EP-STUCK-IDENTITY", check_ep_stuck_identity),
	    0);
	assert_null(x->ctx.skip_reason);
	fx_free(x);

	x = fx_new("id-fixed.zip", fixed);
	assert_int_equal(run(x, "EP-STUCK-IDENTITY", check_ep_stuck_identity),
	    0);
	assert_null(x->ctx.skip_reason);
	fx_free(x);
}

static void
test_missing(void **state)
{
	struct fx *x = fx_new("miss.zip", planted);
	const struct finding *f;
	const char *const nocrd[F_N] = { config_nocrd, NULL, NULL, NULL };
	const char *const nobugtool[F_N] = { config, ceps, NULL, NULL };

	(void)state;
	assert_int_equal(run(x, "EP-MISSING", check_ep_missing), 1);
	f = &x->f.v[0];
	/*
	 * Only legacy-1: not the Succeeded, Pending or hostNetwork pods,
	 * nor orphan-1 on n3 where no agent runs.
	 */
	assert_int_equal(f->naffected, 1);
	assert_string_equal(f->affected[0], "shop/legacy-1");
	assert_non_null(strstr(f->title, "1 running pod on n1 is not managed "
	    "by Cilium"));
	assert_non_null(strstr(f->message, "shop/legacy-1 is Running without "
	    "hostNetwork on n1"));
	assert_non_null(strstr(f->message, "does not list it "));
	assert_true(has_evidence(f, "k8s-pods-" TS ".yaml", 11,
	    "pod shop/legacy-1: Running on n1, IP 10.0.1.8, no "
	    "CiliumEndpoint"));
	assert_true(has_evidence(f, DEBUGINFO, 0, "lists 4 endpoints, none "
	    "for legacy-1"));
	assert_non_null(strstr(f->remediation, "kubectl delete pod -n shop "
	    "legacy-1"));
	/* The agent's own list agrees: firm. */
	assert_true(f->confidence > 0.9);
	fx_free(x);

	/* The CEP alone: less sure. */
	x = fx_new("miss-cep.zip", nobugtool);
	assert_int_equal(run(x, "EP-MISSING", check_ep_missing), 1);
	assert_true(x->f.v[0].confidence < 0.9);
	fx_free(x);

	/* CEPs disabled and no bugtool: cannot decide. */
	x = fx_new("miss-nocrd.zip", nocrd);
	assert_int_equal(run(x, "EP-MISSING", check_ep_missing), 0);
	assert_non_null(x->ctx.skip_reason);
	assert_non_null(strstr(x->ctx.skip_reason, "disable-endpoint-crd"));
	fx_free(x);

	x = fx_new("miss-fixed.zip", fixed);
	assert_int_equal(run(x, "EP-MISSING", check_ep_missing), 0);
	assert_null(x->ctx.skip_reason);
	fx_free(x);
}

static void
test_identity_stale(void **state)
{
	struct fx *x = fx_new("stale.zip", planted);
	const struct finding *f;
	static const char pods_added[] =
	    "items:\n"
	    POD("web-1", "n1", "{app: web, team: pay, pod-template-hash: x1}",
		"Running", "10.0.1.5", "")
	    "- metadata: {name: cilium-a, namespace: kube-system, labels: "
	    "{k8s-app: cilium}}\n"
	    "  spec: {nodeName: n1, hostNetwork: true}\n"
	    "  status: {phase: Running, podIP: 172.18.0.2}\n";
	const char *const added[F_N] = { config, ceps_fixed, NULL, pods_added };
	const char *const custom[F_N] = { config_labels, ceps_fixed, NULL,
	    pods_added };

	(void)state;
	assert_int_equal(run(x, "EP-IDENTITY-STALE", check_ep_identity_stale),
	    1);
	f = &x->f.v[0];
	/* api-1 is init (another rule), web-1 and cache-1 agree. */
	assert_int_equal(f->naffected, 1);
	assert_string_equal(f->affected[0], "shop/db-1");
	assert_non_null(strstr(f->title, "1 endpoint in shop"));
	assert_non_null(strstr(f->title, "(app: db -> db-v2)"));
	assert_non_null(strstr(f->message, "app: db -> db-v2"));
	assert_true(has_evidence(f, "ciliumendpoints-" TS ".yaml", 22,
	    "identity 1003: k8s:app=db"));
	assert_true(has_evidence(f, "k8s-pods-" TS ".yaml", 8,
	    "pod shop/db-1 now: k8s:app=db-v2"));
	assert_non_null(strstr(f->remediation, "kubectl delete pod -n shop "
	    "db-1"));
	fx_free(x);

	/* A label added to the pod; the template hash is not relevant. */
	x = fx_new("stale-added.zip", added);
	assert_int_equal(run(x, "EP-IDENTITY-STALE", check_ep_identity_stale),
	    1);
	assert_string_equal(x->f.v[0].affected[0], "shop/web-1");
	assert_non_null(strstr(x->f.v[0].title, "(team=pay added)"));
	fx_free(x);

	/* With a custom filter the added label may be filtered: silent. */
	x = fx_new("stale-custom.zip", custom);
	assert_int_equal(run(x, "EP-IDENTITY-STALE", check_ep_identity_stale),
	    0);
	fx_free(x);

	x = fx_new("stale-fixed.zip", fixed);
	assert_int_equal(run(x, "EP-IDENTITY-STALE", check_ep_identity_stale),
	    0);
	assert_null(x->ctx.skip_reason);
	fx_free(x);
}

static void
test_stuck_regen(void **state)
{
	struct fx *x = fx_new("regen.zip", planted);
	const struct finding *f;

	(void)state;
	assert_int_equal(run(x, "EP-STUCK-REGEN", check_ep_stuck_regen), 1);
	f = &x->f.v[0];
	/* cache-1 not-ready (revision 8), web-1 at revision 7 of 9. */
	assert_int_equal(f->naffected, 2);
	assert_true(se_has_affected(f, "shop/cache-1"));
	assert_true(se_has_affected(f, "shop/web-1"));
	assert_false(se_has_affected(f, "shop/db-1"));
	assert_string_equal(f->subjects[0].kind, "Node");
	assert_string_equal(f->subjects[0].name, "n1");
	assert_non_null(strstr(f->title, "2 endpoints on n1 do not apply "
	    "policy changes (not-ready)"));
	assert_non_null(strstr(f->message, "2 with a realized policy "
	    "revision below the agent's repository revision 9"));
	assert_true(has_evidence(f, DEBUGINFO, (unsigned long)-1,
	    "endpoint 101 (shop/web-1) state ready, policy revision 7 of 9"));
	assert_true(has_evidence(f, DEBUGINFO, (unsigned long)-1,
	    "endpoint 104 (shop/cache-1) state not-ready"));
	assert_true(has_evidence(f, "ciliumendpoints-" TS ".yaml",
	    (unsigned long)-1, "CiliumEndpoint shop/cache-1: state not-ready"));
	assert_true(has_evidence(f, DEBUGINFO, (unsigned long)-1,
	    "policy repository revision 9 on n1"));
	assert_true(has_evidence(f, "cilium-agent-" TS ".log", 2,
	    "Regeneration of endpoint failed: Failed to compile bpf_lxc.o"));
	assert_int_equal(f->log_lines, 1);
	assert_true(f->confidence > 0.9);
	fx_free(x);

	x = fx_new("regen-fixed.zip", fixed);
	assert_int_equal(run(x, "EP-STUCK-REGEN", check_ep_stuck_regen), 0);
	assert_null(x->ctx.skip_reason);
	fx_free(x);
}

/* The demo plants no endpoint problem: all four stay silent but run. */
static void
test_demo_silent(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	struct ingest_limits lim;
	char *err = NULL;

	(void)state;
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&x->m, "testdata/sysdump/"
	    "cilium-sysdump-20250601-101500", &lim, &err), 0);
	findings_init(&x->f);
	x->r.title = x->r.summary = x->r.remediation = "t";
	x->ctx.m = &x->m;
	x->ctx.rule = &x->r;
	x->ctx.out = &x->f;
	assert_int_equal(run(x, "EP-STUCK-IDENTITY", check_ep_stuck_identity),
	    0);
	assert_null(x->ctx.skip_reason);
	assert_int_equal(run(x, "EP-MISSING", check_ep_missing), 0);
	assert_null(x->ctx.skip_reason);
	assert_int_equal(run(x, "EP-IDENTITY-STALE", check_ep_identity_stale),
	    0);
	assert_null(x->ctx.skip_reason);
	assert_int_equal(run(x, "EP-STUCK-REGEN", check_ep_stuck_regen), 0);
	assert_null(x->ctx.skip_reason);
	fx_free(x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stuck_identity),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_identity_stale),
		cmocka_unit_test(test_stuck_regen),
		cmocka_unit_test(test_demo_silent),
	};

	return cmocka_run_group_tests_name("check_endpoints", tests,
	    sa_group_setup, sa_group_teardown);
}
