/*
 * art_lb.c: `bpf lb list` and `service list` outputs into services.
 *
 * Parse stage.  A JSON document (service list -o json) is read whole and
 * converted by the same code the debuginfo parser calls through
 * art_lb_from_json; the two tables are streamed line by line.  bpf lb list
 * rows come in Go map order, so they are grouped into services through a
 * small hash on the interned frontend text.  Formats and eras are in
 * art_lb.h.
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "art_lb.h"
#include "buf.h"
#include "cmdtext.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"
#include "parse_json.h"
#include "xalloc.h"

struct svc_b {
	struct lb_service	 s;
	struct lb_backend	*b;
	size_t			 nb, cap;
};

enum table {
	TABLE_NONE,
	TABLE_BPF,		/* SERVICE ADDRESS / BACKEND ADDRESS */
	TABLE_BPF_OTHER,	/* --revnat, --frontends, ...: not read */
	TABLE_SERVICE,		/* service list */
};

struct ctx {
	struct arena		*a;
	struct strtab		*st;
	struct diag_list	*diags;
	const char		*path;
	struct cmdtext_stream	 in;		/* the text form; its errs */
	struct svc_b		*v;
	size_t			 n, cap;
	/* Open addressing on the interned frontend pointer (bpf lb list). */
	const char		**hkey;
	size_t			*hval;
	size_t			 hcap, hn;
	struct cmdtext_header	 h;
	enum table		 table;
	int			 c_id, c_fe, c_type, c_be;
	size_t			 last;		/* service of the last row */
	bool			 have_last;
};

bool
lb_addr_parse(const char *s, size_t len, const char **ip, size_t *iplen,
    uint16_t *port, const char **proto, size_t *plen, bool *internal)
{
	const char *p, *end = s + len, *colon, *q;
	char buf[64];

	*proto = NULL;
	*plen = 0;
	*internal = false;
	if (len == 0)
		return false;
	if (s[0] == '[') {
		const char *rb = memchr(s, ']', len);

		if (rb == NULL || rb + 1 >= end || rb[1] != ':')
			return false;
		*ip = s + 1;
		*iplen = (size_t)(rb - s - 1);
		p = rb + 2;
	} else {
		/* The last ':' before any '/' (an IPv4 address has none). */
		const char *slash = memchr(s, '/', len);
		const char *lim = slash != NULL ? slash : end;

		colon = NULL;
		for (q = s; q < lim; q++)
			if (*q == ':')
				colon = q;
		if (colon == NULL)
			return false;
		*ip = s;
		*iplen = (size_t)(colon - s);
		p = colon + 1;
	}
	if (*iplen == 0 || *iplen >= sizeof(buf))
		return false;
	memcpy(buf, *ip, *iplen);
	buf[*iplen] = '\0';
	{
		uint8_t a[16];

		if (inet_pton(AF_INET, buf, a) != 1 &&
		    inet_pton(AF_INET6, buf, a) != 1)
			return false;
	}
	q = p;
	while (q < end && *q != '/')
		q++;
	if (!cmdtext_u16(p, (size_t)(q - p), port))
		return false;
	while (q < end && *q == '/') {
		const char *t = q + 1, *te = t;

		while (te < end && *te != '/')
			te++;
		if (te - t == 1 && *t == 'i')
			*internal = true;
		else if (te > t && *proto == NULL) {
			*proto = t;
			*plen = (size_t)(te - t);
		} else
			return false;
		q = te;
	}
	return true;
}

static struct svc_b *
new_service(struct ctx *c, unsigned long line)
{
	struct svc_b *sb;

	c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof(*c->v));
	sb = &c->v[c->n++];
	memset(sb, 0, sizeof(*sb));
	sb->s.line = line;
	c->last = c->n - 1;
	c->have_last = true;
	return sb;
}

static struct lb_backend *
new_backend(struct svc_b *sb, unsigned long line)
{
	struct lb_backend *b;

	sb->b = xgrow(sb->b, &sb->cap, sb->nb + 1, sizeof(*sb->b));
	b = &sb->b[sb->nb++];
	memset(b, 0, sizeof(*b));
	b->line = line;
	b->slot = (uint16_t)sb->nb;
	return b;
}

