/*
 * check_combine.c: built-in checks on how policies combine: default deny,
 * the union of allows and the precedence of deny rules.
 *
 * Cilium merges every rule that selects an endpoint (CNP, CCNP and KNP
 * alike) into one per-endpoint policy (policy-semantics.md E.2).  An
 * endpoint enters default deny for a direction as soon as one selecting
 * rule asks for it: by default any rule with an element in that direction,
 * allow or deny, unless enableDefaultDeny says false (1.16+, honoured only
 * with enable-non-default-deny-policies; E.1, pkg/policy/api/rule_
 * validation.go Sanitize, pkg/k8s/apis/cilium.io/utils
 * evaluateDefaultDenyForRule).  Allows are a union, and a deny wins over
 * any allow, whatever the policy kind (E.3, Documentation/security/policy/
 * deny.rst).  Three rules follow from that:
 *
 * check_first_policy_locks_direction (FIRST-POLICY-LOCKS-DIRECTION): the
 *   pods an egress policy puts into default deny can no longer resolve
 *   names unless some selecting policy allows the cluster DNS pods on
 *   53/UDP (pitfall 36).  CIDR rules and Service ClusterIPs do not count:
 *   CIDR rules never match pods and policy applies after service
 *   translation (D, E.7).
 * check_deny_only_defaultdeny (DENY-ONLY-DEFAULTDENY): a rule with only
 *   ingressDeny/egressDeny still switches its direction to default deny,
 *   so everything not allowed elsewhere is dropped (pitfall 34).
 * check_deny_overrides_allow (DENY-OVERRIDES-ALLOW): a deny rule covers,
 *   for certain, all the traffic an allow rule names for the same pods
 *   (peers and ports), so the allow never takes effect.
 *
 * None of them fires when policy is not enforced at all (enable-policy
 * never, audit mode): nothing is dropped then.  Rejected policies are not
 * in force and are left to POL-INVALID-STATUS.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check_util.h"
#include "checks.h"
#include "eval.h"
#include "eval_flow.h"
#include "model.h"
#include "netaddr.h"
#include "policy.h"
#include "xalloc.h"

/* Drop reasons (pkg/monitor/api/drop.go). */
#define DROP_POLICY_DENIED	133	/* default deny */
#define DROP_POLICY_DENY	181	/* an explicit deny rule */

#define IPPROTO_NUM_TCP		6
#define IPPROTO_NUM_UDP		17

/* Pods a message names before "and N more". */
#define NAMED_MAX		4
/* Endpoints whose BPF policy map is cited. */
#define BPF_CITE_MAX		2

/* --- shared helpers ------------------------------------------------- */

/*
 * Does Cilium drop anything by policy here?  Not with `enable-policy:
 * never`, nor in audit mode, where would-be drops are only logged (E.1,
 * E.4).
 */
static bool
enforcing(const struct model *m)
{
	const char *v;

	if ((v = model_config(m, "enable-policy")) != NULL &&
	    strcmp(v, "never") == 0)
		return false;
	if ((v = model_config(m, "policy-audit-mode")) != NULL &&
	    strcmp(v, "true") == 0)
		return false;
	return true;
}

static const char *
dir_name(enum policy_dir d)
{
	return d == DIR_INGRESS ? "ingress" : "egress";
}

static const char *
dir_title(enum policy_dir d)
{
	return d == DIR_INGRESS ? "Ingress" : "Egress";
}

static int
size_cmp_fn(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

static bool
is_pod(const struct model_endpoint *e)
{
	return e->ns != NULL && e->pod != NULL;
}

/* Does the rule have an allow element that allows anything in dir? */
static bool
rule_allows(const struct policy_rule *r, enum policy_dir dir)
{
	size_t i;

	for (i = 0; i < r->nelems; i++) {
		const struct policy_elem *e = &r->elems[i];

		/* `{}`: no peer, no port, allows nothing (E.1). */
		if (e->dir == dir && !e->deny && (e->peers != 0 ||
		    e->nto_ports > 0 || e->nicmps > 0))
			return true;
	}
	return false;
}

/* "8080/TCP, 53/UDP" or "all ports". */
static void
ports_text(struct buf *b, const struct policy_elem *e)
{
	size_t i, j, k = 0;

	if (e->nto_ports == 0) {
		buf_addstr(b, e->nicmps > 0 ? "ICMP" : "all ports");
		return;
	}
	for (i = 0; i < e->nto_ports; i++) {
		const struct policy_ports *tp = &e->to_ports[i];

		if (tp->nports == 0)
			buf_addf(b, "%sall ports", k++ ? ", " : "");
		for (j = 0; j < tp->nports; j++) {
			buf_addstr(b, k++ ? ", " : "");
			check_port_text(b, &tp->ports[j], "all ports", 0);
		}
	}
}

/* The peers of an element as written: "app=backend", "entities host". */
static void
peers_text(struct buf *b, const struct policy_elem *e)
{
	size_t i, k = 0;

	if (e->peers == 0) {
		buf_addstr(b, e->nto_ports > 0 ? "any peer" : "no peer");
		return;
	}
	for (i = 0; i < e->nendpoints; i++)
		buf_addf(b, "%s{%s}", k++ ? ", " : "",
		    e->endpoints_raw[i].text);
	for (i = 0; i < e->nentities; i++) {
		/* The KNP "every peer" form carries both {} and all. */
		if (e->nendpoints > 0 && strcmp(e->entities[i], "all") == 0)
			continue;
		buf_addf(b, "%sentity %s", k++ ? ", " : "", e->entities[i]);
	}
	for (i = 0; i < e->ncidrs; i++)
		buf_addf(b, "%s%s %s", k++ ? ", " : "",
		    e->cidrs[i].cidr != NULL ? "CIDR" : "CIDR group",
		    e->cidrs[i].cidr != NULL ? e->cidrs[i].cidr :
		    e->cidrs[i].group != NULL ? e->cidrs[i].group : "?");
	for (i = 0; i < e->nservices; i++)
		buf_addf(b, "%sservice %s%s%s", k++ ? ", " : "",
		    e->services[i].ns != NULL ? e->services[i].ns : "",
		    e->services[i].ns != NULL ? "/" : "",
		    e->services[i].name != NULL ? e->services[i].name :
		    "(selector)");
	for (i = 0; i < e->nfqdns; i++)
		buf_addf(b, "%sFQDN %s", k++ ? ", " : "",
		    e->fqdns[i].match_name != NULL ? e->fqdns[i].match_name :
		    e->fqdns[i].match_pattern != NULL ?
		    e->fqdns[i].match_pattern : "?");
	for (i = 0; i < e->nnodes; i++)
		buf_addf(b, "%snodes {%s}", k++ ? ", " : "", e->nodes[i].text);
	if (k == 0)
		buf_addstr(b, "(peers of another kind)");
}

/* "to {app=backend} on 8080/TCP" in the findings' arena. */
static const char *
elem_text(struct eval_ctx *ctx, const struct policy_elem *e)
{
	struct buf b = BUF_INIT;
	const char *r;

	buf_addstr(&b, e->dir == DIR_INGRESS ? "from " : "to ");
	peers_text(&b, e);
	buf_addstr(&b, " on ");
	ports_text(&b, e);
	r = arena_strdup(ctx->out->a, b.ptr);
	buf_release(&b);
	return r;
}

/* A sorted, unique set of identities. */
struct idset {
	uint32_t	*v;
	size_t		 n;
	size_t		 cap;
};

static void
idset_add(struct idset *s, uint32_t id)
{
	if (id == 0)
		return;
	s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = id;
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void
idset_finish(struct idset *s)
{
	size_t i, w = 0;

	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), u32_cmp);
	for (i = 0; i < s->n; i++)
		if (w == 0 || s->v[w - 1] != s->v[i])
			s->v[w++] = s->v[i];
	s->n = w;
}

static bool
idset_has(const struct idset *s, uint32_t id)
{
	return s->n > 0 && bsearch(&id, s->v, s->n, sizeof(*s->v),
	    u32_cmp) != NULL;
}

static void
idset_text(struct buf *b, const struct idset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		buf_addf(b, "%s%lu", i ? ", " : "", (unsigned long)s->v[i]);
}

/* The endpoint's realized BPF policy map, with its member path. */
static const struct bpf_policy_map *
endpoint_map(const struct model *m, const struct model_endpoint *e,
    const char **pathp)
{
	const struct model_agent *a = check_agent_of_node(m, e->node);

	if (a == NULL || a->bpf_policy == NULL || e->id == 0)
		return NULL;
	*pathp = a->bpf_policy->path;
	return bpf_policy_find_map(a->bpf_policy, e->id);
}

/* Does a map entry cover this port and IP protocol? */
static bool
entry_covers(const struct bpf_policy_entry *en, uint16_t port, uint8_t proto)
{
	if (en->proto != 0 && en->proto != proto)
		return false;
	if (en->port == 0 && en->end_port == 0)
		return true;
	return en->port <= port && port <= (en->end_port > en->port ?
	    en->end_port : en->port);
}

