/*
 * ptrmap.h: a hash map from a pair of pointers to an index.
 *
 * The model interns its strings, so "the endpoint of pod ns/name" or "the
 * endpoint with IP x" is a lookup by pointers.  Joins over 50k endpoints
 * use these maps instead of scanning.  Integers can be keys too, cast
 * through uintptr_t.
 */
#ifndef CTRIAGE_PTRMAP_H
#define CTRIAGE_PTRMAP_H

#include <stdbool.h>
#include <stddef.h>

struct ptrmap_slot {
	const void	*k1;
	const void	*k2;
	size_t		 value;
	bool		 used;
};

struct ptrmap {
	struct ptrmap_slot	*v;
	size_t			 cap;	/* power of two, or 0 */
	size_t			 n;
};

#define PTRMAP_INIT { NULL, 0, 0 }

void ptrmap_init(struct ptrmap *m);
void ptrmap_release(struct ptrmap *m);
/* Map (k1, k2) to value, replacing an earlier value. */
void ptrmap_put(struct ptrmap *m, const void *k1, const void *k2,
    size_t value);
/* The value of (k1, k2) into *value; false when absent. */
bool ptrmap_get(const struct ptrmap *m, const void *k1, const void *k2,
    size_t *value);

#endif
