/*
 * eval.c: running the rules over the model, and ranking what they find.
 *
 * The run loop decides per rule whether it applies to this cluster's
 * Cilium version, dispatches to its check (a built-in from checks.h, or a
 * declarative config or JSON comparison), and collects findings and the
 * rules that could not run.  Ranking then orders findings by score with a
 * total tie-break, so reports are deterministic.  See eval.h.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "arena.h"
#include "buf.h"
#include "checks.h"
#include "escape.h"
#include "eval.h"
#include "art_log.h"
#include "classify.h"
#include "model.h"
#include "rule.h"
#include "xalloc.h"

static const struct eval_builtin builtins[] = {
#define X(name) { #name, check_##name },
	EVAL_CHECKS(X)
#undef X
	{ NULL, NULL },
};

const struct eval_builtin *
eval_builtins(void)
{
	return builtins;
}

static eval_check_fn
builtin_fn(const char *name)
{
	size_t i;

	for (i = 0; builtins[i].name != NULL; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return builtins[i].fn;
	return NULL;
}

bool
eval_builtin_known(const char *name)
{
	return builtin_fn(name) != NULL;
}

void
findings_init(struct findings *f)
{
	memset(f, 0, sizeof(*f));
	f->a = arena_new();
}

/* Free what a finding owns outside the arena (its growable lists). */
static void
finding_free(struct finding *f)
{
	free(f->subjects);
	free(f->affected);
	free(f->evidence);
}

void
findings_release(struct findings *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		finding_free(&f->v[i]);
	free(f->v);
	free(f->explained);
	free(f->skipped);
	free(f->not_applicable);
	arena_free(f->a);
	memset(f, 0, sizeof(*f));
}

/* printf into the findings arena, escaped to printable UTF-8. */
static const char *
fmt_text(struct findings *out, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static const char *
fmt_text(struct findings *out, const char *fmt, va_list ap)
{
	struct buf raw = BUF_INIT, safe = BUF_INIT;
	const char *r;
	size_t i;

	buf_vaddf(&raw, fmt, ap);
	/* Keep newlines and tabs (messages, YAML snippets); escape the rest. */
	for (i = 0; i < raw.len;) {
		size_t j = i;

		while (j < raw.len && raw.ptr[j] != '\n' && raw.ptr[j] != '\t')
			j++;
		escape_printable(&safe, raw.ptr + i, j - i);
		if (j < raw.len)
			buf_addch(&safe, raw.ptr[j++]);
		i = j;
	}
	r = arena_strdup(out->a, safe.ptr);
	buf_release(&raw);
	buf_release(&safe);
	return r;
}

struct finding *
eval_finding_new(struct eval_ctx *ctx)
{
	struct findings *out = ctx->out;
	struct finding *f;

	out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof(*out->v));
	f = &out->v[out->n++];
	memset(f, 0, sizeof(*f));
	f->rule = ctx->rule;
	f->severity = ctx->rule->severity;
	f->confidence = 1.0;
	f->title = ctx->rule->title;
	f->message = ctx->rule->summary;
	f->remediation = ctx->rule->remediation;
	return f;
}

/* Forget the explained drops of findings that are gone (index >= n). */
static void
explained_truncate(struct findings *out)
{
	size_t i, w = 0;

	for (i = 0; i < out->nexplained; i++)
		if (out->explained[i].finding < out->n)
			out->explained[w++] = out->explained[i];
	out->nexplained = w;
}

void
eval_finding_discard(struct eval_ctx *ctx, struct finding *f)
{
	struct findings *out = ctx->out;

	if (out->n == 0 || f != &out->v[out->n - 1])
		return;
	finding_free(f);
	out->n--;
	explained_truncate(out);
}

void
eval_explained_add(struct eval_ctx *ctx, const struct finding *f,
    const struct flow_record *fr)
{
	struct findings *out = ctx->out;

	if (out->n == 0 || f < out->v || f >= out->v + out->n)
		return;
	out->explained = xgrow(out->explained, &out->explained_cap,
	    out->nexplained + 1, sizeof(*out->explained));
	out->explained[out->nexplained].flow = fr;
	out->explained[out->nexplained].rule = f->rule;
	out->explained[out->nexplained].finding = (size_t)(f - out->v);
	out->nexplained++;
}

bool
eval_explained(const struct findings *out, const struct flow_record *fr,
    const struct finding_explained **by)
{
	size_t i;

	for (i = 0; i < out->nexplained; i++)
		if (out->explained[i].flow == fr) {
			if (by != NULL)
				*by = &out->explained[i];
			return true;
		}
	return false;
}

void
finding_title(struct eval_ctx *ctx, struct finding *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	f->title = fmt_text(ctx->out, fmt, ap);
	va_end(ap);
}

void
finding_message(struct eval_ctx *ctx, struct finding *f, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	f->message = fmt_text(ctx->out, fmt, ap);
	va_end(ap);
}

void
finding_remediation(struct eval_ctx *ctx, struct finding *f,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	f->remediation = fmt_text(ctx->out, fmt, ap);
	va_end(ap);
}

static const char *
dup_or_null(struct findings *out, const char *s)
{
	return s != NULL ? arena_strdup(out->a, s) : NULL;
}

