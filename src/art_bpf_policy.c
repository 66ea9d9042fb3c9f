/*
 * art_bpf_policy.c: `bpf policy get` output into per-endpoint map entries.
 *
 * Parse stage, one member at a time, streamed line by line.  The formats
 * are described in art_bpf_policy.h (cilium-dbg/cmd/bpf_policy_get.go and
 * pkg/maps/policymap/policymap.go PortProtoString, every layout since 1.5).
 * A map starts at "Endpoint ID:", at an old "<path>:" line, or at a table
 * header met outside a map; a table runs until the next map, header or
 * empty-map notice.  Continuation lines of the label layout add labels to
 * the entry above them.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "art_bpf_policy.h"
#include "cmdtext.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"
#include "xalloc.h"

#define EMPTY_NOTICE	"Policy stats empty."

/* Column indexes into a split row, -1 when absent. */
struct cols {
	int	policy, dir, ident, port, proxy, auth, bytes, packets, prefix,
		cookie;
	bool	labels;
};

/* A map being built: entries on the heap, labels of the last entry too. */
struct map_b {
	struct bpf_policy_map	 m;
	struct bpf_policy_entry	*v;
	size_t			 n, cap;
	const char		**lbl;
	size_t			 nlbl, lblcap;
	bool			 header;	/* a table header was seen */
};

struct ctx {
	struct arena		*a;
	struct strtab		*st;
	struct diag_list	*diags;
	const char		*path;
	struct cmdtext_stream	 in;		/* the member; its errs */
	struct map_b		*maps;
	size_t			 nmaps, cap;
	struct cmdtext_header	 h;
	struct cols		 c;
	bool			 in_table;
	/* An endpoint id seen in a pasted prompt ("bpf policy get 2761"). */
	bool			 pending_id;
	uint32_t		 pending;
	bool			 no_maps;	/* "no maps found" */
};

static const struct {
	const char	*name;
	uint8_t		 num;
} protos[] = {
	/* pkg/u8proto/u8proto.go */
	{ "ANY", 0 }, { "ICMP", 1 }, { "IGMP", 2 }, { "TCP", 6 },
	{ "UDP", 17 }, { "ICMPv6", 58 }, { "VRRP", 112 }, { "SCTP", 132 },
};

int
bpf_policy_proto_number(const char *name, size_t len)
{
	size_t i;
	uint32_t n;

	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (strlen(protos[i].name) == len &&
		    memcmp(protos[i].name, name, len) == 0)
			return protos[i].num;
	/* u8proto prints an unnamed protocol as its number. */
	if (cmdtext_u32(name, len, &n) && n <= 255)
		return (int)n;
	return -1;
}