/* "Allow Egress 50541 8080/TCP, ..." for up to 3 entries of a direction. */
static void
entries_text(struct buf *b, const struct bpf_policy_map *mp, bool egress)
{
	size_t i, k = 0;

	for (i = 0; i < mp->nentries; i++) {
		const struct bpf_policy_entry *en = &mp->entries[i];

		if (en->egress != egress)
			continue;
		if (k++ == 3) {
			buf_addstr(b, ", ...");
			break;
		}
		buf_addf(b, "%s%s %s %lu %s", k > 1 ? ", " : "",
		    en->deny ? "Deny" : "Allow", egress ? "Egress" : "Ingress",
		    (unsigned long)en->identity,
		    en->port_proto != NULL ? en->port_proto : "ANY");
	}
	if (k == 0)
		buf_addstr(b, "none");
}

/*
 * Cite the agents' cilium_drop_count_total{direction=<DIR>, reason} on
 * the nodes of these endpoints, once per agent.
 */
static void
cite_drop_metric(struct eval_ctx *ctx, struct finding *f, const size_t *idx,
    size_t n, const char *direction, const char *reason)
{
	const struct model *m = ctx->m;
	const struct model_agent **seen = NULL;
	size_t i, j, nseen = 0, cap = 0;

	for (i = 0; i < n; i++) {
		const struct model_agent *a = check_agent_of_node(m,
		    m->endpoints[idx[i]].node);
		bool dup = false;

		if (a == NULL || a->metrics == NULL)
			continue;
		for (j = 0; j < nseen; j++)
			dup = dup || seen[j] == a;
		if (dup)
			continue;
		seen = xgrow(seen, &cap, nseen + 1, sizeof(*seen));
		seen[nseen++] = a;
		for (j = 0; j < a->metrics->nsamples; j++) {
			const struct metric_sample *s = &a->metrics->samples[j];
			const char *d = metric_label_get(s, "direction");
			const char *r = metric_label_get(s, "reason");

			if (strcmp(s->name, "cilium_drop_count_total") != 0 ||
			    d == NULL || r == NULL || strcmp(d, direction) != 0 ||
			    strcmp(r, reason) != 0 || !s->has_value)
				continue;
			finding_evidence(ctx, f, a->metrics->path, s->line,
			    "cilium_drop_count_total direction=%s reason=%s "
			    "%.0f on %s (all endpoints of the node)", d, r,
			    s->value, a->node);
			break;
		}
	}
	free(seen);
}

/* Endpoint identities, for flow queries. */
static void
endpoint_ids(const struct model *m, const size_t *idx, size_t n,
    struct idset *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		idset_add(out, m->endpoints[idx[i]].identity);
	idset_finish(out);
}

static bool
pred_default_deny(const struct flow_record *fr, void *arg)
{
	(void)arg;
	return fr->drop_reason == DROP_POLICY_DENIED;
}

static bool
pred_denylist(const struct flow_record *fr, void *arg)
{
	(void)arg;
	return fr->drop_reason == DROP_POLICY_DENY;
}

/* --- FIRST-POLICY-LOCKS-DIRECTION ------------------------------------ */

/* The cluster DNS: its Service and the pods behind it. */
struct dns_target {
	const struct k8s_service *svc;	/* kube-system/kube-dns, or NULL */
	bool		*is_dns;	/* per endpoint */
	size_t		*eps;		/* endpoint indexes, ascending */
	size_t		 n;
	struct idset	 ids;
	/* A node-local DNS cache: pods may resolve through the host. */
	bool		 node_local;
	bool		 has_vip;
	struct ip_prefix	 vip;		/* the Service's ClusterIP */
	bool		 services_ok;	/* toServices selects backends */
};

static bool
svc_selects(const struct k8s_service *s, const struct model_endpoint *e)
{
	size_t i;

	if (!s->has_selector || s->selector.n == 0 || e->ns == NULL ||
	    strcmp(e->ns, s->ns) != 0)
		return false;
	for (i = 0; i < s->selector.n; i++) {
		const struct label *l = &s->selector.v[i];
		const char *v = e->k8s_pod != NULL ?
		    labelset_get(&e->k8s_pod->labels, "k8s", l->key) :
		    labelset_get(&e->labels, "k8s", l->key);

		if (v == NULL || strcmp(v, l->value) != 0)
			return false;
	}
	return true;
}

/*
 * Find the cluster DNS pods: the endpoints behind kube-system/kube-dns
 * (or a `coredns` Service there), else the kube-system pods labelled
 * k8s-app=kube-dns.
 */
static void
dns_find(const struct model *m, struct dns_target *t)
{
	size_t i, cap = 0;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < m->nservices && t->svc == NULL; i++)
		if (strcmp(m->services[i].ns, "kube-system") == 0 &&
		    strcmp(m->services[i].name, "kube-dns") == 0 &&
		    m->services[i].has_selector)
			t->svc = &m->services[i];
	for (i = 0; i < m->nservices && t->svc == NULL; i++)
		if (strcmp(m->services[i].ns, "kube-system") == 0 &&
		    strcmp(m->services[i].name, "coredns") == 0 &&
		    m->services[i].has_selector)
			t->svc = &m->services[i];
	t->is_dns = xcalloc(m->nendpoints + 1, sizeof(*t->is_dns));
	for (i = 0; i < m->nendpoints; i++) {
		const struct model_endpoint *e = &m->endpoints[i];
		const char *app;

		if (!is_pod(e))
			continue;
		if (t->svc != NULL) {
			if (!svc_selects(t->svc, e))
				continue;
		} else {
			app = labelset_get(&e->labels, "k8s", "k8s-app");
			if (strcmp(e->ns, "kube-system") != 0 || app == NULL ||
			    strcmp(app, "kube-dns") != 0)
				continue;
		}
		t->is_dns[i] = true;
		t->eps = xgrow(t->eps, &cap, t->n + 1, sizeof(*t->eps));
		t->eps[t->n++] = i;
		idset_add(&t->ids, e->identity);
	}
	idset_finish(&t->ids);
	for (i = 0; i < m->npods; i++) {
		const char *app = labelset_get(&m->pods[i].labels, "k8s",
		    "k8s-app");

		if (app != NULL && strcmp(app, "node-local-dns") == 0)
			t->node_local = true;
	}
	if (t->svc != NULL && t->svc->cluster_ip != NULL)
		t->has_vip = ip_prefix_parse(t->svc->cluster_ip, &t->vip);
	/* Before 1.17 toServices only worked for selectorless Services. */
	t->services_ok = model_version_at_least(m, 1, 17);
}

static void
dns_release(struct dns_target *t)
{
	free(t->is_dns);
	free(t->eps);
	free(t->ids.v);
}

/* A named port of the DNS pods with this number and protocol? */
static bool
dns_named_port(const struct model *m, const struct dns_target *t,
    const char *name, uint32_t port, const char *proto)
{
	size_t i, j;

	for (i = 0; i < t->n; i++) {
		const struct k8s_pod *p = m->endpoints[t->eps[i]].k8s_pod;

		for (j = 0; p != NULL && j < p->nports; j++) {
			const struct container_port *cp = &p->ports[j];
			const char *cproto = cp->protocol != NULL ?
			    cp->protocol : "TCP";

			if (cp->name != NULL && strcmp(cp->name, name) == 0 &&
			    cp->port == port && (strcmp(proto, "ANY") == 0 ||
			    strcmp(cproto, proto) == 0))
				return true;
		}
	}
	return false;
}

/*
 * Does the element's L4 part admit port/proto toward the DNS pods?  No
 * toPorts means every port (unless it is an ICMP-only element).
 */
static bool
elem_admits(const struct model *m, const struct dns_target *t,
    const struct policy_elem *e, uint32_t port, const char *proto)
{
	size_t i, j;

	if (e->nto_ports == 0)
		return e->nicmps == 0;
	for (i = 0; i < e->nto_ports; i++) {
		const struct policy_ports *tp = &e->to_ports[i];

		if (tp->nports == 0)
			return true;
		for (j = 0; j < tp->nports; j++) {
			const struct policy_port *pp = &tp->ports[j];

			if (strcmp(pp->protocol, "ANY") != 0 &&
			    strcmp(pp->protocol, proto) != 0)
				continue;
			if (pp->name != NULL) {
				if (dns_named_port(m, t, pp->name, port,
				    pp->protocol))
					return true;
				continue;
			}
			if (pp->port == 0 || pp->port == port ||
			    (pp->end_port != 0 && pp->port <= port &&
			    port <= pp->end_port))
				return true;
		}
	}
	return false;
}

enum dns_reach {
	DNS_NONE,		/* nothing toward DNS */
	DNS_ALLOWED,		/* the DNS pods on 53/UDP */
	DNS_WRONG_PORT,		/* the DNS pods, but not on 53/UDP */
	DNS_WRONG_NS,		/* a selector matching their labels, scoped
				   to another namespace */
	DNS_VIA_CIDR,		/* a CIDR holding the kube-dns ClusterIP */
	DNS_OLD_SERVICES,	/* toServices kube-dns before 1.17 */
};

