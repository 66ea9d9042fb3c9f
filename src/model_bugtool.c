/*
 * model_bugtool.c: the agents' bugtool outputs in the model.
 *
 * A table (an X-macro) says which bugtool kind is parsed by which parser
 * into which field of the agent's record; adding an output is one line.
 * When a kind occurs twice in one bugtool (text and JSON forms of the same
 * command), the JSON form wins and the first text form is kept otherwise.
 *
 * The join: each agent's endpoints (the debuginfo's, which carry pod
 * names, else the endpoint list's) are matched to the model's endpoints by
 * pod, then IP, then node and endpoint id; the agent's word fills what
 * the CiliumEndpoint did not say (state, enforcement, labels that were
 * only derived), and endpoints the CRDs never had (host, health) are
 * added.  Identity lists feed the identity table.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "art_debuginfo.h"
#include "classify.h"
#include "ingest.h"
#include "intern.h"
#include "model.h"
#include "model_bugtool.h"
#include "ptrmap.h"
#include "xalloc.h"

/* X(kind, field, result type, parser) */
#define BUGTOOL_PARSERS(X)						\
	X(ART_BUGTOOL_STATUS, status, struct status_result,		\
	    art_status_parse)						\
	X(ART_BUGTOOL_ENDPOINT_LIST, endpoints, struct endpoint_result,	\
	    art_endpoint_parse)						\
	X(ART_BUGTOOL_DEBUGINFO_JSON, debuginfo, struct debuginfo_result,	\
	    art_debuginfo_parse)					\
	X(ART_BUGTOOL_IDENTITY_LIST, identities, struct identity_result,	\
	    art_identity_parse)						\
	X(ART_BUGTOOL_BPF_POLICY_GET, bpf_policy, struct bpf_policy_result, \
	    art_bpf_policy_parse)					\
	X(ART_BUGTOOL_BPF_IPCACHE_LIST, ipcache, struct ipcache_result,	\
	    art_ipcache_parse)						\
	X(ART_BUGTOOL_IP_LIST, ip_list, struct ipcache_result,		\
	    art_ipcache_parse)						\
	X(ART_BUGTOOL_BPF_LB_LIST, lb, struct lb_result, art_lb_parse)	\
	X(ART_BUGTOOL_SERVICE_LIST, services, struct lb_result,		\
	    art_lb_parse)						\
	X(ART_BUGTOOL_METRICS, metrics, struct metrics_result,		\
	    art_metrics_parse)						\
	X(ART_BUGTOOL_UNAME, uname, struct host_result, art_host_parse)	\
	X(ART_BUGTOOL_BPFTOOL_NET, bpftool_net, struct host_result,	\
	    art_host_parse)						\
	X(ART_BUGTOOL_BPFTOOL_PROG, bpftool_prog, struct host_result,	\
	    art_host_parse)						\
	X(ART_BUGTOOL_POLICY_GET, rules, struct agent_rules,		\
	    art_policy_parse)						\
	X(ART_BUGTOOL_POLICY_SELECTORS, selectors, struct agent_selectors,	\
	    art_policy_selectors_parse)					\
	X(ART_BUGTOOL_HEALTH_STATUS, health, struct health_result,		\
	    art_health_parse)						\
	X(ART_BUGTOOL_FQDN_CACHE, fqdn_cache, struct fqdn_cache_result,	\
	    art_fqdn_parse)

const struct status_result *
model_agent_status(const struct model_agent *a)
{
	if (a->status != NULL)
		return a->status;
	if (a->debuginfo != NULL && a->debuginfo->has_status)
		return &a->debuginfo->status;
	return NULL;
}

static struct model_agent *
agent_for(struct model *m, const struct classification *c)
{
	const char *bt = intern(m->st, c->bugtool != NULL ? c->bugtool : "");
	struct model_agent *a;
	size_t i;

	for (i = 0; i < m->nagents; i++)
		if (m->agents[i].bugtool == bt)
			return &m->agents[i];
	m->agents = xgrow(m->agents, &m->agents_cap, m->nagents + 1,
	    sizeof(*m->agents));
	a = &m->agents[m->nagents++];
	memset(a, 0, sizeof(*a));
	a->bugtool = bt;
	a->pod = c->pod != NULL ? intern(m->st, c->pod) : NULL;
	return a;
}

