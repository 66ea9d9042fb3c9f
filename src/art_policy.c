/*
 * art_policy.c: `policy get` and `policy selectors` into rules and
 * selectors.
 *
 * Parse stage.  Both outputs are read whole: the JSON document is found
 * past any markdown header (cmdtext_json_prepare keeps line numbers), read
 * with jansson in first-value mode because `policy get` prints
 * "Revision: <n>" after it, and converted to structs; the jansson values
 * are dropped before returning.  The selectors table (no -o json) is
 * streamed.  Formats are in art_policy.h.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "art_policy.h"
#include "buf.h"
#include "cmdtext.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"
#include "parse_json.h"
#include "xalloc.h"

#define POLICY_LABEL_PREFIX	"io.cilium.k8s.policy."

/* Heap vectors for one conversion. */
struct strvec {
	const char	**v;
	size_t		  n, cap;
};

static void
strvec_add(struct strvec *sv, const char *s)
{
	sv->v = xgrow(sv->v, &sv->cap, sv->n + 1, sizeof(*sv->v));
	sv->v[sv->n++] = s;
}

/* Move the vector into the arena (NULL when empty); the heap copy stays. */
static const char **
strvec_take(struct arena *a, struct strvec *sv, size_t *np)
{
	const char **r = NULL;

	if (sv->n > 0)
		r = arena_memdup(a, sv->v, sv->n * sizeof(*sv->v));
	*np = sv->n;
	sv->n = 0;
	return r;
}

/*
 * One label of a LabelArray: {"key", "value", "source"} gives
 * "source:key=value" ("source:key" without a value); a string is kept.
 * *key and *value (when not NULL) get the parts.
 */
static const char *
label_text(struct strtab *st, struct buf *b, json_t *l, const char **key,
    const char **value)
{
	json_t *k, *v, *s;

	if (key != NULL)
		*key = NULL;
	if (value != NULL)
		*value = NULL;
	if (json_is_string(l))
		return intern_n(st, json_string_value(l),
		    json_string_length(l));
	if (!json_is_object(l))
		return NULL;
	k = json_object_get(l, "key");
	v = json_object_get(l, "value");
	s = json_object_get(l, "source");
	if (!json_is_string(k))
		return NULL;
	buf_reset(b);
	if (json_is_string(s) && json_string_length(s) > 0) {
		buf_add(b, json_string_value(s), json_string_length(s));
		buf_addch(b, ':');
	}
	buf_add(b, json_string_value(k), json_string_length(k));
	if (key != NULL)
		*key = json_string_value(k);
	if (json_is_string(v) && json_string_length(v) > 0) {
		buf_addch(b, '=');
		buf_add(b, json_string_value(v), json_string_length(v));
		if (value != NULL)
			*value = json_string_value(v);
	}
	return intern_n(st, b->ptr, b->len);
}

/* Read the member or text into b and find its JSON document. */
static json_t *
load(struct buf *b, const char *path, struct cmdtext *ct,
    struct diag_list *diags, bool *found)
{
	long off = cmdtext_json_prepare(b->ptr, b->len, ct, diags, path);

	*found = off >= 0;
	if (off < 0)
		return NULL;
	return json_parse_string(path, b->ptr, b->len, JSON_PARSE_FIRST_VALUE,
	    diags);
}

/* "Revision: 57" on a line of its own, after the document. */
static void
find_revision(const char *text, size_t len, struct agent_rules *out)
{
	size_t pos = 0;
	unsigned long line = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl != NULL ? (size_t)(nl - text) : len;
		const char *v;
		size_t vl;

		line++;
		if (cmdtext_has_prefix(text + pos, end - pos, "Revision:")) {
			v = text + pos + 9;
			vl = end - pos - 9;
			cmdtext_trim(&v, &vl);
			if (cmdtext_u64(v, vl, &out->revision)) {
				out->has_revision = true;
				out->revision_line = line;
			}
		}
		pos = end + 1;
	}
}

static size_t
jsize(json_t *o, const char *key)
{
	return json_array_size(json_object_get(o, key));
}

static void
convert_rule(struct arena *a, struct strtab *st, struct buf *b,
    struct strvec *sv, json_t *o, struct agent_rule *r)
{
	json_t *labels = json_object_get(o, "labels"), *l, *d;
	size_t i;
	char *js;

