/*
 * test_check_mesh.c: the Cluster Mesh checks (CLUSTER-ENTITY-MESH,
 * MESH-LOCAL-DEFAULT-119) over small sysdumps built here: a local cluster
 * c1 with one pod shop/web-1 (identity 20001), meshed (or not) with a
 * cluster c2 whose pod shop/client-1 (identity 131172) shows up in the
 * flows and identity lists.  The rules are loaded from rules/, so their
 * files are checked too.
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

#define TS	"20250601-101500"
#define TOP	"cilium-sysdump-" TS "/"

#define CONFIG(extra)							\
    "data:\n  cluster-name: c1\n" extra					\
    "kind: ConfigMap\nmetadata:\n  name: cilium-config\n"		\
    "  namespace: kube-system\n"
#define DS(v)								\
    "items:\n- spec:\n    template:\n      spec:\n        containers:\n" \
    "        - image: quay.io/cilium/cilium:v" v "\n"			\
    "          name: cilium-agent\n"

static const char pods[] =
    "items:\n"
    "- metadata: {name: web-1, namespace: shop, labels: {app: web}}\n"
    "  spec: {nodeName: n1}\n  status: {phase: Running, podIP: 10.0.0.5}\n"
    "- metadata: {name: cilium-a, namespace: kube-system, labels: "
    "{k8s-app: cilium}}\n"
    "  spec: {nodeName: n1, hostNetwork: true}\n"
    "  status: {phase: Running}\n";
static const char ceps[] =
    "items:\n"
    "- metadata: {name: web-1, namespace: shop}\n"
    "  status:\n"
    "    id: 100\n"
    "    identity:\n"
    "      id: 20001\n"
    "      labels:\n"
    "      - k8s:app=web\n"
    "      - k8s:io.cilium.k8s.policy.cluster=c1\n"
    "      - k8s:io.kubernetes.pod.namespace=shop\n"
    "    networking: {addressing: [{ipv4: 10.0.0.5}], node: 172.18.0.2}\n"
    "    state: ready\n";

/* A pod of cluster c2 dropped on its way to web-1:8080. */
#define REMOTE_LABELS							\
    "[\"k8s:app=client\",\"k8s:io.cilium.k8s.policy.cluster=c2\","	\
    "\"k8s:io.kubernetes.pod.namespace=shop\"]"
#define WEB_LABELS							\
    "[\"k8s:app=web\",\"k8s:io.cilium.k8s.policy.cluster=c1\","	\
    "\"k8s:io.kubernetes.pod.namespace=shop\"]"
#define FLOW(verdict, extra)						\
    "{\"flow\":{\"time\":\"2025-06-01T10:07:42Z\",\"verdict\":\""	\
    verdict "\"," extra "\"IP\":{\"source\":\"10.8.0.5\","		\
    "\"destination\":\"10.0.0.5\",\"ipVersion\":\"IPv4\"},"		\
    "\"l4\":{\"TCP\":{\"source_port\":40000,\"destination_port\":8080}},"	\
    "\"source\":{\"identity\":131172,\"cluster_name\":\"c2\","	\
    "\"namespace\":\"shop\",\"labels\":" REMOTE_LABELS ","		\
    "\"pod_name\":\"client-1\"},"					\
    "\"destination\":{\"ID\":100,\"identity\":20001,"			\
    "\"cluster_name\":\"c1\",\"namespace\":\"shop\",\"labels\":"	\
    WEB_LABELS ",\"pod_name\":\"web-1\"},\"Type\":\"L3_L4\","		\
    "\"traffic_direction\":\"INGRESS\",\"is_reply\":false},"		\
    "\"node_name\":\"c1/n1\"}\n"
static const char drop_flows[] =
    FLOW("DROPPED", "\"drop_reason\":133,\"drop_reason_desc\":"
    "\"POLICY_DENIED\",\"event_type\":{\"type\":1,\"sub_type\":133},")
    FLOW("DROPPED", "\"drop_reason\":133,\"drop_reason_desc\":"
    "\"POLICY_DENIED\",\"event_type\":{\"type\":1,\"sub_type\":133},");
