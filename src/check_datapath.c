/*
 * check_datapath.c: built-in checks on the datapath: BPF maps and
 * programs, pod IP allocation, kube-proxy replacement and the drops the
 * datapath itself (not policy) decides.
 *
 * Each check corroborates across the sources a sysdump holds: the agents'
 * bugtool outputs (metrics list, status, debuginfo endpoints, bpftool,
 * bpf lb list / service list), Kubernetes objects and events, the agent
 * logs (sysdump-layout.md 4.2 messages) and Hubble flows.
 *
 * check_policymap_full (POLICYMAP-FULL): an endpoint's policy map
 *   (cilium_policy_<id5>, newer cilium_policy_v2_<id5>) holds at most
 *   bpf-policy-map-max entries (default 16384, 256..65536;
 *   pkg/option/config.go).  When it is full the agent logs `Failed to add
 *   PolicyMap key` (pkg/endpoint/bpf.go) with E2BIG/ENOSPC ("the map is
 *   full", pkg/bpf/bpf_linux.go), the pressure gauge reaches 1.0, and
 *   traffic from peers whose entry is missing is dropped
 *   (policy-semantics.md G.1; docs operations/troubleshooting.rst
 *   "Policymap pressure and overflow").  The endpoint comes from the map
 *   name; the broadest selector of `policy selectors` names the likely
 *   culprit.
 * check_bpf_map_pressure (BPF-MAP-PRESSURE): any map whose
 *   cilium_bpf_map_pressure gauge (entries / max entries,
 *   pkg/bpf/map.go) is at or above the threshold.  Maps are grouped by
 *   family (the per-endpoint suffix removed).  The policy-map family is
 *   generic: POLICYMAP-FULL, when it fires, takes its evidence.
 * check_bpf_prog_missing (BPF-PROG-MISSING): a ready endpoint whose
 *   host-side interface (debuginfo `interface-name`) has no Cilium program
 *   in `bpftool net show` (cil_from_container on tc ingress since 1.14,
 *   on tcx with kernels 6.6+ since 1.16, cilium PR 30103;
 *   bpf_lxc.o:[from-container] before; pkg/datapath/loader/loader.go):
 *   the pod's packets bypass Cilium (no policy, no service translation,
 *   no encapsulation).
 * check_ipam_exhausted (IPAM-EXHAUSTED): a node's pod CIDR allocator is
 *   full or nearly so (`IPAM: IPv4: 254/254 allocated from ...` in status),
 *   or pod sandboxes fail with `range is full` (the ipallocator error,
 *   sysdump-layout.md 4.2 #13, in FailedCreatePodSandBox events and agent
 *   logs).  Allocations whose owner pod no longer exists point at leaked
 *   addresses.
 * check_kpr_kubeproxy_coexist (KPR-KUBEPROXY-COEXIST): kube-proxy
 *   replacement is on (cilium-config kube-proxy-replacement true/strict,
 *   or the agents' status) while kube-proxy pods still run: both program
 *   services independently and their NAT tables do not know each other
 *   (docs network/kubernetes/kubeproxy-free.rst; policy-semantics.md
 *   G.4).  partial/probe modes of releases before 1.14 are meant to run
 *   beside kube-proxy and are not reported.
 * check_kpr_service_missing (KPR-SERVICE-MISSING): on a node with
 *   kube-proxy replacement on, a ClusterIP Service with ready backends has
 *   no frontend in the agent's load-balancer state (`bpf lb list`, else
 *   `service list`): nothing else translates its ClusterIP there.
 *   Services Cilium ignores by design (the service-proxy-name label,
 *   headless, ExternalName) are skipped (pkg/k8s/utils/utils.go).
 * check_drop_datapath (DROP-DATAPATH): non-policy drops (drop_reason.h
 *   category `datapath`) in Hubble flows and in the agents'
 *   cilium_drop_count_total, grouped by reason and mapped to the usual
 *   cause (pkg/monitor/api/drop.go; sysdump-layout.md 5).  Multicast
 *   "handled" codes are not losses and are left out.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check_util.h"
#include "checks.h"
#include "drop_reason.h"
#include "eval.h"
#include "eval_flow.h"
#include "model.h"
#include "xalloc.h"

/* Evidence lines per source kind, so a large finding stays readable. */
#define DP_EVIDENCE_MAX	4

/*
 * A selector that selects this many identities is worth naming as the
 * likely filler of a full policy map (a wildcard in a small cluster is not).
 */
#define CULPRIT_MIN_IDENTITIES	100

/* The per-endpoint policy map size when cilium-config does not say. */
#define POLICY_MAP_MAX_DEFAULT	16384

static bool
str_ieq(const char *a, const char *b)
{
	size_t i;

	if (a == NULL || b == NULL)
		return false;
	for (i = 0; a[i] != '\0' && b[i] != '\0'; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return false;
	return a[i] == b[i];
}

/* Cite the cilium-config key (when the sysdump has it) as evidence. */
static void
config_evidence(struct eval_ctx *ctx, struct finding *f, const char *key)
{
	const struct kv *kv = check_config_kv(ctx->m, key);

	if (kv == NULL)
		return;
	finding_evidence(ctx, f, ctx->m->config->src.path,
	    kv->line != 0 ? kv->line : ctx->m->config->src.line,
	    "cilium-config %s: \"%s\"", key, kv->value);
}

/* The agent's name for messages: its node, else its pod or bugtool. */
static const char *
agent_node(const struct model_agent *a)
{
	if (a->node != NULL)
		return a->node;
	if (a->pod != NULL)
		return a->pod;
	return a->bugtool != NULL ? a->bugtool : "(unknown node)";
}

/* The line of a status key ("IPAM", "KubeProxyReplacement"), or 0. */
static unsigned long
status_line(const struct status_result *st, const char *key)
{
	size_t i;

	for (i = 0; st != NULL && i < st->npairs; i++)
		if (strcmp(st->pairs[i].key, key) == 0)
			return st->pairs[i].line;
	return 0;
}

/* The agent's record of endpoint id: the debuginfo's, else the list's. */
static const struct endpoint_record *
agent_endpoint(const struct model_agent *a, uint32_t id, const char **pathp)
{
	const struct endpoint_result *r[2];
	size_t i, j;

	r[0] = a->debuginfo != NULL ? &a->debuginfo->endpoints : NULL;
	r[1] = a->endpoints;
	for (i = 0; i < 2; i++)
		for (j = 0; r[i] != NULL && j < r[i]->n; j++)
			if (r[i]->v[j].id == id) {
				if (pathp != NULL)
					*pathp = r[i]->path != NULL ?
					    r[i]->path : a->debuginfo->path;
				return &r[i]->v[j];
			}
	return NULL;
}

/* "shop/web-1", or "endpoint 126 (reserved:health)", in the arena. */
static const char *
record_name(struct eval_ctx *ctx, const struct endpoint_record *r,
    uint32_t id)
{
	if (r != NULL && r->pod_name != NULL)
		return arena_printf(ctx->out->a, "%s/%s",
		    r->pod_namespace != NULL ? r->pod_namespace : "",
		    r->pod_name);
	if (r != NULL && r->nlabel_text > 0)
		return arena_printf(ctx->out->a, "endpoint %u (%s)", id,
		    r->label_text[0]);
	return arena_printf(ctx->out->a, "endpoint %u", id);
}

static void
record_affected(struct eval_ctx *ctx, struct finding *f,
    const struct endpoint_record *r, uint32_t id)
{
	if (r != NULL && r->pod_name != NULL)
		finding_affected(ctx, f, r->pod_namespace, r->pod_name);
	else
		finding_affected(ctx, f, NULL, record_name(ctx, r, id));
}

/* Does any agent report metrics at all? */
static bool
any_agent_metrics(const struct model *m)
{
	size_t i;

	for (i = 0; i < m->nagents; i++)
		if (m->agents[i].metrics != NULL)
			return true;
	return false;
}

/* A short list "a, b and 3 more" of up to max names, into b. */
static void
names_list(struct buf *b, const char *const *v, size_t n, size_t max)
{
	size_t i;

	for (i = 0; i < n && i < max; i++)
		buf_addf(b, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ",
		    v[i]);
	if (n > max)
		buf_addf(b, " and %zu more", n - max);
}

/* Append s to a small unique string set. */
static size_t
set_add(const char ***v, size_t *n, size_t *cap, const char *s)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0)
			return i;
	*v = xgrow(*v, cap, *n + 1, sizeof(**v));
	(*v)[*n] = s;
	return (*n)++;
}

static int
str_ptr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sort a string set, for messages that list names. */
static void
set_sort(const char **v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof(*v), str_ptr_cmp);
}

/* ---------------------------------------------------------------------
 * POLICYMAP-FULL and BPF-MAP-PRESSURE
 */

/*
 * The endpoint id of a policy map name anywhere in s: "cilium_policy_01931"
 * or "cilium_policy_v2_01931" (not the global cilium_policy map).  Returns
 * 0 when s names none.
 */
