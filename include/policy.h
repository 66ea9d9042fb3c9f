/*
 * policy.h: network policies normalized to Cilium's own semantics.
 *
 * CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy and Kubernetes
 * NetworkPolicy all become the same rule form, as the agent turns them
 * into one repository of rules (policy-semantics.md E.2):
 *   - subject and peer selectors get the namespace and cluster labels the
 *     agent injects (B.3, B.4, C.3; F for KNP), so matching a selector
 *     against identity labels gives exactly the endpoints Cilium selects;
 *   - the selectors as written are kept too, for messages;
 *   - every rule element records which peer kinds it names, its ports,
 *     protocols and ranges, its L7 rules, and its line in the member.
 * Checks that Cilium applies in every version (invalid selectors, mixed
 * peer kinds, bad ports, ...) fill `error` with the agent's wording; what
 * changed between versions (toServices with toPorts, empty rules, L7 with
 * the proxy off) is recorded as facts for the rules to judge.
 */
#ifndef CTRIAGE_POLICY_H
#define CTRIAGE_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "arena.h"
#include "art_k8s.h"
#include "intern.h"
#include "selector.h"

#define POLICY_KINDS(X)						\
	X(POLICY_CNP,	"CiliumNetworkPolicy",	"cnp")		\
	X(POLICY_CCNP,	"CiliumClusterwideNetworkPolicy", "ccnp") \
	X(POLICY_KNP,	"NetworkPolicy",	"knp")

enum policy_kind {
#define X(e, kind, short) e,
	POLICY_KINDS(X)
#undef X
};

const char *policy_kind_name(enum policy_kind k);	/* "CiliumNetworkPolicy" */
const char *policy_kind_short(enum policy_kind k);	/* "cnp" */

enum policy_dir {
	DIR_INGRESS,
	DIR_EGRESS,
};

/* Peer kinds of a rule element: X(bit, ingress field, egress field). */
#define PEER_KINDS(X)						\
	X(PEER_ENDPOINTS, "FromEndpoints",	"ToEndpoints")	\
	X(PEER_CIDR,	"FromCIDR",		"ToCIDR")	\
	X(PEER_CIDRSET,	"FromCIDRSet",		"ToCIDRSet")	\
	X(PEER_ENTITIES, "FromEntities",	"ToEntities")	\
	X(PEER_SERVICES, NULL,			"ToServices")	\
	X(PEER_FQDNS,	NULL,			"ToFQDNs")	\
	X(PEER_NODES,	"FromNodes",		"ToNodes")	\
	X(PEER_GROUPS,	"FromGroups",		"ToGroups")	\
	X(PEER_REQUIRES, "FromRequires",	"ToRequires")

enum peer_kind_index {
#define X(e, in, eg) e##_INDEX,
	PEER_KINDS(X)
#undef X
	PEER__COUNT
};

enum peer_kind {
#define X(e, in, eg) e = 1 << e##_INDEX,
	PEER_KINDS(X)
#undef X
};

/* The field name of a peer kind bit in a direction, or NULL. */
const char *peer_kind_field(unsigned bit, enum policy_dir dir);

enum l7_type {
	L7_NONE,
	L7_HTTP,
	L7_DNS,
	L7_KAFKA,
	L7_OTHER,
};

struct policy_port {
	uint32_t	 port;		/* 0: all ports */
	uint32_t	 end_port;	/* 0: no range */
	const char	*name;		/* named port (or service name), or NULL */
	const char	*protocol;	/* TCP, UDP, SCTP, ANY (interned) */
};

struct policy_ports {
	struct policy_port	*ports;
	size_t			 nports;
	enum l7_type		 l7;
	size_t			 nl7;		/* L7 rule count */
	const char		**dns_names;	/* matchName / matchPattern */
	size_t			 ndns_names;
	bool			 server_names;
	const char		*listener;
	unsigned long		 line;
};

struct policy_cidr {
	const char	*cidr;		/* NULL for a cidrGroupRef */
	const char	**except;
	size_t		 nexcept;
	const char	*group;
};

struct policy_fqdn {
	const char	*match_name;
	const char	*match_pattern;
};

struct policy_service {
	const char		*name;		/* k8sService.serviceName */
	const char		*ns;
	const struct selector	*selector;	/* k8sServiceSelector */
};

