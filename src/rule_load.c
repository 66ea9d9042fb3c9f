/*
 * rule_load.c: reading and validating rule files (see rule.h).
 *
 * Each file is one YAML document, parsed with the project's YAML layer so
 * every value keeps its line.  Validation is strict: an unknown field, a
 * missing field, a bad severity, version range, duration, operator or
 * PCRE2 pattern is an error at the line of the offending value, and the
 * rule is left out rather than half-loaded.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <stdarg.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <pcre2.h>

#include "arena.h"
#include "buf.h"
#include "classify.h"
#include "diag.h"
#include "parse_yaml.h"
#include "rule.h"
#include "xalloc.h"

/* Rule files are small; anything larger is no rule file. */
#define RULE_FILE_MAX	(1u << 20)

static const struct {
	const char	*name;
	unsigned	 weight;
} severities[] = {
#define X(e, name, weight) { name, weight },
	SEVERITIES(X)
#undef X
};

const char *
severity_name(enum severity s)
{
	return severities[s].name;
}

unsigned
severity_weight(enum severity s)
{
	return severities[s].weight;
}

bool
severity_parse(const char *s, enum severity *out)
{
	size_t i;

	for (i = 0; i < sizeof(severities) / sizeof(severities[0]); i++)
		if (strcmp(s, severities[i].name) == 0) {
			*out = (enum severity)i;
			return true;
		}
	return false;
}

bool
version_parse(const char *s, struct version *out)
{
	unsigned long v[3] = { 0, 0, 0 };
	char *end;
	int i;

	memset(out, 0, sizeof(*out));
	if (*s == 'v')
		s++;
	for (i = 0; i < 3; i++) {
		if (!isdigit((unsigned char)*s))
			return i >= 2;
		v[i] = strtoul(s, &end, 10);
		if (v[i] > 100000)
			return false;
		s = end;
		out->major = (unsigned)v[0];
		out->minor = (unsigned)v[1];
		out->patch = (unsigned)v[2];
		if (*s != '.')
			return i >= 1;
		s++;
	}
	return true;
}

int
version_cmp(const struct version *a, const struct version *b)
{
	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	if (a->minor != b->minor)
		return a->minor < b->minor ? -1 : 1;
	if (a->patch != b->patch)
		return a->patch < b->patch ? -1 : 1;
	return 0;
}

bool
rule_applies_to(const struct rule *r, const struct version *v)
{
	size_t i;

	if (r->nversions == 0 || v == NULL)
		return true;
	for (i = 0; i < r->nversions; i++) {
		const struct version_range *x = &r->versions[i];

		if (x->has_lo && version_cmp(v, &x->lo) < 0)
			continue;
		if (x->has_hi && version_cmp(v, &x->hi) >= 0)
			continue;
		return true;
	}
	return false;
}

/* The next version after v at its own precision ("1.16" -> 1.17.0). */
static struct version
version_next(const struct version *v, bool patch)
{
	struct version n = *v;

	if (patch)
		n.patch++;
	else {
		n.minor++;
		n.patch = 0;
	}
	return n;
}

/*
 * Parse one range: words separated by spaces, each ">=V", ">V", "<V",
 * "<=V", "=V" or a bare "V" (that minor release, or that patch when
 * given).  NULL when fine, else why not.
 */
static const char *
range_parse(const char *text, struct version_range *out)
{
	char buf[128], *w, *save = NULL, *p;
	struct version v;
	bool patch;

	memset(out, 0, sizeof(*out));
	if (strlen(text) >= sizeof(buf))
		return "version range too long";
	memcpy(buf, text, strlen(text) + 1);
	for (w = buf; *w != '\0'; w = save) {
		while (*w == ' ' || *w == ',')
			w++;
		if (*w == '\0')
			break;
		save = w + strcspn(w, " ,");
		if (*save != '\0')
			*save++ = '\0';
		p = w;
		while (*p == '<' || *p == '>' || *p == '=')
			p++;
		if (!version_parse(p, &v))
			return "bad version in range";
		patch = strchr(strchr(p, '.') != NULL ? strchr(p, '.') + 1 : p,
		    '.') != NULL;
		if (strncmp(w, ">=", 2) == 0) {
			out->has_lo = true;
			out->lo = v;
		} else if (w[0] == '>') {
			out->has_lo = true;
			out->lo = version_next(&v, patch);
		} else if (strncmp(w, "<=", 2) == 0) {
			out->has_hi = true;
			out->hi = version_next(&v, patch);
		} else if (w[0] == '<') {
			out->has_hi = true;
			out->hi = v;
		} else {
			/* "=1.16" or "1.16": that release line only. */
			out->has_lo = out->has_hi = true;
			out->lo = v;
			out->hi = version_next(&v, patch);
		}
	}
	if (!out->has_lo && !out->has_hi)
		return "empty version range";
	if (out->has_lo && out->has_hi && version_cmp(&out->lo, &out->hi) >= 0)
		return "version range is empty (lower bound not below upper)";
	return NULL;
}