static const char fwd_flows[] =
    FLOW("FORWARDED", "\"event_type\":{\"type\":4},");

/* web-ingress: the cluster entity on 8080, line 5 is the element. */
static const char cnp_entity[] =
    "items:\n"
    "- metadata: {name: web-ingress, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - fromEntities: [cluster]\n"
    "      toPorts: [{ports: [{port: \"8080\", protocol: TCP}]}]\n";
/* The same with a second element naming the remote cluster. */
static const char cnp_entity_and_key[] =
    "items:\n"
    "- metadata: {name: web-ingress, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - fromEntities: [cluster]\n"
    "      toPorts: [{ports: [{port: \"8080\", protocol: TCP}]}]\n"
    "    - fromEndpoints:\n"
    "      - matchLabels: {io.cilium.k8s.policy.cluster: c2}\n"
    "      toPorts: [{ports: [{port: \"8080\", protocol: TCP}]}]\n";
/* Healthy: host and remote-node only. */
static const char cnp_healthy[] =
    "items:\n"
    "- metadata: {name: web-ingress, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - fromEntities: [host, remote-node]\n";

struct fx {
	struct model	 m;
	struct ruleset	 rs;
	struct findings	 f;
	bool		 built;
};

static int
setup(void **state)
{
	*state = calloc(1, sizeof(struct fx));
	return *state == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	if (x->built) {
		findings_release(&x->f);
		ruleset_release(&x->rs);
		model_free(&x->m);
	}
	free(x);
	return 0;
}

/*
 * Build a sysdump of the given cilium-config, DaemonSet, CNPs and flows
 * (NULL: none), plus the pods and CEPs above and `extra` members, and run
 * rules/<id>.yaml over it.
 */
static void
analyze(struct fx *x, const char *id, const char *config, const char *ds,
    const char *cnps, const char *flows, const struct sa_entry *extra,
    size_t nextra)
{
	struct sa_entry e[16];
	struct ingest_limits lim;
	struct diag_list d;
	char *err = NULL, *path, rule[128];
	size_t n = 0, i;

	e[n++] = (struct sa_entry){ TOP "cilium-configmap-" TS ".yaml",
	    config, 0, SA_FILE };
	e[n++] = (struct sa_entry){ TOP "cilium-daemonset-" TS ".yaml", ds, 0,
	    SA_FILE };
	e[n++] = (struct sa_entry){ TOP "k8s-pods-" TS ".yaml", pods, 0,
	    SA_FILE };
	e[n++] = (struct sa_entry){ TOP "ciliumendpoints-" TS ".yaml", ceps, 0,
	    SA_FILE };
	if (cnps != NULL)
		e[n++] = (struct sa_entry){ TOP "ciliumnetworkpolicies-" TS
		    ".yaml", cnps, 0, SA_FILE };
	if (flows != NULL)
		e[n++] = (struct sa_entry){ TOP "hubble-flows-cilium-a-" TS
		    ".json", flows, 0, SA_FILE };
	for (i = 0; i < nextra; i++)
		e[n++] = extra[i];
	path = sa_write_archive("m.zip", "zip", e, n);
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&x->m, path, &lim, &err), 0);
	ruleset_init(&x->rs);
	diag_list_init(&d);
	snprintf(rule, sizeof(rule), "rules/%s.yaml", id);
	assert_int_equal(ruleset_load_file(&x->rs, rule, eval_builtin_known,
	    &d), 1);
	assert_int_equal(d.n, 0);
	diag_list_release(&d);
	findings_init(&x->f);
	eval_run(&x->m, &x->rs, &x->f);
	x->built = true;
	free(path);
}

static bool
has_evidence(const struct finding *f, const char *path_part,
    unsigned long line, const char *text)
{
	size_t i;

	for (i = 0; i < f->nevidence; i++)
		if (strstr(f->evidence[i].path, path_part) != NULL &&
		    (line == 0 || f->evidence[i].line == line) &&
		    strstr(f->evidence[i].excerpt, text) != NULL)
			return true;
	return false;
}

