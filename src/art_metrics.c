/*
 * art_metrics.c: `metrics list` tables and Prometheus text into samples.
 *
 * Parse stage, streamed line by line.  The first content line decides the
 * form: a `Metric  Labels  Value` header (or a headerless table row: a name
 * followed by a wide gap) is the agent table, anything else Prometheus
 * text.  Formats and eras are in art_metrics.h (cilium/cmd/metrics_list.go,
 * pkg/metrics/cmd.go, the Prometheus text exposition format 0.0.4).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "art_metrics.h"
#include "buf.h"
#include "cmdtext.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"
#include "xalloc.h"

enum mode {
	MODE_UNKNOWN,
	MODE_TABLE,		/* with a header */
	MODE_TABLE_LOOSE,	/* rows without a header */
	MODE_PROM,
};

struct ctx {
	struct arena		*a;
	struct strtab		*st;
	struct diag_list	*diags;
	const char		*path;
	struct cmdtext_errs	 errs;
	struct metric_sample	*v;
	size_t			 n, cap;
	struct metric_label	*lbl;		/* scratch */
	size_t			 nlbl, lblcap;
	struct buf		 scratch;
	enum mode		 mode;
	struct cmdtext_header	 h;
	int			 c_name, c_labels, c_value;
	/* The last "# TYPE" line. */
	const char		*type_name;
	const char		*type;
};

static bool
is_name_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    c == ':';
}

static bool
is_name_char(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

/* A label key followed by '=' at s[i]? */
static bool
key_at(const char *s, size_t len, size_t i)
{
	if (i >= len || !is_name_start((unsigned char)s[i]) || s[i] == ':')
		return false;
	while (i < len && is_name_char((unsigned char)s[i]) && s[i] != ':')
		i++;
	return i < len && s[i] == '=';
}

/*
 * Parse labels: Prometheus `k="v",k2="v2"`, the old table's `k="v" k2="v2"`
 * and the new table's unquoted `k=v k2=v w` (not when quoted is set, for
 * Prometheus text).  Fills c->lbl.
 */
static bool
parse_labels(struct ctx *c, const char *s, size_t len, bool quoted)
{
	size_t i = 0;

	c->nlbl = 0;
	while (i < len) {
		size_t ks, ke;
		struct metric_label *l;

		while (i < len && (s[i] == ' ' || s[i] == ','))
			i++;
		if (i >= len)
			break;
		if (!key_at(s, len, i))
			return false;
		ks = i;
		while (s[i] != '=')
			i++;
		ke = i++;
		buf_reset(&c->scratch);
		if (i < len && s[i] == '"') {
			i++;
			while (i < len && s[i] != '"') {
				if (s[i] == '\\' && i + 1 < len) {
					i++;
					buf_addch(&c->scratch,
					    s[i] == 'n' ? '\n' : s[i]);
				} else {
					buf_addch(&c->scratch, s[i]);
				}
				i++;
			}
			if (i >= len)
				return false;
			i++;
		} else if (quoted) {
			return false;
		} else {
			/* Unquoted: up to the next " key=". */
			size_t vs = i;

			while (i < len && !(s[i] == ' ' &&
			    key_at(s, len, i + 1)))
				i++;
			buf_add(&c->scratch, s + vs, i - vs);
			while (c->scratch.len > 0 &&
			    c->scratch.ptr[c->scratch.len - 1] == ' ')
				buf_truncate(&c->scratch, c->scratch.len - 1);
		}
		c->lbl = xgrow(c->lbl, &c->lblcap, c->nlbl + 1,
		    sizeof(*c->lbl));
		l = &c->lbl[c->nlbl++];
		l->key = intern_n(c->st, s + ks, ke - ks);
		l->value = intern_n(c->st, c->scratch.ptr, c->scratch.len);
	}
	return true;
}

/* A whole cell as a number ("1.000000", "1e+06", "NaN", "+Inf"). */
static bool
parse_double(const char *s, size_t len, double *out)
{
	char buf[64], *end;

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	*out = strtod(buf, &end);
	if (end != buf + len)
		return false;
	/* Overflow to infinity is still a number; underflow is zero. */
	return true;
}

static bool
parse_i64(const char *s, size_t len, int64_t *out)
{
	char buf[32], *end;
	long long v;

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	v = strtoll(buf, &end, 10);
	if (end != buf + len || errno != 0)
		return false;
	*out = (int64_t)v;
	return true;
}

/* Does the sample name belong to the family of the last # TYPE? */
static const char *
type_for(struct ctx *c, const char *name)
{
	static const char *const suffixes[] = { "", "_bucket", "_sum",
	    "_count", "_total", "_created", "_info" };
	size_t tl, i;

	if (c->type_name == NULL)
		return NULL;
	tl = strlen(c->type_name);
	if (strncmp(name, c->type_name, tl) != 0)
		return NULL;
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if (strcmp(name + tl, suffixes[i]) == 0)
			return c->type;
	return NULL;
}

static struct metric_sample *
add_sample(struct ctx *c, unsigned long line, const char *name, size_t nlen,
    const char *labels, size_t llen)
{
	struct metric_sample *s;

	c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof(*c->v));
	s = &c->v[c->n++];
	memset(s, 0, sizeof(*s));
	s->line = line;
	s->name = intern_n(c->st, name, nlen);
	s->labels_text = intern_n(c->st, labels, llen);
	if (c->nlbl > 0)
		s->labels = arena_memdup(c->a, c->lbl,
		    c->nlbl * sizeof(*c->lbl));
	s->nlabels = c->nlbl;
	s->type = type_for(c, s->name);
	return s;
}

