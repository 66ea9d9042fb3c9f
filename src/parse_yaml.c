/*
 * parse_yaml.c: libyaml events into jansson values, streamed per object.
 *
 * One builder consumes the event stream with a stack of open collections.
 * When a collection closes it becomes a value of its parent, except at the
 * two streaming points: an element of a top-level `items` sequence (a
 * Kubernetes List) and an element of a top-level sequence, which are handed
 * to the caller and freed at once.  See parse_yaml.h for the contract.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <yaml.h>

#include "diag.h"
#include "ingest.h"
#include "parse_yaml.h"
#include "xalloc.h"

struct frame {
	json_t		*value;		/* object or array being filled */
	char		*key;		/* mapping: key waiting for its value */
	char		*anchor;	/* anchor of this collection, or NULL */
	unsigned long	 line;		/* 1-based start line */
	unsigned long	 nodes;		/* nodes in the subtree so far */
};

struct json_lines {
	const json_t	**keys;
	unsigned long	 *lines;
	size_t		  cap;		/* power of two, or 0 */
	size_t		  n;
};

struct anchor {
	char		*name;
	json_t		*value;
	unsigned long	 nodes;
};

struct builder {
	const struct yaml_limits *lim;
	yaml_item_fn		 fn;
	void			*ctx;
	struct frame		*stack;
	size_t			 depth;
	size_t			 cap;
	struct anchor		*anchors;
	size_t			 nanchors;
	size_t			 acap;
	unsigned long		 alias_nodes;
	json_t			*root;		/* finished root of a document */
	unsigned long		 root_line;
	bool			 streamed;	/* root's items were delivered */
	struct json_lines	 lines;		/* of the current item */
	int			 stopped;	/* callback's non-zero value */
	char			*error;		/* a limit or structure error */
	unsigned long		 error_line;
};

static size_t
ptr_hash(const json_t *p, size_t cap)
{
	uintptr_t x = (uintptr_t)p;

	x ^= x >> 17;
	x *= (uintptr_t)0x9e3779b97f4a7c15ULL;
	return (size_t)(x >> 7) & (cap - 1);
}

static void lines_put(struct json_lines *, const json_t *, unsigned long);

static void
lines_grow(struct json_lines *l)
{
	struct json_lines old = *l;
	size_t i;

	l->cap = old.cap ? old.cap * 2 : 256;
	l->keys = xcalloc(l->cap, sizeof(*l->keys));
	l->lines = xcalloc(l->cap, sizeof(*l->lines));
	l->n = 0;
	for (i = 0; i < old.cap; i++)
		if (old.keys[i] != NULL)
			lines_put(l, old.keys[i], old.lines[i]);
	free(old.keys);
	free(old.lines);
}

static void
lines_put(struct json_lines *l, const json_t *v, unsigned long line)
{
	size_t i;

	if ((l->n + 1) * 2 > l->cap)
		lines_grow(l);
	for (i = ptr_hash(v, l->cap); l->keys[i] != NULL && l->keys[i] != v;
	    i = (i + 1) & (l->cap - 1))
		;
	if (l->keys[i] == NULL)
		l->n++;
	l->keys[i] = v;
	l->lines[i] = line;
}

static void
lines_clear(struct json_lines *l)
{
	if (l->n == 0)
		return;
	memset(l->keys, 0, l->cap * sizeof(*l->keys));
	l->n = 0;
}

unsigned long
json_lines_get(const struct json_lines *l, const json_t *v)
{
	size_t i;

	if (l == NULL || l->cap == 0 || v == NULL)
		return 0;
	for (i = ptr_hash(v, l->cap); l->keys[i] != NULL;
	    i = (i + 1) & (l->cap - 1))
		if (l->keys[i] == v)
			return l->lines[i];
	return 0;
}

struct json_lines *
json_lines_copy(const struct json_lines *l)
{
	struct json_lines *c = xcalloc(1, sizeof(*c));

	if (l == NULL || l->cap == 0)
		return c;
	c->cap = l->cap;
	c->n = l->n;
	c->keys = xcalloc(c->cap, sizeof(*c->keys));
	c->lines = xcalloc(c->cap, sizeof(*c->lines));
	memcpy(c->keys, l->keys, c->cap * sizeof(*c->keys));
	memcpy(c->lines, l->lines, c->cap * sizeof(*c->lines));
	return c;
}

