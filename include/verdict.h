/*
 * verdict.h: would Cilium let A talk to B on this port?
 *
 * The verdict engine answers it offline from the model, the way the agent
 * does (policy-semantics.md):
 *   - egress is decided at the source endpoint, ingress at the
 *     destination, each from the CNP, CCNP and KNP rules that select that
 *     endpoint (normalized in policy.h); both must allow (E.2);
 *   - allows are a union, a matching deny wins over any allow (E.3), and
 *     a direction is default-deny as soon as one selecting rule says so,
 *     deny-only rules included (E.1), unless enable-policy is `always`
 *     (every endpoint) or `never` (none);
 *   - peers are endpoints (their identity labels), entities (reserved
 *     identities, C.1) or IPs; CIDR rules never match Cilium-managed pods
 *     nor, without policy-cidr-match-mode=nodes, node IPs (D);
 *   - named ports resolve against the destination pod's container ports,
 *     ranges and protocols as in toPorts; L7 rules mean "allowed at L3/L4,
 *     then subject to the L7 rules" (E.5); audit mode turns a would-be drop
 *     into an allow that is flagged (E.4).
 * For a denied direction the result carries the allow rule element that
 * came nearest and what stopped it (label, namespace, CIDR, entity, port,
 * protocol), and the minimal change as policy YAML.  When a bugtool holds
 * the endpoint's realized BPF policy map, the map's verdict is compared.
 *
 * Everything the result points to lives in the model's arena.  Core code:
 * nothing here prints.
 */
#ifndef CTRIAGE_VERDICT_H
#define CTRIAGE_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "model.h"
#include "policy.h"

enum verdict_peer_kind {
	VPEER_ENDPOINT,		/* a Cilium endpoint (pod, health) */
	VPEER_ENTITY,		/* world, host, remote-node ... by name */
	VPEER_NODE,		/* a node's IP (or a hostNetwork pod) */
	VPEER_IP,		/* an IP that is no endpoint and no node */
};

struct verdict_peer {
	enum verdict_peer_kind		 kind;
	const char			*name;	/* "ns/pod", "world", an IP */
	const struct model_endpoint	*ep;	/* VPEER_ENDPOINT */
	const char			*entity; /* VPEER_ENTITY */
	const char			*ip;	/* when known */
	const char			*node;	/* VPEER_NODE, or the ep's */
	bool				 apiserver; /* VPEER_NODE: serves it */
};

/*
 * Resolve SRC or DST of a trace: "ns/pod", a unique "ns/pod-prefix", an
 * entity name (world, host, remote-node, kube-apiserver, health) or an IP
 * (a pod's, a node's, else an outside address).  Returns 0, or -1 with
 * *errp (arena) saying why: no such pod, or the candidates of an
 * ambiguous prefix.
 */
int verdict_peer_resolve(struct model *m, const char *spec,
    struct verdict_peer *out, const char **errp);

/* Why a direction has its verdict. */
#define VERDICT_REASONS(X)						\
	X(VR_NO_ENDPOINT, "no-endpoint",				\
	    "no Cilium endpoint enforces this direction")		\
	X(VR_ENFORCE_NEVER, "enforcement-never",			\
	    "enable-policy is never: nothing is enforced")		\
	X(VR_NOT_SELECTED, "not-selected",				\
	    "no policy selects the endpoint in this direction")	\
	X(VR_NOT_DEFAULT_DENY, "not-default-deny",			\
	    "the rules selecting the endpoint leave this direction open") \
	X(VR_LOCALHOST, "localhost",					\
	    "traffic from the local host is always allowed")		\
	X(VR_ALLOWED, "allowed-by-rule", "an allow rule matches")	\
	X(VR_DENYLIST, "denied-by-rule",				\
	    "a deny rule matches (it takes precedence over allows)")	\
	X(VR_DEFAULT_DENY, "default-deny",				\
	    "default deny: no allow rule matches")

enum verdict_reason {
#define X(e, name, text) e,
	VERDICT_REASONS(X)
#undef X
};

