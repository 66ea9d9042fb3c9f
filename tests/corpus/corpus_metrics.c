/*
 * corpus_metrics.c: every metrics listing in the shared corpus through
 * art_metrics: cilium-outputs/issues/metrics (old `metrics list` rows
 * pasted without their header) and any `metrics list` command quoted in
 * cilium-outputs/docs.  The corpus holds no Prometheus scrape; the unit
 * tests cover that form.
 *
 * A piece passes when the parser returns 0: pastes are often cut after the
 * last complete row, and the rows they hold are what must parse.  Rows the
 * parser skipped show up as diagnostics under the piece's line.
 */
#include <stdio.h>

#include "arena.h"
#include "art_metrics.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "corpus_cmdout.h"

static bool
check(const char *name, struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *d)
{
	struct metrics_result r;

	if (art_metrics_parse(m, a, st, d, &r) != 0) {
		printf("%s: FAILED\n", name);
		return false;
	}
	printf("%s: %zu samples\n", name, r.nsamples);
	return true;
}

int
main(int argc, char **argv)
{
	struct cc_corpus c;

	if (!cc_begin(&c, argc, argv, "metrics", check, 0))
		return 0;
	cc_run_dir(&c, "cilium-outputs/issues/metrics");
	cc_run_docs(&c, "cilium-outputs/docs", "metrics list", false);
	return cc_end(&c);
}
