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
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "art_ipcache.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "corpus_cmdout.h"

static unsigned pass, fail;

static void
run(const char *name, const char *data, size_t len)
{
	struct arena *a = arena_new();
	struct strtab *st = strtab_new(a);
	struct diag_list d;
	struct ipcache_result r;
	struct ingest_member *m = ingest_member_memory_new(name, data, len);
	int rc;

	diag_list_init(&d);
	rc = art_ipcache_parse(m, a, st, &d, &r);
	if (rc == 0) {
		pass++;
		printf("%s: %zu rows\n", name, r.nentries);
	} else {
		fail++;
		printf("%s: FAILED\n", name);
	}
	cc_print_diags(name, &d);
	ingest_member_memory_free(m);
	diag_list_release(&d);
	strtab_free(st);
	arena_free(a);
}

static void
run_pieces(const char *dir, const char *needle, bool markdown)
{
	struct cc_piece pc[64];
	char **files;
	size_t nf, i, j, np;

	files = cc_list(dir, &nf);
	for (i = 0; i < nf; i++) {
		size_t len;
		char *text = cc_read(files[i], &len);

		if (text == NULL)
			continue;
		np = markdown ? cc_md_sections(text, len, needle, pc, 64) :
		    cc_doc_commands(text, len, needle, pc, 64);
		for (j = 0; j < np; j++) {
			char name[4200];

			snprintf(name, sizeof(name), "%s:%lu", files[i],
			    pc[j].line);
			run(name, pc[j].start, pc[j].len);
		}
		free(text);
	}
	cc_list_free(files, nf);
}

int
main(int argc, char **argv)
{
	char dir[4096];
	char **files;
	size_t nf, i;

	if (argc < 2 || !cc_is_dir(argv[1])) {
		printf("corpus_ipcache: no corpus at %s; skipping\n",
		    argc < 2 ? "(none)" : argv[1]);
		printf("ipcache: 0 passed, 0 failed\n");
		return 0;
	}
	snprintf(dir, sizeof(dir), "%s/cilium-outputs/issues/ip-list",
	    argv[1]);
	files = cc_list(dir, &nf);
	for (i = 0; i < nf; i++) {
		size_t len;
		char *text = cc_read(files[i], &len);

		if (text == NULL) {
			fail++;
			printf("%s: cannot read\n", files[i]);
			continue;
		}
		run(files[i], text, len);
		free(text);
	}
	cc_list_free(files, nf);
	snprintf(dir, sizeof(dir), "%s/cilium-outputs/docs", argv[1]);
	run_pieces(dir, " ip list", false);
	run_pieces(dir, "bpf ipcache list", false);
	printf("ipcache: %u passed, %u failed\n", pass, fail);
	return fail == 0 ? 0 : 1;
}
