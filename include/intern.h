/*
 * intern.h: one copy of each string, so equal strings are equal pointers.
 *
 * Label keys and values, namespaces, node names and the like repeat across
 * thousands of objects.  Interning stores each once (in the model arena)
 * and lets selector matching compare pointers instead of bytes.
 */
#ifndef CTRIAGE_INTERN_H
#define CTRIAGE_INTERN_H

#include <stddef.h>

#include "arena.h"

struct strtab;

/* A table whose strings live in `a`; the table itself is on the heap. */
struct strtab *strtab_new(struct arena *a);
/* Free the table (not the strings, which belong to the arena). */
void strtab_free(struct strtab *t);

/* The interned copy of s (NUL-terminated); NULL gives NULL. */
const char *intern(struct strtab *t, const char *s);
/* The interned copy of the n bytes at s. */
const char *intern_n(struct strtab *t, const char *s, size_t n);
/* The interned copy if s was interned before, else NULL; never adds. */
const char *intern_lookup(const struct strtab *t, const char *s);

size_t strtab_count(const struct strtab *t);

#endif
