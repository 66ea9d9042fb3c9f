/*
 * check_validity.c: built-in checks for policies the agent rejects, or
 * accepts without effect, for one specific reason each.
 *
 * A CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy is parsed as a
 * whole: the first rule that fails validation discards every rule of the
 * object, its allows and the default deny it would put on its endpoints
 * (policy-semantics.md A.1).  Each check here names one cause, so that the
 * generic POL-INVALID-STATUS finding about the same policy folds into it
 * (f->cause):
 *
 *   POL-L3-MIXED (check_pol_l3_mixed): two L3 peer kinds in one rule
 *   element, "Combining <A> and <B> is not supported yet" (l3Members in
 *   pkg/policy/api/rule_validation.go).  Allow sections in every release;
 *   deny sections only since PR #36598 (1.17, backported late in 1.16).
 *
 *   POL-TOSERVICES-TOPORTS-OLD (check_pol_toservices_toports_old):
 *   toServices with toPorts in one egress element.  1.14 to 1.16 reject
 *   the policy (l3DependentL4Support["ToServices"] = false); up to 1.13 a
 *   Service with a selector gave no L3 peer, so the element allowed the
 *   port to every destination, world included (issue #20067).  1.17
 *   accepts it (PR #34208).  A.3.
 *
 *   POL-L7-NO-PROXY (check_pol_l7_no_proxy): L7 rules (http, dns, kafka,
 *   l7proto) in an allow section while enable-l7-proxy is false: "L7
 *   policy is not supported since L7 proxy is not enabled" (A.2, E.5).
 *
 *   POL-EMPTY-RULESET (check_pol_empty_ruleset): a rule whose ingress,
 *   ingressDeny, egress and egressDeny are all empty or absent.  From 1.17
 *   (PR #35904) the agent rejects the whole policy ("rule must have at
 *   least one of Ingress, IngressDeny, Egress, EgressDeny"); before, the
 *   rule is accepted and enforces nothing unless enableDefaultDeny sets a
 *   direction.  Either way a rule meant as a default deny fails open.
 *   `ingress: [{}]` is not empty: an element without peers allows nothing
 *   and puts the direction into default deny (E.1).
 *
 * Every rejection is corroborated where the sysdump allows: the agent's
 * `Unable to add` log line with the same error, the operator's
 * status.conditions[type=Valid], each agent's policy repository (`policy
 * get`: the policy's rules absent), and Hubble drops of the traffic the
 * lost allows were for.  Evidence against it (the operator or an agent
 * accepted the policy) lowers the confidence.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check_util.h"
#include "checks.h"
#include "eval.h"
#include "eval_flow.h"
#include "model.h"
#include "policy.h"
#include "xalloc.h"

/* --- shared helpers ------------------------------------------------- */

/* "shop/x" or "x". */
static const char *
pol_name(struct eval_ctx *ctx, const struct policy *p)
{
	return arena_printf(ctx->out->a, "%s%s%s", p->ns,
	    *p->ns != '\0' ? "/" : "", p->name != NULL ? p->name : "");
}

/* The YAML key of a peer kind bit: "toEndpoints". */
static const char *
peer_key(struct eval_ctx *ctx, unsigned bit, enum policy_dir dir)
{
	const char *f = peer_kind_field(bit, dir);
	char *s;

	if (f == NULL)
		return "?";
	s = arena_strdup(ctx->out->a, f);
	s[0] = (char)tolower((unsigned char)s[0]);
	return s;
}

/* Does s contain needle, ignoring case? */
static bool
has_ci(const char *s, const char *needle)
{
	size_t n = strlen(needle), i;

	if (s == NULL)
		return false;
	for (; *s != '\0'; s++) {
		for (i = 0; i < n && s[i] != '\0'; i++)
			if (tolower((unsigned char)s[i]) !=
			    tolower((unsigned char)needle[i]))
				break;
		if (i == n)
			return true;
	}
	return false;
}

/* The policy as subject; the endpoints of every rule as affected. */
static void
pol_subject(struct eval_ctx *ctx, struct finding *f, const struct policy *p)
{
	const size_t *idx;
	size_t j, n;

	check_policy_subject(ctx, f, p);
	for (j = 0; j < p->nrules; j++) {
		idx = check_rule_endpoints(ctx->m, &p->rules[j], &n);
		check_affect_endpoints(ctx, f, idx, n);
	}
}

/* What the sysdump says about a rejection, beyond the policy itself. */
struct corrob {
	size_t	logs;		/* agent lines rejecting it for this reason */
	bool	status_false;	/* operator: Valid=False for this reason */
	bool	status_true;	/* operator: Valid=True */
	size_t	agents;		/* agents whose policy repository we have */
	size_t	holding;	/* ... that hold a rule of the policy */
};

/* Does an agent rule come from p (its io.cilium.k8s.policy labels)? */
static bool
agent_rule_of(const struct agent_rule *r, const struct policy *p)
{
	if (r->name == NULL || p->name == NULL || strcmp(r->name, p->name) != 0)
		return false;
	if (r->kind != NULL && strcmp(r->kind, policy_kind_name(p->kind)) != 0)
		return false;
	if (*p->ns == '\0')
		return r->namespace == NULL || *r->namespace == '\0';
	return r->namespace != NULL && strcmp(r->namespace, p->ns) == 0;
}

/*
 * Gather the agents' and the operator's word on p: log lines and a Valid
 * condition whose text contains `why`, and each agent's repository.  With
 * rejected set the claim is that the agent rejects p: repositories without
 * it corroborate, with it contradict.  Adds evidence to f.
 */