void
finding_subject(struct eval_ctx *ctx, struct finding *f, const char *kind,
    const char *ns, const char *name)
{
	struct finding_subject *s;
	size_t i;

	for (i = 0; i < f->nsubjects; i++)
		if (strcmp(f->subjects[i].kind, kind) == 0 &&
		    strcmp(f->subjects[i].name, name != NULL ? name : "") == 0 &&
		    ((f->subjects[i].ns == NULL && ns == NULL) ||
		    (f->subjects[i].ns != NULL && ns != NULL &&
		    strcmp(f->subjects[i].ns, ns) == 0)))
			return;
	f->subjects = xgrow(f->subjects, &f->subjects_cap, f->nsubjects + 1,
	    sizeof(*f->subjects));
	s = &f->subjects[f->nsubjects++];
	s->kind = arena_strdup(ctx->out->a, kind);
	s->ns = ns != NULL && *ns != '\0' ? dup_or_null(ctx->out, ns) : NULL;
	s->name = arena_strdup(ctx->out->a, name != NULL ? name : "");
}

void
finding_affected(struct eval_ctx *ctx, struct finding *f, const char *ns,
    const char *name)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (ns != NULL && *ns != '\0')
		buf_addf(&b, "%s/", ns);
	buf_addstr(&b, name != NULL ? name : "-");
	for (i = 0; i < f->naffected; i++)
		if (strcmp(f->affected[i], b.ptr) == 0) {
			buf_release(&b);
			return;
		}
	f->affected = xgrow(f->affected, &f->affected_cap, f->naffected + 1,
	    sizeof(*f->affected));
	f->affected[f->naffected++] = arena_strdup(ctx->out->a, b.ptr);
	buf_release(&b);
}

void
finding_evidence(struct eval_ctx *ctx, struct finding *f, const char *path,
    unsigned long line, const char *fmt, ...)
{
	struct finding_evidence *e;
	va_list ap;
	size_t i;

	for (i = 0; i < f->nevidence; i++)
		if (f->evidence[i].line == line && path != NULL &&
		    strcmp(f->evidence[i].path, path) == 0)
			return;
	f->evidence = xgrow(f->evidence, &f->evidence_cap, f->nevidence + 1,
	    sizeof(*f->evidence));
	e = &f->evidence[f->nevidence++];
	e->path = arena_strdup(ctx->out->a, path != NULL ? path : "");
	e->line = line;
	va_start(ap, fmt);
	e->excerpt = fmt_text(ctx->out, fmt, ap);
	va_end(ap);
}

void
finding_evidence_src(struct eval_ctx *ctx, struct finding *f,
    const struct src *src, const char *fmt, ...)
{
	va_list ap;
	const char *text;

	va_start(ap, fmt);
	text = fmt_text(ctx->out, fmt, ap);
	va_end(ap);
	finding_evidence(ctx, f, src->path, src->line, "%s", text);
}

const char *
eval_policy_cause(struct eval_ctx *ctx, const struct policy *p)
{
	return arena_printf(ctx->out->a, "policy/%s/%s/%s",
	    policy_kind_short(p->kind), p->ns, p->name != NULL ? p->name : "");
}

bool
eval_policy_meant_to_deny(const struct policy *p)
{
	size_t i;

	for (i = 0; i < p->nrules; i++)
		if (p->rules[i].has[DIR_INGRESS][1] ||
		    p->rules[i].has[DIR_EGRESS][1] ||
		    policy_rule_default_deny(&p->rules[i], DIR_INGRESS, true) ||
		    policy_rule_default_deny(&p->rules[i], DIR_EGRESS, true))
			return true;
	return false;
}

void
eval_not_evaluated(struct eval_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ctx->skip_reason = fmt_text(ctx->out, fmt, ap);
	va_end(ap);
}

const char *
eval_param_str(const struct eval_ctx *ctx, const char *key, const char *def)
{
	json_t *v = json_object_get(ctx->rule->params, key);

	return json_is_string(v) ? json_string_value(v) : def;
}

long
eval_param_int(const struct eval_ctx *ctx, const char *key, long def)
{
	json_t *v = json_object_get(ctx->rule->params, key);

	return json_is_integer(v) ? (long)json_integer_value(v) : def;
}

/* check.config: compare a cilium-config key. */
static void
run_config_check(struct eval_ctx *ctx)
{
	const struct config_check *c = &ctx->rule->config;
	const char *v;
	bool present, hit;
	struct finding *f;

	if (ctx->m->config == NULL) {
		eval_not_evaluated(ctx, "the sysdump has no cilium-config "
		    "ConfigMap");
		return;
	}
	v = model_config(ctx->m, c->key);
	present = v != NULL;
	if (v == NULL)
		v = c->default_value;
	if (strcmp(c->op, "absent") == 0)
		hit = !present;
	else if (strcmp(c->op, "present") == 0)
		hit = present;
	else if (v == NULL)
		hit = strcmp(c->op, "not-equals") == 0;
	else
		hit = (strcmp(v, c->value) == 0) == (strcmp(c->op, "equals") ==
		    0);
	if (!hit)
		return;
	f = eval_finding_new(ctx);
	finding_subject(ctx, f, "ConfigMap", ctx->m->config->ns,
	    ctx->m->config->name != NULL ? ctx->m->config->name :
	    "cilium-config");
	if (present)
		finding_evidence_src(ctx, f, &ctx->m->config->src, "%s: \"%s\"",
		    c->key, model_config(ctx->m, c->key));
	else
		finding_evidence_src(ctx, f, &ctx->m->config->src, "%s is not "
		    "set%s%s", c->key, c->default_value != NULL ?
		    "; the agent's default is " : "", c->default_value != NULL ?
		    c->default_value : "");
}