static uint32_t
policy_map_endpoint(const char *s)
{
	const char *p;
	unsigned long v;

	for (p = s; s != NULL && (p = strstr(p, "cilium_policy_")) != NULL;
	    p++) {
		const char *d = p + strlen("cilium_policy_");
		char *end;

		if (strncmp(d, "v2_", 3) == 0)
			d += 3;
		if (!isdigit((unsigned char)*d))
			continue;
		v = strtoul(d, &end, 10);
		if (v > 0 && v <= 0xffff)
			return (uint32_t)v;
	}
	return 0;
}

/* The map family: the name without a per-endpoint numeric suffix. */
static const char *
map_family(struct eval_ctx *ctx, const char *name)
{
	size_t n = strlen(name), k = n;

	while (k > 0 && isdigit((unsigned char)name[k - 1]))
		k--;
	if (k < n && k > 0 && name[k - 1] == '_' && n - k >= 3)
		return arena_printf(ctx->out->a, "%.*s*", (int)k, name);
	return name;
}

static bool
is_policy_family(const char *family)
{
	return strncmp(family, "cilium_policy_", 14) == 0 &&
	    family[strlen(family) - 1] == '*';
}

/* Does a `Failed to add PolicyMap key` error say the map is full? */
static bool
error_says_full(const char *s)
{
	return s != NULL && (strstr(s, "map is full") != NULL ||
	    strstr(s, "no space left on device") != NULL ||
	    strstr(s, "argument list too long") != NULL);
}

struct pm_hit {
	const struct model_agent	*agent;		/* NULL: no bugtool */
	const char			*node;
	uint32_t			 ep;		/* 0: not named */
	bool				 has_pressure;
	double				 pressure;
	const char			*ppath;
	unsigned long			 pline;
	const char			*map;
	size_t				 nlogs;
	const struct model_log_event	*first, *last;
};

static struct pm_hit *
pm_get(struct pm_hit **v, size_t *n, size_t *cap, const char *node,
    uint32_t ep)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (check_streq((*v)[i].node, node) && (*v)[i].ep == ep)
			return &(*v)[i];
	*v = xgrow(*v, cap, *n + 1, sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	(*v)[*n].node = node;
	(*v)[*n].ep = ep;
	return &(*v)[(*n)++];
}

static const struct model_agent *
agent_of_node(const struct model *m, const char *node)
{
	size_t i;

	for (i = 0; node != NULL && i < m->nagents; i++)
		if (check_streq(agent_node(&m->agents[i]), node))
			return &m->agents[i];
	return NULL;
}

/* The BPF policy map entries of endpoint ep on the agent; *line its start. */
static size_t
bpf_policy_entries(const struct model_agent *a, uint32_t ep,
    unsigned long *line)
{
	size_t i;

	*line = 0;
	for (i = 0; a != NULL && a->bpf_policy != NULL &&
	    i < a->bpf_policy->nmaps; i++)
		if (a->bpf_policy->maps[i].has_endpoint_id &&
		    a->bpf_policy->maps[i].endpoint_id == ep) {
			*line = a->bpf_policy->maps[i].line;
			return a->bpf_policy->maps[i].nentries;
		}
	return 0;
}

/* The selector with the most identities on the agent, or NULL. */
static const struct agent_selector *
broadest_selector(const struct model_agent *a)
{
	const struct agent_selector *best = NULL;
	size_t i;

	for (i = 0; a != NULL && a->selectors != NULL &&
	    i < a->selectors->nselectors; i++)
		if (best == NULL || a->selectors->selectors[i].nidentities >
		    best->nidentities)
			best = &a->selectors->selectors[i];
	return best;
}

void
check_policymap_full(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	struct pm_hit *hits = NULL;
	size_t nhits = 0, cap = 0, i, j, nlogs = 0;
	const struct kv *maxkv = check_config_kv(m, "bpf-policy-map-max");
	long mapmax = maxkv != NULL ? strtol(maxkv->value, NULL, 10) : 0;
	const struct agent_selector *culprit = NULL;
	const struct model_agent *culprit_agent = NULL;
	const char **names = NULL, **nodes = NULL;
	size_t nnames = 0, names_cap = 0, nnodes = 0, nodes_cap = 0;
	struct finding *f;
	struct buf b = BUF_INIT, why = BUF_INIT;
	const struct kv *lock;
	bool lockdown;
	size_t npress;

	if (mapmax <= 0)
		mapmax = POLICY_MAP_MAX_DEFAULT;
	if (!any_agent_metrics(m) && m->log_lines == 0) {
		eval_not_evaluated(ctx, "the sysdump has neither agent metrics "
		    "(bugtool metrics list) nor agent logs");
		return;
	}
	/* Pressure gauges at or over 1.0 on per-endpoint policy maps. */
	for (i = 0; i < m->nagents; i++) {
		const struct model_agent *a = &m->agents[i];
		struct metrics_map_pressure *mp;
		size_t np;

		if (a->metrics == NULL)
			continue;
		np = metrics_map_pressure(a->metrics, ctx->out->a, &mp);
		for (j = 0; j < np; j++) {
			uint32_t ep = policy_map_endpoint(mp[j].map_name);
			struct pm_hit *h;

			if (ep == 0 || mp[j].value < 1.0)
				continue;
			h = pm_get(&hits, &nhits, &cap, agent_node(a), ep);
			h->agent = a;
			h->has_pressure = true;
			h->pressure = mp[j].value;
			h->ppath = a->metrics->path;
			h->pline = mp[j].line;
			h->map = mp[j].map_name;
		}
	}
	/* `Failed to add PolicyMap key` lines that say the map is full. */
	for (i = 0; i < m->nlog_events; i++) {
		const struct model_log_event *e = &m->log_events[i];
		struct pm_hit *h;
		uint32_t ep;

		if (e->msg == NULL ||
		    strstr(e->msg, "Failed to add PolicyMap key") == NULL)
			continue;
		ep = policy_map_endpoint(e->error);
		if (ep == 0)
			ep = policy_map_endpoint(e->msg);
		if (!error_says_full(e->error) && !error_says_full(e->msg)) {
			/* Another failure: only with a full gauge. */
			for (j = 0; j < nhits; j++)
				if (check_streq(hits[j].node, e->node) &&
				    hits[j].ep == ep)
					break;
			if (j == nhits)
				continue;
		}
		h = pm_get(&hits, &nhits, &cap, e->node != NULL ? e->node :
		    "(unknown node)", ep);
		if (h->agent == NULL)
			h->agent = agent_of_node(m, e->node);
		if (h->nlogs++ == 0)
			h->first = e;
		h->last = e;
		nlogs++;
	}
	if (nhits == 0)
		return;

	f = eval_finding_new(ctx);
	f->cause = "bpfmap/policy";
	f->log_lines = nlogs;
	for (i = 0; i < nhits; i++) {
		struct pm_hit *h = &hits[i];
		const struct endpoint_record *r = NULL;
		const char *rpath = NULL, *name;
		unsigned long bline;
		size_t nent;

		if (h->ep != 0 && h->agent != NULL)
			r = agent_endpoint(h->agent, h->ep, &rpath);
		name = h->ep != 0 ? record_name(ctx, r, h->ep) :
		    "an endpoint the log does not name";
		set_add(&names, &nnames, &names_cap, arena_printf(ctx->out->a,
		    "%s on %s", name, h->node));
		set_add(&nodes, &nnodes, &nodes_cap, h->node);
		if (h->ep != 0)
			record_affected(ctx, f, r, h->ep);
		if (r != NULL && r->pod_name != NULL)
			finding_subject(ctx, f, "Pod", r->pod_namespace,
			    r->pod_name);
		if (h->has_pressure)
			finding_evidence(ctx, f, h->ppath, h->pline,
			    "cilium_bpf_map_pressure map_name=%s %.6f on %s "
			    "(%s)", h->map, h->pressure, h->node, name);
		if (h->first != NULL)
			finding_evidence(ctx, f, h->first->src.path,
			    h->first->src.line, "%s%s%s", h->first->msg,
			    h->first->error != NULL ? ": " : "",
			    h->first->error != NULL ? h->first->error : "");
		if (h->last != NULL && h->last != h->first)
			finding_evidence(ctx, f, h->last->src.path,
			    h->last->src.line, "%s%s%s (%zu such lines)",
			    h->last->msg, h->last->error != NULL ? ": " : "",
			    h->last->error != NULL ? h->last->error : "",
			    h->nlogs);
		if (r != NULL && rpath != NULL)
			finding_evidence(ctx, f, rpath, r->line,
			    "endpoint %u is %s, identity %u, state %s", h->ep,
			    name, r->identity, r->state != NULL ? r->state :
			    "unknown");
		/* A dump near the size corroborates; a short one says little. */
		nent = bpf_policy_entries(h->agent, h->ep, &bline);
		if (bline != 0 && (long)nent * 10 >= mapmax * 9)
			finding_evidence(ctx, f, h->agent->bpf_policy->path,
			    bline, "BPF policy map of endpoint %u: %zu entries "
			    "listed (bpf-policy-map-max %ld)", h->ep, nent,
			    mapmax);
		if (h->agent != NULL) {
			const struct agent_selector *s =
			    broadest_selector(h->agent);

			if (s != NULL && (culprit == NULL ||
			    s->nidentities > culprit->nidentities)) {
				culprit = s;
				culprit_agent = h->agent;
			}
		}
		if (h->ep != 0 && r != NULL && r->pod_name != NULL) {
			struct eval_flow_query q;

			memset(&q, 0, sizeof(q));
			q.ns = r->pod_namespace;
			q.pod = r->pod_name;
			eval_flow_drops(ctx, f, &q, 2);
		}
	}
	if (nnodes == 1 && nnames == 1)
		finding_subject(ctx, f, "Node", NULL, nodes[0]);
	if (culprit != NULL && culprit->nidentities < CULPRIT_MIN_IDENTITIES)
		culprit = NULL;
	if (culprit != NULL)
		finding_evidence(ctx, f, culprit_agent->selectors->path,
		    culprit->line, "broadest selector on %s: %s selects %zu "
		    "identities", agent_node(culprit_agent), culprit->selector,
		    culprit->nidentities);
	config_evidence(ctx, f, "bpf-policy-map-max");
	lock = check_config_kv(m,
	    "enable-endpoint-lockdown-on-policy-overflow");
	lockdown = lock != NULL && str_ieq(lock->value, "true");
	if (lockdown) {
		f->severity = SEV_CRITICAL;
		config_evidence(ctx, f,
		    "enable-endpoint-lockdown-on-policy-overflow");
	}
	/* Without a full gauge and a full-map log line, less sure. */
	for (i = 0, j = 0, npress = 0; i < nhits; i++) {
		j += hits[i].has_pressure && hits[i].nlogs > 0;
		npress += hits[i].has_pressure;
	}
	f->confidence = j > 0 ? 1.0 : 0.85;
	if (nlogs > 0)
		buf_addf(&why, "the agent logged %zu `Failed to add PolicyMap "
		    "key` line%s saying the map is full", nlogs,
		    nlogs == 1 ? "" : "s");
	if (npress > 0)
		buf_addf(&why, "%scilium_bpf_map_pressure is at or above 1.0",
		    nlogs > 0 ? " and " : "");

	names_list(&b, names, nnames, 5);
	finding_title(ctx, f, "The BPF policy map of %s is full",
	    nnames == 1 ? names[0] : arena_printf(ctx->out->a, "%zu endpoints",
	    nnames));
	finding_message(ctx, f, "The per-endpoint BPF policy map of %s has "
	    "reached its size (bpf-policy-map-max %ld%s): %s. New policy "
	    "entries cannot be added, so traffic from peers whose identity "
	    "has no entry is dropped as if no rule allowed it, and the "
	    "endpoint may fail to regenerate%s.%s",
	    b.ptr, mapmax, maxkv == NULL ? ", the default" : "", why.ptr,
	    lockdown ? "; with enable-endpoint-lockdown-on-policy-overflow "
	    "the endpoint's traffic is dropped entirely" : "",
	    culprit != NULL ? arena_printf(ctx->out->a, " The broadest "
	    "selector on %s, %s, selects %zu identities: each one needs its "
	    "own entries.",
	    agent_node(culprit_agent), culprit->selector,
	    culprit->nidentities) : "");
	finding_remediation(ctx, f, "Reduce the entries the endpoint needs: "
	    "narrow selectors that select many identities%s (entities, "
	    "namespace selectors or CiliumCIDRGroup instead of many CIDRs or "
	    "per-pod labels), and exclude per-pod labels from identities. "
	    "If the policy is right, raise the map size (at most 65536) in "
	    "cilium-config, then restart the agents:\n\n"
	    "  bpf-policy-map-max: \"%ld\"\n\n"
	    "(Helm: bpf.policyMapMax). Check with `cilium-dbg bpf policy get "
	    "<endpoint id>` and the cilium_bpf_map_pressure metric.",
	    culprit != NULL ? arena_printf(ctx->out->a, " (%s)",
	    culprit->selector) : "",
	    mapmax * 2 > 65536 ? 65536 : mapmax * 2);
	buf_release(&b);
	buf_release(&why);
	free(names);
	free(nodes);
	free(hits);
}

