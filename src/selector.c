/*
 * selector.c: building, validating and matching label selectors (see
 * selector.h).  Matching follows Kubernetes label-selector semantics over
 * Cilium's source-aware label lookup.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "arena.h"
#include "buf.h"
#include "intern.h"
#include "label.h"
#include "selector.h"
#include "xalloc.h"

static const char *const sel_op_names[] = {
#define X(e, s) s,
	SELECTOR_OPS(X)
#undef X
};

const char *
sel_op_name(enum sel_op op)
{
	return sel_op_names[op];
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
req_cmp(const void *a, const void *b)
{
	const struct sel_req *x = a, *y = b;
	int c;

	if ((c = strcmp(x->key, y->key)) != 0)
		return c;
	if ((c = strcmp(x->source, y->source)) != 0)
		return c;
	return (int)x->op - (int)y->op;
}

/*
 * The canonical text: requirements sorted, matchLabels-style "k=v" for a
 * single-valued In, else "k In (a,b)" / "k Exists" / "!k".  The source is
 * shown unless it is "any".
 */
static void
selector_make_text(struct strtab *st, struct selector *s)
{
	struct buf b = BUF_INIT;
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		const struct sel_req *r = &s->reqs[i];

		if (i)
			buf_addstr(&b, ", ");
		if (r->op == SEL_DOES_NOT_EXIST)
			buf_addch(&b, '!');
		if (!label_source_is_any(r->source))
			buf_addf(&b, "%s:", r->source);
		buf_addstr(&b, r->key);
		switch (r->op) {
		case SEL_IN:
			if (r->nvalues == 1) {
				/* "reserved:host", as Cilium prints labels. */
				if (*r->values[0] != '\0')
					buf_addf(&b, "=%s", r->values[0]);
				break;
			}
			/* FALLTHROUGH */
		case SEL_NOT_IN:
			buf_addf(&b, " %s (", sel_op_name(r->op));
			for (j = 0; j < r->nvalues; j++)
				buf_addf(&b, "%s%s", j ? "," : "",
				    r->values[j]);
			buf_addch(&b, ')');
			break;
		case SEL_EXISTS:
			buf_addstr(&b, " Exists");
			break;
		case SEL_DOES_NOT_EXIST:
			break;
		}
	}
	s->text = intern(st, s->n ? b.ptr : "{}");
	buf_release(&b);
}

static bool
name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/*
 * A Kubernetes name part or label value: at most 63 characters of
 * [A-Za-z0-9-_.], starting and ending alphanumeric (empty allowed when
 * empty_ok).  Returns NULL or the reason.
 */
static const char *
check_name(const char *s, size_t n, bool empty_ok)
{
	size_t i;

	if (n == 0)
		return empty_ok ? NULL : "name part must be non-empty";
	if (n > 63)
		return "must be no more than 63 characters";
	for (i = 0; i < n; i++)
		if (!name_char(s[i]) && s[i] != '-' && s[i] != '_' &&
		    s[i] != '.')
			return "must consist of alphanumeric characters, '-', "
			    "'_' or '.', and must start and end with an "
			    "alphanumeric character";
	if (!name_char(s[0]) || !name_char(s[n - 1]))
		return "must consist of alphanumeric characters, '-', '_' or "
		    "'.', and must start and end with an alphanumeric "
		    "character";
	return NULL;
}

/*
 * A label key (IsQualifiedName): an optional DNS subdomain prefix and
 * '/', then a name part.  Returns NULL or the reason.
 */
static const char *
check_key(const char *k)
{
	const char *slash = strrchr(k, '/'), *p;
	size_t i;

	if (slash == NULL)
		return check_name(k, strlen(k), false);
	if (slash == k || slash - k > 253)
		return "prefix part must be a DNS subdomain";
	for (p = k; p < slash; p++)
		if (!(name_char(*p) && (*p < 'A' || *p > 'Z')) && *p != '-' &&
		    *p != '.')
			return "prefix part must be a lowercase DNS subdomain";
	i = strlen(slash + 1);
	return check_name(slash + 1, i, false);
}

/* Split "source:key" into interned parts, unprefixed -> defsource. */
static void
split_key(struct strtab *st, const char *k, const char *defsource,
    const char **source, const char **key)
{
	struct label l;

	label_parse(st, k, defsource, &l);
	*source = l.source;
	*key = l.key;
}

