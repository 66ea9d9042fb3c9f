/*
 * corpus_cmdout.h: shared helpers for the corpus programs of the agent
 * command-output parsers (corpus_bpf_policy, corpus_ipcache, corpus_lb,
 * corpus_metrics, corpus_host, corpus_policy, corpus_health).
 *
 * The shared corpus holds whole command outputs (issues/<command>/ files) and
 * documents that quote several commands (docs/ text files: "### <doc> (block at
 * line N)" sections whose commands start with "$ "; the debuginfo markdown:
 * "#### <title>" sections with fenced bodies).  These helpers read files
 * and cut such documents into the pieces one parser should see.  Header
 * only, all static: each corpus program is its own binary.
 */
#ifndef CTRIAGE_CORPUS_CMDOUT_H
#define CTRIAGE_CORPUS_CMDOUT_H

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "ingest.h"

/* Read a whole file; NULL when it cannot be read. */
static char *
cc_read(const char *path, size_t *lenp)
{
	FILE *fp = fopen(path, "rb");
	char *p = NULL;
	size_t len = 0, cap = 0, n;

	if (fp == NULL)
		return NULL;
	for (;;) {
		if (cap - len < 65536) {
			cap = cap * 2 + 65536;
			p = realloc(p, cap + 1);
			if (p == NULL)
				abort();
		}
		n = fread(p + len, 1, cap - len, fp);
		len += n;
		if (n == 0)
			break;
	}
	fclose(fp);
	p[len] = '\0';
	*lenp = len;
	return p;
}

static bool
cc_is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int
cc_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files of a directory, sorted; *np gets the count. */
static char **
cc_list(const char *dir, size_t *np)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t n = 0;

	*np = 0;
	if (d == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		char path[4096];

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (cc_is_dir(path))
			continue;
		v = realloc(v, (n + 1) * sizeof(*v));
		if (v == NULL)
			abort();
		v[n++] = strdup(path);
	}
	closedir(d);
	if (n > 0)
		qsort(v, n, sizeof(*v), cc_strcmp);
	*np = n;
	return v;
}

static void
cc_list_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* One piece of a document: [start, start + len), from line `line`. */
struct cc_piece {
	const char	*start;
	size_t		 len;
	unsigned long	 line;
};

/*
 * The commands quoted in a docs/ text files file whose prompt line ("$ ..." or
 * "# ...") contains `needle`: each piece runs from the line after the
 * prompt to the next prompt or section header.  Returns the count (at most
 * max).
 */
static size_t
cc_doc_commands(const char *text, size_t len, const char *needle,
    struct cc_piece *out, size_t max)
{
	const char *p = text, *end = text + len;
	struct cc_piece *cur = NULL;
	unsigned long line = 0;
	size_t n = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl != NULL ? nl : end;
		bool prompt, header;

		line++;
		header = le - p >= 4 && memcmp(p, "### ", 4) == 0;
		prompt = le - p >= 2 && memcmp(p, "$ ", 2) == 0;
		if (header || prompt) {
			if (cur != NULL)
				cur->len = (size_t)(p - cur->start);
			cur = NULL;
		}
		if (prompt && n < max) {
			char buf[1024];
			size_t l = (size_t)(le - p) < sizeof(buf) - 1 ?
			    (size_t)(le - p) : sizeof(buf) - 1;

			memcpy(buf, p, l);
			buf[l] = '\0';
			if (strstr(buf, needle) != NULL) {
				cur = &out[n++];
				cur->start = nl != NULL ? nl + 1 : end;
				cur->line = line + 1;
				cur->len = 0;
			}
		}
		p = nl != NULL ? nl + 1 : end;
	}
	if (cur != NULL)
		cur->len = (size_t)(end - cur->start);
	return n;
}

/*
 * The fenced bodies of the debuginfo markdown sections whose "#### " title
 * starts with `title`.  Returns the count (at most max).
 */
static size_t
cc_md_sections(const char *text, size_t len, const char *title,
    struct cc_piece *out, size_t max)
{
	const char *p = text, *end = text + len;
	unsigned long line = 0;
	size_t n = 0, tl = strlen(title);
	int state = 0;		/* 1: title seen, 2: inside the fence */
	struct cc_piece *cur = NULL;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl != NULL ? nl : end;
		size_t ll = (size_t)(le - p);

		line++;
		if (state == 0 && ll >= 5 + tl && memcmp(p, "#### ", 5) == 0 &&
		    memcmp(p + 5, title, tl) == 0 && n < max) {
			state = 1;
		} else if (state == 1 && ll >= 3 && memcmp(p, "```", 3) == 0) {
			cur = &out[n++];
			cur->start = nl != NULL ? nl + 1 : end;
			cur->line = line + 1;
			state = 2;
		} else if (state == 2 && ll >= 3 && memcmp(p, "```", 3) == 0) {
			cur->len = (size_t)(p - cur->start);
			state = 0;
		}
		p = nl != NULL ? nl + 1 : end;
	}
	if (state == 2)
		cur->len = (size_t)(end - cur->start);
	return n;
}

/* Print the first diagnostic of a parse, or nothing. */
static void
cc_print_diags(const char *name, const struct diag_list *d)
{
	size_t i;

	for (i = 0; i < d->n && i < 3; i++)
		printf("  %s: %s:%lu: %s\n", name,
		    diag_severity_name(d->v[i].severity), d->v[i].line,
		    d->v[i].text);
}

#endif