/* What a full map of a family breaks, and the cilium-config key that sizes
 * it (NULL: none to name). */
struct map_hint {
	const char	*prefix;
	const char	*what;
	const char	*key;
};

static const struct map_hint map_hints[] = {
	{ "cilium_ct", "connection tracking: new connections cannot get an "
	    "entry and are dropped (CT: Map insertion failed)",
	    "bpf-ct-global-tcp-max / bpf-ct-global-any-max" },
	{ "cilium_snat", "NAT: masqueraded and NodePort connections cannot "
	    "get a mapping and are dropped (No mapping for NAT masquerade)",
	    "bpf-nat-global-max" },
	{ "cilium_nodeport_neigh", "the NodePort neighbour table",
	    "bpf-neigh-global-max" },
	{ "cilium_lb", "service load-balancing: Services or backends beyond "
	    "the size are not programmed", "bpf-lb-map-max" },
	{ "cilium_policy", "per-endpoint policy: new entries cannot be "
	    "added and peers without one are dropped", "bpf-policy-map-max" },
	{ "cilium_ipcache", "the IP cache: addresses without an entry get "
	    "no identity (world)", NULL },
	{ "cilium_lxc", "the local endpoint map: new endpoints cannot be "
	    "reached", NULL },
};

static const struct map_hint *
map_hint(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(map_hints) / sizeof(map_hints[0]); i++)
		if (strncmp(name, map_hints[i].prefix,
		    strlen(map_hints[i].prefix)) == 0)
			return &map_hints[i];
	return NULL;
}

struct mp_group {
	const char	*family;
	double		 max;
	size_t		 nmaps;
	const char	**nodes;
	size_t		 nnodes, nodes_cap;
	size_t		 nev;
	struct {
		const char	*path;
		unsigned long	 line;
		const char	*text;
	} ev[DP_EVIDENCE_MAX];
};

void
check_bpf_map_pressure(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	long pct = eval_param_int(ctx, "threshold_percent", 90);
	double thr = (double)pct / 100.0;
	struct mp_group *g = NULL;
	size_t ng = 0, gcap = 0, i, j, k, nsamples = 0;

	if (!any_agent_metrics(m)) {
		eval_not_evaluated(ctx, "no agent metrics (bugtool `metrics "
		    "list`) in the sysdump");
		return;
	}
	for (i = 0; i < m->nagents; i++) {
		const struct model_agent *a = &m->agents[i];
		struct metrics_map_pressure *mp;
		size_t np;

		if (a->metrics == NULL)
			continue;
		np = metrics_map_pressure(a->metrics, ctx->out->a, &mp);
		nsamples += np;
		for (j = 0; j < np; j++) {
			const char *fam;
			struct mp_group *x = NULL;

			if (mp[j].value < thr)
				continue;
			fam = map_family(ctx, mp[j].map_name);
			for (k = 0; k < ng; k++)
				if (strcmp(g[k].family, fam) == 0)
					x = &g[k];
			if (x == NULL) {
				g = xgrow(g, &gcap, ng + 1, sizeof(*g));
				x = &g[ng++];
				memset(x, 0, sizeof(*x));
				x->family = fam;
			}
			x->nmaps++;
			if (mp[j].value > x->max)
				x->max = mp[j].value;
			set_add(&x->nodes, &x->nnodes, &x->nodes_cap,
			    agent_node(a));
			if (x->nev < DP_EVIDENCE_MAX) {
				x->ev[x->nev].path = a->metrics->path;
				x->ev[x->nev].line = mp[j].line;
				x->ev[x->nev].text = arena_printf(ctx->out->a,
				    "cilium_bpf_map_pressure map_name=%s %.6f "
				    "on %s", mp[j].map_name, mp[j].value,
				    agent_node(a));
				x->nev++;
			}
		}
	}
	if (nsamples == 0) {
		eval_not_evaluated(ctx, "the agents' metrics have no "
		    "cilium_bpf_map_pressure samples");
		return;
	}
	for (i = 0; i < ng; i++) {
		struct mp_group *x = &g[i];
		const struct map_hint *h = map_hint(x->family);
		struct finding *f = eval_finding_new(ctx);
		struct buf nb = BUF_INIT;

		if (is_policy_family(x->family)) {
			f->cause = "bpfmap/policy";
			f->generic = true;
		}
		if (x->max >= 1.0)
			f->severity = SEV_HIGH;
		set_sort(x->nodes, x->nnodes);
		for (j = 0; j < x->nnodes; j++)
			finding_subject(ctx, f, "Node", NULL, x->nodes[j]);
		for (j = 0; j < x->nev; j++)
			finding_evidence(ctx, f, x->ev[j].path, x->ev[j].line,
			    "%s", x->ev[j].text);
		if (h != NULL && h->key != NULL && strchr(h->key, ' ') == NULL)
			config_evidence(ctx, f, h->key);
		config_evidence(ctx, f, "bpf-map-dynamic-size-ratio");
		names_list(&nb, x->nodes, x->nnodes, 5);
		finding_title(ctx, f, "BPF map %s is %.0f%% full on %s",
		    x->family, x->max * 100.0, nb.ptr);
		finding_message(ctx, f, "%zu BPF map%s of family %s on %s %s "
		    "at or above %ld%% of %s size (highest %.0f%%). %s%s",
		    x->nmaps, x->nmaps == 1 ? "" : "s", x->family, nb.ptr,
		    x->nmaps == 1 ? "is" : "are", pct,
		    x->nmaps == 1 ? "its" : "their", x->max * 100.0,
		    x->max >= 1.0 ? "A full map refuses new entries; this one "
		    "holds " : "Once full, the map refuses new entries; it "
		    "holds ", h != NULL ? h->what : "datapath state, and what "
		    "does not fit is not handled");
		finding_remediation(ctx, f, "Find what fills %s (`cilium-dbg "
		    "map list` on %s) and, if the load is legitimate, raise "
		    "the map size in cilium-config%s%s%s, or raise "
		    "bpf-map-dynamic-size-ratio for the maps it sizes; restart "
		    "the agents afterwards.", x->family, x->nodes[0],
		    h != NULL && h->key != NULL ? " (" : "",
		    h != NULL && h->key != NULL ? h->key : "",
		    h != NULL && h->key != NULL ? ")" : "");
		buf_release(&nb);
		free(x->nodes);
	}
	free(g);
}

