/*
 * check_drops.c: drop correlation, the rules DROP-POLICY-DENIED and
 * DROP-POLICY-DENYLIST.
 *
 * Hubble reports a packet dropped by policy with drop reason 133
 * POLICY_DENIED when no allow rule of the enforcing endpoint matches it
 * (default deny, policy-semantics.md E.1) and 181 POLICY_DENY when a deny
 * rule matches it (E.3: "Policy denied by denylist"); both come from the
 * endpoint's policy map lookup (bpf/lib/policy.h, DROP_POLICY and
 * DROP_POLICY_DENY in bpf/lib/common.h).  The checks group the drops of
 * every flow file by source identity, destination identity, destination
 * port, protocol and direction.  A drop that a root-cause finding already
 * counted (eval_flow_drops with that finding: a selector typo, a CIDR on
 * pods, ...) is that finding's evidence and is left to it; a group whose
 * drops are all explained is not reported, a partly explained one only for
 * the remainder.  For each group left, the verdict engine (verdict.h)
 * traces a representative flow of it, and the finding is its near-miss
 * analysis: which rule nearly allowed the traffic and what stopped it (or,
 * for a denylist drop, the deny rule that matched), with the suggested
 * change as the remediation.  When the engine finds the traffic allowed
 * although Hubble saw it dropped, the realized state disagrees with the
 * policies in the sysdump (a stale endpoint, or a policy the sysdump lacks)
 * and the finding says so with a lower confidence.
 *
 * The drops come from every flow source of the model (art_flow.h): Hubble
 * flows (JSON, or compact text: art_hubble_text.h), `cilium-dbg monitor`
 * captures and monitor events in agent logs (art_monitor.h); a drop event
 * whose direction is unknown has its group traced both ways.  Drops for AUTH_REQUIRED (189), packets an allow
 * rule admits only after mutual authentication, are grouped too and
 * reported under DROP-POLICY-DENIED with the rule that requires it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check_util.h"
#include "checks.h"
#include "cmdtext.h"
#include "eval.h"
#include "eval_flow.h"
#include "model.h"
#include "policy.h"
#include "ptrmap.h"
#include "verdict.h"
#include "xalloc.h"

#define DROP_POLICY_DENIED	133	/* DROP_POLICY, bpf/lib/common.h */
#define DROP_POLICY_DENY	181	/* DROP_POLICY_DENY */
#define DROP_AUTH_REQUIRED	189	/* DROP_POLICY_AUTH_REQUIRED */
#define DROPS_NAMES_KEPT	64	/* distinct peers kept per group side */
#define DROPS_NAMES_SHOWN	2
#define DROPS_LABELS_SHOWN	4
#define DROPS_NO_GROUP		((size_t)-1)

static const char *const miss_words[] = {
#define X(e, s) s,
	VERDICT_MISSES(X)
#undef X
};

/* One side's peers in a group: "ns/pod", or the IP of a non-pod. */
struct dnames {
	const char	*ns[DROPS_NAMES_KEPT];
	const char	*pod[DROPS_NAMES_KEPT];	/* NULL: not a pod */
	const char	*text[DROPS_NAMES_KEPT];
	size_t		 n;
	bool		 more;		/* beyond DROPS_NAMES_KEPT */
};

struct dgroup {
	enum flow_direction	 dir;
	uint32_t		 src_id;
	uint32_t		 dst_id;
	uint32_t		 port;
	enum flow_l4_proto	 l4;
	const struct flow_record *rep;		/* first unexplained drop */
	unsigned long		 n;		/* unexplained drops */
	unsigned long		 nexplained;
	const struct rule	*by;		/* explains the first of those */
	unsigned		 sources;	/* 1 << enum flow_source */
	/* Unexplained drops per source; n is the largest (see scan). */
	unsigned long		 nsrc[FLOW_NSOURCES];
	struct dnames		 src;
	struct dnames		 dst;
	size_t			 next;		/* same (src_id, dst_id) */
};

struct dscan {
	struct eval_ctx		*ctx;
	uint32_t		 reason;
	struct ptrmap		 explained;	/* flow -> explained index */
	struct ptrmap		 heads;		/* (src_id, dst_id) -> group */
	struct dgroup		*g;
	size_t			 ng;
	size_t			 gcap;
};