/* The text of a JSON scalar, for comparison. */
static bool
json_text(json_t *v, char *buf, size_t n)
{
	if (json_is_string(v))
		snprintf(buf, n, "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(buf, n, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, n, "%g", json_real_value(v));
	else if (json_is_boolean(v))
		snprintf(buf, n, "%s", json_is_true(v) ? "true" : "false");
	else
		return false;
	return true;
}

/* check.json: compare a value of an artifact kept as JSON. */
static void
run_json_check(struct eval_ctx *ctx)
{
	const struct json_check *c = &ctx->rule->json;
	char text[256];
	json_t *v;
	bool hit;
	double a, b;
	struct finding *f;
	const char *where;
	unsigned long line;

	if (strcmp(c->artifact, "cilium-helm-values") != 0) {
		eval_not_evaluated(ctx, "JSON checks read cilium-helm-values "
		    "only, not %s", c->artifact);
		return;
	}
	if (model_helm_value(ctx->m, "") == NULL) {
		eval_not_evaluated(ctx, "the sysdump has no Helm values");
		return;
	}
	v = model_helm_value(ctx->m, c->path);
	if (strcmp(c->op, "absent") == 0)
		hit = v == NULL;
	else if (strcmp(c->op, "present") == 0)
		hit = v != NULL;
	else if (v == NULL || !json_text(v, text, sizeof(text)) ||
	    c->value == NULL)
		hit = false;
	else if (strcmp(c->op, "equals") == 0)
		hit = strcmp(text, c->value) == 0;
	else if (strcmp(c->op, "not-equals") == 0)
		hit = strcmp(text, c->value) != 0;
	else {
		a = strtod(text, NULL);
		b = strtod(c->value, NULL);
		hit = strcmp(c->op, ">=") == 0 ? a >= b :
		    strcmp(c->op, "<=") == 0 ? a <= b :
		    strcmp(c->op, ">") == 0 ? a > b : a < b;
	}
	if (!hit)
		return;
	f = eval_finding_new(ctx);
	finding_subject(ctx, f, "HelmRelease", NULL, "cilium");
	where = model_helm_where(ctx->m, c->path, &line);
	finding_evidence(ctx, f, where, line, "%s: %s", c->path,
	    v != NULL && json_text(v, text, sizeof(text)) ? text :
	    "(not set)");
}

/* check.log: a pattern over the kept agent log events (below). */
static void run_log_check(struct eval_ctx *ctx);

static void
run_rule(struct model *m, const struct rule *r, struct findings *out,
    const struct version *ver)
{
	struct eval_ctx ctx;
	eval_check_fn fn;
	size_t before = out->n, i;

	memset(&ctx, 0, sizeof(ctx));
	ctx.m = m;
	ctx.rule = r;
	ctx.out = out;
	ctx.version = ver;
	if (!rule_applies_to(r, ver)) {
		/*
		 * Not a gap in the sysdump: the pitfall does not exist on
		 * this release.  Listed apart from the rules not evaluated.
		 */
		struct buf b = BUF_INIT;

		for (i = 0; i < r->nversions; i++)
			buf_addf(&b, "%s%s", i ? " or " : "", r->versions[i].text);
		out->not_applicable = xgrow(out->not_applicable,
		    &out->not_applicable_cap, out->nnot_applicable + 1,
		    sizeof(*out->not_applicable));
		out->not_applicable[out->nnot_applicable].rule = r;
		out->not_applicable[out->nnot_applicable].reason =
		    arena_printf(out->a, "applies to Cilium %s; this cluster "
		    "runs %s", b.ptr, m->cilium_version);
		out->nnot_applicable++;
		buf_release(&b);
		return;
	} else {
		switch (r->check) {
		case CHECK_BUILTIN:
			if ((fn = builtin_fn(r->builtin)) != NULL)
				fn(&ctx);
			else
				eval_not_evaluated(&ctx, "no built-in check "
				    "named %s", r->builtin);
			break;
		case CHECK_CONFIG:
			run_config_check(&ctx);
			break;
		case CHECK_JSON:
			run_json_check(&ctx);
			break;
		case CHECK_LOG:
			run_log_check(&ctx);
			break;
		}
	}
	if (ctx.skip_reason != NULL) {
		/* A check that gives up keeps none of its partial findings. */
		while (out->n > before)
			finding_free(&out->v[--out->n]);
		explained_truncate(out);
		out->skipped = xgrow(out->skipped, &out->skipped_cap,
		    out->nskipped + 1, sizeof(*out->skipped));
		out->skipped[out->nskipped].rule = r;
		out->skipped[out->nskipped].reason = ctx.skip_reason;
		out->nskipped++;
		return;
	}
	out->evaluated++;
}

/*
 * The score: severity weight x confidence, widened by blast radius
 * (endpoints affected) and by corroboration (drops and log lines the
 * finding explains), narrowed by observed traffic that contradicts it.
 */
static double
score_of(const struct finding *f)
{
	double s = (double)severity_weight(f->severity) * f->confidence;

	s *= 1.0 + log2(1.0 + (double)f->naffected) / 4.0;
	s *= 1.0 + log2(1.0 + (double)f->drops) / 2.0 +
	    log2(1.0 + (double)f->log_lines) / 4.0;
	s /= 1.0 + log2(1.0 + (double)f->contradicting);
	return s;
}

static int
str_cmp_null(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "");
}

static int
finding_cmp(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	int c;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if ((c = strcmp(x->rule->id, y->rule->id)) != 0)
		return c;
	if (x->nsubjects > 0 && y->nsubjects > 0) {
		if ((c = str_cmp_null(x->subjects[0].ns, y->subjects[0].ns)) != 0)
			return c;
		if ((c = strcmp(x->subjects[0].name, y->subjects[0].name)) != 0)
			return c;
	}
	return strcmp(x->title, y->title);
}

static int
affected_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
skipped_cmp(const void *a, const void *b)
{
	return strcmp(((const struct not_evaluated *)a)->rule->id,
	    ((const struct not_evaluated *)b)->rule->id);
}

