/*
 * test_model.c: the model of a small sysdump built at test time: the
 * Cilium version and config, policies normalized with their lines,
 * identities, endpoints joined across CiliumEndpoints and pods (with
 * derived, filtered labels), and cached selector matches.
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
#include "xalloc.h"

#define TS	"20250601-101500"
#define TOP	"cilium-sysdump-" TS "/"

static const char pods[] =
    "apiVersion: v1\n"
    "items:\n"
    "- metadata:\n"
    "    labels:\n"
    "      app: backend\n"
    "      pod-template-hash: 6c9d7\n"
    "    name: backend-6c9d7-abcde\n"
    "    namespace: shop\n"
    "  spec:\n"
    "    containers:\n"
    "    - name: app\n"
    "      image: shop/backend:1\n"
    "      ports:\n"
    "      - containerPort: 8080\n"
    "        name: http\n"
    "    nodeName: kind-worker\n"
    "    serviceAccountName: backend\n"
    "  status:\n"
    "    phase: Running\n"
    "    podIP: 10.244.1.17\n"
    "- metadata:\n"
    "    labels:\n"
    "      app: frontend\n"
    "    name: frontend-1\n"
    "    namespace: shop\n"
    "  spec:\n"
    "    nodeName: kind-worker\n"
    "  status:\n"
    "    phase: Running\n"
    "    podIP: 10.244.1.18\n"
    "- metadata:\n"
    "    labels:\n"
    "      k8s-app: cilium\n"
    "    name: cilium-aaaaa\n"
    "    namespace: kube-system\n"
    "  spec:\n"
    "    containers:\n"
    "    - image: quay.io/cilium/cilium:v1.16.5@sha256:abc\n"
    "      name: cilium-agent\n"
    "    hostNetwork: true\n"
    "    nodeName: kind-worker\n"
    "  status:\n"
    "    phase: Running\n"
    "kind: List\n"
    "metadata:\n"
    "  resourceVersion: \"\"\n";

static const char namespaces[] =
    "items:\n"
    "- metadata:\n"
    "    labels:\n"
    "      team: shop\n"
    "    name: shop\n"
    "- metadata:\n"
    "    name: kube-system\n";

static const char ceps[] =
    "items:\n"
    "- metadata:\n"
    "    name: frontend-1\n"
    "    namespace: shop\n"
    "  status:\n"
    "    id: 1834\n"
    "    identity:\n"
    "      id: 48213\n"
    "      labels:\n"
    "      - k8s:app=frontend\n"
    "      - k8s:io.kubernetes.pod.namespace=shop\n"
    "    networking:\n"
    "      addressing:\n"
    "      - ipv4: 10.244.1.18\n"
    "      node: kind-worker\n"
    "    policy:\n"
    "      ingress:\n"
    "        enforcing: true\n"
    "    state: ready\n";

static const char identities[] =
    "items:\n"
    "- metadata:\n"
    "    name: \"48213\"\n"
    "  security-labels:\n"
    "    k8s:app: frontend\n"
    "    k8s:io.kubernetes.pod.namespace: shop\n";

static const char cnps[] =
    "apiVersion: v2\n"
    "items:\n"
    "- metadata:\n"
    "    name: backend-ingress\n"
    "    namespace: shop\n"
    "  spec:\n"
    "    endpointSelector:\n"
    "      matchLabels:\n"
    "        app: backend\n"
    "    ingress:\n"
    "    - fromEndpoints:\n"
    "      - matchLabels:\n"
    "          app: frontnd\n";

static const char config[] =
    "apiVersion: v1\n"
    "data:\n"
    "  cluster-name: kind\n"
    "  enable-l7-proxy: \"true\"\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: cilium-config\n"
    "  namespace: kube-system\n";

static const char daemonset[] =
    "items:\n"
    "- metadata:\n"
    "    name: cilium\n"
    "  spec:\n"
    "    template:\n"
    "      spec:\n"
    "        containers:\n"
    "        - image: quay.io/cilium/cilium:v1.16.5@sha256:abc\n"
    "          name: cilium-agent\n";

static void
test_model_build(void **state)
{
	const struct sa_entry e[] = {
		{ TOP "k8s-pods-" TS ".yaml", pods, 0, SA_FILE },
		{ TOP "k8s-namespaces-" TS ".yaml", namespaces, 0, SA_FILE },
		{ TOP "ciliumendpoints-" TS ".yaml", ceps, 0, SA_FILE },
		{ TOP "ciliumidentities-" TS ".yaml", identities, 0, SA_FILE },
		{ TOP "ciliumnetworkpolicies-" TS ".yaml", cnps, 0, SA_FILE },
		{ TOP "cilium-configmap-" TS ".yaml", config, 0, SA_FILE },
		{ TOP "cilium-daemonset-" TS ".yaml", daemonset, 0, SA_FILE },
		{ TOP "k8s-version-" TS ".txt", "version.Info{Major:\"1\", "
		    "Minor:\"29\", GitVersion:\"v1.29.2\"}\n", 0, SA_FILE },
	};
	struct ingest_limits lim;
	struct model m;
	char *err = NULL, *path;
	const struct model_endpoint *be = NULL, *fe = NULL;
	const struct policy *p;
	const size_t *idx;
	size_t i, n;

	(void)state;
	path = sa_write_archive("model.zip", "zip", e, sizeof(e) / sizeof(e[0]));
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&m, path, &lim, &err), 0);
	assert_int_equal(m.problems.n, 0);
	assert_string_equal(m.cilium_version, "1.16.5");
	assert_int_equal(m.version_major, 1);
	assert_int_equal(m.version_minor, 16);
	assert_true(model_version_at_least(&m, 1, 16));
	assert_false(model_version_at_least(&m, 1, 17));
	assert_string_equal(m.k8s_version, "v1.29.2");
	assert_string_equal(m.cluster, "kind");
	assert_string_equal(model_config(&m, "enable-l7-proxy"), "true");
	/* Each key keeps its own line, for evidence. */
	assert_int_equal(m.config->ndata, 2);
	assert_string_equal(m.config->data[1].key, "enable-l7-proxy");
	assert_int_equal(m.config->data[1].line, 4);
	assert_int_equal(m.config->data[0].line, 3);
	/* The inventory rode along. */
	assert_int_equal(m.inv.nartifacts, sizeof(e) / sizeof(e[0]));
	assert_int_equal(m.inv.npods, 3);

	/* hostNetwork pods are no endpoints; the others are. */
	assert_int_equal(m.nendpoints, 2);
	for (i = 0; i < m.nendpoints; i++) {
		if (strcmp(m.endpoints[i].pod, "backend-6c9d7-abcde") == 0)
			be = &m.endpoints[i];
		if (strcmp(m.endpoints[i].pod, "frontend-1") == 0)
			fe = &m.endpoints[i];
	}
	assert_non_null(be);
	assert_non_null(fe);
	/* Joined with its CiliumEndpoint. */
	assert_int_equal(fe->id, 1834);
	assert_int_equal(fe->identity, 48213);
	assert_true(fe->sources & MSRC_CEP);
	assert_int_equal(fe->enforce_ingress, 1);
	assert_string_equal(fe->state, "ready");
	/* No CEP: labels derived as Cilium would, filtered. */
	assert_true(be->sources & MSRC_DERIVED);
	assert_string_equal(labelset_get(&be->labels, "k8s", "app"), "backend");
	assert_null(labelset_get(&be->labels, "k8s", "pod-template-hash"));
	assert_string_equal(labelset_get(&be->labels, "k8s",
	    "io.cilium.k8s.namespace.labels.team"), "shop");
	assert_string_equal(labelset_get(&be->labels, "k8s",
	    "io.cilium.k8s.policy.serviceaccount"), "backend");
	assert_string_equal(labelset_get(&be->labels, "k8s",
	    "io.cilium.k8s.policy.cluster"), "kind");

	/* Identities: the CRD plus the reserved ones. */
	assert_non_null(model_identity_find(&m, 48213));
	assert_string_equal(labelset_get(&model_identity_find(&m,
	    48213)->labels, "k8s", "app"), "frontend");
	assert_true(model_identity_find(&m, 48213)->sources & MSRC_CRD);
	assert_true(model_identity_find(&m, 48213)->sources & MSRC_CEP);
	assert_non_null(model_identity_find(&m, 1));

	/* The policy: its subject selects backend, its peer nothing. */
	assert_int_equal(m.npolicies, 1);
	p = &m.policies[0];
	assert_string_equal(p->name, "backend-ingress");
	assert_string_equal(p->src.path, TOP "ciliumnetworkpolicies-" TS
	    ".yaml");
	assert_int_equal(p->src.line, 3);
	assert_int_equal(p->rules[0].subject.line, 8);
	idx = model_selector_endpoints(&m, &p->rules[0].subject, &n);
	assert_int_equal(n, 1);
	assert_ptr_equal(&m.endpoints[idx[0]], be);
	idx = model_selector_endpoints(&m, &p->rules[0].elems[0].endpoints[0],
	    &n);
	assert_int_equal(n, 0);
	assert_int_equal(p->rules[0].elems[0].endpoints[0].line, 12);
	/* Cached: the same answer, the same array. */
	assert_ptr_equal(model_selector_endpoints(&m, &p->rules[0].subject,
	    &n), model_selector_endpoints(&m, &p->rules[0].subject, &n));
	model_free(&m);
	free(path);
}