/* What one file's parse needs. */
struct loader {
	struct ruleset			*rs;
	rule_builtin_known_fn		 known;
	struct diag_list		*errs;
	const char			*name;
	const struct json_lines		*lines;
	unsigned long			 item_line;
	int				 loaded;
	bool				 bad;
};

static unsigned long
where(const struct loader *l, const json_t *v)
{
	unsigned long line = json_lines_get(l->lines, v);

	return line ? line : l->item_line;
}

static void
lerr(struct loader *l, const json_t *v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
lerr(struct loader *l, const json_t *v, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	diag_add(l->errs, DIAG_ERROR, l->name, where(l, v), "%s", b.ptr);
	buf_release(&b);
	l->bad = true;
}

static bool
key_in(const char *k, const char *const *keys)
{
	for (; *keys != NULL; keys++)
		if (strcmp(k, *keys) == 0)
			return true;
	return false;
}

/* Refuse keys of obj that are not in keys (a typo must not pass). */
static void
only_keys(struct loader *l, json_t *obj, const char *what,
    const char *const *keys)
{
	const char *k;
	json_t *v;

	json_object_foreach(obj, k, v)
		if (!key_in(k, keys))
			lerr(l, v, "unknown field '%s' in %s", k, what);
}

/* A required (or optional) non-empty string field, arena copy. */
static const char *
field_str(struct loader *l, json_t *obj, const char *key, bool required)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL) {
		if (required)
			lerr(l, obj, "missing field '%s'", key);
		return NULL;
	}
	if (!json_is_string(v) || json_string_length(v) == 0) {
		lerr(l, v, "field '%s' must be a non-empty string", key);
		return NULL;
	}
	return arena_strdup(l->rs->a, json_string_value(v));
}

/* "30s", "10m", "2h", "1d" or a number of seconds. */
static bool
duration_parse(json_t *v, unsigned long *out)
{
	const char *s;
	char *end;
	unsigned long n;

	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = (unsigned long)json_integer_value(v);
		return true;
	}
	if (!json_is_string(v))
		return false;
	s = json_string_value(v);
	if (!isdigit((unsigned char)*s))
		return false;
	n = strtoul(s, &end, 10);
	switch (*end) {
	case '\0':
	case 's':
		break;
	case 'm':
		n *= 60;
		break;
	case 'h':
		n *= 3600;
		break;
	case 'd':
		n *= 86400;
		break;
	default:
		return false;
	}
	if (*end != '\0' && end[1] != '\0')
		return false;
	*out = n;
	return true;
}

/* Does check.log.<key> (pattern, when set) compile?  An error if not. */
static bool
regex_ok(struct loader *l, json_t *c, const char *key, const char *pattern)
{
	pcre2_code *re;
	int errcode;
	PCRE2_SIZE off;
	PCRE2_UCHAR msg[256];

	if (pattern == NULL)
		return true;
	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0,
	    &errcode, &off, NULL);
	if (re == NULL) {
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		lerr(l, json_object_get(c, key), "check.log.%s does not "
		    "compile at offset %zu: %s", key, (size_t)off, (char *)msg);
		return false;
	}
	pcre2_code_free(re);
	return true;
}