static size_t
hash_ptr(const void *p)
{
	uintptr_t x = (uintptr_t)p;

	x ^= x >> 17;
	x *= (uintptr_t)0x9e3779b97f4a7c15ull;
	return (size_t)(x ^ (x >> 29));
}

/* The service for an interned frontend, created when new. */
static struct svc_b *
service_for(struct ctx *c, const char *fe, unsigned long line, bool *created)
{
	size_t i;

	if ((c->hn + 1) * 2 > c->hcap) {
		size_t ncap = c->hcap ? c->hcap * 2 : 64, j;
		const char **nk = xcalloc(ncap, sizeof(*nk));
		size_t *nv = xcalloc(ncap, sizeof(*nv));

		for (j = 0; j < c->hcap; j++) {
			if (c->hkey[j] == NULL)
				continue;
			i = hash_ptr(c->hkey[j]) & (ncap - 1);
			while (nk[i] != NULL)
				i = (i + 1) & (ncap - 1);
			nk[i] = c->hkey[j];
			nv[i] = c->hval[j];
		}
		free(c->hkey);
		free(c->hval);
		c->hkey = nk;
		c->hval = nv;
		c->hcap = ncap;
	}
	i = hash_ptr(fe) & (c->hcap - 1);
	while (c->hkey[i] != NULL) {
		if (c->hkey[i] == fe) {
			*created = false;
			c->last = c->hval[i];
			c->have_last = true;
			return &c->v[c->hval[i]];
		}
		i = (i + 1) & (c->hcap - 1);
	}
	*created = true;
	new_service(c, line);
	c->hkey[i] = fe;
	c->hval[i] = c->n - 1;
	c->hn++;
	return &c->v[c->n - 1];
}

/* Fill the frontend fields of s from its text; false when unparsable. */
static bool
set_frontend(struct ctx *c, struct lb_service *s, const char *fe, size_t len)
{
	const char *ip, *proto;
	size_t iplen, plen;

	if (!lb_addr_parse(fe, len, &ip, &iplen, &s->port, &proto, &plen,
	    &s->internal))
		return false;
	s->frontend = intern_n(c->st, fe, len);
	s->ip = intern_n(c->st, ip, iplen);
	s->protocol = proto != NULL ? intern_n(c->st, proto, plen) : NULL;
	return true;
}

/* Strip a trailing " (<n>)"; *n gets the number.  */
static size_t
strip_paren_number(const char *s, size_t len, uint32_t *n, bool *had)
{
	const char *lp;
	size_t l = len;

	*had = false;
	if (l < 3 || s[l - 1] != ')')
		return len;
	lp = s + l - 1;
	while (lp > s && *lp != '(')
		lp--;
	if (*lp != '(' || !cmdtext_u32(lp + 1, (size_t)(s + l - 1 - lp - 1),
	    n))
		return len;
	*had = true;
	l = (size_t)(lp - s);
	while (l > 0 && s[l - 1] == ' ')
		l--;
	return l;
}

static void
set_backend_addr(struct ctx *c, struct lb_backend *b, const char *ip,
    size_t iplen, const char *proto, size_t plen)
{
	b->ip = intern_n(c->st, ip, iplen);
	b->protocol = proto != NULL ? intern_n(c->st, proto, plen) : NULL;
}