	json_array_foreach(labels, i, l) {
		const char *key, *value;
		const char *t = label_text(st, b, l, &key, &value);

		if (t == NULL)
			continue;
		strvec_add(sv, t);
		if (key == NULL) {
			/* A string label: "k8s:io.cilium.k8s.policy.name=x". */
			const char *p = strstr(t, POLICY_LABEL_PREFIX), *eq;

			if (p == NULL || (eq = strchr(p, '=')) == NULL)
				continue;
			key = p;
			value = eq + 1;
			if (strncmp(key, POLICY_LABEL_PREFIX "name=", 26) == 0)
				r->name = intern(st, value);
			else if (strncmp(key, POLICY_LABEL_PREFIX
			    "namespace=", 31) == 0)
				r->namespace = intern(st, value);
			else if (strncmp(key, POLICY_LABEL_PREFIX
			    "derived-from=", 34) == 0)
				r->kind = intern(st, value);
			else if (strncmp(key, POLICY_LABEL_PREFIX "uid=", 25) ==
			    0)
				r->uid = intern(st, value);
			continue;
		}
		if (value == NULL)
			continue;
		if (strcmp(key, POLICY_LABEL_PREFIX "name") == 0)
			r->name = intern(st, value);
		else if (strcmp(key, POLICY_LABEL_PREFIX "namespace") == 0)
			r->namespace = intern(st, value);
		else if (strcmp(key, POLICY_LABEL_PREFIX "derived-from") == 0)
			r->kind = intern(st, value);
		else if (strcmp(key, POLICY_LABEL_PREFIX "uid") == 0)
			r->uid = intern(st, value);
	}
	r->labels = strvec_take(a, sv, &r->nlabels);
	d = json_object_get(o, "description");
	if (json_is_string(d) && json_string_length(d) > 0)
		r->description = intern_n(st, json_string_value(d),
		    json_string_length(d));
	r->node_selector = json_object_get(o, "nodeSelector") != NULL;
	r->ningress = jsize(o, "ingress");
	r->ningress_deny = jsize(o, "ingressDeny");
	r->negress = jsize(o, "egress");
	r->negress_deny = jsize(o, "egressDeny");
	js = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	if (js != NULL) {
		r->json = arena_strdup(a, js);
		free(js);
	}
}

/* Parse a `policy get` output held (mutable, NUL-terminated) in b. */
static int
policy_from_buf(struct buf *b, const char *path, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct agent_rules *out)
{
	struct cmdtext ct = { false, false };
	struct cmdtext_errs errs = { 0, 0 };
	struct buf lb = BUF_INIT;
	struct strvec sv = { NULL, 0, 0 };
	unsigned long *lines = NULL;
	json_t *doc, *o;
	bool found;
	size_t i, n, k = 0;
	int r = -1;

	memset(out, 0, sizeof(*out));
	out->path = intern(st, path);
	/* Before load(), which blanks the lines before the document. */
	find_revision(b->ptr, b->len, out);
	doc = load(b, path, &ct, diags, &found);
	if (!found) {
		/* No rules at all: "Revision: 1" alone is a valid output. */
		if (out->has_revision)
			r = 0;
		else if (!ct.seen_error)
			diag_add(diags, DIAG_ERROR, path, 0,
			    "cannot parse policy get output: no JSON document");
		goto out;
	}
	if (doc == NULL)
		goto out;
	if (json_is_null(doc)) {
		r = 0;
		goto out;
	}
	if (!json_is_array(doc)) {
		diag_add(diags, DIAG_ERROR, path, 0,
		    "cannot parse policy get output: not a JSON array");
		goto out;
	}
	n = json_array_size(doc);
	lines = xcalloc(n + 1, sizeof(*lines));
	cmdtext_json_array_lines(b->ptr, b->len, NULL, lines, n);
	if (n > 0)
		out->rules = arena_calloc(a, n, sizeof(*out->rules));
	json_array_foreach(doc, i, o) {
		struct agent_rule *pr;

		if (!json_is_object(o)) {
			cmdtext_row_error(&errs, diags, path, lines[i],
			    "cannot parse policy rule %zu: not an object", i);
			continue;
		}
		pr = &out->rules[k++];
		pr->line = lines[i];
		pr->index = i;
		convert_rule(a, st, &lb, &sv, o, pr);
	}
	out->nrules = k;
	cmdtext_row_errors_end(&errs, diags, path, "policy rules");
	r = 0;
out:
	free(sv.v);
	free(lines);
	buf_release(&lb);
	json_decref(doc);
	return r;
}

int
art_policy_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct agent_rules *out)
{
	struct buf b = BUF_INIT;
	int r;

	if (cmdtext_slurp(m, 0, &b, diags) != 0) {
		memset(out, 0, sizeof(*out));
		out->path = intern(st, m->path);
		buf_release(&b);
		return -1;
	}
	r = policy_from_buf(&b, m->path, a, st, diags, out);
	buf_release(&b);
	return r;
}

int
art_policy_parse_text(const char *name, const char *text, size_t len,
    struct arena *a, struct strtab *st, struct diag_list *diags,
    struct agent_rules *out)
{
	struct buf b = BUF_INIT;
	int r;

