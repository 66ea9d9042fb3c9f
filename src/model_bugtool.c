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
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "art_debuginfo.h"
#include "classify.h"
#include "ingest.h"
#include "intern.h"
#include "model.h"
#include "model_bugtool.h"
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
	    art_health_parse)

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

static struct model_endpoint *
endpoint_match(struct model *m, const struct model_agent *a,
    const struct endpoint_record *r)
{
	size_t i;

	if (r->pod_name != NULL && r->pod_namespace != NULL) {
		for (i = 0; i < m->nendpoints; i++)
			if (m->endpoints[i].pod != NULL &&
			    m->endpoints[i].ns != NULL &&
			    strcmp(m->endpoints[i].pod, r->pod_name) == 0 &&
			    strcmp(m->endpoints[i].ns, r->pod_namespace) == 0)
				return &m->endpoints[i];
	}
	if (r->ipv4 != NULL) {
		for (i = 0; i < m->nendpoints; i++)
			if (m->endpoints[i].ipv4 != NULL &&
			    strcmp(m->endpoints[i].ipv4, r->ipv4) == 0)
				return &m->endpoints[i];
	}
	/* Endpoint ids are per node: the same id on the same agent. */
	for (i = 0; r->id != 0 && i < m->nendpoints; i++) {
		const char *n = m->endpoints[i].node;

		if (m->endpoints[i].id == r->id && (a->node != NULL ?
		    n != NULL && strcmp(n, a->node) == 0 : n == NULL))
			return &m->endpoints[i];
	}
	return NULL;
}

static void
merge_endpoint(struct model *m, const struct model_agent *a,
    const struct endpoint_record *r, unsigned source)
{
	struct model_endpoint *e = endpoint_match(m, a, r);

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
}

/* Record an identity the agent listed, unless the model has it. */
static void
merge_identity(struct model *m, const struct identity_record *r,
    const char *path)
{
	struct model_identity *mi;
	size_t i;

	for (i = 0; i < m->nidentities; i++) {
		if (m->identities[i].id != r->id)
			continue;
		if (m->identities[i].labels.n == 0)
			m->identities[i].labels = r->labels;
		m->identities[i].sources |= MSRC_BUGTOOL;
		return;
	}
	m->identities = xgrow(m->identities, &m->identities_cap,
	    m->nidentities + 1, sizeof(*m->identities));
	mi = &m->identities[m->nidentities++];
	memset(mi, 0, sizeof(*mi));
	mi->id = r->id;
	mi->labels = r->labels;
	mi->sources = MSRC_BUGTOOL;
	mi->src.path = path;
	mi->src.line = r->line;
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
	size_t i, j;

	for (i = 0; i < m->nagents; i++) {
		struct model_agent *a = &m->agents[i];

		/* The debuginfo names pods; the text list does not. */
		if (a->debuginfo != NULL)
			for (j = 0; j < a->debuginfo->endpoints.n; j++)
				merge_endpoint(m, a, &a->debuginfo->endpoints.v[j],
				    MSRC_DEBUGINFO);
		if (a->endpoints != NULL)
			for (j = 0; j < a->endpoints->n; j++)
				merge_endpoint(m, a, &a->endpoints->v[j],
				    MSRC_BUGTOOL);
		if (a->identities != NULL)
			for (j = 0; j < a->identities->n; j++)
				merge_identity(m, &a->identities->v[j],
				    a->identities->path);
	}
}
