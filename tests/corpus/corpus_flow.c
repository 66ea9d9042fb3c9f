/*
 * corpus_flow.c: every Hubble flow capture in the corpus through art_flow.
 *
 * Reads every file under <corpus>/flows (hubble-otel test captures and the Hubble
 * exporter lines of the Cilium docs) and the sysdump excerpts pasted in
 * issues under cilium-outputs/issues/hubble-json/.  Prints per file the
 * flows by verdict, and checks each TCP flow's flags against the Summary
 * text Hubble wrote for it.  A capture passes when every line became a
 * flow; a pasted excerpt (cut by the author, "TRUNCATED" in its
 * name) passes when every complete line parsed and only its cut last line
 * was reported.
 *
 * usage: corpus_flow CORPUS_DIR
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "art_flow.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"
#include "xalloc.h"

#include "corpus_cmdout.h"

struct list {
	char	**v;
	size_t	 n, cap;
};

static void
walk(const char *dir, int depth, struct list *l)
{
	DIR *d;
	struct dirent *de;

	if (depth > 4 || (d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char *path;
		struct stat sb;

		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			walk(path, depth + 1, l);
			free(path);
		} else if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
			l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
			l->v[l->n++] = path;
		} else {
			free(path);
		}
	}
	closedir(d);
}

/* TCP flows whose flags disagree with Hubble's own "TCP Flags: ..." text. */
static unsigned long
summary_mismatches(const struct flow_result *res)
{
	unsigned long bad = 0;
	size_t i;

	for (i = 0; i < res->nflows; i++) {
		const struct flow_record *f = &res->flows[i];
		char flags[64];

		if (f->l4 != FLOW_L4_TCP || f->summary == NULL ||
		    strncmp(f->summary, "TCP Flags: ", 11) != 0)
			continue;
		flow_tcp_flags_str(f->tcp_flags, flags, sizeof(flags));
		if (strcmp(flags, f->summary + 11) != 0) {
			if (bad++ < 3)
				printf("  line %lu: flags \"%s\", summary "
				    "\"%s\"\n", f->line, flags, f->summary);
		}
	}
	return bad;
}

int
main(int argc, char **argv)
{
	struct list files = { NULL, 0, 0 };
	unsigned long passed = 0, failed = 0, total = 0, ndrops = 0;
	unsigned long npolicy = 0;
	struct arena *a;
	struct strtab *st;
	struct stat sb;
	size_t i, k, prefix;
	char *dir;

	if (argc < 2 || stat(argv[1], &sb) != 0) {
		printf("flow: corpus %s is absent; skipping\n",
		    argc < 2 ? "(none)" : argv[1]);
		printf("flow: 0 passed, 0 failed\n");
		return 0;
	}
	dir = xasprintf("%s/flows", argv[1]);
	walk(dir, 0, &files);
	free(dir);
	dir = xasprintf("%s/cilium-outputs/issues/hubble-json", argv[1]);
	walk(dir, 0, &files);
	free(dir);
	qsort(files.v, files.n, sizeof(*files.v), cc_strcmp);
	prefix = strlen(argv[1]) + 1;

	a = arena_new();
	st = strtab_new(a);
	for (i = 0; i < files.n; i++) {
		const char *rel = files.v[i] + prefix;
		bool excerpt = strstr(rel, "TRUNCATED") != NULL;
		struct flow_result res;
		struct diag_list diags;
		struct ingest_member *m;
		unsigned long mism;
		size_t len;
		char *data = cc_read(files.v[i], &len);
		int r;
		bool ok;

		diag_list_init(&diags);
		if (data == NULL) {
			printf("%s: cannot read\n", rel);
			failed++;
			goto next;
		}
		m = ingest_member_memory_new(rel, data, len);
		r = art_flow_parse(m, a, st, &diags, &res);
		ingest_member_memory_free(m);
		printf("%s: %zu flows of %lu lines;", rel, res.nflows,
		    res.lines);
		for (k = 0; k < FLOW_NVERDICTS; k++)
			if (res.verdicts[k] > 0)
				printf(" %s=%lu", flow_verdict_name(k),
				    res.verdicts[k]);
		if (res.lost_lines > 0 || res.node_status > 0)
			printf(" lost_events=%llu node_status=%lu",
			    (unsigned long long)res.lost_events,
			    res.node_status);
		printf("\n");
		for (k = 0; k < res.nflows; k++) {
			const struct flow_record *f = &res.flows[k];

			if (f->verdict != FLOW_DROPPED)
				continue;
			ndrops++;
			if (flow_is_policy_drop(f))
				npolicy++;
			printf("  line %lu: DROPPED %s (%u) %s -> %s\n",
			    f->line, f->drop_reason_name ?
			    f->drop_reason_name : "-", f->drop_reason,
			    f->src_ip ? f->src_ip : "-",
			    f->dst_ip ? f->dst_ip : "-");
		}
		for (k = 0; k < diags.n; k++)
			printf("  %s:%lu: %s: %s\n", diags.v[k].path,
			    diags.v[k].line,
			    diag_severity_name(diags.v[k].severity),
			    diags.v[k].text);
		mism = summary_mismatches(&res);
		if (excerpt)
			ok = res.bad_lines <= 1 && res.nflows +
			    res.bad_lines == res.lines;
		else
			ok = r == 0 && res.bad_lines == 0 &&
			    res.nflows == res.lines;
		ok = ok && mism == 0;
		total += res.nflows;
		if (ok)
			passed++;
		else
			failed++;
next:
		diag_list_release(&diags);
		free(data);
		free(files.v[i]);
	}
	free(files.v);
	strtab_free(st);
	arena_free(a);
	printf("flow: %lu flows in all, %lu dropped (%lu by policy)\n", total,
	    ndrops, npolicy);
	printf("flow: %lu passed, %lu failed\n", passed, failed);
	return failed > 0 ? 1 : 0;
}
