/*
 * art_ipcache.c: `bpf ipcache list` and `ip list` outputs into entries.
 *
 * Parse stage.  The member's first bytes tell the form: a JSON document
 * (ip list -o json, or bpf ipcache list -o json) is read whole and
 * converted; a table is streamed line by line.  Formats and eras are in
 * art_ipcache.h (pkg/maps/ipcache/ipcache.go, cilium-dbg/cmd/ip_list.go,
 * bpf_ipcache_list.go).
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "art_ipcache.h"
#include "buf.h"
#include "cmdtext.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"
#include "parse_json.h"
#include "xalloc.h"

struct ctx {
	struct arena		*a;
	struct strtab		*st;
	struct diag_list	*diags;
	const char		*path;
	struct cmdtext_stream	 in;		/* the text form; its errs */
	struct ipcache_entry	*v;
	size_t			 n, cap;
	/* Labels of the last entry (ip list table), on the heap. */
	const char		**lbl;
	size_t			 nlbl, lblcap;
	/* Table state. */
	struct cmdtext_header	 h;
	bool			 in_table;
	bool			 bpf;		/* IP PREFIX/ADDRESS table */
	int			 c_ip, c_id, c_src, c_host, c_key;
	bool			 empty_notice;	/* "No entries found." */
};

bool
ipcache_prefix_parse(const char *s, size_t len, struct ipcache_entry *e)
{
	char addr[64];
	const char *slash, *at;
	size_t alen = len;
	uint32_t plen, cid = 0;
	int max;

	e->family = 0;
	e->prefix_len = 0;
	e->cluster_id = 0;
	memset(e->addr, 0, sizeof(e->addr));
	at = memchr(s, '@', len);
	if (at != NULL) {
		if (!cmdtext_u32(at + 1, len - (size_t)(at - s) - 1, &cid) ||
		    cid > UINT16_MAX)
			return false;
		alen = (size_t)(at - s);
	}
	slash = memchr(s, '/', alen);
	if (slash != NULL) {
		if (!cmdtext_u32(slash + 1, alen - (size_t)(slash - s) - 1,
		    &plen))
			return false;
		alen = (size_t)(slash - s);
	}
	if (alen == 0 || alen >= sizeof(addr))
		return false;
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	if (inet_pton(AF_INET, addr, e->addr) == 1) {
		e->family = 4;
		max = 32;
	} else if (inet_pton(AF_INET6, addr, e->addr) == 1) {
		e->family = 6;
		max = 128;
	} else {
		return false;
	}
	if (slash == NULL)
		plen = (uint32_t)max;
	if (plen > (uint32_t)max) {
		e->family = 0;
		return false;
	}
	e->prefix_len = (uint8_t)plen;
	e->cluster_id = (uint16_t)cid;
	return true;
}

/* A tunnel endpoint worth keeping: not "0.0.0.0", "::" or "<nil>". */
static const char *
endpoint_or_null(struct strtab *st, const char *s, size_t len)
{
	uint8_t a[16], zero[16] = { 0 };
	char buf[64];

	if (len == 0 || len >= sizeof(buf))
		return NULL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, a) == 1) {
		if (memcmp(a, zero, 4) == 0)
			return NULL;
	} else if (inet_pton(AF_INET6, buf, a) == 1) {
		if (memcmp(a, zero, 16) == 0)
			return NULL;
	} else if (strcmp(buf, "<nil>") == 0) {
		return NULL;
	}
	return intern_n(st, s, len);
}

bool
ipcache_value_parse(struct strtab *st, const char *s, size_t len,
    struct ipcache_entry *e)
{
	const char *tok[8];
	size_t tl[8], nt = 0, i = 0, k;
	bool id = false;
	uint32_t v;

