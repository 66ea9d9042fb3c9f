/*
 * cmdtext.c: shared reading of agent command outputs (see cmdtext.h).
 *
 * This sits beside the art_* parsers in the parse stage: they stream lines
 * from ingest and call these helpers to drop markdown wrapping and error
 * trailers, to cut tabwriter tables into cells, and to locate JSON
 * documents (in streamed lines or in whole-member reads) and their
 * elements' lines.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "cmdtext.h"
#include "diag.h"
#include "ingest.h"

#define ERROR_PREFIX	"> Error while running '"

bool
cmdtext_has_prefix(const char *s, size_t len, const char *p)
{
	size_t n = strlen(p);

	return len >= n && memcmp(s, p, n) == 0;
}

const char *
cmdtext_find(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	if (n == 0)
		return s;
	for (i = 0; i + n <= len; i++)
		if (s[i] == needle[0] && memcmp(s + i, needle, n) == 0)
			return s + i;
	return NULL;
}

static bool
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	    c == '\f';
}

void
cmdtext_trim(const char **s, size_t *len)
{
	while (*len > 0 && is_blank((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && is_blank((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

enum cmdtext_line
cmdtext_classify(struct cmdtext *ct, const char *line, size_t len)
{
	const char *s = line;
	size_t n = len;

	cmdtext_trim(&s, &n);
	if (n == 0)
		return CMDTEXT_BLANK;
	if (cmdtext_has_prefix(s, n, "```"))
		return CMDTEXT_MARKUP;
	if (cmdtext_is_error(line, len))
		return CMDTEXT_ERROR;
	if (!ct->seen_content && cmdtext_has_prefix(line, len, "# "))
		return CMDTEXT_MARKUP;
	ct->seen_content = true;
	return CMDTEXT_CONTENT;
}

bool
cmdtext_is_error(const char *line, size_t len)
{
	return cmdtext_has_prefix(line, len, ERROR_PREFIX);
}

/* "> Error while running '<cmd>':  <err>": the trimmed <err>. */
static void
error_text(const char *s, size_t len, const char **err, size_t *elen)
{
	*err = cmdtext_find(s, len, "':");
	if (*err != NULL)
		*err += 2;
	else
		*err = s;
	*elen = len - (size_t)(*err - s);
	cmdtext_trim(err, elen);
}

void
cmdtext_error_note(struct cmdtext *ct, struct diag_list *diags,
    const char *path, unsigned long line, const char *s, size_t len)
{
	const char *err;
	size_t elen;

	if (ct->seen_error)
		return;
	ct->seen_error = true;
	error_text(s, len, &err, &elen);
	if (elen > 200)
		elen = 200;
	diag_add(diags, DIAG_WARNING, path, line, "command failed: %.*s",
	    (int)elen, err);
}

void
cmdtext_error_keep(struct cmdtext *ct, struct arena *a,
    const char **cmd_error, struct diag_list *diags, const char *path,
    unsigned long line, const char *s, size_t len)
{
	const char *err;
	size_t elen;

	if (*cmd_error == NULL) {
		error_text(s, len, &err, &elen);
		*cmd_error = arena_strndup(a, err, elen);
	}
	cmdtext_error_note(ct, diags, path, line, s, len);
}

