/*
 * art_host.c: uname and bpftool outputs into the node's kernel facts.
 *
 * Parse stage, streamed line by line.  The first content line tells the
 * command: a bpftool net section ("tc:"), a bpftool prog entry ("12:
 * sched_cls ..."), or a uname line.  The bpftool lines are read as
 * keyword/value tokens, so fields added by newer bpftool releases are
 * skipped rather than rejected (tools/bpf/bpftool/net.c, prog.c).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "art_host.h"
#include "cmdtext.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"
#include "xalloc.h"

#define MAX_TOKENS	64

enum mode {
	MODE_UNKNOWN,
	MODE_UNAME,
	MODE_NET,
	MODE_PROG,
};

struct tok {
	const char	*s;
	size_t		 len;
};

struct ctx {
	struct arena		*a;
	struct strtab		*st;
	struct diag_list	*diags;
	const char		*path;
	struct cmdtext_stream	 in;		/* the member; its errs */
	enum mode		 mode;
	const char		*section;
	struct host_attach	*att;
	size_t			 natt, attcap;
	struct host_prog	*prog;
	size_t			 nprog, progcap;
	uint32_t		*maps;		/* map ids of the last prog */
	size_t			 nmaps, mapcap;
	bool			 has_uname;
	struct host_uname	 uname;
	unsigned long		 first_other;	/* first unknown line */
};

static size_t
tokenize(const char *s, size_t len, struct tok *t, size_t max)
{
	size_t i = 0, n = 0;

	while (i < len && n < max) {
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= len)
			break;
		t[n].s = s + i;
		while (i < len && s[i] != ' ' && s[i] != '\t')
			i++;
		t[n].len = (size_t)(s + i - t[n].s);
		n++;
	}
	return n;
}

static bool
tok_is(const struct tok *t, const char *s)
{
	return t->len == strlen(s) && memcmp(t->s, s, t->len) == 0;
}

static const char *const arches[] = {
	"x86_64", "aarch64", "arm64", "armv7l", "armv6l", "armv8l", "i686",
	"i586", "i386", "s390x", "ppc64le", "ppc64", "riscv64", "mips64",
	"loongarch64",
};

