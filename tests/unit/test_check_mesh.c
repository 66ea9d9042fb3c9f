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
#include "support_eval.h"

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

/*
 * Build a sysdump of the given cilium-config, DaemonSet, CNPs and flows
 * (NULL: none), plus the pods and CEPs above and `extra` members, and run
 * rules/<id>.yaml over it.
 */
static void
analyze(struct se_fx *x, const char *id, const char *config, const char *ds,
    const char *cnps, const char *flows, const struct sa_entry *extra,
    size_t nextra)
{
	struct sa_entry e[16];
	char *path;
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
	se_fx_build_run(x, path, id);
	free(path);
}

/* A cilium-config that gives this cluster an id: ready for a mesh. */
#define MESHED	CONFIG("  cluster-id: \"1\"\n")

/* --- CLUSTER-ENTITY-MESH --------------------------------------------- */

/* Meshed with c2, whose pod is dropped at web-1: medium, with drops. */
static void
test_entity_fires_with_drops(void **state)
{
	struct se_fx *x = *state;
	const struct finding *f;

	analyze(x, "CLUSTER-ENTITY-MESH", MESHED, DS("1.16.5"), cnp_entity,
	    drop_flows, NULL, 0);
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
	assert_true(se_has_evidence(f, "ciliumnetworkpolicies", 6,
	    "ingress[0]: fromEntities: [cluster] (8080/TCP)"));
	assert_true(se_has_evidence(f, "cilium-configmap", 0,
	    "cluster-id: \"1\""));
	assert_true(se_has_evidence(f, "hubble-flows", 1, "DROPPED INGRESS "
	    "shop/client-1 (131172) -> shop/web-1 (20001) 8080/TCP"));
	assert_int_equal(f->nevidence, 4);
}

/* Remote traffic seen forwarded, none dropped: low, contradicted. */
static void
test_entity_low_without_drops(void **state)
{
	struct se_fx *x = *state;
	const struct finding *f;

	analyze(x, "CLUSTER-ENTITY-MESH", MESHED, DS("1.16.5"), cnp_entity,
	    fwd_flows, NULL, 0);
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
	struct se_fx *x = *state;
	const struct finding *f;

	analyze(x, "CLUSTER-ENTITY-MESH", MESHED, DS("1.16.5"), cnp_entity,
	    NULL, NULL, 0);
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
	struct se_fx *x = *state;
	const struct finding *f;

	analyze(x, "CLUSTER-ENTITY-MESH", CONFIG(""), DS("1.16.5"),
	    cnp_entity, NULL, extra, 1);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_int_equal(f->severity, SEV_LOW);
	assert_non_null(strstr(f->title, "no pod of c2"));
	assert_non_null(strstr(f->message, "reports 1/1 remote clusters "
	    "ready"));
	assert_true(se_has_evidence(f, "status", 3, "ClusterMesh: 1/1 remote "
	    "clusters ready"));
}

/* A single cluster: the entity means what it says, no finding. */
static void
test_entity_silent_single_cluster(void **state)
{
	struct se_fx *x = *state;

	analyze(x, "CLUSTER-ENTITY-MESH", CONFIG("  cluster-id: \"0\"\n"),
	    DS("1.16.5"), cnp_entity, NULL, NULL, 0);
	se_fx_silent(x);
	assert_int_equal(x->f.evaluated, 1);
}

/* The policy also names the remote cluster, or uses no cluster entity. */
static void
test_entity_silent_when_remote_handled(void **state)
{
	struct se_fx *x = *state;

	analyze(x, "CLUSTER-ENTITY-MESH", MESHED, DS("1.16.5"),
	    cnp_entity_and_key, drop_flows, NULL, 0);
	assert_int_equal(x->f.n, 0);
}

static void
test_entity_silent_healthy(void **state)
{
	struct se_fx *x = *state;

	analyze(x, "CLUSTER-ENTITY-MESH", MESHED, DS("1.16.5"), cnp_healthy,
	    drop_flows, NULL, 0);
	assert_int_equal(x->f.n, 0);
}

/* The demo sysdump is a single cluster: nothing. */
static void
test_entity_silent_on_demo(void **state)
{
	struct se_fx *x = *state;

	se_fx_build_run(x, "testdata/sysdump/cilium-sysdump-20250601-101500",
	    "CLUSTER-ENTITY-MESH");
	assert_int_equal(x->f.n, 0);
	assert_int_equal(x->f.evaluated, 1);
}

/* --- MESH-LOCAL-DEFAULT-119 ------------------------------------------ */

/* web-ingress admits app: client (line 6), which lives only in c2. */
static const char cnp_client[] =
    "items:\n"
    "- metadata: {name: web-ingress, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - fromEndpoints:\n"
    "      - matchLabels: {app: client}\n"
    "      toPorts: [{ports: [{port: \"8080\", protocol: TCP}]}]\n";
