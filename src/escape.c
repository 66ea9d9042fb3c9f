/*
 * escape.c: turning untrusted bytes into printable, valid UTF-8.
 *
 * Member names in customer archives are attacker-controlled: they can carry
 * terminal escape sequences or bytes that are not UTF-8 (which jansson would
 * refuse).  Everything that reaches a terminal or a JSON string passes here.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "escape.h"
#include "xalloc.h"

/*
 * Length of the valid UTF-8 sequence starting at s (at most n bytes), or 0
 * when the bytes there are not valid UTF-8 (overlongs, surrogates and code
 * points above U+10FFFF are invalid).
 */
static size_t
utf8_seq_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned long cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	/* C1 control characters are as dangerous on a terminal as C0. */
	if (cp >= 0x80 && cp <= 0x9f)
		return 0;
	return len;
}

void
escape_printable(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;

	while (i < n) {
		if (p[i] == '\\') {
			buf_addstr(b, "\\\\");
			i++;
			continue;
		}
		if (p[i] < 0x20 || p[i] == 0x7f ||
		    (len = utf8_seq_len(p + i, n - i)) == 0) {
			buf_addf(b, "\\x%02x", p[i]);
			i++;
			continue;
		}
		buf_add(b, p + i, len);
		i += len;
	}
}

char *
escape_printable_dup(const char *s)
{
	struct buf b = BUF_INIT;

	escape_printable(&b, s, strlen(s));
	return buf_detach(&b, NULL);
}

bool
escape_is_printable(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;

	while (i < n) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return false;
		if ((len = utf8_seq_len(p + i, n - i)) == 0)
			return false;
		i += len;
	}
	return true;
}