static void
bpf_row(struct ctx *c, const char *line, size_t len, unsigned long lineno)
{
	struct cmdtext_cell cells[CMDTEXT_MAX_COLS];
	const struct cmdtext_cell *k, *v;
	struct svc_b *sb;
	const char *p, *end, *ip, *proto;
	size_t iplen, plen, klen;
	uint32_t nums[2] = { 0, 0 }, slot;
	size_t nnum = 0;
	uint16_t port;
	bool misaligned, internal, had, created;

	cmdtext_row_split(&c->h, line, len, cells, &misaligned);
	k = &cells[0];
	v = &cells[1];
	if (k->len == 0) {
		if (v->len == 0 || !c->have_last)
			return;
		sb = &c->v[c->last];
	} else {
		const char *fe;

		klen = strip_paren_number(k->s, k->len, &slot, &had);
		fe = intern_n(c->st, k->s, klen);
		sb = service_for(c, fe, lineno, &created);
		if (created && !set_frontend(c, &sb->s, k->s, klen)) {
			cmdtext_row_error(&c->in.errs, c->diags, c->path,
			    lineno, "cannot parse lb entry: bad service "
			    "address '%.*s'", (int)(klen > 64 ? 64 : klen),
			    k->s);
			/* Keep the service out: forget it again. */
			sb->s.frontend = fe;
			sb->s.ip = NULL;
		}
		if (sb->s.ip == NULL)
			return;
	}
	if (v->len == 0)
		return;
	if (cmdtext_has_prefix(v->s, v->len, "backend ")) {
		struct lb_backend *b = new_backend(sb, lineno);
		const char *q = v->s + 8, *qe = q;

		while (qe < v->s + v->len && *qe >= '0' && *qe <= '9')
			qe++;
		b->missing = true;
		if (!cmdtext_u32(q, (size_t)(qe - q), &b->missing_id))
			b->missing_id = 0;
		return;
	}
	/* "<addr> (<revnat>) (<slot>) [<flags>] <extra>" */
	p = v->s;
	end = v->s + v->len;
	while (p < end && *p != ' ')
		p++;
	if (!lb_addr_parse(v->s, (size_t)(p - v->s), &ip, &iplen, &port,
	    &proto, &plen, &internal))
		goto bad;
	for (;;) {
		const char *q;

		while (p < end && *p == ' ')
			p++;
		if (p >= end || *p != '(')
			break;
		q = memchr(p, ')', (size_t)(end - p));
		if (q == NULL || nnum == 2 ||
		    !cmdtext_u32(p + 1, (size_t)(q - p - 1), &nums[nnum]))
			break;
		nnum++;
		p = q + 1;
	}
	if (nnum > 0) {
		sb->s.has_revnat = true;
		sb->s.revnat_id = nums[0];
	}
	if (p < end && *p == '[') {
		/* The slot-0 entry: the service's flags. */
		const char *q = memchr(p, ']', (size_t)(end - p)), *t;
		size_t tl;

		if (q == NULL)
			q = end;
		sb->s.flags = intern_n(c->st, p + 1, (size_t)(q - p - 1));
		t = p + 1;
		tl = 0;
		while (t + tl < q && t[tl] != ',')
			tl++;
		cmdtext_trim(&t, &tl);
		if (tl > 0)
			sb->s.type = intern_n(c->st, t, tl);
		return;
	}
	if (nnum == 2 && nums[1] == 0)
		return;		/* slot 0 without flags (old agents) */
	{
		struct lb_backend *b = new_backend(sb, lineno);

		set_backend_addr(c, b, ip, iplen, proto, plen);
		b->port = port;
		if (nnum == 2 && nums[1] <= UINT16_MAX)
			b->slot = (uint16_t)nums[1];
	}
	return;
bad:
	cmdtext_row_error(&c->in.errs, c->diags, c->path, lineno,
	    "cannot parse lb entry: bad backend '%.*s'%s",
	    (int)(v->len > 64 ? 64 : v->len), v->s,
	    misaligned ? " (row not aligned with the header)" : "");
}

/* "1 => 10.0.1.5:80/TCP (active) (preferred)" */
static bool
service_backend(struct ctx *c, struct svc_b *sb, const char *s, size_t len,
    unsigned long lineno)
{
	const char *arrow = cmdtext_find(s, len, "=>"), *p, *end = s + len;
	const char *a, *ip, *proto;
	size_t iplen, plen;
	struct lb_backend *b;
	uint16_t port;
	uint32_t pos;
	bool internal;

	if (arrow == NULL)
		return false;
	a = s;
	plen = (size_t)(arrow - s);
	cmdtext_trim(&a, &plen);
	if (!cmdtext_u32(a, plen, &pos))
		return false;
	p = arrow + 2;
	while (p < end && *p == ' ')
		p++;
	a = p;
	while (p < end && *p != ' ')
		p++;
	if (!lb_addr_parse(a, (size_t)(p - a), &ip, &iplen, &port, &proto,
	    &plen, &internal))
		return false;
	b = new_backend(sb, lineno);
	set_backend_addr(c, b, ip, iplen, proto, plen);
	b->port = port;
	if (pos <= UINT16_MAX)
		b->slot = (uint16_t)pos;
	for (;;) {
		const char *q;

		while (p < end && *p == ' ')
			p++;
		if (p >= end || *p != '(')
			break;
		q = memchr(p, ')', (size_t)(end - p));
		if (q == NULL)
			break;
		if (q - p - 1 == 9 && memcmp(p + 1, "preferred", 9) == 0)
			b->preferred = true;
		else if (b->state == NULL && q > p + 1)
			b->state = intern_n(c->st, p + 1, (size_t)(q - p - 1));
		p = q + 1;
	}
	return true;
}