const char *verdict_reason_name(enum verdict_reason r);
const char *verdict_reason_text(enum verdict_reason r);

/* One rule element that matched (or nearly did). */
struct verdict_match {
	const struct policy		*policy;
	const struct policy_rule	*rule;
	const struct policy_elem	*elem;
	size_t				 index;	/* in its section */
	const char			*section; /* "ingress", "egressDeny" */
	const struct selector		*selector; /* the peer selector, or NULL */
	const char			*peer;	/* what matched: "fromEndpoints
						   app=frontend", "toEntities
						   world", "any peer" */
	const struct policy_ports	*ports;	/* the toPorts entry, or NULL */
	enum l7_type			 l7;
};

/* What stopped the nearest rule, as bits. */
#define VERDICT_MISSES(X)				\
	X(VMISS_LABEL,		"label")		\
	X(VMISS_NAMESPACE,	"namespace")		\
	X(VMISS_CLUSTER,	"cluster")		\
	X(VMISS_CIDR,		"cidr")			\
	X(VMISS_ENTITY,		"entity")		\
	X(VMISS_PEER,		"peer")			\
	X(VMISS_PORT,		"port")			\
	X(VMISS_PROTOCOL,	"protocol")		\
	X(VMISS_FQDN,		"fqdn")

enum verdict_miss_index {
#define X(e, s) e##_INDEX,
	VERDICT_MISSES(X)
#undef X
	VMISS__COUNT
};

enum verdict_miss {
#define X(e, s) e = 1 << e##_INDEX,
	VERDICT_MISSES(X)
#undef X
};

struct verdict_near {
	struct verdict_match	 m;
	unsigned		 why;	/* VMISS_* */
	const char		*text;	/* "app=frontnd, the source has
					   app=frontend" */
};

/* What the endpoint's realized BPF policy map says, when a bugtool has it. */
struct verdict_bpf {
	bool			 present;
	bool			 allowed;
	bool			 disagrees;	/* with the policies */
	uint32_t		 endpoint_id;
	struct src		 src;		/* the entry, or the map */
	const char		*text;		/* the entry, or "no entry" */
};

struct verdict_dir {
	enum policy_dir		 dir;
	bool			 evaluated;	/* an endpoint decides it */
	const char		*at;		/* "shop/backend-...": where */
	bool			 allowed;
	bool			 audit;		/* audit mode let a drop pass */
	enum verdict_reason	 reason;
	/* Policies with a rule selecting the endpoint in this direction. */
	const struct policy	**selecting;
	size_t			 nselecting;
	struct verdict_match	*allows;
	size_t			 nallows;
	struct verdict_match	*denies;
	size_t			 ndenies;
	bool			 has_near;
	struct verdict_near	 near;
	const char		*fix;		/* policy YAML, for a deny */
	const char		*l7;		/* "HTTP rules of ... apply" */
	const char		**notes;	/* what could not be decided,
						   and caveats (mutual auth) */
	/* The allow that requires mutual authentication, and its note. */
	const struct verdict_match *auth;
	const char		*auth_note;
	size_t			 nnotes;
	struct verdict_bpf	 bpf;
};

struct verdict_query {
	struct verdict_peer	 src;
	struct verdict_peer	 dst;
	uint32_t		 port;
	const char		*proto;		/* "TCP", "UDP", "SCTP" */
};

struct verdict_result {
	bool			 allowed;
	/* [DIR_EGRESS] at the source, [DIR_INGRESS] at the destination. */
	struct verdict_dir	 dir[2];
};

/*
 * Compute the verdict of q over the model.  Pure: reads the model (and its
 * selector cache), allocates in its arena.
 */
void verdict_trace(struct model *m, const struct verdict_query *q,
    struct verdict_result *out);

/* The result as text (appended to b) and as a JSON object (new ref). */
void verdict_text(const struct model *m, const struct verdict_query *q,
    const struct verdict_result *r, struct buf *b);
json_t *verdict_json(const struct model *m, const struct verdict_query *q,
    const struct verdict_result *r);

#endif