/* A JSON scalar as label-value text; NULL for objects and arrays. */
static const char *
scalar_text(struct strtab *st, json_t *v, char *tmp, size_t n)
{
	if (json_is_string(v))
		return intern(st, json_string_value(v));
	if (json_is_integer(v)) {
		snprintf(tmp, n, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return intern(st, tmp);
	}
	if (json_is_boolean(v))
		return intern(st, json_is_true(v) ? "true" : "false");
	if (json_is_null(v))
		return intern(st, "");
	return NULL;
}

int
selector_from_json(json_t *obj, const char *defsource, unsigned long line,
    struct arena *a, struct strtab *st, struct selector *out,
    const char **errp)
{
	json_t *ml, *me, *v, *e;
	const char *k, *val, *why;
	struct sel_req *reqs = NULL;
	size_t n = 0, cap = 0, i, j;
	char tmp[32];
	int r = -1;

	memset(out, 0, sizeof(*out));
	out->line = line;
	*errp = NULL;
	if (obj != NULL && !json_is_null(obj) && !json_is_object(obj)) {
		*errp = "invalid label selector: not an object";
		goto out;
	}
	ml = json_object_get(obj, "matchLabels");
	me = json_object_get(obj, "matchExpressions");
	if (ml != NULL && !json_is_null(ml) && !json_is_object(ml)) {
		*errp = "invalid label selector: matchLabels is not a map";
		goto out;
	}
	json_object_foreach(ml, k, v) {
		if ((val = scalar_text(st, v, tmp, sizeof(tmp))) == NULL) {
			*errp = "invalid label selector: a matchLabels value "
			    "is not a string";
			goto out;
		}
		reqs = xgrow(reqs, &cap, n + 1, sizeof(*reqs));
		memset(&reqs[n], 0, sizeof(reqs[n]));
		split_key(st, k, defsource, &reqs[n].source, &reqs[n].key);
		if ((why = check_key(reqs[n].key)) != NULL) {
			*errp = arena_printf(a, "invalid label selector: key: "
			    "Invalid value: \"%s\": %s", k, why);
			goto out;
		}
		if ((why = check_name(val, strlen(val), true)) != NULL) {
			*errp = arena_printf(a, "invalid label selector: "
			    "values[0][%s]: Invalid value: \"%s\": %s", k, val,
			    why);
			goto out;
		}
		reqs[n].op = SEL_IN;
		reqs[n].values = arena_alloc(a, sizeof(char *));
		reqs[n].values[0] = val;
		reqs[n].nvalues = 1;
		reqs[n].from_match_labels = true;
		n++;
	}
	if (me != NULL && !json_is_null(me) && !json_is_array(me)) {
		*errp = "invalid label selector: matchExpressions is not a list";
		goto out;
	}
	json_array_foreach(me, i, e) {
		json_t *jk = json_object_get(e, "key");
		json_t *jop = json_object_get(e, "operator");
		json_t *jv = json_object_get(e, "values");
		const char *op;
		struct sel_req *q;

		if (!json_is_string(jk) || *json_string_value(jk) == '\0') {
			*errp = "invalid label selector: matchExpressions entry "
			    "without a key";
			goto out;
		}
		op = json_is_string(jop) ? json_string_value(jop) : "";
		reqs = xgrow(reqs, &cap, n + 1, sizeof(*reqs));
		q = &reqs[n];
		memset(q, 0, sizeof(*q));
		split_key(st, json_string_value(jk), defsource, &q->source,
		    &q->key);
		if ((why = check_key(q->key)) != NULL) {
			*errp = arena_printf(a, "invalid label selector: key: "
			    "Invalid value: \"%s\": %s", json_string_value(jk),
			    why);
			goto out;
		}
		if (strcmp(op, "In") == 0)
			q->op = SEL_IN;
		else if (strcmp(op, "NotIn") == 0)
			q->op = SEL_NOT_IN;
		else if (strcmp(op, "Exists") == 0)
			q->op = SEL_EXISTS;
		else if (strcmp(op, "DoesNotExist") == 0)
			q->op = SEL_DOES_NOT_EXIST;
		else {
			*errp = arena_printf(a, "invalid label selector: "
			    "\"%s\" is not a valid label selector operator%s",
			    op, strcasecmp(op, "in") == 0 ||
			    strcasecmp(op, "notin") == 0 ||
			    strcasecmp(op, "exists") == 0 ||
			    strcasecmp(op, "doesnotexist") == 0 ?
			    " (operators are case-sensitive: In, NotIn, Exists, "
			    "DoesNotExist)" : "");
			goto out;
		}
		if (jv != NULL && !json_is_null(jv) && !json_is_array(jv)) {
			*errp = "invalid label selector: values is not a list";
			goto out;
		}
		q->nvalues = json_array_size(jv);
		if ((q->op == SEL_IN || q->op == SEL_NOT_IN) &&
		    q->nvalues == 0) {
			*errp = arena_printf(a, "invalid label selector: "
			    "values: Required value: must be specified when "
			    "`operator` is 'In' or 'NotIn' (key %s)",
			    json_string_value(jk));
			goto out;
		}
		if ((q->op == SEL_EXISTS || q->op == SEL_DOES_NOT_EXIST) &&
		    q->nvalues != 0) {
			*errp = arena_printf(a, "invalid label selector: "
			    "values: Forbidden: may not be specified when "
			    "`operator` is 'Exists' or 'DoesNotExist' (key %s)",
			    json_string_value(jk));
			goto out;
		}
		q->values = q->nvalues ? arena_calloc(a, q->nvalues,
		    sizeof(char *)) : NULL;
		for (j = 0; j < q->nvalues; j++) {
			val = scalar_text(st, json_array_get(jv, j), tmp,
			    sizeof(tmp));
			if (val == NULL) {
				*errp = "invalid label selector: a value is "
				    "not a string";
				goto out;
			}
			if ((why = check_name(val, strlen(val), true)) !=
			    NULL) {
				*errp = arena_printf(a, "invalid label "
				    "selector: values[%zu][%s]: Invalid value: "
				    "\"%s\": %s", j, json_string_value(jk), val,
				    why);
				goto out;
			}
			q->values[j] = val;
		}
		if (q->nvalues > 1)
			qsort(q->values, q->nvalues, sizeof(char *), str_cmp);
		n++;
	}
	if (n > 1)
		qsort(reqs, n, sizeof(*reqs), req_cmp);
	out->reqs = n ? arena_memdup(a, reqs, n * sizeof(*reqs)) : NULL;
	out->n = n;
	selector_make_text(st, out);
	r = 0;
out:
	free(reqs);
	if (r != 0) {
		out->reqs = NULL;
		out->n = 0;
		out->text = intern(st, "{}");
	}
	return r;
}

static bool
value_in(const struct sel_req *r, const char *v)
{
	size_t i;

	for (i = 0; i < r->nvalues; i++)
		if (r->values[i] == v || strcmp(r->values[i], v) == 0)
			return true;
	return false;
}

bool
selector_matches(const struct selector *s, const struct labelset *ls)
{
	size_t i;
	const char *v;

	for (i = 0; i < s->n; i++) {
		const struct sel_req *r = &s->reqs[i];

		v = labelset_get(ls, r->source, r->key);
		switch (r->op) {
		case SEL_IN:
			if (v == NULL || !value_in(r, v))
				return false;
			break;
		case SEL_NOT_IN:
			if (v != NULL && value_in(r, v))
				return false;
			break;
		case SEL_EXISTS:
			if (v == NULL)
				return false;
			break;
		case SEL_DOES_NOT_EXIST:
			if (v != NULL)
				return false;
			break;
		}
	}
	return true;
}

bool
selector_has_key(const struct selector *s, const char *key,
    const char *alt_source)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->reqs[i].key, key) == 0 &&
		    (label_source_is_any(s->reqs[i].source) ||
		    (alt_source != NULL &&
		    strcmp(s->reqs[i].source, alt_source) == 0)))
			return true;
	return false;
}

