/*
 * eval_flow.h: the Hubble flows that a finding explains or that contradict
 * it, for built-in checks.
 *
 * A finding about a policy says which traffic it blocks (or lets through).
 * Dropped flows of that traffic corroborate it and raise its rank; flows of
 * that traffic observed as forwarded contradict it and lower it.  A query
 * names the traffic from the point of view of the endpoint that enforces:
 * the destination on ingress, the source on egress.
 */
#ifndef CTRIAGE_EVAL_FLOW_H
#define CTRIAGE_EVAL_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "art_flow.h"
#include "eval.h"

struct eval_flow_query {
	enum flow_direction	 dir;		/* FLOW_DIR_UNKNOWN: either */
	/* The enforcing endpoint's pod, exactly; NULL: any. */
	const char		*ns;
	const char		*pod;
	/* The enforcing endpoint's identity is one of these; NULL: any. */
	const uint32_t		*local_ids;
	size_t			 nlocal_ids;
	/* The other side's identity is one of these; NULL: any. */
	const uint32_t		*peer_ids;
	size_t			 npeer_ids;
	uint32_t		 port;		/* destination port, 0: any */
	enum flow_l4_proto	 l4;		/* FLOW_L4_NONE: any */
	/* A further test, or NULL. */
	bool			(*pred)(const struct flow_record *fr,
				    void *arg);
	void			*arg;
};

/* Evidence lines a query adds at most, unless told otherwise. */
#define EVAL_FLOW_EVIDENCE	4

/* Does the flow match the query (whatever its verdict)? */
bool eval_flow_matches(const struct flow_record *fr,
    const struct eval_flow_query *q);

/*
 * Is it a drop by policy: a reason of the `policy` category in
 * drop_reason.h (POLICY_DENIED, POLICY_DENY, AUTH_REQUIRED)?
 */
bool eval_flow_is_policy_drop(const struct flow_record *fr);

/*
 * Is it one packet dropped by policy: a drop event?  The policy-verdict
 * event (monitor type 5, pkg/monitor/api/types.go) on a connection's first
 * packet repeats one, so counting both would count that packet twice;
 * only in a capture without drop events does the verdict stand for the
 * packet (verdict_is_drop, flow_result_mark_lone_verdicts).
 */
bool eval_flow_is_dropped_packet(const struct flow_record *fr);

/*
 * Count the packets dropped by policy that match q across every flow
 * file (drop events; a policy-verdict event repeats one and is skipped).  With f
 * non-NULL, add the count to f->drops, the enforcing pods to f's affected
 * list, and up to max_evidence flows as evidence (the first and the last
 * of the matches, then others in file order), and record that f explains
 * each of these drops (eval_explained), so that the drop-correlation rules
 * leave them to f.
 */
unsigned long eval_flow_drops(struct eval_ctx *ctx, struct finding *f,
    const struct eval_flow_query *q, unsigned max_evidence);

/*
 * Count the forwarded, non-reply flows that match q (traffic that passed
 * although the finding says it cannot).  With f non-NULL, add the count
 * to f->contradicting and up to max_evidence of them as evidence.
 */
unsigned long eval_flow_forwarded(struct eval_ctx *ctx, struct finding *f,
    const struct eval_flow_query *q, unsigned max_evidence);

/*
 * One line for a flow, in the findings' arena: "DROPPED INGRESS
 * shop/frontend-x (21093) -> shop/backend-y (50541) 8080/TCP
 * POLICY_DENIED".
 */
const char *eval_flow_text(struct eval_ctx *ctx, const struct flow_record *fr);

/*
 * Who recorded flows of these sources (bits 1 << enum flow_source), for
 * the start of a sentence: "Hubble", "A cilium-dbg monitor capture",
 * "Hubble and the agent log".  No bits: "Hubble".
 */
const char *eval_flow_recorded_by(struct eval_ctx *ctx, unsigned sources);

/* How many flows the sysdump holds (0: flow-based corroboration absent). */
size_t eval_flow_total(const struct model *m);

#endif
