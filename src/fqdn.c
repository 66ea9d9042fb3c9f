/*
 * fqdn.c: toFQDNs selectors matched against DNS names (see fqdn.h).
 *
 * A matchPattern becomes the anchored regular expression Cilium builds
 * (escapeRegexpCharacters in pkg/fqdn/matchpattern/matchpattern.go) and
 * is compiled with PCRE2; names and patterns are lowered and made fully
 * qualified first, as dns.FQDN and Sanitize do.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "arena.h"
#include "buf.h"
#include "fqdn.h"
#include "xalloc.h"

#define DNS_CHARS	"[-a-zA-Z0-9_]"
#define FQDN_MAX	255	/* MaxFQDNLength */
/* A match that needs more than these is undecided, not a match. */
#define FQDN_MATCH_LIMIT	1000000
#define FQDN_DEPTH_LIMIT	1000
#define FQDN_DFA_WORKSPACE	4096	/* ints, for pcre2_dfa_match */

/* Lowered, trimmed, with a trailing dot; false when empty or too long. */
static bool
canonical(const char *s, char *out, size_t n)
{
	size_t len, i;

	while (*s != '\0' && isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if (len == 0 || len + 2 > n || len > FQDN_MAX)
		return false;
	for (i = 0; i < len; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	if (out[len - 1] != '.')
		out[len++] = '.';
	out[len] = '\0';
	return true;
}

/* Only stars, with an optional final dot: the match-all pattern. */
static bool
is_wildcard(const char *p)
{
	size_t len = strlen(p), i;

	if (len > 0 && p[len - 1] == '.')
		len--;
	if (len == 0)
		return false;
	for (i = 0; i < len; i++)
		if (p[i] != '*')
			return false;
	return true;
}

/* The anchored regular expression of a canonical pattern. */
static void
pattern_regex(const char *p, struct buf *b)
{
	size_t i = 0, stars = 0;

	while (p[stars] == '*')
		stars++;
	buf_addch(b, '^');
	if (stars >= 2 && p[stars] == '.') {
		/* "**." : one or more whole labels */
		buf_addstr(b, "(" DNS_CHARS "+([.]" DNS_CHARS "+){0,})[.]");
		i = stars + 1;
	}
	for (; p[i] != '\0'; i++) {
		if (p[i] == '.')
			buf_addstr(b, "[.]");
		else if (p[i] == '*') {
			while (p[i + 1] == '*')
				i++;
			buf_addstr(b, DNS_CHARS "*");
		} else if (isalnum((unsigned char)p[i]) || p[i] == '-' ||
		    p[i] == '_')
			buf_addch(b, p[i]);
		else
			buf_addf(b, "\\x{%02x}", (unsigned char)p[i]);
	}
	buf_addch(b, '$');
}

struct fqdn_matcher {
	char			 name[FQDN_MAX + 2];	/* matchName, canonical */
	pcre2_code		*code;			/* matchPattern */
	pcre2_match_data	*md;
	pcre2_match_context	*mc;
	bool			 none;			/* selects nothing */
};

struct fqdn_matcher *
fqdn_matcher_new(const struct policy_fqdn *f)
{
	struct fqdn_matcher *mt = xcalloc(1, sizeof(*mt));
	char cp[FQDN_MAX + 2];
	struct buf re = BUF_INIT;
	PCRE2_SIZE off;
	int err;

	if (f->match_name != NULL) {
		mt->none = !canonical(f->match_name, mt->name,
		    sizeof(mt->name));
		return mt;
	}
	if (f->match_pattern == NULL) {
		mt->none = true;
		return mt;
	}
	if (is_wildcard(f->match_pattern))
		/* ToAnchoredRegexp's match-all: any DNS labels, or "." */
		buf_addstr(&re, "(^(" DNS_CHARS "+[.])+$)|(^[.]$)");
	else if (canonical(f->match_pattern, cp, sizeof(cp)))
		pattern_regex(cp, &re);
	else {
		mt->none = true;
		return mt;
	}
	mt->code = pcre2_compile((PCRE2_SPTR)re.ptr, re.len, 0, &err, &off,
	    NULL);
	buf_release(&re);
	if (mt->code != NULL) {
		mt->md = pcre2_match_data_create_from_pattern(mt->code, NULL);
		mt->mc = pcre2_match_context_create(NULL);
		if (mt->mc != NULL) {
			pcre2_set_match_limit(mt->mc, FQDN_MATCH_LIMIT);
			pcre2_set_depth_limit(mt->mc, FQDN_DEPTH_LIMIT);
		}
	}
	mt->none = mt->code == NULL || mt->md == NULL || mt->mc == NULL;
	return mt;
}

int
fqdn_matcher_match(const struct fqdn_matcher *mt, const char *name)
{
	char cn[FQDN_MAX + 2];
	int rc, ws[FQDN_DFA_WORKSPACE];

	if (mt->none || name == NULL || !canonical(name, cn, sizeof(cn)))
		return 0;
	if (mt->code == NULL)
		return strcmp(mt->name, cn) == 0;
	/*
	 * The DFA matcher: no backtracking, so "*a*a*a..." patterns cost
	 * time linear in the name times the pattern, not exponential.
	 */
	rc = pcre2_dfa_match(mt->code, (PCRE2_SPTR)cn, strlen(cn), 0, 0,
	    mt->md, mt->mc, ws, sizeof(ws) / sizeof(ws[0]));
	if (rc >= 0)
		return 1;
	return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

void
fqdn_matcher_free(struct fqdn_matcher *mt)
{
	if (mt == NULL)
		return;
	pcre2_match_context_free(mt->mc);
	pcre2_match_data_free(mt->md);
	pcre2_code_free(mt->code);
	free(mt);
}

bool
fqdn_selector_matches(const struct policy_fqdn *f, const char *name)
{
	struct fqdn_matcher *mt = fqdn_matcher_new(f);
	int r = fqdn_matcher_match(mt, name);

	fqdn_matcher_free(mt);
	return r == 1;
}

const char *
fqdn_selector_text(struct arena *a, const struct policy_fqdn *f)
{
	if (f->match_name != NULL)
		return arena_printf(a, "matchName: %s", f->match_name);
	return arena_printf(a, "matchPattern: %s", f->match_pattern != NULL ?
	    f->match_pattern : "");
}

static bool
in_list(const char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

static bool
same_node(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

struct answers {
	struct fqdn_answer	*v;
	size_t			 n;
	size_t			 cap;
};

/* Add one answer unless its (name, node) is there already. */
static void
answer_add(struct answers *as, const char *name, const char *node,
    const char *path, unsigned long line)
{
	size_t i;

	for (i = 0; i < as->n; i++)
		if (strcmp(as->v[i].name, name) == 0 &&
		    same_node(as->v[i].node, node))
			return;
	as->v = xgrow(as->v, &as->cap, as->n + 1, sizeof(*as->v));
	as->v[as->n].name = name;
	as->v[as->n].node = node;
	as->v[as->n].path = path;
	as->v[as->n].line = line;
	as->n++;
}

size_t
fqdn_answers_for_ip(const struct model *m, struct arena *a, const char *ip,
    const struct fqdn_answer **out)
{
	struct answers as = { NULL, 0, 0 };
	size_t i, j;

	*out = NULL;
	if (ip == NULL)
		return 0;
	/* The agents' DNS caches: what each DNS proxy holds now. */
	for (i = 0; i < m->nagents; i++) {
		const struct fqdn_cache_result *c = m->agents[i].fqdn_cache;

		for (j = 0; c != NULL && j < c->nentries; j++)
			if (in_list(c->entries[j].ips, c->entries[j].nips, ip))
				answer_add(&as, c->entries[j].name,
				    m->agents[i].node, c->path,
				    c->entries[j].line);
	}
	/* The DNS responses Hubble recorded. */
	for (i = 0; i < m->nflow_files; i++) {
		const struct model_flows *mf = &m->flow_files[i];

		for (j = 0; j < mf->r.nflows; j++) {
			const struct flow_record *fr = &mf->r.flows[j];

			if (fr->l7.proto == FLOW_L7_DNS &&
			    fr->l7.dns_query != NULL &&
			    in_list(fr->l7.dns_ips, fr->l7.ndns_ips, ip))
				answer_add(&as, fr->l7.dns_query, mf->node,
				    mf->r.path, fr->line);
		}
	}
	if (as.n > 0)
		*out = arena_memdup(a, as.v, as.n * sizeof(*as.v));
	free(as.v);
	return as.n;
}
