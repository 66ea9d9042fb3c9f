/*
 * corpus_log.c: every agent log excerpt in <corpus>/logs through art_log.
 *
 * Prints per file the number of events by level and by line grammar.  The
 * excerpts were cut from issues and pull requests, so they mix grammars
 * and carry comment lines; a file passes when it is read through and at
 * least one of its events is a structured (non-plain) one.
 *
 * usage: corpus_log CORPUS_DIR
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "art_log.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"
#include "xalloc.h"

#include "corpus_cmdout.h"

struct counts {
	unsigned long	level[LOG_NLEVELS];
	unsigned long	format[LOG_NFORMATS];
	unsigned long	events;
	unsigned long	kubelet;
};

static int
count(void *ctx, const struct log_event *ev)
{
	struct counts *c = ctx;

	c->events++;
	c->level[ev->level]++;
	c->format[ev->format]++;
	if (ev->kubelet)
		c->kubelet++;
	return 0;
}

int
main(int argc, char **argv)
{
	char *dir;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t nnames = 0, cap = 0, i;
	unsigned long passed = 0, failed = 0;
	struct arena *a;
	struct strtab *st;
	struct stat sb;

	if (argc < 2 || stat(argv[1], &sb) != 0) {
		printf("log: corpus %s is absent; skipping\n",
		    argc < 2 ? "(none)" : argv[1]);
		printf("log: 0 passed, 0 failed\n");
		return 0;
	}
	dir = xasprintf("%s/logs", argv[1]);
	if ((d = opendir(dir)) == NULL) {
		printf("log: %s is absent; skipping\n", dir);
		printf("log: 0 passed, 0 failed\n");
		free(dir);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = xgrow(names, &cap, nnames + 1, sizeof(*names));
		names[nnames++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, nnames, sizeof(*names), cc_strcmp);

	a = arena_new();
	st = strtab_new(a);
	for (i = 0; i < nnames; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		char *rel = xasprintf("logs/%s", names[i]);
		struct counts c;
		struct diag_list diags;
		struct ingest_member *m;
		size_t len, k;
		char *data = cc_read(path, &len);
		int r;

		memset(&c, 0, sizeof(c));
		diag_list_init(&diags);
		if (data == NULL) {
			printf("%s: cannot read\n", rel);
			failed++;
			goto next;
		}
		m = ingest_member_memory_new(rel, data, len);
		r = art_log_parse(m, st, count, &c, &diags);
		ingest_member_memory_free(m);
		printf("%s: %lu events (%lu kubelet-prefixed); levels:", rel,
		    c.events, c.kubelet);
		for (k = 0; k < LOG_NLEVELS; k++)
			if (c.level[k] > 0)
				printf(" %s=%lu", log_level_name(k), c.level[k]);
		printf("; formats:");
		for (k = 0; k < LOG_NFORMATS; k++)
			if (c.format[k] > 0)
				printf(" %s=%lu", log_format_name(k),
				    c.format[k]);
		printf("\n");
		for (k = 0; k < diags.n; k++)
			printf("  %s:%lu: %s: %s\n", diags.v[k].path,
			    diags.v[k].line,
			    diag_severity_name(diags.v[k].severity),
			    diags.v[k].text);
		if (r == 0 && c.events > c.format[LOG_FMT_PLAIN])
			passed++;
		else
			failed++;
next:
		diag_list_release(&diags);
		free(data);
		free(path);
		free(rel);
		free(names[i]);
	}
	free(names);
	free(dir);
	strtab_free(st);
	arena_free(a);
	printf("log: %lu passed, %lu failed\n", passed, failed);
	return failed > 0 ? 1 : 0;
}
