/*
 * eval_flow.c: counting the Hubble flows that a finding explains (policy
 * drops) or that contradict it (forwarded), and citing them as evidence.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check_util.h"
#include "drop_reason.h"
#include "eval_flow.h"
#include "model.h"
#include "xalloc.h"


static bool
side_matches(const struct flow_endpoint *local,
    const struct flow_endpoint *peer, const struct eval_flow_query *q)
{
	if (q->ns != NULL && (local->namespace == NULL ||
	    strcmp(local->namespace, q->ns) != 0))
		return false;
	if (q->pod != NULL && (local->pod_name == NULL ||
	    strcmp(local->pod_name, q->pod) != 0))
		return false;
	if (q->local_ids != NULL && !check_id_in(local->identity, q->local_ids,
	    q->nlocal_ids))
		return false;
	if (q->peer_ids != NULL && !check_id_in(peer->identity, q->peer_ids,
	    q->npeer_ids))
		return false;
	return true;
}

bool
eval_flow_matches(const struct flow_record *fr,
    const struct eval_flow_query *q)
{
	bool ok;

	if (q->dir != FLOW_DIR_UNKNOWN && fr->direction != q->dir)
		return false;
	if (q->port != 0 && fr->dst_port != q->port)
		return false;
	if (q->l4 != FLOW_L4_NONE && fr->l4 != q->l4)
		return false;
	switch (fr->direction) {
	case FLOW_DIR_INGRESS:
		ok = side_matches(&fr->dst, &fr->src, q);
		break;
	case FLOW_DIR_EGRESS:
		ok = side_matches(&fr->src, &fr->dst, q);
		break;
	default:
		ok = side_matches(&fr->dst, &fr->src, q) ||
		    side_matches(&fr->src, &fr->dst, q);
		break;
	}
	return ok && (q->pred == NULL || q->pred(fr, q->arg));
}

bool
eval_flow_is_policy_drop(const struct flow_record *fr)
{
	return fr->verdict == FLOW_DROPPED &&
	    drop_reason_category(fr->drop_reason) == DROP_CAT_POLICY;
}

static void
endpoint_text(struct buf *b, const struct flow_endpoint *e, const char *ip)
{
	if (e->pod_name != NULL)
		buf_addf(b, "%s%s%s", e->namespace != NULL ? e->namespace : "",
		    e->namespace != NULL ? "/" : "", e->pod_name);
	else if (ip != NULL)
		buf_addstr(b, ip);
	else
		buf_addstr(b, "?");
	if (e->identity != 0)
		buf_addf(b, " (%lu)", (unsigned long)e->identity);
}

const char *
eval_flow_text(struct eval_ctx *ctx, const struct flow_record *fr)
{
	struct buf b = BUF_INIT;
	const char *r;

	buf_addf(&b, "%s ", flow_verdict_name(fr->verdict));
	if (fr->direction != FLOW_DIR_UNKNOWN)	/* monitor drops have none */
		buf_addf(&b, "%s ", flow_direction_name(fr->direction));
	endpoint_text(&b, &fr->src, fr->src_ip != NULL ? fr->src_ip :
	    fr->src_name_text);
	buf_addstr(&b, " -> ");
	endpoint_text(&b, &fr->dst, fr->dst_ip != NULL ? fr->dst_ip :
	    fr->dst_name_text);
	if (fr->l4 == FLOW_L4_TCP || fr->l4 == FLOW_L4_UDP ||
	    fr->l4 == FLOW_L4_SCTP)
		buf_addf(&b, " %lu/%s", (unsigned long)fr->dst_port,
		    flow_l4_name(fr->l4));
	else if (fr->l4 != FLOW_L4_NONE)
		buf_addf(&b, " %s", flow_l4_name(fr->l4));
	if (fr->verdict == FLOW_DROPPED && fr->drop_reason_name != NULL)
		buf_addf(&b, " %s", fr->drop_reason_name);
	if (fr->time != NULL)
		buf_addf(&b, " at %s", fr->time);
	r = arena_strdup(ctx->out->a, b.ptr);
	buf_release(&b);
	return r;
}

struct hit {
	const char			*path;
	const struct flow_record	*fr;
};