/* A drop event of the reason (the policy-verdict event repeats one). */
static bool
is_drop(const struct flow_record *fr, uint32_t reason)
{
	return eval_flow_is_dropped_packet(fr) && fr->drop_reason == reason;
}

static void
names_add(struct eval_ctx *ctx, struct dnames *d, const struct flow_endpoint *e,
    const char *ip)
{
	const char *text;
	size_t i;

	if (e->pod_name != NULL)
		text = arena_printf(ctx->out->a, "%s%s%s", e->namespace != NULL ?
		    e->namespace : "", e->namespace != NULL ? "/" : "",
		    e->pod_name);
	else if (ip != NULL)
		text = ip;
	else
		text = arena_printf(ctx->out->a, "identity %lu",
		    (unsigned long)e->identity);
	for (i = 0; i < d->n; i++)
		if (strcmp(d->text[i], text) == 0)
			return;
	if (d->n == DROPS_NAMES_KEPT) {
		d->more = true;
		return;
	}
	d->ns[d->n] = e->namespace;
	d->pod[d->n] = e->pod_name;
	d->text[d->n++] = text;
}

/* "shop/a", "shop/a and shop/b", "shop/a, shop/b and 3 more". */
static const char *
names_text(struct eval_ctx *ctx, const struct dnames *d)
{
	struct buf b = BUF_INIT;
	const char *r;
	size_t i, shown = d->n < DROPS_NAMES_SHOWN ? d->n : DROPS_NAMES_SHOWN;

	for (i = 0; i < shown; i++)
		buf_addf(&b, "%s%s", i == 0 ? "" : i + 1 == d->n ? " and " :
		    ", ", d->text[i]);
	if (d->n > shown || d->more)
		buf_addf(&b, " and %s%zu more", d->more ? "over " : "",
		    d->n - shown);
	r = arena_strdup(ctx->out->a, b.ptr != NULL ? b.ptr : "?");
	buf_release(&b);
	return r;
}

/* Is the identity label worth showing (not a policy-internal one)? */
static bool
label_shown(const struct label *l)
{
	return strncmp(l->key, "io.cilium.k8s.", 14) != 0 &&
	    strcmp(l->key, "io.kubernetes.pod.namespace") != 0;
}

/*
 * "identity 21093: k8s:app=frontend, k8s:tier=web in namespace shop", from
 * the model's identities, else the flow's own labels.
 */
static const char *
identity_text(struct eval_ctx *ctx, uint32_t id, const struct flow_endpoint *e)
{
	const struct model_identity *mi = model_identity_find(ctx->m, id);
	struct buf b = BUF_INIT;
	const char *r, *ns = NULL;
	size_t i, shown = 0;

	buf_addf(&b, "identity %lu", (unsigned long)id);
	if (mi != NULL && mi->labels.n > 0) {
		ns = labelset_get(&mi->labels, "k8s",
		    "io.kubernetes.pod.namespace");
		for (i = 0; i < mi->labels.n; i++) {
			if (!label_shown(&mi->labels.v[i]))
				continue;
			if (shown++ == DROPS_LABELS_SHOWN) {
				buf_addstr(&b, ", ...");
				break;
			}
			buf_addstr(&b, shown == 1 ? ": " : ", ");
			label_format(&b, &mi->labels.v[i]);
		}
	} else
		for (i = 0; i < e->nlabels; i++) {
			if (strstr(e->labels[i], "io.cilium.k8s.") != NULL ||
			    strstr(e->labels[i], "io.kubernetes.pod.namespace")
			    != NULL)
				continue;
			if (shown++ == DROPS_LABELS_SHOWN) {
				buf_addstr(&b, ", ...");
				break;
			}
			buf_addf(&b, "%s%s", shown == 1 ? ": " : ", ",
			    e->labels[i]);
		}
	if (ns == NULL)
		ns = e->namespace;
	if (ns != NULL)
		buf_addf(&b, " in namespace %s", ns);
	r = arena_strdup(ctx->out->a, b.ptr);
	buf_release(&b);
	return r;
}