/* The same, naming the clusters as the upgrade guide says. */
static const char cnp_client_keyed[] =
    "items:\n"
    "- metadata: {name: web-ingress, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - fromEndpoints:\n"
    "      - matchLabels: {app: client}\n"
    "        matchExpressions:\n"
    "        - {key: io.cilium.k8s.policy.cluster, operator: Exists}\n"
    "      toPorts: [{ports: [{port: \"8080\", protocol: TCP}]}]\n";
/* All pods of the namespace: matches c2's pods only incidentally. */
static const char cnp_namespace[] =
    "items:\n"
    "- metadata: {name: web-ingress, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - fromEndpoints: [{}]\n";
static const char knp_client[] =
    "items:\n"
    "- metadata: {name: web-from-client, namespace: shop}\n"
    "  spec:\n"
    "    podSelector: {matchLabels: {app: web}}\n"
    "    policyTypes: [Ingress]\n"
    "    ingress:\n"
    "    - from:\n"
    "      - podSelector: {matchLabels: {app: client}}\n"
    "      ports: [{port: 8080, protocol: TCP}]\n";

static const struct finding *
only(const struct se_fx *x, const char *id)
{
	assert_int_equal(x->f.n, 1);
	assert_string_equal(x->f.v[0].rule->id, id);
	return &x->f.v[0];
}

/* 1.19 default, drops of c2's client at web-1: high, with the fix. */
static void
test_local_fires_on_119(void **state)
{
	struct se_fx *x = *state;
	const struct finding *f;

	analyze(x, "MESH-LOCAL-DEFAULT-119", MESHED, DS("1.19.1"), cnp_client,
	    drop_flows, NULL, 0);
	f = only(x, "MESH-LOCAL-DEFAULT-119");
	assert_int_equal(f->severity, SEV_HIGH);
	assert_int_equal(f->drops, 2);
	assert_true(f->confidence > 0.85);
	assert_string_equal(f->cause, "policy/cnp/shop/web-ingress");
	assert_string_equal(f->subjects[0].name, "web-ingress");
	assert_string_equal(f->affected[0], "shop/web-1");
	assert_string_equal(f->title, "CiliumNetworkPolicy shop/web-ingress: "
	    "1 peer selector now matches only cluster c1, not the pods of c2");
	assert_non_null(strstr(f->message, "This cluster runs Cilium 1.19.1, "
	    "where policy-default-local-cluster is on by default"));
	assert_non_null(strstr(f->message, "ingress[0] fromEndpoints "
	    "app=client (1 remote identity, 0 local endpoints)"));
	assert_non_null(strstr(f->message, "131172 (k8s:app=client, "
	    "k8s:io.cilium.k8s.policy.cluster=c2"));
	assert_non_null(strstr(f->message, "Hubble shows 2 packets"));
	assert_non_null(strstr(f->message, "matches no local endpoint"));
	assert_true(se_has_evidence(f, "ciliumnetworkpolicies", 7,
	    "ingress[0]: fromEndpoints app=client"));
	assert_true(se_has_evidence(f, "hubble-flows", 1, "DROPPED INGRESS "
	    "shop/client-1 (131172) -> shop/web-1 (20001) 8080/TCP"));
	assert_true(se_has_evidence(f, "cilium-configmap", 0, "cluster-id"));
	assert_non_null(strstr(f->remediation,
	    "  - fromEndpoints:\n"
	    "    - matchLabels:\n"
	    "        app: client\n"
	    "      matchExpressions:\n"
	    "      - {key: io.cilium.k8s.policy.cluster, operator: In, "
	    "values: [c1, c2]}\n"));
	assert_non_null(strstr(f->remediation, "inspect-policy-default-"
	    "local-cluster"));
}

/* No drop captured (forwarded): still high for a remote-only peer. */
static void
test_local_remote_only_without_drops(void **state)
{
	struct se_fx *x = *state;
	const struct finding *f;

	analyze(x, "MESH-LOCAL-DEFAULT-119", CONFIG(""), DS("1.19.0"),
	    cnp_client, fwd_flows, NULL, 0);
	f = only(x, "MESH-LOCAL-DEFAULT-119");
	assert_int_equal(f->severity, SEV_HIGH);
	assert_int_equal(f->drops, 0);
	assert_int_equal(f->contradicting, 1);
	assert_true(f->confidence < 0.8);
	assert_non_null(strstr(f->message, "No drop of those identities"));
}

/* 1.18 with the option set true: the config is the reason. */
static void
test_local_fires_on_118_when_set(void **state)
{
	struct se_fx *x = *state;
	const struct finding *f;

	analyze(x, "MESH-LOCAL-DEFAULT-119", CONFIG("  cluster-id: \"1\"\n"
	    "  policy-default-local-cluster: \"true\"\n"), DS("1.18.2"),
	    cnp_client, drop_flows, NULL, 0);
	f = only(x, "MESH-LOCAL-DEFAULT-119");
	assert_non_null(strstr(f->message, "cilium-config sets "
	    "policy-default-local-cluster: \"true\" on Cilium 1.18.2"));
	assert_true(se_has_evidence(f, "cilium-configmap", 0,
	    "policy-default-local-cluster: \"true\""));
}

