/*
 * art_fqdn.h: the agent's DNS cache, `cilium(-dbg) fqdn cache list`.
 *
 * Bugtool keeps its text form (sysdump-layout.md 2.3,
 * `cilium-dbg-fqdn-cache-list.md`), a tabwriter table written by
 * cilium-dbg/cmd/fqdn.go: `Endpoint  Source  FQDN  TTL  ExpirationTime
 * IPs`, one row per lookup the DNS proxy saw (Source `lookup`) or per
 * connection that keeps an expired name alive (`connection`); older
 * releases had no Source column.  IPs are comma separated.  These are the
 * answers that toFQDNs selectors allow (fqdn.h).
 */
#ifndef CTRIAGE_ART_FQDN_H
#define CTRIAGE_ART_FQDN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

struct fqdn_cache_entry {
	uint32_t	 endpoint;	/* endpoint ID, 0 when not a number */
	const char	*source;	/* "lookup", "connection", or NULL */
	const char	*name;		/* "api.example.com." */
	const char	**ips;
	size_t		 nips;
	unsigned long	 line;
};

/* The most entries kept from one member; beyond it one warning. */
#define FQDN_CACHE_MAX_ENTRIES	200000

struct fqdn_cache_result {
	const char		*path;
	struct fqdn_cache_entry	*entries;
	size_t			 nentries;
	bool			 capped;	/* FQDN_CACHE_MAX_ENTRIES hit */
};

/*
 * Parse the member into *out (zeroed first); strings interned, arrays in
 * the arena.  Returns 0 when a table header was found (an empty cache is
 * valid), -1 with a diagnostic otherwise.  Bad rows give one diagnostic
 * each (capped) and are left out.
 */
int art_fqdn_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct fqdn_cache_result *out);

#endif
