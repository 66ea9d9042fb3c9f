/*
 * corpus_status.c: every agent `status` output in the shared corpus
 * through art_status: the files of cilium-outputs/issues/status (1.7-1.17
 * agents pasted from issues, plus one cilium-cli `cilium status` report),
 * and the `cilium(-dbg) status` commands quoted in cilium-outputs/docs/
 * (1.0-era ContainerRuntime/address-pool layouts to the 1.16 KPR details).
 *
 * A file passes when the parser returns 0 with at least one key, and, for
 * the files listed in `expect`, with exactly the keys counted by hand and
 * the listed unreachable nodes.  Pastes are often cut short or elided with
 * "[...]": the lines they hold are what must parse.  cilium-cli's `cilium
 * status` (the ASCII logo and DaemonSet rows) is another report: it passes
 * when the parser refuses it with a diagnostic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "art_status.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "corpus_cmdout.h"

static unsigned pass, fail;

/* Hand counts: keys (-1: a refusal) and unreachable nodes. */
static const struct {
	const char	*name;
	long		 keys;
	long		 unreachable;
} expect[] = {
	{ "cilium-issue-15509-status-verbose.txt", 14, 0 },
	{ "cilium-issue-17636-status-verbose.txt", 9, 0 },
	{ "cilium-issue-18347-status-verbose.txt", 15, 0 },
	{ "cilium-issue-39091-cilium-cli-status-errors.txt", -1, 0 },
	{ "cilium-pr-10059-status.txt", 11, 1 },
	{ "cilium-pr-17165-status.txt", 16, 0 },
	{ "cheatsheet.txt:41", 9, 0 },
	{ "cheatsheet.txt:54", 9, 1 },
	{ "troubleshooting.txt:11", 10, 0 },
	{ "troubleshooting.txt:24", 10, 0 },
	{ "troubleshooting.txt:37", 13, 0 },
	{ "troubleshooting.txt:59", 1, 0 },
	{ "troubleshooting.txt:127", -1, 0 },
	{ "kubeproxy-free.txt:9", 1, 0 },
	{ "kubeproxy-free.txt:50", 1, 0 },
	{ "host-firewall.txt:7", 1, 0 },
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
	struct status_result r;
	struct ingest_member *m = ingest_member_memory_new(name, data, len);
	long want = 0, want_unreach = 0;
	size_t i;
	int rc;
	bool ok;

	for (i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
		if (strcmp(base(name), expect[i].name) == 0) {
			want = expect[i].keys;
			want_unreach = expect[i].unreachable;
		}
	diag_list_init(&d);
	rc = art_status_parse(m, a, st, &d, &r);
	if (want < 0)
		ok = rc == -1 && d.n > 0;
	else
		ok = rc == 0 && (r.npairs > 0 || r.json) && (want == 0 ||
		    ((long)r.npairs == want &&
		    (long)r.nunreachable == want_unreach));
	if (ok)
		pass++;
	else
		fail++;
	if (rc == 0) {
		printf("%s: %zu rows (cilium %s, version %s, controllers "
		    "%u/%u, %zu listed, %zu failing, %zu unreachable "
		    "nodes)%s\n",
		    name, r.npairs, status_state_name(r.cilium.state),
		    r.version != NULL ? r.version : "-",
		    r.controllers_healthy, r.controllers_total,
		    r.ncontrollers, r.ncontrollers_failing, r.nunreachable,
		    ok ? "" : " FAILED");
	} else
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
		printf("corpus_status: no corpus at %s; skipping\n",
		    argc < 2 ? "(none)" : argv[1]);
		printf("status: 0 passed, 0 failed\n");
		return 0;
	}
	snprintf(dir, sizeof(dir), "%s/cilium-outputs/issues/status",
	    argv[1]);
	run_dir(dir);
	snprintf(dir, sizeof(dir), "%s/cilium-outputs/docs", argv[1]);
	run_pieces(dir, "cilium-dbg status", false);
	run_pieces(dir, "$ cilium status", false);
	printf("status: %u passed, %u failed\n", pass, fail);
	return fail == 0 ? 0 : 1;
}
