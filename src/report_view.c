/*
 * report_view.c: the selection of findings a report shows (see
 * report_view.h): --only/--skip on the ruleset, suppressions, baselines,
 * the minimum severity, and the ranked, renumbered result the writers
 * format.  It sits between eval.c and the report_*.c writers; it does no
 * printing and reads only the files it is given (suppressions, baseline).
 */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "eval.h"
#include "model.h"
#include "parse_yaml.h"
#include "report_view.h"
#include "rule.h"
#include "xalloc.h"

/* Suppression files are small; a bigger one is a mistake. */
#define SUPPRESS_MAX_BYTES	(4u << 20)

static struct report_item *
item_push(struct report_item **v, size_t *n, size_t *cap)
{
	*v = xgrow(*v, cap, *n + 1, sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	return &(*v)[(*n)++];
}

void
report_init(struct report *r, const struct model *m,
    const struct ruleset *rs, const struct findings *f)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->a = arena_new();
	r->rs = rs;
	r->in.path = m->inv.input;
	r->in.format = m->inv.format;
	r->in.type = m->inv.is_sysdump ? "sysdump" : m->inv.is_bugtool ?
	    "bugtool" : "unknown";
	r->in.sysdump_time = m->inv.sysdump_time;
	r->in.cilium_version = m->cilium_version;
	r->in.cilium_version_src = m->cilium_version_src;
	r->in.k8s_version = m->k8s_version;
	r->in.cluster = m->cluster;
	r->in.nnodes = m->inv.nnodes;
	r->in.nodes = arena_calloc(r->a, m->inv.nnodes + 1,
	    sizeof(*r->in.nodes));
	for (i = 0; i < m->inv.nnodes; i++)
		r->in.nodes[i] = arena_strdup(r->a, m->inv.nodes[i]);
	r->in.members = m->inv.members;
	r->in.nskipped = m->inv.skipped.n;
	r->in.skipped = arena_calloc(r->a, r->in.nskipped + 1,
	    sizeof(*r->in.skipped));
	for (i = 0; i < r->in.nskipped; i++) {
		r->in.skipped[i].path = arena_strdup(r->a,
		    m->inv.skipped.v[i].path);
		r->in.skipped[i].reason = arena_strdup(r->a,
		    m->inv.skipped.v[i].text);
	}
	/* The model's strings may go away before the writers run. */
	r->in.path = r->in.path != NULL ? arena_strdup(r->a, r->in.path) : NULL;
	r->in.format = r->in.format != NULL ? arena_strdup(r->a,
	    r->in.format) : NULL;
#define DUP(x) (x) = (x) != NULL ? arena_strdup(r->a, (x)) : NULL
	DUP(r->in.sysdump_time);
	DUP(r->in.cilium_version);
	DUP(r->in.cilium_version_src);
	DUP(r->in.k8s_version);
	DUP(r->in.cluster);
#undef DUP
	for (i = 0; i < f->n; i++)
		item_push(&r->v, &r->n, &r->cap)->f = f->v[i];
	r->skipped = f->skipped;
	r->nskipped = f->nskipped;
	r->not_applicable = f->not_applicable;
	r->nnot_applicable = f->nnot_applicable;
	r->evaluated = f->evaluated;
}

void
report_release(struct report *r)
{
	free(r->v);
	free(r->suppressed);
	arena_free(r->a);
	memset(r, 0, sizeof(*r));
}

/* --- --only / --skip -------------------------------------------------- */

/* fnmatch without case (FNM_CASEFOLD is not POSIX): both lowered. */
static bool
match_nocase(const char *pat, const char *s)
{
	char p[256], t[256];
	size_t i;

	for (i = 0; pat[i] != '\0' && i + 1 < sizeof(p); i++)
		p[i] = (char)tolower((unsigned char)pat[i]);
	p[i] = '\0';
	for (i = 0; s[i] != '\0' && i + 1 < sizeof(t); i++)
		t[i] = (char)tolower((unsigned char)s[i]);
	t[i] = '\0';
	return fnmatch(p, t, 0) == 0;
}