static void
corroborate(struct eval_ctx *ctx, struct finding *f, const struct policy *p,
    const char *why, bool rejected, struct corrob *c)
{
	struct model *m = ctx->m;
	size_t i, j, held;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < m->nlog_events; i++) {
		const struct model_log_event *e = &m->log_events[i];

		if (e->policy_name == NULL || p->name == NULL ||
		    strcmp(e->policy_name, p->name) != 0)
			continue;
		if (e->policy_ns != NULL && *e->policy_ns != '\0' &&
		    strcmp(e->policy_ns, p->ns) != 0)
			continue;
		if (!has_ci(e->msg, "Unable to add") ||
		    !(has_ci(e->error, why) || has_ci(e->msg, why)))
			continue;
		if (c->logs++ < 2)
			finding_evidence(ctx, f, e->src.path, e->src.line,
			    "%s%s%s", e->msg, e->error != NULL ? ": " : "",
			    e->error != NULL ? e->error : "");
	}
	if (p->status_valid == 0 && has_ci(p->status_message, why)) {
		c->status_false = true;
		finding_evidence_src(ctx, f, &p->src, "status.conditions"
		    "[type=Valid]: False: %s", p->status_message);
	} else if (p->status_valid == 1)
		c->status_true = true;
	for (i = 0; i < m->nagents; i++) {
		const struct model_agent *a = &m->agents[i];
		const struct agent_rule *first = NULL;

		if (a->rules == NULL)
			continue;
		c->agents++;
		for (j = 0, held = 0; j < a->rules->nrules; j++)
			if (agent_rule_of(&a->rules->rules[j], p)) {
				if (held++ == 0)
					first = &a->rules->rules[j];
			}
		if (held > 0) {
			c->holding++;
			finding_evidence(ctx, f, a->rules->path, first->line,
			    "policy get on %s holds %zu rule%s of %s: this "
			    "agent accepted it", a->node != NULL ? a->node :
			    "an agent", held, held == 1 ? "" : "s",
			    pol_name(ctx, p));
		} else if (rejected)
			finding_evidence(ctx, f, a->rules->path,
			    a->rules->has_revision ? a->rules->revision_line : 0,
			    "policy get on %s (revision %llu) holds no rule "
			    "of %s", a->node != NULL ? a->node : "an agent",
			    (unsigned long long)a->rules->revision,
			    pol_name(ctx, p));
	}
}

/*
 * Settle severity and confidence of a rejection finding.  conf is what
 * the version alone allows; the agents' and operator's word moves it.
 * flag_free: the validation does not depend on agent flags, so the
 * operator's Valid=True speaks against it.
 */
static void
settle(struct finding *f, const struct policy *p, const struct corrob *c,
    double conf, bool flag_free)
{
	if (eval_policy_meant_to_deny(p))
		f->severity = SEV_CRITICAL;
	if (c->logs > 0 || c->status_false)
		conf = 1.0;
	else if (c->agents > 0 && c->holding == 0 && conf < 0.9)
		conf = 0.9;
	if (c->holding > 0)
		conf = conf < 0.3 ? conf : 0.3;
	else if (c->status_true && flag_free && c->logs == 0)
		conf *= 0.6;
	f->confidence = conf;
}

/* A sentence on the corroboration, for the message. */
static const char *
corrob_text(struct eval_ctx *ctx, const struct corrob *c)
{
	struct buf b = BUF_INIT;
	const char *r;

	if (c->logs > 0)
		buf_addf(&b, " The agent log shows the rejection (%zu line%s).",
		    c->logs, c->logs == 1 ? "" : "s");
	if (c->status_false)
		buf_addstr(&b, " The operator marked it Valid=False.");
	if (c->agents > 0 && c->holding == 0)
		buf_addf(&b, " None of the %zu agent policy repositor%s in the "
		    "sysdump holds it.", c->agents, c->agents == 1 ? "y" : "ies");
	if (c->holding > 0)
		buf_addf(&b, " But %zu of %zu agents hold its rules, so it may "
		    "have been accepted: check the agent version.", c->holding,
		    c->agents);
	else if (c->status_true && c->logs == 0)
		buf_addstr(&b, " The operator marked it Valid=True, which "
		    "speaks against this.");
	r = arena_strdup(ctx->out->a, b.ptr != NULL ? b.ptr : "");
	buf_release(&b);
	return r;
}

/* Unique, non-zero identities of the endpoints a selector matches. */
static size_t
selector_ids(struct model *m, const struct selector *s, uint32_t **ids,
    size_t *n, size_t *cap)
{
	const size_t *idx;
	size_t k, j, cnt;

	idx = model_selector_endpoints(m, s, &cnt);
	for (k = 0; k < cnt; k++) {
		uint32_t id = m->endpoints[idx[k]].identity;

		if (id == 0)
			continue;
		for (j = 0; j < *n && (*ids)[j] != id; j++)
			;
		if (j < *n)
			continue;
		*ids = xgrow(*ids, cap, *n + 1, sizeof(**ids));
		(*ids)[(*n)++] = id;
	}
	return *n;
}

/*
 * Drops of the traffic an element of a lost policy allowed: from (egress)
 * or to (ingress) the rule's endpoints, with the given peers, on the
 * element's numbered ports.  Another policy's default deny drops it now.
 */
static unsigned long
lost_allow_drops(struct eval_ctx *ctx, struct finding *f,
    const struct policy_rule *r, const struct policy_elem *e,
    const uint32_t *peers, size_t npeers)
{
	struct model *m = ctx->m;
	struct eval_flow_query q;
	uint32_t *local = NULL;
	size_t nlocal = 0, cap = 0, i, j;
	unsigned long total = 0;
	unsigned ev = 0;

	if (npeers == 0 || r->node_selector || e->deny ||
	    selector_ids(m, &r->subject, &local, &nlocal, &cap) == 0) {
		free(local);
		return 0;
	}
	memset(&q, 0, sizeof(q));
	q.dir = e->dir == DIR_INGRESS ? FLOW_DIR_INGRESS : FLOW_DIR_EGRESS;
	q.local_ids = local;
	q.nlocal_ids = nlocal;
	q.peer_ids = peers;
	q.npeer_ids = npeers;
	if (e->nto_ports == 0)
		total += eval_flow_drops(ctx, f, &q, EVAL_FLOW_EVIDENCE);
	for (i = 0; i < e->nto_ports; i++)
		for (j = 0; j < e->to_ports[i].nports; j++) {
			const struct policy_port *pp = &e->to_ports[i].ports[j];
			unsigned long n;

			if (pp->name != NULL || pp->end_port != 0)
				continue;
			q.port = pp->port;
			q.l4 = check_l4_of(pp->protocol);
			n = eval_flow_drops(ctx, f, &q, ev < EVAL_FLOW_EVIDENCE ?
			    EVAL_FLOW_EVIDENCE - ev : 0);
			if (n > 0)
				ev += n < EVAL_FLOW_EVIDENCE ? (unsigned)n :
				    EVAL_FLOW_EVIDENCE;
			total += n;
		}
	free(local);
	return total;
}

/*
 * lost_allow_drops with the element's endpoint peers: the identities its
 * toEndpoints / fromEndpoints selectors match.
 */
static unsigned long
lost_endpoint_drops(struct eval_ctx *ctx, struct finding *f,
    const struct policy_rule *r, const struct policy_elem *e)
{
	uint32_t *ids = NULL;
	size_t nids = 0, cap = 0, s;
	unsigned long drops;

	for (s = 0; s < e->nendpoints; s++)
		selector_ids(ctx->m, &e->endpoints[s], &ids, &nids, &cap);
	drops = lost_allow_drops(ctx, f, r, e, ids, nids);
	free(ids);
	return drops;
}

