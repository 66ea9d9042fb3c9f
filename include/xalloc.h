/*
 * xalloc.h: allocation that never returns NULL.
 *
 * ctriage is a batch tool: there is nothing useful to do when memory runs
 * out, so every allocation goes through these wrappers, which print one line
 * to stderr and abort on failure.  Ordinary code therefore never checks for
 * NULL after allocating.  This is the only place in the core library that
 * may write to stderr or end the process.
 */
#ifndef CTRIAGE_XALLOC_H
#define CTRIAGE_XALLOC_H

#include <stddef.h>

/* malloc(n), never NULL (a zero size allocates one byte). */
void *xmalloc(size_t n);

/* calloc(nmemb, size), never NULL; dies on multiplication overflow. */
void *xcalloc(size_t nmemb, size_t size);

/* realloc(p, nmemb * size), never NULL; dies on multiplication overflow. */
void *xreallocarray(void *p, size_t nmemb, size_t size);

/* strdup(s); s must not be NULL. */
char *xstrdup(const char *s);

/* A NUL-terminated copy of the first n bytes of s (or fewer, at a NUL). */
char *xstrndup(const char *s, size_t n);

/* A newly allocated string formatted as by printf. */
char *xasprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/*
 * Grow an array so that it holds at least `need` elements of `size` bytes.
 * *cap is the current capacity in elements and is updated; the array grows
 * geometrically.  Returns the (possibly moved) array.
 */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);

#endif