/* ---------------------------------------------------------------------
 * BPF-PROG-MISSING
 */

/* Is the program attached Cilium's?  An unnamed one counts as Cilium's. */
static bool
cilium_prog(const struct host_attach *at)
{
	const char *p = at->prog_name;

	return p == NULL || strncmp(p, "cil_", 4) == 0 ||
	    strstr(p, "bpf_lxc") != NULL || strstr(p, "from-container") !=
	    NULL || strstr(p, "from_container") != NULL;
}

static bool
datapath_error_line(const struct model_log_event *e)
{
	return e->msg != NULL &&
	    (strstr(e->msg, "Error while rewriting endpoint BPF program") !=
	    NULL || strstr(e->msg, "JoinEP: Failed to compile") != NULL ||
	    strstr(e->msg, "BPF template object creation failed") != NULL);
}

void
check_bpf_prog_missing(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	size_t i, j, k, decided = 0;

	for (i = 0; i < m->nagents; i++) {
		const struct model_agent *a = &m->agents[i];
		const struct endpoint_result *eps = NULL;
		struct finding *f = NULL;
		const char **names = NULL;
		size_t nnames = 0, ncap = 0, nlogs = 0;
		struct buf nb = BUF_INIT, ids = BUF_INIT;

		if (a->bpftool_net == NULL || a->bpftool_net->nattachments == 0)
			continue;
		if (a->debuginfo != NULL)
			eps = &a->debuginfo->endpoints;
		for (j = 0; eps != NULL && j < eps->n; j++)
			if (eps->v[j].ifname != NULL)
				break;
		if (eps == NULL || j == eps->n) {
			eps = a->endpoints;
			for (j = 0; eps != NULL && j < eps->n; j++)
				if (eps->v[j].ifname != NULL)
					break;
			if (eps == NULL || j == eps->n)
				continue;
		}
		decided++;
		for (j = 0; j < eps->n; j++) {
			const struct endpoint_record *r = &eps->v[j];
			const struct host_attach *at[8];
			size_t nat, ok = 0;

			if (r->ifname == NULL || check_streq(r->ifname,
			    "cilium_host") || (r->has_identity &&
			    r->identity == 1))
				continue;
			if (r->state != NULL && !check_streq(r->state, "ready"))
				continue;
			nat = host_attachments_of(a->bpftool_net, r->ifname, at,
			    8);
			for (k = 0; k < nat && k < 8; k++)
				ok += cilium_prog(at[k]);
			if (ok > 0)
				continue;
			if (f == NULL) {
				f = eval_finding_new(ctx);
				finding_subject(ctx, f, "Node", NULL,
				    agent_node(a));
			}
			record_affected(ctx, f, r, r->id);
			buf_addf(&ids, "%s%u", ids.len > 0 ? " " : "", r->id);
			set_add(&names, &nnames, &ncap, arena_printf(
			    ctx->out->a, "%s (%s)", record_name(ctx, r, r->id),
			    r->ifname));
			if (nnames <= DP_EVIDENCE_MAX) {
				finding_evidence(ctx, f, eps->path != NULL ?
				    eps->path : a->debuginfo->path, r->line,
				    "endpoint %u %s: interface %s (ifindex %lld), "
				    "state ready", r->id,
				    record_name(ctx, r, r->id), r->ifname,
				    (long long)r->ifindex);
				finding_evidence(ctx, f, a->bpftool_net->path, 0,
				    "%s: %s", r->ifname, nat == 0 ?
				    "no tc/tcx/xdp attachment" :
				    "only non-Cilium programs attached");
			}
		}
		if (f == NULL)
			continue;
		for (k = 0; k < m->nlog_events; k++) {
			const struct model_log_event *e = &m->log_events[k];

			if (!check_streq(e->node, agent_node(a)) ||
			    !datapath_error_line(e))
				continue;
			if (nlogs++ < 2)
				finding_evidence(ctx, f, e->src.path,
				    e->src.line, "%s%s%s", e->msg, e->error !=
				    NULL ? ": " : "", e->error != NULL ?
				    e->error : "");
		}
		f->log_lines = nlogs;
		names_list(&nb, names, nnames, 5);
		finding_title(ctx, f, "%zu endpoint%s on %s %s no Cilium BPF "
		    "program attached: %s", nnames, nnames == 1 ? "" : "s",
		    agent_node(a), nnames == 1 ? "has" : "have", nb.ptr);
		finding_message(ctx, f, "The agent on %s lists %s as ready, "
		    "but `bpftool net show` (%s) shows no Cilium program "
		    "(cil_from_container) on %s host-side interface. Packets "
		    "from %s enter the host stack without Cilium: no policy is "
		    "enforced on them, Services are not translated by the "
		    "datapath and, in tunnel mode, they are not encapsulated%s.",
		    agent_node(a), nb.ptr, a->bpftool_net->path,
		    nnames == 1 ? "its" : "their",
		    nnames == 1 ? "this pod" : "these pods",
		    nlogs > 0 ? arena_printf(ctx->out->a, "; the agent logged "
		    "%zu BPF program load error%s on this node", nlogs,
		    nlogs == 1 ? "" : "s") : "");
		finding_remediation(ctx, f, "Regenerate the endpoint%s on %s "
		    "(`cilium-dbg endpoint regenerate %s`) or restart the "
		    "agent pod %s, then check `bpftool net show` for "
		    "cil_from_container on each lxc interface. Look for another "
		    "tool that detaches tc/tcx programs (another CNI, a "
		    "cleanup script, `tc qdisc del`) and for BPF load errors in "
		    "the agent log.", nnames == 1 ? "" : "s", agent_node(a),
		    ids.ptr, a->pod != NULL ? a->pod : "on that node");
		buf_release(&nb);
		buf_release(&ids);
		free(names);
	}
	if (decided == 0)
		eval_not_evaluated(ctx, "no bugtool has both `bpftool net show` "
		    "and endpoints with their interface names (debuginfo)");
}

/* ---------------------------------------------------------------------
 * IPAM-EXHAUSTED
 */

static bool
range_full_text(const char *s)
{
	return s != NULL && strstr(s, "range is full") != NULL;
}

struct ipam_node {
	const char			*node;
	const struct model_agent	*agent;
	const struct status_result	*st;
	const struct status_ipam_family	*fam;	/* the fullest */
	const char			*famname;
	size_t				 nevents;
	unsigned long			 event_count;	/* sum of counts */
	const struct k8s_event		*ev[2];
	size_t				 nlogs;
	const struct model_log_event	*log;
};

static struct ipam_node *
ipam_get(struct ipam_node **v, size_t *n, size_t *cap, const char *node)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (check_streq((*v)[i].node, node))
			return &(*v)[i];
	*v = xgrow(*v, cap, *n + 1, sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	(*v)[*n].node = node;
	return &(*v)[(*n)++];
}

static double
fam_ratio(const struct status_ipam_family *f)
{
	if (f == NULL || !f->present || f->total == 0)
		return 0;
	return (double)f->allocated / (double)f->total;
}