static void
service_row(struct ctx *c, const char *line, size_t len,
    unsigned long lineno)
{
	struct cmdtext_cell cells[CMDTEXT_MAX_COLS];
	const struct cmdtext_cell *fe, *ty, *be;
	struct svc_b *sb;
	bool misaligned;

	cmdtext_row_split(&c->h, line, len, cells, &misaligned);
	fe = &cells[c->c_fe];
	ty = &cells[c->c_type];
	be = &cells[c->c_be];
	if (fe->len == 0) {
		if (be->len == 0 || !c->have_last)
			return;
		sb = &c->v[c->last];
		if (!service_backend(c, sb, be->s, be->len, lineno))
			goto bad_backend;
		return;
	}
	sb = new_service(c, lineno);
	if (!set_frontend(c, &sb->s, fe->s, fe->len)) {
		c->n--;
		c->have_last = false;
		cmdtext_row_error(&c->in.errs, c->diags, c->path, lineno,
		    "cannot parse service: bad frontend '%.*s'%s",
		    (int)(fe->len > 64 ? 64 : fe->len), fe->s,
		    misaligned ? " (row not aligned with the header)" : "");
		return;
	}
	if (c->c_id >= 0 && cells[c->c_id].len > 0) {
		if (cmdtext_u32(cells[c->c_id].s, cells[c->c_id].len,
		    &sb->s.id))
			sb->s.has_id = true;
	}
	if (ty->len > 0) {
		const char *t = ty->s;
		size_t tl = ty->len;

		if (tl > 9 && memcmp(t + tl - 9, " (Remote)", 9) == 0) {
			sb->s.remote = true;
			tl -= 9;
		}
		sb->s.type = intern_n(c->st, t, tl);
	}
	if (be->len > 0 && !service_backend(c, sb, be->s, be->len, lineno))
		goto bad_backend;
	return;
bad_backend:
	cmdtext_row_error(&c->in.errs, c->diags, c->path, lineno,
	    "cannot parse service: bad backend '%.*s'",
	    (int)(be->len > 64 ? 64 : be->len), be->s);
}

static bool
header_line(struct ctx *c, const char *line, size_t len)
{
	struct cmdtext_header h;

	if (cmdtext_header_parse(line, len, &h) < 2)
		return false;
	if (strcmp(h.title[0], "SERVICE ADDRESS") == 0 &&
	    cmdtext_has_prefix(h.title[1], strlen(h.title[1]),
	    "BACKEND ADDRESS")) {
		c->table = TABLE_BPF;
	} else if (strcmp(h.title[0], "SERVICE ADDRESS") == 0 ||
	    strcmp(h.title[0], "SOURCE RANGE (REVNAT_ID)") == 0 ||
	    (strcmp(h.title[0], "ID") == 0 &&
	    cmdtext_has_prefix(h.title[1], strlen(h.title[1]),
	    "BACKEND ADDRESS"))) {
		c->table = TABLE_BPF_OTHER;
	} else if (cmdtext_header_find(&h, "Frontend") >= 0 &&
	    cmdtext_header_find(&h, "Service Type") >= 0 &&
	    cmdtext_header_find(&h, "Backend") >= 0) {
		c->table = TABLE_SERVICE;
		c->c_id = cmdtext_header_find(&h, "ID");
		c->c_fe = cmdtext_header_find(&h, "Frontend");
		c->c_type = cmdtext_header_find(&h, "Service Type");
		c->c_be = cmdtext_header_find(&h, "Backend");
	} else {
		return false;
	}
	c->h = h;
	c->have_last = false;
	return true;
}