/* "0x50" */
static bool
parse_hex16(const char *s, size_t len, uint16_t *out)
{
	uint32_t v = 0;
	size_t i;

	if (len < 3 || len > 6 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return false;
	for (i = 2; i < len; i++) {
		int c = (unsigned char)s[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		v = v * 16 + (uint32_t)d;
	}
	*out = (uint16_t)v;
	return true;
}

bool
bpf_policy_port_proto_parse(const char *s, size_t len, uint16_t *port,
    uint16_t *end_port, uint8_t *proto)
{
	const char *slash = memchr(s, '/', len), *dash, *slash2;
	size_t plen;
	int p;

	*port = *end_port = 0;
	*proto = 0;
	if (slash == NULL) {
		/* "ANY" or a protocol alone: every port. */
		if ((p = bpf_policy_proto_number(s, len)) < 0)
			return false;
		*proto = (uint8_t)p;
		return true;
	}
	plen = (size_t)(slash - s);
	slash2 = memchr(slash + 1, '/', len - plen - 1);
	if (slash2 != NULL) {
		/* "0x50/12/TCP": port with a prefix of 12 bits after proto. */
		uint16_t base;
		uint32_t bits;
		size_t blen = (size_t)(slash2 - slash - 1);

		if (!parse_hex16(s, plen, &base) ||
		    !cmdtext_u32(slash + 1, blen, &bits) || bits > 16)
			return false;
		p = bpf_policy_proto_number(slash2 + 1,
		    len - (size_t)(slash2 + 1 - s));
		if (p < 0)
			return false;
		*port = base;
		*end_port = (uint16_t)(base + (0xffffu >> bits));
		if (*end_port < base)
			*end_port = 0xffff;
		*proto = (uint8_t)p;
		return true;
	}
	p = bpf_policy_proto_number(slash + 1, len - plen - 1);
	if (p < 0)
		return false;
	*proto = (uint8_t)p;
	dash = memchr(s, '-', plen);
	if (dash != NULL) {
		if (!cmdtext_u16(s, (size_t)(dash - s), port) ||
		    !cmdtext_u16(dash + 1, plen - (size_t)(dash - s) - 1,
		    end_port) || *end_port < *port)
			return false;
		return true;
	}
	if (!cmdtext_u16(s, plen, port))
		return false;
	*end_port = *port;
	return true;
}

/* Move the labels gathered for the last entry into the arena. */
static void
flush_labels(struct ctx *c, struct map_b *mb)
{
	struct bpf_policy_entry *e;

	if (mb->n == 0 || mb->nlbl == 0)
		return;
	e = &mb->v[mb->n - 1];
	e->labels = arena_memdup(c->a, mb->lbl, mb->nlbl * sizeof(*mb->lbl));
	e->nlabels = mb->nlbl;
	mb->nlbl = 0;
}

static struct map_b *
cur_map(struct ctx *c)
{
	return c->nmaps > 0 ? &c->maps[c->nmaps - 1] : NULL;
}

static struct map_b *
new_map(struct ctx *c, unsigned long line)
{
	struct map_b *mb = cur_map(c);

	if (mb != NULL)
		flush_labels(c, mb);
	c->maps = xgrow(c->maps, &c->cap, c->nmaps + 1, sizeof(*c->maps));
	mb = &c->maps[c->nmaps++];
	memset(mb, 0, sizeof(*mb));
	mb->m.line = line;
	if (c->pending_id) {
		mb->m.has_endpoint_id = true;
		mb->m.endpoint_id = c->pending;
		c->pending_id = false;
	}
	c->in_table = false;
	return mb;
}

/* The endpoint id at the end of a map path: ".../cilium_policy_v2_00482". */
static bool
id_from_path(const char *s, size_t len, uint32_t *id)
{
	size_t end = len, start;

	while (end > 0 && (s[end - 1] == ':' || s[end - 1] == ' '))
		end--;
	start = end;
	while (start > 0 && s[start - 1] >= '0' && s[start - 1] <= '9')
		start--;
	if (start == end || start == 0 || s[start - 1] != '_')
		return false;
	return cmdtext_u32(s + start, end - start, id);
}

static void
set_map_path(struct ctx *c, struct map_b *mb, const char *s, size_t len)
{
	uint32_t id;

	while (len > 0 && (s[len - 1] == ':' || s[len - 1] == ' '))
		len--;
	mb->m.map_path = intern_n(c->st, s, len);
	if (!mb->m.has_endpoint_id && id_from_path(s, len, &id)) {
		mb->m.has_endpoint_id = true;
		mb->m.endpoint_id = id;
	}
}

/* Map the header titles to columns; false when it is no policy table. */
static bool
header_cols(const struct cmdtext_header *h, struct cols *c)
{
	c->policy = cmdtext_header_find(h, "POLICY");
	c->dir = cmdtext_header_find(h, "DIRECTION");
	c->ident = cmdtext_header_find(h, "IDENTITY");
	c->labels = false;
	if (c->ident < 0) {
		c->ident = cmdtext_header_find(h, "LABELS (source:key[=value])");
		c->labels = c->ident >= 0;
	}
	c->port = cmdtext_header_find(h, "PORT/PROTO");
	c->proxy = cmdtext_header_find(h, "PROXY PORT");
	c->auth = cmdtext_header_find(h, "AUTH TYPE");
	c->bytes = cmdtext_header_find(h, "BYTES");
	c->packets = cmdtext_header_find(h, "PACKETS");
	c->prefix = cmdtext_header_find(h, "PREFIX");
	c->cookie = cmdtext_header_find(h, "COOKIE");
	return c->dir >= 0 && c->ident >= 0 && c->port >= 0;
}

static unsigned
cols_mask(const struct cols *c)
{
	return (c->policy >= 0 ? BPF_POLICY_COL_POLICY : 0) |
	    (c->labels ? BPF_POLICY_COL_LABELS : 0) |
	    (c->auth >= 0 ? BPF_POLICY_COL_AUTH : 0) |
	    (c->prefix >= 0 ? BPF_POLICY_COL_PREFIX : 0) |
	    (c->cookie >= 0 ? BPF_POLICY_COL_COOKIE : 0);
}

static const struct cmdtext_cell empty_cell = { "", 0 };

static const struct cmdtext_cell *
cell(const struct cmdtext_cell *cells, int i)
{
	return i >= 0 ? &cells[i] : &empty_cell;
}

static bool
cell_is(const struct cmdtext_cell *x, const char *s)
{
	return x->len == strlen(s) && memcmp(x->s, s, x->len) == 0;
}

/* "-" or an absent cell: not known. */
static bool
parse_stat(const struct cmdtext_cell *x, uint64_t *out)
{
	if (x->len == 0 || cell_is(x, "-")) {
		*out = BPF_POLICY_STAT_NONE;
		return true;
	}
	return cmdtext_u64(x->s, x->len, out);
}

static void
add_label(struct ctx *c, struct map_b *mb, const struct cmdtext_cell *x)
{
	mb->lbl = xgrow(mb->lbl, &mb->lblcap, mb->nlbl + 1,
	    sizeof(*mb->lbl));
	mb->lbl[mb->nlbl++] = intern_n(c->st, x->s, x->len);
}

static void
parse_row(struct ctx *c, struct map_b *mb, const char *line, size_t len,
    unsigned long lineno)
{
	struct cmdtext_cell cells[CMDTEXT_MAX_COLS];
	const struct cmdtext_cell *pol, *dir, *id, *pp, *px, *x;
	struct bpf_policy_entry e;
	bool misaligned;
	long rid;

	cmdtext_row_split(&c->h, line, len, cells, &misaligned);
	pol = cell(cells, c->c.policy);
	dir = cell(cells, c->c.dir);
	id = cell(cells, c->c.ident);
	pp = cell(cells, c->c.port);
	px = cell(cells, c->c.proxy);

	if (dir->len == 0 && pol->len == 0 && pp->len == 0) {
		/* A continuation line of the label layout. */
		if (c->c.labels && id->len > 0 && mb->n > 0) {
			struct bpf_policy_entry *last = &mb->v[mb->n - 1];

			add_label(c, mb, id);
			/* Several labels: no longer one reserved identity. */
			last->has_identity = false;
			return;
		}
		if (id->len == 0)
			return;
		cmdtext_row_error(&c->in.errs, c->diags, c->path, lineno,
		    "cannot parse policy entry: continuation line without "
		    "an entry");
		return;
	}
	memset(&e, 0, sizeof(e));
	e.line = lineno;
	e.bytes = e.packets = BPF_POLICY_STAT_NONE;

	if (c->c.policy >= 0) {
		if (cell_is(pol, "Deny"))
			e.deny = true;
		else if (!cell_is(pol, "Allow"))
			goto bad_policy;
	}
	if (cell_is(dir, "Egress"))
		e.egress = true;
	else if (!cell_is(dir, "Ingress"))
		goto bad_dir;

	if (id->len == 0)
		goto bad_id;
	if (c->c.labels && cmdtext_u32(id->s, id->len, &e.identity)) {
		/* An identity the agent could not resolve stays numeric. */
		e.has_identity = true;
	} else if (c->c.labels) {
		/* bpf_policy_get.go prints "ANY" for reserved:unknown. */
		rid = cell_is(id, "ANY") ? 0 :
		    cmdtext_has_prefix(id->s, id->len, "reserved:") ?
		    cmdtext_reserved_identity(id->s, id->len) : -1;
		if (rid >= 0) {
			e.has_identity = true;
			e.identity = (uint32_t)rid;
		}
	} else {
		if (!cmdtext_u32(id->s, id->len, &e.identity))
			goto bad_id;
		e.has_identity = true;
	}

	if (!bpf_policy_port_proto_parse(pp->s, pp->len, &e.port, &e.end_port,
	    &e.proto))
		goto bad_port;
	{
		const char *slash = memchr(pp->s, '/', pp->len);
		const char *name = pp->s;
		size_t nlen = pp->len;

		if (slash != NULL) {
			/* The protocol is after the last '/'. */
			const char *q = pp->s + pp->len;

			while (q > pp->s && q[-1] != '/')
				q--;
			name = q;
			nlen = pp->len - (size_t)(q - pp->s);
		}
		e.proto_name = intern_n(c->st, name, nlen);
		e.port_proto = intern_n(c->st, pp->s, pp->len);
	}

	if (px->len > 0 && !cell_is(px, "NONE") &&
	    !cmdtext_u16(px->s, px->len, &e.proxy_port))
		goto bad_proxy;
	if (c->c.auth >= 0 && cells[c->c.auth].len > 0)
		e.auth_type = intern_n(c->st, cells[c->c.auth].s,
		    cells[c->c.auth].len);
	if (!parse_stat(cell(cells, c->c.bytes), &e.bytes) ||
	    !parse_stat(cell(cells, c->c.packets), &e.packets))
		goto bad_stats;
	x = cell(cells, c->c.prefix);
	if (x->len > 0) {
		uint32_t v;

		if (!cmdtext_u32(x->s, x->len, &v) || v > 255)
			goto bad_prefix;
		e.has_prefix = true;
		e.prefix_len = (uint8_t)v;
	}
	x = cell(cells, c->c.cookie);
	if (x->len > 0) {
		if (!cmdtext_u32(x->s, x->len, &e.cookie))
			goto bad_cookie;
		e.has_cookie = true;
	}

	flush_labels(c, mb);
	mb->v = xgrow(mb->v, &mb->cap, mb->n + 1, sizeof(*mb->v));
	mb->v[mb->n++] = e;
	if (c->c.labels && !(e.has_identity && id->s[0] >= '0' &&
	    id->s[0] <= '9'))
		add_label(c, mb, id);
	return;

#define BAD(label, what, x)						\
label:									\
	cmdtext_row_error(&c->in.errs, c->diags, c->path, lineno,	\
	    "cannot parse policy entry: %s '%.*s'%s", what,		\
	    (int)((x)->len > 64 ? 64 : (x)->len), (x)->s,		\
	    misaligned ? " (row not aligned with the header)" : "");	\
	return;
	BAD(bad_policy, "unknown policy", pol)
	BAD(bad_dir, "unknown direction", dir)
	BAD(bad_id, "bad identity", id)
	BAD(bad_port, "bad port/protocol", pp)
	BAD(bad_proxy, "bad proxy port", px)
	BAD(bad_stats, "bad byte or packet count", cell(cells, c->c.bytes))
	BAD(bad_prefix, "bad prefix length", cell(cells, c->c.prefix))
	BAD(bad_cookie, "bad cookie", cell(cells, c->c.cookie))
#undef BAD
}

/* "... bpf policy get [-n] 2761": remember the id for the next map. */
static void
prompt_id(struct ctx *c, const char *s, size_t len)
{
	const char *p = cmdtext_find(s, len, "bpf policy get");
	size_t end = len, start;

	if (p == NULL)
		return;
	while (end > 0 && s[end - 1] == ' ')
		end--;
	start = end;
	while (start > 0 && s[start - 1] >= '0' && s[start - 1] <= '9')
		start--;
	if (start < end && start > 0 && s[start - 1] == ' ' &&
	    cmdtext_u32(s + start, end - start, &c->pending))
		c->pending_id = true;
}

/* A content line of the output (cmdtext_stream_ops.line). */
static void
parse_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	struct ctx *c = ctx;
	const char *s = line;
	size_t n = len;
	struct map_b *mb = cur_map(c);
	struct cmdtext_header h;
	struct cols cols;

	cmdtext_trim(&s, &n);

	if (cmdtext_has_prefix(s, n, "Endpoint ID:")) {
		const char *v = s + 12;
		size_t vl = n - 12;
		uint32_t id;

		mb = new_map(c, lineno);
		cmdtext_trim(&v, &vl);
		if (cmdtext_u32(v, vl, &id)) {
			mb->m.has_endpoint_id = true;
			mb->m.endpoint_id = id;
		} else {
			cmdtext_row_error(&c->in.errs, c->diags, c->path,
			    lineno, "cannot parse endpoint id '%.*s'",
			    (int)(vl > 64 ? 64 : vl), v);
		}
		return;
	}
	if (cmdtext_has_prefix(s, n, "Path:")) {
		const char *v = s + 5;
		size_t vl = n - 5;

		if (mb == NULL || mb->n > 0 || c->in_table ||
		    mb->m.map_path != NULL)
			mb = new_map(c, lineno);
		cmdtext_trim(&v, &vl);
		set_map_path(c, mb, v, vl);
		return;
	}
	/* Before 1.9: "/sys/fs/bpf/tc/globals/cilium_policy_03037:". */
	if (s[0] == '/' && s[n - 1] == ':' &&
	    cmdtext_find(s, n, "cilium_policy") != NULL) {
		mb = new_map(c, lineno);
		set_map_path(c, mb, s, n);
		return;
	}
	if (cmdtext_has_prefix(s, n, EMPTY_NOTICE)) {
		if (mb == NULL)
			mb = new_map(c, lineno);
		mb->m.empty_notice = true;
		c->in_table = false;
		return;
	}
	if (cmdtext_find(line, len, "DIRECTION") != NULL &&
	    cmdtext_find(line, len, "PORT/PROTO") != NULL &&
	    cmdtext_header_parse(line, len, &h) > 0 &&
	    header_cols(&h, &cols)) {
		if (mb == NULL || mb->n > 0 || c->in_table)
			mb = new_map(c, lineno);
		c->h = h;
		c->c = cols;
		c->in_table = true;
		mb->m.columns = cols_mask(&cols);
		mb->header = true;
		return;
	}
	if (c->in_table && mb != NULL) {
		parse_row(c, mb, line, len, lineno);
		return;
	}
	/* Text outside a table: a pasted prompt, "no maps found", ... */
	if (n == 13 && memcmp(s, "no maps found", 13) == 0)
		c->no_maps = true;
	else
		prompt_id(c, s, n);
}

/* No JSON form: every content line goes to parse_line. */
static const struct cmdtext_stream_ops stream_ops = {
	NULL, NULL, parse_line,
};

int
art_bpf_policy_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags,
    struct bpf_policy_result *out)
{
	struct ctx c;
	size_t i, total = 0;
	bool usable = false;
	int r = -1;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.st = st;
	c.diags = diags;
	c.path = intern(st, m->path);
	cmdtext_stream_init(&c.in, a, diags, c.path);
	out->path = c.path;