static struct dgroup *
group_of(struct dscan *s, const struct flow_record *fr)
{
	const void *k1 = (const void *)(uintptr_t)fr->src.identity;
	const void *k2 = (const void *)(uintptr_t)fr->dst.identity;
	size_t head, i, last = DROPS_NO_GROUP;
	struct dgroup *g;

	if (ptrmap_get(&s->heads, k1, k2, &head))
		for (i = head; i != DROPS_NO_GROUP; i = s->g[i].next) {
			g = &s->g[i];
			if (g->dir == fr->direction && g->port == fr->dst_port &&
			    g->l4 == fr->l4)
				return g;
			last = i;
		}
	s->g = xgrow(s->g, &s->gcap, s->ng + 1, sizeof(*s->g));
	g = &s->g[s->ng];
	memset(g, 0, sizeof(*g));
	g->dir = fr->direction;
	g->src_id = fr->src.identity;
	g->dst_id = fr->dst.identity;
	g->port = fr->dst_port;
	g->l4 = fr->l4;
	g->next = DROPS_NO_GROUP;
	if (last == DROPS_NO_GROUP)
		ptrmap_put(&s->heads, k1, k2, s->ng);
	else
		s->g[last].next = s->ng;
	s->ng++;
	return g;
}

/* Group the drops of the reason, in flow-file order. */
static void
scan(struct dscan *s)
{
	const struct findings *out = s->ctx->out;
	const struct model *m = s->ctx->m;
	size_t i, j, k;

	for (k = 0; k < out->nexplained; k++)
		if (!ptrmap_get(&s->explained, out->explained[k].flow, NULL, &i))
			ptrmap_put(&s->explained, out->explained[k].flow, NULL, k);
	for (i = 0; i < m->nflow_files; i++) {
		const struct flow_result *r = &m->flow_files[i].r;

		for (j = 0; j < r->nflows; j++) {
			const struct flow_record *fr = &r->flows[j];
			struct dgroup *g;

			if (!is_drop(fr, s->reason))
				continue;
			g = group_of(s, fr);
			if (ptrmap_get(&s->explained, fr, NULL, &k)) {
				if (g->nexplained++ == 0)
					g->by = out->explained[k].rule;
				continue;
			}
			if (g->sources == 0)
				g->rep = fr;
			g->sources |= 1u << r->source;
			g->nsrc[r->source]++;
			names_add(s->ctx, &g->src, &fr->src, fr->src_ip !=
			    NULL ? fr->src_ip : fr->src_name_text);
			names_add(s->ctx, &g->dst, &fr->dst, fr->dst_ip !=
			    NULL ? fr->dst_ip : fr->dst_name_text);
		}
	}
	/*
	 * Two captures of one node (Hubble and a monitor capture) may hold
	 * the same packets: a group counts the larger of its sources.
	 */
	for (i = 0; i < s->ng; i++)
		for (k = 0; k < FLOW_NSOURCES; k++)
			if (s->g[i].nsrc[k] > s->g[i].n)
				s->g[i].n = s->g[i].nsrc[k];
}

/* " (12 in Hubble, 5 in a cilium-dbg monitor capture: ...)" */
static void
per_source_text(struct buf *b, const struct dgroup *g)
{
	unsigned k, n = 0;

	if ((g->sources & (g->sources - 1)) == 0)
		return;		/* one source */
	buf_addstr(b, " (");
	for (k = 0; k < FLOW_NSOURCES; k++)
		if (g->nsrc[k] > 0)
			buf_addf(b, "%s%lu in %s", n++ ? ", " : "", g->nsrc[k],
			    flow_source_text((enum flow_source)k));
	buf_addstr(b, ": the captures may hold the same packets, so the "
	    "larger count is given)");
}

struct gq {
	const struct dscan	*s;
	const struct dgroup	*g;
};

/* The query's further test: exactly the group's unexplained drops. */
static bool
in_group(const struct flow_record *fr, void *arg)
{
	const struct gq *x = arg;
	size_t k;

	return fr->drop_reason == x->s->reason &&
	    fr->direction == x->g->dir && fr->src.identity == x->g->src_id &&
	    fr->dst.identity == x->g->dst_id && fr->dst_port == x->g->port &&
	    fr->l4 == x->g->l4 &&
	    !ptrmap_get(&x->s->explained, fr, NULL, &k);
}

/*
 * The verdict engine's peer for one end of a flow: its pod, else the
 * entity of a reserved identity (world by its address when the flow has
 * one), else its IP.  False when none resolves.
 */