static bool
rule_matches(const struct rule *rule, const char *pat)
{
	return match_nocase(pat, rule->id) ||
	    match_nocase(pat, rule->category);
}

/*
 * Step *pp through a comma-separated pattern list: the next non-empty
 * pattern's start in *start and its length in *len, and true; false at
 * the end of the list.  *pp moves past the pattern and its comma.
 */
static bool
pattern_next(const char **pp, const char **start, size_t *len)
{
	const char *p = *pp, *comma;

	while (*p != '\0') {
		comma = strchr(p, ',');
		if (comma == NULL)
			comma = p + strlen(p);
		*start = p;
		*len = (size_t)(comma - p);
		p = *comma ? comma + 1 : comma;
		if (*len > 0) {
			*pp = p;
			return true;
		}
	}
	*pp = p;
	return false;
}

/* Does rule match one of the patterns in lists (comma-separated)? */
static bool
rule_in(const struct rule *rule, const char *const *lists, size_t n)
{
	char pat[256];
	const char *p, *start;
	size_t i, len;

	for (i = 0; i < n; i++) {
		for (p = lists[i]; pattern_next(&p, &start, &len);) {
			if (len >= sizeof(pat))
				continue;
			memcpy(pat, start, len);
			pat[len] = '\0';
			if (rule_matches(rule, pat))
				return true;
		}
	}
	return false;
}

/* The first pattern of lists that matches no rule of rs, or NULL. */
static char *
pattern_unmatched(const struct ruleset *rs, const char *const *lists,
    size_t n)
{
	char pat[256];
	const char *p, *start;
	size_t i, j, len;
	bool hit;

	for (i = 0; i < n; i++) {
		for (p = lists[i]; pattern_next(&p, &start, &len);) {
			if (len >= sizeof(pat))
				return xstrndup(start, len);
			memcpy(pat, start, len);
			pat[len] = '\0';
			for (j = 0, hit = false; j < rs->nrules && !hit; j++)
				hit = rule_matches(&rs->rules[j], pat);
			if (!hit)
				return xstrdup(pat);
		}
	}
	return NULL;
}

int
report_rules_select(struct ruleset *rs, const char *const *only,
    size_t nonly, const char *const *skip, size_t nskip, size_t *total,
    char **errp)
{
	struct rule *tmp;
	char *bad;
	size_t i, k = 0, x;

	*total = rs->nrules;
	*errp = NULL;
	if ((bad = pattern_unmatched(rs, only, nonly)) != NULL ||
	    (bad = pattern_unmatched(rs, skip, nskip)) != NULL) {
		*errp = xasprintf("'%s' matches no rule ID or category", bad);
		free(bad);
		return -1;
	}
	if (rs->nrules == 0)
		return 0;
	tmp = xcalloc(rs->nrules, sizeof(*tmp));
	for (i = 0; i < rs->nrules; i++)
		if ((nonly == 0 || rule_in(&rs->rules[i], only, nonly)) &&
		    !rule_in(&rs->rules[i], skip, nskip))
			tmp[k++] = rs->rules[i];
	x = k;
	for (i = 0; i < rs->nrules; i++)
		if (!((nonly == 0 || rule_in(&rs->rules[i], only, nonly)) &&
		    !rule_in(&rs->rules[i], skip, nskip)))
			tmp[x++] = rs->rules[i];
	memcpy(rs->rules, tmp, rs->nrules * sizeof(*tmp));
	free(tmp);
	rs->nrules = k;
	return 0;
}

void
report_rules_restore(struct ruleset *rs, size_t total)
{
	rs->nrules = total;
}

void
report_set_excluded(struct report *r, const struct ruleset *rs, size_t total)
{
	size_t i;

	r->nexcluded = total > rs->nrules ? total - rs->nrules : 0;
	r->excluded = arena_calloc(r->a, r->nexcluded + 1,
	    sizeof(*r->excluded));
	for (i = 0; i < r->nexcluded; i++)
		r->excluded[i] = arena_strdup(r->a, rs->rules[rs->nrules + i].id);
}

