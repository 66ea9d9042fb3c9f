/*
 * check_services.c: built-in checks on CIDR peers, Services and DNS-based
 * (toFQDNs) policy: the places where what a policy names (an address
 * range, a Service port, a host name) is not what Cilium enforces on.
 *
 * check_cidr_selects_pods (CIDR-SELECTS-PODS): a CIDR or ipBlock peer never
 * matches a Cilium-managed pod, even when the pod's IP lies in the range:
 * every IP maps to exactly one identity in the ipcache and a pod IP maps
 * to the pod's label identity, not to a `cidr:` one (policy-semantics.md
 * D; Documentation/security/policy/layer3.rst "IP/CIDR based"; F for KNP
 * ipBlock).  Only `policy-cidr-match-mode: pods` (newest main) changes it.
 *
 * check_cidr_selects_nodes (CIDR-SELECTS-NODES): nor does it match node
 * IPs (host, remote-node, kube-apiserver identities) unless
 * `policy-cidr-match-mode` holds `nodes`, an option that exists from 1.15
 * (PR #27464; layer3.rst "Selecting nodes with CIDR / ipBlock").
 *
 * check_svc_port_vs_targetport (SVC-PORT-VS-TARGETPORT): policy is enforced
 * after the load balancer's DNAT, on the backend pod and its targetPort,
 * so a rule that allows the Service port allows nothing (E.7;
 * layer4.rst).
 *
 * check_svc_no_endpoints (SVC-NO-ENDPOINTS): a Service whose selector
 * matches no ready pod, or whose named targetPort no selected pod
 * declares, has no backends for that port (Kubernetes Service semantics).
 *
 * check_fqdn_no_dns_rule (FQDN-NO-DNS-RULE): toFQDNs learns IPs only from
 * DNS answers that the agent's DNS proxy sees, which needs an L7 DNS rule
 * (`rules.dns`) on the endpoint's egress; without one no IP is ever
 * allowed (E.6; layer3.rst "DNS based").
 *
 * Every check reads only the model; findings name the policy, the pods and
 * ports of this cluster and cite the policy's lines, the bugtool's
 * realized state and the Hubble drops they explain.
 */
#include <arpa/inet.h>
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

/* Evidence lines of the pods a CIDR covers, at most. */
#define MAX_POD_EVIDENCE	3

/* --- shared helpers ---------------------------------------------------- */

static void
policy_subject(struct eval_ctx *ctx, struct finding *f, const struct policy *p)
{
	check_policy_subject(ctx, f, p);
	f->cause = eval_policy_cause(ctx, p);
}

/* A growable list of size_t (endpoint or pod indexes) or of uint32_t. */
struct idx_list {
	size_t	*v;
	size_t	 n;
	size_t	 cap;
};

struct id_list {
	uint32_t	*v;
	size_t		 n;
	size_t		 cap;
};

static void
idx_add(struct idx_list *l, size_t i)
{
	size_t k;

	for (k = 0; k < l->n; k++)
		if (l->v[k] == i)
			return;
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = i;
}

static void
id_add(struct id_list *l, uint32_t id)
{
	size_t k;

	if (id == 0)
		return;
	for (k = 0; k < l->n; k++)
		if (l->v[k] == id)
			return;
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = id;
}

/* The endpoints a rule's subject selects, as pod endpoints only. */
static void
rule_subjects(struct model *m, const struct policy_rule *r,
    struct idx_list *out, struct id_list *ids)
{
	size_t n, k;
	const size_t *idx = check_rule_endpoints(m, r, &n);

	for (k = 0; k < n; k++) {
		if (m->endpoints[idx[k]].pod == NULL)
			continue;
		idx_add(out, idx[k]);
		if (ids != NULL)
			id_add(ids, m->endpoints[idx[k]].identity);
	}
}

/* The YAML `toPorts:` (or KNP `ports:`) block of an element, indented. */
static void
ports_yaml(struct buf *b, const struct policy_elem *e, bool knp,
    const char *ind)
{
	size_t i, j;

	if (e->nto_ports == 0)
		return;
	buf_addf(b, "%s  %s:\n", ind, knp ? "ports" : "toPorts");
	for (i = 0; i < e->nto_ports; i++) {
		if (!knp)
			buf_addf(b, "%s  - ports:\n", ind);
		for (j = 0; j < e->to_ports[i].nports; j++) {
			const struct policy_port *pp = &e->to_ports[i].ports[j];
			const char *pi = knp ? "" : "  ";

			if (pp->name != NULL)
				buf_addf(b, "%s  %s- port: %s\n", ind, pi,
				    pp->name);
			else if (knp)
				buf_addf(b, "%s  - port: %u\n", ind, pp->port);
			else
				buf_addf(b, "%s  %s- port: \"%u\"\n", ind, pi,
				    pp->port);
			buf_addf(b, "%s  %s  protocol: %s\n", ind, pi,
			    pp->protocol);
		}
	}
}

/* Run the drop query once per port of the element (or once, any port). */
static unsigned long
element_drops(struct eval_ctx *ctx, struct finding *f,
    const struct policy_elem *e, struct eval_flow_query *q,
    unsigned max_evidence)
{
	unsigned long n = 0;
	size_t i, j, nq = 0;

	for (i = 0; i < e->nto_ports; i++)
		for (j = 0; j < e->to_ports[i].nports; j++) {
			const struct policy_port *pp = &e->to_ports[i].ports[j];

			if (pp->name != NULL || pp->end_port > pp->port)
				continue;
			q->port = pp->port;
			q->l4 = check_l4_of(pp->protocol);
			n += eval_flow_drops(ctx, f, q,
			    nq++ == 0 ? max_evidence : 1);
		}
	if (nq == 0) {
		q->port = 0;
		q->l4 = FLOW_L4_NONE;
		n += eval_flow_drops(ctx, f, q, max_evidence);
	}
	return n;
}

/* --- prefixes ---------------------------------------------------------- */

static bool
pfx_overlaps(const struct ip_prefix *a, const struct ip_prefix *b)
{
	return ip_prefix_contains(a, b) || ip_prefix_contains(b, a);
}

/* Does the CIDR peer cover prefix p (inside cidr, outside every except)? */
static bool
cidr_covers(const struct policy_cidr *c, const struct ip_prefix *p,
    bool overlap)
{
	struct ip_prefix cp, ex;
	size_t i;

	if (!ip_prefix_parse(c->cidr, &cp))
		return false;
	if (!(overlap ? pfx_overlaps(&cp, p) : ip_prefix_contains(&cp, p)))
		return false;
	for (i = 0; i < c->nexcept; i++)
		if (ip_prefix_parse(c->except[i], &ex) &&
		    ip_prefix_contains(&ex, p))
			return false;
	return true;
}

static bool
ip_in_cidr(const struct policy_cidr *c, const char *ip)
{
	struct ip_prefix p;

	return ip != NULL && ip_prefix_parse(ip, &p) &&
	    cidr_covers(c, &p, false);
}

/* Is it the whole address space (world, wanted on purpose)? */
static bool
cidr_is_world(const struct policy_cidr *c)
{
	struct ip_prefix p;

	return ip_prefix_parse(c->cidr, &p) && p.len == 0;
}

/* Does the cilium-config option policy-cidr-match-mode hold word? */
static bool
cidr_match_mode(const struct model *m, const char *word)
{
	const char *v = model_config(m, "policy-cidr-match-mode");

	return v != NULL && strstr(v, word) != NULL;
}

/* The line of a cilium-config key, else the ConfigMap's own. */
static unsigned long
config_line(const struct model *m, const char *key)
{
	size_t i;

	for (i = 0; i < m->config->ndata; i++)
		if (strcmp(m->config->data[i].key, key) == 0 &&
		    m->config->data[i].line != 0)
			return m->config->data[i].line;
	return m->config->src.line;
}

static bool
any_cidr_rule(const struct model *m)
{
	size_t i, j, k;

	for (i = 0; i < m->npolicies; i++)
		for (j = 0; j < m->policies[i].nrules; j++)
			for (k = 0; k < m->policies[i].rules[j].nelems; k++)
				if (m->policies[i].rules[j].elems[k].ncidrs > 0)
					return true;
	return false;
}

/* The field the element's CIDR peers are written in. */
static const char *
cidr_field(const struct policy *p, const struct policy_elem *e)
{
	bool in = e->dir == DIR_INGRESS;

	if (p->kind == POLICY_KNP)
		return "ipBlock";
	if ((e->peers & PEER_CIDRSET) && !(e->peers & PEER_CIDR))
		return in ? "fromCIDRSet" : "toCIDRSet";
	return in ? "fromCIDR" : "toCIDR";
}

/* Cite the CIDR identity and ipcache entries the agents hold for c. */
static void
cidr_identity_evidence(struct eval_ctx *ctx, struct finding *f,
    const char *cidr)
{
	struct model *m = ctx->m;
	const char *want = arena_printf(ctx->out->a, "cidr:%s", cidr);
	size_t i, j, k, cited = 0;

	for (i = 0; i < m->nagents && cited < 2; i++) {
		const struct model_agent *a = &m->agents[i];
		bool hit = false;

		for (j = 0; a->identities != NULL && j < a->identities->n;
		    j++) {
			const struct identity_record *r = &a->identities->v[j];
			struct buf b = BUF_INIT;

			for (k = 0; k < r->nlabel_text; k++)
				if (strcmp(r->label_text[k], want) == 0)
					break;
			if (k == r->nlabel_text)
				continue;
			for (k = 0; k < r->nlabel_text; k++)
				buf_addf(&b, " %s", r->label_text[k]);
			finding_evidence(ctx, f, a->identities->path, r->line,
			    "identity %lu:%s (a CIDR identity, local to node "
			    "%s)", (unsigned long)r->id, b.ptr,
			    a->node != NULL ? a->node : "?");
			buf_release(&b);
			hit = true;
		}
		for (j = 0; a->ipcache != NULL && j < a->ipcache->nentries;
		    j++) {
			const struct ipcache_entry *e = &a->ipcache->entries[j];

			if (e->prefix == NULL || strcmp(e->prefix, cidr) != 0 ||
			    !e->has_identity)
				continue;
			finding_evidence(ctx, f, a->ipcache->path, e->line,
			    "ipcache: %s identity=%lu", e->prefix,
			    (unsigned long)e->identity);
			hit = true;
		}
		cited += hit;
	}
}