static bool
flow_peer(struct model *m, const struct flow_endpoint *e, const char *ip,
    struct verdict_peer *out)
{
	const char *err, *entity = NULL;

	if (e->namespace != NULL && e->pod_name != NULL &&
	    verdict_peer_resolve(m, arena_printf(m->a, "%s/%s", e->namespace,
	    e->pod_name), out, &err) == 0 && out->kind == VPEER_ENDPOINT &&
	    check_streq(out->ep->pod, e->pod_name))
		return true;
	entity = cmdtext_reserved_identity_name(e->identity);
	if (entity != NULL && strncmp(entity, "world", 5) == 0) {
		/*
		 * world, world-ipv4, world-ipv6: its address decides CIDR
		 * and toFQDNs rules, else the entity world.
		 */
		if (ip != NULL && verdict_peer_resolve(m, ip, out, &err) == 0 &&
		    out->kind == VPEER_IP)
			return true;
		entity = "world";
	}
	/* Only host, health, remote-node and kube-apiserver are entities. */
	if (entity != NULL && verdict_peer_resolve(m, entity, out, &err) == 0)
		return true;
	return ip != NULL && verdict_peer_resolve(m, ip, out, &err) == 0;
}

static const char *
dir_word(enum policy_dir d)
{
	return d == DIR_INGRESS ? "ingress" : "egress";
}

static const char *
match_ref(struct eval_ctx *ctx, const struct verdict_match *x)
{
	return arena_printf(ctx->out->a, "%s %s[%zu]",
	    check_policy_ref(ctx, x->policy), x->section, x->index);
}

static void
misses_text(struct buf *b, unsigned why)
{
	unsigned bit, k = 0, n = 0;

	for (bit = 0; bit < VMISS__COUNT; bit++)
		if (why & (1u << bit))
			n++;
	for (bit = 0; bit < VMISS__COUNT; bit++)
		if (why & (1u << bit)) {
			buf_addf(b, "%s%s", k == 0 ? "" : k + 1 == n ? " and " :
			    ", ", miss_words[bit]);
			k++;
		}
	if (n == 0)
		buf_addstr(b, "nothing the engine can name");
}

/* The policies that select the endpoint, as "A, B and C". */
static void
selecting_text(struct eval_ctx *ctx, struct buf *b, const struct verdict_dir *d)
{
	size_t i;

	for (i = 0; i < d->nselecting; i++)
		buf_addf(b, "%s%s", i == 0 ? "" : i + 1 == d->nselecting ?
		    " and " : ", ", check_policy_ref(ctx, d->selecting[i]));
}

/* "the rest (3) is explained by SEL-NO-MATCH, which cites them". */
static void
partial_text(struct buf *b, const struct dgroup *g)
{
	if (g->nexplained == 0)
		buf_addstr(b, " No other finding explains them.");
	else
		buf_addf(b, " %lu more drop%s of this traffic %s explained by "
		    "the %s finding and left to it; these %lu %s not.",
		    g->nexplained, g->nexplained == 1 ? "" : "s",
		    g->nexplained == 1 ? "is" : "are", g->by != NULL ?
		    g->by->id : "another", g->n, g->n == 1 ? "is" : "are");
}

static void
bpf_text(struct buf *b, const struct verdict_dir *d)
{
	if (!d->bpf.present)
		return;
	buf_addf(b, " The realized BPF policy map of endpoint %lu %s it (%s)%s",
	    (unsigned long)d->bpf.endpoint_id, d->bpf.allowed ? "allows" :
	    "drops", d->bpf.text, d->bpf.allowed ? ", unlike the recorded "
	    "drops: the map was updated after them." : ", as the drops "
	    "show.");
}

/*
 * AUTH_REQUIRED: the rule allows the traffic only once the two identities
 * have authenticated each other (authentication.mode: required); until the
 * node's auth map holds the pair, the policy lookup drops the packets
 * (__policy_check in bpf/lib/policy.h; docs network/servicemesh/
 * mutual-authentication).
 */