/* --- suppressions ----------------------------------------------------- */

void
report_suppressions_init(struct report_suppressions *s)
{
	memset(s, 0, sizeof(*s));
	s->a = arena_new();
}

void
report_suppressions_release(struct report_suppressions *s)
{
	free(s->v);
	arena_free(s->a);
	memset(s, 0, sizeof(*s));
}

struct sup_loader {
	struct report_suppressions	*s;
	const char			*path;
	struct diag_list		*errs;
	int				 bad;
};

static bool
valid_date(const char *d)
{
	int i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (d[i] != '-')
				return false;
		} else if (!isdigit((unsigned char)d[i]))
			return false;
	}
	return d[10] == '\0' && strncmp(d + 5, "13", 2) < 0 &&
	    strncmp(d + 5, "00", 2) > 0 && strncmp(d + 8, "32", 2) < 0 &&
	    strncmp(d + 8, "00", 2) > 0;
}

static void
sup_error(struct sup_loader *l, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
sup_error(struct sup_loader *l, unsigned long line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	diag_add(l->errs, DIAG_ERROR, l->path, line, "%s", b.ptr);
	buf_release(&b);
	l->bad++;
}

static void
sup_one(struct sup_loader *l, json_t *o, unsigned long line)
{
	static const char *const keys[] = { "rule", "namespace", "name",
	    "reason", "expires" };
	const char *vals[5] = { NULL, NULL, NULL, NULL, NULL };
	struct report_suppression *x;
	const char *k;
	json_t *v;
	size_t i;

	if (!json_is_object(o)) {
		sup_error(l, line, "a suppression must be a mapping with "
		    "rule, namespace, name, reason and expires");
		return;
	}
	json_object_foreach(o, k, v) {
		for (i = 0; i < 5; i++)
			if (strcmp(k, keys[i]) == 0)
				break;
		if (i == 5) {
			sup_error(l, line, "unknown key '%s' (rule, namespace, "
			    "name, reason, expires)", k);
			return;
		}
		if (!json_is_string(v) || *json_string_value(v) == '\0') {
			sup_error(l, line, "'%s' must be a non-empty string%s",
			    k, i == 4 ? " (YYYY-MM-DD)" : "");
			return;
		}
		vals[i] = json_string_value(v);
	}
	if (vals[0] == NULL || vals[3] == NULL) {
		sup_error(l, line, "a suppression needs a rule and a reason");
		return;
	}
	if (vals[4] != NULL && !valid_date(vals[4])) {
		sup_error(l, line, "expires '%s' is no date (YYYY-MM-DD)",
		    vals[4]);
		return;
	}
	l->s->v = xgrow(l->s->v, &l->s->cap, l->s->n + 1, sizeof(*l->s->v));
	x = &l->s->v[l->s->n++];
	memset(x, 0, sizeof(*x));
	x->rule = arena_strdup(l->s->a, vals[0]);
	x->ns = vals[1] != NULL ? arena_strdup(l->s->a, vals[1]) : NULL;
	x->name = vals[2] != NULL ? arena_strdup(l->s->a, vals[2]) : NULL;
	x->reason = arena_strdup(l->s->a, vals[3]);
	x->expires = vals[4] != NULL ? arena_strdup(l->s->a, vals[4]) : NULL;
	x->path = arena_strdup(l->s->a, l->path);
	x->line = line;
}

static int
sup_item(void *ctx, json_t *item, unsigned long line,
    const struct json_lines *lines)
{
	struct sup_loader *l = ctx;
	json_t *arr, *v;
	size_t i;

	if (json_is_object(item) &&
	    (arr = json_object_get(item, "suppressions")) != NULL) {
		if (json_object_size(item) != 1 || !json_is_array(arr)) {
			sup_error(l, line, "expected 'suppressions:' holding "
			    "a list");
			return 0;
		}
		json_array_foreach(arr, i, v) {
			unsigned long ln = json_lines_get(lines, v);

			sup_one(l, v, ln ? ln : line);
		}
		return 0;
	}
	if (json_is_null(item))
		return 0;
	sup_one(l, item, line);
	return 0;
}

int
report_suppressions_load(struct report_suppressions *s, const char *path,
    struct diag_list *errs)
{
	struct sup_loader l;
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n, before = s->n;
	FILE *fp;
	int rc;

	if ((fp = fopen(path, "r")) == NULL) {
		diag_add(errs, DIAG_ERROR, path, 0, "cannot read: %s",
		    strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > SUPPRESS_MAX_BYTES)
			break;
	}
	if (ferror(fp) || b.len > SUPPRESS_MAX_BYTES) {
		diag_add(errs, DIAG_ERROR, path, 0, ferror(fp) ?
		    "cannot read: %s" : "larger than 4 MiB%s", ferror(fp) ?
		    strerror(errno) : "");
		fclose(fp);
		buf_release(&b);
		return -1;
	}
	fclose(fp);
	memset(&l, 0, sizeof(l));
	l.s = s;
	l.path = path;
	l.errs = errs;
	rc = yaml_parse_string(path, b.ptr, b.len, NULL, sup_item, &l, errs);
	buf_release(&b);
	if (rc < 0 || l.bad > 0)
		return -1;
	return (int)(s->n - before);
}

static bool
glob(const char *pat, const char *s)
{
	return pat == NULL || fnmatch(pat, s != NULL ? s : "", 0) == 0;
}

static struct report_suppression *
sup_match(struct report_suppressions *s, const struct finding *f)
{
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		struct report_suppression *x = &s->v[i];

		if (x->expired || fnmatch(x->rule, f->rule->id, 0) != 0)
			continue;
		if (x->ns == NULL && x->name == NULL)
			return x;
		for (j = 0; j < f->nsubjects; j++)
			if (glob(x->ns, f->subjects[j].ns) &&
			    glob(x->name, f->subjects[j].name))
				return x;
	}
	return NULL;
}