static const struct model_endpoint *
ep_find(const struct model *m, const char *ns, const char *pod,
    const char *node, uint32_t id)
{
	size_t i;

	for (i = 0; i < m->nendpoints; i++) {
		const struct model_endpoint *e = &m->endpoints[i];

		if (pod != NULL && (e->pod == NULL || strcmp(e->pod, pod) != 0 ||
		    strcmp(e->ns, ns) != 0))
			continue;
		if (pod == NULL && (e->pod != NULL || e->id != id ||
		    e->node == NULL || strcmp(e->node, node) != 0))
			continue;
		return e;
	}
	return NULL;
}

/* The demo sysdump: the cluster facts of testdata/README.md. */
static void
test_model_demo(void **state)
{
	struct ingest_limits lim;
	struct model m;
	char *err = NULL;
	const struct model_endpoint *e;
	size_t i, agents_with_node = 0;

	(void)state;
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&m,
	    "testdata/sysdump/cilium-sysdump-20250601-101500", &lim, &err), 0);
	assert_string_equal(m.cilium_version, "1.16.5");
	assert_string_equal(m.k8s_version, "v1.29.2");
	assert_string_equal(m.cluster, "kind-kind");
	assert_int_equal(m.nnodes, 3);
	assert_int_equal(m.nnamespaces, 7);
	assert_int_equal(m.npolicies, 7);
	assert_int_equal(m.nflow_files, 3);
	/* Identities seen in flows say so. */
	assert_true(model_identity_find(&m, 50541)->sources & MSRC_FLOW);
	/* Helm values, by dotted path. */
	assert_non_null(model_helm_value(&m, "hubble"));
	assert_null(model_helm_value(&m, "no.such.key"));
	assert_int_equal(m.nagents, 2);
	for (i = 0; i < m.nagents; i++) {
		agents_with_node += m.agents[i].node != NULL;
		assert_string_equal(m.agents[i].version, "1.16.5");
		/* Every output the layout doc lists, cilium-dbg era. */
		assert_non_null(m.agents[i].debuginfo);
		assert_non_null(m.agents[i].status);
		assert_non_null(m.agents[i].endpoints);
		assert_non_null(m.agents[i].identities);
		assert_non_null(m.agents[i].bpf_policy);
		assert_non_null(m.agents[i].ipcache);
		assert_non_null(m.agents[i].ip_list);
		assert_non_null(m.agents[i].lb);
		assert_non_null(m.agents[i].services);
		assert_non_null(m.agents[i].metrics);
		assert_non_null(m.agents[i].uname);
		assert_non_null(m.agents[i].bpftool_net);
		assert_non_null(m.agents[i].rules);
		assert_non_null(m.agents[i].selectors);
		assert_non_null(m.agents[i].health);
		assert_true(m.agents[i].bpf_policy->nentries > 0);
		assert_true(m.agents[i].ipcache->nentries > 0);
		assert_true(m.agents[i].services->nservices > 0);
		assert_true(m.agents[i].metrics->nsamples > 0);
		assert_true(m.agents[i].rules->nrules > 0);
		assert_string_equal(m.agents[i].kernel,
		    m.agents[i].uname->uname.release);
	}
	assert_int_equal(agents_with_node, 2);
	/* One endpoint, many sources: CEP, pod, endpoint list, debuginfo. */
	e = ep_find(&m, "shop", "backend-5b6d7c8f9-tx8vw", NULL, 0);
	assert_non_null(e);
	assert_int_equal(e->id, 1931);
	assert_int_equal(e->identity, 50541);
	assert_string_equal(e->node, "kind-worker");
	assert_string_equal(e->ipv4, "10.244.1.87");
	assert_int_equal(e->enforce_ingress, ENFORCE_ENABLED);
	assert_int_equal(e->sources, MSRC_POD | MSRC_CEP | MSRC_BUGTOOL |
	    MSRC_DEBUGINFO);
	/* On the node without a bugtool, only the CEP and the pod. */
	e = ep_find(&m, "shop", "db-6f7d8c9b5-kp5ns", NULL, 0);
	assert_int_equal(e->sources, MSRC_POD | MSRC_CEP);
	assert_int_equal(e->identity, 13370);
	/* Host and health endpoints exist only in the agents' lists. */
	e = ep_find(&m, NULL, NULL, "kind-worker", 3652);
	assert_non_null(e);
	assert_int_equal(e->identity, 1);
	e = ep_find(&m, NULL, NULL, "kind-control-plane", 311);
	assert_non_null(e);
	assert_int_equal(e->identity, 4);
	/* The CIDR identity the db policy created, from the agents. */
	assert_non_null(model_identity_find(&m, 16777217));
	assert_true(model_identity_find(&m, 16777217)->sources & MSRC_BUGTOOL);
	/* Drops are in the flows; the crash is in the previous log. */
	for (i = 0; i < m.nlog_events; i++)
		if (m.log_events[i].level == LOG_LEVEL_FATAL)
			break;
	assert_true(i < m.nlog_events);
	assert_true(m.log_events[i].previous);
	assert_string_equal(m.log_events[i].node, "kind-worker2");
	model_free(&m);
}