/*
 * When a rule runs: the root-cause rules first (phase 0); then the drop
 * correlation, which reports the policy drops no earlier finding explains
 * (phase 1); last the checks that report on all the others (phase 2).
 */
static int
run_phase(const struct rule *r)
{
	if (r->check != CHECK_BUILTIN)
		return 0;
	if (strcmp(r->builtin, "drop_policy_denied") == 0 ||
	    strcmp(r->builtin, "drop_policy_denylist") == 0)
		return 1;
	if (strcmp(r->builtin, "sysdump_incomplete") == 0)
		return 2;
	return 0;
}

/*
 * A generic finding about the same cause as a specific one adds nothing
 * but evidence: move its evidence over and drop it.
 */
static void
fold_generic(struct eval_ctx *ctx, struct findings *f)
{
	size_t i, j, k, w = 0, *to;

	/* Where each finding goes: its new index, or its host's old one. */
	to = xcalloc(f->n + 1, sizeof(*to));
	for (i = 0; i < f->n; i++) {
		struct finding *g = &f->v[i];
		struct finding *s = NULL;

		if (g->generic && g->cause != NULL)
			for (j = 0; j < f->n && s == NULL; j++)
				if (!f->v[j].generic && f->v[j].cause != NULL &&
				    strcmp(f->v[j].cause, g->cause) == 0)
					s = &f->v[j];
		if (s == NULL) {
			to[i] = w;
			f->v[w++] = *g;
			continue;
		}
		to[i] = f->n + (size_t)(s - f->v);
		for (k = 0; k < g->nevidence; k++)
			finding_evidence(ctx, s, g->evidence[k].path,
			    g->evidence[k].line, "%s", g->evidence[k].excerpt);
		s->log_lines += g->log_lines;
		finding_free(g);
	}
	/* The drops a folded finding explained, its host explains now. */
	for (i = 0; i < f->nexplained; i++) {
		struct finding_explained *x = &f->explained[i];

		k = to[x->finding];
		if (k >= f->n)
			k = to[k - f->n];
		x->finding = k;
		x->rule = f->v[k].rule;
	}
	free(to);
	f->n = w;
}

void
eval_run(struct model *m, const struct ruleset *rs, struct findings *f)
{
	struct version v, *ver = NULL;
	struct eval_ctx ctx;
	size_t i;
	int phase;

	if (m->cilium_version != NULL && version_parse(m->cilium_version, &v))
		ver = &v;
	for (i = 0; i < rs->nrules; i++)
		if (run_phase(&rs->rules[i]) == 0)
			run_rule(m, &rs->rules[i], f, ver);
	memset(&ctx, 0, sizeof(ctx));
	ctx.m = m;
	ctx.out = f;
	fold_generic(&ctx, f);
	for (phase = 1; phase <= 2; phase++)
		for (i = 0; i < rs->nrules; i++)
			if (run_phase(&rs->rules[i]) == phase)
				run_rule(m, &rs->rules[i], f, ver);
	for (i = 0; i < f->n; i++) {
		if (f->v[i].naffected > 1)
			qsort(f->v[i].affected, f->v[i].naffected,
			    sizeof(char *), affected_cmp);
		f->v[i].score = score_of(&f->v[i]);
	}
	if (f->n > 1)
		qsort(f->v, f->n, sizeof(*f->v), finding_cmp);
	for (i = 0; i < f->n; i++)
		f->v[i].rank = (unsigned)i + 1;
	if (f->nskipped > 1)
		qsort(f->skipped, f->nskipped, sizeof(*f->skipped), skipped_cmp);
}

/* --- declarative log checks ------------------------------------------ */

/*
 * check.log: a PCRE2 pattern over the kept agent and operator log events
 * (warnings and worse, model.h).  art_log has already split each line, in
 * whatever grammar its release writes (logrus with or without time=, slog
 * with module=, JSON, the Go logger, panics), into its message and fields,
 * so the pattern is matched against the message and then against the
 * error= field, never against the raw line: one rule matches the same event
 * in every log era.  The pattern is compiled once with JIT; before it runs
 * on a line, a literal prefilter must occur in the text (the rule's
 * `literal`, else the literals every match of the pattern must contain).
 * Lines the rule's `exclude` pattern matches do not count.
 *
 * The finding counts the lines per node (current and previous container
 * logs both count, and are told apart), quotes the first and last matching
 * line of each node with member:line, and, when matching lines come from a
 * previous container's log, that log's last lines: how the container
 * ended.  Its cause is the agent of the node ("agent/<node>") when one node
 * has them all; when only previous logs have them, the finding is generic,
 * so that it corroborates the crash finding of that agent.
 */

/* Backtracking bounds: a hostile pattern or line cannot hang a run. */
#define LOG_MATCH_LIMIT		1000000
#define LOG_DEPTH_LIMIT		10000
/* Prefilter literals: at most this many, each at least this long. */
#define LOG_MAX_LITERALS	16
#define LOG_MIN_LITERAL		3
/* Nodes whose first and last lines are quoted; the rest are counted. */
#define LOG_MAX_NODES_QUOTED	8
/* Last lines quoted from a previous container's log. */
#define LOG_PREV_LAST_LINES	2
/* Bytes of a message quoted in evidence. */
#define LOG_EXCERPT_MAX		400

/* A set of literals, one of which occurs in every match. */
struct litset {
	size_t		 n;
	const char	*s[LOG_MAX_LITERALS];
	size_t		 len[LOG_MAX_LITERALS];
};