/*
 * Walk every flow that matches q and passes keep(); cite the first
 * max_evidence - 1 and the last; with affected (the drops), add the
 * enforcing pods to f and record that f explains each drop.
 */
static unsigned long
walk(struct eval_ctx *ctx, struct finding *f, const struct eval_flow_query *q,
    unsigned max_evidence, bool (*keep)(const struct flow_record *),
    bool affected)
{
	const struct model *m = ctx->m;
	struct hit *hits = NULL, last = { NULL, NULL };
	size_t nhits = 0, cap = 0, i, j;
	unsigned long n = 0;

	for (i = 0; i < m->nflow_files; i++) {
		const struct flow_result *r = &m->flow_files[i].r;

		for (j = 0; j < r->nflows; j++) {
			const struct flow_record *fr = &r->flows[j];
			const struct flow_endpoint *local;

			if (!keep(fr) || !eval_flow_matches(fr, q))
				continue;
			n++;
			last.path = r->path;
			last.fr = fr;
			if (f == NULL)
				continue;
			if (affected) {
				eval_explained_add(ctx, f, fr);
				f->drop_sources |= 1u << r->source;
			}
			if (max_evidence > 0 && nhits + 1 < max_evidence) {
				hits = xgrow(hits, &cap, nhits + 1,
				    sizeof(*hits));
				hits[nhits++] = last;
			}
			local = fr->direction == FLOW_DIR_EGRESS ? &fr->src :
			    &fr->dst;
			if (affected && local->pod_name != NULL)
				finding_affected(ctx, f, local->namespace,
				    local->pod_name);
		}
	}
	if (f != NULL && max_evidence > 0 && last.fr != NULL &&
	    (nhits == 0 || hits[nhits - 1].fr != last.fr)) {
		hits = xgrow(hits, &cap, nhits + 1, sizeof(*hits));
		hits[nhits++] = last;
	}
	for (i = 0; i < nhits; i++)
		finding_evidence(ctx, f, hits[i].path, hits[i].fr->line, "%s",
		    eval_flow_text(ctx, hits[i].fr));
	free(hits);
	return n;
}

bool
eval_flow_is_dropped_packet(const struct flow_record *fr)
{
	return eval_flow_is_policy_drop(fr) &&
	    !(fr->has_event_type && fr->event_type == FLOW_EVENT_POLICY_VERDICT &&
	    !fr->verdict_is_drop);
}

static bool
keep_forwarded(const struct flow_record *fr)
{
	return fr->verdict == FLOW_FORWARDED && fr->is_reply != FLOW_BOOL_TRUE;
}

unsigned long
eval_flow_drops(struct eval_ctx *ctx, struct finding *f,
    const struct eval_flow_query *q, unsigned max_evidence)
{
	unsigned long n = walk(ctx, f, q, max_evidence,
	    eval_flow_is_dropped_packet, true);

	if (f != NULL)
		f->drops += n;
	return n;
}

unsigned long
eval_flow_forwarded(struct eval_ctx *ctx, struct finding *f,
    const struct eval_flow_query *q, unsigned max_evidence)
{
	unsigned long n = walk(ctx, f, q, max_evidence, keep_forwarded, false);

	if (f != NULL)
		f->contradicting += n;
	return n;
}

const char *
eval_flow_recorded_by(struct eval_ctx *ctx, unsigned sources)
{
	struct buf b = BUF_INIT;
	unsigned k, n = 0, total = 0;
	const char *t, *r;

	if (sources == 0)
		sources = 1u << FLOW_SOURCE_HUBBLE;
	for (k = 0; k < FLOW_NSOURCES; k++)
		if (sources & (1u << k))
			total++;
	for (k = 0; k < FLOW_NSOURCES; k++) {
		if (!(sources & (1u << k)))
			continue;
		t = flow_source_text((enum flow_source)k);
		buf_addf(&b, "%s%c%s", n == 0 ? "" : n + 1 == total ? " and " :
		    ", ", n == 0 ? toupper((unsigned char)t[0]) : t[0], t + 1);
		n++;
	}
	r = arena_strdup(ctx->out->a, b.ptr);
	buf_release(&b);
	return r;
}

size_t
eval_flow_total(const struct model *m)
{
	size_t i, n = 0;

	for (i = 0; i < m->nflow_files; i++)
		n += m->flow_files[i].r.nflows;
	return n;
}
