/*
 * classify.h: what each archive member is.
 *
 * classify_member() gives a member an artifact kind from its path (and, to
 * break ties, its first bytes), following ../shared/knowledge/sysdump-layout.md:
 * every file the cilium-cli sysdump collector writes, in every era of its
 * naming, and every bugtool cmd/ output for both the `cilium` (<= 1.14) and
 * the `cilium-dbg` (>= 1.15) binary.  It also pulls out what the name says
 * about ownership: the pod (and container) a per-pod file belongs to, and the
 * sysdump timestamp embedded in the name.  Mapping a pod to its node needs
 * the k8s-pods listing and is done by the inventory, not here.
 *
 * Classification is a pure function of its arguments: no I/O, no globals.
 */
#ifndef CTRIAGE_CLASSIFY_H
#define CTRIAGE_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Artifact kinds: X(enum name, kind name, scope).  The kind names are API
 * (they appear in JSON reports and in `ctriage get`): never rename one.
 * Scope says what a member of that kind belongs to.
 */
#define ARTIFACT_KINDS(X)						\
	X(ART_UNKNOWN,			"unknown",		SCOPE_NONE)	\
	/* the collector itself */					\
	X(ART_SYSDUMP_LOG,		"sysdump-log",		SCOPE_CLUSTER)	\
	/* Kubernetes objects */					\
	X(ART_K8S_NODES,		"k8s-nodes",		SCOPE_CLUSTER)	\
	X(ART_K8S_VERSION,		"k8s-version",		SCOPE_CLUSTER)	\
	X(ART_K8S_EVENTS,		"k8s-events",		SCOPE_CLUSTER)	\
	X(ART_K8S_EVENTS_HTML,		"k8s-events-html",	SCOPE_CLUSTER)	\
	X(ART_K8S_NAMESPACES,		"k8s-namespaces",	SCOPE_CLUSTER)	\
	X(ART_K8S_PODS,			"k8s-pods",		SCOPE_CLUSTER)	\
	X(ART_K8S_PODS_TABLE,		"k8s-pods-table",	SCOPE_CLUSTER)	\
	X(ART_K8S_SERVICES,		"k8s-services",		SCOPE_CLUSTER)	\
	X(ART_K8S_NETWORK_POLICIES,	"k8s-network-policies",	SCOPE_CLUSTER)	\
	X(ART_K8S_ENDPOINTS,		"k8s-endpoints",	SCOPE_CLUSTER)	\
	X(ART_K8S_ENDPOINTSLICES,	"k8s-endpointslices",	SCOPE_CLUSTER)	\
	X(ART_K8S_LEASES,		"k8s-leases",		SCOPE_CLUSTER)	\
	X(ART_K8S_APISERVER_METRICS,	"k8s-apiserver-metrics", SCOPE_CLUSTER)	\
	X(ART_K8S_RESOURCE_USAGE,	"k8s-resource-usage",	SCOPE_CLUSTER)	\
	X(ART_K8S_INGRESSES,		"k8s-ingresses",	SCOPE_CLUSTER)	\
	X(ART_K8S_INGRESS_CLASSES,	"k8s-ingress-classes",	SCOPE_CLUSTER)	\
	X(ART_GATEWAY_API,		"gateway-api",		SCOPE_CLUSTER)	\
	/* Cilium configuration and deployment */			\
	X(ART_CILIUM_CONFIGMAP,		"cilium-configmap",	SCOPE_CLUSTER)	\
	X(ART_CILIUM_DAEMONSET,		"cilium-daemonset",	SCOPE_CLUSTER)	\
	X(ART_CILIUM_OPERATOR_DEPLOYMENT, "cilium-operator-deployment", SCOPE_CLUSTER) \
	X(ART_CILIUM_ENVOY_CONFIGMAP,	"cilium-envoy-configmap", SCOPE_CLUSTER) \
	X(ART_CILIUM_ENVOY_DAEMONSET,	"cilium-envoy-daemonset", SCOPE_CLUSTER) \
	X(ART_CILIUM_NODE_INIT_DAEMONSET, "cilium-node-init-daemonset", SCOPE_CLUSTER) \
	X(ART_CNI_CONFIGMAP,		"cni-configmap",	SCOPE_CLUSTER)	\
	X(ART_CILIUM_ETCD_SECRET,	"cilium-etcd-secret",	SCOPE_CLUSTER)	\
	X(ART_CILIUM_HELM_VALUES,	"cilium-helm-values",	SCOPE_CLUSTER)	\
	X(ART_CILIUM_HELM_METADATA,	"cilium-helm-metadata",	SCOPE_CLUSTER)	\
	X(ART_HUBBLE_OBJECTS,		"hubble-objects",	SCOPE_CLUSTER)	\
	X(ART_CLUSTERMESH_OBJECTS,	"clustermesh-objects",	SCOPE_CLUSTER)	\
	X(ART_SPIRE_OBJECTS,		"spire-objects",	SCOPE_CLUSTER)	\
	X(ART_CLOUD_OBJECTS,		"cloud-objects",	SCOPE_CLUSTER)	\
	X(ART_TETRAGON_OBJECTS,		"tetragon-objects",	SCOPE_CLUSTER)	\
	X(ART_KVSTORE_DUMP,		"kvstore-dump",		SCOPE_CLUSTER)	\
	/* Cilium CRDs */						\
	X(ART_CILIUM_NETWORK_POLICIES,	"cilium-network-policies", SCOPE_CLUSTER) \
	X(ART_CILIUM_CLUSTERWIDE_NETWORK_POLICIES, "cilium-clusterwide-network-policies", SCOPE_CLUSTER) \
	X(ART_CILIUM_ENDPOINTS,		"cilium-endpoints",	SCOPE_CLUSTER)	\
	X(ART_CILIUM_ENDPOINT_SLICES,	"cilium-endpoint-slices", SCOPE_CLUSTER) \
	X(ART_CILIUM_IDENTITIES,	"cilium-identities",	SCOPE_CLUSTER)	\
	X(ART_CILIUM_NODES,		"cilium-nodes",		SCOPE_CLUSTER)	\
	X(ART_CILIUM_NODE_CONFIGS,	"cilium-node-configs",	SCOPE_CLUSTER)	\
	X(ART_CILIUM_EGRESS_GATEWAY_POLICIES, "cilium-egress-gateway-policies", SCOPE_CLUSTER) \
	X(ART_CILIUM_EGRESS_NAT_POLICIES, "cilium-egress-nat-policies", SCOPE_CLUSTER) \
	X(ART_CILIUM_CIDR_GROUPS,	"cilium-cidr-groups",	SCOPE_CLUSTER)	\
	X(ART_CILIUM_LOCAL_REDIRECT_POLICIES, "cilium-local-redirect-policies", SCOPE_CLUSTER) \
	X(ART_CILIUM_POD_IP_POOLS,	"cilium-pod-ip-pools",	SCOPE_CLUSTER)	\
	X(ART_CILIUM_LB_IP_POOLS,	"cilium-lb-ip-pools",	SCOPE_CLUSTER)	\
	X(ART_CILIUM_L2_ANNOUNCEMENT_POLICIES, "cilium-l2-announcement-policies", SCOPE_CLUSTER) \
	X(ART_CILIUM_BGP,		"cilium-bgp",		SCOPE_CLUSTER)	\
	X(ART_CILIUM_ENVOY_CONFIGS,	"cilium-envoy-configs",	SCOPE_CLUSTER)	\
	X(ART_CILIUM_EXTERNAL_WORKLOADS, "cilium-external-workloads", SCOPE_CLUSTER) \
	X(ART_CILIUM_GATEWAY_CLASS_CONFIGS, "cilium-gateway-class-configs", SCOPE_CLUSTER) \
	/* per pod */							\
	X(ART_AGENT_LOG,		"agent-log",		SCOPE_POD)	\
	X(ART_OPERATOR_LOG,		"operator-log",		SCOPE_POD)	\
	X(ART_ENVOY_LOG,		"envoy-log",		SCOPE_POD)	\
	X(ART_HUBBLE_LOG,		"hubble-log",		SCOPE_POD)	\
	X(ART_CLUSTERMESH_LOG,		"clustermesh-log",	SCOPE_POD)	\
	X(ART_CONTAINER_LOG,		"container-log",	SCOPE_POD)	\
	X(ART_GOPS,			"gops",			SCOPE_POD)	\
	X(ART_PROFILE,			"profile",		SCOPE_POD)	\
	X(ART_COMPONENT_METRICS,	"component-metrics",	SCOPE_POD)	\
	X(ART_COMPONENT_DEBUG,		"component-debug",	SCOPE_POD)	\
	X(ART_CNI_CONFIG,		"cni-config",		SCOPE_POD)	\
	X(ART_HUBBLE_FLOWS,		"hubble-flows",		SCOPE_POD)	\
	X(ART_HUBBLE_OBSERVE_LOG,	"hubble-observe-log",	SCOPE_POD)	\
	/* `cilium-dbg monitor` output added by hand, told by name or bytes */ \
	X(ART_MONITOR_OUTPUT,		"monitor-output",	SCOPE_CLUSTER)	\
	/* `hubble observe` compact text added by hand, by name or bytes */ \
	X(ART_HUBBLE_TEXT,		"hubble-text",		SCOPE_CLUSTER)	\
	X(ART_SPIRE_ENTRIES,		"spire-server-entries",	SCOPE_POD)	\
	X(ART_BUGTOOL_ARCHIVE,		"bugtool-archive",	SCOPE_POD)	\
	X(ART_TETRAGON_BUGTOOL,		"tetragon-bugtool",	SCOPE_POD)	\
	/* bugtool cmd/ outputs (per agent pod, hence per node) */	\
	X(ART_BUGTOOL_DEBUGINFO_JSON,	"bugtool-debuginfo-json", SCOPE_POD)	\
	X(ART_BUGTOOL_DEBUGINFO_MD,	"bugtool-debuginfo-md",	SCOPE_POD)	\
	X(ART_BUGTOOL_STATUS,		"bugtool-status",	SCOPE_POD)	\
	X(ART_BUGTOOL_VERSION,		"bugtool-version",	SCOPE_POD)	\
	X(ART_BUGTOOL_ENDPOINT_LIST,	"bugtool-endpoint-list", SCOPE_POD)	\
	X(ART_BUGTOOL_ENDPOINT_GET,	"bugtool-endpoint-get",	SCOPE_POD)	\
	X(ART_BUGTOOL_IDENTITY_LIST,	"bugtool-identity-list", SCOPE_POD)	\
	X(ART_BUGTOOL_POLICY_GET,	"bugtool-policy-get",	SCOPE_POD)	\
	X(ART_BUGTOOL_POLICY_SELECTORS,	"bugtool-policy-selectors", SCOPE_POD)	\
	X(ART_BUGTOOL_BPF_POLICY_GET,	"bugtool-bpf-policy-get", SCOPE_POD)	\
	X(ART_BUGTOOL_BPF_IPCACHE_LIST,	"bugtool-bpf-ipcache-list", SCOPE_POD)	\
	X(ART_BUGTOOL_IP_LIST,		"bugtool-ip-list",	SCOPE_POD)	\
	X(ART_BUGTOOL_BPF_LB_LIST,	"bugtool-bpf-lb-list",	SCOPE_POD)	\
	X(ART_BUGTOOL_SERVICE_LIST,	"bugtool-service-list",	SCOPE_POD)	\
	X(ART_BUGTOOL_BPF_CT_LIST,	"bugtool-bpf-ct-list",	SCOPE_POD)	\
	X(ART_BUGTOOL_BPF_NAT_LIST,	"bugtool-bpf-nat-list",	SCOPE_POD)	\
	X(ART_BUGTOOL_BPF_OTHER,	"bugtool-bpf-other",	SCOPE_POD)	\
	X(ART_BUGTOOL_HEALTH_STATUS,	"bugtool-health-status", SCOPE_POD)	\
	X(ART_BUGTOOL_MAP_LIST,		"bugtool-map-list",	SCOPE_POD)	\
	X(ART_BUGTOOL_METRICS,		"bugtool-metrics",	SCOPE_POD)	\
	X(ART_BUGTOOL_BPF_METRICS,	"bugtool-bpf-metrics",	SCOPE_POD)	\
	X(ART_BUGTOOL_CONFIG,		"bugtool-config",	SCOPE_POD)	\
	X(ART_BUGTOOL_NODE_LIST,	"bugtool-node-list",	SCOPE_POD)	\
	X(ART_BUGTOOL_FQDN_CACHE,	"bugtool-fqdn-cache",	SCOPE_POD)	\
	X(ART_BUGTOOL_BGP,		"bugtool-bgp",		SCOPE_POD)	\
	X(ART_BUGTOOL_ENCRYPT_STATUS,	"bugtool-encrypt-status", SCOPE_POD)	\
	X(ART_BUGTOOL_STATEDB,		"bugtool-statedb",	SCOPE_POD)	\
	X(ART_BUGTOOL_TROUBLESHOOT,	"bugtool-troubleshoot",	SCOPE_POD)	\
	X(ART_BUGTOOL_CILIUM_OTHER,	"bugtool-cilium-other",	SCOPE_POD)	\
	X(ART_BUGTOOL_UNAME,		"bugtool-uname",	SCOPE_POD)	\
	X(ART_BUGTOOL_IP_ADDR,		"bugtool-ip-addr",	SCOPE_POD)	\
	X(ART_BUGTOOL_IP_ROUTE,		"bugtool-ip-route",	SCOPE_POD)	\
	X(ART_BUGTOOL_IP_LINK,		"bugtool-ip-link",	SCOPE_POD)	\
	X(ART_BUGTOOL_IP_NEIGH,		"bugtool-ip-neigh",	SCOPE_POD)	\
	X(ART_BUGTOOL_IP_RULE,		"bugtool-ip-rule",	SCOPE_POD)	\
	X(ART_BUGTOOL_XFRM,		"bugtool-xfrm",		SCOPE_POD)	\
	X(ART_BUGTOOL_IPTABLES,		"bugtool-iptables",	SCOPE_POD)	\
	X(ART_BUGTOOL_BPFTOOL_PROG,	"bugtool-bpftool-prog",	SCOPE_POD)	\
	X(ART_BUGTOOL_BPFTOOL_NET,	"bugtool-bpftool-net",	SCOPE_POD)	\
	X(ART_BUGTOOL_BPFTOOL_MAP,	"bugtool-bpftool-map",	SCOPE_POD)	\
	X(ART_BUGTOOL_BPFTOOL_OTHER,	"bugtool-bpftool-other", SCOPE_POD)	\
	X(ART_BUGTOOL_TC,		"bugtool-tc",		SCOPE_POD)	\
	X(ART_BUGTOOL_GOPS,		"bugtool-gops",		SCOPE_POD)	\
	X(ART_BUGTOOL_ENVOY,		"bugtool-envoy",	SCOPE_POD)	\
	X(ART_BUGTOOL_HUBBLE_METRICS,	"bugtool-hubble-metrics", SCOPE_POD)	\
	X(ART_BUGTOOL_HOST,		"bugtool-host",		SCOPE_POD)	\
	X(ART_BUGTOOL_STATE,		"bugtool-state",	SCOPE_POD)	\
	X(ART_BUGTOOL_PPROF,		"bugtool-pprof",	SCOPE_POD)	\
	X(ART_BUGTOOL_KERNEL_CONFIG,	"bugtool-kernel-config", SCOPE_POD)	\
	X(ART_BUGTOOL_OTHER,		"bugtool-other",	SCOPE_POD)

