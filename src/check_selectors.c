/*
 * check_selectors.c: built-in checks on what policy selectors select.
 *
 * Every selector of a policy is matched against the endpoints' identity
 * labels after the agent's own rewriting (policy.c: the namespace and
 * cluster labels Cilium injects, policy-semantics.md B.3, B.4, C.3, F), so
 * "matches nothing here" means what the agent means.  The checks:
 *
 * check_sel_no_match (SEL-NO-MATCH): an endpointSelector, a
 * from/toEndpoints selector or a KNP pod/namespace selector that matches
 * no endpoint.  A typo'd label key or value, a wrong source prefix or a
 * namespace label used as a pod label is valid and silently selects
 * nothing (A.4); a peer selector of an allow rule that selects nothing
 * allows nothing while the policy still puts its endpoints into default
 * deny (E.1).  The finding names the closest labels that do exist ("did
 * you mean app=frontend?") and is corroborated by the agents' selector
 * cache (`policy selectors`: the selector with no identity), the BPF
 * policy maps (no entry for the intended peers) and Hubble drops from the
 * intended peers.  Selectors that legitimately match no pod are left
 * alone: reserved:/entity selectors, namespace wildcards, namespaces
 * without pods right now (reported low), and clustermesh peers (lower
 * confidence: remote pods are not in the snapshot).
 *
 * check_ns_peer_implicit (NS-PEER-IMPLICIT): a CNP peer selector without
 * a namespace key gets k8s:io.kubernetes.pod.namespace=<policy namespace>
 * (getEndpointSelector in pkg/k8s/apis/cilium.io/utils/utils.go, B.4), so
 * when the pods it names live in other namespaces it matches none of them.
 *
 * check_ns_subject_other_ns (NS-SUBJECT-OTHER-NS): a CNP endpointSelector
 * that names another namespace.  ParseToCiliumRule always adds
 * k8s:io.kubernetes.pod.namespace=<policy namespace> to matchLabels
 * (EndpointSelector.AddMatch): a k8s:-prefixed matchLabels entry is
 * overwritten (the policy applies to its own namespace, with the warning
 * "illegal namespace match in EndpointSelector"); an unprefixed key, an
 * In expression or another operator stays and is ANDed with it, so the
 * policy selects nothing (B.3, same code in every release since 1.0).
 *
 * check_knp_cnp_overlap (KNP-CNP-OVERLAP): Kubernetes NetworkPolicies and
 * Cilium policies govern the same endpoints in the same direction.  The
 * agent merges them into one rule repository; allows are a union, never an
 * intersection (E.2).  Informational, one finding per connected set of
 * policies.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check_util.h"
#include "checks.h"
#include "eval.h"
#include "eval_flow.h"
#include "model.h"
#include "policy.h"
#include "selector.h"
#include "xalloc.h"

#define NS_KEY		"io.kubernetes.pod.namespace"
#define NS_LABELS	"io.cilium.k8s.namespace.labels."
#define CLUSTER_KEY	"io.cilium.k8s.policy.cluster"
/* The label that every Namespace carries (Kubernetes 1.21+). */
#define NS_NAME_LABEL	"kubernetes.io/metadata.name"
/* Endpoints named in a message before "and N more". */
#define NAMES_MAX	4

/* What the selector checks share. */
struct sc {
	struct eval_ctx	*ctx;
	struct model	*m;
	const char	*k8s;		/* interned "k8s" */
	const char	*any;		/* interned "any" */
	const char	*ns_key;	/* interned NS_KEY */
	const char	*cluster_key;
	bool		 honor_dd;	/* enableDefaultDeny honoured */
	bool		 mesh;		/* clustermesh configured */
	long		 max_dist;	/* did-you-mean edit distance cap */
};

static void
sc_init(struct sc *sc, struct eval_ctx *ctx)
{
	const char *v;

	memset(sc, 0, sizeof(*sc));
	sc->ctx = ctx;
	sc->m = ctx->m;
	sc->k8s = intern(sc->m->st, "k8s");
	sc->any = intern(sc->m->st, "any");
	sc->ns_key = intern(sc->m->st, NS_KEY);
	sc->cluster_key = intern(sc->m->st, CLUSTER_KEY);
	sc->honor_dd = model_honors_default_deny_flag(sc->m);
	/* Clustermesh needs a cluster id of 1 or more. */
	v = model_config(sc->m, "cluster-id");
	sc->mesh = v != NULL && strtoul(v, NULL, 10) > 0;
	sc->max_dist = eval_param_int(ctx, "max_distance", 3);
}

/* --- small helpers -------------------------------------------------- */

/* The field a peer selector sits in: "fromEndpoints", "to" ... */
static const char *
peer_field(const struct policy *p, const struct policy_elem *e)
{
	if (p->kind == POLICY_KNP)
		return e->dir == DIR_INGRESS ? "from" : "to";
	return e->dir == DIR_INGRESS ? "fromEndpoints" : "toEndpoints";
}

/*
 * Edit distance (optimal string alignment: insertions, deletions,
 * substitutions and adjacent transpositions), ignoring case, so that a
 * case-only difference is distance 0.  Gives up above cap (returns
 * cap + 1).
 */