static bool
is_arch(const struct tok *t)
{
	size_t i;

	for (i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (tok_is(t, arches[i]))
			return true;
	return false;
}

/* "5.15.0-1034-azure" -> 5, 15, 0. */
static void
release_numbers(struct host_uname *u, const char *s, size_t len)
{
	unsigned v[3] = { 0, 0, 0 };
	size_t i = 0, k = 0;

	while (k < 3) {
		size_t start = i;
		unsigned n = 0;

		while (i < len && s[i] >= '0' && s[i] <= '9' && n < 100000)
			n = n * 10 + (unsigned)(s[i++] - '0');
		if (i == start)
			break;
		v[k++] = n;
		if (i >= len || s[i] != '.')
			break;
		i++;
	}
	u->has_numbers = k >= 2;
	u->major = v[0];
	u->minor = v[1];
	u->patch = v[2];
}

bool
host_uname_parse(struct strtab *st, const char *s, size_t len,
    struct host_uname *u)
{
	struct tok t[MAX_TOKENS];
	size_t n, k, last;

	memset(u, 0, sizeof(*u));
	cmdtext_trim(&s, &len);
	n = tokenize(s, len, t, MAX_TOKENS);
	if (n == 0)
		return false;
	if (t[0].s[0] >= '0' && t[0].s[0] <= '9') {
		/* A bare release, the debuginfo "kernel-version". */
		u->release = intern_n(st, t[0].s, t[0].len);
		release_numbers(u, t[0].s, t[0].len);
		if (n > 1) {
			const char *v = t[1].s;
			size_t vl = (size_t)(s + len - v);

			u->version = intern_n(st, v, vl);
		}
		return true;
	}
	if (n < 3 || t[2].s[0] < '0' || t[2].s[0] > '9')
		return false;
	u->kernel_name = intern_n(st, t[0].s, t[0].len);
	u->nodename = intern_n(st, t[1].s, t[1].len);
	u->release = intern_n(st, t[2].s, t[2].len);
	release_numbers(u, t[2].s, t[2].len);
	last = n;
	if (n > 3 && (memchr(t[n - 1].s, '/', t[n - 1].len) != NULL ||
	    tok_is(&t[n - 1], "Linux"))) {
		u->os = intern_n(st, t[n - 1].s, t[n - 1].len);
		last = n - 1;
	}
	for (k = 3; k < last && !is_arch(&t[k]); k++)
		;
	if (k < last)
		u->machine = intern_n(st, t[k].s, t[k].len);
	if (k > 3)
		u->version = intern_n(st, t[3].s,
		    (size_t)(t[k - 1].s + t[k - 1].len - t[3].s));
	return true;
}

/* "lxc1234(12)" */
static bool
iface_token(const struct tok *t, const char **name, size_t *nlen,
    uint32_t *idx)
{
	const char *lp;

	if (t->len < 4 || t->s[t->len - 1] != ')')
		return false;
	lp = memchr(t->s, '(', t->len);
	if (lp == NULL || lp == t->s)
		return false;
	if (!cmdtext_u32(lp + 1, (size_t)(t->s + t->len - 1 - lp - 1), idx))
		return false;
	*name = t->s;
	*nlen = (size_t)(lp - t->s);
	return true;
}

static bool
is_net_keyword(const struct tok *t)
{
	return tok_is(t, "id") || tok_is(t, "prog_id") ||
	    tok_is(t, "link_id") || tok_is(t, "name") || tok_is(t, "prio") ||
	    tok_is(t, "tag");
}

static void
net_line(struct ctx *c, const char *s, size_t len, unsigned long lineno)
{
	struct tok t[MAX_TOKENS];
	struct host_attach e;
	size_t n, i = 0;
	const char *ifn;
	size_t ifl;

	memset(&e, 0, sizeof(e));
	e.line = lineno;
	e.section = c->section;
	n = tokenize(s, len, t, MAX_TOKENS);
	if (n > 0 && iface_token(&t[0], &ifn, &ifl, &e.ifindex)) {
		e.ifname = intern_n(c->st, ifn, ifl);
		e.has_ifindex = true;
		i = 1;
	}
	if (i < n && !is_net_keyword(&t[i])) {
		const char *sl;

		e.attach_type = intern_n(c->st, t[i].s, t[i].len);
		sl = memchr(t[i].s, '/', t[i].len);
		if (sl != NULL && sl + 1 < t[i].s + t[i].len)
			e.direction = intern_n(c->st, sl + 1,
			    (size_t)(t[i].s + t[i].len - sl - 1));
		i++;
	}
	for (; i < n; i++) {
		uint32_t v;

		if ((tok_is(&t[i], "id") || tok_is(&t[i], "prog_id")) &&
		    i + 1 < n && cmdtext_u32(t[i + 1].s, t[i + 1].len, &v)) {
			e.has_prog_id = true;
			e.prog_id = v;
			i++;
		} else if (tok_is(&t[i], "link_id") && i + 1 < n &&
		    cmdtext_u32(t[i + 1].s, t[i + 1].len, &v)) {
			e.has_link_id = true;
			e.link_id = v;
			i++;
		} else if (tok_is(&t[i], "name") && i + 1 < n) {
			e.prog_name = intern_n(c->st, t[i + 1].s,
			    t[i + 1].len);
			i++;
		} else if (is_net_keyword(&t[i]) && i + 1 < n) {
			i++;
		} else if (e.prog_name == NULL && !e.has_prog_id) {
			/* The filter or program name comes before its id. */
			e.prog_name = intern_n(c->st, t[i].s, t[i].len);
		}
	}
	if (!e.has_prog_id && e.prog_name == NULL) {
		cmdtext_row_error(&c->in.errs, c->diags, c->path, lineno,
		    "cannot parse bpftool net entry: no program in '%.*s'",
		    (int)(len > 80 ? 80 : len), s);
		return;
	}
	c->att = xgrow(c->att, &c->attcap, c->natt + 1, sizeof(*c->att));
	c->att[c->natt++] = e;
}

/* "9448B" */
static bool
size_value(const struct tok *t, uint64_t *out)
{
	size_t len = t->len;

	if (len > 0 && t->s[len - 1] == 'B')
		len--;
	return cmdtext_u64(t->s, len, out);
}

static void
flush_maps(struct ctx *c)
{
	struct host_prog *p;

	if (c->nprog == 0 || c->nmaps == 0)
		return;
	p = &c->prog[c->nprog - 1];
	p->map_ids = arena_memdup(c->a, c->maps, c->nmaps * sizeof(*c->maps));
	p->nmap_ids = c->nmaps;
	c->nmaps = 0;
}

/* Keyword/value pairs of a prog entry's first or indented lines. */
static void
prog_fields(struct ctx *c, struct host_prog *p, const struct tok *t,
    size_t n, const char *line, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct tok *v = i + 1 < n ? &t[i + 1] : NULL;
		uint32_t u;

		if (tok_is(&t[i], "gpl")) {
			p->gpl = true;
		} else if (v == NULL) {
			break;
		} else if (tok_is(&t[i], "name")) {
			p->name = intern_n(c->st, v->s, v->len);
			i++;
		} else if (tok_is(&t[i], "tag")) {
			p->tag = intern_n(c->st, v->s, v->len);
			i++;
		} else if (tok_is(&t[i], "loaded_at")) {
			p->loaded_at = intern_n(c->st, v->s, v->len);
			i++;
		} else if (tok_is(&t[i], "uid")) {
			if (cmdtext_u32(v->s, v->len, &u)) {
				p->has_uid = true;
				p->uid = u;
			}
			i++;
		} else if (tok_is(&t[i], "xlated")) {
			size_value(v, &p->xlated);
			i++;
		} else if (tok_is(&t[i], "jited")) {
			size_value(v, &p->jited);
			i++;
		} else if (tok_is(&t[i], "memlock")) {
			size_value(v, &p->memlock);
			i++;
		} else if (tok_is(&t[i], "btf_id")) {
			if (cmdtext_u32(v->s, v->len, &u)) {
				p->has_btf_id = true;
				p->btf_id = u;
			}
			i++;
		} else if (tok_is(&t[i], "map_ids")) {
			const char *q = v->s, *e = v->s + v->len;

			while (q < e) {
				const char *cm = memchr(q, ',', (size_t)(e - q));
				const char *qe = cm != NULL ? cm : e;

				if (cmdtext_u32(q, (size_t)(qe - q), &u)) {
					c->maps = xgrow(c->maps, &c->mapcap,
					    c->nmaps + 1, sizeof(*c->maps));
					c->maps[c->nmaps++] = u;
				}
				q = qe + 1;
			}
			i++;
		} else if (tok_is(&t[i], "pids")) {
			const char *q = v->s;
			size_t ql = (size_t)(line + len - q);

			cmdtext_trim(&q, &ql);
			p->pids = intern_n(c->st, q, ql);
			break;
		}
		/* Other fields (run_time_ns, run_cnt, ...) are skipped. */
	}
}