/* Do the element's peers include the DNS pods? */
static enum dns_reach
elem_peer_dns(struct model *m, const struct dns_target *t,
    const struct policy *p, const struct policy_elem *e)
{
	enum dns_reach near = DNS_NONE;
	const size_t *idx;
	size_t i, j, n;

	if (e->peers == 0)
		/* An L4-only rule is a wildcard peer (E.2). */
		return e->nto_ports > 0 ? DNS_ALLOWED : DNS_NONE;
	for (i = 0; i < e->nentities; i++) {
		if (strcmp(e->entities[i], "all") == 0 ||
		    strcmp(e->entities[i], "cluster") == 0)
			return DNS_ALLOWED;
		if (t->node_local && (strcmp(e->entities[i], "host") == 0 ||
		    strcmp(e->entities[i], "remote-node") == 0))
			return DNS_ALLOWED;
	}
	for (i = 0; i < e->nendpoints; i++) {
		idx = model_selector_endpoints(m, &e->endpoints[i], &n);
		for (j = 0; j < n; j++)
			if (t->is_dns[idx[j]])
				return DNS_ALLOWED;
	}
	for (i = 0; i < e->nservices && t->svc != NULL; i++) {
		const struct policy_service *s = &e->services[i];
		const char *ns = s->ns != NULL ? s->ns : p->ns;
		bool hit = strcmp(ns, t->svc->ns) == 0 && (s->selector != NULL ?
		    selector_matches(s->selector, &t->svc->labels) :
		    s->name != NULL && strcmp(s->name, t->svc->name) == 0);

		if (hit && t->services_ok)
			return DNS_ALLOWED;
		if (hit)
			near = DNS_OLD_SERVICES;
	}
	/* Near misses, to say why what looks like a DNS rule is not one. */
	for (i = 0; i < e->nendpoints && near == DNS_NONE; i++) {
		if (selector_has_source(&e->endpoints_raw[i], "reserved"))
			continue;
		for (j = 0; j < t->n && near == DNS_NONE; j++)
			if (selector_matches(&e->endpoints_raw[i],
			    &m->endpoints[t->eps[j]].labels))
				near = DNS_WRONG_NS;
	}
	for (i = 0; i < e->ncidrs && near == DNS_NONE && t->has_vip; i++) {
		struct ip_prefix c;

		if (ip_prefix_parse(e->cidrs[i].cidr, &c) &&
		    ip_prefix_contains(&c, &t->vip))
			near = DNS_VIA_CIDR;
	}
	return near;
}

/* What an allow element does for DNS. */
static enum dns_reach
elem_dns(struct model *m, const struct dns_target *t, const struct policy *p,
    const struct policy_elem *e)
{
	enum dns_reach r;

	if (e->dir != DIR_EGRESS || e->deny)
		return DNS_NONE;
	r = elem_peer_dns(m, t, p, e);
	if (r == DNS_ALLOWED && !elem_admits(m, t, e, 53, "UDP"))
		return DNS_WRONG_PORT;
	return r;
}

/* Per endpoint: what the policies selecting it say about DNS. */
struct ep_dns {
	bool			 dns;		/* some policy allows it */
	bool			 fqdn;		/* toFQDNs is used for it */
	enum dns_reach		 hint;		/* the first near miss */
	const struct policy	*hint_p;
	const struct policy_elem *hint_e;
};

/* One endpoint in default deny for egress, with its policies. */
struct locked {
	size_t		 ep;
	const size_t	*pols;		/* policy indexes, ascending */
	size_t		 npols;
};

struct ep_pol {
	size_t	ep;
	size_t	pol;
};

static int
ep_pol_cmp(const void *a, const void *b)
{
	const struct ep_pol *x = a, *y = b;

	if (x->ep != y->ep)
		return x->ep < y->ep ? -1 : 1;
	return x->pol < y->pol ? -1 : x->pol > y->pol;
}

/* Endpoints grouped by the set of policies that lock them. */
static int
locked_cmp(const void *a, const void *b)
{
	const struct locked *x = a, *y = b;
	size_t i;

	for (i = 0; i < x->npols && i < y->npols; i++)
		if (x->pols[i] != y->pols[i])
			return x->pols[i] < y->pols[i] ? -1 : 1;
	if (x->npols != y->npols)
		return x->npols < y->npols ? -1 : 1;
	return x->ep < y->ep ? -1 : x->ep > y->ep;
}

static bool
same_pols(const struct locked *x, const struct locked *y)
{
	return x->npols == y->npols && memcmp(x->pols, y->pols,
	    x->npols * sizeof(*x->pols)) == 0;
}

/* The DNS rule to add, as YAML for the policy's kind. */
static void
dns_remediation(struct eval_ctx *ctx, struct finding *f,
    const struct dns_target *t, const struct policy *p, bool fqdn,
    const char *names)
{
	const char *ns = t->svc != NULL ? t->svc->ns : "kube-system";
	struct buf b = BUF_INIT;
	unsigned long line = p->src.line;
	size_t i, j;

	for (i = 0; i < p->nrules && line == p->src.line; i++)
		for (j = 0; j < p->rules[i].nelems; j++)
			if (p->rules[i].elems[j].dir == DIR_EGRESS) {
				line = p->rules[i].elems[j].line;
				break;
			}
	buf_addf(&b, "Allow DNS for %s: add this rule to the egress section "
	    "of %s (%s:%lu), or put it in a separate policy that selects the "
	    "same pods (allows from every selecting policy add up):\n\n",
	    names, check_policy_ref(ctx, p), p->src.path, line);
	if (p->kind == POLICY_KNP) {
		buf_addf(&b, "  egress:\n  - to:\n    - namespaceSelector:\n"
		    "        matchLabels:\n"
		    "          kubernetes.io/metadata.name: %s\n"
		    "      podSelector:\n        matchLabels:\n", ns);
		if (t->svc != NULL)
			for (i = 0; i < t->svc->selector.n; i++)
				buf_addf(&b, "          %s: %s\n",
				    t->svc->selector.v[i].key,
				    t->svc->selector.v[i].value);
		else
			buf_addstr(&b, "          k8s-app: kube-dns\n");
		buf_addstr(&b, "    ports:\n    - port: 53\n      protocol: UDP\n"
		    "    - port: 53\n      protocol: TCP\n");
	} else {
		buf_addf(&b, "  egress:\n  - toEndpoints:\n    - matchLabels:\n"
		    "        k8s:io.kubernetes.pod.namespace: %s\n", ns);
		if (t->svc != NULL)
			for (i = 0; i < t->svc->selector.n; i++)
				buf_addf(&b, "        k8s:%s: %s\n",
				    t->svc->selector.v[i].key,
				    t->svc->selector.v[i].value);
		else
			buf_addstr(&b, "        k8s:k8s-app: kube-dns\n");
		buf_addstr(&b, "    toPorts:\n    - ports:\n      - port: \"53\"\n"
		    "        protocol: UDP\n      - port: \"53\"\n"
		    "        protocol: TCP\n");
		if (fqdn)
			buf_addstr(&b, "      rules:\n        dns:\n"
			    "        - matchPattern: \"*\"\n");
	}
	if (fqdn)
		buf_addstr(&b, "\nThese pods use toFQDNs: the DNS rule must carry "
		    "rules.dns (as above) so that the DNS proxy learns the IPs.");
	else
		buf_addstr(&b, "\nAdd any other egress these pods need (other "
		    "Services, the API server, external hosts) the same way: "
		    "everything not allowed is dropped.");
	finding_remediation(ctx, f, "%s", b.ptr);
	buf_release(&b);
}

/*
 * Cite the BPF policy maps of up to BPF_CITE_MAX locked endpoints: no
 * egress entry toward the DNS identities on 53/UDP corroborates; an entry
 * contradicts.
 */
static void
dns_cite_maps(struct eval_ctx *ctx, struct finding *f,
    const struct dns_target *t, const size_t *idx, size_t n)
{
	const struct model *m = ctx->m;
	struct buf b = BUF_INIT, ids = BUF_INIT;
	size_t i, j, cited = 0;

	idset_text(&ids, &t->ids);
	for (i = 0; i < n && cited < BPF_CITE_MAX; i++) {
		const struct model_endpoint *e = &m->endpoints[idx[i]];
		const struct bpf_policy_map *mp;
		const char *path = NULL;
		const struct bpf_policy_entry *hit = NULL;

		if ((mp = endpoint_map(m, e, &path)) == NULL)
			continue;
		for (j = 0; j < mp->nentries && hit == NULL; j++) {
			const struct bpf_policy_entry *en = &mp->entries[j];

			if (en->egress && !en->deny && (en->identity == 0 ||
			    idset_has(&t->ids, en->identity)) &&
			    entry_covers(en, 53, IPPROTO_NUM_UDP))
				hit = en;
		}
		cited++;
		if (hit != NULL) {
			f->contradicting++;
			finding_evidence(ctx, f, path, hit->line, "endpoint %lu "
			    "(%s/%s) realizes Allow Egress %lu %s: DNS is "
			    "allowed in the datapath", (unsigned long)e->id,
			    e->ns, e->pod, (unsigned long)hit->identity,
			    hit->port_proto != NULL ? hit->port_proto : "ANY");
			continue;
		}
		buf_reset(&b);
		entries_text(&b, mp, true);
		finding_evidence(ctx, f, path, mp->line, "endpoint %lu (%s/%s) "
		    "egress map: %s; no entry for the DNS identit%s %s on "
		    "53/UDP", (unsigned long)e->id, e->ns, e->pod, b.ptr,
		    t->ids.n == 1 ? "y" : "ies", ids.ptr);
	}
	buf_release(&b);
	buf_release(&ids);
}