static size_t
edit_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d;
	size_t *r0, *r1, *r2, *t;

	if ((la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	r0 = xcalloc(lb + 1, sizeof(*r0));
	r1 = xcalloc(lb + 1, sizeof(*r1));
	r2 = xcalloc(lb + 1, sizeof(*r2));
	for (j = 0; j <= lb; j++)
		r1[j] = j;
	for (i = 1; i <= la; i++) {
		r2[0] = i;
		for (j = 1; j <= lb; j++) {
			int ca = tolower((unsigned char)a[i - 1]);
			int cb = tolower((unsigned char)b[j - 1]);
			size_t best = r1[j - 1] + (ca != cb);

			if (r1[j] + 1 < best)
				best = r1[j] + 1;
			if (r2[j - 1] + 1 < best)
				best = r2[j - 1] + 1;
			if (i > 1 && j > 1 && ca == tolower((unsigned char)
			    b[j - 2]) && tolower((unsigned char)a[i - 2]) ==
			    cb && r0[j - 2] + 1 < best)
				best = r0[j - 2] + 1;
			r2[j] = best;
		}
		t = r0;
		r0 = r1;
		r1 = r2;
		r2 = t;
	}
	d = r1[lb];
	free(r0);
	free(r1);
	free(r2);
	return d > cap ? cap + 1 : d;
}

/* How far a word may be from what was meant: 1 up to 3 chars, then 2, 3. */
static size_t
dist_limit(const struct sc *sc, const char *s)
{
	size_t len = strlen(s), lim;

	if (strncmp(s, NS_LABELS, strlen(NS_LABELS)) == 0)
		len -= strlen(NS_LABELS);
	lim = len <= 3 ? 1 : len <= 8 ? 2 : 3;
	if (sc->max_dist >= 0 && lim > (size_t)sc->max_dist)
		lim = (size_t)sc->max_dist;
	return lim;
}

/* --- requirement lists ---------------------------------------------- */

/* Is the requirement one the agent added rather than the author? */
static bool
req_injected(const struct sc *sc, const struct selector *raw,
    const struct sel_req *q)
{
	if (q->key != sc->ns_key && q->key != sc->cluster_key)
		return false;
	return !selector_has_key(raw, q->key, "k8s");
}

static bool
req_is_ns_key(const struct sc *sc, const struct sel_req *q)
{
	return q->key == sc->ns_key && (q->source == sc->k8s ||
	    label_source_is_any(q->source));
}

/* Does requirement q admit value v (NULL: the label is absent)? */
static bool
req_admits(const struct sel_req *q, const char *v)
{
	size_t i;
	bool in = false;

	for (i = 0; v != NULL && i < q->nvalues; i++)
		if (strcmp(q->values[i], v) == 0)
			in = true;
	switch (q->op) {
	case SEL_IN:
		return in;
	case SEL_NOT_IN:
		return !in;
	case SEL_EXISTS:
		return v != NULL;
	case SEL_DOES_NOT_EXIST:
		return v == NULL;
	}
	return false;
}

/* A heap copy of a selector's requirements, with room for one more. */
static struct sel_req *
reqs_copy(const struct selector *s)
{
	struct sel_req *v = xcalloc(s->n + 1, sizeof(*v));

	if (s->n > 0)
		memcpy(v, s->reqs, s->n * sizeof(*v));
	return v;
}

/* Remove v[i] from a list of *n. */
static void
reqs_remove(struct sel_req *v, size_t *n, size_t i)
{
	memmove(&v[i], &v[i + 1], (*n - i - 1) * sizeof(*v));
	(*n)--;
}

/*
 * The endpoints (indexes, ascending) that requirements v[0..n) select, as
 * a heap array (NULL when none); *np gets the count.
 */
static size_t *
reqs_match(struct model *m, struct sel_req *v, size_t n, size_t *np)
{
	struct selector s;
	size_t *out = NULL, cap = 0, k = 0, i;

	memset(&s, 0, sizeof(s));
	s.reqs = v;
	s.n = n;
	for (i = 0; i < m->nendpoints; i++) {
		if (!selector_matches(&s, &m->endpoints[i].labels))
			continue;
		out = xgrow(out, &cap, k + 1, sizeof(*out));
		out[k++] = i;
	}
	*np = k;
	return out;
}

/* The sorted, distinct identities of endpoints (heap; NULL if none). */
static uint32_t *
identities_of(struct model *m, const size_t *idx, size_t n, size_t *np)
{
	uint32_t *v = n ? xcalloc(n, sizeof(*v)) : NULL;
	size_t i, j, k = 0;

	for (i = 0; i < n; i++) {
		uint32_t id = m->endpoints[idx[i]].identity;

		if (id == 0)
			continue;
		for (j = 0; j < k && v[j] != id; j++)
			;
		if (j == k)
			v[k++] = id;
	}
	*np = k;
	if (k == 0) {
		free(v);
		return NULL;
	}
	return v;
}

/* Render requirements as the YAML of a selector, indented by ind. */
static void
reqs_yaml(struct buf *b, const struct sel_req *v, size_t n, bool knp,
    int ind)
{
	size_t i, j, nml = 0, nexp = 0;

	for (i = 0; i < n; i++) {
		if (v[i].op == SEL_IN && v[i].nvalues == 1 &&
		    v[i].from_match_labels)
			nml++;
		else
			nexp++;
	}
	if (nml > 0)
		buf_addf(b, "%*smatchLabels:\n", ind, "");
	for (i = 0; i < n; i++) {
		if (!(v[i].op == SEL_IN && v[i].nvalues == 1 &&
		    v[i].from_match_labels))
			continue;
		if (label_source_is_any(v[i].source) || (knp &&
		    strcmp(v[i].source, "k8s") == 0))
			buf_addf(b, "%*s%s: %s\n", ind + 2, "", v[i].key,
			    v[i].values[0]);
		else
			buf_addf(b, "%*s%s:%s: %s\n", ind + 2, "", v[i].source,
			    v[i].key, v[i].values[0]);
	}
	if (nexp > 0)
		buf_addf(b, "%*smatchExpressions:\n", ind, "");
	for (i = 0; i < n; i++) {
		if (v[i].op == SEL_IN && v[i].nvalues == 1 &&
		    v[i].from_match_labels)
			continue;
		if (label_source_is_any(v[i].source) || (knp &&
		    strcmp(v[i].source, "k8s") == 0))
			buf_addf(b, "%*s- key: %s\n", ind + 2, "", v[i].key);
		else
			buf_addf(b, "%*s- key: %s:%s\n", ind + 2, "",
			    v[i].source, v[i].key);
		buf_addf(b, "%*s  operator: %s\n", ind + 2, "",
		    sel_op_name(v[i].op));
		if (v[i].nvalues > 0) {
			buf_addf(b, "%*s  values: [", ind + 2, "");
			for (j = 0; j < v[i].nvalues; j++)
				buf_addf(b, "%s%s", j ? ", " : "",
				    v[i].values[j]);
			buf_addstr(b, "]\n");
		}
	}
	if (n == 0)
		buf_addf(b, "%*s{}\n", ind, "");
}

/* "app=frontnd" for one requirement, as selector text prints it. */
static void
req_text(struct buf *b, const struct sel_req *q)
{
	size_t j;

	if (!label_source_is_any(q->source))
		buf_addf(b, "%s:", q->source);
	buf_addstr(b, q->key);
	switch (q->op) {
	case SEL_IN:
		if (q->nvalues == 1) {
			buf_addf(b, "=%s", q->values[0]);
			break;
		}
		/* FALLTHROUGH */
	case SEL_NOT_IN:
		buf_addf(b, " %s (", sel_op_name(q->op));
		for (j = 0; j < q->nvalues; j++)
			buf_addf(b, "%s%s", j ? "," : "", q->values[j]);
		buf_addch(b, ')');
		break;
	case SEL_EXISTS:
		buf_addstr(b, " Exists");
		break;
	case SEL_DOES_NOT_EXIST:
		buf_addstr(b, " DoesNotExist");
		break;
	}
}

/*
 * A requirement as its author wrote it: KNP keys have no k8s: prefix and
 * namespace labels sit in the namespaceSelector.
 */
static void
req_text_user(const struct sc *sc, const struct policy *p,
    const struct sel_req *q, struct buf *b)
{
	struct sel_req u = *q;

	if (p->kind == POLICY_KNP) {
		if (u.source == sc->k8s)
			u.source = sc->any;
		if (strncmp(u.key, NS_LABELS, strlen(NS_LABELS)) == 0) {
			u.key += strlen(NS_LABELS);
			buf_addstr(b, "namespaceSelector ");
		} else if (u.key == sc->ns_key) {
			u.key = NS_NAME_LABEL;
			buf_addstr(b, "namespaceSelector ");
		}
	}
	req_text(b, &u);
}

/* --- corroboration -------------------------------------------------- */

/* Does the agent's selector text hold "<src>.<key>: <value>" (or ':')? */
static bool
agent_text_has(const char *text, const char *src, const char *key,
    const char *value)
{
	char sep[] = ".:";
	size_t i;

	for (i = 0; i < 2; i++) {
		struct buf b = BUF_INIT;
		const char *p;
		bool ok = false;

		if (value != NULL)
			buf_addf(&b, "%s%c%s: %s", src, sep[i], key, value);
		else
			buf_addf(&b, "Key:%s%c%s,", src, sep[i], key);
		for (p = text; (p = strstr(p, b.ptr)) != NULL; p++) {
			char end = p[b.len];

			if (p != text && p[-1] != '{' && p[-1] != ',' &&
			    p[-1] != ' ')
				continue;
			if (value == NULL || end == ',' || end == '}' ||
			    end == '\0') {
				ok = true;
				break;
			}
		}
		buf_release(&b);
		if (ok)
			return true;
	}
	return false;
}

/* Is the agent's cached selector this policy's, and this selector? */
static bool
agent_selector_is(const struct agent_selector *as, const struct policy *p,
    const struct selector *norm)
{
	struct buf name = BUF_INIT, ns = BUF_INIT;
	bool own_name = false, own_ns = *p->ns == '\0';
	size_t i;

	if (as->selector == NULL || p->name == NULL)
		return false;
	buf_addf(&name, "k8s:io.cilium.k8s.policy.name=%s", p->name);
	buf_addf(&ns, "k8s:io.cilium.k8s.policy.namespace=%s", p->ns);
	for (i = 0; i < as->nlabels; i++) {
		if (strcmp(as->labels[i], name.ptr) == 0)
			own_name = true;
		if (strcmp(as->labels[i], ns.ptr) == 0)
			own_ns = true;
	}
	buf_release(&name);
	buf_release(&ns);
	/* An older agent may not say who owns a selector: match the text. */
	if (as->nlabels > 0 && !(own_name && own_ns))
		return false;
	for (i = 0; i < norm->n; i++) {
		const struct sel_req *q = &norm->reqs[i];

		if (q->op == SEL_IN && q->nvalues == 1 && q->from_match_labels) {
			if (!agent_text_has(as->selector, q->source, q->key,
			    q->values[0]))
				return false;
		} else if (!agent_text_has(as->selector, q->source, q->key,
		    NULL))
			return false;
	}
	return norm->n > 0;
}

/*
 * The agents' selector caches on this selector: evidence for each agent
 * that lists it without identities (at most two).  Returns the number of
 * agents that list it with no identity; *with_ids the number that list it
 * with some.
 */
static size_t
selector_cache_evidence(struct sc *sc, struct finding *f,
    const struct policy *p, const struct selector *norm, size_t *with_ids)
{
	struct model *m = sc->m;
	size_t i, j, empty = 0;

	*with_ids = 0;
	for (i = 0; i < m->nagents; i++) {
		const struct agent_selectors *s = m->agents[i].selectors;

		for (j = 0; s != NULL && j < s->nselectors; j++) {
			const struct agent_selector *as = &s->selectors[j];

			if (!agent_selector_is(as, p, norm))
				continue;
			if (as->nidentities > 0) {
				(*with_ids)++;
				continue;
			}
			if (f != NULL && empty < 2)
				finding_evidence(sc->ctx, f, s->path, as->line,
				    "policy selectors on %s: %s selects no "
				    "identity", m->agents[i].pod != NULL ?
				    m->agents[i].pod : m->agents[i].node != NULL ?
				    m->agents[i].node : "the agent",
				    as->selector);
			empty++;
		}
	}
	return empty;
}

/*
 * The subjects' BPF policy maps: evidence for each map that has no allow
 * entry for any of the peers in the element's direction (at most two).
 * Returns the number of such maps; *allowing counts maps that do allow
 * them (or allow every peer).
 */
static size_t
bpf_map_evidence(struct sc *sc, struct finding *f,
    const struct policy_elem *e, const size_t *sub, size_t nsub,
    const uint32_t *peers, size_t npeers, size_t *allowing)
{
	struct model *m = sc->m;
	size_t i, j, k, missing = 0;

	*allowing = 0;
	if (npeers == 0)
		return 0;
	for (i = 0; i < nsub; i++) {
		const struct model_endpoint *ep = &m->endpoints[sub[i]];
		const struct model_agent *a = check_agent_of_node(m, ep->node);
		const struct bpf_policy_map *map;
		bool allowed = false, known = true;
		size_t nentries = 0;

		if (ep->id == 0 || a == NULL || a->bpf_policy == NULL ||
		    (map = bpf_policy_find_map(a->bpf_policy, ep->id)) == NULL)
			continue;
		for (j = 0; j < map->nentries; j++) {
			const struct bpf_policy_entry *be = &map->entries[j];

			if (be->egress != (e->dir == DIR_EGRESS) || be->deny)
				continue;
			nentries++;
			if (!be->has_identity) {
				known = false;
				continue;
			}
			if (be->identity == 0)
				allowed = true;
			for (k = 0; k < npeers; k++)
				if (be->identity == peers[k])
					allowed = true;
		}
		if (allowed) {
			(*allowing)++;
			continue;
		}
		if (!known)
			continue;
		if (f != NULL && missing < 2)
			finding_evidence(sc->ctx, f, a->bpf_policy->path,
			    map->line, "bpf policy get: endpoint %u (%s/%s) has "
			    "%zu %s allow entr%s and none for identity %u",
			    ep->id, ep->ns != NULL ? ep->ns : "", ep->pod != NULL ?
			    ep->pod : "", nentries, e->dir == DIR_EGRESS ?
			    "egress" : "ingress", nentries == 1 ? "y" : "ies",
			    peers[0]);
		missing++;
	}
	return missing;
}

struct port_arg {
	const struct policy_elem *e;
};

/* Is the flow's destination port one of the element's? */
static bool
flow_on_elem_ports(const struct flow_record *fr, void *arg)
{
	const struct policy_elem *e = ((const struct port_arg *)arg)->e;
	size_t i, j;

	if (e->nto_ports == 0)
		return true;
	for (i = 0; i < e->nto_ports; i++) {
		const struct policy_ports *tp = &e->to_ports[i];

		if (tp->nports == 0)
			return true;
		for (j = 0; j < tp->nports; j++) {
			const struct policy_port *pp = &tp->ports[j];
			enum flow_l4_proto l4 = check_l4_of(pp->protocol);

			if (l4 != FLOW_L4_NONE && fr->l4 != l4)
				continue;
			/* A named port resolves per pod: any port. */
			if (pp->port == 0)
				return true;
			if (pp->end_port > pp->port ? (fr->dst_port >= pp->port &&
			    fr->dst_port <= pp->end_port) : fr->dst_port ==
			    pp->port)
				return true;
		}
	}
	return false;
}

/*
 * What the snapshot says about a peer selector that misses the peers
 * `peers` (endpoint indexes): the agents' selector caches, the subjects'
 * BPF policy maps and the Hubble drops from (ingress) or to (egress) the
 * peers on the element's ports.  Returns how many sources corroborate.
 */
static unsigned
corroborate_peer(struct sc *sc, struct finding *f, const struct policy *p,
    const struct policy_elem *e, const struct selector *norm,
    const size_t *sub, size_t nsub, const size_t *peers, size_t npeers)
{
	struct eval_flow_query q;
	struct port_arg pa;
	uint32_t *sub_ids, *peer_ids;
	size_t nsub_ids, npeer_ids, with_ids, allowing;
	unsigned n = 0;

	if (selector_cache_evidence(sc, f, p, norm, &with_ids) > 0)
		n++;
	sub_ids = identities_of(sc->m, sub, nsub, &nsub_ids);
	peer_ids = identities_of(sc->m, peers, npeers, &npeer_ids);
	if (bpf_map_evidence(sc, f, e, sub, nsub, peer_ids, npeer_ids,
	    &allowing) > 0)
		n++;
	if (sub_ids != NULL && peer_ids != NULL && !e->deny) {
		memset(&q, 0, sizeof(q));
		pa.e = e;
		q.dir = e->dir == DIR_INGRESS ? FLOW_DIR_INGRESS :
		    FLOW_DIR_EGRESS;
		q.local_ids = sub_ids;
		q.nlocal_ids = nsub_ids;
		q.peer_ids = peer_ids;
		q.npeer_ids = npeer_ids;
		q.pred = flow_on_elem_ports;
		q.arg = &pa;
		if (eval_flow_drops(sc->ctx, f, &q, EVAL_FLOW_EVIDENCE) > 0)
			n++;
		eval_flow_forwarded(sc->ctx, f, &q, 2);
	}
	free(sub_ids);
	free(peer_ids);
	return n;
}

/* Would this rule element's traffic be dropped without its allow? */
static bool
elem_blocks(struct sc *sc, const struct policy_rule *r,
    const struct policy_elem *e, const size_t *sub, size_t nsub)
{
	size_t i;

	if (e->deny || nsub == 0 ||
	    !policy_rule_default_deny(r, e->dir, sc->honor_dd))
		return false;
	for (i = 0; i < nsub; i++) {
		const struct model_endpoint *ep = &sc->m->endpoints[sub[i]];
		int en = e->dir == DIR_INGRESS ? ep->enforce_ingress :
		    ep->enforce_egress;

		/* Unknown counts as enforcing: a selected pod is. */
		if (en != ENFORCE_DISABLED && en != ENFORCE_AUDIT)
			return true;
	}
	return false;
}

/* --- NS-SUBJECT-OTHER-NS -------------------------------------------- */

enum subj_ns {
	SUBJ_NS_FINE,
	SUBJ_NS_IGNORED,	/* other namespaces listed, dropped */
	SUBJ_NS_OVERRIDDEN,	/* replaced by the policy's namespace */
	SUBJ_NS_NOTHING,	/* ANDed: the policy selects nothing */
};

/*
 * How the agent treats the namespace keys of a CNP endpointSelector
 * (ParseToCiliumRule: GetMatch then AddMatch, B.3).  *warns: whether the
 * agent logs "illegal namespace match".
 */
static enum subj_ns
subject_ns(const struct sc *sc, const struct policy *p,
    const struct policy_rule *r, bool *warns)
{
	enum subj_ns res = SUBJ_NS_FINE;
	size_t i, j;

	*warns = false;
	if (p->kind != POLICY_CNP || r->node_selector)
		return SUBJ_NS_FINE;
	for (i = 0; i < r->subject_raw.n; i++) {
		const struct sel_req *q = &r->subject_raw.reqs[i];
		enum subj_ns this = SUBJ_NS_FINE;
		bool others = false;

		if (!req_is_ns_key(sc, q))
			continue;
		for (j = 0; j < q->nvalues; j++)
			if (strcmp(q->values[j], p->ns) != 0)
				others = true;
		if (q->source == sc->k8s && q->op == SEL_IN) {
			/* GetMatch sees it; AddMatch overwrites matchLabels. */
			if (others || q->nvalues != 1)
				*warns = true;
			if (q->from_match_labels)
				this = others ? SUBJ_NS_OVERRIDDEN : SUBJ_NS_FINE;
			else
				this = !req_admits(q, p->ns) ? SUBJ_NS_NOTHING :
				    others ? SUBJ_NS_IGNORED : SUBJ_NS_FINE;
		} else if (!req_admits(q, p->ns))
			this = SUBJ_NS_NOTHING;
		else if (q->op == SEL_IN && others)
			this = SUBJ_NS_IGNORED;
		if (this > res)
			res = this;
	}
	return res;
}

/* The namespaces other than the policy's that its subject names. */
static void
subject_other_namespaces(const struct sc *sc, const struct policy *p,
    const struct policy_rule *r, struct buf *b, const char **first)
{
	size_t i, j, n = 0;

	*first = NULL;
	for (i = 0; i < r->subject_raw.n; i++) {
		const struct sel_req *q = &r->subject_raw.reqs[i];

		if (!req_is_ns_key(sc, q))
			continue;
		for (j = 0; j < q->nvalues; j++) {
			if (strcmp(q->values[j], p->ns) == 0)
				continue;
			buf_addf(b, "%s%s", n++ ? ", " : "", q->values[j]);
			if (*first == NULL)
				*first = q->values[j];
		}
	}
}

/* Agent warnings "illegal namespace match in EndpointSelector". */
static size_t
illegal_ns_log_lines(struct sc *sc, struct finding *f,
    const struct policy *p)
{
	struct model *m = sc->m;
	size_t i, n = 0;

	for (i = 0; i < m->nlog_events; i++) {
		const struct model_log_event *ev = &m->log_events[i];

		if (ev->msg == NULL || strstr(ev->msg, "illegal namespace "
		    "match in EndpointSelector") == NULL)
			continue;
		if (ev->policy_name != NULL && !check_streq(ev->policy_name,
		    p->name))
			continue;
		if (ev->policy_ns != NULL && !check_streq(ev->policy_ns, p->ns))
			continue;
		if (n++ < 2)
			finding_evidence(sc->ctx, f, ev->src.path, ev->src.line,
			    "%s", ev->msg);
	}
	return n;
}

/* The agent's own copy of the policy's rules (`policy get`). */
static void
agent_rule_evidence(struct sc *sc, struct finding *f,
    const struct policy *p)
{
	struct model *m = sc->m;
	size_t i, j;

	for (i = 0; i < m->nagents; i++) {
		const struct agent_rules *ar = m->agents[i].rules;

		for (j = 0; ar != NULL && j < ar->nrules; j++) {
			const struct agent_rule *r = &ar->rules[j];

			if (!check_streq(r->name, p->name) ||
			    !check_streq(r->namespace, p->ns))
				continue;
			finding_evidence(sc->ctx, f, ar->path, r->line,
			    "policy get: the agent's rule from %s/%s selects "
			    "k8s:io.kubernetes.pod.namespace=%s", p->ns,
			    p->name, p->ns);
			return;
		}
	}
}

void
check_ns_subject_other_ns(struct eval_ctx *ctx)
{
	struct sc sc;
	struct model *m = ctx->m;
	size_t i, j, k;

	sc_init(&sc, ctx);
	for (i = 0; i < m->npolicies; i++) {
		const struct policy *p = &m->policies[i];

		if (p->kind != POLICY_CNP || !check_policy_in_force(p))
			continue;
		for (j = 0; j < p->nrules; j++) {
			const struct policy_rule *r = &p->rules[j];
			struct buf others = BUF_INIT, names = BUF_INIT,
			    yaml = BUF_INIT, inames = BUF_INIT, msg = BUF_INIT;
			struct sel_req *v;
			size_t nv, *meant = NULL, nmeant = 0, nreal = 0;
			const size_t *real = NULL;
			const char *first;
			enum subj_ns how;
			struct finding *f;
			bool warns;

			how = subject_ns(&sc, p, r, &warns);
			if (how == SUBJ_NS_FINE)
				continue;
			subject_other_namespaces(&sc, p, r, &others, &first);
			/* The pods it was meant for: the rest, in those. */
			v = reqs_copy(&r->subject_raw);
			nv = r->subject_raw.n;
			for (k = nv; k-- > 0;)
				if (req_is_ns_key(&sc, &v[k]))
					reqs_remove(v, &nv, k);
			{
				size_t *all, nall, n2 = 0;

				all = reqs_match(m, v, nv, &nall);
				meant = nall ? xcalloc(nall, sizeof(*meant)) :
				    NULL;
				for (k = 0; k < nall; k++) {
					const struct model_endpoint *ep =
					    &m->endpoints[all[k]];
					size_t q;
					bool named = false;

					for (q = 0; q < r->subject_raw.n; q++)
						if (req_is_ns_key(&sc,
						    &r->subject_raw.reqs[q]) &&
						    ep->ns != NULL &&
						    strcmp(ep->ns, p->ns) != 0 &&
						    req_admits(&r->subject_raw.
						    reqs[q], ep->ns))
							named = true;
					if (named)
						meant[n2++] = all[k];
				}
				nmeant = n2;
				free(all);
			}
			if (how == SUBJ_NS_OVERRIDDEN || how == SUBJ_NS_IGNORED)
				real = model_selector_endpoints(m,
				    &r->subject, &nreal);
			f = eval_finding_new(ctx);
			f->cause = eval_policy_cause(ctx, p);
			check_policy_subject(ctx, f, p);
			check_affect_endpoints(ctx, f, meant, nmeant);
			check_affect_endpoints(ctx, f, real, nreal);
			check_endpoint_names(&names, m, meant, nmeant,
			    NAMES_MAX);
			check_endpoint_names(&inames, m, real, nreal,
			    NAMES_MAX);
			finding_evidence(ctx, f, p->src.path,
			    r->subject_raw.line ? r->subject_raw.line : r->line,
			    "endpointSelector: %s", r->subject_raw.text);
			f->log_lines = illegal_ns_log_lines(&sc, f, p);
			if (how == SUBJ_NS_OVERRIDDEN)
				agent_rule_evidence(&sc, f, p);
			if (how == SUBJ_NS_IGNORED)
				f->severity = SEV_MEDIUM;
			if (how == SUBJ_NS_NOTHING)
				finding_title(ctx, f, "%s names namespace %s in "
				    "its endpointSelector: it selects nothing",
				    check_policy_ref(ctx, p), others.ptr);
			else
				finding_title(ctx, f, "%s names namespace %s in "
				    "its endpointSelector: it applies to %s instead",
				    check_policy_ref(ctx, p), others.ptr,
				    p->ns);
			buf_addf(&msg, "The endpointSelector of %s names "
			    "namespace %s, but a CiliumNetworkPolicy only ever "
			    "applies to pods of its own namespace: the agent "
			    "always adds k8s:io.kubernetes.pod.namespace=%s to "
			    "it. ", check_policy_ref(ctx, p), others.ptr,
			    p->ns);
			if (how == SUBJ_NS_NOTHING)
				buf_addf(&msg, "Written this way (%s), the "
				    "namespace match is ANDed with the forced one, "
				    "so the policy selects no endpoint at all.",
				    r->subject_raw.text);
			else
				buf_addf(&msg, "%s, so the policy applies to %s "
				    "instead.", how == SUBJ_NS_OVERRIDDEN ? "The "
				    "k8s: match is overwritten (the agent logs "
				    "\"illegal namespace match in "
				    "EndpointSelector\")" : "The other namespaces "
				    "are dropped", nreal ? inames.ptr : "no pod");
			if (nmeant)
				buf_addf(&msg, " The pods it was meant for (%s) "
				    "are not selected: its allows and its default "
				    "deny do not apply to them.", names.ptr);
			finding_message(ctx, f, "%s", msg.ptr);
			buf_addf(&yaml, "apiVersion: cilium.io/v2\nkind: "
			    "CiliumNetworkPolicy\nmetadata:\n  name: %s\n  "
			    "namespace: %s\nspec:\n  endpointSelector:\n",
			    p->name, first != NULL ? first : p->ns);
			reqs_yaml(&yaml, v, nv, false, 4);
			finding_remediation(ctx, f, "Create the policy in the "
			    "namespace it is meant for and drop the namespace "
			    "key from its endpointSelector (or use a "
			    "CiliumClusterwideNetworkPolicy, whose "
			    "endpointSelector may name namespaces):\n\n%s"
			    "  ...\n\nthen delete %s/%s.", yaml.ptr, p->ns,
			    p->name);
			free(v);
			free(meant);
			buf_release(&others);
			buf_release(&names);
			buf_release(&inames);
			buf_release(&yaml);
			buf_release(&msg);
		}
	}
}

/* --- selectors that match nothing ----------------------------------- */

/* Is the subject's selector NS-SUBJECT-OTHER-NS's to report? */
static bool
subject_names_other_ns(const struct sc *sc, const struct policy *p,
    const struct policy_rule *r)
{
	bool warns;

	return subject_ns(sc, p, r, &warns) != SUBJ_NS_FINE;
}

/*
 * NS-PEER-IMPLICIT's case: a CNP peer selector without a namespace key,
 * matching nothing in the policy's namespace while the same labels exist
 * in other namespaces.  Returns those endpoints (heap), *np their count;
 * NULL when it is not the case.
 */
static size_t *
implicit_ns_peers(struct sc *sc, const struct policy *p,
    const struct selector *raw, const struct selector *norm, size_t *np)
{
	struct sel_req *v;
	size_t n, k, *idx;

	*np = 0;
	if (p->kind != POLICY_CNP || raw->n == 0 ||
	    selector_has_source(raw, "reserved") ||
	    selector_has_key(raw, NS_KEY, "k8s") ||
	    selector_has_key_prefix(raw, NS_LABELS))
		return NULL;
	(void)model_selector_endpoints(sc->m, norm, &n);
	if (n > 0)
		return NULL;
	v = reqs_copy(norm);
	n = norm->n;
	for (k = n; k-- > 0;)
		if (v[k].key == sc->ns_key && req_injected(sc, raw, &v[k]))
			reqs_remove(v, &n, k);
	if (n == norm->n) {
		free(v);
		return NULL;
	}
	idx = reqs_match(sc->m, v, n, np);
	free(v);
	return idx;
}

/* Does the selector only say "in these namespaces" (or nothing at all)? */
static bool
only_namespace_reqs(const struct sc *sc, const struct selector *raw,
    const struct selector *norm)
{
	size_t i;

	for (i = 0; i < norm->n; i++) {
		const struct sel_req *q = &norm->reqs[i];

		if (q->key == sc->cluster_key && req_injected(sc, raw, q))
			continue;
		if (q->key == sc->ns_key && q->op == SEL_EXISTS)
			continue;
		if (q->key == sc->ns_key && req_injected(sc, raw, q))
			continue;
		return false;
	}
	return true;
}

/*
 * The namespaces a selector's namespace requirements admit (by name and
 * by namespace labels), when they all exist and none has an endpoint:
 * the peers may simply not run right now.  Returns the first such
 * namespace, or NULL.
 */
static const char *
namespace_without_pods(struct sc *sc, const struct selector *norm,
    size_t *nns)
{
	struct model *m = sc->m;
	const char *first = NULL;
	size_t i, j, k, nsreqs = 0;

	*nns = 0;
	for (j = 0; j < norm->n; j++)
		if (norm->reqs[j].key == sc->ns_key ||
		    strncmp(norm->reqs[j].key, NS_LABELS,
		    strlen(NS_LABELS)) == 0)
			nsreqs++;
	if (nsreqs == 0 || m->nnamespaces == 0)
		return NULL;
	for (i = 0; i < m->nnamespaces; i++) {
		const struct k8s_namespace *ns = &m->namespaces[i];
		bool ok = true;

		for (j = 0; j < norm->n && ok; j++) {
			const struct sel_req *q = &norm->reqs[j];

			if (q->key == sc->ns_key)
				ok = req_admits(q, ns->name);
			else if (strncmp(q->key, NS_LABELS,
			    strlen(NS_LABELS)) == 0)
				ok = req_admits(q, labelset_get(&ns->labels,
				    "any", q->key + strlen(NS_LABELS)));
		}
		if (!ok)
			continue;
		for (k = 0; k < m->nendpoints; k++)
			if (check_streq(m->endpoints[k].ns, ns->name))
				return NULL;
		if (first == NULL)
			first = ns->name;
		(*nns)++;
	}
	return first;
}

enum sug_kind {
	SUG_NONE,
	SUG_VALUE,	/* another value of the same key */
	SUG_KEY,	/* another key with the same value */
	SUG_SOURCE,	/* the label has another source */
	SUG_NSNAME,	/* the value is a namespace's name */
	SUG_NSLABEL,	/* the label is on the namespace, not on its pods */
	SUG_OTHERNS,	/* the pods live in another namespace (KNP) */
};

/* A repair of a selector that matches nothing: "did you mean ...". */
struct sug {
	enum sug_kind	 kind;
	size_t		 dist;
	struct sel_req	 from;		/* the requirement as written */
	struct sel_req	 to;		/* what to write instead */
	const char	*label_source;	/* SUG_SOURCE: the label's source */
	const char	*ns;		/* NSNAME, NSLABEL, OTHERNS */
	struct sel_req	*fixed;		/* the repaired selector (heap) */
	size_t		 nfixed;
	size_t		*idx;		/* the endpoints it selects (heap) */
	size_t		 n;
};

static void
sug_release(struct sug *s)
{
	free(s->fixed);
	free(s->idx);
	memset(s, 0, sizeof(*s));
}

/*
 * norm with requirement i replaced by `to` (removed when to is NULL), and
 * the injected namespace requirement dropped when drop_ns; heap.
 */
static struct sel_req *
reqs_replace(struct sc *sc, const struct selector *raw,
    const struct selector *norm, size_t i, const struct sel_req *to,
    bool drop_ns, size_t *np)
{
	struct sel_req *v = reqs_copy(norm);
	size_t n = norm->n, k;

	if (to != NULL)
		v[i] = *to;
	else {
		reqs_remove(v, &n, i);
	}
	if (drop_ns)
		for (k = n; k-- > 0;)
			if (v[k].key == sc->ns_key && (to == NULL ||
			    v[k].values != to->values) &&
			    req_injected(sc, raw, &v[k]))
				reqs_remove(v, &n, k);
	*np = n;
	return v;
}

/* Keep candidate c when it selects something and beats best. */
static void
sug_offer(struct sc *sc, struct sug *best, struct sug *c)
{
	c->idx = reqs_match(sc->m, c->fixed, c->nfixed, &c->n);
	if (c->n == 0 || (best->kind != SUG_NONE && c->dist >= best->dist)) {
		sug_release(c);
		return;
	}
	sug_release(best);
	*best = *c;
}

static const char **
one_value(struct sc *sc, const char *v)
{
	const char **vals = arena_calloc(sc->m->a, 1, sizeof(*vals));

	vals[0] = intern(sc->m->st, v);
	return vals;
}

/* A value of the same key, close to the one written, on the pool. */
static void
try_value(struct sc *sc, const struct selector *raw,
    const struct selector *norm, size_t i, const size_t *pool,
    size_t npool, struct sug *best)
{
	const struct sel_req *q = &norm->reqs[i];
	const char *v, *bv = NULL;
	size_t k, lim, bd = SIZE_MAX, d;
	struct sug c;

	if (q->op != SEL_IN || q->nvalues != 1)
		return;
	v = q->values[0];
	lim = dist_limit(sc, v);
	for (k = 0; k < npool; k++) {
		const char *val = labelset_get(&sc->m->endpoints[pool[k]].labels,
		    q->source, q->key);

		if (val == NULL || strcmp(val, v) == 0)
			continue;
		d = edit_distance(v, val, lim);
		if (d > lim || (d >= strlen(v) && d > 0))
			continue;
		if (d < bd || (d == bd && strcmp(val, bv) < 0)) {
			bd = d;
			bv = val;
		}
	}
	if (bv == NULL)
		return;
	memset(&c, 0, sizeof(c));
	c.kind = SUG_VALUE;
	c.dist = bd;
	c.from = *q;
	c.to = *q;
	c.to.values = one_value(sc, bv);
	c.fixed = reqs_replace(sc, raw, norm, i, &c.to, false, &c.nfixed);
	sug_offer(sc, best, &c);
}

/* A key close to the one written, with the value written, on the pool. */
static void
try_key(struct sc *sc, const struct selector *raw,
    const struct selector *norm, size_t i, const size_t *pool,
    size_t npool, struct sug *best)
{
	const struct sel_req *q = &norm->reqs[i];
	const struct label *bl = NULL;
	size_t k, j, lim, bd = SIZE_MAX, d;
	struct sug c;

	if (!((q->op == SEL_IN && q->nvalues == 1) || q->op == SEL_EXISTS))
		return;
	lim = dist_limit(sc, q->key);
	for (k = 0; k < npool; k++) {
		const struct labelset *ls = &sc->m->endpoints[pool[k]].labels;

		for (j = 0; j < ls->n; j++) {
			const struct label *l = &ls->v[j];

			if (l->key == q->key || (!label_source_is_any(q->source)
			    && l->source != q->source))
				continue;
			if (q->op == SEL_IN && edit_distance(l->value,
			    q->values[0], 0) != 0)
				continue;
			d = edit_distance(q->key, l->key, lim);
			if (d > lim || (d >= strlen(q->key) && d > 0))
				continue;
			if (d < bd || (d == bd && strcmp(l->key, bl->key) < 0)) {
				bd = d;
				bl = l;
			}
		}
	}
	if (bl == NULL)
		return;
	memset(&c, 0, sizeof(c));
	c.kind = SUG_KEY;
	c.dist = bd;
	c.from = *q;
	c.to = *q;
	c.to.key = bl->key;
	if (q->op == SEL_IN)
		c.to.values = one_value(sc, bl->value);
	c.fixed = reqs_replace(sc, raw, norm, i, &c.to, false, &c.nfixed);
	sug_offer(sc, best, &c);
}

/* The label exists with the value written, under another source. */
static void
try_source(struct sc *sc, const struct selector *raw,
    const struct selector *norm, size_t i, const size_t *pool,
    size_t npool, struct sug *best)
{
	const struct sel_req *q = &norm->reqs[i];
	const char *src = NULL;
	size_t k, j;
	struct sug c;

	if (label_source_is_any(q->source))
		return;
	for (k = 0; k < npool && src == NULL; k++) {
		const struct labelset *ls = &sc->m->endpoints[pool[k]].labels;

		for (j = 0; j < ls->n; j++)
			if (ls->v[j].key == q->key && ls->v[j].source !=
			    q->source && req_admits(q, ls->v[j].value)) {
				src = ls->v[j].source;
				break;
			}
	}
	if (src == NULL)
		return;
	memset(&c, 0, sizeof(c));
	c.kind = SUG_SOURCE;
	c.dist = 0;
	c.from = *q;
	c.to = *q;
	c.to.source = sc->any;
	c.label_source = src;
	c.fixed = reqs_replace(sc, raw, norm, i, &c.to, false, &c.nfixed);
	sug_offer(sc, best, &c);
}

static const char *
m_ns(const struct sc *sc, size_t i)
{
	return sc->m->endpoints[i].ns;
}

static bool
namespace_exists(const struct model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nnamespaces; i++)
		if (check_streq(m->namespaces[i].name, name))
			return true;
	for (i = 0; i < m->nendpoints; i++)
		if (check_streq(m->endpoints[i].ns, name))
			return true;
	return false;
}

