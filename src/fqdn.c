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

#define DNS_CHARS	"[-a-zA-Z0-9_]"
#define FQDN_MAX	255	/* MaxFQDNLength */

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

bool
fqdn_selector_matches(const struct policy_fqdn *f, const char *name)
{
	char cn[FQDN_MAX + 2], cp[FQDN_MAX + 2];
	struct buf re = BUF_INIT;
	pcre2_code *code;
	pcre2_match_data *md;
	PCRE2_SIZE off;
	int err, rc;

	if (name == NULL || !canonical(name, cn, sizeof(cn)))
		return false;
	if (f->match_name != NULL)
		return canonical(f->match_name, cp, sizeof(cp)) &&
		    strcmp(cp, cn) == 0;
	if (f->match_pattern == NULL)
		return false;
	if (is_wildcard(f->match_pattern))
		return true;
	if (!canonical(f->match_pattern, cp, sizeof(cp)))
		return false;
	pattern_regex(cp, &re);
	code = pcre2_compile((PCRE2_SPTR)re.ptr, re.len, 0, &err, &off, NULL);
	buf_release(&re);
	if (code == NULL)
		return false;
	md = pcre2_match_data_create_from_pattern(code, NULL);
	rc = md != NULL ? pcre2_match(code, (PCRE2_SPTR)cn, strlen(cn), 0, 0,
	    md, NULL) : -1;
	pcre2_match_data_free(md);
	pcre2_code_free(code);
	return rc >= 0;
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

/* Add one answer unless its (name, node) is there already. */
static void
answer_add(struct fqdn_answer *out, size_t max, size_t *n, const char *name,
    const char *node, const char *path, unsigned long line)
{
	size_t i;

	for (i = 0; i < *n && i < max; i++)
		if (strcmp(out[i].name, name) == 0 &&
		    same_node(out[i].node, node))
			return;
	if (*n < max) {
		out[*n].name = name;
		out[*n].node = node;
		out[*n].path = path;
		out[*n].line = line;
	}
	(*n)++;
}

size_t
fqdn_answers_for_ip(const struct model *m, const char *ip,
    struct fqdn_answer *out, size_t max)
{
	size_t i, j, n = 0;

	if (ip == NULL)
		return 0;
	/* The agents' DNS caches: what each DNS proxy holds now. */
	for (i = 0; i < m->nagents; i++) {
		const struct fqdn_cache_result *c = m->agents[i].fqdn_cache;

		for (j = 0; c != NULL && j < c->nentries; j++)
			if (in_list(c->entries[j].ips, c->entries[j].nips, ip))
				answer_add(out, max, &n, c->entries[j].name,
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
				answer_add(out, max, &n, fr->l7.dns_query,
				    mf->node, mf->r.path, fr->line);
		}
	}
	return n;
}