struct litparse {
	const char	*p;
	const char	*end;
	char		*out;		/* scratch for decoded literals */
	bool		 unsafe;	/* no prefilter can be derived */
};

/* The shortest literal of the set: how selective it is (0 when empty). */
static size_t
litset_score(const struct litset *s)
{
	size_t i, min = 0;

	for (i = 0; i < s->n; i++)
		if (i == 0 || s->len[i] < min)
			min = s->len[i];
	return min;
}

static void
litset_consider(struct litset *best, const struct litset *cand)
{
	if (cand->n > 0 && (best->n == 0 ||
	    litset_score(cand) > litset_score(best)))
		*best = *cand;
}

static void lit_alt(struct litparse *lp, struct litset *out);

/* Skip a quantifier's lazy or possessive mark. */
static void
lit_skip_mark(struct litparse *lp)
{
	if (lp->p < lp->end && (*lp->p == '?' || *lp->p == '+'))
		lp->p++;
}

/*
 * One branch, up to `|`, `)` or the end: the best literal set among its
 * runs of literal characters and its mandatory groups.
 */
static void
lit_seq(struct litparse *lp, struct litset *best)
{
	char *run = lp->out;
	size_t rlen = 0;
	struct litset cand;

	memset(best, 0, sizeof(*best));
#define END_RUN() do {							\
	if (rlen > 0) {							\
		run[rlen] = '\0';					\
		cand.n = 1;						\
		cand.s[0] = run;					\
		cand.len[0] = rlen;					\
		litset_consider(best, &cand);				\
		lp->out = run + rlen + 1;				\
	}								\
	run = lp->out;							\
	rlen = 0;							\
} while (0)
	while (lp->p < lp->end && *lp->p != '|' && *lp->p != ')' &&
	    !lp->unsafe) {
		char c = *lp->p;

		if (c == '\\') {
			char d = lp->p + 1 < lp->end ? lp->p[1] : '\0';

			if (d == '\0' || d == 'Q' || d == 'E') {
				lp->unsafe = true;
				break;
			}
			lp->p += 2;
			if ((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') ||
			    (d >= '0' && d <= '9')) {
				/* A class, an assertion or a code: no literal. */
				END_RUN();
				continue;
			}
			run[rlen++] = d;
		} else if (c == '[') {
			END_RUN();
			lp->p++;
			if (lp->p < lp->end && *lp->p == '^')
				lp->p++;
			if (lp->p < lp->end && *lp->p == ']')
				lp->p++;
			while (lp->p < lp->end && *lp->p != ']')
				lp->p += *lp->p == '\\' && lp->p + 1 < lp->end ?
				    2 : 1;
			if (lp->p >= lp->end)
				lp->unsafe = true;
			else
				lp->p++;
		} else if (c == '(') {
			bool keep = true;
			struct litset inner;

			END_RUN();
			lp->p++;
			if (lp->p < lp->end && *lp->p == '?') {
				const char *q = lp->p + 1;

				if (q < lp->end && *q == ':')
					lp->p = q + 1;
				else if (q < lp->end && (*q == '=' || *q == '!')) {
					keep = false;
					lp->p = q + 1;
				} else if (q + 1 < lp->end && *q == '<' &&
				    (q[1] == '=' || q[1] == '!')) {
					keep = false;
					lp->p = q + 2;
				} else if (q < lp->end && (*q == '<' ||
				    (*q == 'P' && q + 1 < lp->end &&
				    q[1] == '<'))) {
					while (q < lp->end && *q != '>')
						q++;
					lp->p = q + 1;
				} else {
					/* Inline options, conditions, ...: */
					lp->unsafe = true;
					break;
				}
			}
			lit_alt(lp, &inner);
			if (lp->p >= lp->end || *lp->p != ')') {
				lp->unsafe = true;
				break;
			}
			lp->p++;
			if (lp->p < lp->end && (*lp->p == '?' || *lp->p == '*' ||
			    *lp->p == '{'))
				keep = false;
			if (keep)
				litset_consider(best, &inner);
			run = lp->out;
		} else if (c == '?' || c == '*' || c == '{') {
			/* The atom before may be absent: drop its character. */
			if (rlen > 0)
				rlen--;
			END_RUN();
			if (c == '{') {
				while (lp->p < lp->end && *lp->p != '}')
					lp->p++;
				if (lp->p >= lp->end) {
					lp->unsafe = true;
					break;
				}
			}
			lp->p++;
			lit_skip_mark(lp);
		} else if (c == '+') {
			END_RUN();
			lp->p++;
			lit_skip_mark(lp);
		} else if (c == '.' || c == '^' || c == '$') {
			END_RUN();
			lp->p++;
		} else {
			run[rlen++] = c;
			lp->p++;
		}
	}
	END_RUN();
#undef END_RUN
}

/* Branches up to `)` or the end: every branch must give a literal. */
static void
lit_alt(struct litparse *lp, struct litset *out)
{
	struct litset b;
	size_t i;
	bool ok = true;

	memset(out, 0, sizeof(*out));
	for (;;) {
		lit_seq(lp, &b);
		if (b.n == 0 || out->n + b.n > LOG_MAX_LITERALS)
			ok = false;
		for (i = 0; ok && i < b.n; i++) {
			out->s[out->n] = b.s[i];
			out->len[out->n++] = b.len[i];
		}
		if (lp->unsafe || lp->p >= lp->end || *lp->p != '|')
			break;
		lp->p++;
	}
	if (!ok)
		out->n = 0;
}

/*
 * The literals one of which every match of pattern contains, decoded into
 * scratch (2 * strlen(pattern) + 2 bytes); false when none can be derived
 * safely (inline options, \Q, a branch without a literal of at least
 * LOG_MIN_LITERAL bytes).  Case-sensitive, like the pattern as compiled.
 */