/* The value written is a namespace's name: select the namespace. */
static void
try_nsname(struct sc *sc, const struct selector *raw,
    const struct selector *norm, size_t i, struct sug *best)
{
	const struct sel_req *q = &norm->reqs[i];
	struct sug c;

	if (q->op != SEL_IN || q->nvalues != 1 || q->key == sc->ns_key ||
	    !namespace_exists(sc->m, q->values[0]))
		return;
	memset(&c, 0, sizeof(c));
	c.kind = SUG_NSNAME;
	c.dist = 1;
	c.from = *q;
	c.to.source = sc->k8s;
	c.to.key = sc->ns_key;
	c.to.op = SEL_IN;
	c.to.values = one_value(sc, q->values[0]);
	c.to.nvalues = 1;
	c.to.from_match_labels = true;
	c.ns = q->values[0];
	c.fixed = reqs_replace(sc, raw, norm, i, &c.to, true, &c.nfixed);
	sug_offer(sc, best, &c);
}

/* The label written is a label of a Namespace, not of its pods. */
static void
try_nslabel(struct sc *sc, const struct policy *p,
    const struct selector *raw, const struct selector *norm, size_t i,
    struct sug *best)
{
	const struct sel_req *q = &norm->reqs[i];
	const struct k8s_namespace *ns = NULL;
	struct sug c;
	size_t k;