/* "80/TCP, 443/TCP" of an element's toPorts, or "any port". */
static const char *
ports_text(struct eval_ctx *ctx, const struct policy_elem *e)
{
	return check_ports_str(ctx, e, "any port", NULL, CHECK_PORT_RANGE_SET);
}

/* A selector as written, as a one-line YAML flow mapping. */
static void
selector_yaml(struct buf *b, const struct selector *s)
{
	size_t i, j, nl = 0, nx = 0;

	for (i = 0; i < s->n; i++) {
		if (s->reqs[i].from_match_labels && s->reqs[i].op == SEL_IN &&
		    s->reqs[i].nvalues == 1)
			nl++;
		else
			nx++;
	}
	buf_addch(b, '{');
	if (nl > 0) {
		buf_addstr(b, "matchLabels: {");
		for (i = 0, j = 0; i < s->n; i++) {
			const struct sel_req *q = &s->reqs[i];

			if (!(q->from_match_labels && q->op == SEL_IN &&
			    q->nvalues == 1))
				continue;
			buf_addf(b, "%s%s%s%s: %s", j++ ? ", " : "",
			    strcmp(q->source, "any") != 0 ? q->source : "",
			    strcmp(q->source, "any") != 0 ? ":" : "", q->key,
			    q->values[0]);
		}
		buf_addch(b, '}');
	}
	if (nx > 0) {
		buf_addf(b, "%smatchExpressions: [", nl > 0 ? ", " : "");
		for (i = 0, nx = 0; i < s->n; i++) {
			const struct sel_req *q = &s->reqs[i];

			if (q->from_match_labels && q->op == SEL_IN &&
			    q->nvalues == 1)
				continue;
			buf_addf(b, "%s{key: %s%s%s, operator: %s", nx++ ?
			    ", " : "", strcmp(q->source, "any") != 0 ?
			    q->source : "", strcmp(q->source, "any") != 0 ?
			    ":" : "", q->key, sel_op_name(q->op));
			if (q->op == SEL_IN || q->op == SEL_NOT_IN) {
				buf_addstr(b, ", values: [");
				for (j = 0; j < q->nvalues; j++)
					buf_addf(b, "%s%s", j ? ", " : "",
					    q->values[j]);
				buf_addch(b, ']');
			}
			buf_addch(b, '}');
		}
		buf_addch(b, ']');
	}
	buf_addch(b, '}');
}

/* The element's toPorts, as YAML lines at the given indent. */
static void
to_ports_yaml(struct buf *b, const struct policy_elem *e, const char *ind,
    bool with_l7)
{
	size_t i, j;

	if (e->nto_ports == 0)
		return;
	buf_addf(b, "%stoPorts:\n", ind);
	for (i = 0; i < e->nto_ports; i++) {
		const struct policy_ports *tp = &e->to_ports[i];

		buf_addf(b, "%s- ports:\n", ind);
		for (j = 0; j < tp->nports; j++) {
			const struct policy_port *pp = &tp->ports[j];

			if (pp->name != NULL)
				buf_addf(b, "%s  - port: %s\n", ind, pp->name);
			else
				buf_addf(b, "%s  - port: \"%u\"\n", ind,
				    pp->port);
			if (pp->end_port != 0)
				buf_addf(b, "%s    endPort: %u\n", ind,
				    pp->end_port);
			buf_addf(b, "%s    protocol: %s\n", ind, pp->protocol);
		}
		if (with_l7 && tp->l7 != L7_NONE)
			buf_addf(b, "%s  rules: ...   # as at line %lu\n", ind,
			    tp->line);
	}
}

/* --- POL-L3-MIXED --------------------------------------------------- */

/* Peer values of one kind of an element, as YAML list lines. */
static void
peer_values_yaml(struct buf *b, const struct policy_elem *e, unsigned bit)
{
	size_t i;

	switch (bit) {
	case PEER_ENDPOINTS:
		for (i = 0; i < e->nendpoints; i++) {
			buf_addstr(b, "  - ");
			selector_yaml(b, &e->endpoints_raw[i]);
			buf_addch(b, '\n');
		}
		break;
	case PEER_ENTITIES:
		for (i = 0; i < e->nentities; i++)
			buf_addf(b, "  - %s\n", e->entities[i]);
		break;
	case PEER_SERVICES:
		for (i = 0; i < e->nservices; i++) {
			if (e->services[i].selector != NULL) {
				buf_addstr(b, "  - k8sServiceSelector: "
				    "{selector: ");
				selector_yaml(b, e->services[i].selector);
				buf_addstr(b, "}\n");
			} else
				buf_addf(b, "  - k8sService: {serviceName: %s, "
				    "namespace: %s}\n", e->services[i].name !=
				    NULL ? e->services[i].name : "?",
				    e->services[i].ns != NULL ?
				    e->services[i].ns : "?");
		}
		break;
	case PEER_FQDNS:
		for (i = 0; i < e->nfqdns; i++)
			buf_addf(b, "  - %s: \"%s\"\n",
			    e->fqdns[i].match_name != NULL ? "matchName" :
			    "matchPattern", e->fqdns[i].match_name != NULL ?
			    e->fqdns[i].match_name :
			    e->fqdns[i].match_pattern != NULL ?
			    e->fqdns[i].match_pattern : "");
		break;
	case PEER_NODES:
		for (i = 0; i < e->nnodes; i++) {
			buf_addstr(b, "  - ");
			selector_yaml(b, &e->nodes[i]);
			buf_addch(b, '\n');
		}
		break;
	default:
		buf_addf(b, "  - ...   # as written at line %lu\n", e->line);
		break;
	}
}

/* CIDR and CIDRSet together merge into one toCIDRSet list. */
static void
cidrset_yaml(struct buf *b, const struct policy_elem *e)
{
	size_t i, j;

	for (i = 0; i < e->ncidrs; i++) {
		const struct policy_cidr *c = &e->cidrs[i];

		if (c->cidr == NULL) {
			buf_addf(b, "  - cidrGroupRef: %s\n", c->group != NULL ?
			    c->group : "?");
			continue;
		}
		buf_addf(b, "  - cidr: %s%s\n", c->cidr, strchr(c->cidr, '/') !=
		    NULL ? "" : strchr(c->cidr, ':') != NULL ? "/128" : "/32");
		if (c->nexcept > 0) {
			buf_addstr(b, "    except:");
			for (j = 0; j < c->nexcept; j++)
				buf_addf(b, "%s%s", j ? ", " : " [",
				    c->except[j]);
			buf_addstr(b, "]\n");
		}
	}
}