void
report_suppress(struct report *r, struct report_suppressions *s,
    const char *today)
{
	struct report_suppression *x;
	struct report_suppression *hit;
	size_t i, k = 0;

	r->sup = s;
	for (i = 0; i < s->n; i++) {
		x = &s->v[i];
		/* ISO dates compare as strings; the expiry day still counts. */
		x->expired = x->expires != NULL && today != NULL &&
		    strcmp(x->expires, today) < 0;
	}
	for (i = 0; i < r->n; i++) {
		if ((hit = sup_match(s, &r->v[i].f)) != NULL) {
			struct report_item *it = item_push(&r->suppressed,
			    &r->nsuppressed, &r->suppressed_cap);

			*it = r->v[i];
			it->suppressed_by = hit;
			hit->matched++;
			continue;
		}
		r->v[k++] = r->v[i];
	}
	r->n = k;
}

/* --- identity and baselines ------------------------------------------- */

static uint64_t
fnv1a(const char *s, uint64_t h)
{
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* The identity key of a finding (see report_view.h). */
static void
identity_key(struct buf *b, const char *rule, const char *const *kind,
    const char *const *ns, const char *const *name, size_t n,
    const char *title)
{
	size_t i;

	buf_addstr(b, rule);
	for (i = 0; i < n; i++)
		buf_addf(b, "\x1f%s\x1e%s\x1e%s", kind[i] ? kind[i] : "",
		    ns[i] ? ns[i] : "", name[i] ? name[i] : "");
	if (n == 0)
		buf_addf(b, "\x1f%s", title ? title : "");
}

/* Count of earlier equal keys: the "#2" rule of report_view.h. */
struct keyseen {
	char	**v;
	size_t	 n;
	size_t	 cap;
};

static const char *
fingerprint_of(struct arena *a, struct keyseen *seen, struct buf *key)
{
	size_t i, same = 0;
	uint64_t h;

	for (i = 0; i < seen->n; i++)
		if (strcmp(seen->v[i], key->ptr) == 0)
			same++;
	seen->v = xgrow(seen->v, &seen->cap, seen->n + 1, sizeof(*seen->v));
	seen->v[seen->n++] = xstrdup(key->ptr);
	if (same > 0)
		buf_addf(key, "#%zu", same + 1);
	h = fnv1a(key->ptr, 14695981039346656037ULL);
	return arena_printf(a, "%016llx", (unsigned long long)h);
}

static void
keyseen_release(struct keyseen *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

static const char *
finding_fingerprint(struct arena *a, struct keyseen *seen,
    const struct finding *f)
{
	struct buf key = BUF_INIT;
	const char **kind, **ns, **name;
	const char *fp;
	size_t j;

	kind = xcalloc(f->nsubjects + 1, sizeof(*kind));
	ns = xcalloc(f->nsubjects + 1, sizeof(*ns));
	name = xcalloc(f->nsubjects + 1, sizeof(*name));
	for (j = 0; j < f->nsubjects; j++) {
		kind[j] = f->subjects[j].kind;
		ns[j] = f->subjects[j].ns;
		name[j] = f->subjects[j].name;
	}
	identity_key(&key, f->rule->id, kind, ns, name, f->nsubjects,
	    f->title);
	fp = fingerprint_of(a, seen, &key);
	free(kind);
	free(ns);
	free(name);
	buf_release(&key);
	return fp;
}

void
report_fingerprint(struct report *r)
{
	struct keyseen seen;
	struct report_item **all;
	size_t i, n = r->n + r->nsuppressed;

	/*
	 * Number duplicates in rank order over shown and suppressed alike,
	 * so a finding's fingerprint does not depend on the suppressions.
	 */
	memset(&seen, 0, sizeof(seen));
	all = xcalloc(n + 1, sizeof(*all));
	for (i = 0; i < r->n; i++)
		all[i] = &r->v[i];
	for (i = 0; i < r->nsuppressed; i++)
		all[r->n + i] = &r->suppressed[i];
	for (i = 1; i < n; i++) {
		struct report_item *t = all[i];
		size_t j = i;

		while (j > 0 && all[j - 1]->f.rank > t->f.rank) {
			all[j] = all[j - 1];
			j--;
		}
		all[j] = t;
	}
	for (i = 0; i < n; i++)
		all[i]->fingerprint = finding_fingerprint(r->a, &seen,
		    &all[i]->f);
	free(all);
	keyseen_release(&seen);
}

/* The fingerprint of a finding of an earlier JSON report. */
static const char *
baseline_fingerprint(struct arena *a, struct keyseen *seen, json_t *o)
{
	struct buf key = BUF_INIT;
	json_t *subj, *s, *fp;
	const char **kind, **ns, **name;
	const char *res;
	size_t i, n;

	fp = json_object_get(o, "fingerprint");
	if (json_is_string(fp))
		return arena_strdup(a, json_string_value(fp));
	subj = json_object_get(o, "subjects");
	n = json_is_array(subj) ? json_array_size(subj) : 0;
	kind = xcalloc(n + 1, sizeof(*kind));
	ns = xcalloc(n + 1, sizeof(*ns));
	name = xcalloc(n + 1, sizeof(*name));
	for (i = 0; i < n; i++) {
		s = json_array_get(subj, i);
		kind[i] = json_string_value(json_object_get(s, "kind"));
		ns[i] = json_string_value(json_object_get(s, "namespace"));
		name[i] = json_string_value(json_object_get(s, "name"));
	}
	identity_key(&key, json_string_value(json_object_get(o, "rule")) ?
	    json_string_value(json_object_get(o, "rule")) : "", kind, ns,
	    name, n, json_string_value(json_object_get(o, "title")));
	res = fingerprint_of(a, seen, &key);
	free(kind);
	free(ns);
	free(name);
	buf_release(&key);
	return res;
}

int
report_baseline(struct report *r, const char *path, char **errp)
{
	struct keyseen seen;
	json_error_t jerr;
	json_t *root, *arr, *o;
	const char **fps = NULL;
	size_t i, j, k, nfp = 0;
	bool known;

	*errp = NULL;
	if ((root = json_load_file(path, 0, &jerr)) == NULL) {
		*errp = xasprintf("cannot read baseline '%s': %s", path,
		    jerr.text);
		return -1;
	}
	if (!json_is_string(json_object_get(root, "schema")) ||
	    strncmp(json_string_value(json_object_get(root, "schema")),
	    "ctriage/report/", 15) != 0 ||
	    !json_is_array(arr = json_object_get(root, "findings"))) {
		*errp = xasprintf("baseline '%s' is no ctriage JSON report "
		    "(analyze --format json)", path);
		json_decref(root);
		return -1;
	}
	memset(&seen, 0, sizeof(seen));
	fps = xcalloc(json_array_size(arr) + 1, sizeof(*fps));
	json_array_foreach(arr, i, o)
		if (json_is_object(o))
			fps[nfp++] = baseline_fingerprint(r->a, &seen, o);
	keyseen_release(&seen);
	json_decref(root);
	r->baseline = arena_strdup(r->a, path);
	for (i = 0, k = 0; i < r->n; i++) {
		known = false;
		for (j = 0; j < nfp && !known; j++)
			known = r->v[i].fingerprint != NULL &&
			    strcmp(fps[j], r->v[i].fingerprint) == 0;
		if (known) {
			r->by_baseline++;
			continue;
		}
		r->v[k++] = r->v[i];
	}
	r->n = k;
	free(fps);
	return 0;
}

void
report_min_severity(struct report *r, enum severity min)
{
	size_t i, k = 0;

	r->has_min = true;
	r->min_severity = min;
	for (i = 0; i < r->n; i++) {
		if (r->v[i].f.severity < min) {
			r->below_min++;
			continue;
		}
		r->v[k++] = r->v[i];
	}
	r->n = k;
}

void
report_finish(struct report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		r->v[i].f.rank = (unsigned)(i + 1);
}

bool
report_fails(const struct report *r, enum severity s)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].f.severity >= s)
			return true;
	return false;
}

