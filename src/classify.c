/*
 * classify.c: what each archive member is, decided from its path.
 *
 * This is the stage between ingest (which hands over member paths) and the
 * parsers (which are chosen by artifact kind).  The sources of truth for the
 * names are ../shared/knowledge/sysdump-layout.md, sections 1.3 (the files
 * the cilium-cli sysdump collector writes, in every era of their naming) and
 * 2 (the cilium-bugtool tree and its cmd/ outputs for both the `cilium` and
 * the `cilium-dbg` binary).
 *
 * Classification bids, as libarchive's format readers do: every pattern in a
 * table is tried, each match bids the number of characters it verified
 * (literal characters plus the 15 of a timestamp), the highest bid wins and
 * table order breaks ties.  The winning pattern's text is kept in `rule` for
 * --explain.  The tables:
 *
 *   - name_rules: the last path component of a sysdump member, written in a
 *     small pattern language (see pat_match below) so that each entry reads
 *     like the file name it describes;
 *   - bt_file_rules: fixed file names inside a bugtool tree (Envoy dumps,
 *     Hubble metrics, pprof files, the debuginfo JSON and Markdown);
 *   - cilium_cmd_rules and host_cmd_rules: bugtool cmd/ outputs, keyed by
 *     the command words that start the file name once the `cilium-` or
 *     `cilium-dbg-` binary prefix (and an old --k8s-mode `kubectl exec`
 *     prefix) is stripped.
 *
 * Everything here is a pure function of its arguments: no I/O, and the only
 * globals are constant tables.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "art_hubble_text.h"
#include "art_monitor.h"
#include "classify.h"
#include "xalloc.h"

/* Length of a sysdump timestamp, "YYYYMMDD-HHMMSS". */
#define TS_LEN		15
/* Kubernetes object names (DNS subdomains) are at most this long. */
#define POD_NAME_MAX	253

/* ------------------------------------------------------------------ */
/* Kind names */

static const struct {
	const char		*name;
	enum artifact_scope	 scope;
} kind_info[ART__COUNT] = {
#define X(e, n, s) [e] = { n, s },
	ARTIFACT_KINDS(X)
#undef X
};

/*
 * The API name of k; "unknown" for a value outside the enum.
 */
const char *
artifact_kind_name(enum artifact_kind k)
{
	if ((unsigned)k >= ART__COUNT)
		return kind_info[ART_UNKNOWN].name;
	return kind_info[k].name;
}

/*
 * The kind whose API name is `name`, or ART_UNKNOWN (also for NULL).
 */
enum artifact_kind
artifact_kind_from_name(const char *name)
{
	size_t i;

	if (name == NULL)
		return ART_UNKNOWN;
	for (i = 0; i < ART__COUNT; i++)
		if (strcmp(kind_info[i].name, name) == 0)
			return (enum artifact_kind)i;
	return ART_UNKNOWN;
}

/*
 * What a member of kind k belongs to; SCOPE_NONE outside the enum.
 */
enum artifact_scope
artifact_kind_scope(enum artifact_kind k)
{
	if ((unsigned)k >= ART__COUNT)
		return SCOPE_NONE;
	return kind_info[k].scope;
}

/*
 * True for the "bugtool-*" kinds, which are read from inside a bugtool
 * tree.  The archive itself (bugtool-archive) is a sysdump member, not part
 * of the tree.  Decided by name so that kinds added to the X-macro later
 * follow the same convention without a second list.
 */
bool
artifact_kind_is_bugtool(enum artifact_kind k)
{
	if ((unsigned)k >= ART__COUNT || k == ART_BUGTOOL_ARCHIVE)
		return false;
	return strncmp(kind_info[k].name, "bugtool-", 8) == 0;
}

/* ------------------------------------------------------------------ */
/* Small string helpers on (pointer, length) spans */

static bool
span_eq(const char *s, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	return n == l && memcmp(s, lit, l) == 0;
}

static bool
span_prefix(const char *s, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	return n >= l && memcmp(s, lit, l) == 0;
}

static bool
span_suffix(const char *s, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	return n >= l && memcmp(s + n - l, lit, l) == 0;
}