/* Cite the ipcache entry of a pod IP: it maps to the pod's own identity. */
static void
pod_ipcache_evidence(struct eval_ctx *ctx, struct finding *f,
    const struct model_endpoint *ep)
{
	struct model *m = ctx->m;
	size_t i;

	for (i = 0; i < m->nagents; i++) {
		const struct model_agent *a = &m->agents[i];
		const struct ipcache_entry *e;

		if (a->ipcache == NULL || ep->ipv4 == NULL ||
		    (e = ipcache_lookup(a->ipcache, ep->ipv4)) == NULL ||
		    !e->has_identity || e->prefix_len != 32)
			continue;
		finding_evidence(ctx, f, a->ipcache->path, e->line,
		    "ipcache: %s identity=%lu (%s/%s's own identity, not the "
		    "CIDR's)", e->prefix, (unsigned long)e->identity, ep->ns,
		    ep->pod);
		return;
	}
}

/*
 * The labels that identify an endpoint's workload in a selector: its k8s
 * labels without the ones Cilium adds (namespace, service account,
 * cluster, namespace labels).
 */
static void
workload_labels_yaml(struct buf *b, const struct model_endpoint *ep,
    const char *ind)
{
	size_t i;

	for (i = 0; i < ep->labels.n; i++) {
		const struct label *l = &ep->labels.v[i];

		if (strcmp(l->source, "k8s") != 0 ||
		    strncmp(l->key, "io.cilium.k8s.", 14) == 0 ||
		    strncmp(l->key, "io.kubernetes.", 14) == 0)
			continue;
		buf_addf(b, "%s%s: %s\n", ind, l->key, l->value);
	}
}

/* --- CIDR-SELECTS-PODS -------------------------------------------------- */

struct pod_cidr {
	const char	*cidr;
	const char	*node;
	struct src	 src;
	const char	*what;		/* "CiliumNode", "Node" */
};

static void
pod_cidrs_collect(const struct model *m, struct pod_cidr **v, size_t *n,
    size_t *cap)
{
	size_t i, j, k;

	for (i = 0; i < m->ncilium_nodes; i++)
		for (j = 0; j < m->cilium_nodes[i].npod_cidrs; j++) {
			*v = xgrow(*v, cap, *n + 1, sizeof(**v));
			(*v)[*n].cidr = m->cilium_nodes[i].pod_cidrs[j];
			(*v)[*n].node = m->cilium_nodes[i].name;
			(*v)[*n].src = m->cilium_nodes[i].src;
			(*v)[(*n)++].what = "CiliumNode";
		}
	for (i = 0; i < m->nnodes; i++)
		for (j = 0; j < m->nodes[i].npod_cidrs; j++) {
			for (k = 0; k < *n; k++)
				if (strcmp((*v)[k].cidr,
				    m->nodes[i].pod_cidrs[j]) == 0)
					break;
			if (k < *n)
				continue;
			*v = xgrow(*v, cap, *n + 1, sizeof(**v));
			(*v)[*n].cidr = m->nodes[i].pod_cidrs[j];
			(*v)[*n].node = m->nodes[i].name;
			(*v)[*n].src = m->nodes[i].src;
			(*v)[(*n)++].what = "Node";
		}
}

/*
 * The shortest prefix holding every pod CIDR of one family (their common
 * supernet), or len 0 when there is none.
 */
static unsigned
pod_supernet_len(const struct pod_cidr *v, size_t n, int fam)
{
	struct ip_prefix first, p;
	unsigned len = 0, common;
	size_t k;
	bool have = false;

	for (k = 0; k < n; k++) {
		if (!ip_prefix_parse(v[k].cidr, &p) || p.af != fam)
			continue;
		if (!have) {
			first = p;
			len = p.len;
			have = true;
			continue;
		}
		common = ip_prefix_common(&first, &p);
		if (common < len)
			len = common;
	}
	return len;
}

/* Remediation: the element rewritten with label peers. */
static void
cidr_pods_remedy(struct eval_ctx *ctx, struct finding *f,
    const struct policy *p, const struct policy_elem *e,
    const struct idx_list *peers, bool all_pods)
{
	struct model *m = ctx->m;
	struct buf b = BUF_INIT;
	bool knp = p->kind == POLICY_KNP;
	bool in = e->dir == DIR_INGRESS;
	size_t k, shown = 0;

	buf_addf(&b, "CIDR peers never match Cilium-managed pods: select the "
	    "pods by label instead of by address. In %s, replace the %s peer "
	    "(line %lu) with:\n\n  %s%s:\n  - %s:\n", check_policy_ref(ctx, p),
	    cidr_field(p, e), e->line,
	    in ? "ingress" : "egress", e->deny ? "Deny" : "",
	    knp ? (in ? "from" : "to") : (in ? "fromEndpoints" :
	    "toEndpoints"));
	if (all_pods || peers->n == 0) {
		if (knp)
			buf_addstr(&b, "    - namespaceSelector: {}\n");
		else
			buf_addstr(&b, "    - matchExpressions:\n"
			    "      - key: k8s:io.kubernetes.pod.namespace\n"
			    "        operator: Exists\n");
	} else {
		uint32_t seen[8];
		size_t nseen = 0, j;

		for (k = 0; k < peers->n && shown < 8; k++) {
			const struct model_endpoint *ep =
			    &m->endpoints[peers->v[k]];

			for (j = 0; j < nseen; j++)
				if (seen[j] == ep->identity)
					break;
			if (j < nseen)
				continue;
			seen[nseen++] = ep->identity;
			shown++;
			if (knp) {
				buf_addf(&b, "    - namespaceSelector:\n"
				    "        matchLabels:\n"
				    "          kubernetes.io/metadata.name: "
				    "%s\n"
				    "      podSelector:\n"
				    "        matchLabels:\n", ep->ns);
				workload_labels_yaml(&b, ep, "          ");
			} else {
				buf_addstr(&b, "    - matchLabels:\n");
				workload_labels_yaml(&b, ep, "        ");
				buf_addf(&b, "        k8s:io.kubernetes.pod."
				    "namespace: %s\n", ep->ns);
			}
		}
	}
	ports_yaml(&b, e, knp, "  ");
	if (all_pods)
		buf_addstr(&b, "\n(The range covers every pod CIDR, so this "
		    "selects every pod; narrow it to the pods that need "
		    "access.)");
	else
		buf_addstr(&b, "\nKeep the CIDR peer only for addresses "
		    "outside the cluster.");
	finding_remediation(ctx, f, "%s", b.ptr);
	buf_release(&b);
}

