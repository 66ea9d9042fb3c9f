/*
 * check_util.h: helpers the built-in checks (src/check_*.c) share.
 *
 * How a policy is named in a finding, which endpoints a rule selects,
 * how ports and endpoint lists are worded, how a port's protocol and a
 * CIDR prefix are read: one place for them, so that every check says the
 * same thing the same way.  All text goes to the
 * caller's buf or to the findings' arena (ctx->out->a); nothing here
 * prints or keeps state.
 */
#ifndef CTRIAGE_CHECK_UTIL_H
#define CTRIAGE_CHECK_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "art_flow.h"
#include "buf.h"
#include "eval.h"
#include "model.h"
#include "policy.h"

/* Are a and b both set and equal? */
bool check_streq(const char *a, const char *b);

/* Is the policy in force (not rejected by the agent or the operator)? */
bool check_policy_in_force(const struct policy *p);

/*
 * "CiliumNetworkPolicy shop/x", "CiliumClusterwideNetworkPolicy x": the
 * policy's kind and name, in the findings' arena.
 */
const char *check_policy_ref(struct eval_ctx *ctx, const struct policy *p);

/* The policy as a subject of f: kind, namespace (if any), name. */
void check_policy_subject(struct eval_ctx *ctx, struct finding *f,
    const struct policy *p);

/* "ingress", "ingressDeny", "egress" or "egressDeny": e's section. */
const char *check_section_name(const struct policy_elem *e);

/* Is id one of the n identities of v? */
bool check_id_in(uint32_t id, const uint32_t *v, size_t n);

/* Does the element name the entity (e.g. "cluster") as a peer? */
bool check_elem_has_entity(const struct policy_elem *e, const char *name);

/*
 * The cilium-config entry of key (its value, and the line to cite), or
 * NULL when the sysdump has no cilium-config or it lacks the key.
 */
const struct kv *check_config_kv(const struct model *m, const char *key);

/* The agent (with its bugtool) of a node, or NULL (also for node NULL). */
const struct model_agent *check_agent_of_node(const struct model *m,
    const char *node);

/*
 * The endpoints (model indexes, *np of them) a rule's subject selects;
 * none for a host policy (nodeSelector).  Owned by the model.
 */
const size_t *check_rule_endpoints(struct model *m,
    const struct policy_rule *r, size_t *np);

/*
 * Add the endpoints idx[0..n) as affected: "ns/pod", with "(endpoint)"
 * for an endpoint that is not a pod.
 */
void check_affect_endpoints(struct eval_ctx *ctx, struct finding *f,
    const size_t *idx, size_t n);

/*
 * "shop/a, shop/b and shop/c", or "shop/a, shop/b and 3 more" beyond max
 * names: the endpoints idx[0..n) appended to b.
 */
void check_endpoint_names(struct buf *b, const struct model *m,
    const size_t *idx, size_t n, size_t max);

/* check_port_text and check_ports_text flags. */
#define CHECK_PORT_RANGE_SET	0x01	/* a range whenever endPort is set,
					   not only when it exceeds port */
#define CHECK_PORT_NO_ANY	0x02	/* leave out the protocol "ANY" */

/*
 * One port as written, appended to b: "8080/TCP", "http/TCP",
 * "8000-8100/TCP", or zero (e.g. "any port") plus the protocol for port 0
 * when zero is not NULL.  A range is printed when endPort > port.
 */
void check_port_text(struct buf *b, const struct policy_port *pp,
    const char *zero, unsigned flags);

/*
 * Every port of an element's toPorts, comma-separated, appended to b
 * (check_port_text each), or none (e.g. "all ports") when there is no
 * port at all.
 */
void check_ports_text(struct buf *b, const struct policy_elem *e,
    const char *none, const char *zero, unsigned flags);

/* check_ports_text as a string in the findings' arena. */
const char *check_ports_str(struct eval_ctx *ctx, const struct policy_elem *e,
    const char *none, const char *zero, unsigned flags);

/*
 * The flow protocol a port's protocol names: FLOW_L4_TCP for "TCP", UDP,
 * SCTP; FLOW_L4_NONE (any) for "ANY", NULL or anything else.
 */
enum flow_l4_proto check_l4_of(const char *proto);

#endif