void
check_ipam_exhausted(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	long pct = eval_param_int(ctx, "near_percent", 95);
	double near = (double)pct / 100.0;
	struct ipam_node *v = NULL;
	size_t n = 0, cap = 0, i, j, nstatus = 0;
	const char *mode = model_config(m, "ipam");

	for (i = 0; i < m->nagents; i++) {
		const struct model_agent *a = &m->agents[i];
		const struct status_result *st = model_agent_status(a);
		struct ipam_node *x;

		if (st == NULL || (!st->ipv4.present && !st->ipv6.present))
			continue;
		nstatus++;
		x = ipam_get(&v, &n, &cap, agent_node(a));
		x->agent = a;
		x->st = st;
		x->fam = fam_ratio(&st->ipv6) > fam_ratio(&st->ipv4) ?
		    &st->ipv6 : &st->ipv4;
		x->famname = x->fam == &st->ipv6 ? "IPv6" : "IPv4";
	}
	if (nstatus == 0 && m->nevents == 0 && m->log_lines == 0) {
		eval_not_evaluated(ctx, "the sysdump has no agent status with "
		    "IPAM, no events and no agent logs");
		return;
	}
	for (i = 0; i < m->nevents; i++) {
		const struct k8s_event *e = &m->events[i];
		const struct k8s_pod *p;
		struct ipam_node *x;

		if (!range_full_text(e->message))
			continue;
		p = check_streq(e->object_kind, "Pod") ? model_pod_find(m,
		    e->object_ns, e->object_name) : NULL;
		x = ipam_get(&v, &n, &cap, p != NULL && p->node != NULL ?
		    p->node : "(unknown node)");
		if (x->nevents < 2)
			x->ev[x->nevents] = e;
		x->nevents++;
		x->event_count += e->count > 0 ? e->count : 1;
	}
	for (i = 0; i < m->nlog_events; i++) {
		const struct model_log_event *e = &m->log_events[i];
		struct ipam_node *x;

		if (!range_full_text(e->msg) && !range_full_text(e->error))
			continue;
		x = ipam_get(&v, &n, &cap, e->node != NULL ? e->node :
		    "(unknown node)");
		if (x->nlogs++ == 0)
			x->log = e;
	}
	for (i = 0; i < n; i++) {
		struct ipam_node *x = &v[i];
		double r = fam_ratio(x->fam);
		bool full = x->fam != NULL && x->fam->total > 0 &&
		    x->fam->allocated >= x->fam->total;
		struct finding *f;
		size_t stale = 0, pending = 0;
		const char *cidr = x->fam != NULL ? x->fam->cidr : NULL;
		struct buf fix = BUF_INIT;

		if (!full && x->nevents == 0 && x->nlogs == 0 && r < near)
			continue;
		f = eval_finding_new(ctx);
		f->cause = arena_printf(ctx->out->a, "ipam/%s", x->node);
		finding_subject(ctx, f, "Node", NULL, x->node);
		if (!full && x->nevents == 0 && x->nlogs == 0) {
			/* Nearly full, nothing failed yet. */
			f->severity = SEV_MEDIUM;
			f->confidence = 0.8;
		}
		if (x->st != NULL) {
			finding_evidence(ctx, f, x->st->path,
			    status_line(x->st, "IPAM"), "IPAM: %s: %llu/%llu "
			    "allocated%s%s on %s", x->famname,
			    (unsigned long long)x->fam->allocated,
			    (unsigned long long)x->fam->total,
			    cidr != NULL ? " from " : "", cidr != NULL ? cidr :
			    "", x->node);
			/* Addresses held by pods that no longer exist. */
			for (j = 0; j < x->st->nallocations; j++) {
				const struct status_allocation *al =
				    &x->st->allocations[j];
				const char *sl;

				if (al->owner == NULL ||
				    (sl = strchr(al->owner, '/')) == NULL)
					continue;
				if (model_pod_find(m, arena_printf(ctx->out->a,
				    "%.*s", (int)(sl - al->owner), al->owner),
				    sl + 1) != NULL)
					continue;
				if (stale++ < 2)
					finding_evidence(ctx, f, x->st->path,
					    al->line, "%s allocated to %s, which "
					    "is not a pod in the sysdump", al->ip,
					    al->owner);
			}
		}
		for (j = 0; j < x->nevents && j < 2; j++)
			finding_evidence(ctx, f, x->ev[j]->src.path,
			    x->ev[j]->src.line, "%s %s/%s: %s", x->ev[j]->reason
			    != NULL ? x->ev[j]->reason : "event",
			    x->ev[j]->object_ns != NULL ? x->ev[j]->object_ns :
			    "", x->ev[j]->object_name != NULL ?
			    x->ev[j]->object_name : "", x->ev[j]->message);
		if (x->log != NULL)
			finding_evidence(ctx, f, x->log->src.path,
			    x->log->src.line, "%s%s%s", x->log->msg,
			    x->log->error != NULL ? ": " : "",
			    x->log->error != NULL ? x->log->error : "");
		f->log_lines = x->nlogs;
		/* Pods on the node that cannot start, and those of events. */
		for (j = 0; j < m->nevents; j++)
			if (range_full_text(m->events[j].message) &&
			    check_streq(m->events[j].object_kind, "Pod")) {
				const struct k8s_pod *p = model_pod_find(m,
				    m->events[j].object_ns,
				    m->events[j].object_name);

				if (p != NULL && check_streq(p->node, x->node))
					finding_affected(ctx, f, p->ns, p->name);
			}
		for (j = 0; j < m->npods; j++) {
			const struct k8s_pod *p = &m->pods[j];

			if (!check_streq(p->node, x->node) || p->host_network ||
			    !check_streq(p->phase, "Pending") || p->ip != NULL)
				continue;
			pending++;
			finding_affected(ctx, f, p->ns, p->name);
		}
		config_evidence(ctx, f, "ipam");
		finding_title(ctx, f, "Pod IP addresses on %s are %s%s",
		    x->node, full || x->nevents > 0 || x->nlogs > 0 ?
		    "exhausted" : "nearly exhausted", x->fam != NULL &&
		    x->fam->total > 0 ? arena_printf(ctx->out->a, " (%s "
		    "%llu/%llu%s%s)", x->famname,
		    (unsigned long long)x->fam->allocated,
		    (unsigned long long)x->fam->total, cidr != NULL ?
		    " from " : "", cidr != NULL ? cidr : "") : "");
		finding_message(ctx, f, "The Cilium IPAM allocator on %s %s%s."
		    "%s%s%s New pods scheduled there cannot get an address: "
		    "their sandboxes fail (FailedCreatePodSandBox, `range is "
		    "full`) and they stay in ContainerCreating.",
		    x->node, x->fam != NULL && x->fam->total > 0 ?
		    arena_printf(ctx->out->a, "has allocated %llu of %llu %s "
		    "addresses (%.0f%%)", (unsigned long long)x->fam->allocated,
		    (unsigned long long)x->fam->total, x->famname, r * 100.0) :
		    "reports no usage", cidr != NULL ? arena_printf(ctx->out->a,
		    " in pod CIDR %s", cidr) : "",
		    x->nevents > 0 ? arena_printf(ctx->out->a, " %zu event%s "
		    "(%lu occurrences) %s `range is full`.", x->nevents,
		    x->nevents == 1 ? "" : "s", x->event_count,
		    x->nevents == 1 ? "reports" : "report") : "",
		    pending > 0 ? arena_printf(ctx->out->a, " %zu pod%s on the "
		    "node %s Pending without an IP.", pending, pending == 1 ?
		    "" : "s", pending == 1 ? "is" : "are") : "",
		    stale > 0 ? arena_printf(ctx->out->a, " %zu address%s %s "
		    "allocated to pods that no longer exist: leaked "
		    "allocations.", stale, stale == 1 ? "" : "es", stale == 1 ?
		    "is" : "are") : "");
		if (stale > 0)
			buf_addf(&fix, "First release the leaked addresses: %zu "
			    "allocation%s on %s belong%s to pods that no longer "
			    "exist; restarting the agent pod there (%s) rebuilds "
			    "the allocator from the endpoints it restores. ",
			    stale, stale == 1 ? "" : "s", x->node,
			    stale == 1 ? "s" : "", x->agent != NULL &&
			    x->agent->pod != NULL ? x->agent->pod : "the cilium "
			    "pod");
		if (mode == NULL || check_streq(mode, "kubernetes"))
			buf_addf(&fix, "With ipam: kubernetes the pod CIDR of "
			    "%s comes from the Node's spec.podCIDR, sized by "
			    "kube-controller-manager --node-cidr-mask-size: "
			    "use a larger per-node CIDR (a /24 holds 254 "
			    "addresses) or lower the node's maxPods so that "
			    "the kubelet never schedules more pods than "
			    "addresses.", x->node);
		else if (check_streq(mode, "cluster-pool"))
			buf_addf(&fix, "With ipam: cluster-pool the operator "
			    "gives %s its pod CIDR from cluster-pool-ipv4-cidr "
			    "with cluster-pool-ipv4-mask-size: add CIDRs to "
			    "the pool or lower the mask size for new nodes "
			    "(existing CiliumNodes keep their CIDR), and keep "
			    "maxPods below the CIDR's size.", x->node);
		else
			buf_addf(&fix, "With ipam: %s, give %s more addresses "
			    "from its pool (see the IPAM mode's pre-allocation "
			    "and pool settings) or lower its maxPods.", mode,
			    x->node);
		finding_remediation(ctx, f, "%s", fix.ptr);
		buf_release(&fix);
	}
	free(v);
}

/* ---------------------------------------------------------------------
 * KPR-KUBEPROXY-COEXIST and KPR-SERVICE-MISSING
 */

/* Does a mode word mean the full replacement (true, strict)? */
static bool
kpr_full(const char *mode)
{
	return str_ieq(mode, "true") || str_ieq(mode, "strict");
}

/*
 * Is kube-proxy replacement on for this agent: its own status, else
 * cilium-config?  *src gets which one decided ("status", "config"), NULL
 * when neither says.
 */
static bool
agent_kpr(const struct model *m, const struct model_agent *a,
    const char **src)
{
	const struct status_result *st = a != NULL ? model_agent_status(a) :
	    NULL;
	const char *cfg = model_config(m, "kube-proxy-replacement");

	*src = NULL;
	if (st != NULL && st->kpr_mode != NULL) {
		*src = "status";
		return kpr_full(st->kpr_mode);
	}
	if (cfg != NULL) {
		*src = "config";
		return kpr_full(cfg);
	}
	return false;
}