	while (i < len && nt < 8) {
		while (i < len && s[i] == ' ')
			i++;
		if (i >= len)
			break;
		tok[nt] = s + i;
		while (i < len && s[i] != ' ')
			i++;
		tl[nt] = (size_t)(s + i - tok[nt]);
		nt++;
	}
	if (nt == 0)
		return false;
	if (memchr(tok[0], '=', tl[0]) == NULL) {
		/* The first releases: "<identity> <key> <tunnel endpoint>". */
		if (nt != 3 || !cmdtext_u32(tok[0], tl[0], &e->identity) ||
		    !cmdtext_u32(tok[1], tl[1], &v) || v > 255)
			return false;
		e->has_identity = true;
		e->has_encrypt_key = true;
		e->encrypt_key = (uint8_t)v;
		e->tunnel_endpoint = endpoint_or_null(st, tok[2], tl[2]);
		return true;
	}
	for (k = 0; k < nt; k++) {
		const char *eq = memchr(tok[k], '=', tl[k]), *val;
		size_t kl, vl;

		if (eq == NULL)
			return false;
		kl = (size_t)(eq - tok[k]);
		val = eq + 1;
		vl = tl[k] - kl - 1;
#define KEY(name) (kl == sizeof(name) - 1 && memcmp(tok[k], name, kl) == 0)
		if (KEY("identity")) {
			if (!cmdtext_u32(val, vl, &e->identity))
				return false;
			e->has_identity = id = true;
		} else if (KEY("encryptkey")) {
			if (!cmdtext_u32(val, vl, &v) || v > 255)
				return false;
			e->has_encrypt_key = true;
			e->encrypt_key = (uint8_t)v;
		} else if (KEY("tunnelendpoint")) {
			e->tunnel_endpoint = endpoint_or_null(st, val, vl);
		} else if (KEY("flags")) {
			e->flags = intern_n(st, val, vl);
		} else if (KEY("nodeid")) {
			if (!cmdtext_u32(val, vl, &v) || v > UINT16_MAX)
				return false;
			e->has_node_id = true;
			e->node_id = (uint16_t)v;
		}
		/* Keys of later releases are ignored. */
#undef KEY
	}
	return id;
}

static void
flush_labels(struct ctx *c)
{
	struct ipcache_entry *e;

	if (c->n == 0 || c->nlbl == 0)
		return;
	e = &c->v[c->n - 1];
	e->labels = arena_memdup(c->a, c->lbl, c->nlbl * sizeof(*c->lbl));
	e->nlabels = c->nlbl;
	c->nlbl = 0;
}

static void
add_label(struct ctx *c, const char *s, size_t len)
{
	c->lbl = xgrow(c->lbl, &c->lblcap, c->nlbl + 1, sizeof(*c->lbl));
	c->lbl[c->nlbl++] = intern_n(c->st, s, len);
}

static struct ipcache_entry *
add_entry(struct ctx *c, unsigned long line)
{
	struct ipcache_entry *e;

	flush_labels(c);
	c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof(*c->v));
	e = &c->v[c->n++];
	memset(e, 0, sizeof(*e));
	e->line = line;
	return e;
}

/* Set e's prefix; false (with a row diagnostic) when it does not parse. */
static bool
set_prefix(struct ctx *c, struct ipcache_entry *e, const char *s,
    size_t len, unsigned long line)
{
	e->prefix = intern_n(c->st, s, len);
	if (ipcache_prefix_parse(s, len, e))
		return true;
	cmdtext_row_error(&c->in.errs, c->diags, c->path, line,
	    "cannot parse ipcache entry: bad prefix '%.*s'",
	    (int)(len > 64 ? 64 : len), s);
	return false;
}

/* The ip list identity cell: a number, a reserved name, or a label. */
static void
ip_list_identity(struct ctx *c, struct ipcache_entry *e, const char *s,
    size_t len)
{
	long rid;

	if (cmdtext_u32(s, len, &e->identity)) {
		e->has_identity = true;
		return;
	}
	rid = cmdtext_reserved_identity(s, len);
	if (rid >= 0 && c->nlbl == 0) {
		char buf[64];
		int n;

		e->has_identity = true;
		e->identity = (uint32_t)rid;
		if (!cmdtext_has_prefix(s, len, "reserved:")) {
			n = snprintf(buf, sizeof(buf), "reserved:%.*s",
			    (int)len, s);
			add_label(c, buf, (size_t)n);
			return;
		}
	} else {
		/* A second label: the identity is no reserved one. */
		e->has_identity = e->has_identity && c->nlbl == 0 &&
		    rid >= 0;
	}
	add_label(c, s, len);
}