	buf_add(&b, text, len);
	r = policy_from_buf(&b, name, a, st, diags, out);
	buf_release(&b);
	return r;
}

/* Selectors being built. */
struct sel_b {
	struct agent_selector	 s;
	uint32_t		*ids;
	size_t			 nids, idcap;
	struct strvec		 lbl;
};

struct sctx {
	struct arena		*a;
	struct strtab		*st;
	struct diag_list	*diags;
	const char		*path;
	struct cmdtext_errs	 errs;
	struct sel_b		*v;
	size_t			 n, cap;
	struct cmdtext_header	 h;
	bool			 in_table;
	int			 c_sel, c_lbl, c_users, c_ids;
};

static struct sel_b *
new_selector(struct sctx *c, unsigned long line)
{
	struct sel_b *sb;

	c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof(*c->v));
	sb = &c->v[c->n++];
	memset(sb, 0, sizeof(*sb));
	sb->s.line = line;
	return sb;
}

static void
add_id(struct sel_b *sb, uint32_t id)
{
	sb->ids = xgrow(sb->ids, &sb->idcap, sb->nids + 1, sizeof(*sb->ids));
	sb->ids[sb->nids++] = id;
}

static void
selectors_json(struct sctx *c, json_t *doc, const char *text, size_t len)
{
	size_t n = json_array_size(doc), i;
	unsigned long *lines = xcalloc(n + 1, sizeof(*lines));
	struct buf lb = BUF_INIT;
	json_t *o;

	cmdtext_json_array_lines(text, len, NULL, lines, n);
	json_array_foreach(doc, i, o) {
		struct sel_b *sb;
		json_t *ids, *id, *lbls, *l, *u;
		size_t j;

		if (!json_is_object(o)) {
			cmdtext_row_error(&c->errs, c->diags, c->path,
			    lines[i], "cannot parse selector %zu: not an "
			    "object", i);
			continue;
		}
		sb = new_selector(c, lines[i]);
		l = json_object_get(o, "selector");
		if (json_is_string(l))
			sb->s.selector = intern_n(c->st, json_string_value(l),
			    json_string_length(l));
		ids = json_object_get(o, "identities");
		json_array_foreach(ids, j, id) {
			if (json_is_integer(id) && json_integer_value(id) >= 0 &&
			    json_integer_value(id) <= UINT32_MAX)
				add_id(sb, (uint32_t)json_integer_value(id));
		}
		u = json_object_get(o, "users");
		if (json_is_integer(u) && json_integer_value(u) >= 0 &&
		    json_integer_value(u) <= UINT32_MAX) {
			sb->s.has_users = true;
			sb->s.users = (uint32_t)json_integer_value(u);
		}
		l = json_object_get(o, "usage");
		if (json_is_string(l) && json_string_length(l) > 0)
			sb->s.usage = intern_n(c->st, json_string_value(l),
			    json_string_length(l));
		lbls = json_object_get(o, "labels");
		json_array_foreach(lbls, j, l) {
			/* A LabelArray, or a list of them (flattened). */
			size_t k;
			json_t *ll;
			const char *t;

			if (json_is_array(l)) {
				json_array_foreach(l, k, ll) {
					t = label_text(c->st, &lb, ll, NULL,
					    NULL);
					if (t != NULL)
						strvec_add(&sb->lbl, t);
				}
				continue;
			}
			t = label_text(c->st, &lb, l, NULL, NULL);
			if (t != NULL)
				strvec_add(&sb->lbl, t);
		}
	}
	buf_release(&lb);
	free(lines);
}

static bool
selectors_header(struct sctx *c, const char *line, size_t len)
{
	struct cmdtext_header h;

	if (!cmdtext_has_prefix(line, len, "SELECTOR") ||
	    cmdtext_header_parse(line, len, &h) < 2)
		return false;
	c->c_sel = cmdtext_header_find(&h, "SELECTOR");
	c->c_lbl = cmdtext_header_find(&h, "LABELS");
	c->c_users = cmdtext_header_find(&h, "USERS");
	c->c_ids = cmdtext_header_find(&h, "IDENTITIES");
	if (c->c_sel != 0 || c->c_ids < 0)
		return false;
	c->h = h;
	c->in_table = true;
	return true;
}

