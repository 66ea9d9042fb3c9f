/*
 * corpus_fqdn.c: the `cilium(-dbg) fqdn cache list` outputs quoted in
 * cilium-outputs/docs/ through art_fqdn.  A piece passes when it parses
 * with the entries counted by hand, each with a name and an IP.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "art_fqdn.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "corpus_cmdout.h"

/* Hand counts of entries. */
static const struct {
	const char	*name;
	size_t		 entries;
} expect[] = {
	{ "debugging.txt:29", 1 },
};

static bool
check(const char *name, struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *d)
{
	struct fqdn_cache_result r;
	size_t want = (size_t)-1, i;
	bool ok;
	int rc;

	for (i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
		if (strcmp(cc_base(name), expect[i].name) == 0)
			want = expect[i].entries;
	rc = art_fqdn_parse(m, a, st, d, &r);
	ok = rc == 0 && d->n == 0 && (want == (size_t)-1 ||
	    r.nentries == want);
	for (i = 0; ok && i < r.nentries; i++)
		ok = r.entries[i].name != NULL && r.entries[i].nips > 0;
	if (rc == 0)
		printf("%s: %zu entries (first %s -> %s)%s\n", name,
		    r.nentries, r.nentries > 0 ? r.entries[0].name : "-",
		    r.nentries > 0 ? r.entries[0].ips[0] : "-",
		    ok ? "" : " FAILED");
	else
		printf("%s: FAILED\n", name);
	return ok;
}

int
main(int argc, char **argv)
{
	struct cc_corpus c;

	if (!cc_begin(&c, argc, argv, "fqdn", check, 0))
		return 0;
	cc_run_docs(&c, "cilium-outputs/docs", "fqdn cache", false);
	return cc_end(&c);
}