/* The policy's egress allows, for the message. */
static void
egress_summary(struct eval_ctx *ctx, struct buf *b, const struct policy *p)
{
	size_t i, j, k = 0;

	for (i = 0; i < p->nrules; i++)
		for (j = 0; j < p->rules[i].nelems; j++) {
			const struct policy_elem *e = &p->rules[i].elems[j];

			if (e->dir != DIR_EGRESS || e->deny)
				continue;
			if (k++ == 3) {
				buf_addstr(b, "; ...");
				return;
			}
			buf_addf(b, "%s%s", k > 1 ? "; " : "",
			    elem_text(ctx, e));
		}
	if (k == 0)
		buf_addstr(b, "nothing");
}

static void
dns_hint_text(struct eval_ctx *ctx, struct buf *b, const struct dns_target *t,
    const struct ep_dns *d)
{
	const char *where;

	if (d->hint == DNS_NONE || d->hint_p == NULL)
		return;
	where = arena_printf(ctx->out->a, "%s (line %lu, %s)",
	    check_policy_ref(ctx, d->hint_p), d->hint_e->line,
	    elem_text(ctx, d->hint_e));
	switch (d->hint) {
	case DNS_WRONG_PORT:
		buf_addf(b, " %s reaches the DNS pods, but not on 53/UDP, where "
		    "DNS queries go.", where);
		break;
	case DNS_WRONG_NS:
		buf_addf(b, " %s matches the DNS pods' labels, but Cilium scopes "
		    "that selector to another namespace: a peer selector without "
		    "a namespace key only selects pods in the policy's own "
		    "namespace, and the DNS pods run in %s.", where,
		    t->svc != NULL ? t->svc->ns : "kube-system");
		break;
	case DNS_VIA_CIDR:
		buf_addf(b, " %s holds the %s/%s ClusterIP %s, but policy applies "
		    "after service translation and CIDR rules never match pods.",
		    where, t->svc->ns, t->svc->name, t->svc->cluster_ip);
		break;
	case DNS_OLD_SERVICES:
		buf_addf(b, " %s names the DNS Service, but before Cilium 1.17 "
		    "toServices only works for Services without a selector.",
		    where);
		break;
	default:
		break;
	}
}

/* One finding: the endpoints locked by the same set of policies. */
static void
dns_report(struct eval_ctx *ctx, const struct dns_target *t,
    const struct locked *g, size_t ng, const struct ep_dns *st)
{
	struct model *m = ctx->m;
	const struct policy *p0 = &m->policies[g[0].pols[0]];
	size_t *idx = xcalloc(ng, sizeof(*idx));
	struct idset ids = { NULL, 0, 0 };
	struct buf msg = BUF_INIT, names = BUF_INIT, dnsn = BUF_INIT;
	struct buf pl = BUF_INIT;
	struct eval_flow_query q;
	const struct ep_dns *hint = NULL;
	struct finding *f;
	unsigned long drops, fwd;
	bool fqdn = false;
	size_t i, j, k;

	for (i = 0; i < ng; i++) {
		idx[i] = g[i].ep;
		fqdn = fqdn || st[g[i].ep].fqdn;
		if (hint == NULL && st[g[i].ep].hint != DNS_NONE)
			hint = &st[g[i].ep];
	}
	endpoint_ids(m, idx, ng, &ids);
	check_endpoint_names(&names, m, idx, ng, NAMED_MAX);
	if (t->svc != NULL)
		buf_addf(&dnsn, "%s/%s: ", t->svc->ns, t->svc->name);
	check_endpoint_names(&dnsn, m, t->eps, t->n, NAMED_MAX);
	if (t->ids.n > 0) {
		buf_addf(&dnsn, ", identit%s ", t->ids.n == 1 ? "y" : "ies");
		idset_text(&dnsn, &t->ids);
	}
	for (i = 0; i < g[0].npols; i++)
		buf_addf(&pl, "%s%s", i == 0 ? "" : i + 1 == g[0].npols ?
		    " and " : ", ", check_policy_ref(ctx,
		    &m->policies[g[0].pols[i]]));

	f = eval_finding_new(ctx);
	for (i = 0; i < g[0].npols; i++)
		check_policy_subject(ctx, f, &m->policies[g[0].pols[i]]);
	if (g[0].npols == 1)
		f->cause = eval_policy_cause(ctx, p0);
	for (i = 0; i < ng; i++)
		finding_affected(ctx, f, m->endpoints[idx[i]].ns,
		    m->endpoints[idx[i]].pod);
	if (g[0].npols == 1)
		finding_title(ctx, f, "%s locks egress of %zu pod%s without a "
		    "DNS allow: name lookups to %s are dropped", pl.ptr, ng,
		    ng == 1 ? "" : "s", t->svc != NULL ? arena_printf(
		    ctx->out->a, "%s/%s", t->svc->ns, t->svc->name) :
		    "CoreDNS");
	else
		finding_title(ctx, f, "%zu policies lock egress of %zu pod%s "
		    "without a DNS allow: name lookups are dropped",
		    g[0].npols, ng, ng == 1 ? "" : "s");

	for (i = 0; i < g[0].npols; i++) {
		const struct policy *p = &m->policies[g[0].pols[i]];
		struct buf sum = BUF_INIT;

		egress_summary(ctx, &sum, p);
		buf_addf(&msg, "%s%s puts %s into egress default deny (any rule "
		    "with an egress section does, unless enableDefaultDeny."
		    "egress: false is in force); it allows only %s.", i ? " " : "",
		    check_policy_ref(ctx, p),
		    i == 0 ? names.ptr : "them", sum.ptr);
		buf_release(&sum);
	}
	buf_addf(&msg, " No CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy "
	    "or NetworkPolicy that selects %s allows egress to the cluster DNS "
	    "pods (%s) on 53/UDP, so every name lookup from %s is dropped and "
	    "connections by Service or host name fail, even to peers that are "
	    "allowed.", ng == 1 ? "this pod" : "these pods", dnsn.ptr,
	    ng == 1 ? "it" : "them");
	if (hint != NULL)
		dns_hint_text(ctx, &msg, t, hint);

	/* The policies' own lines. */
	for (i = 0; i < g[0].npols && i < 3; i++) {
		const struct policy *p = &m->policies[g[0].pols[i]];

		finding_evidence_src(ctx, f, &p->src, "%s: egress default deny "
		    "for %zu pod%s, no rule toward the DNS pods on 53/UDP",
		    check_policy_ref(ctx, p), ng, ng == 1 ? "" : "s");
		for (j = 0, k = 0; j < p->nrules; j++) {
			size_t e;

			for (e = 0; e < p->rules[j].nelems && k < 3; e++) {
				const struct policy_elem *el =
				    &p->rules[j].elems[e];

				if (el->dir != DIR_EGRESS || el->deny)
					continue;
				k++;
				finding_evidence(ctx, f, p->src.path, el->line,
				    "egress: %s", elem_text(ctx, el));
			}
		}
	}
	if (hint != NULL && hint->hint_p != NULL)
		finding_evidence(ctx, f, hint->hint_p->src.path,
		    hint->hint_e->line, "%s: egress %s (not an allow for "
		    "DNS)", check_policy_ref(ctx, hint->hint_p),
		    elem_text(ctx, hint->hint_e));

	/* Hubble: the lookups dropped, or let through. */
	memset(&q, 0, sizeof(q));
	q.dir = FLOW_DIR_EGRESS;
	q.local_ids = ids.v;
	q.nlocal_ids = ids.n;
	q.peer_ids = t->ids.v;
	q.npeer_ids = t->ids.n;
	q.port = 53;
	drops = fwd = 0;
	if (ids.n > 0 && t->ids.n > 0) {
		drops = eval_flow_drops(ctx, f, &q, EVAL_FLOW_EVIDENCE);
		fwd = eval_flow_forwarded(ctx, f, &q, 2);
	}
	dns_cite_maps(ctx, f, t, idx, ng);
	cite_drop_metric(ctx, f, idx, ng, "EGRESS", "Policy denied");
	if (drops > 0)
		buf_addf(&msg, " %s recorded %lu DNS packet%s from them to "
		    "the DNS pods dropped by policy.",
		    eval_flow_recorded_by(ctx, f->drop_sources), drops,
		    drops == 1 ? "" : "s");
	if (fwd > 0)
		buf_addf(&msg, " Yet %lu DNS flow%s from them %s forwarded: "
		    "check whether the policy changed since.", fwd,
		    fwd == 1 ? " was" : "s were", fwd == 1 ? "was" : "were");
	finding_message(ctx, f, "%s", msg.ptr);
	/*
	 * A pod that never resolves names is not hurt: without drops to show
	 * the lookups, the finding is less sure.
	 */
	if (drops == 0)
		f->confidence = eval_flow_total(m) > 0 ? 0.6 : 0.7;
	if (hint != NULL && hint->hint == DNS_WRONG_NS)
		f->confidence *= 0.8;
	dns_remediation(ctx, f, t, p0, fqdn, names.ptr);

	buf_release(&msg);
	buf_release(&names);
	buf_release(&dnsn);
	buf_release(&pl);
	free(ids.v);
	free(idx);
}

