/*
 * support_eval.c: finding look-ups the engine and check tests share
 * (see support_eval.h).
 */
#include <string.h>

#include "support_eval.h"

const struct finding *
se_find(const struct findings *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->v[i].rule->id, id) == 0)
			return &f->v[i];
	return NULL;
}

size_t
se_count(const struct findings *f, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++)
		n += strcmp(f->v[i].rule->id, id) == 0;
	return n;
}

const char *
se_skipped(const struct findings *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->nskipped; i++)
		if (strcmp(f->skipped[i].rule->id, id) == 0)
			return f->skipped[i].reason;
	return NULL;
}

bool
se_has_affected(const struct finding *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->naffected; i++)
		if (strcmp(f->affected[i], name) == 0)
			return true;
	return false;
}

bool
se_has_evidence(const struct finding *f, const char *path,
    unsigned long line, const char *text)
{
	size_t i;

	for (i = 0; i < f->nevidence; i++) {
		const struct finding_evidence *e = &f->evidence[i];

		if ((path == NULL || (e->path != NULL &&
		    strstr(e->path, path) != NULL)) &&
		    (line == 0 || e->line == line) &&
		    (text == NULL || strstr(e->excerpt, text) != NULL))
			return true;
	}
	return false;
}
