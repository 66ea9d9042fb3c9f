/*
 * intern.c: string interning with an open-addressing hash table (FNV-1a,
 * linear probing, grown at 70% load).  See intern.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "intern.h"
#include "xalloc.h"

struct strtab {
	struct arena	*arena;
	const char	**slots;
	size_t		 cap;	/* power of two */
	size_t		 n;
};

static uint64_t
hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

struct strtab *
strtab_new(struct arena *a)
{
	struct strtab *t = xcalloc(1, sizeof(*t));

	t->arena = a;
	t->cap = 1024;
	t->slots = xcalloc(t->cap, sizeof(*t->slots));
	return t;
}

void
strtab_free(struct strtab *t)
{
	if (t == NULL)
		return;
	free(t->slots);
	free(t);
}

static size_t
slot_find(const struct strtab *t, const char *s, size_t n, uint64_t h)
{
	size_t i = (size_t)h & (t->cap - 1);

	while (t->slots[i] != NULL) {
		if (strncmp(t->slots[i], s, n) == 0 && t->slots[i][n] == '\0')
			return i;
		i = (i + 1) & (t->cap - 1);
	}
	return i;
}

static void
strtab_grow(struct strtab *t)
{
	const char **old = t->slots;
	size_t oldcap = t->cap, i, j;

	t->cap *= 2;
	t->slots = xcalloc(t->cap, sizeof(*t->slots));
	for (i = 0; i < oldcap; i++) {
		if (old[i] == NULL)
			continue;
		j = (size_t)hash_bytes(old[i], strlen(old[i])) & (t->cap - 1);
		while (t->slots[j] != NULL)
			j = (j + 1) & (t->cap - 1);
		t->slots[j] = old[i];
	}
	free(old);
}

const char *
intern_n(struct strtab *t, const char *s, size_t n)
{
	uint64_t h = hash_bytes(s, n);
	size_t i = slot_find(t, s, n, h);

	if (t->slots[i] != NULL)
		return t->slots[i];
	if ((t->n + 1) * 10 > t->cap * 7) {
		strtab_grow(t);
		i = slot_find(t, s, n, h);
	}
	t->slots[i] = arena_strndup(t->arena, s, n);
	t->n++;
	return t->slots[i];
}

const char *
intern(struct strtab *t, const char *s)
{
	return s != NULL ? intern_n(t, s, strlen(s)) : NULL;
}

const char *
intern_lookup(const struct strtab *t, const char *s)
{
	size_t n = strlen(s);
	size_t i = slot_find(t, s, n, hash_bytes(s, n));

	return t->slots[i];
}

size_t
strtab_count(const struct strtab *t)
{
	return t->n;
}
