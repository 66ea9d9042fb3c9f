/*
 * verdict.c: the policy verdict of one flow, computed the way Cilium does.
 *
 * What it encodes (policy-semantics.md, each checked against the Cilium
 * source named there):
 *   - E.2: both ends decide, egress at the source endpoint and ingress at
 *     the destination; allows of every selecting CNP, CCNP and KNP rule
 *     form a union;
 *   - E.3: a matching deny (ingressDeny/egressDeny, any kind) wins;
 *   - E.1: a direction is default-deny when a selecting rule has an
 *     element in it, allow or deny, unless enableDefaultDeny says false
 *     and enable-non-default-deny-policies is on (1.16+); KNP from
 *     policyTypes (F); an element `{}` allows nothing; an element with
 *     toPorts and no peer allows any peer on those ports; an empty peer
 *     list selects nothing; enable-policy `always` makes every endpoint
 *     default-deny, `never` disables enforcement (intro.rst);
 *   - C.1: entities as reserved identities (cluster = the reserved
 *     in-cluster identities plus local-cluster pods; all = everything);
 *   - D: CIDR rules (and KNP ipBlock) never match a Cilium-managed pod,
 *     nor node IPs unless policy-cidr-match-mode has `nodes`;
 *   - E.5/E.7: ports are those after service translation; named ports
 *     resolve against the destination pod's container ports; L7 rules
 *     allow at L3/L4 and then filter requests;
 *   - E.4: audit mode lets a would-be drop pass (flagged);
 *   - G.5: traffic from the local host to its endpoints is allowed
 *     unless allow-localhost is `policy`;
 *   - A.3: toServices to a Service with a selector selects its backends
 *     from 1.17 (pkg/policy/k8s/service.go), nothing before.
 *   - E.6: toFQDNs allows the IPs that a DNS answer seen on the source's
 *     node maps to a selected name (fqdn.h: the answers are the DNS
 *     responses among the flows);
 *   - D: cidrGroupRef stands for the externalCIDRs of the sysdump's
 *     CiliumCIDRGroup of that name.
 * toGroups and cidrGroupSelector cannot be resolved offline: they never
 * match and the result says so in its notes, as does toFQDNs without a
 * DNS answer.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "buf.h"
#include "check_util.h"
#include "cmdtext.h"
#include "fqdn.h"
#include "intern.h"
#include "label.h"
#include "model.h"
#include "netaddr.h"
#include "policy.h"
#include "selector.h"
#include "verdict.h"
#include "xalloc.h"

#define NS_KEY		"io.kubernetes.pod.namespace"
#define NS_LABELS	"io.cilium.k8s.namespace.labels."
#define CLUSTER_KEY	"io.cilium.k8s.policy.cluster"

static const char *const reason_names[] = {
#define X(e, name, text) name,
	VERDICT_REASONS(X)
#undef X
};
static const char *const reason_texts[] = {
#define X(e, name, text) text,
	VERDICT_REASONS(X)
#undef X
};
static const char *const miss_names[] = {
#define X(e, s) s,
	VERDICT_MISSES(X)
#undef X
};

const char *
verdict_reason_name(enum verdict_reason r)
{
	return reason_names[r];
}

const char *
verdict_reason_text(enum verdict_reason r)
{
	return reason_texts[r];
}

static bool
streq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* ------------------------------------------------------------------ */
/* Addresses */

static bool
is_ip(const char *s)
{
	unsigned char tmp[16];

	return inet_pton(AF_INET, s, tmp) == 1 ||
	    inet_pton(AF_INET6, s, tmp) == 1;
}

/* Is ip inside the CIDR rule (and outside its excepts)? */
static bool
cidr_has_ip(const struct policy_cidr *c, const char *ip)
{
	struct ip_prefix a, b, x;
	size_t i;

	if (c->cidr == NULL || !ip_prefix_parse(c->cidr, &a) ||
	    !ip_prefix_parse(ip, &b))
		return false;
	if (!ip_prefix_contains(&a, &b))
		return false;
	for (i = 0; i < c->nexcept; i++)
		if (ip_prefix_parse(c->except[i], &x) &&
		    ip_prefix_contains(&x, &b))
			return false;
	return true;
}

static bool
cidr_is_world(const struct policy_cidr *c)
{
	struct ip_prefix a;

	return c->cidr != NULL && ip_prefix_parse(c->cidr, &a) && a.len == 0 &&
	    c->nexcept == 0;
}

/* ------------------------------------------------------------------ */
/* Resolving SRC and DST */

static const char *const entity_names[] = {
	"world", "host", "remote-node", "kube-apiserver", "health",
};

/* Is ip the address of a node?  Sets *node. */
static bool
node_ip(const struct model *m, const char *ip, const char **node)
{
	size_t i, j;

	for (i = 0; i < m->nnodes; i++)
		for (j = 0; j < m->nodes[i].ninternal_ips; j++)
			if (streq(m->nodes[i].internal_ips[j], ip)) {
				*node = m->nodes[i].name;
				return true;
			}
	for (i = 0; i < m->ncilium_nodes; i++)
		for (j = 0; j < m->cilium_nodes[i].naddresses; j++)
			if (streq(m->cilium_nodes[i].addresses[j], ip)) {
				*node = m->cilium_nodes[i].name;
				return true;
			}
	return false;
}

/* Does the default/kubernetes Service's Endpoints list ip? */
static bool
apiserver_ip(const struct model *m, const char *ip)
{
	size_t i, j;

	for (i = 0; i < m->nk8s_endpoints; i++) {
		const struct k8s_endpoints *e = &m->k8s_endpoints[i];

		if (!streq(e->ns, "default") || !streq(e->name, "kubernetes"))
			continue;
		for (j = 0; j < e->naddrs; j++)
			if (streq(e->addrs[j].ip, ip))
				return true;
	}
	return false;
}

static void
peer_endpoint(struct model *m, const struct model_endpoint *ep,
    struct verdict_peer *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = VPEER_ENDPOINT;
	out->ep = ep;
	out->ip = ep->ipv4 != NULL ? ep->ipv4 : ep->ipv6;
	out->node = ep->node;
	if (ep->pod != NULL && ep->ns != NULL)
		out->name = arena_printf(m->a, "%s/%s", ep->ns, ep->pod);
	else if (labelset_has(&ep->labels, "reserved", "health"))
		out->name = arena_printf(m->a, "health endpoint %s%s%s",
		    out->ip != NULL ? out->ip : "", ep->node != NULL ?
		    " on " : "", ep->node != NULL ? ep->node : "");
	else
		out->name = arena_printf(m->a, "endpoint %u", ep->id);
}

static int
resolve_ip(struct model *m, const char *spec, struct verdict_peer *out)
{
	const char *ip = intern(m->st, spec), *node = NULL;
	size_t i;

	for (i = 0; i < m->nendpoints; i++) {
		const struct model_endpoint *ep = &m->endpoints[i];

		if (streq(ep->ipv4, ip) || streq(ep->ipv6, ip)) {
			peer_endpoint(m, ep, out);
			out->ip = ip;
			return 0;
		}
	}
	memset(out, 0, sizeof(*out));
	out->ip = ip;
	out->name = ip;
	if (node_ip(m, ip, &node)) {
		out->kind = VPEER_NODE;
		out->node = node;
		out->apiserver = apiserver_ip(m, ip);
		return 0;
	}
	out->apiserver = apiserver_ip(m, ip);
	out->kind = out->apiserver ? VPEER_NODE : VPEER_IP;
	return 0;
}

int
verdict_peer_resolve(struct model *m, const char *spec,
    struct verdict_peer *out, const char **errp)
{
	const char *slash;
	const struct model_endpoint *hit = NULL;
	struct buf cands = BUF_INIT;
	size_t i, nhit = 0, nslash;

	*errp = NULL;
	memset(out, 0, sizeof(*out));
	for (i = 0; i < sizeof(entity_names) / sizeof(entity_names[0]); i++)
		if (strcmp(spec, entity_names[i]) == 0) {
			out->kind = VPEER_ENTITY;
			out->entity = intern(m->st, spec);
			out->name = out->entity;
			return 0;
		}
	if (is_ip(spec))
		return resolve_ip(m, spec, out);
	if ((slash = strchr(spec, '/')) == NULL || slash == spec ||
	    slash[1] == '\0') {
		*errp = arena_printf(m->a, "'%s' is not ns/pod, an entity "
		    "(world, host, remote-node, kube-apiserver, health) nor an "
		    "IP address", spec);
		return -1;
	}
	nslash = (size_t)(slash - spec);
	/* An exact name first, then a unique prefix. */
	for (i = 0; i < m->nendpoints; i++) {
		const struct model_endpoint *ep = &m->endpoints[i];

		if (ep->ns == NULL || ep->pod == NULL ||
		    strlen(ep->ns) != nslash ||
		    strncmp(ep->ns, spec, nslash) != 0)
			continue;
		if (strcmp(ep->pod, slash + 1) == 0) {
			peer_endpoint(m, ep, out);
			buf_release(&cands);
			return 0;
		}
		if (strncmp(ep->pod, slash + 1, strlen(slash + 1)) == 0) {
			buf_addf(&cands, "%s%s/%s", nhit ? ", " : "", ep->ns,
			    ep->pod);
			hit = ep;
			nhit++;
		}
	}
	if (nhit == 1) {
		peer_endpoint(m, hit, out);
		buf_release(&cands);
		return 0;
	}
	if (nhit > 1) {
		*errp = arena_printf(m->a, "'%s' is ambiguous: it names %zu "
		    "pods (%s)", spec, nhit, cands.ptr);
		buf_release(&cands);
		return -1;
	}
	buf_release(&cands);
	/* A hostNetwork pod is its node: host there, remote-node elsewhere. */
	for (i = 0; i < m->npods; i++) {
		const struct k8s_pod *pod = &m->pods[i];

		if (!pod->host_network || pod->ns == NULL ||
		    pod->name == NULL || strlen(pod->ns) != nslash ||
		    strncmp(pod->ns, spec, nslash) != 0 ||
		    strncmp(pod->name, slash + 1, strlen(slash + 1)) != 0)
			continue;
		out->kind = VPEER_NODE;
		out->node = pod->node;
		out->ip = pod->ip;
		out->name = arena_printf(m->a, "%s/%s (hostNetwork on %s)",
		    pod->ns, pod->name, pod->node != NULL ? pod->node : "?");
		out->apiserver = pod->ip != NULL && apiserver_ip(m, pod->ip);
		return 0;
	}
	*errp = arena_printf(m->a, "no pod '%s' with a Cilium endpoint "
	    "(see `ctriage get INPUT pods -n %.*s`)", spec, (int)nslash, spec);
	return -1;
}

