/*
 * diag.c: the list of diagnostics about the input (see diag.h).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "xalloc.h"

static const char *const diag_severity_names[] = {
#define X(e, s) s,
	DIAG_SEVERITIES(X)
#undef X
};

const char *
diag_severity_name(enum diag_severity s)
{
	return diag_severity_names[s];
}

void
diag_list_init(struct diag_list *l)
{
	l->v = NULL;
	l->n = 0;
	l->cap = 0;
}

void
diag_list_release(struct diag_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].text);
	}
	free(l->v);
	diag_list_init(l);
}

void
diag_add(struct diag_list *l, enum diag_severity s, const char *path,
    unsigned long line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	struct diag *d;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	d = &l->v[l->n++];
	d->path = xstrdup(path != NULL ? path : "");
	d->line = line;
	d->severity = s;
	d->text = buf_detach(&b, NULL);
}

static int
diag_cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;
	int c;

	if ((c = strcmp(x->path, y->path)) != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return strcmp(x->text, y->text);
}

void
diag_list_sort(struct diag_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), diag_cmp);
}
