/*
 * netaddr.h: IP prefixes ("10.244.0.0/16", "fd00::/104", or a bare
 * address as a host prefix), parsed and compared bit by bit.
 *
 * One parser for every place that reasons about addresses: policy CIDR
 * validation, the checks that compare CIDR rules with pod and node IPs,
 * and the verdict engine.
 */
#ifndef CTRIAGE_NETADDR_H
#define CTRIAGE_NETADDR_H

#include <stdbool.h>

struct ip_prefix {
	int		 af;		/* AF_INET, AF_INET6; 0: not parsed */
	unsigned char	 a[16];		/* network order */
	unsigned	 len;		/* prefix length in bits */
};

/*
 * Parse s (NULL: nothing) into *p: an address, then optionally "/" and a
 * decimal length no longer than the family's.  Returns false, with p->af
 * 0, when s is not one.
 */
bool ip_prefix_parse(const char *s, struct ip_prefix *p);

/* How many leading bits a and b share, at most the shorter length. */
unsigned ip_prefix_common(const struct ip_prefix *a,
    const struct ip_prefix *b);

/* Does a hold all of b (both parsed, same family)? */
bool ip_prefix_contains(const struct ip_prefix *a,
    const struct ip_prefix *b);

#endif