static bool
is_kube_proxy(const struct k8s_pod *p)
{
	if (check_streq(p->phase, "Succeeded") ||
	    check_streq(p->phase, "Failed"))
		return false;
	if (check_streq(p->owner_kind, "DaemonSet") &&
	    check_streq(p->owner_name, "kube-proxy"))
		return true;
	if (check_streq(labelset_get(&p->labels, NULL, "k8s-app"),
	    "kube-proxy"))
		return true;
	return check_streq(p->ns, "kube-system") && p->name != NULL &&
	    strncmp(p->name, "kube-proxy-", 11) == 0;
}

void
check_kpr_kubeproxy_coexist(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	const char *cfg = model_config(m, "kube-proxy-replacement");
	const char *src;
	const char **nodes = NULL;
	size_t nnodes = 0, ncap = 0, npods = 0, i, kpr_agents = 0;
	bool any_src = cfg != NULL, ds = false;
	struct finding *f;
	struct buf nb = BUF_INIT;

	for (i = 0; i < m->nagents; i++) {
		if (agent_kpr(m, &m->agents[i], &src))
			kpr_agents++;
		if (src != NULL)
			any_src = true;
	}
	if (!any_src) {
		eval_not_evaluated(ctx, "neither cilium-config nor an agent "
		    "status says whether kube-proxy replacement is on");
		return;
	}
	if (!kpr_full(cfg) && kpr_agents == 0)
		return;
	if (m->npods == 0) {
		eval_not_evaluated(ctx, "the sysdump has no pods to look for "
		    "kube-proxy");
		return;
	}
	f = eval_finding_new(ctx);
	for (i = 0; i < m->npods; i++) {
		const struct k8s_pod *p = &m->pods[i];

		if (!is_kube_proxy(p))
			continue;
		if (npods++ < DP_EVIDENCE_MAX)
			finding_evidence(ctx, f, p->src.path, p->src.line,
			    "pod %s/%s (%s%s%s) on node %s, %s", p->ns, p->name,
			    p->owner_kind != NULL ? p->owner_kind : "no owner",
			    p->owner_name != NULL ? " " : "",
			    p->owner_name != NULL ? p->owner_name : "",
			    p->node != NULL ? p->node : "(none)",
			    p->phase != NULL ? p->phase : "phase unknown");
		if (check_streq(p->owner_kind, "DaemonSet") && !ds) {
			ds = true;
			finding_subject(ctx, f, "DaemonSet", p->ns,
			    p->owner_name);
		}
		if (p->node != NULL) {
			set_add(&nodes, &nnodes, &ncap, p->node);
			finding_affected(ctx, f, NULL, p->node);
		}
	}
	if (npods == 0) {
		eval_finding_discard(ctx, f);
		return;
	}
	if (!ds)
		finding_subject(ctx, f, "ConfigMap", "kube-system",
		    "cilium-config");
	config_evidence(ctx, f, "kube-proxy-replacement");
	for (i = 0; i < m->nagents; i++) {
		const struct status_result *st =
		    model_agent_status(&m->agents[i]);

		if (st != NULL && kpr_full(st->kpr_mode))
			finding_evidence(ctx, f, st->path, status_line(st,
			    "KubeProxyReplacement"), "KubeProxyReplacement: "
			    "%s on %s", st->kpr_mode,
			    agent_node(&m->agents[i]));
	}
	set_sort(nodes, nnodes);
	names_list(&nb, nodes, nnodes, 5);
	finding_title(ctx, f, "kube-proxy still runs on %zu node%s while "
	    "Cilium's kube-proxy replacement is on", nnodes,
	    nnodes == 1 ? "" : "s");
	finding_message(ctx, f, "Cilium runs with kube-proxy-replacement=%s, "
	    "yet %zu kube-proxy pod%s still run%s (on %s). Both program "
	    "every Service independently, kube-proxy in iptables/IPVS and "
	    "Cilium in BPF, and their NAT and connection-tracking tables do "
	    "not know each other: connections break whenever one of them "
	    "takes over from the other (an agent restart, an upgrade, a node "
	    "where the agent is down), and Service behaviour depends on which "
	    "path a packet takes.", cfg != NULL ? cfg : "true", npods,
	    npods == 1 ? "" : "s", npods == 1 ? "s" : "", nnodes > 0 ?
	    nb.ptr : "no node");
	finding_remediation(ctx, f, "Remove kube-proxy, as the Cilium guide "
	    "for kube-proxy-free clusters says (existing Service connections "
	    "break once):\n\n"
	    "  kubectl -n kube-system delete ds kube-proxy\n"
	    "  kubectl -n kube-system delete cm kube-proxy\n"
	    "  # on each node, as root:\n"
	    "  iptables-save | grep -v KUBE | iptables-restore\n\n"
	    "Make sure k8sServiceHost/k8sServicePort point at the API server "
	    "itself first. If kube-proxy must stay (a distribution that "
	    "reinstalls it), set kubeProxyReplacement=false instead.");
	buf_release(&nb);
	free(nodes);
}

/* The agent's load-balancer state: the BPF map, else the service list. */
static const struct lb_result *
agent_lb(const struct model_agent *a, const char **what)
{
	if (a->lb != NULL) {
		*what = "bpf lb list";
		return a->lb;
	}
	if (a->services != NULL) {
		*what = "service list";
		return a->services;
	}
	if (a->debuginfo != NULL && a->debuginfo->has_services) {
		*what = "debuginfo service-list";
		return &a->debuginfo->services;
	}
	*what = NULL;
	return NULL;
}

/* Ready addresses of the Service: the larger of Endpoints and slices. */
static size_t
svc_ready(const struct model *m, const struct k8s_service *s,
    const struct k8s_endpoints **src)
{
	size_t i, j, best = 0, cnt[2] = { 0, 0 };

	*src = NULL;
	for (i = 0; i < m->nk8s_endpoints; i++) {
		const struct k8s_endpoints *ep = &m->k8s_endpoints[i];

		if (!check_streq(ep->ns, s->ns) ||
		    !check_streq(ep->name, s->name))
			continue;
		for (j = 0; j < ep->naddrs; j++)
			cnt[ep->slice] += ep->addrs[j].ready;
		if (*src == NULL)
			*src = ep;
	}
	best = cnt[0] > cnt[1] ? cnt[0] : cnt[1];
	return best;
}

/* Does Cilium leave this Service alone by design (pkg/k8s/utils/utils.go)? */
static bool
svc_ignored(const struct model *m, const struct k8s_service *s)
{
	const char *pn = labelset_get(&s->labels, NULL,
	    "service.kubernetes.io/service-proxy-name");
	const char *mine = model_config(m, "k8s-service-proxy-name");

	if (s->cluster_ip == NULL || *s->cluster_ip == '\0' ||
	    str_ieq(s->cluster_ip, "None") ||
	    check_streq(s->type, "ExternalName"))
		return true;
	if (labelset_get(&s->labels, NULL, "service.kubernetes.io/headless") !=
	    NULL)
		return true;
	if (pn != NULL)
		return !check_streq(pn, mine);
	if (mine != NULL && *mine != '\0')
		return true;	/* the agent only takes labelled Services */
	if (strchr(s->cluster_ip, ':') != NULL &&
	    !str_ieq(model_config(m, "enable-ipv6"), "true"))
		return true;
	return false;
}

/* The status controller that syncs Services into the LB maps, failing. */
static const struct status_controller *
lb_sync_failing(const struct model_agent *a)
{
	const struct status_result *st = model_agent_status(a);
	size_t i;

	for (i = 0; st != NULL && i < st->ncontrollers; i++)
		if (st->controllers[i].failing &&
		    strstr(st->controllers[i].name, "lb") != NULL)
			return &st->controllers[i];
	return NULL;
}