/* Offset of the first occurrence of lit in s[0..n), or -1. */
static long
span_find(const char *s, size_t n, const char *lit, size_t from)
{
	size_t l = strlen(lit), i;

	if (l == 0 || n < l)
		return -1;
	for (i = from; i + l <= n; i++)
		if (s[i] == lit[0] && memcmp(s + i, lit, l) == 0)
			return (long)i;
	return -1;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* True if s (at least 15 bytes) starts with "YYYYMMDD-HHMMSS". */
static bool
is_ts(const char *s, size_t n)
{
	size_t i;

	if (n < TS_LEN)
		return false;
	for (i = 0; i < TS_LEN; i++) {
		if (i == 8) {
			if (s[i] != '-')
				return false;
		} else if (!is_digit(s[i])) {
			return false;
		}
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* The name pattern language */

/*
 * A pattern is literal text with placeholders:
 *
 *   <ts>             exactly a sysdump timestamp, YYYYMMDD-HHMMSS
 *   <pod>            a pod name
 *   <pod>-<ctr>      a pod name and a container name joined by "-"
 *   <pod>[-<ctr>]    a pod name, optionally followed by "-" and a container
 *   <cnifile>-<pod>  a CNI configuration file name, "-", a pod name
 *   <T>              a bugtool time "<ts>..." (its first 15 characters are
 *                    a timestamp, anything may follow)
 *   <*>              anything
 *
 * At most one placeholder per pattern is variable-width (all but <ts>), so
 * a match is a prefix test plus a suffix test: linear in the name, with no
 * backtracking, whatever a hostile archive names its members.  Variable
 * parts are never empty.
 */
enum var_type {
	VAR_NONE,
	VAR_POD,
	VAR_POD_CTR,
	VAR_POD_OPT_CTR,
	VAR_CNI_POD,
	VAR_BT_TIME,
	VAR_ANY,
};

static const struct {
	const char	*tok;
	enum var_type	 vt;
} var_tokens[] = {
	/* Longest first: "<pod>" is a prefix of the two after it. */
	{ "<pod>[-<ctr>]",	VAR_POD_OPT_CTR },
	{ "<pod>-<ctr>",	VAR_POD_CTR },
	{ "<pod>",		VAR_POD },
	{ "<cnifile>-<pod>",	VAR_CNI_POD },
	{ "<T>",		VAR_BT_TIME },
	{ "<*>",		VAR_ANY },
};

/* What a pattern match captured. */
struct caps {
	const char	*var;		/* the variable part, or NULL */
	size_t		 var_len;
	enum var_type	 vt;
	const char	*ts;		/* a 15-byte timestamp, or NULL */
	unsigned	 score;		/* characters verified */
};

/*
 * If pat starts with a placeholder, return its length and type (VAR_NONE
 * for <ts>); return 0 for a literal character.
 */
static size_t
pat_token(const char *pat, enum var_type *vt)
{
	size_t i;

	if (pat[0] != '<')
		return 0;
	if (strncmp(pat, "<ts>", 4) == 0) {
		*vt = VAR_NONE;
		return 4;
	}
	for (i = 0; i < sizeof(var_tokens) / sizeof(var_tokens[0]); i++) {
		size_t l = strlen(var_tokens[i].tok);

		if (strncmp(pat, var_tokens[i].tok, l) == 0) {
			*vt = var_tokens[i].vt;
			return l;
		}
	}
	return 0;
}

/* Width of a fixed pattern segment (literals and <ts> only). */
static size_t
seg_width(const char *seg, size_t len)
{
	size_t i = 0, w = 0, t;
	enum var_type vt;

	while (i < len) {
		if ((t = pat_token(seg + i, &vt)) != 0) {
			i += t;
			w += TS_LEN;
		} else {
			i++;
			w++;
		}
	}
	return w;
}

/*
 * Match a fixed segment against exactly s[0..slen) (slen is its width).
 * Records a timestamp in caps.
 */
static bool
seg_match(const char *seg, size_t len, const char *s, struct caps *c)
{
	size_t i = 0, j = 0, t;
	enum var_type vt;

	while (i < len) {
		if ((t = pat_token(seg + i, &vt)) != 0) {
			if (!is_ts(s + j, TS_LEN))
				return false;
			c->ts = s + j;
			i += t;
			j += TS_LEN;
		} else {
			if (seg[i] != s[j])
				return false;
			i++;
			j++;
		}
	}
	return true;
}

/* A pod name (or pod-container pair) neither starts nor ends with "-". */
static bool
var_ok(enum var_type vt, const char *v, size_t n)
{
	switch (vt) {
	case VAR_POD:
	case VAR_POD_CTR:
	case VAR_POD_OPT_CTR:
	case VAR_CNI_POD:
		return v[0] != '-' && v[n - 1] != '-';
	case VAR_BT_TIME:
		return is_ts(v, n);
	case VAR_ANY:
	case VAR_NONE:
		break;
	}
	return true;
}

/*
 * Match name s[0..n) against pat; on success fill *c and return true.
 */
static bool
pat_match(const char *pat, const char *s, size_t n, struct caps *c)
{
	size_t plen = strlen(pat), i, t = 0, head_w, tail_w;
	const char *tail;
	enum var_type vt = VAR_NONE;

	memset(c, 0, sizeof(*c));
	/* Find the variable placeholder, if any. */
	for (i = 0; i < plen; i++) {
		if ((t = pat_token(pat + i, &vt)) != 0) {
			if (vt != VAR_NONE)
				break;
			i += t - 1;
		}
	}
	if (i >= plen) {
		/* Fixed pattern: the whole name must match. */
		if (seg_width(pat, plen) != n || !seg_match(pat, plen, s, c))
			return false;
		c->score = (unsigned)n;
		return true;
	}
	head_w = seg_width(pat, i);
	tail = pat + i + t;
	tail_w = seg_width(tail, plen - i - t);
	if (n < head_w + tail_w + 1)
		return false;
	if (!seg_match(pat, i, s, c) ||
	    !seg_match(tail, plen - i - t, s + n - tail_w, c))
		return false;
	c->var = s + head_w;
	c->var_len = n - head_w - tail_w;
	c->vt = vt;
	if (!var_ok(vt, c->var, c->var_len))
		return false;
	if (vt == VAR_BT_TIME && c->ts == NULL)
		c->ts = c->var;
	c->score = (unsigned)(head_w + tail_w);
	if (vt == VAR_BT_TIME)
		c->score += TS_LEN;
	return true;
}

/* ------------------------------------------------------------------ */
/* Pods and containers */

/*
 * Containers whose names appear in per-pod file names, for splitting
 * "<pod>-<ctr>" when the pod names are not known.  The longest matching
 * suffix wins, so "clustermesh-apiserver" beats "apiserver".
 */
static const char *const known_containers[] = {
	/* agent and its init containers */
	"cilium-agent", "config", "mount-cgroup", "apply-sysctl-overwrites",
	"mount-bpf-fs", "clean-cilium-state", "install-cni-binaries",
	"install-portmap-cni-plugin", "wait-for-kube-proxy",
	"wait-for-node-init", "systemd-networkd-overrides",
	/* other Cilium components */
	"cilium-operator", "cilium-envoy", "hubble", "hubble-relay",
	"hubble-ui", "frontend", "backend", "hubble-generate-certs",
	"clustermesh-apiserver", "etcd", "etcd-init", "kvstoremesh",
	"apiserver", "certgen", "cilium-certgen", "node-init",
	"spire-agent", "spire-server", "init", "init-spire",
	"tetragon", "tetragon-operator", "export-stdout", "cilium-sysctlfix",
};

/*
 * Log kinds by container; containers not listed give container-log.
 */
static const struct {
	const char		*ctr;
	enum artifact_kind	 kind;
} log_kinds[] = {
	{ "cilium-agent",		ART_AGENT_LOG },
	{ "cilium-operator",		ART_OPERATOR_LOG },
	{ "cilium-envoy",		ART_ENVOY_LOG },
	{ "hubble-relay",		ART_HUBBLE_LOG },
	{ "hubble-ui",			ART_HUBBLE_LOG },
	{ "frontend",			ART_HUBBLE_LOG },
	{ "backend",			ART_HUBBLE_LOG },
	{ "clustermesh-apiserver",	ART_CLUSTERMESH_LOG },
	{ "etcd",			ART_CLUSTERMESH_LOG },
	{ "kvstoremesh",		ART_CLUSTERMESH_LOG },
	{ "apiserver",			ART_CLUSTERMESH_LOG },
};

/* Compare the key s[0..n) with the string p, as strcmp would. */
static int
key_cmp(const char *s, size_t n, const char *p)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char a = (unsigned char)s[i];
		unsigned char b = (unsigned char)p[i];

		if (b == '\0' || a != b)
			return a < b ? -1 : 1;
	}
	return p[n] == '\0' ? 0 : -1;
}

/* True if s[0..n) is one of the hinted pod names (a binary search). */
static bool
hint_has(const struct classify_hints *h, const char *s, size_t n)
{
	size_t lo = 0, hi;

	if (h == NULL || h->pods == NULL || n == 0 || n > POD_NAME_MAX)
		return false;
	hi = h->npods;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r;

		if (h->pods[mid] == NULL)
			return false;	/* not sorted as promised */
		r = key_cmp(s, n, h->pods[mid]);
		if (r == 0)
			return true;
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

/*
 * Split v[0..n), "<pod>-<ctr>", and return the pod's length (n when there
 * is no container part).  With hints the longest hinted pod name followed
 * by "-" wins; then the longest known container name that ends v; with
 * opt_ctr (the container part is optional) the whole of v is the pod;
 * otherwise the last "-" splits.
 */
static size_t
split_pod_ctr(const char *v, size_t n, bool opt_ctr,
    const struct classify_hints *h)
{
	size_t i, best = 0, l;

	if (opt_ctr && hint_has(h, v, n))
		return n;
	if (n >= 3) {
		i = n - 2 < POD_NAME_MAX ? n - 2 : POD_NAME_MAX;
		for (; i >= 1; i--)
			if (v[i] == '-' && hint_has(h, v, i))
				return i;
	}
	for (i = 0; i < sizeof(known_containers) / sizeof(known_containers[0]);
	    i++) {
		l = strlen(known_containers[i]);
		if (n > l + 1 && l > best && v[n - l - 1] == '-' &&
		    memcmp(v + n - l, known_containers[i], l) == 0)
			best = l;
	}
	if (best)
		return n - best - 1;
	if (opt_ctr)
		return n;
	for (i = n; i > 1; i--)
		if (v[i - 1] == '-' && i < n)
			return i - 1;
	return n;
}

/*
 * Split v[0..n), "<cnifile>-<pod>", and return the offset of the pod.  With
 * hints the longest hinted pod name that ends v wins; then the text after
 * the last CNI file extension (".conflist-", ".conf-", ".json-"); then the
 * text after the first "-" that follows a "."; else all of v.
 */
static size_t
split_cni_pod(const char *v, size_t n, const struct classify_hints *h)
{
	static const char *const exts[] = { ".conflist-", ".conf-", ".json-" };
	size_t i, best = 0;
	long at;

	for (i = n > POD_NAME_MAX + 1 ? n - POD_NAME_MAX - 1 : 1;
	    i + 1 < n; i++)
		if (v[i] == '-' && hint_has(h, v + i + 1, n - i - 1))
			return i + 1;
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		size_t from = 0;

		while ((at = span_find(v, n, exts[i], from)) >= 0) {
			size_t end = (size_t)at + strlen(exts[i]);

			if (end < n && end > best)
				best = end;
			from = (size_t)at + 1;
		}
	}
	if (best)
		return best;
	if ((at = span_find(v, n, ".", 0)) >= 0 &&
	    (at = span_find(v, n, "-", (size_t)at)) >= 0 &&
	    (size_t)at + 1 < n)
		return (size_t)at + 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Sysdump member names (section 1.3 and its history notes) */

enum {
	NR_LOG	= 1 << 0,	/* log kind comes from the container */
	NR_PREV	= 1 << 1,	/* log of the previous container instance */
};

struct name_rule {
	const char		*pat;	/* also the rule text */
	enum artifact_kind	 kind;
	unsigned		 flags;
	const char		*ctr;	/* container implied by the name */
};

static const struct name_rule name_rules[] = {
	/* the collector */
	{ "cilium-sysdump.log",			ART_SYSDUMP_LOG, 0, NULL },
	/* Kubernetes objects */
	{ "k8s-nodes-<ts>.yaml",		ART_K8S_NODES, 0, NULL },
	{ "k8s-version-<ts>.txt",		ART_K8S_VERSION, 0, NULL },
	{ "k8s-events-<ts>.yaml",		ART_K8S_EVENTS, 0, NULL },
	{ "k8s-events-<ts>.html",		ART_K8S_EVENTS_HTML, 0, NULL },
	{ "k8s-namespaces-<ts>.yaml",		ART_K8S_NAMESPACES, 0, NULL },
	{ "k8s-pods-<ts>.yaml",			ART_K8S_PODS, 0, NULL },
	{ "k8s-pods-<ts>.txt",			ART_K8S_PODS_TABLE, 0, NULL },
	{ "k8s-services-<ts>.yaml",		ART_K8S_SERVICES, 0, NULL },
	{ "k8s-networkpolicies-<ts>.yaml",	ART_K8S_NETWORK_POLICIES, 0, NULL },
	{ "k8s-endpoints-<ts>.yaml",		ART_K8S_ENDPOINTS, 0, NULL },
	{ "k8s-endpointslices-<ts>.yaml",	ART_K8S_ENDPOINTSLICES, 0, NULL },
	{ "k8s-leases-<ts>.yaml",		ART_K8S_LEASES, 0, NULL },
	/* Prometheus text despite the .yaml */
	{ "k8s-metrics-<ts>.yaml",		ART_K8S_APISERVER_METRICS, 0, NULL },
	{ "k8s-node-memory-cpu-usage-<ts>.txt",	ART_K8S_RESOURCE_USAGE, 0, NULL },
	{ "k8s-pod-memory-cpu-usage-<ts>.txt",	ART_K8S_RESOURCE_USAGE, 0, NULL },
	/* all Ingresses, despite the name */
	{ "ciliumingresses-<ts>.yaml",		ART_K8S_INGRESSES, 0, NULL },
	{ "ingressclasses-<ts>.yaml",		ART_K8S_INGRESS_CLASSES, 0, NULL },
	{ "gatewayapi-gatewayclasses-<ts>.yaml", ART_GATEWAY_API, 0, NULL },
	{ "gatewayapi-gateways-<ts>.yaml",	ART_GATEWAY_API, 0, NULL },
	{ "gatewayapi-listenersets-<ts>.yaml",	ART_GATEWAY_API, 0, NULL },
	{ "gatewayapi-httproutes-<ts>.yaml",	ART_GATEWAY_API, 0, NULL },
	{ "gatewayapi-tlsroutes-<ts>.yaml",	ART_GATEWAY_API, 0, NULL },
	{ "gatewayapi-grpcroutes-<ts>.yaml",	ART_GATEWAY_API, 0, NULL },
	{ "gatewayapi-tcroutes-<ts>.yaml",	ART_GATEWAY_API, 0, NULL },
	{ "gatewayapi-tcproutes-<ts>.yaml",	ART_GATEWAY_API, 0, NULL },
	{ "gatewayapi-udproutes-<ts>.yaml",	ART_GATEWAY_API, 0, NULL },
	{ "gatewayapi-backendtlspolicies-<ts>.yaml", ART_GATEWAY_API, 0, NULL },
	{ "gatewayapi-referencegrants-<ts>.yaml", ART_GATEWAY_API, 0, NULL },
	{ "gatewayapi-<*>-<ts>.yaml",		ART_GATEWAY_API, 0, NULL },
	/* Cilium configuration and deployment */
	{ "cilium-configmap-<ts>.yaml",		ART_CILIUM_CONFIGMAP, 0, NULL },
	/* the name until Sep 2021 */
	{ "cilium-config-configmap-<ts>.yaml",	ART_CILIUM_CONFIGMAP, 0, NULL },
	{ "cilium-daemonset-<ts>.yaml",		ART_CILIUM_DAEMONSET, 0, NULL },
	{ "cilium-operator-deployment-<ts>.yaml", ART_CILIUM_OPERATOR_DEPLOYMENT, 0, NULL },
	{ "cilium-envoy-configmap-<ts>.yaml",	ART_CILIUM_ENVOY_CONFIGMAP, 0, NULL },
	{ "cilium-envoy-daemonset-<ts>.yaml",	ART_CILIUM_ENVOY_DAEMONSET, 0, NULL },
	{ "cilium-node-init-daemonset-<ts>.yaml", ART_CILIUM_NODE_INIT_DAEMONSET, 0, NULL },
	{ "cni-configmap-<ts>.yaml",		ART_CNI_CONFIGMAP, 0, NULL },
	/* written only by CLIs before May 2023 */
	{ "cilium-etcd-secrets-secret-<ts>.yaml", ART_CILIUM_ETCD_SECRET, 0, NULL },
	{ "cilium-helm-values-<ts>.yaml",	ART_CILIUM_HELM_VALUES, 0, NULL },
	{ "cilium-helm-metadata-<ts>.yaml",	ART_CILIUM_HELM_METADATA, 0, NULL },
	{ "hubble-relay-configmap-<ts>.yaml",	ART_HUBBLE_OBJECTS, 0, NULL },
	{ "hubble-relay-deployment-<ts>.yaml",	ART_HUBBLE_OBJECTS, 0, NULL },
	{ "hubble-ui-deployment-<ts>.yaml",	ART_HUBBLE_OBJECTS, 0, NULL },
	{ "hubble-daemonset-<ts>.yaml",		ART_HUBBLE_OBJECTS, 0, NULL },
	{ "hubble-generate-certs-cronjob-<ts>.yaml", ART_HUBBLE_OBJECTS, 0, NULL },
	{ "hubble-certificates-<ts>.yaml",	ART_HUBBLE_OBJECTS, 0, NULL },
	{ "clustermesh-certificates-<ts>.yaml",	ART_CLUSTERMESH_OBJECTS, 0, NULL },
	{ "clustermesh-apiserver-deployment-<ts>.yaml", ART_CLUSTERMESH_OBJECTS, 0, NULL },
	{ "clustermesh-generate-certs-cronjob-<ts>.yaml", ART_CLUSTERMESH_OBJECTS, 0, NULL },
	{ "cilium-spire-agent-daemonset-<ts>.yaml", ART_SPIRE_OBJECTS, 0, NULL },
	{ "cilium-spire-agent-configmap-<ts>.yaml", ART_SPIRE_OBJECTS, 0, NULL },
	{ "cilium-spire-server-statefulset-<ts>.yaml", ART_SPIRE_OBJECTS, 0, NULL },
	{ "cilium-spire-server-configmap-<ts>.yaml", ART_SPIRE_OBJECTS, 0, NULL },
	{ "aws-node-daemonset-<ts>.yaml",	ART_CLOUD_OBJECTS, 0, NULL },
	{ "aws-securitygrouppolicies-<ts>.yaml", ART_CLOUD_OBJECTS, 0, NULL },
	{ "aws-eniconfigs-<ts>.yaml",		ART_CLOUD_OBJECTS, 0, NULL },
	{ "gke-cilium-hubble-config-<ts>.yaml",	ART_CLOUD_OBJECTS, 0, NULL },
	{ "gke-cilium-override-config-<ts>.yaml", ART_CLOUD_OBJECTS, 0, NULL },
	{ "tetragon-helm-values-<ts>.yaml",	ART_TETRAGON_OBJECTS, 0, NULL },
	{ "tetragon-helm-metadata-<ts>.yaml",	ART_TETRAGON_OBJECTS, 0, NULL },
	{ "tetragonpodinfo-<ts>.yaml",		ART_TETRAGON_OBJECTS, 0, NULL },
	{ "tetragontracingpolicy-<ts>.yaml",	ART_TETRAGON_OBJECTS, 0, NULL },
	{ "tetragontracingpolicynamespaced-<ts>.yaml", ART_TETRAGON_OBJECTS, 0, NULL },
	/* kvstore dumps carry no timestamp */
	{ "kvstore-identities.json",		ART_KVSTORE_DUMP, 0, NULL },
	{ "kvstore-ips.json",			ART_KVSTORE_DUMP, 0, NULL },
	{ "kvstore-nodes.json",			ART_KVSTORE_DUMP, 0, NULL },
	{ "kvstore-cnpstatuses.json",		ART_KVSTORE_DUMP, 0, NULL },
	{ "kvstore-heartbeat.json",		ART_KVSTORE_DUMP, 0, NULL },
	{ "kvstore-services.json",		ART_KVSTORE_DUMP, 0, NULL },
	{ "kvstore-<*>.json",			ART_KVSTORE_DUMP, 0, NULL },
	/* Cilium CRDs */
	{ "ciliumnetworkpolicies-<ts>.yaml",	ART_CILIUM_NETWORK_POLICIES, 0, NULL },
	{ "ciliumclusterwidenetworkpolicies-<ts>.yaml", ART_CILIUM_CLUSTERWIDE_NETWORK_POLICIES, 0, NULL },
	{ "ciliumendpoints-<ts>.yaml",		ART_CILIUM_ENDPOINTS, 0, NULL },
	{ "ciliumendpointslices-<ts>.yaml",	ART_CILIUM_ENDPOINT_SLICES, 0, NULL },
	{ "ciliumidentities-<ts>.yaml",		ART_CILIUM_IDENTITIES, 0, NULL },
	{ "ciliumnodes-<ts>.yaml",		ART_CILIUM_NODES, 0, NULL },
	{ "ciliumnodeconfigs-<ts>.yaml",	ART_CILIUM_NODE_CONFIGS, 0, NULL },
	{ "ciliumegressgatewaypolicies-<ts>.yaml", ART_CILIUM_EGRESS_GATEWAY_POLICIES, 0, NULL },
	/* removed in 2025 */
	{ "ciliumegressnatpolicies-<ts>.yaml",	ART_CILIUM_EGRESS_NAT_POLICIES, 0, NULL },
	{ "ciliumcidrgroups-<ts>.yaml",		ART_CILIUM_CIDR_GROUPS, 0, NULL },
	{ "ciliumlocalredirectpolicies-<ts>.yaml", ART_CILIUM_LOCAL_REDIRECT_POLICIES, 0, NULL },
	{ "ciliumpodippools-<ts>.yaml",		ART_CILIUM_POD_IP_POOLS, 0, NULL },
	{ "ciliumloadbalancerippools-<ts>.yaml", ART_CILIUM_LB_IP_POOLS, 0, NULL },
	{ "ciliuml2announcementpolicies-<ts>.yaml", ART_CILIUM_L2_ANNOUNCEMENT_POLICIES, 0, NULL },
	{ "ciliumbgppeeringpolicies-<ts>.yaml",	ART_CILIUM_BGP, 0, NULL },
	{ "ciliumbgpclusterconfigs-<ts>.yaml",	ART_CILIUM_BGP, 0, NULL },
	{ "ciliumbgppeerconfigs-<ts>.yaml",	ART_CILIUM_BGP, 0, NULL },
	{ "ciliumbgpadvertisements-<ts>.yaml",	ART_CILIUM_BGP, 0, NULL },
	{ "ciliumbgpnodeconfigs-<ts>.yaml",	ART_CILIUM_BGP, 0, NULL },
	{ "ciliumbgpnodeconfigoverrides-<ts>.yaml", ART_CILIUM_BGP, 0, NULL },
	{ "ciliumenvoyconfigs-<ts>.yaml",	ART_CILIUM_ENVOY_CONFIGS, 0, NULL },
	{ "ciliumclusterwideenvoyconfigs-<ts>.yaml", ART_CILIUM_ENVOY_CONFIGS, 0, NULL },
	/* removed in 2025; singular in the collector's constant */
	{ "ciliumexternalworkload-<ts>.yaml",	ART_CILIUM_EXTERNAL_WORKLOADS, 0, NULL },
	{ "ciliumexternalworkloads-<ts>.yaml",	ART_CILIUM_EXTERNAL_WORKLOADS, 0, NULL },
	{ "ciliumgatewayclassconfigs-<ts>.yaml", ART_CILIUM_GATEWAY_CLASS_CONFIGS, 0, NULL },
	/* per pod: logs */
	{ "logs-<pod>-<ctr>-<ts>.log",		ART_CONTAINER_LOG, NR_LOG, NULL },
	{ "logs-<pod>-<ctr>-<ts>-prev.log",	ART_CONTAINER_LOG, NR_LOG | NR_PREV, NULL },
	/* gops and profiles */
	{ "gops-<pod>-<ctr>-<ts>-memstats.txt",	ART_GOPS, 0, NULL },
	{ "gops-<pod>-<ctr>-<ts>-stack.txt",	ART_GOPS, 0, NULL },
	{ "gops-<pod>-<ctr>-<ts>-stats.txt",	ART_GOPS, 0, NULL },
	{ "<pod>[-<ctr>]-pprof-heap-<ts>.pprof", ART_PROFILE, 0, NULL },
	{ "<pod>[-<ctr>]-pprof-cpu-<ts>.pprof",	ART_PROFILE, 0, NULL },
	{ "<pod>-trace-<ts>.trace",		ART_PROFILE, 0, NULL },
	/* component metrics: since May 2024, then the Aug 2023-Apr 2024 names */
	{ "metrics-<pod>-<ctr>-<ts>.txt",	ART_COMPONENT_METRICS, 0, NULL },
	{ "cilium-operator-pod-<pod>-metrics-<ts>.yaml", ART_COMPONENT_METRICS, 0, "cilium-operator" },
	{ "clustermesh-apiserver-<pod>-metrics-<ts>.yaml", ART_COMPONENT_METRICS, 0, "apiserver" },
	{ "clustermesh-kvstoremesh-<pod>-metrics-<ts>.yaml", ART_COMPONENT_METRICS, 0, "kvstoremesh" },
	{ "cilium-clustermesh-etcd-<pod>-metrics-<ts>.yaml", ART_COMPONENT_METRICS, 0, "etcd" },
	/* operator and clustermesh debug commands: <pod>-<ctr>-<task>-<ts>.<ext> */
	{ "<pod>-<ctr>-statedb-dump-<ts>.json",	ART_COMPONENT_DEBUG, 0, NULL },
	{ "<pod>-<ctr>-status-clustermesh-<ts>.txt", ART_COMPONENT_DEBUG, 0, NULL },
	{ "<pod>-<ctr>-troubleshoot-kvstore-<ts>.txt", ART_COMPONENT_DEBUG, 0, NULL },
	{ "<pod>-<ctr>-troubleshoot-clustermesh-<ts>.txt", ART_COMPONENT_DEBUG, 0, NULL },
	{ "<pod>-<ctr>-version-<ts>.txt",	ART_COMPONENT_DEBUG, 0, NULL },
	{ "<pod>-<ctr>-troubleshoot-<ts>.txt",	ART_COMPONENT_DEBUG, 0, NULL },
	{ "<pod>-<ctr>-kvstore-list-<ts>.txt",	ART_COMPONENT_DEBUG, 0, NULL },
	{ "<pod>-<ctr>-status-<ts>.txt",	ART_COMPONENT_DEBUG, 0, NULL },
	{ "<pod>-<ctr>-status-<ts>.json",	ART_COMPONENT_DEBUG, 0, NULL },
	/* agent pod extras */
	{ "cniconf-<cnifile>-<pod>-<ts>.txt",	ART_CNI_CONFIG, 0, NULL },
	{ "hubble-flows-<pod>-<ts>.json",	ART_HUBBLE_FLOWS, 0, NULL },
	{ "hubble-observe-<pod>-<ts>.log",	ART_HUBBLE_OBSERVE_LOG, 0, NULL },
	{ "cilium-spire-server-entries-<pod>-<ts>.json", ART_SPIRE_ENTRIES, 0, NULL },
	/* bugtool archives left behind (.tar before Dec 2021) */
	{ "cilium-bugtool-<pod>-<ts>.tar.gz",	ART_BUGTOOL_ARCHIVE, 0, NULL },
	{ "cilium-bugtool-<pod>-<ts>.tgz",	ART_BUGTOOL_ARCHIVE, 0, NULL },
	{ "cilium-bugtool-<pod>-<ts>.tar",	ART_BUGTOOL_ARCHIVE, 0, NULL },
	/* a standalone bugtool's own archive: cilium-bugtool-<T>-<R> */
	{ "cilium-bugtool-<T>.tar.gz",		ART_BUGTOOL_ARCHIVE, 0, NULL },
	{ "cilium-bugtool-<T>.tgz",		ART_BUGTOOL_ARCHIVE, 0, NULL },
	{ "cilium-bugtool-<T>.tar",		ART_BUGTOOL_ARCHIVE, 0, NULL },
	{ "tetragon-bugtool-<pod>-<ts>.tar.gz",	ART_TETRAGON_BUGTOOL, 0, NULL },
	{ "tetragon-bugtool-<pod>-<ts>.tgz",	ART_TETRAGON_BUGTOOL, 0, NULL },
	{ "tetragon-bugtool-<pod>-<ts>.tar",	ART_TETRAGON_BUGTOOL, 0, NULL },
};

/*
 * Fixed file names in a bugtool tree (not command outputs, or not named by
 * the command rule).
 */
struct bt_file_rule {
	const char		*pat;
	enum artifact_kind	 kind;
};

static const struct bt_file_rule bt_file_rules[] = {
	/* Envoy admin socket dumps */
	{ "envoy-config.json",		ART_BUGTOOL_ENVOY },
	{ "envoy-listeners.txt",	ART_BUGTOOL_ENVOY },
	{ "envoy-clusters.txt",		ART_BUGTOOL_ENVOY },
	{ "envoy-server-info.json",	ART_BUGTOOL_ENVOY },
	{ "envoy-metrics.txt",		ART_BUGTOOL_ENVOY },
	{ "envoy-<*>.json",		ART_BUGTOOL_ENVOY },
	{ "envoy-<*>.txt",		ART_BUGTOOL_ENVOY },
	{ "hubble-metrics.txt",		ART_BUGTOOL_HUBBLE_METRICS },
	/* --get-pprof mode */
	{ "pprof-cpu",			ART_BUGTOOL_PPROF },
	{ "pprof-heap",			ART_BUGTOOL_PPROF },
	{ "pprof-trace",		ART_BUGTOOL_PPROF },
	{ "pprof-<*>",			ART_BUGTOOL_PPROF },
	/* written by `debuginfo --output-directory`; <T> is its own time */
	{ "cilium-debuginfo-<T>.json",	ART_BUGTOOL_DEBUGINFO_JSON },
	{ "cilium-debuginfo-<T>.md",	ART_BUGTOOL_DEBUGINFO_MD },
};

static const struct bt_file_rule kernel_config_rules[] = {
	{ "kernel-config",		ART_BUGTOOL_KERNEL_CONFIG },
	{ "kernel-config.gz",		ART_BUGTOOL_KERNEL_CONFIG },
	{ "kernel-config-<*>",		ART_BUGTOOL_KERNEL_CONFIG },
};

/* ------------------------------------------------------------------ */
/* Bugtool cmd/ outputs (sections 2.3 to 2.5) */

/*
 * A command rule matches the start of the command text (the file name
 * without its binary prefix and extension) at a word boundary: "status"
 * matches "status" and "status---verbose", not "statedb".  CR_EXACT rules
 * match the whole text.  A kind covers one command with any flags; the
 * longest matching command wins.  `fn`, when set, refines the kind from the
 * command's arguments (the ip and bpftool object words).
 */
enum {
	CR_EXACT = 1 << 0,
};

typedef enum artifact_kind (*cmd_refine_fn)(const char *, size_t,
    const char **);

struct cmd_rule {
	const char		*cmd;
	enum artifact_kind	 kind;
	unsigned		 flags;
	cmd_refine_fn		 fn;
	const char		*rule;
};

/* Commands of the cilium (<= 1.14) and cilium-dbg (>= 1.15) binaries. */
static const struct cmd_rule cilium_cmd_rules[] = {
	{ "status", ART_BUGTOOL_STATUS, 0, NULL, "cmd/cilium[-dbg]-status*" },
	{ "version", ART_BUGTOOL_VERSION, 0, NULL, "cmd/cilium[-dbg]-version*" },
	{ "endpoint-list", ART_BUGTOOL_ENDPOINT_LIST, 0, NULL, "cmd/cilium[-dbg]-endpoint-list*" },
	{ "endpoint-get", ART_BUGTOOL_ENDPOINT_GET, 0, NULL, "cmd/cilium[-dbg]-endpoint-get*" },
	{ "identity-list", ART_BUGTOOL_IDENTITY_LIST, 0, NULL, "cmd/cilium[-dbg]-identity-list*" },
	{ "policy-get", ART_BUGTOOL_POLICY_GET, 0, NULL, "cmd/cilium[-dbg]-policy-get*" },
	{ "policy-selectors", ART_BUGTOOL_POLICY_SELECTORS, 0, NULL, "cmd/cilium[-dbg]-policy-selectors*" },
	{ "bpf-policy-get", ART_BUGTOOL_BPF_POLICY_GET, 0, NULL, "cmd/cilium[-dbg]-bpf-policy-get*" },
	{ "bpf-ipcache-list", ART_BUGTOOL_BPF_IPCACHE_LIST, 0, NULL, "cmd/cilium[-dbg]-bpf-ipcache-list*" },
	{ "ip-list", ART_BUGTOOL_IP_LIST, 0, NULL, "cmd/cilium[-dbg]-ip-list*" },
	{ "bpf-lb-list", ART_BUGTOOL_BPF_LB_LIST, 0, NULL, "cmd/cilium[-dbg]-bpf-lb-list*" },
	{ "service-list", ART_BUGTOOL_SERVICE_LIST, 0, NULL, "cmd/cilium[-dbg]-service-list*" },
	{ "bpf-ct-list", ART_BUGTOOL_BPF_CT_LIST, 0, NULL, "cmd/cilium[-dbg]-bpf-ct-list*" },
	{ "bpf-nat-list", ART_BUGTOOL_BPF_NAT_LIST, 0, NULL, "cmd/cilium[-dbg]-bpf-nat-list*" },
	{ "bpf-metrics-list", ART_BUGTOOL_BPF_METRICS, 0, NULL, "cmd/cilium[-dbg]-bpf-metrics-list*" },
	{ "bpf", ART_BUGTOOL_BPF_OTHER, 0, NULL, "cmd/cilium[-dbg]-bpf-*" },
	/* cilium-health-status, and the bogus 1.15/1.16 cilium-dbg-health-status */
	{ "health-status", ART_BUGTOOL_HEALTH_STATUS, 0, NULL, "cmd/cilium[-dbg]-health-status*" },
	{ "map-list", ART_BUGTOOL_MAP_LIST, 0, NULL, "cmd/cilium[-dbg]-map-list*" },
	{ "metrics-list", ART_BUGTOOL_METRICS, 0, NULL, "cmd/cilium[-dbg]-metrics-list*" },
	{ "config", ART_BUGTOOL_CONFIG, 0, NULL, "cmd/cilium[-dbg]-config*" },
	{ "node-list", ART_BUGTOOL_NODE_LIST, 0, NULL, "cmd/cilium[-dbg]-node-list*" },
	{ "fqdn-cache", ART_BUGTOOL_FQDN_CACHE, 0, NULL, "cmd/cilium[-dbg]-fqdn-cache*" },
	{ "bgp", ART_BUGTOOL_BGP, 0, NULL, "cmd/cilium[-dbg]-bgp-*" },
	{ "shell----bgp", ART_BUGTOOL_BGP, 0, NULL, "cmd/cilium[-dbg]-shell----bgp-*" },
	{ "encrypt-status", ART_BUGTOOL_ENCRYPT_STATUS, 0, NULL, "cmd/cilium[-dbg]-encrypt-status*" },
	{ "statedb", ART_BUGTOOL_STATEDB, 0, NULL, "cmd/cilium[-dbg]-statedb*" },
	{ "shell----statedb", ART_BUGTOOL_STATEDB, 0, NULL, "cmd/cilium[-dbg]-shell----statedb*" },
	{ "troubleshoot", ART_BUGTOOL_TROUBLESHOOT, 0, NULL, "cmd/cilium[-dbg]-troubleshoot*" },
	/*
	 * Plain `cilium debuginfo` prints the debuginfo itself; with
	 * --output-directory the file only says where the output went, so
	 * that one is bugtool-cilium-other (the default below).
	 */
	{ "debuginfo", ART_BUGTOOL_DEBUGINFO_MD, CR_EXACT, NULL, "cmd/cilium[-dbg]-debuginfo.md" },
};

static enum artifact_kind refine_ip(const char *, size_t, const char **);
static enum artifact_kind refine_bpftool(const char *, size_t, const char **);

/* Host commands, run without a cilium prefix. */
static const struct cmd_rule host_cmd_rules[] = {
	{ "uname", ART_BUGTOOL_UNAME, 0, NULL, "cmd/uname*" },
	{ "ip", ART_BUGTOOL_HOST, 0, refine_ip, "cmd/ip-*" },
	{ "iptables", ART_BUGTOOL_IPTABLES, 0, NULL, "cmd/iptables*" },
	{ "ip6tables", ART_BUGTOOL_IPTABLES, 0, NULL, "cmd/ip6tables*" },
	{ "nft", ART_BUGTOOL_IPTABLES, 0, NULL, "cmd/nft*" },
	{ "ebtables", ART_BUGTOOL_IPTABLES, 0, NULL, "cmd/ebtables*" },
	{ "tc", ART_BUGTOOL_TC, 0, NULL, "cmd/tc-*" },
	{ "bpftool", ART_BUGTOOL_BPFTOOL_OTHER, 0, refine_bpftool, "cmd/bpftool-*" },
	{ "gops", ART_BUGTOOL_GOPS, 0, NULL, "cmd/gops-*" },
	/* IPsec error counters, snapshot at the start and (-u) at the end */
	{ "cat--proc-net-xfrm_stat", ART_BUGTOOL_XFRM, CR_EXACT, NULL, "cmd/cat--proc-net-xfrm_stat.md" },
	{ "cat--u--proc-net-xfrm_stat", ART_BUGTOOL_XFRM, CR_EXACT, NULL, "cmd/cat--u--proc-net-xfrm_stat.md" },
	{ "ps", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "hostname", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "ss", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "top", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "uptime", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "dmesg", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "sysctl", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "ipset", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "lsmod", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "taskset", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "cat", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "ls", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "find", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "cp", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "devlink", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "lspci", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "ethtool", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "mount", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "df", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "free", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "lscpu", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "lsof", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "journalctl", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "conntrack", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "netstat", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "nstat", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "bridge", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "route", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "arp", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "ifconfig", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
	{ "date", ART_BUGTOOL_HOST, 0, NULL, "cmd/<host command>*" },
};

/*
 * The next word of a command text after position *pos, skipping the flags:
 * the file name rule turns " -x" into "--x", so splitting on "-" gives an
 * empty word before each flag.  Returns false at the end.
 */
static bool
cmd_next_word(const char *c, size_t n, size_t *pos, const char **w,
    size_t *wl)
{
	bool flag = false;

	while (*pos < n) {
		size_t start = *pos, l;

		while (*pos < n && c[*pos] != '-')
			(*pos)++;
		l = *pos - start;
		if (*pos < n)
			(*pos)++;	/* the "-" */
		if (l == 0) {
			flag = true;
			continue;
		}
		if (flag) {
			flag = false;
			continue;
		}
		*w = c + start;
		*wl = l;
		return true;
	}
	return false;
}

static bool
word_in(const char *w, size_t wl, const char *const *list)
{
	for (; *list != NULL; list++)
		if (span_eq(w, wl, *list))
			return true;
	return false;
}

/*
 * `ip [flags] <object> ...`: the object names the kind (iproute2 accepts
 * abbreviations, and bugtool uses them: "ip a", "ip -4 r", "ip -d -s l").
 */
static enum artifact_kind
refine_ip(const char *c, size_t n, const char **rule)
{
	static const char *const addr[] = { "a", "ad", "addr", "address", NULL };
	static const char *const route[] = { "r", "ro", "rou", "route", NULL };
	static const char *const link[] = { "l", "li", "lin", "link", NULL };
	static const char *const neigh[] = { "n", "ne", "nei", "neigh",
	    "neighbor", "neighbour", NULL };
	static const char *const rule_w[] = { "ru", "rul", "rule", NULL };
	static const char *const xfrm[] = { "x", "xf", "xfrm", NULL };
	size_t pos = 0, wl;
	const char *w;

	if (!cmd_next_word(c, n, &pos, &w, &wl) ||	/* "ip" */
	    !cmd_next_word(c, n, &pos, &w, &wl))
		return ART_BUGTOOL_HOST;
	if (word_in(w, wl, addr)) {
		*rule = "cmd/ip-[flags-]a[ddr]*";
		return ART_BUGTOOL_IP_ADDR;
	}
	if (word_in(w, wl, route)) {
		*rule = "cmd/ip-[flags-]r[oute]*";
		return ART_BUGTOOL_IP_ROUTE;
	}
	if (word_in(w, wl, link)) {
		*rule = "cmd/ip-[flags-]l[ink]*";
		return ART_BUGTOOL_IP_LINK;
	}
	if (word_in(w, wl, neigh)) {
		*rule = "cmd/ip-[flags-]n[eigh]*";
		return ART_BUGTOOL_IP_NEIGH;
	}
	if (word_in(w, wl, rule_w)) {
		*rule = "cmd/ip-[flags-]rule*";
		return ART_BUGTOOL_IP_RULE;
	}
	if (word_in(w, wl, xfrm)) {
		*rule = "cmd/ip-[flags-]xfrm*";
		return ART_BUGTOOL_XFRM;
	}
	return ART_BUGTOOL_HOST;
}

/*
 * `bpftool [flags] prog|net|map show|list`: the listings have kinds of their
 * own; map dumps, cgroup trees and the rest are bpftool-other.
 */
static enum artifact_kind
refine_bpftool(const char *c, size_t n, const char **rule)
{
	static const char *const listing[] = { "show", "list", NULL };
	size_t pos = 0, wl, sl;
	const char *w, *sub;
	bool has_sub;

	if (!cmd_next_word(c, n, &pos, &w, &wl) ||	/* "bpftool" */
	    !cmd_next_word(c, n, &pos, &w, &wl))
		return ART_BUGTOOL_BPFTOOL_OTHER;
	has_sub = cmd_next_word(c, n, &pos, &sub, &sl);
	if (has_sub && !word_in(sub, sl, listing))
		return ART_BUGTOOL_BPFTOOL_OTHER;
	if (span_eq(w, wl, "prog") || span_eq(w, wl, "p")) {
		*rule = "cmd/bpftool-prog-show*";
		return ART_BUGTOOL_BPFTOOL_PROG;
	}
	if (span_eq(w, wl, "net") || span_eq(w, wl, "n")) {
		*rule = "cmd/bpftool-net-show*";
		return ART_BUGTOOL_BPFTOOL_NET;
	}
	if (span_eq(w, wl, "map") || span_eq(w, wl, "m")) {
		*rule = "cmd/bpftool-map-show*";
		return ART_BUGTOOL_BPFTOOL_MAP;
	}
	return ART_BUGTOOL_BPFTOOL_OTHER;
}

/*
 * Bid with every rule in tab for the command text c[0..n); return the
 * winner or NULL.
 */
static const struct cmd_rule *
cmd_rules_pick(const struct cmd_rule *tab, size_t ntab, const char *c,
    size_t n)
{
	const struct cmd_rule *best = NULL;
	size_t i, best_len = 0;

	for (i = 0; i < ntab; i++) {
		size_t l = strlen(tab[i].cmd);

		if (n < l || memcmp(c, tab[i].cmd, l) != 0)
			continue;
		if (tab[i].flags & CR_EXACT) {
			if (n != l)
				continue;
		} else if (n != l && c[l] != '-') {
			continue;
		}
		if (best == NULL || l > best_len) {
			best = &tab[i];
			best_len = l;
		}
	}
	return best;
}

/* True if the command's flags ask for JSON output ("-o json" and kin). */
static bool
cmd_wants_json(const char *c, size_t n)
{
	static const char *const marks[] = { "--o-json", "--o=json",
	    "--ojson", "---output-json", "---output=json" };
	size_t i;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (span_find(c, n, marks[i], 0) >= 0)
			return true;
	return false;
}

/*
 * Strip an old --k8s-mode prefix,
 * "kubectl-exec-<pod>--c-<ctr>--n-<ns>----<cmd>", from name[0..*n): fill
 * in the pod and container when the path did not say, and advance past it.
 */
static void
strip_k8s_mode(const char **name, size_t *n, struct classification *out)
{
	const char *s = *name, *opts;
	size_t l = *n, ol, pl;
	long sep, at, end;

	if (!span_prefix(s, l, "kubectl-exec-"))
		return;
	opts = s + 13;
	ol = l - 13;
	if ((sep = span_find(opts, ol, "----", 0)) <= 0)
		return;
	at = span_find(opts, (size_t)sep, "--", 0);
	pl = at < 0 ? (size_t)sep : (size_t)at;
	if (out->pod == NULL && pl > 0)
		out->pod = xstrndup(opts, pl);
	if (out->container == NULL &&
	    (at = span_find(opts, (size_t)sep, "--c-", 0)) >= 0) {
		at += 4;
		end = span_find(opts, (size_t)sep, "--", (size_t)at);
		if (end < 0)
			end = sep;
		if (end > at)
			out->container = xstrndup(opts + at,
			    (size_t)(end - at));
	}
	*name = opts + sep + 4;
	*n = ol - (size_t)sep - 4;
}

/*
 * Classify the bugtool command output `name` (a cmd/ file): sets kind,
 * rule, command, json and dbg_binary.
 */
static void
classify_cmd_file(const char *name, size_t n, struct classification *out)
{
	const struct cmd_rule *r;
	const char *c = name, *rule;
	size_t i, cl = n;
	struct caps caps;
	unsigned best = 0;
	bool cilium = false, found = false;

	out->command = xstrndup(name, n);
	out->kind = ART_BUGTOOL_OTHER;
	out->rule = "cmd/<other>";
	strip_k8s_mode(&c, &cl, out);

	for (i = 0; i < sizeof(bt_file_rules) / sizeof(bt_file_rules[0]); i++) {
		if (pat_match(bt_file_rules[i].pat, c, cl, &caps) &&
		    (!found || caps.score > best)) {
			found = true;
			best = caps.score;
			out->kind = bt_file_rules[i].kind;
			out->rule = bt_file_rules[i].pat;
		}
	}
	if (span_suffix(c, cl, ".json"))
		out->json = true;
	if (found)
		return;

	/* The command text: no extension, no binary prefix. */
	if (span_suffix(c, cl, ".md"))
		cl -= 3;
	else if (span_suffix(c, cl, ".html"))
		cl -= 5;
	else if (span_suffix(c, cl, ".json"))
		cl -= 5;
	else if (span_suffix(c, cl, ".txt"))
		cl -= 4;
	if (cmd_wants_json(c, cl))
		out->json = true;
	if (span_prefix(c, cl, "cilium-dbg-")) {
		out->dbg_binary = true;
		cilium = true;
		c += 11;
		cl -= 11;
	} else if (span_prefix(c, cl, "cilium-")) {
		cilium = true;
		c += 7;
		cl -= 7;
	}

	if (cilium) {
		r = cmd_rules_pick(cilium_cmd_rules, sizeof(cilium_cmd_rules) /
		    sizeof(cilium_cmd_rules[0]), c, cl);
		if (r == NULL) {
			out->kind = ART_BUGTOOL_CILIUM_OTHER;
			out->rule = "cmd/cilium[-dbg]-<other>";
			return;
		}
	} else {
		r = cmd_rules_pick(host_cmd_rules, sizeof(host_cmd_rules) /
		    sizeof(host_cmd_rules[0]), c, cl);
		if (r == NULL)
			return;		/* bugtool-other */
	}
	out->kind = r->kind;
	out->rule = r->rule;
	if (r->fn != NULL) {
		rule = r->rule;
		out->kind = r->fn(c, cl, &rule);
		out->rule = rule;
	}
}

/* ------------------------------------------------------------------ */
/* Bugtool directories and archives in a path */

static const char *const archive_exts[] = {
	".tar.gz", ".tgz", ".tar", ".tar.xz", ".tar.bz2", ".tar.zst", ".zip",
};

/* Length of name[0..n) without an archive extension. */
static size_t
strip_archive_ext(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(archive_exts) / sizeof(archive_exts[0]); i++)
		if (span_suffix(name, n, archive_exts[i]))
			return n - strlen(archive_exts[i]);
	return n;
}

/*
 * If the path component c[0..n) is a bugtool directory or archive with the
 * given prefix ("cilium-bugtool-" or "tetragon-bugtool-"), return true and
 * point *body and *bl at what follows the prefix (without archive extension).
 * Also recognizes "P-cilium-bugtool-<T>-<R>" from --archive-prefix.
 */
static bool
bugtool_component(const char *c, size_t n, const char *prefix,
    const char **body, size_t *bl)
{
	size_t pl = strlen(prefix), from = 0;
	long at;

	n = strip_archive_ext(c, n);
	if (span_prefix(c, n, prefix)) {
		*body = c + pl;
		*bl = n - pl;
		return true;
	}
	/* --archive-prefix: "-<prefix>" followed by the bugtool time */
	while ((at = span_find(c, n, prefix, from)) > 0) {
		size_t b = (size_t)at + pl;

		if (c[at - 1] == '-' && is_ts(c + b, n - b)) {
			*body = c + b;
			*bl = n - b;
			return true;
		}
		from = (size_t)at + 1;
	}
	return false;
}

/*
 * Pull the pod and timestamp out of a bugtool component's body: either
 * "<pod>-<ts>" (as the sysdump collector names it) or "<T>-<R>" (the
 * bugtool's own name, which carries no pod; its time's first 15 characters
 * are the timestamp).
 */
static void
bugtool_body_owner(const char *b, size_t n, struct classification *out)
{
	if (n > TS_LEN + 1 && b[n - TS_LEN - 1] == '-' &&
	    is_ts(b + n - TS_LEN, TS_LEN) && b[0] != '-') {
		out->pod = xstrndup(b, n - TS_LEN - 1);
		out->timestamp = xstrndup(b + n - TS_LEN, TS_LEN);
	} else if (is_ts(b, n)) {
		out->timestamp = xstrndup(b, TS_LEN);
	}
}

/* ------------------------------------------------------------------ */
/* Path walking */

struct span {
	const char	*p;
	size_t		 n;
};

/* The next non-empty component of path[0..len) from *pos. */
static bool
next_component(const char *path, size_t len, size_t *pos, struct span *c)
{
	size_t start;

	for (;;) {
		while (*pos < len && path[*pos] == '/')
			(*pos)++;
		if (*pos >= len)
			return false;
		start = *pos;
		while (*pos < len && path[*pos] != '/')
			(*pos)++;
		c->p = path + start;
		c->n = *pos - start;
		if (!span_eq(c->p, c->n, "."))
			return true;
	}
}

/*
 * Classify a member of a bugtool tree.  `rest` is the path after the
 * bugtool component (or the whole path for a bare cmd/ or conf/ tree);
 * name is its last component.
 */
static void
classify_in_bugtool(const char *rest, size_t rlen, const char *name,
    size_t nlen, struct classification *out)
{
	struct span c, next;
	struct caps caps;
	size_t pos = 0, i;

	while (next_component(rest, rlen, &pos, &c) && c.p != name) {
		if (span_eq(c.p, c.n, "conf")) {
			out->kind = ART_BUGTOOL_OTHER;
			out->rule = "conf/<other>";
			for (i = 0; i < sizeof(kernel_config_rules) /
			    sizeof(kernel_config_rules[0]); i++) {
				if (pat_match(kernel_config_rules[i].pat,
				    name, nlen, &caps)) {
					out->kind = ART_BUGTOOL_KERNEL_CONFIG;
					out->rule = "conf/kernel-config*";
					break;
				}
			}
			return;
		}
		if (span_eq(c.p, c.n, "cmd")) {
			/*
			 * cmd/state/ is the agent's copied state directory;
			 * --k8s-mode copied it to cmd/<pod>-state/.
			 */
			if (next_component(rest, rlen, &pos, &next) &&
			    next.p != name &&
			    (span_eq(next.p, next.n, "state") ||
			    span_suffix(next.p, next.n, "-state"))) {
				out->kind = ART_BUGTOOL_STATE;
				out->rule = "cmd/state/*";
				return;
			}
			break;
		}
	}
	classify_cmd_file(name, nlen, out);
}

/*
 * Classify a sysdump member by its name (the last path component).
 */
static void
classify_name(const char *name, size_t n, const struct classify_hints *h,
    struct classification *out)
{
	const struct name_rule *r = NULL;
	struct caps caps, win;
	size_t i, pl, k;

	memset(&win, 0, sizeof(win));
	for (i = 0; i < sizeof(name_rules) / sizeof(name_rules[0]); i++) {
		if (pat_match(name_rules[i].pat, name, n, &caps) &&
		    (r == NULL || caps.score > win.score)) {
			r = &name_rules[i];
			win = caps;
		}
	}
	if (r == NULL)
		return;
	out->kind = r->kind;
	out->rule = r->pat;
	out->previous = (r->flags & NR_PREV) != 0;
	out->json = span_suffix(name, n, ".json");
	if (win.ts != NULL)
		out->timestamp = xstrndup(win.ts, TS_LEN);
	switch (win.vt) {
	case VAR_POD:
		out->pod = xstrndup(win.var, win.var_len);
		break;
	case VAR_POD_CTR:
	case VAR_POD_OPT_CTR:
		pl = split_pod_ctr(win.var, win.var_len,
		    win.vt == VAR_POD_OPT_CTR, h);
		out->pod = xstrndup(win.var, pl);
		if (pl + 1 < win.var_len)
			out->container = xstrndup(win.var + pl + 1,
			    win.var_len - pl - 1);
		break;
	case VAR_CNI_POD:
		pl = split_cni_pod(win.var, win.var_len, h);
		out->pod = xstrndup(win.var + pl, win.var_len - pl);
		break;
	case VAR_BT_TIME:
	case VAR_ANY:
	case VAR_NONE:
		break;
	}
	if (r->ctr != NULL && out->container == NULL)
		out->container = xstrdup(r->ctr);
	if ((r->flags & NR_LOG) && out->container != NULL) {
		for (k = 0; k < sizeof(log_kinds) / sizeof(log_kinds[0]); k++) {
			if (strcmp(out->container, log_kinds[k].ctr) == 0) {
				out->kind = log_kinds[k].kind;
				break;
			}
		}
	}
}

/* Does the head start (past blank lines) with a Hubble flow object? */
static bool
looks_like_flow_json(const unsigned char *head, size_t n)
{
	size_t i = 0;

	while (i < n && isspace(head[i]))
		i++;
	return i + 8 < n && head[i] == '{' && (span_find((const char *)head +
	    i, n - i < 64 ? n - i : 64, "\"flow\"", 0) >= 0 ||
	    span_find((const char *)head + i, n - i < 64 ? n - i : 64,
	    "\"time\"", 0) >= 0);
}

/*
 * The collector writes neither `cilium-dbg monitor` output nor `hubble
 * observe` text; an engineer adds such a capture to the sysdump by hand,
 * under any name.  A text file named after the monitor, or whose first
 * lines are its events, is one; a hubble capture is told by its lines
 * (JSON flows, or compact text), since hubble names many other files (the
 * collector's own are named already).
 */
static void
classify_capture(const char *name, size_t n, const unsigned char *head,
    size_t head_len, struct classification *out)
{
	bool text = span_suffix(name, n, ".txt") || span_suffix(name, n,
	    ".log") || span_suffix(name, n, ".out");
	bool hubble = span_find(name, n, "hubble", 0) >= 0;

	if (text && span_find(name, n, "monitor", 0) >= 0 && !hubble) {
		out->kind = ART_MONITOR_OUTPUT;
		out->rule = "*monitor*.{txt,log,out}";
	} else if (text && hubble && head != NULL && head_len > 0 &&
	    looks_like_flow_json(head, head_len)) {
		/* `hubble observe -o json` saved under another name */
		out->kind = ART_HUBBLE_FLOWS;
		out->rule = "*hubble*.{txt,log,out} holding JSON flows";
		out->json = true;
	} else if (head != NULL && art_monitor_sniff(head, head_len)) {
		out->kind = ART_MONITOR_OUTPUT;
		out->rule = "content: cilium monitor events";
	} else if (head != NULL && art_hubble_text_sniff(head, head_len)) {
		out->kind = ART_HUBBLE_TEXT;
		out->rule = "content: hubble observe compact lines";
	}
}

/*
 * Classify one member.  Order: a path through a bugtool tree (the outermost
 * cilium-bugtool-* or tetragon-bugtool-* directory or archive component, or
 * a path starting at a bare cmd/ or conf/) is a bugtool member whatever its
 * name; anything else is classified by its last component.
 */
void
classify_member(const char *path, const unsigned char *head, size_t head_len,
    const struct classify_hints *hints, struct classification *out)
{
	const char *name, *slash, *body;
	struct span c;
	size_t len, nlen, pos = 0, bl;
	bool first = true;

	memset(out, 0, sizeof(*out));
	out->kind = ART_UNKNOWN;
	out->rule = "no pattern matched";
	if (path == NULL || (len = strlen(path)) == 0)
		return;
	if (path[len - 1] == '/') {
		out->rule = "a directory, not a file";
		return;
	}
	slash = strrchr(path, '/');
	name = slash != NULL ? slash + 1 : path;
	nlen = len - (size_t)(name - path);

	while (next_component(path, len, &pos, &c) && c.p != name) {
		if (bugtool_component(c.p, c.n, "cilium-bugtool-", &body,
		    &bl)) {
			out->bugtool = xstrndup(c.p, c.n);
			bugtool_body_owner(body, bl, out);
			classify_in_bugtool(c.p + c.n, len - (size_t)(c.p +
			    c.n - path), name, nlen, out);
			return;
		}
		if (bugtool_component(c.p, c.n, "tetragon-bugtool-", &body,
		    &bl)) {
			out->bugtool = xstrndup(c.p, c.n);
			bugtool_body_owner(body, bl, out);
			out->kind = ART_TETRAGON_BUGTOOL;
			out->rule = "tetragon-bugtool-<pod>-<ts>/*";
			out->json = span_suffix(name, nlen, ".json");
			return;
		}
		if (first && (span_eq(c.p, c.n, "cmd") ||
		    span_eq(c.p, c.n, "conf"))) {
			/* walked from inside a bugtool tree */
			classify_in_bugtool(path, len, name, nlen, out);
			return;
		}
		first = false;
	}
	classify_name(name, nlen, hints, out);
	if (out->kind == ART_UNKNOWN)
		classify_capture(name, nlen, head, head_len, out);
}

/*
 * Free what *c owns and leave it empty (kind unknown).  NULL is fine.
 */
void
classification_release(struct classification *c)
{
	if (c == NULL)
		return;
	free(c->pod);
	free(c->container);
	free(c->timestamp);
	free(c->bugtool);
	free(c->command);
	memset(c, 0, sizeof(*c));
	c->kind = ART_UNKNOWN;
}

/*
 * True if component is exactly "cilium-sysdump-<ts>" or
 * "cilium-sysdump-<ts>.zip"; then ts receives the timestamp.
 */
bool
classify_sysdump_dir(const char *component, char ts[16])
{
	size_t n;

	if (component == NULL)
		return false;
	n = strlen(component);
	if (span_suffix(component, n, ".zip"))
		n -= 4;
	if (n != 15 + TS_LEN || !span_prefix(component, n, "cilium-sysdump-") ||
	    !is_ts(component + 15, TS_LEN))
		return false;
	memcpy(ts, component + 15, TS_LEN);
	ts[TS_LEN] = '\0';
	return true;
}