/* ------------------------------------------------------------------ */
/* The evaluation context */

struct vc {
	struct model			*m;
	const struct verdict_query	*q;
	const char			*proto;		/* interned */
	bool				 honor;		/* enableDefaultDeny */
	bool				 always;
	bool				 never;
	bool				 audit;
	bool				 localhost_policy;
	bool				 knp_off;
	bool				 cidr_nodes;
	bool				 svc_selectors;	/* 1.17+ */
	/* notes of the direction being computed */
	const char			**notes;
	size_t				 nnotes, notes_cap;
	/* DNS answers that map the peer's IP to names (toFQDNs) */
	const char			*dns_ip;	/* they are for */
	const struct fqdn_answer	*dns;		/* in the arena */
	size_t				 ndns;
};

/* Where a direction is decided. */
struct side {
	const struct model_endpoint	*ep;	/* NULL: labels only */
	struct labelset			 labels;
	const char			*name;
	const char			*node;
	const struct k8s_pod		*pod;
};

/* The other end, as the deciding side sees it. */
struct seen {
	const struct verdict_peer	*p;
	struct labelset			 labels;
	uint32_t			 identity;	/* 0 unknown */
	const struct k8s_pod		*pod;
	bool				 managed;	/* a Cilium endpoint */
};

static const char *
cfg(const struct vc *vc, const char *key)
{
	return model_config(vc->m, key);
}

static void
note(struct vc *vc, const char *text)
{
	size_t i;

	for (i = 0; i < vc->nnotes; i++)
		if (strcmp(vc->notes[i], text) == 0)
			return;
	vc->notes = xgrow(vc->notes, &vc->notes_cap, vc->nnotes + 1,
	    sizeof(*vc->notes));
	vc->notes[vc->nnotes++] = text;
}

static void
labels_of(struct model *m, const char *const *v, size_t n,
    struct labelset *out)
{
	struct label l[4];
	size_t i;

	for (i = 0; i < n && i < 4; i++)
		label_parse(m->st, v[i], "reserved", &l[i]);
	labelset_build(m->a, l, i, out);
}

/* The labels and reserved identity of an entity (C.1, C.2). */
static uint32_t
entity_labels(struct model *m, const char *entity, struct labelset *out)
{
	static const char *const apiserver[] = {
		"reserved:kube-apiserver", "reserved:remote-node",
	};
	const char *one;
	long id = cmdtext_reserved_identity(entity, strlen(entity));

	if (strcmp(entity, "kube-apiserver") == 0)
		labels_of(m, apiserver, 2, out);
	else {
		one = arena_printf(m->a, "reserved:%s", entity);
		labels_of(m, &one, 1, out);
	}
	return id > 0 ? (uint32_t)id : 0;
}

static void
seen_init(struct vc *vc, const struct verdict_peer *p, const char *at_node,
    struct seen *out)
{
	struct model *m = vc->m;

	memset(out, 0, sizeof(*out));
	out->p = p;
	switch (p->kind) {
	case VPEER_ENDPOINT:
		out->labels = p->ep->labels;
		out->identity = p->ep->identity;
		out->pod = p->ep->k8s_pod;
		out->managed = true;
		break;
	case VPEER_ENTITY:
		out->identity = entity_labels(m, p->entity, &out->labels);
		out->managed = strcmp(p->entity, "world") != 0;
		break;
	case VPEER_NODE: {
		bool local = at_node != NULL && streq(p->node, at_node);
		const char *v[2];
		size_t n = 0;

		v[n++] = local ? "reserved:host" : "reserved:remote-node";
		if (p->apiserver)
			v[n++] = "reserved:kube-apiserver";
		labels_of(m, v, n, &out->labels);
		out->identity = local ? 1 : p->apiserver ? 7 : 6;
		out->managed = true;
		break;
	}
	case VPEER_IP: {
		const char *v[2];

		v[0] = "reserved:world";
		v[1] = arena_printf(m->a, "cidr:%s/%s", p->ip,
		    strchr(p->ip, ':') != NULL ? "128" : "32");
		labels_of(m, v, 2, &out->labels);
		out->identity = 0;	/* a local CIDR identity, or world */
		break;
	}
	}
}

/* ------------------------------------------------------------------ */
/* L3 */

static bool
entity_matches(const struct vc *vc, const char *e, const struct seen *s)
{
	static const char *const cluster[] = {
		"host", "remote-node", "init", "ingress", "health",
		"unmanaged", "kube-apiserver",
	};
	const char *cl;
	size_t i;

	if (strcmp(e, "all") == 0)
		return true;
	if (strcmp(e, "none") == 0)
		return false;
	if (strcmp(e, "world") == 0 || strcmp(e, "world-ipv4") == 0 ||
	    strcmp(e, "world-ipv6") == 0)
		return labelset_has(&s->labels, "reserved", "world") ||
		    labelset_has(&s->labels, "reserved", e);
	if (strcmp(e, "cluster") == 0) {
		for (i = 0; i < sizeof(cluster) / sizeof(cluster[0]); i++)
			if (labelset_has(&s->labels, "reserved", cluster[i]))
				return true;
		cl = labelset_get(&s->labels, "k8s", CLUSTER_KEY);
		return cl != NULL && streq(cl, vc->m->cluster);
	}
	return labelset_has(&s->labels, "reserved", e);
}

/* "10.0.0.0/8", or "cidrGroupRef <name>". */
static const char *
cidr_text(struct model *m, const struct policy_cidr *c)
{
	return c->cidr != NULL ? c->cidr : arena_printf(m->a, "cidrGroupRef "
	    "%s", c->group != NULL ? c->group : "(a cidrGroupSelector)");
}

/*
 * A cidrGroupRef stands for the externalCIDRs of the CiliumCIDRGroup of
 * that name; a missing group selects nothing.  The rule's except list
 * does not apply to them (CIDRRule in pkg/policy/api/cidr.go: "using
 * ExceptCIDRs together with CIDRGroupRef is not supported yet").
 */
static bool
cidr_group_matches(struct vc *vc, const struct policy_cidr *c,
    const char *ip)
{
	const struct model_cidr_group *g = model_cidr_group_find(vc->m,
	    c->group);
	struct policy_cidr one;
	size_t i;

	memset(&one, 0, sizeof(one));
	if (c->group == NULL) {
		note(vc, "cidrGroupSelector rules are not evaluated offline");
		return false;
	}
	if (g == NULL) {
		note(vc, arena_printf(vc->m->a, "cidrGroupRef %s names no "
		    "CiliumCIDRGroup of the sysdump, so it selects nothing",
		    c->group));
		return false;
	}
	for (i = 0; i < g->ncidrs; i++) {
		one.cidr = g->cidrs[i];
		if (cidr_has_ip(&one, ip))
			return true;
	}
	return false;
}

/* Does a CIDR rule match the peer (section D)? */
static bool
cidr_matches(struct vc *vc, const struct policy_cidr *c,
    const struct seen *s)
{
	const struct verdict_peer *p = s->p;

	if (c->cidr == NULL) {
		if (p->kind == VPEER_IP || (p->kind == VPEER_NODE &&
		    vc->cidr_nodes))
			return p->ip != NULL && cidr_group_matches(vc, c, p->ip);
		return false;
	}
	switch (p->kind) {
	case VPEER_IP:
		return cidr_has_ip(c, p->ip);
	case VPEER_ENTITY:
		return strcmp(p->entity, "world") == 0 && cidr_is_world(c);
	case VPEER_NODE:
		return vc->cidr_nodes && p->ip != NULL &&
		    cidr_has_ip(c, p->ip);
	case VPEER_ENDPOINT:
		return false;
	}
	return false;
}

static bool
service_matches(struct vc *vc, const struct policy *p,
    const struct policy_service *ps, const struct seen *s)
{
	const struct model *m = vc->m;
	const char *ns = ps->ns != NULL ? ps->ns : p->ns;
	size_t i, j, k;

	for (i = 0; i < m->nservices; i++) {
		const struct k8s_service *svc = &m->services[i];

		if (!streq(svc->ns, ns))
			continue;
		if (ps->selector != NULL) {
			if (!selector_matches(ps->selector, &svc->labels))
				continue;
		} else if (!streq(svc->name, ps->name))
			continue;
		if (svc->has_selector) {
			const struct k8s_pod *pod = s->pod;
			bool all = true;

			if (!vc->svc_selectors) {
				note(vc, arena_printf(m->a, "toServices %s/%s "
				    "has a selector: before 1.17 Cilium "
				    "translates only selectorless Services, "
				    "so it allows nothing", svc->ns,
				    svc->name));
				continue;
			}
			if (pod == NULL || !streq(pod->ns, svc->ns))
				continue;
			for (j = 0; j < svc->selector.n; j++) {
				const struct label *l = &svc->selector.v[j];

				if (!streq(labelset_get(&pod->labels, "k8s",
				    l->key), l->value))
					all = false;
			}
			if (all)
				return true;
			continue;
		}
		/* Selectorless: CIDRs of its endpoints; never a pod (D). */
		if (s->managed || s->p->ip == NULL)
			continue;
		for (j = 0; j < m->nk8s_endpoints; j++) {
			const struct k8s_endpoints *e = &m->k8s_endpoints[j];

			if (!streq(e->ns, svc->ns) || !streq(e->name, svc->name))
				continue;
			for (k = 0; k < e->naddrs; k++)
				if (streq(e->addrs[k].ip, s->p->ip))
					return true;
		}
	}
	return false;
}