/* --- CLUSTER-ENTITY-MESH --------------------------------------------- */

/* Meshed with c2, whose pod is dropped at web-1: medium, with drops. */
static void
test_entity_fires_with_drops(void **state)
{
	struct fx *x = *state;
	const struct finding *f;

	analyze(x, "CLUSTER-ENTITY-MESH", CONFIG("  cluster-id: \"1\"\n"),
	    DS("1.16.5"), cnp_entity, drop_flows, NULL, 0);
	assert_int_equal(x->f.n, 1);
	assert_int_equal(x->f.nskipped, 0);
	f = &x->f.v[0];
	assert_string_equal(f->rule->id, "CLUSTER-ENTITY-MESH");
	assert_int_equal(f->severity, SEV_MEDIUM);
	assert_int_equal(f->drops, 2);
	assert_true(f->confidence > 0.8);
	assert_string_equal(f->cause, "policy/cnp/shop/web-ingress");
	assert_string_equal(f->subjects[0].kind, "CiliumNetworkPolicy");
	assert_string_equal(f->subjects[0].ns, "shop");
	assert_string_equal(f->subjects[0].name, "web-ingress");
	assert_int_equal(f->naffected, 1);
	assert_string_equal(f->affected[0], "shop/web-1");
	assert_non_null(strstr(f->title, "CiliumNetworkPolicy "
	    "shop/web-ingress relies on the cluster entity"));
	assert_non_null(strstr(f->title, "no pod of c2"));
	assert_non_null(strstr(f->message, "ingress[0] fromEntities: "
	    "[cluster] on 8080/TCP"));
	assert_non_null(strstr(f->message, "k8s:io.cilium.k8s.policy."
	    "cluster=c1"));
	assert_non_null(strstr(f->message, "cilium-config sets cluster-id 1"));
	assert_non_null(strstr(f->message, "2 packets"));
	assert_non_null(strstr(f->remediation, "{key: io.cilium.k8s.policy."
	    "cluster, operator: In, values: [c2]}"));
	assert_non_null(strstr(f->remediation, "toPorts: [{ports: [{port: "
	    "\"8080\", protocol: TCP}]}]"));
	/*
	 * The policy's element, the config (the ConfigMap's line: the model
	 * keeps no line per key), the drops (which also stand for the
	 * identity and the flow that first showed cluster c2).
	 */
	assert_true(has_evidence(f, "ciliumnetworkpolicies", 6,
	    "ingress[0]: fromEntities: [cluster] (8080/TCP)"));
	assert_true(has_evidence(f, "cilium-configmap", 0,
	    "cluster-id: \"1\""));
	assert_true(has_evidence(f, "hubble-flows", 1, "DROPPED INGRESS "
	    "shop/client-1 (131172) -> shop/web-1 (20001) 8080/TCP"));
	assert_int_equal(f->nevidence, 4);
}

/* Remote traffic seen forwarded, none dropped: low, contradicted. */
static void
test_entity_low_without_drops(void **state)
{
	struct fx *x = *state;
	const struct finding *f;

	analyze(x, "CLUSTER-ENTITY-MESH", CONFIG("  cluster-id: \"1\"\n"),
	    DS("1.16.5"), cnp_entity, fwd_flows, NULL, 0);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_int_equal(f->severity, SEV_LOW);
	assert_int_equal(f->drops, 0);
	assert_int_equal(f->contradicting, 1);
	assert_non_null(strstr(f->message, "No dropped flow"));
}

/* Only prepared for a mesh (cluster-id): informational. */
static void
test_entity_info_when_only_configured(void **state)
{
	struct fx *x = *state;
	const struct finding *f;

	analyze(x, "CLUSTER-ENTITY-MESH", CONFIG("  cluster-id: \"1\"\n"),
	    DS("1.16.5"), cnp_entity, NULL, NULL, 0);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_int_equal(f->severity, SEV_INFO);
	assert_non_null(strstr(f->title, "the other meshed clusters"));
	assert_non_null(strstr(f->message, "No remote cluster is connected"));
}

