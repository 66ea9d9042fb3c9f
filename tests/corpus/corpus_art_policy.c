/*
 * corpus_art_policy.c: policy repository and selector outputs in the
 * shared corpus through art_policy (named so beside corpus_policy.c, which
 * runs the policy normalizer): the `policy get` and `policy selectors`
 * commands quoted in cilium-outputs/docs, issues/policy-get and
 * issues/policy-selectors files when the corpus grows them, and the JSON
 * rule arrays of policies/cilium-examples, which have the very shape of
 * `policy get` output without its Revision line (a stress test of the
 * rule conversion: every file must parse and every rule be kept).
 *
 * A piece passes when the parser returns 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "art_policy.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "corpus_cmdout.h"

static unsigned pass, fail;

static void
run(const char *name, const char *data, size_t len, bool selectors)
{
	struct arena *a = arena_new();
	struct strtab *st = strtab_new(a);
	struct diag_list d;
	struct agent_rules r;
	struct agent_selectors s;
	struct ingest_member *m = ingest_member_memory_new(name, data, len);
	int rc;

	diag_list_init(&d);
	rc = selectors ? art_policy_selectors_parse(m, a, st, &d, &s) :
	    art_policy_parse(m, a, st, &d, &r);
	if (rc == 0 && selectors) {
		pass++;
		printf("%s: %zu selectors\n", name, s.nselectors);
	} else if (rc == 0) {
		pass++;
		printf("%s: %zu rules", name, r.nrules);
		if (r.has_revision)
			printf(", revision %llu",
			    (unsigned long long)r.revision);
		if (r.nrules > 0 && r.rules[0].name != NULL)
			printf(", first %s/%s (%s)", r.rules[0].namespace ?
			    r.rules[0].namespace : "-", r.rules[0].name,
			    r.rules[0].kind ? r.rules[0].kind : "-");
		printf("\n");
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

/* Every *.json under dir whose first byte is '[' (a rule array). */
static void
run_rule_arrays(const char *dir)
{
	char **files;
	size_t nf, i;
	DIR *d;
	struct dirent *de;

	files = cc_list(dir, &nf);
	for (i = 0; i < nf; i++) {
		size_t len, l = strlen(files[i]);
		char *text;

		if (l < 5 || strcmp(files[i] + l - 5, ".json") != 0)
			continue;
		text = cc_read(files[i], &len);
		if (text != NULL && len > 0 && text[0] == '[')
			run(files[i], text, len, false);
		free(text);
	}
	cc_list_free(files, nf);
	/* Recurse into subdirectories, sorted. */
	if ((d = opendir(dir)) == NULL)
		return;
	files = NULL;
	nf = 0;
	while ((de = readdir(d)) != NULL) {
		char path[4096];

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (!cc_is_dir(path))
			continue;
		files = realloc(files, (nf + 1) * sizeof(*files));
		if (files == NULL)
			abort();
		files[nf++] = strdup(path);
	}
	closedir(d);
	if (nf > 0)
		qsort(files, nf, sizeof(*files), cc_strcmp);
	for (i = 0; i < nf; i++)
		run_rule_arrays(files[i]);
	cc_list_free(files, nf);
}

static void
run_pieces(const char *dir, const char *needle, bool markdown,
    bool selectors)
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
			run(name, pc[j].start, pc[j].len, selectors);
		}
		free(text);
	}
	cc_list_free(files, nf);
}

int
main(int argc, char **argv)
{
	char dir[4096];
	size_t k;

	if (argc < 2 || !cc_is_dir(argv[1])) {
		printf("corpus_art_policy: no corpus at %s; skipping\n",
		    argc < 2 ? "(none)" : argv[1]);
		printf("art_policy: 0 passed, 0 failed\n");
		return 0;
	}
	for (k = 0; k < 2; k++) {
		static const char *const sub[] = { "policy-get",
		    "policy-selectors" };
		char **files;
		size_t nf, i;

		snprintf(dir, sizeof(dir), "%s/cilium-outputs/issues/%s",
		    argv[1], sub[k]);
		files = cc_list(dir, &nf);
		for (i = 0; i < nf; i++) {
			size_t len;
			char *text = cc_read(files[i], &len);

			if (text == NULL)
				continue;
			run(files[i], text, len, k == 1);
			free(text);
		}
		cc_list_free(files, nf);
	}
	snprintf(dir, sizeof(dir), "%s/cilium-outputs/docs", argv[1]);
	/* Not "bpf policy get": that is corpus_bpf_policy's. */
	run_pieces(dir, "cilium-dbg policy get", false, false);
	run_pieces(dir, "cilium policy get", false, false);
	run_pieces(dir, "policy selectors", false, true);
	snprintf(dir, sizeof(dir), "%s/policies/cilium-examples", argv[1]);
	run_rule_arrays(dir);
	printf("art_policy: %u passed, %u failed\n", pass, fail);
	return fail == 0 ? 0 : 1;
}