/*
 * Parse into *slot unless it already holds a result that is as good (a
 * JSON form beats a text form of the same command).
 */
#define X(kind, field, type, parser)					\
static void								\
parse_##field(struct model *m, struct ingest_member *mb,		\
    struct model_agent *a, bool json)					\
{									\
	type *r;							\
									\
	if (a->field != NULL && !json)					\
		return;							\
	r = arena_alloc(m->a, sizeof(*r));				\
	if (parser(mb, m->a, m->st, &m->problems, r) == 0)		\
		a->field = r;						\
}
BUGTOOL_PARSERS(X)
#undef X

void
model_bugtool_member(struct model *m, struct ingest_member *mb,
    const struct classification *c)
{
	struct model_agent *a;

	switch (c->kind) {
#define X(kind, field, type, parser)				\
	case kind:						\
		a = agent_for(m, c);				\
		parse_##field(m, mb, a, c->json);		\
		break;
	BUGTOOL_PARSERS(X)
#undef X
	default:
		break;
	}
}

/* The node the inventory resolved for any member of this bugtool. */
static const char *
agent_node(struct model *m, const struct model_agent *a)
{
	size_t i;

	for (i = 0; i < m->inv.nartifacts; i++) {
		const struct inventory_artifact *art = &m->inv.artifacts[i];

		if (art->bugtool != NULL && art->node != NULL &&
		    strcmp(art->bugtool, a->bugtool) == 0)
			return intern(m->st, art->node);
	}
	return NULL;
}

static int
enforce_from(enum endpoint_policy_mode mode)
{
	switch (mode) {
	case ENDPOINT_POLICY_ENABLED:
		return ENFORCE_ENABLED;
	case ENDPOINT_POLICY_DISABLED:
		return ENFORCE_DISABLED;
	case ENDPOINT_POLICY_AUDIT:
		return ENFORCE_AUDIT;
	default:
		return ENFORCE_UNKNOWN;
	}
}

/* The model's endpoints by pod, by IP and by (node, id). */
struct ep_index {
	struct ptrmap	byname;
	struct ptrmap	byip;
	struct ptrmap	bynodeid;
};

static void
ep_index_add(struct model *m, struct ep_index *x, size_t i)
{
	const struct model_endpoint *e = &m->endpoints[i];

	if (e->ns != NULL && e->pod != NULL)
		ptrmap_put(&x->byname, intern(m->st, e->ns),
		    intern(m->st, e->pod), i);
	if (e->ipv4 != NULL)
		ptrmap_put(&x->byip, intern(m->st, e->ipv4), NULL, i);
	if (e->id != 0)
		ptrmap_put(&x->bynodeid, e->node != NULL ?
		    intern(m->st, e->node) : NULL, (void *)(uintptr_t)e->id, i);
}

/*
 * The model endpoint an agent's record names: by pod, then IP, then
 * endpoint id on the agent's node (ids are per node).
 */
static struct model_endpoint *
endpoint_match(struct model *m, const struct ep_index *x,
    const struct model_agent *a, const struct endpoint_record *r)
{
	size_t i;

	if (r->pod_name != NULL && r->pod_namespace != NULL &&
	    ptrmap_get(&x->byname, intern(m->st, r->pod_namespace),
	    intern(m->st, r->pod_name), &i))
		return &m->endpoints[i];
	if (r->ipv4 != NULL && ptrmap_get(&x->byip, intern(m->st, r->ipv4),
	    NULL, &i))
		return &m->endpoints[i];
	if (r->id != 0 && ptrmap_get(&x->bynodeid, a->node != NULL ?
	    intern(m->st, a->node) : NULL, (void *)(uintptr_t)r->id, &i))
		return &m->endpoints[i];
	return NULL;
}

