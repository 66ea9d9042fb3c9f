/*
 * corpus_host.c: every host command output in the shared corpus through
 * art_host: the "Kernel version" sections of the debuginfo markdown (the
 * kernel-version string), `uname -a` and `bpftool net|prog show` commands
 * quoted in cilium-outputs/docs, and issues/uname, issues/bpftool-net and
 * issues/bpftool-prog files when the corpus grows them.
 *
 * A piece passes when the parser returns 0: pastes are often cut after the
 * last complete row, and the rows they hold are what must parse.  Rows the
 * parser skipped show up as diagnostics under the piece's line.
 */
#include <stdio.h>

#include "arena.h"
#include "art_host.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "corpus_cmdout.h"

static bool
check(const char *name, struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *d)
{
	struct host_result r;

	if (art_host_parse(m, a, st, d, &r) != 0) {
		printf("%s: FAILED\n", name);
		return false;
	}
	printf("%s: %s%s, %zu attachments, %zu programs\n", name,
	    r.has_uname ? "kernel " : "no uname",
	    r.has_uname ? r.uname.release : "", r.nattachments,
	    r.nprogs);
	return true;
}

int
main(int argc, char **argv)
{
	struct cc_corpus c;

	if (!cc_begin(&c, argc, argv, "host", check, 0))
		return 0;
	cc_run_dir(&c, "cilium-outputs/issues/uname");
	cc_run_dir(&c, "cilium-outputs/issues/bpftool-net");
	cc_run_dir(&c, "cilium-outputs/issues/bpftool-prog");
	cc_run_docs(&c, "cilium-outputs/docs", "uname -a", false);
	cc_run_docs(&c, "cilium-outputs/docs", "bpftool net show", false);
	cc_run_docs(&c, "cilium-outputs/docs", "bpftool prog show", false);
	cc_run_docs(&c, "cilium-outputs/debuginfo", "Kernel version", true);
	return cc_end(&c);
}
