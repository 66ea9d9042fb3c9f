/*
 * label.c: parsing, sorting and looking up Cilium labels (see label.h).
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "intern.h"
#include "label.h"
#include "xalloc.h"

void
label_parse(struct strtab *st, const char *s, const char *defsource,
    struct label *out)
{
	const char *colon = strchr(s, ':'), *eq, *key = s;
	size_t slen;

	out->source = intern(st, defsource != NULL ? defsource : "any");
	if (colon != NULL) {
		slen = (size_t)(colon - s);
		/* "a/b:c" or "a=b:c" is no source prefix: ':' in a value. */
		if (slen > 0 && memchr(s, '=', slen) == NULL &&
		    memchr(s, '/', slen) == NULL) {
			out->source = intern_n(st, s, slen);
			key = colon + 1;
		}
	}
	eq = strchr(key, '=');
	if (eq != NULL) {
		out->key = intern_n(st, key, (size_t)(eq - key));
		out->value = intern(st, eq + 1);
	} else {
		out->key = intern(st, key);
		out->value = intern(st, "");
	}
}

static int
label_cmp(const void *a, const void *b)
{
	const struct label *x = a, *y = b;
	int c;

	if ((c = strcmp(x->key, y->key)) != 0)
		return c;
	if ((c = strcmp(x->source, y->source)) != 0)
		return c;
	return strcmp(x->value, y->value);
}

void
labelset_build(struct arena *a, const struct label *v, size_t n,
    struct labelset *out)
{
	struct label *copy;
	size_t i, k = 0;

	out->v = NULL;
	out->n = 0;
	if (n == 0)
		return;
	copy = arena_calloc(a, n, sizeof(*copy));
	memcpy(copy, v, n * sizeof(*copy));
	qsort(copy, n, sizeof(*copy), label_cmp);
	for (i = 0; i < n; i++) {
		if (k > 0 && label_cmp(&copy[k - 1], &copy[i]) == 0)
			continue;
		copy[k++] = copy[i];
	}
	out->v = copy;
	out->n = k;
}

bool
label_source_is_any(const char *source)
{
	return source == NULL || strcmp(source, "any") == 0;
}

/* Index of the first label with this key, or ls->n. */
static size_t
first_with_key(const struct labelset *ls, const char *key)
{
	size_t lo = 0, hi = ls->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(ls->v[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const char *
labelset_get(const struct labelset *ls, const char *source, const char *key)
{
	size_t i;

	for (i = first_with_key(ls, key); i < ls->n &&
	    strcmp(ls->v[i].key, key) == 0; i++)
		if (label_source_is_any(source) ||
		    strcmp(ls->v[i].source, source) == 0)
			return ls->v[i].value;
	return NULL;
}

bool
labelset_has(const struct labelset *ls, const char *source, const char *key)
{
	return labelset_get(ls, source, key) != NULL;
}

void
label_format(struct buf *b, const struct label *l)
{
	buf_addf(b, "%s:%s", l->source, l->key);
	if (*l->value != '\0')
		buf_addf(b, "=%s", l->value);
}