/* "toEndpoints and toCIDR": the L3 kinds of an element, in bit order. */
static const char *
kinds_text(struct eval_ctx *ctx, const struct policy_elem *e)
{
	struct buf b = BUF_INIT;
	unsigned bits, bit;
	const char *r;

	for (bits = e->l3_peers; bits != 0; bits &= bits - 1) {
		bit = bits & -bits;
		buf_addf(&b, "%s%s", b.len == 0 ? "" : bits == bit ? " and " :
		    ", ", peer_key(ctx, bit, e->dir));
	}
	r = arena_strdup(ctx->out->a, b.ptr);
	buf_release(&b);
	return r;
}

/* Is the element rejected for mixed kinds on this version? */
static bool
mixed_rejected(const struct eval_ctx *ctx, const struct policy_elem *e,
    double *conf)
{
	unsigned kinds = e->l3_peers, n = 0;

	for (; kinds != 0; kinds &= kinds - 1)
		n++;
	if (n < 2)
		return false;
	*conf = 1.0;
	if (!e->deny)
		return true;
	/*
	 * Deny sections are validated since PR #36598 (1.17), backported
	 * into a later 1.16 patch; earlier releases skip them.
	 */
	if (ctx->version == NULL) {
		*conf = 0.7;
		return true;
	}
	if (ctx->version->major == 1 && ctx->version->minor < 16)
		return false;
	if (ctx->version->major == 1 && ctx->version->minor == 16)
		*conf = 0.5;
	return true;
}

void
check_pol_l3_mixed(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	size_t i, j, k, nmixed;
	struct buf what, fix;

	for (i = 0; i < m->npolicies; i++) {
		const struct policy *p = &m->policies[i];
		const struct policy_elem *firstmixed = NULL;
		struct finding *f = NULL;
		struct corrob c;
		double conf = 0.0, ec;
		unsigned long drops = 0;

		if (p->kind == POLICY_KNP)
			continue;
		nmixed = 0;
		buf_init(&what);
		buf_init(&fix);
		for (j = 0; j < p->nrules; j++) {
			const struct policy_rule *r = &p->rules[j];

			for (k = 0; k < r->nelems; k++) {
				const struct policy_elem *e = &r->elems[k];
				unsigned bits, bit;
				const char *kinds;
				size_t s;

				if (!mixed_rejected(ctx, e, &ec))
					continue;
				if (f == NULL)
					f = eval_finding_new(ctx);
				/* The surest element decides. */
				if (ec > conf)
					conf = ec;
				if (nmixed++ == 0)
					firstmixed = e;
				kinds = kinds_text(ctx, e);
				finding_evidence(ctx, f, p->src.path, e->line,
				    "%s element combines %s",
				    check_section_name(e), kinds);
				buf_addf(&what, "%s%s %s element at line %lu "
				    "combines %s", what.len > 0 ? "; " : "",
				    nmixed > 1 ? "the" : "its",
				    check_section_name(e), e->line, kinds);
				/* The fix: one element per peer kind. */
				if (nmixed <= 3) {
					buf_addf(&fix, "%s:   # replaces the "
					    "element at line %lu\n",
					    check_section_name(e), e->line);
					if ((e->l3_peers & PEER_CIDRSET) != 0) {
						buf_addf(&fix, "- %s:\n",
						    peer_key(ctx, PEER_CIDRSET,
						    e->dir));
						cidrset_yaml(&fix, e);
						to_ports_yaml(&fix, e, "  ", true);
					} else if ((e->l3_peers & PEER_CIDR) !=
					    0) {
						buf_addf(&fix, "- %s:\n",
						    peer_key(ctx, PEER_CIDR,
						    e->dir));
						for (s = 0; s < e->ncidrs; s++)
							buf_addf(&fix, "  - %s\n",
							    e->cidrs[s].cidr != NULL ?
							    e->cidrs[s].cidr : "?");
						to_ports_yaml(&fix, e, "  ", true);
					}
					for (bits = e->l3_peers & ~(unsigned)
					    (PEER_CIDR | PEER_CIDRSET); bits != 0;
					    bits &= bits - 1) {
						bit = bits & -bits;
						buf_addf(&fix, "- %s:\n",
						    peer_key(ctx, bit, e->dir));
						peer_values_yaml(&fix, e, bit);
						to_ports_yaml(&fix, e, "  ", true);
					}
				}
				/* Traffic to the endpoint peers it lost. */
				drops += lost_endpoint_drops(ctx, f, r, e);
			}
		}
		if (f == NULL) {
			buf_release(&what);
			buf_release(&fix);
			continue;
		}
		f->cause = eval_policy_cause(ctx, p);
		pol_subject(ctx, f, p);
		corroborate(ctx, f, p, "ombining ", true, &c);
		settle(f, p, &c, conf, true);
		finding_title(ctx, f, "%s is rejected: %s in one %s element%s",
		    check_policy_ref(ctx, p), kinds_text(ctx, firstmixed),
		    check_section_name(firstmixed), nmixed > 1 ? arena_printf(
		    ctx->out->a, " (and %zu more mixed element%s)", nmixed - 1,
		    nmixed == 2 ? "" : "s") : "");
		finding_message(ctx, f, "%s: %s. The agent allows one L3 peer "
		    "kind per rule element and rejects the whole policy "
		    "(\"Combining ... is not supported yet\"), so none of its "
		    "rules is in force: neither its allows nor the default deny "
		    "it would put on the %zu endpoint%s it selects%s.%s%s%s",
		    check_policy_ref(ctx, p), what.ptr, f->naffected,
		    f->naffected == 1 ? "" : "s",
		    eval_policy_meant_to_deny(p) ? "; what it was meant to "
		    "block is allowed (fail-open)" : "",
		    drops > 0 ? arena_printf(ctx->out->a, " %lu dropped flow%s "
		    "match traffic its lost allows were for.", drops,
		    drops == 1 ? "" : "s") : "",
		    conf < 1.0 ? " Deny sections are only "
		    "validated since Cilium 1.17 (PR #36598, backported into a "
		    "later 1.16 patch)." : "", corrob_text(ctx, &c));
		finding_remediation(ctx, f, "Split each mixed element of %s "
		    "into one element per peer kind, each with the same toPorts "
		    "(elements of a section are ORed, so this allows the same "
		    "traffic; CIDR and CIDRSet peers merge into one CIDRSet):\n"
		    "%s\nThen re-apply it and check that the operator sets "
		    "status.conditions[type=Valid] to True.",
		    check_policy_ref(ctx, p), fix.ptr != NULL ? fix.ptr : "");
		buf_release(&what);
		buf_release(&fix);
	}
}

/* --- POL-TOSERVICES-TOPORTS-OLD ------------------------------------ */