static const struct k8s_node *
node_find(const struct model *m, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < m->nnodes; i++)
		if (streq(m->nodes[i].name, name))
			return &m->nodes[i];
	return NULL;
}

/* "fromEndpoints" etc., as written in YAML, for a peer kind bit. */
static const char *
field(const struct policy *p, const struct policy_elem *e, unsigned bit)
{
	static const struct {
		unsigned	 bit;
		const char	*name[2];	/* ingress, egress */
	} names[] = {
		{ PEER_ENDPOINTS, { "fromEndpoints", "toEndpoints" } },
		{ PEER_CIDR, { "fromCIDR", "toCIDR" } },
		{ PEER_CIDRSET, { "fromCIDRSet", "toCIDRSet" } },
		{ PEER_ENTITIES, { "fromEntities", "toEntities" } },
		{ PEER_SERVICES, { "toServices", "toServices" } },
		{ PEER_FQDNS, { "toFQDNs", "toFQDNs" } },
		{ PEER_NODES, { "fromNodes", "toNodes" } },
		{ PEER_GROUPS, { "fromGroups", "toGroups" } },
	};
	size_t i;

	if (p->kind == POLICY_KNP)
		return e->dir == DIR_INGRESS ? "from" : "to";
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].bit == bit)
			return names[i].name[e->dir == DIR_EGRESS];
	return "?";
}

static const char *policy_name(struct model *m, const struct policy *p);

/*
 * toFQDNs (E.6): the DNS proxy of the source's node allows the IPs of the
 * answers it saw for a selected name; FQDN identities are CIDR identities
 * and never a Cilium-managed pod (D).  Offline, the answers are the DNS
 * responses in the flows, counted for the node that captured them.
 */
static bool
fqdn_match(struct vc *vc, const struct policy *p, const struct policy_elem *e,
    const struct seen *s, const char **what)
{
	struct model *m = vc->m;
	const char *ip = s->p->ip, *node = vc->q->src.node;
	const struct fqdn_answer *elsewhere = NULL;
	size_t i, j;

	if (s->managed || ip == NULL || (s->p->kind != VPEER_IP &&
	    !(s->p->kind == VPEER_NODE && vc->cidr_nodes)))
		return false;
	if (vc->dns_ip == NULL || strcmp(vc->dns_ip, ip) != 0) {
		vc->ndns = fqdn_answers_for_ip(m, m->a, ip, &vc->dns);
		vc->dns_ip = ip;
	}
	for (i = 0; i < e->nfqdns; i++) {
		struct fqdn_matcher *mt = fqdn_matcher_new(&e->fqdns[i]);

		for (j = 0; j < vc->ndns; j++) {
			const struct fqdn_answer *a = &vc->dns[j];
			int r = fqdn_matcher_match(mt, a->name);

			if (r < 0)
				note(vc, arena_printf(m->a, "%s: toFQDNs %s is "
				    "too costly to match against %s here, so "
				    "it was taken as not matching",
				    policy_name(m, p), fqdn_selector_text(m->a,
				    &e->fqdns[i]), a->name));
			if (r != 1)
				continue;
			if (node != NULL && a->node != NULL &&
			    strcmp(node, a->node) != 0) {
				elsewhere = a;
				continue;
			}
			*what = arena_printf(m->a, "toFQDNs %s (%s resolved to "
			    "%s in the DNS answer at %s:%lu)",
			    fqdn_selector_text(m->a, &e->fqdns[i]), a->name,
			    ip, a->path, a->line);
			fqdn_matcher_free(mt);
			return true;
		}
		fqdn_matcher_free(mt);
	}
	if (elsewhere != NULL)
		note(vc, arena_printf(m->a, "%s: toFQDNs selects %s, which "
		    "resolved to %s only on node %s (%s:%lu); each node's DNS "
		    "proxy learns from the lookups it forwards, so node %s "
		    "does not allow it until a pod there resolves the name",
		    policy_name(m, p), elsewhere->name, ip,
		    elsewhere->node, elsewhere->path, elsewhere->line, node));
	else
		note(vc, arena_printf(m->a, "%s: toFQDNs allows only the "
		    "IPs of DNS answers its DNS proxy saw, and no DNS answer "
		    "in the sysdump maps %s to a name it selects",
		    policy_name(m, p), ip));
	return false;
}

/*
 * Does the element's L3 part match the peer?  Sets *sel to the endpoint
 * selector that matched and *what to a description.
 */
static bool
l3_match(struct vc *vc, const struct policy *p, const struct policy_elem *e,
    const struct seen *s, const struct selector **sel, const char **what)
{
	struct model *m = vc->m;
	size_t i;

	*sel = NULL;
	*what = NULL;
	if (e->peers == 0) {
		/* toPorts alone: any peer on those ports (E.2); `{}`: none. */
		if (e->nto_ports > 0) {
			*what = "any peer";
			return true;
		}
		return false;
	}
	for (i = 0; i < e->nendpoints; i++)
		if (selector_matches(&e->endpoints[i], &s->labels)) {
			*sel = &e->endpoints[i];
			*what = arena_printf(m->a, "%s %s", field(p, e,
			    PEER_ENDPOINTS), e->endpoints_raw[i].text);
			return true;
		}
	for (i = 0; i < e->nentities; i++)
		if (entity_matches(vc, e->entities[i], s)) {
			*what = arena_printf(m->a, "%s %s", field(p, e,
			    PEER_ENTITIES), e->entities[i]);
			return true;
		}
	for (i = 0; i < e->ncidrs; i++)
		if (cidr_matches(vc, &e->cidrs[i], s)) {
			*what = arena_printf(m->a, "%s %s", field(p, e,
			    e->cidrs[i].cidr != NULL ? PEER_CIDR :
			    PEER_CIDRSET), cidr_text(m, &e->cidrs[i]));
			return true;
		}
	for (i = 0; i < e->nservices; i++)
		if (service_matches(vc, p, &e->services[i], s)) {
			*what = arena_printf(m->a, "toServices %s",
			    e->services[i].name != NULL ? e->services[i].name :
			    "(selector)");
			return true;
		}
	if (e->nnodes > 0 && s->p->kind == VPEER_NODE) {
		const struct k8s_node *n = node_find(m, s->p->node);

		for (i = 0; n != NULL && i < e->nnodes; i++)
			if (selector_matches(&e->nodes[i], &n->labels)) {
				*what = arena_printf(m->a, "%s %s",
				    field(p, e, PEER_NODES), e->nodes[i].text);
				return true;
			}
	}
	if (e->nfqdns > 0 && fqdn_match(vc, p, e, s, what))
		return true;
	if (e->peers & PEER_GROUPS)
		note(vc, arena_printf(m->a, "%s: %s rules are not evaluated "
		    "offline", policy_name(m, p), field(p, e, PEER_GROUPS)));
	return false;
}

/* ------------------------------------------------------------------ */
/* L4 */

static bool
proto_ok(const char *rule, const char *q)
{
	return rule == NULL || strcmp(rule, "ANY") == 0 || strcmp(rule, q) == 0;
}

/* Does the port (numbered, ranged or named) cover q's port? */
static bool
port_ok(const struct policy_port *pp, uint32_t port, const char *proto,
    const struct k8s_pod *dst)
{
	size_t i;

	if (pp->name != NULL) {
		/* Named ports resolve against the destination pod (F). */
		for (i = 0; dst != NULL && i < dst->nports; i++) {
			const struct container_port *cp = &dst->ports[i];

			if (streq(cp->name, pp->name) && cp->port == port &&
			    proto_ok(pp->protocol, cp->protocol != NULL ?
			    cp->protocol : "TCP") &&
			    strcmp(cp->protocol != NULL ? cp->protocol : "TCP",
			    proto) == 0)
				return true;
		}
		return false;
	}
	if (pp->port == 0)
		return true;
	if (pp->end_port != 0)
		return port >= pp->port && port <= pp->end_port;
	return port == pp->port;
}

