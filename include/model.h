/*
 * model.h: one model of the cluster, built from every artifact.
 *
 * model_build() walks the input once.  The inventory's bookkeeping rides
 * along (what is there, what is missing, which node owns what); each
 * member whose kind the model understands is parsed as it streams by.
 * After the walk the pieces are joined:
 *   - the Cilium version (DaemonSet image, then the agents' own outputs),
 *     the cluster name and the policy options from cilium-config;
 *   - policies normalized with those (policy.h);
 *   - identities: id -> labels, from the CiliumIdentity CRDs and every
 *     other source that names one;
 *   - endpoints: one per pod, joined across the CiliumEndpoint and the
 *     pod itself, each with its identity labels; a pod with no Cilium
 *     endpoint gets the labels Cilium would derive (B.1, B.2), flagged.
 * Everything lives in one arena with interned strings, freed by
 * model_free.  Selector matches are computed once and cached.
 */
#ifndef CTRIAGE_MODEL_H
#define CTRIAGE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "art_bpf_policy.h"
#include "art_debuginfo.h"
#include "art_endpoint.h"
#include "art_flow.h"
#include "art_fqdn.h"
#include "art_health.h"
#include "art_host.h"
#include "art_identity.h"
#include "art_ipcache.h"
#include "art_k8s.h"
#include "art_lb.h"
#include "art_log.h"
#include "art_metrics.h"
#include "art_policy.h"
#include "art_status.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"
#include "inventory.h"
#include "label.h"
#include "policy.h"
#include "selector.h"

/* Where a model fact came from, as bits. */
#define MODEL_SOURCES(X)				\
	X(MSRC_POD,	 "pod")				\
	X(MSRC_CEP,	 "cep")				\
	X(MSRC_CRD,	 "crd")				\
	X(MSRC_BUGTOOL,	 "bugtool")			\
	X(MSRC_DEBUGINFO, "debuginfo")			\
	X(MSRC_FLOW,	 "flow")			\
	X(MSRC_DERIVED,	 "derived")

enum model_source_index {
#define X(e, s) e##_INDEX,
	MODEL_SOURCES(X)
#undef X
	MSRC__COUNT
};

enum model_source {
#define X(e, s) e = 1 << e##_INDEX,
	MODEL_SOURCES(X)
#undef X
};

/* "cep,pod" for a set of source bits, into a static-free buffer. */
void model_sources_format(unsigned bits, char *dst, size_t n);

/* Node-local identities (CIDR, FQDN, CIDR group) start here (bit 24). */
#define MODEL_LOCAL_IDENTITY_MIN	(1u << 24)

struct model_identity {
	uint32_t	 id;
	struct labelset	 labels;
	unsigned	 sources;
	struct src	 src;		/* the first place it was seen */
};

#define ENFORCE_UNKNOWN		(-1)
#define ENFORCE_DISABLED	0
#define ENFORCE_ENABLED		1
#define ENFORCE_AUDIT		2

struct model_endpoint {
	const char		*ns;		/* NULL for non-pod endpoints */
	const char		*pod;
	const char		*node;
	uint32_t		 id;		/* Cilium endpoint id, 0 unknown */
	uint32_t		 identity;	/* 0 unknown */
	struct labelset		 labels;	/* identity labels */
	const char		*ipv4;
	const char		*ipv6;
	const char		*state;		/* ready, waiting-for-identity ... */
	/* Policy enforcement: ENFORCE_* (from the agent or the CEP). */
	int			 enforce_ingress;
	int			 enforce_egress;
	const struct k8s_pod	*k8s_pod;
	unsigned		 sources;
	struct src		 src;		/* the best source */
};

struct model_cilium_node {
	const char	*name;
	const char	**pod_cidrs;
	size_t		 npod_cidrs;
	const char	**addresses;
	size_t		 naddresses;
	struct src	 src;
};

/*
 * What one agent's bugtool says: each piece as parsed, NULL when the
 * bugtool lacks it (or it could not be read).
 */
struct model_agent {
	const char			*bugtool;	/* its directory/archive */
	const char			*pod;		/* NULL for a lone bugtool */
	const char			*node;
	const char			*version;	/* the agent's own word */
	const char			*kernel;
	struct status_result		*status;	/* status --verbose */
	struct endpoint_result		*endpoints;	/* endpoint list */
	struct debuginfo_result		*debuginfo;
	struct identity_result		*identities;
	struct bpf_policy_result	*bpf_policy;
	struct ipcache_result		*ipcache;	/* bpf ipcache list */
	struct ipcache_result		*ip_list;	/* ip list */
	struct lb_result		*lb;		/* bpf lb list */
	struct lb_result		*services;	/* service list */
	struct metrics_result		*metrics;
	struct host_result		*uname;
	struct host_result		*bpftool_net;
	struct host_result		*bpftool_prog;
	struct agent_rules		*rules;		/* policy get */
	struct agent_selectors		*selectors;	/* policy selectors */
	struct health_result		*health;
	struct fqdn_cache_result	*fqdn_cache;	/* fqdn cache list */
};

/* The agent's status: status --verbose, else the debuginfo's. */
const struct status_result *model_agent_status(const struct model_agent *a);

/* A CiliumCIDRGroup: the CIDRs a cidrGroupRef stands for. */
struct model_cidr_group {
	const char	*name;
	const char	**cidrs;	/* spec.externalCIDRs, valid ones */
	size_t		 ncidrs;
	struct src	 src;
};

/* The flows of one hubble-flows-<pod>-<ts>.json. */
struct model_flows {
	const char		*pod;		/* the agent that captured them */
	const char		*node;
	struct flow_result	 r;
};