	if (q->op != SEL_IN || q->nvalues != 1 || q->key == sc->ns_key ||
	    strncmp(q->key, NS_LABELS, strlen(NS_LABELS)) == 0)
		return;
	for (k = 0; k < sc->m->nnamespaces && ns == NULL; k++)
		if (check_streq(labelset_get(&sc->m->namespaces[k].labels,
		    "any", q->key), q->values[0]))
			ns = &sc->m->namespaces[k];
	if (ns == NULL)
		return;
	memset(&c, 0, sizeof(c));
	c.kind = SUG_NSLABEL;
	c.dist = 1;
	c.from = *q;
	c.ns = ns->name;
	c.to.source = sc->k8s;
	c.to.op = SEL_IN;
	c.to.nvalues = 1;
	c.to.from_match_labels = true;
	if (p->kind == POLICY_CNP && !model_version_at_least(sc->m, 1, 16)) {
		/* Before 1.16 a CNP peer cannot use namespace labels. */
		c.to.key = sc->ns_key;
		c.to.values = one_value(sc, ns->name);
	} else {
		c.to.key = intern(sc->m->st, arena_printf(sc->m->a, "%s%s",
		    NS_LABELS, q->key));
		c.to.values = q->values;
	}
	c.fixed = reqs_replace(sc, raw, norm, i, &c.to,
	    p->kind != POLICY_CCNP, &c.nfixed);
	sug_offer(sc, best, &c);
}