void
json_lines_free(struct json_lines *l)
{
	if (l == NULL)
		return;
	free(l->keys);
	free(l->lines);
	free(l);
}

static void
builder_fail(struct builder *b, unsigned long line, const char *msg)
{
	if (b->error == NULL) {
		b->error = xstrdup(msg);
		b->error_line = line;
	}
}

static void
anchors_clear(struct builder *b)
{
	size_t i;

	for (i = 0; i < b->nanchors; i++) {
		free(b->anchors[i].name);
		json_decref(b->anchors[i].value);
	}
	b->nanchors = 0;
	b->alias_nodes = 0;
}

/* Remember an anchored value; a later anchor of the same name wins. */
static void
anchor_set(struct builder *b, const char *name, json_t *v,
    unsigned long nodes)
{
	size_t i;

	for (i = 0; i < b->nanchors; i++) {
		if (strcmp(b->anchors[i].name, name) == 0) {
			json_decref(b->anchors[i].value);
			b->anchors[i].value = json_incref(v);
			b->anchors[i].nodes = nodes;
			return;
		}
	}
	b->anchors = xgrow(b->anchors, &b->acap, b->nanchors + 1,
	    sizeof(*b->anchors));
	b->anchors[b->nanchors].name = xstrdup(name);
	b->anchors[b->nanchors].value = json_incref(v);
	b->anchors[b->nanchors].nodes = nodes;
	b->nanchors++;
}

static const struct anchor *
anchor_get(const struct builder *b, const char *name)
{
	size_t i;

	for (i = b->nanchors; i > 0; i--)
		if (strcmp(b->anchors[i - 1].name, name) == 0)
			return &b->anchors[i - 1];
	return NULL;
}

/* Is s (n bytes) all decimal digits, at least one? */
static bool
all_digits(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/*
 * Type a plain scalar: null, booleans, decimal integers without leading
 * zeros, and decimal floats with a dot; everything else is a string.
 * Quoted and block scalars are always strings.
 */
static json_t *
scalar_value(const char *s, size_t n, yaml_scalar_style_t style)
{
	const char *d;
	size_t dn;
	char *end;

	if (style != YAML_PLAIN_SCALAR_STYLE)
		return json_stringn(s, n);
	if (n == 0 || (n == 1 && s[0] == '~') ||
	    strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
	    strcmp(s, "NULL") == 0)
		return json_null();
	if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 ||
	    strcmp(s, "TRUE") == 0)
		return json_true();
	if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 ||
	    strcmp(s, "FALSE") == 0)
		return json_false();
	d = s;
	dn = n;
	if (d[0] == '-' || d[0] == '+') {
		d++;
		dn--;
	}
	if (all_digits(d, dn) && (dn == 1 || d[0] != '0')) {
		long long v;

		errno = 0;
		v = strtoll(s, &end, 10);
		if (errno == 0 && *end == '\0')
			return json_integer(v);
		return json_stringn(s, n);
	}
	{
		/* [-+]? digits* . digits* ([eE][-+]?digits)? with a digit */
		size_t i = 0, digits = 0;
		bool dot = false;

		while (i < dn && d[i] >= '0' && d[i] <= '9') {
			i++;
			digits++;
		}
		if (i < dn && d[i] == '.') {
			dot = true;
			i++;
			while (i < dn && d[i] >= '0' && d[i] <= '9') {
				i++;
				digits++;
			}
		}
		if (dot && digits > 0 && i < dn && (d[i] == 'e' ||
		    d[i] == 'E')) {
			i++;
			if (i < dn && (d[i] == '-' || d[i] == '+'))
				i++;
			if (!all_digits(d + i, dn - i))
				return json_stringn(s, n);
			i = dn;
		}
		if (dot && digits > 0 && i == dn) {
			double v = strtod(s, &end);

			if (*end == '\0')
				return json_real(v);
		}
	}
	return json_stringn(s, n);
}

/*
 * Deliver a finished object to the caller and drop our reference.
 */
static void
deliver(struct builder *b, json_t *v, unsigned long line)
{
	int rc;

	if (b->stopped == 0 && b->error == NULL &&
	    (rc = b->fn(b->ctx, v, line, &b->lines)) != 0)
		b->stopped = rc;
	json_decref(v);
	/*
	 * The item's objects are freed: forget their lines, so a reused
	 * pointer cannot report a stale line.  Objects of the enclosing
	 * List (the root mapping) are re-recorded below if needed.
	 */
	lines_clear(&b->lines);
}