/* One element of ingress[], egress[], ingressDeny[] or egressDeny[]. */
struct policy_elem {
	enum policy_dir		 dir;
	bool			 deny;
	unsigned		 peers;		/* PEER_* present in the YAML */
	/*
	 * The L3 peer kinds the agent counts: PEER_* (not Requires) with a
	 * non-empty list (l3Members in pkg/policy/api/rule_validation.go).
	 */
	unsigned		 l3_peers;
	struct selector		*endpoints;	/* as Cilium matches them */
	struct selector		*endpoints_raw;	/* as written */
	size_t			 nendpoints;
	const char		**entities;
	size_t			 nentities;
	struct policy_cidr	*cidrs;		/* CIDR and CIDRSet alike */
	size_t			 ncidrs;
	struct policy_service	*services;
	size_t			 nservices;
	struct policy_fqdn	*fqdns;
	size_t			 nfqdns;
	struct selector		*nodes;
	size_t			 nnodes;
	struct policy_ports	*to_ports;
	size_t			 nto_ports;
	size_t			 nicmps;
	bool			 auth;		/* authentication.mode not disabled */
	/* A peer selector keyed on namespace labels (B.4 step 3). */
	bool			 ns_label_peer;
	unsigned long		 line;
};

struct policy_rule {
	struct selector		 subject;	/* as Cilium matches it */
	struct selector		 subject_raw;
	bool			 node_selector;	/* nodeSelector (host policy) */
	struct policy_elem	*elems;
	size_t			 nelems;
	/* Section present with at least one element. */
	bool			 has[2][2];	/* [dir][deny] */
	/* Section key present at all (an empty list counts). */
	bool			 key[2][2];
	/* enableDefaultDeny: -1 unset, 0 false, 1 true; per direction. */
	int			 default_deny_set[2];
	const char		*description;
	bool			 knp;		/* translated from a KNP */
	unsigned long		 line;
};

struct policy {
	enum policy_kind	 kind;
	const char		*ns;		/* "" for a CCNP */
	const char		*name;
	struct src		 src;
	struct policy_rule	*rules;
	size_t			 nrules;
	/* What the agent's parser rejects it with, in its words, or NULL. */
	const char		*error;
	unsigned long		 error_line;
	/* status.conditions[type=Valid]: -1 absent, 0 False, 1 True. */
	int			 status_valid;
	const char		*status_message;
	bool			 has_specs;	/* specs[] rather than spec */
	bool			 policy_types[2]; /* KNP policyTypes */
	bool			 policy_types_set;
};

/* What normalization depends on. */
struct policy_ctx {
	struct arena	*a;
	struct strtab	*st;
	const char	*path;		/* interned member path */
	const char	*cluster;	/* cluster-name ("default") */
	/* policy-default-local-cluster in force (1.19+ default) */
	bool		 local_cluster;
	/* Namespace-label peers select across namespaces (1.16+). */
	bool		 ns_label_peers;
	/*
	 * Deny sections' peers are validated like allows' (1.17+, PR
	 * 36598): before, mixed L3 peer kinds in ingressDeny/egressDeny
	 * were accepted.
	 */
	bool		 deny_l3_validated;
};

/*
 * Normalize one policy object (borrowed) of the given kind, starting at
 * `line`, into *out.  Never fails: a policy the agent would reject gets
 * `error` set and keeps whatever rules could be read.
 */
void policy_from_json(const struct policy_ctx *c, enum policy_kind kind,
    json_t *obj, unsigned long line, struct policy *out);

struct json_lines;

/*
 * The same for an item of a YAML list: `lines` (see parse_yaml.h) gives
 * each rule, element and selector its own line.
 */
void policy_from_yaml(const struct policy_ctx *c, enum policy_kind kind,
    json_t *obj, unsigned long line, const struct json_lines *lines,
    struct policy *out);

/*
 * Does the rule put its subjects into default deny for dir?  This is
 * Cilium's default (any element in that direction, allow or deny, unless
 * enableDefaultDeny says false; E.1).  honor_flag: whether
 * enableDefaultDeny is honoured (enable-non-default-deny-policies).
 */
bool policy_rule_default_deny(const struct policy_rule *r,
    enum policy_dir dir, bool honor_flag);

#endif
