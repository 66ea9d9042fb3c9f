/*
 * fqdn.h: toFQDNs selectors against the DNS names the sysdump saw.
 *
 * Cilium allows a toFQDNs peer by the IPs its DNS proxy learned from the
 * answers it forwarded: an IP is selected when a name that resolved to it
 * matches the selector (pkg/fqdn/matchpattern/matchpattern.go,
 * pkg/policy/api/fqdn.go).  Offline, the answers are the agents' DNS
 * caches (`fqdn cache list` in the bugtools) and the DNS responses in the
 * flows (Hubble L7 DNS records, with their IPs); the name manager that
 * keeps them is per node, so an answer counts for the node that saw it.
 */
#ifndef CTRIAGE_FQDN_H
#define CTRIAGE_FQDN_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "policy.h"

/*
 * A selector ready to match names: matchName compares the lowered fully
 * qualified names (a trailing dot added); matchPattern follows
 * ToAnchoredRegexp of the newest matchpattern.go: a pattern of stars only
 * matches any name of DNS labels, a leading "**." one or more labels, any
 * other run of stars zero or more of [-a-zA-Z0-9_] within a label.  The
 * regular expression is PCRE2's, compiled once and run by its DFA
 * matcher (no backtracking) with match and depth limits.  Free with
 * fqdn_matcher_free.
 */
struct fqdn_matcher;

struct fqdn_matcher *fqdn_matcher_new(const struct policy_fqdn *f);

/* 1: it matches; 0: it does not; -1: undecided (a PCRE2 limit hit). */
int fqdn_matcher_match(const struct fqdn_matcher *mt, const char *name);

void fqdn_matcher_free(struct fqdn_matcher *mt);

/* One-off: fqdn_matcher_match(...) == 1. */
bool fqdn_selector_matches(const struct policy_fqdn *f, const char *name);

/* "matchName: api.example.com" / "matchPattern: *.example.com". */
const char *fqdn_selector_text(struct arena *a, const struct policy_fqdn *f);

/* One DNS answer that mapped an IP to a name. */
struct fqdn_answer {
	const char	*name;		/* the query, as written */
	const char	*node;		/* the capturing agent's, or NULL */
	const char	*path;		/* the flow's member and line */
	unsigned long	 line;
};

/*
 * The DNS answers whose IPs hold ip, one per distinct (name, node): the
 * agents' DNS caches first, then the flows, in model order.  *out gets an
 * array in a (NULL when there is none); returns its length.
 */
size_t fqdn_answers_for_ip(const struct model *m, struct arena *a,
    const char *ip, const struct fqdn_answer **out);

#endif
