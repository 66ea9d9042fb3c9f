/*
 * ptrmap.c: open addressing over pointer pairs, grown at 50% load (see
 * ptrmap.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ptrmap.h"
#include "xalloc.h"

static size_t
slot_of(const void *k1, const void *k2, size_t cap)
{
	uint64_t x = (uint64_t)(uintptr_t)k1 * 0x9e3779b97f4a7c15ULL ^
	    (uint64_t)(uintptr_t)k2 * 0xc2b2ae3d27d4eb4fULL;

	x ^= x >> 31;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 29;
	return (size_t)x & (cap - 1);
}

void
ptrmap_init(struct ptrmap *m)
{
	m->v = NULL;
	m->cap = 0;
	m->n = 0;
}

void
ptrmap_release(struct ptrmap *m)
{
	free(m->v);
	ptrmap_init(m);
}

static void
grow(struct ptrmap *m)
{
	struct ptrmap old = *m;
	size_t i;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->v = xcalloc(m->cap, sizeof(*m->v));
	m->n = 0;
	for (i = 0; i < old.cap; i++)
		if (old.v[i].used)
			ptrmap_put(m, old.v[i].k1, old.v[i].k2, old.v[i].value);
	free(old.v);
}

void
ptrmap_put(struct ptrmap *m, const void *k1, const void *k2, size_t value)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	for (i = slot_of(k1, k2, m->cap); m->v[i].used;
	    i = (i + 1) & (m->cap - 1))
		if (m->v[i].k1 == k1 && m->v[i].k2 == k2) {
			m->v[i].value = value;
			return;
		}
	m->v[i].used = true;
	m->v[i].k1 = k1;
	m->v[i].k2 = k2;
	m->v[i].value = value;
	m->n++;
}

bool
ptrmap_get(const struct ptrmap *m, const void *k1, const void *k2,
    size_t *value)
{
	size_t i;

	if (m->cap == 0)
		return false;
	for (i = slot_of(k1, k2, m->cap); m->v[i].used;
	    i = (i + 1) & (m->cap - 1))
		if (m->v[i].k1 == k1 && m->v[i].k2 == k2) {
			*value = m->v[i].value;
			return true;
		}
	return false;
}
