/*
 * corpus_endpoint.c: every `endpoint list` / `endpoint get` output in the
 * shared corpus through art_endpoint: the files of
 * cilium-outputs/issues/endpoint-list and issues/endpoint-get (pasted from
 * issues, 2017-2023 releases), the `cilium-dbg endpoint list` commands
 * quoted in cilium-outputs/docs/, the "Endpoint list" (text) and "Endpoint
 * Get" (JSON) sections of the debuginfo markdown, and the JSON files of
 * debuginfo/ (endpoint dumps).
 *
 * A file passes when the parser returns 0 with at least one endpoint, and,
 * for the files listed in `expect`, with exactly the endpoints and labels
 * counted by hand.  Pastes are often cut after the last complete row: the
 * rows they hold are what must parse.  The endpoint-get file of the corpus
 * is a fragment cut from the middle of a JSON document; it passes when the
 * parser refuses it with a diagnostic instead of inventing endpoints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "art_endpoint.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "corpus_cmdout.h"

static unsigned pass, fail;

/* Hand counts: endpoints and labels in all; endpoints -1: a refusal. */
static const struct {
	const char	*name;
	long		 endpoints;
	long		 labels;
} expect[] = {
	{ "cilium-issue-2184-endpoint-list-and-policy.txt", 1, 2 },
	{ "cilium-issue-2301-endpoint-list.txt", 3, 6 },
	{ "cilium-issue-27677-endpoint-list-hostfw.txt", 1, 7 },
	{ "cilium-issue-2907-endpoint-list.txt", 1, 1 },
	{ "cilium-issue-4027-endpoint-list-ci.txt", 1, 2 },
	{ "cilium-pr-4942-endpoint-list-regenerating.txt", 1, 6 },
	{ "cilium-issue-19405-endpoint-get-fragment.json.txt", -1, 0 },
	{ "cilium-endpoint-get-482.json", 1, 5 },
	{ "demo.txt:3", 8, 30 },
	{ "host-firewall.txt:15", 3, 7 },
	{ "host-firewall.txt:33", 3, 7 },
	{ "cilium-debuginfo-1.18.0-node-excerpt.md:20", 5, 21 },
	{ "cilium-debuginfo-1.18.0-node-excerpt.md:66", 1, 5 },
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
	struct endpoint_result r;
	struct ingest_member *m = ingest_member_memory_new(name, data, len);
	long want = 0, want_labels = -1;
	size_t i, labels = 0, ctrls = 0;
	int rc;
	bool ok;

	for (i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
		if (strcmp(base(name), expect[i].name) == 0) {
			want = expect[i].endpoints;
			want_labels = expect[i].labels;
		}
	diag_list_init(&d);
	rc = art_endpoint_parse(m, a, st, &d, &r);
	if (rc == 0)
		for (i = 0; i < r.n; i++) {
			labels += r.v[i].nlabel_text;
			ctrls += r.v[i].ncontrollers;
		}
	if (want < 0)
		ok = rc == -1 && d.n > 0;
	else
		ok = rc == 0 && r.n > 0 && (want == 0 ||
		    ((long)r.n == want && (long)labels == want_labels));
	if (ok)
		pass++;
	else
		fail++;
	if (rc == 0)
		printf("%s: %zu rows (%zu labels, %zu controllers, %s)%s\n",
		    name, r.n, labels, ctrls, r.json ? "json" : "text",
		    ok ? "" : " FAILED");
	else
		printf("%s: %s\n", name, ok ? "refused as expected" :
		    "FAILED");
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
		printf("corpus_endpoint: no corpus at %s; skipping\n",
		    argc < 2 ? "(none)" : argv[1]);
		printf("endpoint: 0 passed, 0 failed\n");
		return 0;
	}
	snprintf(dir, sizeof(dir), "%s/cilium-outputs/issues/endpoint-list",
	    argv[1]);
	run_dir(dir);
	snprintf(dir, sizeof(dir), "%s/cilium-outputs/issues/endpoint-get",
	    argv[1]);
	run_dir(dir);
	snprintf(dir, sizeof(dir), "%s/cilium-outputs/docs", argv[1]);
	run_pieces(dir, "endpoint list", false);
	snprintf(dir, sizeof(dir), "%s/cilium-outputs/debuginfo", argv[1]);
	run_pieces(dir, "Endpoint list", true);
	run_pieces(dir, "Endpoint Get", true);
	run_dir(dir);
	printf("endpoint: %u passed, %u failed\n", pass, fail);
	return fail == 0 ? 0 : 1;
}