/* The agent's status line alone names the mesh and its clusters. */
static void
test_entity_status_line(void **state)
{
	static const char status[] =
	    "KVStore:                Ok   Disabled\n"
	    "Cilium:                 Ok   1.16.5 (v1.16.5-ad688277)\n"
	    "ClusterMesh:            1/1 remote clusters ready, "
	    "0 global-services\n"
	    "   c2: ready, 3 nodes, 9 endpoints, 4 identities, 0 services, "
	    "0 reconnections (last: never)\n";
	const struct sa_entry extra[] = {
		{ TOP "cilium-bugtool-cilium-a-" TS "/cmd/"
		    "cilium-dbg-status---verbose.md", status, 0, SA_FILE },
	};
	struct fx *x = *state;
	const struct finding *f;

	analyze(x, "CLUSTER-ENTITY-MESH", CONFIG(""), DS("1.16.5"),
	    cnp_entity, NULL, extra, 1);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_int_equal(f->severity, SEV_LOW);
	assert_non_null(strstr(f->title, "no pod of c2"));
	assert_non_null(strstr(f->message, "reports 1/1 remote clusters "
	    "ready"));
	assert_true(has_evidence(f, "status", 3, "ClusterMesh: 1/1 remote "
	    "clusters ready"));
}

/* A single cluster: the entity means what it says, no finding. */
static void
test_entity_silent_single_cluster(void **state)
{
	struct fx *x = *state;

	analyze(x, "CLUSTER-ENTITY-MESH", CONFIG("  cluster-id: \"0\"\n"),
	    DS("1.16.5"), cnp_entity, NULL, NULL, 0);
	assert_int_equal(x->f.n, 0);
	assert_int_equal(x->f.nskipped, 0);
	assert_int_equal(x->f.evaluated, 1);
}

/* The policy also names the remote cluster, or uses no cluster entity. */
static void
test_entity_silent_when_remote_handled(void **state)
{
	struct fx *x = *state;

	analyze(x, "CLUSTER-ENTITY-MESH", CONFIG("  cluster-id: \"1\"\n"),
	    DS("1.16.5"), cnp_entity_and_key, drop_flows, NULL, 0);
	assert_int_equal(x->f.n, 0);
}

static void
test_entity_silent_healthy(void **state)
{
	struct fx *x = *state;

	analyze(x, "CLUSTER-ENTITY-MESH", CONFIG("  cluster-id: \"1\"\n"),
	    DS("1.16.5"), cnp_healthy, drop_flows, NULL, 0);
	assert_int_equal(x->f.n, 0);
}

/* The demo sysdump is a single cluster: nothing. */
static void
test_entity_silent_on_demo(void **state)
{
	struct fx *x = *state;
	struct ingest_limits lim;
	struct diag_list d;
	char *err = NULL;

	ingest_limits_default(&lim);
	assert_int_equal(model_build(&x->m,
	    "testdata/sysdump/cilium-sysdump-20250601-101500", &lim, &err), 0);
	ruleset_init(&x->rs);
	diag_list_init(&d);
	assert_int_equal(ruleset_load_file(&x->rs,
	    "rules/CLUSTER-ENTITY-MESH.yaml", eval_builtin_known, &d), 1);
	diag_list_release(&d);
	findings_init(&x->f);
	x->built = true;
	eval_run(&x->m, &x->rs, &x->f);
	assert_int_equal(x->f.n, 0);
	assert_int_equal(x->f.evaluated, 1);
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_entity_fires_with_drops),
		T(test_entity_low_without_drops),
		T(test_entity_info_when_only_configured),
		T(test_entity_status_line),
		T(test_entity_silent_single_cluster),
		T(test_entity_silent_when_remote_handled),
		T(test_entity_silent_healthy),
		T(test_entity_silent_on_demo),
	};

	return cmocka_run_group_tests_name("check_mesh", tests,
	    sa_group_setup, sa_group_teardown);
}
