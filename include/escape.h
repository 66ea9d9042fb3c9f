/*
 * escape.h: making untrusted bytes safe to show.
 *
 * Member names and file contents come from customer archives and may hold
 * control characters, invalid UTF-8 or terminal escape sequences.  Anything
 * shown to a person or put into JSON goes through these first.
 */
#ifndef CTRIAGE_ESCAPE_H
#define CTRIAGE_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/*
 * Append s (n bytes) to b as printable, valid UTF-8: control bytes, DEL and
 * bytes that are not part of a valid UTF-8 sequence become "\xNN", and a
 * backslash becomes "\\".  The result is safe on a terminal and in JSON.
 */
void escape_printable(struct buf *b, const char *s, size_t n);

/* A newly allocated escape_printable copy of the string s. */
char *escape_printable_dup(const char *s);

/* True when s (n bytes) holds no control byte, no DEL, and is valid UTF-8. */
bool escape_is_printable(const char *s, size_t n);

#endif