/* The Service a toServices entry names by name, or NULL. */
static const struct k8s_service *
service_of(const struct model *m, const struct policy *p,
    const struct policy_service *ps)
{
	const char *ns = ps->ns != NULL ? ps->ns : p->ns;
	size_t i;

	if (ps->name == NULL)
		return NULL;
	for (i = 0; i < m->nservices; i++)
		if (strcmp(m->services[i].name, ps->name) == 0 &&
		    strcmp(m->services[i].ns, ns) == 0)
			return &m->services[i];
	return NULL;
}

/* The Services a toServices entry matches: by name, or by selector. */
static size_t
services_of(const struct model *m, const struct policy *p,
    const struct policy_service *ps, const struct k8s_service **out,
    size_t max)
{
	const struct k8s_service *s;
	size_t i, n = 0;

	if (ps->selector == NULL) {
		if ((s = service_of(m, p, ps)) != NULL && max > 0)
			out[n++] = s;
		return n;
	}
	for (i = 0; i < m->nservices && n < max; i++) {
		s = &m->services[i];
		if (ps->ns != NULL && strcmp(s->ns, ps->ns) != 0)
			continue;
		if (ps->ns == NULL && *p->ns != '\0' && strcmp(s->ns, p->ns) != 0)
			continue;
		if (selector_matches(ps->selector, &s->labels))
			out[n++] = s;
	}
	return n;
}

/* "{k8s:app: db}" of a Service's selector, for a toEndpoints snippet. */
static void
svc_selector_yaml(struct buf *b, const struct k8s_service *s)
{
	size_t i;

	buf_addstr(b, "{matchLabels: {");
	for (i = 0; i < s->selector.n; i++)
		buf_addf(b, "%s: %s, ", s->selector.v[i].key,
		    s->selector.v[i].value);
	buf_addf(b, "k8s:io.kubernetes.pod.namespace: %s}}", s->ns);
}

void
check_pol_toservices_toports_old(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	size_t i, j, k, s, t;
	bool unknown = ctx->version == NULL;
	bool rejects = !unknown && ctx->version->major == 1 &&
	    ctx->version->minor >= 14 && ctx->version->minor < 17;

	for (i = 0; i < m->npolicies; i++) {
		const struct policy *p = &m->policies[i];
		struct finding *f = NULL;
		struct buf what = BUF_INIT, fix = BUF_INIT;
		struct corrob c;
		size_t nbad = 0, nopen = 0, nmissing = 0;
		unsigned long drops = 0;
		double conf = 1.0;

		if (p->kind == POLICY_KNP)
			continue;
		for (j = 0; j < p->nrules; j++) {
			const struct policy_rule *r = &p->rules[j];

			for (k = 0; k < r->nelems; k++) {
				const struct policy_elem *e = &r->elems[k];
				const struct k8s_service *svcs[16];
				size_t nsvc = 0, selless = 0;
				uint32_t *ids = NULL;
				size_t nids = 0, cap = 0;

				/* Deny sections were not validated < 1.17. */
				if (e->dir != DIR_EGRESS || e->deny ||
				    e->nservices == 0 || e->nto_ports == 0)
					continue;
				if (unknown) {
					eval_not_evaluated(ctx, "the Cilium "
					    "version is unknown, and %s combines "
					    "toServices with toPorts (line %lu): "
					    "rejected on 1.14-1.16, open to any "
					    "destination on <=1.13, fine on 1.17+",
					    check_policy_ref(ctx, p), e->line);
					buf_release(&what);
					buf_release(&fix);
					return;
				}
				for (s = 0; s < e->nservices; s++) {
					size_t n = services_of(m, p,
					    &e->services[s], svcs + nsvc,
					    sizeof(svcs) / sizeof(svcs[0]) - nsvc);

					if (n == 0)
						nmissing++;
					for (t = nsvc; t < nsvc + n; t++)
						if (!svcs[t]->has_selector)
							selless++;
					nsvc += n;
				}
				/*
				 * <= 1.13: only selectorless Services became
				 * CIDRs; with none, the element had no L3 peer
				 * and allowed its ports to everything.
				 */
				if (!rejects && selless > 0)
					continue;
				if (f == NULL)
					f = eval_finding_new(ctx);
				nbad++;
				if (!rejects)
					nopen++;
				finding_evidence(ctx, f, p->src.path, e->line,
				    "egress element with toServices and toPorts "
				    "(%s)", ports_text(ctx, e));
				buf_addf(&what, "%sthe egress element at line %lu "
				    "sends to %s", what.len > 0 ? "; " : "",
				    e->line, ports_text(ctx, e));
				for (t = 0; t < nsvc; t++) {
					struct selector sel;

					finding_evidence_src(ctx, f, &svcs[t]->src,
					    "Service %s/%s%s", svcs[t]->ns,
					    svcs[t]->name, svcs[t]->has_selector ?
					    " (has a selector)" : " (no selector)");
					buf_addf(&what, "%s%s/%s", t == 0 ?
					    " of Service " : ", ", svcs[t]->ns,
					    svcs[t]->name);
					if (!svcs[t]->has_selector)
						continue;
					if (nbad <= 3) {
						buf_addstr(&fix, "egress:\n- toEndpoints:"
						    "\n  - ");
						svc_selector_yaml(&fix, svcs[t]);
						buf_addch(&fix, '\n');
						to_ports_yaml(&fix, e, "  ", true);
					}
					/* Its backends: what the allow was for. */
					memset(&sel, 0, sizeof(sel));
					{
						struct selector tmp;
						const char *v[] = { svcs[t]->ns, NULL };
						size_t q;

						for (q = 0; q < svcs[t]->selector.n;
						    q++) {
							const char *vv[] = {
							    svcs[t]->selector.v[q].value,
							    NULL };

							selector_with_req(m->a, m->st,
							    &sel, "k8s",
							    svcs[t]->selector.v[q].key,
							    SEL_IN, vv, false, &tmp);
							sel = tmp;
						}
						selector_with_req(m->a, m->st, &sel,
						    "k8s", "io.kubernetes.pod.namespace",
						    SEL_IN, v, false, &tmp);
						sel = tmp;
					}
					selector_ids(m, &sel, &ids, &nids, &cap);
				}
				if (rejects)
					drops += lost_allow_drops(ctx, f, r, e,
					    ids, nids);
				free(ids);
			}
		}
		if (f == NULL) {
			buf_release(&what);
			buf_release(&fix);
			continue;
		}
		f->cause = eval_policy_cause(ctx, p);
		pol_subject(ctx, f, p);
		if (nmissing > 0)
			conf = 0.8;
		if (rejects) {
			corroborate(ctx, f, p, "ToServices and ToPorts", true,
			    &c);
			settle(f, p, &c, conf, true);
			finding_title(ctx, f, "%s is rejected on Cilium %s: "
			    "toServices combined with toPorts",
			    check_policy_ref(ctx, p), m->cilium_version);
			finding_message(ctx, f, "%s: %s. Cilium 1.14 to 1.16 "
			    "reject toServices together with toPorts (\"Combining "
			    "ToServices and ToPorts is not supported yet\") and "
			    "with it the whole policy: neither its allows nor the "
			    "default deny it would put on the %zu endpoint%s it "
			    "selects is in force%s.%s%s",
			    check_policy_ref(ctx, p), what.ptr, f->naffected,
			    f->naffected == 1 ? "" : "s",
			    eval_policy_meant_to_deny(p) ? "; what it was meant "
			    "to block is allowed (fail-open)" : "",
			    drops > 0 ? arena_printf(ctx->out->a, " %lu dropped "
			    "flow%s to the Service backends match what it was "
			    "meant to allow.", drops, drops == 1 ? "" : "s") : "",
			    corrob_text(ctx, &c));
		} else {
			f->severity = SEV_CRITICAL;
			f->confidence = nmissing > 0 ? 0.6 : 1.0;
			finding_title(ctx, f, "%s allows its toServices ports to "
			    "every destination on Cilium %s",
			    check_policy_ref(ctx, p), m->cilium_version);
			finding_message(ctx, f, "%s: %s. Up to Cilium 1.13 "
			    "toServices only turns Services without a selector "
			    "into CIDR peers; for these Services it adds no peer, so "
			    "the element is an L4-only rule and allows its ports to "
			    "any destination, world included (cilium/cilium issue "
			    "#20067), for the %zu endpoint%s it selects.%s",
			    check_policy_ref(ctx, p), what.ptr, f->naffected,
			    f->naffected == 1 ? "" : "s", nmissing > 0 ? " Some "
			    "named Services are not in the sysdump, so they are "
			    "assumed to have a selector." : "");
		}
		finding_remediation(ctx, f, "Upgrade to Cilium 1.17 or later, "
		    "where toServices works with toPorts (and with Services "
		    "that have a selector), or replace toServices with "
		    "toEndpoints on the Service's pods and their namespace, "
		    "naming the backends' targetPort (policy applies after the "
		    "Service translation):\n%s", fix.len > 0 ? fix.ptr :
		    "egress:\n- toEndpoints:\n  - {matchLabels: {<the Service's "
		    "selector>, k8s:io.kubernetes.pod.namespace: <its "
		    "namespace>}}\n  toPorts: ...   # as written\n");
		buf_release(&what);
		buf_release(&fix);
	}
}