static void
auth_text(struct eval_ctx *ctx, struct finding *f, const struct dgroup *g,
    const struct verdict_match *am,
    struct buf *msg, struct buf *title, struct buf *fix,
    const struct model_endpoint *aep)
{
	const char *node = aep != NULL && aep->node != NULL ? aep->node :
	    "(unknown)";

	buf_addf(msg, " %s (%s:%lu) allows it only after mutual "
	    "authentication (authentication.mode: required): the datapath "
	    "drops these packets until identities %lu and %lu have "
	    "authenticated each other and the node's auth map holds the pair, "
	    "so the handshake failed or never happened.", match_ref(ctx, am),
	    am->policy->src.path, am->elem->line, (unsigned long)g->src_id,
	    (unsigned long)g->dst_id);
	buf_addf(title, "missing mutual authentication (%lu packet%s): %s "
	    "requires it", g->n, g->n == 1 ? "" : "s", match_ref(ctx, am));
	check_policy_subject(ctx, f, am->policy);
	finding_evidence(ctx, f, am->policy->src.path, am->elem->line,
	    "%s allows %s with mutual authentication required",
	    match_ref(ctx, am), am->peer != NULL ? am->peer : "any peer");
	buf_addf(fix, "Check mutual authentication for node %s: the SPIRE "
	    "server and agent pods run and are ready (namespace cilium-spire "
	    "by default), the Cilium agent log on the node has no "
	    "authentication errors, and `cilium-dbg bpf auth list` in the "
	    "agent lists identities %lu and %lu once traffic was retried. If "
	    "this traffic does not need mutual authentication, remove "
	    "`authentication` from %s.", node, (unsigned long)g->src_id,
	    (unsigned long)g->dst_id, match_ref(ctx, am));
	f->confidence = 0.7;
}