static bool
log_literals(const char *pattern, char *scratch, struct litset *out)
{
	struct litparse lp;

	lp.p = pattern;
	lp.end = pattern + strlen(pattern);
	lp.out = scratch;
	lp.unsafe = false;
	lit_alt(&lp, out);
	if (lp.unsafe || lp.p != lp.end ||
	    litset_score(out) < LOG_MIN_LITERAL) {
		out->n = 0;
		return false;
	}
	return true;
}

size_t
eval_log_literals(const char *pattern, char *scratch, const char **lits,
    size_t max)
{
	struct litset set;
	size_t i;

	if (!log_literals(pattern, scratch, &set))
		return 0;
	for (i = 0; i < set.n && i < max; i++)
		lits[i] = set.s[i];
	return i;
}

struct log_hit {
	size_t		 event;		/* index into m->log_events */
	int64_t		 t;		/* its time, 0 when unknown */
};

static int
hit_cmp(const void *a, const void *b)
{
	const struct log_hit *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->event < y->event ? -1 : x->event > y->event;
}

/*
 * Is there a run of min_count hits (sorted by time) within window
 * seconds?  A hit without a time fits any window.
 */
static bool
hits_in_window(const struct log_hit *h, size_t n, unsigned long min_count,
    unsigned long window)
{
	size_t i, j = 0;

	if (n < min_count)
		return false;
	if (window == 0)
		return true;
	for (i = 0; i < n; i++) {
		while (h[i].t != 0 && h[j].t != 0 &&
		    h[i].t - h[j].t > (int64_t)window)
			j++;
		if (i - j + 1 >= min_count)
			return true;
	}
	return false;
}

struct log_matcher {
	pcre2_code		*re;
	pcre2_code		*exclude;	/* or NULL */
	pcre2_match_data	*md;
	pcre2_match_context	*mc;
	struct litset		 lits;		/* n == 0: no prefilter */
	unsigned long		 candidates;	/* lines the prefilter let by */
};

static bool
re_matches(const struct log_matcher *lm, pcre2_code *re, const char *text)
{
	return pcre2_match(re, (PCRE2_SPTR)text, strlen(text), 0, 0, lm->md,
	    lm->mc) >= 0;
}

/* Does the pattern match the event's message or error (and not exclude)? */
static bool
event_matches(struct log_matcher *lm, const struct model_log_event *e)
{
	const char *texts[2] = { e->msg, e->error };
	size_t i, k;
	bool hit = false;

	for (i = 0; i < 2 && !hit; i++) {
		if (texts[i] == NULL)
			continue;
		if (lm->lits.n > 0) {
			for (k = 0; k < lm->lits.n; k++)
				if (strstr(texts[i], lm->lits.s[k]) != NULL)
					break;
			if (k == lm->lits.n)
				continue;
		}
		lm->candidates++;
		hit = re_matches(lm, lm->re, texts[i]);
	}
	if (!hit || lm->exclude == NULL)
		return hit;
	for (i = 0; i < 2; i++)
		if (texts[i] != NULL && re_matches(lm, lm->exclude, texts[i]))
			return false;
	return true;
}

static pcre2_code *
log_compile(const char *pattern)
{
	pcre2_code *re;
	int err;
	PCRE2_SIZE off;

	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0,
	    &err, &off, NULL);
	if (re != NULL)
		(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

/* The matching lines of one node. */
struct log_node {
	const char	*name;		/* node, else the pod, else "?" */
	const char	*pod;		/* the agent (or operator) pod */
	size_t		 count;
	size_t		 prev;		/* of them in a previous container's log */
	size_t		 first, last;	/* indexes into the sorted hits */
};

static int
log_node_cmp(const void *a, const void *b)
{
	return strcmp(((const struct log_node *)a)->name,
	    ((const struct log_node *)b)->name);
}

/* One line of text, cut at a newline or LOG_EXCERPT_MAX bytes. */
static void
add_one_line(struct buf *b, const char *s)
{
	size_t n = strcspn(s, "\n");

	if (n > LOG_EXCERPT_MAX) {
		buf_add(b, s, LOG_EXCERPT_MAX);
		buf_addstr(b, "...");
	} else
		buf_add(b, s, n);
}

/* The quoted form of a kept line: "<time> <level> <msg> error=...". */
static void
log_excerpt(struct eval_ctx *ctx, struct finding *f,
    const struct model_log_event *e, const char *prefix)
{
	struct buf b = BUF_INIT;

	buf_addstr(&b, prefix);
	if (e->time != NULL)
		buf_addf(&b, "%s ", e->time);
	buf_addf(&b, "%s: ", log_level_name(e->level));
	add_one_line(&b, e->msg != NULL ? e->msg : "");
	if (e->error != NULL) {
		buf_addstr(&b, " error=\"");
		add_one_line(&b, e->error);
		buf_addch(&b, '"');
	}
	finding_evidence(ctx, f, e->src.path, e->src.line, "%s", b.ptr);
	buf_release(&b);
}

/* The namespace of the pod named name, or NULL. */
static const char *
pod_ns(const struct model *m, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < m->npods; i++)
		if (m->pods[i].name != NULL && strcmp(m->pods[i].name,
		    name) == 0)
			return m->pods[i].ns;
	return NULL;
}

/*
 * Quote the last kept lines of the previous container's log `path` after
 * event index `after`: how that container ended.
 */
