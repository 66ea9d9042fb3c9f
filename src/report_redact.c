/*
 * report_redact.c: `analyze --redact`, pseudonyms for the names and
 * addresses of a finished report (see report_redact.h for what is
 * replaced, what is kept and how addresses keep their prefixes).  It runs
 * after the engine and before the writers, over strings only.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "buf.h"
#include "eval.h"
#include "model.h"
#include "policy.h"
#include "report_esc.h"
#include "report_redact.h"
#include "report_view.h"
#include "xalloc.h"

enum redact_kind {
	RK_NS,
	RK_POD,
	RK_NODE,
	RK_CLUSTER,
};

static const char *const kind_name[] = { "namespace", "pod", "node",
    "cluster" };
static const char *const kind_prefix[] = { "ns", "pod", "node", "cluster" };

struct rname {
	char		*name;
	enum redact_kind kind;
	char		*pseudonym;
	uint64_t	 order;		/* keyed hash, for numbering */
	bool		 used;
};

struct raddr {
	char	*original;
	char	*pseudonym;
};

struct redactor {
	uint8_t		 key[REDACT_KEY_LEN];
	char		*key_source;
	struct rname	*names;		/* open addressing, by name */
	size_t		 nnames;
	size_t		 cap;		/* power of two */
	bool		 numbered;
	struct raddr	*addrs;
	size_t		 naddrs;
	size_t		 addrs_cap;
};

/* --- SipHash-2-4, the keyed PRF ----------------------------------------- */

#define ROTL(x, b)	(uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND do {							\
	v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);	\
	v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;				\
	v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;				\
	v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);	\
} while (0)