void
report_count(const struct report *r, size_t counts[5])
{
	size_t i;

	memset(counts, 0, 5 * sizeof(counts[0]));
	for (i = 0; i < r->n; i++)
		counts[r->v[i].f.severity]++;
}

size_t
report_hidden(const struct report *r)
{
	return r->nsuppressed + r->by_baseline + r->below_min;
}

size_t
report_expired(const struct report *r)
{
	size_t i, k = 0;

	for (i = 0; r->sup != NULL && i < r->sup->n; i++)
		k += r->sup->v[i].expired;
	return k;
}

void
report_rules_line(struct buf *b, const struct report *r, const char *open,
    const char *close)
{
	buf_addf(b, "Rules: %zu evaluated, %zu not evaluated", r->evaluated,
	    r->nskipped);
	if (r->nexcluded > 0)
		buf_addf(b, ", %zu excluded by --only/--skip", r->nexcluded);
	buf_addstr(b, ".");
	if (r->sup != NULL || r->baseline != NULL || r->has_min) {
		buf_addf(b, " Hidden: %s%zu%s suppressed", open,
		    r->nsuppressed, close);
		if (r->baseline != NULL)
			buf_addf(b, ", %zu in the baseline", r->by_baseline);
		if (r->has_min)
			buf_addf(b, ", %zu below %s", r->below_min,
			    severity_name(r->min_severity));
		buf_addstr(b, ".");
	}
	if (r->redacted)
		buf_addf(b, " Redacted: %zu names, %zu addresses.",
		    r->redacted_names, r->redacted_ips);
}

const char *
report_severity_upper(enum severity s)
{
	static const char *const names[] = { "INFO", "LOW", "MEDIUM", "HIGH",
	    "CRITICAL" };

	return (unsigned)s < 5 ? names[s] : "?";
}

const char *
report_rule_url(const struct rule *rule)
{
	size_t i;

	for (i = 0; i < rule->nreferences; i++)
		if (strncmp(rule->references[i], "https://", 8) == 0 ||
		    strncmp(rule->references[i], "http://", 7) == 0)
			return rule->references[i];
	return NULL;
}