void
check_first_policy_locks_direction(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	struct dns_target t;
	struct ep_dns *st;
	struct ep_pol *pairs = NULL;
	struct locked *lk = NULL;
	size_t *pols = NULL;
	size_t npairs = 0, pcap = 0, nlk = 0, i, j, k, n, start;
	const size_t *idx;
	bool honor;

	if (m->npolicies == 0 || !enforcing(m))
		return;
	dns_find(m, &t);
	if (t.n == 0) {
		eval_not_evaluated(ctx, "the sysdump shows no cluster DNS pods "
		    "(no endpoint behind kube-system/kube-dns, none labelled "
		    "k8s-app=kube-dns)");
		dns_release(&t);
		return;
	}
	honor = model_honors_default_deny_flag(m);
	st = xcalloc(m->nendpoints + 1, sizeof(*st));
	for (i = 0; i < m->npolicies; i++) {
		const struct policy *p = &m->policies[i];

		if (!check_policy_in_force(p))
			continue;
		for (j = 0; j < p->nrules; j++) {
			const struct policy_rule *r = &p->rules[j];

			idx = check_rule_endpoints(m, r, &n);
			/*
			 * A rule locks egress when it puts it into default
			 * deny and allows something there: a rule that
			 * allows nothing is a deliberate deny-all (or
			 * DENY-ONLY-DEFAULTDENY's case).
			 */
			if (policy_rule_default_deny(r, DIR_EGRESS, honor) &&
			    rule_allows(r, DIR_EGRESS))
				for (k = 0; k < n; k++) {
					pairs = xgrow(pairs, &pcap, npairs + 1,
					    sizeof(*pairs));
					pairs[npairs].ep = idx[k];
					pairs[npairs++].pol = i;
				}
			for (k = 0; k < r->nelems; k++) {
				const struct policy_elem *e = &r->elems[k];
				enum dns_reach d = elem_dns(m, &t, p, e);
				size_t x;

				for (x = 0; x < n; x++) {
					struct ep_dns *s = &st[idx[x]];

					if (e->dir == DIR_EGRESS &&
					    (e->peers & PEER_FQDNS))
						s->fqdn = true;
					if (d == DNS_ALLOWED)
						s->dns = true;
					else if (d != DNS_NONE &&
					    s->hint == DNS_NONE) {
						s->hint = d;
						s->hint_p = p;
						s->hint_e = e;
					}
				}
			}
		}
	}
	if (npairs > 1)
		qsort(pairs, npairs, sizeof(*pairs), ep_pol_cmp);
	pols = xcalloc(npairs + 1, sizeof(*pols));
	lk = xcalloc(npairs + 1, sizeof(*lk));
	for (i = 0, k = 0; i < npairs; i = j) {
		size_t ep = pairs[i].ep;
		const struct model_endpoint *e = &m->endpoints[ep];

		start = k;
		for (j = i; j < npairs && pairs[j].ep == ep; j++)
			if (j == i || pairs[j].pol != pairs[j - 1].pol)
				pols[k++] = pairs[j].pol;
		/* The DNS pods themselves resolve upstream, not here. */
		if (!is_pod(e) || t.is_dns[ep] || st[ep].dns)
			continue;
		lk[nlk].ep = ep;
		lk[nlk].pols = pols + start;
		lk[nlk++].npols = k - start;
	}
	if (nlk > 1)
		qsort(lk, nlk, sizeof(*lk), locked_cmp);
	for (i = 0; i < nlk; i = j) {
		for (j = i + 1; j < nlk && same_pols(&lk[i], &lk[j]); j++)
			;
		dns_report(ctx, &t, lk + i, j - i, st);
	}
	free(lk);
	free(pols);
	free(pairs);
	free(st);
	dns_release(&t);
}

/* --- DENY-ONLY-DEFAULTDENY ------------------------------------------- */

/* Does a deny element deny every peer on every port (deny-all)? */
static bool
rule_denies_all(const struct policy_rule *r, enum policy_dir dir)
{
	size_t i, j;

	for (i = 0; i < r->nelems; i++) {
		const struct policy_elem *e = &r->elems[i];

		if (e->dir != dir || !e->deny || e->nto_ports > 0 ||
		    e->nicmps > 0)
			continue;
		for (j = 0; j < e->nentities; j++)
			if (strcmp(e->entities[j], "all") == 0)
				return true;
	}
	return false;
}

/*
 * Cite the maps of up to BPF_CITE_MAX endpoints: an `Allow <dir> 0 ANY`
 * entry means the direction is not in default deny (contradicting); its
 * absence corroborates.
 */
static void
deny_only_cite_maps(struct eval_ctx *ctx, struct finding *f,
    enum policy_dir dir, const size_t *idx, size_t n)
{
	const struct model *m = ctx->m;
	struct buf b = BUF_INIT;
	size_t i, j, cited = 0;
	bool eg = dir == DIR_EGRESS;

	for (i = 0; i < n && cited < BPF_CITE_MAX; i++) {
		const struct model_endpoint *e = &m->endpoints[idx[i]];
		const struct bpf_policy_map *mp;
		const struct bpf_policy_entry *wild = NULL;
		const char *path = NULL;

		if ((mp = endpoint_map(m, e, &path)) == NULL)
			continue;
		cited++;
		for (j = 0; j < mp->nentries && wild == NULL; j++) {
			const struct bpf_policy_entry *en = &mp->entries[j];

			if (en->egress == eg && !en->deny && en->identity == 0 &&
			    en->port == 0 && en->proto == 0)
				wild = en;
		}
		if (wild != NULL) {
			f->contradicting++;
			finding_evidence(ctx, f, path, wild->line, "endpoint %lu "
			    "(%s/%s) realizes Allow %s 0 ANY: %s is not in "
			    "default deny in the datapath", (unsigned long)e->id,
			    e->ns, e->pod, dir_title(dir), dir_name(dir));
			continue;
		}
		buf_reset(&b);
		entries_text(&b, mp, eg);
		finding_evidence(ctx, f, path, mp->line, "endpoint %lu (%s/%s) "
		    "%s map: %s; no Allow %s 0 ANY, so %s is in default deny",
		    (unsigned long)e->id, e->ns, e->pod, dir_name(dir), b.ptr,
		    dir_title(dir), dir_name(dir));
	}
	buf_release(&b);
}

static void
deny_only_report(struct eval_ctx *ctx, const struct policy *p,
    enum policy_dir dir, const size_t *idx, size_t n, bool honor)
{
	struct model *m = ctx->m;
	const char *dn = dir_name(dir), *sec = dir == DIR_INGRESS ?
	    "ingressDeny" : "egressDeny";
	const char *peer = dir == DIR_INGRESS ? "fromEntities" : "toEntities";
	const char *flag = model_config(m, "enable-non-default-deny-policies");
	struct buf msg = BUF_INIT, names = BUF_INIT, den = BUF_INIT;
	struct buf rem = BUF_INIT;
	struct idset ids = { NULL, 0, 0 };
	struct eval_flow_query q;
	struct finding *f;
	unsigned long drops = 0;
	bool set_false = false;
	size_t i, j, k = 0;

	for (i = 0; i < p->nrules; i++) {
		set_false = set_false || p->rules[i].default_deny_set[dir] == 0;
		for (j = 0; j < p->rules[i].nelems; j++) {
			const struct policy_elem *e = &p->rules[i].elems[j];

			if (e->dir != dir || !e->deny)
				continue;
			if (k++ < 3)
				buf_addf(&den, "%s%s", k > 1 ? "; " : "",
				    elem_text(ctx, e));
			else if (k == 4)
				buf_addstr(&den, "; ...");
		}
	}
	check_endpoint_names(&names, m, idx, n, NAMED_MAX);
	endpoint_ids(m, idx, n, &ids);