static bool
l4_match(const struct vc *vc, const struct policy_elem *e,
    const struct k8s_pod *dst, const struct policy_ports **tpp)
{
	size_t i, j;

	*tpp = NULL;
	if (e->nto_ports == 0)
		return e->nicmps == 0;
	for (i = 0; i < e->nto_ports; i++) {
		const struct policy_ports *tp = &e->to_ports[i];

		if (tp->nports == 0) {
			*tpp = tp;
			return true;
		}
		for (j = 0; j < tp->nports; j++)
			if (proto_ok(tp->ports[j].protocol, vc->proto) &&
			    port_ok(&tp->ports[j], vc->q->port, vc->proto,
			    dst)) {
				*tpp = tp;
				return true;
			}
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* Near misses */

static void
req_format(struct buf *b, const struct sel_req *q)
{
	size_t i;
	bool any = label_source_is_any(q->source);

	switch (q->op) {
	case SEL_IN:
		buf_addf(b, "%s%s%s", any ? "" : q->source, any ? "" : ":",
		    q->key);
		if (q->nvalues == 1) {
			buf_addf(b, "=%s", q->values[0]);
			return;
		}
		buf_addstr(b, " in (");
		break;
	case SEL_NOT_IN:
		buf_addf(b, "%s%s%s notin (", any ? "" : q->source,
		    any ? "" : ":", q->key);
		break;
	case SEL_EXISTS:
		buf_addf(b, "%s%s%s", any ? "" : q->source, any ? "" : ":",
		    q->key);
		return;
	case SEL_DOES_NOT_EXIST:
		buf_addf(b, "!%s%s%s", any ? "" : q->source, any ? "" : ":",
		    q->key);
		return;
	}
	for (i = 0; i < q->nvalues; i++)
		buf_addf(b, "%s%s", i ? "," : "", q->values[i]);
	buf_addch(b, ')');
}

/* Does the label set satisfy this one requirement? */
static bool
req_ok(const struct sel_req *q, const struct labelset *ls)
{
	struct selector one;

	memset(&one, 0, sizeof(one));
	one.reqs = (struct sel_req *)(uintptr_t)q;
	one.n = 1;
	return selector_matches(&one, ls);
}

static bool
is_ns_key(const char *key)
{
	return strcmp(key, NS_KEY) == 0 ||
	    strncmp(key, NS_LABELS, strlen(NS_LABELS)) == 0;
}

/* Is the requirement one the user wrote (present in raw)? */
static bool
req_written(const struct selector *raw, const struct sel_req *q)
{
	size_t i;

	for (i = 0; raw != NULL && i < raw->n; i++)
		if (raw->reqs[i].key == q->key &&
		    raw->reqs[i].source == q->source &&
		    raw->reqs[i].op == q->op)
			return true;
	return false;
}

/* The failing requirements of a selector: cost and why, text into b. */
static size_t
selector_misses(const struct selector *norm, const struct selector *raw,
    const struct seen *s, unsigned *why, struct buf *b)
{
	const char *pns = s->pod != NULL ? s->pod->ns :
	    labelset_get(&s->labels, "k8s", NS_KEY);
	size_t i, cost = 0;

	if (s->p->kind != VPEER_ENDPOINT || labelset_get(&s->labels, "k8s",
	    NS_KEY) == NULL) {
		/* A pod selector never matches a reserved identity. */
		*why |= VMISS_PEER;
		buf_addf(b, "%sa pod selector never matches %s, which is no "
		    "pod", b->len ? "; " : "", s->p->name);
		return 2;
	}
	for (i = 0; i < norm->n; i++) {
		const struct sel_req *q = &norm->reqs[i];
		const char *have = labelset_get(&s->labels, q->source, q->key);

		if (req_ok(q, &s->labels))
			continue;
		cost++;
		if (b->len)
			buf_addstr(b, "; ");
		if (is_ns_key(q->key)) {
			*why |= VMISS_NAMESPACE;
			buf_addstr(b, "requires ");
			req_format(b, q);
			buf_addf(b, "%s, but %s is in namespace %s",
			    req_written(raw, q) ? "" : " (added by Cilium: a "
			    "peer without a namespace key means the policy's "
			    "own namespace)", s->p->name,
			    pns != NULL ? pns : "?");
		} else if (strcmp(q->key, CLUSTER_KEY) == 0) {
			*why |= VMISS_CLUSTER;
			buf_addstr(b, "requires ");
			req_format(b, q);
			buf_addf(b, ", but %s is in cluster %s", s->p->name,
			    have != NULL ? have : "?");
		} else {
			*why |= VMISS_LABEL;
			buf_addstr(b, "requires ");
			req_format(b, q);
			if (have != NULL)
				buf_addf(b, ", but %s has %s=%s", s->p->name,
				    q->key, have);
			else
				buf_addf(b, ", but %s has no %s label",
				    s->p->name, q->key);
		}
	}
	return cost;
}

/* How the nearest port of the element differs from the query. */
static size_t
port_misses(struct vc *vc, const struct policy_elem *e, unsigned *why,
    struct buf *b)
{
	size_t i, j;
	bool port_hit = false;
	struct buf ports = BUF_INIT;

	if (e->nto_ports == 0) {
		*why |= VMISS_PROTOCOL;
		buf_addf(b, "%sit allows ICMP only", b->len ? "; " : "");
		return 1;
	}
	for (i = 0; i < e->nto_ports; i++)
		for (j = 0; j < e->to_ports[i].nports; j++) {
			const struct policy_port *pp = &e->to_ports[i].ports[j];
			struct policy_port any = *pp;

			if (pp->name != NULL)
				buf_addf(&ports, "%s%s/%s", ports.len ? ", " :
				    "", pp->name, pp->protocol);
			else if (pp->end_port)
				buf_addf(&ports, "%s%u-%u/%s", ports.len ?
				    ", " : "", pp->port, pp->end_port,
				    pp->protocol);
			else
				buf_addf(&ports, "%s%u/%s", ports.len ? ", " :
				    "", pp->port, pp->protocol);
			any.protocol = "ANY";
			if (port_ok(&any, vc->q->port, vc->proto, NULL))
				port_hit = true;
		}
	if (b->len)
		buf_addstr(b, "; ");
	if (port_hit) {
		*why |= VMISS_PROTOCOL;
		buf_addf(b, "it allows %s, but the traffic is %u/%s",
		    ports.ptr, vc->q->port, vc->proto);
	} else {
		*why |= VMISS_PORT;
		buf_addf(b, "it allows port %s, but the traffic goes to %u/%s",
		    ports.ptr, vc->q->port, vc->proto);
	}
	buf_release(&ports);
	return 1;
}

/*
 * The L3 cost of an element that does not match: its cheapest peer.
 * Returns (size_t)-1 when it selects nothing at all.
 */
static size_t
l3_misses(const struct policy *p, const struct policy_elem *e,
    const struct seen *s, unsigned *why, struct buf *b,
    const struct selector **best_sel)
{
	size_t best = (size_t)-1, i, c;
	unsigned w, bw = 0;
	struct buf t = BUF_INIT, bt = BUF_INIT;
	const char *ct;

	*best_sel = NULL;
	for (i = 0; i < e->nendpoints; i++) {
		w = 0;
		buf_reset(&t);
		c = selector_misses(&e->endpoints[i],
		    p->kind == POLICY_KNP ? NULL : &e->endpoints_raw[i], s, &w,
		    &t);
		if (c < best) {
			best = c;
			bw = w;
			*best_sel = &e->endpoints[i];
			buf_reset(&bt);
			buf_addstr(&bt, t.ptr);
		}
	}
	if (e->ncidrs > 0 && best > 1) {
		buf_reset(&bt);
		*best_sel = NULL;
		best = 1;
		bw = VMISS_CIDR;
		ct = e->cidrs[0].cidr != NULL ? e->cidrs[0].cidr : "a CIDR "
		    "group";
		if (s->managed && s->p->kind == VPEER_ENDPOINT)
			buf_addf(&bt, "%s %s never matches a Cilium-managed "
			    "pod: %s has identity %u", field(p, e, PEER_CIDR),
			    ct, s->p->name, s->identity);
		else if (s->managed)
			buf_addf(&bt, "%s %s does not match node addresses "
			    "unless policy-cidr-match-mode includes nodes",
			    field(p, e, PEER_CIDR), ct);
		else
			buf_addf(&bt, "%s %s does not contain %s",
			    field(p, e, PEER_CIDR), ct, s->p->name);
	}
	if (e->nentities > 0 && best > 1) {
		buf_reset(&bt);
		*best_sel = NULL;
		best = 1;
		bw = VMISS_ENTITY;
		buf_addf(&bt, "%s [", field(p, e, PEER_ENTITIES));
		for (i = 0; i < e->nentities; i++)
			buf_addf(&bt, "%s%s", i ? ", " : "", e->entities[i]);
		buf_addf(&bt, "] does not cover %s", s->p->name);
	}
	if (e->nfqdns > 0 && best > 1) {
		buf_reset(&bt);
		*best_sel = NULL;
		best = 1;
		bw = VMISS_FQDN;
		buf_addstr(&bt, "toFQDNs [");
		for (i = 0; i < e->nfqdns; i++)
			buf_addf(&bt, "%s%s: %s", i ? ", " : "",
			    e->fqdns[i].match_name != NULL ? "matchName" :
			    "matchPattern", e->fqdns[i].match_name != NULL ?
			    e->fqdns[i].match_name : e->fqdns[i].match_pattern !=
			    NULL ? e->fqdns[i].match_pattern : "");
		if (s->managed)
			buf_addf(&bt, "] never matches a Cilium-managed pod "
			    "such as %s: FQDN identities are CIDR identities",
			    s->p->name);
		else
			buf_addf(&bt, "] allows only addresses that a DNS "
			    "answer for a selected name held, and no answer "
			    "in the sysdump maps %s to one", s->p->name);
	}
	if (best != (size_t)-1) {
		*why |= bw;
		if (b->len)
			buf_addstr(b, "; ");
		buf_addstr(b, bt.ptr);
	}
	buf_release(&t);
	buf_release(&bt);
	return best;
}

/* ------------------------------------------------------------------ */
/* The suggested change, as policy YAML */

static void
yaml_key(struct buf *b, const struct sel_req *q, bool knp)
{
	bool any = label_source_is_any(q->source);
	bool plain = any || (knp && strcmp(q->source, "k8s") == 0);

	buf_addf(b, "%s%s%s", plain ? "" : q->source, plain ? "" : ":",
	    q->key);
}

static void
yaml_selector(struct buf *b, const struct sel_req *v, size_t n, bool knp,
    const char *ind)
{
	size_t i, j, nl = 0, ne = 0;

	for (i = 0; i < n; i++) {
		if (v[i].op == SEL_IN && v[i].nvalues == 1)
			nl++;
		else
			ne++;
	}
	if (n == 0) {
		buf_addstr(b, "{}\n");
		return;
	}
	buf_addch(b, '\n');
	if (nl > 0) {
		buf_addf(b, "%smatchLabels:\n", ind);
		for (i = 0; i < n; i++) {
			if (!(v[i].op == SEL_IN && v[i].nvalues == 1))
				continue;
			buf_addf(b, "%s  ", ind);
			yaml_key(b, &v[i], knp);
			buf_addf(b, ": %s\n", v[i].values[0]);
		}
	}
	if (ne > 0) {
		buf_addf(b, "%smatchExpressions:\n", ind);
		for (i = 0; i < n; i++) {
			if (v[i].op == SEL_IN && v[i].nvalues == 1)
				continue;
			buf_addf(b, "%s- key: ", ind);
			yaml_key(b, &v[i], knp);
			buf_addf(b, "\n%s  operator: %s\n", ind,
			    sel_op_name(v[i].op));
			if (v[i].nvalues == 0)
				continue;
			buf_addf(b, "%s  values: [", ind);
			for (j = 0; j < v[i].nvalues; j++)
				buf_addf(b, "%s%s", j ? ", " : "",
				    v[i].values[j]);
			buf_addstr(b, "]\n");
		}
	}
}

/* A requirement key=value (In), for building fixed selectors. */
static struct sel_req
req_eq(struct model *m, const char *source, const char *key,
    const char *value)
{
	struct sel_req r;
	const char **v = arena_alloc(m->a, sizeof(*v));

	memset(&r, 0, sizeof(r));
	v[0] = intern(m->st, value);
	r.source = intern(m->st, source);
	r.key = intern(m->st, key);
	r.op = SEL_IN;
	r.values = v;
	r.nvalues = 1;
	r.from_match_labels = true;
	return r;
}

/*
 * The peer's own selector: its workload labels (k8s:, none of the
 * injected io.cilium.k8s./namespace ones).
 */
static size_t
workload_reqs(struct model *m, const struct labelset *ls, struct sel_req *out,
    size_t max)
{
	static const char *const app_keys[] = {
		"app", "app.kubernetes.io/name", "k8s-app", "name",
	};
	size_t i, n = 0;
	const char *v;

	/* The workload's name label alone is the usual, minimal choice. */
	for (i = 0; i < sizeof(app_keys) / sizeof(app_keys[0]); i++)
		if ((v = labelset_get(ls, "k8s", app_keys[i])) != NULL) {
			out[n++] = req_eq(m, "any", app_keys[i], v);
			return n;
		}
	for (i = 0; i < ls->n && n < max; i++) {
		const struct label *l = &ls->v[i];

		if (strcmp(l->source, "k8s") != 0 || strcmp(l->key, NS_KEY) == 0 ||
		    strncmp(l->key, "io.cilium.k8s.", 14) == 0)
			continue;
		out[n++] = req_eq(m, "any", l->key, l->value);
	}
	return n;
}

/*
 * Write the fixed peer as YAML list item(s) under the peer field: for a
 * selector miss, the written selector with its failing requirements set
 * to what the peer has; for a CIDR or entity miss on a pod, a selector of
 * the pod; for a reserved peer, its entity; for an outside IP, its /32.
 */
static void
yaml_peer(struct vc *vc, const struct policy *p, const struct policy_elem *e,
    const struct selector *near_sel, const struct seen *s, bool l3_ok,
    struct buf *b)
{
	struct model *m = vc->m;
	bool knp = p->kind == POLICY_KNP;
	const char *ns = s->pod != NULL ? s->pod->ns : labelset_get(&s->labels,
	    "k8s", NS_KEY);
	const char *ent = NULL;
	struct sel_req v[32], nsr[8];
	size_t n = 0, nn = 0, i, k;
	bool ns_fix = false;
	const struct selector *raw = NULL;

	if (l3_ok && near_sel == NULL) {
		/* The element's peers match already: keep them. */
		if (e->nentities > 0) {
			buf_addf(b, "  %s: [", field(p, e, PEER_ENTITIES));
			for (i = 0; i < e->nentities; i++)
				buf_addf(b, "%s%s", i ? ", " : "",
				    e->entities[i]);
			buf_addstr(b, "]\n");
		} else if (e->ncidrs > 0 && !(e->peers & PEER_CIDRSET)) {
			buf_addf(b, "  %s:\n", field(p, e, PEER_CIDR));
			for (i = 0; i < e->ncidrs; i++)
				buf_addf(b, "  - %s\n", e->cidrs[i].cidr);
		} else if (e->ncidrs > 0) {
			buf_addf(b, "  %s:\n", field(p, e, PEER_CIDRSET));
			for (i = 0; i < e->ncidrs; i++)
				if (e->cidrs[i].cidr != NULL)
					buf_addf(b, "  - cidr: %s\n",
					    e->cidrs[i].cidr);
				else
					buf_addf(b, "  - cidrGroupRef: %s\n",
					    e->cidrs[i].group != NULL ?
					    e->cidrs[i].group : "\"\"");
		}
		return;
	}
	if (s->p->kind == VPEER_IP) {
		if (knp)
			buf_addf(b, "  %s:\n  - ipBlock:\n      cidr: %s/%s\n",
			    field(p, e, 0), s->p->ip,
			    strchr(s->p->ip, ':') != NULL ? "128" : "32");
		else
			buf_addf(b, "  %s:\n  - %s/%s\n", e->dir == DIR_INGRESS ?
			    "fromCIDR" : "toCIDR", s->p->ip,
			    strchr(s->p->ip, ':') != NULL ? "128" : "32");
		return;
	}
	if (s->p->kind != VPEER_ENDPOINT || ns == NULL) {
		ent = s->p->kind == VPEER_ENTITY ? s->p->entity :
		    labelset_has(&s->labels, "reserved", "host") ? "host" :
		    labelset_has(&s->labels, "reserved", "health") ? "health" :
		    labelset_has(&s->labels, "reserved", "kube-apiserver") ?
		    "kube-apiserver" : "remote-node";
		if (knp)
			buf_addf(b, "  # NetworkPolicy peers cannot name the %s "
			    "entity; use a CiliumNetworkPolicy with:\n", ent);
		buf_addf(b, "  %s: [%s]\n", e->dir == DIR_INGRESS ?
		    "fromEntities" : "toEntities", ent);
		return;
	}
	/* Find the written selector of the near one. */
	for (i = 0; near_sel != NULL && i < e->nendpoints; i++)
		if (&e->endpoints[i] == near_sel)
			raw = &e->endpoints_raw[i];
	if (raw != NULL) {
		for (i = 0; i < raw->n && n < 32; i++) {
			const struct sel_req *q = &raw->reqs[i];
			const char *have;

			if (req_ok(q, &s->labels)) {
				v[n++] = *q;
				continue;
			}
			if (is_ns_key(q->key)) {
				ns_fix = true;
				continue;
			}
			have = labelset_get(&s->labels, q->source, q->key);
			if (have != NULL)
				v[n++] = req_eq(m, q->source, q->key, have);
		}
		/* Injected requirements that fail: the namespace, the cluster. */
		for (i = 0; i < near_sel->n; i++) {
			const struct sel_req *q = &near_sel->reqs[i];

			if (!req_ok(q, &s->labels) && is_ns_key(q->key))
				ns_fix = true;
		}
	} else {
		n = workload_reqs(m, &s->labels, v, 32);
		ns_fix = knp ? !streq(ns, p->ns) : (p->kind == POLICY_CCNP ||
		    !streq(ns, p->ns));
	}
	if (knp) {
		/* podSelector + namespaceSelector. */
		for (i = 0; near_sel != NULL && !ns_fix && i < near_sel->n; i++) {
			const struct sel_req *q = &near_sel->reqs[i];

			if (strncmp(q->key, NS_LABELS, strlen(NS_LABELS)) == 0 &&
			    nn < 8) {
				nsr[nn] = *q;
				nsr[nn].key = intern(m->st, q->key +
				    strlen(NS_LABELS));
				nn++;
			}
		}
		if (ns_fix || (raw == NULL && !streq(ns, p->ns))) {
			nn = 0;
			nsr[nn++] = req_eq(m, "k8s",
			    "kubernetes.io/metadata.name", ns);
		}
		buf_addf(b, "  %s:\n  - podSelector:", field(p, e, 0));
		yaml_selector(b, v, n, true, "      ");
		if (nn > 0) {
			buf_addstr(b, "    namespaceSelector:");
			yaml_selector(b, nsr, nn, true, "      ");
		}
		return;
	}
	if (ns_fix) {
		for (k = 0; k < n; k++)
			if (is_ns_key(v[k].key))
				break;
		if (k == n && n < 32)
			v[n++] = req_eq(m, "k8s", NS_KEY, ns);
	}
	buf_addf(b, "  %s:\n  -", field(p, e, PEER_ENDPOINTS));
	if (n == 0)
		buf_addstr(b, " {}\n");
	else {
		/* First key on the dash line, the rest indented. */
		struct buf t = BUF_INIT;

		yaml_selector(&t, v, n, false, "    ");
		buf_addf(b, " %s", t.ptr + 5);
		buf_release(&t);
	}
}

static void
yaml_ports(struct vc *vc, const struct policy *p, const struct policy_elem *e,
    bool l4_ok, struct buf *b)
{
	bool knp = p->kind == POLICY_KNP;
	size_t i, j;

	if (l4_ok && e->nto_ports == 0)
		return;
	buf_addf(b, "  %s:\n", knp ? "ports" : "toPorts");
	if (!knp)
		buf_addstr(b, "  - ports:\n");
	for (i = 0; l4_ok && i < e->nto_ports; i++)
		for (j = 0; j < e->to_ports[i].nports; j++) {
			const struct policy_port *pp = &e->to_ports[i].ports[j];

			if (knp)
				buf_addf(b, "  - port: ");
			else
				buf_addf(b, "    - port: ");
			if (pp->name != NULL)
				buf_addf(b, "%s\n", pp->name);
			else
				buf_addf(b, knp ? "%u\n" : "\"%u\"\n", pp->port);
			if (pp->end_port)
				buf_addf(b, "%s    endPort: %u\n", knp ? "" :
				    "  ", pp->end_port);
			buf_addf(b, "%s    protocol: %s\n", knp ? "" : "  ",
			    pp->protocol);
		}
	if (!l4_ok) {
		/* Replace the near port with the one the traffic uses. */
		if (knp)
			buf_addf(b, "  - port: %u\n    protocol: %s\n",
			    vc->q->port, vc->proto);
		else
			buf_addf(b, "    - port: \"%u\"\n      protocol: %s\n",
			    vc->q->port, vc->proto);
	}
}

static const char *
policy_name(struct model *m, const struct policy *p)
{
	return arena_printf(m->a, "%s %s%s%s", policy_kind_name(p->kind),
	    p->ns, *p->ns != '\0' ? "/" : "", p->name != NULL ? p->name : "");
}

/* The corrected element (or a new one) for a denied direction. */
static const char *
fix_yaml(struct vc *vc, const struct side *at, const struct seen *s,
    enum policy_dir dir, const struct verdict_dir *d)
{
	struct model *m = vc->m;
	struct buf b = BUF_INIT;
	const char *r;

	if (d->reason == VR_DENYLIST) {
		const struct verdict_match *x = &d->denies[0];

		buf_addf(&b, "# %s, %s[%zu] (%s:%lu) denies %s on %u/%s, and "
		    "a deny takes precedence over every allow.\n# Narrow its "
		    "peers or ports so that it no longer covers this traffic, "
		    "or remove it.\n", policy_name(m, x->policy), x->section,
		    x->index, x->policy->src.path, x->elem->line, s->p->name,
		    vc->q->port, vc->proto);
	} else if (d->has_near) {
		const struct verdict_near *nr = &d->near;
		const struct policy *p = nr->m.policy;
		const struct policy_elem *e = nr->m.elem;
		bool l3_ok = !(nr->why & (VMISS_LABEL | VMISS_NAMESPACE |
		    VMISS_CLUSTER | VMISS_CIDR | VMISS_ENTITY | VMISS_PEER |
		    VMISS_FQDN));
		bool l4_ok = !(nr->why & (VMISS_PORT | VMISS_PROTOCOL));

		/*
		 * Wrong peer and wrong port: that element is about something
		 * else; add one beside it rather than bend it.  A toFQDNs
		 * element stays as it is: the address is no answer for its
		 * names, so an allow for the address goes beside it.
		 */
		bool add = (!l3_ok && !l4_ok) || (nr->why & VMISS_FQDN);

		if (add)
			buf_addf(&b, "# %s: add to %s (beside %s[%zu], %s:%lu)"
			    "\n%s:\n- ", policy_name(m, p), nr->m.section,
			    nr->m.section, nr->m.index, p->src.path, e->line,
			    nr->m.section);
		else
			buf_addf(&b, "# %s: %s[%zu] (%s:%lu), corrected\n%s:"
			    "\n- ", policy_name(m, p), nr->m.section,
			    nr->m.index, p->src.path, e->line, nr->m.section);
		{
			struct buf t = BUF_INIT;

			yaml_peer(vc, p, e, add ? NULL : nr->m.selector, s,
			    l3_ok, &t);
			yaml_ports(vc, p, e, l4_ok, &t);
			/* The first line's two-space indent goes after "- ". */
			buf_addstr(&b, t.len >= 2 ? t.ptr + 2 : t.ptr);
			buf_release(&t);
		}
	} else if (at->ep != NULL && at->ep->ns != NULL) {
		/* No allow rule at all: a new policy for exactly this. */
		const char *app_ns = at->ep->ns;
		struct sel_req v[32];
		size_t n = workload_reqs(m, &at->labels, v, 32);
		struct policy tmp;
		struct policy_elem e;
		struct buf t = BUF_INIT;

		memset(&tmp, 0, sizeof(tmp));
		memset(&e, 0, sizeof(e));
		tmp.kind = POLICY_CNP;
		tmp.ns = app_ns;
		e.dir = dir;
		buf_addf(&b, "# no rule allows it: a new policy\n"
		    "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\n"
		    "metadata:\n  name: allow-%s-%u\n  namespace: %s\nspec:\n"
		    "  endpointSelector:", dir == DIR_INGRESS ? "ingress" :
		    "egress", vc->q->port, app_ns);
		yaml_selector(&b, v, n, false, "    ");
		buf_addf(&b, "  %s:\n  - ", dir == DIR_INGRESS ? "ingress" :
		    "egress");
		yaml_peer(vc, &tmp, &e, NULL, s, false, &t);
		yaml_ports(vc, &tmp, &e, false, &t);
		/* Indent the element under the section. */
		{
			const char *c;

			for (c = t.ptr + 2; *c != '\0'; c++) {
				buf_addch(&b, *c);
				if (*c == '\n' && c[1] != '\0')
					buf_addstr(&b, "  ");
			}
		}
		buf_release(&t);
	}
	r = b.len ? arena_strdup(m->a, b.ptr) : NULL;
	buf_release(&b);
	return r;
}

/* ------------------------------------------------------------------ */
/* The BPF policy map */

static int
proto_number(const char *p)
{
	if (strcmp(p, "TCP") == 0)
		return 6;
	if (strcmp(p, "UDP") == 0)
		return 17;
	if (strcmp(p, "SCTP") == 0)
		return 132;
	return 0;
}

static void
bpf_compare(struct vc *vc, const struct side *at, const struct seen *s,
    enum policy_dir dir, struct verdict_dir *d)
{
	struct model *m = vc->m;
	const struct bpf_policy_map *map = NULL;
	const struct bpf_policy_entry *allow = NULL, *deny = NULL;
	const char *path = NULL;
	size_t i;
	int proto = proto_number(vc->proto);

	if (at->ep == NULL || at->ep->id == 0 || s->identity == 0)
		return;
	for (i = 0; map == NULL && i < m->nagents; i++) {
		const struct model_agent *a = &m->agents[i];

		if (a->bpf_policy == NULL || !streq(a->node, at->ep->node))
			continue;
		map = bpf_policy_find_map(a->bpf_policy, at->ep->id);
		path = a->bpf_policy->path;
	}
	if (map == NULL)
		return;
	for (i = 0; i < map->nentries; i++) {
		const struct bpf_policy_entry *e = &map->entries[i];
		uint16_t end = e->end_port ? e->end_port : e->port;

		if (e->egress != (dir == DIR_EGRESS) || !e->has_identity)
			continue;
		if (e->identity != 0 && e->identity != s->identity)
			continue;
		if (e->proto != 0 && e->proto != proto)
			continue;
		if (e->port != 0 && (vc->q->port < e->port || vc->q->port > end))
			continue;
		if (e->deny && deny == NULL)
			deny = e;
		else if (!e->deny && allow == NULL)
			allow = e;
	}
	d->bpf.present = true;
	d->bpf.endpoint_id = at->ep->id;
	d->bpf.src.path = path;
	if (deny != NULL || allow != NULL) {
		const struct bpf_policy_entry *e = deny != NULL ? deny : allow;

		d->bpf.allowed = deny == NULL;
		d->bpf.src.line = e->line;
		d->bpf.text = arena_printf(m->a, "%s %s %u %s",
		    e->deny ? "Deny" : "Allow", e->egress ? "Egress" :
		    "Ingress", e->identity, e->port_proto != NULL ?
		    e->port_proto : "ANY");
	} else {
		d->bpf.allowed = false;
		d->bpf.src.line = map->line;
		d->bpf.text = arena_printf(m->a, "no %s entry for identity %u "
		    "on %u/%s", dir == DIR_INGRESS ? "ingress" : "egress",
		    s->identity, vc->q->port, vc->proto);
	}
}

/* ------------------------------------------------------------------ */
/* One direction */

static bool
policy_in_force(const struct vc *vc, const struct policy *p)
{
	return check_policy_in_force(p) &&
	    !(p->kind == POLICY_KNP && vc->knp_off);
}

struct mlist {
	struct verdict_match	*v;
	size_t			 n, cap;
};

static void
mlist_add(struct mlist *l, const struct verdict_match *x)
{
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = *x;
}

static struct verdict_match *
mlist_keep(struct model *m, struct mlist *l, size_t *np)
{
	struct verdict_match *r = l->n ? arena_memdup(m->a, l->v,
	    l->n * sizeof(*l->v)) : NULL;

	*np = l->n;
	free(l->v);
	memset(l, 0, sizeof(*l));
	return r;
}

/* Index of e in its section (ingress[i]) of rule r. */
static size_t
elem_index(const struct policy_rule *r, const struct policy_elem *e)
{
	size_t i, k = 0;

	for (i = 0; i < r->nelems && &r->elems[i] != e; i++)
		if (r->elems[i].dir == e->dir && r->elems[i].deny == e->deny)
			k++;
	return k;
}

/* A rule that selects the endpoint, with its policy. */
struct srule {
	const struct policy		*p;
	const struct policy_rule	*r;
};

/*
 * For a default-deny: the allow element of the selecting rules that came
 * nearest (fewest failing peer requirements plus ports), and what
 * stopped it, into d->near.
 */
static void
nearest_allow(struct vc *vc, const struct srule *rules, size_t n,
    const struct seen *s, enum policy_dir dir, const struct k8s_pod *dstpod,
    struct verdict_dir *d)
{
	size_t i, k, best = (size_t)-1;

	for (i = 0; i < n; i++) {
		const struct policy *p = rules[i].p;
		const struct policy_rule *r = rules[i].r;

		for (k = 0; k < r->nelems; k++) {
			const struct policy_elem *e = &r->elems[k];
			const struct selector *ns = NULL;
			const struct policy_ports *tp;
			const char *what;
			struct buf t = BUF_INIT;
			unsigned why = 0;
			size_t c3 = 0, c4 = 0;

			if (e->dir != dir || e->deny)
				continue;
			if (!l3_match(vc, p, e, s, &ns, &what)) {
				c3 = l3_misses(p, e, s, &why, &t, &ns);
				if (c3 == (size_t)-1) {
					buf_release(&t);
					continue;
				}
			}
			if (!l4_match(vc, e, dstpod, &tp))
				c4 = port_misses(vc, e, &why, &t);
			if (c3 + c4 < best) {
				best = c3 + c4;
				d->has_near = true;
				memset(&d->near, 0, sizeof(d->near));
				d->near.m.policy = p;
				d->near.m.rule = r;
				d->near.m.elem = e;
				d->near.m.index = elem_index(r, e);
				d->near.m.section = check_section_name(e);
				d->near.m.selector = ns;
				d->near.why = why;
				d->near.text = arena_strdup(vc->m->a, t.ptr);
			}
			buf_release(&t);
		}
	}
}

static void
eval_dir(struct vc *vc, const struct side *at, const struct verdict_peer *peer,
    enum policy_dir dir, struct verdict_dir *d)
{
	struct model *m = vc->m;
	struct seen s;
	struct mlist allows = { 0 }, denies = { 0 };
	const struct policy **sel = NULL;
	struct srule *srules = NULL;
	size_t nsel = 0, selcap = 0, nsrules = 0, srcap = 0, i, j;
	bool default_deny = vc->always, widened = false;
	const struct k8s_pod *dstpod;

	d->evaluated = true;
	d->at = at->name;
	seen_init(vc, peer, at->node, &s);
	dstpod = dir == DIR_INGRESS ? at->pod : s.pod;
	if (vc->never || (dir == DIR_INGRESS && !vc->localhost_policy &&
	    labelset_has(&s.labels, "reserved", "host"))) {
		d->allowed = true;
		d->reason = vc->never ? VR_ENFORCE_NEVER : VR_LOCALHOST;
		bpf_compare(vc, at, &s, dir, d);
		d->bpf.disagrees = d->bpf.present && !d->bpf.allowed;
		return;
	}
	for (i = 0; i < m->npolicies; i++) {
		const struct policy *p = &m->policies[i];
		bool selects = false;

		if (!policy_in_force(vc, p))
			continue;
		for (j = 0; j < p->nrules; j++) {
			const struct policy_rule *r = &p->rules[j];
			bool dd;
			size_t k;

			if (r->node_selector ||
			    !selector_matches(&r->subject, &at->labels))
				continue;
			/* Kept for the nearest-rule search below. */
			srules = xgrow(srules, &srcap, nsrules + 1,
			    sizeof(*srules));
			srules[nsrules].p = p;
			srules[nsrules++].r = r;
			dd = policy_rule_default_deny(r, dir, vc->honor);
			if (dd)
				default_deny = true;
			if (r->has[dir][0] || r->has[dir][1] || dd)
				selects = true;
			for (k = 0; k < r->nelems; k++) {
				const struct policy_elem *e = &r->elems[k];
				struct verdict_match x;

				if (e->dir != dir)
					continue;
				memset(&x, 0, sizeof(x));
				if (!l3_match(vc, p, e, &s, &x.selector,
				    &x.peer) ||
				    !l4_match(vc, e, dstpod, &x.ports))
					continue;
				x.policy = p;
				x.rule = r;
				x.elem = e;
				x.index = elem_index(r, e);
				x.section = check_section_name(e);
				x.l7 = x.ports != NULL ? x.ports->l7 : L7_NONE;
				mlist_add(e->deny ? &denies : &allows, &x);
			}
		}
		if (selects) {
			sel = xgrow(sel, &selcap, nsel + 1, sizeof(*sel));
			sel[nsel++] = p;
		}
	}
	d->selecting = nsel ? arena_memdup(m->a, sel, nsel * sizeof(*sel)) :
	    NULL;
	d->nselecting = nsel;
	free(sel);
	d->allows = mlist_keep(m, &allows, &d->nallows);
	d->denies = mlist_keep(m, &denies, &d->ndenies);
	if (d->ndenies > 0) {
		d->allowed = false;
		d->reason = VR_DENYLIST;
	} else if (d->nallows > 0) {
		d->allowed = true;
		d->reason = VR_ALLOWED;
	} else if (default_deny) {
		d->allowed = false;
		d->reason = VR_DEFAULT_DENY;
	} else {
		d->allowed = true;
		d->reason = nsel ? VR_NOT_DEFAULT_DENY : VR_NOT_SELECTED;
	}
	/* L7 (E.5): allowed at L3/L4, then the proxy filters requests. */
	if (d->allowed && d->nallows > 0) {
		const struct verdict_match *l7 = NULL;

		for (i = 0; i < d->nallows; i++) {
			if (d->allows[i].l7 != L7_NONE && l7 == NULL)
				l7 = &d->allows[i];
			if (d->allows[i].l7 == L7_NONE)
				widened = true;
		}
		if (l7 != NULL)
			d->l7 = arena_printf(m->a, "%s, %s[%zu] has %s rules on "
			    "this port: %s", policy_name(m, l7->policy),
			    l7->section, l7->index, l7->l7 == L7_HTTP ? "HTTP" :
			    l7->l7 == L7_DNS ? "DNS" : l7->l7 == L7_KAFKA ?
			    "Kafka" : "L7", widened ? "another rule allows the "
			    "same peer and port at L4 only, so every request "
			    "passes (the L7 rules are widened to allow-all)" :
			    "requests that no L7 rule lists are refused by the "
			    "proxy (HTTP 403, DNS REFUSED), not dropped");
	}
	/*
	 * Mutual authentication: the allow holds only once both identities
	 * have authenticated (__policy_check in bpf/lib/policy.h returns
	 * DROP_POLICY_AUTH_REQUIRED until the auth map has the pair).
	 */
	for (i = 0; d->allowed && i < d->nallows; i++)
		if (d->allows[i].elem != NULL && d->allows[i].elem->auth) {
			d->auth = &d->allows[i];
			d->auth_note = arena_printf(m->a, "%s %s[%zu] requires "
			    "mutual authentication (authentication.mode): "
			    "until both identities have authenticated each "
			    "other (SPIRE), the datapath drops this traffic "
			    "with AUTH_REQUIRED", policy_name(m,
			    d->allows[i].policy), d->allows[i].section,
			    d->allows[i].index);
			note(vc, d->auth_note);
			break;
		}
	/* The nearest allow rule, for a default-deny. */
	if (d->reason == VR_DEFAULT_DENY)
		nearest_allow(vc, srules, nsrules, &s, dir, dstpod, d);
	free(srules);
	if (!d->allowed)
		d->fix = fix_yaml(vc, at, &s, dir, d);
	bpf_compare(vc, at, &s, dir, d);
	if (d->bpf.present)
		d->bpf.disagrees = d->bpf.allowed != d->allowed;
	/* Audit mode (E.4): the drop is only logged. */
	if (!d->allowed && (vc->audit || (at->ep != NULL &&
	    (dir == DIR_INGRESS ? at->ep->enforce_ingress :
	    at->ep->enforce_egress) == ENFORCE_AUDIT))) {
		d->allowed = true;
		d->audit = true;
	}
}

/* The side of a peer that can decide a direction, if it has one. */
static bool
side_of(struct vc *vc, const struct verdict_peer *p, struct side *out)
{
	memset(out, 0, sizeof(*out));
	out->name = p->name;
	if (p->kind == VPEER_ENDPOINT) {
		out->ep = p->ep;
		out->labels = p->ep->labels;
		out->node = p->ep->node;
		out->pod = p->ep->k8s_pod;
		return true;
	}
	if (p->kind == VPEER_ENTITY && strcmp(p->entity, "health") == 0) {
		/* A health endpoint, as CCNP subjects see it (B.5). */
		entity_labels(vc->m, "health", &out->labels);
		return true;
	}
	return false;
}

/*
 * The host side of a flow is enforced only by host policies (CCNP rules
 * with a nodeSelector) and only with the host firewall on (docs
 * security/host-firewall.rst); the engine does not evaluate them, so say
 * so when they would apply.
 */
static void
host_policy_note(struct vc *vc, const struct verdict_peer *self)
{
	const char *fw = cfg(vc, "enable-host-firewall");
	size_t i, j;

	if (!(self->kind == VPEER_NODE || (self->kind == VPEER_ENTITY &&
	    streq(self->entity, "host"))) || !streq(fw, "true"))
		return;
	for (i = 0; i < vc->m->npolicies; i++) {
		const struct policy *p = &vc->m->policies[i];

		if (!policy_in_force(vc, p))
			continue;
		for (j = 0; j < p->nrules; j++)
			if (p->rules[j].node_selector) {
				note(vc, arena_printf(vc->m->a, "the host "
				    "firewall is on and %s has host policies "
				    "(nodeSelector), which the engine does not "
				    "evaluate: the host's side may drop this",
				    policy_name(vc->m, p)));
				return;
			}
	}
}

void
verdict_trace(struct model *m, const struct verdict_query *q,
    struct verdict_result *out)
{
	struct vc vc;
	struct side side;
	const char *v;
	int d;

	memset(out, 0, sizeof(*out));
	memset(&vc, 0, sizeof(vc));
	vc.m = m;
	vc.q = q;
	vc.proto = intern(m->st, q->proto != NULL ? q->proto : "TCP");
	vc.honor = model_honors_default_deny_flag(m);
	v = cfg(&vc, "enable-policy");
	vc.always = streq(v, "always");
	vc.never = streq(v, "never");
	vc.audit = streq(cfg(&vc, "policy-audit-mode"), "true");
	vc.localhost_policy = streq(cfg(&vc, "allow-localhost"), "policy");
	vc.knp_off = streq(cfg(&vc, "enable-k8s-networkpolicy"), "false");
	v = cfg(&vc, "policy-cidr-match-mode");
	vc.cidr_nodes = v != NULL && strstr(v, "nodes") != NULL;
	vc.svc_selectors = model_version_at_least(m, 1, 17);
	out->dir[DIR_EGRESS].dir = DIR_EGRESS;
	out->dir[DIR_INGRESS].dir = DIR_INGRESS;
	for (d = 0; d < 2; d++) {
		enum policy_dir dir = (enum policy_dir)d;
		struct verdict_dir *vd = &out->dir[d];

		vc.nnotes = 0;
		if (side_of(&vc, dir == DIR_EGRESS ? &q->src : &q->dst, &side))
			eval_dir(&vc, &side, dir == DIR_EGRESS ? &q->dst :
			    &q->src, dir, vd);
		else {
			vd->allowed = true;
			vd->reason = VR_NO_ENDPOINT;
			host_policy_note(&vc, dir == DIR_EGRESS ? &q->src :
			    &q->dst);
		}
		vd->notes = vc.nnotes ? arena_memdup(m->a, vc.notes,
		    vc.nnotes * sizeof(*vc.notes)) : NULL;
		vd->nnotes = vc.nnotes;
	}
	free(vc.notes);
	out->allowed = out->dir[DIR_EGRESS].allowed &&
	    out->dir[DIR_INGRESS].allowed;
}

/* ------------------------------------------------------------------ */
/* Output */

static const char *
dir_word(enum policy_dir d)
{
	return d == DIR_INGRESS ? "ingress" : "egress";
}

static void
match_text(struct buf *b, const struct verdict_match *x)
{
	buf_addf(b, "%s %s%s%s, %s[%zu] (%s:%lu): %s", policy_kind_name(
	    x->policy->kind), x->policy->ns, *x->policy->ns != '\0' ? "/" :
	    "", x->policy->name != NULL ? x->policy->name : "", x->section,
	    x->index, x->policy->src.path, x->elem->line,
	    x->peer != NULL ? x->peer : "");
}

void
verdict_text(const struct model *m, const struct verdict_query *q,
    const struct verdict_result *r, struct buf *b)
{
	int order[2] = { DIR_EGRESS, DIR_INGRESS };
	size_t i, k;

	buf_addf(b, "%s -> %s %u/%s: %s\n", q->src.name, q->dst.name, q->port,
	    q->proto, r->allowed ? "ALLOWED" : "DENIED");
	for (k = 0; k < 2; k++) {
		const struct verdict_dir *d = &r->dir[order[k]];

		buf_addf(b, "\n%s%s: %s%s (%s)\n", d->dir == DIR_EGRESS ?
		    "Egress" : "Ingress", d->evaluated ? arena_printf(m->a,
		    " at %s", d->at) : "", d->audit ? "AUDIT (would be "
		    "denied, allowed by audit mode)" : d->allowed ? "allowed" :
		    "denied", "", verdict_reason_text(d->reason));
		if (d->nselecting > 0) {
			buf_addstr(b, "  selected by:");
			for (i = 0; i < d->nselecting; i++)
				buf_addf(b, "%s %s %s%s%s", i ? "," : "",
				    policy_kind_name(d->selecting[i]->kind),
				    d->selecting[i]->ns,
				    *d->selecting[i]->ns ? "/" : "",
				    d->selecting[i]->name);
			buf_addch(b, '\n');
		}
		for (i = 0; i < d->ndenies; i++) {
			buf_addstr(b, "  denied by ");
			match_text(b, &d->denies[i]);
			buf_addch(b, '\n');
		}
		for (i = 0; i < d->nallows; i++) {
			buf_addstr(b, "  allowed by ");
			match_text(b, &d->allows[i]);
			buf_addch(b, '\n');
		}
		if (d->l7 != NULL)
			buf_addf(b, "  L7: %s\n", d->l7);
		if (d->has_near) {
			const struct verdict_near *n = &d->near;
			unsigned bit;

			buf_addf(b, "  nearest rule: %s %s%s%s, %s[%zu] (%s:%lu)\n"
			    "  stopped by:", policy_kind_name(n->m.policy->kind),
			    n->m.policy->ns, *n->m.policy->ns ? "/" : "",
			    n->m.policy->name, n->m.section, n->m.index,
			    n->m.policy->src.path, n->m.elem->line);
			for (bit = 0; bit < VMISS__COUNT; bit++)
				if (n->why & (1u << bit))
					buf_addf(b, " %s", miss_names[bit]);
			buf_addf(b, ": %s\n", n->text);
		}
		if (d->bpf.present)
			buf_addf(b, "  datapath: endpoint %u's BPF policy map "
			    "(%s:%lu) %s: %s%s\n", d->bpf.endpoint_id,
			    d->bpf.src.path, d->bpf.src.line, d->bpf.allowed ?
			    "allows" : "drops", d->bpf.text, d->bpf.disagrees ?
			    "; DISAGREES with the policies" : "");
		for (i = 0; i < d->nnotes; i++)
			buf_addf(b, "  note: %s\n", d->notes[i]);
		if (d->fix != NULL) {
			const char *c;

			buf_addstr(b, "  suggested change:\n    ");
			for (c = d->fix; *c != '\0'; c++) {
				buf_addch(b, *c);
				if (*c == '\n' && c[1] != '\0')
					buf_addstr(b, "    ");
			}
			if (b->len && b->ptr[b->len - 1] != '\n')
				buf_addch(b, '\n');
		}
	}
}

static json_t *
match_json(const struct verdict_match *x)
{
	json_t *o = json_object();

	json_object_set_new(o, "kind", json_string(policy_kind_name(
	    x->policy->kind)));
	if (*x->policy->ns != '\0')
		json_object_set_new(o, "namespace", json_string(x->policy->ns));
	json_object_set_new(o, "name", json_string(x->policy->name != NULL ?
	    x->policy->name : ""));
	json_object_set_new(o, "section", json_string(x->section));
	json_object_set_new(o, "index", json_integer((json_int_t)x->index));
	json_object_set_new(o, "path", json_string(x->policy->src.path != NULL ?
	    x->policy->src.path : ""));
	json_object_set_new(o, "line", json_integer((json_int_t)x->elem->line));
	if (x->peer != NULL)
		json_object_set_new(o, "peer", json_string(x->peer));
	if (x->l7 != L7_NONE)
		json_object_set_new(o, "l7", json_string(x->l7 == L7_HTTP ?
		    "http" : x->l7 == L7_DNS ? "dns" : x->l7 == L7_KAFKA ?
		    "kafka" : "other"));
	return o;
}

static json_t *
peer_json(const struct verdict_peer *p)
{
	static const char *const kinds[] = {
		"endpoint", "entity", "node", "ip",
	};
	json_t *o = json_object();

	json_object_set_new(o, "name", json_string(p->name));
	json_object_set_new(o, "kind", json_string(kinds[p->kind]));
	if (p->ep != NULL && p->ep->identity != 0)
		json_object_set_new(o, "identity",
		    json_integer(p->ep->identity));
	if (p->ip != NULL)
		json_object_set_new(o, "ip", json_string(p->ip));
	if (p->node != NULL)
		json_object_set_new(o, "node", json_string(p->node));
	return o;
}

json_t *
verdict_json(const struct model *m, const struct verdict_query *q,
    const struct verdict_result *r)
{
	json_t *o = json_object(), *dirs = json_object(), *names = json_array();
	size_t i, k;
	unsigned bit;

	(void)m;
	json_object_set_new(o, "verdict", json_string(r->allowed ? "allowed" :
	    "denied"));
	json_object_set_new(o, "source", peer_json(&q->src));
	json_object_set_new(o, "destination", peer_json(&q->dst));
	json_object_set_new(o, "port", json_integer(q->port));
	json_object_set_new(o, "protocol", json_string(q->proto));
	for (k = 0; k < 2; k++) {
		const struct verdict_dir *d = &r->dir[k];
		json_t *x = json_object(), *a;

		json_object_set_new(x, "verdict", json_string(d->allowed ?
		    "allowed" : "denied"));
		json_object_set_new(x, "reason", json_string(
		    verdict_reason_name(d->reason)));
		json_object_set_new(x, "evaluated", json_boolean(d->evaluated));
		if (d->at != NULL)
			json_object_set_new(x, "at", json_string(d->at));
		json_object_set_new(x, "audit", json_boolean(d->audit));
		a = json_array();
		for (i = 0; i < d->nselecting; i++) {
			char *nm = NULL;
			const struct policy *p = d->selecting[i];
			size_t len = strlen(p->ns) + strlen(p->name) + 2;

			nm = xcalloc(1, len);
			snprintf(nm, len, "%s%s%s", p->ns, *p->ns ? "/" : "",
			    p->name);
			json_array_append_new(a, json_string(nm));
			json_array_append_new(names, json_string(nm));
			free(nm);
		}
		json_object_set_new(x, "selected_by", a);
		a = json_array();
		for (i = 0; i < d->nallows; i++)
			json_array_append_new(a, match_json(&d->allows[i]));
		json_object_set_new(x, "allowed_by", a);
		a = json_array();
		for (i = 0; i < d->ndenies; i++)
			json_array_append_new(a, match_json(&d->denies[i]));
		json_object_set_new(x, "denied_by", a);
		if (d->l7 != NULL)
			json_object_set_new(x, "l7", json_string(d->l7));
		if (d->has_near) {
			json_t *n = match_json(&d->near.m), *why = json_array();

			for (bit = 0; bit < VMISS__COUNT; bit++)
				if (d->near.why & (1u << bit))
					json_array_append_new(why,
					    json_string(miss_names[bit]));
			json_object_set_new(n, "stopped_by", why);
			json_object_set_new(n, "explanation",
			    json_string(d->near.text));
			json_object_set_new(x, "nearest", n);
		}
		if (d->fix != NULL)
			json_object_set_new(x, "suggested_change",
			    json_string(d->fix));
		if (d->bpf.present) {
			json_t *bp = json_object();

			json_object_set_new(bp, "endpoint_id",
			    json_integer(d->bpf.endpoint_id));
			json_object_set_new(bp, "verdict", json_string(
			    d->bpf.allowed ? "allowed" : "denied"));
			json_object_set_new(bp, "entry", json_string(d->bpf.text));
			json_object_set_new(bp, "path", json_string(
			    d->bpf.src.path));
			json_object_set_new(bp, "line",
			    json_integer((json_int_t)d->bpf.src.line));
			json_object_set_new(bp, "disagrees",
			    json_boolean(d->bpf.disagrees));
			json_object_set_new(x, "datapath", bp);
		}
		a = json_array();
		for (i = 0; i < d->nnotes; i++)
			json_array_append_new(a, json_string(d->notes[i]));
		json_object_set_new(x, "notes", a);
		json_object_set_new(dirs, dir_word(d->dir), x);
	}
	json_object_set_new(o, "directions", dirs);
	json_object_set_new(o, "policies", names);
	return o;
}