bool
selector_has_source(const struct selector *s, const char *source)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->reqs[i].source, source) == 0)
			return true;
	return false;
}

bool
selector_has_key_prefix(const struct selector *s, const char *prefix)
{
	size_t i, n = strlen(prefix);

	for (i = 0; i < s->n; i++)
		if (strncmp(s->reqs[i].key, prefix, n) == 0)
			return true;
	return false;
}

void
selector_with_req(struct arena *a, struct strtab *st,
    const struct selector *s, const char *source, const char *key,
    enum sel_op op, const char *const *values, bool replace,
    struct selector *out)
{
	struct sel_req *reqs = arena_calloc(a, s->n + 1, sizeof(*reqs));
	size_t i, n = s->n, nv = 0;
	const char **vals;

	if (s->n > 0)
		memcpy(reqs, s->reqs, s->n * sizeof(*reqs));
	while (values != NULL && values[nv] != NULL)
		nv++;
	vals = nv ? arena_calloc(a, nv, sizeof(char *)) : NULL;
	for (i = 0; i < nv; i++)
		vals[i] = intern(st, values[i]);
	if (nv > 1)
		qsort(vals, nv, sizeof(char *), str_cmp);
	source = intern(st, source);
	key = intern(st, key);
	if (replace) {
		for (i = 0; i < s->n; i++) {
			/*
			 * AddMatch (pkg/policy/api/selector.go) sets
			 * MatchLabels[key]: it overwrites a matchLabels entry
			 * and leaves an In expression on the same key in
			 * place, ANDed with the new value.
			 */
			if (reqs[i].from_match_labels &&
			    reqs[i].source == source && reqs[i].key == key) {
				reqs[i].values = vals;
				reqs[i].nvalues = nv;
				reqs[i].op = op;
				break;
			}
		}
		if (i < s->n)
			goto done;
	}
	reqs[n].source = source;
	reqs[n].key = key;
	reqs[n].op = op;
	reqs[n].values = vals;
	reqs[n].nvalues = nv;
	reqs[n].from_match_labels = op == SEL_IN && nv == 1;
	n++;
done:
	qsort(reqs, n, sizeof(*reqs), req_cmp);
	out->reqs = reqs;
	out->n = n;
	out->line = s->line;
	selector_make_text(st, out);
}