/* A KNP podSelector alone: the pods are in another namespace. */
static void
try_otherns(struct sc *sc, const struct policy *p,
    const struct selector *raw, const struct selector *norm,
    struct sug *best)
{
	size_t k, n, *idx;
	struct sel_req *v;
	struct sug c;

	for (k = 0; k < norm->n; k++)
		if (norm->reqs[k].key == sc->ns_key &&
		    req_injected(sc, raw, &norm->reqs[k]))
			break;
	if (p->kind != POLICY_KNP || k == norm->n || raw->n == 0)
		return;
	v = reqs_replace(sc, raw, norm, k, NULL, false, &n);
	idx = reqs_match(sc->m, v, n, &n);
	free(v);
	if (n == 0 || m_ns(sc, idx[0]) == NULL) {
		free(idx);
		return;
	}
	memset(&c, 0, sizeof(c));
	c.kind = SUG_OTHERNS;
	c.dist = 2;
	c.from = norm->reqs[k];
	c.ns = m_ns(sc, idx[0]);
	free(idx);
	c.to.source = sc->k8s;
	c.to.key = sc->ns_key;
	c.to.op = SEL_IN;
	c.to.values = one_value(sc, c.ns);
	c.to.nvalues = 1;
	c.to.from_match_labels = true;
	c.fixed = reqs_replace(sc, raw, norm, k, &c.to, false, &c.nfixed);
	sug_offer(sc, best, &c);
}

/*
 * The best repair of a selector that matches nothing.  A requirement is
 * the culprit when the selector without it matches: the endpoints that
 * satisfy the rest are where the author's labels should have been.
 */
static void
suggest(struct sc *sc, const struct policy *p, const struct selector *raw,
    const struct selector *norm, struct sug *best)
{
	struct sel_req *v;
	size_t i, n, npool, *pool;

	memset(best, 0, sizeof(*best));
	for (i = 0; i < norm->n; i++) {
		if (req_injected(sc, raw, &norm->reqs[i]))
			continue;
		v = reqs_replace(sc, raw, norm, i, NULL, false, &n);
		pool = reqs_match(sc->m, v, n, &npool);
		free(v);
		if (npool > 0) {
			try_value(sc, raw, norm, i, pool, npool, best);
			try_key(sc, raw, norm, i, pool, npool, best);
			try_source(sc, raw, norm, i, pool, npool, best);
		}
		free(pool);
	}
	for (i = 0; i < norm->n; i++) {
		if (req_injected(sc, raw, &norm->reqs[i]))
			continue;
		try_nslabel(sc, p, raw, norm, i, best);
		try_nsname(sc, raw, norm, i, best);
	}
	try_otherns(sc, p, raw, norm, best);
}

/* "did you mean app=frontend?" and why. */
static void
sug_text(struct sc *sc, const struct policy *p, const struct sug *s,
    struct buf *b, struct buf *short_text)
{
	struct buf from = BUF_INIT, to = BUF_INIT;

	req_text_user(sc, p, &s->from, &from);
	req_text_user(sc, p, &s->to, &to);
	switch (s->kind) {
	case SUG_NONE:
		break;
	case SUG_VALUE:
	case SUG_KEY:
		buf_addf(short_text, "did you mean %s?", to.ptr);
		if (s->dist == 0)
			buf_addf(b, "Did you mean %s? Label keys and values "
			    "are case-sensitive: %s differs from it only in "
			    "case.", to.ptr, from.ptr);
		else
			buf_addf(b, "Did you mean %s? It is %zu edit%s away "
			    "from %s.", to.ptr, s->dist, s->dist == 1 ? "" :
			    "s", from.ptr);
		break;
	case SUG_SOURCE:
		buf_addf(short_text, "did you mean %s?", to.ptr);
		buf_addf(b, "Did you mean %s? The pods carry %s:%s; a key "
		    "prefixed %s: only matches labels of that source.",
		    to.ptr, s->label_source, s->from.key, s->from.source);
		break;
	case SUG_NSNAME:
		buf_addf(short_text, "did you mean %s?", to.ptr);
		buf_addf(b, "%s is the name of a namespace, not a %s label: "
		    "did you mean %s?", s->from.values[0],
		    strncmp(s->from.key, NS_LABELS, strlen(NS_LABELS)) == 0 ?
		    "namespace" : "pod", to.ptr);
		break;
	case SUG_NSLABEL:
		buf_addf(short_text, "%s is a label of namespace %s",
		    from.ptr, s->ns);
		if (s->to.key == sc->ns_key)
			buf_addf(b, "%s is a label of namespace %s, not of its "
			    "pods; before Cilium 1.16 a CiliumNetworkPolicy "
			    "peer cannot select namespaces by label (the agent "
			    "still adds its own namespace), so name the "
			    "namespace: %s.", from.ptr, s->ns, to.ptr);
		else
			buf_addf(b, "%s is a label of namespace %s, not of its "
			    "pods; pods carry their namespace's labels as %s, "
			    "so select it as %s.", from.ptr, s->ns,
			    NS_LABELS "<key>", to.ptr);
		break;
	case SUG_OTHERNS:
		buf_addf(short_text, "the pods are in namespace %s", s->ns);
		buf_addf(b, "Pods with these labels run in namespace %s, but "
		    "a podSelector alone only selects pods of the policy's "
		    "own namespace (%s): add a namespaceSelector.", s->ns,
		    p->ns);
		break;
	}
	if (s->kind != SUG_NONE) {
		buf_addstr(b, " The corrected selector matches ");
		check_endpoint_names(b, sc->m, s->idx, s->n, NAMES_MAX);
		buf_addch(b, '.');
	}
	buf_release(&from);
	buf_release(&to);
}

/* What to change, for the remediation: "Write app=web instead of ...". */
static void
sug_action(struct sc *sc, const struct policy *p, const struct sug *s,
    struct buf *b)
{
	struct buf from = BUF_INIT, to = BUF_INIT;

	req_text_user(sc, p, &s->from, &from);
	req_text_user(sc, p, &s->to, &to);
	switch (s->kind) {
	case SUG_NONE:
		break;
	case SUG_VALUE:
	case SUG_KEY:
	case SUG_SOURCE:
		buf_addf(b, "Write %s instead of %s", to.ptr, from.ptr);
		break;
	case SUG_NSNAME:
	case SUG_NSLABEL:
		buf_addf(b, "Select namespace %s by %s instead of %s", s->ns,
		    to.ptr, from.ptr);
		break;
	case SUG_OTHERNS:
		buf_addf(b, "Add a namespaceSelector for namespace %s", s->ns);
		break;
	}
	buf_release(&from);
	buf_release(&to);
}