void
check_kpr_service_missing(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	size_t i, j, k, nkpr = 0, nlisted = 0;
	const char *src, *what;

	for (i = 0; i < m->nagents; i++)
		if (agent_kpr(m, &m->agents[i], &src)) {
			nkpr++;
			if (agent_lb(&m->agents[i], &what) != NULL)
				nlisted++;
		}
	if (nkpr == 0) {
		if (m->nagents == 0 && kpr_full(model_config(m,
		    "kube-proxy-replacement")))
			eval_not_evaluated(ctx, "kube-proxy replacement is on "
			    "but the sysdump has no bugtool with the agents' "
			    "load-balancer state");
		return;
	}
	if (nlisted == 0) {
		eval_not_evaluated(ctx, "no agent with kube-proxy replacement "
		    "on has `bpf lb list` or `service list` in its bugtool");
		return;
	}
	if (m->nservices == 0) {
		eval_not_evaluated(ctx, "the sysdump has no Services");
		return;
	}
	for (i = 0; i < m->nservices; i++) {
		const struct k8s_service *s = &m->services[i];
		const struct k8s_endpoints *eps;
		size_t ready;
		struct finding *f = NULL;
		const char **nodes = NULL, **fronts = NULL;
		size_t nnodes = 0, ncap = 0, nfronts = 0, fcap = 0;
		struct buf nb = BUF_INIT, fb = BUF_INIT;
		bool sync_failing = false;
		const char *pod = NULL;

		if (svc_ignored(m, s) || s->nports == 0)
			continue;
		ready = svc_ready(m, s, &eps);
		if (ready == 0)
			continue;
		for (j = 0; j < m->nagents; j++) {
			const struct model_agent *a = &m->agents[j];
			const struct lb_result *lb;
			const struct status_controller *c;
			bool missing = false;

			if (!agent_kpr(m, a, &src) ||
			    (lb = agent_lb(a, &what)) == NULL)
				continue;
			for (k = 0; k < s->nports; k++) {
				if (s->ports[k].port == 0 || s->ports[k].port >
				    65535)
					continue;
				if (lb_find(lb, s->cluster_ip,
				    (uint16_t)s->ports[k].port, NULL) != NULL)
					continue;
				missing = true;
				set_add(&fronts, &nfronts, &fcap,
				    arena_printf(ctx->out->a, "%s:%u/%s",
				    s->cluster_ip, s->ports[k].port,
				    s->ports[k].protocol != NULL ?
				    s->ports[k].protocol : "TCP"));
			}
			if (!missing)
				continue;
			if (f == NULL) {
				f = eval_finding_new(ctx);
				finding_subject(ctx, f, "Service", s->ns,
				    s->name);
				finding_evidence(ctx, f, s->src.path,
				    s->src.line, "Service %s/%s: ClusterIP %s",
				    s->ns, s->name, s->cluster_ip);
				if (eps != NULL)
					finding_evidence(ctx, f, eps->src.path,
					    eps->src.line, "%s %s/%s: %zu ready "
					    "address%s", eps->slice ?
					    "EndpointSlice" : "Endpoints",
					    s->ns, s->name, ready, ready == 1 ?
					    "" : "es");
			}
			set_add(&nodes, &nnodes, &ncap, agent_node(a));
			if (pod == NULL)
				pod = a->pod;
			finding_affected(ctx, f, NULL, agent_node(a));
			finding_evidence(ctx, f, lb->path, 0, "%s on %s: no "
			    "frontend %s among %zu services", what,
			    agent_node(a), s->cluster_ip, lb->nservices);
			if ((c = lb_sync_failing(a)) != NULL) {
				sync_failing = true;
				finding_evidence(ctx, f,
				    model_agent_status(a)->path, c->line,
				    "controller %s failing: %s", c->name,
				    c->message != NULL ? c->message : "");
			}
		}
		if (f == NULL)
			continue;
		/* The backend pods, by the Endpoints' target references. */
		if (eps != NULL)
			for (k = 0; k < eps->naddrs; k++)
				if (eps->addrs[k].ready &&
				    eps->addrs[k].pod_name != NULL)
					finding_affected(ctx, f,
					    eps->addrs[k].pod_ns,
					    eps->addrs[k].pod_name);
		f->confidence = sync_failing ? 1.0 : 0.85;
		set_sort(nodes, nnodes);
		names_list(&nb, nodes, nnodes, 5);
		names_list(&fb, fronts, nfronts, 4);
		finding_title(ctx, f, "Service %s/%s (%s) is missing from the "
		    "load-balancer map on %s", s->ns, s->name, fb.ptr, nb.ptr);
		finding_message(ctx, f, "Service %s/%s has %zu ready backend "
		    "address%s, but the agent%s on %s, where kube-proxy "
		    "replacement is on, %s no frontend for %s. Nothing else "
		    "translates the ClusterIP there: connections from pods on "
		    "%s to the Service go nowhere (or leave the cluster "
		    "untranslated) and time out%s.", s->ns, s->name, ready,
		    ready == 1 ? "" : "es", nnodes == 1 ? "" : "s", nb.ptr,
		    nnodes == 1 ? "has" : "have", fb.ptr,
		    nnodes == 1 ? "that node" : "those nodes",
		    sync_failing ? "; the agent's Service sync controller is "
		    "failing" : "");
		finding_remediation(ctx, f, "Check the agent log on %s for "
		    "errors about %s/%s (service upsert, LB map full, "
		    "`sync-lb-maps-with-k8s-services`), and compare "
		    "`cilium-dbg service list` with `kubectl get svc,endpoints "
		    "-n %s %s`. An agent that lost its Kubernetes watch resyncs "
		    "on restart: `kubectl -n kube-system delete pod %s`. If the "
		    "LB maps are full, raise bpf-lb-map-max.", nodes[0], s->ns,
		    s->name, s->ns, s->name, pod != NULL ? pod :
		    arena_printf(ctx->out->a, "<cilium pod on %s>", nodes[0]));
		buf_release(&nb);
		buf_release(&fb);
		free(nodes);
		free(fronts);
	}
}

/* ---------------------------------------------------------------------
 * DROP-DATAPATH
 */

/* The usual cause of a datapath drop, and where to look. */
struct drop_hint {
	uint32_t	 code;
	enum severity	 sev;
	const char	*cause;
	const char	*fix;
};

static const struct drop_hint drop_hints[] = {
	{ 132, SEV_MEDIUM, "a pod sent packets with a source address that "
	    "is not its own (spoofing, or an address it kept after its "
	    "endpoint changed)", "compare the pod's addresses with its "
	    "endpoint (`cilium-dbg endpoint list`)" },
	{ 134, SEV_MEDIUM, "malformed packets", "capture on the interface "
	    "the flows name" },
	{ 136, SEV_MEDIUM, "a packet larger than the path MTU (newer "
	    "releases: Fragmentation needed; older: CT: Missing TCP ACK "
	    "flag)", "check the MTU of the devices and of the tunnel "
	    "(`cilium-dbg status --verbose`)" },
	{ 139, SEV_LOW, "traffic of an L3 protocol Cilium does not handle "
	    "(IPv6 while IPv6 is disabled, other ethertypes)", "enable the "
	    "family (enable-ipv6) if it is wanted, otherwise this is noise" },
	{ 140, SEV_HIGH, "a BPF tail call whose target program is missing: "
	    "programs being replaced (agent restart, upgrade) or failed to "
	    "load", "look for BPF load errors and endpoint regeneration "
	    "failures (DATAPATH-REGEN-FAILED, BPF-PROG-MISSING)" },
	{ 151, SEV_MEDIUM, "traffic to an address the node cannot route: "
	    "an IP of its pod CIDR that no local endpoint owns (a deleted "
	    "pod, a client with a stale address) or a stale ipcache entry",
	    "find the destination in `cilium-dbg bpf ipcache list` and the "
	    "endpoint list; restart clients that cache old pod IPs" },
	{ 155, SEV_HIGH, "the connection-tracking map is full: new "
	    "connections cannot get an entry", "raise bpf-ct-global-tcp-max/"
	    "bpf-ct-global-any-max or bpf-map-dynamic-size-ratio (see "
	    "BPF-MAP-PRESSURE)" },
	{ 158, SEV_MEDIUM, "traffic to a Service frontend that has no "
	    "active backend", "check the Service's Endpoints and its "
	    "selector (see SVC-NO-ENDPOINTS)" },
	{ 160, SEV_HIGH, "no tunnel endpoint for the destination's node "
	    "(the node is unknown to the agent)", "check `cilium-dbg node "
	    "list` and the CiliumNodes" },
	{ 167, SEV_HIGH, "no NAT mapping could be made (NAT map full or "
	    "source ports exhausted)", "raise bpf-nat-global-max (see "
	    "BPF-MAP-PRESSURE)" },
	{ 169, SEV_MEDIUM, "the kernel FIB has no route for the destination "
	    "(native routing or BPF host routing)", "check the node's routes "
	    "to other nodes' pod CIDRs (auto-direct-node-routes, the "
	    "underlay)" },
	{ 171, SEV_MEDIUM, "a packet carried an invalid security identity",
	    "check identity allocation and the ipcache" },
	{ 174, SEV_MEDIUM, "traffic to a ClusterIP that was not "
	    "load-balanced on this node", "check that the Service is in the "
	    "node's LB map (KPR-SERVICE-MISSING) and socket LB coverage" },
	{ 177, SEV_LOW, "traffic denied by a Service's "
	    "loadBalancerSourceRanges", "widen loadBalancerSourceRanges if "
	    "the clients are legitimate" },
	{ 195, SEV_MEDIUM, "unencrypted traffic dropped by strict "
	    "encryption mode", "check WireGuard/IPsec peers and the strict "
	    "mode CIDR" },
	{ 196, SEV_MEDIUM, "packets whose TTL ran out (a routing loop)",
	    "look for a loop between the nodes' routes" },
	{ 197, SEV_MEDIUM, "no node ID for the destination node",
	    "check `cilium-dbg node list` on the dropping node" },
	{ 198, SEV_MEDIUM, "rate-limited packets", "check the bandwidth "
	    "and rate limits set on the pods" },
	{ 202, SEV_HIGH, "the host datapath was not ready (agent starting "
	    "or its programs failed to load)", "check the agent's start-up "
	    "and BPF load errors" },
	{ 203, SEV_HIGH, "the endpoint's policy program was not loaded "
	    "(endpoint regenerating or failed)", "check endpoint "
	    "regeneration (DATAPATH-REGEN-FAILED, EP-STUCK-REGEN)" },
};

