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
 * Does the selector match the DNS name?  matchName compares the lowered
 * fully qualified names (a trailing dot added); matchPattern follows
 * ToAnchoredRegexp of the newest matchpattern.go: a pattern of stars only
 * matches every name, a leading "**." one or more labels, any other run
 * of stars zero or more of [-a-zA-Z0-9_] within a label.  The regular
 * expression is PCRE2's.  False for a selector that names nothing.
 */
bool fqdn_selector_matches(const struct policy_fqdn *f, const char *name);

/* "matchName: api.example.com" / "matchPattern: *.example.com". */
const char *fqdn_selector_text(struct arena *a, const struct policy_fqdn *f);

/* One DNS answer that mapped an IP to a name. */
struct fqdn_answer {
	const char	*name;		/* the query, as the flow has it */
	const char	*node;		/* of the capturing agent, or NULL */
	const char	*path;		/* the flow's member and line */
	unsigned long	 line;
};

/*
 * The DNS answers whose IPs hold ip, one per distinct (name, node): the
 * agents' DNS caches first, then the flows, in model order; at most max
 * kept in out.  Returns how many were found (possibly more than max).
 */
size_t fqdn_answers_for_ip(const struct model *m, const char *ip,
    struct fqdn_answer *out, size_t max);

#endif