/* A lone 1.13 bugtool: cilium- names, no Kubernetes objects at all. */
static void
test_model_lone_bugtool(void **state)
{
	struct ingest_limits lim;
	struct model m;
	char *err = NULL;
	const struct model_endpoint *e;

	(void)state;
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&m, "testdata/bugtool-1.13/"
	    "cilium-bugtool-20211224-072047.092+0000-UTC-123", &lim, &err), 0);
	assert_true(m.inv.is_bugtool);
	assert_int_equal(m.nagents, 1);
	assert_string_equal(m.agents[0].node, "k8s1");
	assert_non_null(m.cilium_version);
	assert_int_equal(m.version_major, 1);
	assert_int_equal(m.version_minor, 13);
	assert_int_equal(m.nendpoints, 5);
	/* The cilium- era outputs of that bugtool. */
	assert_non_null(m.agents[0].status);
	assert_non_null(m.agents[0].endpoints);
	assert_non_null(m.agents[0].identities);
	assert_non_null(m.agents[0].bpf_policy);
	assert_true(m.agents[0].bpf_policy->nentries > 0);
	assert_non_null(m.agents[0].ipcache);
	assert_true(m.agents[0].ipcache->nentries > 0);
	assert_non_null(m.agents[0].rules);
	assert_non_null(m.agents[0].debuginfo);
	assert_string_equal(m.agents[0].kernel, "5.4.0-91-generic");
	/* The text list and the debuginfo name the host endpoint once. */
	e = ep_find(&m, NULL, NULL, "k8s1", 471);
	assert_non_null(e);
	assert_int_equal(e->sources, MSRC_BUGTOOL | MSRC_DEBUGINFO);
	e = ep_find(&m, "default", "web-7d8c9b6c4-x2zkl", NULL, 0);
	assert_non_null(e);
	assert_int_equal(e->enforce_ingress, ENFORCE_ENABLED);
	model_free(&m);
}

static void
test_model_unreadable(void **state)
{
	struct ingest_limits lim;
	struct model m;
	char *err = NULL;

	(void)state;
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&m, "/nonexistent/x.zip", &lim, &err), -1);
	assert_non_null(err);
	free(err);
	model_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_build),
		cmocka_unit_test(test_model_demo),
		cmocka_unit_test(test_model_lone_bugtool),
		cmocka_unit_test(test_model_unreadable),
	};

	return cmocka_run_group_tests_name("model", tests, sa_group_setup,
	    sa_group_teardown);
}