static void
cidr_pods_element(struct eval_ctx *ctx, const struct policy *p,
    const struct policy_rule *r, const struct policy_elem *e,
    const struct pod_cidr *pcs, size_t npcs)
{
	struct model *m = ctx->m;
	struct idx_list subjects = { NULL, 0, 0 }, covered = { NULL, 0, 0 };
	struct idx_list peers = { NULL, 0, 0 };
	struct id_list subj_ids = { NULL, 0, 0 }, cov_ids = { NULL, 0, 0 };
	struct buf cidrs = BUF_INIT, pcs_text = BUF_INIT, names = BUF_INIT;
	struct buf ports = BUF_INIT;
	const struct policy_cidr *first = NULL;
	struct eval_flow_query q;
	struct finding *f;
	size_t i, k, npc = 0, ev = 0;
	unsigned long drops;
	bool focused = false, all_pods = true, in = e->dir == DIR_INGRESS;

	for (i = 0; i < e->ncidrs; i++) {
		const struct policy_cidr *c = &e->cidrs[i];
		size_t before = covered.n, pc_hits = 0;
		struct ip_prefix cp, pp;
		unsigned super;

		if (c->cidr == NULL || cidr_is_world(c) ||
		    !ip_prefix_parse(c->cidr, &cp))
			continue;
		for (k = 0; k < m->nendpoints; k++) {
			const struct model_endpoint *ep = &m->endpoints[k];

			if (ep->pod == NULL || ep->ns == NULL)
				continue;
			if (ip_in_cidr(c, ep->ipv4) ||
			    ip_in_cidr(c, ep->ipv6)) {
				idx_add(&covered, k);
				id_add(&cov_ids, ep->identity);
			}
		}
		for (k = 0; k < npcs; k++) {
			if (!ip_prefix_parse(pcs[k].cidr, &pp) ||
			    !cidr_covers(c, &pp, true))
				continue;
			pc_hits++;
			if (!ip_prefix_contains(&cp, &pp))
				all_pods = false;
			/* Inside one pod CIDR, or not much wider than all. */
			super = pod_supernet_len(pcs, npcs, pp.af);
			if (ip_prefix_contains(&pp, &cp) ||
			    cp.len + 8 >= super)
				focused = true;
		}
		if (pc_hits == 0 && covered.n == before)
			continue;
		if (pc_hits == 0)
			focused = true;	/* it names pod IPs, not a range */
		for (k = 0; k < npcs; k++)
			if (ip_prefix_parse(pcs[k].cidr, &pp) &&
			    !cidr_covers(c, &pp, true))
				all_pods = false;
		if (first == NULL)
			first = c;
		buf_addf(&cidrs, "%s%s", cidrs.len ? ", " : "", c->cidr);
		npc += pc_hits;
	}
	if (first == NULL)
		goto out;
	if (npc == 0)
		all_pods = false;
	rule_subjects(m, r, &subjects, &subj_ids);

	f = eval_finding_new(ctx);
	policy_subject(ctx, f, p);
	check_affect_endpoints(ctx, f, subjects.v, subjects.n);
	check_ports_text(&ports, e, "all ports", "any port", 0);
	finding_evidence(ctx, f, p->src.path, e->line, "%s: %s%s (%s %s)",
	    cidr_field(p, e), cidrs.ptr, e->nto_ports ?
	    arena_printf(ctx->out->a, " on %s", ports.ptr) : "",
	    policy_kind_short(p->kind), p->name);
	for (k = 0; k < npcs; k++) {
		struct ip_prefix pp;

		for (i = 0; i < e->ncidrs; i++)
			if (e->cidrs[i].cidr != NULL &&
			    ip_prefix_parse(pcs[k].cidr, &pp) &&
			    cidr_covers(&e->cidrs[i], &pp, true))
				break;
		if (i == e->ncidrs)
			continue;
		buf_addf(&pcs_text, "%s%s (%s)", pcs_text.len ? ", " : "",
		    pcs[k].cidr, pcs[k].node);
		finding_evidence(ctx, f, pcs[k].src.path, pcs[k].src.line,
		    "%s %s: pod CIDR %s", pcs[k].what, pcs[k].node,
		    pcs[k].cidr);
	}

	/* The traffic it was meant for: drops from (to) the covered pods. */
	memset(&q, 0, sizeof(q));
	q.dir = in ? FLOW_DIR_INGRESS : FLOW_DIR_EGRESS;
	q.local_ids = subj_ids.v;
	q.nlocal_ids = subj_ids.n;
	for (k = 0; k < covered.n; k++) {
		const struct model_endpoint *ep = &m->endpoints[covered.v[k]];
		uint32_t id = ep->identity;

		if (id == 0 || subj_ids.n == 0)
			continue;
		q.peer_ids = &id;
		q.npeer_ids = 1;
		if (element_drops(ctx, NULL, e, &q, 0) > 0)
			idx_add(&peers, covered.v[k]);
	}
	for (k = 0; k < (peers.n ? peers.n : covered.n) &&
	    ev < MAX_POD_EVIDENCE; k++) {
		const struct model_endpoint *ep = &m->endpoints[peers.n ?
		    peers.v[k] : covered.v[k]];

		if (ep->k8s_pod == NULL)
			continue;
		finding_evidence(ctx, f, ep->k8s_pod->src.path,
		    ep->k8s_pod->src.line, "pod %s/%s: IP %s inside %s, "
		    "identity %lu", ep->ns, ep->pod, ep->ipv4 != NULL ?
		    ep->ipv4 : ep->ipv6, first->cidr,
		    (unsigned long)ep->identity);
		ev++;
	}
	for (i = 0; i < e->ncidrs; i++)
		if (e->cidrs[i].cidr != NULL && !cidr_is_world(&e->cidrs[i]))
			cidr_identity_evidence(ctx, f, e->cidrs[i].cidr);
	if (peers.n > 0 || covered.n > 0)
		pod_ipcache_evidence(ctx, f, &m->endpoints[peers.n ?
		    peers.v[0] : covered.v[0]]);
	drops = 0;
	if (subj_ids.n > 0 && cov_ids.n > 0) {
		q.peer_ids = cov_ids.v;
		q.npeer_ids = cov_ids.n;
		drops = element_drops(ctx, f, e, &q, 4);
	}

	check_endpoint_names(&names, m, peers.n ? peers.v : covered.v,
	    peers.n ? peers.n : covered.n, 4);
	finding_title(ctx, f, "%s %s %s pods by CIDR %s, which never matches "
	    "Cilium-managed pods", check_policy_ref(ctx, p),
	    e->deny ? "denies" : "allows", in ? "ingress from" : "egress to",
	    cidrs.ptr);
	{
		struct buf msg = BUF_INIT;

		buf_addf(&msg, "%s %s %s %s on %s, which ",
		    check_policy_ref(ctx, p), e->deny ? "denies" : "allows",
		    in ? "ingress from" : "egress to", cidrs.ptr, ports.ptr);
		if (pcs_text.len)
			buf_addf(&msg, "overlaps the pod CIDR%s %s%s",
			    strchr(pcs_text.ptr, ',') != NULL ? "s" : "",
			    pcs_text.ptr, covered.n ? " and " : "");
		if (covered.n)
			buf_addf(&msg, "holds the IP%s of %zu Cilium-managed "
			    "pod%s", covered.n == 1 ? "" : "s", covered.n,
			    covered.n == 1 ? "" : "s");
		buf_addf(&msg, ". Cilium maps every pod IP to the pod's own "
		    "security identity, never to the CIDR identity of %s, so "
		    "this peer matches no pod: %s %s %s%s is %s by this rule",
		    cidrs.ptr, in ? "traffic from" : "traffic to", names.ptr,
		    in ? "to" : "from", subjects.n ? arena_printf(ctx->out->a,
		    " the %zu endpoint%s it selects", subjects.n,
		    subjects.n == 1 ? "" : "s") : " its endpoints",
		    e->deny ? "not denied" : "not allowed");
		if (drops)
			buf_addf(&msg, " (%lu packet%s dropped)", drops,
			    drops == 1 ? "" : "s");
		buf_addstr(&msg, ".");
		finding_message(ctx, f, "%s", msg.ptr);
		buf_release(&msg);
	}
	/* A wide range (10.0.0.0/8) may be meant for outside addresses. */
	if (!focused && drops == 0) {
		f->confidence = 0.5;
		f->severity = SEV_MEDIUM;
	} else if (!focused)
		f->confidence = 0.8;
	cidr_pods_remedy(ctx, f, p, e, peers.n ? &peers : &covered, all_pods &&
	    peers.n == 0);
out:
	free(subjects.v);
	free(covered.v);
	free(peers.v);
	free(subj_ids.v);
	free(cov_ids.v);
	buf_release(&cidrs);
	buf_release(&pcs_text);
	buf_release(&names);
	buf_release(&ports);
}

void
check_cidr_selects_pods(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	struct pod_cidr *pcs = NULL;
	size_t npcs = 0, cap = 0, i, j, k;

	if (!any_cidr_rule(m))
		return;
	/* Newest main: `pods` makes CIDR peers select pods (PR #47227). */
	if (cidr_match_mode(m, "pods"))
		return;
	pod_cidrs_collect(m, &pcs, &npcs, &cap);
	if (npcs == 0 && m->nendpoints == 0) {
		eval_not_evaluated(ctx, "the sysdump has CIDR rules but no "
		    "pods, endpoints or node pod CIDRs to compare them with");
		free(pcs);
		return;
	}
	for (i = 0; i < m->npolicies; i++) {
		const struct policy *p = &m->policies[i];

		if (!check_policy_in_force(p))
			continue;
		for (j = 0; j < p->nrules; j++)
			for (k = 0; k < p->rules[j].nelems; k++)
				if (p->rules[j].elems[k].ncidrs > 0)
					cidr_pods_element(ctx, p, &p->rules[j],
					    &p->rules[j].elems[k], pcs, npcs);
	}
	free(pcs);
}

/* --- CIDR-SELECTS-NODES ------------------------------------------------- */

struct node_addr {
	const char	*ip;
	const char	*what;		/* the node's name, or the apiserver */
	bool		 apiserver;
	struct src	 src;
};

/*
 * Node addresses: the Nodes' InternalIPs, the CiliumNodes' addresses
 * outside the pod CIDRs (a CiliumInternalIP is a router IP inside one and
 * belongs to CIDR-SELECTS-PODS' range), and the apiserver's endpoints
 * (default/kubernetes).
 */
static void
node_addrs_collect(const struct model *m, const struct pod_cidr *pcs,
    size_t npcs, struct node_addr **v, size_t *n, size_t *cap)
{
	size_t i, j, k;
	struct ip_prefix ip, pc;

	for (i = 0; i < m->nnodes; i++)
		for (j = 0; j < m->nodes[i].ninternal_ips; j++) {
			*v = xgrow(*v, cap, *n + 1, sizeof(**v));
			(*v)[*n].ip = m->nodes[i].internal_ips[j];
			(*v)[*n].what = m->nodes[i].name;
			(*v)[*n].apiserver = false;
			(*v)[(*n)++].src = m->nodes[i].src;
		}
	for (i = 0; i < m->ncilium_nodes; i++)
		for (j = 0; j < m->cilium_nodes[i].naddresses; j++) {
			const char *a = m->cilium_nodes[i].addresses[j];

			if (a == NULL || !ip_prefix_parse(a, &ip))
				continue;
			for (k = 0; k < npcs; k++)
				if (ip_prefix_parse(pcs[k].cidr, &pc) &&
				    ip_prefix_contains(&pc, &ip))
					break;
			if (k < npcs)
				continue;
			for (k = 0; k < *n; k++)
				if (strcmp((*v)[k].ip, a) == 0)
					break;
			if (k < *n)
				continue;
			*v = xgrow(*v, cap, *n + 1, sizeof(**v));
			(*v)[*n].ip = a;
			(*v)[*n].what = m->cilium_nodes[i].name;
			(*v)[*n].apiserver = false;
			(*v)[(*n)++].src = m->cilium_nodes[i].src;
		}
	for (i = 0; i < m->nk8s_endpoints; i++) {
		const struct k8s_endpoints *ep = &m->k8s_endpoints[i];

		if (ep->ns == NULL || ep->name == NULL ||
		    strcmp(ep->ns, "default") != 0 ||
		    strcmp(ep->name, "kubernetes") != 0)
			continue;
		for (j = 0; j < ep->naddrs; j++) {
			if (ep->addrs[j].ip == NULL)
				continue;
			for (k = 0; k < *n; k++)
				if (strcmp((*v)[k].ip, ep->addrs[j].ip) == 0) {
					(*v)[k].apiserver = true;
					break;
				}
			if (k < *n)
				continue;
			*v = xgrow(*v, cap, *n + 1, sizeof(**v));
			(*v)[*n].ip = ep->addrs[j].ip;
			(*v)[*n].what = "the kube-apiserver";
			(*v)[*n].apiserver = true;
			(*v)[(*n)++].src = ep->src;
		}
	}
}

