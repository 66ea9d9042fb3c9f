/*
 * art_identity.c: `cilium(-dbg) identity list` text and JSON (see
 * art_identity.h), in the parse stage beside the other art_* parsers.
 *
 * The member is streamed line by line.  Until the first table header or
 * JSON document is met, lines are preamble (markdown header, prompts).  A
 * line starting with '[' or '{' switches to JSON: it and every later line
 * are collected (earlier lines become empty lines, so jansson's line
 * numbers stay the member's) and parsed once at the end.  Text rows are
 * read by content rather than by column offset: an identity row starts
 * with the numeric id, a continuation row holds labels only, which also
 * covers tables whose header was shifted when pasted.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "art_identity.h"
#include "buf.h"
#include "cmdtext.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"
#include "label.h"
#include "parse_json.h"
#include "xalloc.h"

/* Lines are cut beyond this; JSON documents are indented, so short. */
#define IDENTITY_MAX_LINE	(1024 * 1024)

/* An identity being built from text rows; its labels grow on the heap. */
struct pending {
	bool		 open;
	uint32_t	 id;
	unsigned long	 line;
	char		**labels;	/* NUL-terminated heap copies */
	size_t		 n;
	size_t		 cap;
};

struct ctx {
	struct arena		*a;
	struct strtab		*st;
	struct diag_list	*diags;
	const char		*path;
	struct cmdtext_stream	 in;		/* the lines, the JSON text */
	bool			 in_table;
	bool			 seen_header;
	bool			 json_ok;	/* the document parsed */
	size_t			 json_elems;	/* array size */
	struct pending		 cur;
	struct identity_record	*v;		/* on the heap */
	size_t			 n;
	size_t			 cap;
};

static const char *const class_names[] = {
#define X(e, s) s,
	IDENTITY_CLASSES(X)
#undef X
};

const char *
identity_class_name(enum identity_class c)
{
	if ((size_t)c >= sizeof(class_names) / sizeof(class_names[0]))
		return "other";
	return class_names[c];
}

const char *
identity_reserved_name(uint32_t id)
{
	return cmdtext_reserved_identity_name(id);
}

enum identity_class
identity_classify(uint32_t id)
{
	switch (id & IDENTITY_SCOPE_MASK) {
	case 0:
		break;
	case IDENTITY_SCOPE_LOCAL:
		return IDENTITY_CLASS_LOCAL;
	case IDENTITY_SCOPE_REMOTE_NODE:
		return IDENTITY_CLASS_REMOTE_NODE;
	default:
		return IDENTITY_CLASS_OTHER;
	}
	if (id < IDENTITY_MIN_USER_RESERVED)
		return IDENTITY_CLASS_RESERVED;
	if (id < IDENTITY_MIN_CLUSTER)
		return IDENTITY_CLASS_USER_RESERVED;
	return IDENTITY_CLASS_CLUSTER;
}

bool
identity_is_reserved(uint32_t id)
{
	return id < IDENTITY_MIN_CLUSTER;
}

bool
identity_is_cluster_scoped(uint32_t id)
{
	return identity_classify(id) == IDENTITY_CLASS_CLUSTER;
}

bool
identity_is_local(uint32_t id)
{
	return identity_classify(id) == IDENTITY_CLASS_LOCAL;
}

uint32_t
identity_cluster_id(uint32_t id)
{
	if (!identity_is_cluster_scoped(id))
		return 0;
	return (id >> 16) & 0xff;
}

void
art_identity_labels_build(struct arena *a, struct strtab *st,
    const char *const *v, size_t n, const char ***text, size_t *ntext,
    struct labelset *labels)
{
	const char **t = NULL;
	struct label *l;
	size_t i;

	*text = NULL;
	*ntext = 0;
	labels->v = NULL;
	labels->n = 0;
	if (n == 0)
		return;
	t = arena_calloc(a, n, sizeof(*t));
	l = xcalloc(n, sizeof(*l));
	for (i = 0; i < n; i++) {
		t[i] = intern(st, v[i]);
		/* Printed labels always carry a source; "any" if not. */
		label_parse(st, v[i], "any", &l[i]);
	}
	labelset_build(a, l, n, labels);
	free(l);
	*text = t;
	*ntext = n;
}

/* --- JSON ----------------------------------------------------------------- */

int
art_identity_from_json(json_t *obj, unsigned long line, struct arena *a,
    struct strtab *st, struct identity_record *out)
{
	json_t *labels, *x;
	const char **v = NULL;
	size_t i, n = 0;

