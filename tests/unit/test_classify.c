/*
 * test_classify.c: unit tests for classify.c.
 *
 * Mostly tables: one row per file pattern of sysdump-layout.md sections 1.3
 * (with its history notes) and 2.5, each asserting the kind and everything
 * the name says about ownership (pod, container, timestamp) plus the flags.
 * Bugtool cmd/ rows are run under every way a bugtool tree can appear in a
 * path: extracted in a sysdump, a nested archive walked by ingest, a lone
 * bugtool archive, one with --archive-prefix, and a bare cmd/ directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "xalloc.h"

#define TS	"20250601-101500"
#define SD	"cilium-sysdump-" TS "/"

/* Expected flags. */
#define F_PREV	1u
#define F_JSON	2u
#define F_DBG	4u

/* Expected command: the member's last path component. */
#define SAME	((const char *)1)

struct tcase {
	const char		*path;
	enum artifact_kind	 kind;
	const char		*pod;
	const char		*ctr;
	const char		*ts;
	unsigned		 flags;
	const char		*command;	/* NULL, SAME or a string */
};

static bool
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static const char *
show(const char *s)
{
	return s != NULL ? s : "(null)";
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

/*
 * Classify t->path and compare every field; print the whole case on a
 * mismatch so a table failure names its row.
 */
static void
check_case(const struct tcase *t, const struct classify_hints *h)
{
	struct classification c;
	const char *want_cmd = t->command == SAME ? base_name(t->path) :
	    t->command;
	unsigned flags;

	classify_member(t->path, NULL, 0, h, &c);
	flags = (c.previous ? F_PREV : 0) | (c.json ? F_JSON : 0) |
	    (c.dbg_binary ? F_DBG : 0);
	if (c.kind != t->kind || !str_eq(c.pod, t->pod) ||
	    !str_eq(c.container, t->ctr) || !str_eq(c.timestamp, t->ts) ||
	    flags != t->flags || !str_eq(c.command, want_cmd) ||
	    c.rule == NULL) {
		print_error("path %s\n"
		    "  kind   want %s got %s (rule %s)\n"
		    "  pod    want %s got %s\n"
		    "  ctr    want %s got %s\n"
		    "  ts     want %s got %s\n"
		    "  flags  want %u got %u\n"
		    "  cmd    want %s got %s\n",
		    t->path, artifact_kind_name(t->kind),
		    artifact_kind_name(c.kind), show(c.rule), show(t->pod),
		    show(c.pod), show(t->ctr), show(c.container), show(t->ts),
		    show(c.timestamp), t->flags, flags, show(want_cmd),
		    show(c.command));
		classification_release(&c);
		fail();
	}
	classification_release(&c);
}

static void
check_table(const struct tcase *tab, size_t n, const struct classify_hints *h)
{
	size_t i;

	for (i = 0; i < n; i++)
		check_case(&tab[i], h);
}

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* Section 1.3: cluster-scoped files */

static const struct tcase cluster_cases[] = {
	{ SD "cilium-sysdump.log", ART_SYSDUMP_LOG, NULL, NULL, NULL, 0, NULL },
	{ SD "k8s-nodes-" TS ".yaml", ART_K8S_NODES, NULL, NULL, TS, 0, NULL },
	{ SD "k8s-version-" TS ".txt", ART_K8S_VERSION, NULL, NULL, TS, 0, NULL },
	{ SD "k8s-events-" TS ".yaml", ART_K8S_EVENTS, NULL, NULL, TS, 0, NULL },
	{ SD "k8s-events-" TS ".html", ART_K8S_EVENTS_HTML, NULL, NULL, TS, 0, NULL },
	{ SD "k8s-namespaces-" TS ".yaml", ART_K8S_NAMESPACES, NULL, NULL, TS, 0, NULL },
	{ SD "k8s-pods-" TS ".yaml", ART_K8S_PODS, NULL, NULL, TS, 0, NULL },
	{ SD "k8s-pods-" TS ".txt", ART_K8S_PODS_TABLE, NULL, NULL, TS, 0, NULL },
	{ SD "k8s-services-" TS ".yaml", ART_K8S_SERVICES, NULL, NULL, TS, 0, NULL },
	{ SD "k8s-networkpolicies-" TS ".yaml", ART_K8S_NETWORK_POLICIES, NULL, NULL, TS, 0, NULL },
	{ SD "k8s-endpoints-" TS ".yaml", ART_K8S_ENDPOINTS, NULL, NULL, TS, 0, NULL },
	{ SD "k8s-endpointslices-" TS ".yaml", ART_K8S_ENDPOINTSLICES, NULL, NULL, TS, 0, NULL },
	{ SD "k8s-leases-" TS ".yaml", ART_K8S_LEASES, NULL, NULL, TS, 0, NULL },
	{ SD "k8s-metrics-" TS ".yaml", ART_K8S_APISERVER_METRICS, NULL, NULL, TS, 0, NULL },
	{ SD "k8s-node-memory-cpu-usage-" TS ".txt", ART_K8S_RESOURCE_USAGE, NULL, NULL, TS, 0, NULL },
	{ SD "k8s-pod-memory-cpu-usage-" TS ".txt", ART_K8S_RESOURCE_USAGE, NULL, NULL, TS, 0, NULL },
	{ SD "cilium-configmap-" TS ".yaml", ART_CILIUM_CONFIGMAP, NULL, NULL, TS, 0, NULL },
	{ SD "cilium-config-configmap-" TS ".yaml", ART_CILIUM_CONFIGMAP, NULL, NULL, TS, 0, NULL },
	{ SD "cilium-daemonset-" TS ".yaml", ART_CILIUM_DAEMONSET, NULL, NULL, TS, 0, NULL },
	{ SD "cilium-operator-deployment-" TS ".yaml", ART_CILIUM_OPERATOR_DEPLOYMENT, NULL, NULL, TS, 0, NULL },
	{ SD "cilium-envoy-configmap-" TS ".yaml", ART_CILIUM_ENVOY_CONFIGMAP, NULL, NULL, TS, 0, NULL },
	{ SD "cilium-envoy-daemonset-" TS ".yaml", ART_CILIUM_ENVOY_DAEMONSET, NULL, NULL, TS, 0, NULL },
	{ SD "cilium-node-init-daemonset-" TS ".yaml", ART_CILIUM_NODE_INIT_DAEMONSET, NULL, NULL, TS, 0, NULL },
	{ SD "cni-configmap-" TS ".yaml", ART_CNI_CONFIGMAP, NULL, NULL, TS, 0, NULL },
	{ SD "cilium-etcd-secrets-secret-" TS ".yaml", ART_CILIUM_ETCD_SECRET, NULL, NULL, TS, 0, NULL },
	{ SD "cilium-helm-values-" TS ".yaml", ART_CILIUM_HELM_VALUES, NULL, NULL, TS, 0, NULL },
	{ SD "cilium-helm-metadata-" TS ".yaml", ART_CILIUM_HELM_METADATA, NULL, NULL, TS, 0, NULL },
	{ SD "tetragon-helm-values-" TS ".yaml", ART_TETRAGON_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "tetragon-helm-metadata-" TS ".yaml", ART_TETRAGON_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumnetworkpolicies-" TS ".yaml", ART_CILIUM_NETWORK_POLICIES, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumclusterwidenetworkpolicies-" TS ".yaml", ART_CILIUM_CLUSTERWIDE_NETWORK_POLICIES, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumendpoints-" TS ".yaml", ART_CILIUM_ENDPOINTS, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumendpointslices-" TS ".yaml", ART_CILIUM_ENDPOINT_SLICES, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumidentities-" TS ".yaml", ART_CILIUM_IDENTITIES, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumnodes-" TS ".yaml", ART_CILIUM_NODES, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumnodeconfigs-" TS ".yaml", ART_CILIUM_NODE_CONFIGS, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumegressgatewaypolicies-" TS ".yaml", ART_CILIUM_EGRESS_GATEWAY_POLICIES, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumegressnatpolicies-" TS ".yaml", ART_CILIUM_EGRESS_NAT_POLICIES, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumcidrgroups-" TS ".yaml", ART_CILIUM_CIDR_GROUPS, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumlocalredirectpolicies-" TS ".yaml", ART_CILIUM_LOCAL_REDIRECT_POLICIES, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumpodippools-" TS ".yaml", ART_CILIUM_POD_IP_POOLS, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumloadbalancerippools-" TS ".yaml", ART_CILIUM_LB_IP_POOLS, NULL, NULL, TS, 0, NULL },
	{ SD "ciliuml2announcementpolicies-" TS ".yaml", ART_CILIUM_L2_ANNOUNCEMENT_POLICIES, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumingresses-" TS ".yaml", ART_K8S_INGRESSES, NULL, NULL, TS, 0, NULL },
	{ SD "ingressclasses-" TS ".yaml", ART_K8S_INGRESS_CLASSES, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumbgppeeringpolicies-" TS ".yaml", ART_CILIUM_BGP, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumbgpclusterconfigs-" TS ".yaml", ART_CILIUM_BGP, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumbgppeerconfigs-" TS ".yaml", ART_CILIUM_BGP, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumbgpadvertisements-" TS ".yaml", ART_CILIUM_BGP, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumbgpnodeconfigs-" TS ".yaml", ART_CILIUM_BGP, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumbgpnodeconfigoverrides-" TS ".yaml", ART_CILIUM_BGP, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumenvoyconfigs-" TS ".yaml", ART_CILIUM_ENVOY_CONFIGS, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumclusterwideenvoyconfigs-" TS ".yaml", ART_CILIUM_ENVOY_CONFIGS, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumexternalworkload-" TS ".yaml", ART_CILIUM_EXTERNAL_WORKLOADS, NULL, NULL, TS, 0, NULL },
	{ SD "ciliumgatewayclassconfigs-" TS ".yaml", ART_CILIUM_GATEWAY_CLASS_CONFIGS, NULL, NULL, TS, 0, NULL },
	{ SD "gatewayapi-gatewayclasses-" TS ".yaml", ART_GATEWAY_API, NULL, NULL, TS, 0, NULL },
	{ SD "gatewayapi-gateways-" TS ".yaml", ART_GATEWAY_API, NULL, NULL, TS, 0, NULL },
	{ SD "gatewayapi-listenersets-" TS ".yaml", ART_GATEWAY_API, NULL, NULL, TS, 0, NULL },
	{ SD "gatewayapi-httproutes-" TS ".yaml", ART_GATEWAY_API, NULL, NULL, TS, 0, NULL },
	{ SD "gatewayapi-tlsroutes-" TS ".yaml", ART_GATEWAY_API, NULL, NULL, TS, 0, NULL },
	{ SD "gatewayapi-grpcroutes-" TS ".yaml", ART_GATEWAY_API, NULL, NULL, TS, 0, NULL },
	{ SD "gatewayapi-tcroutes-" TS ".yaml", ART_GATEWAY_API, NULL, NULL, TS, 0, NULL },
	{ SD "gatewayapi-udproutes-" TS ".yaml", ART_GATEWAY_API, NULL, NULL, TS, 0, NULL },
	{ SD "gatewayapi-backendtlspolicies-" TS ".yaml", ART_GATEWAY_API, NULL, NULL, TS, 0, NULL },
	{ SD "gatewayapi-referencegrants-" TS ".yaml", ART_GATEWAY_API, NULL, NULL, TS, 0, NULL },
	/* a future Gateway API resource still groups */
	{ SD "gatewayapi-xroutes-" TS ".yaml", ART_GATEWAY_API, NULL, NULL, TS, 0, NULL },
	{ SD "hubble-relay-configmap-" TS ".yaml", ART_HUBBLE_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "hubble-relay-deployment-" TS ".yaml", ART_HUBBLE_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "hubble-ui-deployment-" TS ".yaml", ART_HUBBLE_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "hubble-daemonset-" TS ".yaml", ART_HUBBLE_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "hubble-generate-certs-cronjob-" TS ".yaml", ART_HUBBLE_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "hubble-certificates-" TS ".yaml", ART_HUBBLE_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "clustermesh-certificates-" TS ".yaml", ART_CLUSTERMESH_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "clustermesh-apiserver-deployment-" TS ".yaml", ART_CLUSTERMESH_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "clustermesh-generate-certs-cronjob-" TS ".yaml", ART_CLUSTERMESH_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "cilium-spire-agent-daemonset-" TS ".yaml", ART_SPIRE_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "cilium-spire-agent-configmap-" TS ".yaml", ART_SPIRE_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "cilium-spire-server-statefulset-" TS ".yaml", ART_SPIRE_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "cilium-spire-server-configmap-" TS ".yaml", ART_SPIRE_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "aws-node-daemonset-" TS ".yaml", ART_CLOUD_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "aws-securitygrouppolicies-" TS ".yaml", ART_CLOUD_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "aws-eniconfigs-" TS ".yaml", ART_CLOUD_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "gke-cilium-hubble-config-" TS ".yaml", ART_CLOUD_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "gke-cilium-override-config-" TS ".yaml", ART_CLOUD_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "kvstore-identities.json", ART_KVSTORE_DUMP, NULL, NULL, NULL, F_JSON, NULL },
	{ SD "kvstore-ips.json", ART_KVSTORE_DUMP, NULL, NULL, NULL, F_JSON, NULL },
	{ SD "kvstore-nodes.json", ART_KVSTORE_DUMP, NULL, NULL, NULL, F_JSON, NULL },
	{ SD "kvstore-cnpstatuses.json", ART_KVSTORE_DUMP, NULL, NULL, NULL, F_JSON, NULL },
	{ SD "kvstore-heartbeat.json", ART_KVSTORE_DUMP, NULL, NULL, NULL, F_JSON, NULL },
	{ SD "kvstore-services.json", ART_KVSTORE_DUMP, NULL, NULL, NULL, F_JSON, NULL },
	{ SD "tetragonpodinfo-" TS ".yaml", ART_TETRAGON_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "tetragontracingpolicy-" TS ".yaml", ART_TETRAGON_OBJECTS, NULL, NULL, TS, 0, NULL },
	{ SD "tetragontracingpolicynamespaced-" TS ".yaml", ART_TETRAGON_OBJECTS, NULL, NULL, TS, 0, NULL },
	/* the top-level directory is optional */
	{ "k8s-pods-" TS ".yaml", ART_K8S_PODS, NULL, NULL, TS, 0, NULL },
	{ "some/where/else/ciliumnodes-19991231-235959.yaml", ART_CILIUM_NODES, NULL, NULL, "19991231-235959", 0, NULL },
};

static void
test_cluster_files(void **state)
{
	(void)state;
	check_table(cluster_cases, NELEM(cluster_cases), NULL);
}

/* ------------------------------------------------------------------ */
/* Section 1.3: per-pod files, without hints */

static const struct tcase pod_cases[] = {
	/* logs: kind by container */
	{ SD "logs-cilium-x7k2p-cilium-agent-" TS ".log", ART_AGENT_LOG, "cilium-x7k2p", "cilium-agent", TS, 0, NULL },
	{ SD "logs-cilium-x7k2p-cilium-agent-" TS "-prev.log", ART_AGENT_LOG, "cilium-x7k2p", "cilium-agent", TS, F_PREV, NULL },
	{ SD "logs-cilium-x7k2p-config-" TS ".log", ART_CONTAINER_LOG, "cilium-x7k2p", "config", TS, 0, NULL },
	{ SD "logs-cilium-x7k2p-mount-cgroup-" TS ".log", ART_CONTAINER_LOG, "cilium-x7k2p", "mount-cgroup", TS, 0, NULL },
	{ SD "logs-cilium-x7k2p-apply-sysctl-overwrites-" TS ".log", ART_CONTAINER_LOG, "cilium-x7k2p", "apply-sysctl-overwrites", TS, 0, NULL },
	{ SD "logs-cilium-x7k2p-mount-bpf-fs-" TS ".log", ART_CONTAINER_LOG, "cilium-x7k2p", "mount-bpf-fs", TS, 0, NULL },
	{ SD "logs-cilium-x7k2p-clean-cilium-state-" TS ".log", ART_CONTAINER_LOG, "cilium-x7k2p", "clean-cilium-state", TS, 0, NULL },
	{ SD "logs-cilium-x7k2p-install-cni-binaries-" TS ".log", ART_CONTAINER_LOG, "cilium-x7k2p", "install-cni-binaries", TS, 0, NULL },
	{ SD "logs-cilium-x7k2p-install-cni-binaries-" TS "-prev.log", ART_CONTAINER_LOG, "cilium-x7k2p", "install-cni-binaries", TS, F_PREV, NULL },
	{ SD "logs-cilium-operator-6d8c9f7b5-q2w4e-cilium-operator-" TS ".log", ART_OPERATOR_LOG, "cilium-operator-6d8c9f7b5-q2w4e", "cilium-operator", TS, 0, NULL },
	{ SD "logs-cilium-operator-6d8c9f7b5-q2w4e-cilium-operator-" TS "-prev.log", ART_OPERATOR_LOG, "cilium-operator-6d8c9f7b5-q2w4e", "cilium-operator", TS, F_PREV, NULL },
	{ SD "logs-cilium-envoy-b9x2z-cilium-envoy-" TS ".log", ART_ENVOY_LOG, "cilium-envoy-b9x2z", "cilium-envoy", TS, 0, NULL },
	{ SD "logs-hubble-relay-7d9c-abcde-hubble-relay-" TS ".log", ART_HUBBLE_LOG, "hubble-relay-7d9c-abcde", "hubble-relay", TS, 0, NULL },
	{ SD "logs-hubble-ui-5f6d-xyz12-frontend-" TS ".log", ART_HUBBLE_LOG, "hubble-ui-5f6d-xyz12", "frontend", TS, 0, NULL },
	{ SD "logs-hubble-ui-5f6d-xyz12-backend-" TS ".log", ART_HUBBLE_LOG, "hubble-ui-5f6d-xyz12", "backend", TS, 0, NULL },
	{ SD "logs-clustermesh-apiserver-5c7d-k9k9k-apiserver-" TS ".log", ART_CLUSTERMESH_LOG, "clustermesh-apiserver-5c7d-k9k9k", "apiserver", TS, 0, NULL },
	{ SD "logs-clustermesh-apiserver-5c7d-k9k9k-etcd-" TS ".log", ART_CLUSTERMESH_LOG, "clustermesh-apiserver-5c7d-k9k9k", "etcd", TS, 0, NULL },
	{ SD "logs-clustermesh-apiserver-5c7d-k9k9k-etcd-init-" TS ".log", ART_CONTAINER_LOG, "clustermesh-apiserver-5c7d-k9k9k", "etcd-init", TS, 0, NULL },
	{ SD "logs-clustermesh-apiserver-5c7d-k9k9k-kvstoremesh-" TS ".log", ART_CLUSTERMESH_LOG, "clustermesh-apiserver-5c7d-k9k9k", "kvstoremesh", TS, 0, NULL },
	{ SD "logs-clustermesh-apiserver-5c7d-k9k9k-clustermesh-apiserver-" TS ".log", ART_CLUSTERMESH_LOG, "clustermesh-apiserver-5c7d-k9k9k", "clustermesh-apiserver", TS, 0, NULL },
	{ SD "logs-clustermesh-apiserver-generate-certs-28g7h-certgen-" TS ".log", ART_CONTAINER_LOG, "clustermesh-apiserver-generate-certs-28g7h", "certgen", TS, 0, NULL },
	{ SD "logs-cilium-node-init-n8n8n-node-init-" TS ".log", ART_CONTAINER_LOG, "cilium-node-init-n8n8n", "node-init", TS, 0, NULL },
	{ SD "logs-spire-server-0-spire-server-" TS ".log", ART_CONTAINER_LOG, "spire-server-0", "spire-server", TS, 0, NULL },
	{ SD "logs-spire-agent-p0p0p-spire-agent-" TS ".log", ART_CONTAINER_LOG, "spire-agent-p0p0p", "spire-agent", TS, 0, NULL },
	{ SD "logs-tetragon-t5t5t-export-stdout-" TS ".log", ART_CONTAINER_LOG, "tetragon-t5t5t", "export-stdout", TS, 0, NULL },
	{ SD "logs-tetragon-t5t5t-tetragon-" TS ".log", ART_CONTAINER_LOG, "tetragon-t5t5t", "tetragon", TS, 0, NULL },
	/* unknown container: the last "-" segment */
	{ SD "logs-echo-same-node-6c98-abcde-echo-" TS ".log", ART_CONTAINER_LOG, "echo-same-node-6c98-abcde", "echo", TS, 0, NULL },
	/* gops */
	{ SD "gops-cilium-x7k2p-cilium-agent-" TS "-memstats.txt", ART_GOPS, "cilium-x7k2p", "cilium-agent", TS, 0, NULL },
	{ SD "gops-cilium-x7k2p-cilium-agent-" TS "-stack.txt", ART_GOPS, "cilium-x7k2p", "cilium-agent", TS, 0, NULL },
	{ SD "gops-cilium-x7k2p-cilium-agent-" TS "-stats.txt", ART_GOPS, "cilium-x7k2p", "cilium-agent", TS, 0, NULL },
	{ SD "gops-hubble-relay-7d9c-abcde-hubble-relay-" TS "-stats.txt", ART_GOPS, "hubble-relay-7d9c-abcde", "hubble-relay", TS, 0, NULL },
	/* profiles: agent (no container), streamed (with container), trace */
	{ SD "cilium-x7k2p-pprof-heap-" TS ".pprof", ART_PROFILE, "cilium-x7k2p", NULL, TS, 0, NULL },
	{ SD "cilium-x7k2p-pprof-cpu-" TS ".pprof", ART_PROFILE, "cilium-x7k2p", NULL, TS, 0, NULL },
	{ SD "cilium-operator-6d8c9f7b5-q2w4e-cilium-operator-pprof-heap-" TS ".pprof", ART_PROFILE, "cilium-operator-6d8c9f7b5-q2w4e", "cilium-operator", TS, 0, NULL },
	{ SD "clustermesh-apiserver-5c7d-k9k9k-apiserver-pprof-cpu-" TS ".pprof", ART_PROFILE, "clustermesh-apiserver-5c7d-k9k9k", "apiserver", TS, 0, NULL },
	{ SD "cilium-x7k2p-trace-" TS ".trace", ART_PROFILE, "cilium-x7k2p", NULL, TS, 0, NULL },
	/* metrics: since May 2024 */
	{ SD "metrics-cilium-operator-6d8c9f7b5-q2w4e-cilium-operator-" TS ".txt", ART_COMPONENT_METRICS, "cilium-operator-6d8c9f7b5-q2w4e", "cilium-operator", TS, 0, NULL },
	{ SD "metrics-clustermesh-apiserver-5c7d-k9k9k-apiserver-" TS ".txt", ART_COMPONENT_METRICS, "clustermesh-apiserver-5c7d-k9k9k", "apiserver", TS, 0, NULL },
	{ SD "metrics-clustermesh-apiserver-5c7d-k9k9k-kvstoremesh-" TS ".txt", ART_COMPONENT_METRICS, "clustermesh-apiserver-5c7d-k9k9k", "kvstoremesh", TS, 0, NULL },
	{ SD "metrics-clustermesh-apiserver-5c7d-k9k9k-etcd-" TS ".txt", ART_COMPONENT_METRICS, "clustermesh-apiserver-5c7d-k9k9k", "etcd", TS, 0, NULL },
	/* metrics: Aug 2023 - Apr 2024 names */
	{ SD "cilium-operator-pod-cilium-operator-6d8c9f7b5-q2w4e-metrics-" TS ".yaml", ART_COMPONENT_METRICS, "cilium-operator-6d8c9f7b5-q2w4e", "cilium-operator", TS, 0, NULL },
	{ SD "clustermesh-apiserver-clustermesh-apiserver-5c7d-k9k9k-metrics-" TS ".yaml", ART_COMPONENT_METRICS, "clustermesh-apiserver-5c7d-k9k9k", "apiserver", TS, 0, NULL },
	{ SD "clustermesh-kvstoremesh-clustermesh-apiserver-5c7d-k9k9k-metrics-" TS ".yaml", ART_COMPONENT_METRICS, "clustermesh-apiserver-5c7d-k9k9k", "kvstoremesh", TS, 0, NULL },
	{ SD "cilium-clustermesh-etcd-clustermesh-apiserver-5c7d-k9k9k-metrics-" TS ".yaml", ART_COMPONENT_METRICS, "clustermesh-apiserver-5c7d-k9k9k", "etcd", TS, 0, NULL },
	/* operator and clustermesh debug commands */
	{ SD "cilium-operator-6d8c9f7b5-q2w4e-cilium-operator-statedb-dump-" TS ".json", ART_COMPONENT_DEBUG, "cilium-operator-6d8c9f7b5-q2w4e", "cilium-operator", TS, F_JSON, NULL },
	{ SD "cilium-operator-6d8c9f7b5-q2w4e-cilium-operator-status-clustermesh-" TS ".txt", ART_COMPONENT_DEBUG, "cilium-operator-6d8c9f7b5-q2w4e", "cilium-operator", TS, 0, NULL },
	{ SD "cilium-operator-6d8c9f7b5-q2w4e-cilium-operator-troubleshoot-kvstore-" TS ".txt", ART_COMPONENT_DEBUG, "cilium-operator-6d8c9f7b5-q2w4e", "cilium-operator", TS, 0, NULL },
	{ SD "cilium-operator-6d8c9f7b5-q2w4e-cilium-operator-troubleshoot-clustermesh-" TS ".txt", ART_COMPONENT_DEBUG, "cilium-operator-6d8c9f7b5-q2w4e", "cilium-operator", TS, 0, NULL },
	{ SD "clustermesh-apiserver-5c7d-k9k9k-apiserver-version-" TS ".txt", ART_COMPONENT_DEBUG, "clustermesh-apiserver-5c7d-k9k9k", "apiserver", TS, 0, NULL },
	{ SD "clustermesh-apiserver-5c7d-k9k9k-apiserver-troubleshoot-" TS ".txt", ART_COMPONENT_DEBUG, "clustermesh-apiserver-5c7d-k9k9k", "apiserver", TS, 0, NULL },
	{ SD "clustermesh-apiserver-5c7d-k9k9k-kvstoremesh-version-" TS ".txt", ART_COMPONENT_DEBUG, "clustermesh-apiserver-5c7d-k9k9k", "kvstoremesh", TS, 0, NULL },
	{ SD "clustermesh-apiserver-5c7d-k9k9k-kvstoremesh-status-" TS ".txt", ART_COMPONENT_DEBUG, "clustermesh-apiserver-5c7d-k9k9k", "kvstoremesh", TS, 0, NULL },
	{ SD "clustermesh-apiserver-5c7d-k9k9k-kvstoremesh-status-" TS ".json", ART_COMPONENT_DEBUG, "clustermesh-apiserver-5c7d-k9k9k", "kvstoremesh", TS, F_JSON, NULL },
	{ SD "clustermesh-apiserver-5c7d-k9k9k-kvstoremesh-troubleshoot-" TS ".txt", ART_COMPONENT_DEBUG, "clustermesh-apiserver-5c7d-k9k9k", "kvstoremesh", TS, 0, NULL },
	{ SD "clustermesh-apiserver-5c7d-k9k9k-kvstoremesh-statedb-dump-" TS ".json", ART_COMPONENT_DEBUG, "clustermesh-apiserver-5c7d-k9k9k", "kvstoremesh", TS, F_JSON, NULL },
	{ SD "clustermesh-apiserver-5c7d-k9k9k-kvstoremesh-kvstore-list-" TS ".txt", ART_COMPONENT_DEBUG, "clustermesh-apiserver-5c7d-k9k9k", "kvstoremesh", TS, 0, NULL },
	/* agent extras: the CNI file name comes first */
	{ SD "cniconf-05-cilium.conflist-cilium-x7k2p-" TS ".txt", ART_CNI_CONFIG, "cilium-x7k2p", NULL, TS, 0, NULL },
	{ SD "cniconf-10-aws.conf-cilium-x7k2p-" TS ".txt", ART_CNI_CONFIG, "cilium-x7k2p", NULL, TS, 0, NULL },
	{ SD "hubble-flows-cilium-x7k2p-" TS ".json", ART_HUBBLE_FLOWS, "cilium-x7k2p", NULL, TS, F_JSON, NULL },
	{ SD "hubble-observe-cilium-x7k2p-" TS ".log", ART_HUBBLE_OBSERVE_LOG, "cilium-x7k2p", NULL, TS, 0, NULL },
	{ SD "cilium-spire-server-entries-spire-server-0-" TS ".json", ART_SPIRE_ENTRIES, "spire-server-0", NULL, TS, F_JSON, NULL },
	/* bugtool archives left behind, .tar.gz since Dec 2021, .tar before */
	{ SD "cilium-bugtool-cilium-x7k2p-" TS ".tar.gz", ART_BUGTOOL_ARCHIVE, "cilium-x7k2p", NULL, TS, 0, NULL },
	{ SD "cilium-bugtool-cilium-x7k2p-" TS ".tar", ART_BUGTOOL_ARCHIVE, "cilium-x7k2p", NULL, TS, 0, NULL },
	{ SD "cilium-bugtool-cilium-x7k2p-" TS ".tgz", ART_BUGTOOL_ARCHIVE, "cilium-x7k2p", NULL, TS, 0, NULL },
	/* a standalone bugtool archive as a member: no pod */
	{ "uploads/cilium-bugtool-20211224-072047.092+0000-UTC-123.tar", ART_BUGTOOL_ARCHIVE, NULL, NULL, "20211224-072047", 0, NULL },
	{ "cilium-bugtool-20211224-072047.092+0000-UTC-123.tar.gz", ART_BUGTOOL_ARCHIVE, NULL, NULL, "20211224-072047", 0, NULL },
	/* Tetragon */
	{ SD "tetragon-bugtool-tetragon-t5t5t-" TS ".tar.gz", ART_TETRAGON_BUGTOOL, "tetragon-t5t5t", NULL, TS, 0, NULL },
};

static void
test_pod_files(void **state)
{
	(void)state;
	check_table(pod_cases, NELEM(pod_cases), NULL);
}

static void
test_tetragon_bugtool_tree(void **state)
{
	struct classification c;

	(void)state;
	classify_member(SD "tetragon-bugtool-tetragon-t5t5t-" TS "/tetragon-bugtool.tar.gz/dump.json",
	    NULL, 0, NULL, &c);
	assert_int_equal(c.kind, ART_TETRAGON_BUGTOOL);
	assert_string_equal(c.pod, "tetragon-t5t5t");
	assert_string_equal(c.timestamp, TS);
	assert_string_equal(c.bugtool, "tetragon-bugtool-tetragon-t5t5t-" TS);
	assert_true(c.json);
	assert_false(artifact_kind_is_bugtool(c.kind));
	classification_release(&c);
}

/* ------------------------------------------------------------------ */
/* Pod and container split with hints */

static const char *const hint_pods[] = {
	/* sorted by strcmp */
	"cilium-operator-6d8c9f7b5-q2w4e",
	"cilium-x7k2p",
	"foo-clustermesh",
	"my-cilium-agent",
	"web-config",
	"web-config-7f9c-abcde",
};

static const struct classify_hints hints = { hint_pods, NELEM(hint_pods) };

static const struct tcase hinted_cases[] = {
	/* a pod whose name ends in a known container name */
	{ SD "logs-my-cilium-agent-cilium-agent-" TS ".log", ART_AGENT_LOG, "my-cilium-agent", "cilium-agent", TS, 0, NULL },
	{ SD "logs-my-cilium-agent-sidecar-" TS ".log", ART_CONTAINER_LOG, "my-cilium-agent", "sidecar", TS, 0, NULL },
	/* without hints this one would split as foo / clustermesh-apiserver */
	{ SD "logs-foo-clustermesh-apiserver-" TS ".log", ART_CLUSTERMESH_LOG, "foo-clustermesh", "apiserver", TS, 0, NULL },
	/* the longest hinted pod wins */
	{ SD "logs-web-config-7f9c-abcde-app-" TS ".log", ART_CONTAINER_LOG, "web-config-7f9c-abcde", "app", TS, 0, NULL },
	{ SD "logs-web-config-app-" TS ".log", ART_CONTAINER_LOG, "web-config", "app", TS, 0, NULL },
	/* a container name with "-" that is in no table */
	{ SD "logs-cilium-x7k2p-my-custom-init-" TS "-prev.log", ART_CONTAINER_LOG, "cilium-x7k2p", "my-custom-init", TS, F_PREV, NULL },
	{ SD "gops-cilium-x7k2p-cilium-agent-" TS "-stack.txt", ART_GOPS, "cilium-x7k2p", "cilium-agent", TS, 0, NULL },
	/* optional container: an exact pod name means no container */
	{ SD "cilium-x7k2p-pprof-heap-" TS ".pprof", ART_PROFILE, "cilium-x7k2p", NULL, TS, 0, NULL },
	{ SD "cilium-operator-6d8c9f7b5-q2w4e-cilium-operator-pprof-cpu-" TS ".pprof", ART_PROFILE, "cilium-operator-6d8c9f7b5-q2w4e", "cilium-operator", TS, 0, NULL },
	/* the CNI file name may end like anything; the hinted pod decides */
	{ SD "cniconf-05-cilium-x7k2p-" TS ".txt", ART_CNI_CONFIG, "cilium-x7k2p", NULL, TS, 0, NULL },
	/* a pod not in the hints falls back to the container table */
	{ SD "logs-cilium-zzzzz-cilium-agent-" TS ".log", ART_AGENT_LOG, "cilium-zzzzz", "cilium-agent", TS, 0, NULL },
};

static const struct tcase unhinted_cases[] = {
	/* the same names without hints, for contrast */
	{ SD "logs-foo-clustermesh-apiserver-" TS ".log", ART_CLUSTERMESH_LOG, "foo", "clustermesh-apiserver", TS, 0, NULL },
	{ SD "logs-cilium-x7k2p-my-custom-init-" TS "-prev.log", ART_CONTAINER_LOG, "cilium-x7k2p-my-custom", "init", TS, F_PREV, NULL },
	{ SD "logs-my-cilium-agent-config-" TS ".log", ART_CONTAINER_LOG, "my-cilium-agent", "config", TS, 0, NULL },
	/* no "-" at all: the whole thing is the pod */
	{ SD "logs-standalone-" TS ".log", ART_CONTAINER_LOG, "standalone", NULL, TS, 0, NULL },
};

static void
test_pod_split_hints(void **state)
{
	const struct classify_hints empty = { NULL, 0 };

	(void)state;
	check_table(hinted_cases, NELEM(hinted_cases), &hints);
	check_table(unhinted_cases, NELEM(unhinted_cases), NULL);
	check_table(unhinted_cases, NELEM(unhinted_cases), &empty);
}

/* ------------------------------------------------------------------ */
/* Section 2.5: bugtool cmd/ files, under every tree shape */

struct cmdcase {
	const char		*file;
	enum artifact_kind	 kind;
	unsigned		 flags;
};

static const struct cmdcase cmd_cases[] = {
	/* debuginfo, the most stable source */
	{ "cilium-debuginfo-20250601-101502.123+0000-UTC.json", ART_BUGTOOL_DEBUGINFO_JSON, F_JSON },
	{ "cilium-debuginfo-20250601-101502.123+0000-UTC.md", ART_BUGTOOL_DEBUGINFO_MD, 0 },
	{ "cilium-debuginfo-20211224-072047-0700-MST.json", ART_BUGTOOL_DEBUGINFO_JSON, F_JSON },
	{ "cilium-dbg-debuginfo---output=markdown,json--f---output-directory=-tmp-cilium-bugtool-20250601-101502.123+0000-UTC-4711-cmd.md", ART_BUGTOOL_CILIUM_OTHER, F_DBG },
	{ "cilium-debuginfo---output=markdown,json--f---output-directory=-tmp-cilium-bugtool-20211224-072047.092+0000-UTC-123-cmd.md", ART_BUGTOOL_CILIUM_OTHER, 0 },
	{ "cilium-debuginfo.md", ART_BUGTOOL_DEBUGINFO_MD, 0 },
	/* cilium-dbg (>= 1.15) */
	{ "cilium-dbg-status---verbose.md", ART_BUGTOOL_STATUS, F_DBG },
	{ "cilium-dbg-status.md", ART_BUGTOOL_STATUS, F_DBG },
	{ "cilium-dbg-status--o-json.md", ART_BUGTOOL_STATUS, F_DBG | F_JSON },
	{ "cilium-dbg-version.md", ART_BUGTOOL_VERSION, F_DBG },
	{ "cilium-dbg-endpoint-list.md", ART_BUGTOOL_ENDPOINT_LIST, F_DBG },
	{ "cilium-dbg-endpoint-list--o-json.md", ART_BUGTOOL_ENDPOINT_LIST, F_DBG | F_JSON },
	{ "cilium-dbg-endpoint-get-1834.md", ART_BUGTOOL_ENDPOINT_GET, F_DBG },
	{ "cilium-dbg-identity-list.md", ART_BUGTOOL_IDENTITY_LIST, F_DBG },
	{ "cilium-dbg-policy-get.md", ART_BUGTOOL_POLICY_GET, F_DBG },
	{ "cilium-dbg-policy-selectors--o-json.md", ART_BUGTOOL_POLICY_SELECTORS, F_DBG | F_JSON },
	{ "cilium-dbg-bpf-policy-get---all---numeric.md", ART_BUGTOOL_BPF_POLICY_GET, F_DBG },
	{ "cilium-dbg-bpf-ipcache-list.md", ART_BUGTOOL_BPF_IPCACHE_LIST, F_DBG },
	{ "cilium-dbg-ip-list--n--o-json.md", ART_BUGTOOL_IP_LIST, F_DBG | F_JSON },
	{ "cilium-dbg-bpf-lb-list.md", ART_BUGTOOL_BPF_LB_LIST, F_DBG },
	{ "cilium-dbg-bpf-lb-list---revnat.md", ART_BUGTOOL_BPF_LB_LIST, F_DBG },
	{ "cilium-dbg-bpf-lb-list---frontends.md", ART_BUGTOOL_BPF_LB_LIST, F_DBG },
	{ "cilium-dbg-bpf-lb-list---backends.md", ART_BUGTOOL_BPF_LB_LIST, F_DBG },
	{ "cilium-dbg-bpf-lb-list---source-ranges.md", ART_BUGTOOL_BPF_LB_LIST, F_DBG },
	{ "cilium-dbg-bpf-lb-maglev-list.md", ART_BUGTOOL_BPF_OTHER, F_DBG },
	{ "cilium-dbg-service-list.md", ART_BUGTOOL_SERVICE_LIST, F_DBG },
	{ "cilium-dbg-service-list--o-json.md", ART_BUGTOOL_SERVICE_LIST, F_DBG | F_JSON },
	{ "cilium-dbg-bpf-ct-list-global.md", ART_BUGTOOL_BPF_CT_LIST, F_DBG },
	{ "cilium-dbg-bpf-ct-list---time-diff.md", ART_BUGTOOL_BPF_CT_LIST, F_DBG },
	{ "cilium-dbg-bpf-nat-list.md", ART_BUGTOOL_BPF_NAT_LIST, F_DBG },
	{ "cilium-dbg-bpf-nat-retries-list.md", ART_BUGTOOL_BPF_OTHER, F_DBG },
	{ "cilium-dbg-map-list---verbose.md", ART_BUGTOOL_MAP_LIST, F_DBG },
	{ "cilium-dbg-metrics-list.md", ART_BUGTOOL_METRICS, F_DBG },
	{ "cilium-dbg-shell----metrics-html.html", ART_BUGTOOL_CILIUM_OTHER, F_DBG },
	{ "cilium-dbg-bpf-metrics-list.md", ART_BUGTOOL_BPF_METRICS, F_DBG },
	{ "cilium-dbg-config--a.md", ART_BUGTOOL_CONFIG, F_DBG },
	{ "cilium-dbg-node-list.md", ART_BUGTOOL_NODE_LIST, F_DBG },
	{ "cilium-dbg-node-list--o-json.md", ART_BUGTOOL_NODE_LIST, F_DBG | F_JSON },
	{ "cilium-dbg-fqdn-cache-list.md", ART_BUGTOOL_FQDN_CACHE, F_DBG },
	{ "cilium-dbg-statedb-dump.md", ART_BUGTOOL_STATEDB, F_DBG },
	{ "cilium-dbg-statedb.md", ART_BUGTOOL_STATEDB, F_DBG },
	{ "cilium-dbg-troubleshoot-kvstore.md", ART_BUGTOOL_TROUBLESHOOT, F_DBG },
	{ "cilium-dbg-troubleshoot-clustermesh.md", ART_BUGTOOL_TROUBLESHOOT, F_DBG },
	{ "cilium-dbg-bgp-peers.md", ART_BUGTOOL_BGP, F_DBG },
	{ "cilium-dbg-bgp-routes-available-ipv4-unicast.md", ART_BUGTOOL_BGP, F_DBG },
	{ "cilium-dbg-bgp-route-policies.md", ART_BUGTOOL_BGP, F_DBG },
	{ "cilium-dbg-shell----bgp-peers.md", ART_BUGTOOL_BGP, F_DBG },
	{ "cilium-dbg-shell----bgp-routes--a-in-ipv4-unicast.md", ART_BUGTOOL_BGP, F_DBG },
	{ "cilium-dbg-encrypt-status.md", ART_BUGTOOL_ENCRYPT_STATUS, F_DBG },
	{ "cilium-dbg-lrp-list.md", ART_BUGTOOL_CILIUM_OTHER, F_DBG },
	{ "cilium-dbg-cgroups-list--o-json.md", ART_BUGTOOL_CILIUM_OTHER, F_DBG | F_JSON },
	{ "cilium-dbg-map-events-cilium_ipcache--o-json.md", ART_BUGTOOL_CILIUM_OTHER, F_DBG | F_JSON },
	{ "cilium-dbg-shell----health-history.md", ART_BUGTOOL_CILIUM_OTHER, F_DBG },
	{ "cilium-dbg-bpf-auth-list.md", ART_BUGTOOL_BPF_OTHER, F_DBG },
	{ "cilium-dbg-bpf-bandwidth-list.md", ART_BUGTOOL_BPF_OTHER, F_DBG },
	{ "cilium-dbg-bpf-config-list.md", ART_BUGTOOL_BPF_OTHER, F_DBG },
	{ "cilium-dbg-bpf-tunnel-list.md", ART_BUGTOOL_BPF_OTHER, F_DBG },
	{ "cilium-dbg-bpf-egress-list.md", ART_BUGTOOL_BPF_OTHER, F_DBG },
	{ "cilium-dbg-bpf-vtep-list.md", ART_BUGTOOL_BPF_OTHER, F_DBG },
	{ "cilium-dbg-bpf-endpoint-list.md", ART_BUGTOOL_BPF_OTHER, F_DBG },
	{ "cilium-dbg-bpf-ipmasq-list.md", ART_BUGTOOL_BPF_OTHER, F_DBG },
	{ "cilium-dbg-bpf-sha-list.md", ART_BUGTOOL_BPF_OTHER, F_DBG },
	{ "cilium-dbg-bpf-fs-show.md", ART_BUGTOOL_BPF_OTHER, F_DBG },
	{ "cilium-dbg-bpf-recorder-list.md", ART_BUGTOOL_BPF_OTHER, F_DBG },
	{ "cilium-dbg-bpf-frag-list.md", ART_BUGTOOL_BPF_OTHER, F_DBG },
	{ "cilium-dbg-bpf-nodeid-list.md", ART_BUGTOOL_BPF_OTHER, F_DBG },
	/* the bogus 1.15/1.16 cilium-dbg-health and the real cilium-health */
	{ "cilium-dbg-health-status---verbose.md", ART_BUGTOOL_HEALTH_STATUS, F_DBG },
	{ "cilium-health-status---verbose.md", ART_BUGTOOL_HEALTH_STATUS, 0 },
	{ "cilium-health-status--o-json.md", ART_BUGTOOL_HEALTH_STATUS, F_JSON },
	{ "cilium-health-status.md", ART_BUGTOOL_HEALTH_STATUS, 0 },
	/* cilium (<= 1.14) */
	{ "cilium-status---verbose.md", ART_BUGTOOL_STATUS, 0 },
	{ "cilium-status.md", ART_BUGTOOL_STATUS, 0 },
	{ "cilium-version.md", ART_BUGTOOL_VERSION, 0 },
	{ "cilium-endpoint-list.md", ART_BUGTOOL_ENDPOINT_LIST, 0 },
	{ "cilium-endpoint-list--o-json.md", ART_BUGTOOL_ENDPOINT_LIST, F_JSON },
	{ "cilium-identity-list.md", ART_BUGTOOL_IDENTITY_LIST, 0 },
	{ "cilium-policy-get.md", ART_BUGTOOL_POLICY_GET, 0 },
	{ "cilium-policy-selectors--o-json.md", ART_BUGTOOL_POLICY_SELECTORS, F_JSON },
	{ "cilium-bpf-policy-get---all---numeric.md", ART_BUGTOOL_BPF_POLICY_GET, 0 },
	{ "cilium-bpf-ipcache-list.md", ART_BUGTOOL_BPF_IPCACHE_LIST, 0 },
	{ "cilium-ip-list--n--o-json.md", ART_BUGTOOL_IP_LIST, F_JSON },
	{ "cilium-bpf-lb-list.md", ART_BUGTOOL_BPF_LB_LIST, 0 },
	{ "cilium-service-list.md", ART_BUGTOOL_SERVICE_LIST, 0 },
	{ "cilium-bpf-ct-list-global.md", ART_BUGTOOL_BPF_CT_LIST, 0 },
	{ "cilium-bpf-nat-list.md", ART_BUGTOOL_BPF_NAT_LIST, 0 },
	{ "cilium-bpf-tunnel-list.md", ART_BUGTOOL_BPF_OTHER, 0 },
	{ "cilium-map-list---verbose.md", ART_BUGTOOL_MAP_LIST, 0 },
	{ "cilium-metrics-list.md", ART_BUGTOOL_METRICS, 0 },
	{ "cilium-bpf-metrics-list.md", ART_BUGTOOL_BPF_METRICS, 0 },
	{ "cilium-config.md", ART_BUGTOOL_CONFIG, 0 },
	{ "cilium-config--a.md", ART_BUGTOOL_CONFIG, 0 },
	{ "cilium-node-list.md", ART_BUGTOOL_NODE_LIST, 0 },
	{ "cilium-fqdn-cache-list.md", ART_BUGTOOL_FQDN_CACHE, 0 },
	{ "cilium-recorder-list.md", ART_BUGTOOL_CILIUM_OTHER, 0 },
	{ "cilium-encrypt-status.md", ART_BUGTOOL_ENCRYPT_STATUS, 0 },
	/* the -H host flag stays in the name */
	{ "cilium-status---verbose--H-unix:---var-run-cilium-cilium.sock.md", ART_BUGTOOL_STATUS, 0 },
	/* host commands */
	{ "uname--a.md", ART_BUGTOOL_UNAME, 0 },
	{ "ip-a.md", ART_BUGTOOL_IP_ADDR, 0 },
	{ "ip--4-r.md", ART_BUGTOOL_IP_ROUTE, 0 },
	{ "ip--6-r.md", ART_BUGTOOL_IP_ROUTE, 0 },
	{ "ip--4-route-show-table-2004.md", ART_BUGTOOL_IP_ROUTE, 0 },
	{ "ip--6-route-show-table-255.md", ART_BUGTOOL_IP_ROUTE, 0 },
	{ "ip--d--s-l.md", ART_BUGTOOL_IP_LINK, 0 },
	{ "ip--d--s--s-l.md", ART_BUGTOOL_IP_LINK, 0 },
	{ "ip--4-n.md", ART_BUGTOOL_IP_NEIGH, 0 },
	{ "ip--6-n.md", ART_BUGTOOL_IP_NEIGH, 0 },
	{ "ip--d-rule.md", ART_BUGTOOL_IP_RULE, 0 },
	{ "ip-rule.md", ART_BUGTOOL_IP_RULE, 0 },
	{ "ip--s-xfrm-policy.md", ART_BUGTOOL_XFRM, 0 },
	{ "ip--s-xfrm-state.md", ART_BUGTOOL_XFRM, 0 },
	{ "ip-xfrm-policy.md", ART_BUGTOOL_XFRM, 0 },
	{ "ip-maddr.md", ART_BUGTOOL_HOST, 0 },
	{ "cat--proc-net-xfrm_stat.md", ART_BUGTOOL_XFRM, 0 },
	{ "cat--u--proc-net-xfrm_stat.md", ART_BUGTOOL_XFRM, 0 },
	{ "iptables-save--c.md", ART_BUGTOOL_IPTABLES, 0 },
	{ "ip6tables-save--c.md", ART_BUGTOOL_IPTABLES, 0 },
	{ "iptables-nft-save--c.md", ART_BUGTOOL_IPTABLES, 0 },
	{ "ip6tables-nft-save--c.md", ART_BUGTOOL_IPTABLES, 0 },
	{ "iptables-legacy-save--c.md", ART_BUGTOOL_IPTABLES, 0 },
	{ "ip6tables-legacy-save--c.md", ART_BUGTOOL_IPTABLES, 0 },
	{ "iptables--S.md", ART_BUGTOOL_IPTABLES, 0 },
	{ "iptables--L--v.md", ART_BUGTOOL_IPTABLES, 0 },
	{ "nft-list-ruleset.md", ART_BUGTOOL_IPTABLES, 0 },
	{ "bpftool-prog-show.md", ART_BUGTOOL_BPFTOOL_PROG, 0 },
	{ "bpftool-net-show.md", ART_BUGTOOL_BPFTOOL_NET, 0 },
	{ "bpftool-map-show.md", ART_BUGTOOL_BPFTOOL_MAP, 0 },
	{ "bpftool-map-dump-pinned--sys-fs-bpf-tc-globals-cilium_ipcache.md", ART_BUGTOOL_BPFTOOL_OTHER, 0 },
	{ "bpftool-cgroup-tree--run-cilium-cgroupv2.md", ART_BUGTOOL_BPFTOOL_OTHER, 0 },
	{ "tc-qdisc-show.md", ART_BUGTOOL_TC, 0 },
	{ "tc--d--s-qdisc-show.md", ART_BUGTOOL_TC, 0 },
	{ "tc-filter-show-dev-eth0-ingress.md", ART_BUGTOOL_TC, 0 },
	{ "tc-filter-show-dev-cilium_host-egress.md", ART_BUGTOOL_TC, 0 },
	{ "tc-chain-show-dev-eth0.md", ART_BUGTOOL_TC, 0 },
	{ "ps-auxfw.md", ART_BUGTOOL_HOST, 0 },
	{ "hostname.md", ART_BUGTOOL_HOST, 0 },
	{ "ss--t--p--a--i--s--n--e.md", ART_BUGTOOL_HOST, 0 },
	{ "ss--u--p--a--i--s--n--e.md", ART_BUGTOOL_HOST, 0 },
	{ "top--b--n-1.md", ART_BUGTOOL_HOST, 0 },
	{ "uptime.md", ART_BUGTOOL_HOST, 0 },
	{ "dmesg---time-format=iso.md", ART_BUGTOOL_HOST, 0 },
	{ "sysctl--a.md", ART_BUGTOOL_HOST, 0 },
	{ "ipset-list.md", ART_BUGTOOL_HOST, 0 },
	{ "lsmod.md", ART_BUGTOOL_HOST, 0 },
	{ "taskset--pc-1.md", ART_BUGTOOL_HOST, 0 },
	{ "cat--proc-net-snmp.md", ART_BUGTOOL_HOST, 0 },
	{ "cat--var-run-cilium-cilium-cni.log.md", ART_BUGTOOL_HOST, 0 },
	{ "ls--la--proc-$(pidof-cilium-agent)-fd.md", ART_BUGTOOL_HOST, 0 },
	{ "cp--r--var-run-cilium-state--tmp-cilium-bugtool-20250601-101502.123+0000-UTC-4711-cmd-state.md", ART_BUGTOOL_HOST, 0 },
	{ "find--sys-fs-bpf--ls.md", ART_BUGTOOL_HOST, 0 },
	{ "devlink-dev-info.md", ART_BUGTOOL_HOST, 0 },
	{ "lspci--vv.md", ART_BUGTOOL_HOST, 0 },
	{ "ethtool--i-eth0.md", ART_BUGTOOL_HOST, 0 },
	/* gops */
	{ "gops-memstats-$(pidof-cilium-agent).md", ART_BUGTOOL_GOPS, 0 },
	{ "gops-stack-$(pidof-cilium-agent).md", ART_BUGTOOL_GOPS, 0 },
	{ "gops-stats-$(pidof-cilium-agent).md", ART_BUGTOOL_GOPS, 0 },
	/* fixed names */
	{ "envoy-config.json", ART_BUGTOOL_ENVOY, F_JSON },
	{ "envoy-listeners.txt", ART_BUGTOOL_ENVOY, 0 },
	{ "envoy-clusters.txt", ART_BUGTOOL_ENVOY, 0 },
	{ "envoy-server-info.json", ART_BUGTOOL_ENVOY, F_JSON },
	{ "envoy-metrics.txt", ART_BUGTOOL_ENVOY, 0 },
	{ "hubble-metrics.txt", ART_BUGTOOL_HUBBLE_METRICS, 0 },
	{ "pprof-cpu", ART_BUGTOOL_PPROF, 0 },
	{ "pprof-heap", ART_BUGTOOL_PPROF, 0 },
	{ "pprof-trace", ART_BUGTOOL_PPROF, 0 },
	/* anything else */
	{ "kubectl-get-nodes--o-wide.md", ART_BUGTOOL_OTHER, 0 },
	{ "whatever.bin", ART_BUGTOOL_OTHER, 0 },
};

/* One way a bugtool tree shows up in a member path. */
struct tree {
	const char	*prefix;	/* up to and including "cmd/" */
	const char	*pod;
	const char	*ts;
};

static const struct tree trees[] = {
	/* extracted by the collector into the sysdump */
	{ SD "cilium-bugtool-cilium-x7k2p-" TS "/cmd/", "cilium-x7k2p", TS },
	/* the same, rezipped without the sysdump directory */
	{ "cilium-bugtool-cilium-x7k2p-" TS "/cmd/", "cilium-x7k2p", TS },
	/* a nested .tar.gz that ingest walks into */
	{ SD "cilium-bugtool-cilium-x7k2p-" TS ".tar.gz/cilium-bugtool-20250601-101502.123+0000-UTC-4711/cmd/", "cilium-x7k2p", TS },
	/* the pre-Dec-2021 plain tar */
	{ SD "cilium-bugtool-cilium-ab12c-" TS ".tar/cilium-bugtool-20210601-101502.5+0200-CEST-99/cmd/", "cilium-ab12c", TS },
	/* a lone bugtool archive walked on its own: no pod */
	{ "cilium-bugtool-20211224-072047.092+0000-UTC-123/cmd/", NULL, "20211224-072047" },
	/* --archive-prefix */
	{ "case-4711-cilium-bugtool-20211224-072047+0000-UTC-123/cmd/", NULL, "20211224-072047" },
	/* a bare tree, walked from inside the bugtool directory */
	{ "cmd/", NULL, NULL },
};

static void
test_bugtool_cmd_files(void **state)
{
	size_t i, j;

	(void)state;
	for (j = 0; j < NELEM(trees); j++) {
		for (i = 0; i < NELEM(cmd_cases); i++) {
			struct tcase t;
			char *path = xasprintf("%s%s", trees[j].prefix,
			    cmd_cases[i].file);

			t.path = path;
			t.kind = cmd_cases[i].kind;
			t.pod = trees[j].pod;
			t.ctr = NULL;
			t.ts = trees[j].ts;
			t.flags = cmd_cases[i].flags;
			t.command = SAME;
			check_case(&t, NULL);
			free(path);
		}
	}
}

/* bugtool: the outermost bugtool component as found; command: the file */
static void
test_bugtool_fields(void **state)
{
	struct classification c;

	(void)state;
	classify_member(SD "cilium-bugtool-cilium-x7k2p-" TS ".tar.gz/"
	    "cilium-bugtool-20250601-101502.123+0000-UTC-4711/cmd/"
	    "cilium-dbg-status---verbose.md", NULL, 0, NULL, &c);
	assert_int_equal(c.kind, ART_BUGTOOL_STATUS);
	assert_string_equal(c.bugtool, "cilium-bugtool-cilium-x7k2p-" TS ".tar.gz");
	assert_string_equal(c.command, "cilium-dbg-status---verbose.md");
	assert_string_equal(c.pod, "cilium-x7k2p");
	assert_null(c.container);
	assert_string_equal(c.timestamp, TS);
	assert_true(c.dbg_binary);
	assert_false(c.json);
	assert_false(c.previous);
	assert_non_null(c.rule);
	assert_true(artifact_kind_is_bugtool(c.kind));
	classification_release(&c);

	classify_member("cilium-bugtool-20211224-072047.092+0000-UTC-123/cmd/"
	    "cilium-status.md", NULL, 0, NULL, &c);
	assert_int_equal(c.kind, ART_BUGTOOL_STATUS);
	assert_string_equal(c.bugtool,
	    "cilium-bugtool-20211224-072047.092+0000-UTC-123");
	assert_null(c.pod);
	assert_false(c.dbg_binary);
	classification_release(&c);

	classify_member("x-cilium-bugtool-20211224-072047.092+0000-UTC-123/cmd/"
	    "uname--a.md", NULL, 0, NULL, &c);
	assert_int_equal(c.kind, ART_BUGTOOL_UNAME);
	assert_string_equal(c.bugtool,
	    "x-cilium-bugtool-20211224-072047.092+0000-UTC-123");
	assert_null(c.pod);
	classification_release(&c);

	/* a bare tree has no bugtool component */
	classify_member("cmd/ip-a.md", NULL, 0, NULL, &c);
	assert_int_equal(c.kind, ART_BUGTOOL_IP_ADDR);
	assert_null(c.bugtool);
	assert_string_equal(c.command, "ip-a.md");
	classification_release(&c);

	/* a non-bugtool member carries neither */
	classify_member(SD "k8s-pods-" TS ".yaml", NULL, 0, NULL, &c);
	assert_null(c.bugtool);
	assert_null(c.command);
	classification_release(&c);
}

static const struct tcase bugtool_tree_cases[] = {
	/* cmd/state/ and its files */
	{ SD "cilium-bugtool-cilium-x7k2p-" TS "/cmd/state/1834/lxc_config.h", ART_BUGTOOL_STATE, "cilium-x7k2p", NULL, TS, 0, NULL },
	{ SD "cilium-bugtool-cilium-x7k2p-" TS "/cmd/state/1834/ep_config.h", ART_BUGTOOL_STATE, "cilium-x7k2p", NULL, TS, 0, NULL },
	{ SD "cilium-bugtool-cilium-x7k2p-" TS "/cmd/state/globals/node_config.h", ART_BUGTOOL_STATE, "cilium-x7k2p", NULL, TS, 0, NULL },
	{ SD "cilium-bugtool-cilium-x7k2p-" TS ".tar.gz/cilium-bugtool-20250601-101502.123+0000-UTC-4711/cmd/state/templates/abc/bpf_lxc.o", ART_BUGTOOL_STATE, "cilium-x7k2p", NULL, TS, 0, NULL },
	/* --k8s-mode copied it to cmd/<pod>-state/ */
	{ "cilium-bugtool-20200101-000000.1+0000-UTC-7/cmd/cilium-xrzwr-state/1834/lxc_config.h", ART_BUGTOOL_STATE, NULL, NULL, "20200101-000000", 0, NULL },
	/* a file named "state" directly in cmd/ is a command output */
	{ SD "cilium-bugtool-cilium-x7k2p-" TS "/cmd/state", ART_BUGTOOL_OTHER, "cilium-x7k2p", NULL, TS, 0, SAME },
	/* conf/ */
	{ SD "cilium-bugtool-cilium-x7k2p-" TS "/conf/kernel-config", ART_BUGTOOL_KERNEL_CONFIG, "cilium-x7k2p", NULL, TS, 0, NULL },
	{ SD "cilium-bugtool-cilium-x7k2p-" TS "/conf/kernel-config.gz", ART_BUGTOOL_KERNEL_CONFIG, "cilium-x7k2p", NULL, TS, 0, NULL },
	{ SD "cilium-bugtool-cilium-x7k2p-" TS "/conf/kernel-config-6.1.0-18-amd64", ART_BUGTOOL_KERNEL_CONFIG, "cilium-x7k2p", NULL, TS, 0, NULL },
	{ SD "cilium-bugtool-cilium-x7k2p-" TS ".tar.gz/cilium-bugtool-20250601-101502.123+0000-UTC-4711/conf/kernel-config.gz", ART_BUGTOOL_KERNEL_CONFIG, "cilium-x7k2p", NULL, TS, 0, NULL },
	{ "conf/kernel-config", ART_BUGTOOL_KERNEL_CONFIG, NULL, NULL, NULL, 0, NULL },
	{ SD "cilium-bugtool-cilium-x7k2p-" TS "/conf/other.txt", ART_BUGTOOL_OTHER, "cilium-x7k2p", NULL, TS, 0, NULL },
	/* old --k8s-mode names: the prefix names the pod and container */
	{ "cilium-bugtool-20190101-000000.1+0000-UTC-7/cmd/kubectl-exec-cilium-xrzwr--c-cilium-agent--n-kube-system----cilium-status.md", ART_BUGTOOL_STATUS, "cilium-xrzwr", "cilium-agent", "20190101-000000", 0, SAME },
	{ "cilium-bugtool-20190101-000000.1+0000-UTC-7/cmd/kubectl-exec-cilium-xrzwr--c-cilium-agent--n-kube-system----cilium-bpf-policy-get---all---numeric.md", ART_BUGTOOL_BPF_POLICY_GET, "cilium-xrzwr", "cilium-agent", "20190101-000000", 0, SAME },
	{ "cilium-bugtool-20190101-000000.1+0000-UTC-7/cmd/kubectl-exec-cilium-xrzwr--c-cilium-agent--n-kube-system----ip--4-r.md", ART_BUGTOOL_IP_ROUTE, "cilium-xrzwr", "cilium-agent", "20190101-000000", 0, SAME },
	{ "cilium-bugtool-20190101-000000.1+0000-UTC-7/cmd/kubectl-exec-cilium-xrzwr--c-cilium-agent--n-kube-system----cilium-health-status.md", ART_BUGTOOL_HEALTH_STATUS, "cilium-xrzwr", "cilium-agent", "20190101-000000", 0, SAME },
	{ "cilium-bugtool-20190101-000000.1+0000-UTC-7/cmd/kubectl-exec-cilium-xrzwr--n-kube-system----cilium-endpoint-list--o-json.md", ART_BUGTOOL_ENDPOINT_LIST, "cilium-xrzwr", NULL, "20190101-000000", F_JSON, SAME },
	/* a path without the pod keeps the one from the directory */
	{ SD "cilium-bugtool-cilium-x7k2p-" TS "/cmd/kubectl-exec-cilium-other--c-cilium-agent--n-kube-system----cilium-status.md", ART_BUGTOOL_STATUS, "cilium-x7k2p", "cilium-agent", TS, 0, SAME },
	/* files outside cmd/ and conf/ in a tree */
	{ SD "cilium-bugtool-cilium-x7k2p-" TS "/pprof-heap", ART_BUGTOOL_PPROF, "cilium-x7k2p", NULL, TS, 0, SAME },
	{ SD "cilium-bugtool-cilium-x7k2p-" TS "/README.txt", ART_BUGTOOL_OTHER, "cilium-x7k2p", NULL, TS, 0, SAME },
	/* a bugtool directory without pod or timestamp */
	{ "cilium-bugtool-/cmd/cilium-status.md", ART_BUGTOOL_STATUS, NULL, NULL, NULL, 0, SAME },
	/* the sysdump form without a pod */
	{ "cilium-bugtool-" TS "/cmd/cilium-status.md", ART_BUGTOOL_STATUS, NULL, NULL, TS, 0, SAME },
};

static void
test_bugtool_tree(void **state)
{
	(void)state;
	check_table(bugtool_tree_cases, NELEM(bugtool_tree_cases), NULL);
}

/* ------------------------------------------------------------------ */
/* Kind names */

static void
test_kind_names(void **state)
{
	int i, j;

	(void)state;
	for (i = 0; i < ART__COUNT; i++) {
		const char *n = artifact_kind_name((enum artifact_kind)i);

		assert_non_null(n);
		assert_true(n[0] != '\0');
		assert_int_equal(artifact_kind_from_name(n), i);
		for (j = i + 1; j < ART__COUNT; j++)
			assert_string_not_equal(n,
			    artifact_kind_name((enum artifact_kind)j));
	}
	assert_string_equal(artifact_kind_name(ART_UNKNOWN), "unknown");
	assert_string_equal(artifact_kind_name(ART_CILIUM_NETWORK_POLICIES),
	    "cilium-network-policies");
	assert_string_equal(artifact_kind_name(ART_SPIRE_ENTRIES),
	    "spire-server-entries");
	assert_string_equal(artifact_kind_name((enum artifact_kind)ART__COUNT),
	    "unknown");
	assert_int_equal(artifact_kind_from_name("no-such-kind"), ART_UNKNOWN);
	assert_int_equal(artifact_kind_from_name(""), ART_UNKNOWN);
	assert_int_equal(artifact_kind_from_name(NULL), ART_UNKNOWN);
	assert_int_equal(artifact_kind_from_name("bugtool-status"),
	    ART_BUGTOOL_STATUS);
}

static void
test_kind_scope(void **state)
{
	int i;

	(void)state;
	assert_int_equal(artifact_kind_scope(ART_UNKNOWN), SCOPE_NONE);
	assert_int_equal(artifact_kind_scope(ART_K8S_PODS), SCOPE_CLUSTER);
	assert_int_equal(artifact_kind_scope(ART_AGENT_LOG), SCOPE_POD);
	assert_int_equal(artifact_kind_scope(ART_BUGTOOL_STATE), SCOPE_POD);
	assert_int_equal(artifact_kind_scope((enum artifact_kind)ART__COUNT),
	    SCOPE_NONE);

	/* is_bugtool: exactly the bugtool-* kinds but the archive */
	for (i = 0; i < ART__COUNT; i++) {
		const char *n = artifact_kind_name((enum artifact_kind)i);
		bool want = strncmp(n, "bugtool-", 8) == 0 &&
		    i != ART_BUGTOOL_ARCHIVE;

		assert_int_equal(artifact_kind_is_bugtool(
		    (enum artifact_kind)i), want);
	}
	assert_true(artifact_kind_is_bugtool(ART_BUGTOOL_DEBUGINFO_JSON));
	assert_true(artifact_kind_is_bugtool(ART_BUGTOOL_OTHER));
	assert_false(artifact_kind_is_bugtool(ART_BUGTOOL_ARCHIVE));
	assert_false(artifact_kind_is_bugtool(ART_TETRAGON_BUGTOOL));
	assert_false(artifact_kind_is_bugtool(ART_UNKNOWN));
	assert_false(artifact_kind_is_bugtool((enum artifact_kind)ART__COUNT));
}

/* ------------------------------------------------------------------ */
/* Unknown and degenerate input */

static const struct tcase unknown_cases[] = {
	{ "README.txt", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	{ "foo/bar.bin", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	{ SD "README.txt", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	{ "", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	{ "/", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	{ "//", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	{ SD, ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	{ SD "cilium-bugtool-cilium-x7k2p-" TS "/", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	{ "logs-.log", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	{ "logs--" TS ".log", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	{ "logs---" TS ".log", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	{ "logs-" TS ".log", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	{ "cilium-bugtool-", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	{ "cilium-bugtool-.tar.gz", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	{ "k8s-pods-.yaml", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	/* a timestamp with letters in it is no timestamp */
	{ "k8s-pods-2025o601-101500.yaml", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	{ "k8s-pods-20250601_101500.yaml", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	/* near misses */
	{ "k8s-pods-" TS ".yml", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	{ "K8S-PODS-" TS ".yaml", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	{ "gops-cilium-x7k2p-cilium-agent-" TS "-goroutines.txt", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	{ "cilium-sysdump-" TS ".zip", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	{ "<ts>", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	{ "k8s-pods-<ts>.yaml", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	/* cmd/ only counts as a bugtool tree at the top */
	{ "foo/cmd/cilium-status.md", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
	{ "cmd", ART_UNKNOWN, NULL, NULL, NULL, 0, NULL },
};

static void
test_unknown(void **state)
{
	(void)state;
	check_table(unknown_cases, NELEM(unknown_cases), NULL);
}

static void
test_degenerate(void **state)
{
	struct classification c;
	static const char *const odd[] = {
		"-", "--", ".", "./", "a//b", "///x", "logs-", "-prev.log",
		"logs--prev.log", "cilium-bugtool-/", "cilium-bugtool-/x",
		"cilium-bugtool-x/cmd", "cilium-bugtool-x/cmd/",
		"cilium-bugtool-x/cmd/state/", "cmd/state", "cmd/state/",
		"conf/", "cmd/kubectl-exec-", "cmd/kubectl-exec-----",
		"cmd/kubectl-exec-p----", "cmd/kubectl-exec---c-----x.md",
		"cmd/cilium-", "cmd/cilium-dbg-", "cmd/cilium-dbg-.md",
		"cmd/.md", "cmd/ip", "cmd/ip-", "cmd/ip--", "cmd/bpftool",
		"cmd/bpftool-", "cmd/bpftool--j", "cmd/-", "cmd/--o-json.md",
		"cniconf--" TS ".txt", "cniconf-a-" TS ".txt",
		"cniconf-.conflist--" TS ".txt", "-pprof-heap-" TS ".pprof",
		"metrics--" TS ".txt", "hubble-flows--" TS ".json",
		"cilium-bugtool-" TS ".tar.gz", "cilium-debuginfo-.json",
		"cmd/cilium-debuginfo-" TS ".json",
		"x-cilium-bugtool-/cmd/a.md", "-cilium-bugtool-" TS "/cmd/a.md",
		"tetragon-bugtool-/x", "kvstore-.json",
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(odd); i++) {
		classify_member(odd[i], NULL, 0, NULL, &c);
		assert_true((unsigned)c.kind < ART__COUNT);
		assert_non_null(c.rule);
		classification_release(&c);
		classify_member(odd[i], (const unsigned char *)"x", 1, &hints,
		    &c);
		assert_true((unsigned)c.kind < ART__COUNT);
		classification_release(&c);
	}

	classify_member(NULL, NULL, 0, NULL, &c);
	assert_int_equal(c.kind, ART_UNKNOWN);
	assert_null(c.pod);
	classification_release(&c);

	/* a few of the odd ones have definite answers */
	classify_member("cilium-bugtool-" TS ".tar.gz", NULL, 0, NULL, &c);
	assert_int_equal(c.kind, ART_BUGTOOL_ARCHIVE);
	assert_null(c.pod);
	assert_string_equal(c.timestamp, TS);
	classification_release(&c);

	classify_member("cmd/cilium-debuginfo-" TS ".json", NULL, 0, NULL, &c);
	assert_int_equal(c.kind, ART_BUGTOOL_DEBUGINFO_JSON);
	assert_true(c.json);
	classification_release(&c);

	classify_member("cmd/--o-json.md", NULL, 0, NULL, &c);
	assert_int_equal(c.kind, ART_BUGTOOL_OTHER);
	classification_release(&c);
}

/* Copy s, NUL included, to dst. */
static void
put(char *dst, const char *s)
{
	memcpy(dst, s, strlen(s) + 1);
}

/* Hostile lengths: nothing may read out of bounds or take forever. */
static void
test_long_names(void **state)
{
	struct classification c;
	size_t n = 200000, i;
	char *s = xmalloc(n + 64), *p;

	(void)state;
	/* one huge component */
	memset(s, 'a', n);
	s[n] = '\0';
	classify_member(s, NULL, 0, &hints, &c);
	assert_int_equal(c.kind, ART_UNKNOWN);
	classification_release(&c);

	/* all dashes, with the log pattern around them */
	memcpy(s, "logs-a", 6);
	memset(s + 6, '-', n);
	put(s + 6 + n - 1, "b-" TS ".log");
	classify_member(s, NULL, 0, &hints, &c);
	assert_int_equal(c.kind, ART_CONTAINER_LOG);
	assert_string_equal(c.container, "b");
	assert_string_equal(c.timestamp, TS);
	classification_release(&c);

	/* a long pod-container name, split by the last "-" */
	memcpy(s, "logs-", 5);
	for (i = 5; i < n; i++)
		s[i] = (i % 3 == 0) ? '-' : 'x';
	s[5] = 'x';
	put(s + n, "-y-" TS ".log");
	classify_member(s, NULL, 0, &hints, &c);
	assert_int_equal(c.kind, ART_CONTAINER_LOG);
	assert_string_equal(c.container, "y");
	assert_int_equal(strlen(c.pod), n - 5);
	classification_release(&c);

	/* a huge CNI name with many extension-looking parts */
	p = s;
	memcpy(p, "cniconf-", 8);
	for (i = 8; i + 10 < n; i += 10)
		memcpy(s + i, ".conflist-", 10);
	put(s + i, "pod-" TS ".txt");
	classify_member(s, NULL, 0, &hints, &c);
	assert_int_equal(c.kind, ART_CNI_CONFIG);
	assert_string_equal(c.pod, "pod");
	classification_release(&c);

	/* very many components */
	for (i = 0; i + 2 < n; i += 2)
		memcpy(s + i, "a/", 2);
	put(s + i, "ciliumnodes-" TS ".yaml");
	classify_member(s, NULL, 0, NULL, &c);
	assert_int_equal(c.kind, ART_CILIUM_NODES);
	classification_release(&c);

	/* a deep bugtool tree with a huge command name */
	p = s;
	memcpy(p, "cmd/cilium-dbg-status", 21);
	memset(p + 21, '-', n - 40);
	put(p + 21 + n - 40, ".md");
	classify_member(s, NULL, 0, NULL, &c);
	assert_int_equal(c.kind, ART_BUGTOOL_STATUS);
	assert_true(c.dbg_binary);
	classification_release(&c);
	free(s);
}

/* ------------------------------------------------------------------ */
/* Sysdump directory names and release */

static void
test_sysdump_dir(void **state)
{
	char ts[16];

	(void)state;
	memset(ts, 'z', sizeof(ts));
	assert_true(classify_sysdump_dir("cilium-sysdump-" TS, ts));
	assert_string_equal(ts, TS);
	memset(ts, 'z', sizeof(ts));
	assert_true(classify_sysdump_dir("cilium-sysdump-19991231-235959.zip",
	    ts));
	assert_string_equal(ts, "19991231-235959");

	assert_false(classify_sysdump_dir(NULL, ts));
	assert_false(classify_sysdump_dir("", ts));
	assert_false(classify_sysdump_dir("cilium-sysdump-", ts));
	assert_false(classify_sysdump_dir("cilium-sysdump-.zip", ts));
	assert_false(classify_sysdump_dir("cilium-sysdump-" TS ".tar", ts));
	assert_false(classify_sysdump_dir("cilium-sysdump-" TS "x", ts));
	assert_false(classify_sysdump_dir("cilium-sysdump-" TS "/", ts));
	assert_false(classify_sysdump_dir("cilium-sysdump-2025060-1101500", ts));
	assert_false(classify_sysdump_dir("cilium-sysdump-2025060a-101500", ts));
	assert_false(classify_sysdump_dir("my-sysdump-" TS, ts));
	assert_false(classify_sysdump_dir("xcilium-sysdump-" TS, ts));
	assert_false(classify_sysdump_dir("cilium-bugtool-" TS, ts));
}

static void
test_release(void **state)
{
	struct classification c;

	(void)state;
	classification_release(NULL);
	classify_member(SD "logs-cilium-x7k2p-cilium-agent-" TS "-prev.log",
	    NULL, 0, NULL, &c);
	assert_int_equal(c.kind, ART_AGENT_LOG);
	classification_release(&c);
	assert_int_equal(c.kind, ART_UNKNOWN);
	assert_null(c.pod);
	assert_null(c.container);
	assert_null(c.timestamp);
	assert_null(c.bugtool);
	assert_null(c.command);
	assert_false(c.previous);
	/* releasing twice is harmless */
	classification_release(&c);

	/* classify_member overwrites *out whatever was in it */
	memset(&c, 0xa5, sizeof(c));
	classify_member("README.txt", NULL, 0, NULL, &c);
	assert_int_equal(c.kind, ART_UNKNOWN);
	assert_null(c.pod);
	assert_false(c.json);
	classification_release(&c);
}

/* The rule names the pattern that won, for --explain. */
static void
test_rules(void **state)
{
	struct classification c;

	(void)state;
	classify_member(SD "ciliumnetworkpolicies-" TS ".yaml", NULL, 0, NULL,
	    &c);
	assert_string_equal(c.rule, "ciliumnetworkpolicies-<ts>.yaml");
	classification_release(&c);

	classify_member(SD "logs-cilium-x7k2p-cilium-agent-" TS "-prev.log",
	    NULL, 0, NULL, &c);
	assert_string_equal(c.rule, "logs-<pod>-<ctr>-<ts>-prev.log");
	classification_release(&c);

	/* the most specific pattern beats a generic one */
	classify_member(SD "k8s-version-" TS ".txt", NULL, 0, NULL, &c);
	assert_int_equal(c.kind, ART_K8S_VERSION);
	assert_string_equal(c.rule, "k8s-version-<ts>.txt");
	assert_null(c.pod);
	classification_release(&c);

	classify_member(SD "gatewayapi-httproutes-" TS ".yaml", NULL, 0, NULL,
	    &c);
	assert_string_equal(c.rule, "gatewayapi-httproutes-<ts>.yaml");
	classification_release(&c);

	classify_member(SD "kvstore-identities.json", NULL, 0, NULL, &c);
	assert_string_equal(c.rule, "kvstore-identities.json");
	classification_release(&c);

	classify_member("cmd/cilium-dbg-bpf-policy-get---all---numeric.md",
	    NULL, 0, NULL, &c);
	assert_string_equal(c.rule, "cmd/cilium[-dbg]-bpf-policy-get*");
	classification_release(&c);

	classify_member("README.txt", NULL, 0, NULL, &c);
	assert_string_equal(c.rule, "no pattern matched");
	classification_release(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cluster_files),
		cmocka_unit_test(test_pod_files),
		cmocka_unit_test(test_tetragon_bugtool_tree),
		cmocka_unit_test(test_pod_split_hints),
		cmocka_unit_test(test_bugtool_cmd_files),
		cmocka_unit_test(test_bugtool_fields),
		cmocka_unit_test(test_bugtool_tree),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_kind_scope),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_degenerate),
		cmocka_unit_test(test_long_names),
		cmocka_unit_test(test_sysdump_dir),
		cmocka_unit_test(test_release),
		cmocka_unit_test(test_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
