/*
 * corpus_identity.c: every `identity list` / `identity get` output in the
 * shared corpus through art_identity: the files of
 * cilium-outputs/issues/identity-list (the 0.x "[labels]" layout), the
 * `cilium-dbg identity list` commands quoted in cilium-outputs/docs/ (the
 * 1.x one-label-per-row layout), and the "Identity get" sections of the
 * debuginfo markdown (1.18).
 *
 * A file passes when the parser returns 0 with at least one identity, and,
 * for the files listed in `expect`, with exactly the identities and labels
 * counted by hand.  Pastes are often cut after the last complete row (the
 * docs end theirs with "..."): the rows they hold are what must parse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "art_identity.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "corpus_cmdout.h"

static unsigned pass, fail;

/* Hand counts: identities and labels in all. */
static const struct {
	const char	*name;
	long		 identities;
	long		 labels;
} expect[] = {
	{ "cilium-pr-2922-identity-list.txt", 7, 7 },
	{ "debugging.txt:34", 8, 13 },
	{ "cilium-debuginfo-1.18.0-node-excerpt.md:339", 1, 5 },
};

static const char *
base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

static void
run(const char *name, const char *data, size_t len)
{
	struct arena *a = arena_new();
	struct strtab *st = strtab_new(a);
	struct diag_list d;
	struct identity_result r;
	struct ingest_member *m = ingest_member_memory_new(name, data, len);
	long want = 0, want_labels = -1;
	size_t i, labels = 0, reserved = 0;
	int rc;
	bool ok;

	for (i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
		if (strcmp(base(name), expect[i].name) == 0) {
			want = expect[i].identities;
			want_labels = expect[i].labels;
		}
	diag_list_init(&d);
	rc = art_identity_parse(m, a, st, &d, &r);
	if (rc == 0)
		for (i = 0; i < r.n; i++) {
			labels += r.v[i].nlabel_text;
			if (identity_is_reserved(r.v[i].id))
				reserved++;
		}
	ok = rc == 0 && r.n > 0 && (want == 0 || ((long)r.n == want &&
	    (long)labels == want_labels));
	if (ok)
		pass++;
	else
		fail++;
	if (rc == 0)
		printf("%s: %zu rows (%zu labels, %zu reserved, %s)%s\n",
		    name, r.n, labels, reserved, r.json ? "json" : "text",
		    ok ? "" : " FAILED");
	else
		printf("%s: FAILED\n", name);
	cc_print_diags(name, &d);
	ingest_member_memory_free(m);
	diag_list_release(&d);
	strtab_free(st);
	arena_free(a);
}

static void
run_dir(const char *dir)
{
	char **files;
	size_t nf, i;

	files = cc_list(dir, &nf);
	for (i = 0; i < nf; i++) {
		size_t len;
		char *text = cc_read(files[i], &len);

		if (text == NULL) {
			fail++;
			printf("%s: cannot read\n", files[i]);
			continue;
		}
		if (strstr(files[i], ".md") == NULL)
			run(files[i], text, len);
		free(text);
	}
	cc_list_free(files, nf);
}

/* The prompt line before a docs piece. */
static bool
prompt_has(const char *text, const struct cc_piece *pc, const char *what)
{
	const char *end = pc->start, *p;
	char buf[1024];
	size_t l;

	if (end == text)
		return false;
	p = end - 1;		/* the prompt's newline */
	while (p > text && p[-1] != '\n')
		p--;
	l = (size_t)(end - p) < sizeof(buf) - 1 ? (size_t)(end - p) :
	    sizeof(buf) - 1;
	memcpy(buf, p, l);
	buf[l] = '\0';
	return strstr(buf, what) != NULL;
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

			/* `-o jsonpath=...` prints ids, not the listing. */
			if (!markdown && prompt_has(text, &pc[j], "jsonpath"))
				continue;
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

	if (argc < 2 || !cc_is_dir(argv[1])) {
		printf("corpus_identity: no corpus at %s; skipping\n",
		    argc < 2 ? "(none)" : argv[1]);
		printf("identity: 0 passed, 0 failed\n");
		return 0;
	}
	snprintf(dir, sizeof(dir), "%s/cilium-outputs/issues/identity-list",
	    argv[1]);
	run_dir(dir);
	snprintf(dir, sizeof(dir), "%s/cilium-outputs/docs", argv[1]);
	run_pieces(dir, "identity list", false);
	snprintf(dir, sizeof(dir), "%s/cilium-outputs/debuginfo", argv[1]);
	run_pieces(dir, "Identity get", true);
	printf("identity: %u passed, %u failed\n", pass, fail);
	return fail == 0 ? 0 : 1;
}