/*
 * A log line worth keeping: warnings and worse from agent and operator
 * logs (bounded by MODEL_MAX_LOG_EVENTS; the rest are only counted).
 */
struct model_log_event {
	const char	*time;		/* as written, or NULL */
	int64_t		 time_sec;
	enum log_level	 level;
	const char	*msg;		/* cut at MODEL_LOG_TEXT_MAX */
	const char	*error;		/* the error= field, or NULL */
	const char	*subsys;	/* subsys= or module= */
	/* The object a policy line is about, when the line names it. */
	const char	*policy_name;	/* ciliumNetworkPolicyName= */
	const char	*policy_ns;	/* k8sNamespace= */
	/* The endpoint's pod a line is about, "ns/pod" (k8sPodName=). */
	const char	*endpoint_pod;
	const char	*pod;
	const char	*container;
	const char	*node;
	bool		 previous;	/* from a -prev.log */
	unsigned long	 nlines;	/* lines it spans (panics) */
	struct src	 src;
};

#define MODEL_MAX_LOG_EVENTS	200000
#define MODEL_LOG_TEXT_MAX	2048

/* A growable array of T in the model (heap-backed, freed by model_free). */
#define MODEL_ARRAY(T, name)	T *name; size_t n##name; size_t name##_cap

struct model {
	struct arena		*a;
	struct strtab		*st;
	struct inventory	 inv;

	const char		*cilium_version;	/* "1.16.5", or NULL */
	const char		*cilium_version_src;	/* how it was found */
	unsigned		 version_major;
	unsigned		 version_minor;
	const char		*k8s_version;
	const char		*cluster;		/* cluster-name */
	struct k8s_configmap	*config;		/* cilium-config */

	MODEL_ARRAY(struct k8s_node, nodes);
	MODEL_ARRAY(struct k8s_namespace, namespaces);
	MODEL_ARRAY(struct k8s_pod, pods);
	MODEL_ARRAY(struct k8s_service, services);
	MODEL_ARRAY(struct k8s_endpoints, k8s_endpoints);
	MODEL_ARRAY(struct k8s_event, events);
	MODEL_ARRAY(struct policy, policies);
	MODEL_ARRAY(struct model_identity, identities);
	MODEL_ARRAY(struct model_endpoint, endpoints);
	MODEL_ARRAY(struct model_cilium_node, cilium_nodes);
	MODEL_ARRAY(struct model_cidr_group, cidr_groups);
	MODEL_ARRAY(struct model_flows, flow_files);
	MODEL_ARRAY(struct model_agent, agents);
	MODEL_ARRAY(struct model_log_event, log_events);
	uint64_t		 log_events_dropped;	/* over the cap */
	uint64_t		 log_lines;		/* events read */

	/* Content problems (YAML errors, bad objects), with member:line. */
	struct diag_list	 problems;
	struct model_private	*priv;
};

/*
 * Build the model of `input`.  Returns 0 (whatever was skipped), or -1
 * with a one-line malloc'd message in *errp when the input cannot be read
 * at all.  Free with model_free either way.
 */
int model_build(struct model *m, const char *input,
    const struct ingest_limits *limits, char **errp);
void model_free(struct model *m);

/* Is the Cilium version at least major.minor?  Unknown counts as newest. */
bool model_version_at_least(const struct model *m, unsigned major,
    unsigned minor);

/*
 * Does the agent honour a rule's enableDefaultDeny?  The field exists from
 * 1.16, and the agent reads it only while enable-non-default-deny-policies
 * is on, which is its default (pkg/defaults/defaults.go
 * EnableNonDefaultDenyPolicies, pkg/policy/api/rule.go).  Unknown versions
 * count as newest.
 */
bool model_honors_default_deny_flag(const struct model *m);

/* A cilium-config value, or NULL. */
const char *model_config(const struct model *m, const char *key);

/*
 * A value of the Helm release's values (cilium-helm-values-<ts>.yaml) by
 * dotted path ("kubeProxyReplacement", "hubble.relay.enabled"), borrowed
 * from the model; NULL when absent or when the sysdump has no values.
 */
json_t *model_helm_value(const struct model *m, const char *path);

/*
 * The member that holds the Helm values, with *line set to the line of the
 * value at path (or of the values themselves when the path is absent or
 * its line unknown); NULL, with *line 0, when the sysdump has none.
 */
const char *model_helm_where(const struct model *m, const char *path,
    unsigned long *line);

/* The CIDR group of that name, or NULL. */
const struct model_cidr_group *model_cidr_group_find(const struct model *m,
    const char *name);
const struct model_identity *model_identity_find(const struct model *m,
    uint32_t id);

/*
 * Record that `source` names identity id (with labels, when it has any;
 * the first labels seen win).  For the model's builders.
 */
struct model_identity *model_identity_add(struct model *m, uint32_t id,
    const struct labelset *labels, unsigned source, const struct src *src);
const struct k8s_namespace *model_namespace_find(const struct model *m,
    const char *name);
const struct k8s_pod *model_pod_find(const struct model *m, const char *ns,
    const char *name);

/*
 * The identity labels Cilium derives for the pod as it is now (B.1:
 * its labels, namespace, namespace labels, service account, cluster),
 * through the default identity-relevant label filter (B.2): what the
 * model gives pods without a Cilium endpoint.  Labels go to the model's
 * arena.
 */
void model_pod_identity_labels(struct model *m, const struct k8s_pod *pod,
    struct labelset *out);

/*
 * The endpoints whose identity labels the selector matches (indexes into
 * m->endpoints, ascending), computed once per distinct selector and cached
 * in the model.  *np gets the count.
 */
const size_t *model_selector_endpoints(struct model *m,
    const struct selector *s, size_t *np);

#endif