bool
selector_is_wildcard(const struct selector *s)
{
	return s->n == 0;
}

/* Skip spaces. */
static const char *
skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* A key or value token: up to a delimiter. */
static const char *
token_end(const char *p)
{
	while (*p != '\0' && strchr(" \t,=!()", *p) == NULL)
		p++;
	return p;
}

int
selector_from_text(const char *text, const char *defsource,
    struct arena *a, struct strtab *st, struct selector *out,
    const char **errp)
{
	json_t *obj = json_object(), *ml = json_object(), *me = json_array();
	json_t *e, *vals;
	const char *p = text, *k, *ke, *v, *ve;
	char *key;
	int r = -1;

	*errp = NULL;
	for (p = skip_ws(p); *p != '\0';) {
		bool neg = false;

		if (*p == '!') {
			neg = true;
			p = skip_ws(p + 1);
		}
		k = p;
		ke = token_end(p);
		if (ke == k) {
			*errp = "invalid selector: a requirement has no key";
			goto out;
		}
		key = arena_strndup(a, k, (size_t)(ke - k));
		p = skip_ws(ke);
		e = json_object();
		json_object_set_new(e, "key", json_string(key));
		if (neg) {
			json_object_set_new(e, "operator",
			    json_string("DoesNotExist"));
		} else if (*p == '=' || (*p == '!' && p[1] == '=')) {
			bool ne = *p == '!';

			p += ne ? 2 : (p[1] == '=' ? 2 : 1);
			p = skip_ws(p);
			v = p;
			ve = token_end(p);
			p = skip_ws(ve);
			vals = json_array();
			json_array_append_new(vals, json_stringn(v,
			    (size_t)(ve - v)));
			json_object_set_new(e, "operator",
			    json_string(ne ? "NotIn" : "In"));
			json_object_set_new(e, "values", vals);
		} else if (strncmp(p, "in", 2) == 0 || strncmp(p, "notin",
		    5) == 0) {
			bool notin = p[0] == 'n';

			p = skip_ws(p + (notin ? 5 : 2));
			if (*p != '(') {
				json_decref(e);
				*errp = "invalid selector: expected '(' after "
				    "in/notin";
				goto out;
			}
			vals = json_array();
			for (p = skip_ws(p + 1); *p != ')';) {
				v = p;
				ve = token_end(p);
				if (ve == v) {
					json_decref(e);
					json_decref(vals);
					*errp = "invalid selector: bad value list";
					goto out;
				}
				json_array_append_new(vals, json_stringn(v,
				    (size_t)(ve - v)));
				p = skip_ws(ve);
				if (*p == ',')
					p = skip_ws(p + 1);
			}
			p = skip_ws(p + 1);
			json_object_set_new(e, "operator",
			    json_string(notin ? "NotIn" : "In"));
			json_object_set_new(e, "values", vals);
		} else
			json_object_set_new(e, "operator",
			    json_string("Exists"));
		json_array_append_new(me, e);
		if (*p == ',')
			p = skip_ws(p + 1);
		else if (*p != '\0') {
			*errp = "invalid selector: expected ',' between "
			    "requirements";
			goto out;
		}
	}
	json_object_set(obj, "matchLabels", ml);
	json_object_set(obj, "matchExpressions", me);
	r = selector_from_json(obj, defsource, 0, a, st, out, errp);
out:
	json_decref(ml);
	json_decref(me);
	json_decref(obj);
	return r;
}