	memset(out, 0, sizeof(*out));
	out->line = line;
	/* An Endpoint has an "id" too, but also "status" or "spec". */
	if (!json_is_object(obj) || !json_get_u32(obj, "id", &out->id) ||
	    json_object_get(obj, "status") != NULL ||
	    json_object_get(obj, "spec") != NULL)
		return -1;
	labels = json_object_get(obj, "labels");
	if (json_is_array(labels) && json_array_size(labels) > 0) {
		v = xcalloc(json_array_size(labels), sizeof(*v));
		json_array_foreach(labels, i, x)
			if (json_is_string(x))
				v[n++] = json_string_value(x);
	}
	art_identity_labels_build(a, st, v, n, &out->label_text,
	    &out->nlabel_text, &out->labels);
	free(v);
	out->labels_sha256 = intern(st, json_get_str(obj, "labelsSHA256"));
	return 0;
}

static void
record_push(struct ctx *c, const struct identity_record *r)
{
	c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof(*c->v));
	c->v[c->n++] = *r;
}

static void
parse_json_doc(struct ctx *c)
{
	struct identity_record r;
	unsigned long *lines = NULL, first;
	size_t nlines, i;
	json_t *doc, *x;

	doc = json_parse_string(c->path, c->in.jbuf.ptr, c->in.jbuf.len,
	    JSON_PARSE_FIRST_VALUE, c->diags);
	if (doc == NULL)
		return;
	c->json_ok = true;
	first = cmdtext_first_object_line(c->in.jbuf.ptr, c->in.jbuf.len);
	if (json_is_array(doc)) {
		nlines = json_array_size(doc);
		c->json_elems = nlines;
		if (nlines > 0) {
			lines = xcalloc(nlines, sizeof(*lines));
			cmdtext_json_array_lines(c->in.jbuf.ptr, c->in.jbuf.len,
			    NULL, lines, nlines);
		}
		json_array_foreach(doc, i, x) {
			if (art_identity_from_json(x, lines[i], c->a, c->st,
			    &r) == 0)
				record_push(c, &r);
			else
				cmdtext_row_error(&c->in.errs, c->diags,
				    c->path, lines[i], "cannot parse identity: "
				    "not an Identity object (no numeric id)");
		}
		free(lines);
	} else if (art_identity_from_json(doc, first, c->a, c->st, &r) == 0) {
		record_push(c, &r);
	} else {
		c->json_ok = false;
		diag_add(c->diags, DIAG_ERROR, c->path, first,
		    "cannot parse identity list: JSON is not an identity or "
		    "an array of identities");
	}
	json_decref(doc);
}

/* --- text ----------------------------------------------------------------- */

static void
pending_add(struct pending *p, const char *s, size_t len)
{
	p->labels = xgrow(p->labels, &p->cap, p->n + 1, sizeof(*p->labels));
	p->labels[p->n++] = xstrndup(s, len);
}

static void
pending_clear(struct pending *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->labels[i]);
	p->n = 0;
	p->open = false;
}

static void
pending_release(struct pending *p)
{
	pending_clear(p);
	free(p->labels);
	p->labels = NULL;
	p->cap = 0;
}

/* Close the identity being built and keep it. */
static void
flush(struct ctx *c)
{
	struct identity_record r;

	if (!c->cur.open)
		return;
	memset(&r, 0, sizeof(r));
	r.id = c->cur.id;
	r.line = c->cur.line;
	art_identity_labels_build(c->a, c->st,
	    (const char *const *)c->cur.labels, c->cur.n, &r.label_text,
	    &r.nlabel_text, &r.labels);
	record_push(c, &r);
	pending_clear(&c->cur);
}

static bool
is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/*
 * Add the labels of one LABELS cell: a single label, or (0.x) Go's slice
 * notation "[a b c]".  Returns false when the cell is not labels.
 */
static bool
add_labels(struct pending *p, const char *s, size_t len)
{
	size_t i = 0, start;

	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		s++;
		len -= 2;
		while (i < len) {
			while (i < len && is_blank(s[i]))
				i++;
			start = i;
			while (i < len && !is_blank(s[i]))
				i++;
			if (i > start)
				pending_add(p, s + start, i - start);
		}
		return true;
	}
	/* One label per row since 1.0: no blanks inside. */
	for (i = 0; i < len; i++)
		if (is_blank(s[i]))
			return false;
	if (len == 0)
		return false;
	pending_add(p, s, len);
	return true;
}

