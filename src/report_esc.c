/*
 * report_esc.c: escaping for the Markdown, HTML, SARIF and JUnit writers
 * (see report_esc.h).  JSON needs none here: jansson escapes.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "report_esc.h"

static int
ctl(unsigned char c)
{
	return (c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f;
}

void
esc_xml(struct buf *b, const char *s, int attr)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '&':
			buf_addstr(b, "&amp;");
			break;
		case '<':
			buf_addstr(b, "&lt;");
			break;
		case '>':
			buf_addstr(b, "&gt;");
			break;
		case '"':
			buf_addstr(b, "&quot;");
			break;
		case '\'':
			buf_addstr(b, "&#39;");
			break;
		case '\n':
		case '\t':
		case '\r':
			if (attr)
				buf_addf(b, "&#%d;", *p);
			else
				buf_addch(b, *p);
			break;
		default:
			if (ctl(*p))
				buf_addf(b, "\\x%02x", *p);
			else
				buf_addch(b, *p);
		}
	}
}

/* Characters with inline meaning anywhere in CommonMark/GFM text. */
static const char md_special[] = "\\`*_[]<>|#~&!{}";

void
esc_md(struct buf *b, const char *s, int table)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *q;
	int bol = 1;

	for (; *p != '\0'; p++) {
		if (bol) {
			/* Leading blanks would make an indented code block. */
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p == '\0')
				break;
			/* '#', '>' and '*' are escaped below anyway. */
			if (*p == '-' || *p == '+' || *p == '=')
				buf_addch(b, '\\');
			/* "1." or "1)" opens an ordered list. */
			for (q = p; isdigit(*q); q++)
				;
			if (q != p && (*q == '.' || *q == ')')) {
				buf_add(b, p, (size_t)(q - p));
				buf_addch(b, '\\');
				p = q;
			}
			bol = 0;
		}
		if (*p == '\n') {
			if (table)
				buf_addstr(b, "<br>");
			else
				buf_addstr(b, "  \n");	/* a hard break */
			bol = !table;
			continue;
		}
		if (*p == '\r')
			continue;
		if (ctl(*p)) {
			buf_addf(b, "\\\\x%02x", *p);
			continue;
		}
		if (strchr(md_special, *p) != NULL)
			buf_addch(b, '\\');
		buf_addch(b, *p);
	}
}

void
md_fence(struct buf *b, const char *s)
{
	size_t run = 0, longest = 0, i;

	for (; *s != '\0'; s++) {
		run = *s == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	for (i = 0; i < (longest >= 3 ? longest + 1 : 3); i++)
		buf_addch(b, '`');
}

void
esc_uri(struct buf *b, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (isalnum(*p) || strchr("-._~/", *p) != NULL)
			buf_addch(b, *p);
		else
			buf_addf(b, "%%%02X", *p);
	}
}

void
esc_flush(struct buf *b, FILE *out)
{
	fwrite(b->ptr, 1, b->len, out);
	buf_reset(b);
}

int
report_json_write(json_t *root, FILE *out)
{
	int rc = json_dumpf(root, out, JSON_SORT_KEYS | JSON_INDENT(2) |
	    JSON_REAL_PRECISION(6));

	json_decref(root);
	if (rc != 0)
		return -1;
	fputc('\n', out);
	return ferror(out) ? -1 : 0;
}