/*
 * The peers of an element as the first lines of a YAML list item: "- "
 * then each kind's key and values.
 */
static void
peers_yaml(struct buf *b, const struct policy_elem *e)
{
	unsigned bits, bit;
	size_t i;
	bool first = true;

	for (bits = e->l3_peers; bits != 0; bits &= bits - 1) {
		const char *f;

		bit = bits & -bits;
		if ((f = peer_kind_field(bit, e->dir)) == NULL)
			continue;
		buf_addf(b, "%s%c%s:\n", first ? "- " : "  ",
		    tolower((unsigned char)f[0]), f + 1);
		first = false;
		if (bit == PEER_CIDR || bit == PEER_CIDRSET) {
			for (i = 0; i < e->ncidrs; i++)
				buf_addf(b, "  - %s%s\n", bit == PEER_CIDRSET ?
				    "cidr: " : "", e->cidrs[i].cidr != NULL ?
				    e->cidrs[i].cidr : "?");
			continue;
		}
		peer_values_yaml(b, e, bit);
	}
	if (first)
		buf_addstr(b, "- ...   # its peers as written\n");
}

/* --- POL-L7-NO-PROXY ------------------------------------------------ */

static const char *
l7_name(enum l7_type t)
{
	switch (t) {
	case L7_HTTP:
		return "http";
	case L7_DNS:
		return "dns";
	case L7_KAFKA:
		return "kafka";
	case L7_OTHER:
		return "l7proto";
	case L7_NONE:
		break;
	}
	return "none";
}

/* Does an allow element carry L7 rules (countL7Rules)? */
static bool
elem_has_l7(const struct policy_elem *e)
{
	size_t i;

	if (e->deny)
		return false;
	for (i = 0; i < e->nto_ports; i++)
		if (e->to_ports[i].l7 != L7_NONE)
			return true;
	return false;
}

static bool
policy_has_l7(const struct policy *p)
{
	size_t j, k;

	for (j = 0; j < p->nrules; j++)
		for (k = 0; k < p->rules[j].nelems; k++)
			if (elem_has_l7(&p->rules[j].elems[k]))
				return true;
	return false;
}

/* Where the sysdump says the L7 proxy is off. */
struct proxy_off {
	const char	*path;
	unsigned long	 line;
	const char	*text;
};

/*
 * Is the L7 proxy disabled?  cilium-config's enable-l7-proxy decides (the
 * agent's default is true); without the ConfigMap, the Helm value l7Proxy.
 * Returns 1 (off, *w says where), 0 (on), -1 (unknown).
 */
static int
l7_proxy_off(struct eval_ctx *ctx, struct proxy_off *w)
{
	struct model *m = ctx->m;
	const struct kv *kv;
	json_t *v;
	size_t i;

	memset(w, 0, sizeof(*w));
	if (m->config != NULL) {
		kv = check_config_kv(m, "enable-l7-proxy");
		if (kv == NULL || strcmp(kv->value, "false") != 0)
			return 0;
		w->path = m->config->src.path;
		w->line = kv->line != 0 ? kv->line : m->config->src.line;
		w->text = "cilium-config: enable-l7-proxy: \"false\"";
		return 1;
	}
	if (model_helm_value(m, "") == NULL)
		return -1;
	v = model_helm_value(m, "l7Proxy");
	if (!json_is_false(v))
		return 0;
	for (i = 0; i < m->inv.nartifacts; i++)
		if (m->inv.artifacts[i].kind == ART_CILIUM_HELM_VALUES)
			w->path = m->inv.artifacts[i].path;
	w->text = "Helm values: l7Proxy: false";
	return 1;
}