/* A content line of a table output (cmdtext_stream_ops.line). */
static void
text_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	struct ctx *c = ctx;
	const char *s = line;
	size_t n = len;

	cmdtext_trim(&s, &n);
	if (s[0] >= 'A' && s[0] <= 'Z' && header_line(c, line, len))
		return;
	switch (c->table) {
	case TABLE_BPF:
		bpf_row(c, line, len, lineno);
		break;
	case TABLE_SERVICE:
		/* "[...]" in documentation stands for cut rows. */
		if (!(n == 5 && memcmp(s, "[...]", 5) == 0))
			service_row(c, line, len, lineno);
		break;
	case TABLE_NONE:
	case TABLE_BPF_OTHER:
		break;
	}
}

/* Tables have no JSON document inside: JSON is read whole, see below. */
static const struct cmdtext_stream_ops text_ops = { NULL, NULL, text_line };

static const char *
jintern(struct strtab *st, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v) || json_string_length(v) == 0)
		return NULL;
	return intern_n(st, json_string_value(v), json_string_length(v));
}

static bool
jport(json_t *o, const char *key, uint16_t *out)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > UINT16_MAX)
		return false;
	*out = (uint16_t)json_integer_value(v);
	return true;
}

static void
json_service(struct ctx *c, json_t *o, size_t idx, unsigned long line)
{
	json_t *spec = json_object_get(o, "spec"), *fa, *flags, *bes, *be;
	json_t *realized = json_object_get(json_object_get(o, "status"),
	    "realized");
	struct svc_b *sb;
	const char *scope;
	char buf[128];
	size_t i;

	if (!json_is_object(spec))
		spec = realized;
	fa = json_object_get(spec, "frontend-address");
	if (!json_is_object(fa) || jintern(c->st, fa, "ip") == NULL) {
		cmdtext_row_error(&c->in.errs, c->diags, c->path, line,
		    "cannot parse service %zu: no frontend address", idx);
		return;
	}
	sb = new_service(c, line);
	sb->s.ip = jintern(c->st, fa, "ip");
	jport(fa, "port", &sb->s.port);
	sb->s.protocol = jintern(c->st, fa, "protocol");
	scope = jintern(c->st, fa, "scope");
	sb->s.internal = scope != NULL && strcmp(scope, "internal") == 0;
	snprintf(buf, sizeof(buf), strchr(sb->s.ip, ':') != NULL ?
	    "[%s]:%u%s%s%s" : "%s:%u%s%s%s", sb->s.ip, (unsigned)sb->s.port,
	    sb->s.protocol != NULL ? "/" : "",
	    sb->s.protocol != NULL ? sb->s.protocol : "",
	    sb->s.internal ? "/i" : "");
	sb->s.frontend = intern(c->st, buf);
	{
		json_t *id = json_object_get(spec, "id");

		if (json_is_integer(id) && json_integer_value(id) >= 0 &&
		    json_integer_value(id) <= UINT32_MAX) {
			sb->s.has_id = true;
			sb->s.id = (uint32_t)json_integer_value(id);
		}
	}
	flags = json_object_get(spec, "flags");
	if (json_is_object(flags)) {
		sb->s.type = jintern(c->st, flags, "type");
		sb->s.name = jintern(c->st, flags, "name");
		sb->s.namespace = jintern(c->st, flags, "namespace");
		sb->s.ext_traffic_policy = jintern(c->st, flags,
		    "extTrafficPolicy");
		if (sb->s.ext_traffic_policy == NULL)
			sb->s.ext_traffic_policy = jintern(c->st, flags,
			    "trafficPolicy");
		sb->s.int_traffic_policy = jintern(c->st, flags,
		    "intTrafficPolicy");
		sb->s.nat_policy = jintern(c->st, flags, "natPolicy");
		sb->s.cluster = jintern(c->st, flags, "cluster");
		sb->s.remote = sb->s.cluster != NULL;
	}
	bes = json_object_get(spec, "backend-addresses");
	if (json_array_size(bes) == 0 && json_is_object(realized))
		bes = json_object_get(realized, "backend-addresses");
	json_array_foreach(bes, i, be) {
		struct lb_backend *b;
		json_t *w;

		if (!json_is_object(be) || jintern(c->st, be, "ip") == NULL)
			continue;
		b = new_backend(sb, line);
		b->ip = jintern(c->st, be, "ip");
		jport(be, "port", &b->port);
		b->protocol = jintern(c->st, be, "protocol");
		b->state = jintern(c->st, be, "state");
		b->node_name = jintern(c->st, be, "nodeName");
		b->zone = jintern(c->st, be, "zone");
		b->preferred = json_is_true(json_object_get(be, "preferred"));
		w = json_object_get(be, "weight");
		if (json_is_integer(w) && json_integer_value(w) >= 0 &&
		    json_integer_value(w) <= UINT16_MAX) {
			b->has_weight = true;
			b->weight = (uint16_t)json_integer_value(w);
		}
	}
}