/* Report one group: the near-miss analysis of its representative flow. */
static void
report(struct dscan *s, const struct dgroup *g)
{
	struct eval_ctx *ctx = s->ctx;
	struct model *m = ctx->m;
	const struct flow_record *fr = g->rep;
	struct verdict_query q;
	struct verdict_result vr;
	const struct verdict_dir *d = NULL;
	struct eval_flow_query fq;
	struct gq arg;
	struct finding *f;
	struct buf msg = BUF_INIT, title = BUF_INIT, fix = BUF_INIT;
	const char *srcn, *dstn, *proto, *where, *at, *eid = "<id>";
	const struct model_endpoint *aep;
	enum policy_dir pd;
	bool traced, many, denylist = s->reason == DROP_POLICY_DENY;
	bool authreq = s->reason == DROP_AUTH_REQUIRED;
	const struct verdict_match *am = NULL;
	const char *what = authreq ? "missing mutual authentication" :
	    denylist ? "a deny rule" : "default deny";
	bool l4 = g->l4 == FLOW_L4_TCP || g->l4 == FLOW_L4_UDP ||
	    g->l4 == FLOW_L4_SCTP;
	size_t i;

	f = eval_finding_new(ctx);
	srcn = names_text(ctx, &g->src);
	dstn = names_text(ctx, &g->dst);
	proto = g->l4 != FLOW_L4_NONE ? flow_l4_name(g->l4) : "IP";
	where = l4 ? arena_printf(ctx->out->a, "%lu/%s", (unsigned long)g->port,
	    proto) : proto;

	memset(&q, 0, sizeof(q));
	q.port = l4 ? g->port : 0;
	q.proto = proto;
	traced = flow_peer(m, &fr->src, fr->src_ip, &q.src) &&
	    flow_peer(m, &fr->dst, fr->dst_ip, &q.dst);
	pd = g->dir == FLOW_DIR_EGRESS ? DIR_EGRESS : DIR_INGRESS;
	if (traced) {
		verdict_trace(m, &q, &vr);
		if (g->dir == FLOW_DIR_UNKNOWN && vr.dir[DIR_INGRESS].allowed &&
		    !vr.dir[DIR_EGRESS].allowed)
			pd = DIR_EGRESS;
		d = &vr.dir[pd];
	}
	at = pd == DIR_INGRESS ? dstn : srcn;
	many = pd == DIR_INGRESS ? g->dst.n > 1 || g->dst.more :
	    g->src.n > 1 || g->src.more;

	/* The drops: first and last of the group, and its pods. */
	memset(&fq, 0, sizeof(fq));
	fq.dir = g->dir;
	fq.port = g->port;
	fq.l4 = g->l4;
	arg.s = s;
	arg.g = g;
	fq.pred = in_group;
	fq.arg = &arg;
	eval_flow_drops(ctx, f, &fq, 2);
	for (i = 0; i < g->src.n; i++)
		if (g->src.pod[i] != NULL)
			finding_affected(ctx, f, g->src.ns[i], g->src.pod[i]);
	for (i = 0; i < g->dst.n; i++)
		if (g->dst.pod[i] != NULL)
			finding_affected(ctx, f, g->dst.ns[i], g->dst.pod[i]);

	buf_addf(&msg, "%s recorded %lu packet%s",
	    eval_flow_recorded_by(ctx, g->sources), g->n,
	    g->n == 1 ? "" : "s");
	per_source_text(&msg, g);
	buf_addf(&msg, " from %s (%s) to %s (%s) on %s dropped by policy (%s) "
	    "at the %s of %s.", srcn, identity_text(ctx, g->src_id,
	    &fr->src), dstn, identity_text(ctx, g->dst_id, &fr->dst), where,
	    authreq ? "AUTH_REQUIRED, mutual authentication not done" :
	    denylist ? "POLICY_DENY, a deny rule" : "POLICY_DENIED, default "
	    "deny", dir_word(pd), at);
	partial_text(&msg, g);
	buf_addf(&title, "%s %s from %s to %s dropped by ",
	    pd == DIR_INGRESS ? "Ingress" : "Egress", where, srcn, dstn);

	if (!traced || !d->evaluated) {
		/* Nothing to trace: the sysdump lacks an end of the flow. */
		buf_addf(&msg, " The verdict engine cannot trace it: %s.",
		    !traced ? "an end of the flow is neither a pod of the "
		    "sysdump, a reserved identity nor an IP" : "no Cilium "
		    "endpoint of the sysdump enforces this direction");
		buf_addf(&title, "%s (%lu packet%s); no endpoint in the "
		    "sysdump to trace", what, g->n, g->n == 1 ? "" : "s");
		buf_addf(&fix, "Collect a sysdump that holds the endpoint of "
		    "%s (its CiliumEndpoint and the agent's bugtool on its "
		    "node), then trace the pair with `ctriage trace`.", at);
		f->confidence = 0.3;
	} else if (authreq && d->allowed &&
	    (am = d->auth) != NULL) {
		auth_text(ctx, f, g, am, &msg, &title, &fix, pd == DIR_INGRESS ?
		    q.dst.ep : q.src.ep);
	} else if (d->allowed) {
		/* The policies allow what the datapath dropped. */
		buf_addf(&msg, " Yet the policies in the sysdump %s it at "
		    "the %s of %s (%s", d->audit ? "only audit" : "allow",
		    dir_word(pd), at, verdict_reason_text(d->reason));
		if (d->nallows > 0)
			buf_addf(&msg, ": %s", match_ref(ctx, &d->allows[0]));
		buf_addstr(&msg, "), so the realized policy disagrees with "
		    "them: the endpoint was not regenerated after a policy "
		    "change (stale), or a policy in force is not in the "
		    "sysdump.");
		bpf_text(&msg, d);
		buf_addf(&title, "policy (%lu packet%s) although the policies "
		    "in the sysdump allow it", g->n, g->n == 1 ? "" : "s");
		aep = pd == DIR_INGRESS ? q.dst.ep : q.src.ep;
		if (aep != NULL && aep->id != 0)
			eid = arena_printf(ctx->out->a, "%lu",
			    (unsigned long)aep->id);
		buf_addf(&fix, "Compare what the agent enforces with the "
		    "policies: in the Cilium agent on node %s run `cilium-dbg "
		    "policy get`, `cilium-dbg endpoint get %s` (policy "
		    "revision, state) and `cilium-dbg bpf policy get %s`. A "
		    "policy missing from the sysdump is the cause when the "
		    "agent lists one; otherwise regenerate the endpoint "
		    "(`cilium-dbg endpoint regenerate %s`) and look for "
		    "regeneration errors in the agent log.", aep != NULL &&
		    aep->node != NULL ? aep->node : "(unknown)", eid, eid, eid);
		for (i = 0; i < d->nallows; i++) {
			check_policy_subject(ctx, f, d->allows[i].policy);
			if (i < 2)
				finding_evidence(ctx, f,
				    d->allows[i].policy->src.path,
				    d->allows[i].elem->line, "%s allows %s",
				    match_ref(ctx, &d->allows[i]),
				    d->allows[i].peer != NULL ?
				    d->allows[i].peer : "any peer");
		}
		f->confidence = 0.4;
	} else if (d->reason == VR_DENYLIST) {
		const struct verdict_match *x = &d->denies[0];

		buf_addf(&msg, " %s (%s:%lu) denies it: its peer %s matches "
		    "and a deny takes precedence over every allow (CNP, CCNP "
		    "and KNP alike)", match_ref(ctx, x), x->policy->src.path,
		    x->elem->line, x->peer != NULL ? x->peer : "(any)");
		if (d->nallows > 0)
			buf_addf(&msg, ", including %s which allows it",
			    match_ref(ctx, &d->allows[0]));
		buf_addstr(&msg, ".");
		if (d->ndenies > 1)
			buf_addf(&msg, " %zu more deny rule%s match%s too.",
			    d->ndenies - 1, d->ndenies == 2 ? "" : "s",
			    d->ndenies == 2 ? "es" : "");
		if (!denylist)
			buf_addstr(&msg, " The datapath reported default deny "
			    "(POLICY_DENIED), not a deny rule: the realized "
			    "policy differs from the sysdump's (the deny rule "
			    "is newer than the endpoint's policy).");
		bpf_text(&msg, d);
		buf_addf(&title, "%s (%lu packet%s)", match_ref(ctx, x), g->n,
		    g->n == 1 ? "" : "s");
		for (i = 0; i < d->ndenies; i++) {
			check_policy_subject(ctx, f, d->denies[i].policy);
			if (i < 2)
				finding_evidence(ctx, f,
				    d->denies[i].policy->src.path,
				    d->denies[i].elem->line, "%s denies %s",
				    match_ref(ctx, &d->denies[i]),
				    d->denies[i].peer != NULL ?
				    d->denies[i].peer : "any peer");
		}
		buf_addf(&fix, "If this traffic is wanted, narrow the deny "
		    "rule so that it no longer covers %s from %s to %s, or "
		    "remove it; no allow rule can override it. If it is meant "
		    "to be blocked, the policy works as written.", where, srcn,
		    dstn);
		f->confidence = denylist ? 0.9 : 0.5;
	} else {
		/* Default deny: the near miss. */
		buf_addf(&msg, " %s %s in %s default deny: ", at,
		    many ? "are" : "is", dir_word(pd));
		if (d->nselecting > 0) {
			selecting_text(ctx, &msg, d);
			buf_addf(&msg, " select%s %s and no %s rule of %s allows "
			    "this peer on %s.", d->nselecting == 1 ? "s" : "",
			    many ? "them" : "it", dir_word(pd),
			    d->nselecting == 1 ? "it" : "them", where);
		} else
			buf_addf(&msg, "enable-policy is always, so every "
			    "endpoint is, and no %s rule allows this peer on "
			    "%s.", dir_word(pd), where);
		if (d->has_near) {
			const struct verdict_near *nr = &d->near;

			buf_addf(&msg, " The nearest rule is %s (%s:%lu), "
			    "stopped by the ", match_ref(ctx, &nr->m),
			    nr->m.policy->src.path, nr->m.elem->line);
			misses_text(&msg, nr->why);
			buf_addf(&msg, ": %s.", nr->text);
			buf_addf(&title, "%s (%lu packet%s): nearest "
			    "rule %s misses on the ", authreq ? what :
			    "default deny", g->n, g->n == 1 ? "" : "s",
			    match_ref(ctx, &nr->m));
			misses_text(&title, nr->why);
			check_policy_subject(ctx, f, nr->m.policy);
			finding_evidence(ctx, f, nr->m.policy->src.path,
			    nr->m.elem->line, "%s, the nearest rule: %s",
			    match_ref(ctx, &nr->m), nr->text);
		} else {
			buf_addf(&msg, " None of their %s rules comes near it.",
			    dir_word(pd));
			buf_addf(&title, "%s (%lu packet%s): no %s "
			    "rule allows it", authreq ? what : "default deny",
			    g->n, g->n == 1 ? "" : "s", dir_word(pd));
		}
		if (denylist)
			buf_addstr(&msg, " The datapath reported a deny rule "
			    "(POLICY_DENY) but no deny rule of the sysdump "
			    "matches: a deny policy in force is missing from "
			    "the sysdump, or the endpoint's policy is stale.");
		else if (authreq)
			buf_addstr(&msg, " The datapath found an allow entry "
			    "that requires mutual authentication "
			    "(AUTH_REQUIRED), but no rule of the sysdump "
			    "allows it: the policy in force is missing from "
			    "the sysdump, or the endpoint's policy is stale.");
		bpf_text(&msg, d);
		for (i = 0; i < d->nselecting; i++) {
			check_policy_subject(ctx, f, d->selecting[i]);
			if (!d->has_near && i < 2)
				finding_evidence_src(ctx, f,
				    &d->selecting[i]->src, "%s selects %s: %s "
				    "default deny", check_policy_ref(ctx,
				    d->selecting[i]), at, dir_word(pd));
		}
		buf_addf(&fix, "If %s from %s to %s is wanted, apply this "
		    "change (allows of every policy selecting %s add up, so "
		    "the rule may go into any of them); if it is meant to be "
		    "blocked, the policy works as written.", where, srcn, dstn,
		    at);
		f->confidence = denylist || authreq ? 0.5 : 0.8;
	}
	if (d != NULL && d->bpf.present)
		finding_evidence(ctx, f, d->bpf.src.path, d->bpf.src.line,
		    "endpoint %lu's BPF policy map: %s",
		    (unsigned long)d->bpf.endpoint_id, d->bpf.text);
	if (d != NULL && !d->allowed && d->fix != NULL)
		buf_addf(&fix, "\n\n%s", d->fix);
	if (!l4 && traced)
		buf_addf(&msg, " (The engine compares ports and protocols "
		    "only; %s rules such as icmps are not traced.)", proto);
	/*
	 * What the engine could not decide offline (toFQDNs, toGroups),
	 * unless the nearest rule already says it.
	 */
	for (i = 0; d != NULL && i < d->nnotes; i++)
		if (!(d->has_near && (d->near.why & VMISS_FQDN) &&
		    strstr(d->notes[i], "toFQDNs") != NULL) &&
		    !(am != NULL && d->notes[i] == d->auth_note))
			buf_addf(&msg, " Note: %s.", d->notes[i]);
	finding_title(ctx, f, "%s", title.ptr);
	finding_message(ctx, f, "%s", msg.ptr);
	finding_remediation(ctx, f, "%s", fix.ptr);
	buf_release(&title);
	buf_release(&msg);
	buf_release(&fix);
}

