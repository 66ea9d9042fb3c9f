/*
 * check_util.c: helpers the built-in checks share (see check_util.h).
 *
 * The checks of src/check_*.c were written apart and each grew its own
 * copy of these: the policy's name in a message, its subject, the
 * endpoints a rule selects, the wording of ports and endpoint lists, the
 * reading of port protocols and CIDR prefixes.  Here they are once, worded the way the
 * findings already said them.
 */
#include <stdlib.h>
#include <string.h>

#include "art_flow.h"
#include "buf.h"
#include "check_util.h"
#include "eval.h"
#include "model.h"
#include "policy.h"

bool
check_streq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

bool
check_policy_in_force(const struct policy *p)
{
	return p->error == NULL && p->status_valid != 0;
}

const char *
check_policy_ref(struct eval_ctx *ctx, const struct policy *p)
{
	return arena_printf(ctx->out->a, "%s %s%s%s", policy_kind_name(p->kind),
	    p->ns, *p->ns != '\0' ? "/" : "", p->name != NULL ? p->name : "");
}

void
check_policy_subject(struct eval_ctx *ctx, struct finding *f,
    const struct policy *p)
{
	finding_subject(ctx, f, policy_kind_name(p->kind),
	    *p->ns != '\0' ? p->ns : NULL, p->name);
}

const char *
check_section_name(const struct policy_elem *e)
{
	if (e->dir == DIR_INGRESS)
		return e->deny ? "ingressDeny" : "ingress";
	return e->deny ? "egressDeny" : "egress";
}

bool
check_id_in(uint32_t id, const uint32_t *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == id)
			return true;
	return false;
}

bool
check_elem_has_entity(const struct policy_elem *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->nentities; i++)
		if (strcmp(e->entities[i], name) == 0)
			return true;
	return false;
}

const struct kv *
check_config_kv(const struct model *m, const char *key)
{
	size_t i;

	for (i = 0; m->config != NULL && i < m->config->ndata; i++)
		if (strcmp(m->config->data[i].key, key) == 0)
			return &m->config->data[i];
	return NULL;
}

const struct model_agent *
check_agent_of_node(const struct model *m, const char *node)
{
	size_t i;

	for (i = 0; node != NULL && i < m->nagents; i++)
		if (check_streq(m->agents[i].node, node))
			return &m->agents[i];
	return NULL;
}

const size_t *
check_rule_endpoints(struct model *m, const struct policy_rule *r,
    size_t *np)
{
	if (r->node_selector) {
		*np = 0;
		return NULL;
	}
	return model_selector_endpoints(m, &r->subject, np);
}

void
check_affect_endpoints(struct eval_ctx *ctx, struct finding *f,
    const size_t *idx, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct model_endpoint *ep = &ctx->m->endpoints[idx[i]];

		finding_affected(ctx, f, ep->ns, ep->pod != NULL ? ep->pod :
		    "(endpoint)");
	}
}

void
check_endpoint_names(struct buf *b, const struct model *m, const size_t *idx,
    size_t n, size_t max)
{
	size_t i;

	for (i = 0; i < n && i < max; i++) {
		const struct model_endpoint *ep = &m->endpoints[idx[i]];

		if (i > 0)
			buf_addstr(b, i + 1 == n ? " and " : ", ");
		buf_addf(b, "%s%s%s", ep->ns != NULL ? ep->ns : "",
		    ep->ns != NULL ? "/" : "", ep->pod != NULL ? ep->pod :
		    "(endpoint)");
	}
	if (n > max)
		buf_addf(b, " and %zu more", n - max);
}

void
check_port_text(struct buf *b, const struct policy_port *pp,
    const char *zero, unsigned flags)
{
	bool range = (flags & CHECK_PORT_RANGE_SET) != 0 ?
	    pp->end_port != 0 : pp->end_port > pp->port;

	if (pp->name != NULL)
		buf_addstr(b, pp->name);
	else if (pp->port == 0 && zero != NULL)
		buf_addstr(b, zero);
	else if (range)
		buf_addf(b, "%u-%u", pp->port, pp->end_port);
	else
		buf_addf(b, "%u", pp->port);
	if ((flags & CHECK_PORT_NO_ANY) != 0 && (pp->protocol == NULL ||
	    strcmp(pp->protocol, "ANY") == 0))
		return;
	buf_addf(b, "/%s", pp->protocol != NULL ? pp->protocol : "ANY");
}

void
check_ports_text(struct buf *b, const struct policy_elem *e, const char *none,
    const char *zero, unsigned flags)
{
	size_t i, j, n = 0;

	for (i = 0; i < e->nto_ports; i++)
		for (j = 0; j < e->to_ports[i].nports; j++) {
			buf_addstr(b, n++ ? ", " : "");
			check_port_text(b, &e->to_ports[i].ports[j], zero,
			    flags);
		}
	if (n == 0)
		buf_addstr(b, none);
}

const char *
check_ports_str(struct eval_ctx *ctx, const struct policy_elem *e,
    const char *none, const char *zero, unsigned flags)
{
	struct buf b = BUF_INIT;
	const char *r;

	check_ports_text(&b, e, none, zero, flags);
	r = arena_strdup(ctx->out->a, b.ptr);
	buf_release(&b);
	return r;
}

enum flow_l4_proto
check_l4_of(const char *proto)
{
	if (proto == NULL)
		return FLOW_L4_NONE;
	if (strcmp(proto, "TCP") == 0)
		return FLOW_L4_TCP;
	if (strcmp(proto, "UDP") == 0)
		return FLOW_L4_UDP;
	if (strcmp(proto, "SCTP") == 0)
		return FLOW_L4_SCTP;
	return FLOW_L4_NONE;
}
