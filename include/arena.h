/*
 * arena.h: one allocation arena per run for the cluster model.
 *
 * The model is built once and freed once, so its objects come from an
 * arena: allocation is a pointer bump, nothing is freed one by one, and a
 * leak check only has to look at whatever is left outside the arena.
 * Arrays that grow while parsing live on the heap (xgrow) and are copied
 * into the arena when complete (arena_memdup).
 */
#ifndef CTRIAGE_ARENA_H
#define CTRIAGE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
/* Free the arena and everything allocated from it; NULL is fine. */
void arena_free(struct arena *a);

/* n zeroed bytes, aligned for any object; never NULL. */
void *arena_alloc(struct arena *a, size_t n);
/* n elements of size bytes, zeroed; dies on overflow. */
void *arena_calloc(struct arena *a, size_t nmemb, size_t size);
void *arena_memdup(struct arena *a, const void *p, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Bytes handed out so far (for the memory figures in benchmarks). */
size_t arena_used(const struct arena *a);

#endif