static const struct drop_hint *
drop_hint(uint32_t code)
{
	size_t i;

	for (i = 0; i < sizeof(drop_hints) / sizeof(drop_hints[0]); i++)
		if (drop_hints[i].code == code)
			return &drop_hints[i];
	return NULL;
}

/* Codes that are not losses: multicast handled by the datapath. */
static bool
drop_benign(uint32_t code)
{
	return code == 199 || code == 200 || code == 201 || code < 130;
}

struct dd_group {
	uint32_t			 code;
	const char			*name;
	unsigned long			 flows;
	unsigned			 sources;	/* 1 << enum flow_source */
	double				 packets;	/* metrics */
	const char			**nodes;
	size_t				 nnodes, nodes_cap;
	const char			*fpath[2];
	const struct flow_record	*fr[2];		/* first, last */
	size_t				 nmev;
	const char			*mpath[DP_EVIDENCE_MAX];
	unsigned long			 mline[DP_EVIDENCE_MAX];
	const char			*mtext[DP_EVIDENCE_MAX];
};

static struct dd_group *
dd_get(struct dd_group **v, size_t *n, size_t *cap, uint32_t code)
{
	size_t i;
	const struct drop_reason *dr;

	for (i = 0; i < *n; i++)
		if ((*v)[i].code == code)
			return &(*v)[i];
	*v = xgrow(*v, cap, *n + 1, sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	(*v)[*n].code = code;
	dr = drop_reason_by_code(code);
	(*v)[*n].name = dr != NULL ? (dr->name != NULL ? dr->name : dr->text) :
	    NULL;
	return &(*v)[(*n)++];
}

/* The node that saw the flow: the capturing agent's, else the flow's own
 * ("kind-kind/kind-worker" without the cluster). */
static const char *
flow_node(const struct model_flows *mf, const struct flow_record *fr)
{
	const char *sl;

	if (mf->node != NULL)
		return mf->node;
	if (fr->node_name == NULL)
		return "(unknown node)";
	sl = strchr(fr->node_name, '/');
	return sl != NULL ? sl + 1 : fr->node_name;
}

static int
dd_cmp(const void *a, const void *b)
{
	const struct dd_group *x = a, *y = b;

	return x->code < y->code ? -1 : x->code > y->code;
}

void
check_drop_datapath(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	long min_flows = eval_param_int(ctx, "min_flows", 10);
	long min_packets = eval_param_int(ctx, "min_packets", 100);
	struct dd_group *g = NULL;
	size_t ng = 0, gcap = 0, i, j, k;

	if (eval_flow_total(m) == 0 && !any_agent_metrics(m)) {
		eval_not_evaluated(ctx, "the sysdump has neither Hubble flows "
		    "(nor monitor events) nor agent metrics");
		return;
	}
	for (i = 0; i < m->nflow_files; i++) {
		const struct model_flows *mf = &m->flow_files[i];

		for (j = 0; j < mf->r.nflows; j++) {
			const struct flow_record *fr = &mf->r.flows[j];
			struct dd_group *x;

			if (fr->verdict != FLOW_DROPPED || fr->drop_reason == 0 ||
			    drop_reason_category(fr->drop_reason) !=
			    DROP_CAT_DATAPATH || drop_benign(fr->drop_reason))
				continue;
			x = dd_get(&g, &ng, &gcap, fr->drop_reason);
			if (x->name == NULL && fr->drop_reason_name != NULL)
				x->name = fr->drop_reason_name;
			x->sources |= 1u << mf->r.source;
			if (x->flows++ == 0) {
				x->fr[0] = fr;
				x->fpath[0] = mf->r.path;
			}
			x->fr[1] = fr;
			x->fpath[1] = mf->r.path;
			set_add(&x->nodes, &x->nnodes, &x->nodes_cap,
			    flow_node(mf, fr));
		}
	}
	for (i = 0; i < m->nagents; i++) {
		const struct model_agent *a = &m->agents[i];

		for (j = 0; a->metrics != NULL && j < a->metrics->nsamples;
		    j++) {
			const struct metric_sample *s = &a->metrics->samples[j];
			const char *reason;
			const struct drop_reason *dr;
			struct dd_group *x;

			if (!check_streq(s->name, "cilium_drop_count_total") ||
			    !s->has_value || s->value <= 0 ||
			    (reason = metric_label_get(s, "reason")) == NULL ||
			    (dr = drop_reason_by_text(reason)) == NULL ||
			    dr->category != DROP_CAT_DATAPATH ||
			    drop_benign(dr->code))
				continue;
			x = dd_get(&g, &ng, &gcap, dr->code);
			x->packets += s->value;
			set_add(&x->nodes, &x->nnodes, &x->nodes_cap,
			    agent_node(a));
			if (x->nmev < DP_EVIDENCE_MAX) {
				x->mpath[x->nmev] = a->metrics->path;
				x->mline[x->nmev] = s->line;
				x->mtext[x->nmev] = arena_printf(ctx->out->a,
				    "cilium_drop_count_total %s %.0f on %s",
				    s->labels_text, s->value, agent_node(a));
				x->nmev++;
			}
		}
	}
	if (ng > 1)
		qsort(g, ng, sizeof(*g), dd_cmp);
	for (i = 0; i < ng; i++) {
		struct dd_group *x = &g[i];
		const struct drop_reason *dr = drop_reason_by_code(x->code);
		const struct drop_hint *h = drop_hint(x->code);
		struct finding *f;
		struct buf nb = BUF_INIT;
		const char *text = dr != NULL ? dr->text : "unknown reason";

		if ((long)x->flows < min_flows && x->packets < (double)min_packets)
			goto next;
		f = eval_finding_new(ctx);
		f->severity = h != NULL ? h->sev : ctx->rule->severity;
		f->drops = x->flows > 0 ? x->flows : (unsigned long)(x->packets <
		    100 ? x->packets : 100);
		set_sort(x->nodes, x->nnodes);
		for (j = 0; j < x->nnodes; j++)
			finding_subject(ctx, f, "Node", NULL, x->nodes[j]);
		for (j = 0; j < 2; j++)
			if (x->fr[j] != NULL && (j == 0 || x->fr[1] != x->fr[0]))
				finding_evidence(ctx, f, x->fpath[j],
				    x->fr[j]->line, "%s%s", eval_flow_text(ctx,
				    x->fr[j]), x->fr[j]->file_name != NULL ?
				    arena_printf(ctx->out->a, " (%s:%u)",
				    x->fr[j]->file_name, x->fr[j]->file_line) :
				    "");
		for (j = 0; j < x->nmev; j++)
			finding_evidence(ctx, f, x->mpath[j], x->mline[j], "%s",
			    x->mtext[j]);
		/* The pods on either side of the dropped flows. */
		for (j = 0; j < m->nflow_files; j++)
			for (k = 0; k < m->flow_files[j].r.nflows; k++) {
				const struct flow_record *fr =
				    &m->flow_files[j].r.flows[k];

				if (fr->verdict != FLOW_DROPPED ||
				    fr->drop_reason != x->code)
					continue;
				if (fr->src.pod_name != NULL)
					finding_affected(ctx, f,
					    fr->src.namespace, fr->src.pod_name);
				if (fr->dst.pod_name != NULL)
					finding_affected(ctx, f,
					    fr->dst.namespace, fr->dst.pod_name);
			}
		names_list(&nb, x->nodes, x->nnodes, 5);
		finding_title(ctx, f, "Datapath drops %s (%u, \"%s\") on %s",
		    x->name != NULL ? x->name : "?", x->code, text, nb.ptr);
		finding_message(ctx, f, "%s%s%s dropped by the datapath with "
		    "reason %u \"%s\" on %s, not by policy. %s%s.",
		    x->flows > 0 ? arena_printf(ctx->out->a, "%s recorded "
		    "%lu flow%s", eval_flow_recorded_by(ctx, x->sources),
		    x->flows, x->flows == 1 ? "" : "s") : "",
		    x->flows > 0 && x->packets > 0 ? " and " : "",
		    x->packets > 0 ? arena_printf(ctx->out->a, "%s "
		    "cilium_drop_count_total counts %.0f packet%s",
		    x->flows > 0 ? "the agents'" : "The agents'", x->packets,
		    x->packets == 1 ? "" : "s") : "", x->code, text, nb.ptr,
		    h != NULL ? "The usual cause: " : "This reason is not one "
		    "of the common ones: see pkg/monitor/api/drop.go and the "
		    "datapath source the flows name",
		    h != NULL ? h->cause : "");
		finding_remediation(ctx, f, "%s%s. Watch the drops with "
		    "`hubble observe --verdict DROPPED --type drop` (or "
		    "`cilium-dbg monitor --type drop`) on %s.",
		    h != NULL ? "To fix it: " : "Look at the dropped flows' "
		    "source and destination and the datapath file:line they "
		    "name", h != NULL ? h->fix : "", x->nodes[0]);
		buf_release(&nb);
next:
		free(x->nodes);
	}
	free(g);
}