static bool
prog_head(const char *s, size_t len, uint32_t *id, size_t *after)
{
	size_t i = 0;

	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == 0 || i >= len || s[i] != ':' ||
	    !cmdtext_u32(s, i, id))
		return false;
	*after = i + 1;
	return true;
}

static void
prog_line(struct ctx *c, const char *line, size_t len, const char *s,
    size_t n, unsigned long lineno)
{
	struct tok t[MAX_TOKENS];
	size_t nt, after;
	uint32_t id;

	if (line[0] != ' ' && line[0] != '\t' && prog_head(s, n, &id, &after)) {
		struct host_prog *p;

		flush_maps(c);
		c->prog = xgrow(c->prog, &c->progcap, c->nprog + 1,
		    sizeof(*c->prog));
		p = &c->prog[c->nprog++];
		memset(p, 0, sizeof(*p));
		p->line = lineno;
		p->id = id;
		nt = tokenize(s + after, n - after, t, MAX_TOKENS);
		if (nt > 0) {
			p->type = intern_n(c->st, t[0].s, t[0].len);
			prog_fields(c, p, t + 1, nt - 1, line, len);
		}
		return;
	}
	if ((line[0] == ' ' || line[0] == '\t') && c->nprog > 0) {
		nt = tokenize(s, n, t, MAX_TOKENS);
		prog_fields(c, &c->prog[c->nprog - 1], t, nt, line, len);
		return;
	}
	cmdtext_row_error(&c->in.errs, c->diags, c->path, lineno,
	    "cannot parse bpftool prog entry '%.*s'", (int)(n > 80 ? 80 : n),
	    s);
}