static bool
is_header(const char *line, size_t len)
{
	struct cmdtext_header h;

	return cmdtext_header_parse(line, len, &h) == 2 &&
	    strcmp(h.title[0], "ID") == 0 && strcmp(h.title[1], "LABELS") == 0;
}

static void
end_table(struct ctx *c)
{
	flush(c);
	c->in_table = false;
}

static void
text_line(struct ctx *c, const char *line, size_t len, unsigned long lineno)
{
	const char *s = line, *rest;
	size_t n = len, tok, rlen;
	uint32_t id;

	if (is_header(line, len)) {
		end_table(c);
		c->in_table = true;
		c->seen_header = true;
		return;
	}
	if (!c->in_table)
		return;
	cmdtext_trim(&s, &n);
	/* Elisions in pasted outputs. */
	if ((n == 3 && memcmp(s, "...", 3) == 0) ||
	    (n == 5 && memcmp(s, "[...]", 5) == 0))
		return;
	for (tok = 0; tok < n && !is_blank(s[tok]); tok++)
		;
	rest = s + tok;
	rlen = n - tok;
	cmdtext_trim(&rest, &rlen);
	if (cmdtext_u32(s, tok, &id)) {
		flush(c);
		c->cur.open = true;
		c->cur.id = id;
		c->cur.line = lineno;
		if (rlen > 0 && !add_labels(&c->cur, rest, rlen))
			cmdtext_row_error(&c->in.errs, c->diags, c->path,
			    lineno, "cannot parse identity row: labels cell "
			    "'%.*s' holds blanks", (int)(rlen > 80 ? 80 :
			    rlen), rest);
		return;
	}
	if (line[0] != ' ' && line[0] != '\t') {
		/* Unindented text that is not a row: the table is over. */
		end_table(c);
		return;
	}
	if (!c->cur.open) {
		cmdtext_row_error(&c->in.errs, c->diags, c->path, lineno,
		    "cannot parse identity row: labels without an identity");
		return;
	}
	if (!add_labels(&c->cur, s, n))
		cmdtext_row_error(&c->in.errs, c->diags, c->path, lineno,
		    "cannot parse identity row: expected one label, got "
		    "'%.*s'", (int)(n > 80 ? 80 : n), s);
}

/* How cmdtext_stream_read hands the lines of the text listing over. */
static void
stream_end(void *ctx, enum cmdtext_line what)
{
	(void)what;
	end_table(ctx);
}

static bool
stream_json_may_start(void *ctx)
{
	const struct ctx *c = ctx;

	return !c->seen_header && c->n == 0 && !c->cur.open;
}

static void
stream_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	text_line(ctx, line, len, lineno);
}

static const struct cmdtext_stream_ops stream_ops = {
	stream_end, stream_json_may_start, stream_line,
};

int
art_identity_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct identity_result *out)
{
	struct ctx c;
	int r = -1;

	memset(&c, 0, sizeof(c));
	memset(out, 0, sizeof(*out));
	c.a = a;
	c.st = st;
	c.diags = diags;
	c.path = intern(st, m->path);
	cmdtext_stream_init(&c.in, a, diags, c.path);
	out->path = c.path;

	cmdtext_stream_read(&c.in, m, IDENTITY_MAX_LINE, "identity row",
	    &stream_ops, &c);
	end_table(&c);
	if (c.in.json)
		parse_json_doc(&c);
	cmdtext_row_errors_end(&c.in.errs, diags, c.path, "identity rows");

	out->json = c.in.json;
	out->cmd_error = c.in.cmd_error;
	if (c.n > 0) {
		out->v = arena_memdup(a, c.v, c.n * sizeof(*c.v));
		out->n = c.n;
		r = 0;
	} else if (c.seen_header) {
		/* An empty table is a valid (if odd) listing. */
		r = 0;
	} else if (!c.in.json) {
		diag_add(diags, DIAG_ERROR, c.path, 0,
		    "cannot parse identity list: no 'ID LABELS' table or "
		    "JSON document%s%s", c.in.cmd_error != NULL ?
		    ", command failed: " : "", c.in.cmd_error != NULL ?
		    c.in.cmd_error : "");
	} else if (c.json_ok && c.json_elems == 0) {
		/* An empty array. */
		r = 0;
	}
	free(c.v);
	pending_release(&c.cur);
	cmdtext_stream_release(&c.in);
	return r;
}