bool
cmdtext_u64(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 20)
		return false;
	for (i = 0; i < len; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return false;
		d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

bool
cmdtext_u32(const char *s, size_t len, uint32_t *out)
{
	uint64_t v;

	if (!cmdtext_u64(s, len, &v) || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

bool
cmdtext_u16(const char *s, size_t len, uint16_t *out)
{
	uint64_t v;

	if (!cmdtext_u64(s, len, &v) || v > UINT16_MAX)
		return false;
	*out = (uint16_t)v;
	return true;
}

/* Reserved identity names indexed by id: one table for both directions. */
static const char *const reserved_names[] = {
	"unknown", "host", "world", "unmanaged", "health", "init",
	"remote-node", "kube-apiserver", "ingress", "world-ipv4", "world-ipv6",
	"encrypted-overlay",	/* 11, pkg/identity/numericidentity.go */
};

const char *
cmdtext_reserved_identity_name(uint32_t id)
{
	if (id >= sizeof(reserved_names) / sizeof(reserved_names[0]))
		return NULL;
	return reserved_names[id];
}

long
cmdtext_reserved_identity(const char *s, size_t len)
{
	size_t i;

	if (cmdtext_has_prefix(s, len, "reserved:")) {
		s += 9;
		len -= 9;
	}
	for (i = 0; i < sizeof(reserved_names) / sizeof(reserved_names[0]);
	    i++)
		if (strlen(reserved_names[i]) == len &&
		    memcmp(reserved_names[i], s, len) == 0)
			return (long)i;
	return -1;
}

void
cmdtext_row_error(struct cmdtext_errs *e, struct diag_list *diags,
    const char *path, unsigned long line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	e->n++;
	if (e->n > CMDTEXT_MAX_ROW_DIAGS) {
		if (e->first_dropped == 0)
			e->first_dropped = line;
		return;
	}
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	diag_add(diags, DIAG_WARNING, path, line, "%s", b.ptr);
	buf_release(&b);
}

void
cmdtext_row_errors_end(struct cmdtext_errs *e, struct diag_list *diags,
    const char *path, const char *what)
{
	if (e->n > CMDTEXT_MAX_ROW_DIAGS)
		diag_add(diags, DIAG_WARNING, path, e->first_dropped,
		    "cannot parse %lu more %s", e->n - CMDTEXT_MAX_ROW_DIAGS,
		    what);
}

/* Characters (UTF-8 lead bytes) in s[0..n). */
static size_t
char_count(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

/* The byte offset of character number ch in s (len when past the end). */
static size_t
char_offset(const char *s, size_t len, size_t ch)
{
	size_t i, c = 0;

	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (c == ch)
				return i;
			c++;
		}
	}
	return len;
}

size_t
cmdtext_header_parse(const char *line, size_t len, struct cmdtext_header *h)
{
	size_t i = 0;

	memset(h, 0, sizeof(*h));
	while (i < len) {
		size_t start, end, tlen;

		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i >= len)
			break;
		start = i;
		/* A title ends at a tab or at two blanks in a row. */
		while (i < len && line[i] != '\t' &&
		    !(line[i] == ' ' && (i + 1 >= len || line[i + 1] == ' ' ||
		    line[i + 1] == '\t')))
			i++;
		end = i;
		if (h->n == CMDTEXT_MAX_COLS)
			break;
		tlen = end - start;
		if (tlen >= CMDTEXT_MAX_TITLE)
			tlen = CMDTEXT_MAX_TITLE - 1;
		memcpy(h->title[h->n], line + start, tlen);
		h->title[h->n][tlen] = '\0';
		h->col[h->n] = char_count(line, start);
		h->n++;
	}
	return h->n;
}

int
cmdtext_header_find(const struct cmdtext_header *h, const char *title)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->title[i], title) == 0)
			return (int)i;
	return -1;
}

static void
cell_set(struct cmdtext_cell *c, const char *s, size_t len)
{
	cmdtext_trim(&s, &len);
	c->s = s;
	c->len = len;
}

/* Split at runs of two or more blanks or at tabs, filling from the left. */
static void
split_loose(const struct cmdtext_header *h, const char *line, size_t len,
    struct cmdtext_cell *cells)
{
	size_t i = 0, k = 0;

	while (i < len && k < h->n) {
		size_t start;

		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i >= len)
			break;
		start = i;
		while (i < len && line[i] != '\t' &&
		    !(line[i] == ' ' && (i + 1 >= len || line[i + 1] == ' ' ||
		    line[i + 1] == '\t')))
			i++;
		/* The last column takes the rest of the line. */
		if (k + 1 == h->n)
			i = len;
		cell_set(&cells[k++], line + start, i - start);
	}
}

size_t
cmdtext_row_split(const struct cmdtext_header *h, const char *line,
    size_t len, struct cmdtext_cell *cells, bool *misaligned)
{
	size_t off[CMDTEXT_MAX_COLS + 1];
	size_t i;

	*misaligned = false;
	for (i = 0; i < h->n; i++) {
		cells[i].s = line + len;
		cells[i].len = 0;
	}
	if (h->n == 0)
		return 0;
	if (memchr(line, '\t', len) != NULL) {
		split_loose(h, line, len, cells);
		return h->n;
	}
	for (i = 0; i < h->n; i++)
		off[i] = char_offset(line, len, h->col[i]);
	off[h->n] = len;
	for (i = 1; i < h->n; i++) {
		size_t o = off[i];

		if (o > 0 && o < len && line[o - 1] != ' ' && line[o] != ' ') {
			*misaligned = true;
			split_loose(h, line, len, cells);
			return h->n;
		}
	}
	for (i = 0; i < h->n; i++) {
		size_t a = off[i], b = off[i + 1];

		if (b < a)
			b = a;
		cell_set(&cells[i], line + a, b - a);
	}
	return h->n;
}