static void
cidr_nodes_element(struct eval_ctx *ctx, const struct policy *p,
    const struct policy_rule *r, const struct policy_elem *e,
    const struct node_addr *na, size_t nna)
{
	static const uint32_t node_ids[] = { 1, 6, 7 };
	struct model *m = ctx->m;
	struct idx_list subjects = { NULL, 0, 0 };
	struct id_list subj_ids = { NULL, 0, 0 };
	struct buf cidrs = BUF_INIT, hit = BUF_INIT, ports = BUF_INIT;
	struct buf fix = BUF_INIT;
	struct eval_flow_query q;
	struct finding *f;
	size_t i, k, nhit = 0;
	bool focused = false, apiserver = false, in = e->dir == DIR_INGRESS;
	bool knp = p->kind == POLICY_KNP, has_opt;
	unsigned long drops = 0;

	for (i = 0; i < e->ncidrs; i++) {
		const struct policy_cidr *c = &e->cidrs[i];
		struct ip_prefix cp;
		size_t before = nhit;

		if (c->cidr == NULL || cidr_is_world(c) ||
		    !ip_prefix_parse(c->cidr, &cp))
			continue;
		for (k = 0; k < nna; k++) {
			if (!ip_in_cidr(c, na[k].ip))
				continue;
			nhit++;
			buf_addf(&hit, "%s%s (%s)", hit.len ? ", " : "",
			    na[k].ip, na[k].apiserver && strcmp(na[k].what,
			    "the kube-apiserver") != 0 ? arena_printf(
			    ctx->out->a, "%s, kube-apiserver", na[k].what) :
			    na[k].what);
			apiserver |= na[k].apiserver;
		}
		if (nhit == before)
			continue;
		/* A host or subnet-sized prefix names the nodes themselves. */
		if (cp.len >= (cp.af == AF_INET ? 24u : 64u))
			focused = true;
		buf_addf(&cidrs, "%s%s", cidrs.len ? ", " : "", c->cidr);
	}
	if (nhit == 0)
		goto out;
	rule_subjects(m, r, &subjects, &subj_ids);
	f = eval_finding_new(ctx);
	policy_subject(ctx, f, p);
	check_affect_endpoints(ctx, f, subjects.v, subjects.n);
	check_ports_text(&ports, e, "all ports", "any port", 0);
	finding_evidence(ctx, f, p->src.path, e->line, "%s: %s%s (%s %s)",
	    cidr_field(p, e), cidrs.ptr,
	    e->nto_ports ? arena_printf(ctx->out->a, " on %s", ports.ptr) : "",
	    policy_kind_short(p->kind), p->name);
	for (k = 0; k < nna; k++)
		for (i = 0; i < e->ncidrs; i++)
			if (e->cidrs[i].cidr != NULL &&
			    !cidr_is_world(&e->cidrs[i]) &&
			    ip_in_cidr(&e->cidrs[i], na[k].ip)) {
				finding_evidence(ctx, f, na[k].src.path,
				    na[k].src.line, "%s%s: address %s",
				    na[k].apiserver ? "kube-apiserver endpoint "
				    "of " : "node ", na[k].what, na[k].ip);
				break;
			}
	if (m->config != NULL)
		finding_evidence(ctx, f, m->config->src.path,
		    config_line(m, "policy-cidr-match-mode"),
		    "policy-cidr-match-mode: %s",
		    model_config(m, "policy-cidr-match-mode") != NULL ?
		    arena_printf(ctx->out->a, "\"%s\"", model_config(m,
		    "policy-cidr-match-mode")) : "(not set; nodes are not "
		    "selected by CIDR)");
	if (subj_ids.n > 0) {
		memset(&q, 0, sizeof(q));
		q.dir = in ? FLOW_DIR_INGRESS : FLOW_DIR_EGRESS;
		q.local_ids = subj_ids.v;
		q.nlocal_ids = subj_ids.n;
		q.peer_ids = node_ids;
		q.npeer_ids = sizeof(node_ids) / sizeof(node_ids[0]);
		drops = element_drops(ctx, f, e, &q, 4);
	}
	has_opt = model_version_at_least(m, 1, 15);
	finding_title(ctx, f, "%s %s %s node addresses by CIDR %s, which "
	    "does not match nodes without policy-cidr-match-mode=nodes",
	    check_policy_ref(ctx, p), e->deny ? "denies" : "allows",
	    in ? "ingress from" : "egress to", cidrs.ptr);
	finding_message(ctx, f, "%s %s %s %s on %s, which covers %s. Traffic "
	    "%s a node carries the host, remote-node or kube-apiserver "
	    "identity, and CIDR peers match those only when "
	    "policy-cidr-match-mode includes \"nodes\"%s, which this cluster "
	    "does not set: the rule %s nothing of it%s.",
	    check_policy_ref(ctx, p), e->deny ? "denies" : "allows",
	    in ? "ingress from" : "egress to", cidrs.ptr, ports.ptr, hit.ptr,
	    in ? "from" : "to", has_opt ? " (Cilium 1.15 and later)" :
	    "; Cilium before 1.15 has no such option", e->deny ? "denies" :
	    "allows", drops ? arena_printf(ctx->out->a, " (%lu packet%s "
	    "dropped)", drops, drops == 1 ? "" : "s") : "");
	buf_addf(&fix, "Select nodes by entity rather than by address. In %s, "
	    "replace the CIDR peer (line %lu) with\n\n  %s%s:\n  - %s:\n",
	    check_policy_ref(ctx, p), e->line, in ? "ingress" : "egress",
	    e->deny ? "Deny" : "", in ? "fromEntities" : "toEntities");
	if (apiserver)
		buf_addstr(&fix, "    - kube-apiserver\n");
	buf_addstr(&fix, "    - host\n    - remote-node\n");
	ports_yaml(&fix, e, false, "  ");
	if (knp)
		buf_addstr(&fix, "\n(a CiliumNetworkPolicy: a NetworkPolicy "
		    "cannot name entities)");
	if (has_opt)
		buf_addstr(&fix, "\nOr let CIDR peers select nodes: set "
		    "`policy-cidr-match-mode: nodes` in cilium-config (Helm "
		    "`policyCIDRMatchMode: nodes`, beta) and restart the "
		    "agents.");
	finding_remediation(ctx, f, "%s", fix.ptr);
	if (!focused && drops == 0) {
		f->confidence = 0.5;
		f->severity = SEV_MEDIUM;
	} else if (!focused)
		f->confidence = 0.8;
out:
	free(subjects.v);
	free(subj_ids.v);
	buf_release(&cidrs);
	buf_release(&hit);
	buf_release(&ports);
	buf_release(&fix);
}

void
check_cidr_selects_nodes(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	struct pod_cidr *pcs = NULL;
	struct node_addr *na = NULL;
	size_t npcs = 0, pcap = 0, nna = 0, ncap = 0, i, j, k;

	if (!any_cidr_rule(m) || cidr_match_mode(m, "nodes"))
		return;
	pod_cidrs_collect(m, &pcs, &npcs, &pcap);
	node_addrs_collect(m, pcs, npcs, &na, &nna, &ncap);
	if (nna == 0) {
		eval_not_evaluated(ctx, "the sysdump has CIDR rules but no "
		    "Node, CiliumNode or default/kubernetes addresses to "
		    "compare them with");
		goto out;
	}
	for (i = 0; i < m->npolicies; i++) {
		const struct policy *p = &m->policies[i];

		if (!check_policy_in_force(p))
			continue;
		for (j = 0; j < p->nrules; j++)
			for (k = 0; k < p->rules[j].nelems; k++)
				if (p->rules[j].elems[k].ncidrs > 0)
					cidr_nodes_element(ctx, p, &p->rules[j],
					    &p->rules[j].elems[k], na, nna);
	}
out:
	free(pcs);
	free(na);
}

/* --- Services ------------------------------------------------------------ */

/* Does the Service's selector pick the pod (same namespace, labels)? */
static bool
svc_selects_pod(const struct k8s_service *s, const struct k8s_pod *pod)
{
	size_t i;
	const char *v;

	if (!s->has_selector || s->selector.n == 0 || pod == NULL ||
	    s->ns == NULL || pod->ns == NULL || strcmp(s->ns, pod->ns) != 0)
		return false;
	for (i = 0; i < s->selector.n; i++) {
		v = labelset_get(&pod->labels, "k8s", s->selector.v[i].key);
		if (v == NULL || strcmp(v, s->selector.v[i].value) != 0)
			return false;
	}
	return true;
}

static const char *
svc_proto(const struct svc_port *sp)
{
	return sp->protocol != NULL ? sp->protocol : "TCP";
}

static bool
proto_eq(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "TCP", b != NULL ? b : "TCP") == 0;
}