static bool
header_line(struct ctx *c, const char *line, size_t len)
{
	struct cmdtext_header h;

	if (cmdtext_find(line, len, "IDENTITY") == NULL ||
	    cmdtext_header_parse(line, len, &h) < 2)
		return false;
	if (strcmp(h.title[0], "IP PREFIX/ADDRESS") == 0) {
		c->bpf = true;
		c->c_ip = 0;
		c->c_id = cmdtext_header_find(&h, "IDENTITY");
		c->c_src = c->c_host = c->c_key = -1;
	} else if (strcmp(h.title[0], "IP") == 0) {
		c->bpf = false;
		c->c_ip = 0;
		c->c_id = cmdtext_header_find(&h, "IDENTITY");
		c->c_src = cmdtext_header_find(&h, "SOURCE");
		c->c_host = cmdtext_header_find(&h, "HOST");
		c->c_key = cmdtext_header_find(&h, "ENCRYPT_KEY");
	} else {
		return false;
	}
	if (c->c_id < 0)
		return false;
	c->h = h;
	c->in_table = true;
	return true;
}

static void
table_row(struct ctx *c, const char *line, size_t len, unsigned long lineno)
{
	struct cmdtext_cell cells[CMDTEXT_MAX_COLS];
	const struct cmdtext_cell *ip, *id;
	struct ipcache_entry *e;
	bool misaligned;

	cmdtext_row_split(&c->h, line, len, cells, &misaligned);
	ip = &cells[c->c_ip];
	id = &cells[c->c_id];
	if (ip->len == 0) {
		/* Continuation: another label, or another map value. */
		if (id->len == 0 || c->n == 0)
			return;
		if (!c->bpf) {
			ip_list_identity(c, &c->v[c->n - 1], id->s, id->len);
			return;
		}
		ip = NULL;
	}
	if (c->bpf) {
		const char *prev = c->n > 0 ? c->v[c->n - 1].prefix : NULL;
		struct ipcache_entry tmp;

		memset(&tmp, 0, sizeof(tmp));
		tmp.line = lineno;
		if (ip == NULL) {
			tmp = c->v[c->n - 1];
			tmp.line = lineno;
			tmp.prefix = prev;
		} else if (!set_prefix(c, &tmp, ip->s, ip->len, lineno)) {
			return;
		}
		tmp.has_identity = tmp.has_encrypt_key = tmp.has_node_id =
		    false;
		tmp.tunnel_endpoint = tmp.flags = NULL;
		if (!ipcache_value_parse(c->st, id->s, id->len, &tmp)) {
			cmdtext_row_error(&c->in.errs, c->diags, c->path,
			    lineno, "cannot parse ipcache entry: bad value "
			    "'%.*s'%s",
			    (int)(id->len > 80 ? 80 : id->len), id->s,
			    misaligned ? " (row not aligned with the header)" :
			    "");
			return;
		}
		e = add_entry(c, lineno);
		*e = tmp;
		return;
	}
	e = add_entry(c, lineno);
	if (!set_prefix(c, e, ip->s, ip->len, lineno)) {
		c->n--;
		return;
	}
	if (id->len > 0)
		ip_list_identity(c, e, id->s, id->len);
	if (c->c_src >= 0 && cells[c->c_src].len > 0)
		e->source = intern_n(c->st, cells[c->c_src].s,
		    cells[c->c_src].len);
	if (c->c_host >= 0 && cells[c->c_host].len > 0)
		e->host_ip = endpoint_or_null(c->st, cells[c->c_host].s,
		    cells[c->c_host].len);
	if (c->c_key >= 0 && cells[c->c_key].len > 0) {
		uint32_t k;

		if (cmdtext_u32(cells[c->c_key].s, cells[c->c_key].len, &k) &&
		    k <= 255) {
			e->has_encrypt_key = true;
			e->encrypt_key = (uint8_t)k;
		}
	}
}