int
cmdtext_slurp(struct ingest_member *m, size_t max, struct buf *b,
    struct diag_list *diags)
{
	char tmp[16384];

	if (max == 0)
		max = (size_t)1 << 30;
	buf_reset(b);
	for (;;) {
		ssize_t n = ingest_member_read(m, tmp, sizeof(tmp));

		if (n < 0) {
			diag_add(diags, DIAG_ERROR, m->path, 0,
			    "cannot read member: broken after %zu bytes",
			    b->len);
			return -1;
		}
		if (n == 0)
			break;
		if (b->len + (size_t)n > max) {
			diag_add(diags, DIAG_ERROR, m->path, 0,
			    "cannot parse member: larger than %zu bytes", max);
			return -1;
		}
		buf_add(b, tmp, (size_t)n);
	}
	return 0;
}

bool
cmdtext_starts_json(const char *line, size_t len)
{
	size_t i;
	char ch;

	for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	if (i >= len || (line[i] != '[' && line[i] != '{'))
		return false;
	if (i + 1 >= len)
		return true;
	ch = line[i + 1];
	return ch == ' ' || ch == '\t' || ch == '{' || ch == '[' ||
	    ch == '"' || ch == ']' || ch == '}' || ch == '-' ||
	    isdigit((unsigned char)ch);
}

void
cmdtext_json_add_line(struct buf *b, unsigned long lineno, const char *line,
    size_t len)
{
	/* Only the first line pads: each line added takes one byte at least. */
	while (b->len + 1 < lineno)
		buf_addch(b, '\n');
	buf_add(b, line, len);
	buf_addch(b, '\n');
}

unsigned long
cmdtext_first_object_line(const char *text, size_t len)
{
	unsigned long line = 1;
	size_t i;

	for (i = 0; i < len && text[i] != '{'; i++)
		if (text[i] == '\n')
			line++;
	return line;
}

void
cmdtext_stream_init(struct cmdtext_stream *s, struct arena *a,
    struct diag_list *diags, const char *path)
{
	memset(s, 0, sizeof(*s));
	s->a = a;
	s->diags = diags;
	s->path = path;
	buf_init(&s->jbuf);
}

void
cmdtext_stream_release(struct cmdtext_stream *s)
{
	buf_release(&s->jbuf);
}

void
cmdtext_stream_read(struct cmdtext_stream *s, struct ingest_member *m,
    size_t max_line, const char *row, const struct cmdtext_stream_ops *ops,
    void *ctx)
{
	struct ingest_lines lr;
	enum cmdtext_line what;
	unsigned long lineno;
	char *line;
	size_t len;

	ingest_lines_init(&lr, m, max_line);
	while ((line = ingest_lines_next(&lr, &len)) != NULL) {
		lineno = lr.lineno;
		if (s->json) {
			if (cmdtext_is_error(line, len))
				cmdtext_error_keep(&s->ct, s->a, &s->cmd_error,
				    s->diags, s->path, lineno, line, len);
			cmdtext_json_add_line(&s->jbuf, lineno, line, len);
			continue;
		}
		what = cmdtext_classify(&s->ct, line, len);
		if (what != CMDTEXT_CONTENT) {
			if (ops->end != NULL)
				ops->end(ctx, what);
			if (what == CMDTEXT_ERROR)
				cmdtext_error_keep(&s->ct, s->a, &s->cmd_error,
				    s->diags, s->path, lineno, line, len);
			continue;
		}
		if (lr.truncated) {
			if (row != NULL)
				cmdtext_row_error(&s->errs, s->diags, s->path,
				    lineno, "cannot parse %s: line longer than "
				    "%zu bytes", row, max_line);
			continue;
		}
		if (ops->json_may_start != NULL && ops->json_may_start(ctx) &&
		    cmdtext_starts_json(line, len)) {
			s->json = true;
			cmdtext_json_add_line(&s->jbuf, lineno, line, len);
			continue;
		}
		ops->line(ctx, line, len, lineno);
	}
	if (lr.error)
		diag_add(s->diags, DIAG_ERROR, s->path, lr.lineno,
		    "cannot read member: broken after line %lu", lr.lineno);
	ingest_lines_release(&lr);
}