static void
set_value(struct ctx *c, struct metric_sample *s, const char *v, size_t len)
{
	if (parse_double(v, len, &s->value))
		s->has_value = true;
	else
		s->value_text = intern_n(c->st, v, len);
}

static bool
valid_name(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || !is_name_start((unsigned char)s[0]))
		return false;
	for (i = 1; i < len; i++)
		if (!is_name_char((unsigned char)s[i]))
			return false;
	return true;
}

/*
 * A table value: a number, a summary "p50(..) ..." or a histogram
 * "15ms / 30ms / 60ms" (pkg/metrics/cmd.go getMetricValue).
 */
static bool
table_value_ok(const char *v, size_t len)
{
	double d;

	if (parse_double(v, len, &d))
		return true;
	if (len > 3 && v[0] == 'p' && v[1] >= '0' && v[1] <= '9' &&
	    memchr(v, '(', len) != NULL && v[len - 1] == ')')
		return true;
	return cmdtext_find(v, len, " / ") != NULL && v[0] >= '0' &&
	    v[0] <= '9';
}

static void
table_sample(struct ctx *c, const char *name, size_t nlen, const char *lab,
    size_t llen, const char *val, size_t vlen, unsigned long lineno)
{
	struct metric_sample *s;

	if (!valid_name(name, nlen)) {
		cmdtext_row_error(&c->errs, c->diags, c->path, lineno,
		    "cannot parse metric: bad name '%.*s'",
		    (int)(nlen > 64 ? 64 : nlen), name);
		return;
	}
	if (vlen == 0) {
		cmdtext_row_error(&c->errs, c->diags, c->path, lineno,
		    "cannot parse metric: no value for '%.*s'",
		    (int)(nlen > 64 ? 64 : nlen), name);
		return;
	}
	if (!parse_labels(c, lab, llen, false)) {
		cmdtext_row_error(&c->errs, c->diags, c->path, lineno,
		    "cannot parse metric: bad labels '%.*s'",
		    (int)(llen > 64 ? 64 : llen), lab);
		return;
	}
	if (!table_value_ok(val, vlen)) {
		cmdtext_row_error(&c->errs, c->diags, c->path, lineno,
		    "cannot parse metric: bad value '%.*s'",
		    (int)(vlen > 64 ? 64 : vlen), val);
		return;
	}
	s = add_sample(c, lineno, name, nlen, lab, llen);
	set_value(c, s, val, vlen);
}

/* A table row without usable columns: name, labels, value by gaps. */
static void
loose_row(struct ctx *c, const char *s, size_t len, unsigned long lineno)
{
	const char *name = s, *val, *lab;
	size_t nlen = 0, vlen, llen, i;

	while (nlen < len && s[nlen] != ' ' && s[nlen] != '\t')
		nlen++;
	/* The value is after the last gap of two or more blanks. */
	val = s + len;
	for (i = len; i > nlen + 1; i--) {
		if ((s[i - 1] == ' ' || s[i - 1] == '\t') &&
		    (s[i - 2] == ' ' || s[i - 2] == '\t')) {
			val = s + i;
			break;
		}
	}
	if (val == s + len && nlen < len)
		val = s + nlen;
	vlen = (size_t)(s + len - val);
	cmdtext_trim(&val, &vlen);
	lab = s + nlen;
	llen = val > lab ? (size_t)(val - lab) : 0;
	cmdtext_trim(&lab, &llen);
	table_sample(c, name, nlen, lab, llen, val, vlen, lineno);
}