/* The container port the pod declares under name (and protocol), or 0. */
static const struct container_port *
pod_named_port(const struct k8s_pod *pod, const char *name, const char *proto)
{
	size_t i;

	for (i = 0; pod != NULL && i < pod->nports; i++)
		if (pod->ports[i].name != NULL &&
		    strcmp(pod->ports[i].name, name) == 0 &&
		    proto_eq(pod->ports[i].protocol, proto))
			return &pod->ports[i];
	return NULL;
}

static const struct container_port *
pod_port(const struct k8s_pod *pod, uint32_t port, const char *proto)
{
	size_t i;

	for (i = 0; pod != NULL && i < pod->nports; i++)
		if (pod->ports[i].port == port &&
		    proto_eq(pod->ports[i].protocol, proto))
			return &pod->ports[i];
	return NULL;
}

/* Does a policy port cover port/proto (exact: single port, or any port)? */
static bool
pp_covers(const struct policy_port *pp, uint32_t port, const char *proto,
    bool exact)
{
	if (pp->name != NULL)
		return false;
	if (strcmp(pp->protocol, "ANY") != 0 && !proto_eq(pp->protocol, proto))
		return false;
	if (pp->port == 0)
		return !exact;
	if (exact)
		return pp->port == port && (pp->end_port == 0 ||
		    pp->end_port == pp->port);
	return port >= pp->port && port <= (pp->end_port > pp->port ?
	    pp->end_port : pp->port);
}

/* The element's toPorts entry that names port/proto, or NULL. */
static const struct policy_port *
elem_port(const struct policy_elem *e, uint32_t port, const char *proto,
    bool exact, unsigned long *line)
{
	size_t i, j;

	for (i = 0; i < e->nto_ports; i++)
		for (j = 0; j < e->to_ports[i].nports; j++)
			if (pp_covers(&e->to_ports[i].ports[j], port, proto,
			    exact)) {
				if (line != NULL)
					*line = e->to_ports[i].line;
				return &e->to_ports[i].ports[j];
			}
	return NULL;
}

/* Does the element name a port by its name (resolved per endpoint)? */
static bool
elem_names_port(const struct policy_elem *e, const char *name)
{
	size_t i, j;

	for (i = 0; i < e->nto_ports; i++)
		for (j = 0; j < e->to_ports[i].nports; j++)
			if (e->to_ports[i].ports[j].name != NULL &&
			    strcmp(e->to_ports[i].ports[j].name, name) == 0)
				return true;
	return false;
}

/* The peers of an element, as written, for messages. */
static void
peers_text(struct buf *b, const struct policy_elem *e)
{
	size_t i, n = 0;

	for (i = 0; i < e->nendpoints; i++)
		buf_addf(b, "%s%s", n++ ? " or " : "",
		    e->endpoints_raw != NULL &&
		    e->endpoints_raw[i].text != NULL ?
		    e->endpoints_raw[i].text : e->endpoints[i].text);
	for (i = 0; i < e->nentities; i++)
		buf_addf(b, "%sentity %s", n++ ? " or " : "", e->entities[i]);
	for (i = 0; i < e->nservices; i++)
		buf_addf(b, "%sService %s/%s", n++ ? " or " : "",
		    e->services[i].ns != NULL ? e->services[i].ns : "?",
		    e->services[i].name != NULL ? e->services[i].name : "?");
	if (n == 0)
		buf_addstr(b, "any peer");
}

/* The endpoints an element's endpoint selectors (or Services) pick. */
static void
elem_peer_endpoints(struct model *m, const struct policy_elem *e,
    struct idx_list *out, struct id_list *ids, bool *wild)
{
	const size_t *idx;
	size_t i, k, n;

	*wild = e->nendpoints == 0 && e->nservices == 0;
	for (i = 0; i < e->nendpoints; i++) {
		if (selector_is_wildcard(&e->endpoints[i]))
			*wild = true;
		idx = model_selector_endpoints(m, &e->endpoints[i], &n);
		for (k = 0; k < n; k++) {
			if (m->endpoints[idx[k]].pod == NULL)
				continue;
			idx_add(out, idx[k]);
			id_add(ids, m->endpoints[idx[k]].identity);
		}
	}
	for (i = 0; i < e->nservices; i++) {
		const struct policy_service *ps = &e->services[i];

		if (ps->name == NULL)
			continue;
		for (k = 0; k < m->nservices; k++) {
			const struct k8s_service *s = &m->services[k];
			size_t j;

			if (s->name == NULL || strcmp(s->name, ps->name) != 0 ||
			    (ps->ns != NULL && s->ns != NULL &&
			    strcmp(ps->ns, s->ns) != 0))
				continue;
			for (j = 0; j < m->nendpoints; j++)
				if (svc_selects_pod(s,
				    m->endpoints[j].k8s_pod)) {
					idx_add(out, j);
					id_add(ids, m->endpoints[j].identity);
				}
		}
	}
}

struct port_map {
	const struct svc_port		*sp;
	uint32_t			 target;
	const struct container_port	*cport;	/* the backend's, or NULL */
	const struct k8s_pod		*cpod;
	const struct policy_port	*pp;
	unsigned long			 pp_line;
};

/* Cite the Service's frontend in the agents' load-balancer tables. */
static void
lb_evidence(struct eval_ctx *ctx, struct finding *f,
    const struct k8s_service *s, const struct svc_port *sp, bool empty_only)
{
	struct model *m = ctx->m;
	size_t i, k;

	if (s->cluster_ip == NULL || strcmp(s->cluster_ip, "None") == 0)
		return;
	for (i = 0; i < m->nagents; i++) {
		const struct lb_result *r[2] = { m->agents[i].lb,
		    m->agents[i].services };
		size_t j;

		for (j = 0; j < 2; j++) {
			const struct lb_service *ls;
			struct buf b = BUF_INIT;

			if (r[j] == NULL || (ls = lb_find(r[j], s->cluster_ip,
			    (uint16_t)sp->port, NULL)) == NULL)
				continue;
			if (empty_only && ls->nbackends > 0)
				continue;
			for (k = 0; k < ls->nbackends && k < 3; k++)
				if (ls->backends[k].ip != NULL)
					buf_addf(&b, "%s%s:%u", b.len ? ", " :
					    "", ls->backends[k].ip,
					    ls->backends[k].port);
			finding_evidence(ctx, f, r[j]->path, ls->line,
			    "load balancer on %s: %s -> %s",
			    m->agents[i].node != NULL ? m->agents[i].node : "?",
			    ls->frontend != NULL ? ls->frontend : s->cluster_ip,
			    b.len ? b.ptr : "no backends");
			buf_release(&b);
			return;
		}
	}
}

/* Cite the policy map entries of the enforcing endpoints for port. */
static void
bpf_port_evidence(struct eval_ctx *ctx, struct finding *f,
    const struct idx_list *eps, bool egress, uint32_t port, uint32_t target)
{
	struct model *m = ctx->m;
	size_t i, k, j, cited = 0;

	for (i = 0; i < m->nagents && cited < 2; i++) {
		const struct model_agent *a = &m->agents[i];

		if (a->bpf_policy == NULL || a->node == NULL)
			continue;
		for (k = 0; k < eps->n && cited < 2; k++) {
			const struct model_endpoint *ep =
			    &m->endpoints[eps->v[k]];
			const struct bpf_policy_map *pm;
			bool has_target = false;

			if (ep->id == 0 || ep->node == NULL ||
			    strcmp(ep->node, a->node) != 0 ||
			    (pm = bpf_policy_find_map(a->bpf_policy, ep->id)) ==
			    NULL)
				continue;
			for (j = 0; j < pm->nentries; j++) {
				const struct bpf_policy_entry *be =
				    &pm->entries[j];

				if (be->egress != egress || be->deny)
					continue;
				if (be->port != 0 && be->port <= target &&
				    target <= be->end_port)
					has_target = true;
				if (be->port != port || be->end_port != port)
					continue;
				finding_evidence(ctx, f, a->bpf_policy->path,
				    be->line, "endpoint %lu (%s/%s): Allow %s "
				    "%lu %s%s", (unsigned long)ep->id, ep->ns,
				    ep->pod, egress ? "Egress" : "Ingress",
				    (unsigned long)be->identity,
				    be->port_proto != NULL ? be->port_proto :
				    "", be->packets == 0 ? ", 0 packets "
				    "(never hit)" : "");
				cited++;
			}
			if (!has_target && cited > 0)
				finding_evidence(ctx, f, a->bpf_policy->path,
				    pm->line, "endpoint %lu (%s/%s): no %s "
				    "entry for port %lu", (unsigned long)ep->id,
				    ep->ns, ep->pod, egress ? "egress" :
				    "ingress", (unsigned long)target);
		}
	}
}