	f = eval_finding_new(ctx);
	check_policy_subject(ctx, f, p);
	f->cause = eval_policy_cause(ctx, p);
	for (i = 0; i < n; i++)
		finding_affected(ctx, f, m->endpoints[idx[i]].ns,
		    m->endpoints[idx[i]].pod);
	finding_title(ctx, f, "%s has only %s rules, yet puts %zu pod%s into "
	    "%s default deny: all other %s traffic is dropped",
	    check_policy_ref(ctx, p), sec, n, n == 1 ? "" : "s", dn, dn);
	buf_addf(&msg, "%s has %s rules (%s) and no %s allow rules. A rule "
	    "with any %s or %s element switches that direction to default "
	    "deny for the endpoints it selects, ", check_policy_ref(ctx, p),
	    sec, den.ptr, dn, dn, sec);
	if (set_false && !model_version_at_least(m, 1, 16))
		buf_addf(&msg, "and enableDefaultDeny, which it sets, only "
		    "exists from Cilium 1.16 (this cluster runs %s)",
		    m->cilium_version);
	else if (set_false)
		buf_addf(&msg, "and its enableDefaultDeny.%s: false is ignored "
		    "because enable-non-default-deny-policies is false", dn);
	else
		buf_addf(&msg, "and enableDefaultDeny.%s is not set", dn);
	buf_addf(&msg, ". So %s (%s) %s in %s default deny: only what another "
	    "policy explicitly allows still passes, and everything else %s "
	    "%s is dropped, not just what the deny rule names.",
	    names.ptr, n == 1 ? "one pod" : arena_printf(ctx->out->a,
	    "%zu pods", n), n == 1 ? "is" : "are", dn,
	    dir == DIR_INGRESS ? "to" : "from", n == 1 ? "it" : "them");

	finding_evidence_src(ctx, f, &p->src, "%s: %s only, %s default deny",
	    check_policy_ref(ctx, p), sec, dn);
	for (i = 0, k = 0; i < p->nrules; i++)
		for (j = 0; j < p->rules[i].nelems && k < 4; j++) {
			const struct policy_elem *e = &p->rules[i].elems[j];

			if (e->dir != dir || !e->deny)
				continue;
			k++;
			finding_evidence(ctx, f, p->src.path, e->line, "%s: %s",
			    sec, elem_text(ctx, e));
		}
	memset(&q, 0, sizeof(q));
	q.dir = dir == DIR_INGRESS ? FLOW_DIR_INGRESS : FLOW_DIR_EGRESS;
	q.local_ids = ids.v;
	q.nlocal_ids = ids.n;
	q.pred = pred_default_deny;
	if (ids.n > 0)
		drops = eval_flow_drops(ctx, f, &q, EVAL_FLOW_EVIDENCE);
	deny_only_cite_maps(ctx, f, dir, idx, n);
	cite_drop_metric(ctx, f, idx, n, dir == DIR_INGRESS ? "INGRESS" :
	    "EGRESS", "Policy denied");
	if (drops > 0)
		buf_addf(&msg, " %s recorded %lu %s packet%s of these pods "
		    "dropped by default deny (\"Policy denied\", not \"Policy "
		    "denied by denylist\").", eval_flow_recorded_by(ctx,
		    f->drop_sources), drops, dn, drops == 1 ? "" : "s");
	finding_message(ctx, f, "%s", msg.ptr);
	if (drops == 0)
		f->confidence = 0.8;

	if (honor || model_version_at_least(m, 1, 16)) {
		buf_addf(&rem, "If %s is only meant to deny, say so: set "
		    "enableDefaultDeny.%s to false in it (%s:%lu):\n\n"
		    "  spec:\n    enableDefaultDeny:\n      %s: false\n"
		    "    %s:\n    ...\n\n", check_policy_ref(ctx, p), dn,
		    p->src.path, p->src.line, dn, sec);
		if (flag != NULL && strcmp(flag, "false") == 0)
			buf_addstr(&rem, "This needs "
			    "enable-non-default-deny-policies: \"true\" in "
			    "cilium-config (it is \"false\" here, so the field is "
			    "ignored).\n\n");
		else
			buf_addstr(&rem, "The agent honours it while "
			    "enable-non-default-deny-policies is true (the "
			    "default).\n\n");
		buf_addstr(&rem, "Or add an explicit allow next to the deny (the "
		    "deny still takes precedence):\n\n");
	} else
		buf_addf(&rem, "enableDefaultDeny does not exist before Cilium "
		    "1.16: add an explicit allow next to the deny in %s "
		    "(%s:%lu); the deny still takes precedence:\n\n",
		    check_policy_ref(ctx, p), p->src.path, p->src.line);
	buf_addf(&rem, "    %s:\n    - %s:\n      - all\n    %s:\n    ...\n\n"
	    "If default deny is intended, add allow rules for the traffic "
	    "these pods need (DNS, their Services, the API server).", dn, peer,
	    sec);
	finding_remediation(ctx, f, "%s", rem.ptr);

	buf_release(&msg);
	buf_release(&names);
	buf_release(&den);
	buf_release(&rem);
	free(ids.v);
}

void
check_deny_only_defaultdeny(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	bool honor, *intended, *mark;
	size_t *idxs = NULL, nidx, cap = 0, i, j, k, n;
	const size_t *idx;
	int dir;

	if (m->npolicies == 0 || !enforcing(m))
		return;
	honor = model_honors_default_deny_flag(m);
	intended = xcalloc(m->nendpoints + 1, sizeof(*intended));
	mark = xcalloc(m->nendpoints + 1, sizeof(*mark));
	for (dir = 0; dir < 2; dir++) {
		enum policy_dir d = (enum policy_dir)dir;

		/*
		 * Endpoints already in default deny by a policy that allows
		 * something there, by a KNP, or by a rule that asks for it by
		 * name: a deny-only rule adds no default deny to them.
		 */
		memset(intended, 0, (m->nendpoints + 1) * sizeof(*intended));
		for (i = 0; i < m->npolicies; i++) {
			const struct policy *p = &m->policies[i];

			if (!check_policy_in_force(p))
				continue;
			for (j = 0; j < p->nrules; j++) {
				const struct policy_rule *r = &p->rules[j];

				if (!policy_rule_default_deny(r, d, honor) ||
				    !(r->knp || rule_allows(r, d) || (honor &&
				    r->default_deny_set[d] == 1)))
					continue;
				idx = check_rule_endpoints(m, r, &n);
				for (k = 0; k < n; k++)
					intended[idx[k]] = true;
			}
		}
		for (i = 0; i < m->npolicies; i++) {
			const struct policy *p = &m->policies[i];

			if (!check_policy_in_force(p) || p->kind == POLICY_KNP)
				continue;
			memset(mark, 0, (m->nendpoints + 1) * sizeof(*mark));
			nidx = 0;
			for (j = 0; j < p->nrules; j++) {
				const struct policy_rule *r = &p->rules[j];

				/*
				 * Not when default deny is asked for by name
				 * (enableDefaultDeny.<dir>: true), nor when the
				 * rule denies everything anyway.
				 */
				if (!r->has[d][1] || rule_allows(r, d) ||
				    !policy_rule_default_deny(r, d, honor) ||
				    (honor && r->default_deny_set[d] == 1) ||
				    rule_denies_all(r, d))
					continue;
				idx = check_rule_endpoints(m, r, &n);
				for (k = 0; k < n; k++) {
					if (intended[idx[k]] || mark[idx[k]] ||
					    !is_pod(&m->endpoints[idx[k]]))
						continue;
					mark[idx[k]] = true;
					idxs = xgrow(idxs, &cap, nidx + 1,
					    sizeof(*idxs));
					idxs[nidx++] = idx[k];
				}
			}
			if (nidx == 0)
				continue;
			qsort(idxs, nidx, sizeof(*idxs), size_cmp_fn);
			deny_only_report(ctx, p, d, idxs, nidx, honor);
		}
	}
	free(idxs);
	free(mark);
	free(intended);
}

/* --- DENY-OVERRIDES-ALLOW -------------------------------------------- */

/* What a deny element covers. */
struct deny_cover {
	const struct policy_elem *e;
	bool			 all;	/* every peer */
	bool			*eps;	/* endpoints its peers match */
};

/* Does the deny's entity list hold this entity (C.1)? */
static bool
deny_entity_covers(const struct policy_elem *d, const char *name)
{
	static const char *const in_cluster[] = { "host", "remote-node",
	    "health", "init", "ingress", "unmanaged", "kube-apiserver", NULL };
	size_t i;

	if (check_elem_has_entity(d, name))
		return true;
	if (check_elem_has_entity(d, "cluster"))
		for (i = 0; in_cluster[i] != NULL; i++)
			if (strcmp(name, in_cluster[i]) == 0)
				return true;
	return check_elem_has_entity(d, "world") &&
	    (strcmp(name, "world-ipv4") == 0 ||
	    strcmp(name, "world-ipv6") == 0);
}

/*
 * Does the deny cover all of an allowed CIDR?  CIDR identities carry the
 * world label, so `world` covers every CIDR (C.1, D); a denied CIDR covers
 * it only when it contains it and excepts nothing.
 */
