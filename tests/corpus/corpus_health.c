/*
 * corpus_health.c: every cilium-health report in the shared corpus through
 * art_health: the `cilium-health status` commands quoted in
 * cilium-outputs/docs (the text report with per-node probes), and
 * issues/health-status files when the corpus grows them.
 *
 * A piece passes when the parser returns 0: pastes are often cut after the
 * last complete row, and the rows they hold are what must parse.  Rows the
 * parser skipped show up as diagnostics under the piece's line.
 */
#include <stdio.h>

#include "arena.h"
#include "art_health.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "corpus_cmdout.h"

static bool
check(const char *name, struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *d)
{
	struct health_result r;

	if (art_health_parse(m, a, st, d, &r) != 0) {
		printf("%s: FAILED\n", name);
		return false;
	}
	printf("%s: %zu nodes, %zu hosts and %zu endpoints "
	    "reachable\n", name, r.nnodes, r.hosts_reachable,
	    r.endpoints_reachable);
	return true;
}

int
main(int argc, char **argv)
{
	struct cc_corpus c;

	if (!cc_begin(&c, argc, argv, "health", check, 0))
		return 0;
	cc_run_dir(&c, "cilium-outputs/issues/health-status");
	cc_run_docs(&c, "cilium-outputs/docs", "cilium-health status", false);
	return cc_end(&c);
}