static void
svc_port_finding(struct eval_ctx *ctx, const struct policy *p,
    const struct policy_rule *r, const struct policy_elem *e,
    const struct k8s_service *s, const struct idx_list *backends,
    const struct port_map *pm, size_t npm)
{
	struct model *m = ctx->m;
	struct idx_list subjects = { NULL, 0, 0 }, peers = { NULL, 0, 0 };
	struct id_list subj_ids = { NULL, 0, 0 }, peer_ids = { NULL, 0, 0 };
	struct id_list back_ids = { NULL, 0, 0 };
	struct buf svc = BUF_INIT, tgt = BUF_INIT, pt = BUF_INIT;
	struct buf fix = BUF_INIT, names = BUF_INIT;
	struct eval_flow_query q;
	struct finding *f;
	bool in = e->dir == DIR_INGRESS, knp = p->kind == POLICY_KNP, wild;
	unsigned long drops = 0;
	size_t i;

	rule_subjects(m, r, &subjects, &subj_ids);
	elem_peer_endpoints(m, e, &peers, &peer_ids, &wild);
	for (i = 0; i < backends->n; i++)
		id_add(&back_ids, m->endpoints[backends->v[i]].identity);
	f = eval_finding_new(ctx);
	policy_subject(ctx, f, p);
	finding_subject(ctx, f, "Service", s->ns, s->name);
	check_affect_endpoints(ctx, f, in ? backends->v : subjects.v,
	    in ? backends->n : subjects.n);
	for (i = 0; i < npm; i++) {
		buf_addf(&svc, "%s%u/%s", i ? ", " : "", pm[i].sp->port,
		    svc_proto(pm[i].sp));
		buf_addf(&tgt, "%s%u%s", i ? ", " : "", pm[i].target,
		    pm[i].sp->target_port_name != NULL ? arena_printf(
		    ctx->out->a, " (named port \"%s\")",
		    pm[i].sp->target_port_name) : "");
		finding_evidence(ctx, f, p->src.path, pm[i].pp_line,
		    "toPorts: port %u/%s (%s %s)", pm[i].pp->port,
		    pm[i].pp->protocol, policy_kind_short(p->kind), p->name);
	}
	for (i = 0; i < npm; i++)
		finding_evidence(ctx, f, s->src.path, s->src.line, "Service "
		    "%s/%s: port %u/%s -> targetPort %s", s->ns, s->name,
		    pm[i].sp->port, svc_proto(pm[i].sp),
		    pm[i].sp->target_port_name != NULL ?
		    pm[i].sp->target_port_name : arena_printf(ctx->out->a,
		    "%u", pm[i].target));
	for (i = 0; i < npm; i++)
		if (pm[i].cpod != NULL && pm[i].cport != NULL)
			finding_evidence(ctx, f, pm[i].cpod->src.path,
			    pm[i].cpod->src.line, "pod %s/%s: containerPort "
			    "%u%s%s%s", pm[i].cpod->ns, pm[i].cpod->name,
			    pm[i].cport->port, pm[i].cport->name != NULL ?
			    " (" : "", pm[i].cport->name != NULL ?
			    pm[i].cport->name : "", pm[i].cport->name != NULL ?
			    ")" : "");
	for (i = 0; i < npm; i++)
		lb_evidence(ctx, f, s, pm[i].sp, false);
	for (i = 0; i < npm; i++)
		bpf_port_evidence(ctx, f, in ? backends : &subjects, !in,
		    pm[i].sp->port, pm[i].target);
	memset(&q, 0, sizeof(q));
	q.dir = in ? FLOW_DIR_INGRESS : FLOW_DIR_EGRESS;
	if (in) {
		q.local_ids = back_ids.v;
		q.nlocal_ids = back_ids.n;
		if (!wild && e->nentities == 0) {
			q.peer_ids = peer_ids.v;
			q.npeer_ids = peer_ids.n;
		}
	} else {
		q.local_ids = subj_ids.v;
		q.nlocal_ids = subj_ids.n;
		q.peer_ids = back_ids.v;
		q.npeer_ids = back_ids.n;
	}
	for (i = 0; i < npm && q.nlocal_ids > 0 &&
	    (q.peer_ids == NULL || q.npeer_ids > 0); i++) {
		q.port = pm[i].target;
		q.l4 = check_l4_of(svc_proto(pm[i].sp));
		drops += eval_flow_drops(ctx, f, &q, i == 0 ? 4 : 1);
	}
	peers_text(&pt, e);
	check_endpoint_names(&names, m, backends->v, backends->n, 4);
	finding_title(ctx, f, "%s allows port %s, the port of Service %s/%s; "
	    "its pods receive on targetPort %s", check_policy_ref(ctx, p),
	    svc.ptr, s->ns, s->name, tgt.ptr);
	finding_message(ctx, f, "%s allows %s %s on port %s. That is the port "
	    "of Service %s/%s%s, which forwards it to targetPort %s on its "
	    "pods (%s). Cilium enforces policy after the service translation, "
	    "on the backend pod and its targetPort, so connections through "
	    "the Service arrive on port %s, which this rule does not allow%s.",
	    check_policy_ref(ctx, p), in ? "ingress from" : "egress to",
	    in ? pt.ptr : arena_printf(ctx->out->a, "%s (the pods behind "
	    "Service %s/%s)", pt.ptr, s->ns, s->name), svc.ptr, s->ns,
	    s->name, s->cluster_ip != NULL && strcmp(s->cluster_ip, "None") !=
	    0 ? arena_printf(ctx->out->a, " (%s)", s->cluster_ip) : "",
	    tgt.ptr, names.ptr, tgt.ptr, drops ? arena_printf(ctx->out->a,
	    " (%lu packet%s dropped on the targetPort)", drops,
	    drops == 1 ? "" : "s") : "");
	buf_addf(&fix, "Allow the targetPort, not the Service port: policy "
	    "applies after the Service's DNAT. In %s (line %lu), change the "
	    "port to\n\n", check_policy_ref(ctx, p), pm[0].pp_line);
	buf_addf(&fix, "  %s:\n", knp ? "ports" : "toPorts");
	if (!knp)
		buf_addstr(&fix, "  - ports:\n");
	for (i = 0; i < npm; i++) {
		if (knp)
			buf_addf(&fix, "  - port: %u\n    protocol: %s\n",
			    pm[i].target, svc_proto(pm[i].sp));
		else
			buf_addf(&fix, "    - port: \"%u\"\n"
			    "      protocol: %s\n",
			    pm[i].target, svc_proto(pm[i].sp));
	}
	for (i = 0; i < npm; i++)
		if (pm[i].sp->target_port_name != NULL)
			buf_addf(&fix, "\n(or the named port \"%s\", which "
			    "Cilium resolves per pod)",
			    pm[i].sp->target_port_name);
	finding_remediation(ctx, f, "%s", fix.ptr);
	/* Nothing says the pods do not also listen on the Service port. */
	for (i = 0; i < npm; i++)
		if (pm[i].cport == NULL && drops == 0)
			f->confidence = 0.7;
	free(subjects.v);
	free(peers.v);
	free(subj_ids.v);
	free(peer_ids.v);
	free(back_ids.v);
	buf_release(&svc);
	buf_release(&tgt);
	buf_release(&pt);
	buf_release(&fix);
	buf_release(&names);
}

/* Which of the Service's ports does the element allow in place of its
 * targetPort?  Fills pm (one per Service port). */
static size_t
svc_port_mismatches(const struct model *m, const struct policy_elem *e,
    const struct k8s_service *s, const struct idx_list *backends,
    struct port_map *pm)
{
	size_t i, k, n = 0;

	for (i = 0; i < s->nports; i++) {
		const struct svc_port *sp = &s->ports[i];
		const char *proto = svc_proto(sp);
		struct port_map x;
		bool listens = false;

		memset(&x, 0, sizeof(x));
		x.sp = sp;
		for (k = 0; k < backends->n; k++) {
			const struct k8s_pod *pod =
			    m->endpoints[backends->v[k]].k8s_pod;
			const struct container_port *cp;

			cp = sp->target_port_name != NULL ?
			    pod_named_port(pod, sp->target_port_name, proto) :
			    pod_port(pod, sp->target_port, proto);
			if (cp != NULL && x.cport == NULL) {
				x.cport = cp;
				x.cpod = pod;
			}
			if (pod_port(pod, sp->port, proto) != NULL)
				listens = true;
		}
		x.target = sp->target_port_name != NULL ? (x.cport != NULL ?
		    x.cport->port : 0) : sp->target_port;
		if (x.target == 0 || x.target == sp->port || listens)
			continue;
		if ((x.pp = elem_port(e, sp->port, proto, true, &x.pp_line)) ==
		    NULL)
			continue;
		if (elem_port(e, x.target, proto, false, NULL) != NULL ||
		    (sp->target_port_name != NULL &&
		    elem_names_port(e, sp->target_port_name)))
			continue;
		pm[n++] = x;
	}
	return n;
}

static void
svc_port_element(struct eval_ctx *ctx, const struct policy *p,
    const struct policy_rule *r, const struct policy_elem *e)
{
	struct model *m = ctx->m;
	struct idx_list cand = { NULL, 0, 0 }, back = { NULL, 0, 0 };
	struct id_list ids = { NULL, 0, 0 };
	struct port_map *pm = NULL;
	size_t i, k, npm;
	bool wild;

	if (e->dir == DIR_INGRESS)
		rule_subjects(m, r, &cand, NULL);
	else {
		elem_peer_endpoints(m, e, &cand, &ids, &wild);
		if (wild)
			goto out;
	}
	for (i = 0; i < m->nservices; i++) {
		const struct k8s_service *s = &m->services[i];

		if (!s->has_selector || s->nports == 0 || (s->type != NULL &&
		    strcmp(s->type, "ExternalName") == 0))
			continue;
		back.n = 0;
		for (k = 0; k < cand.n; k++)
			if (svc_selects_pod(s, m->endpoints[cand.v[k]].k8s_pod))
				idx_add(&back, cand.v[k]);
		if (back.n == 0)
			continue;
		pm = xreallocarray(pm, s->nports, sizeof(*pm));
		if ((npm = svc_port_mismatches(m, e, s, &back, pm)) > 0)
			svc_port_finding(ctx, p, r, e, s, &back, pm, npm);
	}
out:
	free(cand.v);
	free(back.v);
	free(ids.v);
	free(pm);
}

void
check_svc_port_vs_targetport(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	size_t i, j, k;

	if (m->npolicies == 0)
		return;
	if (m->nservices == 0) {
		eval_not_evaluated(ctx, "the sysdump has policies but no "
		    "Services (k8s-services-<ts>.yaml)");
		return;
	}
	for (i = 0; i < m->npolicies; i++) {
		const struct policy *p = &m->policies[i];

		if (!check_policy_in_force(p))
			continue;
		for (j = 0; j < p->nrules; j++)
			for (k = 0; k < p->rules[j].nelems; k++) {
				const struct policy_elem *e =
				    &p->rules[j].elems[k];

				if (e->deny || e->nto_ports == 0 ||
				    p->rules[j].node_selector)
					continue;
				svc_port_element(ctx, p, &p->rules[j], e);
			}
	}
}