static bool
deny_cidr_covers(const struct policy_elem *d, const struct policy_cidr *c)
{
	struct ip_prefix a, b;
	size_t i;

	if (c->cidr == NULL || !ip_prefix_parse(c->cidr, &a))
		return false;
	if (check_elem_has_entity(d, "world") || (a.af == AF_INET &&
	    check_elem_has_entity(d, "world-ipv4")) || (a.af == AF_INET6 &&
	    check_elem_has_entity(d, "world-ipv6")))
		return true;
	for (i = 0; i < d->ncidrs; i++)
		if (d->cidrs[i].cidr != NULL && d->cidrs[i].nexcept == 0 &&
		    ip_prefix_parse(d->cidrs[i].cidr, &b) &&
		    ip_prefix_contains(&b, &a))
			return true;
	return false;
}

/*
 * Are all the peers the allow names covered by the deny, for certain?
 * Peers whose members the snapshot cannot tell (Services, nodes, groups)
 * are never certain; a selector that matches nothing adds nothing.
 */
static bool
allow_peers_covered(struct model *m, const struct deny_cover *dc,
    const struct policy_elem *a)
{
	const size_t *idx;
	size_t i, k, n;
	bool any = false;

	if (a->peers == 0)
		/* L4-only: every peer; `{}` allows nothing. */
		return (a->nto_ports > 0 || a->nicmps > 0) && dc->all;
	if (check_elem_has_entity(a, "all"))
		return dc->all;
	if (dc->all)
		return true;
	if (a->peers & (PEER_SERVICES | PEER_NODES | PEER_GROUPS |
	    PEER_REQUIRES))
		return false;
	for (i = 0; i < a->nendpoints; i++) {
		idx = model_selector_endpoints(m, &a->endpoints[i], &n);
		for (k = 0; k < n; k++)
			if (!dc->eps[idx[k]])
				return false;
		any = any || n > 0;
	}
	for (i = 0; i < a->nentities; i++) {
		if (!deny_entity_covers(dc->e, a->entities[i]))
			return false;
		any = true;
	}
	for (i = 0; i < a->ncidrs; i++) {
		if (!deny_cidr_covers(dc->e, &a->cidrs[i]))
			return false;
		any = true;
	}
	for (i = 0; i < a->nfqdns; i++) {
		if (!check_elem_has_entity(dc->e, "world"))
			return false;
		any = true;
	}
	return any;
}

/* Is the allowed port pa inside the denied port pd? */
static bool
port_in(const struct policy_port *pa, const struct policy_port *pd)
{
	uint32_t lo, hi, dlo, dhi;

	if (strcmp(pd->protocol, "ANY") != 0 &&
	    strcmp(pd->protocol, pa->protocol) != 0)
		return false;
	if (pd->name == NULL && pd->port == 0)
		return true;
	if (pa->name != NULL || pd->name != NULL)
		return pa->name != NULL && pd->name != NULL &&
		    strcmp(pa->name, pd->name) == 0;
	if (pa->port == 0)
		return false;
	lo = pa->port;
	hi = pa->end_port > pa->port ? pa->end_port : pa->port;
	dlo = pd->port;
	dhi = pd->end_port > pd->port ? pd->end_port : pd->port;
	return dlo <= lo && hi <= dhi;
}

/* Are all the ports the allow names inside the deny's ports? */
static bool
allow_ports_covered(const struct policy_elem *a, const struct policy_elem *d)
{
	size_t i, j, x, y;
	bool found;

	if (d->nto_ports == 0)
		/* An L3 deny: every port and protocol (deny.rst). */
		return d->nicmps == 0;
	if (a->nto_ports == 0)
		return false;
	for (i = 0; i < a->nto_ports; i++) {
		if (a->to_ports[i].nports == 0)
			return false;
		for (j = 0; j < a->to_ports[i].nports; j++) {
			found = false;
			for (x = 0; x < d->nto_ports && !found; x++) {
				if (d->to_ports[x].nports == 0)
					found = true;
				for (y = 0; y < d->to_ports[x].nports &&
				    !found; y++)
					found = port_in(&a->to_ports[i].ports[j],
					    &d->to_ports[x].ports[y]);
			}
			if (!found)
				return false;
		}
	}
	return true;
}

/* An allow element the deny shadows. */
struct shadowed {
	const struct policy		*p;
	const struct policy_elem	*e;
};

/* The one numeric port every shadowed allow names, or 0. */
static uint32_t
shadowed_port(const struct shadowed *sh, size_t nsh)
{
	uint32_t port = 0;
	size_t i;

	for (i = 0; i < nsh; i++) {
		const struct policy_elem *e = sh[i].e;
		const struct policy_port *pp;

		if (e->nto_ports != 1 || e->to_ports[0].nports != 1)
			return 0;
		pp = &e->to_ports[0].ports[0];
		if (pp->name != NULL || pp->port == 0 ||
		    (pp->end_port != 0 && pp->end_port != pp->port) ||
		    (port != 0 && pp->port != port))
			return 0;
		port = pp->port;
	}
	return port;
}

/*
 * The identities of the shadowed allows' peers, when they are all
 * endpoint selectors (else none: the flows cannot be told apart).
 */
static bool
shadowed_peer_ids(struct model *m, const struct shadowed *sh, size_t nsh,
    struct idset *out)
{
	const size_t *idx;
	size_t i, j, k, n;

	for (i = 0; i < nsh; i++) {
		const struct policy_elem *e = sh[i].e;

		if (e->peers != PEER_ENDPOINTS ||
		    check_elem_has_entity(e, "all"))
			return false;
		for (j = 0; j < e->nendpoints; j++) {
			idx = model_selector_endpoints(m, &e->endpoints[j], &n);
			for (k = 0; k < n; k++)
				idset_add(out, m->endpoints[idx[k]].identity);
		}
	}
	idset_finish(out);
	return out->n > 0;
}

/* Cite the Deny entries the maps of up to BPF_CITE_MAX endpoints hold. */
static void
deny_cite_maps(struct eval_ctx *ctx, struct finding *f, enum policy_dir dir,
    const struct idset *peers, const size_t *idx, size_t n)
{
	const struct model *m = ctx->m;
	size_t i, j, cited = 0;
	bool eg = dir == DIR_EGRESS;

	for (i = 0; i < n && cited < BPF_CITE_MAX; i++) {
		const struct model_endpoint *e = &m->endpoints[idx[i]];
		const struct bpf_policy_map *mp;
		const struct bpf_policy_entry *hit = NULL;
		const char *path = NULL;

		if ((mp = endpoint_map(m, e, &path)) == NULL)
			continue;
		cited++;
		for (j = 0; j < mp->nentries && hit == NULL; j++) {
			const struct bpf_policy_entry *en = &mp->entries[j];

			if (en->deny && en->egress == eg && (peers->n == 0 ||
			    en->identity == 0 || idset_has(peers, en->identity)))
				hit = en;
		}
		if (hit != NULL)
			finding_evidence(ctx, f, path, hit->line, "endpoint %lu "
			    "(%s/%s) realizes Deny %s %lu %s",
			    (unsigned long)e->id, e->ns, e->pod, dir_title(dir),
			    (unsigned long)hit->identity,
			    hit->port_proto != NULL ? hit->port_proto : "ANY");
		else
			finding_evidence(ctx, f, path, mp->line, "endpoint %lu "
			    "(%s/%s) %s map holds no Deny entry for these peers",
			    (unsigned long)e->id, e->ns, e->pod, dir_name(dir));
	}
}