/*
 * The YAML of a repaired selector as its author writes it: the repaired
 * requirements without the ones the agent injects (but with the new
 * namespace one).  A KNP peer is split into podSelector and
 * namespaceSelector.
 */
static void
fixed_yaml(struct sc *sc, const struct policy *p, const struct selector *raw,
    const struct sel_req *v, size_t n, const struct sel_req *to,
    int ind, bool list_item, struct buf *b)
{
	struct sel_req *pod = xcalloc(n + 1, sizeof(*pod));
	struct sel_req *ns = xcalloc(n + 1, sizeof(*ns));
	struct buf t = BUF_INIT;
	size_t i, npod = 0, nns = 0;

	for (i = 0; i < n; i++) {
		const struct sel_req *q = &v[i];
		bool mine = to != NULL && q->key == to->key &&
		    q->values == to->values;

		if (!mine && req_injected(sc, raw, q) &&
		    !(p->kind == POLICY_KNP && q->key == sc->ns_key &&
		    q->op == SEL_EXISTS))
			continue;
		if (p->kind == POLICY_KNP && q->key == sc->ns_key) {
			ns[nns] = *q;
			ns[nns].key = NS_NAME_LABEL;
			ns[nns++].source = sc->k8s;
		} else if (p->kind == POLICY_KNP && strncmp(q->key, NS_LABELS,
		    strlen(NS_LABELS)) == 0) {
			ns[nns] = *q;
			ns[nns++].key = q->key + strlen(NS_LABELS);
		} else
			pod[npod++] = *q;
	}
	if (p->kind != POLICY_KNP)
		reqs_yaml(&t, pod, npod, false, ind);
	else {
		/* A peer with only a namespaceSelector keeps only that. */
		if (npod > 0 || nns == 0 || raw->n > 0) {
			buf_addf(&t, "%*spodSelector:%s\n", ind, "",
			    npod == 0 ? " {}" : "");
			if (npod > 0)
				reqs_yaml(&t, pod, npod, true, ind + 2);
		}
		if (nns > 0) {
			buf_addf(&t, "%*snamespaceSelector:\n", ind, "");
			/* `namespaceSelector: {}` is every namespace. */
			if (nns == 1 && ns[0].op == SEL_EXISTS &&
			    strcmp(ns[0].key, NS_NAME_LABEL) == 0) {
				buf_truncate(&t, t.len - 1);
				buf_addstr(&t, " {}\n");
			} else
				reqs_yaml(&t, ns, nns, true, ind + 2);
		}
	}
	if (list_item && t.len > (size_t)ind && ind >= 2)
		t.ptr[ind - 2] = '-';
	buf_addstr(b, t.ptr);
	buf_release(&t);
	free(pod);
	free(ns);
}

/* Where the policy's line of a selector is. */
static unsigned long
selector_line(const struct policy *p, const struct selector *raw,
    unsigned long fallback)
{
	if (raw->line != 0)
		return raw->line;
	return fallback != 0 ? fallback : p->src.line;
}

/* What a selector is limited to: "namespace shop", "the cluster". */
static void
scope_text(struct sc *sc, const struct selector *norm, struct buf *b)
{
	size_t i, j;

	for (i = 0; i < norm->n; i++) {
		const struct sel_req *q = &norm->reqs[i];

		if (q->key != sc->ns_key || q->op != SEL_IN)
			continue;
		buf_addstr(b, q->nvalues == 1 ? "namespace " : "namespaces ");
		for (j = 0; j < q->nvalues; j++)
			buf_addf(b, "%s%s", j ? ", " : "", q->values[j]);
		return;
	}
	buf_addstr(b, "the cluster");
}

/*
 * A selector as its author wrote it, for messages: the text of a CNP or
 * CCNP selector; for a KNP peer its podSelector and namespaceSelector
 * (the agent merges them into one selector).  In the findings' arena.
 */
static const char *
sel_display(struct sc *sc, const struct policy *p, const struct selector *raw,
    const struct selector *norm)
{
	struct buf pod = BUF_INIT, ns = BUF_INIT, out = BUF_INIT;
	const char *r;
	size_t i;

	if (p->kind != POLICY_KNP)
		return arena_printf(sc->ctx->out->a, raw->n ? "{%s}" : "%s",
		    raw->text);
	for (i = 0; i < norm->n; i++) {
		struct sel_req q = norm->reqs[i];
		struct buf *b = &pod;

		if (req_injected(sc, raw, &q) && !(q.key == sc->ns_key &&
		    q.op == SEL_EXISTS))
			continue;
		if (q.key == sc->ns_key) {
			if (q.op == SEL_EXISTS)
				continue;
			q.key = NS_NAME_LABEL;
			b = &ns;
		} else if (strncmp(q.key, NS_LABELS, strlen(NS_LABELS)) == 0) {
			q.key += strlen(NS_LABELS);
			b = &ns;
		}
		if (q.source == sc->k8s)
			q.source = sc->any;
		if (b->len > 0)
			buf_addstr(b, ", ");
		req_text(b, &q);
	}
	if (pod.len > 0 || ns.len == 0)
		buf_addf(&out, "podSelector {%s}", pod.ptr);
	if (ns.len > 0)
		buf_addf(&out, "%snamespaceSelector {%s}", pod.len ? " + " : "",
		    ns.ptr);
	r = arena_strdup(sc->ctx->out->a, out.ptr);
	buf_release(&pod);
	buf_release(&ns);
	buf_release(&out);
	return r;
}

/* One finding per policy and selector: later sites add their line. */
struct seen {
	const struct policy	*p;
	const char		*text;
	bool			 subject;
	size_t			 finding;
};

struct seen_list {
	struct seen	*v;
	size_t		 n;
	size_t		 cap;
};

static struct finding *
seen_find(struct sc *sc, struct seen_list *sl, const struct policy *p,
    const char *text, bool subject)
{
	size_t i;

	for (i = 0; i < sl->n; i++)
		if (sl->v[i].p == p && sl->v[i].subject == subject &&
		    check_streq(sl->v[i].text, text))
			return sl->v[i].finding < sc->ctx->out->n ?
			    &sc->ctx->out->v[sl->v[i].finding] : NULL;
	return NULL;
}

static void
seen_add(struct sc *sc, struct seen_list *sl, const struct policy *p,
    const char *text, bool subject, const struct finding *f)
{
	sl->v = xgrow(sl->v, &sl->cap, sl->n + 1, sizeof(*sl->v));
	sl->v[sl->n].p = p;
	sl->v[sl->n].text = text;
	sl->v[sl->n].subject = subject;
	sl->v[sl->n].finding = (size_t)(f - sc->ctx->out->v);
	sl->n++;
}

/*
 * A selector of policy p (the subject when e is NULL) that matches no
 * endpoint: report it unless it legitimately selects no pod.
 */