/* --- SVC-NO-ENDPOINTS ---------------------------------------------------- */

static bool
pod_ready(const struct k8s_pod *pod)
{
	return pod->ready && (pod->phase == NULL ||
	    strcmp(pod->phase, "Running") == 0);
}

/* The ready addresses of the Service's Endpoints/EndpointSlices; -1: none. */
static long
svc_ready_addrs(const struct model *m, const struct k8s_service *s,
    const struct k8s_endpoints **first)
{
	long n = -1;
	size_t i, j;

	*first = NULL;
	for (i = 0; i < m->nk8s_endpoints; i++) {
		const struct k8s_endpoints *ep = &m->k8s_endpoints[i];

		if (ep->ns == NULL || ep->name == NULL ||
		    strcmp(ep->ns, s->ns) != 0 ||
		    strcmp(ep->name, s->name) != 0)
			continue;
		if (*first == NULL)
			*first = ep;
		if (n < 0)
			n = 0;
		for (j = 0; j < ep->naddrs; j++)
			n += ep->addrs[j].ready;
	}
	return n;
}

/* "app=web,tier=api" of a Service selector. */
static void
svc_selector_text(struct buf *b, const struct k8s_service *s)
{
	size_t i;

	for (i = 0; i < s->selector.n; i++)
		buf_addf(b, "%s%s=%s", i ? "," : "", s->selector.v[i].key,
		    s->selector.v[i].value);
}

/*
 * Pods of the namespace that match part of the selector: name the label
 * that differs ("did you mean").  Returns how many were cited.
 */
static size_t
svc_near_misses(struct eval_ctx *ctx, struct finding *f,
    const struct k8s_service *s, struct buf *hint)
{
	struct model *m = ctx->m;
	size_t i, j, n = 0;

	for (i = 0; i < m->npods && n < 3; i++) {
		const struct k8s_pod *pod = &m->pods[i];
		const struct label *miss = NULL;
		const char *have = NULL;
		size_t hits = 0;

		if (pod->ns == NULL || strcmp(pod->ns, s->ns) != 0)
			continue;
		for (j = 0; j < s->selector.n; j++) {
			const char *v = labelset_get(&pod->labels, "k8s",
			    s->selector.v[j].key);

			if (v != NULL && strcmp(v, s->selector.v[j].value) == 0)
				hits++;
			else if (miss == NULL) {
				miss = &s->selector.v[j];
				have = v;
			}
		}
		if (hits == 0 || miss == NULL)
			continue;
		finding_evidence(ctx, f, pod->src.path, pod->src.line, "pod "
		    "%s/%s: %s=%s", pod->ns, pod->name, miss->key,
		    have != NULL ? have : "(label absent)");
		buf_addf(hint, "%s%s/%s has %s%s%s", n ? "; " : "", pod->ns,
		    pod->name, miss->key, have != NULL ? "=" : "",
		    have != NULL ? have : " unset");
		n++;
	}
	return n;
}

static void
svc_no_endpoints_one(struct eval_ctx *ctx, const struct k8s_service *s)
{
	struct model *m = ctx->m;
	const struct k8s_endpoints *eps;
	struct buf sel = BUF_INIT, hint = BUF_INIT, missing = BUF_INIT;
	struct finding *f;
	size_t i, j, nmatch = 0, nready = 0;
	long ready_addrs = svc_ready_addrs(m, s, &eps);
	bool headless = s->cluster_ip != NULL &&
	    strcmp(s->cluster_ip, "None") == 0;

	svc_selector_text(&sel, s);
	for (i = 0; i < m->npods; i++)
		if (svc_selects_pod(s, &m->pods[i])) {
			nmatch++;
			nready += pod_ready(&m->pods[i]);
		}
	if (nready == 0) {
		/* The endpoints controller says otherwise: trust it. */
		if (ready_addrs > 0)
			goto out;
		f = eval_finding_new(ctx);
		finding_subject(ctx, f, "Service", s->ns, s->name);
		finding_affected(ctx, f, s->ns, s->name);
		finding_evidence(ctx, f, s->src.path, s->src.line, "Service "
		    "%s/%s: selector %s", s->ns, s->name, sel.ptr);
		for (i = 0; i < m->npods; i++)
			if (svc_selects_pod(s, &m->pods[i])) {
				finding_affected(ctx, f, m->pods[i].ns,
				    m->pods[i].name);
				finding_evidence(ctx, f, m->pods[i].src.path,
				    m->pods[i].src.line, "pod %s/%s: phase %s, "
				    "not ready", m->pods[i].ns, m->pods[i].name,
				    m->pods[i].phase != NULL ?
				    m->pods[i].phase : "unknown");
			}
		if (nmatch == 0)
			svc_near_misses(ctx, f, s, &hint);
		if (eps != NULL)
			finding_evidence(ctx, f, eps->src.path, eps->src.line,
			    "%s %s/%s: no ready addresses", eps->slice ?
			    "EndpointSlice of" : "Endpoints", s->ns, s->name);
		for (i = 0; i < s->nports; i++)
			lb_evidence(ctx, f, s, &s->ports[i], true);
		finding_title(ctx, f, "Service %s/%s has no ready backend: its "
		    "selector %s matches %s", s->ns, s->name, sel.ptr,
		    nmatch == 0 ? "no pod" : "only pods that are not ready");
		finding_message(ctx, f, "Service %s/%s%s selects pods with %s "
		    "in namespace %s; %s. Connections to it %s.%s%s",
		    s->ns, s->name, headless ? " (headless)" : "", sel.ptr,
		    s->ns, nmatch == 0 ? "no pod has these labels" :
		    arena_printf(ctx->out->a, "%zu pod%s match%s but none is "
		    "ready", nmatch, nmatch == 1 ? "" : "es", nmatch == 1 ?
		    "es" : ""), headless ? "resolve to no address" :
		    "have no backend to go to and fail (drops with reason "
		    "\"Service backend not found\" under kube-proxy "
		    "replacement)", hint.len ? " Closest pods: " : "",
		    hint.len ? hint.ptr : "");
		finding_remediation(ctx, f, "%s", nmatch == 0 ?
		    arena_printf(ctx->out->a, "Make spec.selector of Service "
		    "%s/%s (%s) match the labels of the pods meant to serve "
		    "it (`kubectl get pods -n %s --show-labels`), or fix the "
		    "pods' labels.", s->ns, s->name, sel.ptr, s->ns) :
		    arena_printf(ctx->out->a, "Find why the pods of %s/%s are "
		    "not ready (`kubectl describe pod -n %s -l %s`): failing "
		    "readiness probes, crashes or pending scheduling.", s->ns,
		    s->name, s->ns, sel.ptr));
		if (eps == NULL)
			f->confidence = 0.8;
		goto out;
	}
	/* A named targetPort that no ready pod declares has no endpoint. */
	for (i = 0; i < s->nports; i++) {
		const struct svc_port *sp = &s->ports[i];
		const struct k8s_pod *any = NULL;
		size_t declare = 0;

		if (sp->target_port_name == NULL)
			continue;
		for (j = 0; j < m->npods; j++) {
			if (!svc_selects_pod(s, &m->pods[j]) ||
			    !pod_ready(&m->pods[j]))
				continue;
			if (any == NULL)
				any = &m->pods[j];
			declare += pod_named_port(&m->pods[j],
			    sp->target_port_name, svc_proto(sp)) != NULL;
		}
		if (declare > 0 || any == NULL)
			continue;
		buf_reset(&missing);
		for (j = 0; j < any->nports; j++)
			buf_addf(&missing, "%s%s%s%u/%s",
			    missing.len ? ", " : "",
			    any->ports[j].name != NULL ? any->ports[j].name :
			    "",
			    any->ports[j].name != NULL ? "=" : "",
			    any->ports[j].port, any->ports[j].protocol != NULL ?
			    any->ports[j].protocol : "TCP");
		f = eval_finding_new(ctx);
		finding_subject(ctx, f, "Service", s->ns, s->name);
		finding_affected(ctx, f, s->ns, s->name);
		finding_evidence(ctx, f, s->src.path, s->src.line, "Service "
		    "%s/%s: port %u/%s -> targetPort \"%s\"", s->ns, s->name,
		    sp->port, svc_proto(sp), sp->target_port_name);
		finding_evidence(ctx, f, any->src.path, any->src.line, "pod "
		    "%s/%s: container ports %s", any->ns, any->name,
		    missing.len ? missing.ptr : "(none declared)");
		lb_evidence(ctx, f, s, sp, true);
		finding_title(ctx, f, "Service %s/%s port %u: no pod declares "
		    "the named targetPort \"%s\"", s->ns, s->name, sp->port,
		    sp->target_port_name);
		finding_message(ctx, f, "Service %s/%s maps port %u/%s to the "
		    "named targetPort \"%s\", but none of its %zu ready pod%s "
		    "declares a container port of that name (%s/%s has %s), so "
		    "the port has no endpoints and connections to it fail.",
		    s->ns, s->name, sp->port, svc_proto(sp),
		    sp->target_port_name, nready, nready == 1 ? "" : "s",
		    any->ns, any->name, missing.len ? missing.ptr : "none");
		finding_remediation(ctx, f, "Name the container port \"%s\" in "
		    "the pods' spec (`ports: [{name: %s, containerPort: "
		    "<port>}]`), or set the Service's targetPort to the number "
		    "the container listens on.", sp->target_port_name,
		    sp->target_port_name);
	}
out:
	buf_release(&sel);
	buf_release(&hint);
	buf_release(&missing);
}