void
check_pol_l7_no_proxy(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	struct proxy_off w;
	size_t i, j, k, t, nl7, running, stopped;
	int off = -2;

	for (i = 0; i < m->npolicies; i++) {
		const struct policy *p = &m->policies[i];
		struct finding *f;
		struct buf what = BUF_INIT, fix = BUF_INIT;
		struct corrob c;
		unsigned long drops = 0;
		double conf = 1.0;

		if (p->kind == POLICY_KNP || !policy_has_l7(p))
			continue;
		if (off == -2 && (off = l7_proxy_off(ctx, &w)) < 0) {
			eval_not_evaluated(ctx, "%s has L7 rules, but the "
			    "sysdump has neither the cilium-config ConfigMap nor "
			    "Helm values to tell whether the L7 proxy is on",
			    check_policy_ref(ctx, p));
			return;
		}
		if (off == 0)
			return;
		f = eval_finding_new(ctx);
		nl7 = 0;
		for (j = 0; j < p->nrules; j++) {
			const struct policy_rule *r = &p->rules[j];

			for (k = 0; k < r->nelems; k++) {
				const struct policy_elem *e = &r->elems[k];

				if (!elem_has_l7(e))
					continue;
				for (t = 0; t < e->nto_ports; t++) {
					const struct policy_ports *tp =
					    &e->to_ports[t];

					if (tp->l7 == L7_NONE)
						continue;
					finding_evidence(ctx, f, p->src.path,
					    tp->line, "%s rules: %s on %s",
					    check_section_name(e),
					    l7_name(tp->l7),
					    ports_text(ctx, e));
					if (nl7++ < 4)
						buf_addf(&what, "%s%s rules on %s "
						    "(line %lu)", what.len > 0 ?
						    ", " : "", l7_name(tp->l7),
						    ports_text(ctx, e), tp->line);
				}
				if (nl7 <= 6) {
					buf_addf(&fix, "%s:   # the element at line "
					    "%lu, without rules\n",
					    check_section_name(e), e->line);
					peers_yaml(&fix, e);
					to_ports_yaml(&fix, e, "  ", false);
				}
				drops += lost_endpoint_drops(ctx, f, r, e);
			}
		}
		finding_evidence(ctx, f, w.path, w.line, "%s", w.text);
		/* The agents' own status: a running proxy contradicts. */
		for (j = 0, running = 0, stopped = 0; j < m->nagents; j++) {
			const struct status_result *st =
			    model_agent_status(&m->agents[j]);

			if (st == NULL)
				continue;
			if (st->has_proxy)
				running++;
			else if (stopped++ == 0)
				finding_evidence(ctx, f, st->path, st->line,
				    "status of %s: no Proxy Status (the agent "
				    "runs without the L7 proxy)",
				    m->agents[j].node != NULL ?
				    m->agents[j].node : "an agent");
		}
		if (running > 0)
			conf = 0.5;
		f->cause = eval_policy_cause(ctx, p);
		pol_subject(ctx, f, p);
		corroborate(ctx, f, p, "L7 proxy is not enabled", true, &c);
		/* The operator's own flags may differ: Valid=True says little. */
		settle(f, p, &c, conf, false);
		finding_title(ctx, f, "%s is rejected: L7 rules while the L7 "
		    "proxy is disabled", check_policy_ref(ctx, p));
		finding_message(ctx, f, "%s has %s, but the L7 proxy is disabled "
		    "(%s). The agent rejects every policy with L7 rules then "
		    "(\"L7 policy is not supported since L7 proxy is not "
		    "enabled\"), so none of %s is in force: neither its allows "
		    "nor the default deny it would put on the %zu endpoint%s it "
		    "selects%s.%s%s%s", check_policy_ref(ctx, p), what.ptr,
		    w.text, pol_name(ctx, p), f->naffected,
		    f->naffected == 1 ? "" : "s",
		    eval_policy_meant_to_deny(p) ? "; what it was meant to "
		    "block is allowed (fail-open)" : "",
		    drops > 0 ? arena_printf(ctx->out->a, " %lu dropped flow%s "
		    "match traffic its lost allows were for.", drops,
		    drops == 1 ? "" : "s") : "",
		    running > 0 ? arena_printf(ctx->out->a, " Yet %zu agent%s "
		    "report%s a running proxy: check the agents' own "
		    "configuration.", running, running == 1 ? "" : "s",
		    running == 1 ? "s" : "") : "", corrob_text(ctx, &c));
		finding_remediation(ctx, f, "Either enable the L7 proxy (set "
		    "enable-l7-proxy: \"true\" in cilium-config, Helm "
		    "l7Proxy: true, and restart the agents), or remove the "
		    "rules: blocks of %s so that it is an L4 policy (each port "
		    "then admits any request of its peers):\n%s",
		    check_policy_ref(ctx, p), fix.ptr);
		buf_release(&what);
		buf_release(&fix);
	}
}

/* --- POL-EMPTY-RULESET ---------------------------------------------- */

static bool
rule_empty(const struct policy_rule *r)
{
	return !r->has[DIR_INGRESS][0] && !r->has[DIR_INGRESS][1] &&
	    !r->has[DIR_EGRESS][0] && !r->has[DIR_EGRESS][1];
}

/* What an empty rule holds, in YAML words. */
static const char *
empty_text(struct eval_ctx *ctx, const struct policy_rule *r)
{
	static const char *const keys[2][2] = {
		{ "ingress", "ingressDeny" }, { "egress", "egressDeny" },
	};
	struct buf b = BUF_INIT;
	const char *s;
	int d, n;

	for (d = 0; d < 2; d++)
		for (n = 0; n < 2; n++)
			if (r->key[d][n])
				buf_addf(&b, "%s%s: []", b.len > 0 ? ", " : "",
				    keys[d][n]);
	for (d = 0; d < 2; d++)
		if (r->default_deny_set[d] >= 0)
			buf_addf(&b, "%senableDefaultDeny.%s: %s", b.len > 0 ?
			    ", " : "", d == DIR_INGRESS ? "ingress" : "egress",
			    r->default_deny_set[d] ? "true" : "false");
	s = arena_printf(ctx->out->a, "%s", b.len > 0 ? b.ptr :
	    "no ingress, egress, ingressDeny or egressDeny at all");
	buf_release(&b);
	return s;
}

/* Endpoints of a rule that enforce nothing: they say so themselves. */
static void
unenforced_evidence(struct eval_ctx *ctx, struct finding *f,
    const struct policy_rule *r, size_t *shown)
{
	struct model *m = ctx->m;
	const size_t *idx;
	size_t k, n;

	idx = check_rule_endpoints(m, r, &n);
	for (k = 0; k < n && *shown < 3; k++) {
		const struct model_endpoint *ep = &m->endpoints[idx[k]];

		if (ep->enforce_ingress != ENFORCE_DISABLED ||
		    ep->enforce_egress != ENFORCE_DISABLED || ep->pod == NULL)
			continue;
		finding_evidence_src(ctx, f, &ep->src, "endpoint %s/%s: policy "
		    "enforcement disabled on ingress and egress", ep->ns,
		    ep->pod);
		(*shown)++;
	}
}