static void
no_match(struct sc *sc, struct seen_list *sl, const struct policy *p,
    const struct policy_rule *r, const struct policy_elem *e,
    const struct selector *raw, const struct selector *norm)
{
	struct eval_ctx *ctx = sc->ctx;
	struct model *m = sc->m;
	struct buf why = BUF_INIT, shorts = BUF_INIT, scope = BUF_INIT;
	struct buf msg = BUF_INIT, ports = BUF_INIT, names = BUF_INIT;
	struct buf yaml = BUF_INIT, action = BUF_INIT;
	const size_t *sub = NULL;
	size_t nsub = 0, nempty_ns = 0, with_ids, *other;
	const char *empty_ns;
	struct finding *f;
	struct sug sug;
	unsigned corr = 0;
	bool blocks;
	const char *disp;

	/* Entities and reserved identities are not pods. */
	if (selector_has_source(raw, "reserved") ||
	    only_namespace_reqs(sc, raw, norm))
		return;
	disp = sel_display(sc, p, raw, norm);
	if ((f = seen_find(sc, sl, p, norm->text, e == NULL)) != NULL) {
		finding_evidence(ctx, f, p->src.path, selector_line(p, raw,
		    e != NULL ? e->line : r->line), "%s%s%s: %s", e != NULL ?
		    check_section_name(e) : "endpointSelector",
		    e != NULL ? " " : "", e != NULL ? peer_field(p, e) : "",
		    disp);
		return;
	}
	/* NS-PEER-IMPLICIT's to report. */
	if (e != NULL && (other = implicit_ns_peers(sc, p, raw, norm,
	    &with_ids)) != NULL) {
		free(other);
		return;
	}
	/* The agent sees identities for it (remote clusters, ...). */
	if (e != NULL) {
		(void)selector_cache_evidence(sc, NULL, p, norm, &with_ids);
		if (with_ids > 0)
			return;
	}
	if (e != NULL)
		sub = model_selector_endpoints(m, &r->subject, &nsub);
	empty_ns = namespace_without_pods(sc, norm, &nempty_ns);
	suggest(sc, p, raw, norm, &sug);
	f = eval_finding_new(ctx);
	seen_add(sc, sl, p, norm->text, e == NULL, f);
	f->cause = eval_policy_cause(ctx, p);
	check_policy_subject(ctx, f, p);
	scope_text(sc, norm, &scope);
	if (sug.kind != SUG_NONE)
		sug_text(sc, p, &sug, &why, &shorts);
	if (e != NULL)
		check_ports_text(&ports, e, "any port", "any port",
		    CHECK_PORT_NO_ANY);
	blocks = e != NULL && elem_blocks(sc, r, e, sub, nsub);
	finding_evidence(ctx, f, p->src.path, selector_line(p, raw,
	    e != NULL ? e->line : r->line), "%s%s%s: %s", e != NULL ?
	    check_section_name(e) : "endpointSelector", e != NULL ? " " : "",
	    e != NULL ? peer_field(p, e) : "", disp);
	if (e == NULL) {
		/* A subject that matches nothing: the policy does nothing. */
		f->severity = SEV_MEDIUM;
		check_affect_endpoints(sc->ctx, f, sug.idx, sug.n);
		finding_title(ctx, f, "%s: endpointSelector %s selects no "
		    "endpoint%s%s%s", check_policy_ref(ctx, p), disp,
		    shorts.len ? " (" : "", shorts.ptr, shorts.len ? ")" : "");
		buf_addf(&msg, "The endpointSelector %s of %s matches no "
		    "endpoint in %s, so the policy applies to nothing: none "
		    "of its rules, and none of the default deny it would "
		    "put in place, is in force for any pod.", disp,
		    check_policy_ref(ctx, p), scope.ptr);
	} else {
		check_affect_endpoints(sc->ctx, f, sub, nsub);
		check_affect_endpoints(sc->ctx, f, sug.idx, sug.n);
		check_endpoint_names(&names, m, sub, nsub, NAMES_MAX);
		if (blocks)
			f->severity = SEV_HIGH;
		else
			f->severity = SEV_MEDIUM;
		finding_title(ctx, f, "%s: %s %s %s matches no endpoint%s%s"
		    "%s", check_policy_ref(ctx, p), check_section_name(e),
		    peer_field(p, e), disp, shorts.len ? " (" : "",
		    shorts.ptr, shorts.len ? ")" : "");
		buf_addf(&msg, "The %s rule of %s %s %s %s on %s, but no "
		    "endpoint in %s carries those labels, so the rule %s "
		    "nothing", check_section_name(e), check_policy_ref(ctx, p),
		    e->deny ? "denies" : "allows", peer_field(p, e),
		    disp, ports.ptr, scope.ptr, e->deny ? "denies" :
		    "allows");
		if (blocks)
			buf_addf(&msg, " while the policy still puts the %zu "
			    "endpoint%s it selects (%s) into %s default deny: "
			    "their %s traffic %s the intended peers is "
			    "dropped.", nsub, nsub == 1 ? "" : "s", names.ptr,
			    e->dir == DIR_INGRESS ? "ingress" : "egress",
			    e->dir == DIR_INGRESS ? "ingress" : "egress",
			    e->dir == DIR_INGRESS ? "from" : "to");
		else if (nsub == 0)
			buf_addstr(&msg, " (and the policy selects no endpoint "
			    "either).");
		else
			buf_addstr(&msg, ".");
		corr = corroborate_peer(sc, f, p, e, norm, sub, nsub, sug.idx,
		    sug.n);
	}
	if (why.len)
		buf_addf(&msg, " %s", why.ptr);
	if (sug.kind == SUG_NONE && empty_ns != NULL) {
		/* The peers may just not be running now. */
		f->severity = SEV_LOW;
		f->confidence = 0.5;
		buf_addf(&msg, " Namespace %s%s exist%s but has no pods right "
		    "now; the selector may be right and its pods not "
		    "deployed.", empty_ns, nempty_ns > 1 ? " (and others)" :
		    "", nempty_ns > 1 ? "" : "s");
	} else if (sug.kind == SUG_NONE) {
		f->confidence = corr > 0 ? 0.9 : 0.7;
		buf_addstr(&msg, " No existing label is close to what it "
		    "asks for; the pods it means may not exist yet or may be "
		    "scaled to zero.");
	}
	if (sc->mesh && e != NULL) {
		/* Remote clusters' pods are not in this sysdump. */
		f->confidence = sug.kind != SUG_NONE ? 0.7 : 0.4;
		buf_addstr(&msg, " Clustermesh is configured: pods of remote "
		    "clusters are not in this snapshot and may match it.");
	}
	if (f->drops > 0)
		buf_addf(&msg, " %s recorded %lu packet%s of that traffic "
		    "dropped by policy.", eval_flow_recorded_by(ctx,
		    f->drop_sources), f->drops, f->drops == 1 ? "" : "s");
	finding_message(ctx, f, "%s", msg.ptr);
	if (sug.kind != SUG_NONE) {
		if (e != NULL) {
			buf_addf(&yaml, "%s:\n- %s:\n", check_section_name(e),
			    peer_field(p, e));
			fixed_yaml(sc, p, raw, sug.fixed, sug.nfixed, &sug.to, 4,
			    true, &yaml);
		} else if (p->kind == POLICY_KNP) {
			buf_addstr(&yaml, "spec:\n");
			fixed_yaml(sc, p, raw, sug.fixed, sug.nfixed, &sug.to, 2,
			    false, &yaml);
		} else {
			buf_addstr(&yaml, "spec:\n  endpointSelector:\n");
			fixed_yaml(sc, p, raw, sug.fixed, sug.nfixed, &sug.to, 4,
			    false, &yaml);
		}
		sug_action(sc, p, &sug, &action);
		finding_remediation(ctx, f, "%s in the %s%s%s selector of %s "
		    "(%s:%lu):\n\n%s", action.ptr, e != NULL ?
		    check_section_name(e) : "endpointSelector",
		    e != NULL ? " " : "", e != NULL ? peer_field(p, e) : "",
		    check_policy_ref(ctx, p), p->src.path, selector_line(p,
		    raw, e != NULL ? e->line : r->line), yaml.ptr);
	} else
		finding_remediation(ctx, f, "Compare %s with the labels of "
		    "the pods it is meant for (`kubectl get pods -A "
		    "--show-labels`) and fix %s (%s:%lu); for peers in other "
		    "namespaces add k8s:io.kubernetes.pod.namespace, for "
		    "entities (host, world, ...) use fromEntities/toEntities.",
		    disp, check_policy_ref(ctx, p), p->src.path,
		    selector_line(p, raw, r->line));
	sug_release(&sug);
	buf_release(&why);
	buf_release(&shorts);
	buf_release(&scope);
	buf_release(&msg);
	buf_release(&ports);
	buf_release(&names);
	buf_release(&yaml);
	buf_release(&action);
}

void
check_sel_no_match(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	struct seen_list sl = { NULL, 0, 0 };
	struct sc sc;
	size_t i, j, k, l, n;

	if (m->npolicies == 0)
		return;
	if (m->nendpoints == 0) {
		eval_not_evaluated(ctx, "the sysdump has no pods or "
		    "CiliumEndpoints to match the policies' selectors against");
		return;
	}
	sc_init(&sc, ctx);
	for (i = 0; i < m->npolicies; i++) {
		const struct policy *p = &m->policies[i];

		if (!check_policy_in_force(p))
			continue;
		for (j = 0; j < p->nrules; j++) {
			const struct policy_rule *r = &p->rules[j];

			if (r->node_selector)
				continue;
			(void)model_selector_endpoints(m, &r->subject, &n);
			if (n == 0) {
				/* Its peers select for nobody: one finding. */
				if (!subject_names_other_ns(&sc, p, r))
					no_match(&sc, &sl, p, r, NULL,
					    &r->subject_raw, &r->subject);
				continue;
			}
			for (k = 0; k < r->nelems; k++) {
				const struct policy_elem *e = &r->elems[k];

				for (l = 0; l < e->nendpoints; l++) {
					(void)model_selector_endpoints(m,
					    &e->endpoints[l], &n);
					if (n == 0)
						no_match(&sc, &sl, p, r, e,
						    &e->endpoints_raw[l],
						    &e->endpoints[l]);
				}
			}
		}
	}
	free(sl.v);
}

/* --- NS-PEER-IMPLICIT ----------------------------------------------- */