/* A content line of a table output (cmdtext_stream_ops.line). */
static void
text_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	struct ctx *c = ctx;
	const char *s = line;
	size_t n = len;

	cmdtext_trim(&s, &n);
	if (cmdtext_has_prefix(s, n, "No entries found") ||
	    (n == 4 && memcmp(s, "null", 4) == 0)) {
		c->empty_notice = true;
		return;
	}
	if ((cmdtext_has_prefix(line, len, "IP PREFIX/ADDRESS") ||
	    cmdtext_has_prefix(line, len, "IP ")) && header_line(c, line, len))
		return;
	if (c->in_table)
		table_row(c, line, len, lineno);
}

/* Tables have no JSON document inside: JSON is read whole, see below. */
static const struct cmdtext_stream_ops text_ops = { NULL, NULL, text_line };

static const char *
jstr(json_t *o, const char *key, size_t *lenp)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		return NULL;
	*lenp = json_string_length(v);
	return json_string_value(v);
}

static const char *
jintern(struct ctx *c, json_t *o, const char *key)
{
	size_t len;
	const char *s = jstr(o, key, &len);

	return s != NULL && len > 0 ? intern_n(c->st, s, len) : NULL;
}

static void
ip_list_json(struct ctx *c, json_t *arr, const char *text, size_t tlen)
{
	size_t i, n = json_array_size(arr);
	unsigned long *lines = xcalloc(n + 1, sizeof(*lines));
	json_t *o;

	cmdtext_json_array_lines(text, tlen, NULL, lines, n);
	json_array_foreach(arr, i, o) {
		struct ipcache_entry *e;
		json_t *id, *md, *key;
		const char *cidr;
		size_t clen;

		if (!json_is_object(o) ||
		    (cidr = jstr(o, "cidr", &clen)) == NULL) {
			cmdtext_row_error(&c->in.errs, c->diags, c->path,
			    lines[i], "cannot parse ip list entry %zu: no cidr",
			    i);
			continue;
		}
		e = add_entry(c, lines[i]);
		if (!set_prefix(c, e, cidr, clen, lines[i])) {
			c->n--;
			continue;
		}
		id = json_object_get(o, "identity");
		if (json_is_integer(id) && json_integer_value(id) >= 0 &&
		    json_integer_value(id) <= UINT32_MAX) {
			e->has_identity = true;
			e->identity = (uint32_t)json_integer_value(id);
		}
		{
			size_t hl;
			const char *h = jstr(o, "hostIP", &hl);

			if (h != NULL)
				e->host_ip = endpoint_or_null(c->st, h, hl);
		}
		key = json_object_get(o, "encryptKey");
		if (json_is_integer(key) && json_integer_value(key) >= 0 &&
		    json_integer_value(key) <= 255) {
			e->has_encrypt_key = true;
			e->encrypt_key = (uint8_t)json_integer_value(key);
		}
		md = json_object_get(o, "metadata");
		if (json_is_object(md)) {
			e->source = jintern(c, md, "source");
			e->namespace = jintern(c, md, "namespace");
			e->pod_name = jintern(c, md, "name");
		}
	}
	free(lines);
}

/* The line of the next occurrence of "key" after *pos in text. */
static unsigned long
key_line(const char *text, size_t tlen, const char *key, size_t *pos,
    unsigned long *line)
{
	size_t kl = strlen(key), i;

	for (i = *pos; i + kl + 2 <= tlen; i++) {
		if (text[i] == '\n')
			(*line)++;
		else if (text[i] == '"' && memcmp(text + i + 1, key, kl) == 0 &&
		    text[i + 1 + kl] == '"') {
			*pos = i + kl + 2;
			return *line;
		}
	}
	return 0;
}

/* bpf ipcache list -o json: {"<prefix>": ["<value>", ...], ...}. */
static void
bpf_json(struct ctx *c, json_t *obj, const char *text, size_t tlen)
{
	const char *key;
	json_t *vals, *v;
	size_t pos = 0, i;
	unsigned long line = 1;

	json_object_foreach(obj, key, vals) {
		unsigned long l = key_line(text, tlen, key, &pos, &line);

		if (!json_is_array(vals))
			continue;
		json_array_foreach(vals, i, v) {
			struct ipcache_entry *e;

			if (!json_is_string(v))
				continue;
			e = add_entry(c, l);
			if (!set_prefix(c, e, key, strlen(key), l) ||
			    !ipcache_value_parse(c->st, json_string_value(v),
			    json_string_length(v), e)) {
				if (e->family != 0)
					cmdtext_row_error(&c->in.errs, c->diags,
					    c->path, l, "cannot parse ipcache "
					    "entry: bad value '%.80s'",
					    json_string_value(v));
				c->n--;
			}
		}
	}
}