void
check_svc_no_endpoints(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	size_t i;

	if (m->nservices == 0)
		return;
	if (m->npods == 0) {
		eval_not_evaluated(ctx, "the sysdump has Services but no pods "
		    "(k8s-pods-<ts>.yaml)");
		return;
	}
	for (i = 0; i < m->nservices; i++) {
		const struct k8s_service *s = &m->services[i];

		/* Without a selector the endpoints are managed by hand. */
		if (!s->has_selector || s->selector.n == 0 || s->ns == NULL ||
		    s->name == NULL || (s->type != NULL &&
		    strcmp(s->type, "ExternalName") == 0))
			continue;
		svc_no_endpoints_one(ctx, s);
	}
}

/* --- FQDN-NO-DNS-RULE ---------------------------------------------------- */

/* Does an egress element put DNS through the proxy (rules.dns)? */
static bool
elem_has_dns_rule(const struct policy_elem *e)
{
	size_t i;

	if (e->dir != DIR_EGRESS || e->deny)
		return false;
	for (i = 0; i < e->nto_ports; i++)
		if (e->to_ports[i].l7 == L7_DNS)
			return true;
	return false;
}

/* Does an egress element allow port 53 at L4 only? */
static const struct policy_ports *
elem_dns_l4_only(const struct policy_elem *e)
{
	size_t i, j;

	if (e->dir != DIR_EGRESS || e->deny)
		return NULL;
	for (i = 0; i < e->nto_ports; i++) {
		if (e->to_ports[i].l7 != L7_NONE)
			continue;
		for (j = 0; j < e->to_ports[i].nports; j++)
			if (e->to_ports[i].ports[j].port == 53 &&
			    e->to_ports[i].ports[j].name == NULL)
				return &e->to_ports[i];
	}
	return NULL;
}

/*
 * Is a DNS rule in force for the endpoint (some policy that selects it has
 * an egress element with rules.dns)?  With l4 non-NULL, also report an
 * element that allows port 53 without one.
 */
static bool
endpoint_has_dns_rule(const struct model *m, const struct model_endpoint *ep,
    const struct policy **l4_pol, const struct policy_ports **l4)
{
	size_t i, j, k;

	for (i = 0; i < m->npolicies; i++) {
		const struct policy *p = &m->policies[i];

		if (!check_policy_in_force(p) || p->kind == POLICY_KNP)
			continue;
		for (j = 0; j < p->nrules; j++) {
			const struct policy_rule *r = &p->rules[j];

			if (r->node_selector ||
			    !selector_matches(&r->subject, &ep->labels))
				continue;
			for (k = 0; k < r->nelems; k++) {
				if (elem_has_dns_rule(&r->elems[k]))
					return true;
				if (l4 != NULL && *l4 == NULL &&
				    (*l4 = elem_dns_l4_only(&r->elems[k])) !=
				    NULL)
					*l4_pol = p;
			}
		}
	}
	return false;
}

/* A flow to world or to an FQDN/CIDR identity (what toFQDNs allows). */
static bool
peer_is_outside(const struct flow_record *fr, void *arg)
{
	uint32_t id = fr->dst.identity;

	(void)arg;
	return id == 2 || id == 9 || id == 10 || identity_is_local(id);
}

static void
fqdn_element(struct eval_ctx *ctx, const struct policy *p,
    const struct policy_rule *r, const struct policy_elem *e)
{
	struct model *m = ctx->m;
	struct idx_list subjects = { NULL, 0, 0 }, lacking = { NULL, 0, 0 };
	struct id_list ids = { NULL, 0, 0 };
	const struct policy *l4_pol = NULL;
	const struct policy_ports *l4 = NULL;
	const struct model_endpoint *dns = NULL;
	struct buf names = BUF_INIT, fq = BUF_INIT, fix = BUF_INIT;
	struct eval_flow_query q;
	struct finding *f;
	unsigned long drops, dns_drops;
	size_t i;

	rule_subjects(m, r, &subjects, NULL);
	for (i = 0; i < subjects.n; i++) {
		const struct model_endpoint *ep = &m->endpoints[subjects.v[i]];

		if (endpoint_has_dns_rule(m, ep, &l4_pol, &l4))
			continue;
		idx_add(&lacking, subjects.v[i]);
		id_add(&ids, ep->identity);
	}
	if (lacking.n == 0)
		goto out;
	for (i = 0; i < e->nfqdns; i++)
		buf_addf(&fq, "%s%s%s", i ? ", " : "",
		    e->fqdns[i].match_name != NULL ? "matchName " :
		    "matchPattern ", e->fqdns[i].match_name != NULL ?
		    e->fqdns[i].match_name : e->fqdns[i].match_pattern != NULL ?
		    e->fqdns[i].match_pattern : "?");
	f = eval_finding_new(ctx);
	policy_subject(ctx, f, p);
	check_affect_endpoints(ctx, f, lacking.v, lacking.n);
	finding_evidence(ctx, f, p->src.path, e->line, "toFQDNs: %s (%s %s)",
	    fq.ptr, policy_kind_short(p->kind), p->name);
	if (l4 != NULL)
		finding_evidence(ctx, f, l4_pol->src.path, l4->line,
		    "port 53 allowed without rules.dns (%s %s%s%s): DNS passes "
		    "but not through the DNS proxy", policy_kind_short(
		    l4_pol->kind), l4_pol->ns, *l4_pol->ns != '\0' ? "/" : "",
		    l4_pol->name);
	memset(&q, 0, sizeof(q));
	q.dir = FLOW_DIR_EGRESS;
	q.local_ids = ids.v;
	q.nlocal_ids = ids.n;
	drops = 0;
	dns_drops = 0;
	if (ids.n > 0) {
		q.pred = peer_is_outside;
		drops = element_drops(ctx, f, e, &q, 3);
		q.pred = NULL;
		q.port = 53;
		q.l4 = FLOW_L4_NONE;
		dns_drops = eval_flow_drops(ctx, f, &q, 2);
	}
	check_endpoint_names(&names, m, lacking.v, lacking.n, 4);
	finding_title(ctx, f, "%s allows toFQDNs (%s) but no policy sends the "
	    "pods' DNS through the DNS proxy: no IP is ever learned",
	    check_policy_ref(ctx, p), fq.ptr);
	finding_message(ctx, f, "%s allows egress to %s for %s. Cilium learns "
	    "the IPs of these names only from DNS answers that its DNS proxy "
	    "sees, which takes an egress rule with `rules: dns:` on port 53 "
	    "in a policy selecting the same pods; none of the policies "
	    "selecting %s has one%s. No IP is allowed, so connections to "
	    "these names are dropped%s.", check_policy_ref(ctx, p), fq.ptr,
	    names.ptr, lacking.n == 1 ? "it" : "them", l4 != NULL ?
	    arena_printf(ctx->out->a, " (%s %s%s%s allows port 53 at L4 "
	    "only, which lets DNS through without the proxy)",
	    policy_kind_name(l4_pol->kind), l4_pol->ns,
	    *l4_pol->ns != '\0' ? "/" : "", l4_pol->name) : "",
	    drops + dns_drops ? arena_printf(ctx->out->a, " (%lu to outside "
	    "addresses and %lu DNS packet%s dropped)", drops, dns_drops,
	    dns_drops == 1 ? "" : "s") : "");
	for (i = 0; i < m->nendpoints && dns == NULL; i++) {
		const char *v = labelset_get(&m->endpoints[i].labels, "k8s",
		    "k8s-app");

		if (v != NULL && strcmp(v, "kube-dns") == 0 &&
		    m->endpoints[i].ns != NULL)
			dns = &m->endpoints[i];
	}
	buf_addf(&fix, "Add a DNS rule next to the toFQDNs rule in %s (or in "
	    "any policy selecting the same pods), so the DNS proxy sees the "
	    "answers:\n\n  egress:\n  - toEndpoints:\n    - matchLabels:\n"
	    "        k8s:io.kubernetes.pod.namespace: %s\n"
	    "        k8s:k8s-app: kube-dns\n    toPorts:\n    - ports:\n"
	    "      - port: \"53\"\n        protocol: ANY\n      rules:\n"
	    "        dns:\n        - matchPattern: \"*\"\n",
	    check_policy_ref(ctx, p), dns != NULL ? dns->ns : "kube-system");
	if (l4 != NULL)
		buf_addf(&fix, "\n(%s %s%s%s already allows port 53: adding "
		    "`rules: dns` there works too.)", policy_kind_name(
		    l4_pol->kind), l4_pol->ns, *l4_pol->ns != '\0' ? "/" : "",
		    l4_pol->name);
	finding_remediation(ctx, f, "%s", fix.ptr);
out:
	free(subjects.v);
	free(lacking.v);
	free(ids.v);
	buf_release(&names);
	buf_release(&fq);
	buf_release(&fix);
}

void
check_fqdn_no_dns_rule(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	const char *opt = model_config(m, "fqdn-policy-dns-server-ips");
	size_t i, j, k;

	/* Newest main: toFQDNs rules may allow their own DNS servers. */
	if (opt != NULL && *opt != '\0')
		return;
	for (i = 0; i < m->npolicies; i++) {
		const struct policy *p = &m->policies[i];

		if (!check_policy_in_force(p))
			continue;
		for (j = 0; j < p->nrules; j++)
			for (k = 0; k < p->rules[j].nelems; k++) {
				const struct policy_elem *e =
				    &p->rules[j].elems[k];

				if (e->nfqdns == 0 || e->deny ||
				    e->dir != DIR_EGRESS)
					continue;
				fqdn_element(ctx, p, &p->rules[j], e);
			}
	}
}