static uint64_t
le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint64_t
siphash(const uint8_t key[16], const void *data, size_t len)
{
	const uint8_t *in = data;
	uint64_t k0 = le64(key), k1 = le64(key + 8), m, b;
	uint64_t v0 = 0x736f6d6570736575ULL ^ k0;
	uint64_t v1 = 0x646f72616e646f6dULL ^ k1;
	uint64_t v2 = 0x6c7967656e657261ULL ^ k0;
	uint64_t v3 = 0x7465646279746573ULL ^ k1;
	size_t i, left = len & 7;

	b = (uint64_t)len << 56;
	for (i = 0; i + 8 <= len; i += 8) {
		m = le64(in + i);
		v3 ^= m;
		SIPROUND;
		SIPROUND;
		v0 ^= m;
	}
	for (m = 0; left > 0; left--)
		m |= (uint64_t)in[i + left - 1] << (8 * (left - 1));
	b |= m;
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

void
redact_key_from_seed(const char *seed, uint8_t key[REDACT_KEY_LEN])
{
	static const uint8_t k1[16] = "ctriage-seed-k1";
	static const uint8_t k2[16] = "ctriage-seed-k2";
	uint64_t a = siphash(k1, seed, strlen(seed));
	uint64_t b = siphash(k2, seed, strlen(seed));
	int i;

	for (i = 0; i < 8; i++) {
		key[i] = (uint8_t)(a >> (8 * i));
		key[8 + i] = (uint8_t)(b >> (8 * i));
	}
}

/* --- the name table ---------------------------------------------------- */

static uint64_t
name_hash(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static struct rname *
name_find(const struct redactor *rd, const char *s, size_t n)
{
	size_t i;

	if (rd->cap == 0)
		return NULL;
	for (i = name_hash(s, n) & (rd->cap - 1); rd->names[i].name != NULL;
	    i = (i + 1) & (rd->cap - 1))
		if (strlen(rd->names[i].name) == n &&
		    memcmp(rd->names[i].name, s, n) == 0)
			return &rd->names[i];
	return NULL;
}

static void
name_insert(struct redactor *rd, char *name, enum redact_kind kind)
{
	size_t i;

	for (i = name_hash(name, strlen(name)) & (rd->cap - 1);
	    rd->names[i].name != NULL; i = (i + 1) & (rd->cap - 1))
		;
	rd->names[i].name = name;
	rd->names[i].kind = kind;
	rd->nnames++;
}

static bool
kept_namespace(const char *s)
{
	return strcmp(s, "default") == 0 || strcmp(s, "kube-system") == 0 ||
	    strcmp(s, "kube-public") == 0 ||
	    strcmp(s, "kube-node-lease") == 0;
}

static void
name_add(struct redactor *rd, enum redact_kind kind, const char *s)
{
	struct rname *old;
	size_t i, ocap;

	if (s == NULL || *s == '\0' || (kind == RK_NS && kept_namespace(s)))
		return;
	if (name_find(rd, s, strlen(s)) != NULL)
		return;		/* the first kind seen wins */
	if ((rd->nnames + 1) * 2 > rd->cap) {
		old = rd->names;
		ocap = rd->cap;
		rd->cap = rd->cap ? rd->cap * 2 : 64;
		rd->names = xcalloc(rd->cap, sizeof(*rd->names));
		rd->nnames = 0;
		for (i = 0; i < ocap; i++)
			if (old[i].name != NULL)
				name_insert(rd, old[i].name, old[i].kind);
		free(old);
	}
	name_insert(rd, xstrdup(s), kind);
	rd->numbered = false;
}

struct redactor *
redactor_new(const uint8_t key[REDACT_KEY_LEN], const char *key_source)
{
	struct redactor *rd = xcalloc(1, sizeof(*rd));

	memcpy(rd->key, key, REDACT_KEY_LEN);
	rd->key_source = xstrdup(key_source);
	return rd;
}

void
redactor_free(struct redactor *rd)
{
	size_t i;

	if (rd == NULL)
		return;
	for (i = 0; i < rd->cap; i++) {
		free(rd->names[i].name);
		free(rd->names[i].pseudonym);
	}
	free(rd->names);
	for (i = 0; i < rd->naddrs; i++) {
		free(rd->addrs[i].original);
		free(rd->addrs[i].pseudonym);
	}
	free(rd->addrs);
	free(rd->key_source);
	/* The key is the secret of the mapping: do not leave it around. */
	memset(rd, 0, sizeof(*rd));
	free(rd);
}

void
redactor_add_model(struct redactor *rd, const struct model *m)
{
	size_t i;

	/* Longest match wins in words, so the order here does not matter. */
	name_add(rd, RK_CLUSTER, m->cluster);
	for (i = 0; i < m->nnodes; i++)
		name_add(rd, RK_NODE, m->nodes[i].name);
	for (i = 0; i < m->ncilium_nodes; i++)
		name_add(rd, RK_NODE, m->cilium_nodes[i].name);
	for (i = 0; i < m->inv.nnodes; i++)
		name_add(rd, RK_NODE, m->inv.nodes[i]);
	for (i = 0; i < m->nnamespaces; i++)
		name_add(rd, RK_NS, m->namespaces[i].name);
	for (i = 0; i < m->npods; i++) {
		name_add(rd, RK_NS, m->pods[i].ns);
		name_add(rd, RK_POD, m->pods[i].name);
		name_add(rd, RK_NODE, m->pods[i].node);
	}
	for (i = 0; i < m->nendpoints; i++) {
		name_add(rd, RK_NS, m->endpoints[i].ns);
		name_add(rd, RK_POD, m->endpoints[i].pod);
		name_add(rd, RK_NODE, m->endpoints[i].node);
	}
	for (i = 0; i < m->nservices; i++)
		name_add(rd, RK_NS, m->services[i].ns);
	for (i = 0; i < m->npolicies; i++)
		name_add(rd, RK_NS, m->policies[i].ns);
}

static int
order_cmp(const void *a, const void *b)
{
	const struct rname *x = *(const struct rname *const *)a;
	const struct rname *y = *(const struct rname *const *)b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Number the names of each kind in the order of their keyed hash. */
static void
number_names(struct redactor *rd)
{
	struct rname **v;
	size_t i, n = 0, seq = 0;

	if (rd->numbered)
		return;
	v = xcalloc(rd->nnames + 1, sizeof(*v));
	for (i = 0; i < rd->cap; i++)
		if (rd->names[i].name != NULL) {
			rd->names[i].order = siphash(rd->key,
			    rd->names[i].name, strlen(rd->names[i].name));
			v[n++] = &rd->names[i];
		}
	qsort(v, n, sizeof(*v), order_cmp);
	for (i = 0; i < n; i++) {
		seq = i > 0 && v[i - 1]->kind == v[i]->kind ? seq + 1 : 1;
		free(v[i]->pseudonym);
		v[i]->pseudonym = xasprintf("%s-%zu", kind_prefix[v[i]->kind],
		    seq);
	}
	free(v);
	rd->numbered = true;
}

/* --- addresses --------------------------------------------------------- */

/*
 * The prefix-preserving permutation of the bits addresses: bit i flips
 * when the PRF of (family, i, the first i bits) says so.
 */
static void
addr_map(const struct redactor *rd, int family, const uint8_t *in,
    uint8_t *out)
{
	uint8_t msg[2 + 16];
	size_t len = family == AF_INET ? 4 : 16, bits = len * 8, i, j;

	memcpy(out, in, len);
	for (i = 0; i < bits; i++) {
		memset(msg, 0, sizeof(msg));
		msg[0] = (uint8_t)(family == AF_INET ? 4 : 6);
		msg[1] = (uint8_t)i;
		for (j = 0; j < i; j++)
			if (in[j / 8] & (0x80u >> (j % 8)))
				msg[2 + j / 8] |= (uint8_t)(0x80u >> (j % 8));
		if (siphash(rd->key, msg, 2 + len) & 1)
			out[i / 8] ^= (uint8_t)(0x80u >> (i % 8));
	}
}

static void
addr_mask(uint8_t *a, size_t len, unsigned prefix)
{
	size_t i;

	for (i = prefix; i < len * 8; i++)
		a[i / 8] &= (uint8_t)~(0x80u >> (i % 8));
}

static void
addr_remember(struct redactor *rd, const char *orig, const char *pseudo)
{
	size_t i;

	for (i = 0; i < rd->naddrs; i++)
		if (strcmp(rd->addrs[i].original, orig) == 0)
			return;
	rd->addrs = xgrow(rd->addrs, &rd->addrs_cap, rd->naddrs + 1,
	    sizeof(*rd->addrs));
	rd->addrs[rd->naddrs].original = xstrdup(orig);
	rd->addrs[rd->naddrs].pseudonym = xstrdup(pseudo);
	rd->naddrs++;
}

static bool
wordch(int c)
{
	return isalnum(c) || c == '-' || c == '_' || c == '.';
}

/*
 * An address (and /prefix) at s: append its pseudonym to out and return
 * the bytes consumed, or 0 when s holds none.
 */
static size_t
try_addr(struct redactor *rd, const char *s, bool v4only, struct buf *out)
{
	char txt[64], res[INET6_ADDRSTRLEN + 8], orig[80];
	uint8_t a[16], m[16];
	size_t n = 0, end;
	int family = 0;
	unsigned long prefix = 0;
	bool has_prefix = false;
	char *e;

	/* IPv4: digits and dots. */
	while ((isdigit((unsigned char)s[n]) || s[n] == '.') && n < 20)
		n++;
	while (n > 0 && s[n - 1] == '.')
		n--;
	if (n >= 7 && n < sizeof(txt) && !isalnum((unsigned char)s[n]) &&
	    s[n] != '_' &&
	    !(s[n] == '.' && isdigit((unsigned char)s[n + 1]))) {
		memcpy(txt, s, n);
		txt[n] = '\0';
		if (inet_pton(AF_INET, txt, a) == 1)
			family = AF_INET;
	}
	if (family == 0 && v4only)
		return 0;
	if (family == 0) {
		size_t colons = 0;

		n = 0;
		while ((isxdigit((unsigned char)s[n]) || s[n] == ':' ||
		    s[n] == '.') && n < 60) {
			colons += s[n] == ':';
			n++;
		}
		while (n > 0 && (s[n - 1] == '.' || (s[n - 1] == ':' &&
		    !(n >= 2 && s[n - 2] == ':'))))
			n--;
		if (colons < 2 || n >= sizeof(txt) ||
		    isalnum((unsigned char)s[n]) || s[n] == '_')
			return 0;
		memcpy(txt, s, n);
		txt[n] = '\0';
		if (inet_pton(AF_INET6, txt, a) != 1)
			return 0;
		family = AF_INET6;
	}
	end = n;
	if (s[n] == '/' && isdigit((unsigned char)s[n + 1])) {
		prefix = strtoul(s + n + 1, &e, 10);
		if (prefix <= (family == AF_INET ? 32UL : 128UL) &&
		    !isalnum((unsigned char)*e)) {
			has_prefix = true;
			end = (size_t)(e - s);
		}
	}
	addr_map(rd, family, a, m);
	if (has_prefix)
		addr_mask(m, family == AF_INET ? 4 : 16, (unsigned)prefix);
	inet_ntop(family, m, res, INET6_ADDRSTRLEN);
	if (has_prefix) {
		size_t l = strlen(res);

		snprintf(res + l, sizeof(res) - l, "/%lu", prefix);
	}
	snprintf(orig, sizeof(orig), "%.*s", (int)end, s);
	addr_remember(rd, orig, res);
	buf_addstr(out, res);
	return end;
}

/* --- words ------------------------------------------------------------- */

static bool
ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static bool
starts_with(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(s, prefix, k) == 0;
}

/* A dotted label key (or domain) owned by Cilium or Kubernetes. */
static bool
protected_word(const char *s, size_t n)
{
	return starts_with(s, n, "io.cilium.") ||
	    starts_with(s, n, "io.kubernetes.") ||
	    ends_with(s, n, "cilium.io") || ends_with(s, n, "k8s.io") ||
	    ends_with(s, n, "kubernetes.io");
}

static void
emit_name(struct rname *x, struct buf *out)
{
	x->used = true;
	buf_addstr(out, x->pseudonym);
}

/* One dot-free part of a word: whole, else pods and nodes between dashes. */
static void
redact_part(struct redactor *rd, const char *s, size_t n, struct buf *out)
{
	struct rname *x;
	size_t p = 0, q;

	if ((x = name_find(rd, s, n)) != NULL) {
		emit_name(x, out);
		return;
	}
	while (p < n) {
		/* p is at the start or just after a dash: longest match. */
		for (q = n; q > p; q--) {
			if (q < n && s[q] != '-' && s[q] != '_')
				continue;
			if ((x = name_find(rd, s + p, q - p)) != NULL &&
			    (x->kind == RK_POD || x->kind == RK_NODE ||
			    x->kind == RK_CLUSTER))
				break;
		}
		if (q > p) {
			emit_name(x, out);
			p = q;
			continue;
		}
		while (p < n && s[p] != '-' && s[p] != '_')
			buf_addch(out, s[p++]);
		if (p < n)
			buf_addch(out, s[p++]);
	}
}

static void
redact_word(struct redactor *rd, const char *s, size_t n, struct buf *out)
{
	struct rname *x;
	size_t trail = 0, p = 0, q;

	while (n > 0 && s[n - 1] == '.') {
		n--;
		trail++;
	}
	if ((x = name_find(rd, s, n)) != NULL)
		emit_name(x, out);
	else if (protected_word(s, n))
		buf_add(out, s, n);
	else {
		while (p < n) {
			for (q = p; q < n && s[q] != '.'; q++)
				;
			redact_part(rd, s + p, q - p, out);
			if (q < n)
				buf_addch(out, '.');
			p = q + 1;
		}
	}
	buf_add(out, s + n, trail);
}

const char *
redact_string(struct redactor *rd, struct arena *a, const char *s)
{
	struct buf out = BUF_INIT;
	const char *res;
	size_t i = 0, n, k;
	int c, prev;

	if (s == NULL)
		return NULL;
	number_names(rd);
	while (s[i] != '\0') {
		c = (unsigned char)s[i];
		prev = i > 0 ? (unsigned char)s[i - 1] : 0;
		/* After a colon only IPv4: "12:30:45" holds no address. */
		if ((isxdigit(c) || c == ':') && !wordch(prev) &&
		    (n = try_addr(rd, s + i, prev == ':', &out)) > 0) {
			i += n;
			continue;
		}
		if (wordch(c) && !wordch(prev)) {
			for (k = i; wordch((unsigned char)s[k]); k++)
				;
			redact_word(rd, s + i, k - i, &out);
			i = k;
			continue;
		}
		buf_addch(&out, c);
		i++;
	}
	res = arena_strdup(a, out.ptr);
	buf_release(&out);
	return res;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
redact_item(struct report *r, struct redactor *rd, struct report_item *it)
{
	struct finding *f = &it->f;
	struct finding_subject *subj;
	struct finding_evidence *ev;
	const char **aff;
	size_t j;

	f->title = redact_string(rd, r->a, f->title);
	f->message = redact_string(rd, r->a, f->message);
	f->remediation = redact_string(rd, r->a, f->remediation);
	f->cause = redact_string(rd, r->a, f->cause);
	/* Copies: the engine's arrays stay as they were. */
	subj = arena_calloc(r->a, f->nsubjects + 1, sizeof(*subj));
	for (j = 0; j < f->nsubjects; j++) {
		subj[j].kind = f->subjects[j].kind;
		subj[j].ns = redact_string(rd, r->a, f->subjects[j].ns);
		subj[j].name = redact_string(rd, r->a, f->subjects[j].name);
	}
	f->subjects = subj;
	aff = arena_calloc(r->a, f->naffected + 1, sizeof(*aff));
	for (j = 0; j < f->naffected; j++)
		aff[j] = redact_string(rd, r->a, f->affected[j]);
	/* Sorted again, so the order does not hint at the names. */
	if (f->naffected > 1)
		qsort(aff, f->naffected, sizeof(*aff), str_cmp);
	f->affected = aff;
	ev = arena_calloc(r->a, f->nevidence + 1, sizeof(*ev));
	for (j = 0; j < f->nevidence; j++) {
		ev[j].path = redact_string(rd, r->a, f->evidence[j].path);
		ev[j].line = f->evidence[j].line;
		ev[j].excerpt = redact_string(rd, r->a,
		    f->evidence[j].excerpt);
	}
	f->evidence = ev;
}

void
report_redact(struct report *r, struct redactor *rd)
{
	struct not_evaluated *ne;
	size_t i;

	number_names(rd);
	r->redacted = true;
	r->redact_key = arena_strdup(r->a, rd->key_source);
	r->in.path = "(redacted)";
	r->in.cluster = redact_string(rd, r->a, r->in.cluster);
	for (i = 0; i < r->in.nnodes; i++)
		r->in.nodes[i] = redact_string(rd, r->a, r->in.nodes[i]);
	if (r->in.nnodes > 1)
		qsort(r->in.nodes, r->in.nnodes, sizeof(*r->in.nodes), str_cmp);
	for (i = 0; i < r->in.nskipped; i++) {
		r->in.skipped[i].path = redact_string(rd, r->a,
		    r->in.skipped[i].path);
		r->in.skipped[i].reason = redact_string(rd, r->a,
		    r->in.skipped[i].reason);
	}
	for (i = 0; i < r->n; i++)
		redact_item(r, rd, &r->v[i]);
	for (i = 0; i < r->nsuppressed; i++)
		redact_item(r, rd, &r->suppressed[i]);
	ne = arena_calloc(r->a, r->nskipped + 1, sizeof(*ne));
	for (i = 0; i < r->nskipped; i++) {
		ne[i].rule = r->skipped[i].rule;
		ne[i].reason = redact_string(rd, r->a, r->skipped[i].reason);
	}
	r->skipped = ne;
	if (r->sup != NULL)
		for (i = 0; i < r->sup->n; i++) {
			struct report_suppression *x = &r->sup->v[i];

			x->ns = redact_string(rd, r->a, x->ns);
			x->name = redact_string(rd, r->a, x->name);
			x->reason = redact_string(rd, r->a, x->reason);
			x->path = redact_string(rd, r->a, x->path);
		}
	r->redacted_names = 0;
	for (i = 0; i < rd->cap; i++)
		r->redacted_names += rd->names[i].name != NULL &&
		    rd->names[i].used;
	r->redacted_ips = rd->naddrs;
}

static int
map_cmp(const void *a, const void *b)
{
	const struct rname *x = *(const struct rname *const *)a;
	const struct rname *y = *(const struct rname *const *)b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->name, y->name);
}

int
redactor_write_map(const struct redactor *rd, FILE *out)
{
	json_t *root = json_object(), *arr, *o;
	const struct rname **v;
	size_t i, n = 0;

	json_object_set_new(root, "key", json_string(rd->key_source));
	v = xcalloc(rd->nnames + 1, sizeof(*v));
	for (i = 0; i < rd->cap; i++)
		if (rd->names[i].name != NULL && rd->names[i].used)
			v[n++] = &rd->names[i];
	qsort(v, n, sizeof(*v), map_cmp);
	arr = json_array();
	for (i = 0; i < n; i++) {
		o = json_object();
		json_object_set_new(o, "kind", json_string(kind_name[v[i]->kind]));
		json_object_set_new(o, "original", json_string(v[i]->name));
		json_object_set_new(o, "pseudonym",
		    json_string(v[i]->pseudonym));
		json_array_append_new(arr, o);
	}
	free(v);
	json_object_set_new(root, "names", arr);
	arr = json_array();
	for (i = 0; i < rd->naddrs; i++) {
		o = json_object();
		json_object_set_new(o, "original",
		    json_string(rd->addrs[i].original));
		json_object_set_new(o, "pseudonym",
		    json_string(rd->addrs[i].pseudonym));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "addresses", arr);
	return report_json_write(root, out);
}