/*
 * A value is complete (a scalar, an alias, or a closed collection).  Put it
 * where it belongs: as the document root, into its parent, or to the
 * caller when it is an element at a streaming point.  Steals v.
 */
static void
place(struct builder *b, json_t *v, unsigned long line, unsigned long nodes)
{
	struct frame *top;

	if (b->depth == 0) {
		json_decref(b->root);
		b->root = v;
		b->root_line = line;
		return;
	}
	top = &b->stack[b->depth - 1];
	top->nodes += nodes;
	if (json_is_object(top->value)) {
		if (top->key == NULL) {
			/* This value is a key: only scalars make sense. */
			if (json_is_string(v))
				top->key = xstrdup(json_string_value(v));
			else if (json_is_integer(v) || json_is_real(v) ||
			    json_is_boolean(v) || json_is_null(v)) {
				char *txt = json_dumps(v, JSON_ENCODE_ANY);

				top->key = txt != NULL ? xstrdup(txt) :
				    xstrdup("");
				free(txt);
			} else
				builder_fail(b, line, "complex mapping keys are "
				    "not supported");
			json_decref(v);
			return;
		}
		json_object_set_new(top->value, top->key, v);
		free(top->key);
		top->key = NULL;
		return;
	}
	/*
	 * Array.  Elements of a top-level sequence, and of the `items`
	 * sequence of a top-level mapping (a Kubernetes List), are streamed
	 * to the caller instead of being kept.
	 */
	if ((b->depth == 1) ||
	    (b->depth == 2 && json_is_object(b->stack[0].value) &&
	    b->stack[0].key != NULL && strcmp(b->stack[0].key, "items") == 0)) {
		if (b->depth == 2)
			b->streamed = true;
		if (json_is_object(v) || json_is_array(v))
			deliver(b, v, line);
		else
			json_decref(v);
		return;
	}
	json_array_append_new(top->value, v);
}

static void
push(struct builder *b, json_t *v, const yaml_char_t *anchor,
    unsigned long line)
{
	struct frame *f;

	if (b->depth >= b->lim->max_depth) {
		json_decref(v);
		builder_fail(b, line, "nesting is deeper than the limit");
		return;
	}
	b->stack = xgrow(b->stack, &b->cap, b->depth + 1, sizeof(*b->stack));
	f = &b->stack[b->depth++];
	lines_put(&b->lines, v, line);
	f->value = v;
	f->key = NULL;
	f->anchor = anchor != NULL ? xstrdup((const char *)anchor) : NULL;
	f->line = line;
	f->nodes = 1;
}

static void
pop(struct builder *b)
{
	struct frame f;

	if (b->depth == 0)
		return;
	f = b->stack[--b->depth];
	free(f.key);
	if (f.anchor != NULL) {
		anchor_set(b, f.anchor, f.value, f.nodes);
		free(f.anchor);
	}
	place(b, f.value, f.line, f.nodes);
}

static void
builder_reset_document(struct builder *b)
{
	while (b->depth > 0) {
		b->depth--;
		json_decref(b->stack[b->depth].value);
		free(b->stack[b->depth].key);
		free(b->stack[b->depth].anchor);
	}
	json_decref(b->root);
	b->root = NULL;
	b->streamed = false;
	anchors_clear(b);
}

