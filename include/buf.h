/*
 * buf.h: a growable byte buffer for short-lived text.
 *
 * Invariants (after buf_init): `ptr` is never NULL and is always
 * NUL-terminated at ptr[len]; `len` never counts the terminator.  A buffer
 * with cap 0 points at a shared empty string and owns nothing, so an
 * initialized but unused buffer needs no release.  buf_detach is the only way
 * to take ownership of the bytes.
 */
#ifndef CTRIAGE_BUF_H
#define CTRIAGE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*ptr;
	size_t	 len;
	size_t	 cap;
};

#define BUF_INIT { buf_empty_, 0, 0 }
extern char buf_empty_[1];

void buf_init(struct buf *b);
/* Free the contents and leave the buffer initialized and empty. */
void buf_release(struct buf *b);
/* Set len to 0 and keep the allocation. */
void buf_reset(struct buf *b);
/* Make room for at least n more bytes. */
void buf_grow(struct buf *b, size_t n);
void buf_add(struct buf *b, const void *data, size_t n);
void buf_addstr(struct buf *b, const char *s);
void buf_addch(struct buf *b, int c);
void buf_addf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Shorten to n bytes (n <= len). */
void buf_truncate(struct buf *b, size_t n);
/* Return the bytes as a malloc'd string owned by the caller; b is reset. */
char *buf_detach(struct buf *b, size_t *lenp);

#endif