static void
json_services(struct ctx *c, json_t *arr, const unsigned long *lines)
{
	size_t i;
	json_t *o;

	json_array_foreach(arr, i, o) {
		if (!json_is_object(o)) {
			cmdtext_row_error(&c->in.errs, c->diags, c->path,
			    lines != NULL ? lines[i] : 0,
			    "cannot parse service %zu: not an object", i);
			continue;
		}
		json_service(c, o, i, lines != NULL ? lines[i] : 0);
	}
}

static int
backend_cmp(const void *a, const void *b)
{
	const struct lb_backend *x = a, *y = b;

	if (x->slot != y->slot)
		return x->slot < y->slot ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Move the built services into the arena; free the heap copies. */
static void
finish(struct ctx *c, struct lb_result *out, bool sort_backends)
{
	size_t i, k = 0, total = 0;

	if (c->n > 0)
		out->services = arena_calloc(c->a, c->n,
		    sizeof(*out->services));
	for (i = 0; i < c->n; i++) {
		struct svc_b *sb = &c->v[i];

		if (sb->s.ip != NULL) {
			if (sort_backends && sb->nb > 1)
				qsort(sb->b, sb->nb, sizeof(*sb->b),
				    backend_cmp);
			out->services[k] = sb->s;
			if (sb->nb > 0)
				out->services[k].backends = arena_memdup(c->a,
				    sb->b, sb->nb * sizeof(*sb->b));
			out->services[k].nbackends = sb->nb;
			total += sb->nb;
			k++;
		}
		free(sb->b);
	}
	out->nservices = k;
	out->nbackends = total;
	free(c->v);
	free(c->hkey);
	free(c->hval);
	cmdtext_stream_release(&c->in);
	c->v = NULL;
	c->hkey = NULL;
	c->hval = NULL;
}

static void
ctx_init(struct ctx *c, struct arena *a, struct strtab *st,
    struct diag_list *diags, const char *path)
{
	memset(c, 0, sizeof(*c));
	c->a = a;
	c->st = st;
	c->diags = diags;
	c->path = intern(st, path);
	cmdtext_stream_init(&c->in, a, diags, c->path);
	c->c_id = -1;
}

int
art_lb_from_json(json_t *arr, const char *path, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct lb_result *out)
{
	struct ctx c;

	memset(out, 0, sizeof(*out));
	ctx_init(&c, a, st, diags, path);
	out->path = c.path;
	out->format = LB_SERVICE_LIST_JSON;
	if (!json_is_array(arr)) {
		diag_add(diags, DIAG_ERROR, path, 0,
		    "cannot parse service list: not a JSON array");
		return -1;
	}
	json_services(&c, arr, NULL);
	cmdtext_row_errors_end(&c.in.errs, diags, c.path, "services");
	finish(&c, out, false);
	return 0;
}

/* 1: a JSON document, 2: the JSON "null" of an empty list, 0: text. */
static int
looks_like_json(const struct ingest_member *m)
{
	const char *s = (const char *)m->head;
	size_t len = m->head_len, pos = 0;

	while (pos < len) {
		const char *nl = memchr(s + pos, '\n', len - pos);
		size_t end = nl != NULL ? (size_t)(nl - s) : len, i = pos;

		while (i < end && (s[i] == ' ' || s[i] == '\t'))
			i++;
		/* A table header comes before any row. */
		if (cmdtext_has_prefix(s + i, end - i, "SERVICE ADDRESS") ||
		    cmdtext_has_prefix(s + i, end - i, "SOURCE RANGE") ||
		    cmdtext_has_prefix(s + i, end - i, "ID ") ||
		    cmdtext_has_prefix(s + i, end - i, "Frontend "))
			return 0;
		/* "[" opens a JSON array; "[fd00::1]:80" is an IPv6 row. */
		if (i < end && (s[i] == '{' || (s[i] == '[' && (i + 1 == end ||
		    s[i + 1] == ']' || s[i + 1] == '{' || s[i + 1] == ' ' ||
		    s[i + 1] == '\r' || s[i + 1] == '"'))))
			return 1;
		if (end - i >= 4 && memcmp(s + i, "null", 4) == 0 &&
		    (end - i == 4 || s[i + 4] == ' ' || s[i + 4] == '\r'))
			return 2;
		pos = end + 1;
	}
	return 0;
}

static int
parse_json_member(struct ctx *c, struct ingest_member *m)
{
	struct buf b = BUF_INIT;
	struct cmdtext ct = { false, false };
	unsigned long *lines = NULL;
	json_t *doc = NULL;
	int r = -1;

	if (cmdtext_slurp(m, 0, &b, c->diags) != 0)
		goto out;
	if (cmdtext_json_prepare(b.ptr, b.len, &ct, c->diags, m->path) < 0) {
		if (!ct.seen_error)
			diag_add(c->diags, DIAG_ERROR, m->path, 0,
			    "cannot parse service list: no JSON document");
		goto out;
	}
	doc = json_parse_string(m->path, b.ptr, b.len, JSON_PARSE_FIRST_VALUE,
	    c->diags);
	if (doc == NULL)
		goto out;
	if (json_is_null(doc)) {
		r = 0;
		goto out;
	}
	if (!json_is_array(doc)) {
		diag_add(c->diags, DIAG_ERROR, m->path, 0,
		    "cannot parse service list: not a JSON array");
		goto out;
	}
	lines = xcalloc(json_array_size(doc) + 1, sizeof(*lines));
	cmdtext_json_array_lines(b.ptr, b.len, NULL, lines,
	    json_array_size(doc));
	json_services(c, doc, lines);
	r = 0;
out:
	free(lines);
	json_decref(doc);
	buf_release(&b);
	return r;
}

int
art_lb_parse(struct ingest_member *m, struct arena *a, struct strtab *st,
    struct diag_list *diags, struct lb_result *out)
{
	struct ctx c;
	int r = -1;

	memset(out, 0, sizeof(*out));
	ctx_init(&c, a, st, diags, m->path);
	out->path = c.path;
	switch (looks_like_json(m)) {
	case 2:
		out->format = LB_SERVICE_LIST_JSON;
		r = 0;
		break;
	case 1:
		out->format = LB_SERVICE_LIST_JSON;
		r = parse_json_member(&c, m);
		break;
	default:
		cmdtext_stream_read(&c.in, m, CMDTEXT_MAX_LINE,
		    "load-balancing row", &text_ops, &c);
		out->format = c.table == TABLE_SERVICE ? LB_SERVICE_LIST_TEXT :
		    LB_BPF_LIST;
		if (c.table != TABLE_NONE)
			r = 0;
		else if (!c.in.ct.seen_error)
			diag_add(diags, DIAG_ERROR, m->path, 0,
			    "cannot parse load-balancing output: no table "
			    "header");
		break;
	}
	cmdtext_row_errors_end(&c.in.errs, diags, c.path,
	    "services or backends");
	finish(&c, out, out->format == LB_BPF_LIST);
	return r;
}

const struct lb_service *
lb_find(const struct lb_result *r, const char *ip, uint16_t port,
    const char *protocol)
{
	size_t i;

	for (i = 0; i < r->nservices; i++) {
		const struct lb_service *s = &r->services[i];

		if (s->port == port && strcmp(s->ip, ip) == 0 &&
		    (protocol == NULL || (s->protocol != NULL &&
		    strcmp(s->protocol, protocol) == 0)))
			return s;
	}
	return NULL;
}