static void
table_row(struct ctx *c, const char *line, size_t len, unsigned long lineno)
{
	struct cmdtext_cell cells[CMDTEXT_MAX_COLS];
	bool misaligned;
	const char *s = line;
	size_t n = len;

	cmdtext_row_split(&c->h, line, len, cells, &misaligned);
	if (misaligned) {
		cmdtext_trim(&s, &n);
		loose_row(c, s, n, lineno);
		return;
	}
	table_sample(c, cells[c->c_name].s, cells[c->c_name].len,
	    cells[c->c_labels].s, cells[c->c_labels].len,
	    cells[c->c_value].s, cells[c->c_value].len, lineno);
}

static void
prom_comment(struct ctx *c, const char *s, size_t n)
{
	const char *p, *name;
	size_t l, nl;

	if (!cmdtext_has_prefix(s, n, "# TYPE "))
		return;
	p = s + 7;
	l = n - 7;
	cmdtext_trim(&p, &l);
	name = p;
	nl = 0;
	while (nl < l && p[nl] != ' ')
		nl++;
	p += nl;
	l -= nl;
	cmdtext_trim(&p, &l);
	c->type_name = intern_n(c->st, name, nl);
	c->type = l > 0 ? intern_n(c->st, p, l) : NULL;
}

static void
prom_line(struct ctx *c, const char *s, size_t n, unsigned long lineno)
{
	const char *lab = s, *p, *end = s + n, *tok;
	size_t nlen = 0, llen = 0;
	struct metric_sample *smp;
	const char *why;

	while (nlen < n && is_name_char((unsigned char)s[nlen]))
		nlen++;
	if (!valid_name(s, nlen)) {
		why = "bad metric name";
		goto bad;
	}
	p = s + nlen;
	if (p < end && *p == '{') {
		bool q = false;

		lab = ++p;
		while (p < end && (q || *p != '}')) {
			if (q && *p == '\\' && p + 1 < end)
				p++;
			else if (*p == '"')
				q = !q;
			p++;
		}
		if (p >= end) {
			why = "unterminated labels";
			goto bad;
		}
		llen = (size_t)(p - lab);
		p++;
	} else {
		lab = p;
	}
	if (p >= end || (*p != ' ' && *p != '\t')) {
		why = "no value";
		goto bad;
	}
	if (!parse_labels(c, lab, llen, true)) {
		why = "bad labels";
		goto bad;
	}
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	tok = p;
	while (p < end && *p != ' ' && *p != '\t')
		p++;
	{
		double v;
		int64_t ts = 0;
		bool has_ts = false;
		const char *t2;

		if (!parse_double(tok, (size_t)(p - tok), &v)) {
			why = "bad value";
			goto bad;
		}
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p < end) {
			t2 = p;
			while (p < end && *p != ' ' && *p != '\t')
				p++;
			if (!parse_i64(t2, (size_t)(p - t2), &ts)) {
				why = "bad timestamp";
				goto bad;
			}
			has_ts = true;
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
			if (p < end) {
				why = "text after the timestamp";
				goto bad;
			}
		}
		smp = add_sample(c, lineno, s, nlen, lab, llen);
		smp->has_value = true;
		smp->value = v;
		smp->has_timestamp = has_ts;
		smp->timestamp_ms = ts;
	}
	return;
bad:
	cmdtext_row_error(&c->errs, c->diags, c->path, lineno,
	    "cannot parse metric sample: %s in '%.*s'", why,
	    (int)(n > 80 ? 80 : n), s);
}

/* Decide the form from the first content line. */
static void
detect(struct ctx *c, const char *line, size_t len, const char *s, size_t n)
{
	struct cmdtext_header h;
	size_t i = 0;

	if (cmdtext_has_prefix(s, n, "Metric") &&
	    cmdtext_header_parse(line, len, &h) >= 2 &&
	    cmdtext_header_find(&h, "Metric") >= 0 &&
	    cmdtext_header_find(&h, "Labels") >= 0 &&
	    cmdtext_header_find(&h, "Value") >= 0) {
		c->h = h;
		c->c_name = cmdtext_header_find(&h, "Metric");
		c->c_labels = cmdtext_header_find(&h, "Labels");
		c->c_value = cmdtext_header_find(&h, "Value");
		c->mode = MODE_TABLE;
		return;
	}
	while (i < n && is_name_char((unsigned char)s[i]))
		i++;
	/* "name   labels   value": a table row without its header. */
	if (s[0] != '#' && i > 0 && i + 1 < n && s[i] == ' ' &&
	    s[i + 1] == ' ')
		c->mode = MODE_TABLE_LOOSE;
	else
		c->mode = MODE_PROM;
}