/* A NetworkPolicy peer gets the filter too; the fix is its podSelector. */
static void
test_local_knp(void **state)
{
	const struct sa_entry extra[] = {
		{ TOP "k8s-networkpolicies-" TS ".yaml", knp_client, 0,
		    SA_FILE },
	};
	struct se_fx *x = *state;
	const struct finding *f;

	analyze(x, "MESH-LOCAL-DEFAULT-119", MESHED, DS("1.19.1"), NULL,
	    drop_flows, extra, 1);
	f = only(x, "MESH-LOCAL-DEFAULT-119");
	assert_string_equal(f->subjects[0].kind, "NetworkPolicy");
	assert_int_equal(f->drops, 2);
	assert_non_null(strstr(f->message, "ingress[0] from.podSelector"));
	assert_non_null(strstr(f->remediation,
	    "  - podSelector:\n"
	    "      matchLabels:\n"
	    "        app: client\n"
	    "      matchExpressions:\n"
	    "      - {key: io.cilium.k8s.policy.cluster, operator: In, "
	    "values: [c1, c2]}\n"));
}

/* Where the option is off, absent, or already satisfied: nothing. */
static void
test_local_silent_opt_out(void **state)
{
	struct se_fx *x = *state;

	analyze(x, "MESH-LOCAL-DEFAULT-119", CONFIG("  cluster-id: \"1\"\n"
	    "  policy-default-local-cluster: \"false\"\n"), DS("1.19.1"),
	    cnp_client, drop_flows, NULL, 0);
	se_fx_silent(x);
}

static void
test_local_silent_on_118_default(void **state)
{
	struct se_fx *x = *state;

	analyze(x, "MESH-LOCAL-DEFAULT-119", MESHED, DS("1.18.2"), cnp_client,
	    drop_flows, NULL, 0);
	se_fx_silent(x);
}

/* 1.17 has no such option, whatever the ConfigMap says. */
static void
test_local_silent_before_118(void **state)
{
	struct se_fx *x = *state;

	analyze(x, "MESH-LOCAL-DEFAULT-119", CONFIG("  cluster-id: \"1\"\n"
	    "  policy-default-local-cluster: \"true\"\n"), DS("1.17.4"),
	    cnp_client, drop_flows, NULL, 0);
	se_fx_silent(x);
}

static void
test_local_silent_with_cluster_key(void **state)
{
	struct se_fx *x = *state;

	analyze(x, "MESH-LOCAL-DEFAULT-119", MESHED, DS("1.19.1"),
	    cnp_client_keyed, drop_flows, NULL, 0);
	assert_int_equal(x->f.n, 0);
}

/* A namespace-wide peer: only drops show that remote pods were meant. */
static void
test_local_broad_selector_needs_drops(void **state)
{
	struct se_fx *x = *state;

	analyze(x, "MESH-LOCAL-DEFAULT-119", MESHED, DS("1.19.1"),
	    cnp_namespace, fwd_flows, NULL, 0);
	assert_int_equal(x->f.n, 0);
}

static void
test_local_broad_selector_with_drops(void **state)
{
	struct se_fx *x = *state;
	const struct finding *f;

	analyze(x, "MESH-LOCAL-DEFAULT-119", MESHED, DS("1.19.1"),
	    cnp_namespace, drop_flows, NULL, 0);
	f = only(x, "MESH-LOCAL-DEFAULT-119");
	assert_int_equal(f->drops, 2);
	assert_non_null(strstr(f->message, "ingress[0] fromEndpoints {} "));
}

/* A single cluster on 1.19: the filter changes nothing. */
static void
test_local_silent_single_cluster(void **state)
{
	struct se_fx *x = *state;

	analyze(x, "MESH-LOCAL-DEFAULT-119", CONFIG(""), DS("1.19.1"),
	    cnp_client, NULL, NULL, 0);
	se_fx_silent(x);
}

/* A mesh, but no version anywhere: the rule cannot decide. */
static void
test_local_not_evaluated_without_version(void **state)
{
	static const char no_ds[] = "items: []\n";
	struct se_fx *x = *state;

	analyze(x, "MESH-LOCAL-DEFAULT-119", MESHED, no_ds, cnp_client,
	    drop_flows, NULL, 0);
	se_fx_not_evaluated(x, "version is unknown");
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, se_fx_setup,	\
    se_fx_teardown)

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
		T(test_local_fires_on_119),
		T(test_local_remote_only_without_drops),
		T(test_local_fires_on_118_when_set),
		T(test_local_knp),
		T(test_local_silent_opt_out),
		T(test_local_silent_on_118_default),
		T(test_local_silent_before_118),
		T(test_local_silent_with_cluster_key),
		T(test_local_broad_selector_needs_drops),
		T(test_local_broad_selector_with_drops),
		T(test_local_silent_single_cluster),
		T(test_local_not_evaluated_without_version),
	};

	return cmocka_run_group_tests_name("check_mesh", tests,
	    sa_group_setup, sa_group_teardown);
}