/* Handle one event; returns false when parsing must stop. */
static bool
builder_event(struct builder *b, const yaml_event_t *ev)
{
	unsigned long line = ev->start_mark.line + 1;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		builder_reset_document(b);
		break;
	case YAML_DOCUMENT_END_EVENT:
		/*
		 * A List's items were delivered already; a lone object is
		 * delivered now.  Top-level sequences streamed their
		 * elements; empty documents and bare scalars carry nothing.
		 */
		if (b->root != NULL && json_is_object(b->root) &&
		    !b->streamed) {
			json_t *r = b->root;

			b->root = NULL;
			deliver(b, r, b->root_line);
		}
		builder_reset_document(b);
		break;
	case YAML_MAPPING_START_EVENT:
		push(b, json_object(), ev->data.mapping_start.anchor, line);
		break;
	case YAML_SEQUENCE_START_EVENT:
		push(b, json_array(), ev->data.sequence_start.anchor, line);
		break;
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		pop(b);
		break;
	case YAML_SCALAR_EVENT: {
		json_t *v = scalar_value((const char *)ev->data.scalar.value,
		    ev->data.scalar.length, ev->data.scalar.style);

		if (v == NULL) {
			/* jansson refuses invalid UTF-8 or embedded NULs. */
			builder_fail(b, line, "scalar is not valid UTF-8");
			break;
		}
		if (ev->data.scalar.anchor != NULL)
			anchor_set(b, (const char *)ev->data.scalar.anchor, v,
			    1);
		/*
		 * Strings and numbers are fresh objects, so their lines can
		 * be kept too; true, false and null are shared singletons.
		 */
		if (json_is_string(v) || json_is_number(v))
			lines_put(&b->lines, v, line);
		place(b, v, line, 1);
		break;
	}
	case YAML_ALIAS_EVENT: {
		const struct anchor *a = anchor_get(b,
		    (const char *)ev->data.alias.anchor);

		if (a == NULL) {
			builder_fail(b, line, "alias to an unknown anchor");
			break;
		}
		b->alias_nodes += a->nodes;
		if (b->alias_nodes > b->lim->max_alias_nodes) {
			builder_fail(b, line, "aliases expand to more nodes "
			    "than the limit (alias bomb?)");
			break;
		}
		place(b, json_incref(a->value), line, a->nodes);
		break;
	}
	default:
		break;
	}
	return b->error == NULL && b->stopped == 0;
}

static int
member_read_handler(void *data, unsigned char *buffer, size_t size,
    size_t *size_read)
{
	ssize_t n = ingest_member_read(data, buffer, size);

	if (n < 0)
		return 0;
	*size_read = (size_t)n;
	return 1;
}

static int
parse_run(yaml_parser_t *p, const char *name,
    const struct yaml_limits *limits, yaml_item_fn fn, void *ctx,
    struct diag_list *diags)
{
	static const struct yaml_limits defaults = {
		YAML_DEFAULT_MAX_DEPTH, YAML_DEFAULT_MAX_ALIAS_NODES,
	};
	struct builder b;
	yaml_event_t ev;
	int rc = 0;
	bool done = false;

	memset(&b, 0, sizeof(b));
	b.lim = limits != NULL ? limits : &defaults;
	b.fn = fn;
	b.ctx = ctx;
	while (!done) {
		if (!yaml_parser_parse(p, &ev)) {
			unsigned long line = p->problem_mark.line + 1;

			if (p->error == YAML_READER_ERROR)
				diag_add(diags, DIAG_ERROR, name, 0,
				    "cannot read YAML: %s", p->problem != NULL ?
				    p->problem : "read error");
			else
				diag_add(diags, DIAG_ERROR, name, line,
				    "cannot parse YAML: %s%s%s",
				    p->problem != NULL ? p->problem : "error",
				    p->context != NULL ? " " : "",
				    p->context != NULL ? p->context : "");
			rc = -1;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		if (!builder_event(&b, &ev))
			done = true;
		yaml_event_delete(&ev);
	}
	if (b.error != NULL) {
		diag_add(diags, DIAG_ERROR, name, b.error_line,
		    "cannot parse YAML: %s", b.error);
		rc = -1;
	} else if (rc == 0 && b.stopped != 0)
		rc = 1;
	builder_reset_document(&b);
	free(b.stack);
	free(b.anchors);
	free(b.error);
	free(b.lines.keys);
	free(b.lines.lines);
	return rc;
}

int
yaml_parse_member(struct ingest_member *m, const struct yaml_limits *limits,
    yaml_item_fn fn, void *ctx, struct diag_list *diags)
{
	yaml_parser_t p;
	int rc;

	if (!yaml_parser_initialize(&p)) {
		diag_add(diags, DIAG_ERROR, m->path, 0, "cannot parse YAML: "
		    "parser initialization failed");
		return -1;
	}
	yaml_parser_set_input(&p, member_read_handler, m);
	rc = parse_run(&p, m->path, limits, fn, ctx, diags);
	yaml_parser_delete(&p);
	return rc;
}

int
yaml_parse_string(const char *name, const char *s, size_t len,
    const struct yaml_limits *limits, yaml_item_fn fn, void *ctx,
    struct diag_list *diags)
{
	yaml_parser_t p;
	int rc;

	if (!yaml_parser_initialize(&p)) {
		diag_add(diags, DIAG_ERROR, name, 0, "cannot parse YAML: "
		    "parser initialization failed");
		return -1;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)s, len);
	rc = parse_run(&p, name, limits, fn, ctx, diags);
	yaml_parser_delete(&p);
	return rc;
}