static void
read_log_check(struct loader *l, struct rule *r, json_t *c)
{
	static const char *const keys[] = { "pattern", "literal", "exclude",
	    "min_level", "min_count", "window", "previous_only", NULL };
	static const char *const levels[] = { "debug", "info", "warning",
	    "error", "fatal", "panic", NULL };
	json_t *v;

	only_keys(l, c, "check.log", keys);
	r->log.pattern = field_str(l, c, "pattern", true);
	r->log.literal = field_str(l, c, "literal", false);
	r->log.exclude = field_str(l, c, "exclude", false);
	r->log.min_level = field_str(l, c, "min_level", false);
	if (r->log.min_level != NULL && !key_in(r->log.min_level, levels))
		lerr(l, json_object_get(c, "min_level"), "check.log.min_level "
		    "must be one of debug, info, warning, error, fatal, panic");
	r->log.min_count = 1;
	if ((v = json_object_get(c, "min_count")) != NULL) {
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			lerr(l, v, "check.log.min_count must be a positive "
			    "integer");
		else
			r->log.min_count = (unsigned long)json_integer_value(v);
	}
	if ((v = json_object_get(c, "window")) != NULL &&
	    !duration_parse(v, &r->log.window))
		lerr(l, v, "check.log.window must be a duration (30s, 10m, 2h)");
	v = json_object_get(c, "previous_only");
	if (v != NULL && !json_is_boolean(v))
		lerr(l, v, "check.log.previous_only must be true or false");
	r->log.previous_only = json_is_true(v);
	/* The exclude pattern is checked once the pattern is known good. */
	if (r->log.pattern != NULL && regex_ok(l, c, "pattern", r->log.pattern))
		(void)regex_ok(l, c, "exclude", r->log.exclude);
}

static void
read_config_check(struct loader *l, struct rule *r, json_t *c)
{
	static const char *const keys[] = { "key", "op", "value", "default",
	    NULL };
	static const char *const ops[] = { "equals", "not-equals", "absent",
	    "present", NULL };

	only_keys(l, c, "check.config", keys);
	r->config.key = field_str(l, c, "key", true);
	r->config.op = field_str(l, c, "op", true);
	r->config.value = field_str(l, c, "value", false);
	r->config.default_value = field_str(l, c, "default", false);
	if (r->config.op == NULL)
		return;
	if (!key_in(r->config.op, ops))
		lerr(l, json_object_get(c, "op"), "check.config.op must be one "
		    "of equals, not-equals, absent, present");
	else if ((strcmp(r->config.op, "equals") == 0 ||
	    strcmp(r->config.op, "not-equals") == 0) && r->config.value == NULL)
		lerr(l, c, "check.config.%s needs a value", r->config.op);
}

static void
read_json_check(struct loader *l, struct rule *r, json_t *c)
{
	static const char *const keys[] = { "artifact", "path", "op", "value",
	    NULL };
	static const char *const ops[] = { "equals", "not-equals", ">=", "<=",
	    ">", "<", "present", "absent", NULL };

	only_keys(l, c, "check.json", keys);
	r->json.artifact = field_str(l, c, "artifact", true);
	r->json.path = field_str(l, c, "path", true);
	r->json.op = field_str(l, c, "op", true);
	r->json.value = field_str(l, c, "value", false);
	if (r->json.artifact != NULL &&
	    artifact_kind_from_name(r->json.artifact) == ART_UNKNOWN)
		lerr(l, json_object_get(c, "artifact"), "check.json.artifact "
		    "'%s' is no artifact kind", r->json.artifact);
	if (r->json.op != NULL && !key_in(r->json.op, ops))
		lerr(l, json_object_get(c, "op"), "check.json.op '%s' is not "
		    "supported", r->json.op);
}

static void
read_check(struct loader *l, struct rule *r, json_t *c)
{
	static const char *const kinds[] = { "builtin", "params", "log",
	    "config", "json", NULL };
	json_t *v;
	int n = 0;

	if (!json_is_object(c)) {
		lerr(l, c != NULL ? c : NULL, "field 'check' must be a mapping");
		return;
	}
	only_keys(l, c, "check", kinds);
	if ((v = json_object_get(c, "builtin")) != NULL) {
		n++;
		r->check = CHECK_BUILTIN;
		r->builtin = field_str(l, c, "builtin", true);
		if (r->builtin != NULL && l->known != NULL &&
		    !l->known(r->builtin))
			lerr(l, v, "check.builtin '%s' is no built-in check",
			    r->builtin);
		if ((v = json_object_get(c, "params")) != NULL) {
			if (!json_is_object(v))
				lerr(l, v, "check.params must be a mapping");
			else
				r->params = json_incref(v);
		}
	} else if (json_object_get(c, "params") != NULL)
		lerr(l, json_object_get(c, "params"), "check.params goes "
		    "with check.builtin");
	if ((v = json_object_get(c, "log")) != NULL) {
		n++;
		r->check = CHECK_LOG;
		if (json_is_object(v))
			read_log_check(l, r, v);
		else
			lerr(l, v, "check.log must be a mapping");
	}
	if ((v = json_object_get(c, "config")) != NULL) {
		n++;
		r->check = CHECK_CONFIG;
		if (json_is_object(v))
			read_config_check(l, r, v);
		else
			lerr(l, v, "check.config must be a mapping");
	}
	if ((v = json_object_get(c, "json")) != NULL) {
		n++;
		r->check = CHECK_JSON;
		if (json_is_object(v))
			read_json_check(l, r, v);
		else
			lerr(l, v, "check.json must be a mapping");
	}
	if (n != 1)
		lerr(l, c, "check must have exactly one of builtin, log, config, "
		    "json");
}