void
check_pol_empty_ruleset(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	const struct version *v = ctx->version;
	/* PR #35904: rejected from 1.17 on; unknown: either way it fails. */
	bool rejects = v == NULL || v->major > 1 ||
	    (v->major == 1 && v->minor >= 17);
	size_t i, j, shown;

	for (i = 0; i < m->npolicies; i++) {
		const struct policy *p = &m->policies[i];
		struct finding *f = NULL;
		struct buf what = BUF_INIT, sel = BUF_INIT;
		struct corrob c;
		size_t nempty = 0, dirs = 0;
		double conf = v == NULL ? 0.8 :
		    v->major == 1 && v->minor == 17 ? 0.9 : 1.0;
		bool ddonly = false, whole;

		if (p->kind == POLICY_KNP)
			continue;
		shown = 0;
		if (p->nrules == 0 && p->error != NULL &&
		    has_ci(p->error, "empty policy")) {
			/* Neither spec nor specs: rejected by every release. */
			f = eval_finding_new(ctx);
			finding_evidence(ctx, f, p->src.path, p->error_line,
			    "%s", p->error);
			buf_addstr(&what, "it has neither spec nor specs");
			nempty = 1;
			conf = 1.0;
		}
		for (j = 0; j < p->nrules; j++) {
			const struct policy_rule *r = &p->rules[j];
			bool dd = r->default_deny_set[0] == 1 ||
			    r->default_deny_set[1] == 1;

			if (!rule_empty(r))
				continue;
			/*
			 * Before 1.17 an empty rule is accepted; with
			 * enableDefaultDeny true it still denies that way.
			 */
			if (!rejects && dd)
				continue;
			if (dd)
				ddonly = true;
			if (f == NULL)
				f = eval_finding_new(ctx);
			nempty++;
			finding_evidence(ctx, f, p->src.path, r->line, "%s: %s",
			    p->has_specs ? arena_printf(ctx->out->a,
			    "specs[%zu]", j) : "spec", empty_text(ctx, r));
			buf_addf(&what, "%s%s (line %lu) has %s",
			    what.len > 0 ? "; " : "", p->has_specs ?
			    arena_printf(ctx->out->a, "specs[%zu]", j) : "spec",
			    r->line, empty_text(ctx, r));
			unenforced_evidence(ctx, f, r, &shown);
			dirs |= (r->key[0][0] || r->key[0][1] ||
			    r->default_deny_set[0] >= 0) ? 1u : 0u;
			dirs |= (r->key[1][0] || r->key[1][1] ||
			    r->default_deny_set[1] >= 0) ? 2u : 0u;
		}
		if (f == NULL) {
			buf_release(&what);
			continue;
		}
		whole = nempty == p->nrules || p->nrules == 0;
		for (j = 0; j < p->nrules; j++)
			if (rule_empty(&p->rules[j])) {
				buf_addf(&sel, "spec:\n  %s: ",
				    p->rules[j].node_selector ? "nodeSelector" :
				    "endpointSelector");
				selector_yaml(&sel, &p->rules[j].subject_raw);
				buf_addch(&sel, '\n');
				break;
			}
		if (sel.len == 0)
			buf_addstr(&sel, "spec:\n  endpointSelector: ...\n");
		f->cause = eval_policy_cause(ctx, p);
		pol_subject(ctx, f, p);
		if (v == NULL && ddonly)
			conf = 0.5;
		if (rejects || p->nrules == 0) {
			corroborate(ctx, f, p, p->nrules == 0 ? "empty policy" :
			    "at least one of", true, &c);
			settle(f, p, &c, conf, true);
			f->severity = SEV_CRITICAL;
			finding_title(ctx, f, "%s is rejected: %s",
			    check_policy_ref(ctx, p),
			    p->nrules == 0 ? "it has no rules" : "a rule has no "
			    "ingress, egress or deny section");
			finding_message(ctx, f, "%s: %s. %s The %zu endpoint%s it "
			    "selects get neither its allows nor any default "
			    "deny from it, so what it was meant to block is "
			    "allowed (fail-open).%s%s",
			    check_policy_ref(ctx, p), what.ptr,
			    p->nrules == 0 ? "The agent rejects a policy without "
			    "rules (\"empty policy\")." : v == NULL ? "Cilium 1.17 "
			    "and later reject a policy with such a rule as a "
			    "whole (\"rule must have at least one of Ingress, "
			    "IngressDeny, Egress, EgressDeny\"); earlier releases "
			    "accept the rule and enforce nothing with it (the "
			    "Cilium version is unknown)." : "Since Cilium 1.17 the "
			    "agent rejects a policy with such a rule as a whole "
			    "(\"rule must have at least one of Ingress, "
			    "IngressDeny, Egress, EgressDeny\"); an empty list "
			    "and enableDefaultDeny do not count.",
			    f->naffected, f->naffected == 1 ? "" : "s",
			    v == NULL && ddonly ? " Before 1.17, "
			    "enableDefaultDeny: true alone would deny that "
			    "direction instead." : "", corrob_text(ctx, &c));
		} else {
			corroborate(ctx, f, p, "at least one of", false, &c);
			f->confidence = conf;
			if (!whole)
				f->severity = SEV_HIGH;
			finding_title(ctx, f, "%s %s: %s enforce%s nothing",
			    check_policy_ref(ctx, p),
			    whole ? "is a no-op" : "has an empty rule",
			    nempty == 1 ? "a rule without sections" :
			    "rules without sections", nempty == 1 ? "s" : "");
			finding_message(ctx, f, "%s: %s. Cilium %s accepts such a "
			    "rule but it puts the %zu endpoint%s it selects "
			    "neither into default deny nor under any rule: an "
			    "empty or absent section means the rule does not "
			    "apply in that direction. If it was meant as a "
			    "default deny, it fails open. (Cilium 1.17 and later "
			    "reject the whole policy instead.)",
			    check_policy_ref(ctx, p), what.ptr,
			    m->cilium_version, f->naffected,
			    f->naffected == 1 ? "" : "s");
		}
		finding_remediation(ctx, f, "Write the allow list for each "
		    "direction, or, for a default deny that allows nothing, one "
		    "element without peers per direction (an empty list is not "
		    "a deny):\n%s%s%s%sConfirm the result with cilium-dbg bpf "
		    "policy get on the running version. Avoid ingressDeny/"
		    "egressDeny of `all`: deny outranks every allow, kubelet "
		    "probes included.", sel.ptr,
		    dirs == 0 || (dirs & 1) != 0 ? "  ingress:\n  - {}\n" : "",
		    dirs == 0 || (dirs & 2) != 0 ? "  egress:\n  - {}\n" : "",
		    dirs == 0 || (dirs & 2) != 0 ? "An egress default deny also "
		    "blocks DNS: allow kube-dns in the same or another policy. " :
		    "");
		buf_release(&what);
		buf_release(&sel);
	}
}