static void
log_prev_last_lines(struct eval_ctx *ctx, struct finding *f,
    const char *path, size_t after)
{
	const struct model *m = ctx->m;
	size_t i, idx[LOG_PREV_LAST_LINES], n = 0;

	for (i = m->nlog_events; i > after + 1 && n < LOG_PREV_LAST_LINES;
	    i--)
		if (strcmp(m->log_events[i - 1].src.path, path) == 0)
			idx[n++] = i - 1;
	while (n > 0)
		log_excerpt(ctx, f, &m->log_events[idx[--n]],
		    "last words of the previous container: ");
}

/* The endpoints a finding's lines name, as they are now. */
struct ep_states {
	size_t		 named;		/* affected endpoints the model knows */
	size_t		 ready;		/* of them, ready now */
	struct buf	 text;		/* "shop/db is not-ready now" */
};

/* Look up the state of each affected endpoint ("ns/pod") in the model. */
static void
log_endpoint_states(struct eval_ctx *ctx, const struct finding *f,
    struct ep_states *st)
{
	const struct model *m = ctx->m;
	size_t i, j, nlisted = 0;

	for (i = 0; i < f->naffected; i++) {
		const char *a = f->affected[i], *slash = strchr(a, '/');

		if (slash == NULL)
			continue;
		for (j = 0; j < m->nendpoints; j++) {
			const struct model_endpoint *ep = &m->endpoints[j];

			if (ep->ns == NULL || ep->pod == NULL ||
			    ep->state == NULL ||
			    strlen(ep->ns) != (size_t)(slash - a) ||
			    strncmp(ep->ns, a, (size_t)(slash - a)) != 0 ||
			    strcmp(ep->pod, slash + 1) != 0)
				continue;
			st->named++;
			st->ready += strcmp(ep->state, "ready") == 0;
			if (nlisted++ < 4)
				buf_addf(&st->text, "%s%s is %s now",
				    nlisted > 1 ? ", " : "", a, ep->state);
			break;
		}
	}
	if (nlisted > 4)
		buf_addf(&st->text, " (and %zu more)", nlisted - 4);
	if (st->named > 0 && st->ready == st->named)
		buf_addstr(&st->text, st->named == 1 ? ": the failure was "
		    "overcome" : ": the failures were overcome");
}

/* Group the sorted hits by node; returns the nodes, sorted by name. */
static struct log_node *
log_nodes(const struct model *m, const struct log_hit *hits, size_t n,
    size_t *np)
{
	struct log_node *nodes = NULL;
	size_t i, j, nn = 0, cap = 0;

	for (i = 0; i < n; i++) {
		const struct model_log_event *e = &m->log_events[hits[i].event];
		const char *name = e->node != NULL ? e->node :
		    e->pod != NULL ? e->pod : "?";

		for (j = 0; j < nn; j++)
			if (strcmp(nodes[j].name, name) == 0)
				break;
		if (j == nn) {
			nodes = xgrow(nodes, &cap, nn + 1, sizeof(*nodes));
			memset(&nodes[nn], 0, sizeof(nodes[nn]));
			nodes[nn].name = name;
			nodes[nn].pod = e->pod;
			nodes[nn].first = i;
			nn++;
		}
		nodes[j].count++;
		nodes[j].prev += e->previous;
		nodes[j].last = i;
	}
	if (nn > 1)
		qsort(nodes, nn, sizeof(*nodes), log_node_cmp);
	*np = nn;
	return nodes;
}