static void
deny_report(struct eval_ctx *ctx, const struct policy *pd,
    const struct policy_elem *d, const struct shadowed *sh, size_t nsh,
    const size_t *idx, size_t n)
{
	struct model *m = ctx->m;
	const char *dn = dir_name(d->dir);
	const char *sec = d->dir == DIR_INGRESS ? "ingressDeny" : "egressDeny";
	struct buf msg = BUF_INIT, names = BUF_INIT, rem = BUF_INIT;
	struct idset ids = { NULL, 0, 0 }, peers = { NULL, 0, 0 };
	struct eval_flow_query q;
	struct finding *f;
	unsigned long drops = 0, fwd = 0;
	size_t i;

	check_endpoint_names(&names, m, idx, n, NAMED_MAX);
	endpoint_ids(m, idx, n, &ids);
	f = eval_finding_new(ctx);
	check_policy_subject(ctx, f, pd);
	for (i = 0; i < nsh; i++)
		if (sh[i].p != pd)
			check_policy_subject(ctx, f, sh[i].p);
	f->cause = eval_policy_cause(ctx, pd);
	for (i = 0; i < n; i++)
		finding_affected(ctx, f, m->endpoints[idx[i]].ns,
		    m->endpoints[idx[i]].pod);
	if (nsh == 1)
		finding_title(ctx, f, "%s in %s (line %lu) overrides the %s "
		    "allow of %s (line %lu): the allow never takes effect", sec,
		    check_policy_ref(ctx, pd), d->line, dn,
		    check_policy_ref(ctx, sh[0].p), sh[0].e->line);
	else
		finding_title(ctx, f, "%s in %s (line %lu) overrides %zu %s "
		    "allow rules: they never take effect", sec,
		    check_policy_ref(ctx, pd), d->line, nsh, dn);
	buf_addf(&msg, "%s (line %lu) denies %s %s for %s (%zu pod%s). It "
	    "covers everything that %s explicitly allow%s for the same pods:",
	    check_policy_ref(ctx, pd), d->line, dn, elem_text(ctx, d),
	    names.ptr, n, n == 1 ? "" : "s",
	    nsh == 1 ? "this rule" : "these rules", nsh == 1 ? "s" : "");
	for (i = 0; i < nsh; i++)
		buf_addf(&msg, "%s %s line %lu (%s %s)", i ? ";" : "",
		    check_policy_ref(ctx, sh[i].p), sh[i].e->line, dn,
		    elem_text(ctx, sh[i].e));
	buf_addf(&msg, ". Deny rules take precedence over allow rules whatever "
	    "the policy kind (CiliumNetworkPolicy, "
	    "CiliumClusterwideNetworkPolicy or NetworkPolicy), so this traffic "
	    "is dropped (\"Policy denied by denylist\") and the allow%s never "
	    "take%s effect.", nsh == 1 ? "" : "s", nsh == 1 ? "s" : "");

	finding_evidence_src(ctx, f, &pd->src, "%s: %s",
	    check_policy_ref(ctx, pd), sec);
	finding_evidence(ctx, f, pd->src.path, d->line, "%s: %s", sec,
	    elem_text(ctx, d));
	for (i = 0; i < nsh && i < 4; i++)
		finding_evidence(ctx, f, sh[i].p->src.path, sh[i].e->line,
		    "%s: %s (%s)", dn, elem_text(ctx, sh[i].e),
		    check_policy_ref(ctx, sh[i].p));
	memset(&q, 0, sizeof(q));
	q.dir = d->dir == DIR_INGRESS ? FLOW_DIR_INGRESS : FLOW_DIR_EGRESS;
	q.local_ids = ids.v;
	q.nlocal_ids = ids.n;
	q.port = shadowed_port(sh, nsh);
	if (ids.n > 0 && shadowed_peer_ids(m, sh, nsh, &peers)) {
		q.peer_ids = peers.v;
		q.npeer_ids = peers.n;
		q.pred = pred_denylist;
		drops = eval_flow_drops(ctx, f, &q, EVAL_FLOW_EVIDENCE);
		q.pred = NULL;
		fwd = eval_flow_forwarded(ctx, f, &q, 2);
	}
	deny_cite_maps(ctx, f, d->dir, &peers, idx, n);
	if (drops > 0)
		buf_addf(&msg, " %s recorded %lu such packet%s dropped by the "
		    "deny.", eval_flow_recorded_by(ctx, f->drop_sources), drops,
		    drops == 1 ? "" : "s");
	if (fwd > 0)
		buf_addf(&msg, " Yet %lu such flow%s forwarded: check whether the "
		    "deny was added since.", fwd, fwd == 1 ? " was" : "s were");
	finding_message(ctx, f, "%s", msg.ptr);
	if (drops == 0)
		f->confidence = 0.8;

	buf_addf(&rem, "Decide which rule is meant. If the allow is right, "
	    "narrow the %s rule of %s (%s:%lu) so that it no longer covers %s "
	    "%s; "
	    "no allow can re-open what a deny covers, and CNP, CCNP and KNP "
	    "have no priority over each other. If the deny is right, delete "
	    "the dead allow rule%s:", sec, check_policy_ref(ctx, pd),
	    pd->src.path, d->line, dn, elem_text(ctx, sh[0].e),
	    nsh == 1 ? "" : "s");
	for (i = 0; i < nsh; i++)
		buf_addf(&rem, "%s %s:%lu", i ? "," : "", sh[i].p->src.path,
		    sh[i].e->line);
	buf_addstr(&rem, ".");
	finding_remediation(ctx, f, "%s", rem.ptr);

	buf_release(&msg);
	buf_release(&names);
	buf_release(&rem);
	free(ids.v);
	free(peers.v);
}

/* Scratch space for one deny element, sized to the endpoints. */
struct deny_scratch {
	bool		*dsub;		/* the deny's subjects */
	bool		*ovl;		/* affected so far */
	bool		*deps;		/* the deny's peers */
	struct shadowed	*sh;
	size_t		 nsh;
	size_t		 shcap;
	size_t		*aff;
	size_t		 naff;
	size_t		 acap;
};

/* Does the allow element a of pa's rule ra fall under the deny? */
static void
deny_against(struct model *m, struct deny_scratch *s,
    const struct deny_cover *dc, const struct policy *pa,
    const struct policy_rule *ra, const struct policy_elem *a)
{
	const size_t *aidx;
	size_t w, an;
	bool any = false;

	if (a->deny || a->dir != dc->e->dir)
		return;
	aidx = check_rule_endpoints(m, ra, &an);
	for (w = 0; w < an && !any; w++)
		any = s->dsub[aidx[w]] && is_pod(&m->endpoints[aidx[w]]);
	if (!any || !allow_peers_covered(m, dc, a) ||
	    !allow_ports_covered(a, dc->e))
		return;
	s->sh = xgrow(s->sh, &s->shcap, s->nsh + 1, sizeof(*s->sh));
	s->sh[s->nsh].p = pa;
	s->sh[s->nsh++].e = a;
	for (w = 0; w < an; w++) {
		size_t ep = aidx[w];

		if (!s->dsub[ep] || s->ovl[ep] || !is_pod(&m->endpoints[ep]))
			continue;
		s->ovl[ep] = true;
		s->aff = xgrow(s->aff, &s->acap, s->naff + 1, sizeof(*s->aff));
		s->aff[s->naff++] = ep;
	}
}

/* One deny element of pd's rule rd against every allow in force. */
static void
deny_scan(struct eval_ctx *ctx, struct deny_scratch *s,
    const struct policy *pd, const struct policy_rule *rd,
    const struct policy_elem *d)
{
	struct model *m = ctx->m;
	struct deny_cover dc;
	const size_t *idx, *pidx;
	size_t i, j, k, n, pn, sz = (m->nendpoints + 1) * sizeof(bool);

	/* `{}` denies nothing. */
	if (d->peers == 0 && d->nto_ports == 0 && d->nicmps == 0)
		return;
	idx = check_rule_endpoints(m, rd, &n);
	if (n == 0)
		return;
	memset(s->dsub, 0, sz);
	memset(s->ovl, 0, sz);
	memset(s->deps, 0, sz);
	for (i = 0; i < n; i++)
		s->dsub[idx[i]] = true;
	dc.e = d;
	dc.eps = s->deps;
	dc.all = d->peers == 0 || check_elem_has_entity(d, "all");
	for (i = 0; i < d->nendpoints; i++) {
		pidx = model_selector_endpoints(m, &d->endpoints[i], &pn);
		for (j = 0; j < pn; j++)
			s->deps[pidx[j]] = true;
	}
	/* `cluster`: every pod of this cluster, and the nodes (C.1). */
	if (check_elem_has_entity(d, "cluster"))
		for (i = 0; i < m->nendpoints; i++)
			if (is_pod(&m->endpoints[i]))
				s->deps[i] = true;
	s->nsh = s->naff = 0;
	for (i = 0; i < m->npolicies; i++) {
		const struct policy *pa = &m->policies[i];

		if (!check_policy_in_force(pa))
			continue;
		for (j = 0; j < pa->nrules; j++)
			for (k = 0; k < pa->rules[j].nelems; k++)
				deny_against(m, s, &dc, pa, &pa->rules[j],
				    &pa->rules[j].elems[k]);
	}
	if (s->nsh == 0)
		return;
	qsort(s->aff, s->naff, sizeof(*s->aff), size_cmp_fn);
	deny_report(ctx, pd, d, s->sh, s->nsh, s->aff, s->naff);
}

void
check_deny_overrides_allow(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	struct deny_scratch s;
	size_t i, j, k;

	if (m->npolicies == 0 || !enforcing(m))
		return;
	memset(&s, 0, sizeof(s));
	s.dsub = xcalloc(m->nendpoints + 1, sizeof(*s.dsub));
	s.ovl = xcalloc(m->nendpoints + 1, sizeof(*s.ovl));
	s.deps = xcalloc(m->nendpoints + 1, sizeof(*s.deps));
	for (i = 0; i < m->npolicies; i++) {
		const struct policy *pd = &m->policies[i];

		if (!check_policy_in_force(pd))
			continue;
		for (j = 0; j < pd->nrules; j++)
			for (k = 0; k < pd->rules[j].nelems; k++)
				if (pd->rules[j].elems[k].deny)
					deny_scan(ctx, &s, pd, &pd->rules[j],
					    &pd->rules[j].elems[k]);
	}
	free(s.sh);
	free(s.aff);
	free(s.deps);
	free(s.ovl);
	free(s.dsub);
}