static void
selectors_row(struct sctx *c, const char *line, size_t len,
    unsigned long lineno)
{
	struct cmdtext_cell cells[CMDTEXT_MAX_COLS];
	const struct cmdtext_cell *sel, *ids;
	struct sel_b *sb;
	bool misaligned;
	uint32_t v;

	cmdtext_row_split(&c->h, line, len, cells, &misaligned);
	sel = &cells[c->c_sel];
	ids = &cells[c->c_ids];
	if (sel->len > 0) {
		sb = new_selector(c, lineno);
		sb->s.selector = intern_n(c->st, sel->s, sel->len);
		if (c->c_users >= 0 && cells[c->c_users].len > 0 &&
		    cmdtext_u32(cells[c->c_users].s, cells[c->c_users].len,
		    &v)) {
			sb->s.has_users = true;
			sb->s.users = v;
		}
	} else if (c->n > 0) {
		sb = &c->v[c->n - 1];
	} else {
		return;
	}
	if (c->c_lbl >= 0 && cells[c->c_lbl].len > 0)
		strvec_add(&sb->lbl, intern_n(c->st, cells[c->c_lbl].s,
		    cells[c->c_lbl].len));
	if (ids->len == 0)
		return;
	if (!cmdtext_u32(ids->s, ids->len, &v)) {
		cmdtext_row_error(&c->errs, c->diags, c->path, lineno,
		    "cannot parse selector identity '%.*s'%s",
		    (int)(ids->len > 64 ? 64 : ids->len), ids->s,
		    misaligned ? " (row not aligned with the header)" : "");
		return;
	}
	add_id(sb, v);
}

static void
selectors_text(struct sctx *c, const char *text, size_t len)
{
	struct cmdtext ct = { false, false };
	size_t pos = 0;
	unsigned long lineno = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl != NULL ? (size_t)(nl - text) : len;
		const char *line = text + pos;
		size_t ll = end - pos;

		lineno++;
		if (ll > 0 && line[ll - 1] == '\r')
			ll--;
		switch (cmdtext_classify(&ct, line, ll)) {
		case CMDTEXT_BLANK:
		case CMDTEXT_MARKUP:
			break;
		case CMDTEXT_ERROR:
			cmdtext_error_note(&ct, c->diags, c->path, lineno,
			    line, ll);
			break;
		case CMDTEXT_CONTENT:
			if (!selectors_header(c, line, ll) && c->in_table)
				selectors_row(c, line, ll, lineno);
			break;
		}
		pos = end + 1;
	}
}

int
art_policy_selectors_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags,
    struct agent_selectors *out)
{
	struct sctx c;
	struct buf b = BUF_INIT, copy = BUF_INIT;
	struct cmdtext ct = { false, false };
	json_t *doc = NULL;
	bool found;
	size_t i;
	int r = -1;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.st = st;
	c.diags = diags;
	c.path = intern(st, m->path);
	out->path = c.path;
	if (cmdtext_slurp(m, 0, &b, diags) != 0)
		goto out;
	/* Keep the text: the table form needs it unblanked. */
	buf_add(&copy, b.ptr, b.len);
	doc = load(&b, m->path, &ct, diags, &found);
	if (found) {
		if (doc == NULL)
			goto out;
		if (json_is_array(doc)) {
			selectors_json(&c, doc, b.ptr, b.len);
			r = 0;
		} else if (json_is_null(doc)) {
			r = 0;
		} else {
			diag_add(diags, DIAG_ERROR, m->path, 0,
			    "cannot parse policy selectors: not a JSON array");
		}
	} else {
		const char *t = copy.ptr;
		size_t tl = copy.len;

		selectors_text(&c, copy.ptr, copy.len);
		cmdtext_trim(&t, &tl);
		/* An empty list printed as JSON null counts as parsed. */
		if (c.in_table || (tl == 4 && memcmp(t, "null", 4) == 0))
			r = 0;
		else if (!ct.seen_error)
			diag_add(diags, DIAG_ERROR, m->path, 0,
			    "cannot parse policy selectors: no JSON document "
			    "or table");
	}
out:
	cmdtext_row_errors_end(&c.errs, diags, c.path, "selectors");
	if (c.n > 0)
		out->selectors = arena_calloc(a, c.n, sizeof(*out->selectors));
	for (i = 0; i < c.n; i++) {
		struct sel_b *sb = &c.v[i];

		out->selectors[i] = sb->s;
		if (sb->nids > 0)
			out->selectors[i].identities = arena_memdup(a, sb->ids,
			    sb->nids * sizeof(*sb->ids));
		out->selectors[i].nidentities = sb->nids;
		out->selectors[i].labels = strvec_take(a, &sb->lbl,
		    &out->selectors[i].nlabels);
		free(sb->ids);
		free(sb->lbl.v);
	}
	out->nselectors = c.n;
	free(c.v);
	json_decref(doc);
	buf_release(&copy);
	buf_release(&b);
	return r;
}

const struct agent_selector *
agent_selector_find(const struct agent_selectors *r,
    const char *selector)
{
	size_t i;

	for (i = 0; i < r->nselectors; i++)
		if (r->selectors[i].selector != NULL &&
		    strcmp(r->selectors[i].selector, selector) == 0)
			return &r->selectors[i];
	return NULL;
}
