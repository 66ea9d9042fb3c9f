/*
 * art_fqdn.c: `cilium(-dbg) fqdn cache list` text into DNS cache entries
 * (see art_fqdn.h).  Columns are found by their titles, so the table with
 * and without the Source column reads the same.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "art_fqdn.h"
#include "cmdtext.h"
#include "netaddr.h"
#include "xalloc.h"

struct ctx {
	struct arena		*a;
	struct strtab		*st;
	struct cmdtext_stream	 in;
	struct cmdtext_header	 h;
	bool			 in_table;
	int			 c_ep, c_src, c_name, c_ips;
	struct fqdn_cache_entry	*v;
	size_t			 n, cap;
	bool			 capped;
};

static bool
header_line(struct ctx *c, const char *line, size_t len)
{
	struct cmdtext_header h;

	if (cmdtext_header_parse(line, len, &h) < 3)
		return false;
	c->c_name = cmdtext_header_find(&h, "FQDN");
	c->c_ips = cmdtext_header_find(&h, "IPs");
	c->c_ep = cmdtext_header_find(&h, "Endpoint");
	c->c_src = cmdtext_header_find(&h, "Source");
	if (c->c_name < 0 || c->c_ips < 0)
		return false;
	c->h = h;
	c->in_table = true;
	return true;
}

static void
row(struct ctx *c, const char *line, size_t len, unsigned long lineno)
{
	struct cmdtext_cell cells[CMDTEXT_MAX_COLS];
	struct fqdn_cache_entry e;
	const char **ips = NULL, *p, *end, *comma;
	size_t nips = 0, cap = 0;
	bool mis;
	char ip[64];
	struct ip_prefix pf;

	if (c->n >= FQDN_CACHE_MAX_ENTRIES) {
		if (!c->capped)
			diag_add(c->in.diags, DIAG_WARNING, c->in.path, lineno,
			    "too many DNS cache entries: kept the first %d",
			    FQDN_CACHE_MAX_ENTRIES);
		c->capped = true;
		return;
	}
	cmdtext_row_split(&c->h, line, len, cells, &mis);
	memset(&e, 0, sizeof(e));
	e.line = lineno;
	if (cells[c->c_name].len == 0) {
		cmdtext_row_error(&c->in.errs, c->in.diags, c->in.path, lineno,
		    "cannot parse DNS cache entry: no FQDN");
		return;
	}
	e.name = intern_n(c->st, cells[c->c_name].s, cells[c->c_name].len);
	if (c->c_ep >= 0)
		(void)cmdtext_u32(cells[c->c_ep].s, cells[c->c_ep].len,
		    &e.endpoint);
	if (c->c_src >= 0 && cells[c->c_src].len > 0)
		e.source = intern_n(c->st, cells[c->c_src].s,
		    cells[c->c_src].len);
	p = cells[c->c_ips].s;
	end = p + cells[c->c_ips].len;
	while (p < end) {
		comma = memchr(p, ',', (size_t)(end - p));
		if (comma == NULL)
			comma = end;
		if ((size_t)(comma - p) < sizeof(ip)) {
			memcpy(ip, p, (size_t)(comma - p));
			ip[comma - p] = '\0';
			if (ip_prefix_parse(ip, &pf) &&
			    strchr(ip, '/') == NULL) {
				ips = xgrow(ips, &cap, nips + 1, sizeof(*ips));
				ips[nips++] = intern(c->st, ip);
			}
		}
		p = comma + 1;
	}
	if (nips == 0) {
		cmdtext_row_error(&c->in.errs, c->in.diags, c->in.path, lineno,
		    "cannot parse DNS cache entry: no IP");
		free(ips);
		return;
	}
	e.ips = arena_memdup(c->a, ips, nips * sizeof(*ips));
	e.nips = nips;
	free(ips);
	c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof(*c->v));
	c->v[c->n++] = e;
}

static void
text_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	struct ctx *c = ctx;

	if (cmdtext_find(line, len, "FQDN") != NULL &&
	    cmdtext_find(line, len, "IPs") != NULL && header_line(c, line, len))
		return;
	if (c->in_table)
		row(c, line, len, lineno);
}

static const struct cmdtext_stream_ops text_ops = { NULL, NULL, text_line };

int
art_fqdn_parse(struct ingest_member *m, struct arena *a, struct strtab *st,
    struct diag_list *diags, struct fqdn_cache_result *out)
{
	struct ctx c;
	int r = -1;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.st = st;
	out->path = intern(st, m->path);
	cmdtext_stream_init(&c.in, a, diags, out->path);
	cmdtext_stream_read(&c.in, m, CMDTEXT_MAX_LINE, "DNS cache entry",
	    &text_ops, &c);
	if (c.in_table)
		r = 0;
	else if (!c.in.ct.seen_error)
		diag_add(diags, DIAG_ERROR, m->path, 0, "cannot parse fqdn "
		    "cache output: no table header");
	cmdtext_row_errors_end(&c.in.errs, diags, out->path,
	    "DNS cache entries");
	if (c.n > 0)
		out->entries = arena_memdup(a, c.v, c.n * sizeof(*c.v));
	out->nentries = c.n;
	out->capped = c.capped;
	free(c.v);
	cmdtext_stream_release(&c.in);
	return r;
}