/* Does the member start (after markup and prompts) with '[' or '{'? */
static bool
looks_like_json(const struct ingest_member *m)
{
	const char *s = (const char *)m->head;
	size_t len = m->head_len, pos = 0;

	while (pos < len) {
		const char *nl = memchr(s + pos, '\n', len - pos);
		size_t end = nl != NULL ? (size_t)(nl - s) : len, i = pos;

		while (i < end && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i < end && (s[i] == '[' || s[i] == '{'))
			return true;
		/* A table header or an entry: text. */
		if (cmdtext_has_prefix(s + i, end - i, "IP "))
			return false;
		pos = end + 1;
	}
	return false;
}

static int
parse_json_member(struct ctx *c, struct ingest_member *m,
    struct ipcache_result *out)
{
	struct buf b = BUF_INIT;
	struct cmdtext ct = { false, false };
	json_t *doc = NULL;
	long off;
	int r = -1;

	if (cmdtext_slurp(m, 0, &b, c->diags) != 0)
		goto out;
	off = cmdtext_json_prepare(b.ptr, b.len, &ct, c->diags, m->path);
	if (off < 0) {
		if (!ct.seen_error)
			diag_add(c->diags, DIAG_ERROR, m->path, 0,
			    "cannot parse ipcache output: no JSON document");
		goto out;
	}
	doc = json_parse_string(m->path, b.ptr, b.len, JSON_PARSE_FIRST_VALUE,
	    c->diags);
	if (doc == NULL)
		goto out;
	if (json_is_array(doc)) {
		out->format = IPCACHE_IP_LIST_JSON;
		ip_list_json(c, doc, b.ptr, b.len);
	} else {
		out->format = IPCACHE_BPF_LIST;
		bpf_json(c, doc, b.ptr, b.len);
	}
	r = 0;
out:
	json_decref(doc);
	buf_release(&b);
	return r;
}

int
art_ipcache_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct ipcache_result *out)
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

	if (looks_like_json(m)) {
		r = parse_json_member(&c, m, out);
	} else {
		cmdtext_stream_read(&c.in, m, CMDTEXT_MAX_LINE,
		    "ipcache entry", &text_ops, &c);
		out->format = c.bpf ? IPCACHE_BPF_LIST : IPCACHE_IP_LIST_TEXT;
		if (c.in_table || c.empty_notice)
			r = 0;
		else if (!c.in.ct.seen_error)
			diag_add(diags, DIAG_ERROR, m->path, 0,
			    "cannot parse ipcache output: no table header");
	}
	cmdtext_row_errors_end(&c.in.errs, diags, c.path, "ipcache entries");
	flush_labels(&c);
	if (c.n > 0)
		out->entries = arena_memdup(a, c.v, c.n * sizeof(*c.v));
	out->nentries = c.n;
	free(c.v);
	free(c.lbl);
	cmdtext_stream_release(&c.in);
	return r;
}

static bool
prefix_contains(const struct ipcache_entry *e, int family,
    const uint8_t *addr)
{
	unsigned full = e->prefix_len / 8, rest = e->prefix_len % 8;

	if (e->family != family)
		return false;
	if (memcmp(e->addr, addr, full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((e->addr[full] ^ addr[full]) & (0xff << (8 - rest))) == 0;
}

const struct ipcache_entry *
ipcache_lookup(const struct ipcache_result *r, const char *ip)
{
	const struct ipcache_entry *best = NULL;
	uint8_t addr[16];
	int family;
	size_t i;

	if (inet_pton(AF_INET, ip, addr) == 1)
		family = 4;
	else if (inet_pton(AF_INET6, ip, addr) == 1)
		family = 6;
	else
		return NULL;
	for (i = 0; i < r->nentries; i++) {
		const struct ipcache_entry *e = &r->entries[i];

		if (prefix_contains(e, family, addr) &&
		    (best == NULL || e->prefix_len > best->prefix_len))
			best = e;
	}
	return best;
}