long
cmdtext_json_prepare(char *text, size_t len, struct cmdtext *ct,
    struct diag_list *diags, const char *path)
{
	size_t pos = 0;
	unsigned long lineno = 0;

	while (pos < len) {
		char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl != NULL ? (size_t)(nl - text) : len, i;

		lineno++;
		for (i = pos; i < end && (text[i] == ' ' || text[i] == '\t' ||
		    text[i] == '\r'); i++)
			;
		if (i < end && (text[i] == '[' || text[i] == '{')) {
			/* Report a trailer after the document too. */
			size_t start = i;

			for (pos = end + 1; pos < len; pos = end + 1) {
				nl = memchr(text + pos, '\n', len - pos);
				end = nl != NULL ? (size_t)(nl - text) : len;
				lineno++;
				if (cmdtext_is_error(text + pos, end - pos))
					cmdtext_error_note(ct, diags, path,
					    lineno, text + pos, end - pos);
			}
			return (long)start;
		}
		if (cmdtext_is_error(text + pos, end - pos))
			cmdtext_error_note(ct, diags, path, lineno, text + pos,
			    end - pos);
		/* Blank the preamble line; keep its newline. */
		for (i = pos; i < end; i++)
			text[i] = ' ';
		pos = end + 1;
	}
	return -1;
}

/*
 * A small JSON structure walker: strings (with escapes) and nesting, enough
 * to see where array elements start.
 */
#define WALK_DEPTH	64

size_t
cmdtext_json_array_lines(const char *text, size_t len, const char *key,
    unsigned long *lines, size_t max)
{
	char stack[WALK_DEPTH];		/* '[' or '{' per open level */
	size_t depth = 0, count = 0, i;
	size_t keylen = key != NULL ? strlen(key) : 0;
	unsigned long line = 1;
	bool want_value = false;	/* a value may start here */
	bool target_open = false;	/* inside the wanted array */
	size_t target_depth = 0;
	/* In the top-level object: the last key seen, and whether it matches. */
	bool key_match = false;
	bool expect_key = false;

	for (i = 0; i < len; i++) {
		char c = text[i];

		if (c == '\n') {
			line++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r')
			continue;
		if (target_open && depth == target_depth && want_value &&
		    c != ']' && c != ',') {
			if (count < max)
				lines[count] = line;
			count++;
			want_value = false;
		}
		if (c == '"') {
			size_t start = i + 1, j = start;

			while (j < len && text[j] != '"') {
				if (text[j] == '\\' && j + 1 < len)
					j++;
				if (text[j] == '\n')
					line++;
				j++;
			}
			if (expect_key && depth == 1 && key != NULL)
				key_match = j - start == keylen &&
				    memcmp(text + start, key, keylen) == 0;
			expect_key = false;
			i = j;
			continue;
		}
		if (c == '[' || c == '{') {
			bool is_target = !target_open && c == '[' &&
			    ((key == NULL && depth == 0) ||
			    (key != NULL && depth == 1 && key_match &&
			    stack[0] == '{'));

			if (depth < WALK_DEPTH)
				stack[depth] = c;
			depth++;
			if (is_target) {
				target_open = true;
				target_depth = depth;
				want_value = true;
			}
			expect_key = c == '{';
			key_match = false;
			continue;
		}
		if (c == ']' || c == '}') {
			if (depth == 0)
				return count;
			if (target_open && depth == target_depth)
				return count;
			depth--;
			continue;
		}
		if (c == ',') {
			if (target_open && depth == target_depth)
				want_value = true;
			if (depth >= 1 && depth <= WALK_DEPTH &&
			    stack[depth - 1] == '{')
				expect_key = true;
			continue;
		}
		if (c == ':')
			continue;
		/* A bare literal (number, true, false, null): skip it. */
		while (i + 1 < len && text[i + 1] != ',' && text[i + 1] != ']' &&
		    text[i + 1] != '}' && text[i + 1] != '\n' &&
		    text[i + 1] != ' ')
			i++;
	}
	return count;
}