/* Rule ids: upper-case words joined by '-' (rules.md). */
static bool
id_ok(const char *id)
{
	const char *p;
	bool dash = false;

	if (!isupper((unsigned char)*id))
		return false;
	for (p = id; *p != '\0'; p++) {
		if (*p == '-') {
			if (dash || p[1] == '\0')
				return false;
			dash = true;
			continue;
		}
		dash = false;
		if (!isupper((unsigned char)*p) && !isdigit((unsigned char)*p))
			return false;
	}
	return strchr(id, '-') != NULL;
}

static void
read_references(struct loader *l, struct rule *r, json_t *refs)
{
	json_t *e;
	size_t i;

	if (!json_is_array(refs) || json_array_size(refs) == 0) {
		lerr(l, refs, "field 'references' must list at least one doc "
		    "URL or source path");
		return;
	}
	r->references = arena_calloc(l->rs->a, json_array_size(refs),
	    sizeof(char *));
	json_array_foreach(refs, i, e) {
		const char *s = NULL;

		if (json_is_string(e))
			s = json_string_value(e);
		else if (json_is_object(e) && json_object_size(e) == 1 &&
		    json_is_string(json_object_get(e, "src")))
			s = arena_printf(l->rs->a, "src: %s", json_string_value(
			    json_object_get(e, "src")));
		if (s == NULL || *s == '\0') {
			lerr(l, e, "references[%zu] must be a URL or {src: "
			    "path}", i);
			continue;
		}
		if (json_is_string(e) && strncmp(s, "https://", 8) != 0 &&
		    strncmp(s, "http://", 7) != 0) {
			lerr(l, e, "references[%zu] must be a URL or {src: "
			    "path}", i);
			continue;
		}
		r->references[r->nreferences++] = arena_strdup(l->rs->a, s);
	}
}

static void
read_strings(struct loader *l, json_t *arr, const char *field,
    const char ***out, size_t *n)
{
	json_t *e;
	size_t i;

	*out = NULL;
	*n = 0;
	if (arr == NULL)
		return;
	if (!json_is_array(arr)) {
		lerr(l, arr, "field '%s' must be a list", field);
		return;
	}
	*out = arena_calloc(l->rs->a, json_array_size(arr) + 1,
	    sizeof(char *));
	json_array_foreach(arr, i, e) {
		if (!json_is_string(e)) {
			lerr(l, e, "%s[%zu] must be a string", field, i);
			continue;
		}
		(*out)[(*n)++] = arena_strdup(l->rs->a, json_string_value(e));
	}
}