/* "tc:", "xdp:", "flow_dissector:", "netfilter:" */
static bool
section_line(const char *s, size_t n)
{
	size_t i;

	if (n < 2 || s[n - 1] != ':')
		return false;
	for (i = 0; i + 1 < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
			return false;
	return true;
}

/* A content line of the output (cmdtext_stream_ops.line). */
static void
parse_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	struct ctx *c = ctx;
	const char *s = line;
	size_t n = len;
	uint32_t id;
	size_t after;

	cmdtext_trim(&s, &n);
	if (c->mode == MODE_UNKNOWN) {
		if (section_line(s, n))
			c->mode = MODE_NET;
		else if (prog_head(s, n, &id, &after))
			c->mode = MODE_PROG;
		else if (host_uname_parse(c->st, s, n, &c->uname)) {
			c->mode = MODE_UNAME;
			c->has_uname = true;
			c->uname.line = lineno;
			return;
		} else {
			/* A prompt or notice before the output. */
			if (c->first_other == 0)
				c->first_other = lineno;
			return;
		}
	}
	switch (c->mode) {
	case MODE_NET:
		if (section_line(s, n))
			c->section = intern_n(c->st, s, n - 1);
		else
			net_line(c, s, n, lineno);
		break;
	case MODE_PROG:
		prog_line(c, line, len, s, n, lineno);
		break;
	case MODE_UNAME:
	case MODE_UNKNOWN:
		break;
	}
}

/* No JSON form: every content line goes to parse_line. */
static const struct cmdtext_stream_ops stream_ops = {
	NULL, NULL, parse_line,
};

int
art_host_parse(struct ingest_member *m, struct arena *a, struct strtab *st,
    struct diag_list *diags, struct host_result *out)
{
	struct ctx c;
	int r = -1;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.st = st;
	c.diags = diags;
	c.path = intern(st, m->path);
	cmdtext_stream_init(&c.in, a, diags, c.path);
	out->path = c.path;

	cmdtext_stream_read(&c.in, m, CMDTEXT_MAX_LINE, "host line",
	    &stream_ops, &c);
	cmdtext_row_errors_end(&c.in.errs, diags, c.path, "lines");
	flush_maps(&c);

	switch (c.mode) {
	case MODE_UNAME:
		out->format = HOST_UNAME;
		break;
	case MODE_NET:
		out->format = HOST_BPFTOOL_NET;
		break;
	case MODE_PROG:
	case MODE_UNKNOWN:
		out->format = HOST_BPFTOOL_PROG;
		break;
	}
	out->has_uname = c.has_uname;
	out->uname = c.uname;
	if (c.natt > 0)
		out->attachments = arena_memdup(a, c.att,
		    c.natt * sizeof(*c.att));
	out->nattachments = c.natt;
	if (c.nprog > 0)
		out->progs = arena_memdup(a, c.prog,
		    c.nprog * sizeof(*c.prog));
	out->nprogs = c.nprog;
	if (c.mode != MODE_UNKNOWN)
		r = 0;
	else if (!c.in.ct.seen_error)
		diag_add(diags, DIAG_ERROR, m->path, c.first_other,
		    "cannot parse host output: no uname line or bpftool "
		    "listing");
	free(c.att);
	free(c.prog);
	free(c.maps);
	cmdtext_stream_release(&c.in);
	return r;
}

size_t
host_attachments_of(const struct host_result *r, const char *ifname,
    const struct host_attach **out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < r->nattachments; i++) {
		if (r->attachments[i].ifname == NULL ||
		    strcmp(r->attachments[i].ifname, ifname) != 0)
			continue;
		if (n < max)
			out[n] = &r->attachments[i];
		n++;
	}
	return n;
}

const struct host_prog *
host_prog_find(const struct host_result *r, uint32_t id)
{
	size_t i;

	for (i = 0; i < r->nprogs; i++)
		if (r->progs[i].id == id)
			return &r->progs[i];
	return NULL;
}