static void
merge_endpoint(struct model *m, struct ep_index *x,
    const struct model_agent *a, const struct endpoint_record *r,
    unsigned source)
{
	struct model_endpoint *e = endpoint_match(m, x, a, r);
	bool added = false;

	if (e == NULL) {
		m->endpoints = xgrow(m->endpoints, &m->endpoints_cap,
		    m->nendpoints + 1, sizeof(*m->endpoints));
		e = &m->endpoints[m->nendpoints++];
		memset(e, 0, sizeof(*e));
		e->ns = r->pod_namespace;
		e->pod = r->pod_name;
		e->node = a->node;
		e->ipv4 = r->ipv4;
		e->enforce_ingress = e->enforce_egress = ENFORCE_UNKNOWN;
		e->src.path = source == MSRC_DEBUGINFO ? a->debuginfo->path :
		    a->endpoints->path;
		e->src.line = r->line;
		added = true;
	}
	if (e->id == 0)
		e->id = r->id;
	if (e->identity == 0 && r->has_identity)
		e->identity = r->identity;
	/* The agent's labels beat labels that were only derived. */
	if (r->labels.n > 0 && (e->labels.n == 0 ||
	    (e->sources & MSRC_DERIVED))) {
		e->labels = r->labels;
		e->sources &= ~(unsigned)MSRC_DERIVED;
	}
	if (r->state != NULL)
		e->state = r->state;
	if (enforce_from(r->ingress) != ENFORCE_UNKNOWN)
		e->enforce_ingress = enforce_from(r->ingress);
	if (enforce_from(r->egress) != ENFORCE_UNKNOWN)
		e->enforce_egress = enforce_from(r->egress);
	if (e->ipv6 == NULL)
		e->ipv6 = r->ipv6;
	if (e->node == NULL)
		e->node = a->node;
	e->sources |= source;
	if (added)
		ep_index_add(m, x, (size_t)(e - m->endpoints));
}

/* Record an identity the agent listed. */
static void
merge_identity(struct model *m, const struct identity_record *r,
    const char *path)
{
	struct src src = { path, r->line };

	model_identity_add(m, r->id, &r->labels, MSRC_BUGTOOL, &src);
}

void
model_bugtool_agents(struct model *m)
{
	size_t i;

	for (i = 0; i < m->nagents; i++) {
		struct model_agent *a = &m->agents[i];
		const struct status_result *st = model_agent_status(a);

		a->node = agent_node(m, a);
		/* A lone bugtool: uname -a names the host it ran on. */
		if (a->node == NULL && a->uname != NULL && a->uname->has_uname &&
		    a->uname->uname.nodename != NULL)
			a->node = a->uname->uname.nodename;
		if (a->debuginfo != NULL) {
			a->version = a->debuginfo->version;
			a->kernel = a->debuginfo->kernel;
		}
		if (a->version == NULL && st != NULL && st->version != NULL)
			a->version = debuginfo_version(m->st, st->version);
		if (a->uname != NULL && a->uname->has_uname &&
		    a->uname->uname.release != NULL)
			a->kernel = a->uname->uname.release;
	}
	/* With no DaemonSet to say it, the agents' own version will do. */
	for (i = 0; m->cilium_version == NULL && i < m->nagents; i++) {
		if (m->agents[i].version == NULL)
			continue;
		m->cilium_version = m->agents[i].version;
		m->cilium_version_src = arena_printf(m->a, "agent %s (%s)",
		    m->agents[i].pod != NULL ? m->agents[i].pod : "bugtool",
		    m->agents[i].bugtool);
	}
}

void
model_bugtool_join(struct model *m)
{
	struct ep_index x;
	size_t i, j;

	memset(&x, 0, sizeof(x));
	for (i = 0; i < m->nendpoints; i++)
		ep_index_add(m, &x, i);
	for (i = 0; i < m->nagents; i++) {
		struct model_agent *a = &m->agents[i];

		/* The debuginfo names pods; the text list does not. */
		if (a->debuginfo != NULL)
			for (j = 0; j < a->debuginfo->endpoints.n; j++)
				merge_endpoint(m, &x, a,
				    &a->debuginfo->endpoints.v[j],
				    MSRC_DEBUGINFO);
		if (a->endpoints != NULL)
			for (j = 0; j < a->endpoints->n; j++)
				merge_endpoint(m, &x, a, &a->endpoints->v[j],
				    MSRC_BUGTOOL);
		if (a->identities != NULL)
			for (j = 0; j < a->identities->n; j++)
				merge_identity(m, &a->identities->v[j],
				    a->identities->path);
	}
	ptrmap_release(&x.byname);
	ptrmap_release(&x.byip);
	ptrmap_release(&x.bynodeid);
}