static void
run(struct eval_ctx *ctx, uint32_t reason)
{
	struct dscan s;
	size_t i;

	if (ctx->m->nflow_files == 0) {
		eval_not_evaluated(ctx, "the sysdump holds no Hubble flows "
		    "(hubble-flows-*.json, or `hubble observe` text), no "
		    "`cilium-dbg monitor` capture and no agent log line with "
		    "a monitor drop or policy verdict event");
		return;
	}
	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	s.reason = reason;
	ptrmap_init(&s.explained);
	ptrmap_init(&s.heads);
	scan(&s);
	for (i = 0; i < s.ng; i++)
		if (s.g[i].n > 0)
			report(&s, &s.g[i]);
	free(s.g);
	ptrmap_release(&s.explained);
	ptrmap_release(&s.heads);
}

/*
 * DROP-POLICY-DENIED: the groups of POLICY_DENIED (133) drops that no
 * other finding explains, each with its nearest allow rule and the fix;
 * then those of AUTH_REQUIRED (189), each with the rule that requires
 * mutual authentication.
 */
void
check_drop_policy_denied(struct eval_ctx *ctx)
{
	run(ctx, DROP_POLICY_DENIED);
	run(ctx, DROP_AUTH_REQUIRED);
}

/*
 * DROP-POLICY-DENYLIST: the groups of POLICY_DENY (181) drops that no
 * other finding explains, each naming the deny rule that matched.
 */
void
check_drop_policy_denylist(struct eval_ctx *ctx)
{
	run(ctx, DROP_POLICY_DENY);
}
