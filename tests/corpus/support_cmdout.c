/*
 * support_cmdout.c: the scaffolding that the corpus programs of the agent
 * command-output parsers share (see corpus_cmdout.h): reading the corpus
 * files and the pieces quoted in documents, running each through the
 * program's parser with a fresh arena, and counting what passed.
 *
 * The Makefile links every tests/corpus/support_*.c into every corpus
 * program, beside the unit tests' support files.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "corpus_cmdout.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

char *
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

bool
cc_is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

int
cc_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of a directory that are (dirs) or are not directories. */
static char **
list(const char *dir, bool dirs, size_t *np)
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
		if (cc_is_dir(path) != dirs)
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

char **
cc_list(const char *dir, size_t *np)
{
	return list(dir, false, np);
}

char **
cc_list_dirs(const char *dir, size_t *np)
{
	return list(dir, true, np);
}

void
cc_list_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

size_t
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

size_t
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

void
cc_print_diags(const char *name, const struct diag_list *d)
{
	size_t i;

	for (i = 0; i < d->n && i < 3; i++)
		printf("  %s: %s:%lu: %s\n", name,
		    diag_severity_name(d->v[i].severity), d->v[i].line,
		    d->v[i].text);
}

const char *
cc_base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

bool
cc_begin(struct cc_corpus *c, int argc, char **argv, const char *name,
    cc_check_fn *check, enum cc_flags flags)
{
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->check = check;
	c->flags = flags;
	if (argc < 2 || !cc_is_dir(argv[1])) {
		printf("corpus_%s: no corpus at %s; skipping\n", name,
		    argc < 2 ? "(none)" : argv[1]);
		printf("%s: 0 passed, 0 failed\n", name);
		return false;
	}
	c->root = argv[1];
	return true;
}

void
cc_run(struct cc_corpus *c, const char *name, const char *data, size_t len)
{
	struct arena *a = arena_new();
	struct strtab *st = strtab_new(a);
	struct diag_list d;
	struct ingest_member *m = ingest_member_memory_new(name, data, len);

	diag_list_init(&d);
	if (c->check(name, m, a, st, &d))
		c->pass++;
	else
		c->fail++;
	cc_print_diags(name, &d);
	ingest_member_memory_free(m);
	diag_list_release(&d);
	strtab_free(st);
	arena_free(a);
}

void
cc_run_dir(struct cc_corpus *c, const char *sub)
{
	char dir[4096];
	char **files;
	size_t nf, i;

	snprintf(dir, sizeof(dir), "%s/%s", c->root, sub);
	files = cc_list(dir, &nf);
	for (i = 0; i < nf; i++) {
		size_t len;
		char *text = cc_read(files[i], &len);

		if (text == NULL) {
			if (!(c->flags & CC_SKIP_UNREADABLE)) {
				c->fail++;
				printf("%s: cannot read\n", files[i]);
			}
			continue;
		}
		if (!(c->flags & CC_SKIP_MD) || strstr(files[i], ".md") == NULL)
			cc_run(c, files[i], text, len);
		free(text);
	}
	cc_list_free(files, nf);
}

/* Does the prompt line before a docs piece hold `what`? */
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

void
cc_run_docs(struct cc_corpus *c, const char *sub, const char *needle,
    bool markdown)
{
	struct cc_piece pc[64];
	char dir[4096];
	char **files;
	size_t nf, i, j, np;

	snprintf(dir, sizeof(dir), "%s/%s", c->root, sub);
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
			if (!markdown && (c->flags & CC_SKIP_JSONPATH) &&
			    prompt_has(text, &pc[j], "jsonpath"))
				continue;
			snprintf(name, sizeof(name), "%s:%lu", files[i],
			    pc[j].line);
			cc_run(c, name, pc[j].start, pc[j].len);
		}
		free(text);
	}
	cc_list_free(files, nf);
}

int
cc_end(const struct cc_corpus *c)
{
	printf("%s: %u passed, %u failed\n", c->name, c->pass, c->fail);
	return c->fail == 0 ? 0 : 1;
}