static void
parse_line(struct ctx *c, struct cmdtext *ct, const char *line, size_t len,
    unsigned long lineno)
{
	const char *s = line;
	size_t n = len;
	bool header_ok;

	cmdtext_trim(&s, &n);
	/* Prometheus comments first: "# HELP" is no markdown header. */
	if (n > 0 && s[0] == '#' && c->mode != MODE_TABLE &&
	    c->mode != MODE_TABLE_LOOSE && (cmdtext_has_prefix(s, n, "# HELP ")
	    || cmdtext_has_prefix(s, n, "# TYPE ") ||
	    cmdtext_has_prefix(s, n, "# UNIT ") ||
	    cmdtext_has_prefix(s, n, "# EOF"))) {
		c->mode = MODE_PROM;
		ct->seen_content = true;
		prom_comment(c, s, n);
		return;
	}
	switch (cmdtext_classify(ct, line, len)) {
	case CMDTEXT_BLANK:
	case CMDTEXT_MARKUP:
		return;
	case CMDTEXT_ERROR:
		cmdtext_error_note(ct, c->diags, c->path, lineno, line, len);
		return;
	case CMDTEXT_CONTENT:
		break;
	}
	header_ok = c->mode == MODE_UNKNOWN;
	if (header_ok) {
		detect(c, line, len, s, n);
		if (c->mode == MODE_TABLE)
			return;
	}
	switch (c->mode) {
	case MODE_TABLE:
		table_row(c, line, len, lineno);
		break;
	case MODE_TABLE_LOOSE:
		loose_row(c, s, n, lineno);
		break;
	case MODE_PROM:
		if (s[0] != '#')
			prom_line(c, s, n, lineno);
		break;
	case MODE_UNKNOWN:
		break;
	}
}

int
art_metrics_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct metrics_result *out)
{
	struct ctx c;
	struct cmdtext ct = { false, false };
	struct ingest_lines lr;
	char *line;
	size_t len;
	int r = -1;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.st = st;
	c.diags = diags;
	c.path = intern(st, m->path);
	buf_init(&c.scratch);
	out->path = c.path;

	ingest_lines_init(&lr, m, CMDTEXT_MAX_LINE);
	while ((line = ingest_lines_next(&lr, &len)) != NULL)
		parse_line(&c, &ct, line, len, lr.lineno);
	if (lr.error)
		diag_add(diags, DIAG_ERROR, m->path, lr.lineno,
		    "cannot read member: broken after line %lu", lr.lineno);
	ingest_lines_release(&lr);
	cmdtext_row_errors_end(&c.errs, diags, c.path, "metric samples");

	out->format = c.mode == MODE_PROM ? METRICS_PROMETHEUS :
	    METRICS_LIST_TABLE;
	if (c.n > 0)
		out->samples = arena_memdup(a, c.v, c.n * sizeof(*c.v));
	out->nsamples = c.n;
	/* A table header alone, or comments alone, is an empty listing. */
	if (c.n > 0 || c.mode == MODE_TABLE || (c.mode == MODE_PROM &&
	    c.errs.n == 0))
		r = 0;
	else if (!ct.seen_error)
		diag_add(diags, DIAG_ERROR, m->path, 0,
		    "cannot parse metrics: no samples");
	free(c.v);
	free(c.lbl);
	buf_release(&c.scratch);
	return r;
}

const char *
metric_label_get(const struct metric_sample *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->nlabels; i++)
		if (strcmp(s->labels[i].key, key) == 0)
			return s->labels[i].value;
	return NULL;
}

const struct metric_sample *
metrics_find(const struct metrics_result *r, const char *name,
    const char *key, const char *value)
{
	size_t i;

	for (i = 0; i < r->nsamples; i++) {
		const struct metric_sample *s = &r->samples[i];
		const char *v;

		if (strcmp(s->name, name) != 0)
			continue;
		if (key == NULL)
			return s;
		v = metric_label_get(s, key);
		if (v != NULL && (value == NULL || strcmp(v, value) == 0))
			return s;
	}
	return NULL;
}

size_t
metrics_map_pressure(const struct metrics_result *r, struct arena *a,
    struct metrics_map_pressure **out)
{
	size_t i, n = 0, k = 0;

	*out = NULL;
	for (i = 0; i < r->nsamples; i++)
		if (strcmp(r->samples[i].name, "cilium_bpf_map_pressure") ==
		    0 && r->samples[i].has_value &&
		    metric_label_get(&r->samples[i], "map_name") != NULL)
			n++;
	if (n == 0)
		return 0;
	*out = arena_calloc(a, n, sizeof(**out));
	for (i = 0; i < r->nsamples; i++) {
		const struct metric_sample *s = &r->samples[i];
		const char *mn;

		if (strcmp(s->name, "cilium_bpf_map_pressure") != 0 ||
		    !s->has_value ||
		    (mn = metric_label_get(s, "map_name")) == NULL)
			continue;
		(*out)[k].map_name = mn;
		(*out)[k].value = s->value;
		(*out)[k].line = s->line;
		k++;
	}
	return n;
}