/* Build the finding for the hits (sorted by time). */
static void
log_finding(struct eval_ctx *ctx, const struct log_hit *hits, size_t n)
{
	struct model *m = ctx->m;
	const struct rule *r = ctx->rule;
	const struct model_log_event *first = &m->log_events[hits[0].event];
	struct log_node *nodes;
	struct finding *f;
	struct buf counts = BUF_INIT, b = BUF_INIT;
	size_t i, j, nn, nprev = 0;
	const char *slash;
	struct ep_states states;

	memset(&states, 0, sizeof(states));
	buf_init(&states.text);
	nodes = log_nodes(m, hits, n, &nn);
	f = eval_finding_new(ctx);
	f->log_lines = n;
	for (i = 0; i < nn; i++) {
		nprev += nodes[i].prev;
		finding_subject(ctx, f, "Node", NULL, nodes[i].name);
		buf_addf(&counts, "%s%s: %zu", i ? ", " : "", nodes[i].name,
		    nodes[i].count);
		if (nodes[i].prev > 0)
			buf_addf(&counts, " (%s%zu in the previous container's "
			    "log)", nodes[i].prev == nodes[i].count ? "all " :
			    "", nodes[i].prev);
	}
	/* Affected: the endpoints the lines name, else the agents. */
	for (i = 0; i < n; i++) {
		const char *ep = m->log_events[hits[i].event].endpoint_pod;

		if (ep != NULL && (slash = strchr(ep, '/')) != NULL) {
			buf_reset(&b);
			buf_add(&b, ep, (size_t)(slash - ep));
			finding_affected(ctx, f, b.ptr, slash + 1);
		}
	}
	log_endpoint_states(ctx, f, &states);
	if (f->naffected == 0)
		for (i = 0; i < nn; i++)
			if (nodes[i].pod != NULL)
				finding_affected(ctx, f, pod_ns(m, nodes[i].pod),
				    nodes[i].pod);
	/* The first and the last line of each node: when it began, ended. */
	for (i = 0; i < nn && i < LOG_MAX_NODES_QUOTED; i++) {
		log_excerpt(ctx, f, &m->log_events[hits[nodes[i].first].event],
		    "");
		log_excerpt(ctx, f, &m->log_events[hits[nodes[i].last].event],
		    "");
	}
	/* A previous container's log: quote how that container ended. */
	for (i = 0; i < n; i++) {
		const struct model_log_event *e = &m->log_events[hits[i].event];
		size_t after = hits[i].event;

		if (!e->previous)
			continue;
		for (j = 0; j < i; j++)
			if (m->log_events[hits[j].event].src.path == e->src.path)
				break;
		if (j < i)
			continue;	/* that log is done */
		for (j = i + 1; j < n; j++)
			if (m->log_events[hits[j].event].src.path ==
			    e->src.path && hits[j].event > after)
				after = hits[j].event;
		log_prev_last_lines(ctx, f, e->src.path, after);
	}
	if (nn == 1)
		finding_title(ctx, f, "%s on %s", r->title, nodes[0].name);
	else
		finding_title(ctx, f, "%s on %zu nodes", r->title, nn);
	buf_reset(&b);
	add_one_line(&b, first->msg != NULL ? first->msg : "");
	buf_addch(&b, '"');
	/* The first error the lines carry says what failed. */
	for (i = 0; i < n; i++) {
		const struct model_log_event *e = &m->log_events[hits[i].event];

		if (e->error == NULL)
			continue;
		buf_addf(&b, " (%serror: ", i > 0 ? "first " : "");
		add_one_line(&b, e->error);
		buf_addch(&b, ')');
		break;
	}
	if (states.text.len > 0)
		buf_addf(&b, ". %s", states.text.ptr);
	finding_message(ctx, f, "%.*s. %zu matching log line%s on %zu node%s "
	    "(%s); the first%s%s: \"%s.%s", (int)(strlen(r->summary) -
	    (*r->summary != '\0' && r->summary[strlen(r->summary) - 1] ==
	    '.')), r->summary, n, n == 1 ? "" : "s",
	    nn, nn == 1 ? "" : "s", counts.ptr, first->time != NULL ?
	    " at " : "", first->time != NULL ? first->time : "", b.ptr,
	    nprev == n ? " Only previous containers logged it: it came "
	    "before a restart, and the current containers have not logged it "
	    "again." : "");
	if (nn == 1 && nodes[0].name[0] != '?') {
		f->cause = arena_printf(ctx->out->a, "agent/%s", nodes[0].name);
		/* The story of a crash: it corroborates the crash finding. */
		f->generic = nprev == n;
	}
	if (nprev == n)
		f->confidence = 0.8;
	/*
	 * The lines say an endpoint failed at some time; its state now says
	 * whether that still holds.  Ready again: a failure that was overcome.
	 */
	if (states.named > 0 && states.ready == states.named)
		f->confidence *= 0.6;
	else if (states.named > 0)
		f->confidence *= 0.9;
	buf_release(&counts);
	buf_release(&b);
	buf_release(&states.text);
	free(nodes);
}

static void
run_log_check(struct eval_ctx *ctx)
{
	const struct log_check *c = &ctx->rule->log;
	struct model *m = ctx->m;
	struct log_matcher lm;
	struct log_hit *hits = NULL;
	size_t n = 0, cap = 0, i, nlogs = 0;
	enum log_level min = LOG_LEVEL_WARNING;
	char *scratch = NULL;

	if (c->min_level != NULL) {
		min = log_level_parse(c->min_level, strlen(c->min_level));
		if (min < LOG_LEVEL_WARNING) {
			eval_not_evaluated(ctx, "the rule reads %s lines; only "
			    "warnings and worse are kept from agent logs",
			    c->min_level);
			return;
		}
	}
	for (i = 0; i < m->inv.nartifacts; i++)
		nlogs += m->inv.artifacts[i].kind == ART_AGENT_LOG ||
		    m->inv.artifacts[i].kind == ART_OPERATOR_LOG;
	if (nlogs == 0) {
		eval_not_evaluated(ctx, "the sysdump has no agent or operator "
		    "logs");
		return;
	}
	memset(&lm, 0, sizeof(lm));
	if ((lm.re = log_compile(c->pattern)) == NULL) {
		eval_not_evaluated(ctx, "the pattern does not compile");
		return;
	}
	if (c->exclude != NULL && (lm.exclude = log_compile(c->exclude)) ==
	    NULL) {
		pcre2_code_free(lm.re);
		eval_not_evaluated(ctx, "the exclude pattern does not compile");
		return;
	}
	if (c->literal != NULL && *c->literal != '\0') {
		lm.lits.n = 1;
		lm.lits.s[0] = c->literal;
		lm.lits.len[0] = strlen(c->literal);
	} else {
		scratch = xmalloc(2 * strlen(c->pattern) + 2);
		(void)log_literals(c->pattern, scratch, &lm.lits);
	}
	lm.md = pcre2_match_data_create_from_pattern(lm.re, NULL);
	lm.mc = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(lm.mc, LOG_MATCH_LIMIT);
	pcre2_set_depth_limit(lm.mc, LOG_DEPTH_LIMIT);
	for (i = 0; i < m->nlog_events; i++) {
		const struct model_log_event *e = &m->log_events[i];

		if (e->level < min || (c->previous_only && !e->previous))
			continue;
		if (!event_matches(&lm, e))
			continue;
		hits = xgrow(hits, &cap, n + 1, sizeof(*hits));
		hits[n].event = i;
		hits[n++].t = e->time_sec;
	}
	pcre2_match_context_free(lm.mc);
	pcre2_match_data_free(lm.md);
	pcre2_code_free(lm.re);
	pcre2_code_free(lm.exclude);
	free(scratch);
	if (n > 1)
		qsort(hits, n, sizeof(*hits), hit_cmp);
	if (n > 0 && hits_in_window(hits, n, c->min_count, c->window))
		log_finding(ctx, hits, n);
	free(hits);
}