	cmdtext_stream_read(&c.in, m, CMDTEXT_MAX_LINE, "policy entry",
	    &stream_ops, &c);
	cmdtext_row_errors_end(&c.in.errs, diags, c.path, "policy entries");

	if (c.nmaps > 0) {
		flush_labels(&c, cur_map(&c));
		out->maps = arena_calloc(a, c.nmaps, sizeof(*out->maps));
	}
	for (i = 0; i < c.nmaps; i++) {
		struct map_b *mb = &c.maps[i];

		out->maps[i] = mb->m;
		if (mb->n > 0)
			out->maps[i].entries = arena_memdup(a, mb->v,
			    mb->n * sizeof(*mb->v));
		out->maps[i].nentries = mb->n;
		total += mb->n;
		if (mb->header || mb->m.empty_notice || mb->n > 0)
			usable = true;
		free(mb->v);
		free(mb->lbl);
	}
	free(c.maps);
	cmdtext_stream_release(&c.in);
	out->nmaps = c.nmaps;
	out->nentries = total;
	if (usable || c.no_maps)
		r = 0;
	else if (!c.in.ct.seen_error)
		diag_add(diags, DIAG_ERROR, m->path, 0,
		    "cannot parse bpf policy get output: no policy table");
	return r;
}

const struct bpf_policy_map *
bpf_policy_find_map(const struct bpf_policy_result *r, uint32_t endpoint_id)
{
	size_t i;

	for (i = 0; i < r->nmaps; i++)
		if (r->maps[i].has_endpoint_id &&
		    r->maps[i].endpoint_id == endpoint_id)
			return &r->maps[i];
	return NULL;
}
