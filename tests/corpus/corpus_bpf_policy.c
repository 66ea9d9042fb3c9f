/*
 * corpus_bpf_policy.c: every `bpf policy get` output in the shared corpus
 * through art_bpf_policy: the files of cilium-outputs/issues/bpf-policy-get
 * (old and new layouts, pasted from issues), the commands quoted in
 * cilium-outputs/docs/ text files, and the "BPF Policy Get <id>" sections of the
 * debuginfo markdown.
 *
 * A piece passes when the parser returns 0: pastes are often cut after the
 * last complete row, and the rows they hold are what must parse.  Rows the
 * parser skipped show up as diagnostics under the piece's line.
 */
#include <stdio.h>

#include "arena.h"
#include "art_bpf_policy.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "corpus_cmdout.h"

static bool
check(const char *name, struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *d)
{
	struct bpf_policy_result r;

	if (art_bpf_policy_parse(m, a, st, d, &r) != 0) {
		printf("%s: FAILED\n", name);
		return false;
	}
	printf("%s: %zu maps, %zu rows\n", name, r.nmaps, r.nentries);
	return true;
}

int
main(int argc, char **argv)
{
	struct cc_corpus c;

	if (!cc_begin(&c, argc, argv, "bpf_policy", check, 0))
		return 0;
	cc_run_dir(&c, "cilium-outputs/issues/bpf-policy-get");
	cc_run_docs(&c, "cilium-outputs/docs", "bpf policy get", false);
	cc_run_docs(&c, "cilium-outputs/debuginfo", "BPF Policy Get", true);
	return cc_end(&c);
}