static int
rule_item(void *ctx, json_t *o, unsigned long line,
    const struct json_lines *lines)
{
	static const char *const keys[] = { "id", "title", "severity",
	    "category", "summary", "explanation", "remediation", "references",
	    "versions", "inputs", "check", NULL };
	struct loader *l = ctx;
	struct rule r;
	json_t *v, *e;
	const char *sev;
	size_t i;

	l->lines = lines;
	l->item_line = line;
	l->bad = false;
	memset(&r, 0, sizeof(r));
	r.path = arena_strdup(l->rs->a, l->name);
	r.line = line;
	if (!json_is_object(o)) {
		lerr(l, o, "a rule file holds one mapping");
		return 0;
	}
	only_keys(l, o, "the rule", keys);
	r.id = field_str(l, o, "id", true);
	if (r.id != NULL && !id_ok(r.id))
		lerr(l, json_object_get(o, "id"), "id '%s' is not a rule id "
		    "(upper-case words joined by '-')", r.id);
	r.title = field_str(l, o, "title", true);
	r.category = field_str(l, o, "category", true);
	r.summary = field_str(l, o, "summary", true);
	r.explanation = field_str(l, o, "explanation", true);
	r.remediation = field_str(l, o, "remediation", true);
	if ((sev = field_str(l, o, "severity", true)) != NULL &&
	    !severity_parse(sev, &r.severity))
		lerr(l, json_object_get(o, "severity"), "severity '%s' must be "
		    "one of info, low, medium, high, critical", sev);
	if (json_object_get(o, "references") == NULL)
		lerr(l, o, "missing field 'references'");
	else
		read_references(l, &r, json_object_get(o, "references"));
	if ((v = json_object_get(o, "versions")) != NULL) {
		if (!json_is_array(v) || json_array_size(v) == 0)
			lerr(l, v, "field 'versions' must be a non-empty list");
		else {
			r.versions = arena_calloc(l->rs->a, json_array_size(v),
			    sizeof(*r.versions));
			json_array_foreach(v, i, e) {
				const char *why = json_is_string(e) ?
				    range_parse(json_string_value(e),
				    &r.versions[r.nversions]) :
				    "must be a string";

				if (why != NULL) {
					lerr(l, e, "versions[%zu]: %s", i, why);
					continue;
				}
				r.versions[r.nversions++].text = arena_strdup(
				    l->rs->a, json_string_value(e));
			}
		}
	}
	read_strings(l, json_object_get(o, "inputs"), "inputs", &r.inputs,
	    &r.ninputs);
	if (json_object_get(o, "check") == NULL)
		lerr(l, o, "missing field 'check'");
	else
		read_check(l, &r, json_object_get(o, "check"));
	if (r.id != NULL && ruleset_find(l->rs, r.id) != NULL)
		lerr(l, json_object_get(o, "id"), "rule %s is defined twice",
		    r.id);
	if (l->bad) {
		json_decref(r.params);
		return 0;
	}
	l->rs->rules = xgrow(l->rs->rules, &l->rs->cap, l->rs->nrules + 1,
	    sizeof(*l->rs->rules));
	l->rs->rules[l->rs->nrules++] = r;
	l->loaded++;
	return 0;
}

static int
rule_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rule *)a)->id,
	    ((const struct rule *)b)->id);
}

void
ruleset_init(struct ruleset *rs)
{
	memset(rs, 0, sizeof(*rs));
	rs->a = arena_new();
}

void
ruleset_release(struct ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->nrules; i++)
		json_decref(rs->rules[i].params);
	free(rs->rules);
	arena_free(rs->a);
	memset(rs, 0, sizeof(*rs));
}

const struct rule *
ruleset_find(const struct ruleset *rs, const char *id)
{
	size_t i;

	for (i = 0; i < rs->nrules; i++)
		if (strcmp(rs->rules[i].id, id) == 0)
			return &rs->rules[i];
	return NULL;
}

int
ruleset_load_string(struct ruleset *rs, const char *name, const char *text,
    size_t len, rule_builtin_known_fn known, struct diag_list *errs)
{
	struct loader l;

	memset(&l, 0, sizeof(l));
	l.rs = rs;
	l.known = known;
	l.errs = errs;
	l.name = name;
	yaml_parse_string(name, text, len, NULL, rule_item, &l, errs);
	if (rs->nrules > 1)
		qsort(rs->rules, rs->nrules, sizeof(*rs->rules), rule_cmp);
	return l.loaded;
}

int
ruleset_load_file(struct ruleset *rs, const char *path,
    rule_builtin_known_fn known, struct diag_list *errs)
{
	FILE *f = fopen(path, "rb");
	char *text;
	size_t n;
	int r;

	if (f == NULL) {
		diag_add(errs, DIAG_ERROR, path, 0, "cannot read rule file: %s",
		    strerror(errno));
		return -1;
	}
	text = xmalloc(RULE_FILE_MAX + 1);
	n = fread(text, 1, RULE_FILE_MAX + 1, f);
	fclose(f);
	if (n > RULE_FILE_MAX) {
		diag_add(errs, DIAG_ERROR, path, 0, "rule file is larger than "
		    "1 MiB");
		free(text);
		return -1;
	}
	r = ruleset_load_string(rs, path, text, n, known, errs);
	free(text);
	return r;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
ruleset_load_dir(struct ruleset *rs, const char *dir,
    rule_builtin_known_fn known, struct diag_list *errs)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL, *path;
	size_t n = 0, cap = 0, i, len;
	int total = 0, r;

	if (d == NULL) {
		diag_add(errs, DIAG_ERROR, dir, 0, "cannot read rules "
		    "directory: %s", strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".yaml") != 0 ||
		    de->d_name[0] == '.')
			continue;
		names = xgrow(names, &cap, n + 1, sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), str_cmp);
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		if ((r = ruleset_load_file(rs, path, known, errs)) > 0)
			total += r;
		free(path);
		free(names[i]);
	}
	free(names);
	return total;
}