enum artifact_scope {
	SCOPE_NONE,
	SCOPE_CLUSTER,
	SCOPE_POD,
};

enum artifact_kind {
#define X(e, name, scope) e,
	ARTIFACT_KINDS(X)
#undef X
	ART__COUNT
};

/* The kind's API name ("cilium-network-policies"). */
const char *artifact_kind_name(enum artifact_kind k);
/* The kind with that API name, or ART_UNKNOWN. */
enum artifact_kind artifact_kind_from_name(const char *name);
enum artifact_scope artifact_kind_scope(enum artifact_kind k);
/* True for the bugtool-* kinds read from a bugtool tree. */
bool artifact_kind_is_bugtool(enum artifact_kind k);

/* What classification learned about one member.  Strings are malloc'd. */
struct classification {
	enum artifact_kind	 kind;
	char			*pod;		/* owning pod, or NULL */
	char			*container;	/* container, or NULL */
	char			*timestamp;	/* "YYYYMMDD-HHMMSS", or NULL */
	/*
	 * For members of a bugtool tree: the bugtool directory or archive
	 * name as found in the path (e.g. "cilium-bugtool-cilium-x7k2p-
	 * 20250601-101500"), and the cmd/ file name ("cilium-dbg-status---
	 * verbose.md"), or NULL.
	 */
	char			*bugtool;
	char			*command;
	bool			 previous;	/* a -prev.log of a restarted container */
	bool			 json;		/* the JSON variant of a command */
	bool			 dbg_binary;	/* bugtool ran cilium-dbg, not cilium */
	/* Static text naming the pattern that matched, for --explain. */
	const char		*rule;
};

/*
 * What classification may use beyond the path: the pod names known from the
 * k8s-pods listing, sorted by strcmp.  A per-pod file name joins pod and
 * container with "-" although both contain "-"; with the pod names the split
 * is exact, without them it falls back to the known container names.
 */
struct classify_hints {
	const char *const	*pods;
	size_t			 npods;
};

/*
 * Classify the member at `path` (a member path as ingest gives it; nested
 * members include their container's path).  head/head_len are the member's
 * first bytes (may be NULL/0); hints may be NULL.  *out is overwritten; free
 * it with classification_release.  An unrecognized member is ART_UNKNOWN,
 * never an error.
 */
void classify_member(const char *path, const unsigned char *head,
    size_t head_len, const struct classify_hints *hints,
    struct classification *out);

void classification_release(struct classification *c);

/*
 * If `component` is a sysdump directory or archive name
 * ("cilium-sysdump-20250601-101500", optionally ".zip"), return true and
 * copy the 15-character timestamp into ts (16 bytes).
 */
bool classify_sysdump_dir(const char *component, char ts[16]);

#endif
