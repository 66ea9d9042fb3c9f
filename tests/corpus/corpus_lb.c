/*
 * corpus_lb.c: every load-balancing listing in the shared corpus through
 * art_lb: the `service list` and `bpf lb list` commands quoted in
 * cilium-outputs/docs (the 1.9-era service table with an ID column and
 * "[...]" elisions), and any issues/service-list or issues/bpf-lb-list
 * files when the corpus grows them.  The debuginfo excerpt has no service
 * section.
 *
 * A piece passes when the parser returns 0: pastes are often cut after the
 * last complete row, and the rows they hold are what must parse.  Rows the
 * parser skipped show up as diagnostics under the piece's line.
 */
#include <stdio.h>

#include "arena.h"
#include "art_lb.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "corpus_cmdout.h"

static bool
check(const char *name, struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *d)
{
	struct lb_result r;

	if (art_lb_parse(m, a, st, d, &r) != 0) {
		printf("%s: FAILED\n", name);
		return false;
	}
	printf("%s: %zu services, %zu backends\n", name, r.nservices,
	    r.nbackends);
	return true;
}

int
main(int argc, char **argv)
{
	struct cc_corpus c;

	if (!cc_begin(&c, argc, argv, "lb", check, 0))
		return 0;
	cc_run_dir(&c, "cilium-outputs/issues/service-list");
	cc_run_dir(&c, "cilium-outputs/issues/bpf-lb-list");
	cc_run_docs(&c, "cilium-outputs/docs", "service list", false);
	cc_run_docs(&c, "cilium-outputs/docs", "bpf lb list", false);
	return cc_end(&c);
}
