/*
 * corpus_ipcache.c: every ipcache listing in the shared corpus through
 * art_ipcache: the `ip list` tables of cilium-outputs/issues/ip-list
 * (numeric identities, and names with label continuation lines), and any
 * `ip list` or `bpf ipcache list` command quoted in cilium-outputs/docs.
 *
 * A piece passes when the parser returns 0: pastes are often cut after the
 * last complete row, and the rows they hold are what must parse.  Rows the
 * parser skipped show up as diagnostics under the piece's line.
 */
#include <stdio.h>

#include "arena.h"
#include "art_ipcache.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "corpus_cmdout.h"

static bool
check(const char *name, struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *d)
{
	struct ipcache_result r;

	if (art_ipcache_parse(m, a, st, d, &r) != 0) {
		printf("%s: FAILED\n", name);
		return false;
	}
	printf("%s: %zu rows\n", name, r.nentries);
	return true;
}

int
main(int argc, char **argv)
{
	struct cc_corpus c;

	if (!cc_begin(&c, argc, argv, "ipcache", check, 0))
		return 0;
	cc_run_dir(&c, "cilium-outputs/issues/ip-list");
	cc_run_docs(&c, "cilium-outputs/docs", " ip list", false);
	cc_run_docs(&c, "cilium-outputs/docs", "bpf ipcache list", false);
	return cc_end(&c);
}