/* Distinct namespaces of endpoints, in order of first appearance. */
static const char **
namespaces_of(struct model *m, const size_t *idx, size_t n, size_t *np)
{
	const char **v = xcalloc(n + 1, sizeof(*v));
	size_t i, j, k = 0;

	for (i = 0; i < n; i++) {
		const char *ns = m->endpoints[idx[i]].ns;

		if (ns == NULL)
			continue;
		for (j = 0; j < k && strcmp(v[j], ns) != 0; j++)
			;
		if (j == k)
			v[k++] = ns;
	}
	*np = k;
	return v;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* One NS-PEER-IMPLICIT finding for a peer selector, if it is the case. */
static void
implicit_finding(struct sc *sc, struct seen_list *sl, const struct policy *p,
    const struct policy_rule *r, const struct policy_elem *e,
    const struct selector *raw, const struct selector *norm,
    const size_t *sub, size_t nsub)
{
	struct eval_ctx *ctx = sc->ctx;
	struct model *m = sc->m;
	struct buf nslist = BUF_INIT, names = BUF_INIT, subs = BUF_INIT;
	struct buf ports = BUF_INIT, msg = BUF_INIT, yaml = BUF_INIT;
	struct sel_req *v, to;
	const char **nss;
	size_t *peers, npeers, nns, k, n;
	struct finding *f;
	unsigned corr;

	if ((peers = implicit_ns_peers(sc, p, raw, norm, &npeers)) == NULL)
		return;
	if ((f = seen_find(sc, sl, p, raw->text, false)) != NULL) {
		finding_evidence(ctx, f, p->src.path, selector_line(p, raw,
		    e->line), "%s %s: %s", check_section_name(e),
		    peer_field(p, e), raw->text);
		free(peers);
		return;
	}
	nss = namespaces_of(m, peers, npeers, &nns);
	qsort(nss, nns, sizeof(*nss), str_cmp);
	for (k = 0; k < nns; k++)
		buf_addf(&nslist, "%s%s", k ? ", " : "", nss[k]);
	check_endpoint_names(&names, m, peers, npeers, NAMES_MAX);
	check_endpoint_names(&subs, m, sub, nsub, NAMES_MAX);
	check_ports_text(&ports, e, "any port", "any port",
	    CHECK_PORT_NO_ANY);
	f = eval_finding_new(ctx);
	seen_add(sc, sl, p, raw->text, false, f);
	f->cause = eval_policy_cause(ctx, p);
	check_policy_subject(ctx, f, p);
	check_affect_endpoints(sc->ctx, f, sub, nsub);
	check_affect_endpoints(sc->ctx, f, peers, npeers);
	if (nsub == 0)
		f->severity = SEV_MEDIUM;
	finding_evidence(ctx, f, p->src.path, selector_line(p, raw, e->line),
	    "%s %s: %s (no namespace key: Cilium adds "
	    "k8s:io.kubernetes.pod.namespace=%s)", check_section_name(e),
	    peer_field(p, e), raw->text, p->ns);
	finding_title(ctx, f, "%s: %s %s {%s} only selects pods in "
	    "namespace %s; the pods it names are in %s",
	    check_policy_ref(ctx, p), check_section_name(e),
	    peer_field(p, e), raw->text, p->ns, nslist.ptr);
	buf_addf(&msg, "A %s selector without a namespace key only selects "
	    "pods of the policy's own namespace: Cilium adds "
	    "k8s:io.kubernetes.pod.namespace=%s to it. In %s, {%s} matches "
	    "no pod of %s, while %s in namespace%s %s carr%s those labels, "
	    "so the %s rule %s nothing on %s", peer_field(p, e), p->ns,
	    check_policy_ref(ctx, p), raw->text, p->ns, names.ptr,
	    nns == 1 ? "" : "s", nslist.ptr, npeers == 1 ? "ies" : "y",
	    check_section_name(e), e->deny ? "denies" : "allows", ports.ptr);
	if (e->deny)
		buf_addstr(&msg, ": the traffic it was meant to deny is not "
		    "denied.");
	else if (elem_blocks(sc, r, e, sub, nsub))
		buf_addf(&msg, ", and the %zu endpoint%s it selects (%s) "
		    "%s default deny: their %s traffic %s those pods is "
		    "dropped.", nsub, nsub == 1 ? "" : "s", subs.ptr,
		    nsub == 1 ? "is in" : "are in", e->dir == DIR_INGRESS ?
		    "ingress" : "egress", e->dir == DIR_INGRESS ? "from" :
		    "to");
	else
		buf_addch(&msg, '.');
	corr = corroborate_peer(sc, f, p, e, norm, sub, nsub, peers, npeers);
	if (f->drops > 0)
		buf_addf(&msg, " %s recorded %lu packet%s of that traffic "
		    "dropped by policy.", eval_flow_recorded_by(ctx,
		    f->drop_sources), f->drops, f->drops == 1 ? "" : "s");
	if (corr == 0 && nns > 1)
		f->confidence = 0.9;
	finding_message(ctx, f, "%s", msg.ptr);
	/* The fix: the same selector with the namespace key. */
	memset(&to, 0, sizeof(to));
	to.source = sc->k8s;
	to.key = sc->ns_key;
	to.op = SEL_IN;
	to.values = arena_memdup(m->a, nss, nns * sizeof(*nss));
	to.nvalues = nns;
	to.from_match_labels = nns == 1;
	v = reqs_copy(raw);	/* room for to */
	n = raw->n;
	v[n++] = to;
	buf_addf(&yaml, "%s:\n- %s:\n", check_section_name(e),
	    peer_field(p, e));
	fixed_yaml(sc, p, raw, v, n, &to, 4, true, &yaml);
	finding_remediation(ctx, f, "Name the peers' namespace in the selector "
	    "of %s (%s:%lu):\n\n%s\nor use a CiliumClusterwideNetworkPolicy "
	    "when pods of every namespace are meant (its peer selectors match "
	    "all namespaces).", check_policy_ref(ctx, p), p->src.path,
	    selector_line(p, raw, e->line), yaml.ptr);
	free(v);
	free(nss);
	free(peers);
	buf_release(&nslist);
	buf_release(&names);
	buf_release(&subs);
	buf_release(&ports);
	buf_release(&msg);
	buf_release(&yaml);
}

void
check_ns_peer_implicit(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	struct seen_list sl = { NULL, 0, 0 };
	struct sc sc;
	size_t i, j, k, l;

	if (m->npolicies == 0)
		return;
	if (m->nendpoints == 0) {
		eval_not_evaluated(ctx, "the sysdump has no pods or "
		    "CiliumEndpoints to match the policies' selectors against");
		return;
	}
	sc_init(&sc, ctx);
	for (i = 0; i < m->npolicies; i++) {
		const struct policy *p = &m->policies[i];

		if (p->kind != POLICY_CNP || !check_policy_in_force(p))
			continue;
		for (j = 0; j < p->nrules; j++) {
			const struct policy_rule *r = &p->rules[j];
			const size_t *sub;
			size_t nsub;

			if (r->node_selector)
				continue;
			sub = model_selector_endpoints(m, &r->subject, &nsub);
			for (k = 0; k < r->nelems; k++) {
				const struct policy_elem *e = &r->elems[k];

				for (l = 0; l < e->nendpoints; l++)
					implicit_finding(&sc, &sl, p, r, e,
					    &e->endpoints_raw[l],
					    &e->endpoints[l], sub, nsub);
			}
		}
	}
	free(sl.v);
}

/* --- KNP-CNP-OVERLAP ------------------------------------------------ */

/* Does the rule govern direction dir (any section, or default deny)? */
static bool
rule_governs(const struct policy_rule *r, enum policy_dir dir)
{
	return r->has[dir][0] || r->has[dir][1] ||
	    policy_rule_default_deny(r, dir, true);
}

static size_t
uf_find(size_t *parent, size_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

static void
uf_union(size_t *parent, size_t a, size_t b)
{
	a = uf_find(parent, a);
	b = uf_find(parent, b);
	/* The smaller index is the root: components come in model order. */
	if (a < b)
		parent[b] = a;
	else if (b < a)
		parent[a] = b;
}

/* Bits per endpoint: which kinds govern it, per direction. */
#define OV_KNP(d)	(1u << (2 * (d)))
#define OV_CIL(d)	(1u << (2 * (d) + 1))
#define OV_BOTH(d)	(OV_KNP(d) | OV_CIL(d))

/*
 * Every endpoint that an in-force policy's rule governs in a direction d:
 * mark the policy's kind in bits (link false), or, where both kinds govern
 * it (link true), note d in pol_dirs and join the policy to the first one
 * met there (first[d]).
 */
static void
overlap_pass(struct model *m, unsigned *bits, size_t **first, size_t *parent,
    size_t *pol_dirs, bool link)
{
	const size_t *idx;
	size_t i, j, k, n;
	int d;

	for (i = 0; i < m->npolicies; i++) {
		const struct policy *p = &m->policies[i];

		if (!check_policy_in_force(p))
			continue;
		for (j = 0; j < p->nrules; j++) {
			if (p->rules[j].node_selector)
				continue;
			idx = model_selector_endpoints(m, &p->rules[j].subject,
			    &n);
			for (d = 0; d < 2; d++) {
				if (!rule_governs(&p->rules[j],
				    (enum policy_dir)d))
					continue;
				for (k = 0; k < n; k++) {
					if (!link) {
						bits[idx[k]] |= p->kind ==
						    POLICY_KNP ? OV_KNP(d) :
						    OV_CIL(d);
						continue;
					}
					if ((bits[idx[k]] & OV_BOTH(d)) !=
					    OV_BOTH(d))
						continue;
					pol_dirs[i] |= 1u << d;
					if (first[d][idx[k]] == SIZE_MAX)
						first[d][idx[k]] = i;
					else
						uf_union(parent, i,
						    first[d][idx[k]]);
				}
			}
		}
	}
}

void
check_knp_cnp_overlap(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	unsigned *bits, dirs_of;
	size_t *parent, *first[2], *pol_dirs, i, k, c;
	bool any_knp = false, any_cil = false;
	int d;

	for (i = 0; i < m->npolicies; i++) {
		if (!check_policy_in_force(&m->policies[i]))
			continue;
		if (m->policies[i].kind == POLICY_KNP)
			any_knp = true;
		else
			any_cil = true;
	}
	if (!any_knp || !any_cil || m->nendpoints == 0)
		return;
	bits = xcalloc(m->nendpoints, sizeof(*bits));
	first[0] = xcalloc(m->nendpoints, sizeof(*first[0]));
	first[1] = xcalloc(m->nendpoints, sizeof(*first[1]));
	parent = xcalloc(m->npolicies, sizeof(*parent));
	pol_dirs = xcalloc(m->npolicies, sizeof(*pol_dirs));
	for (i = 0; i < m->npolicies; i++)
		parent[i] = i;
	for (i = 0; i < m->nendpoints; i++)
		first[0][i] = first[1][i] = SIZE_MAX;
	/* Which kinds govern each endpoint, per direction; then who meets. */
	overlap_pass(m, bits, first, parent, pol_dirs, false);
	overlap_pass(m, bits, first, parent, pol_dirs, true);
	/* One finding per connected set of policies. */
	for (c = 0; c < m->npolicies; c++) {
		struct buf knps = BUF_INIT, cils = BUF_INIT, eps = BUF_INIT;
		size_t nknp = 0, ncil = 0, neps = 0, *epv = NULL, epcap = 0;
		struct finding *f;

		if (pol_dirs[c] == 0 || uf_find(parent, c) != c)
			continue;
		dirs_of = 0;
		f = eval_finding_new(ctx);
		for (i = c; i < m->npolicies; i++) {
			const struct policy *p = &m->policies[i];
			struct buf *b = p->kind == POLICY_KNP ? &knps : &cils;

			if (pol_dirs[i] == 0 || uf_find(parent, i) != c)
				continue;
			dirs_of |= pol_dirs[i];
			check_policy_subject(ctx, f, p);
			buf_addf(b, "%s%s%s%s", b->len ? ", " : "", p->ns,
			    *p->ns != '\0' ? "/" : "", p->name);
			if (p->kind == POLICY_KNP)
				nknp++;
			else
				ncil++;
			if (f->nevidence < 8)
				finding_evidence(ctx, f, p->src.path,
				    p->rules != NULL && p->rules[0].line ?
				    p->rules[0].line : p->src.line, "%s selects "
				    "%s", check_policy_ref(ctx, p),
				    p->rules != NULL ? p->rules[0].subject.text :
				    "");
		}
		for (k = 0; k < m->nendpoints; k++) {
			for (d = 0; d < 2; d++)
				if (first[d][k] != SIZE_MAX &&
				    uf_find(parent, first[d][k]) == c)
					break;
			if (d == 2)
				continue;
			epv = xgrow(epv, &epcap, neps + 1, sizeof(*epv));
			epv[neps++] = k;
		}
		check_affect_endpoints(ctx, f, epv, neps);
		check_endpoint_names(&eps, m, epv, neps, NAMES_MAX);
		finding_title(ctx, f, "NetworkPolicy %s and Cilium polic%s %s "
		    "govern the same %zu endpoint%s: their allows add up",
		    knps.ptr, ncil == 1 ? "y" : "ies", cils.ptr, neps,
		    neps == 1 ? "" : "s");
		finding_message(ctx, f, "Kubernetes NetworkPolic%s %s and "
		    "Cilium polic%s %s all select %s for %s. Cilium turns "
		    "every policy kind into rules of one repository and "
		    "allows what any of them allows: the allows are a union, "
		    "not an intersection, so a narrower policy of one kind "
		    "does not restrict what a broader one of the other kind "
		    "allows (and a direction is default deny as soon as "
		    "either kind selects it). This is information, not an "
		    "error.", nknp == 1 ? "y" : "ies", knps.ptr,
		    ncil == 1 ? "y" : "ies", cils.ptr, eps.ptr,
		    dirs_of == 3 ? "ingress and egress" : dirs_of == 1 ?
		    "ingress" : "egress");
		finding_remediation(ctx, f, "Nothing to change if the union is "
		    "what you want. To forbid traffic that one of these "
		    "policies allows, use a deny rule (ingressDeny/egressDeny "
		    "in a CiliumNetworkPolicy), which takes precedence over "
		    "every allow, or narrow the broader policy itself; "
		    "keeping one policy kind per workload makes reviews "
		    "simpler.");
		free(epv);
		buf_release(&knps);
		buf_release(&cils);
		buf_release(&eps);
	}
	free(bits);
	free(first[0]);
	free(first[1]);
	free(parent);
	free(pol_dirs);
}
